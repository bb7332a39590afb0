"""Tolerances relative to the payoffs: equilibrium sets do not change when payoffs are scaled."""

import json
import pathlib
import time
import warnings
from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts import _tolerance
from contracts.exceptions import InvalidGameError

CORPUS = json.loads((pathlib.Path(__file__).parents[1] / "data" / "corpus" / "corpus.json")
                    .read_text())
TWO = [c for c in CORPUS if c["players"] == 2 and c.get("finite_equilibrium_set")
       and int(np.prod(c["shape"])) <= 64]
SCALES = (1e-10, 1.0, 1e6)


def _float_payoffs(case):
    return [np.vectorize(lambda v: float(Fraction(v)))(np.array(p, dtype=object))
            for p in case["payoffs"]]


def _same_sets(a, b, tol=1e-6):
    if len(a) != len(b):
        return False
    flat = lambda e: np.concatenate([np.asarray(s, float) for s in e.strategies])  # noqa: E731
    fb = [flat(e) for e in b]
    return all(any(np.allclose(flat(e), y, atol=tol) for y in fb) for e in a)


def test_matching_pennies_scaled_1e_minus_10_has_no_pure_equilibrium():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]]) * 1e-10
    g = ct.NormalFormGame.from_bimatrix(A)
    res = ct.solve(g, method="pure")
    assert len(res) == 0 and res.complete
    assert not g.is_nash(([1, 0], [1, 0]))
    assert g.is_nash(([0.5, 0.5], [0.5, 0.5]))
    assert g.default_tol() == pytest.approx(2e-19)


@pytest.mark.parametrize("method", ["pure", "support_enumeration", "vertex_enumeration"])
def test_corpus_equilibria_unchanged_by_scaling_payoffs(method):
    changed = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in TWO:
            A, B = _float_payoffs(case)
            results = []
            for s in SCALES:
                g = ct.NormalFormGame.from_bimatrix(A * s, B * s)
                res = ct.solve(g, method=method)
                assert all(e.regret <= g.default_tol() for e in res)
                results.append(res)
            if not (_same_sets(results[0], results[1]) and _same_sets(results[2], results[1])
                    and results[0].complete == results[1].complete == results[2].complete):
                changed.append(case["name"])
    assert changed == []


def test_corpus_equilibria_unchanged_by_scaling_lemke_howson_all():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in TWO[:25]:
            A, B = _float_payoffs(case)
            sets = [ct.solve(ct.NormalFormGame.from_bimatrix(A * s, B * s),
                             method="lemke_howson_all") for s in SCALES]
            assert _same_sets(sets[0], sets[1]) and _same_sets(sets[2], sets[1]), case["name"]


def test_pure_on_nplayer_corpus_unchanged_by_scaling():
    for case in CORPUS:
        if not isinstance(case["players"], int) or case["players"] < 3:
            continue
        P = _float_payoffs(case)
        counts = [len(ct.solve(ct.NormalFormGame([p * s for p in P]), method="pure"))
                  for s in SCALES]
        assert counts[0] == counts[1] == counts[2], case["name"]


def test_tolerance_rule_is_homogeneous_with_a_machine_precision_floor():
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    base = _tolerance.regret_tol([A, A.T])
    assert base == pytest.approx(5e-9)
    for s in (1e-200, 1e-10, 1e6, 1e200):
        assert _tolerance.regret_tol([A * s, A.T * s]) == pytest.approx(base * s, rel=1e-12)
    # payoffs that differ only in the last digits of a large offset: the floor covers rounding
    big = np.array([[1e8, 1e8 + 1e-7], [1e8, 1e8]])
    assert _tolerance.regret_tol([big, big]) >= 64 * np.finfo(float).eps * 1e8


def test_zero_sum_test_is_relative():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]]) * 1e-10
    assert ct.NormalFormGame.from_bimatrix(A).is_zero_sum()
    assert not ct.NormalFormGame.from_bimatrix(A, -A + 1e-11).is_zero_sum()


def test_subnormal_payoffs_no_silently_wrong_complete_result():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]]) * 1e-320        # subnormal
    g = ct.NormalFormGame.from_bimatrix(A)
    # pure compares without arithmetic: still right
    assert len(ct.solve(g, method="pure")) == 0
    for method in ("support_enumeration", "vertex_enumeration"):
        try:
            res = ct.solve(g, method=method)
        except InvalidGameError as exc:
            assert "too small" in str(exc)
        else:   # if a solver answers, it must be right: the mixed equilibrium, or not complete
            assert (len(res) == 1 and np.allclose(res[0].strategies[0], [0.5, 0.5])) \
                or not res.complete
    exact = ct.solve(g, method="support_enumeration", exact=True)
    assert len(exact) == 1 and exact[0].strategies[0][0] == Fraction(1, 2)


def test_exact_all_zero_6x6x6x6_pure_in_about_the_float_time():
    g = ct.NormalFormGame([np.zeros((6, 6, 6, 6))] * 4, exact=True)
    t0 = time.perf_counter()
    res = ct.solve(g, method="pure")
    exact_time = time.perf_counter() - t0
    assert len(res) == 6 ** 4 and res.exact and all(e.regret == 0 for e in res)
    t0 = time.perf_counter()
    assert len(ct.solve(g.as_float(), method="pure")) == 6 ** 4
    float_time = time.perf_counter() - t0
    # not a timing assertion on the machine, a ratio guard against exact contractions per profile
    assert exact_time < 10 * float_time + 2.0


def test_exact_pure_verification_is_exact():
    # payoffs that floats cannot tell apart: 1 + 1e-30 vs 1
    tiny = Fraction(1, 10 ** 30)
    g = ct.NormalFormGame.from_bimatrix([[1 + tiny, 0], [1, 0]], [[1, 1], [0, 0]], exact=True)
    res = ct.solve(g, method="pure")
    assert [e.support for e in res] == [((0,), (0,)), ((0,), (1,)), ((1,), (1,))]
    assert all(e.regret == 0 for e in res)


def test_pure_limit_returns_the_first_equilibria_marked_incomplete():
    g = ct.NormalFormGame([np.zeros((4, 4, 4))] * 3, exact=True)
    res = ct.solve(g, method="pure", limit=5)
    assert len(res) == 5 and not res.complete and "64 pure equilibria" in res.message

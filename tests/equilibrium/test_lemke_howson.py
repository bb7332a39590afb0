"""Lemke–Howson (contracts.equilibrium.lemke_howson): corpus answers, pivots, degeneracy,
cross-checks against nashpy and QuantEcon, bad input."""

from __future__ import annotations

import importlib
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

import contracts as ct
from contracts.equilibrium.lemke_howson import lemke_howson, lemke_howson_all
from contracts.exceptions import (DegenerateGameWarning, InvalidGameError, InvalidParameterError,
                                  UnsupportedGameError)
from conftest import load_corpus

lhmod = importlib.import_module("contracts.equilibrium.lemke_howson")

CORPUS = load_corpus()
NASH_2P = [c for c in CORPUS if c["category"] == "nash_2p"]
LH_BENCH = next(c for c in CORPUS if c["name"] == "lh_path_lengths_6x6_long_paths")


def _game(case, exact=True):
    A, B = case["payoffs"]
    return ct.NormalFormGame.from_bimatrix(A, B, exact=exact)


def _known(case):
    return {tuple(tuple(Fraction(v) for v in s) for s in eq) for eq in case["equilibria"]}


def _key(eq):
    return tuple(tuple(s) for s in eq.strategies)


def _close_to_known(eq, known, tol=1e-9):
    xs = [np.asarray(s, float) for s in eq.strategies]
    return any(all(np.max(np.abs(x - np.array([float(v) for v in s]))) <= tol
                   for x, s in zip(xs, k)) for k in known)


@pytest.fixture(autouse=True)
def _quiet_degenerate():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        yield


# ----------------------------------------------------------------------------------------------
# corpus: every path ends at a known extreme equilibrium
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", NASH_2P, ids=[c["name"] for c in NASH_2P])
def test_corpus_every_label_reaches_a_known_extreme_equilibrium(case):
    known = _known(case)
    g = _game(case)
    gf = _game(case, exact=False)
    m, n = g.num_actions
    for k in range(m + n):
        ex = lemke_howson(g, init=k, exact=True)
        assert ex.exact and ex.converged and len(ex) == 1, (case["name"], k, ex)
        assert _key(ex[0]) in known, (case["name"], k, ex[0])   # exactly equal
        assert ex.max_regret == 0
        fl = lemke_howson(gf, init=k)
        assert len(fl) == 1 and not fl.exact
        assert _close_to_known(fl[0], known), (case["name"], k, fl[0])
        # float and exact paths are the same path (same lexicographic rule, same scaling)
        assert fl.iterations == ex.iterations


NONDEG = [c for c in NASH_2P if c.get("lh_accessible_extreme") is not None and not c["degenerate"]]
DEG = [c for c in NASH_2P if c.get("lh_accessible_extreme") is not None and c["degenerate"]]


@pytest.mark.parametrize("case", NONDEG, ids=[c["name"] for c in NONDEG])
def test_corpus_lh_accessible_count_nondegenerate(case):
    """The LH graph component of the artificial equilibrium (field lh_accessible_extreme,
    from Gambit's lcp_solve) — exact and float."""
    known = _known(case)
    res = lemke_howson_all(_game(case), exact=True)
    assert len(res) == case["lh_accessible_extreme"]
    assert all(_key(e) in known for e in res)
    resf = lemke_howson_all(_game(case, exact=False))
    assert len(resf) == case["lh_accessible_extreme"]
    assert all(_close_to_known(e, known) for e in resf)


@pytest.mark.parametrize("case", DEG, ids=[c["name"] for c in DEG])
def test_corpus_lh_accessible_degenerate(case):
    """In degenerate games which equilibria LH reaches depends on how ties are broken
    (Gambit's count is not a property of the game), so only check soundness: every
    equilibrium is a known extreme one, exact and float agree, the result says degenerate."""
    known = _known(case)
    res = lemke_howson_all(_game(case), exact=True)
    assert 1 <= len(res) <= case["extreme_count"]
    assert all(_key(e) in known for e in res)
    resf = lemke_howson_all(_game(case, exact=False))
    assert len(resf) == len(res)
    assert res.extra["pivots_per_label"] == resf.extra["pivots_per_label"]


def test_lh_accessible_without_traversal_is_at_most_labels():
    case = next(c for c in NASH_2P if c["name"] == "coordination_identity_5x5")
    full = lemke_howson_all(_game(case), exact=True)
    assert len(full) == 31                                   # whole component (Gambit: 31)
    first = lemke_howson_all(_game(case), exact=True, traverse=False)
    assert len(first) <= 10 and set(map(_key, first)) <= set(map(_key, full))
    assert len(first.extra["pivots_per_label"]) == 10


def test_lh_inaccessible_equilibria_are_not_reached():
    # gambit_todd2: 3 equilibria, only 1 accessible by LH
    case = next(c for c in NASH_2P if c["name"] == "gambit_todd2")
    res = lemke_howson_all(_game(case), exact=True)
    assert len(res) == 1 and case["extreme_count"] == 3
    assert not res.complete


# ----------------------------------------------------------------------------------------------
# pivot counts
# ----------------------------------------------------------------------------------------------
def test_pivot_counts_match_benchmark_metadata():
    """lh_path_lengths_6x6_long_paths: pivots per label from QuantEcon's num_iter (which counts
    every pivot including the last, as we do)."""
    g = ct.NormalFormGame.from_bimatrix(*LH_BENCH["payoffs"])
    counts = [lemke_howson(g, init=k).iterations for k in range(12)]
    assert counts == LH_BENCH["lh_pivots_per_label"]
    exact_counts = lemke_howson_all(g, exact=True, traverse=False).extra["pivots_per_label"]
    assert exact_counts == LH_BENCH["lh_pivots_per_label"]
    x, y = lemke_howson(g, init=0, exact=True)[0].strategies
    want = LH_BENCH["equilibria"][0]
    assert list(x) == [Fraction(v) for v in want[0]]
    assert list(y) == [Fraction(v) for v in want[1]]


def test_pivot_counts_random_6x6_seed0():
    """The metadata's random_6x6_seed0 game is QuantEcon's random_game((6, 6), random_state=0):
    player 0's array, then player 1's (own action first), from RandomState(0)."""
    rng = np.random.RandomState(0)
    A = rng.random((6, 6))
    B = rng.random((6, 6)).T
    g = ct.NormalFormGame.from_bimatrix(A, B)
    counts = [lemke_howson(g, init=k).iterations for k in range(12)]
    assert counts == LH_BENCH["random_6x6_seed0_pivots_per_label"]


# ----------------------------------------------------------------------------------------------
# degenerate games terminate (lexicographic rule); representations agree
# ----------------------------------------------------------------------------------------------
small_int_games = hst.tuples(hst.integers(1, 5), hst.integers(1, 5), hst.integers(0, 10 ** 6)).map(
    lambda t: (np.random.default_rng(t[2]).integers(0, 3, (t[0], t[1])),
               np.random.default_rng(t[2] + 1).integers(0, 3, (t[0], t[1]))))


@settings(max_examples=60, deadline=None)
@given(small_int_games)
def test_degenerate_games_terminate_exact_and_float(AB):
    A, B = AB
    g = ct.NormalFormGame.from_bimatrix(A, B)
    m, n = g.num_actions
    for k in range(m + n):
        ex = lemke_howson(g, init=k, exact=True, max_iter=10_000)
        assert ex.converged and len(ex) == 1 and ex.max_regret == 0
        fl = lemke_howson(g, init=k, max_iter=10_000)
        assert fl.converged and len(fl) == 1
        assert fl.iterations == ex.iterations
        for a, b in zip(fl[0].strategies, ex[0].strategies):
            np.testing.assert_allclose(a, np.asarray(b, float), atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(small_int_games)
def test_revised_and_dictionary_states_take_the_same_pivots(AB):
    """The small-support (revised) state used by one_equilibrium follows exactly the same
    lexicographic path as the dictionary, ties included."""
    A, B = (np.asarray(M, float) for M in AB)
    m, n = A.shape
    Af, Bf = lhmod._float_positive(A), lhmod._float_positive(B)
    dense0 = lhmod._FloatState.initial(Af, Bf)
    small0 = lhmod._SmallState.initial(Af, Bf)
    for k in range(m + n):
        p1 = lhmod._Path(dense0.copy(), k)
        p1.advance(10_000)
        p2 = lhmod._Path(small0.copy(), k)
        p2.advance(10_000)
        assert p1.done and p2.done and p1.pivots == p2.pivots
        assert p1.state.key() == p2.state.key()
        # switching representation mid-path changes nothing
        p3 = lhmod._Path(small0.copy(), k)
        p3.advance(2)
        if not p3.done and p3.is_small:
            p3.state = p3.state.dense()
            p3.advance(10_000)
            assert p3.pivots == p1.pivots and p3.state.key() == p1.state.key()


@settings(max_examples=25, deadline=None)
@given(hst.integers(0, 10 ** 6), hst.floats(0.1, 10), hst.floats(-5, 5))
def test_invariant_under_positive_affine_transform_and_relabelling(seed, a, b):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(1, 6, 2)
    A, B = rng.integers(-3, 4, (m, n)), rng.integers(-3, 4, (m, n))
    g = ct.NormalFormGame.from_bimatrix(A, B, exact=True)
    h = ct.NormalFormGame.from_bimatrix(A * Fraction(a) + Fraction(b), B, exact=True)
    for k in range(m + n):
        r1, r2 = lemke_howson(g, init=k, exact=True), lemke_howson(h, init=k, exact=True)
        assert _key(r1[0]) == _key(r2[0]) and r1.iterations == r2.iterations
    # relabelling: the set of LH-accessible equilibria maps to the relabelled game's
    pr, pc = rng.permutation(m), rng.permutation(n)
    gp = g.permute_actions([pr, pc])
    s1 = {_key(e) for e in lemke_howson_all(g, exact=True)}
    s2 = {(tuple(x[np.argsort(pr)]), tuple(y[np.argsort(pc)]))
          for x, y in (tuple(e.strategies) for e in lemke_howson_all(gp, exact=True))}
    if not g.is_degenerate():
        assert s1 == s2


def test_exact_result_types_and_float_game_exact_mode():
    g = ct.NormalFormGame.from_bimatrix([[0.5, 0.1], [0.2, 0.3]], [[0.3, 0.2], [0.1, 0.5]])
    res = lemke_howson(g, init=1, exact=True)
    x, y = res[0].strategies
    assert all(isinstance(v, Fraction) for v in (*x, *y))
    assert sum(x) == 1 and sum(y) == 1 and res.max_regret == 0
    # payoffs read as decimals: the mixed equilibrium has weights 4/5 and 2/5 exactly
    found = {_key(e) for e in lemke_howson_all(g, exact=True)}
    F = Fraction
    assert ((F(4, 5), F(1, 5)), (F(2, 5), F(3, 5))) in found
    assert ((F(1), F(0)), (F(1), F(0))) in found and len(found) == 3
    assert res.method == "lemke_howson" and res.extra["init"] == 1


def test_degenerate_flag_and_single_warning():
    g = ct.NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 1], [1, 1]])
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        res = lemke_howson(g, init=0)
    assert res.degenerate is True and len(res) == 1
    assert sum(issubclass(w.category, DegenerateGameWarning) for w in rec) == 1


def test_max_iter_cut_reports_not_converged():
    g = ct.NormalFormGame.from_bimatrix(*LH_BENCH["payoffs"])
    res = lemke_howson(g, init=0, max_iter=10)
    assert not res.converged and len(res) == 0 and res.iterations == 10
    assert "max_iter" in res.message
    allr = lemke_howson_all(g, max_iter=10)
    assert not allr.converged


def test_float_verification_fallbacks(monkeypatch):
    """A float path whose profile fails verification is polished, and if that fails too it is
    recomputed exactly."""
    g = ct.NormalFormGame.from_bimatrix(*LH_BENCH["payoffs"])
    _, st = lhmod._prepare(g, False)
    p = lhmod._Path(st, 3)
    p.advance(1000)
    prof, how = lhmod._finish_float(g, p.state, 3, 1e-9, 1000)
    assert how == "float"
    x, y = prof
    A, B = (M.astype(float) for M in g.bimatrix)
    noisy = (x + 1e-4 * (x > 0), y)
    pol = lhmod._polish(A, B, *(np.asarray(v) / np.sum(v) for v in noisy))
    assert lhmod._float_regret(A, B, *pol) < 1e-12
    monkeypatch.setattr(lhmod, "_polish", lambda *a: None)
    prof2, how2 = lhmod._finish_float(g, p.state, 3, -1.0, 1000)   # nothing passes tol < 0
    assert how2 == "exact"
    np.testing.assert_allclose(prof2[0], x, atol=1e-12)


# ----------------------------------------------------------------------------------------------
# cross-checks (test-only dependencies)
# ----------------------------------------------------------------------------------------------
def _random_games(count, sizes=(2, 3, 4, 5, 6)):
    rng = np.random.default_rng(2024)
    for _ in range(count):
        m, n = rng.choice(sizes, 2)
        yield rng.random((m, n)), rng.random((m, n))


def test_crosscheck_nashpy_lemke_howson():
    nash = pytest.importorskip("nashpy")
    compared = 0
    for A, B in _random_games(12):
        g = ct.NormalFormGame.from_bimatrix(A, B)
        ng = nash.Game(A, B)
        m, n = A.shape
        for k in range(m + n):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    x, y = ng.lemke_howson(initial_dropped_label=k)
                except Exception:
                    continue
            if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))) or not g.is_nash((x, y)):
                continue           # nashpy fails on some paths; we only compare its successes
            ours = lemke_howson(g, init=k)[0].strategies
            np.testing.assert_allclose(ours[0], x, atol=1e-8)
            np.testing.assert_allclose(ours[1], y, atol=1e-8)
            compared += 1
    assert compared >= 40


def test_crosscheck_quantecon_lemke_howson():
    """Same equilibrium and the same pivot count as QuantEcon (numba; compiled once here)."""
    gt = pytest.importorskip("quantecon.game_theory")
    compared = 0
    games = list(_random_games(6)) + [(np.random.default_rng(1030).random((30, 30)),
                                       np.random.default_rng(1031).random((30, 30)))]
    for A, B in games:
        qg = gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))
        g = ct.NormalFormGame.from_bimatrix(A, B)
        m, n = A.shape
        for k in range(m + n):
            (x, y), info = gt.lemke_howson(qg, init_pivot=k, full_output=True)
            if not info.converged:
                continue
            res = lemke_howson(g, init=k)
            np.testing.assert_allclose(res[0].strategies[0], x, atol=1e-8)
            np.testing.assert_allclose(res[0].strategies[1], y, atol=1e-8)
            assert res.iterations == info.num_iter
            compared += 1
    assert compared >= 60


# ----------------------------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------------------------
def test_bad_input():
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    three = ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 2, 3)))
    one = ct.NormalFormGame([[1.0, 2.0]])
    for bad_game in (three, one):
        with pytest.raises(UnsupportedGameError, match="lemke_howson"):
            lemke_howson(bad_game)
        with pytest.raises(UnsupportedGameError, match="lemke_howson_all"):
            lemke_howson_all(bad_game)
    with pytest.raises(InvalidGameError, match="NormalFormGame"):
        lemke_howson([[1, 0], [0, 1]])
    for init in (-1, 4, 1.5, True, "0", None):
        with pytest.raises(InvalidParameterError, match="init"):
            lemke_howson(g, init=init)
    for max_iter in (0, -3, 2.5):
        with pytest.raises(InvalidParameterError, match="max_iter"):
            lemke_howson(g, max_iter=max_iter)
        with pytest.raises(InvalidParameterError, match="max_iter"):
            lemke_howson_all(g, max_iter=max_iter)
    for tol in (-1e-3, float("nan"), "small"):
        with pytest.raises(InvalidParameterError, match="tol"):
            lemke_howson(g, tol=tol)
    assert lemke_howson(g, init=np.int64(3)).extra["init"] == 3


def test_one_by_n_and_constant_games():
    g = ct.NormalFormGame.from_bimatrix([[1, 2, 3]], [[3, 1, 3]])
    res = lemke_howson_all(g, exact=True)
    assert {_key(e) for e in res} <= {((Fraction(1),), (Fraction(1), Fraction(0), Fraction(0))),
                                      ((Fraction(1),), (Fraction(0), Fraction(0), Fraction(1)))}
    for k in range(4):
        assert lemke_howson(g, init=k, exact=True).max_regret == 0
    c = ct.NormalFormGame.from_bimatrix([[2, 2], [2, 2]], [[5, 5], [5, 5]])
    assert len(lemke_howson_all(c, exact=True)) >= 1

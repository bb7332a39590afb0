"""Long work takes a time budget (``max_time``): on expiry it returns the verified equilibria
found so far, marked incomplete, with a message naming the budget; ``progress=True`` shows a
tqdm bar. The elapsed-time bounds below are hang guards (generous), not benchmarks."""

import builtins
import time
from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts._budget import WorkMeter
from contracts.equilibrium.lemke_howson import lemke_howson_all
from contracts.equilibrium.pure import pure_nash
from contracts.equilibrium.support_enumeration import support_enumeration
from contracts.equilibrium.vertex_enumeration import vertex_enumeration
from contracts.exceptions import InvalidParameterError
from contracts.games.generators import coordination_game


def _random(n, seed=0):
    rng = np.random.default_rng(seed)
    return ct.NormalFormGame.from_bimatrix(rng.random((n, n)), rng.random((n, n)))


def _tied_exact(n=8, players=4):
    """An exact game whose payoffs are all 1/3: every profile is a pure equilibrium, and none
    is decided by the float pass (1/3 is not a float), so each is compared exactly."""
    arr = np.full((n,) * players, Fraction(1, 3), dtype=object)
    return ct.NormalFormGame([arr] * players)


def _assert_cut_short(res, game, where, sample=None):
    assert res.complete is False and res.converged is False
    assert f"{where}: time budget max_time=0.2 s ran out after" in res.message
    eqs = list(res) if sample is None else list(res)[:sample] + list(res)[-sample:]
    for eq in eqs:
        assert game.is_nash(eq.strategies)         # the returned ones are equilibria


def test_support_enumeration_12x12_stops_at_the_budget():
    g = _random(12)             # ~2.7e6 support pairs: several seconds without a budget
    t0 = time.perf_counter()
    res = ct.solve(g, method="support_enumeration", max_time=0.2)
    assert time.perf_counter() - t0 < 4
    _assert_cut_short(res, g, "support_enumeration")
    assert "of about 2.7e+06 support pairs" in res.message
    assert len(res) >= 1        # the pure equilibria come in the first batch


def test_lemke_howson_all_coordination_12_stops_at_the_budget():
    g = coordination_game(12)   # 4095 equilibria, ~98,000 label paths: ~11 s without a budget
    t0 = time.perf_counter()
    res = ct.solve(g, method="lemke_howson_all", max_time=0.2)
    assert time.perf_counter() - t0 < 8       # a hang guard: ~11 s without the budget
    _assert_cut_short(res, g, "lemke_howson_all")
    assert "label paths" in res.message
    assert 1 <= len(res) < 4095


def test_dedupe_profiles_keeps_first_of_near_duplicates():
    # 1023 distinct mixed equilibria of coordination_game(10), each given twice: the
    # duplicates go, first occurrences stay in order
    from contracts.results import dedupe_profiles
    g = coordination_game(10)
    profs = [eq.strategies for eq in ct.solve(g, method="vertex_enumeration")]
    assert len(profs) == 1023
    out = dedupe_profiles(profs + [tuple(s + 1e-10 for s in p) for p in profs])
    assert len(out) == 1023 and all(a is b for a, b in zip(out, profs))


def test_pure_nash_exact_ties_stop_at_the_budget():
    g = _tied_exact()           # 4096 profiles compared exactly
    t0 = time.perf_counter()
    res = ct.solve(g, method="pure", max_time=0.2)
    assert time.perf_counter() - t0 < 4
    if not res.converged:      # a very fast machine may finish within 0.2 s
        _assert_cut_short(res, g, "pure_nash", sample=5)     # exact checks are slow here
        assert "of about 4.1e+03 pure profiles" in res.message
        assert 0 < len(res) < 4096
        # every profile is an equilibrium: those found are the first, in lexicographic order
        first = [tuple((a,) for a in idx) for _, idx in zip(range(len(res)), np.ndindex(g.num_actions))]
        assert [eq.support for eq in res] == first


def test_vertex_enumeration_budget_expired_after_first_stage():
    g = coordination_game(6)
    for exact in (False, True):
        res = vertex_enumeration(g, exact=exact, max_time=1e-9)
        assert res.complete is False and res.converged is False
        assert "vertex_enumeration: time budget max_time=1e-09 s ran out after" in res.message
        assert "vertices" in res.message
        for eq in res:
            assert g.is_nash(eq.strategies)


@pytest.mark.parametrize("func", [support_enumeration, vertex_enumeration, lemke_howson_all])
@pytest.mark.parametrize("exact", [False, True])
def test_generous_budget_and_progress_change_nothing(func, exact):
    g = coordination_game(4)
    base = func(g, exact=exact)
    res = func(g, exact=exact, max_time=1000.0, progress=True)
    assert len(res) == len(base) and res.complete == base.complete
    assert res.converged == base.converged and "time budget" not in res.message
    for a, b in zip(base, res):
        for x, y in zip(a.strategies, b.strategies):
            assert np.allclose(np.asarray(x, float), np.asarray(y, float))


def test_generous_budget_pure_and_support_random():
    g = _random(6, seed=3)
    assert len(support_enumeration(g, max_time=1000.0)) == len(support_enumeration(g))
    h = _tied_exact(4, 3)
    base, res = pure_nash(h), pure_nash(h, max_time=1000.0, progress=True)
    assert res.complete and res.converged and len(res) == len(base) == 64


def test_solve_passes_max_time_and_progress_without_warning(recwarn):
    g = coordination_game(3)
    for method in ("support_enumeration", "vertex_enumeration", "lemke_howson_all", "pure"):
        ct.solve(g, method=method, max_time=1000.0, progress=False)
    assert not [w for w in recwarn if "ignores option" in str(w.message)]


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), "1", True])
def test_bad_max_time_is_a_named_error(bad):
    with pytest.raises(InvalidParameterError, match=r"^support_enumeration: max_time"):
        support_enumeration(coordination_game(2), max_time=bad)


def test_bad_progress_is_a_named_error():
    with pytest.raises(InvalidParameterError, match=r"^pure_nash: progress must be"):
        pure_nash(coordination_game(2), progress="yes")


def test_progress_without_tqdm_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def no_tqdm(name, *args, **kwargs):
        if name.startswith("tqdm"):
            raise ImportError("No module named 'tqdm'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    with pytest.raises(ImportError, match=r"lemke_howson_all\(progress=True\) needs tqdm.*"
                                          r"'progress' extra"):
        lemke_howson_all(coordination_game(2), progress=True)


def test_keyboard_interrupt_propagates_from_the_loop(monkeypatch):
    """Ctrl-C inside the loop is not swallowed: the meter's check raises it through."""
    calls = []

    def interrupt(self, n=1):
        calls.append(n)
        raise KeyboardInterrupt

    monkeypatch.setattr(WorkMeter, "check", interrupt)
    for run in (lambda: support_enumeration(coordination_game(4)),
                lambda: lemke_howson_all(coordination_game(4)),
                lambda: vertex_enumeration(coordination_game(4)),
                lambda: pure_nash(_tied_exact(3, 3))):
        with pytest.raises(KeyboardInterrupt):
            run()
    assert len(calls) == 4

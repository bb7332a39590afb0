"""one_equilibrium (contracts.equilibrium.one): the fastest route to one verified equilibrium."""

from __future__ import annotations

import importlib
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

import contracts as ct
from contracts.equilibrium.lemke_howson import lemke_howson
from contracts.equilibrium.one import one_equilibrium
from contracts.exceptions import (DegenerateGameWarning, InvalidGameError, InvalidParameterError,
                                  UnsupportedGameError)
from conftest import load_corpus

lhmod = importlib.import_module("contracts.equilibrium.lemke_howson")
onemod = importlib.import_module("contracts.equilibrium.one")
racemod = importlib.import_module("contracts.equilibrium._one_race")
pathsmod = importlib.import_module("contracts.equilibrium._lh_paths")

NASH_2P = [c for c in load_corpus() if c["category"] == "nash_2p"]


@pytest.fixture(autouse=True)
def _quiet_degenerate():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        yield


def _known(case):
    return {tuple(tuple(Fraction(v) for v in s) for s in eq) for eq in case["equilibria"]}


def _random(n, seed):
    rng = np.random.default_rng(seed)
    return rng.random((n, n)), rng.random((n, n))


@pytest.mark.parametrize("case", NASH_2P, ids=[c["name"] for c in NASH_2P])
def test_corpus_one_equilibrium_is_a_known_extreme_equilibrium(case):
    known = _known(case)
    A, B = case["payoffs"]
    ex = one_equilibrium(ct.NormalFormGame.from_bimatrix(A, B), exact=True)
    assert len(ex) == 1 and ex.exact and ex.max_regret == 0 and not ex.complete
    assert tuple(tuple(s) for s in ex[0].strategies) in known
    fl = one_equilibrium(ct.NormalFormGame.from_bimatrix(A, B, exact=False))
    assert len(fl) == 1 and not fl.exact
    xs = [np.asarray(s, float) for s in fl[0].strategies]
    assert any(all(np.allclose(x, [float(v) for v in s], atol=1e-9) for x, s in zip(xs, k))
               for k in known)
    assert fl.method == ex.method == "one"


def test_pure_route_first():
    pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    res = one_equilibrium(pd)
    assert res.extra["route"] == "pure" and res.extra["actions"] == (1, 1)
    assert res.iterations == 0
    np.testing.assert_array_equal(res[0].strategies[0], [0, 1])
    ex = one_equilibrium(pd, exact=True)
    assert ex[0].strategies[1][1] == Fraction(1)


def test_mixed_route_matches_the_winning_lemke_howson_path():
    # matching pennies with unequal stakes: no pure equilibrium
    g = ct.NormalFormGame.from_bimatrix([[2, -1], [-1, 1]], [[-2, 1], [1, -1]])
    res = one_equilibrium(g, exact=True)
    assert res.extra["route"] == "lemke_howson"
    x, y = res[0].strategies
    assert list(x) == [Fraction(2, 5), Fraction(3, 5)] and list(y) == [Fraction(2, 5),
                                                                        Fraction(3, 5)]
    same = lemke_howson(g, init=res.extra["init"], exact=True)
    assert tuple(map(tuple, same[0].strategies)) == (tuple(x), tuple(y))
    assert res.extra["path_pivots"] == same.iterations


@pytest.mark.parametrize("n,seed", [(200, 1200), (200, 0), (120, 2), (30, 1030)])
def test_random_games_verified(n, seed):
    """Seeded random games (default_rng(1000 + n) is the benchmark game): verified, and the
    race costs a small multiple of (m + n) pivots when there is no pure equilibrium."""
    A, B = _random(n, seed)
    g = ct.NormalFormGame.from_bimatrix(A, B)
    res = one_equilibrium(g)
    assert len(res) == 1 and res.max_regret <= g.default_tol()
    assert g.is_nash(res[0].strategies)
    if res.extra["route"] == "lemke_howson":
        assert res.extra["total_pivots"] <= 20 * 2 * n
    lh = onemod._interleaved(g, A, B, exact=False, tol=g.default_tol())   # skip the pure check
    assert len(lh) == 1 and lh.extra["route"] == "lemke_howson"
    assert lh.extra["path_pivots"] <= 20


def test_exact_race_on_medium_game():
    A, B = _random(25, 7)
    A = np.round(A * 100).astype(int)
    B = np.round(B * 100).astype(int)
    g = ct.NormalFormGame.from_bimatrix(A, B, exact=True)
    res = onemod._interleaved(g, g.bimatrix[0], g.bimatrix[1], exact=True, tol=0.0)
    assert res.exact and res.max_regret == 0
    assert "float_race_pivots" in res.extra
    # the float race picks the label; the exact path from it is the same short path
    assert res.extra["path_pivots"] <= 12
    fl = onemod._interleaved(g.as_float(), *g.as_float().bimatrix, exact=False, tol=1e-9)
    assert fl.extra["init"] == res.extra["init"]
    assert fl.extra["path_pivots"] == res.extra["path_pivots"]
    ref = lemke_howson(g, init=res.extra["init"], exact=True)
    assert tuple(map(tuple, ref[0].strategies)) == tuple(map(tuple, res[0].strategies))


def test_degenerate_large_game_terminates():
    rng = np.random.default_rng(5)
    A = rng.integers(0, 3, (80, 80)).astype(float)
    B = rng.integers(0, 3, (80, 80)).astype(float)
    g = ct.NormalFormGame.from_bimatrix(A, B)
    res = onemod._interleaved(g, A, B, exact=False, tol=g.default_tol())
    assert len(res) == 1 and g.is_nash(res[0].strategies)
    assert res.degenerate is True


def test_cyclic_game_with_long_paths_and_memory_budget(monkeypatch):
    """Every path of a generalised rock-paper-scissors game is long; with a tiny memory budget
    and support limit, paths must wait for a dictionary and the race still ends correctly."""
    n = 25
    A = np.zeros((n, n))
    for i in range(n):
        A[i, i], A[i, (i + 1) % n] = 1.0, -1.0
    g = ct.NormalFormGame.from_bimatrix(A, -A)
    monkeypatch.setattr(pathsmod, "_SMALL_MAX", 3)     # (read by the revised states)
    monkeypatch.setattr(onemod, "_SMALL_GAME_CELLS", 1)
    monkeypatch.setattr(racemod, "_MEMORY_BUDGET", 3 * 8 * 2 * n * (n + 1))
    res = one_equilibrium(g)
    assert len(res) == 1
    np.testing.assert_allclose(res[0].strategies[0], np.full(n, 1 / n), atol=1e-9)
    # the harmonic share keeps the race within a small factor of one path (2n pivots)
    assert res.extra["total_pivots"] <= 40 * 2 * n


@pytest.mark.parametrize("scratch_cells", [10 ** 9, 0])
def test_dense_paths_stay_within_the_memory_budget(monkeypatch, scratch_cells):
    """Dictionaries of the sweep and the race (kept probes, or probes remade from the scratch
    state) never number more than the memory budget allows, and the race still ends right."""
    import weakref
    n = 12
    A = np.zeros((n, n))
    for i in range(n):                       # cyclic game: every path is long
        A[i, i], A[i, (i + 1) % n] = 1.0, -1.0
    g = ct.NormalFormGame.from_bimatrix(A, -A)
    capacity = 3
    dense_bytes = 8 * 2 * n * (n + 1)
    monkeypatch.setattr(racemod, "_MEMORY_BUDGET", capacity * dense_bytes)
    monkeypatch.setattr(racemod, "_SCRATCH_CELLS", scratch_cells)
    monkeypatch.setattr(onemod, "_FIRST_PATH_PIVOTS", 0.1)       # straight to the sweep
    live, peak = [0], [0]
    copy = pathsmod._FloatState.copy

    def counted(self):
        out = copy(self)
        live[0] += 1
        peak[0] = max(peak[0], live[0])
        weakref.finalize(out.d[0].T, lambda: live.__setitem__(0, live[0] - 1))
        return out

    monkeypatch.setattr(pathsmod._FloatState, "copy", counted)
    res = one_equilibrium(g)
    assert len(res) == 1 and g.is_nash(res[0].strategies)
    np.testing.assert_allclose(res[0].strategies[0], np.full(n, 1 / n), atol=1e-9)
    # the race's dictionaries, one scratch state, and label 0's path (it is not a copy)
    assert peak[0] <= capacity + 1


def test_round_off_failures_fall_back(monkeypatch):
    """If every float path fails, the answer comes from one exact path."""
    def broken(self, t, enter):
        raise lhmod._PathFailure("simulated")

    def broken_run(self, t, enter, init, k):
        raise lhmod._PathFailure("simulated", 0, t, enter)

    monkeypatch.setattr(lhmod._SmallState, "pivot", broken)
    # float paths run whole in ``run`` (run_pair); exact paths keep the real one
    monkeypatch.setattr(lhmod._ExactState, "run", lhmod._FloatState.run)
    monkeypatch.setattr(lhmod._FloatState, "run", broken_run)
    # the compiled kernel (numba) runs whole paths without calling ``pivot``: use numpy here
    from contracts._linalg import pivot as kernel
    monkeypatch.setattr(kernel, "_FORCE", False)
    g = ct.NormalFormGame.from_bimatrix([[2, -1], [-1, 1]], [[-2, 1], [1, -1]])
    res = one_equilibrium(g)
    assert len(res) == 1 and res.extra["arithmetic"] == "exact"
    assert "failed on round-off" in res.message
    np.testing.assert_allclose(res[0].strategies[0], [0.4, 0.6])


small_games = hst.tuples(hst.integers(1, 6), hst.integers(1, 6), hst.integers(0, 10 ** 6),
                         hst.booleans())


@settings(max_examples=60, deadline=None)
@given(small_games)
def test_property_always_a_verified_equilibrium(params):
    m, n, seed, ints = params
    rng = np.random.default_rng(seed)
    if ints:
        A, B = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
    else:
        A, B = rng.random((m, n)), rng.random((m, n))
    g = ct.NormalFormGame.from_bimatrix(A, B)
    res = one_equilibrium(g)
    assert len(res) == 1 and g.is_nash(res[0].strategies)
    ex = one_equilibrium(g, exact=True)
    assert len(ex) == 1 and ex.max_regret == 0
    assert ct.NormalFormGame.from_bimatrix(A, B, exact=True).is_nash(ex[0].strategies, tol=0)


def test_bad_input():
    three = ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 2, 3)))
    with pytest.raises(UnsupportedGameError, match="one_equilibrium"):
        one_equilibrium(three)
    with pytest.raises(UnsupportedGameError, match="one_equilibrium"):
        one_equilibrium(ct.NormalFormGame([[1.0, 2.0]]))
    with pytest.raises(InvalidGameError, match="one_equilibrium"):
        one_equilibrium(np.eye(2))
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    for tol in (-1.0, float("inf"), "x"):
        with pytest.raises(InvalidParameterError, match="tol"):
            one_equilibrium(g, tol=tol)

"""The stacked (across-games) support enumeration behind solve_many: same answers as solving
each game alone, degenerate games handed to the single-game solver, every profile verified."""

import warnings

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium._batch_support import stack_support_enumeration
from contracts.equilibrium._batch_support import stack_tols as _stack_tols
from contracts.equilibrium.batch import solve_many


def _key(profiles):
    return sorted(tuple(np.round(np.concatenate([np.asarray(s, dtype=float) for s in p]), 7))
                  for p in profiles)


def _alone(g):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ct.solve(g, method="support_enumeration")


@pytest.mark.parametrize("shape", [(1, 3), (3, 1), (2, 2), (2, 5), (5, 3), (4, 4), (6, 6)])
def test_random_games_match_single_game_solver(shape):
    rng = np.random.default_rng(sum(shape))
    games = [ct.NormalFormGame.from_bimatrix(rng.normal(size=shape) * 10 ** rng.uniform(-3, 3),
                                             rng.normal(size=shape))
             for _ in range(40 if shape != (6, 6) else 8)]
    res = solve_many(games, method="support_enumeration")
    assert not res.errors and res.vectorised > 0
    for i, g in enumerate(games):
        alone = _alone(g)
        assert _key(res.profiles(i)) == _key(e.strategies for e in alone)
        assert res[i].max_regret <= g.default_tol()
        assert res.counts[i] == len(alone)


def test_small_integer_games_with_ties_fall_back():
    """Small integer payoffs are often degenerate: those games must go to the single-game
    solver, and every answer must equal the one-game answer."""
    rng = np.random.default_rng(7)
    games = [ct.NormalFormGame.from_bimatrix(rng.integers(0, 6, (3, 3)).astype(float),
                                             rng.integers(0, 6, (3, 3)).astype(float))
             for _ in range(60)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = solve_many(games, method="support_enumeration")
        assert 0 < res.vectorised < len(games)
        for i, g in enumerate(games):
            alone = _alone(g)
            assert _key(res.profiles(i)) == _key(e.strategies for e in alone)
            assert bool(res[i].degenerate) == bool(alone.degenerate)


def test_kernel_flags_degenerate_and_verifies():
    A = np.array([[[1.0, 1.0], [1.0, 1.0]],          # constant: degenerate
                  [[3.0, 0.0], [0.0, 2.0]],          # coordination: 3 equilibria
                  [[1.0, 2.0], [1.0, 2.0]]])         # rows tie: degenerate
    B = np.array([[[1.0, 1.0], [1.0, 1.0]],
                  [[2.0, 0.0], [0.0, 3.0]],
                  [[2.0, 1.0], [0.0, 3.0]]])
    tol, ok = _stack_tols(A, B)
    assert ok.tolist() == [False, True, True]        # constant payoffs: nothing to resolve
    tol[0] = 1e-9
    g, X, Y, suspect = stack_support_enumeration(A, B, tol)
    assert suspect.tolist() == [True, False, True]
    assert np.all(g == 1) and len(g) == 3
    for x, y in zip(X, Y):
        ux, uy = A[1] @ y, x @ B[1]
        assert ux.max() - x @ ux <= 1e-12 and uy.max() - uy @ y <= 1e-12


def test_tolerances_match_default_tol():
    rng = np.random.default_rng(3)
    games = [ct.NormalFormGame.from_bimatrix(rng.normal(size=(3, 4)) * s, rng.normal(size=(3, 4)))
             for s in (1e-6, 1.0, 1e6)]
    A = np.stack([g.payoffs[0] for g in games])
    B = np.stack([g.payoffs[1] for g in games])
    tol, ok = _stack_tols(A, B)
    assert ok.all()
    assert np.allclose(tol, [g.default_tol() for g in games], rtol=1e-12, atol=0)


def test_mixed_batch_shapes_exact_and_errors():
    rng = np.random.default_rng(5)
    games = [ct.NormalFormGame.from_bimatrix(rng.random((3, 3)), rng.random((3, 3))),
             ct.NormalFormGame.from_bimatrix(rng.random((2, 4)), rng.random((2, 4))),
             ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]).as_exact(),
             ct.NormalFormGame.from_payoff_profile(rng.random((2, 2, 2, 3))),   # 3 players
             ct.NormalFormGame.from_bimatrix(rng.random((3, 3)), rng.random((3, 3)))]
    res = solve_many(games, method="support_enumeration")
    assert res.vectorised == 3
    assert res.counts[3] == -1 and len(res.errors) == 1 and res.errors[0].index == 3
    assert [str(v) for v in res[2][0].strategies[0]] == ["1/2", "1/2"]
    for i in (0, 1, 4):
        assert _key(res.profiles(i)) == _key(e.strategies for e in _alone(games[i]))
    assert len(res.to_dict()["results"]) == 5
    # chunks (executor path): blocks map back to the right games
    res2 = solve_many(games, method="support_enumeration", executor=map, chunksize=2)
    for i in (0, 1, 4):
        assert _key(res2.profiles(i)) == _key(res.profiles(i))
        assert res2.counts[i] == res.counts[i]


@pytest.mark.parametrize("shape", [(5, 5), (7, 6), (8, 8)])
def test_support_enumeration_fast_path_equals_full_algorithm(shape, monkeypatch):
    """support_enumeration tries the stacked kernel first; the full algorithm agrees."""
    from contracts.equilibrium import _batch_support as bsmod
    from contracts.equilibrium import support_enumeration as semod

    rng = np.random.default_rng(shape[0] * 7 + shape[1])
    A, B = rng.normal(size=shape), rng.normal(size=shape)
    g = ct.NormalFormGame.from_bimatrix(A, B)
    fast = semod.support_enumeration(g)
    monkeypatch.setattr(bsmod, "_PAIR_CHUNK", 64)           # many small chunks of pairs
    chunked = semod.support_enumeration(g)
    monkeypatch.setattr(semod, "_STACK_PAIRS", 0)           # the full algorithm only
    full = semod.support_enumeration(g)
    assert _key(e.strategies for e in fast) == _key(e.strategies for e in full)
    assert _key(e.strategies for e in chunked) == _key(e.strategies for e in full)
    assert fast.complete and fast.degenerate is False and fast.max_regret <= g.default_tol()
    assert len(fast) % 2 == 1


def test_support_enumeration_degenerate_game_takes_full_algorithm():
    # a duplicated column: degenerate, so the kernel declines and the full algorithm answers
    A = np.array([[3.0, 3.0, 0.0], [0.0, 0.0, 2.0], [1.0, 1.0, 1.0]])
    B = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 2.0], [2.0, 2.0, 1.0]])
    g = ct.NormalFormGame.from_bimatrix(A, B)
    with pytest.warns(ct.exceptions.DegenerateGameWarning):
        res = ct.solve(g, method="support_enumeration")
    assert res.degenerate is True and len(res) >= 1
    assert res.max_regret <= g.default_tol()

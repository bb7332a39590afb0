"""Tests of solve_many: identical to solving each game alone, errors kept per game."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium.batch import BatchResult, GameError, solve_many
from contracts.exceptions import InvalidGameError, InvalidParameterError


def _key(profiles):
    return sorted(tuple(np.round(np.concatenate([np.asarray(s, dtype=float) for s in p]), 8))
                  for p in profiles)


def _games(k, shape=(4, 4), seed=0):
    rng = np.random.default_rng(seed)
    return [ct.NormalFormGame.from_bimatrix(rng.random(shape), rng.random(shape))
            for _ in range(k)]


@pytest.mark.parametrize("method", ["support_enumeration", "vertex_enumeration"])
def test_vectorised_matches_single_game(method):
    games = _games(60, seed=1) + _games(20, shape=(3, 5), seed=2)
    res = solve_many(games, method=method)
    assert len(res) == len(games) and not res.errors
    assert res.vectorised > 0
    for i, g in enumerate(games):
        alone = ct.solve(g, method=method)
        assert _key(res.profiles(i)) == _key(e.strategies for e in alone)
        r = res[i]
        assert r.max_regret <= g.default_tol()
        assert _key(e.strategies for e in r) == _key(e.strategies for e in alone)


def test_degenerate_games_fall_back_to_single_game_solver():
    deg = ct.NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 1], [1, 1]])
    deg2 = ct.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    games = [deg, *_games(5, shape=(2, 2)), deg2]
    with pytest.warns(Warning):
        res = solve_many(games, method="support_enumeration")
        alone = [ct.solve(g, method="support_enumeration") for g in games]
    for r, a in zip(res, alone):
        assert _key(e.strategies for e in r) == _key(e.strategies for e in a)


def test_pure_vectorised_and_nplayer_loop():
    rng = np.random.default_rng(3)
    games = [ct.NormalFormGame.from_payoff_profile(rng.integers(0, 3, (2, 3, 2, 3)))
             for _ in range(20)]
    games = [g.as_float() for g in games]
    res = solve_many(games, method="pure")
    assert res.vectorised == 20
    for g, r in zip(games, res):
        assert _key(e.strategies for e in r) == _key(e.strategies for e in ct.solve(g, method="pure"))
    res2 = solve_many(games[:4], method="one")
    assert all(r.max_regret <= 1e-9 for r in res2)


def test_errors_are_kept_per_game_and_executor():
    games = _games(6)
    three = ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 2, 3)))
    games.insert(2, three)            # support enumeration needs two players
    with ThreadPoolExecutor(2) as ex:
        res = solve_many(games, method="support_enumeration", executor=ex, chunksize=2)
    assert isinstance(res, BatchResult)
    assert isinstance(res[2], GameError) and res[2].index == 2
    assert res.counts[2] == -1 and len(res.errors) == 1
    assert all(len(res[i]) >= 1 for i in range(len(games)) if i != 2)
    assert "errors=1" in repr(res) and "failed" in str(res)
    res2 = solve_many(games, method="support_enumeration", executor=lambda f, xs: map(f, xs))
    assert _key(res2.profiles(0)) == _key(res.profiles(0))
    d = res.to_dict()
    assert d["results"][2]["error"] == res[2].type


def test_bad_input():
    with pytest.raises(InvalidParameterError, match="^solve_many"):
        solve_many(_games(2), method="nonsense")
    with pytest.raises(InvalidParameterError, match="^solve_many"):
        solve_many(_games(2), method="one", executor=3)
    with pytest.raises(InvalidParameterError, match="^solve_many"):
        solve_many(_games(2), method="one", chunksize=0)
    with pytest.raises(InvalidGameError, match="^solve_many"):
        solve_many(5)

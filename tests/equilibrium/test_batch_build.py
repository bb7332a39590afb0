"""Results of many games built in one pass equal the results built game by game.

``build_bimatrix_results`` (used when a batch's results are iterated) verifies every row of a
block against its own game at once; ``build_bimatrix_result`` (used when one game is looked up)
verifies one game's rows. Same checks, same packaging.
"""

from __future__ import annotations

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium.batch import solve_many
from contracts.results import build_bimatrix_result, build_bimatrix_results


def _same(r, s):
    d, e = r.to_dict(), s.to_dict()
    for k in d:
        if k not in ("equilibria", "max_regret"):
            assert d[k] == e[k], k
    assert abs(d["max_regret"] - e["max_regret"]) <= 1e-15
    assert len(d["equilibria"]) == len(e["equilibria"])
    for p, q in zip(d["equilibria"], e["equilibria"]):
        for a, b in zip(p["strategies"], q["strategies"]):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-15)
        np.testing.assert_allclose(p["payoffs"], q["payoffs"], rtol=1e-14, atol=1e-15)
        assert abs(p["regret"] - q["regret"]) <= 1e-14
        assert p["players"] == q["players"] and p["actions"] == q["actions"]


@pytest.mark.filterwarnings("ignore::contracts.exceptions.DegenerateGameWarning")
@pytest.mark.parametrize("shape", [(2, 2), (3, 4), (4, 4)])
def test_iterating_a_batch_builds_what_lookups_build(shape):
    rng = np.random.default_rng(sum(shape))
    games = [ct.NormalFormGame.from_bimatrix(rng.random(shape), rng.random(shape))
             for _ in range(300)]
    games += [ct.NormalFormGame.from_bimatrix(rng.integers(0, 3, shape).astype(float),
                                              rng.integers(0, 3, shape).astype(float))
              for _ in range(50)]                  # ties: some go to the single-game solver
    one_by_one = solve_many(games, method="support_enumeration")
    looked_up = [one_by_one[i] for i in range(len(games))]
    all_at_once = solve_many(games, method="support_enumeration").results
    assert len(all_at_once) == len(looked_up) == len(games)
    for r, s in zip(all_at_once, looked_up):
        _same(r, s)
    # iterating after a lookup keeps the object already built
    again = solve_many(games, method="support_enumeration")
    first = again[3]
    assert list(again)[3] is first


def test_rows_that_fail_are_dropped_and_counted_per_game():
    rng = np.random.default_rng(7)
    A = rng.random((3, 2, 2))
    B = rng.random((3, 2, 2))
    games = [ct.NormalFormGame.from_bimatrix(a, b) for a, b in zip(A, B)]
    X = np.array([[1.0, 0.0], [0.3, 0.7], [0.0, 0.0], [np.nan, 1.0], [0.5, 0.5]])
    Y = np.array([[0.0, 1.0], [0.6, 0.4], [1.0, 0.0], [0.5, 0.5], [-1e-18, 1.0]])
    starts = np.array([0, 2, 4, 5])
    tols = np.full(3, np.inf)
    tols[0] = 1e-9
    got = build_bimatrix_results(games, A, B, X, Y, starts, tols, method="mine")
    for g, a, b, tol, r in zip(games, starts[:-1], starts[1:], tols, got):
        ref = build_bimatrix_result(g, X[a:b], Y[a:b], method="mine", tol=float(tol))
        _same(r, ref)
    assert "failed verification" in got[1].message        # the zero and the NaN strategies
    assert len(got[1]) == 0

"""All equilibria of small N-player games by polynomial systems on supports."""

from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium.enumpoly import enumpoly
from contracts.equilibrium.support_newton import support_newton
from contracts.exceptions import InvalidGameError, InvalidParameterError


def test_matching_pennies_exact():
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    res = ct.solve(g, method="enumpoly")
    assert len(res) == 1 and res.complete
    assert list(res[0].strategies[0]) == [Fraction(1, 2), Fraction(1, 2)]


def test_degenerate_game_is_flagged_incomplete():
    rng = np.random.default_rng(0)
    P = rng.integers(-5, 6, (2, 2, 2, 3))       # a tie: player 0 indifferent at one profile
    g = ct.NormalFormGame.from_payoff_profile(P)
    res = enumpoly(g)
    assert not res.complete and "continuum" in res.message
    assert len(res) == 4
    for eq in res:
        assert max(g.as_exact().regrets(eq.strategies)) == 0


def test_three_player_game_all_equilibria_verified_and_cover_newton():
    rng = np.random.default_rng(1)
    P = rng.integers(-99, 100, (2, 2, 2, 3))
    g = ct.NormalFormGame.from_payoff_profile(P)
    res = enumpoly(g)
    assert res.complete and len(res) >= 1
    for eq in res:
        assert max(g.as_exact().regrets(eq.strategies)) == 0
    # every equilibrium Newton finds is among them
    keys = {tuple(np.round(np.concatenate([np.asarray(s, float) for s in e.strategies]), 8))
            for e in res}
    for e in support_newton(g):
        k = tuple(np.round(np.concatenate([np.asarray(s, float) for s in e.strategies]), 8))
        assert k in keys


def test_irrational_equilibrium_is_verified_by_tolerance():
    # a 3-player game whose mixed equilibrium solves a quadratic with irrational roots
    P = np.zeros((2, 2, 2, 3))
    rng = np.random.default_rng(11)
    found_irrational = False
    for _ in range(6):
        P = rng.integers(-9, 10, (2, 2, 2, 3))
        res = enumpoly(ct.NormalFormGame.from_payoff_profile(P))
        for eq in res:
            if eq.strategies[0].dtype != object:
                found_irrational = True
                assert float(eq.regret) <= 1e-9 * 9
        if found_irrational:
            break
    assert found_irrational


def test_bad_input():
    with pytest.raises(InvalidGameError, match="^enumpoly"):
        enumpoly([[1]])
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match="^enumpoly"):
        enumpoly(g, max_size=0)
    with pytest.raises(InvalidParameterError, match="^enumpoly"):
        enumpoly(g, tol=-1.0)


@pytest.mark.slow
def test_finds_equilibrium_gambit_enumpoly_misses():
    # a 2x2x3 game (integer payoffs, seed 1 of benchmarks/bench_enumpoly.py) on which
    # pygambit 16.7's enumpoly_solve returns no equilibrium at all
    rng = np.random.default_rng(1)
    P = rng.integers(-9, 10, (2, 2, 3, 3))
    g = ct.NormalFormGame.from_payoff_profile(P)
    res = enumpoly(g)
    assert len(res) >= 1
    for eq in res:
        r = max(g.as_exact().regrets(eq.strategies))
        assert r == 0 if eq.strategies[0].dtype == object else r <= 1e-12
    gbt = pytest.importorskip("pygambit")
    G = gbt.Game.from_arrays(*[P[..., i] for i in range(3)])
    assert len(gbt.nash.enumpoly_solve(G).equilibria) < len(res)

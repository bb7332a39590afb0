"""Correlated equilibria by LP (contracts.equilibrium.correlated)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

import contracts as ct
from contracts.equilibrium.correlated import (CorrelatedResult, correlated_equilibrium,
                                              is_correlated_equilibrium)
from contracts.equilibrium.pure import pure_nash
from contracts.exceptions import InvalidGameError, InvalidParameterError
from _lp_corpus import game_of, nash_cases, profile_of

CASES = nash_cases()
CHICKEN = ct.NormalFormGame.from_bimatrix([[0, 7], [2, 6]], [[0, 2], [7, 6]],
                                          actions=(("dare", "chicken"), ("dare", "chicken")))


def product(profile):
    p = profile[0]
    for s in profile[1:]:
        p = np.multiply.outer(p, s)
    return p


def test_chicken_aumann():
    """Aumann's example: a mediator beats every Nash equilibrium's welfare."""
    ce = correlated_equilibrium(CHICKEN, exact=True)
    assert isinstance(ce, CorrelatedResult) and ce.exact
    assert ce.objective_value == Fraction(21, 2) == ce.welfare
    assert ce.distribution.tolist() == [[0, Fraction(1, 4)], [Fraction(1, 4), Fraction(1, 2)]]
    assert ce.max_gain == 0 and ce.payoffs == (Fraction(21, 4), Fraction(21, 4))
    # Nash equilibria: two pure (welfare 9) and the mixed one with welfare 28/3
    nash_welfare = [sum(eq.payoffs) for eq in pure_nash(CHICKEN.as_exact())] + [Fraction(28, 3)]
    mixed = (np.array([Fraction(1, 3), Fraction(2, 3)], dtype=object),) * 2
    assert CHICKEN.as_exact().is_nash(mixed)
    assert ce.objective_value > max(nash_welfare)
    assert is_correlated_equilibrium(CHICKEN, product(mixed))
    # the 1/3-1/3-1/3 traffic light is a CE but not the best
    third = Fraction(1, 3)
    assert is_correlated_equilibrium(CHICKEN, [[0, third], [third, third]])
    assert not is_correlated_equilibrium(CHICKEN, [[0, 0], [0, 1]])   # (chicken, chicken) alone
    text = str(ce)
    assert "(chicken, chicken) with probability 1/2" in text and "21/2" in text
    fl = correlated_equilibrium(CHICKEN)
    assert not fl.exact and abs(fl.objective_value - 10.5) < 1e-9
    assert np.allclose(fl.marginals[0], [0.25, 0.75])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus_nash_are_correlated(case):
    """Every known Nash equilibrium is a CE; the max-welfare CE beats every NE's welfare."""
    game = game_of(case)
    exact_game = game.as_exact()
    float_game = game.as_float()
    best_ne = -np.inf
    for eq in case["equilibria"]:
        prof = profile_of(eq)
        if all(s.dtype == object for s in prof):
            p = product(prof)
            assert is_correlated_equilibrium(exact_game, p, tol=0)
            welfare = sum((p * u).sum() for u in exact_game.payoffs)
        else:
            p = product(tuple(np.asarray(s, float) for s in prof))
            assert is_correlated_equilibrium(float_game, p, tol=1e-8 * float_game.payoff_scale())
            welfare = sum(float((p * u).sum()) for u in float_game.payoffs)
        best_ne = max(best_ne, float(welfare))
    ce = correlated_equilibrium(float_game)
    assert ce.max_gain <= float_game.default_tol()
    assert is_correlated_equilibrium(float_game, ce.distribution)
    assert ce.objective_value >= best_ne - 1e-8 * (1 + abs(best_ne))
    if case["players"] == 2 and np.prod(game.num_actions) <= 30:     # keep the suite fast
        ce_exact = correlated_equilibrium(exact_game)
        assert ce_exact.exact and is_correlated_equilibrium(exact_game, ce_exact.distribution, 0)
        assert abs(float(ce_exact.objective_value) - ce.objective_value) <= 1e-8 * (
            1 + abs(ce.objective_value))


def test_objectives():
    g = CHICKEN.as_exact()
    any_ce = correlated_equilibrium(g, objective=None)
    assert any_ce.objective_value is None and any_ce.objective == "none"
    assert is_correlated_equilibrium(g, any_ce.distribution)
    best_row = correlated_equilibrium(g, objective=lambda u: u[0])
    assert best_row.payoffs[0] == 7                   # (dare, chicken) for sure
    same = correlated_equilibrium(g, objective=g.payoffs[0])
    assert same.objective_value == 7
    worst = correlated_equilibrium(g, objective=-(g.payoffs[0] + g.payoffs[1]))
    # by hand: p(DD)=a, p(DC)=b, p(CD)=c, p(CC)=d; obedience needs 2a <= b, 2a <= c, d <= 2b,
    # d <= 2c; welfare 9b + 9c + 12d is least at d = 0, b = c = 2a = 2/5: 36/5 (< 9, any NE)
    assert worst.objective_value == -Fraction(36, 5) and worst.welfare == Fraction(36, 5)
    assert worst.distribution.tolist() == [[Fraction(1, 5), Fraction(2, 5)],
                                           [Fraction(2, 5), 0]]


def test_zero_sum_correlated_payoffs_equal_value():
    """In a zero-sum game every CE gives each player the value (here 0 in RPS)."""
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    g = ct.NormalFormGame.from_bimatrix(A, exact=True)
    for obj in ("welfare", g.payoffs[0], g.payoffs[1], None):
        ce = correlated_equilibrium(g, objective=obj)
        assert ce.payoffs == (0, 0)


def test_three_player_and_speed():
    rng = np.random.default_rng(0)
    g = ct.NormalFormGame(list(rng.random((3, 6, 6, 6))))
    ce = correlated_equilibrium(g)
    assert ce.distribution.shape == (6, 6, 6)
    assert is_correlated_equilibrium(g, ce.distribution)
    for eq in pure_nash(g):
        assert ce.welfare >= sum(eq.payoffs) - 1e-9
    ge = ct.NormalFormGame(list(rng.integers(0, 6, (3, 3, 3, 3))), exact=True)
    ce = correlated_equilibrium(ge)
    assert ce.exact and is_correlated_equilibrium(ge, ce.distribution, tol=0)
    assert sum(ce.distribution.flat) == 1


def test_is_correlated_equilibrium_bad_input():
    with pytest.raises(InvalidGameError, match="shape"):
        is_correlated_equilibrium(CHICKEN, [0.5, 0.5])
    with pytest.raises(InvalidGameError, match="negative"):
        is_correlated_equilibrium(CHICKEN, [[1.5, -0.5], [0, 0]])
    with pytest.raises(InvalidGameError, match="sum"):
        is_correlated_equilibrium(CHICKEN, [[0.5, 0.5], [0.5, 0]])
    with pytest.raises(InvalidGameError, match="NaN"):
        is_correlated_equilibrium(CHICKEN, [[np.nan, 0.5], [0.5, 0]])
    with pytest.raises(InvalidGameError, match="non-numeric"):
        is_correlated_equilibrium(CHICKEN, [["a", 0.5], [0.5, 0]])
    with pytest.raises(InvalidGameError):
        is_correlated_equilibrium("chicken", [[1, 0], [0, 0]])
    with pytest.raises(InvalidParameterError):
        is_correlated_equilibrium(CHICKEN, [[1, 0], [0, 0]], tol=-1)


def test_correlated_equilibrium_bad_input():
    with pytest.raises(InvalidParameterError, match="objective"):
        correlated_equilibrium(CHICKEN, objective="happiness")
    with pytest.raises(InvalidParameterError, match="shape"):
        correlated_equilibrium(CHICKEN, objective=[1, 2, 3])
    with pytest.raises(InvalidParameterError, match="NaN"):
        correlated_equilibrium(CHICKEN, objective=[[np.nan, 1], [1, 1]])
    with pytest.raises(InvalidParameterError, match="shape"):
        correlated_equilibrium(CHICKEN, objective=lambda u: 3.0)
    with pytest.raises(InvalidGameError):
        correlated_equilibrium(None)


@hst.composite
def small_games(draw):
    n_players = draw(hst.integers(1, 3))
    shape = tuple(draw(hst.lists(hst.integers(1, 3), min_size=n_players, max_size=n_players)))
    size = int(np.prod(shape))
    pay = [np.array(draw(hst.lists(hst.integers(-4, 4), min_size=size, max_size=size))
                    ).reshape(shape) for _ in range(n_players)]
    return ct.NormalFormGame(pay)


@settings(max_examples=40, deadline=None)
@given(small_games(), hst.booleans())
def test_property_constraints_hold(game, exact):
    g = game.as_exact() if exact else game
    ce = correlated_equilibrium(g)
    p = ce.distribution
    assert p.shape == g.num_actions
    assert all(x >= 0 for x in p.flat)
    if exact:
        assert sum(p.flat) == 1 and ce.max_gain == 0
    else:
        assert abs(p.sum() - 1) < 1e-12
    # every incentive constraint, checked by hand
    for i in range(g.num_players):
        U = np.moveaxis(np.asarray(g.payoffs[i], float), i, 0).reshape(g.num_actions[i], -1)
        P = np.moveaxis(np.asarray(p, float), i, 0).reshape(g.num_actions[i], -1)
        for a in range(U.shape[0]):
            for b in range(U.shape[0]):
                assert P[a] @ (U[b] - U[a]) <= 1e-9
    assert is_correlated_equilibrium(g, p)
    for eq in pure_nash(g):                     # pure equilibria are CE, so welfare can't beat it
        assert float(ce.welfare) >= float(sum(eq.payoffs)) - 1e-9


def test_zero_tolerance_float_game_is_polished():
    rng = np.random.default_rng(5)
    g = ct.NormalFormGame(list(rng.random((3, 4, 4, 4))))
    ce = correlated_equilibrium(g, tol=0.0)
    assert "polished" in ce.message
    assert ce.max_gain < 1e-15
    assert abs(ce.objective_value - correlated_equilibrium(g).objective_value) < 1e-9

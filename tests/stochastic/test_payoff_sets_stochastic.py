"""Outer approximation of the pure SPE payoff sets of two-player stochastic games (no
transfers)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from test_transfers import abs_pd

import contracts as ct
from contracts.exceptions import InvalidGameError, UnsupportedGameError
from contracts.stochastic import one_shot_deviation_gain, policy_values, pure_policy
from contracts.stochastic.payoff_sets import stochastic_payoff_sets

PD = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])


@pytest.mark.parametrize("delta", [0.75, 0.3, 0.2])
def test_one_state_equals_repeated_game_outer_approximation(delta):
    W = stochastic_payoff_sets(ct.StochasticGame.from_repeated(ct.RepeatedGame(PD, delta)),
                               directions=16)
    L = ct.RepeatedGame(PD, delta).payoff_set(method="outer", directions=16)
    np.testing.assert_allclose(np.asarray(L.extra["directions"]), W.directions, atol=1e-12)
    np.testing.assert_allclose(np.asarray(L.extra["levels"], dtype=float), W.levels[0],
                               atol=1e-9)
    for p in np.asarray(L.vertices, dtype=float):
        assert W.contains(0, p)


def test_one_state_sets_shrink_as_discount_falls():
    g = lambda d: ct.StochasticGame.from_repeated(ct.RepeatedGame(PD, d))
    hi, lo = stochastic_payoff_sets(g(0.6), directions=16), stochastic_payoff_sets(
        g(0.25), directions=16)
    assert np.all(lo.levels <= hi.levels + 1e-9)
    assert np.any(lo.levels < hi.levels - 1e-3)


def test_abs_two_state_pd_critical_discount():
    """Goldlücke & Kranz (2018, Sect. 4.4; dyngame examples/article/4_4_ABS_vs_GK): with and
    without transfers mutual cooperation in both states is possible at δ = 0.357 and not at
    δ = 0.356. Without transfers at 0.356 the outer approximation is the DD point in each
    state, whose values equal the transfer solution's punishment payoffs (0.42, 1.58)."""
    W = stochastic_payoff_sets(abs_pd(0.356), directions=8)
    assert [len(V) for V in W.vertices] == [1, 1]
    np.testing.assert_allclose(W.vertices[0][0], [0.4243, 0.4243], atol=1e-4)
    np.testing.assert_allclose(W.vertices[1][0], [1.5757, 1.5757], atol=1e-4)
    W = stochastic_payoff_sets(abs_pd(0.357), directions=8)
    cc = policy_values(abs_pd(0.357), pure_policy(abs_pd(0.357), [(0, 0), (0, 0)]))
    assert W.contains("s1", cc[0]) and W.contains("s2", cc[1])
    assert "s1" in str(W) and W.to_dict()["converged"] and "directions=8" in repr(W)


def test_contains_every_pure_markov_perfect_equilibrium():
    rng = np.random.default_rng(7)
    for _ in range(3):
        pay = rng.integers(-3, 5, size=(2, 2, 2, 2)).astype(float)
        w = rng.integers(0, 3, size=(2, 2, 2, 2)) + np.array([1, 0])
        P = w / w.sum(axis=-1, keepdims=True)
        g = ct.StochasticGame.from_arrays(pay, P, discount=0.6)
        W = stochastic_payoff_sets(g, directions=12)
        for combo in itertools.product(list(itertools.product(range(2), range(2))), repeat=2):
            pol = pure_policy(g, list(combo))
            if one_shot_deviation_gain(g, pol)[0] <= 1e-9:
                V = policy_values(g, pol)
                assert W.contains(0, V[0], tol=1e-7) and W.contains(1, V[1], tol=1e-7)


def test_bad_input():
    with pytest.raises(InvalidGameError, match="stochastic_payoff_sets"):
        stochastic_payoff_sets(PD)
    three = ct.StochasticGame({"a": np.zeros((1, 1, 1, 3))}, {"a": np.ones((1, 1, 1, 1))},
                              discount=0.9)
    with pytest.raises(UnsupportedGameError, match="two players"):
        stochastic_payoff_sets(three)
    with pytest.raises(InvalidGameError, match="directions"):
        stochastic_payoff_sets(abs_pd(0.5), directions=np.ones((4, 3)))
    with pytest.raises(InvalidGameError, match="unknown state"):
        stochastic_payoff_sets(abs_pd(0.3), directions=8).contains("nowhere", [0, 0])

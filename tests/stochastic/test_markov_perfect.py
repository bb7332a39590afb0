"""Pure stationary Markov perfect equilibria (contracts.stochastic.markov_perfect)."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.exceptions import (InvalidGameError, InvalidParameterError,
                                  UnsupportedGameError)
from contracts.stochastic import one_shot_deviation_gain, pure_policy
from contracts.stochastic.markov_perfect import markov_perfect_pure, markov_perfect_pure_iter

from _stochastic_games import random_game


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
def choices(res):
    """Each equilibrium as a tuple over states of tuples of action indices."""
    return sorted(tuple(tuple(int(np.argmax(np.asarray(v, dtype=float))) for v in st)
                        for st in eq.policy) for eq in res)


def brute_force(game, tol):
    """Every pure stationary policy checked by the one-shot deviation principle."""
    per_state = [list(itertools.product(*[range(n) for n in game.num_actions(s)]))
                 for s in range(game.n_states)]
    out = []
    for combo in itertools.product(*per_state):
        gain, _ = one_shot_deviation_gain(game, pure_policy(game, [list(c) for c in combo]))
        if (gain == 0) if game.exact else (gain <= tol):
            out.append(tuple(combo))
    return sorted(out)


def rand_float_game(seed, n_states, shape, discount, sparse):
    rng = np.random.default_rng(seed)
    n = len(shape)
    U = rng.integers(-3, 4, size=(n_states, *shape, n)).astype(float)
    P = rng.random((n_states, *shape, n_states)) ** 3
    if sparse:
        P = P * (rng.random(P.shape) < 0.4)
        P[..., 0] += 1e-3
    P /= P.sum(-1, keepdims=True)
    return ct.StochasticGame.from_arrays(U, P, discount=discount)


def abs_two_state_pd(exact=True):
    """Abreu, Brooks & Sannikov (2020), two-state prisoner's dilemma: the example
    `examples/cpp/pd_twostate.cpp` of their SGSolve library (also `abs.pd.game` in Kranz's
    dyngame). Actions (C, D); state 2 adds 2 to every payoff of state 1; (C, C) and (D, D)
    move to the other state w.p. 2/3, the other profiles w.p. 1/2; discount 2/3."""
    h, t, tt = (F(1, 2), F(1, 3), F(2, 3)) if exact else (0.5, 1 / 3, 2 / 3)
    s1 = [[[1, 1], [-1, 2]], [[2, -1], [0, 0]]]
    s2 = [[[3, 3], [1, 4]], [[4, 1], [2, 2]]]
    t1 = [[[t, tt], [h, h]], [[h, h], [t, tt]]]
    t2 = [[[tt, t], [h, h]], [[h, h], [tt, t]]]
    cd = (("C", "D"), ("C", "D"))
    return ct.StochasticGame({"s1": s1, "s2": s2}, {"s1": t1, "s2": t2},
                             discount=F(2, 3) if exact else 2 / 3, exact=exact,
                             actions={"s1": cd, "s2": cd})


def invest_then_coordinate(discount=F(3, 5)):
    """State A: player 1 consumes (payoff 1, stay) or invests (payoff 0, move to B); player 2
    has one action. State B (absorbing): the coordination game [[2, 0], [0, 1]] / [[1, 0],
    [0, 2]]."""
    A = [[[1, 0]], [[0, 0]]]
    B = [[[2, 1], [0, 0]], [[0, 0], [1, 2]]]
    tA = [[[1, 0]], [[0, 1]]]
    tB = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]]
    return ct.StochasticGame({"A": A, "B": B}, {"A": tA, "B": tB}, discount=discount,
                             exact=True, actions={"A": (("consume", "invest"), ("wait",))})


# ----------------------------------------------------------------------------------------------
# known answers
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("stage", [
    ct.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]),       # battle of sexes
    ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]),       # PD
    ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]),                       # pennies
    ct.NormalFormGame.from_payoff_profile(
        np.random.default_rng(3).integers(0, 3, size=(2, 3, 2, 3))),           # 3 players
])
@pytest.mark.parametrize("discount", [0.2, 0.95])
def test_one_state_game_gives_the_stage_games_pure_nash_equilibria(stage, discount):
    # one state: a stationary MPE plays a stage Nash equilibrium every period, whatever the
    # discount factor (the continuation value does not depend on today's actions)
    g = ct.StochasticGame.from_repeated(ct.RepeatedGame(stage, discount))
    res = markov_perfect_pure(g)
    nash = ct.solve(stage, method="pure")
    want = sorted((tuple(int(np.argmax(s)) for s in eq.strategies),) for eq in nash)
    assert choices(res) == want
    assert res.details["complete"] is True


def test_abreu_brooks_sannikov_two_state_pd_mutual_defection_exact():
    # SGSolve examples/cpp/pd_twostate.cpp. By hand: under (D, D) in both states
    # V1 = (2/3)(V1/3 + 2 V2/3), V2 = (1/3) 2 + (2/3)(2 V1/3 + V2/3), so V1 = 8/11, V2 = 14/11;
    # deviating to C costs (1/3) * 1 today in each state and moves the state distribution by
    # 1/6, worth at most (2/3)(1/6)(6/11) < 1/3: (D, D) everywhere is an MPE, and the only
    # pure one (checked against brute force below).
    g = abs_two_state_pd()
    res = markov_perfect_pure(g)
    assert res.exact and len(res) == 1
    eq = res[0]
    assert choices(res) == [((1, 1), (1, 1))]
    assert eq.values.tolist() == [[F(8, 11), F(8, 11)], [F(14, 11), F(14, 11)]]
    assert eq.max_gain == 0
    assert choices(res) == brute_force(g, 0)


def test_abreu_brooks_sannikov_float_agrees_with_exact():
    res = markov_perfect_pure(abs_two_state_pd(exact=False))
    assert choices(res) == [((1, 1), (1, 1))]
    assert np.allclose(res[0].values, [[8 / 11, 8 / 11], [14 / 11, 14 / 11]], atol=1e-12)


@pytest.mark.parametrize("discount, want", [
    # invest iff delta * V_B1 >= 1 (consuming forever is worth 1):
    # V_B1 = 2 (coordinate on player 1's favourite) -> invest iff delta >= 1/2;
    # V_B1 = 1 (player 2's favourite)              -> invest iff delta >= 1.
    (F(3, 5), [((0, 0), (1, 1)), ((1, 0), (0, 0))]),
    (F(2, 5), [((0, 0), (0, 0)), ((0, 0), (1, 1))]),
    (F(1, 2), [((0, 0), (0, 0)), ((0, 0), (1, 1)), ((1, 0), (0, 0))]),   # indifferent at 1/2
])
def test_two_state_game_derived_by_hand(discount, want):
    g = invest_then_coordinate(discount)
    res = markov_perfect_pure(g)
    assert choices(res) == want
    for eq in res:
        assert eq.max_gain == 0
        b1 = eq.values[1, 0]
        invest = eq.policy[0][0][1] == 1
        assert eq.values[0, 0] == (discount * b1 if invest else 1)


def test_independent_absorbing_states_multiply_the_equilibria():
    # k absorbing states, each a battle of the sexes (2 pure equilibria): 2**k pure MPE
    k = 5
    bos = [[[2, 1], [0, 0]], [[0, 0], [1, 2]]]
    stages = {f"s{j}": bos for j in range(k)}
    trans = {f"s{j}": [[[1.0 * (m == j) for m in range(k)]] * 2] * 2 for j in range(k)}
    g = ct.StochasticGame(stages, trans, discount=0.9)
    res = markov_perfect_pure(g)
    assert len(res) == 2 ** k
    with pytest.raises(UnsupportedGameError, match=r"markov_perfect_pure: .*max_policies=20"):
        markov_perfect_pure(g, max_policies=20)


def test_dominant_strategy_states_are_pruned_without_search():
    # prisoner's dilemma in every state of a 200-state chain: defection is dominant whatever
    # the continuation (transitions ignore actions), so the root pruning leaves one policy
    S = 200
    U = np.tile(np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]], dtype=float), (S, 1, 1, 1))
    U += np.arange(S)[:, None, None, None] / S
    P = np.zeros((S, 2, 2, S))
    for s in range(S):
        P[s, ..., (s + 1) % S] = 0.7
        P[s, ..., s] = 0.3
    g = ct.StochasticGame.from_arrays(U, P, discount=0.95)
    res = markov_perfect_pure(g)
    assert len(res) == 1 and res.details["nodes"] == 1
    assert all(int(np.argmax(st[0])) == 1 and int(np.argmax(st[1])) == 1
               for st in res[0].policy)


def test_solve_route_and_iterator():
    g = invest_then_coordinate()
    res = ct.solve(g, method="markov_perfect")
    assert res.method == "markov_perfect" and len(res) == 2
    first = next(markov_perfect_pure_iter(g))
    assert first.max_gain == 0
    assert "pure stationary Markov perfect" in res.message
    assert res.to_dict()["equilibria"][0]["values"]


# ----------------------------------------------------------------------------------------------
# properties
# ----------------------------------------------------------------------------------------------
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n_states=st.integers(1, 3),
       shape=st.lists(st.integers(1, 3), min_size=1, max_size=3),
       discount=st.sampled_from([0.3, 0.7, 0.95]), sparse=st.booleans())
def test_search_finds_exactly_the_brute_force_equilibria(seed, n_states, shape, discount,
                                                         sparse):
    g = rand_float_game(seed, n_states, tuple(shape), discount, sparse)
    res = markov_perfect_pure(g)
    assert choices(res) == brute_force(g, res.details["tol"])
    for eq in res:
        gain, _ = one_shot_deviation_gain(g, eq.policy)
        assert gain <= res.details["tol"]


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 1000))
def test_exact_and_float_agree_and_exact_gains_are_zero(seed):
    gx = random_game(seed, n_states=3, exact=True)
    rx = markov_perfect_pure(gx)
    rf = markov_perfect_pure(gx.as_float())
    assert choices(rx) == choices(rf)
    assert all(eq.max_gain == 0 for eq in rx)
    for a, b in zip(rx, rf):
        assert np.allclose(np.asarray(a.values, dtype=float), b.values, atol=1e-9)


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 1000), data=st.data())
def test_relabelling_states_and_players_changes_nothing(seed, data):
    g = rand_float_game(seed, 3, (2, 2), 0.8, sparse=False)
    perm = data.draw(st.permutations(range(3)))
    # rebuild the game with states permuted and the two players swapped
    rows = np.asarray(g.payoff_rows).reshape(3, 2, 2, 2)
    T = g.transition_rows.toarray().reshape(3, 2, 2, 3)
    U2 = rows[perm][:, :, :, ::-1].transpose(0, 2, 1, 3)
    T2 = T[perm][..., perm].transpose(0, 2, 1, 3)
    g2 = ct.StochasticGame.from_arrays(U2, T2, discount=0.8)
    a = choices(markov_perfect_pure(g))
    b = choices(markov_perfect_pure(g2))
    mapped = sorted(tuple((pol[perm[s]][1], pol[perm[s]][0]) for s in range(3)) for pol in a)
    assert b == mapped


# ----------------------------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------------------------
def test_bad_input_raises_named_errors():
    g = invest_then_coordinate()
    with pytest.raises(InvalidGameError, match="markov_perfect_pure: expected a StochasticGame"):
        markov_perfect_pure(ct.NormalFormGame.from_bimatrix([[1]], [[1]]))
    with pytest.raises(InvalidParameterError, match="markov_perfect_pure: parameter 'tol'"):
        markov_perfect_pure(g, tol=-1)
    with pytest.raises(InvalidParameterError, match="max_policies must be a positive integer"):
        markov_perfect_pure(g, max_policies=0)
    with pytest.raises(InvalidParameterError, match="exact=True needs a game with exact"):
        markov_perfect_pure(abs_two_state_pd(exact=False), exact=True)

"""Iterated elimination of dominated strategies (contracts.equilibrium.dominance)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

import contracts as ct
from contracts.equilibrium.dominance import (DominanceResult, dominated_actions,
                                             iterated_elimination)
from contracts.equilibrium.pure import pure_nash
from contracts.exceptions import InvalidGameError, InvalidParameterError
from _lp_corpus import game_of, nash_cases, profile_of, pure_action_profile

CASES = nash_cases()


def pure_set(game):
    return {tuple(int(np.argmax(np.asarray(s, float))) for s in eq.strategies)
            for eq in pure_nash(game)}


def test_prisoners_dilemma():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                        players=("government", "agency"),
                                        actions=(("cooperate", "shirk"), ("cooperate", "shirk")))
    res = iterated_elimination(g)
    assert isinstance(res, DominanceResult)
    assert res.solution == (1, 1) and res.is_dominance_solvable
    assert [(e.player, e.action, e.strict, e.round) for e in res.eliminations] == [
        (0, 0, True, 1), (1, 0, True, 1)]
    assert all(e.by_pure for e in res.eliminations)
    text = str(res)
    assert "government's 'cooperate' is strictly dominated by 'shirk'" in text
    assert "dominance solvable" in text
    assert res.game.num_actions == (1, 1) and res.game.actions == (("shirk",), ("shirk",))


@pytest.mark.parametrize("exact", [False, True])
def test_mixed_dominance_needed(exact):
    """Row 3 = (1, 1) is beaten by the half-half mix (3/2, 3/2) but by neither pure row."""
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], np.zeros((3, 2)), exact=exact)
    assert dominated_actions(g, 0) == (2,)
    assert dominated_actions(g, 0, mixed=False) == ()
    res = iterated_elimination(g)
    assert res.survivors == ((0, 1), (0, 1))
    (step,) = res.eliminations
    assert step.strict and not step.by_pure and step.action == 2
    dom = step.dominator
    assert dom[2] == 0 and sum(dom) == 1
    A = g.payoffs[0]
    assert all(dom.dot(A) > A[2])
    if exact:
        assert all(isinstance(p, Fraction) for p in dom)
    assert iterated_elimination(g, mixed=False).survivors == ((0, 1, 2), (0, 1))


@pytest.mark.parametrize("exact", [False, True])
def test_weak_versus_strict(exact):
    # pure: row 2 = (1, 0) is weakly (not strictly) dominated by row 1 = (1, 1)
    g = ct.NormalFormGame.from_bimatrix([[1, 1], [1, 0]], np.zeros((2, 2)), exact=exact)
    assert iterated_elimination(g).survivors == ((0, 1), (0, 1))
    res = iterated_elimination(g, weak=True)
    assert res.survivors == ((0,), (0, 1))
    assert res.eliminations[0].kind == "weak"
    # mixed: (1, 1, 0) is weakly dominated by the mix of (2, 0, 1) and (0, 2, 1) only
    A = [[2, 0, 1], [0, 2, 1], [1, 1, 0]]
    g = ct.NormalFormGame.from_bimatrix(A, np.zeros((3, 3)), exact=exact)
    assert dominated_actions(g, 0) == ()
    assert dominated_actions(g, 0, weak=True) == (2,)
    assert dominated_actions(g, 0, weak=True, mixed=False) == ()
    step = iterated_elimination(g, weak=True).eliminations[0]
    assert not step.strict and not step.by_pure
    d = step.dominator.dot(g.payoffs[0]) - g.payoffs[0][2]
    assert min(d) >= -1e-12 and max(d) > 0
    # equal to a mix is not dominated at all
    g = ct.NormalFormGame.from_bimatrix([[2, 0], [0, 2], [1, 1]], np.zeros((3, 2)), exact=exact)
    assert dominated_actions(g, 0, weak=True) == ()


def test_weak_elimination_order_documented():
    """Weak elimination is order-dependent; ours removes all of a player's dominated actions."""
    A = [[1, 0], [1, 2], [0, 2]]
    B = [[1, 0], [1, 1], [0, 1]]
    g = ct.NormalFormGame.from_bimatrix(A, B, exact=True)
    res = iterated_elimination(g, weak=True)
    # T and B are both weakly dominated by M and go together; then L and R tie against M
    assert res.survivors == ((1,), (0, 1))
    assert {e.action for e in res.eliminations} == {0, 2}
    assert "order-dependent" in str(res)
    # another legitimate order (T first, then L, ...) would end at {M, B} x {R}
    assert iterated_elimination(g).survivors == ((0, 1, 2), (0, 1))


def test_three_players():
    """Player 3's c2 is strictly dominated; then player 1's a2; then player 2's b1."""
    u1 = np.zeros((2, 2, 2))
    u2 = np.zeros((2, 2, 2))
    u3 = np.zeros((2, 2, 2))
    u3[:, :, 0], u3[:, :, 1] = 1, 0                      # c1 always better for player 3
    u1[0, :, 0], u1[1, :, 0] = 2, 1                      # given c1, a1 beats a2
    u1[0, :, 1], u1[1, :, 1] = 0, 3                      # (but not given c2)
    u2[0, 0, 0], u2[0, 1, 0] = 0, 1                      # given (a1, c1): b2 beats b1
    u2[1, 0, 0], u2[1, 1, 0] = 5, 0
    u2[:, 0, 1], u2[:, 1, 1] = 0, 0
    g = ct.NormalFormGame([u1, u2, u3], exact=True)
    res = iterated_elimination(g)
    assert res.solution == (0, 1, 0)
    order = [(e.player, e.action) for e in res.eliminations]
    assert order == [(2, 1), (0, 1), (1, 0)]
    assert [e.round for e in res.eliminations] == [1, 2, 2]
    assert res.rounds == 2
    assert pure_set(g) >= {(0, 1, 0)}


def test_mixed_dominance_three_players():
    u1 = np.zeros((3, 2, 2))
    u1[0] = [[3, 3], [0, 0]]
    u1[1] = [[0, 0], [3, 3]]
    u1[2] = [[1, 1], [1, 1]]
    g = ct.NormalFormGame([u1, np.zeros((3, 2, 2)), np.zeros((3, 2, 2))])
    assert dominated_actions(g, 0) == (2,)
    assert dominated_actions(g, "player 2") == ()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus_strict_elimination_keeps_equilibria(case):
    """Strictly dominated actions are never played in equilibrium; float = exact."""
    game = game_of(case)
    res = iterated_elimination(game.as_exact())
    for eq in case["equilibria"]:
        prof = profile_of(eq)
        for s, keep in zip(prof, res.survivors):
            assert {k for k, p in enumerate(s) if p != 0} <= set(keep)
    assert iterated_elimination(game.as_float()).survivors == res.survivors
    if res.is_dominance_solvable:
        listed = {pure_action_profile(profile_of(e)) for e in case["equilibria"]}
        assert listed == {res.solution}


def test_corpus_mixdom_uses_mixed_dominators():
    case = next(c for c in CASES if c["name"] == "gambit_mixdom")
    res = iterated_elimination(game_of(case))
    assert any(not e.by_pure for e in res.eliminations)
    assert res.is_dominance_solvable


def test_bad_input():
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]])
    with pytest.raises(InvalidGameError, match="iterated_elimination"):
        iterated_elimination("game")
    with pytest.raises(InvalidGameError):
        dominated_actions(g, 2)
    with pytest.raises(InvalidGameError):
        dominated_actions(g, "nobody")
    with pytest.raises(InvalidParameterError, match="tol"):
        iterated_elimination(g, tol=-0.1)


@hst.composite
def small_games(draw):
    n_players = draw(hst.integers(2, 3))
    shape = tuple(draw(hst.lists(hst.integers(1, 4), min_size=n_players, max_size=n_players)))
    size = int(np.prod(shape))
    pay = [np.array(draw(hst.lists(hst.integers(-3, 3), min_size=size, max_size=size))
                    ).reshape(shape) for _ in range(n_players)]
    return ct.NormalFormGame(pay, exact=True)


def _valid_step(game, survivors, e):
    """The recorded dominator really dominates in the game reduced so far."""
    sub = game.payoffs[e.player][np.ix_(*survivors)]
    sub = np.moveaxis(sub, e.player, 0).reshape(len(survivors[e.player]), -1)
    dom = np.array([e.dominator[k] for k in survivors[e.player]], dtype=object)
    d = dom.dot(sub) - sub[survivors[e.player].index(e.action)]
    return all(x > 0 for x in d) if e.strict else (all(x >= 0 for x in d) and any(x > 0 for x in d))


@settings(max_examples=40, deadline=None)
@given(small_games(), hst.booleans())
def test_property_steps_valid_and_equilibria_kept(game, weak):
    res = iterated_elimination(game, weak=weak)
    survivors = [list(range(n)) for n in game.num_actions]
    for rnd in range(1, res.rounds + 1):
        for i in range(game.num_players):
            steps = [e for e in res.eliminations if e.round == rnd and e.player == i]
            for e in steps:
                assert _valid_step(game, survivors, e), str(e)
            survivors[i] = [k for k in survivors[i] if k not in {e.action for e in steps}]
    assert tuple(map(tuple, survivors)) == res.survivors
    assert all(len(s) >= 1 for s in res.survivors)
    # strict elimination keeps every pure equilibrium; weak keeps a subset that is still Nash
    pure = pure_set(game)
    reduced = {tuple(res.survivors[i][a] for i, a in enumerate(p)) for p in pure_set(res.game)}
    if weak:
        assert reduced <= pure
    else:
        assert reduced == pure
    # floats agree with exact arithmetic on integer games
    assert iterated_elimination(game.as_float(), weak=weak).survivors == res.survivors

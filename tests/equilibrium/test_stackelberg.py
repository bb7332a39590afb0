"""Stackelberg equilibria: OpenSpiel corpus cases, commitment value, exact mode, bad input."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.equilibrium.stackelberg import (StackelbergResult, mixed_commitment,
                                               pure_stackelberg, stackelberg)
from contracts.exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from conftest import load_corpus

STACK = [c for c in load_corpus() if c["category"] == "stackelberg"]


def _nash_leader_payoffs(A, B):
    """Leader (row) payoffs of every extreme Nash equilibrium: pygambit's exact enumeration
    (sound on degenerate games), or nashpy when pygambit is missing."""
    try:
        import pygambit as gbt
    except ImportError:
        gbt = None
    if gbt is not None:
        g = gbt.Game.from_arrays(np.asarray(A, dtype=int), np.asarray(B, dtype=int))
        row = list(g.players)[0]
        return [float(p.payoff(row))
                for p in gbt.nash.enummixed_solve(g, rational=True).equilibria]
    import nashpy
    game = nashpy.Game(np.asarray(A, float), np.asarray(B, float))
    return [float(x @ np.asarray(A, float) @ y) for x, y in game.vertex_enumeration()]


@pytest.mark.parametrize("case", STACK, ids=[c["name"] for c in STACK])
def test_openspiel_cases_exact(case):
    A, B = case["payoffs"]
    g = ct.NormalFormGame.from_bimatrix(A, B)
    r = stackelberg(g, exact=True)
    assert r.exact and r.commitment == "mixed"
    assert list(r.leader_strategy) == [Fraction(x) for x in case["leader_strategy"]]
    assert r.follower_response == case["follower_response"]
    assert r.leader_value == Fraction(case["leader_value"])
    assert r.follower_regret == 0
    # committing is worth at least as much as any Nash equilibrium to the leader
    for v in _nash_leader_payoffs(A, B):
        assert float(r.leader_value) >= v - 1e-9


@pytest.mark.parametrize("case", STACK, ids=[c["name"] for c in STACK])
def test_openspiel_cases_float(case):
    A, B = case["payoffs"]
    r = stackelberg(ct.NormalFormGame.from_bimatrix(A, B))
    assert not r.exact
    assert np.allclose(r.leader_strategy, [float(Fraction(x)) for x in case["leader_strategy"]],
                       atol=1e-9)
    assert r.follower_response == case["follower_response"]
    assert abs(r.leader_value - float(Fraction(case["leader_value"]))) < 1e-9
    assert r.follower_regret <= 1e-9


def test_result_is_frozen_and_reads_well():
    g = ct.NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]],
                                        players=("government", "agency"),
                                        actions=(("inspect", "trust"), ("comply", "shirk")))
    r = stackelberg(g, exact=True)
    assert isinstance(r, StackelbergResult)
    with pytest.raises(AttributeError):
        r.leader_value = 0
    text = str(r)
    assert "government commits to" in text and "shirk" in text and "7/2" in text
    assert "leader_value=7/2" in repr(r)
    x, y = r.strategies
    assert list(y) == [0, 1] and list(x) == [Fraction(1, 2), Fraction(1, 2)]
    assert r.value_by_response == (Fraction(2), Fraction(7, 2))
    assert mixed_commitment(g, exact=True).leader_value == r.leader_value


def test_pure_commitment():
    # STACK-GOV-like inspection game: pure commitment (inspect) vs mixed commitment
    g = ct.NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]])
    r = pure_stackelberg(g)
    assert r.commitment == "pure" and r.leader_value == 3.0 and r.follower_response == 1
    assert list(r.leader_strategy) == [0.0, 1.0]
    assert r.value_by_response == (2.0, 3.0)
    assert stackelberg(g, commitment="pure", exact=True).leader_value == Fraction(3)
    # follower indifferent: ties are broken for the leader
    g2 = ct.NormalFormGame.from_bimatrix([[3, 9], [9, 1]], [[0, 0], [1, 8]])
    r2 = pure_stackelberg(g2)
    assert r2.follower_response == 1 and r2.leader_value == 9.0


def test_leader_can_be_the_column_player():
    A, B = [[3, 9], [9, 1]], [[0, 0], [1, 8]]
    g = ct.NormalFormGame.from_bimatrix(A, B, players=("row", "col"))
    r1 = stackelberg(g, leader="col", exact=True)
    r2 = stackelberg(ct.NormalFormGame.from_bimatrix(np.array(B).T, np.array(A).T), exact=True)
    assert r1.leader == 1 and r1.follower == 0
    assert r1.leader_value == r2.leader_value
    assert list(r1.leader_strategy) == list(r2.leader_strategy)
    x, y = r1.strategies
    assert len(x) == 2 and x[r1.follower_response] == 1


def test_bad_input():
    g3 = ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 2, 3)))
    with pytest.raises(UnsupportedGameError):
        stackelberg(g3)
    g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError):
        stackelberg(g, leader=2)
    with pytest.raises(InvalidParameterError):
        stackelberg(g, leader="nobody")
    with pytest.raises(InvalidParameterError):
        stackelberg(g, commitment="correlated")
    with pytest.raises(InvalidGameError):
        stackelberg([[1, 2], [3, 4]])


games = st.tuples(st.integers(2, 3), st.integers(2, 3), st.integers(0, 10**6)).map(
    lambda t: np.random.default_rng(t[2]).integers(-5, 6, (2, t[0], t[1])))


@settings(max_examples=25, deadline=None)
@given(games)
def test_commitment_properties(AB):
    A, B = AB
    g = ct.NormalFormGame.from_bimatrix(A, B)
    mixed = stackelberg(g, exact=True)
    flt = stackelberg(g)
    pure = stackelberg(g, commitment="pure", exact=True)
    # exact and float agree; the response is a best response; mixing never hurts the leader
    assert abs(float(mixed.leader_value) - flt.leader_value) < 1e-8
    assert mixed.follower_regret == 0
    x = mixed.leader_strategy
    assert sum(x) == 1 and all(p >= 0 for p in x)
    payoffs = [sum(x[i] * int(B[i, j]) for i in range(len(x))) for j in range(B.shape[1])]
    assert payoffs[mixed.follower_response] == max(payoffs)
    assert mixed.leader_value >= pure.leader_value
    assert mixed.leader_value == max(v for v in mixed.value_by_response if v is not None)
    for v in _nash_leader_payoffs(A, B):
        assert float(mixed.leader_value) >= v - 1e-9

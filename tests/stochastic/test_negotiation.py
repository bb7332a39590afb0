"""Repeated negotiation equilibria (Kranz's RNE): hold-up and the vulnerability paradox."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.exceptions import (
    InvalidGameError,
    InvalidParameterError,
    UnsupportedGameError,
)
from contracts.stochastic.negotiation import repeated_negotiation
from contracts.stochastic.transfers import relational_contract


def mutual_gift(discount):
    """Kranz, "Analyzing Relational Contracts with R: Part 2" (RelationalContracts blog,
    inst/blog/RelationalContractsBlog2): in x_0 player 1 chooses to become permanently
    vulnerable (x_vul, where player 2 may cut 1's payoff by 1 at no cost) or not (x_not); in
    both states the players then play a mutual gift game with efforts on a 0.1 grid,
    pi_1 = e_2 - e_1^2/2, pi_2 = e_1 - max(e_2, 0)^2/2."""
    grid = np.round(np.arange(11) / 10, 10)
    e2v = np.concatenate([[-1.0], grid])
    not_ = np.array([[(b - 0.5 * a * a, a - 0.5 * b * b) for b in grid] for a in grid])
    vul = np.array([[(b - 0.5 * a * a, a - 0.5 * max(b, 0) ** 2) for b in e2v] for a in grid])
    T0 = np.zeros((2, 1, 3))
    T0[0, 0, 2] = T0[1, 0, 1] = 1
    Tn = np.zeros(not_.shape[:2] + (3,))
    Tn[..., 1] = 1
    Tv = np.zeros(vul.shape[:2] + (3,))
    Tv[..., 2] = 1
    labels = tuple(f"{e:g}" for e in grid)
    return ct.StochasticGame(
        {"x_0": np.zeros((2, 1, 2)), "x_not": not_, "x_vul": vul},
        {"x_0": T0, "x_not": Tn, "x_vul": Tv}, discount=discount,
        actions={"x_0": (("vul", "not"), ("wait",)), "x_not": (labels, labels),
                 "x_vul": (labels, tuple(f"{e:g}" for e in e2v))})


def holdup(discount, inv=(0, 1, 2)):
    """Kranz's classic hold-up game (same blog post): player 1 invests `inv` at cost 0.7 inv;
    then each period both may agree to trade, which splits the surplus inv equally and ends
    the game; without agreement they wait."""
    n = len(inv) + 2
    stages = {"x_invest": np.array([[(-0.7 * k, 0.0)] for k in inv])}
    trans = {"x_invest": np.zeros((len(inv), 1, n))}
    for j, k in enumerate(inv):
        trans["x_invest"][j, 0, 1 + j] = 1
        s = np.zeros((2, 2, 2))
        s[1, 1] = (0.5 * k, 0.5 * k)
        t = np.zeros((2, 2, n))
        t[..., 1 + j] = 1
        t[1, 1] = 0
        t[1, 1, n - 1] = 1
        stages[f"x_{k}"], trans[f"x_{k}"] = s, t
    stages["x_end"] = np.zeros((1, 1, 2))
    trans["x_end"] = np.zeros((1, 1, n))
    trans["x_end"][0, 0, n - 1] = 1
    return ct.StochasticGame(stages, trans, discount=discount,
                             actions={"x_invest": (tuple(map(str, inv)), ("-",))})


def test_vulnerability_paradox():
    """Blog results: with δ = 0.3 the SPE implements efforts 0.6 in x_not (U = 0.84) and 0.9 in
    x_vul (U = 0.99, v_1 = -1, v_2 = 0), and player 1 makes herself vulnerable; with the adjusted
    discount δ(1 - ρ) = 0.3 held fixed she does so in an RNE when ρ = 0.1 but not when ρ = 0.5."""
    spe = relational_contract(mutual_gift(0.3))
    assert spe.verified and spe.equilibrium_actions[0] == ("vul", "wait")
    assert spe.equilibrium_actions[1:] == (("0.6", "0.6"), ("0.9", "0.9"))
    np.testing.assert_allclose(spe.joint_payoff[1:], [0.84, 0.99], atol=1e-12)
    np.testing.assert_allclose(spe.punishment_payoffs[1:], [[0, 0], [-1, 0]], atol=1e-12)
    for rho, choice in ((0.5, "not"), (0.1, "vul"), (0.0, "vul")):
        eq = repeated_negotiation(mutual_gift(0.3 / (1 - rho)), negotiation_probability=rho)
        assert eq.verified and eq.max_violation <= 1e-9
        assert eq.equilibrium_actions[0][0] == choice, rho
        assert eq.equilibrium_actions[1:] == (("0.6", "0.6"), ("0.9", "0.9"))
        np.testing.assert_allclose(eq.joint_payoff[1:], [0.84, 0.99], atol=1e-12)
    # vulnerability raises joint payoffs but ruins player 1's negotiated payoff
    assert eq.negotiation_payoffs[2, 0] < 0 < eq.negotiation_payoffs[1, 0]


def test_holdup_threshold():
    """Blog results (δ = 0.9, payoffs as discounted sums = U / (1 - δ)): SPE and ρ = 0.05 invest
    2 with U = 0.4 and r = (0.2, 0.2); ρ = 0.2 and ρ = 1 invest nothing. Hand-derived threshold:
    with v_i(x_k) = δρ r_i / (1 - δ(1-ρ)) and r_i = U/2 in trade state x_k, investing 2 is
    enforceable iff 0.05ρ / (0.1 + 0.9ρ) <= 1/45, i.e. ρ <= 2/27 ≈ 0.074 ("roughly 7.4%")."""
    g = holdup(0.9)
    for rho, inv in ((0.0, "2"), (0.05, "2"), (0.2, "0"), (1.0, "0"),
                     (2 / 27 - 1e-4, "2"), (2 / 27 + 1e-4, "0")):
        eq = repeated_negotiation(g, negotiation_probability=rho)
        assert eq.verified
        assert eq.equilibrium_actions[0][0] == inv, rho
        if inv == "2":
            assert eq.joint_payoff[0] / 0.1 == pytest.approx(0.4, abs=1e-12)
            np.testing.assert_allclose(eq.negotiation_payoffs[0] / 0.1, [0.2, 0.2], atol=1e-12)
        np.testing.assert_allclose(eq.joint_payoff[1:4] / 0.1, [0, 1, 2], atol=1e-12)
    spe = relational_contract(g)
    assert spe.equilibrium_actions[0][0] == "2"


def test_zero_negotiation_is_the_spe():
    g = mutual_gift(0.4)
    eq = repeated_negotiation(g, negotiation_probability=0.0)
    rc = relational_contract(g)
    np.testing.assert_allclose(eq.joint_payoff, rc.joint_payoff, atol=1e-12)
    np.testing.assert_allclose(eq.punishment_payoffs, rc.punishment_payoffs, atol=1e-12)


def _directional_game(seed, n_states=3):
    """Random game where state k moves only to itself or to higher states."""
    rng = np.random.default_rng(seed)
    pay = rng.integers(-3, 5, size=(n_states, 2, 2, 2)).astype(float)
    w = rng.integers(0, 3, size=(n_states, 2, 2, n_states)).astype(float)
    for k in range(n_states):
        w[k, ..., :k] = 0
        w[k, ..., k] += 1
    P = w / w.sum(axis=-1, keepdims=True)
    return ct.StochasticGame.from_arrays(pay, P, discount=0.7)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 5000))
def test_rho_zero_matches_spe_on_random_directional_games(seed):
    g = _directional_game(seed)
    rc = relational_contract(g)
    try:
        eq = repeated_negotiation(g, negotiation_probability=0.0)
    except UnsupportedGameError:
        assert not rc.exists
        return
    assert eq.verified
    if rc.exists:
        np.testing.assert_allclose(eq.joint_payoff, rc.joint_payoff, atol=1e-9)
        np.testing.assert_allclose(eq.punishment_payoffs, rc.punishment_payoffs, atol=1e-9)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 5000), rho=st.sampled_from([0.1, 0.5, 0.9]))
def test_rne_verified_on_random_directional_games(seed, rho):
    g = _directional_game(seed)
    try:
        eq = repeated_negotiation(g, negotiation_probability=rho)
    except UnsupportedGameError:
        return
    assert eq.verified and eq.max_violation <= 1e-8
    # negotiated payoffs split the joint payoff
    np.testing.assert_allclose(eq.negotiation_payoffs.sum(axis=1), eq.joint_payoff, atol=1e-9)
    assert np.all(eq.negotiation_payoffs >= eq.punishment_payoffs - 1e-9)


def test_result_printing_and_dict():
    eq = repeated_negotiation(holdup(0.9), negotiation_probability=0.05, bargaining_power=0.3)
    assert "negotiation_probability=0.05" in repr(eq) and "x_invest" in str(eq)
    d = eq.to_dict()
    assert d["bargaining_power"] == [0.3, 0.7] and d["verified"]
    assert eq.order[-1] == "x_invest"          # solved last: every other state follows it


def test_bad_input():
    pd = ct.NormalFormGame.from_bimatrix([[2, -1], [3, 0]], [[2, 3], [-1, 0]])
    with pytest.raises(InvalidGameError, match="repeated_negotiation"):
        repeated_negotiation(pd, negotiation_probability=0.5)
    cyc = ct.StochasticGame({"a": [[[1, 1]]], "b": [[[0, 0]]]},
                            {"a": [[[0, 1]]], "b": [[[1, 0]]]}, discount=0.9)
    with pytest.raises(UnsupportedGameError, match="cycle"):
        repeated_negotiation(cyc, negotiation_probability=0.5)
    three = ct.StochasticGame({"a": np.zeros((1, 1, 1, 3))}, {"a": np.ones((1, 1, 1, 1))},
                              discount=0.9)
    with pytest.raises(UnsupportedGameError, match="two players"):
        repeated_negotiation(three, negotiation_probability=0.5)
    with pytest.raises(InvalidParameterError, match="negotiation_probability"):
        repeated_negotiation(holdup(0.9), negotiation_probability=1.5)
    with pytest.raises(InvalidParameterError, match="bargaining_power"):
        repeated_negotiation(holdup(0.9), negotiation_probability=0.5, bargaining_power=-1)
    mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    with pytest.raises(UnsupportedGameError, match="no pure"):
        repeated_negotiation(ct.StochasticGame.from_repeated(ct.RepeatedGame(mp, 0.9)),
                             negotiation_probability=0.5)

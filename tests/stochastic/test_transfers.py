"""Relational contracts with transfers in stochastic games (Goldlücke–Kranz)."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

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
from contracts.stochastic import one_shot_deviation_gain, policy_values, pure_policy
from contracts.stochastic.transfers import (
    _Rows,
    enforcement_slack,
    plan,
    relational_contract,
    verify,
)


# ---------------------------------------------------------------------------------------------
# games
# ---------------------------------------------------------------------------------------------
def abs_pd(discount, exact=False):
    """The two-state prisoner's dilemma of Abreu, Brooks and Sannikov (2020, p. 11), as coded in
    Kranz's dyngame replication of Goldlücke & Kranz (2018, Sect. 4.4): state 2 adds 2 to every
    payoff; CC and DD move to (1/3, 2/3) from state 1 and (2/3, 1/3) from state 2, any other
    profile to (1/2, 1/2)."""
    one = F(1) if exact else 1.0
    A = np.array([[2, -1], [3, 0]], dtype=object if exact else float) * one
    pay = np.empty((2, 2, 2, 2), dtype=object if exact else float)
    for s in range(2):
        pay[s, :, :, 0] = A + 2 * s
        pay[s, :, :, 1] = A.T + 2 * s
    P = np.empty((2, 2, 2, 2), dtype=object if exact else float)
    P[...] = one / 2
    P[0, 0, 0] = P[0, 1, 1] = [one / 3, 2 * one / 3]
    P[1, 0, 0] = P[1, 1, 1] = [2 * one / 3, one / 3]
    return ct.StochasticGame(dict(zip(("s1", "s2"), pay)),
                             dict(zip(("s1", "s2"), P)), discount=discount,
                             actions={"s1": (("C", "D"), ("C", "D")),
                                      "s2": (("C", "D"), ("C", "D"))}, exact=exact)


def cournot_reserves(cap, K, inc, discount):
    """Goldlücke & Kranz (2018, Sect. 4.3): Cournot duopoly with water reserves. State
    (x1, x2) = reserves; firm i sells q_i in 0..x_i at price max(K - q1 - q2, 0); reserves
    become min(x_i - q_i + r_i, cap) with r_i drawn independently and uniformly from ``inc``."""
    states = [(a, b) for a in range(cap + 1) for b in range(cap + 1)]
    draws = [(u, w) for u in inc for w in inc]

    def acts(s):
        return [range(s[0] + 1), range(s[1] + 1)]

    def pay(s, a):
        q1, q2 = int(a[0]), int(a[1])
        P = max(K - q1 - q2, 0)
        return (P * q1, P * q2)

    def tr(s, a):
        out = {}
        for u, w in draws:
            t = (min(s[0] - int(a[0]) + u, cap), min(s[1] - int(a[1]) + w, cap))
            out[t] = out.get(t, 0) + 1 / len(draws)
        return out
    return ct.StochasticGame.from_functions(states, acts, pay, tr, discount=discount)


def levin_game(discount, efforts, outside=(0.0, 0.0)):
    """Levin's (2003) stationary relational contract as a one-state game: the principal
    (player 0) employs or exits, the agent chooses effort e (value e to the principal, cost
    e^2/2 to the agent) or exits; either exit gives both their outside options."""
    pi_bar, u_bar = outside
    P_act = ["employ", "exit"] if outside != (0.0, 0.0) else ["employ"]
    A_act = [repr(float(e)) for e in efforts] + (["exit"] if len(P_act) == 2 else [])
    pay = np.empty((len(P_act), len(A_act), 2))
    for i, p in enumerate(P_act):
        for j, a in enumerate(A_act):
            if p == "exit" or a == "exit":
                pay[i, j] = (pi_bar, u_bar)
            else:
                e = efforts[j]
                pay[i, j] = (e, -e * e / 2)
    return ct.StochasticGame({"x": pay}, {"x": np.ones(pay.shape[:2] + (1,))},
                             discount=discount, players=("principal", "agent"),
                             actions={"x": (tuple(P_act), tuple(A_act))})


def small_random(seed, n_states=2, exact=False):
    rng = np.random.default_rng(seed)
    pay = rng.integers(-3, 5, size=(n_states, 2, 2, 2)).astype(float)
    w = rng.integers(0, 3, size=(n_states, 2, 2, n_states)) + (np.arange(n_states) == 0)
    P = w / w.sum(axis=-1, keepdims=True)
    return pay, P


# ---------------------------------------------------------------------------------------------
# known answers
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("delta, U, v, play", [
    # dyngame, examples/article/4_4_ABS_vs_GK (Goldlücke & Kranz 2018, Sect. 4.4): print.sol
    (0.7, (5.51, 6.49), (0.76, 1.24), ("C", "C")),
    (0.357, (4.85, 7.15), (0.43, 1.57), ("C", "C")),
    (0.356, (0.85, 3.15), (0.42, 1.58), ("D", "D")),
])
def test_abs_two_state_pd_matches_dyngame(delta, U, v, play):
    rc = relational_contract(abs_pd(delta))
    assert rc.verified and rc.max_gain <= 1e-9
    np.testing.assert_allclose(rc.joint_payoff, U, atol=0.005)
    np.testing.assert_allclose(rc.punishment_payoffs, np.array([v, v]).T, atol=0.005)
    assert rc.equilibrium_actions == (play, play)


def test_abs_two_state_pd_closed_form_exact():
    """Hand-derived: CC for ever gives U = (1-δ)Π + δ P_CC U; player 1 is punished by (C, D),
    to which she replies D, so v_1 solves the same equation with DD payoffs and transitions."""
    d = F(7, 10)
    P = np.array([[F(1, 3), F(2, 3)], [F(2, 3), F(1, 3)]], dtype=object)
    M = np.eye(2) - 0.7 * P.astype(float)
    U = np.linalg.solve(M, 0.3 * np.array([4.0, 8.0]))
    v = np.linalg.solve(M, 0.3 * np.array([0.0, 2.0]))
    # by Cramer's rule: U = (204/37, 240/37), v = (28/37, 46/37)
    assert np.allclose(U, [204 / 37, 240 / 37]) and np.allclose(v, [28 / 37, 46 / 37])
    rc = relational_contract(abs_pd(d, exact=True))
    assert rc.exact and rc.verified and rc.max_gain == 0 and rc.residual == 0
    assert list(rc.joint_payoff) == [F(204, 37), F(240, 37)]
    assert [list(r) for r in rc.punishment_payoffs] == [[F(28, 37)] * 2, [F(46, 37)] * 2]
    assert rc.punishment_actions[0] == (("C", "D"), ("C", "D"))
    flt = relational_contract(abs_pd(0.7))
    np.testing.assert_allclose(flt.joint_payoff, [204 / 37, 240 / 37], rtol=1e-12)
    np.testing.assert_allclose(flt.punishment_payoffs.astype(float),
                               np.array(rc.punishment_payoffs, dtype=float), rtol=1e-12)


# dyngame, examples/article/4_4_ABS_vs_GK.html, `print.sol(sol)` for the Cournot game with
# x.cap = K = 5, reserves drawn from {0, 1, 2}, delta = 0.7: state, U, v1, v2 (2 decimals)
COURNOT5 = [((0, 0), 3.67, 1.73, 1.73), ((0, 1), 4.87, 1.73, 2.93), ((0, 2), 5.47, 1.58, 3.53),
            ((0, 3), 5.75, 1.58, 3.93), ((0, 4), 5.88, 1.43, 4.16), ((0, 5), 5.94, 1.31, 4.31),
            ((1, 0), 4.87, 2.93, 1.73), ((1, 1), 5.47, 2.63, 2.63), ((1, 2), 5.75, 2.33, 3.03),
            ((1, 3), 5.88, 2.18, 3.33), ((1, 4), 5.94, 1.89, 3.56)]


def test_cournot_reserves_small_matches_dyngame():
    g = cournot_reserves(5, 5, (0, 1, 2), 0.7)
    rc = relational_contract(g)
    assert rc.verified and rc.max_gain <= 1e-9
    for s, U, v1, v2 in COURNOT5:
        k = g.state_index(s)
        assert abs(rc.joint_payoff[k] - U) <= 0.006, s
        np.testing.assert_allclose(rc.punishment_payoffs[k], [v1, v2], atol=0.006)


@pytest.mark.slow
def test_cournot_reserves_paper_parametrisation():
    """Goldlücke & Kranz (2018, Sect. 4.3), dyngame examples/dyn_cournotreserves.md: K = 20,
    reserves capped at 20, increments uniform on {3, 4}, delta = 2/3 (441 states)."""
    g = cournot_reserves(20, 20, (3, 4), 2 / 3)
    rc = relational_contract(g)
    assert rc.verified and rc.max_gain <= 1e-8
    expected = [(60.33, 30.17, 30.17), (66.67, 30.17, 36.50), (72.33, 30.17, 42.17),
                (77.33, 30.17, 47.17), (81.67, 30.17, 51.50), (85.33, 30.17, 55.17)]
    for q2, (U, v1, v2) in enumerate(expected):
        k = g.state_index((0, q2))
        assert abs(rc.joint_payoff[k] - U) <= 0.006
        np.testing.assert_allclose(rc.punishment_payoffs[k], [v1, v2], atol=0.006)
        assert rc.equilibrium_actions[k] == ("0", str(q2))      # sell all the reserves


@pytest.mark.parametrize("oracle, delta, sbar", [("LEVIN-1", 0.3, 0.0), ("LEVIN-2", 0.4, 0.1)])
def test_one_state_reproduces_levin(oracle, delta, sbar):
    # LEVIN-1: delta 0.3, sbar 0 -> effort 0.6, bonus 0.18, surplus 0.42
    # LEVIN-2: delta 0.4, sbar 0.1 -> effort 0.68284..., bonus 0.23314..., surplus 0.44971...
    lev = ct.agency.LevinRelational(discount=delta, outside_surplus=sbar).solve().extra
    expected = {"LEVIN-1": (0.6, 0.18, 0.42),
                "LEVIN-2": (0.6828427124746191, 0.2331370849898477, 0.44970562748477144)}[oracle]
    assert np.allclose((lev["effort"], lev["bonus"], lev["surplus"]), expected, atol=1e-9)
    e_star = lev["effort"]
    grid = sorted(set(np.round(np.linspace(0, 1, 21), 12)) | {e_star})
    g = levin_game(delta, grid, outside=(sbar, 0.0))
    rc = relational_contract(g, bargaining_power=(1, 0))       # the principal keeps the slack
    assert rc.verified
    emp = rc.equilibrium_actions[0]
    assert emp[0] == "employ" and float(emp[1]) == pytest.approx(e_star, abs=1e-12)
    assert rc.joint_payoff[0] == pytest.approx(lev["surplus"], abs=1e-12)
    np.testing.assert_allclose(rc.punishment_payoffs[0], [sbar, 0.0], atol=1e-12)
    assert rc.binding == ("x",)                          # Levin: the credibility constraint binds
    # the agent's bonus, paid at the start of the next period, is worth c(e*) today
    assert delta * rc.transfers("x", "x")[1] == pytest.approx(lev["bonus"], abs=1e-12)
    # the grid reaches beyond e*, and every effort above e* fails Levin's condition
    assert max(grid) > e_star + 0.1
    assert all(e <= e_star + 1e-12 or ct.agency.LevinRelational(
        discount=delta, outside_surplus=sbar).enforcement_slack(e) < 0 for e in grid)


def test_transfers_contain_repeated_game_payoff_set():
    """One state: every no-transfer SPE payoff (the library's exact repeated-game set) lies in
    the transfer simplex {u_1 + u_2 <= U, u_i >= v_i}; here the best symmetric SPE is on the
    frontier, so the highest joint payoffs coincide."""
    pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    for d in (0.2, 0.75):
        V = ct.RepeatedGame(pd, d).payoff_set(method="exact")
        rc = relational_contract(ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, d)))
        verts = np.asarray(V.vertices, dtype=float)
        assert np.all(verts.sum(axis=1) <= rc.joint_payoff[0] + 1e-9)
        assert np.all(verts >= rc.punishment_payoffs[0] - 1e-9)
        assert verts.sum(axis=1).max() == pytest.approx(rc.joint_payoff[0], abs=1e-9)


def test_transfers_enlarge_the_set_with_asymmetric_temptations():
    """Hand-derived. PD with CC = (4, 4), player 1's temptation 6, player 2's 3 (< 4, so she
    never deviates from CC), DD = (0, 0) = both minmax payoffs. With transfers CC is enforceable
    iff c_1 + c_2 = (1-δ)(6 + 4) <= 8, i.e. δ >= 1/5; below, (D, C) with joint payoff 5 needs
    (1-δ) 6 <= 5, i.e. δ >= 1/6, and below that only DD is left. Without transfers player 1 alone must be held to CC, which fails for
    δ < 1/3 (the library's exact repeated-game set is then only the point DD)."""
    pd = ct.NormalFormGame.from_bimatrix([[4, -1], [6, 0]], [[4, 3], [-1, 0]])
    for d, U in ((0.25, 8.0), (0.21, 8.0), (0.19, 5.0), (0.17, 5.0), (0.16, 0.0)):
        rc = relational_contract(ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, d)))
        assert rc.joint_payoff[0] == pytest.approx(U, abs=1e-12)
        np.testing.assert_allclose(rc.punishment_payoffs[0], [0, 0], atol=1e-12)
    V = ct.RepeatedGame(pd, 0.25).payoff_set(method="exact")
    assert np.abs(np.asarray(V.vertices, dtype=float)).max() < 1e-9


def test_no_pure_equilibrium():
    mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    rc = relational_contract(ct.StochasticGame.from_repeated(ct.RepeatedGame(mp, 0.9)))
    assert not rc.exists and "no action profile" in rc.message
    assert "exists=False" in repr(rc)
    with pytest.raises(InvalidParameterError):
        rc.payoff_set(0)


# ---------------------------------------------------------------------------------------------
# the plan and its verification
# ---------------------------------------------------------------------------------------------
def test_plan_transfers_and_payoff_set():
    g = abs_pd(0.7)
    rc = relational_contract(g, bargaining_power=(0.5, 0.5))
    tri = rc.payoff_set("s1")
    assert tri.shape == (3, 2) and np.allclose(tri[0], rc.punishment_payoffs[0])
    assert np.allclose(tri[1:].sum(axis=1), rc.joint_payoff[0])
    # transfers after the path profile sum to zero (budget balance) in every successor
    for x, y in itertools.product(("s1", "s2"), repeat=2):
        for phase in ("equilibrium", 0, "player 2"):
            assert abs(rc.transfers(x, y, phase=phase).sum()) <= 1e-9
    np.testing.assert_allclose(rc.path_payoffs.sum(axis=1), rc.joint_payoff)
    np.testing.assert_allclose(rc.bargaining_payoffs("s2"),
                               rc.punishment_payoffs[1] + (rc.joint_payoff[1]
                                                           - rc.punishment_payoffs[1].sum()) / 2)
    d = rc.to_dict()
    assert d["verified"] and len(d["joint_payoff"]) == 2 and "s1" in str(rc)
    with pytest.raises(InvalidParameterError):
        rc.transfers("s1", "s2", phase="nobody")


def test_verification_catches_an_unenforceable_plan():
    """Claim CC in both states of the ABS game at δ = 0.2 (not enforceable): the one-shot check
    must find a profitable deviation."""
    g = abs_pd(0.2)
    rc = relational_contract(g)
    assert rc.equilibrium_actions == (("D", "D"), ("D", "D")) and rc.verified
    rows = _Rows(g)
    cc = rows.row_start[:-1].copy()                      # profile (C, C) in each state
    U = np.linalg.solve(np.eye(2) - 0.2 * rows.T[cc].toarray(), 0.8 * rows.Pi[cc])
    v = np.asarray(rc.punishment_payoffs, dtype=float)
    acts = list(rc.extra["rows"]["punishment"])
    p = plan(rows, 0.2, U, v, cc, acts, np.array([0.5, 0.5]))
    gain, _ = verify(rows, 0.2, U, v, cc, acts, p["shares"], p["z"])
    assert gain > 0.1
    assert np.all(enforcement_slack(rows, 0.2, U, v)[cc] < 0)


def _pure_mpe_values(game):
    """Values of every pure stationary Markov perfect equilibrium (enumeration)."""
    out = []
    choices = [list(itertools.product(*[range(k) for k in game.num_actions(s)]))
               for s in range(game.n_states)]
    for combo in itertools.product(*choices):
        pol = pure_policy(game, list(combo))
        if one_shot_deviation_gain(game, pol)[0] <= 1e-9:
            out.append(policy_values(game, pol))
    return out


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), d=st.sampled_from([0.3, 0.6, 0.9]))
def test_properties_random_two_state_games(seed, d):
    pay, P = small_random(seed)
    g = ct.StochasticGame.from_arrays(pay, P, discount=d)
    rc = relational_contract(g)
    mpes = _pure_mpe_values(g)
    if not rc.exists:
        assert not mpes                      # an MPE would be an SPE
        return
    assert rc.verified and rc.max_gain <= 1e-8
    for V in mpes:                           # transfers never lower the highest joint payoff
        assert np.all(V.sum(axis=1) <= rc.joint_payoff + 1e-8)
        assert np.all(V >= rc.punishment_payoffs - 1e-8)
    # relabelling the states (reversing their order) changes nothing
    g2 = ct.StochasticGame.from_arrays(pay[::-1], P[::-1, ..., ::-1], discount=d)
    rc2 = relational_contract(g2)
    np.testing.assert_allclose(rc2.joint_payoff[::-1], rc.joint_payoff, atol=1e-9)
    np.testing.assert_allclose(rc2.punishment_payoffs[::-1], rc.punishment_payoffs, atol=1e-9)
    # swapping the two players swaps the punishment payoffs
    g3 = ct.StochasticGame.from_arrays(pay.transpose(0, 2, 1, 3)[..., ::-1],
                                       P.transpose(0, 2, 1, 3), discount=d)
    rc3 = relational_contract(g3)
    np.testing.assert_allclose(rc3.joint_payoff, rc.joint_payoff, atol=1e-9)
    np.testing.assert_allclose(rc3.punishment_payoffs[:, ::-1], rc.punishment_payoffs, atol=1e-9)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_exact_and_float_agree(seed):
    pay, P = small_random(seed)
    w = np.rint(P * 6).astype(int)          # probabilities with denominators dividing 6
    fr = np.vectorize(lambda a: F(int(a)), otypes=[object])
    Px = np.empty(P.shape, dtype=object)
    for idx in np.ndindex(P.shape[:-1]):
        row = np.rint(P[idx] * 12).astype(int)
        row[0] += 12 - row.sum()
        if row[0] < 0:
            row = np.array([12] + [0] * (len(row) - 1))
        Px[idx] = [F(int(k), 12) for k in row]
    del w
    gx = ct.StochasticGame.from_arrays(list(fr(pay)), list(Px), discount=F(3, 4))
    gf = ct.StochasticGame.from_arrays(pay, Px.astype(float), discount=0.75)
    rx, rf = relational_contract(gx), relational_contract(gf)
    assert rx.exists == rf.exists
    if rx.exists:
        assert rx.exact and rx.max_gain == 0 and rx.residual == 0 and rx.verified
        np.testing.assert_allclose(np.array(rx.joint_payoff, dtype=float), rf.joint_payoff,
                                   atol=1e-9)
        np.testing.assert_allclose(np.array(rx.punishment_payoffs, dtype=float),
                                   rf.punishment_payoffs, atol=1e-9)


def test_joint_payoff_rises_with_discount_in_repeated_games():
    pd = ct.NormalFormGame.from_bimatrix([[4, -1], [6, 0]], [[4, 3], [-1, 0]])
    Us = [relational_contract(ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, d)))
          .joint_payoff[0] for d in np.linspace(0.05, 0.95, 19)]
    assert np.all(np.diff(Us) >= -1e-12) and Us[0] == 0 and Us[-1] == 8


def test_joint_payoff_need_not_rise_with_discount_across_states():
    """Average discounted payoffs: a rich state that leads for sure to a poor absorbing state is
    worth less the more patient the players (U = 10(1-δ)); the enforceable set still grows."""
    g = lambda d: ct.StochasticGame({"rich": [[[5, 5]]], "poor": [[[0, 0]]]},
                                    {"rich": [[[0, 1]]], "poor": [[[0, 1]]]}, discount=d)
    assert relational_contract(g(0.9)).joint_payoff[0] < relational_contract(g(0.5)).joint_payoff[0]


# ---------------------------------------------------------------------------------------------
# dispatcher and bad input
# ---------------------------------------------------------------------------------------------
def test_dispatch_through_solve():
    g = abs_pd(0.7)
    for name in ("relational", "relational_contract", "transfers", "goldlucke-kranz"):
        rc = ct.solve(g, method=name)
        assert rc.verified and rc.joint_payoff[0] == pytest.approx(204 / 37)


def test_bad_input():
    pd = ct.NormalFormGame.from_bimatrix([[2, -1], [3, 0]], [[2, 3], [-1, 0]])
    with pytest.raises(InvalidGameError, match="relational_contract"):
        relational_contract(pd)
    g2 = ct.StochasticGame({"x": pd}, {"x": np.ones((2, 2, 1))}, discount=(0.5, 0.6))
    with pytest.raises(UnsupportedGameError, match="common discount"):
        relational_contract(g2)
    g = abs_pd(0.7)
    with pytest.raises(InvalidParameterError, match="tol"):
        relational_contract(g, tol=0)
    with pytest.raises(InvalidParameterError, match="max_iter"):
        relational_contract(g, max_iter=0)
    with pytest.raises(InvalidParameterError, match="bargaining_power"):
        relational_contract(g, bargaining_power=(0.7, 0.7))
    with pytest.raises(InvalidParameterError, match="exact"):
        relational_contract(g, exact=True)


# ---------------------------------------------------------------------------------------------
# capped transfers (limited liability)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cap", [0.5, 0.3, 0.2, 0.15])
def test_capped_levin_hand_derived(cap):
    """Hand-derived: the agent's bonus for effort e is paid at the start of the next period and
    must be worth c(e) = e^2/2 today, so it is c(e)/δ; with payments capped at L the largest
    implementable effort satisfies e^2/2 <= δ L (δ = 0.3)."""
    grid = list(np.round(np.linspace(0, 1, 21), 10))
    g = levin_game(0.3, grid)
    rc = relational_contract(g, max_transfer=cap, bargaining_power=(1, 0))
    assert rc.verified and rc.max_gain <= 1e-9
    e = max(x for x in grid if x * x / 2 <= 0.3 * cap + 1e-12)
    assert float(rc.equilibrium_actions[0][1]) == pytest.approx(e)
    assert rc.joint_payoff[0] == pytest.approx(e - e * e / 2)
    assert rc.extra["cap_binds"] == ("x",)
    paid = -rc.transfers("x", "x")
    assert paid.max() <= cap + 1e-9 and paid[0] > 0          # the principal pays the bonus
    assert rc.extra["uncapped_joint_payoff"][0] == pytest.approx(0.42)
    with pytest.raises(UnsupportedGameError, match="simplex"):
        rc.payoff_set("x")


def test_cap_that_does_not_bind_changes_nothing():
    g = abs_pd(0.7)
    free, capped = relational_contract(g), relational_contract(g, max_transfer=50.0)
    np.testing.assert_allclose(capped.joint_payoff, free.joint_payoff, atol=1e-9)
    assert capped.extra["cap_binds"] == () and capped.verified
    assert "capped at" in str(capped)
    # tighter caps only weaken the punishments in this game (CC needs no payments)
    v = [relational_contract(g, max_transfer=L).punishment_payoffs[:, 0] for L in (5, 1, 0)]
    assert np.all(np.diff(np.array(v), axis=0) >= -1e-9)


def test_capped_joint_payoff_rises_with_the_cap():
    g = levin_game(0.3, list(np.round(np.linspace(0, 1, 21), 10)))
    Us = [relational_contract(g, max_transfer=L).joint_payoff[0] for L in (0.15, 0.2, 0.3, 0.6)]
    assert np.all(np.diff(Us) >= -1e-12) and Us[-1] == pytest.approx(0.42)


def test_verification_catches_payments_above_the_cap():
    g = levin_game(0.3, list(np.round(np.linspace(0, 1, 21), 10)))
    rc = relational_contract(g, bargaining_power=(1, 0))       # the bonus is 0.6
    rows = _Rows(g)
    pe, acts = rc.extra["rows"]["equilibrium"], rc.extra["rows"]["punishment"]
    gain, _ = verify(rows, 0.3, rc.joint_payoff, rc.punishment_payoffs, pe, acts, rc.shares,
                     rc.path_payoffs, cap=np.array([0.5, 0.5]))
    assert gain == pytest.approx(0.7 * 0.1)                    # 0.1 above the cap, in payoffs
    gain, _ = verify(rows, 0.3, rc.joint_payoff, rc.punishment_payoffs, pe, acts, rc.shares,
                     rc.path_payoffs, cap=np.array([0.6, 0.6]))
    assert gain <= 1e-12


def test_capped_bad_input():
    g = abs_pd(0.7)
    with pytest.raises(InvalidParameterError, match="max_transfer"):
        relational_contract(g, max_transfer=-1)
    with pytest.raises(InvalidParameterError, match="max_transfer"):
        relational_contract(g, max_transfer=(1, 2, 3))
    with pytest.raises(UnsupportedGameError, match="exact"):
        relational_contract(abs_pd(F(7, 10), exact=True), max_transfer=1, exact=True)

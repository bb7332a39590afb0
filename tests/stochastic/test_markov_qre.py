"""Logit Markov QRE and mixed Markov perfect equilibria (contracts.stochastic.markov_qre)."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.bounded import logit_qre
from contracts.equilibrium.nplayer import logit_limit
from contracts.exceptions import ConvergenceError, InvalidGameError, InvalidParameterError
from contracts.stochastic import one_shot_deviation_gain
from contracts.stochastic.markov_perfect import markov_perfect_pure
import contracts.stochastic._markov_polish as _markov_polish
from contracts.stochastic.markov_qre import (MarkovQREBranch, markov_perfect_mixed, markov_qre,
                                             markov_qre_branch)

from _stochastic_games import random_game
from test_markov_perfect import abs_two_state_pd, invest_then_coordinate

STAGES = {
    "pd": ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]]),
    "mixed2x2": ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]]),
    "3x2": ct.NormalFormGame.from_bimatrix([[3, 0], [1, 2], [0, 3]], [[0, 2], [3, 1], [1, 0]]),
    "3player": ct.NormalFormGame.from_payoff_profile(
        np.random.default_rng(7).integers(0, 4, size=(2, 2, 3, 3))),
}


def one_state(stage, discount):
    return ct.StochasticGame.from_repeated(ct.RepeatedGame(stage, discount))


def flat(policy):
    return np.concatenate([np.asarray(v, dtype=float) for s in policy for v in s])


# ----------------------------------------------------------------------------------------------
# known answers
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(STAGES))
@pytest.mark.parametrize("discount", [0.3, 0.9])
def test_one_state_markov_qre_is_the_stage_logit_qre_at_scaled_precision(name, discount):
    # one state: Q(a) = (1 - d) u(a, others) + d V, and d V is the same for every action, so
    # the Markov QRE at lam is the normal-form logit QRE at (1 - d) lam
    stage = STAGES[name]
    g = one_state(stage, discount)
    for lam in (0.5, 4.0):
        q = markov_qre(g, lam)
        nf = logit_qre(stage, (1 - discount) * lam)
        for mine, theirs in zip(q.policy[0], nf.strategies):
            assert np.allclose(mine, theirs, atol=1e-9)
        assert np.allclose(q.values[0], nf.payoffs, atol=1e-9)
    br = markov_qre_branch(g, max_lambda=10.0)
    for mine, theirs in zip(br.at(7.0).policy[0], logit_qre(stage, 7.0 * (1 - discount))):
        assert np.allclose(mine, theirs, atol=1e-9)


@pytest.mark.parametrize("name", sorted(STAGES))
def test_one_state_limit_is_the_stage_games_logit_solution(name):
    stage = STAGES[name]
    res = markov_perfect_mixed(one_state(stage, 0.8))
    assert res.converged and len(res) == 1
    assert res[0].max_gain <= res.details["tol"]
    nf = logit_limit(stage)[0]
    if name == "3x2":
        # degenerate (player 1 mixes three actions against two): the equilibria form a
        # segment, and the polish may land on another point of it with the same support
        for mine, theirs in zip(res[0].policy[0], nf.strategies):
            assert np.array_equal(np.asarray(mine) > 0, np.asarray(theirs, dtype=float) > 0)
        return
    for mine, theirs in zip(res[0].policy[0], nf.strategies):
        assert np.allclose(np.asarray(mine, dtype=float), np.asarray(theirs, dtype=float),
                           atol=1e-8)


def test_abreu_brooks_sannikov_two_state_pd_limit_is_mutual_defection():
    # SGSolve examples/cpp/pd_twostate.cpp; values derived by hand in test_markov_perfect
    res = markov_perfect_mixed(abs_two_state_pd())
    assert res.converged and res.exact
    eq = res[0]
    assert eq.max_gain == 0
    assert [[int(np.argmax(v)) for v in s] for s in eq.policy] == [[1, 1], [1, 1]]
    assert eq.values.tolist() == [[F(8, 11), F(8, 11)], [F(14, 11), F(14, 11)]]


def test_two_state_game_derived_by_hand_mixed_limit():
    # State B is absorbing, so play there is the battle of the sexes' logit solution: its
    # mixed equilibrium (player 1 plays a1 w.p. 2/3, player 2 plays b1 w.p. 1/3), worth 2/3 to
    # each. In A, investing is worth (3/5)(2/3) = 2/5 < 1 = consuming, so player 1 consumes.
    g = invest_then_coordinate(F(3, 5))
    res = markov_perfect_mixed(g)
    eq = res[0]
    assert res.exact and eq.max_gain == 0
    assert eq.policy[1][0].tolist() == [F(2, 3), F(1, 3)]
    assert eq.policy[1][1].tolist() == [F(1, 3), F(2, 3)]
    assert eq.policy[0][0].tolist() == [1, 0]
    assert eq.values.tolist() == [[1, 0], [F(2, 3), F(2, 3)]]
    bos = g.stage("B")
    nf = logit_limit(bos)[0]
    assert np.allclose(np.asarray(nf.strategies[0], dtype=float), [2 / 3, 1 / 3])


def test_agrees_with_sgamesolver_on_random_games():
    # cross-check against Eibelshäuser & Poensgen's sgamesolver (their payoffs are not
    # normalised by 1 - delta, so their lambda is (1 - delta) times ours)
    sgs = pytest.importorskip("sgamesolver")
    if not hasattr(np, "NaN"):
        np.NaN = np.nan                     # sgamesolver 1.0.2 predates numpy 2
    for seed in (4, 11):
        g = random_game(seed, n_states=3, n_players=2)
        pay, tr = [], []
        for s in range(g.n_states):
            a, b = g.row_start[s], g.row_start[s + 1]
            shp = g.num_actions(s)
            pay.append(np.moveaxis(np.asarray(g.payoff_rows[a:b]).reshape(*shp, 2), -1, 0))
            tr.append(g.transition_rows[a:b].toarray().reshape(*shp, g.n_states))
        lam = 3.0
        hom = sgs.homotopy.QRE(sgs.SGame(pay, tr, float(g.discount[0])))
        hom.solver_setup(target_lambda=lam * (1 - g.discount[0]))
        hom.solver.verbose = 0
        hom.solve()
        theirs = hom.equilibrium
        q = markov_qre(g, lam)
        for s in range(g.n_states):
            for i in range(2):
                n = g.num_actions(s)[i]
                assert np.allclose(q.policy[s][i], theirs.strategies[s][i][:n], atol=1e-6)
        assert np.allclose(q.values / (1 - g.discount[0]), theirs.values, atol=1e-5)


def test_solve_route_and_results():
    g = invest_then_coordinate()
    res = ct.solve(g, method="markov_qre")
    assert res.method == "markov_qre" and res.converged and len(res) == 1
    assert res.details["complete"] is False and res.details["lambda"] > 0
    br = markov_qre_branch(g, max_lambda=20.0)
    assert isinstance(br, MarkovQREBranch) and br.converged
    assert br.max_lambda == pytest.approx(20.0)
    assert "principal logit Markov QRE branch" in str(br)
    assert br.probabilities("B", 0).shape == (len(br), 2)
    p = br.at(5.0)
    assert "MarkovQREPoint" in repr(p) and "logit Markov QRE at lam = 5" in str(p)
    assert p.to_dict()["lam"] == 5.0
    q0 = markov_qre(g, 0)
    assert np.allclose(q0.policy[1][0], [0.5, 0.5])


def test_branch_limit_and_honest_failure(monkeypatch):
    g = invest_then_coordinate()
    br = markov_qre_branch(g, max_lambda=1e6)
    eq = br.limit()
    assert eq.max_gain <= 1e-9
    # when no support verifies, the result says so (here the polish is switched off)
    monkeypatch.setattr(_markov_polish, "support_newton", lambda *a, **k: None)
    with pytest.raises(ConvergenceError, match="MarkovQREBranch.limit: no verified equilibrium"):
        markov_qre_branch(g, max_lambda=1.0).limit()
    res = markov_perfect_mixed(g, max_lambda=1.0)
    assert not res.converged and len(res) == 0
    assert "no verified equilibrium near the end of the branch at lam=1" in res.message


# ----------------------------------------------------------------------------------------------
# properties
# ----------------------------------------------------------------------------------------------
@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 10_000), n_players=st.sampled_from([2, 3]))
def test_random_games_limit_verified_and_approached_by_the_branch(seed, n_players):
    g = random_game(seed, n_states=3, n_players=n_players, max_actions=2 if n_players == 3
                    else 3)
    res = markov_perfect_mixed(g)
    assert res.converged, res.message
    eq = res[0]
    gain, _ = one_shot_deviation_gain(g, eq.policy)
    assert gain <= res.details["tol"]
    if eq.is_pure:
        pure = markov_perfect_pure(g)
        assert any(np.array_equal(flat(e.policy), flat(eq.policy)) for e in pure)
    # as lam grows the QRE approaches the equilibrium (in the branch's own lam scale)
    lam_end = res.details["lambda"]
    br = markov_qre_branch(g, max_lambda=lam_end)
    d = [np.max(np.abs(flat(br.at(x).policy) - flat(eq.policy)))
         for x in (lam_end / 100, lam_end)]
    assert d[1] <= d[0] + 1e-12 and d[1] < 0.05


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 1000), data=st.data())
def test_relabelling_states_and_players_changes_nothing(seed, data):
    g = random_game(seed, n_states=3, n_players=2, max_actions=2)
    perm = data.draw(st.permutations(range(3)))
    shapes = [g.num_actions(s) for s in range(3)]
    pays, trans = [], []
    for s in perm:
        a, b = g.row_start[s], g.row_start[s + 1]
        u = np.asarray(g.payoff_rows[a:b]).reshape(*shapes[s], 2)
        t = g.transition_rows[a:b].toarray().reshape(*shapes[s], 3)[..., perm]
        pays.append(u[..., ::-1].transpose(1, 0, 2))            # swap the two players
        trans.append(t.transpose(1, 0, 2))
    g2 = ct.StochasticGame.from_arrays(pays, trans, discount=0.75)
    q1 = markov_qre(g, 2.5)
    q2 = markov_qre(g2, 2.5)
    for k, s in enumerate(perm):
        assert np.allclose(q2.policy[k][0], q1.policy[s][1], atol=1e-9)
        assert np.allclose(q2.policy[k][1], q1.policy[s][0], atol=1e-9)
        assert np.allclose(q2.values[k], q1.values[s][::-1], atol=1e-9)


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 1000))
def test_exact_and_float_agree(seed):
    gx = random_game(seed, n_states=2, exact=True)
    rx = markov_perfect_mixed(gx)
    rf = markov_perfect_mixed(gx.as_float())
    assert rx.converged and rf.converged
    assert np.allclose(flat(rx[0].policy), flat(rf[0].policy), atol=1e-8)
    if rx.exact:
        assert rx[0].max_gain == 0


def test_a_few_hundred_states_trace_quickly():
    # a 200-state chain: transitions move one step up or down, more likely up the more the
    # players choose their second action
    S = 200
    rng = np.random.default_rng(0)
    U = rng.normal(size=(S, 2, 2, 2))
    P = np.zeros((S, 2, 2, S))
    for s in range(S):
        for a in range(2):
            for b in range(2):
                up = 0.2 + 0.3 * a + 0.3 * b
                P[s, a, b, min(s + 1, S - 1)] += up
                P[s, a, b, max(s - 1, 0)] += 1 - up
    g = ct.StochasticGame.from_arrays(U, P, discount=0.9)
    q = markov_qre(g, 5.0)
    assert 0 < q.max_gain < 1
    Q = ct.stochastic.action_values(g, q.policy, q.values)
    # the logit condition holds in every state: log-odds = lam * (Q_a - Q_b)
    for s in (0, 77, 199):
        for i in range(2):
            p = q.policy[s][i]
            assert np.log(p[1] / p[0]) == pytest.approx(5.0 * (Q[s][i][1] - Q[s][i][0]),
                                                        abs=1e-8)


# ----------------------------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------------------------
def test_bad_input_raises_named_errors():
    g = invest_then_coordinate()
    with pytest.raises(InvalidGameError, match="markov_qre: expected a StochasticGame"):
        markov_qre(STAGES["pd"], 1.0)
    with pytest.raises(InvalidParameterError, match="markov_qre: parameter 'lam'"):
        markov_qre(g, -1)
    with pytest.raises(InvalidParameterError, match="markov_qre_branch: parameter 'max_lambda'"):
        markov_qre_branch(g, max_lambda=0)
    with pytest.raises(InvalidParameterError, match="max_steps must be a positive integer"):
        markov_qre_branch(g, max_steps=0)
    with pytest.raises(InvalidParameterError, match="beyond the traced branch"):
        markov_qre_branch(g, max_lambda=2.0).at(3.0)
    with pytest.raises(InvalidParameterError, match="markov_perfect_mixed: parameter 'tol'"):
        markov_perfect_mixed(g, tol=-1)
    with pytest.raises(InvalidParameterError, match="exact=True needs a game with exact"):
        markov_perfect_mixed(abs_two_state_pd(exact=False), exact=True)

"""Simulation, long-run distribution and pictures of the state chain under a policy."""

from __future__ import annotations

import numpy as np
import pytest

import contracts as ct
from contracts.stochastic import policy_values, pure_policy, uniform_policy
from contracts.stochastic.simulate import (occupation_frequencies, plot_transition_graph,
                                           policy_transition_matrix, simulate,
                                           stationary_distribution, transition_graph)

from _stochastic_games import pd_game, quit_game, random_game, two_state_pd  # noqa: F401


def test_stationary_distribution_of_a_two_state_chain_by_hand(pd_game):
    # both defect: good -> bad for sure, bad absorbing: long run all in "bad"
    pol = pure_policy(pd_game, [["D", "D"], ["D", "D"]])
    assert stationary_distribution(pd_game, pol).tolist() == [0.0, 1.0]
    # both cooperate: good stays good, bad -> good w.p. 1/2: long run all in "good"
    coop = pure_policy(pd_game, [["C", "C"], ["C", "C"]])
    np.testing.assert_allclose(stationary_distribution(pd_game, coop), [1, 0])
    np.testing.assert_allclose(
        stationary_distribution(pd_game, coop, initial=[0, 1]), [1, 0])


def test_reducible_chain_weights_closed_classes_by_absorption():
    # s1 -> s2 w.p. 1/4 (absorbing), -> s3 w.p. 3/4; s3 <-> s4 periodic closed class
    g = ct.StochasticGame.from_arrays(
        [np.zeros((1, 1))] * 4,
        [[[0, 0.25, 0.75, 0]], [[0, 1, 0, 0]], [[0, 0, 0, 1]], [[0, 0, 1, 0]]], discount=0.9)
    pi = stationary_distribution(g, uniform_policy(g))
    np.testing.assert_allclose(pi, [0, 0.25, 0.375, 0.375], atol=1e-12)


def test_simulation_matches_the_chain_and_the_values():
    g = random_game(11, n_states=4, n_players=2)
    pol = uniform_policy(g)
    a = simulate(g, pol, n_periods=60, n_paths=4000, rng=1)
    b = simulate(g, pol, n_periods=60, n_paths=4000, rng=1)
    assert np.array_equal(a.states, b.states)                 # seeded
    assert a.states.shape == (4000, 61) and a.actions.shape == (4000, 60, 2)
    # the empirical one-step transition frequencies match the policy's chain
    P = policy_transition_matrix(g, pol).toarray()
    s0, s1 = a.states[:, :-1].ravel(), a.states[:, 1:].ravel()
    for s in range(4):
        m = s0 == s
        if m.sum() > 2000:
            freq = np.bincount(s1[m], minlength=4) / m.sum()
            np.testing.assert_allclose(freq, P[s], atol=0.03)
    # the mean discounted payoff is the policy's value (δ^60 tail is ~3e-8 at δ = 3/4)
    V = policy_values(g, pol)
    start = a.states[:, 0]
    assert np.all(start == 0)
    se = a.discounted[:, 0].std() / np.sqrt(4000)
    assert abs(a.discounted[:, 0].mean() - V[0, 0]) < 5 * se + 1e-6
    # actions follow the policy
    own = a.actions[:, :, 0][a.states[:, :-1] == 0]
    n0 = g.num_actions(0)[0]
    np.testing.assert_allclose(np.bincount(own, minlength=n0) / own.size,
                               np.full(n0, 1 / n0), atol=0.03)


def test_occupation_tends_to_the_stationary_distribution():
    g = random_game(5, n_states=3, n_players=1)
    pol = uniform_policy(g)
    paths = simulate(g, pol, n_periods=400, n_paths=300, rng=7)
    pi = stationary_distribution(g, pol)
    np.testing.assert_allclose(paths.occupation(), pi, atol=0.03)
    assert occupation_frequencies([0, 0, 1], 3).tolist() == [2 / 3, 1 / 3, 0]
    assert "paths" in repr(paths) and "time spent" in str(paths)
    assert len(paths.to_dict()["states"]) == 300


def test_simulating_a_solved_game_and_its_graph():
    res = ct.solve(quit_game(0.8, exact=False), method="shapley")
    paths = simulate(quit_game(0.8, exact=False), res, n_periods=30, n_paths=2000, rng=0)
    # the row player quits w.p. 1/2 each period: P(still playing at t) = 2^-t
    share = (paths.states[:, 3] == 0).mean()
    assert abs(share - 1 / 8) < 0.03
    G = transition_graph(quit_game(0.8, exact=False), res)
    assert set(G.nodes) == {"play", "out"}
    assert G.edges["play", "out"]["probability"] == pytest.approx(0.5)
    assert G.nodes["out"]["stationary"] == pytest.approx(1.0)
    assert "continue 0.50" in G.nodes["play"]["play"]


def test_plot_transition_graph():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    g = two_state_pd()
    fig = plot_transition_graph(g, pure_policy(g, [["C", "C"], ["D", "C"]]), title="PD")
    ax = fig.axes[0]
    assert ax.get_title() == "PD"
    texts = {t.get_text() for t in ax.texts}
    assert {"good", "bad"} <= texts and "1.00" in texts
    plt.close(fig)
    with pytest.raises(ct.InvalidParameterError, match="layout"):
        plot_transition_graph(g, uniform_policy(g), layout="nope")


def test_bad_arguments():
    g = two_state_pd()
    with pytest.raises(ct.InvalidParameterError, match="simulate"):
        simulate(g, uniform_policy(g), n_periods=0)
    with pytest.raises(ct.InvalidParameterError, match="simulate"):
        simulate(g, [[[1, 0]]], n_periods=3)


def test_renewal_example_runs_and_reports_the_hand_computed_guarantee(capsys, tmp_path):
    import runpy
    mod = runpy.run_path(str(__import__("pathlib").Path(__file__).resolve().parents[2]
                             / "examples" / "stochastic_renewal.py"))
    assert mod["main"](["--discount", "0.9"]) == 0
    out = capsys.readouterr().out
    # an incumbent that is always diligent and reviewed keeps the contract; by hand, with
    # δ = 0.9: 0.28 V_H = 0.2 + 0.18 V_L and 0.46 V_L = 0.1 + 0.36 V_H, so V_H = 1.71875 and
    # V_L = 1.5625
    assert "incumbent, high budget: 1.719 a period; the agency plays diligent" in out
    assert "incumbent, low budget: 1.562 a period" in out or "incumbent, low budget: 1.563" in out
    assert "out to tender 0% of the time" in out

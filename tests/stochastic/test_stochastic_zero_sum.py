"""Zero-sum stochastic games: Shapley value iteration and Hoffman–Karp strategy iteration."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import contracts as ct
from contracts.equilibrium.zero_sum import matrix_game
from contracts.exceptions import ConvergenceError, UnsupportedGameError
from contracts.stochastic import one_shot_deviation_gain, policy_values
from contracts.stochastic.zero_sum import shapley_operator

from _stochastic_games import quit_game, random_game, random_mdp, two_state_pd

METHODS = ("shapley", "hoffman_karp")


@pytest.mark.parametrize("method", METHODS)
def test_two_state_closed_form_exact(method):
    # hand derivation (see quit_game): δ = 1/2 gives V = 2/3, x = (1/2, 1/2), y = (2/3, 1/3)
    res = ct.solve(quit_game(), method=method)
    assert res.exact and res.converged and len(res) == 1
    eq = res[0]
    assert eq.max_gain == 0
    assert eq.values[0, 0] == F(2, 3) and eq.values[0, 1] == F(-2, 3)
    assert list(eq.strategy("play", "row")) == [F(1, 2), F(1, 2)]
    assert list(eq.strategy("play", "column")) == [F(2, 3), F(1, 3)]
    assert eq.values[1, 0] == 0


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("d", [0.3, 0.75, 0.95])
def test_two_state_closed_form_float(method, d):
    res = ct.solve(quit_game(d, exact=False), method=method)
    V = 2 * (1 - d) / (2 - d)
    assert res.values[0, 0] == pytest.approx(V, abs=1e-9)
    np.testing.assert_allclose(res.policy[0][0], [0.5, 0.5], atol=1e-8)
    np.testing.assert_allclose(res.policy[0][1], [1 / (2 - d), (1 - d) / (2 - d)], atol=1e-8)
    assert res.max_gain <= 1e-8


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), m=st.integers(1, 4), n=st.integers(1, 4))
def test_one_state_value_equals_matrix_game_value(seed, m, n):
    A = np.random.default_rng(seed).integers(-4, 5, size=(m, n))
    pay = np.stack([A, -A], axis=-1)
    g = ct.StochasticGame.from_arrays([pay], [np.ones((m, n, 1))], discount=0.9)
    _, _, v = matrix_game(A)
    for method in METHODS:
        res = ct.solve(g, method=method)
        assert res.values[0, 0] == pytest.approx(v, abs=1e-8)
        assert res.max_gain <= 1e-8
    gx = ct.StochasticGame.from_arrays([pay], [np.ones((m, n, 1))], discount=F(9, 10),
                                       exact=True)
    _, _, vx = matrix_game(A, exact=True)
    resx = ct.solve(gx, method="shapley")
    assert resx.exact and resx.values[0, 0] == vx and resx.max_gain == 0


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_methods_agree_and_pass_the_one_shot_check(seed):
    g = random_game(seed, n_states=4, zero_sum=True, max_actions=4)
    a = ct.solve(g, method="shapley")
    b = ct.solve(g, method="hoffman_karp")
    np.testing.assert_allclose(a.values, b.values, atol=1e-7)
    for res in (a, b):
        pol = res.policy
        gain, gains = one_shot_deviation_gain(g, pol)
        assert gain <= 1e-7 and gains.shape == (4, 2)
        V = policy_values(g, pol)
        np.testing.assert_allclose(V, res.values, atol=1e-9)
        # Shapley's equation
        np.testing.assert_allclose(shapley_operator(g, V[:, 0]), V[:, 0], atol=1e-7)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_exact_and_float_agree(seed):
    g = random_game(seed, n_states=3, zero_sum=True, exact=True)
    with _maybe_warns():
        rx = ct.solve(g, method="hoffman_karp")
    rf = ct.solve(g.as_float(), method="hoffman_karp")
    np.testing.assert_allclose(np.asarray(rx.values, dtype=float), rf.values, atol=1e-8)
    if rx.exact:
        assert rx.max_gain == 0 and all(isinstance(v, F) for v in rx.values.ravel())


class _maybe_warns:
    """Exact certification may fail (irrational values): then a UserWarning is expected."""

    def __enter__(self):
        import warnings
        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.simplefilter("ignore", UserWarning)

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def test_relabelling_states_changes_nothing():
    g = random_game(7, n_states=4, zero_sum=True)
    perm = [2, 0, 3, 1]
    stages = {f"x{k}": g.stage(k) for k in perm}
    trans = {f"x{k}": {idx: {f"x{j}": p for j, p in enumerate(g.transition_tensor(k)[idx]) if p}
                       for idx in np.ndindex(g.num_actions(k))} for k in perm}
    h = ct.StochasticGame(stages, trans, discount=0.75)
    a = ct.solve(g, method="shapley")
    b = ct.solve(h, method="shapley")
    np.testing.assert_allclose(b.values, a.values[perm], atol=1e-8)


@pytest.mark.parametrize("seed", range(4))
def test_mdp_matches_quantecon_discrete_dp(seed):
    quantecon = pytest.importorskip("quantecon")
    g, R, Q = random_mdp(seed)
    ddp = quantecon.markov.DiscreteDP(R, Q, 0.9)
    vi = ddp.solve(method="value_iteration", epsilon=1e-10)
    pi = ddp.solve(method="policy_iteration")
    a = ct.solve(g, method="shapley")
    b = ct.solve(g, method="hoffman_karp")
    # QuantEcon's values are unnormalised sums: v = R + βQv = V / (1 - β)
    np.testing.assert_allclose(b.values[:, 0] / (1 - 0.9), pi.v, atol=1e-9)
    np.testing.assert_allclose(a.values[:, 0] / (1 - 0.9), vi.v, atol=1e-6)
    greedy = [int(np.argmax(p[0])) for p in b.policy]
    assert greedy == list(pi.sigma)


def test_non_convergence_reported_or_raised():
    g = random_game(3, n_states=4, zero_sum=True)
    res = ct.solve(g, method="shapley", max_iter=2)
    assert not res.converged and len(res) == 0 and "max_iter" in res.message
    with pytest.raises(ConvergenceError, match="shapley.*residual"):
        ct.solve(g, method="shapley", max_iter=2, raise_on_failure=True)


def test_unsupported_games_and_bad_options():
    with pytest.raises(UnsupportedGameError, match="zero-sum"):
        ct.solve(two_state_pd(), method="shapley")
    g = ct.StochasticGame.from_arrays([[[[1, -1]]]], [[[[1]]]], discount=(0.5, 0.6))
    with pytest.raises(UnsupportedGameError, match="common discount"):
        ct.solve(g, method="hoffman_karp")
    with pytest.raises(ct.InvalidParameterError, match="unknown method"):
        ct.solve(quit_game(), method="nope")
    with pytest.warns(UserWarning, match="ignores"):
        ct.solve(quit_game(), method="shapley", init_temperature=3)


def test_result_prints_and_serialises():
    res = ct.solve(quit_game(), method="hoffman_karp")
    assert "\n" not in repr(res) and "hoffman_karp" in repr(res)
    text = str(res)
    assert "play" in text and "continue 1/2" in text and "values (2/3, -2/3)" in text
    d = res.to_dict()
    assert d["equilibria"][0]["values"][0] == ["2/3", "-2/3"] and d["exact"]
    assert ct.solve(quit_game()).method == "hoffman_karp"       # the default for zero-sum


def test_progress_bar_runs():
    pytest.importorskip("tqdm")
    res = ct.solve(quit_game(0.9, exact=False), method="shapley", progress=True)
    assert res.converged

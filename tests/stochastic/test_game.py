"""StochasticGame: construction, canonical rows, validation, round trips, core machinery."""

from __future__ import annotations

import pickle
import time
from fractions import Fraction as F

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings, strategies as st

import contracts as ct
from contracts.exceptions import InvalidGameError, InvalidParameterError
from contracts.stochastic import (action_values, one_shot_deviation_gain, policy_values,
                                  pure_policy, uniform_policy)

from _stochastic_games import (pd_game, random_game, two_state_pd,  # noqa: F401
                               two_state_zero_sum, zs_game)


def test_canonical_rows_of_a_mapping_game(pd_game):
    g = pd_game
    assert (g.n_players, g.n_states, g.states) == (2, 2, ("good", "bad"))
    assert g.actions[0] == (("C", "D"), ("C", "D"))
    assert g.row_start.tolist() == [0, 4, 8]
    assert g.payoff_rows.shape == (8, 2) and g.payoff_rows[1].tolist() == [0, 4]
    assert sp.isspmatrix_csr(g.transition_rows) and g.transition_rows.shape == (8, 2)
    assert g.transition_rows[4].toarray().tolist() == [[0.5, 0.5]]
    assert g.row_actions[5].tolist() == [0, 1] and g.row_state.tolist() == [0] * 4 + [1] * 4
    assert g.discount.tolist() == [0.9, 0.9] and g.initial.tolist() == [1, 0]
    assert g.stage("bad").payoffs[0][1, 0] == 3
    assert g.transition_tensor("good")[1, 1].tolist() == [0, 1]
    assert g.state_index("bad") == 1 and g.state_index(1) == 1
    assert not g.exact and g.absorbing_states == () and g.unreachable_states == ()


def test_exact_data_stay_exact(zs_game):
    g = zs_game
    assert g.exact and g.discount_exact == (F(1, 2), F(1, 2))
    assert g.payoff_rows_exact[0, 0] == F(2) and isinstance(g.payoff_rows_exact[0, 0], F)
    assert list(g.transition_rows_exact[:2]) == [F(1, 2), F(1, 2)]
    assert g.transition_tensor("A")[0, 1, 1] == F(1, 2)
    assert g.absorbing_states == (1,)
    assert g.stage("A").is_exact and g.is_zero_sum()


def test_action_sets_differ_by_state_and_one_action_states():
    g = random_game(3, n_states=4, n_players=3)
    for s in range(g.n_states):
        n = g.num_actions(s)
        a, b = g.row_start[s], g.row_start[s + 1]
        assert b - a == np.prod(n)
        assert g.transition_tensor(s).shape == n + (4,)
        np.testing.assert_allclose(g.stage(s).payoffs[2].ravel(), g.payoff_rows[a:b, 2])


def test_from_functions_equals_mapping_constructor(pd_game):
    acts = {"good": (("C", "D"), ("C", "D")), "bad": (("C", "D"), ("C", "D"))}

    def pay(s, a):
        i, j = ("CD".index(a[0]), "CD".index(a[1]))
        return tuple(pd_game.stage(s).pure_payoffs((i, j)))

    def tr(s, a):
        t = pd_game.transition_tensor(s)[("CD".index(a[0]), "CD".index(a[1]))]
        return {pd_game.states[k]: p for k, p in enumerate(t) if p}

    g = ct.StochasticGame.from_functions(["good", "bad"], acts.get, pay, tr, discount=0.9,
                                         players=("agency", "government"))
    assert g == pd_game


def test_from_arrays_stacked_path_equals_list_path():
    rng = np.random.default_rng(0)
    u = rng.normal(size=(5, 2, 2, 2))
    P = rng.random(size=(5, 2, 2, 5))
    P /= P.sum(-1, keepdims=True)
    g1 = ct.StochasticGame.from_arrays(u, P, discount=0.8)
    g2 = ct.StochasticGame.from_arrays(list(u), list(P), discount=0.8)
    g3 = ct.StochasticGame.from_arrays(u, sp.csr_matrix(P.reshape(20, 5)), discount=0.8)
    assert g1 == g2 == g3


def test_repeated_round_trip():
    pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                         players=("a", "b"), actions=(("C", "D"), ("C", "D")))
    for d in (0.8, F(4, 5)):
        rg = ct.RepeatedGame(pd, d)
        g = ct.StochasticGame.from_repeated(rg)
        assert g.n_states == 1 and g.absorbing_states == (0,)
        assert g.to_repeated() == rg
    ex = ct.RepeatedGame(pd.as_exact(), F(1, 3))
    assert ct.StochasticGame.from_repeated(ex).to_repeated() == ex
    with pytest.raises(InvalidGameError, match="to_repeated"):
        two_state_pd().to_repeated()


def test_per_player_discount_initial_distribution_and_unreachable():
    g = ct.StochasticGame.from_arrays(
        [[[[1, 2]]], [[[0, 0]]], [[[5, 5]]]],
        [[[[0, 1, 0]]], [[[0, 1, 0]]], [[[1, 0, 0]]]],
        discount=(0.5, F(2, 3)), initial={"s1": 0.25, "s2": 0.75}, exact=False)
    assert g.discount.tolist() == [0.5, 2 / 3]
    assert g.initial.tolist() == [0.25, 0.75, 0]
    assert g.unreachable_states == (2,) and g.absorbing_states == (1,)
    text = str(g)
    assert "unreachable states: ['s3']" in text and "absorbing states: ['s2']" in text
    assert repr(g).count("\n") == 0 and "3 states" in repr(g)
    assert g._repr_html_().startswith("<pre>")


def test_immutable_hashable_picklable(zs_game, pd_game):
    with pytest.raises(AttributeError):
        zs_game.foo = 1
    with pytest.raises(ValueError):
        zs_game.payoff_rows[0, 0] = 5.0
    for g in (zs_game, pd_game):
        h = pickle.loads(pickle.dumps(g))
        assert h == g and hash(h) == hash(g) and h.exact == g.exact
    assert zs_game.as_float() == two_state_zero_sum(exact=False)


@pytest.mark.parametrize("kwargs, err, match", [
    (dict(transitions={"A": [[[0.5, 0.6]]], "B": [[[0, 1]]]}), InvalidGameError, "sum to"),
    (dict(transitions={"A": [[[1.5, -0.5]]], "B": [[[0, 1]]]}), InvalidGameError, r"outside \[0, 1\]"),
    (dict(transitions={"A": [[[F(1, 3), F(1, 3)]]], "B": [[[0, 1]]]}), InvalidGameError,
     "sum to 2/3"),
    (dict(transitions={"A": [[[1, 0, 0]]], "B": [[[0, 1]]]}), InvalidGameError, "shape"),
    (dict(transitions={"A": {(0, 0): {"Z": 1}}, "B": [[[0, 1]]]}), InvalidGameError,
     "unknown state 'Z'"),
    (dict(transitions={"A": {}, "B": [[[0, 1]]]}), InvalidGameError, "miss profile"),
    (dict(transitions={"A": [[[1, 0]]]}), InvalidGameError, "missing"),
    (dict(discount=1.0), InvalidParameterError, "discount"),
    (dict(discount=(0.5, 0.5, 0.5)), InvalidParameterError, "one per player"),
    (dict(initial="Z"), InvalidParameterError, "initial"),
    (dict(initial=[0.5, 0.6]), InvalidParameterError, "initial"),
    (dict(stages={"A": [[[1, 2, 3]]], "B": [[[0, 0]]]}), InvalidGameError, "shape"),
    (dict(stages={"A": np.zeros((0, 2, 2)), "B": [[[0, 0]]]}), InvalidGameError, "empty"),
    (dict(stages={"A": [[[np.nan, 0]]], "B": [[[0, 0]]]}), InvalidGameError, "finite"),
])
def test_bad_input_raises_named_errors(kwargs, err, match):
    base = dict(stages={"A": [[[1, 2]]], "B": [[[0, 0]]]},
                transitions={"A": [[[1, 0]]], "B": [[[0, 1]]]}, discount=0.9)
    base.update(kwargs)
    stages, transitions = base.pop("stages"), base.pop("transitions")
    with pytest.raises(err, match=match) as info:
        ct.StochasticGame(stages, transitions, **base)
    assert str(info.value).startswith("StochasticGame")


def test_bad_input_of_other_constructors():
    with pytest.raises(InvalidGameError, match="from_functions.*unknown state"):
        ct.StochasticGame.from_functions([0, 1], lambda s: [("a",)], lambda s, a: (0,),
                                         lambda s, a: {2: 1}, discount=0.5)
    with pytest.raises(InvalidGameError, match="from_functions.*empty"):
        ct.StochasticGame.from_functions([0], lambda s: [()], lambda s, a: (0,),
                                         lambda s, a: {0: 1}, discount=0.5)
    with pytest.raises(InvalidGameError, match="from_arrays"):
        ct.StochasticGame.from_arrays(np.zeros((3, 2, 1)), np.ones((3, 2, 2)) / 2, discount=0.5)
    with pytest.raises(InvalidGameError, match="from_repeated"):
        ct.StochasticGame.from_repeated("not a game")


def test_ten_thousand_states_build_fast():
    n = 10_000
    rng = np.random.default_rng(1)
    u = rng.normal(size=(n, 2, 2, 2))
    rows = np.repeat(np.arange(4 * n), 3)
    cols = rng.integers(0, n, size=rows.size)
    T = sp.csr_matrix((np.full(rows.size, 1 / 3), (rows, cols)), shape=(4 * n, n))
    t0 = time.perf_counter()
    g = ct.StochasticGame.from_arrays(u, T, discount=0.95)
    t_arrays = time.perf_counter() - t0
    t0 = time.perf_counter()
    h = ct.StochasticGame.from_functions(
        range(n), lambda s: (("a", "b"), ("c", "d")), lambda s, a: (1.0, -1.0),
        lambda s, a: {(s + 1) % n: 0.5, s: 0.5}, discount=0.95)
    t_funcs = time.perf_counter() - t0
    assert g.n_rows == h.n_rows == 4 * n
    # generous bounds (a shared machine); the benchmark reports the real figures
    assert t_arrays < 5 and t_funcs < 10


# ----------------------------------------------------------------------------------------------
# core machinery
# ----------------------------------------------------------------------------------------------
def test_policy_values_closed_form(zs_game):
    # row plays 1/2-1/2 in A: stage payoff 0 there; B pays 1 for ever. With δ = 1/2:
    # V(B) = 1, V(A) = (1-δ)·0 + δ (V(A)/2 + V(B)/2)  =>  V(A) = 1/3.
    pol = uniform_policy(zs_game)
    V = policy_values(zs_game, pol)
    assert V[0, 0] == F(1, 3) and V[1, 0] == F(1) and V[0, 1] == F(-1, 3)
    Vf = policy_values(zs_game, pol, exact=False)
    np.testing.assert_allclose(Vf[:, 0], [1 / 3, 1])
    gain, gains = one_shot_deviation_gain(zs_game, pol)
    assert gain == 0 and gains.shape == (2, 2)


@pytest.mark.parametrize("d", [0.9, 0.3])
def test_one_shot_deviation_gain_of_a_pure_policy(d):
    pd_game = two_state_pd(d)
    coop = pure_policy(pd_game, [["C", "C"], ["C", "C"]])
    V = policy_values(pd_game, coop)
    np.testing.assert_allclose(V[0], [3, 3])
    # V(bad) = (1-d)·2 + d (V(good) + V(bad)) / 2 under cooperation
    vb = ((1 - d) * 2 + d * 3 / 2) / (1 - d / 2)
    assert V[1, 0] == pytest.approx(vb)
    # deviating to D in "good": (1-d)·4 + d·V(bad)
    gain, gains = one_shot_deviation_gain(pd_game, coop)
    assert gains[0, 0] == pytest.approx(max(0.0, (1 - d) * 4 + d * vb - 3), abs=1e-12)
    assert gain == gains.max() and (gains[0, 0] > 0) == (d == 0.3)
    Q = action_values(pd_game, coop, V)
    assert Q[0][0][1] == pytest.approx((1 - d) * 4 + d * vb)
    assert Q[0][0][0] == pytest.approx(V[0, 0])
    defect = pure_policy(pd_game, [["D", "D"], ["D", "D"]])
    assert one_shot_deviation_gain(pd_game, defect)[0] == 0.0


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_exact_and_float_core_agree(seed):
    g = random_game(seed, exact=True)
    pol = uniform_policy(g)
    V = policy_values(g, pol)
    Vf = policy_values(g.as_float(), uniform_policy(g.as_float()))
    np.testing.assert_allclose(V.astype(float), Vf, atol=1e-10)
    gx, _ = one_shot_deviation_gain(g, pol)
    gf, _ = one_shot_deviation_gain(g.as_float(), uniform_policy(g.as_float()))
    assert abs(float(gx) - gf) < 1e-9


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), perm_seed=st.integers(0, 100))
def test_permuting_states_changes_nothing(seed, perm_seed):
    g = random_game(seed, n_states=4)
    perm = np.random.default_rng(perm_seed).permutation(4)
    stages = {g.states[k]: g.stage(k) for k in perm}
    trans = {g.states[k]: {idx: {g.states[j]: p for j, p in enumerate(g.transition_tensor(k)[idx])
                                 if p} for idx in np.ndindex(g.num_actions(k))} for k in perm}
    h = ct.StochasticGame(stages, trans, discount=0.75, initial=g.states[0])
    pol = uniform_policy(g)
    V = policy_values(g, pol)
    W = policy_values(h, uniform_policy(h))
    np.testing.assert_allclose(W, V[perm], atol=1e-10)
    assert one_shot_deviation_gain(h, uniform_policy(h))[0] == pytest.approx(
        one_shot_deviation_gain(g, pol)[0], abs=1e-10)

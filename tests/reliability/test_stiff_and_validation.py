"""Stiff dynamics, cognitive hierarchy at extreme tau, safe expression parsing, validation at
the door (issue cases, each named)."""

import time
from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts.bounded import cognitive_hierarchy, poisson_levels
from contracts.dynamics import logit_dynamics, replicator
from contracts.exceptions import InvalidGameError, InvalidParameterError
from contracts.games.population import PopulationGame

MP = np.array([[1.0, -1.0], [-1.0, 1.0]])


def test_replicator_matching_pennies_1e4_horizon_10_returns_within_budget():
    g = ct.NormalFormGame.from_bimatrix(MP * 1e4)
    tr = replicator(g, [0.9, 0.2], 10, max_evaluations=5_000)
    # many oscillations: the budget stops it, and it says so instead of running for minutes
    assert not tr.converged and "max_evaluations" in tr.message and tr.times[-1] < 10
    assert np.all(np.isfinite(tr.states))
    short = replicator(g, [0.9, 0.2], 1e-3)
    assert short.converged and short.times[-1] == pytest.approx(1e-3)


def test_replicator_t_eval_across_segments_matches_one_solve():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    t = np.linspace(0, 5, 11)
    tr = replicator(g, [0.5, 0.5], 5, t_eval=t)
    assert np.allclose(tr.times, t) and tr.states.shape == (11, 4)


@pytest.mark.parametrize("lam", [1e4, 1e6])
def test_logit_dynamics_large_lambda_is_fast_and_rests_at_the_qre(lam):
    g = ct.NormalFormGame.from_bimatrix(MP)
    t0 = time.perf_counter()
    tr = logit_dynamics(g, [0.9, 0.2], 10, lam=lam)
    assert time.perf_counter() - t0 < 20
    assert tr.converged and "exponential" in tr.message
    assert np.allclose(tr.final[0], [0.5, 0.5], atol=0.01)


def test_logit_exponential_integrator_agrees_with_rk45_when_not_stiff():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    a = logit_dynamics(g, [0.5, 0.5], 5, lam=2.0, method="RK45")
    b = logit_dynamics(g, [0.5, 0.5], 5, lam=2.0, method="exponential")
    assert np.allclose(a.final[0], b.final[0], atol=1e-5)


def test_poisson_levels_750_no_nan_weights():
    f = poisson_levels(750)
    assert np.all(np.isfinite(f)) and f.sum() == pytest.approx(1.0)
    assert abs(int(f.argmax()) - 750) <= 1


def test_cognitive_hierarchy_tau_1e6_does_not_hang():
    g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    t0 = time.perf_counter()
    with pytest.warns(UserWarning, match="truncated"):
        ch = cognitive_hierarchy(g, 1e6)
    assert time.perf_counter() - t0 < 30
    assert all(np.all(np.isfinite(a)) and a.sum() == pytest.approx(1) for a in ch.aggregate)


def test_population_from_table_9_pow_9_pow_9_pow_9_not_evaluated():
    t0 = time.perf_counter()
    with pytest.raises(InvalidGameError, match="digits"):
        PopulationGame.from_table(["a", "b"], [["x", "y"], ["u", "v"]],
                                  {("x", "u"): ("9**9**9**9", 1), ("x", "v"): (0, 0),
                                   ("y", "u"): (0, 0), ("y", "v"): (1, 1)})
    assert time.perf_counter() - t0 < 5


def test_population_from_table_rejects_code():
    with pytest.raises(InvalidGameError, match="not allowed|only"):
        PopulationGame.from_table(["a"], [["x", "y"]],
                                  {("x",): ("__import__('os').getcwd()",), ("y",): (0,)})


def test_complex_payoffs_rejected():
    with pytest.raises(InvalidGameError, match="complex"):
        ct.NormalFormGame.from_bimatrix([[1 + 2j, 0], [0, 1]])
    with pytest.raises(InvalidGameError, match="complex"):
        ct.NormalFormGame.from_bimatrix(np.array([[1, 0], [0, 1]], dtype=complex))
    with pytest.raises(InvalidGameError, match="complex"):
        ct.NormalFormGame([np.array([np.complex128(1), 0]), np.array([0.0, 1.0])])


def test_players_string_ab_rejected():
    with pytest.raises(InvalidGameError, match="players"):
        ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], players="ab")


def test_players_5_is_invalid_game_error():
    with pytest.raises(InvalidGameError, match="players"):
        ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], players=5)


@pytest.mark.parametrize("actions", [[None, None], [["a", None], ["c", "d"]], 7, "ab"])
def test_none_action_labels_are_invalid_game_error(actions):
    with pytest.raises(InvalidGameError, match="action"):
        ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], actions=actions)


def test_from_bimatrix_10_pow_400_is_a_named_error_or_exact():
    with pytest.raises(InvalidGameError, match="exact=True"):
        ct.NormalFormGame.from_bimatrix([[10 ** 400, 0], [0, 1]], [[1, 0], [0, 1]])
    g = ct.NormalFormGame.from_bimatrix([[10 ** 400, 0], [0, 1]], [[1, 0], [0, 1]], exact=True)
    assert g.payoffs[0][0, 0] == 10 ** 400
    assert len(ct.solve(g, method="pure")) == 2


def test_exact_game_beyond_float_range_as_float_is_named_error():
    g = ct.NormalFormGame.from_bimatrix([[Fraction(10) ** 400, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidGameError, match="float range"):
        g.as_float()
    with pytest.raises(InvalidGameError, match="float range"):
        ct.solve(g, method="pure", exact=False)


@pytest.mark.parametrize("call", [
    lambda g: ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], exact="no"),
    lambda g: ct.solve(g, method="pure", exact="no"),
    lambda g: ct.solve(g, method="support_enumeration", exact="no"),
    lambda g: ct.io.gambit.read_nfg(g.to_nfg(), exact="no"),
])
def test_exact_no_rejected(call):
    import contracts.io.gambit  # noqa: F401
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match="exact"):
        call(g)

"""Replicator dynamics: trajectories (EVO-* states at t=10, 50), Trajectory, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import contracts as ct
from conftest import assert_close
from contracts.dynamics import Trajectory, replicator, replicator_field, replicator_jacobian
from contracts.exceptions import InvalidGameError, InvalidParameterError
from contracts.games.population import tripartite_supervision

EVO = ["EVO-NOMINAL", "EVO-CONTROL", "EVO-RESISTANCE", "EVO-SYMBIOSIS"]


def _model(o):
    return tripartite_supervision(**{k: v for k, v in o["params"].items() if k != "order"})


@pytest.mark.parametrize("oid", EVO)
def test_evo_states_from_centre(oracles, oid):
    o = oracles[oid]
    tr = replicator(_model(o), [0.5, 0.5, 0.5], 50, t_eval=[10, 50], rtol=1e-10, atol=1e-12)
    assert tr.converged
    assert_close(tr.first_shares[0], o["expected"]["state_t10_from_center"], o["tolerance"],
                 f"{oid} t=10")
    assert_close(tr.first_shares[1], o["expected"]["state_t50_from_center"], o["tolerance"],
                 f"{oid} t=50")


def test_trajectory_api():
    tr = replicator([[-1, 4], [0, 2]], [0.1, 0.9], 50)      # Hawk-Dove, one population
    assert isinstance(tr, Trajectory) and tr.dynamics == "replicator"
    assert tr.times[0] == 0 and tr.times[-1] == 50
    assert_close(tr.final[0], [2 / 3, 1 / 3], 1e-6, "mixed ESS")
    assert_close(tr.initial[0], [0.1, 0.9], 0, "start")
    assert np.allclose(tr.states.sum(axis=1), 1.0)
    assert tr.shares(0).shape == (len(tr), 2)
    assert len(tr.at(25.0)[0]) == 2
    with pytest.raises(ValueError):
        tr.states[0, 0] = 0.5
    with pytest.raises(InvalidParameterError):
        tr.at(60)
    assert "replicator dynamics" in str(tr) and "Trajectory(" in repr(tr)
    assert tr.converged and "converged=True" in repr(tr)
    with pytest.warns(DeprecationWarning, match="use .converged"):
        assert tr.success is True                  # the old name, for one release
    assert tr.to_dict()["converged"] is True


def test_multi_population_general_and_symmetric_option():
    rng = np.random.default_rng(1)
    g = ct.NormalFormGame([rng.random((2, 3, 2)) for _ in range(3)])
    tr = replicator(g, [[0.5, 0.5], [0.2, 0.3, 0.5], [0.9, 0.1]], 5, t_eval=[0, 1, 5])
    assert tr.states.shape == (3, 7)
    for s in tr.final:
        assert s.sum() == pytest.approx(1.0) and np.all(s >= 0)
    rps = ct.NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
                                          [[0, 1, -1], [-1, 0, 1], [1, -1, 0]])
    one = replicator(rps, [0.5, 0.3, 0.2], 3, symmetric=True, t_eval=[3])
    assert one.states.shape == (1, 3)
    # x.A x = 0 in RPS: the product x1 x2 x3 is conserved
    assert np.prod(one.final[0]) == pytest.approx(0.5 * 0.3 * 0.2, rel=1e-6)


def test_field_and_jacobian_match_finite_differences():
    rng = np.random.default_rng(3)
    g = ct.NormalFormGame([rng.random((2, 3, 2)) for _ in range(3)])
    sizes = (2, 3, 2)
    x = [rng.dirichlet(np.ones(k)) for k in sizes]
    J = replicator_jacobian(g, x)          # reduced coordinates: drop each last strategy
    h = 1e-6
    keep = [o + j for o, k in zip((0, 2, 5), sizes) for j in range(k - 1)]
    cols = []
    for i, k in enumerate(sizes):
        for j in range(k - 1):
            # move share j of population i, compensated by its last strategy: stays on the simplex
            plus = [v.copy() for v in x]
            minus = [v.copy() for v in x]
            plus[i][j] += h
            plus[i][-1] -= h
            minus[i][j] -= h
            minus[i][-1] += h
            fp = np.concatenate(replicator_field(g, plus))[keep]
            fm = np.concatenate(replicator_field(g, minus))[keep]
            cols.append((fp - fm) / (2 * h))
    assert np.max(np.abs(J - np.array(cols).T)) < 1e-7


def test_bad_input():
    g = tripartite_supervision("nominal")
    with pytest.raises(InvalidParameterError, match="horizon"):
        replicator(g, [0.5, 0.5, 0.5], 0)
    with pytest.raises(InvalidParameterError, match="horizon"):
        replicator(g, [0.5, 0.5, 0.5], -3)
    with pytest.raises(InvalidParameterError, match="off the simplex"):
        replicator(g, [0.5, 1.5, 0.5], 10)
    with pytest.raises(InvalidParameterError, match="off the simplex"):
        replicator([[1, 0], [0, 1]], [0.7, 0.7], 10)
    with pytest.raises(InvalidParameterError, match="one share vector per population"):
        replicator(g, [0.5, 0.5], 10)
    with pytest.raises(InvalidParameterError, match="t_eval"):
        replicator(g, [0.5, 0.5, 0.5], 10, t_eval=[5, 20])
    with pytest.raises(InvalidGameError, match="square"):
        replicator([[1, 0, 2], [0, 1, 2]], [0.5, 0.5], 10)
    with pytest.raises(InvalidGameError, match="symmetric"):
        replicator(ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]]),
                   [0.5, 0.5], 10, symmetric=True)
    with pytest.raises(InvalidParameterError, match="no value"):
        replicator(tripartite_supervision(), [0.5, 0.5, 0.5], 10)

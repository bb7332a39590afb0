"""Regression: replicator trajectories stay on the simplex when average payoffs are negative."""

import numpy as np

import contracts as ct
from contracts.dynamics import replicator


def test_negative_payoffs_keep_shares_on_simplex():
    # EVO-CYCLE-like inspection face with payoffs shifted to be negative everywhere
    A = np.array([[-3.0, -8.0], [-5.0, -5.0]]) - 10
    B = np.array([[-2.0, -7.0], [-6.0, -1.0]]) - 10
    g = ct.NormalFormGame.from_bimatrix(A, B)
    traj = replicator(g, ([0.3, 0.7], [0.6, 0.4]), 40.0, t_eval=np.linspace(0, 40, 401))
    for i in range(2):
        shares = np.asarray(traj.shares(i))
        assert np.all(np.isfinite(shares))
        np.testing.assert_allclose(shares.sum(axis=-1), 1.0, atol=1e-9)
    # shifting all payoffs of a population by a constant leaves the dynamics unchanged
    traj0 = replicator(ct.NormalFormGame.from_bimatrix(A + 10, B + 10), ([0.3, 0.7], [0.6, 0.4]),
                       40.0, t_eval=np.linspace(0, 40, 401))
    np.testing.assert_allclose(np.asarray(traj.shares(0)), np.asarray(traj0.shares(0)), atol=1e-6)

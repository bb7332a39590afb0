"""The logit QRE equations in log-probabilities: the fast residual and Jacobian of 3+ player
games (one difference operator on the Kronecker power of the profile) against the per-pair
contractions and against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

import contracts as ct
from contracts.bounded._logit_system import _LogitSystem


def _point(shape, seed, lam):
    rng = np.random.default_rng(seed)
    y = np.concatenate([np.log(rng.dirichlet(np.ones(k))) for k in shape])
    return np.append(y, lam)


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 3, 4), (3, 3, 3, 3), (2, 2, 2, 2, 2),
                                   (2, 2), (3, 4)])
def test_fast_residual_and_jacobian_match_the_contractions(shape):
    g = ct.NormalFormGame.from_payoff_profile(
        np.random.default_rng(1).random(shape + (len(shape),)))
    sys = _LogitSystem(g)
    assert (sys._dop is not None) == (len(shape) >= 3)
    for seed, lam in ((2, 0.0), (3, 3.7), (4, 250.0)):
        z = _point(shape, seed, lam)
        h, J = sys.HJ(z)
        buf = np.full((sys.M, sys.M + 1), np.nan, order="F")
        h2 = sys.HJ_into(z, buf)
        np.testing.assert_allclose(h2, h, atol=1e-12 * (1 + lam))
        np.testing.assert_allclose(buf, J, atol=1e-12 * (1 + lam))
        np.testing.assert_allclose(sys.H(z), h, atol=1e-12 * (1 + lam))


def test_jacobian_is_the_derivative_of_the_residual():
    shape = (3, 3, 3, 3)
    g = ct.NormalFormGame.from_payoff_profile(
        np.random.default_rng(8).random(shape + (len(shape),)))
    sys = _LogitSystem(g)
    z = _point(shape, 9, 2.5)
    J = np.empty((sys.M, sys.M + 1), order="F")
    sys.HJ_into(z, J)
    eps = 1e-6
    for c in range(sys.M + 1):
        dz = np.zeros_like(z)
        dz[c] = eps
        fd = (sys.H(z + dz) - sys.H(z - dz)) / (2 * eps)
        np.testing.assert_allclose(J[:, c], fd, atol=1e-7)

"""Best-response and logit dynamics, fictitious play."""

from __future__ import annotations

import numpy as np
import pytest

import contracts as ct
from conftest import assert_close
from contracts.bounded import logit_qre
from contracts.dynamics import best_response_dynamics, fictitious_play, logit_dynamics
from contracts.exceptions import InvalidParameterError

PENNIES = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
INSPECTION = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])


def test_logit_dynamics_rest_at_the_qre():
    for lam in (0.5, 2.0):
        tr = logit_dynamics(INSPECTION, [0.9, 0.1], 60, lam=lam, rtol=1e-10, atol=1e-12)
        q = logit_qre(INSPECTION, lam)
        assert_close(tr.final[0], q.strategies[0], 1e-6, f"row at lam={lam}")
        assert_close(tr.final[1], q.strategies[1], 1e-6, f"column at lam={lam}")
        assert tr.params == {"lam": lam} and tr.dynamics == "logit"


def test_best_response_dynamics():
    tr = best_response_dynamics(PENNIES, [0.9, 0.2], 20)
    assert_close(tr.first_shares[-1], [0.5, 0.5], 0.05, "spirals in to the equilibrium")
    # the path is exact between switches: from (0.9, 0.2) both best responses are fixed at
    # first (both move to their second action): x(t) = 0.9 e^{-t}, y(t) = 0.2 e^{-t}
    t = tr.times[10]
    assert_close(tr.first_shares[10], [0.9 * np.exp(-t), 0.2 * np.exp(-t)], 1e-12, "exact")
    # dominant strategies: everyone ends on them
    pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    fin = best_response_dynamics(pd, [0.9, 0.9], 20).first_shares[-1]
    assert np.all(fin < 1e-8)
    with pytest.raises(InvalidParameterError, match="horizon"):
        best_response_dynamics(PENNIES, [0.5, 0.5], 0)
    with pytest.raises(InvalidParameterError, match="step"):
        best_response_dynamics(PENNIES, [0.5, 0.5], 5, step=10)


def test_fictitious_play():
    tr = fictitious_play(PENNIES, 3000, start=[1.0, 0.0])
    assert tr.dynamics == "fictitious play" and len(tr) == 3001
    assert_close(tr.first_shares[-1], [0.5, 0.5], 0.03, "zero-sum: converges (Robinson)")
    # round 1: beliefs (1,0) for the row, (0,1) for the column; best replies are pure
    assert np.all((tr.states >= 0) & (tr.states <= 1))
    # inspection game (2x2): converges to the equilibrium (0.2, 0.6)
    tr2 = fictitious_play(INSPECTION, 3000)
    assert_close(tr2.first_shares[-1], [0.2, 0.6], 0.03, "2x2 game")
    smooth = fictitious_play(INSPECTION, 3000, lam=1.0)
    q = logit_qre(INSPECTION, 1.0)
    assert_close(smooth.final[0], q.strategies[0], 0.02, "smooth FP tends to the QRE")
    assert "rounds" in str(tr)


def test_bad_input():
    for bad in (0, -3, 2.5, True):
        with pytest.raises(InvalidParameterError, match="rounds"):
            fictitious_play(PENNIES, bad)
    with pytest.raises(InvalidParameterError, match="off the simplex"):
        fictitious_play(PENNIES, 10, start=[1.2, 0.0])
    with pytest.raises(InvalidParameterError, match="lam"):
        logit_dynamics(PENNIES, [0.5, 0.5], 5, lam=-1)
    with pytest.raises(InvalidParameterError, match="prior_weight"):
        fictitious_play(PENNIES, 10, prior_weight=0)

"""The logit branch tracer (quadratic predictor, fused residual and Jacobian) stays on the branch.

Checks the traced branches of random N-player and two-player games against pygambit's
``logit_solve_lambda`` at several ``lam``, against the answers of the previous tracer (Euler
predictor; recorded in ``tests/data/qre_trace_baseline.json``), and that every traced point
solves the QRE equations.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import contracts as ct
from conftest import DATA, assert_close
from contracts.bounded import logit_branch, logit_qre
from contracts.bounded._logit_system import _LogitSystem
from contracts.equilibrium.pure import pure_nash_actions

# a 3x3 game whose principal branch bends back twice (as in test_qre.py)
FOLD = ([[2, -7, -4], [6, 9, -7], [8, -3, -9]], [[-9, 3, 8], [-3, -3, -8], [7, -1, 9]])
BASELINE = json.loads((DATA / "qre_trace_baseline.json").read_text())


def baseline_game(case):
    """The game of a baseline case: FOLD, or a random game from its shape and seed (uniform
    payoffs; N-player games without a pure equilibrium, as in the benchmarks)."""
    if case["kind"] == "fold":
        return ct.NormalFormGame.from_bimatrix(*FOLD)
    shape = tuple(case["shape"])
    rng = np.random.default_rng(case["seed"])
    if len(shape) == 2:
        return ct.NormalFormGame.from_bimatrix(rng.random(shape), rng.random(shape))
    while True:
        P = rng.random(shape + (len(shape),))
        g = ct.NormalFormGame.from_payoff_profile(P)
        if not len(pure_nash_actions(g)):
            return g


def _name(case):
    return "fold" if case["kind"] == "fold" else "x".join(map(str, case["shape"])) + \
        f"-{case['seed']}"


def _max_residual(g, br):
    """Largest residual of the QRE equations (log coordinates, relative to 1 + lam) over the
    traced points."""
    sys = _LogitSystem(g)
    Y = np.concatenate(br.log_profiles, axis=1)
    return max(float(np.max(np.abs(sys.H(np.append(y, lam))))) / (1.0 + lam)
               for y, lam in zip(Y, br.lambdas))


@pytest.mark.parametrize("case", BASELINE["cases"], ids=[_name(c) for c in BASELINE["cases"]])
def test_same_answers_as_the_previous_tracer(case):
    g = baseline_game(case)
    br = logit_branch(g, max_lambda=1000.0)
    assert br.converged and br.lambdas[-1] == 1000.0
    assert len(br.turning_points) == case["turning_points"]
    for i, p in enumerate(case["end"]):
        assert_close(br.profiles[i][-1], p, 1e-10, f"end, player {i}")
    for lam, profile in zip(case["lams"], case["at"]):
        pt = br.at(lam)
        for i, p in enumerate(profile):
            assert_close(pt.strategies[i], p, 1e-9, f"lam={lam}, player {i}")
    # no more steps than the previous tracer needed (a few more allowed for rejected steps)
    assert len(br) <= case["points"] + 3
    # every traced point is on the branch (the previous tracer: at most 2.5e-8 on these games)
    assert _max_residual(g, br) <= 5e-8


def _gambit_profiles(gbt, g, lams):
    G = gbt.Game.from_arrays(*[np.asarray(a, dtype=float) for a in g.payoffs])
    res = gbt.qre.logit_solve_lambda(G, list(lams))
    return [[np.array([float(r.profile[s]) for s in pl.strategies]) for pl in G.players]
            for r in res]


@pytest.mark.parametrize("shape,seed", [((3, 3, 3), 11), ((4, 4, 4), 12), ((3, 3, 3, 3), 13),
                                        ((2, 3, 4), 14), ((6, 6), 15), ((12, 12), 16)])
def test_agrees_with_pygambit_along_the_branch(shape, seed):
    gbt = pytest.importorskip("pygambit")
    g = baseline_game({"kind": "random", "shape": list(shape), "seed": seed})
    lams = [0.2, 1.0, 4.0, 20.0, 150.0, 1000.0]
    br = logit_branch(g, max_lambda=1000.0)
    for lam, theirs in zip(lams, _gambit_profiles(gbt, g, lams)):
        ours = br.at(lam).strategies
        for i in range(g.num_players):
            assert_close(ours[i], theirs[i], 1e-8, f"player {i} at lam={lam}")
    # the traced end point itself (landed on lam = 1000, not re-corrected by at())
    for i in range(g.num_players):
        assert_close(br.profiles[i][-1], theirs[i], 1e-8, f"end, player {i}")


def test_first_crossing_through_turning_points_matches_pygambit():
    gbt = pytest.importorskip("pygambit")
    g = ct.NormalFormGame.from_bimatrix(*FOLD)
    lams = [2.0, 3.5, 4.0, 6.0]        # 3.5 and 4.0 are crossed three times
    for lam, theirs in zip(lams, _gambit_profiles(gbt, g, lams)):
        ours = logit_qre(g, lam).strategies
        for i in range(2):
            assert_close(ours[i], theirs[i], 1e-8, f"player {i} at lam={lam}")


@pytest.mark.parametrize("max_accel", [1.1, 1.5])
def test_points_satisfy_the_equations_and_lam_never_jumps(max_accel):
    g = baseline_game({"kind": "random", "shape": [3, 3, 3, 3], "seed": 21})
    br = logit_branch(g, max_lambda=1e4, max_accel=max_accel)
    assert br.converged and _max_residual(g, br) <= 5e-8
    # consecutive points are close in log-probabilities and lam relative to the step before
    # (no jump to another branch): step lengths grow by at most about max_accel
    Y = np.concatenate(br.log_profiles, axis=1)
    steps = np.hypot(np.linalg.norm(np.diff(Y, axis=0), axis=1), np.diff(br.lambdas))
    assert np.all(steps[1:] <= 1.3 * max_accel * steps[:-1])
    assert steps[0] == pytest.approx(0.03, rel=1e-3)


@pytest.mark.parametrize("shape", [(2,) * 6, (3, 3, 3), (2, 2, 2, 2), (4, 5)])
def test_fused_equations_match_the_contractions(shape):
    # (2,)*6 is too large for the fused buffer: the per-pair path answers instead
    g = baseline_game({"kind": "random", "shape": list(shape), "seed": 31})
    sys = _LogitSystem(g)
    assert (sys._fused is not None) == (shape != (2,) * 6)
    plain = _LogitSystem(g)
    plain._fused = None                      # the residual and Jacobian from the contractions
    rng = np.random.default_rng(32)
    buf = np.full((sys.M, sys.M + 1), np.nan, order="F")
    for lam in (0.0, 2.5, 400.0):
        z = np.append(np.concatenate([np.log(rng.dirichlet(np.ones(k))) for k in shape]), lam)
        h, J = plain.HJ(z)
        np.testing.assert_allclose(sys.HJ_into(z, buf), h, atol=1e-12 * (1 + lam))
        np.testing.assert_allclose(buf, J, atol=1e-12 * (1 + lam))
        np.testing.assert_allclose(sys.H(z), plain.H(z), atol=1e-12 * (1 + lam))
    # Newton at fixed lam (LAPACK on the fused Jacobian) lands where the plain path does
    br = logit_branch(g, max_lambda=50.0)
    y0 = np.concatenate([lp[len(br) // 2] for lp in br.log_profiles])
    lam = float(br.lambdas[len(br) // 2]) * 1.01
    np.testing.assert_allclose(sys.solve_at(lam, y0), plain.solve_at(lam, y0), atol=1e-10)

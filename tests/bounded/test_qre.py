"""Logit QRE: oracles QRE-*, branch tracing through turning points, estimation, pygambit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from conftest import assert_close
from contracts.bounded import (LogitEstimate, QREBranch, QREPoint, logit_branch, logit_estimate,
                               logit_qre)
from contracts.exceptions import InvalidGameError, InvalidParameterError

# a 3x3 game whose principal branch bends back: lam rises to 4.096, falls to 2.995, rises again
FOLD = ([[2, -7, -4], [6, 9, -7], [8, -3, -9]], [[-9, 3, 8], [-3, -3, -8], [7, -1, 9]])


def _game(o):
    return ct.NormalFormGame.from_bimatrix(o["params"]["A_row"], o["params"]["B_col"])


def _is_qre(game, point, tol=1e-10):
    """The logit fixed point: p_i = softmax(lam * u_i(p))."""
    for i in range(game.num_players):
        u = game.action_payoffs(i, point.strategies)
        v = np.exp(point.lam * (u - u.max()))
        if np.max(np.abs(v / v.sum() - point.strategies[i])) > tol:
            return False
    return True


@pytest.mark.parametrize("oid", ["QRE-ochs_X9", "QRE-inspection"])
def test_qre_oracles_on_branch_and_pointwise(oracles, oid):
    o = oracles[oid]
    g = _game(o)
    br = logit_branch(g, max_lambda=10)
    for lam, exp in o["expected"]["profiles"].items():
        for pt in (br.at(float(lam)), logit_qre(g, float(lam))):
            assert_close(pt.strategies[0], exp["row"], o["tolerance"], f"{oid} row lam={lam}")
            assert_close(pt.strategies[1], exp["col"], o["tolerance"], f"{oid} col lam={lam}")
            assert pt.lam == float(lam)


def test_qre_pd_closed_form(oracles):
    o = oracles["QRE-PD-CLOSED"]   # QRE-PD-CLOSED
    g = _game(o)
    for lam, p_defect in o["expected"]["P_defect"].items():
        pt = logit_qre(g, float(lam))
        assert_close(pt.strategies[0][1], p_defect, o["tolerance"], "row defects")
        assert_close(pt.strategies[1][1], p_defect, o["tolerance"], "column defects")


def test_branch_limit_is_the_nash_equilibrium(oracles):
    # the inspection game's unique NE: P(strict) = .2, P(comply) = .6 (MODELS.md 10.1)
    g = _game(oracles["QRE-inspection"])
    br = logit_branch(g, max_lambda=1e4)
    eq = br.limit()
    assert_close(eq.strategies[0], [0.2, 0.8], 1e-9, "row")
    assert_close(eq.strategies[1], [0.6, 0.4], 1e-9, "column")
    assert eq.regret <= g.default_tol()
    # Ochs: NE row Up .5, column Left .1; the branch is traced further automatically
    g2 = _game(oracles["QRE-ochs_X9"])
    eq2 = logit_branch(g2, max_lambda=5).limit()
    assert_close(eq2.strategies[1], [0.1, 0.9], 1e-9, "Ochs column")


def test_branch_shape_and_immutability():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    br = logit_branch(g, max_lambda=50)
    assert isinstance(br, QREBranch) and br.converged
    assert br.lambdas[0] == 0 and br.lambdas[-1] == 50
    assert br.profiles[0].shape == (len(br), 2)
    assert_close(br.profiles[0][0], [0.5, 0.5], 0, "centroid")
    with pytest.raises(ValueError):
        br.lambdas[0] = 1.0
    with pytest.raises(Exception):
        br.converged = False
    assert "principal logit QRE branch" in str(br) and "QREBranch(" in repr(br)
    with pytest.raises(InvalidParameterError):
        br.at(51.0)


def test_turning_points_do_not_stop_the_tracer():
    g = ct.NormalFormGame.from_bimatrix(*FOLD)
    br = logit_branch(g, max_lambda=100)
    assert len(br.turning_points) == 2
    lam_max, lam_min = (br.lambdas[k] for k in br.turning_points)
    # the turning points of the branch lie at lam = 4.12347 and 2.98304 (traced with steps 100
    # times finer); the traced points near them are within the grid's resolution
    assert lam_max == pytest.approx(4.1235, abs=3e-2) and lam_min == pytest.approx(2.983, abs=3e-2)
    assert lam_max <= 4.12348 and lam_min >= 2.98303     # points on the branch: never beyond
    assert br.lambdas[-1] == 100
    # at lam = 3.5 the branch passes three times; at() and logit_qre() take the first crossing
    a, b = br.at(3.5), logit_qre(g, 3.5)
    assert _is_qre(g, a) and _is_qre(g, b)
    assert_close(a.strategies[0], b.strategies[0], 1e-10, "first crossing")
    # every traced point satisfies the QRE equations
    for k in range(0, len(br), 7):
        assert _is_qre(g, br.point(k), 1e-7)
    eq = br.limit()
    assert_close(eq.strategies[0], [0, 2 / 7, 5 / 7], 1e-9, "limit row")
    assert_close(eq.strategies[1], [0.5, 0, 0.5], 1e-9, "limit column")


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.0, 20.0), st.sampled_from([(2, 3), (3, 3), (2, 2, 2)]))
def test_qre_fixed_point_property(seed, lam, shape):
    rng = np.random.default_rng(seed)
    g = ct.NormalFormGame([rng.integers(-5, 6, size=shape) for _ in shape])
    pt = logit_qre(g, lam)
    assert isinstance(pt, QREPoint)
    assert _is_qre(g, pt, 1e-9)
    assert all(abs(s.sum() - 1) < 1e-12 and np.all(s > 0) for s in pt.strategies)
    # invariance: adding a constant to a player's payoffs changes nothing
    shifted = ct.NormalFormGame([g.payoffs[0] + 7.0, *g.payoffs[1:]])
    assert_close(np.concatenate(logit_qre(shifted, lam).strategies),
                 np.concatenate(pt.strategies), 1e-9, "shifted")


def test_log_coordinates_at_large_lambda():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    pt = logit_qre(g, 2000.0)
    # P(cooperate) = 1/(1+e^2000) underflows, its logarithm does not
    assert pt.strategies[0][0] == 0.0
    assert pt.log_strategies[0][0] == pytest.approx(-2000.0, rel=1e-12)


def test_three_player_exact_game_and_lambda_zero():
    g = ct.NormalFormGame([[[["1", "0"], ["0", "1"]], [["0", "1"], ["1", "0"]]]] * 3)
    p0 = logit_qre(g, 0)
    assert_close(np.concatenate(p0.strategies), [0.5] * 6, 0, "uniform at lam=0")
    assert _is_qre(g, logit_qre(g, 3.0))


def test_logit_estimate_recovers_lambda():
    g = ct.NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    p = logit_qre(g, 2.0).strategies
    fit = logit_estimate(g, [1000 * p[0], 1000 * p[1]])
    assert isinstance(fit, LogitEstimate)
    assert fit.lam == pytest.approx(2.0, abs=1e-5)
    assert_close(fit.profile[0], p[0], 1e-6, "fitted profile")
    assert fit.log_likelihood == pytest.approx(
        sum(float(1000 * pi @ np.log(pi)) for pi in p), rel=1e-9)
    assert "maximum likelihood" in str(fit)
    # uniform data: lam = 0
    assert logit_estimate(g, [[5, 5], [3, 3]]).lam == pytest.approx(0.0, abs=1e-6)


def test_bad_input():
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match="lam"):
        logit_qre(g, -0.5)
    with pytest.raises(InvalidParameterError, match="lam"):
        logit_qre(g, float("nan"))
    with pytest.raises(InvalidParameterError, match="max_lambda"):
        logit_branch(g, max_lambda=0)
    with pytest.raises(InvalidParameterError, match="lam"):
        logit_branch(g, max_lambda=5).at(-1)
    with pytest.raises(InvalidParameterError, match="shape"):
        logit_estimate(g, [[1, 2, 3], [1, 2]])
    with pytest.raises(InvalidParameterError, match="one array per player"):
        logit_estimate(g, [[1, 2]])
    with pytest.raises(InvalidParameterError, match="non-negative"):
        logit_estimate(g, [[1, -2], [1, 2]])
    with pytest.raises(InvalidParameterError, match="all zero"):
        logit_estimate(g, [[0, 0], [0, 0]])
    with pytest.raises(InvalidGameError, match="NormalFormGame"):
        logit_branch([[1, 0], [0, 1]])


# ----------------------------------------------------------------------------------------------
# cross-checks against pygambit (test extra)
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(3, 3), (2, 2, 2)])
def test_agrees_with_pygambit_logit_solve_lambda(shape):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(20 + len(shape))
    lams = [0.3, 1.0, 2.5, 7.0]
    for _ in range(4):
        pays = [rng.integers(-5, 6, size=shape).astype(float) for _ in shape]
        g = ct.NormalFormGame(pays)
        res = gbt.qre.logit_solve_lambda(gbt.Game.from_arrays(*pays), lams)
        br = logit_branch(g, max_lambda=10)
        for lam, r in zip(lams, res):
            ours = br.at(lam).strategies
            gg = r.profile.game
            for i, pl in enumerate(gg.players):
                theirs = [r.profile[s] for s in pl.strategies]
                assert_close(ours[i], theirs, 1e-7, f"player {i} at lam={lam}")


def test_estimate_agrees_with_pygambit():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(7)
    pays = [rng.integers(-5, 6, size=(3, 3)).astype(float) for _ in range(2)]
    g = ct.NormalFormGame(pays)
    counts = [np.round(100 * s) + rng.integers(0, 5, size=3)
              for s in logit_qre(g, 0.8).strategies]
    gg = gbt.Game.from_arrays(*pays)
    prof = gg.mixed_strategy_profile(rational=False)
    for i, pl in enumerate(gg.players):
        for j, s in enumerate(pl.strategies):
            prof[s] = float(counts[i][j])
    theirs = gbt.qre.logit_estimate(prof)
    ours = logit_estimate(g, counts)
    assert ours.lam == pytest.approx(theirs.lam, rel=1e-5)
    assert ours.log_likelihood == pytest.approx(theirs.log_like, rel=1e-9)

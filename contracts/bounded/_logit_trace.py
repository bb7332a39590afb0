"""Predictor–corrector continuation of the principal logit QRE branch from ``lam = 0``.

Arc-length continuation (Allgower & Georg 1990, as in Gambit's ``logit`` solver): a predictor
along the unit tangent, Newton corrections with the augmented Jacobian factorised once per step
(:func:`contracts._continuation.newton_corrector`), and step-length control from the observed
corrector distances (Gambit's rule: the step grows by at most ``max_accel``), so the branch may
bend back in ``lam`` (turning points).

Two departures from Gambit's tracer make each step cheaper without changing the step lengths
or the points' accuracy: the predictor is quadratic (the curvature from the last two tangents),
which shrinks the first correction so the corrector needs fewer residuals; and the corrector
stops as soon as its contraction rate puts the remaining error below a hundredth of the
tolerance, instead of computing one more residual to see a correction below the tolerance.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from scipy.linalg.lapack import dgetrf as _getrf, dgetri as _getri, dgetrs as _getrs

from .._continuation import newton_corrector
from ..exceptions import ConvergenceError
from ._logit_system import _LogitSystem

__all__: list[str] = []

_SMALL = 24     # augmented systems up to this size are inverted (see _trace)
_EARLY = 0.01    # the corrector stops once its estimated remaining error is below _EARLY * tol


def _norm2(delta: np.ndarray) -> float:
    return math.sqrt(delta.dot(delta))          # ndarray.dot: far less overhead than @


def _tangent(J, t_prev):
    """Unit tangent of the path at a point with Jacobian ``J`` oriented like ``t_prev``."""
    M = J.shape[0]
    aug = np.empty((M + 1, M + 1), order="F")     # factorised in place by LAPACK
    aug[:M] = J
    aug[M] = t_prev
    rhs = np.zeros(M + 1)
    rhs[M] = 1.0
    try:
        t = np.linalg.solve(aug, rhs)
    except np.linalg.LinAlgError:
        # fall back on the null space by QR of J^T
        q, _ = np.linalg.qr(J.T, mode="complete")
        t = q[:, -1]
        if t @ t_prev < 0:
            t = -t
    nrm = np.linalg.norm(t)
    return t / nrm


def _trace(sys: _LogitSystem, *, max_lambda: float, targets: Sequence[float] = (),
           max_regret: float | None = None, first_step: float = 0.03, max_accel: float = 1.1,
           max_steps: int = 100_000, corrector_tol: float = 1e-6, stop_at_targets=False):
    """Follow the principal branch from lam = 0.

    Returns ``(lams, ys, hits, converged, message)`` where ``hits`` maps each target lam to the
    (exactly corrected) log-profile at the first crossing of that lam.
    """
    z = sys.start()
    M = sys.M
    # initial tangent: d(lam) > 0
    J = np.empty((M, M + 1), order="F")
    sys.HJ_into(z, J)
    e = np.zeros(M + 1)
    e[-1] = 1.0
    t = _tangent(J, e)
    if t[-1] < 0:
        t = -t
    zs = [z]
    targets = sorted(float(x) for x in targets)
    pending = [x for x in targets if x > 0]
    hits = {x: z[:-1].copy() for x in targets if x == 0}
    h = float(first_step)
    h_min = 1e-12
    steps = 0
    aug = np.empty((M + 1, M + 1), order="F")     # factorised in place by LAPACK
    rhs = np.zeros(M + 1)
    # small systems: invert the augmented Jacobian once per step, so each corrector solve and
    # the new tangent are one product each (fewer calls than LU solves); large: LU solves
    small = M + 1 <= _SMALL
    H = sys.H
    converged = True
    message = ""
    lam = 0.0
    # the rows of T hold the unit tangent t (row k) and the previous one t_prev (row 1 - k):
    # the predictor is the quadratic z + h t + h^2 / 2 (t - t_prev) / h_prev (the curvature
    # from the last two tangents), c @ T with c[k] = h + q, c[1 - k] = -q, q = h^2 / (2 h_prev);
    # Euler (q = 0) on the first step
    T = np.empty((2, M + 1))
    T[0] = t
    T[1] = t
    rows = (T[0], T[1])
    k = 0
    c = np.zeros(2)
    h_prev = math.inf
    # views of aug, made once: the Jacobian rows, the tangent row, and (after the in-place
    # inversion of small systems) the solve columns and the new tangent column
    Jbuf, trow, P, tcol = aug[:M], aug[M], aug[:, :M], aug[:, M]
    solve_small = P.dot
    while True:
        if lam >= max_lambda:
            break
        if max_regret is not None and lam > 0 and sys.regret(z[:-1]) <= max_regret:
            break
        if stop_at_targets and not pending:
            break
        if steps >= max_steps:
            converged = False
            message = f"stopped after {steps} steps at lam={lam:.6g}"
            break
        if h <= h_min * (1.0 + abs(lam)):
            converged = False
            message = f"step size underflow at lam={lam:.6g} (the branch may bifurcate here)"
            break
        # predictor
        q = 0.5 * h * h / h_prev
        c[k] = h + q
        c[1 - k] = -q
        u = c.dot(T)
        u += z
        hu = sys.HJ_into(u, Jbuf)
        trow[...] = rows[k]
        lu, piv, info = _getrf(aug, overwrite_a=1)   # LAPACK LU (as scipy.linalg.lu_factor)
        if info != 0:                                # singular: retry with a shorter step
            h /= max_accel * 2
            continue
        if small:
            _getri(lu, piv, overwrite_lu=1)           # aug now holds the inverse
            solve = solve_small
        else:
            def solve(residual, lu=lu, piv=piv):
                rhs[:M] = residual
                rhs[M] = 0.0
                return _getrs(lu, piv, rhs)[0]
        tol = corrector_tol * (1.0 + 1e-3 * abs(float(u[-1])))
        u, accept, decel = newton_corrector(u, hu, H, solve, _norm2, tol, 1.0 / max_accel,
                                            max_accel, _EARLY)
        if not accept or u[-1] < -1e-12:
            # corrector failed (or the step left lam >= 0, which the principal branch never
            # does, or the factors held a NaN): retry with a shorter step
            h /= 2.0
            continue
        decel = min(decel, max_accel)
        h_prev = h
        h = abs(h / decel)
        z_old = z
        z = u
        lam = float(z[-1])
        # the new tangent from the factorised augmented Jacobian of this step (chord method:
        # the corrector already used it), oriented like the old one since t_old . t_new = 1
        if small:
            t_new = tcol
        else:
            rhs[:M] = 0.0
            rhs[M] = 1.0
            t_new = _getrs(lu, piv, rhs)[0]
        nrm = _norm2(t_new)
        k = 1 - k
        if math.isfinite(nrm) and nrm > 0:
            np.divide(t_new, nrm, out=rows[k])
        else:
            _, Jz = sys.HJ(z)
            rows[k][...] = _tangent(Jz, rows[1 - k])
        steps += 1
        # record target crossings (first crossing only)
        while pending and z_old[-1] < pending[0] <= z[-1]:
            lam_t = pending.pop(0)
            w = (lam_t - z_old[-1]) / (z[-1] - z_old[-1])
            y0 = (1 - w) * z_old[:-1] + w * z[:-1]
            hits[lam_t] = sys.solve_at(lam_t, y0)
        if z[-1] > max_lambda:
            # land exactly on max_lambda
            w = (max_lambda - z_old[-1]) / (z[-1] - z_old[-1])
            y0 = (1 - w) * z_old[:-1] + w * z[:-1]
            try:
                y_end = sys.solve_at(max_lambda, y0)
                z = np.concatenate([y_end, [max_lambda]])
            except ConvergenceError:
                pass
            lam = float(z[-1])
        zs.append(z)
    Z = np.asarray(zs)
    return Z[:, -1].copy(), Z[:, :-1], hits, converged, message

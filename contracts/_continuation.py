"""The Newton corrector shared by the logit-branch tracers (normal-form and Markov QRE).

Both tracers follow a curve ``H(u) = 0`` by predictor–corrector continuation with the step-size
control of Allgower and Georg (as Gambit's tracer does): after an Euler predictor, Newton
corrections are applied until the step is small; a correction that is too large, or a
contraction rate that is too slow, rejects the step, and the observed distances set the
deceleration factor of the next step length.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

__all__ = ["newton_corrector", "MAX_DIST", "MAX_CONTR", "ETA", "MAX_CORRECTOR_ITER"]

MAX_DIST = 0.4            # largest corrector step accepted
MAX_CONTR = 0.6           # largest contraction rate of the corrector
ETA = 0.1                 # weight of the tolerance in the contraction estimate
MAX_CORRECTOR_ITER = 10   # corrector iterations before the step is rejected


def newton_corrector(u: np.ndarray, hu: np.ndarray, H: Callable, solve: Callable,
                     norm: Callable, tol: float, decel: float,
                     max_accel: float, early: float = 0.0) -> tuple[np.ndarray, bool, float]:
    """Correct the predicted point ``u`` back onto ``H = 0``.

    Parameters
    ----------
    u, hu : numpy.ndarray
        The predicted point and ``H(u)``.
    H : callable
        The residual map.
    solve : callable
        ``solve(hu)`` returns the Newton correction for residual ``hu`` (the augmented system
        of the tracer, factorised once per step).
    norm : callable
        Length of a correction.
    tol : float
        Corrections below this length end the loop.
    decel, max_accel : float
        The deceleration factor so far and its cap.
    early : float, default 0.0
        Also accept once the contraction rate says the remaining error, ``contr * dist``,
        is at most ``early * tol`` (saves the last residual when the corrector contracts
        fast; 0 keeps Allgower and Georg's rule: stop only on a correction below ``tol``).

    Returns
    -------
    (u, accepted, decel)
        The corrected point, whether the step is accepted, and the updated deceleration.

    Examples
    --------
    >>> import numpy as np
    >>> u, ok, _ = newton_corrector(np.array([1.1]), np.array([0.21]), lambda u: u ** 2 - 1,
    ...                             lambda r: r / 2.2, lambda d: abs(float(d[0])), 1e-10,
    ...                             0.5, 1.1)
    >>> ok, round(float(u[0]), 6)
    (True, 1.0)
    """
    disto = 0.0
    it = 1
    while True:
        delta = solve(hu)
        dist = norm(delta)
        if not math.isfinite(dist) or dist >= MAX_DIST:
            return u, False, decel
        u = u - delta
        decel = max(decel, math.sqrt(dist / MAX_DIST) * max_accel)
        if it >= 2:
            contr = dist / (disto + tol * ETA)
            if contr > MAX_CONTR:
                return u, False, decel
            decel = max(decel, math.sqrt(contr / MAX_CONTR) * max_accel)
            if contr * dist <= early * tol:
                return u, True, decel
        if dist <= tol:
            return u, True, decel
        disto = dist
        it += 1
        if it > MAX_CORRECTOR_ITER:
            return u, False, decel
        hu = H(u)


class TracedBranch:
    """What every traced branch result offers: its length, largest ``lam`` and turning points.

    Mixed into frozen dataclasses that have a ``lambdas`` array (in path order).
    """

    lambdas: np.ndarray

    def __len__(self) -> int:
        return len(self.lambdas)

    @property
    def max_lambda(self) -> float:
        """Largest ``lam`` reached."""
        return float(np.max(self.lambdas))

    @property
    def turning_points(self) -> tuple[int, ...]:
        """Indices of traced points where ``lam`` changes direction along the path."""
        s = np.sign(np.diff(self.lambdas))
        return tuple(int(k) + 1 for k in range(len(s) - 1) if s[k] * s[k + 1] < 0)

"""Tolerances in one place: named constants and the scale-relative rule.

A float game's default regret tolerance is relative to its payoffs, so that multiplying every
payoff by a positive constant multiplies the tolerance by the same constant and leaves the
equilibrium set unchanged::

    tol = max(REL_TOL * range, ULP_FACTOR * eps * magnitude)

where ``range`` is the largest spread ``max - min`` of one player's payoffs and ``magnitude`` the
largest absolute payoff. The second term is a floor near machine precision: below it, rounding in
an expected payoff (a sum of products) can exceed the tolerance. There is no absolute floor such
as ``1e-9``: a game whose payoffs are all ``1e-10`` times another's has ``1e-10`` times its
tolerance. Exact (Fraction) games use 0.

Payoffs so small that ``REL_TOL * range`` is below the smallest normal float (subnormal payoffs)
cannot be resolved by floating-point solvers that do arithmetic on them;
:func:`check_resolvable` refuses them with a named error instead of returning a wrong answer.
"""

from __future__ import annotations

import math
from typing import Iterable

import numpy as np

from .exceptions import InvalidGameError

__all__ = ["REL_TOL", "ULP_FACTOR", "EPS", "TINY", "ZERO_SUM_REL_TOL", "MODEL_TOL", "PROBABILITY_TOL",
           "payoff_magnitude",
           "payoff_range", "regret_tol", "relative_tol", "check_resolvable"]

#: Default regret tolerance relative to the payoff range.
REL_TOL = 1e-9
#: The floor: this many units in the last place of the largest absolute payoff.
ULP_FACTOR = 64
#: Machine epsilon of float64.
EPS = float(np.finfo(np.float64).eps)
#: Smallest positive normal float64; below it relative precision is lost.
TINY = float(np.finfo(np.float64).tiny)
#: Relative tolerance of the zero-sum / constant-sum tests.
ZERO_SUM_REL_TOL = 1e-12
#: Absolute tolerance of the models' comparisons of money amounts, shares and payoffs (ties,
#: "weakly better", a condition met with equality).
MODEL_TOL = 1e-9
#: Tolerance on float probabilities given by users (entries in [0, 1], rows summing to 1).
PROBABILITY_TOL = 1e-9


def _as_float_arrays(arrays: Iterable) -> list[np.ndarray]:
    out = []
    for a in arrays:
        a = np.asarray(a)
        out.append(a.astype(np.float64) if a.dtype != np.float64 else a)
    return out


def payoff_magnitude(arrays: Iterable) -> float:
    """Largest absolute payoff over the players' payoff arrays (0 for an all-zero game)."""
    return max((float(np.max(np.abs(a))) if a.size else 0.0 for a in _as_float_arrays(arrays)),
               default=0.0)


def payoff_range(arrays: Iterable) -> float:
    """Largest spread ``max - min`` of one player's payoffs."""
    out = 0.0
    for a in _as_float_arrays(arrays):
        if a.size:
            # halve before subtracting: no overflow near the largest float
            spread = 2.0 * (float(np.max(a)) / 2.0 - float(np.min(a)) / 2.0)
            out = max(out, spread)
    return out


def relative_tol(scale: float, magnitude: float | None = None, *, rel: float = REL_TOL) -> float:
    """``max(rel * scale, ULP_FACTOR * eps * magnitude)``: the rule for a given scale.

    Examples
    --------
    >>> relative_tol(1.0)
    1e-09
    >>> abs(relative_tol(1e-10) - 1e-19) < 1e-30
    True
    """
    magnitude = scale if magnitude is None else magnitude
    tol = max(rel * float(scale), ULP_FACTOR * EPS * float(magnitude))
    return tol if math.isfinite(tol) else float(np.finfo(np.float64).max)


def regret_tol(arrays: Iterable, *, rel: float = REL_TOL) -> float:
    """The default regret tolerance of a float game with these payoff arrays.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> regret_tol([A, -A])
    2e-09
    >>> regret_tol([A * 1e-10, -A * 1e-10]) < 1e-18
    True
    """
    arrays = _as_float_arrays(arrays)
    mag = payoff_magnitude(arrays)
    rng = payoff_range(arrays)
    if rng == 0.0:
        return ULP_FACTOR * EPS * mag
    return relative_tol(rng, mag, rel=rel)


def check_resolvable(game, where: str) -> None:
    """Raise :class:`InvalidGameError` when a float game's payoffs are too small to resolve.

    Solvers that compute with the payoffs (mixed equilibria, LPs) lose relative precision when
    ``REL_TOL * range`` falls below the smallest normal float; rather than return a wrong answer,
    they refuse and say how to proceed (rescale, or solve exactly).
    """
    if getattr(game, "is_exact", False):
        return
    arrays = getattr(game, "payoffs", None)
    if arrays is None:
        return
    rng = payoff_range(arrays)
    if 0.0 < rng and REL_TOL * rng < TINY:
        raise InvalidGameError(
            f"{where}: the payoffs are too small to resolve in floating point (largest spread "
            f"{rng:.3g}, below {TINY / REL_TOL:.3g}); multiply them by a positive constant "
            f"(the equilibria do not change) or solve with exact=True")

"""Run a floating-point N-player solver on the game rescaled to a unit payoff range.

Equilibrium strategies do not change when every payoff is multiplied by a positive constant,
but iterative solvers (Newton steps, the logit branch's ``lambda``) behave best at ordinary
payoff scales. :func:`unit_range` rescales a float game whose payoff range lies outside
``[1, 2**10]`` by a power of two (exact in binary floating point: no rounding of any payoff or
regret), so its range lies in ``[1, 2)``; :func:`in_user_units` verifies the strategies found
again on the user's own game and reports payoffs and regrets in the user's units.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _tolerance

__all__ = ["unit_range", "in_user_units"]

#: float games whose payoff range lies in this band are solved as given
_LOW, _HIGH = 1.0, 2.0 ** 10


def unit_range(game):
    """``(scaled_game, c)``: the game with payoffs times ``c = 2**k`` (range in ``[1, 2)``), or
    ``(game, 1.0)`` when it needs no rescaling (exact games, ordinary ranges, constant payoffs).

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1e-10, 0], [0, 2e-10]])
    >>> h, c = unit_range(g)
    >>> 1 <= c * 2e-10 < 2, bool(h.payoffs[0][1, 1] == c * 2e-10)
    (True, True)
    """
    if game.is_exact:
        return game, 1.0
    payoffs = [np.asarray(p, dtype=np.float64) for p in game.payoffs]
    r = _tolerance.payoff_range(payoffs)
    if not (math.isfinite(r) and r > 0) or _LOW <= r <= _HIGH:
        return game, 1.0
    _, e = math.frexp(r)              # r = m * 2**e, 0.5 <= m < 1
    k = 1 - e                         # r * 2**k in [1, 2)
    scaled = [np.ldexp(p, k) for p in payoffs]
    if not all(np.all(np.isfinite(p)) for p in scaled):
        return game, 1.0
    if any(np.any((p != 0) & (np.abs(p) < _tolerance.TINY)) for p in scaled):
        return game, 1.0              # scaling would push payoffs into subnormals: keep as is
    from ..games.normal_form import NormalFormGame
    return (NormalFormGame(scaled, players=game.players, actions=game.actions, exact=False),
            math.ldexp(1.0, k))


def in_user_units(game, res, tol):
    """Verify ``res`` (found on the rescaled game) on the user's ``game`` with the user's
    ``tol`` (``None``: ``game.default_tol()``) and report it in the user's units."""
    from ..results import build_result
    return build_result(game, [tuple(e.strategies) for e in res], method=res.method, tol=tol,
                        exact=res.exact, complete=res.complete, converged=res.converged,
                        iterations=res.iterations, degenerate=res.degenerate,
                        message=res.message, warn_degenerate=False, extra=dict(res.extra))

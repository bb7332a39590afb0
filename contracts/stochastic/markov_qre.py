"""Logit Markov quantal response equilibrium of a stochastic game, and a mixed Markov perfect
equilibrium as its limit.

In a logit Markov QRE (McKelvey & Palfrey 1995 for one state; for stochastic games see
Eibelshäuser & Poensgen 2019) every player, in every state, chooses each action with
probability proportional to ``exp(lam * Q_{s,i}(a))``, where

    Q_{s,i}(a) = (1 - δ_i) u_i(s, a, σ_{-i}) + δ_i E[V_i(s') | s, a, σ_{-i}]

is the normalised value of playing ``a`` once and then following the stationary profile
``σ``, whose values are ``V``. At ``lam = 0`` play is uniform; as ``lam -> infinity`` the
principal branch (the solutions connected to ``lam = 0``) converges, in generic games, to a
stationary Markov perfect equilibrium (MPE). This module traces that branch by
predictor–corrector continuation in arc length (sparse Jacobian, so games with hundreds of
states take seconds), returns the QRE at any ``lam``, and reads an MPE off the end of the
branch: the support is read off the last point, the indifference conditions on the support
are solved by Newton's method together with the values, and the result is checked by the
one-shot deviation principle.

For a one-state game the values cancel out of the comparison of actions: the Markov QRE at
``lam`` is the normal-form logit QRE of the stage game at ``(1 - δ) lam``.

Public names: :class:`MarkovQREPoint`, :class:`MarkovQREBranch`, :func:`markov_qre`,
:func:`markov_qre_branch`, :func:`markov_perfect_mixed`.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .._validation import check_real
from ..exceptions import ConvergenceError, InvalidGameError, InvalidParameterError
from ._core import (StochasticResult)
from ._markov_logit import MarkovLogitSystem, trace
from ._markov_polish import _default_tol, _polish
from ._markov_qre_result import MarkovQREBranch, MarkovQREPoint, _freeze, _point

__all__ = ["MarkovQREPoint", "MarkovQREBranch", "markov_qre", "markov_qre_branch",
           "markov_perfect_mixed"]


# ----------------------------------------------------------------------------------------------
# polish at the end of the branch
# ----------------------------------------------------------------------------------------------
#: the branch is polished when its largest deviation gain (relative to the payoff range) first
#: falls below each of these
_GAIN_TARGETS = (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12, 1e-14)


_NEAR = 0.05      # an equilibrium this close to the branch point is taken as its limit

# ----------------------------------------------------------------------------------------------
# public functions
# ----------------------------------------------------------------------------------------------
def _check_game(game, where):
    from ..games.stochastic import StochasticGame
    if not isinstance(game, StochasticGame):
        raise InvalidGameError(f"{where}: expected a StochasticGame, got {type(game).__name__}")


def _check_tracer(where, first_step, max_accel, max_steps):
    check_real(where, "first_step", first_step, low=0, low_open=True)
    check_real(where, "max_accel", max_accel, low=1)
    if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) or \
            max_steps < 1:
        raise InvalidParameterError(f"{where}: max_steps must be a positive integer, got "
                                    f"{max_steps!r}")


def markov_qre_branch(game, *, max_lambda: float = 1e6, max_gain: float | None = None,
                      first_step: float = 0.03, max_accel: float = 1.1,
                      max_steps: int = 100_000) -> MarkovQREBranch:
    """Trace the principal branch of the logit Markov QRE from ``lam = 0``.

    Parameters
    ----------
    game : StochasticGame
        Any finite stochastic game (N players); exact data are read as floats.
    max_lambda : float, default 1e6
        Stop once ``lam`` reaches this value (the last point lies on it).
    max_gain : float, optional
        Also stop once the largest one-shot deviation gain is at most ``max_gain`` times the
        range of stage payoffs.
    first_step : float
        Arc length of the first step.
    max_accel : float
        Largest growth factor of the step.
    max_steps : int
        Safety limit on the number of steps.

    Returns
    -------
    MarkovQREBranch
        The traced points, from uniform play towards an equilibrium.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic.markov_qre import markov_qre_branch
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> br = markov_qre_branch(g, max_lambda=50)
    >>> round(float(br.at(2.0).policy[0][0][1]), 6)    # P(defect) = 1/(1+e^-(1-0.5)*2)
    0.731059
    """
    where = "markov_qre_branch"
    _check_game(game, where)
    max_lambda = float(check_real(where, "max_lambda", max_lambda, low=0, low_open=True))
    if max_gain is not None:
        max_gain = float(check_real(where, "max_gain", max_gain, low=0, low_open=True))
    _check_tracer(where, first_step, max_accel, max_steps)
    sys = MarkovLogitSystem(game)
    Z, _, ok, msg, _ = trace(sys, max_lambda=max_lambda,
                          stop_gain=None if max_gain is None else max_gain * sys.scale,
                          first_step=float(first_step), max_accel=float(max_accel),
                          max_steps=int(max_steps))
    return MarkovQREBranch(game=game, lambdas=_freeze(Z[:, -1]), points=_freeze(Z),
                           converged=ok, message=msg)


def markov_qre(game, lam: float, *, first_step: float = 0.03,
               max_accel: float = 1.1) -> MarkovQREPoint:
    """The logit Markov QRE at precision ``lam`` on the principal branch.

    The branch is traced from ``lam = 0`` to its first crossing of ``lam`` and the point is
    corrected there by Newton's method (accurate to about 1e-12).

    Parameters
    ----------
    game : StochasticGame
        Any finite stochastic game (N players).
    lam : float
        The precision; 0 is uniform play.
    first_step : float
        Arc length of the tracer's first step.
    max_accel : float
        Largest growth factor of the step.

    Returns
    -------
    MarkovQREPoint
        The policy, values and largest deviation gain at ``lam``.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic.markov_qre import markov_qre
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> q = markov_qre(g, 2.0)
    >>> round(float(q.policy[0][1][1]), 6), q.max_gain > 0
    (0.731059, True)
    """
    where = "markov_qre"
    _check_game(game, where)
    lam = float(check_real(where, "lam", lam, low=0))
    _check_tracer(where, first_step, max_accel, 1)
    sys = MarkovLogitSystem(game)
    if lam == 0:
        return _point(sys, sys.start())
    _, hits, _, msg, _ = trace(sys, max_lambda=np.inf, targets=[lam], stop_at_targets=True,
                               first_step=float(first_step), max_accel=float(max_accel))
    if lam not in hits:
        raise ConvergenceError(f"{where}: the branch did not reach lam = {lam!r}: {msg}")
    return _point(sys, hits[lam])


def markov_perfect_mixed(game, *, tol: float | None = None, exact: bool | None = None,
                         max_lambda: float = 1e9, first_step: float = 0.03,
                         max_accel: float = 1.1, max_steps: int = 100_000) -> StochasticResult:
    """One stationary Markov perfect equilibrium (possibly mixed): the logit Markov QRE limit.

    The principal branch is traced until the largest one-shot deviation gain falls below
    1e-2 of the payoff range; the equilibrium support is read off that point and the
    indifference and value equations are solved on it by Newton's method, and the result is
    checked by the one-shot deviation principle. If no candidate verifies, the branch is
    traced further (gain targets 1e-3, 1e-4, ... of the payoff range) up to ``max_lambda``.

    Parameters
    ----------
    game : StochasticGame
        Any finite stochastic game (N players).
    tol : float, optional
        Largest one-shot deviation gain accepted (default ``1e-9`` times the payoff range).
    exact : bool, optional
        For an exact game (default: as the game is), also express the equilibrium in
        Fractions when a rational policy near the float one has exact gain 0 (always so for
        pure equilibria).
    max_lambda : float, default 1e9
        How far the branch may be traced.
    first_step : float
        Arc length of the tracer's first step.
    max_accel : float
        Largest growth factor of the step.
    max_steps : int
        Bound on the total number of tracer steps.

    Returns
    -------
    StochasticResult
        ``method="markov_qre"``: one verified equilibrium, or none with ``converged=False`` and
        a message saying where the branch ended and what its deviation gain was.
        ``details``: ``lambda`` (end of the traced branch), ``branch_points``,
        ``complete=False``.

    Notes
    -----
    The cost is the number of tracer steps. The principal branch of a game with many states
    can bend back and forth (turning points) many times before it settles, e.g. about a
    thousand steps for a random 150-state chain, which takes minutes; :func:`markov_qre` at a
    moderate ``lam`` stays cheap (about a second for a few hundred states), and
    :func:`~contracts.stochastic.markov_perfect.markov_perfect_pure` finds pure equilibria
    (or proves there are none) without tracing.

    Examples
    --------
    Matching pennies in one state: the unique equilibrium mixes 50:50.

    >>> import contracts as ct
    >>> from contracts.stochastic.markov_qre import markov_perfect_mixed
    >>> mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(mp, 0.9))
    >>> res = markov_perfect_mixed(g)
    >>> [round(float(x), 9) for x in res[0].policy[0][0]], res.converged
    ([0.5, 0.5], True)
    """
    where = "markov_perfect_mixed"
    _check_game(game, where)
    ex = game.exact if exact is None else bool(exact)
    if ex and not game.exact:
        raise InvalidParameterError(f"{where}: exact=True needs a game with exact (Fraction) "
                                    "data; this game is float")
    tol = _default_tol(game) if tol is None else float(check_real(where, "tol", tol, low=0))
    max_lambda = float(check_real(where, "max_lambda", max_lambda, low=0, low_open=True))
    _check_tracer(where, first_step, max_accel, max_steps)
    sys = MarkovLogitSystem(game)
    n_pts = 0
    state = None
    eq, msg, ok, tmsg = None, "", True, ""
    for target in _GAIN_TARGETS:
        Z, _, ok, tmsg, state = trace(sys, max_lambda=max_lambda, stop_gain=target * sys.scale,
                                      first_step=float(first_step),
                                      max_accel=float(max_accel), resume=state,
                                      max_steps=max(int(max_steps) - n_pts, 1))
        n_pts += len(Z) - 1
        z = state[0]
        if sys.gain(z) > max(target * sys.scale, tol) and ok and z[-1] < max_lambda:
            continue
        last = not ok or z[-1] >= max_lambda or target == _GAIN_TARGETS[-1]
        eq, msg = _polish(game, sys, z, tol, ex, max_dist=np.inf if last else _NEAR)
        if eq is not None or last:
            break
    details = {"lambda": float(z[-1]), "branch_points": n_pts, "complete": False, "tol": tol}
    if eq is None:
        return StochasticResult(
            equilibria=(), method="markov_qre", converged=False, iterations=n_pts,
            residual=float(sys.gain(z)), exact=False, details=details,
            message=f"logit Markov QRE branch: {msg}" + (f"; {tmsg}" if tmsg else ""))
    is_exact = isinstance(eq.max_gain, Fraction)
    text = (f"limit of the principal logit Markov QRE branch (traced to lam={z[-1]:.3g}), "
            f"{msg}")
    if not ok:
        text += f"; the tracer stopped early: {tmsg}"
    return StochasticResult(equilibria=(eq,), method="markov_qre", converged=True,
                            iterations=n_pts, residual=float(eq.max_gain), exact=is_exact,
                            details=details, message=text)

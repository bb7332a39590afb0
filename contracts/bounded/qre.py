"""Logit quantal response equilibrium (McKelvey–Palfrey 1995) for N-player normal-form games.

In a logit QRE every player chooses each action with a probability proportional to
``exp(lam * expected payoff)``: ``lam = 0`` is uniform play and ``lam -> infinity`` approaches a
Nash equilibrium. For each ``lam`` the QRE solves

    log p_ij - log p_i0 = lam * (u_ij(p) - u_i0(p)),    sum_j p_ij = 1,

and the solutions starting at the centroid (``lam = 0``) form the *principal branch*. This module
follows that branch by predictor–corrector continuation in arc length (Allgower & Georg 1990, as
in Gambit's ``logit`` solver), so the branch may bend back in ``lam`` (turning points) without the
tracer stopping. The unknowns are log-probabilities, which keeps the computation accurate at
large ``lam`` where most probabilities underflow.

The equations live in :mod:`contracts.bounded._logit_system`, the tracer in
:mod:`contracts.bounded._logit_trace`, and :class:`QREPoint` and :class:`LogitEstimate` in
:mod:`contracts.bounded._qre_results` (re-exported here).

Public names: :class:`QREBranch`, :class:`QREPoint`, :class:`LogitEstimate`,
:func:`logit_branch`, :func:`logit_qre`, :func:`logit_estimate`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from .._continuation import TracedBranch
from .._validation import check_real
from ..exceptions import ConvergenceError, InvalidGameError, InvalidParameterError
from ..results import format_number
from ._logit_system import _LogitSystem
from ._logit_trace import _tangent, _trace
from ._qre_results import LogitEstimate, QREPoint, _fmt_strategy, _freeze, _point

__all__ = ["QREBranch", "QREPoint", "LogitEstimate", "logit_branch", "logit_qre",
           "logit_estimate"]


@dataclass(frozen=True, eq=False)
class QREBranch(TracedBranch):
    """The principal branch of the logit QRE correspondence, traced from ``lam = 0``.

    Attributes
    ----------
    game : NormalFormGame
        The game.
    lambdas : numpy.ndarray
        ``lam`` at each traced point, in the order of the path (not necessarily increasing:
        the branch may bend back at turning points).
    profiles : tuple of numpy.ndarray
        One array per player of shape ``(len(lambdas), n_i)``: choice probabilities along the
        branch.
    log_profiles : tuple of numpy.ndarray
        Their logarithms.
    converged : bool
        True when the tracer reached its stopping rule (``max_lambda`` or ``max_regret``).
    message : str
        Why the tracer stopped early, if it did.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.bounded import logit_branch
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    >>> br = logit_branch(g, max_lambda=10)
    >>> float(br.lambdas[0]), float(br.lambdas[-1]), br.converged
    (0.0, 10.0, True)
    >>> br.point(0).strategies[0].round(6).tolist()     # uniform play at lam = 0
    [0.5, 0.5]
    """

    game: Any = field(repr=False)
    lambdas: np.ndarray = field(repr=False)
    profiles: tuple = field(repr=False)
    log_profiles: tuple = field(repr=False, default=())
    converged: bool = True
    message: str = ""

    def point(self, k: int) -> QREPoint:
        """Return the ``k``-th traced point as a :class:`QREPoint`.

        Parameters
        ----------
        k : int
            Index into :attr:`lambdas` (negative indices count from the end).

        Returns
        -------
        QREPoint
            The QRE at ``lam = lambdas[k]``.
        """
        y = np.concatenate([lp[k] for lp in self.log_profiles])
        return _point(_LogitSystem(self.game), float(self.lambdas[k]), y)

    def at(self, lam: float) -> QREPoint:
        """The QRE on this branch at precision ``lam`` (first crossing along the path).

        Interpolates between the traced points and corrects by Newton's method at fixed
        ``lam``, so the answer is accurate to about 1e-12 whatever the grid.

        Parameters
        ----------
        lam : float
            Precision, ``0 <= lam <=`` the largest traced ``lam``.

        Returns
        -------
        QREPoint
            The QRE on the branch at ``lam``.

        Raises
        ------
        InvalidParameterError
            If ``lam`` is negative or beyond the traced part of the branch.
        """
        lam = check_real("QREBranch.at", "lam", lam, low=0)
        lam = float(lam)
        lams = self.lambdas
        if lam > float(np.max(lams)):
            raise InvalidParameterError(
                f"QREBranch.at: lam = {lam!r} is beyond the traced branch (largest lam "
                f"{float(np.max(lams)):.6g}); trace further with logit_branch(game, "
                f"max_lambda=...)")
        sys = _LogitSystem(self.game)
        Y = np.concatenate(self.log_profiles, axis=1)
        k = int(np.argmax(lams >= lam))
        if lams[k] == lam:
            y0 = Y[k]
        else:
            w = (lam - lams[k - 1]) / (lams[k] - lams[k - 1])
            y0 = (1 - w) * Y[k - 1] + w * Y[k]
        return _point(sys, lam, sys.solve_at(lam, y0))

    def limit(self, *, tol: float | None = None):
        """The Nash equilibrium the branch converges to as ``lam`` grows, verified by regret.

        The end of the branch is polished by Newton's method on the equilibrium support (see
        :func:`contracts.equilibrium.nplayer.logit_limit`). If this branch was traced only to
        a small ``lam`` it is traced further (to ``lam = 1e6``) first.

        Parameters
        ----------
        tol : float, optional
            Regret tolerance for verification (default ``game.default_tol()``).

        Returns
        -------
        Equilibrium
            The verified Nash equilibrium at the end of the branch.

        Raises
        ------
        ConvergenceError
            If no verified equilibrium is found near the end of the branch.
        """
        from ..equilibrium.nplayer import limit_from_branch
        branch = self
        if self.max_lambda < 1e4:
            branch = logit_branch(self.game, max_lambda=1e6)
        res = limit_from_branch(self.game, branch, tol=tol)
        if not len(res):
            raise ConvergenceError(f"QREBranch.limit: {res.message}")
        return res.equilibria[0]

    def __repr__(self) -> str:
        return (f"QREBranch(points={len(self.lambdas)}, max_lambda={self.max_lambda:.6g}, "
                f"turning_points={len(self.turning_points)}, converged={self.converged})")

    def __str__(self) -> str:
        g = self.game
        lines = [f"principal logit QRE branch: {len(self.lambdas)} points, lam from 0 to "
                 f"{format_number(self.max_lambda)}"
                 + (f", {len(self.turning_points)} turning point(s)" if self.turning_points
                    else "")]
        if self.message:
            lines.append("  " + self.message)
        end = len(self.lambdas) - 1
        for label, k in (("start (uniform play)", 0), ("end of branch", end)):
            lines.append(f"  {label}, lam = {format_number(self.lambdas[k])}:")
            for i in range(g.num_players):
                lines.append(f"    {g.players[i]}: "
                             f"{_fmt_strategy(self.profiles[i][k], g.actions[i])}")
        return "\n".join(lines)



def _check_game(game, where):
    from ..games.normal_form import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    return game


def _check_tracer_options(where, first_step, max_accel):
    check_real(where, "first_step", first_step, low=0, low_open=True)
    check_real(where, "max_accel", max_accel, low=1)


def logit_branch(game, *, max_lambda: float = 1e6, max_regret: float | None = None,
                 first_step: float = 0.03, max_accel: float = 1.1,
                 max_steps: int = 100_000) -> QREBranch:
    """Trace the principal branch of the logit QRE correspondence from ``lam = 0``.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game (N players); exact payoffs are converted to floats.
    max_lambda : float, default 1e6
        Stop once ``lam`` reaches this value (the last point lies exactly on it).
    max_regret : float, optional
        Also stop once the branch point is an approximate Nash equilibrium: largest regret at
        most ``max_regret`` times the range of payoffs (Gambit's stopping rule).
    first_step : float, default 0.03
        Arc length of the first step.
    max_accel : float, default 1.1
        Largest factor by which the step grows from one step to the next.
    max_steps : int, default 100000
        Safety limit on the number of steps.

    Returns
    -------
    QREBranch
        The traced branch: ``lam`` and the choice probabilities at each point.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.bounded import logit_branch
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    >>> br = logit_branch(g, max_lambda=100)
    >>> round(float(br.at(1.0).strategies[0][0]), 6)      # P(row plays action 0) at lam = 1
    0.373089
    >>> [round(float(x), 6) for x in br.limit().strategies[0]]
    [0.2, 0.8]
    """
    where = "logit_branch"
    _check_game(game, where)
    max_lambda = float(check_real(where, "max_lambda", max_lambda, low=0, low_open=True))
    if max_regret is not None:
        max_regret = float(check_real(where, "max_regret", max_regret, low=0, low_open=True))
    _check_tracer_options(where, first_step, max_accel)
    sys = _LogitSystem(game)
    lams, ys, _, ok, msg = _trace(sys, max_lambda=max_lambda,
                                  max_regret=None if max_regret is None
                                  else max_regret * sys.payoff_range,
                                  first_step=float(first_step), max_accel=float(max_accel),
                                  max_steps=int(max_steps))
    logs = tuple(_freeze(ys[:, s]) for s in sys.slices)
    profiles = tuple(_freeze(np.exp(l)) for l in logs)
    return QREBranch(game=game, lambdas=_freeze(lams), profiles=profiles, log_profiles=logs,
                     converged=ok, message=msg)


def logit_qre(game, lam: float, *, first_step: float = 0.03,
              max_accel: float = 1.1) -> QREPoint:
    """The logit QRE at precision ``lam`` on the principal branch.

    The branch is traced from ``lam = 0`` to the first point where it reaches ``lam`` (as
    Gambit's ``logit_solve_lambda`` does), then corrected by Newton's method at that ``lam``.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game (N players); exact payoffs are converted to floats.
    lam : float
        Precision, ``lam >= 0``.
    first_step : float, default 0.03
        Arc length of the first tracing step.
    max_accel : float, default 1.1
        Largest factor by which the step grows from one step to the next.

    Returns
    -------
    QREPoint
        The QRE at ``lam`` (choice probabilities, payoffs and regret).

    Raises
    ------
    ConvergenceError
        If the traced branch does not reach ``lam``.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.bounded import logit_qre
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> round(float(logit_qre(pd, 1.0).strategies[0][1]), 6)   # P(defect) = 1/(1+e^-1)
    0.731059
    """
    where = "logit_qre"
    _check_game(game, where)
    lam = float(check_real(where, "lam", lam, low=0))
    _check_tracer_options(where, first_step, max_accel)
    sys = _LogitSystem(game)
    if lam == 0:
        return _point(sys, 0.0, sys.start()[:-1])
    _, _, hits, ok, msg = _trace(sys, max_lambda=math.inf, targets=[lam],
                                 first_step=float(first_step), max_accel=float(max_accel),
                                 stop_at_targets=True)
    if lam not in hits:
        raise ConvergenceError(f"logit_qre: the branch did not reach lam = {lam!r}: {msg}")
    return _point(sys, lam, hits[lam])


def _check_counts(game, counts, where):
    try:
        items = list(counts)
    except TypeError:
        raise InvalidParameterError(
            f"{where}: counts must be one array of action counts per player, got "
            f"{counts!r}") from None
    if len(items) != game.num_players:
        raise InvalidParameterError(
            f"{where}: counts must have one array per player ({game.num_players}); got "
            f"{len(items)}")
    out = []
    for i, (c, n) in enumerate(zip(items, game.num_actions)):
        try:
            a = np.asarray(c, dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidParameterError(
                f"{where}: counts of player {i} must be numbers, got {c!r}") from None
        if a.shape != (n,):
            raise InvalidParameterError(
                f"{where}: counts of player {i} have shape {a.shape}; expected ({n},), one "
                "count per action")
        if not np.all(np.isfinite(a)) or np.any(a < 0):
            raise InvalidParameterError(
                f"{where}: counts of player {i} must be finite and non-negative, got {a}")
        out.append(a)
    if sum(float(a.sum()) for a in out) <= 0:
        raise InvalidParameterError(f"{where}: counts are all zero; nothing to fit")
    return tuple(out)


def logit_estimate(game, counts: Sequence[Sequence[float]], *, max_lambda: float = 1e6,
                   local_max: bool = False, first_step: float = 0.03,
                   max_accel: float = 1.1) -> LogitEstimate:
    """Maximum-likelihood estimate of ``lam`` (and the QRE) from observed action counts.

    The log-likelihood ``sum_ij counts_ij * log p_ij(lam)`` is evaluated along the principal
    branch (as Gambit's ``logit_estimate`` does); the best traced point is refined by a
    one-dimensional maximisation along the branch.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game (N players); exact payoffs are converted to floats.
    counts : sequence of array_like
        One vector of non-negative counts per player (one count per action).
    max_lambda : float, default 1e6
        How far to trace the branch.
    local_max : bool, default False
        Stop at the first local maximum along the branch instead of the global one.
    first_step : float, default 0.03
        Arc length of the first tracing step.
    max_accel : float, default 1.1
        Largest factor by which the step grows from one step to the next.

    Returns
    -------
    LogitEstimate
        The fitted ``lam``, the QRE there and the log-likelihood.

    Raises
    ------
    InvalidParameterError
        If ``counts`` does not hold one non-negative count per action of each player, or is
        all zero.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.bounded import logit_estimate, logit_qre
    >>> g = ct.NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> p = logit_qre(g, 2.0).strategies
    >>> fit = logit_estimate(g, [1000 * p[0], 1000 * p[1]])
    >>> round(fit.lam, 4)
    2.0
    """
    where = "logit_estimate"
    _check_game(game, where)
    c = _check_counts(game, counts, where)
    max_lambda = float(check_real(where, "max_lambda", max_lambda, low=0, low_open=True))
    _check_tracer_options(where, first_step, max_accel)
    sys = _LogitSystem(game)
    cvec = np.concatenate(c)
    lams, ys, _, ok, msg = _trace(sys, max_lambda=max_lambda, first_step=float(first_step),
                                  max_accel=float(max_accel))
    ll = ys @ cvec
    if local_max:
        k = len(ll) - 1
        for j in range(1, len(ll) - 1):
            if ll[j] >= ll[j - 1] and ll[j] >= ll[j + 1]:
                k = j
                break
    else:
        k = int(np.argmax(ll))
    z_best = np.concatenate([ys[k], [lams[k]]])
    best_ll = float(ll[k])
    if 0 < k < len(ll) - 1:
        # refine along the branch: points z(s) with H(z) = 0 and t.(z - z_k) = s
        _, J = sys.HJ(z_best)
        zprev = np.concatenate([ys[k - 1], [lams[k - 1]]])
        znext = np.concatenate([ys[k + 1], [lams[k + 1]]])
        t = _tangent(J, znext - zprev)
        lo, hi = float(t @ (zprev - z_best)), float(t @ (znext - z_best))
        M = sys.M

        def point_at(s):
            z = z_best + s * t
            for _ in range(50):
                h, Jz = sys.HJ(z)
                aug = np.vstack([Jz, t])
                r = np.concatenate([h, [t @ (z - z_best) - s]])
                d = np.linalg.solve(aug, r)
                z = z - d
                if np.max(np.abs(d)) <= 1e-13 * (1 + abs(z[-1])):
                    break
            return z

        def neg_ll(s):
            return -float(point_at(s)[:M] @ cvec)

        from scipy.optimize import minimize_scalar
        try:
            res = minimize_scalar(neg_ll, bounds=(min(lo, hi), max(lo, hi)), method="bounded",
                                  options={"xatol": 1e-12 * (1 + abs(hi - lo))})
            z = point_at(float(res.x))
            val = float(z[:M] @ cvec)
            if np.all(np.isfinite(z)) and val >= best_ll - 1e-12 * (1 + abs(best_ll)):
                z_best, best_ll = z, val
        except (np.linalg.LinAlgError, ValueError):
            pass
    lam = float(z_best[-1])
    pt = _point(sys, lam, sys.solve_at(lam, z_best[:-1]) if lam > 0 else z_best[:-1])
    best_ll = float(sum(float(ci @ li) for ci, li in zip(c, pt.log_strategies)))
    return LogitEstimate(lam=lam, qre=pt, log_likelihood=best_ll,
                         counts=tuple(_freeze(a) for a in c))

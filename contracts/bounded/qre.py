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

Public names: :class:`QREBranch`, :class:`QREPoint`, :class:`LogitEstimate`,
:func:`logit_branch`, :func:`logit_qre`, :func:`logit_estimate`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from scipy.linalg.lapack import dgetrf as _getrf, dgetrs as _getrs

from .._validation import check_real
from ..exceptions import ConvergenceError, InvalidGameError, InvalidParameterError
from .._contractions import PayoffContractions
from .._continuation import TracedBranch, newton_corrector
from ..results import format_number

__all__ = ["QREBranch", "QREPoint", "LogitEstimate", "logit_branch", "logit_qre",
           "logit_estimate"]


# ----------------------------------------------------------------------------------------------
# the equations H(y, lam) = 0 and their Jacobian
# ----------------------------------------------------------------------------------------------
class _LogitSystem:
    """The logit QRE equations of a game in log-probability coordinates.

    The unknown is ``z = (y_1, ..., y_N, lam)`` with ``y_i = log p_i``. For player ``i`` (offset
    ``o``) row ``o`` is ``sum exp(y_i) - 1`` and rows ``o + j`` (``j >= 1``) are
    ``y_ij - y_i0 - lam * (u_ij - u_i0)``.
    """

    def __init__(self, game):
        if game.num_players < 1:
            raise InvalidGameError("logit_branch: the game has no players")
        g = game.as_float() if game.is_exact else game
        self.game = game
        self.n = tuple(int(k) for k in g.num_actions)
        self.N = len(self.n)
        self.offsets = tuple(int(x) for x in np.concatenate([[0], np.cumsum(self.n)[:-1]]))
        self.M = int(sum(self.n))
        self.pc = PayoffContractions(g)
        self.own = self.pc.own
        self.two = self.N == 2
        if self.two:
            A = self.own[0]                      # (n1, n2)
            BT = self.own[1]                     # (n2, n1)
            self.A = A
            self.BT = BT
            self.Ad = A[1:] - A[0]               # (n1-1, n2)
            self.Bd = BT[1:] - BT[0]             # (n2-1, n1)
        self.slices = [slice(o, o + k) for o, k in zip(self.offsets, self.n)]
        # constant part of the Jacobian: +1 on y_ij, -1 on y_i0 for the difference rows
        J0 = np.zeros((self.M, self.M + 1))
        for o, k in zip(self.offsets, self.n):
            for j in range(1, k):
                J0[o + j, o + j] = 1.0
                J0[o + j, o] = -1.0
        self.J0 = J0
        # row r belongs to a player whose first row is base[r]
        self.base = np.repeat(np.asarray(self.offsets), self.n)
        self.firsts = np.asarray(self.offsets)
        self._cols = np.arange(self.M)
        self._C = np.zeros((self.M, self.M))
        lo = min(float(np.min(a)) for a in self.own)
        hi = max(float(np.max(a)) for a in self.own)
        self.payoff_range = max(hi - lo, 1e-300)

    # -- payoffs -----------------------------------------------------------------------------
    def split(self, y):
        return [y[s] for s in self.slices]

    def cross(self, p):
        """``D[i][k]`` = expected payoff of each action of i against each action of k
        (others at ``p``): matrices of shape (n_i, n_k), for k != i."""
        if self.two:
            return [{1: self.A}, {0: self.BT}]
        return self.pc.cross(p)

    def action_payoffs(self, p):
        if self.two:
            return [self.A @ p[1], self.BT @ p[0]]
        return self.pc.action_payoffs(p)

    # -- the system --------------------------------------------------------------------------
    def H(self, z):
        lam = z[-1]
        y = z[:-1]
        if self.N >= 3:
            pv = np.exp(y)
            uu = self.pc.all_payoffs(pv)
            b = self.base
            out = (y - y[b]) - lam * (uu - uu[b])
            out[self.firsts] = np.add.reduceat(pv, self.firsts) - 1.0
            return out
        ys = self.split(y)
        p = [np.exp(v) for v in ys]
        out = np.empty(self.M)
        if self.two:
            o1 = self.n[0]
            y1, y2 = ys
            out[0] = p[0].sum() - 1.0
            out[1:o1] = (y1[1:] - y1[0]) - lam * (self.Ad @ p[1])
            out[o1] = p[1].sum() - 1.0
            out[o1 + 1:] = (y2[1:] - y2[0]) - lam * (self.Bd @ p[0])
            return out
        u = self.action_payoffs(p)
        for i, (o, k) in enumerate(zip(self.offsets, self.n)):
            out[o] = p[i].sum() - 1.0
            out[o + 1:o + k] = (ys[i][1:] - ys[i][0]) - lam * (u[i][1:] - u[i][0])
        return out

    def HJ(self, z):
        """Residual and Jacobian (M x (M+1)) at ``z``."""
        lam = z[-1]
        y = z[:-1]
        if self.N >= 3:
            # C[rows of i, cols of k] = D[i][k]; C @ p = (N - 1) * payoffs of every action
            J = self.J0.copy()
            pv = np.exp(y)
            C = self.pc.cross_matrix([pv[sl] for sl in self.slices], self._C)
            b = self.base
            uu = (C @ pv) / (self.N - 1)
            g = uu - uu[b]
            out = (y - y[b]) - lam * g
            out[self.firsts] = np.add.reduceat(pv, self.firsts) - 1.0
            J[:, :-1] += (-lam) * ((C - C[b]) * pv)
            J[b, self._cols] = pv       # first row of each player: derivative of sum p - 1
            J[:, -1] = -g
            return out, J
        ys = self.split(y)
        p = [np.exp(v) for v in ys]
        out = np.empty(self.M)
        J = self.J0.copy()
        if self.two:
            n1 = self.n[0]
            y1, y2 = ys
            g1 = self.Ad @ p[1]
            g2 = self.Bd @ p[0]
            out[0] = p[0].sum() - 1.0
            out[1:n1] = (y1[1:] - y1[0]) - lam * g1
            out[n1] = p[1].sum() - 1.0
            out[n1 + 1:] = (y2[1:] - y2[0]) - lam * g2
            J[0, :n1] = p[0]
            J[n1, n1:self.M] = p[1]
            J[1:n1, n1:self.M] = (-lam) * (self.Ad * p[1])
            J[n1 + 1:self.M, :n1] = (-lam) * (self.Bd * p[0])
            J[1:n1, -1] = -g1
            J[n1 + 1:self.M, -1] = -g2
            return out, J
        D = self.cross(p)
        for i, (o, k) in enumerate(zip(self.offsets, self.n)):
            out[o] = p[i].sum() - 1.0
            J[o, o:o + k] = p[i]
            if self.N == 1:
                u = self.own[0]
            else:
                kk = next(iter(D[i]))
                u = D[i][kk] @ p[kk]
            g = u[1:] - u[0]
            out[o + 1:o + k] = (ys[i][1:] - ys[i][0]) - lam * g
            J[o + 1:o + k, -1] = -g
            for m, Dm in D[i].items():
                om, km = self.offsets[m], self.n[m]
                J[o + 1:o + k, om:om + km] = (-lam) * ((Dm[1:] - Dm[0]) * p[m])
        return out, J

    def start(self):
        y = np.concatenate([np.full(k, -math.log(k)) for k in self.n])
        return np.concatenate([y, [0.0]])

    def profile(self, y):
        return tuple(np.exp(v) for v in self.split(y))

    def regret(self, y):
        p = self.profile(y)
        u = self.action_payoffs(p)
        return max(float(np.max(ui) - ui @ pi) for ui, pi in zip(u, p))

    # -- corrector at fixed lam --------------------------------------------------------------
    def solve_at(self, lam, y0, *, tol=1e-13, max_iter=60):
        """Newton's method for H(y, lam) = 0 at fixed ``lam`` from ``y0``."""
        z = np.concatenate([np.asarray(y0, dtype=float), [lam]])
        last = np.inf
        for _ in range(max_iter):
            h, J = self.HJ(z)
            try:
                step = np.linalg.solve(J[:, :-1], h)
            except np.linalg.LinAlgError:
                step = np.linalg.lstsq(J[:, :-1], h, rcond=None)[0]
            z[:-1] -= step
            size = float(np.max(np.abs(step)))
            if size <= tol * (1.0 + lam) or (size >= last and size <= 1e-9 * (1.0 + lam)):
                break
            last = size
        h = self.H(z)
        if not np.all(np.isfinite(z)) or float(np.max(np.abs(h))) > 1e-7 * (1.0 + lam):
            raise ConvergenceError(
                f"logit_qre: Newton's method did not converge at lam={lam!r} "
                f"(residual {float(np.max(np.abs(h))):.3g})")
        return z[:-1]


# ----------------------------------------------------------------------------------------------
# predictor-corrector path following
# ----------------------------------------------------------------------------------------------


def _norm2(delta: np.ndarray) -> float:
    return math.sqrt(float(delta @ delta))


def _tangent(J, t_prev):
    """Unit tangent of the path at a point with Jacobian ``J`` oriented like ``t_prev``."""
    M = J.shape[0]
    aug = np.empty((M + 1, M + 1))
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
    _, J = sys.HJ(z)
    e = np.zeros(M + 1)
    e[-1] = 1.0
    t = _tangent(J, e)
    if t[-1] < 0:
        t = -t
    lams = [0.0]
    ys = [z[:-1].copy()]
    targets = sorted(float(x) for x in targets)
    pending = [x for x in targets if x > 0]
    hits = {x: z[:-1].copy() for x in targets if x == 0}
    h = float(first_step)
    h_min = 1e-12
    steps = 0
    aug = np.empty((M + 1, M + 1))
    rhs = np.zeros(M + 1)
    converged = True
    message = ""
    while True:
        if z[-1] >= max_lambda:
            break
        if max_regret is not None and z[-1] > 0 and sys.regret(z[:-1]) <= max_regret:
            break
        if stop_at_targets and not pending:
            break
        if steps >= max_steps:
            converged = False
            message = f"stopped after {steps} steps at lam={z[-1]:.6g}"
            break
        if h <= h_min * (1.0 + abs(z[-1])):
            converged = False
            message = f"step size underflow at lam={z[-1]:.6g} (the branch may bifurcate here)"
            break
        # predictor
        u = z + h * t
        decel = 1.0 / max_accel
        accept = True
        hu, Ju = sys.HJ(u)
        aug[:M] = Ju
        aug[M] = t
        lu, piv, info = _getrf(aug)      # LAPACK LU (what scipy.linalg.lu_factor calls)
        if info < 0 or not np.all(np.isfinite(lu)):
            h /= max_accel * 2
            continue
        tol = corrector_tol * (1.0 + 1e-3 * abs(u[-1]))

        def solve(residual, lu=lu, piv=piv):
            rhs[:M] = residual
            rhs[M] = 0.0
            return _getrs(lu, piv, rhs)[0]

        u, accept, decel = newton_corrector(u, hu, sys.H, solve, _norm2, tol, decel, max_accel)
        if not accept or u[-1] < -1e-12:
            # corrector failed (or the step left lam >= 0, which the principal branch never
            # does): retry with a shorter step
            h /= 2.0
            continue
        decel = min(decel, max_accel)
        h = abs(h / decel)
        z_old = z
        z = u
        # the new tangent from the factorised augmented Jacobian of this step (chord method:
        # the corrector already used it), oriented like the old one since t_old . t_new = 1
        rhs[:M] = 0.0
        rhs[M] = 1.0
        t_new = _getrs(lu, piv, rhs)[0]
        nrm = _norm2(t_new)
        if math.isfinite(nrm) and nrm > 0:
            t = t_new / nrm
        else:
            _, Jz = sys.HJ(z)
            t = _tangent(Jz, t)
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
        lams.append(float(z[-1]))
        ys.append(z[:-1].copy())
    return np.asarray(lams), np.asarray(ys), hits, converged, message


# ----------------------------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------------------------
def _freeze(a):
    a = np.array(a, dtype=np.float64)
    a.flags.writeable = False
    return a


def _fmt_strategy(s, acts):
    return ", ".join(f"{a}={format_number(x, 4)}" for a, x in zip(acts, s))


@dataclass(frozen=True, eq=False)
class QREPoint:
    """A logit quantal response equilibrium at one value of the precision ``lam``.

    Iterating yields the strategies, so ``x, y = point`` works.

    Attributes
    ----------
    lam : float
        Precision (rationality) parameter; 0 is uniform play.
    strategies : tuple of numpy.ndarray
        Choice probabilities of each player.
    log_strategies : tuple of numpy.ndarray
        Their logarithms (accurate even where probabilities underflow).
    payoffs : tuple of float
        Expected payoffs.
    regret : float
        Largest gain from a pure deviation (goes to 0 as ``lam`` grows).
    players, actions : tuple
        Labels.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.bounded import logit_qre
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> x, y = logit_qre(g, 3.0)                 # matching pennies: uniform at every lam
    >>> x.round(6).tolist(), y.round(6).tolist()
    ([0.5, 0.5], [0.5, 0.5])
    """

    lam: float
    strategies: tuple
    log_strategies: tuple = field(repr=False, default=())
    payoffs: tuple = ()
    regret: float = 0.0
    players: tuple = ()
    actions: tuple = ()

    def __iter__(self):
        return iter(self.strategies)

    def __len__(self):
        return len(self.strategies)

    def __getitem__(self, i):
        return self.strategies[i]

    def __str__(self) -> str:
        lines = [f"logit QRE at lam = {format_number(self.lam)} (max regret "
                 f"{format_number(self.regret, 3)}):"]
        for i, s in enumerate(self.strategies):
            lines.append(f"  {self.players[i]}: {_fmt_strategy(s, self.actions[i])}  "
                         f"(payoff {format_number(self.payoffs[i])})")
        return "\n".join(lines)


def _point(sys: _LogitSystem, lam: float, y: np.ndarray) -> QREPoint:
    ys = [np.array(v) for v in sys.split(np.asarray(y, dtype=float))]
    p = tuple(_freeze(np.exp(v)) for v in ys)
    u = sys.action_payoffs(p)
    pay = tuple(float(ui @ pi) for ui, pi in zip(u, p))
    reg = max(float(np.max(ui) - ui @ pi) for ui, pi in zip(u, p))
    g = sys.game
    return QREPoint(lam=float(lam), strategies=p, log_strategies=tuple(_freeze(v) for v in ys),
                    payoffs=pay, regret=max(reg, 0.0), players=g.players, actions=g.actions)


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


@dataclass(frozen=True, eq=False)
class LogitEstimate:
    """Maximum-likelihood fit of the logit QRE to observed action counts.

    Attributes
    ----------
    lam : float
        Estimated precision.
    qre : QREPoint
        The QRE on the principal branch at ``lam`` (the fitted choice probabilities).
    log_likelihood : float
        ``sum_ij counts_ij * log p_ij`` at the fit.
    counts : tuple of numpy.ndarray
        The data.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.bounded import logit_estimate
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> fit = logit_estimate(g, [[50, 50], [50, 50]], max_lambda=10)
    >>> fit.profile[0].round(6).tolist()
    [0.5, 0.5]
    """

    lam: float
    qre: QREPoint
    log_likelihood: float
    counts: tuple = field(repr=False, default=())

    @property
    def profile(self) -> tuple:
        """Fitted choice probabilities (one array per player)."""
        return self.qre.strategies

    def __str__(self) -> str:
        n = int(sum(float(c.sum()) for c in self.counts))
        lines = [f"logit QRE fitted by maximum likelihood to {n} observed choices: "
                 f"lam = {format_number(self.lam)}, log-likelihood "
                 f"{format_number(self.log_likelihood)}"]
        for i, s in enumerate(self.qre.strategies):
            obs = self.counts[i] / max(float(self.counts[i].sum()), 1e-300)
            lines.append(f"  {self.qre.players[i]}: fitted "
                         f"{_fmt_strategy(s, self.qre.actions[i])}; observed "
                         f"{_fmt_strategy(obs, self.qre.actions[i])}")
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# public functions
# ----------------------------------------------------------------------------------------------
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

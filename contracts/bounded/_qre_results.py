"""Result types of the logit QRE solvers: a point on the branch and a maximum-likelihood fit
(the traced branch, :class:`contracts.bounded.qre.QREBranch`, lives with its tracer)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..results import format_number
from ._logit_system import _LogitSystem

__all__ = ["QREPoint", "LogitEstimate"]


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

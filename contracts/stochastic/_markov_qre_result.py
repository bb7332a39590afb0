"""Results of the logit Markov QRE: one point, and the traced principal branch.

Private part of :mod:`contracts.stochastic.markov_qre` (which re-exports the public names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._continuation import TracedBranch
from .._validation import check_real
from ..exceptions import ConvergenceError, InvalidParameterError
from ._core import MarkovEquilibrium, action_offsets, flat_to_policy
from ._markov_logit import MarkovLogitSystem
from ._markov_polish import _default_tol, _polish

__all__ = ["MarkovQREPoint", "MarkovQREBranch"]


def _freeze(a):
    a = np.array(a, dtype=np.float64)
    a.flags.writeable = False
    return a


def _num(x, digits=6):
    x = float(x)
    return "0" if x == 0 else f"{x:.{digits}g}"


# ----------------------------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class MarkovQREPoint:
    """The logit Markov QRE at one precision ``lam``.

    Attributes
    ----------
    lam : float
        Precision; 0 is uniform play.
    policy : tuple
        ``policy[s][i]``: choice probabilities of player ``i`` in state ``s``.
    values : numpy.ndarray
        ``values[s, i]``: normalised values of the profile.
    max_gain : float
        Largest one-shot deviation gain (goes to 0 as ``lam`` grows).
    log_policy : numpy.ndarray
        Log-probabilities, flat (accurate where probabilities underflow).
    states, players, actions : tuple
        Labels.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> from contracts.stochastic.markov_qre import markov_qre
    >>> q = markov_qre(g, 0.0)
    >>> q.policy[0][0].tolist()
    [0.5, 0.5]
    """

    lam: float
    policy: tuple
    values: np.ndarray
    max_gain: float
    log_policy: np.ndarray = field(repr=False, default=None)
    states: tuple = ()
    players: tuple = ()
    actions: tuple = ()

    def __repr__(self) -> str:
        return (f"<MarkovQREPoint lam={_num(self.lam)}, {len(self.policy)} states, "
                f"max_gain={_num(self.max_gain, 3)}>")

    def __str__(self) -> str:
        lines = [f"logit Markov QRE at lam = {_num(self.lam)} (largest one-shot deviation "
                 f"gain {_num(self.max_gain, 3)}):"]
        for s, st in enumerate(self.policy[:20]):
            parts = []
            for i, v in enumerate(st):
                acts = ", ".join(f"{a}={_num(p, 4)}" for a, p in zip(self.actions[s][i], v))
                parts.append(f"{self.players[i]}: {acts}")
            lines.append(f"  {self.states[s]}: " + "; ".join(parts)
                         + "  values (" + ", ".join(_num(x) for x in self.values[s]) + ")")
        if len(self.policy) > 20:
            lines.append(f"  ... {len(self.policy) - 20} more states")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"lam": self.lam, "policy": [[v.tolist() for v in st] for st in self.policy],
                "values": self.values.tolist(), "max_gain": self.max_gain,
                "states": [str(s) for s in self.states], "players": list(self.players)}


def _point(sys: MarkovLogitSystem, z) -> MarkovQREPoint:
    g = sys.game
    y = z[:sys.M]
    pol = tuple(tuple(_freeze(v) for v in st) for st in flat_to_policy(g, np.exp(y)))
    V = _freeze(z[sys.M + sys.SN:sys.M + 2 * sys.SN].reshape(sys.S, sys.N))
    return MarkovQREPoint(lam=float(z[-1]), policy=pol, values=V,
                          max_gain=max(sys.gain(z), 0.0), log_policy=_freeze(y),
                          states=g.states, players=g.players, actions=g.actions)


@dataclass(frozen=True, eq=False)
class MarkovQREBranch(TracedBranch):
    """The principal branch of the logit Markov QRE, traced from ``lam = 0``.

    Attributes
    ----------
    game : StochasticGame
        The game.
    lambdas : numpy.ndarray
        ``lam`` at each traced point in path order (the branch may bend back).
    points : numpy.ndarray
        The traced points (log-probabilities, values and ``lam``), one row per point.
    converged : bool
        True when the tracer met its stopping rule.
    message : str
        Why the tracer stopped early, if it did.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> from contracts.stochastic.markov_qre import markov_qre_branch
    >>> br = markov_qre_branch(g, max_lambda=50)
    >>> br.converged, br.limit().policy[0][0].tolist()
    (True, [0.0, 1.0])
    """

    game: Any = field(repr=False)
    lambdas: np.ndarray = field(repr=False)
    points: np.ndarray = field(repr=False)
    converged: bool = True
    message: str = ""

    def probabilities(self, state: Any, player: Any) -> np.ndarray:
        """Choice probabilities of ``player`` in ``state`` along the branch, ``(len, n_a)``.

        Parameters
        ----------
        state : label or int
            The state.
        player : int or str
            The player.

        Returns
        -------
        numpy.ndarray, shape (n_points, n_actions)
            One row of probabilities per traced point.
        """
        g = self.game
        s = g.state_index(state)
        i = g.players.index(player) if isinstance(player, str) else int(player)
        off = action_offsets(g)
        return np.exp(self.points[:, off[s, i]:off[s, i + 1]])

    def point(self, k: int) -> MarkovQREPoint:
        """The ``k``-th traced point.

        Parameters
        ----------
        k : int
            Index of the point, in path order.

        Returns
        -------
        MarkovQREPoint
            The QRE at that point.
        """
        return _point(MarkovLogitSystem(self.game), self.points[k])

    def at(self, lam: float) -> MarkovQREPoint:
        """The QRE on this branch at ``lam`` (first crossing), corrected by Newton's method.

        Parameters
        ----------
        lam : float
            The precision, between 0 and the end of the traced branch.

        Returns
        -------
        MarkovQREPoint
            The QRE at ``lam``.

        Raises
        ------
        InvalidParameterError
            If ``lam`` is negative or beyond the traced branch.
        """
        lam = float(check_real("MarkovQREBranch.at", "lam", lam, low=0))
        lams = self.lambdas
        if lam > self.max_lambda:
            raise InvalidParameterError(
                f"MarkovQREBranch.at: lam = {lam!r} is beyond the traced branch (largest lam "
                f"{self.max_lambda:.6g}); trace further with markov_qre_branch(game, "
                "max_lambda=...)")
        sys = MarkovLogitSystem(self.game)
        k = int(np.argmax(lams >= lam))
        if lams[k] == lam:
            z0 = self.points[k]
        else:
            w = (lam - lams[k - 1]) / (lams[k] - lams[k - 1])
            z0 = (1 - w) * self.points[k - 1] + w * self.points[k]
        return _point(sys, sys.solve_at(lam, z0, where="MarkovQREBranch.at"))

    def limit(self, *, tol: float | None = None) -> MarkovEquilibrium:
        """The Markov perfect equilibrium at the end of the branch, polished and verified.

        Parameters
        ----------
        tol : float, optional
            Largest one-shot deviation gain accepted (default ``1e-9`` times the payoff range).

        Returns
        -------
        MarkovEquilibrium
            The verified equilibrium.

        Raises
        ------
        ConvergenceError
            If no verified equilibrium is found near the end of the branch.
        """
        sys = MarkovLogitSystem(self.game)
        tol = _default_tol(self.game) if tol is None else float(
            check_real("MarkovQREBranch.limit", "tol", tol, low=0))
        eq, msg = _polish(self.game, sys, self.points[-1], tol, exact=False)
        if eq is None:
            raise ConvergenceError(f"MarkovQREBranch.limit: {msg}")
        return eq

    def __repr__(self) -> str:
        return (f"<MarkovQREBranch points={len(self.lambdas)}, max_lambda="
                f"{self.max_lambda:.6g}, turning_points={len(self.turning_points)}, "
                f"converged={self.converged}>")

    def __str__(self) -> str:
        lines = [f"principal logit Markov QRE branch: {len(self)} points, lam from 0 to "
                 f"{_num(self.max_lambda)}"]
        if self.message:
            lines.append("  " + self.message)
        lines.append(str(self.point(len(self) - 1)))
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"lambdas": self.lambdas.tolist(), "converged": self.converged,
                "message": self.message, "end": self.point(len(self) - 1).to_dict()}

"""Outer approximation of the pure SPE payoff sets of a two-player stochastic game without
transfers, one polygon per state (Judd–Yeltekin–Conklin extended to stochastic games).

Perfect monitoring, a public randomisation device, pure stage actions, a common discount
factor ``δ``. The sets ``V(x)`` of (average discounted) pure SPE payoffs are the largest fixed
point of the stochastic APS operator: ``u`` is generated in ``x`` by a profile ``a`` and
continuation payoffs ``w(x') ∈ W(x')`` when::

    u = (1-δ) π(a, x) + δ Σ_x' P(x' | x, a) w(x'),
    (1-δ) π_i(a) + δ E w_i >= max_{a_i'} (1-δ) π_i(a_i', a_-i) + δ E[m_i(x') | a_i', a_-i],

with ``m_i(x') = min {w_i : w ∈ W(x')}`` the harshest punishment. Each ``W(x)`` is kept as
``{w : h_k·w <= c_k(x)}`` on fixed unit directions ``h_k`` (those of
:func:`contracts.equilibrium.payoff_sets.directions`). Because only the expectation
``y = Σ P(x') w(x')`` enters, ``y`` ranges over the Minkowski sum ``Σ P(x') W(x')``, whose outer
description on the same directions has levels ``Σ P(x') c_k(x')`` — exact in two dimensions when
each ``c(x')`` is tight, and an outer bound otherwise. So every round solves, for every state,
profile and direction, ``max h_k·y  s.t.  H y <= Σ P c,  y_i >= b_i(a)`` — a polygon clipped by the
two incentive constraints — and sets ``c_k(x) ← max_a (1-δ) h_k·π(a) + δ·max``. Starting from a
box that contains every feasible payoff, the levels fall monotonically; the limit contains the
true sets (an empty set proves that no pure SPE exists from that state). With one state this is
the library's repeated-game outer approximation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._validation import check_real
from ..equilibrium.payoff_sets import directions as _directions
from ..exceptions import ConvergenceError, InvalidGameError, UnsupportedGameError
from ..results import format_number
from ._rows import Rows

__all__ = ["StochasticPayoffSets", "stochastic_payoff_sets"]

_WHERE = "stochastic_payoff_sets"


@dataclass(frozen=True, eq=False)
class StochasticPayoffSets:
    """Outer approximations of the pure SPE payoff sets, one polygon per state.

    Attributes
    ----------
    states, players : tuple
        Labels.
    discount : float
        The common discount factor.
    directions : numpy.ndarray
        ``(D, 2)`` unit directions ``h_k``.
    levels : numpy.ndarray
        ``(n_states, D)`` support levels ``c_k(x)`` (``-inf`` for an empty set).
    vertices : tuple of numpy.ndarray
        The polygon of each state (``(0, 2)`` when empty).
    converged : bool
        Whether the levels settled within tolerance.
    iterations : int
        Rounds of the set operator.
    extra : dict
        Solver-specific details.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.75))
    >>> W = stochastic_payoff_sets(g, directions=8)
    >>> W.converged, W.levels.shape
    (True, (1, 8))
    """

    states: tuple
    players: tuple
    discount: float
    directions: np.ndarray
    levels: np.ndarray
    vertices: tuple
    converged: bool
    iterations: int
    extra: dict = field(default_factory=dict, repr=False)

    def __getitem__(self, state) -> np.ndarray:
        return self.vertices[self._k(state)]

    def _k(self, state) -> int:
        if state in self.states:
            return self.states.index(state)
        if isinstance(state, (int, np.integer)) and 0 <= state < len(self.states):
            return int(state)
        raise InvalidGameError(f"StochasticPayoffSets: unknown state {state!r}")

    def is_empty(self, state) -> bool:
        """Whether no pure SPE payoff exists in ``state``.

        Parameters
        ----------
        state : label or int
            The state.

        Returns
        -------
        bool
            True for an empty set.
        """
        return len(self.vertices[self._k(state)]) == 0

    def contains(self, state, point, tol: float = 1e-9) -> bool:
        """Whether ``point`` lies in the set of ``state``.

        Parameters
        ----------
        state : label or int
            The state.
        point : array_like, shape (2,)
            A payoff pair.
        tol : float
            Slack allowed in each supporting half-plane.

        Returns
        -------
        bool
            True if the point satisfies every support inequality of the state's polygon.
        """
        c = self.levels[self._k(state)]
        if not np.all(np.isfinite(c)):
            return False
        return bool(np.all(self.directions @ np.asarray(point, dtype=float) <= c + tol))

    def __repr__(self) -> str:
        return (f"StochasticPayoffSets(states={len(self.states)}, discount="
                f"{format_number(self.discount)}, directions={len(self.directions)}, "
                f"converged={self.converged})")

    def __str__(self) -> str:
        head = (f"Outer approximation of the pure SPE payoff sets (no transfers), discount "
                f"{format_number(self.discount)}, {len(self.directions)} directions")
        lines = [head]
        for x, s in enumerate(self.states[:20]):
            V = self.vertices[x]
            if len(V) == 0:
                lines.append(f"  {s}: empty (no pure SPE)")
                continue
            lo, hi = V.min(axis=0), V.max(axis=0)
            lines.append(f"  {s}: {len(V)} vertices; {self.players[0]} in "
                         f"[{format_number(lo[0])}, {format_number(hi[0])}], {self.players[1]} in "
                         f"[{format_number(lo[1])}, {format_number(hi[1])}]")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html
        return "<pre>" + html.escape(str(self)) + "</pre>"

    def to_dict(self) -> dict:
        return {"states": [str(s) for s in self.states], "players": list(self.players),
                "discount": self.discount, "directions": self.directions.tolist(),
                "levels": [[float(c) for c in row] for row in self.levels],
                "vertices": [V.tolist() for V in self.vertices],
                "converged": self.converged, "iterations": self.iterations}


def _clip(P: np.ndarray, a: np.ndarray, b: float) -> np.ndarray:
    """Sutherland–Hodgman: the part of the convex polygon ``P`` with ``a·y <= b``."""
    if len(P) == 0:
        return P
    s = P @ a - b
    inside = s <= 1e-12 * (1 + abs(b))
    if inside.all():
        return P
    if not inside.any():
        return P[:0]
    out = []
    n = len(P)
    for k in range(n):
        j = (k + 1) % n
        if inside[k]:
            out.append(P[k])
        if inside[k] != inside[j]:
            t = s[k] / (s[k] - s[j])
            out.append(P[k] + t * (P[j] - P[k]))
    return np.array(out)


def _dedupe(P: np.ndarray, scale: float) -> np.ndarray:
    """Drop repeated consecutive vertices (clipping leaves them at degenerate corners)."""
    if len(P) <= 1:
        return P
    keep = [P[0]]
    for q in P[1:]:
        if np.max(np.abs(q - keep[-1])) > 1e-9 * scale:
            keep.append(q)
    if len(keep) > 1 and np.max(np.abs(keep[0] - keep[-1])) <= 1e-9 * scale:
        keep.pop()
    return np.array(keep)


def _polygon(H: np.ndarray, c: np.ndarray, box: float) -> np.ndarray:
    """Vertices of ``{y : H y <= c}`` (bounded by a large box), counter-clockwise."""
    P = np.array([[-box, -box], [box, -box], [box, box], [-box, box]], dtype=float)
    for h, ck in zip(H, c):
        P = _clip(P, h, ck)
        if len(P) == 0:
            break
    return P


def stochastic_payoff_sets(game, *, directions: Any = 32, tol: float | None = None,
                           max_iter: int = 2000) -> StochasticPayoffSets:
    """Outer approximation of the pure SPE payoff set of every state of a two-player
    stochastic game without transfers.

    Parameters
    ----------
    game : StochasticGame
        Two players, a common discount factor.
    directions : int or array_like
        Number of equally spaced directions (the axis directions are always included) or a
        ``(D, 2)`` array of unit vectors sorted by angle.
    tol : float, optional
        Stop when no level moves by more than ``tol`` (default ``1e-10`` × payoff scale).
    max_iter : int
        Largest number of rounds of the set operator.

    Returns
    -------
    StochasticPayoffSets
        One polygon per state, with its support levels.

    Raises
    ------
    UnsupportedGameError
        Not two players, or different discount factors.
    ConvergenceError
        ``max_iter`` rounds without settling (reports the last change).

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.75))
    >>> W = stochastic_payoff_sets(g, directions=16)
    >>> W.contains(0, [9, 9]), W.contains(0, [3, 3]), W.contains(0, [10, 1])
    (True, True, False)
    """
    from ..games.stochastic import StochasticGame
    if not isinstance(game, StochasticGame):
        raise InvalidGameError(f"{_WHERE}: expected a StochasticGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise UnsupportedGameError(f"{_WHERE}: payoff sets are computed for two players; this "
                                   f"game has {game.n_players}")
    d = np.asarray(game.discount, dtype=float)
    if np.any(d != d[0]):
        raise UnsupportedGameError(f"{_WHERE}: needs a common discount factor, got {tuple(d)}")
    delta = float(d[0])
    if isinstance(directions, (int, np.integer)):
        H = _directions(2, int(directions))
    else:
        H = np.asarray(directions, dtype=float)
        if H.ndim != 2 or H.shape[1] != 2 or len(H) < 3:
            raise InvalidGameError(f"{_WHERE}: directions must be an int or a (D, 2) array, "
                                   f"got shape {H.shape}")
    rows = Rows(game)
    scale = max(1.0, float(np.max(np.abs(rows.pay))))
    tol = 1e-10 * scale if tol is None else float(check_real(_WHERE, "tol", tol, low=0,
                                                             low_open=True))
    neg = [int(np.argmin(H @ np.eye(2)[i])) for i in range(2)]     # index of -e_i
    U = rows.pay
    hu = U @ H.T                                                    # (R, D)
    c = np.tile(hu.max(axis=0), (rows.S, 1))                        # a box holding every payoff
    box = 10 * scale + 1
    change = np.inf
    for it in range(1, max_iter + 1):
        finite = np.all(np.isfinite(c), axis=1)
        cz = np.where(finite[:, None], c, 0.0)
        cbar = rows.T @ cz                                          # (R, D) expected levels
        reach = rows.T @ (~finite).astype(float)                    # may reach an empty set
        dead = (reach > 0) | (rows.dev_max(0, reach) > 0) | (rows.dev_max(1, reach) > 0)
        m = np.where(finite[:, None], -cz[:, neg], np.inf)          # (S, 2) harshest punishment
        b = np.empty((rows.R, 2))
        for i in range(2):
            Em = rows.T @ np.where(np.isfinite(m[:, i]), m[:, i], 0.0)
            dev = rows.dev_max(i, (1 - delta) * U[:, i] + delta * Em)
            b[:, i] = (dev - (1 - delta) * U[:, i]) / delta
        new = np.full_like(c, -np.inf)
        for r in range(rows.R):
            x = rows.row_state[r]
            if dead[r] or not finite[x]:
                continue
            P = _polygon(H, cbar[r], box)
            P = _clip(P, np.array([-1.0, 0.0]), -b[r, 0])
            P = _clip(P, np.array([0.0, -1.0]), -b[r, 1])
            if len(P) == 0:
                continue
            new[x] = np.maximum(new[x], (1 - delta) * hu[r] + delta * (P @ H.T).max(axis=0))
        fin = np.isfinite(new) & np.isfinite(c)
        change = float(np.max(np.abs(new - c)[fin])) if fin.any() else 0.0
        if np.array_equal(np.isfinite(new), np.isfinite(c)) and change <= tol:
            c = new
            break
        c = new
    else:
        raise ConvergenceError(f"{_WHERE}: levels still moved by {change:.3g} after "
                               f"{max_iter} rounds (tol {tol:.3g})")
    verts = tuple(_dedupe(_polygon(H, c[x], box), scale) if np.all(np.isfinite(c[x]))
                  else np.zeros((0, 2)) for x in range(rows.S))
    return StochasticPayoffSets(game.states, game.players, delta, H, c, verts, True, it)

"""The :class:`PayoffSet` result: a convex set of payoffs (empty, point, segment,
polygon or polytope)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from ..._result import Result
from ..._validation import check_real
from ...exceptions import InvalidParameterError, UnsupportedGameError
from ...results import format_number
from .geometry import (_affine_frame, _extreme_points, _hausdorff_2d, _hull_distance,
                       _poly_contains, _poly_distance, _polygon_area)


# ==============================================================================================
# the result
# ==============================================================================================
@dataclass(frozen=True, eq=False)
class PayoffSet(Result):
    """A convex set of payoff vectors: empty, a point, a segment, a polygon or a polytope.

    Attributes
    ----------
    vertices : numpy.ndarray
        Extreme points, shape ``(k, num_players)`` (counter-clockwise for a two-player polygon).
    num_players : int
    dimension : int
        Affine dimension: ``-1`` empty, ``0`` a point, ``1`` a segment, ``2`` a polygon, ...
    kind : str
        ``"exact"``, ``"outer"`` (contains the true set), ``"inner"`` (contained in it when
        ``extra["self_generating"]``), or ``"feasible"``.
    method : str
        Algorithm that produced the set.
    discount : float or None
    converged : bool
    iterations : int
    players : tuple of str
    stage : NormalFormGame or None
        The stage game (used by :func:`contracts.plot_sets.plot_payoff_set`).
    message : str
    extra : dict
        Method-specific details (directions used, error bounds, certificates).

    Examples
    --------
    >>> from contracts.equilibrium.payoff_sets import PayoffSet
    >>> S = PayoffSet.from_points([[0, 0], [2, 0], [0, 2], [1, 1]])
    >>> S.area, S.dimension, S.contains([0.5, 0.5])
    (2.0, 2, True)
    >>> PayoffSet.from_points([[0, 0], [1, 1], [2, 2]]).vertices.tolist()   # a segment
    [[0.0, 0.0], [2.0, 2.0]]
    """

    vertices: np.ndarray
    num_players: int
    dimension: int
    kind: str = "exact"
    method: str = ""
    discount: Any = None
    converged: bool = True
    iterations: int = 0
    players: tuple = ()
    stage: Any = None
    message: str = ""
    extra: dict = field(default_factory=dict)

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def from_points(cls, points: Any, num_players: int | None = None, *, tol: float | None = None,
                    **meta) -> "PayoffSet":
        """The convex hull of finitely many payoff vectors (``points`` may be empty).

        Parameters
        ----------
        points : array_like, shape (k, num_players)
            The payoff vectors.
        num_players : int, optional
            Dimension, needed when ``points`` is empty.
        tol : float, optional
            Points closer than ``tol`` are merged.
        **meta
            Further fields of the result (``kind``, ``discount``, ``extra``...).

        Returns
        -------
        PayoffSet
            The hull.

        Examples
        --------
        >>> sq = PayoffSet.from_points([[0, 0], [1, 0], [1, 1], [0, 1]])
        >>> sq.area, len(sq.vertices)
        (1.0, 4)
        """
        arr = np.asarray(points, dtype=float)
        if arr.size == 0:
            if num_players is None:
                raise InvalidParameterError(
                    "PayoffSet.from_points: an empty set needs num_players")
            arr = np.zeros((0, int(num_players)))
        if arr.ndim != 2:
            raise InvalidParameterError(
                f"PayoffSet.from_points: expected an array of shape (k, N), got {arr.shape}")
        if num_players is not None and arr.shape[1] != num_players:
            raise InvalidParameterError(
                f"PayoffSet.from_points: points have {arr.shape[1]} coordinates; expected "
                f"{num_players}")
        if not np.all(np.isfinite(arr)):
            raise InvalidParameterError("PayoffSet.from_points: points must be finite")
        N = arr.shape[1]
        if tol is None:
            tol = 1e-11 * max(1.0, float(np.abs(arr).max()) if arr.size else 1.0)
        V = _extreme_points(arr, tol) if len(arr) else arr
        return cls._from_vertices(V, N, tol=tol, **meta)

    @classmethod
    def _from_vertices(cls, V: np.ndarray, N: int, *, tol: float, **meta) -> "PayoffSet":
        V = np.array(V, dtype=float).reshape(-1, N)
        if len(V) > 1:   # drop repeated vertices (in order), e.g. several directions meeting there
            close = max(100 * tol, 1e-9 * max(1.0, float(np.abs(V).max())))
            keep: list[int] = []
            for k in range(len(V)):
                if all(np.max(np.abs(V[k] - V[j])) > close for j in keep):
                    keep.append(k)
            V = V[keep]
        if len(V) == 0:
            dim = -1
        else:
            dim = _affine_frame(V, 100 * tol)[0] if len(V) > 1 else 0
        V.flags.writeable = False
        meta.setdefault("players", tuple(f"player {i + 1}" for i in range(N)))
        return cls(vertices=V, num_players=N, dimension=int(dim), **meta)

    # -- queries --------------------------------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        """True when no payoff vector belongs to the set."""
        return self.dimension < 0

    @property
    def is_point(self) -> bool:
        """Whether the set is a single point."""
        return self.dimension == 0

    @property
    def is_segment(self) -> bool:
        """Whether the set is a line segment."""
        return self.dimension == 1

    @property
    def volume(self) -> float:
        """Lebesgue measure in ``R^num_players`` (0 for lower-dimensional sets)."""
        if self.dimension < self.num_players:
            return 0.0
        if self.num_players == 2:
            return _polygon_area(self.vertices)
        from scipy.spatial import ConvexHull
        return float(ConvexHull(self.vertices).volume)

    @property
    def area(self) -> float:
        """Area of a two-player payoff set (0 for a point or a segment, 0 when empty)."""
        if self.num_players != 2:
            raise UnsupportedGameError(
                f"PayoffSet.area: defined for two players; this set has {self.num_players} "
                "coordinates (use .volume)")
        return self.volume

    @property
    def min_payoffs(self) -> np.ndarray:
        """Each player's lowest payoff in the set (their worst equilibrium punishment)."""
        self._require_nonempty("min_payoffs")
        return self.vertices.min(axis=0)

    @property
    def max_payoffs(self) -> np.ndarray:
        """Each player's highest payoff in the set."""
        self._require_nonempty("max_payoffs")
        return self.vertices.max(axis=0)

    def _require_nonempty(self, what):
        if self.is_empty:
            raise InvalidParameterError(f"PayoffSet.{what}: the set is empty")

    def _tol(self) -> float:
        scale = max(1.0, float(np.abs(self.vertices).max())) if len(self.vertices) else 1.0
        return 1e-9 * scale

    def _check_point(self, point, where):
        p = np.asarray(point, dtype=float).reshape(-1)
        if p.shape != (self.num_players,) or not np.all(np.isfinite(p)):
            raise InvalidParameterError(
                f"PayoffSet.{where}: expected a finite payoff vector of length "
                f"{self.num_players}, got {point!r}")
        return p

    def support(self, direction: Sequence[float]) -> float:
        """Support function ``max_{w in set} direction·w`` (``-inf`` for the empty set).

        Parameters
        ----------
        direction : array_like, shape (num_players,)
            The direction.

        Returns
        -------
        float
            The largest value of ``direction·w`` over the set.

        Examples
        --------
        >>> sq = PayoffSet.from_points([[0, 0], [1, 0], [1, 1], [0, 1]])
        >>> float(sq.support([1, 1]))
        2.0
        """
        h = self._check_point(direction, "support")
        if self.is_empty:
            return -math.inf
        return float(np.max(self.vertices @ h))

    def distance(self, point: Sequence[float]) -> float:
        """Euclidean distance from ``point`` to the set (0 inside, ``inf`` if empty).

        Parameters
        ----------
        point : array_like, shape (num_players,)
            A payoff vector.

        Returns
        -------
        float
            The distance.

        Examples
        --------
        >>> sq = PayoffSet.from_points([[0, 0], [1, 0], [1, 1], [0, 1]])
        >>> float(sq.distance([2, 0]))
        1.0
        """
        p = self._check_point(point, "distance")
        if self.num_players == 2:
            return float(_poly_distance(p[None, :], self.vertices)[0])
        return float(_hull_distance(p[None, :], self.vertices)[0])

    def contains(self, point: Sequence[float], tol: float | None = None) -> bool:
        """Whether ``point`` lies in the set, up to Euclidean distance ``tol``.

        Parameters
        ----------
        point : array_like, shape (num_players,)
            A payoff vector.
        tol : float, optional
            Distance allowed; default ``1e-9`` times the payoff scale.

        Returns
        -------
        bool
            Whether the point is in the set.
        """
        p = self._check_point(point, "contains")
        if self.is_empty:
            return False
        tol = self._tol() if tol is None else check_real("PayoffSet.contains", "tol", tol,
                                                           low=0)
        if self.num_players == 2:
            return bool(_poly_contains(self.vertices, p[None, :], tol)[0])
        return bool(_hull_distance(p[None, :], self.vertices)[0] <= tol)

    def hausdorff(self, other: "PayoffSet | Any") -> float:
        """Hausdorff distance to another convex set (a :class:`PayoffSet` or a point array).

        For convex sets the largest distance is attained at a vertex, so it is computed exactly
        from the vertices. Two empty sets are at distance 0; empty and non-empty at ``inf``.

        Parameters
        ----------
        other : PayoffSet or array_like
            The other set, or the points whose hull it is.

        Returns
        -------
        float
            The Hausdorff distance.
        """
        if not isinstance(other, PayoffSet):
            other = PayoffSet.from_points(other, num_players=self.num_players)
        if other.num_players != self.num_players:
            raise InvalidParameterError(
                f"PayoffSet.hausdorff: sets of {self.num_players} and {other.num_players} "
                "players")
        A, B = self.vertices, other.vertices
        if self.num_players == 2:
            return _hausdorff_2d(A, B)
        if len(A) == 0 and len(B) == 0:
            return 0.0
        if len(A) == 0 or len(B) == 0:
            return math.inf
        return float(max(_hull_distance(A, B).max(), _hull_distance(B, A).max()))

    def to_numpy(self) -> np.ndarray:
        """A writable copy of the vertices."""
        return np.array(self.vertices)

    def __len__(self) -> int:
        return len(self.vertices)

    # -- printing -------------------------------------------------------------------------------
    def _shape_words(self) -> str:
        d = self.dimension
        if d < 0:
            return "empty"
        if d == 0:
            return "a single point"
        if d == 1:
            return "a segment"
        if self.num_players == 2:
            return f"a polygon with {len(self.vertices)} vertices, area {format_number(self.area)}"
        return (f"a {d}-dimensional polytope with {len(self.vertices)} vertices"
                + (f", volume {format_number(self.volume)}" if d == self.num_players else ""))

    def __repr__(self) -> str:
        disc = "" if self.discount is None else f", discount={format_number(self.discount)}"
        return (f"PayoffSet({self.kind}, {self._shape_words()}{disc}, "
                f"method={self.method or 'points'!r})")

    def __str__(self) -> str:
        what = {"exact": "Pure-strategy subgame-perfect equilibrium payoffs",
                "outer": "Outer approximation of the subgame-perfect equilibrium payoffs",
                "inner": "Inner approximation of the subgame-perfect equilibrium payoffs",
                "feasible": "Feasible payoffs"}.get(self.kind, "Payoff set")
        head = what
        if self.discount is not None:
            head += f" at discount factor {format_number(self.discount)}"
        lines = [head + f": {self._shape_words()}."]
        if self.is_empty:
            if self.kind in ("exact", "outer"):
                lines.append("  No pure-strategy subgame-perfect equilibrium exists: every "
                             "candidate path gives some player a profitable deviation.")
            return "\n".join(lines)
        lo, hi = self.min_payoffs, self.max_payoffs
        for i in range(self.num_players):
            name = self.players[i] if i < len(self.players) else f"player {i + 1}"
            lines.append(f"  {name}: between {format_number(lo[i])} and {format_number(hi[i])}")
        if self.kind == "exact":
            lines.append("  (each player's lowest equilibrium payoff is the harshest credible "
                         "punishment they can face)")
        lines.append("  vertices: " + ", ".join(
            "(" + ", ".join(format_number(x) for x in v) + ")" for v in self.vertices))
        if not self.converged:
            lines.append(f"  WARNING: not converged after {self.iterations} iterations.")
        if self.message:
            lines.append("  " + self.message)
        return "\n".join(lines)

"""The set of subgame-perfect equilibrium payoffs of a repeated game.

Perfect monitoring, a public randomisation device, pure stage actions and a common discount
factor ``δ``. The set ``V`` of (normalised, average) payoffs of pure-strategy subgame-perfect
equilibria is the largest fixed point of the operator of Abreu, Pearce and Stacchetti (1990)::

    B(W) = co{ (1-δ) u(a) + δ w :  a ∈ A,  w ∈ W,
               (1-δ) u_i(a) + δ w_i ≥ (1-δ) d_i(a) + δ min_{w' ∈ W} w'_i  for every i }

where ``d_i(a)`` is player ``i``'s best one-shot deviation payoff against ``a``. Starting from the
feasible set, ``B`` shrinks monotonically to ``V``. Three ways to compute it:

* :func:`abreu_sannikov` (``method="exact"``, two players): polygons exactly, as in Abreu and
  Sannikov (2014) — every action profile contributes the images of the points of ``W`` where the
  incentive constraints bind (at most four extreme points), plus the images of the vertices of
  ``W`` that satisfy them. Once the combinatorial pattern of the iteration settles, the fixed
  point of that pattern is found by Newton's method and then verified to be a fixed point of the
  full operator; otherwise the iteration runs to the tolerance.
* :func:`outer_approximation` (``method="outer"``, any number of players): Judd, Yeltekin and
  Conklin (2003). ``W`` is kept as ``{w : h_k·w ≤ c_k}`` on fixed directions ``h_k``; each round
  solves, for every action profile and direction, the linear program
  ``max h_k·w  s.t.  H w ≤ c,  w_i ≥ min_i + (1-δ)/δ (d_i(a) - u_i(a))`` (HiGHS through
  HiGHS (:func:`contracts._linalg.solve_lp`); for two players the same LPs are solved exactly by clipping
  polygons). The result contains ``V``.
* :func:`inner_approximation` (``method="inner"``): the convex hull of the maximisers of those
  programmes, iterated; when the final set generates itself (checked, and reported as
  ``extra["self_generating"]``) it is contained in ``V``.

The result is a :class:`PayoffSet`, which can be empty, a point, a segment or a polygon
(QuantEcon's ``equilibrium_payoffs`` raises on all but the last).

Examples
--------
>>> import contracts as ct
>>> from contracts.equilibrium.payoff_sets import abreu_sannikov
>>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
>>> V = abreu_sannikov(pd, discount=0.75)
>>> round(V.area, 6)
40.5
>>> abreu_sannikov(pd, discount=0.2).dimension     # a segment from (3, 3) to (9, 9)
1
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from .._linalg import solve_lp
from .._result import Result
from .._validation import check_discount, check_positive, check_real
from ..exceptions import (ConvergenceError, InvalidGameError, InvalidParameterError,
                          UnsupportedGameError)
from ..games.normal_form import NormalFormGame
from ..results import format_number

__all__ = ["PayoffSet", "payoff_set", "abreu_sannikov", "outer_approximation",
           "inner_approximation", "feasible_payoffs", "folk_theorem_discount",
           "pure_minmax_payoffs", "directions"]

_METHOD_ALIASES = {
    "exact": "exact", "abreu_sannikov": "exact", "as": "exact",
    "outer": "outer", "jyc": "outer", "judd_yeltekin_conklin": "outer",
    "inner": "inner",
}


# ==============================================================================================
# planar geometry (degenerate polygons -- points and segments -- are first-class)
# ==============================================================================================
_ANG = np.linspace(0, 2 * np.pi, 16, endpoint=False)
_DIRS16 = np.column_stack([np.cos(_ANG), np.sin(_ANG)])


def _roll1(X: np.ndarray) -> np.ndarray:
    """``X`` shifted by one row (the next vertex of a polygon), cheaper than ``np.roll``."""
    return np.concatenate([X[1:], X[:1]])


def _hull_indices_2d(pts: np.ndarray, tol: float) -> list[int]:
    """Indices of the extreme points of ``pts`` (n×2) in counter-clockwise order.

    Points within distance ``tol`` of the segment joining their neighbours on the hull are
    dropped, as are near-duplicates, so a segment gives its two end points and a cloud of
    (nearly) equal points gives one.
    """
    n = len(pts)
    if n == 0:
        return []
    idx = None
    if n > 8:  # Akl-Toussaint: drop points well inside the polygon of extreme points
        ext = np.argmax(pts @ _DIRS16.T, axis=0)
        poly = [int(ext[0])]
        for e in ext[1:]:
            if e != poly[-1] and e != poly[0]:
                poly.append(int(e))
        if len(poly) >= 3:
            P = pts[poly]
            E = _roll1(P) - P
            L = np.hypot(E[:, 0], E[:, 1])
            if np.all(L > 0):
                cr = (E[:, 0] * (pts[:, None, 1] - P[:, 1])
                      - E[:, 1] * (pts[:, None, 0] - P[:, 0]))
                keep = np.any(cr <= 4 * tol * L, axis=1)
                keep[poly] = True
                idx = np.nonzero(keep)[0]
    if idx is None:
        idx = np.arange(n)
    sub = pts[idx]
    ids = idx[np.lexsort((sub[:, 1], sub[:, 0]))].tolist()
    P = pts.tolist()
    hyp = math.hypot

    def chain(seq):
        h: list[int] = []
        for k in seq:
            x, y = P[k]
            while len(h) >= 2:
                ox, oy = P[h[-2]]
                ax, ay = P[h[-1]]
                # exact test: with a tolerance here, near-ties in the sort order could drop a
                # true vertex; near-collinear vertices are removed by the clean-up below
                if (ax - ox) * (y - oy) - (ay - oy) * (x - ox) <= 0:
                    h.pop()
                else:
                    break
            h.append(k)
        return h

    lower = chain(ids)
    upper = chain(ids[::-1])
    hull = lower[:-1] + upper[:-1] or [ids[0]]
    # cyclic clean-up: the chain keeps its end points even when they sit (within tol) on an
    # edge; drop every vertex within tol of the segment joining its neighbours
    changed = True
    while changed and len(hull) >= 3:
        changed = False
        K = len(hull)
        for k in range(K):
            ax, ay = P[hull[k - 1]]
            bx, by = P[hull[(k + 1) % K]]
            x, y = P[hull[k]]
            ex, ey = bx - ax, by - ay
            L2 = ex * ex + ey * ey
            t = 0.0 if L2 == 0 else min(1.0, max(0.0, ((x - ax) * ex + (y - ay) * ey) / L2))
            if hyp(x - ax - t * ex, y - ay - t * ey) <= tol:
                del hull[k]
                changed = True
                break
    if len(hull) == 2:
        (ax, ay), (bx, by) = P[hull[0]], P[hull[1]]
        if hyp(ax - bx, ay - by) <= tol:
            hull = hull[:1]
    return hull


def _hull_2d(pts: np.ndarray, tol: float) -> np.ndarray:
    pts = np.asarray(pts, dtype=float).reshape(-1, 2)
    return pts[_hull_indices_2d(pts, tol)]


def _segment_distance(pts: np.ndarray, P: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Distance of every point (n×2) to every segment P[k]Q[k] (m×2): an n×m array."""
    E = Q - P
    L2 = np.einsum("ij,ij->i", E, E)
    R = pts[:, None, :] - P[None, :, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(L2 > 0, np.einsum("nmj,mj->nm", R, E) / np.where(L2 > 0, L2, 1), 0.0)
    t = np.clip(t, 0.0, 1.0)
    D = R - t[:, :, None] * E[None, :, :]
    return np.hypot(D[..., 0], D[..., 1])


def _poly_distance(pts: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Euclidean distance of each point to a convex polygon given by ccw vertices (0 inside)."""
    pts = np.asarray(pts, dtype=float).reshape(-1, 2)
    K = len(poly)
    if K == 0:
        return np.full(len(pts), np.inf)
    if K == 1:
        return np.hypot(pts[:, 0] - poly[0, 0], pts[:, 1] - poly[0, 1])
    Q = _roll1(poly)
    d = _segment_distance(pts, poly, Q).min(axis=1)
    if K >= 3:
        E = Q - poly
        cr = (E[None, :, 0] * (pts[:, None, 1] - poly[None, :, 1])
              - E[None, :, 1] * (pts[:, None, 0] - poly[None, :, 0]))
        inside = np.all(cr >= 0, axis=1)
        d = np.where(inside, 0.0, d)
    return d


def _poly_contains(poly: np.ndarray, pts: np.ndarray, tol: float) -> np.ndarray:
    """Which points lie in the convex polygon (ccw vertices), up to distance ``tol``."""
    pts = np.asarray(pts, dtype=float).reshape(-1, 2)
    K = len(poly)
    if K == 0:
        return np.zeros(len(pts), dtype=bool)
    if K >= 3:
        Q = _roll1(poly)
        E = Q - poly
        L = np.hypot(E[:, 0], E[:, 1])
        cr = (E[None, :, 0] * (pts[:, None, 1] - poly[None, :, 1])
              - E[None, :, 1] * (pts[:, None, 0] - poly[None, :, 0]))
        return np.all(cr >= -tol * L[None, :], axis=1)
    return _poly_distance(pts, poly) <= tol


def _hausdorff_2d(A: np.ndarray, B: np.ndarray) -> float:
    if len(A) == 0 and len(B) == 0:
        return 0.0
    if len(A) == 0 or len(B) == 0:
        return math.inf
    return float(max(_poly_distance(A, B).max(), _poly_distance(B, A).max()))


def _polygon_area(poly: np.ndarray) -> float:
    if len(poly) < 3:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


# ==============================================================================================
# N-dimensional geometry
# ==============================================================================================
def _affine_frame(pts: np.ndarray, tol: float):
    """Affine dimension of a point cloud, with an orthonormal basis of its span."""
    c = pts.mean(axis=0)
    Q = pts - c
    if len(pts) == 1:
        return 0, c, np.zeros((0, pts.shape[1]))
    _, s, Vt = np.linalg.svd(Q, full_matrices=False)
    r = int(np.sum(s > tol * max(1.0, math.sqrt(len(pts)))))
    return r, c, Vt[:r]


def _extreme_points(pts: np.ndarray, tol: float) -> np.ndarray:
    """Extreme points of a finite point set in any dimension (degenerate sets handled)."""
    pts = np.asarray(pts, dtype=float)
    if len(pts) == 0:
        return pts.reshape(0, pts.shape[1] if pts.ndim == 2 else 0)
    N = pts.shape[1]
    if N == 2:
        return _hull_2d(pts, tol)
    pts = _dedupe(pts, tol)
    r, c, basis = _affine_frame(pts, tol)
    if r == 0:
        return pts[:1].copy()
    Y = (pts - c) @ basis.T
    if r == 1:
        return pts[[int(np.argmin(Y[:, 0])), int(np.argmax(Y[:, 0]))]]
    if r == 2:
        return pts[_hull_indices_2d(Y, tol)]
    from scipy.spatial import ConvexHull, QhullError
    try:
        return pts[np.sort(ConvexHull(Y).vertices)]
    except QhullError:
        return pts[np.sort(ConvexHull(Y, qhull_options="QJ").vertices)]


def _hull_distance(points: np.ndarray, hull_pts: np.ndarray) -> np.ndarray:
    """Distance of each point to the convex hull of ``hull_pts`` (any dimension).

    Projection onto a convex hull is a least-squares problem in the convex weights; it is solved
    by non-negative least squares with the adding-up constraint as a heavily weighted row.
    """
    from scipy.optimize import nnls
    pts = np.atleast_2d(np.asarray(points, dtype=float))
    if len(hull_pts) == 0:
        return np.full(len(pts), np.inf)
    if len(hull_pts) == 1:
        return np.linalg.norm(pts - hull_pts[0], axis=1)
    scale = max(1.0, float(np.abs(hull_pts).max()))
    rho = 1e4 * scale
    A = np.vstack([hull_pts.T, rho * np.ones(len(hull_pts))])
    out = np.empty(len(pts))
    for k, p in enumerate(pts):
        lam, _ = nnls(A, np.append(p, rho), maxiter=50 * A.shape[1])
        s = lam.sum()
        proj = hull_pts.T @ (lam / s) if s > 0 else hull_pts[0]
        out[k] = float(np.linalg.norm(p - proj))
    return out


def _hrep_vertices(H: np.ndarray, c: np.ndarray, tol: float) -> np.ndarray:
    """Vertices of the bounded polytope ``{w : H w <= c}``."""
    D, N = H.shape
    if N == 2 and _angle_sorted(H):
        # every constraint supports the set, so the vertices are where consecutive lines meet
        H2 = np.roll(H, -1, axis=0)
        c2 = np.roll(c, -1)
        det = H[:, 0] * H2[:, 1] - H[:, 1] * H2[:, 0]
        x = (c * H2[:, 1] - c2 * H[:, 1]) / det
        y = (H[:, 0] * c2 - H2[:, 0] * c) / det
        return _hull_2d(np.column_stack([x, y]), tol)
    norms = np.linalg.norm(H, axis=1)
    try:        # Chebyshev centre; an empty or unbounded set falls through to enumeration
        res = solve_lp(np.r_[np.zeros(N), -1.0], A_ub=np.hstack([H, norms[:, None]]), b_ub=c,
                       bounds=[(None, None)] * N + [(0, None)], method="highs",
                       caller="payoff_sets", infeasible_ok=True)
    except ConvergenceError:
        res = None
    if res is not None and res.x[-1] > 1e3 * tol:
        from scipy.spatial import HalfspaceIntersection
        hs = HalfspaceIntersection(np.hstack([H, -c[:, None]]), res.x[:N])
        return _extreme_points(hs.intersections, tol)
    # lower-dimensional (or tiny) polytope: enumerate the basic solutions
    cands = []
    for rows in itertools.combinations(range(D), N):
        M = H[list(rows)]
        if abs(np.linalg.det(M)) < 1e-12:
            continue
        p = np.linalg.solve(M, c[list(rows)])
        if np.all(H @ p <= c + 1e3 * tol):
            cands.append(p)
    if not cands:
        return np.zeros((0, N))
    return _extreme_points(np.array(cands), 1e3 * tol)


def _angle_sorted(H: np.ndarray) -> bool:
    """True when the 2-D directions go once round the circle counter-clockwise, gaps < π."""
    ang = np.arctan2(H[:, 1], H[:, 0])
    gaps = np.mod(np.diff(np.r_[ang, ang[0]]), 2 * np.pi)
    return bool(np.all(gaps > 1e-12) and np.all(gaps < np.pi - 1e-9)
                and abs(gaps.sum() - 2 * np.pi) < 1e-9)


def directions(num_players: int, count: int | None = None) -> np.ndarray:
    """Unit directions ``h_k`` for the outer and inner approximations.

    Two players: ``count`` (default 72) equally spaced directions on the circle, always including
    the four axis directions. ``N`` players: every nonzero vector of ``{-1, 0, 1}^N``, normalised
    (26 for three players), which includes ``±e_i``.

    Examples
    --------
    >>> from contracts.equilibrium.payoff_sets import directions
    >>> directions(2, 8).round(3)[:3].tolist()
    [[1.0, 0.0], [0.707, 0.707], [0.0, 1.0]]
    >>> len(directions(3))
    26
    """
    if num_players == 2:
        count = 72 if count is None else int(count)
        if count < 3:
            raise InvalidParameterError(
                f"directions: need at least 3 directions for two players, got {count}")
        ang = np.linspace(0, 2 * np.pi, count, endpoint=False)
        ang = np.unique(np.round(np.r_[ang, np.arange(4) * np.pi / 2], 14))
        H = np.column_stack([np.cos(ang), np.sin(ang)])
        return np.where(np.abs(H) < 1e-14, 0.0, H)
    if count is not None:
        raise InvalidParameterError(
            "directions: a direction count applies to two players only; pass an array of "
            "directions for N players")
    H = np.array([v for v in itertools.product((-1.0, 0.0, 1.0), repeat=num_players) if any(v)])
    return H / np.linalg.norm(H, axis=1)[:, None]


def _check_directions(dirs, N: int, where: str) -> np.ndarray:
    if dirs is None or isinstance(dirs, (int, np.integer)):
        return directions(N, None if dirs is None else int(dirs))
    H = np.asarray(dirs, dtype=float)
    if H.ndim != 2 or H.shape[1] != N or not np.all(np.isfinite(H)):
        raise InvalidParameterError(
            f"{where}: directions must be a finite array of shape (D, {N}), got shape {H.shape}")
    norms = np.linalg.norm(H, axis=1)
    if np.any(norms == 0):
        raise InvalidParameterError(f"{where}: a direction is the zero vector")
    H = H / norms[:, None]
    axes = np.vstack([np.eye(N), -np.eye(N)])
    for e in axes:  # the punishment levels are read off the -e_i directions; boundedness too
        if not np.any(np.all(np.abs(H - e) < 1e-12, axis=1)):
            H = np.vstack([H, e])
    if N == 2:
        H = H[np.argsort(np.arctan2(H[:, 1], H[:, 0]))]
        if not _angle_sorted(H):
            raise InvalidParameterError(f"{where}: repeated directions")
    return H


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
        """The convex hull of finitely many payoff vectors (``points`` may be empty)."""
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
        return self.dimension == 0

    @property
    def is_segment(self) -> bool:
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
        """Support function ``max_{w in set} direction·w`` (``-inf`` for the empty set)."""
        h = self._check_point(direction, "support")
        if self.is_empty:
            return -math.inf
        return float(np.max(self.vertices @ h))

    def distance(self, point: Sequence[float]) -> float:
        """Euclidean distance from ``point`` to the set (0 inside, ``inf`` if empty)."""
        p = self._check_point(point, "distance")
        if self.num_players == 2:
            return float(_poly_distance(p[None, :], self.vertices)[0])
        return float(_hull_distance(p[None, :], self.vertices)[0])

    def contains(self, point: Sequence[float], tol: float | None = None) -> bool:
        """Whether ``point`` lies in the set, up to Euclidean distance ``tol``.

        Default ``tol``: ``1e-9`` times the payoff scale.
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


# ==============================================================================================
# stage-game data
# ==============================================================================================
class _Stage:
    """Float arrays of a stage game used by every payoff-set algorithm."""

    def __init__(self, stage: NormalFormGame, discount: float):
        self.stage = stage
        self.N = stage.num_players
        arrays = [np.asarray(p, dtype=float) for p in stage.payoffs]
        self.U = np.column_stack([p.ravel() for p in arrays])              # (M, N)
        dev = np.column_stack([np.broadcast_to(p.max(axis=i, keepdims=True), p.shape).ravel()
                               for i, p in enumerate(arrays)])            # best deviations d(a)
        self.gain = dev - self.U                                           # >= 0
        self.delta = float(discount)
        self.alpha = 1.0 - self.delta
        self.beta = self.delta
        self.Gn = self.alpha / self.beta * self.gain                       # continuation premium
        self.scale = max(1.0, float(np.abs(self.U).max()))
        self.shape = stage.num_actions


def _as_stage_and_discount(game, discount, where):
    """Accept a RepeatedGame, or a NormalFormGame with ``discount=``."""
    stage = getattr(game, "stage", None)
    if stage is not None and hasattr(game, "discount"):
        if discount is not None and discount != game.discount:
            raise InvalidParameterError(
                f"{where}: the repeated game already has discount {game.discount}; got "
                f"discount={discount} as well")
        return stage, game.discount
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"{where}: expected a RepeatedGame or a NormalFormGame stage game, got "
            f"{type(game).__name__}")
    if discount is None:
        raise InvalidParameterError(f"{where}: a stage game needs discount= in (0, 1)")
    return game, discount


def _num_players(game) -> int | None:
    stage = game if isinstance(game, NormalFormGame) else getattr(game, "stage", None)
    return stage.num_players if isinstance(stage, NormalFormGame) else None


def _common_checks(game, discount, where, tol, max_iter, default_tol=1e-10):
    stage, discount = _as_stage_and_discount(game, discount, where)
    check_discount(where, discount)
    S = _Stage(stage, discount)
    tol = default_tol * S.scale if tol is None else check_positive(where, "tol", tol)
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InvalidParameterError(f"{where}: max_iter must be a positive integer, got "
                                    f"{max_iter!r}")
    return stage, discount, S, float(tol), int(max_iter)


def _meta(stage, discount, **kw):
    return dict(players=stage.players, stage=stage, discount=discount, **kw)


def pure_minmax_payoffs(stage: NormalFormGame) -> np.ndarray:
    """Each player's pure-action minmax payoff ``min_{a_-i} max_{a_i} u_i(a)``.

    No pure-strategy equilibrium of the repeated game can give a player less.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import pure_minmax_payoffs
    >>> pure_minmax_payoffs(ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]]))
    array([3., 3.])
    """
    if not isinstance(stage, NormalFormGame):
        stage = getattr(stage, "stage", stage)
    return np.array([float(np.asarray(stage.own_axis_payoffs(i), dtype=float).max(axis=0).min())
                     for i in range(stage.num_players)])


# ==============================================================================================
# the APS operator on polygons (two players)
# ==============================================================================================
def _aps_polygon(S: _Stage, X: np.ndarray, tol: float, track: bool = False):
    """One application of the APS operator to the convex polygon with ccw vertices ``X``.

    Every action profile ``a`` contributes the images ``(1-δ)u(a) + δw`` of the vertices ``w``
    of ``X ∩ {w ≥ IC(a)}``: vertices of ``X`` satisfying both incentive constraints, points of
    the boundary of ``X`` where one constraint binds, and the corner where both bind.

    Returns the new polygon (ccw) and, with ``track``, one integer "recipe" per vertex saying
    how it was generated (used to accelerate convergence).
    """
    K = len(X)
    u = X.min(axis=0)
    IC = u + S.Gn
    parts_w, parts_a, parts_key = [], [], []
    # vertices of X where both incentive constraints hold
    inq = (X[None, :, 0] >= IC[:, None, 0] - tol) & (X[None, :, 1] >= IC[:, None, 1] - tol)
    a0, j0 = np.nonzero(inq)
    parts_w.append(X[j0])
    parts_a.append(a0)
    parts_key.append((a0 * 4 + 0) * K + j0)
    # the corner where both bind, if it lies in X
    a1 = np.nonzero(_poly_contains(X, IC, tol))[0]
    parts_w.append(IC[a1])
    parts_a.append(a1)
    parts_key.append((a1 * 4 + 1) * K)
    # boundary points where exactly one constraint binds
    if K >= 2:
        Qn = _roll1(X)
        for i in (0, 1):
            o = 1 - i
            c = IC[:, i:i + 1]
            sp = X[None, :, i] - c
            sq = Qn[None, :, i] - c
            a2, j2 = np.nonzero(sp * sq < 0)
            if len(a2):
                spv, sqv = sp[a2, j2], sq[a2, j2]
                t = spv / (spv - sqv)
                wo = X[j2, o] + t * (Qn[j2, o] - X[j2, o])
                ok = wo >= IC[a2, o] - tol
                a2, j2, wo = a2[ok], j2[ok], wo[ok]
                w = np.empty((len(a2), 2))
                w[:, i] = IC[a2, i]
                w[:, o] = wo
                parts_w.append(w)
                parts_a.append(a2)
                parts_key.append((a2 * 4 + 2 + i) * K + j2)
    W = np.concatenate(parts_w)
    A = np.concatenate(parts_a)
    if len(A) == 0:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
    P = S.alpha * S.U[A] + S.beta * W
    hull = _hull_indices_2d(P, tol)
    if not track:
        return P[hull], None
    keys = np.concatenate(parts_key)
    # among (nearly) coincident candidates, take the one with the smallest recipe so that the
    # recipe of a vertex does not flip with rounding noise from one iteration to the next
    Hp = P[hull]
    near = np.max(np.abs(P[None, :, :] - Hp[:, None, :]), axis=2) <= 1e3 * tol
    pick = np.argmin(np.where(near, keys[None, :], np.iinfo(np.int64).max), axis=1)
    _, first = np.unique(pick, return_index=True)
    pick = pick[np.sort(first)]
    r = int(np.argmin(keys[pick]))
    pick = np.roll(pick, -r)
    return P[pick], keys[pick]


def _recipe_map(S: _Stage, keys: np.ndarray, K: int, m: tuple[int, int]):
    """The iteration map for a fixed combinatorial pattern: vertices (B, K, 2) -> (B, K', 2)."""
    a = keys // (4 * K)
    typ = (keys // K) % 4
    j = keys % K
    jn = (j + 1) % K
    Ua = S.U[a]
    Ga = S.Gn[a]
    t0, t1, t2, t3 = (np.nonzero(typ == t)[0] for t in range(4))

    def f(x):
        u0 = x[:, m[0], 0][:, None]
        u1 = x[:, m[1], 1][:, None]
        w = np.empty((x.shape[0], len(keys), 2))
        w[:, t0] = x[:, j[t0]]
        w[:, t1, 0] = u0 + Ga[t1, 0]
        w[:, t1, 1] = u1 + Ga[t1, 1]
        for tt, i in ((t2, 0), (t3, 1)):
            if len(tt) == 0:
                continue
            o = 1 - i
            c = (u0 if i == 0 else u1) + Ga[tt, i]
            p = x[:, j[tt]]
            q = x[:, jn[tt]]
            t = (p[..., i] - c) / (p[..., i] - q[..., i])
            w[:, tt, i] = c
            w[:, tt, o] = p[..., o] + t * (q[..., o] - p[..., o])
        return S.alpha * Ua[None] + S.beta * w

    return f


def _newton_fixed_point(S: _Stage, Y: np.ndarray, keys: np.ndarray):
    """Fixed point of the pattern map started at ``Y`` (None if Newton fails)."""
    K = len(Y)
    m = (int(np.argmin(Y[:, 0])), int(np.argmin(Y[:, 1])))
    f = _recipe_map(S, keys, K, m)
    x = Y.reshape(-1).copy()
    n = x.size
    h = 1e-7 * S.scale
    eye = np.eye(n)
    with np.errstate(all="ignore"):
        for _ in range(12):
            fx = f(x.reshape(1, K, 2)).reshape(-1)
            F = fx - x
            if not np.all(np.isfinite(F)):
                return None
            if np.max(np.abs(F)) <= 1e-14 * S.scale:
                return x.reshape(K, 2)
            J = (f((x[None, :] + h * eye).reshape(n, K, 2)).reshape(n, n) - fx[None, :]) / h
            try:
                dx = np.linalg.solve(J.T - eye, -F)
            except np.linalg.LinAlgError:
                return None
            x = x + dx
            if not np.all(np.isfinite(x)):
                return None
        fx = f(x.reshape(1, K, 2)).reshape(-1)
        if np.max(np.abs(fx - x)) <= 1e-11 * S.scale:
            return x.reshape(K, 2)
    return None


def _feasible_hull_2d(S: _Stage, tol):
    return _hull_2d(S.U, tol)


# ==============================================================================================
# exact two-player method
# ==============================================================================================
def abreu_sannikov(game, discount: float | None = None, *, tol: float | None = None,
                   max_iter: int = 10_000, accelerate: bool = True) -> PayoffSet:
    """The set of pure-strategy SPE payoffs of a two-player repeated game, exactly.

    Perfect monitoring, public randomisation, common discount factor. The APS operator is
    applied to polygons exactly (Abreu and Sannikov 2014: each action profile contributes the
    points where its incentive constraints bind), starting from the feasible set, so every
    iterate contains the answer. When the pattern of the iteration repeats, its fixed point is
    computed by Newton's method and accepted only if it is a fixed point of the full operator
    lying inside the current iterate.

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        A repeated game, or a two-player stage game together with ``discount``.
    discount : float, optional
        Discount factor in (0, 1) when ``game`` is a stage game.
    tol : float, optional
        Stop when an iteration moves the set by less than ``tol`` (Hausdorff distance); default
        ``1e-12`` times the largest absolute payoff.
    max_iter : int
        Iteration cap; the result says ``converged=False`` when it is reached.
    accelerate : bool
        Use the Newton step on the settled pattern (default True).

    Returns
    -------
    PayoffSet
        Empty when no pure-strategy SPE exists; a point, a segment or a polygon otherwise.
        ``extra["outer_gap"]``: Hausdorff distance from the result to the last APS iterate,
        which contains the true set. After the accelerated step the result is itself a verified
        fixed point (so it lies inside the true set, up to rounding) and this bounds the error;
        after plain iteration it is the usual estimate ``step·δ/(1-δ)``.

    Raises
    ------
    UnsupportedGameError
        If the stage game does not have two players.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import abreu_sannikov
    >>> trust = ct.NormalFormGame.from_bimatrix([[3, 1], [5, 2]], [[4, 3], [0, 1]],
    ...                                         players=("agency", "government"))
    >>> V = abreu_sannikov(trust, discount=0.8)
    >>> round(V.area, 9), V.contains([3, 4])
    (5.0, True)
    """
    where = "abreu_sannikov"
    stage, discount, S, tol, max_iter = _common_checks(game, discount, where, tol, max_iter,
                                                       default_tol=1e-12)
    if S.N != 2:
        raise UnsupportedGameError(
            f"{where}: the exact method needs a two-player stage game; this one has {S.N} "
            "players (use method='outer')")
    gtol = 1e-12 * S.scale
    X = _feasible_hull_2d(S, gtol)
    prev_keys = None
    next_try = 0
    converged = False
    message = ""
    gap = 0.0
    it = 0
    for it in range(1, max_iter + 1):
        Y, keys = _aps_polygon(S, X, gtol, track=accelerate)
        if len(Y) == 0:
            X = Y
            converged = True
            message = ("The set is empty: no pure-strategy subgame-perfect equilibrium at this "
                       "discount factor.")
            break
        step = float(_poly_distance(X, Y).max())   # X contains Y: one-sided distance suffices
        same_pattern = (accelerate and prev_keys is not None and len(Y) == len(X)
                        and np.array_equal(keys, prev_keys))
        if step <= tol:
            X = Y
            converged = True
            gap = step * S.delta / (1 - S.delta)
            if same_pattern:   # polish: the exact fixed point of the settled pattern
                Z = _newton_fixed_point(S, Y, keys)
                if Z is not None and _accept_fixed_point(S, Z, Y, step, tol, gtol):
                    X = _hull_2d(Z, gtol)
            break
        if same_pattern and it >= next_try:
            Z = _newton_fixed_point(S, Y, keys)
            if Z is not None and _accept_fixed_point(S, Z, Y, step, tol, gtol):
                gap = float(_poly_distance(Y, Z).max())
                X = _hull_2d(Z, gtol)
                converged = True
                message = ("Converged exactly: Newton step on the settled pattern of the "
                           "iteration, verified to be a fixed point of the APS operator.")
                break
            next_try = it + 10
        prev_keys = keys
        X = Y
    if len(X):
        # vertices within the convergence error of an edge are rounding noise
        clean = 100 * gtol if message.startswith("Converged exactly") else max(
            100 * gtol, 10 * tol * S.delta / (1 - S.delta))
        X = _hull_2d(X, clean)
    out = PayoffSet._from_vertices(
        X, 2, tol=gtol, kind="exact", method="abreu_sannikov", converged=converged,
        iterations=it, message=message, extra={"outer_gap": gap},
        **_meta(stage, discount))
    return out


def _accept_fixed_point(S, Z, Y, step, tol, gtol) -> bool:
    """Newton candidate must be a fixed point of the full operator inside the current iterate."""
    if not np.all(np.isfinite(Z)):
        return False
    Zh = _hull_2d(Z, gtol)   # vertices of the pattern may be collinear in the limit
    BZ, _ = _aps_polygon(S, Zh, gtol)
    if len(BZ) == 0 or _hausdorff_2d(BZ, Zh) > max(tol, 1e-9 * S.scale):
        return False
    if not np.all(_poly_contains(Y, Zh, 1e-9 * S.scale)):
        return False
    # the iterates converge linearly at rate <= δ; the limit lies within step·δ/(1-δ)
    return float(_poly_distance(Y, Zh).max()) <= 3 * step / (1 - S.delta) + tol


# ==============================================================================================
# outer approximation (Judd-Yeltekin-Conklin)
# ==============================================================================================
_HIGHS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


def outer_approximation(game, discount: float | None = None, *, directions: Any = None,
                        tol: float | None = None, max_iter: int = 10_000,
                        solver: str = "auto") -> PayoffSet:
    """Outer approximation of the SPE payoff set (Judd, Yeltekin and Conklin 2003).

    The set is represented by its support levels ``c_k`` on fixed unit directions ``h_k``
    (``±e_i`` always among them; the punishment of player ``i`` is ``-c`` on ``-e_i``). Each
    round solves, for every action profile ``a`` and direction ``h_k``, the linear programme
    ``max h_k·w  s.t.  H w ≤ c,  w_i ≥ min_i + (1-δ)/δ·(d_i(a) - u_i(a))`` and sets
    ``c_k ← max_a (1-δ) h_k·u(a) + δ·LP``. Starting from the feasible set the levels fall
    monotonically; the limit contains the true set and is exact when the true set's normals are
    among the directions. An empty outer approximation proves that no pure-strategy SPE exists.

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
    discount : float, optional
        Needed when ``game`` is a stage game.
    directions : int or array_like, optional
        Two players: a number of equally spaced directions (default 72) or a ``(D, 2)`` array.
        N players: a ``(D, N)`` array (default: all nonzero ``{-1,0,1}^N`` vectors).
    tol : float, optional
        Stop when no level moves by more than ``tol`` (default ``1e-10`` × payoff scale).
    max_iter : int
    solver : {"auto", "polygon", "enumeration", "highs"}
        How the programmes are solved: ``"polygon"`` (two players) clips polygons, exactly;
        ``"enumeration"`` evaluates every basic solution of the (fixed) constraint matrix, whose
        inverses are computed once — exact and fast for small N; ``"highs"`` solves all
        programmes of a round as one block-diagonal LP with HiGHS. ``"auto"`` picks the first
        that applies (HiGHS when enumeration would be too large).

    Returns
    -------
    PayoffSet
        ``kind="outer"``; ``extra`` holds the directions, the levels and the solver.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import outer_approximation
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> W = outer_approximation(pd, discount=0.75, directions=72)
    >>> W.contains([9, 9]), W.area >= 40.5
    (True, True)
    """
    where = "outer_approximation"
    stage, discount, S, tol, max_iter = _common_checks(game, discount, where, tol, max_iter)
    H = _check_directions(directions, S.N, where)
    solvers = ("auto", "polygon", "enumeration", "highs")
    if solver not in solvers:
        raise InvalidParameterError(f"{where}: unknown solver {solver!r}; expected one of "
                                    f"{solvers}")
    if solver == "polygon" and S.N != 2:
        raise UnsupportedGameError(f"{where}: solver='polygon' needs two players; this game "
                                   f"has {S.N}")
    if solver == "auto":
        solver = ("polygon" if S.N == 2 else
                  "enumeration" if math.comb(len(H) + S.N, S.N) <= _MAX_BASES else "highs")
    gtol = 1e-12 * S.scale
    bases = _Bases(H) if solver == "enumeration" else None
    c = (H @ S.U.T).max(axis=1)
    converged, empty, it = False, False, 0
    neg = [int(np.argmax(np.all(np.abs(H + e) < 1e-12, axis=1))) for e in np.eye(S.N)]
    for it in range(1, max_iter + 1):
        if solver == "highs":
            c_new = _outer_step_lp(S, H, c, neg)
        elif solver == "enumeration":
            c_new = _outer_step_enum(S, bases, c, neg)
        else:
            P = _hrep_vertices(H, c, gtol)
            Y, _ = _aps_polygon(S, P, gtol) if len(P) else (np.zeros((0, 2)), None)
            c_new = None if len(Y) == 0 else (H @ Y.T).max(axis=1)
        if c_new is None:
            empty = converged = True
            break
        c_new = np.minimum(c_new, c)   # monotone in exact arithmetic; keep it so in floats
        move = float(np.max(c - c_new))
        c = c_new
        if move <= tol:
            converged = True
            break
    if empty:
        V = np.zeros((0, S.N))
        msg = ("Empty: no pure-strategy subgame-perfect equilibrium at this discount factor "
               "(the outer approximation is empty, so the true set is too).")
    else:
        V = (bases.polytope(c, 1e-9 * S.scale) if bases is not None
             else _hrep_vertices(H, c, gtol))
        msg = ""
    return PayoffSet._from_vertices(
        V, S.N, tol=1e-10 * S.scale, kind="outer", method="judd_yeltekin_conklin",
        converged=converged, iterations=it, message=msg,
        extra={"directions": H, "levels": None if empty else c, "solver": solver},
        **_meta(stage, discount))


_MAX_BASES = 20_000


class _Bases:
    """All nonsingular N×N row subsets of ``[H; -I]`` with their inverses (computed once).

    A vertex of ``{H w <= c, w >= l}`` is a basic solution: ``N`` linearly independent
    constraints tight. With the rows fixed, every basic solution for new right-hand sides is one
    batched matrix product, and a linear programme over the polytope is a maximum over the
    feasible ones.
    """

    def __init__(self, H: np.ndarray):
        D, N = H.shape
        self.H = H
        self.R = np.vstack([H, -np.eye(N)])
        combos = np.array(list(itertools.combinations(range(D + N), N)))
        mats = self.R[combos]
        ok = np.abs(np.linalg.det(mats)) > 1e-9
        self.combos = combos[ok]
        self.inv = np.linalg.inv(mats[ok])

    def points(self, rhs: np.ndarray) -> np.ndarray:
        """Basic solutions for right-hand sides ``rhs`` of shape (B, D + N): (B, C, N)."""
        return np.einsum("cij,bcj->bci", self.inv, rhs[:, self.combos])

    def feasible(self, pts: np.ndarray, rhs: np.ndarray, ftol: float) -> np.ndarray:
        return np.all(pts @ self.R.T <= rhs[:, None, :] + ftol, axis=2)

    def polytope(self, c: np.ndarray, ftol: float) -> np.ndarray:
        """Vertices of ``{H w <= c}`` (the ``-I`` rows are made slack)."""
        N = self.H.shape[1]
        lo = np.full(N, -np.abs(c).max() * 10 - 10)
        rhs = np.r_[c, -lo][None, :]
        pts = self.points(rhs)
        ok = self.feasible(pts, rhs, ftol)[0]
        if not ok.any():
            return np.zeros((0, N))
        return _extreme_points(_dedupe(pts[0][ok], ftol), ftol)


def _dedupe(pts: np.ndarray, tol: float) -> np.ndarray:
    """Drop points within ``tol`` (max-norm) of an earlier one."""
    if len(pts) <= 1:
        return pts
    if len(pts) > 1500:  # first merge on a grid to keep the pairwise comparison small
        key = np.round(pts / max(tol, 1e-300)).astype(np.int64)
        _, first = np.unique(key, axis=0, return_index=True)
        pts = pts[np.sort(first)]
        if len(pts) > 1500:
            return pts
    D = np.max(np.abs(pts[:, None, :] - pts[None, :, :]), axis=2)
    keep: list[int] = []
    for k in range(len(pts)):
        if not keep or D[k, keep].min() > tol:
            keep.append(k)
    return pts[keep]


def _outer_step_enum(S, bases: _Bases, c, neg):
    umin = -c[neg]
    IC = umin + S.Gn                                           # (M, N)
    rhs = np.hstack([np.broadcast_to(c, (len(IC), len(c))), -IC])
    pts = bases.points(rhs)                                    # (M, C, N)
    ok = bases.feasible(pts, rhs, 1e-9 * S.scale)              # (M, C)
    feas = ok.any(axis=1)
    if not feas.any():
        return None
    vals = np.where(ok[:, :, None], pts @ bases.H.T, -np.inf).max(axis=1)   # (M, D) optima
    gen = S.alpha * (S.U @ bases.H.T) + S.beta * vals
    return gen[feas].max(axis=0)


def _sparse_block(H, n_blocks):
    from scipy import sparse
    return sparse.kron(sparse.identity(n_blocks, format="csr"), sparse.csr_matrix(H),
                       format="csr")


def _feasible_profiles_hrep(S, H, c, IC):
    """Which action profiles have a continuation in {H w <= c, w >= IC} (one LP for all)."""
    from scipy import sparse
    M, N = IC.shape
    D = len(H)
    # variables per profile: w (N), s (1);  H w <= c ;  -w - s <= -IC
    Hw = sparse.hstack([sparse.csr_matrix(H), sparse.csr_matrix((D, 1))])
    Ic = sparse.hstack([-sparse.identity(N), -sparse.csr_matrix(np.ones((N, 1)))])
    block = sparse.vstack([Hw, Ic], format="csr")
    A = sparse.kron(sparse.identity(M), block, format="csr")
    b = np.concatenate([np.r_[c, -ic] for ic in IC])
    cost = np.tile(np.r_[np.zeros(N), 1.0], M)
    bounds = np.tile(np.r_[[[-np.inf, np.inf]] * N, [[0, np.inf]]], (M, 1))
    res = solve_lp(cost, A_ub=A, b_ub=b, bounds=bounds, method="highs", options=_HIGHS,
                   caller="outer_approximation (feasibility LP)")
    s = res.x.reshape(M, N + 1)[:, -1]
    return s <= 1e-7 * S.scale


def _outer_step_lp(S, H, c, neg):
    D, N = H.shape
    umin = -c[neg]
    IC = umin + S.Gn
    feas = _feasible_profiles_hrep(S, H, c, IC)
    if not feas.any():
        return None
    ICf = IC[feas]
    Mf = len(ICf)
    A = _sparse_block(H, Mf * D)
    b = np.tile(c, Mf * D)
    cost = -np.tile(H.reshape(-1), Mf)
    lo = np.repeat(ICf, D, axis=0).reshape(-1)
    bounds = np.column_stack([lo, np.full(lo.size, np.inf)])
    res = solve_lp(cost, A_ub=A, b_ub=b, bounds=bounds, method="highs", options=_HIGHS,
                   caller="outer_approximation (support LP)")
    w = res.x.reshape(Mf, D, N)
    val = np.einsum("adn,dn->ad", w, H)
    gen = S.alpha * (S.U[feas] @ H.T) + S.beta * val
    return gen.max(axis=0)


# ==============================================================================================
# inner approximation
# ==============================================================================================
def inner_approximation(game, discount: float | None = None, *, directions: Any = None,
                        tol: float | None = None, max_iter: int = 500) -> PayoffSet:
    """Inner approximation of the SPE payoff set (after Judd, Yeltekin and Conklin 2003).

    The set is the convex hull of finitely many points: in each round, for every direction
    ``h_k``, the payoff that maximises ``h_k·v`` over the APS image of the current set (for two
    players computed exactly from the polygon; for N players by one linear programme per action
    profile and direction, solved with HiGHS, starting from the outer approximation). A set
    ``Z`` with ``Z ⊆ B(Z)`` is self-generating, so all its points are equilibrium payoffs; the
    final set is checked for this (``extra["self_generating"]``, with the largest distance from
    a vertex to ``B(Z)`` in ``extra["generation_gap"]``).

    Parameters
    ----------
    game, discount, directions
        As in :func:`outer_approximation`.
    tol : float, optional
        Stop when the set (two players) or its support values (N players) move by less than
        ``tol`` (default ``1e-12``, resp. ``1e-10``, times the payoff scale).
    max_iter : int

    Returns
    -------
    PayoffSet
        ``kind="inner"``.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import inner_approximation
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> Z = inner_approximation(pd, discount=0.75)
    >>> Z.extra["self_generating"], Z.area <= 40.5 + 1e-6
    (True, True)
    """
    where = "inner_approximation"
    stage, discount, S, tol, max_iter = _common_checks(
        game, discount, where, tol, max_iter,
        default_tol=1e-12 if _num_players(game) == 2 else 1e-10)
    H = _check_directions(directions, S.N, where)
    gtol = 1e-12 * S.scale
    converged, it = False, 0
    if S.N == 2:
        Z = _hull_2d(S.U, gtol)
        for it in range(1, max_iter + 1):
            Y, _ = _aps_polygon(S, Z, gtol)
            if len(Y) == 0:
                Z = Y
                converged = True
                break
            Znew = _hull_2d(Y[np.unique(np.argmax(H @ Y.T, axis=1))], gtol)
            move = _hausdorff_2d(Z, Znew)
            Z = Znew
            if move <= tol:
                converged = True
                break
    else:
        W = outer_approximation(stage, discount, directions=H, tol=tol)
        Z = np.asarray(W.vertices)
        sigma = None
        for it in range(1, max_iter + 1):
            if len(Z) == 0:
                converged = True
                break
            out = _inner_step_lp(S, H, Z)
            if out is None:
                Z = np.zeros((0, S.N))
                converged = True
                break
            pts, sig = out
            Z = _extreme_points(pts, 1e-9 * S.scale)
            # maximisers of degenerate programmes need not be unique; the support values are
            move = math.inf if sigma is None else float(np.max(np.abs(sig - sigma)))
            sigma = sig
            if move <= tol:
                converged = True
                break
    gap = _generation_gap(S, Z, gtol) if len(Z) else 0.0
    selfgen = bool(len(Z) == 0 or gap <= max(10 * tol, 1e-8 * S.scale))
    if not len(Z):
        msg = "Empty inner approximation (by itself this says nothing about the true set)."
    elif selfgen:
        msg = "Self-generating: every point is a subgame-perfect equilibrium payoff."
    else:
        msg = (f"Not certified: the set is not self-generating (gap {gap:.3g}); treat it as an "
               "approximation only.")
    return PayoffSet._from_vertices(
        Z, S.N, tol=1e-10 * S.scale, kind="inner",
        method="inner (support points of the APS image)", converged=converged, iterations=it,
        message=msg, extra={"directions": H, "self_generating": selfgen, "generation_gap": gap},
        **_meta(stage, discount))


def _inner_step_lp(S, H, Z):
    """Support points of B(co Z) in every direction (N players, HiGHS)."""
    from scipy import sparse
    D, N = H.shape
    m = len(Z)
    IC = Z.min(axis=0) + S.Gn
    M = len(S.U)
    # feasibility: lambda (m), s (1):  -Z^T lambda - s <= -IC ; sum lambda = 1
    blk_ub = sparse.hstack([sparse.csr_matrix(-Z.T), -sparse.csr_matrix(np.ones((N, 1)))])
    blk_eq = sparse.csr_matrix(np.r_[np.ones(m), 0.0][None, :])
    res = solve_lp(np.tile(np.r_[np.zeros(m), 1.0], M),
                   A_ub=sparse.kron(sparse.identity(M), blk_ub, format="csr"),
                   b_ub=(-IC).reshape(-1),
                   A_eq=sparse.kron(sparse.identity(M), blk_eq, format="csr"), b_eq=np.ones(M),
                   bounds=(0, None), method="highs", options=_HIGHS,
                   caller="inner_approximation (feasibility LP)")
    feas = res.x.reshape(M, m + 1)[:, -1] <= 1e-7 * S.scale
    if not feas.any():
        return None
    ICf = IC[feas]
    Mf = len(ICf)
    nb = Mf * D
    A_ub = sparse.kron(sparse.identity(nb), sparse.csr_matrix(-Z.T), format="csr")
    b_ub = -np.repeat(ICf, D, axis=0).reshape(-1)
    A_eq = sparse.kron(sparse.identity(nb), sparse.csr_matrix(np.ones((1, m))), format="csr")
    cost = -np.tile((H @ Z.T).reshape(-1), Mf)
    res = solve_lp(cost, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=np.ones(nb), bounds=(0, None),
                   method="highs", options=_HIGHS, caller="inner_approximation (support LP)")
    lam = res.x.reshape(Mf, D, m)
    w = lam @ Z                                              # (Mf, D, N)
    pts = S.alpha * S.U[feas][:, None, :] + S.beta * w
    val = np.einsum("adn,dn->ad", pts, H)
    best = np.argmax(val, axis=0)
    return pts[best, np.arange(D)], val.max(axis=0)


def _generation_gap(S, Z, gtol) -> float:
    """Largest distance from a vertex of Z to B(Z) (0 when Z is self-generating)."""
    if S.N == 2:
        BZ, _ = _aps_polygon(S, Z, gtol)
        if len(BZ) == 0:
            return math.inf
        return float(_poly_distance(Z, BZ).max())
    from scipy import sparse
    m, N = Z.shape
    M = len(S.U)
    IC = Z.min(axis=0) + S.Gn
    worst = 0.0
    # variables: mu (M), lambda (M*m), e+ (N), e- (N); minimise sum(e+ + e-)
    nv = M + M * m + 2 * N
    A_eq_rows, A_ub_rows = [], []
    # sum mu = 1
    row = np.zeros(nv)
    row[:M] = 1
    A_eq_rows.append(row)
    for a in range(M):  # sum_j lambda_aj = mu_a
        row = np.zeros(nv)
        row[M + a * m:M + (a + 1) * m] = 1
        row[a] = -1
        A_eq_rows.append(row)
    point_rows = []
    for i in range(N):  # z_i = sum_a (1-δ) mu_a u_i(a) + δ sum_j lambda_aj Z_ji + e+ - e-
        row = np.zeros(nv)
        row[:M] = S.alpha * S.U[:, i]
        row[M:M + M * m] = S.beta * np.tile(Z[:, i], M)
        row[M + M * m + i] = 1
        row[M + M * m + N + i] = -1
        point_rows.append(row)
    for a in range(M):  # IC: -sum_j lambda_aj Z_ji + mu_a IC_ai <= 0
        for i in range(N):
            row = np.zeros(nv)
            row[M + a * m:M + (a + 1) * m] = -Z[:, i]
            row[a] = IC[a, i]
            A_ub_rows.append(row)
    A_eq = sparse.csr_matrix(np.vstack(A_eq_rows + point_rows))
    A_ub = sparse.csr_matrix(np.vstack(A_ub_rows))
    cost = np.r_[np.zeros(M + M * m), np.ones(2 * N)]
    for z in Z:
        res = solve_lp(cost, A_ub=A_ub, b_ub=np.zeros(len(A_ub_rows)), A_eq=A_eq,
                       b_eq=np.r_[1.0, np.zeros(M), z], bounds=(0, None), method="highs",
                       options=_HIGHS, caller="self_generation check", infeasible_ok=True)
        if res is None:           # the vertex cannot be generated at all
            return math.inf
        worst = max(worst, float(res.fun))
    return worst


# ==============================================================================================
# feasible set, dispatcher, thresholds
# ==============================================================================================
def feasible_payoffs(stage, *, individually_rational: bool = True) -> PayoffSet:
    """The convex hull of the stage payoffs, optionally cut at the pure-action minmax levels.

    With ``individually_rational=True`` this is the folk-theorem set: no pure-strategy
    equilibrium payoff lies outside it, and (two players) all of it is attained for discount
    factors close enough to 1 when it is full-dimensional.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import feasible_payoffs
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> feasible_payoffs(pd).area
    40.5
    """
    if not isinstance(stage, NormalFormGame):
        stage = getattr(stage, "stage", None)
        if not isinstance(stage, NormalFormGame):
            raise InvalidGameError("feasible_payoffs: expected a NormalFormGame or a "
                                   "RepeatedGame")
    S = _Stage(stage, 0.5)
    gtol = 1e-12 * S.scale
    N = S.N
    if not individually_rational:
        V = _extreme_points(S.U, gtol)
    else:
        mm = pure_minmax_payoffs(stage)
        if N == 2:
            P = _hull_2d(S.U, gtol)
            for i in range(2):
                P = _clip_halfplane(P, i, mm[i], gtol)
            V = P
        else:
            V = _clip_nd(S.U, mm, gtol)
    return PayoffSet._from_vertices(
        V, N, tol=gtol, kind="feasible",
        method="feasible ∩ individually rational" if individually_rational else "feasible",
        players=stage.players, stage=stage)


def _clip_halfplane(P: np.ndarray, i: int, level: float, tol: float) -> np.ndarray:
    """Sutherland-Hodgman clip of a convex polygon to ``{w : w_i >= level}``."""
    if len(P) == 0:
        return P
    if len(P) == 1:
        return P if P[0, i] >= level - tol else P[:0]
    out = []
    K = len(P)
    rng = range(K) if K > 2 else range(1)
    for k in rng:
        p, q = P[k], P[(k + 1) % K]
        pin, qin = p[i] >= level - tol, q[i] >= level - tol
        if pin:
            out.append(p)
        if pin != qin and abs(q[i] - p[i]) > 0:
            t = (level - p[i]) / (q[i] - p[i])
            if 0 < t < 1:
                out.append(p + t * (q - p))
        if K == 2 and qin:
            out.append(q)
    if not out:
        return P[:0]
    return _hull_2d(np.array(out), tol)


def _clip_nd(U, mm, gtol):
    from scipy.spatial import ConvexHull, QhullError
    N = U.shape[1]
    try:
        hull = ConvexHull(U)
        Hc = hull.equations[:, :N]
        cc = -hull.equations[:, N]
    except QhullError:
        raise UnsupportedGameError(
            "feasible_payoffs: the feasible set of this N-player game is lower-dimensional; "
            "use individually_rational=False") from None
    H = np.vstack([Hc, -np.eye(N)])
    c = np.r_[cc, -mm]
    return _hrep_vertices(H, c, gtol)


def payoff_set(game, discount: float | None = None, method: str = "exact",
               **options) -> PayoffSet:
    """The set of pure-strategy SPE payoffs by the named method.

    ``method`` is ``"exact"`` (two players; alias ``"abreu_sannikov"``), ``"outer"`` (alias
    ``"jyc"``) or ``"inner"``; ``options`` go to :func:`abreu_sannikov`,
    :func:`outer_approximation` or :func:`inner_approximation`.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import payoff_set
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> payoff_set(pd, 0.1).vertices.round(9).tolist()   # only the stage equilibrium, forever
    [[3.0, 3.0]]
    """
    if not isinstance(method, str) or method.lower() not in _METHOD_ALIASES:
        raise InvalidParameterError(
            f"payoff_set: unknown method {method!r}; expected one of 'exact', 'outer', 'inner'")
    m = _METHOD_ALIASES[method.lower()]
    fn = {"exact": abreu_sannikov, "outer": outer_approximation,
          "inner": inner_approximation}[m]
    return fn(game, discount, **options)


def folk_theorem_discount(game, *, tol: float = 1e-12, max_discount: float = 0.999,
                          set_tol: float | None = None) -> float | None:
    """Smallest discount factor at which every feasible, individually rational payoff is an
    equilibrium payoff (two players; pure actions, public randomisation).

    The equilibrium payoff set ``V`` is the largest self-generating set and lies inside the
    feasible, individually rational set ``F*`` (:func:`feasible_payoffs`), so ``V = F*`` exactly
    when ``F*`` generates itself: ``F* ⊆ B(F*)``. With public randomisation a convex
    self-generating set stays self-generating at higher discount factors, so the threshold is
    found by bisection on this one-step test (no fixed-point iteration, hence sharp even where
    the equilibrium set jumps).

    Parameters
    ----------
    game : NormalFormGame or RepeatedGame
        Two-player stage game (the discount of a repeated game is ignored).
    tol : float
        Precision of the threshold.
    max_discount : float
        Largest discount factor tried.
    set_tol : float, optional
        Largest distance from a point of ``F*`` to ``B(F*)`` counted as inclusion (default
        ``1e-11`` × payoff scale).

    Returns
    -------
    float or None
        The threshold, or None when ``F*`` is not self-generating even at ``max_discount`` (for
        instance when a minmax payoff cannot be sustained by any equilibrium).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import folk_theorem_discount
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> round(folk_theorem_discount(pd), 9)
    0.25
    """
    where = "folk_theorem_discount"
    stage = game if isinstance(game, NormalFormGame) else getattr(game, "stage", None)
    if not isinstance(stage, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame or a RepeatedGame")
    if stage.num_players != 2:
        raise UnsupportedGameError(f"{where}: needs a two-player stage game; this one has "
                                   f"{stage.num_players} players")
    check_positive(where, "tol", tol)
    check_discount(where, max_discount, "max_discount")
    F = feasible_payoffs(stage)
    if F.is_empty:
        return None
    Fv = np.asarray(F.vertices)
    base = _Stage(stage, 0.5)
    set_tol = 1e-11 * base.scale if set_tol is None else check_positive(where, "set_tol",
                                                                        set_tol)
    gtol = 1e-12 * base.scale

    def self_generating(d):
        S = _Stage(stage, d)
        BF, _ = _aps_polygon(S, Fv, gtol)
        return len(BF) > 0 and float(_poly_distance(Fv, BF).max()) <= set_tol

    if not self_generating(max_discount):
        return None
    lo, hi = 0.0, float(max_discount)
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if self_generating(mid):
            hi = mid
        else:
            lo = mid
    return hi

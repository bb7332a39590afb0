"""Geometry of payoff sets: convex hulls (Qhull), distances, areas, half-space
intersections and search directions. Pure numpy/scipy, no games."""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..._linalg import solve_lp
from ...exceptions import ConvergenceError, InvalidParameterError


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
    hull = _qhull_indices(pts) if n >= QHULL_MIN_POINTS else None
    if hull is not None:
        return _drop_near_collinear(hull, pts.tolist(), tol)
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
    return _drop_near_collinear(hull, P, tol)


def _drop_near_collinear(hull: list[int], P: list, tol: float) -> list[int]:
    """Drop every hull vertex within ``tol`` of the segment joining its neighbours."""
    hyp = math.hypot
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


#: From this many points on, Qhull finds a planar hull faster than the monotone chain (the
#: polygons of the APS iteration are far smaller; measured with the payoff-set benchmark).
QHULL_MIN_POINTS = 5000


def _qhull_indices(pts: np.ndarray) -> list[int] | None:
    """Hull indices by Qhull, counter-clockwise from the lexicographically smallest vertex
    (as the monotone chain); None when Qhull rejects the input (flat or too few points)."""
    from scipy.spatial import ConvexHull, QhullError
    try:
        v = ConvexHull(pts).vertices            # counter-clockwise in 2-D
    except (QhullError, ValueError):
        return None
    start = min(range(len(v)), key=lambda k: (pts[v[k], 0], pts[v[k], 1]))
    return [int(x) for x in np.roll(v, -start)]


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

    Parameters
    ----------
    num_players : int
        Dimension of the payoff space.
    count : int, optional
        Number of directions (two players only).

    Returns
    -------
    numpy.ndarray, shape (D, num_players)
        The unit directions.

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

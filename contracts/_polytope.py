"""Best-response polytopes of a bimatrix game: vertices, labels and degeneracy.

For a two-player game with payoff matrices ``A`` (row player, ``m`` actions) and ``B`` (column
player, ``n`` actions), shifted so that every entry is positive, the best-response polytopes are
(von Stengel 2002)::

    P = {x in R^m : x >= 0, B^T x <= 1}        Q = {y in R^n : A y <= 1, y >= 0}

A nonzero vertex ``x`` of ``P`` normalised to ``x / sum(x)`` is a mixed strategy of the row player,
and its *labels* say which constraints are tight: label ``i`` (``0 <= i < m``) when ``x_i = 0`` and
label ``m + j`` when the column player's action ``j`` is a best response. A vertex ``y`` of ``Q``
has label ``i`` when the row player's action ``i`` is a best response to ``y`` and label
``m + j`` when ``y_j = 0``. A pair of nonzero vertices ``(x, y)`` whose labels together cover
``0 .. m+n-1`` ("completely labelled") is an extreme Nash equilibrium, and every extreme
equilibrium arises that way -- degenerate games included.

Internally a vertex is described by its own *support* (coordinates that are positive) and its
*tight* set (opponent actions that are best responses); labels are the complement of the support
plus the tight set. Two engines enumerate vertices:

* :func:`float_vertices` -- Qhull (``scipy.spatial.ConvexHull``) on the polar polytope, as QuantEcon
  does, with labels recomputed from the coordinates under a tolerance;
* :func:`exact_vertices` -- a breadth-first search over lexicographically feasible bases with
  fraction-free integer pivoting (no rounding at all). Lexicographic feasibility makes the search
  visit every vertex of a degenerate polytope too, and it decides degeneracy exactly.

:func:`bimatrix_is_degenerate` (used by :meth:`NormalFormGame.is_degenerate`) is the exact search
with an early exit.
"""

from __future__ import annotations

import math
from collections import deque
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np

from ._linalg.pivot import lex_leaving_row, pivot_exact
from ._linalg.rational import common_denominator
from .exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError

__all__ = ["VertexSet", "float_vertices", "exact_vertices", "match_vertices", "distinct_rows",
           "polytope_vertices", "bimatrix_is_degenerate", "integer_matrix", "normalised_float",
           "distinct_profiles", "verified_stream", "check_bimatrix_game", "check_tol",
           "check_exact"]

#: default tolerance (in payoff units after normalising payoffs to the range [1, 2])
DEFAULT_TOL = 1e-9


# ----------------------------------------------------------------------------------------------
# containers
# ----------------------------------------------------------------------------------------------
class VertexSet:
    """Nonzero vertices of one best-response polytope ``{z >= 0, M z <= 1}``.

    ``M`` has one row per action of the *opponent* and one column per own action. Immutable.

    Attributes
    ----------
    support : numpy.ndarray of bool, shape (V, d)
        ``support[k, j]`` is true when own action ``j`` has positive probability at vertex ``k``.
    tight : numpy.ndarray of bool, shape (V, r)
        ``tight[k, i]`` is true when opponent action ``i`` is a best response to vertex ``k``.
    degenerate : bool
        True when some vertex (the zero vertex excluded) has more tight constraints than the
        dimension, i.e. more best responses than actions in its support.
    exact : bool
        True for Fractions computed without rounding.
    """

    __slots__ = ("support", "tight", "degenerate", "exact", "_points", "_make", "_sizes")

    def __init__(self, points, support: np.ndarray, tight: np.ndarray, degenerate: bool,
                 exact: bool, make=None, sizes=None):
        self._points = points
        self._make = make
        self._sizes = sizes
        self.support = support
        self.tight = tight
        self.degenerate = bool(degenerate)
        self.exact = bool(exact)
        support.flags.writeable = False
        tight.flags.writeable = False

    def strategy(self, k: int) -> np.ndarray:
        """Vertex ``k`` as a mixed strategy (``object`` array of Fractions when exact)."""
        p = self._points[k]
        return self._make(p) if self._make is not None else np.array(p, dtype=np.float64)

    def points(self, ks) -> np.ndarray:
        """Float vertices ``ks`` as the rows of one array (a float vertex set's own rows).

        Parameters
        ----------
        ks : array_like of int
            Vertex indices.

        Returns
        -------
        numpy.ndarray
            Shape ``(len(ks), d)``: row ``q`` is the mixed strategy of vertex ``ks[q]``.

        Examples
        --------
        >>> from contracts._polytope import float_vertices
        >>> float_vertices([[3, 0], [0, 3]]).points([0]).shape
        (1, 2)
        """
        if self.exact:
            raise InvalidParameterError("VertexSet.points: expected a float vertex set, got "
                                        "an exact one (use strategy)")
        pts = self._points
        if not isinstance(pts, np.ndarray):
            pts = np.array(pts, dtype=np.float64).reshape(len(pts), self.support.shape[1])
        return pts[np.asarray(ks, dtype=np.intp)]

    def sizes(self) -> tuple[np.ndarray, np.ndarray]:
        """Support size and number of best responses of every vertex.

        Returns
        -------
        tuple of numpy.ndarray
            ``(support.sum(axis=1), tight.sum(axis=1))``; the vertex is degenerate where the
            second exceeds the first.

        Examples
        --------
        >>> from contracts._polytope import float_vertices
        >>> [s.tolist() for s in float_vertices([[3, 0], [0, 3]]).sizes()]
        [[1, 1, 2], [1, 1, 2]]
        """
        if self._sizes is None:
            self._sizes = (self.support.sum(axis=1), self.tight.sum(axis=1))
        return self._sizes

    @property
    def strategies(self) -> list:
        """All vertices as mixed strategies."""
        return [self.strategy(k) for k in range(len(self._points))]

    def __len__(self) -> int:
        return len(self._points)

    def labels(self, own_first: bool) -> list[frozenset]:
        """Von Stengel labels of every vertex.

        ``own_first=True`` for the row player's polytope ``P`` (labels ``0..m-1`` are own zero
        coordinates, ``m..m+n-1`` tight opponent actions); ``False`` for ``Q``.
        """
        V, d = self.support.shape
        r = self.tight.shape[1]
        out = []
        for k in range(V):
            zero = [j for j in range(d) if not self.support[k, j]]
            best = [i for i in range(r) if self.tight[k, i]]
            if own_first:
                out.append(frozenset(zero) | frozenset(d + i for i in best))
            else:
                out.append(frozenset(best) | frozenset(r + j for j in zero))
        return out

    def __repr__(self) -> str:
        kind = "exact" if self.exact else "float"
        deg = ", degenerate" if self.degenerate else ""
        return f"<VertexSet {len(self)} vertices in dimension {self.support.shape[1]}, {kind}{deg}>"


def _fractions_from_ints(p) -> np.ndarray:
    nums, total = p
    return np.array([Fraction(v, total) for v in nums], dtype=object)


# ----------------------------------------------------------------------------------------------
# matrices
# ----------------------------------------------------------------------------------------------
def _as_fraction_matrix(M: Any) -> np.ndarray:
    from .games.normal_form import to_fraction

    arr = np.asarray(M, dtype=object) if not isinstance(M, np.ndarray) else M
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = to_fraction(v, "best-response polytope")
    return out


def integer_matrix(M: Any, *, positive: bool = True) -> tuple[list[list[int]], int]:
    """Exact integer version of a payoff matrix.

    Returns ``(rows, D)`` where ``rows`` is ``D * (M - min(M) + 1)`` (``positive=True``; every
    entry then is at least ``D``) or ``D * M`` (``positive=False``) as nested lists of Python
    ints, and ``D`` the least common denominator. Floats are read as the decimals they print as.
    """
    F = _as_fraction_matrix(M)
    if F.size == 0:
        return [], 1
    if positive:
        low = min(F.flat)
        F = F - low + 1
    D = common_denominator(F)
    rows = [[int(v.numerator * (D // v.denominator)) for v in row] for row in F]
    return rows, D


def normalised_float(M: np.ndarray) -> np.ndarray:
    """``M`` mapped affinely onto the range [1, 2] (all ones if constant)."""
    M = np.asarray(M, dtype=np.float64)
    lo = float(M.min())
    span = float(M.max()) - lo
    if span <= 0 or not math.isfinite(span):
        return np.ones_like(M)
    return (M - lo) / span + 1.0


# ----------------------------------------------------------------------------------------------
# exact: lexicographic breadth-first search with integer pivoting
# ----------------------------------------------------------------------------------------------
def _lex_search(rows: list[list[int]], D: int, *, stop_at_degenerate: bool = False):
    """Visit every lexicographically feasible basis of ``{z >= 0, M z <= D}`` (``M`` positive ints).

    Yields ``(basis, Dm, det)`` for each basis: ``basis[i]`` is the variable basic in row ``i``
    (``0..d-1`` own coordinates, ``d..d+r-1`` slacks) and its value is ``Dm[i][-1] / det``.
    Every vertex of the polytope is the basic solution of at least one visited basis. With
    ``stop_at_degenerate`` the search stops after the first basis with a zero basic variable.
    """
    r = len(rows)
    d = len(rows[0]) if r else 0
    Dm0 = np.empty((r, d + 1), dtype=object)
    Dm0[:, :d] = rows
    Dm0[:, d] = D
    basis0 = tuple(range(d, d + r))
    nonbasic0 = tuple(range(d))
    seen = {frozenset(basis0)}
    queue = deque([(basis0, nonbasic0, Dm0, 1)])
    while queue:
        basis, nonbasic, Dm, det = queue.popleft()
        yield basis, Dm, det
        if stop_at_degenerate and any(R[-1] == 0 for R in Dm):
            return
        # slack k's column if nonbasic, -(row + 1) if basic: the kernel's lexicographic order
        slack_pos = [0] * r
        for c, v in enumerate(nonbasic):
            if v >= d:
                slack_pos[v - d] = c
        for i, v in enumerate(basis):
            if v >= d:
                slack_pos[v - d] = -(i + 1)
        for c, e in enumerate(nonbasic):
            lv, _ = lex_leaving_row(Dm, c, slack_pos, exact=True)
            if lv < 0:  # cannot happen for a bounded polytope
                continue
            nb = basis[:lv] + (e,) + basis[lv + 1:]
            key = frozenset(nb)
            if key in seen:
                continue
            seen.add(key)
            nn = nonbasic[:c] + (basis[lv],) + nonbasic[c + 1:]
            Dn = Dm.copy()
            queue.append((nb, nn, Dn, pivot_exact(Dn, lv, c, det)))


def exact_vertices(M: Any) -> VertexSet:
    """Every nonzero vertex of ``{z >= 0, M' z <= 1}`` exactly (``M' = M - min(M) + 1``).

    ``M`` (``r x d``: rows are opponent actions, columns own actions) may hold ints, Fractions or
    floats (read as the decimals they print as). Vertices come back normalised, as ``object``
    arrays of :class:`~fractions.Fraction`, with their supports and tight sets.

    Examples
    --------
    >>> from contracts._polytope import exact_vertices
    >>> vs = exact_vertices([[3, 0], [0, 3]])     # row player's payoffs; vertices of Q
    >>> [tuple(str(p) for p in s) for s in vs.strategies]
    [('1', '0'), ('0', '1'), ('1/2', '1/2')]
    """
    rows, D = integer_matrix(M)
    r = len(rows)
    d = len(rows[0])
    found: dict = {}
    degenerate = False
    for basis, Dm, det in _lex_search(rows, D):
        vals = {}
        zero_basic = False
        for i, var in enumerate(basis):
            v = Dm[i][-1]
            if v == 0:
                zero_basic = True
            vals[var] = v
        support = tuple(j for j in range(d) if vals.get(j, 0) > 0)
        if not support:
            continue  # the zero vertex
        if zero_basic:
            degenerate = True
        tight = tuple(i for i in range(r) if vals.get(d + i, 0) == 0)
        key = (support, tight)
        if key in found:
            continue
        total = sum(vals[j] for j in support)
        found[key] = ([vals.get(j, 0) for j in range(d)], total)
    keys = list(found)
    points = [found[k] for k in keys]
    sup = np.zeros((len(keys), d), dtype=bool)
    tig = np.zeros((len(keys), r), dtype=bool)
    for k, (s, t) in enumerate(keys):
        sup[k, list(s)] = True
        tig[k, list(t)] = True
    return VertexSet(points, sup, tig, degenerate, True, _fractions_from_ints)


# ----------------------------------------------------------------------------------------------
# float: Qhull on the polar polytope
# ----------------------------------------------------------------------------------------------
def _qhull_vertices(Mp: np.ndarray) -> np.ndarray:
    """Vertices (unnormalised, zero included) of ``{z >= 0, Mp z <= 1}`` for positive ``Mp``."""
    r, d = Mp.shape
    rows = Mp.sum(axis=1)
    c = 0.5 / float(rows.max())                    # interior point c * ones
    pts = np.empty((r + d, d))
    np.divide(Mp, (1.0 - c * rows)[:, None], out=pts[:r])
    np.divide(_negative_eye(d), c, out=pts[r:])
    eq = _hull_equations(pts)
    W = eq[:, :-1] / -eq[:, -1:]                   # (-a) / b, exactly: negation is exact
    W += c
    return W


@lru_cache(maxsize=32)
def _negative_eye(d: int) -> np.ndarray:
    out = -np.eye(d)
    out.flags.writeable = False
    return out


def _hull_equations(pts: np.ndarray) -> np.ndarray:
    """Facet equations of the convex hull of ``pts`` (Qhull, triangulated).

    The same Qhull run as ``scipy.spatial.ConvexHull(pts, qhull_options="Qt Q12").equations``
    through scipy's Qhull wrapper directly, without the hull's volume, area and neighbour
    tables (a quarter of the time on small polytopes); on a scipy without that wrapper, the
    public class."""
    try:
        from scipy.spatial._qhull import _Qhull
    except ImportError:                             # pragma: no cover - other scipy layouts
        _Qhull = None
    if _Qhull is not None:
        try:
            q = _Qhull(b"i", pts, b"Qt Q12", required_options=b"Qt")
        except TypeError:                           # pragma: no cover - another signature
            pass
        else:
            try:
                q.triangulate()
                eq = np.asarray(q.get_simplex_facet_array()[2], dtype=np.float64)
            except (AttributeError, IndexError, TypeError, ValueError):  # pragma: no cover
                eq = None                           # another wrapper: the public class below
            finally:
                q.close()
            if eq is not None and eq.ndim == 2 and eq.shape[1] == pts.shape[1] + 1:
                return eq
    from scipy.spatial import ConvexHull

    return ConvexHull(pts, qhull_options="Qt Q12").equations


def _vertices_1d(Mp: np.ndarray) -> np.ndarray:
    return np.array([[0.0], [1.0 / float(Mp[:, 0].max())]])


def float_vertices(M: Any, *, tol: float = DEFAULT_TOL, normalised: bool = False,
                   labels=None) -> VertexSet:
    """Every nonzero vertex of the best-response polytope of ``M`` in floating point (Qhull).

    ``M`` (``r x d``) is first mapped affinely onto [1, 2] (skip with ``normalised=True`` when it
    already is). Labels are recomputed from the coordinates: a constraint is tight when its slack
    is within ``tol``; near-duplicate vertices (several Qhull facets of one degenerate vertex) are
    merged. ``labels`` replaces :func:`vertex_labels` (a compiled version of the same rule).

    Examples
    --------
    >>> from contracts._polytope import float_vertices
    >>> vs = float_vertices([[3, 0], [0, 3]])
    >>> sorted(tuple(float(p) for p in s) for s in vs.strategies)
    [(0.0, 1.0), (0.5, 0.5), (1.0, 0.0)]
    """
    Mp = np.asarray(M, dtype=np.float64) if normalised else normalised_float(M)
    r, d = Mp.shape
    if d == 1:
        Z = _vertices_1d(Mp)
    else:
        try:
            Z = _qhull_vertices(Mp)
        except Exception:  # Qhull precision trouble: fall back on the exact search
            vs = exact_vertices(Mp)
            return _float_from_exact(vs)
    return _vertex_set(*(labels or vertex_labels)(Z, Mp, tol))


def vertex_labels(Z: np.ndarray, Mp: np.ndarray, tol: float) -> tuple:
    """``(X, support, tight, ks, kt)`` of the nonzero rows of ``Z`` (unnormalised vertices of
    ``{z >= 0, Mp z <= 1}``): normalised (entries below ``tol`` set to 0, renormalised), own
    actions in the support, opponent actions within ``tol`` (relative) of the best payoff,
    and the sizes of both sets."""
    tot = Z.sum(axis=1)
    keep = tot > 1e-12
    X = Z[keep] / tot[keep][:, None]
    X[X < tol] = 0.0
    X /= X.sum(axis=1, keepdims=True)
    # payoff of each opponent action against the vertex, relative to the best one
    V = X @ Mp.T
    best = V.max(axis=1, keepdims=True)
    tight = V >= best - tol * best
    support = X > 0
    return X, support, tight, support.sum(axis=1), tight.sum(axis=1)


def _vertex_set(X, support, tight, ks, kt) -> VertexSet:
    degenerate = bool((kt > ks).any())
    if degenerate:
        # a degenerate vertex is several (triangulated) Qhull facets: merge by label set
        keys = np.concatenate([np.packbits(support, axis=1), np.packbits(tight, axis=1)], axis=1)
        keys = np.ascontiguousarray(keys).view(f"V{keys.shape[1]}").ravel()
        _, first = np.unique(keys, return_index=True)
        if len(first) < len(X):
            first.sort()
            X, support, tight = X[first], support[first], tight[first]
            ks, kt = ks[first], kt[first]
    return VertexSet(X, support, tight, degenerate, False, sizes=(ks, kt))


def _float_from_exact(vs: VertexSet) -> VertexSet:
    strategies = [np.asarray(s, dtype=np.float64) for s in vs.strategies]
    return VertexSet(strategies, vs.support.copy(), vs.tight.copy(), vs.degenerate, False)


# ----------------------------------------------------------------------------------------------
# matching and the public helpers
# ----------------------------------------------------------------------------------------------
def match_vertices(x_support: np.ndarray, x_tight: np.ndarray, y_support: np.ndarray,
                   y_tight: np.ndarray) -> list[tuple[int, int]]:
    """Index pairs ``(k, l)`` of completely labelled vertex pairs.

    ``x`` vertices: support over the row player's actions (``Vx x m``), tight columns (``Vx x n``);
    ``y`` vertices: support over columns (``Vy x n``), tight rows (``Vy x m``). A pair is completely
    labelled iff ``support(x) ⊆ tight(y)`` and ``support(y) ⊆ tight(x)``.
    """
    if len(x_support) == 0 or len(y_support) == 0:
        return []
    sx = x_support.astype(np.float32)
    ny = (~y_tight).astype(np.float32)
    bad = sx @ ny.T
    sy = y_support.astype(np.float32)
    nx = (~x_tight).astype(np.float32)
    bad += nx @ sy.T
    ks, ls = np.nonzero(bad == 0)
    return list(zip(ks.tolist(), ls.tolist()))


def polytope_vertices(A: Any, B: Any, *, exact: bool = False,
                      tol: float = DEFAULT_TOL) -> tuple[VertexSet, VertexSet]:
    """Vertices of both best-response polytopes ``(P, Q)`` of the bimatrix game ``(A, B)``.

    ``P``'s vertices are row-player strategies (support over rows, tight set over columns);
    ``Q``'s are column-player strategies. Use :meth:`VertexSet.labels` for von Stengel's labels.

    Examples
    --------
    >>> from contracts._polytope import polytope_vertices
    >>> P, Q = polytope_vertices([[1, 0], [0, 1]], [[1, 0], [0, 1]], exact=True)
    >>> len(P), len(Q), P.degenerate
    (3, 3, False)
    >>> sorted(sorted(L) for L in P.labels(own_first=True))
    [[0, 3], [1, 2], [2, 3]]
    """
    A = np.asarray(A, dtype=object if exact else np.float64)
    B = np.asarray(B, dtype=object if exact else np.float64)
    if A.ndim != 2 or A.shape != B.shape or A.size == 0:
        raise InvalidGameError(
            f"polytope_vertices: expected two nonempty matrices of the same shape, got "
            f"{A.shape} and {B.shape}")
    if exact:
        return exact_vertices(B.T), exact_vertices(A)
    return float_vertices(B.T, tol=tol), float_vertices(A, tol=tol)


def bimatrix_is_degenerate(A: Any, B: Any) -> bool:
    """Exact decision: is the bimatrix game ``(A, B)`` degenerate?

    The game is degenerate iff some vertex of ``P`` or ``Q`` has more tight constraints than its
    dimension -- equivalently, some mixed strategy with ``k`` actions in its support has more
    than ``k`` pure best responses. Decided without rounding (floats are read as the decimals
    they print as) by a lexicographic search over the bases of each polytope that stops at the
    first degenerate one.

    Examples
    --------
    >>> from contracts._polytope import bimatrix_is_degenerate
    >>> bimatrix_is_degenerate([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    False
    >>> bimatrix_is_degenerate([[1, 1], [0, 1]], [[1, 0], [0, 1]])
    True
    """
    A = np.asarray(A, dtype=object)
    B = np.asarray(B, dtype=object)
    if A.ndim != 2 or A.shape != B.shape or A.size == 0:
        raise InvalidGameError(
            f"bimatrix_is_degenerate: expected two nonempty matrices of the same shape, got "
            f"{A.shape} and {B.shape}")
    for M in (A, B.T):
        rows, D = integer_matrix(M)
        for basis, Dm, det in _lex_search(rows, D, stop_at_degenerate=True):
            if any(R[-1] == 0 for R in Dm):
                return True
    return False


# ----------------------------------------------------------------------------------------------
# argument checks shared by the two-player enumeration solvers
# ----------------------------------------------------------------------------------------------
def check_bimatrix_game(game: Any, where: str) -> None:
    """Raise unless ``game`` is a two-player :class:`NormalFormGame`."""
    from .games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(
            f"{where}: expected a two-player NormalFormGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"{where}: needs a two-player game; this game has {game.num_players} players")


def check_tol(tol: Any, where: str) -> float | None:
    """``None`` or a finite float >= 0."""
    if tol is None:
        return None
    if isinstance(tol, bool):
        raise InvalidParameterError(f"{where}: tol must be a number >= 0, got {tol!r}")
    try:
        t = float(tol)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{where}: tol must be a number >= 0, got {tol!r}") from None
    if not math.isfinite(t) or t < 0:
        raise InvalidParameterError(f"{where}: tol must be a finite number >= 0, got {tol!r}")
    return t


def check_exact(exact: Any, where: str, game: Any = None) -> bool:
    """``exact`` must be None (follow ``game``: exact iff it is exact), True or False."""
    if exact is None:
        return bool(getattr(game, "is_exact", False))
    if not isinstance(exact, (bool, np.bool_)):
        raise InvalidParameterError(
            f"{where}: exact must be None, True or False, got {exact!r}")
    return bool(exact)


def distinct_profiles(profiles, exact: bool) -> list:
    """Drop repeated profiles in linear time (exact equality, or equality after rounding float
    probabilities to 9 decimals). Enumerators produce distinct vertex pairs; this only guards
    against the same point reached twice through round-off."""
    out = []
    seen = set()
    for prof in profiles:
        if exact:
            key = tuple(tuple(s) for s in prof)
        else:
            key = tuple(np.round(np.asarray(s, dtype=np.float64), 9).tobytes() for s in prof)
        if key in seen:
            continue
        seen.add(key)
        out.append(prof)
    return out


def distinct_rows(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Indices of the first occurrence of each float profile ``(X[e], Y[e])``, in order: the
    rule of :func:`distinct_profiles` (equality after rounding to 9 decimals) for profiles
    stored as rows."""
    if len(X) < 2:
        return np.arange(len(X))
    R = np.round(np.hstack([X, Y]).astype(np.float64, copy=False), 9)
    keys = np.ascontiguousarray(R).view(f"V{R.shape[1] * 8}").ravel().tolist()
    seen: set = set()
    out = []
    for e, key in enumerate(keys):
        if key not in seen:
            seen.add(key)
            out.append(e)
    return np.array(out, dtype=np.intp)


def verified_stream(game, candidates, *, exact: bool, tol: float | None, where: str):
    """Yield the candidate profiles that are equilibria (regret 0 exactly, or <= ``tol``), once
    each. Float strategies are clipped to the simplex first, as :func:`build_result` does."""
    from .games.normal_form import as_profile

    limit = 0 if exact else (tol if tol is not None else game.default_tol())
    seen = set()
    for prof in candidates:
        if not exact:
            clean = []
            for v in prof:
                v = np.clip(np.asarray(v, dtype=np.float64), 0.0, None)
                clean.append(v / v.sum())
            prof = clean
        prof = as_profile(game, prof, where=where, tol=max(limit, 1e-9))
        if max(game._regrets(prof)) > limit:
            continue
        key = (tuple(tuple(v) for v in prof) if exact
               else tuple(np.round(v, 9).tobytes() for v in prof))
        if key in seen:
            continue
        seen.add(key)
        yield prof

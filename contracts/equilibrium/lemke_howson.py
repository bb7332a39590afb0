"""Lemke–Howson: one equilibrium of a two-player game per initial label, exact or in floats.

The algorithm follows a path of almost completely labelled vertex pairs of the two best-response
polytopes

    P = {x >= 0 : B^T x <= 1}   (the row player's mixed strategies, scaled),
    Q = {y >= 0 : A y <= 1}     (the column player's),

from the artificial equilibrium ``(0, 0)`` (or from any equilibrium) by "dropping" one label and
pivoting until the missing label is picked up again. Labels follow nashpy and QuantEcon: label
``k < m`` is the row player's action ``k`` (``x_k = 0`` or action ``k`` is a best reply to
``y``), label ``m + j`` is the column player's action ``j``.

Implementation notes
--------------------
* Each polytope is kept as a *dictionary* ``x_B = b - D x_N`` (only the nonbasic columns and the
  right-hand side are stored), so a pivot is one rank-1 update of an ``n × (m + 1)`` array: numpy
  in place for floats; integer pivoting (every entry an integer over one common denominator,
  divisions exact by Sylvester's identity) with Python integers for ``exact=True``.
* Payoffs are first made positive (a positive affine transformation per player, which leaves the
  equilibria unchanged), so both polytopes are bounded and every path ends.
* Leaving variables are chosen by the **lexicographic** minimum-ratio rule (the right-hand side,
  then the columns of the inverse basis in a fixed order), which perturbs the polytopes
  symbolically: paths never cycle, even in degenerate games. In float mode the lexicographic
  comparison is only made when the minimum ratio is tied.
* :func:`lemke_howson_all` follows the paths from every label, from the artificial equilibrium
  and (by default) again from every equilibrium found, as Gambit's ``lcp`` does, which yields
  every equilibrium in the artificial equilibrium's component of the Lemke–Howson graph. In a
  degenerate game that component is the one of the lexicographically perturbed game, so which
  (extreme) equilibria it contains depends on how ties are broken, and other programs may
  reach a different subset.
* :class:`_SmallState` is a revised representation that stores only the basis of a path (the
  supports) and pivots by solving a small system; :mod:`contracts.equilibrium.one` uses it to
  run the paths from all labels side by side at little cost in time and memory. The three
  representations (float dictionary, exact dictionary, revised) take identical pivots.
"""

from __future__ import annotations

import math
import threading
from fractions import Fraction
from numbers import Integral
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from ..results import EquilibriumResult, build_result

__all__ = ["lemke_howson", "lemke_howson_all"]

#: a float pivot element must exceed this (payoffs are scaled to [1, 2] first)
_TOL_PIV = 1e-10
#: two float ratios closer than this (relative) count as a tie
_TOL_RATIO = 1e-12
_DEFAULT_MAX_ITER = 1_000_000
#: a revised (small-support) path state switches to a dictionary beyond this support size
_SMALL_MAX = 24
#: float results that fail verification are recomputed exactly only in games up to this size
_EXACT_FALLBACK_CELLS = 2500


class _PathFailure(ArithmeticError):
    """A float path met no positive pivot element (round-off); the path is abandoned."""


class _NeedDense(Exception):
    """A revised (small-support) state cannot continue on its own: switch to a dictionary."""


_LOCAL = threading.local()


def _scratch(shape: tuple) -> np.ndarray:
    """A per-thread work array of the given shape (the rank-1 term of a float pivot)."""
    bufs = getattr(_LOCAL, "bufs", None)
    if bufs is None:
        bufs = _LOCAL.bufs = {}
    buf = bufs.get(shape)
    if buf is None:
        if len(bufs) > 8:
            bufs.clear()
        buf = bufs[shape] = np.empty(shape)
    return buf


# ----------------------------------------------------------------------------------------------
# input checks and payoff preparation
# ----------------------------------------------------------------------------------------------
def _check_two_player(game: Any, where: str) -> None:
    from ..games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"{where}: expected a NormalFormGame, got {type(game).__name__}; build one with "
            "NormalFormGame.from_bimatrix(A, B)")
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"{where}: Lemke-Howson needs a two-player game; this game has {game.num_players} "
            "player(s)")


def _check_int(where: str, name: str, value: Any, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (Integral, np.integer)):
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be an integer, got {value!r}")
    value = int(value)
    if value < low or (high is not None and value > high):
        rng = f"{low}..{high}" if high is not None else f">= {low}"
        raise InvalidParameterError(
            f"{where}: parameter {name!r} = {value} is outside its valid range {rng}")
    return value


def _check_tol(where: str, tol: Any) -> float | None:
    if tol is None:
        return None
    from .._validation import check_nonnegative
    return float(check_nonnegative(where, "tol", tol))


def _float_positive(M: np.ndarray) -> np.ndarray:
    """Affine image of ``M`` in [1, 2] (all entries 1 when ``M`` is constant)."""
    M = np.asarray(M, dtype=np.float64)
    lo = float(M.min())
    span = float(M.max()) - lo
    if not span > 0:
        return np.ones_like(M)
    return (M - lo) * (1.0 / span) + 1.0


def _int_positive(M: np.ndarray) -> np.ndarray:
    """Positive integer matrix ``L*M - min + span``, object dtype.

    ``L`` is the lcm of the denominators and ``span`` the range of ``L*M``: the same matrix as
    :func:`_float_positive` up to the positive factor ``span``, so exact and float paths take the
    same pivots (even in degenerate games) and both are invariant under positive affine
    transformations of the payoffs.
    """
    fr = [x if isinstance(x, Fraction) else Fraction(x) for x in M.flat]
    L = 1
    for x in fr:
        L = L * x.denominator // math.gcd(L, x.denominator)
    ints = [x.numerator * (L // x.denominator) for x in fr]
    lo, hi = min(ints), max(ints)
    span = hi - lo if hi > lo else 1
    out = np.empty(M.shape, dtype=object)
    out.flat[:] = [v - lo + span for v in ints]
    return out


# ----------------------------------------------------------------------------------------------
# the two dictionaries (one per polytope) of a point on a Lemke-Howson path
# ----------------------------------------------------------------------------------------------
class _FloatState:
    """Both dictionaries ``x_B = b - D x_N`` in float64, with the position of every label.

    Tableau 0 is P (rows: the column player's actions j, basic slack label ``m + j`` initially;
    columns: x_0..x_{m-1}); tableau 1 is Q (rows: the row player's actions i; columns: y_j).
    ``pos[t][L]`` is the column of label ``L`` in tableau ``t`` if it is nonbasic, else
    ``-(row + 1)``.
    """

    __slots__ = ("m", "n", "D", "basic", "pos", "tied")

    exact = False

    @classmethod
    def initial(cls, A: np.ndarray, B: np.ndarray) -> "_FloatState":
        m, n = A.shape
        s = cls.__new__(cls)
        s.m, s.n = m, n
        D0 = np.empty((n, m + 1))
        D0[:, :m] = B.T
        D0[:, m] = 1.0
        D1 = np.empty((m, n + 1))
        D1[:, :n] = A
        D1[:, n] = 1.0
        s.D = [D0, D1]
        s.basic = [np.arange(m, m + n), np.arange(m)]
        p0 = np.empty(m + n, dtype=np.int64)
        p0[:m] = np.arange(m)
        p0[m:] = -(np.arange(n) + 1)
        p1 = np.empty(m + n, dtype=np.int64)
        p1[:m] = -(np.arange(m) + 1)
        p1[m:] = np.arange(n)
        s.pos = [p0, p1]
        s.tied = False
        return s

    def copy(self) -> "_FloatState":
        s = self.__class__.__new__(self.__class__)
        s.m, s.n = self.m, self.n
        s.D = [d.copy() for d in self.D]
        s.basic = [b.copy() for b in self.basic]
        s.pos = [p.copy() for p in self.pos]
        s.tied = self.tied
        return s

    def tableau_of(self, label: int) -> int:
        """The tableau in which ``label`` is nonbasic (unique at a completely labelled point)."""
        return 0 if self.pos[0][label] >= 0 else 1

    def key(self) -> tuple:
        return (tuple(sorted(self.basic[0].tolist())), tuple(sorted(self.basic[1].tolist())))

    def is_artificial(self) -> bool:
        return not bool(np.any(self.basic[0] < self.m))

    def _slack(self, t: int, row: int) -> int:
        return self.m + row if t == 0 else row

    def _lex_row(self, t: int, D: np.ndarray, col: np.ndarray, tied: np.ndarray) -> int:
        """Break a min-ratio tie lexicographically.

        The tied rows are compared on the columns of the inverse basis (the original slacks, in
        row order), each row divided by its pivot entry. A basic slack's column is a unit
        vector: it only eliminates its own row (if tied), so it costs O(1); only the columns of
        nonbasic slacks need arithmetic.
        """
        self.tied = True
        pos = self.pos[t]
        base = self.m if t == 0 else 0
        alive = {int(r) for r in tied}
        for s in range(D.shape[0]):
            p = int(pos[base + s])
            if p < 0:
                q = -p - 1
                if q in alive:
                    alive.discard(q)
            else:
                rows = np.fromiter(alive, dtype=np.int64, count=len(alive))
                v = D[rows, p] / col[rows]
                vmin = v.min()
                keep = v <= vmin + _TOL_RATIO * (1.0 + abs(vmin))
                if not keep.all():
                    alive = set(rows[keep].tolist())
            if len(alive) == 1:
                break
        return min(alive)

    def pivot(self, t: int, enter: int) -> int:
        """Bring label ``enter`` into the basis of tableau ``t``; return the leaving label."""
        D = self.D[t]
        pos = self.pos[t]
        c = int(pos[enter])
        colv = D[:, c].copy()
        cand = np.flatnonzero(colv > _TOL_PIV)
        if cand.size == 0:
            raise _PathFailure("no positive pivot element")
        ratios = D[cand, -1] / colv[cand]
        k = int(ratios.argmin())
        rmin = ratios[k]
        tied = ratios <= rmin + _TOL_RATIO * (1.0 + abs(rmin))
        if np.count_nonzero(tied) == 1:
            r = int(cand[k])
        else:
            r = self._lex_row(t, D, colv, cand[tied])
        # exchange step: x_enter becomes basic in row r, the old basic variable nonbasic in c:
        # D <- D - colv (x) rowv, then fix row r and column c (one rank-1 update in place)
        inv = 1.0 / colv[r]
        rowv = D[r] * inv
        rowv[c] = inv
        tmp = _scratch(D.shape)
        np.multiply(colv[:, None], rowv, out=tmp)   # a ufunc: no BLAS threads to wait for
        D -= tmp
        D[:, c] = colv * -inv
        D[r] = rowv
        basic = self.basic[t]
        leave = int(basic[r])
        basic[r] = enter
        pos[enter] = -(r + 1)
        pos[leave] = c
        return leave

    def profile(self) -> tuple[np.ndarray, np.ndarray]:
        m, n = self.m, self.n
        x = np.zeros(m)
        b0 = self.basic[0]
        sel = b0 < m
        x[b0[sel]] = self.D[0][sel, -1]
        y = np.zeros(n)
        b1 = self.basic[1]
        sel = b1 >= m
        y[b1[sel] - m] = self.D[1][sel, -1]
        x = np.maximum(x, 0.0)
        y = np.maximum(y, 0.0)
        sx, sy = x.sum(), y.sum()
        return (x / sx if sx > 0 else x), (y / sy if sy > 0 else y)


class _ExactState(_FloatState):
    """Integer-pivoting dictionaries: true dictionary = ``D[t] / den[t]``, entries Python ints."""

    __slots__ = ("den",)

    exact = True

    @classmethod
    def initial(cls, A: np.ndarray, B: np.ndarray) -> "_ExactState":
        m, n = A.shape
        s = cls.__new__(cls)
        s.m, s.n = m, n
        D0 = np.empty((n, m + 1), dtype=object)
        D0[:, :m] = B.T
        D0[:, m] = 1
        D1 = np.empty((m, n + 1), dtype=object)
        D1[:, :n] = A
        D1[:, n] = 1
        s.D = [D0, D1]
        s.den = [1, 1]
        s.basic = [np.arange(m, m + n), np.arange(m)]
        p0 = np.empty(m + n, dtype=np.int64)
        p0[:m] = np.arange(m)
        p0[m:] = -(np.arange(n) + 1)
        p1 = np.empty(m + n, dtype=np.int64)
        p1[:m] = -(np.arange(m) + 1)
        p1[m:] = np.arange(n)
        s.pos = [p0, p1]
        s.tied = False
        return s

    def copy(self) -> "_ExactState":
        s = super().copy()
        s.den = list(self.den)
        return s

    def pivot(self, t: int, enter: int) -> int:
        D = self.D[t]
        pos = self.pos[t]
        d = self.den[t]
        c = int(pos[enter])
        col = D[:, c].tolist()
        rhs = D[:, -1].tolist()
        best = -1
        tied: list[int] = []
        for i, ci in enumerate(col):
            if ci > 0:
                if best < 0:
                    best, tied = i, [i]
                    continue
                # compare rhs[i]/ci with rhs[best]/col[best] (both denominators positive)
                cmp = rhs[i] * col[best] - rhs[best] * ci
                if cmp < 0:
                    best, tied = i, [i]
                elif cmp == 0:
                    tied.append(i)
        if best < 0:  # cannot happen with positive payoffs
            raise _PathFailure("no positive pivot element")
        if len(tied) > 1:
            self.tied = True
            base = self.m if t == 0 else 0
            for s in range(D.shape[0]):
                p = int(pos[base + s])
                if p < 0:               # basic slack: a unit column, eliminates its own row
                    q = -p - 1
                    if q in tied:
                        tied.remove(q)
                else:
                    v = D[:, p].tolist()
                    keep = [tied[0]]
                    for i in tied[1:]:
                        j = keep[0]
                        cmp = v[i] * col[j] - v[j] * col[i]
                        if cmp < 0:
                            keep = [i]
                        elif cmp == 0:
                            keep.append(i)
                    tied = keep
                if len(tied) == 1:
                    break
        r = tied[0]
        p = col[r]
        colv = D[:, c].copy()
        rowv = D[r].copy()
        D *= p
        D -= np.multiply.outer(colv, rowv)
        D //= d
        D[r] = rowv
        D[:, c] = -colv
        D[r, c] = d
        self.den[t] = p
        basic = self.basic[t]
        leave = int(basic[r])
        basic[r] = enter
        pos[enter] = -(r + 1)
        pos[leave] = c
        return leave

    def profile(self) -> tuple[np.ndarray, np.ndarray]:
        m, n = self.m, self.n
        x = np.array([Fraction(0)] * m, dtype=object)
        y = np.array([Fraction(0)] * n, dtype=object)
        xs = [(int(L), self.D[0][r, -1]) for r, L in enumerate(self.basic[0]) if L < m]
        ys = [(int(L) - m, self.D[1][r, -1]) for r, L in enumerate(self.basic[1]) if L >= m]
        for vec, vals in ((x, xs), (y, ys)):
            tot = sum(v for _, v in vals)
            if tot:
                for k, v in vals:
                    vec[k] = Fraction(v, tot)
        return x, y


class _SmallState:
    """Revised state of a float path while the supports are small (used by interleaving).

    Only the basis is stored: in tableau ``t`` the basic structural variables ``X[t]`` (row
    player's actions in P, column player's in Q) and the rows ``R[t]`` whose slack is nonbasic
    (``len(R[t]) == len(X[t])``). With ``K = M[R, X]`` the inverse basis is
    ``[[K^-1, 0], [-M[Rc, X] K^-1, I]]``, so a pivot costs one small ``s × s`` solve and an
    ``rows × s`` product instead of a rank-1 update of the whole dictionary, and a state costs
    almost no memory: thousands of paths can be advanced side by side. When a min-ratio tie
    needs the lexicographic rule, or the support outgrows ``_SMALL_MAX``, the path switches to
    a dictionary (:meth:`dense`) and continues there, with the same pivots.
    """

    __slots__ = ("m", "n", "M", "MT", "X", "R", "tied")

    exact = False

    @classmethod
    def initial(cls, A: np.ndarray, B: np.ndarray) -> "_SmallState":
        m, n = A.shape
        s = cls.__new__(cls)
        s.m, s.n = m, n
        s.M = (np.ascontiguousarray(B.T), np.ascontiguousarray(A))
        s.MT = (np.ascontiguousarray(B), np.ascontiguousarray(A.T))   # columns, contiguous
        s.X = [[], []]
        s.R = [[], []]
        s.tied = False
        return s

    def copy(self) -> "_SmallState":
        s = self.__class__.__new__(self.__class__)
        s.m, s.n, s.M, s.MT = self.m, self.n, self.M, self.MT
        s.X = [self.X[0][:], self.X[1][:]]
        s.R = [self.R[0][:], self.R[1][:]]
        s.tied = self.tied
        return s

    def _decode(self, t: int, label: int) -> tuple[bool, int]:
        """(is the label's variable in tableau t structural?, its index there)."""
        m = self.m
        if t == 0:
            return (True, label) if label < m else (False, label - m)
        return (False, label) if label < m else (True, label - m)

    def _label(self, t: int, structural: bool, idx: int) -> int:
        if t == 0:
            return idx if structural else self.m + idx
        return self.m + idx if structural else idx

    def tableau_of(self, label: int) -> int:
        st, i = self._decode(0, label)
        nonbasic0 = (i not in self.X[0]) if st else (i in self.R[0])
        return 0 if nonbasic0 else 1

    def _basic_rows(self, t: int) -> np.ndarray:
        rows = np.ones(self.M[t].shape[0], dtype=bool)
        rows[self.R[t]] = False
        return np.flatnonzero(rows)

    def _basic_labels(self, t: int) -> list:
        return ([self._label(t, True, x) for x in self.X[t]]
                + [self._label(t, False, int(r)) for r in self._basic_rows(t)])

    def key(self) -> tuple:
        return (tuple(sorted(self._basic_labels(0))), tuple(sorted(self._basic_labels(1))))

    def is_artificial(self) -> bool:
        return not self.X[0]

    def pivot(self, t: int, enter: int) -> int:
        X, R = self.X[t], self.R[t]
        s = len(X)
        if s >= _SMALL_MAX:
            raise _NeedDense
        st, idx = self._decode(t, enter)
        if s == 0:
            # no slack is nonbasic yet, so a structural variable enters; every row is a
            # basic slack with value 1: the min ratio 1/w is at the largest entry w
            w = self.MT[t][idx]
            r = int(w.argmax())
            wmax = w[r]
            if not wmax > _TOL_PIV:
                raise _PathFailure("no positive pivot element")
            rmin = 1.0 / wmax
            tied = np.flatnonzero(w >= 1.0 / (rmin + _TOL_RATIO * (1.0 + rmin)))
            if tied.size > 1:
                # the inverse basis is the identity: each tied row's unit column eliminates
                # it in row order, so the last tied row is the lexicographic minimum
                self.tied = True
                r = int(tied[-1])
        else:
            MT = self.MT[t]
            XT = MT.take(X, axis=0)       # s × rows: the basic structural columns
            KT = XT.take(R, axis=1)       # K = M[R, X] transposed
            if st:
                a = MT[idx]
                c0 = a[R]
            else:
                c0 = np.zeros(s)
                c0[R.index(idx)] = 1.0
            if s == 1:
                piv = float(KT[0, 0])
                solw = c0 / piv
                solb = np.array([1.0 / piv])
            else:
                try:
                    sol = np.linalg.solve(KT.T, np.column_stack((c0, np.ones(s))))
                except np.linalg.LinAlgError:
                    raise _NeedDense from None
                solw, solb = sol[:, 0], sol[:, 1]
            # the entering column and the values on the basic slack rows (rows in R are not
            # basic; for an entering slack its own unit entry lies in R)
            w = a - solw @ XT if st else -(solw @ XT)
            w[R] = 0.0
            b = 1.0 - solb @ XT
            ok = w > _TOL_PIV
            ratios = np.divide(b, w, out=np.full(w.shape[0], np.inf), where=ok)
            rs = int(ratios.argmin())
            rmin = float(ratios[rs])
            r = s + rs
            wl, bl = solw.tolist(), solb.tolist()
            for i in range(s):              # the basic structural variables (few)
                if wl[i] > _TOL_PIV and bl[i] / wl[i] < rmin:
                    rmin, r = bl[i] / wl[i], i
            if rmin == np.inf:
                raise _PathFailure("no positive pivot element")
            thr = rmin + _TOL_RATIO * (1.0 + abs(rmin))
            ntied = int(np.count_nonzero(ratios <= thr)) + sum(
                1 for i in range(s) if wl[i] > _TOL_PIV and bl[i] / wl[i] <= thr)
            if ntied > 1:
                tied = [i for i in range(s) if wl[i] > _TOL_PIV and bl[i] / wl[i] <= thr]
                tied = np.array(tied + (s + np.flatnonzero(ratios <= thr)).tolist())
                r = self._lex(t, tied, np.concatenate((solw, w)), XT, KT.T)
        if r < s:
            leave = self._label(t, True, X.pop(r))
        else:
            R.append(r - s)
            leave = self._label(t, False, r - s)
        if st:
            X.append(idx)
        else:
            R.remove(idx)
        return leave

    def _lex(self, t: int, tied: np.ndarray, allw: np.ndarray, XT: np.ndarray,
             K: np.ndarray) -> int:
        """Lexicographic tie-break from the basis alone (indices: X first, then slack rows).

        Rows of the inverse basis: ``[K^-1, 0]`` for the structural variables and
        ``[-M[q, X] K^-1, e_q]`` for the slack of row ``q``; its column for constraint row
        ``rho`` is a column of these blocks if ``rho`` is in ``R``, else a unit vector.
        """
        self.tied = True
        X, R = self.X[t], self.R[t]
        s = len(X)
        try:
            Kinv = np.linalg.inv(K)
        except np.linalg.LinAlgError:
            raise _NeedDense from None
        isx = tied < s
        L = np.empty((tied.size, s))
        L[isx] = Kinv[tied[isx]]
        L[~isx] = -(XT[:, tied[~isx] - s].T @ Kinv)
        L /= allw[tied][:, None]
        where_R = {row: j for j, row in enumerate(R)}
        alive = {int(c): i for i, c in enumerate(tied)}      # index -> row of L
        for rho in range(self.M[t].shape[0]):
            j = where_R.get(rho)
            if j is None:                    # basic slack: unit column, eliminates itself
                alive.pop(s + rho, None)
            else:
                idx = np.fromiter(alive.values(), dtype=np.int64, count=len(alive))
                v = L[idx, j]
                vmin = v.min()
                keep = v <= vmin + _TOL_RATIO * (1.0 + abs(vmin))
                if not keep.all():
                    alive = {int(tied[i]): int(i) for i in idx[keep]}
            if len(alive) == 1:
                break
        return min(alive)

    def dense(self) -> _FloatState:
        """The same basis as a :class:`_FloatState` dictionary."""
        m, n = self.m, self.n
        fs = _FloatState.__new__(_FloatState)
        fs.m, fs.n, fs.tied = m, n, self.tied
        fs.D, fs.basic, fs.pos = [], [], []
        for t in (0, 1):
            M = self.M[t]
            rows, cols = M.shape
            X = list(self.X[t])
            R = np.asarray(self.R[t], dtype=np.int64)
            s = len(X)
            inX = np.zeros(cols, dtype=bool)
            inX[X] = True
            nbX = np.flatnonzero(~inX)
            Rc = self._basic_rows(t)
            N = np.zeros((rows, cols + 1))
            N[:, :len(nbX)] = self.MT[t][nbX].T
            N[R, len(nbX) + np.arange(s)] = 1.0
            N[:, cols] = 1.0
            if s:
                top = np.linalg.solve(M[np.ix_(R, X)], N[R])
                bottom = N[Rc] - M[np.ix_(Rc, X)] @ top
                D = np.vstack((top, bottom))
            else:
                D = N
            sl, st = (m, 0) if t == 0 else (0, m)    # label offsets of slacks, structurals
            basic = np.concatenate((np.asarray(X, dtype=np.int64) + st, Rc + sl))
            nonbasic = np.concatenate((nbX + st, R + sl))
            pos = np.empty(m + n, dtype=np.int64)
            pos[nonbasic] = np.arange(cols)
            pos[basic] = -(np.arange(rows) + 1)
            fs.D.append(np.ascontiguousarray(D))
            fs.basic.append(basic)
            fs.pos.append(pos)
        return fs

    def profile(self) -> tuple[np.ndarray, np.ndarray]:
        out = []
        for t, size in ((0, self.m), (1, self.n)):
            v = np.zeros(size)
            X = self.X[t]
            if X:
                v[X] = np.linalg.solve(self.M[t][np.ix_(self.R[t], X)], np.ones(len(X)))
            v = np.maximum(v, 0.0)
            tot = v.sum()
            out.append(v / tot if tot > 0 else v)
        return out[0], out[1]


class _Path:
    """A Lemke-Howson path from a completely labelled point, advanced a few pivots at a time.

    A path on a :class:`_SmallState` switches to a dictionary when it must; with
    ``may_densify=False`` it stops instead and sets ``suspended`` (the interleaving driver uses
    this to bound memory).
    """

    __slots__ = ("state", "init", "t", "enter", "pivots", "done", "may_densify", "suspended")

    def __init__(self, state, init: int):
        self.state = state
        self.init = init
        self.t = state.tableau_of(init)
        self.enter = init
        self.pivots = 0
        self.done = False
        self.may_densify = True
        self.suspended = False

    @property
    def is_small(self) -> bool:
        return isinstance(self.state, _SmallState)

    def advance(self, k: int) -> bool:
        """Make up to ``k`` pivots; True once the dropped label is picked up again."""
        if self.done:
            return True
        st, t, enter, init = self.state, self.t, self.enter, self.init
        piv = st.pivot
        n = 0
        self.suspended = False
        try:
            while n < k:
                try:
                    leave = piv(t, enter)
                except _NeedDense:
                    if not self.may_densify:
                        self.suspended = True
                        break
                    st = self.state = st.dense()
                    piv = st.pivot
                    continue
                n += 1
                if leave == init:
                    self.done = True
                    break
                enter = leave
                t = 1 - t
        finally:
            self.pivots += n
            self.t, self.enter = t, enter
        return self.done


# ----------------------------------------------------------------------------------------------
# systems: the prepared payoffs of one game, float or exact
# ----------------------------------------------------------------------------------------------
def _prepare(game, exact: bool):
    """``(verify_game, initial_state)``: the game results are verified on and the start state."""
    if exact:
        g = game.as_exact()
        A, B = g.bimatrix
        return g, _ExactState.initial(_int_positive(A), _int_positive(B))
    A, B = game.bimatrix
    return game, _FloatState.initial(_float_positive(A), _float_positive(B))


def _float_regret(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    Ay = A @ y
    xB = x @ B
    return max(float(Ay.max() - x @ Ay), float(xB.max() - xB @ y))


def _polish(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray):
    """Re-solve the indifference equations on the supports of ``(x, y)`` by least squares."""
    Sx = np.flatnonzero(x > 0)
    Sy = np.flatnonzero(y > 0)

    def solve(M, S_own, S_other):
        # the other player's mix z on S_other that makes own actions S_own indifferent:
        # M[S_own, S_other] z = v (a common payoff v), sum(z) = 1
        k = len(S_other)
        lhs = np.zeros((len(S_own) + 1, k + 1))
        lhs[:-1, :k] = M[np.ix_(S_own, S_other)]
        lhs[:-1, k] = -1.0
        lhs[-1, :k] = 1.0
        rhs = np.zeros(len(S_own) + 1)
        rhs[-1] = 1.0
        sol = np.linalg.lstsq(lhs, rhs, rcond=None)[0][:k]
        return sol

    y2 = np.zeros_like(y)
    y2[Sy] = solve(A, Sx, Sy)
    x2 = np.zeros_like(x)
    x2[Sx] = solve(B.T, Sy, Sx)
    x2, y2 = np.maximum(x2, 0.0), np.maximum(y2, 0.0)
    if x2.sum() <= 0 or y2.sum() <= 0:
        return None
    return x2 / x2.sum(), y2 / y2.sum()


_REPAIRED = {
    "polished": "the float solution failed verification and was polished on its support",
    "exact": "the float solution failed verification and was recomputed in exact arithmetic",
}


def _finish_float(game, state: _FloatState, init: int, tol: float, max_iter: int):
    """Float profile of a finished path, polished or recomputed exactly if it fails verification.

    Returns ``(profile, how)`` with ``how`` in {"float", "polished", "exact"} or ``(None, why)``.
    """
    x, y = state.profile()
    A, B = game.bimatrix
    if A.dtype == object:
        A, B = A.astype(np.float64), B.astype(np.float64)
    if _float_regret(A, B, x, y) <= tol:
        return (x, y), "float"
    pol = _polish(A, B, x, y)
    if pol is not None and _float_regret(A, B, *pol) <= tol:
        return pol, "polished"
    if A.size > _EXACT_FALLBACK_CELLS:
        return None, (f"the float solution from label {init} failed verification (regret "
                      f"{_float_regret(A, B, x, y):.3g} > tol {tol:.3g}) and the game is too "
                      "large to recompute it exactly; try exact=True")
    # last resort: the same path in rational arithmetic on the game's exact payoffs
    _, st = _prepare(game, True)
    path = _Path(st, init)
    path.advance(max_iter)
    if path.done:
        xe, ye = st.profile()
        return (xe.astype(np.float64), ye.astype(np.float64)), "exact"
    return None, "the exact re-run did not finish within max_iter pivots"


# ----------------------------------------------------------------------------------------------
# public functions
# ----------------------------------------------------------------------------------------------
def lemke_howson(game, *, init: int = 0, exact: bool = False,
                 max_iter: int = _DEFAULT_MAX_ITER, tol: float | None = None
                 ) -> EquilibriumResult:
    """One equilibrium of a two-player game by the Lemke–Howson algorithm.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (``m`` row actions, ``n`` column actions).
    init : int, default 0
        The label dropped first: ``0 .. m-1`` are the row player's actions, ``m .. m+n-1`` the
        column player's (as in nashpy and QuantEcon).
    exact : bool, default False
        Pivot in rational arithmetic (integer pivoting) and return :class:`~fractions.Fraction`
        strategies with zero regret. Float payoffs are read as the decimals they print as.
    max_iter : int, default 1_000_000
        Safety bound on the number of pivots; the result says ``converged=False`` if reached.
    tol : float, optional
        Regret tolerance of the verification (default ``game.default_tol()``; 0 when exact).

    Returns
    -------
    EquilibriumResult
        One verified equilibrium (none if the path was cut by ``max_iter``).
        ``iterations`` is the number of pivots; ``extra`` holds ``init`` and ``pivots``.
        ``degenerate`` is True when a tie in the ratio test showed the game to be degenerate
        (None otherwise: the path alone cannot prove non-degeneracy).

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players.
    InvalidParameterError
        If ``init`` is not a label ``0 .. m+n-1`` or ``max_iter`` is not a positive integer.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.lemke_howson import lemke_howson
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]],
    ...                                     players=("principal", "agent"))
    >>> res = lemke_howson(g, init=0, exact=True)
    >>> [list(map(str, s)) for s in res[0].strategies]
    [['1', '0'], ['1', '0']]
    >>> res.iterations
    2
    """
    where = "lemke_howson"
    _check_two_player(game, where)
    m, n = game.num_actions
    init = _check_int(where, "init", init, 0, m + n - 1)
    max_iter = _check_int(where, "max_iter", max_iter, 1)
    tol = _check_tol(where, tol)
    exact = bool(exact)
    vgame, state = _prepare(game, exact)
    if tol is None:
        tol = vgame.default_tol() if not exact else 0.0
    path = _Path(state, init)
    message = ""
    how = "exact" if exact else "float"
    try:
        path.advance(max_iter)
    except _PathFailure:
        # round-off left no pivot: redo the path exactly (if the game is not too large)
        if m * n > _EXACT_FALLBACK_CELLS:
            message = ("float pivoting failed on round-off (no positive pivot element) after "
                       f"{path.pivots} pivots; try exact=True")
        else:
            how = "exact"
            _, st = _prepare(vgame, True)
            path = _Path(st, init)
            path.advance(max_iter)
            message = "float pivoting failed on round-off; the path was recomputed exactly"
    profiles = []
    if path.done:
        if exact:
            profiles = [path.state.profile()]
        elif path.state.exact:
            xe, ye = path.state.profile()
            profiles = [(xe.astype(np.float64), ye.astype(np.float64))]
        else:
            prof, how = _finish_float(vgame, path.state, init, tol, max_iter)
            if prof is None:
                message = how
            else:
                profiles = [prof]
                if how != "float":
                    message = _REPAIRED[how]
    elif not message:
        message = f"stopped after max_iter={max_iter} pivots before the path ended"
    degenerate = True if path.state.tied else None
    return build_result(vgame, profiles, method="lemke_howson", tol=tol, exact=exact,
                        complete=False, converged=path.done, iterations=path.pivots,
                        degenerate=degenerate, message=message,
                        extra={"init": init, "pivots": path.pivots, "arithmetic": how})


def lemke_howson_all(game, *, exact: bool = False, traverse: bool = True,
                     max_iter: int = _DEFAULT_MAX_ITER, tol: float | None = None,
                     max_vertices: int | None = None) -> EquilibriumResult:
    """Distinct equilibria reached by Lemke–Howson paths from every initial label.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    exact : bool, default False
        Rational arithmetic (Fractions) instead of floats.
    traverse : bool, default True
        Also follow the path of every label from every equilibrium found (as Gambit's ``lcp``
        does), which finds every equilibrium connected to the artificial equilibrium in the
        Lemke–Howson graph (the "LH-accessible" ones). ``False`` follows only the ``m + n``
        paths from the artificial equilibrium (as nashpy's ``lemke_howson_enumeration``).
    max_iter : int, default 1_000_000
        Safety bound on the pivots of each path.
    tol : float, optional
        Regret tolerance of the verification (default ``game.default_tol()``; 0 when exact).
    max_vertices : int, optional
        With ``traverse=True``, refuse (``WorkLimitError``) games whose best-response polytopes
        may have more vertices than this by the upper bound theorem (default ``10**12``).

    Returns
    -------
    EquilibriumResult
        The distinct equilibria in the order found (``complete=False``: some equilibria may be
        inaccessible to Lemke–Howson). ``iterations`` is the total number of pivots;
        ``extra["pivots_per_label"]`` the length of the path from the artificial equilibrium
        for each label and ``extra["equilibrium_per_label"]`` the index of the equilibrium
        it reaches.

    Notes
    -----
    In a non-degenerate game the result is the set Gambit's ``lcp_solve`` returns (the corpus
    field ``lh_accessible_extreme``). In a degenerate game the paths are those of the
    lexicographically perturbed game; every equilibrium returned is an extreme equilibrium of
    the original game, but which ones are reached depends on the tie-breaking rule.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.lemke_howson import lemke_howson_all
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> len(lemke_howson_all(g, exact=True))   # both pure equilibria and the mixed one
    3
    """
    where = "lemke_howson_all"
    _check_two_player(game, where)
    if traverse:   # refuse before any work
        from .._budget import MAX_LH_VERTICES, check_vertex_work
        check_vertex_work(game, where, max_vertices, default=MAX_LH_VERTICES)
    m, n = game.num_actions
    max_iter = _check_int(where, "max_iter", max_iter, 1)
    tol = _check_tol(where, tol)
    exact = bool(exact)
    vgame, start = _prepare(game, exact)
    if tol is None:
        tol = vgame.default_tol() if not exact else 0.0
    labels = range(m + n)
    visited = {start.key(): -1}      # basis -> index into `found` (-1: artificial)
    found: list = []                 # profiles, one per distinct basis reached
    done_edges = set()
    queue = [start]
    total = 0
    converged = True
    tied = False
    per_label_pivots: list = []
    per_label_eq: list = []
    notes = []
    qi = 0
    while qi < len(queue):
        node = queue[qi]
        node_key = node.key()
        qi += 1
        for k in labels:
            if (node_key, k) in done_edges:
                continue
            st = node.copy()
            path = _Path(st, k)
            try:
                path.advance(max_iter)
            except _PathFailure:
                notes.append(f"a float path (label {k}) failed on round-off and was skipped")
                converged = False
                path.done = False
            total += path.pivots
            tied = tied or st.tied
            if not path.done:
                if qi == 1:
                    per_label_pivots.append(path.pivots)
                    per_label_eq.append(None)
                converged = False
                continue
            key = st.key()
            done_edges.add((key, k))
            if key not in visited:
                if st.is_artificial():
                    visited[key] = -1
                else:
                    prof = st.profile() if exact else None
                    if not exact:
                        prof, how = _finish_float(vgame, st, k, tol, max_iter)
                        if prof is None:
                            notes.append(how)
                    visited[key] = len(found)
                    found.append(prof)
                    if traverse:
                        queue.append(st)
            if qi == 1:
                per_label_pivots.append(path.pivots)
                per_label_eq.append(visited[key])
        if not traverse:
            break
    # map basis indices to equilibrium indices after removing duplicate profiles
    profiles = [p for p in found if p is not None]
    res = build_result(vgame, profiles, method="lemke_howson", tol=tol, exact=exact,
                       complete=False, converged=converged, iterations=total,
                       degenerate=True if tied else None, message="; ".join(dict.fromkeys(notes)),
                       extra={})
    index = []
    for p in found:
        j = None
        if p is not None:
            for e_i, eq in enumerate(res.equilibria):
                if all(np.allclose(np.asarray(a, float), np.asarray(b, float), atol=1e-8)
                       for a, b in zip(eq.strategies, p)):
                    j = e_i
                    break
        index.append(j)
    res.extra.update({
        "pivots_per_label": per_label_pivots,
        "equilibrium_per_label": [None if b is None or b < 0 else index[b] for b in per_label_eq],
        "bases_found": len(found),
        "traverse": traverse,
    })
    return res

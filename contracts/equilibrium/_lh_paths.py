"""Lemke–Howson path states: two dictionaries on the pivoting kernel, or a revised basis.

* :class:`_FloatState` / :class:`_ExactState` -- the two best-response polytopes as
  :class:`~contracts._linalg.pivot.Dictionary` objects (float, or exact integer pivoting);
  every pivot and every ratio test is the kernel's.
* :class:`_SmallState` -- a revised representation that stores only the basis of a path (the
  supports) and pivots by solving a small system, so thousands of paths can be advanced side
  by side (:mod:`contracts.equilibrium.one`). When the ratio test is tied, or the support
  outgrows ``_SMALL_MAX``, it hands over to a dictionary (:meth:`_SmallState.dense`), whose
  lexicographic rule breaks the tie: all representations take identical pivots.
* :class:`_Path` -- a path from a completely labelled point, advanced a few pivots at a time.

Labels follow nashpy and QuantEcon: label ``k < m`` is the row player's action ``k``, label
``m + j`` the column player's action ``j``. Tableau 0 is ``P = {x >= 0 : B^T x <= 1}`` (rows:
the column player's actions, slack labels ``m + j``); tableau 1 is ``Q = {y >= 0 : A y <= 1}``
(rows: the row player's actions, slack labels ``i``).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .._linalg import pivot as _kernel
from .._linalg.pivot import TOL_PIV as _TOL_PIV
from .._linalg.pivot import TOL_RATIO as _TOL_RATIO
from .._linalg.pivot import Dictionary, NoPivot

#: a revised (small-support) path state switches to a dictionary beyond this support size
_SMALL_MAX = 24

#: a float path met no positive pivot element (round-off); the path is abandoned
_PathFailure = NoPivot


class _NeedDense(Exception):
    """A revised (small-support) state cannot continue on its own: switch to a dictionary."""


def _tableaux(m: int, n: int, T0: np.ndarray, T1: np.ndarray) -> list:
    """The starting dictionaries: every slack basic, every structural variable nonbasic."""
    d0 = Dictionary(T0, basic=np.arange(m, m + n), nonbasic=np.arange(m),
                    slack=np.arange(m, m + n))
    d1 = Dictionary(T1, basic=np.arange(m), nonbasic=np.arange(m, m + n), slack=np.arange(m))
    return [d0, d1]


def _start_index(m: int, n: int) -> list:
    """``(slack, pos)`` of both starting dictionaries (as :func:`_tableaux` sets them up)."""
    out = []
    for nb, nbas, sl in ((m, n, m), (n, m, 0)):
        pos = np.empty(m + n, dtype=np.int64)
        st = m - sl                     # first structural label (0 in P, m in Q)
        pos[st:st + nb] = np.arange(nb)                   # nonbasic structurals: columns
        pos[sl:sl + nbas] = -np.arange(1, nbas + 1)       # basic slacks: rows
        out.append((np.arange(sl, sl + nbas), pos))
    return out


#: ``_start_index`` by game shape (the slack arrays are shared, never written, as in
#: ``Dictionary.copy``; ``pos`` is copied for each state)
_START_INDEX: dict = {}


class _FloatState:
    """Both dictionaries of a point on a path, in float64.

    ``pos[t][L]`` is the column of label ``L`` in tableau ``t`` if it is nonbasic, else
    ``-(row + 1)``; ``D[t]`` is the array ``[D | b]`` of tableau ``t``.
    """

    __slots__ = ("m", "n", "d", "_tied")

    exact = False

    @classmethod
    def initial(cls, A: np.ndarray, B: np.ndarray) -> "_FloatState":
        m, n = A.shape
        T0 = np.empty((n, m + 1))
        T0[:, :m] = B.T
        T0[:, m] = 1.0
        T1 = np.empty((m, n + 1))
        T1[:, :n] = A
        T1[:, n] = 1.0
        return cls._from(m, n, _tableaux(m, n, T0, T1))

    @classmethod
    def from_payoffs(cls, A: np.ndarray, B: np.ndarray) -> "_FloatState":
        """``initial(_float_positive(A), _float_positive(B))`` for float64 payoffs, with the
        affine scaling written straight into the tableaux (the same numbers, fewer copies)."""
        m, n = A.shape
        T0 = np.empty((n, m + 1))
        T1 = np.empty((m, n + 1))
        for M, T, k in ((B, T0, m), (A, T1, n)):
            lo = float(M.min())
            span = float(M.max()) - lo
            if span > 0:
                S = M - lo                  # contiguous arithmetic, then one copy
                S *= 1.0 / span
                S += 1.0
                T[:, :k] = S.T if T is T0 else S
            else:
                T[:, :k] = 1.0
            T[:, k] = 1.0
        return cls.from_tableaux(T0, T1)

    @classmethod
    def from_tableaux(cls, T0: np.ndarray, T1: np.ndarray) -> "_FloatState":
        """The start state over the starting tableaux ``T0`` (``n x (m + 1)``: the column
        player's payoffs transposed, then ones) and ``T1`` (``m x (n + 1)``), not copied."""
        n, m = T0.shape[0], T1.shape[0]
        index = _START_INDEX.get((m, n))
        if index is None:
            if len(_START_INDEX) >= 256:
                _START_INDEX.clear()
            index = _START_INDEX[(m, n)] = _start_index(m, n)
        (s0, q0), (s1, q1) = index
        return cls.on_arrays(m, n, (T0, s0.copy(), q0.copy(), s0), (T1, s1.copy(), q1.copy(), s1))

    @classmethod
    def on_arrays(cls, m: int, n: int, first: tuple, second: tuple, tied: bool = False):
        """The float state whose two dictionaries hold the given arrays (not copied):
        ``first`` and ``second`` are ``(T, basic, pos, slack)`` of tableaux 0 (``n`` rows)
        and 1 (``m`` rows)."""
        d = []
        for T, basic, pos, slack in (first, second):
            dic = Dictionary.__new__(Dictionary)
            dic.T, dic.exact, dic.det, dic.tied, dic.rows = T, False, 1, False, len(slack)
            dic.slack, dic.basic, dic.pos = slack, basic, pos
            d.append(dic)
        return cls._from(m, n, d, tied)

    @classmethod
    def _from(cls, m: int, n: int, d: list, tied: bool = False):
        s = cls.__new__(cls)
        s.m, s.n, s.d, s._tied = m, n, d, tied
        return s

    @property
    def D(self) -> list:
        return [self.d[0].T, self.d[1].T]

    @property
    def basic(self) -> list:
        return [self.d[0].basic, self.d[1].basic]

    @property
    def pos(self) -> list:
        return [self.d[0].pos, self.d[1].pos]

    @property
    def tied(self) -> bool:
        return self._tied or self.d[0].tied or self.d[1].tied

    def copy(self):
        return self._from(self.m, self.n, [self.d[0].copy(), self.d[1].copy()], self._tied)

    def copy_into(self, other):
        """This state written into ``other`` (a state of the same game made by :meth:`copy`,
        or None: then a new copy), reusing its arrays; returns it. Probing many paths one
        after another on one such scratch state saves touching fresh memory for each."""
        if other is None:
            return self.copy()
        for src, dst in zip(self.d, other.d):
            np.copyto(dst.T, src.T)
            np.copyto(dst.basic, src.basic)
            np.copyto(dst.pos, src.pos)
            dst.det, dst.tied = src.det, src.tied
        other._tied = self._tied
        return other

    def tableau_of(self, label: int) -> int:
        """The tableau in which ``label`` is nonbasic (unique at a completely labelled point)."""
        return 0 if self.d[0].pos[label] >= 0 else 1

    def key(self) -> tuple:
        return (tuple(sorted(self.d[0].basic.tolist())), tuple(sorted(self.d[1].basic.tolist())))

    def is_artificial(self) -> bool:
        return not bool(np.any(self.d[0].basic < self.m))

    def pivot(self, t: int, enter: int) -> int:
        """Bring label ``enter`` into the basis of tableau ``t``; return the leaving label."""
        return self.d[t].enter(enter)

    def run(self, t: int, enter: int, init: int, k: int) -> tuple:
        """Up to ``k`` pivots from ``(t, enter)``; ``(pivots, t, enter, done)``.

        Float dictionaries run the whole loop in the compiled kernel when it is in use, else in
        :func:`contracts._linalg.pivot.run_pair`.
        """
        d0, d1 = self.d
        kern = None if self.exact else _kernel._compiled_for(d0.T.size + d1.T.size)
        if kern is not None:
            n, t, enter, done, tied, failed = kern.run_path(
                d0.T, d0.basic, d0.pos, d0.slack, d1.T, d1.basic, d1.pos, d1.slack,
                t, enter, init, k, _TOL_PIV, _TOL_RATIO)
            if tied:
                self._tied = True
            if failed:
                raise _PathFailure("no positive pivot element", n, t, enter)
            return n, t, enter, done
        # the numpy path (or exact pivoting); a failure is _PathFailure(msg, n, t, enter)
        return _kernel.run_pair(d0, d1, t, enter, init, k)

    def raw_profile(self) -> tuple[np.ndarray, np.ndarray]:
        """The basic values of the structural variables, shapes ``(1, m)`` and ``(1, n)``: the
        profile before clipping and normalisation (a stack of one, for
        :func:`~contracts.results.build_bimatrix_result`, which clips and normalises)."""
        m = self.m
        d0, d1 = self.d
        b0, b1 = d0.basic, d1.basic
        x = np.zeros((1, m))
        sel = b0 < m
        x[0, b0[sel]] = d0.T[sel, -1]
        y = np.zeros((1, self.n))
        sel = b1 >= m
        y[0, b1[sel] - m] = d1.T[sel, -1]
        return x, y

    def profile(self) -> tuple[np.ndarray, np.ndarray]:
        m, n = self.m, self.n
        d0, d1 = self.d
        T0, T1, b0, b1 = d0.T, d1.T, d0.basic, d1.basic
        x = np.zeros(m)
        sel = b0 < m
        x[b0[sel]] = T0[sel, -1]
        y = np.zeros(n)
        sel = b1 >= m
        y[b1[sel] - m] = T1[sel, -1]
        x = np.maximum(x, 0.0)
        y = np.maximum(y, 0.0)
        sx, sy = x.sum(), y.sum()
        return (x / sx if sx > 0 else x), (y / sy if sy > 0 else y)


class _ExactState(_FloatState):
    """Integer-pivoting dictionaries: true dictionary = ``D[t] / den[t]``, entries Python ints."""

    __slots__ = ()

    exact = True

    @classmethod
    def initial(cls, A: np.ndarray, B: np.ndarray) -> "_ExactState":
        m, n = A.shape
        T0 = np.empty((n, m + 1), dtype=object)
        T0[:, :m] = B.T
        T0[:, m] = 1
        T1 = np.empty((m, n + 1), dtype=object)
        T1[:, :n] = A
        T1[:, n] = 1
        return cls._from(m, n, _tableaux(m, n, T0, T1))

    def pivot(self, t: int, enter: int) -> int:
        """Bring label ``enter`` into the basis of tableau ``t`` (integer pivoting)."""
        return self.d[t].enter(enter)

    @property
    def den(self) -> list:
        return [self.d[0].det, self.d[1].det]

    def profile(self) -> tuple[np.ndarray, np.ndarray]:
        m, n = self.m, self.n
        (T0, T1), (b0, b1) = self.D, self.basic
        x = np.array([Fraction(0)] * m, dtype=object)
        y = np.array([Fraction(0)] * n, dtype=object)
        xs = [(int(L), T0[r, -1]) for r, L in enumerate(b0) if L < m]
        ys = [(int(L) - m, T1[r, -1]) for r, L in enumerate(b1) if L >= m]
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
    a dictionary (:meth:`dense`) and continues there (the kernel breaks the tie).
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
                # a tie: the dictionary's lexicographic rule breaks it
                self.tied = True
                raise _NeedDense
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
                # a tie: the dictionary's lexicographic rule breaks it
                self.tied = True
                raise _NeedDense
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

    def dense(self) -> _FloatState:
        """The same basis as a :class:`_FloatState` (two kernel dictionaries)."""
        m, n = self.m, self.n
        dicts = []
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
            dicts.append(Dictionary(np.ascontiguousarray(D), basic=basic, nonbasic=nonbasic,
                                    slack=np.arange(rows) + sl))
        return _FloatState._from(m, n, dicts, self.tied)

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
        self.suspended = False
        st = self.state
        if not isinstance(st, _SmallState):
            try:
                n, self.t, self.enter, self.done = st.run(self.t, self.enter, self.init, k)
            except _PathFailure as exc:
                if len(exc.args) == 4:
                    self.pivots += exc.args[1]
                    self.t, self.enter = exc.args[2], exc.args[3]
                raise
            self.pivots += n
            return self.done
        t, enter, init = self.t, self.enter, self.init
        piv = st.pivot
        n = 0
        try:
            while n < k:
                try:
                    leave = piv(t, enter)
                except _NeedDense:
                    if not self.may_densify:
                        self.suspended = True
                        break
                    self.state = st.dense()
                    self.t, self.enter, self.pivots = t, enter, self.pivots + n
                    return self.advance(k - n)
                n += 1
                if leave == init:
                    self.done = True
                    break
                enter = leave
                t = 1 - t
        finally:
            if self.state is st:
                self.pivots += n
                self.t, self.enter = t, enter
        return self.done

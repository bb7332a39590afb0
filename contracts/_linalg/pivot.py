"""The pivoting kernel: dictionaries, one lexicographic minimum-ratio test, float and exact pivots.

Every pivoting algorithm of the library (the Lemke–Howson variants, Lemke's algorithm on the
sequence form, the vertex search of the best-response polytopes and the exact simplex) keeps a
*dictionary*

    x_B = (b - D x_N) / det

as one array ``T = [D | b]`` (the right-hand side in the last column) and pivots it here.

* Float dictionaries (``float64``, ``det`` = 1) are pivoted in place by one rank-1 update
  (numpy ufuncs into a reused work array; only the rows of nonzero column entries when the
  column is sparse). An optional compiled kernel
  (numba, ``pip install contracts[fast]``) runs the whole step -- ratio test, tie-break, update,
  bookkeeping -- without Python overhead; it is used automatically when numba is installed
  and either already imported or the dictionary is large (see :func:`use_compiled`). Both
  paths take identical pivots.
* Exact dictionaries hold Python integers over one common denominator ``det`` and pivot
  fraction-free (Edmonds / Bareiss: every division is exact by Sylvester's identity).

The leaving row is chosen by the **lexicographic** minimum-ratio rule: the smallest ratio
``b_i / D_ic`` over ``D_ic > 0``, ties broken by comparing, row by row divided by ``D_ic``,
the columns of the inverse basis in a fixed order. That order is given by the dictionary's
*slack labels*: the variables basic in the starting dictionary (whose columns form the inverse
basis). A basic slack's column is a unit vector, which only eliminates its own row. The rule
perturbs the right-hand side symbolically, so no path ever cycles, even in degenerate problems.
In floats the lexicographic comparison is only made when the minimum ratio is tied (relative
``TOL_RATIO``), and a pivot element must exceed ``TOL_PIV``.
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np

__all__ = ["Dictionary", "NoPivot", "lex_leaving_row", "pivot_float", "pivot_exact",
           "use_compiled", "compiled_available", "TOL_PIV", "TOL_RATIO"]

#: a float pivot element must exceed this (callers scale their data to order 1 first)
TOL_PIV = 1e-10
#: two float ratios closer than this (relative) count as a tie
TOL_RATIO = 1e-12
#: dictionaries with at least this many entries import numba (if installed) for their pivots;
#: smaller ones use it only when numba is already imported (importing it costs 0.3-1 s, more
#: than a whole Lemke-Howson path of a 100×100 game)
_COMPILE_MIN_CELLS = 80_000


class NoPivot(ArithmeticError):
    """The entering column has no positive entry (an unbounded ray, or float round-off)."""


# ----------------------------------------------------------------------------------------------
# kernel selection
# ----------------------------------------------------------------------------------------------
_FORCE: bool | None = None
_COMPILED = None          # the compiled module once loaded, False if unavailable


def use_compiled(flag: bool | None) -> None:
    """Force the compiled kernel on (``True``), off (``False``), or choose automatically (None).

    Examples
    --------
    >>> from contracts._linalg import pivot
    >>> pivot.use_compiled(False); pivot.use_compiled(None)
    """
    global _FORCE
    _FORCE = flag


def _load_compiled():
    global _COMPILED
    if _COMPILED is None:
        if os.environ.get("CONTRACTS_NO_NUMBA"):
            _COMPILED = False
        else:
            try:
                from contracts._linalg import _numba_kernel
                _COMPILED = _numba_kernel
            except ImportError:
                _COMPILED = False
    return _COMPILED


def compiled_available() -> bool:
    """Whether the compiled (numba) kernel can be used in this process."""
    return bool(_load_compiled())


def _compiled_for(cells: int):
    """The compiled kernel module if it should pivot a float dictionary of ``cells`` entries."""
    if _FORCE is False:
        return None
    if _COMPILED is None:
        if not (_FORCE or cells >= _COMPILE_MIN_CELLS or "numba" in sys.modules):
            return None
        _load_compiled()
    return _COMPILED or None


# ----------------------------------------------------------------------------------------------
# the lexicographic minimum-ratio test
# ----------------------------------------------------------------------------------------------
def _lex_float(T: np.ndarray, col: np.ndarray, alive: np.ndarray, slack_pos) -> int:
    alive_set = {int(r) for r in alive}
    for p in slack_pos:
        p = int(p)
        if p < 0:                        # basic slack: unit column, eliminates its own row
            alive_set.discard(-p - 1)
        else:
            rows = np.fromiter(alive_set, dtype=np.int64, count=len(alive_set))
            v = T[rows, p] / col[rows]
            vmin = v.min()
            keep = v <= vmin + TOL_RATIO * (1.0 + abs(vmin))
            if not keep.all():
                alive_set = set(rows[keep].tolist())
        if len(alive_set) == 1:
            break
    return min(alive_set)


def _lex_exact(T: np.ndarray, col: list, tied: list, slack_pos) -> int:
    for p in slack_pos:
        p = int(p)
        if p < 0:
            q = -p - 1
            if q in tied:
                tied.remove(q)
        else:
            v = T[:, p].tolist()
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
    return tied[0]


def lex_leaving_row(T: np.ndarray, c: int, slack_pos, *, exact: bool,
                    rows: int | None = None) -> tuple[int, bool]:
    """Leaving row for entering column ``c`` of ``T = [D | b]``; ``(-1, False)`` if none.

    ``slack_pos[k]`` locates the k-th slack label (the columns of the inverse basis, in order):
    its column if nonbasic, ``-(row + 1)`` if basic (a sequence, or a callable returning one,
    evaluated only when a tie must be broken). Only the first ``rows`` rows compete (default:
    all; an objective row kept below them does not). Returns ``(row, tied)``.

    Examples
    --------
    >>> import numpy as np
    >>> T = np.array([[1.0, 2.0, 2.0], [1.0, 1.0, 1.0]])
    >>> lex_leaving_row(T, 0, [-1, -2], exact=False)     # ratios 2 and 1
    (1, False)
    """
    nr = T.shape[0] if rows is None else rows
    if exact:
        col = T[:nr, c].tolist()
        rhs = T[:nr, -1].tolist()
        best = -1
        tied: list = []
        for i, ci in enumerate(col):
            if ci > 0:
                if best < 0:
                    best, tied = i, [i]
                    continue
                cmp = rhs[i] * col[best] - rhs[best] * ci
                if cmp < 0:
                    best, tied = i, [i]
                elif cmp == 0:
                    tied.append(i)
        if best < 0:
            return -1, False
        if len(tied) == 1:
            return best, False
        sp = slack_pos() if callable(slack_pos) else slack_pos
        return _lex_exact(T, col, tied, sp), True
    col = T[:nr, c]
    cand = np.flatnonzero(col > TOL_PIV)
    if cand.size == 0:
        return -1, False
    ratios = T[cand, -1] / col[cand]
    k = int(ratios.argmin())
    rmin = ratios[k]
    tied_mask = ratios <= rmin + TOL_RATIO * (1.0 + abs(rmin))
    if np.count_nonzero(tied_mask) == 1:
        return int(cand[k]), False
    sp = slack_pos() if callable(slack_pos) else slack_pos
    return _lex_float(T, col, cand[tied_mask], sp), True


# ----------------------------------------------------------------------------------------------
# pivots
# ----------------------------------------------------------------------------------------------
_LOCAL = threading.local()


def _scratch(shape: tuple) -> np.ndarray:
    """A per-thread work array for the rank-1 term (no allocation per pivot)."""
    bufs = getattr(_LOCAL, "bufs", None)
    if bufs is None:
        bufs = _LOCAL.bufs = {}
    buf = bufs.get(shape)
    if buf is None:
        if len(bufs) > 8:
            bufs.clear()
        buf = bufs[shape] = np.empty(shape)
    return buf


def pivot_float(T: np.ndarray, r: int, c: int) -> None:
    """Exchange the basic variable of row ``r`` with the nonbasic variable of column ``c``.

    ``T`` (C-contiguous float64) is updated in place: ``T <- T - col (x) row / p`` and then
    row ``r`` and column ``c`` are fixed, with ``p = T[r, c]``.

    Examples
    --------
    >>> import numpy as np
    >>> T = np.array([[2.0, 1.0, 4.0], [1.0, 3.0, 3.0]])
    >>> pivot_float(T, 0, 0); T.tolist()
    [[0.5, 0.5, 2.0], [-0.5, 2.5, 1.0]]
    """
    colv = T[:, c].copy()
    inv = 1.0 / colv[r]
    rowv = T[r] * inv
    rowv[c] = inv
    if 2 * np.count_nonzero(colv) < colv.size:   # sparse column (sequence form): its rows only
        nz = np.flatnonzero(colv)
        T[nz] -= np.multiply.outer(colv[nz], rowv)
    else:
        # numpy ufuncs, not BLAS: single-threaded (no waiting for BLAS threads on a busy
        # machine) and the same arithmetic as the compiled kernel, so both take the same pivots
        tmp = _scratch(T.shape)
        np.multiply(colv[:, None], rowv, out=tmp)
        np.subtract(T, tmp, out=T)
    T[:, c] = colv * -inv
    T[r] = rowv


def pivot_exact(T: np.ndarray, r: int, c: int, det: int) -> int:
    """Fraction-free pivot of an integer dictionary ``T / det`` (object array, in place).

    Returns the new common denominator (made positive: the dictionary ``T / det`` is unchanged
    when both change sign). Every division is exact (Sylvester's determinant identity).

    Examples
    --------
    >>> import numpy as np
    >>> T = np.array([[2, 1, 4], [1, 3, 3]], dtype=object)
    >>> pivot_exact(T, 0, 0, 1), T.tolist()        # the same dictionary as above, over 2
    (2, [[1, 1, 4], [-1, 5, 2]])
    """
    p = T[r, c]
    colv = T[:, c].copy()
    rowv = T[r].copy()
    T *= p
    T -= np.multiply.outer(colv, rowv)
    if det != 1:
        T //= det
    T[r] = rowv
    T[:, c] = -colv
    T[r, c] = det
    if p < 0:
        np.negative(T, out=T)
        p = -p
    return p


# ----------------------------------------------------------------------------------------------
# a dictionary with its labels
# ----------------------------------------------------------------------------------------------
class Dictionary:
    """A dictionary ``x_B = (b - D x_N) / det`` over labelled variables, float or exact.

    Parameters
    ----------
    T : numpy.ndarray
        ``[D | b]``; float64 (pivoted in floats) or object holding Python ints (exact).
    basic : array of int
        The label basic in each row.
    nonbasic : array of int
        The label of each column of ``D``.
    slack : array of int
        Labels whose columns form the inverse basis, in the order of the lexicographic rule
        (usually the labels basic in the starting dictionary).
    det : int
        Common denominator of an exact dictionary (1 for floats).
    rows : int, optional
        Rows that compete in the ratio test (default all; extra rows, e.g. an objective, are
        pivoted along).

    Attributes
    ----------
    pos : numpy.ndarray
        ``pos[label]`` is the label's column if nonbasic, ``-(row + 1)`` if basic.
    tied : bool
        True once a ratio test was tied (the problem is degenerate).

    Examples
    --------
    >>> import numpy as np
    >>> d = Dictionary(np.array([[2.0, 1.0, 4.0], [1.0, 3.0, 3.0]]), basic=[2, 3],
    ...                nonbasic=[0, 1], slack=[2, 3])
    >>> d.enter(0), d.value(0)         # label 0 enters, row 0's label 2 leaves at ratio 2
    (2, 2.0)
    """

    __slots__ = ("T", "det", "basic", "pos", "slack", "exact", "tied", "rows")

    def __init__(self, T, basic, nonbasic, slack, *, det: int = 1, rows: int | None = None):
        self.T = T
        self.exact = T.dtype == object
        self.det = det
        self.basic = np.asarray(basic, dtype=np.int64)
        nonbasic = np.asarray(nonbasic, dtype=np.int64)
        nlab = len(self.basic) + len(nonbasic)
        pos = np.empty(nlab, dtype=np.int64)
        pos[nonbasic] = np.arange(len(nonbasic))
        pos[self.basic] = -(np.arange(len(self.basic)) + 1)
        self.pos = pos
        self.slack = np.asarray(slack, dtype=np.int64)
        self.tied = False
        self.rows = T.shape[0] if rows is None else rows

    def copy(self) -> "Dictionary":
        d = Dictionary.__new__(Dictionary)
        d.T = self.T.copy()
        d.exact, d.det, d.rows, d.tied = self.exact, self.det, self.rows, self.tied
        d.basic, d.pos, d.slack = self.basic.copy(), self.pos.copy(), self.slack
        return d

    def slack_pos(self) -> np.ndarray:
        return self.pos[self.slack]

    def is_basic(self, label: int) -> bool:
        return bool(self.pos[label] < 0)

    def leaving_row(self, label: int) -> int:
        """Row chosen by the lexicographic ratio test for ``label`` entering (-1: none)."""
        r, tied = lex_leaving_row(self.T, int(self.pos[label]), self.slack_pos,
                                  exact=self.exact, rows=self.rows)
        self.tied = self.tied or tied
        return r

    def pivot_at(self, r: int, label: int) -> int:
        """Pivot ``label`` into row ``r`` (no ratio test); return the leaving label."""
        c = int(self.pos[label])
        if self.exact:
            self.det = pivot_exact(self.T, r, c, self.det)
        else:
            pivot_float(self.T, r, c)
        leave = int(self.basic[r])
        self.basic[r] = label
        self.pos[label] = -(r + 1)
        self.pos[leave] = c
        return leave

    def enter(self, label: int) -> int:
        """Bring ``label`` into the basis by the lexicographic rule; return the leaving label.

        Raises :class:`NoPivot` if its column has no positive entry.
        """
        if not self.exact:
            kern = _compiled_for(self.T.size)
            if kern is not None:
                leave, tied = kern.enter_float(self.T, self.basic, self.pos, self.slack,
                                               label, self.rows, TOL_PIV, TOL_RATIO)
                if leave < 0:
                    raise NoPivot("no positive pivot element")
                self.tied = self.tied or bool(tied)
                return int(leave)
        r = self.leaving_row(label)
        if r < 0:
            raise NoPivot("no positive pivot element")
        return self.pivot_at(r, label)

    def value(self, label: int):
        """Value of a variable: ``b_row / det`` if basic, else 0 (float or Fraction)."""
        p = int(self.pos[label])
        if p >= 0:
            return 0 if self.exact else 0.0
        v = self.T[-p - 1, -1]
        if self.exact:
            from fractions import Fraction
            return Fraction(v, self.det)
        return float(v)

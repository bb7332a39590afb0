"""Float and exact pivots of one dictionary array (re-exported by
:mod:`contracts._linalg.pivot`, which describes the rules).

* :func:`pivot_float` -- one float pivot in place: a rank-1 update (BLAS ``dgemm`` in row blocks
  that keep OpenBLAS single-threaded, or two numpy ufuncs into a reused work array);
* :func:`pivot_exact` -- one fraction-free integer pivot (Edmonds / Bareiss);
* :func:`_enter_blas` -- the ratio test and the BLAS update of
  :meth:`~contracts._linalg.pivot.Dictionary.enter_numpy` in seven array calls, on per-thread
  work arrays (``_Buffers``) and per-dictionary views (``_Work``).
"""

from __future__ import annotations

import sys
import threading

import numpy as np

from ._ratio import _lex_float, _min_ratio_keys

__all__ = ["NoPivot", "pivot_float", "pivot_exact"]


class NoPivot(ArithmeticError):
    """The entering column has no positive entry (an unbounded ray, or float round-off)."""


_LOCAL = threading.local()


class _Buffers:
    """Per-thread work arrays for float dictionaries of one shape (no allocation per pivot)."""

    __slots__ = ("tmp", "col2", "col", "colr", "row", "row2", "gemm", "inv", "ninv")

    def __init__(self, shape: tuple):
        nrow, ncol = shape
        self.tmp = None                            # the rank-1 term (numpy update only)
        self.col2 = np.empty((nrow, 1))            # the pivot column, as a column vector,
        self.col = self.col2.reshape(nrow)         # ... as a vector (same memory)
        self.colr = self.col2.reshape(1, nrow)     # ... and as a row vector
        self.row = np.empty(ncol)                  # the scaled pivot row
        self.row2 = self.row.reshape(ncol, 1)
        self.gemm = _dgemm_for(nrow * ncol)        # BLAS for the rank-1 update, or None
        self.inv = np.empty(())                    # 1 / pivot and its negative, as 0-d
        self.ninv = np.empty(())                   # arrays (cheaper ufunc operands)


def _buffers(shape: tuple) -> _Buffers:
    bufs = getattr(_LOCAL, "bufs", None)
    if bufs is None:
        bufs = _LOCAL.bufs = {}
    b = bufs.get(shape)
    if b is None:
        if len(bufs) > 8:
            bufs.clear()
        b = bufs[shape] = _Buffers(shape)
    return b


#: dictionaries with at least this many entries import scipy's BLAS for the rank-1 update;
#: smaller ones use it only once scipy.linalg is imported (importing it costs ~0.2 s)
_BLAS_MIN_CELLS = 1000
#: cells updated by one BLAS call: at OpenBLAS's threading threshold (m n k <= 65536 * 4), so
#: the update stays single-threaded (no waiting for BLAS threads on a busy machine)
_BLAS_BLOCK = 262144
_DGEMM = None             # scipy.linalg.blas.dgemm once loaded, False if unavailable


def _dgemm_for(cells: int):
    """scipy's ``dgemm`` if it should update a dictionary of ``cells`` entries, else None."""
    global _DGEMM
    if _DGEMM is None:
        if cells < _BLAS_MIN_CELLS and "scipy.linalg" not in sys.modules:
            return None
        try:
            from scipy.linalg.blas import dgemm
            _DGEMM = dgemm
        except ImportError:     # pragma: no cover - scipy is a core dependency
            _DGEMM = False
    return _DGEMM or None


def _rank1_update(T: np.ndarray, bufs: _Buffers) -> None:
    """``T -= col (x) row`` in place (``bufs.col``, ``bufs.row``).

    Each entry is ``T_ij - round(col_i row_j)`` rounded: a BLAS ``dgemm`` with ``k = 1`` and
    ``beta = 1`` on ``T``'s transpose (Fortran order, no copy), in row blocks that keep it
    single-threaded; or two numpy ufuncs. Both give the compiled kernel's arithmetic, entry
    for entry, so every path takes the same pivots. (``dgemm`` gets its optional arguments
    ``beta, c, trans_a, trans_b, overwrite_c`` by position: the wrapper parses keywords
    slowly, a microsecond or two per pivot.)
    """
    nrow, ncol = T.shape
    gemm = bufs.gemm
    if gemm is not None and T.flags.c_contiguous:
        if T.size <= _BLAS_BLOCK:
            gemm(-1.0, bufs.row2, bufs.colr, 1.0, T.T, 0, 0, 1)   # beta=1, overwrite_c
        else:
            step = max(1, _BLAS_BLOCK // ncol)
            row2, colr = bufs.row2, bufs.colr
            for i in range(0, nrow, step):
                gemm(-1.0, row2, colr[:, i:i + step], 1.0, T[i:i + step].T, 0, 0, 1)
        return
    tmp = bufs.tmp
    if tmp is None:
        tmp = bufs.tmp = np.empty(T.shape)
    np.multiply(bufs.col2, bufs.row, out=tmp)
    np.subtract(T, tmp, out=T)


class _Work:
    """Views and work arrays of one float dictionary for :func:`_enter_blas`.

    ``args`` is ``(T, T.T, rhs, den, key, inv, ninv, gemm, blocks)``: the dictionary, its
    transpose (the Fortran-ordered matrix ``dgemm`` updates in place), its right-hand side
    column, two work vectors for the ratio test, two 0-d work arrays (``1 / p`` and its
    negative: cheaper ufunc operands than floats), scipy's ``dgemm``, and for a large
    dictionary its row blocks ``(start, stop, T[start:stop].T)`` (one ``dgemm`` each, see
    :func:`_rank1_update`; None: one call). ``fast`` says whether :func:`_enter_blas` applies:
    BLAS in use (``T`` C-contiguous, so ``T.T`` is updated in place) and every row in the
    ratio test.
    """

    __slots__ = ("T", "fast", "args")

    def __init__(self, T: np.ndarray, rows: int):
        nrow, ncol = T.shape
        self.T = T
        gemm = _dgemm_for(T.size) if T.flags.c_contiguous else None
        blocks = None
        if gemm is not None and T.size > _BLAS_BLOCK:
            step = max(1, _BLAS_BLOCK // ncol)
            blocks = [(i, min(i + step, nrow), T[i:i + step].T) for i in range(0, nrow, step)]
        self.fast = gemm is not None and rows == nrow
        self.args = (T, T.T, T[:, -1], np.empty(nrow), np.empty(nrow), np.empty(()),
                     np.empty(()), gemm, blocks)


def _work(d) -> _Work:
    """The :class:`_Work` of a float dictionary (made on its first pivot, or for a new T)."""
    try:
        w = d._work
    except AttributeError:
        w = None
    if w is None or w.T is not d.T:
        w = d._work = _Work(d.T, d.rows)
    return w


def _enter_blas(args: tuple, d, label: int) -> int:
    """One pivot of :meth:`~contracts._linalg.pivot.Dictionary.enter_numpy` when BLAS makes the
    update.

    The ratio test is :func:`_min_ratio_keys` (four array calls unless a tie or a degenerate
    row needs the full rule). The update takes three calls: the pivot row scaled in place,
    one ``dgemm`` reading the pivot row and column straight from the dictionary (``T[r, c]``
    zeroed first, so that row and column pass through the update unchanged), and the column
    scaled in place. Every entry is that of :func:`pivot_float` and of the compiled kernel,
    bit for bit (up to the sign of zeros).
    """
    T, TT, rhs, den, key, inv0, ninv0, gemm, blocks = args
    pos = d.pos
    c = pos.item(label)
    colv = T[:, c]
    r, tied = _min_ratio_keys(colv, rhs, den, key)
    if tied is not None:
        r = _lex_float(T, colv, tied, d.slack_pos())
        d.tied = True
    elif r < 0:
        raise NoPivot("no positive pivot element")
    inv = 1.0 / T.item(r, c)
    inv0[()] = inv
    ninv0[()] = -inv
    T[r, c] = 0.0                 # row r and column c: unchanged by the update
    rowv = T[r]
    np.multiply(rowv, inv0, out=rowv)
    # T.T -= row (x) col: beta=1, trans_b (the column read as a row), overwrite_c; the
    # optional arguments by position (the wrapper parses keywords slowly)
    if blocks is None:
        gemm(-1.0, rowv, colv, 1.0, TT, 0, 1, 1)
    else:
        for i, j, Tb in blocks:
            gemm(-1.0, rowv, colv[i:j], 1.0, Tb, 0, 1, 1)
    np.multiply(colv, ninv0, out=colv)
    T[r, c] = inv
    basic = d.basic
    leave = basic.item(r)
    basic[r] = label
    pos[label] = -(r + 1)
    pos[leave] = c
    return leave


def _pivot_float_dense(T: np.ndarray, r: int, c: int, bufs: _Buffers) -> None:
    """:func:`pivot_float` with the pivot column already copied into ``bufs.col``."""
    colv = bufs.col
    inv = 1.0 / float(colv[r])
    rowv = bufs.row
    np.multiply(T[r], inv, out=rowv)
    rowv[c] = inv
    _rank1_update(T, bufs)
    np.multiply(colv, -inv, out=T[:, c])
    T[r] = rowv


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
    colv = T[:, c]
    if 2 * np.count_nonzero(colv) < colv.size:   # sparse column (sequence form): its rows only
        colv = colv.copy()
        inv = 1.0 / colv[r]
        rowv = T[r] * inv
        rowv[c] = inv
        nz = np.flatnonzero(colv)
        T[nz] -= np.multiply.outer(colv[nz], rowv)
        T[:, c] = colv * -inv
        T[r] = rowv
        return
    bufs = _buffers(T.shape)
    np.copyto(bufs.col, colv)
    _pivot_float_dense(T, r, c, bufs)


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

"""The pivoting kernel: dictionaries, one lexicographic minimum-ratio test, float and exact pivots.

Every pivoting algorithm of the library (the Lemke–Howson variants, Lemke's algorithm on the
sequence form, the vertex search of the best-response polytopes and the exact simplex) keeps a
*dictionary*

    x_B = (b - D x_N) / det

as one array ``T = [D | b]`` (the right-hand side in the last column) and pivots it here.

* Float dictionaries (``float64``, ``det`` = 1) are pivoted in place by one rank-1 update:
  a BLAS ``dgemm`` (``k = 1``, ``beta = 1``) on the array's transpose, in row blocks small
  enough to keep OpenBLAS single-threaded, or two numpy ufuncs into a reused work array
  (only the rows of nonzero column entries when the column is sparse). Both round every
  entry as ``T_ij - round(col_i row_j)``. With BLAS a pivot (:meth:`Dictionary.enter_numpy`)
  is seven array calls: the ratio test in four (keys ``b_i / max(D_ic, TOL_PIV)`` for every
  row, two ``argmin``; the full rule only on a tie or a degenerate row), the update in three
  (the pivot row scaled in place, ``dgemm`` reading the pivot row and column from the
  dictionary itself, the column scaled in place); :func:`run_pair` runs a Lemke–Howson path
  of such pivots. The lexicographic tie-break is computed only when the minimum ratio is tied.
  An optional compiled kernel
  (numba, ``pip install contracts[fast]``) runs the whole step -- ratio test, tie-break, update,
  bookkeeping -- without Python overhead; it is used automatically when numba is installed
  and either already imported or the dictionary is large (see :func:`use_compiled`). Both
  paths take identical pivots.
* Exact dictionaries hold Python integers over one common denominator ``det`` and pivot
  fraction-free (Edmonds / Bareiss: every division is exact by Sylvester's identity).

The pivots themselves (float and exact, with their work arrays) are in
:mod:`contracts._linalg._pivot_ops`; this module holds the dictionary, the kernel selection and
:func:`run_pair`.

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

import numpy as np

from ._pivot_ops import (NoPivot, _buffers, _enter_blas, _pivot_float_dense, _work,
                         pivot_exact, pivot_float)
from ._ratio import TOL_PIV, TOL_RATIO, _lex_leaving_float, lex_leaving_row

__all__ = ["Dictionary", "NoPivot", "lex_leaving_row", "pivot_float", "pivot_exact", "run_pair",
           "use_compiled", "compiled_available", "TOL_PIV", "TOL_RATIO"]

#: dictionaries with at least this many entries import numba (if installed) for their pivots;
#: smaller ones use it only when numba is already imported (importing it costs 0.3-1 s, more
#: than a whole Lemke-Howson path of a 100×100 game)
_COMPILE_MIN_CELLS = 80_000


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

    __slots__ = ("T", "det", "basic", "pos", "slack", "exact", "tied", "rows", "_work")

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

    def __getstate__(self):
        # without the work arrays: their views of T would not survive a pickle or deepcopy
        return None, {k: getattr(self, k) for k in self.__slots__
                      if k != "_work" and hasattr(self, k)}

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
        return self._exchange(r, c, label)

    def _exchange(self, r: int, c: int, label: int) -> int:
        basic, pos = self.basic, self.pos
        leave = int(basic[r])
        basic[r] = label
        pos[label] = -(r + 1)
        pos[leave] = c
        return leave

    def enter(self, label: int) -> int:
        """Bring ``label`` into the basis by the lexicographic rule; return the leaving label.

        Raises :class:`NoPivot` if its column has no positive entry.
        """
        if not self.exact:
            kern = None if _FORCE is False else _compiled_for(self.T.size)
            if kern is not None:
                leave, tied = kern.enter_float(self.T, self.basic, self.pos, self.slack,
                                               label, self.rows, TOL_PIV, TOL_RATIO)
                if leave < 0:
                    raise NoPivot("no positive pivot element")
                self.tied = self.tied or bool(tied)
                return int(leave)
            return self.enter_numpy(label)
        r = self.leaving_row(label)
        if r < 0:
            raise NoPivot("no positive pivot element")
        return self.pivot_at(r, label)

    def enter_numpy(self, label: int) -> int:
        """:meth:`enter` for a float dictionary on the numpy path (never the compiled kernel)."""
        try:
            w = self._work
            if w.fast and w.T is self.T:
                return _enter_blas(w.args, self, label)
        except AttributeError:
            pass
        w = _work(self)
        if w.fast:
            return _enter_blas(w.args, self, label)
        T = self.T
        c = int(self.pos[label])
        bufs = _buffers(T.shape)
        colv = bufs.col
        np.copyto(colv, T[:, c])
        r, tied = _lex_leaving_float(T, colv, self.rows, self.slack_pos)
        if tied:
            self.tied = True
        if r < 0:
            raise NoPivot("no positive pivot element")
        _pivot_float_dense(T, r, c, bufs)
        return self._exchange(r, c, label)

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


def run_pair(d0: Dictionary, d1: Dictionary, t: int, enter: int, stop: int,
             k: int) -> tuple[int, int, int, bool]:
    """Up to ``k`` pivots alternating between ``d0`` and ``d1`` (float: the numpy path).

    Label ``enter`` enters dictionary ``t``; the label that leaves enters the other one, and
    so on (a Lemke–Howson path), until label ``stop`` leaves. Returns ``(pivots, t, enter,
    done)``: ``done`` once ``stop`` left, else the next pivot ``(t, enter)``. Float pivots are
    :meth:`Dictionary.enter_numpy`'s (never the compiled kernel), with the work arrays looked
    up once per call; exact dictionaries pivot as :meth:`Dictionary.enter`. Raises
    :class:`NoPivot` with ``args = (message, pivots, t, enter)`` when a column has no positive
    entry.

    Examples
    --------
    The two best-response polytopes of a 2x2 game (labels 0, 1: the row player's actions;
    2, 3: the column player's), as Lemke–Howson sets them up:

    >>> import numpy as np
    >>> A = np.array([[3.0, 1.0], [0.0, 2.0]]); B = np.array([[2.0, 1.0], [0.0, 3.0]])
    >>> d0 = Dictionary(np.column_stack([B.T, np.ones(2)]), basic=[2, 3], nonbasic=[0, 1],
    ...                 slack=[2, 3])
    >>> d1 = Dictionary(np.column_stack([A, np.ones(2)]), basic=[0, 1], nonbasic=[2, 3],
    ...                 slack=[0, 1])
    >>> run_pair(d0, d1, 0, 0, 0, 100)        # label 0 enters d0 ... and leaves d1
    (2, 1, 2, True)
    >>> d0.basic.tolist(), d1.basic.tolist()  # both first actions basic: a pure equilibrium
    ([0, 3], [2, 1])
    """
    w0 = w1 = None
    if not (d0.exact or d1.exact):
        w0, w1 = _work(d0), _work(d1)
    if w0 is not None and w0.fast and w1.fast:
        steps = ((_enter_blas, w0.args, d0), (_enter_blas, w1.args, d1))
    else:
        steps = ((_enter_any, None, d0), (_enter_any, None, d1))
    n = 0
    try:
        while n < k:
            step, args, d = steps[t]
            leave = step(args, d, enter)
            n += 1
            if leave == stop:
                return n, t, enter, True
            enter = leave
            t = 1 - t
    except NoPivot as exc:
        raise NoPivot(str(exc), n, t, enter) from None
    return n, t, enter, False


def _enter_any(args, d: Dictionary, label: int) -> int:
    """:func:`_enter_blas`'s signature for any dictionary: exact pivoting, or the numpy path."""
    return d.enter(label) if d.exact else d.enter_numpy(label)

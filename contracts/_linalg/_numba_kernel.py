"""Compiled float pivot step (numba, optional): the same rule as :mod:`contracts._linalg.pivot`.

Imported only by :func:`contracts._linalg.pivot._load_compiled`; raises ImportError when numba
is not installed. Compiled with ``cache=True`` so a new process loads the machine code from
``__pycache__`` instead of compiling again.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def _enter(T, basic, pos, slack, label, rows, tol_piv, tol_ratio, colv, rowv,
           rat):  # pragma: no cover
    """One step of :func:`enter_float` with work arrays (``colv``, ``rat``: at least the rows of
    ``T``; ``rowv``: at least its columns)."""
    c = pos[label]
    ncol = T.shape[1]
    nrow = T.shape[0]
    last = ncol - 1
    # minimum ratio over positive entries (first minimum, as numpy's argmin); the pivot column
    # is copied on the way, each ratio computed once
    r = -1
    rmin = np.inf
    for i in range(nrow):
        colv[i] = T[i, c]
    for i in range(rows):
        a = colv[i]
        if a > tol_piv:
            q = T[i, last] / a
            rat[i] = q
            if r < 0 or q < rmin:
                rmin = q
                r = i
        else:
            rat[i] = np.inf
    if r < 0:
        return -1, False
    thr = rmin + tol_ratio * (1.0 + abs(rmin))
    ntied = 0
    for i in range(rows):
        if rat[i] <= thr:
            ntied += 1
    tied = ntied > 1
    if tied:
        alive = np.zeros(rows, dtype=np.bool_)
        for i in range(rows):
            if rat[i] <= thr:
                alive[i] = True
        nalive = ntied
        for k in range(slack.shape[0]):
            p = pos[slack[k]]
            if p < 0:
                q = -p - 1
                if q < rows and alive[q]:
                    alive[q] = False
                    nalive -= 1
            else:
                vmin = np.inf
                for i in range(rows):
                    if alive[i]:
                        v = T[i, p] / colv[i]
                        if v < vmin:
                            vmin = v
                vthr = vmin + tol_ratio * (1.0 + abs(vmin))
                for i in range(rows):
                    if alive[i] and not (T[i, p] / colv[i] <= vthr):
                        alive[i] = False
                        nalive -= 1
            if nalive == 1:
                break
        for i in range(rows):
            if alive[i]:
                r = i
                break
    # pivot: T <- T - col (x) row / p, then fix row r and column c (row r is overwritten:
    # not updated)
    inv = 1.0 / colv[r]
    for j in range(ncol):
        rowv[j] = T[r, j] * inv
    rowv[c] = inv
    for i in range(nrow):
        ci = colv[i]
        if ci != 0.0 and i != r:
            Ti = T[i]
            for j in range(ncol):
                Ti[j] -= ci * rowv[j]
    for i in range(nrow):
        T[i, c] = colv[i] * -inv
    for j in range(ncol):
        T[r, j] = rowv[j]
    leave = basic[r]
    basic[r] = label
    pos[label] = -(r + 1)
    pos[leave] = c
    return leave, tied


@numba.njit(cache=True, nogil=True)
def enter_float(T, basic, pos, slack, label, rows, tol_piv, tol_ratio):  # pragma: no cover
    """Ratio test (lexicographic on ties), pivot and bookkeeping in one step.

    Returns ``(leaving label, tied)``; ``(-1, False)`` when the column has no positive entry.
    The arithmetic is that of the numpy path, operation for operation.
    """
    return _enter(T, basic, pos, slack, label, rows, tol_piv, tol_ratio,
                  np.empty(T.shape[0]), np.empty(T.shape[1]), np.empty(T.shape[0]))


@numba.njit(cache=True, nogil=True)
def run_path(T0, b0, p0, s0, T1, b1, p1, s1, t, enter, init, k, tol_piv,
             tol_ratio):  # pragma: no cover
    """Up to ``k`` Lemke–Howson pivots alternating between two dictionaries.

    Returns ``(pivots, t, enter, done, tied, failed)``: ``done`` once label ``init`` left,
    ``failed`` when a column had no positive entry.
    """
    nr = max(T0.shape[0], T1.shape[0])
    colv = np.empty(nr)
    rat = np.empty(nr)
    rowv = np.empty(max(T0.shape[1], T1.shape[1]))
    n = 0
    tied = False
    while n < k:
        if t == 0:
            leave, ti = _enter(T0, b0, p0, s0, enter, T0.shape[0], tol_piv, tol_ratio, colv,
                               rowv, rat)
        else:
            leave, ti = _enter(T1, b1, p1, s1, enter, T1.shape[0], tol_piv, tol_ratio, colv,
                               rowv, rat)
        if leave < 0:
            return n, t, enter, False, tied, True
        tied = tied or ti
        n += 1
        if leave == init:
            return n, t, enter, True, tied, False
        enter = leave
        t = 1 - t
    return n, t, enter, False, tied, False

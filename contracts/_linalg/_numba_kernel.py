"""Compiled float pivot step (numba, optional): the same rule as :mod:`contracts._linalg.pivot`.

Imported only by :func:`contracts._linalg.pivot._load_compiled`; raises ImportError when numba
is not installed. Compiled with ``cache=True`` so a new process loads the machine code from
``__pycache__`` instead of compiling again.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def enter_float(T, basic, pos, slack, label, rows, tol_piv, tol_ratio):  # pragma: no cover
    """Ratio test (lexicographic on ties), pivot and bookkeeping in one step.

    Returns ``(leaving label, tied)``; ``(-1, False)`` when the column has no positive entry.
    The arithmetic is that of the numpy path, operation for operation.
    """
    c = pos[label]
    ncol = T.shape[1]
    nrow = T.shape[0]
    # minimum ratio over positive entries (first minimum, as numpy's argmin)
    r = -1
    rmin = np.inf
    for i in range(rows):
        a = T[i, c]
        if a > tol_piv:
            q = T[i, ncol - 1] / a
            if r < 0 or q < rmin:
                rmin = q
                r = i
    if r < 0:
        return -1, False
    thr = rmin + tol_ratio * (1.0 + abs(rmin))
    ntied = 0
    for i in range(rows):
        a = T[i, c]
        if a > tol_piv and T[i, ncol - 1] / a <= thr:
            ntied += 1
    tied = ntied > 1
    if tied:
        alive = np.zeros(rows, dtype=np.bool_)
        for i in range(rows):
            a = T[i, c]
            if a > tol_piv and T[i, ncol - 1] / a <= thr:
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
                        v = T[i, p] / T[i, c]
                        if v < vmin:
                            vmin = v
                vthr = vmin + tol_ratio * (1.0 + abs(vmin))
                for i in range(rows):
                    if alive[i] and not (T[i, p] / T[i, c] <= vthr):
                        alive[i] = False
                        nalive -= 1
            if nalive == 1:
                break
        for i in range(rows):
            if alive[i]:
                r = i
                break
    # pivot: T <- T - col (x) row / p, then fix row r and column c
    inv = 1.0 / T[r, c]
    colv = T[:, c].copy()
    rowv = np.empty(ncol)
    for j in range(ncol):
        rowv[j] = T[r, j] * inv
    rowv[c] = inv
    for i in range(nrow):
        ci = colv[i]
        if ci != 0.0:
            for j in range(ncol):
                T[i, j] -= ci * rowv[j]
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
def run_path(T0, b0, p0, s0, T1, b1, p1, s1, t, enter, init, k, tol_piv,
             tol_ratio):  # pragma: no cover
    """Up to ``k`` Lemke–Howson pivots alternating between two dictionaries.

    Returns ``(pivots, t, enter, done, tied, failed)``: ``done`` once label ``init`` left,
    ``failed`` when a column had no positive entry.
    """
    n = 0
    tied = False
    while n < k:
        if t == 0:
            leave, ti = enter_float(T0, b0, p0, s0, enter, T0.shape[0], tol_piv, tol_ratio)
        else:
            leave, ti = enter_float(T1, b1, p1, s1, enter, T1.shape[0], tol_piv, tol_ratio)
        if leave < 0:
            return n, t, enter, False, tied, True
        tied = tied or ti
        n += 1
        if leave == init:
            return n, t, enter, True, tied, False
        enter = leave
        t = 1 - t
    return n, t, enter, False, tied, False

"""Compiled start of a float Lemke–Howson path (numba, optional): set-up, path and check fused.

On small games a Lemke–Howson path of a few pivots costs far less than the Python calls around
it (building the two tableaux, reading the profile off the basis, the regret check). When the
compiled pivot kernel is in use (:func:`contracts._linalg.pivot._compiled_for`), the first steps
of :func:`~contracts.equilibrium.one.one_equilibrium` and of a float
:func:`~contracts.equilibrium.lemke_howson.lemke_howson` run here in one call:

* :func:`first_pure` -- the first pure equilibrium in row-major order (exact comparisons), as
  ``one._first_pure``;
* :func:`start_path` -- the tableaux of :meth:`_lh_paths._FloatState.from_payoffs` (the same
  affine scaling, operation for operation) and up to ``k`` pivots of the kernel's
  ``run_path`` from a label;
* :func:`profile_regret` -- the profile at the end of a path, clipped and normalised, with its
  payoffs and max regret computed as :func:`contracts.results.build_bimatrix_result` computes
  them (the same formulas; a zero or non-finite strategy gives a NaN regret, which fails).

Imported only when numba is in use; raises ImportError without numba.
"""

from __future__ import annotations

import numba
import numpy as np

from .._linalg._numba_kernel import run_path


@numba.njit(cache=True, nogil=True)
def _pure_scan(A, B):  # pragma: no cover
    """``(k, lo_A, hi_A, lo_B, hi_B)``: the row-major index ``k = i * n + j`` of the first pure
    equilibrium of ``(A, B)`` (-1: none), and the payoff ranges (those of ``B`` complete only
    when ``k == -1``: the scan stops at the equilibrium).

    ``A``'s column maxima first (:func:`_column_maxima`), then ``B`` row by row: the row's
    maximum, and a branch-free count of the cells that are both best replies; only a row with
    one is searched for the first."""
    m, n = A.shape
    colmax = np.empty(n)
    lo_a, hi_a = _column_maxima(A, colmax)
    lo_b = hi_b = B[0, 0]
    for i in range(m):
        rmax = rmin = B[i, 0]
        for j in range(n):
            v = B[i, j]
            rmax = v if v > rmax else rmax
            rmin = v if v < rmin else rmin
        lo_b = rmin if rmin < lo_b else lo_b
        hi_b = rmax if rmax > hi_b else hi_b
        hits = 0
        for j in range(n):
            hits += (B[i, j] == rmax) & (A[i, j] == colmax[j])
        if hits:
            for j in range(n):
                if B[i, j] == rmax and A[i, j] == colmax[j]:
                    return i * n + j, lo_a, hi_a, lo_b, hi_b
    return -1, lo_a, hi_a, lo_b, hi_b


@numba.njit(cache=True, nogil=True)
def _column_maxima(A, out):  # pragma: no cover
    """``out[j] = max(A[:, j])``; returns ``(min, max)`` of ``A``. Four columns at a time,
    each in its own register (an update of ``out`` row by row costs three times as much)."""
    m, n = A.shape
    lo = hi = A[0, 0]
    j = 0
    while j + 4 <= n:
        c0 = l0 = A[0, j]
        c1 = l1 = A[0, j + 1]
        c2 = l2 = A[0, j + 2]
        c3 = l3 = A[0, j + 3]
        for i in range(1, m):
            v0, v1, v2, v3 = A[i, j], A[i, j + 1], A[i, j + 2], A[i, j + 3]
            c0 = v0 if v0 > c0 else c0
            c1 = v1 if v1 > c1 else c1
            c2 = v2 if v2 > c2 else c2
            c3 = v3 if v3 > c3 else c3
            l0 = v0 if v0 < l0 else l0
            l1 = v1 if v1 < l1 else l1
            l2 = v2 if v2 < l2 else l2
            l3 = v3 if v3 < l3 else l3
        out[j], out[j + 1], out[j + 2], out[j + 3] = c0, c1, c2, c3
        hi = max(hi, max(max(c0, c1), max(c2, c3)))
        lo = min(lo, min(min(l0, l1), min(l2, l3)))
        j += 4
    for k in range(j, n):                   # the last columns, one at a time
        c = lk = A[0, k]
        for i in range(1, m):
            v = A[i, k]
            c = v if v > c else c
            lk = v if v < lk else lk
        out[k] = c
        hi = c if c > hi else hi
        lo = lk if lk < lo else lo
    return lo, hi


@numba.njit(cache=True, nogil=True)
def first_pure(A, B):  # pragma: no cover
    """Row-major index ``i * n + j`` of the first pure equilibrium of ``(A, B)``, or -1."""
    return _pure_scan(A, B)[0]


@numba.njit(cache=True, nogil=True)
def _range(M):  # pragma: no cover
    """``(min, max)`` of ``M``."""
    lo = hi = M[0, 0]
    for i in range(M.shape[0]):
        for j in range(M.shape[1]):
            v = M[i, j]
            lo = v if v < lo else lo
            hi = v if v > hi else hi
    return lo, hi


@numba.njit(cache=True, nogil=True)
def _scaled(M, T, transpose, lo, hi):  # pragma: no cover
    """``T[:, :k] = (M - lo) * (1 / span) + 1`` (``M.T`` when ``transpose``); ``T[:, k] = 1``;
    ``lo, hi`` are the min and max of ``M``."""
    r, c = M.shape
    span = hi - lo
    k = T.shape[1] - 1
    if span > 0:
        inv = 1.0 / span
        if transpose:
            # M read four rows at a time (each T row then gets four neighbouring entries)
            i = 0
            while i + 4 <= r:
                for j in range(c):
                    T[j, i] = (M[i, j] - lo) * inv + 1.0
                    T[j, i + 1] = (M[i + 1, j] - lo) * inv + 1.0
                    T[j, i + 2] = (M[i + 2, j] - lo) * inv + 1.0
                    T[j, i + 3] = (M[i + 3, j] - lo) * inv + 1.0
                i += 4
            for q in range(i, r):
                for j in range(c):
                    T[j, q] = (M[q, j] - lo) * inv + 1.0
        else:
            for i in range(r):
                for j in range(c):
                    T[i, j] = (M[i, j] - lo) * inv + 1.0
    else:
        for i in range(T.shape[0]):
            for j in range(k):
                T[i, j] = 1.0
    for i in range(T.shape[0]):
        T[i, k] = 1.0


@numba.njit(cache=True, nogil=True)
def start_tableaux(A, B, T0, T1):  # pragma: no cover
    """The starting tableaux of :func:`start_path` (and of
    :meth:`~contracts.equilibrium._lh_paths._FloatState.from_payoffs`) written into ``T0``
    (``n x (m + 1)``) and ``T1`` (``m x (n + 1)``)."""
    lo_a, hi_a = _range(A)
    lo_b, hi_b = _range(B)
    _scaled(B, T0, True, lo_b, hi_b)
    _scaled(A, T1, False, lo_a, hi_a)


def buffers(m: int, n: int) -> tuple:
    """Work arrays of :func:`start_path` for an ``m x n`` game: ``(F, I, x, y)``."""
    return (np.empty(2 * m * n + m + n), np.empty(4 * (m + n), dtype=np.int64), np.empty(m),
            np.empty(n))


def views(F: np.ndarray, I: np.ndarray, m: int, n: int) -> tuple:
    """``(T0, b0, p0, s0, T1, b1, p1, s1)``: the two dictionaries inside the work arrays
    (``I`` holds ``b0 | p0 | s0 | b1 | p1 | s1`` of lengths ``n, m + n, n, m, m + n, m``)."""
    k = n * (m + 1)
    o = 3 * n + m
    return (F[:k].reshape(n, m + 1), I[:n], I[n:2 * n + m], I[2 * n + m:o],
            F[k:].reshape(m, n + 1), I[o:o + m], I[o + m:o + 2 * m + n], I[o + 2 * m + n:])


@numba.njit(cache=True, nogil=True)
def start_path(A, B, init, k, tol_piv, tol_ratio, F, I, x, y, pure_first):  # pragma: no cover
    """Both starting dictionaries of the game and up to ``k`` pivots from label ``init``; with
    ``pure_first``, first :func:`first_pure`, and nothing else if it finds one.

    The dictionaries are written into the work arrays ``F`` (both tableaux, flattened) and
    ``I`` (bases, positions and slack labels; :func:`views` reads them back), so that a path
    that ends costs no array boxing. Returns ``(pivots, t, enter, done, tied, failed,
    payoff_row, payoff_column, max_regret)``: the kernel's ``run_path`` outcome and, when the
    path ended without a tie, the profile (written into ``x`` and ``y``) with its payoffs and
    regret (:func:`profile_regret`); else NaN; and last the index ``i * n + j`` of the pure
    equilibrium found (-1: none, or not looked for), in which case no path was started and
    ``x``, ``y``, the payoffs and the regret (0) are those of the pure profile ``(i, j)``.
    """
    m, n = A.shape
    if pure_first:
        hit, lo_a, hi_a, lo_b, hi_b = _pure_scan(A, B)
        if hit >= 0:
            # the pure profile, its payoffs, and its regret: 0 (each action is a best reply,
            # compared exactly)
            x[:] = 0.0
            y[:] = 0.0
            x[hit // n] = 1.0
            y[hit % n] = 1.0
            return (0, 0, init, False, False, False, A[hit // n, hit % n], B[hit // n, hit % n],
                    0.0, hit)
    else:
        lo_a, hi_a = _range(A)
        lo_b, hi_b = _range(B)
    T0 = F[:n * (m + 1)].reshape(n, m + 1)
    T1 = F[n * (m + 1):].reshape(m, n + 1)
    _scaled(B, T0, True, lo_b, hi_b)
    _scaled(A, T1, False, lo_a, hi_a)
    # tableau 0 (P): rows are the column player's slacks m..m+n-1, columns the x's (labels 0..m-1)
    b0 = I[:n]
    p0 = I[n:2 * n + m]
    s0 = I[2 * n + m:3 * n + m]
    # tableau 1 (Q): rows are the row player's slacks 0..m-1, columns the y's (labels m..m+n-1)
    o = 3 * n + m
    b1 = I[o:o + m]
    p1 = I[o + m:o + 2 * m + n]
    s1 = I[o + 2 * m + n:o + 3 * m + n]
    for j in range(n):
        s0[j] = m + j
        b0[j] = m + j
        p0[m + j] = -(j + 1)
        p1[m + j] = j
    for i in range(m):
        p0[i] = i
        s1[i] = i
        b1[i] = i
        p1[i] = -(i + 1)
    t = 0 if init < m else 1
    piv, t, enter, done, tied, failed = run_path(T0, b0, p0, s0, T1, b1, p1, s1, t, init,
                                                 init, k, tol_piv, tol_ratio)
    if done and not tied and not failed:
        u, v, r = profile_regret(A, B, T0, b0, T1, b1, x, y)
    else:
        u, v, r = np.nan, np.nan, np.nan
    return piv, t, enter, done, tied, failed, u, v, r, -1


@numba.njit(cache=True, nogil=True)
def profile_regret(A, B, T0, b0, T1, b1, x, y):  # pragma: no cover
    """``(payoff_row, payoff_column, max_regret)`` at a path's end, the profile written into
    ``x`` and ``y`` (a NaN regret: a zero or non-finite strategy; it fails)."""
    m, n = A.shape
    x[:] = 0.0
    y[:] = 0.0
    for r in range(b0.shape[0]):
        if b0[r] < m:
            x[b0[r]] = T0[r, T0.shape[1] - 1]
    for r in range(b1.shape[0]):
        if b1[r] >= m:
            y[b1[r] - m] = T1[r, T1.shape[1] - 1]
    sx = 0.0
    for i in range(m):
        if x[i] < 0.0:
            x[i] = 0.0
        sx += x[i]
    sy = 0.0
    for j in range(n):
        if y[j] < 0.0:
            y[j] = 0.0
        sy += y[j]
    if not (sx > 0.0 and sy > 0.0 and sx < np.inf and sy < np.inf):
        return np.nan, np.nan, np.nan
    x /= sx
    y /= sy
    # the players' action payoffs A y and x B, summed over the supports (the other terms are
    # exact zeros: the same sums)
    sup_y = np.flatnonzero(y)
    sup_x = np.flatnonzero(x)
    u1 = np.zeros(m)
    u2 = np.zeros(n)
    for i in range(m):
        acc = 0.0
        for j in sup_y:
            acc += A[i, j] * y[j]
        u1[i] = acc
    for i in sup_x:
        xi = x[i]
        for j in range(n):
            u2[j] += xi * B[i, j]
    p1 = 0.0
    for i in range(m):
        p1 += x[i] * u1[i]
    p2 = 0.0
    for j in range(n):
        p2 += y[j] * u2[j]
    r1 = u1.max() - p1
    r2 = u2.max() - p2
    if not (r1 == r1 and r2 == r2):
        return p1, p2, np.nan
    return p1, p2, max(r1, r2, 0.0)



@numba.njit(cache=True, nogil=True)
def sweep(S0, sb0, sp0, S1, sb1, sp1, T0s, b0s, p0s, T1s, b1s, p1s, s0, s1, lo, hi, cap,
          tol_piv, tol_ratio, out):  # pragma: no cover
    """The capped sweep of labels ``lo, ..., hi - 1``: for each label ``k`` in turn, the start
    dictionaries ``(S0, sb0, sp0)`` and ``(S1, sb1, sp1)`` are copied into a slot of the stack
    ``(T0s, b0s, p0s)``, ``(T1s, b1s, p1s)`` (slacks ``s0``, ``s1`` shared) and the path from
    label ``k`` gets up to ``cap`` pivots of ``run_path``, exactly as the same calls from Python
    would. Each probe has its own slot ``k`` if the stack has one per label, else all share
    slot 0 (scratch).

    Row ``k`` of ``out`` receives the probe's ``(pivots, t, enter, tied)`` (pivots
    ``-1 - pivots`` if a column had no positive entry). Stops at the first probe that ends and
    returns its label, or -1 if none ended."""
    keep = T0s.shape[0] > 1
    for k in range(lo, hi):
        q = k if keep else 0
        T0, b0, p0 = T0s[q], b0s[q], p0s[q]
        T1, b1, p1 = T1s[q], b1s[q], p1s[q]
        T0[:, :] = S0
        b0[:] = sb0
        p0[:] = sp0
        T1[:, :] = S1
        b1[:] = sb1
        p1[:] = sp1
        t = 0 if p0[k] >= 0 else 1
        piv, t, enter, done, tied, failed = run_path(T0, b0, p0, s0, T1, b1, p1, s1, t, k, k,
                                                     cap, tol_piv, tol_ratio)
        out[k, 0] = -1 - piv if failed else piv
        out[k, 1] = t
        out[k, 2] = enter
        out[k, 3] = 1 if tied else 0
        if done:
            return k
    return -1

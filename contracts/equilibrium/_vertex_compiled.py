"""Compiled partner step of float vertex enumeration (numba, optional).

:func:`contracts.equilibrium.vertex_enumeration._partners` solves one small square system per
vertex of the enumerated best-response polytope; on small games the batched numpy solve and the
array glue around it cost more than the Qhull call that found the vertices. When numba is in
use (the rule of :func:`contracts._linalg.pivot._compiled_for`), :func:`partners` does the same
work vertex by vertex in one compiled call: the same system (rows ``support(z)``, columns
``tight(z)``, right-hand sides ones and the fixed probe), Gaussian elimination with partial
pivoting (an exactly zero pivot: singular), the same conditioning test, the same feasibility
tests and the same normalisation, so the two paths differ only in round-off.

Imported only when numba is in use; raises ImportError without numba.
"""

from __future__ import annotations

import numba
import numpy as np


def _c(a: np.ndarray) -> np.ndarray:
    """``a`` as a C-contiguous writable array (a copy only when it is not): one compiled
    signature per kernel, whatever the layout and flags of the caller's arrays."""
    flags = a.flags
    return a if flags.c_contiguous and flags.writeable else np.array(a, order="C")


def partners(sup, tig, Mother, probe, tol: float):
    """``(found, W, degenerate, hard)`` for the vertices ``sup``/``tig`` (rows ``q``), as
    :func:`contracts.equilibrium.vertex_enumeration._partners` returns them.

    ``found``: the rows with a partner, ``W`` their partners (normalised rows); ``degenerate``:
    a partner has more best responses than its support size; ``hard`` (ascending): the rows
    that are not square (more best responses than support size) or whose system is singular,
    ill-conditioned or not finite (matched by the caller instead). ``probe`` needs at least as
    many entries as the largest support."""
    return _partners(_c(sup), _c(tig), _c(Mother), _c(probe), float(tol))


def labels(Z, Mp, tol: float):
    """The labels of :func:`contracts._polytope.vertex_labels`, vertex by vertex.

    ``Z``: unnormalised vertices of ``{z >= 0, Mp z <= 1}`` (rows; the zero vertex included);
    returns ``(X, support, tight, ks, kt)`` for the nonzero ones: normalised (entries below
    ``tol`` set to 0, renormalised), own actions in the support, opponent actions within
    ``tol`` (relative) of the best payoff, and the sizes of both sets."""
    return _labels(_c(Z), _c(Mp), float(tol))


@numba.njit(cache=True, nogil=True)
def _partners(sup, tig, Mother, probe, tol):  # pragma: no cover - compiled
    """:func:`partners` (C-contiguous writable arrays)."""
    N, d = sup.shape
    r = tig.shape[1]
    K = 0                                       # the largest support of a square vertex
    for q in range(N):
        k = 0
        kk = 0
        for i in range(d):
            k += sup[q, i]
        for j in range(r):
            kk += tig[q, j]
        if k == kk and k > K:
            K = k
    found = np.empty(N, np.intp)
    bad = np.empty(N, np.intp)
    W = np.zeros((N, r))
    nf = 0
    nb = 0
    degenerate = False
    S = np.empty(d, np.intp)
    T = np.empty(r, np.intp)
    a = np.empty((K, K))
    b = np.empty((K, 2))
    w = np.zeros(r)
    V = np.empty(d)
    for q in range(N):
        k = 0
        for i in range(d):
            if sup[q, i]:
                S[k] = i
                k += 1
        kk = 0
        for j in range(r):
            if tig[q, j]:
                T[kk] = j
                kk += 1
        if k != kk:                             # a degenerate vertex: matched by the caller
            bad[nb] = q
            nb += 1
            continue
        for i in range(k):
            for j in range(k):
                a[i, j] = Mother[S[i], T[j]]
            b[i, 0] = 1.0
            b[i, 1] = probe[i]
        singular = False
        for c in range(k):                      # elimination with partial pivoting
            p = c
            big = abs(a[c, c])
            for i in range(c + 1, k):
                v = abs(a[i, c])
                if v > big:
                    big = v
                    p = i
            if big == 0.0:
                singular = True
                break
            if p != c:
                for j in range(c, k):
                    t = a[c, j]
                    a[c, j] = a[p, j]
                    a[p, j] = t
                for j in range(2):
                    t = b[c, j]
                    b[c, j] = b[p, j]
                    b[p, j] = t
            inv = 1.0 / a[c, c]
            for i in range(c + 1, k):
                f = a[i, c] * inv
                if f != 0.0:
                    for j in range(c + 1, k):
                        a[i, j] -= f * a[c, j]
                    b[i, 0] -= f * b[c, 0]
                    b[i, 1] -= f * b[c, 1]
        if singular:
            bad[nb] = q
            nb += 1
            continue
        tot = 0.0
        big = 0.0
        lo = np.inf
        for i in range(k - 1, -1, -1):          # back substitution
            s0 = b[i, 0]
            s1 = b[i, 1]
            for j in range(i + 1, k):
                s0 -= a[i, j] * b[j, 0]
                s1 -= a[i, j] * b[j, 1]
            s0 /= a[i, i]
            s1 /= a[i, i]
            b[i, 0] = s0
            b[i, 1] = s1
            tot += s0
            if abs(s1) > big or s1 != s1:
                big = abs(s1)
            if s0 < lo:
                lo = s0
        if not (big * K < 1e10) or not np.isfinite(tot):
            bad[nb] = q
            nb += 1
            continue
        if not (tot > 0.0 and lo >= -tol * abs(tot)):
            continue
        for j in range(r):
            w[j] = 0.0
        for j in range(k):
            w[T[j]] = b[j, 0]
        vmax = -np.inf
        for i in range(d):
            s = 0.0
            for j in range(k):
                s += Mother[i, T[j]] * b[j, 0]
            V[i] = s
            if s > vmax:
                vmax = s
        if not (vmax <= 1.0 + tol):
            continue
        s = 0.0
        for j in range(r):
            s += w[j]
        n_pos = 0
        s2 = 0.0
        for j in range(r):
            v = w[j] / s
            if v < tol:
                v = 0.0
            w[j] = v
            s2 += v
        for j in range(r):
            v = w[j] / s2
            W[nf, j] = v
            if v > 0.0:
                n_pos += 1
        n_tight = 0
        for i in range(d):
            if V[i] >= 1.0 - tol:
                n_tight += 1
        if n_tight > n_pos:
            degenerate = True
        found[nf] = q
        nf += 1
    return found[:nf], W[:nf], degenerate, bad[:nb]


@numba.njit(cache=True, nogil=True)
def _labels(Z, Mp, tol):  # pragma: no cover - compiled
    """:func:`labels` (C-contiguous writable arrays)."""
    F, d = Z.shape
    r = Mp.shape[0]
    X = np.empty((F, d))
    sup = np.zeros((F, d), np.bool_)
    tig = np.zeros((F, r), np.bool_)
    ks = np.zeros(F, np.intp)
    kt = np.zeros(F, np.intp)
    V = np.empty(r)
    nv = 0
    for f in range(F):
        tot = 0.0
        for j in range(d):
            tot += Z[f, j]
        if not tot > 1e-12:
            continue
        s = 0.0
        for j in range(d):
            v = Z[f, j] / tot
            if v < tol:
                v = 0.0
            X[nv, j] = v
            s += v
        k = 0
        for j in range(d):
            v = X[nv, j] / s
            X[nv, j] = v
            if v > 0.0:
                sup[nv, j] = True
                k += 1
        best = -np.inf
        for i in range(r):
            u = 0.0
            for j in range(d):
                u += Mp[i, j] * X[nv, j]
            V[i] = u
            if u > best:
                best = u
        thr = best - tol * best
        t = 0
        for i in range(r):
            if V[i] >= thr:
                tig[nv, i] = True
                t += 1
        ks[nv] = k
        kt[nv] = t
        nv += 1
    return X[:nv], sup[:nv], tig[:nv], ks[:nv], kt[:nv]

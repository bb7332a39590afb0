"""Compiled stacked support enumeration (numba, optional): the arithmetic of :mod:`._batch_support`.

Imported only by :func:`contracts.equilibrium._batch_compiled._load_compiled`; raises ImportError
when numba is not installed. Compiled with ``cache=True`` so a new process loads the machine code
from ``__pycache__`` instead of compiling again.

:func:`enumerate_stack` runs game by game what the numpy kernel runs across games, with the same
index tables (built by :mod:`._batch_compiled` from :mod:`._colex` and :mod:`._batch_support`) and
the same floating-point operations in the same order: the normalised row differences ``H_2``,
the minors ``H_k`` by the Laplace recursion, the strategies ``Q * (1 / S)``, the rescaled slacks,
the margins and tolerances, the pure best-response test. So every strategy it returns is the
numpy kernel's, bit for bit, and it marks the same games suspect (a game is suspect as soon as
one test fails, so the remaining tests of that game are skipped). Only the final max-regret check
sums in plain loops instead of BLAS (a profile that passes it has a regret far below ``tol``).
"""

from __future__ import annotations

import numba
import numpy as np

# columns of a side's ``meta`` table (one row per support size k, rows 0 and 1 unused except
# STRICT/NPAIR of k = 1)
LOFF, NH, IAOFF, COFF, SOFF, NPAIR, QOFF, STOFF = range(8)


@numba.njit(cache=True, nogil=True)
def _side(M, tol, prob_tol, sing_tol, kmax, top, a2, b2, meta, iaib, cidx, sidx, L, Q,
          strict, lk, lp):  # pragma: no cover
    """Vertex tests of one side (``M``: opponent's actions x own actions) of one game.

    Fills ``strict`` (clear vertices of every size, offsets ``meta[k, STOFF]``), ``Q`` (the
    strategies of every pair of size >= 2, offsets ``meta[k, QOFF]``) and the list of clear
    vertices ``lk``, ``lp`` (size, pair; in order). Returns the length of that list, or -1 when
    the side makes the game suspect (constant payoffs, a near tie, a vanishing probability or
    slack, a singular system); the tables are then left incomplete.
    """
    r, d = M.shape
    lo = M[0, 0]
    hi = M[0, 0]
    for i in range(r):
        for j in range(d):
            v = M[i, j]
            if v < lo:
                lo = v
            if v > hi:
                hi = v
    span = hi - lo
    if not span > 0:
        return -1
    f = 2.0 / span
    c = prob_tol / max(tol * f, np.finfo(np.float64).tiny)
    # k = 1: own action j is a clear vertex with best response l when l beats the others by
    # more than tol (exact ties at the top count as best responses, as in the numpy kernel)
    for j in range(d):
        t = M[0, j]
        for i in range(1, r):
            if M[i, j] > t:
                t = M[i, j]
        second = -np.inf
        for i in range(r):
            v = M[i, j]
            if v != t and v > second:
                second = v
        if not (t - second) > tol:
            return -1
        for i in range(r):
            strict[i * d + j] = M[i, j] == t
    nl = 0
    for p in range(r * d):                       # the list, branch-free (flags unpredictable)
        lk[nl] = 1
        lp[nl] = p
        nl += strict[p]
    # level 2: normalised row differences, then its negation
    n2 = a2.shape[0]
    if top >= 2:
        base = meta[2, LOFF]
        nh = meta[2, NH]
        for q in range(n2):
            for j in range(d):
                v = (M[b2[q], j] - M[a2[q], j]) * f
                L[base + q * d + j] = v
                L[base + nh + q * d + j] = -v
    # levels 3 .. top: Laplace along the last row, terms summed in order
    for k in range(3, top + 1):
        base = meta[k, LOFF]
        nh = meta[k, NH]
        prev = meta[k - 1, LOFF]
        d2 = meta[2, LOFF]
        off = meta[k, IAOFF]
        for h in range(nh):
            acc = L[d2 + iaib[off + h]] * L[prev + iaib[off + (k - 1) * nh + h]]
            for t in range(1, k - 1):
                acc = acc + L[d2 + iaib[off + t * nh + h]] * \
                    L[prev + iaib[off + (k - 1) * nh + t * nh + h]]
            L[base + h] = acc
            L[base + nh + h] = -acc
    # support pairs of size k >= 2: strategies, margins
    for k in range(2, kmax + 1):
        P = meta[k, NPAIR]
        lv = meta[k, LOFF]
        co = meta[k, COFF]
        qo = meta[k, QOFF]
        so = meta[k, STOFF]
        ns = r - k
        lv1 = 0
        sof = 0
        if ns > 0:
            lv1 = meta[k + 1, LOFF]
            sof = meta[k, SOFF]
        for p in range(P):
            S = L[lv + cidx[co + p]]
            for t in range(1, k):
                S = S + L[lv + cidx[co + t * P + p]]
            if abs(S) <= sing_tol:
                return -1
            inv = 1.0 / S
            margin = np.inf
            for t in range(k):
                y = L[lv + cidx[co + t * P + p]] * inv
                Q[qo + t * P + p] = y
                if y < margin:
                    margin = y
            if ns > 0:
                inv2 = inv * c
                for s in range(ns):
                    v = L[lv1 + sidx[sof + s * P + p]] * inv2
                    if v < margin:
                        margin = v
            if abs(margin) <= prob_tol:
                return -1
            ok = margin > prob_tol
            strict[so + p] = ok
            lk[nl] = k
            lp[nl] = p
            nl += ok
    return nl


@numba.njit(cache=True, nogil=True)
def enumerate_stack(A, B, tol, prob_tol, sing_tol, kmax, perm, poff, ty, tx):  # pragma: no cover
    """Equilibria of a stack of bimatrix games, with the contract of
    :func:`._batch_support.stack_support_enumeration` (``verify=True``).

    ``A``, ``B`` (G, m, n) C-contiguous; ``perm`` the row side's pair index of each column-side
    pair, size by size (offsets ``poff``); ``ty``, ``tx`` each side's tables ``(top, a2, b2,
    meta, iaib, cidx, sidx, J, nL, nQ, nS)``. Returns ``(game, X, Y, suspect)``: rows sorted by
    game, then support size, then the column side's pair order; no rows for suspect games.
    """
    G, m, n = A.shape
    topy, a2y, b2y, metay, iaiby, cidxy, sidxy, Jy, nLy, nQy, nSy = ty
    topx, a2x, b2x, metax, iaibx, cidxx, sidxx, Jx, nLx, nQx, nSx = tx
    Ly = np.empty(max(nLy, 1))
    Lx = np.empty(max(nLx, 1))
    Qy = np.empty(max(nQy, 1))
    Qx = np.empty(max(nQx, 1))
    sty = np.zeros(max(nSy, 1), dtype=np.bool_)
    stx = np.zeros(max(nSx, 1), dtype=np.bool_)
    Mx = np.empty((n, m))
    cap = 2 * G + 16
    gi = np.empty(cap, dtype=np.intp)
    X = np.empty((cap, m))
    Y = np.empty((cap, n))
    suspect = np.zeros(G, dtype=np.bool_)
    ux = np.empty(m)
    uy = np.empty(n)
    lky = np.empty(nSy + 1, dtype=np.intp)    # each side's clear vertices: size, pair
    lpy = np.empty(nSy + 1, dtype=np.intp)
    lkx = np.empty(nSx + 1, dtype=np.intp)
    lpx = np.empty(nSx + 1, dtype=np.intp)
    ek = np.empty(nSy + 1, dtype=np.intp)     # support size and pair of each equilibrium
    ep = np.empty(nSy + 1, dtype=np.intp)
    cnt = 0
    for g in range(G):
        tg = tol[g]
        ny = _side(A[g], tg, prob_tol, sing_tol, kmax, topy, a2y, b2y, metay, iaiby, cidxy,
                   sidxy, Ly, Qy, sty, lky, lpy)
        sus = ny < 0
        if not sus:
            Bg = B[g]
            for i in range(n):
                for j in range(m):
                    Mx[i, j] = Bg[j, i]
            sus = _side(Mx, tg, prob_tol, sing_tol, kmax, topx, a2x, b2x, metax, iaibx, cidxx,
                        sidxx, Lx, Qx, stx, lkx, lpx) < 0
        start = cnt
        if not sus:
            ne = 0
            for e in range(ny):                  # clear vertices of both sides
                k = lky[e]
                if stx[metax[k, STOFF] + perm[poff[k] + lpy[e]]]:
                    ek[ne] = k
                    ep[ne] = lpy[e]
                    ne += 1
            if ne % 2 == 0:                      # nondegenerate: an odd number
                sus = True
            else:
                if cnt + ne > cap:
                    cap = max(2 * cap, cnt + ne)
                    gi2 = np.empty(cap, dtype=np.intp)
                    X2 = np.zeros((cap, m))
                    Y2 = np.zeros((cap, n))
                    gi2[:cnt] = gi[:cnt]
                    X2[:cnt] = X[:cnt]
                    Y2[:cnt] = Y[:cnt]
                    gi, X, Y = gi2, X2, Y2
                for e in range(ne):
                    k = ek[e]
                    p = ep[e]
                    px = perm[poff[k] + p]
                    row = cnt + e
                    gi[row] = g
                    for j in range(n):
                        Y[row, j] = 0.0
                    for i in range(m):
                        X[row, i] = 0.0
                    if k == 1:
                        Y[row, p % n] = 1.0
                        X[row, px % m] = 1.0
                    else:
                        P = metay[k, NPAIR]
                        jy = metay[k, QOFF]      # J shares the Q layout (k entries per pair)
                        jx = metax[k, QOFF]
                        for t in range(k):
                            Y[row, Jy[jy + p * k + t]] = Qy[jy + t * P + p]
                            X[row, Jx[jx + px * k + t]] = Qx[jx + t * P + px]
                cnt += ne
        if not sus:
            # verification: max regret of every profile, with the original payoffs
            Ag = A[g]
            Bg = B[g]
            for e in range(start, cnt):
                xu = 0.0
                best = -np.inf
                for i in range(m):
                    s = 0.0
                    for j in range(n):
                        s += Ag[i, j] * Y[e, j]
                    ux[i] = s
                    xu += X[e, i] * s
                    if s > best:
                        best = s
                r1 = best - xu
                for j in range(n):
                    uy[j] = 0.0
                for i in range(m):
                    xi = X[e, i]
                    for j in range(n):
                        uy[j] += xi * Bg[i, j]
                yu = 0.0
                best = -np.inf
                for j in range(n):
                    yu += Y[e, j] * uy[j]
                    if uy[j] > best:
                        best = uy[j]
                r2 = best - yu
                if not (r1 <= tg and r2 <= tg):
                    sus = True
                    break
        if sus:
            suspect[g] = True
            cnt = start
    return gi[:cnt].copy(), X[:cnt].copy(), Y[:cnt].copy(), suspect

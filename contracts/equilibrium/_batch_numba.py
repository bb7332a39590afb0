"""Compiled stacked support enumeration (numba, optional): the arithmetic of :mod:`._batch_support`.

Imported only by :mod:`contracts.equilibrium._batch_compiled` (when it selects this kernel);
raises ImportError when numba is not installed. Compiled with ``cache=True`` so a new process
loads the machine code from ``__pycache__`` instead of compiling again.

:func:`enumerate_stack` runs the numpy kernel on blocks of 32 games that stay in cache,
games innermost (the loops over a block's games vectorise), with the same index tables (built by
:mod:`._batch_compiled` from :mod:`._colex` and :mod:`._batch_support`) and the same
floating-point operations in the same order for each game: the normalised row differences
``H_2``, the minors ``H_k`` by the Laplace recursion, the strategies ``Q * (1 / S)``, the rescaled
slacks, the margins and tolerances, the pure best-response test. So every strategy it returns is
the numpy kernel's, bit for bit, and it marks the same games suspect. Matching the two sides'
vertices, the parity test and the final max-regret check run game by game (the regret sums in
plain loops instead of BLAS: a profile that passes has a regret far below ``tol``).
"""

from __future__ import annotations

import numba
import numpy as np

# columns of a side's ``meta`` table (one row per support size k; row 1 only NPAIR and STOFF)
LOFF, NH, IAOFF, COFF, SOFF, NPAIR, QOFF, STOFF = range(8)

_JIT = dict(cache=True, nogil=True, error_model="numpy")


@numba.njit(**_JIT)
def _side(M, nb, tol, prob_tol, sing_tol, kmax, top, a2, b2, meta, iaib, cidx, sidx, L, Q,
          strict, sus, w):  # pragma: no cover
    """Vertex tests of one side of a block of ``nb`` games (``M`` (r, d, BB): opponent's
    actions x own actions x games).

    Fills ``strict`` (clear vertices of every size, rows ``meta[k, STOFF] + pair``) and ``Q`` (the
    strategies of every pair of size >= 2, rows ``meta[k, QOFF] + pair * k + t``), games last;
    ORs into ``sus`` the games this side makes suspect (constant payoffs, a near tie, a vanishing
    probability or slack, a singular system). ``w`` (6, BB) is scratch.
    """
    r, d, BB = M.shape
    lo, hi, f, c, S, mg = w[0], w[1], w[2], w[3], w[4], w[5]
    for b in range(nb):
        lo[b] = M[0, 0, b]
        hi[b] = M[0, 0, b]
    for i in range(r):
        for j in range(d):
            for b in range(nb):
                v = M[i, j, b]
                lo[b] = min(lo[b], v)
                hi[b] = max(hi[b], v)
    tiny = np.finfo(np.float64).tiny
    for b in range(nb):
        span = hi[b] - lo[b]
        bad = not span > 0                       # constant payoffs: degenerate
        sus[b] |= bad
        f[b] = 2.0 / (1.0 if bad else span)
        c[b] = prob_tol / max(tol[b] * f[b], tiny)
    # k = 1: own action j is a clear vertex with best response l when l beats the others by
    # more than tol (exact ties at the top count as best responses, as in the numpy kernel)
    for j in range(d):
        for b in range(nb):
            hi[b] = M[0, j, b]
        for i in range(1, r):
            for b in range(nb):
                hi[b] = max(hi[b], M[i, j, b])
        for b in range(nb):
            lo[b] = -np.inf
        for i in range(r):
            for b in range(nb):
                v = M[i, j, b]
                lo[b] = lo[b] if v == hi[b] else max(lo[b], v)
        for b in range(nb):
            sus[b] |= not (hi[b] - lo[b]) > tol[b]
        for i in range(r):
            for b in range(nb):
                strict[i * d + j, b] = M[i, j, b] == hi[b]
    # level 2: normalised row differences, then its negation
    if top >= 2:
        base = meta[2, LOFF]
        nh = meta[2, NH]
        for q in range(a2.shape[0]):
            for j in range(d):
                z = base + q * d + j
                for b in range(nb):
                    v = (M[b2[q], j, b] - M[a2[q], j, b]) * f[b]
                    L[z, b] = v
                    L[z + nh, b] = -v
    # levels 3 .. top: Laplace along the last row, terms summed in order
    d2 = meta[2, LOFF]
    for k in range(3, top + 1):
        base = meta[k, LOFF]
        nh = meta[k, NH]
        prev = meta[k - 1, LOFF]
        ia = meta[k, IAOFF]                      # (nh, k - 1) pair-major, then ib likewise
        ib = ia + (k - 1) * nh
        for h in range(nh):
            o = h * (k - 1)
            x = d2 + iaib[ia + o]
            y = prev + iaib[ib + o]
            z = base + h
            for b in range(nb):
                L[z, b] = L[x, b] * L[y, b]
            for t in range(1, k - 1):
                x = d2 + iaib[ia + o + t]
                y = prev + iaib[ib + o + t]
                for b in range(nb):
                    L[z, b] = L[z, b] + L[x, b] * L[y, b]
            for b in range(nb):
                L[z + nh, b] = -L[z, b]
    # support pairs of size k >= 2: strategies, margins
    for k in range(2, kmax + 1):
        P = meta[k, NPAIR]
        lv = meta[k, LOFF]
        co = meta[k, COFF]                       # (P, k) pair-major
        qo = meta[k, QOFF]                       # (P, k) pair-major
        so = meta[k, STOFF]
        ns = r - k
        lv1 = 0
        sof = 0
        if ns > 0:
            lv1 = meta[k + 1, LOFF]
            sof = meta[k, SOFF]                  # (P, r - k) pair-major
        for p in range(P):
            c0 = co + p * k
            q0 = qo + p * k
            x = lv + cidx[c0]
            for b in range(nb):
                S[b] = L[x, b]
            for t in range(1, k):
                x = lv + cidx[c0 + t]
                for b in range(nb):
                    S[b] = S[b] + L[x, b]
            for b in range(nb):
                sus[b] |= abs(S[b]) <= sing_tol
                S[b] = 1.0 / S[b]
                mg[b] = np.inf
            for t in range(k):
                x = lv + cidx[c0 + t]
                for b in range(nb):
                    v = L[x, b] * S[b]
                    Q[q0 + t, b] = v
                    mg[b] = min(mg[b], v)
            if ns > 0:
                for b in range(nb):
                    S[b] = S[b] * c[b]
                for t in range(ns):
                    x = lv1 + sidx[sof + p * ns + t]
                    for b in range(nb):
                        mg[b] = min(mg[b], L[x, b] * S[b])
            for b in range(nb):
                sus[b] |= abs(mg[b]) <= prob_tol
                strict[so + p, b] = mg[b] > prob_tol


@numba.njit(**_JIT)
def enumerate_stack(A, B, tol, prob_tol, sing_tol, kmax, perm, poff, kof, ty, tx, gi, X, Y,
                    suspect, start, cnt, BB):  # pragma: no cover
    """Equilibria of the games ``start:`` of a stack of bimatrix games, with the contract of
    :func:`._batch_support.stack_support_enumeration` (``verify=True``), written to rows
    ``cnt:`` of the caller's buffers ``gi`` (game), ``X``, ``Y``, and suspect flags to
    ``suspect`` (G,), in blocks of ``BB`` games.

    ``A``, ``B`` (G, m, n) C-contiguous; ``perm`` the row side's pair index of each column-side
    pair, size by size (offsets ``poff``; ``kof`` the size of each); ``ty``, ``tx`` each side's
    tables ``(top, a2, b2, meta, iaib, cidx, sidx, J, nL, nQ, nS)``. Rows are sorted by game,
    then support size, then the column side's pair order; no rows for suspect games. Returns
    ``(next game, rows filled)``: the next game is G when all are done, else the first game
    whose equilibria do not fit in the buffers (grow them and call again from there).
    """
    G, m, n = A.shape
    cap = len(gi)
    topy, a2y, b2y, metay, iaiby, cidxy, sidxy, Jy, nLy, nQy, nSy = ty
    topx, a2x, b2x, metax, iaibx, cidxx, sidxx, Jx, nLx, nQx, nSx = tx
    My = np.empty((m, n, BB))
    Mx = np.empty((n, m, BB))
    Ly = np.empty((max(nLy, 1), BB))
    Lx = np.empty((max(nLx, 1), BB))
    Qy = np.empty((max(nQy, 1), BB))
    Qx = np.empty((max(nQx, 1), BB))
    sty = np.zeros((max(nSy, 1), BB), dtype=np.bool_)
    stx = np.zeros((max(nSx, 1), BB), dtype=np.bool_)
    sus = np.zeros(BB, dtype=np.bool_)
    w = np.empty((6, BB))
    uy = np.empty(n)
    eqs = np.empty((BB, len(perm) + 1), dtype=np.intp)   # each game's equilibria (pair numbers)
    neq = np.zeros(BB, dtype=np.intp)
    for g0 in range(start, G, BB):
        nb = min(BB, G - g0)
        tb = tol[g0:g0 + nb]
        for b in range(nb):
            sus[b] = False
            for i in range(m):
                for j in range(n):
                    My[i, j, b] = A[g0 + b, i, j]
                    Mx[j, i, b] = B[g0 + b, i, j]
        _side(My, nb, tb, prob_tol, sing_tol, kmax, topy, a2y, b2y, metay, iaiby, cidxy, sidxy,
              Ly, Qy, sty, sus, w)
        _side(Mx, nb, tb, prob_tol, sing_tol, kmax, topx, a2x, b2x, metax, iaibx, cidxx, sidxx,
              Lx, Qx, stx, sus, w)
        # clear vertices of both sides, listed per game in pair order (games innermost,
        # branch-free: the flags are unpredictable)
        for b in range(nb):
            neq[b] = 0
        for k in range(1, kmax + 1):
            so = metay[k, STOFF]
            sox = metax[k, STOFF]
            po = poff[k]
            for p in range(metay[k, NPAIR]):
                ry = so + p
                rx = sox + perm[po + p]
                for b in range(nb):
                    eqs[b, neq[b]] = po + p
                    neq[b] += sty[ry, b] & stx[rx, b]
        for b in range(nb):
            g = g0 + b
            tg = tol[g]
            suspect[g] = True
            ne = neq[b]
            if sus[b] or ne % 2 == 0:            # nondegenerate: an odd number
                continue
            if cnt + ne > cap:
                return g, cnt
            ok = True
            for e in range(ne):
                q = eqs[b, e]
                k = kof[q]
                p = q - poff[k]
                px = perm[q]
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
                    jy = metay[k, QOFF] + p * k          # J shares the Q layout
                    jx = metax[k, QOFF] + px * k
                    for t in range(k):
                        Y[row, Jy[jy + t]] = Qy[jy + t, b]
                        X[row, Jx[jx + t]] = Qx[jx + t, b]
                # verification: max regret, with the original payoffs
                xu = 0.0
                best = -np.inf
                for i in range(m):
                    s = 0.0
                    for j in range(n):
                        s += A[g, i, j] * Y[row, j]
                    xu += X[row, i] * s
                    best = max(best, s)
                r1 = best - xu
                for j in range(n):
                    uy[j] = 0.0
                for i in range(m):
                    xi = X[row, i]
                    for j in range(n):
                        uy[j] += xi * B[g, i, j]
                yu = 0.0
                best = -np.inf
                for j in range(n):
                    yu += Y[row, j] * uy[j]
                    best = max(best, uy[j])
                r2 = best - yu
                ok = ok and r1 <= tg and r2 <= tg
            if ok:
                suspect[g] = False
                cnt += ne
    return G, cnt

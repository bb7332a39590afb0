"""Support enumeration of one small game: both players' sides and every support size at once.

The small-stack kernel of :mod:`._batch_small` decides every support pair of every size with a
handful of numpy operations per side and level; on a single game those operations are so small
that their number, not their size, sets the time. Here both players' sides share every
operation: one flat buffer holds the minors of both sides, level after level (each level one
gather, one product and one sum over both sides), and one gather reads every support pair's
probabilities and rescaled slacks from it. The arithmetic is that of :mod:`._batch_small`,
operation for operation (the same minors, sums in the same order, the same normalisation,
tolerances and suspect flags), so a game gets the same answer from either kernel; only the
bookkeeping differs.

A game is answered here only when it is *certified nondegenerate* (every support pair clearly a
vertex or clearly not, no singular system, payoffs not constant, an odd number of equilibria);
otherwise :func:`single_game` returns None and the caller runs the general algorithm.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ._batch_small import _PROB_TOL, _SING_TOL, _all_pairs, _all_transpose
from ._batch_support import _level_index
from ._colex import _subsets

__all__: list[str] = []

#: games with at most this many margin terms over both sides (``max(m, n)`` per support pair)
#: are decided here: the bound under which the stack kernel tests all sizes together
SMALL_TERMS = 1 << 16
_TINY = float(np.finfo(np.float64).tiny)


def fits(m: int, n: int) -> bool:
    """Whether an ``m x n`` game is small enough for :func:`single_game`."""
    return max(m, n) * (math.comb(m + n, m) - 1) * 2 <= SMALL_TERMS


class _Tables:
    """Gather indices of one game shape ``(m, n)`` into the flat buffer of both sides' minors.

    The buffer holds ``LB`` = [1, level 2, level 3, ...] (each level: the row player's side
    after the column player's), then ``-LB``, then both of these scaled by the column
    player's slack factor, then by the row player's. Sides: ``y`` (the column player's
    strategies; matrix ``A``, ``m x n``) and ``x`` (the row player's; ``B'``, ``n x m``).
    """

    def __init__(self, m: int, n: int):
        sides = ((m, n), (n, m))                          # (r, d) of side y, side x
        tops = [min(min(m, n) + 1, r) for r, _ in sides]
        top = max(tops)
        # level sizes per side: level 1 (r entries of 1), level k >= 2 C(r, k) C(d, k - 1)
        size = {(s, k): math.comb(r, k) * math.comb(d, k - 1) if k <= tops[s] else 0
                for s, (r, d) in enumerate(sides) for k in range(2, top + 1)}
        start = {}
        pos = 1                                           # LB[0] = 1: every level-1 entry
        for k in range(2, top + 1):
            for s in (0, 1):
                start[(s, k)] = pos
                pos += size[(s, k)]
        L = self.L = pos
        # level 2: row differences of each side's matrix, read from [A.ravel(), B'.ravel()]
        i1, i0 = [], []
        for s, (r, d) in enumerate(sides):
            S2 = _subsets(r, 2)[0]
            base = 0 if s == 0 else m * n
            cols = np.arange(d)
            i1.append((base + S2[:, 1, None] * d + cols).ravel())
            i0.append((base + S2[:, 0, None] * d + cols).ravel())
        self.i1, self.i0 = np.concatenate(i1), np.concatenate(i0)
        self.h2 = (start.get((0, 2), 1), start.get((0, 2), 1) + size.get((0, 2), 0),
                   start.get((1, 2), 1) + size.get((1, 2), 0))   # [y start, x start, end)

        def signed(s, k, idx):
            """Positions in the buffer of the entries ``idx`` of ``[H_k; -H_k]`` of side s."""
            nk = size[(s, k)]
            neg = idx >= nk
            return start[(s, k)] + np.where(neg, idx - nk, idx) + np.where(neg, L, 0)

        # levels 3 .. top: both sides' Laplace terms side by side
        self.levels = []
        for k in range(3, top + 1):
            ia, ib = [], []
            for s, (r, d) in enumerate(sides):
                if k > tops[s]:
                    continue
                a, b = _level_index(r, d, k)
                ia.append(signed(s, 2, a))
                ib.append(start[(s, k - 1)] + b)
            out = (start[(0, k)] if size[(0, k)] else start[(1, k)])
            n_out = size[(0, k)] + size[(1, k)]
            self.levels.append((np.concatenate(ia, axis=1).ravel(),
                                np.concatenate(ib, axis=1).ravel(), k - 1, out, n_out))
        # every support pair: its r margin terms (k probabilities, r - k rescaled slacks),
        # padded to R = max(m, n) rows by repeating its first term (weight 0)
        R = max(m, n)
        idx, wts = [], []
        self.pairs = []
        for s, (r, d) in enumerate(sides):
            pidx, q, J, top_s = _all_pairs(r, d)
            P = q.shape[1]
            pidx = pidx.reshape(r, P)
            off, o = {}, 0
            for k in range(1, top_s + 1):
                off[k] = o
                o += 2 * (r if k == 1 else size[(s, k)])
            scaled = pidx >= o
            v = np.where(scaled, pidx - o, pidx)
            pos = np.empty_like(v)
            for k in range(1, top_s + 1):
                nk = r if k == 1 else size[(s, k)]
                here = (v >= off[k]) & (v < off[k] + 2 * nk)
                w = v[here] - off[k]
                if k == 1:
                    pos[here] = np.where(w >= nk, L, 0)
                else:
                    pos[here] = signed(s, k, w)
            pos += np.where(scaled, 2 * L * (1 + s), 0)
            full = np.empty((R, P), dtype=np.intp)
            full[:r] = pos
            full[r:] = pos[:1]
            wq = np.zeros((R, P))
            wq[:r] = q
            idx.append(full)
            wts.append(wq)
            self.pairs.append(P)
        self.idx = np.ascontiguousarray(np.concatenate(idx, axis=1)).ravel()
        self.qmask = np.concatenate(wts, axis=1)
        self.R = R
        self.split = np.array([0, self.pairs[0]])
        self.perm = _all_transpose(m, n)
        self.Jy = _all_pairs(m, n)[2]
        self.Jx = _all_pairs(n, m)[2]
        for a in (self.i1, self.i0, self.idx, self.qmask):
            a.flags.writeable = False


@lru_cache(maxsize=32)
def _tables(m: int, n: int) -> _Tables:
    return _Tables(m, n)


def _scale(M: np.ndarray, tol: float) -> tuple[float, float, bool]:
    """A side's normalising factor ``f`` (its payoff range onto 2), slack factor ``c`` and
    whether its payoffs are constant, as the stack kernel computes them."""
    span = float(M.max()) - float(M.min())
    bad = not span > 0
    f = 2.0 / (1.0 if bad else span)
    return f, _PROB_TOL / max(tol * f, _TINY), bad


def single_game(A: np.ndarray, B: np.ndarray, tol: float):
    """Every equilibrium ``(X, Y)`` (rows) of the float game ``(A, B)`` when it is certified
    nondegenerate, in the stack kernel's order; None when it is not (or too large)."""
    m, n = A.shape
    if not fits(m, n):
        return None
    t = _tables(m, n)
    fy, cy, bad_y = _scale(A, tol)
    fx, cx, bad_x = _scale(B, tol)
    if bad_y or bad_x:
        return None
    L = t.L
    buf = np.empty(6 * L)
    buf[0], buf[L] = 1.0, -1.0
    src = np.concatenate((A, B.T), axis=None)
    y0, x0, end = t.h2
    h2 = buf[y0:end]
    np.subtract(src.take(t.i1), src.take(t.i0), out=h2)
    h2[:x0 - y0] *= fy
    h2[x0 - y0:] *= fx
    np.negative(h2, out=buf[L + y0:L + end])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for ia, ib, terms, out, size in t.levels:
            prod = buf.take(ia).reshape(terms, size)
            prod *= buf.take(ib).reshape(terms, size)
            np.add.reduce(prod, axis=0, out=buf[out:out + size])
        np.negative(buf[end:L], out=buf[L + end:2 * L])
        np.multiply(buf[:2 * L], cy, out=buf[2 * L:4 * L])
        np.multiply(buf[:2 * L], cx, out=buf[4 * L:])
        V = buf.take(t.idx).reshape(t.qmask.shape)
        S = np.add.reduce(V * t.qmask, axis=0)
        inv = np.divide(1.0, S)
        sing = np.minimum.reduceat(np.abs(S), t.split) <= _SING_TOL
        V *= inv
        margin = np.minimum.reduce(V, axis=0)
    if sing.any() or (np.minimum.reduceat(np.abs(margin), t.split) <= _PROB_TOL).any():
        return None
    strict = margin > _PROB_TOL
    Py = t.pairs[0]
    eq = strict[Py:].take(t.perm)
    eq &= strict[:Py]
    p = eq.nonzero()[0]
    if len(p) % 2 == 0:                        # nondegenerate: an odd number (none: suspect)
        return None
    px = t.perm[p]
    Jy, Jx = t.Jy[p], t.Jx[px]
    kk = Jy.shape[1]
    rows = np.arange(len(p))[:, None]
    Y = np.zeros((len(p), n + 1))              # the padding lands in the last column
    X = np.zeros((len(p), m + 1))
    Y[rows, Jy] = V[:kk, p].T
    X[rows, Jx] = V[:kk, Py + px].T
    return X[:, :m], Y[:, :n]

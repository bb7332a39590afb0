"""Support enumeration of a stack of same-shape bimatrix games, vectorised across games.

The kernel behind :func:`contracts.equilibrium.batch.solve_many` for
``method="support_enumeration"`` / ``"vertex_enumeration"``. Games sit on the *last* axis of
every array, so each numpy operation runs over all games at once on contiguous memory.

For every pair of supports ``(L, J)`` of equal size ``k`` (``L`` among the opponent's actions,
``J`` among the player's own), the indifference system ``M[L, J] y = v 1, 1'y = 1`` is solved by
Cramer's rule: the solution is the vector of signed ``k x k`` minors of ``[M | -1]`` and the slack
``v - M[i] y`` of an action ``i`` outside ``L`` is a ``(k+1) x (k+1)`` minor divided by the same
determinant. All minors of all sizes come from the ones a size smaller by a Laplace expansion
along the last row (the recursion of :mod:`.support_enumeration`), each size a few vectorised
gathers, products and sums over the whole stack.

A game is solved here only when it is *certified nondegenerate* on what the enumeration sees:
every support pair is either clearly infeasible or clearly a vertex (probabilities above the
probability tolerance, slacks above the regret tolerance, determinant away from zero); the
number of equilibria is odd; and every equilibrium has max regret within the game's default
tolerance. Anything else -- a tie, a vanishing probability, a singular system -- marks the game
*suspect* and the caller hands it to the single-game solver, which handles degeneracy.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache

import numpy as np

from .._tolerance import EPS, REL_TOL, TINY, ULP_FACTOR
from ._batch_small import _PROB_TOL, _SING_TOL, _per_game, match_all
from ._colex import _pair_index, _subsets, _transpose_pairs

__all__: list[str] = []

_CHUNK_ELEMS = 1 << 18    # games per slice: keep the largest temporary near a few MB
_PAIR_CHUNK = 1 << 20     # support pairs x games per step within a slice (large games)
_SMALL_ELEMS = 1 << 16    # below this many elements, sizes are done together (fewer calls)


@lru_cache(maxsize=64)
def _level_index(r: int, d: int, k: int):
    """Gather indices for ``H_k`` (k >= 3) from ``H_2`` and ``H_(k-1)``.

    ``H_k[L, C]`` (``|L| = k`` rows, ``|C| = k - 1`` columns) is the determinant of the rows
    ``M[l] - M[min L]`` (``l`` in ``L`` above its minimum) on the columns ``C``; it equals
    ``(-1)**k`` times the minor of ``[M | -1]`` on ``L`` and ``C`` plus the last column. Laplace
    along the last row: ``H_k[L, C] = sum_t (-1)**(k+t) H_2[{min L, max L}, C_t]
    H_(k-1)[L - max L, C - C_t]``; the signs are folded into ``ia``, which points into
    ``[H_2; -H_2]``.
    """
    R, _, rparent = _subsets(r, k)
    Cs, cdrop, _ = _subsets(d, k - 1)
    nC_prev = math.comb(d, k - 2)
    pair = R[:, k - 1] * (R[:, k - 1] - 1) // 2 + R[:, 0]          # colex rank of {min, max}
    n2 = math.comb(r, 2) * d
    ia = np.empty((k - 1, len(R), len(Cs)), dtype=np.intp)
    ib = np.empty_like(ia)
    for t in range(k - 1):
        ia[t] = pair[:, None] * d + Cs[None, :, t] + (n2 if (k + t) % 2 else 0)
        ib[t] = rparent[:, None] * nC_prev + cdrop[None, :, t]
    return ia.reshape(k - 1, -1), ib.reshape(k - 1, -1)


@lru_cache(maxsize=64)
def _transpose_inverse(m: int, n: int, k: int) -> np.ndarray:
    """Position in the row side's pair order ``(I, J)`` of each column-side pair ``(J, I)``."""
    return np.argsort(_transpose_pairs(m, n, k))


class _Work:
    """Scratch buffers reused from slice to slice (named, grown on demand).

    Fresh large temporaries cost a page fault per 4 KiB page on every slice; reusing the same
    memory makes a stack of thousands of games run at the speed of the arithmetic."""

    def __init__(self):
        self._bufs: dict = {}
        self._views: dict = {}

    def get(self, key, shape, dtype=np.float64) -> np.ndarray:
        view = self._views.get((key, shape, dtype))
        if view is not None:
            return view
        size = math.prod(shape)
        buf = self._bufs.get(key)
        if buf is None or buf.size < size or buf.dtype != dtype:
            buf = np.empty(max(size, 1), dtype=dtype)
            self._bufs[key] = buf
        view = self._views[(key, shape, dtype)] = buf[:size].reshape(shape)
        return view


class _Side:
    """Vertex tests of one player's side (matrix ``M``: opponent's actions x own actions)
    for a slice of games (last axis)."""

    def __init__(self, M: np.ndarray, tol: np.ndarray, ws: _Work, tag: str):
        r, d, G = M.shape
        self.r, self.d, self.G, self.ws, self.tag = r, d, G, ws, tag
        lo = _per_game(np.minimum, M)
        hi = _per_game(np.maximum, M)
        span = hi - lo
        self.bad = ~(span > 0)                    # constant payoffs: degenerate
        f = 2.0 / np.where(self.bad, 1.0, span)
        # slack tolerance, rescaled so that it compares with probabilities: margin = min(y, c s)
        self.c = _PROB_TOL / np.maximum(tol * f, np.finfo(np.float64).tiny)
        self.M, self.tol = M, tol
        S2 = _subsets(r, 2)[0]
        n2 = len(S2)
        H2s = ws.get((tag, "H", 2), (2 * n2 * d, G))
        Mr = M.reshape(r, d * G)
        a = ws.get((tag, "tmp2"), (n2, d * G))
        Mr.take(S2[:, 1], axis=0, out=H2s[:n2 * d].reshape(n2, d * G), mode="clip")
        Mr.take(S2[:, 0], axis=0, out=a, mode="clip")
        H2 = H2s[:n2 * d]
        H2.reshape(n2, d * G).__isub__(a)
        H2 *= f                                  # normalised row differences
        np.negative(H2, out=H2s[n2 * d:])
        self._signed = {2: H2s}

    def _signed_level(self, k: int) -> np.ndarray:
        """``[H_k; -H_k]`` (2 C(r,k) C(d,k-1), G)."""
        out = self._signed.get(k)
        if out is None:
            ws, G = self.ws, self.G
            prev = self._signed_level(k - 1)
            prev = prev[:len(prev) // 2]
            D = self._signed[2]
            ia, ib = _level_index(self.r, self.d, k)
            nH = ia.shape[1]
            out = ws.get((self.tag, "H", k), (2 * nH, G))
            cur = out[:nH]
            if (k - 1) * nH * G <= _SMALL_ELEMS:
                # small stacks: all k - 1 terms in one gather (the same sums, in the same order)
                terms = D.take(ia.ravel(), axis=0).reshape(k - 1, nH, G)
                terms *= prev.take(ib.ravel(), axis=0).reshape(k - 1, nH, G)
                np.add.reduce(terms, axis=0, out=cur)
                np.negative(cur, out=out[nH:])
                self._signed[k] = out
                return out
            a = ws.get((self.tag, "la"), (nH, G))
            b = ws.get((self.tag, "lb"), (nH, G))
            D.take(ia[0], axis=0, out=cur, mode="clip")
            cur *= prev.take(ib[0], axis=0, out=b, mode="clip")
            for t in range(1, k - 1):
                D.take(ia[t], axis=0, out=a, mode="clip")
                a *= prev.take(ib[t], axis=0, out=b, mode="clip")
                cur += a
            np.negative(cur, out=out[nH:])
            self._signed[k] = out
        return out

    def vertices(self, k: int, p0: int = 0, p1: int | None = None):
        """``(Y, strict, suspect)`` for the support pairs ``p0:p1`` of size ``k`` (default all):
        their strategies ``Y`` (k, P, G) (None for k = 1: pure), the clear-vertex mask (P, G)
        and the per-game flag of a pair that is neither clearly a vertex nor clearly not one.
        ``Y`` and the mask live in scratch buffers: use them before the next call. Run under
        ``np.errstate`` ignoring division by zero (singular systems are flagged)."""
        r, d, G, ws, tag = self.r, self.d, self.G, self.ws, self.tag
        if k == 1:
            return (None,) + self._pure()
        cidx, sidx, _ = _pair_index(r, d, k)
        if p0 or p1 is not None:
            cidx = cidx[:, p0:p1]
            sidx = None if sidx is None else sidx[:, p0:p1]
        P = cidx.shape[1]
        Q = ws.get((tag, "Q", k), (k * P, G))
        (self._signed_level(k)).take(cidx.ravel(), axis=0, out=Q, mode="clip")
        Q = Q.reshape(k, P, G)
        S = np.add.reduce(Q, axis=0, out=ws.get((tag, "S"), (P, G)))
        margin = ws.get((tag, "margin"), (P, G))
        inv = np.divide(1.0, S, out=ws.get((tag, "inv"), (P, G)))
        sing = _per_game(np.minimum, np.abs(S, out=S)) <= _SING_TOL
        Q *= inv                                            # the strategies
        np.minimum.reduce(Q, axis=0, out=margin)            # smallest probability
        if sidx is not None:
            T = ws.get((tag, "T"), (sidx.size, G))
            (self._signed_level(k + 1)).take(sidx.ravel(), axis=0, out=T, mode="clip")
            T = T.reshape(sidx.shape[0], P, G)
            inv *= self.c
            T *= inv                                        # slacks, rescaled
            np.minimum(margin, np.minimum.reduce(T, axis=0, out=S), out=margin)
        strict = np.greater(margin, _PROB_TOL, out=ws.get((tag, "strict", k), (P, G), bool))
        amb = _per_game(np.minimum, np.abs(margin, out=margin)) <= _PROB_TOL
        return Q, strict, amb | sing | self.bad

    def strict_pairs(self, k: int, suspect: np.ndarray):
        """Every clear vertex from the support pairs of size ``k``, pairs taken in chunks that
        bound the scratch memory: ``(pair, game, Y)`` with ``Y`` (E, k) (None for k = 1); ORs
        the per-game suspect flags into ``suspect``."""
        r, d, G = self.r, self.d, self.G
        P = math.comb(r, k) * math.comb(d, k)
        step = P if k == 1 else max(1, _PAIR_CHUNK // (G * max(k, r - k)))
        ps, gs, vs = [], [], []
        for p0 in range(0, P, step):
            p1 = min(P, p0 + step)
            Q, ok, sus = self.vertices(k, p0, p1)
            suspect |= sus
            flat = np.flatnonzero(ok)
            if not len(flat):
                continue
            p, g = np.divmod(flat, G)
            ps.append(p + p0)
            gs.append(g)
            if Q is not None:
                vs.append(Q[:, p, g].T)
        if not ps:
            return np.zeros(0, np.intp), np.zeros(0, np.intp), None if k == 1 else \
                np.zeros((0, k))
        return np.concatenate(ps), np.concatenate(gs), None if k == 1 else np.concatenate(vs)

    def _pure(self):
        """Pure strategies (k = 1): own action ``j`` with best response ``l`` is a clear vertex
        when ``l`` beats every other action by more than the tolerance; a near tie is suspect."""
        M, r, d, G = self.M, self.r, self.d, self.G
        strict = self.ws.get((self.tag, "strict", 1), (r, d, G), bool)
        if r == 1:
            strict[...] = True
            return strict.reshape(d, G), self.bad
        top = M.max(axis=0)                                      # (d, G)
        np.equal(M, top, out=strict)
        second = np.where(strict, -np.inf, M).max(axis=0)
        clear = (top - second) > self.tol
        strict &= clear
        return strict.reshape(r * d, G), ~_per_game(np.logical_and, clear) | self.bad


def stack_tols(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each game's ``default_tol()`` for a stack (G, m, n) of bimatrix games, and a mask of
    the games whose payoffs float solvers can resolve (the others go to the single-game solver,
    which says why it refuses them)."""
    G = len(A)
    if G == 1:                  # one game: the same arithmetic on Python floats (IEEE doubles)
        hiA, loA, hiB, loB = float(A.max()), float(A.min()), float(B.max()), float(B.min())
        mag = max(abs(hiA), abs(loA), abs(hiB), abs(loB))
        rng = max(2.0 * (hiA / 2 - loA / 2), 2.0 * (hiB / 2 - loB / 2))
        tol = max(REL_TOL * rng, ULP_FACTOR * EPS * mag)
        return np.array([tol]), np.array([REL_TOL * rng >= TINY and math.isfinite(tol)])
    # games last: numpy reduces along the first axis of a small matrix per game much faster
    flatA, flatB = A.reshape(G, -1).T.copy(), B.reshape(G, -1).T.copy()
    hiA, loA, hiB, loB = flatA.max(0), flatA.min(0), flatB.max(0), flatB.min(0)
    mag = np.maximum(np.maximum(np.abs(hiA), np.abs(loA)), np.maximum(np.abs(hiB), np.abs(loB)))
    rng = np.maximum(2.0 * (hiA / 2 - loA / 2), 2.0 * (hiB / 2 - loB / 2))
    with np.errstate(over="ignore"):
        tol = np.maximum(REL_TOL * rng, ULP_FACTOR * EPS * mag)
    ok = (REL_TOL * rng >= TINY) & np.isfinite(tol)
    return tol, ok


def stack_support_enumeration(A: np.ndarray, B: np.ndarray, tol: np.ndarray, *,
                              verify: bool = True):
    """Equilibria of a stack of nondegenerate bimatrix games.

    Parameters
    ----------
    A, B : ndarray, shape (G, m, n)
        Payoffs of the row and column player, one game per leading index.
    tol : ndarray, shape (G,)
        Regret tolerance of each game.
    verify : bool, default True
        Mark a game suspect when one of its equilibria has a max regret above its tolerance.
        False leaves this check to the caller, which must verify every profile it returns.

    Returns
    -------
    game, X, Y, suspect
        ``X[e], Y[e]`` is an equilibrium of game ``game[e]`` (rows sorted by game); ``suspect``
        (G,) marks the games to solve one by one (their rows are left out).
    """
    G, m, n = A.shape
    per = max(1, min(G, _CHUNK_ELEMS // max(1, _largest_temp(m, n))))
    ws = _small_work(m, n) if G <= 8 else _Work()
    gs, Xs, Ys = [], [], []
    suspect = np.zeros(G, dtype=bool)
    for s in range(0, G, per):
        e = min(G, s + per)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            g, X, Y = _slice(A[s:e], B[s:e], tol[s:e], ws, suspect[s:e], verify)
        if per >= G:                                  # one slice
            keep = ~suspect[g]
            return g[keep], X[keep], Y[keep], suspect
        gs.append(g + s)
        Xs.append(X)
        Ys.append(Y)
    g = np.concatenate(gs)
    keep = ~suspect[g]
    return g[keep], np.concatenate(Xs)[keep], np.concatenate(Ys)[keep], suspect


_LOCAL = threading.local()


def _small_work(m: int, n: int) -> _Work:
    """A per-thread workspace kept between calls for stacks of a few games of one shape (a
    single game solved by :func:`.support_enumeration` reuses its buffers)."""
    cache = getattr(_LOCAL, "work", None)
    if cache is None:
        cache = _LOCAL.work = {}
    ws = cache.get((m, n))
    if ws is None:
        if len(cache) >= 16:
            cache.clear()
        ws = cache[(m, n)] = _Work()
    return ws


@lru_cache(maxsize=64)
def _sum_blocks(m: int, n: int):
    """0/1 matrices summing a flattened (m, n) array over columns (mn, m) and over rows (mn, n):
    ``(M * tile(y)) @ ksum = M y`` and ``(M * repeat(x)) @ ksum_t = x M`` for a stack of rows."""
    ksum = np.kron(np.eye(m), np.ones((n, 1)))
    ksum_t = np.kron(np.ones((m, 1)), np.eye(n))
    ksum.flags.writeable = ksum_t.flags.writeable = False
    return ksum, ksum_t


@lru_cache(maxsize=64)
def _largest_temp(m: int, n: int) -> int:
    return max(k * math.comb(m, k) * math.comb(n, k) + max(m, n) * math.comb(m, k)
               * math.comb(n, k) for k in range(1, min(m, n) + 1))


def _slice(A, B, tol, ws, suspect, verify=True):
    """Equilibria of one slice of games (``A``, ``B``: (G, m, n)), verified unless ``verify`` is
    False; sets ``suspect`` in place; returns (game index within the slice, X, Y), rows sorted
    by game. A small slice tests all support sizes together (:mod:`._batch_small`)."""
    G, m, n = A.shape
    if m == n:
        # square games: both players' sides share every index table, so they run as one
        # stack of 2G "sides" (half the numpy calls)
        AB = ws.get("AB", (m, n, 2 * G))
        np.copyto(AB[..., :G], A.transpose(1, 2, 0))         # games last
        np.copyto(AB[..., G:], B.transpose(2, 1, 0))         # B^T, games last
        both = _Side(AB, np.concatenate([tol, tol]), ws, "xy")
        ys = xs = None
    else:
        At = ws.get("At", (m, n, G))
        np.copyto(At, A.transpose(1, 2, 0))
        Bt = ws.get("Bt", (n, m, G))
        np.copyto(Bt, B.transpose(2, 1, 0))
        ys = _Side(At, tol, ws, "y")                         # column player's strategies
        xs = _Side(Bt, tol, ws, "x")                         # row player's strategies
        suspect |= ys.bad | xs.bad
    gs, Xs, Ys = [], [], []
    kmax = min(m, n)
    # a small stack tests the support pairs of all sizes together
    if max(m, n) * (math.comb(m + n, m) - 1) * 2 * G <= _SMALL_ELEMS:
        match_all(m, n, G, both if ys is None else (ys, xs), suspect, gs, Xs, Ys)
        kmax = 0
    for k in range(1, kmax + 1):
        P = math.comb(m, k) * math.comb(n, k)
        if P * 2 * G * max(k, m - k, n - k) <= 4 * _PAIR_CHUNK:
            # all pairs of this size in one step: match the two sides' masks directly
            if ys is None:
                Q, ok, sus = both.vertices(k)
                oky, okx = ok[:, :G], ok[:, G:]
                suspect |= sus[:G] | sus[G:]
                Qy = Qx = Q
            else:
                Qy, oky, sy = ys.vertices(k)
                Qx, okx, sx = xs.vertices(k)
                suspect |= sy | sx
            perm = _transpose_pairs(m, n, k)
            eq = okx.take(perm, axis=0, out=ws.get("eq", oky.shape, bool), mode="clip")
            eq &= oky                                        # (P, G)
            flat = np.flatnonzero(eq)
            if not len(flat):
                continue
            p, g = np.divmod(flat, G)
            px = perm[p]
            Jy = _pair_index(m, n, k)[2][p]                  # (E, k) column support
            Jx = _pair_index(n, m, k)[2][px]                 # (E, k) row support
            rows = np.arange(len(p))[:, None]
            Y = np.zeros((len(p), n))
            X = np.zeros((len(p), m))
            if k == 1:
                Y[rows, Jy] = 1.0
                X[rows, Jx] = 1.0
            else:
                # flat positions in Q (k, P, G2): G2 = 2G when both sides share one stack
                G2 = Qy.shape[2]
                Y[rows, Jy] = Qy.reshape(k, -1).take(p * G2 + g, axis=1).T
                X[rows, Jx] = Qx.reshape(k, -1).take(px * G2 + (g + (G2 - G)), axis=1).T
            gs.append(g)
            Xs.append(X)
            Ys.append(Y)
            continue
        # large games: pairs in chunks; keep each side's clear vertices, then match them
        if ys is None:
            sus2 = np.zeros(2 * G, dtype=bool)
            p, g, v = both.strict_pairs(k, sus2)
            suspect |= sus2[:G] | sus2[G:]
            isy = g < G
            py, gy, vy = p[isy], g[isy], None if v is None else v[isy]
            px, gx, vx = p[~isy], g[~isy] - G, None if v is None else v[~isy]
        else:
            py, gy, vy = ys.strict_pairs(k, suspect)
            px, gx, vx = xs.strict_pairs(k, suspect)
        # the row side's pair (J, I) is the column side's (I, J): match them game by game
        inv = _transpose_inverse(m, n, k)
        key_y = py.astype(np.int64) * G + gy
        key_x = inv[px].astype(np.int64) * G + gx
        common, iy, ix = np.intersect1d(key_y, key_x, assume_unique=True, return_indices=True)
        if not len(common):
            continue
        p, g = np.divmod(common, G)
        Jy = _pair_index(m, n, k)[2][p]                      # (E, k) column support
        Jx = _pair_index(n, m, k)[2][px[ix]]                 # (E, k) row support
        E = len(p)
        rows = np.arange(E)[:, None]
        Y = np.zeros((E, n))
        X = np.zeros((E, m))
        if k == 1:
            Y[rows, Jy] = 1.0
            X[rows, Jx] = 1.0
        else:
            Y[rows, Jy] = vy[iy]
            X[rows, Jx] = vx[ix]
        gs.append(g)
        Xs.append(X)
        Ys.append(Y)
    if not gs:                                       # no equilibrium: cannot be nondegenerate
        suspect[:] = True
        return np.zeros(0, np.intp), np.zeros((0, m)), np.zeros((0, n))
    if len(gs) == 1:
        g, X, Y = gs[0], Xs[0], Ys[0]
    else:
        g, X, Y = np.concatenate(gs), np.concatenate(Xs), np.concatenate(Ys)
    if G == 1:
        suspect |= len(g) % 2 == 0                       # nondegenerate: an odd number
    else:
        # a stable sort of small integers is a radix sort (linear time)
        order = np.argsort(g.astype(np.int16 if G < 2 ** 15 else np.int64), kind="stable")
        g, X, Y = g[order], X[order], Y[order]
        suspect |= np.bincount(g, minlength=G) % 2 == 0  # nondegenerate: an odd number
    if not verify:
        return g, X, Y
    # verification: max regret of every profile, with the original payoffs (a NaN fails)
    # (payoff rows gathered into scratch memory, weighted in place, summed by a small product)
    E = len(g)
    ksum, ksum_t = _sum_blocks(m, n)
    W = A.reshape(G, m * n).take(g, axis=0, out=ws.get("vw", (E, m * n)), mode="clip")
    W.reshape(E, m, n).__imul__(Y[:, None, :])
    ux = W @ ksum                                                    # (E, m): A y
    B.reshape(G, m * n).take(g, axis=0, out=W, mode="clip")
    W.reshape(E, m, n).__imul__(X[:, :, None])
    uy = W @ ksum_t                                                  # (E, n): x B
    reg = np.maximum(ux.max(axis=1) - np.einsum("em,em->e", X, ux),
                     uy.max(axis=1) - np.einsum("en,en->e", Y, uy))
    suspect[g[~(reg <= tol[g])]] = True
    return g, X, Y

"""The vectorised core of support enumeration: all minors of ``[M | -1]`` level by level, the
batch layouts of support pairs, and one player's side of the candidate systems."""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from functools import lru_cache
from typing import Iterator

import numpy as np

from ._colex import _add_tables, _binom_table, _subsets  # noqa: F401  (tests use them)

_EPS = np.finfo(float).eps



# ----------------------------------------------------------------------------------------------
# all minors of [M | -1], level by level
# ----------------------------------------------------------------------------------------------
def _minor_levels(Mbar: np.ndarray, kmax: int) -> Iterator[np.ndarray]:
    """Yield ``D_k`` for ``k = 0 .. kmax``: ``D_k[rows, cols]`` = minor of ``Mbar`` on the colex-ranked
    row and column k-subsets. Works for float64 and for ``object`` arrays of Python ints.

    ``D_k[L, C] = sum_t (-1)**(k-1+t) Mbar[max L, C_t] D_{k-1}[L - max L, C - C_t]`` (Laplace
    expansion along the last row), all subsets at once.
    """
    r, c = Mbar.shape
    prev = np.ones((1, 1), dtype=Mbar.dtype)
    yield prev
    for k in range(1, kmax + 1):
        R, _, rparent = _subsets(r, k)
        Cs, cdrop, _ = _subsets(c, k)
        signs = _alternating_cached(k, k - 1)
        if Mbar.dtype != np.float64:
            signs = signs.astype(np.int64).astype(Mbar.dtype)     # exact ints, never floats
        a = np.take(Mbar[R[:, k - 1]], Cs, axis=1)            # (rows_k, cols_k, k)
        sub = np.take(prev[rparent], cdrop, axis=1)            # (rows_k, cols_k, k)
        cur = (a * sub) @ signs
        yield cur
        prev = cur


@lru_cache(maxsize=None)
def _alternating_cached(k: int, start: int) -> np.ndarray:
    out = np.array([1.0 if (start + t) % 2 == 0 else -1.0 for t in range(k)])
    out.flags.writeable = False
    return out


def _fits_int64(M) -> bool:
    """True when every minor of ``[M | -1]`` and every term of the recursion fits in int64.

    Uses Hadamard's bound with the full row norms: ``|minor_k| <= H_k`` (product of the ``k``
    largest row norms) and each recursion term is at most ``max|entry| * H_(k-1)``.
    """
    rows = [[int(v) for v in row] for row in np.asarray(M, dtype=object)]
    if not rows:
        return True
    amax = max(1, max(abs(v) for row in rows for v in row))
    norms = sorted((math.isqrt(sum(v * v for v in row) + 1) + 1 for row in rows), reverse=True)
    kmax = min(len(rows), len(rows[0]) + 1)
    h = 1
    limit = 2 ** 62
    for k in range(1, kmax + 1):
        if (k + 1) * amax * h >= limit:
            return False
        h *= norms[k - 1]
        if (k + 1) * h >= limit:
            return False
    return True


# ----------------------------------------------------------------------------------------------
# index layout: every support pair of a range of sizes, flattened
# ----------------------------------------------------------------------------------------------
_PAIR_LIMIT = 60_000       # support pairs handled in one vectorised batch


class _Layout:
    """Gather indices for a batch of support pairs ``(L, J)`` (``L`` a k-subset of the opponent's
    actions, ``J`` a k-subset of own actions).

    A batch is a tuple of segments ``(k, l0, l1)``: all pairs with ``|L| = |J| = k`` and the colex
    rank of ``L`` in ``[l0, l1)``. The indices turn the flattened minors of the levels involved
    into, for every pair, the sign-adjusted solution ``c`` of its indifference equations
    (``Q[t, pair]``) and the minors giving the slack of every opponent action. Pairs are padded
    to ``K`` components: padding repeats component 0 (sign tests are unaffected), has weight 0
    and writes to a dummy own column ``d``.
    """

    def __init__(self, r: int, d: int, segments: tuple):
        top = min(r, d + 1)
        need = sorted({k for k, _, _ in segments} | {k + 1 for k, _, _ in segments if k < top})
        self.levels = need
        offsets = {}
        pos = 0
        for k in need:
            offsets[k] = pos
            pos += math.comb(r, k) * math.comb(d + 1, k)
        self.dummy = pos                        # index of an appended zero
        K = max(k for k, _, _ in segments)
        parts = {name: [] for name in ("cidx", "w", "J", "sidx", "par", "size")}
        sgns = []
        for k, l0, l1 in segments:
            nJ = math.comb(d, k)
            nC = math.comb(d + 1, k)
            Js, Jdrop, _ = _subsets(d, k)
            ell = np.repeat(np.arange(l0, l1, dtype=np.int64), nJ)
            j = np.tile(np.arange(nJ, dtype=np.int64), l1 - l0)
            P = len(ell)
            cidx = np.empty((P, K), dtype=np.int64)
            cidx[:, :k] = offsets[k] + ell[:, None] * nC + (Jdrop[j] + math.comb(d, k))
            cidx[:, k:] = cidx[:, :1]
            sgn = np.ones(K, dtype=np.int8)
            sgn[1:k:2] = -1
            w = np.zeros(K, dtype=np.int8)
            w[:k] = 1
            Jp = np.full((P, K), d, dtype=np.int64)
            Jp[:, :k] = Js[j]
            if k < r:
                add_rank, parity = _add_tables(r, k)
                ar = add_rank[ell]
                nC1 = math.comb(d + 1, k + 1)
                sidx = np.where(ar < 0, self.dummy,
                                offsets[k + 1] + ar * nC1 + (j + math.comb(d, k + 1))[:, None])
                par = parity[ell]
            else:
                sidx = np.full((P, r), self.dummy, dtype=np.int64)
                par = np.ones((P, r), dtype=np.int8)
            parts["cidx"].append(cidx)
            sgns.append(np.broadcast_to(sgn, (P, K)))
            parts["w"].append(np.broadcast_to(w, (P, K)))
            parts["J"].append(Jp)
            parts["sidx"].append(sidx)
            parts["par"].append(par)
            parts["size"].append(np.full(P, k, dtype=np.int64))
        parts["sgn"] = sgns
        for name, arrs in parts.items():
            arr = np.concatenate(arrs)
            if arr.dtype == np.int64 and arr.size:
                top_value = arr.max()
                arr = arr.astype(np.int8 if top_value < 127 else np.int16 if top_value < 2**15
                                 else np.int32 if top_value < 2**31 else np.int64)
            if arr.ndim == 2:                   # component-major: reductions run over axis 0
                arr = np.ascontiguousarray(arr.T)
            arr.flags.writeable = False
            setattr(self, name, arr)


def _ints(a: np.ndarray, dtype) -> np.ndarray:
    """Small signs/weights as int64, or as Python ints for object (big-integer) arithmetic."""
    return a.astype(np.int64).astype(object) if dtype == object else a.astype(np.int64)


_LAYOUTS: dict = {}
_CACHE_PAIRS = 250_000     # games with at most this many support pairs keep their layouts


def _layout(r: int, d: int, segments: tuple) -> _Layout:
    """Layout of one batch, cached (a few dozen, least recently built dropped) for games of at
    most ``_CACHE_PAIRS`` support pairs (10 x 10 has 184,755)."""
    key = (r, d, segments)
    lay = _LAYOUTS.get(key)
    if lay is None:
        lay = _Layout(r, d, segments)
        if math.comb(r + d, r) <= _CACHE_PAIRS:
            if len(_LAYOUTS) >= 32:
                _LAYOUTS.pop(next(iter(_LAYOUTS)))
            _LAYOUTS[key] = lay
    return lay


@lru_cache(maxsize=64)
def _batches(r: int, d: int) -> tuple:
    """Split all support pairs (sizes ``1 .. min(r, d)``) into batches of about ``_PAIR_LIMIT``."""
    out = []
    cur: list = []
    count = 0
    for k in range(1, min(r, d) + 1):
        nR, nJ = math.comb(r, k), math.comb(d, k)
        per = max(1, _PAIR_LIMIT // nJ)          # row subsets per batch at this size
        l0 = 0
        while l0 < nR:
            take = min(nR - l0, max(1, (_PAIR_LIMIT - count) // nJ) if cur else per)
            cur.append((k, l0, l0 + take))
            count += take * nJ
            l0 += take
            if count >= _PAIR_LIMIT:
                out.append(tuple(cur))
                cur, count = [], 0
    if cur:
        out.append(tuple(cur))
    return tuple(out)


# ----------------------------------------------------------------------------------------------
# vertices of one player's best-response polyhedron
# ----------------------------------------------------------------------------------------------
class _Side:
    """Vertices (mixed strategies with their best-response sets) of one player, by support size.

    ``M`` is ``r x d``: rows are the opponent's actions, columns the player's own; a vertex ``z``
    has support ``J`` (own) and tight set ``T`` (opponent actions that are best responses).
    """

    def __init__(self, M: np.ndarray, exact: bool, tol: float):
        self.r, self.d = M.shape
        self.exact = exact
        self.tol = tol
        dtype = np.float64
        if exact:
            dtype = np.int64 if _fits_int64(M) else object
        Mbar = np.empty((self.r, self.d + 1), dtype=dtype)
        Mbar[:, :self.d] = M
        Mbar[:, self.d] = -1
        self.M = M
        self._levels = _minor_levels(Mbar, min(self.r, self.d + 1))
        if not exact:
            # rounding noise of a k x k minor is below ~ k eps times the Hadamard bound
            norms = np.sort(np.sqrt((Mbar * Mbar).sum(axis=1)))[::-1]
            kk = np.arange(len(norms) + 1)
            hadamard = np.concatenate([[1.0], np.cumprod(norms)])
            self.noise = 64.0 * _EPS * np.maximum(kk, 1) * hadamard
        self._store: dict = {}
        self._next = 0
        self.keys: set = set()
        self.degenerate = False

    def _minors(self, k: int) -> np.ndarray:
        while self._next <= k:
            self._store[self._next] = next(self._levels)
            self._next += 1
        return self._store[k]

    def vertices(self, segments: tuple):
        """New vertices from one batch of support pairs: ``(points, support, tight)``."""
        r, d = self.r, self.d
        lay = _layout(r, d, segments)
        k0 = min(k for k, _, _ in segments)
        for k in list(self._store):
            if k < k0:
                del self._store[k]
        parts = [self._minors(k).ravel() for k in lay.levels]
        parts.append(np.zeros(1, dtype=parts[0].dtype))
        flat = np.concatenate(parts)
        # arrays are component-major: Q[t, pair], slack[opponent action, pair]
        extra = None
        if self.exact:
            Q = flat[lay.cidx] * _ints(lay.sgn, flat.dtype)
            ok = (Q.min(axis=0) > 0) | (Q.max(axis=0) < 0)
        else:
            Q = flat[lay.cidx] * lay.sgn
            qmin, qmax = Q.min(axis=0), Q.max(axis=0)
            # minors within rounding noise: decide these pairs by a backward-stable solve
            unreliable = np.maximum(qmax, -qmin) <= self.noise[lay.size]
            ok = ((qmin > 0) | (qmax < 0)) & ~unreliable
            if unreliable.any():
                extra = self._refine(lay, np.nonzero(unreliable)[0])
        idx = np.nonzero(ok)[0]
        Q = Q[:, idx]
        if self.exact:
            S = (Q * _ints(lay.w[:, idx], flat.dtype)).sum(axis=0)
            sgnS = np.where(S > 0, 1, -1).astype(np.int64)
            vals = flat[lay.sidx[:, idx]]
            num = vals * _ints(-(lay.par[:, idx] * sgnS), flat.dtype)
            feasible = (num >= 0).all(axis=0)
            tight_all = num == 0
        else:
            S = (Q * lay.w[:, idx]).sum(axis=0)
            vals = flat[lay.sidx[:, idx]]
            slack = (lay.par[:, idx] * vals) / -S
            feasible = (slack >= -self.tol).all(axis=0)
            tight_all = np.abs(slack) <= self.tol
        sel = np.nonzero(feasible)[0]
        idx, Q, S, tight = idx[sel], Q[:, sel].T, S[sel], tight_all[:, sel].T
        N = len(idx)
        rows = np.arange(N)[:, None]
        Jp = lay.J[:, idx].T
        if self.exact:
            support = np.zeros((N, d + 1), dtype=bool)
            support[rows, Jp] = True
            support = support[:, :d]
            sizes = lay.size[idx]
            points = [_ExactPoint(Jp[q, :sizes[q]], Q[q, :sizes[q]], S[q], d) for q in range(N)]
        else:
            Z = np.zeros((N, d + 1))
            Z[rows, Jp] = Q / S[:, None]
            Z = Z[:, :d]
            Z[Z < self.tol] = 0.0
            Z /= Z.sum(axis=1, keepdims=True)
            if extra is not None and len(extra[0]):
                Z = np.vstack([Z, extra[0]])
                tight = np.vstack([tight, extra[1]])
                N = len(Z)
            support = Z > 0
            points = list(Z)
        # one vertex may come from several bases (degenerate games): keep the first
        tight = np.ascontiguousarray(tight)
        ks = list(zip(_row_keys(support), _row_keys(tight))) if N else []
        keep = []
        seen = self.keys
        for q, key in enumerate(ks):
            if key in seen:
                continue
            seen.add(key)
            keep.append(q)
        if len(keep) < N:
            support, tight = support[keep], tight[keep]
            points = [points[q] for q in keep]
        if N and np.any(tight.sum(axis=1) > support.sum(axis=1)):
            self.degenerate = True
        return points, support, tight

    def _refine(self, lay, pairs: np.ndarray):
        """Vertices from support pairs whose minors are lost in rounding, by SVD-checked solves.

        Returns ``(Z, tight)`` for the pairs whose indifference system is regular (condition number
        below 1e12), whose probabilities are nonnegative and whose support is a best response.
        """
        r, d, M, tol = self.r, self.d, self.M, self.tol
        sizes = lay.size[pairs]
        Zs, Ts = [], []
        for k in np.unique(sizes).tolist():
            sub = pairs[sizes == k]
            J = lay.J[:k, sub].T                                    # (N, k)
            inL = lay.sidx[:, sub].T == lay.dummy                   # (N, r)
            L = np.nonzero(inL)[1].reshape(len(sub), k)
            N = len(sub)
            sysm = np.zeros((N, k + 1, k + 1))
            sysm[:, :k, :k] = M[L[:, :, None], J[:, None, :]]
            sysm[:, :k, k] = -1.0
            sysm[:, k, :k] = 1.0
            sv = np.linalg.svd(sysm, compute_uv=False)
            regular = sv[:, -1] > 1e-12 * sv[:, 0]
            if not regular.any():
                continue
            sysm, J = sysm[regular], J[regular]
            rhs = np.zeros((len(sysm), k + 1, 1))
            rhs[:, k, 0] = 1.0
            sol = np.linalg.solve(sysm, rhs)[:, :, 0]
            y, v = sol[:, :k], sol[:, k]
            Z = np.zeros((len(y), d))
            Z[np.arange(len(y))[:, None], J] = y
            slack = v[:, None] - Z @ M.T                              # (N, r)
            good = (y >= -tol).all(axis=1) & (slack >= -tol).all(axis=1)
            Z, slack = Z[good], slack[good]
            Z[Z < tol] = 0.0
            Z /= Z.sum(axis=1, keepdims=True)
            Zs.append(Z)
            Ts.append(np.abs(slack) <= tol)
        if not Zs:
            return np.zeros((0, d)), np.zeros((0, r), dtype=bool)
        return np.vstack(Zs), np.vstack(Ts)


def _row_keys(mask: np.ndarray) -> list:
    """One hashable ``bytes`` key per row of a boolean matrix."""
    packed = np.ascontiguousarray(np.packbits(mask, axis=1))
    return packed.view(f"V{packed.shape[1]}").ravel().tolist()


class _ExactPoint:
    """A vertex found in exact mode, turned into Fractions only when it is needed."""

    __slots__ = ("J", "c", "s", "d")

    def __init__(self, J, c, s, d):
        self.J, self.c, self.s, self.d = J, c, s, d

    def fractions(self) -> np.ndarray:
        s = operator.index(self.s)          # refuses floats: exact mode never rounds
        out = np.array([Fraction(0)] * self.d, dtype=object)
        for j, v in zip(self.J.tolist(), self.c):
            out[j] = Fraction(operator.index(v), s)
        return out

"""The stacked Newton solver behind support_newton: payoffs of many support profiles at once
(:class:`_Stack`), Newton steps on all of them together, and the verification of the roots."""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

from ._small_supports import _pair_candidates, _triple_candidates   # noqa: F401 (closed forms)


@functools.lru_cache(maxsize=128)
def _layout(n: tuple):
    """Block offsets, the owner of each flat position and the total length for a shape."""
    offs = np.array((0,) + tuple(itertools.accumulate(n)))
    owner = np.repeat(np.arange(len(n)), n)
    for a in (offs, owner):
        a.flags.writeable = False
    return offs, owner, int(offs[-1])


@functools.lru_cache(maxsize=64)
def _kron_scatter(n: tuple):
    """Where each payoff goes in the flattened Kronecker matrix of :meth:`_Stack._build_kron`:
    ``G.ravel()[pos] = flat_payoffs[src]`` (cached per shape)."""
    N = len(n)
    offs, _, M = _layout(n)
    size = int(np.prod(n))
    pos, src = [], []
    for i in range(N):
        others = [l for l in range(N) if l != i]
        grids = np.meshgrid(*[np.arange(k) for k in n], indexing="ij")   # player order
        flat_src = i * size + np.ravel_multi_index(grids, n).ravel()
        # destination: row = the others' global indices (player order) in base M, col = own
        row = np.zeros(size, dtype=np.intp)
        for l in others:
            row = row * M + (offs[l] + grids[l].ravel())
        pos.append(row * M + offs[i] + grids[i].ravel())
        src.append(flat_src)
    pos, src = np.concatenate(pos), np.concatenate(src)
    for a in (pos, src):
        a.flags.writeable = False
    return pos, src


@functools.lru_cache(maxsize=64)
def _deviations(n: tuple):
    """``dev`` (N * S, max n): for player i at pure profile s (flat, player order), the flat
    positions (in :attr:`_Stack.flat_payoffs`) of i's payoffs after each own deviation
    (padded with i's payoff at s itself)."""
    N = len(n)
    size = int(np.prod(n))
    grids = np.indices(n).reshape(N, -1)                         # (N, S)
    width = max(n)
    dev = np.empty((N, size, width), dtype=np.intp)
    for i in range(N):
        for a in range(width):
            g = grids.copy()
            if a < n[i]:
                g[i] = a
            dev[i, :, a] = i * size + np.ravel_multi_index(tuple(g), n)
    dev = dev.reshape(N * size, width)
    dev.flags.writeable = False
    return dev


class _Stack:
    """One game's payoffs prepared for contractions over a stack of profiles.

    Each player's payoffs are shifted to a minimum of 0 and divided by the game's payoff range
    ``unit`` (equilibria do not change), so tolerances inside the solver are relative. A stack of
    profiles ``X`` (rows of length ``M``, the players' blocks side by side) is contracted in one
    matrix product: :meth:`cross` gives, for every row, the ``(M, M)`` matrix whose block
    ``(i, k)`` is player i's payoff of each own action against each action of ``k`` (the other
    players at the row's strategies); ``cross @ x`` is ``N - 1`` times every action's payoff.
    """

    def __init__(self, game):
        g = game.as_float() if game.is_exact else game
        pay = g.payoffs
        self.N = N = len(pay)
        self.n = n = tuple(int(k) for k in pay[0].shape)
        self.offs, self.owner, self.M = _layout(n)
        raw = np.concatenate(pay, axis=0, dtype=np.float64).reshape(N, -1)   # a copy
        lo_col = np.minimum.reduce(raw, axis=1, keepdims=True)
        hi_col = np.maximum.reduce(raw, axis=1, keepdims=True)
        lo = lo_col.ravel().tolist()
        # largest spread of one player's payoffs (halved first: no overflow near the top)
        r = 2.0 * float(np.maximum.reduce(hi_col / 2.0 - lo_col / 2.0, axis=None))
        self.range = r
        self.magnitude = max(max(lo), -min(lo), float(np.maximum.reduce(np.abs(hi_col),
                                                                         axis=None)))
        self.unit = r if (math.isfinite(r) and r > 0) else 1.0
        self.lo = lo
        raw -= lo_col
        raw /= self.unit
        self._flat_all = raw.reshape(-1)
        self.scale = 1.0               # every payoff now lies in [0, 1]
        self._full = None
        self._U = None
        self._big = None
        self._flat = None
        self._kron = False

    @property
    def full(self):
        """Each player's scaled payoffs, axes in player order."""
        if self._full is None:
            self._full = list(self._flat_all.reshape((self.N,) + self.n))
        return self._full

    @property
    def U(self):
        """Each player's scaled payoffs with the player's own action on axis 0."""
        if self._U is None:
            N = self.N
            self._U = [f.transpose((i,) + tuple(l for l in range(N) if l != i))
                       for i, f in enumerate(self.full)]
        return self._U

    @property
    def flat_payoffs(self):
        """Every player's scaled payoffs, flattened (player order) and side by side."""
        return self._flat_all

    def _build_big(self):
        """One matrix from the outer products of every "rest" of players to all blocks (i, k)
        of the cross matrices, and the flat positions of those blocks (built on first use)."""
        N, n, M = self.N, self.n, self.M
        pairs = [(i, k) for i in range(N) for k in range(N) if k != i]
        rest_of = {(i, k): tuple(l for l in range(N) if l not in (i, k)) for (i, k) in pairs}
        self.rests = sorted(set(rest_of.values()))
        rsize = {q: int(np.prod([n[l] for l in q])) for q in self.rests}
        roff, c = {}, 0
        for q in self.rests:
            roff[q], c = c, c + rsize[q]
        L = sum(n[i] * n[k] for i, k in pairs)
        big = np.zeros((c, L))
        self.dest = np.empty(L, dtype=np.intp)
        c0 = 0
        for (i, k) in pairs:
            q = rest_of[i, k]
            h = n[i] * n[k]
            t = np.transpose(self.full[i], [i, k] + list(q)).reshape(h, -1)
            big[roff[q]:roff[q] + rsize[q], c0:c0 + h] = t.T
            a, b = np.divmod(np.arange(h), n[k])
            self.dest[c0:c0 + h] = (self.offs[i] + a) * M + self.offs[k] + b
            c0 += h
        self._big = big

    def _rest_products(self, X):
        """Stacked outer products of the strategies of every rest of players, side by side."""
        out = []
        B = X.shape[0]
        for q in self.rests:
            if not q:
                out.append(np.ones((B, 1)))
                continue
            w = X[:, self.offs[q[0]]:self.offs[q[0] + 1]]
            for l in q[1:]:
                w = (w[:, :, None] * X[:, None, self.offs[l]:self.offs[l + 1]]).reshape(B, -1)
            out.append(w)
        return out[0] if len(out) == 1 else np.concatenate(out, axis=1)

    def cross(self, X):
        """The stacked ``(B, M, M)`` cross-payoff matrices at the rows of ``X``."""
        B, M = X.shape[0], self.M
        C = np.zeros((B, M * M))
        if self.N > 1:
            if self._big is None:
                self._build_big()
            C[:, self.dest] = self._rest_products(X) @ self._big
        return C.reshape(B, M, M)

    def payoffs(self, C, X):
        """Every action's payoff (``(B, M)``) from the cross matrices ``C`` at ``X``."""
        if self.N == 1:
            return np.broadcast_to(self.U[0], X.shape)
        return np.matmul(C, X[:, :, None])[:, :, 0] / (self.N - 1)

    def _build_kron(self):
        """``G`` (M**(N-1), M) with ``(x ⊗ ... ⊗ x) @ G`` every action's payoff at the flat
        profile ``x`` (player i's columns hold i's payoffs at the others' blocks, in player
        order), or None when it would do much more work than one product per player: with four
        or more players it is mostly zeros, and with many actions it is large."""
        N, M = self.N, self.M
        if N not in (2, 3) or M ** N > 300_000:
            return None
        pos, src = _kron_scatter(self.n)
        G = np.zeros(M ** N)
        G[pos] = self._flat_all[src]
        return G.reshape(M ** (N - 1), M)

    def all_payoffs(self, X):
        """Every action's payoff (``(B, M)``) at the stacked profiles ``X``."""
        if self._kron is False:
            self._kron = self._build_kron()
        B, N, offs = X.shape[0], self.N, self.offs
        if self._kron is not None:
            w = X
            for _ in range(N - 2):
                w = (w[:, :, None] * X[:, None, :]).reshape(B, -1)
            return w @ self._kron
        if self._flat is None:      # (prod of others, n_i): one matmul per player
            self._flat = [np.ascontiguousarray(self.U[i].reshape(self.n[i], -1).T)
                          for i in range(N)]
        out = np.empty((B, self.M))
        for i in range(N):
            w = np.ones((B, 1))
            for l in range(N):
                if l != i:
                    w = (w[:, :, None] * X[:, None, offs[l]:offs[l + 1]]).reshape(B, -1)
            out[:, offs[i]:offs[i + 1]] = w @ self._flat[i]
        return out

    def regrets(self, X):
        """Max regret of each stacked profile (rows of X, shape (B, M)), in stack units."""
        return np.maximum.reduce(self.check(X)[0], axis=1)

    def check(self, X):
        """Each player's regret and payoff at each stacked profile (rows of X), in stack
        units: ``(gap, val)``, both ``(B, N)``."""
        U = self.all_payoffs(X)
        starts = self.offs[:-1]
        val = np.add.reduceat(U * X, starts, axis=1)
        return np.maximum.reduceat(U, starts, axis=1) - val, val

    def pure_mask(self, tol):
        """True at the pure profiles (axes in player order) where no player gains more than
        ``tol`` (stack units) by deviating."""
        mask = None
        for i, f in enumerate(self.full):
            ok = f >= np.maximum.reduce(f, axis=i, keepdims=True) - tol
            mask = ok if mask is None else np.logical_and(mask, ok, out=mask)
        return mask

    def has_pure(self, tol):
        """Whether some pure profile gives no player more than ``tol`` (stack units) by
        deviating (one gather of every unilateral deviation's payoff)."""
        dev = _deviations(self.n)
        flat = self._flat_all
        best = np.maximum.reduce(flat[dev], axis=-1)             # (N * S,)
        ok = (flat >= best - tol).reshape(self.N, -1)
        return bool(np.logical_or.reduce(np.logical_and.reduce(ok, axis=0)))

    def values(self, x):
        """Each player's payoff and regret at the profile ``x`` (length M), in the game's
        units: ``(payoffs, regrets)``, tuples of floats."""
        u = self.all_payoffs(x[None])[0]
        starts = self.offs[:-1]
        best = np.maximum.reduceat(u, starts)
        val = np.add.reduceat(u * x, starts)
        pays = tuple(float(lo + self.unit * v) for lo, v in zip(self.lo, val))
        regs = tuple(max(0.0, float(self.unit * r)) for r in best - val)
        return pays, regs


def _verified(st: _Stack, X, masks, tol):
    """Rows of ``X`` that are (after clipping round-off) profiles with regret <= tol."""
    ok = np.all(np.where(masks, X, 0.0) >= -1e-9, axis=1)
    if not ok.any():
        return X[:0]
    cand = _clean(X[ok], masks[ok], st.N, st.offs)
    return cand[st.regrets(cand) <= tol]


def _newton(st: _Stack, masks: np.ndarray, X: np.ndarray, *, max_iter: int = 30,
            first_tol: float | None = None):
    """Stacked Newton on the indifference systems. ``masks``: (B, M) bool; ``X``: (B, M).

    The unknowns of each row are its profile and each player's value ``v_i``; off-support
    probabilities are held at 0 by identity rows. Rows that stop contracting (Newton converges
    quadratically near a regular root), blow up, or hit a singular Jacobian are dropped as they
    go, so the stack shrinks. Returns the converged rows and their masks; with ``first_tol``
    it returns as soon as a converged row verifies with regret <= ``first_tol``.
    """
    B, M, N = X.shape[0], st.M, st.N
    K = M + N
    owner, offs = st.owner, st.offs
    J = np.zeros((B, K, K))
    diag = np.arange(M)
    J[:, diag, diag] = ~masks
    for i in range(N):
        sl = slice(offs[i], offs[i + 1])
        J[:, M + i, sl] = 1.0
        J[:, sl, M + i] = -masks[:, sl].astype(float)
    Y = np.zeros((B, K))
    Y[:, :M] = X
    u = st.payoffs(st.cross(X), X)
    cnt = np.add.reduceat(masks, offs[:-1], axis=1)
    Y[:, M:] = np.add.reduceat(np.where(masks, u, 0.0), offs[:-1], axis=1) / cnt
    tol = 1e-13 * st.scale
    prev = np.full(B, np.inf)
    found_X, found_m = [], []
    firsts = offs[:-1]
    for it in range(max_iter):
        Xc = Y[:, :M]
        C = st.cross(Xc)
        u = st.payoffs(C, Xc)
        F = np.empty((Y.shape[0], K))
        F[:, :M] = np.where(masks, u - Y[:, M + owner], Xc)
        F[:, M:] = np.add.reduceat(Xc, firsts, axis=1) - 1.0
        res = np.max(np.abs(F), axis=1)
        done = res <= tol
        if done.any():
            if first_tol is not None:
                good = _verified(st, Xc[done], masks[done], first_tol)
                if len(good):
                    return good[:1], None
            found_X.append(Xc[done].copy())
            found_m.append(masks[done])
        go = ~done & ~((it >= 4) & (res > 0.5 * prev))
        if not go.all():
            Y, J, masks, C, F, res = Y[go], J[go], masks[go], C[go], F[go], res[go]
        if not len(Y):
            break
        np.copyto(J[:, :M, :M], C, where=masks[:, :, None])
        try:
            step = np.linalg.solve(J, F[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            step = np.full(F.shape, np.nan)
            for r in range(len(F)):
                try:
                    step[r] = np.linalg.solve(J[r], F[r])
                except np.linalg.LinAlgError:
                    pass
        Y = Y - step
        ok = np.all(np.isfinite(Y), axis=1) & (np.max(np.abs(Y[:, :M]), axis=1) <= 5.0)
        prev = res
        if not ok.all():
            Y, J, masks, prev = Y[ok], J[ok], masks[ok], prev[ok]
            if not len(Y):
                break
    if not found_X:
        return np.zeros((0, M)), np.zeros((0, M), dtype=bool)
    return np.concatenate(found_X), np.concatenate(found_m)


def _clean(X, masks, N, offs):
    """Clip round-off negatives and renormalise each player's block."""
    X = np.where(masks, np.maximum(X, 0.0), 0.0)
    for i in range(N):
        sl = slice(offs[i], offs[i + 1])
        X[:, sl] /= X[:, sl].sum(axis=1, keepdims=True)
    return X

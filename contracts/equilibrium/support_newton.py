"""Nash equilibria of N-player games by Newton's method on many supports at once.

A mixed profile ``p`` with supports ``S_1, ..., S_N`` is a Nash equilibrium exactly when it solves
the *indifference system* of that support profile,

    u_ij(p) = v_i   (j in S_i),      p_ij = 0   (j not in S_i),      sum_j p_ij = 1,

(a square polynomial system, multilinear in the other players' strategies) and no action outside
a support pays more than ``v_i``. This module solves the systems of many support profiles at
once: the unknowns of every support profile are stacked into one array, the payoff contractions
are single ``numpy.einsum`` calls over the whole stack, and each Newton step is one stacked
``numpy.linalg.solve``. Support profiles are visited from the smallest up and are kept only when
they pass the counting condition of McKelvey & McLennan (1997) (no player has more indifference
equations than the others have free probabilities, so the system can have isolated solutions in
a generic game). Roots with negative probabilities are discarded, and every profile returned is
verified by its max regret.

This is the fast route of :func:`contracts.solve` (``method="one"``) for three or more players:
it finds one equilibrium of a random 3x3x3 game in about a millisecond. Newton's method from one
start per support need not find every root, so :func:`support_newton` is not a complete
enumeration (see :mod:`contracts.equilibrium.enumpoly` for that).
"""

from __future__ import annotations

import functools
import itertools

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidGameError, InvalidParameterError
from ..results import EquilibriumResult, build_result

__all__ = ["support_newton", "support_profiles"]


def _subsets(n: int):
    """Non-empty subsets of range(n) as boolean masks, smallest first."""
    out = []
    for k in range(1, n + 1):
        for c in itertools.combinations(range(n), k):
            m = np.zeros(n, dtype=bool)
            m[list(c)] = True
            out.append(m)
    return out


def support_profiles(num_actions, *, max_size: int | None = None, generic: bool = True):
    """Support profiles of a game that can carry an isolated equilibrium, smallest first.

    Pure profiles (every support of size 1) are left out. A profile is kept when every player
    ``i`` satisfies ``|S_i| - 1 <= sum_{k != i} (|S_k| - 1)`` (McKelvey & McLennan 1997).

    Parameters
    ----------
    num_actions : sequence of int
        Number of actions of each player.
    max_size : int, optional
        Largest support size of any player.
    generic : bool, default True
        Apply the counting condition (False: every non-pure profile, as a degenerate game
        may need).

    Returns
    -------
    list of tuple of numpy.ndarray
        One boolean mask per player for each support profile, sorted by total size.

    Examples
    --------
    >>> from contracts.equilibrium.support_newton import support_profiles
    >>> len(support_profiles((2, 2, 2)))      # (2,2,2), and the three (1,2,2)-type profiles x 2
    7
    """
    subs = [_subsets(int(n)) for n in num_actions]
    out = []
    for combo in itertools.product(*subs):
        d = [int(m.sum()) - 1 for m in combo]
        if max_size is not None and max(d) + 1 > max_size:
            continue
        tot = sum(d)
        if tot == 0 or (generic and any(di > tot - di for di in d)):
            continue
        out.append((tot, combo))
    out.sort(key=lambda t: t[0])
    return [c for _, c in out]


class _Stack:
    """Payoff contractions of one game over a stack of profiles (one matmul per block)."""

    def __init__(self, game):
        g = game.as_float() if game.is_exact else game
        self.N = g.num_players
        self.n = tuple(int(k) for k in g.num_actions)
        self.M = sum(self.n)
        self.offs = np.concatenate([[0], np.cumsum(self.n)]).astype(int)
        self.U = [np.ascontiguousarray(g.own_axis_payoffs(i), dtype=np.float64)
                  for i in range(self.N)]
        self.scale = max(1.0, max(float(np.max(np.abs(u))) for u in self.U))
        self._full = [np.asarray(a, dtype=np.float64) for a in g.payoffs]   # player order
        self._ut = None
        # Uo[i]: (prod of others, n_i)
        self.Uo = [np.ascontiguousarray(self.U[i].reshape(self.n[i], -1).T)
                   for i in range(self.N)]

    @property
    def full(self):
        """Each player's payoffs with axes in player order."""
        return self._full

    @property
    def Ut(self):
        """``Ut[i, k]``: (prod of the rest, n_i * n_k), the rest in player order (lazy)."""
        if self._ut is None:
            full = self.full
            self._ut = {}
            for i in range(self.N):
                for k in range(self.N):
                    if k != i:
                        rest = [l for l in range(self.N) if l not in (i, k)]
                        t = np.transpose(full[i], [i, k] + rest)
                        self._ut[i, k] = np.ascontiguousarray(
                            t.reshape(self.n[i] * self.n[k], -1).T)
        return self._ut

    @staticmethod
    def _outer(P, players):
        """Stacked outer product of the strategies of ``players``: shape (B, prod n)."""
        W = P[players[0]]
        for l in players[1:]:
            W = (W[:, :, None] * P[l][:, None, :]).reshape(W.shape[0], -1)
        return W

    def cross(self, P):
        """``D[i][k]`` of shape (B, n_i, n_k) for every ordered pair i != k."""
        N, n = self.N, self.n
        B = P[0].shape[0]
        D = {}
        cache = {}
        for (i, k), Ut in self.Ut.items():
            rest = tuple(l for l in range(N) if l not in (i, k))
            if not rest:
                D[i, k] = np.broadcast_to(self.U[i], (B, n[i], n[k]))
                continue
            W = cache.get(rest)
            if W is None:
                W = cache[rest] = self._outer(P, rest)
            D[i, k] = (W @ Ut).reshape(B, n[i], n[k])
        return D

    def action_payoffs(self, P):
        """Payoff of each action of each player against the others (list of (B, n_i))."""
        N = self.N
        if N == 1:
            return [np.broadcast_to(self.U[0], (P[0].shape[0], self.n[0]))]
        return [self._outer(P, [l for l in range(N) if l != i]) @ self.Uo[i]
                for i in range(N)]

    def split(self, X):
        return [X[:, self.offs[i]:self.offs[i + 1]] for i in range(self.N)]

    def regrets(self, X):
        """Max regret of each stacked profile (rows of X, shape (B, M))."""
        P = self.split(X)
        out = np.zeros(X.shape[0])
        for u, p in zip(self.action_payoffs(P), P):
            out = np.maximum(out, u.max(axis=1) - np.einsum("Za,Za->Z", u, p))
        return out


def _newton(st: _Stack, masks: np.ndarray, X: np.ndarray, *, max_iter: int = 30):
    """Stacked Newton on the indifference systems. ``masks``: (B, M) bool; ``X``: (B, M).

    Returns the final profiles and a boolean "converged" flag per system.
    """
    B, M, N = X.shape[0], st.M, st.N
    offs = st.offs
    K = M + N
    # constant part of the Jacobian
    J0 = np.zeros((B, K, K))
    idx = np.arange(M)
    J0[:, idx, idx] = ~masks
    for i in range(N):
        sl = slice(offs[i], offs[i + 1])
        J0[:, M + i, sl] = 1.0
        J0[:, sl, M + i] = -masks[:, sl].astype(float)
    Y = np.concatenate([X, np.zeros((B, N))], axis=1)
    # initial values v_i: mean payoff over the support
    P = st.split(Y[:, :M])
    U = st.action_payoffs(P)
    for i in range(N):
        u = U[i]
        m = masks[:, offs[i]:offs[i + 1]]
        Y[:, M + i] = (u * m).sum(axis=1) / m.sum(axis=1)
    conv = np.zeros(B, dtype=bool)
    alive = np.ones(B, dtype=bool)
    tol = 1e-13 * st.scale
    prev = np.full(B, np.inf)
    for it in range(max_iter):
        act = np.flatnonzero(alive & ~conv)
        if act.size == 0:
            break
        Ya, ma = Y[act], masks[act]
        P = st.split(Ya[:, :M])
        D = st.cross(P)
        U = st.action_payoffs(P)
        J = J0[act]
        F = np.empty((act.size, K))
        for i in range(N):
            si = slice(offs[i], offs[i + 1])
            mi = ma[:, si]
            u = U[i]
            F[:, si] = np.where(mi, u - Ya[:, M + i:M + i + 1], P[i])
            F[:, M + i] = P[i].sum(axis=1) - 1.0
            for k in range(N):
                if k == i:
                    continue
                J[:, si, offs[k]:offs[k + 1]] = D[i, k] * mi[:, :, None]
        res = np.max(np.abs(F), axis=1)
        done = res <= tol
        conv[act[done]] = True
        # drop systems that stopped contracting (Newton converges quadratically near a root)
        stall = ~done & (it >= 4) & (res > 0.5 * prev[act])
        alive[act[stall]] = False
        prev[act] = res
        go = ~done & ~stall
        if not go.any():
            break
        try:
            step = np.linalg.solve(J[go], F[go][:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            step = np.empty((int(go.sum()), K))
            for r, (Jr, Fr) in enumerate(zip(J[go], F[go])):
                step[r] = np.linalg.lstsq(Jr, Fr, rcond=None)[0]
        ids = act[go]
        Y[ids] -= step
        bad = ~np.all(np.isfinite(Y[ids]), axis=1) | (np.max(np.abs(Y[ids, :M]), axis=1) > 5.0)
        alive[ids[bad]] = False
        Y[ids[bad]] = 0.0
    return Y[:, :M], conv & alive


def _clean(X, masks, N, offs):
    """Clip round-off negatives and renormalise each player's block."""
    X = np.where(masks, np.maximum(X, 0.0), 0.0)
    for i in range(N):
        sl = slice(offs[i], offs[i + 1])
        X[:, sl] /= X[:, sl].sum(axis=1, keepdims=True)
    return X


@functools.lru_cache(maxsize=64)
def _levels(num_actions: tuple, max_size: int | None):
    """Support masks (B, M) grouped by total size, smallest first (cached per shape)."""
    groups: dict[int, list] = {}
    for combo in support_profiles(num_actions, max_size=max_size):
        groups.setdefault(sum(int(m.sum()) - 1 for m in combo), []).append(
            np.concatenate(combo))
    out = []
    for d in sorted(groups):
        arr = np.array(groups[d])
        arr.flags.writeable = False
        out.append(arr)
    return tuple(out)


def _candidates(st: _Stack, levels, *, tol: float, first: bool, chunk: int = 512,
                max_iter: int = 30):
    """Verified equilibria (rows of length M) found by stacked Newton over support masks."""
    N, offs = st.N, st.offs
    found = []
    if first:
        for gen in (_pair_candidates, _triple_candidates):
            for cand in gen(st):
                good = cand[st.regrets(cand) <= tol]
                if len(good):
                    return [good[0]]
        # the smallest level (two players mixing over two actions each) is fully covered
        levels = levels[1:] if st.N >= 3 and len(levels) else levels
    for level in levels:
        for c0 in range(0, len(level), chunk):
            masks = level[c0:c0 + chunk]
            X = masks.astype(float)
            for i in range(N):
                sl = slice(offs[i], offs[i + 1])
                X[:, sl] /= X[:, sl].sum(axis=1, keepdims=True)
            Xn, ok = _newton(st, masks, X, max_iter=max_iter)
            ok &= np.all(np.where(masks, Xn, 0.0) >= -1e-9, axis=1)
            if not ok.any():
                continue
            cand = _clean(Xn[ok], masks[ok], N, offs)
            reg = st.regrets(cand)
            good = cand[reg <= tol]
            for row in good:
                found.append(row)
                if first:
                    return found
    return found


@functools.lru_cache(maxsize=256)
def _pairs_of(n: int):
    a1, a2 = np.array(list(itertools.combinations(range(n), 2))).T
    a1.flags.writeable = False
    a2.flags.writeable = False
    return a1, a2


def _pair_candidates(st: _Stack):
    """Profiles where two players mix over two actions each and the others play pure actions.

    The indifference system of such a support is linear with a closed-form solution (the
    2x2 subgame's mixed equilibrium), so every candidate of every pair of players and every
    pure profile of the others is computed at once. Yields, pair by pair, the candidate
    profiles as rows of length M (unverified).
    """
    N, n, offs = st.N, st.n, st.offs
    full = st.full
    for i, k in itertools.combinations(range(N), 2):
        if n[i] < 2 or n[k] < 2:
            continue
        others = [l for l in range(N) if l not in (i, k)]
        # payoffs of i and k with axes (others..., i, k), flattened over the others' profiles
        A = np.transpose(full[i], others + [i, k]).reshape(-1, n[i], n[k])
        Bk = np.transpose(full[k], others + [k, i]).reshape(-1, n[k], n[i])
        ai1, ai2 = _pairs_of(n[i])
        bk1, bk2 = _pairs_of(n[k])
        dA = A[:, ai1, :] - A[:, ai2, :]             # (R, Pi, n_k)
        d1, d2 = dA[:, :, bk1], dA[:, :, bk2]        # (R, Pi, Pk)
        dB = Bk[:, bk1, :] - Bk[:, bk2, :]           # (R, Pk, n_i)
        e1 = np.swapaxes(dB[:, :, ai1], 1, 2)        # (R, Pi, Pk)
        e2 = np.swapaxes(dB[:, :, ai2], 1, 2)
        # q = d2 / (d2 - d1) (k's weight on bk1) lies in (0, 1) iff d1, d2 have opposite signs
        dq, dp = d2 - d1, e2 - e1
        ok = (d1 * d2 < 0) & (e1 * e2 < 0)
        r, a, b = np.nonzero(ok)
        if r.size == 0:
            continue
        q = d2[r, a, b] / dq[r, a, b]
        p = e2[r, a, b] / dp[r, a, b]
        X = np.zeros((r.size, st.M))
        rr = np.arange(r.size)
        X[rr, offs[i] + ai1[a]] = p
        X[rr, offs[i] + ai2[a]] = 1 - p
        X[rr, offs[k] + bk1[b]] = q
        X[rr, offs[k] + bk2[b]] = 1 - q
        if others:
            pure = np.array(np.unravel_index(r, [n[l] for l in others])).T
            for col, l in enumerate(others):
                X[rr, offs[l] + pure[:, col]] = 1.0
        yield X


def _bilinear(D):
    """Coefficients (c0, cq, cr, cqr) of sum_{x,y} D[..., x, y] w_x(q) w_y(r) with
    w_0(q) = q, w_1(q) = 1 - q: the indifference of a player whose two opponents mix."""
    d11, d12, d21, d22 = D[..., 0, 0], D[..., 0, 1], D[..., 1, 0], D[..., 1, 1]
    return d22, d12 - d22, d21 - d22, d11 - d12 - d21 + d22


def _triple_candidates(st: _Stack):
    """Profiles where three players mix over two actions each, the others play pure actions.

    Each player's indifference is bilinear in the two others' weights; eliminating two weights
    leaves a quadratic in the third, solved in closed form for every support at once.
    Yields, triple by triple, candidate profiles as rows of length M (unverified).
    """
    N, n, offs = st.N, st.n, st.offs
    full = st.full
    for i, k, l in itertools.combinations(range(N), 3):
        if min(n[i], n[k], n[l]) < 2:
            continue
        others = [x for x in range(N) if x not in (i, k, l)]
        (a1, a2), (b1, b2), (c1, c2) = _pairs_of(n[i]), _pairs_of(n[k]), _pairs_of(n[l])
        Ui = np.transpose(full[i], others + [i, k, l]).reshape(-1, n[i], n[k], n[l])
        Uk = np.transpose(full[k], others + [k, i, l]).reshape(-1, n[k], n[i], n[l])
        Ul = np.transpose(full[l], others + [l, i, k]).reshape(-1, n[l], n[i], n[k])
        # D[r, pair_i, pair_k, pair_l, x, y]: payoff differences at the support's actions
        bb = np.stack([b1, b2], axis=1)              # (Pk, 2)
        cc = np.stack([c1, c2], axis=1)
        aa = np.stack([a1, a2], axis=1)
        di = Ui[:, a1] - Ui[:, a2]                   # (R, Pi, n_k, n_l)
        Di = di[:, :, bb[:, :, None, None], cc[None, None, :, :]]     # (R, Pi, Pk, 2, Pl, 2)
        Di = Di.transpose(0, 1, 2, 4, 3, 5)          # (R, Pi, Pk, Pl, 2, 2)
        dk = Uk[:, b1] - Uk[:, b2]                   # (R, Pk, n_i, n_l)
        Dk = dk[:, :, aa[:, :, None, None], cc[None, None, :, :]]     # (R, Pk, Pi, 2, Pl, 2)
        Dk = Dk.transpose(0, 2, 1, 4, 3, 5)          # (R, Pi, Pk, Pl, 2(a), 2(c))
        dl = Ul[:, c1] - Ul[:, c2]                   # (R, Pl, n_i, n_k)
        Dl = dl[:, :, aa[:, :, None, None], bb[None, None, :, :]]     # (R, Pl, Pi, 2, Pk, 2)
        Dl = Dl.transpose(0, 2, 4, 1, 3, 5)          # (R, Pi, Pk, Pl, 2(a), 2(b))
        al = _bilinear(Di)                           # in (q, r)
        be = _bilinear(Dk)                           # in (p, r)
        ga = _bilinear(Dl)                           # in (p, q)
        # q = Qn / Qd, p = Pn / Pd, linear in r: (u0 + u1 r)
        Qn, Qd = (-al[0], -al[2]), (al[1], al[3])
        Pn, Pd = (-be[0], -be[2]), (be[1], be[3])

        def mul(u, v):
            return u[0] * v[0], u[0] * v[1] + u[1] * v[0], u[1] * v[1]

        t = [mul(Pd, Qd), mul(Pn, Qd), mul(Qn, Pd), mul(Pn, Qn)]
        c0, c1_, c2_ = (ga[0] * t[0][j] + ga[1] * t[1][j] + ga[2] * t[2][j] + ga[3] * t[3][j]
                        for j in range(3))
        with np.errstate(divide="ignore", invalid="ignore"):
            disc = c1_ * c1_ - 4 * c2_ * c0
            sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
            roots = [(-c1_ + sq) / (2 * c2_), (-c1_ - sq) / (2 * c2_)]
            lin = np.abs(c2_) <= 1e-14 * (np.abs(c1_) + np.abs(c0) + 1e-300)
            roots[0] = np.where(lin, -c0 / c1_, roots[0])
            for r in roots:
                q = (Qn[0] + Qn[1] * r) / (Qd[0] + Qd[1] * r)
                p = (Pn[0] + Pn[1] * r) / (Pd[0] + Pd[1] * r)
                ok = (r > 0) & (r < 1) & (q > 0) & (q < 1) & (p > 0) & (p < 1)
                R_, A_, B_, C_ = np.nonzero(ok)
                if R_.size == 0:
                    continue
                X = np.zeros((R_.size, st.M))
                rr = np.arange(R_.size)
                pv, qv, rv = p[ok], q[ok], r[ok]
                X[rr, offs[i] + a1[A_]] = pv
                X[rr, offs[i] + a2[A_]] = 1 - pv
                X[rr, offs[k] + b1[B_]] = qv
                X[rr, offs[k] + b2[B_]] = 1 - qv
                X[rr, offs[l] + c1[C_]] = rv
                X[rr, offs[l] + c2[C_]] = 1 - rv
                if others:
                    pure = np.array(np.unravel_index(R_, [n[x] for x in others])).T
                    for col, x in enumerate(others):
                        X[rr, offs[x] + pure[:, col]] = 1.0
                yield X


def _check_game(game, where):
    from ..games.normal_form import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")


def support_newton(game, *, tol: float | None = None, first: bool = False,
                   max_size: int | None = None, max_iter: int = 30) -> EquilibriumResult:
    """Equilibria of an N-player game found by Newton's method on every support profile.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game.
    tol : float, optional
        Regret tolerance for verification (default ``game.default_tol()``).
    first : bool, default False
        Stop at the first verified mixed equilibrium (pure equilibria are not searched for:
        use :func:`contracts.equilibrium.pure.pure_nash`).
    max_size : int, optional
        Largest support size tried for any player.
    max_iter : int, default 30
        Newton iterations per support profile.

    Returns
    -------
    EquilibriumResult
        Verified mixed equilibria (``complete=False``: Newton's method from one start per
        support may miss roots).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.support_newton import support_newton
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> [s.round(6).tolist() for s in support_newton(g)[0].strategies]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    where = "support_newton"
    _check_game(game, where)
    if tol is not None:
        tol = float(check_real(where, "tol", tol, low=0))
    if max_size is not None and (not isinstance(max_size, (int, np.integer)) or max_size < 1):
        raise InvalidParameterError(f"{where}: max_size must be a positive integer, got "
                                    f"{max_size!r}")
    if not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InvalidParameterError(f"{where}: max_iter must be a positive integer, got "
                                    f"{max_iter!r}")
    from ._scale import in_user_units, unit_range
    scaled, c = unit_range(game)      # unit payoff range: the same equilibria at any scale
    if c != 1.0:
        inner = support_newton(scaled, tol=None if tol is None else tol * c, first=first,
                               max_size=max_size, max_iter=max_iter)
        return in_user_units(game, inner, tol)
    tol = game.default_tol() if tol is None else tol
    st = _Stack(game)
    levels = _levels(st.n, max_size)
    rows = _candidates(st, levels, tol=tol, first=first, max_iter=int(max_iter))
    count = sum(len(x) for x in levels)
    prof = [tuple(r[st.offs[i]:st.offs[i + 1]] for i in range(st.N)) for r in rows]
    return build_result(game, prof, method="support_newton", tol=tol, complete=False,
                        converged=True, iterations=count,
                        message=f"Newton's method on {count} support profiles")

"""Closed-form equilibria on the smallest mixed support profiles of an N-player game.

When two players mix over two actions each and the others play pure actions, the indifference
system is linear (the 2x2 subgame's mixed equilibrium); when three players mix over two actions
each it reduces to a quadratic in one weight. Both are solved here for every such support profile
at once (vectorised over the pure profiles of the other players and the action pairs), so the
route :func:`contracts.solve` takes for ``method="one"`` on three or more players finds the
equilibria of most random games without iterating. The candidates are unverified: callers check
their regret.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np

__all__: list[str] = []


@functools.lru_cache(maxsize=256)
def _pairs_of(n: int):
    a1, a2 = np.array(list(itertools.combinations(range(n), 2))).T
    a1.flags.writeable = False
    a2.flags.writeable = False
    return a1, a2


@functools.lru_cache(maxsize=64)
def _pair_table(n: tuple):
    """Index tables (cached per shape) of every support profile where two players mix over two
    actions each and the others play pure actions: ``idx`` (8, E) positions in the players'
    flattened payoffs (player i's at a1/a2 x b1/b2, then player k's), and ``cols`` (4 + N - 2,
    E) the profile entries set by each candidate (i's a1, a2; k's b1, b2; the pure actions)."""
    N = len(n)
    size = int(np.prod(n))
    idx, cols = [], []
    offs = np.concatenate([[0], np.cumsum(n)]).astype(int)
    for i, k in itertools.combinations(range(N), 2):
        others = [l for l in range(N) if l not in (i, k)]
        for pure in itertools.product(*[range(n[l]) for l in others]):
            for a1, a2 in itertools.combinations(range(n[i]), 2):
                for b1, b2 in itertools.combinations(range(n[k]), 2):
                    def at(a, b):
                        prof = [0] * N
                        for l, x in zip(others, pure):
                            prof[l] = x
                        prof[i], prof[k] = a, b
                        return int(np.ravel_multi_index(prof, n))
                    cells = [at(a1, b1), at(a2, b1), at(a1, b2), at(a2, b2)]
                    idx.append([i * size + c for c in cells] + [k * size + c for c in cells])
                    cols.append([offs[i] + a1, offs[i] + a2, offs[k] + b1, offs[k] + b2]
                                + [offs[l] + x for l, x in zip(others, pure)])
    idx = np.array(idx, dtype=np.intp).reshape(-1, 8).T.copy()
    cols = np.array(cols, dtype=np.intp).reshape(-1, N + 2).T.copy()
    for a in (idx, cols):
        a.flags.writeable = False
    return idx, cols


def _pair_candidates(st):
    """Profiles where two players mix over two actions each and the others play pure actions.

    The indifference system of such a support is linear with a closed-form solution (the
    2x2 subgame's mixed equilibrium), so every candidate of every pair of players and every
    pure profile of the others is computed at once, in one pass of array operations. Yields
    the candidate profiles as rows of length M (unverified).
    """
    idx, cols = _pair_table(st.n)
    if idx.shape[1] == 0:
        return
    V = np.concatenate([f.ravel() for f in st.full])[idx]
    # i's gain from a1 over a2 when k plays b1 (d1) or b2 (d2); k's from b1 over b2 (e1, e2)
    d1, d2 = V[0] - V[1], V[2] - V[3]
    e1, e2 = V[4] - V[6], V[5] - V[7]
    # k's weight on b1 is q = d2 / (d2 - d1), in (0, 1) iff d1 and d2 have opposite signs
    sel = np.flatnonzero((d1 * d2 < 0) & (e1 * e2 < 0))
    if sel.size == 0:
        return
    q = d2[sel] / (d2[sel] - d1[sel])
    p = e2[sel] / (e2[sel] - e1[sel])
    X = np.zeros((sel.size, st.M))
    rr = np.arange(sel.size)
    c = cols[:, sel]
    X[rr, c[0]] = p
    X[rr, c[1]] = 1 - p
    X[rr, c[2]] = q
    X[rr, c[3]] = 1 - q
    if c.shape[0] > 4:
        X[rr[:, None], c[4:].T] = 1.0
    yield X


def _bilinear(D):
    """Coefficients (c0, cq, cr, cqr) of sum_{x,y} D[..., x, y] w_x(q) w_y(r) with
    w_0(q) = q, w_1(q) = 1 - q: the indifference of a player whose two opponents mix."""
    d11, d12, d21, d22 = D[..., 0, 0], D[..., 0, 1], D[..., 1, 0], D[..., 1, 1]
    return d22, d12 - d22, d21 - d22, d11 - d12 - d21 + d22


def _triple_candidates(st):
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

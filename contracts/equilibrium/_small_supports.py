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


def _rows(M: int, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
    """Candidate profiles as rows of length ``M``: row ``b`` gets ``vals[:, b]`` at the columns
    ``cols[:, b]`` and 0 elsewhere."""
    X = np.zeros((cols.shape[1], M))
    X[np.arange(cols.shape[1]), cols] = vals
    return X


def _mixed_rows(M: int, cols: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Rows where the k-th two-action mixer puts ``weights[k]`` on column ``cols[2k]`` and
    the rest on ``cols[2k + 1]``; the remaining rows of ``cols`` (pure actions) get 1."""
    m = 2 * weights.shape[0]
    vals = np.ones(cols.shape)
    vals[0:m:2] = weights
    vals[1:m:2] = 1.0 - weights
    return _rows(M, cols, vals)


# i's gain of a1 over a2 when k plays b1 (d1) or b2 (d2); k's of b1 over b2 when i plays a1 (e1)
# or a2 (e2), from the 8 payoffs of :func:`_pair_table`; rows d1, e1, d2, e2
_WPAIR = np.array([[1, -1, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, -1, 0],
                   [0, 0, 1, -1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 0, -1]], dtype=float)
_WPAIR.flags.writeable = False


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
    D = _WPAIR @ st.flat_payoffs[idx]                    # d1, e1, d2, e2
    neg = D[:2] * D[2:] < 0
    sel = np.flatnonzero(neg[0] & neg[1])
    if sel.size == 0:
        return
    D = D[:, sel]
    w = D[2:] / (D[2:] - D[:2])        # k's weight on b1 (d1, d2 of opposite signs), i's on a1
    yield _mixed_rows(st.M, cols[:, sel], w[::-1])


@functools.lru_cache(maxsize=64)
def _triple_table(n: tuple):
    """Index tables (cached per shape) of every support profile where three players mix over two
    actions each and the others play pure actions: ``idx`` (24, E) positions in the players'
    flattened payoffs (player i's at (a_s, b_x, c_y) for s, x, y in {1, 2}, then k's at
    (b_s, a_x, c_y), then l's at (c_s, a_x, b_y)), and ``cols`` (6 + N - 3, E) the profile
    entries set by each candidate (i's a1, a2; k's b1, b2; l's c1, c2; the pure actions)."""
    N = len(n)
    size = int(np.prod(n))
    offs = np.concatenate([[0], np.cumsum(n)]).astype(int)
    idx, cols = [], []
    for i, k, l in itertools.combinations(range(N), 3):
        others = [x for x in range(N) if x not in (i, k, l)]
        for pure in itertools.product(*[range(n[x]) for x in others]):
            base = [0] * N
            for x, v in zip(others, pure):
                base[x] = v
            for a in itertools.combinations(range(n[i]), 2):
                for b in itertools.combinations(range(n[k]), 2):
                    for c in itertools.combinations(range(n[l]), 2):
                        def at(player, ai, bk, cl):
                            prof = list(base)
                            prof[i], prof[k], prof[l] = ai, bk, cl
                            return player * size + int(np.ravel_multi_index(prof, n))
                        row = [at(i, a[s], b[x], c[y]) for s in (0, 1) for x in (0, 1)
                               for y in (0, 1)]
                        row += [at(k, a[x], b[s], c[y]) for s in (0, 1) for x in (0, 1)
                                for y in (0, 1)]
                        row += [at(l, a[x], b[y], c[s]) for s in (0, 1) for x in (0, 1)
                                for y in (0, 1)]
                        idx.append(row)
                        cols.append([offs[i] + a[0], offs[i] + a[1], offs[k] + b[0],
                                     offs[k] + b[1], offs[l] + c[0], offs[l] + c[1]]
                                    + [offs[x] + v for x, v in zip(others, pure)])
    idx = np.array(idx, dtype=np.intp).reshape(-1, 24).T.copy()
    cols = np.array(cols, dtype=np.intp).reshape(-1, N + 3).T.copy()
    for arr in (idx, cols):
        arr.flags.writeable = False
    return idx, cols


def _coefficient_matrix():
    """``W`` (12, 24): the coefficients (c0, cx, cy, cxy) of the three players' indifferences,
    ``sum_{x,y} D[x, y] w_x w_y`` with ``w_0(t) = t``, ``w_1(t) = 1 - t`` and D the payoff at
    s = 1 minus at s = 2, as linear maps of the 24 payoffs in the order of
    :func:`_triple_table` (so every coefficient of every support is one matrix product)."""
    W = np.zeros((12, 24))
    for blk in range(3):
        o = 8 * blk
        d = {}
        for x in (0, 1):
            for y in (0, 1):
                v = np.zeros(24)
                v[o + 2 * x + y] = 1.0
                v[o + 4 + 2 * x + y] = -1.0
                d[x, y] = v
        W[4 * blk + 0] = d[1, 1]
        W[4 * blk + 1] = d[0, 1] - d[1, 1]
        W[4 * blk + 2] = d[1, 0] - d[1, 1]
        W[4 * blk + 3] = d[0, 0] - d[0, 1] - d[1, 0] + d[1, 1]
    W.flags.writeable = False
    return W


_W = _coefficient_matrix()


def _trilinear_quadratic():
    """``T`` (3, 64): the coefficients (r^0, r^1, r^2) of the quadratic left when the first two
    indifferences of a three-mixer support (coefficient vectors ``al`` in (q, r), ``be`` in
    (p, r), each (const, first, second, product)) are solved for ``q`` and ``p`` and put into the
    third (``ga`` in (p, q)), as a linear map of the products ``al_a be_b ga_c``."""
    T = np.zeros((3, 4, 4, 4))
    for a, b, c in itertools.product(range(4), repeat=3):
        al, be, ga = np.eye(4)[a], np.eye(4)[b], np.eye(4)[c]
        pd, pn = (be[1], be[3]), (-be[0], -be[2])        # p = pn / pd, linear in r
        qd, qn = (al[1], al[3]), (-al[0], -al[2])
        for g, x, y in ((ga[0], pd, qd), (ga[1], pn, qd), (ga[2], pd, qn), (ga[3], pn, qn)):
            T[0, a, b, c] += g * x[0] * y[0]
            T[1, a, b, c] += g * (x[0] * y[1] + x[1] * y[0])
            T[2, a, b, c] += g * x[1] * y[1]
    T = T.reshape(3, 64)
    T.flags.writeable = False
    return T


_T3 = _trilinear_quadratic()


def _quadratic_roots(k):
    """Both roots of ``k[0] + k[1] r + k[2] r^2`` for every column, as a (2, E) array (NaN
    where complex; the root of the linear equation first where ``k[2]`` vanishes)."""
    k0, k1, k2 = k
    disc = k1 * k1 - 4 * k2 * k0
    sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
    r = np.empty((2, k.shape[1]))
    np.subtract(sq, k1, out=r[0])
    np.subtract(-k1, sq, out=r[1])
    r /= 2 * k2
    lin = np.abs(k2) <= 1e-14 * (np.abs(k1) + np.abs(k0) + 1e-300)
    if lin.any():
        r[0] = np.where(lin, -k0 / k1, r[0])
    return r


def _in_unit(W):
    """Where every weight in ``W`` (k, 2, E) lies strictly between 0 and 1: flat indices
    into the (2, E) roots."""
    return np.flatnonzero(np.logical_and.reduce((W > 0) & (W < 1), axis=0))


def _triple_candidates(st):
    """Profiles where three players mix over two actions each, the others play pure actions.

    Each player's indifference is bilinear in the two others' weights; eliminating two weights
    leaves a quadratic in the third, solved in closed form for every support at once (one pass
    of array operations over every triple of players, pair of actions each and pure profile of
    the others). Yields candidate profiles as rows of length M (unverified).
    """
    if st.N < 3 or sorted(st.n)[-3] < 2:
        return
    idx, cols = _triple_table(st.n)
    if idx.shape[1] == 0:
        return
    E = idx.shape[1]
    K = _W @ st.flat_payoffs[idx]
    al, be, ga = K[0:4], K[4:8], K[8:12]
    W = np.empty((3, 2, E))                              # p, q, r at both roots
    r = W[2]
    r[...] = _quadratic_roots(_T3 @ (al[:, None, None] * be[None, :, None]
                                     * ga[None, None, :]).reshape(64, E))
    np.divide(-(al[0] + al[2] * r), al[1] + al[3] * r, out=W[1])
    np.divide(-(be[0] + be[2] * r), be[1] + be[3] * r, out=W[0])
    ok = _in_unit(W)
    if ok.size == 0:
        return
    yield _mixed_rows(st.M, cols[:, ok % E], W.reshape(3, -1)[:, ok])


#: Largest number of support profiles a closed-form table may hold (the tables are built once
#: per shape; beyond this the supports are left to the stacked Newton iteration).
_MAX_TABLE = 50_000


@functools.lru_cache(maxsize=64)
def _square_table(n: tuple, s: int):
    """Index tables (cached per shape) of every support profile where two players mix over
    ``s`` actions each and the others play pure actions: ``idx`` (2 s^2, E) positions in the
    players' flattened payoffs (i's at (a, b) for a in S_i, b in S_k, row-major; then k's at
    (b, a)), and ``cols`` (2 s + N - 2, E) the profile entries (i's support, k's, the pure
    actions). None when a player has fewer than ``s`` actions or the table would be too large."""
    N = len(n)
    size = int(np.prod(n))
    offs = np.concatenate([[0], np.cumsum(n)]).astype(int)
    count = 0
    for i, k in itertools.combinations(range(N), 2):
        rest = int(np.prod([n[l] for l in range(N) if l not in (i, k)]))
        count += rest * _binom(n[i], s) * _binom(n[k], s)
    if count == 0 or count > _MAX_TABLE:
        return None
    idx, cols = [], []
    for i, k in itertools.combinations(range(N), 2):
        others = [l for l in range(N) if l not in (i, k)]
        for pure in itertools.product(*[range(n[l]) for l in others]):
            base = [0] * N
            for l, x in zip(others, pure):
                base[l] = x
            for A in itertools.combinations(range(n[i]), s):
                for B in itertools.combinations(range(n[k]), s):
                    def at(player, a, b):
                        prof = list(base)
                        prof[i], prof[k] = a, b
                        return player * size + int(np.ravel_multi_index(prof, n))
                    idx.append([at(i, a, b) for a in A for b in B]
                               + [at(k, a, b) for b in B for a in A])
                    cols.append([offs[i] + a for a in A] + [offs[k] + b for b in B]
                                + [offs[l] + x for l, x in zip(others, pure)])
    idx = np.array(idx, dtype=np.intp).T.copy()
    cols = np.array(cols, dtype=np.intp).T.copy()
    for a in (idx, cols):
        a.flags.writeable = False
    return idx, cols


def _binom(n: int, k: int) -> int:
    import math
    return math.comb(int(n), int(k)) if 0 <= k <= n else 0


def _indifferent_mix(V):
    """The mixed strategies ``q`` (rows, summing to 1) making the row player of each payoff
    matrix in ``V`` (E, s, s) indifferent over its rows, and a mask of the matrices where that
    system is regular (elsewhere the row is NaN)."""
    E, s, _ = V.shape
    Msys = np.empty((E, s, s))
    Msys[:, 0, :] = 1.0
    Msys[:, 1:, :] = V[:, 1:, :] - V[:, :1, :]
    det = np.linalg.det(Msys)
    ok = np.abs(det) > 1e-12
    q = np.full((E, s), np.nan)
    if ok.any():
        rhs = np.zeros((int(ok.sum()), s, 1))
        rhs[:, 0, 0] = 1.0
        q[ok] = np.linalg.solve(Msys[ok], rhs)[:, :, 0]
    return q


def _cross_rows():
    """``W`` (24, 18): from the 18 payoffs of a 3x3 :func:`_square_table` entry (i's at
    (a, b), then k's at (b, a)), the factors of the cross products ``d1 x d2`` of the
    differences ``d_j = row j - row 0`` of each player's matrix: rows (4 factors x (i's 3, k's
    3)) such that ``F[0] * F[1] - F[2] * F[3]`` is (i's cross product, k's)."""
    W = np.zeros((4, 2, 3, 18))
    for blk in range(2):
        def d(j, col):
            v = np.zeros(18)
            v[9 * blk + 3 * j + col] += 1.0
            v[9 * blk + col] -= 1.0
            return v
        for m in range(3):
            W[0, blk, m] = d(1, (m + 1) % 3)
            W[1, blk, m] = d(2, (m + 2) % 3)
            W[2, blk, m] = d(1, (m + 2) % 3)
            W[3, blk, m] = d(2, (m + 1) % 3)
    W = W.reshape(24, 18)
    W.flags.writeable = False
    return W


_WCROSS = _cross_rows()


def _square_candidates(st, sizes=(3, 4)):
    """Profiles where two players mix over ``s`` actions each (``s`` in ``sizes``) and the
    others play pure actions: each player's mixture makes the other indifferent over its
    support, a linear system solved for every such support profile at once (for ``s = 3`` its
    solution is a cross product; otherwise one batched solve). Yields candidate profiles as rows
    of length M (unverified)."""
    flat = st.flat_payoffs
    for s in sizes:
        tab = _square_table(st.n, s)
        if tab is None:
            continue
        idx, cols = tab
        V = flat[idx]                                    # (2 s^2, E)
        E = V.shape[1]
        if s == 3:
            F = (_WCROSS @ V).reshape(4, 2, 3, E)
            c = F[0] * F[1] - F[2] * F[3]               # (k's mixture, i's) unnormalised
            w = c / np.add.reduce(c, axis=1, keepdims=True)
            sel = np.flatnonzero(np.logical_and.reduce((w > 0).reshape(6, E), axis=0))
            if sel.size == 0:
                continue
            vals = np.ones((cols.shape[0], sel.size))
            vals[:3] = w[1][:, sel]
            vals[3:6] = w[0][:, sel]
            yield _rows(st.M, cols[:, sel], vals)
            continue
        q = _indifferent_mix(V[:s * s].T.reshape(E, s, s))     # k's mixture: i indifferent
        p = _indifferent_mix(V[s * s:].T.reshape(E, s, s))     # i's mixture: k indifferent
        sel = np.flatnonzero((p > 0).all(axis=1) & (q > 0).all(axis=1))
        if sel.size == 0:
            continue
        vals = np.ones((cols.shape[0], sel.size))
        vals[:s] = p[sel].T
        vals[s:2 * s] = q[sel].T
        yield _rows(st.M, cols[:, sel], vals)


@functools.lru_cache(maxsize=64)
def _wide_table(n: tuple):
    """Index tables (cached per shape) of every support profile where one player ``i`` mixes over
    three actions, two others ``k < l`` over two each, and the rest play pure actions:
    ``idx`` (36, E) positions in the flattened payoffs (i's at (a_t, b_x, c_y), t < 3, x, y < 2;
    then k's at (b_s, a_t, c_y); then l's at (c_s, a_t, b_x), each row-major in the listed
    order), and ``cols`` (7 + N - 3, E) the profile entries (a_0..a_2, b_0, b_1, c_0, c_1, the
    pure actions). None when no such profile exists or the table would be too large."""
    N = len(n)
    if N < 3:
        return None
    size = int(np.prod(n))
    offs = np.concatenate([[0], np.cumsum(n)]).astype(int)
    count = 0
    for i in range(N):
        for k, l in itertools.combinations([x for x in range(N) if x != i], 2):
            rest = int(np.prod([n[x] for x in range(N) if x not in (i, k, l)]))
            count += rest * _binom(n[i], 3) * _binom(n[k], 2) * _binom(n[l], 2)
    if count == 0 or count > _MAX_TABLE:
        return None
    idx, cols = [], []
    for i in range(N):
        for k, l in itertools.combinations([x for x in range(N) if x != i], 2):
            others = [x for x in range(N) if x not in (i, k, l)]
            for pure in itertools.product(*[range(n[x]) for x in others]):
                base = [0] * N
                for x, v in zip(others, pure):
                    base[x] = v
                for a in itertools.combinations(range(n[i]), 3):
                    for b in itertools.combinations(range(n[k]), 2):
                        for c in itertools.combinations(range(n[l]), 2):
                            def at(player, ai, bk, cl):
                                prof = list(base)
                                prof[i], prof[k], prof[l] = ai, bk, cl
                                return player * size + int(np.ravel_multi_index(prof, n))
                            row = [at(i, a[t], b[x], c[y]) for t in range(3) for x in (0, 1)
                                   for y in (0, 1)]
                            row += [at(k, a[t], b[s], c[y]) for s in (0, 1) for t in range(3)
                                    for y in (0, 1)]
                            row += [at(l, a[t], b[x], c[s]) for s in (0, 1) for t in range(3)
                                    for x in (0, 1)]
                            idx.append(row)
                            cols.append([offs[i] + t for t in a] + [offs[k] + x for x in b]
                                        + [offs[l] + y for y in c]
                                        + [offs[x] + v for x, v in zip(others, pure)])
    idx = np.array(idx, dtype=np.intp).T.copy()
    cols = np.array(cols, dtype=np.intp).T.copy()
    for arr in (idx, cols):
        arr.flags.writeable = False
    return idx, cols


def _wide_rows():
    """``W`` (32, 36): from the 36 payoffs of a :func:`_wide_table` entry, the three-mixer's two
    indifference coefficient vectors (const, q, r, qr; rows 0-7), then the two-mixers'
    indifference coefficients as functions of the others' weights, ``e_t = e0_t + e1_t r``
    (k's, in the rotated orders t+1 and t+2, rows 8-19) and ``f_t = f0_t + f1_t q`` (l's, rows
    20-31), so that ``e_(t+1) f_(t+2) - e_(t+2) f_(t+1)`` is their cross product."""
    W = np.zeros((32, 36))
    for j in (1, 2):                                    # i: payoff of a_j minus a_0
        D = np.zeros((2, 2, 36))
        for x in (0, 1):
            for y in (0, 1):
                D[x, y, 4 * j + 2 * x + y] += 1.0
                D[x, y, 2 * x + y] -= 1.0
        o = 4 * (j - 1)
        W[o] = D[1, 1]
        W[o + 1] = D[0, 1] - D[1, 1]
        W[o + 2] = D[1, 0] - D[1, 1]
        W[o + 3] = D[0, 0] - D[0, 1] - D[1, 0] + D[1, 1]
    for blk, base in ((0, 12), (1, 24)):                # k (in r), then l (in q)
        def g(t, y):                                    # own action 0 minus 1 at (a_t, y)
            v = np.zeros(36)
            v[base + 2 * t + y] += 1.0
            v[base + 6 + 2 * t + y] -= 1.0
            return v
        for rot in (1, 2):
            for t in range(3):
                u = (t + rot) % 3
                o = 8 + 12 * blk + 6 * (rot - 1)
                W[o + t] = g(u, 1)                      # at weight 0 on the first action
                W[o + 3 + t] = g(u, 0) - g(u, 1)        # slope in the weight
    W.flags.writeable = False
    return W


_WWIDE = _wide_rows()
_T2 = np.zeros((3, 4, 4))
# k0 = b0 a1 - b1 a0; k1 = b0 a3 + b2 a1 - b1 a2 - b3 a0; k2 = b2 a3 - b3 a2 (T2[:, a, b])
for _m, _terms in enumerate((((1, 0, 1), (0, 1, -1)), ((3, 0, 1), (1, 2, 1), (2, 1, -1),
                                                        (0, 3, -1)), ((3, 2, 1), (2, 3, -1)))):
    for _a, _b, _sgn in _terms:
        _T2[_m, _a, _b] = _sgn
_T2 = _T2.reshape(3, 16)
_T2.flags.writeable = False


def _wide_candidates(st):
    """Profiles where one player mixes over three actions, two others over two each and the
    rest play pure actions.

    With ``q`` and ``r`` the two-action players' weights on their first actions, the three-action
    player's two indifferences are bilinear in ``(q, r)``; eliminating ``q`` leaves a quadratic
    in ``r``. The two others' indifferences are then linear in the three-action player's
    mixture ``p``, which with ``sum p = 1`` makes ``p`` proportional to the cross product of
    their coefficient vectors. Solved for every such support profile at once; yields candidate
    profiles as rows of length M (unverified).
    """
    tab = _wide_table(st.n)
    if tab is None:
        return
    idx, cols = tab
    E = idx.shape[1]
    K = _WWIDE @ st.flat_payoffs[idx]                    # (32, E)
    al, be = K[0:4], K[4:8]
    W = np.empty((5, 2, E))                              # p (3 rows), q, r at both roots
    p, q, r = W[:3], W[3], W[4]
    r[...] = _quadratic_roots(_T2 @ (al[:, None] * be[None, :]).reshape(16, E))
    np.divide(-(al[0] + al[2] * r), al[1] + al[3] * r, out=q)
    e1 = K[8:11, None] + K[11:14, None] * r              # (3, 2, E): e_(t+1)
    e2 = K[14:17, None] + K[17:20, None] * r
    f1 = K[20:23, None] + K[23:26, None] * q
    f2 = K[26:29, None] + K[29:32, None] * q
    np.subtract(e1 * f2, e2 * f1, out=p)
    p /= np.add.reduce(p, axis=0)
    ok = _in_unit(W)
    if ok.size == 0:
        return
    vals = np.ones((cols.shape[0], ok.size))
    vals[:3] = p.reshape(3, -1)[:, ok]
    qs, rs = q.reshape(-1)[ok], r.reshape(-1)[ok]
    vals[3], vals[4], vals[5], vals[6] = qs, 1.0 - qs, rs, 1.0 - rs
    yield _rows(st.M, cols[:, ok % E], vals)


_CLOSED_FORMS = (_pair_candidates, _triple_candidates, _square_candidates, _wide_candidates)


def closed_forms(st):
    """The candidate profiles of every closed form for ``st``'s shape, in the order tried
    (smallest supports first): a generator of (B, M) arrays (unverified). Degenerate supports
    give NaN or inf weights, which are rejected silently."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for gen in _CLOSED_FORMS:
            yield from gen(st)


def covered(st, masks):
    """True for the support masks (rows of length M) whose indifference systems
    :func:`closed_forms` solves in closed form for this shape (all their regular roots)."""
    offs = st.offs
    sizes = np.add.reduceat(masks, offs[:-1], axis=1)
    mix = sizes > 1
    nmix = mix.sum(axis=1)
    msum = np.where(mix, sizes, 0).sum(axis=1)
    smax = sizes.max(axis=1)
    squares = [2] + [s for s in (3, 4) if _square_table(st.n, s) is not None]
    out = (nmix == 2) & (msum == 2 * smax) & np.isin(smax, squares)
    if st.N >= 3 and sorted(st.n)[-3] >= 2:
        out |= (nmix == 3) & (msum == 6) & (smax == 2)
        if _wide_table(st.n) is not None:
            out |= (nmix == 3) & (msum == 7) & (smax == 3)
    return out

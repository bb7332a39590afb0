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


def _profiles(M: int, c: np.ndarray, weights) -> np.ndarray:
    """Candidate profiles as rows of length ``M``: for the k-th mixing player, columns
    ``c[2k]`` and ``c[2k + 1]`` get ``w_k`` and ``1 - w_k``; the remaining rows of ``c`` (the
    pure players' actions) get 1."""
    B = c.shape[1]
    X = np.zeros((B, M))
    rr = np.arange(B)
    for k, w in enumerate(weights):
        X[rr, c[2 * k]] = w
        X[rr, c[2 * k + 1]] = 1 - w
    m = 2 * len(weights)
    if c.shape[0] > m:
        X[rr[:, None], c[m:].T] = 1.0
    return X


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
    V = st.flat_payoffs[idx]
    # i's gain from a1 over a2 when k plays b1 (d1) or b2 (d2); k's from b1 over b2 (e1, e2)
    d1, d2 = V[0] - V[1], V[2] - V[3]
    e1, e2 = V[4] - V[6], V[5] - V[7]
    # k's weight on b1 is q = d2 / (d2 - d1), in (0, 1) iff d1 and d2 have opposite signs
    sel = np.flatnonzero((d1 * d2 < 0) & (e1 * e2 < 0))
    if sel.size == 0:
        return
    q = d2[sel] / (d2[sel] - d1[sel])
    p = e2[sel] / (e2[sel] - e1[sel])
    yield _profiles(st.M, cols[:, sel], (p, q))


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
    al0, al1, al2, al3, be0, be1, be2, be3, ga0, ga1, ga2, ga3 = (
        _W @ st.flat_payoffs[idx])
    # i's indifference in (q, r), k's in (p, r), l's in (p, q): q = Qn(r) / Qd(r) and
    # p = Pn(r) / Pd(r) with Qn = -(al0 + al2 r), Qd = al1 + al3 r (Pn, Pd from be alike);
    # l's indifference times Pd Qd is a quadratic c0 + c1 r + c2 r^2
    A = np.array([[be1, be3], [-be0, -be2]])          # (Pd, Pn) x (r^0, r^1)
    B = np.array([[al1, al3], [-al0, -al2]])          # (Qd, Qn)
    G = np.array([[ga0, ga2], [ga1, ga3]])            # G[a, b]: weight of A[a] B[b]
    C = np.einsum("abe,ase,bte->ste", G, A, B)
    c0, c1, c2 = C[0, 0], C[0, 1] + C[1, 0], C[1, 1]
    qn0, qn1, qd0, qd1 = B[1, 0], B[1, 1], B[0, 0], B[0, 1]
    pn0, pn1, pd0, pd1 = A[1, 0], A[1, 1], A[0, 0], A[0, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        disc = c1 * c1 - 4 * c2 * c0
        sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
        lin = np.abs(c2) <= 1e-14 * (np.abs(c1) + np.abs(c0) + 1e-300)
        r = np.concatenate([np.where(lin, -c0 / c1, (-c1 + sq) / (2 * c2)),
                            (-c1 - sq) / (2 * c2)])
        two = lambda u: np.concatenate([u, u])          # noqa: E731
        q = (two(qn0) + two(qn1) * r) / (two(qd0) + two(qd1) * r)
        p = (two(pn0) + two(pn1) * r) / (two(pd0) + two(pd1) * r)
        ok = np.flatnonzero((r > 0) & (r < 1) & (q > 0) & (q < 1) & (p > 0) & (p < 1))
    if ok.size == 0:
        return
    E = idx.shape[1]
    yield _profiles(st.M, cols[:, ok % E], (p[ok], q[ok], r[ok]))


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


def _square_candidates(st, sizes=(3, 4)):
    """Profiles where two players mix over ``s`` actions each (``s`` in ``sizes``) and the
    others play pure actions: each player's mixture makes the other indifferent over its
    support, a linear system solved for every such support profile at once (one batched
    solve per size). Yields candidate profiles as rows of length M (unverified)."""
    flat = st.flat_payoffs
    for s in sizes:
        tab = _square_table(st.n, s)
        if tab is None:
            continue
        idx, cols = tab
        V = flat[idx]                                    # (2 s^2, E)
        E = V.shape[1]
        Vi = V[:s * s].T.reshape(E, s, s)                # i's payoffs [a, b]
        Vk = V[s * s:].T.reshape(E, s, s)                # k's payoffs [b, a]
        q = _indifferent_mix(Vi)                         # k's mixture: i indifferent
        p = _indifferent_mix(Vk)                         # i's mixture: k indifferent
        with np.errstate(invalid="ignore"):
            sel = np.flatnonzero((p > 0).all(axis=1) & (q > 0).all(axis=1))
        if sel.size == 0:
            continue
        X = np.zeros((sel.size, st.M))
        rr = np.arange(sel.size)[:, None]
        X[rr, cols[:s, sel].T] = p[sel]
        X[rr, cols[s:2 * s, sel].T] = q[sel]
        if cols.shape[0] > 2 * s:
            X[rr, cols[2 * s:, sel].T] = 1.0
        yield X


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
    V = st.flat_payoffs[idx]                             # (36, E)
    E = V.shape[1]
    Ui = V[:12].reshape(3, 2, 2, E)                      # i: [t, x, y]
    Uk = V[12:24].reshape(2, 3, 2, E)                    # k: [s, t, y]
    Ul = V[24:].reshape(2, 3, 2, E)                      # l: [s, t, x]
    # i's gain of a_1 (then a_2) over a_0 is c0 + c1 q + c2 r + c3 q r (q on b_0, r on c_0)
    D = Ui[1:] - Ui[:1]                                  # (2, 2, 2, E)
    c0 = D[:, 1, 1]
    cq = D[:, 0, 1] - D[:, 1, 1]
    cr = D[:, 1, 0] - D[:, 1, 1]
    cqr = D[:, 0, 0] - D[:, 0, 1] - D[:, 1, 0] + D[:, 1, 1]
    (a0, b0), (a1, b1), (a2, b2), (a3, b3) = c0, cq, cr, cqr
    # q = -(a0 + a2 r) / (a1 + a3 r) into the second: k0 + k1 r + k2 r^2 = 0
    k0 = b0 * a1 - b1 * a0
    k1 = b0 * a3 + b2 * a1 - b1 * a2 - b3 * a0
    k2 = b2 * a3 - b3 * a2
    with np.errstate(divide="ignore", invalid="ignore"):
        disc = k1 * k1 - 4 * k2 * k0
        sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
        lin = np.abs(k2) <= 1e-14 * (np.abs(k1) + np.abs(k0) + 1e-300)
        r = np.concatenate([np.where(lin, -k0 / k1, (-k1 + sq) / (2 * k2)),
                            (-k1 - sq) / (2 * k2)])
        two = lambda u: np.concatenate([u, u])          # noqa: E731
        q = -(two(a0) + two(a2) * r) / (two(a1) + two(a3) * r)
        # k indifferent between b_0 and b_1: sum_t p_t e_t = 0; l between c_0, c_1: p . f = 0
        Ek = np.concatenate([Uk[0] - Uk[1]] * 2, axis=-1)          # (3, 2, 2E) [t, y]
        Fl = np.concatenate([Ul[0] - Ul[1]] * 2, axis=-1)          # (3, 2, 2E) [t, x]
        e = Ek[:, 0] * r + Ek[:, 1] * (1 - r)                      # (3, 2E)
        f = Fl[:, 0] * q + Fl[:, 1] * (1 - q)
        p = np.cross(e, f, axis=0)
        p = p / p.sum(axis=0)
        ok = np.flatnonzero((r > 0) & (r < 1) & (q > 0) & (q < 1) & (p > 0).all(axis=0))
    if ok.size == 0:
        return
    sel = ok % E
    X = np.zeros((ok.size, st.M))
    rr = np.arange(ok.size)
    for t in range(3):
        X[rr, cols[t, sel]] = p[t, ok]
    X[rr, cols[3, sel]] = q[ok]
    X[rr, cols[4, sel]] = 1 - q[ok]
    X[rr, cols[5, sel]] = r[ok]
    X[rr, cols[6, sel]] = 1 - r[ok]
    if cols.shape[0] > 7:
        X[rr[:, None], cols[7:, sel].T] = 1.0
    yield X


def closed_forms(st):
    """The closed-form candidate generators for ``st``'s shape, in the order tried (smallest
    supports first)."""
    return (_pair_candidates, _triple_candidates, _square_candidates, _wide_candidates)


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

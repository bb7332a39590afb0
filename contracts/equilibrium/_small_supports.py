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
# or a2 (e2): rows d1, e1, d2, e2 are rows _PAIR_PLUS minus rows _PAIR_MINUS of
# :func:`_pair_table`'s ``idx`` (a plain difference: no matrix product, no BLAS call)
_PAIR_PLUS, _PAIR_MINUS = [0, 4, 2, 5], [1, 6, 3, 7]


@functools.lru_cache(maxsize=64)
def _pair_diff_table(n: tuple):
    """:func:`_pair_table`'s ``idx`` with its rows ordered so that the first four minus the last
    four are the gains d1, e1, d2, e2 (cached per shape)."""
    idx = _pair_table(n)[0][_PAIR_PLUS + _PAIR_MINUS]
    idx.flags.writeable = False
    return idx


def _pair_candidates(st):
    """Profiles where two players mix over two actions each and the others play pure actions.

    The indifference system of such a support is linear with a closed-form solution (the
    2x2 subgame's mixed equilibrium), so every candidate of every pair of players and every
    pure profile of the others is computed at once, in one pass of array operations. Yields
    the candidate profiles as rows of length M (unverified).
    """
    for _, ent, mix in _pair_solve(st):
        yield _mixed_rows(st.M, _pair_table(st.n)[1][:, ent], mix[::2])


def _pair_solve(st):
    """The closed form of :func:`_pair_candidates` in compact form: yields ``("pair", ent,
    mix)`` with ``ent`` the candidates' entries of :func:`_pair_table` and ``mix`` (4, B) the
    mixers' weights on their support actions (the table's first four profile columns)."""
    idx = _pair_diff_table(st.n)
    if idx.shape[1] == 0:
        return
    V = st.flat_payoffs[idx]
    D = V[:4] - V[4:]                                    # d1, e1, d2, e2
    neg = D[:2] * D[2:] < 0
    sel = np.flatnonzero(neg[0] & neg[1])
    if sel.size == 0:
        return
    D = D[:, sel]
    mix = np.empty((4, sel.size))
    # k's weight on b1 (d1, d2 of opposite signs), i's on a1 (from e1, e2)
    np.divide(D[2:], D[2:] - D[:2], out=mix[2::-2])
    np.subtract(1.0, mix[::2], out=mix[1::2])
    yield "pair", sel, mix


@functools.lru_cache(maxsize=64)
def _triple_table(n: tuple):
    """Index tables (cached per shape) of every support profile where three players mix over two
    actions each and the others play pure actions: ``idx`` (24, E) positions in the players'
    flattened payoffs (player i's at (a_s, b_x, c_y) for s, x, y in {1, 2}, then k's at
    (b_s, a_x, c_y), then l's at (c_s, a_x, b_y)), and ``cols`` (6 + N - 3, E) the profile
    entries set by each candidate (i's a1, a2; k's b1, b2; l's c1, c2; the pure actions)."""
    idx, cols = [], []
    for i, k, l in itertools.combinations(range(len(n)), 3):
        for (a, b, c), at, mixed, pure in _support_entries(n, (i, k, l), (2, 2, 2)):
            row = [at(i, a[s], b[x], c[y]) for s in (0, 1) for x in (0, 1) for y in (0, 1)]
            row += [at(k, a[x], b[s], c[y]) for s in (0, 1) for x in (0, 1) for y in (0, 1)]
            row += [at(l, a[x], b[y], c[s]) for s in (0, 1) for x in (0, 1) for y in (0, 1)]
            idx.append(row)
            cols.append(mixed + pure)
    return _frozen_table(idx, cols, 24, len(n) + 3)


def _support_entries(n: tuple, mixers: tuple, sizes: tuple):
    """Every support profile where the players ``mixers`` mix over ``sizes`` actions each and
    the others play pure actions: yields ``(sets, at, mixed_cols, pure_cols)`` with ``sets``
    the mixers' action tuples, ``at(player, *actions)`` the flat position of ``player``'s
    payoff when the mixers play ``actions`` (in mixer order), ``mixed_cols`` the profile
    columns of the sets (in mixer order) and ``pure_cols`` those of the others' pure
    actions."""
    N = len(n)
    size = int(np.prod(n))
    offs = np.concatenate([[0], np.cumsum(n)]).astype(int)
    others = [x for x in range(N) if x not in mixers]
    for pure in itertools.product(*[range(n[x]) for x in others]):
        base = [0] * N
        for x, v in zip(others, pure):
            base[x] = v
        pure_cols = [int(offs[x]) + v for x, v in zip(others, pure)]
        for sets in itertools.product(*[itertools.combinations(range(n[m]), k)
                                        for m, k in zip(mixers, sizes)]):
            def at(player, *acts):
                prof = list(base)
                for m, v in zip(mixers, acts):
                    prof[m] = v
                return player * size + int(np.ravel_multi_index(prof, n))
            mixed_cols = [int(offs[m]) + v for m, st in zip(mixers, sets) for v in st]
            yield sets, at, mixed_cols, pure_cols


def _frozen_table(idx, cols, width_idx: int, width_cols: int):
    """The lists of index rows ``idx`` and ``cols`` as read-only (width, E) arrays."""
    idx = np.array(idx, dtype=np.intp).reshape(-1, width_idx).T.copy()
    cols = np.array(cols, dtype=np.intp).reshape(-1, width_cols).T.copy()
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
    for _, ent, mix in _triple_solve(st):
        yield _mixed_rows(st.M, _triple_table(st.n)[1][:, ent], mix[::2])


def _triple_solve(st):
    """The closed form of :func:`_triple_candidates` in compact form: yields ``("triple", ent,
    mix)`` with ``ent`` the candidates' entries of :func:`_triple_table` and ``mix`` (6, B) the
    mixers' weights on their support actions (the table's first six profile columns)."""
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
    mix = np.empty((6, ok.size))
    np.take(W.reshape(3, -1), ok, axis=1, out=mix[::2])
    np.subtract(1.0, mix[::2], out=mix[1::2])
    yield "triple", ok % E, mix

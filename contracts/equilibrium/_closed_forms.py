"""Closed-form equilibria on wider small supports, and the list of every closed form tried.

Two players mixing over three (or four) actions each while the others play pure actions: each
player's mixture makes the other indifferent, a linear system (for three actions its solution is
a cross product). One player mixing over three actions and two over two: the three-action
player's two indifferences are bilinear in the others' weights and reduce to a quadratic; the
others' indifferences are then linear in the three-action player's mixture. Both are solved for
every such support profile at once. :func:`closed_forms` yields the candidates of these and of
:mod:`._small_supports` (two and three players over two actions each) smallest first, and
:func:`covered` says which support masks they solve, so Newton's method can leave those last.
Each closed form is a compact solver (``_*_solve``: the entries of its table and the mixers'
weights, which :mod:`._closed_form_check` verifies on the supports alone) and a generator of full
profile rows built from it (``_*_candidates``). The candidates are unverified: callers check
their regret.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np

from ._small_supports import (_frozen_table, _in_unit, _pair_candidates, _pair_solve,
                              _pair_table, _quadratic_roots, _rows, _support_entries,
                              _triple_candidates, _triple_solve, _triple_table)

__all__: list[str] = []


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
    count = 0
    for i, k in itertools.combinations(range(N), 2):
        rest = int(np.prod([n[l] for l in range(N) if l not in (i, k)]))
        count += rest * _binom(n[i], s) * _binom(n[k], s)
    if count == 0 or count > _MAX_TABLE:
        return None
    idx, cols = [], []
    for i, k in itertools.combinations(range(N), 2):
        for (A, B), at, mixed, pure in _support_entries(n, (i, k), (s, s)):
            idx.append([at(i, a, b) for a in A for b in B] + [at(k, a, b) for b in B for a in A])
            cols.append(mixed + pure)
    return _frozen_table(idx, cols, 2 * s * s, 2 * s + N - 2)


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
    for kind, ent, mix in _square_solve(st, sizes):
        yield candidate_rows(st, kind, ent, mix)


def _square_solve(st, sizes=(3, 4)):
    """The closed form of :func:`_square_candidates` in compact form: yields ``(("square", s),
    ent, mix)`` with ``ent`` the candidates' entries of ``_square_table(n, s)`` and ``mix``
    (2 s, B) the mixers' weights (the table's first 2 s profile columns)."""
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
            yield ("square", 3), sel, w[::-1].reshape(6, E)[:, sel]
            continue
        q = _indifferent_mix(V[:s * s].T.reshape(E, s, s))     # k's mixture: i indifferent
        p = _indifferent_mix(V[s * s:].T.reshape(E, s, s))     # i's mixture: k indifferent
        sel = np.flatnonzero((p > 0).all(axis=1) & (q > 0).all(axis=1))
        if sel.size == 0:
            continue
        yield ("square", s), sel, np.concatenate([p[sel].T, q[sel].T])


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
            for (a, b, c), at, mixed, pure in _support_entries(n, (i, k, l), (3, 2, 2)):
                row = [at(i, a[t], b[x], c[y]) for t in range(3) for x in (0, 1) for y in (0, 1)]
                row += [at(k, a[t], b[s], c[y]) for s in (0, 1) for t in range(3)
                        for y in (0, 1)]
                row += [at(l, a[t], b[x], c[s]) for s in (0, 1) for t in range(3)
                        for x in (0, 1)]
                idx.append(row)
                cols.append(mixed + pure)
    return _frozen_table(idx, cols, 36, N + 4)


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
    for kind, ent, mix in _wide_solve(st):
        yield candidate_rows(st, kind, ent, mix)


def _wide_solve(st):
    """The closed form of :func:`_wide_candidates` in compact form: yields ``("wide", ent,
    mix)`` with ``ent`` the candidates' entries of :func:`_wide_table` and ``mix`` (7, B) the
    mixers' weights (the table's first seven profile columns)."""
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
    mix = np.empty((7, ok.size))
    Wf = W.reshape(5, -1)
    mix[:4] = Wf[:4, ok]
    mix[5] = Wf[4, ok]
    np.subtract(1.0, mix[3::2], out=mix[4::2])
    yield "wide", ok % E, mix


#: the closed forms in the order tried (smallest supports first), each yielding ``(kind, ent,
#: mix)``: the table kind, the candidates' entries of that table and the mixers' weights
_SOLVERS = (_pair_solve, _triple_solve, _square_solve, _wide_solve)
_CLOSED_FORMS = (_pair_candidates, _triple_candidates, _square_candidates, _wide_candidates)


def support_table(n: tuple, kind):
    """``(cols, sizes)`` of a closed form's table for the shape ``n``: ``cols`` (C, E) the profile
    columns of each entry (the mixers' support actions in mixer order, then the others' pure
    actions) and ``sizes`` the mixers' support sizes."""
    if kind == "pair":
        return _pair_table(n)[1], (2, 2)
    if kind == "triple":
        return _triple_table(n)[1], (2, 2, 2)
    if kind == "wide":
        return _wide_table(n)[1], (3, 2, 2)
    s = kind[1]
    return _square_table(n, s)[1], (s, s)


def candidate_rows(st, kind, ent, mix):
    """Full candidate profiles (rows of length M) from a closed form's compact output: the
    mixers' weights ``mix`` at their support columns, 1 at the others' pure actions."""
    cols, _ = support_table(st.n, kind)
    vals = np.ones((cols.shape[0], len(ent)))
    vals[:mix.shape[0]] = mix
    return _rows(st.M, cols[:, ent], vals)


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

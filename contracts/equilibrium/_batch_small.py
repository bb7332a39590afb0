"""Support enumeration of a small stack of games: every support size in one pass.

For a stack whose support pairs of all sizes fit in a small array (a single game of up to
about 9 x 9, or tens of small games), the size-by-size loop of :mod:`._batch_support` spends
its time in numpy call overhead. Here every support pair of every size is tested at once: a pair
of size ``k`` has exactly ``r`` margin terms (its ``k`` probabilities and the ``r - k`` slacks
of the opponent's other actions), so one gather from the concatenated minors of all sizes, one
normalisation and one minimum decide every pair, with the same arithmetic, tolerances and
suspect flags as the size-by-size tests.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ._colex import _pair_index, _transpose_pairs

__all__: list[str] = []

_PROB_TOL = 1e-9          # probabilities below this are "vanishing" (suspect)
_SING_TOL = 1e-10         # |det| of a normalised system below this is "singular" (suspect)


def _per_game(ufunc, a: np.ndarray) -> np.ndarray:
    """``ufunc`` reduced over every axis but the last (games): for a few games on a contiguous
    copy of the transpose, as numpy reduces a long axis to a short one slowly."""
    G = a.shape[-1]
    a = a.reshape(-1, G)
    if G <= 16:
        return ufunc.reduce(np.ascontiguousarray(a.T), axis=1)
    return ufunc.reduce(a, axis=0)


@lru_cache(maxsize=16)
def _qmask_games(r: int, d: int, G: int) -> np.ndarray:
    """The ``qmask`` of :func:`_all_pairs` repeated over ``G`` games (r, P, G): numpy broadcasts
    over a short last axis slowly."""
    out = np.repeat(_all_pairs(r, d)[1][:, :, None], G, axis=2)
    out.flags.writeable = False
    return out


def _scale_games(a: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``a * c`` for ``a`` (rows, G), ``c`` (G,): one strided product per game when they are
    few (numpy broadcasts over a short last axis slowly)."""
    G = len(c)
    if G > 16:
        return a * c
    out = np.empty_like(a)
    for j, cj in enumerate(c.tolist()):
        np.multiply(a[:, j], cj, out=out[:, j])
    return out


@lru_cache(maxsize=64)
def _all_pairs(r: int, d: int):
    """Every support pair of sizes 1 .. min(r, d), sizes in turn (each in :func:`_pair_index`
    order): ``idx`` (r * P,) row indices into the concatenated signed levels ``1 .. top`` of
    the ``r`` margin terms of each pair (``k`` solution components, then ``r - k`` slacks),
    ``qmask`` (r, P) (1.0 on the solution components, else 0.0), ``J`` (P, min(r, d)) the own
    supports padded with ``d``, and ``top``. The slack indices point into a second copy of the
    levels placed after the first (the copy that :func:`all_vertices` rescales). Level 1
    is ``[1; -1]`` (the empty minors): a pure strategy's probability is 1 and the slacks of a
    pure pair are the row differences of level 2, so pure pairs are tested like the others."""
    kmax = min(r, d)
    top = min(kmax + 1, r)
    off, o = {}, 0
    for k in range(1, top + 1):
        off[k] = o
        o += 2 * math.comb(r, k) * math.comb(d, k - 1)
    rows, qs, Js = [], [], []
    for k in range(1, kmax + 1):
        cidx, sidx, J = _pair_index(r, d, k)
        P = cidx.shape[1]
        t = np.empty((r, P), dtype=np.intp)
        t[:k] = cidx + off[k]
        if k < r:
            t[k:] = sidx + off[k + 1] + o
        q = np.zeros((r, P))
        q[:k] = 1.0
        Jp = np.full((P, kmax), d, dtype=np.intp)
        Jp[:, :k] = J
        rows.append(t)
        qs.append(q)
        Js.append(Jp)
    idx = np.ascontiguousarray(np.concatenate(rows, axis=1)).ravel()
    out = (idx, np.concatenate(qs, axis=1), np.concatenate(Js), top)
    for a in out[:3]:
        a.flags.writeable = False
    return out


@lru_cache(maxsize=16)
def _unit_level(r: int, G: int) -> np.ndarray:
    """Level 1, ``[1; -1]`` (2 r, G): the empty minors."""
    out = np.concatenate([np.ones((r, G)), -np.ones((r, G))])
    out.flags.writeable = False
    return out


@lru_cache(maxsize=64)
def _all_transpose(m: int, n: int) -> np.ndarray:
    """:func:`_transpose_pairs` for all sizes 1 .. min(m, n) in :func:`_all_pairs` order."""
    parts, base = [], 0
    for k in range(1, min(m, n) + 1):
        parts.append(_transpose_pairs(m, n, k) + base)
        base += math.comb(m, k) * math.comb(n, k)
    out = np.concatenate(parts)
    out.flags.writeable = False
    return out


def all_vertices(side):
    """Vertex tests of every support pair at once (small stacks: a handful of numpy calls
    instead of a dozen per size).

    Every pair of size ``k`` has ``r`` margin terms: its ``k`` probabilities and the ``r - k``
    slacks of the opponent's other actions, all gathered from the concatenated levels.
    Returns ``(V, strict, suspect)`` as :meth:`_Side.vertices` does, ``V`` (r, P, G) holding in its
    first ``k`` rows the strategy of a pair of size ``k`` (pairs in the order of
    :func:`_all_pairs`)."""
    idx, qmask, _, top = _all_pairs(side.r, side.d)
    G = side.G
    levels = np.concatenate([_unit_level(side.r, G)]
                            + [side._signed_level(k) for k in range(2, top + 1)])
    # the slack terms are gathered from a copy rescaled as in vertices (see _all_pairs)
    levels = np.concatenate([levels, _scale_games(levels, side.c)])
    V = levels.take(idx, axis=0).reshape(qmask.shape + (G,))
    S = np.add.reduce(V * _qmask_games(side.r, side.d, G), axis=0)
    inv = np.divide(1.0, S)
    sing = _per_game(np.minimum, np.abs(S)) <= _SING_TOL
    V *= inv                                                # strategies, slacks
    margin = np.minimum.reduce(V, axis=0)
    strict = margin > _PROB_TOL
    amb = _per_game(np.minimum, np.abs(margin)) <= _PROB_TOL
    return V, strict, amb | sing | side.bad


def match_all(m, n, G, sides, suspect, gs, Xs, Ys):
    """Equilibria among all support pairs of a small stack: appends
    the game indices and strategies to ``gs``, ``Xs``, ``Ys``; sets ``suspect``."""
    if isinstance(sides, tuple):
        Vy, oky, sy = all_vertices(sides[0])
        Vx, okx, sx = all_vertices(sides[1])
        suspect |= sy | sx
    else:                                    # one stack: column player's sides, then row's
        Vy, ok, sus = all_vertices(sides)
        oky, okx = ok[:, :G], ok[:, G:]
        suspect |= sus[:G] | sus[G:]
        Vx = Vy
    perm = _all_transpose(m, n)
    eq = okx.take(perm, axis=0)
    eq &= oky
    flat = np.flatnonzero(eq)
    if not len(flat):
        return
    p, g = np.divmod(flat, G)
    px = perm[p]
    Jy = _all_pairs(m, n)[2][p]                    # (E, min(m, n)), padded with n
    Jx = _all_pairs(n, m)[2][px]                   # padded with m
    kk = Jy.shape[1]
    G2 = Vy.shape[2]
    rows = np.arange(len(p))[:, None]
    Y = np.zeros((len(p), n + 1))                  # the padding lands in the last column
    X = np.zeros((len(p), m + 1))
    Y[rows, Jy] = Vy.reshape(Vy.shape[0], -1)[:kk].take(p * G2 + g, axis=1).T
    X[rows, Jx] = Vx.reshape(Vx.shape[0], -1)[:kk].take(px * G2 + (g + (G2 - G)), axis=1).T
    gs.append(g)
    Xs.append(X[:, :m])
    Ys.append(Y[:, :n])

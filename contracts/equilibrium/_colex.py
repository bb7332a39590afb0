"""Combinatorics of k-subsets in colexicographic order, with rank tables.

Shared by :mod:`.support_enumeration`, :mod:`._batch_support` and :mod:`._batch_small` (the
support-enumeration kernels index every minor of a matrix by the colex ranks of its row and
column subsets, and every support pair by the ranks of its two supports).
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

import numpy as np

__all__: list[str] = []


# ----------------------------------------------------------------------------------------------
# combinatorics: k-subsets of range(N) in colexicographic order
# ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _binom_table(N: int) -> np.ndarray:
    t = np.zeros((N + 2, N + 3), dtype=np.int64)
    for a in range(N + 2):
        for b in range(N + 3):
            t[a, b] = math.comb(a, b)
    return t


@lru_cache(maxsize=None)
def _subsets(N: int, k: int):
    """k-subsets of range(N) in colex order, with rank tables.

    Returns ``(S, drop, last_parent)``: ``S[c]`` the sorted subset of colex rank ``c``;
    ``drop[c, t]`` the rank of ``S[c]`` without its ``t``-th element; ``last_parent[c]`` the rank of
    ``S[c]`` without its largest element (``drop[c, k-1]``). The colex rank of a subset does not
    depend on ``N``.
    """
    if k == 0:
        S = np.zeros((1, 0), dtype=np.intp)
        return S, np.zeros((1, 0), dtype=np.intp), np.zeros(1, dtype=np.intp)
    combos = np.array(list(itertools.combinations(range(N), k)), dtype=np.intp).reshape(-1, k)
    C = _binom_table(N)
    ranks = np.zeros(len(combos), dtype=np.int64)
    for i in range(k):
        ranks += C[combos[:, i], i + 1]
    S = combos[np.argsort(ranks, kind="stable")]
    drop = np.empty((len(S), k), dtype=np.intp)
    for t in range(k):
        r = np.zeros(len(S), dtype=np.int64)
        for i in range(k):
            if i < t:
                r += C[S[:, i], i + 1]
            elif i > t:
                r += C[S[:, i], i]
        drop[:, t] = r
    for arr in (S, drop):
        arr.flags.writeable = False
    return S, drop, drop[:, k - 1]


@lru_cache(maxsize=None)
def _add_tables(N: int, k: int):
    """For each k-subset ``L`` of range(N) and each ``r`` not in ``L``: rank of ``L ∪ {r}``.

    Returns ``(rank, parity)`` of shape ``(C(N, k), N)``; ``rank`` is -1 where ``r`` is in ``L``
    and ``parity`` is ``(-1)**p`` with ``p`` the position of ``r`` in the sorted ``L ∪ {r}``.
    """
    S, _, _ = _subsets(N, k)
    C = _binom_table(N)
    n_sub = len(S)
    rank = np.full((n_sub, N), -1, dtype=np.intp)
    parity = np.zeros((n_sub, N), dtype=np.int8)
    for r in range(N):
        member = (S == r).any(axis=1) if k else np.zeros(n_sub, dtype=bool)
        p = (S < r).sum(axis=1) if k else np.zeros(n_sub, dtype=np.intp)
        rk = C[r, p + 1].astype(np.int64)
        for i in range(k):
            before = i < p
            rk += np.where(before, C[S[:, i], i + 1], C[S[:, i], i + 2])
        rank[:, r] = np.where(member, -1, rk)
        parity[:, r] = np.where(p % 2 == 0, 1, -1)
    rank.flags.writeable = False
    parity.flags.writeable = False
    return rank, parity


@lru_cache(maxsize=64)
def _pair_index(r: int, d: int, k: int):
    """For every support pair of size ``k`` (colex rank of ``L`` major, of ``J`` minor):
    indices into ``[H_k; -H_k]`` of the signed solution components ``(-1)**t H_k[L, J - J_t]``
    (k, P), indices into ``[H_(k+1); -H_(k+1)]`` of the signed slack numerators of the
    ``r - k`` actions outside ``L`` (r-k, P; None when k = r), and the own supports J (P, k).

    Built per row subset ``L`` and broadcast over the own supports (no table of all pairs by
    all actions is ever formed: at 12 x 12 that is a hundred megabytes)."""
    nL, nJ = math.comb(r, k), math.comb(d, k)
    Js, Jdrop, _ = _subsets(d, k)
    P = nL * nJ
    nC = math.comb(d, k - 1)
    nHk = nL * nC
    # cidx[t, L * nJ + j] = L * nC + Jdrop[j, t] (+ nHk for odd t: the negated copy)
    rowL = np.arange(nL, dtype=np.intp) * nC
    cidx = np.empty((k, nL, nJ), dtype=np.intp)
    np.add(rowL[None, :, None], Jdrop.T[:, None, :], out=cidx)
    cidx[1::2] += nHk
    cidx = cidx.reshape(k, P)
    if k < r:
        add_rank, parity = _add_tables(r, k)
        outside = add_rank >= 0                                          # (nL, r)
        ar = add_rank[outside].reshape(nL, r - k)
        neg = np.where(parity[outside].reshape(nL, r - k) < 0, math.comb(r, k + 1) * nJ, 0)
        # sidx[i, L * nJ + j] = ar[L, i] * nJ + j + neg[L, i]
        sidx = np.empty((r - k, nL, nJ), dtype=np.intp)
        np.add((ar * nJ + neg).T[:, :, None], np.arange(nJ, dtype=np.intp)[None, None, :],
               out=sidx)
        sidx = sidx.reshape(r - k, P)
    else:
        sidx = None
    return cidx, sidx, np.tile(Js, (nL, 1))


@lru_cache(maxsize=64)
def _transpose_pairs(m: int, n: int, k: int) -> np.ndarray:
    """Position in the column side's pair order ``(J, I)`` of each row-side pair ``(I, J)``."""
    nI, nJ = math.comb(m, k), math.comb(n, k)
    # pair (I, J) at I * nJ + J on the row side sits at J * nI + I on the column side
    return (np.arange(nJ)[None, :] * nI + np.arange(nI)[:, None]).ravel()

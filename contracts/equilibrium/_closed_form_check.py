"""Verification of closed-form candidates on their supports only, and the first that verifies.

A closed-form candidate (:mod:`._closed_forms`) puts weight on a few actions of a few players:
its *cells*, the pure profiles in the product of the supports, are at most twelve. Every
action's payoff at the candidate, and each player's payoff there, are therefore sums over
those cells of the cell's probability times one payoff of the game. Per shape and table, the
positions of those payoffs are gathered once (:func:`_check_table`); each candidate's regrets
are then one gather and one batched product, without building full profile rows. This is
exactly the regret of the candidate profile (the actions outside the supports have weight 0),
so a candidate kept here is verified: max regret at most ``tol``.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np

from ._closed_forms import _SOLVERS, candidate_rows, support_table
from ._newton_stack import _layout

__all__: list[str] = []

#: largest check table (entries x (M + N) x cells) kept per shape and kind; beyond it the
#: candidates are checked as full rows (:meth:`_Stack.check`)
_MAX_CHECK = 2_000_000


@functools.lru_cache(maxsize=64)
def _check_table(n: tuple, kind):
    """``(chk, sizes)``: the mixers' support sizes and ``chk`` (E, M + N, C): for entry ``e`` of the table ``kind`` and its cell ``c`` (the
    mixers' support actions in :func:`itertools.product` order, first mixer slowest), row
    ``m < M`` holds the flat position (in :attr:`_Stack.flat_payoffs`) of the payoff of the
    action ``m`` to its owner when the others play the cell, and row ``M + l`` that of player
    ``l`` at the cell itself. None when the table would exceed ``_MAX_CHECK``."""
    cols, sizes = support_table(n, kind)
    N = len(n)
    offs, owner, M = _layout(n)
    E = cols.shape[1]
    C = int(np.prod(sizes))
    if E * (M + N) * C > _MAX_CHECK:
        return None
    S = int(np.prod(n))
    strides = np.array([int(np.prod(n[l + 1:])) for l in range(N)], dtype=np.intp)
    m = sum(sizes)
    base = np.zeros((E, N), dtype=np.intp)
    for r in range(m, cols.shape[0]):               # the pure players' actions
        pl = owner[cols[r]]
        base[np.arange(E), pl] = cols[r] - offs[pl]
    starts = np.concatenate([[0], np.cumsum(sizes)])
    chk = np.empty((E, M + N, C), dtype=np.intp)
    rowpl = np.concatenate([owner, np.arange(N)])              # (M + N,)
    own = np.arange(M) - offs[owner]
    for c, cell in enumerate(itertools.product(*[range(s) for s in sizes])):
        prof = base.copy()
        for j, t in enumerate(cell):
            col = cols[starts[j] + t]
            pl = owner[col]
            prof[np.arange(E), pl] = col - offs[pl]
        flat = prof @ strides                                    # (E,)
        pos = rowpl * S + flat[:, None]                          # (E, M + N)
        pos[:, :M] += (own - prof[:, owner]) * strides[owner]
        chk[:, :, c] = pos
    chk.flags.writeable = False
    return chk, sizes


def _cell_weights(sizes, mix):
    """``(B, C)``: each candidate's probability of each cell, from the mixers' weights
    ``mix`` (sum(sizes), B) (cells in :func:`itertools.product` order)."""
    w = mix[:sizes[0]]
    o = sizes[0]
    for s in sizes[1:]:
        w = (w[:, None, :] * mix[o:o + s][None, :, :]).reshape(-1, mix.shape[1])
        o += s
    return w.T


def _check(st, kind, ent, mix):
    """Each candidate's regret and payoff per player (``(gap, val)``, both (B, N), stack
    units), or None when the shape's check table is too large."""
    tab = _check_table(st.n, kind)
    if tab is None:
        return None
    chk, sizes = tab
    F = st.flat_payoffs[chk[ent]]                                # (B, M + N, C)
    F *= _cell_weights(sizes, mix)[:, None, :]
    U = np.add.reduce(F, axis=2)          # ufunc loops only: no BLAS call for tiny products
    M = st.M
    val = U[:, M:]
    return np.maximum.reduceat(U[:, :M], st.offs[:-1], axis=1) - val, val


def _first_of(st, kind, ent, mix, tol: float):
    """The first candidate of one closed form's output whose max regret is at most ``tol``:
    ``(x, gap, val)`` as for :func:`first_closed_form`, or None."""
    out = _check(st, kind, ent, mix)
    if out is None:                         # a large table: check full rows
        X = candidate_rows(st, kind, ent, mix)
        X /= np.add.reduceat(X, st.offs[:-1], axis=1)[:, st.owner]
        gap, val = st.check(X)
    else:
        gap, val = out
    ok = (np.maximum.reduce(gap, axis=1) <= tol).nonzero()[0]
    if not ok.size:
        return None
    k = int(ok[0])
    if out is None:
        return X[k], gap[k], val[k]
    cols = support_table(st.n, kind)[0][:, ent[k]]
    x = np.zeros(st.M)
    x[cols] = 1.0                           # the others' pure actions
    x[cols[:mix.shape[0]]] = mix[:, k]
    return x, gap[k], val[k]


def first_closed_form(st, tol: float):
    """The first closed-form candidate (smallest supports first, each table in its order) whose
    max regret is at most ``tol`` (stack units): ``(x, gap, val)``, the profile row (length M)
    with each player's regret and payoff there in stack units, or None."""
    # the two-by-two form divides only by nonzero differences: no floating-point warnings
    solvers = iter(_SOLVERS)
    for kind, ent, mix in next(solvers)(st):
        hit = _first_of(st, kind, ent, mix, tol)
        if hit is not None:
            return hit
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for solve in solvers:
            for kind, ent, mix in solve(st):
                hit = _first_of(st, kind, ent, mix, tol)
                if hit is not None:
                    return hit
    return None

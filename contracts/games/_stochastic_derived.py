"""Private part of :mod:`contracts.games.stochastic`: arrays and sets derived from the rows.

Each function reads a :class:`~contracts.games.stochastic.StochasticGame`'s canonical data; the
class caches the results.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import scipy.sparse as sp

from ._stochastic_build import _PTOL, _same_csr

__all__ = ["row_actions", "absorbing_states", "unreachable_states", "exact_transition_tensor",
           "same_data"]


def row_actions(game) -> np.ndarray:
    """Action index of each player in each row, read-only int array ``(n_rows, n_players)``."""
    out = np.empty((game.n_rows, game.n_players), dtype=np.int64)
    groups: dict = {}
    for s in range(game.n_states):
        groups.setdefault(game.num_actions(s), []).append(s)
    for shp, ss in groups.items():
        idx = np.array(np.unravel_index(np.arange(int(np.prod(shp))), shp)).T
        starts = game._row_start[ss]
        rows = (starts[:, None] + np.arange(idx.shape[0])[None, :]).ravel()
        out[rows] = np.tile(idx, (len(ss), 1))
    out.flags.writeable = False
    return out


def absorbing_states(game) -> tuple:
    """Indices of states that every action profile keeps for ever."""
    T = game._trans
    diag = np.asarray(T[np.arange(game.n_rows), game.row_state]).ravel()
    ok = np.ones(game.n_states, dtype=bool)
    np.logical_and.at(ok, game.row_state, diag >= 1 - _PTOL)
    return tuple(int(k) for k in np.flatnonzero(ok))


def unreachable_states(game) -> tuple:
    """Indices of states no play reaches from the initial distribution."""
    from scipy.sparse.csgraph import breadth_first_order
    S = sp.csr_matrix((np.ones(game.n_rows), (game.row_state, np.arange(game.n_rows))),
                      shape=(game.n_states, game.n_rows))
    A = (S @ game._trans).tocsr()
    seen = np.zeros(game.n_states, dtype=bool)
    for k in np.flatnonzero(game._initial > 0):
        if not seen[k]:
            seen[breadth_first_order(A, int(k), directed=True,
                                     return_predecessors=False)] = True
    return tuple(int(k) for k in np.flatnonzero(~seen))


def exact_transition_tensor(game, a, b) -> np.ndarray:
    """Fraction transition probabilities of rows ``a:b``, shape ``(b - a, n_states)``."""
    out = np.full((b - a, game.n_states), Fraction(0), dtype=object)
    T = game._trans
    for r in range(a, b):
        for p in range(T.indptr[r], T.indptr[r + 1]):
            out[r - a, T.indices[p]] = game._trans_exact[p]
    return out


def same_data(game, other) -> bool:
    """Whether two stochastic games hold the same labels and data."""
    if (game._states, game._players, game._actions, game._exact) != (
            other._states, other._players, other._actions, other._exact):
        return False
    if game._exact:
        same = (np.array_equal(game._payoff_exact, other._payoff_exact)
                and game.discount_exact == other.discount_exact
                and game._initial_exact == other._initial_exact
                and _same_csr(game._trans, other._trans)
                and np.array_equal(game._trans_exact, other._trans_exact))
        return bool(same)
    return bool(np.array_equal(game._payoff, other._payoff)
                and np.array_equal(game._discount, other._discount)
                and np.array_equal(game._initial, other._initial)
                and _same_csr(game._trans, other._trans))

"""Structure of a :class:`NormalFormGame`: zero or constant sum, degeneracy.

Private module: the functions here are methods of :class:`NormalFormGame` (:mod:`contracts.games.normal_form`).
"""

from __future__ import annotations


import numpy as np

from .. import _tolerance




def is_zero_sum(self) -> bool:
    """True for a two-player game with ``A + B == 0`` (exactly, or within 1e-12 for floats).

    Returns
    -------
    bool
        Whether the game is zero-sum.
    """
    if self.num_players != 2:
        return False
    s = self._payoffs[0] + self._payoffs[1]
    if self._exact:
        return all(x == 0 for x in s.flat)
    mag = _tolerance.payoff_magnitude(self._payoffs)
    return bool(np.all(np.abs(s) <= _tolerance.ZERO_SUM_REL_TOL * mag))


def is_constant_sum(self) -> bool:
    """True when the payoffs of all players sum to the same constant at every profile.

    Returns
    -------
    bool
        Whether the game is constant-sum.
    """
    s = sum(self._payoffs)
    first = s.flat[0]
    if self._exact:
        return all(x == first for x in s.flat)
    mag = _tolerance.payoff_magnitude(self._payoffs)
    return bool(np.all(np.abs(s - first) <= _tolerance.ZERO_SUM_REL_TOL * mag))


def is_degenerate(self) -> bool:
    """True iff some mixed strategy with support size k has more than k pure best responses.

    Defined for two-player games (the condition under which Lemke–Howson and vertex
    enumeration may meet continua of equilibria). Decided exactly: the game is degenerate iff a
    vertex of one of the best-response polytopes has more tight constraints than its dimension.

    Returns
    -------
    bool
        Whether the game is degenerate.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> g.is_degenerate()
    False
    """
    self._require_two("NormalFormGame.is_degenerate")
    from .._polytope import bimatrix_is_degenerate
    return bimatrix_is_degenerate(*self._payoffs)

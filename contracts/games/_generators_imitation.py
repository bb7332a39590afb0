"""McLennan and Tourky (2010): the imitation game of a two-player game, and the way back from
its equilibria (see :mod:`contracts.games.generators`)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError
from .normal_form import NormalFormGame

__all__ = ["mclennan_tourky_imitation", "imitation_equilibrium_to_original"]


def mclennan_tourky_imitation(game: NormalFormGame, *, symmetrize: bool = True
                              ) -> NormalFormGame:
    """The imitation game of a two-player game (McLennan and Tourky 2010).

    An imitation game ``(C, I)`` gives the column player (the *imitator*) the identity matrix: he
    wins 1 by choosing the same action as the row player. Its equilibria ``(p, q)`` are exactly
    the pairs in which ``q`` is a symmetric equilibrium strategy of the symmetric game
    ``(C, C^T)`` and ``p`` is uniform on the support of ``q`` (nondegenerate case).

    Direction: **original game -> imitation game**. With ``symmetrize=True`` (default) the
    ``m x n`` game ``(A, B)`` is first made symmetric, ``C = [[0, A'], [B'^T, 0]]`` with
    ``A' = A - min A + 1`` and ``B' = B - min B + 1`` (positive, same equilibria), and the
    ``(m+n) x (m+n)`` imitation game ``(C, I)`` is returned. Every equilibrium ``(p, q)`` of it
    gives an equilibrium of ``(A, B)`` by :func:`imitation_equilibrium_to_original`
    (``x = q[:m] / sum``, ``y = q[m:] / sum``), and every equilibrium of ``(A, B)`` arises so.
    With ``symmetrize=False`` the game must already be symmetric (``B = A^T``) and ``(A', I)``
    is returned; then ``q`` itself is a symmetric equilibrium of ``(A, A^T)``.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    symmetrize : bool
        Symmetrise the game first (needed unless ``B = A^T``).

    Returns
    -------
    NormalFormGame
        The imitation game ``(C, I)``.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.games.generators import (mclennan_tourky_imitation,
    ...                                         imitation_equilibrium_to_original)
    >>> pennies = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> imit = mclennan_tourky_imitation(pennies)
    >>> imit.num_actions
    (4, 4)
    >>> q = [0.25, 0.25, 0.25, 0.25]
    >>> imit.is_nash((q, q))
    True
    >>> imitation_equilibrium_to_original(pennies, (q, q))
    (array([0.5, 0.5]), array([0.5, 0.5]))
    """
    where = "mclennan_tourky_imitation"
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise InvalidGameError(f"{where}: needs a two-player game; this game has "
                               f"{game.num_players} players")
    A, B = game.bimatrix
    exact = game.is_exact
    one = Fraction(1) if exact else 1.0
    zero = Fraction(0) if exact else 0.0
    A1 = A - min(A.flat) + one
    B1 = B - min(B.flat) + one
    m, n = A.shape
    if symmetrize:
        N = m + n
        C = np.empty((N, N), dtype=object if exact else float)
        C[...] = zero
        C[:m, m:] = A1
        C[m:, :m] = B1.T
        labels = tuple(f"{game.players[0]}:{a}" for a in game.actions[0]) + tuple(
            f"{game.players[1]}:{b}" for b in game.actions[1])
    else:
        same = (m == n) and (all(x == y for x, y in zip(B.flat, A.T.flat)) if exact
                             else bool(np.array_equal(B, A.T)))
        if not same:
            raise InvalidGameError(f"{where}: symmetrize=False needs a symmetric game "
                                   "(B equal to A transposed)")
        C = A1
        N = m
        labels = game.actions[0]
    eye = np.empty((N, N), dtype=object if exact else float)
    eye[...] = zero
    for i in range(N):
        eye[i, i] = one
    return NormalFormGame.from_bimatrix(C, eye, players=("leader", "imitator"),
                                        actions=(labels, labels), exact=exact)


def imitation_equilibrium_to_original(game: NormalFormGame, profile: Sequence[Any], *,
                                      symmetrize: bool = True):
    """Map an equilibrium of ``mclennan_tourky_imitation(game)`` back to one of ``game``.

    Takes the imitator's strategy ``q`` (the second entry of ``profile``). With
    ``symmetrize=True`` returns ``(q[:m] / sum, q[m:] / sum)``; otherwise the symmetric profile
    ``(q, q)``. Fractions stay exact.

    Parameters
    ----------
    game : NormalFormGame
        The original two-player game.
    profile : sequence
        An equilibrium ``(p, q)`` of the imitation game.
    symmetrize : bool
        As given to :func:`mclennan_tourky_imitation`.

    Returns
    -------
    tuple of numpy.ndarray
        The corresponding equilibrium of ``game``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> import contracts as ct
    >>> from contracts.games.generators import imitation_equilibrium_to_original
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> q = [F(1, 2), 0, F(1, 2), 0]          # imitator's strategy in the 4x4 imitation game
    >>> x, y = imitation_equilibrium_to_original(g, (q, q))
    >>> [str(v) for v in x], [str(v) for v in y]
    (['1', '0'], ['1', '0'])
    """
    where = "imitation_equilibrium_to_original"
    if len(profile) != 2:
        raise InvalidGameError(f"{where}: expected a two-player profile (p, q)")
    q = profile[1]
    q = np.asarray(q, dtype=object if any(isinstance(v, Fraction) for v in q) else float)
    m, n = game.num_actions
    if not symmetrize:
        return q.copy(), q.copy()
    if q.shape != (m + n,):
        raise InvalidGameError(f"{where}: the imitator's strategy has length {q.shape[0]}; "
                               f"expected {m + n} = {m} + {n}")
    x, y = q[:m], q[m:]
    sx, sy = x.sum(), y.sum()
    if sx == 0 or sy == 0:
        raise InvalidGameError(f"{where}: the imitator's strategy puts no weight on one player's "
                               "block, so it is not an equilibrium of the imitation game")
    return x / sx, y / sy

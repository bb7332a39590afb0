"""Constructors of :class:`NormalFormGame` from bimatrices, payoff profiles, nashpy and QuantEcon games.

Private module: the functions here are methods of :class:`NormalFormGame` (:mod:`contracts.games.normal_form`).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .._validation import check_exact
from ..exceptions import InvalidGameError


from ._normal_form_numbers import _fraction_array, _to_array


def from_bimatrix(cls, A: Any, B: Any = None, *, players: Sequence[str] | None = None,
                  actions: Sequence[Sequence[str]] | None = None,
                  exact: bool | None = None) -> "NormalFormGame":  # noqa: F821
    """Two-player game from the row player's matrix ``A`` and the column player's ``B``.

    ``B[i][j]`` is the column player's payoff when row plays ``i`` and column plays ``j``
    (the nashpy convention). ``B=None`` makes the game zero-sum (``B = -A``).

    Parameters
    ----------
    A : array_like, shape (m, n)
        The row player's payoffs.
    B : array_like, shape (m, n), optional
        The column player's payoffs; ``-A`` when omitted.
    players : (str, str), optional
        Player names.
    actions : (sequence of str, sequence of str), optional
        Action labels of the row and the column player.
    exact : bool, optional
        Store Fraction payoffs; default: exact iff an entry is a Fraction or a string.

    Returns
    -------
    NormalFormGame
        The two-player game.

    Raises
    ------
    InvalidGameError
        If the matrices are not 2-d, differ in shape, or hold non-finite numbers.

    Examples
    --------
    >>> import contracts as ct
    >>> ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]).is_zero_sum()
    True
    """
    where = "NormalFormGame.from_bimatrix"
    exact = check_exact(where, exact)
    a = _to_array(A, where, "matrix A", exact)
    if a.ndim != 2:
        raise InvalidGameError(f"{where}: matrix A must be 2-dimensional, got shape {a.shape}")
    if B is None:
        b = -a
    else:
        b = _to_array(B, where, "matrix B", exact)
        if b.shape != a.shape:
            raise InvalidGameError(
                f"{where}: matrix B has shape {b.shape}; expected {a.shape} like A")
    if a.dtype == object or b.dtype == object:
        a, b = _fraction_array(a), _fraction_array(b)
    return cls((a, b), players=players, actions=actions, exact=exact)


def from_payoff_profile(cls, profile: Any, *, players: Sequence[str] | None = None,
                        actions: Sequence[Sequence[str]] | None = None,
                        exact: bool | None = None) -> "NormalFormGame":  # noqa: F821
    """Game from an array of shape ``(n_1, ..., n_N, N)`` of payoff vectors.

    ``profile[a_1, ..., a_N, i]`` is player ``i``'s payoff (QuantEcon's ``payoff_profile_array``).
    A one-player game is given as shape ``(n_1, 1)``.

    Parameters
    ----------
    profile : array_like, shape (n_1, ..., n_N, N)
        The payoff vector at every pure action profile.
    players : sequence of str, optional
        Player names.
    actions : sequence of sequences of str, optional
        Action labels per player.
    exact : bool, optional
        Store Fraction payoffs; default: exact iff an entry is a Fraction or a string.

    Returns
    -------
    NormalFormGame
        The N-player game.

    Raises
    ------
    InvalidGameError
        If the array does not have the shape ``(n_1, ..., n_N, N)``.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_payoff_profile([[[1, 1], [0, 2]], [[2, 0], [1, 1]]])
    >>> [int(x) for x in g.pure_payoffs((0, 1))]
    [0, 2]
    """
    where = "NormalFormGame.from_payoff_profile"
    exact = check_exact(where, exact)
    arr = _to_array(profile, where, "payoff profile array", exact)
    if arr.ndim < 2 or arr.shape[-1] != arr.ndim - 1:
        raise InvalidGameError(
            f"{where}: expected shape (n_1, ..., n_N, N) with N = number of players, got "
            f"{arr.shape}")
    payoffs = [arr[..., i] for i in range(arr.shape[-1])]
    return cls(payoffs, players=players, actions=actions, exact=exact)


def from_nashpy(cls, game: Any, **kwargs) -> "NormalFormGame":  # noqa: F821
    """Convert a :class:`nashpy.Game` (two-player) into a :class:`NormalFormGame`.

    Parameters
    ----------
    game : nashpy.Game
        The game to convert.
    **kwargs
        ``players``, ``actions`` or ``exact``, as in :meth:`from_bimatrix`.

    Returns
    -------
    NormalFormGame
        The same game.

    Raises
    ------
    InvalidGameError
        If ``game`` is not a nashpy game.

    Examples
    --------
    >>> import nashpy
    >>> from contracts.games.normal_form import NormalFormGame
    >>> g = NormalFormGame.from_nashpy(nashpy.Game([[1, 2], [3, 4]]))
    >>> [float(x) for x in g.pure_payoffs((1, 1))]
    [4.0, -4.0]
    """
    try:
        A, B = game.payoff_matrices
    except (AttributeError, ValueError, TypeError):
        raise InvalidGameError(
            "NormalFormGame.from_nashpy: expected a nashpy.Game with payoff_matrices") from None
    return cls.from_bimatrix(np.asarray(A), np.asarray(B), **kwargs)


def from_quantecon(cls, game: Any, **kwargs) -> "NormalFormGame":  # noqa: F821
    """Convert a :class:`quantecon.game_theory.NormalFormGame`.

    Parameters
    ----------
    game : quantecon.game_theory.NormalFormGame
        The game to convert.
    **kwargs
        ``players``, ``actions`` or ``exact``, as in :meth:`from_payoff_profile`.

    Returns
    -------
    NormalFormGame
        The same game.

    Raises
    ------
    InvalidGameError
        If ``game`` is not a QuantEcon game.

    Examples
    --------
    >>> from quantecon.game_theory import NormalFormGame as QEGame
    >>> from contracts.games.normal_form import NormalFormGame
    >>> g = NormalFormGame.from_quantecon(QEGame([[[1, 1], [0, 2]], [[2, 0], [1, 1]]]))
    >>> [float(x) for x in g.pure_payoffs((0, 1))]
    [0.0, 2.0]
    """
    try:
        arr = np.asarray(game.payoff_profile_array)
    except AttributeError:
        raise InvalidGameError(
            "NormalFormGame.from_quantecon: expected a quantecon NormalFormGame") from None
    return cls.from_payoff_profile(arr, **kwargs)

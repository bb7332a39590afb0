"""Converters between :mod:`contracts` games and those of nashpy, QuantEcon and pygambit.

Each peer library is imported only when its converter is called. Conversions are lossless
where the peer can hold the data: pygambit keeps exact rational payoffs, labels and trees
(through the Gambit file formats, which both libraries read and write exactly); nashpy and
QuantEcon hold floating-point payoff arrays.

Examples
--------
>>> import contracts as ct
>>> from contracts.io.interop import to_nashpy, as_game
>>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> nash_game = to_nashpy(g)
>>> as_game(nash_game) == g.as_float()
True
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from ..exceptions import InvalidGameError, UnsupportedGameError
from ..games.normal_form import NormalFormGame

__all__ = ["to_nashpy", "to_quantecon", "to_pygambit", "from_pygambit", "as_game"]


def _require_normal_form(game: Any, where: str) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a contracts NormalFormGame, got "
                               f"{type(game).__module__}.{type(game).__name__}")
    return game


def to_nashpy(game: NormalFormGame):
    """The two-player game as a :class:`nashpy.Game` (float payoffs).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.

    Returns
    -------
    nashpy.Game
        The bimatrix game with float payoffs.

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players (nashpy holds bimatrix games only).

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> to_nashpy(g).payoff_matrices[1].tolist()
    [[-1.0, 1.0], [1.0, -1.0]]
    """
    import nashpy

    game = _require_normal_form(game, "to_nashpy")
    if game.num_players != 2:
        raise UnsupportedGameError(f"to_nashpy: nashpy holds two-player games; this game has "
                                   f"{game.num_players} players")
    A, B = game.as_float().bimatrix
    return nashpy.Game(np.array(A, dtype=float), np.array(B, dtype=float))


def to_quantecon(game: NormalFormGame):
    """The game as a :class:`quantecon.game_theory.NormalFormGame` (float payoffs, N players).

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.

    Returns
    -------
    quantecon.game_theory.NormalFormGame
        The same payoffs as floats.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> to_quantecon(g).nums_actions
    (2, 2)
    """
    from quantecon.game_theory import NormalFormGame as QENormalFormGame

    game = _require_normal_form(game, "to_quantecon")
    pays = game.as_float().payoffs
    profile = np.stack([np.asarray(p, dtype=float) for p in pays], axis=-1)
    return QENormalFormGame(profile)


def to_pygambit(game: Any):
    """The game (normal form or tree) as a :class:`pygambit.gambit.Game`, exactly.

    Payoffs, player and action labels, the title and, for trees, information sets, chance
    probabilities and outcomes are carried over through Gambit's own file format, so rational
    payoffs stay rational.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        The game.

    Returns
    -------
    pygambit.gambit.Game
        The pygambit game.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]],
    ...                                     players=("government", "agency"))
    >>> [p.label for p in to_pygambit(g).players]
    ['government', 'agency']
    """
    import pygambit

    from ..games.extensive_form import ExtensiveFormGame
    from .efg import efg_string
    from .gambit import nfg_string

    if isinstance(game, ExtensiveFormGame):
        return pygambit.read_efg(io.BytesIO(efg_string(game).encode("utf-8")))
    game = _require_normal_form(game, "to_pygambit")
    return pygambit.read_nfg(io.BytesIO(nfg_string(game).encode("utf-8")))


def from_pygambit(game: Any, *, exact: bool | None = None):
    """A pygambit game as a :mod:`contracts` game (a tree stays a tree).

    Parameters
    ----------
    game : pygambit.gambit.Game
        A strategic-form game or a game tree.
    exact : bool, optional
        Keep payoffs as fractions (default for trees and for files with rational numbers).

    Returns
    -------
    NormalFormGame or ExtensiveFormGame
        The game, strategic form or tree as it was.

    Examples
    --------
    >>> import numpy as np, pygambit
    >>> gg = pygambit.Game.from_arrays(np.array([[1, 0], [0, 1]]), np.array([[1, 0], [0, 1]]))
    >>> from_pygambit(gg).num_actions
    (2, 2)
    """
    if not hasattr(game, "is_tree") or not hasattr(game, "to_nfg"):
        raise InvalidGameError(f"from_pygambit: expected a pygambit Game, got "
                               f"{type(game).__module__}.{type(game).__name__}")
    from .efg import read_efg
    from .gambit import read_nfg

    if game.is_tree:
        return read_efg(game.to_efg(), **({} if exact is None else {"exact": exact}))
    return read_nfg(game.to_nfg(), exact=exact)


def as_game(game: Any):
    """Any supported game object as a :mod:`contracts` game (unchanged if it already is one).

    Accepts :mod:`contracts` games, :class:`nashpy.Game`,
    :class:`quantecon.game_theory.NormalFormGame` and pygambit games; used by
    :func:`contracts.solve` so that peers' games can be solved directly.

    Parameters
    ----------
    game : object
        A :mod:`contracts` game, a nashpy, QuantEcon or pygambit game.

    Returns
    -------
    NormalFormGame or ExtensiveFormGame
        The game as a :mod:`contracts` game (any other object is returned unchanged, for the
        caller to reject).

    Examples
    --------
    >>> import nashpy
    >>> as_game(nashpy.Game([[1, 0], [0, 1]])).num_players
    2
    """
    module = type(game).__module__ or ""
    root = module.split(".")[0]
    if root == "nashpy":
        return NormalFormGame.from_nashpy(game)
    if root == "quantecon":
        return NormalFormGame.from_quantecon(game)
    if root == "pygambit":
        return from_pygambit(game)
    return game

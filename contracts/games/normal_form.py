"""Normal-form (strategic-form) games with N players, labelled actions and exact payoffs.

A :class:`NormalFormGame` is immutable. Payoffs are stored two ways:

* ``game.payoffs[i][a_1, ..., a_N]`` — player ``i``'s payoff at the pure profile
  ``(a_1, ..., a_N)`` (the profile indexing everybody expects);
* ``game.own_axis_payoffs(i)`` — the same array with player ``i``'s own action on axis 0 and the
  other players in their order, so a best response is one tensor contraction.

Payoffs are either ``float64`` arrays or ``object`` arrays of :class:`fractions.Fraction`
(exact games); solvers that can stay exact do so on exact games.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any, Sequence

import numpy as np

from .. import _tolerance
from .._validation import check_exact
from ..exceptions import InvalidGameError, UnsupportedGameError
from . import _normal_form_build as _nf_build
from . import _normal_form_display as _nf_display
from . import _normal_form_payoffs as _nf_payoffs
from . import _normal_form_structure as _nf_structure
from ._normal_form_numbers import (  # noqa: F401 (re-exported)
    _FLOAT_MAX, Profile, _contract_others, _float_array, _fraction_array, _is_exact_entry,
    _is_sequence, _to_array, as_profile, to_fraction)


__all__ = ["NormalFormGame", "to_fraction", "as_profile"]

# ----------------------------------------------------------------------------------------------
# the game
# ----------------------------------------------------------------------------------------------
class NormalFormGame:
    """A finite game in strategic form with N players.

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per player; ``payoffs[i][a_1, ..., a_N]`` is player ``i``'s payoff when each
        player ``j`` plays action ``a_j``. All arrays must have the same shape
        ``(n_1, ..., n_N)`` with ``N = len(payoffs)``. Entries may be ints, floats,
        :class:`~fractions.Fraction` or strings such as ``"2/3"``; any Fraction or string makes
        the whole game exact.
    players : sequence of str, optional
        Player names (default ``"player 1"``, ...).
    actions : sequence of sequences of str, optional
        Action labels per player (default ``"a1", "a2", ...``; ``"b1", ...`` for player 2...).
    exact : bool, optional
        Force exact (Fraction) payoffs (``True``) or floats (``False``). Default: exact iff an
        entry is a Fraction or a string.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                     players=("government", "agency"))
    >>> g.num_actions
    (2, 2)
    >>> g.best_responses(0, ([0.5, 0.5], [1, 0]))
    (1,)
    """

    __slots__ = ("_payoffs", "_players", "_actions", "_exact", "_own", "_tol", "__weakref__")

    def __init__(self, payoffs: Sequence[Any], *, players: Sequence[str] | None = None,
                 actions: Sequence[Sequence[str]] | None = None, exact: bool | None = None):
        where = "NormalFormGame"
        if isinstance(payoffs, np.ndarray) and payoffs.dtype != object:
            payoffs = list(payoffs)
        try:
            arrays_in = list(payoffs)
        except TypeError:
            raise InvalidGameError(f"{where}: payoffs must be a sequence of arrays, one per player"
                                   ) from None
        if len(arrays_in) == 0:
            raise InvalidGameError(f"{where}: a game needs at least one player; got no payoffs")
        exact = check_exact(where, exact)
        arrays = [_to_array(a, where, f"payoff array of player {i}", exact)
                  for i, a in enumerate(arrays_in)]
        n = len(arrays)
        shape = arrays[0].shape
        for i, a in enumerate(arrays):
            if a.ndim != n:
                raise InvalidGameError(
                    f"{where}: payoff array of player {i} has {a.ndim} dimension(s) with shape "
                    f"{a.shape}; a {n}-player game needs {n} dimensions, one per player")
            if a.shape != shape:
                raise InvalidGameError(
                    f"{where}: payoff array of player {i} has shape {a.shape}; expected {shape} "
                    "like player 0's")
        if any(k == 0 for k in shape):
            p = [k for k in shape].index(0)
            raise InvalidGameError(f"{where}: player {p} has an empty action set")
        want_exact = any(a.dtype == object for a in arrays) if exact is None else bool(exact)
        if want_exact:
            arrays = [_fraction_array(a) for a in arrays]
        else:
            arrays = [a if a.dtype != object else _float_array(a, where) for a in arrays]
        for a in arrays:
            a.flags.writeable = False
        self._payoffs = tuple(arrays)
        self._exact = want_exact
        self._players = self._check_players(players, n)
        self._actions = self._check_actions(actions, shape)
        self._own = [None] * n

    # -- construction helpers -------------------------------------------------------------------
    @staticmethod
    def _check_players(players, n):
        if players is None:
            return tuple(f"player {i + 1}" for i in range(n))
        if isinstance(players, (str, bytes)) or not _is_sequence(players):
            raise InvalidGameError(
                f"NormalFormGame: players must be a sequence of {n} names, got {players!r}"[:300])
        players = tuple(players)
        for p in players:
            if not isinstance(p, (str, Integral)) or isinstance(p, bool):
                raise InvalidGameError(
                    f"NormalFormGame: player names must be strings, got {p!r}"[:300])
        players = tuple(str(p) for p in players)
        if len(players) != n:
            raise InvalidGameError(f"NormalFormGame: {len(players)} player names for {n} players")
        if len(set(players)) != n:
            raise InvalidGameError(f"NormalFormGame: player names must be distinct, got {players}")
        return players

    @staticmethod
    def _check_actions(actions, shape):
        if actions is None:
            letters = "abcdefghijklmnopqrstuvwxyz"
            return tuple(tuple(f"{letters[i % 26]}{k + 1}" for k in range(n))
                         for i, n in enumerate(shape))
        if isinstance(actions, (str, bytes)) or not _is_sequence(actions):
            raise InvalidGameError(
                f"NormalFormGame: actions must be one sequence of labels per player, got "
                f"{actions!r}"[:300])
        for i, acts in enumerate(actions):
            if isinstance(acts, (str, bytes)) or not _is_sequence(acts):
                raise InvalidGameError(
                    f"NormalFormGame: action labels of player {i} must be a sequence of strings, "
                    f"got {acts!r}"[:300])
            for a in acts:
                if not isinstance(a, (str, Integral)) or isinstance(a, bool):
                    raise InvalidGameError(
                        f"NormalFormGame: action labels of player {i} must be strings, got "
                        f"{a!r}"[:300])
        actions = tuple(tuple(str(a) for a in acts) for acts in actions)
        if len(actions) != len(shape):
            raise InvalidGameError(
                f"NormalFormGame: action labels given for {len(actions)} players; expected "
                f"{len(shape)}")
        for i, (acts, n) in enumerate(zip(actions, shape)):
            if len(acts) != n:
                raise InvalidGameError(
                    f"NormalFormGame: player {i} has {n} actions but {len(acts)} labels")
            if len(set(acts)) != n:
                raise InvalidGameError(
                    f"NormalFormGame: action labels of player {i} must be distinct, got {acts}")
        return actions

    from_bimatrix = classmethod(_nf_build.from_bimatrix)
    from_payoff_profile = classmethod(_nf_build.from_payoff_profile)
    from_nashpy = classmethod(_nf_build.from_nashpy)
    from_quantecon = classmethod(_nf_build.from_quantecon)

    # -- basic properties -----------------------------------------------------------------------
    @property
    def num_players(self) -> int:
        """Number of players N."""
        return len(self._payoffs)

    @property
    def num_actions(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return self._payoffs[0].shape

    shape = num_actions

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Action labels, one tuple per player."""
        return self._actions

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """Read-only payoff arrays, ``payoffs[i][a_1, ..., a_N]``."""
        return self._payoffs

    @property
    def is_exact(self) -> bool:
        """True when payoffs are :class:`~fractions.Fraction` (object arrays)."""
        return self._exact

    @property
    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` for a two-player game (row player's and column player's matrices)."""
        self._require_two("bimatrix")
        return self._payoffs[0], self._payoffs[1]

    def own_axis_payoffs(self, player: int) -> np.ndarray:
        """Player's payoff array with the player's own action on axis 0 (others in order).

        Parameters
        ----------
        player : int
            The player's index.

        Returns
        -------
        numpy.ndarray
            The payoffs, shape ``(n_player, n_others...)``.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.own_axis_payoffs(1).tolist()
        [[3.0, 0.0], [5.0, 1.0]]
        """
        player = self._check_player(player)
        cached = self._own[player]
        if cached is None:
            cached = np.moveaxis(self._payoffs[player], player, 0)
            self._own[player] = cached
        return cached

    def payoff_scale(self) -> float:
        """Largest absolute payoff (at least 1), used to scale tolerances.

        Returns
        -------
        float
            The scale.
        """
        return max(1.0, _tolerance.payoff_magnitude(self._float_payoffs()))

    def _float_payoffs(self) -> tuple:
        if not self._exact:
            return self._payoffs
        return tuple(_float_array(a, "NormalFormGame") for a in self._payoffs)

    def default_tol(self) -> float:
        """Default regret tolerance of float verification, relative to the payoffs.

        ``max(1e-9 × range, 64 ulp × largest |payoff|)`` with ``range`` the largest spread of one
        player's payoffs: multiplying every payoff by a positive constant multiplies it by the
        same constant, so the equilibria do not change (exact games are compared exactly).

        Returns
        -------
        float
            The tolerance.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.default_tol()
        5e-09
        """
        try:
            return self._tol          # the game is immutable: computed once
        except AttributeError:
            tol = _tolerance.regret_tol(self._float_payoffs())
            object.__setattr__(self, "_tol", tol)
            return tol

    def as_exact(self) -> "NormalFormGame":
        """The same game with Fraction payoffs (floats read as the decimals they print as).

        Returns
        -------
        NormalFormGame
            The exact game.
        """
        if self._exact:
            return self
        return NormalFormGame(self._payoffs, players=self._players, actions=self._actions,
                              exact=True)

    def as_float(self) -> "NormalFormGame":
        """The same game with float64 payoffs.

        Returns
        -------
        NormalFormGame
            The float game.
        """
        if not self._exact:
            return self
        return NormalFormGame([_float_array(a, "NormalFormGame.as_float") for a in self._payoffs],
                              players=self._players, actions=self._actions, exact=False)

    def with_labels(self, *, players=None, actions=None) -> "NormalFormGame":
        """A copy with new player names and/or action labels.

        Parameters
        ----------
        players : sequence of str, optional
            New player names.
        actions : sequence of sequences of str, optional
            New action labels per player.

        Returns
        -------
        NormalFormGame
            The relabelled game.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.with_labels(players=("government", "agency")).players
        ('government', 'agency')
        """
        return NormalFormGame(self._payoffs, players=players or self._players,
                              actions=actions or self._actions, exact=self._exact)

    def _check_player(self, player: int) -> int:
        if isinstance(player, str):
            if player in self._players:
                return self._players.index(player)
            raise InvalidGameError(f"NormalFormGame: unknown player {player!r}; players are "
                                   f"{self._players}")
        if not isinstance(player, (Integral, np.integer)) or not 0 <= int(player) < self.num_players:
            raise InvalidGameError(
                f"NormalFormGame: player index {player!r} out of range 0..{self.num_players - 1}")
        return int(player)

    def _require_two(self, what: str):
        if self.num_players != 2:
            raise UnsupportedGameError(
                f"{what}: needs a two-player game; this game has {self.num_players} players")

    # -- queries --------------------------------------------------------------------------------
    def pure_payoffs(self, action_profile: Sequence[int]) -> tuple:
        """Payoff of every player at a pure action profile.

        Parameters
        ----------
        action_profile : sequence of int
            One action index per player.

        Returns
        -------
        tuple
            Each player's payoff.

        Raises
        ------
        InvalidGameError
            If the profile has the wrong length or an index is out of range.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> [float(x) for x in g.pure_payoffs((1, 0))]
        [5.0, 0.0]
        """
        idx = tuple(int(a) for a in action_profile)
        if len(idx) != self.num_players:
            raise InvalidGameError(f"NormalFormGame.pure_payoffs: expected {self.num_players} "
                                   f"actions, got {len(idx)}")
        for i, (a, n) in enumerate(zip(idx, self.num_actions)):
            if not 0 <= a < n:
                raise InvalidGameError(
                    f"NormalFormGame.pure_payoffs: action {a} of player {i} out of range")
        return tuple(p[idx] for p in self._payoffs)

    def _numeric(self, profile):
        """Arrays to compute with: exact if game and profile are both exact, else float."""
        exact = self._exact and all(s.dtype == object for s in profile)
        if exact:
            return True, profile
        return False, tuple(np.asarray(s, dtype=np.float64) if s.dtype == object else s
                            for s in profile)

    def _own_numeric(self, player: int, exact: bool) -> np.ndarray:
        arr = self.own_axis_payoffs(player)
        if not exact and arr.dtype == object:
            arr = arr.astype(np.float64)
        return arr

    action_payoffs = _nf_payoffs.action_payoffs
    _action_payoffs = _nf_payoffs._action_payoffs
    expected_payoffs = _nf_payoffs.expected_payoffs
    _expected_payoffs = _nf_payoffs._expected_payoffs
    best_responses = _nf_payoffs.best_responses
    regrets = _nf_payoffs.regrets
    _regrets = _nf_payoffs._regrets
    max_regret = _nf_payoffs.max_regret
    is_nash = _nf_payoffs.is_nash
    is_zero_sum = _nf_structure.is_zero_sum
    is_constant_sum = _nf_structure.is_constant_sum
    is_degenerate = _nf_structure.is_degenerate

    # -- transformations ------------------------------------------------------------------------
    def permute_actions(self, permutations: Sequence[Sequence[int]]) -> "NormalFormGame":
        """Relabel actions: new action ``k`` of player ``i`` is old action ``permutations[i][k]``.

        Parameters
        ----------
        permutations : sequence of sequences of int
            One permutation of action indices per player.

        Returns
        -------
        NormalFormGame
            The same game with actions (and their labels) reordered.

        Raises
        ------
        InvalidGameError
            If there is not one valid permutation per player.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.permute_actions([[1, 0], [0, 1]]).actions[0]
        ('a2', 'a1')
        """
        if len(permutations) != self.num_players:
            raise InvalidGameError("NormalFormGame.permute_actions: one permutation per player")
        perms = []
        for i, (p, n) in enumerate(zip(permutations, self.num_actions)):
            p = [int(x) for x in p]
            if sorted(p) != list(range(n)):
                raise InvalidGameError(
                    f"NormalFormGame.permute_actions: {p} is not a permutation of 0..{n - 1}")
            perms.append(p)
        arrays = []
        for a in self._payoffs:
            b = a
            for ax, p in enumerate(perms):
                b = np.take(b, p, axis=ax)
            arrays.append(b)
        acts = tuple(tuple(self._actions[i][k] for k in p) for i, p in enumerate(perms))
        return NormalFormGame(arrays, players=self._players, actions=acts, exact=self._exact)

    def transpose(self) -> "NormalFormGame":
        """Two-player game with the roles of row and column swapped.

        Returns
        -------
        NormalFormGame
            The transposed game: the old column player moves first.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> [float(x) for x in g.transpose().pure_payoffs((0, 1))]
        [0.0, 5.0]
        """
        self._require_two("NormalFormGame.transpose")
        A, B = self._payoffs
        return NormalFormGame((B.T, A.T), players=self._players[::-1],
                              actions=self._actions[::-1], exact=self._exact)

    # -- dunder ---------------------------------------------------------------------------------


    # -- dunder ---------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (self.num_actions == other.num_actions and self._players == other._players
                and self._actions == other._actions
                and all(np.array_equal(a, b) for a, b in zip(self._payoffs, other._payoffs)))

    def __hash__(self) -> int:
        return hash((self._players, self._actions,
                     tuple(tuple(a.flat) for a in self._payoffs)))

    def __getitem__(self, action_profile) -> tuple:
        """``game[i, j, ...]`` is the payoff vector at a pure action profile."""
        if not isinstance(action_profile, tuple):
            action_profile = (action_profile,)
        return self.pure_payoffs(action_profile)

    def __reduce__(self):
        return (_rebuild, (self._payoffs, self._players, self._actions, self._exact))

    def __setattr__(self, name, value):
        if hasattr(self, "_own") and name != "_own":
            raise AttributeError("NormalFormGame is immutable")
        object.__setattr__(self, name, value)

    __repr__ = _nf_display.__repr__
    _fmt = staticmethod(_nf_display._fmt)
    _table_rows = _nf_display._table_rows
    __str__ = _nf_display.__str__
    _repr_html_ = _nf_display._repr_html_
    to_nfg = _nf_display.to_nfg


def _rebuild(payoffs, players, actions, exact):
    return NormalFormGame(payoffs, players=players, actions=actions, exact=exact)

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

import html
import math
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Any, Sequence

import numpy as np

from .. import _tolerance
from .._validation import check_exact
from ..exceptions import InvalidGameError, UnsupportedGameError

__all__ = ["NormalFormGame", "to_fraction", "as_profile"]

Profile = tuple  # tuple of 1-d arrays, one probability vector per player


# ----------------------------------------------------------------------------------------------
# number helpers
# ----------------------------------------------------------------------------------------------
def to_fraction(x: Any, where: str = "to_fraction") -> Fraction:
    """Convert a number (int, float, Fraction, numpy scalar, or string like ``"2/3"``) to Fraction.

    Floats are read as the decimal they print as (``0.1`` becomes ``1/10``), which is what a
    user typing ``0.1`` means.

    Parameters
    ----------
    x : int, float, Fraction, numpy scalar or str
        The number.
    where : str
        Name used in error messages.

    Returns
    -------
    Fraction
        The exact value.

    Raises
    ------
    InvalidGameError
        If ``x`` is not a finite number.

    Examples
    --------
    >>> to_fraction(0.1), to_fraction("2/3")
    (Fraction(1, 10), Fraction(2, 3))
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (bool, np.bool_)):
        raise InvalidGameError(f"{where}: expected a number, got the boolean {x!r}")
    if isinstance(x, (Integral, np.integer)):
        return Fraction(int(x))
    if isinstance(x, Rational):
        return Fraction(x.numerator, x.denominator)
    if isinstance(x, (float, np.floating)):
        xf = float(x)
        if not math.isfinite(xf):
            raise InvalidGameError(f"{where}: payoffs must be finite, found {xf!r}")
        return Fraction(repr(xf))
    if isinstance(x, str):
        try:
            return Fraction(x.strip())
        except (ValueError, ZeroDivisionError):
            raise InvalidGameError(f"{where}: cannot read {x!r} as a number") from None
    if isinstance(x, Real):
        return to_fraction(float(x), where)
    raise InvalidGameError(f"{where}: expected a number, got {type(x).__name__} {x!r}")


def _is_exact_entry(x: Any) -> bool:
    return isinstance(x, (Fraction, str))


_FLOAT_MAX = float(np.finfo(np.float64).max)


def _to_array(data: Any, where: str, what: str, exact: bool | None = None) -> np.ndarray:
    """Turn nested sequences into a float64 or Fraction-object array; reject ragged/NaN/non-numeric.

    Complex entries are rejected (not silently real-parted); integers beyond the float range are
    rejected unless ``exact=True`` (then every entry becomes a Fraction).
    """
    if isinstance(data, (str, bytes)):
        raise InvalidGameError(f"{where}: {what} must be an array of numbers, got the string "
                               f"{data[:40]!r}")
    if isinstance(data, np.ndarray) and data.dtype != object:
        if data.dtype.kind == "c":
            raise InvalidGameError(f"{where}: {what} has complex entries; expected real numbers")
        if data.dtype.kind == "b":
            raise InvalidGameError(f"{where}: {what} has boolean entries; expected numbers")
        if data.dtype.kind not in "iuf":
            raise InvalidGameError(f"{where}: {what} has non-numeric dtype {data.dtype}")
        arr = data.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
            raise InvalidGameError(
                f"{where}: {what} has a non-finite entry {float(arr[bad])!r} at index {bad}")
        return arr
    try:
        arr = np.array(data, dtype=object)
    except ValueError as exc:  # numpy refuses some ragged inputs outright
        raise InvalidGameError(f"{where}: {what} is ragged (rows of different lengths)") from exc
    if arr.dtype == object and arr.size and any(isinstance(v, (list, tuple, np.ndarray))
                                                for v in arr.flat):
        raise InvalidGameError(f"{where}: {what} is ragged (rows of different lengths)")
    if arr.ndim == 0:
        raise InvalidGameError(f"{where}: {what} must be an array of numbers, got {data!r}"[:300])
    flat = list(arr.flat)
    for idx, v in np.ndenumerate(arr):
        if isinstance(v, (complex, np.complexfloating)):
            raise InvalidGameError(
                f"{where}: {what} entry at index {idx} is the complex number {v!r}; expected a "
                "real number")
    if exact or any(_is_exact_entry(v) for v in flat):
        out = np.empty(arr.shape, dtype=object)
        for idx, v in np.ndenumerate(arr):
            out[idx] = to_fraction(v, f"{where}: {what}")
        return out
    for idx, v in np.ndenumerate(arr):
        if isinstance(v, (bool, np.bool_)):
            raise InvalidGameError(
                f"{where}: {what} entry at index {idx} is the boolean {v!r}; expected a number")
        if not isinstance(v, (Real, np.number)):
            raise InvalidGameError(
                f"{where}: {what} entry at index {idx} is {v!r}"[:200] + "; expected a number")
        if isinstance(v, (Integral, np.integer)) and abs(int(v)) > _FLOAT_MAX:
            raise InvalidGameError(
                f"{where}: {what} entry at index {idx} is an integer of {len(str(abs(int(v))))} "
                "digits, beyond the float range (about 1.8e308); pass exact=True to keep it exact")
    try:
        out = arr.astype(np.float64)
    except (OverflowError, TypeError, ValueError) as exc:
        raise InvalidGameError(f"{where}: {what} cannot be read as float numbers: {exc}") from None
    if not np.all(np.isfinite(out)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(out))[0])
        raise InvalidGameError(f"{where}: {what} has a non-finite entry {float(out[bad])!r} at index {bad}")
    return out


def _is_sequence(x: Any) -> bool:
    if isinstance(x, (dict, set, frozenset)):
        return False
    try:
        len(x)
        iter(x)
    except TypeError:
        return False
    return True


def _float_array(arr: np.ndarray, where: str) -> np.ndarray:
    """Fraction array -> float64, refusing values beyond the float range."""
    try:
        out = arr.astype(np.float64)
    except OverflowError:
        out = None
    if out is None or not np.all(np.isfinite(out)):
        raise InvalidGameError(
            f"{where}: an exact payoff exceeds the float range (about 1.8e308); this game can only "
            "be solved exactly (exact=True)")
    return out


def _fraction_array(arr: np.ndarray) -> np.ndarray:
    if arr.dtype == object:
        return arr
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = to_fraction(v)
    return out


def _contract_others(arr: np.ndarray, others: Sequence[np.ndarray]) -> np.ndarray:
    """Contract axes 1..N-1 of ``arr`` with the strategies in ``others`` (last axis first)."""
    out = arr
    for s in reversed(others):
        out = out.dot(s)
    return out


def as_profile(game: "NormalFormGame", profile: Any, *, where: str = "profile",
               tol: float = 1e-9) -> Profile:
    """Validate a mixed-strategy profile and return it as a tuple of 1-d arrays.

    Accepts one probability vector per player (or an integer for a pure action). Fractions are
    kept exact; anything else becomes float64.

    Parameters
    ----------
    game : NormalFormGame
        The game the profile belongs to.
    profile : sequence
        One probability vector or pure action index per player.
    where : str
        Name used in error messages.
    tol : float
        Tolerance for the probabilities summing to 1.

    Returns
    -------
    tuple of numpy.ndarray
        One probability vector per player.

    Raises
    ------
    InvalidGameError
        For a wrong number of players, wrong lengths, negative entries, NaN, or sums different
        from 1.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [s.tolist() for s in as_profile(g, ([0.5, 0.5], 1))]
    [[0.5, 0.5], [0.0, 1.0]]
    """
    try:
        items = list(profile)
    except TypeError:
        raise InvalidGameError(f"{where}: expected one strategy per player, got {profile!r}") from None
    if len(items) != game.num_players:
        raise InvalidGameError(
            f"{where}: expected {game.num_players} strategies (one per player), got {len(items)}")
    out = []
    for i, (s, n) in enumerate(zip(items, game.num_actions)):
        if isinstance(s, (Integral, np.integer)) and not isinstance(s, bool):
            if not 0 <= int(s) < n:
                raise InvalidGameError(
                    f"{where}: pure action {s} of player {i} out of range 0..{n - 1}")
            if game.is_exact:
                v = np.array([Fraction(0)] * n, dtype=object)
                v[int(s)] = Fraction(1)
            else:
                v = np.zeros(n)
                v[int(s)] = 1.0
            out.append(v)
            continue
        if isinstance(s, np.ndarray) and s.dtype != object:
            v = s.astype(np.float64, copy=False)
        else:
            seq = list(s) if not isinstance(s, str) else None
            if seq is None:
                raise InvalidGameError(f"{where}: strategy of player {i} is not a vector: {s!r}")
            exact_entries = any(isinstance(x, Fraction) for x in seq) or (
                game.is_exact and all(isinstance(x, (Integral, Fraction, np.integer))
                                      and not isinstance(x, bool) for x in seq))
            if exact_entries:
                try:
                    v = np.array([to_fraction(x, where) for x in seq], dtype=object)
                except InvalidGameError:
                    raise
            else:
                try:
                    v = np.asarray(seq, dtype=np.float64)
                except (TypeError, ValueError):
                    raise InvalidGameError(
                        f"{where}: strategy of player {i} has non-numeric entries: {s!r}") from None
        if v.ndim != 1 or v.shape[0] != n:
            raise InvalidGameError(
                f"{where}: strategy of player {i} has length {v.shape[0] if v.ndim == 1 else v.shape};"
                f" expected {n}")
        if v.dtype == object:
            if any(x < 0 for x in v):
                raise InvalidGameError(f"{where}: strategy of player {i} has a negative probability")
            total = sum(v, Fraction(0))
            if total != 1:
                raise InvalidGameError(
                    f"{where}: probabilities of player {i} sum to {total}, not 1")
        else:
            if not np.all(np.isfinite(v)):
                raise InvalidGameError(f"{where}: strategy of player {i} contains NaN or inf")
            if np.any(v < -tol):
                raise InvalidGameError(f"{where}: strategy of player {i} has a negative probability")
            total = float(v.sum())
            if abs(total - 1.0) > max(tol, 1e-9) * max(1, n):
                raise InvalidGameError(
                    f"{where}: probabilities of player {i} sum to {total!r}, not 1")
        out.append(v)
    return tuple(out)


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

    __slots__ = ("_payoffs", "_players", "_actions", "_exact", "_own", "__weakref__")

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

    @classmethod
    def from_bimatrix(cls, A: Any, B: Any = None, *, players: Sequence[str] | None = None,
                      actions: Sequence[Sequence[str]] | None = None,
                      exact: bool | None = None) -> "NormalFormGame":
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

    @classmethod
    def from_payoff_profile(cls, profile: Any, *, players: Sequence[str] | None = None,
                            actions: Sequence[Sequence[str]] | None = None,
                            exact: bool | None = None) -> "NormalFormGame":
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

    @classmethod
    def from_nashpy(cls, game: Any, **kwargs) -> "NormalFormGame":
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

    @classmethod
    def from_quantecon(cls, game: Any, **kwargs) -> "NormalFormGame":
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
        return _tolerance.regret_tol(self._float_payoffs())

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

    def action_payoffs(self, player: int, profile: Any) -> np.ndarray:
        """Expected payoff of each pure action of ``player`` against the others in ``profile``.

        The player's own entry of ``profile`` is ignored (it must still be a valid strategy).

        Parameters
        ----------
        player : int
            The player's index.
        profile : sequence
            One mixed strategy (probability vector) or pure action index per player.

        Returns
        -------
        numpy.ndarray
            The payoff of each of the player's actions.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.action_payoffs(0, ([1, 0], [0.5, 0.5])).tolist()
        [1.5, 3.0]
        """
        player = self._check_player(player)
        prof = as_profile(self, profile, where="NormalFormGame.action_payoffs")
        return self._action_payoffs(player, prof)

    def _action_payoffs(self, player: int, prof: Profile) -> np.ndarray:
        exact, prof = self._numeric(prof)
        arr = self._own_numeric(player, exact)
        others = [s for j, s in enumerate(prof) if j != player]
        return _contract_others(arr, others)

    def expected_payoffs(self, profile: Any) -> tuple:
        """Expected payoff of every player under a mixed profile (Fractions when exact).

        Parameters
        ----------
        profile : sequence
            One mixed strategy (probability vector) or pure action index per player.

        Returns
        -------
        tuple
            Each player's expected payoff.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> [float(x) for x in g.expected_payoffs(([0.5, 0.5], [1, 0]))]
        [4.0, 1.5]
        """
        prof = as_profile(self, profile, where="NormalFormGame.expected_payoffs")
        return self._expected_payoffs(prof)

    def _expected_payoffs(self, prof: Profile) -> tuple:
        exact, prof = self._numeric(prof)
        out = []
        for i in range(self.num_players):
            v = self._action_payoffs(i, prof)
            out.append(v.dot(prof[i]) if exact else float(v.dot(prof[i])))
        return tuple(out)

    def best_responses(self, player: int, profile: Any, *, tol: float = 0.0) -> tuple[int, ...]:
        """Pure best responses of ``player`` to the others' strategies in ``profile``.

        Actions within ``tol`` of the best payoff count as best responses.

        Parameters
        ----------
        player : int
            The player's index.
        profile : sequence
            One mixed strategy (probability vector) or pure action index per player.
        tol : float
            Slack allowed below the best payoff.

        Returns
        -------
        tuple of int
            Indices of the best responses.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.best_responses(0, ([1, 0], [1, 0]))
        (1,)
        """
        player = self._check_player(player)
        prof = as_profile(self, profile, where="NormalFormGame.best_responses")
        v = self._action_payoffs(player, prof)
        best = max(v)
        return tuple(int(k) for k in range(len(v)) if v[k] >= best - tol)

    def regrets(self, profile: Any) -> tuple:
        """Each player's regret: best pure payoff minus the payoff of their strategy (≥ 0).

        Parameters
        ----------
        profile : sequence
            One mixed strategy (probability vector) or pure action index per player.

        Returns
        -------
        tuple
            One regret per player.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> [float(r) for r in g.regrets(([0.5, 0.5], [1, 0]))]
        [1.0, 1.5]
        """
        prof = as_profile(self, profile, where="NormalFormGame.regrets")
        return self._regrets(prof)

    def _regrets(self, prof: Profile) -> tuple:
        exact, prof = self._numeric(prof)
        out = []
        for i in range(self.num_players):
            v = self._action_payoffs(i, prof)
            r = max(v) - v.dot(prof[i])
            out.append(r if exact else max(0.0, float(r)))
        return tuple(out)

    def max_regret(self, profile: Any):
        """Largest regret over players: 0 exactly at a Nash equilibrium.

        Parameters
        ----------
        profile : sequence
            One mixed strategy (probability vector) or pure action index per player.

        Returns
        -------
        float or Fraction
            The largest regret.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> float(g.max_regret((1, 1)))
        0.0
        """
        return max(self.regrets(profile))

    def is_nash(self, profile: Any, *, tol: float | None = None) -> bool:
        """True iff no player gains more than ``tol`` by deviating (default :meth:`default_tol`).

        Parameters
        ----------
        profile : sequence
            One mixed strategy (probability vector) or pure action index per player.
        tol : float, optional
            Largest regret accepted; exact games with an exact profile are checked exactly.

        Returns
        -------
        bool
            Whether the profile is a Nash equilibrium.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> g.is_nash(([0.5, 0.5], [0.5, 0.5]))
        True
        """
        prof = as_profile(self, profile, where="NormalFormGame.is_nash")
        r = self._regrets(prof)
        if tol is None:
            tol = 0 if all(isinstance(x, Fraction) for x in r) else self.default_tol()
        return max(r) <= tol

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

    def __repr__(self) -> str:
        dims = "×".join(str(n) for n in self.num_actions)
        kind = "exact" if self._exact else "float"
        return f"<NormalFormGame {dims}, {self.num_players} players {self._players}, {kind}>"

    @staticmethod
    def _fmt(x) -> str:
        if isinstance(x, Fraction):
            return str(x)
        return f"{x:g}"

    def _table_rows(self):
        """Rows of (label, cells) for a readable payoff table (2 players: a bimatrix)."""
        if self.num_players == 2:
            A, B = self._payoffs
            header = [""] + list(self._actions[1])
            rows = [[self._actions[0][i]] + [f"{self._fmt(A[i, j])}, {self._fmt(B[i, j])}"
                                             for j in range(A.shape[1])]
                    for i in range(A.shape[0])]
            return header, rows
        header = list(self._players) + ["payoffs"]
        rows = []
        for idx in np.ndindex(*self.num_actions):
            rows.append([self._actions[i][k] for i, k in enumerate(idx)]
                        + [", ".join(self._fmt(p[idx]) for p in self._payoffs)])
        return header, rows

    def __str__(self) -> str:
        header, rows = self._table_rows()
        widths = [max(len(str(r[c])) for r in [header] + rows) for c in range(len(header))]
        line = lambda r: "  ".join(str(x).rjust(w) for x, w in zip(r, widths))  # noqa: E731
        title = repr(self)
        if self.num_players == 2:
            title += f"\nrows: {self._players[0]}, columns: {self._players[1]}"
        return "\n".join([title, line(header)] + [line(r) for r in rows])

    def _repr_html_(self) -> str:
        header, rows = self._table_rows()
        th = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>"
                       for r in rows)
        return (f"<p>{html.escape(repr(self))}</p><table><thead><tr>{th}</tr></thead>"
                f"<tbody>{body}</tbody></table>")

    def to_nfg(self, title: str = "") -> str:
        """The game in Gambit's ``.nfg`` text format (see :mod:`contracts.io.gambit`).

        Parameters
        ----------
        title : str
            The game's title in the file.

        Returns
        -------
        str
            The ``.nfg`` text.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g.to_nfg().splitlines()[0]
        'NFG 1 R "" { "player 1" "player 2" }'
        """
        from ..io.gambit import nfg_string
        return nfg_string(self, title=title)


def _rebuild(payoffs, players, actions, exact):
    return NormalFormGame(payoffs, players=players, actions=actions, exact=exact)

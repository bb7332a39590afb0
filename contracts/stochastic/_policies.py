"""Layout of the flat policy vector, and building and checking stationary policies.

Private part of :mod:`contracts.stochastic._core` (which re-exports every name here).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError

__all__ = ["action_offsets", "action_slots", "player_slot_mask", "pure_policy", "uniform_policy",
           "is_exact_policy", "as_policy", "policy_flat", "flat_to_policy"]


# ----------------------------------------------------------------------------------------------
# layout
# ----------------------------------------------------------------------------------------------
def action_offsets(game) -> np.ndarray:
    """Start of block ``(s, i)`` in the flat action vector, int array ``(n_states, n_players + 1)``.

    Column ``n_players`` is the start of the next state's first block (so
    ``offsets[s, i]:offsets[s, i + 1]`` are player ``i``'s actions in state ``s``).

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.

    Returns
    -------
    numpy.ndarray of int, shape (n_states, n_players + 1)
        The offsets.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> action_offsets(g).tolist()
    [[0, 2, 4]]
    """
    key = "core_offsets"
    cache = game._cache
    if key not in cache:
        sizes = np.array([game.num_actions(s) for s in range(game.n_states)], dtype=np.int64)
        flat = np.concatenate([[0], np.cumsum(sizes.ravel())])
        off = np.empty((game.n_states, game.n_players + 1), dtype=np.int64)
        off[:, :-1] = flat[:-1].reshape(sizes.shape)
        off[:, -1] = off[:, 0] + sizes.sum(axis=1)
        off.flags.writeable = False
        cache[key] = off
    return cache[key]


def action_slots(game) -> np.ndarray:
    """Flat-vector index of each row's action of each player, int array ``(n_rows, n_players)``."""
    key = "core_slots"
    cache = game._cache
    if key not in cache:
        off = action_offsets(game)[:, :-1]
        slots = off[game.row_state] + game.row_actions
        slots.flags.writeable = False
        cache[key] = slots
    return cache[key]


def player_slot_mask(game, i: int) -> np.ndarray:
    """Boolean mask of the flat action vector: True on player ``i``'s entries."""
    key = ("core_mask", i)
    cache = game._cache
    if key not in cache:
        off = action_offsets(game)
        mask = np.zeros(_n_slots(game), dtype=bool)
        starts, ends = off[:, i], off[:, i + 1]
        d = np.zeros(_n_slots(game) + 1, dtype=np.int64)
        np.add.at(d, starts, 1)
        np.add.at(d, ends, -1)
        mask = np.cumsum(d[:-1]) > 0
        mask.flags.writeable = False
        cache[key] = mask
    return cache[key]


def _n_slots(game) -> int:
    return int(action_offsets(game)[-1, -1])


# ----------------------------------------------------------------------------------------------
# policies
# ----------------------------------------------------------------------------------------------
def pure_policy(game, choice: Any, *, exact: bool | None = None) -> tuple:
    """Pure stationary policy from action choices ``choice[s][i]`` (indices or labels).

    ``choice`` may be a nested sequence or an int array ``(n_states, n_players)``.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    choice : sequence of sequences, or array_like of int
        ``choice[s][i]`` is player ``i``'s action in state ``s`` (index or label).
    exact : bool, optional
        Fractions instead of floats; default: follow the game.

    Returns
    -------
    tuple
        The policy, ``policy[s][i]`` a probability vector with a single 1.

    Raises
    ------
    InvalidParameterError
        If the shape does not match the game or an action is unknown.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> pure_policy(g, [[1, 1]])[0][0].tolist()
    [0.0, 1.0]
    """
    ex = game.exact if exact is None else bool(exact)
    rows = _per_state(game, choice, "pure_policy", "one action choice per state",
                      "expected {n} rows (one per state), got {got}")
    out = []
    for s, row in enumerate(rows):
        row = list(np.atleast_1d(row)) if not isinstance(row, (list, tuple)) else list(row)
        if len(row) != game.n_players:
            raise InvalidParameterError(f"pure_policy: state {game.states[s]!r} needs "
                                        f"{game.n_players} choices, got {len(row)}")
        strat = []
        for i, a in enumerate(row):
            labels = game.actions[s][i]
            if isinstance(a, str):
                if a not in labels:
                    raise InvalidParameterError(f"pure_policy: unknown action {a!r} of player "
                                                f"{i} in state {game.states[s]!r}")
                k = labels.index(a)
            else:
                k = int(a)
                if not 0 <= k < len(labels):
                    raise InvalidParameterError(f"pure_policy: action {k} of player {i} out of "
                                                f"range in state {game.states[s]!r}")
            v = _unit(len(labels), k, ex)
            strat.append(v)
        out.append(tuple(strat))
    return tuple(out)


def _per_state(game, obj, where, expected, count):
    """``list(obj)``, one entry per state; ``count`` words a wrong length (``{n}``, ``{got}``)."""
    try:
        items = list(obj)
    except TypeError:
        raise InvalidParameterError(f"{where}: expected {expected}, got {obj!r}") from None
    if len(items) != game.n_states:
        raise InvalidParameterError(f"{where}: " + count.format(n=game.n_states, got=len(items)))
    return items


def uniform_policy(game, *, exact: bool | None = None) -> tuple:
    """Every player mixes uniformly in every state.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    exact : bool, optional
        Fractions instead of floats; default: follow the game.

    Returns
    -------
    tuple
        The policy, ``policy[s][i]`` uniform over player ``i``'s actions in state ``s``.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> uniform_policy(g)[0][1].tolist()
    [0.5, 0.5]
    """
    ex = game.exact if exact is None else bool(exact)
    out = []
    for s in range(game.n_states):
        out.append(tuple(
            np.array([Fraction(1, n)] * n, dtype=object) if ex else np.full(n, 1.0 / n)
            for n in game.num_actions(s)))
    return tuple(out)


def _unit(n, k, exact):
    if exact:
        v = np.array([Fraction(0)] * n, dtype=object)
        v[k] = Fraction(1)
    else:
        v = np.zeros(n)
        v[k] = 1.0
    return v


def is_exact_policy(policy) -> bool:
    """Whether every probability of ``policy`` is a Fraction (or int)."""
    return all(np.asarray(v).dtype == object for st in policy for v in st)


def as_policy(game, policy: Any, *, where: str = "policy", tol: float = 1e-9) -> tuple:
    """Validate a policy (nested per state and player, or a flat vector) and return it.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    policy : nested sequence or numpy.ndarray
        ``policy[s][i]`` a probability vector, or the flat vector of all of them.
    where : str
        Name used in error messages.
    tol : float
        Tolerance for probabilities summing to 1.

    Returns
    -------
    tuple
        The policy as a tuple over states of tuples over players of numpy arrays.

    Raises
    ------
    InvalidParameterError
        If the shapes do not match the game or a vector is not a probability distribution.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> as_policy(g, [[[0, 1], [1, 0]]])[0][1].tolist()
    [1.0, 0.0]
    """
    if isinstance(policy, np.ndarray) and policy.ndim == 1 and policy.dtype != object:
        return flat_to_policy(game, _check_flat(game, policy, where, tol))
    states = _per_state(game, policy, where,
                        "a policy (per state, per player probability vectors)",
                        "policy has {got} states; the game has {n}")
    fast = _fast_float_policy(game, states, tol)
    if fast is not None:
        return fast
    out = []
    for s, st in enumerate(states):
        st = list(st)
        if len(st) != game.n_players:
            raise InvalidParameterError(f"{where}: policy of state {game.states[s]!r} has "
                                        f"{len(st)} strategies; expected {game.n_players}")
        row = []
        for i, (v, n) in enumerate(zip(st, game.num_actions(s))):
            arr = np.asarray(v)
            if arr.dtype == object or any(isinstance(x, Fraction) for x in np.ravel(arr)):
                arr = np.array([Fraction(x) for x in np.ravel(arr)], dtype=object)
                okay = len(arr) == n and all(x >= 0 for x in arr) and sum(arr) == 1
            else:
                arr = np.asarray(arr, dtype=float).ravel()
                okay = (len(arr) == n and bool(np.all(np.isfinite(arr)))
                        and bool(np.all(arr >= -tol)) and abs(arr.sum() - 1) <= tol * max(1, n))
            if not okay:
                raise InvalidParameterError(
                    f"{where}: strategy of player {i} in state {game.states[s]!r} must be {n} "
                    f"probabilities summing to 1, got {list(np.ravel(v))}")
            row.append(arr)
        out.append(tuple(row))
    return tuple(out)


def _fast_float_policy(game, states, tol):
    """The policy itself if it is already float arrays of the right sizes and valid, else None."""
    off = action_offsets(game)
    parts = []
    for st in states:
        if not isinstance(st, tuple) or len(st) != game.n_players:
            return None
        for v in st:
            if not isinstance(v, np.ndarray) or v.dtype != np.float64 or v.ndim != 1:
                return None
            parts.append(v)
    sizes = np.diff(off[:, :-1].ravel().tolist() + [int(off[-1, -1])])
    if [len(p) for p in parts] != sizes.tolist():
        return None
    x = np.concatenate(parts) if parts else np.zeros(0)
    sums = np.add.reduceat(x, off[:, :-1].ravel())
    if not np.all(np.isfinite(x)) or np.any(x < -tol) or np.any(np.abs(sums - 1) > tol *
                                                                  np.maximum(1, sizes)):
        return None
    return tuple(states)


def _check_flat(game, x, where, tol):
    if x.shape != (_n_slots(game),):
        raise InvalidParameterError(f"{where}: flat policy has shape {x.shape}; expected "
                                    f"({_n_slots(game)},)")
    off = action_offsets(game)
    sums = np.add.reduceat(x, off[:, :-1].ravel())
    if not np.all(np.isfinite(x)) or np.any(x < -tol) or np.any(np.abs(sums - 1) > 1e-8):
        raise InvalidParameterError(f"{where}: flat policy is not a probability vector per "
                                    "state and player")
    return x


def policy_flat(game, policy) -> np.ndarray:
    """The flat vector of a policy (float, or object Fractions for an exact policy).

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    policy : tuple
        A stationary policy, ``policy[s][i]`` a probability vector.

    Returns
    -------
    numpy.ndarray
        The action probabilities of every (state, player) block laid end to end.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> policy_flat(g, pure_policy(g, [[1, 1]])).tolist()
    [0.0, 1.0, 0.0, 1.0]
    """
    parts = [np.asarray(v) for st in policy for v in st]
    if all(p.dtype == object for p in parts):
        return np.concatenate(parts).astype(object)
    return np.concatenate([p.astype(float) for p in parts])


def flat_to_policy(game, x: np.ndarray) -> tuple:
    """Split a flat vector into ``policy[s][i]``.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    x : numpy.ndarray
        The flat vector of action probabilities (see :func:`policy_flat`).

    Returns
    -------
    tuple
        The policy, a tuple over states of tuples over players of probability vectors.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> flat_to_policy(g, np.array([0.0, 1.0, 1.0, 0.0]))[0][1].tolist()
    [1.0, 0.0]
    """
    off = action_offsets(game)
    return tuple(tuple(np.array(x[off[s, i]:off[s, i + 1]]) for i in range(game.n_players))
                 for s in range(game.n_states))

"""Pure-strategy Nash equilibria of an N-player game, by one vectorised pass over the payoffs.

For each player ``i`` the array ``game.own_axis_payoffs(i)`` holds i's payoff with i's own action
on axis 0. Its maximum over axis 0 is i's best payoff against every pure profile of the others,
so "action ``a_i`` is a best response" is one comparison of the whole array with that maximum.
A pure profile is an equilibrium exactly when every player's entry is a best response: the
logical AND of N boolean arrays. The cost is a few passes over the payoff arrays, which takes
milliseconds even for a 200×200 or 10×10×10 game.

Exact games (Fraction payoffs) are compared exactly (a float pass first rules out what it
can); float games use a tolerance relative to the payoffs (an action within
``tol`` of the best payoff counts as a best response).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterator

import numpy as np

from .._validation import check_exact, check_nonnegative
from ..exceptions import InvalidGameError
from ..results import EquilibriumResult, build_result

__all__ = ["pure_nash", "pure_nash_iter", "pure_nash_actions"]


def _check_game(game, where: str):
    from ..games.normal_form import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"{where}: expected a NormalFormGame, got {type(game).__name__}")


def _resolve_tol(game, tol, where: str):
    """Exact games compare exactly (0); float games default to ``game.default_tol()``."""
    if tol is not None:
        check_nonnegative(where, "tol", tol)
    if game.is_exact:
        return 0
    return game.default_tol() if tol is None else float(tol)


def _float_mask(arrays_own, tol: float) -> np.ndarray:
    """True where every player's regret ``best - own`` is at most ``tol`` (float arrays)."""
    mask = None
    for i, own in enumerate(arrays_own):
        best = own.max(axis=0, keepdims=True)
        is_best = np.moveaxis((best - own) <= tol, 0, i)
        mask = is_best if mask is None else mask & is_best
    return mask


def _float_exact(arr) -> bool:
    """True when every Fraction in ``arr`` equals its float (integers up to 2**53, dyadics)."""
    for x in arr.flat:
        if x.denominator == 1:
            if abs(x.numerator) > 2 ** 53:
                return False
        elif Fraction(float(x)) != x:
            return False
    return True


def _exact_is_equilibrium(game, a: tuple, own_f=None) -> bool:
    """Exact check of a pure profile. With the float arrays ``own_f``, only the entries whose
    float equals the profile's own (ties) are compared exactly: rounding to floats is monotone,
    so an entry whose float is smaller is smaller exactly."""
    for i in range(game.num_players):
        idx = (slice(None),) + a[:i] + a[i + 1:]
        column = game.own_axis_payoffs(i)[idx]
        own = column[a[i]]
        if own_f is None:
            rivals = column
        else:
            col_f = own_f[i][idx]
            tied = np.flatnonzero(col_f == col_f[a[i]])
            if len(tied) <= 1:
                continue
            rivals = column[tied]
        if max(rivals) > own:
            return False
    return True


def _equilibrium_mask(game, tol, meter=None) -> np.ndarray:
    """Boolean array of shape ``num_actions``: True at every pure equilibrium profile.

    Exact games: a float pass (with a margin covering the rounding of the payoffs to floats)
    rules out the profiles it can; only the profiles it cannot rule out are compared exactly.
    """
    if not game.is_exact:
        return _float_mask([game.own_axis_payoffs(i) for i in range(game.num_players)], tol)
    try:
        own_f = [np.asarray(game.own_axis_payoffs(i), dtype=np.float64)
                 for i in range(game.num_players)]
    except (OverflowError, TypeError, ValueError):
        own_f = None
    if own_f is None or not all(np.all(np.isfinite(o)) for o in own_f):
        mask = np.ones(game.num_actions, dtype=bool)     # beyond floats: all exact
        for i in range(game.num_players):
            own = game.own_axis_payoffs(i)
            mask &= np.moveaxis(np.asarray(own >= own.max(axis=0, keepdims=True), dtype=bool),
                                0, i)
        return mask
    # float(Fraction) rounds monotonically: an exact best response (own >= every rival) has a
    # float regret of exactly 0, so a float regret > 0 rules a profile out for sure
    candidates = _float_mask(own_f, 0.0)
    if all(_float_exact(game.payoffs[i]) for i in range(game.num_players)):
        return candidates       # every payoff is a float exactly: the float pass is exact
    mask = np.zeros(game.num_actions, dtype=bool)
    for a in map(tuple, np.argwhere(candidates)):
        if _exact_is_equilibrium(game, a, own_f):
            mask[a] = True
        if meter is not None and meter.check():
            break               # time budget: the profiles checked so far (lexicographic)
    return mask


def pure_nash_actions(game, *, tol: float | None = None) -> np.ndarray:
    """Action indices of every pure equilibrium, as an integer array of shape ``(k, N)``.

    Row ``r`` is the profile ``(a_1, ..., a_N)`` of the r-th equilibrium, in lexicographic order.
    This is the raw, fastest form of :func:`pure_nash` (no result object is built).

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    tol : float, optional
        Float games: an action within ``tol`` of the best payoff counts as a best response
        (default ``game.default_tol()``). Exact games are compared exactly.

    Returns
    -------
    numpy.ndarray of int, shape (k, N)
        One row per pure equilibrium.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.pure import pure_nash_actions
    >>> g = ct.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> pure_nash_actions(g).tolist()
    [[0, 0], [1, 1]]
    """
    where = "pure_nash_actions"
    _check_game(game, where)
    tol = _resolve_tol(game, tol, where)
    return np.argwhere(_equilibrium_mask(game, tol))


def _one_hot(game, profile) -> tuple:
    out = []
    for a, n in zip(profile, game.num_actions):
        if game.is_exact:
            v = np.array([Fraction(0)] * n, dtype=object)
            v[int(a)] = Fraction(1)
        else:
            v = np.zeros(n)
            v[int(a)] = 1.0
        out.append(v)
    return tuple(out)


def pure_nash_iter(game, *, tol: float | None = None) -> Iterator[tuple]:
    """Yield the pure equilibria one by one, each as a strategy profile of one-hot vectors.

    A profile is a tuple with one probability vector per player (Fractions for exact games),
    the same form every mixed-strategy enumerator yields. The profiles come in lexicographic
    order of the action indices.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    tol : float, optional
        Float games: an action within ``tol`` of the best payoff counts as a best response
        (default ``game.default_tol()``). Exact games are compared exactly.

    Yields
    ------
    tuple of numpy.ndarray
        A pure equilibrium as one-hot probability vectors.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.pure import pure_nash_iter
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [tuple(s.tolist() for s in p) for p in pure_nash_iter(g)]
    [([0.0, 1.0], [0.0, 1.0])]
    """
    for row in pure_nash_actions(game, tol=tol):
        yield _one_hot(game, row)


def pure_nash(game, *, tol: float | None = None, exact: bool | None = None,
              limit: int | None = None, max_time: float | None = None,
              progress: bool = False) -> EquilibriumResult:
    """All pure-strategy Nash equilibria of an N-player game.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; float or exact payoffs.
    tol : float, optional
        Float games only: an action within ``tol`` of the best payoff counts as a best response
        (default ``game.default_tol()``). Exact games are compared exactly and ignore ``tol``.
    exact : bool, optional
        ``True`` solves the game with payoffs read as exact Fractions (and returns Fractions),
        ``False`` in floating point; default: as the game is.
    limit : int, optional
        Return at most this many equilibria (the first in lexicographic order); the result is
        then marked ``complete=False`` if there were more.
    max_time : float, optional
        Time budget in seconds for the exact comparisons of an exact game (float games take
        one vectorised pass and never need it): when it runs out the search stops and returns
        the (verified) equilibria among the profiles checked so far, in lexicographic order,
        with ``complete=False`` and a message saying how many were checked. Default: no budget.
    progress : bool, default False
        Show a progress bar over the profiles compared exactly (needs tqdm, extra
        ``progress``).

    Returns
    -------
    EquilibriumResult
        ``method="pure"``, ``complete=True`` (every pure equilibrium is listed, in lexicographic
        order of action indices), each equilibrium verified. Exact games give Fraction strategies
        and payoffs.

    Examples
    --------
    The prisoner's dilemma between a government and an agency has one pure equilibrium:

    >>> import contracts as ct
    >>> from contracts.equilibrium.pure import pure_nash
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                     players=("government", "agency"),
    ...                                     actions=(("trust", "audit"), ("comply", "shirk")))
    >>> res = pure_nash(g)
    >>> len(res), res[0].support
    (1, ((1,), (1,)))
    """
    where = "pure_nash"
    _check_game(game, where)
    exact = check_exact(where, exact)
    if exact is not None:
        game = game.as_exact() if exact else game.as_float()
    tol_ = _resolve_tol(game, tol, where)
    from .._budget import WorkMeter
    with WorkMeter(where, max_time=max_time, progress=progress, every=16,
                   total=int(np.prod(game.num_actions)), unit="pure profiles") as meter:
        rows = np.argwhere(_equilibrium_mask(game, tol_, meter))
    total = len(rows)
    if limit is not None:
        from .._validation import check_count
        rows = rows[:check_count(where, "limit", limit, low=1)]
    profiles = [_one_hot(game, row) for row in rows]
    verify_tol = 0 if game.is_exact else tol_
    n = total
    msg = (f"{n} pure equilibri{'um' if n == 1 else 'a'} among "
           f"{int(np.prod(game.num_actions))} pure profiles")
    if len(profiles) < total:
        msg += f"; the first {len(profiles)} returned (limit)"
    if meter.stopped:
        msg = (f"{n} pure equilibri{'um' if n == 1 else 'a'} found; {meter.message}")
    return build_result(game, profiles, method="pure", tol=verify_tol, exact=game.is_exact,
                        complete=len(profiles) == total and not meter.stopped,
                        converged=not meter.stopped, message=msg, dedupe=False)

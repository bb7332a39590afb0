"""Payoffs, best responses and regrets of mixed profiles in a :class:`NormalFormGame`.

Private module: the functions here are methods of :class:`NormalFormGame` (:mod:`contracts.games.normal_form`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ._normal_form_numbers import Profile, _contract_others, as_profile


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


def _per_player(self, prof: Profile, value) -> tuple:
    """``value(v, s, exact)`` of every player: ``v`` her actions' payoffs against the others,
    ``s`` her own strategy."""
    exact, prof = self._numeric(prof)
    return tuple(value(self._action_payoffs(i, prof), prof[i], exact)
                 for i in range(self.num_players))


def _payoff(v: np.ndarray, s: np.ndarray, exact: bool):
    u = v.dot(s)
    return u if exact else float(u)


def _regret(v: np.ndarray, s: np.ndarray, exact: bool):
    r = max(v) - v.dot(s)
    return r if exact else max(0.0, float(r))


def _expected_payoffs(self, prof: Profile) -> tuple:
    return _per_player(self, prof, _payoff)


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
    >>> g = ct.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [float(r) for r in g.regrets(([1, 0], [0, 1]))]      # a miscoordination
    [1.0, 1.0]
    """
    prof = as_profile(self, profile, where="NormalFormGame.regrets")
    return self._regrets(prof)


def _regrets(self, prof: Profile) -> tuple:
    return _per_player(self, prof, _regret)


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

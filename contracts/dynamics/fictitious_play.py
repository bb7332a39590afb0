"""Fictitious play (Brown 1951; Robinson 1951).

Every round each player best-responds to the empirical frequencies of the others' past play,
and the frequencies are updated: ``x_{t+1} = x_t + (BR(x_t) - x_t) / (t + w)``, where ``w`` is the
weight of the initial beliefs. Ties are split equally. Frequencies converge to a Nash
equilibrium in zero-sum games, 2xN games and potential games, and may cycle otherwise
(Shapley 1964). With ``lam`` the best response is replaced by the logit response (smooth or
stochastic fictitious play, Fudenberg & Kreps 1993).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidParameterError
from ._trajectory import Trajectory
from .replicator import _Populations

__all__ = ["fictitious_play"]


def fictitious_play(game: Any, rounds: int, *, start: Sequence | None = None,
                    symmetric: bool | None = None, prior_weight: float = 1.0,
                    lam: float | None = None, tie_tol: float | None = None) -> Trajectory:
    """Discrete-time fictitious play for ``rounds`` rounds.

    Parameters
    ----------
    game : NormalFormGame, PopulationGame or array_like
        As in :func:`~contracts.dynamics.replicator` (a square matrix: one population playing
        against itself).
    rounds : int
        Number of rounds, ``>= 1``.
    start : sequence, optional
        Initial beliefs (one probability vector per player, or first-strategy shares when every
        player has two actions). Default uniform.
    symmetric : bool, optional
        With a symmetric two-player game, ``True`` gives one population playing itself.
    prior_weight : float, default 1
        Weight of the initial beliefs, in rounds of observation.
    lam : float, optional
        Use the logit response with this precision instead of the best response.
    tie_tol : float, optional
        Tolerance for tied best responses (default ``1e-9`` times the payoff scale).

    Returns
    -------
    Trajectory
        ``times`` are the rounds ``0..rounds`` and ``states`` the empirical frequencies.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import fictitious_play
    >>> pennies = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> tr = fictitious_play(pennies, 5000, start=[1.0, 0.0])
    >>> [round(float(s[0]), 1) for s in tr.final]
    [0.5, 0.5]
    """
    where = "fictitious_play"
    pop = _Populations(game, symmetric, where)
    if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 1:
        raise InvalidParameterError(f"{where}: parameter 'rounds' must be a positive integer, "
                                    f"got {rounds!r}")
    rounds = int(rounds)
    w = float(check_real(where, "prior_weight", prior_weight, low=0, low_open=True))
    if lam is not None:
        lam = float(check_real(where, "lam", lam, low=0))
    tie = 1e-9 * pop.scale if tie_tol is None else float(
        check_real(where, "tie_tol", tie_tol, low=0))
    if start is None:
        x = np.concatenate([np.full(k, 1.0 / k) for k in pop.sizes])
    else:
        x = pop.parse_state(start, where)
    states = np.empty((rounds + 1, pop.dim))
    states[0] = x
    for t in range(rounds):
        xs = pop.split(x)
        u = pop.payoffs(xs)
        resp = []
        for ui in u:
            if lam is None:
                br = (ui >= ui.max() - tie).astype(float)
            else:
                br = np.exp(lam * (ui - ui.max()))
            resp.append(br / br.sum())
        x = x + (np.concatenate(resp) - x) / (t + 1 + w)
        states[t + 1] = x
    times = np.arange(rounds + 1, dtype=float)
    times.flags.writeable = False
    states.flags.writeable = False
    params = {"prior_weight": w} if lam is None else {"prior_weight": w, "lam": lam}
    return Trajectory(dynamics="fictitious play", times=times, states=states,
                      populations=pop.names, strategies=pop.labels, converged=True,
                      message=f"{rounds} rounds", params=params)

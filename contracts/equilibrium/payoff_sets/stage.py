"""The stage game of a repeated game as the payoff-set algorithms see it."""

from __future__ import annotations

import numpy as np

from ..._validation import check_discount, check_positive
from ...exceptions import InvalidGameError, InvalidParameterError
from ...games.normal_form import NormalFormGame


# ==============================================================================================
# stage-game data
# ==============================================================================================
class _Stage:
    """Float arrays of a stage game used by every payoff-set algorithm."""

    def __init__(self, stage: NormalFormGame, discount: float):
        self.stage = stage
        self.N = stage.num_players
        arrays = [np.asarray(p, dtype=float) for p in stage.payoffs]
        self.U = np.column_stack([p.ravel() for p in arrays])              # (M, N)
        dev = np.column_stack([np.broadcast_to(p.max(axis=i, keepdims=True), p.shape).ravel()
                               for i, p in enumerate(arrays)])            # best deviations d(a)
        self.gain = dev - self.U                                           # >= 0
        self.delta = float(discount)
        self.alpha = 1.0 - self.delta
        self.beta = self.delta
        self.Gn = self.alpha / self.beta * self.gain                       # continuation premium
        self.scale = max(1.0, float(np.abs(self.U).max()))
        self.shape = stage.num_actions


def _as_stage_and_discount(game, discount, where):
    """Accept a RepeatedGame, or a NormalFormGame with ``discount=``."""
    stage = getattr(game, "stage", None)
    if stage is not None and hasattr(game, "discount"):
        if discount is not None and discount != game.discount:
            raise InvalidParameterError(
                f"{where}: the repeated game already has discount {game.discount}; got "
                f"discount={discount} as well")
        return stage, game.discount
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"{where}: expected a RepeatedGame or a NormalFormGame stage game, got "
            f"{type(game).__name__}")
    if discount is None:
        raise InvalidParameterError(f"{where}: a stage game needs discount= in (0, 1)")
    return game, discount


def _num_players(game) -> int | None:
    stage = game if isinstance(game, NormalFormGame) else getattr(game, "stage", None)
    return stage.num_players if isinstance(stage, NormalFormGame) else None


def _common_checks(game, discount, where, tol, max_iter, default_tol=1e-10):
    stage, discount = _as_stage_and_discount(game, discount, where)
    check_discount(where, discount)
    S = _Stage(stage, discount)
    tol = default_tol * S.scale if tol is None else check_positive(where, "tol", tol)
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InvalidParameterError(f"{where}: max_iter must be a positive integer, got "
                                    f"{max_iter!r}")
    return stage, discount, S, float(tol), int(max_iter)


def _meta(stage, discount, **kw):
    return dict(players=stage.players, stage=stage, discount=discount, **kw)


def pure_minmax_payoffs(stage: NormalFormGame) -> np.ndarray:
    """Each player's pure-action minmax payoff ``min_{a_-i} max_{a_i} u_i(a)``.

    No pure-strategy equilibrium of the repeated game can give a player less.

    Parameters
    ----------
    stage : NormalFormGame
        The stage game.

    Returns
    -------
    numpy.ndarray, shape (num_players,)
        The minmax payoffs.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import pure_minmax_payoffs
    >>> pure_minmax_payoffs(ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]]))
    array([3., 3.])
    """
    if not isinstance(stage, NormalFormGame):
        stage = getattr(stage, "stage", stage)
    return np.array([float(np.asarray(stage.own_axis_payoffs(i), dtype=float).max(axis=0).min())
                     for i in range(stage.num_players)])

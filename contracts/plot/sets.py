"""Figures of repeated-game payoff sets (optional extra ``plot``: matplotlib, imported lazily).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import contracts as ct
>>> from contracts.plot import plot_payoff_set
>>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
>>> ax = plot_payoff_set(ct.RepeatedGame(pd, 0.75).payoff_set())
>>> ax.get_xlabel()
'player 1'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError, UnsupportedGameError
from ._style import legend_outside, new_axes, number

__all__ = ["plot_payoff_set"]


def plot_payoff_set(payoff_set, ax: Any = None, feasible: bool = True, stage: Any = None,
                    *, color: str = "C0", label: str | None = None):
    """Draw a two-player payoff set against the feasible and individually rational payoffs.

    Parameters
    ----------
    payoff_set : PayoffSet
        Two players; empty sets, points and segments are drawn as such.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new figure by default).
    feasible : bool
        Also draw the feasible set (light grey), the stage payoffs and the pure minmax lines.
    stage : NormalFormGame, optional
        Stage game for the feasible set (default: the one stored on ``payoff_set``).
    color, label : str, optional
        Colour and legend label of the payoff set.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> ax = plot_payoff_set(ct.RepeatedGame(pd, 0.75).payoff_set())
    >>> ax.get_title()
    'repeated-game payoffs, discount factor 0.75'
    """
    from ..equilibrium.payoff_sets import PayoffSet, feasible_payoffs, pure_minmax_payoffs
    if not isinstance(payoff_set, PayoffSet):
        raise InvalidParameterError(
            f"plot_payoff_set: expected a PayoffSet, got {type(payoff_set).__name__}")
    if payoff_set.num_players != 2:
        raise UnsupportedGameError(
            f"plot_payoff_set: draws two-player sets; this one has {payoff_set.num_players} "
            "coordinates")
    ax = new_axes(ax, figsize=(5, 5))
    stage = stage if stage is not None else payoff_set.stage
    if feasible and stage is not None:
        F = feasible_payoffs(stage, individually_rational=False)
        _draw(ax, np.asarray(F.vertices), color="0.85", edge="0.6", label="feasible payoffs",
              zorder=0)
        U = np.column_stack([np.asarray(p, dtype=float).ravel() for p in stage.payoffs])
        ax.plot(U[:, 0], U[:, 1], "k.", ms=6, zorder=3, label="stage payoffs")
        mm = pure_minmax_payoffs(stage)
        ax.axvline(mm[0], color="0.4", ls="--", lw=0.8, zorder=1)
        ax.axhline(mm[1], color="0.4", ls="--", lw=0.8, zorder=1, label="minmax levels")
    if label is None:
        kind = {"exact": "SPE payoffs", "outer": "outer approximation",
                "inner": "inner approximation", "feasible": "feasible ∩ IR"}.get(
            payoff_set.kind, "payoff set")
        label = kind
    if payoff_set.is_empty:
        ax.text(0.5, 0.5, "no pure-strategy SPE", transform=ax.transAxes, ha="center",
                va="center", color=color)
    else:
        # overlays: the exact set is drawn above the approximations, so it never hides
        layer = {"outer": 1.6, "feasible": 1.7, "inner": 1.8, "exact": 2.0}.get(payoff_set.kind, 2.0)
        _draw(ax, np.asarray(payoff_set.vertices), color=color, edge=color, label=label,
              zorder=layer, alpha=0.45)
    players = payoff_set.players or ("player 1", "player 2")
    # each axis is one player's (discounted average) payoff, named by the player
    ax.set_xlabel(str(players[0]))
    ax.set_ylabel(str(players[1]))
    title = "repeated-game payoffs"
    if payoff_set.discount is not None:
        title += f", discount factor {number(payoff_set.discount)}"
    if not ax.get_title():
        ax.set_title(title)
    legend_outside(ax)
    return ax


def _draw(ax, V, *, color, edge, label, zorder, alpha=1.0):
    if len(V) == 1:
        ax.plot(V[:, 0], V[:, 1], "o", color=edge, label=label, zorder=zorder + 1)
    elif len(V) == 2:
        ax.plot(V[:, 0], V[:, 1], "-o", color=edge, lw=2, label=label, zorder=zorder + 1)
    else:
        from matplotlib.patches import Polygon
        ax.add_patch(Polygon(V, closed=True, facecolor=color, edgecolor=edge, alpha=alpha,
                             label=label, zorder=zorder))
        ax.update_datalim(V)
        ax.autoscale_view()

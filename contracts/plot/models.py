"""Figures of the application models (optional extra ``plot``: matplotlib, imported lazily).

- :func:`budget_cut_figure`: who absorbs a budget cut in the passive-dismissal model — the
  head count dismissed and the agency's profit on two axes (one quantity per axis) over the
  size of the cut.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError
from ._style import legend_outside, number, palette

__all__ = ["budget_cut_figure"]


def budget_cut_figure(result: Any, *, critical_cut: float | None = None, axes: Any = None,
                      x: str = "budget_cut"):
    """Workers dismissed and the agency's profit against the budget cut, on two axes.

    Parameters
    ----------
    result : SweepResult
        A sweep over ``x`` whose records hold ``"dismissed"`` (a head count) and
        ``"agency_profit"`` (money).
    critical_cut : float, optional
        The cut at which wage rents run out (drawn as a dashed line on both axes).
    axes : sequence of two matplotlib Axes, optional
        Where to draw (a new figure with two stacked axes by default).
    x : str
        The swept parameter.

    Returns
    -------
    tuple of matplotlib.axes.Axes
        ``(head-count axes, money axes)``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import contracts as ct
    >>> res = ct.sweep(lambda p: {"dismissed": int(p["budget_cut"] > 4),
    ...                           "agency_profit": 5 - 0.5 * p["budget_cut"]},
    ...                grid={"budget_cut": [0, 2, 4, 6, 8]})
    >>> top, bottom = budget_cut_figure(res, critical_cut=4)
    >>> top.get_ylabel(), bottom.get_ylabel()
    ('workers dismissed', 'agency profit (money)')
    """
    import matplotlib.pyplot as plt

    try:
        xs = np.asarray(result.column(x), dtype=float)
        heads = np.asarray(result.column("dismissed"), dtype=float)
        profit = np.asarray(result.column("agency_profit"), dtype=float)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise InvalidParameterError(
            f"budget_cut_figure: expected a sweep over {x!r} whose records hold 'dismissed' "
            f"and 'agency_profit'; got {type(result).__name__} ({exc})") from None
    if axes is None:
        fig, axes = plt.subplots(2, 1, sharex=True, figsize=(7.5, 5), layout="constrained")
    top, bottom = axes
    blue, orange, grey = palette(3)
    top.step(xs, heads, where="post", color=blue, label="workers dismissed")
    top.set_ylabel("workers dismissed")
    top.yaxis.get_major_locator().set_params(integer=True)
    bottom.plot(xs, profit, color=orange, label="agency profit")
    bottom.set_ylabel("agency profit (money)")
    bottom.set_xlabel("budget cut (money)")
    if critical_cut is not None:
        for ax in (top, bottom):
            ax.axvline(float(critical_cut), ls="--", color=grey,
                       label=f"cut = wage rents ({number(critical_cut)})")
    top.set_title("Passive dismissal: who absorbs a budget cut")
    legend_outside(top)
    legend_outside(bottom)
    return top, bottom

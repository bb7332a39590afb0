"""Regime maps: which regime (or any categorical outcome) holds over a grid of two parameters.

:func:`regime_map` draws the records of a :class:`~contracts.sweep.SweepResult` as coloured
cells, one colour per category (never two categories with one colour, however many there
are), with a title, axis labels in words and the legend beside the map.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError
from ._style import legend_outside, new_axes, number, palette, words

__all__ = ["regime_map"]


def _category(value: Any) -> str:
    if isinstance(value, (float, np.floating)) or (
            isinstance(value, (int, np.integer)) and not isinstance(value, bool)):
        return number(value)
    return str(value)


def regime_map(sweep: Any, x: str, y: str, field_name: str = "regime", ax: Any = None, *,
               title: str | None = None):
    """Plot a categorical map of ``field_name`` over the parameters ``x`` and ``y``.

    Failed points are left blank. Numbers among the categories are rounded to three
    significant digits for the legend.

    Parameters
    ----------
    sweep : SweepResult
        The result of :func:`contracts.sweep` over a grid containing ``x`` and ``y``.
    x : str
        Grid parameter on the horizontal axis.
    y : str
        Grid parameter on the vertical axis.
    field_name : str
        The record field whose values are the categories.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new figure by default).
    title : str, optional
        The figure's title (default: ``"<field> by <x> and <y>"`` in words).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import contracts as ct
    >>> res = ct.sweep(lambda p: {"regime": "high" if p["cost_share"] > p["discount"] else
    ...                           "low"}, grid={"cost_share": [0.1, 0.5, 0.9],
    ...                                         "discount": [0.2, 0.8]})
    >>> ax = regime_map(res, "cost_share", "discount")
    >>> ax.get_xlabel(), ax.get_title()
    ('cost share', 'regime by cost share and discount')
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    records = list(getattr(sweep, "records", ()))
    failures = list(getattr(sweep, "failures", ()))
    for name in (x, y):
        if not any(name in r for r in records) and not any(name in f.point for f in failures):
            raise InvalidParameterError(f"regime_map: no grid parameter {name!r} in the sweep "
                                        f"(parameters: {list(getattr(sweep, 'names', ()))})")
    xs = sorted({r[x] for r in records} | {f.point[x] for f in failures})
    ys = sorted({r[y] for r in records} | {f.point[y] for f in failures})
    values = {r.get(field_name) for r in records}
    try:
        raw = sorted(values)
    except TypeError:           # mixed types: in the order of their text
        raw = sorted(values, key=str)
    cats = list(dict.fromkeys(_category(v) for v in raw))
    code = {c: k for k, c in enumerate(cats)}
    z = np.full((len(ys), len(xs)), np.nan)
    for r in records:
        z[ys.index(r[y]), xs.index(r[x])] = code[_category(r.get(field_name))]
    ax = new_axes(ax, figsize=(7.5, 4.5), layout="constrained")
    colours = palette(max(1, len(cats)))
    cmap = ListedColormap(colours)
    ax.pcolormesh(xs, ys, z, cmap=cmap, vmin=-0.5, vmax=max(1, len(cats)) - 0.5,
                  shading="nearest")
    ax.set_xlabel(words(x))
    ax.set_ylabel(words(y))
    ax.set_title(title if title is not None else
                 f"{words(field_name)} by {words(x)} and {words(y)}")
    handles = [Patch(facecolor=colours[code[c]], label=c) for c in cats]
    if failures:
        handles.append(Patch(facecolor="white", edgecolor="0.5", label="failed (blank)"))
    legend_outside(ax, handles, title=words(field_name))
    return ax

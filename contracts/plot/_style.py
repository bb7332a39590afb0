"""One house style for every figure: palettes, words for names, legends beside the data.

- :func:`palette`: ``n`` distinct colours (tab10, then tab20, then generated hues), so no two
  categories of one figure share a colour;
- :func:`words`: a parameter name as words for an axis label (``"evaluation_accuracy"`` ->
  ``"evaluation accuracy"``, ``"lam"`` -> ``"λ"``);
- :func:`legend_outside`: the legend to the right of the axes, outside the data (or
  :func:`legend_below` when a colour bar takes the right side);
- :func:`number`: a legend number rounded to a few significant digits;
- :func:`pyplot` and :func:`new_axes`: matplotlib, imported when a figure is drawn (with a message
  naming the extra to install when it is missing), and the axes to draw on.
"""

from __future__ import annotations

import colorsys
from typing import Any

__all__: list[str] = []

_GREEK = {"lam": "λ", "lambda": "λ", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ",
          "sigma": "σ", "sigma2": "σ²", "theta": "θ", "mu": "μ", "rho": "ρ", "kappa": "κ"}


def palette(n: int) -> list[tuple[float, float, float]]:
    """``n`` distinct RGB colours: tab10 up to 10, tab20 (dark shades first) up to 20, then
    tab20 followed by hues spread by the golden ratio at alternating lightness."""
    from matplotlib import colormaps

    n = max(int(n), 0)
    if n <= 10:
        return [tuple(c[:3]) for c in colormaps["tab10"].colors[:n]]
    t20 = colormaps["tab20"].colors
    base = [tuple(c[:3]) for c in list(t20[0::2]) + list(t20[1::2])]
    if n <= 20:
        return base[:n]
    out = list(base)
    seen = set(out)
    k = 0
    while len(out) < n:
        h = (0.13 + 0.618033988749895 * k) % 1.0
        light = (0.35, 0.55, 0.72)[k % 3]
        sat = (0.75, 0.55)[(k // 3) % 2]
        c = tuple(round(x, 4) for x in colorsys.hls_to_rgb(h, light, sat))
        if c not in seen:
            seen.add(c)
            out.append(c)
        k += 1
    return out


def words(name: Any) -> str:
    """A parameter or field name as words for a label."""
    text = str(name)
    if text in _GREEK:
        return _GREEK[text]
    parts = [(_GREEK.get(p, p)) for p in text.replace("-", "_").split("_") if p]
    return " ".join(parts) if parts else text


def number(x: Any, digits: int = 3) -> str:
    """A number for a legend or label, rounded to ``digits`` significant digits."""
    from ..results import format_number

    if isinstance(x, bool) or x is None:
        return str(x)
    try:
        return format_number(x, digits)
    except Exception:  # pragma: no cover - any other object: its text
        return str(x)


def legend_outside(ax, handles=None, labels=None, **kw):
    """Put the legend to the right of ``ax``, outside the plotted data; returns it."""
    opts = dict(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                fontsize="small", frameon=False)
    opts.update(kw)
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
        if not handles:
            return None
    elif labels is None:
        return ax.legend(handles=handles, **opts)
    return ax.legend(handles, labels, **opts)


def legend_below(ax, handles, **kw):
    """Put the legend under ``ax`` (when a colour bar already takes the right side)."""
    below = -0.15 if ax.get_xlabel() else -0.02
    opts = dict(loc="upper center", bbox_to_anchor=(0.5, below), borderaxespad=0.0,
                fontsize="small", frameon=False, ncol=min(4, max(1, len(handles))))
    opts.update(kw)
    return ax.legend(handles=handles, **opts)


def colorbar(ax, mappable, label: str):
    """A colour bar for ``mappable`` beside ``ax``, labelled in words; returns it."""
    return ax.figure.colorbar(mappable, ax=ax, label=label, fraction=0.046, pad=0.04)


def pyplot(where: str = "contracts.plot"):
    """``matplotlib.pyplot``, or an ImportError naming the ``plot`` extra (``where`` needs it)."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:   # pragma: no cover - depends on the environment
        raise ImportError(f"{where} needs matplotlib: pip install 'contract-games[plot]'"
                          ) from exc
    return plt


def new_axes(ax: Any = None, *, figsize: Any = None, layout: str | None = None,
             projection: str | None = None, where: str = "contracts.plot"):
    """``ax`` itself, or the axes of a new figure (``figsize``, ``layout``, ``projection``)."""
    plt = pyplot(where)
    if ax is None:
        fig = plt.figure(figsize=figsize, layout=layout)
        ax = fig.add_subplot(projection=projection) if projection else fig.add_subplot()
    return ax

"""Plots (matplotlib, imported inside each function; install the ``plot`` extra).

* :mod:`.dynamics`: phase portraits of evolutionary dynamics and QRE curves
  (:func:`simplex_portrait`, :func:`square_portrait`, :func:`cube_portrait`, :func:`qre_curves`);
* :mod:`.sets`: repeated-game payoff sets (:func:`plot_payoff_set`);
* :mod:`.tree`: game trees (:func:`plot_tree`);
* :mod:`.regimes`: regime maps over a parameter grid (:func:`regime_map`);
* :mod:`.models`: figures of the application models (:func:`budget_cut_figure`).
"""

from .dynamics import (cube_portrait, qre_curves, simplex_portrait, square_portrait,
                       trajectory_plot)
from .models import budget_cut_figure
from .regimes import regime_map
from .sets import plot_payoff_set
from .tree import plot_tree

__all__ = ["simplex_portrait", "square_portrait", "cube_portrait", "qre_curves", "trajectory_plot",
           "plot_payoff_set", "plot_tree", "regime_map", "budget_cut_figure"]

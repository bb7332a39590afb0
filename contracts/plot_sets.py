"""Old import path of :func:`contracts.plot.plot_payoff_set` (kept for compatibility)."""

from .plot.sets import plot_payoff_set

__all__ = ["plot_payoff_set"]

"""Old import path of :func:`contracts.plot.plot_tree` (kept for compatibility)."""

from .plot.tree import plot_tree

__all__ = ["plot_tree"]

"""Extensive-form games: game trees with players, chance, information sets and outcomes.

The code lives in the package :mod:`contracts.games.tree` (one module per topic); this module
re-exports its public names so that ``from contracts.games.extensive_form import ...`` keeps
working. See :mod:`contracts.games.tree` for the documentation.
"""

# the public names, listed once (in contracts.games.tree's __all__)
from .tree import *  # noqa: F403
from .tree import __all__  # noqa: F401
# private names other modules of the library import from here (and old pickles refer to)
from .tree.game import _unpickle  # noqa: F401
from .tree.parts import _as_fraction, _fmt, _number  # noqa: F401
from .tree.raw import _Raw  # noqa: F401

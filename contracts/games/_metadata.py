"""The title and comment a game read from a file (or built with them) carries."""

from __future__ import annotations

from operator import attrgetter

__all__ = ["TitledGame"]


class TitledGame:
    """Mixin: read-only ``title`` and ``comment`` properties over ``_title`` and ``_comment``
    (the class that mixes it in stores them, in its ``__slots__`` if it has slots)."""

    __slots__ = ()

    title = property(attrgetter("_title"), doc="The game's title (``\"\"`` when none).")
    comment = property(attrgetter("_comment"), doc="The comment of the file (``\"\"`` when none).")

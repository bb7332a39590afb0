"""The title and comment a game read from a file (or built with them) carries."""

from __future__ import annotations

__all__ = ["TitledGame"]


class TitledGame:
    """Mixin: read-only ``title`` and ``comment`` properties over ``_title`` and ``_comment``
    (the class that mixes it in stores them, in its ``__slots__`` if it has slots)."""

    __slots__ = ()

    @property
    def title(self) -> str:
        """The game's title (``""`` when none)."""
        return self._title

    @property
    def comment(self) -> str:
        """The comment of the file (``""`` when none)."""
        return self._comment

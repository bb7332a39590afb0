"""Writing text to a path or an open file: one helper for every writer in :mod:`contracts.io`."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

from ..exceptions import FormatError, InvalidGameError

__all__ = ["write_to", "write_or_return"]


def write_to(text: str, file: Any, where: str) -> None:
    """Write ``text`` to ``file``: a path (UTF-8) or an open text or binary file object."""
    if hasattr(file, "write"):
        try:
            file.write(text)
        except TypeError:
            file.write(text.encode("utf-8"))
        return
    if not isinstance(file, (str, os.PathLike)):
        raise InvalidGameError(f"{where}: file must be a path or an open file, got "
                               f"{type(file).__name__}")
    path = Path(file)
    if path.is_dir():
        raise FormatError(f"{where}: {str(path)!r} is a directory; expected a file path")
    if not path.parent.exists():
        raise FormatError(f"{where}: the directory {str(path.parent)!r} does not exist")
    path.write_text(text, encoding="utf-8")


def write_or_return(text: str, file: Any, where: str, text_function: str):
    """Write ``text`` to ``file``; without a file, return it with a DeprecationWarning (the
    behaviour of earlier versions of the writers)."""
    if file is None:
        warnings.warn(f"{where}(game) without a file returns the text only for backward "
                      f"compatibility; use {text_function}(game) for the text or "
                      f"{where}(game, path)", DeprecationWarning, stacklevel=3)
        return text
    write_to(text, file, where)
    return None

"""Argument checks shared by the game generators (see :mod:`contracts.games.generators`)."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError
from .normal_form import NormalFormGame

__all__ = ["_count", "_shape", "_finish"]


def _count(where: str, name: str, value: Any, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (Integral, np.integer)):
        raise InvalidParameterError(f"{where}: parameter {name!r} must be an integer, got "
                                    f"{value!r}")
    if int(value) < low:
        raise InvalidParameterError(f"{where}: parameter {name!r} = {value!r} is outside its "
                                    f"valid range [{low}, inf)")
    return int(value)


def _shape(where: str, shape: Any, min_players: int = 1) -> tuple[int, ...]:
    if isinstance(shape, (Integral, np.integer)) and not isinstance(shape, bool):
        shape = (shape, shape)
    try:
        dims = tuple(shape)
    except TypeError:
        raise InvalidParameterError(f"{where}: shape must be an int n (an n x n two-player game) "
                                    f"or a tuple of action counts, got {shape!r}") from None
    if len(dims) < min_players:
        raise InvalidParameterError(f"{where}: shape {dims} has {len(dims)} players; expected "
                                    f"at least {min_players}")
    return tuple(_count(where, f"shape[{i}]", d) for i, d in enumerate(dims))


def _finish(game: NormalFormGame, exact: bool) -> NormalFormGame:
    return game.as_exact() if exact else game

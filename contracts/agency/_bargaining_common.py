"""Shared helpers of the agency models with closed forms (number format, plain symbols, player
names): bargaining, employment, hierarchy, procurement."""

from __future__ import annotations

import sympy as sp

from ..exceptions import InvalidParameterError
from ..results import format_number

_fmt = format_number


def _plain(exprs: dict) -> dict:
    """Replace symbols carrying assumptions by plain symbols of the same name.

    The closed forms are derived with assumptions (positivity) but returned in plain symbols,
    so ``expr.subs({"delta1": 0.9})`` works with names.
    """
    out = {}
    for key, e in exprs.items():
        e = sp.sympify(e)
        out[key] = e.xreplace({s: sp.Symbol(s.name) for s in e.free_symbols})
    return out


def _check_players(where: str, players) -> tuple[str, str]:
    try:
        players = tuple(str(p) for p in players)
    except TypeError:
        raise InvalidParameterError(
            f"{where}: parameter 'players' must be two names, got {players!r}") from None
    if len(players) != 2 or players[0] == players[1]:
        raise InvalidParameterError(
            f"{where}: parameter 'players' must be two distinct names, got {players!r}")
    return players

"""Games in and out of the command line: the JSON game format and reading a game file
(``.nfg``, ``.efg`` or JSON; see :mod:`contracts.cli` for the format)."""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from typing import Any

import numpy as np

from ._cli_common import log
from .exceptions import FormatError, InvalidGameError

__all__ = ["game_to_json", "game_from_json", "load_game", "MAX_REDUCED_PROFILES"]


def _num_to_json(x: Any) -> Any:
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return float(x)


def game_to_json(game) -> dict:
    """Return the JSON-ready dict of a game (see the module docstring for the format).

    Parameters
    ----------
    game : NormalFormGame
        The game to write; exact payoffs are written as strings such as ``"1/3"``.

    Returns
    -------
    dict
        ``format``, ``version``, ``title``, ``comment``, ``players``, ``actions``, ``exact`` and
        ``payoffs`` (one nested list per player); ready for :func:`json.dumps`.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.cli import game_to_json
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> d = game_to_json(g)
    >>> d["players"], d["payoffs"][0]
    (['player 1', 'player 2'], [[1.0, 0.0], [0.0, 1.0]])
    """
    return {
        "format": "contracts.NormalFormGame",
        "version": 1,
        "title": getattr(game, "title", "") or "",
        "comment": getattr(game, "comment", "") or "",
        "players": list(game.players),
        "actions": [list(a) for a in game.actions],
        "exact": bool(game.is_exact),
        "payoffs": [np.vectorize(_num_to_json, otypes=[object])(p).tolist()
                    for p in game.payoffs],
    }


def game_from_json(data: Any, source: str = "<json>"):
    """Build a game from the JSON game format (a dict, or its text).

    Also accepts ``{"payoffs": [A, B]}`` with just the payoff arrays.

    Parameters
    ----------
    data : dict or str or bytes
        The game as a dict (as made by :func:`game_to_json`) or as JSON text.
    source : str, default "<json>"
        Where the data came from (a file name), used in error messages.

    Returns
    -------
    NfgGame
        The game (a :class:`~contracts.NormalFormGame` with a title and a comment).

    Raises
    ------
    FormatError
        If the text is not valid JSON or the object is not in the game format.
    InvalidGameError
        If a payoff is not a number.

    Examples
    --------
    >>> from contracts.cli import game_from_json
    >>> g = game_from_json('{"payoffs": [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]}')
    >>> g.num_players, g.num_actions
    (2, (2, 2))
    """
    from .io.gambit import NfgGame

    where = "game_from_json"
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise FormatError(f"{where}: invalid JSON: {exc.msg}", exc.lineno, exc.colno,
                              source) from None
        except RecursionError:
            raise FormatError(f"{where}: the JSON is nested too deeply", source=source) from None
        except ValueError as exc:     # e.g. an integer with more digits than Python reads
            raise FormatError(f"{where}: invalid JSON: {exc}", source=source) from None
    if not isinstance(data, dict) or "payoffs" not in data:
        raise FormatError(f"{where}: expected a JSON object with a 'payoffs' entry", 1, 1, source)
    if not isinstance(data["payoffs"], list) or not data["payoffs"]:
        raise FormatError(f"{where}: 'payoffs' must be a non-empty list of payoff arrays (one "
                          f"per player), got {json.dumps(data['payoffs'])[:60]}", source=source)
    for key in ("title", "comment"):
        if not isinstance(data.get(key, ""), str):
            raise FormatError(f"{where}: {key!r} must be a string, got "
                              f"{json.dumps(data[key])[:60]}", source=source)
    if data.get("exact") not in (None, True, False):
        raise FormatError(f"{where}: 'exact' must be true, false or null, got "
                          f"{json.dumps(data['exact'])[:60]}", source=source)
    fmt = data.get("format", "contracts.NormalFormGame")
    if fmt != "contracts.NormalFormGame":
        raise FormatError(f"{where}: unknown format {fmt!r}; expected 'contracts.NormalFormGame'",
                          1, 1, source)

    def entry(x, depth=0):
        if depth > 32:
            raise InvalidGameError(f"{where}: the payoff arrays are nested more than 32 deep")
        if isinstance(x, str):
            try:
                return Fraction(x.strip())
            except (ValueError, ZeroDivisionError):
                raise InvalidGameError(f"{where}: cannot read the payoff {x!r} as a number"
                                       ) from None
        if isinstance(x, list):
            return [entry(v, depth + 1) for v in x]
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            raise InvalidGameError(f"{where}: payoff {x!r} is not a number")
        return x

    payoffs = [entry(p) for p in data["payoffs"]]
    exact = data.get("exact")   # floats in an exact game are read as the decimals they print as
    return NfgGame(payoffs, players=data.get("players"), actions=data.get("actions"),
                   exact=exact, title=data.get("title", ""),
                   comment=data.get("comment", ""))


def _read_text(path: str, encoding: str | None = None) -> tuple[str, str]:
    from .io._source import decode

    if path == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        if isinstance(data, str):
            return data, "<stdin>"
        return decode(data, "contracts", "<stdin>", encoding), "<stdin>"
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise FormatError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    return decode(data, "contracts", path, encoding), path


def load_game(path: str, *, with_kind: bool = False, encoding: str | None = None,
              tree: bool = False):
    """Read a game from an ``.nfg``, ``.efg`` or JSON file (``-`` for standard input).

    An ``.efg`` tree is returned as is with ``tree=True``, else turned into its reduced
    strategic form (refused with a clear error when that form is too large to solve).
    With ``with_kind=True`` returns ``(game, "nfg" | "json" | "efg")``.
    """
    from .io.gambit import read_nfg

    text, name = _read_text(path, encoding)
    head = text.lstrip()[:3]
    if head.startswith("{") or head.startswith("["):
        game, kind = game_from_json(text, name), "json"
    elif head == "EFG":
        from .io.efg import read_efg
        game, kind = read_efg(text), "efg"
        if not tree:
            game = reduced_form(game, name)
    else:
        game, kind = read_nfg(_TextSource(text, name)), "nfg"
    return (game, kind) if with_kind else game


#: a normal-form method on a tree's reduced strategic form: at most this many pure profiles
#: (enumeration of a 81 x 256 reduced form does not finish in minutes; the tree methods do)
MAX_REDUCED_PROFILES = 5_000


def reduced_form(tree, name: str, method: str | None = None):
    """The reduced strategic form of ``tree``, or a clear error when it is too large."""
    import math

    from . import _budget
    sizes = [tree.num_reduced_strategies(p) for p in range(len(tree.players))]
    total = math.prod(sizes)
    cheap = method in ("pure", "one", "lemke_howson", "zero_sum")
    if total > (_budget.MAX_PROFILES if cheap else MAX_REDUCED_PROFILES):
        raise InvalidGameError(
            f"solve: the reduced strategic form of {name} has {' x '.join(map(str, sizes))} "
            f"strategies ({total:.3g} pure profiles, more than "
            f"{_budget.MAX_PROFILES if cheap else MAX_REDUCED_PROFILES:.3g}); method "
            f"{method or 'vertex_enumeration'!r} would not finish: solve the tree itself with "
            "--method sequence_form (two players), subgame_perfect or backward_induction, or "
            "use --method one")
    log(f"{name}: extensive-form game; solving its reduced strategic form "
         f"({' x '.join(map(str, sizes))} strategies)")
    return tree.reduced_normal_form()


class _TextSource:
    """A minimal file-like wrapper so read_nfg reports the right source name."""

    def __init__(self, text: str, name: str):
        self._text, self.name = text, name

    def read(self) -> str:
        return self._text

"""Gambit's extensive-form file format (``.efg``): read and write game trees, exactly.

An ``.efg`` file (version 2) starts with a prologue ::

    EFG 2 R "title" { "player 1" "player 2" }
    "an optional comment"

followed by one entry per node, listed in pre-order (depth first, children in the order of
their actions)::

    c "node" 1 "chance set" { "good" 1/2 "bad" 1/2 } 0
    p "node" 1 1 "info set" { "left" "right" } 0
    t "node" 3 "outcome" { 1, -1 }

* ``c`` chance node: node label, chance-set number, the set's label and its actions with their
  probabilities, then the outcome number;
* ``p`` decision node: node label, player number (1-based), information-set number (per
  player), the set's label and its actions, then the outcome number;
* ``t`` terminal node: node label and outcome number.

An outcome number ``k > 0`` is followed, where the outcome is first defined, by its label and
payoff vector (one number per player, commas optional); ``0`` means no outcome. When a set or an
outcome appears again its label, actions and payoffs may be omitted. Any node may carry an
outcome; a play's payoff is the sum of the outcomes along it.

Numbers are read **exactly** (``1/3``, ``.80``, ``-2e-3`` become Fractions), quoted strings may
span lines and contain ``\\"`` and ``\\\\``. Malformed input raises
:class:`~contracts.exceptions.FormatError` with the 1-based line and column of the problem.

Numbering: information sets and outcomes get consecutive numbers in the order Gambit uses
(sets by first appearance in the tree, outcomes by their number in the file), so
``read_efg(write_efg(read_efg(f))) == read_efg(f)``: players, title, comment, node labels,
information-set labels, action labels, chance probabilities, outcome labels and payoffs survive
exactly. Floats in games built in code are written with :func:`repr` and read back as the exact
decimal they print as.
"""

from __future__ import annotations

from typing import Any

from .._validation import check_exact
from ..exceptions import InvalidGameError
from ._source import read_source
from ..games.extensive_form import CHANCE, ExtensiveFormGame
from ._efg_parse import EfgParser
from ._lexer import format_number, quote as _quote

__all__ = ["read_efg", "write_efg", "efg_string", "format_efg_number"]


# ----------------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------------
def _read_source(source: Any, encoding: str | None = None,
                 max_bytes: int | None = None) -> tuple[str, str]:
    return read_source(source, "read_efg", encoding=encoding, max_bytes=max_bytes)


def read_efg(source: Any, *, exact: bool = True, encoding: str | None = None,
             max_bytes: int | None = None, max_history: int | None = None) -> ExtensiveFormGame:
    """Read an extensive-form game from Gambit's ``.efg`` format.

    Parameters
    ----------
    source : str, pathlib.Path, bytes or file object
        A path, the text itself (a string starting with ``EFG`` or containing a newline, brace
        or quote is taken as text), or an open file.
    exact : bool
        Keep payoffs and probabilities as Fractions (default) or convert them to floats.
    encoding : str, optional
        Encoding of a file or bytes (default UTF-8, with or without a byte-order mark); a byte
        that does not decode is a ``FormatError`` with its position.
    max_bytes : int, optional
        Refuse (``WorkLimitError``) files larger than this (default 2 GB).
    max_history : int, optional
        Refuse (``WorkLimitError``) trees whose nodes' depths sum to more than this (default
        ``10**7``, some 20 s): the tree keeps each node's history, so a chain of depth d costs d²/2.

    Returns
    -------
    ExtensiveFormGame
        The game; perfect recall is not required (see
        :meth:`~contracts.games.extensive_form.ExtensiveFormGame.check_perfect_recall`).

    Raises
    ------
    FormatError
        Malformed input; ``err.line`` and ``err.column`` (1-based) point at the problem.

    Examples
    --------
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg('''EFG 2 R "Entry" { "entrant" "incumbent" }
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "stay out" { 0, 2 }
    ... p "" 2 1 "" { "fight" "accommodate" } 0
    ... t "" 2 "war" { -1, -1 }
    ... t "" 3 "peace" { 1, 1 }''')
    >>> g.players, g.num_nodes, g.outcomes[2].payoffs
    (('entrant', 'incumbent'), 5, (Fraction(1, 1), Fraction(1, 1)))
    >>> read_efg('EFG 2 R "" { "a" } p "" 1 1 "" { "x" "y" } 0 t "" 0')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    contracts.exceptions.FormatError: <string>:1:...: read_efg: the file ends too early: ...
    """
    exact = check_exact("read_efg", exact)
    text, name = _read_source(source, encoding, max_bytes)
    parser = EfgParser(text, name)
    parser.max_history = max_history
    return parser.parse(True if exact is None else exact)


def format_efg_number(x: Any) -> str:
    """Text of a payoff or probability as written to an ``.efg`` file (reads back exactly).

    Parameters
    ----------
    x : int, float or Fraction
        The number.

    Returns
    -------
    str
        Its text: a decimal when exact, else a fraction ``p/q``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> [format_efg_number(v) for v in (Fraction(4, 5), Fraction(1, 3), 2.0, 0.1, -3)]
    ['0.8', '1/3', '2', '0.1', '-3']
    """
    return format_number(x, 12, "write_efg", "numbers")


def efg_string(game: ExtensiveFormGame) -> str:
    """The game as the text of a Gambit ``.efg`` file (version 2); see :func:`write_efg` to write
    a file.

    Every node lists its information set's label and actions and, for outcomes, the label and
    payoffs, as Gambit itself writes files. ``read_efg(write_efg(g)) == g`` for games read from
    files (and for games built in code with exact numbers).

    Parameters
    ----------
    game : ExtensiveFormGame
        The game tree.

    Returns
    -------
    str
        The file's text.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {
    ...     "work": leaf(2, outcome="paid"), "shirk": leaf("1/3")}))
    >>> print(efg_string(g))
    EFG 2 R "" { "agency" }
    ""
    <BLANKLINE>
    p "" 1 1 "" { "work" "shirk" } 0
    t "" 1 "paid" { 2 }
    t "" 2 "" { 1/3 }
    <BLANKLINE>
    """
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"efg_string: expected an ExtensiveFormGame, got "
                               f"{type(game).__name__}")
    lines = [f"EFG 2 R {_quote(game.title)} {{ " + " ".join(_quote(p) for p in game.players)
             + " }", _quote(game.comment), ""]

    def outcome_text(k):
        if k is None:
            return "0"
        o = game.outcomes[k]
        return (f"{k + 1} {_quote(o.label)} {{ "
                + ", ".join(format_efg_number(v) for v in o.payoffs) + " }")

    for nd in game.nodes:
        if nd.is_terminal:
            lines.append(f"t {_quote(nd.label)} {outcome_text(nd.outcome)}")
            continue
        s = game.infoset(nd)
        if nd.player == CHANCE:
            acts = " ".join(f"{_quote(a)} {format_efg_number(p)}"
                            for a, p in zip(s.actions, s.probabilities))
            lines.append(f"c {_quote(nd.label)} {s.index + 1} {_quote(s.label)} {{ {acts} }} "
                         f"{outcome_text(nd.outcome)}")
        else:
            acts = " ".join(_quote(a) for a in s.actions)
            lines.append(f"p {_quote(nd.label)} {nd.player + 1} {s.index + 1} {_quote(s.label)} "
                         f"{{ {acts} }} {outcome_text(nd.outcome)}")
    return "\n".join(lines) + "\n"


def write_efg(game: ExtensiveFormGame, file: Any = None) -> None:
    """Write a game tree to a Gambit ``.efg`` file.

    Parameters
    ----------
    game : ExtensiveFormGame
        The tree.
    file : str, os.PathLike or file object
        A path (written as UTF-8) or an open text or binary file.

    Returns
    -------
    None
        ``write_efg(game)`` without a file returns the text, as earlier versions did, with a
        :class:`DeprecationWarning`; use :func:`efg_string` for the text.

    Examples
    --------
    >>> import io
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {
    ...     "work": leaf(2), "shirk": leaf(1)}))
    >>> buffer = io.StringIO()
    >>> write_efg(g, buffer)
    >>> read_efg(buffer.getvalue()) == g
    True
    """
    from ._write import write_or_return

    return write_or_return(efg_string(game), file, "write_efg", "efg_string")

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

import math
import re
from fractions import Fraction
from numbers import Integral
from typing import Any, NamedTuple

import numpy as np

from .. import _budget
from .._validation import check_exact
from ..exceptions import FormatError, InvalidGameError
from ._source import parse_number, read_source
from ..games.extensive_form import CHANCE, ExtensiveFormGame, Outcome, _Raw

__all__ = ["read_efg", "write_efg", "efg_string", "format_efg_number"]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?\d+/\d+")
_INTEGER = re.compile(r"[+-]?\d+")
_STOP = set(' \t\r\n\v\f{},"')


class _Tok(NamedTuple):
    kind: str      # "{", "}", ",", "text", "number", "symbol", "eof"
    value: Any     # str for text/symbol, (Fraction, raw text) for numbers
    line: int
    column: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "the end of the file"
        if self.kind in "{},":
            return f"'{self.kind}'"
        if self.kind == "text":
            v = self.value if len(self.value) <= 30 else self.value[:27] + "..."
            return f"the quoted text {v!r}"
        if self.kind == "number":
            return f"the number {self.value[1]}"
        return f"{self.value!r}"


def _tokens(text: str, source: str):
    i, n = 0, len(text)
    line, col = 1, 1
    while i < n:
        c = text[i]
        if c == "\n":
            i += 1
            line, col = line + 1, 1
            continue
        if c in " \t\r\v\f":
            i += 1
            col += 1
            continue
        if c in "{},":
            yield _Tok(c, c, line, col)
            i += 1
            col += 1
            continue
        if c == '"':
            l0, c0 = line, col
            i += 1
            col += 1
            buf = []
            while True:
                if i >= n:
                    raise FormatError("read_efg: unterminated quoted string: expected a closing "
                                      "'\"' for the string that starts here", l0, c0, source)
                c = text[i]
                if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
                    buf.append(text[i + 1])
                    i += 2
                    col += 2
                    continue
                if c == '"':
                    i += 1
                    col += 1
                    break
                buf.append(c)
                i += 1
                if c == "\n":
                    line, col = line + 1, 1
                else:
                    col += 1
            yield _Tok("text", "".join(buf), l0, c0)
            continue
        j = i
        while j < n and text[j] not in _STOP:
            j += 1
        word = text[i:j]
        if _NUMBER.fullmatch(word):
            try:
                value = parse_number(word)
            except ZeroDivisionError:
                raise FormatError(f"read_efg: the number {word} divides by zero", line, col,
                                  source) from None
            except ValueError as exc:
                raise FormatError(f"read_efg: cannot read the number: {exc}", line, col,
                                  source) from None
            yield _Tok("number", (value, word), line, col)
        else:
            yield _Tok("symbol", word, line, col)
        col += j - i
        i = j
    yield _Tok("eof", None, line, col)


class _Parser:
    def __init__(self, text: str, source: str):
        self.source = source
        self.max_history = None
        self._stream = _tokens(text, source)
        self.tok = next(self._stream)

    def advance(self) -> _Tok:
        t = self.tok
        if t.kind != "eof":
            self.tok = next(self._stream)
        return t

    def fail(self, msg: str, tok: _Tok | None = None):
        tok = tok or self.tok
        raise FormatError(f"read_efg: {msg}", tok.line, tok.column, self.source)

    def expect(self, kind: str, what: str) -> _Tok:
        if self.tok.kind != kind:
            self.fail(f"expected {what}, found {self.tok.describe()}")
        return self.advance()

    def integer(self, what: str, low: int = 0) -> tuple[int, _Tok]:
        t = self.tok
        if t.kind != "number" or not _INTEGER.fullmatch(t.value[1]):
            self.fail(f"expected {what} (a whole number), found {t.describe()}")
        v = int(t.value[0])
        if v < low:
            self.fail(f"expected {what} >= {low}, found {v}")
        self.advance()
        return v, t

    def number(self, what: str) -> Fraction:
        t = self.tok
        if t.kind != "number":
            self.fail(f"expected {what}, found {t.describe()}")
        self.advance()
        return t.value[0]

    # ------------------------------------------------------------------------------ prologue
    def parse(self, exact: bool) -> ExtensiveFormGame:
        t = self.tok
        if t.kind != "symbol" or t.value != "EFG":
            if t.kind == "symbol" and t.value == "NFG":
                self.fail("this is a strategic-form (NFG) file; expected an extensive-form file "
                          "starting with 'EFG' (use read_nfg for .nfg files)")
            self.fail(f"expected the file type 'EFG' at the start, found {t.describe()}")
        self.advance()
        t = self.tok
        if t.kind != "number" or t.value[1] != "2":
            self.fail(f"expected the format version 2 after 'EFG', found {t.describe()}")
        self.advance()
        t = self.tok
        if t.kind != "symbol" or t.value not in ("R", "D"):
            self.fail(f"expected 'R' or 'D' (the number type) after the version, found "
                      f"{t.describe()}")
        self.advance()
        title = self.expect("text", "the game's title in double quotes").value
        self.expect("{", "'{' opening the list of player names")
        players = []
        while self.tok.kind == "text":
            players.append(self.advance().value)
        self.expect("}", "a player name in double quotes or '}' closing the list of players")
        comment = ""
        if self.tok.kind == "text":
            comment = self.advance().value
        self.n = len(players)
        self.players = players
        # information sets: (player or CHANCE, number) -> [actions, probs, label, tok]
        self.sets: dict = {}
        # outcomes: number -> [label, payoffs, tok]
        self.outcome_defs: dict = {}
        self.outcome_uses: list = []   # (raw, number, tok)
        self.pending_labels: dict = {}
        if self.tok.kind == "eof":
            self.fail("expected the nodes of the tree after the prologue, found the end of the "
                      "file")
        root = self.tree()
        if self.tok.kind != "eof":
            self.fail(f"expected the end of the file after the last node of the tree, found "
                      f"{self.tok.describe()}")
        # number outcomes in the order of their numbers
        for raw, k, tok in self.outcome_uses:
            if k not in self.outcome_defs:
                self.fail(f"outcome {k} is used but its payoffs are never given", tok)
        numbers = sorted(self.outcome_defs)
        index = {k: i for i, k in enumerate(numbers)}
        outcomes = []
        for k in numbers:
            label, pays, _ = self.outcome_defs[k]
            if not exact:
                pays = tuple(float(v) for v in pays)
            outcomes.append(Outcome(label, pays))
        for raw, k, _ in self.outcome_uses:
            raw.outcome = index[k]
        if not exact:
            self._floats(root)
        try:
            return ExtensiveFormGame(players, root, outcomes, title=title, comment=comment,
                                     where="read_efg")
        except InvalidGameError as exc:   # pragma: no cover - the parser checks these first
            raise FormatError(str(exc), None, None, self.source) from None

    def _floats(self, root):
        stack = [root]
        while stack:
            r = stack.pop()
            if r.probs is not None:
                r.probs = tuple(float(p) for p in r.probs)
            stack.extend(r.children)

    # ------------------------------------------------------------------------------ nodes
    def tree(self) -> _Raw:
        root, need = self.node()
        stack = [(root, need)]
        history = 0     # sum of node depths: the tree stores every node's history
        limit = _budget.MAX_NODES if self.max_history is None else self.max_history
        while stack:
            raw, need = stack[-1]
            if len(raw.children) == need:
                stack.pop()
                continue
            if self.tok.kind == "eof":
                self.fail(f"the file ends too early: node {self._describe(raw)} expects {need} "
                          f"children (one per action) but only {len(raw.children)} follow")
            child, cneed = self.node()
            raw.children.append(child)
            stack.append((child, cneed))
            history += len(stack)
            if history > limit:    # refuse before the tree (quadratic in depth) is built
                _budget.check_limit("read_efg", "node-history entries (the sum of the nodes' "
                                    "depths; a deep chain costs depth squared)", history,
                                    "max_history", self.max_history, _budget.MAX_NODES)
        return root

    @staticmethod
    def _describe(raw: _Raw) -> str:
        return repr(raw.label) if raw.label else raw.where

    def node(self) -> tuple[_Raw, int]:
        t = self.tok
        if t.kind != "symbol" or t.value not in ("c", "p", "t"):
            self.fail(f"expected a node: 'c' (chance), 'p' (player) or 't' (terminal), found "
                      f"{t.describe()}")
        kind = t.value
        self.advance()
        label = self.expect("text", "the node's label in double quotes").value
        where = f"on line {t.line}"
        raw = _Raw(kind, label, where=where)
        need = 0
        if kind == "t":
            self.outcome(raw)
            return raw, 0
        if kind == "p":
            player, ptok = self.integer("the player number", 1)
            if player > self.n:
                self.fail(f"player number {player} is out of range: the game has {self.n} "
                          f"players", ptok)
            key_player = player - 1
        else:
            key_player = CHANCE
        number, itok = self.integer("the information set number", 1)
        key = (key_player, number)
        set_label = None
        if self.tok.kind == "text":
            set_label = self.advance().value
        actions = probs = None
        if self.tok.kind == "{":
            brace = self.advance()
            actions, probs = [], []
            while self.tok.kind == "text":
                actions.append(self.advance().value)
                if kind == "c":
                    ptok = self.tok
                    p = self.number(f"the probability of chance action {actions[-1]!r}")
                    if p < 0:
                        self.fail(f"chance action {actions[-1]!r} has the negative probability "
                                  f"{ptok.value[1]}", ptok)
                    probs.append(p)
            self.expect("}", "an action label in double quotes or '}' closing the actions" +
                        (" (each chance action is followed by its probability)"
                         if kind == "c" else ""))
            if not actions:
                self.fail("a node needs at least one action", brace)
            if kind == "c":
                total = sum(probs, Fraction(0))
                if total != 1:
                    self.fail(f"the probabilities of chance set {number} sum to {total}, "
                              "expected exactly 1", brace)
            else:
                probs = None
        rec = self.sets.get(key)
        if rec is None:
            if actions is None:
                self.fail(f"information set {number} of "
                          f"{'chance' if key_player == CHANCE else 'player %d' % (key_player + 1)}"
                          " appears here for the first time, so its actions must be listed",
                          itok)
            rec = [tuple(actions), probs, set_label, itok]
            self.sets[key] = rec
        else:
            if actions is not None:
                if len(actions) != len(rec[0]):
                    self.fail(f"information set {number} was defined on line {rec[3].line} with "
                              f"{len(rec[0])} actions {list(rec[0])}; here it has "
                              f"{len(actions)} {actions}", itok)
                if tuple(actions) != rec[0]:
                    self.fail(f"information set {number} was defined on line {rec[3].line} with "
                              f"actions {list(rec[0])}; here they are {actions}", itok)
                if kind == "c" and tuple(probs) != tuple(rec[1]):
                    self.fail(f"chance set {number} was defined on line {rec[3].line} with "
                              f"other probabilities", itok)
            if set_label is not None and rec[2] in (None, ""):
                rec[2] = set_label
        raw.player = key_player if kind == "p" else None
        raw.infoset_key = key
        raw.infoset_label = set_label if set_label is not None else (rec[2] or "")
        raw.actions = rec[0]
        raw.probs = tuple(rec[1]) if kind == "c" else None
        need = len(rec[0])
        self.outcome(raw)
        return raw, need

    def outcome(self, raw: _Raw) -> None:
        k, tok = self.integer("the outcome number (0 for none)", 0)
        label = None
        if self.tok.kind == "text":
            label = self.advance().value
        pays = None
        if self.tok.kind == "{":
            brace = self.advance()
            pays = []
            while self.tok.kind in ("number", ","):
                if self.tok.kind == ",":
                    self.advance()
                    continue
                pays.append(self.advance().value[0])
            self.expect("}", "a payoff or '}' closing the payoffs")
            if len(pays) != self.n:
                self.fail(f"outcome {k} has {len(pays)} payoffs; expected {self.n} (one per "
                          "player)", brace)
        if k == 0:
            if label is not None or pays is not None:
                self.fail("outcome 0 means 'no outcome' and cannot have a label or payoffs", tok)
            return
        old = self.outcome_defs.get(k)
        if old is None:
            if pays is None:
                # defined later in the file (or never: reported at the end)
                if label is not None:
                    self.pending_labels.setdefault(k, label)
            else:
                if label is None:
                    label = self.pending_labels.pop(k, "")
                self.outcome_defs[k] = [label, tuple(pays), tok]
        else:
            if pays is not None and tuple(pays) != old[1]:
                self.fail(f"outcome {k} was defined on line {old[2].line} with payoffs "
                          f"{_fmt_vec(old[1])}; here it has {_fmt_vec(pays)}", tok)
            if label is not None and label != old[0]:
                if old[0] == "":
                    old[0] = label
                else:
                    self.fail(f"outcome {k} was defined on line {old[2].line} with the label "
                              f"{old[0]!r}; here it is {label!r}", tok)
        self.outcome_uses.append((raw, k, tok))


def _fmt_vec(v) -> str:
    return "{ " + ", ".join(str(x) for x in v) + " }"


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
    parser = _Parser(text, name)
    parser.max_history = max_history
    return parser.parse(True if exact is None else exact)


def _quote(s: str) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _decimal_digits(den: int) -> int | None:
    a = b = 0
    while den % 2 == 0:
        den //= 2
        a += 1
    while den % 5 == 0:
        den //= 5
        b += 1
    return max(a, b) if den == 1 else None


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
    if isinstance(x, (Integral, np.integer)) and not isinstance(x, bool):
        return str(int(x))
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        k = _decimal_digits(x.denominator)
        if k is not None and k <= 12:
            scaled = abs(x.numerator) * (10 ** k // x.denominator)
            digits = str(scaled).rjust(k + 1, "0")
            sign = "-" if x < 0 else ""
            return f"{sign}{digits[:-k]}.{digits[-k:]}"
        return f"{x.numerator}/{x.denominator}"
    xf = float(x)
    if not math.isfinite(xf):
        raise InvalidGameError(f"write_efg: numbers must be finite, found {xf!r}")
    if xf.is_integer() and abs(xf) < 1e16:
        return str(int(xf))
    return repr(xf)


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

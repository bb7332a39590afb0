"""Gambit's strategic-form file format (``.nfg``): read and write games, exactly.

A ``.nfg`` file (Gambit's "strategic game" format, version 1) holds a title, the players' names,
their strategies (labels, or just how many), an optional comment, and the payoffs in one of two
body versions:

* the **payoff version** — one payoff per player for every strategy profile, profiles listed with
  the *first* player's strategy changing fastest::

      NFG 1 R "Prisoner's dilemma" { "row" "column" } { 2 2 }

      3 3  5 0  0 5  1 1

* the **outcome version** — a list of named outcomes ``{ "label" p1, p2 }`` followed by one
  outcome number per profile (``0`` is the null outcome, which pays everybody 0)::

      NFG 1 R "Coordination" { "row" "column" }
      { { "A" "B" } { "A" "B" } }
      ""
      { { "match" 1, 1 } { "miss" 0, 0 } }
      1 2 2 1

Whitespace (newlines included) is insignificant outside quotes; quoted strings may span lines and
contain escaped quotes ``\\"``.

**Numbers are read exactly.** Every payoff is first read as a :class:`fractions.Fraction`
(``3/2``, ``1.5``, ``-2e-3`` and ``7.600000`` are all exact). The game is then

* a float game when every payoff is an integer of magnitude at most 2**53 (such numbers are exact
  in floating point, so nothing is lost, and float solvers stay fast);
* an exact game (``Fraction`` payoffs) as soon as one payoff is not an integer.

Pass ``exact=True`` or ``exact=False`` to :func:`read_nfg` to force either. Writing produces
integers as integers, fractions whose decimal expansion terminates as decimals (``7.6``) and the
other fractions as ``p/q``; floats are written with :func:`repr` (the shortest text that reads
back as the same float). Hence ``read_nfg(write_nfg(read_nfg(f)))`` equals ``read_nfg(f)`` —
payoffs, player names, strategy labels, title, comment and (for the outcome version) the outcome
list all survive.

Labels: :class:`~contracts.games.normal_form.NormalFormGame` needs distinct, and we keep Gambit's
rule for repairing them: an empty or repeated label ``x`` becomes ``x_1``, ``x_2``, ...
(so two unnamed players become ``"_1"`` and ``"_2"``, as in Gambit itself).

Escapes: inside quotes ``\\"`` is a quote and ``\\\\`` a backslash; any other backslash is kept
as it is (Gambit's own behaviour). The writer escapes quotes and backslashes.

Games read from a file are :class:`NfgGame` objects: ordinary
:class:`~contracts.games.normal_form.NormalFormGame` instances that also carry ``title``,
``comment`` and, for outcome-version files, ``outcomes``.
"""

from __future__ import annotations

import io
import math
import os
import re
from fractions import Fraction
from numbers import Integral
from pathlib import Path
from typing import Any, NamedTuple, Sequence

import numpy as np

from .. import _budget
from .._validation import check_exact
from ..games._labels import normalize_labels
from ._source import parse_number, read_source
from ..exceptions import FormatError, InvalidGameError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ._write import write_or_return, write_to  # noqa: F401  (write_to is re-exported)

__all__ = ["read_nfg", "write_nfg", "nfg_string", "save_nfg", "NfgGame", "NfgOutcomes",
           "read_efg", "write_efg", "efg_string"]

_MAX_EXACT_FLOAT_INT = 2 ** 53


# ----------------------------------------------------------------------------------------------
# the game with its file metadata
# ----------------------------------------------------------------------------------------------
class NfgOutcomes(NamedTuple):
    """The outcome list of an outcome-version ``.nfg`` file.

    Attributes
    ----------
    labels : tuple of str
        Outcome names, outcome ``k`` (1-based in the file) is ``labels[k - 1]``.
    payoffs : tuple of tuple
        Payoff vector (one entry per player) of each outcome.
    index : tuple of int
        Outcome number of every strategy profile in Gambit's order (first player's strategy
        changing fastest); ``0`` is the null outcome (everybody gets 0).

    Examples
    --------
    >>> o = NfgOutcomes(("win", "lose"), ((1, -1), (-1, 1)), (1, 2, 2, 1))
    >>> o.labels[o.index[0] - 1]
    'win'
    """

    labels: tuple
    payoffs: tuple
    index: tuple


class NfgGame(NormalFormGame):
    """A :class:`NormalFormGame` that remembers what a ``.nfg`` file said about it.

    Parameters
    ----------
    payoffs : sequence of array_like
        One payoff array per player, as for
        :class:`~contracts.games.normal_form.NormalFormGame`.
    players : sequence of str, optional
        Player names.
    actions : sequence of sequences of str, optional
        Action labels per player.
    exact : bool, optional
        Keep Fraction payoffs.
    title : str
        The game's title.
    comment : str
        The free-text comment that follows the strategy lists.
    outcomes : NfgOutcomes, optional
        The named outcomes of an outcome-version file; checked against ``payoffs``.

    Notes
    -----
    Equality and hashing ignore the metadata (two games are equal when payoffs and labels are);
    transformations such as :meth:`permute_actions` return plain games.

    Examples
    --------
    >>> from contracts.io.gambit import read_nfg
    >>> g = read_nfg('NFG 1 R "Matching pennies" { "row" "column" } { 2 2 } '
    ...              '1 -1 -1 1 -1 1 1 -1')
    >>> g.title, g.players, g.num_actions
    ('Matching pennies', ('row', 'column'), (2, 2))
    """

    __slots__ = ("_title", "_comment", "_outcomes")

    def __init__(self, payoffs: Sequence[Any], *, players: Sequence[str] | None = None,
                 actions: Sequence[Sequence[str]] | None = None, exact: bool | None = None,
                 title: str = "", comment: str = "", outcomes: NfgOutcomes | None = None):
        # metadata first: NormalFormGame freezes the instance at the end of its __init__
        self._title = str(title)
        self._comment = str(comment)
        self._outcomes = None
        super().__init__(payoffs, players=players, actions=actions, exact=exact)
        if outcomes is not None:
            outcomes = _check_outcomes(self, outcomes)
            object.__setattr__(self, "_outcomes", outcomes)

    @property
    def title(self) -> str:
        """The game's title (``""`` when none)."""
        return self._title

    @property
    def comment(self) -> str:
        """The comment of the file (``""`` when none)."""
        return self._comment

    @property
    def outcomes(self) -> NfgOutcomes | None:
        """Named outcomes (outcome-version files), or ``None``."""
        return self._outcomes

    def __reduce__(self):
        return (_rebuild_nfg, (self._payoffs, self._players, self._actions, self._exact,
                               self._title, self._comment, self._outcomes))

    def __repr__(self) -> str:
        base = super().__repr__()
        return base[:-1] + f", title {self._title!r}>" if self._title else base


def _rebuild_nfg(payoffs, players, actions, exact, title, comment, outcomes):
    return NfgGame(payoffs, players=players, actions=actions, exact=exact, title=title,
                   comment=comment, outcomes=outcomes)


def _profiles(shape):
    """Strategy profiles in Gambit's order: the first player's strategy changes fastest."""
    return [tuple(reversed(p)) for p in np.ndindex(*reversed(shape))]


def _check_outcomes(game: NormalFormGame, outcomes: Any) -> NfgOutcomes:
    where = "NfgGame"
    try:
        labels, pays, index = outcomes
    except (TypeError, ValueError):
        raise InvalidGameError(f"{where}: outcomes must be (labels, payoffs, index)") from None
    labels = tuple(str(s) for s in labels)
    n = game.num_players
    pays_t = []
    for k, p in enumerate(pays):
        p = tuple(p)
        if len(p) != n:
            raise InvalidGameError(
                f"{where}: outcome {k + 1} has {len(p)} payoffs; expected {n} (one per player)")
        pays_t.append(tuple(Fraction(x) if game.is_exact else x for x in p))
    if len(labels) != len(pays_t):
        raise InvalidGameError(f"{where}: {len(labels)} outcome labels for {len(pays_t)} outcomes")
    index = tuple(int(i) for i in index)
    profiles = _profiles(game.num_actions)
    if len(index) != len(profiles):
        raise InvalidGameError(f"{where}: {len(index)} outcome numbers for {len(profiles)} "
                               "strategy profiles")
    for prof, k in zip(profiles, index):
        if not 0 <= k <= len(pays_t):
            raise InvalidGameError(f"{where}: outcome number {k} out of range 0..{len(pays_t)}")
        want = (0,) * n if k == 0 else pays_t[k - 1]
        have = tuple(game.payoffs[i][prof] for i in range(n))
        if any(float(a) != float(b) if not game.is_exact else a != b
               for a, b in zip(have, want)):
            raise InvalidGameError(
                f"{where}: payoffs at profile {prof} are {have}, but outcome {k} pays {want}")
    return NfgOutcomes(labels, tuple(pays_t), index)


# ----------------------------------------------------------------------------------------------
# lexer
# ----------------------------------------------------------------------------------------------
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?\d+/\d+")
_STOP = set(' \t\r\n\v\f{},"')


class _Token(NamedTuple):
    kind: str      # "{", "}", ",", "text", "number", "symbol", "eof"
    value: Any     # text for text/symbol, (Fraction, raw) for numbers
    line: int
    column: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "the end of the input"
        if self.kind in "{},":
            return f"'{self.kind}'"
        if self.kind == "text":
            v = self.value if len(self.value) <= 30 else self.value[:27] + "..."
            return f"the quoted text {v!r}"
        if self.kind == "number":
            return f"the number {self.value[1]}"
        return f"{self.value!r}"


def _tokenize(text: str, source: str, where: str):
    """Yield the tokens of ``text`` lazily (so the first problem in the file is reported)."""
    i, n = 0, len(text)
    line, col = 1, 1

    def fail(msg, ln, cl):
        raise FormatError(f"{where}: {msg}", ln, cl, source)

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
            yield _Token(c, c, line, col)
            i += 1
            col += 1
            continue
        if c == '"':
            start_line, start_col = line, col
            i += 1
            col += 1
            buf = []
            while True:
                if i >= n:
                    fail("unterminated quoted string: expected a closing '\"' for the string "
                         "that starts here", start_line, start_col)
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
            yield _Token("text", "".join(buf), start_line, start_col)
            continue
        j = i
        while j < n and text[j] not in _STOP:
            j += 1
        word = text[i:j]
        if _NUMBER.fullmatch(word):
            try:
                value = parse_number(word)
            except ZeroDivisionError:
                fail(f"the number {word} divides by zero", line, col)
            except ValueError as exc:
                fail(f"cannot read the number: {exc}", line, col)
            yield _Token("number", (value, word), line, col)
        else:
            yield _Token("symbol", word, line, col)
        col += j - i
        i = j
    yield _Token("eof", None, line, col)


# ----------------------------------------------------------------------------------------------
# parser
# ----------------------------------------------------------------------------------------------
_normalize_labels = normalize_labels


class _Parser:
    def __init__(self, text: str, source: str, where: str, max_profiles: Any = None):
        self.where = where
        self.text_len = len(text)
        self.max_profiles = max_profiles
        self.source = source
        self._stream = _tokenize(text, source, where)
        self.tok = next(self._stream)
        self.prev = self.tok

    # -- token helpers
    def advance(self) -> _Token:
        t = self.tok
        if t.kind != "eof":
            self.prev = t
            self.tok = next(self._stream)
        return t

    def fail(self, msg: str, tok: _Token | None = None):
        tok = tok or self.tok
        raise FormatError(f"{self.where}: {msg}", tok.line, tok.column, self.source)

    def expect(self, kind: str, what: str) -> _Token:
        if self.tok.kind != kind:
            self.fail(f"expected {what}, found {self.tok.describe()}")
        return self.advance()

    # -- grammar
    def parse(self, exact: bool | None) -> NfgGame:
        t = self.tok
        if t.kind != "symbol" or t.value != "NFG":
            if t.kind == "symbol" and t.value == "EFG":
                self.fail("this is an extensive-form (EFG) file; expected a strategic-form file "
                          "starting with 'NFG' (use read_efg for .efg files)")
            self.fail(f"expected the file type 'NFG' at the start, found {t.describe()}")
        self.advance()
        t = self.tok
        if t.kind != "number" or t.value[1] != "1":
            self.fail(f"expected the format version 1 after 'NFG', found {t.describe()}")
        self.advance()
        t = self.tok
        if t.kind != "symbol" or t.value not in ("D", "R"):
            self.fail(f"expected the number type 'R' or 'D' after 'NFG 1', found {t.describe()}")
        self.advance()
        title = self.expect("text", "the game's title in double quotes").value

        # players
        self.expect("{", "'{' opening the list of player names")
        players = []
        while self.tok.kind == "text":
            players.append(self.advance().value)
        self.expect("}", "a player name in double quotes or '}' closing the list of players")
        if not players:
            self.fail("expected at least one player, found an empty list of players",
                      self.prev)
        n = len(players)

        # strategies
        self.expect("{", "'{' opening the strategy lists (one '{ ... }' per player, "
                         "or one count per player)")
        actions: list[list[str]] = []
        if self.tok.kind == "{":
            for i in range(n):
                open_tok = self.expect(
                    "{", f"'{{' opening the strategy labels of player {i + 1} "
                         f"({players[i]!r}); the file names {n} players")
                labels = []
                while self.tok.kind == "text":
                    labels.append(self.advance().value)
                self.expect("}", f"a strategy label in double quotes or '}}' closing the "
                                 f"strategies of player {i + 1}")
                if not labels:
                    self.fail(f"expected at least one strategy for player {i + 1} "
                              f"({players[i]!r}), found none", open_tok)
                actions.append(labels)
        else:
            declared = 1
            for i in range(n):
                t = self.tok
                if t.kind != "number" or t.value[0].denominator != 1 or t.value[0] < 1:
                    self.fail(f"expected the number of strategies of player {i + 1} "
                              f"({players[i]!r}) as a positive integer, found {t.describe()}")
                declared *= int(t.value[0])
                self._check_declared(declared, t)      # before allocating the labels
                self.advance()
                actions.append([str(k) for k in range(1, int(t.value[0]) + 1)])
        self.expect("}", f"'}}' closing the strategy lists after {n} players")

        comment = ""
        if self.tok.kind == "text":
            comment = self.advance().value

        players = _normalize_labels(players)
        actions = [_normalize_labels(a) for a in actions]
        shape = tuple(len(a) for a in actions)
        self._check_declared(math.prod(shape), self.prev)
        _budget.check_profiles(self.where, shape, self.max_profiles)
        profiles = _profiles(shape)

        outcomes = None
        if self.tok.kind == "{":
            values, outcomes = self._outcome_body(n, profiles)
        elif self.tok.kind == "number":
            values = self._payoff_body(n, profiles)
        else:
            self.fail("expected the payoffs (numbers) or the outcome list ('{') after the "
                      f"strategies, found {self.tok.describe()}")
        if self.tok.kind != "eof":
            self.fail(f"expected the end of the input after the payoffs of all {len(profiles)} "
                      f"strategy profiles, found {self.tok.describe()} (too many entries?)")

        if exact is None:
            exact = any(v.denominator != 1 or abs(v) > _MAX_EXACT_FLOAT_INT for v in values)
        arrays = []
        for i in range(n):
            arr = np.empty(shape, dtype=object)
            for k, prof in enumerate(profiles):
                arr[prof] = values[k * n + i]
            arrays.append(arr if exact else arr.astype(np.float64))
        if outcomes is not None and not exact:
            outcomes = outcomes._replace(
                payoffs=tuple(tuple(float(x) for x in p) for p in outcomes.payoffs))
        return NfgGame(arrays, players=players, actions=actions, exact=bool(exact), title=title,
                       comment=comment, outcomes=outcomes)

    def _check_declared(self, profiles: int, tok: _Token) -> None:
        """The body lists at least one number per profile: a short input cannot hold them."""
        if 2 * profiles - 1 > self.text_len:
            self.fail(f"the strategy counts declare at least {profiles} strategy profiles, which "
                      f"need at least {profiles} numbers, but the whole input has only "
                      f"{self.text_len} characters", tok)

    def _number(self, what: str) -> Fraction:
        t = self.tok
        if t.kind != "number":
            self.fail(f"expected {what}, found {t.describe()}")
        self.advance()
        return t.value[0]

    def _payoff_body(self, n: int, profiles: list) -> list[Fraction]:
        total = n * len(profiles)
        values = []
        for k in range(total):
            t = self.tok
            if t.kind != "number":
                prof = profiles[k // n]
                got = f"{t.describe()}" if t.kind != "eof" else "the end of the input"
                self.fail(f"expected {total} payoffs ({n} players x {len(profiles)} strategy "
                          f"profiles) but found only {k} before {got}; the next one is player "
                          f"{k % n + 1}'s payoff at profile {tuple(p + 1 for p in prof)}")
            values.append(self.advance().value[0])
        return values

    def _outcome_body(self, n: int, profiles: list):
        self.expect("{", "'{' opening the outcome list")
        labels, pays = [], []
        while self.tok.kind == "{":
            self.advance()
            labels.append(self.expect("text", "the outcome's name in double quotes").value)
            p = []
            for i in range(n):
                p.append(self._number(f"player {i + 1}'s payoff in outcome {len(labels)} "
                                      f"(each outcome lists {n} payoffs)"))
                if self.tok.kind == ",":
                    self.advance()
            self.expect("}", f"'}}' closing outcome {len(labels)} after its {n} payoffs")
            pays.append(tuple(p))
        self.expect("}", "'{' opening another outcome or '}' closing the outcome list")
        index = []
        for k in range(len(profiles)):
            t = self.tok
            if t.kind != "number":
                self.fail(f"expected {len(profiles)} outcome numbers (one per strategy profile) "
                          f"but found only {k} before {t.describe()}")
            v = t.value[0]
            if v.denominator != 1 or not 0 <= v <= len(pays) or not t.value[1].lstrip(
                    "+-").isdigit():
                self.fail(f"expected an outcome number between 0 and {len(pays)}, found "
                          f"{t.describe()}")
            self.advance()
            index.append(int(v))
        values = []
        for k in index:
            values.extend((Fraction(0),) * n if k == 0 else pays[k - 1])
        return values, NfgOutcomes(tuple(labels), tuple(pays), tuple(index))


# ----------------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------------
def _read_source(source: Any, where: str, encoding: str | None = None,
                 max_bytes: int | None = None) -> tuple[str, str]:
    """Return (text, source name) for a path, text, bytes or file object."""
    return read_source(source, where, encoding=encoding, max_bytes=max_bytes)


def read_nfg(source: Any, *, exact: bool | None = None, encoding: str | None = None,
             max_profiles: int | None = None, max_bytes: int | None = None) -> NfgGame:
    """Read a strategic-form game from Gambit's ``.nfg`` format.

    Parameters
    ----------
    source : str, pathlib.Path, bytes or file object
        A path, or the text itself (a string starting with ``NFG`` — or containing a newline,
        brace or quote — is taken as text), or an open file.
    exact : bool, optional
        ``True``: Fraction payoffs; ``False``: float payoffs; ``None`` (default): exact as soon
        as one payoff is not an integer (see the module docstring).
    encoding : str, optional
        Encoding of a file or bytes (default UTF-8, with or without a byte-order mark). A byte
        that does not decode is a ``FormatError`` with its position.
    max_profiles : int, optional
        Refuse (``WorkLimitError``) files declaring more strategy profiles (default ``10**7``).
    max_bytes : int, optional
        Refuse files larger than this (default 2 GB).

    Returns
    -------
    NfgGame
        The game, with ``title``, ``comment`` and (outcome version) ``outcomes``.

    Raises
    ------
    FormatError
        Malformed input; ``err.line`` and ``err.column`` (1-based) point at the problem.
        Also: a directory, an unreadable file, bytes that do not decode.
    FileNotFoundError
        ``source`` looks like a path that does not exist.
    WorkLimitError
        The file declares more profiles than ``max_profiles`` or is larger than ``max_bytes``.

    Examples
    --------
    >>> from contracts.io.gambit import read_nfg
    >>> g = read_nfg('''NFG 1 R "Battle" { "she" "he" }
    ... { { "opera" "match" } { "opera" "match" } }
    ... ""
    ... 3/2 1  0 0  0 0  1 3/2''')
    >>> g.is_exact, g.payoffs[0][0, 0], g.payoffs[1][1, 1]
    (True, Fraction(3, 2), Fraction(3, 2))
    >>> read_nfg('NFG 1 R "" { "a" "b" } { 2 2 } 1 2 3')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    contracts.exceptions.FormatError: <string>:1:37: read_nfg: expected 8 payoffs ... found only 3...
    """
    exact = check_exact("read_nfg", exact)
    text, name = _read_source(source, "read_nfg", encoding, max_bytes)
    return _Parser(text, name, "read_nfg", max_profiles).parse(exact)


def _quote(s: str) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _decimal_digits(den: int) -> int | None:
    """Digits after the point of p/den's decimal expansion, or None if it does not terminate."""
    a = b = 0
    while den % 2 == 0:
        den //= 2
        a += 1
    while den % 5 == 0:
        den //= 5
        b += 1
    return max(a, b) if den == 1 else None


def format_nfg_number(x: Any) -> str:
    """Text of one payoff as written to a ``.nfg`` file (exact; reads back to the same value).

    >>> from fractions import Fraction
    >>> [format_nfg_number(v) for v in (Fraction(38, 5), Fraction(1, 3), 4.0, 0.1, -2)]
    ['7.6', '1/3', '4', '0.1', '-2']
    """
    if isinstance(x, (Integral, np.integer)) and not isinstance(x, bool):
        return str(int(x))
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        k = _decimal_digits(x.denominator)
        if k is not None and k <= 15:
            scaled = abs(x.numerator) * (10 ** k // x.denominator)
            digits = str(scaled).rjust(k + 1, "0")
            sign = "-" if x < 0 else ""
            return f"{sign}{digits[:-k]}.{digits[-k:]}"
        return f"{x.numerator}/{x.denominator}"
    xf = float(x)
    if not math.isfinite(xf):
        raise InvalidGameError(f"write_nfg: payoffs must be finite, found {xf!r}")
    if xf.is_integer() and abs(xf) < 1e16:
        return str(int(xf))
    return repr(xf)


def nfg_string(game: NormalFormGame, title: str = "", *, comment: str | None = None,
               version: str = "auto") -> str:
    """The game as the text of a Gambit ``.nfg`` file (to write a file, see :func:`write_nfg`).

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    title : str, optional
        Title to write; default: the game's own ``title`` if it has one (games read by
        :func:`read_nfg`), else ``""``.
    comment : str, optional
        Comment to write; default: the game's own ``comment`` if any.
    version : {"auto", "payoff", "outcome"}
        Body version. ``"auto"`` writes the outcome version for games read from an
        outcome-version file (keeping outcome names and numbering) and the payoff version
        otherwise. ``"outcome"`` on a game without outcomes makes one outcome per distinct payoff
        vector.

    Returns
    -------
    str
        The file's text; :func:`read_nfg` reads it back to an equal game.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.io.gambit import nfg_string
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                     players=("government", "agency"))
    >>> print(nfg_string(g, "Prisoner's dilemma"))
    NFG 1 R "Prisoner's dilemma" { "government" "agency" }
    <BLANKLINE>
    { { "a1" "a2" }
    { "b1" "b2" }
    }
    ""
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    <BLANKLINE>
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"nfg_string: expected a NormalFormGame, got {type(game).__name__}")
    if version not in ("auto", "payoff", "outcome"):
        raise InvalidGameError(
            f"nfg_string: version must be 'auto', 'payoff' or 'outcome', got {version!r}")
    title = title or getattr(game, "title", "") or ""
    if comment is None:
        comment = getattr(game, "comment", "") or ""
    n = game.num_players
    profiles = _profiles(game.num_actions)
    out = io.StringIO()
    out.write(f"NFG 1 R {_quote(title)} {{ " + " ".join(_quote(p) for p in game.players)
              + " }\n\n")
    out.write("{ " + "\n".join("{ " + " ".join(_quote(a) for a in acts) + " }"
                               for acts in game.actions) + "\n}\n")
    out.write(_quote(comment) + "\n\n")
    stored = getattr(game, "outcomes", None)
    if version == "payoff" or (version == "auto" and stored is None):
        for prof in profiles:
            out.write(" ".join(format_nfg_number(game.payoffs[i][prof]) for i in range(n)) + "\n")
        return out.getvalue()
    if stored is None:
        labels, pays, index, seen = [], [], [], {}
        for prof in profiles:
            vec = tuple(game.payoffs[i][prof] for i in range(n))
            key = tuple(format_nfg_number(v) for v in vec)
            if key not in seen:
                pays.append(vec)
                labels.append("")
                seen[key] = len(pays)
            index.append(seen[key])
        stored = NfgOutcomes(tuple(labels), tuple(pays), tuple(index))
    out.write("{\n")
    for label, vec in zip(stored.labels, stored.payoffs):
        out.write(f"{{ {_quote(label)} " + ", ".join(format_nfg_number(v) for v in vec) + " }\n")
    out.write("}\n")
    out.write(" ".join(str(k) for k in stored.index) + "\n")
    return out.getvalue()


def write_nfg(game: NormalFormGame, file: Any = None, title: str = "", **kwargs: Any) -> None:
    """Write ``game`` to a ``.nfg`` file.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    file : str, os.PathLike or file object
        Where to write: a path (written as UTF-8) or an open text or binary file.
    title : str, optional
        Title to write (default: the game's own title, if it was read from a file).
    **kwargs
        ``comment`` and ``version``, as for :func:`nfg_string`.

    Returns
    -------
    None
        Calling ``write_nfg(game)`` without a file returns the text, as earlier versions did,
        with a :class:`DeprecationWarning`; use :func:`nfg_string` for the text.

    Raises
    ------
    FormatError
        If ``file`` is a directory or its directory does not exist.

    Examples
    --------
    >>> import io, contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> buffer = io.StringIO()
    >>> ct.write_nfg(g, buffer, "coordination")
    >>> ct.read_nfg(buffer.getvalue()) == g
    True
    """
    return write_or_return(nfg_string(game, title, **kwargs), file, "write_nfg", "nfg_string")


def save_nfg(game: NormalFormGame, path: str | os.PathLike, title: str = "", **kwargs) -> Path:
    """Write ``game`` to ``path`` in ``.nfg`` format (UTF-8) and return the path.

    Same as :func:`write_nfg` with a path.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    path : str or os.PathLike
        Where to write.
    title : str
        Title to write.
    **kwargs
        ``comment`` and ``version``, as for :func:`nfg_string`.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib, contracts as ct
    >>> from contracts.io.gambit import save_nfg, read_nfg
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> p = save_nfg(g, pathlib.Path(tempfile.mkdtemp()) / "coordination.nfg", "coordination")
    >>> read_nfg(p) == g, read_nfg(p).title
    (True, 'coordination')
    """
    write_nfg(game, path, title, **kwargs)
    return Path(path)


# ----------------------------------------------------------------------------------------------
# extensive form: delegated to contracts.io.efg
# ----------------------------------------------------------------------------------------------
def _efg_module():
    try:
        from . import efg
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith("contracts.io.efg"):
            raise UnsupportedGameError(
                "read_efg/write_efg: the extensive-form reader contracts.io.efg is not available "
                "in this installation") from None
        raise
    return efg


def read_efg(*args: Any, **kwargs: Any):
    """Read a Gambit ``.efg`` extensive-form game (see :func:`contracts.io.efg.read_efg`).

    Parameters
    ----------
    *args, **kwargs
        As for :func:`contracts.io.efg.read_efg`: the source (path, file object or text) and
        its options.

    Returns
    -------
    ExtensiveFormGame
        The game tree.

    Examples
    --------
    >>> g = read_efg('EFG 2 R "" { "agency" } "" p "" 1 1 "" { "work" "shirk" } 0 '
    ...              't "" 1 "" { 2 } t "" 2 "" { 1 }')
    >>> g.players
    ('agency',)
    """
    return _efg_module().read_efg(*args, **kwargs)


def write_efg(*args: Any, **kwargs: Any):
    """Write a Gambit ``.efg`` extensive-form game to a path or file.

    See :func:`contracts.io.efg.write_efg`.

    Parameters
    ----------
    *args, **kwargs
        As for :func:`contracts.io.efg.write_efg`: the game and the path or file object.

    Returns
    -------
    None
        The file is written.

    Examples
    --------
    >>> import io
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {
    ...     "work": leaf(2), "shirk": leaf(1)}))
    >>> f = io.StringIO()
    >>> write_efg(g, f)
    >>> f.getvalue().splitlines()[0]
    'EFG 2 R "" { "agency" }'
    """
    return _efg_module().write_efg(*args, **kwargs)


def efg_string(*args: Any, **kwargs: Any) -> str:
    """The text of a Gambit ``.efg`` file (see :func:`contracts.io.efg.efg_string`).

    Parameters
    ----------
    *args, **kwargs
        As for :func:`contracts.io.efg.efg_string`: the game tree.

    Returns
    -------
    str
        The file's text.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {
    ...     "work": leaf(2), "shirk": leaf(1)}))
    >>> efg_string(g).splitlines()[0]
    'EFG 2 R "" { "agency" }'
    """
    return _efg_module().efg_string(*args, **kwargs)

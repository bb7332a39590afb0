"""What Gambit's ``.nfg`` and ``.efg`` formats share: tokens, the parser's helpers, the prologue,
quoting and exact number text.

Both formats are whitespace-separated words, quoted strings (``\\"`` and ``\\\\`` escaped), braces
and commas; numbers are read exactly (see :func:`contracts.io._source.parse_number`). One lexer
and one base parser serve both readers, so an error is reported the same way (function name,
1-based line and column) whichever file is read.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from numbers import Integral
from typing import Any, NamedTuple

import numpy as np

from ..exceptions import FormatError, InvalidGameError
from ._source import parse_number

__all__ = ["Token", "tokenize", "TokenParser", "quote", "decimal_digits", "format_number"]

NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?\d+/\d+")
STOP = set(' \t\r\n\v\f{},"')

#: the file type word of each format, its description and its reader
_FORMS = {"NFG": ("a strategic-form", "read_nfg", ".nfg"),
          "EFG": ("an extensive-form", "read_efg", ".efg")}


class Token(NamedTuple):
    """One token: its kind, value and 1-based position."""

    kind: str      # "{", "}", ",", "text", "number", "symbol", "eof"
    value: Any     # text for text/symbol, (Fraction, raw text) for numbers
    line: int
    column: int

    def describe(self, end: str = "the end of the input") -> str:
        """The token as an error message names it (``end`` names the end of the input)."""
        if self.kind == "eof":
            return end
        if self.kind in "{},":
            return f"'{self.kind}'"
        if self.kind == "text":
            v = self.value if len(self.value) <= 30 else self.value[:27] + "..."
            return f"the quoted text {v!r}"
        if self.kind == "number":
            return f"the number {self.value[1]}"
        return f"{self.value!r}"


def _quoted(text: str, i: int, line: int, col: int, fail) -> tuple[str, int, int, int]:
    """The quoted string opening at ``text[i]``: (its text, next index, line, column)."""
    start_line, start_col = line, col
    n = len(text)
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
            return "".join(buf), i + 1, line, col + 1
        buf.append(c)
        i += 1
        if c == "\n":
            line, col = line + 1, 1
        else:
            col += 1


def tokenize(text: str, source: str, where: str):
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
            yield Token(c, c, line, col)
            i += 1
            col += 1
            continue
        if c == '"':
            start_line, start_col = line, col
            value, i, line, col = _quoted(text, i, line, col, fail)
            yield Token("text", value, start_line, start_col)
            continue
        j = i
        while j < n and text[j] not in STOP:
            j += 1
        word = text[i:j]
        if NUMBER.fullmatch(word):
            try:
                value = parse_number(word)
            except ZeroDivisionError:
                fail(f"the number {word} divides by zero", line, col)
            except ValueError as exc:
                fail(f"cannot read the number: {exc}", line, col)
            yield Token("number", (value, word), line, col)
        else:
            yield Token("symbol", word, line, col)
        col += j - i
        i = j
    yield Token("eof", None, line, col)


class TokenParser:
    """A recursive-descent parser's token helpers: one token of look-ahead, ``fail`` and
    ``expect`` with the reader's name and the token's position, and the shared prologue."""

    #: how an error message names the end of the input
    END = "the end of the input"

    def __init__(self, text: str, source: str, where: str):
        self.where = where
        self.source = source
        self._stream = tokenize(text, source, where)
        self.tok = next(self._stream)
        self.prev = self.tok

    def describe(self, tok: Token | None = None) -> str:
        """The current token (or ``tok``) as an error message names it."""
        return (tok or self.tok).describe(self.END)

    def advance(self) -> Token:
        t = self.tok
        if t.kind != "eof":
            self.prev = t
            self.tok = next(self._stream)
        return t

    def fail(self, msg: str, tok: Token | None = None):
        tok = tok or self.tok
        raise FormatError(f"{self.where}: {msg}", tok.line, tok.column, self.source)

    def expect(self, kind: str, what: str) -> Token:
        if self.tok.kind != kind:
            self.fail(f"expected {what}, found {self.describe()}")
        return self.advance()

    def number(self, what: str) -> Fraction:
        t = self.tok
        if t.kind != "number":
            self.fail(f"expected {what}, found {self.describe(t)}")
        self.advance()
        return t.value[0]

    def file_type(self, kind: str, version: str) -> None:
        """Read the file type word ``kind`` (``NFG`` or ``EFG``) and its format ``version``."""
        t = self.tok
        if t.kind != "symbol" or t.value != kind:
            other = "EFG" if kind == "NFG" else "NFG"
            if t.kind == "symbol" and t.value == other:
                form, reader, suffix = _FORMS[other]
                self.fail(f"this is {form} ({other}) file; expected "
                          f"{_FORMS[kind][0]} file starting with '{kind}' (use {reader} for "
                          f"{suffix} files)")
            self.fail(f"expected the file type '{kind}' at the start, found {self.describe(t)}")
        self.advance()
        t = self.tok
        if t.kind != "number" or t.value[1] != version:
            self.fail(f"expected the format version {version} after '{kind}', found "
                      f"{self.describe(t)}")
        self.advance()

    def texts(self, what: str, closing: str) -> list[str]:
        """The quoted strings between ``{`` and ``}`` (``what`` and ``closing`` for messages)."""
        self.expect("{", f"'{{' opening {what}")
        out = []
        while self.tok.kind == "text":
            out.append(self.advance().value)
        self.expect("}", closing)
        return out

    def player_names(self) -> list[str]:
        """The braced list of quoted player names."""
        return self.texts("the list of player names",
                          "a player name in double quotes or '}' closing the list of players")


def quote(s: str) -> str:
    """``s`` in double quotes, with quotes and backslashes escaped."""
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def decimal_digits(den: int) -> int | None:
    """Digits after the point of p/den's decimal expansion, or None if it does not terminate."""
    a = b = 0
    while den % 2 == 0:
        den //= 2
        a += 1
    while den % 5 == 0:
        den //= 5
        b += 1
    return max(a, b) if den == 1 else None


def format_number(x: Any, max_decimals: int, where: str, what: str) -> str:
    """Text of a number that reads back exactly: an integer, a decimal of at most
    ``max_decimals`` digits after the point, else ``p/q``; a float as its :func:`repr`.
    A float that is not finite raises ``InvalidGameError("{where}: {what} must be finite ...")``.
    """
    if isinstance(x, (Integral, np.integer)) and not isinstance(x, bool):
        return str(int(x))
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        k = decimal_digits(x.denominator)
        if k is not None and k <= max_decimals:
            scaled = abs(x.numerator) * (10 ** k // x.denominator)
            digits = str(scaled).rjust(k + 1, "0")
            sign = "-" if x < 0 else ""
            return f"{sign}{digits[:-k]}.{digits[-k:]}"
        return f"{x.numerator}/{x.denominator}"
    xf = float(x)
    if not math.isfinite(xf):
        raise InvalidGameError(f"{where}: {what} must be finite, found {xf!r}")
    if xf.is_integer() and abs(xf) < 1e16:
        return str(int(xf))
    return repr(xf)

"""What every game-file reader needs before parsing: the text, safely.

* :func:`read_source` — a path, the text itself, bytes or a file object. A string is a path when
  such a file exists; it is text only when it looks like a game file (starts with the format's
  magic word, or spans lines). A directory, an unreadable file or a file above ``max_bytes`` gives a
  named error, never a raw ``IsADirectoryError``.
* :func:`decode` — bytes to text with an explicit ``encoding`` (default UTF-8, with or without a
  byte-order mark). A byte that does not decode raises :class:`FormatError` with its line and
  column; nothing is silently re-decoded as Latin-1.
* :func:`parse_number` — a decimal or ``p/q`` number as an exact Fraction, with limits on digits and
  exponents (``1e99999999`` would otherwise build a 100-million-digit integer).
"""

from __future__ import annotations

import codecs
import os
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..exceptions import FormatError

__all__ = ["read_source", "decode", "parse_number", "MAX_EXPONENT", "MAX_DIGITS",
           "MAX_FILE_BYTES"]

#: Largest decimal exponent accepted in a number (floats stop at 308; exact payoffs may go beyond)
MAX_EXPONENT = 4000
#: Most digits in one number
MAX_DIGITS = 4000
#: Largest file read by default (bytes)
MAX_FILE_BYTES = 2 * 10 ** 9

_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


def parse_number(word: str) -> Fraction:
    """The exact value of ``word`` (``12``, ``-1.5``, ``2e-3``, ``3/4``) within the limits.

    Raises ``ValueError`` (with the reason) for a malformed number, one with more than
    ``MAX_DIGITS`` digits or an exponent beyond ``MAX_EXPONENT``, and ``ZeroDivisionError`` for
    ``p/0``.

    Examples
    --------
    >>> parse_number("2e-3"), parse_number("-3/4")
    (Fraction(1, 500), Fraction(-3, 4))
    >>> parse_number("1e99999999")
    Traceback (most recent call last):
    ...
    ValueError: the exponent of 1e99999999 is beyond ±4000
    """
    if "/" in word:
        num, _, den = word.partition("/")
        if len(num) > MAX_DIGITS + 1 or len(den) > MAX_DIGITS:
            raise ValueError(f"{word[:20]}... has more than {MAX_DIGITS} digits")
        return Fraction(int(num), int(den))
    m = _DECIMAL.fullmatch(word)
    if m is None or not (m.group(2) or m.group(3)):
        raise ValueError(f"{word[:40]!r} is not a number")
    sign, whole, frac, exp = m.groups()
    frac = frac or ""
    if len(whole) + len(frac) > MAX_DIGITS:
        raise ValueError(f"{word[:20]}... has more than {MAX_DIGITS} digits")
    e = 0
    if exp is not None:
        if len(exp.lstrip("+-")) > 6 or abs(int(exp)) > MAX_EXPONENT:
            raise ValueError(f"the exponent of {word[:40]} is beyond ±{MAX_EXPONENT}")
        e = int(exp)
    digits = int((whole or "0") + frac)
    e -= len(frac)
    value = Fraction(digits * 10 ** e) if e >= 0 else Fraction(digits, 10 ** -e)
    return -value if sign == "-" else value


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def decode(data: bytes, where: str, source: str, encoding: str | None = None) -> str:
    """Decode ``data`` with ``encoding`` (default UTF-8 with an optional BOM), strictly."""
    enc = "utf-8-sig" if encoding is None else encoding
    try:
        codecs.lookup(enc)
    except (LookupError, TypeError):
        raise FormatError(f"{where}: unknown encoding {encoding!r}") from None
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise FormatError(
            f"{where}: byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid "
            f"{encoding or 'UTF-8'}; pass encoding='latin-1' (or the file's encoding) to read it",
            line, col, source) from None


def _looks_like_text(s: str, magic: tuple) -> bool:
    stripped = s.lstrip("\ufeff \t\r\n")
    return (not stripped or stripped.startswith(magic) or "\n" in s or "\r" in s)


def read_source(source: Any, where: str, *, magic: tuple = ("NFG", "EFG"),
                encoding: str | None = None, max_bytes: int | None = None) -> tuple[str, str]:
    """Return ``(text, source name)`` for a path, text, bytes or file object."""
    if hasattr(source, "read"):
        data = source.read()
        name = str(getattr(source, "name", "<stream>"))
        if isinstance(data, bytes):
            data = decode(data, where, name, encoding)
        if not isinstance(data, str):
            raise FormatError(f"{where}: the file object returned {type(data).__name__}, "
                              "expected text or bytes")
        return data, name
    if isinstance(source, (bytes, bytearray)):
        return decode(bytes(source), where, "<bytes>", encoding), "<bytes>"
    if isinstance(source, str):
        is_file = False
        if "\x00" not in source and len(source) < 4096:
            try:
                is_file = os.path.exists(source)
            except (OSError, ValueError):
                is_file = False
        if not is_file and (_looks_like_text(source, magic) or any(c in source for c in '{}"')):
            return source, "<string>"      # the parser says what is wrong with it, if anything
        path = Path(source)
    elif isinstance(source, os.PathLike):
        path = Path(source)
    else:
        raise FormatError(f"{where}: expected a path, the text of a game file or a file object; "
                          f"got {type(source).__name__}")
    if not path.exists():
        raise FileNotFoundError(f"{where}: no such file: {str(path)!r}")
    if path.is_dir():
        raise FormatError(f"{where}: {str(path)!r} is a directory; expected a game file",
                          source=str(path))
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            from ..exceptions import WorkLimitError
            raise WorkLimitError(
                f"{where}: {str(path)!r} has {size} bytes, above the limit {limit}; pass "
                f"max_bytes={size} (or more) to read it", estimate=size, limit=limit,
                option="max_bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{where}: cannot read {str(path)!r}: {exc.strerror or exc}",
                          source=str(path)) from None
    return decode(data, where, str(path), encoding), str(path)

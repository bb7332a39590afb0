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
import os
from pathlib import Path
from typing import Any

from .._validation import check_exact
from ._source import read_source
from ..exceptions import InvalidGameError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ._lexer import format_number, quote as _quote
from ._nfg_game import NfgGame, NfgOutcomes, _profiles
from ._nfg_game import _check_outcomes, _rebuild_nfg  # noqa: F401  (old pickles name it here)
from ._nfg_parse import NfgParser, _MAX_EXACT_FLOAT_INT  # noqa: F401
from ._write import write_or_return, write_to  # noqa: F401  (write_to is re-exported)

__all__ = ["read_nfg", "write_nfg", "nfg_string", "save_nfg", "NfgGame", "NfgOutcomes",
           "read_efg", "write_efg", "efg_string"]


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
    return NfgParser(text, name, "read_nfg", max_profiles).parse(exact)


def format_nfg_number(x: Any) -> str:
    """Text of one payoff as written to a ``.nfg`` file (exact; reads back to the same value).

    >>> from fractions import Fraction
    >>> [format_nfg_number(v) for v in (Fraction(38, 5), Fraction(1, 3), 4.0, 0.1, -2)]
    ['7.6', '1/3', '4', '0.1', '-2']
    """
    return format_number(x, 15, "write_nfg", "payoffs")


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
    >>> g = read_efg('EFG 2 R "" { "agency" } "" p "" 1 1 "" { "work" "shirk" } 0 '
    ...              't "" 1 "" { 2 } t "" 2 "" { 1 }')
    >>> f = io.StringIO()
    >>> write_efg(g, f)
    >>> read_efg(f.getvalue()) == g
    True
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
    >>> g = read_efg('EFG 2 R "" { "agency" } "" p "" 1 1 "" { "work" "shirk" } 0 '
    ...              't "" 1 "" { 2 } t "" 2 "" { 1 }')
    >>> efg_string(g).splitlines()[3]
    'p "" 1 1 "" { "work" "shirk" } 0'
    """
    return _efg_module().efg_string(*args, **kwargs)

"""The ``contracts`` command line.

::

    contracts solve FILE|- [--method M] [--exact] [--tol T] [--format table|csv|json]
    contracts convert INPUT [-o OUTPUT] [--to nfg|json]
    contracts bench [--family F] [--sizes 4,6,8] [--methods a,b] [--repeats 5] [--format ...]
    contracts explain MODEL [--set name=value ...] [--format text|json]
    contracts methods

Games are read from Gambit ``.nfg`` files or from the JSON game format below (detected from the
content; ``-`` reads standard input). Results go to standard output; progress, warnings and
errors go to standard error. Exit codes: 0 success, 2 usage error, 3 invalid input (malformed
file, invalid game or parameter), 4 an iterative method did not converge.

``--format csv`` prints one line per equilibrium in Gambit's style, ``NE,`` followed by every
player's probabilities in order (``NE,1/3,2/3,1/2,1/2`` when exact).

JSON game format (``contracts convert`` writes it)::

    {"format": "contracts.NormalFormGame", "version": 1, "title": "...", "comment": "...",
     "players": ["row", "column"], "actions": [["U", "D"], ["L", "R"]], "exact": true,
     "payoffs": [[[1, "3/2"], [0, 2]], [[...]]]}

``payoffs[i]`` is player ``i``'s payoff array indexed by the action profile; exact payoffs are
written as integers or strings ``"p/q"``, float payoffs as JSON numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .exceptions import (ContractsError, ConvergenceError, FormatError, InvalidGameError)

__all__ = ["main", "build_parser", "parse_assignment", "game_to_json", "game_from_json"]

EXIT_OK, EXIT_USAGE, EXIT_INPUT, EXIT_NOT_CONVERGED = 0, 2, 3, 4


class UsageError(Exception):
    """A command-line usage problem (exit code 2)."""


def _log(msg: str) -> None:
    print(f"contracts: {msg}", file=sys.stderr)


# ----------------------------------------------------------------------------------------------
# --set name=value
# ----------------------------------------------------------------------------------------------
def parse_value(text: str) -> Any:
    """Read a ``--set`` value: ``true``/``false`` -> bool, then int, then float, else the string.

    >>> [parse_value(s) for s in ("3", "-2", "0.5", "1e-3", "True", "no", "agency")]
    [3, -2, 0.5, 0.001, True, 'no', 'agency']
    """
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def parse_assignment(items: Sequence[str] | None) -> dict[str, Any]:
    """Parse ``--set`` items: ``["discount=0.9", "tiers=3"]`` -> ``{"discount": 0.9, "tiers": 3}``.

    Parameters
    ----------
    items : sequence of str or None
        ``name=value`` strings; each value is read as a boolean (``true``/``false``), then an
        int, then a float, else kept as text. None or empty gives ``{}``.

    Returns
    -------
    dict
        Parameter name -> parsed value, in the order given.

    Raises
    ------
    UsageError
        For an item without ``=``, an empty or non-identifier name, or a name given twice.

    Examples
    --------
    >>> from contracts.cli import parse_assignment
    >>> parse_assignment(["discount=0.9", "name=gov agency", "strict=false"])
    {'discount': 0.9, 'name': 'gov agency', 'strict': False}
    """
    out: dict[str, Any] = {}
    for item in items or ():
        if "=" not in item:
            raise UsageError(f"--set expects name=value, got {item!r}")
        name, _, value = item.partition("=")
        name = name.strip()
        if not name.isidentifier():
            raise UsageError(f"--set: {name!r} is not a valid parameter name (in {item!r})")
        if name in out:
            raise UsageError(f"--set: parameter {name!r} given twice")
        out[name] = parse_value(value)
    return out


# ----------------------------------------------------------------------------------------------
# games in and out
# ----------------------------------------------------------------------------------------------
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
            game = _reduced_form(game, name)
    else:
        game, kind = read_nfg(_TextSource(text, name)), "nfg"
    return (game, kind) if with_kind else game


#: a normal-form method on a tree's reduced strategic form: at most this many pure profiles
#: (enumeration of a 81 x 256 reduced form does not finish in minutes; the tree methods do)
MAX_REDUCED_PROFILES = 5_000


def _reduced_form(tree, name: str, method: str | None = None):
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
    _log(f"{name}: extensive-form game; solving its reduced strategic form "
         f"({' x '.join(map(str, sizes))} strategies)")
    return tree.reduced_normal_form()


class _TextSource:
    """A minimal file-like wrapper so read_nfg reports the right source name."""

    def __init__(self, text: str, name: str):
        self._text, self.name = text, name

    def read(self) -> str:
        return self._text


# ----------------------------------------------------------------------------------------------
# output of results
# ----------------------------------------------------------------------------------------------
def _fmt(x: Any, decimals: int | None, digits: int = 12) -> str:
    if isinstance(x, Fraction):
        return str(x)
    xf = float(x)
    if decimals is not None:
        s = f"{xf:.{decimals}f}"
        return "0" + s[2:] if s.startswith("-0") and float(s) == 0 else s
    if xf == 0:
        return "0"
    if xf == 1:
        return "1"
    return f"{xf:.{digits}g}"


#: a table wider than this many characters is printed by supports instead
MAX_TABLE_WIDTH = 120


def _is_behaviour(result) -> bool:
    return getattr(result, "kind", "mixed") == "behaviour"


def format_result(result, game, fmt: str = "table", decimals: int | None = None,
                  show: int | None = None) -> str:
    """An equilibrium result as ``table``, ``csv`` or ``json`` text.

    Mixed equilibria of a strategic-form game print as one row per equilibrium, or, when the
    table would be wider than :data:`MAX_TABLE_WIDTH` characters, as the supports of each
    equilibrium (one line per player). Behaviour equilibria of a tree print information set
    by information set; in csv each is one ``NE,...`` line of behaviour probabilities (the
    information sets in order, as Gambit prints them). A table shows the first ``show``
    equilibria (default all) and says how many it left out.
    """
    eqs = list(result)
    behaviour = _is_behaviour(result)

    def flat(eq):
        return [p for s in eq.strategies for p in (
            [x for v in s for x in v] if behaviour else s)]

    if fmt == "csv":
        return "\n".join("NE," + ",".join(_fmt(p, decimals) for p in flat(eq)) for eq in eqs)
    if fmt == "json":
        def num(x):
            return str(x) if isinstance(x, Fraction) else float(x)
        out = {
            "method": result.method, "kind": getattr(result, "kind", "mixed"),
            "exact": bool(result.exact), "complete": bool(result.complete),
            "converged": bool(result.converged), "degenerate": result.degenerate,
            "message": result.message, "iterations": result.iterations,
            "max_regret": num(result.max_regret), "players": list(game.players)}
        if behaviour:
            out["equilibria"] = [{"strategies": [{k: [num(p) for p in v] for k, v in d.items()}
                                                 for d in eq.as_dict()],
                                  "payoffs": [num(v) for v in eq.payoffs],
                                  "regret": num(eq.regret)} for eq in eqs]
        else:
            out["actions"] = [list(a) for a in game.actions]
            out["equilibria"] = [{"strategies": [[num(p) for p in s] for s in eq.strategies],
                                  "payoffs": [num(v) for v in eq.payoffs],
                                  "regret": num(eq.regret)} for eq in eqs]
        return json.dumps(out, indent=2)
    # table
    n = len(eqs)
    if behaviour:
        what = "complete" if result.complete else "equilibria found"
    else:
        what = "all extreme equilibria" if result.complete else "equilibria found"
    pure = n > 1 and all(all(x == 0 or x == 1 for x in flat(eq)) for eq in eqs)
    label = f"{n} {'pure ' if pure else ''}{'equilibrium' if n == 1 else 'equilibria'}"
    lines = [f"{result.method}: {label} ({what}, "
             f"{'exact' if result.exact else 'floating point'})"]
    if result.degenerate:
        lines.append("the game is degenerate: equilibria may form continua; extreme points listed")
    if result.message:
        lines.append(result.message)
    if not eqs:
        return "\n".join(lines)
    if show is not None and show < n:
        eqs = eqs[:show]
        lines.append(f"showing the first {show} (--show all, or --format csv or json, lists "
                     "every one)")
    if behaviour:
        for k, eq in enumerate(eqs, 1):
            lines.append(f"#{k}")
            for i, (p, sets) in enumerate(zip(game.players, eq.strategies)):
                for h, v in enumerate(sets):
                    info = game.infosets[i][h]
                    parts = [f"{a or f'action {j + 1}'}={_fmt(x, decimals, 6)}"
                             for j, (a, x) in enumerate(zip(info.actions, v)) if x != 0]
                    lines.append(f"  {p} at {info.label or h!r}: " + ", ".join(parts))
            lines.append("  payoffs: " + ", ".join(
                f"{p} {_fmt(v, decimals, 6)}" for p, v in zip(game.players, eq.payoffs)))
        return "\n".join(lines)
    header = ["#"]
    for p, acts in zip(game.players, game.actions):
        header += [f"{p}:{a}" for a in acts]
    header += [f"payoff {p}" for p in game.players]
    rows = []
    for k, eq in enumerate(eqs, 1):
        rows.append([str(k)] + [_fmt(x, decimals, 6) for s in eq.strategies for x in s]
                    + [_fmt(v, decimals, 6) for v in eq.payoffs])
    widths = [max(len(r[c]) for r in [header] + rows) for c in range(len(header))]
    if sum(widths) + 2 * (len(widths) - 1) <= MAX_TABLE_WIDTH:
        lines.append("  ".join(h.rjust(w) for h, w in zip(header, widths)))
        lines += ["  ".join(x.rjust(w) for x, w in zip(r, widths)) for r in rows]
        return "\n".join(lines)
    lines.append("(wide game: each equilibrium by its supports)")
    for k, eq in enumerate(eqs, 1):
        lines.append(f"#{k}")
        for p, acts, s, v in zip(game.players, game.actions, eq.strategies, eq.payoffs):
            parts = [f"{a}={_fmt(x, decimals, 6)}" for a, x in zip(acts, s) if x != 0]
            lines.append(f"  {p}: " + ", ".join(parts) + f"  (payoff {_fmt(v, decimals, 6)})")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# subcommands
# ----------------------------------------------------------------------------------------------
def _available_methods() -> dict[str, str]:
    from .equilibrium.solve import available_methods
    return available_methods()


def _tree_methods() -> dict[str, str]:
    from .equilibrium.solve import TREE_METHODS
    return {name: desc for name, (_, _, desc) in TREE_METHODS.items()}


def _method_key(method: str) -> str:
    """A method name as in Python: case, spaces, hyphens and aliases folded."""
    from .equilibrium import solve as solve_mod
    key = " ".join(method.strip().lower().split()).replace("-", "_").replace(" ", "_")
    return getattr(solve_mod, "_ALIASES", {}).get(key, key)


def _cmd_solve(args) -> int:
    methods = _available_methods()
    trees = _tree_methods()
    key = None
    if args.method is not None:
        key = _method_key(args.method)
        if key not in methods and key not in trees:
            raise UsageError(f"solve: unknown method {args.method!r}; choose one of "
                             f"{', '.join(methods)} (strategic form) or {', '.join(trees)} "
                             "(game trees)")
    if args.decimals is not None and not 0 <= args.decimals <= 17:
        raise UsageError(f"solve: --decimals must be between 0 and 17, got {args.decimals}")
    game, kind = load_game(args.file, encoding=args.encoding, tree=True, with_kind=True)
    from .equilibrium.solve import solve

    method = key
    if kind == "efg":
        if key is not None and key not in trees:      # a normal-form method: reduced form
            game = _reduced_form(game, args.file, key)
        elif key is None:
            _log(f"{args.file}: game tree, solved as a tree (a strategic-form method such as "
                 "--method vertex_enumeration solves its reduced strategic form)")
    elif key is not None and key in trees and key not in methods:
        raise UsageError(f"solve: method {key!r} needs a game tree (.efg); {args.file} is a "
                         f"strategic-form game: choose one of {', '.join(methods)}")
    options: dict[str, Any] = {}
    if args.exact:
        options["exact"] = True
    if args.tol is not None:
        options["tol"] = args.tol
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = solve(game, method=method, **options)
        except ModuleNotFoundError as exc:
            if not str(exc.name or "").startswith("contracts."):
                raise
            _log(f"error: the solver for method {args.method or 'default'!r} is not available in "
                 f"this version ({exc.name} is missing)")
            return EXIT_USAGE
    for w in caught:
        _log(f"warning: {w.message}")
    text = format_result(result, game, args.format, args.decimals, show=args.show)
    if text:
        print(text)
    if not result.converged:
        _log(f"{result.method} did not converge" + (f": {result.message}" if result.message
                                                    else ""))
        return EXIT_NOT_CONVERGED
    return EXIT_OK


def _cmd_convert(args) -> int:
    import os

    from .io.gambit import nfg_string

    if args.output not in (None, "-"):
        folder = os.path.dirname(os.path.abspath(args.output))
        if os.path.isdir(args.output):
            raise FormatError(f"convert: the output {args.output!r} is a directory; give a file "
                              "name")
        if not os.path.isdir(folder):
            raise FormatError(f"convert: cannot write {args.output!r}: the directory "
                              f"{folder!r} does not exist")
    game, kind = load_game(args.input, with_kind=True, encoding=args.encoding)
    to = args.to
    if to is None and args.output not in (None, "-"):
        low = args.output.lower()
        to = "json" if low.endswith(".json") else "nfg" if low.endswith(".nfg") else None
    if to is None:
        to = "nfg" if kind == "json" else "json"
    text = nfg_string(game) if to == "nfg" else json.dumps(game_to_json(game), indent=1) + "\n"
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise FormatError(f"convert: cannot write {args.output!r}: "
                              f"{exc.strerror or exc}") from None
        _log(f"wrote {args.output}")
    return EXIT_OK


def _cmd_bench(args) -> int:
    from ._bench import format_table, run_bench

    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        raise UsageError(f"bench: --sizes expects comma-separated integers, got {args.sizes!r}"
                         ) from None
    if not sizes or any(k < 1 or k > 10_000 for k in sizes):
        raise UsageError(f"bench: --sizes expects integers between 1 and 10000, got "
                         f"{args.sizes!r}")
    if args.seed is not None and not 0 <= args.seed < 2 ** 63:
        raise UsageError(f"bench: --seed must be a non-negative integer, got {args.seed}")
    if args.repeats < 1:
        raise UsageError(f"bench: --repeats must be at least 1, got {args.repeats}")
    if not args.budget > 0 or args.budget == float("inf"):
        raise UsageError(f"bench: --budget must be a positive number of seconds, got "
                         f"{args.budget}")
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    known = _available_methods()
    for m in methods:
        if m not in known:
            raise UsageError(f"bench: unknown method {m!r}; choose from {', '.join(known)}")
    from .games.generators import FAMILIES
    if args.family not in FAMILIES:
        raise UsageError(f"bench: unknown family {args.family!r}; choose from "
                         f"{', '.join(FAMILIES)}")
    libs = [x.strip() for x in args.anchors.split(",") if x.strip()]
    from ._bench import ANCHOR_LIBRARIES
    for lib in libs:
        if lib not in ANCHOR_LIBRARIES:
            raise UsageError(f"bench: unknown library {lib!r} in --anchors; choose from "
                             f"{', '.join(ANCHOR_LIBRARIES)}")
    rows = run_bench(args.family, sizes, methods, repeats=args.repeats,
                     anchors=False if args.no_anchors else libs, exact=args.exact,
                     budget=args.budget,
                     rng=args.seed, progress=None if args.quiet else _log)
    print(format_table(rows, args.format))
    return EXIT_OK


def _explain_help(model) -> int:
    """``explain --help`` (models and scenarios) and ``explain MODEL --help`` (parameters)."""
    import dataclasses

    from .models import REGISTRY, model_class, scenario_names
    if not model:
        print("usage: contracts explain MODEL [--set name=value ...] [--format text|json]\n"
              "       contracts explain all\n       contracts explain MODEL --help\n")
        print("models:")
        for name in REGISTRY:
            doc = (model_class(name).__doc__ or "").strip().splitlines()
            print(f"  {name:24s} {doc[0] if doc else ''}")
        from .models.scenarios import SCENARIOS
        print("field-study scenarios (same parameters as 'chain'):")
        for name in scenario_names():
            print(f"  {name:24s} {SCENARIOS[name].study}")
        return EXIT_OK
    key = model.strip().lower().replace("-", "_")
    from .models.chain import PARAMETER_HELP, Chain
    cls = Chain if key in scenario_names() else model_class(key)
    defaults = {}
    if key in scenario_names():
        from .models.scenarios import get
        defaults = dict(get(key).parameters)
    print(f"parameters of {key} (--set name=value):")
    for f in dataclasses.fields(cls):
        default = defaults.get(f.name, f.default)
        if default is dataclasses.MISSING:
            default = "(required)"
        meaning = PARAMETER_HELP.get(f.name, {"periods": "periods per simulated path",
                                               "paths": "number of simulated paths",
                                               "seed": "seed of the simulation"}.get(f.name, ""))
        print(f"  {f.name:26s} {str(default):24s} {meaning}")
    return EXIT_OK


def _cmd_explain(args) -> int:
    if args.help:
        return _explain_help(args.model)
    if not args.model:
        raise UsageError("explain: name a model (or 'all'); see 'contracts explain --help'")
    overrides = parse_assignment(args.set)
    try:
        from .models import explain_model
    except ImportError:
        _log("explain: the models layer is not available in this version "
             "(contracts.models.explain_model is missing)")
        return EXIT_USAGE
    if args.model.strip().lower() == "all":
        if overrides:
            _log("explain all: --set applies to one model; name the model instead")
            return EXIT_USAGE
        from .models import explain_all
        reports = explain_all()
        if args.format == "json":
            print(json.dumps([r.to_dict() for r in reports], indent=2, default=str))
        else:
            print("\n\n".join(str(r) for r in reports))
        return EXIT_OK
    try:
        report = explain_model(args.model, overrides)
    except ModuleNotFoundError as exc:
        if not str(exc.name or "").startswith("contracts."):
            raise
        _log(f"explain: model {args.model!r} is not available in this version "
             f"({exc.name} is missing)")
        return EXIT_USAGE
    if args.format == "json":
        to_dict = getattr(report, "to_dict", None)
        if callable(to_dict):
            print(json.dumps(to_dict(), indent=2, default=str))
        else:
            print(json.dumps({"model": args.model, "overrides": overrides,
                              "report": str(report)}, indent=2, default=str))
    else:
        print(report)
    return EXIT_OK


def _cmd_methods(args) -> int:
    print("strategic-form games (.nfg, JSON; trees through their reduced strategic form):")
    for name, desc in _available_methods().items():
        print(f"  {name:22s} {desc}")
    print("game trees (.efg), in behaviour strategies:")
    for name, desc in _tree_methods().items():
        print(f"  {name:22s} {desc}")
    return EXIT_OK


# ----------------------------------------------------------------------------------------------
# parser and entry point
# ----------------------------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own usage errors: exit 2 with the usage line
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _show_count(text: str) -> int | None:
    if text.strip().lower() == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer or 'all', got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``contracts`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser, with one sub-command per action (``solve``, ``methods``, ...); each
        sub-command stores its handler in ``args.func``.

    Examples
    --------
    >>> from contracts.cli import build_parser
    >>> args = build_parser().parse_args(["solve", "game.nfg", "--exact"])
    >>> args.command, args.file, args.exact
    ('solve', 'game.nfg', True)
    """
    p = _Parser(prog="contracts", description="Contracts between the tiers of an organisation "
                "as games: solve games, convert files, benchmark solvers, explain models.")
    from . import __version__
    p.add_argument("--version", action="version", version=f"contracts {__version__}")
    p.add_argument("--debug", action="store_true",
                   help="print the Python traceback of an error (for bug reports)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    s = sub.add_parser("solve", help="compute equilibria of a game file (.nfg, .efg or JSON)",
                       description="Compute the equilibria of a game read from FILE (.nfg, "
                       ".efg or JSON; '-' for standard input). A game tree (.efg) is solved "
                       "as a tree (sequence_form, subgame_perfect, backward_induction), or "
                       "through its reduced strategic form when a strategic-form method is "
                       "asked for.")
    s.add_argument("file", metavar="FILE", help="game file, or - for standard input")
    s.add_argument("--method", "-m", default=None,
                   help="solver, named as in Python (spaces or underscores; see 'contracts "
                        "methods'); default: vertex_enumeration for two players, one otherwise; "
                        "for trees backward_induction (perfect information), sequence_form "
                        "(two players) or subgame_perfect")
    s.add_argument("--exact", action="store_true", help="exact rational arithmetic")
    s.add_argument("--show", type=_show_count, default=100, metavar="N|all",
                   help="equilibria listed in the table (default 100; 'all' for every one)")
    s.add_argument("--tol", type=float, default=None, help="regret tolerance for floats")
    s.add_argument("--format", "-f", choices=("table", "csv", "json"), default="table")
    s.add_argument("--decimals", "-d", type=int, default=None,
                   help="fixed decimals for floating-point output (0 to 17)")
    s.add_argument("--encoding", default=None,
                   help="encoding of the input file (default UTF-8)")
    s.set_defaults(func=_cmd_solve)

    c = sub.add_parser("convert", help="convert a game between .nfg and JSON",
                       description="Convert a game between Gambit .nfg and the JSON format.")
    c.add_argument("input", metavar="INPUT", help="game file, or - for standard input")
    c.add_argument("-o", "--output", default=None, help="output file (default: standard output)")
    c.add_argument("--encoding", default=None,
                   help="encoding of the input file (default UTF-8)")
    c.add_argument("--to", choices=("nfg", "json"), default=None,
                   help="output format (default: from the output name, else the other format)")
    c.set_defaults(func=_cmd_convert)

    b = sub.add_parser("bench", help="time solvers against nashpy, QuantEcon and pygambit",
                       description="Time each method on a family of generated games, against "
                       "nashpy, QuantEcon and pygambit when installed.")
    b.add_argument("--family", default="random",
                   help="game family: random, covariant, coordination, sgc, unit_vector, "
                        "savani_von_stengel, tournament, von_stengel (default random)")
    b.add_argument("--sizes", default="4,6,8", help="comma-separated sizes (default 4,6,8)")
    b.add_argument("--methods", default="support_enumeration,vertex_enumeration",
                   help="comma-separated methods (default support_enumeration,"
                        "vertex_enumeration)")
    b.add_argument("--repeats", type=int, default=5, help="timed runs after a warm-up")
    b.add_argument("--exact", action="store_true", help="exact arithmetic (vs pygambit rational)")
    b.add_argument("--anchors", default="nashpy,quantecon,pygambit",
                   help="libraries to compare with, comma-separated (default: all installed)")
    b.add_argument("--no-anchors", action="store_true", help="time contracts only")
    b.add_argument("--budget", type=float, default=10.0,
                   help="seconds; a first call slower than this is the only run")
    b.add_argument("--seed", type=int, default=None, help="seed (default 1000 + size)")
    b.add_argument("--format", "-f", choices=("table", "csv", "json"), default="table")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    b.set_defaults(func=_cmd_bench)

    e = sub.add_parser("explain", help="explain a model of the contracts between tiers",
                       description="Build a model with its default parameters (overridden by "
                       "--set name=value) and print what happens in it.", add_help=False)
    e.add_argument("model", metavar="MODEL", nargs="?",
                   help="model or scenario name, or 'all' for every model")
    e.add_argument("-h", "--help", action="store_true",
                   help="list the models (or, after MODEL, its parameters) and exit")
    e.add_argument("--set", action="append", metavar="NAME=VALUE", default=[],
                   help="override a parameter (repeatable); values are read as bool "
                        "(true/false), int, float or text")
    e.add_argument("--format", "-f", choices=("text", "json"), default="text")
    e.set_defaults(func=_cmd_explain)

    m = sub.add_parser("methods", help="list the equilibrium methods")
    m.set_defaults(func=_cmd_methods)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``contracts`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``). ``--debug``
        anywhere shows the Python traceback of an error.

    Returns
    -------
    int
        The exit code: 0 success, 2 usage error, 3 invalid input, 4 no convergence.

    Examples
    --------
    >>> from contracts.cli import main
    >>> main(["solve"])          # FILE missing: a usage message on stderr, exit code 2
    2
    """
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv          # accepted anywhere on the line
    argv = [a for a in argv if a != "--debug"]
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        _log(f"error: {exc}")
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        _log(f"error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _log("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:   # never a traceback unless --debug
        if debug:
            raise
        code, text = _describe_error(exc)
        _log(f"error: {text}")
        return code


_INPUT_ERRORS = (OSError, ValueError, TypeError, ArithmeticError, RecursionError, MemoryError,
                 LookupError, RuntimeWarning)


def _describe_error(exc: BaseException) -> tuple[int, str]:
    """Exit code and one-line message for an exception reaching the command line."""
    msg = str(exc) or type(exc).__name__
    if len(msg) > 2000:
        msg = msg[:2000] + "..."
    if isinstance(exc, ConvergenceError):
        return EXIT_NOT_CONVERGED, msg
    if isinstance(exc, ContractsError):
        return EXIT_INPUT, msg
    if isinstance(exc, FileNotFoundError):
        return EXIT_INPUT, f"no such file: {exc.filename or msg}"
    if isinstance(exc, OSError):
        return EXIT_INPUT, f"{exc.strerror or msg}" + (f": {exc.filename!r}" if exc.filename
                                                       else "")
    if isinstance(exc, RecursionError):
        return EXIT_INPUT, "the input is nested too deeply"
    if isinstance(exc, OverflowError):
        return EXIT_INPUT, (f"a number is beyond the floating-point range (about 1.8e308): {msg}; "
                            "exact arithmetic (--exact) may handle it")
    if isinstance(exc, MemoryError):
        return EXIT_INPUT, "out of memory: the input is too large"
    if isinstance(exc, _INPUT_ERRORS):
        return EXIT_INPUT, f"{type(exc).__name__}: {msg}"
    return EXIT_INPUT, (f"unexpected {type(exc).__name__}: {msg} (please report it; "
                        "--debug shows the traceback)")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

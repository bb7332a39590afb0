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
import sys
from typing import Sequence

from ._cli_commands import cmd_bench, cmd_convert, cmd_explain, cmd_methods, cmd_solve
from ._cli_common import (EXIT_INPUT, EXIT_NOT_CONVERGED, EXIT_OK, EXIT_USAGE,  # noqa: F401
                          UsageError, log, parse_assignment, parse_value)
from ._cli_games import (MAX_REDUCED_PROFILES, game_from_json, game_to_json,  # noqa: F401
                         load_game)
from ._cli_output import MAX_TABLE_WIDTH, format_result  # noqa: F401
from .exceptions import ContractsError, ConvergenceError

__all__ = ["main", "build_parser", "parse_assignment", "game_to_json", "game_from_json"]


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
    s.set_defaults(func=cmd_solve)

    c = sub.add_parser("convert", help="convert a game between .nfg and JSON",
                       description="Convert a game between Gambit .nfg and the JSON format.")
    c.add_argument("input", metavar="INPUT", help="game file, or - for standard input")
    c.add_argument("-o", "--output", default=None, help="output file (default: standard output)")
    c.add_argument("--encoding", default=None,
                   help="encoding of the input file (default UTF-8)")
    c.add_argument("--to", choices=("nfg", "json"), default=None,
                   help="output format (default: from the output name, else the other format)")
    c.set_defaults(func=cmd_convert)

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
    b.set_defaults(func=cmd_bench)

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
    e.set_defaults(func=cmd_explain)

    m = sub.add_parser("methods", help="list the equilibrium methods")
    m.set_defaults(func=cmd_methods)
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
        log(f"error: {exc}")
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        log(f"error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:   # never a traceback unless --debug
        if debug:
            raise
        code, text = _describe_error(exc)
        log(f"error: {text}")
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

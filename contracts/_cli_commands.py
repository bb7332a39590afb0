"""The sub-commands of the command line: ``solve``, ``convert``, ``bench``, ``explain`` and
``methods`` (each takes the parsed arguments and returns the exit code)."""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

from ._cli_common import (EXIT_NOT_CONVERGED, EXIT_OK, EXIT_USAGE, UsageError, log,
                          parse_assignment)
from ._cli_games import reduced_form, game_to_json, load_game
from ._cli_output import format_result
from .exceptions import FormatError

__all__ = ["cmd_solve", "cmd_convert", "cmd_bench", "cmd_explain", "cmd_methods"]


def _unavailable(exc: ModuleNotFoundError, what: str) -> int:
    """Say that ``what`` is missing from this installation (exit code 2) when ``exc`` is a
    missing ``contracts`` module; re-raise any other missing module."""
    if not str(exc.name or "").startswith("contracts."):
        raise exc
    log(f"{what} is not available in this version ({exc.name} is missing)")
    return EXIT_USAGE


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


def cmd_solve(args) -> int:
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
            game = reduced_form(game, args.file, key)
        elif key is None:
            log(f"{args.file}: game tree, solved as a tree (a strategic-form method such as "
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
            return _unavailable(exc, f"error: the solver for method {args.method or 'default'!r}")
    for w in caught:
        log(f"warning: {w.message}")
    text = format_result(result, game, args.format, args.decimals, show=args.show)
    if text:
        print(text)
    if not result.converged:
        log(f"{result.method} did not converge" + (f": {result.message}" if result.message
                                                    else ""))
        return EXIT_NOT_CONVERGED
    return EXIT_OK


def cmd_convert(args) -> int:
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
        log(f"wrote {args.output}")
    return EXIT_OK


def cmd_bench(args) -> int:
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
                     rng=args.seed, progress=None if args.quiet else log)
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


def cmd_explain(args) -> int:
    if args.help:
        return _explain_help(args.model)
    if not args.model:
        raise UsageError("explain: name a model (or 'all'); see 'contracts explain --help'")
    overrides = parse_assignment(args.set)
    try:
        from .models import explain_model
    except ImportError:
        log("explain: the models layer is not available in this version "
             "(contracts.models.explain_model is missing)")
        return EXIT_USAGE
    if args.model.strip().lower() == "all":
        if overrides:
            log("explain all: --set applies to one model; name the model instead")
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
        return _unavailable(exc, f"explain: model {args.model!r}")
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


def cmd_methods(args) -> int:
    print("strategic-form games (.nfg, JSON; trees through their reduced strategic form):")
    for name, desc in _available_methods().items():
        print(f"  {name:22s} {desc}")
    print("game trees (.efg), in behaviour strategies:")
    for name, desc in _tree_methods().items():
        print(f"  {name:22s} {desc}")
    return EXIT_OK

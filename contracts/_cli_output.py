"""Equilibrium results as the command line prints them: a table, csv or json."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

__all__ = ["format_result", "MAX_TABLE_WIDTH"]


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

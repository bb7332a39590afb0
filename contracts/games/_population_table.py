"""Reading the payoff table of a :class:`~contracts.games.population.PopulationGame`: labels,
profiles and entries (numbers, strings or sympy expressions) checked and turned into sympy."""

from __future__ import annotations

import itertools
import math
from typing import Any, Mapping, Sequence

import numpy as np

from ..exceptions import InvalidGameError

__all__ = ["read_table"]


def _parse(expr: Any, symbols: dict, where: str):
    """Turn a table entry (number, string or sympy expression) into a sympy expression.

    Every identifier in a string becomes a real Symbol (so ``E``, ``Q``, ``S`` or ``N`` are
    parameters, not sympy's constants).
    """
    import sympy as sp
    if isinstance(expr, sp.Basic):
        for s in expr.free_symbols:
            symbols.setdefault(s.name, s)
        return expr
    if isinstance(expr, bool):
        raise InvalidGameError(f"{where}: payoff entry {expr!r} is not a number or expression")
    if isinstance(expr, (int, np.integer)):
        return sp.Integer(int(expr))
    if isinstance(expr, (float, np.floating)):
        if not math.isfinite(float(expr)):
            raise InvalidGameError(f"{where}: payoff entry {expr!r} is not finite")
        return sp.Float(float(expr))
    if isinstance(expr, str):
        from .._safe_expr import parse_arithmetic
        try:
            return parse_arithmetic(expr, symbols, where)
        except ValueError as exc:
            raise InvalidGameError(f"{where}: cannot read payoff expression {expr[:80]!r}: {exc}"
                                   ) from None
    try:
        return sp.sympify(expr)
    except Exception:
        raise InvalidGameError(f"{where}: payoff entry {expr!r} is not a number or expression"
                               ) from None


def read_table(populations: Sequence[str], strategies: Sequence[Sequence[str]], table: Mapping,
               share_names: Sequence[str] | None, where: str) -> tuple:
    """Check a payoff table and read its entries as sympy expressions.

    Returns ``(populations, strategies, payoffs, parameters, share_names)``: the labels as
    tuples, one read-only object array of expressions per population, the parameters found
    (sorted by name) and the share variables' names (default ``x, y, z, w, ...``).
    """
    pops = tuple(str(p) for p in populations)
    if not pops:
        raise InvalidGameError(f"{where}: at least one population is needed")
    if len(set(pops)) != len(pops):
        raise InvalidGameError(f"{where}: population names must be distinct, got {pops}")
    try:
        strats = tuple(tuple(str(s) for s in ss) for ss in strategies)
    except TypeError:
        raise InvalidGameError(f"{where}: strategies must be one list of labels per "
                               "population") from None
    if len(strats) != len(pops):
        raise InvalidGameError(f"{where}: {len(strats)} strategy lists for {len(pops)} "
                               "populations")
    for p, ss in zip(pops, strats):
        if len(ss) < 1 or len(set(ss)) != len(ss):
            raise InvalidGameError(f"{where}: population {p!r} needs distinct strategy "
                                   f"labels, got {ss}")
    shape = tuple(len(s) for s in strats)
    N = len(pops)
    symbols: dict = {}
    arrays = [np.empty(shape, dtype=object) for _ in range(N)]
    seen = set()
    if not isinstance(table, Mapping):
        raise InvalidGameError(f"{where}: table must map profiles to payoff tuples")
    for key, entry in table.items():
        key = (key,) if N == 1 and not isinstance(key, tuple) else key
        if not isinstance(key, tuple) or len(key) != N:
            raise InvalidGameError(f"{where}: profile {key!r} must name one strategy per "
                                   f"population ({N})")
        idx = []
        for i, k in enumerate(key):
            if isinstance(k, (int, np.integer)) and not isinstance(k, bool):
                if not 0 <= int(k) < shape[i]:
                    raise InvalidGameError(f"{where}: strategy index {k} of population "
                                           f"{pops[i]!r} out of range")
                idx.append(int(k))
            elif str(k) in strats[i]:
                idx.append(strats[i].index(str(k)))
            else:
                raise InvalidGameError(f"{where}: unknown strategy {k!r} of population "
                                       f"{pops[i]!r}; expected one of {strats[i]}")
        idx = tuple(idx)
        if idx in seen:
            raise InvalidGameError(f"{where}: profile {key!r} appears twice")
        seen.add(idx)
        try:
            entries = list(entry) if not isinstance(entry, str) else None
        except TypeError:
            entries = None
        if entries is None or len(entries) != N:
            raise InvalidGameError(f"{where}: profile {key!r} must have {N} payoffs, one "
                                   f"per population; got {entry!r}")
        for i, e in enumerate(entries):
            arrays[i][idx] = _parse(e, symbols, where)
    missing = [p for p in itertools.product(*[range(n) for n in shape]) if p not in seen]
    if missing:
        names = [tuple(strats[i][a] for i, a in enumerate(m)) for m in missing[:3]]
        raise InvalidGameError(f"{where}: the table has no payoffs for {len(missing)} "
                               f"profile(s), e.g. {names}")
    if share_names is None:
        base = "xyzwuv"
        share_names = tuple(base[i] if i < len(base) else f"x{i + 1}" for i in range(N))
    share_names = tuple(str(s) for s in share_names)
    if len(share_names) != N or len(set(share_names)) != N:
        raise InvalidGameError(f"{where}: need {N} distinct share names, got {share_names}")
    clash = set(share_names) & set(symbols)
    if clash:
        raise InvalidGameError(f"{where}: parameter name(s) {sorted(clash)} clash with the "
                               "share variables; pass other share_names")
    for a in arrays:
        a.flags.writeable = False
    params = tuple(sorted(symbols.values(), key=lambda s: s.name))
    return pops, strats, arrays, params, share_names

"""How to SOLVE a game: one algorithm per module, plus :func:`solve` (the dispatcher).

A solver whose function has its module's name is reached through the module, e.g.
``contracts.equilibrium.vertex_enumeration.vertex_enumeration(game)`` (or ``solve(game,
method="vertex_enumeration")``): re-exporting it here would make ``contracts.equilibrium.X`` a
function or a module depending on import order.

Names are imported lazily on first access, so ``import contracts`` stays fast.
"""

from __future__ import annotations

import importlib

_NAMES = {
    "solve": "solve", "available_methods": "solve", "METHODS": "solve",
    "pure_nash": "pure", "pure_nash_iter": "pure", "pure_nash_actions": "pure",
    "iterated_elimination": "dominance", "dominated_actions": "dominance",
    "DominanceResult": "dominance",
    "support_enumeration_iter": "support_enumeration",
    "vertex_enumeration_iter": "vertex_enumeration",
    "lemke_howson_all": "lemke_howson",
    "one_equilibrium": "one",
    "minmax_values": "zero_sum", "MinmaxValues": "zero_sum",
    "matrix_game": "zero_sum",
    "correlated_equilibrium": "correlated", "is_correlated_equilibrium": "correlated",
    "CorrelatedResult": "correlated",
    "logit_limit": "nplayer",
    "critical_discount": "grim_trigger",
    "PayoffSet": "payoff_sets",
    "solve_many": "batch", "BatchResult": "batch", "GameError": "batch",
    "support_enumeration_chunked": "distributed",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name in _NAMES:
        mod = importlib.import_module(f"contracts.equilibrium.{_NAMES[name]}")
        value = getattr(mod, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'contracts.equilibrium' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))

"""contracts: contracts between the tiers of an organisation as games, and their equilibria.

Quick start::

    import contracts as ct
    g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    print(ct.solve(g, method="vertex_enumeration", exact=True))

Subpackages (imported on first use): ``games``, ``equilibrium``, ``bounded``, ``dynamics``,
``agency``, ``models``, ``io``. Optional extras (matplotlib, tqdm, dask) are imported lazily.
"""

from __future__ import annotations

import importlib
from typing import Any

from .exceptions import (ContractsError, ConvergenceError, DegenerateGameWarning, FormatError,
                         InvalidGameError, InvalidParameterError, SweepError,
                         UnsupportedGameError, WorkLimitError)
from .games.normal_form import NormalFormGame
from .results import Equilibrium, EquilibriumResult

__version__ = "0.2.0"

# name -> module that defines it (imported lazily on first attribute access)
_LAZY = {
    "solve": "contracts.equilibrium.solve",
    "solve_many": "contracts.equilibrium.batch",
    "read_nfg": "contracts.io.gambit",
    "write_nfg": "contracts.io.gambit",
    "read_efg": "contracts.io.gambit",
    "write_efg": "contracts.io.gambit",
    "nfg_string": "contracts.io.gambit",
    "efg_string": "contracts.io.gambit",
    "ExtensiveFormGame": "contracts.games.extensive_form",
    "BayesianGame": "contracts.games.bayesian",
    "RepeatedGame": "contracts.games.repeated",
    "PopulationGame": "contracts.games.population",
    "StochasticGame": "contracts.games.stochastic",
}
_SUBPACKAGES = {"games", "equilibrium", "bounded", "dynamics", "agency", "models", "io", "plot",
                "sweep", "results", "exceptions", "cli", "stochastic"}

__all__ = ["NormalFormGame", "Equilibrium", "EquilibriumResult", "ContractsError",
           "InvalidGameError", "InvalidParameterError", "UnsupportedGameError", "FormatError",
           "ConvergenceError", "DegenerateGameWarning", "WorkLimitError", "SweepError", *sorted(_LAZY), *sorted(_SUBPACKAGES)]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        mod = importlib.import_module(_LAZY[name])
        value = getattr(mod, name)
        globals()[name] = value
        return value
    if name in _SUBPACKAGES:
        mod = importlib.import_module(f"contracts.{name}")
        globals()[name] = mod
        return mod
    raise AttributeError(f"module 'contracts' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))

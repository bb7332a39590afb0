"""Solvers for stochastic games (:class:`~contracts.games.stochastic.StochasticGame`).

``solve_stochastic(game, method=...)`` (also reached as ``contracts.solve(game, method=...)``)
dispatches by name through :data:`METHODS`; every solver returns a
:class:`~contracts.stochastic._results.StochasticResult` whose equilibria passed the one-shot
deviation check at every state.

The shared machinery (policies, policy values, one-shot deviation gains) is in
:mod:`contracts.stochastic._core` and re-exported here.

Examples
--------
>>> from contracts.stochastic import available_methods
>>> "shapley" in available_methods()
True
"""

from __future__ import annotations

import importlib
import inspect
import warnings
from typing import Any, Callable

from ..exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from ._core import (MarkovEquilibrium, StochasticResult, action_offsets, action_values,
                    as_policy, flat_action_values, flat_to_policy, one_shot_deviation_gain,
                    policy_flat, policy_values, pure_policy, row_probabilities, row_values,
                    uniform_policy)

__all__ = ["METHODS", "solve_stochastic", "available_methods", "MarkovEquilibrium",
           "StochasticResult", "policy_values", "action_values", "flat_action_values",
           "one_shot_deviation_gain", "pure_policy", "uniform_policy", "as_policy",
           "policy_flat", "flat_to_policy", "action_offsets", "row_probabilities", "row_values"]

# Solver functions and their result types, imported lazily on first access. A function that
# shares its module's name (``hoffman_karp``, ``markov_qre``, ``simulate``) is reached through
# its module, so that ``contracts.stochastic.X`` is always the module.
_LAZY = {
    "shapley": "zero_sum",
    "relational_contract": "transfers", "RelationalContract": "transfers",
    "repeated_negotiation": "negotiation", "NegotiationEquilibrium": "negotiation",
    "stochastic_payoff_sets": "payoff_sets", "StochasticPayoffSets": "payoff_sets",
    "markov_perfect_pure": "markov_perfect", "markov_perfect_pure_iter": "markov_perfect",
    "markov_qre_branch": "markov_qre",
    "markov_perfect_mixed": "markov_qre", "MarkovQREBranch": "markov_qre",
    "MarkovQREPoint": "markov_qre",
    "stationary_distribution": "simulate",
    "transition_graph": "simulate",
}
__all__ += [name for name in sorted(_LAZY) if name[0].islower()]   # classes: in their modules


_SUBMODULES = ("zero_sum", "hoffman_karp", "transfers", "negotiation", "payoff_sets",
               "markov_perfect", "markov_qre", "simulate")


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__) | set(_SUBMODULES))

#: method name -> (module, function, short description); each solver takes ``(game, **options)``
METHODS: dict[str, tuple[str, str, str]] = {
    "shapley": ("contracts.stochastic.zero_sum", "shapley",
                "zero-sum (or one-player MDP): Shapley's value iteration, one LP per state"),
    "hoffman_karp": ("contracts.stochastic.hoffman_karp", "hoffman_karp",
                     "zero-sum (or one-player MDP): Hoffman-Karp strategy iteration"),
    "relational": ("contracts.stochastic.transfers", "relational_contract",
                   "relational contracts with voluntary transfers (Goldlücke-Kranz): highest "
                   "joint and punishment payoffs per state, optimal simple equilibrium"),
    "repeated_negotiation": ("contracts.stochastic.negotiation", "repeated_negotiation",
                             "repeated negotiation equilibrium (Kranz): relational contracts "
                             "renegotiated with a given probability; hold-up, vulnerability"),
    "payoff_sets": ("contracts.stochastic.payoff_sets", "stochastic_payoff_sets",
                    "two players, no transfers: outer approximation of the pure SPE payoff "
                    "set of every state (one polygon per state)"),
    "markov_perfect": ("contracts.stochastic.markov_perfect", "markov_perfect_pure",
                       "every pure stationary Markov perfect equilibrium (N players): "
                       "branch-and-bound enumeration with pruning"),
    "markov_qre": ("contracts.stochastic.markov_qre", "markov_perfect_mixed",
                   "one stationary Markov perfect equilibrium, possibly mixed (N players): "
                   "limit of the traced logit Markov QRE branch, polished and verified"),
}

_ALIASES = {"value_iteration": "shapley", "policy_iteration": "hoffman_karp",
            "strategy_iteration": "hoffman_karp", "zero_sum": "shapley",
            "relational_contract": "relational", "transfers": "relational",
            "goldlucke_kranz": "relational", "rne": "repeated_negotiation",
            "negotiation": "repeated_negotiation", "outer": "payoff_sets",
            "spe_payoff_sets": "payoff_sets", "pure_markov": "markov_perfect",
            "markov_perfect_pure": "markov_perfect", "pure_mpe": "markov_perfect",
            "markov_perfect_mixed": "markov_qre", "mixed_mpe": "markov_qre",
            "logit": "markov_qre"}


def available_methods() -> dict[str, str]:
    """Method names accepted by :func:`solve_stochastic`, with a description each.

    Returns
    -------
    dict
        Method name -> one-line description.

    Examples
    --------
    >>> "hoffman_karp" in available_methods()
    True
    """
    return {name: desc for name, (_, _, desc) in METHODS.items()}


def _default_method(game) -> str:
    if game.n_players == 1 or game.is_zero_sum():
        return "hoffman_karp" if game.n_states <= 1000 else "shapley"
    for name in ("markov_perfect", "pure_markov", "markov_qre"):
        if name in METHODS:
            return name
    raise UnsupportedGameError(
        f"solve_stochastic: no default method for a {game.n_players}-player game that is not "
        f"zero-sum; choose one of {', '.join(METHODS)}")


def solve_stochastic(game: Any, method: str | None = None, **options: Any) -> StochasticResult:
    """Solve a stochastic game with the named method (see :data:`METHODS`).

    Parameters
    ----------
    game : StochasticGame
        The game to solve.
    method : str, optional
        Default: Hoffman–Karp for zero-sum and one-player games with up to 1,000 states,
        Shapley's value iteration above (faster there: no linear solves).
    **options
        Passed to the solver; options it does not take are dropped with a ``UserWarning``.
        An exact game is solved exactly where the solver can (``exact=False`` to refuse).

    Returns
    -------
    StochasticResult
        The verified equilibria, with the method's convergence report.

    Examples
    --------
    >>> import contracts as ct
    >>> mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(mp, 0.9))
    >>> res = solve_stochastic(g)
    >>> res.method, res.equilibria[0].values.tolist()
    ('hoffman_karp', [[0.0, 0.0]])
    """
    from ..games.stochastic import StochasticGame
    if not isinstance(game, StochasticGame):
        raise InvalidGameError(f"solve_stochastic: expected a StochasticGame, got "
                               f"{type(game).__name__}")
    if method is None:
        method = _default_method(game)
    if not isinstance(method, str):
        raise InvalidParameterError(f"solve_stochastic: method must be a string, got {method!r}")
    key = method.strip().lower().replace("-", "_").replace(" ", "_")
    key = _ALIASES.get(key, key)
    if key not in METHODS:
        raise InvalidParameterError(
            f"solve_stochastic: unknown method {method!r} for a StochasticGame; expected one of "
            f"{', '.join(METHODS)}")
    module, func, _ = METHODS[key]
    fn: Callable = getattr(importlib.import_module(module), func)
    params = inspect.signature(fn).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    if not takes_any:
        ignored = [k for k in options if k not in params]
        if ignored:
            warnings.warn(f"solve_stochastic: method {key!r} ignores option(s) "
                          f"{', '.join(ignored)}", UserWarning, stacklevel=3)
            options = {k: v for k, v in options.items() if k in params}
    return fn(game, **options)

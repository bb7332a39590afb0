"""``solve(game, method=...)``: one entry point to every equilibrium solver.

Dispatches by name in the manner of :func:`scipy.optimize.minimize`: unknown method names are
rejected with the list of valid ones, and options the chosen method does not take are dropped with
a warning (so a typo never passes silently).
"""

from __future__ import annotations

import importlib
import inspect
import warnings
from typing import Any, Callable

from ..exceptions import InvalidParameterError, UnsupportedGameError

__all__ = ["solve", "METHODS", "available_methods"]

#: method name -> (module, function, short description)
METHODS: dict[str, tuple[str, str, str]] = {
    "pure": ("contracts.equilibrium.pure", "pure_nash",
             "all pure-strategy equilibria (N players)"),
    "support_enumeration": ("contracts.equilibrium.support_enumeration", "support_enumeration",
                            "all extreme equilibria by support enumeration (2 players)"),
    "vertex_enumeration": ("contracts.equilibrium.vertex_enumeration", "vertex_enumeration",
                           "all extreme equilibria by vertex enumeration (2 players)"),
    "lemke_howson": ("contracts.equilibrium.lemke_howson", "lemke_howson",
                     "one equilibrium by Lemke-Howson from an initial label (2 players)"),
    "lemke_howson_all": ("contracts.equilibrium.lemke_howson", "lemke_howson_all",
                         "equilibria reached by Lemke-Howson from every label (2 players)"),
    "zero_sum": ("contracts.equilibrium.zero_sum", "zero_sum",
                 "value and optimal strategies of a zero-sum game by linear programming"),
    "one": ("contracts.equilibrium.solve", "_one",
            "fastest route to one verified equilibrium (any number of players)"),
    "logit": ("contracts.equilibrium.nplayer", "logit_limit",
              "limit of the logit QRE branch, polished and verified (N players)"),
}

_ALIASES = {"support": "support_enumeration", "vertex": "vertex_enumeration",
            "enummixed": "vertex_enumeration", "lh": "lemke_howson", "lcp": "lemke_howson",
            "lp": "zero_sum", "enumpure": "pure", "nplayer": "logit", "logit_limit": "logit"}


def available_methods() -> dict[str, str]:
    """Method names accepted by :func:`solve`, with a one-line description each."""
    return {name: desc for name, (_, _, desc) in METHODS.items()}


def _load(name: str) -> Callable:
    module, func, _ = METHODS[name]
    return getattr(importlib.import_module(module), func)


def _one(game, *, exact: bool = False, tol: float | None = None):
    """One verified equilibrium: pure check and interleaved Lemke-Howson (2 players) or the
    logit-branch limit (N players)."""
    if game.num_players == 2:
        from .one import one_equilibrium
        return one_equilibrium(game, exact=exact, tol=tol)
    from .pure import pure_nash
    res = pure_nash(game, tol=tol)
    if len(res):
        from dataclasses import replace
        return replace(res, equilibria=res.equilibria[:1], method="one", complete=False)
    from .nplayer import logit_limit
    return logit_limit(game, tol=tol)


def solve(game: Any, method: str | None = None, **options: Any):
    """Compute equilibria of ``game`` with the named method.

    Parameters
    ----------
    game : NormalFormGame
        The game to solve.
    method : str, optional
        One of :data:`METHODS` (see :func:`available_methods`). Default: ``"vertex_enumeration"``
        for two-player games (all extreme equilibria) and ``"one"`` otherwise.
    **options
        Passed to the solver (e.g. ``exact=True``, ``tol=1e-10``, ``init=3``). Options the solver
        does not accept are dropped with a :class:`UserWarning`. A game with Fraction payoffs is
        solved exactly unless ``exact=False`` is given.

    Returns
    -------
    EquilibriumResult
        Verified equilibria: every profile has max regret ≤ ``tol``.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> res = ct.solve(g, method="vertex_enumeration", exact=True)
    >>> len(res)
    3
    """
    from ..games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(
            f"solve: expected a NormalFormGame, got {type(game).__name__}; extensive-form and "
            "repeated games have their own solvers")
    if method is None:
        method = "vertex_enumeration" if game.num_players == 2 else "one"
    if not isinstance(method, str):
        raise InvalidParameterError(f"solve: method must be a string, got {method!r}")
    key = method.strip().lower().replace("-", "_").replace(" ", "_")
    key = _ALIASES.get(key, key)
    if key not in METHODS:
        raise InvalidParameterError(
            f"solve: unknown method {method!r}; expected one of {', '.join(METHODS)}")
    func = _load(key)
    params = inspect.signature(func).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    if "exact" not in options and game.is_exact and ("exact" in params or takes_any):
        options["exact"] = True   # an exact game is solved exactly unless the caller says not
    if not takes_any:
        ignored = [k for k in options if k not in params]
        if ignored:
            warnings.warn(f"solve: method {key!r} ignores option(s) {', '.join(ignored)}",
                          UserWarning, stacklevel=2)
            options = {k: v for k, v in options.items() if k in params}
    return func(game, **options)

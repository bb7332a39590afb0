"""``solve(game, method=...)``: one entry point to every equilibrium solver.

Dispatches by name in the manner of :func:`scipy.optimize.minimize`: unknown method names are
rejected with the list of valid ones, and options the chosen method does not take are dropped with
a warning (so a typo never passes silently).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
import warnings
from typing import Any, Callable

from ..exceptions import InvalidParameterError, UnsupportedGameError

__all__ = ["solve", "METHODS", "TREE_METHODS", "BAYESIAN_METHODS", "available_methods"]

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
    "support_newton": ("contracts.equilibrium.support_newton", "support_newton",
                       "equilibria by stacked Newton on every support profile (N players)"),
    "enumpoly": ("contracts.equilibrium.enumpoly", "enumpoly",
                 "all equilibria of a small N-player game: polynomial systems per support"),
    "ipa": ("contracts.equilibrium.ipa", "ipa",
            "one equilibrium by iterated polymatrix approximation, polished and verified"),
    "simpdiv": ("contracts.equilibrium.simpdiv", "simpdiv",
                "one equilibrium by simplicial subdivision with grid refinement (N players)"),
    "gnm": ("contracts.equilibrium.gnm", "gnm",
            "equilibria on the path of the global Newton method (N players)"),
}

#: methods for game trees (ExtensiveFormGame), in behaviour strategies
TREE_METHODS: dict[str, tuple[str, str, str]] = {
    "sequence_form": ("contracts.equilibrium.sequence_form", "sequence_form_lcp",
                      "one equilibrium by the sequence-form LCP (2 players, perfect recall)"),
    "sequence_form_lp": ("contracts.equilibrium.sequence_form", "sequence_form_lp",
                         "maximin behaviour strategies of a zero-sum tree (sequence-form LP)"),
    "backward_induction": ("contracts.equilibrium.backward_induction", "backward_induction",
                           "all pure subgame-perfect equilibria (perfect information)"),
    "subgame_perfect": ("contracts.equilibrium.backward_induction", "subgame_perfect",
                        "subgame-perfect equilibria, subgames solved bottom-up"),
}

#: methods for Bayesian games
BAYESIAN_METHODS: dict[str, tuple[str, str, str]] = {
    "bayesian_nash": ("contracts.equilibrium.bayesian_nash", "bayesian_nash",
                      "Bayesian Nash equilibria through the Harsanyi transformation"),
}

_ALIASES = {"support": "support_enumeration", "vertex": "vertex_enumeration",
            "enummixed": "vertex_enumeration", "lh": "lemke_howson", "lcp": "lemke_howson",
            "lp": "zero_sum", "enumpure": "pure", "nplayer": "logit", "logit_limit": "logit",
            "sequence_form_lcp": "sequence_form", "spe": "subgame_perfect"}


def available_methods() -> dict[str, str]:
    """Method names accepted by :func:`solve`, with a one-line description each.

    Returns
    -------
    dict
        Method name -> description.

    Examples
    --------
    >>> "vertex_enumeration" in available_methods()
    True
    """
    return {name: desc for name, (_, _, desc) in METHODS.items()}


@functools.lru_cache(maxsize=None)
def _parameters(func: Callable):
    """The parameters of a solver, and whether it takes any keyword (``**kwargs``); cached:
    ``inspect.signature`` costs about 0.1 ms a call."""
    params = inspect.signature(func).parameters
    return params, any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def _load(name: str, table: dict | None = None) -> Callable:
    module, func, _ = (table or METHODS)[name]
    mod = sys.modules.get(module)                  # loaded: no trip through importlib
    return getattr(mod if mod is not None else importlib.import_module(module), func)


@functools.lru_cache(maxsize=256)
def _method_key(method: str) -> str:
    """The table key of a method name: case, hyphens and spaces folded, aliases resolved."""
    key = method.strip().lower().replace("-", "_").replace(" ", "_")
    return _ALIASES.get(key, key)


_ENTRY: tuple = ()
#: method name as given -> its solver for normal-form games (the common call of :func:`solve`)
_COMMON: dict = {}


def _entry() -> tuple:
    """``(NormalFormGame, as_game)``, imported on the first call only (not at import time)."""
    global _ENTRY
    if not _ENTRY:
        from ..games.normal_form import NormalFormGame
        from ..io.interop import as_game
        _ENTRY = (NormalFormGame, as_game)
    return _ENTRY


def _one(game, *, exact: bool = False, tol: float | None = None):
    """One verified equilibrium: pure check and interleaved Lemke-Howson (2 players) or the
    logit-branch limit (N players)."""
    if game.num_players == 2:
        one = sys.modules.get("contracts.equilibrium.one")   # loaded: skip the import machinery
        if one is None:
            from . import one
        return one.one_equilibrium(game, exact=exact, tol=tol)
    from .support_newton import _one_nplayer
    return _one_nplayer(game, exact=exact, tol=tol)


def _table_for(game: Any) -> tuple[dict, str]:
    """Method table and default method for a game that is not a NormalFormGame."""
    from ..games.bayesian import BayesianGame
    from ..games.extensive_form import ExtensiveFormGame

    if isinstance(game, ExtensiveFormGame):
        if game.is_perfect_information:
            return TREE_METHODS, "backward_induction"
        two = len(game.players) == 2 and game.is_perfect_recall
        return TREE_METHODS, "sequence_form" if two else "subgame_perfect"
    if isinstance(game, BayesianGame):
        return BAYESIAN_METHODS, "bayesian_nash"
    raise UnsupportedGameError(
        f"solve: expected a NormalFormGame, ExtensiveFormGame or BayesianGame (or a nashpy, "
        f"QuantEcon or pygambit game), got {type(game).__module__}.{type(game).__name__}; "
        f"repeated games have RepeatedGame.payoff_set()")


def solve(game: Any, method: str | None = None, **options: Any):
    """Compute equilibria of ``game`` with the named method.

    Parameters
    ----------
    game : NormalFormGame, ExtensiveFormGame or BayesianGame
        The game to solve.
    method : str, optional
        For a NormalFormGame one of :data:`METHODS` (see :func:`available_methods`); default
        ``"vertex_enumeration"`` for two players (all extreme equilibria), ``"one"`` otherwise.
        For a tree one of :data:`TREE_METHODS` (default: backward induction with perfect
        information, the sequence-form LCP for two players with perfect recall, else subgame
        perfection); for a Bayesian game ``"bayesian_nash"``.
    **options
        Passed to the solver (e.g. ``exact=True``, ``tol=1e-10``, ``init=3``). Options the solver
        does not accept are dropped with a :class:`UserWarning`. A game with Fraction payoffs is
        solved exactly unless ``exact=False`` is given.

    Returns
    -------
    EquilibriumResult (trees: BehaviorEquilibriumResult; Bayesian games: BayesianNashResult)
        Verified equilibria: every profile has max regret ≤ ``tol``.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> res = ct.solve(g, method="vertex_enumeration", exact=True)
    >>> len(res)
    3
    """
    NormalFormGame, as_game = _ENTRY or _entry()
    if not isinstance(game, NormalFormGame):
        game = as_game(game)      # nashpy, QuantEcon and pygambit games are converted
    if isinstance(game, NormalFormGame):
        table = METHODS
        if method is None:
            method = "vertex_enumeration" if game.num_players == 2 else "one"
        elif not options and type(method) is str and not game.is_exact:
            # the common call (a float game, a method name, no options): nothing to check or
            # add but the name, whose solver is looked up once
            solver = _COMMON.get(method)
            if solver is None:
                key = _method_key(method)
                if key in table:
                    if len(_COMMON) >= 256:
                        _COMMON.clear()
                    solver = _COMMON[method] = _load(key, table)
            if solver is not None:
                return solver(game)
    else:
        # imported only here: stochastic games need scipy.sparse, which a normal-form solve
        # should not pay for
        from ..games.stochastic import StochasticGame
        if isinstance(game, StochasticGame):
            from ..stochastic import solve_stochastic   # its own table (stochastic.METHODS)
            return solve_stochastic(game, method, **options)
        table, default = _table_for(game)
        if method is None:
            method = default
    if not isinstance(method, str):
        raise InvalidParameterError(f"solve: method must be a string, got {method!r}")
    key = _method_key(method)
    if key not in table:
        raise InvalidParameterError(
            f"solve: unknown method {method!r} for a {type(game).__name__}; expected one of "
            f"{', '.join(table)}")
    if "exact" in options:   # one rule everywhere: None, True or False (never 'no')
        from .._validation import check_exact
        options["exact"] = check_exact("solve", options["exact"])
    func = _load(key, table)
    params, takes_any = _parameters(func)
    if "exact" not in options and getattr(game, "is_exact", False) and ("exact" in params or takes_any):
        options["exact"] = True   # an exact game is solved exactly unless the caller says not
    if options and not takes_any:
        ignored = [k for k in options if k not in params]
        if ignored:
            warnings.warn(f"solve: method {key!r} ignores option(s) {', '.join(ignored)}",
                          UserWarning, stacklevel=2)
            options = {k: v for k, v in options.items() if k in params}
    return func(game, **options)

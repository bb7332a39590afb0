"""Bayesian Nash equilibria through the Harsanyi transformation, reported type by type.

:func:`bayesian_nash` solves the Harsanyi normal form of a
:class:`~contracts.games.bayesian.BayesianGame` with the library's normal-form solvers and turns
each equilibrium (a mixture over type-to-action plans) into what an economist reads: for every
player and every type, the probability of each action and the type's expected payoff given what
it knows. Every equilibrium is re-verified type by type: no type with positive probability can
gain by switching action (interim optimality, exactly 0 for exact games).

Methods:

* ``"vertex_enumeration"`` (two players): every extreme equilibrium of the Harsanyi game;
* ``"pure"`` (any number of players): every pure Bayesian Nash equilibrium;
* ``"sequence_form"`` (two players): one equilibrium from the sequence-form LCP on the game
  tree (:meth:`BayesianGame.to_extensive_form`), whose size grows with the number of types
  rather than exponentially;
* ``"auto"`` (default): vertex enumeration for two players when the Harsanyi game has at most
  ``max_cells`` cells, otherwise the sequence form; pure equilibria for three or more players.

Different extreme equilibria of the Harsanyi game can induce the same behaviour per type; they
are reported once.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterator

import numpy as np

from .._result import Result
from .._validation import check_exact
from ..exceptions import DegenerateGameWarning, InvalidGameError, UnsupportedGameError
from ..results import EquilibriumResult

__all__ = ["bayesian_nash", "BayesianEquilibrium", "BayesianNashResult"]


def _f(x) -> str:
    from ..results import format_number
    return format_number(x)


@dataclass(frozen=True, eq=False)
class BayesianEquilibrium(Result):
    """One Bayesian Nash equilibrium, per type.

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        ``strategies[i][t, a]``: probability that player i of type t plays action a.
    interim_payoffs : tuple of tuple
        ``interim_payoffs[i][t]``: expected payoff of player i given type t (None for types of
        prior probability 0).
    ex_ante_payoffs : tuple
        Expected payoff of each player before types are drawn.
    regret : float or Fraction
        Largest gain of any type (with positive probability) from switching action.
    game : BayesianGame
        The game.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from contracts.games.bayesian import BayesianGame
    >>> g = BayesianGame(["seller", "buyer"], [["good", "bad"], ["-"]],
    ...                  [["sell"], ["buy", "pass"]], [["1/2"], ["1/2"]],
    ...                  lambda t, a: (1, 2 if t[0] == "good" else -1) if a[1] == "buy"
    ...                  else (0, 0))
    >>> res = bayesian_nash(g)
    >>> eq = res[0]
    >>> eq.strategies[1].tolist(), eq.regret
    ([[Fraction(1, 1), Fraction(0, 1)]], Fraction(0, 1))
    """

    strategies: tuple
    interim_payoffs: tuple
    ex_ante_payoffs: tuple
    regret: Any
    game: Any = field(repr=False, default=None)

    def action_probability(self, player, type_, action) -> Any:
        """Probability that ``player`` of type ``type_`` plays ``action``.

        Parameters
        ----------
        player : int or str
            The player (index or name).
        type_ : int or str
            The type (index or label).
        action : int or str
            The action (index or label).

        Returns
        -------
        float or Fraction
            The probability.
        """
        g = self.game
        i = g._check_player(player)
        t = g._check_type(i, type_)
        a = g.actions[i].index(action) if isinstance(action, str) else int(action)
        return self.strategies[i][t, a]

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.strategies)

    def __getitem__(self, i) -> np.ndarray:
        return self.strategies[i]

    def __str__(self) -> str:
        g = self.game
        lines = []
        for i, p in enumerate(g.players):
            m = g.marginal(i)
            for t, tl in enumerate(g.types[i]):
                acts = ", ".join(f"{a}={_f(x)}" for a, x in zip(g.actions[i], self.strategies[i][t])
                                 if x != 0)
                who = p if len(g.types[i]) == 1 else f"{p} of type {tl} (probability {_f(m[t])})"
                pay = self.interim_payoffs[i][t]
                tail = "" if pay is None else f"  (expected payoff {_f(pay)})"
                lines.append(f"  {who}: {acts}{tail}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        parts = ["[" + "; ".join("(" + ", ".join(_f(x) for x in row) + ")" for row in s) + "]"
                 for s in self.strategies]
        return "BayesianEquilibrium(" + ", ".join(parts) + ")"


@dataclass(frozen=True, eq=False, kw_only=True)
class BayesianNashResult(EquilibriumResult):
    """Bayesian Nash equilibria of a game, with how they were found (iterable).

    An :class:`~contracts.results.EquilibriumResult` of kind ``"bayesian"``: its equilibria are
    :class:`BayesianEquilibrium` objects (strategies per type).

    Attributes
    ----------
    equilibria, method, complete, converged, iterations
        As in :class:`~contracts.results.EquilibriumResult`.
    max_regret, degenerate, message, extra, kind
        As in :class:`~contracts.results.EquilibriumResult`.
    exact : bool
        Whether strategies are Fractions.
    normal_form : NormalFormGame or None
        The Harsanyi game, when it was built.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from contracts.games.bayesian import BayesianGame
    >>> g = BayesianGame(["seller", "buyer"], [["good", "bad"], ["-"]],
    ...                  [["sell"], ["buy", "pass"]], [["1/2"], ["1/2"]],
    ...                  lambda t, a: (1, 2 if t[0] == "good" else -1) if a[1] == "buy"
    ...                  else (0, 0))
    >>> res = bayesian_nash(g)
    >>> len(res), res.exact
    (1, True)
    """

    max_regret: Any = 0
    normal_form: Any = field(default=None, repr=False)
    kind: str = "bayesian"

    # iteration, len and indexing over ``equilibria`` come from EquilibriumResult

    def __repr__(self) -> str:
        return (f"BayesianNashResult(method={self.method!r}, n={len(self.equilibria)}, "
                f"exact={self.exact}, complete={self.complete})")

    # ``str`` is EquilibriumResult's with this headline (and no degenerate line)
    _says_degenerate = False

    def _headline(self) -> str:
        n = len(self.equilibria)
        return (f"bayesian_nash ({self.method}): {n} "
                f"{'equilibrium' if n == 1 else 'equilibria'} "
                f"({'complete' if self.complete else 'not necessarily all'})")


def _per_type(game, strategies, exact, tol):
    """Interim payoffs and regret of per-type strategies; None if some type can gain."""
    n = game.num_players
    interim, worst = [], Fraction(0) if exact else 0.0
    for i in range(n):
        vals = game.interim_values(i, strategies)
        row = []
        for t in range(len(game.types[i])):
            if game.marginal(i)[t] == 0:
                row.append(None)
                continue
            v = vals[t]
            cur = sum((p * x for p, x in zip(strategies[i][t], v)),
                      Fraction(0) if exact else 0.0)
            best = max(v)
            worst = max(worst, best - cur)
            row.append(cur)
        interim.append(tuple(row))
    return tuple(interim), worst


def bayesian_nash(game, *, method: str = "auto", exact: bool | None = None,
                  tol: float | None = None, max_cells: int = 400) -> BayesianNashResult:
    """Bayesian Nash equilibria, reported per type.

    Parameters
    ----------
    game : BayesianGame
        Types, prior, actions and payoffs.
    method : {"auto", "vertex_enumeration", "pure", "sequence_form"}
        See the module docstring.
    exact : bool, optional
        Exact arithmetic (default for exact games).
    tol : float, optional
        Tolerance for float games.
    max_cells : int
        Under ``"auto"``: largest Harsanyi game solved by vertex enumeration.

    Returns
    -------
    BayesianNashResult
        Equilibria with per-type strategies and interim payoffs; ``normal_form`` holds the
        Harsanyi game (when built).

    Examples
    --------
    The agency knows its competence (2/3 competent); hard work costs a competent agency 1 and a
    weak one 3; the government monitors (cost 1, fee cut to 1 when corners are cut) or trusts:

    >>> from fractions import Fraction
    >>> from contracts.games.bayesian import BayesianGame
    >>> def u(types, acts):
    ...     effort, oversight = acts
    ...     cost = {"competent": 1, "weak": 3}[types[0]] if effort == "hard" else 0
    ...     fee = 4 if (effort == "hard" or oversight == "trust") else 1
    ...     quality = 4 if effort == "hard" else 1
    ...     return fee - cost, quality - fee - (1 if oversight == "monitor" else 0)
    >>> g = BayesianGame(["agency", "government"], [["competent", "weak"], ["-"]],
    ...                  [["hard", "cut"], ["monitor", "trust"]],
    ...                  [[Fraction(2, 3)], [Fraction(1, 3)]], u)
    >>> res = bayesian_nash(g)
    >>> eq = res[0]
    >>> eq.action_probability("agency", "competent", "hard"), eq.action_probability(
    ...     "agency", "weak", "hard"), eq.action_probability("government", 0, "monitor")
    (Fraction(1, 1), Fraction(0, 1), Fraction(1, 1))
    """
    from ..games.bayesian import BayesianGame

    where = "bayesian_nash"
    exact = check_exact(where, exact)
    if not isinstance(game, BayesianGame):
        raise InvalidGameError(f"{where}: expected a BayesianGame, got {type(game).__name__}")
    if method not in ("auto", "vertex_enumeration", "pure", "sequence_form"):
        raise InvalidGameError(f"{where}: unknown method {method!r}; expected 'auto', "
                               "'vertex_enumeration', 'pure' or 'sequence_form'")
    exact = game.is_exact if exact is None else bool(exact)
    n = game.num_players
    if method == "auto":
        if n != 2:
            method = "pure"
        else:
            cells = 1
            for i in range(n):
                cells *= len(game.actions[i]) ** len(game.types[i])
            method = "vertex_enumeration" if cells <= max_cells else "sequence_form"
    if method in ("vertex_enumeration", "sequence_form") and n != 2:
        raise UnsupportedGameError(f"{where}: method {method!r} needs two players; the game has "
                                   f"{n} (use method='pure')")
    candidates = []     # per-type strategies
    complete = False
    nf = None
    if method == "sequence_form":
        from .sequence_form import sequence_form_lcp
        tree = game.to_extensive_form()
        res = sequence_form_lcp(tree, exact=exact, tol=tol)
        for eq in res:
            strategies = []
            for i in range(n):
                rows = []
                for t, tl in enumerate(game.types[i]):
                    key = f"{game.players[i]}: {tl}"
                    h = next(s.index for s in tree.infosets[i] if s.label == key)
                    rows.append(list(eq.profile.probabilities[i][h]))
                strategies.append(np.array(rows, dtype=object if exact else float))
            candidates.append(tuple(strategies))
    else:
        nf = game.harsanyi()
        if method == "vertex_enumeration":
            from .vertex_enumeration import vertex_enumeration
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DegenerateGameWarning)
                res = vertex_enumeration(nf, exact=exact, tol=tol)
        else:
            from .pure import pure_nash
            res = pure_nash(nf, tol=tol)
        complete = res.complete
        for eq in res:
            candidates.append(tuple(game.type_strategies(i, list(eq.strategies[i]))
                                    for i in range(n)))
    limit = 0 if exact else (tol if tol is not None else 1e-9 * max(
        1.0, max((abs(float(v)) for a in game.payoffs for v in a.flat), default=1.0)))
    out, seen, dropped = [], set(), 0
    for strategies in candidates:
        if not exact:
            strategies = tuple(np.asarray(s, dtype=float) for s in strategies)
        key = tuple(tuple(x if exact else round(float(x), 9) for x in np.asarray(s).flat)
                    for s in strategies)
        if key in seen:
            continue
        interim, regret = _per_type(game, strategies, exact, limit)
        if regret > limit:
            dropped += 1
            continue
        seen.add(key)
        ex_ante = []
        for i in range(n):
            m = game.marginal(i)
            ex_ante.append(sum((m[t] * v for t, v in enumerate(interim[i]) if v is not None),
                               Fraction(0) if exact else 0.0))
        out.append(BayesianEquilibrium(strategies, interim, tuple(ex_ante), regret, game))
    msg = []
    if dropped:
        msg.append(f"{dropped} candidate(s) failed the per-type check and were dropped")
        complete = False
    if any(m == 0 for i in range(n) for m in game.marginal(i)):
        msg.append("some types have prior probability 0: their actions are not restricted by "
                   "equilibrium (interim payoffs reported as None)")
    return BayesianNashResult(equilibria=tuple(out), method=method, exact=exact,
                              complete=complete,
                              max_regret=max((e.regret for e in out), default=0),
                              message="; ".join(msg), normal_form=nf)

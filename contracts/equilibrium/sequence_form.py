"""Equilibria of two-player game trees through the sequence form.

The sequence form (Koller, Megiddo and von Stengel 1996) describes a player's behaviour by a
*realisation plan*: the probability ``r(σ)`` with which her own moves follow each sequence σ of
her actions. Realisation plans are the vectors ``r >= 0`` with ``E r = e`` — one row per
information set — so their number grows with the size of the tree, not exponentially like the
reduced normal form.

* :func:`sequence_form_lcp` — a Nash equilibrium of a two-player game with perfect recall from
  the linear complementarity problem

      x >= 0 ⊥ C1 y - E'u >= 0,     y >= 0 ⊥ C2'x - F'v >= 0,
      u >= 0 ⊥ E x - e >= 0,         v >= 0 ⊥ F y - f >= 0,

  (``C1, C2`` the sequence-form payoffs turned into positive costs), solved with Lemke's
  algorithm and the covering vector of ones with the lexicographic rule — the same system,
  start and pivoting rule as Gambit's ``lcp_solve`` on trees, so on the same small file it
  finds the same equilibrium. The matrix is sparse (:mod:`._sequence_build`); the path is
  walked in floats first and the answer certified exactly, with exact pivoting as the
  fallback (:mod:`._sequence_lemke`).
* :func:`sequence_form_lp` — optimal (maximin) behaviour strategies and the value of a
  two-player zero-sum tree, from the sequence-form linear program solved by HiGHS; exact
  Fractions are recovered and certified when the tree is exact.

Both return a :class:`BehaviorEquilibriumResult` whose equilibria are verified over the tree
(each player's best deviation computed by backward induction over her sequences).

References: D. Koller, N. Megiddo, B. von Stengel (1996), "Efficient computation of equilibria
for extensive two-person games", Games and Economic Behavior 14, 247–259.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator, Sequence

import numpy as np

from .._linalg import solve_lp
from .._result import jsonable
from .._validation import check_exact
from ..exceptions import InvalidGameError, UnsupportedGameError
from ..results import EquilibriumResult
from ._sequence_build import build_lcp, frac
from ._sequence_lemke import Inconclusive, exact_basic_solution, exact_lemke, float_paths

__all__ = ["sequence_form_lcp", "sequence_form_lp", "BehaviorEquilibrium",
           "BehaviorEquilibriumResult", "build_behavior_result"]


def _fmt(x) -> str:
    from ..results import format_number
    return format_number(x)


# ----------------------------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class BehaviorEquilibrium:
    """One verified equilibrium of a game tree, in behaviour strategies.

    Attributes
    ----------
    profile : BehaviorProfile
        ``profile.probabilities[i][h]``: player i's probabilities at her h-th information set.
    payoffs : tuple
        Expected payoff of each player.
    regret : float or Fraction
        Largest gain any player could get by deviating (0 for exact equilibria).

    Examples
    --------
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg('''EFG 2 R "" { "1" "2" }
    ... p "" 1 1 "" { "S" "T" } 0
    ... t "" 1 "" { 1, 1 }
    ... p "" 2 1 "" { "E" "O" } 0
    ... t "" 2 "" { 0, 2 }
    ... t "" 3 "" { 2, 0 }''')
    >>> eq = sequence_form_lcp(g)[0]
    >>> eq.payoffs, eq.regret
    ((Fraction(1, 1), Fraction(1, 1)), Fraction(0, 1))
    """

    profile: Any
    payoffs: tuple
    regret: Any = 0

    @property
    def strategies(self) -> tuple:
        """Behaviour strategies: ``strategies[i][h][a]``."""
        return self.profile.probabilities

    @property
    def game(self):
        """The game tree the equilibrium belongs to."""
        return self.profile.game

    def __iter__(self) -> Iterator:
        return iter(self.profile.probabilities)

    def __getitem__(self, i):
        return self.profile.probabilities[i]

    def __len__(self) -> int:
        return len(self.profile.probabilities)

    def to_mixed(self) -> tuple:
        """The equivalent mixed profile over reduced strategies (Kuhn's theorem).

        Returns
        -------
        tuple of numpy.ndarray
            One probability vector per player, in the order of the game's reduced normal form.
        """
        return self.profile.to_mixed()

    def as_dict(self) -> list[dict]:
        """The strategies by information set (see :meth:`BehaviorProfile.as_dict`).

        Returns
        -------
        list of dict
            ``[{"player:infoset": [probabilities]}, ...]``, one dictionary per player.
        """
        return self.profile.as_dict()

    def to_numpy(self) -> tuple:
        """Each player's behaviour probabilities, information set after information set.

        Returns
        -------
        tuple of numpy.ndarray
            One float64 vector per player (the concatenated probability vectors).
        """
        return tuple(np.array([float(x) for v in rows for x in v], dtype=float)
                     for rows in self.profile.probabilities)

    def to_dict(self) -> dict:
        """The equilibrium as JSON-serialisable data.

        Returns
        -------
        dict
            ``strategies`` (as :meth:`as_dict`, Fractions as ``"p/q"``), ``payoffs``,
            ``regret``.
        """
        return {"strategies": jsonable(self.as_dict()), "payoffs": jsonable(self.payoffs),
                "regret": jsonable(self.regret)}

    def __eq__(self, other):
        if not isinstance(other, BehaviorEquilibrium):
            return NotImplemented
        return self.profile == other.profile

    def __hash__(self):
        return hash(self.profile)

    def __repr__(self) -> str:
        pay = "(" + ", ".join(_fmt(v) for v in self.payoffs) + ")"
        return f"BehaviorEquilibrium({self.profile!r}, payoffs={pay})"

    def __str__(self) -> str:
        g = self.profile.game
        pays = ", ".join(f"{p} {_fmt(v)}" for p, v in zip(g.players, self.payoffs))
        return str(self.profile) + f"\n  expected payoffs: {pays}"


@dataclass(frozen=True, eq=False)
class BehaviorEquilibriumResult(EquilibriumResult):
    """Equilibria of a game tree in behaviour strategies, with how they were found.

    The library's :class:`~contracts.results.EquilibriumResult` of kind ``"behaviour"``: the
    same fields and the same iteration (``len(result)``, ``result[0]``, ``for eq in result``),
    over :class:`BehaviorEquilibrium` objects.

    Attributes
    ----------
    equilibria : tuple of BehaviorEquilibrium
        The verified equilibria.
    method : str
        Name of the algorithm.
    exact : bool
        True when the strategies are exact Fractions.
    complete : bool
        True when the method guarantees it found all the equilibria it looks for.
    converged : bool
        False when the method stopped early.
    iterations : int or None
        Pivots (LCP) or subgames solved.
    max_regret : float or Fraction
        Largest gain of a deviation over the returned equilibria (0 when exact).
    degenerate : bool or None
        Not checked for trees (None).
    message : str
        Anything the user should know.
    extra : Mapping
        Method-specific details (e.g. the realisation plans, the value of a zero-sum game).
    kind : str
        ``"behaviour"``.

    Examples
    --------
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg('''EFG 2 R "" { "1" "2" }
    ... p "" 1 1 "" { "S" "T" } 0
    ... t "" 1 "" { 1, 1 }
    ... p "" 2 1 "" { "E" "O" } 0
    ... t "" 2 "" { 0, 2 }
    ... t "" 3 "" { 2, 0 }''')
    >>> res = sequence_form_lcp(g)
    >>> res.kind, len(res), res.exact
    ('behaviour', 1, True)
    """

    max_regret: Any = 0
    kind: str = "behaviour"

    def to_dict(self) -> dict:
        """The result as JSON-serialisable data; each equilibrium as in
        :meth:`BehaviorEquilibrium.to_dict`."""
        out = super().to_dict()
        out["equilibria"] = [eq.to_dict() for eq in self.equilibria]
        return out

    def _rows(self) -> list[dict]:
        rows = []
        for k, eq in enumerate(self.equilibria):
            g = eq.game
            for i, sets in enumerate(eq.profile.probabilities):
                for h, probs in enumerate(sets):
                    info = g.infosets[i][h]
                    for a, pr in enumerate(probs):
                        rows.append({"equilibrium": k, "player": g.players[i],
                                     "infoset": info.label or str(h),
                                     "action": info.actions[a],
                                     "probability": jsonable(pr) if isinstance(pr, Fraction)
                                     else float(pr)})
        return rows

    def __str__(self) -> str:
        n = len(self.equilibria)
        lines = [f"{self.method}: {n} {'equilibrium' if n == 1 else 'equilibria'} "
                 f"({'complete' if self.complete else 'not necessarily all'}; "
                 f"{'exact' if self.exact else 'floating point'}; max regret "
                 f"{_fmt(self.max_regret)})"]
        if not self.converged:
            lines.append("  did not converge")
        if self.message:
            lines.append("  " + self.message)
        for k, eq in enumerate(self.equilibria, 1):
            lines.append(f" #{k}")
            lines.append(str(eq))
        return "\n".join(lines)


def build_behavior_result(game, profiles: Sequence, *, method: str, tol: float | None = None,
                          exact: bool = False, complete: bool = False, converged: bool = True,
                          iterations: int | None = None, message: str = "",
                          extra: dict | None = None) -> BehaviorEquilibriumResult:
    """Verify behaviour profiles over the tree and package the equilibria.

    A profile is kept when no player gains more than ``tol`` (0 for exact profiles of exact
    games) by deviating; duplicates are dropped; the message counts rejected candidates.

    Parameters
    ----------
    game : ExtensiveFormGame
        The tree.
    profiles : sequence
        Candidate :class:`BehaviorProfile` objects (or data they can be built from).
    method : str
        Name of the algorithm, recorded on the result.
    tol : float, optional
        Verification tolerance for float profiles (default: the game's).
    exact, complete, converged : bool
        Recorded on the result (``complete`` is cleared when a candidate is dropped).
    iterations : int, optional
        Pivots or steps used.
    message : str
        Anything the user should know.
    extra : dict, optional
        Method-specific details.

    Returns
    -------
    BehaviorEquilibriumResult
        The verified, distinct equilibria.

    Examples
    --------
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg('''EFG 2 R "" { "1" "2" }
    ... p "" 1 1 "" { "S" "T" } 0
    ... t "" 1 "" { 1, 1 }
    ... p "" 2 1 "" { "E" "O" } 0
    ... t "" 2 "" { 0, 2 }
    ... t "" 3 "" { 2, 0 }''')
    >>> res = build_behavior_result(g, [[[(1, 0)], [(1, 0)]], [[(0, 1)], [(1, 0)]]],
    ...                             method="by hand", exact=True)
    >>> len(res), res.message
    (1, '1 candidate profile(s) failed verification and were dropped')
    """
    from ..games.extensive_form import BehaviorProfile

    if tol is None:
        tol = game.default_tol()
    kept: list = []
    seen: set = set()
    dropped = 0
    for prof in profiles:
        if not isinstance(prof, BehaviorProfile):
            prof = BehaviorProfile.from_data(game, prof)
        regrets = game.behavior_regrets(prof)
        r = max(regrets, default=0)
        limit = 0 if (prof.is_exact and game.is_exact) else tol
        if r > limit:
            dropped += 1
            continue
        key = _key(prof)
        if key in seen:
            continue
        seen.add(key)
        kept.append(BehaviorEquilibrium(prof, game.behavior_payoffs(prof), r))
    msgs = [message] if message else []
    if dropped:
        msgs.append(f"{dropped} candidate profile(s) failed verification and were dropped")
        complete = False
    return BehaviorEquilibriumResult(
        equilibria=tuple(kept), method=method, exact=exact, complete=complete,
        converged=converged, iterations=iterations,
        max_regret=max((e.regret for e in kept), default=0), message="; ".join(msgs),
        extra=extra or {})


def _key(p) -> tuple:
    """Hashable identity of a profile: exact values, or floats rounded to 9 decimals."""
    if p.is_exact:
        return p.probabilities
    return tuple(tuple(tuple(round(float(x), 9) + 0.0 for x in v) for v in rows)
                 for rows in p.probabilities)


# ----------------------------------------------------------------------------------------------
# checks
# ----------------------------------------------------------------------------------------------
def _check_tree(game, where: str, *, two_players: bool = True):
    from ..games.extensive_form import ExtensiveFormGame
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"{where}: expected an ExtensiveFormGame, got "
                               f"{type(game).__name__}")
    if two_players and game.num_players != 2:
        raise UnsupportedGameError(f"{where}: the sequence-form method needs two players; the "
                                   f"game has {game.num_players}")
    if not game.is_perfect_recall:
        raise UnsupportedGameError(f"{where}: the sequence form needs perfect recall; "
                                   f"{game._cache['recall']}")


# ----------------------------------------------------------------------------------------------
# the LCP and Lemke's algorithm: float first, exact repair
# ----------------------------------------------------------------------------------------------
#: an exact basis is re-solved in rationals (dense) up to this many LCP rows
EXACT_BASIS_MAX = 300
#: denominators tried when rounding a float realisation plan to Fractions
_DENOMINATORS = (10 ** 6, 10 ** 9)


def _plans(z, lay) -> tuple:
    x = [z[lay.off_x + k] for k in range(lay.ns[0])]
    y = [z[lay.off_y + k] for k in range(lay.ns[1])]
    return x, y


def _rounded_plan(v, den: int) -> list:
    out = []
    for t in v:
        t = float(t)
        out.append(Fraction(0) if t <= 0.5 / den else Fraction(t).limit_denominator(den))
    return out


_LCP_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _lcp_of(game):
    """The game's sparse LCP with its float matrix and right-hand side (cached per game:
    games are immutable)."""
    try:
        return _LCP_CACHE[game]
    except (KeyError, TypeError):
        pass
    lcp = build_lcp(game)
    out = (lcp, lcp.matrix(), lcp.q_float())
    try:
        _LCP_CACHE[game] = out
    except TypeError:       # pragma: no cover - a game that cannot be weakly referenced
        pass
    return out


def _zero_regret_payoffs(game, prof):
    """The payoffs of an exact profile if no player gains by deviating (checked exactly
    over the tree), else None."""
    pay = game.behavior_payoffs(prof)
    best = game.best_response_values(prof)
    return pay if all(b == v for b, v in zip(best, pay)) else None


def _repair(game, lcp, z, basic, tol):
    """An equilibrium profile from a float Lemke solution, or None (inconclusive).

    Exact trees: the float realisation plans are rounded to Fractions (small denominators
    first) and the behaviour profile they induce is verified exactly over the tree; failing
    that, the final basis is re-solved exactly in rationals (small problems) and verified.
    Float trees: the float profile is verified with ``tol``.
    """
    from ..games.extensive_form import BehaviorProfile

    lay = lcp.layout
    x, y = _plans(z, lay)
    if not game.is_exact:
        plans = ([max(float(t), 0.0) for t in x], [max(float(t), 0.0) for t in y])
        prof = BehaviorProfile.from_realization_plans(game, plans)
        limit = game.default_tol() if tol is None else tol
        if max(game.behavior_regrets(prof)) <= limit:
            return prof, (plans[0], plans[1]), "float", None
        return None
    for den in _DENOMINATORS:
        plans = (_rounded_plan(x, den), _rounded_plan(y, den))
        prof = BehaviorProfile.from_realization_plans(game, plans)
        pay = _zero_regret_payoffs(game, prof)
        if pay is not None:
            return prof, plans, "float, rounded and verified exactly", pay
    if lay.n <= EXACT_BASIS_MAX:
        ze = exact_basic_solution(lcp, basic)
        if ze is not None:
            plans = _plans(ze, lay)
            prof = BehaviorProfile.from_realization_plans(game, plans)
            pay = _zero_regret_payoffs(game, prof)
            if pay is not None:
                return prof, plans, "float, exact basis re-solved", pay
    return None


def sequence_form_lcp(game, *, exact: bool | None = None, tol: float | None = None,
                      max_pivots: int = 100_000,
                      max_exact: int = 1_000) -> BehaviorEquilibriumResult:
    """One Nash equilibrium of a two-player tree with perfect recall, in behaviour strategies.

    Parameters
    ----------
    game : ExtensiveFormGame
        Two players, perfect recall.
    exact : bool, optional
        Return Fractions (default for exact games). Exact trees are certified exactly in any
        case: Lemke's path is walked in float64 first (a dense dictionary for small LCPs, a
        sparse LU factorisation of the basis for large ones), the float realisation plans are
        rounded to Fractions (or the final basis re-solved in rationals) and the behaviour
        profile is verified exactly over the tree; only when that fails is the path walked
        again in exact arithmetic. ``extra["arithmetic"]`` says which route gave the answer.
    tol : float, optional
        Verification tolerance for floating-point results.
    max_pivots : int
        Safety limit on the number of pivots.
    max_exact : int
        Largest LCP (rows: sequences plus information sets plus 2) walked in exact arithmetic
        when the float path is inconclusive; above it the result has ``converged=False``.

    Returns
    -------
    BehaviorEquilibriumResult
        One verified equilibrium; ``extra`` holds the realisation plans and the pivot count.

    Raises
    ------
    UnsupportedGameError
        More or fewer than two players, or no perfect recall.

    Examples
    --------
    One-card poker (Reiley et al. 2008): Alice always bets a King and bluffs a third of the
    time with a Queen; Bob calls two thirds of the time.

    >>> from contracts.io.efg import read_efg
    >>> g = read_efg('''EFG 2 R "poker" { "Alice" "Bob" }
    ... c "" 1 "Deal" { "King" 1/2 "Queen" 1/2 } 0
    ... p "" 1 1 "King" { "Bet" "Fold" } 0
    ... p "" 2 1 "Bet?" { "Call" "Fold" } 0
    ... t "" 1 "" { 2, -2 }
    ... t "" 2 "" { 1, -1 }
    ... t "" 3 "" { -1, 1 }
    ... p "" 1 2 "Queen" { "Bet" "Fold" } 0
    ... p "" 2 1 "Bet?" { "Call" "Fold" } 0
    ... t "" 4 "" { -2, 2 }
    ... t "" 2 "" { 1, -1 }
    ... t "" 3 "" { -1, 1 }''')
    >>> eq = sequence_form_lcp(g)[0]
    >>> print(eq)
      Alice at 'King': Bet=1
      Alice at 'Queen': Bet=1/3, Fold=2/3
      Bob at 'Bet?': Call=2/3, Fold=1/3
      expected payoffs: Alice 1/3, Bob -1/3
    >>> eq.payoffs
    (Fraction(1, 3), Fraction(-1, 3))
    """
    from ..games.extensive_form import BehaviorProfile

    where = "sequence_form_lcp"
    exact = check_exact(where, exact)
    _check_tree(game, where)
    exact = game.is_exact if exact is None else exact
    lcp, Mc, qf = _lcp_of(game)
    lay = lcp.layout
    found = None
    pivots = 0
    for name, walk in float_paths(lay.n):
        try:
            # bounded: float round-off can break the lexicographic rule's guarantee (cycling)
            z, basic, pivots = walk(Mc, qf, lay.off_u, min(max_pivots, 20 * lay.n + 100))
        except Inconclusive:
            continue
        found = _repair(game, lcp, z, basic, tol)
        if found is not None:
            found = found[:2] + (f"{found[2]} ({name} float path)", found[3])
            break
    if found is None and lay.n > max_exact:
        return build_behavior_result(
            game, [], method=where, exact=exact, converged=False, iterations=pivots,
            extra={"sequences": sum(lay.ns), "lcp_size": lay.n, "arithmetic": "none"},
            message=f"the float path was inconclusive and the exact path on an LCP of {lay.n} "
                    f"rows is beyond max_exact={max_exact} (its dense exact dictionary grows "
                    "with the square of the rows); raise max_exact to run it")
    if found is None:       # the float path was inconclusive: pivot exactly
        qx = lcp.q if game.is_exact else [frac(v) for v in lcp.q]
        ze, pivots, ok = exact_lemke(lcp.dense_exact(), qx, lay.off_u, max_pivots, where)
        if not ok:     # pragma: no cover - Lemke cannot end on a ray (KMvS 1996, Thm 4.1)
            return build_behavior_result(game, [], method=where, exact=exact,
                                         converged=False, iterations=pivots,
                                         message="Lemke's algorithm ended on a secondary ray")
        plans = _plans(ze, lay)
        found = (BehaviorProfile.from_realization_plans(game, plans), plans, "exact", None)
    prof, plans, arithmetic, payoffs = found
    verified = payoffs is not None      # _repair checked exactly that no one gains
    if not exact:
        prof = prof.as_float()
    elif not prof.is_exact:
        exact = False
    extra = {"realization_plans": plans, "arithmetic": arithmetic,
             "sequences": sum(lay.ns), "lcp_size": lay.n}
    if exact and verified:      # verified exactly over the tree already (regret 0)
        return BehaviorEquilibriumResult(
            equilibria=(BehaviorEquilibrium(prof, payoffs, Fraction(0)),),
            method=where, exact=True, iterations=pivots, max_regret=Fraction(0), extra=extra)
    res = build_behavior_result(game, [prof], method=where, tol=tol, exact=exact,
                                iterations=pivots, extra=extra)
    if not res.equilibria:    # pragma: no cover - safeguard, never observed
        # the relaxed constraints E x >= e admit solutions that are not realisation plans in
        # parts of the tree nobody reaches; fall back on the normal form in that case
        res = _normal_form_fallback(game, exact, tol, pivots)
    return res


def _normal_form_fallback(game, exact, tol, pivots):   # pragma: no cover - safeguard
    from .lemke_howson import lemke_howson

    nf = game.reduced_normal_form(exact=exact)
    eq = lemke_howson(nf, exact=exact)
    profs = [game.mixed_to_behavior(e.strategies) for e in eq]
    return build_behavior_result(game, profs, method="sequence_form_lcp", tol=tol, exact=exact,
                                 iterations=pivots,
                                 message="the sequence-form path ended off the realisation "
                                         "plans; the equilibrium comes from Lemke-Howson on the "
                                         "reduced normal form")


# ----------------------------------------------------------------------------------------------
# zero-sum: the sequence-form LP
# ----------------------------------------------------------------------------------------------
def _maximin_plan(A, E, F):
    """max_x min_y x'Ay over realisation plans: LP in (x, q) solved by HiGHS.

    max f'q  s.t.  F'q - A'x <= 0,  E x = e,  x >= 0,  q free.
    """
    n1, n2 = A.shape
    k1, k2 = E.shape[0], F.shape[0]
    c = np.concatenate([np.zeros(n1), -np.eye(1, k2, 0).ravel()])   # maximise q_0 (f = e_0)
    A_ub = np.hstack([-A.T, F.T])
    b_ub = np.zeros(n2)
    A_eq = np.hstack([E, np.zeros((k1, k2))])
    b_eq = np.eye(1, k1, 0).ravel()
    bounds = [(0, None)] * n1 + [(None, None)] * k2
    sol = solve_lp(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds,
                   method="highs", caller="sequence_form_lp")
    return sol.x[:n1], -sol.fun


def _rationalize_behavior(game, prof, max_den: int = 10 ** 6):
    """Round a float behaviour profile to nearby Fractions (each vector summing to 1)."""
    from ..games.extensive_form import BehaviorProfile

    out = []
    for rows in prof.probabilities:
        new = []
        for v in rows:
            fr = [Fraction(float(x)).limit_denominator(max_den) for x in v]
            fr = [max(Fraction(0), x) for x in fr]
            tot = sum(fr, Fraction(0))
            if tot == 0:
                fr = [Fraction(1, len(v))] * len(v)
            else:
                fr = [x / tot for x in fr]
            new.append(tuple(fr))
        out.append(tuple(new))
    return BehaviorProfile(game, tuple(out))


def sequence_form_lp(game, *, exact: bool | None = None,
                     tol: float | None = None) -> BehaviorEquilibriumResult:
    """Maximin behaviour strategies of a two-player zero-sum tree (sequence-form LP, HiGHS).

    Player 1 maximises ``min_y x'Ay`` over her realisation plans ``x`` (and player 2 the
    reverse); the LPs have one variable per sequence and one constraint per information set.
    For exact trees the floating-point plans are rounded to Fractions and kept only if that
    exact profile is certified to be an equilibrium; otherwise the float profile is returned.

    Parameters
    ----------
    game : ExtensiveFormGame
        Two players, perfect recall, payoffs summing to a constant at every terminal node.
    exact : bool, optional
        Try to return certified Fractions (default for exact games).
    tol : float, optional
        Verification tolerance for floating-point results.

    Returns
    -------
    BehaviorEquilibriumResult
        One equilibrium; ``extra["value"]`` is player 1's value of the game.

    Examples
    --------
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg('''EFG 2 R "pennies" { "hider" "seeker" }
    ... p "" 1 1 "" { "H" "T" } 0
    ... p "" 2 1 "" { "h" "t" } 0
    ... t "" 1 "" { -1, 1 }
    ... t "" 2 "" { 1, -1 }
    ... p "" 2 1 "" { "h" "t" } 0
    ... t "" 2 "" { 1, -1 }
    ... t "" 1 "" { -1, 1 }''')
    >>> res = sequence_form_lp(g)
    >>> res.extra["value"], res[0].as_dict()[0]
    (Fraction(0, 1), {'hider:0': [Fraction(1, 2), Fraction(1, 2)]})
    """
    from ..games.extensive_form import BehaviorProfile

    where = "sequence_form_lp"
    exact = check_exact(where, exact)
    _check_tree(game, where)
    cum = game._cum_payoffs()
    sums = {cum[z][0] + cum[z][1] for z in game.terminal_nodes}
    if len(sums) > 1 and (game.is_exact or max(sums) - min(sums) > 1e-9 * (1 + max(
            abs(float(s)) for s in sums))):
        raise UnsupportedGameError(
            f"{where}: the game is not constant-sum (payoff sums at terminal nodes range over "
            f"{_fmt(min(sums))}..{_fmt(max(sums))}); use sequence_form_lcp")
    exact = game.is_exact if exact is None else bool(exact)
    sf = game.sequence_form()
    A, _ = sf.payoff_matrices()
    Af = np.array(A, dtype=float)
    E = sf.constraints[0].astype(float)
    F = sf.constraints[1].astype(float)
    x, v1 = _maximin_plan(Af, E, F)
    # player 2 maximises min_x x'(-A)y: transpose roles
    y, v2 = _maximin_plan(-Af.T, F, E)
    x = np.clip(x, 0, None)
    y = np.clip(y, 0, None)
    prof = BehaviorProfile.from_realization_plans(game, (list(x), list(y)))
    message = ""
    if exact:
        cand = _rationalize_behavior(game, prof)
        if max(game.behavior_regrets(cand)) == 0:
            prof = cand
        else:
            exact = False
            message = "could not certify an exact solution; returning floating point"
    res = build_behavior_result(game, [prof], method=where, tol=tol, exact=exact,
                                message=message)
    value = game.behavior_payoffs(prof)[0] if res.equilibria else v1
    return BehaviorEquilibriumResult(
        equilibria=res.equilibria, method=res.method, exact=res.exact, complete=False,
        converged=True, iterations=None, max_regret=res.max_regret, message=res.message,
        extra={"value": value, "lp_values": (v1, -v2)})

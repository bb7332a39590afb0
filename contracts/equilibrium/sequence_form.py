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
  algorithm and the covering vector of ones, pivoting exactly in rational arithmetic with the
  lexicographic rule — the same system, start and pivoting rule as Gambit's ``lcp_solve`` on
  trees, so on the same file it finds the same equilibrium.
* :func:`sequence_form_lp` — optimal (maximin) behaviour strategies and the value of a
  two-player zero-sum tree, from the sequence-form linear program solved by HiGHS; exact
  Fractions are recovered and certified when the tree is exact.

Both return a :class:`BehaviorEquilibriumResult` whose equilibria are verified over the tree
(each player's best deviation computed by backward induction over her sequences).

References: D. Koller, N. Megiddo, B. von Stengel (1996), "Efficient computation of equilibria
for extensive two-person games", Games and Economic Behavior 14, 247–259.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterator, Sequence

import numpy as np

from .._linalg import solve_lp
from .._linalg.pivot import Dictionary, NoPivot
from .._linalg.rational import common_denominator, solve_exact
from .._validation import check_exact
from ..exceptions import ConvergenceError, InvalidGameError, UnsupportedGameError

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
        return self.profile.game

    def __iter__(self) -> Iterator:
        return iter(self.profile.probabilities)

    def __getitem__(self, i):
        return self.profile.probabilities[i]

    def __len__(self) -> int:
        return len(self.profile.probabilities)

    def to_mixed(self) -> tuple:
        """The equivalent mixed profile over reduced strategies (Kuhn's theorem), in the order
        of the game's reduced normal form."""
        return self.profile.to_mixed()

    def as_dict(self) -> list[dict]:
        """``[{"player:infoset": [probabilities]}, ...]`` (see :meth:`BehaviorProfile.as_dict`)."""
        return self.profile.as_dict()

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
class BehaviorEquilibriumResult:
    """Equilibria of a game tree in behaviour strategies, with how they were found.

    Iterable over its :class:`BehaviorEquilibrium` objects.

    Attributes
    ----------
    equilibria : tuple of BehaviorEquilibrium
    method : str
    exact : bool
    complete : bool
        True when the method guarantees it found all the equilibria it looks for.
    converged : bool
    iterations : int or None
        Pivots (LCP) or subgames solved.
    max_regret : float or Fraction
    message : str
    extra : dict
        Method-specific details (e.g. the realisation plans, the value of a zero-sum game).
    """

    equilibria: tuple = ()
    method: str = ""
    exact: bool = False
    complete: bool = False
    converged: bool = True
    iterations: int | None = None
    max_regret: Any = 0
    message: str = ""
    extra: dict = field(default_factory=dict, repr=False)

    def __iter__(self) -> Iterator[BehaviorEquilibrium]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, i) -> BehaviorEquilibrium:
        return self.equilibria[i]

    def __bool__(self) -> bool:
        return bool(self.equilibria)

    def __repr__(self) -> str:
        flags = [f"method={self.method!r}", f"n={len(self.equilibria)}", f"exact={self.exact}",
                 f"complete={self.complete}"]
        if not self.converged:
            flags.append("converged=False")
        return "BehaviorEquilibriumResult(" + ", ".join(flags) + ")" + "".join(
            f"\n  {eq!r}" for eq in self.equilibria[:20])

    def __str__(self) -> str:
        n = len(self.equilibria)
        lines = [f"{self.method}: {n} {'equilibrium' if n == 1 else 'equilibria'} "
                 f"({'complete' if self.complete else 'not necessarily all'}; "
                 f"{'exact' if self.exact else 'floating point'}; max regret "
                 f"{_fmt(self.max_regret)})"]
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


def _frac(x) -> Fraction:
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (int, np.integer)):
        return Fraction(int(x))
    return Fraction(repr(float(x)))


# ----------------------------------------------------------------------------------------------
# the LCP and Lemke's algorithm
# ----------------------------------------------------------------------------------------------
def _lcp_system(game):
    """``(M, q, layout)`` of the sequence-form LCP ``w = q + M z + 1 z0`` (Fractions)."""
    sf = game.sequence_form()
    ns = [len(s) for s in sf.sequences]
    ni = [len(game.infosets[p]) + 1 for p in range(2)]
    off_x, off_y = 0, ns[0]
    off_u, off_v = ns[0] + ns[1], ns[0] + ns[1] + ni[0]
    n = off_v + ni[1]
    M = [[Fraction(0)] * n for _ in range(n)]
    q = [Fraction(0)] * n
    # costs: K - payoff on every play (chance-weighted), K above every payoff
    cum = game._cum_payoffs()
    K = max((_frac(v) for z in game.terminal_nodes for v in cum[z]), default=Fraction(0)) + 1
    for (s1, s2), pay in sf.payoffs.items():
        mass = _frac(sf.chance_mass[(s1, s2)])
        M[off_x + s1][off_y + s2] = K * mass - _frac(pay[0])
        M[off_y + s2][off_x + s1] = K * mass - _frac(pay[1])
    for p, (ox, ou) in enumerate(((off_x, off_u), (off_y, off_v))):
        parent = sf.parent[p]
        for s in range(1, ns[p]):
            h = sf.sequences[p][s][-1][0]
            row = ou + 1 + h
            M[ox + parent[s]][row] = Fraction(1)
            M[row][ox + parent[s]] = Fraction(-1)
            M[ox + s][row] = Fraction(-1)
            M[row][ox + s] = Fraction(1)
        M[ox][ou] = Fraction(-1)
        M[ou][ox] = Fraction(1)
        q[ou] = Fraction(-1)
    layout = {"ns": ns, "ni": ni, "off_x": off_x, "off_y": off_y, "off_u": off_u,
              "off_v": off_v, "n": n, "K": K}
    return M, q, layout


def _lemke_dictionary(M, q, d) -> Dictionary:
    """Kernel dictionary of ``w = q + M z + d z0`` with every ``w`` basic, in integers.

    Labels: ``i`` for ``w_i``, ``n + i`` for ``z_i``, ``2n`` for ``z0``; the ``w`` are the slack
    labels of the lexicographic rule (Gambit's order). All data are scaled by their common
    denominator: the same LCP (``w`` scaled), the same pivots and the same ``z``.
    """
    n = len(q)
    T = np.empty((n, n + 2), dtype=object)
    T[:, :n] = [[-v for v in row] for row in M]
    T[:, n] = [-v for v in d]
    T[:, n + 1] = list(q)
    L = common_denominator(T)
    T = np.array([[int(v * L) for v in row] for row in T], dtype=object).reshape(n, n + 2)
    return Dictionary(T, basic=np.arange(n), nonbasic=np.arange(n, 2 * n + 1),
                      slack=np.arange(n))


def _float_dictionary(M, q) -> Dictionary:
    """The dictionary of :func:`_lemke_dictionary` in float64 (covering vector of ones)."""
    n = len(q)
    T = np.empty((n, n + 2))
    T[:, :n] = np.negative(np.array(M, dtype=float))
    T[:, n] = -1.0
    T[:, n + 1] = np.array(q, dtype=float)
    return Dictionary(T, basic=np.arange(n), nonbasic=np.arange(n, 2 * n + 1),
                      slack=np.arange(n))


def _exact_basic_solution(M, q, basic) -> list | None:
    """Exact ``z`` of a final Lemke basis found in floats (None if it is not a solution).

    With ``S`` the basic ``z`` and ``R`` the rows whose ``w`` is nonbasic (``|R| = |S|`` once
    ``z0`` has left), ``M[R, S] z_S = -q_R`` is solved in rational arithmetic and every basic
    ``w_k = q_k + M[k, S] z_S`` must come out non-negative.
    """
    n = len(q)
    if 2 * n in basic:
        return None
    S = [lab - n for lab in basic if lab >= n]
    w_basic = {lab for lab in basic if lab < n}
    R = [i for i in range(n) if i not in w_basic]
    if len(R) != len(S):
        return None
    zS = solve_exact([[M[i][j] for j in S] for i in R], [-q[i] for i in R]) if S else []
    if zS is None or any(v < 0 for v in zS):
        return None
    for k in w_basic:
        row = M[k]
        if q[k] + sum((row[j] * v for j, v in zip(S, zS) if row[j]), Fraction(0)) < 0:
            return None
    z = [Fraction(0)] * n
    for j, v in zip(S, zS):
        z[j] = v
    return z


def _run_lemke(M, q, start_row: int, max_pivots: int, where: str, *, exact: bool = True):
    """Lemke's algorithm with the covering vector of ones; ``(dictionary, pivots, ended)``.

    ``ended`` is False when the path ran into a secondary ray. ``exact=False`` pivots in
    float64 (the same lexicographic rule); the caller verifies and repairs the result.
    """
    n = len(q)
    lem = (_lemke_dictionary(M, q, [Fraction(1)] * n) if exact else _float_dictionary(M, q))
    # z0 enters at the start row (Gambit: player 1's first constraint), w_start leaves
    leaving = lem.pivot_at(start_row, 2 * n)
    pivots = 1
    while True:
        enter = leaving + n if leaving < n else leaving - n      # the complement
        if pivots > max_pivots:
            raise ConvergenceError(f"{where}: no equilibrium after {max_pivots} pivots "
                                   "(max_pivots)")
        try:
            leaving = lem.enter(enter)
        except NoPivot:
            return lem, pivots, False   # secondary ray
        pivots += 1
        if leaving == 2 * n:
            return lem, pivots, True


def sequence_form_lcp(game, *, exact: bool | None = None, tol: float | None = None,
                      max_pivots: int = 100_000) -> BehaviorEquilibriumResult:
    """One Nash equilibrium of a two-player tree with perfect recall, in behaviour strategies.

    Parameters
    ----------
    game : ExtensiveFormGame
        Two players, perfect recall.
    exact : bool, optional
        Return Fractions (default for exact games). The pivoting is exact in any case.
    tol : float, optional
        Verification tolerance for floating-point results.
    max_pivots : int
        Safety limit on the number of pivots.

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
    M, q, lay = _lcp_system(game)
    ns, nz = lay["ns"], lay["n"]
    # float first: the same pivots in float64, the final basis re-solved exactly and checked
    z = None
    try:
        # bounded: float round-off can break the lexicographic rule's guarantee (cycling)
        flem, pivots, ok = _run_lemke(M, q, lay["off_u"], min(max_pivots, 20 * nz + 100),
                                      where, exact=False)
        if ok:
            z = _exact_basic_solution(M, q, flem.basic.tolist())
    except (NoPivot, ConvergenceError):
        pass
    arithmetic = "float, exact repair"
    if z is None:       # the float path was inconclusive: pivot exactly
        arithmetic = "exact"
        lem, pivots, ok = _run_lemke(M, q, lay["off_u"], max_pivots, where)
        if not ok:     # pragma: no cover - Lemke cannot end on a ray (KMvS 1996, Thm 4.1)
            return build_behavior_result(game, [], method=where, exact=exact,
                                         converged=False, iterations=pivots,
                                         message="Lemke's algorithm ended on a secondary ray")
        z = [Fraction(lem.value(nz + k)) for k in range(nz)]
    x = [z[lay["off_x"] + k] for k in range(ns[0])]
    y = [z[lay["off_y"] + k] for k in range(ns[1])]
    prof = BehaviorProfile.from_realization_plans(game, (x, y))
    if not exact:
        prof = prof.as_float()
    res = build_behavior_result(game, [prof], method=where, tol=tol, exact=exact,
                                iterations=pivots, extra={"realization_plans": (x, y),
                                                          "arithmetic": arithmetic})
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

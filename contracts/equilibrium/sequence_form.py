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
  fallback (:mod:`._sequence_lemke`). Long trees of perfect information (centipedes), on
  which float pivoting is inconclusive and exact pivoting quadratic, are answered by backward
  induction instead (``backward_induction=True``), verified the same way.
* :func:`sequence_form_lp` — optimal (maximin) behaviour strategies and the value of a
  two-player zero-sum tree, from the sequence-form linear program solved by HiGHS; exact
  Fractions are recovered and certified when the tree is exact.

Both return a :class:`BehaviorEquilibriumResult` whose equilibria are verified over the tree
(each player's best deviation computed by backward induction over her sequences).

References: D. Koller, N. Megiddo, B. von Stengel (1996), "Efficient computation of equilibria
for extensive two-person games", Games and Economic Behavior 14, 247–259.
"""

from __future__ import annotations

import math
import weakref
from fractions import Fraction

import numpy as np

from .._validation import check_exact
from ._behavior_result import (BehaviorEquilibrium, BehaviorEquilibriumResult,
                               build_behavior_result, check_tree)
from ._sequence_build import build_lcp, frac, layout_of
from ._sequence_lemke import Inconclusive, exact_basic_solution, exact_lemke, float_paths
from ._sequence_lp import sequence_form_lp

__all__ = ["sequence_form_lcp", "sequence_form_lp", "BehaviorEquilibrium",
           "BehaviorEquilibriumResult", "build_behavior_result"]

# ----------------------------------------------------------------------------------------------
# the LCP and Lemke's algorithm: float first, exact repair
# ----------------------------------------------------------------------------------------------
#: an exact basis is re-solved in rationals (dense) up to this many LCP rows
EXACT_BASIS_MAX = 300
#: perfect-information trees with larger LCPs go to backward induction without trying the
#: float path (on long ones it is inconclusive, and its failure costs seconds)
PERFECT_INFO_LEMKE_MAX = 400
#: the float path gives up after this many pivots per LCP row (plus 100)
FLOAT_PIVOTS = 4
#: denominators tried when rounding a float realisation plan to Fractions
_DENOMINATORS = (10 ** 6, 10 ** 9)


def _plans(z, lay) -> tuple:
    """The realisation plans ``(x, y)`` in ``z`` (an array: Python floats; a list: its items)."""
    x = z[lay.off_x:lay.off_x + lay.ns[0]]
    y = z[lay.off_y:lay.off_y + lay.ns[1]]
    if isinstance(z, np.ndarray):
        return x.tolist(), y.tolist()
    return list(x), list(y)


def _nearest_fraction(t: float, den: int) -> Fraction:
    """``Fraction(t).limit_denominator(den)``, found faster for ``t`` near a simple fraction.

    The convergents of ``t``'s continued fraction (in floats) are candidates; one closer than
    ``0.5 / den**2`` to ``t`` is the closest fraction with denominator at most ``den`` (two
    such fractions lie at least ``1 / den**2`` apart), which is what ``limit_denominator``
    returns. The float distance is trusted only with a margin for its round-off (so for
    large ``den`` never); otherwise ``limit_denominator`` decides.
    """
    close = 0.5 / den / den - 4.5e-16 * (1.0 + abs(t))
    p0, q0, p1, q1 = 0, 1, 1, 0
    x = t
    for _ in range(24):
        a = math.floor(x)
        p0, q0, p1, q1 = p1, q1, a * p1 + p0, a * q1 + q0
        if q1 > den:
            break
        if abs(t - p1 / q1) < close:
            return Fraction(p1, q1)
        x -= a
        if x <= 0.0:
            break
        x = 1.0 / x
    return Fraction(t).limit_denominator(den)


def _rounded_plan(v, den: int) -> list:
    """The floats ``v`` rounded to Fractions of denominator at most ``den`` (0 below
    ``0.5 / den``)."""
    small = 0.5 / den
    return [Fraction(0) if t <= small else _nearest_fraction(t, den) for t in v]


def _infoset_children(game) -> tuple:
    """``children[p][h]``: player p's sequences extending her sequence into information set h,
    one per action, in action order."""
    sf = game.sequence_form()
    out = []
    for p in range(2):
        seqs = sf.sequences[p]
        index = {sq: k for k, sq in enumerate(seqs)}
        out.append(tuple(
            tuple(index[seqs[lead] + ((h, a),)] for a in range(s.num_actions))
            for h, (lead, s) in enumerate(zip(sf.infoset_sequence[p], game.infosets[p]))))
    return tuple(out)


def _exact_profile(game, plans, children):
    """The behaviour profile of exact realisation plans: ``b(h, a) = r(σ_h a) / Σ_b r(σ_h b)``,
    uniform where the player's own plan never reaches ``h`` (as
    :meth:`BehaviorProfile.from_realization_plans`, without re-validating what is a profile
    by construction)."""
    from ..games.extensive_form import BehaviorProfile

    out = []
    for r, kids_of in zip(plans, children):
        r = [x if type(x) is Fraction else Fraction(x) for x in r]
        rows = []
        for kids in kids_of:
            w = [r[k] for k in kids]
            tot = sum(w, Fraction(0))
            if tot <= 0:
                rows.append((Fraction(1, len(kids)),) * len(kids))
            elif tot == 1:
                rows.append(tuple(w))
            else:
                rows.append(tuple(x / tot for x in w))
        out.append(tuple(rows))
    return BehaviorProfile._unchecked(game, tuple(out), True)


#: LCPs with at most this many rows are cached as a dense float matrix
_DENSE_CACHE_MAX = 128
#: ``id(game) -> (weak reference, the game's LCP data)``; an entry goes with its game
_LCP_CACHE: dict = {}


def _lcp_of(game):
    """The game's sparse LCP with its float matrix and right-hand side (cached per game:
    games are immutable; looked up by identity, as hashing a tree walks all of it)."""
    key = id(game)
    hit = _LCP_CACHE.get(key)
    if hit is not None and hit[0]() is game:
        return hit[1]
    lcp = build_lcp(game)
    # the smallest LCPs are kept dense (no sparse matrix on the way; at most 128 KB a game),
    # the others sparse (memory linear in the sequences)
    M = lcp.dense() if lcp.layout.n <= _DENSE_CACHE_MAX else lcp.matrix()
    out = (lcp, M, lcp.q_float(), _infoset_children(game))
    try:
        ref = weakref.ref(game, lambda _, key=key: _LCP_CACHE.pop(key, None))
    except TypeError:       # pragma: no cover - a game that cannot be weakly referenced
        return out
    _LCP_CACHE[key] = (ref, out)
    return out


def _zero_regret_payoffs(game, prof):
    """The payoffs of an exact profile if no player gains by deviating (checked exactly
    over the tree), else None."""
    pay = game.behavior_payoffs(prof)
    best = game.best_response_values(prof)
    return pay if all(b == v for b, v in zip(best, pay)) else None


def _repair(game, lcp, z, basic, tol, children):
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
        plans = ([max(t, 0.0) for t in x], [max(t, 0.0) for t in y])
        prof = BehaviorProfile.from_realization_plans(game, plans)
        limit = game.default_tol() if tol is None else tol
        if max(game.behavior_regrets(prof)) <= limit:
            return prof, (plans[0], plans[1]), "float", None
        return None
    for den in _DENOMINATORS:
        plans = (_rounded_plan(x, den), _rounded_plan(y, den))
        prof = _exact_profile(game, plans, children)
        pay = _zero_regret_payoffs(game, prof)
        if pay is not None:
            return prof, plans, "float, rounded and verified exactly", pay
    if lay.n <= EXACT_BASIS_MAX:
        ze = exact_basic_solution(lcp, basic)
        if ze is not None:
            plans = _plans(ze, lay)
            prof = _exact_profile(game, plans, children)
            pay = _zero_regret_payoffs(game, prof)
            if pay is not None:
                return prof, plans, "float, exact basis re-solved", pay
    return None


def sequence_form_lcp(game, *, exact: bool | None = None, tol: float | None = None,
                      max_pivots: int = 100_000, max_exact: int = 1_000,
                      backward_induction: bool = True) -> BehaviorEquilibriumResult:
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
    backward_induction : bool
        Games of perfect information: when the float path is inconclusive, or straight away
        when the LCP has more than 400 rows, return the subgame-perfect equilibrium found by
        backward induction (linear in the tree, exact) instead of walking Lemke's path in
        exact arithmetic. Long perfect-information trees such as centipedes defeat float
        pivoting: along Lemke's path the realisation plans shrink geometrically with the
        depth, so pivot elements span dozens of orders of magnitude.
        ``extra["arithmetic"]`` says so when this route gave the answer.

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
    check_tree(game, where)
    exact = game.is_exact if exact is None else exact
    if backward_induction and game.is_perfect_information:
        lay = layout_of(game)
        if lay.n > PERFECT_INFO_LEMKE_MAX:
            res = _by_backward_induction(game, exact, tol, 0, lay)     # see the docstring
            if res is not None:
                return res
    lcp, Mc, qf, children = _lcp_of(game)
    lay = lcp.layout
    found = None
    pivots = 0
    for name, walk in float_paths(lay.n):
        try:
            # bounded: float round-off can break the lexicographic rule's guarantee (cycling);
            # paths on the trees of the Gambit corpus take at most 1.9 pivots per row
            z, basic, pivots = walk(Mc, qf, lay.off_u, min(max_pivots, FLOAT_PIVOTS * lay.n
                                                           + 100))
        except Inconclusive:
            continue
        found = _repair(game, lcp, z, basic, tol, children)
        if found is not None:
            found = found[:2] + (f"{found[2]} ({name} float path)", found[3])
            break
    if found is None and backward_induction and game.is_perfect_information:
        res = _by_backward_induction(game, exact, tol, pivots, lay)
        if res is not None:
            return res
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


def _pure_spe(game, exact: bool):
    """One pure subgame-perfect profile of a perfect-information tree: every mover takes the
    first of her best actions, the values computed from the leaves up (one pass)."""
    from ..games.extensive_form import CHANCE, BehaviorProfile

    n = game.num_players
    conv = (lambda v: v) if exact else float
    value: dict = {}
    probs = [[None] * len(sets) for sets in game.infosets]
    for nd in reversed(game.nodes):
        own = game.outcomes[nd.outcome].payoffs if nd.outcome is not None else (0,) * n
        if nd.is_terminal:
            value[nd.index] = [conv(v) for v in own]
            continue
        kids = [value.pop(ch) for ch in nd.children]
        if nd.player == CHANCE:
            below = [sum((conv(p) * k[i] for p, k in zip(
                game.chance_infosets[nd.infoset].probabilities, kids)), conv(0))
                for i in range(n)]
        else:
            i = nd.player
            best = max(range(len(kids)), key=lambda a: (kids[a][i], -a))
            below = kids[best]
            one, nil = (1, 0) if exact else (1.0, 0.0)
            probs[i][nd.infoset] = tuple(one if a == best else nil for a in range(len(kids)))
        value[nd.index] = [conv(v) + b for v, b in zip(own, below)]
    return BehaviorProfile._unchecked(game, tuple(tuple(r) for r in probs), exact)


def _by_backward_induction(game, exact, tol, pivots, lay):
    """A subgame-perfect equilibrium of a perfect-information tree, verified over the tree as
    a Nash equilibrium (exactly for exact games); None if verification fails."""
    from ..games.tree.sequences import plans_from_behavior

    prof = _pure_spe(game, exact and game.is_exact)
    extra = {"realization_plans": plans_from_behavior(game, prof.probabilities,
                                                      exact=prof.is_exact),
             "arithmetic": "backward induction (perfect information; the float path was "
                           "inconclusive)",
             "sequences": sum(lay.ns), "lcp_size": lay.n}
    res = build_behavior_result(game, [prof], method="sequence_form_lcp", tol=tol,
                                exact=exact and game.is_exact, iterations=pivots, extra=extra)
    return res if res.equilibria else None


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

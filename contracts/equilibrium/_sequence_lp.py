"""Optimal behaviour strategies of two-player zero-sum trees from the sequence-form LP.

Player 1 maximises ``min_y x'Ay`` over her realisation plans ``x`` (Koller, Megiddo and von
Stengel 1996): one LP variable per sequence and one constraint per information set, solved by
HiGHS through :func:`contracts._linalg.solve_lp`. :func:`sequence_form_lp` is exported from
:mod:`contracts.equilibrium.sequence_form`.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .._linalg import solve_lp
from .._validation import check_exact
from ..exceptions import UnsupportedGameError
from ._behavior_result import BehaviorEquilibriumResult, _fmt, build_behavior_result, check_tree

__all__: list = []


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
    >>> from contracts.equilibrium.sequence_form import sequence_form_lp
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
    check_tree(game, where)
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

"""Building blocks of :class:`contracts.models.nominal_contract.NominalContract`.

The trust game with the district bureau (stage equilibria, grim trigger, goal congruence),
Tirole's hierarchy with the near tier and the sympy closed forms, each cached because they do not
depend on the swept parameters; and the validation of the trust-game payoff tables.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from .._validation import check_real
from ..exceptions import InvalidGameError, InvalidParameterError

#: GRIM-TRUST-1: the agency's stage payoffs, rows (Coop, Shirk) x columns (Trust, Control).
TRUST_AGENCY_PAYOFFS = ((3, 1), (5, 2))
#: GRIM-TRUST-1: the district bureau's stage payoffs, same layout.
TRUST_GOVERNMENT_PAYOFFS = ((4, 3), (0, 1))

_AGENCY_ACTIONS = ("Coop", "Shirk")
_GOVERNMENT_ACTIONS = ("Trust", "Control")

# thresholds of the 4C / life-cycle classification (classifiers from
# contracts.models.lifecycle)
_TAU_GOAL, _TAU_MEANS, _TAU_CONTROL = 0.0, 0.5, 0.5

WHERE = "NominalContract"

# cached pieces (they do not depend on the swept parameters)
# ----------------------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _trust_analysis(agency: tuple, government: tuple):
    """Stage game, all its equilibria, grim trigger for (Coop, Trust) and the goal congruence."""
    from ..equilibrium.grim_trigger import critical_discount
    from ..equilibrium.solve import solve
    from ..games.normal_form import NormalFormGame

    game = NormalFormGame.from_bimatrix(
        [list(r) for r in agency], [list(r) for r in government],
        players=("agency", "district bureau"), actions=(_AGENCY_ACTIONS, _GOVERNMENT_ACTIONS),
        exact=True)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # degeneracy is reported on the result
        stage = solve(game, method="vertex_enumeration", exact=True)
    pure = [eq for eq in stage if all(max(s) == 1 for s in eq.strategies)]
    if pure:
        grim = critical_discount(game, ("Coop", "Trust"))
    else:                                       # revert to a mixed stage equilibrium
        grim = critical_discount(game, ("Coop", "Trust"),
                                 punishment=stage.equilibria[0].strategies)
    from .lifecycle import goal_congruence
    try:
        goal = goal_congruence(game, government=1, agency=0)
    except InvalidGameError:
        raise InvalidParameterError(
            f"{WHERE}: a player's trust-game payoffs are constant, so the ends congruence "
            "(correlation of payoffs) is undefined; expected payoffs that vary over outcomes"
        ) from None
    return game, stage, grim, goal


@lru_cache(maxsize=256)
def _tirole(A, thL, thH, nu, xi, k):
    from ..agency.hierarchy import SupervisionHierarchy

    return SupervisionHierarchy(
        value_intercept=A,
        low_cost=thL,
        high_cost=thH,
        prob_low_cost=nu,
        detection_probability=xi,
        side_transfer_efficiency=k,
    ).solve()


@lru_cache(maxsize=1)
def _closed_forms():
    """Sympy closed forms (and lambdified derivatives) for the comparative statics."""
    import sympy as sp
    a, G, r, s2, gam = sp.symbols("a G r sigma_P2 gamma", nonnegative=True)
    ratio = G ** 2 * a ** 2 / (G ** 2 + r * s2)
    sig2 = 1 - a ** 2
    r_any = sig2 / (2 * gam * (1 + sig2))
    d_rel = 1 / (1 + r_any)
    return {
        "surplus_ratio": (ratio, sp.lambdify((a, G, r, s2), sp.diff(ratio, a), "math")),
        "relational_discount_threshold": (d_rel, sp.lambdify((a, gam), sp.simplify(
            sp.diff(d_rel, a)), "math")),
    }


def _as_payoffs(name: str, value) -> tuple:
    if value is TRUST_AGENCY_PAYOFFS or value is TRUST_GOVERNMENT_PAYOFFS:
        return value
    try:
        rows = tuple(tuple(r) for r in value)
    except TypeError:
        raise InvalidParameterError(
            f"{WHERE}: parameter {name!r} must be a 2x2 table (rows Coop/Shirk, columns "
            f"Trust/Control), got {value!r}") from None
    if len(rows) != 2 or any(len(r) != 2 for r in rows):
        raise InvalidParameterError(
            f"{WHERE}: parameter {name!r} must be 2x2 (rows Coop/Shirk, columns Trust/Control), "
            f"found shape {[len(r) for r in rows]}")
    out = []
    for r in rows:
        row = []
        for x in r:
            check_real(WHERE, name, x)
            row.append(x if isinstance(x, (int, Fraction)) else Fraction(x))
        out.append(tuple(row))
    return tuple(out)


# ----------------------------------------------------------------------------------------------
# the model
# ----------------------------------------------------------------------------------------------

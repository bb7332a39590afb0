"""The regime predicates of the chain game (their documented definitions).

Re-exported, with the report built on them, by :mod:`contracts.models.regimes`; see there.
"""

from __future__ import annotations

from .._tolerance import MODEL_TOL

from typing import Callable

from ..results import format_number
from . import _stages as st
from ._lifecycle_rules import four_c_of, stage_of
from ._predicates_workforce import (attracts_talent, loss_making_project, makes_an_example,
                                    passive_dismissal, programme_ended, recruits_replacements,
                                    shirking_tolerated)

__all__ = ["regime_label", "partner", "buddy", "tender", "nominal_contract", "control_and_rebellion",
           "absorption_and_alliance", "loss_making_project", "passive_dismissal",
           "programme_ended", "goal_congruence", "means_congruence", "four_c",
           "lifecycle_stage", "community_co_evaluation", "shirking_tolerated",
           "recruits_replacements", "makes_an_example", "attracts_talent", "task_capture",
           "PREDICATES", "evaluate", "active", "condition"]

_TOL = MODEL_TOL
_f = format_number


def partner(eq) -> bool:
    """Partner purchasing: the bureau renews on *evaluated quality* and a positive quality is
    self-enforcing (``c(q) ≤ α·δ/(1−δ)·ρ·(u + s(q) − s̄)`` with ``q > 0``), and this rule pays
    the bureau more than buddy purchasing or a tender.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> partner(Chain().solve())
    False
    """
    return eq.purchasing.rule == st.PARTNER


def buddy(eq) -> bool:
    """Buddy purchasing: the bureau renews on "no trouble" (which the subdistrict office sees
    perfectly), so quality is not enforced; chosen because it pays the bureau more than a
    partner relationship (whose evaluation costs, or whose self-enforcing quality is small)
    and than a tender.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> buddy(Chain().solve())
    True
    """
    return eq.purchasing.rule == st.BUDDY


def tender(eq) -> bool:
    """Tender: no relational rule pays the bureau more than tendering (or none is
    self-enforcing), so the project is put out to tender and the incumbent has no renewal
    rent (Λ = 0).

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> tender(Chain().solve())
    False
    """
    return eq.purchasing.rule == st.TENDER


def nominal_contract(eq) -> bool:
    """Nominal contract: the evaluation carries no incentive weight in equilibrium — renewal
    does not vary with the evaluation signal (buddy or tender, or a partner rule enforcing no
    quality).

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> nominal_contract(Chain().solve())
    True
    """
    return eq.purchasing.evaluation_weight == 0


def control_and_rebellion(eq) -> bool:
    """Control-and-rebellion (with the district): on the equilibrium path the bureau controls
    with positive probability AND the agency complies perfunctorily with positive probability
    (in the mixed equilibrium of the control game, or its logit version).

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> control_and_rebellion(Chain().solve())
    True
    """
    return eq.inspection.control > _TOL and eq.inspection.perfunctory > _TOL


def absorption_and_alliance(eq) -> bool:
    """Absorption-and-alliance (with the subdistrict office): the side deal between the office
    and the agency occurs on the equilibrium path — its stake, valued by the office, exceeds
    the side-contracting cost, the bureau finds the collusion-proof reward not worth paying,
    and there is something to conceal (perfunctory compliance has positive probability).

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> absorption_and_alliance(Chain().solve())
    True
    """
    return eq.side_contract.occurs


def goal_congruence(eq) -> float:
    """Ends congruence (Najam's "ends"): correlation, over the four outcomes of the control game,
    of the bureau's payoff and the agency's *own* objective — its payoff without the penalty
    the contract attaches to caught perfunctory compliance (−g when it complies, 0 otherwise).
    Positive when the agency itself values the compliance the bureau wants (g < 0).

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    float
        The congruence measure.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> round(goal_congruence(Chain().solve()), 4)
    -0.9896
    """
    import numpy as np
    A, _ = eq.inspection.game.bimatrix
    a = np.asarray(A, dtype=float).ravel()
    g = eq.inspection.compliance_cost
    b = np.array([-g, 0.0, -g, 0.0])
    if np.std(a) < _TOL or np.std(b) < _TOL:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def means_congruence(eq) -> float:
    """Means congruence: probability that the agency plays the bureau's preferred action
    (full compliance) in equilibrium.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    float
        The congruence measure.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> round(means_congruence(Chain().solve()), 4)
    0.6
    """
    return 1.0 - eq.inspection.perfunctory


def four_c(eq) -> str:
    """Najam's 4C: ends similar iff goal congruence ≥ 0, means similar iff means congruence
    ≥ 1/2; cooperation (both), complementarity (ends only), co-optation (means only),
    confrontation (neither).

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    str
        The class.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> four_c(Chain().solve())
    'co-optation'
    """
    return four_c_of(goal_congruence(eq) >= 0, means_congruence(eq) >= 0.5)


def lifecycle_stage(eq) -> str:
    """Stage of the relationship: *exploratory* when no relational rule is chosen (the project
    is tendered — a trial relationship without renewal rent); otherwise by control x and
    compliance m: control (x ≥ ½, m ≥ ½), resistance (x ≥ ½, m < ½), symbiosis (x < ½,
    m ≥ ½), nominal (x < ½, m < ½).

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    str
        The class.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> lifecycle_stage(Chain().solve())
    'control'
    """
    if tender(eq):
        return "exploratory"
    return stage_of(eq.inspection.control >= 0.5, means_congruence(eq) >= 0.5)


def community_co_evaluation(eq) -> bool:
    """Community co-evaluation: the community committee plays and co-evaluates the service on
    the equilibrium path — the quality it gains for its community, valued at ``V_C``, exceeds
    its cost: ``V_C·E[q | α'] − c_C > V_C·E[q | α]`` with ``α' = 1 − (1 − α)(1 − β)``.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> community_co_evaluation(Chain().solve())
    False
    """
    return eq.committee is not None and eq.committee.co_evaluates


def task_capture(eq) -> bool:
    """Task capture: the tiers bid for the agency's effort (a menu auction) and, in the
    tiers' preferred truthful equilibrium, the agency serves a task other than the one it
    values most itself — the rewards of a tier pull it away from its own (professional) task.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path (False when the tiers do not bid).

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> tasks = ("indicators", "admin", "casework")
    >>> eq = Chain(task_names=tasks, agency_task_values=(0, 0, 1),
    ...            district_task_values=(6, 0, 2), subdistrict_task_values=(0, 3, 2)).solve()
    >>> eq.task_auction.task, task_capture(eq)
    ('indicators', True)
    """
    ta = eq.task_auction
    return ta is not None and ta.task != ta.own_task


#: the boolean regimes, by name
PREDICATES: dict[str, Callable] = {
    "partner": partner, "buddy": buddy, "tender": tender, "nominal contract": nominal_contract,
    "control-and-rebellion": control_and_rebellion,
    "absorption-and-alliance": absorption_and_alliance,
    "loss-making project": loss_making_project, "passive dismissal": passive_dismissal,
    "programme ended": programme_ended,
    "community co-evaluation": community_co_evaluation,
    "shirking tolerated": shirking_tolerated,
    "recruits replacements": recruits_replacements,
    "makes an example": makes_an_example,
    "attracts talent": attracts_talent,
    "task capture": task_capture,
}


def evaluate(eq) -> dict:
    """Every predicate (booleans), the 4C class and the life-cycle stage.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    dict
        Regime name -> bool, plus ``'4C'`` and ``'stage'``.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> evaluate(Chain().solve())['stage']
    'control'
    """
    out = {name: bool(p(eq)) for name, p in PREDICATES.items()}
    out["4C"] = four_c(eq)
    out["stage"] = lifecycle_stage(eq)
    return out


def active(eq) -> tuple:
    """Names of the boolean regimes that hold.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    tuple of str
        The regimes that hold, in the order of :data:`PREDICATES`.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> active(Chain().solve())[:2]
    ('buddy', 'nominal contract')
    """
    return tuple(n for n, p in PREDICATES.items() if p(eq))


def condition(lhs_label: str, lhs: float, op: str, rhs_label: str, rhs: float,
              digits: int = 4) -> str:
    """``"lhs_label = 0.42 ≥ rhs_label = 0.5: fails"`` — the verdict is computed, never typed.

    Parameters
    ----------
    lhs_label, rhs_label : str
        How each side is written.
    lhs, rhs : float
        The two sides' values.
    op : {'≥', '>', '≤', '<'}
        The inequality that should hold.
    digits : int
        Significant digits printed.

    Returns
    -------
    str
        The condition with both values and ``holds`` or ``fails``.

    Examples
    --------
    >>> condition('a', 1.0, '≥', 'b', 2.0)
    'a = 1 ≥ b = 2: fails'
    """
    ok = {"≥": lhs >= rhs - _TOL, ">": lhs > rhs + _TOL, "≤": lhs <= rhs + _TOL,
          "<": lhs < rhs - _TOL}[op]
    return (f"{lhs_label} = {_f(lhs, digits)} {op} {rhs_label} = {_f(rhs, digits)}: "
            f"{'holds' if ok else 'fails'}")


def regime_label(eq) -> str:
    """A one-line regime summary: rule, then the other regimes that hold."""
    parts = [eq.purchasing.rule]
    for name in ("nominal contract", "control-and-rebellion", "absorption-and-alliance",
                 "loss-making project", "passive dismissal", "programme ended",
                 "community co-evaluation", "shirking tolerated", "recruits replacements",
                 "makes an example", "attracts talent", "task capture"):
        if PREDICATES[name](eq):
            parts.append(name)
    return ", ".join(parts)


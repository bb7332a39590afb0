"""Regimes of the chain game as predicates on its solved equilibrium, and the report built on them.

Every regime the field studies name is a small pure function of a
:class:`contracts.models.chain.ChainEquilibrium` (its strategies, path and values), defined
here next to its documentation; :func:`explain` renders only fields of the equilibrium and
these predicates, and prints every condition with its inequality and whether it holds.

Examples
--------
    >>> from contracts.models.chain import Chain
>>> from contracts.models import regimes
>>> eq = Chain().solve()
>>> regimes.buddy(eq), regimes.nominal_contract(eq), regimes.absorption_and_alliance(eq)
(True, True, True)
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable

from ..results import format_number
from . import _stages as st
from . import _workforce as wf
from ._explain import Explanation, finite_difference_sign

__all__ = ["partner", "buddy", "tender", "nominal_contract", "control_and_rebellion",
           "absorption_and_alliance", "loss_making_project", "passive_dismissal",
           "programme_ended", "goal_congruence", "means_congruence", "four_c",
           "lifecycle_stage", "community_co_evaluation", "shirking_tolerated",
           "recruits_replacements", "makes_an_example", "attracts_talent", "task_capture",
           "PREDICATES", "evaluate", "active", "condition", "explain",
           "record"]

_TOL = 1e-9
_f = format_number


def partner(eq) -> bool:
    """Partner purchasing: the bureau renews on *evaluated quality* and a positive quality is
    self-enforcing (``c(q) ≤ α·δ/(1−δ)·ρ·(u + s(q) − s̄)`` with ``q > 0``), and this rule pays
    the bureau more than buddy purchasing or a tender."""
    return eq.purchasing.rule == st.PARTNER


def buddy(eq) -> bool:
    """Buddy purchasing: the bureau renews on "no trouble" (which the subdistrict office sees
    perfectly), so quality is not enforced; chosen because it pays the bureau more than a
    partner relationship (whose evaluation costs, or whose self-enforcing quality is small)
    and than a tender."""
    return eq.purchasing.rule == st.BUDDY


def tender(eq) -> bool:
    """Tender: no relational rule pays the bureau more than tendering (or none is
    self-enforcing), so the project is put out to tender and the incumbent has no renewal
    rent (Λ = 0)."""
    return eq.purchasing.rule == st.TENDER


def nominal_contract(eq) -> bool:
    """Nominal contract: the evaluation carries no incentive weight in equilibrium — renewal
    does not vary with the evaluation signal (buddy or tender, or a partner rule enforcing no
    quality)."""
    return eq.purchasing.evaluation_weight == 0


def control_and_rebellion(eq) -> bool:
    """Control-and-rebellion (with the district): on the equilibrium path the bureau controls
    with positive probability AND the agency complies perfunctorily with positive probability
    (in the mixed equilibrium of the control game, or its logit version)."""
    return eq.inspection.control > _TOL and eq.inspection.perfunctory > _TOL


def absorption_and_alliance(eq) -> bool:
    """Absorption-and-alliance (with the subdistrict office): the side deal between the office
    and the agency occurs on the equilibrium path — its stake, valued by the office, exceeds
    the side-contracting cost, the bureau finds the collusion-proof reward not worth paying,
    and there is something to conceal (perfunctory compliance has positive probability)."""
    return eq.side_contract.occurs


def loss_making_project(eq) -> bool:
    """A loss-making project accepted: the agency's cash this period is negative, yet it stays
    (its payoff, counting the staff it keeps, beats leaving, and the loss is within
    ``min(L, Λ)``)."""
    return eq.workforce.loss_making


def passive_dismissal(eq) -> bool:
    """Passive dismissal: the agency keeps the project and dismisses, or pushes out, at least
    one worker."""
    return (not eq.workforce.exit) and bool(eq.workforce.dismissed or eq.workforce.left)


def programme_ended(eq) -> bool:
    """The programme ends: the agency exits (no kept set meets the head count within its loss
    tolerance, or talks with the bureau break down) and every worker is dismissed."""
    return eq.workforce.exit


def goal_congruence(eq) -> float:
    """Ends congruence (Najam's "ends"): correlation, over the four outcomes of the control game,
    of the bureau's payoff and the agency's *own* objective — its payoff without the penalty
    the contract attaches to caught perfunctory compliance (−g when it complies, 0 otherwise).
    Positive when the agency itself values the compliance the bureau wants (g < 0)."""
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
    (full compliance) in equilibrium."""
    return 1.0 - eq.inspection.perfunctory


def four_c(eq) -> str:
    """Najam's 4C: ends similar iff goal congruence ≥ 0, means similar iff means congruence
    ≥ 1/2; cooperation (both), complementarity (ends only), co-optation (means only),
    confrontation (neither)."""
    ends = goal_congruence(eq) >= 0
    means = means_congruence(eq) >= 0.5
    return {(True, True): "cooperation", (True, False): "complementarity",
            (False, True): "co-optation", (False, False): "confrontation"}[(ends, means)]


def lifecycle_stage(eq) -> str:
    """Stage of the relationship: *exploratory* when no relational rule is chosen (the project
    is tendered — a trial relationship without renewal rent); otherwise by control x and
    compliance m: control (x ≥ ½, m ≥ ½), resistance (x ≥ ½, m < ½), symbiosis (x < ½,
    m ≥ ½), nominal (x < ½, m < ½)."""
    if tender(eq):
        return "exploratory"
    x, m = eq.inspection.control, means_congruence(eq)
    if x >= 0.5:
        return "control" if m >= 0.5 else "resistance"
    return "symbiosis" if m >= 0.5 else "nominal"


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


def shirking_tolerated(eq) -> bool:
    """Shirking tolerated (a nominal contract at the agency–worker link): the agency keeps at
    least one worker on a flat wage, so her hidden effort is not induced — the bonus ``c_i/a``
    that would induce it costs more than the output ``ℓ·v_i`` it saves.

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
    >>> shirking_tolerated(Chain(effort_cost=3.0, shirking_loss=0.2).solve())
    True
    """
    return (not eq.workforce.exit) and any(e == "shirk" for e in eq.workforce.effort.values())


def recruits_replacements(eq) -> bool:
    """The agency recruits replacements at the market wage on the equilibrium path (only while
    it stays: never after it has exited).

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
    >>> recruits_replacements(Chain(max_recruits=1, recruit_wage=3.0).solve())
    True
    """
    return (not eq.workforce.exit) and eq.workforce.recruits > 0


def makes_an_example(eq) -> bool:
    """The agency makes an example of a dismissal: it pays the example's cost because the
    accuracy its remaining workers then perceive lowers the bonuses of its incentive
    contracts by more.

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
    >>> makes_an_example(Chain().solve())
    False
    """
    return (not eq.workforce.exit) and eq.workforce.example


def attracts_talent(eq) -> bool:
    """The agency attracts talent: it hires at least one talented worker at the premium wage.

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
    >>> attracts_talent(Chain().solve())
    False
    """
    return (not eq.workforce.exit) and eq.workforce.talent > 0


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
    """Every predicate (booleans), the 4C class and the life-cycle stage."""
    out = {name: bool(p(eq)) for name, p in PREDICATES.items()}
    out["4C"] = four_c(eq)
    out["stage"] = lifecycle_stage(eq)
    return out


def active(eq) -> tuple:
    """Names of the boolean regimes that hold."""
    return tuple(n for n, p in PREDICATES.items() if p(eq))


def condition(lhs_label: str, lhs: float, op: str, rhs_label: str, rhs: float,
              digits: int = 4) -> str:
    """``"lhs_label = 0.42 ≥ rhs_label = 0.5: fails"`` — the verdict is computed, never typed."""
    ok = {"≥": lhs >= rhs - _TOL, ">": lhs > rhs + _TOL, "≤": lhs <= rhs + _TOL,
          "<": lhs < rhs - _TOL}[op]
    return (f"{lhs_label} = {_f(lhs, digits)} {op} {rhs_label} = {_f(rhs, digits)}: "
            f"{'holds' if ok else 'fails'}")


def record(eq) -> dict:
    """Flat record for sweeps and JSON: regimes plus figures."""
    rec = evaluate(eq)
    rec["regime"] = regime_label(eq)
    rec.update(_figures(eq))
    return rec


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


def _figures(eq) -> dict:
    p, s, pur, ins, sc = eq.workforce, eq.sharing, eq.purchasing, eq.inspection, eq.side_contract
    causes = {c: sum(1 for v in p.cause.values() if v == c)
              for c in (wf.PROGRAMME_DOWNSIZING, wf.COMPETENCE, wf.RELATIONSHIP_WEAKNESS)}
    return {
        "government_weight": s.weight_government, "government_absorbs": s.government_absorbs,
        "agency_bears": s.agency_bears, "agency_share_of_cut": s.agency_share,
        "max_self_enforcing_quality": -1.0 if pur.max_quality is None else pur.max_quality,
        "quality": pur.quality, "relationship_value": eq.relationship_value,
        "control_probability": ins.control, "perfunctory_probability": ins.perfunctory,
        "detection": ins.detection, "side_deal": sc.occurs,
        "agency_cash": p.cash, "agency_payoff": p.payoff, "kept": len(p.kept),
        "dismissed": len(p.dismissed), "left": len(p.left),
        "dismissed_programme_downsizing": causes[wf.PROGRAMME_DOWNSIZING],
        "dismissed_competence": causes[wf.COMPETENCE],
        "dismissed_relationship_weakness": causes[wf.RELATIONSHIP_WEAKNESS],
        "goal_congruence": goal_congruence(eq), "means_congruence": means_congruence(eq),
        "exit_probability": p.exit_probability,
        "bonus_total": float(sum(p.bonus.values())),
        "shirking": sum(1 for e in p.effort.values() if e == "shirk"),
        "recruits": p.recruits, "talent": p.talent,
        "committee_co_evaluates": bool(eq.committee is not None and eq.committee.co_evaluates),
    } | _optional_figures(eq)


def _optional_figures(eq) -> dict:
    out = {}
    if eq.task_auction is not None:
        out["agency_task"] = eq.task_auction.task
        out["task_rent"] = eq.task_auction.agency_rent
    if eq.screening is not None:
        out["q_high_no_report"] = eq.screening.q_high_no_report
        out["supervisor_reward"] = eq.screening.supervisor_reward
        out["cost_of_collusion"] = eq.screening.cost_of_collusion
    return out


# ----------------------------------------------------------------------------- the report
def _conditions(eq) -> list[str]:
    m = eq.model
    pur, ins, sc, s, p = eq.purchasing, eq.inspection, eq.side_contract, eq.sharing, eq.workforce
    k = m.discount / (1 - m.discount)
    out = []
    qf = pur.first_best_quality
    cq = m.quality_cost * qf * qf / 2
    rq = m.relationship_rent + m.quality_value * qf - cq - m.outside_surplus
    out.append("first-best quality self-enforcing: " + condition(
        "α·δ/(1−δ)·ρ·(u + s(q_FB) − s̄)", pur.enforcement * rq, "≥", "c(q_FB)", cq))
    out.append("no trouble self-enforcing: " + condition(
        "δ/(1−δ)·ρ·(u − s̄)", k * m.renewal_probability * (m.relationship_rent
                                                          - m.outside_surplus),
        "≥", "t", m.no_trouble_cost))
    for rule in (st.PARTNER, st.BUDDY, st.TENDER):
        if rule != pur.rule and math.isfinite(pur.values[rule]):
            out.append(f"{pur.rule} beats {rule} for the bureau: " + condition(
                f"W({pur.rule})", pur.values[pur.rule], "≥", f"W({rule})", pur.values[rule]))
    a, P, g, h, L = ins.detection, ins.penalty, ins.compliance_cost, ins.control_cost, \
        ins.perfunctory_loss
    out.append("control deters perfunctory compliance: " + condition(
        "α_e·(1 − a)·Λ", a * P, ">", "g", g))
    out.append("control pays against perfunctory compliance: " + condition(
        "α_e·L_D", a * L, ">", "h", h))
    stake = "k·Δθ·q_H" if eq.screening is not None else "k·(1 − a)·Λ"
    out.append("side deal worth more than its cost: " + condition(
        stake, sc.transfer_efficiency * sc.stake, ">", "τ", sc.cost))
    if sc.transfer_efficiency * sc.stake > sc.cost:
        out.append("collusion-proof reward worth paying: " + condition(
            "report value", sc.report_value, "≥" if eq.screening is not None else ">",
            f"{stake} − τ", sc.collusion_proof_reward))
    com = eq.committee
    if com is not None and com.enabled:
        out.append("the community committee co-evaluates: " + condition(
            "V_C·E[q | α′] − c_C", com.values["co-evaluate"], ">", "V_C·E[q | α]",
            com.values["abstain"]))
    if not p.exit:
        a_w = m.worker_evaluation_accuracy
        if p.example:
            a_w += m.example_effect * (1 - a_w)
        for nm, c in zip(m.worker_names, m.effort_cost):
            if nm in p.effort and c > _TOL:
                out.append(f"{nm} works on her contract: " + condition(
                    "a·bonus", a_w * p.bonus[nm], "≥", "c", c))
    out.append("agreement on the cut possible: " + condition(
        "K_D + M_A", s.government_breakdown_loss + s.agency_breakdown_loss, "≥", "cut", s.cut))
    if not p.exit:
        out.append("agency's loss within its tolerance: " + condition(
            "cash", p.cash, "≥", "−min(L, Λ)", -p.loss_tolerance))
    return out


def explain(eq) -> Explanation:
    """The report: every sentence and figure is read off ``eq`` and the predicates above."""
    m = eq.model
    s, pur, ins, sc, p = eq.sharing, eq.purchasing, eq.inspection, eq.side_contract, eq.workforce
    reg = evaluate(eq)
    head = []
    if s.cut > 0:
        head.append(f"the district bureau cuts the budget by {_f(s.cut, 4)}; bargaining "
                    f"(bureau's weight {_f(s.weight_government, 4)}) leaves "
                    f"{_f(s.agency_bears, 4)} ({_f(100 * s.agency_share, 3)}%) to the agency")
    rule_txt = {st.PARTNER: f"partner purchasing (renewal on evaluated quality "
                            f"{_f(pur.quality, 4)})",
                st.BUDDY: "buddy purchasing (renewal on 'no trouble'; quality not enforced)",
                st.TENDER: "a tender (no renewal rent)"}[pur.rule]
    head.append("the bureau chooses " + rule_txt)
    if p.exit:
        head.append("the agency exits and every worker loses the job")
    else:
        head.append(f"the agency keeps {', '.join(p.kept) or 'nobody'}"
                    + (f", dismisses {', '.join(p.dismissed)}" if p.dismissed else "")
                    + (f", and {', '.join(p.left)} leave" if p.left else ""))
    headline = "; ".join(head) + "."
    eqm = (f"stage 1 Nash bargaining; stage 2 rule {pur.rule}; stage 3 side deal "
           f"{'on' if sc.occurs else 'off'} the path, control game ({ins.method}): control "
           f"{_f(ins.control, 4)}, perfunctory {_f(ins.perfunctory, 4)}; stage 4 agency's "
           f"optimum over {p.feasible_sets if p.feasible_sets >= 0 else 'all'} feasible "
           f"plans ({p.method})")
    details = []
    for nm in m.worker_names:
        fate = p.fate[nm]
        if fate == wf.KEPT:
            extra = ""
            if p.bonus.get(nm, 0) > _TOL:
                extra = f" plus a bonus {_f(p.bonus[nm], 4)} for a good evaluation (she works)"
            elif nm in p.effort_probabilities:
                extra = " on a flat wage (she does not exert the hidden effort)"
            details.append(f"{nm}: kept at wage {_f(p.wages[nm], 4)} (contract "
                           f"{_f(dict(zip(m.worker_names, m.wages))[nm], 4)}){extra} — "
                           f"{p.response[nm]}")
        elif fate == wf.DISMISSED:
            details.append(f"{nm}: dismissed ({p.cause[nm]}) — {p.response[nm]}")
        else:
            details.append(f"{nm}: left after a cut below her floor — {p.response[nm]}")
    ta = eq.task_auction
    if ta is not None:
        sol = ta.solution
        details.append(
            f"the tiers bid for the agency's effort: it serves {ta.task} (its own choice "
            f"without rewards: {ta.own_task}); the tiers keep "
            + ", ".join(f"{k} {_f(v, 4)}" for k, v in sol.principal_payoffs.items())
            + f"; the rewards add {_f(ta.agency_rent, 4)} to the agency's payoff")
    sc_ = eq.screening
    if sc_ is not None:
        details.append(
            f"cost screening: the low-cost agency produces {_f(sc_.q_low, 4)}; the high-cost "
            f"one {_f(sc_.q_high_revealed, 4)} with the office's evidence and "
            f"{_f(sc_.q_high_no_report, 4)} without it ({_f(sc_.q_high_without_collusion, 4)} "
            f"if side deals were impossible); the office is paid {_f(sc_.supervisor_reward, 4)}"
            f" per report; collusion costs the bureau {_f(sc_.cost_of_collusion, 4)}")
    if p.agency_responses:
        details.append("the agency's own responses: " + ", ".join(p.agency_responses)
                       + (f" ({p.recruits} replacement(s))" if p.recruits else "")
                       + (f" ({p.talent} talented hire(s))" if p.talent else ""))
    if not math.isinf(m.logit_precision):
        details.append(f"logit choice at precision λ = {_f(m.logit_precision, 4)}: the agency "
                       f"exits with probability {_f(p.exit_probability, 4)}; the bureau's rule "
                       "probabilities " + ", ".join(f"{k} {_f(v, 3)}" for k, v in
                                                    pur.probabilities.items()))
    details.append(f"4C: goal congruence {_f(goal_congruence(eq), 4)}, means congruence "
                   f"{_f(means_congruence(eq), 4)} ⇒ {reg['4C']}; life-cycle stage: "
                   f"{reg['stage']}")
    if pur.max_quality is not None and pur.max_quality >= pur.first_best_quality - _TOL:
        details.append(f"the highest self-enforcing quality is the first best "
                       f"{_f(pur.first_best_quality, 4)}: the enforcement constraint is slack, "
                       "so small changes in accuracy or patience do not move it")
    if s.cut > 0 and s.agreement:
        details.append(f"cut sharing: the bureau would lose K_D = "
                       f"{_f(s.government_breakdown_loss, 4)} and the agency M_A = "
                       f"{_f(s.agency_breakdown_loss, 4)} if talks broke down; the bureau "
                       f"absorbs max(0, K_D − α_D·(K_D + M_A − cut)) = "
                       f"{_f(s.government_absorbs, 4)}")
    details += ["condition — " + c for c in _conditions(eq)]
    binding = []
    if not p.exit and len(p.kept) == m.required_staff and p.dismissed:
        binding.append(f"head count: {len(p.kept)} kept = {m.required_staff} required")
    if not p.exit and abs(p.cash + p.loss_tolerance) < 1e-9 and p.loss_tolerance > 0:
        binding.append("agency's loss tolerance min(L, Λ)")
    if s.cut > 0 and s.agreement and s.government_absorbs <= _TOL:
        binding.append("the bureau absorbs none of the cut: " + condition(
            "K_D", s.government_breakdown_loss, "≤", "α_D·(K_D + M_A − cut)",
            s.weight_government * (s.government_breakdown_loss + s.agency_breakdown_loss
                                   - s.cut)))
    figs = _figures(eq)
    cs = (
        finite_difference_sign(lambda c: c.solve().workforce.payoff, m, "budget_cut",
                               "the agency's payoff (level)"),
        finite_difference_sign(lambda c: c.solve().sharing.agency_share, m,
                               "government_discount",
                               "the agency's share of the cut (share)"),
        finite_difference_sign(lambda c: _q(c), m, "evaluation_accuracy",
                               "the highest self-enforcing quality (level)"),
        finite_difference_sign(lambda c: _q(c), m, "discount",
                               "the highest self-enforcing quality (level)"),
    )
    params = {f.name: getattr(m, f.name) for f in dataclasses.fields(m)}
    return Explanation(model="chain", phenomenon="the government → agency → worker chain, "
                       "one game", headline=headline[0].upper() + headline[1:],
                       regime=regime_label(eq), equilibrium=eqm, binding=tuple(binding),
                       figures=figs, comparative_statics=cs, details=tuple(details),
                       parameters=params)


def _q(c) -> float:
    q = c.purchasing().max_quality
    return -1.0 if q is None else q

"""The chain game's report: the flat record for sweeps and the explanation in words.

Every sentence and figure is read off a solved :class:`contracts.models.chain.ChainEquilibrium`
and the regime predicates of :mod:`contracts.models.regimes`; every condition is printed with
its inequality and whether it holds (computed, never typed).
"""

from __future__ import annotations

import dataclasses
import math

from .._tolerance import MODEL_TOL
from ..results import format_number
from . import _stages as st
from . import _workforce as wf
from ._explain import Explanation, finite_difference_sign
from ._predicates import (condition, evaluate, goal_congruence, means_congruence,
                          regime_label)

__all__ = ["record", "explain", "figures"]

_TOL = MODEL_TOL
_f = format_number


def record(eq) -> dict:
    """Flat record for sweeps and JSON: regimes plus figures."""
    rec = evaluate(eq)
    rec["regime"] = regime_label(eq)
    rec.update(_figures(eq))
    return rec


def figures(eq) -> dict:
    """The key figures of the equilibrium (name -> number or label)."""
    return _figures(eq)


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
                    + (f", and {', '.join(p.left)} {'leaves' if len(p.left) == 1 else 'leave'}"
                       if p.left else ""))
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
                       regime=_label(eq), equilibrium=eqm, binding=tuple(binding),
                       figures=figs, comparative_statics=cs, details=tuple(details),
                       parameters=params)


def _label(eq) -> str:
    return regime_label(eq)


def _q(c) -> float:
    q = c.purchasing().max_quality
    return -1.0 if q is None else q


def choice_probabilities(eq) -> dict:
    """Every discrete choice and its probabilities (see ChainEquilibrium.choice_probabilities)."""
    pur, ins, p = eq.purchasing, eq.inspection, eq.workforce
    out = {"renewal rule": dict(pur.probabilities),
           "bureau control": {"control": ins.control, "trust": 1 - ins.control},
           "agency compliance": {"comply": 1 - ins.perfunctory,
                                 "perfunctory": ins.perfunctory},
           "agency exit": {"stay": 1 - p.exit_probability, "exit": p.exit_probability}}
    if eq.committee is not None and eq.committee.enabled:
        out["committee"] = dict(eq.committee.probabilities)
    sc = eq.side_contract
    if sc.transfer_efficiency * sc.stake - sc.cost > _TOL:
        from ._logit import logit
        pay, tol = sc.report_value - sc.collusion_proof_reward, 0.0
        vals = ({"pay the reward": pay, "tolerate": tol} if eq.screening is not None
                else {"tolerate": tol, "pay the reward": pay})     # ties as stage 3a
        out["bureau deters collusion"] = logit(vals, eq.model.logit_precision)
    for nm in eq.model.worker_names:
        if nm in p.keep_probabilities:
            k = p.keep_probabilities[nm]
            out[f"agency keeps {nm}"] = {"keep": k, "let go": 1 - k}
        if nm in p.reply_probabilities:
            out[f"{nm} reply"] = dict(p.reply_probabilities[nm])
        if nm in p.effort_probabilities:
            e = p.effort_probabilities[nm]
            out[f"{nm} effort"] = {"work": e, "shirk": 1 - e}
    return out

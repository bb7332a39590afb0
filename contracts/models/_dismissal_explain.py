"""The report in words of :class:`contracts.models.passive_dismissal.PassiveDismissal`."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from ..results import format_number
from ._explain import Explanation, finite_difference_sign

_fmt = format_number


def explain(model) -> Explanation:
    """The regime of the budget cut, who goes and why, how each side responds (see
    ``PassiveDismissal.explain``)."""
    out = model.solve()
    sh = out.shock
    ch = model.chain()
    alpha = ch.nash_weight("government", "agency")
    cut = model.budget_cut
    p1 = model.budget - cut
    parts = []
    if out.government_absorbed > 0:
        parts.append(f"The agency is stronger than the government (the government's "
                     f"Nash weight is {_fmt(alpha, 4)}), so the government takes back its "
                     f"cut of {_fmt(cut, 4)}")
    elif cut > 0:
        parts.append(f"The government (Nash weight {_fmt(alpha, 4)} against the agency) "
                     f"cuts the budget by {_fmt(cut, 4)} ({_fmt(model.budget, 4)} → "
                     f"{_fmt(p1, 4)}) and the agency passes the shortfall of "
                     f"{_fmt(max(sh.shortfall, 0), 4)} down")
    else:
        parts.append(f"The budget stays at {_fmt(model.budget, 4)}")
    absorbed = dict(sh.absorbed)
    if sh.exit:
        parts.append(f"wage rents ({_fmt(absorbed.get('wage_rents', 0), 4)}), dismissals and "
                     f"the agency's loss tolerance min(L, Λ) = "
                     f"{_fmt(min(model.cash_reserve, model.relationship_value), 4)} cannot "
                     "cover it: the agency exits and every worker loses the job "
                     "(programme downsizing)")
    else:
        steps = []
        for step, amount in sh.absorbed:
            if not amount > 0:
                continue
            if step == "wage_rents":
                steps.append(f"wage rents absorb {_fmt(amount, 4)}")
            elif step == "surplus_staff":
                steps.append(f"{', '.join(sh.dismissed)} (lowest retention score) "
                             f"{'is' if len(sh.dismissed) == 1 else 'are'} dismissed: "
                             "passive dismissal of the weak-relationship type")
            elif step == "agency":
                steps.append(f"the agency absorbs a loss of {_fmt(amount, 4)} to keep the "
                             f"relationship (worth Λ = {_fmt(model.relationship_value, 4)})")
        if steps:
            parts.append(", then ".join(steps))
        if not sh.dismissed and any(c > 0 for c in sh.wage_cuts.values()):
            parts.append("pay is cut but nobody is dismissed")
    headline = "; ".join(parts) + "."
    binding = []
    if sh.shortfall > 0 and not out.government_absorbed:
        binding.append("government's budget (it is the strongest tier, so it absorbs "
                       "nothing)")
    if absorbed.get("wage_rents", 0) and math.isclose(absorbed["wage_rents"], model.total_rent,
                                                      rel_tol=1e-12, abs_tol=1e-12):
        binding.append("workers' participation: every wage is cut to the reservation wage")
    if sh.dismissed and not sh.exit and len(sh.employed) == model.required_staff:
        binding.append(f"required head count n_req = {model.required_staff}")
    if sh.agency_loss > 0 and math.isclose(
            sh.agency_loss, min(model.cash_reserve, model.relationship_value), rel_tol=1e-12):
        binding.append("agency's loss tolerance min(L, Λ)")
    if sh.exit:
        binding.append("agency's participation: it exits")
    if out.incentive_credible and not all(out.incentive_credible.values()):
        binding.append("dismissal-threat incentive constraint fails for "
                       + ", ".join(nm for nm, c in out.incentive_credible.items() if not c))
    comp_b, comp_a = out.competence_before, out.competence_after
    figures: dict[str, Any] = {
        "shortfall": sh.shortfall, "total_rent": model.total_rent,
        "dismissed": len(sh.dismissed), "employed": len(sh.employed),
        "agency_profit": sh.agency_profit, "agency_loss": sh.agency_loss,
        "exit": bool(sh.exit), "government_absorbed": out.government_absorbed,
        "relationship_value": model.relationship_value,
        "incentive_rent": out.incentive.incentive_rent,
        "non_renewal_probability": 1 - model.renewal_probability,
        "competence_threshold_before": comp_b.firing_threshold,
        "competence_threshold_after": comp_a.firing_threshold,
        "competence_dismissed": len(out.competence_dismissed),
    }
    details = []
    for nm in model.worker_names:
        if nm in sh.dismissed:
            continue
        details.append(f"{nm} stays at wage {_fmt(sh.final_wages[nm], 4)} (cut "
                       f"{_fmt(sh.wage_cuts[nm], 4)}): {out.worker_responses[nm]}")
    details += [f"dismissal — {d}" for d in out.dismissals]
    thr_a = comp_a.firing_threshold
    thr_b = comp_b.firing_threshold
    details.append(
        f"competence demand: when the government raises the value of a success from "
        f"{_fmt(model.demand, 4)} to {_fmt(model.raised_demand, 4)}, the agency's firing "
        f"threshold on net successes moves from "
        f"{'never' if thr_b is None else thr_b} to {'never' if thr_a is None else thr_a}"
        + (f" (belief in competence ≤ {_fmt(comp_a.posterior_at_threshold, 4)})"
           if thr_a is not None else "")
        + (f"; {', '.join(out.competence_dismissed)} replaced" if out.competence_dismissed
           else "; nobody is replaced"))
    details.append(
        f"programme downsizing by non-renewal: with probability "
        f"{_fmt(1 - model.renewal_probability, 4)} a period the project is not renewed and "
        + ("the agency exits, dismissing everybody" if out.non_renewal.exit else
           "the agency keeps the staff at a loss")
        + f"; this renewal risk makes a dismissal threat need an incentive rent of "
          f"{_fmt(out.incentive.incentive_rent, 4)} above the reservation wage")
    if out.agency_responses:
        details.append("agency's response: " + ", ".join(out.agency_responses))
    cs = [
        finite_difference_sign(lambda m: m.critical_cut(), model, "budget",
                               "the budget cut absorbed without dismissals"),
        finite_difference_sign(lambda m: float(m.solve().shock.agency_profit), model,
                               "budget_cut", "the agency's profit after the cut"),
        finite_difference_sign(lambda m: float(m.dismissal_threat().solve().incentive_rent),
                               model, "renewal_probability",
                               "the incentive rent a dismissal threat needs"),
        finite_difference_sign(lambda m: m.relationship_value, model, "renewal_probability",
                               "the loss the agency accepts to keep the relationship (Λ)"),
    ]
    params = {f.name: getattr(model, f.name) for f in dataclasses.fields(model)}
    return Explanation(
        model="passive_dismissal",
        phenomenon="passive dismissal: budget and demand pressure passed down to workers",
        headline=headline, regime=out.regime,
        equilibrium=(f"waterfall {' → '.join(out.absorption_order)} → exit; kept: "
                     f"{', '.join(sh.employed) or 'nobody'}; dismissed: "
                     f"{', '.join(sh.dismissed) or 'nobody'}"),
        binding=tuple(binding), figures=figures, comparative_statics=tuple(cs),
        details=tuple(details), parameters=params)

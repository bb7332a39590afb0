"""Stage 4 of the chain game: the agency's workforce decision and the workers' replies.

The agency has received its budget ``p_A`` (what is left after the bureau and the agency have
shared the cut). It chooses which workers to keep and, for each worker it lets go, how: a
dismissal (it pays severance) or a wage offer below what she accepts (she then leaves by her
own choice — opposing the cut and transferring to her outside offer, or complaining and
separating). Kept workers are paid their *wage floor*, the least they accept:

    floor_i = max(ū_i, o_i),   o_i = ū_i + worker_power · (w_i − ū_i)  if she holds an offer,

where ``w_i`` is her contract wage, ``ū_i`` her reservation wage and ``o_i`` the wage her outside
offer lets her bargain for (continuous in ``worker_power``). A worker's output is worth
``v_i = productivity · competence_i + relationship_weight · relationship_i`` to the agency.

**Hidden effort.** A kept worker chooses an effort the agency does not see (cost ``c_i`` to
her); without it her output loses the share ``ℓ`` (``shirking_loss``). The agency's evaluation
of her catches shirking with probability ``a``; her pay is the floor (a labour contract cannot
pay less) plus a bonus ``b_i`` after a good evaluation. She works iff ``a·b_i ≥ c_i``, so the
agency either pays ``b_i = c_i / a`` (an incentive contract: she keeps the rent
``c_i(1 − a)/a``) or a flat wage (she shirks). With ``c_i = 0`` effort is not a choice.

**Replies.** Each worker's reply is her best option given its payoff: *accept* the agency's
offer (floor plus expected bonus net of her effort cost), *resist* (oppose and transfer to her
outside offer: ``o_i −`` her transfer effort, only with an offer) or *leave* (complain and
separate: ``ū_i``). Ties go to the option listed first. A worker the agency lets go has no
offer to accept.

**The agency's choice.** It maximises its payoff over *plans* — each worker let go, kept on an
incentive contract or on a flat wage, plus its own responses (recruit replacements, attract
talent, make an example of a dismissal) — subject to the head count the evaluation requires
and a cash position ``≥ −min(L, Λ)``; if no plan is feasible, or every one is worth less than
leaving (payoff 0), it exits and everybody loses the job (see :mod:`._plans`). The payoff is
weakly decreasing in the cut by construction (each plan's payoff falls one for one and the
feasible family shrinks).

With finite logit precision ``λ`` every choice here also carries logit probabilities (the
agency's over plans, each worker's over replies and effort), each given the equilibrium play of
the others; the fates reported are the equilibrium (most likely) plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from .._tolerance import MODEL_TOL
from ._logit import logit
from ._plans import OUT, WORK, PlanOptions, choose_plan

__all__ = ["WorkerSpec", "WorkforcePlan", "solve_workforce", "plan_payoff", "PlanOptions",
           "KEPT", "DISMISSED", "LEFT", "ACCEPT", "RESIST", "LEAVE", "NO_CUT",
           "PROGRAMME_DOWNSIZING", "COMPETENCE", "RELATIONSHIP_WEAKNESS", "ACCEPT_REPLY",
           "RESIST_REPLY", "LEAVE_REPLY", "RECRUIT", "MAKE_EXAMPLE", "ATTRACT_TALENT"]

KEPT, DISMISSED, LEFT = "kept", "dismissed", "left"
NO_CUT = "kept at contract wage"
ACCEPT = "negotiation and acceptance"
RESIST = "opposition and transfer"
LEAVE = "complaint and separation"
PROGRAMME_DOWNSIZING = "programme downsizing"
COMPETENCE = "competence"
RELATIONSHIP_WEAKNESS = "relationship weakness"
ACCEPT_REPLY, RESIST_REPLY, LEAVE_REPLY = "accept", "resist", "leave"
RECRUIT = "recruit replacements"
MAKE_EXAMPLE = "make an example"
ATTRACT_TALENT = "attract talent"

_TOL = MODEL_TOL


@dataclass(frozen=True)
class WorkerSpec:
    """One worker as the agency sees her (all money per period)."""

    name: str
    wage: float
    reservation_wage: float
    competence: float
    relationship: float
    outside_offer: bool
    value: float           # v_i: her output's worth to the agency (when she works)
    floor: float           # least wage she accepts
    quit_reply: str        # what she does when offered less than her floor (RESIST or LEAVE)
    separation_cost: float  # cheapest way for the agency to part with her
    separation_mode: str   # DISMISSED or LEFT
    effort_cost: float = 0.0      # c_i: her cost of the hidden effort
    offer_wage: float = 0.0       # o_i: what her outside offer lets her bargain for
    transfer_effort: float = 0.0  # her cost of opposing and transferring


def make_worker(name, wage, reservation_wage, competence, relationship, outside_offer, *,
                productivity, relationship_weight, worker_power, severance, resist_cost,
                complaint_cost, transfer_effort, effort_cost=0.0) -> WorkerSpec:
    """Build a :class:`WorkerSpec`: value, wage floor, reply to a cut below it, separation."""
    offer_wage = reservation_wage + worker_power * (wage - reservation_wage)
    floor = max(reservation_wage, offer_wage) if outside_offer else reservation_wage
    # offered less than her floor she opposes and transfers iff her offer beats staying
    # unemployed net of the effort of opposing; otherwise she complains and separates
    resist = outside_offer and offer_wage - transfer_effort >= reservation_wage
    reply = RESIST if resist else LEAVE
    quit_cost = resist_cost if resist else complaint_cost
    if severance <= quit_cost + _TOL:     # ties: a dismissal (the agency acts)
        sep, mode = severance, DISMISSED
    else:
        sep, mode = quit_cost, LEFT
    value = productivity * competence + relationship_weight * relationship
    return WorkerSpec(name, wage, reservation_wage, competence, relationship, outside_offer,
                      value, floor, reply, sep, mode, effort_cost, offer_wage, transfer_effort)


def _empty():
    return MappingProxyType({})


@dataclass(frozen=True)
class WorkforcePlan:
    """The agency's optimal workforce decision at budget ``budget`` and its consequences.

    ``fate[name]`` is exactly one of kept / dismissed / left; ``cause[name]`` is set for every
    dismissed worker (one cause), ``response[name]`` for every worker. The later fields are the
    hidden-action link and the choice probabilities: ``reply`` (her optimal reply: accept,
    resist or leave) with ``reply_values`` and ``reply_probabilities`` (logit), ``effort``
    (work / shirk, kept workers) with ``effort_probabilities`` (P(work)), ``bonus`` (the
    incentive part of her pay), ``keep_probabilities`` and ``exit_probability`` (the agency's
    logit over plans), and the agency's own responses (``recruits``, ``talent``, ``example``,
    ``agency_responses``).
    """

    budget: float
    exit: bool
    kept: tuple
    dismissed: tuple
    left: tuple
    wages: Mapping
    fate: Mapping
    cause: Mapping
    response: Mapping
    cash: float            # budget − overhead − wages − bonuses − separation costs − hiring
    payoff: float          # cash + value of the staff kept (0 on exit)
    loss_tolerance: float  # min(L, Λ)
    feasible_sets: int
    method: str
    best_alternative_payoff: float = field(default=-math.inf)
    bonus: Mapping = field(default_factory=_empty)
    effort: Mapping = field(default_factory=_empty)
    effort_probabilities: Mapping = field(default_factory=_empty)
    reply: Mapping = field(default_factory=_empty)
    reply_values: Mapping = field(default_factory=_empty)
    reply_probabilities: Mapping = field(default_factory=_empty)
    keep_probabilities: Mapping = field(default_factory=_empty)
    exit_probability: float = 0.0
    recruits: int = 0
    talent: int = 0
    example: bool = False
    agency_responses: tuple = ()
    regret: float = 0.0

    @property
    def loss_making(self) -> bool:
        """The agency stays although its cash this period is negative."""
        return (not self.exit) and self.cash < -_TOL


def plan_payoff(workers, kept_idx, budget, overhead):
    """(payoff, cash) of keeping the workers with indices ``kept_idx`` (effort free)."""
    kept = set(kept_idx)
    cash = budget - overhead
    val = 0.0
    for i, w in enumerate(workers):
        if i in kept:
            cash -= w.floor
            val += w.value
        else:
            cash -= w.separation_cost
    return cash + val, cash


def _replies(w: WorkerSpec, kept: bool, bonus: float, work: bool, accuracy: float, lam):
    """Her options' values, her optimal reply and its logit probabilities; effort likewise."""
    vals = {}
    eff_p = None
    if kept:
        c = w.effort_cost if w.effort_cost > _TOL else 0.0     # below tolerance: free
        pay_work, pay_shirk = bonus - c, bonus * (1 - accuracy)
        if w.effort_cost > _TOL:
            eff_p = logit({"work": pay_work, "shirk": pay_shirk}, lam)["work"]
        else:
            eff_p = 1.0
        vals[ACCEPT_REPLY] = w.floor + (pay_work if work else pay_shirk)
    vals[RESIST_REPLY] = (w.offer_wage - w.transfer_effort) if w.outside_offer else -math.inf
    vals[LEAVE_REPLY] = w.reservation_wage
    probs = logit(vals, lam)
    best = max(vals, key=lambda k: (vals[k] > -math.inf, round(vals[k], 9),
                                    -list(vals).index(k)))
    return vals, probs, best, eff_p


def solve_workforce(workers, budget, overhead, required_staff, loss_tolerance, *,
                    method=None, options: PlanOptions | None = None,
                    logit_precision: float = math.inf) -> WorkforcePlan:
    """The agency's optimal plan (see the module docstring); ``method`` 'brute' or 'milp'."""
    workers = tuple(workers)
    opt = options or PlanOptions()
    lam = logit_precision
    ch = choose_plan(workers, budget, overhead, required_staff, loss_tolerance, opt, lam,
                     method=method)
    names = [w.name for w in workers]
    keep_p = MappingProxyType(dict(zip(names, ch.keep_probability)))
    rv, rp, rep = {}, {}, {}
    if ch.exit:
        for w in workers:
            rv[w.name], rp[w.name], rep[w.name], _ = _replies(w, False, 0.0, False, 1.0, lam)
        fate = {nm: DISMISSED for nm in names}
        cause = {nm: PROGRAMME_DOWNSIZING for nm in names}
        resp = {w.name: RESIST if rep[w.name] == RESIST_REPLY else LEAVE for w in workers}
        return WorkforcePlan(budget, True, (), tuple(names), (), _empty(),
                             MappingProxyType(fate), MappingProxyType(cause),
                             MappingProxyType(resp), 0.0, 0.0, loss_tolerance,
                             max(ch.feasible, 0), ch.method, ch.best_alternative,
                             reply=MappingProxyType(rep), reply_values=_freeze(rv),
                             reply_probabilities=_freeze(rp), keep_probabilities=keep_p,
                             exit_probability=ch.exit_probability, regret=ch.regret)
    a_used = opt.worker_accuracy + (opt.example_effect * (1 - opt.worker_accuracy)
                                    if ch.example else 0.0)
    kept = [w for w, m in zip(workers, ch.modes) if m != OUT]
    fate, cause, resp, wages, bonus, effort, eff_p = {}, {}, {}, {}, {}, {}, {}
    for w, m, b in zip(workers, ch.modes, ch.bonus):
        is_kept = m != OUT
        work = m == WORK
        rv[w.name], rp[w.name], rep[w.name], ep = _replies(w, is_kept, b, work, a_used, lam)
        if is_kept:
            fate[w.name] = KEPT
            wages[w.name] = w.floor
            bonus[w.name] = b
            effort[w.name] = "work" if work else "shirk"
            if w.effort_cost > _TOL:          # effort is a choice only when it costs her
                eff_p[w.name] = ep
            resp[w.name] = ACCEPT if w.floor < w.wage - _TOL else NO_CUT
            continue
        fate[w.name] = w.separation_mode
        resp[w.name] = RESIST if rep[w.name] == RESIST_REPLY else LEAVE
        if w.separation_mode == DISMISSED:
            cause[w.name] = _cause(w, kept)
    responses = []
    if ch.recruits:
        responses.append(RECRUIT)
    if ch.example:
        responses.append(MAKE_EXAMPLE)
    if ch.talent:
        responses.append(ATTRACT_TALENT)
    return WorkforcePlan(
        budget, False, tuple(w.name for w in kept),
        tuple(nm for nm in names if fate[nm] == DISMISSED),
        tuple(nm for nm in names if fate[nm] == LEFT), MappingProxyType(wages),
        MappingProxyType(fate), MappingProxyType(cause), MappingProxyType(resp), ch.cash,
        ch.payoff, loss_tolerance, ch.feasible, ch.method, ch.best_alternative,
        bonus=MappingProxyType(bonus), effort=MappingProxyType(effort),
        effort_probabilities=MappingProxyType(eff_p), reply=MappingProxyType(rep),
        reply_values=_freeze(rv), reply_probabilities=_freeze(rp), keep_probabilities=keep_p,
        exit_probability=ch.exit_probability, recruits=ch.recruits, talent=ch.talent,
        example=ch.example, agency_responses=tuple(responses), regret=ch.regret)


def _freeze(d):
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in d.items()})


def _cause(w: WorkerSpec, kept) -> str:
    """The one cause of a dismissal, read off the optimum.

    * competence — her output is worth less than the least wage she accepts (``v_i < floor_i``):
      the agency lets her go at any budget;
    * relationship weakness — she is worth her wage, and a colleague who is kept is no more
      competent and no cheaper but has the stronger relationship;
    * programme downsizing — otherwise: she is worth her wage but the budget no longer covers
      her post.
    """
    if w.value < w.floor - _TOL:
        return COMPETENCE
    for k in kept:
        if (k.competence <= w.competence + _TOL and k.floor >= w.floor - _TOL
                and k.relationship > w.relationship + _TOL):
            return RELATIONSHIP_WEAKNESS
    return PROGRAMME_DOWNSIZING

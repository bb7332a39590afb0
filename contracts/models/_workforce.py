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

The agency maximises its payoff

    U(K) = p_A − F − Σ_{i∈K} floor_i + Σ_{i∈K} v_i − Σ_{i∉K} sep_i

over kept sets ``K`` with ``|K| ≥ required_staff`` (the head count the evaluation counts) and a
cash position ``p_A − F − Σ_K floor_i − Σ_{∉K} sep_i ≥ −min(L, Λ)`` (it cannot lose more than its
reserve, nor more than the relationship is worth); ``sep_i`` is the cheapest way to part with
worker ``i``. If no kept set is feasible, or every one is worth less than leaving (payoff 0),
the agency exits and everybody loses the job. ``U`` is weakly decreasing in the cut by
construction (each ``U(K)`` falls one for one and the feasible family shrinks).

Small workforces (N ≤ 12) are solved by enumerating every kept set; larger ones exactly as a
0-1 program by :func:`scipy.optimize.milp`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np

__all__ = ["WorkerSpec", "WorkforcePlan", "solve_workforce", "plan_payoff",
           "KEPT", "DISMISSED", "LEFT", "ACCEPT", "RESIST", "LEAVE", "NO_CUT",
           "PROGRAMME_DOWNSIZING", "COMPETENCE", "RELATIONSHIP_WEAKNESS"]

KEPT, DISMISSED, LEFT = "kept", "dismissed", "left"
NO_CUT = "kept at contract wage"
ACCEPT = "negotiation and acceptance"
RESIST = "opposition and transfer"
LEAVE = "complaint and separation"
PROGRAMME_DOWNSIZING = "programme downsizing"
COMPETENCE = "competence"
RELATIONSHIP_WEAKNESS = "relationship weakness"

_TOL = 1e-9
BRUTE_FORCE_MAX = 12


@dataclass(frozen=True)
class WorkerSpec:
    """One worker as the agency sees her (all money per period)."""

    name: str
    wage: float
    reservation_wage: float
    competence: float
    relationship: float
    outside_offer: bool
    value: float           # v_i: her output's worth to the agency
    floor: float           # least wage she accepts
    quit_reply: str        # what she does when offered less than her floor (RESIST or LEAVE)
    separation_cost: float  # cheapest way for the agency to part with her
    separation_mode: str   # DISMISSED or LEFT


def make_worker(name, wage, reservation_wage, competence, relationship, outside_offer, *,
                productivity, relationship_weight, worker_power, severance, resist_cost,
                complaint_cost, transfer_effort) -> WorkerSpec:
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
                      value, floor, reply, sep, mode)


@dataclass(frozen=True)
class WorkforcePlan:
    """The agency's optimal workforce decision at budget ``budget`` and its consequences.

    ``fate[name]`` is exactly one of kept / dismissed / left; ``cause[name]`` is set for every
    dismissed worker (one cause), ``response[name]`` for every worker.
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
    cash: float            # budget − overhead − wages − separation costs
    payoff: float          # cash + value of the staff kept (0 on exit)
    loss_tolerance: float  # min(L, Λ)
    feasible_sets: int
    method: str
    best_alternative_payoff: float = field(default=-math.inf)

    @property
    def loss_making(self) -> bool:
        return (not self.exit) and self.cash < -_TOL


def plan_payoff(workers, kept_idx, budget, overhead):
    """(payoff, cash) of keeping the workers with indices ``kept_idx``."""
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


def _key(workers, idx, payoff):
    # tie-break independent of the input order: payoff, more staff, stronger relationships,
    # more competence, then names
    names = tuple(sorted(workers[i].name for i in idx))
    return (round(payoff, 9), len(idx), round(sum(workers[i].relationship for i in idx), 9),
            round(sum(workers[i].competence for i in idx), 9), names)


def _brute_force(workers, budget, overhead, n_req, tol_loss):
    best, best_key, count = None, None, 0
    n = len(workers)
    for r in range(n_req, n + 1):
        for idx in itertools.combinations(range(n), r):
            pay, cash = plan_payoff(workers, idx, budget, overhead)
            if cash < -tol_loss - _TOL:
                continue
            count += 1
            k = _key(workers, idx, pay)
            if best_key is None or k > best_key:
                best, best_key = idx, k
    return best, count


def _milp(workers, budget, overhead, n_req, tol_loss):
    from scipy.optimize import Bounds, LinearConstraint, milp
    n = len(workers)
    gain = np.array([w.value - w.floor + w.separation_cost for w in workers])
    cost = np.array([w.floor - w.separation_cost for w in workers])
    sep_total = sum(w.separation_cost for w in workers)
    # tiny bonus for keeping (ties: more staff), far below any payoff difference of interest
    c = -(gain + 1e-7)
    cons = [LinearConstraint(cost[None, :], -np.inf, budget - overhead - sep_total + tol_loss),
            LinearConstraint(np.ones((1, n)), n_req, np.inf)]
    res = milp(c, constraints=cons, integrality=np.ones(n), bounds=Bounds(0, 1))
    if res.status != 0 or res.x is None:
        return None, 0
    return tuple(i for i in range(n) if res.x[i] > 0.5), -1


def solve_workforce(workers, budget, overhead, required_staff, loss_tolerance, *,
                    method=None) -> WorkforcePlan:
    """The agency's optimal plan (see the module docstring); ``method`` 'brute' or 'milp'."""
    workers = tuple(workers)
    n = len(workers)
    if method is None:
        method = "brute" if n <= BRUTE_FORCE_MAX else "milp"
    solver = _brute_force if method == "brute" else _milp
    idx, count = solver(workers, budget, overhead, required_staff, loss_tolerance)
    names = [w.name for w in workers]
    pay = -math.inf
    if idx is not None:
        pay, cash = plan_payoff(workers, idx, budget, overhead)
    if idx is None or pay < -_TOL:      # no feasible plan, or staying is worth less than exit
        fate = {nm: DISMISSED for nm in names}
        cause = {nm: PROGRAMME_DOWNSIZING for nm in names}
        resp = {w.name: w.quit_reply for w in workers}
        return WorkforcePlan(budget, True, (), tuple(names), (), MappingProxyType({}),
                             MappingProxyType(fate), MappingProxyType(cause),
                             MappingProxyType(resp), 0.0, 0.0, loss_tolerance, max(count, 0),
                             method, pay)
    kept = [workers[i] for i in idx]
    fate, cause, resp, wages = {}, {}, {}, {}
    for i, w in enumerate(workers):
        if i in idx:
            fate[w.name] = KEPT
            wages[w.name] = w.floor
            resp[w.name] = ACCEPT if w.floor < w.wage - _TOL else NO_CUT
            continue
        fate[w.name] = w.separation_mode
        resp[w.name] = w.quit_reply
        if w.separation_mode == DISMISSED:
            cause[w.name] = _cause(w, kept)
    return WorkforcePlan(
        budget, False, tuple(w.name for w in kept),
        tuple(nm for nm in names if fate[nm] == DISMISSED),
        tuple(nm for nm in names if fate[nm] == LEFT), MappingProxyType(wages),
        MappingProxyType(fate), MappingProxyType(cause), MappingProxyType(resp), cash, pay,
        loss_tolerance, count, method)


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

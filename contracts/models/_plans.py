"""The agency's plans in stage 4 of the chain game, and its optimal (or logit) choice among them.

A *plan* fixes, for every worker, one *mode* — let her go (``OUT``: dismissal or a cut she
refuses, whichever costs the agency less), keep her on an incentive contract (``WORK``: her
floor plus a bonus ``c_i / a`` for a good evaluation, so she works), or keep her on a flat wage
(``SHIRK``: her floor, no bonus, she does not exert the hidden effort) — together with the
agency's own responses the passive-dismissal study reports: how many replacements it recruits
at the market wage, how many talented workers it attracts at a premium wage, and whether it
makes an example of a dismissal (which raises the accuracy its remaining workers perceive from
``a`` to ``a + example_effect·(1 − a)``, so incentive contracts need smaller bonuses).

The agency maximises ``U = p_A − F + Σ_i u_i(mode_i) + recruits' net value − example cost`` over
plans with at least ``required_staff`` people on staff and cash ``≥ −min(L, Λ)``; it exits
(payoff 0) when no plan is feasible or the best is worth less than 0. Modes dominated in both
payoff and cash (a flat wage when effort is free, say) are dropped first; the remaining plans
are enumerated (vectorised) when there are at most :data:`ENUMERATION_MAX` of them and at most
:data:`ENUMERATION_WORKERS` workers, otherwise
solved as a mixed-integer program (:func:`scipy.optimize.milp`).

With finite logit precision ``λ`` the agency picks a plan with probability proportional to
``exp(λ U)`` (exit counts as a plan worth 0); the marginal probabilities that each worker is
kept, and of exit, are reported. (For programs too large to enumerate the marginals are one-
deviation logits around the optimal plan: keep worker ``i`` or let her go, all else fixed.)
"""

from __future__ import annotations

from .._tolerance import MODEL_TOL

import itertools
import math
from dataclasses import dataclass

import numpy as np

from ._logit import logit_array

__all__ = ["OUT", "WORK", "SHIRK", "PlanOptions", "PlanChoice", "choose_plan",
           "ENUMERATION_MAX"]

OUT, WORK, SHIRK = 0, 1, 2
ENUMERATION_WORKERS = 12
ENUMERATION_MAX = 100_000       # e.g. 3^8 mode profiles times a dozen response combinations
_TOL = MODEL_TOL


@dataclass(frozen=True)
class PlanOptions:
    """The agency's technology and responses in stage 4 (all off by default)."""

    worker_accuracy: float = 1.0      # a: probability the agency's evaluation catches shirking
    shirking_loss: float = 0.0        # ℓ: share of a worker's value lost when she shirks
    example_effect: float = 0.0       # rise of the perceived accuracy after an example
    example_cost: float = 0.0         # trouble an exemplary dismissal costs the agency
    max_recruits: int = 0             # most new hires (replacements plus talent) per period
    recruit_wage: float = 0.0
    recruit_value: float = 0.0
    recruitment_cost: float = 0.0
    talent_wage: float = 0.0
    talent_value: float = 0.0


@dataclass(frozen=True)
class PlanChoice:
    """The chosen plan (or exit) and the logit marginals over plans."""

    exit: bool
    modes: tuple                 # per worker (OUT / WORK / SHIRK); () on exit
    recruits: int
    talent: int
    example: bool
    bonus: tuple                 # per worker (0 unless WORK)
    payoff: float
    cash: float
    feasible: int                # feasible plans considered (−1: by the integer program)
    method: str
    best_alternative: float      # best payoff among feasible plans (−inf if none)
    keep_probability: tuple      # per worker
    exit_probability: float
    regret: float                # best feasible payoff − chosen payoff (0 when enumerated)


def _mode_table(workers, opt: PlanOptions):
    """Per worker: list of (mode, payoff, cash, payoff with example, cash with example)."""
    a = opt.worker_accuracy
    a_ex = a + opt.example_effect * (1 - a)
    table = []
    for w in workers:
        rows = [(OUT, -w.separation_cost, -w.separation_cost, -w.separation_cost,
                 -w.separation_cost)]
        c = w.effort_cost
        if c <= _TOL:                       # effort is free: she works on a flat wage
            rows.append((WORK, w.value - w.floor, -w.floor, w.value - w.floor, -w.floor))
        else:
            if a > _TOL and opt.shirking_loss > _TOL:
                b, b_ex = c / a, c / a_ex
                rows.append((WORK, w.value - w.floor - b, -w.floor - b,
                             w.value - w.floor - b_ex, -w.floor - b_ex))
            rows.append((SHIRK, w.value * (1 - opt.shirking_loss) - w.floor, -w.floor,
                         w.value * (1 - opt.shirking_loss) - w.floor, -w.floor))
        table.append(rows)
    return table


def _extras(opt: PlanOptions, any_effort: bool):
    """(recruits, talent, example) combinations the agency can choose."""
    out = []
    for r in range(opt.max_recruits + 1):
        for t in range(opt.max_recruits - r + 1):
            out.append((r, t, False))
            if any_effort and opt.example_effect > _TOL:
                out.append((r, t, True))
    return out


def _extra_value(opt, r, t, e):
    pay = (r * (opt.recruit_value - opt.recruit_wage - opt.recruitment_cost)
           + t * (opt.talent_value - opt.talent_wage - opt.recruitment_cost)
           - (opt.example_cost if e else 0.0))
    cash = (-r * (opt.recruit_wage + opt.recruitment_cost)
            - t * (opt.talent_wage + opt.recruitment_cost) - (opt.example_cost if e else 0.0))
    return pay, cash


def _recompute(workers, modes, bonus, budget, overhead, opt, r, t, e):
    """(payoff, cash) of one plan, summed in a fixed order (cash first, then values)."""
    cash = budget - overhead
    val = 0.0
    for w, m, b in zip(workers, modes, bonus):
        if m == OUT:
            cash -= w.separation_cost
        else:
            cash -= w.floor + b if b else w.floor
            val += w.value if m == WORK else w.value * (1 - opt.shirking_loss)
    xp, xc = _extra_value(opt, r, t, e)
    if r or t or e:
        cash += xc
        val += xp - xc
    return cash + val, cash


def choose_plan(workers, budget, overhead, required_staff, loss_tolerance, opt: PlanOptions,
                logit_precision=math.inf, *, method=None) -> PlanChoice:
    """The agency's optimal plan (see the module docstring)."""
    table = _mode_table(workers, opt)
    any_effort = any(w.effort_cost > _TOL and any(row[0] == WORK for row in rows)
                     for rows, w in zip(table, workers))
    extras = _extras(opt, any_effort)
    n_plans = math.prod(len(r) for r in table) * len(extras)
    if method is None:
        method = ("brute" if n_plans <= ENUMERATION_MAX and len(workers) <= ENUMERATION_WORKERS
                  else "milp")
    if method == "brute":
        return _enumerate(workers, table, extras, budget, overhead, required_staff,
                          loss_tolerance, opt, logit_precision)
    return _milp(workers, table, extras, budget, overhead, required_staff, loss_tolerance,
                 opt, logit_precision)


def _enumerate(workers, table, extras, budget, overhead, n_req, tol_loss, opt, lam):
    n = len(workers)
    idx = np.array(list(itertools.product(*[range(len(r)) for r in table])), dtype=np.int64)
    idx = idx.reshape(-1, n)
    mode = np.array([[table[i][k][0] for k in range(len(table[i]))] + [OUT] * (3 - len(table[i]))
                     for i in range(n)])
    cols = [np.array([[row[j] for row in table[i]] + [0.0] * (3 - len(table[i]))
                      for i in range(n)]) for j in (1, 2, 3, 4)]
    ar = np.arange(n)
    M = mode[ar, idx]                                     # plans × workers: the mode
    kept = M != OUT
    dismissed_out = (~kept) & np.array([w.separation_mode == "dismissed" for w in workers])
    rel = np.array([w.relationship for w in workers])
    comp = np.array([w.competence for w in workers])
    head = kept.sum(axis=1)
    n_work = (M == WORK).sum(axis=1)
    rel_sum, comp_sum = kept @ rel, kept @ comp
    pays, cashes = [], []
    for q, (r, t, e) in enumerate(extras):
        j = 2 if e else 0
        pay = cols[j][ar, idx].sum(axis=1) + budget - overhead
        cash = cols[j + 1][ar, idx].sum(axis=1) + budget - overhead
        xp, xc = _extra_value(opt, r, t, e)
        pay, cash = pay + xp, cash + xc
        ok = (head + r + t >= n_req) & (cash >= -tol_loss - _TOL)
        if e:
            ok &= dismissed_out.any(axis=1)
        pays.append(np.where(ok, pay, -np.inf))
        cashes.append(cash)
    pays, cashes = np.stack(pays), np.stack(cashes)       # extras × plans
    feasible = np.isfinite(pays)
    count = int(feasible.sum())
    names = [w.name for w in workers]
    if count == 0:
        return PlanChoice(True, (), 0, 0, False, (0.0,) * n, 0.0, 0.0, 0, "brute", -math.inf,
                          (0.0,) * n, 1.0, 0.0)
    best_pay = float(pays.max())
    # tie-break independent of the input order: payoff, more staff, stronger relationships,
    # more competence, names; then more effort, fewer hires, no example
    rp = np.round(pays, 9)
    cand = np.argwhere(rp >= rp.max())
    def key(qp):
        q, p = qp
        r, t, e = extras[q]
        nm = tuple(sorted(names[i] for i in range(n) if kept[p, i]))
        return (int(head[p]), round(float(rel_sum[p]), 9), round(float(comp_sum[p]), 9), nm,
                int(n_work[p]), -(r + t), -int(e), -t)
    q, p = max(map(tuple, cand), key=key)
    regret = best_pay - float(pays[q, p])
    r, t, e = extras[q]
    pay, cash = float(pays[q, p]), float(cashes[q, p])
    # logit over plans (exit = 0) — marginals
    flat = np.append(pays.ravel(), 0.0)
    prob = logit_array(flat, lam)
    if math.isinf(lam):
        prob = np.zeros_like(flat)
        if pay < -_TOL:
            prob[-1] = 1.0
        else:
            prob[q * pays.shape[1] + p] = 1.0
    pk = prob[:-1].reshape(pays.shape).sum(axis=0)        # per plan, over extras
    keep_p = tuple(float(x) for x in pk @ kept)
    modes = tuple(int(x) for x in M[p])
    a_used = opt.worker_accuracy + (opt.example_effect * (1 - opt.worker_accuracy) if e else 0)
    bonus = tuple((w.effort_cost / a_used if m == WORK and w.effort_cost > _TOL else 0.0)
                  for w, m in zip(workers, modes))
    pay, cash = _recompute(workers, modes, bonus, budget, overhead, opt, r, t, e)
    exit_ = pay < -_TOL
    return PlanChoice(exit_, () if exit_ else modes, 0 if exit_ else r, 0 if exit_ else t,
                      False if exit_ else bool(e), bonus, pay, cash, count, "brute", best_pay,
                      keep_p, float(prob[-1]), regret)


def _milp(workers, table, extras, budget, overhead, n_req, tol_loss, opt, lam):
    """The same program as a 0-1 MILP (one solve per extras combination)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    n = len(workers)
    var = [(i, k) for i in range(n) for k in range(1, len(table[i]))]
    nv = len(var)
    best = None
    for (r, t, e) in extras:
        j = 2 if e else 0
        base_pay = sum(table[i][0][1 + j] for i in range(n))
        base_cash = sum(table[i][0][2 + j] for i in range(n))
        gain = np.array([table[i][k][1 + j] - table[i][0][1 + j] for i, k in var])
        dcash = np.array([table[i][k][2 + j] - table[i][0][2 + j] for i, k in var])
        xp, xc = _extra_value(opt, r, t, e)
        # tiny bonus for keeping (ties: more staff), far below any payoff difference of interest
        c = -(gain + 1e-7)
        rows = [LinearConstraint(-dcash[None, :], -np.inf,
                                 budget - overhead + base_cash + xc + tol_loss),
                LinearConstraint(np.ones((1, nv)), n_req - r - t, np.inf)]
        for i in range(n):
            sel = np.array([1.0 if vi == i else 0.0 for vi, _ in var])
            if sel.any():
                rows.append(LinearConstraint(sel[None, :], 0, 1))
        if e:
            dis = np.array([1.0 if workers[i].separation_mode == "dismissed" else 0.0
                            for i, _ in var])
            n_dis = sum(1 for w in workers if w.separation_mode == "dismissed")
            if n_dis == 0:
                continue
            rows.append(LinearConstraint(dis[None, :], -np.inf, n_dis - 1))
        res = milp(c, constraints=rows, integrality=np.ones(nv), bounds=Bounds(0, 1))
        if res.status != 0 or res.x is None:
            continue
        x = res.x > 0.5
        pay = budget - overhead + base_pay + float(gain @ x) + xp
        cash = budget - overhead + base_cash + float(dcash @ x) + xc
        if best is None or pay > best[0] + _TOL:
            modes = [OUT] * n
            for (i, k), on in zip(var, x):
                if on:
                    modes[i] = table[i][k][0]
            best = (pay, cash, tuple(modes), r, t, e)
    if best is None:
        return PlanChoice(True, (), 0, 0, False, (0.0,) * n, 0.0, 0.0, -1, "milp", -math.inf,
                          (0.0,) * n, 1.0, 0.0)
    pay, cash, modes, r, t, e = best
    a_used = opt.worker_accuracy + (opt.example_effect * (1 - opt.worker_accuracy) if e else 0)
    bonus = tuple((w.effort_cost / a_used if m == WORK and w.effort_cost > _TOL else 0.0)
                  for w, m in zip(workers, modes))
    pay, cash = _recompute(workers, modes, bonus, budget, overhead, opt, r, t, e)
    exit_ = pay < -_TOL
    # one-deviation logit marginals around the optimum
    keep_p = []
    for i, m in enumerate(modes):
        rows = table[i]
        j = 2 if e else 0
        kept_val = max(row[1 + j] for row in rows[1:]) if len(rows) > 1 else -math.inf
        pr = logit_array(np.array([kept_val, rows[0][1 + j]]), lam)
        keep_p.append(float(pr[0]) if not math.isinf(lam) else float(m != OUT))
    ex_p = logit_array(np.array([pay, 0.0]), lam)[1] if not math.isinf(lam) else float(exit_)
    if exit_:
        keep_p = [0.0] * n if math.isinf(lam) else keep_p
    return PlanChoice(exit_, () if exit_ else modes, 0 if exit_ else r, 0 if exit_ else t,
                      False if exit_ else bool(e), bonus, pay, cash, -1, "milp", pay,
                      tuple(keep_p), float(ex_p), 0.0)

"""contracts.models.chain: the one chain game. Known answers with tiers and links switched off
(PASS-1, PASS-2-LOSS, PASS-3-EXIT, LEVIN-1, LEVIN-2, DEPEND-1 + DEPEND-NASH-1, LOSSLEADER-1/2),
and property tests of the equilibrium and of the regime predicates."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, example, given, settings, strategies as st

from _conditions import check_stated_conditions
from conftest import close, load_oracles
from contracts.exceptions import InvalidParameterError
from contracts.models import _stages, _workforce as wf, regimes
from contracts.models.chain import Chain

ORACLES = load_oracles()
BASE = 22.0


# ------------------------------------------------------------------------ known answers
@pytest.mark.parametrize("oid", ["PASS-1", "PASS-2-LOSS", "PASS-3-EXIT"])
def test_pass_oracles_through_the_chain(oid):
    """PASS-*: the bureau (strong, 3 rival agencies) passes the whole cut on; the agency's
    optimum then keeps, cuts and dismisses as the waterfall found."""
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    ws = p["workers"]
    m = Chain(budget=BASE, budget_cut=BASE - p["budget"], overhead=p["F"],
              worker_names=tuple(w["id"] for w in ws), wages=tuple(w["w"] for w in ws),
              reservation_wages=tuple(w["ubar"] for w in ws),
              relationship=tuple(w["score"] for w in ws), competence=1.0,
              required_staff=p["n_req"], cash_reserve=p["L"], worker_power=0.0)
    eq = m.solve()
    assert close(eq.relationship_value, p["Lambda"], tol)
    assert close(m.budget - eq.sharing.agency_bears, p["budget"], tol)
    plan = eq.workforce
    assert plan.exit == e["exit"]
    assert sorted(plan.dismissed) == sorted(e["dismissed"]) or e["exit"]
    assert sorted(plan.kept) == sorted(e["employed"])
    for k, v in e["final_wages"].items():
        assert close(plan.wages[k], v, tol)
    if not e["exit"]:
        contract = dict(zip(m.worker_names, m.wages))
        for k, v in e["wage_cut"].items():
            if k in plan.kept:
                assert close(contract[k] - plan.wages[k], v, tol)
        assert close(plan.cash, e["agency_profit"], tol)
        assert close(max(0.0, -plan.cash), e["agency_loss"], tol)
        assert regimes.loss_making_project(eq) == (e["agency_loss"] > 0)
    else:
        assert regimes.programme_ended(eq) and set(plan.cause.values()) == {
            wf.PROGRAMME_DOWNSIZING}


@pytest.mark.parametrize("oid", ["LEVIN-1", "LEVIN-2"])
def test_levin_oracles_as_the_self_enforcing_quality(oid):
    """LEVIN-*: perfect evaluation, sure renewal, no outside rent: stage 2's constraint is
    Levin's c(e) ≤ δ/(1−δ)(s(e) − s̄) with y = e, c = e²/2."""
    o = ORACLES[oid]
    q = _stages.highest_self_enforcing_quality(1.0, o["params"]["delta"], 1.0, 0.0, 1.0, 1.0,
                                               o["params"]["sbar"])
    assert close(q, o["expected"]["effort"], o["tolerance"])


def test_depend_oracles_through_stage_one():
    """DEPEND-1 / DEPEND-NASH-1: stage 1 splits the gains from agreement K_D + M_A − c with the
    bureau's weight; patience chosen so that the weight is DEPEND-1's α_G."""
    alpha = ORACLES["DEPEND-1"]["expected"]["alpha_G"]
    o = ORACLES["DEPEND-NASH-1"]
    r_d = -math.log(0.9)
    d_a = math.exp(-alpha * r_d / (1 - alpha))
    cut, k_d, m_a = 10.0, 10.0, 10.0             # gains from agreement K_D + M_A − c = S = 10
    s = _stages.share_cut(cut, 0.9, d_a, k_d, 0.0, 0.0, m_a)
    assert close(s.weight_government, alpha, 1e-12)
    assert close(s.government_breakdown_loss + s.agency_breakdown_loss - cut, o["params"]["S"],
                 1e-12)
    gain_d = k_d - s.government_absorbs          # the bureau's gain over breaking down
    gain_a = m_a - s.agency_bears                # the agency's
    assert close(gain_d, o["expected"]["u1"], o["tolerance"])
    assert close(gain_a, o["expected"]["u2"], o["tolerance"])


@pytest.mark.parametrize("oid", ["LOSSLEADER-1", "LOSSLEADER-2"])
def test_loss_leader_oracles_as_the_stay_decision(oid):
    """LOSSLEADER-*: one worker, margin p − c = −2; the agency stays iff the loss is within
    Λ = δ/(1−δ)·ρ·π_other (its reserve is ample)."""
    o = ORACLES[oid]
    p = o["params"]
    m = Chain(budget=p["p"], budget_cut=0.0, overhead=p["cost"] - 4.0, worker_names=("w",),
              wages=4.0, reservation_wages=4.0, competence=1.0, relationship=0.0,
              outside_offers=False, required_staff=1, cash_reserve=100.0, discount=p["delta"],
              renewal_probability=p["rho"], relationship_rent=p["pi_other"])
    eq = m.solve()
    assert eq.purchasing.rule != "tender"
    assert close(eq.relationship_value, o["expected"]["relationship_value"], o["tolerance"])
    assert regimes.loss_making_project(eq) == o["expected"]["accept"]
    assert regimes.programme_ended(eq) == (not o["expected"]["accept"])


# ------------------------------------------------------------------------ properties
workforces = st.lists(st.tuples(st.floats(3, 8), st.floats(0.5, 1.0), st.floats(0, 1.5),
                                st.floats(0, 1), st.booleans()), min_size=1, max_size=6)


def _chain(ws, **kw):
    n = len(ws)
    return Chain(worker_names=tuple(f"w{i}" for i in range(n)),
                 wages=tuple(w for w, *_ in ws),
                 reservation_wages=tuple(w * f for w, f, *_ in ws),
                 competence=tuple(c for _, _, c, _, _ in ws),
                 relationship=tuple(r for *_, r, _ in ws),
                 outside_offers=tuple(o for *_, o in ws), **kw)


@settings(max_examples=40, deadline=None)
@given(workforces, st.floats(0, 40), st.floats(0, 1), st.integers(0, 4), st.floats(0, 1))
def test_every_worker_has_exactly_one_fate(ws, budget, cut_share, n_req, power):
    m = _chain(ws, budget=budget, budget_cut=budget * cut_share,
               required_staff=min(n_req, len(ws)), worker_power=power, severance=0.3)
    plan = m.solve().workforce
    groups = [set(plan.kept), set(plan.dismissed), set(plan.left)]
    assert sum(len(g) for g in groups) == len(ws)
    assert set().union(*groups) == set(m.worker_names)
    assert set(plan.cause) == set(plan.dismissed)           # one cause per dismissal
    assert set(plan.cause.values()) <= {wf.PROGRAMME_DOWNSIZING, wf.COMPETENCE,
                                        wf.RELATIONSHIP_WEAKNESS}
    assert set(plan.response) == set(m.worker_names)
    for nm in plan.kept:
        assert plan.response[nm] in (wf.ACCEPT, wf.NO_CUT)


@settings(max_examples=30, deadline=None)
@given(workforces, st.floats(5, 40), st.floats(0, 1), st.floats(0, 1), st.integers(0, 3))
def test_agency_payoff_weakly_decreasing_in_the_cut(ws, budget, c1, c2, n_req):
    lo, hi = sorted((c1, c2))
    kw = dict(budget=budget, required_staff=min(n_req, len(ws)))
    a = _chain(ws, budget_cut=budget * lo, **kw).solve().workforce.payoff
    b = _chain(ws, budget_cut=budget * hi, **kw).solve().workforce.payoff
    assert b <= a + 1e-9


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.floats(3, 8), st.floats(0.5, 1.0), st.floats(0, 1.5),
                          st.floats(0, 1), st.booleans()), min_size=1, max_size=8),
       st.floats(0, 45), st.integers(0, 4), st.floats(0, 1))
def test_dismissal_choice_is_optimal_by_brute_force(ws, p_a, n_req, power):
    m = _chain(ws, budget=50.0, budget_cut=0.0, required_staff=min(n_req, len(ws)),
               worker_power=power, severance=0.4)
    workers = m.workers()
    plan = m.workforce(p_a, 3.0)
    tol = min(m.cash_reserve, 3.0)
    best = -math.inf
    for r in range(m.required_staff, len(workers) + 1):
        for idx in itertools.combinations(range(len(workers)), r):
            pay, cash = wf.plan_payoff(workers, idx, p_a, m.overhead)
            if cash >= -tol - 1e-9:
                best = max(best, pay)
    if best < 0:
        assert plan.exit
    else:
        assert not plan.exit and close(plan.payoff, best, 1e-9)
        milp = m.workforce(p_a, 3.0, method="milp")
        assert close(milp.payoff, best, 1e-6)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.5, 0.99), st.floats(0.5, 0.99), st.floats(0, 20), st.floats(0, 6),
       st.floats(0, 1), st.floats(0.1, 15))
def test_agency_share_continuous_and_increasing_in_government_power(d1, d2, rc, rivals, alt,
                                                                    cut):
    """More patience or more rival agencies for the bureau: the agency bears weakly more."""
    def share(**kw):
        args = dict(cut=cut, government_discount=0.9, agency_discount=0.8,
                    replacement_cost=rc, rival_agencies=rivals, alternative_funding=alt,
                    project_value=20.0)
        args.update(kw)
        return _stages.share_cut(**args).agency_bears
    assume(cut < rc / (1 + rivals + 1) + (1 - min(1.0, alt + 0.1)) * 20.0 - 1e-6)  # agreement
    lo, hi = sorted((d1, d2))
    assert share(government_discount=hi) >= share(government_discount=lo) - 1e-9
    assert share(rival_agencies=rivals + 1) >= share() - 1e-9
    assert share(alternative_funding=min(1.0, alt + 0.1)) <= share() + 1e-9
    eps = 1e-7                                   # continuity: no jump in the weight
    assert abs(share(government_discount=lo + eps) - share(government_discount=lo)) < 1e-4


def test_agency_share_moves_continuously_through_the_interior():
    vals = [_stages.share_cut(10.0, d, 0.8, 12.0, 0.0, 0.5, 10.0).agency_bears
            for d in np.linspace(0.5, 0.99, 200)]
    assert all(b >= a - 1e-12 for a, b in zip(vals, vals[1:]))
    assert max(np.diff(vals)) < 0.2 and vals[0] < vals[-1]


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0.05, 0.95), st.floats(0.05, 0.95),
       st.floats(0.05, 1), st.floats(-0.5, 1), st.floats(0.5, 3), st.floats(0.5, 3))
@example(0.0, 1e-20, 0.5, 0.5, 0.5, -1e-12, 1.0, 1.0)   # a rent within tolerance below 0
def test_highest_quality_weakly_increasing_in_discount_and_accuracy(a1, a2, d1, d2, rho, u,
                                                                    v, kap):
    def q(a, d):
        x = _stages.highest_self_enforcing_quality(a, d, rho, u, v, kap, 0.0)
        return -1.0 if x is None else x
    alo, ahi = sorted((a1, a2))
    dlo, dhi = sorted((d1, d2))
    assert q(ahi, dlo) >= q(alo, dlo) - 1e-9
    assert q(alo, dhi) >= q(alo, dlo) - 1e-9
    assert q(ahi, dhi) >= q(alo, dlo) - 1e-9


def test_better_monitoring_and_patience_never_turn_partner_into_buddy():
    for d in np.linspace(0.55, 0.95, 9):
        rules = [Chain(evaluation_accuracy=a, discount=float(d), relationship_rent=0.2,
                       evaluation_cost=0.1, no_trouble_weight=0.5).purchasing().rule
                 for a in np.linspace(0.01, 1, 25)]
        first = rules.index("partner") if "partner" in rules else len(rules)
        assert all(r == "partner" for r in rules[first:])


@settings(max_examples=50, deadline=None)
@given(st.floats(0, 1), st.floats(0.5, 0.95), st.floats(0.05, 1), st.floats(-0.5, 1.5),
       st.floats(0, 1), st.floats(0, 3), st.floats(0, 1), st.floats(0, 1), st.floats(0, 4),
       st.floats(0, 2))
def test_regimes_change_exactly_where_the_predicates_say(acc, disc, rho, g, h, L, near, k,
                                                         tau0, rv):
    m = Chain(evaluation_accuracy=acc, discount=disc, renewal_probability=rho,
              compliance_cost=g, control_cost=h, perfunctory_loss=L, nearness=near,
              side_transfer_efficiency=k, side_contract_cost=tau0, report_value=rv,
              budget_cut=0.0)
    eq = m.solve()
    pur, ins, sc = eq.purchasing, eq.inspection, eq.side_contract
    vals = pur.values
    # purchasing: the rule is the bureau's best (ties in the documented order)
    assert vals[pur.rule] >= max(vals.values()) - 1e-9
    assert regimes.nominal_contract(eq) == (not regimes.partner(eq) or pur.quality <= 1e-9)
    # control game: positive control and perfunctory compliance iff both bite
    a, P = ins.detection, ins.penalty
    generic = min(abs(a * P - g), abs(a * L - h), abs(g), abs(h), abs(a * L)) > 1e-6
    assume(generic)
    cr = (g > 0) and (a * L > h)
    assert regimes.control_and_rebellion(eq) == cr
    if cr and a * P > g:              # mixed: x* = g/(α_e P), y* = h/(α_e L)
        assert close(ins.control, g / (a * P), 1e-9) and close(ins.perfunctory, h / (a * L), 1e-9)
    # side deal: stake worth more than its cost, deterrence not worth it, something hidden
    gain = sc.transfer_efficiency * sc.stake - sc.cost
    occurs = near > 0 and gain > 1e-9 and not (gain < rv - 1e-9) and sc.something_to_conceal
    assert regimes.absorption_and_alliance(eq) == occurs


def test_no_alliance_without_a_side_deal_and_more_with_nearness():
    far = Chain(nearness=0.0).solve()
    near = Chain(nearness=0.9).solve()
    assert not regimes.absorption_and_alliance(far) and regimes.absorption_and_alliance(near)
    # nothing to conceal: an agency that values compliance gives the office no stake
    assert not regimes.absorption_and_alliance(Chain(nearness=0.9, compliance_cost=-0.1).solve())
    seen = [regimes.absorption_and_alliance(Chain(nearness=x).solve())
            for x in np.linspace(0, 1, 21)]
    first = seen.index(True)
    assert all(seen[first:-1])        # once near enough, the alliance stays (ξ = 1 aside)


@settings(max_examples=25, deadline=None)
@given(st.floats(0, 1), st.floats(0.5, 0.95), st.floats(-0.5, 1.5), st.floats(0, 1),
       st.floats(0, 21), st.floats(0, 1))
def test_explanations_never_state_a_failing_condition_as_met(acc, disc, g, near, cut, power):
    text = str(Chain(evaluation_accuracy=acc, discount=disc, compliance_cost=g, nearness=near,
                     budget_cut=cut, worker_power=power).explain())
    assert check_stated_conditions(text) >= 6
    for banned in ("MODELS.md", "PASS-", "TIROLE", "LEVIN-", "oracle", "needs"):
        assert banned not in text


def test_reversing_the_worker_list_changes_nothing():
    m = Chain()
    rev = Chain(**{f: tuple(reversed(getattr(m, f))) for f in (
        "worker_names", "wages", "reservation_wages", "competence", "relationship",
        "outside_offers")})
    a, b = m.solve().workforce, rev.solve().workforce
    assert set(a.kept) == set(b.kept) and dict(a.fate) == dict(b.fate)
    assert dict(a.cause) == dict(b.cause)


def test_worker_power_changes_wages_continuously():
    wages = [Chain(worker_power=float(b), budget_cut=0.0).solve().workforce.wages["w1"]
             for b in np.linspace(0, 1, 41)]
    assert wages[0] == 4.0 and wages[-1] == 5.0
    assert all(0 <= y - x <= 0.03 for x, y in zip(wages, wages[1:]))


def test_logit_precision_limits():
    nash = Chain().solve().inspection
    uniform = Chain(logit_precision=0.0).solve().inspection
    sharp = Chain(logit_precision=200.0).solve().inspection
    assert close(uniform.control, 0.5, 1e-9) and close(uniform.perfunctory, 0.5, 1e-9)
    assert abs(sharp.control - nash.control) < 0.05
    assert abs(sharp.perfunctory - nash.perfunctory) < 0.05
    assert nash.regret <= 1e-9
    pur = Chain(logit_precision=0.0).purchasing()
    avail = [r for r, v in pur.values.items() if math.isfinite(v)]
    assert all(close(pur.probabilities[r], 1 / len(avail), 1e-12) for r in avail)


def test_large_workforce_uses_the_exact_program():
    n = 16
    m = Chain(worker_names=tuple(f"w{i}" for i in range(n)), wages=5.0,
              reservation_wages=tuple(4 + 0.05 * i for i in range(n)),
              competence=tuple(0.7 + 0.03 * i for i in range(n)),
              relationship=tuple((i * 7 % 10) / 10 for i in range(n)), outside_offers=False,
              budget=70.0, budget_cut=20.0, required_staff=5)
    plan = m.solve().workforce
    assert plan.method == "milp" and not plan.exit
    assert len(plan.kept) + len(plan.dismissed) + len(plan.left) == n


@pytest.mark.parametrize("kw", [
    {"budget_cut": 30}, {"budget": -1}, {"discount": 1.0}, {"government_discount": 0},
    {"evaluation_accuracy": 1.5}, {"nearness": -0.1}, {"wages": (5, 5, 5)},
    {"reservation_wages": (6, 4, 4, 4)}, {"outside_offers": (1, 1, 1, 1)},
    {"required_staff": -1}, {"required_staff": 1.5}, {"worker_names": ("a", "a", "b", "c")},
    {"quality_cost": 0}, {"renewal_probability": 0}, {"logit_precision": -1},
    {"competence": (1, 1, float("nan"), 1)}, {"severance": -1},
])
def test_bad_input(kw):
    with pytest.raises(InvalidParameterError, match="^Chain"):
        Chain(**kw)


def test_cli_style_strings_and_record():
    m = Chain(wages="6,6,6,6", reservation_wages=4, outside_offers="true,false,true,true",
              required_staff=2.0)
    assert m.wages == (6, 6, 6, 6) and m.outside_offers == (True, False, True, True)
    rec = m.to_record()
    assert {"regime", "partner", "stage", "4C", "agency_payoff"} <= set(rec)
    assert repr(m.solve()).startswith("ChainEquilibrium(")

"""contracts.models.passive_dismissal: PASS-* oracles through the model, the three dismissal
types, dismissal iff shortfall > wage rents, competence threshold, power decides who absorbs."""

import time

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import close, load_oracles
from contracts.agency.employment import CompetenceLearning, DismissalThreat
from contracts.exceptions import InvalidParameterError
from contracts.models.passive_dismissal import (ATTRACTING_TALENT, COMPETENCE_DEMAND,
                                                MAKING_AN_EXAMPLE, NEGOTIATION,
                                                PROGRAMME_DOWNSIZING, RECRUITING, SEPARATION,
                                                TRANSFER, WEAK_RELATIONSHIP, PassiveDismissal)

# the component model is deprecated in favour of the chain-game preset; its known answers stay
pytestmark = pytest.mark.filterwarnings("ignore:.*is superseded by:DeprecationWarning")

ORACLES = load_oracles()
BASELINE = 22.0


def _model_for(oid, **kw):
    p = ORACLES[oid]["params"]
    ws = p["workers"]
    return PassiveDismissal(
        budget=BASELINE, budget_cut=BASELINE - p["budget"], overhead=p["F"],
        worker_names=tuple(w["id"] for w in ws), wages=tuple(w["w"] for w in ws),
        reservation_wages=tuple(w["ubar"] for w in ws),
        retention_scores=tuple(w["score"] for w in ws), required_staff=p["n_req"],
        cash_reserve=p["L"], **kw)


@pytest.mark.parametrize("oid", ["PASS-1", "PASS-2-LOSS", "PASS-3-EXIT"])
def test_pass_oracles_through_the_model(oid):
    o = ORACLES[oid]
    e, tol = o["expected"], o["tolerance"]
    m = _model_for(oid)
    assert close(m.relationship_value, o["params"]["Lambda"], tol)
    assert m.absorption_order() == tuple(o["params"]["order"])
    out = m.solve()
    sh = out.shock
    assert close(out.effective_budget, o["params"]["budget"], tol)
    for k, v in e["wage_cut"].items():
        assert close(sh.wage_cuts[k], v, tol), (oid, k)
    assert list(sh.dismissed) == e["dismissed"]
    assert list(sh.employed) == e["employed"]
    assert set(sh.final_wages) == set(e["final_wages"])
    for k, v in e["final_wages"].items():
        assert close(sh.final_wages[k], v, tol)
    assert close(sh.agency_loss, e["agency_loss"], tol)
    assert close(sh.agency_profit, e["agency_profit"], tol)
    assert sh.exit == e["exit"]
    expected_regime = {"PASS-1": "passive dismissal", "PASS-2-LOSS":
                       "passive dismissal + agency loss", "PASS-3-EXIT": "programme downsizing"}
    assert out.regime == expected_regime[oid]
    kinds = {d.worker: d.kind for d in out.dismissals if d.kind != COMPETENCE_DEMAND}
    want = PROGRAMME_DOWNSIZING if e["exit"] else WEAK_RELATIONSHIP
    assert kinds == {w: want for w in e["dismissed"]}


def test_defaults_are_the_pass_1_shock_and_baseline_is_balanced():
    # PASS-1 at the defaults (p = 22 - 7 = 15); baseline p = 22 covers F + wages exactly
    out = PassiveDismissal().solve()
    assert out.baseline.shortfall == 0 and not out.baseline.dismissed
    assert out.shock.dismissed == ("w4",) and close(out.shock.agency_profit, 0.5, 1e-9)
    assert out.of_kind(WEAK_RELATIONSHIP) == ("w4",)


def test_dismissal_occurs_iff_shortfall_exceeds_wage_rents():
    base = PassiveDismissal()
    rents = base.total_rent
    assert close(rents, 3.0, 1e-12) and close(base.critical_cut(), rents, 1e-12)
    cuts = sorted(set(np.round(np.arange(0, 14.01, 0.25), 10)) | {rents - 1e-9, rents + 1e-9})
    seen = set()
    for c in cuts:
        out = PassiveDismissal(budget_cut=float(c)).solve()
        dismissed = bool(out.shock.dismissed)
        assert dismissed == (out.shock.shortfall > rents), c
        assert close(out.shock.shortfall, c, 1e-12)
        seen.add(out.regime)
    assert seen == {"no pressure", "wage cuts", "passive dismissal",
                    "passive dismissal + agency loss", "programme downsizing"}


def test_regimes_follow_the_waterfall_order_as_the_cut_deepens():
    order = ["no pressure", "wage cuts", "passive dismissal", "passive dismissal + agency loss",
             "programme downsizing"]
    last = 0
    for c in np.linspace(0, 22, 45):
        k = order.index(PassiveDismissal(budget_cut=float(c)).solve().regime)
        assert k >= last
        last = k


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 10), st.floats(0, 1), st.floats(0, 1)), min_size=1,
                max_size=5), st.floats(0, 30), st.integers(0, 5))
def test_dismissal_iff_shortfall_exceeds_rents_random_workforces(ws, budget, n_req):
    wages = tuple(w for w, _, _ in ws)
    ubar = tuple(w * f for w, f, _ in ws)
    scores = tuple(s for _, _, s in ws)
    names = tuple(f"w{i}" for i in range(len(ws)))
    if n_req >= len(ws):
        n_req = len(ws) - 1
    m = PassiveDismissal(budget=budget, budget_cut=0.0, worker_names=names, wages=wages,
                         reservation_wages=ubar, retention_scores=scores,
                         outside_offers=True, track_records=0, required_staff=n_req)
    out = m.solve()
    D = out.shock.shortfall
    slack = 1e-9 * (1 + budget)
    if D > m.total_rent + slack:
        assert out.shock.dismissed
    elif D < m.total_rent - slack:
        assert not out.shock.dismissed
        assert all(NEGOTIATION == r for r in out.worker_responses.values())


def test_agency_weakness_decides_that_the_cut_is_passed_down():
    weak = PassiveDismissal()
    assert weak.passes_cut_down() and weak.solve().government_absorbed == 0
    strong = PassiveDismissal(agency_power=0.9)          # agency stronger than the government
    out = strong.solve()
    assert not strong.passes_cut_down()
    assert out.government_absorbed == 7.0 and out.regime == "absorbed by government"
    assert not out.shock.dismissed and out.shock.shortfall == 0
    assert strong.critical_cut() == float("inf")
    # however deep the cut, a strong agency keeps its staff
    assert not PassiveDismissal(agency_power=0.9, budget_cut=14).solve().shock.dismissed
    # an agency weaker than its workers absorbs first (up to min(L, Lambda) = 1)
    soft = PassiveDismissal(worker_power=0.5, budget_cut=3.5)
    assert soft.absorption_order()[0] == "agency"
    assert not soft.solve().shock.dismissed and close(soft.critical_cut(), 4.0, 1e-12)
    assert PassiveDismissal(budget_cut=3.5).solve().shock.dismissed == ("w4",)


def test_competence_dismissals_follow_the_firing_threshold():
    # COMPETENCE-2 at the old demand (h/y = 1) and COMPETENCE-1 after it doubles (h/y = 1/2)
    o1, o2 = ORACLES["COMPETENCE-1"], ORACLES["COMPETENCE-2"]
    records = tuple(range(-6, 4))
    m = PassiveDismissal(worker_names=tuple(f"k{k}" for k in records), wages=5.0,
                         reservation_wages=4.0, retention_scores=0.5, outside_offers=True,
                         track_records=records)
    out = m.solve()
    assert out.competence_before.firing_threshold == o2["expected"]["threshold_k"]
    assert close(out.competence_before.value_fresh_worker, o2["expected"]["value_fresh_worker"],
                 o2["tolerance"])
    k_star = out.competence_after.firing_threshold
    assert k_star == o1["expected"]["threshold_k"]
    assert close(out.competence_after.posterior_at_threshold,
                 o1["expected"]["posterior_at_threshold"], o1["tolerance"])
    ref = CompetenceLearning(
        prior=0.5, p_good=2 / 3, p_bad=1 / 3, discount=0.9, wage=0.45, hiring_cost=1.0, output=2.0
    )
    assert ref.solve().firing_threshold == k_star
    fired = {f"k{k}" for k in records if -4 < k <= k_star}
    assert set(out.competence_dismissed) == fired
    assert set(out.of_kind(COMPETENCE_DEMAND)) == fired
    assert RECRUITING in out.agency_responses
    # demands that do not rise dismiss nobody new
    assert PassiveDismissal(raised_demand=1.0).solve().competence_dismissed == ()
    # replacement too costly: never fire
    assert PassiveDismissal(hiring_cost=4.0).solve().competence_after.firing_threshold is None


@settings(max_examples=15, deadline=None)
@given(st.floats(0.5, 4), st.floats(0.5, 4))
def test_higher_demand_never_lowers_the_firing_threshold(y1, y2):
    lo, hi = sorted((y1, y2))
    a = PassiveDismissal(demand=lo, raised_demand=hi).solve()
    t0 = a.competence_before.firing_threshold
    t1 = a.competence_after.firing_threshold
    if t0 is not None:
        assert t1 is not None and t1 >= t0


def test_three_types_are_distinct_outcomes_and_responses():
    out = PassiveDismissal().solve()
    assert out.of_kind(WEAK_RELATIONSHIP) == ("w4",)
    assert out.of_kind(COMPETENCE_DEMAND) == ("w3",)
    assert out.of_kind(PROGRAMME_DOWNSIZING) == ()
    assert all(d.response == SEPARATION for d in out.dismissals)
    assert out.worker_responses["w4"] == SEPARATION
    assert {out.worker_responses[w] for w in ("w1", "w2", "w3")} == {NEGOTIATION}
    deep = PassiveDismissal(budget_cut=14).solve()
    assert set(deep.of_kind(PROGRAMME_DOWNSIZING)) == {"w1", "w2", "w3", "w4"}
    # non-renewal (budget 0) also ends the programme
    assert out.non_renewal.exit and len(out.non_renewal.dismissed) == 4
    # equal cuts push small-rent workers below their reservation wage: opposition/transfer
    uni = PassiveDismissal(budget_cut=3, rent_cut="uniform").solve()
    assert uni.worker_responses["w2"] == TRANSFER and uni.worker_responses["w1"] == NEGOTIATION
    no_offer = PassiveDismissal(budget_cut=3, rent_cut="uniform",
                                outside_offers=(True, False, True, False)).solve()
    assert no_offer.worker_responses["w2"] == NEGOTIATION
    # a surplus is spent attracting talent
    assert ATTRACTING_TALENT in PassiveDismissal(budget=25, budget_cut=0).solve().agency_responses


def test_dismissal_threat_renewal_risk():
    # DISMISS-1 / DISMISS-2 through the model's dismissal threat (s = 1 - rho)
    for oid in ("DISMISS-1", "DISMISS-2"):
        o = ORACLES[oid]
        p = o["params"]
        m = PassiveDismissal(renewal_probability=1 - p["s"], effort_cost=p["e"],
                             detection_probability=p["q"], worker_discount=p["delta"])
        s = m.dismissal_threat(outside_utility=p["u"]).solve()
        assert close(s.min_incentive_wage, o["expected"]["min_incentive_wage"], o["tolerance"])
        assert close(s.incentive_rent, o["expected"]["incentive_rent"], o["tolerance"])
    out = PassiveDismissal().solve()
    ref = DismissalThreat(
        outside_utility=4.0 - 0.5,
        effort_cost=0.5,
        detection_probability=0.5,
        discount=0.9,
        separation=0.25,
    ).solve()
    assert close(out.incentive.incentive_rent, ref.incentive_rent, 1e-12)
    # after the cut every kept worker is at her reservation wage: the threat loses force
    assert out.incentive_credible and not any(out.incentive_credible.values())
    # at the baseline the rents (>= 0.5) cover the incentive rent (0.48): making an example works
    assert MAKING_AN_EXAMPLE in out.agency_responses
    # riskier renewal raises the incentive rent: no example any more
    risky = PassiveDismissal(renewal_probability=0.5).solve()
    assert risky.incentive.incentive_rent > out.incentive.incentive_rent
    assert MAKING_AN_EXAMPLE not in risky.agency_responses


def test_explain_report():
    t0 = time.perf_counter()
    e = PassiveDismissal().explain()
    assert time.perf_counter() - t0 < 2.0
    assert e.regime == "passive dismissal"
    assert e.figures["dismissed"] == 1 and close(e.figures["agency_profit"], 0.5, 1e-9)
    assert e.figures["competence_threshold_after"] == -2
    text = str(e)
    assert "w4" in text and "weak-relationship" in text and "competence demand" in text
    assert "negotiation/acceptance" in text and "complaint/separation" in text
    cs = {(c.parameter, c.outcome): c.sign for c in e.comparative_statics}
    assert cs[("budget_cut", "the agency's profit after the cut")] == -1
    assert cs[("renewal_probability", "the incentive rent a dismissal threat needs")] == -1
    assert cs[("budget", "the budget cut absorbed without dismissals")] == 1
    assert any("workers' participation" in b for b in e.binding)
    exit_e = PassiveDismissal(budget_cut=14).explain()        # the component model
    assert exit_e.regime == "programme downsizing" and exit_e.figures["exit"]
    assert any("exits" in b for b in exit_e.binding)


def test_cli_style_overrides():
    m = PassiveDismissal(wages="6,6,6,6", reservation_wages=4,
                         outside_offers="true,false,true,true")
    assert m.wages == (6, 6, 6, 6) and m.reservation_wages == (4, 4, 4, 4)
    assert m.outside_offers == (True, False, True, True)


@pytest.mark.parametrize("kw", [
    {"budget": -1}, {"budget_cut": 23}, {"budget_cut": -1}, {"overhead": -1},
    {"wages": (5, 5, 5)}, {"reservation_wages": (6, 4, 4, 4)}, {"wages": (5, -1, 5, 5)},
    {"outside_offers": (1, 1, 1, 1)}, {"track_records": (0.5, 0, 0, 0)},
    {"track_records": (True, 0, 0, 0)}, {"required_staff": -1}, {"required_staff": 1.5},
    {"renewal_probability": 1.0}, {"renewal_probability": 0}, {"agency_discount": 1},
    {"worker_discount": 0}, {"government_power": 1.2}, {"detection_probability": 0},
    {"prior": 0}, {"p_good": 0.7}, {"demand": 0}, {"raised_demand": -1},
    {"hiring_cost": -1}, {"rent_cut": "random"}, {"worker_names": ()}, {"worker_names": 3},
    {"retention_scores": (0.1, float("nan"), 0.2, 0.3)}, {"cash_reserve": -1},
    {"worker_names": ("a", "a", "b", "c")},
])
def test_bad_input(kw):
    with pytest.raises(InvalidParameterError):
        PassiveDismissal(**kw)

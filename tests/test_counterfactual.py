"""Counterfactual reforms of the chain game and the welfare accounting.

The welfare numbers reproduce the building blocks' closed forms in their special cases:
Levin's joint surplus (third-party evaluation), the Klein–Leffler premium (competitive
tendering), Baker's S* (plural performance measures).
"""

import json

import numpy as np
import pytest

from contracts.agency import Distortion, LevinRelational, Multitask, RelationalProcurement
from contracts.estimate.counterfactual import (
    REFORMS, Counterfactual, Reform, budget_floor, competitive_tendering, counterfactual,
    longer_contract_terms, plural_performance_measures, third_party_evaluation)
from contracts.exceptions import InvalidParameterError
from contracts.models.chain import Chain
from contracts.models.views import PassiveDismissal


def _component(cf, party, name, which=1):
    for p, c, b, a in cf.components:
        if p == party and c == name:
            return a if which == 1 else b
    raise KeyError((party, name))


# ------------------------------------------------------------------------ closed forms
@pytest.mark.parametrize("delta, sbar, effort, surplus", [
    (0.3, 0.0, 0.6, 0.42),                                   # LEVIN-1
    (0.4, 0.1, 0.6828427124746191, 0.44970562748477144),     # LEVIN-2
])
def test_third_party_evaluation_reaches_levins_joint_surplus(delta, sbar, effort, surplus):
    # renewal certain, a perfect independent evaluation, no evaluation cost: the chain's
    # self-enforcement constraint is Levin's with s_bar_Levin = s_bar - u (u = rent)
    u = 0.5
    m = Chain(quality_value=1.0, quality_cost=1.0, discount=delta, renewal_probability=1.0,
              relationship_rent=u, outside_surplus=sbar + u, evaluation_accuracy=0.1,
              evaluation_cost=0.0, no_trouble_weight=0.0, tender_cost=10.0)
    cf = counterfactual(m, "third_party_evaluation", accuracy=1.0)
    levin = LevinRelational(discount=delta, outside_surplus=sbar).solve()
    joint = _component(cf, "district bureau", "renewal rule") + \
        _component(cf, "agency", "relationship rent")
    assert cf.reformed.purchasing.rule == "partner"
    assert cf.reformed.purchasing.quality == pytest.approx(levin.extra["effort"], abs=1e-9)
    assert cf.reformed.purchasing.quality == pytest.approx(effort, abs=1e-9)
    assert joint == pytest.approx(levin.principal_value, abs=1e-9)
    assert joint == pytest.approx(surplus, abs=1e-9)
    # the public receives the service's value V q
    assert _component(cf, "public served", "service quality") == pytest.approx(effort)
    # the baseline evaluation is weaker, so less surplus
    before = _component(cf, "district bureau", "renewal rule", 0) + \
        _component(cf, "agency", "relationship rent", 0)
    assert before < joint


@pytest.mark.parametrize("psi, premium", [
    (1.0, 0.04999999999999999),          # RELPROC-1
    (0.25, 0.19999999999999996),         # RELPROC-2
])
def test_competitive_tendering_leaves_the_klein_leffler_premium(psi, premium):
    # shading quality from the first best q = 1 saves c(q) = kappa/2 = 0.2 = Delta c; the joint
    # surplus beyond the outside option is nil, so the incumbent's own rent must carry the
    # incentive: u = Delta c (1 - delta) / (delta psi)
    m = Chain(quality_value=0.4, quality_cost=0.4, discount=0.8, renewal_probability=1.0,
              evaluation_accuracy=psi, relationship_rent=2.0, outside_surplus=0.2,
              evaluation_cost=0.0, no_trouble_weight=0.0, tender_cost=10.0)
    kl = RelationalProcurement(high_quality_cost=1.0, cost_saving=0.2, discount=0.8,
                               evaluation_accuracy=psi, value_high=2.0, value_low=1.2).solve()
    cf = counterfactual(m, competitive_tendering, rivals=10)
    rent = _component(cf, "agency", "relationship rent")
    assert rent == pytest.approx(kl.extra["premium"], abs=1e-12)
    assert rent == pytest.approx(premium, abs=1e-12)
    assert cf.changes["relationship_rent"] == (2.0, pytest.approx(premium))
    # the quality the bureau buys is still the first best, and the rent saved goes to it
    assert cf.reformed.purchasing.rule == "partner"
    assert cf.reformed.purchasing.quality == pytest.approx(1.0, abs=1e-9)
    assert _component(cf, "district bureau", "renewal rule") - \
        _component(cf, "district bureau", "renewal rule", 0) == pytest.approx(2.0 - premium)


@pytest.mark.parametrize("f, g, r, s2, expected", [
    ([1.0, 0.0], [1.0, 1.0], 0.0, 0.0, 0.25),                 # BAKER-1
    ([2.0, 1.0], [1.0, 3.0], 1.0, 2.0, 1.0416666666666667),   # BAKER-2
])
def test_plural_measures_use_bakers_surplus(f, g, r, s2, expected):
    ref = plural_performance_measures(Chain(), value=f, current=[g], measures=[g],
                                      noise_variance=s2, risk_aversion=r)
    baker = Distortion(f=f, g=g, risk_aversion=r, noise_variance=s2).solve().extra
    assert ref.extra["surplus_before"] == pytest.approx(baker["total_surplus"], abs=1e-12)
    assert ref.extra["surplus_before"] == pytest.approx(expected, abs=1e-12)
    assert ref.extra["share_before"] == pytest.approx(baker["surplus_ratio"], abs=1e-12)
    assert ref.changes == {}                      # the same measure: nothing changes


def test_plural_measures_match_the_multitask_surplus_and_raise_accuracy():
    f, G = [2.0, 1.0], [[1.0, 3.0], [2.0, 0.5]]
    ref = plural_performance_measures(Chain(), value=f, current=[G[0]], measures=G,
                                      noise_variance=2.0, risk_aversion=1.0)
    mt = Multitask(b=f, C=np.eye(2), M=G, noise_variance=2 * np.eye(2),
                   risk_aversion=1.0).solve()
    assert ref.extra["surplus_after"] == pytest.approx(mt.extra["total_surplus"], abs=1e-12)
    ratio = ref.extra["surplus_after"] / ref.extra["surplus_before"]
    assert ratio > 1
    assert ref.model.evaluation_accuracy == pytest.approx(
        min(1.0, Chain().evaluation_accuracy * ratio))
    cf = counterfactual(Chain(), ref)
    assert cf.reformed.inspection.detection >= cf.baseline.inspection.detection


# ------------------------------------------------------------------------ each reform
def test_budget_floor_protects_workers_and_the_bureau_pays_for_it():
    pd = PassiveDismissal()
    cf = counterfactual(pd, "budget_floor")
    floor = pd.overhead + sum(pd.wages)
    assert cf.extra["floor"] == floor and cf.changes["budget_cut"] == (pd.budget_cut, 0.0)
    # only the worker let go for competence (worth less than her floor at any budget) goes
    assert cf.reformed.workforce.dismissed == ("f",)
    assert cf.reformed.workforce.cause["f"] == "competence"
    assert set(cf.baseline.workforce.dismissed) > {"f"}
    assert _component(cf, "district bureau", "cut absorbed under the floor") == -pd.budget_cut
    assert cf.change("district bureau") == pytest.approx(
        -pd.budget_cut + cf.baseline.sharing.government_absorbs)
    assert cf.change("workers") > 0 and cf.change("public served") > 0
    partial = budget_floor(pd, floor=30.0)
    assert partial.model.budget_cut == pd.budget - 30.0
    assert partial.transfers == (("district bureau", "cut absorbed under the floor",
                                  -(pd.budget_cut - (pd.budget - 30.0))),)
    eq = partial.model.solve()
    assert pd.budget - eq.sharing.agency_bears >= 30.0 - 1e-12


def test_longer_terms_raise_the_relationship_value():
    m = Chain()
    ref = longer_contract_terms(m, term=4)
    assert ref.model.renewal_probability == pytest.approx(1 - (1 - m.renewal_probability) / 4)
    cf = counterfactual(m, ref)
    assert cf.reformed.relationship_value > cf.baseline.relationship_value
    assert cf.reformed.purchasing.max_quality >= cf.baseline.purchasing.max_quality
    assert longer_contract_terms(m, term=1).changes == {}


def test_third_party_evaluation_never_lowers_accuracy_and_can_cost_more():
    m = Chain(evaluation_accuracy=0.95)
    assert third_party_evaluation(m, accuracy=0.5).changes == {}
    r = third_party_evaluation(Chain(), accuracy=0.7, evaluation_cost=0.6)
    assert dict(r.changes) == {"evaluation_accuracy": (0.25, 0.7), "evaluation_cost": (0.3, 0.6)}


def test_competitive_tendering_under_buddy_purchasing_and_under_a_tender():
    m = Chain()                                        # buddy purchasing
    r = competitive_tendering(m)
    k = m.discount / (1 - m.discount)
    assert r.extra["least_rent"] == pytest.approx(m.no_trouble_cost / (k * m.renewal_probability))
    assert r.model.rival_agencies == m.rival_agencies + 3
    eq = r.model.solve()
    assert eq.purchasing.no_trouble_enforceable           # still self-enforcing at that rent
    tendered = Chain(tender_cost=0.0)
    assert tendered.solve().purchasing.rule == "tender"
    assert "relationship_rent" not in competitive_tendering(tendered).changes


def test_welfare_transfers_net_out_between_bureau_and_agency():
    # the rent u is paid by the bureau and received by the agency: under partner purchasing
    # the two purchasing lines add up to V q - kappa q^2 / 2 - E, whatever u is
    for u in (0.3, 1.0, 2.0):
        m = Chain(no_trouble_weight=0.0, relationship_rent=u, evaluation_accuracy=0.9)
        cf = counterfactual(m, "competitive_tendering")
        for which in (0, 1):
            eq = cf.reformed if which else cf.baseline
            q = eq.purchasing.quality
            expected = m.quality_value * q - m.quality_cost * q * q / 2 - m.evaluation_cost
            got = _component(cf, "district bureau", "renewal rule", which) + \
                _component(cf, "agency", "relationship rent", which)
            assert got == pytest.approx(expected)


# ------------------------------------------------------------------------ the result
def test_counterfactual_result_follows_the_convention():
    cf = counterfactual(PassiveDismissal(), "budget_floor")
    assert isinstance(cf, Counterfactual)
    assert repr(cf) == "Counterfactual(reform='budget_floor')"
    text = str(cf)
    for word in ("district bureau", "subdistrict office", "agency", "workers", "public served",
                 "dismissed: d, f, h -> f", "budget_cut: 20 -> 0"):
        assert word in text
    assert cf._repr_html_().startswith("<pre") and "<table>" in cf._repr_html_()
    json.dumps(cf.to_dict())
    df = cf.to_dataframe()
    assert list(df.columns) == ["party", "baseline", "reformed", "change"] and len(df) == 5
    comp = cf.to_dataframe(by="component")
    assert np.allclose(comp.groupby("party", sort=False)["reformed"].sum().values,
                       df["reformed"].values)
    assert cf.converged
    ref = budget_floor(PassiveDismissal())
    assert isinstance(ref, Reform) and "\n" not in repr(ref) and "budget_cut" in str(ref)
    json.dumps(ref.to_dict())


def test_every_named_reform_runs_on_the_presets():
    for name in REFORMS:
        cf = counterfactual(PassiveDismissal(), name)
        assert set(cf.welfare) == {"district bureau", "subdistrict office", "agency",
                                   "workers", "public served"}
        assert all(np.isfinite(v).all() for v in cf.welfare.values())


@pytest.mark.parametrize("call, match", [
    (lambda: counterfactual(Chain(), "abolish_tiers"), "unknown reform"),
    (lambda: counterfactual(42, "budget_floor"), "expected a Chain"),
    (lambda: counterfactual(Chain(), budget_floor(PassiveDismissal())), "another chain"),
    (lambda: counterfactual(Chain(), budget_floor(Chain()), floor=3), "ignored"),
    (lambda: counterfactual(Chain(), "budget_floor", flor=3), "unexpected keyword"),
    (lambda: counterfactual(Chain(), 3.5), "must be a name"),
    (lambda: counterfactual(Chain(), lambda m: m), "must return a Reform"),
    (lambda: third_party_evaluation(Chain(), accuracy=1.5), "accuracy"),
    (lambda: longer_contract_terms(Chain(), term=0.5), "term"),
    (lambda: competitive_tendering(Chain(), rivals=-1), "rivals"),
    (lambda: budget_floor(Chain(), floor=-1), "floor"),
    (lambda: plural_performance_measures(Chain(), measures=[[1, 0, 0]]), "dimensions"),
    (lambda: plural_performance_measures(Chain(), value=[1, 0], current=[[0, 1]]),
     "capture none"),
    (lambda: Counterfactual.change(counterfactual(Chain(), "budget_floor"), "mayor"), "party"),
    (lambda: counterfactual(Chain(), "budget_floor").to_dataframe(by="row"), "by must"),
])
def test_bad_input_raises_a_named_error(call, match):
    with pytest.raises(InvalidParameterError, match=match):
        call()

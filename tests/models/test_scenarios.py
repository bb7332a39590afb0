"""The five field studies as scenarios of the chain game: each reproduces what its study reports."""

import pytest

from contracts.exceptions import InvalidParameterError
from contracts.models import _workforce as wf, regimes
from contracts.models.scenarios import SCENARIOS, get


def test_passive_turnover_three_types_and_three_responses():
    eq = get("passive_turnover").chain().solve()
    plan = eq.workforce
    assert not plan.exit and regimes.passive_dismissal(eq)
    # the agency bears the cut: the weaker side takes the measures
    assert eq.sharing.agency_share == 1.0
    assert set(plan.cause.values()) == {wf.PROGRAMME_DOWNSIZING, wf.COMPETENCE,
                                        wf.RELATIONSHIP_WEAKNESS}
    assert plan.cause["f"] == wf.COMPETENCE and plan.cause["d"] == wf.RELATIONSHIP_WEAKNESS
    responses = set(plan.response.values())
    assert {wf.ACCEPT, wf.RESIST, wf.LEAVE} <= responses
    assert plan.left == ("g",) and plan.response["g"] == wf.LEAVE
    # without the cut nobody is pushed out except for competence
    calm = get("passive_turnover").chain(budget_cut=0.0).solve().workforce
    assert set(calm.cause.values()) <= {wf.COMPETENCE} and not calm.left


def test_resource_dependence_partner_buddy_and_loss_making_project():
    sc = get("resource_dependence")
    eq = sc.chain().solve()
    assert regimes.partner(eq) and not regimes.nominal_contract(eq)
    assert regimes.loss_making_project(eq)
    # mutual dependence: the bureau absorbs part of the cut (an interior Nash split)
    assert 0 < eq.sharing.government_absorbs < eq.sharing.cut
    official = sc.chain(no_trouble_weight=1.2).solve()      # the 'official' philosophy
    assert regimes.buddy(official) and regimes.nominal_contract(official)
    # with a rival agency at hand the bureau absorbs less
    assert sc.chain(rival_agencies=3.0).solve().sharing.government_absorbs < \
        eq.sharing.government_absorbs


def test_nominal_contracts_district_rebellion_subdistrict_alliance():
    eq = get("nominal_contracts").chain().solve()
    assert regimes.nominal_contract(eq)
    assert regimes.control_and_rebellion(eq)          # with the district
    assert regimes.absorption_and_alliance(eq)        # with the subdistrict office
    far = get("nominal_contracts").chain(nearness=0.0).solve()
    assert not regimes.absorption_and_alliance(far)


def test_cooperation_4c():
    eq = get("cooperation_4c").chain().solve()
    assert regimes.four_c(eq) == "cooperation"
    assert not regimes.control_and_rebellion(eq) and not regimes.absorption_and_alliance(eq)
    assert regimes.lifecycle_stage(eq) == "symbiosis"
    # different means (the agency does not value the procedures): no longer cooperation
    other = get("cooperation_4c").chain(compliance_cost=0.5).solve()
    assert regimes.four_c(other) != "cooperation"


def test_life_cycle_order_is_an_output():
    res = get("life_cycle").paths(periods=40, paths=20).simulate(rng=5)
    assert res.modal_order == ("exploratory", "control", "resistance", "symbiosis")
    assert res.orders[res.modal_order] >= 15
    assert abs(sum(res.frequencies.values()) - 1) < 1e-12
    assert all(d >= 1 for d in res.mean_duration.values())
    # the order does not depend on the order of any input list
    sc = get("life_cycle")
    rev = {f: tuple(reversed(sc.parameters[f])) for f in ("worker_names", "relationship")}
    res2 = sc.paths(base=sc.chain(**rev), periods=40, paths=20).simulate(rng=5)
    assert res2.paths == res.paths
    # and "exploratory" is the trial relationship (a tender), not a date
    lp = sc.paths()
    assert regimes.lifecycle_stage(lp.period_game(0.0, 0.0, 0.0).solve()) == "exploratory"
    assert regimes.lifecycle_stage(lp.period_game(1.0, 0.0, 0.0).solve()) != "exploratory"


def test_scenarios_print_their_rationale():
    for sc in SCENARIOS.values():
        text = str(sc)
        assert sc.name in text and "the study reports" in text
    with pytest.raises(InvalidParameterError, match="^get"):
        get("nowhere")

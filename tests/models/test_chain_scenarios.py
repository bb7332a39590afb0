"""The field cases' further findings through the chain: the agency's own responses to passive
separation, the community as a third government section (4C), and the two autonomy-grant
presets (resource dependence at the cut, relational purchasing at project closing)."""

import dataclasses

import pytest

from contracts.exceptions import InvalidParameterError
from contracts.models import _workforce as wf, regimes
from contracts.models.scenarios import get
from contracts.models.views import RelationalPurchasing, ResourceDependenceModel


def test_passive_turnover_agency_responses():
    sc = get("passive_turnover")
    eq = sc.chain().solve()
    p = eq.workforce
    # the three types and three replies survive hidden effort and the agency's responses
    assert set(p.cause.values()) == {wf.PROGRAMME_DOWNSIZING, wf.COMPETENCE,
                                     wf.RELATIONSHIP_WEAKNESS}
    assert {wf.ACCEPT, wf.RESIST, wf.LEAVE} <= set(p.response.values())
    # under the cut the agency makes an example of a dismissal (its evaluation then looks
    # sharper to those who stay, so their bonuses fall) …
    assert regimes.makes_an_example(eq) and not regimes.attracts_talent(eq)
    a = 0.6 + 0.5 * 0.4
    assert all(abs(b - 0.3 / a) < 1e-12 for nm, b in p.bonus.items()
               if p.effort[nm] == "work")
    # … and with the full budget it also attracts talent
    calm = sc.chain(budget_cut=0.0).solve()
    assert regimes.attracts_talent(calm) and calm.workforce.talent == 1
    # workers' replies are their best options, with the values printed on the equilibrium
    for nm in sc.parameters["worker_names"]:
        vals = p.reply_values[nm]
        assert vals[p.reply[nm]] == max(vals.values())


def test_cooperation_4c_three_sections():
    sc = get("cooperation_4c")
    eq = sc.variant("three_tiers").solve()
    assert regimes.community_co_evaluation(eq) and regimes.partner(eq)
    assert regimes.four_c(eq) == "cooperation"
    # without the community committee the same bureau and office buy a buddy
    alone = sc.variant("three_tiers", community_committee=False).solve()
    assert regimes.buddy(alone) and regimes.nominal_contract(alone)
    with pytest.raises(InvalidParameterError, match="^Scenario.variant"):
        sc.variant("nowhere")
    assert "variant three_tiers" in str(sc)


def test_relational_purchasing_and_resource_dependence_presets_differ():
    rp, rd = RelationalPurchasing(), ResourceDependenceModel()
    diff = {f.name for f in dataclasses.fields(rp) if getattr(rp, f.name) != getattr(rd, f.name)}
    assert diff == {"budget", "budget_cut"}
    a, b = rp.solve(), rd.solve()
    # project closing: no cut to share, a loss-making project kept on partner renewal
    assert a.sharing.cut == 0 and regimes.partner(a) and regimes.loss_making_project(a)
    assert not regimes.passive_dismissal(a)
    # the cut: mutual dependence, the bureau absorbs part of it
    assert 0 < b.sharing.government_absorbs < b.sharing.cut
    assert rp.explain().model == "relational_purchasing"
    assert rd.explain().model == "resource_dependence"

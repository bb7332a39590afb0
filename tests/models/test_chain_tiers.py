"""Known answers through the chain game with tiers switched on and off: the tiers' bidding
stage (MENU-1, MENU-2), the bureau's cost screening with the subdistrict office's evidence
(TIROLE-1, TIROLE-2, every figure), and the community committee as a player."""

import pathlib

import numpy as np
import pytest
from hypothesis import example, given, settings, strategies as st

from conftest import close, load_oracles
from contracts.models import regimes
from contracts.models.chain import Chain

ORACLES = load_oracles()
DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
_TIERS = {"District": "district bureau", "Subdistrict": "subdistrict office",
          "Community": "community committee"}


def _menu_chain(o, **kw):
    p = o["params"]
    acts = tuple(p["actions"])
    v = p["v"]
    return Chain(task_names=acts, agency_task_values=tuple(p["u0"][a] for a in acts),
                 district_task_values=tuple(v["District"][a] for a in acts),
                 subdistrict_task_values=tuple(v["Subdistrict"][a] for a in acts),
                 community_task_values=tuple(v["Community"][a] for a in acts)
                 if "Community" in v else (0.0,) * len(acts),
                 community_committee="Community" in v, **kw)


def test_menu_1_three_tiers_bid_for_the_agency():
    """MENU-1: district, subdistrict and community bid; truthful equilibrium, efficient task."""
    o = ORACLES["MENU-1"]
    e, tol = o["expected"], o["tolerance"]
    eq = _menu_chain(o).solve()
    ta = eq.task_auction
    auc, sol = ta.auction, ta.solution
    assert ta.task == e["efficient_action"] and sol.check.is_equilibrium
    assert close(auc.welfare(), e["W"]["District+Subdistrict+Community"], tol)
    assert close(auc.welfare(()), e["W_empty"], tol)
    for key, bound in e["coalition_bounds"].items():
        coal = tuple(_TIERS[x] for x in key.split("+"))
        assert close(auc.coalition_bounds()[coal], bound, tol), key
    assert close(sum(sol.principal_payoffs.values()), e["max_total_principal_payoff"], tol)
    assert close(sol.agent_payoff, e["tne_example"]["agent_payoff"], tol)
    # the agency keeps u0 + Σ b at its task, over its own best task (u0 = 2): 4 − 2
    assert close(ta.agency_rent, e["tne_example"]["agent_payoff"] - 2, tol)
    tne = {_TIERS[k]: v for k, v in e["tne_example"]["pi"].items()}
    chk = auc.check(payoffs=tne)
    assert chk.is_equilibrium
    for k, v in e["tne_example"]["schedules"].items():
        assert all(close(chk.schedules[_TIERS[k]][a], v[a], tol) for a in v)
    bad = {_TIERS[k]: v for k, v in e["non_equilibrium_example"]["pi"].items()}
    assert not auc.check(payoffs=bad).is_equilibrium
    assert not regimes.task_capture(eq)


def test_menu_2_two_tiers_and_the_committee_switched_off():
    """MENU-2: with the community committee off, two tiers bid; each earns its marginal
    contribution and the agency keeps 2."""
    o = ORACLES["MENU-2"]
    e, tol = o["expected"], o["tolerance"]
    eq = _menu_chain(o).solve()
    sol = eq.task_auction.solution
    assert set(sol.principal_payoffs) == {"district bureau", "subdistrict office"}
    assert eq.task_auction.task == e["efficient_action"]
    assert close(sol.principal_payoffs["district bureau"],
                 e["principal_preferred_tne_payoffs"]["District"], tol)
    assert close(sol.principal_payoffs["subdistrict office"],
                 e["principal_preferred_tne_payoffs"]["Subdistrict"], tol)
    assert close(sol.agent_payoff, e["agent_payoff"], tol)


def test_task_capture_when_a_tier_outbids_the_professional_task():
    tasks = ("indicators", "admin", "casework")
    eq = Chain(task_names=tasks, agency_task_values=(0, 0, 1), district_task_values=(6, 0, 2),
               subdistrict_task_values=(0, 3, 2)).solve()
    assert eq.task_auction.task == "indicators" and regimes.task_capture(eq)
    # the rent enters what the project is worth to the agency (its breakdown loss)
    off = Chain().solve()
    assert eq.sharing.agency_breakdown_loss > off.sharing.agency_breakdown_loss


def _tirole_chain(o, **kw):
    p = o["params"]
    return Chain(cost_types=(p["thL"], p["thH"]), prob_low_cost=p["nu"], service_value=p["A"],
                 nearness=p["xi"], side_transfer_efficiency=p["k"], side_contract_cost=0.0,
                 **kw)


@pytest.mark.parametrize("oid", ["TIROLE-1", "TIROLE-2"])
def test_tirole_fully_through_the_chain(oid):
    """TIROLE-1 / TIROLE-2: every figure of the collusion-proof hierarchy, and no side deal on
    the path (collusion-proofness) — read off the chain's equilibrium."""
    o = ORACLES[oid]
    e, tol = o["expected"], o["tolerance"]
    eq = _tirole_chain(o).solve()
    s, sc = eq.screening, eq.side_contract
    assert close(s.q_low, e["qL"], tol)
    assert close(s.q_high_revealed, e["qH_revealed"], tol)
    assert close(s.q_high_no_report, e["qH_no_report"], tol)
    assert close(s.q_high_without_collusion, e["qH_no_report_without_collusion"], tol)
    assert close(s.rent, e["agent_rent_no_report"], tol)
    assert close(s.supervisor_reward, e["supervisor_reward"], tol)
    assert close(s.expected_supervisor_pay, e["expected_supervisor_pay"], tol)
    assert close(s.welfare, e["principal_welfare"], tol)
    assert close(s.welfare_without_collusion, e["principal_welfare_without_collusion"], tol)
    assert close(s.cost_of_collusion, e["cost_of_collusion"], tol)
    # stage 3a at that stake: the collusion-proof reward is w, paid, and no side deal occurs
    assert close(sc.stake, e["agent_rent_no_report"], tol)
    assert close(sc.collusion_proof_reward, e["supervisor_reward"], tol)
    assert sc.deterred and not sc.occurs and not regimes.absorption_and_alliance(eq)
    text = str(eq.explain())
    assert "cost screening" in text and "k·Δθ·q_H" in text


def test_tirole_collusion_costs_more_the_nearer_the_office():
    o = ORACLES["TIROLE-1"]
    costs = [_tirole_chain(o).replace(nearness=float(x)).solve().screening.cost_of_collusion
             for x in np.linspace(0.05, 0.6, 12)]
    assert all(b >= a - 1e-12 for a, b in zip(costs, costs[1:])) and costs[-1] > costs[0]


# ------------------------------------------------------------------------ community committee
def test_committee_switched_off_is_the_two_tier_chain():
    """With the committee off — or on but unable to see anything (β = 0) — every record is the
    chain without it."""
    from contracts.models.scenarios import SCENARIOS
    for s in SCENARIOS.values():
        off = s.chain(community_committee=False).solve()
        blind = s.chain(community_committee=True, committee_accuracy=0.0).solve()
        a, b = off.to_record(), blind.to_record()
        a.pop("committee_co_evaluates"), b.pop("committee_co_evaluates")
        assert a == b and not regimes.community_co_evaluation(blind)


def test_committee_co_evaluates_when_it_lifts_quality_enough():
    kw = dict(evaluation_accuracy=0.1, evaluation_cost=0.1, no_trouble_weight=0.3,
              committee_accuracy=0.8, budget_cut=0.0)
    off = Chain(**kw).solve()
    on = Chain(**kw, community_committee=True).solve()
    assert regimes.community_co_evaluation(on)
    assert on.committee.combined_accuracy == pytest.approx(1 - 0.9 * 0.2)
    assert on.purchasing.enforcement > off.purchasing.enforcement
    assert on.purchasing.max_quality >= off.purchasing.max_quality
    # a costly co-evaluation is not made
    assert not regimes.community_co_evaluation(
        Chain(**kw, community_committee=True, committee_cost=5.0).solve())


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 2), st.floats(0, 3),
       st.floats(0.5, 0.95))
@example(1e-15, 0.0, 0.0, 0.0, 0.5)      # 1 - (1 - 1e-15) rounds below 1e-15
def test_committee_choice_is_its_best_reply(alpha, beta, cost, value, disc):
    eq = Chain(evaluation_accuracy=alpha, committee_accuracy=beta, committee_cost=cost,
               committee_quality_value=value, discount=disc, budget_cut=0.0,
               community_committee=True).solve()
    c = eq.committee
    v = c.values
    assert c.co_evaluates == (v["co-evaluate"] > v["abstain"] + 1e-12)
    # co-evaluation never lowers the highest self-enforcing quality (a finer signal)
    own = Chain(evaluation_accuracy=alpha, discount=disc).purchasing().max_quality
    joint = Chain(evaluation_accuracy=c.combined_accuracy, discount=disc).purchasing()
    q = lambda x: -1.0 if x is None else x                      # noqa: E731
    assert q(joint.max_quality) >= q(own) - 1e-12
    # the predicate and the explanation agree with the choice
    text = str(eq.explain())
    assert ("community co-evaluation" in eq.explain().regime) == c.co_evaluates
    assert "the community committee co-evaluates" in text


@pytest.mark.parametrize("kw", [
    {"task_names": ("a", "a")}, {"task_names": ("a", "b"), "district_task_values": (1,)},
    {"cost_types": (2, 1)}, {"cost_types": (1, 2, 3)}, {"cost_types": (1, 2), "nearness": 1.0},
    {"prob_low_cost": 1.0}, {"service_value": 0},
])
def test_bad_input(kw):
    from contracts.exceptions import InvalidParameterError
    with pytest.raises(InvalidParameterError, match="^Chain"):
        Chain(**kw)

"""contracts.models.relational_purchasing: oracles through the model, regimes, bad input."""

import time
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings, strategies as st

from conftest import close, load_oracles
from contracts.equilibrium.grim_trigger import critical_discount
from contracts.exceptions import InvalidParameterError
from contracts.models import Explanation
from contracts.models.relational_purchasing import (RelationalPurchasing,
                                                    RelationalPurchasingSolution)

# the component model is deprecated in favour of the chain-game preset; its known answers stay
pytestmark = pytest.mark.filterwarnings("ignore:.*is superseded by:DeprecationWarning")

ORACLES = load_oracles()


def premium_condition(dc, d, psi):
    """Π = Δc (1 + (1 - δ)/(δψ)) (MODELS.md §7.1), exactly."""
    dc, d, psi = (Fraction(repr(float(x))) for x in (dc, d, psi))
    return dc * (1 + (1 - d) / (d * psi))


# ---------------------------------------------------------------------------------- oracles
@pytest.mark.parametrize("oid", ["RELPROC-1", "RELPROC-2"])
def test_relproc_oracles_through_the_model(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    m = RelationalPurchasing(high_quality_cost=p["cH"], cost_saving=p["dc"],
                             discount=p["delta"], evaluation_accuracy=p["psi"],
                             value_high=p["vH"], value_low=p["vL"], quality_weight=1,
                             tender_trouble=0)
    s = m.solve(with_levin=False)
    assert close(s.price, e["price"], tol) and close(s.premium, e["premium"], tol)
    proc = s.procurement
    assert close(proc["gov_payoff_relational"], e["gov_payoff_relational"], tol)
    assert close(proc["gov_payoff_spot"], e["gov_payoff_spot"], tol)
    assert s.relational_preferred is e["relational_preferred"]
    # relational purchasing is the equilibrium played: the partner path, at the oracle's payoff
    assert s.regime == "partner" and s.play == ("quality", "renew")
    assert close(s.government_payoff, e["gov_payoff_relational"], tol)
    assert close(s.agency_rent, e["premium"], tol)


@pytest.mark.parametrize("oid", ["INVITED-1", "INVITED-2"])
def test_invited_oracles_through_the_model(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    inv = RelationalPurchasing(cost_saving=p["dc"], discount=p["delta"],
                               evaluation_accuracy=p["psi"]).invitation()
    assert inv.best_number == e["N_star"]
    assert close(inv.expected_cost, e["expected_cost_above_cH"], tol)
    assert close(inv.premium, e["premium_at_N_star"], tol)
    for n, c in e["cost_by_N"].items():
        assert close(inv.cost_by_number[int(n)], c, tol), n
    s = RelationalPurchasing(cost_saving=p["dc"], discount=p["delta"],
                             evaluation_accuracy=p["psi"]).solve(with_levin=False)
    assert s.invitation.best_number == e["N_star"] and s.to_record()["invited"] == e["N_star"]


@pytest.mark.parametrize("oid", ["LOSSLEADER-1", "LOSSLEADER-2"])
def test_loss_leader_oracles_through_the_model(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    m = RelationalPurchasing(project_price=p["p"], project_cost=p["cost"], discount=p["delta"],
                             renewal_probability=p["rho"], other_profit=p["pi_other"])
    d = m.loss_leader()
    assert close(d.margin, e["margin"], tol)
    assert close(d.relationship_value, e["relationship_value"], tol)
    assert d.accept is e["accept"]
    assert close(d.min_acceptable_price, e["min_acceptable_price"], tol)
    assert m.to_record()["loss_leader_accepted"] == ("yes" if e["accept"] else "no")


def test_levin_oracle_renewal_as_enforcement():
    o = ORACLES["LEVIN-1"]  # LEVIN-1
    e, tol = o["expected"], o["tolerance"]
    lev = RelationalPurchasing(discount=o["params"]["delta"]).renewal_enforcement()
    assert lev["feasible"] is e["feasible"]
    for key in ("effort", "bonus", "surplus", "k", "delta_first_best"):
        assert close(lev[key], e[key], tol), key
    ex = RelationalPurchasing(discount=o["params"]["delta"]).explain()
    assert close(ex.figures["renewal_effort"], e["effort"], tol)


# ---------------------------------------------------------------------------------- regimes
def test_defaults_are_buddy_purchasing():
    s = RelationalPurchasing().solve()
    assert isinstance(s, RelationalPurchasingSolution)
    assert s.regime == "buddy" and s.play == ("no trouble", "renew")
    assert s.buddy_equilibrium and not s.tendering_equilibrium and not s.partner_sustainable
    assert close(s.premium_condition, 0.4, 1e-12) and close(s.agency_rent, 0.4, 1e-12)
    assert close(s.public_quality_loss, 0.8, 1e-12)
    # the partner path cannot be enforced by reverting to the buddy equilibrium
    assert s.partner_thresholds[0] == 1
    assert "buddy" in str(s)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([0.3, 0.5, 0.8, 0.9]), st.sampled_from([0.1, 0.25, 0.5, 1.0]),
       st.floats(1.2, 3.0))
def test_relational_beats_tendering_iff_quality_value_exceeds_premium_condition(d, psi, vH):
    m = RelationalPurchasing(discount=d, evaluation_accuracy=psi, value_high=vH,
                             quality_weight=1, tender_trouble=0)
    Pi = premium_condition(0.2, d, psi)
    gap = Fraction(repr(vH)) - Fraction(repr(1.2))
    s = m.solve(with_levin=False)
    assert (s.regime == "partner") == (gap >= Pi)
    assert (s.regime == "open tendering") == (gap < Pi)
    assert s.relational_preferred == (gap >= Pi)              # RELPROC's comparison agrees


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.floats(0, 1.5), st.sampled_from([0.4, 0.25, 0.125])),
       st.sampled_from([0.5, 0.8, 0.95]), st.sampled_from([0.25, 0.6, 1.0]), st.floats(0, 1))
def test_buddy_partner_tendering_switch_where_theory_says(tau, d, psi, omega):
    m = RelationalPurchasing(tender_trouble=tau, discount=d, evaluation_accuracy=psi,
                             quality_weight=omega)
    s = m.solve(with_levin=False)
    Pi = premium_condition(0.2, d, psi)
    t = Fraction(repr(tau))
    gap = Fraction(repr(omega)) * (Fraction(2) - Fraction(repr(1.2)))
    if t > Pi:
        expected = "buddy"                          # the tender threat is not credible
    elif gap + t >= Pi:
        expected = "partner"
    else:
        expected = "open tendering"
    assert s.regime == expected
    assert s.buddy_equilibrium == (t >= Pi)
    assert s.tendering_equilibrium == (t <= Pi)


def test_buddy_partner_boundary_in_trouble():
    Pi = 0.4
    assert RelationalPurchasing(tender_trouble=Pi).regime() == "partner"   # weakly credible
    assert RelationalPurchasing(tender_trouble=Pi + 1e-9).regime() == "buddy"
    # a patient agency needs a smaller premium, so a smaller trouble already makes buddies
    assert RelationalPurchasing(tender_trouble=0.3).regime() == "partner"
    assert RelationalPurchasing(tender_trouble=0.3, discount=0.95).regime() == "buddy"


def test_partner_needs_the_relational_premium():
    # at p*, the agency's grim-trigger threshold equals its effective discount (IC binds); any
    # lower renewal price leaves the partner path unsustainable
    m = RelationalPurchasing(tender_trouble=0.1)
    s = m.solve(with_levin=False)
    assert s.regime == "partner"
    assert s.partner_thresholds[0] == s.effective_discount == Fraction(1, 2)
    low = critical_discount(m.game(price=s.price - 0.01), ("quality", "renew"))
    assert low.per_player[0] > m.effective_discount
    high = critical_discount(m.game(price=s.price + 0.01), ("quality", "renew"))
    assert high.per_player[0] < m.effective_discount


def test_stage_game_structure():
    g = RelationalPurchasing().game()
    assert g.players == ("agency", "government")
    assert g.actions == (("quality", "no trouble"), ("renew", "tender"))
    A = g.payoffs[0]
    assert A[1, 0] > A[0, 0] and A[1, 1] > A[0, 1]    # 'no trouble' strictly dominant


@settings(max_examples=40, deadline=None)
@given(st.floats(-5, 15), st.floats(0, 1), st.floats(0, 3))
def test_loss_leader_accepted_iff_relationship_value_exceeds_loss(price, rho, other):
    m = RelationalPurchasing(project_price=price, renewal_probability=rho, other_profit=other)
    d = m.loss_leader()
    lam = 0.8 / 0.2 * rho * other
    loss = 10 - price
    assume(abs(lam - loss) > 1e-9)
    assert d.accept == (lam > loss)


def test_ceremonial_evaluation_raises_premium_and_closes_the_circle():
    prem = [RelationalPurchasing(evaluation_accuracy=p, discount=0.9, cost_saving=0.1).solve(
        with_levin=False) for p in (1.0, 0.6, 0.3, 0.1)]
    assert all(a.premium < b.premium for a, b in zip(prem, prem[1:]))
    invited = [s.invitation.best_number for s in prem]
    assert invited == sorted(invited, reverse=True) and invited[0] > invited[-1]


# ---------------------------------------------------------------------------------- explain
def test_explain_report():
    ex = RelationalPurchasing().explain()
    assert isinstance(ex, Explanation) and ex.regime == "buddy"
    text = str(ex)
    for words in ("Buddy purchasing", "no trouble", "binding:", "invite", "loss leader",
                  "Levin"):
        assert words in text
    signs = {(c.parameter, c.outcome.split(" (")[0]): c.sign for c in ex.comparative_statics}
    assert signs[("evaluation_accuracy", "the incumbent's relational premium")] == -1
    assert signs[("discount", "the incumbent's relational premium")] == -1
    assert signs[("discount", "the value of keeping the relationship")] == 1
    assert all(c.method == "sympy" for c in ex.comparative_statics)
    assert close(ex.figures["premium_condition"], 0.4, 1e-12)
    p = RelationalPurchasing(tender_trouble=0.1).explain()
    assert p.regime == "partner" and "Partner purchasing" in p.headline
    o = RelationalPurchasing(tender_trouble=0, quality_weight=0.25).explain()
    assert o.regime == "open tendering" and "Open tendering" in o.headline


def test_explain_is_fast():
    RelationalPurchasing().explain()
    t = time.perf_counter()
    RelationalPurchasing(discount=0.7).explain()
    assert time.perf_counter() - t < 2.0


# ---------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kw,match", [
    ({"high_quality_cost": -1}, "high_quality_cost"),
    ({"cost_saving": 0}, "cost_saving"),
    ({"cost_saving": 2}, "cost_saving"),
    ({"discount": 1.0}, "discount"),
    ({"evaluation_accuracy": 0}, "evaluation_accuracy"),
    ({"evaluation_accuracy": 1.1}, "evaluation_accuracy"),
    ({"value_low": 3}, "value_low"),
    ({"quality_weight": 1.5}, "quality_weight"),
    ({"tender_trouble": -0.1}, "tender_trouble"),
    ({"max_suppliers": 0}, "max_suppliers"),
    ({"max_suppliers": 2.5}, "max_suppliers"),
    ({"project_cost": -1}, "project_cost"),
    ({"renewal_probability": 2}, "renewal_probability"),
    ({"other_profit": float("inf")}, "other_profit"),
    ({"value_high": None}, "value_high"),
])
def test_bad_parameters(kw, match):
    with pytest.raises(InvalidParameterError, match=match):
        RelationalPurchasing(**kw)


def test_bad_price_for_game():
    with pytest.raises(InvalidParameterError, match="price"):
        RelationalPurchasing().game(price="cheap")

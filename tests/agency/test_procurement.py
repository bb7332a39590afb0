"""contracts.agency.procurement: MODELS.md §7.1–7.3 oracles, properties, bad input."""

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from conftest import close, load_oracles
from contracts.agency._result import ContractSolution
from contracts.agency.procurement import (LossLeader, RelationalProcurement, SupplierInvitation,
                                          relationship_value)
from contracts.exceptions import InvalidParameterError

ORACLES = load_oracles()


@pytest.mark.parametrize("oid", ["RELPROC-1", "RELPROC-2"])
def test_relational_procurement_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    s = RelationalProcurement(
        high_quality_cost=p["cH"],
        cost_saving=p["dc"],
        discount=p["delta"],
        evaluation_accuracy=p["psi"],
        value_high=p["vH"],
        value_low=p["vL"],
    ).solve()
    assert isinstance(s, ContractSolution)
    for key in ("price", "premium", "gov_payoff_relational", "gov_payoff_spot"):
        assert close(s[key], e[key], tol), key
    assert s["relational_preferred"] is e["relational_preferred"]
    assert close(s.agent_rent, e["premium"], tol)
    assert close(s.principal_value, e["gov_payoff_relational"], tol)
    assert s.binding == ("incumbent's no-shading IC",)
    cf = RelationalProcurement.closed_form()
    vals = {sp.Symbol("dc"): p["dc"], sp.Symbol("delta"): p["delta"], sp.Symbol("psi"): p["psi"],
            sp.Symbol("c_H"): p["cH"]}
    assert close(float(cf["price"].subs(vals)), e["price"], tol)


def test_relational_ic_binds_at_price():
    cH, dc, d, psi = 1.0, 0.2, 0.8, 0.25
    p = RelationalProcurement(
        high_quality_cost=cH,
        cost_saving=dc,
        discount=d,
        evaluation_accuracy=psi,
        value_high=2,
        value_low=1.2,
    ).solve()["price"]
    honest = (p - cH) / (1 - d)
    shade = p - (cH - dc) + d * (1 - psi) * (p - cH) / (1 - d)
    assert abs(honest - shade) < 1e-12
    p2 = p - 1e-6  # any lower price and shading pays
    assert (p2 - cH) / (1 - d) < p2 - (cH - dc) + d * (1 - psi) * (p2 - cH) / (1 - d)


def test_spot_tendering_when_quality_gap_small():
    s = RelationalProcurement(
        high_quality_cost=1,
        cost_saving=0.2,
        discount=0.8,
        evaluation_accuracy=0.25,
        value_high=1.5,
        value_low=1.2,
    ).solve()
    assert s["relational_preferred"] is False
    assert s.agent_rent == 0 and "spot tendering" in str(s)
    assert close(s.principal_value, 0.4, 1e-12)


@settings(max_examples=40, deadline=None)
@given(d=st.floats(0.05, 0.95), psi=st.floats(0.05, 1), dc=st.floats(0.01, 0.5))
def test_premium_falls_with_accuracy_and_patience(d, psi, dc):
    base = RelationalProcurement(
        high_quality_cost=1,
        cost_saving=dc,
        discount=d,
        evaluation_accuracy=psi,
        value_high=3,
        value_low=1,
    ).solve()["premium"]
    assert (
        RelationalProcurement(
            high_quality_cost=1,
            cost_saving=dc,
            discount=d,
            evaluation_accuracy=min(1, psi * 1.5),
            value_high=3,
            value_low=1,
        ).solve()["premium"]
        <= base
    )
    assert (
        RelationalProcurement(
            high_quality_cost=1,
            cost_saving=dc,
            discount=min(0.99, d + 0.04),
            evaluation_accuracy=psi,
            value_high=3,
            value_low=1,
        ).solve()["premium"]
        <= base
    )


@pytest.mark.parametrize("oid", ["INVITED-1", "INVITED-2"])
def test_invited_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = SupplierInvitation(
        cost_saving=p["dc"], discount=p["delta"], evaluation_accuracy=p["psi"]
    )
    r = model.solve()
    assert r.best_number == e["N_star"] == r.N_star
    assert close(r.expected_cost, e["expected_cost_above_cH"], tol)
    assert close(r.premium, e["premium_at_N_star"], tol)
    for n, c in e["cost_by_N"].items():
        assert close(r.cost_by_number[int(n)], c, tol), n
        assert close(model.cost(int(n)), c, tol)
    # exhaustive check on a much larger range: nothing beats N*
    assert all(model.cost(n) >= r.expected_cost - 1e-15 for n in range(1, 500))


def test_invited_exact_and_cap():
    r = SupplierInvitation(
        cost_saving=Fraction(1, 10), discount=Fraction(9, 10), evaluation_accuracy=Fraction(3, 10)
    ).solve()
    assert r.best_number == 5
    assert r.expected_cost == Fraction(19, 54) and r.premium == Fraction(1, 54)
    capped = SupplierInvitation(
        cost_saving=0.1, discount=0.9, evaluation_accuracy=1.0, max_suppliers=4
    ).solve()
    assert capped.best_number == 4 and close(capped.expected_cost, 0.4, 1e-12)
    assert "premium" in str(r) and "no premium" in str(
        SupplierInvitation(cost_saving=0.1, discount=0.9, evaluation_accuracy=1).solve()
    )


@settings(max_examples=25, deadline=None)
@given(psi=st.floats(0.05, 1), d=st.floats(0.5, 0.95))
def test_less_accurate_evaluation_invites_fewer(psi, d):
    n_hi = (
        SupplierInvitation(cost_saving=0.1, discount=d, evaluation_accuracy=psi).solve().best_number
    )
    n_lo = (
        SupplierInvitation(cost_saving=0.1, discount=d, evaluation_accuracy=psi / 2)
        .solve()
        .best_number
    )
    assert n_lo <= n_hi


@pytest.mark.parametrize("oid", ["LOSSLEADER-1", "LOSSLEADER-2"])
def test_loss_leader_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    d = LossLeader(
        price=p["p"],
        cost=p["cost"],
        discount=p["delta"],
        renewal_probability=p["rho"],
        other_profit=p["pi_other"],
    ).solve()
    assert close(d.margin, e["margin"], tol)
    assert close(d.relationship_value, e["relationship_value"], tol)
    assert d.accept is e["accept"]
    assert close(d.min_acceptable_price, e["min_acceptable_price"], tol)
    assert ("accepts" in str(d)) == e["accept"]
    assert close(relationship_value(p["delta"], p["rho"], p["pi_other"]),
                 e["relationship_value"], tol)


def test_procurement_bad_input():
    with pytest.raises(InvalidParameterError, match="evaluation_accuracy"):
        RelationalProcurement(
            high_quality_cost=1,
            cost_saving=0.2,
            discount=0.8,
            evaluation_accuracy=0,
            value_high=2,
            value_low=1.2,
        )
    with pytest.raises(InvalidParameterError, match="cost_saving"):
        RelationalProcurement(
            high_quality_cost=1,
            cost_saving=0,
            discount=0.8,
            evaluation_accuracy=1,
            value_high=2,
            value_low=1.2,
        )
    with pytest.raises(InvalidParameterError, match="value_low"):
        RelationalProcurement(
            high_quality_cost=1,
            cost_saving=0.2,
            discount=0.8,
            evaluation_accuracy=1,
            value_high=1.2,
            value_low=2,
        )
    with pytest.raises(InvalidParameterError, match="discount"):
        SupplierInvitation(cost_saving=0.1, discount=1.0, evaluation_accuracy=1)
    with pytest.raises(InvalidParameterError, match="max_suppliers"):
        SupplierInvitation(cost_saving=0.1, discount=0.9, evaluation_accuracy=1, max_suppliers=0)
    with pytest.raises(InvalidParameterError, match="positive integer"):
        SupplierInvitation(cost_saving=0.1, discount=0.9, evaluation_accuracy=1).cost(0)
    with pytest.raises(InvalidParameterError, match="renewal_probability"):
        LossLeader(price=8, cost=10, discount=0.8, renewal_probability=1.5, other_profit=1.5)
    with pytest.raises(InvalidParameterError, match="cost"):
        LossLeader(price=8, cost=-1, discount=0.8, renewal_probability=0.5, other_profit=1.5)
    with pytest.raises(InvalidParameterError, match="discount"):
        relationship_value(1.2, 0.5, 1)

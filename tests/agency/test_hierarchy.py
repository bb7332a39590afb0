"""contracts.agency.hierarchy: TIROLE-*, PASS-* oracles, conservation, responses, bad input."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from conftest import close, load_oracles
from contracts.agency._result import ContractSolution
from contracts.agency.hierarchy import (NEGOTIATION, SEPARATION, TRANSFER, BudgetPassThrough,
                                        SupervisionHierarchy, Worker)
from contracts.exceptions import InvalidParameterError

ORACLES = load_oracles()


# ---------------------------------------------------------------- Tirole
def _tirole(p):
    return SupervisionHierarchy(
        value_intercept=p["A"],
        low_cost=p["thL"],
        high_cost=p["thH"],
        prob_low_cost=p["nu"],
        detection_probability=p["xi"],
        side_transfer_efficiency=p["k"],
    )


@pytest.mark.parametrize("oid", ["TIROLE-1", "TIROLE-2"])
def test_tirole_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    s = _tirole(p).solve()
    assert isinstance(s, ContractSolution)
    for key, v in e.items():
        assert close(s[key], v, tol), (oid, key, s[key], v)
    assert close(s.principal_value, e["principal_welfare"], tol)
    assert any("collusion-proofness" in b for b in s.binding)
    cf = SupervisionHierarchy.closed_form()
    vals = {sp.Symbol(k): v for k, v in {"A": p["A"], "theta_L": p["thL"], "theta_H": p["thH"],
                                          "nu": p["nu"], "xi": p["xi"], "k": p["k"]}.items()}
    assert close(float(cf["qH_no_report"].subs(vals)), e["qH_no_report"], tol)
    assert close(float(cf["supervisor_reward"].subs(vals)), e["supervisor_reward"], tol)
    assert close(float(cf["principal_welfare"].subs(vals)), e["principal_welfare"], tol)
    assert "collusion costs" in str(s)


def test_tirole_exact_and_optimal():
    F = Fraction
    s = SupervisionHierarchy(
        value_intercept=8,
        low_cost=1,
        high_cost=2,
        prob_low_cost=F(2, 5),
        detection_probability=F(3, 5),
        side_transfer_efficiency=1,
    ).solve()
    assert s["qH_no_report"] == F(13, 3) and s["supervisor_reward"] == F(13, 3)
    model = SupervisionHierarchy(
        value_intercept=10,
        low_cost=1,
        high_cost=2,
        prob_low_cost=0.5,
        detection_probability=0.5,
        side_transfer_efficiency=0.5,
    )
    # the collusion-proof q_H maximises welfare net of the supervisor's pay
    qs = np.linspace(0, 9, 9001)
    W = [model._welfare(q, 0.5) for q in qs]
    assert abs(qs[int(np.argmax(W))] - 6.5) < 2e-3


def test_tirole_collusion_proofness_and_no_collusion_limit():
    p = ORACLES["TIROLE-1"]["params"]
    s = _tirole(p).solve()
    # the supervisor's reward equals the bribe value of the agent's stake: no side deal pays
    assert close(s["supervisor_reward"], p["k"] * (p["thH"] - p["thL"]) * s["qH_no_report"], 1e-12)
    # k = 0 (no side contracting) or xi = 0 (no evidence): collusion is costless
    for kw in ({"k": 0.0}, {"xi": 0.0}):
        q = dict(p, **kw)
        t = _tirole(q).solve()
        assert close(t["cost_of_collusion"], 0, 1e-12)
    # shutdown of the inefficient type when distortion is extreme
    shut = SupervisionHierarchy(
        value_intercept=3,
        low_cost=1,
        high_cost=2,
        prob_low_cost=0.9,
        detection_probability=0.5,
        side_transfer_efficiency=1,
    ).solve()
    assert shut["qH_no_report"] == 0 and "shut down" in str(shut)


@settings(max_examples=30, deadline=None)
@given(xi=st.floats(0, 0.9), k=st.floats(0, 1), nu=st.floats(0.05, 0.9))
def test_collusion_cost_nonnegative_and_more_distortion(xi, k, nu):
    s = SupervisionHierarchy(
        value_intercept=10,
        low_cost=1,
        high_cost=2,
        prob_low_cost=nu,
        detection_probability=xi,
        side_transfer_efficiency=k,
    ).solve()
    assert s["cost_of_collusion"] >= -1e-9
    assert s["qH_no_report"] <= s["qH_no_report_without_collusion"] + 1e-12


def test_tirole_bad_input():
    with pytest.raises(InvalidParameterError, match="high_cost"):
        SupervisionHierarchy(
            value_intercept=10,
            low_cost=2,
            high_cost=1,
            prob_low_cost=0.5,
            detection_probability=0.5,
            side_transfer_efficiency=0.5,
        )
    with pytest.raises(InvalidParameterError, match="prob_low_cost"):
        SupervisionHierarchy(
            value_intercept=10,
            low_cost=1,
            high_cost=2,
            prob_low_cost=1.0,
            detection_probability=0.5,
            side_transfer_efficiency=0.5,
        )
    with pytest.raises(InvalidParameterError, match="detection_probability"):
        SupervisionHierarchy(
            value_intercept=10,
            low_cost=1,
            high_cost=2,
            prob_low_cost=0.5,
            detection_probability=1.0,
            side_transfer_efficiency=0.5,
        )
    with pytest.raises(InvalidParameterError, match="side_transfer_efficiency"):
        SupervisionHierarchy(
            value_intercept=10,
            low_cost=1,
            high_cost=2,
            prob_low_cost=0.5,
            detection_probability=0.5,
            side_transfer_efficiency=1.5,
        )
    with pytest.raises(InvalidParameterError, match="value_intercept"):
        SupervisionHierarchy(
            value_intercept=0,
            low_cost=1,
            high_cost=2,
            prob_low_cost=0.5,
            detection_probability=0.5,
            side_transfer_efficiency=0.5,
        )


# ---------------------------------------------------------------- budget pass-through
def _workers(p):
    return [{"name": w["id"], "wage": w["w"], "reservation_wage": w["ubar"], "score": w["score"]}
            for w in p["workers"]]


def _pass(p, **kw):
    return BudgetPassThrough(
        p["budget"],
        overhead=p["F"],
        workers=_workers(p),
        required_staff=p["n_req"],
        cash_reserve=p["L"],
        relationship_value=p["Lambda"],
        absorption_order=p["order"],
        **kw,
    )


@pytest.mark.parametrize("oid", ["PASS-1", "PASS-2-LOSS", "PASS-3-EXIT"])
def test_pass_through_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    r = _pass(p).solve()
    assert set(r.wage_cuts) == set(e["wage_cut"])
    for k, v in e["wage_cut"].items():
        assert close(r.wage_cuts[k], v, tol), k
    assert list(r.dismissed) == e["dismissed"]
    assert list(r.employed) == e["employed"]
    assert set(r.final_wages) == set(e["final_wages"])
    for k, v in e["final_wages"].items():
        assert close(r.final_wages[k], v, tol), k
    assert close(r.agency_loss, e["agency_loss"], tol)
    assert close(r.agency_profit, e["agency_profit"], tol)
    assert r.exit is e["exit"]
    for name in e["dismissed"]:
        assert r.responses[name] == SEPARATION
    for name in e["employed"]:
        assert r.responses[name] == NEGOTIATION
    assert ("exits" in str(r)) == e["exit"]


def test_pass_through_default_order_and_worker_objects():
    p = ORACLES["PASS-1"]["params"]
    ws = [
        Worker(w["id"], wage=w["w"], reservation_wage=w["ubar"], score=w["score"])
        for w in p["workers"]
    ]
    r = BudgetPassThrough(
        15, overhead=2, workers=ws, required_staff=2, cash_reserve=1, relationship_value=3
    ).solve()
    assert r.dismissed == ("w4",) and close(r.agency_profit, 0.5, 1e-12)
    exact = BudgetPassThrough(
        Fraction(19, 2),
        overhead=2,
        workers=ws,
        required_staff=2,
        cash_reserve=1,
        relationship_value=3,
    ).solve()
    assert exact.agency_profit == Fraction(-1, 2)
    relaxed = BudgetPassThrough(
        22, overhead=2, workers=ws, required_staff=2, cash_reserve=1, relationship_value=3
    ).solve()
    assert relaxed.shortfall == 0 and not relaxed.dismissed and "no cuts" in str(relaxed)


def test_uniform_cut_triggers_opposition_transfer():
    p = ORACLES["PASS-1"]["params"]
    ws = [
        Worker(
            w["id"],
            wage=w["w"],
            reservation_wage=w["ubar"],
            score=w["score"],
            outside_offer=(w["id"] != "w2"),
        )
        for w in p["workers"]
    ]
    r = BudgetPassThrough(
        18.5,
        overhead=2,
        workers=ws,
        required_staff=4,
        cash_reserve=1,
        relationship_value=3,
        rent_cut="uniform",
    ).solve()
    # shortfall 3.5: rents (3) cut 0.75 each, beyond the 0.5 rents of w2 and w4; the agency
    # absorbs the remaining 0.5 (all four workers are required)
    assert all(close(c, 0.75, 1e-12) for c in r.wage_cuts.values())
    assert r.responses["w4"] == TRANSFER  # has an outside offer
    assert r.responses["w2"] == NEGOTIATION  # no offer: accepts
    assert r.responses["w1"] == NEGOTIATION and not r.dismissed
    assert close(r.agency_loss, 0.5, 1e-12) and close(r.agency_profit, -0.5, 1e-12)
    assert not r.exit and "opposition/transfer" in str(r)


def test_absorption_order_is_configurable():
    p = dict(ORACLES["PASS-1"]["params"])
    # the agency protects its workers first: absorbs 1, then cuts rents 3, then dismisses w4
    r = _pass(dict(p, order=["agency", "wage_rents", "surplus_staff"])).solve()
    assert r.dismissed == ("w4",)
    assert close(r.agency_profit, 0.5, 1e-12) and close(r.agency_loss, 0, 1e-12)
    # without a dismissal step, the same shortfall ends in exit
    r = _pass(dict(p, order=["wage_rents", "agency"])).solve()
    assert r.exit and set(r.dismissed) == {"w1", "w2", "w3", "w4"}
    # dismissals before cuts save the full wage
    r = _pass(dict(p, order=["surplus_staff", "wage_rents"])).solve()
    assert r.dismissed == ("w4", "w2") and close(r.wage_cuts["w1"], 0, 1e-12)


budgets = st.floats(0, 25)
scores = st.lists(st.floats(0, 1), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(budget=budgets, sc=scores, n_req=st.integers(0, 4), L=st.floats(0, 3),
       lam=st.floats(0, 3), rents=st.lists(st.floats(0, 2), min_size=6, max_size=6),
       order=st.permutations(["wage_rents", "surplus_staff", "agency"]),
       uniform=st.booleans())
def test_pass_through_conserves_money(budget, sc, n_req, L, lam, rents, order, uniform):
    ws = [
        Worker(f"w{i}", wage=5.0, reservation_wage=5.0 - rents[i], score=s)
        for i, s in enumerate(sc)
    ]
    m = BudgetPassThrough(
        budget,
        overhead=2.0,
        workers=ws,
        required_staff=n_req,
        cash_reserve=L,
        relationship_value=lam,
        absorption_order=order,
        rent_cut="uniform" if uniform else "proportional",
    )
    r = m.solve()
    D = m.shortfall
    if r.exit:
        assert not r.employed and set(r.dismissed) == {w.name for w in ws}
        assert r.agency_profit == 0 and r.remaining_shortfall > 0
        assert r.agency_loss <= min(L, lam) + 1e-12
        return
    cuts = sum(r.wage_cuts.values())
    bill = sum(r.final_wages.values())
    savings = sum(5.0 - r.wage_cuts[n] for n in r.dismissed)
    surplus = max(r.agency_profit, 0)
    if D > 0:
        # cuts + dismissal savings + absorbed loss = shortfall (+ any surplus left)
        assert abs(cuts + savings + r.agency_loss - D - surplus) < 1e-9
    assert abs(r.agency_profit - (budget - 2.0 - bill)) < 1e-9
    assert r.agency_loss <= min(L, lam) + 1e-9
    assert len(r.employed) >= min(n_req, len(ws))
    for w in ws:  # the proportional rule never cuts beyond the rent
        if not uniform:
            assert r.wage_cuts[w.name] <= w.rent + 1e-9
    # dismissals go lowest score first
    kept_scores = [w.score for w in ws if w.name in r.employed]
    gone = [w.score for w in ws if w.name in r.dismissed]
    if gone and kept_scores:
        assert max(gone) <= min(kept_scores)


def test_pass_through_bad_input():
    ws = [Worker("a", wage=5, reservation_wage=4, score=0.5)]
    with pytest.raises(InvalidParameterError, match="absorption_order"):
        BudgetPassThrough(
            10,
            overhead=2,
            workers=ws,
            required_staff=1,
            cash_reserve=1,
            relationship_value=3,
            absorption_order=["taxes"],
        )
    with pytest.raises(InvalidParameterError, match="absorption_order"):
        BudgetPassThrough(
            10,
            overhead=2,
            workers=ws,
            required_staff=1,
            cash_reserve=1,
            relationship_value=3,
            absorption_order=["agency", "agency"],
        )
    with pytest.raises(InvalidParameterError, match="absorption_order"):
        BudgetPassThrough(
            10,
            overhead=2,
            workers=ws,
            required_staff=1,
            cash_reserve=1,
            relationship_value=3,
            absorption_order="agency",
        )
    with pytest.raises(InvalidParameterError, match="required_staff"):
        BudgetPassThrough(
            10, overhead=2, workers=ws, required_staff=-1, cash_reserve=1, relationship_value=3
        )
    with pytest.raises(InvalidParameterError, match="budget"):
        BudgetPassThrough(
            -10, overhead=2, workers=ws, required_staff=1, cash_reserve=1, relationship_value=3
        )
    with pytest.raises(InvalidParameterError, match="rent_cut"):
        BudgetPassThrough(
            10,
            overhead=2,
            workers=ws,
            required_staff=1,
            cash_reserve=1,
            relationship_value=3,
            rent_cut="random",
        )
    with pytest.raises(InvalidParameterError, match="distinct"):
        BudgetPassThrough(
            10, overhead=2, workers=ws + ws, required_staff=1, cash_reserve=1, relationship_value=3
        )
    with pytest.raises(InvalidParameterError, match="keys"):
        BudgetPassThrough(
            10,
            overhead=2,
            workers=[{"name": "a", "wage": 5}],
            required_staff=1,
            cash_reserve=1,
            relationship_value=3,
        )
    with pytest.raises(InvalidParameterError, match="sequence of workers"):
        BudgetPassThrough(
            10, overhead=2, workers=5, required_staff=1, cash_reserve=1, relationship_value=3
        )
    with pytest.raises(InvalidParameterError, match="reservation_wage"):
        Worker("a", wage=5, reservation_wage=6, score=0.5)
    with pytest.raises(InvalidParameterError, match="name"):
        Worker("", wage=5, reservation_wage=4, score=0.5)

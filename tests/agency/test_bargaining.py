"""contracts.agency.bargaining: MODELS.md §8 oracles, closed forms, properties, bad input."""

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from conftest import assert_close, close, load_oracles
from contracts.agency.bargaining import (NashBargaining, ResourceDependence, Rubinstein,
                                         RubinsteinLimit, StackelbergCournot, SubsidyStackelberg)
from contracts.exceptions import InvalidParameterError

ORACLES = load_oracles()
U1 = sp.Symbol("u1")


def _subs(expr, values):
    return float(expr.subs({sp.Symbol(k): v for k, v in values.items()}))


# ---------------------------------------------------------------- Nash bargaining
@pytest.mark.parametrize("oid", ["NASH-LIN-1", "DEPEND-NASH-1"])
def test_nash_linear_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    sol = NashBargaining(p["alpha"], disagreement=(p["d1"], p["d2"]), surplus=p["S"]).solve()
    assert_close(sol.payoffs, (e["u1"], e["u2"]), tol, oid)
    cf = NashBargaining(p["alpha"], disagreement=(p["d1"], p["d2"]), surplus=p["S"]).closed_form()
    vals = {"S": p["S"], "d1": p["d1"], "d2": p["d2"], "alpha": p["alpha"]}
    assert close(_subs(cf["u1"], vals), e["u1"], tol)
    assert close(_subs(cf["u2"], vals), e["u2"], tol)


@pytest.mark.parametrize("oid", ["NASH-CONC-1", "NASH-CONC-2"])
@pytest.mark.parametrize("kind", ["sympy", "callable"])
def test_nash_concave_oracles(oid, kind):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    frontier = 1 - U1 ** 2 if kind == "sympy" else (lambda x: 1 - x * x)
    model = NashBargaining(p["alpha"], disagreement=(p["d1"], p["d2"]), frontier=frontier)
    sol = model.solve()
    assert_close(sol.payoffs, (e["u1"], e["u2"]), tol, oid)
    if kind == "sympy":
        cf = model.closed_form()
        assert close(_subs(cf["u1"], {"alpha": p["alpha"]}), e["u1"], tol)
        assert close(_subs(cf["u2"], {"alpha": p["alpha"]}), e["u2"], tol)
        # the derived closed form is the one in MODELS.md: u1 = sqrt(alpha / (2 - alpha))
        a = sp.Symbol("alpha")
        assert sp.simplify((cf["u1"] ** 2 - a / (2 - a)).subs(a, sp.Rational(3, 7))) == 0
    assert "agency gets" in str(sol)


def test_nash_exact_fraction_and_corners():
    sol = NashBargaining(Fraction(7, 10), disagreement=(1, 3), surplus=10).solve()
    assert sol.payoffs == (Fraction(26, 5), Fraction(24, 5))
    assert NashBargaining(1, disagreement=(0, 0), surplus=4).solve().payoffs == (4, 0)
    s = NashBargaining(1, frontier=1 - U1 ** 2).solve()
    assert abs(s.u1 - 1) < 1e-12 and abs(s.u2) < 1e-12
    s = NashBargaining(0, frontier=1 - U1 ** 2).solve()
    assert s.u1 == 0 and s.u2 == 1


def test_nash_frontier_with_disagreement_point_and_max_u1():
    # u2 = 4 - u1^2 with d = (0.5, 1): compare with brute force on the frontier
    f = 4 - U1 ** 2
    model = NashBargaining(0.6, disagreement=(0.5, 1), frontier=f, max_u1=3 ** 0.5)
    s = model.solve()
    import numpy as np
    grid = np.linspace(0.5 + 1e-9, 3 ** 0.5 - 1e-9, 200001)
    nash = 0.6 * np.log(grid - 0.5) + 0.4 * np.log(4 - grid ** 2 - 1)
    assert abs(grid[np.argmax(nash)] - s.u1) < 1e-4
    assert abs(s.u2 - (4 - s.u1 ** 2)) < 1e-12


@settings(max_examples=40, deadline=None)
@given(S=st.floats(0, 100), d1=st.floats(-10, 10), d2=st.floats(-10, 10), a=st.floats(0, 1))
def test_nash_split_sums_to_surplus(S, d1, d2, a):
    S = S + d1 + d2  # guarantee gains from trade
    u1, u2 = NashBargaining(a, disagreement=(d1, d2), surplus=S).solve().payoffs
    assert abs(u1 + u2 - S) <= 1e-9 * (1 + abs(S))
    assert u1 >= d1 - 1e-9 and u2 >= d2 - 1e-9


@settings(max_examples=25, deadline=None)
@given(a=st.floats(0.01, 0.99))
def test_nash_concave_matches_closed_form(a):
    u1 = NashBargaining(a, frontier=lambda x: 1 - x * x).solve().u1
    assert abs(u1 - (a / (2 - a)) ** 0.5) < 1e-8


@pytest.mark.parametrize("kwargs, match", [
    ({"bargaining_power": 1.5, "surplus": 10}, "bargaining_power"),
    ({"bargaining_power": float("nan"), "surplus": 10}, "bargaining_power"),
    ({"bargaining_power": 0.5}, "exactly one"),
    ({"bargaining_power": 0.5, "surplus": 10, "frontier": 1 - U1 ** 2}, "exactly one"),
    ({"bargaining_power": 0.5, "surplus": 1, "disagreement": (1, 3)}, "surplus"),
    ({"bargaining_power": 0.5, "surplus": 1, "disagreement": (1,)}, "disagreement"),
    ({"bargaining_power": 0.5, "frontier": "1 - u1**2"}, "frontier"),
    ({"bargaining_power": 0.5, "frontier": 1 - U1 * sp.Symbol("x")}, "one free symbol"),
    ({"bargaining_power": 0.5, "frontier": 1 - U1 ** 2, "disagreement": (0, 2)}, "no gains"),
    ({"bargaining_power": 0.5, "surplus": 1, "players": ("a", "a")}, "players"),
])
def test_nash_bad_input(kwargs, match):
    with pytest.raises(InvalidParameterError, match=match):
        NashBargaining(**kwargs)


def test_nash_increasing_frontier_rejected():
    with pytest.raises(InvalidParameterError, match="decreasing"):
        NashBargaining(0.5, frontier=1 + U1, max_u1=2).solve()


# ---------------------------------------------------------------- Rubinstein
@pytest.mark.parametrize("oid", ["RUB-1", "RUB-2"])
def test_rubinstein_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = Rubinstein(p["delta1"], p["delta2"])
    s = model.solve()
    assert_close((s.proposer_share, s.responder_share),
                 (e["proposer_share"], e["responder_share"]), tol, oid)
    cf = model.closed_form()
    vals = {"delta1": p["delta1"], "delta2": p["delta2"]}
    assert close(_subs(cf["proposer_share"], vals), e["proposer_share"], tol)
    # checked by finite-horizon backward induction (MODELS.md: T = 4000)
    assert abs(model.finite_horizon(4000) - e["proposer_share"]) < 1e-9


@pytest.mark.parametrize("oid", ["OUTSIDE-1", "OUTSIDE-2"])
def test_outside_option_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = Rubinstein(p["delta"], responder_outside_option=p["w2"])
    s = model.solve()
    assert_close((s.proposer_share, s.responder_share),
                 (e["proposer_share"], e["responder_share"]), tol, oid)
    assert s.outside_option_binds == (oid == "OUTSIDE-2")
    assert ("binds" in str(s)) == (oid == "OUTSIDE-2")
    assert abs(model.finite_horizon(3001) - e["proposer_share"]) < 1e-9
    cf = model.closed_form()
    assert close(_subs(cf["responder_share"], {"delta1": p["delta"], "delta2": p["delta"],
                                               "w2": p["w2"]}), e["responder_share"], tol)


def test_rubinstein_limit_oracle():  # RUB-LIMIT
    o = ORACLES["RUB-LIMIT"]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = RubinsteinLimit(p["r1"], p["r2"], period_length=p["Delta"])
    s = model.solve()
    assert close(s.proposer_share, e["proposer_share"], tol)
    assert close(s.limit_share, e["limit_share"], tol)
    assert close(s.nash_weight, e["nash_weight_alpha1"], tol)
    cf = model.closed_form()
    r1, r2 = sp.symbols("r1 r2")
    assert sp.simplify(cf["limit_share"] - r2 / (r1 + r2)) == 0
    # the same number from the discrete model with delta_i = exp(-r_i Delta)
    import math
    d = Rubinstein(math.exp(-p["r1"] * p["Delta"]), math.exp(-p["r2"] * p["Delta"])).solve()
    assert abs(d.proposer_share - s.proposer_share) < 1e-6


def test_rubinstein_exact():
    s = Rubinstein(Fraction(9, 10), Fraction(4, 5)).solve()
    assert s.proposer_share == Fraction(5, 7) and s.responder_share == Fraction(2, 7)


@settings(max_examples=50, deadline=None)
@given(d1=st.floats(0.01, 0.99), d2=st.floats(0.01, 0.99), step=st.floats(0.001, 0.2))
def test_rubinstein_shares_bounded_and_monotone_in_patience(d1, d2, step):
    s = Rubinstein(d1, d2).solve()
    assert 0 <= s.proposer_share <= 1 and 0 <= s.responder_share <= 1
    assert abs(s.proposer_share + s.responder_share - 1) < 1e-12
    more_patient_1 = Rubinstein(min(d1 + step, 0.999), d2).solve()
    more_patient_2 = Rubinstein(d1, min(d2 + step, 0.999)).solve()
    assert more_patient_1.proposer_share >= s.proposer_share - 1e-12
    assert more_patient_2.proposer_share <= s.proposer_share + 1e-12
    assert s.proposer_share >= 1 - d2 - 1e-12  # first-mover advantage bound


@pytest.mark.parametrize("args, kwargs, match", [
    ((1.0,), {}, "proposer_discount"),
    ((0.0,), {}, "proposer_discount"),
    ((0.9, 1.2), {}, "responder_discount"),
    ((0.9,), {"responder_outside_option": 1.5}, "responder_outside_option"),
    (("0.9",), {}, "real number"),
])
def test_rubinstein_bad_input(args, kwargs, match):
    with pytest.raises(InvalidParameterError, match=match):
        Rubinstein(*args, **kwargs)


def test_rubinstein_limit_and_horizon_bad_input():
    with pytest.raises(InvalidParameterError, match="proposer_rate"):
        RubinsteinLimit(0, 0.2)
    with pytest.raises(InvalidParameterError, match="period_length"):
        RubinsteinLimit(0.1, 0.2, period_length=-1)
    with pytest.raises(InvalidParameterError, match="rounds"):
        Rubinstein(0.9).finite_horizon(0)


# ---------------------------------------------------------------- Stackelberg
@pytest.mark.parametrize("oid", ["STACK-1", "STACK-2"])
def test_stackelberg_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    s = StackelbergCournot(
        demand_intercept=p["a"], demand_slope=p["b"], marginal_cost=p["c"]
    ).solve()
    got = {"q_leader": s.leader_quantity, "q_follower": s.follower_quantity, "price": s.price,
           "profit_leader": s.leader_profit, "profit_follower": s.follower_profit,
           "cournot_q": s.cournot_quantity}
    for k, v in e.items():
        assert close(got[k], v, tol), (oid, k, got[k], v)
    cf = StackelbergCournot.closed_form()
    names = {"q_leader": "leader_quantity", "q_follower": "follower_quantity", "price": "price",
             "profit_leader": "leader_profit", "profit_follower": "follower_profit",
             "cournot_q": "cournot_quantity"}
    for k, v in e.items():
        assert close(_subs(cf[names[k]], {"a": p["a"], "b": p["b"], "c": p["c"]}), v, tol), (oid, k)
    assert "leads" in str(s)


def test_stackelberg_government_subsidy():  # STACK-GOV-1
    o = ORACLES["STACK-GOV-1"]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    s = SubsidyStackelberg(p["V"], base_price=p["p0"]).solve()
    assert_close((s.subsidy, s.quantity, s.government_payoff, s.agency_payoff),
                 (e["subsidy"], e["quantity"], e["gov_payoff"], e["agency_payoff"]), tol,
                 "STACK-GOV-1")
    cf = SubsidyStackelberg.closed_form()
    assert close(_subs(cf["government_payoff"], {"V": p["V"], "p0": p["p0"]}), e["gov_payoff"], tol)
    # a government that values the service less than the going price gives no subsidy
    assert SubsidyStackelberg(1, base_price=3).solve().subsidy == 0
    assert SubsidyStackelberg(1, base_price=3, allow_tax=True).solve().subsidy == -1


@settings(max_examples=30, deadline=None)
@given(a=st.floats(1.5, 100), b=st.floats(0.1, 10), c=st.floats(0, 1))
def test_stackelberg_is_subgame_perfect(a, b, c):
    s = StackelbergCournot(demand_intercept=a, demand_slope=b, marginal_cost=c).solve()
    # the follower best-responds, and no other leader quantity does better
    import numpy as np
    qf_br = max(0.0, (a - c - b * s.leader_quantity) / (2 * b))
    assert abs(qf_br - s.follower_quantity) < 1e-9 * (1 + a)
    qs = np.linspace(0, (a - c) / b, 401)
    prof = [(a - b * (q + max(0, (a - c - b * q) / (2 * b))) - c) * q for q in qs]
    assert max(prof) <= s.leader_profit + 1e-9 * (1 + abs(s.leader_profit))


def test_stackelberg_bad_input():
    with pytest.raises(InvalidParameterError, match="demand_slope"):
        StackelbergCournot(demand_intercept=10, demand_slope=0, marginal_cost=1)
    with pytest.raises(InvalidParameterError, match="demand_intercept"):
        StackelbergCournot(demand_intercept=1, demand_slope=1, marginal_cost=2)
    with pytest.raises(InvalidParameterError, match="base_price"):
        SubsidyStackelberg(10, base_price=-1)


# ---------------------------------------------------------------- resource dependence
def test_resource_dependence_oracle():  # DEPEND-1 and DEPEND-NASH-1
    o = ORACLES["DEPEND-1"]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = ResourceDependence(
        agency_revenue_share=p["share_A_from_G"],
        essentiality=p["essentiality_A"],
        government_service_share=p["share_G_from_A"],
        substitutability=p["substitutability_G"],
    )
    s = model.solve()
    assert_close((s.agency_dependence, s.government_dependence, s.government_weight, s.asymmetry),
                 (e["D_A"], e["D_G"], e["alpha_G"], e["asymmetry"]), tol, "DEPEND-1")
    o2 = ORACLES["DEPEND-NASH-1"]
    u = model.nash_bargaining(o2["params"]["S"]).solve().payoffs
    assert_close(u, (o2["expected"]["u1"], o2["expected"]["u2"]), o2["tolerance"], "DEPEND-NASH-1")
    assert "agency depends more" in str(s)


def test_resource_dependence_bad_input():
    with pytest.raises(InvalidParameterError, match="essentiality"):
        ResourceDependence(
            agency_revenue_share=0.5,
            essentiality=1.2,
            government_service_share=0.3,
            substitutability=0.5,
        )
    with pytest.raises(InvalidParameterError, match="neither side"):
        ResourceDependence(
            agency_revenue_share=0, essentiality=1, government_service_share=0.3, substitutability=1
        )

"""contracts.agency.relational: MODELS.md §4 oracles (LEVIN-*, BGM-*), properties, bad input."""

import math

import pytest
from hypothesis import given, settings, strategies as st

from conftest import assert_close, load_oracles
from contracts.agency.relational import LevinMoralHazard, LevinRelational, SubjectiveObjective
from contracts.exceptions import InvalidParameterError

ORACLES = load_oracles()


# ------------------------------------------------------------------------------- Levin
@pytest.mark.parametrize("oid", ["LEVIN-1", "LEVIN-2"])
def test_levin_deterministic_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = LevinRelational(discount=p["delta"], outside_surplus=p["sbar"], value="e",
                            cost="e**2/2")
    sol = model.solve()
    x = sol.extra
    assert x["feasible"] is e["feasible"]
    for key in ("effort", "bonus", "surplus", "k", "delta_first_best"):
        assert_close(x[key], e[key], tol, f"{oid} {key}")
    assert_close(sol.implemented_action, e["effort"], tol, oid)
    lo, hi = x["bonus_range"]
    assert lo <= hi + 1e-12
    assert "dynamic-enforcement constraint binds" in str(sol)


def test_levin_callables_and_thresholds():
    a = LevinRelational(discount=0.4, outside_surplus=0.1).solve()
    b = LevinRelational(
        discount=0.4, outside_surplus=0.1, value=lambda e: e, cost=lambda e: e * e / 2
    ).solve()
    assert_close(a.extra["effort"], b.extra["effort"], 1e-10, "callable vs sympy")
    # LEVIN-2: positive effort needs k >= 2 s̄/(1 - 2 s̄), i.e. delta >= 0.2
    assert_close(
        LevinRelational(discount=0.4, outside_surplus=0.1).delta_min, 0.2, 1e-7, "delta_min"
    )
    assert LevinRelational(discount=0.3).delta_min == 0.0
    below = LevinRelational(discount=0.19, outside_surplus=0.1).solve()
    assert not below.extra["feasible"] and below.extra["effort"] == 0.0
    assert "no positive effort" in str(below)
    # at or above the first-best threshold the first best is reached and enforcement is slack
    fb = LevinRelational(discount=0.6).solve()
    assert fb.extra["first_best"] and fb.extra["effort"] == pytest.approx(1.0, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.02, 0.98), st.floats(0.0, 0.3))
def test_levin_largest_self_enforcing_effort(delta, sbar):
    model = LevinRelational(discount=delta, outside_surplus=sbar)
    sol = model.solve()
    e = sol.extra["effort"]
    if not sol.extra["feasible"]:
        # no positive effort on a fine grid is self-enforcing
        assert all(model.enforcement_slack(x) < 1e-12 for x in [i / 500 for i in range(1, 501)])
        return
    assert model.enforcement_slack(e) >= -1e-10
    if not sol.extra["first_best"]:
        assert model.enforcement_slack(min(1.0, e + 1e-6)) < 0
    # closed form for y = e, c = e^2/2
    k = delta / (1 - delta)
    disc = k * k - 2 * (1 + k) * k * sbar
    closed = min(1.0, (k + math.sqrt(disc)) / (1 + k))
    assert_close(e, closed, 1e-9, "closed form")


@pytest.mark.parametrize("oid", ["LEVIN-MH-1", "LEVIN-MH-2", "LEVIN-MH-INFEASIBLE"])
def test_levin_moral_hazard_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    sol = LevinMoralHazard(
        discount=p["delta"], Y=p["Y"], kappa=p["kappa"], outside_surplus=p.get("sbar", 0.0)
    ).solve()
    x = sol.extra
    assert x["feasible"] is e["feasible"]
    for key in ("effort", "bonus", "surplus", "agent_rent"):
        if key in e:
            assert_close(x[key], e[key], tol, f"{oid} {key}")
    if e["feasible"]:
        assert_close(sol.contract["bonus"], e["bonus"], tol, oid)
        assert_close(sol.agent_rent, e["agent_rent"], tol, oid)
        assert "bonus" in str(sol)
    else:
        assert x["effort"] == 0.0 and "no positive effort" in str(sol)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.02, 0.98), st.floats(0.1, 3), st.floats(0.1, 3))
def test_levin_moral_hazard_closed_form(delta, Y, kappa):
    model = LevinMoralHazard(discount=delta, Y=Y, kappa=kappa)
    sol = model.solve()
    efb = min(1.0, Y / kappa)
    closed = min(efb, 2 * Y / kappa - 2 * (1 - delta) / delta)
    dmin = kappa / (kappa + Y)
    assert_close(model.delta_min, dmin, 1e-12, "delta_min")
    assert_close(model.delta_first_best, kappa * efb / (efb * Y - kappa * efb ** 2 / 2)
                 / (1 + kappa * efb / (efb * Y - kappa * efb ** 2 / 2)), 1e-12, "delta_fb")
    if Y <= kappa:
        assert_close(model.delta_first_best, 2 * kappa / (2 * kappa + Y), 1e-12, "delta_fb")
    if closed > 1e-9:
        assert sol.extra["feasible"]
        assert_close(sol.extra["effort"], closed, 1e-9, "effort")
        assert model.enforcement_slack(sol.extra["effort"]) >= -1e-9
        assert delta > dmin - 1e-12
    elif closed < -1e-9:
        assert not sol.extra["feasible"] and sol.extra["effort"] == 0.0


def test_levin_moral_hazard_with_outside_surplus():
    m = LevinMoralHazard(discount=0.7, Y=1, kappa=1.25, outside_surplus=0.05)
    sol = m.solve()
    e = sol.extra["effort"]
    assert sol.extra["feasible"] and abs(m.enforcement_slack(e)) < 1e-9
    dmin = m.delta_min
    assert (
        not LevinMoralHazard(discount=dmin - 1e-4, Y=1, kappa=1.25, outside_surplus=0.05)
        .solve()
        .extra["feasible"]
    )
    assert (
        LevinMoralHazard(discount=dmin + 1e-4, Y=1, kappa=1.25, outside_surplus=0.05)
        .solve()
        .extra["feasible"]
    )


# ------------------------------------------------------------------------------- BGM-type
BGM_KEYS = ["B", "b", "surplus", "profit", "spot_surplus", "first_best_surplus",
            "explicit_share"]


@pytest.mark.parametrize("oid,regime", [("BGM-FB", "first best"), ("BGM-MIX", "mixed"),
                                        ("BGM-CROWDOUT", "crowd-out"),
                                        ("BGM-COMPLEMENT", "complementarity")])
def test_bgm_oracles(oid, regime):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    sol = SubjectiveObjective(
        p["gamma"], p["s2"], interest_rate=p["r"], fixed_cost=p.get("K", 0.0)
    ).solve()
    x = sol.extra
    for key in BGM_KEYS:
        assert_close(x[key], e[key], tol, f"{oid} {key}")
    assert_close(sol.principal_value, e["profit"], tol, oid)
    assert x["relational"] is e["relational"] and x["trade"] is e["trade"]
    for key in ("r_threshold_first_best", "r_threshold_any_relational"):
        if e[key] is None:
            assert x[key] is None
        else:
            assert_close(x[key], e[key], tol, f"{oid} {key}")
    assert x["regime"] == regime and regime in str(sol)
    assert x["nominality_index"] == x["explicit_share"]
    assert x["efforts_are_probabilities"]
    if x["relational"]:
        assert x["reneging_slack"] >= -1e-9
    if oid == "BGM-COMPLEMENT":
        assert x["implicit_only_slack"] == pytest.approx(-0.005, abs=1e-9)
        assert x["spot_surplus"] < p["K"]


@settings(max_examples=60, deadline=None)
@given(st.floats(0.2, 3), st.floats(0.01, 1), st.floats(0.005, 1))
def test_bgm_closed_form_k0(gamma, s2, r):
    sol = SubjectiveObjective(gamma, s2, interest_rate=r).solve()
    B = min(1.0, max(0.0, 2 - 4 * gamma * r * (1 + s2) / s2))
    assert_close(sol.extra["B"], B, 1e-7, "B*")
    assert_close(sol.extra["b"], (1 - B) / (1 + s2), 1e-7, "b*")
    assert sol.extra["relational"] == (r < s2 / (2 * gamma * (1 + s2)) - 1e-9) or abs(
        r - s2 / (2 * gamma * (1 + s2))) < 1e-6
    assert sol.extra["surplus"] >= sol.extra["spot_surplus"] - 1e-12


def test_bgm_no_trade():
    sol = SubjectiveObjective(1, 1, interest_rate=0.3, fixed_cost=0.2).solve()
    assert sol.extra["regime"] == "no trade" and not sol.extra["trade"]
    assert sol.extra["explicit_share"] is None and sol.principal_value == 0.0


# ------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("delta", [0.0, 1.0, 1.5, -0.2, float("nan")])
def test_discount_outside_unit_interval(delta):
    with pytest.raises(InvalidParameterError, match="discount"):
        LevinRelational(discount=delta)
    with pytest.raises(InvalidParameterError, match="discount"):
        LevinMoralHazard(discount=delta, Y=1, kappa=1)


def test_relational_bad_input():
    with pytest.raises(InvalidParameterError, match="'Y'"):
        LevinMoralHazard(discount=0.5, Y=0, kappa=1)
    with pytest.raises(InvalidParameterError, match="kappa"):
        LevinMoralHazard(discount=0.5, Y=1, kappa=-1)
    with pytest.raises(InvalidParameterError, match="value"):
        LevinRelational(discount=0.5, value="e + z")
    with pytest.raises(InvalidParameterError, match="cost"):
        LevinRelational(discount=0.5, cost="e**2 - 1")
    with pytest.raises(InvalidParameterError, match="noise_variance"):
        SubjectiveObjective(1, 1.5, interest_rate=0.1)
    with pytest.raises(InvalidParameterError, match="gamma"):
        SubjectiveObjective(0, 0.5, interest_rate=0.1)
    with pytest.raises(InvalidParameterError, match="interest_rate"):
        SubjectiveObjective(1, 0.5, interest_rate=0)
    with pytest.raises(InvalidParameterError, match="fixed_cost"):
        SubjectiveObjective(1, 0.5, interest_rate=0.1, fixed_cost=-1)

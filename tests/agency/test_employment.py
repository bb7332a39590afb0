"""contracts.agency.employment: MODELS.md §6 oracles, closed forms, properties, bad input."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from conftest import close, load_oracles
from contracts.agency.employment import (CompetenceLearning, DismissalThreat, ShapiroStiglitz,
                                         posterior_good)
from contracts.exceptions import InvalidParameterError

ORACLES = load_oracles()


def _subs(expr, values):
    return float(expr.subs({sp.Symbol(k): v for k, v in values.items()}))


# ---------------------------------------------------------------- Shapiro–Stiglitz
@pytest.mark.parametrize("oid", ["SS-1", "SS-2"])
def test_shapiro_stiglitz_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = ShapiroStiglitz(p["wbar"], p["e"], p["q"], p["r"], p["b"], p["u"])
    s = model.solve()
    assert close(s.no_shirking_wage, e["nsc_wage"], tol)
    assert close(s.efficiency_rent, e["efficiency_rent"], tol)
    cf = model.closed_form()
    vals = {"wbar": p["wbar"], "e": p["e"], "q": p["q"], "r": p["r"], "b": p["b"], "u": p["u"]}
    assert close(_subs(cf["no_shirking_wage"], vals), e["nsc_wage"], tol)
    assert close(_subs(cf["efficiency_rent"], vals), e["efficiency_rent"], tol)
    # at the no-shirking wage the worker is exactly indifferent between working and shirking
    v = model.values(s.no_shirking_wage)
    assert abs(v["V_E"] - v["V_E_shirk"]) < 1e-9 * (1 + abs(v["V_E"]))
    assert abs(v["V_E"] - v["V_U"] - p["e"] / p["q"]) < 1e-9 * (1 + abs(v["V_E"]))


def test_shapiro_stiglitz_wage_evaluation():
    model = ShapiroStiglitz(0, 1, 0.5, 0.05, 0.1, 0.05, wage=4)
    s = model.solve()
    assert s.shirks and "shirk" in str(s)
    v = model.values()
    assert v["V_E_shirk"] > v["V_E"]  # below the NSC, shirking pays
    ok = ShapiroStiglitz(0, 1, 0.5, 0.05, 0.1, 0.05, wage=6).solve()
    assert ok.shirks is False and "work" in str(ok)


@settings(max_examples=30, deadline=None)
@given(e=st.floats(0.01, 5), q=st.floats(0.01, 2), r=st.floats(0.01, 0.5),
       b=st.floats(0, 1), u=st.floats(0.01, 0.5))
def test_shapiro_stiglitz_nsc_is_indifference(e, q, r, b, u):
    model = ShapiroStiglitz(1.0, e, q, r, b, u)
    w = model.solve().no_shirking_wage
    v = model.values(w)
    assert abs(v["V_E"] - v["V_E_shirk"]) <= 1e-7 * (1 + abs(v["V_E"]))
    # the no-shirking wage rises with the unemployment benefit one for one, falls with q
    assert ShapiroStiglitz(1.0, e, q * 1.1, r, b, u).solve().no_shirking_wage <= w + 1e-12


def test_shapiro_stiglitz_bad_input():
    with pytest.raises(InvalidParameterError, match="detection_rate"):
        ShapiroStiglitz(0, 1, 0, 0.05, 0.1, 0.05)
    with pytest.raises(InvalidParameterError, match="unemployment_rate"):
        ShapiroStiglitz(0, 1, 0.5, 0.05, 0.1, 1.0)
    with pytest.raises(InvalidParameterError, match="effort_cost"):
        ShapiroStiglitz(0, -1, 0.5, 0.05, 0.1, 0.05)
    with pytest.raises(InvalidParameterError, match="interest_rate"):
        ShapiroStiglitz(0, 1, 0.5, float("inf"), 0.1, 0.05)
    with pytest.raises(InvalidParameterError, match="give a wage"):
        ShapiroStiglitz(0, 1, 0.5, 0.05, 0.1, 0.05).values()


# ---------------------------------------------------------------- dismissal threat
@pytest.mark.parametrize("oid", ["DISMISS-1", "DISMISS-2"])
def test_dismissal_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = DismissalThreat(
        outside_utility=p["u"],
        effort_cost=p["e"],
        detection_probability=p["q"],
        discount=p["delta"],
        separation=p["s"],
    )
    s = model.solve()
    assert close(s.min_incentive_wage, e["min_incentive_wage"], tol)
    assert close(s.incentive_rent, e["incentive_rent"], tol)
    cf = model.closed_form()
    vals = {"u": p["u"], "e": p["e"], "q": p["q"], "delta": p["delta"], "s": p["s"]}
    assert close(_subs(cf["min_incentive_wage"], vals), e["min_incentive_wage"], tol)
    # at the minimum wage the no-shirking condition holds with equality
    gap = model.value_gap(s.min_incentive_wage)
    assert abs(p["e"] - p["delta"] * p["q"] * (1 - p["s"]) * gap) < 1e-12
    # the same model from the renewal probability
    r = DismissalThreat.from_renewal(p["u"], p["e"], p["q"], p["delta"], 1 - p["s"]).solve()
    assert close(r.min_incentive_wage, e["min_incentive_wage"], 1e-12)


def test_dismissal_renewal_risk_raises_wage_and_cap():
    lo = (
        DismissalThreat(
            outside_utility=1,
            effort_cost=0.5,
            detection_probability=0.5,
            discount=0.9,
            separation=0.2,
        )
        .solve()
        .min_incentive_wage
    )
    hi = (
        DismissalThreat(
            outside_utility=1,
            effort_cost=0.5,
            detection_probability=0.5,
            discount=0.9,
            separation=0.5,
        )
        .solve()
        .min_incentive_wage
    )
    assert hi > lo
    capped = DismissalThreat(
        outside_utility=1,
        effort_cost=0.5,
        detection_probability=0.5,
        discount=0.9,
        separation=0.5,
        wage_cap=2,
    ).solve()
    assert capped.threat_credible is False and "loses force" in str(capped)
    assert (
        DismissalThreat(
            outside_utility=1,
            effort_cost=0.5,
            detection_probability=0.5,
            discount=0.9,
            separation=0.2,
            wage_cap=2,
        )
        .solve()
        .threat_credible
        is True
    )
    exact = DismissalThreat(
        outside_utility=1,
        effort_cost=Fraction(1, 2),
        detection_probability=Fraction(1, 2),
        discount=Fraction(9, 10),
        separation=Fraction(1, 5),
    ).solve()
    assert exact.min_incentive_wage == Fraction(17, 9)


def test_dismissal_bad_input():
    with pytest.raises(InvalidParameterError, match="separation"):
        DismissalThreat(
            outside_utility=1,
            effort_cost=0.5,
            detection_probability=0.5,
            discount=0.9,
            separation=1.0,
        )
    with pytest.raises(InvalidParameterError, match="discount"):
        DismissalThreat(
            outside_utility=1,
            effort_cost=0.5,
            detection_probability=0.5,
            discount=1.0,
            separation=0.2,
        )
    with pytest.raises(InvalidParameterError, match="detection_probability"):
        DismissalThreat(
            outside_utility=1,
            effort_cost=0.5,
            detection_probability=0.0,
            discount=0.9,
            separation=0.2,
        )
    with pytest.raises(InvalidParameterError, match="renewal_probability"):
        DismissalThreat.from_renewal(1, 0.5, 0.5, 0.9, 0.0)


# ---------------------------------------------------------------- competence learning
@pytest.mark.parametrize("oid", ["COMPETENCE-1", "COMPETENCE-2", "COMPETENCE-NEVER"])
def test_competence_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = CompetenceLearning(
        prior=p["pi0"],
        p_good=p["pG"],
        p_bad=p["pB"],
        discount=p["delta"],
        wage=p["wage"],
        hiring_cost=p["h"],
    )
    s = model.solve()
    assert s.firing_threshold == e["threshold_k"]
    for key in ("posterior_at_threshold", "posterior_first_keep"):
        if e[key] is None:
            assert getattr(s, key) is None
        else:
            assert close(getattr(s, key), e[key], tol), key
    assert close(s.value_fresh_worker, e["value_fresh_worker"], tol)
    # checked against a wider lattice, as in MODELS.md
    wide = CompetenceLearning(
        prior=p["pi0"],
        p_good=p["pG"],
        p_bad=p["pB"],
        discount=p["delta"],
        wage=p["wage"],
        hiring_cost=p["h"],
        lattice_radius=90,
    ).solve()
    assert wide.firing_threshold == s.firing_threshold
    assert abs(wide.value_fresh_worker - s.value_fresh_worker) < 1e-10
    assert ("never replaces" in str(s)) == (e["threshold_k"] is None)


def test_competence_bellman_fixed_point_and_wage_independence():
    model = CompetenceLearning(
        prior=0.5, p_good=2 / 3, p_bad=1 / 3, discount=0.9, wage=0.45, hiring_cost=0.5
    )
    s = model.solve()
    V, pi, ks = s.values, s.posteriors, s.lattice
    P = pi * 2 / 3 + (1 - pi) / 3
    up = np.minimum(np.arange(ks.size) + 1, ks.size - 1)
    down = np.maximum(np.arange(ks.size) - 1, 0)
    zero = int(np.nonzero(ks == 0)[0][0])
    rhs = np.maximum(P - 0.45 + 0.9 * (P * V[up] + (1 - P) * V[down]), V[zero] - 0.5)
    assert np.max(np.abs(rhs - V)) < 1e-10
    assert np.array_equal(s.fire, ks <= s.firing_threshold)
    for w in (0.0, 0.2, 0.9):  # the threshold does not depend on the wage
        assert CompetenceLearning(prior=0.5, p_good=2 / 3, p_bad=1 / 3, discount=0.9, wage=w,
                                  hiring_cost=0.5).solve().firing_threshold == -2


@settings(max_examples=10, deadline=None)
@given(h=st.floats(0.05, 1.5))
def test_competence_threshold_monotone_in_hiring_cost(h):
    base = CompetenceLearning(
        prior=0.5, p_good=2 / 3, p_bad=1 / 3, discount=0.9, wage=0.45, hiring_cost=h
    ).solve()
    dearer = CompetenceLearning(
        prior=0.5, p_good=2 / 3, p_bad=1 / 3, discount=0.9, wage=0.45, hiring_cost=h + 0.3
    ).solve()
    kb = base.firing_threshold if base.firing_threshold is not None else -10 ** 6
    kd = dearer.firing_threshold if dearer.firing_threshold is not None else -10 ** 6
    assert kd <= kb  # costlier replacement: more patience with a weak record
    assert dearer.value_fresh_worker <= base.value_fresh_worker + 1e-10


def test_posterior_oracle():  # POSTERIOR-1
    o = ORACLES["POSTERIOR-1"]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    got = posterior_good(p["pi0"], p["pG"], p["pB"], p["successes"], p["failures"])
    assert close(got, e["posterior_good"], tol)
    assert posterior_good(Fraction(1, 2), Fraction(2, 3), Fraction(1, 3), 1, 3) == Fraction(1, 5)
    # agrees with the lattice belief at k = successes - failures
    lattice = CompetenceLearning(
        prior=p["pi0"], p_good=p["pG"], p_bad=p["pB"], discount=0.9
    ).posterior(-2)
    assert close(lattice, e["posterior_good"], 1e-12)


def test_competence_and_posterior_bad_input():
    with pytest.raises(InvalidParameterError, match="symmetric"):
        CompetenceLearning(prior=0.5, p_good=0.7, p_bad=0.2, discount=0.9)
    with pytest.raises(InvalidParameterError, match="p_good"):
        CompetenceLearning(prior=0.5, p_good=0.3, p_bad=0.7, discount=0.9)
    with pytest.raises(InvalidParameterError, match="prior"):
        CompetenceLearning(prior=1.0, p_good=2 / 3, p_bad=1 / 3, discount=0.9)
    with pytest.raises(InvalidParameterError, match="hiring_cost"):
        CompetenceLearning(prior=0.5, p_good=2 / 3, p_bad=1 / 3, discount=0.9, hiring_cost=-1)
    with pytest.raises(InvalidParameterError, match="lattice_radius"):
        CompetenceLearning(prior=0.5, p_good=2 / 3, p_bad=1 / 3, discount=0.9, lattice_radius=1)
    with pytest.raises(InvalidParameterError, match="failures"):
        posterior_good(0.5, 2 / 3, 1 / 3, 1, -1)
    with pytest.raises(InvalidParameterError, match="probability 0"):
        posterior_good(0.5, 1.0, 1.0, 0, 1)
    with pytest.raises(InvalidParameterError, match="prior"):
        posterior_good(1.5, 2 / 3, 1 / 3, 1, 1)

"""contracts.agency.moral_hazard: MODELS.md §1 oracles (MH-LP-*, GH-*), properties, bad input."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import assert_close, load_oracles
from contracts.agency._result import ContractSolution
from contracts.agency.moral_hazard import GrossmanHart, MoralHazard, Utility
from contracts.exceptions import InvalidParameterError, UnsupportedGameError

ORACLES = load_oracles()


def _mh(o, **kw):
    p = o["params"]
    return MoralHazard(p["F"], rewards=p["r"], costs=p["c"], **kw)


def _check_duals(mh, sol, exact=False):
    """Strong duality and dual feasibility of the min-pay LP certificate."""
    i = sol.implemented_action
    F, c, U = (np.asarray(mh.outcome_probs, dtype=float), np.asarray(mh.costs, dtype=float),
               float(mh.reservation_utility))
    n, m = F.shape
    y = sol.duals
    grad = np.zeros(m)
    dual_obj = 0.0
    for k in range(n):
        if k == i:
            continue
        yk = float(y[f"IC against action {k}"])
        assert yk >= -1e-9
        grad += yk * (F[i] - F[k])
        dual_obj += yk * (c[i] - c[k])
    yir = float(y["IR"])
    assert yir >= -1e-9
    grad += yir * F[i]
    dual_obj += yir * (c[i] + U)
    for j in range(m):
        yl = float(y[f"LL outcome {j}"])
        assert yl >= -1e-9
        grad[j] += yl
    assert_close(grad, F[i], 1e-8, "dual feasibility")
    assert_close(dual_obj, float(sol.extra["expected_payment"]), 1e-8, "strong duality")


# ------------------------------------------------------------------------------- oracles
@pytest.mark.parametrize("oid", ["MH-LP-1", "MH-LP-2"])
@pytest.mark.parametrize("exact", [False, True])
def test_min_pay_oracles(oid, exact):
    o = ORACLES[oid]
    e, tol = o["expected"], (0 if exact else o["tolerance"])
    mh = _mh(o)
    sol = mh.solve(exact=exact)
    assert sol.implemented_action == e["optimal_action"]
    assert_close(sol.principal_value, e["principal_utility"], tol, f"{oid} principal")
    assert_close(sol.extra["min_pay_per_action"], e["min_pay_per_action"], tol, f"{oid} minpay")
    assert_close(sol.extra["principal_value_per_action"], e["principal_utility_per_action"], tol,
                 f"{oid} per action")
    if "expected_reward_per_action" in e:
        assert_close(sol.extra["expected_reward_per_action"], e["expected_reward_per_action"],
                     tol, oid)
    if "expected_payment" in e:
        assert_close(sol.extra["expected_payment"], e["expected_payment"], tol, oid)
    if "agent_utility" in e:
        assert_close(sol.agent_rent, e["agent_utility"], tol, oid)
    # the argmin need not be unique: check feasibility and its expected payment
    chk = mh.check_contract(list(sol.contract), sol.implemented_action)
    assert chk["ok"], chk
    pay = float(
        np.asarray(sol.contract, dtype=float)
        @ np.asarray(mh.outcome_probs, dtype=float)[sol.implemented_action]
    )
    assert_close(pay, e["min_pay_per_action"][e["optimal_action"]], 1e-9, oid)
    if oid == "MH-LP-1":    # unique here
        assert_close(np.asarray(sol.contract, dtype=float), e["contract_t"], 1e-9, oid)
    if exact:
        assert all(isinstance(x, Fraction) for x in sol.contract)
    _check_duals(mh, sol, exact)


def test_min_pay_exact_values_mh_lp_2():
    # MH-LP-2 in exact arithmetic: 57/10 and the linear 261/55 at zero tolerance
    mh = _mh(ORACLES["MH-LP-2"])
    assert mh.solve(exact=True).principal_value == Fraction(57, 10)
    lin = mh.best_linear_contract(exact=True)
    assert lin.extra["alpha"] == Fraction(5, 11)
    assert lin.principal_value == Fraction(261, 55)
    assert lin.implemented_action == 2
    assert lin.extra["ratio"] == Fraction(57, 10) / Fraction(261, 55)
    assert mh.min_pay(1, exact=True).extra["expected_payment"] == Fraction(3, 2)


@pytest.mark.parametrize("oid", ["MH-LP-1", "MH-LP-2"])
def test_best_linear_oracles(oid):
    o = ORACLES[oid]
    e, tol = o["expected"], o["tolerance"]
    lin = _mh(o).best_linear_contract()
    assert_close(lin.extra["alpha"], e["best_linear_alpha"], tol, oid)
    assert_close(lin.principal_value, e["best_linear_principal_utility"], tol, oid)
    if "best_linear_action" in e:
        assert lin.implemented_action == e["best_linear_action"]
    # ratio OPT/linear is at most the number of actions (DRTC 2019)
    assert 1 - 1e-12 <= float(lin.extra["ratio"]) <= _mh(o).num_actions


def test_report_in_words():
    sol = _mh(ORACLES["MH-LP-2"]).solve()
    text = str(sol)
    assert "implements action 2" in text
    assert "IC against action 0" in text
    assert "rent of 0.5" in text
    assert isinstance(sol, ContractSolution)
    assert "limited liability" in text


@pytest.mark.parametrize("oid", ["GH-1", "GH-2"])
@pytest.mark.parametrize("method", ["auto", "numerical"])
def test_grossman_hart_oracles(oid, method):
    o = ORACLES[oid]
    p, e = o["params"], o["expected"]
    tol = o["tolerance"] if method == "auto" else 1e-5
    gh = GrossmanHart(p["F"], costs=p["c"], rewards=p["rewards"], utility=p["utility"],
                      reservation_utility=p["reservation_utility"])
    cH = gh.implementation_cost("H", method=method)
    cL = gh.implementation_cost("L", method=method)
    assert_close(cH.utilities, e["utils_v_H"], tol, f"{oid} v")
    assert_close(cH.wages, e["wages_H"], tol, f"{oid} w")
    assert_close(cH.cost, e["cost_H"], tol, oid)
    assert_close(cL.cost, e["cost_L"], tol, oid)
    assert_close(cH.first_best_cost, e["first_best_cost_H"], tol, oid)
    assert_close(cH.agency_cost, e["agency_cost_H"], tol, oid)
    assert_close(cH.lam, e["lambda"], tol, f"{oid} lambda")
    assert_close(cH.mu["L"], e["mu"], tol, f"{oid} mu")
    assert cH.converged and cH.kkt_residual < 1e-6
    sol = gh.solve(method=method)
    # one convention with MoralHazard: the index, and the label beside it
    assert sol.implemented_label == e["optimal_action"]
    assert sol.implemented_action == gh.actions.index(e["optimal_action"])
    assert_close(sol.extra["principal_value_per_action"]["H"], e["principal_H"], tol, oid)
    assert_close(sol.extra["principal_value_per_action"]["L"], e["principal_L"], tol, oid)
    assert_close(sol.extra["chi2"], e["chi2"], tol, oid)
    assert_close(sol.duals["IR"], e["lambda"], tol, oid)
    assert "IR" in sol.binding and "IC against 'L'" in sol.binding
    if method == "auto":
        assert "closed form" in cH.method
    assert "agency cost" in str(sol)


def test_grossman_hart_cara_and_custom_utility():
    F = {"H": [.25, .75], "L": [.75, .25]}
    c = {"H": 1.0, "L": 0.0}
    cara = GrossmanHart(
        F, costs=c, rewards=[0, 20], utility="cara", risk_aversion=0.5, reservation_utility=0.2
    )
    closed = cara.implementation_cost("H")
    num = cara.implementation_cost("H", method="numerical")
    assert "closed form" in closed.method
    assert_close(num.cost, closed.cost, 1e-6, "cara cost")
    assert_close(num.mu["L"], closed.mu["L"], 1e-5, "cara mu")
    # a callable utility (sqrt) reproduces GH-1
    gh = GrossmanHart(F, costs=c, rewards=[0, 20], utility=np.sqrt, reservation_utility=2.0)
    assert_close(gh.implementation_cost("H", method="numerical").cost, 9.75, 1e-6, "custom")
    # three outcomes with CARA: no closed form, numerical with KKT verified
    gh3 = GrossmanHart(
        {"H": [0.1, 0.3, 0.6], "L": [0.4, 0.4, 0.2]},
        costs={"H": 0.5, "L": 0},
        rewards=[0, 2, 6],
        utility="cara",
        risk_aversion=1.0,
        reservation_utility=0.2,
    )
    ch = gh3.implementation_cost("H")
    assert "numerical" in ch.method and ch.converged
    with pytest.raises(UnsupportedGameError):
        gh3.implementation_cost("H", method="closed_form")


def test_grossman_hart_three_actions_and_unimplementable():
    F = [[.6, .3, .1], [.3, .4, .3], [.1, .3, .6]]
    gh = GrossmanHart(
        F, costs=[0, 0.3, 0.8], rewards=[0, 3, 8], utility="sqrt", reservation_utility=1.0
    )
    sol = gh.solve()
    assert sol.extra["converged"]
    for a in gh.actions:
        ic = gh.implementation_cost(a)
        assert ic.cost >= ic.first_best_cost - 1e-9
    # an action that is dominated in distribution cannot be implemented
    gh2 = GrossmanHart([[.5, .5], [.5, .5]], costs=[0, 1], rewards=[0, 1], reservation_utility=1.0)
    bad = gh2.implementation_cost(1)
    assert not bad.feasible and bad.cost == math.inf
    assert gh2.solve().implemented_action == 0


def test_unimplementable_action_and_no_limited_liability():
    mh = MoralHazard([[.5, .5], [.5, .5], [.2, .8]], rewards=[0, 10], costs=[0, 1, 1])
    s1 = mh.min_pay(1)
    assert not s1.extra["feasible"] and s1.principal_value == -math.inf
    assert "cannot be implemented" in str(s1)
    assert mh.solve().extra["implementable"] == (True, False, True)
    # without limited liability the principal sells the project: min pay = c_i + reservation
    o = ORACLES["MH-LP-2"]
    free = _mh(o, limited_liability=False, reservation_utility=0.5)
    for exact in (False, True):
        sol = free.solve(exact=exact)
        expected = [float(c) + 0.5 for c in o["params"]["c"]]
        assert_close(sol.extra["min_pay_per_action"], expected, 1e-9, "no LL")
        assert free.check_contract(list(sol.contract), sol.implemented_action)["ok"]
        assert abs(float(sol.agent_rent)) <= 1e-9


def test_labels_and_mapping_input():
    mh = MoralHazard({"shirk": [.8, .2], "work": [.2, .8]}, rewards=[0, 10],
                     costs={"shirk": 0, "work": 1})
    sol = mh.solve()
    assert sol.implemented_action == 1 and "'work'" in str(sol)
    assert sol.implemented_label == "work"
    assert mh.min_pay("work").implemented_action == 1


# ------------------------------------------------------------------------------- properties
@st.composite
def mh_instances(draw):
    n = draw(st.integers(2, 4))
    m = draw(st.integers(2, 4))
    F = []
    for _ in range(n):
        w = [draw(st.integers(1, 9)) for _ in range(m)]
        F.append([Fraction(x, sum(w)) for x in w])
    r = sorted(draw(st.integers(0, 20)) for _ in range(m))
    c = [Fraction(draw(st.integers(0, 30)), 10) for _ in range(n)]
    U = Fraction(draw(st.integers(0, 5)), 10)
    return F, r, c, U


@settings(max_examples=30, deadline=None)
@given(mh_instances())
def test_every_lp_solution_satisfies_ic_ir_ll(inst):
    F, r, c, U = inst
    mh = MoralHazard(F, rewards=r, costs=c, reservation_utility=U)
    sols = [mh.min_pay(i) for i in range(mh.num_actions)]
    for s in sols:
        if s.extra["feasible"]:
            assert mh.check_contract(list(s.contract), s.implemented_action)["ok"]
            assert min(s.contract) >= 0                      # LL
            _check_duals(mh, s)
    best = mh.solve()
    top = max(s.principal_value for s in sols)
    assert abs(best.principal_value - top) <= 1e-9 * (1 + abs(top))
    # exact mode agrees with HiGHS and is itself feasible exactly
    ex = mh.solve(exact=True)
    assert abs(float(ex.principal_value) - best.principal_value) <= 1e-9 * (
        1 + abs(best.principal_value))
    assert mh.check_contract(list(ex.contract), ex.implemented_action)["ok"]
    assert all(isinstance(x, Fraction) for x in ex.contract)
    # a linear contract is one feasible contract: never better than the optimum
    if all(x >= 0 for x in r):
        try:
            lin = mh.best_linear_contract(exact=True)
        except UnsupportedGameError:
            return
        assert lin.principal_value <= ex.principal_value
        assert mh.check_contract(list(lin.contract), lin.implemented_action)["ok"]


@settings(max_examples=25, deadline=None)
@given(st.floats(0.05, 0.45), st.floats(0.55, 0.95), st.floats(0.1, 2.0), st.floats(0.0, 3.0))
def test_grossman_hart_closed_form_matches_convex_program(pL, pH, cH, U):
    F = {"H": [1 - pH, pH], "L": [1 - pL, pL]}
    gh = GrossmanHart(
        F, costs={"H": cH, "L": 0.0}, rewards=[0, 10], utility="sqrt", reservation_utility=U
    )
    num = gh.implementation_cost("H", method="numerical")
    auto = gh.implementation_cost("H")
    assert num.converged and auto.converged
    assert abs(num.cost - auto.cost) <= 1e-6 * (1 + auto.cost)
    v = auto.utilities
    Fh, Fl = np.array(F["H"]), np.array(F["L"])
    assert Fh @ v - cH >= U - 1e-9                       # IR
    assert Fh @ v - cH >= Fl @ v - 1e-9                  # IC
    assert np.all(v >= -1e-12)                           # wages >= 0
    # Holmström–Mirrlees: 1/u'(w_j) = lambda + mu (1 - F_Lj/F_Hj) (+ the bound w_j >= 0)
    hm = auto.lam + auto.mu["L"] * (1 - Fl / Fh) + auto.bound_multipliers / Fh
    assert auto.lam >= -1e-9 and auto.mu["L"] >= -1e-9
    assert_close(2 * v, hm, 1e-6, "Holmstrom-Mirrlees")


# ------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs,match", [
    ({"outcome_probs": [[.5, .4], [.2, .8]]}, "row-stochastic"),
    ({"costs": [0, -1]}, "costs"),
    ({"rewards": [0, 1, 2]}, "rewards"),
    ({"outcome_probs": [[.5, .5], [.2]]}, "ragged"),
    ({"outcome_probs": [[1.5, -.5], [.2, .8]]}, "outcome_probs"),
    ({"costs": [0, float("nan")]}, "finite"),
    ({"outcome_probs": []}, "outcome_probs"),
    ({"limited_liability": "yes"}, "limited_liability"),
])
def test_moral_hazard_bad_input(kwargs, match):
    base = {"outcome_probs": [[.8, .2], [.2, .8]], "rewards": [0, 10], "costs": [0, 1]}
    base.update(kwargs)
    with pytest.raises(InvalidParameterError, match=match):
        MoralHazard(**base)


def test_moral_hazard_bad_calls():
    mh = MoralHazard([[.8, .2], [.2, .8]], rewards=[0, 10], costs=[0, 1])
    with pytest.raises(InvalidParameterError, match="action"):
        mh.min_pay(5)
    with pytest.raises(InvalidParameterError, match="contract"):
        mh.check_contract([1, 2, 3], 0)
    neg = MoralHazard([[.8, .2], [.2, .8]], rewards=[-1, 10], costs=[0, 1])
    with pytest.raises(InvalidParameterError, match="non-negative rewards"):
        neg.best_linear_contract()
    rep = MoralHazard([[1 / 3, 2 / 3], [.2, .8]], rewards=[0, 10], costs=[0, 1])
    with pytest.raises(InvalidParameterError, match="exactly"):
        rep.solve(exact=True)
    ok = MoralHazard([[Fraction(1, 3), Fraction(2, 3)], [.2, .8]], rewards=[0, 10], costs=[0, 1])
    assert ok.solve(exact=True).extra["exact"]


@pytest.mark.parametrize("kwargs,match", [
    ({"utility": "quadratic"}, "utility"),
    ({"utility": "cara"}, "risk_aversion"),
    ({"costs": {"H": -1.0, "L": 0.0}}, "costs"),
    ({"costs": {"X": 1.0, "L": 0.0}}, "costs"),
    ({"outcome_probs": {"H": [.3, .75], "L": [.75, .25]}}, "row-stochastic"),
    ({"reservation_utility": -5.0}, "attainable"),
    ({"utility": 3}, "utility"),
])
def test_grossman_hart_bad_input(kwargs, match):
    base = {"outcome_probs": {"H": [.25, .75], "L": [.75, .25]}, "costs": {"H": 1.0, "L": 0.0},
            "rewards": [0, 20], "reservation_utility": 2.0}
    base.update(kwargs)
    with pytest.raises(InvalidParameterError, match=match):
        GrossmanHart(**base)


def test_utility_bad_input():
    with pytest.raises(InvalidParameterError):
        Utility.cara(0)
    with pytest.raises(InvalidParameterError, match="increasing"):
        Utility.from_function(lambda w: -w)
    gh = GrossmanHart(
        {"H": [0.25, 0.75], "L": [0.75, 0.25]}, costs={"H": 1.0, "L": 0.0}, rewards=[0, 20]
    )
    with pytest.raises(InvalidParameterError, match="method"):
        gh.implementation_cost("H", method="magic")
    with pytest.raises(InvalidParameterError, match="action"):
        gh.implementation_cost("M")

"""contracts.agency.screening: MODELS.md §3 oracles (SCR2-*, MR-*), IC properties, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import assert_close, load_oracles
from contracts.agency.screening import (ContinuousScreening, Menu, ScreeningNType,
                                        TwoTypeScreening, check_incentive_compatibility,
                                        pool_adjacent_violators)
from contracts.exceptions import InvalidParameterError, UnsupportedGameError

ORACLES = load_oracles()


@pytest.mark.parametrize("oid", ["SCR2-1", "SCR2-SHUTDOWN"])
def test_two_type_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    sol = TwoTypeScreening(p["thL"], p["thH"], prob_low=p["nu"], value=p["A"]).solve()
    x = sol.extra
    assert_close(x["q"], (e["qL"], e["qH"]), tol, f"{oid} q")
    assert_close(x["t"], (e["tL"], e["tH"]), tol, f"{oid} t")
    assert_close(x["rents"], (e["rent_L"], e["rent_H"]), tol, f"{oid} rents")
    assert_close(sol.principal_value, e["principal_welfare"], tol, f"{oid} welfare")
    assert_close(x["first_best_q"][1], e["qH_first_best"], tol, oid)
    assert_close(x["first_best_welfare"], e["first_best_welfare"], tol, oid)
    assert x["shutdown_high"] is e["shutdown_H"]
    assert check_incentive_compatibility(sol.contract).ok
    assert ("shut down" in str(sol)) is e["shutdown_H"]
    assert "information rent" in str(sol)


def test_two_type_general_value_function():
    # a callable S(q) equal to the quadratic reproduces SCR2-1 numerically
    sol = TwoTypeScreening(1, 2, prob_low=0.5, value=lambda q: 10 * q - q * q / 2).solve()
    assert_close(sol.extra["q"], (9, 7), 1e-7, "callable S")
    assert_close(sol.principal_value, 32.5, 1e-9, "callable welfare")
    # S(q) = 8 sqrt(q): S'(q) = 4/sqrt(q); q_L = 16, q_H solves 4/sqrt(q) = 3
    s2 = TwoTypeScreening(1, 2, prob_low=0.5, value=lambda q: 8 * np.sqrt(q)).solve()
    assert_close(s2.extra["q"], (16, 16 / 9), 1e-6, "sqrt S")
    assert check_incentive_compatibility(s2.contract).ok


@pytest.mark.parametrize("oid", ["MR-1", "MR-IRON-1"])
@pytest.mark.parametrize("method", ["solve", "solve_by_optimization"])
def test_n_type_oracles(oid, method):
    o = ORACLES[oid]
    p, e = o["params"], o["expected"]
    tol = o["tolerance"] if method == "solve" else 1e-6
    model = ScreeningNType(p["theta"], p["f"])
    sol = getattr(model, method)()
    x = sol.extra
    assert_close(x["virtual_values"], e["virtual_values"], o["tolerance"], oid)
    assert_close(x["ironed_virtual_values"], e["ironed_virtual_values"], o["tolerance"], oid)
    assert_close(x["q"], e["q"], tol, f"{oid} q")
    assert_close(x["rents"], e["rents"], tol, f"{oid} rents")
    assert_close(x["transfers"], e["transfers"], tol, f"{oid} t")
    assert_close(x["profit"], e["profit"], tol, f"{oid} profit")
    assert_close(x["first_best_surplus"], e["first_best_surplus"], o["tolerance"], oid)
    assert x["ironing_applied"] is e["ironing_applied"]
    assert check_incentive_compatibility(sol.contract, tol=1e-6).ok
    if oid == "MR-IRON-1" and method == "solve":
        assert x["pools"] == ((0, 1),)
        assert "pooled" in str(sol)


def test_continuous_oracle_mr_cont_1():
    o = ORACLES["MR-CONT-1"]
    e, tol = o["expected"], o["tolerance"]
    model = ContinuousScreening(0, 1)
    sol = model.solve()
    assert_close(sol.extra["cutoff"], e["cutoff"], tol, "cutoff")
    assert_close(model.transfer(0.75), e["t(0.75)"], tol, "t(0.75)")
    assert_close(model.quantity(0.75), e["q(0.75)"], tol, "q(0.75)")
    assert_close(sol.principal_value, e["profit"], tol, "profit")
    assert_close(sol.extra["consumer_surplus"], e["consumer_surplus"], tol, "CS")
    assert_close(sol.extra["first_best_surplus"], e["first_best_surplus"], tol, "FB")
    grid = np.linspace(0, 1, 41)
    assert_close(model.quantity(grid), np.maximum(0, 2 * grid - 1), tol, "q(theta)")
    # the schedule is IC: a fine discretised menu passes the pairwise check
    th = np.linspace(0, 1, 31)
    menu = Menu(th, model.quantity(th), model.transfer(th), framing="sale")
    assert check_incentive_compatibility(menu).ok
    assert "excluded" in str(sol) and r"\frac" in model.latex()


def test_continuous_other_densities():
    # U[1, 2]: phi = 2 theta - 2 >= 0, nobody excluded
    s = ContinuousScreening(1, 2).solve()
    assert s.extra["cutoff"] == 1.0 and "no type is excluded" in str(s)
    # f = 2 theta on [0, 1]: cutoff 1/sqrt(3)
    s2 = ContinuousScreening(0, 1, density="2*theta").solve()
    assert_close(s2.extra["cutoff"], 1 / np.sqrt(3), 1e-12, "cutoff")
    with pytest.raises(UnsupportedGameError, match="ironing"):
        ContinuousScreening(0, 1, density="6*theta*(1-theta)*0 + 3*(theta - 0.5)**2*4")


def test_ic_check_detects_violations():
    bad = Menu(types=[1, 2], quantities=[9, 7], transfers=[10, 14])
    rep = check_incentive_compatibility(bad)
    assert not rep and rep.violations[0][:2] == (0, 1)
    assert_close(rep.violations[0][2], (14 - 7) - (10 - 9), 1e-12, "gain")
    ir = Menu(types=[1, 2], quantities=[9, 7], transfers=[16, 13])
    rep2 = check_incentive_compatibility(ir)
    assert not rep2.ok and rep2.ir_violations == ((1, 1.0),)
    assert "short of its outside option" in str(rep2)
    sale = Menu(types=[1, 2], quantities=[0, 2], transfers=[0, 2], framing="sale")
    rep3 = check_incentive_compatibility(sale)
    assert rep3.ok and rep3.binding_ic == ((0, 1),)
    assert_close(sale.rents, [0, 2], 1e-12, "rents")
    assert not check_incentive_compatibility(
        Menu(types=[1, 2], quantities=[0, 2], transfers=[0, 1], framing="sale")).ok


def test_pool_adjacent_violators():
    assert_close(pool_adjacent_violators([1.5, -1, 5], [.4, .1, .5]), [1, 1, 5], 1e-12, "PAV")
    assert_close(pool_adjacent_violators([3, 2, 1], [1, 1, 1]), [2, 2, 2], 1e-12, "PAV")
    with pytest.raises(InvalidParameterError):
        pool_adjacent_violators([1, 2], [1, 0])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=1, max_size=8), st.data())
def test_pav_is_isotonic_and_mass_preserving(v, data):
    w = data.draw(st.lists(st.floats(0.1, 3), min_size=len(v), max_size=len(v)))
    x = pool_adjacent_violators(v, w)
    assert np.all(np.diff(x) >= -1e-12)
    assert abs(np.dot(w, x) - np.dot(w, v)) <= 1e-9 * (1 + abs(np.dot(w, v)))


@st.composite
def n_type_instances(draw):
    n = draw(st.integers(2, 5))
    steps = [draw(st.integers(1, 5)) for _ in range(n)]
    theta = np.cumsum(steps).astype(float)
    w = np.array([draw(st.integers(1, 9)) for _ in range(n)], dtype=float)
    return theta, w / w.sum()


@settings(max_examples=40, deadline=None)
@given(n_type_instances())
def test_n_type_menus_satisfy_every_pairwise_ic(inst):
    theta, f = inst
    sol = ScreeningNType(theta, f).solve()
    rep = check_incentive_compatibility(sol.contract)
    assert rep.ok, rep
    q = sol.extra["q"]
    assert np.all(np.diff(q) >= -1e-12) and np.all(q >= 0)
    assert_close(q[-1], theta[-1], 1e-12, "no distortion at the top")


@settings(max_examples=8, deadline=None)
@given(n_type_instances())
def test_ironing_matches_brute_force_nlp(inst):
    theta, f = inst
    model = ScreeningNType(theta, f)
    a, b = model.solve(), model.solve_by_optimization()
    assert abs(a.principal_value - b.principal_value) <= 1e-5 * (1 + abs(a.principal_value))


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 5), st.floats(0.01, 5), st.floats(0.01, 0.99), st.floats(0.5, 20))
def test_two_type_menus_satisfy_ic(lo, gap, nu, A):
    sol = TwoTypeScreening(lo, lo + gap, prob_low=nu, value=A).solve()
    assert check_incentive_compatibility(sol.contract).ok
    qL, qH = sol.extra["q"]
    assert qL >= qH - 1e-12
    assert sol.principal_value <= sol.extra["first_best_welfare"] + 1e-9


# ------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("args,options,match", [
    ((1, 2), {"prob_low": 0.0}, "prob_low"), ((1, 2), {"prob_low": 1.0}, "prob_low"),
    ((2, 1), {"prob_low": .5}, "theta_high"), ((-1, 2), {"prob_low": .5}, "theta_low"),
    ((1, 2), {"prob_low": .5, "value": -3}, "value"),
])
def test_two_type_bad_input(args, options, match):
    with pytest.raises(InvalidParameterError, match=match):
        TwoTypeScreening(*args, **options)


def test_two_type_positional_options_deprecated():
    with pytest.warns(DeprecationWarning, match="'prob_low', 'value' by position"):
        old = TwoTypeScreening(1, 2, 0.5, 10)
    assert repr(old) == repr(TwoTypeScreening(1, 2, prob_low=0.5, value=10))


def test_two_type_bad_value_function():
    with pytest.raises(InvalidParameterError, match="concave"):
        TwoTypeScreening(1, 2, prob_low=.5, value=lambda q: q ** 2)


@pytest.mark.parametrize("theta,probs,match", [
    ([1, 2, 3], [.2, .6, .3], "sum to 1"), ([1, 3, 2], [.2, .6, .2], "increasing"),
    ([1, 2], [.5, .3, .2], "probs"), ([], [], "theta"), ([1, 2], [1.2, -.2], "positive"),
])
def test_n_type_bad_input(theta, probs, match):
    with pytest.raises(InvalidParameterError, match=match):
        ScreeningNType(theta, probs)


def test_menu_and_continuous_bad_input():
    with pytest.raises(InvalidParameterError, match="one contract per type"):
        Menu([1, 2], [1], [1, 2])
    with pytest.raises(InvalidParameterError, match="framing"):
        Menu([1], [1], [1], framing="auction")
    with pytest.raises(InvalidParameterError, match="expected a Menu"):
        check_incentive_compatibility([(1, 2)])
    with pytest.raises(InvalidParameterError, match="high"):
        ContinuousScreening(1, 1)
    with pytest.raises(InvalidParameterError, match="integrates"):
        ContinuousScreening(0, 1, density="theta")
    with pytest.raises(InvalidParameterError, match="outside the type space"):
        ContinuousScreening().quantity(2.0)

"""contracts.agency.linear: MODELS.md §2 oracles (LEN-*, HM-*, BAKER-*), closed forms, bad input."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st
from scipy.optimize import minimize

from conftest import assert_close, load_oracles
from contracts.agency.linear import (LEN, ClosedForm, Distortion, LinearContract, Multitask,
                                     ZeroPoweredIncentives)
from contracts.exceptions import InvalidParameterError

ORACLES = load_oracles()
LEN_FIELDS = ["beta", "effort", "alpha", "total_surplus", "principal_profit", "risk_premium",
              "first_best_effort", "first_best_surplus"]


# ------------------------------------------------------------------------------- LEN
@pytest.mark.parametrize("oid", ["LEN-1", "LEN-2"])
def test_len_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = LEN(p=p["p"], k=p["k"], risk_aversion=p["r"], noise_variance=p["sigma2"],
                reservation_utility=p["reservation_ce"])
    sol = model.solve()
    for f in LEN_FIELDS:
        assert_close(sol.extra[f], e[f], tol, f"{oid} {f}")
    assert_close(sol.contract["beta"], e["beta"], tol, oid)
    assert_close(sol.principal_value, e["principal_profit"], tol, oid)
    cf = model.closed_form().evaluate()
    for f in LEN_FIELDS:
        assert_close(cf[f], e[f], tol, f"{oid} closed form {f}")
    num = model.solve(method="numerical")
    assert_close(num.extra["beta"], e["beta"], 1e-6, f"{oid} numerical")
    assert "piece rate" in str(sol) and "risk premium" in str(sol)


def test_len_closed_form_api():
    cf = LinearContract(p=1, k=1, risk_aversion=2, noise_variance=0.5).closed_form()
    assert isinstance(cf, ClosedForm)
    assert sp.simplify(cf["beta"] - sp.Symbol("p", positive=True) / (
        1 + sp.Symbol("r", positive=True) * sp.Symbol("k", positive=True)
        * sp.Symbol("sigma2", positive=True))) == 0
    tex = cf.latex("beta")
    assert r"\frac" in tex and r"\sigma^2" in tex
    assert "total" in cf.latex()
    f = cf.lambdify("beta")
    assert_close(f(3, 2, 1, 1, 0.5), 1.0, 1e-12, "positional")
    assert_close(f(p=3, k=2, r=1, sigma2=1, reservation=0.5), 1.0, 1e-12, "keywords")
    allq = cf.lambdify()(p=3, k=2, r=1, sigma2=1, reservation=0.5)
    assert_close(allq["effort"], 0.5, 1e-12, "dict")
    cs = cf.comparative_statics(["beta", "effort"])
    for q in ("beta", "effort"):
        assert cs[q, "sigma2"] == -1 and cs.effect(q, "sigma2").always
        assert cs[q, "r"] == -1 and cs[q, "p"] == 1 and cs[q, "k"] == -1
        assert cs[q, "reservation"] == 0
    assert "beta falls with sigma2 (always)" in str(cs)
    # differentiation: d beta / d sigma2 = -p k r / (1 + r k sigma2)^2
    d = cf.derivative("beta", "sigma2")
    assert_close(float(d.subs(cf.values)), -1 * 1 * 2 / (1 + 2 * 0.5) ** 2, 1e-12, "derivative")
    with pytest.raises(KeyError):
        cf.derivative("beta", "nope")


@settings(max_examples=20, deadline=None)
@given(st.floats(0.1, 5), st.floats(0.1, 5), st.floats(0, 5), st.floats(0, 3), st.floats(-1, 1))
def test_len_closed_form_agrees_with_numerical(p, k, r, s2, u):
    model = LEN(p=p, k=k, risk_aversion=r, noise_variance=s2, reservation_utility=u)
    f = model.closed_form().lambdify()
    cf = f(p, k, r, s2, u)
    num = model.solve(method="numerical").extra
    sol = model.solve().extra
    for key in ("beta", "effort", "total_surplus", "alpha"):
        assert_close(cf[key], sol[key], 1e-9, key)
    assert_close(num["total_surplus"], sol["total_surplus"], 1e-8, "surplus")
    assert_close(num["beta"], sol["beta"], 1e-4, "beta")


# ------------------------------------------------------------------------------- multitask
@pytest.mark.parametrize("oid", ["HM-MT-1", "HM-MT-2"])
def test_multitask_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = Multitask(b=p["b"], C=p["C"], M=p["M"], noise_variance=p["Sigma"], risk_aversion=p["r"])
    sol = model.solve()
    assert_close(sol.extra["beta"], e["beta"], tol, f"{oid} beta")
    assert_close(sol.extra["efforts"], e["efforts"], tol, f"{oid} efforts")
    assert_close(sol.extra["total_surplus"], e["total_surplus"], tol, f"{oid} surplus")
    if "first_best_efforts" in e:
        assert_close(sol.extra["first_best_efforts"], e["first_best_efforts"], tol, oid)
        assert_close(sol.extra["first_best_surplus"], e["first_best_surplus"], tol, oid)
    cf = model.closed_form().evaluate()
    assert_close(cf["beta"], e["beta"], tol, f"{oid} closed beta")
    assert_close(cf["efforts"], e["efforts"], tol, f"{oid} closed efforts")
    assert_close(cf["total_surplus"], e["total_surplus"], tol, f"{oid} closed surplus")
    assert not sol.extra["constrained"]


def test_unmeasured_task_formula_hm_mt_2():
    # HM-MT-2: beta1 = (b1 - g b2/c22) / (1 + r s1 (c11 - g^2/c22))
    o = ORACLES["HM-MT-2"]["params"]
    model = Multitask.with_unmeasured_tasks(o["b"], o["C"], measured=[0], noise_variances=[1.0],
                                            risk_aversion=1.0)
    cf = model.closed_form()
    b1, b2, c11, c12, c22, s11, r = [next(s for s in cf.parameters if s.name == n)
                                     for n in ("b1", "b2", "c11", "c12", "c22", "s11", "r")]
    textbook = (b1 - c12 * b2 / c22) / (1 + r * s11 * (c11 - c12 ** 2 / c22))
    assert sp.simplify(cf["beta"][0] - textbook) == 0
    # substitutes (g > 0) lower the power on the measured task
    assert cf.comparative_statics(["beta"], ["c12"])["beta[0]", "c12"] == -1
    assert "Unmeasured task" in str(model.solve())


def test_nonnegative_efforts_qp():
    # substitutes, task 2 unmeasured: the unconstrained agent would choose t2 < 0
    model = Multitask(b=[1, 1], C=[[1, .5], [.5, 1]], M=[[1, 0]], noise_variance=[[1]], risk_aversion=1)
    free = Multitask(b=[1, 1], C=[[1, .5], [.5, 1]], M=[[1, 0]], noise_variance=[[1]], risk_aversion=1,
                     nonnegative_efforts=False).solve()
    assert free.extra["efforts"][1] < 0
    sol = model.solve()
    assert sol.extra["constrained"] and sol.extra["nonnegativity_binds"] == (1,)
    t = sol.extra["efforts"]
    assert np.all(t >= -1e-12)
    best = sol.extra["total_surplus"]
    grid = [model.surplus([b], nonnegative=True) for b in np.linspace(-1, 2, 601)]
    assert best >= max(grid) - 1e-9
    assert_close(sol.extra["beta"], [0.5], 1e-6, "beta")
    assert_close(best, 0.25, 1e-8, "surplus")
    # forcing the QP when it does not bind reproduces HM-MT-1
    o = ORACLES["HM-MT-1"]
    p = o["params"]
    forced = Multitask(b=p["b"], C=p["C"], noise_variance=p["Sigma"], risk_aversion=p["r"],
                       nonnegative_efforts=True).solve()
    assert_close(forced.extra["beta"], o["expected"]["beta"], 1e-6, "forced QP")


@settings(max_examples=15, deadline=None)
@given(st.floats(0.2, 3), st.floats(0.2, 3), st.floats(-0.9, 0.9), st.floats(0.5, 3),
       st.floats(0.5, 3), st.floats(0.1, 3), st.floats(0.1, 3), st.floats(0.05, 3))
def test_multitask_closed_form_agrees_with_numerical(b1, b2, rho, c11, c22, s1, s2, r):
    c12 = rho * np.sqrt(c11 * c22)
    model = Multitask(b=[b1, b2], C=[[c11, c12], [c12, c22]], noise_variance=[[s1, .1], [.1, s2]], risk_aversion=r,
                      nonnegative_efforts=False)
    sol = model.solve()
    cf = model.closed_form()
    f = cf.lambdify("beta")
    vals = {s.name: float(v) for s, v in cf.values.items()}
    assert_close(f(**vals), sol.extra["beta"], 1e-8, "closed vs numpy")
    # an independent numerical optimisation of the surplus
    res = minimize(lambda x: -model.surplus(x), np.zeros(2), method="BFGS",
                   options={"gtol": 1e-10})
    assert_close(-res.fun, sol.extra["total_surplus"], 1e-7, "scipy surplus")


def test_zero_powered_incentives_hm_zero_1():
    o = ORACLES["HM-ZERO-1"]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    z = ZeroPoweredIncentives(v=p["v"], tbar=p["tbar"], risk_aversion=p["r"], noise_variance=p["sigma2_measured"])
    sol = z.solve()
    assert abs(sol.extra["beta1"] - e["beta1"]) <= tol
    assert_close(sol.extra["efforts"], e["efforts"], tol, "HM-ZERO-1 efforts")
    assert_close(sol.extra["total_surplus"], e["total_surplus"], tol, "HM-ZERO-1 surplus")
    assert_close(z.surplus(0.5), e["surplus_if_beta1_0.5"], tol, "HM-ZERO-1 S(0.5)")
    cf = z.closed_form()
    S = cf["surplus_of_beta1"]
    beta = next(s for s in cf.parameters if s.name == "beta1")
    for b in (0.0, 0.5, 1.3, -0.7):
        assert_close(float(S.subs(beta, b).subs(cf.values)), z.surplus(b), 1e-12, "closed S")
    assert "fixed wage" in str(sol)


# ------------------------------------------------------------------------------- Baker
@pytest.mark.parametrize("oid", ["BAKER-1", "BAKER-2"])
def test_baker_oracles(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    model = Distortion(f=p["f"], g=p["g"], risk_aversion=p["r"], noise_variance=p["sigma2"])
    sol = model.solve()
    cf = model.closed_form().evaluate()
    for key in ("beta", "effort", "total_surplus", "first_best_surplus", "cos_theta",
                "surplus_ratio"):
        assert_close(sol.extra[key], e[key], tol, f"{oid} {key}")
        assert_close(cf[key], e[key], tol, f"{oid} closed {key}")
    assert_close(model.solve(method="numerical").extra["beta"], e["beta"], 1e-6, oid)
    if p["r"] * p["sigma2"] == 0:   # noise-free: S*/S_FB = cos^2 theta
        assert_close(sol.extra["surplus_ratio"], e["cos_theta"] ** 2, tol, oid)
    assert "misaligned" in str(sol)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-2, 2), min_size=3, max_size=3),
       st.lists(st.floats(-2, 2), min_size=3, max_size=3), st.floats(0, 2), st.floats(0, 2))
def test_baker_closed_form_agrees_with_numerical(f, g, r, s2):
    if np.dot(f, f) < 1e-3 or np.dot(g, g) < 1e-3:
        return
    model = Distortion(f=f, g=g, risk_aversion=r, noise_variance=s2)
    cf = model.closed_form()
    out = cf.lambdify()(*(list(f) + list(g) + [r, s2]))
    sol = model.solve()
    num = model.solve(method="numerical")
    assert_close(out["beta"], sol.extra["beta"], 1e-9, "beta")
    assert_close(out["total_surplus"], sol.extra["total_surplus"], 1e-9, "S")
    assert_close(num.extra["total_surplus"], sol.extra["total_surplus"], 1e-8, "numerical S")
    assert sol.extra["surplus_ratio"] <= 1 + 1e-12


# ------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("args,match", [
    ((1, 0, 1, 1), "'k'"), ((1, 1, -1, 1), "'risk_aversion'"),
    ((1, 1, 1, -0.1), "noise_variance"), ((0, 1, 1, 1), "'p'"),
    ((1, 1, float("nan"), 1), "'risk_aversion'"),
])
def test_len_bad_input(args, match):
    with pytest.raises(InvalidParameterError, match=match):
        LEN(*args[:2], risk_aversion=args[2], noise_variance=args[3])


@pytest.mark.parametrize("kwargs,match", [
    ({"C": [[1, 2], [2, 1]]}, "positive definite"),
    ({"C": [[1, .2], [.1, 1]]}, "symmetric"),
    ({"noise_variance": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}, "noise_variance"),
    ({"noise_variance": [[-1, 0], [0, 1]]}, "semi-definite"),
    ({"M": [[1, 0, 0]]}, "'M'"),
    ({"risk_aversion": -1}, "'risk_aversion'"),
    ({"b": []}, "'b'"),
    ({"noise_variance": None}, "noise_variance"),
    ({"nonnegative_efforts": "maybe"}, "nonnegative_efforts"),
])
def test_multitask_bad_input(kwargs, match):
    base = {"b": [1, 1], "C": [[1, .25], [.25, 1]], "noise_variance": [[1, 0], [0, 2]],
            "risk_aversion": 1}
    base.update(kwargs)
    with pytest.raises(InvalidParameterError, match=match):
        Multitask(**base)


def test_distortion_and_zero_bad_input():
    with pytest.raises(InvalidParameterError, match="no information"):
        Distortion([1, 0], [0, 0], risk_aversion=0, noise_variance=0)
    with pytest.raises(InvalidParameterError, match="shape"):
        Distortion([1, 0], [1, 1, 1])
    with pytest.raises(InvalidParameterError, match="'f'"):
        Distortion([0, 0], [1, 1])
    with pytest.raises(InvalidParameterError, match="'v'"):
        ZeroPoweredIncentives(v=0, tbar=1, risk_aversion=1, noise_variance=1)
    with pytest.raises(InvalidParameterError, match="method"):
        LEN(p=1, k=1, risk_aversion=1, noise_variance=1).solve(method="guess")

"""Sensitivity: regime probabilities, regime boundaries, Sobol' indices, partial dependence.

Known answers: the Ishigami function's Sobol' indices (closed form, Ishigami and Homma 1990;
Sobol' and Levitan 1999), and the chain game's closed-form regime thresholds from its model page
(self-enforcing quality, no-trouble enforcement, the bargaining set, the waterfall exit).
"""

import math
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from contracts.exceptions import InvalidParameterError
from contracts.estimate.sensitivity import (
    PartialDependence, partial_dependence, plot_partial_dependence, regime_boundary,
    regime_probabilities, sobol_indices)
from contracts.models.chain import Chain

pytest.importorskip("SALib")


def _ishigami(p, a=7.0, b=0.1):
    x1, x2, x3 = p["x1"], p["x2"], p["x3"]
    return {"y": math.sin(x1) + a * math.sin(x2) ** 2 + b * x3 ** 4 * math.sin(x1)}


def _ishigami_exact(a=7.0, b=0.1):
    pi = math.pi
    v1 = 0.5 * (1 + b * pi ** 4 / 5) ** 2
    v2 = a * a / 8
    v13 = b * b * pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_sobol_indices_of_the_ishigami_function_match_the_closed_form():
    box = {k: (-math.pi, math.pi) for k in ("x1", "x2", "x3")}
    res = sobol_indices(_ishigami, box, "y", n=1024, rng=11)
    s1, st = _ishigami_exact()
    for j in range(3):
        # within the bootstrap interval, widened by a small absolute margin
        assert abs(res.first_order[0, j] - s1[j]) <= res.first_order_conf[0, j] + 0.02
        assert abs(res.total[0, j] - st[j]) <= res.total_conf[0, j] + 0.02
    assert res.ranking("y") == ("x1", "x2", "x3")
    df = res.to_dataframe()
    assert list(df["parameter"]) == ["x1", "x2", "x3"] and set(df.columns) >= {"S1", "ST"}
    assert "x1: total" in str(res) and "\n" not in repr(res)


def test_sobol_indices_on_the_chain_give_no_weight_to_an_irrelevant_parameter():
    # the highest self-enforcing quality does not depend on the cut: its total index is 0
    box = {"evaluation_accuracy": (0.05, 1.0), "discount": (0.5, 0.9), "budget_cut": (0, 10)}
    res = sobol_indices(Chain(), box, ["max_self_enforcing_quality", "passive dismissal"], n=64,
                        rng=1)
    assert res.index("max_self_enforcing_quality", "budget_cut") == 0.0
    assert res.index("max_self_enforcing_quality", "evaluation_accuracy") > 0.1
    assert res.ranking("passive dismissal")[0] == "budget_cut"


def test_constant_output_is_reported_not_nan():
    res = sobol_indices(lambda p: {"y": 1.0, "z": p["a"]}, {"a": (0, 1), "b": (0, 1)},
                        ["y", "z"], n=32, rng=0)
    assert res.constant == ("y",)
    assert np.all(np.isfinite(res.total)) and res.index("y", "a") == 0.0
    assert "constant over the box" in str(res)


def test_regime_boundary_matches_the_self_enforcing_quality_threshold():
    # partner purchasing pays the bureau V q - kappa q^2/2 - E - u; buddy pays w N - t - u. The
    # bureau switches to partner once the highest self-enforcing quality reaches q_p with
    # V q_p - kappa q_p^2/2 = E + (w N - t); that quality is self-enforcing from
    # alpha_p = c(q_p) / (delta/(1-delta) rho (u + s(q_p) - s_bar)).
    m = Chain(no_trouble_weight=0.8)
    V, kap, E = m.quality_value, m.quality_cost, m.evaluation_cost
    target = E + m.no_trouble_weight * m.no_trouble_value - m.no_trouble_cost
    q_p = (V - math.sqrt(V * V - 2 * kap * target)) / kap
    k = m.discount / (1 - m.discount)
    alpha_p = (kap * q_p ** 2 / 2) / (k * m.renewal_probability * (
        m.relationship_rent + target - m.outside_surplus))
    b = regime_boundary(m, "evaluation_accuracy", "partner", bounds=(0.0, 1.0), tol=1e-9)
    assert b.enters == (True,)
    assert b.boundaries[0] == pytest.approx(alpha_p, abs=1e-8)
    # the same threshold from the share of a one-dimensional box: scrambled Sobol' points are
    # stratified (one point in each interval of length 1/n), so the error is below 1/n
    n = 256
    pr = regime_probabilities(m, {"evaluation_accuracy": (0.0, 1.0)}, n=n, rng=5)
    assert abs(pr.probabilities["partner"] - (1 - alpha_p)) <= 1 / n + 1e-12
    assert pr.probabilities["partner"] + pr.probabilities["buddy"] + \
        pr.probabilities["tender"] == pytest.approx(1.0)
    rnd = regime_probabilities(m, {"evaluation_accuracy": (0.0, 1.0)}, n=n, method="random",
                               rng=5)
    se = math.sqrt(alpha_p * (1 - alpha_p) / n)
    assert abs(rnd.probabilities["partner"] - (1 - alpha_p)) <= 4 * se


def test_regime_boundary_matches_the_no_trouble_threshold():
    # buddy purchasing is self-enforcing iff t <= delta/(1-delta) rho (u - s_bar)
    m = Chain()
    t, rho, u = m.no_trouble_cost, m.renewal_probability, m.relationship_rent
    delta_star = t / (t + rho * (u - m.outside_surplus))
    b = regime_boundary(m, "discount", "buddy", bounds=(0.05, 0.95), tol=1e-9)
    assert b.enters == (True,)
    assert b.boundaries[0] == pytest.approx(delta_star, abs=1e-8)


def test_regime_boundary_matches_the_bargaining_threshold():
    # talks break down iff cut > K_D + M_A, K_D = R/(1 + rivals), M_A = (1 - a)(payoff + Lambda)
    m = Chain(alternative_funding=0.9)
    floors = sum(m.reservation_wages)           # worker_power 0: floors are reservation wages
    values = sum(m.productivity * c + m.relationship_weight * r
                 for c, r in zip(m.competence, m.relationship))
    payoff = m.budget - m.overhead - floors + values
    lam = m.discount / (1 - m.discount) * m.renewal_probability * m.relationship_rent
    threshold = m.replacement_cost / (1 + m.rival_agencies) + (1 - m.alternative_funding) * (
        payoff + lam)
    b = regime_boundary(m, "budget_cut", "programme ended", bounds=(0.0, 10.0), tol=1e-9)
    assert b.enters == (True,)
    assert b.boundaries[0] == pytest.approx(threshold, abs=1e-8)


def test_regime_boundary_matches_the_waterfall_exit():
    # the agency bears the cut; it exits once two cheapest floors and the overhead exceed the
    # budget left by more than its loss tolerance min(L, Lambda) (PASS-3-EXIT: budget 8 exits)
    m = Chain()
    lam = m.discount / (1 - m.discount) * m.renewal_probability * m.relationship_rent
    two = sorted(m.reservation_wages)[:2]
    threshold = m.budget - m.overhead - sum(two) + min(m.cash_reserve, lam)
    b = regime_boundary(m, "budget_cut", "programme ended", bounds=(0.0, 22.0), n=12)
    assert b.boundaries[0] == pytest.approx(threshold, abs=1e-5)
    assert "starts at budget_cut" in str(b)
    none = regime_boundary(m, "budget_cut", "programme ended", bounds=(0.0, 5.0), n=3)
    assert none.boundaries == () and "no switch" in str(none)


def test_results_do_not_depend_on_the_executor():
    box = {"evaluation_accuracy": (0.0, 1.0), "budget_cut": (0.0, 14.0)}
    serial = regime_probabilities(Chain(), box, n=32, rng=3)
    with ThreadPoolExecutor(2) as ex:
        pooled = regime_probabilities(Chain(), box, n=32, rng=3, executor=ex, chunksize=5)
    assert dict(serial.probabilities) == dict(pooled.probabilities)
    assert np.array_equal(serial.points, pooled.points)
    assert serial.to_dataframe().shape[0] == len(serial.probabilities)


def test_partial_dependence_averages_over_the_other_parameters():
    res = partial_dependence(lambda p: {"y": p["a"] * p["b"]}, {"a": (0, 1), "b": (0, 2)},
                             "a", "y", points=5, n=128, rng=0)
    # E[a b | a] = a E[b] = a; scrambled Sobol' draws of b have mean close to 1
    assert np.allclose(res.mean[0], res.values, atol=0.01)
    assert isinstance(res, PartialDependence) and res.others == ("b",)
    chain = partial_dependence(Chain(), {"budget_cut": (0, 12), "evaluation_accuracy": (0, 1)},
                               "budget_cut", ["agency_payoff"], points=4, n=8, rng=0)
    assert np.all(np.diff(chain.mean[0]) <= 1e-12)        # a larger cut never helps the agency
    assert len(chain.to_dataframe()) == 4


def test_partial_dependence_figure_has_words():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    res = partial_dependence(Chain(), {"budget_cut": (0, 12)}, "budget_cut",
                             ["agency_payoff"], points=3)
    ax = plot_partial_dependence(res)
    assert ax.get_title() == "How agency payoff depends on budget cut"
    assert ax.get_xlabel().startswith("cut announced") and ax.get_ylabel()
    import matplotlib.pyplot as plt
    plt.close("all")


@pytest.mark.parametrize("call, match", [
    (lambda: regime_probabilities(Chain(), [("discount", 0.5, 0.9)]), "non-empty mapping"),
    (lambda: regime_probabilities(Chain(), {"patience": (0, 1)}), "not a parameter of Chain"),
    (lambda: regime_probabilities(Chain(), {"discount": (0.9, 0.5)}), "low < high"),
    (lambda: regime_probabilities(Chain(), {"wages": (1, 2)}), "not a number"),
    (lambda: regime_probabilities(Chain(), {"discount": (0.5, 0.9)}, method="lhs"), "'sobol'"),
    (lambda: regime_probabilities(Chain(), {"discount": (0.5, 0.9)}, n=0), "n must be"),
    (lambda: regime_probabilities(Chain(), {"discount": (0.5, 1.5)}, n=8),
     "valid parameter ranges"),
    (lambda: regime_probabilities(42, {"discount": (0.5, 0.9)}), "model must be"),
    (lambda: sobol_indices(Chain(), {"discount": (0.5, 0.9)}, "quality", n=100),
     "power of two"),
    (lambda: sobol_indices(Chain(), {"discount": (0.5, 0.9)}, "nonsense", n=8),
     "not a field"),
    (lambda: sobol_indices(Chain(), {"discount": (0.5, 0.9)}, "quality", n=8, confidence=2),
     "confidence"),
    (lambda: regime_boundary(Chain(), "discount", "nonsense", bounds=(0.5, 0.9)),
     "not a regime"),
    (lambda: partial_dependence(Chain(), {"discount": (0.5, 0.9)}, "budget_cut", "quality"),
     "must be in the box"),
])
def test_bad_input_raises_a_named_error(call, match):
    with pytest.raises(InvalidParameterError, match=match):
        call()


def test_missing_salib_gives_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "SALib", None)
    monkeypatch.setitem(sys.modules, "SALib.analyze", None)
    monkeypatch.setitem(sys.modules, "SALib.sample", None)
    with pytest.raises(ImportError, match="pip install SALib"):
        sobol_indices(lambda p: {"y": p["a"]}, {"a": (0, 1)}, "y", n=8)


def test_sobol_indices_on_a_dask_cluster_equal_the_serial_ones():
    distributed = pytest.importorskip("distributed")
    box = {"evaluation_accuracy": (0.05, 1.0), "budget_cut": (0.0, 14.0)}
    outs = ["max_self_enforcing_quality", "agency_payoff"]
    serial = sobol_indices(Chain(), box, outs, n=16, rng=4)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = sobol_indices(Chain(), box, outs, n=16, rng=4, executor=client.get_executor())
    assert np.array_equal(serial.total, remote.total)
    assert np.array_equal(serial.first_order, remote.first_order)


def test_sweep_tasks_pickle_for_process_pools():
    import pickle

    from contracts.estimate import _box
    from contracts.models.views import PassiveDismissal
    task = _box.Evaluate(PassiveDismissal(), ("budget_cut",), np.array([[12.0], [20.0]]),
                         (False,), (("dismissed", "dismissed"),))
    clone = pickle.loads(pickle.dumps(task))
    assert clone({"row": 1}) == task({"row": 1}) == {"dismissed": 3.0}


def test_two_dimensional_regime_share_matches_the_closed_form_boundary():
    # partner purchasing holds iff accuracy >= alpha_p(delta) = c(q_p) / (k(delta) rho (u +
    # s(q_p) - s_bar)), k = delta / (1 - delta): the share of the box above that curve
    m = Chain(no_trouble_weight=0.8)
    V, kap = m.quality_value, m.quality_cost
    target = m.evaluation_cost + m.no_trouble_weight * m.no_trouble_value - m.no_trouble_cost
    q_p = (V - math.sqrt(V * V - 2 * kap * target)) / kap
    num = kap * q_p ** 2 / 2
    den = m.renewal_probability * (m.relationship_rent + target - m.outside_surplus)
    a_lo, a_hi, d_lo, d_hi = 0.0, 0.3, 0.5, 0.95
    d = np.linspace(d_lo, d_hi, 200001)
    alpha_p = np.clip(num / (d / (1 - d) * den), a_lo, a_hi)
    exact = float(np.mean(a_hi - alpha_p)) / (a_hi - a_lo)
    n = 256
    res = regime_probabilities(m, {"evaluation_accuracy": (a_lo, a_hi), "discount": (d_lo, d_hi)},
                               n=n, rng=7)
    assert 0.2 < exact < 0.95
    assert abs(res.probabilities["partner"] - exact) <= 4 * math.sqrt(exact * (1 - exact) / n)

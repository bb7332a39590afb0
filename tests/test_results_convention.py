"""One result convention: every result derives from contracts._result.Result."""

import dataclasses
import json
from fractions import Fraction

import pytest

import contracts as ct
from contracts._result import Result
from contracts.agency import ContractSolution
from contracts.equilibrium.bayesian_nash import BayesianNashResult
from contracts.equilibrium.correlated import CorrelatedResult, correlated_equilibrium
from contracts.equilibrium.stackelberg import StackelbergResult, stackelberg
from contracts.results import KINDS, EquilibriumResult


def _game():
    return ct.NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]])


def _check_common(res):
    assert isinstance(res, Result)
    r = repr(res)
    assert "\n" not in r and r.startswith(type(res).__name__ + "(")
    assert str(res)
    assert res._repr_html_().startswith("<pre")
    d = res.to_dict()
    assert d["type"] == type(res).__name__
    json.dumps(d)                      # JSON-serialisable, Fractions included
    assert res.converged in (True, False)
    with pytest.warns(DeprecationWarning, match="converged"):
        assert res.success == res.converged


@pytest.mark.parametrize("subclass, kind", [(StackelbergResult, "stackelberg"),
                                            (CorrelatedResult, "correlated"),
                                            (BayesianNashResult, "bayesian")])
def test_one_equilibrium_type_with_a_kind(subclass, kind):
    assert issubclass(subclass, EquilibriumResult) and kind in KINDS


def test_equilibrium_results_share_the_interface():
    g = _game()
    res = ct.solve(g, exact=True)
    _check_common(res)
    assert res.kind == "mixed"
    assert res.to_dict()["equilibria"][0]["strategies"] == [[1, 0], [1, 0]]
    df = res.to_dataframe()
    assert list(df["player"]) == [0, 1]

    st = stackelberg(g, exact=True)
    _check_common(st)
    assert st.kind == "stackelberg" and len(st) == 1 and st.max_regret == 0
    # the one equilibrium is the profile (commitment, response), with the same payoffs
    eq = st[0]
    assert eq.payoffs == (Fraction(7, 2), Fraction(1, 2))
    assert [list(s) for s in eq.strategies] == [[Fraction(1, 2)] * 2, [0, 1]]
    assert st.to_dict()["leader_value"] == "7/2"

    ce = correlated_equilibrium(g, exact=True)
    _check_common(ce)
    assert ce.kind == "correlated" and len(ce) == 1 and bool(ce)
    assert ce.max_regret == ce.max_gain == 0
    assert float(ce.to_dataframe()["probability"].sum()) == 1.0


def test_contract_solution_is_a_result_with_read_only_extras():
    s = ContractSolution((0, 0, Fraction(5, 2)), 2, 1.5, 0.0, duals={"IC": 1.0},
                         extra={"agency_cost": Fraction(1, 3)})
    _check_common(s)
    with pytest.raises(TypeError):
        s.extra["agency_cost"] = 0
    with pytest.raises(TypeError):
        s.duals["IC"] = 0
    assert s.to_dict()["contract"] == [0, 0, "5/2"]
    s2 = s.with_extra(note="x")
    assert s2.extra["note"] == "x" and "note" not in s.extra


def test_every_agency_solve_returns_a_result():
    from contracts import agency as ag
    models = [
        ag.MoralHazard([[0.9, 0.1], [0.2, 0.8]], rewards=[0, 10], costs=[0, 1]),
        ag.LEN(p=1, k=1, risk_aversion=2, noise_variance=0.5),
        ag.Rubinstein(0.9, 0.8),
        ag.RubinsteinLimit(0.1, 0.2),
        ag.SupplierInvitation(cost_saving=0.1, discount=0.9, evaluation_accuracy=0.3),
        ag.LossLeader(price=8, cost=10, discount=0.8, renewal_probability=0.5, other_profit=1.5),
        ag.TwoTypeScreening(theta_low=1, theta_high=2, prob_low=0.5, value=10),
        ag.ShapiroStiglitz(0, 1, 0.5, 0.05, 0.1, 0.05),
        ag.CompetenceLearning(
            prior=0.5, p_good=2 / 3, p_bad=1 / 3, discount=0.9, wage=0.45, hiring_cost=0.5
        ),
    ]
    for m in models:
        _check_common(m.solve())


def test_result_base_freezes_mappings_and_keeps_frozen():
    s = ContractSolution((1,), 0, 1, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.contract = (2,)

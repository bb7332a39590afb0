"""contracts.models.resource_dependence: DEPEND-1, DEPEND-NASH-1 through the model, stage path,
regimes, comparative statics, bad input."""

import pytest
from hypothesis import given, settings, strategies as st

from conftest import close, load_oracles
from contracts.exceptions import InvalidParameterError
from contracts.models import explain_model
from contracts.models._explain import finite_difference_sign
from contracts.models.resource_dependence import (DEFAULT_STAGES, DependenceStage,
                                                  ResourceDependenceModel, dependence_regime)

# the component model is deprecated in favour of the chain-game preset; its known answers stay
pytestmark = pytest.mark.filterwarnings("ignore:.*is superseded by:DeprecationWarning")

ORACLES = load_oracles()


def _from_oracle():
    p = ORACLES["DEPEND-1"]["params"]
    return ResourceDependenceModel(p["share_A_from_G"], p["essentiality_A"], p["share_G_from_A"],
                                   p["substitutability_G"], surplus=ORACLES["DEPEND-NASH-1"][
                                       "params"]["S"])


def test_depend_1_through_the_model():
    # DEPEND-1
    o = ORACLES["DEPEND-1"]
    e, tol = o["expected"], o["tolerance"]
    s = _from_oracle().solve()
    assert close(s.dependence.agency_dependence, e["D_A"], tol)
    assert close(s.dependence.government_dependence, e["D_G"], tol)
    assert close(s.government_weight, e["alpha_G"], tol)
    assert close(s.dependence.asymmetry, e["asymmetry"], tol)
    assert s.regime == "government-dominant"
    # the defaults are the oracle
    d = ResourceDependenceModel().explain().figures
    assert close(d["alpha_G"], e["alpha_G"], tol) and close(d["D_G"], e["D_G"], tol)


def test_depend_nash_1_through_the_model():
    # DEPEND-NASH-1
    o = ORACLES["DEPEND-NASH-1"]
    e, tol = o["expected"], o["tolerance"]
    m = _from_oracle()
    nb = m.game()
    assert close(nb.bargaining_power, o["params"]["alpha"], tol)
    s = m.solve()
    assert close(s.government_payoff, e["u1"], tol)
    assert close(s.agency_payoff, e["u2"], tol)
    cf = m.closed_form()
    subs = {sym: getattr(m, sym.name) for sym in cf["agency_payoff"].free_symbols}
    assert close(float(cf["agency_payoff"].subs(subs)), e["u2"], tol)


def test_stage_path_government_weight_falls_as_it_comes_to_depend_on_the_agency():
    s = ResourceDependenceModel().solve()
    w = [st_.government_weight for st_ in s.stages]
    assert [st_.name for st_ in s.stages] == [d.name for d in DEFAULT_STAGES]
    assert all(a > b for a, b in zip(w, w[1:]))
    shares = [st_.agency_payoff for st_ in s.stages]
    assert all(a < b for a, b in zip(shares, shares[1:]))
    assert s.stages[0].regime == "government-dominant"
    assert s.stages[-1].regime == "agency-dominant"
    # the "control" stage is DEPEND-1
    ctrl = next(st_ for st_ in s.stages if st_.name == "control")
    assert close(ctrl.government_weight, ORACLES["DEPEND-1"]["expected"]["alpha_G"], 1e-12)
    for st_ in s.stages:
        assert close(st_.government_payoff + st_.agency_payoff, st_.surplus, 1e-12)


def test_regime_flips_with_dependence():
    assert ResourceDependenceModel().explain().regime == "government-dominant"
    m = ResourceDependenceModel(agency_revenue_share=0.2, government_service_share=0.9,
                                substitutability=0.1)
    assert m.explain().regime == "agency-dominant"
    bal = ResourceDependenceModel(0.5, 1.0, 1.0, 0.5)
    assert bal.explain().regime == "balanced"
    assert close(bal.solve().government_weight, 0.5, 1e-12)
    assert dependence_regime(1e-15) == "balanced"


def test_stage_surplus_override_and_game_by_stage():
    m = ResourceDependenceModel(stages=(DependenceStage("late", 0.5, 1, 0.5, 0, surplus=4),))
    s = m.solve()
    assert s.stages[0].surplus == 4 and close(s.stages[0].agency_payoff, 2.0, 1e-12)
    assert close(m.game("late").solve().payoffs[0], 2.0, 1e-12)
    with pytest.raises(InvalidParameterError, match="no stage"):
        m.game("early")
    assert ResourceDependenceModel(stages=()).solve().stages == ()


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 1), st.floats(0.01, 1), st.floats(0.01, 1), st.floats(0, 0.99),
       st.floats(0, 50))
def test_split_is_efficient_and_weights_follow_dependence(sa, e, sg, sub, S):
    m = ResourceDependenceModel(sa, e, sg, sub, surplus=S, stages=())
    s = m.solve()
    assert close(s.government_payoff + s.agency_payoff, S, 1e-9)
    da, dg = sa * e, sg * (1 - sub)
    assert close(s.government_weight, da / (da + dg), 1e-9)
    slack = 1e-9 * (1 + S)
    if da > dg * (1 + 1e-9):
        assert s.government_payoff >= s.agency_payoff - slack
    elif dg > da * (1 + 1e-9):
        assert s.agency_payoff >= s.government_payoff - slack


def test_comparative_statics_signs_match_finite_differences():
    m = ResourceDependenceModel(essentiality=0.9)   # interior, so both-sided differences work
    cs = {c.parameter: c for c in m.comparative_statics()}
    assert cs["government_service_share"].sign == 1
    assert cs["substitutability"].sign == -1
    assert cs["agency_revenue_share"].sign == -1
    assert cs["surplus"].sign == 1
    for name, c in cs.items():
        fd = finite_difference_sign(lambda mm: mm.solve().agency_payoff, m, name, "share")
        assert fd.sign == c.sign, name
        assert close(fd.derivative, c.derivative, 1e-5), name


def test_explain_report_and_registry():
    e = ResourceDependenceModel(substitutability=0.0).explain()     # the component model
    assert e.model == "resource_dependence"
    assert close(e.figures["D_G"], 0.3, 1e-12)
    text = str(e)
    assert "government's bargaining weight" in text and "stage symbiosis" in text
    assert "when substitutability rises, the agency's payoff (level) falls" in text
    rec = e.to_record()
    assert rec["regime"] == "government-dominant" and "alpha_G_control" in rec


@pytest.mark.parametrize("kw", [
    {"agency_revenue_share": 1.5}, {"essentiality": -0.1}, {"substitutability": 2},
    {"surplus": -1}, {"surplus": 1, "government_disagreement": 1, "agency_disagreement": 1},
    {"agency_revenue_share": 0, "government_service_share": 0},
    {"stages": "control"}, {"stages": (1, 2)}, {"stages": 5},
    {"stages": (DependenceStage("a", .5, .5, .5, .5), DependenceStage("a", .4, .5, .5, .5))},
    {"stages": (DependenceStage("a", .5, .5, .5, .5, surplus=-3),)},
    {"government_disagreement": float("inf")},
])
def test_bad_input(kw):
    with pytest.raises(InvalidParameterError):
        ResourceDependenceModel(**kw)


def test_bad_stage():
    with pytest.raises(InvalidParameterError):
        DependenceStage("", .5, .5, .5, .5)
    with pytest.raises(InvalidParameterError):
        DependenceStage("x", 0, .5, 0, .5)
    with pytest.raises(InvalidParameterError):
        DependenceStage("x", .5, 1.1, .5, .5)
    with pytest.raises(InvalidParameterError, match="no parameter"):
        explain_model("resource_dependence", {"power": 1})

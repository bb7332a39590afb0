"""contracts.models.nominal_contract: oracles through the model, the phenomena, bad input."""

import math
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import assert_close, close, load_oracles
from contracts.exceptions import InvalidParameterError
from contracts.games.normal_form import NormalFormGame
from contracts.models import Explanation
from contracts.models.nominal_contract import NominalContract, NominalContractSolution

# the component model is deprecated in favour of the chain-game preset; its known answers stay
pytestmark = pytest.mark.filterwarnings("ignore:.*is superseded by:DeprecationWarning")

ORACLES = load_oracles()

BGM_REGIME = {"BGM-FB": "first best", "BGM-MIX": "mixed", "BGM-CROWDOUT": "crowd-out",
              "BGM-COMPLEMENT": "complementarity"}


def bgm_model(o):
    """The BGM oracle's (gamma, s2, r, K) as NominalContract parameters: σ² = 1 - accuracy²,
    r = (1 - δ)/δ."""
    p = o["params"]
    return NominalContract(evaluation_accuracy=math.sqrt(1 - p["s2"]),
                           discount=1 / (1 + p["r"]), effort_cost=p["gamma"],
                           fixed_cost=p.get("K", 0.0))


# ---------------------------------------------------------------------------------- oracles
@pytest.mark.parametrize("oid", ["BGM-FB", "BGM-MIX", "BGM-CROWDOUT", "BGM-COMPLEMENT"])
def test_bgm_oracles_through_the_model(oid):
    o = ORACLES[oid]
    e, tol = o["expected"], o["tolerance"]
    m = bgm_model(o)
    assert close(m.distortion_variance, o["params"]["s2"], 1e-12)
    assert close(m.interest_rate, o["params"]["r"], 1e-12)
    inc = m.incentives()
    for key in ("B", "b", "surplus", "profit", "spot_surplus", "first_best_surplus",
                "explicit_share"):
        assert close(inc[key], e[key], tol), (oid, key)
    assert inc["relational"] is e["relational"] and inc["trade"] is e["trade"]
    for key in ("r_threshold_first_best", "r_threshold_any_relational"):
        if e[key] is None:
            assert inc[key] is None
        else:
            assert close(inc[key], e[key], tol), (oid, key)
    s = m.solve()
    assert s.incentive_regime == BGM_REGIME[oid]
    assert close(s.nominality_index, e["explicit_share"], tol)          # b*/(b*+B*)
    assert close(s.explicit_bonus, e["b"], tol) and close(s.implicit_bonus, e["B"], tol)


def test_bgm_regimes_map_to_nominality():
    # BGM-FB: the relationship carries everything, the formal contract is purely nominal
    fb = bgm_model(ORACLES["BGM-FB"]).solve()
    assert fb.nominality_index == 0 and "crowded out by the relationship" in fb.nominal_reasons
    # BGM-CROWDOUT: accurate indicators crowd out the relational contract (explicit share 1)
    co = bgm_model(ORACLES["BGM-CROWDOUT"]).solve()
    assert co.nominality_index == 1 and co.implicit_bonus == 0
    assert co.formal_contract == "enforced"          # cos θ = 0.866: S*/S_FB = 0.75 >= 1/2


@pytest.mark.parametrize("oid", ["BAKER-1", "BAKER-2"])
def test_baker_oracles_through_the_model(oid):
    o = ORACLES[oid]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    m = NominalContract.from_measures(p["f"], p["g"], risk_aversion=p["r"],
                                      measurement_noise=p["sigma2"])
    assert close(m.evaluation_accuracy, e["cos_theta"], tol)
    ev = m.evaluation()
    for key in ("beta", "total_surplus", "first_best_surplus", "cos_theta", "surplus_ratio"):
        assert close(ev[key], e[key], tol), (oid, key)
    # the model's frame is (valued task, indicator-only task); rotate the oracle's effort into it
    f = np.asarray(p["f"], float)
    u = f / np.linalg.norm(f)
    rot = np.array([[u[0], u[1]], [-u[1], u[0]]])
    expected_effort = rot @ np.asarray(e["effort"], float)
    assert_close(ev["effort"], expected_effort, tol, f"{oid} effort")
    s = m.solve()
    assert close(s.surplus_ratio, e["surplus_ratio"], tol)
    assert close(s.piece_rate, e["beta"], tol)
    if oid == "BAKER-1":
        assert_close(ev["effort"], e["effort"], tol, "BAKER-1 effort")   # same frame


def test_grim_trust_oracle_through_the_model():
    o = ORACLES["GRIM-TRUST-1"]  # GRIM-TRUST-1
    e = o["expected"]
    m = NominalContract(agency_payoffs=o["params"]["U_agency"],
                        government_payoffs=o["params"]["U_government"])
    s = m.solve()
    assert s.delta_star == Fraction(2, 3)
    assert close(float(s.delta_star), e["delta_star"], o["tolerance"])
    assert_close([float(x) for x in s.grim.per_player], e["per_player"], o["tolerance"],
                 "GRIM-TRUST-1 per player")
    assert s.grim.stage_nash == tuple(e["stage_nash"])
    # all stage equilibria (contracts.solve, vertex enumeration): exactly (Shirk, Control)
    assert len(s.stage_equilibria) == 1
    eq = s.stage_equilibria[0]
    assert [list(map(float, x)) for x in eq.strategies] == [[0, 1], [0, 1]]
    g = m.game()
    assert isinstance(g, NormalFormGame) and g.actions == (("Coop", "Shirk"), ("Trust", "Control"))


def test_tirole_oracle_through_the_model():
    o = ORACLES["TIROLE-1"]  # TIROLE-1 (the model's defaults)
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    m = NominalContract()
    assert (m.value_intercept, m.low_cost, m.high_cost, m.prob_low_cost, m.near_detection,
            m.side_transfer_efficiency) == (p["A"], p["thL"], p["thH"], p["nu"], p["xi"], p["k"])
    c = m.collusion()
    for key, val in e.items():
        assert close(c[key], val, tol), key
    s = m.solve()
    assert close(s.collusion_stake, e["supervisor_reward"], tol)
    assert close(s.cost_of_collusion, e["cost_of_collusion"], tol)
    assert s.subdistrict_relation == "absorption-and-alliance"


@pytest.mark.parametrize("delta,key", [(0.5, "delta_0.5"), (0.8, "delta_0.8")])
def test_4c_trust_oracle(delta, key):
    o = ORACLES["4C-TRUST"]  # 4C-TRUST
    e, tol = o["expected"], o["tolerance"]
    s = NominalContract(discount=delta).solve()
    assert close(s.goal_congruence, e["goal_congruence"], tol)
    assert close(s.means_congruence, e[key]["means_congruence"], tol)
    assert s.four_c == e[key]["4C"]
    assert s.life_cycle_stage == e[key]["stage"]


# ---------------------------------------------------------------------------------- phenomena
def test_defaults_reproduce_the_nominal_contract_puzzle():
    s = NominalContract().solve()
    assert isinstance(s, NominalContractSolution)
    assert s.regime == "nominal: control-and-rebellion"
    assert s.formal_contract == "nominal" and s.nominal_reasons == ("ceremonial evaluation",)
    assert s.district_relation == "control-and-rebellion"
    assert s.district_play == ("Shirk", "Control")
    assert s.subdistrict_relation == "absorption-and-alliance"
    assert close(s.surplus_ratio, 0.0625, 1e-12)
    assert s.four_c == "confrontation" and s.life_cycle_stage == "resistance"
    assert "nominal" in str(s)


def test_formal_contract_becomes_nominal_as_distortion_grows():
    accs = np.linspace(0, 1, 41)
    sols = [NominalContract(evaluation_accuracy=float(a), discount=0.9).solve() for a in accs]
    ratios = [s.surplus_ratio for s in sols]
    shares = [s.nominality_index for s in sols]
    assert all(x <= y + 1e-12 for x, y in zip(ratios, ratios[1:]))     # cos²θ rises
    assert all(x <= y + 1e-12 for x, y in zip(shares, shares[1:]))     # explicit share rises
    labels = [s.formal_contract for s in sols]
    assert labels[0] == "nominal" and labels[-1] == "enforced"
    k = labels.index("enforced")                                       # one switch only
    assert set(labels[:k]) == {"nominal"} and set(labels[k:]) == {"enforced"}
    # at high distortion the relationship carries every incentive (first best, index 0)
    assert sols[0].incentive_regime == "first best" and sols[0].nominality_index == 0
    assert sols[-1].incentive_regime == "crowd-out" and sols[-1].nominality_index == 1


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 1))
def test_impatient_relationship_nominal_iff_ceremonial(a):
    # δ = 0.5: no implicit bonus is credible (crowd-out everywhere), so the formal contract is
    # nominal exactly when the indicators capture less than half of the first best: cos²θ < 1/2
    s = NominalContract(evaluation_accuracy=a, discount=0.5).solve()
    assert s.incentive_regime == "crowd-out"
    assert (s.formal_contract == "nominal") == (a * a < 0.5)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 0.99))
def test_control_and_rebellion_iff_discount_below_delta_star(d):
    s = NominalContract(discount=d).solve()
    below = d < 2 / 3
    assert (s.district_relation == "control-and-rebellion") == below
    assert (s.district_relation == "partnership") == (not below)
    assert s.district_play == (("Shirk", "Control") if below else ("Coop", "Trust"))
    assert s.four_c == ("confrontation" if below else "co-optation")
    if s.formal_contract == "nominal":
        assert s.regime == ("nominal: control-and-rebellion" if below else "nominal: partnership")


def test_threshold_is_exact_at_two_thirds():
    assert NominalContract(discount=0.6666).solve().district_relation == "control-and-rebellion"
    assert NominalContract(discount=0.6667).solve().district_relation == "partnership"


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([0.0, 0.2, 0.5, 0.9]), st.sampled_from([0.0, 0.3, 1.0]),
       st.sampled_from([2.5, 10.0]))
def test_alliance_iff_collusion_stake_positive(xi, k, A):
    s = NominalContract(near_detection=xi, side_transfer_efficiency=k, value_intercept=A).solve()
    assert (s.subdistrict_relation == "absorption-and-alliance") == (s.collusion_stake > 0)
    qH = float(s.collusion["qH_no_report"])
    assert (s.collusion_stake > 0) == (xi > 0 and k > 0 and qH > 0)
    if s.collusion_stake > 0:          # stake = k Δθ q_H
        assert close(s.collusion_stake, k * 1.0 * qH, 1e-12)


def test_no_alliance_when_side_deals_are_worthless_or_nothing_is_seen():
    assert NominalContract(side_transfer_efficiency=0).solve().subdistrict_relation == \
        "arm's length"
    s = NominalContract(near_detection=0).solve()
    assert s.subdistrict_relation == "arm's length" and s.collusion_stake == 0
    # a nearer office (higher ξ) cuts the stake but costs the district more
    lo = NominalContract(near_detection=0.3).solve()
    hi = NominalContract(near_detection=0.8).solve()
    assert hi.collusion_stake < lo.collusion_stake and hi.cost_of_collusion > lo.cost_of_collusion


def test_crowd_out_more_accurate_indicators_need_more_patience():
    thr = [NominalContract(evaluation_accuracy=a).relational_discount_threshold()
           for a in (0.1, 0.5, 0.9)]
    assert thr[0] < thr[1] < thr[2] < 1
    assert NominalContract(evaluation_accuracy=1.0).relational_discount_threshold() is None
    # relational contract exists iff δ > threshold
    m = NominalContract(evaluation_accuracy=0.5)
    t = m.relational_discount_threshold()
    assert NominalContract(evaluation_accuracy=0.5, discount=t - 1e-6).solve().implicit_bonus == 0
    assert NominalContract(evaluation_accuracy=0.5, discount=t + 1e-3).solve().implicit_bonus > 0


@pytest.mark.parametrize("acc,K", [(0.5, 0.0), (0.5, 0.2), (0.0, 0.165), (0.3, 0.24)])
def test_relational_threshold_matches_bisection(acc, K):
    # the closed form (K <= S_spot and the complementarity case K > S_spot, cf. BGM-COMPLEMENT)
    # against a bisection on the discount factor for a positive implicit bonus
    t = NominalContract(evaluation_accuracy=acc, fixed_cost=K).relational_discount_threshold()
    lo, hi = 0.01, 0.9999
    for _ in range(45):
        mid = (lo + hi) / 2
        if NominalContract(evaluation_accuracy=acc, fixed_cost=K, discount=mid).solve(
                ).implicit_bonus > 0:
            hi = mid
        else:
            lo = mid
    assert abs(t - hi) < 1e-9
    assert NominalContract(evaluation_accuracy=acc, fixed_cost=0.3).relational_discount_threshold(
    ) is None


def test_enforced_and_no_trade_regimes():
    assert NominalContract(evaluation_accuracy=0.9, discount=0.6).regime() == \
        "formal contract enforced"
    s = NominalContract(fixed_cost=1.0).solve()
    assert s.regime == "no trade" and s.formal_contract == "none" and s.nominality_index is None


def test_custom_trust_game_without_conflict_is_always_a_partnership():
    m = NominalContract(agency_payoffs=((5, 3), (4, 2)), discount=0.1)
    s = m.solve()
    assert s.delta_star == 0 and s.district_relation == "partnership"


def test_from_tiers():
    from contracts.models.tiers import government_tiers
    t = government_tiers()
    m = NominalContract.from_tiers(t["district bureau"], t["subdistrict office"])
    assert (m.evaluation_accuracy, m.discount, m.near_detection) == (0.25, 0.8, 0.75)
    assert m.regime() == "nominal: partnership"


# ---------------------------------------------------------------------------------- explain
def test_explain_report_and_record():
    ex = NominalContract().explain()
    assert isinstance(ex, Explanation)
    assert ex.regime == "nominal: control-and-rebellion"
    text = str(ex)
    for words in ("nominal", "control-and-rebellion", "absorption-and-alliance", "δ* = 0.6667",
                  "confrontation", "binding:"):
        assert words in text
    signs = {(c.parameter, c.outcome.split(" (")[0]): c.sign for c in ex.comparative_statics}
    assert signs[("evaluation_accuracy", "the share of the first best the indicators capture")] == 1
    assert signs[("near_detection", "the near tier's collusion stake")] == -1
    assert signs[("near_detection", "the district's cost of collusion")] == 1
    assert signs[("evaluation_accuracy", "the discount factor needed for any relational "
                                         "contract")] == 1
    rec = ex.to_record()
    assert rec["regime"] == ex.regime and close(rec["collusion_stake"], 3.25, 1e-12)
    assert NominalContract().to_record() == {**rec}
    assert NominalContract().explain(comparative_statics=False).comparative_statics == ()


def test_nominality_static_in_the_mixed_regime_is_positive():
    ex = NominalContract(evaluation_accuracy=0.6, discount=0.9).explain()
    assert ex.regime == "nominal: partnership"
    sign = [c.sign for c in ex.comparative_statics
            if c.parameter == "evaluation_accuracy" and "nominality" in c.outcome]
    assert sign == [1]
    # comparative statics at the boundary of the range use a one-sided difference
    NominalContract(evaluation_accuracy=1.0).explain()


def test_explain_is_fast():
    NominalContract().explain()
    t = time.perf_counter()
    NominalContract(discount=0.7).explain()
    assert time.perf_counter() - t < 2.0


# ---------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kw,match", [
    ({"evaluation_accuracy": 1.5}, "evaluation_accuracy"),
    ({"evaluation_accuracy": -0.1}, "evaluation_accuracy"),
    ({"evaluation_accuracy": float("nan")}, "evaluation_accuracy"),
    ({"discount": 0}, "discount"),
    ({"discount": 1}, "discount"),
    ({"effort_cost": 0}, "effort_cost"),
    ({"fixed_cost": -1}, "fixed_cost"),
    ({"measure_scale": 0}, "measure_scale"),
    ({"risk_aversion": -1}, "risk_aversion"),
    ({"high_cost": 0.5}, "high_cost"),
    ({"prob_low_cost": 1}, "prob_low_cost"),
    ({"near_detection": 1}, "near_detection"),
    ({"side_transfer_efficiency": 2}, "side_transfer_efficiency"),
    ({"nominal_threshold": 0}, "nominal_threshold"),
    ({"agency_payoffs": ((1, 2, 3), (4, 5, 6))}, "agency_payoffs"),
    ({"agency_payoffs": 3}, "agency_payoffs"),
    ({"government_payoffs": ((1, "x"), (0, 1))}, "government_payoffs"),
    ({"government_payoffs": ((1, 1), (1, 1))}, "constant"),
    ({"discount": "0.5"}, "discount"),
])
def test_bad_parameters(kw, match):
    with pytest.raises(InvalidParameterError, match=match):
        NominalContract(**kw)


def test_bad_measures_and_tiers():
    with pytest.raises(InvalidParameterError, match="points away"):
        NominalContract.from_measures([1, 0], [-1, 1])
    with pytest.raises(InvalidParameterError, match="two-task"):
        NominalContract.from_measures([1, 0, 0], [1, 1, 0])
    with pytest.raises(InvalidParameterError, match="non-zero"):
        NominalContract.from_measures([0, 0], [1, 1])
    with pytest.raises(InvalidParameterError, match="Tier"):
        NominalContract.from_tiers("district", "office")


def test_crowd_out_versus_complementarity_in_the_statics():
    # BGM (i): without fixed cost, more accurate indicators make relational contracts harder;
    # BGM (ii): with a fixed cost above the spot surplus they make them easier (complements)
    def sign(K):
        ex = NominalContract(evaluation_accuracy=0.3, fixed_cost=K, discount=0.95).explain()
        return [c.sign for c in ex.comparative_statics
                if c.outcome.startswith("the discount factor needed")]
    assert sign(0.0) == [1] and sign(0.2) == [-1]

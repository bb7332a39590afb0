"""Known answers reproduced through the chain game's equilibrium with other tiers switched off.

TIROLE-1 / TIROLE-2 (collusion with a supervisor) through stage 3a, DISMISS-1 (dismissal
threat with renewal risk) through stage 2's renewal constraint. Each test states the mapping
that holds and, where the chain's formulation differs from the oracle's model, a test pins the
difference down so it cannot drift silently.
"""

import math

import pytest

from conftest import close, load_oracles
from contracts.models.chain import Chain

ORACLES = load_oracles()

# every other link off: no cut, one worker kept at its reservation wage, no control trouble
_QUIET = dict(budget_cut=0.0, worker_names=("w1",), wages=(5.0,), reservation_wages=(5.0,),
              competence=(1.0,), relationship=(0.0,), outside_offers=(False,), required_staff=1,
              alternative_funding=0.0)


# ------------------------------------------------------------------------ TIROLE-*
def _tirole_chain(o, *, report_value):
    """Stage 3a at Tirole's primitives: nearness ξ, transfer efficiency k, frictionless side
    contracts (τ0 = 0), and the agency's stake set to the efficient type's rent Δθ·q_H.

    The chain does not derive q_H (it has no cost types): the stake is Λ(1 − alternative
    funding) with Λ = δ/(1−δ)·ρ·u, so u is chosen to make Λ equal the oracle's rent.
    """
    p, e = o["params"], o["expected"]
    rent = (p["thH"] - p["thL"]) * e["qH_no_report"]
    delta = 0.8                                   # δ/(1−δ) = 4
    return Chain(**_QUIET, discount=delta, renewal_probability=1.0,
                 relationship_rent=rent * (1 - delta) / delta, nearness=p["xi"],
                 side_transfer_efficiency=p["k"], side_contract_cost=0.0,
                 report_value=report_value), rent


@pytest.mark.parametrize("oid", ["TIROLE-1", "TIROLE-2"])
def test_tirole_collusion_proof_reward_through_stage_3a(oid):
    """TIROLE-1/2: the collusion-proof reward is w = k·(what the agency loses if reported);
    with the bureau valuing a report above w it pays it and no side deal occurs on the path
    (Tirole's collusion-proofness)."""
    o = ORACLES[oid]
    m, rent = _tirole_chain(o, report_value=100.0)
    eq = m.solve()
    assert eq.purchasing.rule in ("partner", "buddy")          # a relationship to protect
    sc = eq.side_contract
    assert close(sc.stake, rent, 1e-12)
    assert close(sc.stake, o["expected"].get("agent_rent_no_report", rent), o["tolerance"])
    assert sc.cost == 0.0
    assert close(sc.collusion_proof_reward, o["expected"]["supervisor_reward"], o["tolerance"])
    assert sc.deterred and not sc.occurs
    assert not eq.regimes()["absorption-and-alliance"]


def test_tirole_chain_tolerates_collusion_when_a_report_is_worth_less_than_w():
    """TIROLE-1 mapping, the difference: Tirole's principal always deters collusion (w.l.o.g.);
    the chain's bureau compares w with what a report is worth and may tolerate the side deal."""
    o = ORACLES["TIROLE-1"]
    w = o["expected"]["supervisor_reward"]
    m, _ = _tirole_chain(o, report_value=w - 0.5)
    # make perfunctory compliance possible, so the agency has something to conceal
    m = m.replace(compliance_cost=2.0, control_cost=0.5, perfunctory_loss=2.0)
    eq = m.solve()
    sc = eq.side_contract
    assert close(sc.collusion_proof_reward, w, o["tolerance"])
    assert not sc.deterred
    assert sc.something_to_conceal and sc.occurs
    assert eq.regimes()["absorption-and-alliance"]


# ------------------------------------------------------------------------ DISMISS-1
def _dismiss_chain(o, *, rent):
    """Stage 2 at the dismissal-threat primitives: detection q = evaluation accuracy, effort
    cost e = κ·1²/2 at the only effort level 1 (V = κ, so the first best is q = 1), the outside
    surplus netting the value of effort out (s̄ = V), so the surplus at q = 1 is u − e with
    u the wage premium w − ū. Renewal risk s enters through the effective discount δ(1 − s)
    with sure renewal (ρ = 1): losing the relationship once ends it for good."""
    p = o["params"]
    kappa = 2 * p["e"]
    return Chain(**_QUIET, evaluation_accuracy=p["q"], discount=p["delta"] * (1 - p["s"]),
                 renewal_probability=1.0, quality_value=kappa, quality_cost=kappa,
                 outside_surplus=kappa, relationship_rent=rent)


def test_dismiss_minimum_incentive_wage_from_the_chain():
    """DISMISS-1: w ≥ ū + e + e(1 − δ(1−s))/(δq(1−s)). From the chain: the enforcement
    multiplier m = α·δ'/(1−δ')·ρ of stage 2 gives the incentive rent e/m; at that wage premium
    the highest self-enforcing quality is exactly the effort level, and just below it is not."""
    o = ORACLES["DISMISS-1"]
    p, ex, tol = o["params"], o["expected"], o["tolerance"]
    probe = _dismiss_chain(o, rent=1.0).solve()
    m = probe.purchasing.enforcement
    incentive_rent = p["e"] / m
    assert close(incentive_rent, ex["incentive_rent"], tol)
    min_wage = p["u"] + p["e"] + incentive_rent
    assert close(min_wage, ex["min_incentive_wage"], tol)
    # the constraint binds exactly there: effort 1 is self-enforcing at the oracle's wage ...
    at = _dismiss_chain(o, rent=ex["min_incentive_wage"] - p["u"]).solve().purchasing
    assert math.isclose(at.max_quality, 1.0, abs_tol=1e-9)
    # ... and not with a slightly smaller premium
    below = _dismiss_chain(o, rent=ex["min_incentive_wage"] - p["u"] - 1e-4).solve()
    assert below.purchasing.max_quality < 1.0 - 1e-6


def test_dismiss_renewal_risk_is_not_the_chains_renewal_probability():
    """DISMISS-1 mapping, the difference: the chain's Λ = δ/(1−δ)·ρ·u applies ρ once, while the
    oracle's renewal risk compounds every period (δ(1−s)/(1−δ(1−s))). Entering s as 1 − ρ with
    the oracle's δ gives a larger multiplier and a lower wage than DISMISS-1's."""
    o = ORACLES["DISMISS-1"]
    p, ex = o["params"], o["expected"]
    m = Chain(**_QUIET, evaluation_accuracy=p["q"], discount=p["delta"],
              renewal_probability=1 - p["s"]).solve().purchasing.enforcement
    assert p["e"] / m < ex["incentive_rent"] - 0.1
    # with s = 0 the two formulations coincide
    m0 = Chain(**_QUIET, evaluation_accuracy=p["q"], discount=p["delta"],
               renewal_probability=1.0).solve().purchasing.enforcement
    assert math.isclose(p["e"] / m0, p["e"] * (1 - p["delta"]) / (p["delta"] * p["q"]),
                        rel_tol=1e-12)

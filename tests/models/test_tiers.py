"""contracts.models.tiers: the shared vocabulary (Tier, TierChain, default chains), DEPEND-1."""

import dataclasses
import math

import pytest
from hypothesis import given, settings, strategies as st

from conftest import close, load_oracles
from contracts.agency.bargaining import ResourceDependence
from contracts.exceptions import InvalidParameterError
from contracts.models.tiers import (GOVERNMENT_LEVELS, LEVELS, Tier, TierChain, default_chain,
                                    government_tiers, nash_weight, power_from_dependence)

ORACLES = load_oracles()


def test_default_chain_shape_and_dependence_weight():
    # DEPEND-1: the bureau's Nash weight against the agency is D_A / (D_A + D_G)
    o = ORACLES["DEPEND-1"]
    chain = default_chain()
    assert chain.names == ("district bureau", "agency", "worker")
    assert [t.level for t in chain] == ["district bureau", "agency", "worker"]
    assert close(chain.nash_weight("district bureau", "agency"), o["expected"]["alpha_G"],
                 o["tolerance"])
    p = o["params"]
    assert close(chain["district bureau"].bargaining_power,
                 power_from_dependence(p["share_A_from_G"], p["essentiality_A"]), 1e-12)
    assert close(chain["agency"].bargaining_power,
                 power_from_dependence(p["share_G_from_A"], 1 - p["substitutability_G"]), 1e-12)
    assert chain.is_power_decreasing()
    assert [t.name for t in chain.weakest_first()] == ["worker", "agency", "district bureau"]
    assert chain.top.is_government and not chain.bottom.is_government
    assert [(a.name, b.name) for a, b in chain.pairs()] == [("district bureau", "agency"),
                                                             ("agency", "worker")]
    assert "Nash weight of district bureau against agency: 0.8421" in str(chain)


def test_government_tiers_near_tier_sees_more_far_tier_has_more_power():
    g = government_tiers()
    assert [t.level for t in g] == list(GOVERNMENT_LEVELS)
    acc = [t.evaluation_accuracy for t in g]
    power = [t.bargaining_power for t in g]
    assert acc == sorted(acc) and acc[0] < acc[-1]
    assert power == sorted(power, reverse=True)
    assert all(not t.quality_verifiable for t in g)


def test_tier_properties():
    t = Tier("agency", "agency", discount=0.8, logit_precision=math.inf)
    assert close(t.patience, 4.0, 1e-12)
    assert t.is_fully_rational and t.rank == LEVELS.index("agency")
    assert "agency (agency)" in str(t) and "∞" in str(t)
    t2 = t.replace(bargaining_power=0.3)
    assert t2.bargaining_power == 0.3 and t.bargaining_power == 0.5
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.discount = 0.5


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_nash_weight_from_dependence_matches_agency_layer(sa, e, sg, sub):
    da, dg = power_from_dependence(sa, e), power_from_dependence(sg, 1 - sub)
    if da + dg == 0:
        with pytest.raises(InvalidParameterError):
            nash_weight(da, dg)
        return
    ref = (
        ResourceDependence(
            agency_revenue_share=sa,
            essentiality=e,
            government_service_share=sg,
            substitutability=sub,
        )
        .solve()
        .government_weight
    )
    assert close(nash_weight(da, dg), ref, 1e-12)
    assert close(nash_weight(da, dg) + nash_weight(dg, da), 1.0, 1e-12)


def test_weakest_first_tie_breaks_lower_tier_first_and_replace_tier():
    chain = TierChain((Tier("g", "district bureau", 0.5), Tier("a", "agency", 0.5),
                       Tier("w", "worker", 0.1)))
    assert [t.name for t in chain.weakest_first()] == ["w", "a", "g"]
    c2 = chain.replace_tier("a", bargaining_power=0.9)
    assert not c2.is_power_decreasing() and chain.is_power_decreasing()
    assert [t.name for t in c2.weakest_first()] == ["w", "g", "a"]
    assert chain.by_level("worker") == (chain["w"],)


@pytest.mark.parametrize("kw", [
    {"level": "ministry"}, {"bargaining_power": 1.5}, {"bargaining_power": -0.1},
    {"evaluation_accuracy": 2}, {"quality_verifiable": 1}, {"logit_precision": -1},
    {"discount": 1.0}, {"discount": 0}, {"name": ""}, {"discount": float("nan")},
])
def test_tier_bad_input(kw):
    base = {"name": "x", "level": "agency"}
    base.update(kw)
    with pytest.raises(InvalidParameterError):
        Tier(**base)


def test_chain_bad_input():
    a = Tier("a", "agency")
    with pytest.raises(InvalidParameterError, match="at least 2"):
        TierChain((a,))
    with pytest.raises(InvalidParameterError, match="distinct"):
        TierChain((a, Tier("a", "worker")))
    with pytest.raises(InvalidParameterError, match="Tier"):
        TierChain((a, "worker"))
    with pytest.raises(InvalidParameterError):
        TierChain(5)
    with pytest.raises(KeyError):
        default_chain()["ministry"]
    with pytest.raises(InvalidParameterError):
        default_chain().by_level("ministry")
    with pytest.raises(InvalidParameterError):
        a.nash_weight_against("agency")
    with pytest.raises(InvalidParameterError):
        nash_weight(0, 0)
    with pytest.raises(InvalidParameterError):
        power_from_dependence(1.2, 1)


def test_finite_difference_sign_at_range_boundary():
    """One-sided differences when a parameter sits on the edge of its valid range."""
    import dataclasses

    from contracts._validation import check_probability
    from contracts.models._explain import finite_difference_sign

    @dataclasses.dataclass(frozen=True)
    class Toy:
        p: float = 1.0

        def __post_init__(self):
            check_probability("Toy", "p", self.p)

    up = finite_difference_sign(lambda m: 3 * m.p, Toy(1.0), "p", "value")
    assert up.sign == 1 and abs(up.derivative - 3) < 1e-6
    down = finite_difference_sign(lambda m: -m.p ** 2, Toy(0.0), "p", "value")
    assert down.sign == -1 or down.sign == 0
    assert finite_difference_sign(lambda m: 5.0, Toy(0.5), "p", "value").sign == 0

"""contracts.estimate.identified_set: parameters consistent with noiseless regime observations."""

import math

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from contracts.estimate import IdentifiedSet, identified_set  # noqa: E402
from contracts.estimate.identified import parse_regimes  # noqa: E402
from contracts.exceptions import FormatError, InvalidParameterError  # noqa: E402
from contracts.models.chain import Chain  # noqa: E402


def _threshold_cases():
    # with no evaluation (accuracy 0) partner purchasing is not self-enforcing, and the bureau
    # chooses buddy iff ω·N − t − u ≥ −tender_cost, i.e. tender_cost ≥ t + u − ω·N
    return pd.DataFrame({"case": ["x", "y"], "period": [0, 0],
                         "evaluation_accuracy": [0.0, 0.0], "no_trouble_weight": [1.0, 0.5],
                         "regime": ["buddy; nominal contract", "tender"]})


def test_bounds_match_the_closed_form_thresholds():
    m = Chain()
    t, u, n = m.no_trouble_cost, m.relationship_rent, m.no_trouble_value
    low, high = t + u - 1.0 * n, t + u - 0.5 * n         # 0.2 and 0.7
    s = identified_set(m, _threshold_cases(), bounds={"tender_cost": (0.0, 1.5)}, n_points=151)
    assert isinstance(s, IdentifiedSet) and not s.empty
    lo, hi = s.bound("tender_cost")
    step = s.resolution[0]
    assert low - 1e-9 <= lo <= low + step + 1e-9
    assert high - step - 1e-9 <= hi < high
    # every consistent point lies inside the closed-form set, every inside point is consistent
    x = s.points[:, 0]
    inside = (x >= low - 1e-9) & (x < high - 1e-9)
    assert np.array_equal(s.consistent, inside)


def test_two_parameters_on_sobol_points():
    m = Chain()
    s = identified_set(m, _threshold_cases(),
                       bounds={"tender_cost": (0.0, 1.5), "no_trouble_cost": (0.0, 0.6)},
                       n_points=64, method="sobol", rng=3)
    pts = s.consistent_points()
    # the set is {t + u − 1 ≤ cost < t + u − 0.5} in (cost, t)
    c, t = pts[:, 0], pts[:, 1]
    assert np.all(c >= t + 1.0 - 1.0 - 1e-9) and np.all(c < t + 1.0 - 0.5)
    assert 0 < s.n_consistent < s.n_points
    frame = s.to_dataframe()
    assert frame["parameter"].tolist() == ["tender_cost", "no_trouble_cost"]
    assert "identified set" in str(s) and "\n" not in repr(s)
    import json
    d = s.to_dict()
    json.dumps(d)
    assert d["type"] == "IdentifiedSet" and d["n_consistent"] == s.n_consistent


def test_contradictory_observations_give_an_empty_set():
    df = pd.DataFrame({"case": [0, 1], "period": 0, "regime": ["buddy", "tender"]})
    s = identified_set(Chain(), df, grid={"tender_cost": [0.0, 0.5, 1.0, 2.0]})
    assert s.empty and s.bound("tender_cost") is None
    assert "reject" in str(s)


def test_labelled_and_negated_regimes():
    assert parse_regimes(" buddy ;not  passive dismissal;stage=control ") == (
        ("buddy", True), ("passive dismissal", False), ("stage", "control"))
    reg = Chain().solve().regimes()
    df = pd.DataFrame({"case": [0], "period": [0],
                       "regime": [f"4C={reg['4C']}; not partner"]})
    s = identified_set(Chain(), df, grid={"budget_cut": [7.0]})
    assert s.n_consistent == 1


def test_bad_input():
    df = _threshold_cases()
    with pytest.raises(FormatError, match="^identified_set: row 0: unknown regime 'budy'"):
        identified_set(Chain(), df.assign(regime=["budy", "tender"]),
                       grid={"tender_cost": [1.0]})
    with pytest.raises(FormatError, match="^identified_set: expected a 'regime' column"):
        identified_set(Chain(), df.drop(columns="regime"), grid={"tender_cost": [1.0]})
    with pytest.raises(InvalidParameterError, match="^identified_set: give grid"):
        identified_set(Chain(), df)
    with pytest.raises(InvalidParameterError, match="^identified_set: .*logit_precision"):
        identified_set(Chain(), df, grid={"logit_precision": [1.0]})
    with pytest.raises(InvalidParameterError, match="^identified_set: method"):
        identified_set(Chain(), df, bounds={"tender_cost": (0, 1)}, method="random")
    with pytest.raises(InvalidParameterError, match="^identified_set: grid"):
        identified_set(Chain(), df, grid={"tender_cost": [math.nan]})

"""contracts.estimate: the case-data format, its loader, the simulator and outcome probabilities."""

import math

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from contracts.estimate import (GameChoices, available_outcomes, load_cases,  # noqa: E402
                                outcome_probabilities, simulate_panel)
from contracts.exceptions import (FormatError, InvalidParameterError,  # noqa: E402
                                  UnsupportedGameError)
from contracts.models.chain import Chain  # noqa: E402
from contracts.models.views import PassiveDismissal  # noqa: E402


def test_load_cases_normalises_and_sorts():
    df = pd.DataFrame({"case": ["b", "a", "a"], "period": [0, 1, 0.0],
                       "rule": [" Buddy", "tender", None], "renewed": ["yes", 0, "TRUE"],
                       "dismissals": [1.0, "2", np.nan], "budget_cut": [3.0, 5.0, 5.0]})
    out = load_cases(df)
    assert out["case"].tolist() == ["a", "a", "b"]
    assert out["period"].tolist() == [0, 1, 0]
    assert out["rule"].tolist() == [None, "tender", "buddy"]
    assert out["renewed"].tolist() == [True, False, True]
    assert out["dismissals"].tolist() == [None, 2, 1]
    assert df["rule"].tolist()[0] == " Buddy"          # the input is not modified


def test_load_cases_reads_csv(tmp_path):
    df = simulate_panel(Chain(logit_precision=1.0), 3, 2, rng=0, outcomes=["rule", "control"])
    path = tmp_path / "cases.csv"
    df.to_csv(path, index=False)
    back = load_cases(path)
    assert back["rule"].tolist() == df["rule"].tolist()
    assert back["control"].tolist() == df["control"].tolist()


@pytest.mark.parametrize("frame, match", [
    ({"period": [0], "rule": ["buddy"]}, "column 'case'"),
    ({"case": [0], "period": [0], "colour": ["red"]}, "unknown columns"),
    ({"case": [0], "period": [0], "rule": ["friend"]}, "column 'rule'"),
    ({"case": [0], "period": [-1], "rule": ["buddy"]}, "non-negative integer"),
    ({"case": [0], "period": [0.5], "rule": ["buddy"]}, "non-negative integer"),
    ({"case": [0, 0], "period": [1, 1], "rule": ["buddy", "tender"]}, "more than once"),
    ({"case": [0], "period": [0], "dismissals": [9]}, "column 'dismissals'"),
    ({"case": [0], "period": [0], "renewed": ["maybe"]}, "column 'renewed'"),
    ({"case": [0, 1], "period": [0, 0], "budget_cut": [1.0, None]}, "missing"),
])
def test_load_cases_rejects_bad_data(frame, match):
    with pytest.raises(FormatError, match=r"^load_cases: .*" + match):
        load_cases(pd.DataFrame(frame))


def test_load_cases_rejects_invalid_covariates_and_missing_files(tmp_path):
    with pytest.raises(InvalidParameterError, match="^load_cases: .*evaluation_accuracy"):
        load_cases(pd.DataFrame({"case": [0], "period": [0], "evaluation_accuracy": [2.0]}))
    with pytest.raises(FormatError, match="^load_cases: could not read"):
        load_cases(tmp_path / "absent.csv")


def test_outcome_probabilities_sum_to_one_and_match_the_solved_game():
    from contracts.estimate.outcomes import simulable_outcomes
    for model in (Chain(logit_precision=1.5), PassiveDismissal(logit_precision=0.7)):
        probs = outcome_probabilities(model, simulable_outcomes(model))
        for o, p in probs.items():
            assert math.isclose(sum(p.values()), 1.0, abs_tol=1e-12), o
            assert all(v >= 0 for v in p.values())
        eq = model.solve()
        assert probs["rule"] == pytest.approx(eq.purchasing.probabilities)
        assert probs["control"][True] == pytest.approx(eq.inspection.control)
        assert probs["perfunctory"][True] == pytest.approx(eq.inspection.perfunctory)
        assert probs["renewed"][True] == model.renewal_probability


def test_dismissals_follow_the_model_plan_in_the_limit():
    # The chain reports per-worker keep probabilities; the number of dismissals has an exact
    # probability only at infinite precision (the model's own plan), and is refused otherwise.
    m = PassiveDismissal()
    n_dismissed = len(m.solve().workforce.dismissed)
    assert outcome_probabilities(m, ["dismissals"])["dismissals"][n_dismissed] == 1.0
    with pytest.raises(UnsupportedGameError, match="^outcome_probabilities: "):
        outcome_probabilities(m.replace(logit_precision=1.0), ["dismissals"])
    # a programme ended by failed talks dismisses everybody with certainty
    broke = Chain(budget_cut=22.0, alternative_funding=0.9)
    assert not broke.solve().sharing.agreement
    assert outcome_probabilities(broke, ["dismissals"])["dismissals"][4] == 1.0


def test_simulate_panel_draws_at_the_model_frequencies():
    m = Chain(logit_precision=1.0)
    df = simulate_panel(m, 400, 5, rng=7, outcomes=["rule", "renewed"])
    assert len(df) == 2000 and set(df["period"]) == set(range(5))
    p = m.purchasing().probabilities
    for rule in ("partner", "buddy", "tender"):
        share = float((df["rule"] == rule).mean())
        sd = math.sqrt(p[rule] * (1 - p[rule]) / 2000)
        assert abs(share - p[rule]) < 4 * sd + 1e-12, rule
    assert abs(df["renewed"].astype(bool).mean() - 0.75) < 4 * math.sqrt(.75 * .25 / 2000)
    again = simulate_panel(m, 400, 5, rng=7, outcomes=["rule", "renewed"])
    assert again.equals(df)


def test_simulate_panel_covariates_and_bad_input():
    df = simulate_panel(Chain(), 3, 2, rng=0,
                        covariates={"budget_cut": [0.0, 4.0, 7.0], "discount": 0.8},
                        outcomes=["dismissals"])
    assert df["dismissals"].tolist()[0] == 0 and df["dismissals"].tolist()[-1] >= 1
    assert df["budget_cut"].tolist() == [0.0, 0.0, 4.0, 4.0, 7.0, 7.0]
    assert set(df["discount"]) == {0.8}
    with pytest.raises(InvalidParameterError, match="^simulate_panel: covariate 'budget_cut'"):
        simulate_panel(Chain(), 3, 1, covariates={"budget_cut": [1.0]})
    with pytest.raises(InvalidParameterError, match="^simulate_panel: covariate 'colour'"):
        simulate_panel(Chain(), 3, 1, covariates={"colour": 1.0})
    with pytest.raises(InvalidParameterError, match="^simulate_panel: n_cases"):
        simulate_panel(Chain(), 0, 1)
    with pytest.raises(InvalidParameterError, match="^simulate_panel: outcomes"):
        simulate_panel(Chain(), 2, 1, outcomes=["weather"])


def test_game_choices_validates():
    import contracts as ct
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert available_outcomes(GameChoices(g)) == g.players
    with pytest.raises(InvalidParameterError, match="^GameChoices: "):
        GameChoices(g, logit_precision=-1.0)
    with pytest.raises(InvalidParameterError, match="^GameChoices: "):
        GameChoices([[1, 0]])

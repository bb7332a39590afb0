"""contracts.estimate.estimate: maximum likelihood, its standard errors and intervals."""

import json
import math

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

import contracts as ct  # noqa: E402
from contracts.bounded import logit_estimate  # noqa: E402
from contracts.estimate import (EstimationResult, GameChoices, estimate,  # noqa: E402
                                log_likelihood, simulate_panel)
from contracts.exceptions import FormatError, InvalidParameterError  # noqa: E402
from contracts.models.chain import Chain  # noqa: E402


def _choices_frame(game, counts):
    cols = {}
    n = max(int(sum(c)) for c in counts)
    for player, actions, c in zip(game.players, game.actions, counts):
        col = [a for a, k in zip(actions, c) for _ in range(int(k))]
        cols[player] = col + [None] * (n - len(col))
    return pd.DataFrame({"case": range(n), "period": 0, **cols})


def test_qre_precision_equals_the_normal_form_logit_estimate():
    g = ct.NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    counts = [[70, 12], [17, 61]]                  # not a QRE: a genuine fit
    ref = logit_estimate(g, counts)
    fit = estimate(GameChoices(g), _choices_frame(g, counts), ["logit_precision"],
                   bounds={"logit_precision": (0.0, 50.0)}, profile=False, rng=0)
    assert fit.estimate("logit_precision") == pytest.approx(ref.lam, rel=1e-4)
    assert fit.objective == pytest.approx(ref.log_likelihood, abs=1e-8)
    assert fit.n_obs == 160 and fit.converged


def test_log_likelihood_is_the_sum_of_the_model_log_probabilities():
    m = Chain(logit_precision=1.3)
    df = pd.DataFrame({"case": [0, 1, 2, 3], "period": 0,
                       "evaluation_accuracy": [0.2, 0.2, 0.5, 0.5],
                       "rule": ["buddy", "partner", "tender", None],
                       "renewed": [True, None, False, True]})
    want = 0.0
    for acc, rule, ren in zip(df["evaluation_accuracy"], df["rule"], df["renewed"]):
        p = m.replace(evaluation_accuracy=acc).purchasing().probabilities
        want += 0.0 if pd.isna(rule) else math.log(p[rule])
        want += 0.0 if pd.isna(ren) else math.log(0.75 if ren else 0.25)
    assert log_likelihood(m, df) == pytest.approx(want, abs=1e-12)
    assert log_likelihood(Chain(), df, {"logit_precision": 1.3}) == pytest.approx(want, 1e-12)


def test_bernoulli_mle_matches_its_closed_forms():
    # renewals only: the MLE is the renewal share, the observed information n/(p(1-p)), and
    # the profile interval solves the binomial likelihood-ratio equation
    k, n = 37, 50
    df = pd.DataFrame({"case": range(n), "period": 0, "renewed": [True] * k + [False] * (n - k)})
    fit = estimate(Chain(), df, ["renewal_probability"], rng=0)
    p = k / n
    assert fit.estimate("renewal_probability") == pytest.approx(p, abs=1e-5)
    assert fit.std_errors[0] == pytest.approx(math.sqrt(p * (1 - p) / n), rel=1e-3)
    from scipy.optimize import brentq

    def lr(q):
        ll = k * math.log(q) + (n - k) * math.log(1 - q)
        return 2 * (k * math.log(p) + (n - k) * math.log(1 - p) - ll) - 3.841458820694124

    lo, hi = brentq(lr, 1e-6, p), brentq(lr, p, 1 - 1e-6)
    assert fit.profile_intervals[0] == pytest.approx((lo, hi), abs=1e-4)
    assert fit.intervals[0] == pytest.approx((p - 1.959964 * fit.std_errors[0],
                                              p + 1.959964 * fit.std_errors[0]), abs=1e-6)


def test_parameter_recovery_small():
    # 20 panels from known parameters: the 95% profile intervals cover the truth in most
    # (the 200-replication version is benchmarks/bench_recovery.py)
    truth = Chain(logit_precision=2.0)
    rng = np.random.default_rng(2024)
    cover, est = 0, []
    for _ in range(20):
        df = simulate_panel(truth, 40, 4, rng=rng, outcomes=["rule"],
                            covariates={"evaluation_accuracy": rng.choice([0.2, 0.5], 40)})
        fit = estimate(Chain(), df, ["logit_precision"],
                       bounds={"logit_precision": (0.05, 20.0)}, n_starts=1)
        lo, hi = fit.interval("logit_precision")
        cover += lo <= 2.0 <= hi
        est.append(fit.estimate("logit_precision"))
    assert 15 <= cover <= 20          # nominal 19; P(cover < 15) < 0.3% if the intervals are right
    assert abs(np.median(est) - 2.0) < 0.3


def test_result_reports():
    df = simulate_panel(Chain(logit_precision=2.0), 30, 3, rng=1, outcomes=["rule", "renewed"])
    fit = estimate(Chain(), df, ["logit_precision", "renewal_probability"],
                   bounds={"logit_precision": (0.1, 20)}, rng=0)
    assert isinstance(fit, EstimationResult)
    assert "\n" not in repr(fit) and repr(fit).startswith("EstimationResult(")
    text = str(fit)
    assert "maximum likelihood" in text and "logit_precision" in text and "profile" in text
    json.dumps(fit.to_dict())
    frame = fit.to_dataframe()
    assert frame["parameter"].tolist() == ["logit_precision", "renewal_probability"]
    assert {"estimate", "std_error", "wald_low", "profile_high"} <= set(frame.columns)
    for (lo, hi), (plo, phi), x in zip(fit.intervals, fit.profile_intervals, fit.estimates):
        assert lo < x < hi and plo < x < phi
    assert len(fit.extra["start_log_likelihoods"]) == 3
    with pytest.raises(InvalidParameterError, match="was not estimated"):
        fit.estimate("discount")


@pytest.mark.parametrize("kwargs, match", [
    (dict(params=["colour"]), "not a parameter"),
    (dict(params=["wages"]), "real-valued"),
    (dict(params=["required_staff"]), "real-valued"),
    (dict(params=["budget_cut"]), "covariate"),
    (dict(params=[]), "non-empty"),
    (dict(params=["discount"], bounds={"discount": (0.5, 1.5)}), "valid range"),
    (dict(params=["discount"], bounds={"discount": (0.9, 0.5)}), "low < high"),
    (dict(params=["discount"], bounds={"nearness": (0, 1)}), "not estimated"),
    (dict(params=["discount"], level=1.5), "level"),
    (dict(params=["discount"], n_starts=0), "^estimate: n_starts"),
    (dict(params=["discount"], start={"nearness": 0.5}), "^estimate: start given"),
])
def test_estimate_rejects_bad_input(kwargs, match):
    df = pd.DataFrame({"case": [0, 1], "period": 0, "budget_cut": [1.0, 2.0],
                       "rule": ["buddy", "tender"]})
    with pytest.raises(InvalidParameterError, match=match):
        estimate(Chain(logit_precision=1.0), df, **kwargs)


def test_estimate_needs_observed_outcomes():
    df = pd.DataFrame({"case": [0], "period": [0], "rule": [None]})
    with pytest.raises(InvalidParameterError, match="^estimate: the data hold no observed"):
        estimate(Chain(), df, ["logit_precision"])
    with pytest.raises(FormatError, match="^load_cases"):
        estimate(Chain(), pd.DataFrame({"case": [0]}), ["logit_precision"])


def test_zero_probability_observations_are_reported():
    # at accuracy 0 no positive quality is self-enforcing: partner has probability 0
    df = pd.DataFrame({"case": [0, 1, 2], "period": 0, "evaluation_accuracy": 0.0,
                       "rule": ["partner", "buddy", "tender"]})
    fit = estimate(Chain(), df, ["logit_precision"], bounds={"logit_precision": (0.1, 5)},
                   profile=False, n_starts=1)
    assert fit.extra["zero_probability_observations"] == 1
    assert "probability 0" in fit.message

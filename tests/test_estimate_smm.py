"""contracts.estimate.smm: simulated method of moments."""

import math

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from contracts.estimate import estimate, simulate_panel, smm  # noqa: E402
from contracts.exceptions import InvalidParameterError  # noqa: E402
from contracts.models.chain import Chain  # noqa: E402


def test_just_identified_renewal_rate():
    k, n = 30, 40
    df = pd.DataFrame({"case": range(n), "period": 0, "renewed": [True] * k + [False] * (n - k)})
    fit = smm(Chain(), df, ["renewal_probability"], n_sim=50, rng=0)
    # the simulated renewal share (50 draws per row, fixed) matches the data's 0.75
    assert fit.estimate("renewal_probability") == pytest.approx(k / n, abs=0.03)
    assert fit.objective < 1e-10
    # sandwich standard error: the binomial one inflated by the simulation, √(1 + 1/S)
    se = math.sqrt(0.75 * 0.25 / n * (1 + 1 / 50))
    assert fit.std_errors[0] == pytest.approx(se, rel=0.1)
    assert fit.extra["df"] == 0


def test_smm_agrees_with_maximum_likelihood():
    truth = Chain(logit_precision=2.0)
    rng = np.random.default_rng(11)
    df = simulate_panel(truth, 60, 4, rng=rng, outcomes=["rule"],
                        covariates={"evaluation_accuracy": rng.choice([0.2, 0.5], 60)})
    box = {"logit_precision": (0.05, 20.0)}
    ml = estimate(Chain(), df, ["logit_precision"], bounds=box, profile=False, n_starts=1)
    opt = smm(Chain(), df, ["logit_precision"], bounds=box, n_starts=1, rng=1)
    assert opt.method == "simulated method of moments" and opt.profile_intervals is None
    # frequencies are sufficient statistics here: optimally weighted SMM is ML up to the
    # simulation noise, and about as precise
    assert abs(opt.estimates[0] - ml.estimates[0]) < 0.5 * ml.std_errors[0]
    assert 0.9 < opt.std_errors[0] / ml.std_errors[0] < 1.4
    assert opt.extra["moments"] == 4 and opt.extra["df"] == 3
    assert 0 <= opt.extra["J"] < 16.3                  # chi-square(3) 99.9% quantile
    ident = smm(Chain(), df, ["logit_precision"], bounds=box, weighting="identity",
                n_starts=1, rng=1)
    # identity weighting is consistent but less efficient
    assert abs(ident.estimates[0] - ml.estimates[0]) < ident.std_errors[0]
    assert ident.std_errors[0] >= 0.95 * opt.std_errors[0]
    assert ident.extra["weighting"] == "identity" and "J" not in ident.extra

@pytest.mark.parametrize("kwargs, match", [
    (dict(weighting="best"), "weighting"),
    (dict(n_sim=0), "n_sim"),
    (dict(smoothing=0.0), "smoothing"),
    (dict(params=["nope"]), "not a parameter"),
])
def test_bad_input(kwargs, match):
    df = pd.DataFrame({"case": [0, 1], "period": 0, "rule": ["buddy", "tender"]})
    kwargs = {"params": ["logit_precision"], **kwargs}
    with pytest.raises(InvalidParameterError, match="^smm: .*" + match):
        smm(Chain(), df, **kwargs)

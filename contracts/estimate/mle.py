"""Maximum likelihood of a model's parameters from observed case outcomes.

The log-likelihood of case data (:mod:`contracts.estimate.data`) at parameters ``θ`` is

    ℓ(θ) = Σ_rows Σ_outcomes log P_θ(observed category | the row's covariates),

where ``P_θ`` is :func:`~contracts.estimate.outcomes.outcome_probabilities` of the model with
the row's covariates and ``θ`` substituted — the players' logit (quantal response) choice
probabilities in the solved game at precision ``logit_precision``, so every observation has
positive likelihood at finite precision (outcomes the model rules out, such as a renewal rule
that is not self-enforcing, keep probability 0; they contribute ``log 1e-300`` so the search
can leave such regions, and the result counts them). Rows with the same covariates share one
solve of the model. Case-periods are independent given their covariates: the chain game is a
one-period game played afresh each period, so a panel enters through its covariates (a case's
persistent features, or values that change from period to period).

The maximum is searched in a box with L-BFGS-B from several starts; standard errors come from
the observed information (the inverse of minus the central-difference Hessian of ``ℓ`` at the
estimate); profile-likelihood intervals are the values where ``2·(ℓ̂ − ℓ_p) = χ²₁(level)``.

Examples
--------
>>> from contracts.models.chain import Chain
>>> from contracts.estimate import simulate_panel
>>> truth = Chain(logit_precision=2.0)
>>> df = simulate_panel(truth, 100, 4, rng=3, outcomes=["rule"])
>>> fit = estimate(Chain(), df, ["logit_precision"], bounds={"logit_precision": (0.1, 10)})
>>> lo, hi = fit.interval("logit_precision")
>>> bool(lo < 2.0 < hi)
True
"""

from __future__ import annotations

import math
import time
from typing import Mapping, Sequence

import numpy as np

from ..exceptions import InvalidParameterError
from . import _common as cm
from .outcomes import outcome_probabilities
from .result import EstimationResult

__all__ = ["estimate", "log_likelihood"]

_TINY = 1e-300
_LOG_TINY = math.log(_TINY)


def _group_loglik(model, panel, names, theta):
    """Per-group log-likelihood and the number of zero-probability observations."""
    subs = dict(zip(names, (float(t) for t in theta)))
    out = np.zeros(len(panel.groups))
    zeros = 0
    for g, cov in enumerate(panel.groups):
        m = model.replace(**cov, **subs)
        probs = outcome_probabilities(m, panel.outcomes)
        for o in panel.outcomes:
            n = panel.counts[o][g]
            mask = n > 0
            if not mask.any():
                continue
            p = np.array([probs[o].get(c, 0.0) for c in panel.categories[o]])[mask]
            zeros += int(n[mask][p <= _TINY].sum())
            out[g] += float(n[mask] @ np.log(np.maximum(p, _TINY)))
    return out, zeros


def log_likelihood(model, data, params: Mapping | None = None) -> float:
    """The log-likelihood of case data under ``model`` (with ``params`` substituted).

    Parameters
    ----------
    model : Chain or GameChoices
        The model; its parameters not in ``params`` nor among the data's covariates are held
        at their values.
    data : pandas.DataFrame or path
        Case data (:func:`~contracts.estimate.data.load_cases` format).
    params : mapping, optional
        Parameter values to substitute.

    Returns
    -------
    float
        ``Σ log P(observed outcome)``; an observation the model gives probability 0
        contributes ``log 1e-300``.

    Examples
    --------
    >>> import math
    >>> import pandas as pd
    >>> from contracts.models.chain import Chain
    >>> df = pd.DataFrame({"case": [0, 1], "period": [0, 0], "renewed": [True, False]})
    >>> round(log_likelihood(Chain(), df) - math.log(0.75 * 0.25), 12)
    0.0
    """
    _, panel = cm.check_data("log_likelihood", data, model)
    params = dict(params or {})
    names = tuple(params)
    if names:
        cm.check_params("log_likelihood", model, None, names, None)
    ll, _ = _group_loglik(model, panel, names, [params[n] for n in names])
    return float(ll.sum())


def _profile(loglik, x_hat, ll_hat, lo, hi, j, crit, se, max_iter, tol):
    """Profile-likelihood interval of parameter ``j``.

    Each end is bracketed by walking out from the estimate in steps of the standard error
    (doubling), then found by Brent's method; an end that does not drop far enough before
    the box's bound is the bound.
    """
    from scipy.optimize import brentq
    k = len(x_hat)
    others = [i for i in range(k) if i != j]
    warm = {"x": x_hat[others].copy()}

    def prof(v):
        if not others:
            return loglik(np.array([v]))

        def neg(y):
            x = x_hat.copy()
            x[j] = v
            x[others] = y
            return -loglik(x)

        y, f, _, _, _ = cm.minimise_in_box(neg, [warm["x"]], lo[others], hi[others],
                                           max_iter=max_iter, tol=tol)
        warm["x"] = y
        return -f

    def drop(v):
        return ll_hat - prof(v) - crit / 2

    width = hi[j] - lo[j]
    step0 = 2.0 * se if math.isfinite(se) and se > 0 else 0.1 * width
    ends = []
    for sign, bound in ((-1.0, lo[j]), (1.0, hi[j])):
        warm["x"] = x_hat[others].copy()
        inner, step, end = float(x_hat[j]), step0, None
        while end is None:
            v = float(np.clip(x_hat[j] + sign * step, lo[j], hi[j]))
            if abs(v - inner) <= 1e-12 * (1 + abs(v)):
                end = float(bound)
                break
            if drop(v) > 0:
                a, b = sorted((inner, v))
                xtol = 1e-3 * (se if math.isfinite(se) and se > 0 else 1e-2 * width)
                end = float(brentq(drop, a, b, xtol=xtol, maxiter=60))
            elif v == bound:
                end = float(bound)
            else:
                inner, step = v, 2 * step
        ends.append(end)
    return (min(ends), max(ends))


def estimate(model, data, params: Sequence[str], *, bounds: Mapping | None = None,
             start: Mapping | None = None, n_starts: int = 3, profile: bool = True,
             level: float = 0.95, max_iter: int = 200, tol: float = 1e-10,
             rng=None) -> EstimationResult:
    """Maximum-likelihood estimates of chosen model parameters from case data.

    Parameters
    ----------
    model : Chain or GameChoices
        The model (a :class:`~contracts.models.chain.Chain`, one of its presets, or
        :class:`~contracts.estimate.outcomes.GameChoices`). Parameters not estimated and not
        among the data's covariates stay at the model's values.
    data : pandas.DataFrame or path
        Case data in the :func:`~contracts.estimate.data.load_cases` format.
    params : sequence of str
        Real-valued parameters to estimate (``"logit_precision"`` among them to estimate the
        noise).
    bounds : mapping, optional
        ``{param: (low, high)}``: the search box (defaults: natural ranges; precision in
        ``[0.001, 100]``; money parameters in ``[0, max(10, 10·value)]``).
    start : mapping, optional
        The first starting point (default: the model's values).
    n_starts : int, default 3
        Number of starts (the others drawn uniformly inside the box with ``rng``).
    profile : bool, default True
        Also compute profile-likelihood intervals (one constrained maximisation per step).
    level : float, default 0.95
        Confidence level of the intervals.
    max_iter : int, default 200
        Iteration limit of each L-BFGS-B run.
    tol : float, default 1e-10
        Relative tolerance on the objective (L-BFGS-B's ``ftol``).
    rng : None, int or numpy.random.Generator
        Seeds the extra starting points.

    Returns
    -------
    EstimationResult
        ``objective`` is the maximised log-likelihood; ``extra`` holds the log-likelihood of
        every start, the number of evaluations, the number of observations the estimate
        gives probability 0, and the time taken.

    Raises
    ------
    InvalidParameterError
        Unknown or non-real parameters, a bad box, an estimated parameter that is also a
        covariate, or data without observed outcomes.
    FormatError
        The data do not follow the documented format.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> from contracts.estimate import simulate_panel
    >>> df = simulate_panel(Chain(logit_precision=1.5), 60, 5, rng=0, outcomes=["rule"])
    >>> fit = estimate(Chain(), df, ["logit_precision"], bounds={"logit_precision": (0.1, 10)},
    ...                profile=False)
    >>> fit.params, fit.n_obs
    (('logit_precision',), 300)
    """
    where = "estimate"
    t0 = time.perf_counter()
    level = cm.check_level(where, level)
    frame, panel = cm.check_data(where, data, model)
    names, lo, hi = cm.check_params(where, model, frame, params, bounds)
    if not isinstance(profile, bool):
        raise InvalidParameterError(f"{where}: profile must be True or False, got {profile!r}")
    calls = {"n": 0}

    def loglik(x):
        calls["n"] += 1
        return float(_group_loglik(model, panel, names, x)[0].sum())

    scale = max(1.0, float(panel.n_obs))

    def neg(x):                      # scaled so the optimiser's tolerances are per observation
        return -loglik(x) / scale

    x0s = cm.starts(where, model, names, lo, hi, n_starts, start, rng)
    x, f, ok, msg, runs = cm.minimise_in_box(neg, x0s, lo, hi, max_iter=max_iter, tol=tol)
    ll_hat = -f * scale
    H = cm.hessian(loglik, x, lo, hi)
    cov, why = cm.invert(where, -H)
    se, ivs = cm.wald(x, cov, lo, hi, level)
    prof = None
    if profile:
        from scipy.special import chdtri
        crit = float(chdtri(1, 1 - level))       # the chi-square(1) quantile at level
        prof = tuple(_profile(loglik, x, ll_hat, lo, hi, j, crit, se[j], max_iter, tol)
                     for j in range(len(names)))
    _, zeros = _group_loglik(model, panel, names, x)
    message = msg + (f"; {why}" if why else "")
    if zeros:
        message += (f"; {zeros} observation(s) have probability 0 under the estimate (the "
                    "model rules them out)")
    extra = {"start_log_likelihoods": tuple(-r * scale for r in runs),
             "evaluations": calls["n"], "zero_probability_observations": zeros,
             "groups": len(panel.groups), "outcomes": panel.outcomes,
             "seconds": time.perf_counter() - t0}
    return EstimationResult(
        method="maximum likelihood", params=names, estimates=tuple(float(v) for v in x),
        std_errors=se, intervals=ivs, objective=float(ll_hat), n_obs=panel.n_obs,
        converged=ok, profile_intervals=prof, covariance=cov,
        bounds=tuple(zip(lo.tolist(), hi.tolist())), level=level, message=message,
        extra=extra)

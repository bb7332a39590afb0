"""Simulated method of moments: match observed outcome frequencies with simulated ones.

Moments. For every group of rows sharing covariates ``g``, outcome ``o`` and category ``c``
(all but the last category of each outcome), the moment is the share of all rows that are in
``g`` and show ``c`` on ``o``. The data give ``m̂``; the model gives the same share in panels
simulated at ``θ``: each observed row is redrawn ``n_sim`` times from the model's choice
probabilities (:func:`~contracts.estimate.outcomes.outcome_probabilities`) by inverse
transform of uniform draws that are fixed once (common random numbers), so the simulated
moments move smoothly with ``θ``: the indicator ``1{u < F_c(θ)}`` is replaced by the logistic
``σ((F_c(θ) − u)/h)`` with a small bandwidth ``h`` (``smoothing``).

Estimator. ``θ̂`` minimises ``(m̂ − m_S(θ))ᵀ W (m̂ − m_S(θ))`` over a box (L-BFGS-B, several
starts). ``weighting="identity"`` uses ``W = I``; ``"optimal"`` (default) is two-step: an
identity-weighted first step, then ``W = Σ(θ̂₁)⁻¹`` where ``Σ`` is the covariance of one row's
moment contributions under the model at the first-step estimate. Standard errors use the
sandwich ``(GᵀWG)⁻¹ GᵀWΣWG (GᵀWG)⁻¹·(1 + 1/n_sim)/N`` with ``G`` the central-difference
Jacobian of ``m_S`` at ``θ̂``. With optimal weighting ``extra["J"]`` is Hansen's
overidentification statistic (χ² with ``extra["df"]`` degrees of freedom under the model).

Examples
--------
>>> from contracts.models.chain import Chain
>>> from contracts.estimate import simulate_panel
>>> df = simulate_panel(Chain(logit_precision=2.0), 100, 4, rng=5, outcomes=["rule"])
>>> fit = smm(Chain(), df, ["logit_precision"], bounds={"logit_precision": (0.1, 10)}, rng=0)
>>> lo, hi = fit.interval("logit_precision")
>>> bool(lo < 2.0 < hi)
True
"""

from __future__ import annotations

import time
from typing import Mapping, Sequence

import numpy as np

from ..exceptions import InvalidParameterError
from . import _common as cm
from .outcomes import outcome_probabilities
from .result import EstimationResult

__all__ = ["smm"]


def _layout(panel):
    """(g, o, first-k categories) of each moment, and the row shares of the data."""
    index, data = [], []
    for g in range(len(panel.groups)):
        for o in panel.outcomes:
            n = panel.counts[o][g]
            if n.sum() == 0:
                continue
            for c in range(len(n) - 1):
                index.append((g, o, c))
                data.append(n[c])
    return index, np.array(data, dtype=float)


def _probabilities(model, panel, names, theta):
    subs = dict(zip(names, (float(t) for t in theta)))
    out = []
    for cov in panel.groups:
        probs = outcome_probabilities(model.replace(**cov, **subs), panel.outcomes)
        out.append({o: np.array([probs[o].get(c, 0.0) for c in panel.categories[o]])
                    for o in panel.outcomes})
    return out


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def smm(model, data, params: Sequence[str], *, bounds: Mapping | None = None,
        start: Mapping | None = None, n_starts: int = 3, n_sim: int = 20,
        weighting: str = "optimal", smoothing: float = 0.02, level: float = 0.95,
        max_iter: int = 200, tol: float = 1e-12, rng=None) -> EstimationResult:
    """Simulated-method-of-moments estimates of chosen model parameters from case data.

    Parameters
    ----------
    model : Chain or GameChoices
        The model (as for :func:`~contracts.estimate.mle.estimate`).
    data : pandas.DataFrame or path
        Case data in the :func:`~contracts.estimate.data.load_cases` format.
    params : sequence of str
        Real-valued parameters to estimate.
    bounds : mapping, optional
        ``{param: (low, high)}`` search box (same defaults as ``estimate``).
    start : mapping, optional
        The first starting point (default: the model's values).
    n_starts : int, default 3
        Number of starts.
    n_sim : int, default 20
        Simulated copies of each observed row.
    weighting : {"optimal", "identity"}, default "optimal"
        Weighting matrix (see the module docstring).
    smoothing : float, default 0.02
        Bandwidth ``h > 0`` of the logistic smoothing of simulated indicators.
    level : float, default 0.95
        Confidence level of the Wald intervals.
    max_iter : int, default 200
        Iteration limit of each L-BFGS-B run.
    tol : float, default 1e-12
        Relative tolerance on the criterion.
    rng : None, int or numpy.random.Generator
        Seeds the common random numbers and the extra starts.

    Returns
    -------
    EstimationResult
        ``method="simulated method of moments"``; ``objective`` is the minimised criterion;
        ``profile_intervals`` is None; ``extra`` holds the weighting, the number of moments,
        ``J`` and ``df`` (optimal weighting), and the time taken.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> from contracts.estimate import simulate_panel
    >>> df = simulate_panel(Chain(logit_precision=1.0), 50, 4, rng=2, outcomes=["renewed"])
    >>> fit = smm(Chain(), df, ["renewal_probability"], weighting="identity", rng=0)
    >>> share = float(df["renewed"].astype(bool).mean())      # the data's renewal rate
    >>> bool(abs(fit.estimate("renewal_probability") - share) < 0.02)
    True
    """
    where = "smm"
    t0 = time.perf_counter()
    level = cm.check_level(where, level)
    if weighting not in ("optimal", "identity"):
        raise InvalidParameterError(f"{where}: weighting must be 'optimal' or 'identity', got "
                                    f"{weighting!r}")
    if isinstance(n_sim, bool) or not isinstance(n_sim, (int, np.integer)) or n_sim < 1:
        raise InvalidParameterError(f"{where}: n_sim must be a positive integer, got {n_sim!r}")
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float)) \
            or not 0 < smoothing < 1:
        raise InvalidParameterError(f"{where}: smoothing must be in (0, 1), got {smoothing!r}")
    frame, panel = cm.check_data(where, data, model)
    names, lo, hi = cm.check_params(where, model, frame, params, bounds)
    gen = np.random.default_rng(rng)
    index, counts = _layout(panel)
    if not index:
        raise InvalidParameterError(f"{where}: no moment to match (every observed outcome has "
                                    "a single category)")
    n_rows = float(panel.n_rows)
    m_data = counts / n_rows
    # common random numbers: one uniform per observed (row, outcome) and simulation
    draws = {}
    for g in range(len(panel.groups)):
        for o in panel.outcomes:
            n = int(panel.counts[o][g].sum())
            if n:
                draws[(g, o)] = gen.random((n, int(n_sim)))
    h = float(smoothing)
    calls = {"n": 0}

    def sim_moments(x):
        calls["n"] += 1
        probs = _probabilities(model, panel, names, x)
        cache = {}
        out = np.empty(len(index))
        for k, (g, o, c) in enumerate(index):
            if (g, o) not in cache:
                u = draws[(g, o)][..., None]                     # (n, S, 1)
                cdf = np.cumsum(probs[g][o])
                below = _sigmoid((cdf[None, None, :] - u) / h)   # ≈ 1{u < F_c}
                ind = np.diff(np.concatenate([np.zeros_like(below[..., :1]), below], axis=-1),
                              axis=-1)
                cache[(g, o)] = ind.sum(axis=0).mean(axis=0)    # expected count per category
            out[k] = cache[(g, o)][c] / n_rows
        return out

    def sigma(x):
        """Covariance of one row's moment contributions under the model at ``x``."""
        probs = _probabilities(model, panel, names, x)
        S = np.zeros((len(index), len(index)))
        blocks: dict = {}
        for k, (g, o, c) in enumerate(index):
            blocks.setdefault((g, o), []).append((k, c))
        for (g, o), items in blocks.items():
            share = panel.counts[o][g].sum() / n_rows
            p = probs[g][o]
            for k1, c1 in items:
                for k2, c2 in items:
                    S[k1, k2] = share * (p[c1] * (c1 == c2) - p[c1] * p[c2])
        return S

    x0s = cm.starts(where, model, names, lo, hi, n_starts, start, gen)
    scale = {"s": 1.0}

    def make_q(W):
        def q(x):
            r = m_data - sim_moments(x)
            return float(r @ W @ r) / scale["s"]
        return q

    W = np.eye(len(index))
    scale["s"] = max(float(m_data @ m_data), 1e-12)
    x, f, ok, msg, runs = cm.minimise_in_box(make_q(W), x0s, lo, hi, max_iter=max_iter,
                                             tol=tol)
    S = sigma(x)
    if weighting == "optimal":
        W = np.linalg.pinv(S, rcond=1e-10, hermitian=True)
        r0 = m_data - sim_moments(x)
        scale["s"] = max(float(r0 @ W @ r0), 1e-12)
        x, f, ok, msg, runs2 = cm.minimise_in_box(make_q(W), [x] + x0s[1:], lo, hi,
                                                  max_iter=max_iter, tol=tol)
        runs = runs + runs2
        S = sigma(x)
    crit = f * scale["s"]
    G = cm.jacobian(sim_moments, x, lo, hi)
    bread, why = cm.invert(where, G.T @ W @ G)
    cov = None
    if bread is not None:
        cov = bread @ (G.T @ W @ S @ W @ G) @ bread * (1 + 1 / n_sim) / n_rows
    se, ivs = cm.wald(x, cov, lo, hi, level)
    extra = {"weighting": weighting, "moments": len(index), "n_sim": int(n_sim),
             "smoothing": h, "evaluations": calls["n"],
             "seconds": time.perf_counter() - t0}
    if weighting == "optimal":
        extra["J"] = float(n_rows * crit / (1 + 1 / n_sim))
        extra["df"] = len(index) - len(names)
    return EstimationResult(
        method="simulated method of moments", params=names,
        estimates=tuple(float(v) for v in x), std_errors=se, intervals=ivs,
        objective=float(crit), n_obs=panel.n_obs, converged=ok, profile_intervals=None,
        covariance=cov, bounds=tuple(zip(lo.tolist(), hi.tolist())), level=level,
        message=msg + (f"; {why}" if why else ""), extra=extra)

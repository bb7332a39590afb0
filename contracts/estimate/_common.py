"""Shared plumbing of the estimators: parameters and their box, starts, numerical derivatives."""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, Mapping, Sequence

import numpy as np

from ..exceptions import InvalidParameterError

#: default search boxes for parameters with a natural range
_PROBABILITY = ("evaluation_accuracy", "alternative_funding", "nearness", "worker_power",
                "side_transfer_efficiency", "renewal_probability")
_DISCOUNT = ("government_discount", "discount")


def default_bounds(model, name: str) -> tuple:
    """A default search box for one parameter (natural ranges; money up to 10× its value)."""
    if name == "logit_precision":
        return (1e-3, 100.0)
    if name in _PROBABILITY:
        return (1e-6, 1 - 1e-6)
    if name in _DISCOUNT:
        return (1e-3, 0.999)
    value = float(getattr(model, name))
    return (0.0, max(10.0, 10 * abs(value)))


def check_params(where: str, model, data, params, bounds) -> tuple:
    """Validate the parameter names and the box; returns (names, lows, highs)."""
    if isinstance(params, str):
        params = [params]
    try:
        names = tuple(params)
    except TypeError:
        raise InvalidParameterError(f"{where}: params must be a list of parameter names, got "
                                    f"{params!r}") from None
    if not names or len(set(names)) != len(names):
        raise InvalidParameterError(f"{where}: params must be a non-empty list of distinct "
                                    f"names, got {list(names)}")
    fields = {f.name for f in dataclasses.fields(model)}
    for p in names:
        if p not in fields:
            raise InvalidParameterError(f"{where}: {p!r} is not a parameter of "
                                        f"{type(model).__name__}")
        v = getattr(model, p)
        ftype = next(f.type for f in dataclasses.fields(model) if f.name == p)
        if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) \
                or ftype in ("int", int):
            raise InvalidParameterError(
                f"{where}: parameter {p!r} must be a real-valued (float) parameter to be "
                f"estimated; found {type(v).__name__} {v!r}")
        if data is not None and p in data.columns:
            raise InvalidParameterError(f"{where}: {p!r} is both estimated and a covariate "
                                        "column of the data; drop one")
    given = dict(bounds or {})
    extra = [k for k in given if k not in names]
    if extra:
        raise InvalidParameterError(f"{where}: bounds given for {extra}, which are not "
                                    f"estimated ({list(names)})")
    lows, highs = [], []
    for p in names:
        b = given.get(p, default_bounds(model, p))
        try:
            lo, hi = (float(x) for x in b)
        except (TypeError, ValueError):
            raise InvalidParameterError(f"{where}: bounds[{p!r}] must be (low, high), got "
                                        f"{b!r}") from None
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise InvalidParameterError(f"{where}: bounds[{p!r}] must be finite with low < "
                                        f"high, got {b!r}")
        for x in (lo, hi):
            try:
                model.replace(**{p: x})
            except (InvalidParameterError, TypeError) as exc:
                raise InvalidParameterError(f"{where}: bounds[{p!r}] = {b!r} leave the model's "
                                            f"valid range: {exc}") from None
        lows.append(lo)
        highs.append(hi)
    return names, np.array(lows), np.array(highs)


def starts(where: str, model, names, lo, hi, n_starts: int, start: Mapping | None,
           rng) -> list:
    """Starting points: the given start (or the model's values, clipped), then random points."""
    if isinstance(n_starts, bool) or not isinstance(n_starts, (int, np.integer)) or n_starts < 1:
        raise InvalidParameterError(f"{where}: n_starts must be a positive integer, got "
                                    f"{n_starts!r}")
    first = dict(start or {})
    bad = [k for k in first if k not in names]
    if bad:
        raise InvalidParameterError(f"{where}: start given for {bad}, which are not "
                                    f"estimated ({list(names)})")
    x0 = np.array([float(first.get(p, getattr(model, p))) for p in names])
    x0 = np.where(np.isfinite(x0), x0, (lo + hi) / 2)
    width = hi - lo
    x0 = np.clip(x0, lo + 1e-3 * width, hi - 1e-3 * width)
    gen = np.random.default_rng(rng)
    out = [x0]
    for _ in range(int(n_starts) - 1):
        out.append(lo + width * (0.05 + 0.9 * gen.random(len(names))))
    return out


def minimise_in_box(fun: Callable, x0s: Sequence, lo, hi, *, max_iter: int, tol: float):
    """Minimise ``fun`` over the box from each start (L-BFGS-B on the unit cube); best result."""
    from scipy.optimize import minimize
    width = hi - lo

    def f_unit(u):
        return fun(lo + width * np.clip(u, 0.0, 1.0))

    best, runs = None, []
    for x0 in x0s:
        u0 = (np.asarray(x0, dtype=float) - lo) / width
        res = minimize(f_unit, u0, method="L-BFGS-B", bounds=[(0.0, 1.0)] * len(lo),
                       options={"maxiter": int(max_iter), "ftol": tol, "gtol": 1e-8})
        runs.append(float(res.fun))
        if best is None or res.fun < best.fun:
            best = res
    x = lo + width * np.clip(best.x, 0.0, 1.0)
    return x, float(best.fun), bool(best.success), str(best.message), runs


def steps(x, lo, hi, rel: float = 1e-4) -> np.ndarray:
    """Difference steps: relative to the point, at most an eighth of the box."""
    h = rel * np.maximum(np.abs(x), 1.0)
    h = np.minimum(h, (hi - lo) / 8)
    return h


def hessian(fun: Callable, x, lo, hi) -> np.ndarray:
    """Central-difference Hessian of ``fun`` at ``x`` (stencil shifted inside the box)."""
    x = np.asarray(x, dtype=float)
    h = steps(x, lo, hi)
    c = np.clip(x, lo + 2 * h, hi - 2 * h)
    k = len(x)
    H = np.zeros((k, k))
    f0 = fun(c)
    E = np.diag(h)
    fp = [fun(c + E[i]) for i in range(k)]
    fm = [fun(c - E[i]) for i in range(k)]
    for i in range(k):
        H[i, i] = (fp[i] - 2 * f0 + fm[i]) / h[i] ** 2
        for j in range(i):
            v = (fun(c + E[i] + E[j]) - fun(c + E[i] - E[j]) - fun(c - E[i] + E[j])
                 + fun(c - E[i] - E[j])) / (4 * h[i] * h[j])
            H[i, j] = H[j, i] = v
    return H


def jacobian(fun: Callable, x, lo, hi) -> np.ndarray:
    """Central-difference Jacobian of a vector function (stencil shifted inside the box)."""
    x = np.asarray(x, dtype=float)
    h = steps(x, lo, hi)
    c = np.clip(x, lo + h, hi - h)
    cols = []
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = h[i]
        cols.append((np.asarray(fun(c + e)) - np.asarray(fun(c - e))) / (2 * h[i]))
    return np.column_stack(cols)


def wald(est, cov, lo, hi, level):
    """Standard errors and Wald intervals (clipped to the box)."""
    from scipy.special import ndtri          # (scipy.stats is slow to import)
    z = float(ndtri(0.5 + level / 2))
    se = np.sqrt(np.diag(cov)) if cov is not None else np.full(len(est), np.nan)
    ivs = tuple((float(max(e - z * s, a)), float(min(e + z * s, b))) if np.isfinite(s)
                else (math.nan, math.nan) for e, s, a, b in zip(est, se, lo, hi))
    return tuple(float(s) for s in se), ivs


def invert(where: str, M):
    """Inverse of a symmetric positive definite matrix, or None (with the reason)."""
    M = 0.5 * (M + M.T)
    try:
        w = np.linalg.eigvalsh(M)
    except np.linalg.LinAlgError:
        return None, f"{where}: the curvature matrix could not be decomposed"
    if not np.all(np.isfinite(w)) or w.min() <= 1e-12 * max(1.0, abs(w).max()):
        return None, (f"{where}: the curvature matrix is not positive definite at the estimate "
                      f"(eigenvalues {np.round(w, 6).tolist()}): a parameter is not identified "
                      "there or the estimate is on a bound; standard errors are NaN")
    return np.linalg.inv(M), ""


def check_level(where: str, level) -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise InvalidParameterError(f"{where}: level must be in (0, 1), got {level!r}")
    return float(level)


def check_data(where: str, data, model):
    """Checked case data (through :func:`load_cases`) and their tabulation."""
    from .data import load_cases, tabulate
    frame = load_cases(data, model=model)
    panel = tabulate(frame, model)
    if panel.n_obs == 0:
        from .outcomes import available_outcomes
        raise InvalidParameterError(f"{where}: the data hold no observed outcome; expected at "
                                    f"least one value in the columns "
                                    f"{list(available_outcomes(model))}")
    return frame, panel

"""Identified sets: the parameter values consistent with noiseless regime observations.

When cases are coded only by the regimes they show (buddy purchasing, control-and-rebellion,
passive dismissal …) and those regimes are taken as the players' exact equilibrium behaviour
(no logit noise), the data do not yield a likelihood: each observation only says that the
parameters lie on one side of the regime's thresholds. The identified set is the set of
parameter values at which the solved game shows every observed regime, in every case, at the
case's covariates.

:func:`identified_set` examines the points of a box — a product grid, or a scrambled Sobol'
sequence — solving the model (at ``logit_precision = inf``) once per point and distinct
covariate vector, and reports the consistent points and each parameter's bounds over them.

Each token of the data's ``regime`` column (separated by ``;``) is one observation: ``NAME``
(the regime holds), ``not NAME`` (it does not), or ``NAME=VALUE`` for the labelled regimes
(``4C``, ``stage``). Names are those of ``ChainEquilibrium.regimes()``.

Examples
--------
>>> import pandas as pd
>>> from contracts.models.chain import Chain
>>> df = pd.DataFrame({"case": ["x", "y"], "period": [0, 0],
...                    "evaluation_accuracy": [0.0, 0.0], "no_trouble_weight": [1.0, 0.5],
...                    "regime": ["buddy", "tender"]})
>>> s = identified_set(Chain(), df, bounds={"tender_cost": (0, 1)}, n_points=101)
>>> [round(b, 6) for b in s.bound("tender_cost")]   # buddy at ω = 1, tender at ω = .5
[0.2, 0.69]
"""

from __future__ import annotations

import math
import time
from typing import Mapping

import numpy as np

from ..exceptions import FormatError, InvalidParameterError
from . import _common as cm
from .result import IdentifiedSet

__all__ = ["identified_set", "parse_regimes"]


def parse_regimes(text: str) -> tuple:
    """Parse one ``regime`` cell into observations ``(name, expected value)``.

    Parameters
    ----------
    text : str
        Tokens separated by ``;``: ``NAME``, ``not NAME`` or ``NAME=VALUE``.

    Returns
    -------
    tuple of (str, object)
        ``(name, True)``, ``(name, False)`` or ``(name, "VALUE")``.

    Examples
    --------
    >>> parse_regimes("buddy; not passive dismissal; 4C=co-optation")
    (('buddy', True), ('passive dismissal', False), ('4C', 'co-optation'))
    """
    out = []
    for tok in str(text).split(";"):
        tok = " ".join(tok.split())
        if not tok:
            continue
        if "=" in tok:
            name, value = (s.strip() for s in tok.split("=", 1))
            out.append((name, value))
        elif tok.lower().startswith("not "):
            out.append((tok[4:].strip(), False))
        else:
            out.append((tok, True))
    return tuple(out)


def _observations(where, frame, model):
    from ..models.chain import Chain
    if not isinstance(model, Chain):
        raise InvalidParameterError(f"{where}: regimes are defined for the chain game; expected "
                                    f"a Chain model (or a preset), got {type(model).__name__}")
    if "regime" not in frame.columns:
        raise FormatError(f"{where}: expected a 'regime' column (the regimes each case shows); "
                          f"found columns {list(frame.columns)}")
    known = set(model.replace(logit_precision=math.inf).solve().regimes())
    from .data import covariate_columns, _hashable
    covs = covariate_columns(frame, model)
    obs: dict = {}
    for i, row in frame.iterrows():
        cell = row["regime"]
        if cell is None:
            continue
        toks = parse_regimes(cell)
        for name, _ in toks:
            if name not in known:
                raise FormatError(f"{where}: row {i}: unknown regime {name!r}; expected one of "
                                  f"{sorted(known)}")
        key = tuple((c, _hashable(row[c])) for c in covs)
        obs.setdefault(key, set()).update(toks)
    if not obs:
        raise InvalidParameterError(f"{where}: the 'regime' column holds no observation")
    return obs


def _regime(eq, name):
    """One regime of a solved game (a boolean predicate directly, else from the full table)."""
    from ..models import regimes
    if name in regimes.PREDICATES:
        return bool(regimes.PREDICATES[name](eq))
    return eq.regimes()[name]


def _box(where, model, frame, grid, bounds, n_points, method, rng):
    if grid is not None:
        if bounds is not None:
            raise InvalidParameterError(f"{where}: give grid or bounds, not both")
        grid = dict(grid)
        names = tuple(grid)
        axes = []
        for p in names:
            try:
                v = np.unique(np.asarray(grid[p], dtype=float))
            except (TypeError, ValueError):
                v = np.array([math.nan])
            if v.ndim != 1 or v.size == 0 or not np.all(np.isfinite(v)):
                raise InvalidParameterError(f"{where}: grid[{p!r}] must be a list of finite "
                                            f"numbers, got {grid[p]!r}")
            axes.append(v)
        cm.check_params(where, model, frame, names,
                        {p: (a[0], a[-1] if a[-1] > a[0] else a[0] + 1.0)
                         for p, a in zip(names, axes)})
        mesh = np.meshgrid(*axes, indexing="ij")
        pts = np.column_stack([m.ravel() for m in mesh])
        res = tuple(float(np.max(np.diff(a))) if a.size > 1 else 0.0 for a in axes)
        return names, pts, res, "grid"
    if bounds is None:
        raise InvalidParameterError(f"{where}: give grid={{param: values}} or "
                                    "bounds={param: (low, high)}")
    names, lo, hi = cm.check_params(where, model, frame, tuple(dict(bounds)), bounds)
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) \
            or n_points < 2:
        raise InvalidParameterError(f"{where}: n_points must be an integer >= 2, got "
                                    f"{n_points!r}")
    if method == "grid":
        axes = [np.linspace(a, b, int(n_points)) for a, b in zip(lo, hi)]
        mesh = np.meshgrid(*axes, indexing="ij")
        pts = np.column_stack([m.ravel() for m in mesh])
        return names, pts, tuple(float(a[1] - a[0]) for a in axes), "grid"
    if method == "sobol":
        from scipy.stats import qmc
        u = qmc.Sobol(len(names), scramble=True, seed=np.random.default_rng(rng)).random(
            int(n_points))
        pts = lo + (hi - lo) * u
        # typical spacing of n points in the box
        res = tuple(float((b - a) / int(n_points) ** (1 / len(names))) for a, b in zip(lo, hi))
        return names, pts, res, "sobol"
    raise InvalidParameterError(f"{where}: method must be 'grid' or 'sobol', got {method!r}")


def identified_set(model, data, *, grid: Mapping | None = None, bounds: Mapping | None = None,
                   n_points: int = 21, method: str = "grid", rng=None) -> IdentifiedSet:
    """The parameter values at which the solved game shows every observed regime.

    Parameters
    ----------
    model : Chain
        The chain game (or a preset); parameters not searched and not among the data's
        covariates stay at its values. It is solved at ``logit_precision = inf`` (regimes
        observed without noise).
    data : pandas.DataFrame or path
        Case data with a ``regime`` column (see the module docstring) and any covariates.
    grid : mapping, optional
        ``{param: values}``: examine the product of these values.
    bounds : mapping, optional
        ``{param: (low, high)}``: examine a box instead (with ``n_points`` and ``method``).
    n_points : int, default 21
        Points per parameter (``method="grid"``) or in total (``method="sobol"``).
    method : {"grid", "sobol"}, default "grid"
        Product grid, or a scrambled Sobol' sequence (seeded by ``rng``).
    rng : None, int or numpy.random.Generator
        Seeds the Sobol' scrambling.

    Returns
    -------
    IdentifiedSet
        The examined points, which are consistent, and each parameter's bounds over the
        consistent points (``None`` when none is).

    Raises
    ------
    FormatError
        No ``regime`` column, or an unknown regime name.
    InvalidParameterError
        Neither or both of ``grid`` and ``bounds``; invalid parameters or box.

    Examples
    --------
    >>> import pandas as pd
    >>> from contracts.models.chain import Chain
    >>> df = pd.DataFrame({"case": [0], "period": [0], "regime": ["not passive dismissal"]})
    >>> s = identified_set(Chain(), df, grid={"budget_cut": [0, 2, 4, 6, 8]})
    >>> s.consistent.tolist()
    [True, True, True, False, False]
    """
    where = "identified_set"
    t0 = time.perf_counter()
    from .data import load_cases
    frame = load_cases(data, model=model)
    obs = _observations(where, frame, model)
    if "logit_precision" in (grid or bounds or {}):
        raise InvalidParameterError(f"{where}: regimes are observed without noise; "
                                    "logit_precision cannot be searched")
    names, pts, res, how = _box(where, model, frame, grid, bounds, n_points, method, rng)
    base = model.replace(logit_precision=math.inf)
    ok = np.ones(len(pts), dtype=bool)
    solves = 0
    for k, x in enumerate(pts):
        subs = dict(zip(names, (float(v) for v in x)))
        for key, toks in obs.items():
            try:
                eq = base.replace(**dict(key), **subs).solve()
            except InvalidParameterError as exc:
                raise InvalidParameterError(f"{where}: the point {subs} is not a valid model "
                                            f"(with covariates {dict(key)}): {exc}") from None
            solves += 1
            if any(_regime(eq, name) != value for name, value in toks):
                ok[k] = False
                break
    if ok.any():
        good = pts[ok]
        bnds = tuple((float(good[:, j].min()), float(good[:, j].max()))
                     for j in range(len(names)))
    else:
        bnds = tuple(None for _ in names)
    extra = {"method": how, "solves": solves, "cases": len(obs),
             "observations": sum(len(t) for t in obs.values()),
             "seconds": time.perf_counter() - t0}
    return IdentifiedSet(params=names, bounds=bnds, n_points=len(pts),
                         n_consistent=int(ok.sum()), points=pts, consistent=ok,
                         resolution=res, extra=extra)

"""Uncertainty and sensitivity: regime probabilities, Sobol' indices and partial dependence.

Each function evaluates a model at many points of a parameter *box* (a mapping ``parameter ->
(low, high)``) and summarises what it finds:

* :func:`regime_probabilities` — the share of the box in which each regime holds, by
  quasi-Monte Carlo (scrambled Sobol' points) or Monte Carlo, with standard errors;
* :func:`regime_boundary` — where a regime starts or stops along one parameter (a grid, then
  bisection);
* :func:`sobol_indices` — first-order and total Sobol' indices of each outcome, with bootstrap
  confidence intervals (Saltelli's design and estimators, through SALib — extra
  ``sensitivity``);
* :func:`partial_dependence` — the average of each outcome as one parameter moves across its
  range, the others drawn over the box; :func:`plot_partial_dependence` draws it.

A model is a :class:`~contracts.models.chain.Chain` (or one of its presets): a point of the box
is applied with ``model.replace(**point)`` and the chain is solved there; outputs are fields of
the equilibrium's record (``eq.to_record()``: every regime predicate and the key figures) or
callables of the equilibrium. A plain callable ``f(params) -> mapping`` works too. Every
evaluation is one :func:`contracts.sweep.sweep`, so ``executor=`` runs it serially (None), on a
process pool or on a dask cluster (``client.get_executor()``) with the same result.

Examples
--------
>>> from contracts.models.chain import Chain
>>> res = regime_probabilities(Chain(), {"evaluation_accuracy": (0.0, 1.0)}, n=64, rng=1)
>>> round(res.probabilities["partner"] + res.probabilities["buddy"]
...       + res.probabilities["tender"], 12)
1.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from .._result import Result, format_number
from ..exceptions import InvalidParameterError
from . import _box
from ._partial import PartialDependence, partial_dependence, plot_partial_dependence
from ._sobol import SobolIndices, sobol_indices

__all__ = ["regime_probabilities", "RegimeProbabilities", "regime_boundary", "RegimeBoundary",
           "sobol_indices", "SobolIndices", "partial_dependence", "PartialDependence",
           "plot_partial_dependence"]


# the public home of the names defined in the private modules (documentation, pickling)
for _obj in (PartialDependence, partial_dependence, plot_partial_dependence, SobolIndices,
             sobol_indices):
    _obj.__module__ = __name__


def _f(x: float) -> str:
    return format_number(x, 4)


def _boolean_fields(records: list[dict]) -> list[str]:
    return [k for k, v in records[0].items() if isinstance(v, (bool, np.bool_))]


# ------------------------------------------------------------------------- regime probabilities
@dataclass(frozen=True, repr=False)
class RegimeProbabilities(Result):
    """Share of a parameter box in which each regime holds.

    Attributes
    ----------
    box : mapping
        Parameter -> (low, high).
    n : int
        Points evaluated.
    method : str
        ``"sobol"`` (scrambled Sobol' points) or ``"random"`` (independent uniform points).
    probabilities : mapping
        Regime -> share of the points at which it holds.
    standard_errors : mapping
        Regime -> Monte Carlo standard error ``sqrt(p (1 - p) / n)`` (Sobol' points are usually
        more accurate than this).
    labels : mapping
        One-line regime summary (``eq.to_record()["regime"]``) -> share of the points.
    points : numpy.ndarray
        The points, one row per evaluation, columns in the order of ``box``.
    records : tuple of dict
        The record at each point.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> res = regime_probabilities(Chain(), {"budget_cut": (0.0, 12.0)}, n=32, rng=0)
    >>> res.probabilities["programme ended"] >= 0, len(res.records)
    (True, 32)
    """

    box: Mapping
    n: int
    method: str
    probabilities: Mapping
    standard_errors: Mapping
    labels: Mapping
    points: np.ndarray = field(repr=False)
    records: tuple = field(repr=False, default=())

    _frozen_mappings = ("box", "probabilities", "standard_errors", "labels")

    def __str__(self) -> str:
        box = ", ".join(f"{k} in [{_f(lo)}, {_f(hi)}]" for k, (lo, hi) in self.box.items())
        lines = [f"Regime probabilities over {box} ({self.n} {self.method} points):"]
        for k, p in sorted(self.probabilities.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {k}: {_f(p)} ± {_f(self.standard_errors[k])}")
        lines.append("regime combinations:")
        for k, p in sorted(self.labels.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {_f(p)}  {k}")
        return "\n".join(lines)

    def _rows(self) -> list[dict]:
        return [{"regime": k, "probability": p, "standard_error": self.standard_errors[k]}
                for k, p in self.probabilities.items()]

    def to_dict(self) -> dict:
        """The box, the probabilities and their standard errors (not the points)."""
        return {"box": {k: list(v) for k, v in self.box.items()}, "n": self.n,
                "method": self.method, "probabilities": dict(self.probabilities),
                "standard_errors": dict(self.standard_errors), "labels": dict(self.labels),
                "type": type(self).__name__}


def regime_probabilities(model: Any, box: Mapping[str, tuple], *, n: int = 256,
                         method: str = "sobol", rng: Any = None, executor: Any = None,
                         chunksize: int | None = None,
                         progress: bool = False) -> RegimeProbabilities:
    """Probability of each regime when the parameters in ``box`` are uniform over it.

    Parameters
    ----------
    model : Chain or callable
        A chain (or preset); or ``f(params) -> mapping`` whose truth values are the regimes
        (and whose ``"regime"`` entry, if any, a one-line label).
    box : mapping of str to (float, float)
        Parameter -> (low, high); the other parameters keep the model's values.
    n : int, default 256
        Points to evaluate (a power of two keeps Sobol' points balanced).
    method : {"sobol", "random"}, default "sobol"
        Scrambled Sobol' points (quasi-Monte Carlo) or independent uniform points.
    rng : seed or numpy.random.Generator, optional
        Passed to :func:`numpy.random.default_rng` (the scrambling or the draws).
    executor : None, concurrent.futures.Executor or map-like callable, optional
        Where the sweep runs (see :func:`contracts.sweep.sweep`).
    chunksize : int, optional
        Points per executor job.
    progress : bool, default False
        Show a progress bar (extra ``progress``).

    Returns
    -------
    RegimeProbabilities
        Per-regime shares with standard errors, the shares of each regime combination, the
        points and their records.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> res = regime_probabilities(Chain(no_trouble_weight=0.8),
    ...                            {"evaluation_accuracy": (0.0, 1.0),
    ...                             "discount": (0.5, 0.95)}, n=64, rng=2)
    >>> 0 < res.probabilities["partner"] < 1
    True
    """
    where = "regime_probabilities"
    _box.check_model(where, model)
    names, bounds, ints = _box.check_box(where, model, box)
    n = _box.check_count(where, "n", n)
    pts = _box.scale(_box.unit_points(where, n, len(names), method, rng), bounds)
    task = _box.Evaluate(model, names, pts, ints, None)
    recs = _box.run(where, task, n, executor, chunksize, progress)
    regimes = _boolean_fields(recs)
    if _box.is_solvable(model):         # the documented regimes, not truth-valued figures
        from ..models.regimes import PREDICATES
        regimes = [k for k in regimes if k in PREDICATES] or regimes
    if not regimes:
        raise InvalidParameterError(
            f"{where}: the model's records have no truth-valued fields (regimes); found "
            f"{', '.join(recs[0])}")
    probs = {k: float(np.mean([bool(r[k]) for r in recs])) for k in regimes}
    ses = {k: math.sqrt(p * (1 - p) / n) for k, p in probs.items()}
    labels: dict[str, float] = {}
    for r in recs:
        if "regime" in r:
            labels[str(r["regime"])] = labels.get(str(r["regime"]), 0.0) + 1.0 / n
    return RegimeProbabilities({k: tuple(b) for k, b in zip(names, bounds.tolist())}, n, method,
                               probs, ses, labels, pts, tuple(recs))


# ------------------------------------------------------------------------- regime boundaries
@dataclass(frozen=True, repr=False)
class RegimeBoundary(Result):
    """Where a regime starts or stops as one parameter moves across an interval.

    Attributes
    ----------
    parameter, regime : str
        The parameter moved and the regime watched.
    bounds : tuple of float
        The interval searched.
    boundaries : tuple of float
        Parameter values at which the regime switches (each located to ``tol``).
    enters : tuple of bool
        For each boundary: True when the regime holds just above it, False when it stops there.
    tol : float
        Width of the final bracket around each boundary.
    grid : numpy.ndarray
        The grid swept first.
    holds : tuple of bool
        Whether the regime holds at each grid point.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> b = regime_boundary(Chain(), "budget_cut", "programme ended", bounds=(0, 22), n=23)
    >>> len(b.boundaries), b.enters
    (1, (True,))
    """

    parameter: str
    regime: str
    bounds: tuple
    boundaries: tuple
    enters: tuple
    tol: float
    grid: np.ndarray = field(repr=False)
    holds: tuple = field(repr=False, default=())

    def __str__(self) -> str:
        head = (f"Regime {self.regime!r} along {self.parameter} in [{_f(self.bounds[0])}, "
                f"{_f(self.bounds[1])}]:")
        if not self.boundaries:
            state = "holds" if self.holds and self.holds[0] else "does not hold"
            return head + f" no switch on a grid of {len(self.grid)} points (it {state} " \
                          "throughout)"
        return head + "".join(
            f"\n  {'starts' if e else 'stops'} at {self.parameter} = {format_number(b, 8)} "
            f"(± {_f(self.tol)})" for b, e in zip(self.boundaries, self.enters))

    def _rows(self) -> list[dict]:
        return [{"parameter": self.parameter, "regime": self.regime, "boundary": b,
                 "enters": e} for b, e in zip(self.boundaries, self.enters)]


class _Holds:
    """Picklable sweep task: does ``regime`` hold at ``parameter = params[parameter]``?"""

    def __init__(self, model, parameter, regime, integer):
        self.model, self.parameter, self.regime, self.integer = model, parameter, regime, integer

    def at(self, x: float) -> bool:
        v = int(round(x)) if self.integer else float(x)
        if _box.is_solvable(self.model):
            eq = self.model.replace(**{self.parameter: v}).solve()
            if callable(self.regime):
                return bool(self.regime(eq))
            rec = eq.to_record()
        else:
            rec = self.model({self.parameter: v})
            if callable(self.regime):
                return bool(self.regime(rec))
        if self.regime not in rec:
            raise InvalidParameterError(
                f"regime_boundary: {self.regime!r} is not a regime of the model; expected one "
                f"of {', '.join(k for k, x in rec.items() if isinstance(x, (bool, np.bool_)))}")
        return bool(rec[self.regime])

    def __call__(self, params: dict) -> dict:
        return {"holds": self.at(params[self.parameter])}


def regime_boundary(model: Any, parameter: str, regime: str | Callable, *, bounds: tuple,
                    n: int = 33, tol: float = 1e-6, executor: Any = None,
                    chunksize: int | None = None) -> RegimeBoundary:
    """Locate the values of ``parameter`` at which ``regime`` starts or stops holding.

    A grid of ``n`` points over ``bounds`` is swept (serially or on ``executor``); every
    interval whose ends disagree is then bisected to width ``tol``. Switches closer together
    than the grid spacing can be missed.

    Parameters
    ----------
    model : Chain or callable
        As in :func:`regime_probabilities`.
    parameter : str
        The parameter to move (the others keep the model's values).
    regime : str or callable
        A truth-valued field of the record (e.g. ``"partner"``) or a predicate of the
        equilibrium.
    bounds : (float, float)
        The interval to search.
    n : int, default 33
        Grid points (at least 2).
    tol : float, default 1e-6
        Width of the final bracket.
    executor : None, concurrent.futures.Executor or map-like callable, optional
        Where the grid sweep runs (see :func:`contracts.sweep.sweep`).
    chunksize : int, optional
        Grid points per executor job.

    Returns
    -------
    RegimeBoundary
        The switches found, each with its direction.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> model = Chain(no_trouble_weight=0.8)        # buddy purchasing pays the bureau less
    >>> b = regime_boundary(model, "evaluation_accuracy", "partner", bounds=(0, 1))
    >>> [round(x, 4) for x in b.boundaries], b.enters
    ([0.082], (True,))
    """
    where = "regime_boundary"
    _box.check_model(where, model)
    names, bnds, ints = _box.check_box(where, model, {parameter: bounds})
    n = _box.check_count(where, "n", n, low=2)
    if not (isinstance(tol, (int, float)) and tol > 0):
        raise InvalidParameterError(f"{where}: tol must be a positive number, got {tol!r}")
    if not (isinstance(regime, str) or callable(regime)):
        raise InvalidParameterError(
            f"{where}: regime must be a record field name or a predicate, got {regime!r}")
    lo, hi = bnds[0]
    grid = np.linspace(lo, hi, n)
    task = _Holds(model, parameter, regime, ints[0])
    from ..sweep import sweep
    res = sweep(task, {parameter: grid}, executor=executor, chunksize=chunksize)
    if res.failures:
        f0 = res.failures[0]
        if f0.message.startswith(where):
            raise InvalidParameterError(f0.message)
        raise InvalidParameterError(
            f"{where}: the model failed at {parameter} = {f0.point[parameter]} "
            f"({f0.error_type}: {f0.message}); expected bounds inside its valid range")
    holds = [bool(r["holds"]) for r in res.records]
    found, enters = [], []
    for k in range(n - 1):
        if holds[k] == holds[k + 1]:
            continue
        a, b = float(grid[k]), float(grid[k + 1])
        while b - a > tol:
            mid = 0.5 * (a + b)
            if task.at(mid) == holds[k]:
                a = mid
            else:
                b = mid
        found.append(0.5 * (a + b))
        enters.append(holds[k + 1])
    label = regime if isinstance(regime, str) else getattr(regime, "__name__", "regime")
    return RegimeBoundary(parameter, label, (float(lo), float(hi)), tuple(found), tuple(enters),
                          float(tol), grid, tuple(holds))

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

__all__ = ["regime_probabilities", "RegimeProbabilities", "regime_boundary", "RegimeBoundary",
           "sobol_indices", "SobolIndices", "partial_dependence", "PartialDependence",
           "plot_partial_dependence"]


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
    executor, chunksize
        Where the grid sweep runs (see :func:`contracts.sweep.sweep`).

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


# ------------------------------------------------------------------------- Sobol' indices
@dataclass(frozen=True, repr=False)
class SobolIndices(Result):
    """First-order and total Sobol' indices of each output, with confidence intervals.

    Attributes
    ----------
    parameters : tuple of str
        The parameters varied (the box's order).
    outputs : tuple of str
        The outputs analysed.
    first_order, total : numpy.ndarray
        Shape ``(len(outputs), len(parameters))``: ``S1`` (the share of the output's variance
        explained by the parameter alone) and ``ST`` (by the parameter and all its
        interactions).
    first_order_conf, total_conf : numpy.ndarray
        Half-widths of the bootstrap confidence intervals at level ``confidence``.
    variance : numpy.ndarray
        Each output's variance over the sample; an output with zero variance (``constant``)
        has all its indices set to 0.
    constant : tuple of str
        Outputs that do not vary over the box.
    n : int
        Base sample size (the model was evaluated ``n (len(parameters) + 2)`` times).
    confidence : float
        Level of the intervals.

    Examples
    --------
    >>> res = sobol_indices(lambda p: {"y": p["a"] + 0.1 * p["b"]},
    ...                     {"a": (0, 1), "b": (0, 1)}, "y", n=256, rng=0)
    >>> res.ranking("y")[0]
    'a'
    """

    parameters: tuple
    outputs: tuple
    first_order: np.ndarray = field(repr=False)
    total: np.ndarray = field(repr=False)
    first_order_conf: np.ndarray = field(repr=False)
    total_conf: np.ndarray = field(repr=False)
    variance: np.ndarray = field(repr=False)
    constant: tuple = ()
    n: int = 0
    confidence: float = 0.95

    def index(self, output: str, parameter: str, kind: str = "total") -> float:
        """One index: ``kind`` is ``"total"`` or ``"first_order"``.

        Parameters
        ----------
        output, parameter : str
            Which output and which parameter.
        kind : {"total", "first_order"}, default "total"
            The index wanted.

        Returns
        -------
        float
            The estimate.

        Examples
        --------
        >>> res = sobol_indices(lambda p: {"y": p["a"]}, {"a": (0, 1), "b": (0, 1)}, "y",
        ...                     n=64, rng=0)
        >>> round(res.index("y", "b"), 12)
        0.0
        """
        if output not in self.outputs or parameter not in self.parameters or kind not in (
                "total", "first_order"):
            raise InvalidParameterError(
                f"SobolIndices.index: expected an output in {self.outputs}, a parameter in "
                f"{self.parameters} and kind 'total' or 'first_order'; got {output!r}, "
                f"{parameter!r}, {kind!r}")
        arr = self.total if kind == "total" else self.first_order
        return float(arr[self.outputs.index(output), self.parameters.index(parameter)])

    def ranking(self, output: str) -> tuple:
        """Parameters ordered by their total index on ``output``, most influential first.

        Parameters
        ----------
        output : str
            One of :attr:`outputs`.

        Returns
        -------
        tuple of str
            Parameter names.

        Examples
        --------
        >>> res = sobol_indices(lambda p: {"y": p["a"] + 2 * p["b"]},
        ...                     {"a": (0, 1), "b": (0, 1)}, "y", n=128, rng=0)
        >>> res.ranking("y")
        ('b', 'a')
        """
        if output not in self.outputs:
            raise InvalidParameterError(
                f"SobolIndices.ranking: expected an output in {self.outputs}, got {output!r}")
        row = self.total[self.outputs.index(output)]
        order = sorted(range(len(self.parameters)), key=lambda j: (-row[j], j))
        return tuple(self.parameters[j] for j in order)

    def _rows(self) -> list[dict]:
        rows = []
        for i, o in enumerate(self.outputs):
            for j, p in enumerate(self.parameters):
                rows.append({"output": o, "parameter": p, "S1": float(self.first_order[i, j]),
                             "S1_conf": float(self.first_order_conf[i, j]),
                             "ST": float(self.total[i, j]),
                             "ST_conf": float(self.total_conf[i, j])})
        return rows

    def __str__(self) -> str:
        pct = f"{100 * self.confidence:g}%"
        lines = [f"Sobol' indices over {len(self.parameters)} parameters (base sample {self.n}; "
                 f"± {pct} interval half-widths):"]
        for i, o in enumerate(self.outputs):
            if o in self.constant:
                lines.append(f"  {o}: constant over the box (no variance to apportion)")
                continue
            lines.append(f"  {o} (variance {_f(self.variance[i])}):")
            for p in self.ranking(o):
                j = self.parameters.index(p)
                lines.append(f"    {p}: total {_f(self.total[i, j])} ± "
                             f"{_f(self.total_conf[i, j])}, first-order "
                             f"{_f(self.first_order[i, j])} ± {_f(self.first_order_conf[i, j])}")
        return "\n".join(lines)


def sobol_indices(model: Any, box: Mapping[str, tuple], outputs: Any, *, n: int = 512,
                  confidence: float = 0.95, num_resamples: int = 100, rng: Any = None,
                  executor: Any = None, chunksize: int | None = None,
                  progress: bool = False) -> SobolIndices:
    """Global sensitivity of each output to the parameters in ``box`` (Sobol' indices).

    The parameters are independent and uniform over the box. Saltelli's design (``n`` base
    points from a scrambled Sobol' sequence, ``n (d + 2)`` model runs for ``d`` parameters)
    and the Saltelli–Jansen estimators of the first-order and total indices come from SALib,
    which also gives the bootstrap confidence intervals. Needs the optional dependency SALib
    (extra ``sensitivity``).

    Parameters
    ----------
    model : Chain or callable
        A chain (or preset), or ``f(params) -> mapping`` of output values.
    box : mapping of str to (float, float)
        Parameter -> (low, high).
    outputs : str, sequence or mapping
        Output names (fields of ``eq.to_record()``; truth values count as 0/1), or a mapping
        label -> name or callable of the equilibrium (or of the callable model's output).
    n : int, default 512
        Base sample size (a power of two).
    confidence : float, default 0.95
        Level of the bootstrap intervals.
    num_resamples : int, default 100
        Bootstrap resamples.
    rng : int or numpy.random.Generator, optional
        Seeds the scrambling and the bootstrap.
    executor, chunksize, progress
        Where and how the model runs are swept (see :func:`contracts.sweep.sweep`).

    Returns
    -------
    SobolIndices
        ``first_order`` and ``total`` (outputs × parameters) with interval half-widths.

    Examples
    --------
    >>> res = sobol_indices(lambda p: {"y": p["a"] * (1 + 0 * p["b"])},
    ...                     {"a": (0, 1), "b": (0, 1)}, "y", n=128, rng=0)
    >>> round(res.index("y", "a"), 3), round(res.index("y", "b"), 3)
    (1.0, 0.0)
    """
    where = "sobol_indices"
    _box.check_model(where, model)
    names, bounds, ints = _box.check_box(where, model, box)
    n = _box.check_count(where, "n", n, low=2)
    if n & (n - 1):
        raise InvalidParameterError(
            f"{where}: n must be a power of two (Saltelli's design keeps the Sobol' points "
            f"balanced), got {n}")
    if not (isinstance(confidence, (int, float)) and 0 < confidence < 1):
        raise InvalidParameterError(f"{where}: confidence must lie in (0, 1), got {confidence!r}")
    num_resamples = _box.check_count(where, "num_resamples", num_resamples)
    outs = _box.normalise_outputs(where, outputs)
    try:
        from SALib.analyze import sobol as sobol_analyze
        from SALib.sample import sobol as sobol_sample
    except ImportError as exc:
        raise ImportError(f"{where} needs SALib: pip install SALib (or the extra "
                          "'contract-games[sensitivity]')") from exc
    gen = np.random.default_rng(rng)
    seed_sample, seed_boot = (int(s) for s in gen.integers(0, 2 ** 31 - 1, size=2))
    problem = {"num_vars": len(names), "names": list(names), "bounds": bounds.tolist()}
    pts = sobol_sample.sample(problem, n, calc_second_order=False, scramble=True,
                              seed=seed_sample)
    recs = _box.run(where, _box.Evaluate(model, names, pts, ints, outs), len(pts), executor,
                    chunksize, progress)
    labels = tuple(label for label, _ in outs)
    d = len(names)
    shape = (len(labels), d)
    s1, st, s1c, stc = (np.zeros(shape) for _ in range(4))
    var = np.zeros(len(labels))
    constant = []
    for i, label in enumerate(labels):
        y = np.array([r[label] for r in recs], dtype=float)
        if not np.all(np.isfinite(y)):
            raise InvalidParameterError(
                f"{where}: output {label!r} is not finite at every point of the box (found "
                f"{int(np.sum(~np.isfinite(y)))} non-finite values)")
        var[i] = float(np.var(y))
        if var[i] <= 1e-14 * (1 + float(np.mean(y ** 2))):
            constant.append(label)
            continue
        with np.errstate(all="ignore"):
            si = sobol_analyze.analyze(problem, y, calc_second_order=False,
                                       num_resamples=num_resamples, conf_level=confidence,
                                       seed=seed_boot)
        s1[i], st[i] = si["S1"], si["ST"]
        s1c[i], stc[i] = si["S1_conf"], si["ST_conf"]
    return SobolIndices(names, labels, s1, st, s1c, stc, var, tuple(constant), n,
                        float(confidence))


# ------------------------------------------------------------------------- partial dependence
@dataclass(frozen=True, repr=False)
class PartialDependence(Result):
    """Average outputs as one parameter moves, the other box parameters drawn over the box.

    Attributes
    ----------
    parameter : str
        The parameter moved.
    values : numpy.ndarray
        Its grid.
    outputs : tuple of str
        The outputs averaged.
    mean, standard_error : numpy.ndarray
        Shape ``(len(outputs), len(values))``: the average of each output at each grid value
        over the same ``n`` draws of the other parameters, and its Monte Carlo standard error.
    n : int
        Draws of the other parameters per grid value (1 when ``parameter`` is the only one).
    others : tuple of str
        The parameters averaged over.

    Examples
    --------
    >>> res = partial_dependence(lambda p: {"y": p["a"] * p["b"]},
    ...                          {"a": (0, 1), "b": (0, 2)}, "a", "y", points=3, n=64, rng=0)
    >>> [float(round(v, 2)) for v in res.mean[0]]
    [0.0, 0.5, 1.0]
    """

    parameter: str
    values: np.ndarray = field(repr=False)
    outputs: tuple = ()
    mean: np.ndarray = field(repr=False, default=None)
    standard_error: np.ndarray = field(repr=False, default=None)
    n: int = 0
    others: tuple = ()

    def _rows(self) -> list[dict]:
        return [{"parameter": self.parameter, "value": float(v), "output": o,
                 "mean": float(self.mean[i, k]), "standard_error": float(self.standard_error[i, k])}
                for i, o in enumerate(self.outputs) for k, v in enumerate(self.values)]

    def __str__(self) -> str:
        avg = (f"averaged over {', '.join(self.others)} ({self.n} draws per value)"
               if self.others else "no other parameter varied")
        lines = [f"Partial dependence on {self.parameter}, {avg}:"]
        for i, o in enumerate(self.outputs):
            lines.append(f"  {o}: " + ", ".join(
                f"{_f(v)} -> {_f(m)}" for v, m in zip(self.values, self.mean[i])))
        return "\n".join(lines)

    def plot(self, outputs: Any = None, *, ax: Any = None):
        """Draw the curves (see :func:`plot_partial_dependence`).

        Parameters
        ----------
        outputs : sequence of str, optional
            Which outputs (default all).
        ax : matplotlib Axes, optional
            Where to draw.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> res = partial_dependence(lambda p: {"y": p["a"]}, {"a": (0, 1)}, "a", "y", points=3)
        >>> res.plot().get_xlabel()
        'a'
        """
        return plot_partial_dependence(self, outputs, ax=ax)


class _Grid:
    """Picklable sweep task: the model at grid value ``k`` and draw ``row``."""

    def __init__(self, base: _box.Evaluate, parameter: str, values: np.ndarray, integer: bool):
        self.base, self.parameter, self.values, self.integer = base, parameter, values, integer

    def params(self, row: int) -> dict:
        return self.base.params(row)

    def __call__(self, params: dict) -> dict:
        v = self.values[params["k"]]
        v = int(round(v)) if self.integer else float(v)
        pts = self.base.points
        base = _box.Evaluate(self.base.model, self.base.names + (self.parameter,),
                             np.hstack([pts[params["row"]:params["row"] + 1], [[v]]]),
                             self.base.ints + (self.integer,), self.base.outputs)
        return base({"row": 0})


def partial_dependence(model: Any, box: Mapping[str, tuple], parameter: str, outputs: Any, *,
                       points: int = 21, n: int = 64, method: str = "sobol", rng: Any = None,
                       executor: Any = None, chunksize: int | None = None) -> PartialDependence:
    """Average each output over the box as ``parameter`` moves across its range.

    At each of ``points`` equally spaced values of ``parameter`` (its range in ``box``) the
    model is evaluated at the same ``n`` draws of the other box parameters (common random
    numbers, so the curves are smooth in the grid), in one sweep.

    Parameters
    ----------
    model : Chain or callable
        As in :func:`sobol_indices`.
    box : mapping of str to (float, float)
        Parameter -> (low, high); must contain ``parameter``.
    parameter : str
        The parameter on the horizontal axis.
    outputs : str, sequence or mapping
        As in :func:`sobol_indices`.
    points : int, default 21
        Grid values of ``parameter``.
    n : int, default 64
        Draws of the other parameters.
    method : {"sobol", "random"}, default "sobol"
        How the other parameters are drawn.
    rng : seed or numpy.random.Generator, optional
        Passed to :func:`numpy.random.default_rng`.
    executor, chunksize
        Where the sweep runs.

    Returns
    -------
    PartialDependence
        Means and standard errors per output and grid value.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> pd_ = partial_dependence(Chain(), {"budget_cut": (0, 12)}, "budget_cut",
    ...                          "agency_payoff", points=4)
    >>> pd_.mean.shape
    (1, 4)
    """
    where = "partial_dependence"
    _box.check_model(where, model)
    names, bounds, ints = _box.check_box(where, model, box)
    if parameter not in names:
        raise InvalidParameterError(
            f"{where}: parameter {parameter!r} must be in the box; the box has "
            f"{', '.join(names)}")
    points = _box.check_count(where, "points", points, low=2)
    n = _box.check_count(where, "n", n)
    outs = _box.normalise_outputs(where, outputs)
    j = names.index(parameter)
    values = np.linspace(bounds[j, 0], bounds[j, 1], points)
    others = tuple(x for x in names if x != parameter)
    keep = [k for k in range(len(names)) if k != j]
    if others:
        draws = _box.scale(_box.unit_points(where, n, len(others), method, rng), bounds[keep])
    else:
        n, draws = 1, np.zeros((1, 0))
    base = _box.Evaluate(model, others, draws, tuple(ints[k] for k in keep), outs)
    task = _Grid(base, parameter, values, ints[j])
    from ..sweep import sweep
    res = sweep(task, {"k": range(points), "row": range(n)}, executor=executor,
                chunksize=chunksize)
    if res.failures:
        f0 = res.failures[0]
        raise InvalidParameterError(
            f"{where}: the model failed at {len(res.failures)} points (first: {f0.error_type}: "
            f"{f0.message}); expected a box inside the model's valid parameter ranges")
    labels = tuple(label for label, _ in outs)
    y = np.empty((len(labels), points, n))
    for r in res.records:
        for i, label in enumerate(labels):
            y[i, r["k"], r["row"]] = r[label]
    se = y.std(axis=2, ddof=1) / math.sqrt(n) if n > 1 else np.zeros(y.shape[:2])
    return PartialDependence(parameter, values, labels, y.mean(axis=2), se, n, others)


def plot_partial_dependence(result: PartialDependence, outputs: Any = None, *, ax: Any = None):
    """Draw partial-dependence curves with ±2 standard-error bands (needs matplotlib).

    Parameters
    ----------
    result : PartialDependence
        From :func:`partial_dependence`.
    outputs : sequence of str, optional
        Which outputs (default all).
    ax : matplotlib Axes, optional
        Where to draw (default a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        Titled, with the parameter's meaning on the horizontal axis.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> res = partial_dependence(lambda p: {"y": p["a"] ** 2}, {"a": (0, 1)}, "a", "y", points=5)
    >>> plot_partial_dependence(res).get_title()
    'How y depends on a'
    """
    if not isinstance(result, PartialDependence):
        raise InvalidParameterError(
            "plot_partial_dependence: expected a PartialDependence, got "
            f"{type(result).__name__}")
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plot_partial_dependence needs matplotlib: pip install matplotlib "
                          "(extra 'plot')") from exc
    outs = result.outputs if outputs is None else tuple(
        [outputs] if isinstance(outputs, str) else outputs)
    for o in outs:
        if o not in result.outputs:
            raise InvalidParameterError(
                f"plot_partial_dependence: output {o!r} not in {result.outputs}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    for o in outs:
        i = result.outputs.index(o)
        m, s = result.mean[i], result.standard_error[i]
        ax.plot(result.values, m, marker="o", ms=3, label=o.replace("_", " "))
        ax.fill_between(result.values, m - 2 * s, m + 2 * s, alpha=0.2)
    try:
        from ..models.chain import PARAMETER_HELP
        xlabel = PARAMETER_HELP.get(result.parameter, result.parameter)
    except ImportError:  # pragma: no cover
        xlabel = result.parameter
    ax.set_xlabel(xlabel)
    ax.set_ylabel("average over the other parameters" if result.others else "value")
    what = " and ".join(o.replace("_", " ") for o in outs)
    ax.set_title(f"How {what} depends on {result.parameter.replace('_', ' ')}")
    if len(outs) > 1:
        ax.legend(fontsize="small")
    return ax

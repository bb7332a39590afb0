"""Partial dependence of a model's outputs on one parameter, and its figure; see
:mod:`contracts.estimate.sensitivity`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from .._result import Result, format_number
from ..exceptions import InvalidParameterError
from . import _box


def _f(x: float) -> str:
    return format_number(x, 4)

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
    executor : None, concurrent.futures.Executor or map-like callable, optional
        Where the sweep runs (see :func:`contracts.sweep.sweep`).
    chunksize : int, optional
        Model runs per executor job.

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
    from ..plot._style import new_axes, pyplot
    pyplot("plot_partial_dependence")
    outs = result.outputs if outputs is None else tuple(
        [outputs] if isinstance(outputs, str) else outputs)
    for o in outs:
        if o not in result.outputs:
            raise InvalidParameterError(
                f"plot_partial_dependence: output {o!r} not in {result.outputs}")
    ax = new_axes(ax, figsize=(6, 4))
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
    verb = "depends" if len(outs) == 1 else "depend"
    ax.set_title(f"How {what} {verb} on {result.parameter.replace('_', ' ')}")
    if len(outs) > 1:
        ax.legend(fontsize="small")
    return ax

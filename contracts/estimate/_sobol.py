"""Sobol' indices of a model's outputs over a parameter box (through SALib); see
:mod:`contracts.estimate.sensitivity`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from .._result import Result, format_number
from ..exceptions import InvalidParameterError
from . import _box


def _f(x: float) -> str:
    return format_number(x, 4)

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
    executor : None, concurrent.futures.Executor or map-like callable, optional
        Where the model runs are swept (see :func:`contracts.sweep.sweep`).
    chunksize : int, optional
        Model runs per executor job.
    progress : bool, default False
        Show a progress bar (extra ``progress``).

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

"""Parameter sweeps: run a model over a grid, serially or on any executor.

``sweep(model_factory, grid, executor=None)`` evaluates ``model_factory(params)`` at every point of
the Cartesian product of ``grid`` and returns a :class:`SweepResult` (a list of records, a pandas
DataFrame when pandas is installed, and a regime-map plot). ``executor`` may be

* ``None`` — run serially in this process;
* any :class:`concurrent.futures.Executor` (a ``ProcessPoolExecutor``, or dask's
  ``Client.get_executor()`` to spread the grid over a cluster);
* any ``map``-like callable ``f(func, iterable) -> iterable`` (e.g. ``multiprocessing.Pool.map``).

Each task receives its own :class:`numpy.random.SeedSequence` child (when the factory accepts an
``rng`` keyword), so results do not depend on how the grid is split over workers.
"""

from __future__ import annotations

import inspect
import itertools
import math
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

import numpy as np

from .exceptions import InvalidParameterError

__all__ = ["sweep", "SweepResult", "grid_points"]


def grid_points(grid: Mapping[str, Iterable[Any]]) -> list[dict[str, Any]]:
    """All points of the Cartesian product of ``grid`` as dicts, in row-major order.

    Examples
    --------
    >>> grid_points({"a": [1, 2], "b": [0.5]})
    [{'a': 1, 'b': 0.5}, {'a': 2, 'b': 0.5}]
    """
    if not isinstance(grid, Mapping) or not grid:
        raise InvalidParameterError("sweep: grid must be a non-empty mapping name -> values")
    names = list(grid)
    values = []
    for name in names:
        try:
            vals = [v.item() if isinstance(v, np.generic) else v for v in grid[name]]
        except TypeError:
            raise InvalidParameterError(
                f"sweep: grid[{name!r}] must be an iterable of values, got {grid[name]!r}") from None
        if not vals:
            raise InvalidParameterError(f"sweep: grid[{name!r}] is empty")
        values.append(vals)
    return [dict(zip(names, combo)) for combo in itertools.product(*values)]


class _Task:
    """Picklable callable evaluating the factory at one grid point."""

    def __init__(self, factory: Callable, takes_rng: bool):
        self.factory = factory
        self.takes_rng = takes_rng

    def __call__(self, item):
        params, seed = item
        if self.takes_rng:
            return self.factory(params, rng=np.random.default_rng(seed))
        return self.factory(params)


class _Batch:
    """Picklable callable evaluating a task over a batch of grid points (one executor job)."""

    def __init__(self, task: _Task):
        self.task = task

    def __call__(self, batch):
        return [self.task(item) for item in batch]


def _takes_rng(factory: Callable) -> bool:
    try:
        sig = inspect.signature(factory)
    except (TypeError, ValueError):
        return False
    return "rng" in sig.parameters


def _summarise(value: Any) -> dict[str, Any]:
    """Turn a model's output into flat record fields."""
    if isinstance(value, Mapping):
        return dict(value)
    to_record = getattr(value, "to_record", None)
    if callable(to_record):
        return dict(to_record())
    out: dict[str, Any] = {"result": value}
    regime = getattr(value, "regime", None)
    if regime is not None:
        out["regime"] = regime
    return out


@dataclass(frozen=True)
class SweepResult:
    """Outcome of :func:`sweep`: one record per grid point (parameters + the model's output).

    Attributes
    ----------
    records : tuple of dict
        Parameters merged with the output fields (``to_record()`` of the output when it has one,
        the mapping itself for dict outputs, else ``{"result": output, "regime": output.regime}``).
    names : tuple of str
        The grid's parameter names.
    outputs : tuple
        The raw outputs, in grid order.
    """

    records: tuple
    names: tuple
    outputs: tuple = field(repr=False, default=())

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def column(self, name: str) -> list:
        """Values of one field over the grid."""
        return [r.get(name) for r in self.records]

    def to_dataframe(self):
        """A :class:`pandas.DataFrame` of the records (requires pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("SweepResult.to_dataframe needs pandas: pip install pandas") from exc
        return pd.DataFrame.from_records(list(self.records))

    def regime_map(self, x: str, y: str, field_name: str = "regime", ax=None):
        """Plot a categorical map of ``field_name`` over parameters ``x`` and ``y``; returns the Axes."""
        import matplotlib.pyplot as plt
        from matplotlib.colors import ListedColormap

        xs = sorted({r[x] for r in self.records})
        ys = sorted({r[y] for r in self.records})
        cats = sorted({str(r.get(field_name)) for r in self.records})
        code = {c: k for k, c in enumerate(cats)}
        z = np.full((len(ys), len(xs)), np.nan)
        for r in self.records:
            z[ys.index(r[y]), xs.index(r[x])] = code[str(r.get(field_name))]
        if ax is None:
            _, ax = plt.subplots()
        cmap = ListedColormap(plt.get_cmap("tab10").colors[:max(1, len(cats))])
        ax.pcolormesh(xs, ys, z, cmap=cmap, vmin=-0.5, vmax=len(cats) - 0.5, shading="nearest")
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        handles = [plt.Rectangle((0, 0), 1, 1, color=cmap(code[c])) for c in cats]
        ax.legend(handles, cats, title=field_name, loc="best", fontsize="small")
        return ax

    def __str__(self) -> str:
        n = len(self.records)
        head = f"SweepResult: {n} grid points over {', '.join(self.names)}"
        regimes = [r.get("regime") for r in self.records if "regime" in r]
        if regimes:
            counts: dict[str, int] = {}
            for g in regimes:
                counts[str(g)] = counts.get(str(g), 0) + 1
            head += "\n  regimes: " + ", ".join(f"{k} ({v})" for k, v in sorted(counts.items()))
        return head


def sweep(model_factory: Callable[..., Any], grid: Mapping[str, Iterable[Any]], *,
          executor: Executor | Callable | None = None, progress: bool = False,
          seed: int | np.random.SeedSequence | None = 0,
          chunksize: int | None = None) -> SweepResult:
    """Evaluate ``model_factory(params)`` over a parameter grid.

    Parameters
    ----------
    model_factory : callable
        Called as ``model_factory(params)`` with a dict of parameters (or
        ``model_factory(params, rng=Generator)`` if it accepts ``rng``). Must be picklable
        (a module-level function) when an out-of-process executor is used. Its output may be a
        mapping, an object with ``to_record()``, or anything (kept under ``"result"``).
    grid : mapping of str to iterable
        Parameter name -> values; the sweep runs over the Cartesian product.
    executor : None, concurrent.futures.Executor or callable, optional
        Where to run: serially (None), on an Executor (``executor.map``), or through a
        ``map``-like callable.
    progress : bool, optional
        Show a tqdm progress bar (extra ``progress``).
    seed : int or SeedSequence, optional
        Root of the per-task seeds (one ``SeedSequence.spawn`` child per grid point).
    chunksize : int, optional
        Grid points per executor job (default: about 32 jobs in all). Batching matters on
        schedulers with a per-task overhead of milliseconds (dask); results do not depend on it.

    Returns
    -------
    SweepResult

    Examples
    --------
    >>> from contracts.sweep import sweep
    >>> res = sweep(lambda p: {"regime": "high" if p["a"] * p["b"] > 1 else "low"},
    ...             {"a": [1, 2], "b": [0.4, 0.9]})
    >>> res.column("regime")
    ['low', 'low', 'low', 'high']
    """
    if not callable(model_factory):
        raise InvalidParameterError("sweep: model_factory must be callable")
    points = grid_points(grid)
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    seeds = root.spawn(len(points))
    task = _Task(model_factory, _takes_rng(model_factory))
    items = list(zip(points, seeds))
    if executor is not None and not (isinstance(executor, Executor) or callable(executor)):
        raise InvalidParameterError(
            f"sweep: executor must be None, a concurrent.futures.Executor or a map-like callable, "
            f"got {type(executor).__name__}")
    if executor is None:
        mapped: Iterable = map(task, items)
    else:
        size = chunksize if chunksize is not None else max(1, math.ceil(len(items) / 32))
        if int(size) < 1:
            raise InvalidParameterError(f"sweep: chunksize must be >= 1, got {chunksize!r}")
        size = int(size)
        batches = [items[k:k + size] for k in range(0, len(items), size)]
        runner = _Batch(task)
        results = executor.map(runner, batches) if isinstance(executor, Executor) \
            else executor(runner, batches)
        mapped = (out for batch in results for out in batch)
    if progress:
        try:
            from tqdm.auto import tqdm
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("sweep(progress=True) needs tqdm: pip install tqdm") from exc
        mapped = tqdm(mapped, total=len(items), desc="sweep")
    outputs = list(mapped)
    records = tuple({**p, **_summarise(o)} for p, o in zip(points, outputs))
    return SweepResult(records=records, names=tuple(grid), outputs=tuple(outputs))


class _CallableModule(__import__("types").ModuleType):
    """``contracts.sweep`` is both this module and the function: ``ct.sweep(factory, grid)``
    works whichever was imported first."""

    def __call__(self, *args, **kwargs):
        return sweep(*args, **kwargs)


__import__("sys").modules[__name__].__class__ = _CallableModule

"""Parameter sweeps: run a model over a grid, serially or on any executor, losing nothing.

``sweep(model_factory, grid, executor=None)`` evaluates ``model_factory(params)`` at every point of
the Cartesian product of ``grid`` and returns a :class:`SweepResult`: the records of the points
that completed and, for every point that raised, a :class:`SweepFailure` (the point, the exception
type and its message). A failing point never discards the others. ``executor`` may be

* ``None`` — run serially in this process;
* any :class:`concurrent.futures.Executor` (a ``ThreadPoolExecutor``, a ``ProcessPoolExecutor``,
  or dask's ``Client.get_executor()`` to spread the grid over a cluster);
* any ``map``-like callable ``f(func, iterable) -> iterable`` (e.g. ``multiprocessing.Pool.map``).

``checkpoint="run.jsonl"`` appends every finished point to a JSON-lines file as it arrives; calling
``sweep`` again with the same file resumes: points already completed are read back, not re-run.

Each task receives its own :class:`numpy.random.SeedSequence` child (when the factory accepts an
``rng`` keyword), so results do not depend on how the grid is split over workers.
"""

from __future__ import annotations

import inspect
import itertools
import math
import os
import pickle
import traceback
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from typing import Any, Callable, Iterable, Mapping

import numpy as np

from ._sweep_checkpoint import Checkpoint, grid_key, read_checkpoint
from ._sweep_result import SweepFailure, SweepResult, summarise
from .exceptions import InvalidParameterError, SweepError

__all__ = ["sweep", "SweepResult", "SweepFailure", "grid_points"]

_ERRORS = ("record", "raise")


def grid_points(grid: Mapping[str, Iterable[Any]]) -> list[dict[str, Any]]:
    """All points of the Cartesian product of ``grid`` as dicts, in row-major order.

    Parameters
    ----------
    grid : mapping str -> iterable
        Values of each parameter.

    Returns
    -------
    list of dict
        One dict per point; the last parameter varies fastest.

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
        if isinstance(grid[name], (str, bytes)):
            raise InvalidParameterError(
                f"sweep: grid[{name!r}] must be an iterable of values, got the string "
                f"{grid[name]!r}")
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
    """Picklable callable evaluating the factory at one grid point; never raises an Exception."""

    def __init__(self, factory: Callable, takes_rng: bool):
        self.factory = factory
        self.takes_rng = takes_rng

    def __call__(self, item):
        index, params, seed = item
        try:
            if self.takes_rng:
                out = self.factory(params, rng=np.random.default_rng(seed))
            else:
                out = self.factory(params)
        except Exception as exc:  # recorded with its point; KeyboardInterrupt propagates
            return index, False, (type(exc).__name__, str(exc), traceback.format_exc(limit=20))
        return index, True, out


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


# ----------------------------------------------------------------------------- running

def _run(task, items, executor, chunksize):
    """Yield (index, ok, payload) for every item, whatever fails."""
    if executor is None:
        for item in items:
            yield task(item)
        return
    size = chunksize if chunksize is not None else max(1, math.ceil(len(items) / 32))
    batches = [items[k:k + size] for k in range(0, len(items), size)]
    runner = _Batch(task)
    if isinstance(executor, Executor):
        futures = {executor.submit(runner, b): b for b in batches}
        try:
            for fut in as_completed(futures):
                try:
                    out = fut.result()
                except Exception as exc:  # the job itself failed (worker lost, pickling...)
                    err = (type(exc).__name__, str(exc), "")
                    out = [(item[0], False, err) for item in futures[fut]]
                yield from out
        finally:
            for fut in futures:
                fut.cancel()
        return
    seen = set()
    try:
        for out in executor(runner, batches):
            for item in out:
                seen.add(item[0])
                yield item
    except Exception as exc:  # the map callable itself broke: the rest are failures
        err = (type(exc).__name__, f"executor failed: {exc}", "")
        for item in items:
            if item[0] not in seen:
                yield item[0], False, err


def sweep(model_factory: Callable[..., Any], grid: Mapping[str, Iterable[Any]], *,
          executor: Executor | Callable | None = None, progress: bool = False,
          seed: int | np.random.SeedSequence | None = 0,
          chunksize: int | None = None, errors: str = "record",
          checkpoint: str | os.PathLike | None = None) -> SweepResult:
    """Evaluate ``model_factory(params)`` over a parameter grid, keeping every result.

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
        Where to run: serially (None), on an Executor (one ``submit`` per batch), or through a
        ``map``-like callable.
    progress : bool, optional
        Show a tqdm progress bar (extra ``progress``).
    seed : int or SeedSequence, optional
        Root of the per-task seeds (one ``SeedSequence.spawn`` child per grid point).
    chunksize : int, optional
        Grid points per executor job (default: about 32 jobs in all). Batching matters on
        schedulers with a per-task overhead of milliseconds (dask); results do not depend on it.
    errors : {"record", "raise"}, optional
        ``"record"`` (default): a point that raises is recorded as a :class:`SweepFailure` and the
        sweep goes on; ``"raise"``: raise :class:`~contracts.exceptions.SweepError` naming the
        first failing point (its ``partial`` attribute holds what completed).
    checkpoint : path, optional
        JSON-lines file to which every finished point is appended as it arrives. If the file
        exists (from a run of the same grid that died), its completed points are read back and
        not re-run; failed points are run again.

    Returns
    -------
    SweepResult
        ``records`` of the completed points, ``failures`` of the others; ``complete`` says
        whether every point completed.

    Examples
    --------
    >>> from contracts.sweep import sweep
    >>> res = sweep(lambda p: {"regime": "high" if p["a"] * p["b"] > 1 else "low"},
    ...             {"a": [1, 2], "b": [0.4, 0.9]})
    >>> res.column("regime")
    ['low', 'low', 'low', 'high']
    >>> bad = sweep(lambda p: {"x": 1 / (p["a"] - 3)}, {"a": [1, 2, 3, 4]})
    >>> bad
    SweepResult(4 points over a: 3 completed, 1 failed)
    >>> print(bad.failures[0])
    point 2 {'a': 3}: ZeroDivisionError: division by zero
    """
    if not callable(model_factory):
        raise InvalidParameterError("sweep: model_factory must be callable")
    if errors not in _ERRORS:
        raise InvalidParameterError(f"sweep: errors must be 'record' or 'raise', got {errors!r}")
    if executor is not None and not (isinstance(executor, Executor) or callable(executor)):
        raise InvalidParameterError(
            f"sweep: executor must be None, a concurrent.futures.Executor or a map-like callable, "
            f"got {type(executor).__name__}")
    if chunksize is not None:
        if isinstance(chunksize, bool) or not isinstance(chunksize, (int, np.integer)) \
                or chunksize < 1:
            raise InvalidParameterError(f"sweep: chunksize must be an integer >= 1, "
                                        f"got {chunksize!r}")
        chunksize = int(chunksize)
    points = grid_points(grid)
    n = len(points)
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    seeds = root.spawn(n)
    task = _Task(model_factory, _takes_rng(model_factory))
    if isinstance(executor, ProcessPoolExecutor):
        try:
            pickle.dumps(task)
        except Exception as exc:
            raise InvalidParameterError(
                f"sweep: model_factory must be picklable (a module-level function) to run on a "
                f"ProcessPoolExecutor; pickling failed: {exc}") from None

    done: dict[int, tuple] = {}
    store = None
    if checkpoint is not None:
        key = grid_key(points)
        path = os.fspath(checkpoint)
        exists = os.path.exists(path) and os.path.getsize(path) > 0
        if exists:
            done = read_checkpoint(path, key, n)
            for i, (rec, out) in list(done.items()):
                if out is not None:  # rebuild the record from the real output when it unpickled
                    try:
                        done[i] = ({**points[i], **summarise(out)}, out)
                    except Exception:
                        pass
        try:
            store = Checkpoint(path, key, n, fresh=not exists)
        except OSError as exc:
            raise InvalidParameterError(f"sweep: cannot write checkpoint {path!r}: {exc}") from None

    items = [(i, points[i], seeds[i]) for i in range(n) if i not in done]
    results: dict[int, tuple] = {}
    failures: dict[int, SweepFailure] = {}
    stream: Iterable = _run(task, items, executor, chunksize)
    if progress:
        try:
            from tqdm.auto import tqdm
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("sweep(progress=True) needs tqdm: pip install tqdm") from exc
        stream = tqdm(stream, total=len(items), desc="sweep")
    try:
        for index, ok, payload in stream:
            if ok:
                try:
                    rec = {**points[index], **summarise(payload)}
                except Exception as exc:
                    ok, payload = False, (type(exc).__name__, f"cannot summarise the output: {exc}",
                                          "")
                else:
                    results[index] = (rec, payload)
                    if store is not None:
                        store.add(index, True, payload, rec)
            if not ok:
                failures[index] = SweepFailure(index, dict(points[index]), payload[0],
                                               payload[1], payload[2])
                if store is not None:
                    store.add(index, False, payload)
                if errors == "raise":
                    partial = _assemble(points, grid, results, done, failures)
                    raise SweepError(
                        f"sweep: grid point {index} {points[index]} raised {payload[0]}: "
                        f"{payload[1]}", point=dict(points[index]), partial=partial)
    finally:
        if store is not None:
            store.close()
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    return _assemble(points, grid, results, done, failures)


def _assemble(points, grid, results, done, failures) -> SweepResult:
    merged = {**{i: (rec, out) for i, (rec, out) in done.items()}, **results}
    order = sorted(merged)
    res = SweepResult(records=tuple(merged[i][0] for i in order), names=tuple(grid),
                      outputs=tuple(merged[i][1] for i in order),
                      failures=tuple(failures[i] for i in sorted(failures) if i not in merged),
                      n_points=len(points), resumed=len(done))
    object.__setattr__(res, "_indices", tuple(order))
    return res


class _CallableModule(__import__("types").ModuleType):
    """``contracts.sweep`` is both this module and the function: ``ct.sweep(factory, grid)``
    works whichever was imported first."""

    def __call__(self, *args, **kwargs):
        return sweep(*args, **kwargs)


__import__("sys").modules[__name__].__class__ = _CallableModule

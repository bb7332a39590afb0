"""Parameter boxes, their (quasi-)random points and the sweep task that evaluates a model there.

Private helpers of :mod:`contracts.estimate.sensitivity`. A *box* is a mapping
``parameter -> (low, high)``; a *model* is either a frozen model with ``replace(**changes)`` and
``solve()`` (a :class:`contracts.models.chain.Chain` or one of its presets), or a plain callable
``f(params: dict) -> mapping`` (or a number). Every evaluation goes through
:func:`contracts.sweep.sweep`, so it runs serially or on any executor (dask included) unchanged.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Callable, Mapping

import numpy as np

from ..exceptions import InvalidParameterError
from ..sweep import sweep

_METHODS = ("sobol", "random")


def is_solvable(model: Any) -> bool:
    """True for a frozen model with ``replace`` and ``solve`` (a chain or one of its presets)."""
    return callable(getattr(model, "replace", None)) and callable(getattr(model, "solve", None))


def check_model(where: str, model: Any) -> None:
    """Raise unless ``model`` is a solvable model or a callable of a parameter dict."""
    if not (is_solvable(model) or callable(model)):
        raise InvalidParameterError(
            f"{where}: model must be a model with replace() and solve() (e.g. a Chain) or a "
            f"callable of a parameter dict, got {type(model).__name__}")


def check_box(where: str, model: Any, box: Any) -> tuple[tuple, np.ndarray, tuple]:
    """Validate ``box``; return (names, bounds array (d, 2), integer flags)."""
    if not isinstance(box, Mapping) or not box:
        raise InvalidParameterError(
            f"{where}: box must be a non-empty mapping parameter -> (low, high), got {box!r}")
    fields = ({f.name: f for f in dataclasses.fields(model)}
              if is_solvable(model) and dataclasses.is_dataclass(model) else None)
    names, bounds, ints = [], [], []
    for name, rng in box.items():
        if not isinstance(name, str):
            raise InvalidParameterError(f"{where}: box keys must be parameter names, got {name!r}")
        if fields is not None:
            if name not in fields:
                raise InvalidParameterError(
                    f"{where}: {name!r} is not a parameter of {type(model).__name__}; expected "
                    f"one of {', '.join(sorted(fields))}")
            current = getattr(model, name)
            if isinstance(current, (tuple, list, str)) or isinstance(current, bool):
                raise InvalidParameterError(
                    f"{where}: parameter {name!r} is not a number ({current!r}); a box can only "
                    "vary scalar parameters")
            ints.append(isinstance(current, int))
        else:
            ints.append(False)
        try:
            lo, hi = (float(v) for v in rng)
        except (TypeError, ValueError):
            raise InvalidParameterError(
                f"{where}: box[{name!r}] must be a pair (low, high) of numbers, got {rng!r}"
            ) from None
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise InvalidParameterError(
                f"{where}: box[{name!r}] must be finite with low < high, got ({lo}, {hi})")
        names.append(name)
        bounds.append((lo, hi))
    return tuple(names), np.asarray(bounds, dtype=float), tuple(ints)


def check_count(where: str, name: str, n: Any, low: int = 1) -> int:
    """An integer ``n >= low``."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < low:
        raise InvalidParameterError(f"{where}: {name} must be an integer >= {low}, got {n!r}")
    return int(n)


def unit_points(where: str, n: int, d: int, method: str, rng: Any) -> np.ndarray:
    """``n`` points in the unit cube ``[0, 1)^d``: scrambled Sobol' or independent uniform."""
    if method not in _METHODS:
        raise InvalidParameterError(
            f"{where}: method must be 'sobol' or 'random', got {method!r}")
    gen = np.random.default_rng(rng)
    if method == "random":
        return gen.random((n, d))
    from scipy.stats import qmc
    sampler = qmc.Sobol(d, scramble=True, seed=gen)
    m = int(math.log2(n))
    if 2 ** m == n:
        return sampler.random_base2(m)
    return sampler.random(n)         # scipy warns that the balance of the points is lost


def scale(unit: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Map unit-cube points to the box."""
    return bounds[:, 0] + unit * (bounds[:, 1] - bounds[:, 0])


def _value(x: Any) -> float:
    if isinstance(x, (bool, np.bool_)):
        return float(x)
    try:
        return float(x)
    except (TypeError, ValueError):
        raise InvalidParameterError(
            f"sensitivity: an output must be a number or a truth value, got {x!r}") from None


class Evaluate:
    """Picklable sweep task: the model at row ``params["row"]`` of ``points``.

    Returns a flat record: the outputs asked for (numbers; truth values as 0/1) and, for a
    solvable model, its ``to_record()`` fields when ``outputs`` is None.
    """

    def __init__(self, model: Any, names: tuple, points: np.ndarray, ints: tuple,
                 outputs: tuple | None):
        self.model, self.names, self.points, self.ints = model, names, points, ints
        self.outputs = outputs

    def params(self, row: int) -> dict:
        """The parameter dict of row ``row``."""
        x = self.points[row]
        return {n: (int(round(v)) if i else float(v)) for n, v, i in zip(self.names, x, self.ints)}

    def __call__(self, params: dict) -> dict:
        p = self.params(params["row"])
        if is_solvable(self.model):
            eq = self.model.replace(**p).solve()
            if self.outputs is None:
                return dict(eq.to_record())
            rec = None
            out = {}
            for label, spec in self.outputs:
                if callable(spec):
                    out[label] = _value(spec(eq))
                else:
                    if rec is None:
                        rec = eq.to_record()
                    if spec not in rec:
                        raise InvalidParameterError(
                            f"sensitivity: output {spec!r} is not a field of the model's "
                            f"record; expected one of {', '.join(sorted(rec))}")
                    out[label] = _value(rec[spec])
            return out
        res = self.model(p)
        if not isinstance(res, Mapping):
            res = {"output": res}
        if self.outputs is None:
            return dict(res)
        out = {}
        for label, spec in self.outputs:
            if callable(spec):
                out[label] = _value(spec(res))
            elif spec in res:
                out[label] = _value(res[spec])
            else:
                raise InvalidParameterError(
                    f"sensitivity: output {spec!r} is not returned by the model; it returns "
                    f"{', '.join(map(str, res))}")
        return out


def normalise_outputs(where: str, outputs: Any) -> tuple:
    """``outputs`` (a name, a sequence of names, or a mapping label -> name or callable)."""
    if isinstance(outputs, str):
        return ((outputs, outputs),)
    if isinstance(outputs, Mapping):
        items = tuple(outputs.items())
    else:
        try:
            items = tuple((o, o) if isinstance(o, str) else (getattr(o, "__name__", repr(o)), o)
                          for o in outputs)
        except TypeError:
            raise InvalidParameterError(
                f"{where}: outputs must be a name, a list of names or a mapping label -> name or "
                f"callable, got {outputs!r}") from None
    if not items:
        raise InvalidParameterError(f"{where}: outputs is empty")
    for label, spec in items:
        if not (isinstance(spec, str) or callable(spec)):
            raise InvalidParameterError(
                f"{where}: output {label!r} must be a record field name or a callable, got "
                f"{spec!r}")
    return items


def run(where: str, task: Callable, n_rows: int, executor: Any, chunksize: Any,
        progress: bool = False) -> list[dict]:
    """Evaluate ``task`` at rows 0..n_rows-1 through the sweep engine; raise on any failure."""
    res = sweep(task, {"row": range(n_rows)}, executor=executor, chunksize=chunksize,
                progress=progress)
    if res.failures:
        first = res.failures[0]
        if first.error_type == "InvalidParameterError" and first.message.startswith(
                "sensitivity:"):
            raise InvalidParameterError(where + first.message[len("sensitivity"):])
        raise InvalidParameterError(
            f"{where}: the model failed at {len(res.failures)} of {n_rows} points of the box "
            f"(first at {task.params(first.point['row'])}: {first.error_type}: {first.message}); "
            "expected a box inside the model's valid parameter ranges")
    return [{k: v for k, v in r.items() if k != "row"} for r in res.records]

"""Checkpoint files of :func:`contracts.sweep.sweep`: one JSON line per finished grid point.

Private part of :mod:`contracts.sweep`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import pickle
from typing import Any, Mapping

import numpy as np

from .exceptions import InvalidParameterError


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, np.generic):
        return _jsonable(value.item())
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return repr(value)


def grid_key(points: list[dict]) -> str:
    text = json.dumps([_jsonable(p) for p in points], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_checkpoint(path: str, key: str, n: int) -> dict[int, tuple]:
    """Completed points stored in ``path``: index -> (record, output or None)."""
    done: dict[int, tuple] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short when the run died
            if lineno == 1 or "grid" in row:
                if row.get("grid") != key or row.get("n_points") != n:
                    raise InvalidParameterError(
                        f"sweep: checkpoint {path!r} belongs to a different grid "
                        f"({row.get('n_points')} points, key {row.get('grid')}); expected {n} "
                        f"points, key {key}. Use another file or delete it.")
                continue
            if row.get("ok"):
                out = None
                if row.get("pickle"):
                    try:
                        out = pickle.loads(base64.b64decode(row["pickle"]))
                    except Exception:
                        out = None
                done[int(row["index"])] = (row["record"], out)
    return done


class Checkpoint:
    def __init__(self, path: str | os.PathLike, key: str, n: int, fresh: bool):
        self.path = os.fspath(path)
        self.fh = open(self.path, "a", encoding="utf-8")
        if fresh:
            self._write({"grid": key, "n_points": n, "format": "contracts.sweep/1"})

    def _write(self, row: dict) -> None:
        self.fh.write(json.dumps(row) + "\n")
        self.fh.flush()

    def add(self, index: int, ok: bool, payload, record=None) -> None:
        if ok:
            try:
                blob = base64.b64encode(pickle.dumps(payload)).decode("ascii")
            except Exception:
                blob = None
            self._write({"index": index, "ok": True, "record": _jsonable(record),
                         "pickle": blob})
        else:
            self._write({"index": index, "ok": False, "error_type": payload[0],
                         "message": payload[1]})

    def close(self) -> None:
        self.fh.close()

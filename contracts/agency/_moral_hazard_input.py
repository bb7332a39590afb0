"""Validation of the moral-hazard models' input: probability matrices, vectors, costs.

Shared by :mod:`contracts.agency.moral_hazard` and :mod:`contracts.agency.grossman_hart`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from ..games.normal_form import to_fraction
from ..exceptions import InvalidGameError, InvalidParameterError
from ..results import format_number

_ROW_TOL = 1e-9


# ----------------------------------------------------------------------------------------------
# input helpers
# ----------------------------------------------------------------------------------------------

def _as_fraction(where: str, name: str, x: Any) -> Fraction:
    """A real number as a Fraction (floats read as the decimal they print as)."""
    try:
        return to_fraction(x, where)
    except InvalidGameError as exc:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a finite real number, got {x!r}") from exc


def _vector(where: str, name: str, value: Any, length: int | None = None) -> tuple:
    try:
        items = list(value)
    except TypeError:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a sequence of numbers, got {value!r}") from None
    if length is not None and len(items) != length:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} has length {len(items)}; expected {length}")
    if not items:
        raise InvalidParameterError(f"{where}: parameter {name!r} must not be empty")
    return tuple(_as_fraction(where, f"{name}[{j}]", x) for j, x in enumerate(items))


def _stochastic_matrix(where: str, name: str, value: Any, labels_from_mapping=True):
    """Rows of a row-stochastic matrix as Fractions, plus the row labels if given as a mapping."""
    labels = None
    if isinstance(value, Mapping):
        labels = tuple(value.keys())
        value = [value[k] for k in labels]
    if isinstance(value, np.ndarray) and value.ndim != 2:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a 2-d matrix (actions x outcomes), "
            f"got an array of shape {value.shape}")
    try:
        rows = [list(r) for r in value]
    except TypeError:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a matrix (one row per action), got {value!r}"
        ) from None
    if not rows or not rows[0]:
        raise InvalidParameterError(f"{where}: parameter {name!r} must have at least one row "
                                    "and one column")
    m = len(rows[0])
    out = []
    for i, row in enumerate(rows):
        if len(row) != m:
            raise InvalidParameterError(
                f"{where}: parameter {name!r} is ragged: row {i} has {len(row)} entries; "
                f"expected {m}")
        fr = tuple(_as_fraction(where, f"{name}[{i}][{j}]", x) for j, x in enumerate(row))
        for j, p in enumerate(fr):
            if p < 0 or p > 1:
                raise InvalidParameterError(
                    f"{where}: parameter {name!r}[{i}][{j}] = {format_number(p)} is outside "
                    "its valid range [0, 1] (probabilities)")
        s = sum(fr)
        if abs(float(s) - 1.0) > _ROW_TOL:
            raise InvalidParameterError(
                f"{where}: parameter {name!r} must be row-stochastic: row {i} sums to "
                f"{format_number(float(s), 12)}; expected 1")
        out.append(fr)
    return tuple(out), labels


def _cost_vector(where: str, costs: Any, labels, names) -> tuple:
    """Non-negative action costs, from a sequence or a mapping keyed by the action ``labels``;
    ``names`` label the actions in messages."""
    n = len(names)
    if isinstance(costs, Mapping):
        if labels is None or set(costs) != set(labels):
            raise InvalidParameterError(
                f"{where}: parameter 'costs' is a mapping with keys {list(costs)}; expected "
                f"the action labels {list(labels) if labels is not None else list(range(n))}")
        costs = [costs[k] for k in labels]
    c = _vector(where, "costs", costs, n)
    for i, ci in enumerate(c):
        if ci < 0:
            raise InvalidParameterError(
                f"{where}: parameter 'costs'[{names[i]!r}] = {_fnum(ci)} is outside its valid "
                "range [0, inf) (costs are non-negative)")
    return c


def _frozen_array(values) -> np.ndarray:
    a = np.array(values, dtype=float)
    a.setflags(write=False)
    return a


def _fnum(x) -> str:
    return format_number(x)


def _fvec(v) -> str:
    return "(" + ", ".join(_fnum(x) for x in v) + ")"

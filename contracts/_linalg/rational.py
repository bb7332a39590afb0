"""Exact rational helpers: one place for common denominators and Fraction conversion."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterable

import numpy as np

__all__ = ["common_denominator", "to_fraction_array"]


def common_denominator(values: Iterable) -> int:
    """Least common multiple of the denominators of ``values`` (ints or Fractions).

    Examples
    --------
    >>> from fractions import Fraction
    >>> common_denominator([Fraction(1, 4), Fraction(5, 6), 3])
    12
    """
    dens = [Fraction(v).denominator for v in np.asarray(values, dtype=object).ravel()]
    return math.lcm(*dens) if dens else 1


def to_fraction_array(values) -> np.ndarray:
    """Object array of :class:`~fractions.Fraction` with the same shape as ``values``.

    Floats convert exactly (their binary value); use ``Fraction(str(x))`` upstream for
    decimal intent.

    Examples
    --------
    >>> to_fraction_array([[1, 0.5]]).tolist()
    [[Fraction(1, 1), Fraction(1, 2)]]
    """
    arr = np.asarray(values, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = v if isinstance(v, Fraction) else Fraction(v)
    return out

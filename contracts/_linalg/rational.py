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


def solve_exact(M, rhs) -> list | None:
    """Exact solution of the square system ``M x = rhs`` (Fractions), or None if singular.

    Fraction-free Gauss-Jordan elimination on the pivoting kernel: every intermediate entry
    is an integer (a minor of ``[M | rhs]`` scaled by the common denominator).

    Examples
    --------
    >>> [str(v) for v in solve_exact([[2, 1], [1, 3]], [3, 5])]
    ['4/5', '7/5']
    """
    from contracts._linalg.pivot import pivot_exact

    n = len(rhs)
    F = to_fraction_array([list(row) + [b] for row, b in zip(M, rhs)]).reshape(n, n + 1)
    L = common_denominator(F)
    T = np.empty((n, n + 1), dtype=object)
    T[:, :] = [[int(v * L) for v in row] for row in F]
    det = 1
    row_of = [-1] * n
    free = list(range(n))
    for k in range(n):
        r = next((i for i in free if T[i, k] != 0), None)
        if r is None:
            return None
        det = pivot_exact(T, r, k, det)
        row_of[k] = r
        free.remove(r)
    # after exchanging column k with row row_of[k]: x_k = T[row_of[k], n] / det
    return [Fraction(T[row_of[k], n], det) for k in range(n)]

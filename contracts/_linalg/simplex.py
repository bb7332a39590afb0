"""Exact simplex method on the pivoting kernel (fraction-free integer dictionaries).

Used where an LP must be solved in rational arithmetic (exact zero-sum values, dominance and
correlated-equilibrium certificates, exact agency contracts): HiGHS answers in floats, this
answers exactly.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from contracts._linalg.pivot import Dictionary, lex_leaving_row
from contracts._linalg.rational import common_denominator
from contracts.exceptions import ConvergenceError

__all__ = ["exact_simplex"]


def exact_simplex(c, A, b, *, max_pivots: int = 100_000, caller: str = "exact_simplex"):
    """Maximise ``c·z`` subject to ``A z <= b``, ``z >= 0``, with ``b >= 0``, exactly.

    Integer dictionary over one common denominator (fraction-free pivots), Bland's entering
    rule (the lowest-indexed improving variable) and the kernel's lexicographic leaving rule,
    so degenerate programmes never cycle.

    Parameters
    ----------
    c : sequence
        Objective coefficients (ints, Fractions, or floats read exactly).
    A : sequence of sequences
        Constraint matrix, ``m × n``.
    b : sequence
        Non-negative right-hand side.
    max_pivots : int
        Safety bound.
    caller : str
        Name used in error messages.

    Returns
    -------
    (z, y, value)
        Optimal point, optimal dual prices ``y >= 0`` of the rows and optimal value, as
        :class:`~fractions.Fraction` lists and a Fraction.

    Raises
    ------
    ValueError
        If some ``b_i < 0`` (the origin must be feasible).
    ConvergenceError
        If the programme is unbounded or ``max_pivots`` is reached.

    Examples
    --------
    >>> z, y, v = exact_simplex([1, 1], [[1, 2], [3, 1]], [4, 6])
    >>> [str(t) for t in z], [str(t) for t in y], str(v)
    (['8/5', '6/5'], ['2/5', '1/5'], '14/5')
    """
    m, n = len(A), len(c)
    Af = [[Fraction(v) for v in row] for row in A]
    bf = [Fraction(v) for v in b]
    cf = [Fraction(v) for v in c]
    if any(v < 0 for v in bf):
        raise ValueError(f"{caller}: needs b >= 0")
    L = common_denominator([v for row in Af for v in row] + bf)
    Lc = common_denominator(cf)
    T = np.empty((m + 1, n + 1), dtype=object)
    for i in range(m):
        T[i, :n] = [int(v * L) for v in Af[i]]
        T[i, n] = int(bf[i] * L)
    T[m, :n] = [int(-v * Lc) for v in cf]     # objective row: zeta = 0 + c z
    T[m, n] = 0
    # labels: z_j -> j, slack_i -> n + i, the objective -> n + m (always basic, never a pivot row)
    d = Dictionary(T, basic=list(range(n, n + m)) + [n + m], nonbasic=range(n),
                   slack=range(n, n + m), rows=m)
    for _ in range(max_pivots):
        obj = d.T[m]
        pos = d.pos
        enter = next((j for j in range(n + m) if pos[j] >= 0 and obj[pos[j]] < 0), None)
        if enter is None:
            break
        r, tied = lex_leaving_row(d.T, int(pos[enter]), d.slack_pos, exact=True, rows=m)
        if r < 0:
            raise ConvergenceError(f"{caller}: the linear program is unbounded")
        d.pivot_at(r, enter)
    else:
        raise ConvergenceError(f"{caller}: no optimum after {max_pivots} pivots")
    det = d.det
    z = [Fraction(0)] * n
    for i, k in enumerate(d.basic[:m].tolist()):
        if k < n:
            z[k] = Fraction(d.T[i, n], det)
    y = []
    for i in range(m):
        p = int(d.pos[n + i])
        y.append(Fraction(int(d.T[m, p]) * L, det * Lc) if p >= 0 else Fraction(0))
    return z, y, Fraction(d.T[m, n], det * Lc)

"""An exact optimal vertex of a small LP (the min-pay LP of :class:`MoralHazard` in exact mode).

Private part of :mod:`contracts.agency.moral_hazard`.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from ..exceptions import ConvergenceError


# ----------------------------------------------------------------------------------------------
# exact LP:  min c.x  s.t.  G x >= h  (rows),  x >= 0
# ----------------------------------------------------------------------------------------------

def _solve_square(A: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """Solve A x = b exactly (Gaussian elimination); None if A is singular."""
    n = len(A)
    M = [list(A[i]) + [b[i]] for i in range(n)]
    for col in range(n):
        piv = next((r for r in range(col, n) if M[r][col] != 0), None)
        if piv is None:
            return None
        M[col], M[piv] = M[piv], M[col]
        pv = M[col][col]
        for r in range(n):
            if r != col and M[r][col] != 0:
                f = M[r][col] / pv
                M[r] = [a - f * p for a, p in zip(M[r], M[col])]
    return [M[i][n] / M[i][i] for i in range(n)]


def _exact_lp(G, h, c, x_hint, *, max_guesses: int = 64):
    """Exact optimal vertex of ``min c.x s.t. G x >= h, x >= 0`` (feasible, bounded, ``c >= 0``).

    First the float solution ``x_hint`` guesses the active constraints and a basis among them is
    certified exactly (the vertex is feasible and its dual on the basis is non-negative); if no
    guess certifies, the dual ``max h.y s.t. G'y <= c, y >= 0`` (the origin is feasible since
    ``c >= 0``) is solved by the exact simplex of the pivoting kernel, whose dual prices are the
    optimal ``x``. Returns ``(x, y_rows, y_bounds)``.
    """
    m = len(c)
    rows = [list(g) for g in G] + [[Fraction(int(k == j)) for k in range(m)] for j in range(m)]
    rhs = list(h) + [Fraction(0)] * m
    nrows = len(G)
    xf = np.asarray(x_hint, dtype=float)
    slack = [float(sum(float(a) * x for a, x in zip(r, xf))) - float(b) for r, b in zip(rows, rhs)]
    order = sorted(range(len(rows)), key=lambda k: abs(slack[k]) / (1 + abs(float(rhs[k]))))
    active = [k for k in order if abs(slack[k]) <= 1e-7 * (1 + abs(float(rhs[k])))]

    def certify(S):
        x = _solve_square([rows[k] for k in S], [rhs[k] for k in S])
        if x is None:
            return None
        if any(sum(a * xi for a, xi in zip(r, x)) < b for r, b in zip(rows, rhs)):
            return None
        AT = [[rows[k][j] for k in S] for j in range(m)]
        y = _solve_square(AT, list(c))
        if y is None or any(v < 0 for v in y):
            return None
        return x, dict(zip(S, y))

    if len(active) >= m:
        for S in itertools.islice(itertools.combinations(active, m), max_guesses):
            out = certify(S)
            if out is not None:
                x, ys = out
                y_rows = [ys.get(k, Fraction(0)) for k in range(nrows)]
                y_bounds = [ys.get(nrows + j, Fraction(0)) for j in range(m)]
                return x, y_rows, y_bounds
    # the dual LP, exactly: its optimal dual prices are the optimal payments
    from .._linalg.simplex import exact_simplex
    GT = [[G[k][j] for k in range(nrows)] for j in range(m)]
    try:
        y_rows, x, _ = exact_simplex(list(h), GT, list(c), caller="MoralHazard.min_pay")
    except ConvergenceError:
        raise ConvergenceError("MoralHazard.min_pay: exact mode found no optimal basis "
                               "(the LP looked feasible in floating point but is not "
                               "exactly)") from None
    y_bounds = [c[j] - sum(G[k][j] * y_rows[k] for k in range(nrows)) for j in range(m)]
    return x, y_rows, y_bounds

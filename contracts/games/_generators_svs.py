"""Savani and von Stengel (2006): square games on which Lemke-Howson takes exponentially many
pivots from every initial label (see :mod:`contracts.games.generators`)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..exceptions import InvalidGameError, InvalidParameterError
from ._generator_checks import _count
from .normal_form import NormalFormGame

__all__ = ["savani_von_stengel"]


def _svs_permutation(d: int) -> list[int]:
    """Labels of the second polytope's facets (von Stengel's ``genperm``), 0-based."""
    n = 2 * d
    perm = list(range(n))
    for i in range(2, d, 2):          # first half: 0 2 1 4 3 ... d-1
        perm[i - 1], perm[i] = i, i - 1
    for i in range(d, n - 1, 2):      # second half: swap neighbouring pairs
        perm[i], perm[i + 1] = i + 1, i
    return perm


def _solve_exact(M: list[list[Fraction]], rhs: list[list[Fraction]]) -> list[list[Fraction]]:
    """Solve ``M X = rhs`` exactly by Gauss–Jordan elimination (M square, nonsingular)."""
    d = len(M)
    aug = [list(M[i]) + list(rhs[i]) for i in range(d)]
    for col in range(d):
        piv = next(r for r in range(col, d) if aug[r][col] != 0)
        aug[col], aug[piv] = aug[piv], aug[col]
        p = aug[col][col]
        aug[col] = [x / p for x in aug[col]]
        for r in range(d):
            if r != col and aug[r][col] != 0:
                f = aug[r][col]
                aug[r] = [a - f * b for a, b in zip(aug[r], aug[col])]
    return [row[d:] for row in aug]


def _slack_rows(C: list[list[Fraction]], coords: list[int], others: list[int]):
    """Write {z : C z <= 1} in the slacks of facets ``coords``: rows m_k with m_k . s <= 1."""
    d = len(coords)
    M = [C[k] for k in coords]
    # W = M^{-T} [c_k ...]: solve M^T W = [c_k ...]
    Mt = [[M[r][c] for r in range(d)] for c in range(d)]
    rhs = [[C[k][c] for k in others] for c in range(d)]
    W = _solve_exact(Mt, rhs)
    rows = {}
    for col, k in enumerate(others):
        w = [W[r][col] for r in range(d)]
        beta = 1 - sum(w)
        if beta <= 0:  # cannot happen for a simple polytope; guard against a wrong realisation
            raise InvalidGameError("savani_von_stengel: internal error, facet tight at the "
                                   "artificial vertex")
        rows[k] = [-x / beta for x in w]
    return rows


def savani_von_stengel(d: int, *, exact: bool | None = None) -> NormalFormGame:
    """Square ``d x d`` game where Lemke–Howson needs exponentially many pivots from every label.

    The construction of Savani and von Stengel ("Hard-to-solve bimatrix games", Econometrica 74,
    2006): both best-response polytopes are the dual cyclic polytope with ``2d`` facets in
    dimension ``d`` (facets = points ``1, ..., 2d`` of the moment curve ``t -> (t, ..., t**d)``),
    the first with the identity labelling and the second with the permutation
    ``1 3 2 5 4 ... d | d+2 d+1 d+4 d+3 ...`` (Morris's labelling). The payoffs are the
    coordinates of that polytope in the slack variables of the facets that meet at the artificial
    equilibrium, scaled to integers and shifted to be at least 1 (neither changes equilibria or
    Lemke–Howson paths). The shortest Lemke–Howson path grows like ``phi**(3d/4)``
    (``d = 6``: paths of 16 to 88 pivots; ``d = 8``: 40 to 376).

    Parameters
    ----------
    d : int
        Even number of actions per player, at least 2.
    exact : bool, optional
        Fraction payoffs (``True``) or floats (``False``). Default: floats while every payoff is
        an integer below 2**53 (``d <= 14``), exact beyond.

    Returns
    -------
    NormalFormGame
        The ``d x d`` game.

    Examples
    --------
    >>> from contracts.games.generators import savani_von_stengel
    >>> g = savani_von_stengel(4)
    >>> g.num_actions, int(g.payoffs[0].min())
    ((4, 4), 1)
    """
    where = "savani_von_stengel"
    d = _count(where, "d", d, low=2)
    if d % 2:
        raise InvalidParameterError(f"{where}: parameter 'd' = {d} must be even (the "
                                    "construction uses cyclic polytopes of even dimension)")
    n = 2 * d
    pts = [[Fraction(t) ** j for j in range(1, d + 1)] for t in range(1, n + 1)]
    centre = [sum(p[j] for p in pts) / n for j in range(d)]
    C = [[p[j] - centre[j] for j in range(d)] for p in pts]
    perm = _svs_permutation(d)
    inv = [0] * n
    for g, lab in enumerate(perm):
        inv[lab] = g
    # row player's polytope P = {x >= 0 : B^T x <= 1}: facets 0..d-1 are x_i >= 0 (label i),
    # facet d + j (label d + j) is column j of B.
    rows1 = _slack_rows(C, list(range(d)), list(range(d, n)))
    B = [[rows1[d + j][i] for j in range(d)] for i in range(d)]
    # column player's polytope Q = {y >= 0 : A y <= 1}: facet g has label perm[g]; y_j is the
    # slack of the facet labelled d + j, row i of A the facet labelled i.
    rows2 = _slack_rows(C, [inv[d + j] for j in range(d)], list(range(d)))
    A = [rows2[inv[i]] for i in range(d)]

    def integral(M):
        den = 1
        for row in M:
            for x in row:
                den = math.lcm(den, x.denominator)
        M = [[int(x * den) for x in row] for row in M]
        low = min(min(row) for row in M)
        return [[x - low + 1 for x in row] for row in M]

    A, B = integral(A), integral(B)
    big = max(max(abs(x) for row in M for x in row) for M in (A, B))
    if exact is None:
        exact = big > 2 ** 53
    if exact:
        return NormalFormGame.from_bimatrix([[Fraction(x) for x in r] for r in A],
                                            [[Fraction(x) for x in r] for r in B])
    return NormalFormGame.from_bimatrix(np.array(A, dtype=float), np.array(B, dtype=float))

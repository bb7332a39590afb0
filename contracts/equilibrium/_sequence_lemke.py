"""Lemke's algorithm for the sequence-form LCP (private to :mod:`.sequence_form`).

``w = q + M z + d z0`` with the covering vector ``d = 1``; labels ``i`` for ``w_i``, ``n + i``
for ``z_i``, ``2n`` for ``z0``; ``z0`` enters at a given row, then the complement of every
leaving variable enters, until ``z0`` leaves. The leaving row is chosen by the lexicographic
minimum-ratio rule over the columns of the inverse basis in the order of the ``w`` labels (the
rule of :mod:`contracts._linalg.pivot`, and Gambit's), so the float paths below take the same
pivots as the exact one unless round-off breaks a tie differently.

Three ways to walk the path:

* :func:`float_lemke` — float64. Small problems pivot a dense dictionary with the shared kernel
  (:class:`contracts._linalg.pivot.Dictionary`, compiled when numba is loaded); large ones use a *revised* method: the basis
  matrix (sparse, columns of ``[I | -M | -d]``) is factorised by SuperLU
  (:func:`scipy.sparse.linalg.splu`), each pivot appends an eta vector (product form of the
  inverse) and the basis is refactorised every :data:`REFACTOR` pivots. Memory is the sparse
  matrix, its LU factors and the eta file: linear in the number of sequences for trees, never
  the ``n x n`` tableau. Ties of the ratio test are broken with rows of the inverse basis,
  computed by transposed solves for the tied rows only.
* :func:`exact_lemke` — the same path in exact integer arithmetic (fraction-free dense
  dictionary): the fallback when the float path is inconclusive.
* :func:`exact_basic_solution` — the exact solution of a final basis found in floats.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from .._linalg.pivot import Dictionary, NoPivot, lex_leaving_row
from .._linalg.rational import common_denominator, solve_exact
from ..exceptions import ConvergenceError

__all__: list = []

#: problems with more rows than this use the revised (sparse LU) float path
DENSE_MAX = 400
#: refactorise the basis after this many eta updates
REFACTOR = 40
#: a pivot element must exceed this (the data are integers or moderate rationals; paths through
#: deep trees legitimately pivot on entries like 1e-8)
PIV_ABS = 1e-9
#: basic values below this count as zero in the ratio test (degenerate ties stay ties)
ZERO_RHS = 1e-12
#: two ratios (or lexicographic entries) within this relative distance are tied
TIE_REL = 1e-9


class Inconclusive(ArithmeticError):
    """The float path broke down (singular basis, no pivot, too many pivots)."""


# ----------------------------------------------------------------------------------------------
# float, dense (the shared kernel)
# ----------------------------------------------------------------------------------------------
def _lex_min(Q: np.ndarray) -> int:
    """Index of the lexicographically smallest row of ``Q`` (float ties within TIE_REL)."""
    alive = np.arange(Q.shape[0])
    spread = Q.max(axis=0) - Q.min(axis=0)
    for c in np.flatnonzero(spread > TIE_REL * (1.0 + np.abs(Q).max(axis=0))).tolist():
        col = Q[alive, c]
        lo = col.min()
        keep = col <= lo + TIE_REL * (1.0 + abs(lo))
        if not keep.all():
            alive = alive[keep]
            if len(alive) == 1:
                break
    return int(alive[0])


def _dense_float(Mc, q: np.ndarray, start_row: int, max_pivots: int):
    """Lemke's path on a dense float dictionary ``x_B = b - D x_N`` (``Mc`` sparse or dense).

    The dictionary is the shared kernel's (:class:`contracts._linalg.pivot.Dictionary`), whose
    lexicographic rule with the ``w`` labels as slacks is the rule above; it runs compiled
    (numba) when that is installed and loaded.
    """
    n = len(q)
    T = np.empty((n, n + 2))
    np.negative(Mc.toarray() if sp.issparse(Mc) else Mc, out=T[:, :n])
    T[:, n] = -1.0
    T[:, n + 1] = q
    d = Dictionary(T, basic=np.arange(n), nonbasic=np.arange(n, 2 * n + 1),
                   slack=np.arange(n))
    z0 = 2 * n
    leaving = d.pivot_at(start_row, z0)
    pivots = 1
    while leaving != z0:
        enter = leaving + n if leaving < n else leaving - n
        if pivots > max_pivots:
            raise Inconclusive("too many pivots")
        try:
            leaving = d.enter(enter)
        except NoPivot as exc:
            raise Inconclusive("no pivot") from exc
        pivots += 1
    basic = d.basic.tolist()
    z = np.zeros(n)
    for r, lab in enumerate(basic):
        if n <= lab < 2 * n:
            z[lab - n] = T[r, -1]
    return z, basic, pivots


# ----------------------------------------------------------------------------------------------
# float, revised (sparse LU + eta file)
# ----------------------------------------------------------------------------------------------
class _Basis:
    """The basis of ``[I | -M | -d]``: SuperLU factors of a recent basis and eta updates."""

    def __init__(self, A: sp.csc_matrix, q: np.ndarray):
        self.A = A
        self.q = q
        self.n = len(q)
        self.basic = np.arange(self.n)
        self.refactor()

    def refactor(self) -> None:
        B = self.A[:, self.basic].tocsc()
        try:
            self.lu = splu(B, permc_spec="COLAMD", options={"SymmetricMode": False})
        except RuntimeError as exc:          # singular (round-off)
            raise Inconclusive("singular basis") from exc
        self.etas: list = []
        self.beta = self.ftran_dense(self.q)

    def column(self, label: int) -> np.ndarray:
        A = self.A
        a = np.zeros(self.n)
        lo, hi = A.indptr[label], A.indptr[label + 1]
        a[A.indices[lo:hi]] = A.data[lo:hi]
        return a

    def ftran_dense(self, a: np.ndarray) -> np.ndarray:
        v = self.lu.solve(a)
        for r, alpha in self.etas:
            vr = v[r] / alpha[r]
            if vr != 0.0:
                v -= vr * alpha
            v[r] = vr
        return v

    def rows_of_inverse(self, rows: np.ndarray) -> np.ndarray:
        """Rows ``rows`` of the inverse basis (one transposed solve for all of them)."""
        Y = np.zeros((self.n, len(rows)))
        Y[rows, np.arange(len(rows))] = 1.0
        for r, alpha in reversed(self.etas):
            Y[r] = (Y[r] - alpha @ Y + Y[r] * alpha[r]) / alpha[r]
        return self.lu.solve(Y, trans="T").T

    def pivot(self, r: int, label: int, alpha: np.ndarray) -> int:
        theta = self.beta[r] / alpha[r]
        self.beta -= theta * alpha
        self.beta[r] = theta
        leave = int(self.basic[r])
        self.basic[r] = label
        self.etas.append((r, alpha))
        if len(self.etas) >= REFACTOR:
            self.refactor()
        return leave


def _lex_row(basis: _Basis, tied: np.ndarray, alpha: np.ndarray) -> int:
    """Lexicographic tie-break: rows of the inverse basis over ``alpha``, in label order."""
    Q = basis.rows_of_inverse(tied) / alpha[tied][:, None]
    return int(tied[_lex_min(Q)])


def _revised_float(Mc, q: np.ndarray, start_row: int, max_pivots: int, *,
                   lexicographic: bool = True):
    n = len(q)
    if not sp.issparse(Mc):
        Mc = sp.csc_matrix(Mc)
    A = sp.hstack([sp.identity(n, format="csc"), -Mc, sp.csc_matrix(-np.ones((n, 1)))],
                  format="csc")
    basis = _Basis(A, q)
    z0 = 2 * n
    leaving = basis.pivot(start_row, z0, basis.ftran_dense(basis.column(z0)))
    pivots = 1
    while leaving != z0:
        enter = leaving + n if leaving < n else leaving - n
        if pivots > max_pivots:
            raise Inconclusive("too many pivots")
        alpha = basis.ftran_dense(basis.column(enter))
        cand = np.flatnonzero(alpha > PIV_ABS)
        if cand.size == 0:
            raise Inconclusive("no pivot")
        beta = basis.beta[cand]
        beta = np.where(beta > ZERO_RHS, beta, 0.0)
        ratios = beta / alpha[cand]
        k = int(ratios.argmin())
        rmin = ratios[k]
        tied = cand[ratios <= rmin + TIE_REL * (1.0 + abs(rmin))]
        if tied.size == 1:
            r = int(cand[k])
        elif lexicographic:
            r = _lex_row(basis, tied, alpha)
        else:       # z0 if it can leave, else the largest pivot element (numerically safest)
            at_z0 = tied[basis.basic[tied] == z0]
            r = int(at_z0[0]) if at_z0.size else int(tied[np.argmax(alpha[tied])])
        leaving = basis.pivot(r, enter, alpha)
        pivots += 1
    basis.refactor()                      # final values from fresh factors
    z = np.zeros(n)
    for r, lab in enumerate(basis.basic.tolist()):
        if n <= lab < 2 * n:
            z[lab - n] = basis.beta[r]
    return z, basis.basic.tolist(), pivots


def float_paths(n: int) -> list:
    """The float walks to try, in order, for an LCP with ``n`` rows: ``[(name, function)]``.

    Small problems: the dense dictionary with the lexicographic rule (the exact path's pivots).
    Large ones: the revised method, breaking ties by the largest pivot element (cheap and
    numerically safest; the lexicographic variant, ``_revised_float(..., lexicographic=True)``,
    needs a transposed solve per tie and was not more reliable on long trees).
    """
    if n <= DENSE_MAX:
        return [("dense", _dense_float)]
    return [("revised", lambda *a: _revised_float(*a, lexicographic=False))]


def float_lemke(Mc: sp.csc_matrix, q: np.ndarray, start_row: int, max_pivots: int):
    """``(z, basic labels, pivots)`` of Lemke's path in float64 (the first walk of
    :func:`float_paths`); raises :class:`Inconclusive`."""
    return float_paths(len(q))[0][1](Mc, q, start_row, max_pivots)


# ----------------------------------------------------------------------------------------------
# exact
# ----------------------------------------------------------------------------------------------
def _exact_rows(T: np.ndarray, d: list, basic: list, pos: list, r: int, label: int) -> int:
    """Pivot ``label`` into row ``r`` of a dictionary with one denominator per row.

    Row ``i`` stands for ``T[i] / d[i]`` (Python integers, ``d[i] > 0``). Only the pivot row
    and the rows with a nonzero entry in the entering column change; each changed row is
    divided by the gcd of its entries, so numbers stay small.
    """
    c = pos[label]
    col = T[:, c]
    rows = [i for i in np.flatnonzero(col).tolist() if i != r]
    prow = T[r].copy()
    p = int(prow[c])
    dr = d[r]
    if rows:
        ci = col[rows].copy()
        T[rows] = T[rows] * p - np.multiply.outer(ci, prow)
        T[rows, c] = -ci * dr
        for i in rows:
            di = d[i] * p
            vals = T[i].tolist()
            g = math.gcd(*vals, di)
            if di < 0:
                g = -g
            if g != 1:
                T[i] = T[i] // g
                di //= g
            d[i] = di
    prow[c] = dr
    if p < 0:
        prow = -prow
        p = -p
    g = math.gcd(*prow.tolist(), p)
    if g != 1:
        prow = prow // g
        p //= g
    T[r] = prow
    d[r] = p
    leave = basic[r]
    basic[r] = label
    pos[leave] = c
    pos[label] = -(r + 1)
    return leave


def exact_lemke(M: list, q: list, start_row: int, max_pivots: int, where: str):
    """``(z, pivots, ended)`` of Lemke's path in exact arithmetic (``z`` Fractions).

    The dictionary keeps one denominator per row, so a pivot touches only the rows with a
    nonzero entry in the entering column. ``ended`` is False when the path ran into a
    secondary ray.
    """
    n = len(q)
    T = np.empty((n, n + 2), dtype=object)
    T[:, :n] = [[-v for v in row] for row in M]
    T[:, n] = Fraction(-1)
    T[:, n + 1] = list(q)
    L = common_denominator(T)
    T = np.array([[int(v * L) for v in row] for row in T], dtype=object).reshape(n, n + 2)
    d = [int(L)] * n
    basic = list(range(n))
    pos = [-(i + 1) for i in range(n)] + list(range(n + 1))
    z0 = 2 * n
    leaving = _exact_rows(T, d, basic, pos, start_row, z0)
    pivots = 1
    while leaving != z0:
        enter = leaving + n if leaving < n else leaving - n
        if pivots > max_pivots:
            raise ConvergenceError(f"{where}: no equilibrium after {max_pivots} pivots "
                                   "(max_pivots)")
        # the lexicographic rule over the w labels (row denominators cancel in the ratios)
        r = lex_leaving_row(T, pos[enter], pos[:n], exact=True)[0]
        if r < 0:
            return None, pivots, False
        leaving = _exact_rows(T, d, basic, pos, r, enter)
        pivots += 1
    z = [Fraction(0)] * n
    for r, lab in enumerate(basic):
        if n <= lab < 2 * n:
            z[lab - n] = Fraction(T[r, -1], d[r])
    return z, pivots, True


def exact_basic_solution(lcp, basic: list) -> list | None:
    """Exact ``z`` of a final Lemke basis found in floats (None if it is not a solution).

    With ``S`` the basic ``z`` and ``R`` the rows whose ``w`` is nonbasic, ``M[R, S] z_S =
    -q_R`` is solved in rational arithmetic and every basic ``w_k = q_k + M[k, S] z_S`` must
    come out non-negative.
    """
    n = len(lcp.q)
    if 2 * n in basic:
        return None
    S = [lab - n for lab in basic if lab >= n]
    w_basic = {lab for lab in basic if lab < n}
    R = [i for i in range(n) if i not in w_basic]
    if len(R) != len(S):
        return None
    cols = {j: k for k, j in enumerate(S)}
    rpos = {i: k for k, i in enumerate(R)}
    sub = [[Fraction(0)] * len(S) for _ in R]
    by_row: dict = {}
    for i, j, v in zip(lcp.rows.tolist(), lcp.cols.tolist(), lcp.vals):
        if j in cols:
            if i in rpos:
                sub[rpos[i]][cols[j]] += v
            by_row.setdefault(i, []).append((cols[j], v))
    zS = solve_exact(sub, [-lcp.q[i] for i in R]) if S else []
    if zS is None or any(v < 0 for v in zS):
        return None
    for k in w_basic:
        if lcp.q[k] + sum((v * zS[c] for c, v in by_row.get(k, ())), Fraction(0)) < 0:
            return None
    z = [Fraction(0)] * n
    for j, v in zip(S, zS):
        z[j] = v
    return z

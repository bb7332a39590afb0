"""Many small matrix games at once: the per-state step of Shapley and Hoffman–Karp iteration.

``batch_matrix_games(M)`` solves ``K`` matrix games of the same shape ``(m, n)`` (the row player
maximises). Small games are solved in closed form, vectorised over the batch: pure saddle points
first, then square supports by the Shapley–Snow kernel equations (every matrix game has an
extreme optimal pair whose supports index a square submatrix with a nonsingular bordered
system), each candidate checked against every row and column. Larger games (or any game the
kernel search leaves unsolved) go through one linear programme each, solved by HiGHS via
:func:`contracts._linalg.solve_lp`.
"""

from __future__ import annotations

import itertools
from math import comb

import numpy as np

from .._linalg import solve_lp

__all__ = ["batch_matrix_games", "batch_values"]

#: square-support enumeration is used while the number of support pairs stays below this
_MAX_SUPPORT_PAIRS = 400


def _n_pairs(m: int, n: int) -> int:
    return sum(comb(m, k) * comb(n, k) for k in range(2, min(m, n) + 1))


def batch_values(M: np.ndarray, hint: np.ndarray | None = None) -> np.ndarray:
    """Values only (faster when no strategies are needed).

    ``hint`` (int array (K,), updated in place) holds the index of the square support pair
    that solved each game last time; it is tried first (the supports of the matrix games in an
    iteration rarely change), see :func:`batch_matrix_games`.
    """
    K, m, n = M.shape
    if m == 1:
        return M[:, 0, :].min(axis=1)
    if n == 1:
        return M[:, :, 0].max(axis=1)
    if m == 2 and n == 2:
        a, b, c, d = M[:, 0, 0], M[:, 0, 1], M[:, 1, 0], M[:, 1, 1]
        lo = np.maximum(np.minimum(a, b), np.minimum(c, d))     # max-min
        hi = np.minimum(np.maximum(a, c), np.maximum(b, d))     # min-max
        den = a + d - b - c
        with np.errstate(divide="ignore", invalid="ignore"):
            mixed = (a * d - b * c) / den
        return np.where(hi - lo <= 1e-12 * (1 + np.abs(hi)), lo, mixed)
    return batch_matrix_games(M, hint=hint)[0]


def _support_pairs(m: int, n: int) -> list:
    return [(I, J) for k in range(2, min(m, n) + 1)
            for I in itertools.combinations(range(m), k)
            for J in itertools.combinations(range(n), k)]


def batch_matrix_games(M: np.ndarray, *, tol: float | None = None,
                       hint: np.ndarray | None = None):
    """Values and optimal strategies of ``K`` matrix games ``M`` of shape ``(K, m, n)``.

    Returns
    -------
    (v, x, y)
        ``v`` (K,), the row player's maximin strategies ``x`` (K, m) and the column player's
        minimax strategies ``y`` (K, n).
    """
    M = np.asarray(M, dtype=float)
    K, m, n = M.shape
    v = np.empty(K)
    x = np.zeros((K, m))
    y = np.zeros((K, n))
    if K == 0:
        return v, x, y
    scale = 1.0 + float(np.max(np.abs(M)))
    eps = (1e-11 if tol is None else tol) * scale
    # pure saddle points
    rmin = M.min(axis=2)                     # (K, m)
    cmax = M.max(axis=1)                     # (K, n)
    i_star = rmin.argmax(axis=1)
    j_star = cmax.argmin(axis=1)
    lo = rmin[np.arange(K), i_star]
    hi = cmax[np.arange(K), j_star]
    done = hi - lo <= eps
    idx = np.flatnonzero(done)
    v[idx] = lo[idx]
    x[idx, i_star[idx]] = 1.0
    y[idx, j_star[idx]] = 1.0
    if done.all():
        return v, x, y
    if m == 2 and n == 2:
        _two_by_two(M, np.flatnonzero(~done), v, x, y)
        return v, x, y
    if _n_pairs(m, n) <= _MAX_SUPPORT_PAIRS:
        pairs = _support_pairs(m, n)
        if hint is not None:
            sizes = np.array([len(I) for I, _ in pairs])
            for k in np.unique(sizes):
                todo = np.flatnonzero(~done & (hint >= 0))
                todo = todo[sizes[hint[todo]] == k]
                if todo.size:
                    Is = np.array([pairs[h][0] for h in hint[todo]])
                    Js = np.array([pairs[h][1] for h in hint[todo]])
                    _try_support(M, todo, Is, Js, v, x, y, done, eps)
        for sid, (I, J) in enumerate(pairs):
            todo = np.flatnonzero(~done)
            if todo.size == 0:
                break
            found = _try_support(M, todo, I, J, v, x, y, done, eps)
            if hint is not None and found is not None:
                hint[found] = sid
        if done.all():
            return v, x, y
    for k in np.flatnonzero(~done):
        v[k], x[k], y[k] = _lp_game(M[k])
    return v, x, y


def _two_by_two(M, idx, v, x, y):
    """Closed form of 2x2 games without a saddle point (both players mix)."""
    a, b = M[idx, 0, 0], M[idx, 0, 1]
    c, d = M[idx, 1, 0], M[idx, 1, 1]
    den = a + d - b - c                 # nonzero when there is no saddle point
    p = (d - c) / den
    q = (d - b) / den
    v[idx] = (a * d - b * c) / den
    x[idx, 0], x[idx, 1] = p, 1 - p
    y[idx, 0], y[idx, 1] = q, 1 - q


def _try_support(M, todo, I, J, v, x, y, done, eps):
    """Try the square supports ``I`` x ``J`` (tuples, or per-game int arrays (T, k))."""
    T = todo.size
    I = np.broadcast_to(np.asarray(I), (T, len(I) if isinstance(I, tuple) else I.shape[1]))
    J = np.broadcast_to(np.asarray(J), I.shape)
    k = I.shape[1]
    S = M[todo[:, None, None], I[:, :, None], J[:, None, :]]     # (T, k, k)
    Ax = np.zeros((T, k + 1, k + 1))
    Ax[:, :k, :k] = np.transpose(S, (0, 2, 1))      # columns j in J: Σ_i x_i S_ij - v = 0
    Ax[:, :k, k] = -1.0
    Ax[:, k, :k] = 1.0
    Ay = np.zeros((T, k + 1, k + 1))
    Ay[:, :k, :k] = S                               # rows i in I: Σ_j S_ij y_j - w = 0
    Ay[:, :k, k] = -1.0
    Ay[:, k, :k] = 1.0
    det_x = np.linalg.det(Ax)
    det_y = np.linalg.det(Ay)
    ok = (np.abs(det_x) > 1e-12) & (np.abs(det_y) > 1e-12)
    if not ok.any():
        return
    rhs = np.zeros((int(ok.sum()), k + 1, 1))
    rhs[:, k, 0] = 1.0
    zx = np.linalg.solve(Ax[ok], rhs)[:, :, 0]
    zy = np.linalg.solve(Ay[ok], rhs)[:, :, 0]
    rows = todo[ok]
    xs = np.zeros((rows.size, M.shape[1]))
    ys = np.zeros((rows.size, M.shape[2]))
    r = np.arange(rows.size)[:, None]
    xs[r, I[ok]] = zx[:, :k]
    ys[r, J[ok]] = zy[:, :k]
    val = zx[:, k]
    Mr = M[rows]
    good = ((xs >= -eps).all(axis=1) & (ys >= -eps).all(axis=1)
            & (np.einsum("ki,kij->kj", xs, Mr) >= val[:, None] - eps).all(axis=1)
            & (np.einsum("kij,kj->ki", Mr, ys) <= val[:, None] + eps).all(axis=1)
            & (np.abs(zy[:, k] - val) <= eps))
    g = rows[good]
    if g.size == 0:
        return None
    xs, ys = np.clip(xs[good], 0, None), np.clip(ys[good], 0, None)
    x[g] = xs / xs.sum(axis=1, keepdims=True)
    y[g] = ys / ys.sum(axis=1, keepdims=True)
    v[g] = val[good]
    done[g] = True
    return g


def _lp_game(A: np.ndarray):
    """One matrix game by LP: max v s.t. Aᵀx ≥ v, Σx = 1, x ≥ 0; y from the duals."""
    m, n = A.shape
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-A.T, np.ones((n, 1))])
    A_eq = np.zeros((1, m + 1))
    A_eq[0, :m] = 1.0
    sol = solve_lp(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0],
                   bounds=[(0, None)] * m + [(None, None)], caller="shapley")
    xs = np.clip(sol.x[:m], 0, None)
    ys = np.clip(-sol.ineq_duals, 0, None)
    if ys.sum() <= 0:   # no usable duals: the column player's LP
        cy = np.zeros(n + 1)
        cy[-1] = 1.0
        sy = solve_lp(cy, A_ub=np.hstack([A, -np.ones((m, 1))]), b_ub=np.zeros(m),
                      A_eq=np.hstack([np.ones((1, n)), [[0.0]]]), b_eq=[1.0],
                      bounds=[(0, None)] * n + [(None, None)], caller="shapley")
        ys = np.clip(sy.x[:n], 0, None)
    return float(sol.x[-1]), xs / xs.sum(), ys / ys.sum()

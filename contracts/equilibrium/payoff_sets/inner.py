"""Inner approximation of the payoff set and the self-generation check."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..._linalg import solve_lp
from .abreu_sannikov import _aps_polygon
from .geometry import (_check_directions, _extreme_points, _hausdorff_2d, _hull_2d,
                       _poly_distance)
from .outer import _HIGHS, outer_approximation
from .result import PayoffSet
from .stage import _common_checks, _meta, _num_players


# ==============================================================================================
# inner approximation
# ==============================================================================================
def inner_approximation(game, discount: float | None = None, *, directions: Any = None,
                        tol: float | None = None, max_iter: int = 500) -> PayoffSet:
    """Inner approximation of the SPE payoff set (after Judd, Yeltekin and Conklin 2003).

    The set is the convex hull of finitely many points: in each round, for every direction
    ``h_k``, the payoff that maximises ``h_k·v`` over the APS image of the current set (for two
    players computed exactly from the polygon; for N players by one linear programme per action
    profile and direction, solved with HiGHS, starting from the outer approximation). A set
    ``Z`` with ``Z ⊆ B(Z)`` is self-generating, so all its points are equilibrium payoffs; the
    final set is checked for this (``extra["self_generating"]``, with the largest distance from
    a vertex to ``B(Z)`` in ``extra["generation_gap"]``).

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        As in :func:`outer_approximation`.
    discount : float, optional
        Needed when ``game`` is a stage game.
    directions : int or array_like, optional
        As in :func:`outer_approximation`.
    tol : float, optional
        Stop when the set (two players) or its support values (N players) move by less than
        ``tol`` (default ``1e-12``, resp. ``1e-10``, times the payoff scale).
    max_iter : int
        Largest number of rounds.

    Returns
    -------
    PayoffSet
        ``kind="inner"``.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import inner_approximation
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> Z = inner_approximation(pd, discount=0.75)
    >>> Z.extra["self_generating"], Z.area <= 40.5 + 1e-6
    (True, True)
    """
    where = "inner_approximation"
    stage, discount, S, tol, max_iter = _common_checks(
        game, discount, where, tol, max_iter,
        default_tol=1e-12 if _num_players(game) == 2 else 1e-10)
    H = _check_directions(directions, S.N, where)
    gtol = 1e-12 * S.scale
    converged, it = False, 0
    if S.N == 2:
        Z = _hull_2d(S.U, gtol)
        for it in range(1, max_iter + 1):
            Y, _ = _aps_polygon(S, Z, gtol)
            if len(Y) == 0:
                Z = Y
                converged = True
                break
            Znew = _hull_2d(Y[np.unique(np.argmax(H @ Y.T, axis=1))], gtol)
            move = _hausdorff_2d(Z, Znew)
            Z = Znew
            if move <= tol:
                converged = True
                break
    else:
        W = outer_approximation(stage, discount, directions=H, tol=tol)
        Z = np.asarray(W.vertices)
        sigma = None
        for it in range(1, max_iter + 1):
            if len(Z) == 0:
                converged = True
                break
            out = _inner_step_lp(S, H, Z)
            if out is None:
                Z = np.zeros((0, S.N))
                converged = True
                break
            pts, sig = out
            Z = _extreme_points(pts, 1e-9 * S.scale)
            # maximisers of degenerate programmes need not be unique; the support values are
            move = math.inf if sigma is None else float(np.max(np.abs(sig - sigma)))
            sigma = sig
            if move <= tol:
                converged = True
                break
    gap = _generation_gap(S, Z, gtol) if len(Z) else 0.0
    selfgen = bool(len(Z) == 0 or gap <= max(10 * tol, 1e-8 * S.scale))
    if not len(Z):
        msg = "Empty inner approximation (by itself this says nothing about the true set)."
    elif selfgen:
        msg = "Self-generating: every point is a subgame-perfect equilibrium payoff."
    else:
        msg = (f"Not certified: the set is not self-generating (gap {gap:.3g}); treat it as an "
               "approximation only.")
    return PayoffSet._from_vertices(
        Z, S.N, tol=1e-10 * S.scale, kind="inner",
        method="inner (support points of the APS image)", converged=converged, iterations=it,
        message=msg, extra={"directions": H, "self_generating": selfgen, "generation_gap": gap},
        **_meta(stage, discount))


def _inner_step_lp(S, H, Z):
    """Support points of B(co Z) in every direction (N players, HiGHS)."""
    from scipy import sparse
    D, N = H.shape
    m = len(Z)
    IC = Z.min(axis=0) + S.Gn
    M = len(S.U)
    # feasibility: lambda (m), s (1):  -Z^T lambda - s <= -IC ; sum lambda = 1
    blk_ub = sparse.hstack([sparse.csr_matrix(-Z.T), -sparse.csr_matrix(np.ones((N, 1)))])
    blk_eq = sparse.csr_matrix(np.r_[np.ones(m), 0.0][None, :])
    res = solve_lp(np.tile(np.r_[np.zeros(m), 1.0], M),
                   A_ub=sparse.kron(sparse.identity(M), blk_ub, format="csr"),
                   b_ub=(-IC).reshape(-1),
                   A_eq=sparse.kron(sparse.identity(M), blk_eq, format="csr"), b_eq=np.ones(M),
                   bounds=(0, None), method="highs", options=_HIGHS,
                   caller="inner_approximation (feasibility LP)")
    feas = res.x.reshape(M, m + 1)[:, -1] <= 1e-7 * S.scale
    if not feas.any():
        return None
    ICf = IC[feas]
    Mf = len(ICf)
    nb = Mf * D
    A_ub = sparse.kron(sparse.identity(nb), sparse.csr_matrix(-Z.T), format="csr")
    b_ub = -np.repeat(ICf, D, axis=0).reshape(-1)
    A_eq = sparse.kron(sparse.identity(nb), sparse.csr_matrix(np.ones((1, m))), format="csr")
    cost = -np.tile((H @ Z.T).reshape(-1), Mf)
    res = solve_lp(cost, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=np.ones(nb), bounds=(0, None),
                   method="highs", options=_HIGHS, caller="inner_approximation (support LP)")
    lam = res.x.reshape(Mf, D, m)
    w = lam @ Z                                              # (Mf, D, N)
    pts = S.alpha * S.U[feas][:, None, :] + S.beta * w
    val = np.einsum("adn,dn->ad", pts, H)
    best = np.argmax(val, axis=0)
    return pts[best, np.arange(D)], val.max(axis=0)


def _generation_gap(S, Z, gtol) -> float:
    """Largest distance from a vertex of Z to B(Z) (0 when Z is self-generating)."""
    if S.N == 2:
        BZ, _ = _aps_polygon(S, Z, gtol)
        if len(BZ) == 0:
            return math.inf
        return float(_poly_distance(Z, BZ).max())
    from scipy import sparse
    m, N = Z.shape
    M = len(S.U)
    IC = Z.min(axis=0) + S.Gn
    worst = 0.0
    # variables: mu (M), lambda (M*m), e+ (N), e- (N); minimise sum(e+ + e-)
    nv = M + M * m + 2 * N
    A_eq_rows, A_ub_rows = [], []
    # sum mu = 1
    row = np.zeros(nv)
    row[:M] = 1
    A_eq_rows.append(row)
    for a in range(M):  # sum_j lambda_aj = mu_a
        row = np.zeros(nv)
        row[M + a * m:M + (a + 1) * m] = 1
        row[a] = -1
        A_eq_rows.append(row)
    point_rows = []
    for i in range(N):  # z_i = sum_a (1-δ) mu_a u_i(a) + δ sum_j lambda_aj Z_ji + e+ - e-
        row = np.zeros(nv)
        row[:M] = S.alpha * S.U[:, i]
        row[M:M + M * m] = S.beta * np.tile(Z[:, i], M)
        row[M + M * m + i] = 1
        row[M + M * m + N + i] = -1
        point_rows.append(row)
    for a in range(M):  # IC: -sum_j lambda_aj Z_ji + mu_a IC_ai <= 0
        for i in range(N):
            row = np.zeros(nv)
            row[M + a * m:M + (a + 1) * m] = -Z[:, i]
            row[a] = IC[a, i]
            A_ub_rows.append(row)
    A_eq = sparse.csr_matrix(np.vstack(A_eq_rows + point_rows))
    A_ub = sparse.csr_matrix(np.vstack(A_ub_rows))
    cost = np.r_[np.zeros(M + M * m), np.ones(2 * N)]
    for z in Z:
        res = solve_lp(cost, A_ub=A_ub, b_ub=np.zeros(len(A_ub_rows)), A_eq=A_eq,
                       b_eq=np.r_[1.0, np.zeros(M), z], bounds=(0, None), method="highs",
                       options=_HIGHS, caller="self_generation check", infeasible_ok=True)
        if res is None:           # the vertex cannot be generated at all
            return math.inf
        worst = max(worst, float(res.fun))
    return worst

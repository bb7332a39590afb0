"""Judd–Yeltekin–Conklin outer approximation of the payoff set (any number of players)."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from ..._linalg import solve_lp
from ...exceptions import InvalidParameterError, UnsupportedGameError
from .abreu_sannikov import _aps_polygon
from .geometry import _check_directions, _dedupe, _extreme_points, _hrep_vertices
from .result import PayoffSet
from .stage import _common_checks, _meta


# ==============================================================================================
# outer approximation (Judd-Yeltekin-Conklin)
# ==============================================================================================
_HIGHS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


def outer_approximation(game, discount: float | None = None, *, directions: Any = None,
                        tol: float | None = None, max_iter: int = 10_000,
                        solver: str = "auto") -> PayoffSet:
    """Outer approximation of the SPE payoff set (Judd, Yeltekin and Conklin 2003).

    The set is represented by its support levels ``c_k`` on fixed unit directions ``h_k``
    (``±e_i`` always among them; the punishment of player ``i`` is ``-c`` on ``-e_i``). Each
    round solves, for every action profile ``a`` and direction ``h_k``, the linear programme
    ``max h_k·w  s.t.  H w ≤ c,  w_i ≥ min_i + (1-δ)/δ·(d_i(a) - u_i(a))`` and sets
    ``c_k ← max_a (1-δ) h_k·u(a) + δ·LP``. Starting from the feasible set the levels fall
    monotonically; the limit contains the true set and is exact when the true set's normals are
    among the directions. An empty outer approximation proves that no pure-strategy SPE exists.

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        The repeated game, or its stage game with ``discount``.
    discount : float, optional
        Needed when ``game`` is a stage game.
    directions : int or array_like, optional
        Two players: a number of equally spaced directions (default 72) or a ``(D, 2)`` array.
        N players: a ``(D, N)`` array (default: all nonzero ``{-1,0,1}^N`` vectors).
    tol : float, optional
        Stop when no level moves by more than ``tol`` (default ``1e-10`` × payoff scale).
    max_iter : int
        Largest number of rounds.
    solver : {"auto", "polygon", "enumeration", "highs"}
        How the programmes are solved: ``"polygon"`` (two players) clips polygons, exactly;
        ``"enumeration"`` evaluates every basic solution of the (fixed) constraint matrix, whose
        inverses are computed once — exact and fast for small N; ``"highs"`` solves all
        programmes of a round as one block-diagonal LP with HiGHS. ``"auto"`` picks the first
        that applies (HiGHS when enumeration would be too large).

    Returns
    -------
    PayoffSet
        ``kind="outer"``; ``extra`` holds the directions, the levels and the solver.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import outer_approximation
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> W = outer_approximation(pd, discount=0.75, directions=72)
    >>> W.contains([9, 9]), W.area >= 40.5
    (True, True)
    """
    where = "outer_approximation"
    stage, discount, S, tol, max_iter = _common_checks(game, discount, where, tol, max_iter)
    H = _check_directions(directions, S.N, where)
    solvers = ("auto", "polygon", "enumeration", "highs")
    if solver not in solvers:
        raise InvalidParameterError(f"{where}: unknown solver {solver!r}; expected one of "
                                    f"{solvers}")
    if solver == "polygon" and S.N != 2:
        raise UnsupportedGameError(f"{where}: solver='polygon' needs two players; this game "
                                   f"has {S.N}")
    if solver == "auto":
        solver = ("polygon" if S.N == 2 else
                  "enumeration" if math.comb(len(H) + S.N, S.N) <= _MAX_BASES else "highs")
    gtol = 1e-12 * S.scale
    bases = _Bases(H) if solver == "enumeration" else None
    c = (H @ S.U.T).max(axis=1)
    converged, empty, it = False, False, 0
    neg = [int(np.argmax(np.all(np.abs(H + e) < 1e-12, axis=1))) for e in np.eye(S.N)]
    for it in range(1, max_iter + 1):
        if solver == "highs":
            c_new = _outer_step_lp(S, H, c, neg)
        elif solver == "enumeration":
            c_new = _outer_step_enum(S, bases, c, neg)
        else:
            P = _hrep_vertices(H, c, gtol)
            Y, _ = _aps_polygon(S, P, gtol) if len(P) else (np.zeros((0, 2)), None)
            c_new = None if len(Y) == 0 else (H @ Y.T).max(axis=1)
        if c_new is None:
            empty = converged = True
            break
        c_new = np.minimum(c_new, c)   # monotone in exact arithmetic; keep it so in floats
        move = float(np.max(c - c_new))
        c = c_new
        if move <= tol:
            converged = True
            break
    if empty:
        V = np.zeros((0, S.N))
        msg = ("Empty: no pure-strategy subgame-perfect equilibrium at this discount factor "
               "(the outer approximation is empty, so the true set is too).")
    else:
        V = (bases.polytope(c, 1e-9 * S.scale) if bases is not None
             else _hrep_vertices(H, c, gtol))
        msg = ""
    return PayoffSet._from_vertices(
        V, S.N, tol=1e-10 * S.scale, kind="outer", method="judd_yeltekin_conklin",
        converged=converged, iterations=it, message=msg,
        extra={"directions": H, "levels": None if empty else c, "solver": solver},
        **_meta(stage, discount))


_MAX_BASES = 20_000


class _Bases:
    """All nonsingular N×N row subsets of ``[H; -I]`` with their inverses (computed once).

    A vertex of ``{H w <= c, w >= l}`` is a basic solution: ``N`` linearly independent
    constraints tight. With the rows fixed, every basic solution for new right-hand sides is one
    batched matrix product, and a linear programme over the polytope is a maximum over the
    feasible ones.
    """

    def __init__(self, H: np.ndarray):
        D, N = H.shape
        self.H = H
        self.R = np.vstack([H, -np.eye(N)])
        combos = np.array(list(itertools.combinations(range(D + N), N)))
        mats = self.R[combos]
        ok = np.abs(np.linalg.det(mats)) > 1e-9
        self.combos = combos[ok]
        self.inv = np.linalg.inv(mats[ok])

    def points(self, rhs: np.ndarray) -> np.ndarray:
        """Basic solutions for right-hand sides ``rhs`` of shape (B, D + N): (B, C, N)."""
        return np.einsum("cij,bcj->bci", self.inv, rhs[:, self.combos])

    def feasible(self, pts: np.ndarray, rhs: np.ndarray, ftol: float) -> np.ndarray:
        return np.all(pts @ self.R.T <= rhs[:, None, :] + ftol, axis=2)

    def polytope(self, c: np.ndarray, ftol: float) -> np.ndarray:
        """Vertices of ``{H w <= c}`` (the ``-I`` rows are made slack)."""
        N = self.H.shape[1]
        lo = np.full(N, -np.abs(c).max() * 10 - 10)
        rhs = np.r_[c, -lo][None, :]
        pts = self.points(rhs)
        ok = self.feasible(pts, rhs, ftol)[0]
        if not ok.any():
            return np.zeros((0, N))
        return _extreme_points(_dedupe(pts[0][ok], ftol), ftol)




def _outer_step_enum(S, bases: _Bases, c, neg):
    umin = -c[neg]
    IC = umin + S.Gn                                           # (M, N)
    rhs = np.hstack([np.broadcast_to(c, (len(IC), len(c))), -IC])
    pts = bases.points(rhs)                                    # (M, C, N)
    ok = bases.feasible(pts, rhs, 1e-9 * S.scale)              # (M, C)
    feas = ok.any(axis=1)
    if not feas.any():
        return None
    vals = np.where(ok[:, :, None], pts @ bases.H.T, -np.inf).max(axis=1)   # (M, D) optima
    gen = S.alpha * (S.U @ bases.H.T) + S.beta * vals
    return gen[feas].max(axis=0)


def _sparse_block(H, n_blocks):
    from scipy import sparse
    return sparse.kron(sparse.identity(n_blocks, format="csr"), sparse.csr_matrix(H),
                       format="csr")


def _feasible_profiles_hrep(S, H, c, IC):
    """Which action profiles have a continuation in {H w <= c, w >= IC} (one LP for all)."""
    from scipy import sparse
    M, N = IC.shape
    D = len(H)
    # variables per profile: w (N), s (1);  H w <= c ;  -w - s <= -IC
    Hw = sparse.hstack([sparse.csr_matrix(H), sparse.csr_matrix((D, 1))])
    Ic = sparse.hstack([-sparse.identity(N), -sparse.csr_matrix(np.ones((N, 1)))])
    block = sparse.vstack([Hw, Ic], format="csr")
    A = sparse.kron(sparse.identity(M), block, format="csr")
    b = np.concatenate([np.r_[c, -ic] for ic in IC])
    cost = np.tile(np.r_[np.zeros(N), 1.0], M)
    bounds = np.tile(np.r_[[[-np.inf, np.inf]] * N, [[0, np.inf]]], (M, 1))
    res = solve_lp(cost, A_ub=A, b_ub=b, bounds=bounds, method="highs", options=_HIGHS,
                   caller="outer_approximation (feasibility LP)")
    s = res.x.reshape(M, N + 1)[:, -1]
    return s <= 1e-7 * S.scale


def _outer_step_lp(S, H, c, neg):
    D, N = H.shape
    umin = -c[neg]
    IC = umin + S.Gn
    feas = _feasible_profiles_hrep(S, H, c, IC)
    if not feas.any():
        return None
    ICf = IC[feas]
    Mf = len(ICf)
    A = _sparse_block(H, Mf * D)
    b = np.tile(c, Mf * D)
    cost = -np.tile(H.reshape(-1), Mf)
    lo = np.repeat(ICf, D, axis=0).reshape(-1)
    bounds = np.column_stack([lo, np.full(lo.size, np.inf)])
    res = solve_lp(cost, A_ub=A, b_ub=b, bounds=bounds, method="highs", options=_HIGHS,
                   caller="outer_approximation (support LP)")
    w = res.x.reshape(Mf, D, N)
    val = np.einsum("adn,dn->ad", w, H)
    gen = S.alpha * (S.U[feas] @ H.T) + S.beta * val
    return gen.max(axis=0)

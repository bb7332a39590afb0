"""Abreu–Sannikov: the exact payoff set of a two-player repeated game."""

from __future__ import annotations

import numpy as np

from ...exceptions import UnsupportedGameError
from .geometry import (_hausdorff_2d, _hull_2d, _hull_indices_2d, _poly_contains, _poly_distance,
                       _roll1)
from .result import PayoffSet
from .stage import _Stage, _common_checks, _meta


# ==============================================================================================
# the APS operator on polygons (two players)
# ==============================================================================================
def _aps_polygon(S: _Stage, X: np.ndarray, tol: float, track: bool = False):
    """One application of the APS operator to the convex polygon with ccw vertices ``X``.

    Every action profile ``a`` contributes the images ``(1-δ)u(a) + δw`` of the vertices ``w``
    of ``X ∩ {w ≥ IC(a)}``: vertices of ``X`` satisfying both incentive constraints, points of
    the boundary of ``X`` where one constraint binds, and the corner where both bind.

    Returns the new polygon (ccw) and, with ``track``, one integer "recipe" per vertex saying
    how it was generated (used to accelerate convergence).
    """
    K = len(X)
    u = X.min(axis=0)
    IC = u + S.Gn
    parts_w, parts_a, parts_key = [], [], []
    # vertices of X where both incentive constraints hold
    inq = (X[None, :, 0] >= IC[:, None, 0] - tol) & (X[None, :, 1] >= IC[:, None, 1] - tol)
    a0, j0 = np.nonzero(inq)
    parts_w.append(X[j0])
    parts_a.append(a0)
    parts_key.append((a0 * 4 + 0) * K + j0)
    # the corner where both bind, if it lies in X
    a1 = np.nonzero(_poly_contains(X, IC, tol))[0]
    parts_w.append(IC[a1])
    parts_a.append(a1)
    parts_key.append((a1 * 4 + 1) * K)
    # boundary points where exactly one constraint binds
    if K >= 2:
        Qn = _roll1(X)
        for i in (0, 1):
            o = 1 - i
            c = IC[:, i:i + 1]
            sp = X[None, :, i] - c
            sq = Qn[None, :, i] - c
            a2, j2 = np.nonzero(sp * sq < 0)
            if len(a2):
                spv, sqv = sp[a2, j2], sq[a2, j2]
                t = spv / (spv - sqv)
                wo = X[j2, o] + t * (Qn[j2, o] - X[j2, o])
                ok = wo >= IC[a2, o] - tol
                a2, j2, wo = a2[ok], j2[ok], wo[ok]
                w = np.empty((len(a2), 2))
                w[:, i] = IC[a2, i]
                w[:, o] = wo
                parts_w.append(w)
                parts_a.append(a2)
                parts_key.append((a2 * 4 + 2 + i) * K + j2)
    W = np.concatenate(parts_w)
    A = np.concatenate(parts_a)
    if len(A) == 0:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
    P = S.alpha * S.U[A] + S.beta * W
    hull = _hull_indices_2d(P, tol)
    if not track:
        return P[hull], None
    keys = np.concatenate(parts_key)
    # Label each vertex with the smallest recipe among the (nearly) coincident candidates, so
    # that the label does not flip with rounding noise from one iteration to the next. The label
    # only steers the Newton step (whose result is verified); the vertex itself stays the true
    # extreme point. Moving it onto a nearby candidate (up to 1e3·tol away, i.e. beyond the
    # slack ``tol`` of the incentive constraints) shrinks the iterate below B(X), and where a
    # constraint binds exactly at an extreme of X (a continuation w_i ≥ max_X w_i) that loses
    # equilibrium payoffs for good -- and which candidate wins depended on how players and
    # actions are numbered, so the answer changed when the players were swapped.
    Hp = P[hull]
    near = np.max(np.abs(P[None, :, :] - Hp[:, None, :]), axis=2) <= 1e3 * tol
    lab = keys[np.argmin(np.where(near, keys[None, :], np.iinfo(np.int64).max), axis=1)]
    r = int(np.argmin(lab))
    return np.roll(Hp, -r, axis=0), np.roll(lab, -r)


def _recipe_map(S: _Stage, keys: np.ndarray, K: int, m: tuple[int, int]):
    """The iteration map for a fixed combinatorial pattern: vertices (B, K, 2) -> (B, K', 2)."""
    a = keys // (4 * K)
    typ = (keys // K) % 4
    j = keys % K
    jn = (j + 1) % K
    Ua = S.U[a]
    Ga = S.Gn[a]
    t0, t1, t2, t3 = (np.nonzero(typ == t)[0] for t in range(4))

    def f(x):
        u0 = x[:, m[0], 0][:, None]
        u1 = x[:, m[1], 1][:, None]
        w = np.empty((x.shape[0], len(keys), 2))
        w[:, t0] = x[:, j[t0]]
        w[:, t1, 0] = u0 + Ga[t1, 0]
        w[:, t1, 1] = u1 + Ga[t1, 1]
        for tt, i in ((t2, 0), (t3, 1)):
            if len(tt) == 0:
                continue
            o = 1 - i
            c = (u0 if i == 0 else u1) + Ga[tt, i]
            p = x[:, j[tt]]
            q = x[:, jn[tt]]
            t = (p[..., i] - c) / (p[..., i] - q[..., i])
            w[:, tt, i] = c
            w[:, tt, o] = p[..., o] + t * (q[..., o] - p[..., o])
        return S.alpha * Ua[None] + S.beta * w

    return f


def _newton_fixed_point(S: _Stage, Y: np.ndarray, keys: np.ndarray):
    """Fixed point of the pattern map started at ``Y`` (None if Newton fails)."""
    K = len(Y)
    m = (int(np.argmin(Y[:, 0])), int(np.argmin(Y[:, 1])))
    f = _recipe_map(S, keys, K, m)
    x = Y.reshape(-1).copy()
    n = x.size
    h = 1e-7 * S.scale
    eye = np.eye(n)
    with np.errstate(all="ignore"):
        for _ in range(12):
            fx = f(x.reshape(1, K, 2)).reshape(-1)
            F = fx - x
            if not np.all(np.isfinite(F)):
                return None
            if np.max(np.abs(F)) <= 1e-14 * S.scale:
                return x.reshape(K, 2)
            J = (f((x[None, :] + h * eye).reshape(n, K, 2)).reshape(n, n) - fx[None, :]) / h
            try:
                dx = np.linalg.solve(J.T - eye, -F)
            except np.linalg.LinAlgError:
                return None
            x = x + dx
            if not np.all(np.isfinite(x)):
                return None
        fx = f(x.reshape(1, K, 2)).reshape(-1)
        if np.max(np.abs(fx - x)) <= 1e-11 * S.scale:
            return x.reshape(K, 2)
    return None


def _feasible_hull_2d(S: _Stage, tol):
    return _hull_2d(S.U, tol)


# ==============================================================================================
# exact two-player method
# ==============================================================================================
def abreu_sannikov(game, discount: float | None = None, *, tol: float | None = None,
                   max_iter: int = 10_000, accelerate: bool = True) -> PayoffSet:
    """The set of pure-strategy SPE payoffs of a two-player repeated game, exactly.

    Perfect monitoring, public randomisation, common discount factor. The APS operator is
    applied to polygons exactly (Abreu and Sannikov 2014: each action profile contributes the
    points where its incentive constraints bind), starting from the feasible set, so every
    iterate contains the answer. When the pattern of the iteration repeats, its fixed point is
    computed by Newton's method and accepted only if it is a fixed point of the full operator
    lying inside the current iterate.

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        A repeated game, or a two-player stage game together with ``discount``.
    discount : float, optional
        Discount factor in (0, 1) when ``game`` is a stage game.
    tol : float, optional
        Stop when an iteration moves the set by less than ``tol`` (Hausdorff distance); default
        ``1e-12`` times the largest absolute payoff.
    max_iter : int
        Iteration cap; the result says ``converged=False`` when it is reached.
    accelerate : bool
        Use the Newton step on the settled pattern (default True).

    Returns
    -------
    PayoffSet
        Empty when no pure-strategy SPE exists; a point, a segment or a polygon otherwise.
        ``extra["outer_gap"]``: Hausdorff distance from the result to the last APS iterate,
        which contains the true set. After the accelerated step the result is itself a verified
        fixed point (so it lies inside the true set, up to rounding) and this bounds the error;
        after plain iteration it is the usual estimate ``step·δ/(1-δ)``.

    Raises
    ------
    UnsupportedGameError
        If the stage game does not have two players.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import abreu_sannikov
    >>> trust = ct.NormalFormGame.from_bimatrix([[3, 1], [5, 2]], [[4, 3], [0, 1]],
    ...                                         players=("agency", "government"))
    >>> V = abreu_sannikov(trust, discount=0.8)
    >>> round(V.area, 9), V.contains([3, 4])
    (5.0, True)
    """
    where = "abreu_sannikov"
    stage, discount, S, tol, max_iter = _common_checks(game, discount, where, tol, max_iter,
                                                       default_tol=1e-12)
    if S.N != 2:
        raise UnsupportedGameError(
            f"{where}: the exact method needs a two-player stage game; this one has {S.N} "
            "players (use method='outer')")
    gtol = 1e-12 * S.scale
    X = _feasible_hull_2d(S, gtol)
    prev_keys = None
    next_try = 0
    converged = False
    message = ""
    gap = 0.0
    it = 0
    for it in range(1, max_iter + 1):
        Y, keys = _aps_polygon(S, X, gtol, track=accelerate)
        if len(Y) == 0:
            X = Y
            converged = True
            message = ("The set is empty: no pure-strategy subgame-perfect equilibrium at this "
                       "discount factor.")
            break
        step = float(_poly_distance(X, Y).max())   # X contains Y: one-sided distance suffices
        same_pattern = (accelerate and prev_keys is not None and len(Y) == len(X)
                        and np.array_equal(keys, prev_keys))
        if step <= tol:
            X = Y
            converged = True
            gap = step * S.delta / (1 - S.delta)
            if same_pattern:   # polish: the exact fixed point of the settled pattern
                Z = _newton_fixed_point(S, Y, keys)
                if Z is not None and _accept_fixed_point(S, Z, Y, step, tol, gtol):
                    X = _hull_2d(Z, gtol)
            break
        if same_pattern and it >= next_try:
            Z = _newton_fixed_point(S, Y, keys)
            if Z is not None and _accept_fixed_point(S, Z, Y, step, tol, gtol):
                gap = float(_poly_distance(Y, Z).max())
                X = _hull_2d(Z, gtol)
                converged = True
                message = ("Converged exactly: Newton step on the settled pattern of the "
                           "iteration, verified to be a fixed point of the APS operator.")
                break
            next_try = it + 10
        prev_keys = keys
        X = Y
    if len(X):
        # vertices within the convergence error of an edge are rounding noise
        clean = 100 * gtol if message.startswith("Converged exactly") else max(
            100 * gtol, 10 * tol * S.delta / (1 - S.delta))
        X = _hull_2d(X, clean)
    out = PayoffSet._from_vertices(
        X, 2, tol=gtol, kind="exact", method="abreu_sannikov", converged=converged,
        iterations=it, message=message, extra={"outer_gap": gap},
        **_meta(stage, discount))
    return out


def _accept_fixed_point(S, Z, Y, step, tol, gtol) -> bool:
    """Newton candidate must be a fixed point of the full operator inside the current iterate."""
    if not np.all(np.isfinite(Z)):
        return False
    Zh = _hull_2d(Z, gtol)   # vertices of the pattern may be collinear in the limit
    BZ, _ = _aps_polygon(S, Zh, gtol)
    if len(BZ) == 0 or _hausdorff_2d(BZ, Zh) > max(tol, 1e-9 * S.scale):
        return False
    if not np.all(_poly_contains(Y, Zh, 1e-9 * S.scale)):
        return False
    # the iterates converge linearly at rate <= δ; the limit lies within step·δ/(1-δ)
    return float(_poly_distance(Y, Zh).max()) <= 3 * step / (1 - S.delta) + tol

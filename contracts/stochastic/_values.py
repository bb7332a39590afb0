"""Values of stationary policies, action values and one-shot deviation gains.

Private part of :mod:`contracts.stochastic._core` (which re-exports every name here).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np

from ..exceptions import InvalidGameError, InvalidParameterError
from ._policies import (_n_slots, action_offsets, action_slots, as_policy, flat_to_policy,
                        policy_flat)
from ._policies import pure_policy  # noqa: F401  (the examples below use it)

__all__ = ["row_probabilities", "policy_values", "solve_discounted", "DIRECT_MAX_STATES",
           "exact_solve", "row_values", "flat_action_values", "action_values",
           "one_shot_deviation_gain"]


# ----------------------------------------------------------------------------------------------
# values
# ----------------------------------------------------------------------------------------------
def row_probabilities(game, flat: np.ndarray) -> np.ndarray:
    """Probability of each row's pure profile under the policy (n_rows,).

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    flat : numpy.ndarray
        The policy as a flat vector (see :func:`policy_flat`).

    Returns
    -------
    numpy.ndarray, shape (n_rows,)
        For each row (a state and a pure action profile), the probability that it is played
        when its state is reached.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> row_probabilities(g, policy_flat(g, pure_policy(g, [[1, 1]]))).tolist()
    [0.0, 0.0, 0.0, 1.0]
    """
    slots = action_slots(game)
    if flat.dtype == object:
        out = np.ones(game.n_rows, dtype=object)
        out[:] = Fraction(1)
        for i in range(game.n_players):
            out = out * flat[slots[:, i]]
        return out
    return np.prod(flat[slots], axis=1)


def _policy_matrix(game, r):
    import scipy.sparse as sp
    return sp.csr_matrix((r, (game.row_state, np.arange(game.n_rows))),
                         shape=(game.n_states, game.n_rows))


def policy_values(game, policy, *, exact: bool | None = None) -> np.ndarray:
    """Normalised values ``V[s, i]`` of a stationary policy, shape ``(n_states, n_players)``.

    Solves ``V_i = (1 - δ_i) u_i + δ_i P V_i`` with one sparse LU factorisation per distinct
    discount factor. Exact (Fractions, by rational elimination) when the game is exact and the
    policy's probabilities are Fractions, unless ``exact=False``; exact solving is meant for
    small games (hundreds of states).

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    policy : tuple
        A stationary policy, ``policy[s][i]`` a probability vector.
    exact : bool, optional
        Solve in exact rational arithmetic; default: when the game and the policy are exact.

    Returns
    -------
    numpy.ndarray, shape (n_states, n_players)
        Each player's normalised discounted value from each state.

    Raises
    ------
    InvalidParameterError
        If ``exact=True`` for a game with float data.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> policy_values(g, pure_policy(g, [[1, 1]])).tolist()
    [[1.0, 1.0]]
    """
    flat = policy_flat(game, policy)
    ex = (game.exact and flat.dtype == object) if exact is None else bool(exact)
    if ex:
        if not game.exact:
            raise InvalidParameterError("policy_values: exact=True needs an exact game")
        return _exact_values(game, flat)
    flat = flat.astype(float)
    r = row_probabilities(game, flat)
    M = _policy_matrix(game, r)
    u = M @ game.payoff_rows                       # (n_states, n_players)
    P = (M @ game.transition_rows).tocsr()        # (n_states, n_states)
    V = np.empty_like(u)
    d = game.discount
    for delta in np.unique(d):
        cols = np.flatnonzero(d == delta)
        V[:, cols] = solve_discounted(P, float(delta), (1 - delta) * u[:, cols])
    return V


#: up to this many states a sparse LU factorisation is used; above it GMRES (warm-started)
DIRECT_MAX_STATES = 300


def solve_discounted(P, delta: float, rhs: np.ndarray, x0: np.ndarray | None = None
                     ) -> np.ndarray:
    """Solve ``(I - δ P) X = rhs`` for a sparse stochastic matrix ``P`` (n, n).

    Small systems use a sparse LU factorisation; large ones BiCGSTAB (the matrix is a
    well-conditioned M-matrix: its eigenvalues lie in the disc of radius δ around 1; LU of a
    large random transition graph fills in badly), with the residual checked afterwards and
    LGMRES, then LU, as fallbacks.
    """
    import scipy.sparse as sp
    from scipy.sparse.linalg import bicgstab, lgmres, splu
    n = P.shape[0]
    A = (sp.identity(n, format="csr") - delta * P).tocsc()
    rhs = np.asarray(rhs, dtype=float)
    one = rhs.ndim == 1
    B = rhs[:, None] if one else rhs
    if n <= DIRECT_MAX_STATES:
        X = splu(A).solve(np.ascontiguousarray(B))
        return X[:, 0] if one else X
    X = np.empty_like(B)
    A = A.tocsr()
    lu = None
    for k in range(B.shape[1]):
        b = B[:, k]
        guess = (b / (1 - delta)) if x0 is None else (x0 if x0.ndim == 1 else x0[:, k])
        bound = 1e-11 * (1 + np.linalg.norm(b))
        x, info = bicgstab(A, b, x0=guess, rtol=1e-13, atol=0.0, maxiter=2000)
        if info != 0 or not np.linalg.norm(A @ x - b) <= bound:
            x, info = lgmres(A, b, x0=guess, rtol=1e-13, atol=0.0, maxiter=2000)
        if info != 0 or not np.linalg.norm(A @ x - b) <= bound:
            if lu is None:
                lu = splu(A.tocsc())
            x = lu.solve(b)
        X[:, k] = x
    return X[:, 0] if one else X


def _exact_values(game, flat):
    r = row_probabilities(game, flat)
    n, m = game.n_states, game.n_players
    T = game.transition_rows
    tx = game.transition_rows_exact
    pay = game.payoff_rows_exact
    rs = game.row_state
    P = [dict() for _ in range(n)]
    u = [[Fraction(0)] * m for _ in range(n)]
    for row in range(game.n_rows):
        w = r[row]
        if w == 0:
            continue
        s = rs[row]
        for i in range(m):
            u[s][i] += w * pay[row, i]
        for p in range(T.indptr[row], T.indptr[row + 1]):
            j = T.indices[p]
            P[s][j] = P[s].get(j, Fraction(0)) + w * tx[p]
    V = np.empty((n, m), dtype=object)
    for i, delta in enumerate(game.discount_exact):
        A = [{j: -delta * q for j, q in P[s].items()} for s in range(n)]
        for s in range(n):
            A[s][s] = A[s].get(s, Fraction(0)) + 1
        V[:, i] = exact_solve(A, [(1 - delta) * u[s][i] for s in range(n)])
    return V


def exact_solve(rows: Sequence[dict], rhs: Sequence) -> list:
    """Solve a square non-singular sparse system exactly (rows are dicts column -> Fraction)."""
    n = len(rows)
    A = [dict(r) for r in rows]
    b = [Fraction(x) for x in rhs]
    for c in range(n):
        piv = next((k for k in range(c, n) if A[k].get(c, 0) != 0), None)
        if piv is None:
            raise InvalidGameError("exact_solve: singular system")
        A[c], A[piv] = A[piv], A[c]
        b[c], b[piv] = b[piv], b[c]
        pr, pv = A[c], A[c][c]
        for k in range(n):
            if k != c and A[k].get(c, 0) != 0:
                f = A[k][c] / pv
                row = A[k]
                for j, v in pr.items():
                    nv = row.get(j, Fraction(0)) - f * v
                    if nv:
                        row[j] = nv
                    else:
                        row.pop(j, None)
                b[k] -= f * b[c]
    return [b[c] / A[c][c] for c in range(n)]


def row_values(game, values) -> np.ndarray:
    """``(1 - δ_i) u_i(row) + δ_i E[V_i(next state) | row]``, shape ``(n_rows, n_players)``.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    values : array_like, shape (n_states, n_players)
        Continuation values (Fractions keep the result exact).

    Returns
    -------
    numpy.ndarray, shape (n_rows, n_players)
        Each player's normalised value of each row (state and pure action profile).

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> row_values(g, np.ones((1, 2))).tolist()
    [[2.0, 2.0], [0.5, 2.5], [2.5, 0.5], [1.0, 1.0]]
    """
    V = np.asarray(values)
    if V.dtype == object:
        T, tx, pay = game.transition_rows, game.transition_rows_exact, game.payoff_rows_exact
        d = game.discount_exact
        out = np.empty((game.n_rows, game.n_players), dtype=object)
        for row in range(game.n_rows):
            nxt = [Fraction(0)] * game.n_players
            for p in range(T.indptr[row], T.indptr[row + 1]):
                for i in range(game.n_players):
                    nxt[i] += tx[p] * V[T.indices[p], i]
            for i in range(game.n_players):
                out[row, i] = (1 - d[i]) * pay[row, i] + d[i] * nxt[i]
        return out
    d = game.discount
    return (1 - d) * game.payoff_rows + d * (game.transition_rows @ V.astype(float))


def flat_action_values(game, policy, values=None) -> np.ndarray:
    """Value of each own action against the others' mixture, laid out like the flat policy.

    Entry ``offsets[s, i] + a`` is player ``i``'s normalised value of playing ``a`` once in
    state ``s`` while everybody else follows ``policy``, continuation values ``values``.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    policy : tuple
        A stationary policy, ``policy[s][i]`` a probability vector.
    values : array_like, shape (n_states, n_players), optional
        Continuation values; default the policy's own values (:func:`policy_values`).

    Returns
    -------
    numpy.ndarray
        The action values, laid out like :func:`policy_flat`.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> flat_action_values(g, pure_policy(g, [[1, 1]])).tolist()
    [0.5, 1.0, 0.5, 1.0]
    """
    flat = policy_flat(game, policy)
    if values is None:
        values = policy_values(game, policy)
    V = np.asarray(values)
    exact = V.dtype == object
    if not exact:
        flat = flat.astype(float)
    Q = row_values(game, V)
    slots = action_slots(game)
    n = _n_slots(game)
    if exact:
        out = np.array([Fraction(0)] * n, dtype=object)
        for row in range(game.n_rows):
            for i in range(game.n_players):
                w = Fraction(1)
                for j in range(game.n_players):
                    if j != i:
                        w *= flat[slots[row, j]]
                if w:
                    out[slots[row, i]] += w * Q[row, i]
        return out
    out = np.zeros(n)
    probs = flat[slots]                      # (n_rows, n_players)
    for i in range(game.n_players):
        w = np.prod(np.delete(probs, i, axis=1), axis=1) if game.n_players > 1 else 1.0
        out += np.bincount(slots[:, i], weights=w * Q[:, i], minlength=n)
    return out


def action_values(game, policy, values=None) -> tuple:
    """``action_values[s][i][a]``: nested form of :func:`flat_action_values`.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    policy : tuple
        A stationary policy, ``policy[s][i]`` a probability vector.
    values : array_like, shape (n_states, n_players), optional
        Continuation values; default the policy's own values.

    Returns
    -------
    tuple
        ``[s][i][a]``: player ``i``'s value of playing ``a`` once in state ``s``.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> action_values(g, pure_policy(g, [[1, 1]]))[0][0].tolist()
    [0.5, 1.0]
    """
    return flat_to_policy(game, flat_action_values(game, policy, values))


def one_shot_deviation_gain(game, policy, values=None):
    """Largest gain from a one-shot deviation, and the gains per state and player.

    By the one-shot deviation principle a stationary policy is a (Markov perfect) equilibrium
    iff no player gains by deviating once in any state: ``max_a Q_i(s, a) - V_i(s) <= 0``.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    policy : tuple
        A stationary policy, ``policy[s][i]`` a probability vector.
    values : array_like, shape (n_states, n_players), optional
        The policy's values, if already known.

    Returns
    -------
    (max_gain, gains)
        ``gains`` has shape ``(n_states, n_players)``; Fractions when the game and the policy
        are exact (then an equilibrium has ``max_gain == 0`` exactly).

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> one_shot_deviation_gain(g, pure_policy(g, [[1, 1]]))[0]
    0.0
    """
    policy = as_policy(game, policy, where="one_shot_deviation_gain")
    if values is None:
        values = policy_values(game, policy)
    V = np.asarray(values)
    if V.shape != (game.n_states, game.n_players):
        raise InvalidParameterError(f"one_shot_deviation_gain: values have shape {V.shape}; "
                                    f"expected {(game.n_states, game.n_players)}")
    Q = flat_action_values(game, policy, V)
    off = action_offsets(game)
    starts = off[:, :-1].ravel()
    if Q.dtype == object:
        ends = np.append(starts[1:], len(Q))
        best = np.array([max(Q[a:b]) for a, b in zip(starts, ends)], dtype=object)
        gains = best.reshape(game.n_states, game.n_players) - V
        gains = np.array([[max(g, Fraction(0)) for g in row] for row in gains], dtype=object)
        return max(gains.ravel()), gains
    best = np.maximum.reduceat(Q, starts).reshape(game.n_states, game.n_players)
    gains = np.maximum(best - V.astype(float), 0.0)
    return float(gains.max()), gains

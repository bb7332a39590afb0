"""Shared machinery of the stochastic-game solvers: policies, values, one-shot deviations.

A *policy* (stationary Markov strategy profile) is a tuple over states of tuples over players of
probability vectors: ``policy[s][i][a]`` is the probability that player ``i`` plays action ``a``
in state ``s``. Float policies hold float64 arrays; exact policies hold object arrays of
Fractions.

Values are normalised discounted sums, ``V_i(s) = (1 - δ_i) u_i(s, σ) + δ_i Σ_s' P(s'|s, σ)
V_i(s')``, comparable with stage payoffs (the convention of repeated games in this library).

Internally a policy is also a *flat* vector: the action probabilities of every (state, player)
block laid end to end, block ``(s, i)`` starting at ``action_offsets(game)[s, i]``; the row
``r`` of the game uses the flat entries ``action_slots(game)[r, i]``. Everything below is
vectorised over rows with sparse matrices, so games with tens of thousands of states are cheap.

Examples
--------
>>> import contracts as ct
>>> from contracts.stochastic import pure_policy, policy_values, one_shot_deviation_gain
>>> g = ct.StochasticGame.from_arrays([[[1], [0]]], [[[1], [1]]], discount=0.5)
>>> pol = pure_policy(g, [[1]])                  # one state, one player, plays action 2
>>> policy_values(g, pol).tolist()
[[0.0]]
>>> one_shot_deviation_gain(g, pol)[0]           # (1 - δ) * (1 - 0) from deviating to action 1
0.5
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError, InvalidParameterError

__all__ = ["solve_discounted", "player_slot_mask", "pure_policy", "uniform_policy", "as_policy", "policy_flat", "flat_to_policy",
           "action_offsets", "action_slots", "row_probabilities", "policy_values",
           "row_values", "flat_action_values", "action_values", "one_shot_deviation_gain",
           "is_exact_policy", "exact_solve"]


# ----------------------------------------------------------------------------------------------
# layout
# ----------------------------------------------------------------------------------------------
def action_offsets(game) -> np.ndarray:
    """Start of block ``(s, i)`` in the flat action vector, int array ``(n_states, n_players + 1)``.

    Column ``n_players`` is the start of the next state's first block (so
    ``offsets[s, i]:offsets[s, i + 1]`` are player ``i``'s actions in state ``s``).

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.

    Returns
    -------
    numpy.ndarray of int, shape (n_states, n_players + 1)
        The offsets.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> action_offsets(g).tolist()
    [[0, 2, 4]]
    """
    key = "core_offsets"
    cache = game._cache
    if key not in cache:
        sizes = np.array([game.num_actions(s) for s in range(game.n_states)], dtype=np.int64)
        flat = np.concatenate([[0], np.cumsum(sizes.ravel())])
        off = np.empty((game.n_states, game.n_players + 1), dtype=np.int64)
        off[:, :-1] = flat[:-1].reshape(sizes.shape)
        off[:, -1] = off[:, 0] + sizes.sum(axis=1)
        off.flags.writeable = False
        cache[key] = off
    return cache[key]


def action_slots(game) -> np.ndarray:
    """Flat-vector index of each row's action of each player, int array ``(n_rows, n_players)``."""
    key = "core_slots"
    cache = game._cache
    if key not in cache:
        off = action_offsets(game)[:, :-1]
        slots = off[game.row_state] + game.row_actions
        slots.flags.writeable = False
        cache[key] = slots
    return cache[key]


def player_slot_mask(game, i: int) -> np.ndarray:
    """Boolean mask of the flat action vector: True on player ``i``'s entries."""
    key = ("core_mask", i)
    cache = game._cache
    if key not in cache:
        off = action_offsets(game)
        mask = np.zeros(_n_slots(game), dtype=bool)
        starts, ends = off[:, i], off[:, i + 1]
        d = np.zeros(_n_slots(game) + 1, dtype=np.int64)
        np.add.at(d, starts, 1)
        np.add.at(d, ends, -1)
        mask = np.cumsum(d[:-1]) > 0
        mask.flags.writeable = False
        cache[key] = mask
    return cache[key]


def _n_slots(game) -> int:
    return int(action_offsets(game)[-1, -1])


# ----------------------------------------------------------------------------------------------
# policies
# ----------------------------------------------------------------------------------------------
def pure_policy(game, choice: Any, *, exact: bool | None = None) -> tuple:
    """Pure stationary policy from action choices ``choice[s][i]`` (indices or labels).

    ``choice`` may be a nested sequence or an int array ``(n_states, n_players)``.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    choice : sequence of sequences, or array_like of int
        ``choice[s][i]`` is player ``i``'s action in state ``s`` (index or label).
    exact : bool, optional
        Fractions instead of floats; default: follow the game.

    Returns
    -------
    tuple
        The policy, ``policy[s][i]`` a probability vector with a single 1.

    Raises
    ------
    InvalidParameterError
        If the shape does not match the game or an action is unknown.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> pure_policy(g, [[1, 1]])[0][0].tolist()
    [0.0, 1.0]
    """
    ex = game.exact if exact is None else bool(exact)
    try:
        rows = list(choice)
    except TypeError:
        raise InvalidParameterError(f"pure_policy: expected one action choice per state, got "
                                    f"{choice!r}") from None
    if len(rows) != game.n_states:
        raise InvalidParameterError(f"pure_policy: expected {game.n_states} rows (one per "
                                    f"state), got {len(rows)}")
    out = []
    for s, row in enumerate(rows):
        row = list(np.atleast_1d(row)) if not isinstance(row, (list, tuple)) else list(row)
        if len(row) != game.n_players:
            raise InvalidParameterError(f"pure_policy: state {game.states[s]!r} needs "
                                        f"{game.n_players} choices, got {len(row)}")
        strat = []
        for i, a in enumerate(row):
            labels = game.actions[s][i]
            if isinstance(a, str):
                if a not in labels:
                    raise InvalidParameterError(f"pure_policy: unknown action {a!r} of player "
                                                f"{i} in state {game.states[s]!r}")
                k = labels.index(a)
            else:
                k = int(a)
                if not 0 <= k < len(labels):
                    raise InvalidParameterError(f"pure_policy: action {k} of player {i} out of "
                                                f"range in state {game.states[s]!r}")
            v = _unit(len(labels), k, ex)
            strat.append(v)
        out.append(tuple(strat))
    return tuple(out)


def uniform_policy(game, *, exact: bool | None = None) -> tuple:
    """Every player mixes uniformly in every state.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    exact : bool, optional
        Fractions instead of floats; default: follow the game.

    Returns
    -------
    tuple
        The policy, ``policy[s][i]`` uniform over player ``i``'s actions in state ``s``.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> uniform_policy(g)[0][1].tolist()
    [0.5, 0.5]
    """
    ex = game.exact if exact is None else bool(exact)
    out = []
    for s in range(game.n_states):
        out.append(tuple(
            np.array([Fraction(1, n)] * n, dtype=object) if ex else np.full(n, 1.0 / n)
            for n in game.num_actions(s)))
    return tuple(out)


def _unit(n, k, exact):
    if exact:
        v = np.array([Fraction(0)] * n, dtype=object)
        v[k] = Fraction(1)
    else:
        v = np.zeros(n)
        v[k] = 1.0
    return v


def is_exact_policy(policy) -> bool:
    """Whether every probability of ``policy`` is a Fraction (or int)."""
    return all(np.asarray(v).dtype == object for st in policy for v in st)


def as_policy(game, policy: Any, *, where: str = "policy", tol: float = 1e-9) -> tuple:
    """Validate a policy (nested per state and player, or a flat vector) and return it.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    policy : nested sequence or numpy.ndarray
        ``policy[s][i]`` a probability vector, or the flat vector of all of them.
    where : str
        Name used in error messages.
    tol : float
        Tolerance for probabilities summing to 1.

    Returns
    -------
    tuple
        The policy as a tuple over states of tuples over players of numpy arrays.

    Raises
    ------
    InvalidParameterError
        If the shapes do not match the game or a vector is not a probability distribution.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> as_policy(g, [[[0, 1], [1, 0]]])[0][1].tolist()
    [1.0, 0.0]
    """
    if isinstance(policy, np.ndarray) and policy.ndim == 1 and policy.dtype != object:
        return flat_to_policy(game, _check_flat(game, policy, where, tol))
    try:
        states = list(policy)
    except TypeError:
        raise InvalidParameterError(f"{where}: expected a policy (per state, per player "
                                    f"probability vectors), got {policy!r}") from None
    if len(states) != game.n_states:
        raise InvalidParameterError(f"{where}: policy has {len(states)} states; the game has "
                                    f"{game.n_states}")
    fast = _fast_float_policy(game, states, tol)
    if fast is not None:
        return fast
    out = []
    for s, st in enumerate(states):
        st = list(st)
        if len(st) != game.n_players:
            raise InvalidParameterError(f"{where}: policy of state {game.states[s]!r} has "
                                        f"{len(st)} strategies; expected {game.n_players}")
        row = []
        for i, (v, n) in enumerate(zip(st, game.num_actions(s))):
            arr = np.asarray(v)
            if arr.dtype == object or any(isinstance(x, Fraction) for x in np.ravel(arr)):
                arr = np.array([Fraction(x) for x in np.ravel(arr)], dtype=object)
                okay = len(arr) == n and all(x >= 0 for x in arr) and sum(arr) == 1
            else:
                arr = np.asarray(arr, dtype=float).ravel()
                okay = (len(arr) == n and bool(np.all(np.isfinite(arr)))
                        and bool(np.all(arr >= -tol)) and abs(arr.sum() - 1) <= tol * max(1, n))
            if not okay:
                raise InvalidParameterError(
                    f"{where}: strategy of player {i} in state {game.states[s]!r} must be {n} "
                    f"probabilities summing to 1, got {list(np.ravel(v))}")
            row.append(arr)
        out.append(tuple(row))
    return tuple(out)


def _fast_float_policy(game, states, tol):
    """The policy itself if it is already float arrays of the right sizes and valid, else None."""
    off = action_offsets(game)
    parts = []
    for st in states:
        if not isinstance(st, tuple) or len(st) != game.n_players:
            return None
        for v in st:
            if not isinstance(v, np.ndarray) or v.dtype != np.float64 or v.ndim != 1:
                return None
            parts.append(v)
    sizes = np.diff(off[:, :-1].ravel().tolist() + [int(off[-1, -1])])
    if [len(p) for p in parts] != sizes.tolist():
        return None
    x = np.concatenate(parts) if parts else np.zeros(0)
    sums = np.add.reduceat(x, off[:, :-1].ravel())
    if not np.all(np.isfinite(x)) or np.any(x < -tol) or np.any(np.abs(sums - 1) > tol *
                                                                  np.maximum(1, sizes)):
        return None
    return tuple(states)


def _check_flat(game, x, where, tol):
    if x.shape != (_n_slots(game),):
        raise InvalidParameterError(f"{where}: flat policy has shape {x.shape}; expected "
                                    f"({_n_slots(game)},)")
    off = action_offsets(game)
    sums = np.add.reduceat(x, off[:, :-1].ravel())
    if not np.all(np.isfinite(x)) or np.any(x < -tol) or np.any(np.abs(sums - 1) > 1e-8):
        raise InvalidParameterError(f"{where}: flat policy is not a probability vector per "
                                    "state and player")
    return x


def policy_flat(game, policy) -> np.ndarray:
    """The flat vector of a policy (float, or object Fractions for an exact policy).

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    policy : tuple
        A stationary policy, ``policy[s][i]`` a probability vector.

    Returns
    -------
    numpy.ndarray
        The action probabilities of every (state, player) block laid end to end.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> policy_flat(g, pure_policy(g, [[1, 1]])).tolist()
    [0.0, 1.0, 0.0, 1.0]
    """
    parts = [np.asarray(v) for st in policy for v in st]
    if all(p.dtype == object for p in parts):
        return np.concatenate(parts).astype(object)
    return np.concatenate([p.astype(float) for p in parts])


def flat_to_policy(game, x: np.ndarray) -> tuple:
    """Split a flat vector into ``policy[s][i]``.

    Parameters
    ----------
    game : StochasticGame
        The stochastic game.
    x : numpy.ndarray
        The flat vector of action probabilities (see :func:`policy_flat`).

    Returns
    -------
    tuple
        The policy, a tuple over states of tuples over players of probability vectors.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> flat_to_policy(g, np.array([0.0, 1.0, 1.0, 0.0]))[0][1].tolist()
    [1.0, 0.0]
    """
    off = action_offsets(game)
    return tuple(tuple(np.array(x[off[s, i]:off[s, i + 1]]) for i in range(game.n_players))
                 for s in range(game.n_states))


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


# results live in ._results; re-exported here so solvers import everything from one place
from ._results import MarkovEquilibrium, StochasticResult, make_equilibrium  # noqa: E402

__all__ += ["MarkovEquilibrium", "StochasticResult", "make_equilibrium"]

"""Hoffman–Karp strategy iteration for zero-sum stochastic games (policy iteration for MDPs).

Hoffman and Karp (1966): given player 1's values ``V``, player 1 takes optimal strategies of
every state's matrix game ``(1 - δ) u_1 + δ P V``; fixing those stationary strategies leaves
player 2 a Markov decision process, solved exactly by policy iteration (sparse LU solves); its
value is the next ``V``. The values increase monotonically to the value of the game, in far
fewer (but dearer) iterations than value iteration needs. With one player this is Howard's policy iteration.

The result is verified like :func:`~contracts.stochastic.zero_sum.shapley`'s (one-shot deviation
gains and Shapley's equation within ``tol``) and certified exactly on exact games where possible.

Examples
--------
>>> import contracts as ct
>>> g = ct.StochasticGame.from_functions(
...     range(3), lambda s: [("wait", "go")], lambda s, a: (float(s == 2),),
...     lambda s, a: {min(s + 1, 2): 1} if a[0] == "go" else {s: 1}, discount=0.5)
>>> res = ct.solve(g, method="hoffman_karp")
>>> [float(v) for v in res.values[:, 0]], res.iterations
([0.25, 0.5, 1.0], 3)
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..exceptions import InvalidParameterError
from ._core import (StochasticResult, action_offsets, action_slots, player_slot_mask,
                    row_probabilities, solve_discounted)
from .zero_sum import (_progress, check_zero_sum, default_tol, finish, policy_from,
                       shapley_operator)

__all__ = ["hoffman_karp", "mdp_policy_iteration"]


def _segment_best(Q, starts, sense, prev=None, eps=0.0):
    """Best entry per contiguous segment (argmax or argmin); keeps ``prev`` when within eps."""
    q = Q if sense > 0 else -Q
    best = np.maximum.reduceat(q, starts[:-1])
    seg = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    pos = np.arange(len(q))
    cand = np.where(q >= best[seg] - eps, pos, len(q))
    first = np.minimum.reduceat(cand, starts[:-1]) - starts[:-1]
    if prev is not None:
        keep = q[starts[:-1] + prev] >= best - eps
        first = np.where(keep, prev, first)
    return first, best if sense > 0 else -best


def mdp_policy_iteration(R, T, starts, delta, *, sense: int = 1, init=None,
                         max_iter: int = 1000):
    """Policy iteration for an MDP given by contiguous action rows.

    Parameters
    ----------
    R : ndarray (n_rows,)
        Stage rewards of every (state, action) row.
    T : sparse (n_rows, n_states)
        Transition rows.
    starts : int ndarray (n_states + 1,)
        Rows of state ``s`` are ``starts[s]:starts[s + 1]``.
    delta : float
        Discount factor.
    sense : {1, -1}
        Maximise (1) or minimise (-1).
    init : int ndarray (n_states,), optional
        Initial choice (offset within each state's rows).
    max_iter : int
        Largest number of policy-improvement steps.

    Returns
    -------
    (V, choice, iterations)
        Normalised optimal values, optimal choices, policy-evaluation steps used.

    Examples
    --------
    Two states; state 0 can stay (reward 1) or move to state 1, which pays 2 forever.

    >>> import scipy.sparse as sps
    >>> T = sps.csr_matrix([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    >>> V, choice, it = mdp_policy_iteration(np.array([1.0, 0.0, 2.0]), T, np.array([0, 2, 3]), 0.5)
    >>> V.tolist(), choice.tolist()
    ([1.0, 2.0], [0, 0])
    """
    n = len(starts) - 1
    T = sp.csr_matrix(T)
    scale = 1.0 + float(np.max(np.abs(R))) if R.size else 1.0
    eps = 1e-12 * scale
    if init is None:
        choice, _ = _segment_best(R, starts, sense)
    else:
        choice = np.asarray(init, dtype=np.int64)
    V = np.zeros(n)
    for it in range(1, max_iter + 1):
        rows = starts[:-1] + choice
        P = T[rows]
        V = solve_discounted(P, delta, (1 - delta) * R[rows], x0=V if it > 1 else None)
        Q = (1 - delta) * R + delta * (T @ V)
        new, _ = _segment_best(Q, starts, sense, prev=choice, eps=eps)
        if np.array_equal(new, choice):
            return V, choice, it
        choice = new
    return V, choice, max_iter


def _player2_mdp(game, xs, delta):
    """Player 2's MDP when player 1 plays the stationary strategies ``xs``."""
    off = action_offsets(game)
    slots = action_slots(game)
    n2 = off[:, 2] - off[:, 1]
    starts2 = np.concatenate([[0], np.cumsum(n2)])
    col2 = starts2[game.row_state] + slots[:, 1] - off[game.row_state, 1]
    flat = np.ones(int(off[-1, -1]))           # player 2's own action is the MDP's choice
    flat[player_slot_mask(game, 0)] = np.concatenate(xs)
    w = row_probabilities(game, flat)
    W = sp.csr_matrix((w, (col2, np.arange(game.n_rows))), shape=(int(starts2[-1]), game.n_rows))
    return W @ game.payoff_rows[:, 0], (W @ game.transition_rows).tocsr(), starts2


def hoffman_karp(game, *, tol: float | None = None, max_iter: int = 1000,
                 exact: bool | None = None, raise_on_failure: bool = False,
                 progress: bool = False) -> StochasticResult:
    """Value and optimal stationary strategies by Hoffman–Karp strategy iteration.

    Parameters
    ----------
    game : StochasticGame
        Two players with ``u_2 = -u_1`` in every state, or one player (an MDP: policy iteration).
    tol : float, optional
        Largest one-shot deviation gain accepted (default as in
        :func:`~contracts.stochastic.zero_sum.shapley`).
    max_iter : int
        Largest number of outer iterations.
    exact : bool, optional
        Certify the result in Fractions (default: iff the game is exact).
    raise_on_failure : bool
        Raise :class:`ConvergenceError` instead of returning ``converged=False``.
    progress : bool
        Show a tqdm progress bar (optional dependency).

    Returns
    -------
    StochasticResult
        One equilibrium: the optimal stationary strategies and the values of the game.

    Examples
    --------
    >>> import contracts as ct
    >>> mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(mp, 0.9))
    >>> res = hoffman_karp(g)
    >>> res.equilibria[0].values.tolist(), res.equilibria[0].policy[0][0].tolist()
    ([[0.0, 0.0]], [0.5, 0.5])
    """
    where = "hoffman_karp"
    delta = check_zero_sum(game, where)
    tol = default_tol(game) if tol is None else float(tol)
    if not tol > 0:
        raise InvalidParameterError(f"{where}: tol must be positive, got {tol!r}")
    if int(max_iter) < 1:
        raise InvalidParameterError(f"{where}: max_iter must be at least 1, got {max_iter!r}")
    fgame = game.as_float()
    bar = _progress(progress, int(max_iter), where)
    converged = False
    residual = np.inf
    inner = 0
    try:
        if game.n_players == 1:
            V, choice, it = mdp_policy_iteration(fgame.payoff_rows[:, 0], fgame.transition_rows,
                                                 fgame.row_start, delta, max_iter=max_iter)
            converged = it < max_iter
            residual = 0.0 if converged else np.inf
            x = np.zeros(int(fgame.row_start[-1]))
            x[fgame.row_start[:-1] + choice] = 1.0
            xs = np.split(x, fgame.row_start[1:-1])
            pol = policy_from(fgame, xs, None)
            inner = it
        else:
            V = shapley_operator(fgame, np.zeros(game.n_states))
            choice2 = None
            hints: dict = {}
            it = 0
            while it < max_iter:
                it += 1
                _, xs, _ = shapley_operator(fgame, V, strategies=True, hints=hints)
                R2, T2, starts2 = _player2_mdp(fgame, xs, delta)
                Vn, choice2, k = mdp_policy_iteration(R2, T2, starts2, delta, sense=-1,
                                                      init=choice2)
                inner += k
                residual = float(np.max(np.abs(Vn - V)))
                V = Vn
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(residual=f"{residual:.2e}", refresh=False)
                if residual <= tol * (1 - delta) / 4:
                    converged = True
                    break
            # both players' optimal strategies of the matrix games at the final values (player
            # 2's pure best reply to xs need not be optimal against deviations of player 1)
            _, xs, ys = shapley_operator(fgame, V, strategies=True)
            pol = policy_from(fgame, xs, ys)
    finally:
        if bar is not None:
            bar.close()
    return finish(game, pol, method=where, iterations=it, residual=residual, tol=tol,
                  exact=exact, raise_on_failure=raise_on_failure, converged=converged,
                  extra=f"; {inner} policy evaluations")

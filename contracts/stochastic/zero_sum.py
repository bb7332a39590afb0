"""Two-player zero-sum stochastic games (and one-player MDPs) by Shapley's value iteration.

In a zero-sum stochastic game (``u_2 = -u_1`` in every state, common discount ``δ``) the value
``V`` is the unique fixed point of Shapley's operator

    V(s) = val[ (1 - δ) u_1(s, a, b) + δ Σ_s' P(s' | s, a, b) V(s') ]_{a, b},

``val`` the value of the matrix game of state ``s``; optimal stationary strategies are optimal
strategies of those matrix games at ``V`` (Shapley 1953). Values are normalised (comparable to
stage payoffs). With one player the operator is the Bellman operator of a Markov decision
process and :func:`shapley` is value iteration.

Every state's matrix game is solved in one vectorised batch per shape (closed form for small
games, one HiGHS LP each otherwise; see :mod:`._matrix_batch`). The returned policy pair is
verified by the one-shot deviation principle: no player gains more than ``tol`` by deviating
once in any state, and the values satisfy Shapley's equation within ``tol``.

Exact mode (an exact game, unless ``exact=False``): the float optimal strategies are turned into
Fractions with small denominators, their values are computed exactly, and the pair is returned
exactly only if no player gains anything (exactly) by a one-shot deviation. Values of zero-sum
stochastic games with rational data may be irrational; then the float result is returned with
``exact=False`` and a message saying so.

Examples
--------
>>> import contracts as ct
>>> from fractions import Fraction as F
>>> g = ct.StochasticGame(
...     {"play": [[[2, -2], [-2, 2]], [[-2, 2], [2, -2]]], "end": [[[1, -1]]]},
...     {"play": [[[F(1, 2), F(1, 2)]] * 2] * 2, "end": [[[0, 1]]]}, discount=F(1, 2))
>>> res = ct.solve(g, method="shapley")
>>> res.values[:, 0].tolist(), res.exact
([Fraction(1, 3), Fraction(1, 1)], True)
"""

from __future__ import annotations

import warnings
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import (ConvergenceError, InvalidGameError, InvalidParameterError,
                          UnsupportedGameError)
from ._core import (StochasticResult, make_equilibrium, one_shot_deviation_gain,
                    policy_values)
from ._matrix_batch import batch_matrix_games, batch_values

__all__ = ["shapley", "shapley_operator"]


# ----------------------------------------------------------------------------------------------
# shared with hoffman_karp
# ----------------------------------------------------------------------------------------------
def check_zero_sum(game, where: str) -> float:
    """The common discount of a one-player game or a two-player zero-sum game."""
    from ..games.stochastic import StochasticGame
    if not isinstance(game, StochasticGame):
        raise UnsupportedGameError(f"{where}: expected a StochasticGame, got "
                                   f"{type(game).__name__}")
    if game.n_players > 2 or (game.n_players == 2 and not game.is_zero_sum()):
        raise UnsupportedGameError(
            f"{where}: needs a one-player game (an MDP) or a two-player zero-sum game "
            f"(u2 = -u1 in every state); got {game.n_players} players"
            + ("" if game.n_players > 2 else " whose payoffs do not sum to zero"))
    d = game.discount
    if np.any(d != d[0]):
        raise UnsupportedGameError(f"{where}: a zero-sum stochastic game needs a common "
                                   f"discount factor; got {d.tolist()}")
    return float(d[0])


def _groups(game):
    """States grouped by action shape: list of (shape, state indices, row indices (K, m*n))."""
    key = "zs_groups"
    if key not in game._cache:
        by: dict = {}
        for s in range(game.n_states):
            by.setdefault(game.num_actions(s), []).append(s)
        out = []
        for shp, ss in by.items():
            ss = np.array(ss)
            size = int(np.prod(shp))
            rows = game.row_start[ss][:, None] + np.arange(size)[None, :]
            out.append((shp if len(shp) == 2 else (shp[0], 1), ss, rows))
        game._cache[key] = out
    return game._cache[key]


def row_q(game, V: np.ndarray, delta: float) -> np.ndarray:
    """Player 1's ``(1 - δ) u_1 + δ P V`` for every row."""
    return (1 - delta) * game.payoff_rows[:, 0] + delta * (game.transition_rows @ V)


def shapley_operator(game, V, *, strategies: bool = False, hints: dict | None = None):
    """One application of Shapley's operator to player 1's values ``V`` (n_states,).

    ``hints`` (a dict kept by the caller between calls) remembers which support solved each
    state's matrix game, which is tried first next time.

    Parameters
    ----------
    game : StochasticGame
        Two-player zero-sum, or one player.
    V : numpy.ndarray, shape (n_states,)
        Player 1's continuation values.
    strategies : bool
        Also return the optimal strategies of every state's matrix game.
    hints : dict, optional
        Kept by the caller between calls to speed up the next one.

    Returns
    -------
    numpy.ndarray or tuple
        The new values; with ``strategies=True`` the tuple ``(values, x, y)`` with per-state
        lists of optimal strategies (``y`` is empty for one player).

    Examples
    --------
    >>> import contracts as ct
    >>> mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(mp, 0.9))
    >>> V, x, y = shapley_operator(g, np.zeros(1), strategies=True)
    >>> V.tolist(), x[0].tolist()
    ([0.0], [0.5, 0.5])
    """
    delta = float(game.discount[0])
    Q = row_q(game, np.asarray(V, dtype=float), delta)
    if game.n_players == 1 and not strategies:        # Bellman operator of an MDP
        return np.maximum.reduceat(Q, game.row_start[:-1])
    out = np.empty(game.n_states)
    xs: list = [None] * game.n_states
    ys: list = [None] * game.n_states
    for (m, n), ss, rows in _groups(game):
        M = Q[rows].reshape(len(ss), m, n)
        hint = None
        if hints is not None:
            hint = hints.setdefault((m, n), np.full(len(ss), -1, dtype=np.int64))
        if not strategies:
            out[ss] = batch_values(M, hint)
            continue
        v, x, y = batch_matrix_games(M, hint=hint)
        out[ss] = v
        for s, xr, yr in zip(ss.tolist(), x, y):
            xs[s] = xr
            ys[s] = yr
    if strategies:
        return out, xs, ys
    return out


def default_tol(game) -> float:
    return 1e-8 * max(1.0, float(np.max(np.abs(game.payoff_rows))) if game.n_rows else 1.0)


def policy_from(game, xs, ys) -> tuple:
    if game.n_players == 1:
        return tuple((x,) for x in xs)
    return tuple((x, y) for x, y in zip(xs, ys))


def finish(game, policy, *, method: str, iterations: int, residual: float, tol: float,
           exact: bool | None, raise_on_failure: bool, converged: bool, extra: str = ""):
    """Verify a policy pair, certify it exactly if asked, and build the result."""
    want_exact = game.exact if exact is None else bool(exact)
    if want_exact and not game.exact:
        raise InvalidParameterError(f"{method}: exact=True needs a game with exact (Fraction) "
                                    "data")
    fgame = game.as_float()
    V = policy_values(fgame, policy)
    gain, _ = one_shot_deviation_gain(fgame, policy, V)
    V1 = V[:, 0]
    shap = float(np.max(np.abs(shapley_operator(fgame, V1) - V1)))
    ok = converged and gain <= tol and shap <= tol
    msg = (f"{'converged' if converged else 'did not converge'} after {iterations} iterations "
           f"(residual {residual:.3g}); max one-shot deviation gain {gain:.3g}, Shapley-equation "
           f"residual {shap:.3g}")
    if not ok:
        text = (f"{method}: no verified solution within tol={tol:g} after {iterations} "
                f"iterations; residual {residual:.3g}, one-shot deviation gain {gain:.3g}, "
                f"Shapley-equation residual {shap:.3g} (raise max_iter or tol)")
        if raise_on_failure:
            raise ConvergenceError(text)
        return StochasticResult(equilibria=(), method=method, converged=False,
                                iterations=iterations, residual=residual, message=text,
                                exact=False, details={"max_gain": gain, "shapley_residual": shap,
                                                      "values": V})
    is_exact = False
    if want_exact:
        cert = certify_exact(game, policy)
        if cert is not None:
            policy, V, gain = cert
            is_exact = True
            msg += "; certified exactly (no one-shot deviation gains anything)"
        else:
            msg += ("; exact certification failed (the value may be irrational): float result")
            warnings.warn(f"{method}: could not certify the solution exactly; returning floats",
                          UserWarning, stacklevel=3)
    eq = make_equilibrium(game, policy, V, gain)
    return StochasticResult(equilibria=(eq,), method=method, converged=True,
                            iterations=iterations, residual=residual, message=msg + extra,
                            exact=is_exact, details={"shapley_residual": shap})


def _rationalise(p: np.ndarray, den: int) -> np.ndarray:
    fr = [Fraction(float(v)).limit_denominator(den) for v in p]
    k = int(np.argmax(p))
    fr[k] += 1 - sum(fr)          # keep the sum exactly 1
    if any(v < 0 for v in fr):
        return None
    return np.array(fr, dtype=object)


def certify_exact(game, policy, dens=(10, 100, 1000, 10 ** 4, 10 ** 6)):
    """Fractions for a float policy whose exact one-shot deviation gains are all 0, or None."""
    for den in dens:
        pol = []
        for st in policy:
            row = tuple(_rationalise(np.asarray(v, dtype=float), den) for v in st)
            if any(r is None for r in row):
                break
            pol.append(row)
        else:
            pol = tuple(pol)
            try:
                V = policy_values(game, pol)
                gain, _ = one_shot_deviation_gain(game, pol, V)
            except (InvalidGameError, ZeroDivisionError):   # singular: next denominator
                continue
            if gain == 0:
                return pol, V, Fraction(0)
    return None


def _progress(progress: bool, total: int, desc: str):
    if not progress:
        return None
    from tqdm.auto import tqdm   # optional extra "progress"
    return tqdm(total=total, desc=desc, leave=False)


# ----------------------------------------------------------------------------------------------
# Shapley's value iteration
# ----------------------------------------------------------------------------------------------
def shapley(game, *, tol: float | None = None, max_iter: int = 10_000, exact: bool | None = None,
            init: Any = None, raise_on_failure: bool = False, progress: bool = False
            ) -> StochasticResult:
    """Value and optimal stationary strategies by Shapley's value iteration.

    Parameters
    ----------
    game : StochasticGame
        Two players with ``u_2 = -u_1`` in every state, or one player (an MDP).
    tol : float, optional
        Largest one-shot deviation gain (and Shapley-equation residual) accepted; default
        ``1e-8`` times the largest absolute payoff (at least ``1e-8``).
    max_iter : int
        Largest number of applications of Shapley's operator.
    exact : bool, optional
        Certify the result in Fractions (default: iff the game is exact).
    init : array_like, optional
        Initial values of player 1 (n_states,), default 0.
    raise_on_failure : bool
        Raise :class:`ConvergenceError` instead of returning ``converged=False``.
    progress : bool
        Show a tqdm progress bar (optional dependency).

    Returns
    -------
    StochasticResult
        One equilibrium: the optimal policy pair and values ``values[s] = (V(s), -V(s))``.

    Examples
    --------
    >>> import contracts as ct
    >>> mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(mp, 0.9))
    >>> res = shapley(g)
    >>> res.converged, res.equilibria[0].values.tolist()
    (True, [[0.0, 0.0]])
    """
    where = "shapley"
    delta = check_zero_sum(game, where)
    tol = default_tol(game) if tol is None else float(tol)
    if not tol > 0:
        raise InvalidParameterError(f"{where}: tol must be positive, got {tol!r}")
    if int(max_iter) < 1:
        raise InvalidParameterError(f"{where}: max_iter must be at least 1, got {max_iter!r}")
    fgame = game.as_float()
    V = np.zeros(game.n_states) if init is None else np.asarray(init, dtype=float).copy()
    if V.shape != (game.n_states,):
        raise InvalidParameterError(f"{where}: init has shape {V.shape}; expected "
                                    f"({game.n_states},)")
    # stop when the contraction bound guarantees ||V - V*|| <= tol/4; if the policy then fails
    # the check, tighten and continue
    stop = tol * (1 - delta) / 4
    bar = _progress(progress, int(max_iter), where)
    residual = np.inf
    it = 0
    converged = False
    hints: dict = {}
    try:
        while it < max_iter:
            it += 1
            Vn = shapley_operator(fgame, V, hints=hints)
            residual = float(np.max(np.abs(Vn - V))) if V.size else 0.0
            V = Vn
            if bar is not None:
                bar.update(1)
                bar.set_postfix(residual=f"{residual:.2e}", refresh=False)
            if residual <= stop:
                _, xs, ys = shapley_operator(fgame, V, strategies=True, hints=hints)
                pol = policy_from(fgame, xs, ys)
                gain = one_shot_deviation_gain(fgame, pol)[0]
                if gain <= tol or stop < 1e-15 * max(1.0, float(np.max(np.abs(V)))):
                    converged = True
                    break
                stop /= 10
    finally:
        if bar is not None:
            bar.close()
    if not converged:
        _, xs, ys = shapley_operator(fgame, V, strategies=True)
        pol = policy_from(fgame, xs, ys)
    return finish(game, pol, method=where, iterations=it, residual=residual, tol=tol,
                  exact=exact, raise_on_failure=raise_on_failure, converged=converged)

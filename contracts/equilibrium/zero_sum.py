"""Two-player zero-sum (and constant-sum) games by linear programming.

The row player (payoff matrix ``A``) solves

    maximise v  subject to  (Aᵀx)_j ≥ v for every column j,  Σ x = 1,  x ≥ 0,

with scipy's HiGHS; the column player's optimal strategy is the dual of the column constraints.
By the minimax theorem every pair of optimal strategies is an equilibrium and ``v`` is the value.

Exact mode (``exact=True``, or an exact game) turns HiGHS' floating-point vertex into Fractions:
the support and the tight constraints are read off the float solution, the resulting linear
system is solved in rational arithmetic, and the pair is certified exactly (the row player's
guaranteed payoff equals the column player's guaranteed loss). Should that fail (a badly
conditioned or degenerate vertex), an exact rational simplex with Bland's rule solves the game
from scratch. The private helpers :func:`_exact_vertex` and :func:`_exact_simplex` are reused by
:mod:`.dominance` and :mod:`.correlated`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._linalg import solve_lp
from .._linalg.lp import IPM_THRESHOLD
from .._linalg.simplex import exact_simplex
from .._validation import check_exact, check_nonnegative
from ..exceptions import InvalidGameError, UnsupportedGameError
from ..results import EquilibriumResult, build_result, format_number

__all__ = ["zero_sum", "minmax_values", "MinmaxValues", "matrix_game"]


# ----------------------------------------------------------------------------------------------
# exact rational linear algebra shared by the LP-based solvers
# ----------------------------------------------------------------------------------------------
def _frac_array(M) -> np.ndarray:
    """Object array of Fractions (floats read exactly as the decimals they print as)."""
    from ..games.normal_form import to_fraction
    M = np.asarray(M, dtype=object)
    out = np.empty(M.shape, dtype=object)
    for idx, v in np.ndenumerate(M):
        out[idx] = to_fraction(v)
    return out


def _rational_solve(rows: list, rhs: list, guess: list) -> list | None:
    """Solve ``rows · z = rhs`` exactly; free variables take the values in ``guess``.

    Returns None if the system is inconsistent.
    """
    n = len(guess)
    M = [list(r) + [b] for r, b in zip(rows, rhs)]
    pivots = []
    r = 0
    for c in range(n):
        p = next((k for k in range(r, len(M)) if M[k][c] != 0), None)
        if p is None:
            continue
        M[r], M[p] = M[p], M[r]
        piv = M[r][c]
        if piv != 1:
            M[r] = [x / piv for x in M[r]]
        row_r = M[r]
        for k in range(len(M)):
            if k != r and M[k][c] != 0:
                f = M[k][c]
                M[k] = [a - f * b for a, b in zip(M[k], row_r)]
        pivots.append(c)
        r += 1
        if r == len(M):
            break
    if any(M[k][n] != 0 for k in range(r, len(M))):
        return None
    z = [Fraction(g) for g in guess]
    pivset = set(pivots)
    for k, c in enumerate(pivots):
        z[c] = M[k][n] - sum((M[k][j] * z[j] for j in range(n) if j not in pivset and M[k][j]),
                             Fraction(0))
    return z


def _guess(x: float) -> Fraction:
    return Fraction(float(x)).limit_denominator(10 ** 6)


def _exact_vertex(A_ub, b_ub, A_eq, b_eq, nonneg, z) -> list | None:
    """Turn a float LP vertex ``z`` into an exact feasible point.

    Constraints: ``A_ub z ≤ b_ub``, ``A_eq z = b_eq``, ``z_k ≥ 0`` where ``nonneg[k]``. All
    coefficient arrays are Fraction object arrays (``A_ub`` may have zero rows). The constraints
    that are tight at ``z`` (within a tolerance tried from tight to loose) are solved exactly;
    the point is returned only if it satisfies every constraint exactly, else None.
    """
    z = np.asarray(z, dtype=float)
    n = z.shape[0]
    Af = A_ub.astype(float) if A_ub.size else np.zeros((0, n))
    bf = b_ub.astype(float) if b_ub.size else np.zeros(0)
    scale = max(1.0, float(np.max(np.abs(z))) if n else 1.0)
    slack = bf - Af @ z
    rowscale = 1.0 + np.abs(Af).sum(axis=1) * scale + np.abs(bf)
    nonneg = np.asarray(nonneg, dtype=bool)
    for t in (1e-10, 1e-8, 1e-6, 1e-4):
        fixed = nonneg & (z <= t * scale)
        free = np.flatnonzero(~fixed)
        active = np.flatnonzero(np.abs(slack) <= t * rowscale)
        rows, rhs = [], []
        for A, b, idx in ((A_eq, b_eq, range(A_eq.shape[0])), (A_ub, b_ub, active)):
            for k in idx:
                rows.append([A[k, j] for j in free])
                rhs.append(b[k])
        sol = _rational_solve(rows, rhs, [_guess(z[j]) for j in free])
        if sol is None:
            continue
        x = np.array([Fraction(0)] * n, dtype=object)
        for j, v in zip(free, sol):
            x[j] = v
        if any(x[k] < 0 for k in np.flatnonzero(nonneg)):
            continue
        if A_eq.size and any(v != b for v, b in zip(A_eq.dot(x), b_eq)):
            continue
        if A_ub.size and any(v > b for v, b in zip(A_ub.dot(x), b_ub)):
            continue
        return list(x)
    return None


def _exact_simplex(c, A, b, *, max_pivots: int = 100_000):
    """Exact rational simplex: maximise ``c·z`` s.t. ``A z ≤ b``, ``z ≥ 0``, with ``b ≥ 0``.

    The kernel's exact simplex (:func:`contracts._linalg.simplex.exact_simplex`): Bland's
    entering rule, lexicographic leaving rule, so degenerate problems never cycle. Returns
    ``(z, y, value)`` where ``y ≥ 0`` are the optimal dual prices of the rows. Raises
    ConvergenceError if the problem is unbounded.
    """
    return exact_simplex(c, A, b, max_pivots=max_pivots, caller="_exact_simplex")


# ----------------------------------------------------------------------------------------------
# matrix games
# ----------------------------------------------------------------------------------------------
def _highs(c, A_ub, b_ub, A_eq, b_eq, bounds):
    """HiGHS at tight tolerances: dual simplex, or interior point (with crossover) for large
    games, where it is several times faster (``IPM_THRESHOLD``)."""
    size = np.size(A_ub) + np.size(A_eq)
    return solve_lp(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds,
                    method="highs-ipm" if size > IPM_THRESHOLD else "highs-ds",
                    caller="zero_sum", options={"primal_feasibility_tolerance": 1e-10,
                                                "dual_feasibility_tolerance": 1e-10})


def _simplex_vector(v: np.ndarray) -> np.ndarray:
    v = np.where(v < 0, 0.0, v)
    s = v.sum()
    return v / s if s > 0 else np.full(v.shape, 1.0 / v.shape[0])


def _float_matrix_game(M: np.ndarray):
    """Optimal strategies and value of the matrix game M (row maximises) by one HiGHS LP."""
    m, n = M.shape
    s = max(1.0, float(np.max(np.abs(M))))
    Ms = M / s
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-Ms.T, np.ones((n, 1))])
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    bounds = [(0, None)] * m + [(None, None)]
    res = _highs(c, A_ub, np.zeros(n), A_eq, [1.0], bounds)
    x = _simplex_vector(res.x[:m])
    y = _simplex_vector(-res.ineq_duals)
    return x, y, float(res.x[-1]) * s


def _exact_matrix_game(M: np.ndarray):
    """Exact optimal strategies and value of a Fraction matrix game (row maximises)."""
    m, n = M.shape
    x0, y0, _ = _float_matrix_game(M.astype(float))
    one = Fraction(1)
    # row player: v - (Aᵀx)_j ≤ 0, Σx = 1
    A_ub = np.hstack([-M.T, np.full((n, 1), one, dtype=object)])
    A_eq = np.array([[one] * m + [Fraction(0)]], dtype=object)
    b_ub = np.array([Fraction(0)] * n, dtype=object)
    x_guess = np.append(x0, float(np.min(M.astype(float).T @ x0)))
    xs = _exact_vertex(A_ub, b_ub, A_eq, np.array([one], dtype=object),
                       [True] * m + [False], x_guess)
    # column player: (A y)_i - w ≤ 0, Σy = 1
    B_ub = np.hstack([M, np.full((m, 1), -one, dtype=object)])
    B_eq = np.array([[one] * n + [Fraction(0)]], dtype=object)
    y_guess = np.append(y0, float(np.max(M.astype(float) @ y0)))
    ys = _exact_vertex(B_ub, np.array([Fraction(0)] * m, dtype=object), B_eq,
                       np.array([one], dtype=object), [True] * n + [False], y_guess)
    if xs is not None and ys is not None:
        x = np.array(xs[:m], dtype=object)
        y = np.array(ys[:n], dtype=object)
        low = min(M.T.dot(x))
        high = max(M.dot(y))
        if low == high:
            return x, y, low
    # fallback: exact simplex on the shifted game, column player's LP max Σq s.t. A'q ≤ 1
    shift = min(M.flat) - 1
    Mp = M - shift
    q, p, total = _exact_simplex([one] * n, Mp.tolist(), [one] * m)
    v = 1 / total
    x = np.array([pi * v for pi in p], dtype=object)
    y = np.array([qi * v for qi in q], dtype=object)
    return x, y, v + shift


def matrix_game(M, *, exact: bool = False):
    """Value and optimal strategies of the matrix game ``M`` (the row player maximises).

    Parameters
    ----------
    M : array_like
        The row player's payoff matrix; the column player pays it.
    exact : bool
        Return Fractions (entries of ``M`` read as exact decimals).

    Returns
    -------
    (x, y, value) : tuple
        Maxmin strategy of the row player, minmax strategy of the column player, and the value.

    Examples
    --------
    >>> from contracts.equilibrium.zero_sum import matrix_game
    >>> x, y, v = matrix_game([[1, -1], [-1, 1]], exact=True)
    >>> [str(p) for p in x], str(v)
    (['1/2', '1/2'], '0')
    """
    where = "matrix_game"
    try:
        arr = np.asarray(M, dtype=object if exact else float)
    except (TypeError, ValueError):
        raise InvalidGameError(f"{where}: M must be a numeric matrix, got {M!r}") from None
    if arr.ndim != 2 or 0 in arr.shape:
        raise InvalidGameError(f"{where}: M must be a non-empty 2-d matrix, got shape {arr.shape}")
    if exact:
        return _exact_matrix_game(_frac_array(arr))
    if not np.all(np.isfinite(arr)):
        raise InvalidGameError(f"{where}: M has NaN or infinite entries")
    return _float_matrix_game(arr)


# ----------------------------------------------------------------------------------------------
# public solvers
# ----------------------------------------------------------------------------------------------
def _check_two_player(game, where):
    from ..games.normal_form import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"{where}: needs a two-player game; this game has {game.num_players} players")


def zero_sum(game, *, tol: float | None = None, exact: bool | None = None,
             force: bool = False) -> EquilibriumResult:
    """Solve a two-player zero-sum (or constant-sum) game by linear programming.

    Parameters
    ----------
    game : NormalFormGame
        Two players with ``A + B`` constant (zero-sum up to a constant).
    tol : float, optional
        Regret tolerance for verifying a float solution (default ``game.default_tol()``).
    exact : bool, optional
        Return Fractions, certified exactly. Default: exact iff the game is exact.
    force : bool
        For a game that is not constant-sum, solve instead the zero-sum game ``(A, -A)`` built
        from the row player's payoffs (its maxmin/minmax strategies), and say so in the message.

    Returns
    -------
    EquilibriumResult
        One equilibrium (a pair of optimal strategies; when these are not unique, an extreme
        pair). ``result.extra["value"]`` is the value for the row player;
        ``result.extra["values"]`` the payoff of each player.

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players, or is not constant-sum and ``force`` is False.

    Examples
    --------
    Rock-paper-scissors has value 0 and the uniform strategy is optimal for both players:

    >>> import contracts as ct
    >>> from contracts.equilibrium.zero_sum import zero_sum
    >>> g = ct.NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    >>> res = zero_sum(g, exact=True)
    >>> res.extra["value"], [str(p) for p in res[0].strategies[0]]
    (Fraction(0, 1), ['1/3', '1/3', '1/3'])
    """
    where = "zero_sum"
    exact = check_exact(where, exact)
    _check_two_player(game, where)
    if tol is not None:
        check_nonnegative(where, "tol", tol)
    exact = game.is_exact if exact is None else bool(exact)
    A, B = game.payoffs
    message = ""
    if not game.is_constant_sum():
        if not force:
            S = (A + B)
            k = max(np.ndindex(*S.shape), key=lambda idx: S[idx])
            l_ = min(np.ndindex(*S.shape), key=lambda idx: S[idx])
            raise UnsupportedGameError(
                f"{where}: expected a zero-sum (or constant-sum) game, but A + B ranges from "
                f"{format_number(S[l_])} at {l_} to {format_number(S[k])} at {k}; use "
                "support_enumeration or vertex_enumeration, or force=True to solve the zero-sum "
                "game (A, -A) built from the row player's payoffs")
        from ..games.normal_form import NormalFormGame
        game = NormalFormGame((A, -A), players=game.players, actions=game.actions,
                              exact=game.is_exact)
        message = ("force=True: the game is not zero-sum; solved the zero-sum game (A, -A) "
                   "built from the row player's payoffs (maxmin/minmax strategies)")
    if exact:
        g = game.as_exact()
        x, y, v = _exact_matrix_game(g.payoffs[0])
    else:
        g = game.as_float()
        x, y, v = _float_matrix_game(g.payoffs[0])
    total = g.payoffs[0].flat[0] + g.payoffs[1].flat[0]
    message = "; ".join(m for m in (f"value of the game to {g.players[0]}: {format_number(v)}",
                                    message) if m)
    res = build_result(g, [(x, y)], method="zero_sum", tol=tol, exact=exact, complete=False,
                       message=message,
                       extra={"value": v, "values": (v, total - v)})
    if not res.equilibria:
        # the float solution misses the requested tolerance: solve exactly instead
        g = game.as_exact()
        x, y, v = _exact_matrix_game(g.payoffs[0])
        total = g.payoffs[0].flat[0] + g.payoffs[1].flat[0]
        message = "; ".join(m for m in (message, f"the float LP solution missed tol={tol}, so "
                                        "the game was solved in exact arithmetic") if m)
        res = build_result(g, [(x, y)], method="zero_sum", tol=tol, exact=True, complete=False,
                           message=message, extra={"value": v, "values": (v, total - v)})
    return res


@dataclass(frozen=True)
class MinmaxValues:
    """Each player's minmax value in a two-player game: the least the opponent can hold them to.

    Attributes
    ----------
    pure : tuple
        ``pure[i]`` = min over the opponent's pure actions of max over i's actions of i's payoff.
    mixed : tuple
        ``mixed[i]``: the same with the opponent mixing (the value of i's own payoff matrix as a
        zero-sum game); ``mixed[i] <= pure[i]``.
    pure_punishments : tuple of int
        ``pure_punishments[i]``: the opponent's pure action that holds i to ``pure[i]``.
    mixed_punishments : tuple of numpy.ndarray
        ``mixed_punishments[i]``: the opponent's mixed strategy that holds i to ``mixed[i]``.
    players : tuple of str
        The players' names (empty when the game has none).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.zero_sum import minmax_values
    >>> g = ct.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> mm = minmax_values(g, exact=True)
    >>> [str(v) for v in mm.pure], mm.pure_punishments
    (['1', '1'], (1, 0))
    """

    pure: tuple
    mixed: tuple
    pure_punishments: tuple
    mixed_punishments: tuple
    players: tuple = ()

    def __str__(self) -> str:
        lines = ["minmax values (the payoff each player can guarantee against punishment):"]
        for i in range(2):
            name = self.players[i] if self.players else f"player {i + 1}"
            lines.append(f"  {name}: pure {format_number(self.pure[i])}, "
                         f"mixed {format_number(self.mixed[i])}")
        return "\n".join(lines)


def minmax_values(game, *, exact: bool | None = None) -> MinmaxValues:
    """Pure and mixed minmax values of both players of a two-player game.

    Player i's minmax value is the lowest payoff the opponent can force on i when i best
    responds: the punishment level that bounds the payoffs of a repeated game (folk theorem).

    Parameters
    ----------
    game : NormalFormGame
        Two players (any payoffs).
    exact : bool, optional
        Fractions (default: iff the game is exact).

    Returns
    -------
    MinmaxValues
        Both players' pure and mixed minmax values and the opponent strategies that attain them.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.zero_sum import minmax_values
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> mm = minmax_values(g, exact=True)
    >>> [str(v) for v in mm.pure], [str(v) for v in mm.mixed]
    (['1', '1'], ['0', '0'])
    """
    where = "minmax_values"
    _check_two_player(game, where)
    exact = game.is_exact if exact is None else bool(exact)
    g = game.as_exact() if exact else game.as_float()
    pure, mixed, pp, mp = [], [], [], []
    for i in range(2):
        U = g.own_axis_payoffs(i)          # rows: i's actions, columns: the opponent's
        best = U.max(axis=0)
        j = min(range(U.shape[1]), key=lambda k: best[k])
        pure.append(best[j] if exact else float(best[j]))
        pp.append(int(j))
        if exact:
            _, y, v = _exact_matrix_game(U)
        else:
            _, y, v = _float_matrix_game(U)
        mixed.append(v)
        mp.append(y)
    return MinmaxValues(pure=tuple(pure), mixed=tuple(mixed), pure_punishments=tuple(pp),
                        mixed_punishments=tuple(mp), players=game.players)

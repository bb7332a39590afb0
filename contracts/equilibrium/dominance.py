"""Iterated elimination of dominated strategies for N-player games, by pure and mixed dominators.

An action ``a`` of player ``i`` is *strictly dominated* by a (possibly mixed) strategy ``σ`` of
the same player if ``σ`` pays strictly more than ``a`` against every pure profile of the others
that is still present; *weakly dominated* if it pays at least as much everywhere and strictly more
somewhere. Pure dominators are tried first (cheap comparisons); mixed ones by a linear program:

* strict: ``a`` is strictly dominated by a mix of the other actions iff the zero-sum game
  ``D[b, s] = u_i(b, s) − u_i(a, s)`` (rows ``b ≠ a``) has a positive value (see
  :mod:`.zero_sum`);
* weak: maximise ``Σ_s (σD)_s`` subject to ``σD ≥ 0`` on the simplex; ``a`` is weakly dominated
  iff the optimum is positive.

Exact games are decided exactly: the float LP (scipy HiGHS) proposes a dominator, which is
rebuilt in Fractions from its tight constraints and checked exactly; a rational simplex settles
anything left in doubt.

Order of elimination (this matters for weak dominance, whose end result is order-dependent):
rounds are repeated until nothing changes; within a round players move in their order
``0, 1, ..., N-1``; each player removes at once *every* action dominated in the game reduced so
far (each such removal is a legitimate single step: an action dominated by a strategy using other
dominated actions is also dominated by one using surviving actions). The next player then
sees the reduced game. With strict dominance the surviving set does not depend on the order.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._linalg import solve_lp
from .._result import Result
from .._validation import check_nonnegative
from ..exceptions import InvalidGameError
from ..results import format_number
from .zero_sum import (_exact_matrix_game, _exact_simplex, _exact_vertex, _float_matrix_game)

__all__ = ["iterated_elimination", "dominated_actions", "DominanceResult", "Elimination"]


@dataclass(frozen=True, eq=False, repr=False)
class Elimination(Result):
    """One step of iterated elimination: an action removed, and what dominated it.

    Attributes
    ----------
    player : int
        Index of the player whose action was removed.
    action : int
        Index (in the original game) of the removed action.
    dominator : numpy.ndarray
        The dominating strategy, a probability vector over the player's original actions
        (Fractions in exact games).
    strict : bool
        True for strict dominance, False for weak dominance.
    round : int
        Round of elimination (1-based).
    player_name, action_labels : str, tuple of str
        Labels, for printing.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> e = iterated_elimination(g).eliminations[0]
    >>> e.player, e.action, e.strict
    (0, 0, True)
    """

    player: int
    action: int
    dominator: np.ndarray
    strict: bool
    round: int
    player_name: str = ""
    action_labels: tuple = ()

    @property
    def kind(self) -> str:
        """``"strict"`` or ``"weak"``."""
        return "strict" if self.strict else "weak"

    @property
    def by_pure(self) -> bool:
        """True when a single pure action dominates."""
        return sum(1 for p in self.dominator if p != 0) == 1

    def _label(self, k: int) -> str:
        return repr(self.action_labels[k]) if self.action_labels else str(k)

    def __str__(self) -> str:
        parts = [(k, p) for k, p in enumerate(self.dominator) if p != 0]
        if len(parts) == 1:
            by = self._label(parts[0][0])
        else:
            by = " + ".join(f"{format_number(p, 4)}·{self._label(k)}" for k, p in parts)
        who = self.player_name or f"player {self.player + 1}"
        adverb = "strictly" if self.strict else "weakly"
        return (f"round {self.round}: {who}'s {self._label(self.action)} is {adverb} "
                f"dominated by {by}")


@dataclass(frozen=True, eq=False, repr=False)
class DominanceResult(Result):
    """Outcome of iterated elimination of dominated strategies.

    Attributes
    ----------
    survivors : tuple of tuple of int
        Indices (in the original game) of each player's surviving actions.
    game : NormalFormGame
        The reduced game on the surviving actions (labels kept).
    eliminations : tuple of Elimination
        Every removal, in the order performed.
    weak : bool
        Whether weakly dominated actions were removed too.
    mixed : bool
        Whether mixed strategies were allowed as dominators.
    rounds : int
        Number of rounds in which something was removed.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> res = iterated_elimination(g)
    >>> res.survivors, res.rounds
    (((1,), (1,)), 1)
    """

    survivors: tuple
    game: object
    eliminations: tuple
    weak: bool
    mixed: bool
    rounds: int

    @property
    def is_dominance_solvable(self) -> bool:
        """True when each player is left with exactly one action."""
        return all(len(s) == 1 for s in self.survivors)

    @property
    def solution(self) -> tuple | None:
        """The surviving pure profile (original indices) if dominance solvable, else None."""
        return tuple(s[0] for s in self.survivors) if self.is_dominance_solvable else None

    def __len__(self) -> int:
        return len(self.eliminations)

    def __str__(self) -> str:
        what = "weakly or strictly" if self.weak else "strictly"
        by = "pure or mixed strategies" if self.mixed else "pure strategies"
        n = len(self.eliminations)
        lines = [f"iterated elimination of {what} dominated actions (dominators: {by}): "
                 f"{n} action{'s' if n != 1 else ''} removed in {self.rounds} "
                 f"round{'s' if self.rounds != 1 else ''}"]
        if self.weak:
            lines.append("  (weak elimination is order-dependent: players in turn, all of a "
                         "player's dominated actions at once)")
        lines += ["  " + str(e) for e in self.eliminations]
        g = self.game
        for i, surv in enumerate(self.survivors):
            lines.append(f"  {g.players[i]} keeps: " + ", ".join(repr(a) for a in g.actions[i]))
        if self.is_dominance_solvable:
            lines.append("  the game is dominance solvable")
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# one player's dominated actions in a payoff matrix U (own actions × others' profiles)
# ----------------------------------------------------------------------------------------------
def _unit(k: int, j: int, exact: bool):
    v = np.array([Fraction(0)] * k, dtype=object) if exact else np.zeros(k)
    v[j] = 1
    return v


def _embed(others: np.ndarray, weights, k: int, exact: bool):
    v = np.array([Fraction(0)] * k, dtype=object) if exact else np.zeros(k)
    for j, w in zip(others, weights):
        v[j] = w
    return v


def _gray(D, exact, tol):
    return 1e-7 * max(1.0, float(np.max(np.abs(D.astype(float))))) if exact else tol


def _strict_mixed(D, exact: bool, tol):
    """Weights over D's rows strictly dominating (σD > 0 everywhere), or None."""
    x, _, v = _float_matrix_game(D.astype(float))
    if exact:
        if v < -_gray(D, exact, tol):
            return None
        x, _, v = _exact_matrix_game(D)
        return x if v > 0 else None
    if v > tol and float(np.min(x @ D)) > tol:
        return x
    return None


def _weak_mixed(D, exact: bool, tol):
    """Weights over D's rows weakly dominating (σD ≥ 0, Σ σD > 0), or None."""
    Df = D.astype(float)
    k, m = Df.shape
    s = max(1.0, float(np.max(np.abs(Df))))
    res = solve_lp(-Df.sum(axis=1) / s, A_ub=-Df.T / s, b_ub=np.zeros(m),
                   A_eq=np.ones((1, k)), b_eq=[1.0], bounds=[(0, None)] * k, method="highs-ds",
                   options={"primal_feasibility_tolerance": 1e-10,
                            "dual_feasibility_tolerance": 1e-10},
                   caller="iterated_dominance (weak dominance LP)", infeasible_ok=True)
    opt = -res.fun * s if res is not None else None
    if not exact:
        if opt is None or opt <= tol:
            return None
        sigma = np.where(res.x < 0, 0.0, res.x)
        sigma = sigma / sigma.sum()
        d = sigma @ Df
        return sigma if float(d.min()) >= -tol and float(d.max()) > tol else None
    if opt is not None and opt > _gray(D, exact, tol):
        one = Fraction(1)
        z = _exact_vertex(-D.T, np.array([Fraction(0)] * m, dtype=object),
                          np.array([[one] * k], dtype=object), np.array([one], dtype=object),
                          [True] * k, res.x)
        if z is not None:
            sigma = np.array(z, dtype=object)
            if sum(sigma.dot(D)) > 0:
                return sigma
    elif res is None or (opt is not None and opt < -_gray(D, exact, tol)):
        return None
    # undecided in floating point: exact simplex on max Σ σD s.t. σD ≥ 0, Σσ ≤ 1, σ ≥ 0
    c = list(D.sum(axis=1))
    A = [list(-D[:, j]) for j in range(m)] + [[Fraction(1)] * k]
    b = [Fraction(0)] * m + [Fraction(1)]
    z, _, val = _exact_simplex(c, A, b)
    if val > 0:
        tot = sum(z)
        return np.array([zi / tot for zi in z], dtype=object)
    return None


def _dominated_in(U: np.ndarray, *, weak: bool, mixed: bool, tol, exact: bool) -> list:
    """``[(row, dominator over rows, strict)]`` for every dominated row of ``U``."""
    k = U.shape[0]
    found = []
    for a in range(k):
        D = U - U[a]
        others = np.array([b for b in range(k) if b != a])
        if others.size == 0:
            continue
        Do = D[others]
        # best gain of any other action against each profile of the others: an action that is a
        # best response somewhere cannot be strictly dominated, a unique best response somewhere
        # cannot be weakly dominated (this screen saves most linear programs)
        best_gain = Do.max(axis=0)
        can_strict = all(best_gain > tol)
        can_weak = weak and all(best_gain >= -tol)
        if not (can_strict or can_weak):
            continue
        mins = np.array([min(r) for r in Do]) if exact else Do.min(axis=1)
        hit = np.flatnonzero(mins > tol)
        if hit.size:
            found.append((a, _unit(k, int(others[hit[0]]), exact), True))
            continue
        if can_strict and mixed and k >= 3:
            w = _strict_mixed(Do, exact, tol)
            if w is not None:
                found.append((a, _embed(others, w, k, exact), True))
                continue
        if not can_weak:
            continue
        maxs = np.array([max(r) for r in Do]) if exact else Do.max(axis=1)
        hit = np.flatnonzero((mins >= -tol) & (maxs > tol))
        if hit.size:
            found.append((a, _unit(k, int(others[hit[0]]), exact), False))
            continue
        if mixed and k >= 3:
            w = _weak_mixed(Do, exact, tol)
            if w is not None:
                found.append((a, _embed(others, w, k, exact), False))
    if len(found) == k:         # cannot happen in exact arithmetic; guard against round-off
        found = found[1:]
    return found


def _player_matrix(game, player: int, survivors) -> np.ndarray:
    """Player's payoffs on the surviving actions: own actions × others' surviving profiles."""
    arr = game.payoffs[player][np.ix_(*survivors)]
    arr = np.moveaxis(arr, player, 0)
    return arr.reshape(arr.shape[0], -1)


def _setup(game, tol, where):
    from ..games.normal_form import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if tol is not None:
        check_nonnegative(where, "tol", tol)
    if game.is_exact:
        return 0
    return game.default_tol() if tol is None else float(tol)


def dominated_actions(game, player, *, weak: bool = False, mixed: bool = True,
                      tol: float | None = None) -> tuple:
    """Actions of ``player`` dominated in ``game`` (one pass, no iteration).

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    player : int or str
        Player index or name.
    weak : bool
        Also report weakly dominated actions (default: strictly dominated only).
    mixed : bool
        Allow mixed strategies as dominators (default True).
    tol : float, optional
        Float games: payoff differences within ``tol`` count as ties (default
        ``game.default_tol()``). Exact games are decided exactly.

    Returns
    -------
    tuple of int
        Indices of the dominated actions, ascending.

    Examples
    --------
    The third action is dominated by the half-half mix of the first two, by no pure action:

    >>> import contracts as ct
    >>> from contracts.equilibrium.dominance import dominated_actions
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    >>> dominated_actions(g, 0), dominated_actions(g, 0, mixed=False)
    ((2,), ())
    """
    where = "dominated_actions"
    tol = _setup(game, tol, where)
    player = game._check_player(player)
    survivors = [list(range(n)) for n in game.num_actions]
    U = _player_matrix(game, player, survivors)
    return tuple(a for a, _, _ in _dominated_in(U, weak=weak, mixed=mixed, tol=tol,
                                                 exact=game.is_exact))


def iterated_elimination(game, *, weak: bool = False, mixed: bool = True,
                         tol: float | None = None) -> DominanceResult:
    """Iterated elimination of dominated actions (strict by default) for an N-player game.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    weak : bool
        Remove weakly dominated actions as well. Weak elimination is order-dependent; the order
        used is: rounds until nothing changes, players in index order within a round, and all of
        a player's dominated actions (in the game reduced so far) removed at once.
    mixed : bool
        Allow mixed strategies as dominators (a linear program; default True).
    tol : float, optional
        Float games: payoff differences within ``tol`` count as ties (default
        ``game.default_tol()``). Exact games are decided exactly.

    Returns
    -------
    DominanceResult
        Surviving actions, the reduced game and the elimination sequence.

    Examples
    --------
    In the prisoner's dilemma shirking strictly dominates for both the agency and the
    government, so the game is dominance solvable:

    >>> import contracts as ct
    >>> from contracts.equilibrium.dominance import iterated_elimination
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                     players=("government", "agency"),
    ...                                     actions=(("cooperate", "shirk"),) * 2)
    >>> res = iterated_elimination(g)
    >>> res.solution
    (1, 1)
    >>> print(res.eliminations[0])
    round 1: government's 'cooperate' is strictly dominated by 'shirk'
    """
    where = "iterated_elimination"
    tol = _setup(game, tol, where)
    exact = game.is_exact
    survivors = [list(range(n)) for n in game.num_actions]
    steps = []
    rounds = 0
    changed = True
    rnd = 0
    while changed:
        changed = False
        rnd += 1
        for i in range(game.num_players):
            if len(survivors[i]) < 2:
                continue
            U = _player_matrix(game, i, survivors)
            found = _dominated_in(U, weak=weak, mixed=mixed, tol=tol, exact=exact)
            if not found:
                continue
            n_i = game.num_actions[i]
            for a, w, strict in found:
                dom = _embed(np.array(survivors[i]), w, n_i, exact)
                steps.append(Elimination(player=i, action=survivors[i][a], dominator=dom,
                                         strict=strict, round=rnd,
                                         player_name=game.players[i],
                                         action_labels=game.actions[i]))
            gone = {a for a, _, _ in found}
            survivors[i] = [s for k, s in enumerate(survivors[i]) if k not in gone]
            changed = True
        if changed:
            rounds = rnd
    from ..games.normal_form import NormalFormGame
    reduced = NormalFormGame([p[np.ix_(*survivors)] for p in game.payoffs], players=game.players,
                             actions=[tuple(game.actions[i][k] for k in s)
                                      for i, s in enumerate(survivors)], exact=exact)
    return DominanceResult(survivors=tuple(tuple(s) for s in survivors), game=reduced,
                           eliminations=tuple(steps), weak=bool(weak), mixed=bool(mixed),
                           rounds=rounds)

"""All pure stationary Markov perfect equilibria of an N-player stochastic game.

A pure stationary policy picks one action profile (one *row* of the game) in every state. It is
a Markov perfect equilibrium (MPE) when no player gains from a one-shot deviation in any state
(the one-shot deviation principle): with the policy's normalised values ``V``,

    (1 - δ_i) u_i(s, b) + δ_i P(· | s, b) · V_i  <=  V_i(s)

for every state ``s``, player ``i`` and every row ``b`` that differs from the chosen row of ``s``
only in ``i``'s action. There are ``prod_s (rows of s)`` pure policies, so this module does not
try them one by one: it runs a branch-and-bound search over states in which every node
propagates two necessary conditions until nothing changes.

*Value bounds.* Each ``V_i(s)`` lies in an interval ``[lo_i(s), hi_i(s)]``, initially the range
of ``i``'s stage payoffs (values are averages of stage payoffs). If row ``r`` is played in
``s`` then ``V_i(s)`` lies between ``(1 - δ_i) u_i(r) + δ_i P(r) · lo_i`` and the same with
``hi_i``, and at least ``(1 - δ_i) u_i(b) + δ_i P(b) · lo_i`` for each deviation ``b``; the
intervals of the rows still possible in ``s`` tighten ``lo`` and ``hi`` (a contraction when
rows are fixed).

*Pairwise incentive test.* Row ``r`` survives only if for every deviation ``b`` some values in
the box satisfy the incentive constraint: ``(1 - δ_i)(u_i(b) - u_i(r)) <= δ_i max_V (P(r) -
P(b)) · V_i``, where the maximum over the box is ``(P(r) - P(b))^+ · hi_i - (P(r) - P(b))^- ·
lo_i``. With the global box this removes actions that are dominated whatever the continuation.

Both tests are vectorised over all rows and deviation pairs (sparse matrices), so a node costs a
few sparse products. The search branches on the undecided state with the fewest surviving rows;
when every state has one surviving row the policy is evaluated (one sparse solve) and checked
by the one-shot deviation principle. Exact games are checked exactly (values by an exact
rational solve, gains exactly 0 or less); the pruning uses floats with a safety margin, so it
never removes an equilibrium.

Public names: :func:`markov_perfect_pure`, :func:`markov_perfect_pure_iter`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from ._core import (MarkovEquilibrium, StochasticResult, make_equilibrium,
                    one_shot_deviation_gain, policy_values, pure_policy)

__all__ = ["markov_perfect_pure", "markov_perfect_pure_iter"]

_MAX_ROUNDS = 60          # propagation rounds per search node
_QUIET_ROUNDS = 8         # ... and rounds in a row that remove no row


# ----------------------------------------------------------------------------------------------
# the structure used by the pruning tests
# ----------------------------------------------------------------------------------------------
class _Pruner:
    """Deviation pairs and the vectorised necessary conditions of a game."""

    def __init__(self, game, tol: float):
        self.game = game
        S, N = game.n_states, game.n_players
        self.S, self.N = S, N
        self.starts = np.asarray(game.row_start[:-1], dtype=np.int64)
        rs = np.asarray(game.row_state)
        ra = np.asarray(game.row_actions)
        self.rs = rs
        U = np.asarray(game.payoff_rows, dtype=float)
        d = np.asarray(game.discount, dtype=float)
        self.d = d
        self.W0 = (1.0 - d) * U                             # (n_rows, N)
        self.T = game.transition_rows.tocsr()
        self.lo0 = U.min(axis=0)
        self.hi0 = U.max(axis=0)
        scale = float(np.max(self.hi0 - self.lo0)) if U.size else 0.0
        self.scale = max(scale, 1.0)
        # a margin for rounding: the pruning must never remove a policy the check accepts
        self.eps = tol + 1e-10 * self.scale
        sizes = np.array([game.num_actions(s) for s in range(S)], dtype=np.int64)
        self.sizes = sizes
        rows = np.arange(game.n_rows, dtype=np.int64)
        self.partners = []          # per player: (n_rows, kmax) partner rows, -1 padded
        A, B, P = [], [], []
        for i in range(N):
            n_i = sizes[rs, i]
            stride = np.prod(sizes[rs, i + 1:], axis=1) if i + 1 < N else np.ones_like(rs)
            rep = rows - ra[:, i] * stride
            kmax = int(n_i.max())
            k = np.arange(kmax)
            cand = rep[:, None] + k[None, :] * stride[:, None]
            valid = k[None, :] < n_i[:, None]
            self.partners.append(np.where(valid, cand, -1))
            mask = valid & (k[None, :] != ra[:, i][:, None])
            A.append(np.broadcast_to(rows[:, None], cand.shape)[mask])
            B.append(cand[mask])
            P.append(np.full(int(mask.sum()), i, dtype=np.int64))
        # every deviation pair (row a, deviation b, deviating player p), all players stacked
        self.a = np.concatenate(A)
        self.b = np.concatenate(B)
        self.p = np.concatenate(P)
        self.gap = self.W0[self.b, self.p] - self.W0[self.a, self.p]
        self.dp = d[self.p]
        D = (self.T[self.a] - self.T[self.b]).tocsr()
        self.Dp = D.maximum(0).tocsr()
        self.Dm = (-D).maximum(0).tocsr()
        # small games: dense products are much cheaper than sparse ones
        if S <= 32 and S * (game.n_rows + len(self.a)) <= 200_000:
            self.T = self.T.toarray()
            self.Dp = self.Dp.toarray()
            self.Dm = self.Dm.toarray()

    def root(self):
        alive = np.ones(self.game.n_rows, dtype=bool)
        lo = np.tile(self.lo0, (self.S, 1)).astype(float)
        hi = np.tile(self.hi0, (self.S, 1)).astype(float)
        return alive, lo, hi

    def propagate(self, alive, lo, hi):
        """Remove rows that cannot be part of an equilibrium and tighten the value box.

        Returns ``(alive, lo, hi, ok)``; ``ok`` is False when some state has no row left.
        """
        eps = self.eps
        d = self.d
        T = self.T
        starts = self.starts
        rounds = 0
        for _ in range(_MAX_ROUNDS):
            n_alive = int(alive.sum())
            Tlo = T @ lo
            Thi = T @ hi
            lb = self.W0 + d * Tlo                      # value of row r if V = lo
            ub = self.W0 + d * Thi
            L = lb.copy()
            if len(self.a):
                slack = self.dp * ((self.Dp @ hi)[np.arange(len(self.a)), self.p]
                                   - (self.Dm @ lo)[np.arange(len(self.a)), self.p])
                kill = np.zeros_like(alive)
                kill[self.a[self.gap - slack > eps]] = True
            else:
                kill = np.zeros_like(alive)
            for i in range(self.N):
                part = self.partners[i]
                dev = np.where(part >= 0, lb[np.maximum(part, 0), i], -np.inf).max(axis=1)
                L[:, i] = np.maximum(L[:, i], dev - eps)
            # a row's value interval must meet the state's box
            kill |= np.any(L > hi[self.rs] + eps, axis=1) | np.any(ub < lo[self.rs] - eps, axis=1)
            alive = alive & ~kill
            counts = np.add.reduceat(alive.astype(np.int64), starts)
            if np.any(counts == 0):
                return alive, lo, hi, False
            Lm = np.where(alive[:, None], L, np.inf)
            Um = np.where(alive[:, None], ub, -np.inf)
            new_lo = np.maximum(lo, np.minimum.reduceat(Lm, starts, axis=0))
            new_hi = np.minimum(hi, np.maximum.reduceat(Um, starts, axis=0))
            new_hi = np.maximum(new_hi, new_lo)         # rounding: keep the box non-empty
            change = max(float(np.max(np.abs(new_lo - lo))), float(np.max(np.abs(new_hi - hi))))
            lo, hi = new_lo, new_hi
            if int(alive.sum()) == n_alive and (change <= 1e-6 * self.scale
                                                or rounds >= _QUIET_ROUNDS):
                break
            rounds = 0 if int(alive.sum()) < n_alive else rounds + 1
        return alive, lo, hi, True


# ----------------------------------------------------------------------------------------------
# the search
# ----------------------------------------------------------------------------------------------
def _log10_count(alive, starts) -> float:
    counts = np.add.reduceat(alive.astype(np.int64), starts)
    return float(np.sum(np.log10(np.maximum(counts, 1))))


def _search(game, tol, exact, max_policies) -> Iterator:
    """Yield ``(rows, policy, values, max_gain)`` for every pure MPE; also returns stats."""
    pr = _Pruner(game, 0.0 if exact else tol)
    starts = pr.starts
    stats = {"nodes": 0, "leaves": 0, "log10_root": None}
    alive, lo, hi = pr.root()
    alive, lo, hi, ok = pr.propagate(alive, lo, hi)
    stats["log10_root"] = _log10_count(alive, starts) if ok else 0.0
    stats["root_alive"] = int(alive.sum()) if ok else 0
    yield stats
    if not ok:
        return
    stack = [(alive, lo, hi)]
    ra = np.asarray(game.row_actions)
    while stack:
        alive, lo, hi = stack.pop()
        stats["nodes"] += 1
        if stats["nodes"] > max_policies:
            est = stats["log10_root"]
            raise UnsupportedGameError(
                f"markov_perfect_pure: the search examined max_policies={max_policies} "
                f"candidate policies without finishing; after pruning about 10^{est:.1f} pure "
                f"stationary policies remained ({int(np.sum(np.add.reduceat(alive, starts) > 1))}"
                f" states still undecided at the last node). Raise max_policies, or compute one "
                f"equilibrium with method='markov_qre'")
        counts = np.add.reduceat(alive.astype(np.int64), starts)
        if np.all(counts == 1):
            rows = np.flatnonzero(alive)
            stats["leaves"] += 1
            choice = ra[rows]
            pol = pure_policy(game, choice, exact=exact)
            V = policy_values(game, pol, exact=exact)
            gain, _ = one_shot_deviation_gain(game, pol, V)
            if (gain == 0) if exact else (gain <= tol):
                yield rows, pol, V, gain
            continue
        open_states = np.flatnonzero(counts > 1)
        s = int(open_states[np.argmin(counts[open_states])])
        a, b = int(game.row_start[s]), int(game.row_start[s + 1])
        cand = np.flatnonzero(alive[a:b]) + a
        children = []
        for r in cand:
            child = alive.copy()
            child[a:b] = False
            child[r] = True
            c_alive, c_lo, c_hi, c_ok = pr.propagate(child, lo.copy(), hi.copy())
            if c_ok:
                children.append((c_alive, c_lo, c_hi))
        stack.extend(reversed(children))      # depth first, lowest row first


def _check(game, tol, exact, max_policies, where):
    from ..games.stochastic import StochasticGame
    if not isinstance(game, StochasticGame):
        raise InvalidGameError(f"{where}: expected a StochasticGame, got {type(game).__name__}")
    if exact is None:
        exact = game.exact
    exact = bool(exact)
    if exact and not game.exact:
        raise InvalidParameterError(f"{where}: exact=True needs a game with exact (Fraction) "
                                    "data; this game is float")
    if tol is None:
        U = np.asarray(game.payoff_rows, dtype=float)
        rng = float(U.max() - U.min()) if U.size else 0.0
        tol = 1e-9 * max(1.0, rng)
    else:
        tol = float(check_real(where, "tol", tol, low=0))
    if isinstance(max_policies, bool) or not isinstance(max_policies, (int, np.integer)) or \
            max_policies < 1:
        raise InvalidParameterError(f"{where}: max_policies must be a positive integer, got "
                                    f"{max_policies!r}")
    return tol, exact, int(max_policies)


def markov_perfect_pure_iter(game, *, tol: float | None = None, exact: bool | None = None,
                             max_policies: int = 200_000) -> Iterator[MarkovEquilibrium]:
    """Yield the pure stationary Markov perfect equilibria one at a time (search order).

    Same parameters as :func:`markov_perfect_pure`; useful to stop after the first few.

    Parameters
    ----------
    game : StochasticGame
        Any number of players and states.
    tol : float, optional
        Largest one-shot deviation gain accepted (float games).
    exact : bool, optional
        Compute values and gains in rational arithmetic; default: as the game is.
    max_policies : int
        Budget of candidate (partial) policies the search may examine.

    Yields
    ------
    MarkovEquilibrium
        Each verified pure stationary Markov perfect equilibrium.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic.markov_perfect import markov_perfect_pure_iter
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.9))
    >>> [eq.policy[0][0].tolist() for eq in markov_perfect_pure_iter(g)]
    [[0.0, 1.0]]
    """
    where = "markov_perfect_pure_iter"
    tol, exact, max_policies = _check(game, tol, exact, max_policies, where)
    it = _search(game, tol, exact, max_policies)
    next(it)
    for _, pol, V, gain in it:
        yield make_equilibrium(game, pol, V, gain)


def markov_perfect_pure(game, *, tol: float | None = None, exact: bool | None = None,
                        max_policies: int = 200_000) -> StochasticResult:
    """All pure stationary Markov perfect equilibria of a stochastic game (N players).

    Parameters
    ----------
    game : StochasticGame
        Any number of players and states.
    tol : float, optional
        Float games: largest one-shot deviation gain accepted (default ``1e-9`` times the
        range of stage payoffs, at least ``1e-9``). Exact games are checked exactly.
    exact : bool, optional
        Default: as the game is. Exact mode computes values by an exact rational solve and
        accepts only policies whose deviation gains are exactly 0 or less.
    max_policies : int, default 200000
        Budget: the largest number of candidate (partial) policies the branch-and-bound search
        may examine.

    Returns
    -------
    StochasticResult
        ``method="markov_perfect"``; every equilibrium was checked by the one-shot deviation
        principle at every state. ``details`` holds ``complete`` (True: every pure stationary
        MPE is listed), ``nodes`` (candidates examined), ``leaves`` (policies evaluated) and
        ``log10_candidates`` (log10 of the number of pure policies left after pruning at the
        root).

    Raises
    ------
    UnsupportedGameError
        When the search needs more than ``max_policies`` candidates; the message gives the
        number of pure policies left after pruning.

    Examples
    --------
    A one-state game: its stationary MPE are the stage game's Nash equilibria played forever.

    >>> import contracts as ct
    >>> from contracts.stochastic.markov_perfect import markov_perfect_pure
    >>> coord = ct.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(coord, 0.9))
    >>> res = markov_perfect_pure(g)
    >>> [(eq.policy[0][0].tolist(), eq.policy[0][1].tolist()) for eq in res]
    [([1.0, 0.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0])]
    >>> res.details["complete"]
    True
    """
    where = "markov_perfect_pure"
    tol, exact, max_policies = _check(game, tol, exact, max_policies, where)
    it = _search(game, tol, exact, max_policies)
    stats = next(it)
    found = [(tuple(int(r) for r in rows), pol, V, gain) for rows, pol, V, gain in it]
    found.sort(key=lambda x: x[0])
    eqs = [make_equilibrium(game, pol, V, gain) for _, pol, V, gain in found]
    n = len(eqs)
    total = float(np.sum(np.log10([max(1, int(np.prod(game.num_actions(s))))
                                   for s in range(game.n_states)])))
    msg = (f"{n} pure stationary Markov perfect equilibri{'um' if n == 1 else 'a'}; "
           f"search over 10^{total:.1f} pure policies, 10^{stats['log10_root']:.1f} left after "
           f"pruning, {stats['nodes']} candidates examined, {stats['leaves']} evaluated")
    residual = max((float(g) for *_, g in found), default=0.0)
    return StochasticResult(
        equilibria=eqs, method="markov_perfect", converged=True, iterations=stats["nodes"],
        residual=residual, message=msg, exact=exact,
        details={"complete": True, "nodes": stats["nodes"], "leaves": stats["leaves"],
                 "log10_candidates": stats["log10_root"], "tol": 0 if exact else tol})

"""Support enumeration: every extreme Nash equilibrium of a two-player game.

For each pair of supports ``(I, J)`` of equal size ``k`` -- the actions the row player is made
indifferent between and the actions the column player mixes over -- the indifference equations

    A[I, J] y_J = v 1,   1' y_J = 1           (and symmetrically for x with B)

fix a candidate strategy; it is kept when its probabilities are positive and no action outside
``I`` does better. Such a candidate is exactly a vertex of the column player's best-response
polyhedron, and a pair of vertices in which each strategy's support is among the other's best
responses is an extreme equilibrium. Matching the two players' candidates this way (instead of
only pairs with the same ``(I, J)``) also finds every extreme equilibrium of a *degenerate* game,
where supports have unequal sizes and equilibria form continua.

Speed: all indifference systems of all support pairs are solved at once. The solution of the
``k x (k+1)`` system ``[A[I, J] | -1] (y, v) = 0`` is the vector of its signed ``k x k`` minors, and
the slack of any other action is a ``(k+1) x (k+1)`` minor; every minor of ``[A | -1]`` follows from
the minors one size smaller by a Laplace expansion along the last row, computed for all row and
column subsets as a handful of vectorised numpy operations per size. The same recursion in
Python integers gives the exact mode: every sign is decided without rounding.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from functools import lru_cache
from typing import Any, Iterator

import numpy as np

from ..exceptions import InvalidParameterError, UnsupportedGameError
from ..results import EquilibriumResult, build_result

__all__ = ["support_enumeration", "support_enumeration_iter"]

_METHOD = "support_enumeration"
_EPS = np.finfo(float).eps


# ----------------------------------------------------------------------------------------------
# combinatorics: k-subsets of range(N) in colexicographic order
# ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _binom_table(N: int) -> np.ndarray:
    t = np.zeros((N + 2, N + 3), dtype=np.int64)
    for a in range(N + 2):
        for b in range(N + 3):
            t[a, b] = math.comb(a, b)
    return t


@lru_cache(maxsize=None)
def _subsets(N: int, k: int):
    """k-subsets of range(N) in colex order, with rank tables.

    Returns ``(S, drop, last_parent)``: ``S[c]`` the sorted subset of colex rank ``c``;
    ``drop[c, t]`` the rank of ``S[c]`` without its ``t``-th element; ``last_parent[c]`` the rank of
    ``S[c]`` without its largest element (``drop[c, k-1]``). The colex rank of a subset does not
    depend on ``N``.
    """
    if k == 0:
        S = np.zeros((1, 0), dtype=np.intp)
        return S, np.zeros((1, 0), dtype=np.intp), np.zeros(1, dtype=np.intp)
    combos = np.array(list(itertools.combinations(range(N), k)), dtype=np.intp).reshape(-1, k)
    C = _binom_table(N)
    ranks = np.zeros(len(combos), dtype=np.int64)
    for i in range(k):
        ranks += C[combos[:, i], i + 1]
    S = combos[np.argsort(ranks, kind="stable")]
    drop = np.empty((len(S), k), dtype=np.intp)
    for t in range(k):
        r = np.zeros(len(S), dtype=np.int64)
        for i in range(k):
            if i < t:
                r += C[S[:, i], i + 1]
            elif i > t:
                r += C[S[:, i], i]
        drop[:, t] = r
    for arr in (S, drop):
        arr.flags.writeable = False
    return S, drop, drop[:, k - 1]


@lru_cache(maxsize=None)
def _add_tables(N: int, k: int):
    """For each k-subset ``L`` of range(N) and each ``r`` not in ``L``: rank of ``L ∪ {r}``.

    Returns ``(rank, parity)`` of shape ``(C(N, k), N)``; ``rank`` is -1 where ``r`` is in ``L``
    and ``parity`` is ``(-1)**p`` with ``p`` the position of ``r`` in the sorted ``L ∪ {r}``.
    """
    S, _, _ = _subsets(N, k)
    C = _binom_table(N)
    n_sub = len(S)
    rank = np.full((n_sub, N), -1, dtype=np.intp)
    parity = np.zeros((n_sub, N), dtype=np.int8)
    for r in range(N):
        member = (S == r).any(axis=1) if k else np.zeros(n_sub, dtype=bool)
        p = (S < r).sum(axis=1) if k else np.zeros(n_sub, dtype=np.intp)
        rk = C[r, p + 1].astype(np.int64)
        for i in range(k):
            before = i < p
            rk += np.where(before, C[S[:, i], i + 1], C[S[:, i], i + 2])
        rank[:, r] = np.where(member, -1, rk)
        parity[:, r] = np.where(p % 2 == 0, 1, -1)
    rank.flags.writeable = False
    parity.flags.writeable = False
    return rank, parity


def _colex_rank(sub: tuple) -> int:
    return sum(math.comb(s, i + 1) for i, s in enumerate(sub))


# ----------------------------------------------------------------------------------------------
# all minors of [M | -1], level by level
# ----------------------------------------------------------------------------------------------
def _minor_levels(Mbar: np.ndarray, kmax: int) -> Iterator[np.ndarray]:
    """Yield ``D_k`` for ``k = 0 .. kmax``: ``D_k[rows, cols]`` = minor of ``Mbar`` on the colex-ranked
    row and column k-subsets. Works for float64 and for ``object`` arrays of Python ints.

    ``D_k[L, C] = sum_t (-1)**(k-1+t) Mbar[max L, C_t] D_{k-1}[L - max L, C - C_t]`` (Laplace
    expansion along the last row), all subsets at once.
    """
    r, c = Mbar.shape
    exact = Mbar.dtype == object
    prev = np.ones((1, 1), dtype=object if exact else np.float64)
    if exact:
        prev[0, 0] = 1
    yield prev
    for k in range(1, kmax + 1):
        R, _, rparent = _subsets(r, k)
        Cs, cdrop, _ = _subsets(c, k)
        signs = _alternating(k, k - 1, exact)
        a = np.take(Mbar[R[:, k - 1]], Cs, axis=1)            # (rows_k, cols_k, k)
        sub = np.take(prev[rparent], cdrop, axis=1)            # (rows_k, cols_k, k)
        cur = (a * sub) @ signs
        yield cur
        prev = cur


@lru_cache(maxsize=None)
def _alternating_cached(k: int, start: int) -> np.ndarray:
    out = np.array([1.0 if (start + t) % 2 == 0 else -1.0 for t in range(k)])
    out.flags.writeable = False
    return out


def _alternating(k: int, start: int, exact: bool) -> np.ndarray:
    """``[(-1)**(start + t) for t in range(k)]`` as floats or Python ints."""
    v = _alternating_cached(k, start)
    return v.astype(np.int64).astype(object) if exact else v


# ----------------------------------------------------------------------------------------------
# vertices of one player's best-response polyhedron, by support size
# ----------------------------------------------------------------------------------------------
class _Side:
    """Vertices (mixed strategies with their best-response sets) of one player, found level by level.

    ``M`` is ``r x d``: rows are the opponent's actions, columns the player's own; a vertex ``z``
    has support ``J`` (own) and tight set ``T`` (opponent actions that are best responses).
    """

    def __init__(self, M: np.ndarray, exact: bool, tol: float):
        self.r, self.d = M.shape
        self.exact = exact
        self.tol = tol
        if exact:
            Mbar = np.empty((self.r, self.d + 1), dtype=object)
            Mbar[:, :self.d] = M
            Mbar[:, self.d] = -1
        else:
            Mbar = np.empty((self.r, self.d + 1))
            Mbar[:, :self.d] = M
            Mbar[:, self.d] = -1.0
        self.levels = _minor_levels(Mbar, min(self.r, self.d + 1))
        self.prev = next(self.levels)      # D_0
        self.cur = next(self.levels)       # D_1
        self.k = 0
        self.keys: dict = {}
        self.degenerate = False

    def next_level(self):
        """Advance to support size k+1; return the new vertices as lists.

        Returns ``(points, support, tight)`` where ``points`` are normalised float arrays or
        ``(numerators, denominator)`` pairs of Python ints.
        """
        self.k += 1
        k, r, d = self.k, self.r, self.d
        Dk = self.cur
        try:
            Dn = next(self.levels)
        except StopIteration:
            Dn = None
        self.prev, self.cur = Dk, Dn
        Js, Jdrop, _ = _subsets(d, k)
        n_sub = len(Js)
        # column ranks inside [M | -1]: J itself, and (J without j_t) plus the last column
        off_k = math.comb(d, k)
        # c[L, J, t] = (-1)^t * minor without column t of [M[L, J] | -1]: the solution (y_J, v)
        # of the indifference equations, up to scale
        signs = _alternating(k, 0, self.exact)
        if self.exact:
            c = Dk[:, Jdrop + off_k] * signs
            pos = (c > 0).all(axis=2)
            neg = (c < 0).all(axis=2)
            ok = pos | neg
        else:
            pos = None
            neg = None
            for t in range(k):
                col = Dk[:, Jdrop[:, t] + off_k]
                if t % 2:
                    p, q = col < 0, col > 0
                else:
                    p, q = col > 0, col < 0
                pos = p if pos is None else pos & p
                neg = q if neg is None else neg & q
            ok = pos | neg
        li, ji = np.nonzero(ok)
        if not self.exact and len(li):
            c = Dk[li[:, None], Jdrop[ji] + off_k] * signs          # (N, k)
            S_sel = c.sum(axis=1)
            thr = 100.0 * _EPS * k * (k + 1.0) ** (k / 2.0)
            big = np.abs(S_sel) > thr
            li, ji, c, S_sel = li[big], ji[big], c[big], S_sel[big]
        elif self.exact:
            c = c[li, ji]
            S_sel = c.sum(axis=1)
        if len(li) == 0:
            return [], np.zeros((0, d), bool), np.zeros((0, r), bool)
        # slacks of the other rows: -(-1)^p D_{k+1}[L+r, J+last] / S
        if k < r:
            add_rank, parity = _add_tables(r, k)
            col_plus = np.arange(n_sub, dtype=np.intp) + math.comb(d, k + 1)
            ar = add_rank[li]                           # (N, r)
            inL = ar < 0
            vals = Dn[np.where(inL, 0, ar), col_plus[ji][:, None]]
            Ssel = S_sel
            if self.exact:
                prod = vals * (-parity[li]).astype(object)
                sgnS = np.array([1 if s > 0 else -1 for s in Ssel], dtype=object)
                num = prod * sgnS[:, None]               # same sign as the slack
                feasible = ((num >= 0) | inL).all(axis=1)
                tight_extra = (num == 0) & ~inL
            else:
                slack = -parity[li] * vals / Ssel[:, None]
                feasible = ((slack >= -self.tol) | inL).all(axis=1)
                tight_extra = (np.abs(slack) <= self.tol) & ~inL
        else:
            inL = np.ones((len(li), r), dtype=bool)
            feasible = np.ones(len(li), dtype=bool)
            tight_extra = np.zeros((len(li), r), dtype=bool)
        sel = np.nonzero(feasible)[0]
        li, ji, c, S_sel = li[sel], ji[sel], c[sel], S_sel[sel]
        tight = (inL | tight_extra)[sel]
        N = len(sel)
        Jsel = Js[ji]                                   # (N, k)
        rows = np.arange(N)[:, None]
        if self.exact:
            support = np.zeros((N, d), dtype=bool)
            support[rows, Jsel] = True
            points = [_ExactPoint(Jsel[q], c[q], S_sel[q], d) for q in range(N)]
        else:
            Z = np.zeros((N, d))
            Z[rows, Jsel] = c / S_sel[:, None]
            Z[Z < self.tol] = 0.0
            Z /= Z.sum(axis=1, keepdims=True)
            support = Z > 0
            points = list(Z)
        # one vertex may come from several bases (degenerate games): keep the first
        w_d = 1 << np.arange(d, dtype=object) if d > 62 else (1 << np.arange(d, dtype=np.int64))
        w_r = 1 << np.arange(r, dtype=object) if r > 62 else (1 << np.arange(r, dtype=np.int64))
        ks = (support.astype(w_d.dtype) @ w_d).tolist()
        kt = (tight.astype(w_r.dtype) @ w_r).tolist()
        keep = []
        for q, key in enumerate(zip(ks, kt)):
            if key in self.keys:
                continue
            self.keys[key] = True
            keep.append(q)
        if len(keep) < N:
            support, tight = support[keep], tight[keep]
            points = [points[q] for q in keep]
        if np.any(tight.sum(axis=1) > support.sum(axis=1)):
            self.degenerate = True
        return points, support, tight


class _ExactPoint:
    """A vertex found in exact mode, turned into Fractions only when it is needed."""

    __slots__ = ("J", "c", "s", "d")

    def __init__(self, J, c, s, d):
        self.J, self.c, self.s, self.d = J, c, s, d

    def fractions(self) -> np.ndarray:
        s = self.s
        out = np.array([Fraction(0)] * self.d, dtype=object)
        for j, v in zip(self.J.tolist(), self.c):
            out[j] = Fraction(int(v), int(s))
        return out


def _prepare(game, exact: bool):
    """Matrices for the row player's side (``B^T``) and the column player's side (``A``)."""
    from .._polytope import integer_matrix

    A, B = game.bimatrix
    if exact:
        rowsA, _ = integer_matrix(A, positive=False)
        rowsBT, _ = integer_matrix(B.T, positive=False)
        MA = np.empty(A.shape, dtype=object)
        MA[:, :] = rowsA
        MB = np.empty(B.T.shape, dtype=object)
        MB[:, :] = rowsBT
        return MB, MA
    out = []
    for M in (B.T, A):
        M = np.asarray(M, dtype=np.float64)
        lo, hi = float(M.min()), float(M.max())
        span = hi - lo
        out.append(np.zeros_like(M) if span <= 0 else (M - (hi + lo) / 2) * (2.0 / span))
    return out[0], out[1]


def _check_game(game, where: str):
    from ..games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(
            f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"{where}: support enumeration needs a two-player game; this game has "
            f"{game.num_players} players")


def _check_tol(tol, where: str):
    if tol is None:
        return None
    try:
        t = float(tol)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{where}: tol must be a number, got {tol!r}") from None
    if not math.isfinite(t) or t < 0:
        raise InvalidParameterError(f"{where}: tol must be a finite number >= 0, got {tol!r}")
    return t


def _candidates(game, exact: bool, tol: float | None):
    """Generate candidate extreme equilibria ``(x, y)`` by support size; also report degeneracy.

    Yields profiles; after exhaustion ``state['degenerate']`` says whether a degenerate vertex
    was met.
    """
    internal = 1e-9 if tol is None else min(max(tol, 1e-13), 1e-5)
    MB, MA = _prepare(game, exact)
    xs = _Side(MB, exact, internal)      # row player's strategies: rows of MB are columns of B
    ys = _Side(MA, exact, internal)
    m, n = game.num_actions
    X_pts, X_sup, X_tig = [], np.zeros((0, m), bool), np.zeros((0, n), bool)
    Y_pts, Y_sup, Y_tig = [], np.zeros((0, n), bool), np.zeros((0, m), bool)
    state = {"degenerate": False}

    def make(p):
        return p.fractions() if exact else p

    from .._polytope import match_vertices

    kmax = min(m, n)
    for k in range(1, kmax + 1):
        xp, xsup, xtig = xs.next_level()
        yp, ysup, ytig = ys.next_level()
        nx_old = len(X_pts)
        X_pts += xp
        X_sup = np.vstack([X_sup, xsup])
        X_tig = np.vstack([X_tig, xtig])
        # new y vertices against every x vertex so far (old and new)
        pairs = match_vertices(X_sup, X_tig, ysup, ytig)
        # new x vertices against the old y vertices
        pairs_old = match_vertices(xsup, xtig, Y_sup, Y_tig)
        ny_old = len(Y_pts)
        Y_pts += yp
        Y_sup = np.vstack([Y_sup, ysup])
        Y_tig = np.vstack([Y_tig, ytig])
        for a, b in pairs_old:
            yield make(X_pts[nx_old + a]), make(Y_pts[b])
        for a, b in pairs:
            yield make(X_pts[a]), make(Y_pts[ny_old + b])
    state["degenerate"] = xs.degenerate or ys.degenerate
    return state


def support_enumeration_iter(game, *, exact: bool = False,
                             tol: float | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Generate the extreme equilibria of a two-player game, by increasing support size.

    Same algorithm and arguments as :func:`support_enumeration`; yields verified profiles
    ``(x, y)`` (``object`` arrays of Fractions when ``exact``) as soon as they are found.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.support_enumeration import support_enumeration_iter
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])      # matching pennies
    >>> [tuple(map(str, s)) for s in next(support_enumeration_iter(g, exact=True))]
    [('1/2', '1/2'), ('1/2', '1/2')]
    """
    where = "support_enumeration_iter"
    _check_game(game, where)
    tol = _check_tol(tol, where)
    g = game.as_exact() if exact else game
    limit = tol if tol is not None else g.default_tol()
    from ..games.normal_form import as_profile
    from ..results import dedupe_profiles

    seen: list = []
    for x, y in _candidates(g, exact, tol):
        if not exact:
            x = np.clip(x, 0.0, None)
            x = x / x.sum()
            y = np.clip(y, 0.0, None)
            y = y / y.sum()
        prof = as_profile(g, (x, y), where=where)
        r = max(g._regrets(prof))
        if r > (0 if exact else limit):
            continue
        if dedupe_profiles(seen + [prof]) != seen + [prof]:
            continue
        seen.append(prof)
        yield prof


def support_enumeration(game, *, exact: bool = False, tol: float | None = None) -> EquilibriumResult:
    """All extreme Nash equilibria of a two-player game by support enumeration.

    Every pair of supports is examined, so the list is complete: for a nondegenerate game these
    are all the equilibria; for a degenerate game (a mixed strategy with more pure best
    responses than actions in its support) they are the extreme points of every component of
    the equilibrium set, and the result is flagged ``degenerate=True`` with one
    :class:`~contracts.exceptions.DegenerateGameWarning`.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (``UnsupportedGameError`` otherwise).
    exact : bool, optional
        Rational arithmetic throughout: strategies are :class:`~fractions.Fraction` arrays and
        regrets exactly zero. Float payoffs are read as the decimals they print as.
    tol : float, optional
        Regret tolerance for verifying float equilibria (default ``game.default_tol()``); it also
        sets how close to zero a probability or a payoff gap must be to count as zero.

    Returns
    -------
    EquilibriumResult
        ``complete=True``; ``degenerate`` tells whether any vertex of a best-response polytope is
        degenerate (decided exactly in exact mode, up to ``tol`` otherwise).

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]],
    ...                                     players=("principal", "agent"))
    >>> res = ct.equilibrium.support_enumeration.support_enumeration(g, exact=True)
    >>> len(res), res.complete
    (3, True)
    >>> [tuple(map(str, s)) for s in res[2].strategies]
    [('3/5', '2/5'), ('2/5', '3/5')]
    """
    where = "support_enumeration"
    _check_game(game, where)
    tol = _check_tol(tol, where)
    g = game.as_exact() if exact else game
    gen = _candidates(g, exact, tol)
    profiles = []
    while True:
        try:
            profiles.append(next(gen))
        except StopIteration as stop:
            state = stop.value
            break
    return build_result(g, profiles, method=_METHOD, tol=(0.0 if exact else tol), exact=exact,
                        complete=True, degenerate=state["degenerate"])

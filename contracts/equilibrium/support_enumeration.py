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

Float games of up to about 12 x 12 first go through the leaner kernel that
:func:`~contracts.equilibrium.batch.solve_many` runs across games (:mod:`._batch_support`); it
answers only when every support pair is clearly a vertex or clearly not one (a nondegenerate
game), and otherwise leaves the game to the algorithm above.
"""

from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from .. import _budget
from .._tolerance import check_resolvable
from ._colex import _add_tables, _binom_table, _subsets  # noqa: F401  (tests use them)
from .._polytope import distinct_profiles, match_vertices
from ._bimatrix_entry import prepare, verified_iter
from ._support_minors import (_EPS, _ExactPoint, _Side, _batches, _minor_levels,  # noqa: F401
                              _row_keys)
from ..results import EquilibriumResult, build_bimatrix_result, build_result

__all__ = ["support_enumeration", "support_enumeration_iter"]

_METHOD = "support_enumeration"

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


def _batch_pairs(batch: tuple, d: int) -> int:
    return sum((l1 - l0) * math.comb(d, k) for k, l0, l1 in batch)


def _candidates(game, exact: bool, tol: float | None, meter=None):
    """Generate candidate extreme equilibria ``(x, y)`` by support size; also report degeneracy.

    Yields profiles; after exhaustion ``state['degenerate']`` says whether a degenerate vertex
    was met. With a :class:`~contracts._budget.WorkMeter` the support pairs done are counted
    after each batch, and the generator stops early when its time budget runs out
    (``meter.stopped``; ``degenerate`` is then None unless one was already met).
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

    bx, by = _batches(n, m), _batches(m, n)
    both = 0                             # support pairs examined, both sides together
    for step in range(max(len(bx), len(by))):
        if step < len(bx):
            xp, xsup, xtig = xs.vertices(bx[step])
        else:
            xp, xsup, xtig = [], np.zeros((0, m), bool), np.zeros((0, n), bool)
        if step < len(by):
            yp, ysup, ytig = ys.vertices(by[step])
        else:
            yp, ysup, ytig = [], np.zeros((0, n), bool), np.zeros((0, m), bool)
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
        if meter is not None:
            both += (_batch_pairs(bx[step], m) if step < len(bx) else 0) \
                + (_batch_pairs(by[step], n) if step < len(by) else 0)
            if meter.check(both // 2 - meter.done) and step + 1 < max(len(bx), len(by)):
                state["degenerate"] = True if (xs.degenerate or ys.degenerate) else None
                return state
    state["degenerate"] = xs.degenerate or ys.degenerate
    return state


#: float games with at most this many support pairs (12 x 12 has 2.7 million) first try the
#: kernel that :func:`contracts.equilibrium.batch.solve_many` runs across games: every minor
#: from the ones a size smaller, pairs in chunks of bounded memory, no per-support set-up
_STACK_PAIRS = 3_000_000


def _stacked(game, tol):
    """The result from the across-games kernel on a stack of one game (on a small game, from
    the same arithmetic with both players' sides together, :mod:`._support_single`), or None
    when that kernel finds the game (nearly) degenerate or its payoffs do not resolve: then the
    full algorithm (or its refusal) decides."""
    from ._batch_support import stack_support_enumeration, stack_tols
    from ._support_single import fits, single_game

    A, B = (np.asarray(M, dtype=np.float64) for M in game.bimatrix)
    t, resolvable = stack_tols(A[None], B[None])      # game.default_tol(), in the same pass
    if not resolvable[0]:
        return None                                  # the caller says why
    t = float(t[0]) if tol is None else tol
    # the regrets are checked once, by build_bimatrix_result (not also on the stack)
    if fits(*A.shape):
        found = single_game(A, B, t)
        if found is None:
            return None
        X, Y = found
    else:
        _, X, Y, suspect = stack_support_enumeration(A[None], B[None], np.array([t]),
                                                     verify=False)
        if suspect[0]:
            return None
    res = build_bimatrix_result(game, X, Y, method=_METHOD, tol=t, resolvable=True)
    return res if len(res) == len(X) else None      # a profile failed: the full algorithm


def support_enumeration_iter(game, *, exact: bool = False, tol: float | None = None,
                             max_supports: int | None = None
                             ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Generate the extreme equilibria of a two-player game, by increasing support size.

    Same algorithm and arguments as :func:`support_enumeration`; yields verified profiles
    ``(x, y)`` (``object`` arrays of Fractions when ``exact``) as soon as they are found.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (``UnsupportedGameError`` otherwise).
    exact : bool, default False
        Rational arithmetic throughout: strategies are :class:`~fractions.Fraction` arrays and
        regrets exactly zero.
    tol : float, optional
        Regret tolerance for verifying float equilibria (default ``game.default_tol()``).
    max_supports : int, optional
        Refuse (``WorkLimitError``) games with more support pairs ``C(m+n, m) - 1`` than this
        (default ``10**7``); ``float("inf")`` disables the check.

    Yields
    ------
    tuple of numpy.ndarray
        One verified equilibrium ``(x, y)``: the mixed strategies of player 1 and player 2.

    Raises
    ------
    UnsupportedGameError
        If the game does not have exactly two players.
    WorkLimitError
        If the game has more support pairs than ``max_supports``.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.support_enumeration import support_enumeration_iter
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])      # matching pennies
    >>> [tuple(map(str, s)) for s in next(support_enumeration_iter(g, exact=True))]
    [('1/2', '1/2'), ('1/2', '1/2')]
    """
    yield from verified_iter(game, "support_enumeration_iter", _candidates, exact=exact,
                             tol=tol, check_work=_budget.check_support_work, limit=max_supports)


def support_enumeration(game, *, exact: bool = False, tol: float | None = None,
                        max_supports: int | None = None, max_time: float | None = None,
                        progress: bool = False) -> EquilibriumResult:
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
    max_supports : int, optional
        Refuse (``WorkLimitError``) games with more support pairs ``C(m+n, m) - 1`` than this
        (default ``10**7``, about a minute of work); ``float("inf")`` disables the check.
    max_time : float, optional
        Time budget in seconds: when it runs out the enumeration stops and returns the
        (verified) equilibria found so far, with ``complete=False``, ``converged=False`` and a
        message saying how many support pairs were examined. Default: no budget.
    progress : bool, default False
        Show a progress bar over the support pairs (needs tqdm, extra ``progress``).

    Returns
    -------
    EquilibriumResult
        ``complete=True`` (unless ``max_time`` ran out); ``degenerate`` tells whether any vertex of a best-response polytope is
        degenerate (decided exactly in exact mode, up to ``tol`` otherwise).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.support_enumeration import support_enumeration
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]],
    ...                                     players=("principal", "agent"))
    >>> res = support_enumeration(g, exact=True)
    >>> len(res), res.complete
    (3, True)
    >>> [tuple(map(str, s)) for s in res[2].strategies]
    [('3/5', '2/5'), ('2/5', '3/5')]
    """
    where = "support_enumeration"
    g, exact, tol = prepare(game, where, exact=exact, tol=tol,
                            check_work=_budget.check_support_work, limit=max_supports,
                            resolvable=False)
    m, n = game.num_actions
    if not exact:
        if max_time is None and not progress and _budget.support_pairs(m, n) <= _STACK_PAIRS:
            res = _stacked(g, tol)
            if res is not None:
                return res
        check_resolvable(g, where)
    with _budget.WorkMeter(where, max_time=max_time, progress=progress,
                           total=_budget.support_pairs(m, n), unit="support pairs") as meter:
        gen = _candidates(g, exact, tol, meter)
        profiles = []
        while True:
            try:
                profiles.append(next(gen))
            except StopIteration as stop:
                state = stop.value
                break
    profiles = distinct_profiles(profiles, exact)
    return build_result(g, profiles, method=_METHOD, tol=(0.0 if exact else tol), exact=exact,
                        complete=not meter.stopped, converged=not meter.stopped,
                        degenerate=state["degenerate"], dedupe=False, message=meter.message)

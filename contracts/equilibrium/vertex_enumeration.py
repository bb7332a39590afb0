"""Vertex enumeration: every extreme Nash equilibrium of a two-player game.

With payoffs shifted to be positive, the row player's mixed strategies with their sets of best
responses are the vertices of the best-response polytope ``P = {x >= 0 : B'x <= 1}`` and the
column player's those of ``Q = {y >= 0 : A y <= 1}`` (see :mod:`contracts._polytope`). A pair of
nonzero vertices whose labels (zero probabilities and best responses) together cover every
action is an extreme equilibrium, and every extreme equilibrium is such a pair -- degenerate
games included, where equilibria form continua whose extreme points these pairs are.

Floating point (the default) enumerates the polytope of the player with fewer actions with Qhull
on its polar, as lrsNash does, and finds each vertex's only possible partner by solving the
square system of its complementary labels; when a vertex is degenerate (more best responses than
its support size) or that system is singular, the other polytope is enumerated too and labels are
matched in general. The vertex labels and the partner systems are computed by batched numpy, or
vertex by vertex in compiled code when numba is in use (:mod:`._vertex_compiled`; the same rules,
so results differ only in round-off). Exact mode (``exact=True``) enumerates both polytopes by a breadth-first
search over lexicographically feasible bases with integer pivoting -- no rounding anywhere, and
degeneracy decided exactly.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Iterator

import numpy as np

from .. import _budget
from .._linalg import pivot as _kernel
from .._budget import vertex_bound
from .._tolerance import REL_TOL, TINY, check_resolvable
from .._polytope import (check_bimatrix_game, check_exact, check_tol, distinct_profiles,
                         distinct_rows, exact_vertices, float_vertices, match_vertices)
from ..results import EquilibriumResult, build_bimatrix_result, build_result
from ._bimatrix_entry import verified_iter

__all__ = ["vertex_enumeration", "vertex_enumeration_iter"]

_METHOD = "vertex_enumeration"


def _exact_candidates(game, state: dict, meter):
    A, B = game.bimatrix
    P = exact_vertices(B.T)          # row player's strategies: rows of B^T are column actions
    if meter.check(len(P.support)):
        return
    Q = exact_vertices(A)
    state["degenerate"] = P.degenerate or Q.degenerate
    meter.count(len(Q.support))      # matching the two vertex sets is cheap: never cut
    for k, l in match_vertices(P.support, P.tight, Q.support, Q.tight):
        yield P.strategy(k), Q.strategy(l)


@lru_cache(maxsize=64)
def _probe(K: int) -> np.ndarray:
    """A fixed pseudo-random right-hand side of ``K`` entries (each a prefix of the next)."""
    probe = np.random.default_rng(20240611).uniform(-1.0, 1.0, size=max(K, 64))[:K]
    probe.flags.writeable = False
    return probe


@lru_cache(maxsize=64)
def _padded(d: int, r: int, K: int) -> tuple[np.ndarray, np.ndarray]:
    """``(G, ramp)`` for systems padded to size ``K``: ``G`` is ``(d + K) x (r + K)``, zero but
    for an identity block at ``[d:, r:]`` (the caller fills ``G[:d, :r]``), ``ramp`` is
    ``arange(K)``."""
    G = np.zeros((d + K, r + K))
    G[d:, r:] = np.eye(K)
    ramp = np.arange(K)
    G.flags.writeable = False
    ramp.flags.writeable = False
    return G, ramp


def _partners(vs, Mother: np.ndarray, tol: float):
    """For each vertex ``z`` of the enumerated polytope, its only possible partner ``w``.

    ``Mother`` (``d x r``) defines the partner polytope ``{w >= 0 : Mother w <= 1}``; ``w`` must be
    supported on ``tight(z)`` and make every action in ``support(z)`` a best response, so when
    ``|tight(z)| = |support(z)|`` it solves one square system ``Mother[S, T] w_T = 1``, together
    with a fixed pseudo-random right-hand side whose solution size estimates the condition
    number. Returns ``(ids, W, degenerate, hard)``: the vertices ``ids`` that have a partner,
    the partners ``W`` (rows, normalised), whether a partner has more best responses than its
    support size, and ``hard``, the indices of the vertices whose partner face may not be a
    single point (degenerate vertex, or singular or ill-conditioned system) -- those are
    matched against the other polytope's vertices. The systems are solved by
    :func:`_partners_numpy`, or vertex by vertex in compiled code when numba is in use.
    """
    d, r = Mother.shape
    comp = _compiled()
    if comp is not None:
        found, W, degenerate, hard = comp.partners(vs.support, vs.tight, Mother,
                                                   _probe(min(d, r)), tol)
        return found, W, bool(degenerate), hard.tolist()
    sup, tig = vs.support, vs.tight
    ks, kt = vs.sizes()
    square = kt == ks
    if square.all():
        hard = np.zeros(0, dtype=np.intp)
        ids = None
    else:
        hard = np.flatnonzero(~square)
        ids = np.flatnonzero(square)
        sup, tig, ks = sup[ids], tig[ids], ks[ids]
    if len(ks) == 0:
        return np.zeros(0, dtype=np.intp), np.zeros((0, r)), False, hard.tolist()
    found, W, degenerate, bad = _partners_numpy(sup, tig, ks, Mother, int(ks.max()), tol)
    if len(bad):
        hard = np.sort(np.concatenate([hard, bad if ids is None else ids[bad]]))
    return (found if ids is None else ids[found]), W, degenerate, hard.tolist()


def _partners_numpy(sup, tig, ks, Mother: np.ndarray, K: int, tol: float):
    """:func:`_partners` for the square vertices (rows of ``sup``, ``tig``) in one batch:
    ``(found, W, degenerate, bad)`` (``bad``: singular, ill-conditioned or not finite).

    The systems are padded to the common size ``K`` with identity blocks: the ``K - k`` pad rows
    and columns of a ``k``-system come from an identity block appended to ``Mother``, so one
    ``nonzero`` per side lists every system's rows and columns."""
    N = len(ks)
    d, r = Mother.shape
    G, ramp = _padded(d, r, K)
    probe = _probe(K)
    G = G.copy()
    G[:d, :r] = Mother
    pads = ramp < (K - ks)[:, None]                    # (N, K): the first K - k pads of each
    rows = np.concatenate((sup, pads), axis=1).nonzero()[1].reshape(N, K)
    cols = np.concatenate((tig, pads), axis=1).nonzero()[1].reshape(N, K)
    mats = G[rows[:, :, None], cols[:, None, :]]      # (N, K, K), pads: an identity block
    rhs = np.empty((N, K, 2))
    np.less(rows, d, out=rhs[:, :, 0])                 # 1 on the real rows, 0 on the pads
    rhs[:, :, 1] = probe
    try:
        sol = np.linalg.solve(mats, rhs)
    except np.linalg.LinAlgError:                     # an exactly singular system in the batch
        sol = np.full((N, K, 2), np.nan)
        for q in range(N):
            try:
                sol[q] = np.linalg.solve(mats[q], rhs[q])
            except np.linalg.LinAlgError:
                pass
    w = sol[:, :, 0]                                  # pads: exactly 0
    tot = w.sum(axis=1)
    # well conditioned (the probe's solution stays moderate; NaN fails) and finite
    good = (np.abs(sol[:, :, 1]).max(axis=1) * K < 1e10) & np.isfinite(tot)
    bad = np.flatnonzero(~good)
    # a partner needs w >= -tol |sum(w)| (most rows fail that) and Mother w <= 1 + tol
    cand = np.flatnonzero(good & (tot > 0) & (w.min(axis=1) >= -tol * np.abs(tot)))
    W = np.zeros((len(cand), r + K))
    W[np.arange(len(cand))[:, None], cols[cand]] = w[cand]
    W = W[:, :r]
    V = W @ Mother.T                                  # payoffs of own actions (<= 1)
    sel = np.flatnonzero(V.max(axis=1) <= 1.0 + tol)
    W = W[sel]
    Wn = W / W.sum(axis=1, keepdims=True)
    Wn[Wn < tol] = 0.0
    Wn /= Wn.sum(axis=1, keepdims=True)
    degenerate = bool(((V[sel] >= 1.0 - tol).sum(axis=1) > (Wn > 0).sum(axis=1)).any())
    return cand[sel], Wn, degenerate, bad


@lru_cache(maxsize=1)
def _compiled_module():
    try:
        from . import _vertex_compiled
    except ImportError:                                     # pragma: no cover
        return None
    return _vertex_compiled


def _compiled():
    """:mod:`contracts.equilibrium._vertex_compiled` when numba is in use (the rule of the
    compiled pivot kernel, :func:`contracts._linalg.pivot._compiled_for`, for small work:
    numba already imported, or forced by ``pivot.use_compiled(True)``), else None."""
    return None if _kernel._compiled_for(0) is None else _compiled_module()


def _normalised(game, where: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Both payoff matrices mapped onto [1, 2] (as ``normalised_float`` maps one); with ``where``, also
    the check of :func:`check_resolvable`, from the same minima and maxima."""
    out = []
    spread = 0.0
    for M in game.bimatrix:
        M = np.asarray(M, dtype=np.float64)
        lo, hi = float(M.min()), float(M.max())
        spread = max(spread, 2.0 * (hi / 2.0 - lo / 2.0))    # as payoff_range computes it
        span = hi - lo
        out.append(np.ones_like(M) if span <= 0 or not math.isfinite(span)
                   else (M - lo) / span + 1.0)
    if where is not None and 0.0 < spread and REL_TOL * spread < TINY:
        check_resolvable(game, where)                          # raises, saying why
    return out[0], out[1]


def _float_blocks(game, tol: float | None, state: dict, meter, normalised=None):
    """Candidate profiles of a float game as blocks ``(X, Y)`` of rows (one profile a row)."""
    m, n = game.num_actions
    internal = 1e-9 if tol is None else min(max(tol, 1e-13), 1e-5)
    Ap, Bp = _normalised(game) if normalised is None else normalised
    # enumerate the polytope of the player with fewer actions (the row player's on a tie)
    row_side = m <= n
    Menum, Mother = (Bp.T, Ap) if row_side else (Ap, Bp.T)
    comp = _compiled()
    labels = None if comp is None else comp.labels
    vs = float_vertices(Menum, tol=internal, normalised=True, labels=labels)   # one Qhull call
    if meter.check(len(vs.support)):
        return
    ids, W, degenerate, hard = _partners(vs, Mother, internal)    # one batched solve
    degenerate = degenerate or vs.degenerate
    if len(ids):
        Z = vs.points(ids)
        yield (Z, W) if row_side else (W, Z)
    checked_both = False
    if hard and not meter.check(0):
        # a degenerate vertex, or a singular system whose face is not a single point
        other = float_vertices(Mother, tol=internal, normalised=True, labels=labels)
        meter.count(len(other.support))
        checked_both = True
        degenerate = degenerate or other.degenerate
        hs = np.array(hard)
        pairs = match_vertices(vs.support[hs], vs.tight[hs], other.support, other.tight)
        if pairs:
            a, b = np.array(pairs).T
            Z, W = vs.points(hs[a]), other.points(b)
            yield (Z, W) if row_side else (W, Z)
    state["degenerate"] = True if degenerate else (False if checked_both else None)


def _float_candidates(game, tol: float | None, state: dict, meter):
    for X, Y in _float_blocks(game, tol, state, meter):
        yield from zip(X, Y)


def _run(game, exact: bool, tol: float | None, state: dict, meter=None):
    if meter is None:
        meter = _budget.WorkMeter("vertex_enumeration")
    if exact:
        return _exact_candidates(game, state, meter)
    return _float_candidates(game, tol, state, meter)


def vertex_enumeration_iter(game, *, exact: bool = False, tol: float | None = None,
                            max_vertices: int | None = None
                            ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Generate the extreme equilibria of a two-player game by vertex enumeration.

    Same algorithm and arguments as :func:`vertex_enumeration`; yields verified profiles
    ``(x, y)`` (``object`` arrays of Fractions when ``exact``), each once.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    exact : bool
        Rational arithmetic throughout.
    tol : float, optional
        Regret tolerance for verifying float equilibria.
    max_vertices : int, optional
        Refuse games whose best-response polytopes may have more vertices.

    Yields
    ------
    tuple of numpy.ndarray
        An extreme equilibrium ``(x, y)``.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.vertex_enumeration import vertex_enumeration_iter
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])      # matching pennies
    >>> [tuple(map(str, s)) for s in next(vertex_enumeration_iter(g, exact=True))]
    [('1/2', '1/2'), ('1/2', '1/2')]
    """
    yield from verified_iter(game, "vertex_enumeration_iter", lambda g, e, t: _run(g, e, t, {}),
                             exact=exact, tol=tol, check_work=_budget.check_vertex_work,
                             limit=max_vertices)


def vertex_enumeration(game, *, exact: bool = False, tol: float | None = None,
                       max_vertices: int | None = None, max_time: float | None = None,
                       progress: bool = False) -> EquilibriumResult:
    """All extreme Nash equilibria of a two-player game by vertex enumeration.

    Every completely labelled pair of vertices of the two best-response polytopes is an extreme
    equilibrium and vice versa, so the list is complete, for degenerate games too (there the
    extreme points of every component are listed, the result says ``degenerate=True`` and one
    :class:`~contracts.exceptions.DegenerateGameWarning` explains why).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (``UnsupportedGameError`` otherwise).
    exact : bool, optional
        Rational arithmetic throughout (integer pivoting): strategies are
        :class:`~fractions.Fraction` arrays and regrets exactly zero. Float payoffs are read as
        the decimals they print as.
    tol : float, optional
        Regret tolerance for verifying float equilibria (default ``game.default_tol()``); it also
        sets when a probability or payoff gap counts as zero.
    max_vertices : int, optional
        Refuse (``WorkLimitError``) games whose best-response polytopes may have more vertices
        than this by the upper bound theorem (default ``10**7``); ``float("inf")`` disables it.
    max_time : float, optional
        Time budget in seconds, checked between the stages of the computation (the vertices of
        one polytope are found in one uninterruptible Qhull call, or one exact search): when
        it has run out the rest is skipped and the (verified) equilibria found so far are
        returned with ``complete=False``, ``converged=False`` and a message saying how many
        vertices were found. Default: no budget.
    progress : bool, default False
        Show a progress bar over the vertices found (needs tqdm, extra ``progress``).

    Returns
    -------
    EquilibriumResult
        ``complete=True`` (unless ``max_time`` ran out). ``degenerate`` is decided exactly in exact mode; in floating point it
        is ``True`` when a degenerate vertex was met, ``False`` when both polytopes were
        enumerated without meeting one, and ``None`` when only one polytope had to be enumerated
        and it was nondegenerate (use :meth:`NormalFormGame.is_degenerate` for the exact answer).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.vertex_enumeration import vertex_enumeration
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]],
    ...                                     players=("government", "agency"))
    >>> res = vertex_enumeration(g, exact=True)
    >>> len(res), res.degenerate
    (3, False)
    >>> sorted(tuple(map(str, eq.strategies[0])) for eq in res)
    [('0', '1/3', '2/3'), ('1', '0', '0'), ('4/5', '1/5', '0')]
    """
    where = "vertex_enumeration"
    check_bimatrix_game(game, where)
    tol = check_tol(tol, where)
    exact = check_exact(exact, where, game)
    _budget.check_vertex_work(game, where, max_vertices)      # refuse before any work
    if not exact:
        normalised = _normalised(game, where)                 # refuses unresolvable payoffs
    g = game.as_exact() if exact else game
    state: dict = {}
    m, n = game.num_actions
    with _budget.WorkMeter(where, max_time=max_time, progress=progress, unit="vertices",
                           total=vertex_bound(m, m + n) + vertex_bound(n, m + n)) as meter:
        if exact:
            profiles = list(_exact_candidates(g, state, meter))
        else:
            blocks = list(_float_blocks(g, tol, state, meter, normalised))
    done = not meter.stopped
    if exact:
        profiles = distinct_profiles(profiles, exact)
        return build_result(g, profiles, method=_METHOD, tol=0.0, exact=True, complete=done,
                            converged=done, degenerate=state.get("degenerate"), dedupe=False,
                            message=meter.message)
    # float profiles: verified together (the same checks as build_result, vectorised)
    if len(blocks) == 1:
        X, Y = blocks[0]
    elif blocks:
        X = np.concatenate([b[0] for b in blocks])
        Y = np.concatenate([b[1] for b in blocks])
    else:
        X, Y = np.zeros((0, m)), np.zeros((0, n))
    keep = distinct_rows(X, Y)
    if len(keep) < len(X):
        X, Y = X[keep], Y[keep]
    return build_bimatrix_result(g, X, Y, method=_METHOD,
                                 tol=g.default_tol() if tol is None else tol, complete=done,
                                 converged=done, degenerate=state.get("degenerate"),
                                 message=meter.message, resolvable=True)

"""The fastest route to ONE verified equilibrium of a two-player game.

Economists often need just one equilibrium (to start a comparative-statics sweep, to check a
model, to seed a refinement), and full enumeration is exponential. :func:`one_equilibrium`

1. looks for a pure equilibrium first (one vectorised pass of best responses: a cell whose row
   payoff is its column's maximum and whose column payoff is its row's maximum);
2. otherwise follows the Lemke–Howson path from label 0 alone for ``2 (m + n)`` pivots
   (``m + n`` above 200 labels; in random games it is often that short, and then ``one`` costs
   what a single Lemke–Howson call does; a full dictionary, pivoted by the compiled kernel when
   numba is in use); if it has not ended, gives every other label in turn (``1, 2, ...``) a
   path of at most 10 pivots (the capping heuristic of Codenotti, De Rossi and Pagan), and
   if none of them ends either, advances all ``m + n`` paths (label 0's continued, not
   restarted) side by side (in slowly growing batches) until the
   first path ends. Path lengths from different labels differ enormously (on a random 200×200
   game 4 pivots from the best label against 32,445 from label 0). Half of the pivots go to all
   paths evenly (the race costs at most about ``2 (m + n)`` times the shortest path), half to
   the first labels with harmonically decreasing priority (so a game where every path is long
   costs only a logarithmic factor more than one path). For large games each path
   starts in a revised representation that stores only its basis (a small support), so the
   ``m + n`` paths cost almost no memory; a path switches to a full dictionary when it needs
   the lexicographic rule or outgrows small supports (with a memory budget);
3. verifies the equilibrium. A float result that fails verification is polished on its
   support, or its path is recomputed in exact arithmetic, before the next path is tried.
"""

from __future__ import annotations

import importlib
from types import MappingProxyType
from typing import Any

import numpy as np

from .._validation import check_exact
from ..exceptions import InvalidGameError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ..results import (EquilibriumResult, build_bimatrix_result, build_result,
                       package_checked_profile)

# the module itself (``contracts.equilibrium.lemke_howson`` as an attribute of the package is
# the function of that name once it has been accessed)
_lh = importlib.import_module("contracts.equilibrium.lemke_howson")
_kernel = importlib.import_module("contracts._linalg.pivot")
_racing = importlib.import_module("contracts.equilibrium._one_race")
_lh_start = importlib.import_module("contracts.equilibrium._lh_start")
_race = _racing._race

__all__ = ["one_equilibrium"]

#: games with at least this many cells start their paths in the revised (small) representation
_SMALL_GAME_CELLS = 400
#: before the race, the path from label 0 alone gets this many pivots per label (m + n) ...
_FIRST_PATH_PIVOTS = 2.0
#: ... and this many in games with more than 200 labels (long paths cost more per pivot in
#: the revised representation; measured on random 200 x 200 games)
_FIRST_PATH_PIVOTS_LARGE = 1.0
#: the path from label 0 alone starts in a full dictionary in games up to this many cells even
#: without the compiled kernel (numpy rank-1 updates beat the revised representation there:
#: 4-pivot path of a 50 x 50 game 80 against 90 us, 400 pivots at 200 x 200 12 against 23 ms;
#: at 400 x 400 the revised one is faster)
_DENSE_FIRST_CELLS = 200 * 200

def _first_pure(A: np.ndarray, B: np.ndarray):
    """First pure equilibrium ``(i, j)`` in row-major order, or None (exact comparisons)."""
    hits = A == A.max(axis=0)                       # row i is a best reply to column j
    hits &= B == B.max(axis=1)[:, None]             # column j is a best reply to row i
    first = int(hits.argmax())                      # the first True in row-major order
    if not hits.flat[first]:
        return None
    i, j = divmod(first, A.shape[1])
    return i, j


def _pure_result(vgame, A: np.ndarray, B: np.ndarray, i: int, j: int, tol: float):
    """The result holding the pure profile ``(i, j)`` of a float game, with its regret computed
    by indexing: each player's best payoff against the other's action minus its own."""
    x, y = np.zeros(A.shape[0]), np.zeros(A.shape[1])
    x[i] = y[j] = 1.0
    a, b = float(A[i, j]), float(B[i, j])
    col, row = A[:, j], B[i]
    r1, r2 = float(col.max()) - a, float(row.max()) - b
    reg = max(r1, r2, 0.0) if r1 == r1 and r2 == r2 else float("nan")
    return package_checked_profile(vgame, x, y, (a, b), reg, method="one", tol=tol,
                                   iterations=0, extra={"route": "pure", "actions": (i, j)})


def _fits_float(game) -> bool:
    """Whether every payoff of an exact game converts to a finite float."""
    try:
        return all(np.all(np.isfinite(np.asarray(a, dtype=object).astype(np.float64)))
                   for a in game.payoffs)
    except OverflowError:
        return False


def one_equilibrium(game, *, exact: bool | None = False, tol: float | None = None
                    ) -> EquilibriumResult:
    """One verified Nash equilibrium of a two-player game, as fast as possible.

    A pure equilibrium if there is one (found by one vectorised best-response pass); otherwise
    the end of the shortest Lemke–Howson path, found by running the paths from all ``m + n``
    initial labels interleaved.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    exact : bool or None, default False
        Rational arithmetic: the equilibrium is returned in :class:`~fractions.Fraction` with zero
        regret. Float payoffs are read as the decimals they print as. ``None`` follows the game.
        An exact game whose payoffs lie beyond the float range (about 1.8e308) is solved
        exactly whatever ``exact`` says: floats cannot hold its payoffs.
    tol : float, optional
        Regret tolerance of the verification (default ``game.default_tol()``; 0 when exact).

    Returns
    -------
    EquilibriumResult
        One verified equilibrium (``complete=False``). ``extra["route"]`` is ``"pure"`` or
        ``"lemke_howson"``; for the latter ``extra`` also gives the winning ``init`` label, its
        ``path_pivots``, the ``total_pivots`` over all interleaved paths (also ``iterations``)
        and how the float solution was certified (``arithmetic``).

    Raises
    ------
    UnsupportedGameError
        If the game does not have exactly two players.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.one import one_equilibrium
    >>> inspection = ct.NormalFormGame.from_bimatrix(
    ...     [[-1, 1], [1, -1]], [[1, -1], [-1, 1]],
    ...     players=("principal", "agent"),
    ...     actions=(("inspect", "trust"), ("shirk", "work")))
    >>> res = one_equilibrium(inspection, exact=True)
    >>> [[str(p) for p in s] for s in res[0].strategies]
    [['1/2', '1/2'], ['1/2', '1/2']]
    >>> res.extra["route"]
    'lemke_howson'
    """
    where = "one_equilibrium"
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"{where}: expected a NormalFormGame, got {type(game).__name__}; build one with "
            "NormalFormGame.from_bimatrix(A, B)")
    payoffs = game.payoffs
    if len(payoffs) != 2:
        raise UnsupportedGameError(
            f"{where}: handles two-player games; this game has {game.num_players} player(s) "
            "(use solve(game, method='one') for N players)")
    if exact is not False:
        exact = check_exact(where, exact)
    if tol is not None:
        tol = _lh._check_tol(where, tol)
    if exact is False and not game.is_exact:
        # the common case, a float game solved in floats: straight to the compiled route
        A, B = payoffs
        if A.dtype == np.float64 and B.dtype == np.float64:
            comp = _lh_start._compiled_start(*A.shape)
            if comp is not None:
                return _one_compiled(game, A, B, game.default_tol() if tol is None else tol,
                                     comp)
    exact = game.is_exact if exact is None else exact
    if not exact and game.is_exact and not _fits_float(game):
        exact = True      # floats cannot hold these payoffs: stay exact (never OverflowError)
    vgame = game.as_exact() if exact else game
    if tol is None:
        tol = 0.0 if exact else vgame.default_tol()
    m, n = vgame.num_actions
    A, B = vgame.bimatrix
    # a float game: results are verified and packaged for the whole stack at once
    fast = not exact and A.dtype == np.float64 and B.dtype == np.float64
    if not exact and A.dtype == object:
        A, B = A.astype(np.float64), B.astype(np.float64)
    comp = _lh_start._compiled_start(m, n) if fast else None
    if comp is not None:
        return _one_compiled(vgame, A, B, tol, comp)

    # 1. a pure equilibrium?
    hit = _first_pure(A, B)
    if hit is not None:
        res = _pure_fallback(vgame, A, B, hit, tol, exact=exact, fast=fast)
        if res is not None:
            return res

    # 2. the path from label 0 alone, for a few pivots (often short in random games: then this
    #    costs what one Lemke-Howson call does); else every label, interleaved
    before, first = 0, None
    if not exact:
        res, before, first = _label_zero_first(vgame, A, B, tol, fast=fast)
        if res is not None:
            return res
    return _interleaved(vgame, A, B, exact=exact, tol=tol, pivots_before=before, first=first,
                        fast=fast)


def _one_compiled(vgame, A: np.ndarray, B: np.ndarray, tol: float, comp) -> EquilibriumResult:
    """:func:`one_equilibrium` of a float64 game when the compiled kernel is in use: one compiled
    call looks for a pure equilibrium and, if there is none, follows the path from label 0 for
    :func:`_first_budget` pivots and checks its end (:func:`_checked_end`, the common outcome,
    packaged at once); the race follows if it has not ended."""
    m, n = A.shape
    run = _lh_start._compiled_run(comp, A, B, 0, _first_budget(m, n), True)
    res = _checked_end(vgame, run, tol)
    if res is not None:
        return res
    pure = run[11]
    if pure >= 0:
        # (its regret is 0: it fails only at extreme payoff scales); no path was started
        res = _pure_fallback(vgame, A, B, divmod(pure, n), tol, exact=False, fast=False)
        if res is not None:
            return res
        run = None
    # label 0's path: not ended, or its check failed (then it is certified from its path)
    res, before, first = _label_zero_first(vgame, A, B, tol, fast=True, comp=comp, run=run)
    if res is not None:
        return res
    return _interleaved(vgame, A, B, exact=False, tol=tol, pivots_before=before, first=first,
                        fast=True)


def _checked_end(vgame, run: tuple, tol: float) -> EquilibriumResult | None:
    """The result of a :func:`~contracts.equilibrium._lh_start._compiled_run` outcome checked in
    the compiled call, if it passed: the end of label 0's path, or the pure equilibrium found
    first; else None."""
    pivots, _, _, done, tied, failed, x, y, u, v, reg, pure, _ = run
    if not (reg <= tol and (pure >= 0 or done and not tied and not failed)):
        return None
    if pure >= 0:
        extra = {"route": "pure", "actions": divmod(pure, len(y))}
        pivots = 0
    else:
        extra = {"route": "lemke_howson", "init": 0, "path_pivots": pivots,
                 "total_pivots": pivots, "paths": 1, "arithmetic": "float"}
    res = package_checked_profile(vgame, x, y, (u, v), reg, method="one", tol=tol,
                                  iterations=pivots, extra=MappingProxyType(extra))
    return res if res.equilibria else None


def _pure_fallback(vgame, A, B, hit: tuple, tol: float, *, exact: bool, fast: bool):
    """The result holding the pure equilibrium ``hit = (i, j)`` (verified), or None if it fails
    verification (round-off at extreme payoff scales: the paths are tried next)."""
    i, j = hit
    m, n = A.shape
    if fast:
        res = _pure_result(vgame, A, B, i, j, tol)
        if len(res):
            return res
    if exact:
        from fractions import Fraction
        x = np.array([Fraction(int(k == i)) for k in range(m)], dtype=object)
        y = np.array([Fraction(int(k == j)) for k in range(n)], dtype=object)
    else:
        x, y = np.zeros(m), np.zeros(n)
        x[i] = y[j] = 1.0
    res = build_result(vgame, [(x, y)], method="one", tol=tol, exact=exact, complete=False,
                       iterations=0, extra={"route": "pure", "actions": (i, j)})
    return res if len(res) else None


def _first_budget(m: int, n: int) -> int:
    """Pivots of the path from label 0 before the race: ``_FIRST_PATH_PIVOTS * (m + n)``
    (``_FIRST_PATH_PIVOTS_LARGE`` above 200 labels), at least 8."""
    per_label = _FIRST_PATH_PIVOTS if m + n <= 200 else _FIRST_PATH_PIVOTS_LARGE
    return max(8, int(per_label * (m + n)))


def _label_zero_first(vgame, A, B, tol: float, *, fast: bool = False, comp=None, run=None):
    """``(result, pivots, path)``: the verified end of the float path from label 0 if it ends
    within :func:`_first_budget` pivots, else ``(None, pivots made, the unfinished path or
    None)``: the race continues that path instead of starting label 0 again. ``comp``: the
    compiled path start (set-up and pivots in one call); ``run``: its outcome if already
    called from label 0 (and its checked end did not pass)."""
    m, n = A.shape
    if comp is not None:
        if run is None:
            run = _lh_start._compiled_run(comp, A, B, 0, _first_budget(m, n), False)
            res = _checked_end(vgame, run, tol)     # verified in the compiled call
            if res is not None:
                return res, run[0], None
        pivots, done, failed = run[0], run[3], run[5]
        if failed:
            return None, pivots, None
        path = _lh_start._path_of(comp, run, 0)
        if not done:
            return None, pivots, path
        return _certify(vgame, path, exact=False, tol=tol, total=pivots, paths=1,
                        notes=[], fast=fast), pivots, None
    if m * n <= _DENSE_FIRST_CELLS or _kernel._compiled_for(2 * m * n + m + n) is not None:
        # one path: a full dictionary (compiled when numba is in use)
        start = _lh._FloatState.from_payoffs(A, B)
    else:
        start = _float_start(A, B, m, n)
    path = _lh._Path(start, 0)
    try:
        path.advance(_first_budget(m, n))
    except (_lh._PathFailure, ArithmeticError):
        return None, path.pivots, None
    if not path.done:
        return None, path.pivots, path
    return _certify(vgame, path, exact=False, tol=tol, total=path.pivots, paths=1,
                    notes=[], fast=fast), path.pivots, None


def _interleaved(vgame, A, B, *, exact: bool, tol: float, pivots_before: int = 0,
                 first=None, fast: bool = False) -> EquilibriumResult:
    m, n = vgame.num_actions
    K = m + n
    notes: list = []
    total = pivots_before
    if exact:
        # Race the paths in floats to learn which label ends first, then follow that one path
        # in exact arithmetic (in a non-degenerate game it is the same path, pivot for pivot).
        Ai, Bi = _lh._int_positive(A), _lh._int_positive(B)
        try:
            # payoffs beyond the float range raise OverflowError here: race exactly instead
            fstart = _float_start(Ai.astype(np.float64), Bi.astype(np.float64), m, n)
            for fpath, ftotal in _race(fstart, K, notes):
                total = ftotal
                path = _lh._Path(_lh._ExactState.initial(Ai, Bi), fpath.init)
                path.advance(_racing._MAX_PATH_PIVOTS)
                total += path.pivots
                if path.done:
                    res = _certify(vgame, path, exact=True, tol=tol, total=total, paths=K,
                                   notes=notes)
                    if res is not None:
                        return res.with_extra(float_race_pivots=ftotal)
                break
        except (ArithmeticError, np.linalg.LinAlgError):
            notes.append("the float race failed; the paths were raced in exact arithmetic")
        start: Any = _lh._ExactState.initial(Ai, Bi)
    else:
        start = _float_start(A, B, m, n)
    if first is not None:
        total -= first.pivots              # the race counts them
    for path, t in _race(start, K, notes, first=first):
        res = _certify(vgame, path, exact=exact, tol=tol, total=total + t, paths=K, notes=notes,
                       fast=fast)
        if res is not None:
            return res
        notes.append(f"the path from label {path.init} ended at a profile that failed "
                     "verification")
    # every path failed (float round-off): one exact path as the last resort
    if not exact and m * n > _lh._EXACT_FALLBACK_CELLS:
        return build_result(vgame, [], method="one", tol=tol, exact=False, complete=False,
                            converged=False, iterations=total,
                            message="; ".join(notes + ["every float path failed; the game is "
                                                       "too large to retry exactly by "
                                                       "default: use exact=True"]),
                            extra={"route": "lemke_howson"})
    res = _lh.lemke_howson(vgame, init=0, exact=True)
    prof = [tuple(s if exact else s.astype(np.float64) for s in res[0].strategies)] if len(
        res) else []
    return build_result(vgame, prof, method="one", tol=tol, exact=exact, complete=False,
                        converged=bool(prof), iterations=(res.iterations or 0),
                        message="; ".join(notes + ["recomputed exactly from label 0"]),
                        extra={"route": "lemke_howson", "init": 0, "arithmetic": "exact"})


def _float_start(A: np.ndarray, B: np.ndarray, m: int, n: int):
    """The start state of the race for float64 payoffs (scaled into [1, 2] as
    :func:`~contracts.equilibrium.lemke_howson._float_positive` does): dictionaries for small
    games, and also for medium games when the compiled kernel pivots them (every path's
    dictionaries together within an eighth of the memory budget); otherwise the revised
    representation. Both take the same pivots."""
    cells = 2 * m * n + m + n
    dense_ok = (m * n < _SMALL_GAME_CELLS
                or ((m + n) * 8 * cells <= _racing._MEMORY_BUDGET // 8
                    and _kernel._compiled_for(cells) is not None))
    if dense_ok:
        comp = _lh_start._compiled_start(m, n)
        if comp is not None:                    # the same tableaux, compiled
            T0, T1 = np.empty((n, m + 1)), np.empty((m, n + 1))
            comp.start_tableaux(A, B, T0, T1)
            return _lh._FloatState.from_tableaux(T0, T1)
        return _lh._FloatState.from_payoffs(A, B)
    return _lh._SmallState.initial(_lh._float_positive(A), _lh._float_positive(B))


def _certify(vgame, path, *, exact: bool, tol: float, total: int, paths: int, notes: list,
             fast: bool = False):
    """Verified result from a finished path, or None.

    ``fast`` (a float game): the path's profile is verified and packaged in one step (by the
    compiled ``profile_regret`` for a float dictionary when numba is in use, else by
    :func:`build_bimatrix_result`); only if it fails there is it polished or recomputed
    exactly (:func:`_finish_float`) and verified again by :func:`build_result`."""
    st = path.state
    extra = {"route": "lemke_howson", "init": path.init, "path_pivots": path.pivots,
             "total_pivots": total, "paths": paths}
    if fast and not exact and not st.exact and not st.tied:   # (a tie: warns, below)
        comp = _lh_start._compiled_start(st.m, st.n) if type(st) is _lh._FloatState else None
        if comp is not None:
            # the profile, its payoffs and max regret read off the dictionaries in one compiled
            # call, as build_bimatrix_result computes them
            (d0, d1), (A, B) = st.d, vgame.payoffs
            x, y = np.empty(st.m), np.empty(st.n)
            u, v, reg = comp.profile_regret(A, B, d0.T, d0.basic, d1.T, d1.basic, x, y)
            res = package_checked_profile(vgame, x, y, (u, v), reg, method="one", tol=tol,
                                          iterations=total, message="; ".join(notes),
                                          extra=dict(extra, arithmetic="float"))
        else:
            if isinstance(st, _lh._FloatState):
                X, Y = st.raw_profile()      # clipped and normalised by build_bimatrix_result
            else:
                x, y = st.profile()
                X, Y = x[None], y[None]
            res = build_bimatrix_result(vgame, X, Y, method="one", tol=tol, complete=False,
                                        iterations=total, message="; ".join(notes),
                                        extra=dict(extra, arithmetic="float"))
        if len(res):
            return res
    if exact:
        prof = st.profile()
        how = "exact"
    else:
        prof, how = _lh._finish_float(vgame, st, path.init, tol, _racing._MAX_PATH_PIVOTS)
        if prof is None:
            return None
    extra["arithmetic"] = how
    msg = list(notes)
    if how in _lh._REPAIRED and not exact:
        msg.append(_lh._REPAIRED[how])
    res = build_result(vgame, [prof], method="one", tol=tol, exact=exact, complete=False,
                       iterations=total, degenerate=True if st.tied else None,
                       message="; ".join(msg), extra=extra)
    return res if len(res) else None

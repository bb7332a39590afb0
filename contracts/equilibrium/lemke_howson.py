"""Lemke–Howson: one equilibrium of a two-player game per initial label, exact or in floats.

The algorithm follows a path of almost completely labelled vertex pairs of the two best-response
polytopes

    P = {x >= 0 : B^T x <= 1}   (the row player's mixed strategies, scaled),
    Q = {y >= 0 : A y <= 1}     (the column player's),

from the artificial equilibrium ``(0, 0)`` (or from any equilibrium) by "dropping" one label and
pivoting until the missing label is picked up again. Labels follow nashpy and QuantEcon: label
``k < m`` is the row player's action ``k`` (``x_k = 0`` or action ``k`` is a best reply to
``y``), label ``m + j`` is the column player's action ``j``.

Implementation notes
--------------------
* Each polytope is kept as a *dictionary* ``x_B = b - D x_N`` of the library's pivoting kernel
  (:mod:`contracts._linalg.pivot`), so a pivot is one in-place rank-1 update of an
  ``n × (m + 1)`` array for floats (compiled when numba is installed), and integer pivoting
  (every entry an integer over one common denominator, divisions exact by Sylvester's
  identity) for ``exact=True``. The path states live in ``_lh_paths``.
* Payoffs are first made positive (a positive affine transformation per player, which leaves the
  equilibria unchanged), so both polytopes are bounded and every path ends.
* Leaving variables are chosen by the kernel's **lexicographic** minimum-ratio rule (the
  right-hand side, then the columns of the inverse basis in a fixed order), which perturbs the
  polytopes symbolically: paths never cycle, even in degenerate games. In float mode the
  lexicographic comparison is only made when the minimum ratio is tied.
* :func:`lemke_howson_all` follows the paths from every label, from the artificial equilibrium
  and (by default) again from every equilibrium found, as Gambit's ``lcp`` does, which yields
  every equilibrium in the artificial equilibrium's component of the Lemke–Howson graph. In a
  degenerate game that component is the one of the lexicographically perturbed game, so which
  (extreme) equilibria it contains depends on how ties are broken, and other programs may
  reach a different subset.
* A revised representation that stores only the basis of a path (the supports) lets
  :mod:`contracts.equilibrium.one` run the paths from all labels side by side at little cost
  in time and memory; it hands over to a dictionary on a tie. The three representations (float
  dictionary, exact dictionary, revised) take identical pivots.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from numbers import Integral
from types import MappingProxyType
from typing import Any

import numpy as np

from .._linalg.rational import common_denominator
from ..exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ..results import (EquilibriumResult, build_bimatrix_result, build_result,
                       package_checked_profile)
from ._lh_paths import (_SMALL_MAX, _TOL_PIV, _TOL_RATIO, _ExactState, _FloatState,  # noqa: F401
                        _NeedDense, _Path, _PathFailure, _SmallState)
from ._lh_start import _compiled_run, _compiled_start, _path_of

__all__ = ["lemke_howson", "lemke_howson_all"]

_DEFAULT_MAX_ITER = 1_000_000
#: float results that fail verification are recomputed exactly only in games up to this size
_EXACT_FALLBACK_CELLS = 2500


# ----------------------------------------------------------------------------------------------
# input checks and payoff preparation
# ----------------------------------------------------------------------------------------------
def _check_two_player(game: Any, where: str) -> None:
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"{where}: expected a NormalFormGame, got {type(game).__name__}; build one with "
            "NormalFormGame.from_bimatrix(A, B)")
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"{where}: Lemke-Howson needs a two-player game; this game has {game.num_players} "
            "player(s)")


def _check_int(where: str, name: str, value: Any, low: int, high: int | None = None) -> int:
    if type(value) is int and low <= value and (high is None or value <= high):
        return value                     # the common case, without the ABC checks below
    if isinstance(value, bool) or not isinstance(value, (Integral, np.integer)):
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be an integer, got {value!r}")
    value = int(value)
    if value < low or (high is not None and value > high):
        rng = f"{low}..{high}" if high is not None else f">= {low}"
        raise InvalidParameterError(
            f"{where}: parameter {name!r} = {value} is outside its valid range {rng}")
    return value


def _check_tol(where: str, tol: Any) -> float | None:
    if tol is None:
        return None
    from .._validation import check_nonnegative
    return float(check_nonnegative(where, "tol", tol))


def _float_positive(M: np.ndarray) -> np.ndarray:
    """Affine image of ``M`` in [1, 2] (all entries 1 when ``M`` is constant)."""
    M = np.asarray(M, dtype=np.float64)
    lo = float(M.min())
    span = float(M.max()) - lo
    if not span > 0:
        return np.ones_like(M)
    return (M - lo) * (1.0 / span) + 1.0


def _int_positive(M: np.ndarray) -> np.ndarray:
    """Positive integer matrix ``L*M - min + span``, object dtype.

    ``L`` is the lcm of the denominators and ``span`` the range of ``L*M``: the same matrix as
    :func:`_float_positive` up to the positive factor ``span``, so exact and float paths take the
    same pivots (even in degenerate games) and both are invariant under positive affine
    transformations of the payoffs.
    """
    fr = [x if isinstance(x, Fraction) else Fraction(x) for x in M.flat]
    L = common_denominator(fr)
    ints = [x.numerator * (L // x.denominator) for x in fr]
    lo, hi = min(ints), max(ints)
    span = hi - lo if hi > lo else 1
    out = np.empty(M.shape, dtype=object)
    out.flat[:] = [v - lo + span for v in ints]
    return out


# ----------------------------------------------------------------------------------------------
# systems: the prepared payoffs of one game, float or exact
# ----------------------------------------------------------------------------------------------
def _prepare(game, exact: bool):
    """``(verify_game, initial_state)``: the game results are verified on and the start state."""
    if exact:
        g = game.as_exact()
        A, B = g.bimatrix
        return g, _ExactState.initial(_int_positive(A), _int_positive(B))
    A, B = game.bimatrix
    if A.dtype == np.float64 and B.dtype == np.float64:
        return game, _FloatState.from_payoffs(A, B)       # (the same tableaux, fewer copies)
    return game, _FloatState.initial(_float_positive(A), _float_positive(B))


def _float_regret(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    Ay = A @ y
    xB = x @ B
    return max(float(Ay.max() - x @ Ay), float(xB.max() - xB @ y))


def _polish(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray):
    """Re-solve the indifference equations on the supports of ``(x, y)`` by least squares."""
    Sx = np.flatnonzero(x > 0)
    Sy = np.flatnonzero(y > 0)

    def solve(M, S_own, S_other):
        # the other player's mix z on S_other that makes own actions S_own indifferent:
        # M[S_own, S_other] z = v (a common payoff v), sum(z) = 1
        k = len(S_other)
        lhs = np.zeros((len(S_own) + 1, k + 1))
        lhs[:-1, :k] = M[np.ix_(S_own, S_other)]
        lhs[:-1, k] = -1.0
        lhs[-1, :k] = 1.0
        rhs = np.zeros(len(S_own) + 1)
        rhs[-1] = 1.0
        sol = np.linalg.lstsq(lhs, rhs, rcond=None)[0][:k]
        return sol

    y2 = np.zeros_like(y)
    y2[Sy] = solve(A, Sx, Sy)
    x2 = np.zeros_like(x)
    x2[Sx] = solve(B.T, Sy, Sx)
    x2, y2 = np.maximum(x2, 0.0), np.maximum(y2, 0.0)
    if x2.sum() <= 0 or y2.sum() <= 0:
        return None
    return x2 / x2.sum(), y2 / y2.sum()


_REPAIRED = {
    "polished": "the float solution failed verification and was polished on its support",
    "exact": "the float solution failed verification and was recomputed in exact arithmetic",
}


def _finish_float(game, state: _FloatState, init: int, tol: float, max_iter: int):
    """Float profile of a finished path, polished or recomputed exactly if it fails verification.

    Returns ``(profile, how)`` with ``how`` in {"float", "polished", "exact"} or ``(None, why)``.
    """
    x, y = state.profile()
    A, B = game.bimatrix
    if A.dtype == object:
        A, B = A.astype(np.float64), B.astype(np.float64)
    if _float_regret(A, B, x, y) <= tol:
        return (x, y), "float"
    pol = _polish(A, B, x, y)
    if pol is not None and _float_regret(A, B, *pol) <= tol:
        return pol, "polished"
    if A.size > _EXACT_FALLBACK_CELLS:
        return None, (f"the float solution from label {init} failed verification (regret "
                      f"{_float_regret(A, B, x, y):.3g} > tol {tol:.3g}) and the game is too "
                      "large to recompute it exactly; try exact=True")
    # last resort: the same path in rational arithmetic on the game's exact payoffs
    _, st = _prepare(game, True)
    path = _Path(st, init)
    path.advance(max_iter)
    if path.done:
        xe, ye = st.profile()
        return (xe.astype(np.float64), ye.astype(np.float64)), "exact"
    return None, "the exact re-run did not finish within max_iter pivots"


# ----------------------------------------------------------------------------------------------
# public functions
# ----------------------------------------------------------------------------------------------
def lemke_howson(game, *, init: int = 0, exact: bool = False,
                 max_iter: int = _DEFAULT_MAX_ITER, tol: float | None = None
                 ) -> EquilibriumResult:
    """One equilibrium of a two-player game by the Lemke–Howson algorithm.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (``m`` row actions, ``n`` column actions).
    init : int, default 0
        The label dropped first: ``0 .. m-1`` are the row player's actions, ``m .. m+n-1`` the
        column player's (as in nashpy and QuantEcon).
    exact : bool, default False
        Pivot in rational arithmetic (integer pivoting) and return :class:`~fractions.Fraction`
        strategies with zero regret. Float payoffs are read as the decimals they print as.
    max_iter : int, default 1_000_000
        Safety bound on the number of pivots; the result says ``converged=False`` if reached.
    tol : float, optional
        Regret tolerance of the verification (default ``game.default_tol()``; 0 when exact).

    Returns
    -------
    EquilibriumResult
        One verified equilibrium (none if the path was cut by ``max_iter``).
        ``iterations`` is the number of pivots; ``extra`` holds ``init`` and ``pivots``.
        ``degenerate`` is True when a tie in the ratio test showed the game to be degenerate
        (None otherwise: the path alone cannot prove non-degeneracy).

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players.
    InvalidParameterError
        If ``init`` is not a label ``0 .. m+n-1`` or ``max_iter`` is not a positive integer.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.lemke_howson import lemke_howson
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]],
    ...                                     players=("principal", "agent"))
    >>> res = lemke_howson(g, init=0, exact=True)
    >>> [list(map(str, s)) for s in res[0].strategies]
    [['1', '0'], ['1', '0']]
    >>> res.iterations
    2
    """
    where = "lemke_howson"
    _check_two_player(game, where)
    m, n = game.num_actions
    init = _check_int(where, "init", init, 0, m + n - 1)
    max_iter = _check_int(where, "max_iter", max_iter, 1)
    tol = _check_tol(where, tol)
    exact = bool(exact)
    if tol is None:
        tol = game.default_tol() if not exact else 0.0
    A, B = game.bimatrix
    comp = None if exact or A.dtype != np.float64 else _compiled_start(m, n)
    failed = False
    if comp is not None:
        # set-up, pivots and the regret check in one compiled call
        run = _compiled_run(comp, A, B, init, max_iter, False)
        pivots, _, _, done, tied, failed, x, y, u, v, reg, _, _ = run
        if done and not tied and not failed and reg <= tol:
            res = package_checked_profile(
                game, x, y, (u, v), reg, method="lemke_howson", tol=tol, iterations=pivots,
                extra=MappingProxyType({"init": init, "pivots": pivots, "arithmetic": "float"}))
            if res.equilibria:
                return res
        vgame, path = game, _path_of(comp, run, init)
    else:
        vgame, state = _prepare(game, exact)
        path = _Path(state, init)
    message = ""
    how = "exact" if exact else "float"
    try:
        if failed:
            raise _PathFailure("no positive pivot element")
        if comp is None:                  # (the compiled call has made its pivots)
            path.advance(max_iter)
    except _PathFailure:
        # round-off left no pivot: redo the path exactly (if the game is not too large)
        if m * n > _EXACT_FALLBACK_CELLS:
            message = ("float pivoting failed on round-off (no positive pivot element) after "
                       f"{path.pivots} pivots; try exact=True")
        else:
            how = "exact"
            _, st = _prepare(vgame, True)
            path = _Path(st, init)
            path.advance(max_iter)
            message = "float pivoting failed on round-off; the path was recomputed exactly"
    profiles = []
    st = path.state
    if path.done and not (exact or st.exact or st.tied) and isinstance(st, _FloatState) \
            and vgame.bimatrix[0].dtype == np.float64 == vgame.bimatrix[1].dtype:
        # a float path that ended without a tie: verified and packaged in one step (as the
        # compiled route); a profile that fails goes on to polishing or exact recomputation
        X, Y = st.raw_profile()
        res = build_bimatrix_result(vgame, X, Y, method="lemke_howson", tol=tol,
                                    complete=False, iterations=path.pivots, degenerate=None,
                                    extra={"init": init, "pivots": path.pivots,
                                           "arithmetic": "float"})
        if len(res):
            return res
    if path.done:
        if exact:
            profiles = [path.state.profile()]
        elif path.state.exact:
            xe, ye = path.state.profile()
            profiles = [(xe.astype(np.float64), ye.astype(np.float64))]
        else:
            prof, how = _finish_float(vgame, path.state, init, tol, max_iter)
            if prof is None:
                message = how
            else:
                profiles = [prof]
                if how != "float":
                    message = _REPAIRED[how]
    elif not message:
        message = f"stopped after max_iter={max_iter} pivots before the path ended"
    degenerate = True if path.state.tied else None
    return build_result(vgame, profiles, method="lemke_howson", tol=tol, exact=exact,
                        complete=False, converged=path.done, iterations=path.pivots,
                        degenerate=degenerate, message=message,
                        extra={"init": init, "pivots": path.pivots, "arithmetic": how})


def lemke_howson_all(game, *, exact: bool = False, traverse: bool = True,
                     max_iter: int = _DEFAULT_MAX_ITER, tol: float | None = None,
                     max_vertices: int | None = None, max_time: float | None = None,
                     progress: bool = False) -> EquilibriumResult:
    """Distinct equilibria reached by Lemke–Howson paths from every initial label.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    exact : bool, default False
        Rational arithmetic (Fractions) instead of floats.
    traverse : bool, default True
        Also follow the path of every label from every equilibrium found (as Gambit's ``lcp``
        does), which finds every equilibrium connected to the artificial equilibrium in the
        Lemke–Howson graph (the "LH-accessible" ones). ``False`` follows only the ``m + n``
        paths from the artificial equilibrium (as nashpy's ``lemke_howson_enumeration``).
    max_iter : int, default 1_000_000
        Safety bound on the pivots of each path.
    tol : float, optional
        Regret tolerance of the verification (default ``game.default_tol()``; 0 when exact).
    max_vertices : int, optional
        With ``traverse=True``, refuse (``WorkLimitError``) games whose best-response polytopes
        may have more vertices than this by the upper bound theorem (default ``10**12``).
    max_time : float, optional
        Time budget in seconds, checked after each path: when it runs out the search stops and
        returns the (verified) equilibria found so far, with ``converged=False`` and a message
        saying how many paths were followed. Default: no budget.
    progress : bool, default False
        Show a progress bar over the paths followed (needs tqdm, extra ``progress``).

    Returns
    -------
    EquilibriumResult
        The distinct equilibria in the order found (``complete=False``: some equilibria may be
        inaccessible to Lemke–Howson). ``iterations`` is the total number of pivots;
        ``extra["pivots_per_label"]`` the length of the path from the artificial equilibrium
        for each label and ``extra["equilibrium_per_label"]`` the index of the equilibrium
        it reaches.

    Notes
    -----
    In a non-degenerate game the result is the set Gambit's ``lcp_solve`` returns (the corpus
    field ``lh_accessible_extreme``). In a degenerate game the paths are those of the
    lexicographically perturbed game; every equilibrium returned is an extreme equilibrium of
    the original game, but which ones are reached depends on the tie-breaking rule.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.lemke_howson import lemke_howson_all
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> len(lemke_howson_all(g, exact=True))   # both pure equilibria and the mixed one
    3
    """
    where = "lemke_howson_all"
    _check_two_player(game, where)
    if traverse:   # refuse before any work
        from .._budget import MAX_LH_VERTICES, check_vertex_work
        check_vertex_work(game, where, max_vertices, default=MAX_LH_VERTICES)
    m, n = game.num_actions
    max_iter = _check_int(where, "max_iter", max_iter, 1)
    tol = _check_tol(where, tol)
    exact = bool(exact)
    vgame, start = _prepare(game, exact)
    if tol is None:
        tol = vgame.default_tol() if not exact else 0.0
    labels = range(m + n)
    visited = {start.key(): -1}      # basis -> index into `found` (-1: artificial)
    found: list = []                 # profiles, one per distinct basis reached
    done_edges = set()
    queue = [start]
    total = 0
    converged = True
    tied = False
    per_label_pivots: list = []
    per_label_eq: list = []
    notes = []
    qi = 0
    from .._budget import WorkMeter
    meter = WorkMeter(where, max_time=max_time, progress=progress, unit="label paths")
    cut = False
    while qi < len(queue) and not meter.stopped:
        node = queue[qi]
        node_key = node.key()
        qi += 1
        for k in labels:
            if (node_key, k) in done_edges:
                continue
            if meter.stopped:
                cut = True          # a path left unfollowed
                break
            st = node.copy()
            path = _Path(st, k)
            try:
                path.advance(max_iter)
            except _PathFailure:
                notes.append(f"a float path (label {k}) failed on round-off and was skipped")
                converged = False
                path.done = False
            except BaseException:
                meter.close()
                raise
            meter.check()
            total += path.pivots
            tied = tied or st.tied
            if not path.done:
                if qi == 1:
                    per_label_pivots.append(path.pivots)
                    per_label_eq.append(None)
                converged = False
                continue
            key = st.key()
            done_edges.add((key, k))
            if key not in visited:
                if st.is_artificial():
                    visited[key] = -1
                else:
                    prof = st.profile() if exact else None
                    if not exact:
                        prof, how = _finish_float(vgame, st, k, tol, max_iter)
                        if prof is None:
                            notes.append(how)
                    visited[key] = len(found)
                    found.append(prof)
                    if traverse:
                        queue.append(st)
            if qi == 1:
                per_label_pivots.append(path.pivots)
                per_label_eq.append(visited[key])
        if not traverse:
            break
    meter.close()
    if cut or (meter.stopped and traverse and qi < len(queue)):
        converged = False
        notes.append(meter.message)
    # map basis indices to equilibrium indices after removing duplicate profiles
    profiles = [p for p in found if p is not None]
    res = build_result(vgame, profiles, method="lemke_howson", tol=tol, exact=exact,
                       complete=False, converged=converged, iterations=total,
                       degenerate=True if tied else None, message="; ".join(dict.fromkeys(notes)),
                       extra={})
    index = []
    # the first equilibrium allclose (atol=1e-8, rtol=1e-5) to each profile, vectorised
    E = np.array([np.concatenate([np.asarray(a, float) for a in eq.strategies])
                  for eq in res.equilibria]).reshape(len(res.equilibria), m + n)
    for p in found:
        j = None
        if p is not None and len(E):
            b = np.concatenate([np.asarray(a, float) for a in p])
            hit = np.flatnonzero(np.all(np.abs(E - b) <= 1e-8 + 1e-5 * np.abs(b), axis=1))
            j = int(hit[0]) if len(hit) else None
        index.append(j)
    extra = {
        "pivots_per_label": per_label_pivots,
        "equilibrium_per_label": [None if b is None or b < 0 else index[b] for b in per_label_eq],
        "bases_found": len(found),
        "traverse": traverse,
    }
    return dataclasses.replace(res, extra=extra)   # a new frozen result, extra built first

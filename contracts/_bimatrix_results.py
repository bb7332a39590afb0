"""Result builders for float two-player profiles, vectorised (re-exported by
:mod:`contracts.results`).

* :func:`build_bimatrix_result` -- the candidate profiles of one game, stored as rows;
* :func:`build_bimatrix_results` -- the candidates of many games of one shape (a batch);
* :func:`package_checked_profile` -- one profile whose regret a compiled path has computed.

Each clips strategies to the simplex, computes payoffs and max regrets, keeps the profiles
whose regret is at most ``tol`` (a NaN regret fails) and packages them as
:func:`contracts.results.build_result` does.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ._equilibria import EquilibriumResult, make_equilibrium, package

__all__ = ["build_bimatrix_result", "build_bimatrix_results", "package_checked_profile"]


def build_bimatrix_result(game, X: np.ndarray, Y: np.ndarray, *, method: str, tol: float,
                          complete: bool = True, converged: bool = True,
                          iterations: int | None = None, degenerate: bool | None = False,
                          message: str = "", warn_degenerate: bool = True,
                          extra: dict | None = None,
                          resolvable: bool | None = None) -> EquilibriumResult:
    """:func:`build_result` for float profiles of a two-player game stored as rows of arrays.

    The same checks as :func:`build_result`, across all profiles at once: each strategy is
    clipped to the simplex (negative round-off set to 0, renormalised; a zero, infinite or NaN
    strategy fails), then every profile whose max regret exceeds ``tol`` (or is NaN) is dropped
    and counted in the message. Regrets and payoffs are matrix products over all profiles
    (exactly the indexed payoffs for pure profiles: products with 0 and 1 are exact). No
    deduplication.

    Parameters
    ----------
    game : NormalFormGame
        A two-player float game.
    X, Y : numpy.ndarray
        Shapes (E, m) and (E, n): row ``e`` of each is one candidate profile.
    method : str
        Name of the algorithm.
    tol : float
        Largest regret accepted.
    complete, converged : bool
        As in :func:`build_result`.
    iterations : int, optional
        Pivots or iterations used.
    degenerate : bool, optional
        Whether the game was found degenerate (warns once when true and ``warn_degenerate``).
    message : str
        Anything the user should know.
    warn_degenerate : bool
        Emit the warning for a degenerate game.
    extra : dict, optional
        Method-specific details.
    resolvable : bool, optional
        True when the caller has already checked that the payoffs resolve in floating point
        (otherwise a complete result is checked here).

    Returns
    -------
    EquilibriumResult
        The verified equilibria, in the order of the rows.

    Examples
    --------
    >>> import numpy as np
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> X = np.array([[0.5, 0.5], [1.0, 0.0]])
    >>> res = build_bimatrix_result(g, X, X.copy(), method="mine", tol=g.default_tol())
    >>> len(res), res.message
    (1, '1 candidate profile(s) failed verification (regret > 2e-09) and were dropped')
    """
    A, B = game.bimatrix
    if len(X) == 1:                      # one profile (a path's end): the same checks on vectors
        return _build_single(game, A, B, X[0], Y[0], method=method, tol=tol, complete=complete,
                             converged=converged, iterations=iterations,
                             degenerate=degenerate, message=message,
                             warn_degenerate=warn_degenerate, extra=extra,
                             resolvable=resolvable)
    X, Y, p1, p2, reg = _checked_rows(A, B, X, Y)
    keep = np.flatnonzero(reg <= tol)                      # a NaN regret fails
    players, actions = game.players, game.actions
    eqs = tuple(make_equilibrium((X[e], Y[e]), (a, b), r, players, actions)
                for e, a, b, r in zip(keep.tolist(), p1[keep].tolist(), p2[keep].tolist(),
                                      reg[keep].tolist()))
    max_r = float(reg[keep].max()) if len(keep) else 0.0
    return package(game, eqs, max_r, len(X) - len(keep), method=method, tol=tol, exact=False,
                    complete=complete, converged=converged, iterations=iterations,
                    degenerate=degenerate, message=message, warn_degenerate=warn_degenerate,
                    extra=extra, resolvable=resolvable)


def _checked_rows(A: np.ndarray, B: np.ndarray, X: np.ndarray, Y: np.ndarray) -> tuple:
    """``(X, Y, p1, p2, regret)`` of profiles stored as rows: each strategy clipped to the
    simplex, the players' payoffs and each profile's max regret. ``A`` and ``B`` are one game's
    payoffs, or stacks ``(E, m, n)`` holding each row's own game. A zero, infinite or NaN
    strategy becomes NaN here (0/0, inf/inf, NaN propagates through maximum, products and
    sums), so its regret is NaN, and a NaN regret fails every ``<= tol`` test."""
    X = np.maximum(X, 0.0)
    Y = np.maximum(Y, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        X /= X.sum(axis=1, keepdims=True)
        Y /= Y.sum(axis=1, keepdims=True)
        if A.ndim == 2:
            U1 = Y @ A.T                                 # (E, m): row player's action payoffs
            U2 = X @ B                                   # (E, n): column player's
        else:
            U1 = np.einsum("eij,ej->ei", A, Y)
            U2 = np.einsum("eij,ei->ej", B, X)
        p1 = (X * U1).sum(axis=1)
        p2 = (Y * U2).sum(axis=1)
        reg = np.maximum(np.maximum(U1.max(axis=1) - p1, 0.0), np.maximum(U2.max(axis=1) - p2, 0.0))
    return X, Y, p1, p2, reg


def build_bimatrix_results(games: Sequence, A: np.ndarray, B: np.ndarray, X: np.ndarray,
                           Y: np.ndarray, starts: np.ndarray, tols: np.ndarray, *,
                           method: str, message: str = "",
                           resolvable: bool | None = None) -> list:
    """:func:`build_bimatrix_result` for many games of one shape at once (a batch).

    Game ``l`` owns rows ``starts[l]:starts[l + 1]`` of ``X`` and ``Y``; every row is checked
    in one vectorised pass against its own game's payoffs (``A[l]``, ``B[l]``), with the same
    clipping, normalisation and regret test, and the results are packaged as complete
    (``converged=True``, not degenerate).

    Parameters
    ----------
    games : sequence of NormalFormGame
        ``G`` two-player float games of one shape ``(m, n)``.
    A, B : numpy.ndarray
        Their payoffs, stacked: shape ``(G, m, n)``.
    X, Y : numpy.ndarray
        Shapes ``(E, m)`` and ``(E, n)``: the candidate profiles of all games, game by game.
    starts : numpy.ndarray
        ``G + 1`` row offsets.
    tols : numpy.ndarray
        Each game's regret tolerance.
    method : str
        Name of the algorithm.
    message : str
        Anything the user should know.
    resolvable : bool, optional
        As in :func:`build_bimatrix_result`.

    Returns
    -------
    list of EquilibriumResult
        One per game, in order.

    Examples
    --------
    >>> import numpy as np
    >>> import contracts as ct
    >>> A = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[2.0, 0.0], [0.0, 1.0]]])
    >>> games = [ct.NormalFormGame.from_bimatrix(a, -a) for a in A]
    >>> X = np.array([[0.5, 0.5], [0.25, 0.75]])
    >>> res = build_bimatrix_results(games, A, -A, X, X.copy(), np.array([0, 1, 2]),
    ...                              np.array([1e-9, 1e-9]), method="mine")
    >>> [len(r) for r in res]
    [1, 0]
    """
    starts = np.asarray(starts, dtype=np.int64)
    owner = np.repeat(np.arange(len(games)), np.diff(starts))
    X, Y, p1, p2, reg = _checked_rows(A[owner], B[owner], X, Y)
    ok = (reg <= np.asarray(tols, dtype=np.float64)[owner]).tolist()   # a NaN regret fails
    p1, p2, reg = p1.tolist(), p2.tolist(), reg.tolist()
    out = []
    for g, a, b, tol in zip(games, starts[:-1].tolist(), starts[1:].tolist(),
                            np.asarray(tols, dtype=np.float64).tolist()):
        players, actions = g.players, g.actions
        eqs = tuple(make_equilibrium((X[e], Y[e]), (p1[e], p2[e]), reg[e], players, actions)
                    for e in range(a, b) if ok[e])
        max_r = max((e.regret for e in eqs), default=0.0)
        out.append(package(g, eqs, max_r, b - a - len(eqs), method=method, tol=tol,
                            exact=False, complete=True, converged=True, iterations=None,
                            degenerate=False, message=message, warn_degenerate=True,
                            extra=None, resolvable=resolvable))
    return out


def _build_single(game, A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray, *,
                  method: str, tol: float, **package) -> EquilibriumResult:
    """:func:`build_bimatrix_result` for one profile: the same clipping, normalisation and
    regret test, on vectors and Python floats (a third of the fixed cost of the stacked form).
    A zero, infinite or NaN strategy gives a NaN regret, which fails the test."""
    x = np.maximum(x, 0.0)
    y = np.maximum(y, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        x /= x.sum()
        y /= y.sum()
        u1 = A.dot(y)                                    # the row player's action payoffs
        u2 = x.dot(B)                                    # the column player's
    p1 = float(x.dot(u1))
    p2 = float(y.dot(u2))
    r1 = float(u1.max()) - p1
    r2 = float(u2.max()) - p2
    reg = max(r1, r2, 0.0) if r1 == r1 and r2 == r2 else float("nan")
    return package_checked_profile(game, x, y, (p1, p2), reg, method=method, tol=tol, **package)


def package_checked_profile(game, x: np.ndarray, y: np.ndarray, payoffs: tuple, regret: float,
                            *, method: str, tol: float, complete: bool = False,
                            converged: bool = True, iterations: int | None = None,
                            degenerate: bool | None = None, message: str = "",
                            warn_degenerate: bool = True, extra: dict | None = None,
                            resolvable: bool | None = None) -> EquilibriumResult:
    """The result of one float two-player profile whose max regret has been computed.

    For a solver's compiled path, which clips, normalises and computes the payoffs and max
    regret of the profile with the formulas of :func:`build_bimatrix_result` (a zero or
    non-finite strategy giving a NaN regret). The profile is kept if ``regret <= tol`` (a NaN
    fails), else dropped and counted in the message, as there.

    Parameters
    ----------
    game : NormalFormGame
        A two-player float game.
    x, y : numpy.ndarray
        The strategies, clipped and normalised.
    payoffs : tuple of float
        The players' expected payoffs at ``(x, y)``.
    regret : float
        The profile's max regret (NaN if a strategy was zero or not finite).
    method : str
        Name of the algorithm.
    tol : float
        Largest regret accepted.
    complete, converged : bool
        As in :func:`build_result`.
    iterations : int, optional
        Pivots or iterations used.
    degenerate : bool, optional
        Whether the game was found degenerate (warns once when true and ``warn_degenerate``).
    message : str
        Anything the user should know.
    warn_degenerate : bool
        Emit the warning for a degenerate game.
    extra : dict, optional
        Method-specific details.
    resolvable : bool, optional
        As in :func:`build_bimatrix_result`.

    Returns
    -------
    EquilibriumResult
        The profile if it passed, else an empty result saying it was dropped.

    Examples
    --------
    >>> import numpy as np
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> x = y = np.array([0.5, 0.5])
    >>> res = package_checked_profile(g, x, y, (0.0, 0.0), 0.0, method="mine", tol=1e-9)
    >>> len(res), res[0].regret
    (1, 0.0)
    """
    ok = regret <= tol                                   # a NaN regret fails
    eqs: tuple = (make_equilibrium((x, y), payoffs, regret, game.players, game.actions),) \
        if ok else ()
    # (positional: the hot path of compiled solvers)
    return package(game, eqs, regret if ok else 0.0, 0 if ok else 1, method, tol, False,
                   complete, converged, iterations, degenerate, message, warn_degenerate, extra,
                   resolvable)

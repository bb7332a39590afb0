"""Frozen result types shared by the solvers.

:class:`Equilibrium` is one verified strategy profile; :class:`EquilibriumResult` is what every
equilibrium solver returns: the equilibria plus how they were found. Both are immutable, iterable
and print in words. Solvers build results with :func:`build_result`, which verifies every
candidate (max regret ≤ tol) before it is returned, or with :func:`build_bimatrix_result`, the
same verification across float two-player profiles stored as the rows of two arrays.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable, Sequence

import numpy as np

from ._bimatrix_results import (build_bimatrix_result, build_bimatrix_results,
                                package_checked_profile)
from ._equilibria import KINDS, Equilibrium, EquilibriumResult, package
from ._result import Result, format_number

__all__ = ["Equilibrium", "EquilibriumResult", "build_result", "build_bimatrix_result",
           "build_bimatrix_results", "package_checked_profile", "format_number",
           "dedupe_profiles", "Result", "KINDS"]


def _key(profile, digits: int = 9):
    return tuple(tuple(x if isinstance(x, Fraction) else round(float(x), digits) + 0.0
                       for x in s) for s in profile)


def dedupe_profiles(profiles: Iterable[Sequence[np.ndarray]], tol: float = 1e-8) -> list:
    """Remove duplicate profiles (exact equality for Fractions, ``tol`` in max-norm for floats).

    Parameters
    ----------
    profiles : iterable of sequences of numpy.ndarray
        Strategy profiles.
    tol : float
        Float profiles closer than this (in max-norm) are duplicates.

    Returns
    -------
    list
        The distinct profiles, first occurrences kept, in order.

    Examples
    --------
    >>> p = (np.array([1.0, 0.0]), np.array([0.5, 0.5]))
    >>> len(dedupe_profiles([p, p]))
    1
    """
    out: list = []
    seen_exact = set()
    kept = None          # the float profiles kept so far, flattened, one per row
    rows = 0
    for p in profiles:
        if all(s.dtype == object for s in p):
            k = _key(p)
            if k in seen_exact:
                continue
            seen_exact.add(k)
            out.append(p)
            v = None
        else:
            v = np.concatenate([np.asarray(s, float).ravel() for s in p])
            if rows and np.any(np.max(np.abs(kept[:rows] - v), axis=1) <= tol):
                continue
            out.append(p)
        if v is None:        # an exact profile: float profiles are compared with it too
            v = np.concatenate([np.asarray(s, float).ravel() for s in p])
        if kept is None:
            kept = np.empty((8, v.size))
        if rows == kept.shape[0]:
            kept = np.concatenate([kept, np.empty_like(kept)])
        kept[rows] = v
        rows += 1
    return out


def _pure_index(prof) -> tuple | None:
    """The action indices of a profile of one-hot vectors, or None if it is mixed."""
    idx = []
    for s in prof:
        if s.dtype == object:
            nz = [k for k, x in enumerate(s) if x != 0]
            if len(nz) != 1 or s[nz[0]] != 1:
                return None
        else:
            nz = np.flatnonzero(s)
            if len(nz) != 1 or s[nz[0]] != 1.0:
                return None
        idx.append(int(nz[0]))
    return tuple(idx)


def _pure_regrets_and_payoffs(game, a: tuple) -> tuple[tuple, tuple]:
    """Regrets and payoffs at a pure profile by indexing: exact for exact games, O(sum n_i)."""
    regrets, pays = [], []
    for i in range(game.num_players):
        column = game.own_axis_payoffs(i)[(slice(None),) + a[:i] + a[i + 1:]]
        u = column[a[i]]
        best = max(column)
        pays.append(u)
        regrets.append(best - u if isinstance(u, Fraction) else max(0.0, float(best - u)))
    return tuple(regrets), tuple(pays)


def build_result(game, profiles: Iterable[Sequence[Any]], *, method: str, tol: float | None = None,
                 exact: bool = False, complete: bool = False, converged: bool = True,
                 iterations: int | None = None, degenerate: bool | None = None,
                 message: str = "", warn_degenerate: bool = True, dedupe: bool = True,
                 extra: dict | None = None) -> EquilibriumResult:
    """Verify candidate profiles and package them into an :class:`EquilibriumResult`.

    Every candidate whose max regret exceeds ``tol`` (0 for exact profiles) is dropped, and the
    message says how many were. Float profiles are clipped to the simplex (tiny negative
    round-off set to 0, renormalised) before verification. A single
    :class:`~contracts.exceptions.DegenerateGameWarning` is emitted when ``degenerate`` is true.

    Parameters
    ----------
    game : NormalFormGame
        The game the profiles belong to.
    profiles : iterable of sequences
        Candidate profiles, one probability vector per player.
    method : str
        Name of the algorithm.
    tol : float, optional
        Largest regret accepted (default ``game.default_tol()``; 0 for exact profiles).
    exact : bool
        Whether the profiles are exact.
    complete : bool
        Whether the method found all (extreme) equilibria.
    converged : bool
        Whether an iterative method converged.
    iterations : int, optional
        Pivots or iterations used.
    degenerate : bool, optional
        Whether the game was found degenerate.
    message : str
        Anything the user should know.
    warn_degenerate : bool
        Emit the warning for a degenerate game.
    dedupe : bool
        Drop duplicate profiles.
    extra : dict, optional
        Method-specific details.

    Returns
    -------
    EquilibriumResult
        The verified equilibria.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> res = build_result(g, [([0.5, 0.5], [0.5, 0.5]), ([1, 0], [1, 0])], method="mine")
    >>> len(res), res.message
    (1, '1 candidate profile(s) failed verification (regret > 2e-09) and were dropped')
    """
    from .games.normal_form import as_profile

    if tol is None:
        tol = game.default_tol()
    verified = []
    pure_payoffs: dict[int, tuple] = {}
    dropped = 0
    for prof in profiles:
        clean = []
        for s in prof:
            s = np.asarray(s) if not isinstance(s, np.ndarray) else s
            if s.dtype != object:
                s = np.where(s < 0, 0.0, s.astype(np.float64))
                tot = s.sum()
                if tot > 0:
                    s = s / tot
            clean.append(s)
        try:
            p = as_profile(game, clean, where=method, tol=1e-9)
        except Exception:
            dropped += 1
            continue
        a = _pure_index(p)
        if a is not None:   # pure profile: exact (or float) regrets by indexing, no contraction
            r, pay = _pure_regrets_and_payoffs(game, a)
            pure_payoffs[id(p)] = pay
        else:
            r = game._regrets(p)
        rmax = max(r)
        limit = 0 if isinstance(rmax, Fraction) else tol
        if rmax <= limit:
            verified.append((p, rmax))
        else:
            dropped += 1
    if dedupe:
        keep = dedupe_profiles([p for p, _ in verified])
        keep_ids = {id(p) for p in keep}
        verified = [(p, r) for p, r in verified if id(p) in keep_ids]
    eqs = []
    for p, r in verified:
        pay = pure_payoffs.get(id(p))
        if pay is None:
            pay = game._expected_payoffs(p)
        eqs.append(Equilibrium(strategies=p, payoffs=pay, regret=r, players=game.players,
                               actions=game.actions))
    max_r = max((r for _, r in verified), default=0.0)
    return package(game, tuple(eqs), max_r, dropped, method=method, tol=tol, exact=exact,
                    complete=complete, converged=converged, iterations=iterations,
                    degenerate=degenerate, message=message, warn_degenerate=warn_degenerate,
                    extra=extra, resolvable=None)

"""All Nash equilibria of small N-player games: polynomial systems on every support profile.

For a support profile ``S = (S_1, ..., S_N)`` the equilibria with exactly these supports solve
the *indifference system*: every action in ``S_i`` earns player i the same payoff,

    u_ij(p) - u_i,last(p) = 0      (j in S_i, j != last),

a square system of polynomial equations, multilinear in the other players' probabilities (with
``p_i,last = 1 - sum of the others`` eliminated). This module writes each system with sympy in
exact rational arithmetic and solves it by a lexicographic Gröbner basis
(:func:`sympy.solve_poly_system`), keeps the real roots with all probabilities on the supports
positive, and verifies each by regret (exactly, with Fractions, when the root is rational).
Every support profile is tried (also those a generic game cannot use: in a game with ties a
single player may mix while the others play pure actions).

Every root of every system is found, so the list is complete for a game whose equilibria are
isolated (a generic game). A support whose system has a continuum of solutions (a degenerate
game) is reported in the result's message and skipped (``complete=False``). The cost grows
quickly with the game: this is for games of a few dozen pure profiles (2x2x2, 2x2x3, 3x3x2).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from ..exceptions import InvalidGameError, InvalidParameterError
from ..results import EquilibriumResult, build_result
from .support_newton import support_profiles

__all__ = ["enumpoly"]


def _to_fraction(x) -> Fraction:
    return Fraction(int(x.p), int(x.q))


def _system(game, supports):
    """Sympy unknowns, equations and the expressions of every probability on the supports."""
    import sympy as sp
    N = game.num_players
    probs, unknowns = [], []
    for i, S in enumerate(supports):
        xs = [sp.Symbol(f"p{i}_{j}") for j in S[:-1]]
        unknowns.extend(xs)
        probs.append(dict(zip(S, xs + [1 - sum(xs, sp.Integer(0))])))
    eqs = []
    for i, S in enumerate(supports):
        if len(S) < 2:
            continue
        own = game.own_axis_payoffs(i)
        others = [k for k in range(N) if k != i]

        def u(j):
            tot = sp.Integer(0)
            for prof in itertools.product(*[supports[k] for k in others]):
                w = sp.Integer(1)
                for k, a in zip(others, prof):
                    w = w * probs[k][a]
                v = own[(j,) + prof]
                tot += sp.Rational(v.numerator, v.denominator) * w
            return tot

        last = u(S[-1])
        for j in S[:-1]:
            eqs.append(sp.expand(u(j) - last))
    return unknowns, eqs, probs


def _solve(unknowns, eqs):
    """Real solutions of a square polynomial system, or None when it is not zero-dimensional."""
    import sympy as sp
    eqs = [e for e in eqs if e != 0]
    if len(eqs) < len(unknowns):
        return None
    try:
        sols = sp.solve_poly_system(eqs, *unknowns)
    except (NotImplementedError, sp.PolynomialError):
        return None
    return sols or []


def enumpoly(game, *, tol: float | None = None, max_size: int | None = None) -> EquilibriumResult:
    """All Nash equilibria of a small N-player game, by polynomial systems on every support.

    Parameters
    ----------
    game : NormalFormGame
        A game with few pure profiles (payoffs are converted to exact rationals).
    tol : float, optional
        Regret tolerance for equilibria with irrational probabilities (default
        ``game.default_tol()``); rational equilibria are verified exactly.
    max_size : int, optional
        Largest support size tried for any player.

    Returns
    -------
    EquilibriumResult
        Every equilibrium found (pure ones first), each verified; ``complete=True`` unless a
        support's system had a continuum of solutions.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.enumpoly import enumpoly
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])      # matching pennies
    >>> [str(x) for x in enumpoly(g)[0].strategies[0]]
    ['1/2', '1/2']
    """
    from ..games.normal_form import NormalFormGame
    from .pure import pure_nash
    where = "enumpoly"
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if max_size is not None and (not isinstance(max_size, (int, np.integer)) or max_size < 1):
        raise InvalidParameterError(f"{where}: max_size must be a positive integer, got "
                                    f"{max_size!r}")
    if tol is not None and (not np.isfinite(tol) or tol < 0):
        raise InvalidParameterError(f"{where}: tol must be a finite number >= 0, got {tol!r}")
    ex = game.as_exact()
    ftol = game.default_tol() if tol is None else float(tol)
    exact_profiles, float_profiles = [], []
    for eq in pure_nash(ex):
        exact_profiles.append(tuple(eq.strategies))
    skipped = 0
    n_supports = 0
    for masks in support_profiles(ex.num_actions, max_size=max_size, generic=False):
        supports = [tuple(int(j) for j in np.flatnonzero(m)) for m in masks]
        n_supports += 1
        unknowns, eqs, probs = _system(ex, supports)
        sols = _solve(unknowns, eqs)
        if sols is None:
            skipped += 1
            continue
        for sol in sols:
            vals = dict(zip(unknowns, sol))
            rational = all(v.is_Rational for v in sol)
            prof, ok = [], True
            for i, S in enumerate(supports):
                vec = [Fraction(0)] * ex.num_actions[i] if rational else [0.0] * ex.num_actions[i]
                for j in S:
                    v = probs[i][j].subs(vals)
                    if rational:
                        f = _to_fraction(v)
                        ok &= f > 0
                        vec[j] = f
                    else:
                        c = complex(v.evalf(30))
                        ok &= abs(c.imag) <= 1e-12 and c.real > 0
                        vec[j] = c.real
                if not ok:
                    break
                prof.append(np.array(vec, dtype=object if rational else float))
            if not ok:
                continue
            # a root is an equilibrium when no action outside the supports pays more
            if rational:
                if max(ex._regrets(tuple(prof))) == 0:
                    exact_profiles.append(tuple(prof))
            elif max(game._regrets(tuple(prof))) <= ftol:
                float_profiles.append(tuple(prof))
    msg = f"polynomial systems on {n_supports} support profiles"
    if skipped:
        msg += (f"; {skipped} support(s) with a continuum of solutions skipped "
                "(degenerate game)")
    exact_res = build_result(ex, exact_profiles, method=where, tol=0, exact=True,
                             complete=not skipped, message=msg, warn_degenerate=False)
    if not float_profiles:
        return exact_res
    float_res = build_result(game, float_profiles, method=where, tol=ftol)
    eqs = list(exact_res.equilibria) + list(float_res.equilibria)
    from dataclasses import replace
    return replace(exact_res, equilibria=tuple(eqs), exact=False,
                   max_regret=max([float(e.regret) for e in eqs], default=0.0))

"""A Nash equilibrium of any N-player game: the limit of the logit QRE branch.

McKelvey & Palfrey (1995) show that the principal branch of the logit QRE correspondence,
started at uniform play (``lam = 0``), converges to a Nash equilibrium as ``lam -> infinity`` in a
generic game (the *logit solution*, a refinement that picks one equilibrium). This module traces
the branch (:func:`contracts.bounded.logit_branch`), reads the equilibrium support off its end,
polishes the profile by Newton's method on the support's indifference equations, and verifies
it by regret before returning it through :func:`contracts.results.build_result`.
"""

from __future__ import annotations

from fractions import Fraction
import numpy as np

from .._validation import check_real
from ..exceptions import InvalidGameError
from ..results import EquilibriumResult, build_result

__all__ = ["logit_limit", "polish_on_support", "limit_from_branch"]


def _system(game):
    from .._contractions import PayoffContractions
    return PayoffContractions(game)


def _support_newton(sys, profile, supports, *, max_iter: int = 60):
    """Gauss–Newton on ``u_ij(p) = v_i`` (j in S_i), ``sum_{S_i} p_ij = 1``.

    Returns the profile (zeros off the supports) or None when Newton fails.
    """
    N = sys.N
    sizes = [len(s) for s in supports]
    offs = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    K = int(offs[-1])
    x = np.empty(K + N)
    for i, s in enumerate(supports):
        v = np.asarray(profile[i], dtype=float)[list(s)]
        tot = v.sum()
        x[offs[i]:offs[i + 1]] = v / tot if tot > 0 else 1.0 / len(s)
    p = _expand(sys, x, supports, offs)
    u = sys.action_payoffs(p)
    for i, s in enumerate(supports):
        x[K + i] = float(np.mean(u[i][list(s)]))
    n_eq = K + N
    last = np.inf
    for _ in range(max_iter):
        p = _expand(sys, x, supports, offs)
        u = sys.action_payoffs(p)
        F = np.empty(n_eq)
        J = np.zeros((n_eq, K + N))
        D = sys.cross(p) if N > 1 else [{}]
        for i, s in enumerate(supports):
            idx = list(s)
            F[offs[i]:offs[i + 1]] = u[i][idx] - x[K + i]
            J[offs[i]:offs[i + 1], K + i] = -1.0
            for m, Dm in D[i].items():
                J[offs[i]:offs[i + 1], offs[m]:offs[m + 1]] = Dm[np.ix_(idx, list(supports[m]))]
            F[K + i] = x[offs[i]:offs[i + 1]].sum() - 1.0
            J[K + i, offs[i]:offs[i + 1]] = 1.0
        # the last N rows are the simplex equations
        Fall = np.concatenate([F[:K], F[K:]])
        norm = float(np.max(np.abs(Fall)))
        if norm <= 1e-15 * sys.payoff_range:
            break
        step = np.linalg.lstsq(J, Fall, rcond=None)[0]
        x = x - step
        if not np.all(np.isfinite(x)):
            return None
        size = float(np.max(np.abs(step)))
        if size <= 1e-15 or (size >= last and size <= 1e-10):
            break
        last = size
    p = _expand(sys, x, supports, offs)
    if any(float(np.min(pi)) < -1e-9 for pi in p):
        return None
    out = []
    for pi in p:
        pi = np.where(pi < 0, 0.0, pi)
        out.append(pi / pi.sum())
    return tuple(out)


def _expand(sys, x, supports, offs):
    p = []
    for i, s in enumerate(supports):
        v = np.zeros(sys.n[i])
        v[list(s)] = x[offs[i]:offs[i + 1]]
        p.append(v)
    return p


def _candidate_supports(sys, profile):
    """Plausible equilibrium supports read off a near-equilibrium profile."""
    cands = []
    u = sys.action_payoffs(profile)
    for thr in (1e-4, 1e-7, 1e-2, 1e-10, 1e-13):
        s = tuple(tuple(int(j) for j in np.flatnonzero(p >= thr * p.max())) for p in profile)
        if s not in cands:
            cands.append(s)
    for gap in (1e-6, 1e-4, 1e-9, 1e-3):
        s = tuple(tuple(int(j) for j in np.flatnonzero(ui >= ui.max() - gap * sys.payoff_range))
                  for ui in u)
        if s not in cands:
            cands.append(s)
    return cands


def polish_on_support(game, profile, *, tol: float | None = None):
    """Refine an approximate equilibrium by Newton's method on its support.

    The support of each player is read off ``profile`` (several thresholds are tried); the
    indifference equations on the supports are solved by Gauss–Newton and the result is kept
    only if its largest regret is at most ``tol``.

    Parameters
    ----------
    game : NormalFormGame
        The finite game whose equilibrium is refined (any number of players).
    profile : sequence of array_like
        An approximate equilibrium (e.g. the end of a logit branch).
    tol : float, optional
        Regret tolerance (default ``game.default_tol()``).

    Returns
    -------
    tuple of numpy.ndarray or None
        The polished, verified profile, or None when no candidate support verifies.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.nplayer import polish_on_support
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> [s.round(9).tolist() for s in polish_on_support(g, ([0.49, 0.51], [0.52, 0.48]))]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    from ..games.normal_form import as_profile
    prof = as_profile(game, profile, where="polish_on_support", tol=1e-6)
    prof = tuple(np.asarray(s, dtype=float) for s in prof)
    tol = game.default_tol() if tol is None else float(tol)
    sys = _system(game)
    best = None
    for supports in _candidate_supports(sys, prof):
        if any(len(s) == 0 for s in supports):
            continue
        q = _support_newton(sys, prof, supports)
        if q is None:
            continue
        r = max(game._regrets(q))
        if r <= tol:
            dist = max(float(np.max(np.abs(a - b))) for a, b in zip(q, prof))
            if best is None or dist < best[0]:
                best = (dist, q)
    return None if best is None else best[1]


def _rationalise(game, profile, max_denominator: int = 10**6):
    """Try to turn a float equilibrium of an exact game into an exact one (regret 0)."""
    out = []
    for s in profile:
        fr = [Fraction(float(x)).limit_denominator(max_denominator) for x in s]
        tot = sum(fr, Fraction(0))
        if tot == 0:
            return None
        fr = [x / tot for x in fr]
        out.append(np.array(fr, dtype=object))
    out = tuple(out)
    r = game._regrets(out)
    if max(r) == 0:
        return out
    return None


def limit_from_branch(game, branch, *, tol=None, exact=False) -> EquilibriumResult:
    """Return the verified Nash equilibrium at the end of a traced logit branch.

    The last point of ``branch`` is polished on its support (see :func:`polish_on_support`)
    and verified; this is the second half of :func:`logit_limit`, for a branch traced already.

    Parameters
    ----------
    game : NormalFormGame
        The game the branch was traced on.
    branch : QREBranch
        A logit QRE branch of ``game`` (from :func:`contracts.bounded.logit_branch`).
    tol : float, optional
        Regret tolerance for verification (default ``game.default_tol()``).
    exact : bool, default False
        For an exact game, also try to express the equilibrium in Fractions (kept only if its
        exact regret is 0).

    Returns
    -------
    EquilibriumResult
        One verified equilibrium (``complete=False``), or none with ``converged=False`` and a
        message saying why.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.bounded import logit_branch
    >>> from contracts.equilibrium.nplayer import limit_from_branch
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    >>> res = limit_from_branch(g, logit_branch(g, max_lambda=100))
    >>> [round(float(x), 9) for x in res[0].strategies[1]]
    [0.6, 0.4]
    """
    tol = game.default_tol() if tol is None else float(tol)
    k = len(branch.lambdas) - 1
    end = tuple(np.asarray(p[k], dtype=float) for p in branch.profiles)
    q = polish_on_support(game, end, tol=tol)
    lam_end = float(branch.lambdas[k])
    extra = {"lambda": lam_end, "branch_points": len(branch.lambdas),
             "turning_points": len(branch.turning_points)}
    if q is None:
        if max(game._regrets(end)) <= tol:
            q = end
        else:
            return build_result(
                game, [], method="logit", tol=tol, converged=False,
                message=(f"the logit branch reached lam={lam_end:.6g} but no verified "
                         "equilibrium was found near its end"
                         + (f" ({branch.message})" if branch.message else "")),
                extra=extra)
    profiles = [q]
    is_exact = False
    if exact and game.is_exact:
        e = _rationalise(game, q)
        if e is not None:
            profiles = [e]
            is_exact = True
    msg = (f"limit of the principal logit QRE branch (traced to lam={lam_end:.3g}), "
           "polished on its support")
    if not branch.converged:
        msg += f"; the tracer stopped early: {branch.message}"
    return build_result(game, profiles, method="logit", tol=0 if is_exact else tol,
                        exact=is_exact, complete=False, converged=True,
                        iterations=len(branch.lambdas), message=msg, extra=extra)


def logit_limit(game, *, tol: float | None = None, max_lambda: float = 1e6,
                exact: bool = False) -> EquilibriumResult:
    """One Nash equilibrium of any N-player game: the limit of the principal logit branch.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game.
    tol : float, optional
        Regret tolerance for verification (default ``game.default_tol()``).
    max_lambda : float, default 1e6
        How far the branch is traced before its end is polished.
    exact : bool, default False
        For an exact game, also try to express the equilibrium in Fractions (kept only if its
        exact regret is 0).

    Returns
    -------
    EquilibriumResult
        One verified equilibrium (``complete=False``), or none with ``converged=False`` and a
        message saying why.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.nplayer import logit_limit
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    >>> eq = logit_limit(g)[0]
    >>> [round(float(x), 9) for x in eq.strategies[0]], [round(float(x), 9) for x in eq.strategies[1]]
    ([0.2, 0.8], [0.6, 0.4])
    """
    from ..bounded.qre import logit_branch
    from ..games.normal_form import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"logit_limit: expected a NormalFormGame, got {type(game).__name__}")
    if tol is not None:
        tol = float(check_real("logit_limit", "tol", tol, low=0))
    max_lambda = float(check_real("logit_limit", "max_lambda", max_lambda, low=0, low_open=True))
    from ._scale import in_user_units, unit_range
    scaled, c = unit_range(game)      # unit payoff range: the same equilibria at any scale
    if c != 1.0:
        inner = logit_limit(scaled, tol=None if tol is None else tol * c,
                            max_lambda=max_lambda, exact=exact)
        return in_user_units(game, inner, tol)
    branch = logit_branch(game, max_lambda=max_lambda)
    return limit_from_branch(game, branch, tol=tol, exact=exact)

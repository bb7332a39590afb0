"""Nash equilibria of an N-player game by the global Newton method (Govindan & Wilson 2003).

The game is perturbed along a ray ``G + lam * g`` (``g`` a bonus to some actions): far out on
the ray the perturbed game has a unique, pure equilibrium, and the equilibria of the games on
the ray form a path (a one-dimensional manifold, by the structure theorem of Kohlberg and
Mertens) that starts there. The path is followed through the cells of the supports it meets;
each time it crosses ``lam = 0`` it passes an equilibrium of the game itself, and it may cross
several times, turning back and forth, before it leaves towards ``lam -> -inf``. This is the
algorithm of Gametracer (Blum, Shelton & Koller 2006) that Gambit's ``gnm`` runs; the path
itself is in :mod:`contracts.equilibrium._gnm_path`. Every equilibrium passed is polished by
Newton's method on its support and verified by its max regret.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_count, check_real
from ..exceptions import ConvergenceError, InvalidGameError, InvalidParameterError
from ..results import EquilibriumResult, build_result

__all__ = ["gnm"]

_WHERE = "gnm"


def _scaled(game):
    """The game's payoffs shifted and divided by the overall range (all players), as floats."""
    import contracts.games.normal_form as nf
    g = game.as_float() if game.is_exact else game
    P = [np.asarray(a, dtype=np.float64) for a in g.payoffs]
    lo = min(float(a.min()) for a in P)
    hi = max(float(a.max()) for a in P)
    span = hi - lo if hi > lo else 1.0
    return nf.NormalFormGame([(a - lo) / span for a in P])


def _direction(game, perturbation, rng):
    """The perturbation as one flat vector, with a unique largest entry for every player."""
    n = game.num_actions
    if perturbation is None:
        if rng is None:                     # Gambit's default: each player's first action
            return np.concatenate([np.eye(k)[0] for k in n])
        return np.random.default_rng(rng).standard_normal(int(sum(n)))
    if rng is not None:
        raise InvalidParameterError(f"{_WHERE}: give perturbation or rng, not both")
    try:
        parts = [np.asarray(p, dtype=np.float64).ravel() for p in perturbation]
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{_WHERE}: perturbation must be one real vector per player, "
                                    f"got {perturbation!r}") from None
    if len(parts) != len(n) or any(len(p) != k for p, k in zip(parts, n)):
        raise InvalidParameterError(
            f"{_WHERE}: perturbation must have one vector per player of lengths {tuple(n)}, got "
            f"lengths {tuple(len(p) for p in parts)}")
    for i, p in enumerate(parts):
        if not np.all(np.isfinite(p)):
            raise InvalidParameterError(f"{_WHERE}: perturbation must be finite, got {p!r}")
        if int(np.sum(p == p.max())) > 1:
            raise InvalidParameterError(
                f"{_WHERE}: perturbation must have a unique largest entry for every player, "
                f"player {i} has {p.tolist()}")
    return np.concatenate(parts)


def gnm(game, *, perturbation=None, rng=None, end_lambda: float = -10.0, steps: int = 100,
        lnm_interval: int = 3, lnm_maxits: int = 10, max_iter: int = 20_000,
        tol: float | None = None) -> EquilibriumResult:
    """Equilibria of an N-player game on the path of the global Newton method.

    Parameters
    ----------
    game : NormalFormGame
        A finite game with at least two players (Fraction payoffs are solved in floats).
    perturbation : sequence of array_like, optional
        Direction ``g`` of the perturbation, one vector per player, each with a unique largest
        entry (default: 1 on every player's first action, as in Gambit).
    rng : None, int or numpy.random.Generator, optional
        When given (and ``perturbation`` is not), the direction is drawn at random (standard
        normal entries) from ``numpy.random.default_rng(rng)``: different directions trace
        different paths and may find different equilibria.
    end_lambda : float, default -10.0
        Negative perturbation size at which the path is abandoned once it heads away.
    steps : int, default 100
        Linear steps taken inside each support cell (three or more players). A path that
        drifts too far from the equilibrium manifold before meeting any equilibrium is
        traced again with four times as many, then with the ray bent back to the path
        wherever it drifts.
    lnm_interval : int, default 3
        Steps between local Newton corrections.
    lnm_maxits : int, default 10
        Iterations of each local Newton correction.
    max_iter : int, default 20000
        Largest number of steps along the path (a few thousand a second; in degenerate games
        the path can cycle).
    tol : float, optional
        Regret tolerance of the returned equilibria (default ``game.default_tol()``).

    Returns
    -------
    EquilibriumResult
        The verified equilibria met on the path, in the order met (``complete=False``);
        ``extra`` holds why the path ended (``"end"``), the support changes
        (``"crossings"``) and the number of points the path passed (``"crossed"``).

    Raises
    ------
    ConvergenceError
        When no point the path passes at ``lam = 0`` polishes to a verified equilibrium.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.gnm import gnm
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> res = gnm(g)                      # the path meets all three equilibria, in turn
    >>> [[s.round(6).tolist() for s in eq.strategies] for eq in res]
    [[[1.0, 0.0], [1.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]], [[0.0, 1.0], [0.0, 1.0]]]
    >>> len(gnm(g, perturbation=([1, 0], [0, 1])))          # another ray meets one
    1
    """
    from .._contractions import PayoffContractions
    from ._gnm_path import _Game, trace
    from ._support_polish import polish
    from .support_newton import _check_game, _Stack

    _check_game(game, _WHERE)
    if game.num_players < 2:
        raise InvalidGameError(f"{_WHERE}: the game must have at least two players, got "
                                    f"{game.num_players}")
    end_lambda = float(check_real(_WHERE, "end_lambda", end_lambda, high=0, high_open=True))
    steps = check_count(_WHERE, "steps", steps, low=1)
    lnm_interval = check_count(_WHERE, "lnm_interval", lnm_interval, low=1)
    lnm_maxits = check_count(_WHERE, "lnm_maxits", lnm_maxits, low=0)
    max_iter = check_count(_WHERE, "max_iter", max_iter, low=1)
    tol = game.default_tol() if tol is None else float(check_real(_WHERE, "tol", tol, low=0))
    g = _direction(game, perturbation, rng)
    if not np.any(g != 0):
        raise InvalidParameterError(f"{_WHERE}: perturbation must not be zero")
    n = tuple(int(k) for k in game.num_actions)
    A = _Game(PayoffContractions(_scaled(game)), n)
    st = _Stack(game)
    g = g / np.linalg.norm(g)
    # A path lost to accumulated error is traced again with finer steps, then with the ray
    # bent back to the path whenever it drifts ("wobble"); a ray along which two actions reach
    # their support boundaries at once (a symmetric direction in a symmetric game) can lead
    # the path astray, so a path without a verified equilibrium is also traced along a
    # slightly tilted ray (a fixed tilt: the result stays reproducible).
    tilt = np.random.default_rng(0).standard_normal(len(g)) * 1e-6
    end, found = None, []
    for ray, fine, wobble in ((g, 1, False), (g, 4, False), (g, 1, True), (g + tilt, 1, False)):
        lost = end is not None and end.reason.startswith("path error") and A.N > 2
        if (fine > 1 or wobble) and not lost:
            continue
        end = trace(A, ray / np.linalg.norm(ray), steps=steps * fine,
                    lnm_interval=lnm_interval, lnm_maxits=lnm_maxits, end_lambda=end_lambda,
                    max_iter=max_iter, wobble=wobble)
        found = []
        for x in end.points:
            prof = tuple(np.asarray(p, dtype=np.float64) for p in A.split(x))
            if float(max(game.regrets(prof))) > tol:
                prof = polish(st, x, 1e-6, tol, max_dist=1e-3)
            if prof is not None:
                found.append(prof)
        if found:
            break
    info = {"end": end.reason, "crossings": end.crossings, "crossed": len(end.points)}
    if not found:
        raise ConvergenceError(f"{_WHERE}: the path passed {len(end.points)} point(s) at "
                               f"lam = 0 and none verified (path ended: {end.reason})")
    res = build_result(game, found, method=_WHERE, tol=tol, converged=True,
                       iterations=end.steps,
                       message=f"global Newton path: {len(end.points)} crossing(s) of lam = 0, "
                               f"{end.crossings} support change(s), ended: {end.reason}",
                       extra=info)
    if not len(res):
        raise ConvergenceError(f"{_WHERE}: no equilibrium found on the path verified "
                               f"(max regret above tol {tol:.3g})")
    return res

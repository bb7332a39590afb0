"""Feasible and individually rational payoffs, the method dispatcher and the folk-theorem
discount."""

from __future__ import annotations

import inspect

import numpy as np

from ..._validation import check_discount, check_positive
from ...exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from ...games.normal_form import NormalFormGame
from .abreu_sannikov import _aps_polygon, abreu_sannikov
from .geometry import _extreme_points, _hrep_vertices, _hull_2d, _poly_distance
from .inner import inner_approximation
from .outer import outer_approximation
from .result import PayoffSet
from .stage import _Stage, pure_minmax_payoffs


_METHOD_ALIASES = {
    "exact": "exact", "abreu_sannikov": "exact", "as": "exact",
    "outer": "outer", "jyc": "outer", "judd_yeltekin_conklin": "outer",
    "inner": "inner",
}


# ==============================================================================================
# feasible set, dispatcher, thresholds
# ==============================================================================================
def feasible_payoffs(stage, *, individually_rational: bool = True) -> PayoffSet:
    """The convex hull of the stage payoffs, optionally cut at the pure-action minmax levels.

    With ``individually_rational=True`` this is the folk-theorem set: no pure-strategy
    equilibrium payoff lies outside it, and (two players) all of it is attained for discount
    factors close enough to 1 when it is full-dimensional.

    Parameters
    ----------
    stage : NormalFormGame or RepeatedGame
        The stage game.
    individually_rational : bool
        Cut the hull at the pure-action minmax levels.

    Returns
    -------
    PayoffSet
        The convex set of payoffs.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import feasible_payoffs
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> feasible_payoffs(pd).area
    40.5
    """
    if not isinstance(stage, NormalFormGame):
        stage = getattr(stage, "stage", None)
        if not isinstance(stage, NormalFormGame):
            raise InvalidGameError("feasible_payoffs: expected a NormalFormGame or a "
                                   "RepeatedGame")
    S = _Stage(stage, 0.5)
    gtol = 1e-12 * S.scale
    N = S.N
    if not individually_rational:
        V = _extreme_points(S.U, gtol)
    else:
        mm = pure_minmax_payoffs(stage)
        if N == 2:
            P = _hull_2d(S.U, gtol)
            for i in range(2):
                P = _clip_halfplane(P, i, mm[i], gtol)
            V = P
        else:
            V = _clip_nd(S.U, mm, gtol)
    return PayoffSet._from_vertices(
        V, N, tol=gtol, kind="feasible",
        method="feasible ∩ individually rational" if individually_rational else "feasible",
        players=stage.players, stage=stage)


def _clip_halfplane(P: np.ndarray, i: int, level: float, tol: float) -> np.ndarray:
    """Sutherland-Hodgman clip of a convex polygon to ``{w : w_i >= level}``."""
    if len(P) == 0:
        return P
    if len(P) == 1:
        return P if P[0, i] >= level - tol else P[:0]
    out = []
    K = len(P)
    rng = range(K) if K > 2 else range(1)
    for k in rng:
        p, q = P[k], P[(k + 1) % K]
        pin, qin = p[i] >= level - tol, q[i] >= level - tol
        if pin:
            out.append(p)
        if pin != qin and abs(q[i] - p[i]) > 0:
            t = (level - p[i]) / (q[i] - p[i])
            if 0 < t < 1:
                out.append(p + t * (q - p))
        if K == 2 and qin:
            out.append(q)
    if not out:
        return P[:0]
    return _hull_2d(np.array(out), tol)


def _clip_nd(U, mm, gtol):
    from scipy.spatial import ConvexHull, QhullError
    N = U.shape[1]
    try:
        hull = ConvexHull(U)
        Hc = hull.equations[:, :N]
        cc = -hull.equations[:, N]
    except QhullError:
        raise UnsupportedGameError(
            "feasible_payoffs: the feasible set of this N-player game is lower-dimensional; "
            "use individually_rational=False") from None
    H = np.vstack([Hc, -np.eye(N)])
    c = np.r_[cc, -mm]
    return _hrep_vertices(H, c, gtol)


def payoff_set(game, discount: float | None = None, method: str = "exact",
               **options) -> PayoffSet:
    """The set of pure-strategy SPE payoffs by the named method.

    ``method`` is ``"exact"`` (two players; alias ``"abreu_sannikov"``), ``"outer"`` (alias
    ``"jyc"``) or ``"inner"``; ``options`` go to :func:`abreu_sannikov`,
    :func:`outer_approximation` or :func:`inner_approximation`.

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        The repeated game, or its stage game with ``discount``.
    discount : float, optional
        Needed when ``game`` is a stage game.
    method : {"exact", "outer", "inner"}
        The algorithm.
    **options
        Options of the chosen method.

    Returns
    -------
    PayoffSet
        The equilibrium payoff set or its approximation.

    Raises
    ------
    InvalidParameterError
        For an unknown method or an option it does not take.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import payoff_set
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> payoff_set(pd, 0.1).vertices.round(9).tolist()   # only the stage equilibrium, forever
    [[3.0, 3.0]]
    """
    if not isinstance(method, str) or method.lower() not in _METHOD_ALIASES:
        raise InvalidParameterError(
            f"payoff_set: unknown method {method!r}; expected one of 'exact', 'outer', 'inner'")
    m = _METHOD_ALIASES[method.lower()]
    fn = {"exact": abreu_sannikov, "outer": outer_approximation,
          "inner": inner_approximation}[m]
    accepted = [p.name for p in inspect.signature(fn).parameters.values()
                if p.kind is inspect.Parameter.KEYWORD_ONLY]
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise InvalidParameterError(
            f"payoff_set: unknown option(s) {', '.join(map(repr, unknown))} for method "
            f"{method!r}; expected some of {', '.join(map(repr, accepted))}")
    return fn(game, discount, **options)


def folk_theorem_discount(game, *, tol: float = 1e-12, max_discount: float = 0.999,
                          set_tol: float | None = None) -> float | None:
    """Smallest discount factor at which every feasible, individually rational payoff is an
    equilibrium payoff (two players; pure actions, public randomisation).

    The equilibrium payoff set ``V`` is the largest self-generating set and lies inside the
    feasible, individually rational set ``F*`` (:func:`feasible_payoffs`), so ``V = F*`` exactly
    when ``F*`` generates itself: ``F* ⊆ B(F*)``. With public randomisation a convex
    self-generating set stays self-generating at higher discount factors, so the threshold is
    found by bisection on this one-step test (no fixed-point iteration, hence sharp even where
    the equilibrium set jumps).

    Parameters
    ----------
    game : NormalFormGame or RepeatedGame
        Two-player stage game (the discount of a repeated game is ignored).
    tol : float
        Precision of the threshold.
    max_discount : float
        Largest discount factor tried.
    set_tol : float, optional
        Largest distance from a point of ``F*`` to ``B(F*)`` counted as inclusion (default
        ``1e-11`` × payoff scale).

    Returns
    -------
    float or None
        The threshold, or None when ``F*`` is not self-generating even at ``max_discount`` (for
        instance when a minmax payoff cannot be sustained by any equilibrium).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.payoff_sets import folk_theorem_discount
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> round(folk_theorem_discount(pd), 9)
    0.25
    """
    where = "folk_theorem_discount"
    stage = game if isinstance(game, NormalFormGame) else getattr(game, "stage", None)
    if not isinstance(stage, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame or a RepeatedGame")
    if stage.num_players != 2:
        raise UnsupportedGameError(f"{where}: needs a two-player stage game; this one has "
                                   f"{stage.num_players} players")
    check_positive(where, "tol", tol)
    check_discount(where, max_discount, "max_discount")
    F = feasible_payoffs(stage)
    if F.is_empty:
        return None
    Fv = np.asarray(F.vertices)
    base = _Stage(stage, 0.5)
    set_tol = 1e-11 * base.scale if set_tol is None else check_positive(where, "set_tol",
                                                                        set_tol)
    gtol = 1e-12 * base.scale

    def self_generating(d):
        S = _Stage(stage, d)
        BF, _ = _aps_polygon(S, Fv, gtol)
        return len(BF) > 0 and float(_poly_distance(Fv, BF).max()) <= set_tol

    if not self_generating(max_discount):
        return None
    lo, hi = 0.0, float(max_discount)
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if self_generating(mid):
            hi = mid
        else:
            lo = mid
    return hi

"""Goal and means congruence, and the 4C regime and stage of a finite or continuous game.

Finite games: goal congruence is the correlation of the two players' payoffs over the action
profiles, means congruence the probability that the agency plays the action the government
prefers. Continuous (Baker/LEN) models: cosines between value, mission and effort vectors.
Re-exported by :mod:`contracts.models.lifecycle`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np

from .._validation import check_discount
from ..exceptions import InvalidGameError, InvalidParameterError
from ..games.normal_form import NormalFormGame, as_profile
from ..results import format_number
from ._lifecycle_rules import _STAGE_WORDS, classify_4c, classify_stage

__all__ = ["goal_congruence", "means_congruence", "cosine_congruence", "Classification",
           "classify_profile", "classify_repeated", "classify_continuous"]

_fmt = format_number

# ==============================================================================================
# congruence measures
# ==============================================================================================
def _player_index(game: NormalFormGame, who, default: int, keywords: tuple[str, ...],
                  where: str, role: str) -> int:
    if who is None:
        for i, name in enumerate(game.players):
            if any(k in str(name).lower() for k in keywords):
                return i
        return default
    if isinstance(who, str):
        if who not in game.players:
            raise InvalidParameterError(
                f"{where}: {role} {who!r} is not a player; players are {list(game.players)}")
        return list(game.players).index(who)
    if isinstance(who, bool) or not isinstance(who, (int, np.integer)) or not (
            0 <= who < game.num_players):
        raise InvalidParameterError(
            f"{where}: {role} must be a player name or an index in [0, {game.num_players - 1}],"
            f" got {who!r}")
    return int(who)


def _roles(game, government, agency, where):
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if game.num_players < 2:
        raise InvalidGameError(f"{where}: needs at least two players, found {game.num_players}")
    g = _player_index(game, government, 0, ("government", "gov", "bureau", "office"), where,
                      "government")
    a = _player_index(game, agency, 1 if g != 1 else 0, ("agency", "so", "organisation",
                                                         "organization"), where, "agency")
    if g == a:
        raise InvalidParameterError(f"{where}: government and agency must be different players")
    return g, a


def goal_congruence(game: NormalFormGame, *, government=None, agency=None,
                    weights=None) -> float:
    """Ends congruence ``g``: Pearson correlation of the government's and the agency's payoffs.

    Over all action profiles (outcomes), uniformly or with ``weights`` (an array of the game's
    shape, non-negative, not all zero). Players are found by name (``"government"``,
    ``"agency"``) unless given (name or index).

    Parameters
    ----------
    game : NormalFormGame
        The game.
    government, agency : str or int, optional
        The two players (name or index); found by name when omitted.
    weights : array_like, optional
        Weight of each action profile (the game's shape); uniform by default.

    Returns
    -------
    float
        The correlation, in [-1, 1].

    Raises
    ------
    InvalidGameError
        When a player's payoff does not vary (the correlation is undefined).

    Examples
    --------
    >>> import contracts as ct
    >>> trust = ct.NormalFormGame.from_bimatrix([[3, 1], [5, 2]], [[4, 3], [0, 1]],
    ...                                         players=("agency", "government"))
    >>> round(goal_congruence(trust), 6)
    -0.534522
    """
    w = "goal_congruence"
    gi, ai = _roles(game, government, agency, w)
    uG = np.asarray(game.payoffs[gi], dtype=float).reshape(-1)
    uA = np.asarray(game.payoffs[ai], dtype=float).reshape(-1)
    if weights is None:
        p = np.full(uG.size, 1.0 / uG.size)
    else:
        try:
            p = np.asarray(weights, dtype=float)
        except (TypeError, ValueError):
            raise InvalidParameterError(f"{w}: weights must be numeric") from None
        if p.shape != tuple(game.num_actions):
            raise InvalidParameterError(
                f"{w}: weights must have the game's shape {tuple(game.num_actions)}, got "
                f"{p.shape}")
        p = p.reshape(-1)
        if not np.all(np.isfinite(p)) or np.any(p < 0) or p.sum() <= 0:
            raise InvalidParameterError(
                f"{w}: weights must be finite, non-negative and not all zero")
        p = p / p.sum()
    dG = uG - p @ uG
    dA = uA - p @ uA
    vG, vA = p @ (dG * dG), p @ (dA * dA)
    scale = max(1.0, float(np.max(np.abs(uG))), float(np.max(np.abs(uA))))
    if vG <= 1e-24 * scale ** 2 or vA <= 1e-24 * scale ** 2:
        raise InvalidGameError(
            f"{w}: a player's payoff is constant over the outcomes, so the correlation of "
            "payoffs (goal congruence) is undefined")
    return float(np.clip(p @ (dG * dA) / math.sqrt(vG * vA), -1.0, 1.0))


def means_congruence(game: NormalFormGame, profile, *, government=None, agency=None,
                     tol: float = 1e-9) -> float:
    """Means congruence ``m``: probability that the agency plays a government-preferred action.

    ``m = Σ_a σ_A(a)·1[a ∈ argmax_a' u_G(a', σ_−A)]``, the government's preferred agency
    action(s) computed against the other players' strategies in ``profile``.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    profile : sequence
        One mixed strategy per player.
    government, agency : str or int, optional
        The two players (name or index); found by name when omitted.
    tol : float
        Payoffs within ``tol`` of the best count as preferred.

    Returns
    -------
    float
        ``m`` in [0, 1].

    Examples
    --------
    >>> import contracts as ct
    >>> trust = ct.NormalFormGame.from_bimatrix([[3, 1], [5, 2]], [[4, 3], [0, 1]],
    ...                                         players=("agency", "government"))
    >>> means_congruence(trust, ([0, 1], [0, 1])), means_congruence(trust, ([1, 0], [1, 0]))
    (0.0, 1.0)
    """
    w = "means_congruence"
    gi, ai = _roles(game, government, agency, w)
    prof = as_profile(game, profile, where=w)
    uG = np.asarray(game.payoffs[gi], dtype=float)
    # government's payoff as a function of the agency's action, others at the profile
    arr = np.moveaxis(uG, ai, 0)
    others = [i for i in range(game.num_players) if i != ai]
    for i in reversed(others):
        arr = arr @ np.asarray(prof[i], dtype=float)
    best = float(np.max(arr))
    preferred = arr >= best - tol * (1 + abs(best))
    return float(np.clip(np.asarray(prof[ai], dtype=float) @ preferred, 0.0, 1.0))


def cosine_congruence(u, v) -> float:
    """Cosine of the angle between two non-zero vectors (congruence in continuous models).

    Parameters
    ----------
    u, v : array_like
        Two non-zero vectors of the same length.

    Returns
    -------
    float
        The cosine, in [-1, 1].

    Examples
    --------
    >>> round(cosine_congruence([1, 0.2], [1, 0]), 6)
    0.980581
    """
    w = "cosine_congruence"
    try:
        a = np.asarray(u, dtype=float).reshape(-1)
        b = np.asarray(v, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{w}: expected numeric vectors") from None
    if a.size != b.size or a.size == 0:
        raise InvalidParameterError(
            f"{w}: vectors must be non-empty and of equal length, got {a.size} and {b.size}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise InvalidParameterError(f"{w}: vectors must be finite")
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0 or nb == 0:
        raise InvalidParameterError(f"{w}: a zero vector has no direction")
    return float(np.clip(a @ b / (na * nb), -1.0, 1.0))


@dataclass(frozen=True)
class Classification:
    """4C regime and life-cycle stage of an equilibrium (or a path of play).

    Attributes
    ----------
    goal_congruence, means_congruence, control : float
        ``g``, ``m`` and ``x``.
    four_c : str
        Cooperation, complementarity, co-optation or confrontation.
    stage : str
        Exploratory, control, resistance, symbiosis or nominal.
    equilibrium : str
        What is played, in words.
    extra : Mapping
        Anything else (e.g. the critical discount factor).

    Examples
    --------
    >>> import contracts as ct
    >>> trust = ct.NormalFormGame.from_bimatrix(
    ...     [[3, 1], [5, 2]], [[4, 3], [0, 1]], players=("agency", "government"),
    ...     actions=(("Coop", "Shirk"), ("Trust", "Control")))
    >>> c = classify_profile(trust, ([1, 0], [1, 0]))
    >>> c.control, c.means_congruence, c.stage
    (0.0, 1.0, 'symbiosis')
    """

    goal_congruence: float
    means_congruence: float
    control: float
    four_c: str
    stage: str
    equilibrium: str = ""
    extra: Mapping = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return (f"{self.equilibrium + ': ' if self.equilibrium else ''}goal congruence "
                f"{_fmt(self.goal_congruence, 4)}, means congruence "
                f"{_fmt(self.means_congruence, 4)}, control {_fmt(self.control, 4)} ⇒ "
                f"{self.four_c}; stage {self.stage} ({_STAGE_WORDS[self.stage]})")


_CONTROL_WORDS = ("control", "strict", "inspect", "supervis", "monitor", "audit")


def _control_index(game, gi, control_action, where) -> int:
    acts = list(game.actions[gi])
    if control_action is None:
        hits = [k for k, a in enumerate(acts) if any(c in str(a).lower() for c in _CONTROL_WORDS)]
        if len(hits) != 1:
            raise InvalidParameterError(
                f"{where}: cannot tell which of the government's actions {acts} is 'control'; "
                "pass control_action (label or index)")
        return hits[0]
    if isinstance(control_action, str):
        if control_action not in acts:
            raise InvalidParameterError(
                f"{where}: control_action {control_action!r} is not one of the government's "
                f"actions {acts}")
        return acts.index(control_action)
    if isinstance(control_action, bool) or not isinstance(control_action, (int, np.integer)) or \
            not 0 <= control_action < len(acts):
        raise InvalidParameterError(
            f"{where}: control_action must be a label or an index in [0, {len(acts) - 1}], got "
            f"{control_action!r}")
    return int(control_action)


def classify_profile(game: NormalFormGame, profile, *, government=None, agency=None,
                     control_action=None, maturity: float = math.inf, exploration: float = 0.0,
                     goal_threshold: float = 0.0, means_threshold: float = 0.5,
                     control_threshold: float = 0.5, weights=None) -> Classification:
    """4C regime and stage of a strategy profile of a finite game.

    ``x`` is the probability that the government plays ``control_action`` (found by label —
    control / strict / inspect / supervise / monitor / audit — when not given).

    Parameters
    ----------
    game : NormalFormGame
        The game.
    profile : sequence
        One mixed strategy per player.
    government, agency : str or int, optional
        The two players (name or index); found by name when omitted.
    control_action : str or int, optional
        The government's control action; found by label when omitted.
    maturity : float
        Age of the relationship; below ``exploration`` the stage is exploratory.
    exploration : float
        ``N0``, the length of the exploratory stage.
    goal_threshold, means_threshold : float
        ``τ_g`` and ``τ_m``.
    control_threshold : float
        ``τ_x``.
    weights : array_like, optional
        Weights of the action profiles for the goal congruence.

    Returns
    -------
    Classification
        Congruences, control, 4C regime and stage.

    Examples
    --------
    >>> import contracts as ct
    >>> trust = ct.NormalFormGame.from_bimatrix(
    ...     [[3, 1], [5, 2]], [[4, 3], [0, 1]], players=("agency", "government"),
    ...     actions=(("Coop", "Shirk"), ("Trust", "Control")))
    >>> c = classify_profile(trust, ([0, 1], [0, 1]))
    >>> c.four_c, c.stage
    ('confrontation', 'resistance')
    """
    w = "classify_profile"
    gi, ai = _roles(game, government, agency, w)
    prof = as_profile(game, profile, where=w)
    g = goal_congruence(game, government=gi, agency=ai, weights=weights)
    m = means_congruence(game, prof, government=gi, agency=ai)
    k = _control_index(game, gi, control_action, w)
    x = float(np.asarray(prof[gi], dtype=float)[k])
    four = classify_4c(g, m, goal_threshold=goal_threshold, means_threshold=means_threshold)
    stage = classify_stage(min(max(x, 0.0), 1.0), m, maturity, exploration=exploration,
                           control_threshold=control_threshold, means_threshold=means_threshold)
    desc = []
    for i in (gi, ai):
        s = np.asarray(prof[i], dtype=float)
        if np.count_nonzero(s > 1e-12) == 1:
            desc.append(f"{game.players[i]} plays {game.actions[i][int(np.argmax(s))]}")
        else:
            desc.append(f"{game.players[i]} mixes " + ", ".join(
                f"{a} {_fmt(p, 3)}" for a, p in zip(game.actions[i], s) if p > 1e-12))
    return Classification(g, m, x, four, stage, "; ".join(desc))


def classify_repeated(game: NormalFormGame, target, discount: float, *, government=None,
                      agency=None, control_action=None, maturity: float = math.inf,
                      exploration: float = 0.0, goal_threshold: float = 0.0,
                      means_threshold: float = 0.5, control_threshold: float = 0.5
                      ) -> Classification:
    """4C regime and stage of a repeated relationship at discount factor ``discount``.

    Grim trigger (:func:`contracts.equilibrium.grim_trigger.critical_discount`) sustains the
    ``target`` path iff ``discount ≥ δ*``; then the path is classified, otherwise the stage
    equilibrium that the relationship falls back to (control-and-rebellion when δ is low).

    Parameters
    ----------
    game : NormalFormGame
        The stage game.
    target : sequence
        The cooperative profile (action labels or indices).
    discount : float
        The discount factor.
    government, agency, control_action, maturity, exploration : optional
        As in :func:`classify_profile`: the two players, the government's control action, the
        relationship's age and the length ``N0`` of its exploratory stage.
    goal_threshold, means_threshold, control_threshold : float
        ``τ_g``, ``τ_m`` and ``τ_x``.

    Returns
    -------
    Classification
        The regime of the sustained path or of the fallback equilibrium; ``extra`` holds the
        critical discount factor.

    Examples
    --------
    >>> import contracts as ct
    >>> trust = ct.NormalFormGame.from_bimatrix(
    ...     [[3, 1], [5, 2]], [[4, 3], [0, 1]], players=("agency", "government"),
    ...     actions=(("Coop", "Shirk"), ("Trust", "Control")))
    >>> [classify_repeated(trust, ("Coop", "Trust"), d).four_c for d in (0.5, 0.8)]
    ['confrontation', 'co-optation']
    """
    from ..equilibrium.grim_trigger import critical_discount

    w = "classify_repeated"
    check_discount(w, discount)
    gt = critical_discount(game, target)
    if gt.is_sustainable(discount):
        pure = gt.target
        how = (f"grim trigger sustains the target (δ = {_fmt(discount, 4)} ≥ δ* = "
               f"{_fmt(gt.delta_star, 4)})")
    else:
        pure = gt.punishment_profile
        how = (f"δ = {_fmt(discount, 4)} < δ* = {_fmt(gt.delta_star, 4)}: the relationship "
               "falls back to the stage equilibrium")
    if all(isinstance(k, (int, np.integer)) for k in pure):
        prof = tuple(np.eye(n)[k] for n, k in zip(game.num_actions, pure))
    else:
        prof = tuple(np.asarray(s, dtype=float) for s in pure)
    c = classify_profile(game, prof, government=government, agency=agency,
                         control_action=control_action, maturity=maturity,
                         exploration=exploration, goal_threshold=goal_threshold,
                         means_threshold=means_threshold, control_threshold=control_threshold)
    return dataclasses.replace(c, equilibrium=f"{how}; {c.equilibrium}",
                               extra=MappingProxyType({"delta_star": gt.delta_star,
                                                       "sustained": gt.is_sustainable(discount),
                                                       "grim_trigger": gt}))


def classify_continuous(f_government, f_agency, measure, *, r: float = 0.0,
                        sigma2: float = 0.0, goal_threshold: float = 0.5,
                        means_threshold: float = 0.5) -> Classification:
    """4C regime of a Baker (distorted measure) contract.

    ``g = cos(f_G, f_A)`` (government's value weights vs the agency's mission weights);
    ``e*`` is the equilibrium effort under the optimal linear contract on ``measure``
    (:class:`contracts.agency.linear.Distortion`, so ``e* ∝ measure``) and ``m = cos(e*, f_G)``.
    Thresholds default to 0.5 for cosines. The stage is not defined here (``stage`` is the
    quadrant with full control, the contract being explicit).

    Parameters
    ----------
    f_government : array_like
        The government's value weights on the effort dimensions.
    f_agency : array_like
        The agency's mission weights.
    measure : array_like
        The performance measure's weights.
    r : float
        The agency's risk aversion.
    sigma2 : float
        The noise variance of the measure.
    goal_threshold, means_threshold : float
        ``τ_g`` and ``τ_m``.

    Returns
    -------
    Classification
        Congruences and 4C regime.

    Examples
    --------
    >>> c = classify_continuous([1, 0.2], [1, 0], [0.2, 1])
    >>> round(c.goal_congruence, 6), round(c.means_congruence, 6), c.four_c
    (0.980581, 0.384615, 'complementarity')
    """
    from ..agency.linear import Distortion

    g = cosine_congruence(f_government, f_agency)
    sol = Distortion(f=f_government, g=measure, risk_aversion=r, noise_variance=sigma2).solve()
    effort = np.asarray(sol.extra["effort"], dtype=float)
    if not np.any(effort):
        raise InvalidParameterError(
            "classify_continuous: the optimal contract induces no effort (measure orthogonal to "
            "value), so means congruence is undefined")
    m = cosine_congruence(effort, f_government)
    four = classify_4c(g, m, goal_threshold=goal_threshold, means_threshold=means_threshold)
    stage = classify_stage(1.0, m, means_threshold=means_threshold)
    return Classification(g, m, 1.0, four, stage,
                          f"explicit contract on the measure, piece rate "
                          f"{_fmt(sol.extra['beta'], 4)}, effort {np.round(effort, 4).tolist()}",
                          MappingProxyType({"beta": sol.extra["beta"], "effort": effort}))

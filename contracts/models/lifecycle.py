"""Najam's 4C regimes and the life cycle of a government–agency relationship.

**4C (Najam 2000).** Compare the government's and the agency's *ends* (goal congruence ``g``)
and *means* (means congruence ``m``): similar ends and means → cooperation; similar ends,
dissimilar means → complementarity; dissimilar ends, similar means → co-optation; dissimilar
ends and means → confrontation. Measures (§12.1):

* finite games: ``g`` = Pearson correlation of the two players' payoffs over the action profiles
  (:func:`goal_congruence`); ``m`` = probability that the agency plays the action the government
  prefers, given the government's strategy (:func:`means_congruence`);
* continuous (Baker/LEN) models: ``g = cos(f_G, f_A)`` between value vectors and
  ``m = cos(e*, f_G)`` with ``e*`` the equilibrium effort (:func:`classify_continuous`).

**Life-cycle stage (§12.2).** From control intensity ``x``, means congruence ``m`` and maturity:
*exploratory* while maturity < ``N0``; then *control* (``x ≥ τ_x``, ``m ≥ τ_m``), *resistance*
(``x ≥ τ_x``, ``m < τ_m``), *symbiosis* (``x < τ_x``, ``m ≥ τ_m``) or *nominal* (neither control
nor performance). Trajectories are labelled point by point and run-length compressed
(:func:`classify_path`); an ESS vertex ``(x, y, z)`` of the tripartite replicator model (§11.2,
:class:`TripartiteParameters`) is labelled with ``m = y``.

**Two orders.** Within one regime the inspection cycle runs nominal → resistance → control →
symbiosis → nominal; the thesis order exploratory → control → resistance →
symbiosis appears under *parameter drift* (ESS 110 → 100 → 011 as the
district's political credit from control falls and the agency's relational benefit rises).
:class:`LifeCycle` reproduces both.

Examples
--------
>>> from contracts.models.lifecycle import LifeCycle, classify_4c, classify_stage
>>> classify_4c(-0.53, 1.0), classify_stage(1.0, 0.0, maturity=10, exploration=1)
('co-optation', 'resistance')
>>> s = LifeCycle().solve()
>>> [r.ess for r in s.regimes], [r.stage for r in s.regimes]
([('110',), ('100',), ('011',)], ['control', 'resistance', 'symbiosis'])
>>> " → ".join(s.cycle.label_runs[:5])
'exploratory → resistance → control → symbiosis → nominal'
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np

from .._validation import check_discount, check_nonnegative, check_real
from ..exceptions import InvalidGameError, InvalidParameterError
from ..games.normal_form import NormalFormGame, as_profile
from ..results import format_number
from ._explain import ComparativeStatic, Explanation

__all__ = [
    "EXPLORATORY", "CONTROL", "RESISTANCE", "SYMBIOSIS", "NOMINAL", "STAGES",
    "COOPERATION", "COMPLEMENTARITY", "CO_OPTATION", "CONFRONTATION", "FOUR_C",
    "goal_congruence", "means_congruence", "cosine_congruence", "classify_4c",
    "classify_stage", "classify_path", "classify_profile", "classify_repeated",
    "classify_continuous", "Classification", "StagePath", "VertexStability",
    "RegimeClassification", "TripartiteParameters", "LifeCycle", "LifeCycleSolution",
    "EVO_NOMINAL", "EVO_CONTROL", "EVO_RESISTANCE", "EVO_SYMBIOSIS", "EVO_CYCLE",
]

_fmt = format_number

EXPLORATORY, CONTROL, RESISTANCE, SYMBIOSIS, NOMINAL = (
    "exploratory", "control", "resistance", "symbiosis", "nominal")
STAGES = (EXPLORATORY, CONTROL, RESISTANCE, SYMBIOSIS, NOMINAL)
COOPERATION, COMPLEMENTARITY, CO_OPTATION, CONFRONTATION = (
    "cooperation", "complementarity", "co-optation", "confrontation")
FOUR_C = (COOPERATION, COMPLEMENTARITY, CO_OPTATION, CONFRONTATION)

_STAGE_WORDS = {
    EXPLORATORY: "early mutual testing",
    CONTROL: "compliance under control (absorption-and-alliance)",
    RESISTANCE: "control met by non-compliance (control-and-rebellion)",
    SYMBIOSIS: "compliance without control (trust, mutual dependence)",
    NOMINAL: "neither control nor performance (the nominal contract)",
}


# ==============================================================================================
# classification rules
# ==============================================================================================
def classify_4c(goal: float, means: float, *, goal_threshold: float = 0.0,
                means_threshold: float = 0.5) -> str:
    """Najam's 4C regime from goal congruence ``g`` and means congruence ``m``.

    ``g ≥ τ_g`` means similar ends, ``m ≥ τ_m`` similar means. Defaults ``τ_g = 0`` (for
    correlations; use 0.5 for cosines) and ``τ_m = 0.5``.

    Parameters
    ----------
    goal : float
        Goal (ends) congruence ``g``.
    means : float
        Means congruence ``m``.
    goal_threshold, means_threshold : float
        ``τ_g`` and ``τ_m``.

    Returns
    -------
    str
        ``"cooperation"``, ``"complementarity"``, ``"co-optation"`` or ``"confrontation"``.

    Examples
    --------
    >>> [classify_4c(g, m) for g, m in [(1, 1), (1, 0), (-1, 1), (-1, 0)]]
    ['cooperation', 'complementarity', 'co-optation', 'confrontation']
    """
    w = "classify_4c"
    check_real(w, "goal", goal)
    check_real(w, "means", means)
    check_real(w, "goal_threshold", goal_threshold)
    check_real(w, "means_threshold", means_threshold)
    similar_ends = goal >= goal_threshold
    similar_means = means >= means_threshold
    if similar_ends:
        return COOPERATION if similar_means else COMPLEMENTARITY
    return CO_OPTATION if similar_means else CONFRONTATION


def classify_stage(control: float, means: float, maturity: float = math.inf, *,
                   exploration: float = 0.0, control_threshold: float = 0.5,
                   means_threshold: float = 0.5) -> str:
    """Life-cycle stage of a state.

    Parameters
    ----------
    control : float
        Control intensity ``x`` in [0, 1] (e.g. probability of strict supervision).
    means : float
        Means congruence ``m``.
    maturity : float, default inf
        Age of the relationship (periods, time, precision); below ``exploration`` the stage is
        exploratory.
    exploration : float, default 0
        ``N0``.
    control_threshold, means_threshold : float, default 0.5
        ``τ_x`` and ``τ_m`` (a value equal to the threshold counts as high).

    Returns
    -------
    str
        ``"exploratory"``, ``"control"``, ``"resistance"``, ``"symbiosis"`` or ``"nominal"``.

    Examples
    --------
    >>> [classify_stage(x, m) for x, m in [(1, 1), (1, 0), (0, 1), (0, 0)]]
    ['control', 'resistance', 'symbiosis', 'nominal']
    >>> classify_stage(1, 1, maturity=0.2, exploration=0.5)
    'exploratory'
    """
    w = "classify_stage"
    check_real(w, "control", control, low=0, high=1)
    check_real(w, "means", means, low=-1, high=1)
    check_real(w, "maturity", maturity, low=0, allow_inf=True)
    check_real(w, "exploration", exploration, low=0)
    check_real(w, "control_threshold", control_threshold)
    check_real(w, "means_threshold", means_threshold)
    if maturity < exploration:
        return EXPLORATORY
    hi_x = control >= control_threshold
    hi_m = means >= means_threshold
    if hi_x:
        return CONTROL if hi_m else RESISTANCE
    return SYMBIOSIS if hi_m else NOMINAL


@dataclass(frozen=True, eq=False)
class StagePath:
    """A trajectory labelled by life-cycle stage.

    Attributes
    ----------
    times, control, means : numpy.ndarray
        The grid and the labelled series.
    labels : tuple of str
        The stage at each grid point.
    runs : tuple of (str, float, float)
        Run-length compression: (stage, first time, last time) of each run.

    Examples
    --------
    >>> p = classify_path([0, 1, 2], [0.9, 0.9, 0.1], [0.9, 0.1, 0.1])
    >>> p.labels, p.runs[0]
    (('control', 'resistance', 'nominal'), ('control', 0.0, 0.0))
    """

    times: np.ndarray
    control: np.ndarray
    means: np.ndarray
    labels: tuple
    runs: tuple

    @property
    def label_runs(self) -> tuple[str, ...]:
        """The sequence of stages visited (run-length compressed)."""
        return tuple(r[0] for r in self.runs)

    @property
    def first_entry_time(self) -> Mapping[str, float]:
        """Time at which each stage is first entered."""
        out: dict[str, float] = {}
        for lab, t0, _ in self.runs:
            out.setdefault(lab, t0)
        return MappingProxyType(out)

    def __str__(self) -> str:
        seq = " → ".join(f"{lab} (t={_fmt(t0, 4)})" for lab, t0, _ in self.runs)
        return f"Stage path over t ∈ [{_fmt(self.times[0], 4)}, {_fmt(self.times[-1], 4)}]: {seq}"


def classify_path(times: Sequence[float], control: Sequence[float], means: Sequence[float], *,
                  exploration: float = 0.0, control_threshold: float = 0.5,
                  means_threshold: float = 0.5) -> StagePath:
    """Label a trajectory point by point (maturity = time) and run-length compress it.

    Parameters
    ----------
    times : sequence of float
        The time grid.
    control : sequence of float
        Control intensity ``x`` at each time.
    means : sequence of float
        Means congruence ``m`` at each time.
    exploration : float
        ``N0``: times below it are exploratory.
    control_threshold, means_threshold : float
        ``τ_x`` and ``τ_m``.

    Returns
    -------
    StagePath
        The stage of each point and the runs of equal stages.

    Examples
    --------
    >>> p = classify_path([0, 1, 2, 3], [0.9, 0.9, 0.1, 0.1], [0.1, 0.9, 0.9, 0.9],
    ...                   exploration=0.5)
    >>> p.label_runs
    ('exploratory', 'control', 'symbiosis')
    >>> dict(p.first_entry_time)
    {'exploratory': 0.0, 'control': 1.0, 'symbiosis': 2.0}
    """
    w = "classify_path"
    try:
        t = np.asarray(times, dtype=float).reshape(-1)
        x = np.asarray(control, dtype=float).reshape(-1)
        m = np.asarray(means, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{w}: times, control and means must be numeric sequences") \
            from None
    if not (t.size == x.size == m.size) or t.size == 0:
        raise InvalidParameterError(
            f"{w}: times, control and means must be non-empty and of equal length; found "
            f"{t.size}, {x.size}, {m.size}")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(x)) and np.all(np.isfinite(m))):
        raise InvalidParameterError(f"{w}: times, control and means must be finite")
    if np.any(np.diff(t) <= 0):
        raise InvalidParameterError(f"{w}: times must be strictly increasing")
    if np.any(t < 0):
        raise InvalidParameterError(f"{w}: times (maturity) must be non-negative")
    # small round-off outside [0, 1] from ODE solvers is clipped
    if np.any(x < -1e-9) or np.any(x > 1 + 1e-9):
        raise InvalidParameterError(f"{w}: control intensities must lie in [0, 1]")
    x = np.clip(x, 0.0, 1.0)
    m = np.clip(m, -1.0, 1.0)
    check_real(w, "exploration", exploration, low=0)
    check_real(w, "control_threshold", control_threshold)
    check_real(w, "means_threshold", means_threshold)
    hi_x = x >= control_threshold
    hi_m = m >= means_threshold
    quad = np.where(hi_x, np.where(hi_m, 0, 1), np.where(hi_m, 2, 3))
    quad = np.where(t < exploration, 4, quad)
    names = (CONTROL, RESISTANCE, SYMBIOSIS, NOMINAL, EXPLORATORY)
    labels = tuple(names[q] for q in quad)
    runs = []
    start = 0
    for k in range(1, len(labels) + 1):
        if k == len(labels) or labels[k] != labels[start]:
            runs.append((labels[start], float(t[start]), float(t[k - 1])))
            start = k
    for arr in (t, x, m):
        arr.flags.writeable = False
    return StagePath(t, x, m, labels, tuple(runs))


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


# ==============================================================================================
# the tripartite replicator model
# ==============================================================================================
_TRI_FIELDS = ("Q", "C_g", "A", "F", "L", "K", "M", "dC", "R_s", "W", "C_p", "E")
_NONNEG = ("C_g", "A", "F", "L", "K", "dC", "R_s", "C_p", "E")


@dataclass(frozen=True)
class VertexStability:
    """Stability of one vertex ``xyz`` of the tripartite replicator dynamics.

    ``kind`` is ``"ESS"`` (all eigenvalues < 0: asymptotically stable = strict Nash
    equilibrium), ``"unstable_source"``, ``"saddle"`` or ``"non-hyperbolic"``.

    Attributes
    ----------
    label : str
        The vertex ``xyz`` as digits, e.g. ``"110"``.
    state : tuple of float
        Its coordinates.
    eigenvalues : tuple of float
        The eigenvalues of the replicator Jacobian there.
    kind : str
        The classification above.

    Examples
    --------
    >>> v = EVO_CONTROL.vertices()[6]
    >>> v.label, v.kind
    ('110', 'ESS')
    """

    label: str
    state: tuple
    eigenvalues: tuple
    kind: str


@dataclass(frozen=True)
class TripartiteParameters:
    """Government × agency × public evolutionary game (canonical tripartite model).

    ``x`` = P(government supervises strictly), ``y`` = P(agency delivers high quality),
    ``z`` = P(public takes part in supervision). Payoff differences::

        F_x = Q − C_g − yA + (1−y)(F + z(L−K))
        F_y = M − dC + x(A+F) + z R_s
        F_z = W − C_p + (1−y)(xK + (1−x)E)

    Parameters (names as in the genre): ``Q`` political credit from visible control, ``C_g``
    cost of strict supervision, ``A`` reward to a high-quality agency under strict supervision,
    ``F`` fine on a low-quality agency under strict supervision, ``L`` government's reputational
    loss (loose supervision, low quality, public involved), ``K`` reward to participating public
    under strict supervision, ``M`` agency's intrinsic/relational benefit of high quality,
    ``dC`` extra cost of high quality, ``R_s`` agency's reputational loss when the public
    exposes low quality, ``W`` public's benefit of participating, ``C_p`` its cost, ``E``
    public's benefit of exposing low quality under loose supervision.

    Parameters
    ----------
    Q : float
        Political credit from visible control.
    C_g : float
        Cost of strict supervision.
    A : float
        Reward to a high-quality agency under strict supervision.
    F : float
        Fine on a low-quality agency under strict supervision.
    L : float
        Government's reputational loss (loose supervision, low quality, public involved).
    K : float
        Reward to participating public under strict supervision.
    M : float
        Agency's intrinsic or relational benefit of high quality.
    dC : float
        Extra cost of high quality.
    R_s : float
        Agency's reputational loss when the public exposes low quality.
    W : float
        Public's benefit of participating.
    C_p : float
        Public's cost of participating.
    E : float
        Public's benefit of exposing low quality under loose supervision.

    Examples
    --------
    >>> [v.label for v in EVO_CONTROL.vertices() if v.kind == "ESS"]
    ['110']
    >>> EVO_CYCLE.face_rest_point()[0]
    (0.8, 0.6, 0.0)
    """

    Q: float = 0.0
    C_g: float = 3.0
    A: float = 1.0
    F: float = 2.0
    L: float = 1.5
    K: float = 0.8
    M: float = 0.0
    dC: float = 4.0
    R_s: float = 0.8
    W: float = 0.0
    C_p: float = 1.0
    E: float = 0.5

    def __post_init__(self):
        w = "TripartiteParameters"
        for f in _TRI_FIELDS:
            if f in _NONNEG:
                check_nonnegative(w, f, getattr(self, f))
            else:
                check_real(w, f, getattr(self, f))
            object.__setattr__(self, f, float(getattr(self, f)))

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any]) -> "TripartiteParameters":
        """Build from a mapping using the short spellings (``Cg``, ``Rs``, ``Cp``) or ours.

        Parameters
        ----------
        params : mapping str -> float
            Parameter values by name; missing ones keep their defaults.

        Returns
        -------
        TripartiteParameters
            The parameters.

        Examples
        --------
        >>> TripartiteParameters.from_mapping({"Cg": 2}).C_g
        2.0
        """
        alias = {"Cg": "C_g", "Rs": "R_s", "Cp": "C_p"}
        kw = {}
        for k, v in params.items():
            k2 = alias.get(k, k)
            if k2 in _TRI_FIELDS:
                kw[k2] = v
            elif k not in ("order", "note"):
                raise InvalidParameterError(
                    f"TripartiteParameters.from_mapping: unknown parameter {k!r}; expected "
                    f"{', '.join(_TRI_FIELDS)}")
        return cls(**kw)

    def as_dict(self) -> dict[str, float]:
        """The twelve parameters by name.

        Returns
        -------
        dict
            Name -> value.
        """
        return {f: getattr(self, f) for f in _TRI_FIELDS}

    def interpolate(self, other: "TripartiteParameters", t: float) -> "TripartiteParameters":
        """``(1 − t)·self + t·other`` (a point on a path of parameter drift).

        Parameters
        ----------
        other : TripartiteParameters
            The end of the path.
        t : float
            Position on the path, in [0, 1].

        Returns
        -------
        TripartiteParameters
            The interpolated parameters.
        """
        check_real("TripartiteParameters.interpolate", "t", t, low=0, high=1)
        return TripartiteParameters(**{f: (1 - t) * getattr(self, f) + t * getattr(other, f)
                                       for f in _TRI_FIELDS})

    # payoff differences ----------------------------------------------------------------------
    def F_x(self, y, z):
        """Government's payoff gain from strict over loose supervision.

        Parameters
        ----------
        y : float
            Share of high-quality agencies.
        z : float
            Share of participating public.

        Returns
        -------
        float
            ``F_x``.
        """
        return self.Q - self.C_g - y * self.A + (1 - y) * (self.F + z * (self.L - self.K))

    def F_y(self, x, z):
        """Agency's payoff gain from high over low quality.

        Parameters
        ----------
        x : float
            Share of strict supervision.
        z : float
            Share of participating public.

        Returns
        -------
        float
            ``F_y``.
        """
        return self.M - self.dC + x * (self.A + self.F) + z * self.R_s

    def F_z(self, x, y):
        """Public's payoff gain from participating over abstaining.

        Parameters
        ----------
        x : float
            Share of strict supervision.
        y : float
            Share of high-quality agencies.

        Returns
        -------
        float
            ``F_z``.
        """
        return self.W - self.C_p + (1 - y) * (x * self.K + (1 - x) * self.E)

    def field(self, state) -> np.ndarray:
        """``(ẋ, ẏ, ż)`` at ``state = (x, y, z)``.

        Parameters
        ----------
        state : sequence of float
            The shares ``(x, y, z)``.

        Returns
        -------
        numpy.ndarray, shape (3,)
            The time derivatives of the shares.
        """
        x, y, z = (float(s) for s in state)
        return np.array([x * (1 - x) * self.F_x(y, z), y * (1 - y) * self.F_y(x, z),
                         z * (1 - z) * self.F_z(x, y)])

    def game(self) -> NormalFormGame:
        """The three-player stage game (government, agency, public) behind the dynamics.

        Payoff levels that cancel in the replicator dynamics (service benefits, contract price,
        the public's baseline utility) are set so that each player's smallest payoff is 1;
        first actions are strict / high quality /
        participate, so the replicator shares of first strategies are ``(x, y, z)``.

        Returns
        -------
        NormalFormGame
            A 2x2x2 game.
        """
        pay = np.zeros((2, 2, 2, 3))
        for gx, ay, pz in itertools.product((0, 1), repeat=3):
            strict, high, part = gx == 0, ay == 0, pz == 0
            zz = 1.0 if part else 0.0
            if strict:
                uG = self.Q - self.C_g + (-self.A if high else self.F - self.K * zz)
            else:
                uG = 0.0 if high else -self.L * zz
            uA = (self.M - self.dC + (self.A if strict else 0.0)) if high else (
                (-self.F if strict else 0.0) - self.R_s * zz)
            uP = (self.W - self.C_p + (0.0 if high else (self.K if strict else self.E))
                  ) if part else 0.0
            pay[gx, ay, pz] = (uG, uA, uP)
        # levels: every payoff at least 1 (constants per player do not move the dynamics, and
        # positive mean payoffs keep share-coordinate integrators on the simplex)
        pay = pay + (1.0 - pay.min(axis=(0, 1, 2)))
        return NormalFormGame.from_payoff_profile(
            pay, players=("government", "agency", "public"),
            actions=(("strict", "loose"), ("high quality", "low quality"),
                     ("participate", "stay out")))

    def vertices(self, *, tol: float = 1e-9) -> tuple[VertexStability, ...]:
        """Eigenvalues of the replicator Jacobian at the 8 vertices (Lyapunov's method).

        Computed with :func:`contracts.dynamics.replicator.replicator_jacobian` on
        :meth:`game` (the Jacobian is diagonal at a vertex).

        Parameters
        ----------
        tol : float
            Eigenvalues within ``tol`` of zero count as zero.

        Returns
        -------
        tuple of VertexStability
            One entry per vertex.
        """
        from ..dynamics.replicator import replicator_jacobian

        game = self.game()
        out = []
        for bits in itertools.product((0, 1), repeat=3):
            J = replicator_jacobian(game, [float(b) for b in bits])
            ev = tuple(float(v) for v in np.diag(J))
            if any(abs(v) <= tol for v in ev):
                kind = "non-hyperbolic"
            elif all(v < 0 for v in ev):
                kind = "ESS"
            elif all(v > 0 for v in ev):
                kind = "unstable_source"
            else:
                kind = "saddle"
            out.append(VertexStability("".join(map(str, bits)), tuple(map(float, bits)), ev,
                                       kind))
        return tuple(out)

    def ess(self, *, tol: float = 1e-9) -> tuple[str, ...]:
        """Labels ``xyz`` of the asymptotically stable vertices (= strict Nash equilibria).

        Parameters
        ----------
        tol : float
            Eigenvalues within ``tol`` of zero count as zero.

        Returns
        -------
        tuple of str
            The stable vertices.
        """
        return tuple(v.label for v in self.vertices(tol=tol) if v.kind == "ESS")

    def face_rest_point(self):
        """Rest point inside the face ``z = 0`` (F_x = F_y = 0) and its Jacobian eigenvalues.

        Returns
        -------
        tuple or None
            ``(state, eigenvalues)``, or None when there is no such point strictly inside the
            face.
        """
        from ..dynamics.replicator import replicator_jacobian

        a = self.A + self.F
        if a == 0:
            return None
        y = (self.Q - self.C_g + self.F) / a
        x = (self.dC - self.M) / a
        if not (0 < x < 1 and 0 < y < 1):
            return None
        state = (round(x, 15), round(y, 15), 0.0)
        J = replicator_jacobian(self.game(), state)
        return state, tuple(complex(v) for v in np.linalg.eigvals(J))


def _evo(**kw) -> TripartiteParameters:
    return TripartiteParameters(**kw)


#: parameter sets of the canonical tripartite model.
EVO_NOMINAL = _evo(Q=0, C_g=3, A=1, F=2, L=1.5, K=.8, M=0, dC=4, R_s=.8, W=0, C_p=1, E=.5)
EVO_CONTROL = _evo(Q=5, C_g=3, A=1, F=4, L=1.5, K=.8, M=0, dC=4, R_s=.8, W=0, C_p=1, E=.5)
EVO_RESISTANCE = _evo(Q=0, C_g=1, A=1, F=2, L=1.5, K=.5, M=0, dC=4, R_s=.5, W=0, C_p=1, E=.2)
EVO_SYMBIOSIS = _evo(Q=0, C_g=3, A=1, F=2, L=1.5, K=1, M=5, dC=4, R_s=1, W=1.5, C_p=1, E=.5)
EVO_CYCLE = _evo(Q=0, C_g=1, A=1, F=4, L=0, K=0, M=0, dC=4, R_s=0, W=0, C_p=1, E=0)


@dataclass(frozen=True)
class RegimeClassification:
    """Life-cycle stage and 4C hint of the tripartite model at one parameter point.

    Attributes
    ----------
    ess : tuple of str
        Stable vertices ``xyz``.
    stage : str
        Stage of the unique ESS (``x``, ``m = y``); ``"cycling"`` when no vertex is stable,
        ``"multiple"`` when several are.
    four_c : str or None
        4C of the unique ESS: ends are congruent when the agency would deliver high quality
        without control (``F_y(0, z*) ≥ 0``), means congruence is ``m = y``.
    goal_congruence : float or None
        Goal congruence of the unique ESS, if any.
    vertices : tuple of VertexStability
        Stability of each vertex.
    face_rest_point : tuple or None
        The centre on the face ``z = 0`` (state, eigenvalues), if any.

    Examples
    --------
    >>> r = LifeCycle().classify(EVO_CONTROL)
    >>> r.ess, r.stage
    (('110',), 'control')
    """

    ess: tuple
    stage: str
    four_c: Any
    goal_congruence: Any
    vertices: tuple
    face_rest_point: Any = None

    def __str__(self) -> str:
        if len(self.ess) == 1:
            return (f"ESS {self.ess[0]} → stage {self.stage} ({_STAGE_WORDS[self.stage]}), "
                    f"4C {self.four_c}")
        if not self.ess:
            fr = ""
            if self.face_rest_point is not None:
                st, ev = self.face_rest_point
                fr = (f"; centre at {tuple(round(s, 4) for s in st)} with eigenvalues "
                      + ", ".join(f"{v.real:.4g}{v.imag:+.4g}i" for v in ev))
            return "no stable vertex: the dynamics cycle (control and rebellion)" + fr
        return f"several stable vertices {', '.join(self.ess)}: outcome depends on history"


def _classify_regime(params: TripartiteParameters, *, control_threshold=0.5, means_threshold=0.5,
                     goal_threshold=0.0, tol=1e-9) -> RegimeClassification:
    verts = params.vertices(tol=tol)
    ess = tuple(v.label for v in verts if v.kind == "ESS")
    face = params.face_rest_point()
    if len(ess) == 1:
        x, y, z = next(v.state for v in verts if v.label == ess[0])
        stage = classify_stage(x, y, control_threshold=control_threshold,
                               means_threshold=means_threshold)
        unsupervised = params.F_y(0.0, z)
        g = float(np.sign(unsupervised))
        four = classify_4c(g, y, goal_threshold=goal_threshold, means_threshold=means_threshold)
        return RegimeClassification(ess, stage, four, g, verts, face)
    return RegimeClassification(ess, "cycling" if not ess else "multiple", None, None, verts,
                                face)


# ==============================================================================================
# the model
# ==============================================================================================
@dataclass(frozen=True)
class LifeCycleSolution:
    """What :class:`LifeCycle` finds.

    Attributes
    ----------
    current : RegimeClassification
        The regime at the model's ``drift`` position.
    regimes : tuple of RegimeClassification
        The regime at each point of the drift path.
    drift_stages : tuple of str
        ``("exploratory",) +`` the stages along the path (the thesis order when it holds).
    cycle : StagePath
        The within-regime cycle of the ``cycle`` parameters.
    parameters : TripartiteParameters
        The parameters at ``drift``.

    Examples
    --------
    >>> s = LifeCycle().solve()
    >>> s.current.stage, s.drift_stages
    ('control', ('exploratory', 'control', 'resistance', 'symbiosis'))
    """

    current: RegimeClassification
    regimes: tuple
    drift_stages: tuple
    cycle: StagePath
    parameters: TripartiteParameters

    def __str__(self) -> str:
        lines = [f"Life cycle: now {self.current}",
                 "  under parameter drift: " + " → ".join(self.drift_stages),
                 f"  within one regime: {self.cycle}"]
        return "\n".join(lines)


def _as_params_tuple(where, name, value) -> tuple:
    if isinstance(value, TripartiteParameters):
        return (value,)
    if isinstance(value, (str, bytes)):
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a sequence of TripartiteParameters")
    try:
        items = tuple(value)
    except TypeError:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a sequence of TripartiteParameters, got "
            f"{value!r}") from None
    out = []
    for it in items:
        if isinstance(it, Mapping):
            it = TripartiteParameters.from_mapping(it)
        if not isinstance(it, TripartiteParameters):
            raise InvalidParameterError(
                f"{where}: every element of {name!r} must be TripartiteParameters (or a "
                f"mapping), found {type(it).__name__}")
        out.append(it)
    if not out:
        raise InvalidParameterError(f"{where}: parameter {name!r} must not be empty")
    return tuple(out)


@dataclass(frozen=True)
class LifeCycle:
    """Life-cycle stages and 4C regimes of the government–agency relationship.

    Parameters
    ----------
    path : tuple of TripartiteParameters, default (EVO_CONTROL, EVO_RESISTANCE, EVO_SYMBIOSIS)
        Parameter drift over the life of the relationship (the district's credit from control
        ``Q`` falls, the agency's relational/mission benefit ``M`` and the public's role rise).
    drift : float, default 0.0
        Position on the path, in ``[0, len(path) − 1]`` (linear interpolation between points):
        ``explain()`` reports the regime there.
    cycle : TripartiteParameters, default EVO_CYCLE
        A regime without a stable vertex, whose inspection cycle is traced.
    start_control, start_quality, start_participation : float, default 0.3, 0.3, 0.0
        Initial ``(x, y, z)`` of the cycle (``z = 0``: the government–agency face).
    horizon, time_step : float, default 20.0, 0.01
        The grid ``0, time_step, …, horizon`` on which the cycle is labelled.
    exploration_time : float, default 0.5
        ``N0``: the relationship is exploratory before this time.
    control_threshold, means_threshold, goal_threshold : float, default 0.5, 0.5, 0.0
        ``τ_x``, ``τ_m``, ``τ_g``.

    Examples
    --------
    >>> e = LifeCycle().explain()
    >>> e.regime, e.figures["ess"]
    ('control', '110')
    >>> LifeCycle(drift=2).explain().regime
    'symbiosis'
    """

    path: tuple = (EVO_CONTROL, EVO_RESISTANCE, EVO_SYMBIOSIS)
    drift: float = 0.0
    cycle: TripartiteParameters = EVO_CYCLE
    start_control: float = 0.3
    start_quality: float = 0.3
    start_participation: float = 0.0
    horizon: float = 20.0
    time_step: float = 0.01
    exploration_time: float = 0.5
    control_threshold: float = 0.5
    means_threshold: float = 0.5
    goal_threshold: float = 0.0

    def __post_init__(self):
        from .._deprecate import warn_superseded
        warn_superseded("contracts.models.lifecycle.LifeCycle",
                        "contracts.models.LifeCycle "
                        "(stages simulated on the chain game's equilibrium path, so "
                        "their order is an output)")
        w = "LifeCycle"
        object.__setattr__(self, "path", _as_params_tuple(w, "path", self.path))
        check_real(w, "drift", self.drift, low=0, high=len(self.path) - 1)
        if isinstance(self.cycle, Mapping):
            object.__setattr__(self, "cycle", TripartiteParameters.from_mapping(self.cycle))
        if not isinstance(self.cycle, TripartiteParameters):
            raise InvalidParameterError(
                f"{w}: parameter 'cycle' must be TripartiteParameters, got "
                f"{type(self.cycle).__name__}")
        for f in ("start_control", "start_quality", "start_participation"):
            check_real(w, f, getattr(self, f), low=0, high=1)
        check_real(w, "horizon", self.horizon, low=0, low_open=True, high=1e5)
        check_real(w, "time_step", self.time_step, low=0, low_open=True, high=self.horizon)
        if self.horizon / self.time_step > 1e6:
            raise InvalidParameterError(
                f"{w}: horizon / time_step = {self.horizon / self.time_step:.3g} grid points; "
                "expected at most 1e6")
        check_nonnegative(w, "exploration_time", self.exploration_time)
        check_real(w, "control_threshold", self.control_threshold, low=0, high=1)
        check_real(w, "means_threshold", self.means_threshold, low=0, high=1)
        check_real(w, "goal_threshold", self.goal_threshold, low=-1, high=1)

    # ------------------------------------------------------------------------------ pieces
    def parameters_at(self, drift: float | None = None) -> TripartiteParameters:
        """The tripartite parameters at position ``drift`` on the path.

        Parameters
        ----------
        drift : float, optional
            Position on the path, from 0 (first point) to 1 (last); default the model's.

        Returns
        -------
        TripartiteParameters
            The interpolated parameters.
        """
        d = self.drift if drift is None else drift
        check_real("LifeCycle.parameters_at", "drift", d, low=0, high=len(self.path) - 1)
        k = min(int(math.floor(d)), len(self.path) - 1)
        if k == len(self.path) - 1 or d == k:
            return self.path[k]
        return self.path[k].interpolate(self.path[k + 1], d - k)

    def game(self) -> NormalFormGame:
        """The three-player stage game at the current drift position.

        Returns
        -------
        NormalFormGame
            The 2x2x2 game of government, agency and public.
        """
        return self.parameters_at().game()

    def _thresholds(self) -> dict:
        return {"control_threshold": self.control_threshold,
                "means_threshold": self.means_threshold, "goal_threshold": self.goal_threshold}

    def classify(self, params: TripartiteParameters) -> RegimeClassification:
        """Stable vertices, stage and 4C hint of one parameter point.

        Parameters
        ----------
        params : TripartiteParameters
            The parameter point.

        Returns
        -------
        RegimeClassification
            Its regime.
        """
        if not isinstance(params, TripartiteParameters):
            raise InvalidParameterError(
                f"LifeCycle.classify: expected TripartiteParameters, got {type(params).__name__}")
        return _classify_regime(params, **self._thresholds())

    def regimes(self) -> tuple[RegimeClassification, ...]:
        """The regime at each point of the drift path.

        Returns
        -------
        tuple of RegimeClassification
            One regime per point of ``path``.
        """
        return tuple(self.classify(p) for p in self.path)

    def cycle_path(self) -> StagePath:
        """The stage path of the cycle regime from the start state.

        Integrates ``ẋ = x(1−x)F_x, ẏ = y(1−y)F_y, ż = z(1−z)F_z`` with
        :func:`scipy.integrate.solve_ivp` (DOP853, rtol 1e-10, atol 1e-12) on the grid
        ``0, time_step, …, horizon`` and labels each point with ``x``, ``m = y`` and
        maturity = time. (The same path comes out of
        :func:`contracts.dynamics.replicator.replicator` on :meth:`TripartiteParameters.game`.)

        Returns
        -------
        StagePath
            The labelled path.
        """
        from scipy.integrate import solve_ivp

        from ..exceptions import ConvergenceError

        n = int(round(self.horizon / self.time_step))
        times = np.round(np.arange(n + 1) * self.time_step, 12)
        times = times[times <= self.horizon + 1e-12]
        c = self.cycle

        def rhs(t, s):
            x, y, z = s
            return [x * (1 - x) * c.F_x(y, z), y * (1 - y) * c.F_y(x, z),
                    z * (1 - z) * c.F_z(x, y)]

        sol = solve_ivp(rhs, (0.0, float(times[-1])), [self.start_control, self.start_quality,
                                                       self.start_participation],
                        t_eval=times, method="DOP853", rtol=1e-10, atol=1e-12)
        if not sol.success:  # pragma: no cover - smooth polynomial field
            raise ConvergenceError(f"LifeCycle.cycle_path: solve_ivp failed: {sol.message}")
        x, y = sol.y[0], sol.y[1]
        return classify_path(sol.t, x, y, exploration=self.exploration_time,
                             control_threshold=self.control_threshold,
                             means_threshold=self.means_threshold)

    def solve(self) -> LifeCycleSolution:
        """Regime now, along the drift path, and the within-regime cycle.

        Returns
        -------
        LifeCycleSolution
            The current regime, the regimes along the path and the cycle.
        """
        regimes = self.regimes()
        current = self.classify(self.parameters_at())
        stages = [EXPLORATORY] if self.exploration_time > 0 else []
        for r in regimes:
            if not stages or stages[-1] != r.stage:
                stages.append(r.stage)
        return LifeCycleSolution(current, regimes, tuple(stages), self.cycle_path(),
                                 self.parameters_at())

    # ------------------------------------------------------------------------- explaining
    def _stability_statics(self, params: TripartiteParameters, label: str):
        """Sympy: how the government's and the agency's stability margins at the ESS move.

        The margin of population ``i`` is minus its eigenvalue ``(1 − 2x_i)F_i`` at the vertex
        (linear in the parameters, so the derivative is exact).
        """
        import sympy as sp

        syms = {f: sp.Symbol(f) for f in _TRI_FIELDS}
        s = syms
        x, y, z = (float(c) for c in label)
        lam_x = (1 - 2 * x) * (s["Q"] - s["C_g"] - y * s["A"]
                               + (1 - y) * (s["F"] + z * (s["L"] - s["K"])))
        lam_y = (1 - 2 * y) * (s["M"] - s["dC"] + x * (s["A"] + s["F"]) + z * s["R_s"])
        vals = {syms[k]: v for k, v in params.as_dict().items()}
        words = {"Q": "Q (political credit of control)", "M": "M (agency's relational benefit)",
                 "C_g": "C_g (cost of strict supervision)", "F": "F (fine on low quality)"}
        out = []
        for p, lam, who in (("Q", lam_x, "government's"), ("C_g", lam_x, "government's"),
                            ("M", lam_y, "agency's"), ("F", lam_y, "agency's")):
            d = float(sp.diff(-lam, syms[p]).subs(vals))
            sign = 0 if abs(d) < 1e-12 else (1 if d > 0 else -1)
            out.append(ComparativeStatic(words[p], f"the {who} stability margin at ESS {label}",
                                         sign, d, method="sympy"))
        return tuple(out)

    def explain(self) -> Explanation:
        """Regime and stage now; the stage order under drift; the within-regime cycle.

        Returns
        -------
        Explanation
            A structured report whose ``str`` reads in words.
        """
        s = self.solve()
        cur = s.current
        cyc = s.cycle
        figures: dict[str, Any] = {
            "drift": self.drift,
            "ess": ",".join(cur.ess) if cur.ess else "none",
            "stage": cur.stage,
            "four_c": cur.four_c if cur.four_c is not None else "none",
            "drift_order": " → ".join(s.drift_stages),
            "cycle_order": " → ".join(cyc.label_runs),
        }
        for lab in STAGES:
            if lab in cyc.first_entry_time:
                figures[f"cycle_entry_{lab}"] = cyc.first_entry_time[lab]
        if len(cur.ess) == 1:
            v = next(v for v in cur.vertices if v.label == cur.ess[0])
            x, y, z = v.state
            headline = (f"At drift {_fmt(self.drift, 4)} the only evolutionarily stable state is "
                        f"{cur.ess[0]} (government {'strict' if x else 'loose'}, agency "
                        f"{'high' if y else 'low'} quality, public "
                        f"{'involved' if z else 'not involved'}): stage {cur.stage}, "
                        f"4C {cur.four_c}.")
            top = max(v.eigenvalues)
            who = [name for name, ev in zip(("government", "agency", "public"), v.eigenvalues)
                   if ev >= top - 1e-12]
            binding = (f"closest stability condition{'s' if len(who) > 1 else ''}: "
                       + " and ".join(who) + f" (eigenvalue {_fmt(top, 4)} < 0: the "
                       "least costly deviation from the ESS)",)
            statics = self._stability_statics(s.parameters, cur.ess[0])
            equilibrium = (f"strict Nash equilibrium / ESS {cur.ess[0]} with eigenvalues "
                           + ", ".join(_fmt(e, 4) for e in v.eigenvalues))
        elif not cur.ess:
            headline = (f"At drift {_fmt(self.drift, 4)} no vertex is stable: supervision and "
                        "quality chase each other in a cycle.")
            binding = ("no strict Nash equilibrium: every vertex has an unstable direction",)
            statics = ()
            equilibrium = "no ESS"
        else:
            headline = (f"At drift {_fmt(self.drift, 4)} several states are stable "
                        f"({', '.join(cur.ess)}): history decides.")
            binding = ()
            statics = ()
            equilibrium = "several ESS: " + ", ".join(cur.ess)
        details = [
            "under parameter drift the stable state moves "
            + " → ".join(",".join(r.ess) or "none" for r in s.regimes)
            + ", i.e. the stages " + " → ".join(s.drift_stages)
            + " (the thesis order: regime change, not the within-regime cycle)",
            "4C along the drift: " + " → ".join(str(r.four_c) for r in s.regimes),
            f"within one regime (no stable vertex) the inspection cycle from "
            f"({_fmt(self.start_control)}, {_fmt(self.start_quality)}) runs "
            + " → ".join(f"{lab} ({_fmt(t0, 4)})" for lab, t0, _ in cyc.runs),
        ]
        cr = self.classify(self.cycle)
        if cr.face_rest_point is not None:
            st, ev = cr.face_rest_point
            details.append(f"the cycle turns around the centre {tuple(round(v, 4) for v in st)} "
                           "(eigenvalues " + ", ".join(f"{v.real:.3g}{v.imag:+.4g}i" for v in ev)
                           + ")")
        params = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                  if f.name not in ("path", "cycle")}
        params["path"] = tuple(p.as_dict() for p in self.path)
        params["cycle"] = self.cycle.as_dict()
        return Explanation(
            model="lifecycle",
            phenomenon="life cycle of the government–agency relationship and Najam's 4C",
            headline=headline, regime=cur.stage, equilibrium=equilibrium, binding=binding,
            figures=figures, comparative_statics=statics, details=tuple(details),
            parameters=params)

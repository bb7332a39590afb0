"""Life-cycle stages and Najam's 4C regimes: the names and the classification rules.

:func:`classify_4c` maps goal and means congruence to a 4C regime; :func:`classify_stage` maps
control intensity, means congruence and maturity to a life-cycle stage; :func:`classify_path`
labels a whole trajectory and run-length compresses it. Re-exported by
:mod:`contracts.models.lifecycle`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, Sequence

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidParameterError
from ..results import format_number

__all__ = ["EXPLORATORY", "CONTROL", "RESISTANCE", "SYMBIOSIS", "NOMINAL", "STAGES",
           "COOPERATION", "COMPLEMENTARITY", "CO_OPTATION", "CONFRONTATION", "FOUR_C",
           "classify_4c", "classify_stage", "classify_path", "StagePath"]

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
    return four_c_of(goal >= goal_threshold, means >= means_threshold)


def four_c_of(similar_ends: bool, similar_means: bool) -> str:
    """The 4C regime of similar or dissimilar ends and means (no thresholds, no checks)."""
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
    return stage_of(control >= control_threshold, means >= means_threshold)


def stage_of(high_control: bool, high_means: bool) -> str:
    """The life-cycle stage of high or low control and means congruence (past exploration)."""
    if high_control:
        return CONTROL if high_means else RESISTANCE
    return SYMBIOSIS if high_means else NOMINAL


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

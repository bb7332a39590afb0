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
import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from .._validation import check_nonnegative, check_real
from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..results import format_number
from ._explain import Explanation, signed_static
from ._lifecycle_congruence import (Classification, classify_continuous, classify_profile,
                                    classify_repeated, cosine_congruence, goal_congruence,
                                    means_congruence)
from ._lifecycle_rules import (COMPLEMENTARITY, CONFRONTATION, CONTROL, CO_OPTATION, COOPERATION,
                               EXPLORATORY, FOUR_C, NOMINAL, RESISTANCE, STAGES, SYMBIOSIS,
                               StagePath, classify_4c, classify_path, classify_stage)
from ._lifecycle_tripartite import (_TRI_FIELDS, EVO_CONTROL, EVO_CYCLE, EVO_NOMINAL,
                                    EVO_RESISTANCE, EVO_SYMBIOSIS, RegimeClassification,
                                    TripartiteParameters, VertexStability, _classify_regime)
from ._superseded import warn_component_model

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
        warn_component_model("lifecycle", "LifeCycle", "stages simulated on the chain game's "
                             "equilibrium path, so their order is an output")
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
            out.append(signed_static(words[p], f"the {who} stability margin at ESS {label}", d,
                                     "sympy"))
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

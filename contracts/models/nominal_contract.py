"""Nominal contracts: the formal contract versus the relationship that actually governs.

Field studies of government purchase of social-work services report contracts that are equal at
signing but *nominal* in operation: evaluation is ceremonial, the written terms do not govern, and
the agency's relationship with each government tier drifts apart — *control-and-rebellion* with
the far tier (the district bureau) and *absorption-and-alliance* with the near tier (the
subdistrict office). :class:`NominalContract` combines four building blocks of the library, linked
by shared parameters:

1. **Ceremonial evaluation** — Baker's distorted measure (:class:`contracts.agency.linear.
   Distortion`). Value ``V = f.e``; the formal indicators measure ``P = g.e + noise``;
   ``evaluation_accuracy`` is ``cos θ`` between ``g`` and ``f``. Only ``S*/S_FB = cos²θ/(1 +
   r σ_P²/|g|²)`` of the first-best surplus is reachable by a contract on the indicators.
2. **Crowd-out** of relational incentives by formal indicators — the BGM-type model
   (:class:`contracts.agency.relational.SubjectiveObjective`): an explicit bonus ``b`` on the
   indicators and an implicit (relational) bonus ``B`` on the subjective evaluation, with
   distortion variance ``σ² = 1 - accuracy² = sin²θ`` (the part of the indicators orthogonal to
   value) and interest rate ``r = (1 - δ)/δ``. Regimes first best / mixed / crowd-out /
   complementarity; *nominality index* ``b*/(b* + B*)`` (0: the formal contract is purely
   nominal, the relationship carries every incentive; 1: no relational component).
3. **Absorption-and-alliance** with the near tier — Tirole's hierarchy with collusion
   (:class:`contracts.agency.hierarchy.SupervisionHierarchy`): the subdistrict office sees the
   agency's cost with probability ``ξ`` (``near_detection``); its *collusion stake* ``k Δθ q_H``
   is what a side deal with the agency is worth to it. Positive stakes mean alliance unless the
   district pays as much for reporting, and the district answers with a more distorted contract.
4. **Control-and-rebellion** with the far tier — the repeated trust game 
   (GRIM-TRUST-1: rows agency Coop/Shirk, columns district Trust/Control). Grim trigger
   (:func:`contracts.equilibrium.grim_trigger.critical_discount`) sustains the partnership
   (Coop, Trust) iff ``δ ≥ δ* = 2/3``; below it play reverts to the stage equilibrium
   (Shirk, Control) found by :func:`contracts.solve`: control-and-rebellion.

The **formal contract is nominal** when it does not govern: the indicators capture less than
``nominal_threshold`` of the first-best surplus (ceremonial evaluation) or carry less than that
share of the incentives (nominality index below it: the relationship crowds them out). The
model's regime is then what governs the agency's relation with the district — ``"nominal:
partnership"`` or ``"nominal: control-and-rebellion"`` — and otherwise ``"formal contract
enforced"`` (``"no trade"`` if no contract covers the fixed cost). The 4C regime (Najam 2000) of
the district relationship follows Najam's 4C (classified with
:mod:`contracts.models.lifecycle`): ends congruence = correlation of the stage payoffs, means
congruence = probability that the agency plays the government's preferred action.

Examples
--------
>>> from contracts.models.nominal_contract import NominalContract
>>> m = NominalContract()
>>> m.regime()
'nominal: control-and-rebellion'
>>> s = m.solve()
>>> round(s.surplus_ratio, 4), s.nominality_index, s.subdistrict_relation, s.four_c
(0.0625, 1.0, 'absorption-and-alliance', 'confrontation')
>>> NominalContract(discount=0.8).regime()
'nominal: partnership'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import (check_discount, check_nonnegative, check_positive, check_probability,
                           check_real)
from ..exceptions import InvalidParameterError
from ..results import format_number
from ._explain import Explanation
from . import _nominal_explain
from ._nominal_blocks import (_TAU_CONTROL, _TAU_GOAL, _TAU_MEANS, TRUST_AGENCY_PAYOFFS,
                              TRUST_GOVERNMENT_PAYOFFS, WHERE, _as_payoffs, _tirole,
                              _trust_analysis)
from ._nominal_solution import NominalContractSolution
from ._superseded import warn_component_model

__all__ = ["NominalContract", "NominalContractSolution", "TRUST_AGENCY_PAYOFFS",
           "TRUST_GOVERNMENT_PAYOFFS"]

_fmt = format_number


@dataclass(frozen=True)
class NominalContract:
    """The formal contract versus the relationship that actually governs (nominal contracts).

    Parameters
    ----------
    evaluation_accuracy : float, default 0.25
        ``cos θ`` in [0, 1] between what the formal indicators measure and what the service is
        worth (1: the indicators measure value; 0: purely ceremonial). Sets Baker's measure and
        the BGM distortion variance ``σ² = 1 - accuracy²``.
    discount : float, default 0.5
        The agency–government relationship's discount factor δ in (0, 1) (grim trigger with the
        district; interest rate ``r = (1 - δ)/δ`` of the implicit contract).
    effort_cost : float, default 1
        γ > 0, the agency's effort cost ``γ a²`` in the BGM-type model.
    fixed_cost : float, default 0
        K ≥ 0, per-period fixed cost of the relationship (complementarity needs K > 0).
    value_scale, measure_scale : float, default 1
        ``|f|`` (value of effort in the valued direction) and ``|g|`` (sensitivity of the
        indicators), both > 0.
    risk_aversion, measurement_noise : float, default 0
        The agency's CARA coefficient r ≥ 0 and the indicators' noise variance σ_P² ≥ 0 (Baker).
    value_intercept, low_cost, high_cost, prob_low_cost : float
        Tirole hierarchy: the district's value ``A q - q²/2`` (A = 10), the agency's cost types
        θ_L = 1 < θ_H = 2 and Pr(θ_L) = ν = 0.5.
    near_detection : float, default 0.5
        ξ in [0, 1): probability that the near tier (subdistrict office) learns the agency's cost.
    side_transfer_efficiency : float, default 0.5
        k in [0, 1]: what a unit of side payment from the agency is worth to the subdistrict
        office (0: no collusion possible).
    agency_payoffs, government_payoffs : 2x2 tables
        Stage payoffs of the trust game, rows (Coop, Shirk), columns (Trust, Control); default
        GRIM-TRUST-1.
    nominal_threshold : float, default 0.5
        In (0, 1): the formal contract is nominal when the indicators capture less than this
        share of the first-best surplus or carry less than this share of the incentives.

    Examples
    --------
    >>> m = NominalContract(evaluation_accuracy=0.9, discount=0.6)
    >>> m.regime(), m.solve().incentive_regime
    ('formal contract enforced', 'crowd-out')
    >>> print(NominalContract().explain().headline)  # doctest: +ELLIPSIS
    The formal contract is nominal ...
    """

    evaluation_accuracy: float = 0.25
    discount: float = 0.5
    effort_cost: float = 1.0
    fixed_cost: float = 0.0
    value_scale: float = 1.0
    measure_scale: float = 1.0
    risk_aversion: float = 0.0
    measurement_noise: float = 0.0
    value_intercept: float = 10.0
    low_cost: float = 1.0
    high_cost: float = 2.0
    prob_low_cost: float = 0.5
    near_detection: float = 0.5
    side_transfer_efficiency: float = 0.5
    agency_payoffs: Any = TRUST_AGENCY_PAYOFFS
    government_payoffs: Any = TRUST_GOVERNMENT_PAYOFFS
    nominal_threshold: float = 0.5

    def __post_init__(self):
        warn_component_model("nominal_contract", "NominalContract")
        w = WHERE
        check_probability(w, "evaluation_accuracy", self.evaluation_accuracy)
        check_discount(w, self.discount)
        check_positive(w, "effort_cost", self.effort_cost)
        check_nonnegative(w, "fixed_cost", self.fixed_cost)
        check_positive(w, "value_scale", self.value_scale)
        check_positive(w, "measure_scale", self.measure_scale)
        check_nonnegative(w, "risk_aversion", self.risk_aversion)
        check_nonnegative(w, "measurement_noise", self.measurement_noise)
        check_positive(w, "value_intercept", self.value_intercept)
        check_nonnegative(w, "low_cost", self.low_cost)
        check_real(w, "high_cost", self.high_cost, low=self.low_cost, low_open=True)
        check_real(w, "prob_low_cost", self.prob_low_cost, low=0, high=1, low_open=True,
                   high_open=True)
        check_real(w, "near_detection", self.near_detection, low=0, high=1, high_open=True)
        check_probability(w, "side_transfer_efficiency", self.side_transfer_efficiency)
        check_real(w, "nominal_threshold", self.nominal_threshold, low=0, high=1, low_open=True,
                   high_open=True)
        object.__setattr__(self, "agency_payoffs", _as_payoffs("agency_payoffs",
                                                               self.agency_payoffs))
        object.__setattr__(self, "government_payoffs", _as_payoffs("government_payoffs",
                                                                   self.government_payoffs))
        _trust_analysis(self.agency_payoffs, self.government_payoffs)  # validates (cached)

    # -- alternative constructors ---------------------------------------------------------------
    @classmethod
    def from_measures(cls, value_weights, measure_weights, **params) -> "NominalContract":
        """Build the model from Baker's value vector ``f`` and measure vector ``g`` (two tasks).

        Sets ``evaluation_accuracy = cos θ(f, g)``, ``value_scale = |f|``, ``measure_scale =
        |g|``; the rest of ``params`` are passed on.

        Parameters
        ----------
        value_weights : array_like, shape (2,)
            ``f``, what each task is worth to the government.
        measure_weights : array_like, shape (2,)
            ``g``, how each task moves the formal indicators.
        **params
            Further parameters of the model.

        Returns
        -------
        NominalContract
            The model.

        Examples
        --------
        >>> m = NominalContract.from_measures([1, 0], [1, 1])
        >>> round(m.evaluation_accuracy, 6), round(m.measure_scale, 6)
        (0.707107, 1.414214)
        """
        where = f"{WHERE}.from_measures"
        try:
            f = np.asarray(value_weights, dtype=float)
            g = np.asarray(measure_weights, dtype=float)
        except (TypeError, ValueError):
            raise InvalidParameterError(f"{where}: value_weights and measure_weights must be "
                                        "numeric vectors") from None
        if f.shape != (2,) or g.shape != (2,):
            raise InvalidParameterError(
                f"{where}: expected two-task vectors (valued task, indicator-only task), got "
                f"shapes {f.shape} and {g.shape}")
        if not (np.all(np.isfinite(f)) and np.all(np.isfinite(g))):
            raise InvalidParameterError(f"{where}: vectors must be finite")
        nf, ng = float(np.hypot(*f)), float(np.hypot(*g))
        if nf == 0 or ng == 0:
            raise InvalidParameterError(f"{where}: value and measure vectors must be non-zero")
        cos = float(f @ g) / (nf * ng)
        if cos < -1e-12:
            raise InvalidParameterError(
                f"{where}: the measure points away from value (cos θ = {cos:.6g} < 0); "
                "evaluation_accuracy must lie in [0, 1]")
        return cls(evaluation_accuracy=min(1.0, max(0.0, cos)), value_scale=nf,
                   measure_scale=ng, **params)

    @classmethod
    def from_tiers(cls, far, near, **params) -> "NominalContract":
        """Build the model from two :class:`contracts.models.tiers.Tier` objects.

        The far tier (district bureau) gives ``evaluation_accuracy`` and ``discount``; the near
        tier (subdistrict office) gives ``near_detection`` (its evaluation accuracy, capped
        below 1).

        Parameters
        ----------
        far : Tier
            The far tier (district bureau).
        near : Tier
            The near tier (subdistrict office).
        **params
            Further parameters of the model.

        Returns
        -------
        NominalContract
            The model.

        Examples
        --------
        >>> from contracts.models.tiers import government_tiers
        >>> t = government_tiers()
        >>> m = NominalContract.from_tiers(t["district bureau"], t["subdistrict office"])
        >>> m.evaluation_accuracy, m.discount, m.near_detection
        (0.25, 0.8, 0.75)
        """
        from .tiers import Tier
        for name, t in (("far", far), ("near", near)):
            if not isinstance(t, Tier):
                raise InvalidParameterError(
                    f"{WHERE}.from_tiers: {name} must be a Tier, got {type(t).__name__}")
        xi = min(near.evaluation_accuracy, 1 - 1e-9)
        return cls(evaluation_accuracy=far.evaluation_accuracy, discount=far.discount,
                   near_detection=xi, **params)

    # -- the building blocks --------------------------------------------------------------------
    @property
    def interest_rate(self) -> float:
        """``r = (1 - δ)/δ``: the BGM-type model's interest rate for this discount factor."""
        return (1 - self.discount) / self.discount

    @property
    def distortion_variance(self) -> float:
        """``σ² = 1 - accuracy² = sin²θ``: the BGM distortion of the formal indicators."""
        return max(0.0, 1.0 - float(self.evaluation_accuracy) ** 2)

    def game(self):
        """The stage trust game between the agency and the district bureau (exact payoffs).

        Returns
        -------
        NormalFormGame
            The 2x2 trust game.
        """
        return _trust_analysis(self.agency_payoffs, self.government_payoffs)[0]

    def evaluation(self):
        """Baker's distorted-measure contract on the formal indicators (ContractSolution).

        Coordinates: task 1 is what the service is worth, task 2 is what only the indicators
        reward: ``f = |f| (1, 0)``, ``g = |g| (cos θ, sin θ)``.

        Returns
        -------
        ContractSolution
            The optimal piece rate on the indicators.
        """
        from ..agency.linear import Distortion
        a = float(self.evaluation_accuracy)
        s = math.sqrt(max(0.0, 1 - a * a))
        G = float(self.measure_scale)
        return Distortion(f=[float(self.value_scale), 0.0], g=[G * a, G * s],
                          risk_aversion=float(self.risk_aversion),
                          noise_variance=float(self.measurement_noise)
                          ).solve()

    def incentives(self):
        """The BGM-type explicit + implicit contract (ContractSolution).

        Returns
        -------
        ContractSolution
            The explicit and implicit bonuses.
        """
        from ..agency.relational import SubjectiveObjective
        return SubjectiveObjective(gamma=float(self.effort_cost), noise_variance=self.distortion_variance,
                                   interest_rate=self.interest_rate,
                                   fixed_cost=float(self.fixed_cost)).solve()

    def collusion(self):
        """Tirole's collusion-proof hierarchy with the near tier (ContractSolution).

        Returns
        -------
        ContractSolution
            The supervisor's reward and the cost of collusion.
        """
        return _tirole(self.value_intercept, self.low_cost, self.high_cost, self.prob_low_cost,
                       self.near_detection, self.side_transfer_efficiency)

    def relational_discount_threshold(self) -> float | None:
        """Infimum of the discount factors at which some implicit bonus is credible.

        ``1/(1 + r̄)`` with ``r̄ = sup_B (S*(B) - K - V0)/B`` the largest interest rate with a
        credible implicit bonus (closed form: ``σ²/(2γ(1 + σ²))`` when ``K ≤ S_spot``; with
        ``K > S_spot``, ``2a - 2 sqrt(a (K - S_spot))`` with ``a = S_FB - S_spot`` when the
        maximiser ``B = sqrt((K - S_spot)/a)`` is below 1, else ``S_FB - K``). None when no
        discount factor works (e.g. a perfect formal measure crowds out every relational
        contract, or the fixed cost exceeds the first-best surplus).

        Returns
        -------
        float or None
            The threshold discount factor.
        """
        from ..agency.relational import SubjectiveObjective
        so = SubjectiveObjective(gamma=float(self.effort_cost), noise_variance=self.distortion_variance,
                                 interest_rate=1.0, fixed_cost=float(self.fixed_cost))
        K, spot, fb = so.fixed_cost, so.spot_surplus, so.first_best_surplus
        if spot >= K:
            r_bar = so.r_threshold_any_relational
        else:
            a, q = fb - spot, K - spot
            if a <= 0:
                r_bar = None
            elif q <= a:                       # interior maximiser B = sqrt(q/a) <= 1
                r_bar = 2 * a - 2 * math.sqrt(a * q)
            else:
                r_bar = fb - K
        if r_bar is None or r_bar <= 0:
            return None
        return 1 / (1 + r_bar)

    # -- solving ------------------------------------------------------------------------------
    def solve(self) -> NominalContractSolution:
        """Solve every block and combine them into the governing regime.

        Returns
        -------
        NominalContractSolution
            The regime and every block's solution.
        """
        from .lifecycle import classify_4c, classify_stage, means_congruence
        ev = self.evaluation()
        inc = self.incentives()
        col = self.collusion()
        game, stage, grim, goal = _trust_analysis(self.agency_payoffs, self.government_payoffs)
        thr = float(self.nominal_threshold)

        ratio = float(ev["surplus_ratio"])
        b, B = float(inc["b"]), float(inc["B"])
        share = inc["nominality_index"]
        share = None if share is None else float(share)
        reasons = []
        if ratio < thr:
            reasons.append("ceremonial evaluation")
        if share is not None and share < thr:
            reasons.append("crowded out by the relationship")
        trade = bool(inc["trade"])
        formal = "none" if not trade else ("nominal" if reasons else "enforced")

        # the district relationship: grim trigger at this discount factor, else stage play
        sustained = bool(grim.delta_star < 1 and self.discount >= grim.delta_star)
        if sustained:
            strategies = tuple(np.array([1.0 if k == a else 0.0 for k in range(2)])
                               for a in grim.target)
            play = ("Coop", "Trust")
            district = "partnership"
        else:
            prof = grim.punishment_profile
            if prof is not None and all(isinstance(k, int) for k in prof):
                strategies = tuple(np.array([1.0 if k == a else 0.0 for k in range(2)])
                                   for a in prof)
                play = tuple(game.actions[i][k] for i, k in enumerate(prof))
            else:
                strategies = tuple(np.asarray(s, dtype=float) for s in prof)
                play = tuple("mixed " + "/".join(f"{_fmt(float(p), 3)} {lab}" for p, lab in
                                                 zip(s, game.actions[i]))
                             for i, s in enumerate(strategies))
            district = ("control-and-rebellion" if play == ("Shirk", "Control")
                        else "stage equilibrium (" + ", ".join(play) + ")")
        means = means_congruence(game, strategies, government=1, agency=0)
        control = float(strategies[1][1])       # probability of Control
        four_c = classify_4c(goal, means, goal_threshold=_TAU_GOAL, means_threshold=_TAU_MEANS)
        stage_name = classify_stage(control, means, control_threshold=_TAU_CONTROL,
                                    means_threshold=_TAU_MEANS)

        # the stake exists only if the near tier can learn something (ξ > 0)
        stake = float(col["supervisor_reward"]) if self.near_detection > 0 else 0.0
        alliance = stake > 0
        sub = "absorption-and-alliance" if alliance else "arm's length"

        if not trade:
            regime = "no trade"
        elif formal == "nominal":
            regime = ("nominal: partnership" if district == "partnership"
                      else "nominal: control-and-rebellion" if district == "control-and-rebellion"
                      else f"nominal: {district}")
        else:
            regime = "formal contract enforced"

        binding = []
        binding += [f"{c} (indicators)" for c in ev.binding]
        binding += list(inc.binding)
        if not sustained and grim.delta_star > 0:
            binding.append(f"agency's no-shirking constraint with the district fails "
                           f"(δ = {_fmt(self.discount, 4)} < δ* = {_fmt(grim.delta_star)})")
        elif sustained and grim.delta_star > 0:
            binding.append(f"grim trigger holds with the district (δ ≥ δ* = "
                           f"{_fmt(grim.delta_star)})")
        if alliance:
            binding.append("collusion-proofness with the subdistrict office")

        return NominalContractSolution(
            regime=regime, formal_contract=formal, nominal_reasons=tuple(reasons),
            nominality_index=share, explicit_bonus=b, implicit_bonus=B,
            incentive_regime=str(inc["regime"]), piece_rate=float(ev["beta"]),
            surplus_ratio=ratio, cos_theta=float(ev["cos_theta"]),
            relational_discount_threshold=self.relational_discount_threshold(),
            district_relation=district, district_play=play, delta_star=grim.delta_star,
            subdistrict_relation=sub, collusion_stake=stake,
            cost_of_collusion=float(col["cost_of_collusion"]), goal_congruence=goal,
            means_congruence=means, control_intensity=control, four_c=four_c,
            life_cycle_stage=stage_name, evaluation=ev, incentives=inc, collusion=col,
            grim=grim, stage_equilibria=stage, binding=tuple(binding))

    def regime(self) -> str:
        """The governing regime only (same as ``solve().regime``).

        Returns
        -------
        str
            The regime.
        """
        return self.solve().regime

    def to_record(self) -> dict:
        """A flat record for sweeps, without building the text report.

        Returns
        -------
        dict
            Column name -> number or label.
        """
        return {"model": "nominal_contract", **self.solve().to_record()}

    # -- explanation ----------------------------------------------------------------------------
    def comparative_statics(self) -> tuple:
        """Signs of the key outcomes' responses (sympy closed forms where they exist).

        Returns
        -------
        tuple of ComparativeStatic
            One entry per (outcome, parameter).
        """
        return _nominal_explain.comparative_statics(self)

    def explain(self, *, comparative_statics: bool = True) -> Explanation:
        """The regime, what is played with each tier, binding constraints and comparative statics.

        Parameters
        ----------
        comparative_statics : bool
            Include the comparative statics (``False`` is faster for large sweeps).

        Returns
        -------
        Explanation
            A structured report whose ``str`` reads in words.
        """
        return _nominal_explain.explain(self, comparative_statics)

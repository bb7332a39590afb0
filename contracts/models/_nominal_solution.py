"""The result of :meth:`contracts.models.nominal_contract.NominalContract.solve`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..results import format_number

__all__ = ["NominalContractSolution"]

_fmt = format_number

# ----------------------------------------------------------------------------------------------
# the result
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class NominalContractSolution:
    """Everything :meth:`NominalContract.solve` finds (numbers and the underlying solutions).

    Attributes
    ----------
    regime : str
        ``"nominal: control-and-rebellion"``, ``"nominal: partnership"``, ``"formal contract
        enforced"`` or ``"no trade"``.
    formal_contract : str
        ``"nominal"``, ``"enforced"`` or ``"none"`` (no trade).
    nominal_reasons : tuple of str
        Why the formal contract is nominal (ceremonial evaluation, crowded out).
    nominality_index : float or None
        ``b*/(b* + B*)``: 0 = purely nominal formal contract, 1 = no relational component
        (None when nothing is traded).
    explicit_bonus, implicit_bonus : float
        ``b*`` on the formal indicators and ``B*`` on the subjective (relational) evaluation.
    incentive_regime : str
        The BGM-type regime: first best, mixed, crowd-out, complementarity, no trade.
    piece_rate, surplus_ratio, cos_theta : float
        Baker's ``β*`` on the indicators, ``S*/S_FB`` and ``cos θ``.
    relational_discount_threshold : float or None
        Smallest discount factor above which any implicit bonus is credible (None: never).
    district_relation : str
        ``"partnership"``, ``"control-and-rebellion"`` or the stage equilibrium played.
    district_play : tuple of str
        Action labels played each period with the district bureau.
    delta_star : Fraction
        Critical discount factor of grim trigger in the trust game.
    subdistrict_relation : str
        ``"absorption-and-alliance"`` (positive collusion stake) or ``"arm's length"``.
    collusion_stake, cost_of_collusion : float
        ``k Δθ q_H`` when ``ξ > 0`` (0 when the near tier learns nothing): what hiding the
        evidence is worth to the subdistrict office, = the reporting reward that makes the
        contract collusion-proof; and the district's welfare loss from deterring collusion.
    goal_congruence, means_congruence, control_intensity : float
        The 4C inputs of the district relation.
    four_c, life_cycle_stage : str
        The 4C regime and the life-cycle stage.
    evaluation, incentives, collusion : ContractSolution
        The Baker, BGM-type and Tirole solutions.
    grim : GrimTriggerResult
        Grim-trigger thresholds in the trust game.
    stage_equilibria : EquilibriumResult
        All stage equilibria of the trust game (``contracts.solve``).
    binding : tuple of str
        The binding constraints, in words.

    Examples
    --------
    >>> from contracts.models.nominal_contract import NominalContract
    >>> s = NominalContract().solve()
    >>> s.regime, s.formal_contract
    ('nominal: control-and-rebellion', 'nominal')
    """

    regime: str
    formal_contract: str
    nominal_reasons: tuple
    nominality_index: Any
    explicit_bonus: float
    implicit_bonus: float
    incentive_regime: str
    piece_rate: float
    surplus_ratio: float
    cos_theta: float
    relational_discount_threshold: Any
    district_relation: str
    district_play: tuple
    delta_star: Any
    subdistrict_relation: str
    collusion_stake: float
    cost_of_collusion: float
    goal_congruence: float
    means_congruence: float
    control_intensity: float
    four_c: str
    life_cycle_stage: str
    evaluation: Any = field(repr=False, default=None)
    incentives: Any = field(repr=False, default=None)
    collusion: Any = field(repr=False, default=None)
    grim: Any = field(repr=False, default=None)
    stage_equilibria: Any = field(repr=False, default=None)
    binding: tuple = ()

    def to_record(self) -> dict:
        """Flat numbers and labels (the sweep columns).

        Returns
        -------
        dict
            Column name -> number or label.
        """
        return {"regime": self.regime, "formal_contract": self.formal_contract,
                "nominality_index": self.nominality_index,
                "explicit_bonus": self.explicit_bonus, "implicit_bonus": self.implicit_bonus,
                "incentive_regime": self.incentive_regime, "piece_rate": self.piece_rate,
                "surplus_ratio": self.surplus_ratio,
                "relational_discount_threshold": self.relational_discount_threshold,
                "district_relation": self.district_relation,
                "delta_star": float(self.delta_star),
                "subdistrict_relation": self.subdistrict_relation,
                "collusion_stake": self.collusion_stake,
                "cost_of_collusion": self.cost_of_collusion,
                "goal_congruence": self.goal_congruence,
                "means_congruence": self.means_congruence, "four_c": self.four_c,
                "life_cycle_stage": self.life_cycle_stage}

    def __str__(self) -> str:
        return (f"{self.regime}: formal contract {self.formal_contract} (nominality index "
                f"{_fmt(self.nominality_index, 4) if self.nominality_index is not None else '-'}"
                f", indicators capture {_fmt(100 * self.surplus_ratio, 4)}% of the first best); "
                f"district: {self.district_relation} ({', '.join(self.district_play)}); "
                f"subdistrict: {self.subdistrict_relation} (stake {_fmt(self.collusion_stake, 4)})"
                f"; 4C {self.four_c}, stage {self.life_cycle_stage}")

"""The result of :meth:`contracts.models.relational_purchasing.RelationalPurchasing.solve`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..results import format_number

__all__ = ["RelationalPurchasingSolution"]

_fmt = format_number

@dataclass(frozen=True, eq=False)
class RelationalPurchasingSolution:
    """What :meth:`RelationalPurchasing.solve` finds.

    Attributes
    ----------
    regime : str
        ``"partner"``, ``"buddy"`` or ``"open tendering"``.
    play : tuple of str
        The (agency, government) actions played each period.
    price, premium : float
        Renewal price ``p*`` and the relational premium ``p* - c_H``.
    premium_condition : float
        ``Π = p* - c_L = Δc (1 + (1 - δ)/(δψ))``: buddy iff the tender trouble exceeds Π.
    quality_gap_needed : float
        ``Π - τ``: the perceived quality gap ``ω (v_H - v_L)`` the partner regime needs.
    partner_sustainable, buddy_equilibrium, tendering_equilibrium : bool
        Whether grim trigger sustains the partner path, and whether the buddy and the
        open-tendering profiles are stage equilibria.
    effective_discount : Fraction
        The agency's discount factor net of imperfect detection, ``δψ/(1 - δ + δψ)``.
    partner_thresholds : tuple
        Grim-trigger thresholds (agency, government) for the partner path (1 = never).
    government_payoff, agency_rent : float
        Per-period payoffs in the equilibrium played (the government's as it perceives them).
    public_quality_loss : float
        ``v_H - v_L`` when quality is shaded, else 0.
    relational_preferred : bool
        Whether relational renewal beats spot tendering for the government (commitment
        benchmark without tender trouble).
    procurement : ContractSolution
        The relational procurement block (price, premium).
    stage_game : NormalFormGame
        The stage game of agency and government.
    stage_equilibria : EquilibriumResult
        All its equilibria.
    grim : GrimTriggerResult
        Grim-trigger thresholds of the partner path.
    invitation : InvitationResult
        How many agencies to invite.
    loss_leader : LossLeaderDecision
        Whether the agency accepts a loss-making project.
    relationship_value_in_equilibrium : float
        ``δ/(1 - δ) ρ`` times the equilibrium rent: what keeping this relationship is worth.
    renewal_enforcement : ContractSolution
        Levin's relational contract with effort value ``e`` and cost ``e²/2`` at this δ.
    binding : tuple of str
        The binding constraints, in words.

    Examples
    --------
    >>> from contracts.models.relational_purchasing import RelationalPurchasing
    >>> s = RelationalPurchasing().solve(with_levin=False)
    >>> s.regime, s.buddy_equilibrium
    ('buddy', True)
    """

    regime: str
    play: tuple
    price: float
    premium: float
    premium_condition: float
    quality_gap_needed: float
    partner_sustainable: bool
    buddy_equilibrium: bool
    tendering_equilibrium: bool
    effective_discount: Any
    partner_thresholds: tuple
    government_payoff: float
    agency_rent: float
    public_quality_loss: float
    relational_preferred: bool
    relationship_value_in_equilibrium: float
    procurement: Any = field(repr=False, default=None)
    stage_game: Any = field(repr=False, default=None)
    stage_equilibria: Any = field(repr=False, default=None)
    grim: Any = field(repr=False, default=None)
    invitation: Any = field(repr=False, default=None)
    loss_leader: Any = field(repr=False, default=None)
    renewal_enforcement: Any = field(repr=False, default=None)
    binding: tuple = ()

    def to_record(self) -> dict:
        """Flat numbers and labels (sweep columns).

        Returns
        -------
        dict
            Column name -> number or label.
        """
        lev = self.renewal_enforcement
        return {"regime": self.regime, "price": self.price, "premium": self.premium,
                "premium_condition": self.premium_condition,
                "quality_gap_needed": self.quality_gap_needed,
                "effective_discount": float(self.effective_discount),
                "agency_threshold": float(self.partner_thresholds[0]),
                "government_payoff": self.government_payoff, "agency_rent": self.agency_rent,
                "public_quality_loss": self.public_quality_loss,
                "invited": self.invitation.best_number,
                "invitation_cost": float(self.invitation.expected_cost),
                "loss_leader_accepted": "yes" if self.loss_leader.accept else "no",
                "relationship_value": float(self.loss_leader.relationship_value),
                "relationship_value_in_equilibrium": self.relationship_value_in_equilibrium,
                "renewal_effort": float(lev["effort"]) if lev is not None else None}

    def __str__(self) -> str:
        return (f"{self.regime}: ({', '.join(self.play)}) each period at price "
                f"{_fmt(self.price, 4)} (premium {_fmt(self.premium, 4)}; buddy iff tender "
                f"trouble > {_fmt(self.premium_condition, 4)}); invite "
                f"{self.invitation.best_number}; loss leader "
                f"{'accepted' if self.loss_leader.accept else 'rejected'}")

"""Stage 3a' of the chain game (optional): the agency's hidden cost type and the near tier's
evidence (Tirole 1986; Laffont and Martimort 2002).

When ``cost_types = (θ_L, θ_H)`` is given, the agency's unit cost of the service is private:
low (probability ``ν``) or high. The bureau values output ``q`` at ``S(q) = A q − q²/2`` and
offers a menu of (output, transfer) contracts. The subdistrict office obtains hard evidence of
the cost with probability ``ξ`` (its nearness) and can hide it; a unit of side transfer from
the agency is worth ``k`` to it (the side-transfer efficiency). With evidence the bureau gets
the first best; without it the efficient type keeps the rent ``Δθ·q_H`` and the bureau distorts
``q_H`` down. The agency would pay up to that rent for the office's silence, so the bureau pays
the office ``w = k·Δθ·q_H`` for a report, and the collusion-proof output solves

    S′(q_H) = θ_H + ν/(1 − ν)·Δθ·(1 + ξk/(1 − ξ)).

The chain solves this with :class:`contracts.agency.hierarchy.SupervisionHierarchy` and feeds
the efficient type's rent into stage 3a as the agency's stake and as what a report is worth to
the bureau (the rent it saves), so the side-contract stage reproduces the collusion-proof
reward and, by the collusion-proofness principle, no side deal occurs on the path when side
contracting is frictionless.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..agency.hierarchy import SupervisionHierarchy

__all__ = ["Screening", "screening_stage"]


@dataclass(frozen=True)
class Screening:
    """The collusion-proof screening contract of the bureau, solved.

    Attributes
    ----------
    q_low, q_high_revealed, q_high_no_report : float
        Outputs of the low-cost type, of the high-cost type with evidence, and without it.
    q_high_without_collusion : float
        The high type's output if side contracts were impossible (``k = 0``).
    rent : float
        The low type's rent without evidence, ``Δθ·q_H`` (its stake in the office's silence).
    supervisor_reward : float
        ``w = k·Δθ·q_H``, the bureau's reward for a report.
    expected_supervisor_pay : float
        ``ν·ξ·w``.
    welfare, welfare_without_collusion, cost_of_collusion : float
        The bureau's expected welfare with the collusion-proof contract, without collusion,
        and their difference.
    """

    q_low: float
    q_high_revealed: float
    q_high_no_report: float
    q_high_without_collusion: float
    rent: float
    supervisor_reward: float
    expected_supervisor_pay: float
    welfare: float
    welfare_without_collusion: float
    cost_of_collusion: float


def screening_stage(model) -> Screening | None:
    """Solve the stage for a :class:`contracts.models.chain.Chain` (``None`` when it is off)."""
    if not model.cost_types:
        return None
    lo, hi = model.cost_types
    sol = SupervisionHierarchy(value_intercept=model.service_value, low_cost=lo, high_cost=hi,
                               prob_low_cost=model.prob_low_cost,
                               detection_probability=model.nearness,
                               side_transfer_efficiency=model.side_transfer_efficiency).solve()
    x = sol.extra
    return Screening(float(x["qL"]), float(x["qH_revealed"]), float(x["qH_no_report"]),
                     float(x["qH_no_report_without_collusion"]),
                     float(x["agent_rent_no_report"]), float(x["supervisor_reward"]),
                     float(x["expected_supervisor_pay"]), float(x["principal_welfare"]),
                     float(x["principal_welfare_without_collusion"]),
                     float(x["cost_of_collusion"]))

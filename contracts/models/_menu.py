"""Stage 0 of the chain game (optional): the tiers bid for the agency's effort.

The agency has one unit of discretionary effort to spend on one of its *tasks* (e.g. the
district's indicators, the subdistrict office's administrative work, professional casework).
Each government tier that plays — the district bureau, the subdistrict office and, when it
plays, the community committee — values the tasks differently (``v_j(a)``) and offers the
agency a non-negative schedule of rewards ``b_j(a)`` (favours, resources, renewal support) for
each task; the agency, valuing task ``a`` at ``u0(a)``, picks ``argmax u0(a) + Σ_j b_j(a)``.
This is a menu auction (Bernheim and Whinston 1986): in a truthful equilibrium the agency
chooses an efficient task, and the tiers' payoffs satisfy ``Σ_{j∈S} π_j ≤ W(N) − W(N∖S)`` for
every coalition of tiers. The chain solves it with :class:`contracts.agency.common_agency.
MenuAuction` (the tiers' preferred truthful equilibrium, verified: no tier gains by deviating)
and reads off which task the agency serves and the rent it keeps. The stage is on only when
``task_names`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..agency.common_agency import MenuAuction, MenuAuctionSolution

__all__ = ["TaskAuction", "task_auction"]


@dataclass(frozen=True)
class TaskAuction:
    """The tiers' menu auction for the agency's effort, solved.

    Attributes
    ----------
    auction : MenuAuction
        The game (tasks, the agency's own values, each tier's values).
    solution : MenuAuctionSolution
        The tiers' preferred truthful equilibrium (schedules, payoffs, check).
    task : str
        The task the agency serves on the path.
    own_task : str
        The task the agency would serve without rewards (its own preference).
    agency_rent : float
        What the rewards add to the agency's payoff: ``u0(a*) + Σ_j b_j(a*) − max_a u0(a)``.
    """

    auction: MenuAuction
    solution: MenuAuctionSolution
    task: str
    own_task: str
    agency_rent: float


def task_auction(model) -> TaskAuction | None:
    """Solve the stage for a :class:`contracts.models.chain.Chain` (``None`` when it is off)."""
    if not model.task_names:
        return None
    tiers = {"district bureau": model.district_task_values,
             "subdistrict office": model.subdistrict_task_values}
    if model.community_committee:
        tiers["community committee"] = model.community_task_values
    auction = MenuAuction(model.task_names, model.agency_task_values, principal_values=tiers)
    sol = auction.solve()
    own = max(model.task_names, key=lambda a: (auction.agent_payoffs[a],
                                               -model.task_names.index(a)))
    rent = sol.agent_payoff - auction.agent_payoffs[own]
    if not sol.check.is_equilibrium:
        from ..exceptions import ConvergenceError
        raise ConvergenceError("task_auction: the truthful equilibrium failed its check "
                               f"(gains {dict(sol.check.gains)})")
    return TaskAuction(auction, sol, sol.check.chosen_action, own, float(rent))

"""The outcome of :class:`contracts.models.passive_dismissal.PassiveDismissal`: dismissals by
type, and the responses of workers and agency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..agency.employment import CompetencePolicy, DismissalThreatSolution
from ..agency.hierarchy import SEPARATION, PassThroughResult
from ..results import format_number

__all__ = ["PassiveDismissalOutcome", "Dismissal", "PROGRAMME_DOWNSIZING", "COMPETENCE_DEMAND",
           "WEAK_RELATIONSHIP", "RECRUITING", "MAKING_AN_EXAMPLE", "ATTRACTING_TALENT"]

_fmt = format_number

PROGRAMME_DOWNSIZING = "programme downsizing"
COMPETENCE_DEMAND = "competence demand"
WEAK_RELATIONSHIP = "weak relationship"

RECRUITING = "recruiting"
MAKING_AN_EXAMPLE = "making an example"
ATTRACTING_TALENT = "attracting talent"


@dataclass(frozen=True)
class Dismissal:
    """One dismissal: who, which type, why, and how the worker responds.

    Attributes
    ----------
    worker : str
        The dismissed worker.
    kind : str
        The type of dismissal (e.g. weak relationship, programme downsizing, competence).
    cause : str
        Why, in words.
    response : str
        How the worker responds (by default complaint/separation).

    Examples
    --------
    >>> from contracts.models.passive_dismissal import PassiveDismissal
    >>> PassiveDismissal().solve().dismissals[0].worker
    'w4'
    """

    worker: str
    kind: str
    cause: str
    response: str = SEPARATION

    def __str__(self) -> str:
        return f"{self.worker}: {self.kind} ({self.cause}) → {self.response}"


@dataclass(frozen=True)
class PassiveDismissalOutcome:
    """Everything the passive-dismissal model finds.

    Attributes
    ----------
    regime : str
        Outcome of the budget cut: ``"no pressure"``, ``"absorbed by government"``,
        ``"wage cuts"``, ``"agency loss"``, ``"passive dismissal"``,
        ``"passive dismissal + agency loss"`` or ``"programme downsizing"``.
    baseline, shock, non_renewal : PassThroughResult
        The waterfall at the baseline budget, after the cut, and when the programme is not
        renewed (budget 0).
    shocked_budget, government_absorbed, effective_budget : float
        ``budget − budget_cut``; how much of the cut the government takes back; what the
        agency finally receives.
    absorption_order : tuple of str
        The waterfall order implied by the tiers' bargaining powers.
    passes_cut_down : bool
        Whether the government imposes the cut on the agency (it is at least as strong).
    total_rent : float
        Sum of the workers' wage rents ``w_i − ū_i``.
    incentive : DismissalThreatSolution
        The dismissal threat at renewal risk ``s = 1 − ρ`` (outside utility ``ū − e``).
    incentive_credible : Mapping[str, bool]
        For each worker kept after the cut, whether her wage still covers the incentive wage.
    competence_before, competence_after : CompetencePolicy
        The agency's optimal retention policy before and after the government raises demand.
    competence_dismissed : tuple of str
        Workers whose track record is at or below the raised threshold (and not the old one).
    dismissals : tuple of Dismissal
        Budget-cut dismissals (weak relationship or programme downsizing), then competence
        dismissals.
    worker_responses : Mapping[str, str]
        Each worker's response to the budget cut.
    agency_responses : tuple of str
        How the agency responds to the government.

    Examples
    --------
    >>> from contracts.models.passive_dismissal import PassiveDismissal
    >>> o = PassiveDismissal().solve()
    >>> o.regime, o.of_kind("weak relationship")
    ('passive dismissal', ('w4',))
    """

    regime: str
    baseline: PassThroughResult
    shock: PassThroughResult
    non_renewal: PassThroughResult
    shocked_budget: float
    government_absorbed: float
    effective_budget: float
    absorption_order: tuple
    passes_cut_down: bool
    total_rent: float
    incentive: DismissalThreatSolution
    incentive_credible: Mapping
    competence_before: CompetencePolicy
    competence_after: CompetencePolicy
    competence_dismissed: tuple
    dismissals: tuple
    worker_responses: Mapping
    agency_responses: tuple

    def of_kind(self, kind: str) -> tuple[str, ...]:
        """Names of the workers dismissed for reason ``kind``.

        Parameters
        ----------
        kind : str
            The type of dismissal.

        Returns
        -------
        tuple of str
            The workers, in order of dismissal.
        """
        return tuple(d.worker for d in self.dismissals if d.kind == kind)

    def __str__(self) -> str:
        lines = [f"Passive dismissal — regime: {self.regime}",
                 f"  budget cut: {self.shock}"]
        if self.government_absorbed:
            lines.append(f"  the government takes back {_fmt(self.government_absorbed)} of the "
                         "cut (it is not stronger than the agency)")
        lines.append(f"  competence demand: {self.competence_after}")
        lines += [f"  {d}" for d in self.dismissals]
        if self.agency_responses:
            lines.append("  agency responds by " + ", ".join(self.agency_responses))
        return "\n".join(lines)

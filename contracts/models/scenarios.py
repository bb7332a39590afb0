"""The five field studies as named scenarios of the chain game.

Each :class:`Scenario` is a documented parameter set for :class:`contracts.models.chain.Chain`
(and, for the life cycle, for :class:`contracts.models.dynamics.LifeCyclePaths`), with the
rationale for each choice taken from the study's text, and ``reports`` — what the study reports,
stated as regime predicates the solved game can be checked against.

Examples
--------
>>> from contracts.models.scenarios import SCENARIOS, get
>>> sorted(SCENARIOS)
['cooperation_4c', 'life_cycle', 'nominal_contracts', 'passive_turnover', 'resource_dependence']
>>> eq = get("nominal_contracts").chain().solve()
>>> from contracts.models import regimes
>>> regimes.control_and_rebellion(eq), regimes.absorption_and_alliance(eq)
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from ..exceptions import InvalidParameterError
from .chain import Chain

__all__ = ["Scenario", "SCENARIOS", "get"]


@dataclass(frozen=True)
class Scenario:
    """A field case: parameters, why, and what the study reports.

    Attributes
    ----------
    name : str
        Short identifier (the key in ``SCENARIOS``).
    study : str
        The field study the case comes from, in one line.
    parameters : Mapping
        Keyword arguments of :class:`~contracts.models.chain.Chain` for the period game.
    rationale : Mapping
        Parameter (or variant) name -> why it takes this value, from the study's text.
    reports : tuple of str
        What the study reports, as statements the solved game can be checked against.
    dynamics : Mapping, optional
        Keyword arguments of :class:`~contracts.models.dynamics.LifeCyclePaths` (for the
        life-cycle case; empty otherwise).
    variants : Mapping, optional
        Variant name -> parameter changes for :meth:`variant`.

    Examples
    --------
    >>> from contracts.models.scenarios import get
    >>> case = get("life_cycle")
    >>> case.name, case.parameters["budget"]
    ('life_cycle', 12.0)
    >>> case.chain(budget=10.0).budget
    10.0
    """

    name: str
    study: str
    parameters: Mapping
    rationale: Mapping
    reports: tuple
    dynamics: Mapping = field(default_factory=lambda: MappingProxyType({}))
    variants: Mapping = field(default_factory=lambda: MappingProxyType({}))

    def chain(self, **overrides) -> Chain:
        """Return the period game of this case.

        Parameters
        ----------
        **overrides
            Parameter changes applied on top of :attr:`parameters`.

        Returns
        -------
        Chain
            The chain game with the case's parameters, updated by ``overrides``.

        Examples
        --------
        >>> from contracts.models.scenarios import get
        >>> get("life_cycle").chain(budget_cut=2.0).budget_cut
        2.0
        """
        return Chain(**{**self.parameters, **overrides})

    def variant(self, name: str, **overrides) -> Chain:
        """The period game of a documented variant of this case (see ``variants``).

        Parameters
        ----------
        name : str
            A key of ``variants``.
        **overrides
            Further parameter changes.

        Returns
        -------
        Chain
            The case's parameters updated by the variant's, then by ``overrides``.

        Examples
        --------
        >>> from contracts.models.scenarios import get
        >>> get("cooperation_4c").variant("three_tiers").solve().purchasing.rule
        'partner'
        """
        if name not in self.variants:
            raise InvalidParameterError(
                f"Scenario.variant: unknown variant {name!r} of {self.name!r}; expected one "
                f"of {', '.join(self.variants) or 'none'}")
        return self.chain(**{**self.variants[name], **overrides})

    def paths(self, **overrides):
        """Return the life-cycle simulation of this case.

        Parameters
        ----------
        **overrides
            Changes to :class:`~contracts.models.dynamics.LifeCyclePaths` arguments, applied
            on top of :attr:`dynamics` (the base period game is :meth:`chain`).

        Returns
        -------
        LifeCyclePaths
            The simulation, ready for :meth:`~contracts.models.dynamics.LifeCyclePaths.simulate`.

        Examples
        --------
        >>> from contracts.models.scenarios import get
        >>> sim = get("life_cycle").paths(periods=5, paths=2)
        >>> sim.periods, sim.paths, sim.g_embed
        (5, 2, 0.45)
        """
        from .dynamics import LifeCyclePaths
        return LifeCyclePaths(**{"base": self.chain(), **self.dynamics, **overrides})

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.study}"]
        lines += [f"  {k} = {self.parameters[k]!r} — {why}" for k, why in self.rationale.items()
                  if k in self.parameters]
        lines += [f"  {k} = {self.dynamics[k]!r} — {why}" for k, why in self.rationale.items()
                  if k in self.dynamics]
        for v, kw in self.variants.items():
            lines.append(f"  variant {v}: " + ", ".join(f"{k} = {x!r}" for k, x in kw.items()))
        lines.append("  the study reports: " + "; ".join(self.reports))
        return "\n".join(lines)


def _mp(d):
    return MappingProxyType(dict(d))


PASSIVE_TURNOVER = Scenario(
    name="passive_turnover",
    study="passive turnover of social workers under government purchase of services "
          "(interviews with 10 social workers)",
    parameters=_mp(dict(
        worker_names=("a", "b", "c", "d", "e", "f", "g", "h"), wages=5.0,
        reservation_wages=(4, 4, 4, 4, 4, 4, 4, 4.2),
        competence=(1.2, 1.0, 1.0, 1.0, 1.0, 0.6, 1.0, 0.9),
        relationship=(0.9, 0.8, 0.3, 0.2, 0.6, 0.5, 0.1, 0.3),
        outside_offers=(True, False, False, True, True, True, False, True),
        worker_power=0.5, transfer_effort=0.1, severance=0.3, resist_cost=0.6,
        complaint_cost=0.2, required_staff=3, budget=42.0, budget_cut=20.0, overhead=2.0,
        rival_agencies=6.0, effort_cost=0.3, worker_evaluation_accuracy=0.6, shirking_loss=0.5,
        example_effect=0.5, example_cost=0.1, max_recruits=1, recruit_wage=5.0,
        talent_wage=5.5, talent_competence=1.4)),
    rationale=_mp({
        "budget_cut": "programmes are reduced: a large cut of the project budget",
        "rival_agencies": "vertical power decreases down the chain: many agencies compete, "
                          "so the bureau is cheap to satisfy elsewhere and passes the cut on",
        "competence": "competence demands: one worker (f) produces less than any wage she "
                      "accepts",
        "relationship": "relationship weakness: d is as competent and as costly as e but has "
                        "the weaker tie",
        "outside_offers": "workers with offers can oppose and transfer; the others can only "
                          "complain and separate",
        "severance": "a dismissal costs more than a complaint, less than an opposition",
        "effort_cost": "information asymmetry: a worker's effort is hidden and costs her",
        "worker_evaluation_accuracy": "the agency evaluates its workers imperfectly",
        "example_effect": "a dismissal seen by the others makes its evaluation look sharper",
        "talent_wage": "excellent social workers can be attracted at a premium wage",
        "recruit_wage": "ordinary replacements cost the market wage (no cheaper than staff)",
    }),
    reports=("three types of passive separation: programme downsizing, competence demand, "
             "relationship weakness",
             "three responses: negotiation and acceptance, opposition and transfer, complaint "
             "and separation",
             "the agency takes measures from the weaker side: it bears the cut and passes it "
             "to workers",
             "the agency's own responses: it makes an example and, with the budget it has, "
             "attracts talent"),
)

RESOURCE_DEPENDENCE = Scenario(
    name="resource_dependence",
    study="resource dependence in an autonomy-grant project (district bureau, street office, "
          "neighbourhood committee)",
    parameters=_mp(dict(
        evaluation_accuracy=0.6, evaluation_cost=0.1, no_trouble_weight=0.3, budget_cut=15.0,
        rival_agencies=0.0, replacement_cost=6.0, alternative_funding=0.5)),
    rationale=_mp({
        "evaluation_accuracy": "the bureau's evaluation decides renewal at project closing",
        "no_trouble_weight": "a governance philosophy of government–society cooperation "
                             "(raise it to model the 'official' philosophy that makes buddies)",
        "replacement_cost": "the agency's professional resources are irreplaceable",
        "rival_agencies": "no credible rival agency for this project",
        "alternative_funding": "the agency relies on the street office's economic resources "
                               "for half of what the project is worth to it",
        "budget_cut": "resources from above do not match mandates: a deep cut, which leaves "
                      "the agency a loss-making project",
        "closing_stage": "variant: the project-closing stage, where the evaluation decides "
                         "renewal and the agency keeps a project that does not cover its "
                         "costs (budget 18, no cut to bargain over)",
    }),
    variants=_mp({"closing_stage": _mp(dict(budget=18.0, budget_cut=0.0))}),
    reports=("partnership from interdependence, buddy relationship from an 'official' "
             "governance philosophy",
             "the agency survives by keeping the relationship through loss-making projects",
             "dependence is mutual: the bureau absorbs part of the cut"),
)

LIFE_CYCLE = Scenario(
    name="life_cycle",
    study="life cycle of the relationship in a town cultural-centre project",
    parameters=_mp(dict(
        worker_names=("w1", "w2"), wages=5.0, reservation_wages=4.0, competence=1.0,
        relationship=(0.8, 0.4), outside_offers=False, required_staff=1, budget=12.0,
        budget_cut=0.0, evaluation_accuracy=0.25, relationship_rent=0.5,
        evaluation_cost=1.5, tender_cost=0.6, no_trouble_cost=0.8, nearness=0.4,
        side_contract_cost=4.0, alternative_funding=0.0)),
    dynamics=_mp(dict(rho0=0.2, rho1=0.5, g0=0.4, g_trust=0.0, g_embed=0.45, h0=0.05,
                      h_embed=0.3, funding_embed=1.5, trust_step=0.1, embed_step=0.1,
                      periods=40, paths=40)),
    rationale=_mp({
        "no_trouble_cost": "a relational contract needs enough renewal rent: the project "
                           "starts as a trial",
        "g0": "the agency's organisational goals and value standards first differ from the "
              "government's procedures",
        "g_embed": "both sides return to the common goal as the relationship matures",
        "rho0": "a new agency's programme is renewed only after a trial",
        "h_embed": "an embedded agency is costlier to control",
        "funding_embed": "embedded agencies find other resources (less dependence)",
    }),
    reports=("stages: exploratory → control → resistance → symbiosis",),
)

NOMINAL_CONTRACTS = Scenario(
    name="nominal_contracts",
    study="nominal contracts with a district civil-affairs committee and subdistrict offices",
    parameters=_mp(dict(wages=(4.0, 4.5, 4.0, 4.5), evaluation_accuracy=0.25,
                        no_trouble_weight=1.0, nearness=0.8,
                        side_transfer_efficiency=0.8, side_contract_cost=2.0,
                        compliance_cost=0.5, control_cost=0.2, perfunctory_loss=2.0,
                        budget_cut=0.0)),
    rationale=_mp({
        "evaluation_accuracy": "evaluation formalisation: a ceremonial evaluation",
        "no_trouble_weight": "the subdistrict offices' pursuit of administrative performance",
        "nearness": "the subdistrict office supervises day to day",
        "side_contract_cost": "side deals with a near office are cheap",
        "compliance_cost": "the agency's professional goals differ from the procedures",
        "control_cost": "the district's mandatory control is cheap for it",
    }),
    reports=("the contract is nominal",
             "district → control-and-rebellion", "subdistrict → absorption-and-alliance"),
)

COOPERATION_4C = Scenario(
    name="cooperation_4c",
    study="4C cooperation at a street social-work station (civil-affairs bureau, street "
          "office, community)",
    parameters=_mp(dict(wages=(4.0, 4.5, 4.0, 4.5), evaluation_accuracy=0.7,
                        evaluation_cost=0.1, no_trouble_weight=0.3, compliance_cost=-0.2,
                        budget_cut=0.0)),
    rationale=_mp({
        "compliance_cost": "the agency itself emphasises legal and compliant operation "
                           "(same means as the bureau's procedures)",
        "evaluation_accuracy": "the street office is result oriented, the agency "
                               "effectiveness oriented: evaluated results carry weight",
        "no_trouble_weight": "the goal is service, not only 'no trouble'",
        "three_tiers": "variant: the government as a section system — the bureau's own "
                       "evaluation is formal (α = 0.05) and the street office wants 'no "
                       "trouble' (ω = 1), but the community committee, whose service goals "
                       "converge with the agency's, co-evaluates the service (β = 0.8)",
    }),
    variants=_mp({"three_tiers": _mp(dict(community_committee=True, evaluation_accuracy=0.05,
                                          no_trouble_weight=1.0, committee_accuracy=0.8))}),
    reports=("cooperation (same ends, compatible means)", "no control-and-rebellion",
             "no side deal",
             "with the community as a third section: its co-evaluation turns buddy purchasing "
             "into partnership"),
)

SCENARIOS: Mapping[str, Scenario] = MappingProxyType({s.name: s for s in (
    PASSIVE_TURNOVER, RESOURCE_DEPENDENCE, LIFE_CYCLE, NOMINAL_CONTRACTS, COOPERATION_4C)})


def get(name: str) -> Scenario:
    """Return the scenario called ``name`` (see :data:`SCENARIOS`).

    Parameters
    ----------
    name : str
        Scenario name; case, surrounding spaces and ``-`` versus ``_`` do not matter.

    Returns
    -------
    Scenario
        The named field case.

    Raises
    ------
    InvalidParameterError
        If there is no scenario of that name.

    Examples
    --------
    >>> from contracts.models.scenarios import get
    >>> get("Nominal-Contracts").name
    'nominal_contracts'
    """
    key = name.strip().lower().replace("-", "_")
    if key not in SCENARIOS:
        raise InvalidParameterError(
            f"get: unknown scenario {name!r}; expected one of {', '.join(SCENARIOS)}")
    return SCENARIOS[key]

"""The chain game: district bureau → subdistrict office → agency → workers, one game per period.

Players: the district bureau D (funds the project, shares a budget cut, evaluates with accuracy
α, renews or tenders, controls procedures), the subdistrict office S (near tier: sees the
agency's day-to-day work with probability ξ, values "no trouble" and administrative help, can
side-contract with the agency), optionally the community committee C (co-evaluates the
service), the agency A and N workers. Each period is a finite multi-stage game with observed
actions, solved by backward induction; hidden actions (the agency's quality, its compliance,
the workers' effort) are handled by incentive constraints and by the equilibrium of the
control game.

0. **Bidding for the agency's effort** (optional, ``task_names``) — the tiers' menu auction
   over the agency's tasks (see :mod:`._menu`).
1. **Budget and power** — a cut ``c`` is shared by asymmetric Nash bargaining: weights from
   patience, disagreement points from resource dependence (see :mod:`._stages`).
2. **Co-evaluation and relational purchasing** — the committee's co-evaluation (optional,
   ``community_committee``; see :mod:`._committee`), then the bureau's renewal rule (partner /
   buddy / tender) given the highest self-enforcing quality.
3. **Side contract and control** — the subdistrict office's side deal with the agency (its
   stake optionally from the bureau's collusion-proof screening of the agency's cost,
   ``cost_types``; see :mod:`._screening`), then the district's control game against the
   agency's compliance.
4. **Workforce** — the agency's optimal plan (whom to keep, on an incentive or a flat contract,
   whom to let go and how, whether to recruit, attract talent or make an example); workers'
   effort and replies as their best choices (see :mod:`._workforce`, :mod:`._plans`).

One logit precision ``logit_precision`` governs every discrete choice (``inf``: Nash);
:meth:`ChainEquilibrium.choice_probabilities` reports them all.

Every regime is a predicate on the solved :class:`ChainEquilibrium`
(:mod:`contracts.models.regimes`), and :meth:`ChainEquilibrium.explain` renders only its fields.

Examples
--------
>>> from contracts.models.chain import Chain
>>> eq = Chain().solve()
>>> eq.purchasing.rule, eq.workforce.dismissed
('buddy', ('w4',))
>>> round(eq.sharing.agency_share, 4)
1.0
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from .._validation import check_discount, check_nonnegative, check_probability, check_real
from ..exceptions import InvalidParameterError
from . import _stages as st
from . import _workforce as wf
from ._committee import CommitteeChoice, committee_stage
from ._params import (PARAMETER_HELP, TUPLES, as_tuple, check_flags, check_optional_stages,
                      set_worker_tuples, with_parameter_section)
from ._menu import TaskAuction, task_auction
from ._screening import Screening, screening_stage

__all__ = ["Chain", "ChainEquilibrium", "PARAMETER_HELP"]

@dataclass(frozen=True)
class Chain:
    """The chain game: bureau, subdistrict office, agency and workers, one game per period.

    Parameters are money per period unless said otherwise; :data:`PARAMETER_HELP` gives each
    one's meaning (``contracts explain chain --help`` prints them with their defaults).

    Defaults: four workers (contract wage 5, reservation wages 4, 4.5, 4, 4.5, equal competence,
    relationships .9, .4, .7, .2), a budget of 22 cut by 7, a ceremonial evaluation (α = .25)
    and a district that values "no trouble".

    Examples
    --------
    >>> Chain(budget_cut=0).solve().workforce.dismissed
    ()
    """

    budget: float = 22.0
    budget_cut: float = 7.0
    overhead: float = 2.0
    government_discount: float = 0.9
    discount: float = 0.8
    replacement_cost: float = 2.0
    rival_agencies: float = 3.0
    alternative_funding: float = 0.2
    evaluation_accuracy: float = 0.25
    quality_value: float = 2.0
    quality_cost: float = 2.0
    relationship_rent: float = 1.0
    renewal_probability: float = 0.75
    outside_surplus: float = 0.0
    evaluation_cost: float = 0.3
    no_trouble_value: float = 1.0
    no_trouble_weight: float = 1.0
    no_trouble_cost: float = 0.2
    tender_cost: float = 1.5
    compliance_cost: float = 0.5
    control_cost: float = 0.2
    perfunctory_loss: float = 2.0
    nearness: float = 0.8
    side_transfer_efficiency: float = 0.8
    side_contract_cost: float = 2.0
    report_value: float = 1.0
    worker_names: tuple = ("w1", "w2", "w3", "w4")
    wages: tuple = (5.0, 5.0, 5.0, 5.0)
    reservation_wages: tuple = (4.0, 4.5, 4.0, 4.5)
    competence: tuple = (1.0, 1.0, 1.0, 1.0)
    relationship: tuple = (0.9, 0.4, 0.7, 0.2)
    outside_offers: tuple = (True, True, True, True)
    worker_power: float = 0.0
    productivity: float = 5.0
    relationship_weight: float = 1.0
    severance: float = 0.0
    resist_cost: float = 0.5
    complaint_cost: float = 0.2
    transfer_effort: float = 0.1
    required_staff: int = 2
    cash_reserve: float = 1.0
    logit_precision: float = math.inf
    effort_cost: tuple = 0.0
    shirking_loss: float = 0.5
    worker_evaluation_accuracy: float = 0.5
    example_effect: float = 0.0
    example_cost: float = 0.3
    max_recruits: int = 0
    recruit_wage: float = 5.0
    recruit_competence: float = 1.0
    recruitment_cost: float = 0.5
    talent_wage: float = 6.0
    talent_competence: float = 1.4
    community_committee: bool = False
    committee_accuracy: float = 0.5
    committee_cost: float = 0.2
    committee_quality_value: float = 1.0
    task_names: tuple = ()
    agency_task_values: tuple = ()
    district_task_values: tuple = ()
    subdistrict_task_values: tuple = ()
    community_task_values: tuple = ()
    cost_types: tuple = ()
    prob_low_cost: float = 0.5
    service_value: float = 10.0

    def __post_init__(self):
        w = "Chain"
        names = tuple(str(x) for x in as_tuple(w, "worker_names", self.worker_names, None))
        n = len(names)
        if n == 0 or len(set(names)) != n:
            raise InvalidParameterError(
                f"{w}: expected at least one worker with distinct names, got {names}")
        object.__setattr__(self, "worker_names", names)
        set_worker_tuples(self, w, TUPLES, n)
        check_flags(w, "outside_offers", self.outside_offers)
        for i, (x, u) in enumerate(zip(self.wages, self.reservation_wages)):
            check_nonnegative(w, f"wages[{i}]", x)
            check_real(w, f"reservation_wages[{i}]", u, low=0, high=x)
        for f in ("competence", "relationship", "effort_cost"):
            for i, x in enumerate(getattr(self, f)):
                check_nonnegative(w, f"{f}[{i}]", x)
        check_nonnegative(w, "budget", self.budget)
        check_real(w, "budget_cut", self.budget_cut, low=0, high=self.budget)
        for f in ("government_discount", "discount"):
            check_discount(w, getattr(self, f), f)
        for f in ("evaluation_accuracy", "alternative_funding", "nearness", "worker_power",
                  "side_transfer_efficiency", "shirking_loss", "worker_evaluation_accuracy",
                  "example_effect", "committee_accuracy"):
            check_probability(w, f, getattr(self, f))
        check_real(w, "renewal_probability", self.renewal_probability, low=0, high=1,
                   low_open=True)
        check_real(w, "quality_value", self.quality_value, low=0, low_open=True)
        check_real(w, "quality_cost", self.quality_cost, low=0, low_open=True)
        check_real(w, "compliance_cost", self.compliance_cost)
        check_real(w, "outside_surplus", self.outside_surplus)
        for f in ("overhead", "replacement_cost", "rival_agencies", "relationship_rent",
                  "evaluation_cost", "no_trouble_value", "no_trouble_weight", "no_trouble_cost",
                  "tender_cost", "control_cost", "perfunctory_loss", "side_contract_cost",
                  "report_value", "productivity", "relationship_weight", "severance",
                  "resist_cost", "complaint_cost", "transfer_effort", "cash_reserve",
                  "example_cost", "recruit_wage", "recruit_competence", "recruitment_cost",
                  "talent_wage", "talent_competence", "committee_cost",
                  "committee_quality_value"):
            check_nonnegative(w, f, getattr(self, f))
        check_real(w, "logit_precision", self.logit_precision, low=0, allow_inf=True)
        for f in ("required_staff", "max_recruits"):
            rs = getattr(self, f)
            if isinstance(rs, float) and rs.is_integer():
                rs = int(rs)
                object.__setattr__(self, f, rs)
            if isinstance(rs, bool) or not isinstance(rs, int) or rs < 0:
                raise InvalidParameterError(
                    f"{w}: parameter {f!r} must be a non-negative integer, got {rs!r}")
        check_optional_stages(self, w)
        cc = self.community_committee
        if isinstance(cc, str) and cc.strip().lower() in ("true", "false"):
            cc = cc.strip().lower() == "true"
            object.__setattr__(self, "community_committee", cc)
        if not isinstance(cc, bool):
            raise InvalidParameterError(
                f"{w}: parameter 'community_committee' must be True or False, got {cc!r}")

    # ------------------------------------------------------------------------------ pieces
    def replace(self, **changes) -> "Chain":
        """A copy with some parameters changed (validated again).

        Parameters
        ----------
        **changes
            Parameter names and their new values.

        Returns
        -------
        Chain
            The new model.
        """
        return dataclasses.replace(self, **changes)

    def workers(self) -> tuple:
        """The workers as the agency sees them (value, wage floor, replies, separation).

        Returns
        -------
        tuple of WorkerSpec
            One per worker, in the order given.
        """
        return tuple(wf.make_worker(
            nm, w, u, c, r, o, productivity=self.productivity,
            relationship_weight=self.relationship_weight, worker_power=self.worker_power,
            severance=self.severance, resist_cost=self.resist_cost,
            complaint_cost=self.complaint_cost, transfer_effort=self.transfer_effort,
            effort_cost=e)
            for nm, w, u, c, r, o, e in zip(self.worker_names, self.wages,
                                            self.reservation_wages, self.competence,
                                            self.relationship, self.outside_offers,
                                            self.effort_cost))

    def plan_options(self) -> wf.PlanOptions:
        """The agency's stage-4 technology and responses.

        Returns
        -------
        PlanOptions
            Its evaluation accuracy, the shirking loss, example and hiring options.
        """
        return wf.PlanOptions(
            worker_accuracy=self.worker_evaluation_accuracy, shirking_loss=self.shirking_loss,
            example_effect=self.example_effect, example_cost=self.example_cost,
            max_recruits=self.max_recruits, recruit_wage=self.recruit_wage,
            recruit_value=self.productivity * self.recruit_competence,
            recruitment_cost=self.recruitment_cost, talent_wage=self.talent_wage,
            talent_value=self.productivity * self.talent_competence)

    def purchasing(self, *, accuracy: float | None = None) -> st.Purchasing:
        """Stage 2 alone (at the bureau's own accuracy unless ``accuracy`` is given).

        Parameters
        ----------
        accuracy : float, optional
            Evaluation accuracy to use instead of ``evaluation_accuracy``.

        Returns
        -------
        Purchasing
            The highest self-enforcing quality, the bureau's rule and its probabilities.
        """
        return st.relational_purchasing(
            accuracy=self.evaluation_accuracy if accuracy is None else accuracy, discount=self.discount,
            renewal_probability=self.renewal_probability, rent=self.relationship_rent,
            quality_value=self.quality_value, quality_cost=self.quality_cost,
            outside_surplus=self.outside_surplus, evaluation_cost=self.evaluation_cost,
            no_trouble_value=self.no_trouble_value, no_trouble_weight=self.no_trouble_weight,
            no_trouble_cost=self.no_trouble_cost, tender_cost=self.tender_cost,
            logit_precision=self.logit_precision)

    def workforce(self, agency_budget: float, relationship_value: float,
                  *, method: str | None = None) -> wf.WorkforcePlan:
        """Stage 4 alone at the agency's budget ``agency_budget``.

        Parameters
        ----------
        agency_budget : float
            What the agency receives this period.
        relationship_value : float
            ``Λ``, which bounds the loss it accepts (with its cash reserve).
        method : {'brute', 'milp'}, optional
            Enumerate every plan or solve the integer program (default: by size).

        Returns
        -------
        WorkforcePlan
            Fates, causes, replies, wages, bonuses, responses and probabilities.
        """
        tol = min(self.cash_reserve, relationship_value)
        return wf.solve_workforce(self.workers(), agency_budget, self.overhead,
                                  self.required_staff, tol, method=method,
                                  options=self.plan_options(),
                                  logit_precision=self.logit_precision)

    def game(self):
        """The district's control game at the equilibrium detection.

        Returns
        -------
        NormalFormGame
            District bureau {control, trust} × agency {comply, perfunctory}.
        """
        return self.solve().inspection.game

    # ------------------------------------------------------------------------------ solve
    def solve(self) -> "ChainEquilibrium":
        """Solve the period game by backward induction (stages 2–3, stage 4, then stage 1).

        Returns
        -------
        ChainEquilibrium
            One field per stage; regimes are predicates on it.
        """
        com = committee_stage(self)
        pur = com.purchasing
        relational = pur.rule in (st.PARTNER, st.BUDDY)
        lam = pur.relationship_value if relational else 0.0
        # what the agency loses if its shortfall is caught: the renewal rent it depends on
        penalty = lam * (1 - self.alternative_funding)
        a = self.evaluation_accuracy
        # stage 3: side deal (anticipating the control game it would leave), then control
        with_deal = st.inspection(a, penalty, self.compliance_cost, self.control_cost,
                                  self.perfunctory_loss, self.logit_precision)
        scr = screening_stage(self)
        if scr is None:
            side = st.side_contract(self.nearness, penalty, self.side_transfer_efficiency,
                                    self.side_contract_cost, self.report_value,
                                    with_deal.perfunctory > 1e-9)
        else:       # the stake is the low-cost type's rent; a report saves the bureau that rent
            side = st.side_contract(self.nearness, scr.rent, self.side_transfer_efficiency,
                                    self.side_contract_cost, scr.rent, True,
                                    deter_ties=True)
        if side.occurs:
            insp = with_deal
        else:
            a_eff = 1 - (1 - a) * (1 - self.nearness)
            insp = st.inspection(a_eff, penalty, self.compliance_cost, self.control_cost,
                                 self.perfunctory_loss, self.logit_precision)
        # stage 4 at the full budget: what the project is worth to the agency
        full = self.workforce(self.budget, lam)
        menu = task_auction(self)
        rent = menu.agency_rent if menu is not None else 0.0
        # stage 1: share the cut
        share = st.share_cut(self.budget_cut, self.government_discount, self.discount,
                             self.replacement_cost, self.rival_agencies,
                             self.alternative_funding, full.payoff + lam + rent)
        if share.agreement:
            plan = self.workforce(self.budget - share.agency_bears, lam)
        else:           # talks break down: the bureau tenders, the incumbent's project ends
            plan = self.workforce(0.0, 0.0)
            plan = dataclasses.replace(plan, exit=True)
        return ChainEquilibrium(self, share, pur, side, insp, full, plan, lam, com, menu, scr)

    def explain(self):
        """The solved period game in words (see :func:`contracts.models.regimes.explain`).

        Returns
        -------
        Explanation
            Headline, regime, conditions with their verdicts, figures.
        """
        from .regimes import explain
        return explain(self.solve())

    def to_record(self) -> dict:
        """Flat record for sweeps: every regime predicate and the key figures.

        Returns
        -------
        dict
            Predicate and figure names to values.
        """
        return self.solve().to_record()


Chain.__doc__ = with_parameter_section(Chain.__doc__, dataclasses.fields(Chain))


@dataclass(frozen=True)
class ChainEquilibrium:
    """The solved period game: one field per stage; regimes are predicates on it.

    Attributes
    ----------
    model : Chain
    sharing : stage 1 (:class:`contracts.models._stages.CutSharing`)
    purchasing : stage 2 (:class:`contracts.models._stages.Purchasing`)
    side_contract : stage 3a (:class:`contracts.models._stages.SideContract`)
    inspection : stage 3b (:class:`contracts.models._stages.Inspection`)
    full_budget_plan, workforce : stage 4 at the full budget (what the project is worth to the
        agency, used in stage 1) and on the equilibrium path
    relationship_value : Λ on the path (0 when the bureau tenders)
    committee : stage 2a, the community committee's co-evaluation
        (:class:`contracts.models._committee.CommitteeChoice`)
    task_auction : stage 0, the tiers' menu auction for the agency's effort
        (:class:`contracts.models._menu.TaskAuction`; ``None`` when off)
    screening : stage 3a', the bureau's collusion-proof screening of the agency's cost
        (:class:`contracts.models._screening.Screening`; ``None`` when off)

    Examples
    --------
    >>> eq = Chain().solve()
    >>> eq.purchasing.rule, eq.workforce.kept
    ('buddy', ('w1', 'w2', 'w3'))
    """

    model: Chain
    sharing: st.CutSharing
    purchasing: st.Purchasing
    side_contract: st.SideContract
    inspection: st.Inspection
    full_budget_plan: wf.WorkforcePlan
    workforce: wf.WorkforcePlan
    relationship_value: float
    committee: CommitteeChoice | None = None
    task_auction: TaskAuction | None = None
    screening: Screening | None = None

    def __repr__(self) -> str:
        from . import regimes
        return (f"ChainEquilibrium(rule={self.purchasing.rule!r}, "
                f"regimes={list(regimes.active(self))!r})")

    def regimes(self) -> dict:
        """Every documented regime predicate evaluated on this equilibrium.

        Returns
        -------
        dict
            Regime name -> bool, plus the 4C class and the life-cycle stage.
        """
        from . import regimes
        return regimes.evaluate(self)

    def explain(self):
        """The equilibrium in words: every sentence generated from a field of it.

        Returns
        -------
        Explanation
            Headline, regimes, conditions (with their inequality and whether they hold) and
            figures.
        """
        from .regimes import explain
        return explain(self)

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        return self.explain()._repr_html_()

    def __str__(self) -> str:
        return str(self.explain())

    def to_record(self) -> dict:
        """Flat record: every regime predicate and the key figures (for sweeps and tables).

        Returns
        -------
        dict
            Name -> bool, number or label.
        """
        from .regimes import record
        return record(self)

    def to_dict(self) -> dict:
        return self.to_record()

    def choice_probabilities(self) -> dict:
        """Every discrete choice of the period game and its (logit) choice probabilities.

        Keys name the decision (``"renewal rule"``, ``"bureau control"``, ``"agency
        compliance"``, ``"committee"``, ``"bureau deters collusion"``, ``"agency exit"``,
        ``"agency keeps <w>"``, ``"<w> reply"``, ``"<w> effort"``); values map each option to
        its probability. At
        ``logit_precision = inf`` they are the equilibrium's pure or mixed strategies; at finite
        precision each is a logit choice given the equilibrium play of the later movers, so a
        likelihood of observed choices is a product of these numbers.

        Returns
        -------
        dict
            decision -> {option: probability}.

        Examples
        --------
        >>> eq = Chain(logit_precision=2.0).solve()
        >>> p = eq.choice_probabilities()
        >>> round(sum(p["renewal rule"].values()), 12), sorted(p["w1 reply"])
        (1.0, ['accept', 'leave', 'resist'])
        """
        from ._report import choice_probabilities
        return choice_probabilities(self)

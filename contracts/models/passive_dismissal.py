"""Passive dismissal: budget shocks and rising demands passed down to social workers.

When the government (strong) cuts a project budget or raises its demands, the agency (weak
towards the government, strong towards its workers) passes the pressure down instead of pushing
it back up, and workers lose pay or their jobs. The pieces, which this
model assembles (each computed by the library's building blocks):

* **who absorbs a budget cut** — pressure travels down the chain while each tier dominates the
  next (bargaining power from resource dependence, :mod:`contracts.models.tiers`): a government
  at least as strong as the agency imposes the cut (otherwise it absorbs it itself); an agency
  stronger than its workers cuts their wage rents and dismisses surplus staff before touching its
  own reserves (:class:`contracts.agency.hierarchy.BudgetPassThrough`, the waterfall:
  wage rents → surplus staff, lowest retention score first → agency loss up to
  ``min(L, Λ)`` → exit);
* **three types of dismissal, three distinct equilibrium outcomes**

  - *weak relationship*: a cut larger than the workers' wage rents leads the agency to dismiss
    surplus staff in increasing retention score (competence × relationship);
  - *programme downsizing*: a cut larger than everything the chain below the government can
    absorb ends the programme (the agency exits) — and so does non-renewal, which happens with
    probability ``s = 1 − ρ`` each period; that renewal risk also raises the wage a dismissal
    threat needs (:class:`contracts.agency.employment.DismissalThreat`);
  - *competence demand*: when the government raises what it demands of a success, the agency's
    optimal firing threshold on workers' track records rises
    (:class:`contracts.agency.employment.CompetenceLearning`), and workers whose net successes
    fall at or below it are replaced;

* **responses** — workers: negotiation/acceptance (cut within their rent), opposition/transfer
  (cut beyond their rent with an outside offer), complaint/separation (dismissed); the agency:
  *recruiting* (replacing competence dismissals), *making an example* (dismissals while the
  remaining staff still earn the incentive wage, so the threat disciplines them), *attracting
  talent* (a budget surplus spent on pay above reservation wages).

Defaults are the textbook example: four workers with wage 5, reservation wages
(4, 4.5, 4, 4.5), retention scores (.9, .4, .7, .2), overhead 2, two required heads, cash reserve
1, relationship value Λ = 3 (δ = .8, ρ = .75, profit 1 on other projects), baseline budget 22 and
a cut of 7 (budget 15).

Examples
--------
>>> from contracts.models.passive_dismissal import PassiveDismissal
>>> out = PassiveDismissal().solve()
>>> out.regime, out.shock.dismissed, out.shock.agency_profit
('passive dismissal', ('w4',), 0.5)
>>> [(d.worker, d.kind) for d in out.dismissals]
[('w4', 'weak relationship'), ('w3', 'competence demand')]
>>> PassiveDismissal(budget_cut=14).solve().regime
'programme downsizing'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

from .._validation import check_discount, check_nonnegative, check_probability, check_real
from ..agency.employment import CompetenceLearning, DismissalThreat
from ..agency.hierarchy import (NEGOTIATION, SEPARATION, TRANSFER, BudgetPassThrough,
                                PassThroughResult, Worker)
from ..agency.procurement import relationship_value
from ..exceptions import InvalidParameterError
from ..results import format_number
from . import _dismissal_explain
from ._dismissal_outcome import (ATTRACTING_TALENT, COMPETENCE_DEMAND, MAKING_AN_EXAMPLE,
                                 PROGRAMME_DOWNSIZING, RECRUITING, WEAK_RELATIONSHIP, Dismissal,
                                 PassiveDismissalOutcome)
from ._explain import Explanation
from ._params import as_tuple, check_flags, set_worker_tuples
from .tiers import Tier, TierChain
from ._superseded import warn_component_model

__all__ = ["PassiveDismissal", "PassiveDismissalOutcome", "Dismissal",
           "PROGRAMME_DOWNSIZING", "COMPETENCE_DEMAND", "WEAK_RELATIONSHIP",
           "RECRUITING", "MAKING_AN_EXAMPLE", "ATTRACTING_TALENT",
           "NEGOTIATION", "TRANSFER", "SEPARATION"]

_fmt = format_number

_TUPLE_FIELDS = ("worker_names", "wages", "reservation_wages", "retention_scores",
                 "outside_offers", "track_records")


@dataclass(frozen=True)
class PassiveDismissal:
    """Budget cuts and rising demands passed down to workers.

    Parameters
    ----------
    budget : float, default 22.0
        Baseline project budget ``p`` (exactly covers overhead and wages at the defaults).
    budget_cut : float, default 7.0
        The cut the government announces (``0 ≤ cut ≤ budget``); 7, 12.5 and 14 give a
        dismissal, a dismissal with an agency loss, and the agency's exit.
    overhead : float, default 2.0
        The agency's overhead ``F``.
    worker_names : tuple of str, default ("w1", "w2", "w3", "w4")
        The workers' names.
    wages : tuple of float, default (5, 5, 5, 5)
        Each worker's current wage.
    reservation_wages : tuple of float, default (4, 4.5, 4, 4.5)
        What each worker can get elsewhere (``ū_i ≤ w_i``); ``w_i − ū_i`` is her wage rent.
    retention_scores : tuple of float, default (.9, .4, .7, .2)
        Competence × relationship; the lowest go first when staff are cut.
    outside_offers : tuple of bool, default all True
        Whether each worker holds a concrete outside offer (needed to oppose and transfer).
    required_staff : int, default 2
        Head count the formalised evaluation requires (``n_req``).
    cash_reserve : float, default 1.0
        The agency's reserve ``L``.
    agency_discount, renewal_probability, other_profit : float, default 0.8, 0.75, 1.0
        Give the relationship value ``Λ = δ/(1−δ)·ρ·π_other = 3``: the most the agency will
        lose to keep the government's other projects. ``1 − ρ`` is also the per-period chance
        that the programme is not renewed.
    government_power, agency_power, worker_power : float, default 0.8, 0.15, 0.05
        Bargaining powers (resource dependence, :func:`contracts.models.tiers.default_chain`).
    effort_cost, detection_probability, worker_discount : float, default 0.5, 0.5, 0.9
        The workers' dismissal-threat incentive problem.
    track_records : tuple of int, default (2, 0, −2, −1)
        Each worker's net successes ``k = #successes − #failures``.
    prior, p_good, p_bad : float, default 0.5, 2/3, 1/3
        Competence learning: prior that a worker is good and success probabilities.
    hiring_cost : float, default 1.0
        Cost of replacing a worker, in units of the value of a success.
    demand, raised_demand : float, default 1.0, 2.0
        Value of a success to the agency (what the government rewards) before and after the
        government raises its demands.
    learning_wage : float, default 0.45
        Per-period wage in the learning model's units (moves values, not the threshold).
    rent_cut : {"proportional", "uniform"}, default "proportional"
        How wage cuts are shared: in proportion to each worker's rent (nobody is pushed below
        her reservation wage), or equally per head (workers with small rents are pushed below
        theirs and, holding an outside offer, oppose and transfer).

    Examples
    --------
    >>> e = PassiveDismissal().explain()
    >>> e.regime, e.figures["dismissed"], e.figures["competence_threshold_after"]
    ('passive dismissal', 1, -2)
    """

    budget: float = 22.0
    budget_cut: float = 7.0
    overhead: float = 2.0
    worker_names: tuple = ("w1", "w2", "w3", "w4")
    wages: tuple = (5.0, 5.0, 5.0, 5.0)
    reservation_wages: tuple = (4.0, 4.5, 4.0, 4.5)
    retention_scores: tuple = (0.9, 0.4, 0.7, 0.2)
    outside_offers: tuple = (True, True, True, True)
    required_staff: int = 2
    cash_reserve: float = 1.0
    agency_discount: float = 0.8
    renewal_probability: float = 0.75
    other_profit: float = 1.0
    government_power: float = 0.8
    agency_power: float = 0.15
    worker_power: float = 0.05
    effort_cost: float = 0.5
    detection_probability: float = 0.5
    worker_discount: float = 0.9
    track_records: tuple = (2, 0, -2, -1)
    prior: float = 0.5
    p_good: float = 2 / 3
    p_bad: float = 1 / 3
    hiring_cost: float = 1.0
    demand: float = 1.0
    raised_demand: float = 2.0
    learning_wage: float = 0.45
    rent_cut: str = "proportional"

    def __post_init__(self):
        warn_component_model("passive_dismissal", "PassiveDismissal")
        w = "PassiveDismissal"
        names = as_tuple(w, "worker_names", self.worker_names, None, integers=True,
                         broadcast=False)
        n = len(names)
        if n == 0:
            raise InvalidParameterError(f"{w}: expected at least one worker, found none")
        names = tuple(str(x) for x in names)
        if len(set(names)) != n:
            raise InvalidParameterError(f"{w}: worker names must be distinct, got {names}")
        object.__setattr__(self, "worker_names", names)
        set_worker_tuples(self, w, _TUPLE_FIELDS[1:], n, integers=True, broadcast=False)
        for i, x in enumerate(self.wages):
            check_nonnegative(w, f"wages[{i}]", x)
        for i, (x, u) in enumerate(zip(self.wages, self.reservation_wages)):
            check_real(w, f"reservation_wages[{i}]", u, low=0, high=x)
        for i, x in enumerate(self.retention_scores):
            check_real(w, f"retention_scores[{i}]", x)
        check_flags(w, "outside_offers", self.outside_offers)
        for i, k in enumerate(self.track_records):
            if isinstance(k, bool) or not isinstance(k, int) and not (
                    isinstance(k, float) and k.is_integer()):
                raise InvalidParameterError(
                    f"{w}: parameter 'track_records[{i}]' must be an integer (net successes), "
                    f"got {k!r}")
        object.__setattr__(self, "track_records", tuple(int(k) for k in self.track_records))
        check_nonnegative(w, "budget", self.budget)
        check_real(w, "budget_cut", self.budget_cut, low=0, high=self.budget)
        check_nonnegative(w, "overhead", self.overhead)
        rs = self.required_staff
        if isinstance(rs, bool) or not isinstance(rs, int) or rs < 0:
            raise InvalidParameterError(
                f"{w}: parameter 'required_staff' must be a non-negative integer, got {rs!r}")
        check_nonnegative(w, "cash_reserve", self.cash_reserve)
        check_discount(w, self.agency_discount, "agency_discount")
        check_real(w, "renewal_probability", self.renewal_probability, low=0, high=1,
                   low_open=True, high_open=True)
        check_nonnegative(w, "other_profit", self.other_profit)
        for f in ("government_power", "agency_power", "worker_power"):
            check_probability(w, f, getattr(self, f))
        check_nonnegative(w, "effort_cost", self.effort_cost)
        check_real(w, "detection_probability", self.detection_probability, low=0, high=1,
                   low_open=True)
        check_discount(w, self.worker_discount, "worker_discount")
        check_real(w, "demand", self.demand, low=0, low_open=True)
        check_real(w, "raised_demand", self.raised_demand, low=0, low_open=True)
        check_nonnegative(w, "hiring_cost", self.hiring_cost)
        check_real(w, "learning_wage", self.learning_wage)
        if self.rent_cut not in ("proportional", "uniform"):
            raise InvalidParameterError(
                f"{w}: parameter 'rent_cut' must be 'proportional' or 'uniform', got "
                f"{self.rent_cut!r}")
        # the learning model validates prior / p_good / p_bad (symmetric signals)
        self._learning(self.demand)

    # --------------------------------------------------------------------------- building
    def chain(self) -> TierChain:
        """The government → agency → worker chain with this model's powers and discounts.

        Returns
        -------
        TierChain
            The three tiers.
        """
        return TierChain((
            Tier("government", "district bureau", bargaining_power=self.government_power,
                 discount=self.agency_discount),
            Tier("agency", "agency", bargaining_power=self.agency_power,
                 discount=self.agency_discount),
            Tier("workers", "worker", bargaining_power=self.worker_power,
                 discount=self.worker_discount),
        ))

    def workers(self) -> tuple[Worker, ...]:
        """The workers as :class:`contracts.agency.hierarchy.Worker` objects.

        Returns
        -------
        tuple of Worker
            One per worker, in the given order.
        """
        return tuple(
            Worker(nm, wage=w, reservation_wage=u, score=s, outside_offer=o)
            for nm, w, u, s, o in zip(
                self.worker_names,
                self.wages,
                self.reservation_wages,
                self.retention_scores,
                self.outside_offers,
            )
        )

    @property
    def relationship_value(self) -> float:
        """``Λ = δ/(1−δ)·ρ·π_other``: what keeping the government's other projects is worth."""
        return relationship_value(self.agency_discount, self.renewal_probability,
                                  self.other_profit)

    @property
    def total_rent(self) -> float:
        """Sum of the workers' wage rents ``Σ (w_i − ū_i)``."""
        return sum(w - u for w, u in zip(self.wages, self.reservation_wages))

    @property
    def baseline_shortfall(self) -> float:
        """``F + Σ w_i − p`` at the baseline budget."""
        return self.overhead + sum(self.wages) - self.budget

    def critical_cut(self) -> float:
        """The largest budget cut the workers' wage rents absorb without a dismissal.

        ``Σ (w_i − ū_i) − (F + Σ w_i − p)`` when the cut is passed down and the agency cuts its
        workers first (passive dismissal occurs iff the shortfall exceeds the wage rents);
        ``inf`` when the government takes the cut back.

        Returns
        -------
        float
            The critical cut.

        Examples
        --------
        >>> PassiveDismissal().critical_cut()
        3.0
        """
        if not self.passes_cut_down():
            return math.inf
        base = self.total_rent - self.baseline_shortfall
        if self.absorption_order()[0] == "agency" or len(self.worker_names) <= \
                self.required_staff:
            # the agency's loss tolerance comes before any dismissal (or nobody is surplus)
            base += min(self.cash_reserve, self.relationship_value)
        return base

    def passes_cut_down(self) -> bool:
        """Whether the government imposes the cut: it is at least as strong as the agency.

        Returns
        -------
        bool
            True if the cut is passed down to the agency.
        """
        return self.government_power >= self.agency_power

    def absorption_order(self) -> tuple[str, ...]:
        """Waterfall order: the agency cuts workers first iff it is stronger than them.

        Returns
        -------
        tuple of str
            Steps of :data:`contracts.agency.hierarchy.ABSORPTION_STEPS`, in order.
        """
        if self.agency_power > self.worker_power:
            return ("wage_rents", "surplus_staff", "agency")
        return ("agency", "wage_rents", "surplus_staff")

    def pass_through(self, budget: float | None = None) -> BudgetPassThrough:
        """The :class:`BudgetPassThrough` problem at ``budget``.

        Parameters
        ----------
        budget : float, optional
            The budget; default the baseline minus the cut, plus whatever the government takes
            back.

        Returns
        -------
        BudgetPassThrough
            The waterfall problem of the agency and its workers.
        """
        if budget is None:
            budget = self._effective_budget()
        return BudgetPassThrough(budget, overhead=self.overhead, workers=self.workers(),
                                 required_staff=self.required_staff,
                                 cash_reserve=self.cash_reserve,
                                 relationship_value=self.relationship_value,
                                 absorption_order=self.absorption_order(),
                                 rent_cut=self.rent_cut)

    game = pass_through

    def _effective_budget(self) -> float:
        return self.budget - self.budget_cut + self._government_absorbed()

    def _government_absorbed(self) -> float:
        # A government that does not dominate the agency cannot impose the cut and restores it.
        return 0.0 * self.budget_cut if self.passes_cut_down() else self.budget_cut

    def _learning(self, demand: float) -> CompetenceLearning:
        # only the ratio hiring_cost / output matters for the threshold; the learning model
        # is solved with output = demand
        return CompetenceLearning(prior=self.prior, p_good=self.p_good, p_bad=self.p_bad,
                                  discount=self.worker_discount,
                                  wage=self.learning_wage, hiring_cost=self.hiring_cost,
                                  output=demand)

    def dismissal_threat(self, outside_utility: float | None = None,
                         wage_cap: float | None = None) -> DismissalThreat:
        """The dismissal threat at renewal risk ``s = 1 − ρ``.

        The outside utility defaults to ``ū − e`` for the first worker (the outside job pays
        the reservation wage and asks the same effort), so the wage a threat needs is
        ``ū_i + incentive rent``.

        Parameters
        ----------
        outside_utility : float, optional
            Per-period utility outside the job.
        wage_cap : float, optional
            The most the agency can pay.

        Returns
        -------
        DismissalThreat
            The workers' incentive problem.
        """
        if outside_utility is None:
            outside_utility = self.reservation_wages[0] - self.effort_cost
        return DismissalThreat.from_renewal(outside_utility, self.effort_cost,
                                            self.detection_probability, self.worker_discount,
                                            self.renewal_probability, wage_cap)

    # ---------------------------------------------------------------------------- solving
    def solve(self) -> PassiveDismissalOutcome:
        """Run the budget cut, non-renewal and competence-demand scenarios.

        Returns
        -------
        PassiveDismissalOutcome
            The regime, the dismissals and everybody's responses.
        """
        baseline = self.pass_through(self.budget)
        base = baseline.solve()
        g_abs = self._government_absorbed()
        shock = self.pass_through().solve()
        non_renewal = self.pass_through(0.0 * self.budget).solve()
        incentive = self.dismissal_threat().solve()
        rent_needed = incentive.incentive_rent
        ubar = dict(zip(self.worker_names, self.reservation_wages))
        credible = {nm: bool(shock.final_wages[nm] >= ubar[nm] + rent_needed - 1e-12)
                    for nm in shock.employed}
        # competence
        before = self._learning(self.demand).solve()
        after = self._learning(self.raised_demand).solve()

        def fired(policy, k):
            return policy.firing_threshold is not None and k <= policy.firing_threshold
        comp = tuple(nm for nm, k in zip(self.worker_names, self.track_records)
                     if fired(after, k) and not fired(before, k))
        # classify the budget-cut dismissals
        dismissals = []
        if shock.exit:
            for nm in shock.dismissed:
                dismissals.append(Dismissal(nm, PROGRAMME_DOWNSIZING,
                                            "the cut exceeds what the chain can absorb: the "
                                            "programme ends", SEPARATION))
        else:
            scores = dict(zip(self.worker_names, self.retention_scores))
            for nm in shock.dismissed:
                dismissals.append(Dismissal(nm, WEAK_RELATIONSHIP,
                                            f"surplus staff, retention score {_fmt(scores[nm])}",
                                            SEPARATION))
        records = dict(zip(self.worker_names, self.track_records))
        for nm in comp:
            dismissals.append(Dismissal(nm, COMPETENCE_DEMAND,
                                        f"net successes {records[nm]} ≤ firing threshold "
                                        f"{after.firing_threshold}", SEPARATION))
        # agency responses
        responses = []
        if comp:
            responses.append(RECRUITING)
        kept_after_comp = [nm for nm in self.worker_names if nm not in comp]
        base_wages = dict(zip(self.worker_names, self.wages))
        comp_example = bool(comp) and all(
            base_wages[nm] >= ubar[nm] + rent_needed - 1e-12 for nm in kept_after_comp)
        shock_example = bool(shock.dismissed) and not shock.exit and bool(credible) and all(
            credible.values())
        if comp_example or shock_example:
            responses.append(MAKING_AN_EXAMPLE)
        if shock.shortfall < 0 and not shock.exit:
            responses.append(ATTRACTING_TALENT)
        regime = self._regime(shock, g_abs)
        return PassiveDismissalOutcome(
            regime=regime, baseline=base, shock=shock, non_renewal=non_renewal,
            shocked_budget=self.budget - self.budget_cut, government_absorbed=g_abs,
            effective_budget=self._effective_budget(), absorption_order=self.absorption_order(),
            passes_cut_down=self.passes_cut_down(), total_rent=self.total_rent,
            incentive=incentive, incentive_credible=MappingProxyType(credible),
            competence_before=before, competence_after=after, competence_dismissed=comp,
            dismissals=tuple(dismissals), worker_responses=shock.responses,
            agency_responses=tuple(responses))

    def _regime(self, shock: PassThroughResult, g_abs) -> str:
        if shock.exit:
            return "programme downsizing"
        loss = shock.agency_loss > 0
        if shock.dismissed:
            return "passive dismissal + agency loss" if loss else "passive dismissal"
        if loss:
            return "agency loss"
        if any(c > 0 for c in shock.wage_cuts.values()):
            return "wage cuts"
        if g_abs > 0:
            return "absorbed by government"
        return "no pressure"

    # -------------------------------------------------------------------------- explaining
    def explain(self) -> Explanation:
        """The regime of the budget cut, who goes and why, how each side responds.

        Returns
        -------
        Explanation
            A structured report whose ``str`` reads in words.
        """
        return _dismissal_explain.explain(self)

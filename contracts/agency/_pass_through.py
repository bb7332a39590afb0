"""The three-tier budget pass-through: who absorbs a budget shortfall, in which order.

Private part of :mod:`contracts.agency.hierarchy` (which re-exports the public names).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np

from .._deprecate import keyword_only
from .._result import Result
from .._validation import check_nonnegative, check_real
from ..exceptions import InvalidParameterError
from ._bargaining_common import _fmt

__all__ = ["BudgetPassThrough", "PassThroughResult", "Worker", "ABSORPTION_STEPS", "NEGOTIATION",
           "TRANSFER", "SEPARATION"]


# --------------------------------------------------------------------------------------------
# 5.2 Three-tier budget pass-through
# --------------------------------------------------------------------------------------------

NEGOTIATION = "negotiation/acceptance"
TRANSFER = "opposition/transfer"
SEPARATION = "complaint/separation"

#: The absorption steps; the default order is the first three (weakest tier absorbs first).
ABSORPTION_STEPS = ("wage_rents", "surplus_staff", "agency")


@keyword_only(1)
@dataclass(frozen=True)
class Worker:
    """A social worker in the pass-through model.

    Parameters
    ----------
    name : str
        A distinct name for the worker.
    wage : float
        Current wage w_i >= 0.
    reservation_wage : float
        u_i in [0, w_i]: what the worker can get elsewhere; ``wage - reservation_wage`` is the
        rent that can be cut without losing her.
    score : float
        Retention score s_i (competence x relationship); the lowest go first.
    outside_offer : bool
        Whether she holds a concrete outside offer (a worker cut below her reservation wage
        then opposes and transfers; without an offer she negotiates and accepts).

    Examples
    --------
    >>> Worker(name="w1", wage=5, reservation_wage=4, score=0.9).rent
    1
    """

    name: str
    wage: Any
    reservation_wage: Any
    score: Any
    outside_offer: bool = True

    def __post_init__(self):
        w = f"Worker({self.name!r})"
        if not isinstance(self.name, str) or not self.name:
            raise InvalidParameterError(f"Worker: parameter 'name' must be a non-empty string, "
                                        f"got {self.name!r}")
        check_nonnegative(w, "wage", self.wage)
        check_real(w, "reservation_wage", self.reservation_wage, low=0, high=self.wage)
        check_real(w, "score", self.score)

    @property
    def rent(self):
        """The rent ``wage - reservation_wage`` that can be cut without losing the worker."""
        return self.wage - self.reservation_wage


def _as_worker(x) -> Worker:
    if isinstance(x, Worker):
        return x
    if isinstance(x, Mapping):
        keys = {"name": ("name", "id"), "wage": ("wage", "w"),
                "reservation_wage": ("reservation_wage", "ubar", "reservation"),
                "score": ("score", "retention_score"), "outside_offer": ("outside_offer",)}
        kw = {}
        for field_name, aliases in keys.items():
            for a in aliases:
                if a in x:
                    kw[field_name] = x[a]
                    break
        unknown = set(x) - {a for al in keys.values() for a in al}
        if unknown or not {"name", "wage", "reservation_wage", "score"} <= set(kw):
            raise InvalidParameterError(
                "BudgetPassThrough: each worker must be a Worker or a mapping with keys name, "
                f"wage, reservation_wage, score (optional outside_offer); got {dict(x)!r}")
        return Worker(**kw)
    raise InvalidParameterError(
        f"BudgetPassThrough: each worker must be a Worker or a mapping, got {x!r}")


@dataclass(frozen=True, repr=False)
class PassThroughResult(Result):
    """Who absorbs a budget shortfall, who is dismissed, and how each worker responds.

    Attributes
    ----------
    shortfall : float
        ``D = overhead + sum of wages - budget`` (negative: a surplus).
    wage_cuts : Mapping[str, float]
        Cut in each worker's wage (also for workers later dismissed).
    dismissed : tuple of str
        In order of dismissal (on exit the rest follow, lowest score first).
    employed : tuple of str
        Kept workers, lowest score first.
    final_wages : Mapping[str, float]
        Wages of the kept workers.
    agency_loss : float
        Loss the agency bears, ``max(0, -agency_profit)`` (on exit: the loss it was willing to
        absorb before exiting). If the agency stays, money is conserved: wage cuts + dismissal
        savings + agency loss = shortfall + any surplus left to the agency.
    agency_profit : float
        ``budget - overhead - wage bill`` if the agency stays, 0 if it exits.
    exit : bool
        Whether the agency exits (project terminated, everybody dismissed).
    responses : Mapping[str, str]
        Each worker's response: negotiation/acceptance, opposition/transfer or
        complaint/separation.
    absorbed : tuple of (str, float)
        Amount absorbed at each step, in the order applied.
    remaining_shortfall : float
        Shortfall left after every step (positive only on exit).
    required_staff : int
        The head count the evaluation requires.

    Examples
    --------
    >>> ws = [Worker(name="w1", wage=5, reservation_wage=4, score=.9),
    ...       Worker(name="w2", wage=5, reservation_wage=4.5, score=.4)]
    >>> r = BudgetPassThrough(budget=11, overhead=2, workers=ws, required_staff=2,
    ...                       cash_reserve=1, relationship_value=3).solve()
    >>> r.shortfall, r.exit, r.dismissed
    (1, False, ())
    """

    shortfall: Any
    wage_cuts: Mapping
    dismissed: tuple
    employed: tuple
    final_wages: Mapping
    agency_loss: Any
    agency_profit: Any
    exit: bool
    responses: Mapping
    absorbed: tuple
    remaining_shortfall: Any
    required_staff: int

    def __str__(self) -> str:
        if self.shortfall <= 0:
            return (f"the budget covers overhead and wages with {_fmt(-self.shortfall)} to spare: "
                    "no cuts, no dismissals")
        parts = [f"budget shortfall {_fmt(self.shortfall)} passed down the hierarchy"]
        names = {"wage_rents": "wage rents cut", "surplus_staff": "dismissals save",
                 "agency": "the agency absorbs"}
        parts.append("; ".join(f"{names[s]} {_fmt(a)}" for s, a in self.absorbed if a))
        if self.exit:
            parts.append(f"a shortfall of {_fmt(self.remaining_shortfall)} remains, so the agency "
                         "exits: the project ends and every worker is dismissed (complaint/"
                         "separation)")
            return "; ".join(p for p in parts if p)
        if self.dismissed:
            parts.append("passive dismissal of " + ", ".join(self.dismissed)
                         + " (complaint/separation)")
        kept = {}
        for n in self.employed:
            kept.setdefault(self.responses[n], []).append(n)
        for resp, who in kept.items():
            parts.append(", ".join(who) + f" stay{'s' if len(who) == 1 else ''} ({resp})")
        parts.append(f"agency profit {_fmt(self.agency_profit)}")
        return "; ".join(p for p in parts if p)


@keyword_only(1)
@dataclass(frozen=True)
class BudgetPassThrough:
    """Three-tier budget pass-through ("passive dismissal").

    The government sets the budget ``p``; the agency pays overhead ``F`` and wages. The
    shortfall ``D = F + sum_i w_i - p`` is absorbed in ``absorption_order`` (default: weakest
    first):

    1. ``"wage_rents"`` — wages are cut towards reservation wages, in proportion to each rent
       ``w_i - u_i`` (``rent_cut="proportional"``), or by the same amount for everybody up to the
       total rent (``rent_cut="uniform"``, which can push a worker below her reservation wage);
    2. ``"surplus_staff"`` — workers beyond ``required_staff`` are dismissed in increasing
       retention score while a shortfall remains; a dismissal saves the current wage;
    3. ``"agency"`` — the agency absorbs a loss up to ``min(cash_reserve, relationship_value)``;
    4. any remaining shortfall makes the agency exit: project terminated, all dismissed.

    Worker responses: kept with cut <= rent: negotiation/acceptance; kept with cut > rent and an
    outside offer: opposition/transfer (without an offer: negotiation/acceptance); dismissed:
    complaint/separation.

    Parameters
    ----------
    budget : float
        p >= 0.
    overhead : float
        F >= 0.
    workers : sequence of Worker (or mappings with keys name, wage, reservation_wage, score)
        The agency's workers, with their wages, reservation wages and retention scores.
    required_staff : int
        n_req >= 0, the head count the (formalised) evaluation requires.
    cash_reserve : float
        L >= 0.
    relationship_value : float
        Lambda >= 0 (see :func:`contracts.agency.procurement.relationship_value`).
    absorption_order : sequence of str
        Distinct steps from ``ABSORPTION_STEPS``.
    rent_cut : {"proportional", "uniform"}
        How wage rents are cut: in proportion to each rent, or equally for everybody.

    Examples
    --------
    >>> ws = [Worker(name, wage=5, reservation_wage=u, score=s)
    ...       for name, u, s in [("w1", 4, .9), ("w2", 4.5, .4), ("w3", 4, .7), ("w4", 4.5, .2)]]
    >>> r = BudgetPassThrough(15, overhead=2, workers=ws, required_staff=2, cash_reserve=1,
    ...                       relationship_value=3).solve()
    >>> r.dismissed, r.employed, r.agency_profit
    (('w4',), ('w2', 'w3', 'w1'), 0.5)
    """

    budget: Any
    overhead: Any
    workers: Sequence
    required_staff: int
    cash_reserve: Any
    relationship_value: Any
    absorption_order: Sequence = ABSORPTION_STEPS
    rent_cut: str = "proportional"

    def __post_init__(self):
        w = "BudgetPassThrough"
        check_nonnegative(w, "budget", self.budget)
        check_nonnegative(w, "overhead", self.overhead)
        check_nonnegative(w, "cash_reserve", self.cash_reserve)
        check_nonnegative(w, "relationship_value", self.relationship_value)
        if isinstance(self.workers, (str, bytes, Mapping)):
            raise InvalidParameterError(
                f"{w}: parameter 'workers' must be a sequence of workers, got {self.workers!r}")
        try:
            workers = tuple(_as_worker(x) for x in self.workers)
        except TypeError:
            raise InvalidParameterError(
                f"{w}: parameter 'workers' must be a sequence of workers, got {self.workers!r}") \
                from None
        names = [x.name for x in workers]
        if len(set(names)) != len(names):
            raise InvalidParameterError(f"{w}: worker names must be distinct, got {names!r}")
        object.__setattr__(self, "workers", workers)
        n = self.required_staff
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise InvalidParameterError(
                f"{w}: parameter 'required_staff' must be a non-negative integer, got {n!r}")
        if isinstance(self.absorption_order, str):
            raise InvalidParameterError(
                f"{w}: parameter 'absorption_order' must be a sequence of steps from "
                f"{ABSORPTION_STEPS}, got the string {self.absorption_order!r}")
        order = tuple(self.absorption_order)
        bad = [s for s in order if s not in ABSORPTION_STEPS]
        if bad or len(set(order)) != len(order):
            raise InvalidParameterError(
                f"{w}: parameter 'absorption_order' must list distinct steps from "
                f"{ABSORPTION_STEPS}; got {order!r}")
        object.__setattr__(self, "absorption_order", order)
        if self.rent_cut not in ("proportional", "uniform"):
            raise InvalidParameterError(
                f"{w}: parameter 'rent_cut' must be 'proportional' or 'uniform', got "
                f"{self.rent_cut!r}")

    @property
    def shortfall(self):
        """``D = overhead + sum of wages - budget``."""
        return self.overhead + sum(x.wage for x in self.workers) - self.budget

    def solve(self, tol: float = 1e-12) -> PassThroughResult:
        """Run the waterfall; exact for Fraction inputs.

        Parameters
        ----------
        tol : float
            Amounts below ``tol`` count as zero (float inputs).

        Returns
        -------
        PassThroughResult
            Who absorbs the shortfall, who is dismissed and how each worker responds.
        """
        workers = list(self.workers)
        D = self.shortfall
        zero = 0 * D
        wage = {x.name: x.wage for x in workers}
        cut = {x.name: zero for x in workers}
        kept = sorted(workers, key=lambda x: x.score)  # stable: ties keep the given order
        dismissed: list[str] = []
        absorbed: list[tuple[str, Any]] = []
        agency_loss = zero

        def positive(x):
            return x > tol * (1 + abs(self.budget))

        for step in self.absorption_order:
            if not positive(D):
                break
            if step == "wage_rents":
                rents = {x.name: max(zero, wage[x.name] - x.reservation_wage) for x in kept}
                total = sum(rents.values(), zero)
                take = min(D, total)
                if positive(take):
                    if self.rent_cut == "proportional":
                        for x in kept:
                            c = take * rents[x.name] / total
                            cut[x.name] += c
                            wage[x.name] -= c
                    else:
                        per = take / len(kept)
                        take = zero
                        for x in kept:
                            c = min(per, wage[x.name])
                            cut[x.name] += c
                            wage[x.name] -= c
                            take += c
                    D -= take
                    absorbed.append((step, take))
            elif step == "surplus_staff":
                saved = zero
                while positive(D) and len(kept) > self.required_staff:
                    x = kept.pop(0)
                    dismissed.append(x.name)
                    saved += wage[x.name]
                    D -= wage[x.name]
                absorbed.append((step, saved))
            elif step == "agency":
                take = min(D, self.cash_reserve, self.relationship_value)
                agency_loss = take
                D -= take
                absorbed.append((step, take))
        exit_ = bool(positive(D))
        responses = {}
        if exit_:
            for x in kept:
                dismissed.append(x.name)
            kept = []
            profit = zero
        else:
            profit = self.budget - self.overhead - sum((wage[x.name] for x in kept), zero)
            # The agency's actual loss; if later steps over-covered the shortfall, what it had
            # offered to absorb was not needed.
            agency_loss = -profit if profit < 0 else zero
            absorbed = [(s_, agency_loss if s_ == "agency" else a) for s_, a in absorbed]
        for x in workers:
            if x.name in dismissed:
                responses[x.name] = SEPARATION
            elif cut[x.name] > x.rent + tol * (1 + abs(x.wage)) and x.outside_offer:
                responses[x.name] = TRANSFER
            else:
                responses[x.name] = NEGOTIATION
        return PassThroughResult(
            shortfall=self.shortfall, wage_cuts=MappingProxyType(cut),
            dismissed=tuple(dismissed), employed=tuple(x.name for x in kept),
            final_wages=MappingProxyType({x.name: wage[x.name] for x in kept}),
            agency_loss=agency_loss, agency_profit=profit, exit=exit_,
            responses=MappingProxyType(responses), absorbed=tuple(absorbed),
            remaining_shortfall=D if exit_ else zero,
            required_staff=int(self.required_staff))

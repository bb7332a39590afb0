"""Relational procurement: incumbent renewal, how many suppliers to invite, loss leaders.

Stylised Klein–Leffler / Kim 1998 / Calzolari–Spagnolo logic:

* :class:`RelationalProcurement` — the government renews an incumbent at a price with a
  relational premium ``Delta_c (1 - delta)/(delta psi)`` that makes quality shading unprofitable,
  where ``psi`` is the accuracy of the government's evaluation.
* :class:`SupplierInvitation` — inviting more suppliers screens costs better (expected price
  ``2/(N+1)`` above ``c_H``) but dilutes each supplier's future rent, so a premium
  ``m(N) = max(0, N Delta_c (1-delta)/(delta psi) - 1/(N+1))`` is needed to keep quality.
* :class:`LossLeader` — an agency accepts a loss-making project iff the margin plus the value
  of the relationship ``Lambda = delta/(1-delta) rho pi_other`` is non-negative.
* :func:`relationship_value` — ``Lambda`` itself (used also by the budget pass-through).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
import sympy as sp

from .._deprecate import keyword_only
from .._result import Result
from .._validation import check_discount, check_nonnegative, check_positive, check_probability, \
    check_real
from ..exceptions import InvalidParameterError
from ._bargaining_common import _fmt, _plain
from ._result import ContractSolution

__all__ = ["RelationalProcurement", "SupplierInvitation", "InvitationResult", "LossLeader",
           "LossLeaderDecision", "relationship_value"]


def relationship_value(discount, renewal_probability, other_profit):
    """Value of keeping the relationship: ``Lambda = delta/(1-delta) * rho * pi_other``.

    Parameters
    ----------
    discount : float
        delta in (0, 1).
    renewal_probability : float
        rho in [0, 1], probability that the government keeps giving the agency projects.
    other_profit : float
        pi_other, profit per period on the government's other / future projects.

    Returns
    -------
    float
        Lambda, the discounted value of future business with the government.

    Examples
    --------
    >>> round(relationship_value(0.8, 0.5, 1.5), 12)
    3.0
    """
    w = "relationship_value"
    check_discount(w, discount)
    check_probability(w, "renewal_probability", renewal_probability)
    check_real(w, "other_profit", other_profit)
    return discount / (1 - discount) * renewal_probability * other_profit


# --------------------------------------------------------------------------------------------
# 7.1 Incumbent renewal
# --------------------------------------------------------------------------------------------

@keyword_only(0)
@dataclass(frozen=True)
class RelationalProcurement:
    """Incumbent renewal with a relational premium (stylised Klein–Leffler logic).

    Quality is not contractible: high quality costs ``c_H``, shading costs ``c_L = c_H -
    Delta_c``. The incumbent is renewed at price ``p`` while quality is high; the evaluation
    detects shading with probability ``psi`` and detected shading means permanent exclusion.
    Incumbent IC: ``(p - c_H)/(1-delta) >= p - c_L + delta(1-psi)(p - c_H)/(1-delta)``, i.e.
    ``p - c_H >= Delta_c (1-delta)/(delta psi)``. The government compares ``v_H - p`` with spot
    tendering (price ``c_L``, low quality) worth ``v_L - c_L``.

    Parameters
    ----------
    high_quality_cost : float
        c_H >= 0.
    cost_saving : float
        Delta_c > 0, what the supplier saves by shading quality.
    discount : float
        delta in (0, 1).
    evaluation_accuracy : float
        psi in (0, 1]; a "formalised" evaluation has a low psi.
    value_high, value_low : float
        The government's value of high- and low-quality service.

    Examples
    --------
    >>> s = RelationalProcurement(high_quality_cost=1, cost_saving=0.2, discount=0.8,
    ...                           evaluation_accuracy=1.0, value_high=2, value_low=1.2).solve()
    >>> round(s["price"], 6), round(s.agent_rent, 6), s.implemented_action
    (1.05, 0.05, 'high quality (relational renewal)')
    """

    high_quality_cost: Any
    cost_saving: Any
    discount: Any
    evaluation_accuracy: Any
    value_high: Any
    value_low: Any

    def __post_init__(self):
        w = "RelationalProcurement"
        check_nonnegative(w, "high_quality_cost", self.high_quality_cost)
        check_real(w, "cost_saving", self.cost_saving, low=0, high=self.high_quality_cost,
                   low_open=True)
        check_discount(w, self.discount)
        check_real(w, "evaluation_accuracy", self.evaluation_accuracy, low=0, high=1,
                   low_open=True)
        check_real(w, "value_high", self.value_high)
        check_real(w, "value_low", self.value_low, high=self.value_high)

    def solve(self) -> ContractSolution:
        """The relational price, the incumbent's rent and the government's choice.

        Returns
        -------
        ContractSolution
            ``contract``: price and renewal rule; ``agent_rent``: the relational premium;
            ``extra``: ``price``, ``premium``, the government's payoff under relational and spot
            purchasing, ``relational_preferred`` and ``quality_gap_threshold``.
        """
        cH, dc, d, psi = (self.high_quality_cost, self.cost_saving, self.discount,
                          self.evaluation_accuracy)
        premium = dc * (1 - d) / (d * psi)
        price = cH + premium
        gov_rel = self.value_high - price
        gov_spot = self.value_low - (cH - dc)
        preferred = bool(gov_rel >= gov_spot)
        threshold = dc * (1 + (1 - d) / (d * psi))
        extra = {"price": price, "premium": premium, "gov_payoff_relational": gov_rel,
                 "gov_payoff_spot": gov_spot, "relational_preferred": preferred,
                 "quality_gap_threshold": threshold}
        if preferred:
            action = "high quality (relational renewal)"
            text = (f"relational purchasing: the incumbent is renewed at price {_fmt(price)} while "
                    f"quality stays high; the no-shading constraint binds and the incumbent earns "
                    f"a relational premium of {_fmt(premium)} per period (larger when evaluation "
                    f"accuracy {_fmt(psi)} or the discount factor {_fmt(d)} is low); the "
                    f"government gets {_fmt(gov_rel)} against {_fmt(gov_spot)} from spot tendering")
            return ContractSolution({"price": price, "renewal": "while quality is high"}, action,
                                    gov_rel, premium, binding=("incumbent's no-shading IC",),
                                    extra=extra, report=text)
        action = "low quality (spot tendering)"
        text = (f"spot tendering: the relational premium {_fmt(premium)} is too costly (the "
                f"quality gap {_fmt(self.value_high - self.value_low)} is below "
                f"{_fmt(threshold)}), so the "
                f"government buys low quality at cost {_fmt(cH - dc)} and gets {_fmt(gov_spot)}; "
                "no supplier earns a rent")
        return ContractSolution({"price": cH - dc, "renewal": "none"}, action, gov_spot,
                                0 * premium, binding=(), extra=extra, report=text)

    @staticmethod
    def closed_form() -> dict:
        """Sympy: relational premium and the quality-gap threshold for relational purchasing.

        Returns
        -------
        dict
            Sympy expressions in ``dc, delta, psi, c_H`` for the ``"premium"``, the
            ``"price"`` and the ``"quality_gap_threshold"``.

        Examples
        --------
        >>> f = RelationalProcurement.closed_form()
        >>> round(float(f["premium"].subs({"dc": 0.2, "delta": 0.8, "psi": 0.25})), 12)
        0.2
        """
        dc, d, psi, cH, p = sp.symbols("dc delta psi c_H p", positive=True)
        # the incumbent's IC, solved for the price
        ic = sp.Eq((p - cH) / (1 - d), p - (cH - dc) + d * (1 - psi) * (p - cH) / (1 - d))
        price = sp.solve(ic, p)[0]
        premium = sp.factor(sp.simplify(price - cH))
        return _plain({"premium": premium, "price": cH + premium,
                       "quality_gap_threshold": dc + premium})


# --------------------------------------------------------------------------------------------
# 7.2 Number of suppliers to invite
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class InvitationResult(Result):
    """The cost-minimising number of invited suppliers.

    Attributes
    ----------
    best_number : int
        N*, the number of suppliers to invite (also available as ``N_star``).
    expected_cost : float
        The government's expected cost above ``c_H`` at N*.
    premium : float
        The premium paid to the winner at N* to keep quality self-enforcing.
    cost_by_number, premium_by_number : Mapping[int, float]
        Expected cost and premium for each number of suppliers examined.

    Examples
    --------
    >>> r = SupplierInvitation(cost_saving=0.1, discount=0.9, evaluation_accuracy=0.3).solve()
    >>> r.N_star, len(r.cost_by_number) >= 5
    (5, True)
    """

    best_number: int
    expected_cost: Any
    premium: Any
    cost_by_number: Mapping
    premium_by_number: Mapping

    @property
    def N_star(self) -> int:  # noqa: N802 - the economist's name
        """The optimal number of invited suppliers (alias of ``best_number``)."""
        return self.best_number

    def __str__(self) -> str:
        text = (f"invite {self.best_number} supplier{'s' if self.best_number != 1 else ''}: "
                f"expected cost above c_H {_fmt(self.expected_cost)}")
        if self.premium > 0:
            text += (f", including a premium of {_fmt(self.premium)} to the winner to keep "
                     "quality self-enforcing (inviting more would dilute each supplier's future "
                     "rent too much)")
        else:
            text += ("; competition alone leaves each supplier enough future rent to keep "
                     "quality, no premium needed")
        return text


@keyword_only(0)
@dataclass(frozen=True)
class SupplierInvitation:
    """How many suppliers to invite (stylised Calzolari–Spagnolo trade-off).

    Each period N invited suppliers draw iid cost shocks U[0,1] above ``c_H``; the lowest wins
    in a second-price format (N = 1: posted price at the upper bound). Expected price above
    ``c_H`` is ``2/(N+1)``, the winner's expected rent ``1/(N+1)``. Quality IC:
    ``delta psi/(1-delta) (1/N)(1/(N+1) + m) >= Delta_c`` gives the winner's premium
    ``m(N) = max(0, N Delta_c (1-delta)/(delta psi) - 1/(N+1))``; the government minimises
    ``2/(N+1) + m(N)`` over integers N (smallest N on ties).

    Parameters
    ----------
    cost_saving : float
        Delta_c > 0.
    discount : float
        delta in (0, 1).
    evaluation_accuracy : float
        psi in (0, 1].
    max_suppliers : int, optional
        Size of the pool of suppliers in good standing (no cap by default).

    Examples
    --------
    >>> r = SupplierInvitation(cost_saving=0.1, discount=0.9, evaluation_accuracy=0.3).solve()
    >>> r.best_number, round(r.expected_cost, 6)
    (5, 0.351852)
    """

    cost_saving: Any
    discount: Any
    evaluation_accuracy: Any
    max_suppliers: Any = None

    def __post_init__(self):
        w = "SupplierInvitation"
        check_positive(w, "cost_saving", self.cost_saving)
        check_discount(w, self.discount)
        check_real(w, "evaluation_accuracy", self.evaluation_accuracy, low=0, high=1,
                   low_open=True)
        m = self.max_suppliers
        if m is not None and (isinstance(m, bool) or not isinstance(m, (int, np.integer))
                              or m < 1):
            raise InvalidParameterError(
                f"{w}: parameter 'max_suppliers' must be a positive integer or None, got {m!r}")

    @property
    def _rate(self):
        return self.cost_saving * (1 - self.discount) / (self.discount * self.evaluation_accuracy)

    def premium(self, n: int):
        """Premium ``m(N)`` to the winner that keeps quality self-enforcing with N invited.

        Parameters
        ----------
        n : int
            Number of invited suppliers, at least 1.

        Returns
        -------
        float or Fraction
            The premium per period (0 when competition alone keeps quality).
        """
        n = self._check_n(n)
        m = n * self._rate - self._one(n + 1)
        return m if m > 0 else 0 * m

    def cost(self, n: int):
        """Government's expected cost above ``c_H`` with N invited: ``2/(N+1) + m(N)``.

        Parameters
        ----------
        n : int
            Number of invited suppliers, at least 1.

        Returns
        -------
        float or Fraction
            The expected price above ``c_H`` plus the premium.
        """
        n = self._check_n(n)
        return 2 * self._one(n + 1) + self.premium(n)

    def _one(self, n):
        # 1/n in the arithmetic of the parameters (exact when they are Fractions)
        return Fraction(1, n) if isinstance(self._rate, Fraction) else 1 / n

    def _check_n(self, n):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise InvalidParameterError(
                f"SupplierInvitation: the number of suppliers must be a positive integer, "
                f"got {n!r}")
        return int(n)

    def _search_bound(self) -> int:
        # For N >= 1/rate the premium term alone makes the cost >= 1 = cost(1): stop there.
        bound = int(math.ceil(1 / float(self._rate))) + 1
        if self.max_suppliers is not None:
            bound = min(bound, int(self.max_suppliers))
        return max(bound, 1)

    def solve(self, report_up_to: int = 12) -> InvitationResult:
        """Integer search over N (exhaustive up to the point where more can only cost more).

        Parameters
        ----------
        report_up_to : int
            Also report costs and premiums for every N up to this number.

        Returns
        -------
        InvitationResult
            The cost-minimising N and the cost of each N examined.
        """
        bound = self._search_bound()
        upto = max(bound, min(report_up_to, self.max_suppliers or report_up_to))
        costs = {n: self.cost(n) for n in range(1, upto + 1)}
        best = min(range(1, bound + 1), key=lambda n: (costs[n], n))
        premiums = {n: self.premium(n) for n in costs}
        return InvitationResult(best, costs[best], premiums[best], MappingProxyType(costs),
                                MappingProxyType(premiums))


# --------------------------------------------------------------------------------------------
# 7.3 Loss leader
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class LossLeaderDecision(Result):
    """Whether the agency accepts a project, and the lowest price it would accept.

    Attributes
    ----------
    margin : float
        Price minus cost of the project.
    relationship_value : float
        Lambda, the value of future business the project keeps alive.
    accept : bool
        Whether ``margin + relationship_value >= 0``.
    min_acceptable_price : float
        The lowest price the agency would accept.

    Examples
    --------
    >>> d = LossLeader(price=8, cost=10, discount=0.8, renewal_probability=0.5,
    ...                other_profit=1.5).solve()
    >>> d.margin, d.accept
    (-2, True)
    """

    margin: Any
    relationship_value: Any
    accept: bool
    min_acceptable_price: Any

    def __str__(self) -> str:
        if self.margin >= 0:
            return (f"the project is profitable (margin {_fmt(self.margin)}): the agency accepts")
        verdict = ("accepts the loss-making project to keep the relationship" if self.accept
                   else "rejects the project: the relationship is not worth the loss")
        return (f"margin {_fmt(self.margin)} against a relationship value "
                f"{_fmt(self.relationship_value)}: the agency {verdict} (lowest acceptable price "
                f"{_fmt(self.min_acceptable_price)})")


@keyword_only(0)
@dataclass(frozen=True)
class LossLeader:
    """Loss-leader acceptance: accept iff ``p - c + delta/(1-delta) rho pi_other >= 0``.

    Parameters
    ----------
    price : float
        p, what the government pays for the project.
    cost : float
        c >= 0, the agency's cost of delivering it.
    discount : float
        delta in (0, 1).
    renewal_probability : float
        rho in [0, 1], probability that the relationship (future projects) continues.
    other_profit : float
        pi_other, per-period profit on the government's other / future projects.

    Examples
    --------
    >>> d = LossLeader(price=8, cost=10, discount=0.8, renewal_probability=0.5,
    ...                other_profit=1.5).solve()
    >>> d.accept, round(d.min_acceptable_price, 9)
    (True, 7.0)
    """

    price: Any
    cost: Any
    discount: Any
    renewal_probability: Any
    other_profit: Any

    def __post_init__(self):
        w = "LossLeader"
        check_real(w, "price", self.price)
        check_nonnegative(w, "cost", self.cost)
        check_discount(w, self.discount)
        check_probability(w, "renewal_probability", self.renewal_probability)
        check_real(w, "other_profit", self.other_profit)

    def solve(self) -> LossLeaderDecision:
        """Accept iff the margin plus the relationship value is non-negative.

        Returns
        -------
        LossLeaderDecision
            The decision and the lowest acceptable price.
        """
        lam = relationship_value(self.discount, self.renewal_probability, self.other_profit)
        margin = self.price - self.cost
        return LossLeaderDecision(margin, lam, bool(margin + lam >= 0), self.cost - lam)

"""Leader-follower models: Stackelberg quantity leadership and a subsidy Stackelberg game.

Re-exported by :mod:`contracts.agency.bargaining`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp

from .._deprecate import keyword_only
from .._result import Result
from .._validation import check_nonnegative, check_positive, check_real
from ._bargaining_common import _check_players, _fmt, _plain


# --------------------------------------------------------------------------------------------
# Stackelberg
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class StackelbergSolution(Result):
    """Leader–follower quantities with linear demand.

    Attributes
    ----------
    leader_quantity, follower_quantity : float or Fraction
        The quantities produced by the leader and by the follower.
    price : float or Fraction
        The market price at the total quantity.
    leader_profit, follower_profit : float or Fraction
        Each firm's profit.
    cournot_quantity : float or Fraction
        Each firm's quantity under simultaneous (Cournot) play, for comparison.
    players : tuple of str
        (leader, follower).

    Examples
    --------
    >>> s = StackelbergCournot(demand_intercept=10, demand_slope=1, marginal_cost=1).solve()
    >>> s.leader_profit, s.cournot_quantity
    (10.125, 3.0)
    """

    leader_quantity: Any
    follower_quantity: Any
    price: Any
    leader_profit: Any
    follower_profit: Any
    cournot_quantity: Any
    players: tuple

    def __str__(self) -> str:
        l, f = self.players
        return (f"Stackelberg: {l} leads with quantity {_fmt(self.leader_quantity)}, {f} follows "
                f"with {_fmt(self.follower_quantity)}; price {_fmt(self.price)}; profits "
                f"{_fmt(self.leader_profit)} ({l}) and {_fmt(self.follower_profit)} ({f}); "
                f"each would produce {_fmt(self.cournot_quantity)} under simultaneous Cournot "
                "play, so leadership shifts output and profit to the leader")


@keyword_only(0)
@dataclass(frozen=True)
class StackelbergCournot:
    """Cournot duopoly with a quantity leader: inverse demand ``P = a - b Q``, unit cost ``c``.

    ``q_L = (a - c)/(2b)``, ``q_F = (a - c)/(4b)``; Cournot benchmark ``(a - c)/(3b)``.

    Parameters
    ----------
    demand_intercept : float
        a, the price at zero output; must exceed ``marginal_cost``.
    demand_slope : float
        b > 0, how much the price falls per unit of output.
    marginal_cost : float
        c >= 0, each firm's unit cost.
    players : (str, str)
        (leader, follower).

    Examples
    --------
    >>> s = StackelbergCournot(demand_intercept=10, demand_slope=1, marginal_cost=1).solve()
    >>> s.leader_quantity, s.follower_quantity, s.price
    (4.5, 2.25, 3.25)
    """

    demand_intercept: Any
    demand_slope: Any
    marginal_cost: Any = 0
    players: tuple = ("leader", "follower")

    def __post_init__(self):
        w = "StackelbergCournot"
        check_positive(w, "demand_slope", self.demand_slope)
        check_nonnegative(w, "marginal_cost", self.marginal_cost)
        check_real(w, "demand_intercept", self.demand_intercept, low=self.marginal_cost,
                   low_open=True)
        object.__setattr__(self, "players", _check_players(w, self.players))

    def solve(self) -> StackelbergSolution:
        """Backward induction (exact for Fraction inputs).

        Returns
        -------
        StackelbergSolution
            Quantities, price and profits of the subgame-perfect equilibrium.
        """
        a, b, c = self.demand_intercept, self.demand_slope, self.marginal_cost
        margin = a - c
        ql = margin / (2 * b)
        qf = ql / 2
        price = a - b * (ql + qf)
        qc = margin / (3 * b)
        return StackelbergSolution(ql, qf, price, (price - c) * ql, (price - c) * qf, qc,
                                   self.players)

    @staticmethod
    def closed_form() -> dict:
        """Derive the equilibrium with sympy: follower's best response, then the leader's FOC.

        Returns
        -------
        dict
            Sympy expressions in ``a, b, c`` for the quantities, price, profits and the
            Cournot benchmark, keyed like the fields of :class:`StackelbergSolution`.

        Examples
        --------
        >>> StackelbergCournot.closed_form()["leader_quantity"]
        (a - c)/(2*b)
        """
        return _plain(dict(_stackelberg_closed_form()))


@lru_cache(maxsize=1)
def _stackelberg_closed_form():
    a, b, c = sp.symbols("a b c", positive=True)
    ql, qf = sp.symbols("q_L q_F", nonnegative=True)
    profit_f = (a - b * (ql + qf) - c) * qf
    br = sp.solve(sp.diff(profit_f, qf), qf)[0]
    profit_l = ((a - b * (ql + br) - c) * ql).expand()
    ql_star = sp.factor(sp.solve(sp.diff(profit_l, ql), ql)[0])
    qf_star = sp.factor(br.subs(ql, ql_star))
    price = sp.factor(a - b * (ql_star + qf_star))
    q, q_other = sp.symbols("q q_other")
    # symmetric Cournot: own first-order condition evaluated at q_other = q
    qc = sp.solve(sp.diff((a - b * (q + q_other) - c) * q, q).subs(q_other, q), q)[0]
    return (("leader_quantity", ql_star), ("follower_quantity", qf_star), ("price", price),
            ("leader_profit", sp.factor((price - c) * ql_star)),
            ("follower_profit", sp.factor((price - c) * qf_star)),
            ("cournot_quantity", sp.factor(qc)))


@dataclass(frozen=True, repr=False)
class SubsidySolution(Result):
    """Government-as-leader subsidy game outcome.

    Attributes
    ----------
    subsidy : float or Fraction
        The per-unit subsidy the government sets.
    quantity : float or Fraction
        The agency's output in response.
    government_payoff, agency_payoff : float or Fraction
        Each side's payoff.
    players : tuple of str
        (government, agency).

    Examples
    --------
    >>> SubsidyStackelberg(value=10, base_price=2).solve().subsidy
    4.0
    """

    subsidy: Any
    quantity: Any
    government_payoff: Any
    agency_payoff: Any
    players: tuple

    def __str__(self) -> str:
        g, a = self.players
        return (f"{g} leads with subsidy {_fmt(self.subsidy)} per unit; {a} responds with "
                f"output {_fmt(self.quantity)}; payoffs {_fmt(self.government_payoff)} ({g}) "
                f"and {_fmt(self.agency_payoff)} ({a})")


@keyword_only(1)
@dataclass(frozen=True)
class SubsidyStackelberg:
    """Government (leader) sets a per-unit subsidy ``s``; the agency (follower) picks output.

    Agency: ``max_q (p0 + s) q - q^2/2`` so ``q = p0 + s``. Government: ``max_s (V - s) q``,
    so ``s* = (V - p0)/2`` (clipped at 0 unless ``allow_tax``).

    Parameters
    ----------
    value : float
        V, the government's value of a unit of service.
    base_price : float
        p0 >= 0, the price per unit before the subsidy.
    allow_tax : bool
        Allow a negative subsidy when ``V < p0``.
    players : (str, str)
        (leader, follower) names.

    Examples
    --------
    >>> s = SubsidyStackelberg(10, base_price=2).solve()
    >>> s.subsidy, s.quantity, s.government_payoff, s.agency_payoff
    (4.0, 6.0, 36.0, 18.0)
    """

    value: Any
    base_price: Any
    allow_tax: bool = False
    players: tuple = ("government", "agency")

    def __post_init__(self):
        w = "SubsidyStackelberg"
        check_real(w, "value", self.value)
        check_nonnegative(w, "base_price", self.base_price)
        object.__setattr__(self, "players", _check_players(w, self.players))

    def solve(self) -> SubsidySolution:
        """The subgame-perfect subsidy and output (exact for Fraction inputs).

        Returns
        -------
        SubsidySolution
            The subsidy, the agency's output and both payoffs.
        """
        V, p0 = self.value, self.base_price
        s = (V - p0) / 2
        if not self.allow_tax and s < 0:
            s = 0 * s
        s = max(s, -p0)  # output cannot be negative
        q = p0 + s
        return SubsidySolution(s, q, (V - s) * q, (p0 + s) * q - q * q / 2, self.players)

    @staticmethod
    def closed_form() -> dict:
        """Sympy backward induction (interior solution).

        Returns
        -------
        dict
            Sympy expressions in ``V, p0`` for the subsidy, quantity and both payoffs.

        Examples
        --------
        >>> SubsidyStackelberg.closed_form()["subsidy"]
        V/2 - p0/2
        """
        V, p0, s, q = sp.symbols("V p0 s q", real=True)
        q_br = sp.solve(sp.diff((p0 + s) * q - q ** 2 / 2, q), q)[0]
        s_star = sp.solve(sp.diff((V - s) * q_br, s), s)[0]
        q_star = sp.simplify(q_br.subs(s, s_star))
        return _plain({"subsidy": s_star, "quantity": q_star,
                       "government_payoff": sp.factor((V - s_star) * q_star),
                       "agency_payoff": sp.factor((p0 + s_star) * q_star - q_star ** 2 / 2)})

"""Bargaining power between tiers: Nash, Rubinstein, outside options, Stackelberg, dependence.

Each model is a frozen dataclass of named parameters, validated at construction,
with ``solve()`` returning a frozen result that prints a short report, and (where natural)
``closed_form()`` returning the sympy expressions the numbers come from.

* :class:`NashBargaining` — asymmetric Nash bargaining solution (Nash 1950; Kalai 1977) on a
  linear frontier ``u1 + u2 = S`` or on a concave frontier ``u2 = f(u1)``.
* :class:`Rubinstein` — alternating offers with asymmetric discounting (Rubinstein 1982), with
  an optional outside option of the responder (Binmore–Shaked–Sutton 1989).
* :class:`RubinsteinLimit` — the continuous-time limit ``delta_i = exp(-r_i * period_length)``
  (Binmore–Rubinstein–Wolinsky 1986): the proposer's share tends to ``r2 / (r1 + r2)``.
* :class:`StackelbergCournot` — quantity leadership with linear demand.
* :class:`SubsidyStackelberg` — the government (leader) sets a subsidy, the agency (follower)
  chooses its output.
* :class:`ResourceDependence` — bargaining weights from mutual dependence (Emerson 1962;
  Pfeffer–Salancik 1978).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import numpy as np
import sympy as sp

from .._deprecate import keyword_only
from .._result import Result
from .._validation import check_discount, check_nonnegative, check_positive, check_probability, \
    check_real
from ..exceptions import InvalidParameterError
from ..results import format_number

__all__ = [
    "NashBargaining", "NashBargainingSolution",
    "Rubinstein", "RubinsteinSolution", "RubinsteinLimit", "RubinsteinLimitSolution",
    "StackelbergCournot", "StackelbergSolution",
    "SubsidyStackelberg", "SubsidySolution",
    "ResourceDependence", "DependenceSolution",
]

_fmt = format_number


def _plain(exprs: dict) -> dict:
    """Replace symbols carrying assumptions by plain symbols of the same name.

    The closed forms are derived with assumptions (positivity) but returned in plain symbols,
    so ``expr.subs({"delta1": 0.9})`` works with names.
    """
    out = {}
    for key, e in exprs.items():
        e = sp.sympify(e)
        out[key] = e.xreplace({s: sp.Symbol(s.name) for s in e.free_symbols})
    return out


def _check_players(where: str, players) -> tuple[str, str]:
    try:
        players = tuple(str(p) for p in players)
    except TypeError:
        raise InvalidParameterError(
            f"{where}: parameter 'players' must be two names, got {players!r}") from None
    if len(players) != 2 or players[0] == players[1]:
        raise InvalidParameterError(
            f"{where}: parameter 'players' must be two distinct names, got {players!r}")
    return players


# --------------------------------------------------------------------------------------------
# Asymmetric Nash bargaining
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class NashBargainingSolution(Result):
    """The asymmetric Nash bargaining solution.

    Attributes
    ----------
    payoffs : tuple
        ``(u1, u2)``, the agreed utilities.
    disagreement : tuple
        ``(d1, d2)``.
    bargaining_power : float
        Player 1's weight ``alpha`` (player 2 has ``1 - alpha``).
    gains : tuple
        ``(u1 - d1, u2 - d2)``, each side's gain from agreement.
    players : tuple of str
        The two bargainers' names, player 1 first.
    frontier : str
        A description of the frontier.

    Examples
    --------
    >>> s = NashBargaining(bargaining_power=0.7, disagreement=(1, 3), surplus=10).solve()
    >>> [round(u, 6) for u in s.payoffs]
    [5.2, 4.8]
    """

    payoffs: tuple
    disagreement: tuple
    bargaining_power: Any
    gains: tuple
    players: tuple
    frontier: str

    @property
    def u1(self):
        """Player 1's agreed utility."""
        return self.payoffs[0]

    @property
    def u2(self):
        """Player 2's agreed utility."""
        return self.payoffs[1]

    def __str__(self) -> str:
        p1, p2 = self.players
        a = self.bargaining_power
        return (f"Nash bargaining on {self.frontier} with bargaining power {_fmt(a)} for {p1} "
                f"and {_fmt(1 - a)} for {p2}: {p1} gets {_fmt(self.payoffs[0])} "
                f"(gain {_fmt(self.gains[0])} over disagreement {_fmt(self.disagreement[0])}), "
                f"{p2} gets {_fmt(self.payoffs[1])} (gain {_fmt(self.gains[1])} over "
                f"{_fmt(self.disagreement[1])})")


@keyword_only(1)
@dataclass(frozen=True)
class NashBargaining:
    """Asymmetric Nash bargaining: maximise ``(u1-d1)^alpha (u2-d2)^(1-alpha)`` on a frontier.

    Parameters
    ----------
    bargaining_power : float
        Player 1's weight ``alpha`` in [0, 1].
    disagreement : (float, float)
        Disagreement (threat) point ``(d1, d2)``.
    surplus : float, optional
        ``S`` for the linear frontier ``u1 + u2 = S`` (transferable utility). Give either this
        or ``frontier``.
    frontier : sympy expression or callable, optional
        A decreasing concave frontier ``u2 = f(u1)``: a sympy expression in one symbol (then
        :meth:`closed_form` is available) or a Python callable.
    max_u1 : float, optional
        The largest ``u1`` on the frontier that leaves player 2 its disagreement payoff
        (``f(max_u1) = d2``). Found by root bracketing when omitted.
    players : (str, str)
        Names of player 1 and player 2.

    Examples
    --------
    >>> from fractions import Fraction
    >>> NashBargaining(Fraction(7, 10), disagreement=(1, 3), surplus=10).solve().payoffs
    (Fraction(26, 5), Fraction(24, 5))
    >>> import sympy as sp
    >>> u = sp.Symbol("u1")
    >>> s = NashBargaining(bargaining_power=0.5, frontier=1 - u**2).solve()
    >>> round(s.u1, 6), round(s.u2, 6)
    (0.57735, 0.666667)
    """

    bargaining_power: Any = 0.5
    disagreement: tuple = (0, 0)
    surplus: Any = None
    frontier: Any = None
    max_u1: Any = None
    players: tuple = ("government", "agency")

    def __post_init__(self):
        w = "NashBargaining"
        check_probability(w, "bargaining_power", self.bargaining_power)
        try:
            d = tuple(self.disagreement)
        except TypeError:
            raise InvalidParameterError(
                f"{w}: parameter 'disagreement' must be a pair (d1, d2), "
                f"got {self.disagreement!r}") from None
        if len(d) != 2:
            raise InvalidParameterError(
                f"{w}: parameter 'disagreement' must be a pair (d1, d2), got {d!r}")
        for i, x in enumerate(d):
            check_real(w, f"disagreement[{i}]", x)
        object.__setattr__(self, "disagreement", d)
        object.__setattr__(self, "players", _check_players(w, self.players))
        if (self.surplus is None) == (self.frontier is None):
            raise InvalidParameterError(
                f"{w}: give exactly one of 'surplus' (linear frontier u1+u2=S) and 'frontier' "
                f"(u2 = f(u1)); got surplus={self.surplus!r}, frontier={self.frontier!r}")
        if self.surplus is not None:
            check_real(w, "surplus", self.surplus, low=d[0] + d[1])
        else:
            if not (isinstance(self.frontier, sp.Expr) or callable(self.frontier)):
                raise InvalidParameterError(
                    f"{w}: parameter 'frontier' must be a sympy expression in u1 or a callable, "
                    f"got {self.frontier!r}")
            if isinstance(self.frontier, sp.Expr) and len(self.frontier.free_symbols) != 1:
                raise InvalidParameterError(
                    f"{w}: parameter 'frontier' must have exactly one free symbol (u1), got "
                    f"{sorted(map(str, self.frontier.free_symbols))}")
            if self.max_u1 is not None:
                check_real(w, "max_u1", self.max_u1, low=d[0], low_open=True)
            f = self._frontier_function()
            try:
                f0 = float(f(float(d[0])))
            except Exception as exc:  # noqa: BLE001 - report what the user's frontier did
                raise InvalidParameterError(
                    f"{w}: frontier could not be evaluated at u1 = d1 = {d[0]!r}: {exc}") from None
            if not math.isfinite(f0) or f0 <= float(d[1]):
                raise InvalidParameterError(
                    f"{w}: no gains from agreement: frontier f(d1) = {f0!r} must exceed "
                    f"d2 = {d[1]!r}")

    # -- frontier helpers ---------------------------------------------------------------------
    def _frontier_function(self) -> Callable[[float], float]:
        if isinstance(self.frontier, sp.Expr):
            (u,) = self.frontier.free_symbols
            return sp.lambdify(u, self.frontier, "math")
        return self.frontier

    def _frontier_slope(self) -> Callable[[float], float]:
        if isinstance(self.frontier, sp.Expr):
            (u,) = self.frontier.free_symbols
            return sp.lambdify(u, sp.diff(self.frontier, u), "math")
        from scipy.differentiate import derivative

        f = self.frontier

        def slope(x):
            return float(derivative(lambda y: np.vectorize(lambda z: float(f(z)))(y), x).df)
        return slope

    def _upper_u1(self, f) -> float:
        d1, d2 = float(self.disagreement[0]), float(self.disagreement[1])
        if self.max_u1 is not None:
            return float(self.max_u1)
        from scipy.optimize import brentq
        step, hi = 1.0, d1 + 1.0
        for _ in range(80):
            if float(f(hi)) <= d2:
                break
            step *= 2
            hi = d1 + step
        else:
            raise InvalidParameterError(
                "NashBargaining: the frontier never falls to player 2's disagreement payoff; "
                "give 'max_u1' or a decreasing frontier")
        return brentq(lambda x: float(f(x)) - d2, d1, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)

    def solve(self) -> NashBargainingSolution:
        """The agreed utilities (exact for Fraction inputs on the linear frontier).

        Returns
        -------
        NashBargainingSolution
            The utilities that maximise the asymmetric Nash product, with each side's gain.
        """
        a = self.bargaining_power
        d1, d2 = self.disagreement
        if self.surplus is not None:
            gain = self.surplus - d1 - d2
            u1, u2 = d1 + a * gain, d2 + (1 - a) * gain
            desc = f"the linear frontier u1 + u2 = {_fmt(self.surplus)}"
        else:
            f, fp = self._frontier_function(), self._frontier_slope()
            hi = self._upper_u1(f)
            af = float(a)
            if af == 0:
                u1 = float(d1)
            elif af == 1:
                u1 = hi
            else:
                from scipy.optimize import brentq

                # first-order condition of the log Nash product, multiplied out
                def foc(x):
                    return af * (float(f(x)) - float(d2)) + (1 - af) * (x - float(d1)) * fp(x)
                lo_v, hi_v = foc(float(d1)), foc(hi)
                if not (lo_v > 0 > hi_v or hi_v == 0):
                    raise InvalidParameterError(
                        "NashBargaining: the frontier must be decreasing and concave between "
                        f"u1 = d1 = {d1!r} and u1 = {hi!r}; the first-order condition does not "
                        "change sign")
                u1 = hi if hi_v == 0 else brentq(foc, float(d1), hi, xtol=1e-15,
                                                  rtol=4 * np.finfo(float).eps)
            u2 = float(f(u1))
            desc = ("the frontier u2 = " + (str(self.frontier) if isinstance(
                self.frontier, sp.Expr) else getattr(self.frontier, "__name__", "f(u1)")))
        return NashBargainingSolution(payoffs=(u1, u2), disagreement=(d1, d2),
                                      bargaining_power=a, gains=(u1 - d1, u2 - d2),
                                      players=self.players, frontier=desc)

    def closed_form(self) -> dict:
        """Sympy expressions for ``u1`` and ``u2``.

        Linear frontier: ``u_i = d_i + alpha_i (S - d1 - d2)`` in symbols ``S, d1, d2, alpha``.
        Sympy frontier: the root of the first-order condition in symbol ``alpha`` (with the
        numerical disagreement point), the branch that contains this model's solution.

        Returns
        -------
        dict
            ``{"u1": expr, "u2": expr}``, sympy expressions for the agreed utilities.

        Examples
        --------
        >>> NashBargaining(0.7, disagreement=(1, 3), surplus=10).closed_form()["u1"]
        alpha*(S - d1 - d2) + d1
        """
        alpha = sp.Symbol("alpha", positive=True)
        if self.surplus is not None:
            S, d1, d2 = sp.symbols("S d1 d2", real=True)
            return _plain({"u1": d1 + alpha * (S - d1 - d2),
                           "u2": d2 + (1 - alpha) * (S - d1 - d2)})
        if not isinstance(self.frontier, sp.Expr):
            raise InvalidParameterError(
                "NashBargaining.closed_form: needs a sympy frontier, got a callable")
        (u,) = self.frontier.free_symbols
        d1, d2 = (sp.nsimplify(x) for x in self.disagreement)
        f = self.frontier
        foc = sp.simplify(alpha * (f - d2) + (1 - alpha) * (u - d1) * sp.diff(f, u))
        roots = sp.solve(sp.Eq(foc, 0), u)
        target = self.solve().u1
        a_val = sp.nsimplify(self.bargaining_power)
        best = None
        for r in roots:
            val = complex(r.subs(alpha, a_val).evalf())
            if abs(val.imag) < 1e-12 and abs(val.real - target) < 1e-7 * (1 + abs(target)):
                best = r
                break
        if best is None:
            raise InvalidParameterError(
                "NashBargaining.closed_form: sympy found no closed-form root for this frontier")
        return _plain({"u1": sp.simplify(best), "u2": sp.simplify(f.subs(u, best))})


# --------------------------------------------------------------------------------------------
# Rubinstein alternating offers
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class RubinsteinSolution(Result):
    """Subgame-perfect shares of a pie of size 1 in alternating-offers bargaining.

    Attributes
    ----------
    proposer_share, responder_share : float or Fraction
        Shares agreed immediately in the first round.
    outside_option_binds : bool
        Whether the responder's outside option determines the split.
    players : tuple of str
        (proposer, responder).
    discounts : tuple
        (proposer's discount factor, responder's discount factor).
    outside_option : float or Fraction
        The responder's outside option (0 when there is none).

    Examples
    --------
    >>> s = Rubinstein(proposer_discount=0.9, responder_discount=0.8).solve()
    >>> s.outside_option_binds, round(s.proposer_share, 4)
    (False, 0.7143)
    """

    proposer_share: Any
    responder_share: Any
    outside_option_binds: bool
    players: tuple
    discounts: tuple
    outside_option: Any = 0

    def __str__(self) -> str:
        p, r = self.players
        text = (f"Rubinstein bargaining ({p} proposes first; discount factors "
                f"{_fmt(self.discounts[0])} and {_fmt(self.discounts[1])}): immediate agreement, "
                f"{p} gets {_fmt(self.proposer_share)}, {r} gets {_fmt(self.responder_share)}")
        if self.outside_option_binds:
            text += f"; {r}'s outside option {_fmt(self.outside_option)} binds"
        elif self.outside_option:
            text += (f"; {r}'s outside option {_fmt(self.outside_option)} is irrelevant "
                     "(outside option principle)")
        return text


@keyword_only(2)
@dataclass(frozen=True)
class Rubinstein:
    """Rubinstein (1982) alternating offers over a pie of size 1, player 1 proposes first.

    ``x1 = (1 - delta2) / (1 - delta1 delta2)``. With an outside option ``w2`` that the
    responder can take when rejecting, the responder gets ``max(delta2 (1 - delta1) /
    (1 - delta1 delta2), w2)`` (outside option principle, Binmore–Shaked–Sutton 1989).

    Parameters
    ----------
    proposer_discount : float
        delta1 in (0, 1).
    responder_discount : float, optional
        delta2 in (0, 1); defaults to ``proposer_discount``.
    responder_outside_option : float
        w2 in [0, 1] (0: no outside option).
    players : (str, str)
        (proposer, responder).

    Examples
    --------
    >>> s = Rubinstein(0.9, 0.8).solve()
    >>> round(s.proposer_share, 6), round(s.responder_share, 6)
    (0.714286, 0.285714)
    >>> Rubinstein(0.9, responder_outside_option=0.6).solve().responder_share
    0.6
    """

    proposer_discount: Any
    responder_discount: Any = None
    responder_outside_option: Any = 0
    players: tuple = ("government", "agency")

    def __post_init__(self):
        w = "Rubinstein"
        check_discount(w, self.proposer_discount, "proposer_discount")
        if self.responder_discount is None:
            object.__setattr__(self, "responder_discount", self.proposer_discount)
        check_discount(w, self.responder_discount, "responder_discount")
        check_probability(w, "responder_outside_option", self.responder_outside_option)
        object.__setattr__(self, "players", _check_players(w, self.players))

    def solve(self) -> RubinsteinSolution:
        """The unique subgame-perfect split (exact for Fraction inputs).

        Returns
        -------
        RubinsteinSolution
            The shares agreed in the first round and whether the outside option binds.
        """
        d1, d2, w2 = self.proposer_discount, self.responder_discount, self.responder_outside_option
        resp = d2 * (1 - d1) / (1 - d1 * d2)
        binds = w2 > resp
        if binds:
            resp = w2
        return RubinsteinSolution(proposer_share=1 - resp, responder_share=resp,
                                  outside_option_binds=bool(binds), players=self.players,
                                  discounts=(d1, d2), outside_option=w2)

    def closed_form(self) -> dict:
        """Sympy shares in symbols ``delta1, delta2`` (and ``w2`` when there is an option).

        Returns
        -------
        dict
            ``{"proposer_share": expr, "responder_share": expr}`` as sympy expressions.

        Examples
        --------
        >>> x1 = Rubinstein(0.9, 0.8).closed_form()["proposer_share"]
        >>> float(x1.subs({"delta1": 0.9, "delta2": 0.8}))
        0.7142857142857143
        """
        d1, d2 = sp.symbols("delta1 delta2", positive=True)
        resp = d2 * (1 - d1) / (1 - d1 * d2)
        if self.responder_outside_option:
            w2 = sp.Symbol("w2", nonnegative=True)
            resp = sp.Max(resp, w2)
        return _plain({"proposer_share": 1 - resp if self.responder_outside_option
                       else sp.simplify(1 - resp), "responder_share": resp})

    def finite_horizon(self, rounds: int):
        """Proposer's share in the ``rounds``-round game solved by backward induction.

        In the last round the proposer keeps everything the responder cannot secure by
        leaving. Converges to :meth:`solve` as ``rounds`` grows.

        Parameters
        ----------
        rounds : int
            Number of bargaining rounds, at least 1; player 1 proposes in odd rounds.

        Returns
        -------
        float or Fraction
            The first proposer's share of the pie.

        Raises
        ------
        InvalidParameterError
            If ``rounds`` is not a positive integer.

        Examples
        --------
        >>> Rubinstein(proposer_discount=0.5).finite_horizon(2)
        0.5
        """
        if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 1:
            raise InvalidParameterError(
                f"Rubinstein.finite_horizon: 'rounds' must be a positive integer, got {rounds!r}")
        d1, d2, w2 = self.proposer_discount, self.responder_discount, self.responder_outside_option
        share = None  # share of the proposer of round t+1
        for t in range(int(rounds), 0, -1):
            player1_proposes = t % 2 == 1
            if share is None:
                share = 1 - (w2 if player1_proposes else 0)
                continue
            if player1_proposes:
                share = 1 - max(w2, d2 * share)
            else:
                share = 1 - d1 * share
        return share


@dataclass(frozen=True, repr=False)
class RubinsteinLimitSolution(Result):
    """Shares with frequent offers and the continuous-time limit.

    Attributes
    ----------
    proposer_share : float
        The first proposer's share when offers are ``period_length`` apart.
    limit_share : float
        The proposer's share as the period tends to zero, ``r2 / (r1 + r2)``.
    nash_weight : float
        The proposer's weight in the equivalent asymmetric Nash bargaining solution.
    period_length : float
        Time between offers.
    rates : tuple of float
        ``(r1, r2)``, the proposer's and responder's discount rates.
    players : tuple of str
        (proposer, responder).

    Examples
    --------
    >>> s = RubinsteinLimit(proposer_rate=0.1, responder_rate=0.2, period_length=0.5).solve()
    >>> round(s.limit_share, 4), s.rates
    (0.6667, (0.1, 0.2))
    """

    proposer_share: float
    limit_share: float
    nash_weight: float
    period_length: float
    rates: tuple
    players: tuple

    def __str__(self) -> str:
        p, r = self.players
        return (f"alternating offers every {_fmt(self.period_length)} time units with discount "
                f"rates {_fmt(self.rates[0])} ({p}) and {_fmt(self.rates[1])} ({r}): {p} gets "
                f"{_fmt(self.proposer_share)}; as offers become frequent the split tends to "
                f"{_fmt(self.limit_share)}, the asymmetric Nash solution with weight "
                f"{_fmt(self.nash_weight)} = r2/(r1+r2) for {p}: patience, not the right to "
                "propose, is the source of bargaining power")


@keyword_only(2)
@dataclass(frozen=True)
class RubinsteinLimit:
    """Rubinstein bargaining with ``delta_i = exp(-r_i * period_length)``.

    The proposer's share ``(1 - delta2)/(1 - delta1 delta2)`` tends to ``r2/(r1+r2)`` as the
    period shrinks: the asymmetric Nash solution with ``alpha1 = r2/(r1+r2)``
    (Binmore–Rubinstein–Wolinsky 1986). Computed with ``expm1`` so tiny periods stay accurate.

    Parameters
    ----------
    proposer_rate : float
        r1 > 0, the proposer's discount rate per unit of time.
    responder_rate : float
        r2 > 0, the responder's discount rate per unit of time.
    period_length : float
        Time between offers, > 0.
    players : (str, str)
        (proposer, responder).

    Examples
    --------
    >>> s = RubinsteinLimit(0.1, 0.2, period_length=1e-6).solve()
    >>> round(s.proposer_share, 6), round(s.limit_share, 6)
    (0.666667, 0.666667)
    """

    proposer_rate: Any
    responder_rate: Any
    period_length: Any = 1e-6
    players: tuple = ("government", "agency")

    def __post_init__(self):
        w = "RubinsteinLimit"
        check_positive(w, "proposer_rate", self.proposer_rate)
        check_positive(w, "responder_rate", self.responder_rate)
        check_positive(w, "period_length", self.period_length)
        object.__setattr__(self, "players", _check_players(w, self.players))

    def solve(self) -> RubinsteinLimitSolution:
        """The share at this period length and its continuous-time limit.

        Returns
        -------
        RubinsteinLimitSolution
            The proposer's share now and in the limit, and the equivalent Nash weight.
        """
        r1, r2, dt = float(self.proposer_rate), float(self.responder_rate), float(
            self.period_length)
        share = math.expm1(-r2 * dt) / math.expm1(-(r1 + r2) * dt)
        limit = r2 / (r1 + r2)
        return RubinsteinLimitSolution(proposer_share=share, limit_share=limit,
                                       nash_weight=limit, period_length=dt, rates=(r1, r2),
                                       players=self.players)

    def closed_form(self) -> dict:
        """The share at period ``Delta`` and its limit as ``Delta -> 0`` (sympy ``limit``).

        Returns
        -------
        dict
            ``{"proposer_share": expr, "limit_share": expr}`` in symbols ``r1, r2, Delta``.

        Examples
        --------
        >>> RubinsteinLimit(proposer_rate=0.1, responder_rate=0.2).closed_form()["limit_share"]
        r2/(r1 + r2)
        """
        r1, r2, dt = sp.symbols("r1 r2 Delta", positive=True)
        share = (1 - sp.exp(-r2 * dt)) / (1 - sp.exp(-(r1 + r2) * dt))
        return _plain({"proposer_share": share,
                       "limit_share": sp.simplify(sp.limit(share, dt, 0))})


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


# --------------------------------------------------------------------------------------------
# Resource dependence
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class DependenceSolution(Result):
    """Mutual dependence and the implied bargaining weight.

    Attributes
    ----------
    agency_dependence : float
        D_A, the agency's dependence on the government.
    government_dependence : float
        D_G, the government's dependence on the agency.
    government_weight : float
        The government's Nash bargaining weight ``D_A / (D_A + D_G)``.
    asymmetry : float
        ``D_A - D_G``; positive when the agency depends more on the government.

    Examples
    --------
    >>> s = ResourceDependence(agency_revenue_share=0.8, essentiality=1,
    ...                        government_service_share=0.3, substitutability=0.5).solve()
    >>> round(s.asymmetry, 6)
    0.65
    """

    agency_dependence: Any
    government_dependence: Any
    government_weight: Any
    asymmetry: Any

    def __str__(self) -> str:
        side = ("the agency depends more on the government" if self.asymmetry > 0 else
                "the government depends more on the agency" if self.asymmetry < 0 else
                "dependence is balanced")
        return (f"agency's dependence {_fmt(self.agency_dependence)}, government's dependence "
                f"{_fmt(self.government_dependence)}: {side}; the government's Nash bargaining "
                f"weight is {_fmt(self.government_weight)} (asymmetry {_fmt(self.asymmetry)})")


@keyword_only(0)
@dataclass(frozen=True)
class ResourceDependence:
    """Bargaining weights from resource dependence (Emerson 1962; Pfeffer–Salancik 1978).

    ``D_A = agency_revenue_share * essentiality`` (the agency's dependence on the government),
    ``D_G = government_service_share * (1 - substitutability)`` (the government's dependence on
    the agency); the government's Nash weight is ``D_A / (D_A + D_G)``.

    Parameters
    ----------
    agency_revenue_share : float
        Share of the agency's revenue that comes from the government, in [0, 1].
    essentiality : float
        How essential that revenue is to the agency, in [0, 1].
    government_service_share : float
        Share of the government's service delivery done by the agency, in [0, 1].
    substitutability : float
        How easily the government can replace the agency, in [0, 1].

    Examples
    --------
    >>> rd = dict(agency_revenue_share=0.8, essentiality=1, government_service_share=0.3,
    ...           substitutability=0.5)
    >>> s = ResourceDependence(**rd).solve()
    >>> round(s.government_weight, 6)
    0.842105
    >>> nb = ResourceDependence(**rd).nash_bargaining(10)
    >>> [round(u, 4) for u in nb.solve().payoffs]
    [8.4211, 1.5789]
    """

    agency_revenue_share: Any
    essentiality: Any
    government_service_share: Any
    substitutability: Any

    def __post_init__(self):
        w = "ResourceDependence"
        for name in ("agency_revenue_share", "essentiality", "government_service_share",
                     "substitutability"):
            check_probability(w, name, getattr(self, name))
        if self.agency_revenue_share * self.essentiality + self.government_service_share * (
                1 - self.substitutability) == 0:
            raise InvalidParameterError(
                f"{w}: neither side depends on the other (D_A = D_G = 0), so no bargaining weight "
                "is defined; expected at least one positive dependence")

    def solve(self) -> DependenceSolution:
        """Both dependences and the government's bargaining weight.

        Returns
        -------
        DependenceSolution
            ``D_A``, ``D_G``, the government's weight and the asymmetry.
        """
        da = self.agency_revenue_share * self.essentiality
        dg = self.government_service_share * (1 - self.substitutability)
        return DependenceSolution(da, dg, da / (da + dg), da - dg)

    def nash_bargaining(self, surplus, disagreement=(0, 0)) -> NashBargaining:
        """The Nash bargaining problem over ``surplus`` with the government as player 1.

        Parameters
        ----------
        surplus : float
            Total surplus to divide (a linear frontier ``u1 + u2 = surplus``).
        disagreement : (float, float)
            The government's and the agency's payoffs if they fail to agree.

        Returns
        -------
        NashBargaining
            The bargaining problem with the government's weight from dependence.
        """
        return NashBargaining(bargaining_power=self.solve().government_weight,
                              disagreement=disagreement, surplus=surplus,
                              players=("government", "agency"))

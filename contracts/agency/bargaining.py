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
from typing import Any, Callable

import numpy as np
import sympy as sp

from .._deprecate import keyword_only
from .._result import Result
from .._validation import check_probability, check_real
from ..exceptions import InvalidParameterError
from ._bargaining_common import _check_players, _fmt, _plain
from ._bargaining_rubinstein import (Rubinstein, RubinsteinLimit, RubinsteinLimitSolution,
                                     RubinsteinSolution)
from ._bargaining_stackelberg import (StackelbergCournot, StackelbergSolution, SubsidySolution,
                                      SubsidyStackelberg)

__all__ = [
    "NashBargaining", "NashBargainingSolution",
    "Rubinstein", "RubinsteinSolution", "RubinsteinLimit", "RubinsteinLimitSolution",
    "StackelbergCournot", "StackelbergSolution",
    "SubsidyStackelberg", "SubsidySolution",
    "ResourceDependence", "DependenceSolution",
]

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

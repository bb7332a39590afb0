"""Efficiency wages, the dismissal threat and competence-based dismissal.

* :class:`ShapiroStiglitz` — the no-shirking wage in continuous time (Shapiro–Stiglitz 1984):
  ``w_hat = wbar + e + (e/q)(r + b/u)``, derived symbolically from the asset equations.
* :class:`DismissalThreat` — the discrete-time no-shirking wage when the job itself may end
  (renewal risk ``s = 1 - rho``): ``w >= u + e + e(1 - delta(1-s))/(delta q (1-s))``.
* :class:`CompetenceLearning` — the agency learns a worker's competence from successes and
  failures and may replace her at a hiring cost (Jovanovic 1979-type optimal stopping); the
  firing threshold on the log-likelihood-ratio lattice is found by value iteration.
* :func:`posterior_good` — Bayes' rule for the worker's competence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from .._deprecate import keyword_only, renamed
from .._result import Result
from .._validation import check_discount, check_nonnegative, check_positive, check_real
from ..exceptions import InvalidParameterError
from ._bargaining_common import _fmt, _plain
from ._employment_learning import CompetenceLearning, CompetencePolicy, posterior_good

__all__ = ["ShapiroStiglitz", "NoShirkingWage", "DismissalThreat", "DismissalThreatSolution",
           "CompetenceLearning", "CompetencePolicy", "posterior_good"]


# --------------------------------------------------------------------------------------------
# Shapiro–Stiglitz
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class NoShirkingWage(Result):
    """The no-shirking wage and, if a wage was given, whether it deters shirking.

    Attributes
    ----------
    no_shirking_wage : float
        The lowest wage at which workers do not shirk.
    efficiency_rent : float
        ``no_shirking_wage - outside income - effort cost``: the rent that makes the job worth
        keeping.
    wage : float or None
        The wage actually paid (if given), with ``shirks`` telling the worker's choice.
    shirks : bool or None
        Whether workers shirk at ``wage`` (None when no wage was given).
    model : str
        The name of the model that produced the wage.

    Examples
    --------
    >>> s = ShapiroStiglitz(unemployment_benefit=0, effort_cost=1, detection_rate=0.5,
    ...                     interest_rate=0.05, separation_rate=0.1, unemployment_rate=0.05,
    ...                     wage=4).solve()
    >>> s.shirks
    True
    """

    no_shirking_wage: Any
    efficiency_rent: Any
    wage: Any = None
    shirks: Any = None
    model: str = "Shapiro-Stiglitz"

    def __str__(self) -> str:
        text = (f"{self.model}: workers exert effort only at a wage of at least "
                f"{_fmt(self.no_shirking_wage)}, an efficiency rent of "
                f"{_fmt(self.efficiency_rent)} that the threat of dismissal puts at stake")
        if self.wage is not None:
            text += (f"; at the wage {_fmt(self.wage)} workers "
                     + ("shirk (the no-shirking condition fails)" if self.shirks
                        else "work (the no-shirking condition holds)"))
        return text


@renamed(discount_rate="interest_rate")
@dataclass(frozen=True)
class ShapiroStiglitz:
    """Shapiro–Stiglitz (1984) no-shirking condition in continuous time.

    Asset equations (``V_E`` employed, ``V_U`` unemployed; ``N`` no shirking, ``S`` shirking)::

        r V_E^N = w - e + b (V_U - V_E^N)
        r V_E^S = w + (b + q) (V_U - V_E^S)
        r V_U   = wbar + a (V_E - V_U),     a = b (1 - u) / u

    so that no shirking requires ``w >= wbar + e + (e/q)(r + b/u)``.

    Parameters
    ----------
    unemployment_benefit : float
        wbar, income while unemployed.
    effort_cost : float
        e >= 0.
    detection_rate : float
        q > 0, rate at which shirking is detected (and punished by dismissal).
    interest_rate : float
        r > 0.
    separation_rate : float
        b >= 0, exogenous job destruction rate.
    unemployment_rate : float
        u in (0, 1).
    wage : float, optional
        A wage to evaluate.

    Examples
    --------
    >>> s = ShapiroStiglitz(0, 1, 0.5, 0.05, 0.1, 0.05).solve()
    >>> round(s.no_shirking_wage, 10), round(s.efficiency_rent, 10)
    (5.1, 4.1)
    """

    unemployment_benefit: Any
    effort_cost: Any
    detection_rate: Any
    interest_rate: Any
    separation_rate: Any
    unemployment_rate: Any
    wage: Any = None

    def __post_init__(self):
        w = "ShapiroStiglitz"
        check_real(w, "unemployment_benefit", self.unemployment_benefit)
        check_nonnegative(w, "effort_cost", self.effort_cost)
        check_positive(w, "detection_rate", self.detection_rate)
        check_positive(w, "interest_rate", self.interest_rate)
        check_nonnegative(w, "separation_rate", self.separation_rate)
        check_real(w, "unemployment_rate", self.unemployment_rate, low=0, high=1, low_open=True,
                   high_open=True)
        if self.wage is not None:
            check_real(w, "wage", self.wage)

    @property
    def hiring_rate(self):
        """Steady-state rate ``a = b(1-u)/u`` at which the unemployed find jobs."""
        u = self.unemployment_rate
        return self.separation_rate * (1 - u) / u

    def solve(self) -> NoShirkingWage:
        """The no-shirking wage and, if a wage was given, whether workers shirk at it.

        Returns
        -------
        NoShirkingWage
            The wage, the efficiency rent and the workers' choice.
        """
        e, q, r, b, u = (self.effort_cost, self.detection_rate, self.interest_rate,
                         self.separation_rate, self.unemployment_rate)
        w_hat = self.unemployment_benefit + e + e / q * (r + b / u)
        shirks = None if self.wage is None else bool(self.wage < w_hat)
        return NoShirkingWage(w_hat, w_hat - self.unemployment_benefit - e, self.wage, shirks)

    def values(self, wage=None) -> dict:
        """Asset values ``V_E`` (not shirking), ``V_E_shirk`` and ``V_U`` at ``wage``.

        Parameters
        ----------
        wage : float, optional
            The wage to evaluate; defaults to the model's ``wage``.

        Returns
        -------
        dict
            ``{"V_E": ..., "V_E_shirk": ..., "V_U": ...}``: the values of an employed worker who
            works, of one who shirks, and of an unemployed worker.

        Raises
        ------
        InvalidParameterError
            If no wage is given here or in the model.
        """
        w = self.wage if wage is None else wage
        if w is None:
            raise InvalidParameterError("ShapiroStiglitz.values: give a wage (none was set)")
        check_real("ShapiroStiglitz.values", "wage", w)
        e, q, r, b, a = (self.effort_cost, self.detection_rate, self.interest_rate,
                         self.separation_rate, self.hiring_rate)
        wbar = self.unemployment_benefit
        # Solve the 2x2 system of the non-shirking worker and the unemployed.
        A = np.array([[r + b, -b], [-a, r + a]], dtype=float)
        vE, vU = np.linalg.solve(A, np.array([float(w) - e, wbar], dtype=float))
        vS = (float(w) + (b + q) * vU) / (r + b + q)
        return {"V_E": float(vE), "V_E_shirk": float(vS), "V_U": float(vU)}

    @staticmethod
    def closed_form() -> dict:
        """The no-shirking wage derived with sympy from the asset equations.

        Returns
        -------
        dict
            ``{"no_shirking_wage": expr}`` in symbols ``wbar, e, q, r, b, u``.

        Examples
        --------
        >>> import sympy as sp
        >>> w = ShapiroStiglitz.closed_form()["no_shirking_wage"]
        >>> e, q, r, b, u, wbar = sp.symbols("e q r b u wbar")
        >>> sp.simplify(w - (wbar + e + e / q * (r + b / u)))
        0
        """
        return _plain(dict(_ss_closed_form()))


@lru_cache(maxsize=1)
def _ss_closed_form():
    w, wbar, e, q, r, b, u = sp.symbols("w wbar e q r b u", positive=True)
    VE, VS, VU = sp.symbols("V_E V_S V_U")
    a = b * (1 - u) / u
    sol = sp.solve([sp.Eq(r * VE, w - e + b * (VU - VE)),
                    sp.Eq(r * VU, wbar + a * (VE - VU))], [VE, VU], dict=True)[0]
    vs = sp.solve(sp.Eq(r * VS, w + (b + q) * (VU - VS)), VS)[0].subs(VU, sol[VU])
    w_hat = sp.solve(sp.Eq(sol[VE] - vs, 0), w)[0]
    w_hat = sp.collect(sp.expand(w_hat), [e, wbar])
    w_hat = wbar + e + sp.simplify(w_hat - wbar - e)
    return (("no_shirking_wage", w_hat), ("efficiency_rent", sp.simplify(w_hat - wbar - e)))


# --------------------------------------------------------------------------------------------
# Discrete-time dismissal threat with renewal risk
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class DismissalThreatSolution(Result):
    """Minimum incentive wage under a dismissal threat and renewal risk.

    Attributes
    ----------
    min_incentive_wage : float
        The lowest wage at which the dismissal threat deters shirking.
    incentive_rent : float
        The part of that wage above outside utility plus effort cost.
    separation : float
        The probability that the job ends anyway.
    wage_cap : float or None
        The most the agency can pay, if given.
    threat_credible : bool or None
        Whether ``min_incentive_wage <= wage_cap`` (None without a cap).

    Examples
    --------
    >>> DismissalThreat(outside_utility=1, effort_cost=0.5, detection_probability=0.5,
    ...                 discount=0.9, separation=0.2, wage_cap=2).solve().threat_credible
    True
    """

    min_incentive_wage: Any
    incentive_rent: Any
    separation: Any
    wage_cap: Any = None
    threat_credible: Any = None

    def __str__(self) -> str:
        text = (f"dismissal threat with project renewal probability {_fmt(1 - self.separation)}: "
                f"the worker exerts effort only at a wage of at least "
                f"{_fmt(self.min_incentive_wage)} (incentive rent {_fmt(self.incentive_rent)})")
        if self.wage_cap is not None:
            text += ("; the agency can pay it within its cap "
                     f"{_fmt(self.wage_cap)}" if self.threat_credible else
                     f"; the agency's wage cap {_fmt(self.wage_cap)} is too low, so the threat "
                     "loses force and selection shifts to competence screening or passive "
                     "dismissal")
        return text


@keyword_only(0)
@dataclass(frozen=True)
class DismissalThreat:
    """Discrete-time no-shirking wage when the job ends with probability ``separation``.

    ``V - U = (w - e - u)/(1 - delta(1-s))`` and effort requires ``e <= delta q (1-s)(V - U)``,
    i.e. ``w >= u + e + e(1 - delta(1-s))/(delta q (1-s))``. A less certain renewal of the
    agency's project (larger ``s = 1 - rho``) raises the wage that dismissal incentives need.

    Parameters
    ----------
    outside_utility : float
        u, per-period utility outside the job.
    effort_cost : float
        e >= 0.
    detection_probability : float
        q in (0, 1], probability that shirking is detected (then the worker is dismissed).
    discount : float
        delta in (0, 1).
    separation : float
        s in [0, 1), exogenous probability that the job ends (``1 -`` renewal probability).
    wage_cap : float, optional
        The most the agency can pay; tells whether the threat is credible.

    Examples
    --------
    >>> s = DismissalThreat(outside_utility=1, effort_cost=0.5, detection_probability=0.5,
    ...                     discount=0.9, separation=0.2).solve()
    >>> round(s.min_incentive_wage, 6), round(s.incentive_rent, 6)
    (1.888889, 0.388889)
    """

    outside_utility: Any
    effort_cost: Any
    detection_probability: Any
    discount: Any
    separation: Any = 0
    wage_cap: Any = None

    def __post_init__(self):
        w = "DismissalThreat"
        check_real(w, "outside_utility", self.outside_utility)
        check_nonnegative(w, "effort_cost", self.effort_cost)
        check_real(w, "detection_probability", self.detection_probability, low=0, high=1,
                   low_open=True)
        check_discount(w, self.discount)
        check_real(w, "separation", self.separation, low=0, high=1, high_open=True)
        if self.wage_cap is not None:
            check_real(w, "wage_cap", self.wage_cap)

    @classmethod
    def from_renewal(cls, outside_utility, effort_cost, detection_probability, discount,
                     renewal_probability, wage_cap=None) -> "DismissalThreat":
        """Build the model from the project's renewal probability ``rho`` (``s = 1 - rho``).

        Parameters
        ----------
        outside_utility : float
            u, per-period utility outside the job.
        effort_cost : float
            e >= 0.
        detection_probability : float
            q in (0, 1], probability that shirking is detected.
        discount : float
            delta in (0, 1).
        renewal_probability : float
            rho in (0, 1], probability that the agency's project (and the job) continues.
        wage_cap : float, optional
            The most the agency can pay.

        Returns
        -------
        DismissalThreat
            The model with ``separation = 1 - renewal_probability``.

        Examples
        --------
        >>> DismissalThreat.from_renewal(outside_utility=1, effort_cost=0.5,
        ...                              detection_probability=0.5, discount=0.9,
        ...                              renewal_probability=0.8).separation
        0.19999999999999996
        """
        check_real("DismissalThreat.from_renewal", "renewal_probability", renewal_probability,
                   low=0, high=1, low_open=True)
        return cls(outside_utility=outside_utility, effort_cost=effort_cost,
                   detection_probability=detection_probability, discount=discount,
                   separation=1 - renewal_probability, wage_cap=wage_cap)

    def solve(self) -> DismissalThreatSolution:
        """The minimum incentive wage and whether the threat is credible.

        Returns
        -------
        DismissalThreatSolution
            The wage, the incentive rent and credibility under the wage cap.
        """
        u, e, q, d, s = (self.outside_utility, self.effort_cost, self.detection_probability,
                         self.discount, self.separation)
        rent = e * (1 - d * (1 - s)) / (d * q * (1 - s))
        w_min = u + e + rent
        credible = None if self.wage_cap is None else bool(w_min <= self.wage_cap)
        return DismissalThreatSolution(w_min, rent, s, self.wage_cap, credible)

    def value_gap(self, wage) -> Any:
        """``V - U``: what a worker paid ``wage`` (and working) loses on dismissal.

        Parameters
        ----------
        wage : float
            The per-period wage.

        Returns
        -------
        float
            The value of keeping the job minus the value of the outside option.
        """
        check_real("DismissalThreat.value_gap", "wage", wage)
        return (wage - self.effort_cost - self.outside_utility) / (
            1 - self.discount * (1 - self.separation))

    @staticmethod
    def closed_form() -> dict:
        """The minimum incentive wage derived with sympy from the Bellman equations.

        Returns
        -------
        dict
            ``{"min_incentive_wage": expr}`` in symbols ``u, e, q, delta, s``.

        Examples
        --------
        >>> import sympy as sp
        >>> w = DismissalThreat.closed_form()["min_incentive_wage"]
        >>> float(w.subs({"u": 1, "e": 0.5, "q": 0.5, "delta": 0.9, "s": 0.2}))
        1.8888888888888888
        """
        return _plain(dict(_dismissal_closed_form()))


@lru_cache(maxsize=1)
def _dismissal_closed_form():
    w, u, e, q, d, s = sp.symbols("w u e q delta s", positive=True)
    V = sp.Symbol("V")
    U = u / (1 - d)
    v = sp.solve(sp.Eq(V, w - e + d * ((1 - s) * V + s * U)), V)[0]
    w_min = sp.solve(sp.Eq(e, d * q * (1 - s) * (v - U)), w)[0]
    return (("min_incentive_wage", sp.simplify(w_min)),
            ("incentive_rent", sp.simplify(w_min - u - e)))

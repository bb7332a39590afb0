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

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from .._deprecate import keyword_only, renamed
from .._result import Result
from .._validation import check_discount, check_nonnegative, check_positive, check_probability, \
    check_real
from ..exceptions import ConvergenceError, InvalidParameterError
from ..results import format_number

__all__ = ["ShapiroStiglitz", "NoShirkingWage", "DismissalThreat", "DismissalThreatSolution",
           "CompetenceLearning", "CompetencePolicy", "posterior_good"]

_fmt = format_number


def _plain(exprs: dict) -> dict:
    out = {}
    for key, e in exprs.items():
        e = sp.sympify(e)
        out[key] = e.xreplace({s: sp.Symbol(s.name) for s in e.free_symbols})
    return out


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


# --------------------------------------------------------------------------------------------
# Bayes posterior and competence learning
# --------------------------------------------------------------------------------------------

def posterior_good(prior, p_good, p_bad, successes: int, failures: int):
    """Posterior probability that the worker is good after ``successes`` and ``failures``.

    Parameters
    ----------
    prior : float
        pi0, prior probability of a good (competent) worker.
    p_good, p_bad : float
        Per-task success probability of a good and of a bad worker.
    successes, failures : int
        Observed counts (order does not matter).

    Returns
    -------
    float or Fraction
        The posterior probability (exact for Fraction inputs).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> posterior_good(F(1, 2), F(2, 3), F(1, 3), 1, 3)
    Fraction(1, 5)
    """
    w = "posterior_good"
    check_probability(w, "prior", prior)
    check_probability(w, "p_good", p_good)
    check_probability(w, "p_bad", p_bad)
    for name, n in (("successes", successes), ("failures", failures)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise InvalidParameterError(
                f"{w}: parameter {name!r} must be a non-negative integer, got {n!r}")
    good = prior * p_good ** successes * (1 - p_good) ** failures
    bad = (1 - prior) * p_bad ** successes * (1 - p_bad) ** failures
    if good + bad == 0:
        raise InvalidParameterError(
            f"{w}: the observed record has probability 0 under both types "
            f"(successes={successes}, failures={failures}, p_good={p_good}, p_bad={p_bad})")
    return good / (good + bad)


@dataclass(frozen=True, repr=False)
class CompetencePolicy(Result):
    """Optimal retention policy for a worker of uncertain competence.

    Attributes
    ----------
    firing_threshold : int or None
        Fire iff net successes ``k = #successes - #failures <= firing_threshold``; None if the
        agency never fires.
    posterior_at_threshold : float or None
        Belief that the worker is competent at the threshold.
    posterior_first_keep : float or None
        Belief one step above the threshold (the lowest belief at which the worker is kept).
    value_fresh_worker : float
        V(0), the agency's value of a newly hired worker.
    lattice, posteriors, values, fire : numpy.ndarray
        The state grid ``k``, the beliefs, the value function and the firing policy.
    iterations : int
        Value-iteration sweeps used.

    Examples
    --------
    >>> p = CompetenceLearning(prior=0.5, p_good=2/3, p_bad=1/3, discount=0.9, wage=0.45,
    ...                        hiring_cost=0.5).solve()
    >>> p.firing_threshold, bool(p.fire[0])
    (-2, True)
    """

    firing_threshold: Any
    posterior_at_threshold: Any
    posterior_first_keep: Any
    value_fresh_worker: float
    lattice: np.ndarray
    posteriors: np.ndarray
    values: np.ndarray
    fire: np.ndarray
    iterations: int

    def __str__(self) -> str:
        if self.firing_threshold is None:
            text = ("competence learning: the agency never replaces a worker (replacement costs "
                    "more than learning can gain)")
        else:
            text = (f"competence learning: the agency dismisses a worker once failures exceed "
                    f"successes by {-self.firing_threshold} or more (net successes k <= "
                    f"{self.firing_threshold}, belief in competence <= "
                    f"{_fmt(self.posterior_at_threshold)}) and hires a fresh one; it keeps her "
                    f"at beliefs of {_fmt(self.posterior_first_keep)} and above")
        return text + f"; a fresh worker is worth {_fmt(self.value_fresh_worker)}"


@keyword_only(0)
@dataclass(frozen=True)
class CompetenceLearning:
    """Competence learning with replacement (Jovanovic 1979-type optimal stopping).

    A worker is good (success probability ``p_good``) or bad (``p_bad``), prior ``prior``.
    Each period the agency pays ``wage`` and earns ``output`` on a success; it may fire the
    worker and hire a fresh one (prior ``prior``) at cost ``hiring_cost``. With symmetric
    signals (``p_good + p_bad = 1``) beliefs live on the lattice ``k = #successes -
    #failures``, ``pi_k = pi0 L^k / (pi0 L^k + 1 - pi0)`` with ``L = p_good / p_bad``, and::

        V(k) = max{ P_k y - w + delta [P_k V(k+1) + (1-P_k) V(k-1)],  V(0) - h }

    is solved by value iteration on ``k in [-lattice_radius, lattice_radius]`` (the ends are
    reflecting: beliefs there are within ``L^-radius`` of certainty).

    Parameters
    ----------
    prior : float
        pi0 in (0, 1).
    p_good, p_bad : float
        Success probabilities, ``0 < p_bad < p_good < 1`` and ``p_good + p_bad = 1``.
    discount : float
        delta in (0, 1).
    wage : float
        w, paid to any worker (does not affect the threshold).
    hiring_cost : float
        h >= 0.
    output : float
        y > 0, value of a success.
    lattice_radius : int
        Truncation of the belief lattice (default 60).
    tol : float
        Sup-norm stopping tolerance of value iteration.

    Examples
    --------
    >>> p = CompetenceLearning(prior=0.5, p_good=2/3, p_bad=1/3, discount=0.9, wage=0.45,
    ...                        hiring_cost=0.5).solve()
    >>> p.firing_threshold, round(p.posterior_at_threshold, 6), round(p.value_fresh_worker, 6)
    (-2, 0.2, 0.812869)
    """

    prior: Any
    p_good: Any
    p_bad: Any
    discount: Any
    wage: Any = 0
    hiring_cost: Any = 0
    output: Any = 1
    lattice_radius: int = 60
    tol: float = 1e-13

    def __post_init__(self):
        w = "CompetenceLearning"
        check_real(w, "prior", self.prior, low=0, high=1, low_open=True, high_open=True)
        check_real(w, "p_bad", self.p_bad, low=0, high=1, low_open=True, high_open=True)
        check_real(w, "p_good", self.p_good, low=self.p_bad, high=1, low_open=True,
                   high_open=True)
        if abs(float(self.p_good) + float(self.p_bad) - 1) > 1e-9:
            raise InvalidParameterError(
                f"{w}: the belief lattice k = #successes - #failures needs symmetric signals, "
                f"p_good + p_bad = 1; got p_good + p_bad = {self.p_good + self.p_bad!r}")
        check_discount(w, self.discount)
        check_real(w, "wage", self.wage)
        check_nonnegative(w, "hiring_cost", self.hiring_cost)
        check_positive(w, "output", self.output)
        r = self.lattice_radius
        if isinstance(r, bool) or not isinstance(r, (int, np.integer)) or not 2 <= r <= 2000:
            raise InvalidParameterError(
                f"{w}: parameter 'lattice_radius' must be an integer in [2, 2000], got {r!r}")
        check_positive(w, "tol", self.tol)

    def posterior(self, k):
        """Belief that the worker is good at net successes ``k``.

        Parameters
        ----------
        k : int or array_like of int
            Number of successes minus number of failures.

        Returns
        -------
        numpy.ndarray
            The posterior probability of a good worker (a 0-d array for scalar ``k``).
        """
        lr = float(self.p_good) / float(self.p_bad)
        pi0 = float(self.prior)
        k = np.asarray(k, dtype=float)
        # odds form, stable for large |k|
        log_odds = math.log(pi0 / (1 - pi0)) + k * math.log(lr)
        return 1.0 / (1.0 + np.exp(-log_odds))

    def solve(self, max_iter: int = 100_000) -> CompetencePolicy:
        """Value iteration on the belief lattice; the policy is read off the fixed point.

        Parameters
        ----------
        max_iter : int
            Most value-iteration sweeps.

        Returns
        -------
        CompetencePolicy
            The firing threshold, beliefs and the value function.

        Raises
        ------
        ConvergenceError
            If value iteration does not converge within ``max_iter`` sweeps.
        """
        R = int(self.lattice_radius)
        ks = np.arange(-R, R + 1)
        pi = self.posterior(ks)
        pg, pb = float(self.p_good), float(self.p_bad)
        P = pi * pg + (1 - pi) * pb
        y, w, d, h = float(self.output), float(self.wage), float(self.discount), float(
            self.hiring_cost)
        flow = P * y - w
        up = np.minimum(np.arange(ks.size) + 1, ks.size - 1)
        down = np.maximum(np.arange(ks.size) - 1, 0)
        zero = R
        V = flow / (1 - d)
        for it in range(1, max_iter + 1):
            keep = flow + d * (P * V[up] + (1 - P) * V[down])
            new = np.maximum(keep, V[zero] - h)
            diff = np.max(np.abs(new - V))
            V = new
            if diff <= self.tol * (1 + np.max(np.abs(V))):
                break
        else:
            raise ConvergenceError(
                f"CompetenceLearning.solve: value iteration did not converge in {max_iter} "
                "sweeps")
        keep = flow + d * (P * V[up] + (1 - P) * V[down])
        fire_value = V[zero] - h
        fire = fire_value > keep + 1e-12 * (1 + abs(fire_value))
        if fire.any():
            threshold_idx = int(np.max(np.nonzero(fire)[0]))
            if not fire[: threshold_idx + 1].all():  # pragma: no cover - theory says monotone
                raise ConvergenceError(
                    "CompetenceLearning.solve: the firing region is not an interval "
                    "k <= k*; increase lattice_radius or tighten tol")
            k_star = int(ks[threshold_idx])
            post_t = float(pi[threshold_idx])
            post_k = float(pi[threshold_idx + 1]) if threshold_idx + 1 < ks.size else None
        else:
            k_star = post_t = post_k = None
        return CompetencePolicy(k_star, post_t, post_k, float(V[zero]), ks, pi, V, fire, it)

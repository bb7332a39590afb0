"""Bayes' rule for a worker's competence, and competence-based dismissal (optimal stopping).

Private part of :mod:`contracts.agency.employment` (which re-exports the public names).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._deprecate import keyword_only
from .._result import Result
from .._validation import check_discount, check_nonnegative, check_positive, check_probability, \
    check_real
from ..exceptions import ConvergenceError, InvalidParameterError
from ._bargaining_common import _fmt

__all__ = ["CompetenceLearning", "CompetencePolicy", "posterior_good"]


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

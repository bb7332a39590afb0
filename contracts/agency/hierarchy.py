"""Hierarchies: supervision with collusion, and the three-tier budget pass-through.

* :class:`SupervisionHierarchy` — principal (district bureau), supervisor (subdistrict office),
  agent (social-work organisation) with collusion between supervisor and agent (Tirole 1986;
  Laffont–Martimort 2002 logic): the collusion-proof contract, the supervisor's reward for
  reporting, and the cost of collusion to the principal.
* :class:`BudgetPassThrough` — a budget shortfall passed down a hierarchy of decreasing power:
  wage rents are cut first, surplus staff dismissed next (lowest retention score first), the
  agency absorbs a loss up to what the relationship is worth, and beyond that it exits
  ("passive dismissal"). The absorption order is configurable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp

from .._deprecate import keyword_only
from .._validation import check_nonnegative, check_probability, check_real
from ._bargaining_common import _fmt, _plain
from ._pass_through import (ABSORPTION_STEPS, NEGOTIATION, SEPARATION, TRANSFER,
                            BudgetPassThrough, PassThroughResult, Worker)
from ._result import ContractSolution

__all__ = ["SupervisionHierarchy", "BudgetPassThrough", "PassThroughResult", "Worker",
           "ABSORPTION_STEPS", "NEGOTIATION", "TRANSFER", "SEPARATION"]


# --------------------------------------------------------------------------------------------
# 5.1 Principal–supervisor–agent with collusion
# --------------------------------------------------------------------------------------------

@keyword_only(0)
@dataclass(frozen=True)
class SupervisionHierarchy:
    """Principal–supervisor–agent hierarchy with collusion (Tirole 1986).

    The agent's (agency's) cost is ``theta_L`` with probability ``nu`` or ``theta_H``; it earns
    ``t - theta q``. The principal values output ``S(q) = A q - q^2/2``. The supervisor observes
    hard evidence of the cost with probability ``xi`` (it can hide it, not forge it). A side
    transfer of 1 from the agent is worth ``k`` to the supervisor.

    * Evidence reported: first best, no rent.
    * No evidence: two-type screening; the efficient agent's rent is ``Delta_theta q_H``.
    * Collusion-proofness: when the supervisor learns ``theta_L`` the agent would pay up to its
      rent to hide it, so the principal rewards a report with ``w = k Delta_theta q_H``; then
      ``S'(q_H) = theta_H + nu/(1-nu) Delta_theta (1 + xi k/(1-xi))`` (more downward
      distortion to cut the stakes of collusion) and the expected supervisor pay is
      ``nu xi k Delta_theta q_H``.

    Parameters
    ----------
    value_intercept : float
        A > 0 in ``S(q) = A q - q^2/2``.
    low_cost, high_cost : float
        ``0 <= theta_L < theta_H``.
    prob_low_cost : float
        nu in (0, 1), probability of the efficient (low-cost) agent.
    detection_probability : float
        xi in [0, 1), probability that the supervisor obtains hard evidence.
    side_transfer_efficiency : float
        k in [0, 1]: a unit of bribe is worth k to the supervisor (0: collusion impossible).

    Examples
    --------
    >>> s = SupervisionHierarchy(value_intercept=10, low_cost=1, high_cost=2, prob_low_cost=0.5,
    ...                          detection_probability=0.5, side_transfer_efficiency=0.5).solve()
    >>> s["qH_no_report"], s["supervisor_reward"], s.principal_value, s["cost_of_collusion"]
    (6.5, 3.25, 33.53125, 0.84375)
    """

    value_intercept: Any
    low_cost: Any
    high_cost: Any
    prob_low_cost: Any
    detection_probability: Any
    side_transfer_efficiency: Any

    def __post_init__(self):
        w = "SupervisionHierarchy"
        check_real(w, "value_intercept", self.value_intercept, low=0, low_open=True)
        check_nonnegative(w, "low_cost", self.low_cost)
        check_real(w, "high_cost", self.high_cost, low=self.low_cost, low_open=True)
        check_real(w, "prob_low_cost", self.prob_low_cost, low=0, high=1, low_open=True,
                   high_open=True)
        check_real(w, "detection_probability", self.detection_probability, low=0, high=1,
                   high_open=True)
        check_probability(w, "side_transfer_efficiency", self.side_transfer_efficiency)

    # value and welfare pieces (exact for Fraction inputs)
    def _S(self, q):
        return self.value_intercept * q - q * q / 2

    def _high_quantity(self, k) -> Any:
        """Unrevealed-state output of the inefficient type when collusion costs ``k``."""
        nu, xi, dth = self.prob_low_cost, self.detection_probability, \
            self.high_cost - self.low_cost
        q = self.value_intercept - self.high_cost - nu / (1 - nu) * dth * (1 + xi * k / (1 - xi))
        return q if q > 0 else 0 * q

    def _welfare(self, qH, k):
        A, thL, thH, nu, xi = (self.value_intercept, self.low_cost, self.high_cost,
                               self.prob_low_cost, self.detection_probability)
        dth = thH - thL
        qL = A - thL if A > thL else 0 * A
        qH_fb = A - thH if A > thH else 0 * A
        w_rev = nu * (self._S(qL) - thL * qL) + (1 - nu) * (self._S(qH_fb) - thH * qH_fb)
        w_nr = nu * (self._S(qL) - thL * qL - dth * qH) + (1 - nu) * (self._S(qH) - thH * qH)
        return xi * w_rev + (1 - xi) * w_nr - nu * xi * k * dth * qH

    def solve(self) -> ContractSolution:
        """The collusion-proof contract, the supervisor's reward and the cost of collusion.

        Returns
        -------
        ContractSolution
            The outputs for each cost type, the supervisor's reward for reporting, and the
            welfare with and without the threat of collusion.
        """
        A, thL, thH, nu, xi, k = (self.value_intercept, self.low_cost, self.high_cost,
                                  self.prob_low_cost, self.detection_probability,
                                  self.side_transfer_efficiency)
        dth = thH - thL
        qL = A - thL if A > thL else 0 * A
        qH_fb = A - thH if A > thH else 0 * A
        qH = self._high_quantity(k)
        qH0 = self._high_quantity(0 * k)
        W = self._welfare(qH, k)
        W0 = self._welfare(qH0, 0 * k)
        reward = k * dth * qH
        rent_nr = dth * qH
        exp_pay = nu * xi * reward
        exp_rent = (1 - xi) * nu * rent_nr
        contract = {"q_L": qL, "t_L (evidence)": thL * qL, "t_L (no evidence)": thL * qL + rent_nr,
                    "q_H (evidence)": qH_fb, "t_H (evidence)": thH * qH_fb,
                    "q_H (no evidence)": qH, "t_H (no evidence)": thH * qH,
                    "supervisor reward": reward}
        extra = {"qL": qL, "qH_revealed": qH_fb, "qH_no_report": qH,
                 "agent_rent_no_report": rent_nr, "supervisor_reward": reward,
                 "supervisor_wage": reward,
                 "expected_supervisor_pay": exp_pay, "principal_welfare": W,
                 "qH_no_report_without_collusion": qH0,
                 "principal_welfare_without_collusion": W0, "cost_of_collusion": W0 - W,
                 "expected_agent_rent": exp_rent}
        binding = ["collusion-proofness (supervisor's reward = k x agent's stake)",
                   "efficient agent's IC when there is no evidence",
                   "inefficient agent's participation"]
        if k == 0 or xi == 0:
            binding = binding[1:]
        shut = qH == 0
        text = (f"collusion-proof hierarchy: with evidence (probability {_fmt(xi)}) the principal "
                f"gets the first best (output {_fmt(qL)} / {_fmt(qH_fb)}, no rent); without it the "
                f"inefficient agent's output is distorted to {_fmt(qH)} (to {_fmt(qH0)} if "
                f"collusion were impossible)"
                + (" - it is shut down" if shut else "")
                + f" and the efficient agent keeps a rent of {_fmt(rent_nr)}; the supervisor is "
                f"paid {_fmt(reward)} for reporting low cost, so a side deal never pays "
                f"(expected supervisor pay {_fmt(exp_pay)}); the principal's welfare is "
                f"{_fmt(W)} against {_fmt(W0)} without collusion: collusion costs "
                f"{_fmt(W0 - W)}")
        return ContractSolution(contract=contract,
                                implemented_action=(f"output {_fmt(qL)} from the efficient agent, "
                                                    f"{_fmt(qH)} / {_fmt(qH_fb)} from the "
                                                    "inefficient one without / with evidence"),
                                principal_value=W, agent_rent=exp_rent, binding=tuple(binding),
                                extra=extra, report=text)

    @staticmethod
    def closed_form() -> dict:
        """Sympy: the distorted output ``q_H``, the supervisor's reward and welfare.

        Interior solution; derived from the first-order condition of the principal's expected
        welfare. Symbols ``A, theta_L, theta_H, nu, xi, k``.

        Returns
        -------
        dict
            Sympy expressions, among them ``"qH_no_report"`` (the high-cost output when the
            supervisor learns nothing) and ``"supervisor_reward"``.

        Examples
        --------
        >>> f = SupervisionHierarchy.closed_form()
        >>> vals = {"A": 10, "theta_L": 1, "theta_H": 2, "nu": 0.5, "xi": 0.5, "k": 0.5}
        >>> float(f["qH_no_report"].subs(vals)), float(f["supervisor_reward"].subs(vals))
        (6.5, 3.25)
        """
        return _plain(dict(_tirole_closed_form()))


@lru_cache(maxsize=1)
def _tirole_closed_form():
    A, thL, thH, nu, xi, k, q = sp.symbols("A theta_L theta_H nu xi k q_H", positive=True)
    S = lambda x: A * x - x ** 2 / 2  # noqa: E731
    dth = thH - thL
    qL, qH_fb = A - thL, A - thH
    w_rev = nu * (S(qL) - thL * qL) + (1 - nu) * (S(qH_fb) - thH * qH_fb)
    w_nr = nu * (S(qL) - thL * qL - dth * q) + (1 - nu) * (S(q) - thH * q)
    W = xi * w_rev + (1 - xi) * w_nr - nu * xi * k * dth * q
    foc = sp.expand(sp.diff(W, q))  # linear in q_H
    qH = sp.factor(-foc.coeff(q, 0) / foc.coeff(q, 1))
    return (("qH_no_report", qH), ("supervisor_reward", sp.factor(k * dth * qH)),
            ("principal_welfare", W.subs(q, qH)))

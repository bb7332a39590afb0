"""Zero-powered incentives (Holmström–Milgrom 1991): a fixed wage is optimal.

Private module: the public names are re-exported by :mod:`contracts.agency.linear`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy.optimize import minimize_scalar

from .._deprecate import keyword_only, renamed
from .._validation import check_nonnegative, check_positive
from ._result import ContractSolution
from ._linear_closed_form import ClosedForm, _fnum, _fvec


# ----------------------------------------------------------------------------------------------
# zero-powered incentives
# ----------------------------------------------------------------------------------------------

@keyword_only(2)
@renamed(r="risk_aversion", sigma2="noise_variance")
@dataclass(frozen=True)
class ZeroPoweredIncentives:
    """Why a fixed wage can be optimal (Holmström–Milgrom 1991).

    Two tasks; only task 1 is measured (``x1 = t1 + eps``, variance ``sigma2``). The agent's cost
    depends on total effort ``T = t1 + t2`` only: ``max(0, T - tbar)^2 / 2`` — he works up to
    ``tbar`` for free. The principal values ``2 v sqrt(t1 t2)``: the unmeasured task 2 (quality)
    is essential. Any piece rate ``beta1 > 0`` makes the agent pour everything into task 1, so
    value collapses; at ``beta1 = 0`` the agent is indifferent and follows the requested split
    ``(tbar/2, tbar/2)``.

    Parameters
    ----------
    v : float
        Scale of the principal's value ``2 v sqrt(t1 t2)``.
    tbar : float
        Total effort the agent supplies at no cost.
    risk_aversion : float
        Agent's absolute risk aversion (>= 0).
    noise_variance : float
        Variance of the noise in the measure of task 1 (>= 0).

    Examples
    --------
    >>> z = ZeroPoweredIncentives(v=1, tbar=1, risk_aversion=1, noise_variance=1)
    >>> z.solve().extra["beta"], z.surplus(0.5)
    (0.0, -0.25)
    """

    v: float
    tbar: float
    risk_aversion: float
    noise_variance: float

    def __post_init__(self):
        w = "ZeroPoweredIncentives"
        object.__setattr__(self, "v", float(check_positive(w, "v", self.v)))
        object.__setattr__(self, "tbar", float(check_positive(w, "tbar", self.tbar)))
        object.__setattr__(self, "risk_aversion", float(check_nonnegative(w, "risk_aversion", self.risk_aversion)))
        object.__setattr__(self, "noise_variance", float(check_nonnegative(w, "noise_variance", self.noise_variance)))

    def agent_response(self, beta1: float) -> np.ndarray:
        """Efforts for the piece rate ``beta1`` on task 1 (ties broken for the principal).

        Parameters
        ----------
        beta1 : float
            The piece rate on the measured task.

        Returns
        -------
        numpy.ndarray, shape (2,)
            The efforts on the measured and the unmeasured task.
        """
        beta1 = float(beta1)
        if beta1 > 0:       # marginal pay beta1 = marginal cost T - tbar, all on task 1
            return np.array([self.tbar + beta1, 0.0])
        if beta1 < 0:       # task 1 is penalised: it is dropped; task 2 alone is worth nothing
            return np.array([0.0, self.tbar / 2])
        # indifferent over every split with T <= tbar: the principal's preferred one
        return np.array([self.tbar / 2, self.tbar / 2])

    def surplus(self, beta1: float) -> float:
        """Value minus effort cost minus risk premium at piece rate ``beta1``.

        Parameters
        ----------
        beta1 : float
            The piece rate on the measured task.

        Returns
        -------
        float
            The total certainty-equivalent surplus.
        """
        t1, t2 = self.agent_response(beta1)
        value = 2 * self.v * math.sqrt(t1 * t2)
        cost = max(0.0, t1 + t2 - self.tbar) ** 2 / 2
        return float(value - cost - self.risk_aversion / 2 * beta1 ** 2 * self.noise_variance)

    def solve(self, *, grid: int = 201) -> ContractSolution:
        """Optimal ``beta1``, compared with the fixed wage.

        A grid over [-1, 1] x scale is refined by a bounded scalar search on each side of zero.

        Parameters
        ----------
        grid : int
            Number of grid points.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"alpha", "beta"}``; ``extra``: ``beta``, ``efforts``,
            ``total_surplus``, ``first_best_surplus``.
        """
        scale = max(1.0, 2 * self.v)
        betas = np.linspace(-scale, scale, grid)
        cands = [(self.surplus(b), float(b)) for b in betas]
        for lo, hi in ((1e-12, scale), (-scale, -1e-12)):
            res = minimize_scalar(lambda b: -self.surplus(b), bounds=(lo, hi), method="bounded")
            cands.append((self.surplus(float(res.x)), float(res.x)))
        cands.append((self.surplus(0.0), 0.0))
        S, beta = max(cands, key=lambda x: (x[0], -abs(x[1])))
        t = self.agent_response(beta)
        extra = {"beta": beta, "beta1": beta, "efforts": t, "total_surplus": S,
                 "surplus_at": {0.5: self.surplus(0.5)}, "first_best_surplus": self.v * self.tbar}
        report = (f"A fixed wage is optimal (beta1 = {_fnum(beta)}): any reward on the measured "
                  f"task would pull all effort away from the unmeasured, essential task. The agent "
                  f"splits his free effort {_fvec(t)}; surplus {_fnum(S)} (with beta1 = 0.5 it "
                  f"would be {_fnum(self.surplus(0.5))})." if beta == 0 else
                  f"Piece rate beta1 = {_fnum(beta)}; efforts {_fvec(t)}; surplus {_fnum(S)}.")
        return ContractSolution({"alpha": 0.0, "beta": beta}, t, S, 0.0, ("IR",), None, extra,
                                report)

    def closed_form(self) -> ClosedForm:
        """Surplus as a function of ``beta1`` (piecewise) and the optimum ``beta1* = 0``.

        Returns
        -------
        ClosedForm
            The formulas in symbols ``v, tbar, r, sigma2`` and ``beta1``.
        """
        v, tbar, r, s2 = sp.symbols("v tbar r sigma2", positive=True)
        beta = sp.Symbol("beta1", real=True)
        S = sp.Piecewise((-(1 + r * s2) * beta ** 2 / 2, beta > 0),
                         (v * tbar, sp.Eq(beta, 0)),
                         (-r * s2 * beta ** 2 / 2, True))
        exprs = {"surplus_of_beta1": S, "beta1": sp.Integer(0), "efforts": sp.Matrix(
            [tbar / 2, tbar / 2]), "total_surplus": v * tbar}
        params = (v, tbar, r, s2, beta)
        vals = {v: self.v, tbar: self.tbar, r: self.risk_aversion, s2: self.noise_variance, beta: 0}
        return ClosedForm("zero-powered incentives (HM 1991)", exprs, params, vals,
                          {s2: r"\sigma^2", tbar: r"\bar t", beta: r"\beta_1"})

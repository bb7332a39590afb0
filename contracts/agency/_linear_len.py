"""The LEN model (Holmström–Milgrom 1987): linear wage, CARA utility, normal noise.

Private module: the public names are re-exported by :mod:`contracts.agency.linear`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from .._deprecate import keyword_only, renamed
from .._validation import check_nonnegative, check_positive, check_real
from ._result import ContractSolution
from ._linear_closed_form import ClosedForm, _fnum, _piece_rate


# ----------------------------------------------------------------------------------------------
# LEN
# ----------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _len_closed_form():
    p, k, r, s2 = sp.symbols("p k r sigma2", positive=True)
    u = sp.Symbol("reservation", real=True)
    beta = p / (1 + r * k * s2)
    e = beta / k
    rp = r / 2 * beta ** 2 * s2
    S = p * e - k / 2 * e ** 2 - rp
    ce0 = beta * e - k / 2 * e ** 2 - rp
    exprs = {
        "beta": beta, "effort": sp.simplify(e), "alpha": sp.simplify(u - ce0),
        "total_surplus": sp.simplify(S), "principal_profit": sp.simplify(S - u),
        "risk_premium": sp.simplify(rp), "first_best_effort": p / k,
        "first_best_surplus": p ** 2 / (2 * k),
    }
    return exprs, (p, k, r, s2, u), {s2: r"\sigma^2", u: r"\bar u"}


@keyword_only(2)
@renamed(r="risk_aversion", sigma2="noise_variance",
         reservation="reservation_utility")
@dataclass(frozen=True)
class LEN:
    """Linear contract, Exponential utility, Normal noise (Holmström–Milgrom 1987).

    Output ``x = e + eps``, ``eps ~ N(0, sigma2)``, is worth ``p`` per unit to the (risk-neutral)
    principal; the wage is ``alpha + beta x``; the agent has CARA coefficient ``r`` (``risk_aversion``) and effort cost
    ``k e^2 / 2``; reservation certainty equivalent ``reservation_utility``. The agent picks
    ``e = beta / k``; the principal sets ``alpha`` so that IR binds and ``beta`` to maximise the
    total certainty-equivalent surplus.

    Parameters
    ----------
    p : float
        Value of output to the principal (> 0).
    k : float
        Curvature of the effort cost (> 0).
    risk_aversion : float
        Agent's absolute risk aversion (>= 0).
    noise_variance : float
        Variance of the measurement noise (>= 0).
    reservation_utility : float, default 0
        Agent's reservation certainty equivalent.

    Examples
    --------
    >>> sol = LEN(p=1, k=1, risk_aversion=2, noise_variance=0.5).solve()
    >>> sol.extra["beta"], sol.extra["effort"], sol.extra["total_surplus"]
    (0.5, 0.5, 0.25)
    """

    p: float
    k: float
    risk_aversion: float
    noise_variance: float
    reservation_utility: float = 0.0

    def __post_init__(self):
        w = "LEN"
        object.__setattr__(self, "p", float(check_positive(w, "p", self.p)))
        object.__setattr__(self, "k", float(check_positive(w, "k", self.k)))
        object.__setattr__(self, "risk_aversion", float(check_nonnegative(w, "risk_aversion", self.risk_aversion)))
        object.__setattr__(self, "noise_variance", float(check_nonnegative(w, "noise_variance", self.noise_variance)))
        object.__setattr__(self, "reservation_utility", float(check_real(w, "reservation_utility",
                                                                 self.reservation_utility)))

    def effort(self, beta: float) -> float:
        """The agent's best response ``e = beta / k``.

        Parameters
        ----------
        beta : float
            The piece rate.

        Returns
        -------
        float
            The agent's effort.
        """
        return beta / self.k

    def surplus(self, beta: float) -> float:
        """Total certainty-equivalent surplus when the piece rate is ``beta``.

        Parameters
        ----------
        beta : float
            The piece rate.

        Returns
        -------
        float
            Expected output value minus effort cost minus the agent's risk premium.
        """
        e = self.effort(beta)
        return self.p * e - self.k / 2 * e ** 2 - self.risk_aversion / 2 * beta ** 2 * self.noise_variance

    def solve(self, *, method: str = "closed_form") -> ContractSolution:
        """The optimal linear contract.

        Parameters
        ----------
        method : {"closed_form", "numerical"}
            ``"numerical"`` maximises :meth:`surplus` with scipy instead of using the formula.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"alpha", "beta"}``; ``extra``: ``beta``, ``effort``,
            ``total_surplus`` and the other quantities of :meth:`closed_form`.

        Raises
        ------
        InvalidParameterError
            If ``method`` is unknown.
        """
        beta = _piece_rate(
            "LEN.solve", method,
            lambda: self.p / (1 + self.risk_aversion * self.k * self.noise_variance),
            self.surplus, (0.0, self.p * 2 + 1))
        e = self.effort(beta)
        rp = self.risk_aversion / 2 * beta ** 2 * self.noise_variance
        S = self.surplus(beta)
        alpha = self.reservation_utility - (beta * e - self.k / 2 * e ** 2 - rp)
        fb_e = self.p / self.k
        fb_S = self.p ** 2 / (2 * self.k)
        extra = {"beta": beta, "effort": e, "alpha": alpha, "total_surplus": S,
                 "principal_profit": S - self.reservation_utility, "risk_premium": rp,
                 "first_best_effort": fb_e, "first_best_surplus": fb_S, "method": method}
        report = (f"The principal pays a fixed wage {_fnum(alpha)} plus a piece rate beta = "
                  f"{_fnum(beta)} (first best 1 x p = {_fnum(self.p)}); the agent supplies effort "
                  f"{_fnum(e)} (first best {_fnum(fb_e)}). Total surplus {_fnum(S)} of a "
                  f"first-best {_fnum(fb_S)}; the risk premium {_fnum(rp)} is the cost of "
                  f"incentives under noise. IR binds; the agent earns no rent; the principal keeps "
                  f"{_fnum(S - self.reservation_utility)}.")
        return ContractSolution({"alpha": alpha, "beta": beta}, e, S - self.reservation_utility, 0.0,
                                ("IR",), None, extra, report)

    def closed_form(self) -> ClosedForm:
        """β*, e*, α*, S*, profit, risk premium and first best as sympy expressions.

        Returns
        -------
        ClosedForm
            The formulas in symbols ``p, k, r, sigma2`` (and the reservation utility).
        """
        exprs, params, names = _len_closed_form()
        vals = dict(zip(params, (self.p, self.k, self.risk_aversion, self.noise_variance, self.reservation_utility)))
        return ClosedForm("LEN (Holmström–Milgrom 1987)", exprs, params, vals, names)


LinearContract = LEN

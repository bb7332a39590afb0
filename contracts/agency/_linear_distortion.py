"""Baker (1992, 2002) distortion: a performance measure misaligned with value.

Private module: the public names are re-exported by :mod:`contracts.agency.linear`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from .._deprecate import keyword_only, renamed
from .._validation import check_nonnegative, check_real
from ..exceptions import InvalidParameterError
from ._result import ContractSolution
from ._linear_closed_form import ClosedForm, _fnum, _fvec, _piece_rate
from ._linear_multitask import _matrix


# ----------------------------------------------------------------------------------------------
# Baker distortion
# ----------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _baker_closed_form(n: int):
    f = sp.Matrix(sp.symbols(f"f1:{n + 1}", real=True))
    g = sp.Matrix(sp.symbols(f"g1:{n + 1}", real=True))
    r, s2 = sp.symbols("r sigma2", positive=True)
    fg = (f.T * g)[0]
    gg = (g.T * g)[0]
    ff = (f.T * f)[0]
    beta = fg / (gg + r * s2)
    S = fg ** 2 / (2 * (gg + r * s2))
    exprs = {"beta": beta, "effort": (beta * g), "total_surplus": S, "first_best_surplus": ff / 2,
             "cos_theta": fg / sp.sqrt(ff * gg), "surplus_ratio": sp.simplify(S / (ff / 2))}
    return exprs, tuple(f) + tuple(g) + (r, s2)


@keyword_only(2)
@renamed(r="risk_aversion", sigma2="noise_variance",
         reservation="reservation_utility")
@dataclass(frozen=True, eq=False)
class Distortion:
    """Distorted performance measures (Baker 1992, 2002).

    Value ``V = f.e`` (plus noise), measure ``P = g.e + eps`` (``eps ~ N(0, sigma2)``), effort cost
    ``|e|^2 / 2``, wage ``alpha + beta P``, CARA coefficient ``r``. The agent sets ``e = beta g``;
    ``beta* = f.g / (|g|^2 + r sigma2)``; ``S* = (f.g)^2 / (2(|g|^2 + r sigma2))``; first best
    ``|f|^2 / 2``; with ``r sigma2 = 0`` the ratio is ``cos^2 theta``.

    Parameters
    ----------
    f : array_like, shape (n,)
        Marginal value of each effort dimension to the principal.
    g : array_like, shape (n,)
        Marginal effect of each effort dimension on the performance measure.
    risk_aversion : float
        Agent's absolute risk aversion (>= 0).
    noise_variance : float
        Variance of the measurement noise (>= 0).
    reservation_utility : float
        Agent's reservation certainty equivalent.

    Examples
    --------
    >>> sol = Distortion(f=[1, 0], g=[1, 1], risk_aversion=0, noise_variance=0).solve()
    >>> sol.extra["beta"], sol.extra["surplus_ratio"]
    (0.5, 0.5)
    """

    f: Any
    g: Any
    risk_aversion: float = 0.0
    noise_variance: float = 0.0
    reservation_utility: float = 0.0

    def __post_init__(self):
        w = "Distortion"
        f = _matrix(w, "f", self.f)
        g = _matrix(w, "g", self.g)
        if f.ndim != 1 or f.size == 0:
            raise InvalidParameterError(f"{w}: parameter 'f' must be a non-empty vector")
        if g.shape != f.shape:
            raise InvalidParameterError(f"{w}: parameter 'g' has shape {g.shape}; expected "
                                        f"{f.shape} (same tasks as 'f')")
        r = float(check_nonnegative(w, "risk_aversion", self.risk_aversion))
        s2 = float(check_nonnegative(w, "noise_variance", self.noise_variance))
        if g @ g + r * s2 <= 0:
            raise InvalidParameterError(f"{w}: parameter 'g' = {g.tolist()} is zero and there is "
                                        "no noise: the measure carries no information")
        if f @ f <= 0:
            raise InvalidParameterError(f"{w}: parameter 'f' must not be zero (nothing of value)")
        f.setflags(write=False)
        g.setflags(write=False)
        object.__setattr__(self, "f", f)
        object.__setattr__(self, "g", g)
        object.__setattr__(self, "risk_aversion", r)
        object.__setattr__(self, "noise_variance", s2)
        object.__setattr__(self, "reservation_utility", float(check_real(w, "reservation_utility",
                                                                 self.reservation_utility)))

    def surplus(self, beta: float) -> float:
        """Total certainty-equivalent surplus at piece rate ``beta`` on the measure.

        Parameters
        ----------
        beta : float
            The piece rate.

        Returns
        -------
        float
            Value minus effort cost minus the agent's risk premium.
        """
        e = beta * self.g
        return float(self.f @ e - e @ e / 2 - self.risk_aversion / 2 * beta ** 2 * self.noise_variance)

    def solve(self, *, method: str = "closed_form") -> ContractSolution:
        """The optimal piece rate on the distorted measure.

        Parameters
        ----------
        method : {"closed_form", "numerical"}
            ``"numerical"`` maximises :meth:`surplus` with scipy instead of using the formula.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"alpha", "beta"}``; ``extra``: ``beta``, ``effort``,
            ``total_surplus``, ``first_best_surplus``, ``cos_theta``, ``surplus_ratio``.

        Raises
        ------
        InvalidParameterError
            If ``method`` is unknown.
        """
        f, g = self.f, self.g
        denom = g @ g + self.risk_aversion * self.noise_variance
        bound = abs(float(f @ g)) / denom * 2 + 1
        beta = _piece_rate("Distortion.solve", method, lambda: float(f @ g / denom), self.surplus,
                           (-bound, bound))
        e = beta * g
        S = self.surplus(beta)
        S_fb = float(f @ f / 2)
        gn = float(np.sqrt(g @ g))
        cos = float(f @ g / (np.sqrt(f @ f) * gn)) if gn > 0 else 0.0
        rp = self.risk_aversion / 2 * beta ** 2 * self.noise_variance
        extra = {"beta": beta, "effort": e, "total_surplus": S, "first_best_surplus": S_fb,
                 "cos_theta": cos, "surplus_ratio": S / S_fb, "risk_premium": rp,
                 "principal_profit": S - self.reservation_utility}
        report = (f"The principal pays beta = {_fnum(beta)} per unit of the measure; the agent's "
                  f"efforts are {_fvec(e)}. Surplus {_fnum(S)} = {_fnum(100 * S / S_fb)}% of the "
                  f"first best {_fnum(S_fb)}: the measure is misaligned with value (cos theta = "
                  f"{_fnum(cos)})" + (f" and noisy (risk premium {_fnum(rp)})" if rp > 0 else "")
                  + ". IR binds; the agent earns no rent.")
        return ContractSolution({"alpha": self.reservation_utility - (beta * (g @ e) - e @ e / 2 - rp),
                                 "beta": beta}, e, S - self.reservation_utility, 0.0, ("IR",), None,
                                extra, report)

    def closed_form(self) -> ClosedForm:
        """β*, efforts, S*, first best, cos θ and the surplus ratio as sympy expressions.

        Returns
        -------
        ClosedForm
            The formulas in the entries of ``f`` and ``g``, ``r`` and ``sigma2``.
        """
        n = self.f.size
        exprs, params = _baker_closed_form(n)
        vals = dict(zip(params, list(self.f) + list(self.g) + [self.risk_aversion, self.noise_variance]))
        vals = {k: float(v) for k, v in vals.items()}
        return ClosedForm("distortion (Baker 1992)", exprs, params, vals,
                          {params[-1]: r"\sigma^2"})

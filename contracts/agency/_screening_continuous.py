"""Continuous-type screening (Mussa-Rosen, Maskin-Riley), sale framing.

Re-exported by :mod:`contracts.agency.screening`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from .._deprecate import keyword_only
from .._validation import check_real
from ..exceptions import InvalidParameterError, UnsupportedGameError
from ._result import ContractSolution
from ._screening_menu import _fnum


# ----------------------------------------------------------------------------------------------
# continuous types
# ----------------------------------------------------------------------------------------------

@keyword_only(2)
@dataclass(frozen=True, eq=False)
class ContinuousScreening:
    """Continuous-type screening (Mussa–Rosen 1978, Maskin–Riley 1984), sale framing.

    Types ``theta`` on ``[low, high]`` with density ``density`` (uniform by default; otherwise a
    sympy expression or string in ``theta`` whose virtual value is non-decreasing); type utility
    ``theta q - t``; cost ``q^2 / 2``. The optimal schedule is ``q(theta) = max(0, phi(theta))``
    with ``phi = theta - (1 - F)/f``; ``t(theta) = theta q(theta) - int_low^theta q``.

    Parameters
    ----------
    low, high : float
        The lowest and the highest type.
    density : sympy expression or str, optional
        The density of types in ``theta``; uniform when omitted.

    Examples
    --------
    >>> sol = ContinuousScreening().solve()
    >>> sol.extra["cutoff"], sol.extra["profit"]
    (0.5, 0.08333333333333333)
    """

    low: float = 0.0
    high: float = 1.0
    density: Any = None
    _expr: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        w = "ContinuousScreening"
        lo = float(check_real(w, "low", self.low))
        hi = float(check_real(w, "high", self.high, low=lo, low_open=True))
        object.__setattr__(self, "low", lo)
        object.__setattr__(self, "high", hi)
        theta = sp.Symbol("theta", real=True)
        a, b = sp.nsimplify(lo, rational=True), sp.nsimplify(hi, rational=True)
        if self.density is None:
            dens = 1 / (b - a)
        else:
            try:
                dens = sp.sympify(self.density, locals={"theta": theta})
            except (sp.SympifyError, TypeError) as exc:
                raise InvalidParameterError(f"{w}: parameter 'density' = {self.density!r} is not "
                                            f"a sympy expression in theta: {exc}") from None
            if dens.free_symbols - {theta}:
                raise InvalidParameterError(f"{w}: parameter 'density' may only involve theta, "
                                            f"found {dens.free_symbols}")
            total = sp.integrate(dens, (theta, a, b))
            if abs(float(total) - 1) > 1e-9:
                raise InvalidParameterError(f"{w}: parameter 'density' integrates to "
                                            f"{float(total)} on [{lo}, {hi}]; expected 1")
            grid = np.linspace(lo, hi, 101)
            fv = sp.lambdify(theta, dens, "numpy")
            if np.any(np.asarray(fv(grid) * np.ones_like(grid)) < 0):
                raise InvalidParameterError(f"{w}: parameter 'density' is negative somewhere on "
                                            f"[{lo}, {hi}]")
        s = sp.Symbol("s", real=True)
        F = sp.integrate(dens.subs(theta, s), (s, a, theta))
        phi = sp.simplify(theta - (1 - F) / dens)
        grid = np.linspace(lo, hi, 201)
        phin = sp.lambdify(theta, phi, "numpy")
        with np.errstate(all="ignore"):
            vals = np.asarray(phin(grid) * np.ones_like(grid), dtype=float)
        finite = np.isfinite(vals)
        grid, vals = grid[finite], vals[finite]
        if np.any(np.diff(vals) < -1e-10):
            raise UnsupportedGameError(f"{w}: the virtual value {phi} is not non-decreasing; "
                                       "ironing of continuous types is not supported (use "
                                       "ScreeningNType on a discretisation)")
        if vals[-1] <= 0:
            cut = b
        elif vals[0] >= 0 and grid[0] == lo:
            cut = a
        else:
            roots = [r for r in sp.solve(sp.Eq(phi, 0), theta)
                     if r.is_real and a <= r <= b]
            cut = roots[0] if roots else sp.nsimplify(
                brentq(lambda x: float(phin(x)), grid[0], hi, xtol=1e-14), rational=True)
        q = sp.Piecewise((0, theta < cut), (phi, True))
        # rents U(theta) = int_low^theta q = int_cut^theta phi  for theta >= cut
        U_above = sp.integrate(phi.subs(theta, s), (s, cut, theta))
        U = sp.Piecewise((0, theta < cut), (sp.simplify(U_above), True))
        t = sp.Piecewise((0, theta < cut), (sp.simplify(theta * phi - U_above), True))
        profit = sp.integrate(((theta * phi - U_above) - phi ** 2 / 2) * dens, (theta, cut, b))
        cs = sp.integrate(U_above * dens, (theta, cut, b))
        fb = sp.integrate(theta ** 2 / 2 * dens, (theta, sp.Max(a, 0), b)) if b > 0 else sp.Integer(0)
        object.__setattr__(self, "_expr", {
            "theta": theta, "density": dens, "virtual_value": phi, "cutoff": cut, "q": q,
            "t": t, "rent": U, "profit": sp.nsimplify(sp.simplify(profit)),
            "consumer_surplus": sp.nsimplify(sp.simplify(cs)),
            "first_best_surplus": sp.nsimplify(sp.simplify(fb))})

    @property
    def expressions(self) -> dict:
        """The sympy expressions: ``virtual_value``, ``q``, ``t``, ``rent`` (in ``theta``),
        ``cutoff``, ``profit``, ``consumer_surplus``, ``first_best_surplus``."""
        return dict(self._expr)

    def quantity(self, theta):
        """``q(theta)`` (vectorised).

        Parameters
        ----------
        theta : float or array_like
            Types.

        Returns
        -------
        float or numpy.ndarray
            The quantity each type buys.
        """
        return self._call("q", theta)

    def transfer(self, theta):
        """``t(theta)`` (vectorised).

        Parameters
        ----------
        theta : float or array_like
            Types.

        Returns
        -------
        float or numpy.ndarray
            The transfer each type pays.
        """
        return self._call("t", theta)

    def rent(self, theta):
        """``U(theta) = theta q(theta) - t(theta)``.

        Parameters
        ----------
        theta : float or array_like
            Types.

        Returns
        -------
        float or numpy.ndarray
            Each type's information rent.
        """
        return self._call("rent", theta)

    def _call(self, name, theta):
        th = np.asarray(theta, dtype=float)
        if np.any(th < self.low - 1e-12) or np.any(th > self.high + 1e-12):
            raise InvalidParameterError(f"ContinuousScreening: theta = {theta} outside the type "
                                        f"space [{self.low}, {self.high}]")
        f = sp.lambdify(self._expr["theta"], self._expr[name], "numpy")
        out = np.asarray(f(th) * np.ones_like(th), dtype=float)
        return float(out) if out.ndim == 0 else out

    def latex(self) -> str:
        """LaTeX of the quantity and transfer schedules and the profit.

        Returns
        -------
        str
            One equation per line.
        """
        e = self._expr
        return "\n".join([rf"q(\theta) = {sp.latex(e['q'])}", rf"t(\theta) = {sp.latex(e['t'])}",
                          rf"\pi = {sp.latex(e['profit'])}"])

    def solve(self) -> ContractSolution:
        """The optimal nonlinear schedule with its closed forms.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"q": expr, "t": expr}``; ``extra``: ``cutoff``, ``profit``,
            ``consumer_surplus``, ``first_best_surplus`` and the schedules as functions.
        """
        e = self._expr
        cut = float(e["cutoff"])
        profit, cs, fb = float(e["profit"]), float(e["consumer_surplus"]), float(e["first_best_surplus"])
        excl = (f"types below {_fnum(cut)} are excluded" if cut > self.low else
                "no type is excluded")
        report = (f"Optimal schedule q(theta) = {sp.sstr(e['q'])} with transfer t(theta) = "
                  f"{sp.sstr(e['t'])}: {excl}, only the top type "
                  f"gets the efficient quantity, and rents rise with the type. Profit "
                  f"{_fnum(profit)}, consumers' rents {_fnum(cs)}, first-best surplus "
                  f"{_fnum(fb)} (deadweight loss {_fnum(fb - profit - cs)}).")
        return ContractSolution(
            contract={"q": e["q"], "t": e["t"]}, implemented_action=f"q(theta) = {e['q']}",
            principal_value=profit, agent_rent=cs,
            binding=("IR of the cutoff type", "local downward IC everywhere (envelope condition)"),
            duals=None,
            extra={"cutoff": cut, "profit": profit, "consumer_surplus": cs,
                   "first_best_surplus": fb, "q": self.quantity, "t": self.transfer,
                   "expressions": self.expressions},
            report=report)

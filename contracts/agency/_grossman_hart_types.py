"""The agent's utility and the implementation-cost result of the Grossman–Hart model.

Private part of :mod:`contracts.agency.grossman_hart` (which re-exports the public names).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np
from scipy.optimize import brentq

from .._deprecate import keyword_only
from .._result import Result
from .._validation import check_real
from ..exceptions import InvalidParameterError
from ._moral_hazard_input import _fnum, _fvec

__all__ = ["Utility", "ImplementationCost"]


def _scalar_or_array(x):
    a = np.asarray(x, dtype=float)
    return float(a) if a.ndim == 0 else a


@keyword_only(4)
@dataclass(frozen=True, eq=False)
class Utility:
    """A strictly increasing concave utility of money, with what Grossman–Hart needs.

    Parameters
    ----------
    name : str
        Short description (``"sqrt"``, ``"cara(a=2)"``...).
    u : callable
        Utility of a wage.
    inverse : callable
        ``h = u^{-1}``: the wage that gives a utility level (convex).
    inverse_derivative : callable
        ``h'(v) = 1 / u'(h(v))``.
    lower, upper : float
        Range of attainable utility levels ``v`` (``lower`` may be attained; ``upper`` is open).
    kind : str
        ``"sqrt"``, ``"cara"``, ``"log"`` or ``"custom"`` (selects closed forms).
    risk_aversion : float, optional
        The coefficient of absolute risk aversion, for CARA utility.

    Examples
    --------
    >>> Utility.sqrt().inverse(3.0)
    9.0
    >>> round(Utility.cara(2.0).inverse(Utility.cara(2.0).u(1.5)), 12)
    1.5
    """

    name: str
    u: Callable
    inverse: Callable
    inverse_derivative: Callable
    lower: float = -math.inf
    upper: float = math.inf
    kind: str = "custom"
    risk_aversion: float | None = None

    @classmethod
    def sqrt(cls) -> "Utility":
        """``u(w) = sqrt(w)``, wages ``w >= 0``; ``h(v) = v**2``."""
        return cls("sqrt", lambda w: _scalar_or_array(np.sqrt(w)),
                   lambda v: _scalar_or_array(np.asarray(v, dtype=float) ** 2),
                   lambda v: _scalar_or_array(2.0 * np.asarray(v, dtype=float)), lower=0.0,
                   upper=math.inf, kind="sqrt")

    @classmethod
    def cara(cls, risk_aversion: float) -> "Utility":
        """``u(w) = (1 - exp(-a w)) / a`` (constant absolute risk aversion ``a``); any wage.

        Parameters
        ----------
        risk_aversion : float
            a > 0, the coefficient of absolute risk aversion.

        Returns
        -------
        Utility
            The CARA utility with its inverse and the inverse's derivative.
        """
        a = float(check_real("Utility.cara", "risk_aversion", risk_aversion, low=0,
                             low_open=True))
        return cls(f"cara(a={_fnum(a)})",
                   lambda w: _scalar_or_array(-np.expm1(-a * np.asarray(w, dtype=float)) / a),
                   lambda v: _scalar_or_array(-np.log1p(-a * np.asarray(v, dtype=float)) / a),
                   lambda v: _scalar_or_array(1.0 / (1.0 - a * np.asarray(v, dtype=float))),
                   lower=-math.inf, upper=1.0 / a, kind="cara", risk_aversion=a)

    @classmethod
    def log(cls) -> "Utility":
        """``u(w) = log(w)``, wages ``w > 0``; ``h(v) = exp(v)``."""
        return cls("log", lambda w: _scalar_or_array(np.log(w)),
                   lambda v: _scalar_or_array(np.exp(v)), lambda v: _scalar_or_array(np.exp(v)),
                   lower=-math.inf, upper=math.inf, kind="log")

    @classmethod
    def from_function(cls, u: Callable, *, wage_floor: float = 0.0, inverse: Callable | None = None,
                      name: str = "custom") -> "Utility":
        """Wrap any strictly increasing concave ``u`` defined for wages ``>= wage_floor``.

        The inverse is found by root finding unless given; ``h'`` by ``1/u'`` with a central
        difference.

        Parameters
        ----------
        u : callable
            Utility of a wage, strictly increasing and concave.
        wage_floor : float
            The lowest wage at which ``u`` is defined (limited liability).
        inverse : callable, optional
            ``u^{-1}``, the wage that gives a utility level; found numerically when omitted.
        name : str
            A short description used in reports.

        Returns
        -------
        Utility
            The wrapped utility.

        Raises
        ------
        InvalidParameterError
            If ``u`` is not callable or not finite at ``wage_floor``.

        Examples
        --------
        >>> import math
        >>> ut = Utility.from_function(math.sqrt)
        >>> round(ut.inverse(3.0), 6)
        9.0
        """
        where = "Utility.from_function"
        if not callable(u):
            raise InvalidParameterError(f"{where}: parameter 'u' must be callable, got {u!r}")
        floor = float(check_real(where, "wage_floor", wage_floor))
        lo = float(u(floor))
        probe = [floor + d for d in (0.5, 1.0, 2.0, 4.0)]
        vals = [float(u(w)) for w in probe]
        if not all(math.isfinite(v) for v in vals) or any(b <= a for a, b in zip(vals, vals[1:])):
            raise InvalidParameterError(
                f"{where}: parameter 'u' must be finite and strictly increasing above the wage "
                f"floor {floor}; found values {vals}")
        if not math.isfinite(lo):
            lo = -math.inf

        def h(v):
            v = np.asarray(v, dtype=float)
            if inverse is not None:
                return np.asarray(inverse(v), dtype=float)
            out = np.empty_like(v)
            for idx, vv in np.ndenumerate(v):
                a = floor if math.isfinite(lo) else floor + 1e-12
                b = floor + 1.0
                while float(u(b)) < vv:
                    b = floor + 2 * (b - floor)
                    if b > 1e12:
                        raise InvalidParameterError(
                            f"{where}: utility level {vv} is not attained by any wage")
                if math.isfinite(lo) and vv <= lo:
                    out[idx] = floor
                    continue
                while float(u(a)) > vv:
                    a = floor + (a - floor) / 2
                out[idx] = brentq(lambda w: float(u(w)) - vv, a, b, xtol=1e-14, rtol=1e-14)
            return out if out.ndim else float(out)

        def hprime(v):
            w = np.asarray(h(v), dtype=float)
            d = 1e-6 * np.maximum(1.0, np.abs(w))
            left = np.maximum(w - d, floor)
            du = (np.vectorize(lambda x: float(u(x)))(w + d) -
                  np.vectorize(lambda x: float(u(x)))(left)) / (w + d - left)
            return 1.0 / du

        return cls(name, u, h, hprime, lower=lo, upper=math.inf, kind="custom")


@dataclass(frozen=True, eq=False, repr=False)
class ImplementationCost(Result):
    """Grossman–Hart step 1: the least expected wage bill that implements one action.

    Attributes
    ----------
    action : label
    feasible : bool
        False when no contract implements the action (``cost`` is then ``inf``).
    cost : float
        ``C(i) = sum_j F_ij h(v_j)``.
    utilities, wages : numpy.ndarray
        The optimal utility levels ``v_j`` and wages ``w_j = h(v_j)`` per outcome.
    first_best_cost : float
        ``h(U + c_i)``: the cost with observable effort (constant wage).
    agency_cost : float
        ``cost - first_best_cost``: the price of incentives under risk aversion.
    lam : float
        Multiplier of IR (``λ``).
    mu : dict
        Multiplier of IC against each other action (``μ_k``).
    bound_multipliers : numpy.ndarray
        Multipliers of the lower bound of the utility domain per outcome.
    method : str
        ``"closed form ..."`` or ``"numerical (SLSQP) ..."``.
    kkt_residual : float
        Largest violation of the KKT conditions (stationarity/feasibility) at the solution.
    converged : bool
        Whether the KKT conditions hold within tolerance (always True for closed forms).

    Examples
    --------
    >>> from contracts.agency.grossman_hart import GrossmanHart
    >>> gh = GrossmanHart({"H": [.25, .75], "L": [.75, .25]}, costs={"H": 1.0, "L": 0.0},
    ...                   rewards=[0, 20], reservation_utility=2.0)
    >>> c = gh.implementation_cost("L")
    >>> c.feasible, round(c.cost, 6), round(c.agency_cost, 6)
    (True, 4.0, 0.0)
    """

    action: Any
    feasible: bool
    cost: float
    utilities: Any = None
    wages: Any = None
    first_best_cost: float = math.nan
    agency_cost: float = math.nan
    lam: float = math.nan
    mu: Mapping = field(default_factory=dict)
    bound_multipliers: Any = None
    method: str = ""
    kkt_residual: float = math.nan
    converged: bool = True

    def __str__(self) -> str:
        if not self.feasible:
            return f"action {self.action!r} cannot be implemented"
        mus = ", ".join(f"μ[{k}] = {_fnum(v)}" for k, v in self.mu.items())
        return (f"implementing {self.action!r} costs {_fnum(self.cost)} (first best "
                f"{_fnum(self.first_best_cost)}, agency cost {_fnum(self.agency_cost)}); "
                f"utilities {_fvec(self.utilities)}, wages {_fvec(self.wages)}; λ = "
                f"{_fnum(self.lam)}" + (f", {mus}" if mus else "") + f" [{self.method}]")


def _utility_of(where: str, util: Any, risk_aversion: Any) -> Utility:
    """The :class:`Utility` named by ``util`` ('sqrt', 'cara', 'log', a callable or a Utility)."""
    if isinstance(util, Utility):
        return util
    if isinstance(util, str):
        key = util.lower()
        if key == "sqrt":
            return Utility.sqrt()
        if key == "log":
            return Utility.log()
        if key == "cara":
            if risk_aversion is None:
                raise InvalidParameterError(
                    f"{where}: utility='cara' needs parameter 'risk_aversion' (> 0)")
            return Utility.cara(risk_aversion)
        raise InvalidParameterError(
            f"{where}: parameter 'utility' = {util!r} is not one of 'sqrt', "
            "'cara', 'log', a callable or a Utility")
    if callable(util):
        return Utility.from_function(util)
    raise InvalidParameterError(
        f"{where}: parameter 'utility' must be 'sqrt', 'cara', 'log', a callable or a "
        f"Utility; got {util!r}")

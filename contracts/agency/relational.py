"""Relational (self-enforcing) contracts.

* :class:`LevinRelational` — Levin (2003) / MacLeod–Malcomson (1989) stationary relational
  contract with observable effort (deterministic output): effort ``e`` is self-enforcing iff
  ``c(e) <= delta/(1 - delta) (s(e) - s_bar)``; the largest such effort up to the first best is
  implemented, the discretionary bonus pays for it.
* :class:`LevinMoralHazard` — the same with unobservable effort, output ``Y`` with probability
  ``e`` (else 0), cost ``kappa e^2 / 2``: the one-step bonus ``b = kappa e`` must satisfy
  ``b <= delta/(1 - delta)(s(e) - s_bar)``; closed-form effort and thresholds in ``delta``.
* :class:`SubjectiveObjective` — a Baker–Gibbons–Murphy (1994)-type model: an explicit bonus on a distortable verifiable measure and an implicit bonus on
  the subjective evaluation; four regimes (first best, mixed, crowd-out, complementarity) and the
  *nominality index* ``b* / (b* + B*)``.

Timing conventions differ on purpose: Levin uses the discount factor ``delta``
(the future is worth ``delta/(1 - delta)`` per-period units); the BGM-type model uses an interest
rate ``r`` (the future is worth ``1/r``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import sympy as sp
from scipy.optimize import brentq, minimize_scalar

from .._deprecate import keyword_only
from .._validation import check_discount, check_positive, check_real
from ..exceptions import InvalidParameterError
from ..results import format_number
from ._result import ContractSolution
from ._relational_bgm import SubjectiveObjective

__all__ = ["LevinRelational", "LevinMoralHazard", "SubjectiveObjective"]


def _fnum(x) -> str:
    return format_number(x)


def _as_function(where: str, name: str, spec: Any) -> tuple[Callable, Any]:
    """A scalar function of effort from a callable or a sympy expression/string in ``e``."""
    if callable(spec) and not isinstance(spec, sp.Basic):
        return (lambda x: float(spec(x))), None
    e = sp.Symbol("e", real=True)
    try:
        expr = sp.sympify(spec, locals={"e": e})
    except (sp.SympifyError, TypeError) as exc:
        raise InvalidParameterError(f"{where}: parameter {name!r} = {spec!r} is neither callable "
                                    f"nor an expression in e: {exc}") from None
    if expr.free_symbols - {e}:
        raise InvalidParameterError(f"{where}: parameter {name!r} = {spec!r} may only involve the "
                                    f"effort e; found {sorted(map(str, expr.free_symbols))}")
    f = sp.lambdify(e, expr, "math")
    return (lambda x: float(f(x))), expr


def _largest_feasible(g: Callable[[float], float], lo: float, hi: float, n: int = 2000):
    """Largest ``x`` in ``(lo, hi]`` with ``g(x) >= 0`` (None if there is none), by a grid scan
    refined by root finding at the last sign change."""
    xs = np.linspace(lo, hi, n + 1)
    vals = np.array([g(x) for x in xs])
    if vals[-1] >= 0:
        return hi
    pos = np.nonzero(vals[1:] >= 0)[0] + 1
    if pos.size == 0:
        # possibly a feasible sliver between grid points: look at the best local maximum
        k = int(np.argmax(vals[1:])) + 1
        a, b = xs[k - 1], xs[min(k + 1, n)]
        res = minimize_scalar(lambda x: -g(x), bounds=(a, b), method="bounded",
                              options={"xatol": 1e-14})
        x = float(res.x)
        if x <= lo or g(x) < 0:
            return None
        return float(brentq(g, x, b, xtol=1e-15))
    k = int(pos[-1])               # g(xs[k]) >= 0 > g(xs[k + 1])
    return float(brentq(g, xs[k], xs[k + 1], xtol=1e-15, rtol=1e-15))


def _delta_from_k(k: float) -> float:
    return k / (1 + k)


# ----------------------------------------------------------------------------------------------
# Levin, observable effort
# ----------------------------------------------------------------------------------------------

@keyword_only(0)
@dataclass(frozen=True, eq=False)
class LevinRelational:
    """Stationary relational contract with observable effort (Levin 2003; MacLeod–Malcomson 1989).

    Each period the principal pays a fixed wage and promises a discretionary bonus; effort ``e``
    yields (observable, non-verifiable) value ``value(e)`` at cost ``cost(e)``; after any
    deviation both parties take their outside options (joint value ``outside_surplus`` = s̄ per
    period). Effort ``e`` is self-enforcing iff the bonus that pays for it is credible:
    ``cost(e) <= delta/(1 - delta) * (value(e) - cost(e) - s̄)``.

    Parameters
    ----------
    discount : float
        Discount factor ``delta`` in (0, 1).
    outside_surplus : float, default 0
        ``s̄ = ū + π̄``, the parties' joint per-period outside options.
    value, cost : str, sympy expression or callable
        Functions of effort ``e`` (strings are parsed by sympy in the symbol ``e``).
        Defaults ``"e"`` and ``"e**2/2"``.
    max_effort : float, optional
        Upper end of the effort range (default: large enough to contain the first best).

    Examples
    --------
    >>> sol = LevinRelational(discount=0.3).solve()
    >>> round(sol.extra["effort"], 12), round(sol.extra["bonus"], 12)
    (0.6, 0.18)
    """

    discount: float
    outside_surplus: float = 0.0
    value: Any = "e"
    cost: Any = "e**2/2"
    max_effort: float | None = None
    _v: Callable = field(init=False, repr=False, compare=False)
    _c: Callable = field(init=False, repr=False, compare=False)
    _efb: float = field(init=False, repr=False, compare=False)
    _exprs: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        w = "LevinRelational"
        object.__setattr__(self, "discount", float(check_discount(w, self.discount)))
        object.__setattr__(self, "outside_surplus",
                           float(check_real(w, "outside_surplus", self.outside_surplus)))
        v, vexpr = _as_function(w, "value", self.value)
        c, cexpr = _as_function(w, "cost", self.cost)
        object.__setattr__(self, "_exprs", (vexpr, cexpr))
        if self.max_effort is not None:
            object.__setattr__(self, "max_effort",
                               float(check_positive(w, "max_effort", self.max_effort)))
        try:
            c0, v0 = c(0.0), v(0.0)
        except (ValueError, ZeroDivisionError, OverflowError) as exc:
            raise InvalidParameterError(f"{w}: value/cost cannot be evaluated at e = 0: {exc}") \
                from None
        if c0 < -1e-12 or not math.isfinite(c0) or not math.isfinite(v0):
            raise InvalidParameterError(f"{w}: parameter 'cost' must be non-negative and finite "
                                        f"(cost(0) = {c0}, value(0) = {v0})")
        object.__setattr__(self, "_v", v)
        object.__setattr__(self, "_c", c)
        object.__setattr__(self, "_efb", self._first_best_effort())

    @property
    def k(self) -> float:
        """``delta / (1 - delta)``: present value of one unit per period from next period on."""
        return self.discount / (1 - self.discount)

    def surplus(self, e: float) -> float:
        """Per-period joint surplus ``s(e) = value(e) - cost(e)``.

        Parameters
        ----------
        e : float
            The agent's effort.

        Returns
        -------
        float
            The joint surplus of one period.
        """
        return self._v(e) - self._c(e)

    def _first_best_effort(self) -> float:
        hi = self.max_effort
        if hi is None:
            hi = 1.0
            while self.surplus(2 * hi) > self.surplus(hi) and hi < 1e8:
                hi *= 2
            hi *= 2
        xs = np.linspace(0, hi, 401)
        vals = [self.surplus(x) for x in xs]
        j = int(np.argmax(vals))
        a, b = xs[max(j - 1, 0)], xs[min(j + 1, len(xs) - 1)]
        res = minimize_scalar(lambda x: -self.surplus(x), bounds=(a, b), method="bounded",
                              options={"xatol": 1e-13})
        e = float(res.x) if -res.fun >= vals[j] else float(xs[j])
        if self.surplus(e) < 0 and self.surplus(0.0) >= self.surplus(e):
            e = 0.0
        return e

    def enforcement_slack(self, e: float) -> float:
        """``delta/(1-delta)(s(e) - s̄) - cost(e)``: non-negative iff ``e`` is self-enforcing.

        Parameters
        ----------
        e : float
            The agent's effort.

        Returns
        -------
        float
            The slack of the dynamic enforcement constraint.
        """
        return self.k * (self.surplus(e) - self.outside_surplus) - self._c(e)

    @property
    def delta_first_best(self) -> float | None:
        """Smallest discount factor at which the first best is self-enforcing (None if the first
        best does not beat the outside options)."""
        efb = self._efb
        gap = self.surplus(efb) - self.outside_surplus
        if gap <= 0:
            return None
        return _delta_from_k(self._c(efb) / gap)

    @property
    def delta_min(self) -> float | None:
        """Infimum of discount factors at which some positive effort is self-enforcing."""
        efb, sbar = self._efb, self.outside_surplus
        if efb <= 0 or self.surplus(efb) <= sbar:
            return None
        xs = np.linspace(efb * 1e-9, efb, 2001)
        ratio = [self._c(x) / (self.surplus(x) - sbar) if self.surplus(x) > sbar else math.inf
                 for x in xs]
        j = int(np.argmin(ratio))
        a, b = xs[max(j - 1, 0)], xs[min(j + 1, len(xs) - 1)]
        res = minimize_scalar(lambda x: self._c(x) / (self.surplus(x) - sbar)
                              if self.surplus(x) > sbar else 1e300, bounds=(a, b),
                              method="bounded", options={"xatol": 1e-14})
        kmin = max(0.0, min(ratio[j], float(res.fun)))
        vexpr, cexpr = self._exprs
        if vexpr is not None and cexpr is not None and self.surplus(0.0) >= sbar:
            # the infimum may be the limit e -> 0+ (e.g. 0 when c'(0) = 0 and s(0) = s̄)
            e = sp.Symbol("e", real=True)
            try:
                lim = sp.limit(cexpr / (vexpr - cexpr - sp.nsimplify(sbar)), e, 0, "+")
                if lim.is_real and lim.is_finite and float(lim) >= 0:
                    kmin = min(kmin, float(lim))
            except (NotImplementedError, TypeError, ValueError):  # pragma: no cover
                pass
        return _delta_from_k(kmin)

    def solve(self) -> ContractSolution:
        """The largest self-enforcing effort (capped at the first best) and the bonus paying for
        it.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"bonus": c(e*), "max_credible_bonus": k (s(e*) - s̄)}``;
            ``implemented_action``: effort; ``principal_value``: joint surplus ``s(e*)``
            (split by the fixed wage); ``extra``: ``feasible``, ``effort``, ``bonus``,
            ``bonus_range``, ``surplus``, ``k``, ``first_best_effort``, ``delta_first_best``,
            ``delta_min``.
        """
        efb = self._efb
        e = _largest_feasible(self.enforcement_slack, 0.0, efb) if efb > 0 else None
        feasible = e is not None and e > 1e-12 and self.surplus(e) >= self.outside_surplus - 1e-12
        if not feasible:
            e = 0.0
        bonus = self._c(e)
        top = self.k * (self.surplus(e) - self.outside_surplus)
        fb = feasible and abs(e - efb) <= 1e-9 * (1 + efb)
        binding = () if (fb and self.enforcement_slack(e) > 1e-9) or not feasible else (
            "dynamic enforcement (the principal's temptation to renege)",)
        dfb = self.delta_first_best
        extra = {"feasible": feasible, "effort": e, "bonus": bonus,
                 "bonus_range": (bonus, top) if feasible else None, "surplus": self.surplus(e),
                 "k": self.k, "first_best_effort": efb, "first_best_surplus": self.surplus(efb),
                 "delta_first_best": dfb, "delta_min": self.delta_min,
                 "first_best": fb}
        if not feasible:
            report = (f"With discount factor {_fnum(self.discount)} no positive effort is "
                      f"self-enforcing: the future surplus at stake is too small to make a bonus "
                      "credible; the parties take their outside options.")
        else:
            report = (f"With discount factor {_fnum(self.discount)} the relationship sustains "
                      f"effort {_fnum(e)} (first best {_fnum(efb)}"
                      + (f", reached from delta = {_fnum(dfb)}" if dfb is not None else "")
                      + f"). The promised bonus {_fnum(bonus)} pays exactly for the effort and is "
                      f"credible up to {_fnum(top)}, the future surplus the principal would lose "
                      f"by reneging. Joint surplus {_fnum(self.surplus(e))} per period; "
                      + ("the dynamic-enforcement constraint binds." if binding else
                         "enforcement does not bind (first best)."))
        return ContractSolution({"bonus": bonus, "max_credible_bonus": top if feasible else 0.0},
                                e, self.surplus(e), 0.0, binding, None, extra, report)


# ----------------------------------------------------------------------------------------------
# Levin, moral hazard with binary output
# ----------------------------------------------------------------------------------------------

@keyword_only(0)
@dataclass(frozen=True)
class LevinMoralHazard:
    """Relational contract with unobservable effort and binary output (Levin 2003).

    Output is ``Y`` with probability ``e`` and 0 otherwise; the agent's cost is ``kappa e^2/2``;
    the bonus ``b`` is paid on success (one-step bonus), so the agent chooses ``e = b / kappa``.
    The bonus is credible iff ``b <= delta/(1 - delta)(e Y - kappa e^2/2 - s̄)``. With ``s̄ = 0``:
    ``e* = min(Y/kappa, 2Y/kappa - 2(1 - delta)/delta)``, positive iff
    ``delta > kappa/(kappa + Y)``, first best iff ``delta >= 2 kappa/(2 kappa + Y)``.

    Parameters
    ----------
    discount : float
        In (0, 1).
    Y : float
        Value of a success (> 0).
    kappa : float
        Cost curvature (> 0). Effort is a probability, so it is capped at 1.
    outside_surplus : float, default 0
        ``s̄``.

    Examples
    --------
    >>> sol = LevinMoralHazard(discount=0.6, Y=1, kappa=1).solve()
    >>> round(sol.extra["effort"], 12), round(sol.extra["agent_rent"], 12)
    (0.666666666667, 0.222222222222)
    """

    discount: float
    Y: float
    kappa: float
    outside_surplus: float = 0.0

    def __post_init__(self):
        w = "LevinMoralHazard"
        object.__setattr__(self, "discount", float(check_discount(w, self.discount)))
        object.__setattr__(self, "Y", float(check_positive(w, "Y", self.Y)))
        object.__setattr__(self, "kappa", float(check_positive(w, "kappa", self.kappa)))
        object.__setattr__(self, "outside_surplus",
                           float(check_real(w, "outside_surplus", self.outside_surplus)))

    @property
    def k(self) -> float:
        """``delta / (1 - delta)``, the weight of the future relative to one period."""
        return self.discount / (1 - self.discount)

    @property
    def first_best_effort(self) -> float:
        """The effort that maximises joint surplus, ``min(1, Y / kappa)``."""
        return min(1.0, self.Y / self.kappa)

    def surplus(self, e: float) -> float:
        """Per-period joint surplus ``e Y - kappa e^2 / 2``.

        Parameters
        ----------
        e : float
            The agent's effort (success probability).

        Returns
        -------
        float
            The joint surplus.
        """
        return e * self.Y - self.kappa * e ** 2 / 2

    def enforcement_slack(self, e: float) -> float:
        """``k (s(e) - s̄) - kappa e``: non-negative iff the bonus for ``e`` is credible.

        Parameters
        ----------
        e : float
            The agent's effort (success probability).

        Returns
        -------
        float
            The slack of the dynamic enforcement constraint.
        """
        return self.k * (self.surplus(e) - self.outside_surplus) - self.kappa * e

    def _roots(self, k: float):
        """Roots of ``k kappa e^2/2 + (kappa - k Y) e + k s̄ = 0`` (None if complex)."""
        a, b, c = k * self.kappa / 2, self.kappa - k * self.Y, k * self.outside_surplus
        disc = b * b - 4 * a * c
        if disc < 0:
            return None
        sq = math.sqrt(disc)
        return ((-b - sq) / (2 * a), (-b + sq) / (2 * a))

    @property
    def delta_first_best(self) -> float | None:
        """The smallest discount factor that sustains first-best effort (None if none does)."""
        efb = self.first_best_effort
        gap = self.surplus(efb) - self.outside_surplus
        return None if gap <= 0 else _delta_from_k(self.kappa * efb / gap)

    @property
    def delta_min(self) -> float | None:
        """Infimum of the discount factors with a positive self-enforcing effort."""
        efb, sbar = self.first_best_effort, self.outside_surplus
        if self.surplus(efb) <= sbar:
            return None
        if sbar <= 0:
            # ratio kappa e/(s(e) - s̄) is increasing in e: its infimum is at e -> 0
            kmin = self.kappa / self.Y if sbar == 0 else 0.0
            return _delta_from_k(kmin)
        # s̄ > 0: minimise kappa e / (e Y - kappa e^2/2 - s̄) where the denominator is positive
        lo = (self.Y - math.sqrt(max(0.0, self.Y ** 2 - 2 * self.kappa * sbar))) / self.kappa
        res = minimize_scalar(lambda e: self.kappa * e / (self.surplus(e) - sbar)
                              if self.surplus(e) > sbar else 1e300,
                              bounds=(lo, efb), method="bounded", options={"xatol": 1e-14})
        # closed form: minimiser e = sqrt(2 s̄ / kappa) when inside the range
        cands = [float(res.x), efb]
        e0 = math.sqrt(2 * sbar / self.kappa)
        if lo < e0 <= efb:
            cands.append(e0)
        kmin = min(self.kappa * e / (self.surplus(e) - sbar) for e in cands
                   if self.surplus(e) > sbar)
        return _delta_from_k(kmin)

    def solve(self) -> ContractSolution:
        """Largest self-enforcing effort, its bonus and the agent's rent.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"bonus": kappa e*}`` paid on success; ``principal_value``: the
            principal's per-period payoff ``e* (Y - b)`` (fixed wage 0, limited liability);
            ``agent_rent``: ``e* b - kappa e*^2/2``; ``extra``: ``feasible``, ``effort``,
            ``bonus``, ``surplus``, ``agent_rent``, ``first_best_effort``, ``delta_min``,
            ``delta_first_best``.
        """
        efb = self.first_best_effort
        roots = self._roots(self.k)
        e = 0.0
        feasible = False
        if roots is not None:
            lo, hi = roots
            top = min(efb, hi)
            if top > 1e-14 and lo <= top + 1e-14 and self.enforcement_slack(top) >= -1e-12:
                e, feasible = top, True
        b = self.kappa * e
        rent = e * b - self.kappa * e ** 2 / 2
        s = self.surplus(e)
        fb = feasible and abs(e - efb) <= 1e-12
        binding = ("dynamic enforcement (bonus credibility)",) if feasible and (
            abs(self.enforcement_slack(e)) <= 1e-9) else ()
        dmin, dfb = self.delta_min, self.delta_first_best
        extra = {"feasible": feasible, "effort": e, "bonus": b, "surplus": s, "agent_rent": rent,
                 "principal_payoff": e * self.Y - e * b, "k": self.k, "first_best_effort": efb,
                 "first_best": fb, "delta_min": dmin, "delta_first_best": dfb}
        if not feasible:
            report = (f"With discount factor {_fnum(self.discount)} no positive effort is "
                      f"self-enforcing (needs delta > {_fnum(dmin) if dmin is not None else '-'}): "
                      "any bonus large enough to motivate effort would be reneged on.")
        else:
            report = (f"With discount factor {_fnum(self.discount)} the principal promises a "
                      f"bonus {_fnum(b)} on success and the agent chooses effort {_fnum(e)} "
                      f"(first best {_fnum(efb)}, self-enforcing from delta = {_fnum(dfb)}). "
                      + ("The bonus-credibility (dynamic enforcement) constraint binds. "
                         if binding else "Enforcement does not bind. ")
                      + f"Joint surplus {_fnum(s)} per period; the agent earns a rent of "
                      f"{_fnum(rent)} (limited liability), the principal {_fnum(e * self.Y - e * b)}.")
        return ContractSolution({"bonus": b}, e, e * self.Y - e * b, rent, binding, None, extra,
                                report)


# ----------------------------------------------------------------------------------------------
# subjective and objective measures (BGM-type)
# ----------------------------------------------------------------------------------------------

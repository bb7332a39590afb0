"""Adverse selection: screening menus.

* :class:`TwoTypeScreening` — Laffont–Martimort (2002, ch. 2) in the procurement framing: the
  government buys ``q`` from an agency whose marginal cost is ``theta_low`` (probability
  ``prob_low``) or ``theta_high``; no distortion at the top, downward distortion of the
  inefficient type, its shutdown when serving it is not worth the efficient type's rent.
* :class:`ScreeningNType` — discrete Mussa–Rosen (sale framing, type utility ``theta q - t``,
  cost ``c(q)``): virtual values, ironing by pool-adjacent-violators (weighted isotonic
  regression), rents from the downward-adjacent IC constraints.
* :class:`ContinuousScreening` — continuous types (uniform by default, or any density given as a
  sympy expression in ``theta`` with a monotone virtual value), quadratic cost; sympy closed
  forms for ``q(theta)``, ``t(theta)``, profit and consumer surplus.
* :class:`Menu` and :func:`check_incentive_compatibility` — every pairwise IC and every IR of a
  menu, whatever produced it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
import sympy as sp
from scipy.optimize import brentq, minimize

from .._deprecate import keyword_only
from .._result import Result
from .._validation import check_real
from ..exceptions import InvalidParameterError, UnsupportedGameError
from ..results import format_number
from ._result import ContractSolution

__all__ = ["Menu", "ICReport", "check_incentive_compatibility", "TwoTypeScreening",
           "ScreeningNType", "ContinuousScreening", "pool_adjacent_violators"]


def _fnum(x) -> str:
    return format_number(x)


def _fvec(v) -> str:
    return "(" + ", ".join(_fnum(x) for x in v) + ")"


# ----------------------------------------------------------------------------------------------
# menus and the IC check
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False, repr=False)
class Menu(Result):
    """A menu of contracts ``(quantity_i, transfer_i)``, one per type.

    Parameters
    ----------
    types : sequence of float
        The agent's type (marginal cost in procurement, marginal valuation in a sale).
    quantities, transfers : sequence of float
        The contract meant for each type.
    framing : {"procurement", "sale"}
        Procurement: the agent (seller) gets ``t - theta q``; sale: the agent (buyer) gets
        ``theta q - t``.
    reservation : float, default 0
        Every type's outside option.

    Examples
    --------
    >>> m = Menu(types=[1, 2], quantities=[9, 7], transfers=[16, 14])
    >>> m.rents
    array([7., 0.])
    >>> check_incentive_compatibility(m).ok
    True
    """

    types: Any
    quantities: Any
    transfers: Any
    framing: str = "procurement"
    reservation: float = 0.0

    def __post_init__(self):
        w = "Menu"
        th = np.array(self.types, dtype=float).ravel()
        q = np.array(self.quantities, dtype=float).ravel()
        t = np.array(self.transfers, dtype=float).ravel()
        if th.size == 0:
            raise InvalidParameterError(f"{w}: the menu must contain at least one type")
        if q.shape != th.shape or t.shape != th.shape:
            raise InvalidParameterError(
                f"{w}: {th.size} types but {q.size} quantities and {t.size} transfers; expected "
                "one contract per type")
        for nm, a in (("types", th), ("quantities", q), ("transfers", t)):
            if not np.all(np.isfinite(a)):
                raise InvalidParameterError(f"{w}: parameter {nm!r} must be finite, got {a}")
            a.setflags(write=False)
        if self.framing not in ("procurement", "sale"):
            raise InvalidParameterError(f"{w}: parameter 'framing' = {self.framing!r} is not "
                                        "'procurement' or 'sale'")
        object.__setattr__(self, "types", th)
        object.__setattr__(self, "quantities", q)
        object.__setattr__(self, "transfers", t)
        object.__setattr__(self, "reservation", float(check_real(w, "reservation",
                                                                 self.reservation)))

    def __len__(self) -> int:
        return self.types.size

    def utility(self, agent_type: int, contract: int) -> float:
        """Utility of type ``agent_type`` (index) choosing the contract meant for ``contract``.

        Parameters
        ----------
        agent_type : int
            Index of the type whose utility is computed.
        contract : int
            Index of the type the chosen contract is meant for.

        Returns
        -------
        float
            The transfer minus the type's cost (or value minus payment in the sale framing).
        """
        th, q, t = self.types[agent_type], self.quantities[contract], self.transfers[contract]
        return float(t - th * q) if self.framing == "procurement" else float(th * q - t)

    def utilities(self) -> np.ndarray:
        """Matrix ``U[i, j]``: type i's utility from contract j.

        Returns
        -------
        numpy.ndarray, shape (n_types, n_types)
            Every type's utility from every contract.
        """
        th, q, t = self.types[:, None], self.quantities[None, :], self.transfers[None, :]
        return t - th * q if self.framing == "procurement" else th * q - t

    @property
    def rents(self) -> np.ndarray:
        """Each type's utility from its own contract, above the outside option."""
        return np.diag(self.utilities()) - self.reservation

    def __str__(self) -> str:
        rows = [f"type {_fnum(th)}: q = {_fnum(q)}, t = {_fnum(t)}, rent {_fnum(u)}"
                for th, q, t, u in zip(self.types, self.quantities, self.transfers, self.rents)]
        return f"menu ({self.framing}):\n  " + "\n  ".join(rows)


@dataclass(frozen=True, repr=False)
class ICReport(Result):
    """Result of :func:`check_incentive_compatibility`.

    ``violations`` lists ``(i, j, gain)``: type ``i`` gains ``gain`` by taking ``j``'s contract;
    ``ir_violations`` lists ``(i, shortfall)``; ``binding_ic`` lists pairs ``(i, j)`` where type
    ``i`` is indifferent to ``j``'s contract (j ≠ i, different contracts). Truthy iff ``ok``.

    Attributes
    ----------
    ok : bool
        Whether every incentive and participation constraint holds.
    violations : tuple of (int, int, float)
        Violated incentive constraints ``(i, j, gain)``.
    ir_violations : tuple of (int, float)
        Violated participation constraints ``(i, shortfall)``.
    binding_ic : tuple of (int, int)
        Incentive constraints that hold with equality.
    binding_ir : tuple of int
        Types whose participation constraint holds with equality.
    max_gain : float
        The largest gain from mimicking another type (0 when none).

    Examples
    --------
    >>> rep = check_incentive_compatibility(Menu(types=[1, 2], quantities=[9, 7],
    ...                                          transfers=[10, 14]))
    >>> bool(rep), len(rep.violations)
    (False, 1)
    """

    ok: bool
    violations: tuple = ()
    ir_violations: tuple = ()
    binding_ic: tuple = ()
    binding_ir: tuple = ()
    max_gain: float = 0.0

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return ("every pairwise IC and IR holds"
                    + (f"; binding IC {list(self.binding_ic)}" if self.binding_ic else "")
                    + (f"; binding IR for types {list(self.binding_ir)}" if self.binding_ir else ""))
        parts = [f"type {i} gains {_fnum(g)} by mimicking type {j}" for i, j, g in self.violations]
        parts += [f"type {i} falls {_fnum(s)} short of its outside option"
                  for i, s in self.ir_violations]
        return "; ".join(parts)


def check_incentive_compatibility(menu: Menu, tol: float = 1e-9) -> ICReport:
    """Check every pairwise incentive constraint and every participation constraint.

    Parameters
    ----------
    menu : Menu
        The contracts offered, one per type.
    tol : float
        Relative tolerance: a gain ``g`` is a violation when ``g > tol * (1 + |U_ii|)``.

    Returns
    -------
    ICReport
        The violated and the binding constraints; truthy iff the menu is incentive compatible.

    Examples
    --------
    >>> bad = Menu(types=[1, 2], quantities=[9, 7], transfers=[10, 14])
    >>> rep = check_incentive_compatibility(bad)
    >>> rep.ok, rep.violations[0][:2]
    (False, (0, 1))
    """
    if not isinstance(menu, Menu):
        raise InvalidParameterError(f"check_incentive_compatibility: expected a Menu, got "
                                    f"{type(menu).__name__}")
    U = menu.utilities()
    n = len(menu)
    viol, bind, irv, irb = [], [], [], []
    worst = 0.0
    for i in range(n):
        own = U[i, i]
        eps = tol * (1 + abs(own))
        for j in range(n):
            if j == i:
                continue
            gain = U[i, j] - own
            worst = max(worst, gain)
            if gain > eps:
                viol.append((i, j, float(gain)))
            elif abs(gain) <= eps and not (menu.quantities[i] == menu.quantities[j]
                                           and menu.transfers[i] == menu.transfers[j]):
                bind.append((i, j))
        short = menu.reservation - own
        worst = max(worst, short)
        if short > eps:
            irv.append((i, float(short)))
        elif abs(short) <= eps:
            irb.append(i)
    return ICReport(not viol and not irv, tuple(viol), tuple(irv), tuple(bind), tuple(irb),
                    float(worst))


# ----------------------------------------------------------------------------------------------
# helpers: concave value / convex cost
# ----------------------------------------------------------------------------------------------

def _derivative(f: Callable, x: float) -> float:
    h = 1e-6 * max(1.0, abs(x))
    lo = max(0.0, x - h)
    return (f(x + h) - f(lo)) / (x + h - lo)


def _argmax_concave(marginal: Callable[[float], float], price: float) -> float:
    """``argmax_{q >= 0}`` of a concave objective whose derivative is ``marginal(q) - price``."""
    if marginal(0.0) - price <= 0:
        return 0.0
    hi = 1.0
    while marginal(hi) - price > 0:
        hi *= 2
        if hi > 1e12:
            raise InvalidParameterError(
                "screening: the value function never falls to the marginal cost; is it concave?")
    return float(brentq(lambda q: marginal(q) - price, 0.0, hi, xtol=1e-13, rtol=1e-14))


def pool_adjacent_violators(values: Sequence[float], weights: Sequence[float]) -> np.ndarray:
    """Weighted isotonic (non-decreasing) regression by pool-adjacent-violators.

    Minimises ``sum_i w_i (x_i - values_i)^2`` over non-decreasing ``x``: adjacent blocks that
    violate monotonicity are merged into their weighted mean.

    Parameters
    ----------
    values : sequence of float
        The values to make non-decreasing (e.g. virtual values).
    weights : sequence of float
        Positive weights (e.g. type probabilities).

    Returns
    -------
    numpy.ndarray
        The non-decreasing sequence closest to ``values`` in weighted least squares.

    Examples
    --------
    >>> pool_adjacent_violators([1.5, -1, 5], [.4, .1, .5])
    array([1., 1., 5.])
    """
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if v.shape != w.shape or v.ndim != 1:
        raise InvalidParameterError("pool_adjacent_violators: 'values' and 'weights' must be "
                                    f"vectors of the same length, got {v.shape} and {w.shape}")
    if np.any(w <= 0):
        raise InvalidParameterError("pool_adjacent_violators: weights must be positive")
    blocks: list[list] = []   # [mean, weight, count]
    for x, wt in zip(v, w):
        blocks.append([x, wt, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    return np.concatenate([np.full(c, m) for m, _, c in blocks])


# ----------------------------------------------------------------------------------------------
# two types, procurement
# ----------------------------------------------------------------------------------------------

@keyword_only(2)
@dataclass(frozen=True, eq=False)
class TwoTypeScreening:
    """Two-type procurement screening (Laffont–Martimort 2002, ch. 2).

    The government values quantity ``q`` at ``S(q)``; the agency's marginal cost is ``theta_low``
    with probability ``prob_low`` and ``theta_high`` otherwise; agency utility ``t - theta q``,
    outside option 0. The optimal menu: ``S'(q_L) = theta_L`` (no distortion at the top),
    ``S'(q_H) = theta_H + prob_low/(1 - prob_low) * (theta_H - theta_L)`` (downward distortion);
    the efficient type earns the information rent ``(theta_H - theta_L) q_H``; the inefficient type
    is shut down (``q_H = 0``) when ``S'(0)`` does not exceed its virtual cost.

    Parameters
    ----------
    theta_low, theta_high : float
        Marginal costs, ``0 <= theta_low < theta_high``.
    prob_low : float
        Probability of the efficient (low-cost) type, in (0, 1).
    value : float or callable, default 10
        A number ``A`` means ``S(q) = A q - q^2 / 2``; a callable is any increasing concave
        ``S(q)`` for ``q >= 0``.

    Examples
    --------
    >>> sol = TwoTypeScreening(theta_low=1, theta_high=2, prob_low=0.5, value=10).solve()
    >>> sol.extra["q"], sol.extra["t"], sol.principal_value
    ((9.0, 7.0), (16.0, 14.0), 32.5)
    """

    theta_low: float
    theta_high: float
    prob_low: float
    value: Any = 10.0

    def __post_init__(self):
        w = "TwoTypeScreening"
        lo = float(check_real(w, "theta_low", self.theta_low, low=0))
        hi = float(check_real(w, "theta_high", self.theta_high, low=lo, low_open=True))
        nu = float(check_real(w, "prob_low", self.prob_low, low=0, high=1, low_open=True,
                              high_open=True))
        if callable(self.value):
            S = self.value
            try:
                vals = [float(S(q)) for q in (0.0, 1.0, 2.0)]
            except Exception as exc:  # noqa: BLE001
                raise InvalidParameterError(f"{w}: parameter 'value' could not be evaluated: "
                                            f"{exc}") from None
            if not all(math.isfinite(v) for v in vals) or vals[1] - vals[0] < vals[2] - vals[1] - 1e-9:
                raise InvalidParameterError(f"{w}: parameter 'value' must be a finite concave "
                                            f"function of q; found S(0), S(1), S(2) = {vals}")
        else:
            A = float(check_real(w, "value", self.value, low=0, low_open=True))
            object.__setattr__(self, "value", A)
        object.__setattr__(self, "theta_low", lo)
        object.__setattr__(self, "theta_high", hi)
        object.__setattr__(self, "prob_low", nu)

    def S(self, q: float) -> float:
        """The government's value of quantity ``q``.

        Parameters
        ----------
        q : float
            The quantity of service.

        Returns
        -------
        float
            Its value to the government.
        """
        if callable(self.value):
            return float(self.value(q))
        return self.value * q - q ** 2 / 2

    def _best_q(self, price: float) -> float:
        if callable(self.value):
            return _argmax_concave(lambda q: _derivative(self.value, q), price)
        return max(0.0, self.value - price)

    @property
    def virtual_cost_high(self) -> float:
        """``theta_H + prob_low/(1 - prob_low) (theta_H - theta_L)``."""
        nu = self.prob_low
        return self.theta_high + nu / (1 - nu) * (self.theta_high - self.theta_low)

    def first_best(self) -> dict:
        """Quantities and expected welfare with the cost observed.

        Returns
        -------
        dict
            ``{"q": (q_low, q_high), "welfare": W}``: the first-best quantity of the low-
            and the high-cost type and the expected welfare.
        """
        qL, qH = self._best_q(self.theta_low), self._best_q(self.theta_high)
        nu = self.prob_low
        W = nu * (self.S(qL) - self.theta_low * qL) + (1 - nu) * (self.S(qH) - self.theta_high * qH)
        return {"q": (qL, qH), "welfare": W}

    def menu(self) -> Menu:
        """The optimal menu (procurement framing).

        Returns
        -------
        Menu
            The quantity and transfer meant for each cost type.
        """
        sol = self.solve()
        return sol.contract

    def solve(self) -> ContractSolution:
        """The optimal screening menu.

        Returns
        -------
        ContractSolution
            ``contract``: the :class:`Menu`; ``principal_value``: expected welfare of the
            government ``nu (S(q_L) - t_L) + (1 - nu)(S(q_H) - t_H)``; ``agent_rent``: the expected
            rent; ``extra``: ``q``, ``t``, ``rents``, ``shutdown_high``, ``first_best_q``,
            ``first_best_welfare``, ``virtual_cost_high``, ``ic``.
        """
        nu, lo, hi = self.prob_low, self.theta_low, self.theta_high
        dth = hi - lo
        qL = self._best_q(lo)
        qH = self._best_q(self.virtual_cost_high)
        shutdown = qH <= 0
        if shutdown:
            qH = 0.0
        rent_L = dth * qH
        tL, tH = lo * qL + rent_L, hi * qH
        W = nu * (self.S(qL) - tL) + (1 - nu) * (self.S(qH) - tH)
        fb = self.first_best()
        menu = Menu([lo, hi], [qL, qH], [tL, tH], framing="procurement")
        ic = check_incentive_compatibility(menu)
        binding = ["IR of the inefficient type (theta_H)"]
        if not shutdown:
            binding.insert(0, "IC of the efficient type (theta_L) against theta_H's contract")
        expected_rent = nu * rent_L
        report = (f"The government buys q = {_fnum(qL)} from an efficient agency (cost "
                  f"{_fnum(lo)}) for {_fnum(tL)}, undistorted; ")
        if shutdown:
            report += (f"the inefficient agency (cost {_fnum(hi)}) is shut down: its virtual cost "
                       f"{_fnum(self.virtual_cost_high)} exceeds the marginal value of the first "
                       f"unit, so serving it is not worth the rent it would hand the efficient "
                       f"type. ")
        else:
            report += (f"the inefficient agency (cost {_fnum(hi)}) supplies {_fnum(qH)} for "
                       f"{_fnum(tH)} (first best {_fnum(fb['q'][1])}: distorted downward to cut "
                       f"the efficient type's rent). ")
        report += (("The efficient type's IC and the inefficient type's IR bind; " if not shutdown
                    else "The inefficient type's IR binds; ")
                   + f"the efficient type earns an information rent of {_fnum(rent_L)}. "
                   f"Expected welfare {_fnum(W)} (first best {_fnum(fb['welfare'])}).")
        return ContractSolution(
            contract=menu, implemented_action={"q_low": qL, "q_high": qH},
            principal_value=W, agent_rent=expected_rent, binding=tuple(binding), duals=None,
            extra={"q": (qL, qH), "t": (tL, tH), "rents": (rent_L, 0.0), "shutdown_high": shutdown,
                   "first_best_q": fb["q"], "first_best_welfare": fb["welfare"],
                   "virtual_cost_high": self.virtual_cost_high, "ic": ic},
            report=report)


# ----------------------------------------------------------------------------------------------
# n types (discrete Mussa–Rosen, sale framing)
# ----------------------------------------------------------------------------------------------

@keyword_only(2)
@dataclass(frozen=True, eq=False)
class ScreeningNType:
    """Discrete Mussa–Rosen screening with ironing (sale framing).

    Types ``theta_1 < ... < theta_n`` with probabilities ``probs``; a type-``theta`` agent gets
    ``theta q - t``; the principal's cost of quality/quantity ``q`` is ``c(q)`` (default
    ``q^2 / 2``). Virtual values ``phi_i = theta_i - (theta_{i+1} - theta_i)(1 - F_i)/f_i``
    are ironed by weighted isotonic regression (pool-adjacent-violators, weights ``f``) and
    ``c'(q_i) = max(c'(0), phi_bar_i)``. Rents accumulate along the binding downward-adjacent IC
    constraints.

    Parameters
    ----------
    theta : sequence of float
        Strictly increasing types.
    probs : sequence of float
        Positive probabilities summing to 1.
    cost : callable, optional
        Convex cost ``c(q)`` with ``c(0) = 0``; default ``q^2 / 2``.
    marginal_cost : callable, optional
        ``c'(q)`` (numerical derivative of ``cost`` if omitted).

    Examples
    --------
    >>> sol = ScreeningNType(theta=[3, 4, 5], probs=[.4, .1, .5]).solve()
    >>> sol.extra["q"], sol.extra["ironing_applied"]
    (array([1., 1., 5.]), True)
    """

    theta: Any
    probs: Any
    cost: Callable | None = None
    marginal_cost: Callable | None = None

    def __post_init__(self):
        w = "ScreeningNType"
        th = np.array(self.theta, dtype=float).ravel()
        f = np.array(self.probs, dtype=float).ravel()
        if th.size == 0:
            raise InvalidParameterError(f"{w}: parameter 'theta' must list at least one type")
        if f.shape != th.shape:
            raise InvalidParameterError(f"{w}: parameter 'probs' has {f.size} entries; expected "
                                        f"{th.size} (one per type)")
        if not np.all(np.isfinite(th)) or np.any(np.diff(th) <= 0):
            raise InvalidParameterError(f"{w}: parameter 'theta' must be finite and strictly "
                                        f"increasing, got {th.tolist()}")
        if not np.all(np.isfinite(f)) or np.any(f <= 0) or abs(f.sum() - 1) > 1e-9:
            raise InvalidParameterError(f"{w}: parameter 'probs' must be positive and sum to 1, "
                                        f"got {f.tolist()} (sum {_fnum(f.sum())})")
        if self.cost is not None and not callable(self.cost):
            raise InvalidParameterError(f"{w}: parameter 'cost' must be callable, got "
                                        f"{self.cost!r}")
        if self.marginal_cost is not None and not callable(self.marginal_cost):
            raise InvalidParameterError(f"{w}: parameter 'marginal_cost' must be callable")
        th.setflags(write=False)
        f.setflags(write=False)
        object.__setattr__(self, "theta", th)
        object.__setattr__(self, "probs", f)

    def c(self, q):
        """The agent's cost of quantity ``q``.

        Parameters
        ----------
        q : float
            The quantity.

        Returns
        -------
        float
            The cost (``q^2 / 2`` by default).
        """
        return q ** 2 / 2 if self.cost is None else self.cost(q)

    def c_prime(self, q: float) -> float:
        """The marginal cost at ``q``.

        Parameters
        ----------
        q : float
            The quantity.

        Returns
        -------
        float
            The derivative of :meth:`c`.
        """
        if self.cost is None:
            return q
        if self.marginal_cost is not None:
            return float(self.marginal_cost(q))
        return _derivative(self.cost, q)

    def _q_for(self, phi: float) -> float:
        if self.cost is None:
            return max(0.0, phi)
        return _argmax_concave(lambda q: -self.c_prime(q), -phi)

    @property
    def virtual_values(self) -> np.ndarray:
        """Each type's virtual value, before ironing."""
        th, f = self.theta, self.probs
        F = np.cumsum(f)
        phi = th.copy()
        phi[:-1] = th[:-1] - (th[1:] - th[:-1]) * (1 - F[:-1]) / f[:-1]
        return phi

    def first_best_surplus(self) -> float:
        """Expected surplus when types are observed (each type gets its efficient quantity).

        Returns
        -------
        float
            The first-best expected surplus.
        """
        return float(sum(fi * (t * self._q_for(t) - self.c(self._q_for(t)))
                         for t, fi in zip(self.theta, self.probs)))

    def _finish(self, q, method, t=None) -> ContractSolution:
        th, f = self.theta, self.probs
        n = th.size
        q = np.asarray(q, dtype=float)
        if t is None:
            U = np.zeros(n)
            for i in range(1, n):
                U[i] = U[i - 1] + (th[i] - th[i - 1]) * q[i - 1]
            t = th * q - U
        else:
            t = np.asarray(t, dtype=float)
            U = th * q - t
        profit = float(sum(f[i] * (t[i] - self.c(q[i])) for i in range(n)))
        phi = self.virtual_values
        phibar = pool_adjacent_violators(phi, f)
        ironed = bool(np.any(np.abs(phibar - phi) > 1e-12))
        menu = Menu(th, q, t, framing="sale")
        ic = check_incentive_compatibility(menu)
        pools = []
        i = 0
        while i < n:
            j = i
            while j + 1 < n and abs(q[j + 1] - q[i]) <= 1e-9 * (1 + abs(q[i])):
                j += 1
            if j > i and q[i] > 1e-12:
                pools.append(tuple(range(i, j + 1)))
            i = j + 1
        excluded = tuple(i for i in range(n) if q[i] <= 1e-12)
        fb = self.first_best_surplus()
        binding = [f"downward IC of type {i} against type {i - 1}" for i in range(1, n)
                   if abs(U[i] - U[i - 1] - (th[i] - th[i - 1]) * q[i - 1]) <= 1e-9]
        binding.insert(0, "IR of the lowest type")
        report = (f"Optimal menu: quantities {_fvec(q)}, transfers {_fvec(t)}; rents {_fvec(U)}. "
                  f"Virtual values {_fvec(phi)}"
                  + (f" are not monotone, so they are ironed to {_fvec(phibar)} and types "
                     f"{', '.join(str(list(p)) for p in pools)} are pooled on one contract"
                     if ironed else "")
                  + ". "
                  + (f"Type(s) {list(excluded)} are excluded (q = 0). " if excluded else "")
                  + f"Only the top type's quantity is undistorted; rents rise with the type "
                    f"(information rents). Profit {_fnum(profit)} (first-best surplus "
                    f"{_fnum(fb)}).")
        return ContractSolution(
            contract=menu, implemented_action=tuple(float(x) for x in q), principal_value=profit,
            agent_rent=float(f @ U), binding=tuple(binding), duals=None,
            extra={"virtual_values": phi, "ironed_virtual_values": phibar, "q": np.asarray(q),
                   "rents": U, "transfers": t, "profit": profit, "first_best_surplus": fb,
                   "ironing_applied": ironed, "pools": tuple(pools), "excluded": excluded,
                   "ic": ic, "method": method},
            report=report)

    def solve(self) -> ContractSolution:
        """The optimal menu by ironing (pool-adjacent-violators).

        Returns
        -------
        ContractSolution
            The menu of quantities and transfers, expected profit and the pooled types.
        """
        phibar = pool_adjacent_violators(self.virtual_values, self.probs)
        q = np.array([self._q_for(p) for p in phibar])
        return self._finish(q, "ironing (pool-adjacent-violators)")

    def solve_by_optimization(self) -> ContractSolution:
        """Brute force: maximise expected profit subject to every IC and IR constraint.

        Maximises over ``(q, t)`` subject to *all* pairwise IC and every IR (SLSQP). A
        cross-check of :meth:`solve`; slow for many types.

        Returns
        -------
        ContractSolution
            The menu found by the optimiser.
        """
        th, f = self.theta, self.probs
        n = th.size

        def unpack(x):
            return x[:n], x[n:]

        def obj(x):
            q, t = unpack(x)
            return -float(sum(f[i] * (t[i] - self.c(q[i])) for i in range(n)))

        cons = []
        for i in range(n):
            cons.append({"type": "ineq", "fun": (lambda x, i=i: th[i] * x[i] - x[n + i])})
            for j in range(n):
                if j != i:
                    cons.append({"type": "ineq", "fun": (
                        lambda x, i=i, j=j: (th[i] * x[i] - x[n + i]) - (th[i] * x[j] - x[n + j]))})
        q0 = np.array([max(0.0, x) for x in self.theta])
        x0 = np.concatenate([q0 * 0.5, th * q0 * 0.5 * 0.5])
        res = minimize(obj, x0, method="SLSQP", constraints=cons,
                       bounds=[(0, None)] * n + [(None, None)] * n,
                       options={"ftol": 1e-14, "maxiter": 2000})
        q, t = unpack(np.asarray(res.x, dtype=float))
        return self._finish(q, "brute-force NLP with all pairwise IC (SLSQP)", t)


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

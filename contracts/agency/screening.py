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
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from scipy.optimize import minimize

from .._deprecate import keyword_only
from .._validation import check_real
from ..exceptions import InvalidParameterError
from ._result import ContractSolution
from ._screening_continuous import ContinuousScreening
from ._screening_menu import (ICReport, Menu, _argmax_concave, _derivative, _fnum, _fvec,
                              check_incentive_compatibility, pool_adjacent_violators)

__all__ = ["Menu", "ICReport", "check_incentive_compatibility", "TwoTypeScreening",
           "ScreeningNType", "ContinuousScreening", "pool_adjacent_violators"]


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

"""Moral hazard with a risk-averse agent: the Grossman–Hart (1983) two-step approach.

The agent's utility is ``u(w) - c_i``. The cost of implementing each action is a convex program
in the utility levels ``v_j = u(w_j)``; closed forms are used where they exist (square-root
utility with two actions; any utility with two actions and two outcomes) and verified by their
KKT conditions, otherwise the convex program is solved numerically and its KKT multipliers are
recovered by non-negative least squares. The principal then implements the action with the
largest expected reward net of that cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import minimize, nnls

from .._deprecate import keyword_only
from .._linalg import solve_lp
from .._validation import check_real
from ..exceptions import (ConvergenceError, InvalidParameterError,
                          UnsupportedGameError)
from ._grossman_hart_types import ImplementationCost, Utility, _utility_of
from ._moral_hazard_input import (_cost_vector, _fnum, _frozen_array, _fvec, _stochastic_matrix,
                                  _vector)
from ._result import ContractSolution

__all__ = ["GrossmanHart", "ImplementationCost", "Utility"]


@keyword_only(1)
@dataclass(frozen=True, eq=False)
class GrossmanHart:
    """Risk-averse agent: the Grossman–Hart (1983) two-step approach.

    The agent's utility is ``u(w) - c_i`` with reservation utility ``U``. Step 1 computes, for
    each action, the least expected wage bill ``C(i) = min sum_j F_ij h(v_j)`` over utility
    levels ``v`` subject to IR and IC (a convex program; ``h = u^{-1}``); step 2 implements the
    action maximising ``R_i - C(i)``. Optimality (Holmström–Mirrlees):
    ``h'(v_j) = 1/u'(w_j) = λ + Σ_k μ_k (1 - F_kj / F_ij)``.

    Parameters
    ----------
    outcome_probs : array_like (n_actions, n_outcomes) or mapping label -> row
        Probability of each outcome under each action; rows sum to 1.
    costs : array_like or mapping label -> cost
        Non-negative utility costs of effort.
    rewards : array_like, shape (n_outcomes,)
        The principal's gross reward per outcome.
    utility : {"sqrt", "cara", "log"} or callable or Utility, default "sqrt"
        The agent's utility of money. A callable is wrapped by :meth:`Utility.from_function`.
    reservation_utility : float, default 0
        U, the agent's utility from the outside option (participation constraint).
    risk_aversion : float, optional
        The CARA coefficient (required with ``utility="cara"``).
    actions : sequence, optional
        Action labels (taken from the keys when ``outcome_probs`` is a mapping).

    Examples
    --------
    >>> gh = GrossmanHart({"H": [.25, .75], "L": [.75, .25]}, costs={"H": 1.0, "L": 0.0},
    ...                   rewards=[0, 20], utility="sqrt", reservation_utility=2.0)
    >>> c = gh.implementation_cost("H")
    >>> round(c.cost, 6), round(c.agency_cost, 6), round(c.lam, 6), round(c.mu["L"], 6)
    (9.75, 0.75, 6.0, 1.5)
    >>> sol = gh.solve()
    >>> sol.implemented_action, sol.implemented_label
    (0, 'H')
    """

    outcome_probs: Any
    costs: Any
    rewards: Any
    utility: Any = "sqrt"
    reservation_utility: float = 0.0
    risk_aversion: float | None = None
    actions: Any = None
    _util: Utility = field(init=False, repr=False, compare=False)
    _Fa: np.ndarray = field(init=False, repr=False, compare=False)
    _ra: np.ndarray = field(init=False, repr=False, compare=False)
    _ca: np.ndarray = field(init=False, repr=False, compare=False)
    _Ua: float = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        where = "GrossmanHart"
        F, labels = _stochastic_matrix(where, "outcome_probs", self.outcome_probs)
        n, m = len(F), len(F[0])
        acts = tuple(self.actions) if self.actions is not None else (
            labels if labels is not None else tuple(range(n)))
        if len(acts) != n:
            raise InvalidParameterError(
                f"{where}: parameter 'actions' has {len(acts)} labels; expected {n}")
        c = _cost_vector(where, self.costs, acts, acts)
        r = _vector(where, "rewards", self.rewards, m)
        U = float(check_real(where, "reservation_utility", self.reservation_utility))
        util = _utility_of(where, self.utility, self.risk_aversion)
        object.__setattr__(self, "_util", util)
        object.__setattr__(self, "actions", acts)
        object.__setattr__(self, "_Fa", _frozen_array(F))
        object.__setattr__(self, "_ca", _frozen_array(c))
        object.__setattr__(self, "_ra", _frozen_array(r))
        object.__setattr__(self, "_Ua", U)
        for i in range(n):
            if not util.lower <= U + float(c[i]) < util.upper:
                raise InvalidParameterError(
                    f"{where}: reservation utility plus the cost of {acts[i]!r} "
                    f"({_fnum(U + float(c[i]))}) is outside the attainable utility range "
                    f"[{util.lower}, {util.upper}) of {util.name}")

    @property
    def num_actions(self) -> int:
        """Number of actions the agent can take."""
        return self._Fa.shape[0]

    @property
    def num_outcomes(self) -> int:
        """Number of observable outcomes."""
        return self._Fa.shape[1]

    @property
    def utility_function(self) -> Utility:
        """The agent's utility of money, as a :class:`Utility`."""
        return self._util

    def _index(self, action) -> int:
        if action in self.actions:
            return self.actions.index(action)
        raise InvalidParameterError(
            f"GrossmanHart: parameter 'action' = {action!r} is not one of {list(self.actions)}")

    def expected_rewards(self) -> np.ndarray:
        """``R_i = sum_j F_ij r_j``, the principal's expected gross reward of every action.

        Returns
        -------
        numpy.ndarray, shape (n_actions,)
            The expected rewards.
        """
        return self._Fa @ self._ra

    def chi2(self, action=None, against=None) -> float:
        """Chi-square divergence ``sum_j F_kj^2 / F_ij - 1`` of ``against`` from ``action``.

        Defaults (two actions): the costlier action against the cheaper one.

        Parameters
        ----------
        action : label, optional
            The implemented action ``i``.
        against : label, optional
            The deviation ``k`` compared with it.

        Returns
        -------
        float
            The divergence; larger values mean outcomes tell the two actions apart better.

        Raises
        ------
        InvalidParameterError
            If the defaults are used with more than two actions or a label is unknown.
        """
        if action is None or against is None:
            if self.num_actions != 2:
                raise InvalidParameterError(
                    "GrossmanHart.chi2: name 'action' and 'against' when there are more than two "
                    "actions")
            i = int(np.argmax(self._ca))
            k = 1 - i
        else:
            i, k = self._index(action), self._index(against)
        Fi, Fk = self._Fa[i], self._Fa[k]
        if np.any(Fi <= 0):
            return math.inf
        return float(np.sum(Fk ** 2 / Fi) - 1.0)

    # -- step 1 ---------------------------------------------------------------------------------
    def implementation_cost(self, action, *, method: str = "auto") -> ImplementationCost:
        """Least expected wage bill implementing ``action`` (Grossman–Hart step 1).

        Parameters
        ----------
        action : label
            The action to implement (its label or index).
        method : {"auto", "closed_form", "numerical"}
            ``"auto"`` uses a closed form when one applies and passes its KKT check, else the
            convex program.

        Returns
        -------
        ImplementationCost
            The least expected wage bill, the optimal wages and the multipliers.

        Raises
        ------
        InvalidParameterError
            If ``method`` is unknown.
        UnsupportedGameError
            If the closed form is requested but does not apply.
        ConvergenceError
            If the numerical program fails.
        """
        if method not in ("auto", "closed_form", "numerical"):
            raise InvalidParameterError(
                f"GrossmanHart.implementation_cost: parameter 'method' = {method!r} is not one "
                "of 'auto', 'closed_form', 'numerical'")
        i = self._index(action)
        if method != "numerical":
            out = self._closed_form(i)
            if out is not None:
                return out
            if method == "closed_form":
                raise UnsupportedGameError(
                    "GrossmanHart.implementation_cost: no valid closed form for "
                    f"{action!r} (needs the cheapest action, or two actions with square-root "
                    "utility, or two actions and two outcomes, with KKT multipliers >= 0 and "
                    "utilities inside the domain)")
        return self._numerical(i)

    def _finish(self, i, v, lam, mu, nu, method, residual=None) -> ImplementationCost:
        util = self._util
        F, c, U = self._Fa, self._ca, self._Ua
        v = np.asarray(v, dtype=float)
        w = np.asarray(util.inverse(v), dtype=float)
        cost = float(F[i] @ w)
        fb = float(util.inverse(U + c[i]))
        if residual is None:
            residual = self._kkt_residual(i, v, lam, mu, nu)
        return ImplementationCost(
            action=self.actions[i], feasible=True, cost=cost, utilities=v, wages=w,
            first_best_cost=fb, agency_cost=cost - fb, lam=float(lam),
            mu={self.actions[k]: float(x) for k, x in mu.items()},
            bound_multipliers=np.asarray(nu, dtype=float), method=method,
            kkt_residual=float(residual), converged=bool(residual <= 1e-6))

    def _kkt_residual(self, i, v, lam, mu, nu) -> float:
        """Largest violation of stationarity, primal feasibility, dual feasibility and
        complementary slackness (scaled)."""
        F, c, U, util = self._Fa, self._ca, self._Ua, self._util
        grad = F[i] * np.asarray(util.inverse_derivative(v), dtype=float)
        comb = lam * F[i] + np.asarray(nu, dtype=float)
        res = []
        ir = F[i] @ v - c[i] - U
        res += [max(0.0, -ir), abs(lam * ir), max(0.0, -lam)]
        for k, mk in mu.items():
            comb = comb + mk * (F[i] - F[k])
            g = (F[i] - F[k]) @ v - (c[i] - c[k])
            res += [max(0.0, -g), abs(mk * g), max(0.0, -mk)]
        for k in range(self.num_actions):
            if k != i and k not in mu:
                g = (F[i] - F[k]) @ v - (c[i] - c[k])
                res.append(max(0.0, -g))
        if math.isfinite(util.lower):
            res += [max(0.0, util.lower - float(x)) for x in v]
            res += [abs(float(a) * (float(x) - util.lower)) for a, x in zip(nu, v)]
        res += list(np.abs(grad - comb))
        scale = 1.0 + float(np.max(np.abs(grad)))
        return float(max(res)) / scale

    def _closed_form(self, i) -> ImplementationCost | None:
        F, c, U, util = self._Fa, self._ca, self._Ua, self._util
        n, m = F.shape
        others = [k for k in range(n) if k != i]
        nu0 = np.zeros(m)
        # (a) the cheapest action: a fixed wage
        if c[i] <= c.min():
            v0 = U + c[i]
            v = np.full(m, v0)
            lam = float(util.inverse_derivative(v0))
            out = self._finish(i, v, lam, {k: 0.0 for k in others}, nu0,
                               "closed form (cheapest action: fixed wage, first best)")
            return out if out.converged else None
        if n != 2:
            return None
        k = others[0]
        Fi, Fk = F[i], F[k]
        dc = c[i] - c[k]
        # (b) square-root utility, two actions, F_i > 0: the chi-square formula
        if util.kind == "sqrt" and np.all(Fi > 0):
            chi2 = float(np.sum(Fk ** 2 / Fi) - 1.0)
            if chi2 <= 1e-14:
                return None
            ell = Fk / Fi
            v = U + c[i] + dc * (1 - ell) / chi2
            lam, mu = 2 * (U + c[i]), 2 * dc / chi2
            if np.all(v >= 0) and lam >= 0:
                out = self._finish(i, v, lam, {k: mu}, nu0,
                                   "closed form (square-root utility, chi-square formula)")
                if out.converged:
                    return out
            return None
        # (c) any utility, two actions, two outcomes: IR and IC both bind
        if m == 2 and np.all(Fi > 0):
            A = np.array([Fi, Fi - Fk])
            if abs(np.linalg.det(A)) < 1e-14:
                return None
            v = np.linalg.solve(A, [U + c[i], dc])
            if np.any(v < util.lower) or np.any(v >= util.upper):
                return None
            hp = np.asarray(util.inverse_derivative(v), dtype=float)
            B = np.column_stack([np.ones(2), 1 - Fk / Fi])
            if abs(np.linalg.det(B)) < 1e-14:
                return None
            lam, mu = np.linalg.solve(B, hp)
            if lam < -1e-12 or mu < -1e-12:
                return None
            out = self._finish(i, v, float(lam), {k: float(mu)}, nu0,
                               "closed form (two outcomes: IR and IC bind)")
            return out if out.converged else None
        return None

    def _numerical(self, i) -> ImplementationCost:
        F, c, U, util = self._Fa, self._ca, self._Ua, self._util
        n, m = F.shape
        others = [k for k in range(n) if k != i]
        # constraints  A v >= b : IR then IC
        A = np.array([F[i]] + [F[i] - F[k] for k in others])
        b = np.array([U + c[i]] + [c[i] - c[k] for k in others])
        lo = util.lower if math.isfinite(util.lower) else None
        hi = util.upper - 1e-9 * (1 + abs(util.upper)) if math.isfinite(util.upper) else None
        zero = F[i] <= 0
        if np.any(zero) and lo is None and np.any(F[others][:, zero] > 0):
            raise UnsupportedGameError(
                f"GrossmanHart: implementing {self.actions[i]!r}: an outcome impossible under it "
                "but possible under another action allows unbounded punishment (utility domain "
                "unbounded below); the infimum (first best) is not attained")
        # feasibility (phase one) by LP
        lp = solve_lp(np.zeros(m), A_ub=-A, b_ub=-b, bounds=[(lo, hi)] * m, method="highs",
                      caller=f"GrossmanHart.implementation_cost ({self.actions[i]!r})",
                      infeasible_ok=True)
        if lp is None:
            return ImplementationCost(action=self.actions[i], feasible=False, cost=math.inf,
                                      method="infeasible (IC constraints cannot all hold)")
        x0 = np.asarray(lp.x, dtype=float)
        # start from a strictly interior-ish point: mix with the constant IR level
        x0 = np.where(np.isfinite(x0), x0, U + c[i])

        def obj(v):
            return float(F[i] @ util.inverse(v))

        def jac(v):
            return F[i] * np.asarray(util.inverse_derivative(v), dtype=float)

        bounds = [(lo, hi)] * m
        best = None
        for start in (x0, 0.5 * x0 + 0.5 * (U + c[i])):
            res = minimize(obj, start, jac=jac, method="SLSQP", bounds=bounds,
                           constraints=[{"type": "ineq", "fun": lambda v: A @ v - b,
                                         "jac": lambda v: A}],
                           options={"ftol": 1e-15, "maxiter": 2000})
            v = np.asarray(res.x, dtype=float)
            if np.all(A @ v - b >= -1e-8) and (best is None or obj(v) < obj(best) - 1e-15):
                best = v
        if best is None:
            raise ConvergenceError(
                f"GrossmanHart: SLSQP found no feasible contract for {self.actions[i]!r}")
        v = best
        lam, mu, nu, resid = self._recover_multipliers(i, v, A, b, others)
        return self._finish(i, v, lam, mu, nu, "numerical (SLSQP, multipliers by NNLS)", resid)

    def _recover_multipliers(self, i, v, A, b, others):
        """KKT multipliers on the active constraints by non-negative least squares."""
        F, util = self._Fa, self._util
        m = len(v)
        grad = F[i] * np.asarray(util.inverse_derivative(v), dtype=float)
        best = None
        for tol in (1e-9, 1e-7, 1e-5):
            slack = A @ v - b
            act = [r for r in range(len(b)) if slack[r] <= tol * (1 + abs(b[r]))]
            bnd = [j for j in range(m) if math.isfinite(util.lower)
                   and v[j] - util.lower <= tol * (1 + abs(util.lower))]
            cols = [A[r] for r in act] + [np.eye(m)[j] for j in bnd]
            if cols:
                coef, _ = nnls(np.column_stack(cols), grad)
            else:
                coef = np.zeros(0)
            lam = 0.0
            mu = {k: 0.0 for k in others}
            nu = np.zeros(m)
            for idx, r in enumerate(act):
                if r == 0:
                    lam = float(coef[idx])
                else:
                    mu[others[r - 1]] = float(coef[idx])
            for idx, j in enumerate(bnd):
                nu[j] = float(coef[len(act) + idx])
            resid = self._kkt_residual(i, v, lam, mu, nu)
            if best is None or resid < best[3]:
                best = (lam, mu, nu, resid)
        return best

    # -- step 2 ---------------------------------------------------------------------------------
    def solve(self, *, method: str = "auto") -> ContractSolution:
        """Implement the action with the largest ``R_i - C(i)`` (Grossman–Hart step 2).

        Parameters
        ----------
        method : {"auto", "closed_form", "numerical"}
            How each action's implementation cost is computed (see
            :meth:`implementation_cost`).

        Returns
        -------
        ContractSolution
            ``implemented_action``: the action's index, ``implemented_label``: its label (as
            in :class:`MoralHazard`); ``contract``: wages per outcome; ``duals``:
            ``{"IR": λ, "IC against k": μ_k}``;
            ``extra``: ``cost_per_action``, ``principal_value_per_action``,
            ``first_best_cost_per_action``, ``agency_cost`` (of the implemented action),
            ``utilities``, ``lambda``, ``mu``, ``chi2`` (two actions), ``costs`` (the
            :class:`ImplementationCost` of every action).
        """
        costs = {a: self.implementation_cost(a, method=method) for a in self.actions}
        R = self.expected_rewards()
        values = {a: float(R[i]) - costs[a].cost for i, a in enumerate(self.actions)}
        best = max(self.actions, key=lambda a: (values[a], -costs[a].cost))
        ic = costs[best]
        i = self._index(best)
        F, c, U = self._Fa, self._ca, self._Ua
        v = ic.utilities
        binding, duals = [], {"IR": ic.lam}
        if abs(F[i] @ v - c[i] - U) <= 1e-7 * (1 + abs(U)):
            binding.append("IR")
        for k, mk in ic.mu.items():
            kk = self._index(k)
            duals[f"IC against {k!r}"] = mk
            if abs((F[i] - F[kk]) @ v - (c[i] - c[kk])) <= 1e-7 * (1 + abs(c[i] - c[kk])):
                binding.append(f"IC against {k!r}")
        rent = float(F[i] @ v - c[i] - U)
        extra = {
            "cost_per_action": {a: costs[a].cost for a in self.actions},
            "principal_value_per_action": values,
            "first_best_cost_per_action": {a: costs[a].first_best_cost for a in self.actions},
            "agency_cost": ic.agency_cost, "first_best_cost": ic.first_best_cost,
            "utilities": v, "wages": ic.wages, "lambda": ic.lam, "mu": dict(ic.mu),
            "method": ic.method, "kkt_residual": ic.kkt_residual, "converged": ic.converged,
            "costs": costs, "optimal_action": best,
        }
        if self.num_actions == 2:
            extra["chi2"] = self.chi2()
        mus = "; ".join(f"IC against {k!r} (μ = {_fnum(x)})" for k, x in ic.mu.items()
                        if f"IC against {k!r}" in binding)
        report = (f"The principal implements {best!r} at an expected wage bill of "
                  f"{_fnum(ic.cost)} (first best {_fnum(ic.first_best_cost)}; the agency cost of "
                  f"risk-bearing is {_fnum(ic.agency_cost)}): utilities {_fvec(v)}, wages "
                  f"{_fvec(ic.wages)}. ")
        report += ("Binding: " + ("IR (λ = " + _fnum(ic.lam) + ")" if "IR" in binding else "")
                   + ("; " if "IR" in binding and mus else "") + mus + ". ") if binding else ""
        report += ("The agent earns no rent. " if rent <= 1e-7 else
                   f"The agent earns a rent of {_fnum(rent)}. ")
        report += ("Principal's value per action: "
                   + ", ".join(f"{a!r} {_fnum(x)}" for a, x in values.items()) + f" [{ic.method}]")
        if not ic.converged:
            report += " WARNING: KKT conditions not verified (residual " \
                      f"{_fnum(ic.kkt_residual)})"
        return ContractSolution(ic.wages, i, values[best], rent, tuple(binding), duals, extra,
                                report, implemented_label=best)

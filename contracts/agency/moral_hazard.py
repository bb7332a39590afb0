"""Moral hazard with discrete actions and outcomes.

Two models of hidden action:

* :class:`MoralHazard` — a risk-neutral agent protected by limited liability (Holmström 1979,
  Innes 1990, Dütting–Roughgarden–Talgam-Cohen 2019). For each action the principal solves the
  *min-pay LP* (HiGHS, or exactly in rational arithmetic); the optimal contract implements the
  action with the largest expected reward net of its minimum expected payment. The best *linear*
  contract (a share ``alpha`` of the reward) is found among the O(n²) breakpoints
  ``(c_i - c_k) / (R_i - R_k)``.
* :class:`GrossmanHart` (in :mod:`contracts.agency.grossman_hart`) — a risk-averse agent
  (utility ``u(w) - c_i``), solved by the Grossman–Hart (1983) two-step approach: the cost of implementing each action is a convex program
  in the utility levels ``v_j = u(w_j)``; closed forms are used where they exist (square-root
  utility with two actions; any utility with two actions and two outcomes) and verified by their
  KKT conditions, otherwise the convex program is solved numerically and its KKT multipliers are
  recovered by non-negative least squares.

Conventions: ``outcome_probs[i][j]`` is the probability of outcome ``j`` under action ``i``;
rewards accrue to the principal; the agent breaks ties in favour of the principal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .._deprecate import keyword_only, renamed
from .._linalg import solve_lp
from ..exceptions import InvalidParameterError, UnsupportedGameError
from ._exact_lp import _exact_lp
from ._moral_hazard_input import (_as_fraction, _cost_vector, _fnum, _frozen_array, _fvec,
                                  _stochastic_matrix, _vector)
from ._result import ContractSolution

__all__ = ["MoralHazard"]  # GrossmanHart, ImplementationCost, Utility: see the end


# ----------------------------------------------------------------------------------------------
# risk-neutral agent with limited liability
# ----------------------------------------------------------------------------------------------

@keyword_only(1)
@renamed(reservation="reservation_utility")
@dataclass(frozen=True, eq=False)
class MoralHazard:
    """Hidden action, risk-neutral agent, limited liability: the min-pay LP.

    The principal offers payments ``t_j`` per observable outcome ``j``; the agent accepts (outside
    option ``reservation_utility``) and privately picks an action ``i`` at cost ``c_i``; the outcome is
    drawn from row ``i`` of ``outcome_probs``. The agent gets ``T_i - c_i`` with
    ``T_i = sum_j F_ij t_j``; the principal ``R_i - T_i`` with ``R_i = sum_j F_ij r_j``.

    Parameters
    ----------
    outcome_probs : array_like, shape (n_actions, n_outcomes), or mapping label -> row
        Row-stochastic matrix ``F`` of outcome probabilities per action.
    rewards : array_like, shape (n_outcomes,)
        The principal's reward ``r_j`` in each outcome.
    costs : array_like, shape (n_actions,) or mapping label -> cost
        The agent's non-negative cost of each action.
    reservation_utility : float, default 0
        The agent's outside option (IR: ``T_i - c_i >= reservation_utility``).
    limited_liability : bool, default True
        Payments must be non-negative (``t >= 0``). Without it the principal "sells the project":
        any implementable action costs exactly ``c_i + reservation_utility``.
    actions : sequence of str, optional
        Labels of the actions (taken from the keys when ``outcome_probs`` is a mapping).

    Examples
    --------
    >>> mh = MoralHazard([[0.8, 0.2], [0.2, 0.8]], rewards=[0, 10], costs=[0, 1])
    >>> sol = mh.solve()
    >>> sol.implemented_action, sol.implemented_label, round(sol.principal_value, 6)
    (1, 1, 6.666667)
    >>> mh.solve(exact=True).principal_value
    Fraction(20, 3)
    >>> mh.best_linear_contract(exact=True).extra["alpha"]
    Fraction(1, 6)
    """

    outcome_probs: Any
    rewards: Any
    costs: Any
    reservation_utility: Any = 0
    limited_liability: bool = True
    actions: Any = None
    _F: tuple = field(init=False, repr=False, compare=False)
    _r: tuple = field(init=False, repr=False, compare=False)
    _c: tuple = field(init=False, repr=False, compare=False)
    _U: Fraction = field(init=False, repr=False, compare=False)
    _Fa: np.ndarray = field(init=False, repr=False, compare=False)
    _ra: np.ndarray = field(init=False, repr=False, compare=False)
    _ca: np.ndarray = field(init=False, repr=False, compare=False)
    _Ua: float = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        where = "MoralHazard"
        F, labels = _stochastic_matrix(where, "outcome_probs", self.outcome_probs)
        n, m = len(F), len(F[0])
        c = _cost_vector(where, self.costs, labels, range(n))
        r = _vector(where, "rewards", self.rewards, m)
        U = _as_fraction(where, "reservation_utility", self.reservation_utility)
        if not isinstance(self.limited_liability, (bool, np.bool_)):
            raise InvalidParameterError(
                f"{where}: parameter 'limited_liability' must be True or False, "
                f"got {self.limited_liability!r}")
        acts = self.actions if self.actions is not None else labels
        if acts is not None:
            acts = tuple(acts)
            if len(acts) != n:
                raise InvalidParameterError(
                    f"{where}: parameter 'actions' has {len(acts)} labels; expected {n}")
        # the user's fields stay as given (so dataclasses.replace keeps exact inputs exact);
        # the validated data live in private fields: Fractions (_F, ...) and floats (_Fa, ...)
        object.__setattr__(self, "actions", acts)
        object.__setattr__(self, "_F", F)
        object.__setattr__(self, "_r", r)
        object.__setattr__(self, "_c", c)
        object.__setattr__(self, "_U", U)
        object.__setattr__(self, "_Fa", _frozen_array(F))
        object.__setattr__(self, "_ra", _frozen_array(r))
        object.__setattr__(self, "_ca", _frozen_array(c))
        object.__setattr__(self, "_Ua", float(U))

    # -- basic quantities --------------------------------------------------------------------
    @property
    def num_actions(self) -> int:
        """Number of actions the agent can take."""
        return len(self._F)

    @property
    def num_outcomes(self) -> int:
        """Number of observable outcomes."""
        return len(self._F[0])

    def expected_rewards(self, exact: bool = False) -> np.ndarray:
        """``R_i = sum_j F_ij r_j`` for every action.

        Parameters
        ----------
        exact : bool
            Return exact rationals instead of floats.

        Returns
        -------
        numpy.ndarray, shape (n_actions,)
            The principal's expected gross reward of each action.
        """
        if exact:
            return np.array([sum(f * x for f, x in zip(row, self._r)) for row in self._F],
                            dtype=object)
        return self._Fa @ self._ra

    def label(self, action: int) -> str:
        """Readable name of an action.

        Parameters
        ----------
        action : int
            The action's index.

        Returns
        -------
        str
            ``"action 'label'"``, or ``"action i"`` when the actions are unlabelled.
        """
        return f"action {action}" if self.actions is None else f"action {self.actions[action]!r}"

    def _action_label(self, action: int):
        """The action's label (its index when the model names no actions)."""
        return action if self.actions is None else self.actions[action]

    def _check_action(self, action) -> int:
        if self.actions is not None and not isinstance(action, (int, np.integer)):
            if action in self.actions:
                return self.actions.index(action)
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)) \
                or not 0 <= int(action) < self.num_actions:
            raise InvalidParameterError(
                f"MoralHazard: parameter 'action' = {action!r} is outside its valid range "
                f"0..{self.num_actions - 1}")
        return int(action)

    def _data(self, exact: bool):
        if exact:
            if any(sum(row) != 1 for row in self._F):
                raise InvalidParameterError(
                    "MoralHazard: exact=True needs rows of 'outcome_probs' that sum exactly to 1 "
                    "as decimals; pass Fractions (e.g. Fraction(1, 3)) for repeating decimals")
            return self._F, self._r, self._c, self._U
        return self._Fa, self._ra, self._ca, self._Ua

    # -- IC / IR / LL check ---------------------------------------------------------------------
    def check_contract(self, contract, action, tol: float = 1e-9) -> dict:
        """Slack of every constraint of implementing ``action`` with payments ``contract``.

        A negative slack (beyond ``tol``) is a violation; exact inputs are checked exactly.

        Parameters
        ----------
        contract : array_like, shape (n_outcomes,)
            The payment for each outcome.
        action : int or label
            The action the contract is meant to implement.
        tol : float
            Slack below ``-tol`` counts as a violation (float inputs).

        Returns
        -------
        dict
            Keys ``"IC"`` (list of slacks against each other action), ``"IR"``, ``"LL"`` (list
            per outcome; only with limited liability) and ``"ok"`` (no violation).
        """
        i = self._check_action(action)
        t = list(contract)
        if len(t) != self.num_outcomes:
            raise InvalidParameterError(
                f"MoralHazard.check_contract: parameter 'contract' has length {len(t)}; "
                f"expected {self.num_outcomes}")
        exact = all(isinstance(x, (Fraction, int)) for x in t)
        F, _, c, U = self._data(exact)
        pay = [sum(F[a][j] * t[j] for j in range(len(t))) for a in range(self.num_actions)]
        ic = [(pay[i] - c[i]) - (pay[k] - c[k]) for k in range(self.num_actions)]
        ir = pay[i] - c[i] - U
        ll = list(t) if self.limited_liability else []
        eps = 0 if exact else tol
        ok = all(s >= -eps * (1 + abs(float(pay[i]))) for s in ic) and ir >= -eps * (
            1 + abs(float(pay[i]))) and all(x >= -eps for x in ll)
        return {"IC": ic, "IR": ir, "LL": ll, "ok": bool(ok)}

    # -- the min-pay LP -------------------------------------------------------------------------
    def _constraints(self, i, F, c, U, with_ir=True):
        """Rows G and right-hand sides h of  G t >= h  (IC against k != i, then IR)."""
        G, h, names = [], [], []
        for k in range(self.num_actions):
            if k == i:
                continue
            G.append([F[i][j] - F[k][j] for j in range(self.num_outcomes)])
            h.append(c[i] - c[k])
            names.append(f"IC against {self.label(k)}")
        if with_ir:
            G.append(list(F[i]))
            h.append(c[i] + U)
            names.append("IR")
        return G, h, names

    def min_pay(self, action, *, exact: bool = False) -> ContractSolution:
        """The cheapest contract implementing ``action`` (the min-pay LP).

        Parameters
        ----------
        action : int or label
            The action to implement.
        exact : bool, default False
            Solve in rational arithmetic (certified optimal basis); entries are Fractions.

        Returns
        -------
        ContractSolution
            ``contract`` is one optimal payment vector (the argmin need not be unique),
            ``principal_value`` is ``R_i - E[pay]``, ``agent_rent`` is ``E[pay] - c_i -
            reservation``; ``binding`` lists IC/IR/LL constraints that bind; ``duals`` maps each
            constraint to its shadow price (non-negative). ``extra["feasible"]`` is False (and
            ``contract`` None, ``principal_value`` -inf) when the action cannot be implemented.
        """
        i = self._check_action(action)
        F, r, c, U = self._data(exact)
        R_i = sum(F[i][j] * r[j] for j in range(self.num_outcomes))
        R_i = R_i if exact else float(R_i)
        m = self.num_outcomes
        # Without limited liability the problem is shift-invariant (t + k·1 changes every T_a by
        # k): find any IC contract with t >= 0, then shift it so that IR binds.
        ll = self.limited_liability
        G, h, names = self._constraints(i, F, c, U, with_ir=ll)
        Gf = np.array(G, dtype=float).reshape(len(G), m)
        hf = np.array(h, dtype=float)
        obj = np.array(F[i], dtype=float)
        res = solve_lp(obj, A_ub=-Gf if len(G) else None, b_ub=-hf if len(G) else None,
                       bounds=[(0, None)] * m, method="highs-ds",
                       caller=f"MoralHazard.min_pay ({self.label(i)})", infeasible_ok=True)
        if res is None:           # the action cannot be implemented
            return self._infeasible(i, R_i, exact)
        if exact:
            t, y_rows, y_bounds = _exact_lp(G, h, list(F[i]), res.x)
        else:
            t = [float(x) for x in res.x]
            y_rows = [float(-v) for v in res.ineq_duals] if len(G) else []
            y_bounds = [float(v) for v in res.lower_duals]
        if not ll:
            shift = c[i] + U - sum(F[i][j] * t[j] for j in range(m))
            t = [x + shift for x in t]
            y_rows = [0 * v for v in y_rows] + [1 if exact else 1.0]
            y_bounds = []
            names = names + ["IR"]
            G = G + [list(F[i])]
            h = h + [c[i] + U]
        if not exact:
            t = [0.0 if abs(x) < 1e-12 else x for x in t]
        pay = sum(F[i][j] * t[j] for j in range(m))
        pay = pay if exact else float(pay)
        duals = dict(zip(names, y_rows))
        tol = 0 if exact else 1e-9
        binding = []
        for g, hh, name in zip(G, h, names):
            s = sum(a * x for a, x in zip(g, t)) - hh
            if abs(s) <= tol * (1 + abs(float(hh))):
                binding.append(name)
        zero = []
        if ll:
            for j in range(m):
                duals[f"LL outcome {j}"] = y_bounds[j]
                if abs(t[j]) <= tol:
                    zero.append(j)
            if zero:
                binding.append("limited liability at outcome" + ("s " if len(zero) > 1 else " ")
                               + ", ".join(str(j) for j in zero))
        rent = pay - c[i] - U
        value = R_i - pay
        contract = np.array(t, dtype=object if exact else float)
        return ContractSolution(
            contract=contract, implemented_action=i, principal_value=value, agent_rent=rent,
            binding=tuple(binding), duals=duals, implemented_label=self._action_label(i),
            extra={"feasible": True, "expected_payment": pay, "expected_reward": R_i,
                   "exact": exact, "zero_payment_outcomes": tuple(zero)},
            report=self._minpay_report(i, contract, pay, value, rent, binding))

    def _infeasible(self, i, R_i, exact) -> ContractSolution:
        inf = math.inf
        return ContractSolution(
            contract=None, implemented_action=i, principal_value=-inf, agent_rent=None,
            binding=(), duals=None, implemented_label=self._action_label(i),
            extra={"feasible": False, "expected_payment": inf, "expected_reward": R_i,
                   "exact": exact},
            report=(f"{self.label(i)} cannot be implemented: no payment scheme makes it the agent's "
                    "best response (another action is at least as likely to produce every outcome "
                    "pattern at lower cost)"))

    def _minpay_report(self, i, t, pay, value, rent, binding) -> str:
        parts = [f"To implement {self.label(i)} the principal pays {_fvec(t)} per outcome "
                 f"(expected pay {_fnum(pay)}), keeping {_fnum(value)}"]
        parts.append(("; ".join(binding) + (" bind" if len(binding) > 1 else " binds"))
                     if binding else "no constraint binds")
        if float(rent) > 1e-12:
            why = "limited-liability rent" if self.limited_liability else "rent"
            parts.append(f"the agent earns a {why} of {_fnum(rent)} above the outside option")
        else:
            parts.append("the agent earns no rent (held to the outside option)")
        return "; ".join(parts)

    # -- the optimal contract -------------------------------------------------------------------
    def solve(self, *, exact: bool = False) -> ContractSolution:
        """The principal-optimal contract: the best action net of its min pay.

        Parameters
        ----------
        exact : bool
            Solve the linear programs in exact rational arithmetic.

        Returns
        -------
        ContractSolution
            As :meth:`min_pay` for the optimal action, with ``extra`` holding
            ``min_pay_per_action``, ``principal_value_per_action``,
            ``expected_reward_per_action`` and ``implementable`` (per action).

        Examples
        --------
        >>> mh = MoralHazard([[.7, .2, .1], [.2, .6, .2], [.1, .3, .6]], rewards=[0, 5, 12],
        ...                  costs=[0, 1, 2.5])
        >>> sol = mh.solve(exact=True)
        >>> sol.implemented_action, sol.principal_value
        (2, Fraction(57, 10))
        """
        sols = [self.min_pay(i, exact=exact) for i in range(self.num_actions)]
        values = [s.principal_value for s in sols]
        best_val = max(values)
        if best_val == -math.inf:
            raise UnsupportedGameError("MoralHazard.solve: no action can be implemented")
        slack = 0 if exact else 1e-12 * (1 + abs(best_val))
        # ties between actions: the principal is indifferent; take the one with the lowest pay
        cands = [i for i, v in enumerate(values) if v >= best_val - slack]
        best = min(cands, key=lambda i: (float(sols[i].extra["expected_payment"]), i))
        s = sols[best]
        extra = dict(s.extra)
        extra.update({
            "min_pay_per_action": tuple(x.extra["expected_payment"] for x in sols),
            "principal_value_per_action": tuple(values),
            "expected_reward_per_action": tuple(x.extra["expected_reward"] for x in sols),
            "implementable": tuple(x.extra["feasible"] for x in sols),
            "optimal_action": best,
        })
        report = (f"The principal implements {self.label(best)} (expected reward "
                  f"{_fnum(s.extra['expected_reward'])}) with payments {_fvec(s.contract)} per "
                  f"outcome; expected pay {_fnum(s.extra['expected_payment'])}, principal keeps "
                  f"{_fnum(s.principal_value)}. ")
        report += ("Binding: " + "; ".join(s.binding) + ". ") if s.binding else "No constraint binds. "
        if float(s.agent_rent) > 1e-12:
            report += (f"The agent earns a rent of {_fnum(s.agent_rent)} above the outside option"
                       + (" (limited-liability rent)." if self.limited_liability else "."))
        else:
            report += "The agent earns no rent."
        report += (" Min pay per action: "
                   + _fvec([x if x != math.inf else "not implementable"
                            for x in extra["min_pay_per_action"]])
                   + "; principal's value per action: "
                   + _fvec([v if v != -math.inf else "-" for v in values]) + ".")
        return ContractSolution(s.contract, best, s.principal_value, s.agent_rent, s.binding,
                                s.duals, extra, report, implemented_label=self._action_label(best))

    # -- linear contracts -----------------------------------------------------------------------
    def best_linear_contract(self, *, exact: bool = False) -> ContractSolution:
        """The best linear contract ``t = alpha * r`` (share ``alpha`` of the reward).

        The agent picks the top of the upper envelope of the lines ``alpha R_i - c_i`` (ties broken
        for the principal), so the optimal ``alpha`` is 0 or a breakpoint
        ``(c_i - c_k) / (R_i - R_k)`` (or an IR breakpoint ``(c_i + reservation) / R_i``) in
        [0, 1]; every candidate is evaluated.

        Parameters
        ----------
        exact : bool
            Compute in exact rational arithmetic.

        Returns
        -------
        ContractSolution
            ``contract`` is ``alpha * r``; ``extra`` has ``alpha``, ``candidates`` (alpha ->
            (action, principal value)) and ``ratio`` (optimal contract value / linear value).
        """
        F, r, c, U = self._data(exact)
        if self.limited_liability and any(x < 0 for x in r):
            raise InvalidParameterError(
                "MoralHazard.best_linear_contract: a linear contract alpha*r with limited "
                "liability needs non-negative rewards; found rewards "
                f"{_fvec(r)}")
        R = list(self.expected_rewards(exact))
        n = self.num_actions
        zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
        cands = {zero}
        for i in range(n):
            for k in range(n):
                if R[i] > R[k]:
                    a = (c[i] - c[k]) / (R[i] - R[k])
                    if zero <= a <= one:
                        cands.add(a)
            if R[i] > 0:
                a = (c[i] + U) / R[i]
                if zero <= a <= one:
                    cands.add(a)
        table = {}
        for a in sorted(cands):
            util = [a * R[i] - c[i] for i in range(n)]
            top = max(util)
            if top < U - (0 if exact else 1e-12 * (1 + abs(U))):
                continue  # the agent would reject
            best_set = [i for i in range(n)
                        if util[i] >= top - (0 if exact else 1e-12 * (1 + abs(top)))]
            i = max(best_set, key=lambda k: ((one - a) * R[k], -k))
            table[a] = (i, (one - a) * R[i])
        if not table:
            raise UnsupportedGameError(
                "MoralHazard.best_linear_contract: no share alpha in [0, 1] meets the agent's "
                "outside option")
        best_alpha = max(table, key=lambda a: (table[a][1], -float(a)))
        i, value = table[best_alpha]
        t = np.array([best_alpha * x for x in r], dtype=object if exact else float)
        pay = best_alpha * R[i]
        rent = pay - c[i] - U
        opt = self.solve(exact=exact).principal_value
        ratio = (opt / value) if value > 0 else math.inf
        chk = self.check_contract(list(t), i)
        binding = [f"IC against {self.label(k)}" for k, s in enumerate(chk["IC"])
                   if k != i and abs(float(s)) <= 1e-9]
        if abs(float(chk["IR"])) <= 1e-9:
            binding.append("IR")
        report = (f"Best linear contract: the agent keeps a share alpha = {_fnum(best_alpha)} of "
                  f"the reward and chooses {self.label(i)}; the principal keeps {_fnum(value)} "
                  f"(the optimal contract earns {_fnum(opt)}, {_fnum(float(ratio))} times as "
                  "much)" if ratio != 1 else
                  f"Best linear contract: the agent keeps a share alpha = {_fnum(best_alpha)} of "
                  f"the reward and chooses {self.label(i)}; the principal keeps {_fnum(value)}, "
                  "as much as with the optimal contract")
        report += (("; " + " and ".join(binding) + (" bind" if len(binding) > 1 else " binds"))
                   if binding else "") + f"; agent's rent {_fnum(rent)}."
        return ContractSolution(
            contract=t, implemented_action=i, principal_value=value, agent_rent=rent,
            binding=tuple(binding), duals=None, implemented_label=self._action_label(i),
            extra={"alpha": best_alpha, "candidates": dict(table), "ratio": ratio,
                   "optimal_value": opt, "exact": exact},
            report=report)

    def __str__(self) -> str:
        return (f"MoralHazard with {self.num_actions} actions and {self.num_outcomes} outcomes: "
                f"costs {_fvec(self._ca)}, rewards {_fvec(self._ra)}, expected rewards "
                f"{_fvec(self.expected_rewards())}, outside option {_fnum(self._Ua)}"
                + (", limited liability" if self.limited_liability else ""))


# ----------------------------------------------------------------------------------------------
# risk-averse agent: Grossman–Hart
# ----------------------------------------------------------------------------------------------


# Grossman–Hart lives in its own module; the names stay importable from here (resolved lazily,
# so that importing ``contracts.agency.grossman_hart`` first is not a circular import).
_GROSSMAN_HART = ("GrossmanHart", "ImplementationCost", "Utility")


def __getattr__(name: str):
    if name in _GROSSMAN_HART:
        from . import grossman_hart

        return getattr(grossman_hart, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

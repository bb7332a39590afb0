"""Moral hazard with discrete actions and outcomes (MODELS.md §1).

Two models of hidden action:

* :class:`MoralHazard` — a risk-neutral agent protected by limited liability (Holmström 1979,
  Innes 1990, Dütting–Roughgarden–Talgam-Cohen 2019). For each action the principal solves the
  *min-pay LP* (HiGHS, or exactly in rational arithmetic); the optimal contract implements the
  action with the largest expected reward net of its minimum expected payment. The best *linear*
  contract (a share ``alpha`` of the reward) is found among the O(n²) breakpoints
  ``(c_i - c_k) / (R_i - R_k)``.
* :class:`GrossmanHart` — a risk-averse agent (utility ``u(w) - c_i``), solved by the
  Grossman–Hart (1983) two-step approach: the cost of implementing each action is a convex program
  in the utility levels ``v_j = u(w_j)``; closed forms are used where they exist (square-root
  utility with two actions; any utility with two actions and two outcomes) and verified by their
  KKT conditions, otherwise the convex program is solved numerically and its KKT multipliers are
  recovered by non-negative least squares.

Conventions: ``outcome_probs[i][j]`` is the probability of outcome ``j`` under action ``i``;
rewards accrue to the principal; the agent breaks ties in favour of the principal.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping

import numpy as np
from scipy.optimize import brentq, linprog, minimize, nnls

from .._validation import check_real
from ..games.normal_form import to_fraction
from ..exceptions import (ConvergenceError, InvalidGameError, InvalidParameterError,
                          UnsupportedGameError)
from ..results import format_number
from ._result import ContractSolution

__all__ = ["MoralHazard", "GrossmanHart", "ImplementationCost", "Utility"]

_ROW_TOL = 1e-9


# ----------------------------------------------------------------------------------------------
# input helpers
# ----------------------------------------------------------------------------------------------

def _as_fraction(where: str, name: str, x: Any) -> Fraction:
    """A real number as a Fraction (floats read as the decimal they print as)."""
    try:
        return to_fraction(x, where)
    except InvalidGameError as exc:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a finite real number, got {x!r}") from exc


def _vector(where: str, name: str, value: Any, length: int | None = None) -> tuple:
    try:
        items = list(value)
    except TypeError:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a sequence of numbers, got {value!r}") from None
    if length is not None and len(items) != length:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} has length {len(items)}; expected {length}")
    if not items:
        raise InvalidParameterError(f"{where}: parameter {name!r} must not be empty")
    return tuple(_as_fraction(where, f"{name}[{j}]", x) for j, x in enumerate(items))


def _stochastic_matrix(where: str, name: str, value: Any, labels_from_mapping=True):
    """Rows of a row-stochastic matrix as Fractions, plus the row labels if given as a mapping."""
    labels = None
    if isinstance(value, Mapping):
        labels = tuple(value.keys())
        value = [value[k] for k in labels]
    if isinstance(value, np.ndarray) and value.ndim != 2:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a 2-d matrix (actions x outcomes), "
            f"got an array of shape {value.shape}")
    try:
        rows = [list(r) for r in value]
    except TypeError:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a matrix (one row per action), got {value!r}"
        ) from None
    if not rows or not rows[0]:
        raise InvalidParameterError(f"{where}: parameter {name!r} must have at least one row "
                                    "and one column")
    m = len(rows[0])
    out = []
    for i, row in enumerate(rows):
        if len(row) != m:
            raise InvalidParameterError(
                f"{where}: parameter {name!r} is ragged: row {i} has {len(row)} entries; "
                f"expected {m}")
        fr = tuple(_as_fraction(where, f"{name}[{i}][{j}]", x) for j, x in enumerate(row))
        for j, p in enumerate(fr):
            if p < 0 or p > 1:
                raise InvalidParameterError(
                    f"{where}: parameter {name!r}[{i}][{j}] = {format_number(p)} is outside "
                    "its valid range [0, 1] (probabilities)")
        s = sum(fr)
        if abs(float(s) - 1.0) > _ROW_TOL:
            raise InvalidParameterError(
                f"{where}: parameter {name!r} must be row-stochastic: row {i} sums to "
                f"{format_number(float(s), 12)}; expected 1")
        out.append(fr)
    return tuple(out), labels


def _fnum(x) -> str:
    return format_number(x)


def _fvec(v) -> str:
    return "(" + ", ".join(_fnum(x) for x in v) + ")"


# ----------------------------------------------------------------------------------------------
# exact LP:  min c.x  s.t.  G x >= h  (rows),  x >= 0
# ----------------------------------------------------------------------------------------------

def _solve_square(A: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """Solve A x = b exactly (Gaussian elimination); None if A is singular."""
    n = len(A)
    M = [list(A[i]) + [b[i]] for i in range(n)]
    for col in range(n):
        piv = next((r for r in range(col, n) if M[r][col] != 0), None)
        if piv is None:
            return None
        M[col], M[piv] = M[piv], M[col]
        pv = M[col][col]
        for r in range(n):
            if r != col and M[r][col] != 0:
                f = M[r][col] / pv
                M[r] = [a - f * p for a, p in zip(M[r], M[col])]
    return [M[i][n] / M[i][i] for i in range(n)]


def _exact_lp(G, h, c, x_hint, *, max_guesses: int = 64):
    """Exact optimal vertex of ``min c.x s.t. G x >= h, x >= 0`` (feasible, bounded, ``c >= 0``).

    First the float solution ``x_hint`` guesses the active constraints and a basis among them is
    certified exactly (the vertex is feasible and its dual on the basis is non-negative); if no
    guess certifies, the dual ``max h.y s.t. G'y <= c, y >= 0`` (the origin is feasible since
    ``c >= 0``) is solved by the exact simplex of the pivoting kernel, whose dual prices are the
    optimal ``x``. Returns ``(x, y_rows, y_bounds)``.
    """
    m = len(c)
    rows = [list(g) for g in G] + [[Fraction(int(k == j)) for k in range(m)] for j in range(m)]
    rhs = list(h) + [Fraction(0)] * m
    nrows = len(G)
    xf = np.asarray(x_hint, dtype=float)
    slack = [float(sum(float(a) * x for a, x in zip(r, xf))) - float(b) for r, b in zip(rows, rhs)]
    order = sorted(range(len(rows)), key=lambda k: abs(slack[k]) / (1 + abs(float(rhs[k]))))
    active = [k for k in order if abs(slack[k]) <= 1e-7 * (1 + abs(float(rhs[k])))]

    def certify(S):
        x = _solve_square([rows[k] for k in S], [rhs[k] for k in S])
        if x is None:
            return None
        if any(sum(a * xi for a, xi in zip(r, x)) < b for r, b in zip(rows, rhs)):
            return None
        AT = [[rows[k][j] for k in S] for j in range(m)]
        y = _solve_square(AT, list(c))
        if y is None or any(v < 0 for v in y):
            return None
        return x, dict(zip(S, y))

    if len(active) >= m:
        for S in itertools.islice(itertools.combinations(active, m), max_guesses):
            out = certify(S)
            if out is not None:
                x, ys = out
                y_rows = [ys.get(k, Fraction(0)) for k in range(nrows)]
                y_bounds = [ys.get(nrows + j, Fraction(0)) for j in range(m)]
                return x, y_rows, y_bounds
    # the dual LP, exactly: its optimal dual prices are the optimal payments
    from .._linalg.simplex import exact_simplex
    GT = [[G[k][j] for k in range(nrows)] for j in range(m)]
    try:
        y_rows, x, _ = exact_simplex(list(h), GT, list(c), caller="MoralHazard.min_pay")
    except ConvergenceError:
        raise ConvergenceError("MoralHazard.min_pay: exact mode found no optimal basis "
                               "(the LP looked feasible in floating point but is not "
                               "exactly)") from None
    y_bounds = [c[j] - sum(G[k][j] * y_rows[k] for k in range(nrows)) for j in range(m)]
    return x, y_rows, y_bounds


# ----------------------------------------------------------------------------------------------
# risk-neutral agent with limited liability
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class MoralHazard:
    """Hidden action, risk-neutral agent, limited liability: the min-pay LP (MODELS.md §1.1).

    The principal offers payments ``t_j`` per observable outcome ``j``; the agent accepts (outside
    option ``reservation``) and privately picks an action ``i`` at cost ``c_i``; the outcome is
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
    reservation : float, default 0
        The agent's outside option (IR: ``T_i - c_i >= reservation``).
    limited_liability : bool, default True
        Payments must be non-negative (``t >= 0``). Without it the principal "sells the project":
        any implementable action costs exactly ``c_i + reservation``.
    actions : sequence of str, optional
        Labels of the actions (taken from the keys when ``outcome_probs`` is a mapping).

    Examples
    --------
    >>> mh = MoralHazard([[0.8, 0.2], [0.2, 0.8]], rewards=[0, 10], costs=[0, 1])
    >>> sol = mh.solve()
    >>> sol.implemented_action, round(sol.principal_value, 6)
    (1, 6.666667)
    >>> mh.solve(exact=True).principal_value
    Fraction(20, 3)
    >>> mh.best_linear_contract(exact=True).extra["alpha"]
    Fraction(1, 6)
    """

    outcome_probs: Any
    rewards: Any
    costs: Any
    reservation: Any = 0
    limited_liability: bool = True
    actions: Any = None
    _F: tuple = field(init=False, repr=False, compare=False)
    _r: tuple = field(init=False, repr=False, compare=False)
    _c: tuple = field(init=False, repr=False, compare=False)
    _U: Fraction = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        where = "MoralHazard"
        F, labels = _stochastic_matrix(where, "outcome_probs", self.outcome_probs)
        n, m = len(F), len(F[0])
        costs = self.costs
        if isinstance(costs, Mapping):
            if labels is None or set(costs) != set(labels):
                raise InvalidParameterError(
                    f"{where}: parameter 'costs' is a mapping with keys {list(costs)}; expected "
                    f"the action labels {list(labels) if labels else list(range(n))}")
            costs = [costs[k] for k in labels]
        c = _vector(where, "costs", costs, n)
        for i, ci in enumerate(c):
            if ci < 0:
                raise InvalidParameterError(
                    f"{where}: parameter 'costs'[{i}] = {_fnum(ci)} is outside its valid range "
                    "[0, inf) (costs are non-negative)")
        r = _vector(where, "rewards", self.rewards, m)
        U = _as_fraction(where, "reservation", self.reservation)
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
        object.__setattr__(self, "actions", acts)
        object.__setattr__(self, "_F", F)
        object.__setattr__(self, "_r", r)
        object.__setattr__(self, "_c", c)
        object.__setattr__(self, "_U", U)
        object.__setattr__(self, "outcome_probs", np.array(F, dtype=float))
        object.__setattr__(self, "rewards", np.array(r, dtype=float))
        object.__setattr__(self, "costs", np.array(c, dtype=float))
        object.__setattr__(self, "reservation", float(U))
        for a in (self.outcome_probs, self.rewards, self.costs):
            a.setflags(write=False)

    # -- basic quantities --------------------------------------------------------------------
    @property
    def num_actions(self) -> int:
        return len(self._F)

    @property
    def num_outcomes(self) -> int:
        return len(self._F[0])

    def expected_rewards(self, exact: bool = False) -> np.ndarray:
        """``R_i = sum_j F_ij r_j`` for every action."""
        if exact:
            return np.array([sum(f * x for f, x in zip(row, self._r)) for row in self._F],
                            dtype=object)
        return self.outcome_probs @ self.rewards

    def label(self, action: int) -> str:
        """Readable name of an action."""
        return f"action {action}" if self.actions is None else f"action {self.actions[action]!r}"

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
        return self.outcome_probs, self.rewards, self.costs, self.reservation

    # -- IC / IR / LL check ---------------------------------------------------------------------
    def check_contract(self, contract, action, tol: float = 1e-9) -> dict:
        """Slack of every constraint of implementing ``action`` with payments ``contract``.

        Returns a dict with keys ``"IC"`` (list of slacks against each other action),
        ``"IR"`` and ``"LL"`` (list per outcome; only with limited liability) and ``"ok"``.
        A negative slack (beyond ``tol``) is a violation; exact inputs are checked exactly.
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
        res = linprog(obj, A_ub=-Gf if len(G) else None, b_ub=-hf if len(G) else None,
                      bounds=[(0, None)] * m, method="highs-ds")
        if res.status == 2:
            return self._infeasible(i, R_i, exact)
        if res.status != 0:
            raise ConvergenceError(f"MoralHazard.min_pay: HiGHS failed on {self.label(i)}: "
                                   f"{res.message}")
        if exact:
            t, y_rows, y_bounds = _exact_lp(G, h, list(F[i]), res.x)
        else:
            t = [float(x) for x in res.x]
            y_rows = [float(-v) for v in res.ineqlin.marginals] if len(G) else []
            y_bounds = [float(v) for v in res.lower.marginals]
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
            binding=tuple(binding), duals=duals,
            extra={"feasible": True, "expected_payment": pay, "expected_reward": R_i,
                   "exact": exact, "zero_payment_outcomes": tuple(zero)},
            report=self._minpay_report(i, contract, pay, value, rent, binding))

    def _infeasible(self, i, R_i, exact) -> ContractSolution:
        inf = math.inf
        return ContractSolution(
            contract=None, implemented_action=i, principal_value=-inf, agent_rent=None,
            binding=(), duals=None,
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
                                s.duals, extra, report)

    # -- linear contracts -----------------------------------------------------------------------
    def best_linear_contract(self, *, exact: bool = False) -> ContractSolution:
        """The best linear contract ``t = alpha * r`` (share ``alpha`` of the reward).

        The agent picks the top of the upper envelope of the lines ``alpha R_i - c_i`` (ties broken
        for the principal), so the optimal ``alpha`` is 0 or a breakpoint
        ``(c_i - c_k) / (R_i - R_k)`` (or an IR breakpoint ``(c_i + reservation) / R_i``) in
        [0, 1]; every candidate is evaluated.

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
            binding=tuple(binding), duals=None,
            extra={"alpha": best_alpha, "candidates": dict(table), "ratio": ratio,
                   "optimal_value": opt, "exact": exact},
            report=report)

    def __str__(self) -> str:
        return (f"MoralHazard with {self.num_actions} actions and {self.num_outcomes} outcomes: "
                f"costs {_fvec(self.costs)}, rewards {_fvec(self.rewards)}, expected rewards "
                f"{_fvec(self.expected_rewards())}, outside option {_fnum(self.reservation)}"
                + (", limited liability" if self.limited_liability else ""))


# ----------------------------------------------------------------------------------------------
# risk-averse agent: Grossman–Hart
# ----------------------------------------------------------------------------------------------

def _scalar_or_array(x):
    a = np.asarray(x, dtype=float)
    return float(a) if a.ndim == 0 else a


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
                   lambda v: _scalar_or_array(2.0 * np.asarray(v, dtype=float)), 0.0, math.inf,
                   "sqrt")

    @classmethod
    def cara(cls, risk_aversion: float) -> "Utility":
        """``u(w) = (1 - exp(-a w)) / a`` (constant absolute risk aversion ``a``); any wage."""
        a = float(check_real("Utility.cara", "risk_aversion", risk_aversion, low=0,
                             low_open=True))
        return cls(f"cara(a={_fnum(a)})",
                   lambda w: _scalar_or_array(-np.expm1(-a * np.asarray(w, dtype=float)) / a),
                   lambda v: _scalar_or_array(-np.log1p(-a * np.asarray(v, dtype=float)) / a),
                   lambda v: _scalar_or_array(1.0 / (1.0 - a * np.asarray(v, dtype=float))),
                   -math.inf, 1.0 / a, "cara", a)

    @classmethod
    def log(cls) -> "Utility":
        """``u(w) = log(w)``, wages ``w > 0``; ``h(v) = exp(v)``."""
        return cls("log", lambda w: _scalar_or_array(np.log(w)),
                   lambda v: _scalar_or_array(np.exp(v)), lambda v: _scalar_or_array(np.exp(v)),
                   -math.inf, math.inf, "log")

    @classmethod
    def from_function(cls, u: Callable, *, wage_floor: float = 0.0, inverse: Callable | None = None,
                      name: str = "custom") -> "Utility":
        """Wrap any strictly increasing concave ``u`` defined for wages ``>= wage_floor``.

        The inverse is found by root finding unless given; ``h'`` by ``1/u'`` with a central
        difference.
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

        return cls(name, u, h, hprime, lo, math.inf, "custom")


@dataclass(frozen=True, eq=False)
class ImplementationCost:
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


@dataclass(frozen=True, eq=False)
class GrossmanHart:
    """Risk-averse agent: the Grossman–Hart (1983) two-step approach (MODELS.md §1.2).

    The agent's utility is ``u(w) - c_i`` with reservation utility ``U``. Step 1 computes, for
    each action, the least expected wage bill ``C(i) = min sum_j F_ij h(v_j)`` over utility
    levels ``v`` subject to IR and IC (a convex program; ``h = u^{-1}``); step 2 implements the
    action maximising ``R_i - C(i)``. Optimality (Holmström–Mirrlees):
    ``h'(v_j) = 1/u'(w_j) = λ + Σ_k μ_k (1 - F_kj / F_ij)``.

    Parameters
    ----------
    outcome_probs : array_like (n_actions, n_outcomes) or mapping label -> row
    costs : array_like or mapping label -> cost
        Non-negative utility costs of effort.
    rewards : array_like, shape (n_outcomes,)
        The principal's gross reward per outcome.
    utility : {"sqrt", "cara", "log"} or callable or Utility, default "sqrt"
        The agent's utility of money. A callable is wrapped by :meth:`Utility.from_function`.
    reservation_utility : float, default 0
    risk_aversion : float, optional
        The CARA coefficient (required with ``utility="cara"``).
    actions : sequence, optional
        Action labels (taken from the keys when ``outcome_probs`` is a mapping).

    Examples
    --------
    >>> gh = GrossmanHart({"H": [.25, .75], "L": [.75, .25]}, {"H": 1.0, "L": 0.0},
    ...                   rewards=[0, 20], utility="sqrt", reservation_utility=2.0)
    >>> c = gh.implementation_cost("H")
    >>> round(c.cost, 6), round(c.agency_cost, 6), round(c.lam, 6), round(c.mu["L"], 6)
    (9.75, 0.75, 6.0, 1.5)
    >>> gh.solve().implemented_action
    'H'
    """

    outcome_probs: Any
    costs: Any
    rewards: Any
    utility: Any = "sqrt"
    reservation_utility: float = 0.0
    risk_aversion: float | None = None
    actions: Any = None
    _util: Utility = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        where = "GrossmanHart"
        F, labels = _stochastic_matrix(where, "outcome_probs", self.outcome_probs)
        n, m = len(F), len(F[0])
        acts = tuple(self.actions) if self.actions is not None else (
            labels if labels is not None else tuple(range(n)))
        if len(acts) != n:
            raise InvalidParameterError(
                f"{where}: parameter 'actions' has {len(acts)} labels; expected {n}")
        costs = self.costs
        if isinstance(costs, Mapping):
            if set(costs) != set(acts):
                raise InvalidParameterError(
                    f"{where}: parameter 'costs' has keys {list(costs)}; expected the action "
                    f"labels {list(acts)}")
            costs = [costs[k] for k in acts]
        c = _vector(where, "costs", costs, n)
        for i, ci in enumerate(c):
            if ci < 0:
                raise InvalidParameterError(
                    f"{where}: parameter 'costs'[{acts[i]!r}] = {_fnum(ci)} is outside its valid "
                    "range [0, inf) (costs are non-negative)")
        r = _vector(where, "rewards", self.rewards, m)
        U = float(check_real(where, "reservation_utility", self.reservation_utility))
        util = self.utility
        if isinstance(util, Utility):
            pass
        elif isinstance(util, str):
            key = util.lower()
            if key == "sqrt":
                util = Utility.sqrt()
            elif key == "log":
                util = Utility.log()
            elif key == "cara":
                if self.risk_aversion is None:
                    raise InvalidParameterError(
                        f"{where}: utility='cara' needs parameter 'risk_aversion' (> 0)")
                util = Utility.cara(self.risk_aversion)
            else:
                raise InvalidParameterError(
                    f"{where}: parameter 'utility' = {self.utility!r} is not one of 'sqrt', "
                    "'cara', 'log', a callable or a Utility")
        elif callable(util):
            util = Utility.from_function(util)
        else:
            raise InvalidParameterError(
                f"{where}: parameter 'utility' must be 'sqrt', 'cara', 'log', a callable or a "
                f"Utility; got {util!r}")
        object.__setattr__(self, "_util", util)
        object.__setattr__(self, "actions", acts)
        object.__setattr__(self, "outcome_probs", np.array(F, dtype=float))
        object.__setattr__(self, "costs", np.array(c, dtype=float))
        object.__setattr__(self, "rewards", np.array(r, dtype=float))
        object.__setattr__(self, "reservation_utility", U)
        for a in (self.outcome_probs, self.costs, self.rewards):
            a.setflags(write=False)
        for i in range(n):
            if not util.lower <= U + float(c[i]) < util.upper:
                raise InvalidParameterError(
                    f"{where}: reservation utility plus the cost of {acts[i]!r} "
                    f"({_fnum(U + float(c[i]))}) is outside the attainable utility range "
                    f"[{util.lower}, {util.upper}) of {util.name}")

    @property
    def num_actions(self) -> int:
        return self.outcome_probs.shape[0]

    @property
    def num_outcomes(self) -> int:
        return self.outcome_probs.shape[1]

    @property
    def utility_function(self) -> Utility:
        return self._util

    def _index(self, action) -> int:
        if action in self.actions:
            return self.actions.index(action)
        raise InvalidParameterError(
            f"GrossmanHart: parameter 'action' = {action!r} is not one of {list(self.actions)}")

    def expected_rewards(self) -> np.ndarray:
        return self.outcome_probs @ self.rewards

    def chi2(self, action=None, against=None) -> float:
        """Chi-square divergence ``sum_j F_kj^2 / F_ij - 1`` of ``against`` from ``action``.

        Defaults (two actions): the costlier action against the cheaper one.
        """
        if action is None or against is None:
            if self.num_actions != 2:
                raise InvalidParameterError(
                    "GrossmanHart.chi2: name 'action' and 'against' when there are more than two "
                    "actions")
            i = int(np.argmax(self.costs))
            k = 1 - i
        else:
            i, k = self._index(action), self._index(against)
        Fi, Fk = self.outcome_probs[i], self.outcome_probs[k]
        if np.any(Fi <= 0):
            return math.inf
        return float(np.sum(Fk ** 2 / Fi) - 1.0)

    # -- step 1 ---------------------------------------------------------------------------------
    def implementation_cost(self, action, *, method: str = "auto") -> ImplementationCost:
        """Least expected wage bill implementing ``action`` (Grossman–Hart step 1).

        Parameters
        ----------
        action : label
        method : {"auto", "closed_form", "numerical"}
            ``"auto"`` uses a closed form when one applies and passes its KKT check, else the
            convex program.
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
        F, c, U = self.outcome_probs, self.costs, self.reservation_utility
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
        F, c, U, util = self.outcome_probs, self.costs, self.reservation_utility, self._util
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
        F, c, U, util = self.outcome_probs, self.costs, self.reservation_utility, self._util
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
        F, c, U, util = self.outcome_probs, self.costs, self.reservation_utility, self._util
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
        lp = linprog(np.zeros(m), A_ub=-A, b_ub=-b, bounds=[(lo, hi)] * m, method="highs")
        if lp.status == 2:
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
        F, util = self.outcome_probs, self._util
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

        Returns
        -------
        ContractSolution
            ``contract``: wages per outcome; ``duals``: ``{"IR": λ, "IC against k": μ_k}``;
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
        F, c, U = self.outcome_probs, self.costs, self.reservation_utility
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
        return ContractSolution(ic.wages, best, values[best], rent, tuple(binding), duals, extra,
                                report)

"""Common agency: the menu auction of Bernheim and Whinston (1986).

Several principals (district bureau, subdistrict office, community committee) simultaneously
offer the agency (the SO) non-negative payment schedules ``b_j(a)`` over its actions; the agency
picks ``argmax_a u0(a) + sum_j b_j(a)``. Principal ``j`` gets ``v_j(a) - b_j(a)``.

With ``W(S) = max_a u0(a) + sum_{j in S} v_j(a)``:

* truthful schedules ``b_j(a) = max(0, v_j(a) - pi_j)`` implement an efficient action;
* truthful-equilibrium payoff vectors satisfy ``sum_{j in S} pi_j <= W(N) - W(N minus S)`` for
  every coalition ``S``, each principal lying in a binding coalition;
* ``j`` is best-responding iff its payoff equals
  ``max_a [v_j + u0 + sum_{k != j} b_k](a) - max_a [u0 + sum_{k != j} b_k](a)``.

:class:`MenuAuction` computes the coalition bounds, payoff bounds by linear programming (scipy
HiGHS), the principal-preferred truthful equilibrium, and checks any schedules for equilibrium.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np

from .._deprecate import keyword_only
from .._linalg import solve_lp
from .._result import Result
from ..exceptions import InvalidParameterError
from ..results import format_number

__all__ = ["MenuAuction", "MenuAuctionSolution", "MenuEquilibriumCheck", "PayoffBounds"]

_fmt = format_number
_MAX_PRINCIPALS = 16


def _fmt_map(m: Mapping) -> str:
    return ", ".join(f"{k} {_fmt(v)}" for k, v in m.items())


@dataclass(frozen=True, repr=False)
class MenuEquilibriumCheck(Result):
    """Whether given schedules form a Nash equilibrium of the menu auction.

    Attributes
    ----------
    is_equilibrium : bool
        Whether no principal gains by changing its schedule.
    chosen_action : str
        The agency's choice (ties broken in favour of total surplus, i.e. the efficient action).
    agent_payoff : float
        The agency's payoff ``u0(a) + sum_j b_j(a)`` at the chosen action.
    principal_payoffs : Mapping[str, float]
        ``v_j(a) - b_j(a)`` at the chosen action.
    best_response_payoffs : Mapping[str, float]
        What each principal could get by best-responding to the others' schedules.
    gains : Mapping[str, float]
        ``best_response_payoffs - principal_payoffs`` (positive: a profitable deviation).
    schedules : Mapping[str, Mapping[str, float]]
        The payment each principal offers for each action.

    Examples
    --------
    >>> m = MenuAuction(actions=["a", "b"], agent_payoffs=[0, 0],
    ...                 principal_values={"P": [2, 0], "Q": [0, 1]})
    >>> c = m.check(payoffs={"P": 1, "Q": 0})
    >>> c.is_equilibrium, c.chosen_action
    (True, 'a')
    """

    is_equilibrium: bool
    chosen_action: str
    agent_payoff: float
    principal_payoffs: Mapping
    best_response_payoffs: Mapping
    gains: Mapping
    schedules: Mapping

    def __bool__(self) -> bool:
        return self.is_equilibrium

    def __str__(self) -> str:
        head = (f"the agency chooses {self.chosen_action} (its payoff {_fmt(self.agent_payoff)}); "
                f"principals get {_fmt_map(self.principal_payoffs)}")
        if self.is_equilibrium:
            return head + "; no principal can do better by changing its schedule: an equilibrium"
        dev = {k: v for k, v in self.gains.items() if v > 0}
        return head + "; not an equilibrium: " + ", ".join(
            f"{k} could get {_fmt(self.best_response_payoffs[k])} (gain {_fmt(g)})"
            for k, g in dev.items())


@dataclass(frozen=True, repr=False)
class PayoffBounds(Result):
    """Bounds on truthful-equilibrium payoffs from the coalition constraints (LP, HiGHS).

    Attributes
    ----------
    max_total : float
        Largest total principal payoff (the principal-preferred truthful equilibria).
    argmax_total : Mapping[str, float]
        One payoff vector attaining it (a vertex; it need not be unique).
    max_individual : Mapping[str, float]
        Largest payoff of each principal in any truthful equilibrium.
    binding : tuple of tuple
        Coalitions whose constraint binds at ``argmax_total``.
    duals : Mapping[tuple, float]
        Shadow prices of the coalition constraints at ``argmax_total``.

    Examples
    --------
    >>> m = MenuAuction(actions=["a", "b"], agent_payoffs=[0, 0],
    ...                 principal_values={"P": [2, 0], "Q": [0, 1]})
    >>> b = m.payoff_bounds()
    >>> round(b.max_total, 6), {k: round(v, 6) + 0.0 for k, v in b.max_individual.items()}
    (1.0, {'P': 1.0, 'Q': 0.0})
    """

    max_total: float
    argmax_total: Mapping
    max_individual: Mapping
    binding: tuple
    duals: Mapping


@dataclass(frozen=True, repr=False)
class MenuAuctionSolution(Result):
    """The principal-preferred truthful Nash equilibrium of a menu auction.

    Attributes
    ----------
    efficient_action : str
        The action that maximises total surplus, which the agency chooses.
    total_surplus : float
        ``W(N)``, the agency's payoff plus every principal's value at that action.
    principal_payoffs : Mapping[str, float]
        Each principal's net payoff in the equilibrium.
    schedules : Mapping[str, Mapping[str, float]]
        The truthful payment schedules that support it.
    agent_payoff : float
        The agency's payoff including the payments it receives.
    marginal_contributions : Mapping[str, float]
        ``W(N) - W(N minus j)`` for each principal.
    marginal_contributions_feasible : bool
        Whether every principal can receive its marginal contribution at once.
    check : MenuEquilibriumCheck
        The verification that the schedules form a Nash equilibrium.

    Examples
    --------
    >>> m = MenuAuction(actions=["a", "b"], agent_payoffs=[0, 0],
    ...                 principal_values={"P": [2, 0], "Q": [0, 1]})
    >>> s = m.solve()
    >>> s.efficient_action, s.marginal_contributions_feasible, bool(s.check)
    ('a', True, True)
    """

    efficient_action: str
    total_surplus: float
    principal_payoffs: Mapping
    schedules: Mapping
    agent_payoff: float
    marginal_contributions: Mapping
    marginal_contributions_feasible: bool
    check: MenuEquilibriumCheck

    def __str__(self) -> str:
        text = (f"menu auction: truthful schedules implement the efficient action "
                f"{self.efficient_action} (total surplus {_fmt(self.total_surplus)}); in the "
                f"principal-preferred truthful equilibrium the principals get "
                f"{_fmt_map(self.principal_payoffs)} and the agency keeps a rent of "
                f"{_fmt(self.agent_payoff)}")
        if self.marginal_contributions_feasible:
            text += " (each principal earns its marginal contribution)"
        else:
            text += (" (marginal contributions are not jointly feasible: competition among the "
                     "principals leaves the agency more)")
        return text + ("; verified: no principal gains by deviating" if self.check.is_equilibrium
                       else "; WARNING: the equilibrium check failed")


@keyword_only(2)
@dataclass(frozen=True, eq=False)
class MenuAuction:
    """A menu auction (Bernheim–Whinston 1986) over a finite set of agency actions.

    Parameters
    ----------
    actions : sequence of str
        The agency's actions.
    agent_payoffs : mapping action -> float, or sequence
        ``u0(a)``, the agency's own payoff of each action.
    principal_values : mapping principal -> (mapping action -> float, or sequence)
        ``v_j(a)``, each principal's value of each action.
    tol : float
        Tolerance for ties and for the equilibrium check.

    Examples
    --------
    >>> m = MenuAuction(["indicators", "admin", "casework"], [0, 0, 0],
    ...                 principal_values={"District": [4, 0, 3], "Subdistrict": [0, 4, 3]})
    >>> s = m.solve()
    >>> s.efficient_action, dict(s.principal_payoffs), s.agent_payoff
    ('casework', {'District': 2.0, 'Subdistrict': 2.0}, 2.0)
    """

    actions: Sequence
    agent_payoffs: Any
    principal_values: Mapping
    tol: float = 1e-9

    def __post_init__(self):
        w = "MenuAuction"
        try:
            actions = tuple(str(a) for a in self.actions)
        except TypeError:
            raise InvalidParameterError(
                f"{w}: parameter 'actions' must be a sequence of names, got {self.actions!r}") \
                from None
        if not actions:
            raise InvalidParameterError(f"{w}: parameter 'actions' must not be empty")
        if len(set(actions)) != len(actions):
            raise InvalidParameterError(f"{w}: action names must be distinct, got {actions!r}")
        object.__setattr__(self, "actions", actions)
        u0 = self._vector("agent_payoffs", self.agent_payoffs)
        if not isinstance(self.principal_values, Mapping) or not self.principal_values:
            raise InvalidParameterError(
                f"{w}: parameter 'principal_values' must be a non-empty mapping principal -> "
                f"values, got {self.principal_values!r}")
        if len(self.principal_values) > _MAX_PRINCIPALS:
            raise InvalidParameterError(
                f"{w}: at most {_MAX_PRINCIPALS} principals (2^n coalitions), got "
                f"{len(self.principal_values)}")
        names = tuple(str(k) for k in self.principal_values)
        if len(set(names)) != len(names):
            raise InvalidParameterError(f"{w}: principal names must be distinct, got {names!r}")
        V = np.array([self._vector(f"principal_values[{k!r}]", v)
                      for k, v in self.principal_values.items()])
        if not (isinstance(self.tol, (int, float)) and 0 < self.tol < 1):
            raise InvalidParameterError(f"{w}: parameter 'tol' must be in (0, 1), got {self.tol!r}")
        object.__setattr__(self, "principal_values",
                           MappingProxyType({n: MappingProxyType(dict(zip(actions, row.tolist())))
                                             for n, row in zip(names, V)}))
        object.__setattr__(self, "agent_payoffs",
                           MappingProxyType(dict(zip(actions, u0.tolist()))))
        object.__setattr__(self, "_u0", u0)
        object.__setattr__(self, "_V", V)
        object.__setattr__(self, "_names", names)

    def _vector(self, name, values) -> np.ndarray:
        w = "MenuAuction"
        if isinstance(values, Mapping):
            missing = [a for a in self.actions if a not in values]
            extra = [a for a in values if a not in self.actions]
            if missing or extra:
                raise InvalidParameterError(
                    f"{w}: {name} must give a value for each action {self.actions}; "
                    f"missing {missing}, unknown {extra}")
            values = [values[a] for a in self.actions]
        try:
            vec = [float(x) for x in values]
        except (TypeError, ValueError):
            raise InvalidParameterError(
                f"{w}: {name} must be numbers, one per action, got {values!r}") from None
        if len(vec) != len(self.actions):
            raise InvalidParameterError(
                f"{w}: {name} has {len(vec)} entries; expected {len(self.actions)} (one per "
                "action)")
        if not all(math.isfinite(x) for x in vec):
            raise InvalidParameterError(f"{w}: {name} must be finite, got {vec!r}")
        return np.array(vec, dtype=float)

    # -- coalition values -----------------------------------------------------------------
    @property
    def principals(self) -> tuple:
        """The principals' names, in the given order."""
        return self._names

    def _index(self, coalition) -> list[int]:
        if isinstance(coalition, str):
            coalition = (coalition,)
        idx = []
        for c in coalition:
            if c not in self._names:
                raise InvalidParameterError(
                    f"MenuAuction: unknown principal {c!r}; expected one of {self._names}")
            idx.append(self._names.index(c))
        return sorted(set(idx))

    def welfare(self, coalition=None) -> float:
        """``W(S) = max_a u0(a) + sum_{j in S} v_j(a)`` (all principals when None).

        Parameters
        ----------
        coalition : iterable of str, optional
            The principals whose values count; None means all of them.

        Returns
        -------
        float
            The largest joint surplus of the agency and the coalition.
        """
        idx = range(len(self._names)) if coalition is None else self._index(coalition)
        return float(np.max(self._u0 + self._V[list(idx)].sum(axis=0)))

    @property
    def efficient_action(self) -> str:
        """An action maximising total surplus ``u0 + sum_j v_j`` (first on ties)."""
        return self.actions[int(np.argmax(self._u0 + self._V.sum(axis=0)))]

    def coalitions(self) -> list[tuple]:
        """All non-empty coalitions, as tuples of principal names in the given order.

        Returns
        -------
        list of tuple of str
            Every non-empty subset of the principals.
        """
        n = len(self._names)
        return [tuple(self._names[i] for i in c) for r in range(1, n + 1)
                for c in itertools.combinations(range(n), r)]

    def coalition_bounds(self) -> dict:
        """``W(N) - W(N minus S)`` for every non-empty coalition ``S``.

        Returns
        -------
        dict
            Coalition tuple -> the most its members can jointly earn in a truthful equilibrium.
        """
        wn = self.welfare()
        out = {}
        for S in self.coalitions():
            rest = [p for p in self._names if p not in S]
            out[S] = wn - self.welfare(rest)
        return out

    def marginal_contributions(self) -> dict:
        """``W(N) - W(N minus j)`` for each principal.

        Returns
        -------
        dict
            Principal name -> its marginal contribution to total surplus.
        """
        b = self.coalition_bounds()
        return {p: b[(p,)] for p in self._names}

    # -- LP payoff bounds -----------------------------------------------------------------
    def payoff_bounds(self) -> PayoffBounds:
        """Largest total and individual truthful-equilibrium payoffs (scipy HiGHS LPs).

        Returns
        -------
        PayoffBounds
            The bounds, one maximising payoff vector, binding coalitions and shadow prices.
        """
        bounds = self.coalition_bounds()
        coal = list(bounds)
        n = len(self._names)
        A = np.array([[1.0 if p in S else 0.0 for p in self._names] for S in coal])
        b = np.array([bounds[S] for S in coal])

        def lp(c):
            # the grand coalition bounds every LP, so it always has an optimum
            return solve_lp(-np.asarray(c, dtype=float), A_ub=A, b_ub=b,
                            bounds=[(None, None)] * n, method="highs",
                            caller="MenuAuction.payoff_bounds")
        tot = lp(np.ones(n))
        slack = b - A @ tot.x
        binding = tuple(S for S, s in zip(coal, slack) if abs(s) <= self.tol * (1 + abs(b.max())))
        duals = {S: float(-m) for S, m in zip(coal, tot.ineq_duals)}
        indiv = {p: float(-lp(np.eye(n)[i]).fun) for i, p in enumerate(self._names)}
        return PayoffBounds(float(-tot.fun), MappingProxyType(dict(zip(self._names,
                                                                        tot.x.tolist()))),
                            MappingProxyType(indiv), binding, MappingProxyType(duals))

    # -- schedules and the equilibrium check --------------------------------------------------
    def truthful_schedules(self, payoffs: Mapping) -> dict:
        """Truthful schedules ``b_j(a) = max(0, v_j(a) - pi_j)`` relative to payoffs ``pi``.

        Parameters
        ----------
        payoffs : mapping principal -> float
            The net payoff ``pi_j`` each principal is to keep.

        Returns
        -------
        dict
            Principal name -> {action: payment}.
        """
        pi = self._payoff_vector(payoffs)
        B = np.maximum(0.0, self._V - pi[:, None])
        return {p: dict(zip(self.actions, B[i].tolist())) for i, p in enumerate(self._names)}

    def _payoff_vector(self, payoffs) -> np.ndarray:
        if not isinstance(payoffs, Mapping) or set(payoffs) != set(self._names):
            raise InvalidParameterError(
                f"MenuAuction: payoffs must be a mapping with one entry per principal "
                f"{self._names}, got {payoffs!r}")
        vec = []
        for p in self._names:
            try:
                x = float(payoffs[p])
            except (TypeError, ValueError):
                x = float("nan")
            if not math.isfinite(x):
                raise InvalidParameterError(
                    f"MenuAuction: payoff of {p!r} must be a finite number, got {payoffs[p]!r}")
            vec.append(x)
        return np.array(vec)

    def _schedule_matrix(self, schedules: Mapping) -> np.ndarray:
        if not isinstance(schedules, Mapping) or set(schedules) != set(self._names):
            raise InvalidParameterError(
                f"MenuAuction.check: schedules must be a mapping with one schedule per principal "
                f"{self._names}, got {schedules!r}")
        B = np.array([self._vector(f"schedule of {p!r}", schedules[p]) for p in self._names])
        if np.any(B < 0):
            raise InvalidParameterError(
                "MenuAuction.check: schedules must be non-negative (principals cannot tax the "
                f"agency), got a minimum of {B.min()!r}")
        return B

    def check(self, schedules: Mapping | None = None, *, payoffs: Mapping | None = None
              ) -> MenuEquilibriumCheck:
        """Check schedules (or the truthful schedules of ``payoffs``) for equilibrium.

        Parameters
        ----------
        schedules : mapping principal -> (mapping action -> float), optional
            Each principal's payment for each action.
        payoffs : mapping principal -> float, optional
            Check the truthful schedules relative to these net payoffs instead.

        Returns
        -------
        MenuEquilibriumCheck
            Whether the schedules are an equilibrium and each principal's best deviation gain.

        Raises
        ------
        InvalidParameterError
            If neither or both of ``schedules`` and ``payoffs`` are given, or they are malformed.

        Examples
        --------
        >>> m = MenuAuction(["i", "a", "c"], [0, 0, 2],
        ...                 principal_values={"D": [6, 1, 2], "S": [1, 5, 2], "C": [0, 2, 3]})
        >>> m.check(payoffs={"D": 2, "S": 1.5, "C": 1.5}).is_equilibrium
        True
        >>> dict(m.check(payoffs={"D": 2, "S": 1, "C": 1}).best_response_payoffs)
        {'D': 2.0, 'S': 2.0, 'C': 2.0}
        """
        if (schedules is None) == (payoffs is None):
            raise InvalidParameterError(
                "MenuAuction.check: give exactly one of 'schedules' and 'payoffs'")
        if payoffs is not None:
            schedules = self.truthful_schedules(payoffs)
        B = self._schedule_matrix(schedules)
        u0, V = self._u0, self._V
        agent = u0 + B.sum(axis=0)
        best = agent.max()
        ties = np.nonzero(agent >= best - self.tol * (1 + abs(best)))[0]
        surplus = u0 + V.sum(axis=0)
        a = int(ties[np.argmax(surplus[ties])])
        actual, br = {}, {}
        for i, p in enumerate(self._names):
            others = u0 + B.sum(axis=0) - B[i]
            br[p] = float(np.max(V[i] + others) - np.max(others))
            actual[p] = float(V[i, a] - B[i, a])
        gains = {p: br[p] - actual[p] for p in self._names}
        ok = all(g <= self.tol * (1 + abs(br[p])) for p, g in gains.items())
        sched = {p: MappingProxyType(dict(zip(self.actions, B[i].tolist())))
                 for i, p in enumerate(self._names)}
        return MenuEquilibriumCheck(bool(ok), self.actions[a], float(best),
                                    MappingProxyType(actual), MappingProxyType(br),
                                    MappingProxyType(gains), MappingProxyType(sched))

    def solve(self) -> MenuAuctionSolution:
        """The principal-preferred truthful equilibrium (max total principal payoff), verified.

        When the marginal contributions satisfy every coalition constraint (with two principals:
        ``sum_j (W(N) - W(N minus j)) <= W(N) - W(empty)``) each principal gets its marginal
        contribution; otherwise a vertex of the LP is returned (the maximiser need not be
        unique).

        Returns
        -------
        MenuAuctionSolution
            The efficient action, payoffs, supporting schedules and their equilibrium check.
        """
        mc = self.marginal_contributions()
        feasible = all(sum(mc[p] for p in S) <= bound + self.tol * (1 + abs(bound))
                       for S, bound in self.coalition_bounds().items())
        if feasible:
            pi = {p: float(v) for p, v in mc.items()}
        else:
            pi = dict(self.payoff_bounds().argmax_total)
        chk = self.check(payoffs=pi)
        return MenuAuctionSolution(self.efficient_action, self.welfare(), MappingProxyType(pi),
                                   chk.schedules, chk.agent_payoff, MappingProxyType(mc),
                                   bool(feasible), chk)

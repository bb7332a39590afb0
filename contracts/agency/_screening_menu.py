"""Screening menus, their incentive-compatibility check, and shared screening helpers.

Re-exported by :mod:`contracts.agency.screening`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
from scipy.optimize import brentq

from .._result import Result
from .._validation import check_real
from ..exceptions import InvalidParameterError
from ..results import format_number


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

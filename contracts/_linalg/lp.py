"""One linear-programming helper over HiGHS, with one failure policy.

Every LP in :mod:`contracts` is solved by :func:`solve_lp`. It returns an :class:`LPSolution`
when HiGHS reports an optimum. Infeasibility is an *answer* for some callers (a dominance test,
a feasibility check), so ``infeasible_ok=True`` turns that status into ``None``; every other
status (unbounded, iteration limit, numerical trouble) raises
:class:`~contracts.exceptions.ConvergenceError` naming the caller, the HiGHS method and status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from contracts.exceptions import ConvergenceError

__all__ = ["LPSolution", "solve_lp"]

_STATUS = {
    0: "optimal",
    1: "iteration or time limit reached",
    2: "infeasible",
    3: "unbounded",
    4: "numerical difficulties",
}

#: Above this many constraint-matrix entries the interior-point method is usually faster than
#: the dual simplex on the dense LPs this library builds. Measured on random zero-sum games
#: (benchmarks/bench_zero_sum.py): the two are level near 300×300 (90,000 entries), the
#: interior point is faster from 500×500 on, several times faster at 1000×1000.
IPM_THRESHOLD = 100_000


@dataclass(frozen=True)
class LPSolution:
    """An optimal solution of a linear programme.

    Attributes
    ----------
    x : numpy.ndarray
        Optimal primal values.
    fun : float
        Optimal objective value (of the minimisation).
    ineq_duals, eq_duals : numpy.ndarray
        HiGHS marginals of the inequality and equality constraints (empty if none).
    method : str
        The HiGHS method that solved it.
    lower_duals, upper_duals : numpy.ndarray
        HiGHS marginals of the variables' lower and upper bounds.
    iterations : int
        Simplex or interior-point iterations.
    """

    x: np.ndarray
    fun: float
    ineq_duals: np.ndarray
    eq_duals: np.ndarray
    method: str
    iterations: int
    lower_duals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    upper_duals: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _marginals(res, name: str) -> np.ndarray:
    m = getattr(getattr(res, name, None), "marginals", None)
    return np.asarray(m if m is not None else [], dtype=float)


def _size(A: Any) -> int:
    if A is None:
        return 0
    shape = getattr(A, "shape", None)
    if shape is not None and len(shape) == 2:
        return int(shape[0]) * int(shape[1])
    return int(np.size(A))


def solve_lp(c, *, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=(0, None),
             method: str = "auto", caller: str = "solve_lp", infeasible_ok: bool = False,
             options: dict | None = None) -> LPSolution | None:
    """Minimise ``c @ x`` subject to ``A_ub x <= b_ub``, ``A_eq x = b_eq`` and bounds.

    Parameters
    ----------
    c : array_like
        Objective coefficients.
    A_ub, b_ub, A_eq, b_eq : array_like or sparse matrix, optional
        Constraints, as in :func:`scipy.optimize.linprog`.
    bounds : tuple or sequence of tuples
        Variable bounds (default: non-negative).
    method : {"auto", "highs", "highs-ds", "highs-ipm"}
        ``"auto"`` picks the interior-point method for large constraint matrices and HiGHS's
        default otherwise.
    caller : str
        Name of the public function, used in error messages.
    infeasible_ok : bool
        Return ``None`` instead of raising when the programme is infeasible.
    options : dict, optional
        Extra HiGHS options.

    Returns
    -------
    LPSolution or None
        ``None`` only when ``infeasible_ok`` and the programme is infeasible.

    Raises
    ------
    ConvergenceError
        HiGHS stopped without an optimum (unbounded, limits, numerical trouble), or the
        programme is infeasible and ``infeasible_ok`` is false.

    Examples
    --------
    >>> from contracts._linalg import solve_lp
    >>> sol = solve_lp([-1.0, -1.0], A_ub=[[1.0, 2.0], [3.0, 1.0]], b_ub=[4.0, 6.0])
    >>> round(sol.fun, 6)
    -2.8
    """
    from scipy.optimize import linprog

    if method == "auto":
        method = "highs-ipm" if _size(A_ub) + _size(A_eq) > IPM_THRESHOLD else "highs"
    if method not in ("highs", "highs-ds", "highs-ipm"):
        raise ValueError(f"{caller}: unknown LP method {method!r}; expected 'auto', 'highs', "
                         "'highs-ds' or 'highs-ipm'")
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds,
                  method=method, options=options or {})
    if res.status == 0 and res.x is not None:
        ineq = getattr(getattr(res, "ineqlin", None), "marginals", None)
        eq = getattr(getattr(res, "eqlin", None), "marginals", None)
        return LPSolution(
            x=np.asarray(res.x, dtype=float),
            fun=float(res.fun),
            ineq_duals=np.asarray(ineq if ineq is not None else [], dtype=float),
            eq_duals=np.asarray(eq if eq is not None else [], dtype=float),
            method=method,
            iterations=int(getattr(res, "nit", 0) or 0),
            lower_duals=_marginals(res, "lower"),
            upper_duals=_marginals(res, "upper"),
        )
    if res.status == 2 and infeasible_ok:
        return None
    status = _STATUS.get(res.status, f"status {res.status}")
    raise ConvergenceError(f"{caller}: the linear programme was not solved: HiGHS ({method}) "
                           f"reports {status} ({res.message.strip()})")

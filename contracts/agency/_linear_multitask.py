"""The multitask model (Holmström–Milgrom 1991), with unmeasured tasks and non-negative efforts.

Private module: the public names are re-exported by :mod:`contracts.agency.linear`.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import sympy as sp
from scipy.optimize import minimize, nnls

from .._deprecate import keyword_only, renamed
from .._validation import check_nonnegative, check_real
from ..exceptions import ConvergenceError, InvalidParameterError
from ._result import ContractSolution
from ._linear_closed_form import ClosedForm, _fnum, _fvec


# ----------------------------------------------------------------------------------------------
# multitask
# ----------------------------------------------------------------------------------------------

def _matrix(where, name, value, shape=None) -> np.ndarray:
    try:
        a = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{where}: parameter {name!r} must be a numeric array, got "
                                    f"{value!r}") from None
    if a.ndim == 0 and shape is not None and len(shape) == 2 and shape[0] == shape[1] == 1:
        a = a.reshape(1, 1)
    if shape is not None and a.shape != tuple(shape):
        raise InvalidParameterError(f"{where}: parameter {name!r} has shape {a.shape}; "
                                    f"expected {tuple(shape)}")
    if not np.all(np.isfinite(a)):
        raise InvalidParameterError(f"{where}: parameter {name!r} must be finite, got {value!r}")
    return a


def _symmetric_symbols(name: str, n: int, zero: tuple, params: list) -> sp.Matrix:
    """Symmetric ``n x n`` matrix of symbols ``<name>ij`` (positive on the diagonal), with
    structural zeros where ``zero[i][j]``; the new symbols are appended to ``params``."""
    A = sp.zeros(n, n)
    for i in range(n):
        for j in range(i, n):
            if zero[i][j]:
                continue
            s = sp.Symbol(f"{name}{i + 1}{j + 1}", positive=True) if i == j else sp.Symbol(
                f"{name}{i + 1}{j + 1}", real=True)
            A[i, j] = A[j, i] = s
            params.append(s)
    return A


@functools.lru_cache(maxsize=64)
def _multitask_closed_form(n: int, k: int, M: tuple, c_zero: tuple, s_zero: tuple):
    """Symbolic β*, t*, S* for the multitask model with structural zeros in C and Σ."""
    b = sp.Matrix(sp.symbols(f"b1:{n + 1}", real=True))
    params = list(b)
    C = _symmetric_symbols("c", n, c_zero, params)
    Sig = _symmetric_symbols("s", k, s_zero, params)
    r = sp.Symbol("r", positive=True)
    params.append(r)
    Mm = sp.Matrix(k, n, [sp.nsimplify(x, rational=True) for x in M])
    Ci = C.inv()
    g = Mm * Ci * b
    beta = (Mm * Ci * Mm.T + r * Sig).LUsolve(g).applyfunc(sp.factor)
    t = (Ci * Mm.T * beta).applyfunc(sp.factor)
    # S(beta) = g'beta - beta'A beta/2 with A beta* = g, so S* = g'beta*/2
    S = sp.factor((g.T * beta)[0] / 2)
    t_fb = (Ci * b).applyfunc(sp.factor)
    S_fb = sp.factor((b.T * Ci * b)[0] / 2)
    exprs = {"beta": beta, "efforts": t, "total_surplus": S, "first_best_efforts": t_fb,
             "first_best_surplus": S_fb}
    return exprs, tuple(params)


@keyword_only(2)
@renamed(Sigma="noise_variance", r="risk_aversion",
         reservation="reservation_utility")
@dataclass(frozen=True, eq=False)
class Multitask:
    """Multitask principal–agent model (Holmström–Milgrom 1991).

    Efforts ``t`` in R^n cost the agent ``t'Ct/2`` and are worth ``b't`` to the principal; the
    contract pays ``alpha + beta'x`` on signals ``x = Mt + eps``, ``eps ~ N(0, Sigma)``; the agent
    has CARA coefficient ``r``. Unconstrained, the agent sets ``Ct = M'beta``; the optimum is
    ``beta* = (M C^-1 M' + r Sigma)^-1 M C^-1 b``. A task with no signal (a zero column of ``M``,
    or fewer signals than tasks) is *unmeasured*.

    Parameters
    ----------
    b : array_like, shape (n,)
        Marginal values of the tasks.
    C : array_like, shape (n, n)
        Symmetric positive definite cost matrix (off-diagonal > 0: substitutes).
    M : array_like, shape (k, n), optional
        Signal loadings; default the identity (every task measured).
    noise_variance : array_like, shape (k, k)
        Covariance of the signal noise (symmetric positive semi-definite).
    risk_aversion : float
        Agent's absolute risk aversion (>= 0).
    reservation_utility : float, default 0
        Agent's reservation certainty equivalent.
    nonnegative_efforts : bool or None, default None
        Solve the agent's problem with ``t >= 0`` (a QP). ``None``: only when the unconstrained
        solution has a negative effort.

    Examples
    --------
    >>> mt = Multitask(b=[1, 1], C=[[1, .25], [.25, 1]], noise_variance=[[1, 0], [0, 2]],
    ...                risk_aversion=1)
    >>> np.round(mt.solve().extra["beta"], 6)
    array([0.425532, 0.297872])
    """

    b: Any
    C: Any
    M: Any = None
    noise_variance: Any = None
    risk_aversion: float = 0.0
    reservation_utility: float = 0.0
    nonnegative_efforts: bool | None = None

    def __post_init__(self):
        w = "Multitask"
        b = _matrix(w, "b", self.b)
        if b.ndim != 1 or b.size == 0:
            raise InvalidParameterError(f"{w}: parameter 'b' must be a non-empty vector, got "
                                        f"shape {b.shape}")
        n = b.size
        C = _matrix(w, "C", self.C, (n, n))
        if not np.allclose(C, C.T, atol=1e-12):
            raise InvalidParameterError(f"{w}: parameter 'C' must be symmetric, got {C.tolist()}")
        if np.min(np.linalg.eigvalsh(C)) <= 0:
            raise InvalidParameterError(
                f"{w}: parameter 'C' must be positive definite; its smallest eigenvalue is "
                f"{_fnum(np.min(np.linalg.eigvalsh(C)))}")
        if self.M is None or (isinstance(self.M, str) and self.M == "identity"):
            M = np.eye(n)
        else:
            M = _matrix(w, "M", self.M)
            if M.ndim == 1:
                M = M.reshape(1, -1)
            if M.ndim != 2 or M.shape[1] != n:
                raise InvalidParameterError(f"{w}: parameter 'M' has shape {M.shape}; expected "
                                            f"(signals, {n})")
        k = M.shape[0]
        if self.noise_variance is None:
            raise InvalidParameterError(f"{w}: parameter 'noise_variance' (signal noise covariance, "
                                        f"shape ({k}, {k})) is required")
        S = _matrix(w, "noise_variance", self.noise_variance, (k, k))
        if not np.allclose(S, S.T, atol=1e-12) or np.min(np.linalg.eigvalsh(S)) < -1e-12:
            raise InvalidParameterError(
                f"{w}: parameter 'noise_variance' must be symmetric positive semi-definite, got "
                f"{S.tolist()}")
        r = float(check_nonnegative(w, "risk_aversion", self.risk_aversion))
        u = float(check_real(w, "reservation_utility", self.reservation_utility))
        if self.nonnegative_efforts not in (None, True, False):
            raise InvalidParameterError(f"{w}: parameter 'nonnegative_efforts' must be None, True "
                                        f"or False, got {self.nonnegative_efforts!r}")
        A = M @ np.linalg.solve(C, M.T) + r * S
        if np.linalg.matrix_rank(A) < k:
            raise InvalidParameterError(
                f"{w}: M C^-1 M' + r Sigma is singular (redundant noise-free signals); drop the "
                "redundant rows of 'M'")
        for nm, val in (("b", b), ("C", C), ("M", M), ("noise_variance", S)):
            val.setflags(write=False)
            object.__setattr__(self, nm, val)
        object.__setattr__(self, "risk_aversion", r)
        object.__setattr__(self, "reservation_utility", u)

    @property
    def num_tasks(self) -> int:
        """Number of tasks."""
        return self.b.size

    @property
    def num_signals(self) -> int:
        """Number of performance signals."""
        return self.M.shape[0]

    @classmethod
    @renamed(r="risk_aversion")
    def with_unmeasured_tasks(cls, b, C, measured: Sequence[int], noise_variances,
                              risk_aversion: float, **kw) -> "Multitask":
        """Only the tasks in ``measured`` have a signal (independent noise per signal).

        Parameters
        ----------
        b : array_like, shape (n,)
            Marginal values of the tasks.
        C : array_like, shape (n, n)
            Symmetric positive definite cost matrix.
        measured : sequence of int
            Indices of the tasks that have a signal.
        noise_variances : float or array_like
            Noise variance of each signal, one per measured task.
        risk_aversion : float
            Agent's absolute risk aversion (>= 0).
        **kw
            Further keyword arguments of :class:`Multitask`.

        Returns
        -------
        Multitask
            The model with one signal per measured task.

        Examples
        --------
        >>> mt = Multitask.with_unmeasured_tasks(b=[1, 1], C=[[1, 0], [0, 1]], measured=[0],
        ...                                      noise_variances=1, risk_aversion=1)
        >>> mt.num_tasks, mt.num_signals
        (2, 1)
        """
        n = len(b)
        M = np.zeros((len(measured), n))
        for row, j in enumerate(measured):
            M[row, j] = 1.0
        return cls(b=b, C=C, M=M, noise_variance=np.diag(np.atleast_1d(noise_variances)),
                   risk_aversion=risk_aversion, **kw)

    # -- agent ----------------------------------------------------------------------------------
    def agent_response(self, beta, *, nonnegative: bool = False) -> np.ndarray:
        """Efforts chosen for piece rates ``beta``.

        Unconstrained: ``C^-1 M' beta``; with ``nonnegative`` the QP with ``t >= 0`` (solved by
        non-negative least squares on the Cholesky factor).

        Parameters
        ----------
        beta : array_like, shape (k,)
            Piece rate on each signal.
        nonnegative : bool
            Whether efforts must be non-negative.

        Returns
        -------
        numpy.ndarray, shape (n,)
            The agent's effort on each task.
        """
        q = self.M.T @ np.asarray(beta, dtype=float)
        if not nonnegative:
            return np.linalg.solve(self.C, q)
        L = np.linalg.cholesky(self.C)           # C = L L'
        target = np.linalg.solve(L, q)           # min |L' t - L^-1 q|^2  s.t. t >= 0
        t, _ = nnls(L.T, target)
        return t

    def surplus(self, beta, *, nonnegative: bool = False) -> float:
        """Total certainty-equivalent surplus for piece rates ``beta``.

        Parameters
        ----------
        beta : array_like, shape (k,)
            Piece rate on each signal.
        nonnegative : bool
            Whether the agent's efforts must be non-negative.

        Returns
        -------
        float
            Value of the efforts minus their cost minus the agent's risk premium.
        """
        beta = np.asarray(beta, dtype=float)
        t = self.agent_response(beta, nonnegative=nonnegative)
        return float(self.b @ t - t @ self.C @ t / 2 - self.risk_aversion / 2 * beta @ self.noise_variance @ beta)

    # -- principal ------------------------------------------------------------------------------
    def _beta_unconstrained(self) -> np.ndarray:
        Ci_Mt = np.linalg.solve(self.C, self.M.T)
        A = self.M @ Ci_Mt + self.risk_aversion * self.noise_variance
        return np.linalg.solve(A, Ci_Mt.T @ self.b)

    def _beta_nonnegative(self) -> tuple[np.ndarray, tuple]:
        """Principal's optimum when the agent's efforts must be >= 0, region by region."""
        n, k = self.num_tasks, self.num_signals
        C, M, Sig, b, r = self.C, self.M, self.noise_variance, self.b, self.risk_aversion
        best = (-math.inf, None, None)
        for size in range(n + 1):
            for A in itertools.combinations(range(n), size):
                A = list(A)
                P = np.zeros((n, k))
                if A:
                    P[A] = np.linalg.solve(C[np.ix_(A, A)], M.T[A])
                # constraints D beta >= 0: t_A >= 0 and, off the support, marginal return <= cost
                rows = [P[j] for j in A]
                rows += [-(M.T[j] - C[j, A] @ P[A]) for j in range(n) if j not in A]
                D = np.array(rows).reshape(len(rows), k)
                H = P.T @ C @ P + r * Sig
                g = P.T @ b

                def neg(beta, H=H, g=g):
                    return -(g @ beta - beta @ H @ beta / 2)

                def jac(beta, H=H, g=g):
                    return -(g - H @ beta)

                x0 = np.zeros(k)
                cons = [{"type": "ineq", "fun": (lambda x, D=D: D @ x),
                         "jac": (lambda x, D=D: D)}] if len(rows) else []
                res = minimize(neg, x0, jac=jac, method="SLSQP", constraints=cons,
                               options={"ftol": 1e-15, "maxiter": 1000})
                beta = np.asarray(res.x, dtype=float)
                if len(rows) and np.min(D @ beta) < -1e-8:
                    continue
                val = self.surplus(beta, nonnegative=True)
                if val > best[0] + 1e-13:
                    best = (val, beta, tuple(A))
        if best[1] is None:  # pragma: no cover - beta = 0 is always feasible for A = {}
            raise ConvergenceError("Multitask: no region of the non-negative problem solved")
        return best[1], best[2]

    def solve(self) -> ContractSolution:
        """The optimal linear contract (numerically; see :meth:`closed_form` for formulas).

        Returns
        -------
        ContractSolution
            ``contract``: ``{"alpha": .., "beta": array}``; ``implemented_action``: the efforts;
            ``extra``: ``beta``, ``efforts``, ``total_surplus``, ``principal_profit``,
            ``risk_premium``, ``first_best_efforts``, ``first_best_surplus``,
            ``nonnegativity_binds`` and ``constrained`` (whether the QP was used).
        """
        beta = self._beta_unconstrained()
        t = self.agent_response(beta)
        constrained = False
        support = tuple(range(self.num_tasks))
        if self.nonnegative_efforts or (self.nonnegative_efforts is None and np.any(t < -1e-12)):
            beta, support = self._beta_nonnegative()
            t = self.agent_response(beta, nonnegative=True)
            constrained = True
        rp = self.risk_aversion / 2 * float(beta @ self.noise_variance @ beta)
        S = float(self.b @ t - t @ self.C @ t / 2) - rp
        ce0 = float(beta @ self.M @ t - t @ self.C @ t / 2) - rp
        alpha = self.reservation_utility - ce0
        t_fb = np.linalg.solve(self.C, self.b)
        S_fb = float(self.b @ t_fb / 2)
        idle = [j for j in range(self.num_tasks) if t[j] <= 1e-12]
        unmeasured = [j for j in range(self.num_tasks) if np.all(self.M[:, j] == 0)]
        extra = {"beta": beta, "efforts": t, "alpha": alpha, "total_surplus": S,
                 "principal_profit": S - self.reservation_utility, "risk_premium": rp,
                 "first_best_efforts": t_fb, "first_best_surplus": S_fb,
                 "constrained": constrained, "nonnegativity_binds": tuple(idle) if constrained
                 else (), "unmeasured_tasks": tuple(unmeasured)}
        binding = ("IR",) + ((f"non-negative effort on task(s) {list(idle)}",)
                             if constrained and idle else ())
        report = (f"The principal pays piece rates beta = {_fvec(beta)} on the signals (fixed wage "
                  f"{_fnum(alpha)}); the agent's efforts are {_fvec(t)} (first best "
                  f"{_fvec(t_fb)}). Total surplus {_fnum(S)} of a first-best {_fnum(S_fb)}; risk "
                  f"premium {_fnum(rp)}.")
        if unmeasured:
            report += (f" Unmeasured task(s) {list(unmeasured)}: the power of incentives on the "
                       "measured tasks reflects how they crowd these out (substitutes) or help "
                       "them (complements).")
        if constrained:
            report += (" Efforts are constrained to be non-negative"
                       + (f"; the agent drops task(s) {list(idle)}." if idle
                          else "; the constraint does not bind."))
        report += " IR binds; the agent earns no rent."
        return ContractSolution({"alpha": alpha, "beta": beta}, t, S - self.reservation_utility, 0.0,
                                binding, None, extra, report)

    def closed_form(self) -> ClosedForm:
        """β*, t*, S* and the first best as sympy expressions (unconstrained agent).

        Parameters are ``b1..bn``, the non-zero entries ``cij`` of C and ``sij`` of Sigma
        (zeros of the model stay structural zeros) and ``r``; ``M`` enters as numbers.

        Returns
        -------
        ClosedForm
            The formulas, with the model's values for evaluation.

        Raises
        ------
        InvalidParameterError
            With more than 9 tasks or signals.
        """
        n, k = self.num_tasks, self.num_signals
        if n >= 10 or k >= 10:
            raise InvalidParameterError("Multitask.closed_form: at most 9 tasks and signals")
        cz = tuple(tuple(bool(self.C[i, j] == 0) for j in range(n)) for i in range(n))
        sz = tuple(tuple(bool(self.noise_variance[i, j] == 0) for j in range(k)) for i in range(k))
        exprs, params = _multitask_closed_form(n, k, tuple(self.M.ravel().tolist()), cz, sz)
        vals = {}
        for p in params:
            nm = p.name
            if nm == "r":
                vals[p] = self.risk_aversion
            elif nm[0] == "b":
                vals[p] = float(self.b[int(nm[1:]) - 1])
            elif nm[0] == "c":
                vals[p] = float(self.C[int(nm[1]) - 1, int(nm[2]) - 1])
            else:
                vals[p] = float(self.noise_variance[int(nm[1]) - 1, int(nm[2]) - 1])
        names = {p: (p.name[0].replace("s", r"\Sigma").replace("c", "C") + "_{" + p.name[1:] + "}")
                 for p in params if p.name != "r"}
        return ClosedForm("multitask (Holmström–Milgrom 1991)", exprs, params, vals, names)

"""Linear contracts: LEN, multitask, zero-powered incentives, distortion.

Every model here is solved twice — numerically (scipy / numpy) by :meth:`solve` and as sympy
closed forms by :meth:`closed_form`, which returns a :class:`ClosedForm` with ``.latex()``,
``.lambdify()``, ``.evaluate()`` and comparative statics by differentiation
(``.comparative_statics()``).

* :class:`LEN` (alias :data:`LinearContract`) — Holmström–Milgrom (1987): linear wage
  ``alpha + beta x``, exponential (CARA) utility, normal noise.
  ``beta* = p / (1 + r k sigma2)``.
* :class:`Multitask` — Holmström–Milgrom (1991): efforts ``t``, cost ``t'Ct/2``, signals
  ``x = Mt + eps``; ``beta* = (M C^-1 M' + r Sigma)^-1 M C^-1 b``; tasks may be unmeasured
  (fewer signals than tasks), and the agent's problem can be solved with non-negative efforts
  (a QP; the principal's problem is then solved region by region).
* :class:`ZeroPoweredIncentives` — the HM (1991) case where any positive power on the measured
  task kills an essential unmeasured one: a fixed wage is optimal.
* :class:`Distortion` — Baker (1992, 2002): the measure ``g`` is misaligned with value ``f``;
  ``beta* = f.g / (|g|^2 + r sigma2)``, and without noise only ``cos^2 theta`` of the surplus is
  achievable.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import sympy as sp
from scipy.optimize import minimize, minimize_scalar, nnls

from .._deprecate import keyword_only, renamed
from .._result import Result
from .._validation import check_nonnegative, check_positive, check_real
from ..exceptions import ConvergenceError, InvalidParameterError
from ..results import format_number
from ._result import ContractSolution

__all__ = ["ClosedForm", "ComparativeStatics", "Effect", "LEN", "LinearContract", "Multitask",
           "ZeroPoweredIncentives", "Distortion"]


def _fnum(x) -> str:
    return format_number(x)


def _fvec(v) -> str:
    return "(" + ", ".join(_fnum(x) for x in np.ravel(v)) + ")"


# ----------------------------------------------------------------------------------------------
# closed forms
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class Effect(Result):
    """The sign of one comparative static ``d quantity / d parameter``.

    ``sign`` is -1, 0 or +1; ``always`` is True when sympy proves the sign for all admissible
    parameters, False when it is the sign at the model's parameter values only.

    Attributes
    ----------
    quantity : str
        The solution quantity (e.g. ``"beta"``, or ``"beta[0]"`` for a vector's entry).
    parameter : str
        The parameter it is differentiated by.
    derivative : sympy.Expr
        The derivative itself.
    sign : int
        -1, 0 or +1.
    always : bool
        Whether the sign holds for every admissible parameter value.

    Examples
    --------
    >>> cs = LEN(p=1, k=1, risk_aversion=2, noise_variance=0.5).closed_form().comparative_statics()
    >>> e = cs.effect("beta", "sigma2")
    >>> e.sign, e.always
    (-1, True)
    """

    quantity: str
    parameter: str
    derivative: Any
    sign: int
    always: bool

    def __str__(self) -> str:
        verb = {1: "rises with", -1: "falls with", 0: "does not depend on"}[self.sign]
        where = "always" if self.always else "at these parameter values"
        return f"{self.quantity} {verb} {self.parameter} ({where})"


@dataclass(frozen=True, repr=False)
class ComparativeStatics(Result):
    """Signs of the derivatives of closed-form quantities with respect to parameters.

    Index with ``(quantity, parameter)`` to get the sign (-1, 0, +1); iterate for :class:`Effect`
    objects; ``str`` gives one line per effect.

    Attributes
    ----------
    effects : tuple of Effect
        One entry per (quantity, parameter) pair.

    Examples
    --------
    >>> cs = LEN(p=1, k=1, risk_aversion=2, noise_variance=0.5).closed_form().comparative_statics()
    >>> cs["beta", "p"], cs["beta", "r"]
    (1, -1)
    """

    effects: tuple

    def __iter__(self):
        return iter(self.effects)

    def __len__(self):
        return len(self.effects)

    def __getitem__(self, key) -> int:
        return self.effect(*key).sign

    def effect(self, quantity: str, parameter: str) -> Effect:
        """The effect of ``parameter`` on ``quantity``.

        Parameters
        ----------
        quantity : str
            The solution quantity.
        parameter : str
            The parameter's name.

        Returns
        -------
        Effect
            The sign and the derivative.

        Raises
        ------
        KeyError
            If the pair was not computed.
        """
        for e in self.effects:
            if e.quantity == quantity and e.parameter == parameter:
                return e
        raise KeyError(f"ComparativeStatics: no effect of {parameter!r} on {quantity!r}")

    def as_dict(self) -> dict:
        """The signs keyed by ``(quantity, parameter)``.

        Returns
        -------
        dict
            ``{(quantity, parameter): sign}``.
        """
        return {(e.quantity, e.parameter): e.sign for e in self.effects}

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.effects)


def _sign_of(expr, values) -> tuple[int, bool]:
    expr = sp.sympify(expr)
    for cand in (expr, None):
        if cand is None:
            if sp.count_ops(expr) > 400:
                break
            cand = sp.simplify(expr)
        if cand.is_zero:
            return 0, True
        if cand.is_positive:
            return 1, True
        if cand.is_negative:
            return -1, True
    val = complex(expr.subs(values).evalf())
    v = val.real
    if abs(v) <= 1e-12:
        return 0, False
    return (1 if v > 0 else -1), False


@functools.lru_cache(maxsize=256)
def _lambdified(params: tuple, expr, modules: str):
    return sp.lambdify(params, expr, modules=modules)


def _latex_label(name: str) -> str:
    """LaTeX for a quantity's name: a Greek name as its letter (``beta`` → β, ``beta1`` → β₁),
    ``cos_<greek>`` as the cosine of the letter (cos θ), any other name upright."""
    from sympy.printing.latex import greek_letters_set
    if name.startswith("cos_") and name[4:] in greek_letters_set:
        return sp.latex(sp.cos(sp.Symbol(name[4:])))
    if name.rstrip("0123456789") in greek_letters_set:
        return sp.latex(sp.Symbol(name))
    return r"\mathrm{" + name.replace("_", r"\_") + "}"


@dataclass(frozen=True, eq=False)
class ClosedForm:
    """Closed-form solution of a model as sympy expressions.

    Attributes
    ----------
    model : str
        Name of the model.
    expressions : Mapping[str, sympy.Expr or sympy.Matrix]
        The solution quantities (``"beta"``, ``"effort"``, ...) in terms of the parameters.
    parameters : tuple of sympy.Symbol
        The free parameters, in the argument order of :meth:`lambdify`.
    values : Mapping[sympy.Symbol, number]
        The model's parameter values (used by :meth:`evaluate` and for local signs).
    latex_names : Mapping[sympy.Symbol, str]
        How parameters print in LaTeX.

    Examples
    --------
    >>> cf = LEN(p=1, k=1, risk_aversion=2, noise_variance=0.5).closed_form()
    >>> cf["beta"]
    p/(k*r*sigma2 + 1)
    >>> cf.evaluate()["beta"]
    0.5
    >>> cf.comparative_statics()["beta", "sigma2"]
    -1
    """

    model: str
    expressions: Mapping
    parameters: tuple
    values: Mapping
    latex_names: Mapping = field(default_factory=dict)

    def __post_init__(self):
        exprs = {k: (sp.ImmutableMatrix(v) if isinstance(v, sp.MatrixBase) else sp.sympify(v))
                 for k, v in self.expressions.items()}
        object.__setattr__(self, "expressions", exprs)
        object.__setattr__(self, "parameters", tuple(self.parameters))

    def __getitem__(self, name: str):
        return self.expressions[name]

    def __iter__(self):
        return iter(self.expressions)

    def _param(self, parameter):
        if isinstance(parameter, sp.Symbol):
            return parameter
        for s in self.parameters:
            if s.name == parameter:
                return s
        raise KeyError(f"ClosedForm: no parameter named {parameter!r}; parameters are "
                       f"{[s.name for s in self.parameters]}")

    def latex(self, name: str | None = None) -> str:
        """LaTeX of one quantity (``name``) or of all of them, one ``name = ...`` per line.

        Parameters
        ----------
        name : str, optional
            The quantity to render; None renders all of them.

        Returns
        -------
        str
            LaTeX source.
        """
        names = [name] if name is not None else list(self.expressions)
        lines = []
        for nm in names:
            body = sp.latex(self.expressions[nm], symbol_names=dict(self.latex_names))
            lines.append(body if name is not None else f"{_latex_label(nm)} = {body}")
        return "\n".join(lines)

    def lambdify(self, name: str | None = None, modules: str = "numpy") -> Callable:
        """A numerical function of the parameters, returning one quantity or all of them.

        Parameters
        ----------
        name : str, optional
            The quantity the function returns; None returns a dict of all quantities.
        modules : str
            The numerical backend passed to :func:`sympy.lambdify`.

        Returns
        -------
        callable
            Takes the parameters positionally (in :attr:`parameters` order) or by name.
        """
        names = [name] if name is not None else list(self.expressions)
        funcs = {nm: _lambdified(self.parameters, self.expressions[nm], modules)
                 for nm in names}
        params = [s.name for s in self.parameters]

        def f(*args, **kwargs):
            if kwargs:
                vals = dict(zip(params, args))
                vals.update(kwargs)
                missing = [p for p in params if p not in vals]
                if missing:
                    raise InvalidParameterError(f"ClosedForm.lambdify: missing parameters {missing}")
                args = [vals[p] for p in params]
            out = {}
            for nm, fn in funcs.items():
                val = fn(*args)
                if isinstance(self.expressions[nm], sp.MatrixBase):
                    val = np.asarray(val, dtype=float).ravel()
                out[nm] = val
            return out[name] if name is not None else out

        return f

    def evaluate(self, **overrides) -> dict:
        """All quantities as floats (arrays for vectors) at the model's values (or overrides).

        Parameters
        ----------
        **overrides : float
            Parameter values to use instead of the model's, by parameter name.

        Returns
        -------
        dict
            Quantity name -> float, or numpy array for vector quantities.
        """
        vals = dict(self.values)
        for k, v in overrides.items():
            vals[self._param(k)] = v
        out = {}
        for nm, expr in self.expressions.items():
            e = expr.subs(vals)
            if isinstance(e, sp.MatrixBase):
                out[nm] = np.array([float(x) for x in e], dtype=float)
            else:
                out[nm] = float(e)
        return out

    def derivative(self, name: str, parameter):
        """``d name / d parameter`` (simplified).

        Parameters
        ----------
        name : str
            The quantity to differentiate.
        parameter : str or sympy.Symbol
            The parameter to differentiate by.

        Returns
        -------
        sympy.Expr or sympy.Matrix
            The simplified derivative.
        """
        expr = self.expressions[name]
        d = sp.diff(expr, self._param(parameter))
        return d.applyfunc(sp.simplify) if isinstance(d, sp.MatrixBase) else sp.simplify(d)

    def comparative_statics(self, quantities: Sequence[str] | None = None,
                            parameters: Sequence | None = None) -> ComparativeStatics:
        """Signs of ``d quantity / d parameter`` for the requested quantities and parameters.

        A sign is proved for all admissible parameters when sympy can (``always=True``), else
        evaluated at the model's values.

        Parameters
        ----------
        quantities : sequence of str, optional
            The quantities to study; default all of them.
        parameters : sequence of str or sympy.Symbol, optional
            The parameters to vary; default all of them.

        Returns
        -------
        ComparativeStatics
            One :class:`Effect` per (quantity, parameter) pair.
        """
        qs = list(quantities) if quantities is not None else list(self.expressions)
        ps = [self._param(p) for p in parameters] if parameters is not None else list(
            self.parameters)
        effects = []
        for q in qs:
            expr = self.expressions[q]
            comps = ([(f"{q}[{i}]", e) for i, e in enumerate(expr)]
                     if isinstance(expr, sp.MatrixBase) else [(q, expr)])
            for qname, e in comps:
                for p in ps:
                    d = sp.diff(e, p)
                    sign, always = _sign_of(d, self.values)
                    effects.append(Effect(qname, p.name, d, sign, always))
        return ComparativeStatics(tuple(effects))

    def __str__(self) -> str:
        return f"closed form of {self.model}:\n" + "\n".join(
            f"  {nm} = {sp.sstr(e)}" for nm, e in self.expressions.items())


# ----------------------------------------------------------------------------------------------
# LEN
# ----------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _len_closed_form():
    p, k, r, s2 = sp.symbols("p k r sigma2", positive=True)
    u = sp.Symbol("reservation", real=True)
    beta = p / (1 + r * k * s2)
    e = beta / k
    rp = r / 2 * beta ** 2 * s2
    S = p * e - k / 2 * e ** 2 - rp
    ce0 = beta * e - k / 2 * e ** 2 - rp
    exprs = {
        "beta": beta, "effort": sp.simplify(e), "alpha": sp.simplify(u - ce0),
        "total_surplus": sp.simplify(S), "principal_profit": sp.simplify(S - u),
        "risk_premium": sp.simplify(rp), "first_best_effort": p / k,
        "first_best_surplus": p ** 2 / (2 * k),
    }
    return exprs, (p, k, r, s2, u), {s2: r"\sigma^2", u: r"\bar u"}


@keyword_only(2)
@renamed(r="risk_aversion", sigma2="noise_variance",
         reservation="reservation_utility")
@dataclass(frozen=True)
class LEN:
    """Linear contract, Exponential utility, Normal noise (Holmström–Milgrom 1987).

    Output ``x = e + eps``, ``eps ~ N(0, sigma2)``, is worth ``p`` per unit to the (risk-neutral)
    principal; the wage is ``alpha + beta x``; the agent has CARA coefficient ``r`` (``risk_aversion``) and effort cost
    ``k e^2 / 2``; reservation certainty equivalent ``reservation_utility``. The agent picks
    ``e = beta / k``; the principal sets ``alpha`` so that IR binds and ``beta`` to maximise the
    total certainty-equivalent surplus.

    Parameters
    ----------
    p : float
        Value of output to the principal (> 0).
    k : float
        Curvature of the effort cost (> 0).
    risk_aversion : float
        Agent's absolute risk aversion (>= 0).
    noise_variance : float
        Variance of the measurement noise (>= 0).
    reservation_utility : float, default 0
        Agent's reservation certainty equivalent.

    Examples
    --------
    >>> sol = LEN(p=1, k=1, risk_aversion=2, noise_variance=0.5).solve()
    >>> sol.extra["beta"], sol.extra["effort"], sol.extra["total_surplus"]
    (0.5, 0.5, 0.25)
    """

    p: float
    k: float
    risk_aversion: float
    noise_variance: float
    reservation_utility: float = 0.0

    def __post_init__(self):
        w = "LEN"
        object.__setattr__(self, "p", float(check_positive(w, "p", self.p)))
        object.__setattr__(self, "k", float(check_positive(w, "k", self.k)))
        object.__setattr__(self, "risk_aversion", float(check_nonnegative(w, "risk_aversion", self.risk_aversion)))
        object.__setattr__(self, "noise_variance", float(check_nonnegative(w, "noise_variance", self.noise_variance)))
        object.__setattr__(self, "reservation_utility", float(check_real(w, "reservation_utility",
                                                                 self.reservation_utility)))

    def effort(self, beta: float) -> float:
        """The agent's best response ``e = beta / k``.

        Parameters
        ----------
        beta : float
            The piece rate.

        Returns
        -------
        float
            The agent's effort.
        """
        return beta / self.k

    def surplus(self, beta: float) -> float:
        """Total certainty-equivalent surplus when the piece rate is ``beta``.

        Parameters
        ----------
        beta : float
            The piece rate.

        Returns
        -------
        float
            Expected output value minus effort cost minus the agent's risk premium.
        """
        e = self.effort(beta)
        return self.p * e - self.k / 2 * e ** 2 - self.risk_aversion / 2 * beta ** 2 * self.noise_variance

    def solve(self, *, method: str = "closed_form") -> ContractSolution:
        """The optimal linear contract.

        Parameters
        ----------
        method : {"closed_form", "numerical"}
            ``"numerical"`` maximises :meth:`surplus` with scipy instead of using the formula.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"alpha", "beta"}``; ``extra``: ``beta``, ``effort``,
            ``total_surplus`` and the other quantities of :meth:`closed_form`.

        Raises
        ------
        InvalidParameterError
            If ``method`` is unknown.
        """
        if method == "closed_form":
            beta = self.p / (1 + self.risk_aversion * self.k * self.noise_variance)
        elif method == "numerical":
            hi = self.p * 2 + 1
            res = minimize_scalar(lambda b: -self.surplus(b), bounds=(0.0, hi), method="bounded",
                                  options={"xatol": 1e-12})
            beta = float(res.x)
        else:
            raise InvalidParameterError(f"LEN.solve: parameter 'method' = {method!r} is not "
                                        "'closed_form' or 'numerical'")
        e = self.effort(beta)
        rp = self.risk_aversion / 2 * beta ** 2 * self.noise_variance
        S = self.surplus(beta)
        alpha = self.reservation_utility - (beta * e - self.k / 2 * e ** 2 - rp)
        fb_e = self.p / self.k
        fb_S = self.p ** 2 / (2 * self.k)
        extra = {"beta": beta, "effort": e, "alpha": alpha, "total_surplus": S,
                 "principal_profit": S - self.reservation_utility, "risk_premium": rp,
                 "first_best_effort": fb_e, "first_best_surplus": fb_S, "method": method}
        report = (f"The principal pays a fixed wage {_fnum(alpha)} plus a piece rate beta = "
                  f"{_fnum(beta)} (first best 1 x p = {_fnum(self.p)}); the agent supplies effort "
                  f"{_fnum(e)} (first best {_fnum(fb_e)}). Total surplus {_fnum(S)} of a "
                  f"first-best {_fnum(fb_S)}; the risk premium {_fnum(rp)} is the cost of "
                  f"incentives under noise. IR binds; the agent earns no rent; the principal keeps "
                  f"{_fnum(S - self.reservation_utility)}.")
        return ContractSolution({"alpha": alpha, "beta": beta}, e, S - self.reservation_utility, 0.0,
                                ("IR",), None, extra, report)

    def closed_form(self) -> ClosedForm:
        """β*, e*, α*, S*, profit, risk premium and first best as sympy expressions.

        Returns
        -------
        ClosedForm
            The formulas in symbols ``p, k, r, sigma2`` (and the reservation utility).
        """
        exprs, params, names = _len_closed_form()
        vals = dict(zip(params, (self.p, self.k, self.risk_aversion, self.noise_variance, self.reservation_utility)))
        return ClosedForm("LEN (Holmström–Milgrom 1987)", exprs, params, vals, names)


LinearContract = LEN


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


@functools.lru_cache(maxsize=64)
def _multitask_closed_form(n: int, k: int, M: tuple, c_zero: tuple, s_zero: tuple):
    """Symbolic β*, t*, S* for the multitask model with structural zeros in C and Σ."""
    b = sp.Matrix(sp.symbols(f"b1:{n + 1}", real=True))
    C = sp.zeros(n, n)
    params = list(b)
    for i in range(n):
        for j in range(i, n):
            if c_zero[i][j]:
                continue
            s = sp.Symbol(f"c{i + 1}{j + 1}", positive=True) if i == j else sp.Symbol(
                f"c{i + 1}{j + 1}", real=True)
            C[i, j] = C[j, i] = s
            params.append(s)
    Sig = sp.zeros(k, k)
    for i in range(k):
        for j in range(i, k):
            if s_zero[i][j]:
                continue
            s = sp.Symbol(f"s{i + 1}{j + 1}", positive=True) if i == j else sp.Symbol(
                f"s{i + 1}{j + 1}", real=True)
            Sig[i, j] = Sig[j, i] = s
            params.append(s)
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


# ----------------------------------------------------------------------------------------------
# zero-powered incentives
# ----------------------------------------------------------------------------------------------

@keyword_only(2)
@renamed(r="risk_aversion", sigma2="noise_variance")
@dataclass(frozen=True)
class ZeroPoweredIncentives:
    """Why a fixed wage can be optimal (Holmström–Milgrom 1991).

    Two tasks; only task 1 is measured (``x1 = t1 + eps``, variance ``sigma2``). The agent's cost
    depends on total effort ``T = t1 + t2`` only: ``max(0, T - tbar)^2 / 2`` — he works up to
    ``tbar`` for free. The principal values ``2 v sqrt(t1 t2)``: the unmeasured task 2 (quality)
    is essential. Any piece rate ``beta1 > 0`` makes the agent pour everything into task 1, so
    value collapses; at ``beta1 = 0`` the agent is indifferent and follows the requested split
    ``(tbar/2, tbar/2)``.

    Parameters
    ----------
    v : float
        Scale of the principal's value ``2 v sqrt(t1 t2)``.
    tbar : float
        Total effort the agent supplies at no cost.
    risk_aversion : float
        Agent's absolute risk aversion (>= 0).
    noise_variance : float
        Variance of the noise in the measure of task 1 (>= 0).

    Examples
    --------
    >>> z = ZeroPoweredIncentives(v=1, tbar=1, risk_aversion=1, noise_variance=1)
    >>> z.solve().extra["beta"], z.surplus(0.5)
    (0.0, -0.25)
    """

    v: float
    tbar: float
    risk_aversion: float
    noise_variance: float

    def __post_init__(self):
        w = "ZeroPoweredIncentives"
        object.__setattr__(self, "v", float(check_positive(w, "v", self.v)))
        object.__setattr__(self, "tbar", float(check_positive(w, "tbar", self.tbar)))
        object.__setattr__(self, "risk_aversion", float(check_nonnegative(w, "risk_aversion", self.risk_aversion)))
        object.__setattr__(self, "noise_variance", float(check_nonnegative(w, "noise_variance", self.noise_variance)))

    def agent_response(self, beta1: float) -> np.ndarray:
        """Efforts for the piece rate ``beta1`` on task 1 (ties broken for the principal).

        Parameters
        ----------
        beta1 : float
            The piece rate on the measured task.

        Returns
        -------
        numpy.ndarray, shape (2,)
            The efforts on the measured and the unmeasured task.
        """
        beta1 = float(beta1)
        if beta1 > 0:       # marginal pay beta1 = marginal cost T - tbar, all on task 1
            return np.array([self.tbar + beta1, 0.0])
        if beta1 < 0:       # task 1 is penalised: it is dropped; task 2 alone is worth nothing
            return np.array([0.0, self.tbar / 2])
        # indifferent over every split with T <= tbar: the principal's preferred one
        return np.array([self.tbar / 2, self.tbar / 2])

    def surplus(self, beta1: float) -> float:
        """Value minus effort cost minus risk premium at piece rate ``beta1``.

        Parameters
        ----------
        beta1 : float
            The piece rate on the measured task.

        Returns
        -------
        float
            The total certainty-equivalent surplus.
        """
        t1, t2 = self.agent_response(beta1)
        value = 2 * self.v * math.sqrt(t1 * t2)
        cost = max(0.0, t1 + t2 - self.tbar) ** 2 / 2
        return float(value - cost - self.risk_aversion / 2 * beta1 ** 2 * self.noise_variance)

    def solve(self, *, grid: int = 201) -> ContractSolution:
        """Optimal ``beta1``, compared with the fixed wage.

        A grid over [-1, 1] x scale is refined by a bounded scalar search on each side of zero.

        Parameters
        ----------
        grid : int
            Number of grid points.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"alpha", "beta"}``; ``extra``: ``beta``, ``efforts``,
            ``total_surplus``, ``first_best_surplus``.
        """
        scale = max(1.0, 2 * self.v)
        betas = np.linspace(-scale, scale, grid)
        cands = [(self.surplus(b), float(b)) for b in betas]
        for lo, hi in ((1e-12, scale), (-scale, -1e-12)):
            res = minimize_scalar(lambda b: -self.surplus(b), bounds=(lo, hi), method="bounded")
            cands.append((self.surplus(float(res.x)), float(res.x)))
        cands.append((self.surplus(0.0), 0.0))
        S, beta = max(cands, key=lambda x: (x[0], -abs(x[1])))
        t = self.agent_response(beta)
        extra = {"beta": beta, "beta1": beta, "efforts": t, "total_surplus": S,
                 "surplus_at": {0.5: self.surplus(0.5)}, "first_best_surplus": self.v * self.tbar}
        report = (f"A fixed wage is optimal (beta1 = {_fnum(beta)}): any reward on the measured "
                  f"task would pull all effort away from the unmeasured, essential task. The agent "
                  f"splits his free effort {_fvec(t)}; surplus {_fnum(S)} (with beta1 = 0.5 it "
                  f"would be {_fnum(self.surplus(0.5))})." if beta == 0 else
                  f"Piece rate beta1 = {_fnum(beta)}; efforts {_fvec(t)}; surplus {_fnum(S)}.")
        return ContractSolution({"alpha": 0.0, "beta": beta}, t, S, 0.0, ("IR",), None, extra,
                                report)

    def closed_form(self) -> ClosedForm:
        """Surplus as a function of ``beta1`` (piecewise) and the optimum ``beta1* = 0``.

        Returns
        -------
        ClosedForm
            The formulas in symbols ``v, tbar, r, sigma2`` and ``beta1``.
        """
        v, tbar, r, s2 = sp.symbols("v tbar r sigma2", positive=True)
        beta = sp.Symbol("beta1", real=True)
        S = sp.Piecewise((-(1 + r * s2) * beta ** 2 / 2, beta > 0),
                         (v * tbar, sp.Eq(beta, 0)),
                         (-r * s2 * beta ** 2 / 2, True))
        exprs = {"surplus_of_beta1": S, "beta1": sp.Integer(0), "efforts": sp.Matrix(
            [tbar / 2, tbar / 2]), "total_surplus": v * tbar}
        params = (v, tbar, r, s2, beta)
        vals = {v: self.v, tbar: self.tbar, r: self.risk_aversion, s2: self.noise_variance, beta: 0}
        return ClosedForm("zero-powered incentives (HM 1991)", exprs, params, vals,
                          {s2: r"\sigma^2", tbar: r"\bar t", beta: r"\beta_1"})


# ----------------------------------------------------------------------------------------------
# Baker distortion
# ----------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _baker_closed_form(n: int):
    f = sp.Matrix(sp.symbols(f"f1:{n + 1}", real=True))
    g = sp.Matrix(sp.symbols(f"g1:{n + 1}", real=True))
    r, s2 = sp.symbols("r sigma2", positive=True)
    fg = (f.T * g)[0]
    gg = (g.T * g)[0]
    ff = (f.T * f)[0]
    beta = fg / (gg + r * s2)
    S = fg ** 2 / (2 * (gg + r * s2))
    exprs = {"beta": beta, "effort": (beta * g), "total_surplus": S, "first_best_surplus": ff / 2,
             "cos_theta": fg / sp.sqrt(ff * gg), "surplus_ratio": sp.simplify(S / (ff / 2))}
    return exprs, tuple(f) + tuple(g) + (r, s2)


@keyword_only(2)
@renamed(r="risk_aversion", sigma2="noise_variance",
         reservation="reservation_utility")
@dataclass(frozen=True, eq=False)
class Distortion:
    """Distorted performance measures (Baker 1992, 2002).

    Value ``V = f.e`` (plus noise), measure ``P = g.e + eps`` (``eps ~ N(0, sigma2)``), effort cost
    ``|e|^2 / 2``, wage ``alpha + beta P``, CARA coefficient ``r``. The agent sets ``e = beta g``;
    ``beta* = f.g / (|g|^2 + r sigma2)``; ``S* = (f.g)^2 / (2(|g|^2 + r sigma2))``; first best
    ``|f|^2 / 2``; with ``r sigma2 = 0`` the ratio is ``cos^2 theta``.

    Parameters
    ----------
    f : array_like, shape (n,)
        Marginal value of each effort dimension to the principal.
    g : array_like, shape (n,)
        Marginal effect of each effort dimension on the performance measure.
    risk_aversion : float
        Agent's absolute risk aversion (>= 0).
    noise_variance : float
        Variance of the measurement noise (>= 0).
    reservation_utility : float
        Agent's reservation certainty equivalent.

    Examples
    --------
    >>> sol = Distortion(f=[1, 0], g=[1, 1], risk_aversion=0, noise_variance=0).solve()
    >>> sol.extra["beta"], sol.extra["surplus_ratio"]
    (0.5, 0.5)
    """

    f: Any
    g: Any
    risk_aversion: float = 0.0
    noise_variance: float = 0.0
    reservation_utility: float = 0.0

    def __post_init__(self):
        w = "Distortion"
        f = _matrix(w, "f", self.f)
        g = _matrix(w, "g", self.g)
        if f.ndim != 1 or f.size == 0:
            raise InvalidParameterError(f"{w}: parameter 'f' must be a non-empty vector")
        if g.shape != f.shape:
            raise InvalidParameterError(f"{w}: parameter 'g' has shape {g.shape}; expected "
                                        f"{f.shape} (same tasks as 'f')")
        r = float(check_nonnegative(w, "risk_aversion", self.risk_aversion))
        s2 = float(check_nonnegative(w, "noise_variance", self.noise_variance))
        if g @ g + r * s2 <= 0:
            raise InvalidParameterError(f"{w}: parameter 'g' = {g.tolist()} is zero and there is "
                                        "no noise: the measure carries no information")
        if f @ f <= 0:
            raise InvalidParameterError(f"{w}: parameter 'f' must not be zero (nothing of value)")
        f.setflags(write=False)
        g.setflags(write=False)
        object.__setattr__(self, "f", f)
        object.__setattr__(self, "g", g)
        object.__setattr__(self, "risk_aversion", r)
        object.__setattr__(self, "noise_variance", s2)
        object.__setattr__(self, "reservation_utility", float(check_real(w, "reservation_utility",
                                                                 self.reservation_utility)))

    def surplus(self, beta: float) -> float:
        """Total certainty-equivalent surplus at piece rate ``beta`` on the measure.

        Parameters
        ----------
        beta : float
            The piece rate.

        Returns
        -------
        float
            Value minus effort cost minus the agent's risk premium.
        """
        e = beta * self.g
        return float(self.f @ e - e @ e / 2 - self.risk_aversion / 2 * beta ** 2 * self.noise_variance)

    def solve(self, *, method: str = "closed_form") -> ContractSolution:
        """The optimal piece rate on the distorted measure.

        Parameters
        ----------
        method : {"closed_form", "numerical"}
            ``"numerical"`` maximises :meth:`surplus` with scipy instead of using the formula.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"alpha", "beta"}``; ``extra``: ``beta``, ``effort``,
            ``total_surplus``, ``first_best_surplus``, ``cos_theta``, ``surplus_ratio``.

        Raises
        ------
        InvalidParameterError
            If ``method`` is unknown.
        """
        f, g = self.f, self.g
        denom = g @ g + self.risk_aversion * self.noise_variance
        if method == "closed_form":
            beta = float(f @ g / denom)
        elif method == "numerical":
            bound = abs(float(f @ g)) / denom * 2 + 1
            beta = float(minimize_scalar(lambda b: -self.surplus(b), bounds=(-bound, bound),
                                         method="bounded", options={"xatol": 1e-12}).x)
        else:
            raise InvalidParameterError(f"Distortion.solve: parameter 'method' = {method!r} is "
                                        "not 'closed_form' or 'numerical'")
        e = beta * g
        S = self.surplus(beta)
        S_fb = float(f @ f / 2)
        gn = float(np.sqrt(g @ g))
        cos = float(f @ g / (np.sqrt(f @ f) * gn)) if gn > 0 else 0.0
        rp = self.risk_aversion / 2 * beta ** 2 * self.noise_variance
        extra = {"beta": beta, "effort": e, "total_surplus": S, "first_best_surplus": S_fb,
                 "cos_theta": cos, "surplus_ratio": S / S_fb, "risk_premium": rp,
                 "principal_profit": S - self.reservation_utility}
        report = (f"The principal pays beta = {_fnum(beta)} per unit of the measure; the agent's "
                  f"efforts are {_fvec(e)}. Surplus {_fnum(S)} = {_fnum(100 * S / S_fb)}% of the "
                  f"first best {_fnum(S_fb)}: the measure is misaligned with value (cos theta = "
                  f"{_fnum(cos)})" + (f" and noisy (risk premium {_fnum(rp)})" if rp > 0 else "")
                  + ". IR binds; the agent earns no rent.")
        return ContractSolution({"alpha": self.reservation_utility - (beta * (g @ e) - e @ e / 2 - rp),
                                 "beta": beta}, e, S - self.reservation_utility, 0.0, ("IR",), None,
                                extra, report)

    def closed_form(self) -> ClosedForm:
        """β*, efforts, S*, first best, cos θ and the surplus ratio as sympy expressions.

        Returns
        -------
        ClosedForm
            The formulas in the entries of ``f`` and ``g``, ``r`` and ``sigma2``.
        """
        n = self.f.size
        exprs, params = _baker_closed_form(n)
        vals = dict(zip(params, list(self.f) + list(self.g) + [self.risk_aversion, self.noise_variance]))
        vals = {k: float(v) for k, v in vals.items()}
        return ClosedForm("distortion (Baker 1992)", exprs, params, vals,
                          {params[-1]: r"\sigma^2"})

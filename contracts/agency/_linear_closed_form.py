"""Sympy closed forms of the linear-contract models and their comparative statics.

Private module: the public names are re-exported by :mod:`contracts.agency.linear`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import sympy as sp

from .._result import Result
from ..exceptions import InvalidParameterError
from ..results import format_number



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
    >>> from contracts.agency.linear import LEN
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
    >>> from contracts.agency.linear import LEN
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
    >>> from contracts.agency.linear import LEN
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


def _piece_rate(where: str, method: str, closed_form: Callable[[], float],
                surplus: Callable[[float], float], bounds: tuple) -> float:
    """The optimal piece rate: ``closed_form()``, or ``surplus`` maximised over ``bounds``."""
    if method == "closed_form":
        return closed_form()
    if method == "numerical":
        from scipy.optimize import minimize_scalar
        return float(minimize_scalar(lambda b: -surplus(b), bounds=bounds, method="bounded",
                                     options={"xatol": 1e-12}).x)
    raise InvalidParameterError(f"{where}: parameter 'method' = {method!r} is not "
                                "'closed_form' or 'numerical'")

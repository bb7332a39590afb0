"""The structured result every application model's ``explain()`` returns.

An :class:`Explanation` says, in words an economist reads, which equilibrium the model is in,
which regime that is, which constraints bind and how the key outcomes move with the parameters.
``str(explanation)`` is the short report; ``explanation.to_record()`` is a flat dict for sweeps.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ..results import format_number

__all__ = ["Explanation", "ComparativeStatic", "finite_difference_sign"]


@dataclass(frozen=True)
class ComparativeStatic:
    """How ``outcome`` moves when ``parameter`` rises: ``sign`` is +1, -1 or 0.

    Attributes
    ----------
    parameter : str
        The model parameter that is raised.
    outcome : str
        The equilibrium outcome that responds, in words.
    sign : int
        +1 if the outcome rises, -1 if it falls, 0 if it does not move.
    derivative : float or None, default None
        The estimated derivative d outcome / d parameter, when one was computed.
    method : str, default "finite difference"
        How the sign was obtained (``"finite difference"``, or ``"sympy"`` for a symbolic
        derivative).

    Examples
    --------
    >>> from contracts.models import ComparativeStatic
    >>> print(ComparativeStatic("budget_cut", "the agency's payoff", -1, derivative=-0.5))
    when budget_cut rises, the agency's payoff falls (d/dbudget_cut = -0.5)
    """

    parameter: str
    outcome: str
    sign: int
    derivative: float | None = None
    method: str = "finite difference"

    def __str__(self) -> str:
        arrow = {1: "rises", -1: "falls", 0: "does not move"}[self.sign]
        d = f" (d/d{self.parameter} = {format_number(self.derivative, 4)})" \
            if self.derivative is not None else ""
        return f"when {self.parameter} rises, {self.outcome} {arrow}{d}"


@dataclass(frozen=True)
class Explanation:
    """What a model's equilibrium says, as data and as a short report.

    Attributes
    ----------
    model : str
        Model name (e.g. ``"passive_dismissal"``).
    phenomenon : str
        The field observation the model explains.
    headline : str
        One-sentence finding at these parameters.
    regime : str
        The regime / equilibrium class (e.g. ``"relational"``, ``"nominal"``, ``"exit"``).
    equilibrium : str
        What is played, in words.
    binding : tuple of str
        Constraints that bind.
    figures : mapping
        Key numbers (name -> value); these become sweep columns.
    comparative_statics : tuple of ComparativeStatic
        How the key outcomes move with the parameters.
    details : tuple of str
        Further lines of the report.
    parameters : mapping
        The parameters used.

    Examples
    --------
    >>> from contracts.models import Explanation
    >>> e = Explanation(model="toy", phenomenon="a renewed programme", headline="It renews.",
    ...                 regime="relational", figures={"rent": 1.5})
    >>> e
    Explanation(model='toy', regime='relational')
    >>> print(e)
    == toy: a renewed programme
      It renews.
      regime: relational
      figures: rent = 1.5
    """

    model: str
    phenomenon: str
    headline: str
    regime: str
    equilibrium: str = ""
    binding: tuple = ()
    figures: Mapping[str, Any] = field(default_factory=dict)
    comparative_statics: tuple = ()
    details: tuple = ()
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """Return a flat record: model, regime and every figure (for :func:`contracts.sweep`).

        Returns
        -------
        dict
            ``{"model": ..., "regime": ..., **figures}``.

        Examples
        --------
        >>> from contracts.models import Explanation
        >>> Explanation(model="toy", phenomenon="p", headline="h", regime="relational",
        ...             figures={"rent": 1.5}).to_record()
        {'model': 'toy', 'regime': 'relational', 'rent': 1.5}
        """
        rec: dict[str, Any] = {"model": self.model, "regime": self.regime}
        rec.update(self.figures)
        return rec

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-friendly data (comparative statics as dicts)."""
        return {"model": self.model, "phenomenon": self.phenomenon, "headline": self.headline,
                "regime": self.regime, "equilibrium": self.equilibrium,
                "binding": list(self.binding), "figures": dict(self.figures),
                "comparative_statics": [dataclasses.asdict(c) for c in self.comparative_statics],
                "details": list(self.details), "parameters": dict(self.parameters)}

    def __repr__(self) -> str:
        return f"Explanation(model={self.model!r}, regime={self.regime!r})"

    def _repr_html_(self) -> str:
        import html
        return "<pre>" + html.escape(str(self)) + "</pre>"

    def __str__(self) -> str:
        lines = [f"== {self.model}: {self.phenomenon}", f"  {self.headline}",
                 f"  regime: {self.regime}"]
        if self.equilibrium:
            lines.append(f"  equilibrium: {self.equilibrium}")
        if self.binding:
            lines.append("  binding: " + "; ".join(self.binding))
        if self.figures:
            lines.append("  figures: " + ", ".join(f"{k} = {format_number(v, 4)}"
                                                   if isinstance(v, (int, float)) else f"{k} = {v}"
                                                   for k, v in self.figures.items()))
        for d in self.details:
            lines.append(f"  {d}")
        for cs in self.comparative_statics:
            lines.append(f"  {cs}")
        return "\n".join(lines)


def signed_static(parameter: str, outcome: str, d: float, method: str, *,
                  zero_tol: float = 1e-12) -> ComparativeStatic:
    """The comparative static of a derivative ``d`` (sign 0 when ``|d| <= zero_tol`` or ``d``
    is not finite; then no derivative is reported)."""
    sign = 0 if (not math.isfinite(d) or abs(d) <= zero_tol) else (1 if d > 0 else -1)
    return ComparativeStatic(parameter=parameter, outcome=outcome, sign=sign,
                             derivative=d if math.isfinite(d) else None, method=method)


def difference_quotient(func: Callable[[Any], float], model: Any, parameter: str, *,
                        rel_step: float = 1e-4,
                        errors: type[Exception] = ValueError) -> tuple[float, bool]:
    """d outcome / d parameter of a frozen model by a central finite difference.

    ``func(model) -> float`` computes the outcome; the model is rebuilt with
    :func:`dataclasses.replace` at ``parameter ± h``. A step that raises ``errors`` leaves the
    valid range: the difference is then one-sided (NaN when both steps do). Returns the
    derivative and whether it is one-sided.
    """
    x = getattr(model, parameter)
    h = rel_step * max(1.0, abs(float(x)))

    def at(value):
        try:
            return func(dataclasses.replace(model, **{parameter: value}))
        except errors:  # the step leaves the valid range
            return None

    up, down = at(x + h), at(x - h)
    if up is not None and down is not None:
        d = (up - down) / (2 * h)
    elif up is not None:
        d = (up - func(model)) / h
    elif down is not None:
        d = (func(model) - down) / h
    else:
        d = float("nan")
    return d, (up is None or down is None)


def finite_difference_sign(func: Callable[[Any], float], model: Any, parameter: str,
                           outcome: str, *, rel_step: float = 1e-4,
                           zero_tol: float = 1e-9) -> ComparativeStatic:
    """Sign of d outcome / d parameter by a central finite difference on a frozen model.

    ``func(model) -> float`` computes the outcome; the model is rebuilt with
    :func:`dataclasses.replace` at ``parameter ± h`` (see :func:`difference_quotient`).
    """
    d, _ = difference_quotient(func, model, parameter, rel_step=rel_step)
    return signed_static(parameter, outcome, d, "finite difference", zero_tol=zero_tol)

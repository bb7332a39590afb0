"""The one base of every result the library returns.

A result is a frozen dataclass that derives from :class:`Result`. The base gives it:

- read-only extras: every field named in ``_frozen_mappings`` (``extra`` by default) is stored
  as a :class:`types.MappingProxyType`, so a "frozen" result cannot be edited after it is built
  (use :meth:`Result.with_extra` to get a copy with more entries);
- a one-line ``repr`` (class name and its short fields), a readable ``str`` (classes override
  :meth:`Result.__str__` with words), ``_repr_html_`` for notebooks;
- :meth:`Result.to_dict`: a JSON-serialisable dictionary (Fractions as ``"p/q"`` strings, arrays
  as nested lists, nested results as dictionaries);
- :meth:`Result.to_dataframe` where rows make sense (a class lists them in :meth:`Result._rows`);
  pandas is imported only then;
- ``converged`` (True unless the class has a field saying otherwise) and ``success``, a
  deprecated alias of it.

Examples
--------
>>> from dataclasses import dataclass, field
>>> from fractions import Fraction
>>> @dataclass(frozen=True, repr=False)
... class Toy(Result):
...     value: object
...     extra: dict = field(default_factory=dict)
>>> t = Toy(Fraction(1, 3), extra={"note": "exact"})
>>> t
Toy(value=1/3)
>>> t.to_dict()
{'value': '1/3', 'extra': {'note': 'exact'}, 'type': 'Toy'}
>>> t.extra["note"] = "changed"
Traceback (most recent call last):
...
TypeError: 'mappingproxy' object does not support item assignment
"""

from __future__ import annotations

import dataclasses
import html
import math
import warnings
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np

__all__ = ["Result", "jsonable", "short_text", "freeze_mapping", "format_number", "assemble",
           "builder"]


def format_number(x: Any, digits: int = 6) -> str:
    """Short text for a number, by one rule shared by every report.

    Parameters
    ----------
    x : number
        A Fraction, integer, sympy rational, float or complex number (anything else is
        returned as ``str(x)``).
    digits : int, default 6
        Significant digits for inexact (floating-point) values.

    Returns
    -------
    str
        Exact values exactly (``Fraction`` and sympy rationals as ``p/q``, integers as
        integers); floats with ``digits`` significant digits; complex numbers as ``a+bi``,
        where a real or imaginary part below ``1e-12`` times the modulus (rounding noise) is
        dropped, so ``1.11e-16+0.9798j`` prints ``0.9798i``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> format_number(Fraction(2, 3)), format_number(2 / 3, 4), format_number(7)
    ('2/3', '0.6667', '7')
    >>> format_number(1.11e-16 + 0.97979589j, 4), format_number(-0.5 + 1e-17j, 4)
    ('0.9798i', '-0.5')
    >>> format_number(-1 - 2j)
    '-1-2i'
    """
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if getattr(x, "is_Rational", False) is True:          # sympy Integer / Rational: exact
        return str(x)
    if isinstance(x, (complex, np.complexfloating)):
        z = complex(x)
        noise = 1e-12 * abs(z)
        re = 0.0 if abs(z.real) <= noise else z.real
        im = 0.0 if abs(z.imag) <= noise else z.imag
        if im == 0:
            return format_number(re, digits)
        im_text = f"{format_number(abs(im), digits)}i"
        if re == 0:
            return ("-" if im < 0 else "") + im_text
        return f"{format_number(re, digits)}{'-' if im < 0 else '+'}{im_text}"
    try:
        xf = float(x)
    except (TypeError, ValueError):
        return str(x)
    if xf == 0:
        return "0"
    return f"{xf:.{digits}g}"


def freeze_mapping(mapping: Mapping | None) -> Mapping:
    """A read-only copy of ``mapping`` (``{}`` for None)."""
    if isinstance(mapping, MappingProxyType):
        return mapping
    return MappingProxyType(dict(mapping or {}))


def jsonable(x: Any) -> Any:
    """``x`` as plain JSON data: Fractions as ``"p/q"``, arrays as lists, results as dicts."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, Result):
        return x.to_dict()
    if isinstance(x, Fraction):
        return str(x) if x.denominator != 1 else int(x.numerator)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        xf = float(x)
        return xf if math.isfinite(xf) else str(xf)
    if isinstance(x, complex):
        return [x.real, x.imag]
    if isinstance(x, np.ndarray):
        return [jsonable(v) for v in x.tolist()] if x.dtype != object else \
            [jsonable(v) for v in x]
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in x]
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: jsonable(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if hasattr(x, "to_dict") and callable(x.to_dict):
        return x.to_dict()
    return str(x)


def short_text(x: Any, digits: int = 6) -> str | None:
    """Short text for a scalar-like value, or None when it is too long for a one-line repr."""
    if x is None or isinstance(x, bool):
        return repr(x)
    if isinstance(x, str):
        return repr(x) if len(x) <= 40 else None
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.{digits}g}"
    if isinstance(x, (tuple, list, np.ndarray)) and len(x) <= 8:
        parts = [short_text(v, digits) for v in x]
        if all(p is not None and "(" not in p for p in parts):
            return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    return None


_LAYOUTS: dict = {}


def _layout(cls):
    """``(field names, read-only mapping fields)`` of a frozen dataclass that :func:`assemble`
    may build directly, else False (fields outside ``__init__``, slots, or a
    ``__post_init__`` other than :meth:`Result.__post_init__`)."""
    fields = dataclasses.fields(cls)
    post = getattr(cls, "__post_init__", None)
    if (hasattr(cls, "__slots__") or any(not f.init for f in fields)
            or post not in (None, Result.__post_init__)):
        return False
    names = frozenset(f.name for f in fields)
    frozen = tuple(n for n in getattr(cls, "_frozen_mappings", ()) if n in names) \
        if post is not None else ()
    return names, frozen


def assemble(cls, /, **values):
    """``cls(**values)`` for a frozen dataclass, given every field, without its ``__init__``.

    The same object, with a :class:`Result`'s read-only mappings, for about a third of the
    cost: for the solvers' hot paths, which build many small results. A call that does not name
    every field exactly, or a class that cannot be built directly (see :func:`_layout`), goes
    through ``cls(**values)``, which fills defaults or raises as usual.

    Parameters
    ----------
    cls : type
        A frozen dataclass.
    **values
        All its fields, by name.

    Returns
    -------
    object
        The instance.

    Examples
    --------
    >>> from dataclasses import dataclass, field
    >>> @dataclass(frozen=True, repr=False)
    ... class Toy(Result):
    ...     value: object
    ...     extra: dict = field(default_factory=dict)
    >>> t = assemble(Toy, value=3, extra={"a": 1})
    >>> t == Toy(3, {"a": 1}), type(t.extra).__name__
    (True, 'mappingproxy')
    """
    layout = _LAYOUTS.get(cls)
    if layout is None:
        layout = _LAYOUTS[cls] = _layout(cls)
    if layout is False or values.keys() != layout[0]:
        return cls(**values)
    for name in layout[1]:
        v = values[name]
        if v is not None and not isinstance(v, MappingProxyType):
            values[name] = freeze_mapping(v)
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


_BUILDERS: dict = {}


def builder(cls):
    """A positional constructor of a frozen dataclass: ``builder(cls)(*fields)`` is
    ``cls(*fields)`` given every field in declaration order, built as :func:`assemble` builds
    it (no ``__init__``; a :class:`Result`'s read-only mappings frozen) for less again: for the
    module that defines ``cls`` and knows its field order. A class :func:`assemble` cannot
    build directly gets ``cls`` itself.

    Parameters
    ----------
    cls : type
        A frozen dataclass.

    Returns
    -------
    callable
        ``make(*fields) -> cls`` (made once per class; it takes exactly one argument per field).

    Examples
    --------
    >>> import dataclasses
    >>> Pair = dataclasses.make_dataclass("Pair", ["left", "right", "extra"], bases=(Result,),
    ...                                   frozen=True, repr=False)
    >>> p = builder(Pair)(1, 2, {"note": "built"})
    >>> p == Pair(1, 2, {"note": "built"}), type(p.extra).__name__
    (True, 'mappingproxy')
    """
    make = _BUILDERS.get(cls)
    if make is not None:
        return make
    layout = _LAYOUTS.get(cls)
    if layout is None:
        layout = _LAYOUTS[cls] = _layout(cls)
    if layout is False:
        make = cls
    else:
        # generated once, as dataclasses generates __init__: one store per field into the
        # instance dictionary (measured the cheapest way to fill it)
        names = [f.name for f in dataclasses.fields(cls)]
        args = [f"_{k}" for k in range(len(names))]
        body = [f"def make({', '.join(args)}):", "    obj = new(cls)", "    d = obj.__dict__"]
        for name, arg in zip(names, args):
            if name in layout[1]:
                body.append(f"    d[{name!r}] = {arg} if {arg} is None or "
                            f"isinstance({arg}, proxy) else freeze({arg})")
            else:
                body.append(f"    d[{name!r}] = {arg}")
        body.append("    return obj")
        scope = {"new": object.__new__, "cls": cls, "proxy": MappingProxyType,
                 "freeze": freeze_mapping}
        exec("\n".join(body), scope)          # noqa: S102 (field names are identifiers)
        make = scope["make"]
        make.__qualname__ = f"builder({cls.__name__})"
    _BUILDERS[cls] = make
    return make


class Result:
    """Base of the frozen result dataclasses (see the module docstring).

    Examples
    --------
    >>> import contracts as ct
    >>> res = ct.solve(ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]))
    >>> isinstance(res, Result), res.converged
    (True, True)
    """

    #: Fields stored as read-only mappings.
    _frozen_mappings: tuple = ("extra",)

    def __post_init__(self) -> None:
        for name in self._frozen_mappings:
            if name in self.__dataclass_fields__:
                value = getattr(self, name)
                if value is not None and not isinstance(value, MappingProxyType):
                    object.__setattr__(self, name, freeze_mapping(value))

    # -- status --------------------------------------------------------------------------------
    @property
    def converged(self) -> bool:
        """True: a closed-form or finite method always finishes (classes may override)."""
        return True

    @property
    def success(self) -> bool:
        """Deprecated alias of :attr:`converged`."""
        warnings.warn(f"{type(self).__name__}.success is deprecated; use .converged",
                      DeprecationWarning, stacklevel=2)
        return self.converged

    def with_extra(self, **entries):
        """A copy whose ``extra`` mapping also holds ``entries``.

        Parameters
        ----------
        **entries
            Items to add to ``extra``.

        Returns
        -------
        Result
            The copy (the original is unchanged).
        """
        merged = dict(getattr(self, "extra", None) or {})
        merged.update(entries)
        return dataclasses.replace(self, extra=merged)

    # -- export --------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The result as JSON-serialisable data (its fields, plus ``"type"``)."""
        out = {}
        for f in dataclasses.fields(self):
            if f.name.startswith("_") or f.name in ("game", "normal_form", "game_"):
                continue
            out[f.name] = jsonable(getattr(self, f.name))
        out["type"] = type(self).__name__
        return out

    def _rows(self) -> list[dict] | None:
        """Rows for :meth:`to_dataframe` (None: this result has no natural rows)."""
        return None

    def to_dataframe(self):
        """The result's rows as a :class:`pandas.DataFrame` (needs pandas)."""
        rows = self._rows()
        if rows is None:
            from .exceptions import UnsupportedGameError
            raise UnsupportedGameError(f"{type(self).__name__}.to_dataframe: this result has no "
                                       "rows; use to_dict()")
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - pandas is in the test extra
            raise ImportError(f"{type(self).__name__}.to_dataframe needs pandas "
                              "(pip install pandas)") from exc
        return pd.DataFrame(rows)

    # -- text ----------------------------------------------------------------------------------
    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            if not f.repr or f.name.startswith("_") or f.name in self._frozen_mappings:
                continue
            text = short_text(getattr(self, f.name))
            if text is not None:
                parts.append(f"{f.name}={text}")
        return f"{type(self).__name__}(" + ", ".join(parts) + ")"

    def _repr_html_(self) -> str:
        return ("<pre class='contracts-result'>" + html.escape(str(self)) + "</pre>")

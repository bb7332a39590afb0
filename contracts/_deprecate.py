"""The one way to rename a parameter or make it keyword-only, keeping old calls working.

:func:`renamed` and :func:`keyword_only` decorate a class (usually a frozen dataclass) or a
function. An old call keeps working for one release and emits a :class:`DeprecationWarning`
that names the new spelling. Renamed dataclass fields also keep a read-only attribute under the
old name (deprecated too).

Examples
--------
>>> import warnings
>>> from dataclasses import dataclass
>>> @keyword_only(1)
... @renamed(sigma2="noise_variance")
... @dataclass(frozen=True)
... class Model:
...     gain: float
...     noise_variance: float = 0.0
>>> with warnings.catch_warnings(record=True) as w:
...     warnings.simplefilter("always")
...     m = Model(2.0, sigma2=0.5)
>>> m.noise_variance, str(w[0].message)
(0.5, "Model: parameter 'sigma2' is deprecated; use 'noise_variance'")
"""

from __future__ import annotations

import functools
import inspect
import warnings
from typing import Any, Callable

__all__ = ["renamed", "keyword_only", "warn_deprecated", "warn_superseded"]


def warn_deprecated(where: str, old: str, new: str, *, stacklevel: int = 3) -> None:
    """Emit the library's deprecation warning for a renamed parameter."""
    warnings.warn(f"{where}: parameter {old!r} is deprecated; use {new!r}",
                  DeprecationWarning, stacklevel=stacklevel)


def warn_superseded(where: str, replacement: str, *, stacklevel: int = 4) -> None:
    """Emit the library's deprecation warning for a class superseded by another.

    The default ``stacklevel`` points at the caller of a dataclass's ``__init__`` when this is
    called from its ``__post_init__``.
    """
    warnings.warn(f"{where} is deprecated: it is superseded by {replacement}",
                  DeprecationWarning, stacklevel=stacklevel)


def _target(obj) -> tuple[Callable, str, bool]:
    if isinstance(obj, type):
        return obj.__init__, obj.__name__, True
    return obj, obj.__name__, False


def _install(obj, wrapper) -> Any:
    if isinstance(obj, type):
        obj.__init__ = wrapper
        return obj
    return wrapper


def renamed(**old_to_new: str):
    """Accept each old keyword for one release, mapped to its new name with a warning."""

    def deco(obj):
        func, name, is_class = _target(obj)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        from .exceptions import InvalidParameterError
                        raise InvalidParameterError(
                            f"{name}: got both {old!r} (deprecated) and {new!r}; pass {new!r}")
                    warn_deprecated(name, old, new)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        if is_class:
            for old, new in old_to_new.items():
                if not hasattr(obj, old):
                    setattr(obj, old, _alias_property(name, old, new))
        return _install(obj, wrapper)

    return deco


def _alias_property(cls_name: str, old: str, new: str) -> property:
    def get(self):
        warnings.warn(f"{cls_name}.{old} is deprecated; use .{new}", DeprecationWarning,
                      stacklevel=2)
        return getattr(self, new)

    get.__doc__ = f"Deprecated alias of :attr:`{new}`."
    return property(get)


def keyword_only(max_positional: int):
    """Allow at most ``max_positional`` positional arguments; more still work, with a warning.

    The extra positional arguments are bound in the order of the signature as it was (so old
    calls keep their meaning), and the warning lists the keywords to use.
    """

    def deco(obj):
        func, name, is_class = _target(obj)
        params = [p for p in inspect.signature(func).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if is_class:
            params = params[1:]      # self
        names = [p.name for p in params]

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            offset = 1 if is_class else 0
            extra = args[offset + max_positional:]
            if extra:
                keys = names[max_positional:max_positional + len(extra)]
                warnings.warn(f"{name}: passing {', '.join(repr(k) for k in keys)} by position "
                              "is deprecated; pass them by keyword", DeprecationWarning,
                              stacklevel=2)
                if len(extra) > len(keys):
                    return func(*args, **kwargs)      # let Python report the bad call
                for k, v in zip(keys, extra):
                    if k in kwargs:
                        raise TypeError(f"{name}() got multiple values for argument {k!r}")
                    kwargs[k] = v
                args = args[:offset + max_positional]
            return func(*args, **kwargs)

        return _install(obj, wrapper)

    return deco

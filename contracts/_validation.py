"""Small shared validators for parameters (used by every layer)."""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Real

from .exceptions import InvalidParameterError

__all__ = ["check_real", "check_discount", "check_probability", "check_positive", "check_exact",
           "check_count",
           "check_nonnegative"]


def check_real(where: str, name: str, value, *, low=None, high=None, low_open=False,
               high_open=False, allow_inf=False):
    """Return ``value`` if it is a finite real number within the given bounds.

    Raises :class:`InvalidParameterError` naming ``where``, the parameter, its value and the
    valid range otherwise.
    """
    if isinstance(value, bool) or not isinstance(value, (Real, Fraction)):
        try:
            import numpy as np
            if isinstance(value, np.generic) and np.isreal(value):
                value = value.item()
            else:
                raise TypeError
        except TypeError:
            raise InvalidParameterError(
                f"{where}: parameter {name!r} must be a real number, got {value!r}") from None
    if isinstance(value, float) and (math.isnan(value) or (math.isinf(value) and not allow_inf)):
        raise InvalidParameterError(f"{where}: parameter {name!r} must be finite, got {value!r}")
    lo_ok = True if low is None else (value > low if low_open else value >= low)
    hi_ok = True if high is None else (value < high if high_open else value <= high)
    if not (lo_ok and hi_ok):
        lo = "-inf" if low is None else str(low)
        hi = "inf" if high is None else str(high)
        rng = ("(" if low_open or low is None else "[") + f"{lo}, {hi}" + (
            ")" if high_open or high is None else "]")
        raise InvalidParameterError(
            f"{where}: parameter {name!r} = {value!r} is outside its valid range {rng}")
    return value


def check_discount(where: str, value, name: str = "discount"):
    """A discount factor must lie in the open interval (0, 1)."""
    return check_real(where, name, value, low=0, high=1, low_open=True, high_open=True)


def check_probability(where: str, name: str, value):
    """A probability must lie in [0, 1]."""
    return check_real(where, name, value, low=0, high=1)


def check_positive(where: str, name: str, value):
    """A strictly positive real number."""
    return check_real(where, name, value, low=0, low_open=True)


def check_nonnegative(where: str, name: str, value):
    """A non-negative real number."""
    return check_real(where, name, value, low=0)


def check_exact(where: str, exact, name: str = "exact"):
    """``exact`` must be ``None`` (follow the game), ``True`` or ``False``; return it as such.

    Strings such as ``'no'`` are rejected rather than read as true.

    Examples
    --------
    >>> check_exact("solve", None) is None, check_exact("solve", False)
    (True, False)
    """
    if exact is None or isinstance(exact, bool):
        return exact
    try:
        import numpy as np
        if isinstance(exact, np.bool_):
            return bool(exact)
    except ImportError:  # pragma: no cover
        pass
    raise InvalidParameterError(
        f"{where}: parameter {name!r} must be None, True or False, got {exact!r}")


def check_count(where: str, name: str, value, *, low: int = 0, high: int | None = None):
    """An integer (not a bool, not a float) within ``[low, high]``."""
    try:
        import numpy as np
        if isinstance(value, np.integer):
            value = int(value)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        hi = "inf" if high is None else str(high)
        raise InvalidParameterError(
            f"{where}: parameter {name!r} = {value!r} is outside its valid range [{low}, {hi}]")
    return value

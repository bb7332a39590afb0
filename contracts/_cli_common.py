"""What every part of the command line shares: exit codes, the usage error, messages on
standard error and ``--set name=value`` parsing (see :mod:`contracts.cli`)."""

from __future__ import annotations

import sys
from typing import Any, Sequence

__all__ = ["UsageError", "parse_value", "parse_assignment", "EXIT_OK", "EXIT_USAGE",
           "EXIT_INPUT", "EXIT_NOT_CONVERGED"]

EXIT_OK, EXIT_USAGE, EXIT_INPUT, EXIT_NOT_CONVERGED = 0, 2, 3, 4


class UsageError(Exception):
    """A command-line usage problem (exit code 2)."""


def log(msg: str) -> None:
    print(f"contracts: {msg}", file=sys.stderr)


def parse_value(text: str) -> Any:
    """Read a ``--set`` value: ``true``/``false`` -> bool, then int, then float, else the string.

    >>> [parse_value(s) for s in ("3", "-2", "0.5", "1e-3", "True", "no", "agency")]
    [3, -2, 0.5, 0.001, True, 'no', 'agency']
    """
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def parse_assignment(items: Sequence[str] | None) -> dict[str, Any]:
    """Parse ``--set`` items: ``["discount=0.9", "tiers=3"]`` -> ``{"discount": 0.9, "tiers": 3}``.

    Parameters
    ----------
    items : sequence of str or None
        ``name=value`` strings; each value is read as a boolean (``true``/``false``), then an
        int, then a float, else kept as text. None or empty gives ``{}``.

    Returns
    -------
    dict
        Parameter name -> parsed value, in the order given.

    Raises
    ------
    UsageError
        For an item without ``=``, an empty or non-identifier name, or a name given twice.

    Examples
    --------
    >>> from contracts.cli import parse_assignment
    >>> parse_assignment(["discount=0.9", "name=gov agency", "strict=false"])
    {'discount': 0.9, 'name': 'gov agency', 'strict': False}
    """
    out: dict[str, Any] = {}
    for item in items or ():
        if "=" not in item:
            raise UsageError(f"--set expects name=value, got {item!r}")
        name, _, value = item.partition("=")
        name = name.strip()
        if not name.isidentifier():
            raise UsageError(f"--set: {name!r} is not a valid parameter name (in {item!r})")
        if name in out:
            raise UsageError(f"--set: parameter {name!r} given twice")
        out[name] = parse_value(value)
    return out

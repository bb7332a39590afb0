"""Exceptions and warnings raised by :mod:`contracts`.

Every message starts with the name of the function or class that raised it and says what was
expected and what was found, e.g.::

    NormalFormGame: payoff array for player 1 has shape (2, 3); expected (2, 2)

Hierarchy::

    ContractsError
    ├── InvalidGameError(ValueError)        ragged/NaN payoffs, empty action sets, bad profiles
    ├── InvalidParameterError(ValueError)   discount outside (0, 1), negative cost, ...
    ├── UnsupportedGameError(NotImplementedError)
    ├── FormatError(ValueError)             malformed game file; carries line and column
    ├── ConvergenceError(RuntimeError)      only when the caller asked to raise
    ├── WorkLimitError(RuntimeError)        the estimated work exceeds a ``max_...`` limit
    └── SweepError(RuntimeError)            a sweep point failed and ``errors="raise"``
    DegenerateGameWarning(UserWarning)
"""

from __future__ import annotations

__all__ = [
    "ContractsError",
    "InvalidGameError",
    "InvalidParameterError",
    "UnsupportedGameError",
    "FormatError",
    "ConvergenceError",
    "DegenerateGameWarning",
    "WorkLimitError",
    "SweepError",
]


class ContractsError(Exception):
    """Base class of every error raised on purpose by :mod:`contracts`."""


class InvalidGameError(ContractsError, ValueError):
    """A game, a strategy profile or a probability vector is malformed."""


class InvalidParameterError(ContractsError, ValueError):
    """A model or solver parameter is outside its valid range."""


class UnsupportedGameError(ContractsError, NotImplementedError):
    """The method does not apply to this kind of game (e.g. a 2-player method on 3 players)."""


class FormatError(ContractsError, ValueError):
    """A game file is malformed.

    Parameters
    ----------
    message : str
        What was expected and what was found.
    line, column : int, optional
        1-based position of the problem in the input text.
    source : str, optional
        File name (or ``"<string>"``).
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 source: str | None = None):
        self.line = line
        self.column = column
        self.source = source
        self.reason = message
        where = ""
        if line is not None:
            where = f"{source or '<string>'}:{line}" + (f":{column}" if column is not None else "")
            where += ": "
        super().__init__(where + message)


class ConvergenceError(ContractsError, RuntimeError):
    """An iterative method did not converge (raised only when the caller asks for it)."""


class DegenerateGameWarning(UserWarning):
    """The game is degenerate: equilibria may form continua; extreme points are reported."""


class WorkLimitError(ContractsError, RuntimeError):
    """The work a call would do, estimated before it starts, exceeds a limit.

    The message gives the estimate and the ``max_...`` option that raises the limit.

    Attributes
    ----------
    estimate : int or float
        The estimated amount of work (supports, vertices, profiles, nodes, bytes...).
    limit : int or float
        The limit it exceeds.
    option : str
        The keyword that raises the limit (e.g. ``"max_supports"``).
    """

    def __init__(self, message: str, *, estimate=None, limit=None, option: str | None = None):
        self.estimate = estimate
        self.limit = limit
        self.option = option
        super().__init__(message)


class SweepError(ContractsError, RuntimeError):
    """A grid point of :func:`contracts.sweep` raised and the caller asked ``errors="raise"``.

    Attributes
    ----------
    point : dict
        The parameters of the failing grid point.
    partial : SweepResult or None
        The points completed before the failure.
    """

    def __init__(self, message: str, *, point=None, partial=None):
        self.point = point
        self.partial = partial
        super().__init__(message)

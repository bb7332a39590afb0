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
    """Base class of every error raised on purpose by :mod:`contracts`.

    Examples
    --------
    >>> import contracts as ct
    >>> try:
    ...     ct.NormalFormGame.from_bimatrix([[1, 2]], [[1]])
    ... except ContractsError as err:
    ...     print(type(err).__name__)
    InvalidGameError
    """


class InvalidGameError(ContractsError, ValueError):
    """A game, a strategy profile or a probability vector is malformed.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]])
    >>> try:
    ...     g.expected_payoffs(([0.5, 0.6], [1, 0]))
    ... except InvalidGameError:
    ...     print("not a probability vector")
    not a probability vector
    """


class InvalidParameterError(ContractsError, ValueError):
    """A model or solver parameter is outside its valid range.

    Examples
    --------
    >>> import contracts as ct
    >>> stage = ct.NormalFormGame.from_bimatrix([[1]], [[1]])
    >>> try:
    ...     ct.RepeatedGame(stage, 1.5)
    ... except InvalidParameterError as err:
    ...     print(err)
    RepeatedGame: parameter 'discount' = 1.5 is outside its valid range (0, 1)
    """


class UnsupportedGameError(ContractsError, NotImplementedError):
    """The method does not apply to this kind of game (e.g. a 2-player method on 3 players).

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_payoff_profile([[[[1, 1, 1]]]])
    >>> try:
    ...     ct.solve(g, method="vertex_enumeration")
    ... except UnsupportedGameError as err:
    ...     print(err)
    vertex_enumeration: needs a two-player game; this game has 3 players
    """


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

    Examples
    --------
    >>> from contracts.io.gambit import read_nfg
    >>> try:
    ...     read_nfg("NFG 1 R")
    ... except FormatError as err:
    ...     print(err.line, err.column)
    1 8
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
    """An iterative method did not converge (raised only when the caller asks for it).

    Examples
    --------
    >>> issubclass(ConvergenceError, RuntimeError)
    True
    """


class DegenerateGameWarning(UserWarning):
    """The game is degenerate: equilibria may form continua; extreme points are reported.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DegenerateGameWarning)   # silence it in a block
    ...     issubclass(DegenerateGameWarning, UserWarning)
    True
    """


class WorkLimitError(ContractsError, RuntimeError):
    """The work a call would do, estimated before it starts, exceeds a limit.

    The message gives the estimate and the ``max_...`` option that raises the limit.

    Parameters
    ----------
    message : str
        What would be done and how to allow it.
    estimate, limit : int or float, optional
        See Attributes.
    option : str, optional
        See Attributes.

    Attributes
    ----------
    estimate : int or float
        The estimated amount of work (supports, vertices, profiles, nodes, bytes...).
    limit : int or float
        The limit it exceeds.
    option : str
        The keyword that raises the limit (e.g. ``"max_supports"``).

    Examples
    --------
    >>> err = WorkLimitError("too many supports", estimate=10**9, limit=10**6,
    ...                      option="max_supports")
    >>> err.option, isinstance(err, ContractsError)
    ('max_supports', True)
    """

    def __init__(self, message: str, *, estimate=None, limit=None, option: str | None = None):
        self.estimate = estimate
        self.limit = limit
        self.option = option
        super().__init__(message)


class SweepError(ContractsError, RuntimeError):
    """A grid point of :func:`contracts.sweep` raised and the caller asked ``errors="raise"``.

    Parameters
    ----------
    message : str
        What failed.
    point, partial : optional
        See Attributes.

    Attributes
    ----------
    point : dict
        The parameters of the failing grid point.
    partial : SweepResult or None
        The points completed before the failure.

    Examples
    --------
    >>> from contracts.sweep import sweep
    >>> try:
    ...     sweep(lambda p: 1 / p["a"], {"a": [1, 0]}, errors="raise")
    ... except SweepError as err:
    ...     print(err.point)
    {'a': 0}
    """

    def __init__(self, message: str, *, point=None, partial=None):
        self.point = point
        self.partial = partial
        super().__init__(message)

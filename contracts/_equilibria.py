"""The equilibrium result types and how a list of verified equilibria becomes a result.

Private module: the names are re-exported by :mod:`contracts.results`, where they are
documented. :func:`package` is shared by every result builder (messages, completeness, the
degeneracy warning).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterator

import numpy as np

from ._result import Result, builder, format_number, jsonable
from .exceptions import DegenerateGameWarning

__all__ = ["Equilibrium", "EquilibriumResult", "KINDS", "package"]

#: What kind of strategies an :class:`EquilibriumResult` holds.
KINDS = ("mixed", "behaviour", "correlated", "bayesian", "stackelberg")


def _fmt_vec(v) -> str:
    return "(" + ", ".join(format_number(x) for x in v) + ")"


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One equilibrium: a strategy profile with its payoffs and its (verified) regret.

    Iterating over an equilibrium yields the strategies, so ``x, y = eq`` works as in nashpy.

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        One probability vector per player (``object`` arrays of Fraction when exact).
    payoffs : tuple
        Expected payoff of each player.
    regret : float or Fraction
        Largest gain any player could get by deviating (0 for exact equilibria).
    players, actions : tuple
        Labels, used for printing.

    Examples
    --------
    >>> import contracts as ct
    >>> res = ct.solve(ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]), exact=True)
    >>> x, y = res[0]
    >>> [str(p) for p in x], res[0].exact
    (['1/2', '1/2'], True)
    """

    strategies: tuple
    payoffs: tuple
    regret: Any = 0.0
    players: tuple = ()
    actions: tuple = ()

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.strategies)

    def __len__(self) -> int:
        return len(self.strategies)

    def __getitem__(self, i):
        return self.strategies[i]

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the actions played with positive probability, per player."""
        return tuple(tuple(int(k) for k in range(len(s)) if s[k] > 0) for s in self.strategies)

    @property
    def is_pure(self) -> bool:
        """True when every player plays a single action."""
        return all(len(s) == 1 for s in self.support)

    @property
    def exact(self) -> bool:
        """Whether the strategies are exact Fractions."""
        return all(s.dtype == object for s in self.strategies)

    def to_numpy(self) -> tuple[np.ndarray, ...]:
        """Strategies as float64 arrays."""
        return tuple(np.asarray(s, dtype=np.float64) for s in self.strategies)

    def __eq__(self, other):
        if not isinstance(other, Equilibrium):
            return NotImplemented
        return len(self.strategies) == len(other.strategies) and all(
            np.array_equal(a, b) for a, b in zip(self.strategies, other.strategies))

    def __hash__(self):
        return hash(tuple(tuple(s) for s in self.strategies))

    def to_dict(self) -> dict:
        """The equilibrium as JSON-serialisable data (Fractions as ``"p/q"`` strings)."""
        return {"strategies": jsonable(self.strategies), "payoffs": jsonable(self.payoffs),
                "regret": jsonable(self.regret), "players": list(self.players),
                "actions": jsonable(self.actions)}

    def __repr__(self) -> str:
        strat = ", ".join(_fmt_vec(s) for s in self.strategies)
        pay = _fmt_vec(self.payoffs)
        return f"Equilibrium(strategies=({strat}), payoffs={pay})"

    def __str__(self) -> str:
        lines = []
        players = self.players or tuple(f"player {i + 1}" for i in range(len(self.strategies)))
        for i, s in enumerate(self.strategies):
            acts = self.actions[i] if self.actions else tuple(str(k) for k in range(len(s)))
            parts = [f"{acts[k]}={format_number(s[k])}" for k in range(len(s)) if s[k] != 0]
            lines.append(f"  {players[i]}: " + ", ".join(parts)
                         + f"  (payoff {format_number(self.payoffs[i])})")
        return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class EquilibriumResult(Result):
    """Equilibria found by a solver, with how they were found.

    The one equilibrium result of the library: every equilibrium solver returns it or a subclass
    of it, and :attr:`kind` says what the strategies are (``"mixed"`` strategy profiles of a
    strategic-form game, ``"behaviour"`` strategies of a game tree, a ``"correlated"``
    distribution, ``"bayesian"`` per-type strategies, a ``"stackelberg"`` commitment).
    Iterable over its equilibria; ``len(result)`` is their number.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        The verified equilibria.
    method : str
        Name of the algorithm.
    exact : bool
        True when strategies are exact Fractions.
    complete : bool
        True when the method guarantees it found all (extreme) equilibria.
    converged : bool
        False when an iterative method stopped before converging.
    iterations : int or None
        Pivots / iterations used, when meaningful.
    max_regret : float or Fraction
        Largest regret over the returned equilibria (verified ≤ tol).
    degenerate : bool or None
        Whether the game was found degenerate (None when not checked).
    message : str
        Anything the user should know (dropped candidates, degeneracy, ...).
    extra : Mapping
        Method-specific details.
    kind : str
        One of :data:`KINDS`.

    Examples
    --------
    >>> import contracts as ct
    >>> res = ct.solve(ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]), exact=True)
    >>> len(res), res.exact, res.max_regret
    (1, True, Fraction(0, 1))
    """

    equilibria: tuple = ()
    method: str = ""
    exact: bool = False
    complete: bool = False
    converged: bool = True
    iterations: int | None = None
    max_regret: Any = 0.0
    degenerate: bool | None = None
    message: str = ""
    extra: dict = field(default_factory=dict, repr=False)
    kind: str = "mixed"

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, i) -> Equilibrium:
        return self.equilibria[i]

    def __bool__(self) -> bool:
        return len(self.equilibria) > 0

    def to_numpy(self) -> list[tuple[np.ndarray, ...]]:
        """The equilibria as a list of tuples of float64 arrays."""
        return [eq.to_numpy() for eq in self.equilibria]

    def __repr__(self) -> str:
        flags = [f"method={self.method!r}", f"n={len(self.equilibria)}",
                 f"exact={self.exact}", f"complete={self.complete}"]
        if not self.converged:
            flags.append("converged=False")
        if self.degenerate:
            flags.append("degenerate=True")
        if self.kind != "mixed":
            flags.insert(0, f"kind={self.kind!r}")
        return type(self).__name__ + "(" + ", ".join(flags) + ")"

    def _rows(self) -> list[dict]:
        rows = []
        for k, eq in enumerate(self.equilibria):
            strategies = getattr(eq, "strategies", ())
            for i, s in enumerate(strategies):
                row = {"equilibrium": k, "player": i}
                flat = np.asarray(s, dtype=object).ravel()
                row.update({f"p{j}": jsonable(v) if isinstance(v, Fraction) else float(v)
                            for j, v in enumerate(flat)})
                pay = getattr(eq, "payoffs", None)
                if pay is not None and i < len(pay):
                    row["payoff"] = float(pay[i])
                rows.append(row)
        return rows

    #: Whether :meth:`__str__` mentions a degenerate game (subclasses may turn it off).
    _says_degenerate = True

    def _headline(self) -> str:
        """The first line of :meth:`__str__`: method, count, completeness, arithmetic."""
        n = len(self.equilibria)
        if self.complete:
            what = "all pure equilibria" if self.method == "pure" else "all extreme equilibria"
        else:
            what = "equilibria found"
        return (f"{self.method}: {n} {'equilibrium' if n == 1 else 'equilibria'} ({what}; "
                f"{'exact' if self.exact else 'floating point'}; max regret "
                f"{format_number(self.max_regret, 3)})")

    def __str__(self) -> str:
        lines = [self._headline()]
        if self.degenerate and self._says_degenerate:
            lines.append("  the game is degenerate: equilibria may form continua; "
                         "extreme points are listed")
        if not self.converged:
            lines.append("  did not converge")
        if self.message:
            lines.append("  " + self.message)
        for k, eq in enumerate(self.equilibria, 1):
            lines.append(f" #{k}")
            lines.append(str(eq))
        return "\n".join(lines)


def _unresolvable(game) -> bool:
    from . import _tolerance
    from .exceptions import InvalidGameError
    try:
        _tolerance.check_resolvable(game, "build_result")
    except InvalidGameError:
        return True
    return False


def package(game, eqs: tuple, max_r, dropped: int, method: str, tol, exact: bool,
            complete: bool, converged: bool, iterations, degenerate, message: str,
            warn_degenerate: bool, extra, resolvable: bool | None) -> EquilibriumResult:
    """The result holding verified equilibria: messages, completeness, the degeneracy warning.
    ``resolvable=True``: the caller has established that a float game's payoffs resolve.
    (Positional or by keyword; hot paths pass it positionally.)"""
    if not (dropped or degenerate or (complete and not exact and not resolvable)):
        # nothing to add: the common case of the solvers' hot paths
        return make_result(eqs, method, exact, complete, converged, iterations, max_r,
                            degenerate, message, extra or {}, "mixed")
    msgs = [message] if message else []
    if dropped:
        msgs.append(f"{dropped} candidate profile(s) failed verification (regret > {tol:g}) "
                    "and were dropped")
        complete = False
    if not exact and complete and not resolvable and _unresolvable(game):
        msgs.append("the payoffs are too small to resolve in floating point (subnormal); the "
                    "list may miss equilibria: rescale the payoffs or solve with exact=True")
        complete = False
    if degenerate and warn_degenerate:
        warnings.warn(
            f"{method}: the game is degenerate (a mixed strategy has more pure best responses "
            "than its support size), so equilibria can form continua; the result lists the "
            "extreme equilibria of every component", DegenerateGameWarning, stacklevel=4)
    return make_result(eqs, method, exact, complete, converged, iterations, max_r, degenerate,
                        "; ".join(msgs), extra or {}, "mixed")


#: ``EquilibriumResult(*fields)`` and ``Equilibrium(*fields)``, in their fields' order, without
#: ``__init__`` (the solvers' hot paths build many)
make_result = builder(EquilibriumResult)
make_equilibrium = builder(Equilibrium)

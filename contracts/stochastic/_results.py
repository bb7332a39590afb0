"""Frozen results of the stochastic-game solvers (re-exported by :mod:`._core`).

:class:`MarkovEquilibrium` is one verified stationary Markov strategy profile with its values;
:class:`StochasticResult` is what every stochastic solver returns: the equilibria (or optimal
policies) plus how they were found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Iterator, Mapping

import numpy as np

__all__ = ["MarkovEquilibrium", "StochasticResult"]


def _num(x, digits: int = 6) -> str:
    if isinstance(x, Fraction):
        return str(x)
    x = float(x)
    return "0" if x == 0 else f"{x:.{digits}g}"


def _vec(v) -> str:
    return "(" + ", ".join(_num(x) for x in v) + ")"


def _jsonable(x):
    if isinstance(x, Fraction):
        return str(x) if x.denominator != 1 else int(x)
    if isinstance(x, np.ndarray):
        return [_jsonable(v) for v in x.tolist()] if x.dtype != object else [
            _jsonable(v) for v in x]
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (np.floating, np.integer)):
        return x.item()
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    return x


@dataclass(frozen=True, eq=False)
class MarkovEquilibrium:
    """A stationary Markov strategy profile, its values and its verified deviation gain.

    Attributes
    ----------
    policy : tuple
        ``policy[s][i]``: probability vector of player ``i`` in state ``s``.
    values : numpy.ndarray
        ``values[s, i]``: normalised discounted value of player ``i`` from state ``s``.
    max_gain : float or Fraction
        Largest one-shot deviation gain over states and players (0 when exact).
    states, players, actions : tuple
        Labels, for printing.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic.markov_perfect import markov_perfect_pure
    >>> pd = ct.NormalFormGame.from_bimatrix([[2, -1], [3, 0]], [[2, 3], [-1, 0]])
    >>> res = markov_perfect_pure(ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5)))
    >>> eq = res.equilibria[0]
    >>> eq.is_pure, eq.strategy(0, 0).tolist(), eq.value(0).tolist()
    (True, [0.0, 1.0], [0.0, 0.0])
    """

    policy: tuple
    values: np.ndarray
    max_gain: Any
    states: tuple = ()
    players: tuple = ()
    actions: tuple = ()

    def __iter__(self) -> Iterator:
        return iter(self.policy)

    def strategy(self, state: Any, player: int | str) -> np.ndarray:
        """Probability vector of ``player`` (index or name) in ``state`` (label or index).

        Parameters
        ----------
        state : label or int
            The state.
        player : int or str
            The player.

        Returns
        -------
        numpy.ndarray
            The player's mixed action in that state.
        """
        s = self.states.index(state) if state in self.states else int(state)
        i = self.players.index(player) if isinstance(player, str) else int(player)
        return self.policy[s][i]

    def value(self, state: Any) -> np.ndarray:
        """Values of every player from ``state`` (label or index).

        Parameters
        ----------
        state : label or int
            The state.

        Returns
        -------
        numpy.ndarray, shape (n_players,)
            Each player's normalised discounted value.
        """
        s = self.states.index(state) if state in self.states else int(state)
        return self.values[s]

    @property
    def is_pure(self) -> bool:
        """Whether every player plays a single action in every state."""
        return all(sum(1 for p in v if p != 0) == 1 for st in self.policy for v in st)

    def __repr__(self) -> str:
        kind = "pure" if self.is_pure else "mixed"
        return (f"<MarkovEquilibrium {kind}, {len(self.policy)} states, "
                f"max_gain={_num(self.max_gain, 3)}>")

    def _lines(self, limit: int = 20) -> list[str]:
        out = []
        for s, st in enumerate(self.policy[:limit]):
            lab = self.states[s] if self.states else s
            parts = []
            for i, v in enumerate(st):
                name = self.players[i] if self.players else f"player {i + 1}"
                acts = self.actions[s][i] if self.actions else tuple(range(len(v)))
                sup = [f"{a}" if p == 1 else f"{a} {_num(p, 4)}"
                       for a, p in zip(acts, v) if p != 0]
                parts.append(f"{name}: {', '.join(sup)}")
            out.append(f"  {lab}: " + "; ".join(parts) + f"  values {_vec(self.values[s])}")
        if len(self.policy) > limit:
            out.append(f"  ... {len(self.policy) - limit} more states")
        return out

    def __str__(self) -> str:
        return "\n".join([repr(self)] + self._lines())

    def to_dict(self) -> dict:
        return {"policy": _jsonable(self.policy), "values": _jsonable(self.values),
                "max_gain": _jsonable(self.max_gain), "states": _jsonable(self.states),
                "players": list(self.players)}


@dataclass(frozen=True, eq=False)
class StochasticResult:
    """What a stochastic-game solver returns.

    Attributes
    ----------
    equilibria : tuple of MarkovEquilibrium
        Verified stationary equilibria (optimal policy pairs for zero-sum games).
    method : str
        The solver that produced them.
    converged : bool
        Whether the iteration met its tolerance (always True for finite methods).
    iterations : int
        Iterations used.
    residual : float
        Final residual of the iteration (e.g. sup-norm change of the values).
    message : str
        A sentence on what happened.
    exact : bool
        Whether values and policies are Fractions.
    details : mapping
        Read-only solver-specific extras.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic.markov_perfect import markov_perfect_pure
    >>> pd = ct.NormalFormGame.from_bimatrix([[2, -1], [3, 0]], [[2, 3], [-1, 0]])
    >>> res = markov_perfect_pure(ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5)))
    >>> res.method, len(res.equilibria), res.converged
    ('markov_perfect', 1, True)
    """

    equilibria: tuple
    method: str
    converged: bool = True
    iterations: int = 0
    residual: float = 0.0
    message: str = ""
    exact: bool = False
    details: Mapping = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "equilibria", tuple(self.equilibria))
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    def __iter__(self) -> Iterator[MarkovEquilibrium]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, k) -> MarkovEquilibrium:
        return self.equilibria[k]

    @property
    def max_gain(self):
        """Largest one-shot deviation gain over the returned equilibria."""
        return max((e.max_gain for e in self.equilibria), default=0.0)

    @property
    def values(self) -> np.ndarray | None:
        """Values of the first equilibrium (``None`` if there is none)."""
        return self.equilibria[0].values if self.equilibria else None

    @property
    def policy(self) -> tuple | None:
        """Policy of the first equilibrium (``None`` if there is none)."""
        return self.equilibria[0].policy if self.equilibria else None

    def __repr__(self) -> str:
        kind = "exact" if self.exact else "float"
        return (f"<StochasticResult {self.method}: {len(self.equilibria)} equilibri"
                f"{'um' if len(self.equilibria) == 1 else 'a'}, converged={self.converged}, "
                f"iterations={self.iterations}, max_gain={_num(self.max_gain, 3)}, {kind}>")

    def __str__(self) -> str:
        lines = [repr(self)]
        if self.message:
            lines.append(self.message)
        for k, eq in enumerate(self.equilibria[:10]):
            lines.append(f"equilibrium {k + 1} (max one-shot deviation gain "
                         f"{_num(eq.max_gain, 3)}):")
            lines.extend(eq._lines())
        if len(self.equilibria) > 10:
            lines.append(f"... {len(self.equilibria) - 10} more")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"method": self.method, "converged": self.converged,
                "iterations": self.iterations, "residual": _jsonable(self.residual),
                "message": self.message, "exact": self.exact,
                "equilibria": [e.to_dict() for e in self.equilibria],
                "details": _jsonable(dict(self.details))}


def make_equilibrium(game, policy, values, max_gain) -> MarkovEquilibrium:
    """A MarkovEquilibrium labelled with the game's states, players and actions."""
    return MarkovEquilibrium(policy=policy, values=values, max_gain=max_gain,
                             states=game.states, players=game.players, actions=game.actions)

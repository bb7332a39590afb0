"""The :class:`Trajectory` result shared by every dynamic (replicator, best response, logit,
fictitious play)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._result import Result
from ..results import format_number

__all__ = ["Trajectory"]


@dataclass(frozen=True, eq=False)
class Trajectory(Result):
    """A path of population states over time.

    Attributes
    ----------
    dynamics : str
        Which dynamic generated it (``"replicator"``, ``"best response"``, ``"logit"``,
        ``"fictitious play"``).
    times : numpy.ndarray
        Time points (rounds for fictitious play), shape ``(T,)``.
    states : numpy.ndarray
        Shape ``(T, sum n_i)``: the shares of every strategy of every population, populations
        one after the other.
    populations : tuple of str
        Population (player role) names.
    strategies : tuple of tuple of str
        Strategy labels of each population.
    converged : bool
        False when the ODE solver failed or stopped early (``message`` says why).
        ``success`` is a deprecated alias.
    message : str
        Solver message.
    params : dict
        Settings that define the dynamic (e.g. ``{"lam": 2.0}`` for logit dynamics).

    Examples
    --------
    >>> from contracts.dynamics.replicator import replicator
    >>> tr = replicator([[-1, 4], [0, 2]], [0.1, 0.9], 50)     # Hawk-Dove, one population
    >>> tr.converged, [round(float(x), 3) for x in tr.final[0]]
    (True, [0.667, 0.333])
    >>> tr.shares(0).shape == (len(tr), 2)
    True
    """

    dynamics: str
    times: np.ndarray = field(repr=False)
    states: np.ndarray = field(repr=False)
    populations: tuple = ()
    strategies: tuple = ()
    converged: bool = True
    message: str = ""
    params: dict = field(default_factory=dict)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of strategies of each population."""
        return tuple(len(s) for s in self.strategies)

    def __len__(self) -> int:
        return len(self.times)

    def _split(self, row) -> tuple[np.ndarray, ...]:
        out, o = [], 0
        for k in self.sizes:
            out.append(np.array(row[o:o + k]))
            o += k
        return tuple(out)

    def profile(self, k: int = -1) -> tuple[np.ndarray, ...]:
        """State at the ``k``-th stored time point.

        Parameters
        ----------
        k : int
            Index into :attr:`times` (negative counts from the end).

        Returns
        -------
        tuple of numpy.ndarray
            One share vector per population.
        """
        return self._split(self.states[k])

    @property
    def final(self) -> tuple[np.ndarray, ...]:
        """The last state, one share vector per population."""
        return self.profile(-1)

    @property
    def initial(self) -> tuple[np.ndarray, ...]:
        """The first state, one share vector per population."""
        return self.profile(0)

    def shares(self, population: int | str) -> np.ndarray:
        """The path of one population's strategy shares.

        Parameters
        ----------
        population : int or str
            The population's index or name.

        Returns
        -------
        numpy.ndarray
            Shape ``(T, n_i)``.
        """
        i = self.populations.index(population) if isinstance(population, str) else int(population)
        o = sum(self.sizes[:i])
        return self.states[:, o:o + self.sizes[i]]

    @property
    def first_shares(self) -> np.ndarray:
        """Array ``(T, N)``: share of each population's first strategy (the usual ``x, y, z``
        coordinates of two-strategy evolutionary models)."""
        offs = np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(int)
        return self.states[:, offs]

    def at(self, t: float) -> tuple[np.ndarray, ...]:
        """State at time ``t`` (linear interpolation between stored points).

        Parameters
        ----------
        t : float
            A time inside the simulated interval.

        Returns
        -------
        tuple of numpy.ndarray
            One share vector per population.
        """
        t = float(t)
        if not self.times[0] <= t <= self.times[-1]:
            from ..exceptions import InvalidParameterError
            raise InvalidParameterError(
                f"Trajectory.at: t = {t!r} is outside the simulated interval "
                f"[{self.times[0]:g}, {self.times[-1]:g}]")
        row = np.array([np.interp(t, self.times, self.states[:, c])
                        for c in range(self.states.shape[1])])
        return self._split(row)

    def _fmt(self, prof) -> str:
        parts = []
        for name, acts, s in zip(self.populations, self.strategies, prof):
            parts.append(f"{name} " + ", ".join(f"{a}={format_number(x, 4)}"
                                                for a, x in zip(acts, s)))
        return "; ".join(parts)

    def __repr__(self) -> str:
        return (f"Trajectory(dynamics={self.dynamics!r}, points={len(self.times)}, "
                f"t=[{self.times[0]:g}, {self.times[-1]:g}], converged={self.converged})")

    def __str__(self) -> str:
        unit = "rounds" if self.dynamics == "fictitious play" else "time"
        extra = "".join(f", {k} = {format_number(v)}" for k, v in self.params.items())
        lines = [f"{self.dynamics} dynamics{extra}: {len(self.times)} points, {unit} "
                 f"{format_number(self.times[0])} to {format_number(self.times[-1])}"]
        lines.append("  start: " + self._fmt(self.initial))
        lines.append("  end:   " + self._fmt(self.final))
        if not self.converged:
            lines.append("  solver failed: " + self.message)
        return "\n".join(lines)

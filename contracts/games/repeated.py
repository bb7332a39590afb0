"""Infinitely repeated games with discounting.

A :class:`RepeatedGame` is a stage game played every period, with perfect monitoring of past
actions, a public randomisation device and a common discount factor ``δ`` in (0, 1). Payoffs are
normalised averages ``(1 - δ) Σ_t δ^t u(a_t)``, so they are comparable with stage payoffs.

The class only holds data; its methods hand the work to the solvers in
:mod:`contracts.equilibrium` (imported when the method is called, never at import time):

* :meth:`RepeatedGame.payoff_set` — the set of pure-strategy subgame-perfect equilibrium
  payoffs (exact for two players, outer/inner approximations for any number);
* :meth:`RepeatedGame.critical_discount` — the discount factor above which grim trigger
  sustains a target action profile;
* :meth:`RepeatedGame.feasible_payoffs` — the feasible and individually rational set.

Examples
--------
>>> import contracts as ct
>>> trust = ct.NormalFormGame.from_bimatrix(
...     [[3, 1], [5, 2]], [[4, 3], [0, 1]], players=("agency", "government"),
...     actions=(("Coop", "Shirk"), ("Trust", "Control")))
>>> rg = ct.RepeatedGame(trust, discount=0.8)
>>> rg.critical_discount(("Coop", "Trust")).delta_star
0.6666666666666666
>>> round(rg.payoff_set().area, 9)
5.0
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .._validation import check_discount
from ..exceptions import InvalidGameError
from .normal_form import NormalFormGame

__all__ = ["RepeatedGame"]


class RepeatedGame:
    """A stage game repeated for ever with a common discount factor.

    Parameters
    ----------
    stage : NormalFormGame
        The game played each period (any number of players).
    discount : float or Fraction
        Common discount factor, strictly between 0 and 1.

    Raises
    ------
    InvalidGameError
        If ``stage`` is not a :class:`NormalFormGame`.
    InvalidParameterError
        If ``discount`` is not a number in (0, 1).

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> rg = ct.RepeatedGame(pd, 0.2)
    >>> rg.payoff_set().vertices.round(9).tolist()   # cooperate or defect for ever: a segment
    [[3.0, 3.0], [9.0, 9.0]]
    >>> round(rg.with_discount(0.75).payoff_set(method="exact").area, 9)
    40.5
    """

    __slots__ = ("_stage", "_discount")

    def __init__(self, stage: NormalFormGame, discount: Any):
        if not isinstance(stage, NormalFormGame):
            raise InvalidGameError(
                f"RepeatedGame: the stage game must be a NormalFormGame, got "
                f"{type(stage).__name__}")
        check_discount("RepeatedGame", discount)
        object.__setattr__(self, "_stage", stage)
        object.__setattr__(self, "_discount", discount)

    # -- data -----------------------------------------------------------------------------------
    @property
    def stage(self) -> NormalFormGame:
        """The stage game."""
        return self._stage

    @property
    def discount(self):
        """The common discount factor δ."""
        return self._discount

    @property
    def num_players(self) -> int:
        """Number of players."""
        return self._stage.num_players

    @property
    def num_actions(self) -> tuple[int, ...]:
        """Number of actions of each player in the stage game."""
        return self._stage.num_actions

    @property
    def players(self) -> tuple[str, ...]:
        """The players' names."""
        return self._stage.players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Each player's action labels."""
        return self._stage.actions

    @property
    def continuation_weight(self):
        """``δ / (1 - δ)``: the present value of one unit per period from next period on,
        relative to one unit today."""
        d = self._discount
        return d / (1 - d)

    def with_discount(self, discount: Any) -> "RepeatedGame":
        """The same stage game with another discount factor.

        Parameters
        ----------
        discount : float or Fraction
            The new discount factor, in (0, 1).

        Returns
        -------
        RepeatedGame
            The new game.

        Examples
        --------
        >>> import contracts as ct
        >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> rg = ct.RepeatedGame(pd, 0.8)
        >>> rg.with_discount(0.5).discount
        0.5
        """
        return RepeatedGame(self._stage, discount)

    def minmax_payoffs(self, *, mixed: bool = False) -> tuple:
        """Each player's minmax payoff in the stage game (pure by default).

        No equilibrium of the repeated game gives a player less (in pure strategies, less than
        the pure minmax).

        Parameters
        ----------
        mixed : bool
            Let the punishers mix (the mixed minmax, never above the pure one).

        Returns
        -------
        tuple
            One minmax payoff per player.

        Examples
        --------
        >>> import contracts as ct
        >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> rg = ct.RepeatedGame(pd, 0.8)
        >>> [float(v) for v in rg.minmax_payoffs()]
        [1.0, 1.0]
        """
        from ..equilibrium.grim_trigger import minmax_payoffs
        return minmax_payoffs(self._stage, mixed=mixed)

    # -- delegation to solvers ------------------------------------------------------------------
    def payoff_set(self, method: str = "exact", **options):
        """Set of pure-strategy subgame-perfect equilibrium payoffs (a ``PayoffSet``).

        ``method``: ``"exact"`` (two players, Abreu–Sannikov), ``"outer"``
        (Judd–Yeltekin–Conklin) or ``"inner"``; see
        :func:`contracts.equilibrium.payoff_sets.payoff_set` for the options. An option the
        chosen method does not take raises :class:`~contracts.exceptions.InvalidParameterError`
        listing the accepted ones.

        Parameters
        ----------
        method : {"exact", "outer", "inner"}
            The algorithm.
        **options
            Options of the chosen method.

        Returns
        -------
        PayoffSet
            The equilibrium payoff set (its vertices, and how it was computed).

        Examples
        --------
        >>> import contracts as ct
        >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> rg = ct.RepeatedGame(pd, 0.8)
        >>> len(rg.payoff_set().vertices)
        4
        """
        from ..equilibrium.payoff_sets import payoff_set
        return payoff_set(self, method=method, **options)

    def critical_discount(self, target, *, punishment: Any = "nash", minmax: str = "pure"):
        """Grim-trigger threshold for sustaining ``target`` (a ``GrimTriggerResult``).

        See :func:`contracts.equilibrium.grim_trigger.critical_discount`.

        Parameters
        ----------
        target : sequence
            The profile to sustain (action indices or labels, or mixed strategies).
        punishment : "nash", "minmax" or profile
            What deviators face forever after.
        minmax : {"pure", "mixed"}
            Which minmax is used with ``punishment="minmax"``.

        Returns
        -------
        GrimTriggerResult
            The critical discount factor and each player's deviation gain and loss.

        Examples
        --------
        >>> import contracts as ct
        >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> rg = ct.RepeatedGame(pd, 0.8)
        >>> float(rg.critical_discount((0, 0)).delta_star)
        0.5
        """
        from ..equilibrium.grim_trigger import critical_discount
        return critical_discount(self._stage, target, punishment=punishment, minmax=minmax)

    def is_sustainable(self, target, *, punishment: Any = "nash") -> bool:
        """Whether grim trigger sustains ``target`` at this game's discount factor.

        Parameters
        ----------
        target : sequence
            The profile to sustain.
        punishment : "nash", "minmax" or profile
            What deviators face forever after.

        Returns
        -------
        bool
            True if the discount factor is at least the critical one.

        Examples
        --------
        >>> import contracts as ct
        >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> rg = ct.RepeatedGame(pd, 0.8)
        >>> rg.is_sustainable((0, 0))
        True
        """
        res = self.critical_discount(target, punishment=punishment)
        return bool(res.is_sustainable(self._discount))

    def feasible_payoffs(self, *, individually_rational: bool = True):
        """Feasible (and by default individually rational) stage payoffs, as a ``PayoffSet``.

        Parameters
        ----------
        individually_rational : bool
            Keep only payoffs at least each player's minmax.

        Returns
        -------
        PayoffSet
            The convex polygon of payoffs.
        """
        from ..equilibrium.payoff_sets import feasible_payoffs
        return feasible_payoffs(self._stage, individually_rational=individually_rational)

    def folk_theorem_discount(self, **options):
        """Smallest discount factor at which every feasible, individually rational payoff is an
        equilibrium payoff (two players).

        Independent of this game's own discount factor.

        Parameters
        ----------
        **options
            ``tol``, ``max_discount``, ``set_tol``: see
            :func:`contracts.equilibrium.payoff_sets.folk_theorem_discount`.

        Returns
        -------
        float
            The threshold discount factor.
        """
        from ..equilibrium.payoff_sets import folk_theorem_discount
        return folk_theorem_discount(self._stage, **options)

    # -- dunder ---------------------------------------------------------------------------------
    def __setattr__(self, name, value):
        raise AttributeError("RepeatedGame is immutable")

    def __delattr__(self, name):
        raise AttributeError("RepeatedGame is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RepeatedGame):
            return NotImplemented
        return self._stage == other._stage and self._discount == other._discount

    def __hash__(self) -> int:
        return hash((self._stage, self._discount))

    def __reduce__(self):
        return (RepeatedGame, (self._stage, self._discount))

    def __repr__(self) -> str:
        d = self._discount
        ds = str(d) if isinstance(d, Fraction) else f"{float(d):g}"
        dims = "×".join(str(n) for n in self.num_actions)
        return f"<RepeatedGame {dims} stage game, {self.num_players} players, discount={ds}>"

    def __str__(self) -> str:
        d = self._discount
        ds = str(d) if isinstance(d, Fraction) else f"{float(d):g}"
        head = (f"Repeated game (perfect monitoring, public randomisation), discount factor "
                f"{ds}; stage game:")
        return head + "\n" + str(self._stage)

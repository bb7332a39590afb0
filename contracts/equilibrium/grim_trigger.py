"""Critical discount factors for grim-trigger strategies (Friedman 1971).

Players follow a pure target profile ``a`` (payoffs ``v``); after any deviation everybody
switches for ever to a punishment: a stage Nash equilibrium (*Nash reversion*, payoffs ``e``),
or each player's minmax level (*minmax punishment*). With ``d_i`` the best payoff player ``i``
can get this period by switching to another action, the target path is a best reply iff

    (1 - δ) d_i + δ e_i ≤ v_i     for every player i.

When the punishment hurts (``e_i < v_i``) this is ``δ ≥ δ_i = (d_i - v_i) / (d_i - e_i)``, and
``δ_i = 0`` when ``d_i ≤ v_i`` (nothing to gain): ``δ* = max_i δ_i``, for the prisoners'
dilemma with ``T > R > P > S`` the familiar ``(T - R) / (T - P)``. When it does not
(``e_i ≥ v_i``), a player who gains from deviating is never deterred (``δ_i = 1``, read
"never"), and a player who loses today but likes the punishment triggers it once patient
enough: the path then also needs ``δ ≤ (v_i - d_i) / (e_i - d_i)`` (``delta_max``).

Nash reversion is a subgame-perfect equilibrium for every discount factor in the range.
Minmax punishments give the smallest threshold any punishment can, but the punishers must
themselves be willing to carry the punishment out: the threshold is then a lower bound (exact
when the minmax profile is itself a stage equilibrium, as in the prisoners' dilemma).

Examples
--------
>>> import contracts as ct
>>> from contracts.equilibrium.grim_trigger import critical_discount
>>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> critical_discount(pd, target=(0, 0)).delta_star
0.5
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral
from typing import Any, Sequence

import numpy as np

from .._result import Result
from .._validation import check_discount
from ..exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from ..games.normal_form import NormalFormGame, as_profile
from ..results import format_number

__all__ = ["GrimTriggerResult", "critical_discount", "pure_stage_equilibria",
           "minmax_payoffs"]


@dataclass(frozen=True, eq=False)
class GrimTriggerResult(Result):
    """Critical discount factor of a grim-trigger strategy profile.

    Attributes
    ----------
    delta_star : float or Fraction
        Smallest discount factor at which no player wants to leave the target path (``0`` when
        nobody gains from deviating, ``1`` when no discount factor below 1 works).
    per_player : tuple
        Each player's own lower threshold ``δ_i``; ``delta_star`` is their maximum (``1`` for a
        player who is never deterred).
    delta_max : float or Fraction
        Largest discount factor at which the path holds (``1`` unless some player prefers the
        punishment to the target and would trigger it when patient).
    target : tuple of int
        The target action profile.
    target_payoffs, deviation_payoffs, punishment_payoffs : tuple
        ``v``, ``d`` (best payoff from switching to another action; ``None`` for a player with
        a single action) and ``e`` of the formula.
    best_deviations : tuple
        Each player's most profitable other action (``None`` with a single action).
    punishment : str
        ``"nash"`` (reversion to a stage equilibrium) or ``"minmax"``.
    punishment_profile : tuple or None
        The stage equilibrium reverted to (pure action indices, or mixed strategies); for minmax
        punishments with ``minmax="pure"``, the pure profile holding each player to the minmax.
    minmax_payoffs : tuple
        Each player's minmax level (pure or mixed, as requested).
    players, actions : tuple
        Labels of the stage game.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> r = critical_discount(pd, (0, 0))
    >>> r.delta_star, r.is_sustainable(0.6)
    (0.5, True)
    """

    delta_star: Any
    per_player: tuple
    delta_max: Any
    target: tuple
    target_payoffs: tuple
    deviation_payoffs: tuple
    punishment_payoffs: tuple
    best_deviations: tuple
    punishment: str
    punishment_profile: Any
    minmax_payoffs: tuple
    players: tuple = ()
    actions: tuple = ()

    @property
    def sustainable(self) -> bool:
        """True when some discount factor in (0, 1) sustains the target."""
        return self.delta_star < 1 and self.delta_max > 0 and self.delta_star <= self.delta_max

    def is_sustainable(self, discount) -> bool:
        """Whether the target path is sustained at ``discount`` (a number in (0, 1)).

        Parameters
        ----------
        discount : float or Fraction
            The discount factor.

        Returns
        -------
        bool
            True if ``delta_star <= discount <= delta_max``.
        """
        check_discount("GrimTriggerResult.is_sustainable", discount)
        return self.sustainable and self.delta_star <= discount <= self.delta_max

    @property
    def stage_nash(self) -> tuple | None:
        """Action labels of the pure stage equilibrium reverted to (None otherwise)."""
        p = self.punishment_profile
        if self.punishment != "nash" or p is None or not all(isinstance(k, int) for k in p):
            return None
        return tuple(self.actions[i][k] for i, k in enumerate(p))

    def __repr__(self) -> str:
        return (f"GrimTriggerResult(delta_star={format_number(self.delta_star)}, "
                f"punishment={self.punishment!r}, target={self._labels(self.target)})")

    def _labels(self, prof):
        if not self.actions:
            return tuple(prof)
        return tuple(self.actions[i][k] for i, k in enumerate(prof))

    def __str__(self) -> str:
        tgt = ", ".join(self._labels(self.target))
        if self.punishment == "nash":
            if self.stage_nash is not None:
                pun = "reversion to the stage equilibrium (" + ", ".join(self.stage_nash) + ")"
            else:
                pun = "reversion to a mixed stage equilibrium"
        else:
            pun = "minmax punishment for ever"
        lines = [f"Grim trigger: play ({tgt}) each period; after any deviation, {pun}."]
        if not self.sustainable:
            lines.append("  Not sustainable at any discount factor below 1.")
        elif self.delta_star == 0 and self.delta_max == 1:
            lines.append("  Nobody gains from deviating: sustainable at every discount factor.")
        elif self.delta_max == 1:
            lines.append(f"  Sustainable iff the discount factor is at least "
                         f"{format_number(self.delta_star)}.")
        else:
            lines.append(f"  Sustainable iff the discount factor is between "
                         f"{format_number(self.delta_star)} and "
                         f"{format_number(self.delta_max)}.")
        for i, name in enumerate(self.players):
            v, d, e = (self.target_payoffs[i], self.deviation_payoffs[i],
                       self.punishment_payoffs[i])
            if d is None:
                lines.append(f"  {name}: has a single action, nothing to deviate to.")
                continue
            dev = self.actions[i][self.best_deviations[i]] if self.actions else "deviate"
            if d <= v and e <= v:
                lines.append(f"  {name}: no profitable deviation (the target pays "
                             f"{format_number(v)}, switching at most {format_number(d)}).")
            elif d <= v:
                lines.append(
                    f"  {name}: prefers the punishment ({format_number(e)} per period) to the "
                    f"target ({format_number(v)}); switching to {dev} costs "
                    f"{format_number(v - d)} today, worth it once the discount factor exceeds "
                    f"{format_number((v - d) / (e - d))}.")
            elif e >= v:
                lines.append(
                    f"  {name}: gains {format_number(d - v)} once by switching to {dev}, and "
                    f"the punishment pays {format_number(e)}, no less than the target's "
                    f"{format_number(v)}: nothing deters the deviation.")
            else:
                harsh = ""
                if self.punishment == "nash" and e == self.minmax_payoffs[i]:
                    harsh = "; this is the player's minmax, so no harsher punishment exists"
                lines.append(
                    f"  {name}: gains {format_number(d - v)} once by switching to {dev}, loses "
                    f"{format_number(v - e)} per period afterwards{harsh} — needs discount ≥ "
                    f"{format_number(self.per_player[i])}.")
        if self.punishment == "minmax":
            lines.append("  (Minmax punishments must themselves be enforced; this threshold is "
                         "a lower bound unless the minmax profile is a stage equilibrium.)")
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
def _stage_of(game, where) -> NormalFormGame:
    if isinstance(game, NormalFormGame):
        return game
    stage = getattr(game, "stage", None)
    if isinstance(stage, NormalFormGame):
        return stage
    raise InvalidGameError(f"{where}: expected a NormalFormGame or a RepeatedGame, got "
                           f"{type(game).__name__}")


def _pure_profile(stage: NormalFormGame, profile, where, what) -> tuple[int, ...]:
    try:
        items = list(profile)
    except TypeError:
        raise InvalidParameterError(f"{where}: {what} must list one action per player, got "
                                    f"{profile!r}") from None
    if len(items) != stage.num_players:
        raise InvalidParameterError(f"{where}: {what} has {len(items)} actions; expected "
                                    f"{stage.num_players} (one per player)")
    out = []
    for i, a in enumerate(items):
        if isinstance(a, str):
            if a not in stage.actions[i]:
                raise InvalidParameterError(
                    f"{where}: {what}: {a!r} is not an action of {stage.players[i]}; actions "
                    f"are {stage.actions[i]}")
            out.append(stage.actions[i].index(a))
        elif isinstance(a, (Integral, np.integer)) and not isinstance(a, bool):
            if not 0 <= int(a) < stage.num_actions[i]:
                raise InvalidParameterError(
                    f"{where}: {what}: action index {a} of {stage.players[i]} out of range "
                    f"0..{stage.num_actions[i] - 1}")
            out.append(int(a))
        else:
            raise InvalidParameterError(f"{where}: {what}: expected an action label or index "
                                        f"for {stage.players[i]}, got {a!r}")
    return tuple(out)


def _deviation(stage: NormalFormGame, i: int, prof: tuple[int, ...]):
    """Best payoff of player i from switching to another action against a pure profile, and
    that action (``(None, None)`` when the player has a single action)."""
    own = stage.own_axis_payoffs(i)
    others = tuple(k for j, k in enumerate(prof) if j != i)
    col = list(own[(slice(None),) + others])
    alts = [a for a in range(len(col)) if a != prof[i]]
    if not alts:
        return None, None
    k = max(alts, key=lambda a: (col[a], -a))
    return col[k], k


def pure_stage_equilibria(stage: NormalFormGame) -> list[tuple[int, ...]]:
    """All pure-strategy Nash equilibria of a stage game (exact comparison; any N).

    Parameters
    ----------
    stage : NormalFormGame
        The stage game.

    Returns
    -------
    list of tuple of int
        The equilibrium action profiles.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.grim_trigger import pure_stage_equilibria
    >>> pure_stage_equilibria(ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    [(1, 1)]
    """
    stage = _stage_of(stage, "pure_stage_equilibria")
    N = stage.num_players
    best = [np.max(stage.payoffs[i], axis=i, keepdims=True) for i in range(N)]
    out = []
    for prof in itertools.product(*(range(n) for n in stage.num_actions)):
        if all(stage.payoffs[i][prof] >= best[i][prof[:i] + (0,) + prof[i + 1:]]
               for i in range(N)):
            out.append(prof)
    return out


def minmax_payoffs(game, *, mixed: bool = False) -> tuple:
    """Each player's minmax payoff: the least the others can hold them to.

    ``mixed=False``: the others use pure actions, ``min_{a_-i} max_{a_i} u_i``. ``mixed=True``
    (two players): the punisher mixes — the value of a matrix game, by linear programming
    (exactly for exact games).

    Parameters
    ----------
    game : NormalFormGame or RepeatedGame
        The stage game.
    mixed : bool
        Let the punishers mix (two players).

    Returns
    -------
    tuple
        One minmax payoff per player.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.grim_trigger import minmax_payoffs
    >>> mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> minmax_payoffs(mp), minmax_payoffs(mp, mixed=True)
    ((1.0, 1.0), (0.0, 0.0))
    """
    stage = _stage_of(game, "minmax_payoffs")
    if not mixed:
        vals = tuple(np.max(stage.own_axis_payoffs(i), axis=0).min()
                     for i in range(stage.num_players))
        return vals if stage.is_exact else tuple(float(x) + 0.0 for x in vals)
    if stage.num_players != 2:
        raise UnsupportedGameError(
            f"minmax_payoffs: mixed minmax needs two players (with more, the punishers' "
            f"independent mixing is not a linear programme); this game has "
            f"{stage.num_players}")
    out = []
    for i in range(2):
        M = stage.own_axis_payoffs(i)          # rows: i's actions, columns: punisher's
        out.append(_mixed_minmax(M, stage.is_exact))
    return tuple(out)


def _mixed_minmax(M: np.ndarray, exact: bool):
    """min over the punisher's mixture y of max over rows of (M y): the value of the matrix
    game M in which the punished player (rows) maximises."""
    from .zero_sum import matrix_game
    if exact:
        return matrix_game(M, exact=True)[2]
    return float(matrix_game(np.asarray(M, dtype=float))[2]) + 0.0


def _bounds(d, v, e, one, zero):
    """Range [low, high] of discount factors with (1-δ) d + δ e <= v (d None: no deviation)."""
    if d is None:
        return zero, one
    if e <= v:
        return (zero if d <= v else (d - v) / (d - e)), one
    if d > v or d == v:        # gains today and likes the punishment / indifferent today
        return one, zero
    return zero, (v - d) / (e - d)


def critical_discount(game, target: Sequence, *, punishment: Any = "nash",
                      minmax: str = "pure") -> GrimTriggerResult:
    """Smallest discount factor at which grim trigger sustains a pure target profile.

    Parameters
    ----------
    game : NormalFormGame or RepeatedGame
        The stage game (any number of players), or a repeated game (its stage game is used).
    target : sequence
        One action per player (indices or labels): the path to sustain.
    punishment : {"nash", "minmax"} or profile
        ``"nash"``: reversion to the pure stage equilibrium with the lowest threshold (raises if
        the stage game has no pure equilibrium — pass a mixed equilibrium then); ``"minmax"``:
        each deviator is held to their minmax payoff; or a stage equilibrium given explicitly
        (pure actions by index/label, or mixed strategies), which is checked to be one.
    minmax : {"pure", "mixed"}
        Minmax levels used by ``punishment="minmax"`` (mixed: two players only).

    Returns
    -------
    GrimTriggerResult
        Exact (Fractions) when the game is exact.

    Raises
    ------
    InvalidParameterError
        Bad target or punishment, or a punishment profile that is not a stage equilibrium.
    UnsupportedGameError
        ``"nash"`` without a pure stage equilibrium; mixed minmax with more than two players.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.grim_trigger import critical_discount
    >>> trust = ct.NormalFormGame.from_bimatrix(
    ...     [[3, 1], [5, 2]], [[4, 3], [0, 1]], players=("agency", "government"),
    ...     actions=(("Coop", "Shirk"), ("Trust", "Control")), exact=True)
    >>> r = critical_discount(trust, ("Coop", "Trust"))
    >>> r.delta_star, r.per_player, r.stage_nash
    (Fraction(2, 3), (Fraction(2, 3), Fraction(0, 1)), ('Shirk', 'Control'))
    """
    where = "critical_discount"
    stage = _stage_of(game, where)
    N = stage.num_players
    tgt = _pure_profile(stage, target, where, "target")
    v = stage.pure_payoffs(tgt)
    dev = [_deviation(stage, i, tgt) for i in range(N)]
    d = tuple(x for x, _ in dev)
    best_dev = tuple(k for _, k in dev)
    if minmax not in ("pure", "mixed"):
        raise InvalidParameterError(f"{where}: minmax must be 'pure' or 'mixed', got {minmax!r}")
    mm = minmax_payoffs(stage, mixed=(minmax == "mixed"))

    def result(e, kind, prof):
        exact = all(isinstance(x, Fraction) for x in (*v, *e, *mm)
                    ) and all(x is None or isinstance(x, Fraction) for x in d)
        conv = (lambda x: x) if exact else (lambda x: float(x) + 0.0)
        one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
        vv = tuple(conv(x) for x in v)
        dd = tuple(None if x is None else conv(x) for x in d)
        ee = tuple(conv(x) for x in e)
        bounds = [_bounds(dd[i], vv[i], ee[i], one, zero) for i in range(N)]
        per = tuple(lo for lo, _ in bounds)
        return GrimTriggerResult(
            delta_star=max(per), per_player=per, delta_max=min(hi for _, hi in bounds),
            target=tgt, target_payoffs=vv, deviation_payoffs=dd, punishment_payoffs=ee,
            best_deviations=best_dev, punishment=kind, punishment_profile=prof,
            minmax_payoffs=tuple(conv(x) for x in mm), players=stage.players,
            actions=stage.actions)

    if isinstance(punishment, str):
        if punishment == "minmax":
            prof = None
            if minmax == "pure":
                prof = tuple(_minmax_profile(stage, i) for i in range(N))
            return result(mm, "minmax", prof)
        if punishment != "nash":
            raise InvalidParameterError(
                f"{where}: punishment must be 'nash', 'minmax' or a stage-equilibrium profile, "
                f"got {punishment!r}")
        eqs = pure_stage_equilibria(stage)
        if not eqs:
            raise UnsupportedGameError(
                f"{where}: the stage game has no pure-strategy equilibrium to revert to; pass "
                "a mixed stage equilibrium as punishment=..., or use punishment='minmax'")
        results = [result(stage.pure_payoffs(prof), "nash", prof) for prof in eqs]
        # the widest range of discount factors: lowest threshold first
        return min(results, key=lambda r: (not r.sustainable, r.delta_star, -r.delta_max,
                                           r.per_player))
    # an explicit stage equilibrium
    try:
        prof = _pure_profile(stage, punishment, where, "punishment")
        mixed = None
    except InvalidParameterError:
        prof = None
        mixed = as_profile(stage, punishment, where=f"{where}: punishment")
    if prof is not None:
        if prof not in pure_stage_equilibria(stage):
            raise InvalidParameterError(
                f"{where}: punishment {tuple(stage.actions[i][k] for i, k in enumerate(prof))} "
                "is not a stage Nash equilibrium; Nash reversion needs one")
        return result(stage.pure_payoffs(prof), "nash", prof)
    if not stage.is_nash(mixed):
        raise InvalidParameterError(
            f"{where}: the punishment profile is not a stage Nash equilibrium (max regret "
            f"{format_number(stage.max_regret(mixed))}); Nash reversion needs one")
    return result(stage.expected_payoffs(mixed), "nash", mixed)


def _minmax_profile(stage: NormalFormGame, i: int) -> tuple[int, ...]:
    """A pure profile holding player i to the pure minmax: others' punishing actions, i's best
    reply to them."""
    own = stage.own_axis_payoffs(i)
    best = np.max(own, axis=0)                   # over i's own action
    flat = list(best.flat)
    k = flat.index(min(flat))
    others = np.unravel_index(k, best.shape)
    col = own[(slice(None),) + tuple(int(x) for x in others)]
    ai = list(col).index(max(col))
    prof = [int(x) for x in others]
    prof.insert(i, int(ai))
    return tuple(prof)

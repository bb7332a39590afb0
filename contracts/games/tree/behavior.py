"""Behaviour strategy profiles of a game tree (:class:`BehaviorProfile`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from ...exceptions import InvalidGameError
from .parts import _fmt, _number

if TYPE_CHECKING:
    from .game import ExtensiveFormGame

__all__ = ["BehaviorProfile"]


@dataclass(frozen=True, eq=False)
class BehaviorProfile:
    """A behaviour strategy profile: one probability vector per information set.

    Attributes
    ----------
    game : ExtensiveFormGame
        The game.
    probabilities : tuple
        ``probabilities[i][h][a]``: probability that player i takes action a at her h-th
        information set (Fractions when exact).

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency", "worker"], decision("agency", {
    ...     "hire": decision("worker", {"work": leaf(2, 1), "shirk": leaf(-1, 2)}),
    ...     "wait": leaf(0, 0)}))
    >>> b = g.behavior_profile([[1], [["1/2", "1/2"]]])
    >>> b.payoffs(), b.regrets()
    ((Fraction(0, 1), Fraction(0, 1)), (Fraction(1, 2), Fraction(0, 1)))
    >>> g.behavior_profile([[1], [1]]).is_nash()
    True
    """

    game: ExtensiveFormGame
    probabilities: tuple

    def __post_init__(self):
        g = self.game
        where = "BehaviorProfile"
        if len(self.probabilities) != g.num_players:
            raise InvalidGameError(f"{where}: expected {g.num_players} players' behaviour, got "
                                   f"{len(self.probabilities)}")
        clean = []
        for p, (rows, sets) in enumerate(zip(self.probabilities, g.infosets)):
            rows = tuple(rows)
            if len(rows) != len(sets):
                raise InvalidGameError(f"{where}: player {g.players[p]!r} has {len(sets)} "
                                       f"information sets, got {len(rows)} vectors")
            out = []
            for h, (v, s) in enumerate(zip(rows, sets)):
                v = tuple(v)
                name = f"information set {g._infoset_name(p, h)} of {g.players[p]!r}"
                if len(v) != s.num_actions:
                    raise InvalidGameError(f"{where}: {name} has {s.num_actions} actions, got "
                                           f"{len(v)} probabilities")
                v = tuple(_number(x, where, f"probability at {name}") for x in v)
                if any(x < 0 for x in v):
                    raise InvalidGameError(f"{where}: negative probability at {name}: "
                                           f"{[_fmt(x) for x in v]}")
                if all(isinstance(x, Fraction) for x in v):
                    if sum(v, Fraction(0)) != 1:
                        raise InvalidGameError(f"{where}: probabilities at {name} sum to "
                                               f"{sum(v, Fraction(0))}, not 1")
                elif abs(math.fsum(float(x) for x in v) - 1) > 1e-8:
                    raise InvalidGameError(f"{where}: probabilities at {name} sum to "
                                           f"{math.fsum(float(x) for x in v)!r}, not 1")
                out.append(v)
            clean.append(tuple(out))
        exact = all(isinstance(x, Fraction) for rows in clean for v in rows for x in v)
        if not exact:
            clean = [tuple(tuple(float(x) for x in v) for v in rows) for rows in clean]
        object.__setattr__(self, "probabilities", tuple(clean))
        object.__setattr__(self, "_exact", exact)

    @classmethod
    def _unchecked(cls, game: ExtensiveFormGame, probabilities: tuple,
                   exact: bool) -> "BehaviorProfile":
        """Internal fast path for profiles built by the library (already valid)."""
        obj = object.__new__(cls)
        object.__setattr__(obj, "game", game)
        object.__setattr__(obj, "probabilities", probabilities)
        object.__setattr__(obj, "_exact", exact)
        return obj

    @classmethod
    def from_data(cls, game: ExtensiveFormGame, data: Any) -> "BehaviorProfile":
        """Build a profile from nested lists or dictionaries.

        Parameters
        ----------
        game : ExtensiveFormGame
            The game.
        data : sequence
            Per player, a list with one entry per information set, or a dict keyed by
            information-set label or index (missing sets are played uniformly). An entry is a
            probability vector, an action index or an action label (that action for sure).

        Returns
        -------
        BehaviorProfile
            The validated profile (``data`` itself when it already is one).
        """
        where = "BehaviorProfile"
        if isinstance(data, BehaviorProfile):
            return data
        items = list(data)
        if len(items) != game.num_players:
            raise InvalidGameError(f"{where}: expected {game.num_players} players' behaviour, "
                                   f"got {len(items)}")
        out = []
        for p, item in enumerate(items):
            sets = game.infosets[p]
            rows: list = [None] * len(sets)
            if isinstance(item, Mapping):
                for k, v in item.items():
                    h = _find_infoset(game, p, k, where)
                    rows[h] = v
            else:
                item = list(item)
                if len(item) != len(sets):
                    raise InvalidGameError(f"{where}: player {game.players[p]!r} has {len(sets)} "
                                           f"information sets, got {len(item)} entries")
                rows = item
            final = []
            for h, (v, s) in enumerate(zip(rows, sets)):
                if v is None:
                    v = tuple(Fraction(1, s.num_actions) for _ in s.actions)
                elif isinstance(v, (int, np.integer)) and not isinstance(v, bool):
                    if not 0 <= v < s.num_actions:
                        raise InvalidGameError(f"{where}: action {v} out of range at information "
                                               f"set {game._infoset_name(p, h)}")
                    v = tuple(Fraction(int(a == v)) for a in range(s.num_actions))
                elif isinstance(v, str):
                    if v not in s.actions:
                        raise InvalidGameError(f"{where}: {v!r} is not an action at information "
                                               f"set {game._infoset_name(p, h)} {list(s.actions)}")
                    v = tuple(Fraction(int(a == v)) for a in s.actions)
                elif isinstance(v, np.ndarray):
                    v = tuple(v.tolist()) if v.dtype != object else tuple(v)
                final.append(tuple(v))
            out.append(tuple(final))
        return cls(game, tuple(out))

    @property
    def is_exact(self) -> bool:
        """True when every probability is a Fraction."""
        return self._exact

    def __getitem__(self, player) -> tuple:
        p = self.game._check_player(player, "BehaviorProfile")
        return self.probabilities[p]

    def __iter__(self):
        return iter(self.probabilities)

    def __len__(self):
        return len(self.probabilities)

    def action_probability(self, player, infoset, action) -> Any:
        """Probability of one action at one information set.

        Parameters
        ----------
        player : str or int
            A player's name or 0-based index.
        infoset : str or int
            The information set's label or index among the player's sets.
        action : str or int
            The action's label or index.

        Returns
        -------
        number
            The probability (a Fraction when the profile is exact).

        Examples
        --------
        >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
        >>> g = ExtensiveFormGame.from_tree(["agency", "worker"], decision("agency", {
        ...     "hire": decision("worker", {"work": leaf(2, 1), "shirk": leaf(-1, 2)}),
        ...     "wait": leaf(0, 0)}))
        >>> g.behavior_profile([[0], [["1/3", "2/3"]]]).action_probability("worker", 0, "shirk")
        Fraction(2, 3)
        """
        p = self.game._check_player(player, "BehaviorProfile.action_probability")
        h = _find_infoset(self.game, p, infoset, "BehaviorProfile.action_probability")
        acts = self.game.infosets[p][h].actions
        a = acts.index(action) if isinstance(action, str) else int(action)
        return self.probabilities[p][h][a]

    def as_dict(self) -> list[dict]:
        """The profile as dictionaries keyed by information set.

        Returns
        -------
        list of dict
            Per player ``{"<player>:<infoset label or index>": [probabilities]}`` (the label
            when there is one, otherwise the 0-based index).
        """
        g = self.game
        out = []
        for p, sets in enumerate(g.infosets):
            d = {}
            for h, s in enumerate(sets):
                d[f"{g.players[p]}:{s.label if s.label else h}"] = list(self.probabilities[p][h])
            out.append(d)
        return out

    def payoffs(self) -> tuple:
        """Expected payoff of each player.

        Returns
        -------
        tuple
            One payoff per player (see :meth:`ExtensiveFormGame.behavior_payoffs`).
        """
        return self.game.behavior_payoffs(self)

    def regrets(self) -> tuple:
        """Gain from the best deviation, per player (best responses computed over the tree).

        Returns
        -------
        tuple
            One regret per player (see :meth:`ExtensiveFormGame.behavior_regrets`).
        """
        return self.game.behavior_regrets(self)

    @property
    def max_regret(self):
        """The largest regret of any player (0 for a game without players)."""
        return max(self.regrets(), default=0)

    def is_nash(self, tol: float | None = None) -> bool:
        """True when no player gains more than ``tol`` by deviating.

        Parameters
        ----------
        tol : float, optional
            Largest regret allowed for float profiles (exact profiles need 0).

        Returns
        -------
        bool
            Whether the profile is a Nash equilibrium.
        """
        return self.game.is_nash(self, tol=tol)

    def to_mixed(self) -> tuple:
        """The equivalent mixed profile over reduced strategies (Kuhn's theorem).

        Returns
        -------
        tuple of numpy.ndarray
            One vector per player (see :meth:`ExtensiveFormGame.behavior_to_mixed`).
        """
        return self.game.behavior_to_mixed(self)

    def realization_plans(self) -> tuple:
        """Each player's realisation plan.

        Returns
        -------
        tuple of numpy.ndarray
            Per player, the probability of every sequence of theirs (in the order of
            :meth:`ExtensiveFormGame.sequence_form`).

        Examples
        --------
        >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
        >>> g = ExtensiveFormGame.from_tree(["agency", "worker"], decision("agency", {
        ...     "hire": decision("worker", {"work": leaf(2, 1), "shirk": leaf(-1, 2)}),
        ...     "wait": leaf(0, 0)}))
        >>> plans = g.behavior_profile([[0], [["1/3", "2/3"]]]).realization_plans()
        >>> [[str(x) for x in r] for r in plans]
        [['1', '1', '0'], ['1', '1/3', '2/3']]
        """
        from .sequences import plans_from_behavior
        return plans_from_behavior(self.game, self.probabilities, exact=self._exact)

    @classmethod
    def from_realization_plans(cls, game: ExtensiveFormGame, plans: Sequence) -> "BehaviorProfile":
        """Behaviour from realisation plans.

        ``b(h, a) = r(σ_h a) / Σ_b r(σ_h b)``, uniform where the player's own plan never
        reaches ``h``.

        Parameters
        ----------
        game : ExtensiveFormGame
            The game (with perfect recall).
        plans : sequence of array_like
            One realisation plan per player, over the sequences of
            :meth:`ExtensiveFormGame.sequence_form`.

        Returns
        -------
        BehaviorProfile
            The behaviour profile.
        """
        st = game._seq_structure()
        out = []
        for p in range(game.num_players):
            r = list(plans[p])
            if len(r) != len(st["sequences"][p]):
                raise InvalidGameError(
                    f"BehaviorProfile.from_realization_plans: player {game.players[p]!r} has "
                    f"{len(st['sequences'][p])} sequences, got {len(r)} values")
            exact = all(isinstance(x, (Fraction, int)) for x in r)
            rows = []
            for h, s in enumerate(game.infosets[p]):
                kids = st["infoset_children"][p][h]
                w = [r[k] for k in kids]
                tot = sum(w, Fraction(0) if exact else 0.0)
                if tot <= 0:
                    rows.append(tuple(Fraction(1, s.num_actions) if exact else 1 / s.num_actions
                                      for _ in kids))
                else:
                    rows.append(tuple((Fraction(x) / tot if exact else float(x) / float(tot))
                                      for x in w))
            out.append(tuple(rows))
        return cls(game, tuple(out))

    def as_float(self) -> "BehaviorProfile":
        """The same profile with float probabilities.

        Returns
        -------
        BehaviorProfile
            A copy with floats.
        """
        return BehaviorProfile(self.game, tuple(tuple(tuple(float(x) for x in v) for v in rows)
                                                for rows in self.probabilities))

    def __eq__(self, other):
        if not isinstance(other, BehaviorProfile):
            return NotImplemented
        return self.probabilities == other.probabilities and (
            self.game is other.game or self.game == other.game)

    def __hash__(self):
        return hash(self.probabilities)

    def __repr__(self) -> str:
        parts = []
        for rows in self.probabilities:
            parts.append("[" + ", ".join("(" + ", ".join(_fmt(x) for x in v) + ")"
                                         for v in rows) + "]")
        return "BehaviorProfile(" + ", ".join(parts) + ")"

    def __str__(self) -> str:
        g = self.game
        lines = []
        for p, sets in enumerate(g.infosets):
            if not sets:
                lines.append(f"  {g.players[p]}: no move")
                continue
            for h, s in enumerate(sets):
                where = f"at {s.label!r}" if s.label else \
                    f"at {g.node_name(s.nodes[0])!r}" if len(s.nodes) == 1 else f"at set #{h + 1}"
                acts = ", ".join(f"{a}={_fmt(x)}"
                                 for a, x in zip(s.actions, self.probabilities[p][h]) if x != 0)
                lines.append(f"  {g.players[p]} {where}: {acts}")
        return "\n".join(lines)


def _find_infoset(game, p, key, where) -> int:
    """Index of player ``p``'s information set named by label or index."""
    sets = game.infosets[p]
    if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
        if 0 <= key < len(sets):
            return int(key)
    else:
        key = str(key)
        prefix = f"{game.players[p]}:"
        if key.startswith(prefix) and not any(s.label == key for s in sets):
            key = key[len(prefix):]
        matches = [h for h, s in enumerate(sets) if s.label == key]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InvalidGameError(f"{where}: several information sets of "
                                   f"{game.players[p]!r} are labelled {key!r}; use indices")
        if key.isdigit() and int(key) < len(sets):
            return int(key)
    raise InvalidGameError(f"{where}: player {game.players[p]!r} has no information set "
                           f"{key!r} (labels: {[s.label for s in sets]})")

"""Behaviour strategies on a game tree: building profiles, Kuhn's conversions to and from mixed
strategies, expected payoffs, best responses and regrets.

The functions here are methods of :class:`~contracts.games.tree.ExtensiveFormGame` (attached
there); ``self`` is the game.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ...exceptions import InvalidGameError
from .behavior import BehaviorProfile
from .parts import CHANCE, _as_fraction

__all__: list[str] = []

# -------------------------------------------------------------------------- behaviour
def behavior_profile(self, data: Any) -> "BehaviorProfile":
    """A :class:`BehaviorProfile` from nested lists or from dictionaries.

    ``data[i]`` is player i's behaviour: a list with one probability vector per
    information set, or a dict ``{infoset label or index: vector}`` (missing sets are
    played uniformly). An action index instead of a vector means that action for sure.

    Parameters
    ----------
    data : sequence
        One entry per player: a list of probability vectors, or a dict keyed by
        information-set label or index.

    Returns
    -------
    BehaviorProfile
        The validated profile.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {"work": leaf(2),
    ...                                                                 "shirk": leaf(1)}))
    >>> g.behavior_profile([[["3/4", "1/4"]]]).payoffs()
    (Fraction(7, 4),)
    """
    return BehaviorProfile.from_data(self, data)


def uniform_behavior(self) -> "BehaviorProfile":
    """Every player mixes uniformly at every information set.

    Returns
    -------
    BehaviorProfile
        Exact (Fraction) uniform probabilities.
    """
    one = Fraction(1)
    probs = tuple(tuple(tuple(one / s.num_actions for _ in s.actions) for s in sets)
                  for sets in self._infosets)
    return BehaviorProfile(self, probs)


def mixed_to_behavior(self, profile: Any) -> "BehaviorProfile":
    """Behaviour profile equivalent to a mixed profile over reduced strategies (Kuhn).

    ``profile`` holds one probability vector per player over :meth:`reduced_strategies`
    (e.g. an equilibrium of :meth:`reduced_normal_form`). At an information set that the
    player's own mixed strategy never reaches, the behaviour is uniform (Gambit's
    "centroid" convention).

    Parameters
    ----------
    profile : sequence of array_like
        One probability vector per player over :meth:`reduced_strategies`.

    Returns
    -------
    BehaviorProfile
        The equivalent behaviour profile.
    """
    n = self.num_players
    vecs = _profile_vectors(profile, n, "ExtensiveFormGame.mixed_to_behavior")
    out = []
    for p in range(n):
        strategies = self.reduced_strategies(p)
        sigma = vecs[p]
        if len(sigma) != len(strategies):
            raise InvalidGameError(
                f"ExtensiveFormGame.mixed_to_behavior: player {self._players[p]!r} has "
                f"{len(strategies)} reduced strategies, got a vector of length {len(sigma)}")
        exact = all(isinstance(x, (Fraction, int)) for x in sigma)
        zero = Fraction(0) if exact else 0.0
        rows = []
        for h, s in enumerate(self._infosets[p]):
            w = [zero] * s.num_actions
            for k, strat in enumerate(strategies):
                if strat[h] is not None and sigma[k] != 0:
                    w[strat[h]] += sigma[k]
            tot = sum(w, zero)
            if tot == 0:
                rows.append(tuple((Fraction(1, s.num_actions) if exact else
                                   1.0 / s.num_actions) for _ in w))
            else:
                rows.append(tuple(x / tot for x in w))
        out.append(tuple(rows))
    return BehaviorProfile(self, tuple(out))


def behavior_to_mixed(self, behavior: "BehaviorProfile") -> tuple:
    """Mixed profile over reduced strategies equivalent to a behaviour profile (Kuhn).

    Strategy ``s`` gets the product of the behaviour probabilities of the actions it
    prescribes at the sets it reaches. Needs perfect recall.

    Parameters
    ----------
    behavior : BehaviorProfile or nested lists
        A behaviour profile of this game.

    Returns
    -------
    tuple of numpy.ndarray
        One vector per player over :meth:`reduced_strategies` (object arrays of Fractions
        when the profile is exact).
    """
    behavior = self._as_behavior(behavior, "behavior_to_mixed")
    self._require_recall("ExtensiveFormGame.behavior_to_mixed")
    out = []
    for p in range(self.num_players):
        probs = behavior.probabilities[p]
        exact = behavior.is_exact
        vec = []
        for strat in self.reduced_strategies(p):
            w = Fraction(1) if exact else 1.0
            for h, a in enumerate(strat):
                if a is not None:
                    w = w * probs[h][a]
            vec.append(w)
        out.append(np.array(vec, dtype=object if exact else float))
    return tuple(out)


def _as_behavior(self, behavior, where) -> "BehaviorProfile":
    """``behavior`` as a BehaviorProfile of this game (InvalidGameError otherwise)."""
    if isinstance(behavior, BehaviorProfile):
        if behavior.game is not self and behavior.game != self:
            raise InvalidGameError(f"ExtensiveFormGame.{where}: the behaviour profile "
                                   "belongs to another game")
        return behavior
    try:
        return BehaviorProfile.from_data(self, behavior)
    except (TypeError, IndexError, KeyError) as exc:   # e.g. None: a named error instead
        raise InvalidGameError(f"ExtensiveFormGame.{where}: expected a behaviour profile "
                               f"(one list of move probabilities per information set), got "
                               f"{behavior!r}"[:300]) from exc


def _leaf_weights(self, behavior: "BehaviorProfile", exclude: int | None = None) -> list:
    """Probability of reaching every node when everybody but ``exclude`` follows
    ``behavior`` (and ``exclude`` plays every move on the path)."""
    probs = behavior.probabilities
    exact = behavior.is_exact and self._exact
    conv = _as_fraction if exact else float
    reach = [None] * len(self._nodes)
    reach[0] = conv(1)
    zero = conv(0)
    for nd in self._nodes:
        r = reach[nd.index]
        if nd.is_terminal:
            continue
        if r == 0:
            for ch in nd.children:
                reach[ch] = zero
            continue
        if nd.player == CHANCE:
            ps = self._chance_infosets[nd.infoset].probabilities
            for a, ch in enumerate(nd.children):
                reach[ch] = r * conv(ps[a])
        elif nd.player == exclude:
            for ch in nd.children:
                reach[ch] = r
        else:
            ps = probs[nd.player][nd.infoset]
            for a, ch in enumerate(nd.children):
                p = ps[a]
                reach[ch] = zero if p == 0 else r if p == 1 else r * conv(p)
    return reach


def _leaf_values(game, reach: list, player: int, conv) -> Any:
    """Yield ``(leaf, reach[leaf] * player's payoff there)`` for every leaf reached."""
    cum = game._cum_payoffs()
    for z in game.terminal_nodes:
        r = reach[z]
        if r != 0:
            yield z, r * conv(cum[z][player])


def behavior_payoffs(self, behavior: Any) -> tuple:
    """Expected payoff of every player under a behaviour profile.

    Parameters
    ----------
    behavior : BehaviorProfile or nested lists
        A behaviour profile of this game.

    Returns
    -------
    tuple
        One expected payoff per player (Fractions when game and profile are exact).
    """
    behavior = self._as_behavior(behavior, "behavior_payoffs")
    reach = self._leaf_weights(behavior)
    exact = behavior.is_exact and self._exact
    conv = _as_fraction if exact else float
    return tuple(sum((v for _, v in _leaf_values(self, reach, k, conv)), conv(0))
                 for k in range(self.num_players))


def best_response_values(self, behavior: Any) -> tuple:
    """Each player's best payoff against the others' behaviour (computed over the tree).

    With perfect recall this is a backward pass over the player's sequences; otherwise the
    player's reduced pure strategies are enumerated.

    Parameters
    ----------
    behavior : BehaviorProfile or nested lists
        A behaviour profile of this game.

    Returns
    -------
    tuple
        One best-response value per player.
    """
    behavior = self._as_behavior(behavior, "best_response_values")
    exact = behavior.is_exact and self._exact
    conv = _as_fraction if exact else float
    out = []
    for p in range(self.num_players):
        reach = self._leaf_weights(behavior, exclude=p)
        if self.is_perfect_recall:
            st = self._seq_structure()
            seqs = st["sequences"][p]
            val = [conv(0)] * len(seqs)
            for z, v in _leaf_values(self, reach, p, conv):
                val[st["index"][p][self._hist[z][p]]] += v
            # process information sets deepest first: their sequences are longer
            sets = sorted(range(len(self._infosets[p])),
                          key=lambda h: -len(seqs[st["infoset_seq"][p][h]]))
            for h in sets:
                best = max(val[k] for k in st["infoset_children"][p][h])
                val[st["infoset_seq"][p][h]] += best
            out.append(val[0])
        else:
            strategies = self.reduced_strategies(p)
            vals = [conv(0)] * len(strategies)
            for z, v in _leaf_values(self, reach, p, conv):
                for k in self._consistent(p, self._hist[z][p]):
                    vals[k] += v
            out.append(max(vals))
    return tuple(out)


def behavior_regrets(self, behavior: Any) -> tuple:
    """How much each player could gain by deviating from a behaviour profile.

    Parameters
    ----------
    behavior : BehaviorProfile or nested lists
        A behaviour profile of this game.

    Returns
    -------
    tuple
        One regret (best-response value minus payoff, never negative) per player.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {"work": leaf(2),
    ...                                                                 "shirk": leaf(1)}))
    >>> g.behavior_regrets([[1]])
    (Fraction(1, 1),)
    """
    behavior = self._as_behavior(behavior, "behavior_regrets")
    pay = self.behavior_payoffs(behavior)
    best = self.best_response_values(behavior)
    return tuple(b - v for b, v in zip(best, pay))


def is_nash(self, behavior: Any, *, tol: float | None = None) -> bool:
    """True when no player gains more than ``tol`` by deviating (0 for exact profiles).

    Parameters
    ----------
    behavior : BehaviorProfile or nested lists
        A behaviour profile of this game.
    tol : float, optional
        Largest regret allowed for float profiles (default :meth:`default_tol`).

    Returns
    -------
    bool
        Whether the profile is a Nash equilibrium.
    """
    behavior = self._as_behavior(behavior, "is_nash")
    r = self.behavior_regrets(behavior)
    limit = 0 if (behavior.is_exact and self._exact) else (
        self.default_tol() if tol is None else tol)
    return max(r, default=0) <= limit


def default_tol(self) -> float:
    """Absolute tolerance for float comparisons, scaled by the payoff magnitude.

    Returns
    -------
    float
        The tolerance used by :meth:`is_nash` when none is given.
    """
    cum = self._cum_payoffs()
    scale = max((abs(float(v)) for z in self.terminal_nodes for v in cum[z]), default=1.0)
    from ..._tolerance import relative_tol    # relative to the payoffs, no absolute floor
    return relative_tol(scale)


def _profile_vectors(profile, n, where) -> list:
    """One list of numbers per player from a mixed profile (InvalidGameError otherwise)."""
    try:
        items = list(profile)
    except TypeError:
        raise InvalidGameError(f"{where}: expected one probability vector per player") from None
    if len(items) != n:
        raise InvalidGameError(f"{where}: expected {n} vectors (one per player), got "
                               f"{len(items)}")
    out = []
    for v in items:
        v = list(v.tolist() if isinstance(v, np.ndarray) and v.dtype != object else v)
        out.append(v)
    return out

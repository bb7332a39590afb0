"""Raw trees: what every constructor produces, and their validation into nodes and sets.

The nested specification, the builder, named nodes and Gambit's ``.efg`` reader all produce a
tree of :class:`_Raw` nodes; :func:`_assemble` checks it (cycles, players, actions, chance
probabilities, information sets) and numbers its nodes and information sets in pre-order.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np

from ...exceptions import InvalidGameError
from .parts import _ARROW, CHANCE, InformationSet, Node, Outcome, _fmt, _number

__all__: list[str] = []


class _Raw:
    """A node before validation: the common currency of builder, specs, named nodes and .efg."""

    __slots__ = ("label", "kind", "player", "infoset_key", "infoset_label", "actions", "probs",
                 "outcome", "children", "where")

    def __init__(self, kind: str, label: str = "", *, player: int | None = None,
                 infoset_key: Any = None, infoset_label: str | None = None,
                 actions: tuple | None = None, probs: tuple | None = None,
                 outcome: int | None = None, children: list | None = None, where: str = ""):
        self.kind = kind
        self.label = label
        self.player = player
        self.infoset_key = infoset_key
        self.infoset_label = infoset_label
        self.actions = actions
        self.probs = probs
        self.outcome = outcome
        self.children = children if children is not None else []
        self.where = where


def _node_name(label: str, path: tuple) -> str:
    """How error messages name a node: its label, else the actions leading to it."""
    if label:
        return repr(label)
    if not path:
        return "'root'"
    return repr(_ARROW.join(path))


def _key_name(key) -> str:
    """How error messages name an information set key."""
    if isinstance(key, tuple) and len(key) == 2 and key[0] == "__named__":
        return repr(key[1])
    if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], int):
        who = "chance" if key[0] == CHANCE else f"player {key[0] + 1}"
        return f"number {key[1]} of {who}"
    return repr(key)


def _check_probabilities(probs: Sequence, where: str, name: str) -> tuple:
    """Chance probabilities read as numbers, checked non-negative and summing to 1."""
    vals = tuple(_number(p, where, f"probability at {name}") for p in probs)
    for p in vals:
        if p < 0:
            raise InvalidGameError(
                f"{where}: chance node {name} has a negative probability {_fmt(p)}; "
                "expected probabilities in [0, 1] summing to 1")
    if all(isinstance(p, Fraction) for p in vals):
        total = sum(vals, Fraction(0))
        if total != 1:
            raise InvalidGameError(
                f"{where}: probabilities at chance node {name} sum to {total}, expected exactly 1 "
                f"(got {', '.join(_fmt(p) for p in vals)})")
    else:
        total = math.fsum(float(p) for p in vals)
        if abs(total - 1.0) > 1e-9:
            raise InvalidGameError(
                f"{where}: probabilities at chance node {name} sum to {total!r}, expected 1 "
                f"(got {', '.join(_fmt(p) for p in vals)})")
    return vals


# ----------------------------------------------------------------------------------------------
# sequence form

def _check_player_names(players, where) -> tuple:
    if isinstance(players, str):
        raise InvalidGameError(f"{where}: players must be a sequence of names, got the string "
                               f"{players!r}")
    players = tuple(str(p) for p in players)
    if len(set(players)) != len(players):
        raise InvalidGameError(f"{where}: player names must be distinct, got {list(players)}")
    return players


def _player_index(player, players, where, name) -> int:
    if isinstance(player, str):
        if player in players:
            return players.index(player)
        raise InvalidGameError(f"{where}: node {name} is assigned to {player!r}, who is not a "
                               f"player (players: {list(players)})")
    if isinstance(player, (int, np.integer)) and not isinstance(player, bool) and \
            0 <= player < len(players):
        return int(player)
    raise InvalidGameError(f"{where}: node {name} is assigned to player {player!r}; expected a "
                           f"name in {list(players)} or an index 0..{len(players) - 1}")


def _add_outcome(outcomes, payoffs, label, players, where, name) -> int | None:
    if payoffs is None:
        return None
    if isinstance(payoffs, (str, bytes)) or not hasattr(payoffs, "__len__"):
        raise InvalidGameError(f"{where}: payoffs at node {name} must be a sequence with one "
                               f"number per player, got {payoffs!r}")
    pay = tuple(payoffs)
    if len(pay) != len(players):
        raise InvalidGameError(f"{where}: node {name} has {len(pay)} payoffs; expected "
                               f"{len(players)} (one per player {list(players)})")
    pay = tuple(_number(v, where, f"payoff at node {name}") for v in pay)
    outcomes.append(Outcome(str(label), pay))
    return len(outcomes) - 1


def _items(mapping_or_pairs, where, name, what):
    if isinstance(mapping_or_pairs, Mapping):
        return list(mapping_or_pairs.items())
    try:
        items = list(mapping_or_pairs)
    except TypeError:
        raise InvalidGameError(f"{where}: the {what} at node {name} must be a mapping or a list "
                               f"of pairs, got {mapping_or_pairs!r}") from None
    return items


def _walk(root, make, ident, on_cycle) -> _Raw:
    """Build a raw tree depth first with an explicit stack (deep trees need no recursion).

    ``make(item, path, via, on_path)`` returns ``(raw, [(action label, child item), ...])``;
    ``ident(item)`` identifies items for cycle detection and ``on_cycle(item, path, on_path)``
    raises. ``on_path`` lists the identities of the ancestors of the item being made.
    """
    on_path: list = []
    on_set: set = set()
    result = None
    stack: list = [(False, root, (), None, None)]
    while stack:
        leave, item, path, parent, via = stack.pop()
        if leave:
            on_set.discard(on_path.pop())
            continue
        key = ident(item)
        if key in on_set:
            on_cycle(item, path, on_path)
        raw, kids = make(item, path, via, on_path)
        if parent is None:
            result = raw
        else:
            parent.children.append(raw)
        if kids:
            on_path.append(key)
            on_set.add(key)
            stack.append((True, None, None, None, None))
            for a, child in reversed(kids):
                stack.append((False, child, path + (a,), raw, item))
    return result


# ----------------------------------------------------------------------------------------------
# validation: the method ExtensiveFormGame._assemble


# ----------------------------------------------------------------------------------------------
def _assemble(self, root: _Raw, where: str) -> None:
    """Validate the raw tree under ``root`` and store nodes, information sets and histories."""
    n_players = len(self._players)
    nodes: list = []
    children: list[list[int]] = []
    hist: list = []
    # infoset records: key -> [player, label, actions, probs, nodes, first name, action lists]
    records: dict = {}
    order: dict[int, list] = {p: [] for p in range(-1, n_players)}
    counter = itertools.count()
    # (raw, parent, action index, depth, path labels, per-player histories, ancestors ids)
    stack = [(root, None, None, 0, (), tuple(() for _ in range(n_players)))]
    while stack:
        raw, parent, act, depth, path, histories = stack.pop()
        nid = len(nodes)
        name = _node_name(raw.label, path)
        if parent is not None:
            children[parent].append(nid)
        kind = raw.kind
        player = infoset = None
        actions: tuple = ()
        if raw.outcome is not None and not 0 <= raw.outcome < len(self._outcomes):
            raise InvalidGameError(f"{where}: node {name} refers to outcome "
                                   f"{raw.outcome + 1}, which does not exist")
        if kind == "t":
            if raw.children:
                raise InvalidGameError(
                    f"{where}: terminal node {name} has {len(raw.children)} children")
        elif kind in ("p", "c"):
            if kind == "p":
                player = raw.player
                if not isinstance(player, (int, np.integer)) or not 0 <= player < n_players:
                    raise InvalidGameError(
                        f"{where}: node {name} is assigned to player {player!r}; the game "
                        f"has players {list(self._players)}")
                player = int(player)
            else:
                player = CHANCE
            key = raw.infoset_key
            if key is None:
                key = ("__own__", next(counter))
            rec = records.get(key)
            if rec is None:
                if raw.actions is None:
                    raise InvalidGameError(
                        f"{where}: node {name} starts information set {_key_name(key)} "
                        "but lists no actions")
                acts = tuple(str(a) for a in raw.actions)
                if not acts:
                    raise InvalidGameError(f"{where}: node {name} has no actions; a decision "
                                           "or chance node needs at least one")
                probs = None
                if kind == "c":
                    if raw.probs is None or len(raw.probs) != len(acts):
                        raise InvalidGameError(
                            f"{where}: chance node {name} needs one probability per action "
                            f"({len(acts)}), got {0 if raw.probs is None else len(raw.probs)}")
                    probs = _check_probabilities(raw.probs, where, name)
                label = raw.infoset_label if raw.infoset_label is not None else ""
                rec = [player, label, acts, probs, [], name]
                records[key] = rec
                order[player].append(key)
            else:
                if rec[0] != player:
                    who = lambda p: "chance" if p == CHANCE else repr(self._players[p])
                    raise InvalidGameError(
                        f"{where}: information set {_key_name(key)} mixes players: node "
                        f"{rec[5]} belongs to {who(rec[0])} but node {name} to "
                        f"{who(player)}; an "
                        "information set must belong to one player")
                if raw.actions is not None:
                    acts = tuple(str(a) for a in raw.actions)
                    if acts != rec[2]:
                        raise InvalidGameError(
                            f"{where}: information set {_key_name(key)} has different "
                            f"action sets: node {rec[5]} offers {list(rec[2])} but node "
                            f"{name} offers {list(acts)}; nodes of one information set "
                            "must offer the same actions")
                if kind == "c" and raw.probs is not None:
                    probs = _check_probabilities(raw.probs, where, name) if len(
                        raw.probs) == len(rec[2]) else None
                    if probs != rec[3]:
                        raise InvalidGameError(
                            f"{where}: chance nodes {rec[5]} and {name} share chance set "
                            f"{_key_name(key)} but give different probabilities")
                if raw.infoset_label is not None and rec[1] == "" and raw.infoset_label:
                    rec[1] = raw.infoset_label
            rec[4].append(nid)
            actions = rec[2]
            if len(raw.children) != len(actions):
                raise InvalidGameError(
                    f"{where}: node {name} has {len(raw.children)} children but its "
                    f"information set offers {len(actions)} actions {list(actions)}")
            infoset = key            # replaced by the set's index below
        else:
            raise InvalidGameError(f"{where}: node {name} has unknown kind {kind!r}")
        nodes.append([nid, raw.label, parent, act, None, player, infoset, raw.outcome, depth])
        children.append([])
        hist.append(histories)
        for a in range(len(raw.children) - 1, -1, -1):
            child = raw.children[a]
            if not isinstance(child, _Raw):
                raise InvalidGameError(f"{where}: child {a} of node {name} is not a node")
            new_hist = histories
            if player is not None and player != CHANCE:
                new_hist = tuple(h + ((infoset, a),) if p == player else h
                                 for p, h in enumerate(histories))
            stack.append((child, nid, a, depth + 1, path + (actions[a],), new_hist))
    # index information sets in order of first appearance (pre-order), per player
    index_of = {}
    infosets = []
    for p in range(n_players):
        sets = []
        for k, key in enumerate(order[p]):
            rec = records[key]
            index_of[key] = k
            sets.append(InformationSet(p, k, rec[1], rec[2], None, tuple(rec[4])))
        infosets.append(tuple(sets))
    chance_sets = []
    for k, key in enumerate(order[CHANCE]):
        rec = records[key]
        index_of[key] = k
        chance_sets.append(InformationSet(CHANCE, k, rec[1], rec[2], rec[3], tuple(rec[4])))
    final_nodes = []
    for rec, ch in zip(nodes, children):
        nid, label, parent, act, _, player, key, outcome, depth = rec
        final_nodes.append(Node(nid, label, parent, act, tuple(ch), player,
                                None if key is None else index_of[key], outcome, depth))
    # histories: replace infoset keys by indices
    final_hist = []
    for h in hist:
        final_hist.append(tuple(tuple((index_of[k], a) for k, a in hp) for hp in h))
    exact = all(isinstance(v, Fraction) for o in self._outcomes for v in o.payoffs) and all(
        isinstance(v, Fraction) for s in chance_sets for v in s.probabilities)
    set_ = object.__setattr__
    set_(self, "_nodes", tuple(final_nodes))
    set_(self, "_infosets", tuple(infosets))
    set_(self, "_chance_infosets", tuple(chance_sets))
    set_(self, "_hist", tuple(final_hist))
    set_(self, "_exact", exact)

"""Extensive-form games: game trees with players, chance, information sets and outcomes.

An :class:`ExtensiveFormGame` is an immutable tree. Every node is a *decision node* of a player,
a *chance node* (nature moves with fixed, possibly exact, probabilities) or a *terminal node*.
Decision nodes are grouped into *information sets*: the mover cannot tell the nodes of one set
apart, so they share one list of actions. Any node may carry an *outcome* (a named payoff
vector); a play's payoff is the sum of the outcomes met along it (Gambit's convention), so a
terminal node without an outcome pays everybody 0.

Three ways to write a tree
--------------------------
* **Nested specification** with :func:`decision`, :func:`chance` and :func:`leaf`::

      tree = decision("government", {
          "tender": chance({
              "competent": (Fraction(2, 3), decision("agency", {"effort": leaf(3, 2),
                                                                  "shirk": leaf(1, 3)},
                                                       infoset="agency")),
              "weak": (Fraction(1, 3), decision("agency", {"effort": leaf(2, -1),
                                                             "shirk": leaf(0, 1)},
                                                  infoset="agency"))}),
          "in-house": leaf(1, 0)})
      game = ExtensiveFormGame.from_tree(("government", "agency"), tree)

* a **builder** (:meth:`ExtensiveFormGame.builder`) that grows the tree node by node, like
  Gambit's ``append_move``;
* **named nodes** (:meth:`ExtensiveFormGame.from_nodes`): a mapping ``name -> node`` whose
  children are given by name (handy for JSON model files; cycles and orphans are reported).

Gambit's ``.efg`` files are read and written by :mod:`contracts.io.efg`.

Validation
----------
Every constructor raises :class:`~contracts.exceptions.InvalidGameError` naming the offending node
(by its label, or by the actions leading to it): cycles, a node with two parents, a chance node
whose probabilities are negative or do not sum to 1 (exactly, for Fractions), an information set
that mixes players or whose nodes offer different actions, terminal nodes with the wrong number
of payoffs, and (unless ``perfect_recall=False``) a player who forgets what they knew or did.

Representations
---------------
* :meth:`ExtensiveFormGame.reduced_normal_form` — the reduced strategic form with Gambit's
  strategy labels (``"11"``, ``"2*"``: one character per information set of the player, the
  1-based action, or ``*`` where the strategy's own earlier moves make the set unreachable);
* :meth:`ExtensiveFormGame.sequence_form` — sequences, realisation-plan constraints and the
  sparse sequence-form payoffs (Koller, Megiddo and von Stengel 1996);
* :class:`BehaviorProfile` — one probability vector per information set, with payoffs, regrets
  (best responses computed over the tree), realisation plans and the equivalent mixed profile
  over reduced strategies (Kuhn's theorem).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Any, Mapping, Sequence

import numpy as np

from ._labels import normalize_labels
from ..exceptions import InvalidGameError, UnsupportedGameError

__all__ = [
    "CHANCE",
    "ExtensiveFormGame",
    "TreeBuilder",
    "BehaviorProfile",
    "SequenceForm",
    "Node",
    "InformationSet",
    "Outcome",
    "decision",
    "chance",
    "leaf",
]

#: Player index used for nature (chance nodes and chance information sets).
CHANCE = -1

_ARROW = " → "


# ----------------------------------------------------------------------------------------------
# numbers
# ----------------------------------------------------------------------------------------------
def _number(x: Any, where: str, what: str) -> Fraction | float:
    """An exact Fraction (ints, Fractions, strings such as ``"2/3"``) or a finite float."""
    if isinstance(x, (bool, np.bool_)):
        raise InvalidGameError(f"{where}: {what} must be a number, got the boolean {x!r}")
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (Integral, np.integer)):
        return Fraction(int(x))
    if isinstance(x, Rational):
        return Fraction(x.numerator, x.denominator)
    if isinstance(x, str):
        try:
            return Fraction(x.strip())
        except (ValueError, ZeroDivisionError):
            raise InvalidGameError(f"{where}: {what}: cannot read {x!r} as a number") from None
    if isinstance(x, (float, np.floating)):
        xf = float(x)
        if not math.isfinite(xf):
            raise InvalidGameError(f"{where}: {what} must be finite, found {xf!r}")
        return xf
    if isinstance(x, Real):
        return _number(float(x), where, what)
    raise InvalidGameError(f"{where}: {what} must be a number, got {type(x).__name__} {x!r}")


def _as_fraction(x) -> Fraction:
    if isinstance(x, Fraction):
        return x
    return Fraction(repr(float(x)))


def _fmt(x) -> str:
    if isinstance(x, Fraction):
        return str(x)
    xf = float(x)
    return str(int(xf)) if xf.is_integer() and abs(xf) < 1e15 else f"{xf:.6g}"


_normalize_labels = normalize_labels


# ----------------------------------------------------------------------------------------------
# the parts of a tree
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """A named payoff vector attached to one or more nodes.

    Attributes
    ----------
    label : str
        The outcome's name (may be empty, may repeat).
    payoffs : tuple
        One payoff per player (Fractions, or floats).
    """

    label: str
    payoffs: tuple

    def __str__(self) -> str:
        pay = "(" + ", ".join(_fmt(v) for v in self.payoffs) + ")"
        return f"{self.label} {pay}" if self.label else pay


@dataclass(frozen=True)
class InformationSet:
    """Decision nodes of one player (or chance nodes) that share their actions.

    Attributes
    ----------
    player : int
        Index of the player who moves, or :data:`CHANCE` (-1).
    index : int
        Position among the player's information sets (order of first appearance in the tree).
    label : str
        The set's name (may be empty).
    actions : tuple of str
        Action labels.
    probabilities : tuple or None
        Nature's probabilities (chance sets only).
    nodes : tuple of int
        Indices (pre-order) of the nodes in the set.
    """

    player: int
    index: int
    label: str
    actions: tuple
    probabilities: tuple | None
    nodes: tuple

    @property
    def is_chance(self) -> bool:
        return self.player == CHANCE

    @property
    def num_actions(self) -> int:
        return len(self.actions)


@dataclass(frozen=True)
class Node:
    """One node of the tree; nodes are numbered in pre-order (the root is node 0).

    Attributes
    ----------
    index : int
        Position in pre-order.
    label : str
        The node's name (may be empty).
    parent : int or None
        Index of the parent (None at the root).
    action : int or None
        Index of the parent's action that leads here.
    children : tuple of int
        Children in the order of the actions.
    player : int or None
        Player who moves here, :data:`CHANCE` at chance nodes, None at terminal nodes.
    infoset : int or None
        Index of the information set among ``game.infosets[player]`` (or the chance sets).
    outcome : int or None
        Index into ``game.outcomes``.
    depth : int
        Number of moves from the root.
    """

    index: int
    label: str
    parent: int | None
    action: int | None
    children: tuple
    player: int | None
    infoset: int | None
    outcome: int | None
    depth: int

    @property
    def is_terminal(self) -> bool:
        return not self.children

    @property
    def is_chance(self) -> bool:
        return self.player == CHANCE


# ----------------------------------------------------------------------------------------------
# nested specification: decision(), chance(), leaf()
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class _DecisionSpec:
    player: Any
    actions: Any
    infoset: Any = None
    label: str = ""
    payoffs: Any = None
    outcome_label: str = ""


@dataclass(frozen=True, eq=False)
class _ChanceSpec:
    branches: Any
    infoset: Any = None
    label: str = ""
    payoffs: Any = None
    outcome_label: str = ""


@dataclass(frozen=True, eq=False)
class _LeafSpec:
    payoffs: Any
    label: str = ""
    outcome_label: str = ""


def decision(player: Any, actions: Mapping[str, Any] | Sequence[tuple[str, Any]], *,
             infoset: Any = None, label: str = "", payoffs: Sequence | None = None,
             outcome: str = "") -> _DecisionSpec:
    """A decision node for :meth:`ExtensiveFormGame.from_tree`.

    Parameters
    ----------
    player : str or int
        Who moves (a name from the game's players, or a 0-based index).
    actions : mapping or sequence of pairs
        ``{action label: subtree}`` in the order the actions should have.
    infoset : hashable, optional
        Name of the information set. Nodes with the same name are indistinguishable to the
        mover (they must belong to the same player and offer the same actions). By default a
        node is alone in its set, named after the node's label.
    label : str
        Node label.
    payoffs : sequence, optional
        An outcome collected when the play passes through this node (added to the terminal
        payoffs), e.g. a fee paid at the tender stage.
    outcome : str
        Name of that outcome.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {"work": leaf(2),
    ...                                                                 "shirk": leaf(1)}))
    >>> g.num_nodes
    3
    """
    return _DecisionSpec(player, actions, infoset, str(label), payoffs, str(outcome))


def chance(branches: Mapping[str, tuple[Any, Any]] | Sequence[tuple[str, Any, Any]], *,
           infoset: Any = None, label: str = "", payoffs: Sequence | None = None,
           outcome: str = "") -> _ChanceSpec:
    """A chance node for :meth:`ExtensiveFormGame.from_tree`.

    Parameters
    ----------
    branches : mapping or sequence of triples
        ``{action label: (probability, subtree)}`` or ``[(label, probability, subtree), ...]``.
        Probabilities may be Fractions or strings like ``"1/3"`` (exact) or floats; they must be
        non-negative and sum to 1.
    infoset : hashable, optional
        Chance nodes with the same name share their probabilities (Gambit's chance sets).
    label, payoffs, outcome
        As for :func:`decision`.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, chance, leaf
    >>> g = ExtensiveFormGame.from_tree([], chance({"good": ("1/3", leaf()),
    ...                                             "bad": ("2/3", leaf())}))
    >>> g.chance_infosets[0].probabilities
    (Fraction(1, 3), Fraction(2, 3))
    """
    return _ChanceSpec(branches, infoset, str(label), payoffs, str(outcome))


def leaf(*payoffs: Any, label: str = "", outcome: str = "") -> _LeafSpec:
    """A terminal node paying ``payoffs`` (one number per player) for
    :meth:`ExtensiveFormGame.from_tree`. ``leaf()`` with no payoffs pays everybody 0.

    A single sequence argument is accepted too: ``leaf((3, 1))`` equals ``leaf(3, 1)``.
    """
    if len(payoffs) == 1 and isinstance(payoffs[0], (list, tuple, np.ndarray)):
        payoffs = tuple(payoffs[0])
    return _LeafSpec(tuple(payoffs) if payoffs else None, str(label), str(outcome))


# ----------------------------------------------------------------------------------------------
# raw trees: what every constructor produces before validation
# ----------------------------------------------------------------------------------------------
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
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a game with perfect recall (Koller–Megiddo–von Stengel 1996).

    Attributes
    ----------
    players : tuple of str
    sequences : tuple
        ``sequences[i]`` lists player i's sequences; each is a tuple of ``(infoset, action)``
        index pairs, the empty sequence first.
    labels : tuple
        Readable names of the sequences (``"∅"``, ``"Bet"``, ``"Bet.Call"`` ...).
    parent : tuple
        ``parent[i][s]``: index of the sequence that ``s`` extends (-1 for the empty one).
    infoset_sequence : tuple
        ``infoset_sequence[i][h]``: index of the sequence leading to player i's information set h.
    constraints : tuple of numpy.ndarray
        ``E_i`` (one row per information set plus the first row for the empty sequence):
        realisation plans are the vectors ``r >= 0`` with ``E_i r = e`` (``e = (1, 0, ..., 0)``).
    payoffs : dict
        ``{(s_1, ..., s_N): payoff vector}``: the chance-weighted sum of the payoffs of the plays
        whose sequences are ``s_1, ..., s_N`` (only non-zero-probability plays appear).
    """

    players: tuple
    sequences: tuple
    labels: tuple
    parent: tuple
    infoset_sequence: tuple
    constraints: tuple
    payoffs: dict
    chance_mass: dict = field(default_factory=dict, repr=False)

    def payoff_matrices(self, *, shift: Any = 0) -> tuple[np.ndarray, np.ndarray]:
        """Dense two-player matrices ``(A, B)`` indexed by (sequence of 1, sequence of 2).

        ``shift`` is subtracted from every play's payoff first (weighted by the play's chance
        probability), which keeps the game strategically equivalent.
        """
        if len(self.players) != 2:
            raise UnsupportedGameError(
                f"SequenceForm.payoff_matrices: needs two players, the game has "
                f"{len(self.players)}")
        n1, n2 = len(self.sequences[0]), len(self.sequences[1])
        A = np.empty((n1, n2), dtype=object)
        A.fill(Fraction(0))
        B = A.copy()
        for (s1, s2), pay in self.payoffs.items():
            mass = self.chance_mass[(s1, s2)]
            A[s1, s2] = pay[0] - shift * mass
            B[s1, s2] = pay[1] - shift * mass
        return A, B


# ----------------------------------------------------------------------------------------------
# the game
# ----------------------------------------------------------------------------------------------
class ExtensiveFormGame:
    """An immutable finite game tree.

    Build one with :meth:`from_tree`, :meth:`builder` or :meth:`from_nodes`, or read a Gambit
    ``.efg`` file with :func:`contracts.io.efg.read_efg`.

    Examples
    --------
    A government tenders a service or keeps it in-house; nature decides whether the winning
    agency is competent; the agency, knowing its type, exerts effort or shirks:

    >>> from fractions import Fraction
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, chance, leaf
    >>> agency = lambda pay: decision("agency", {"effort": leaf(*pay[0]),
    ...                                          "shirk": leaf(*pay[1])})
    >>> g = ExtensiveFormGame.from_tree(("government", "agency"), decision("government", {
    ...     "tender": chance({"competent": (Fraction(2, 3), agency([(3, 2), (1, 3)])),
    ...                       "weak": (Fraction(1, 3), agency([(2, -1), (0, 1)]))}),
    ...     "in-house": leaf(1, 0)}))
    >>> g.reduced_normal_form().actions
    (('1', '2'), ('11', '12', '21', '22'))
    >>> [len(s) for s in g.infosets]
    [1, 2]
    """

    __slots__ = ("_players", "_nodes", "_infosets", "_chance_infosets", "_outcomes", "_title",
                 "_comment", "_exact", "_hist", "_cache", "__weakref__")

    # -------------------------------------------------------------------------- construction
    def __init__(self, players: Sequence[str], root: _Raw, outcomes: Sequence[Outcome] = (), *,
                 title: str = "", comment: str = "", perfect_recall: bool = False,
                 where: str = "ExtensiveFormGame"):
        if not isinstance(root, _Raw):
            raise TypeError(
                "ExtensiveFormGame: build games with ExtensiveFormGame.from_tree, "
                "ExtensiveFormGame.builder, ExtensiveFormGame.from_nodes or read_efg")
        players = tuple(str(p) for p in players)
        n = len(players)
        outs = []
        for k, o in enumerate(outcomes):
            if len(o.payoffs) != n:
                raise InvalidGameError(
                    f"{where}: outcome {o.label or k + 1!r} has {len(o.payoffs)} payoffs; "
                    f"expected {n} (one per player)")
            outs.append(Outcome(str(o.label), tuple(
                _number(v, where, f"payoff of outcome {o.label or k + 1!r}") for v in o.payoffs)))
        set_ = object.__setattr__
        set_(self, "_players", players)
        set_(self, "_outcomes", tuple(outs))
        set_(self, "_title", str(title))
        set_(self, "_comment", str(comment))
        set_(self, "_cache", {})
        self._assemble(root, where)
        if perfect_recall:
            self.check_perfect_recall()

    def __setattr__(self, name, value):
        raise AttributeError("ExtensiveFormGame is immutable")

    def _assemble(self, root: _Raw, where: str) -> None:
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

    # -- public constructors ----------------------------------------------------------------
    @classmethod
    def builder(cls, players: Sequence[str], *, title: str = "",
                comment: str = "") -> "TreeBuilder":
        """A :class:`TreeBuilder` that grows a tree from its root, node by node.

        Examples
        --------
        >>> from contracts.games.extensive_form import ExtensiveFormGame
        >>> b = ExtensiveFormGame.builder(["government", "agency"])
        >>> tender, inhouse = b.move(b.root, "government", ["tender", "in-house"])
        >>> comply, shirk = b.move(tender, "agency", ["comply", "shirk"])
        >>> b.payoffs(comply, [2, 1]); b.payoffs(shirk, [-1, 2]); b.payoffs(inhouse, [0, 0])
        >>> g = b.build()
        >>> g.is_perfect_information
        True
        """
        return TreeBuilder(players, title=title, comment=comment)

    @classmethod
    def from_tree(cls, players: Sequence[str], root: Any, *, title: str = "",
                  comment: str = "", perfect_recall: bool = True) -> "ExtensiveFormGame":
        """Game from a nested specification written with :func:`decision`, :func:`chance` and
        :func:`leaf`.

        Parameters
        ----------
        players : sequence of str
            Player names (distinct).
        root : spec
            The root node's specification.
        title, comment : str
            Stored with the game (and written to ``.efg`` files).
        perfect_recall : bool
            Check that every player remembers their own past moves and information (default);
            ``False`` allows games such as the absent-minded driver.

        Examples
        --------
        >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
        >>> g = ExtensiveFormGame.from_tree(["leader", "follower"], decision("leader", {
        ...     "high": decision("follower", {"accept": leaf(2, 1), "reject": leaf(0, 0)}),
        ...     "low": decision("follower", {"accept": leaf(1, 2), "reject": leaf(0, 0)})}))
        >>> g.reduced_normal_form().actions[1]
        ('11', '12', '21', '22')
        """
        where = "ExtensiveFormGame.from_tree"
        players = _check_player_names(players, where)
        outcomes: list[Outcome] = []
        raw = _spec_to_raw(root, players, outcomes, where)
        return cls(players, raw, outcomes, title=title, comment=comment,
                   perfect_recall=perfect_recall, where=where)

    @classmethod
    def from_nodes(cls, players: Sequence[str], nodes: Mapping[str, Mapping[str, Any]], *,
                   root: str = "root", title: str = "", comment: str = "",
                   perfect_recall: bool = True) -> "ExtensiveFormGame":
        """Game from named nodes whose children are referred to by name.

        Each entry of ``nodes`` is one of::

            {"player": "government", "actions": {"tender": "n1", "in-house": "n2"},
             "infoset": "G"}                                   # decision node
            {"chance": {"good": ["2/3", "n3"], "bad": ["1/3", "n4"]}}   # chance node
            {"payoffs": [1, 0]}                                # terminal node

        Decision and chance nodes may also carry ``"payoffs"`` (an outcome collected on the
        way) and ``"outcome"`` (its name); any node may have a ``"label"`` (default: its name).
        Cycles, nodes with two parents, unknown names and unreachable nodes raise
        :class:`~contracts.exceptions.InvalidGameError` naming the nodes involved.

        Examples
        --------
        >>> from contracts.games.extensive_form import ExtensiveFormGame
        >>> g = ExtensiveFormGame.from_nodes(["agency"], {
        ...     "root": {"player": "agency", "actions": {"bid": "win", "abstain": "out"}},
        ...     "win": {"chance": {"audit": ["1/4", "caught"], "none": ["3/4", "paid"]}},
        ...     "caught": {"payoffs": [-2]}, "paid": {"payoffs": [2]}, "out": {"payoffs": [0]}})
        >>> g.num_nodes
        5
        """
        where = "ExtensiveFormGame.from_nodes"
        players = _check_player_names(players, where)
        if not isinstance(nodes, Mapping):
            raise InvalidGameError(f"{where}: expected a mapping from node names to nodes, got "
                                   f"{type(nodes).__name__}")
        outcomes: list[Outcome] = []
        raw = _named_to_raw(nodes, root, players, outcomes, where)
        return cls(players, raw, outcomes, title=title, comment=comment,
                   perfect_recall=perfect_recall, where=where)

    # -------------------------------------------------------------------------- basic facts
    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def num_players(self) -> int:
        return len(self._players)

    @property
    def title(self) -> str:
        return self._title

    @property
    def comment(self) -> str:
        return self._comment

    @property
    def nodes(self) -> tuple[Node, ...]:
        """All nodes in pre-order (``nodes[0]`` is the root)."""
        return self._nodes

    @property
    def root(self) -> Node:
        return self._nodes[0]

    @property
    def num_nodes(self) -> int:
        return len(self._nodes)

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return self._outcomes

    @property
    def infosets(self) -> tuple[tuple[InformationSet, ...], ...]:
        """``infosets[i]``: player i's information sets, in order of first appearance."""
        return self._infosets

    @property
    def chance_infosets(self) -> tuple[InformationSet, ...]:
        return self._chance_infosets

    @property
    def is_exact(self) -> bool:
        """True when every payoff and chance probability is a Fraction."""
        return self._exact

    @property
    def terminal_nodes(self) -> tuple[int, ...]:
        """Indices of the terminal nodes, in pre-order."""
        c = self._cache
        if "leaves" not in c:
            c["leaves"] = tuple(n.index for n in self._nodes if n.is_terminal)
        return c["leaves"]

    def infoset(self, node: int | Node) -> InformationSet | None:
        """The information set of a node (None for terminal nodes)."""
        nd = self._node(node)
        if nd.player is None:
            return None
        if nd.player == CHANCE:
            return self._chance_infosets[nd.infoset]
        return self._infosets[nd.player][nd.infoset]

    def actions_at(self, node: int | Node) -> tuple[str, ...]:
        """Action labels available at a node (empty at terminal nodes)."""
        s = self.infoset(node)
        return () if s is None else s.actions

    def _node(self, node) -> Node:
        if isinstance(node, Node):
            return self._nodes[node.index]
        try:
            return self._nodes[int(node)]
        except (IndexError, TypeError, ValueError):
            raise InvalidGameError(f"ExtensiveFormGame: no node {node!r} (the game has "
                                   f"{len(self._nodes)} nodes, numbered 0..{len(self._nodes) - 1})"
                                   ) from None

    def path(self, node: int | Node) -> tuple[tuple[int, int], ...]:
        """The moves leading to a node: ``((node, action index), ...)`` from the root."""
        nd = self._node(node)
        out = []
        while nd.parent is not None:
            out.append((nd.parent, nd.action))
            nd = self._nodes[nd.parent]
        return tuple(reversed(out))

    def node_name(self, node: int | Node) -> str:
        """The node's label, or the actions leading to it (``"tender → competent"``)."""
        nd = self._node(node)
        if nd.label:
            return nd.label
        steps = [self.actions_at(p)[a] for p, a in self.path(nd)]
        return _ARROW.join(steps) if steps else "root"

    def player_name(self, player: int) -> str:
        return "chance" if player == CHANCE else self._players[player]

    @property
    def is_perfect_information(self) -> bool:
        """True when every information set of every player has a single node."""
        return all(len(s.nodes) == 1 for sets in self._infosets for s in sets)

    def chance_probability(self, node: int | Node):
        """Probability that nature's moves lead to ``node`` (1 if nature never moves on the way)."""
        nd = self._node(node)
        return self._reach_chance()[nd.index]

    def _reach_chance(self) -> list:
        c = self._cache
        if "chance_reach" not in c:
            one = Fraction(1) if self._exact else 1.0
            reach = [one] * len(self._nodes)
            for nd in self._nodes:
                if nd.player == CHANCE:
                    probs = self._chance_infosets[nd.infoset].probabilities
                    for a, ch in enumerate(nd.children):
                        reach[ch] = reach[nd.index] * probs[a]
                else:
                    for ch in nd.children:
                        reach[ch] = reach[nd.index]
            c["chance_reach"] = reach
        return c["chance_reach"]

    def node_payoffs(self, node: int | Node) -> tuple:
        """Payoffs collected by the outcomes from the root down to ``node`` (inclusive).

        At a terminal node this is the play's payoff vector.
        """
        nd = self._node(node)
        return self._cum_payoffs()[nd.index]

    def _cum_payoffs(self) -> list:
        c = self._cache
        if "cum" not in c:
            zero = Fraction(0)
            cum: list = [None] * len(self._nodes)
            for nd in self._nodes:
                base = cum[nd.parent] if nd.parent is not None else (zero,) * self.num_players
                if nd.outcome is not None:
                    base = tuple(b + v for b, v in zip(base, self._outcomes[nd.outcome].payoffs))
                cum[nd.index] = base
            c["cum"] = cum
        return c["cum"]

    # -------------------------------------------------------------------------- perfect recall
    def _own_history(self, node: int, player: int) -> tuple:
        """Player's own ``(infoset, action)`` moves on the way to ``node`` (excluding it)."""
        return self._hist[node][player]

    def _recall_violation(self) -> str | None:
        for p, sets in enumerate(self._infosets):
            for s in sets:
                first = s.nodes[0]
                h0 = self._hist[first][p]
                for nid in s.nodes:
                    h = self._hist[nid][p]
                    if any(k == s.index for k, _ in h):
                        return (f"player {self._players[p]!r} is absent-minded at information set "
                                f"{self._infoset_name(p, s.index)}: node "
                                f"{self._node_desc(nid)} comes after another node of the same "
                                "set")
                    if h != h0:
                        return (f"player {self._players[p]!r} does not have perfect recall at "
                                f"information set {self._infoset_name(p, s.index)}: node "
                                f"{self._node_desc(first)} is reached after "
                                f"{self._history_text(p, h0)} but node {self._node_desc(nid)} "
                                f"after {self._history_text(p, h)}")
        return None

    def _infoset_name(self, player: int, index: int) -> str:
        s = self._infosets[player][index]
        return repr(s.label) if s.label else f"#{index + 1}"

    def _node_desc(self, nid: int) -> str:
        return repr(self.node_name(nid))

    def _history_text(self, player: int, hist: tuple) -> str:
        if not hist:
            return "no move of theirs"
        parts = [f"{self._infosets[player][k].actions[a]} at {self._infoset_name(player, k)}"
                 for k, a in hist]
        return "their moves (" + ", ".join(parts) + ")"

    @property
    def is_perfect_recall(self) -> bool:
        """True when every player always remembers their own earlier moves and information."""
        c = self._cache
        if "recall" not in c:
            c["recall"] = self._recall_violation()
        return c["recall"] is None

    def check_perfect_recall(self) -> None:
        """Raise :class:`InvalidGameError` naming the first node where a player forgets.

        Examples
        --------
        >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
        >>> spec = decision("driver", {"exit": leaf(0), "continue": decision("driver", {
        ...     "exit": leaf(4), "continue": leaf(1)}, infoset="I")}, infoset="I")
        >>> ExtensiveFormGame.from_tree(["driver"], spec)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        contracts.exceptions.InvalidGameError: ExtensiveFormGame: player 'driver' is ...
        """
        if not self.is_perfect_recall:
            raise InvalidGameError(f"ExtensiveFormGame: {self._cache['recall']}")

    def _require_recall(self, where: str) -> None:
        if not self.is_perfect_recall:
            raise UnsupportedGameError(
                f"{where}: needs a game with perfect recall; {self._cache['recall']}")

    # -------------------------------------------------------------------------- subgames
    def subgames(self) -> tuple[int, ...]:
        """Roots of all subgames (the root included), in pre-order.

        A non-terminal node roots a subgame when every information set that meets the subtree
        below it (the node's own set included) lies entirely inside that subtree — Gambit's
        definition; with perfect recall the root of a subgame is then alone in its set.
        """
        c = self._cache
        if "subgames" in c:
            return c["subgames"]
        nn = len(self._nodes)
        end = [0] * nn
        for nd in reversed(self._nodes):
            end[nd.index] = end[nd.children[-1]] if nd.children else nd.index + 1
        lo = [nn] * nn
        hi = [-1] * nn
        for sets in self._infosets:
            for s in sets:
                a, b = min(s.nodes), max(s.nodes)
                for nid in s.nodes:
                    lo[nid] = a
                    hi[nid] = b
        sub_lo = lo[:]
        sub_hi = hi[:]
        for nd in reversed(self._nodes):
            for ch in nd.children:
                sub_lo[nd.index] = min(sub_lo[nd.index], sub_lo[ch])
                sub_hi[nd.index] = max(sub_hi[nd.index], sub_hi[ch])
        roots = []
        for nd in self._nodes:
            if nd.is_terminal:
                continue
            if sub_lo[nd.index] >= nd.index and sub_hi[nd.index] < end[nd.index]:
                roots.append(nd.index)
        c["subgames"] = tuple(roots)
        return c["subgames"]

    def _subtree_end(self) -> list:
        c = self._cache
        if "end" not in c:
            end = [0] * len(self._nodes)
            for nd in reversed(self._nodes):
                end[nd.index] = end[nd.children[-1]] if nd.children else nd.index + 1
            c["end"] = end
        return c["end"]

    def subgame(self, node: int | Node, *, replace: Mapping[int, Sequence] | None = None
                ) -> "ExtensiveFormGame":
        """The subgame rooted at ``node`` as a game of its own.

        Parameters
        ----------
        node : int or Node
            A subgame root (see :meth:`subgames`).
        replace : mapping, optional
            ``{node: payoff vector}``: nodes inside the subgame to cut off and replace by a
            terminal node paying the given payoffs (on top of the outcomes collected above it
            inside the subgame). Used to solve subgames bottom-up.

        Outcomes met above ``node`` are not included.
        """
        return self._subgame_with_map(node, replace)[0]

    def _subgame_with_map(self, node, replace=None) -> tuple["ExtensiveFormGame", list]:
        """The subgame and, for each of its nodes, the index of the original node."""
        nd = self._node(node)
        if nd.index not in self.subgames():
            raise InvalidGameError(
                f"ExtensiveFormGame.subgame: node {self._node_desc(nd.index)} does not root a "
                "subgame (an information set crosses its boundary)")
        replace = dict(replace or {})
        outcomes: list[Outcome] = []
        out_map: dict[int, int] = {}

        def outcome_of(k):
            if k is None:
                return None
            if k not in out_map:
                out_map[k] = len(outcomes)
                outcomes.append(self._outcomes[k])
            return out_map[k]

        def make(nid, path, via, on_path):
            x = self._nodes[nid]
            visit.append(nid)
            if nid in replace and nid != nd.index:
                pay = tuple(replace[nid])
                outcomes.append(Outcome(f"value of the subgame at {self.node_name(nid)}", pay))
                return _Raw("t", x.label, outcome=len(outcomes) - 1), []
            if x.is_terminal:
                return _Raw("t", x.label, outcome=outcome_of(x.outcome)), []
            s = self.infoset(x)
            if x.player == CHANCE:
                r = _Raw("c", x.label, infoset_key=("c", x.infoset), infoset_label=s.label,
                         actions=s.actions, probs=s.probabilities)
            else:
                r = _Raw("p", x.label, player=x.player, infoset_key=(x.player, x.infoset),
                         infoset_label=s.label, actions=s.actions)
            r.outcome = outcome_of(x.outcome)
            return r, list(zip(s.actions, x.children))

        def no_cycle(*args):      # pragma: no cover - a validated tree has no cycle
            raise AssertionError("cycle in a validated tree")

        visit: list = []
        raw = _walk(nd.index, make, lambda nid: nid, no_cycle)
        game = ExtensiveFormGame(self._players, raw, outcomes, title=self._title,
                                 where="ExtensiveFormGame.subgame")
        return game, visit

    # -------------------------------------------------------------------------- strategies
    def _reachability(self, player: int) -> list:
        """For each infoset of ``player``: the distinct own histories of its nodes (self moves
        removed), i.e. the conditions under which a pure strategy reaches it."""
        key = ("reach", player)
        c = self._cache
        if key not in c:
            out = []
            for s in self._infosets[player]:
                reqs = []
                for nid in s.nodes:
                    r = tuple((k, a) for k, a in self._hist[nid][player] if k != s.index)
                    if r not in reqs:
                        reqs.append(r)
                out.append(reqs)
            c[key] = out
        return c[key]

    def num_reduced_strategies(self, player: int) -> int:
        """How many reduced strategies ``player`` has (without listing them)."""
        player = self._check_player(player, "num_reduced_strategies")
        if self.is_perfect_recall:
            sf = self._seq_structure()
            kids = sf["children"][player]   # sequence -> list of infosets following it
            seqs = sf["sequences"][player]
            count = [1] * len(seqs)
            for s in range(len(seqs) - 1, -1, -1):
                total = 1
                for h in kids[s]:
                    total *= sum(count[t] for t in sf["infoset_children"][player][h])
                count[s] = total
            return count[0]
        return len(self.reduced_strategies(player))

    def reduced_strategies(self, player: int, *, limit: int | None = 10 ** 6
                           ) -> tuple[tuple[int | None, ...], ...]:
        """Player's reduced pure strategies, in Gambit's order.

        Each strategy is a tuple with one entry per information set of the player: the index of
        the chosen action, or None where the strategy's own moves make the set unreachable.

        Raises :class:`UnsupportedGameError` when there are more than ``limit``.
        """
        player = self._check_player(player, "reduced_strategies")
        key = ("rs", player)
        c = self._cache
        if key in c:
            return c[key]
        if limit is not None and self.is_perfect_recall:
            count = self.num_reduced_strategies(player)
            if count > limit:
                raise UnsupportedGameError(
                    f"ExtensiveFormGame.reduced_strategies: player {self._players[player]!r} "
                    f"has {count} reduced strategies, more than limit={limit}; use the sequence "
                    "form instead")
        if self.is_perfect_recall:
            found = self._reduced_strategies_recall(player, limit)
        else:
            found = self._reduced_strategies_search(player, limit)
        c[key] = tuple(found)
        return c[key]

    def _reduced_strategies_recall(self, player: int, limit) -> list:
        """Perfect recall: combine the sequence tree from the leaves up, then sort (the order
        equals a depth-first search over the information sets in index order)."""
        st = self._seq_structure()
        m = len(self._infosets[player])
        follow = st["children"][player]
        kids = st["infoset_children"][player]
        partial: list = [None] * len(st["sequences"][player])
        for sq in range(len(partial) - 1, -1, -1):
            combos: list = [()]
            for h in follow[sq]:
                opts = []
                for a, t in enumerate(kids[h]):
                    opts.extend(((h, a),) + q for q in partial[t])
                    partial[t] = None
                combos = [x + y for x in combos for y in opts]
                if limit is not None and len(combos) > limit:
                    raise UnsupportedGameError(
                        f"ExtensiveFormGame.reduced_strategies: player "
                        f"{self._players[player]!r} has more than limit={limit} reduced "
                        "strategies")
            partial[sq] = combos
        out = []
        for combo in partial[0]:
            row: list = [None] * m
            for h, a in combo:
                row[h] = a
            out.append(tuple(row))
        out.sort(key=lambda t: tuple(-1 if a is None else a for a in t))
        return out

    def _reduced_strategies_search(self, player: int, limit) -> list:
        """Any game: depth-first search over the information sets in index order, marking
        sets the strategy's own moves make unreachable, then removing duplicates."""
        sets = self._infosets[player]
        reqs = self._reachability(player)
        m = len(sets)
        UNSET = object()
        assign: list = [UNSET] * m
        found: list = []
        seen: set = set()

        def status(h):
            possible = False
            for req in reqs[h]:
                ok = True
                decided = True
                for g, a in req:
                    v = assign[g]
                    if v is UNSET:
                        decided = False
                    elif v != a:
                        ok = False
                        break
                if ok:
                    if decided:
                        return 2
                    possible = True
            return 1 if possible else 0

        def finish():
            final = list(assign)
            for h in range(m):
                if final[h] is None:
                    continue
                if not any(all(assign[g] == a for g, a in req) for req in reqs[h]):
                    final[h] = None
            t = tuple(final)
            if t not in seen:
                seen.add(t)
                found.append(t)
                if limit is not None and len(found) > limit:
                    raise UnsupportedGameError(
                        f"ExtensiveFormGame.reduced_strategies: player "
                        f"{self._players[player]!r} has more than limit={limit} reduced "
                        "strategies")

        if m == 0:
            return [()]
        options: list = [None] * m
        pos = [0] * m
        h = 0
        options[0] = [None] if status(0) == 0 else list(range(sets[0].num_actions))
        while h >= 0:
            if pos[h] < len(options[h]):
                assign[h] = options[h][pos[h]]
                pos[h] += 1
                if h + 1 == m:
                    finish()
                else:
                    h += 1
                    options[h] = [None] if status(h) == 0 else list(range(sets[h].num_actions))
                    pos[h] = 0
            else:
                assign[h] = UNSET
                h -= 1
        return found

    def strategy_labels(self, player: int) -> tuple[str, ...]:
        """Gambit's labels of the reduced strategies (``"11"``, ``"2*"``...)."""
        strategies = self.reduced_strategies(player)
        labels = ["".join("*" if a is None else str(a + 1) for a in s) for s in strategies]
        labels = [lab if lab else "*" for lab in labels]
        if len(set(labels)) != len(labels):
            labels = _normalize_labels(labels)
        return tuple(labels)

    def _consistent(self, player: int, history: tuple) -> np.ndarray:
        """Indices of player's reduced strategies that make the moves in ``history``."""
        key = ("cons", player)
        c = self._cache
        table = c.setdefault(key, {})
        if history not in table:
            strategies = self.reduced_strategies(player)
            if not history:
                table[history] = np.arange(len(strategies), dtype=np.intp)
            elif self.is_perfect_recall:
                # with perfect recall, taking the last move implies reaching it
                mat = c.get(("smat", player))
                if mat is None:
                    mat = np.array([[-1 if a is None else a for a in s] for s in strategies],
                                   dtype=np.int64).reshape(len(strategies), -1)
                    c[("smat", player)] = mat
                g, a = history[-1]
                table[history] = np.nonzero(mat[:, g] == a)[0].astype(np.intp)
            else:
                table[history] = np.array(
                    [k for k, s in enumerate(strategies) if all(s[g] == a for g, a in history)],
                    dtype=np.intp)
        return table[history]

    def reduced_normal_form(self, *, exact: bool | None = None,
                            max_size: int = 4_000_000):
        """The reduced strategic form as a :class:`~contracts.games.normal_form.NormalFormGame`.

        Strategies are the reduced pure strategies (:meth:`reduced_strategies`) labelled as in
        Gambit; expected payoffs average over chance.

        Parameters
        ----------
        exact : bool, optional
            Fraction payoffs (default when the tree is exact) or floats.
        max_size : int
            Refuse (:class:`UnsupportedGameError`) when the payoff table would have more cells.

        Examples
        --------
        >>> from contracts.io.efg import read_efg
        >>> g = read_efg('''EFG 2 R "" { "1" "2" }
        ... p "" 1 1 "" { "S" "T" } 0
        ... t "" 1 "" { 1, 1 }
        ... p "" 2 1 "" { "E" "O" } 0
        ... t "" 2 "" { 0, 2 }
        ... t "" 3 "" { 2, 0 }''')
        >>> nf = g.reduced_normal_form()
        >>> nf.actions
        (('1', '2'), ('1', '2'))
        >>> nf.payoffs[0].tolist()
        [[Fraction(1, 1), Fraction(1, 1)], [Fraction(0, 1), Fraction(2, 1)]]
        """
        from .normal_form import NormalFormGame

        exact = self._exact if exact is None else bool(exact)
        key = ("nf", exact)
        c = self._cache
        if key in c:
            return c[key]
        n = self.num_players
        if n == 0:
            raise UnsupportedGameError("ExtensiveFormGame.reduced_normal_form: the game has no "
                                       "players")
        counts = [self.num_reduced_strategies(p) for p in range(n)]
        size = math.prod(counts)
        if size > max_size:
            raise UnsupportedGameError(
                f"ExtensiveFormGame.reduced_normal_form: the reduced normal form would have "
                f"{' x '.join(map(str, counts))} = {size} cells, more than max_size={max_size}; "
                "solve the tree with the sequence form (contracts.equilibrium.sequence_form) "
                "instead")
        strategies = [self.reduced_strategies(p, limit=None) for p in range(n)]
        shape = tuple(len(s) for s in strategies)
        reach = self._reach_chance()
        cum = self._cum_payoffs()
        leaves = [z for z in self.terminal_nodes if reach[z] != 0]
        if exact:
            # exact weights on a common denominator: integer arithmetic, then Fractions
            w = [[_as_fraction(reach[z]) * _as_fraction(cum[z][k]) for z in leaves]
                 for k in range(n)]
            den = 1
            for row in w:
                for v in row:
                    den = den * v.denominator // math.gcd(den, v.denominator)
            W = [[v.numerator * (den // v.denominator) for v in row] for row in w]
            big = max((abs(v) for row in W for v in row), default=0) * max(1, len(leaves))
            dtype = np.int64 if big < 2 ** 62 else object
            W = [np.array(row, dtype=dtype) for row in W]
        else:
            dtype = float
            W = [np.array([float(reach[z]) * float(cum[z][k]) for z in leaves])
                 for k in range(n)]
        cons = [[self._consistent(p, self._hist[z][p]) for z in leaves] for p in range(n)]
        if n == 2:
            # A = C1 diag(w) C2^T: one matrix product per player
            C = []
            for p in range(2):
                M = np.zeros((shape[p], len(leaves)), dtype=dtype)
                for j in range(len(leaves)):
                    M[cons[p][j], j] = 1
                C.append(M)
            arrays = [(C[0] * W[k][None, :]).dot(C[1].T) for k in range(2)]
        else:
            arrays = []
            for k in range(n):
                a = np.zeros(shape, dtype=dtype)
                for j in range(len(leaves)):
                    if W[k][j] != 0:
                        a[np.ix_(*[cons[p][j] for p in range(n)])] += W[k][j]
                arrays.append(a)
        if exact:
            to_frac = np.frompyfunc(lambda v: Fraction(int(v), den), 1, 1)
            arrays = [to_frac(a).astype(object) if a.size else a.astype(object)
                      for a in arrays]
        players = _normalize_labels(list(self._players)) if len(set(self._players)) != n or \
            "" in self._players else list(self._players)
        g = NormalFormGame(arrays, players=players,
                           actions=[self.strategy_labels(p) for p in range(n)], exact=exact)
        c[key] = g
        return g

    def _check_player(self, player, where: str) -> int:
        if isinstance(player, str):
            if player in self._players:
                return self._players.index(player)
            raise InvalidGameError(f"ExtensiveFormGame.{where}: no player named {player!r}; "
                                   f"players are {list(self._players)}")
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool) and \
                0 <= player < self.num_players:
            return int(player)
        raise InvalidGameError(f"ExtensiveFormGame.{where}: player must be a name or an index "
                               f"in 0..{self.num_players - 1}, got {player!r}")

    # -------------------------------------------------------------------------- sequence form
    def _seq_structure(self) -> dict:
        """Sequences of every player (perfect recall), in order of first appearance."""
        c = self._cache
        if "seq" in c:
            return c["seq"]
        self._require_recall("ExtensiveFormGame.sequence_form")
        n = self.num_players
        sequences: list = []
        index: list = []
        infoset_seq: list = []
        infoset_children: list = []
        children: list = []
        for p in range(n):
            sets = self._infosets[p]
            # the sequence leading to each information set, and the sets following a sequence
            follow: dict = {(): []}
            lead = [None] * len(sets)
            for h, s in enumerate(sets):
                hist = self._hist[s.nodes[0]][p]
                lead[h] = hist
                follow.setdefault(hist, []).append(h)
            # number the sequences in the order their last move is first met in pre-order
            # (Gambit's order)
            idx = {(): 0}
            seqs: list = [()]
            for nd in self._nodes:
                if nd.parent is not None and self._nodes[nd.parent].player == p:
                    sq = self._hist[nd.index][p]
                    if sq not in idx:
                        idx[sq] = len(seqs)
                        seqs.append(sq)
            for h, s in enumerate(sets):       # actions leading nowhere new (defensive)
                for a in range(s.num_actions):
                    sq = lead[h] + ((h, a),)
                    if sq not in idx:
                        idx[sq] = len(seqs)
                        seqs.append(sq)
            sequences.append(seqs)
            index.append(idx)
            infoset_seq.append([idx[lead[h]] for h in range(len(sets))])
            infoset_children.append([[idx[lead[h] + ((h, a),)]
                                      for a in range(sets[h].num_actions)]
                                     for h in range(len(sets))])
            children.append([follow.get(sq, []) for sq in seqs])
        c["seq"] = {"sequences": sequences, "index": index, "infoset_seq": infoset_seq,
                    "infoset_children": infoset_children, "children": children}
        return c["seq"]

    def sequence_form(self) -> SequenceForm:
        """The sequence form (needs perfect recall).

        Examples
        --------
        >>> from contracts.io.efg import read_efg
        >>> g = read_efg('''EFG 2 R "" { "1" "2" }
        ... p "" 1 1 "" { "S" "T" } 0
        ... t "" 1 "" { 1, 1 }
        ... p "" 2 1 "" { "E" "O" } 0
        ... t "" 2 "" { 0, 2 }
        ... t "" 3 "" { 2, 0 }''')
        >>> sf = g.sequence_form()
        >>> sf.labels
        (('∅', 'S', 'T'), ('∅', 'E', 'O'))
        >>> sf.constraints[0].tolist()
        [[1, 0, 0], [-1, 1, 1]]
        """
        c = self._cache
        if "sf" in c:
            return c["sf"]
        st = self._seq_structure()
        n = self.num_players
        labels, parents, constraints = [], [], []
        for p in range(n):
            seqs = st["sequences"][p]
            sets = self._infosets[p]
            labels.append(tuple("∅" if not s else ".".join(sets[h].actions[a] for h, a in s)
                                for s in seqs))
            parents.append(tuple(-1 if not s else st["index"][p][s[:-1]] for s in seqs))
            E = np.zeros((len(sets) + 1, len(seqs)), dtype=np.int64)
            E[0, 0] = 1
            for h in range(len(sets)):
                E[h + 1, st["infoset_seq"][p][h]] = -1
                for k in st["infoset_children"][p][h]:
                    E[h + 1, k] = 1
            constraints.append(E)
        reach = self._reach_chance()
        cum = self._cum_payoffs()
        payoffs: dict = {}
        mass: dict = {}
        for z in self.terminal_nodes:
            pz = reach[z]
            if pz == 0:
                continue
            key = tuple(st["index"][p][self._hist[z][p]] for p in range(n))
            pay = tuple(pz * v for v in cum[z])
            if key in payoffs:
                payoffs[key] = tuple(a + b for a, b in zip(payoffs[key], pay))
                mass[key] = mass[key] + pz
            else:
                payoffs[key] = pay
                mass[key] = pz
        sf = SequenceForm(self._players, tuple(tuple(s) for s in st["sequences"]), tuple(labels),
                          tuple(parents), tuple(tuple(x) for x in st["infoset_seq"]),
                          tuple(constraints), payoffs, mass)
        c["sf"] = sf
        return sf

    # -------------------------------------------------------------------------- behaviour
    def behavior_profile(self, data: Any) -> "BehaviorProfile":
        """A :class:`BehaviorProfile` from nested lists or from dictionaries.

        ``data[i]`` is player i's behaviour: a list with one probability vector per
        information set, or a dict ``{infoset label or index: vector}`` (missing sets are
        played uniformly). An action index instead of a vector means that action for sure.
        """
        return BehaviorProfile.from_data(self, data)

    def uniform_behavior(self) -> "BehaviorProfile":
        """Every player mixes uniformly at every information set."""
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

    def behavior_payoffs(self, behavior: Any) -> tuple:
        """Expected payoff of every player under a behaviour profile."""
        behavior = self._as_behavior(behavior, "behavior_payoffs")
        reach = self._leaf_weights(behavior)
        exact = behavior.is_exact and self._exact
        conv = _as_fraction if exact else float
        cum = self._cum_payoffs()
        tot = [conv(0)] * self.num_players
        for z in self.terminal_nodes:
            r = reach[z]
            if r == 0:
                continue
            for k in range(self.num_players):
                tot[k] = tot[k] + r * conv(cum[z][k])
        return tuple(tot)

    def best_response_values(self, behavior: Any) -> tuple:
        """Each player's best payoff against the others' behaviour (computed over the tree).

        With perfect recall this is a backward pass over the player's sequences; otherwise the
        player's reduced pure strategies are enumerated.
        """
        behavior = self._as_behavior(behavior, "best_response_values")
        exact = behavior.is_exact and self._exact
        conv = _as_fraction if exact else float
        cum = self._cum_payoffs()
        out = []
        for p in range(self.num_players):
            reach = self._leaf_weights(behavior, exclude=p)
            if self.is_perfect_recall:
                st = self._seq_structure()
                seqs = st["sequences"][p]
                val = [conv(0)] * len(seqs)
                for z in self.terminal_nodes:
                    r = reach[z]
                    if r != 0:
                        val[st["index"][p][self._hist[z][p]]] += r * conv(cum[z][p])
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
                for z in self.terminal_nodes:
                    r = reach[z]
                    if r == 0:
                        continue
                    v = r * conv(cum[z][p])
                    for k in self._consistent(p, self._hist[z][p]):
                        vals[k] += v
                out.append(max(vals))
        return tuple(out)

    def behavior_regrets(self, behavior: Any) -> tuple:
        """How much each player could gain by deviating from a behaviour profile."""
        behavior = self._as_behavior(behavior, "behavior_regrets")
        pay = self.behavior_payoffs(behavior)
        best = self.best_response_values(behavior)
        return tuple(b - v for b, v in zip(best, pay))

    def is_nash(self, behavior: Any, *, tol: float | None = None) -> bool:
        """True when no player gains more than ``tol`` by deviating (0 for exact profiles)."""
        behavior = self._as_behavior(behavior, "is_nash")
        r = self.behavior_regrets(behavior)
        limit = 0 if (behavior.is_exact and self._exact) else (
            self.default_tol() if tol is None else tol)
        return max(r, default=0) <= limit

    def default_tol(self) -> float:
        """Absolute tolerance for float comparisons, scaled by the payoff magnitude."""
        cum = self._cum_payoffs()
        scale = max((abs(float(v)) for z in self.terminal_nodes for v in cum[z]), default=1.0)
        from .._tolerance import relative_tol    # relative to the payoffs, no absolute floor
        return relative_tol(scale)

    # -------------------------------------------------------------------------- output
    def to_efg(self) -> str:
        """The game as the text of a Gambit ``.efg`` file (see :mod:`contracts.io.efg`)."""
        from ..io.efg import efg_string
        return efg_string(self)

    def to_nfg(self, title: str | None = None) -> str:
        """The reduced normal form as the text of a Gambit ``.nfg`` file."""
        return self.reduced_normal_form().to_nfg(title=self._title if title is None else title)

    def _repr_html_(self) -> str:
        import html
        return "<pre>" + html.escape(str(self)) + "</pre>"

    def __repr__(self) -> str:
        t = f" {self._title!r}" if self._title else ""
        return (f"<ExtensiveFormGame{t}: {self.num_players} players {list(self._players)}, "
                f"{len(self._nodes)} nodes, {sum(len(s) for s in self._infosets)} information "
                f"sets>")

    def __str__(self) -> str:
        lines = [repr(self)]
        depth_of = {}
        for nd in self._nodes:
            depth_of[nd.index] = nd.depth
            indent = "  " * nd.depth
            move = ""
            if nd.parent is not None:
                par = self._nodes[nd.parent]
                act = self.actions_at(par)[nd.action]
                if par.player == CHANCE:
                    p = self._chance_infosets[par.infoset].probabilities[nd.action]
                    move = f"{act} ({_fmt(p)}): "
                else:
                    move = f"{act}: "
            label = f"[{nd.label}] " if nd.label else ""
            out = ""
            if nd.outcome is not None:
                out = f" collects {self._outcomes[nd.outcome]}"
            if nd.is_terminal:
                pay = "(" + ", ".join(_fmt(v) for v in self._cum_payoffs()[nd.index]) + ")"
                lines.append(f"{indent}{move}{label}payoffs {pay}")
            elif nd.player == CHANCE:
                lines.append(f"{indent}{move}{label}chance{out}")
            else:
                s = self._infosets[nd.player][nd.infoset]
                share = f" (information set {self._infoset_name(nd.player, nd.infoset)})" \
                    if len(s.nodes) > 1 else ""
                lines.append(f"{indent}{move}{label}{self._players[nd.player]} moves{share}{out}")
        return "\n".join(lines)

    def _key(self):
        return (self._players, self._title, self._comment, self._outcomes, self._nodes,
                self._infosets, self._chance_infosets)

    def __eq__(self, other):
        if not isinstance(other, ExtensiveFormGame):
            return NotImplemented
        return self is other or self._key() == other._key()

    def __hash__(self):
        return hash((self._players, len(self._nodes), self._outcomes))

    def __reduce__(self):
        from ..io.efg import efg_string
        return (_unpickle, (efg_string(self), self._exact))


def _unpickle(text: str, exact: bool) -> ExtensiveFormGame:
    from ..io.efg import read_efg
    return read_efg(text, exact=exact)


# ----------------------------------------------------------------------------------------------
# helpers for the constructors
# ----------------------------------------------------------------------------------------------
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


def _spec_to_raw(spec, players, outcomes, where) -> _Raw:
    def on_cycle(item, path, on_path):
        name = _node_name(getattr(item, "label", ""), path)
        raise InvalidGameError(f"{where}: the tree has a cycle: node {name} contains itself "
                               "(a subtree may appear in several places, but not inside itself)")

    def make(spec, path, via, on_path):
        label = getattr(spec, "label", "")
        name = _node_name(label, path)
        if isinstance(spec, _LeafSpec):
            pay = spec.payoffs
            out = _add_outcome(outcomes, pay, spec.outcome_label, players, where, name) \
                if pay is not None else None
            return _Raw("t", label, outcome=out), []
        if isinstance(spec, _DecisionSpec):
            player = _player_index(spec.player, players, where, name)
            acts, subs = [], []
            for it in _items(spec.actions, where, name, "actions"):
                if not (isinstance(it, tuple) and len(it) == 2):
                    raise InvalidGameError(f"{where}: actions at node {name} must be "
                                           f"(label, subtree) pairs, got {it!r}")
                acts.append(str(it[0]))
                subs.append(it[1])
            if not acts:
                raise InvalidGameError(f"{where}: decision node {name} has no actions")
            key = ("__named__", spec.infoset) if spec.infoset is not None else None
            raw = _Raw("p", label, player=player, infoset_key=key,
                       infoset_label=str(spec.infoset) if spec.infoset is not None else "",
                       actions=tuple(acts))
        elif isinstance(spec, _ChanceSpec):
            acts, probs, subs = [], [], []
            for it in _items(spec.branches, where, name, "branches"):
                if isinstance(it, tuple) and len(it) == 2 and isinstance(it[1], tuple) \
                        and len(it[1]) == 2:
                    acts.append(str(it[0]))
                    probs.append(it[1][0])
                    subs.append(it[1][1])
                elif isinstance(it, tuple) and len(it) == 3:
                    acts.append(str(it[0]))
                    probs.append(it[1])
                    subs.append(it[2])
                else:
                    raise InvalidGameError(f"{where}: branches at chance node {name} must be "
                                           f"label: (probability, subtree), got {it!r}")
            if not acts:
                raise InvalidGameError(f"{where}: chance node {name} has no branches")
            key = ("__named__", spec.infoset) if spec.infoset is not None else None
            raw = _Raw("c", label, infoset_key=key,
                       infoset_label=str(spec.infoset) if spec.infoset is not None else "",
                       actions=tuple(acts), probs=tuple(probs))
        else:
            raise InvalidGameError(f"{where}: node {name} is {spec!r}; expected decision(...), "
                                   "chance(...) or leaf(...)")
        raw.outcome = _add_outcome(outcomes, spec.payoffs, spec.outcome_label, players, where,
                                   name)
        return raw, list(zip(acts, subs))

    return _walk(spec, make, id, on_cycle)


def _named_to_raw(nodes, root, players, outcomes, where) -> _Raw:
    if root not in nodes:
        raise InvalidGameError(f"{where}: the root {root!r} is not among the nodes "
                               f"{list(nodes)[:10]}")
    parent_of: dict = {root: None}
    known = {"player", "actions", "infoset", "chance", "payoffs", "outcome", "label"}

    def on_cycle(name, path, on_path):
        cyc = on_path[on_path.index(name):] + [name]
        raise InvalidGameError(f"{where}: the tree has a cycle through node {name!r}: "
                               + _ARROW.join(map(repr, cyc)))

    def make(name, path, via, on_path):
        if name not in nodes:
            raise InvalidGameError(f"{where}: node {via!r} refers to a child {name!r} that is "
                                   "not defined")
        spec = nodes[name]
        if not isinstance(spec, Mapping):
            raise InvalidGameError(f"{where}: node {name!r} must be a mapping, got {spec!r}")
        unknown = set(spec) - known
        if unknown:
            raise InvalidGameError(f"{where}: node {name!r} has unknown keys {sorted(unknown)}; "
                                   f"allowed keys are {sorted(known)}")
        label = str(spec.get("label", name))
        qname = repr(name)

        def child(cname):
            cname = str(cname)
            ancestor = cname == name or cname in on_path
            if cname in parent_of and parent_of[cname] == name and not ancestor:
                raise InvalidGameError(
                    f"{where}: node {cname!r} appears twice among the children of {name!r}; "
                    "in a tree every node has one parent")
            if cname in parent_of and not ancestor:
                raise InvalidGameError(
                    f"{where}: node {cname!r} has two parents, {parent_of[cname]!r} and "
                    f"{name!r}; in a tree every node has one parent")
            parent_of.setdefault(cname, name)
            return cname

        if "player" in spec:
            if "chance" in spec:
                raise InvalidGameError(f"{where}: node {name!r} has both 'player' and 'chance'")
            player = _player_index(spec["player"], players, where, qname)
            items = _items(spec.get("actions", {}), where, qname, "actions")
            if not items:
                raise InvalidGameError(f"{where}: decision node {name!r} has no actions")
            acts = [str(a) for a, _ in items]
            kids = [child(c) for _, c in items]
            inf = spec.get("infoset")
            raw = _Raw("p", label, player=player,
                       infoset_key=("__named__", inf) if inf is not None else None,
                       infoset_label=str(inf) if inf is not None else "", actions=tuple(acts))
        elif "chance" in spec:
            items = _items(spec["chance"], where, qname, "branches")
            if not items:
                raise InvalidGameError(f"{where}: chance node {name!r} has no branches")
            acts, probs, kids = [], [], []
            for a, v in items:
                if not (isinstance(v, (list, tuple)) and len(v) == 2):
                    raise InvalidGameError(f"{where}: branch {a!r} of chance node {name!r} "
                                           f"must be [probability, child], got {v!r}")
                acts.append(str(a))
                probs.append(v[0])
                kids.append(child(v[1]))
            inf = spec.get("infoset")
            raw = _Raw("c", label, infoset_key=("__named__", inf) if inf is not None else None,
                       infoset_label=str(inf) if inf is not None else "",
                       actions=tuple(acts), probs=tuple(probs))
        else:
            if "payoffs" not in spec:
                raise InvalidGameError(f"{where}: node {name!r} is neither a decision node "
                                       "('player'), a chance node ('chance') nor a terminal "
                                       "node ('payoffs')")
            acts, kids = [], []
            raw = _Raw("t", label)
        raw.outcome = _add_outcome(outcomes, spec.get("payoffs"), spec.get("outcome", ""),
                                   players, where, qname)
        return raw, list(zip(acts, kids))

    raw = _walk(root, make, lambda name: name, on_cycle)
    unreachable = [k for k in nodes if k not in parent_of]
    if unreachable:
        raise InvalidGameError(f"{where}: nodes {unreachable[:10]} cannot be reached from the "
                               f"root {root!r}")
    return raw


def _profile_vectors(profile, n, where) -> list:
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


# ----------------------------------------------------------------------------------------------
# builder
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Handle:
    builder_id: int
    index: int
    name: str

    def __repr__(self) -> str:
        return f"<node {self.name}>"


class TreeBuilder:
    """Grow a game tree from its root; :meth:`build` returns the immutable game.

    Create one with :meth:`ExtensiveFormGame.builder`. Node handles are returned by
    :meth:`move` and :meth:`chance` (one per action, in order).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from contracts.games.extensive_form import ExtensiveFormGame
    >>> b = ExtensiveFormGame.builder(["government", "agency"], title="tender")
    >>> good, bad = b.chance(b.root, {"competent": Fraction(2, 3), "weak": Fraction(1, 3)})
    >>> for node, pay in ((good, [(3, 2), (1, 3)]), (bad, [(2, -1), (0, 1)])):
    ...     effort, shirk = b.move(node, "agency", ["effort", "shirk"])
    ...     b.payoffs(effort, pay[0]); b.payoffs(shirk, pay[1])
    >>> g = b.build()
    >>> g.reduced_normal_form().actions[1]
    ('11', '12', '21', '22')
    """

    _ids = itertools.count()

    def __init__(self, players: Sequence[str], *, title: str = "", comment: str = ""):
        self._where = "TreeBuilder"
        self._players = _check_player_names(players, self._where)
        self._title = str(title)
        self._comment = str(comment)
        self._id = next(TreeBuilder._ids)
        self._raws: list[_Raw] = [_Raw("t", "")]
        self._names: list[str] = ["root"]
        self._outcomes: list[Outcome] = []
        self._built = False

    @property
    def root(self) -> _Handle:
        """Handle of the root node."""
        return _Handle(self._id, 0, "root")

    def _get(self, node) -> tuple[int, _Raw]:
        if not isinstance(node, _Handle) or node.builder_id != self._id:
            raise InvalidGameError(f"{self._where}: {node!r} is not a node of this builder")
        return node.index, self._raws[node.index]

    def _grow(self, node, kind, actions, **kw) -> tuple[_Handle, ...]:
        k, raw = self._get(node)
        name = self._names[k]
        if raw.kind != "t" or raw.children:
            raise InvalidGameError(f"{self._where}: node {name!r} already has a move; each node "
                                   "moves once")
        acts = tuple(str(a) for a in actions)
        if not acts:
            raise InvalidGameError(f"{self._where}: node {name!r} needs at least one action")
        if len(set(acts)) != len(acts):
            raise InvalidGameError(f"{self._where}: node {name!r} has repeated action labels "
                                   f"{list(acts)}")
        raw.kind = kind
        raw.actions = acts
        for key, v in kw.items():
            setattr(raw, key, v)
        handles = []
        for a in acts:
            child = _Raw("t", "")
            raw.children.append(child)
            self._raws.append(child)
            cname = (name + _ARROW + a) if k else a
            self._names.append(cname)
            handles.append(_Handle(self._id, len(self._raws) - 1, cname))
        return tuple(handles)

    def move(self, node: _Handle, player: str | int, actions: Sequence[str], *,
             infoset: Any = None, label: str | None = None) -> tuple[_Handle, ...]:
        """Make ``node`` a decision node of ``player``; returns one child handle per action.

        Nodes given the same ``infoset`` name form one information set.
        """
        k, raw = self._get(node)
        p = _player_index(player, self._players, self._where, repr(self._names[k]))
        if label is not None:
            raw.label = str(label)
        return self._grow(node, "p", actions, player=p,
                          infoset_key=("__named__", infoset) if infoset is not None else None,
                          infoset_label=str(infoset) if infoset is not None else "")

    def chance(self, node: _Handle, probabilities: Mapping[str, Any], *, infoset: Any = None,
               label: str | None = None) -> tuple[_Handle, ...]:
        """Make ``node`` a chance node with ``{action: probability}``; returns the children."""
        k, raw = self._get(node)
        if not isinstance(probabilities, Mapping):
            raise InvalidGameError(f"{self._where}: chance node {self._names[k]!r} needs a mapping "
                                   "{action: probability}")
        if label is not None:
            raw.label = str(label)
        return self._grow(node, "c", list(probabilities), probs=tuple(probabilities.values()),
                          infoset_key=("__named__", infoset) if infoset is not None else None,
                          infoset_label=str(infoset) if infoset is not None else "")

    def payoffs(self, node: _Handle, payoffs: Sequence, *, outcome: str = "",
                label: str | None = None) -> None:
        """Attach a payoff vector (an outcome) to ``node``; terminal nodes pay it, other nodes
        add it to every play through them."""
        k, raw = self._get(node)
        if raw.outcome is not None:
            raise InvalidGameError(f"{self._where}: node {self._names[k]!r} already has payoffs")
        if label is not None:
            raw.label = str(label)
        raw.outcome = _add_outcome(self._outcomes, payoffs, outcome, self._players, self._where,
                                   repr(self._names[k]))

    def label(self, node: _Handle, label: str) -> None:
        """Name a node."""
        _, raw = self._get(node)
        raw.label = str(label)

    def build(self, *, perfect_recall: bool = True) -> ExtensiveFormGame:
        """The finished game (validated; see :meth:`ExtensiveFormGame.from_tree`)."""
        return ExtensiveFormGame(self._players, self._raws[0], self._outcomes, title=self._title,
                                 comment=self._comment, perfect_recall=perfect_recall,
                                 where="TreeBuilder.build")


# ----------------------------------------------------------------------------------------------
# behaviour profiles
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class BehaviorProfile:
    """A behaviour strategy profile: one probability vector per information set.

    Attributes
    ----------
    game : ExtensiveFormGame
    probabilities : tuple
        ``probabilities[i][h][a]``: probability that player i takes action a at her h-th
        information set (Fractions when exact).
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
        """Build from nested lists, or per player a dict keyed by information-set label/index
        (missing sets uniform); an integer stands for that action played for sure."""
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
        return self._exact

    def __getitem__(self, player) -> tuple:
        p = self.game._check_player(player, "BehaviorProfile")
        return self.probabilities[p]

    def __iter__(self):
        return iter(self.probabilities)

    def __len__(self):
        return len(self.probabilities)

    def action_probability(self, player, infoset, action) -> Any:
        """Probability of ``action`` (label or index) at ``infoset`` (label or index)."""
        p = self.game._check_player(player, "BehaviorProfile.action_probability")
        h = _find_infoset(self.game, p, infoset, "BehaviorProfile.action_probability")
        acts = self.game.infosets[p][h].actions
        a = acts.index(action) if isinstance(action, str) else int(action)
        return self.probabilities[p][h][a]

    def as_dict(self) -> list[dict]:
        """Per player ``{"<player>:<infoset label or index>": [probabilities]}`` (the corpus
        convention: the label when there is one, otherwise the 0-based index)."""
        g = self.game
        out = []
        for p, sets in enumerate(g.infosets):
            d = {}
            for h, s in enumerate(sets):
                d[f"{g.players[p]}:{s.label if s.label else h}"] = list(self.probabilities[p][h])
            out.append(d)
        return out

    def payoffs(self) -> tuple:
        """Expected payoff of each player."""
        return self.game.behavior_payoffs(self)

    def regrets(self) -> tuple:
        """Gain from the best deviation, per player (best responses computed over the tree)."""
        return self.game.behavior_regrets(self)

    @property
    def max_regret(self):
        return max(self.regrets(), default=0)

    def is_nash(self, tol: float | None = None) -> bool:
        return self.game.is_nash(self, tol=tol)

    def to_mixed(self) -> tuple:
        """The equivalent mixed profile over reduced strategies (Kuhn's theorem)."""
        return self.game.behavior_to_mixed(self)

    def realization_plans(self) -> tuple:
        """Each player's realisation plan: probability of every sequence of theirs (in the
        order of :meth:`ExtensiveFormGame.sequence_form`)."""
        g = self.game
        st = g._seq_structure()
        out = []
        for p in range(g.num_players):
            seqs = st["sequences"][p]
            one = Fraction(1) if self._exact else 1.0
            vec = []
            for s in seqs:
                w = one
                for h, a in s:
                    w = w * self.probabilities[p][h][a]
                vec.append(w)
            out.append(np.array(vec, dtype=object if self._exact else float))
        return tuple(out)

    @classmethod
    def from_realization_plans(cls, game: ExtensiveFormGame, plans: Sequence) -> "BehaviorProfile":
        """Behaviour from realisation plans: ``b(h, a) = r(σ_h a) / Σ_b r(σ_h b)`` (uniform
        where the player's own plan never reaches ``h``)."""
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

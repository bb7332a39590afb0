"""Writing a tree as nested specifications (:func:`decision`, :func:`chance`, :func:`leaf`) or
as named nodes, and turning either into a raw tree for validation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from ...exceptions import InvalidGameError
from .parts import _ARROW
from .raw import _add_outcome, _items, _node_name, _player_index, _Raw, _walk

__all__ = ["decision", "chance", "leaf"]


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

    Returns
    -------
    spec
        The node's specification, to pass to :meth:`ExtensiveFormGame.from_tree` or to nest
        inside another :func:`decision` or :func:`chance`.

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
    label : str
        Node label.
    payoffs : sequence, optional
        An outcome collected when the play passes through this node.
    outcome : str
        Name of that outcome.

    Returns
    -------
    spec
        The node's specification (see :func:`decision`).

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
    """A terminal node for :meth:`ExtensiveFormGame.from_tree`.

    Parameters
    ----------
    *payoffs : number
        One payoff per player; ``leaf()`` with no payoffs pays everybody 0. A single sequence
        argument is accepted too: ``leaf((3, 1))`` equals ``leaf(3, 1)``.
    label : str
        Node label.
    outcome : str
        Name of the outcome that pays ``payoffs``.

    Returns
    -------
    spec
        The node's specification (see :func:`decision`).

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency", "worker"], decision("agency", {
    ...     "hire": leaf(2, 1, outcome="hired"), "wait": leaf()}))
    >>> g.node_payoffs(1), g.node_payoffs(2)
    ((Fraction(2, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(0, 1)))
    """
    if len(payoffs) == 1 and isinstance(payoffs[0], (list, tuple, np.ndarray)):
        payoffs = tuple(payoffs[0])
    return _LeafSpec(tuple(payoffs) if payoffs else None, str(label), str(outcome))


# ----------------------------------------------------------------------------------------------
# specifications and named nodes -> raw trees


# ----------------------------------------------------------------------------------------------
def _spec_to_raw(spec, players, outcomes, where) -> _Raw:
    """The raw tree of a nested specification (outcomes are appended to ``outcomes``)."""
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
    """The raw tree of named nodes (see :meth:`ExtensiveFormGame.from_nodes`)."""
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

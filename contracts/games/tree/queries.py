"""Questions about the nodes of a game tree: information sets, actions, paths, names, chance
probabilities and the payoffs collected on the way.

The functions here are methods of :class:`~contracts.games.tree.ExtensiveFormGame` (attached
there); ``self`` is the game.
"""

from __future__ import annotations

from fractions import Fraction

from ...exceptions import InvalidGameError
from .parts import _ARROW, CHANCE, InformationSet, Node

__all__: list[str] = []


def infoset(self, node: int | Node) -> InformationSet | None:
    """The information set of a node.

    Parameters
    ----------
    node : int or Node
        A node (index in pre-order, or the node itself).

    Returns
    -------
    InformationSet or None
        The node's set (a chance set at chance nodes), None at terminal nodes.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, chance, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {"pay": leaf(-1),
    ...                                                                 "hide": leaf(-3)}))
    >>> g.infoset(0).actions, g.infoset(1)      # the root's set; a leaf has none
    (('pay', 'hide'), None)
    """
    nd = self._node(node)
    if nd.player is None:
        return None
    if nd.player == CHANCE:
        return self._chance_infosets[nd.infoset]
    return self._infosets[nd.player][nd.infoset]


def actions_at(self, node: int | Node) -> tuple[str, ...]:
    """Action labels available at a node.

    Parameters
    ----------
    node : int or Node
        A node (index in pre-order, or the node itself).

    Returns
    -------
    tuple of str
        The labels, empty at terminal nodes.
    """
    s = self.infoset(node)
    return () if s is None else s.actions


def _node(self, node) -> Node:
    """The Node for an index or a Node (InvalidGameError for anything else)."""
    if isinstance(node, Node):
        return self._nodes[node.index]
    try:
        return self._nodes[int(node)]
    except (IndexError, TypeError, ValueError):
        raise InvalidGameError(f"ExtensiveFormGame: no node {node!r} (the game has "
                               f"{len(self._nodes)} nodes, numbered 0..{len(self._nodes) - 1})"
                               ) from None


def path(self, node: int | Node) -> tuple[tuple[int, int], ...]:
    """The moves leading to a node.

    Parameters
    ----------
    node : int or Node
        A node (index in pre-order, or the node itself).

    Returns
    -------
    tuple of (int, int)
        ``((node, action index), ...)`` from the root.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from contracts.games.extensive_form import ExtensiveFormGame, chance, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], chance({
    ...     "audit": (Fraction(1, 4), decision("agency", {"pay": leaf(-1), "hide": leaf(-3)})),
    ...     "none": (Fraction(3, 4), leaf(2))}))
    >>> g.path(3)
    ((0, 0), (1, 1))
    """
    nd = self._node(node)
    out = []
    while nd.parent is not None:
        out.append((nd.parent, nd.action))
        nd = self._nodes[nd.parent]
    return tuple(reversed(out))


def node_name(self, node: int | Node) -> str:
    """How a node is called in messages and reports.

    Parameters
    ----------
    node : int or Node
        A node (index in pre-order, or the node itself).

    Returns
    -------
    str
        The node's label, or the actions leading to it (``"audit → hide"``).

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, chance, decision, leaf
    >>> offer = decision("agent", {"accept": leaf(1, 1), "reject": leaf(0, 0)})
    >>> g = ExtensiveFormGame.from_tree(["principal", "agent"],
    ...                                 decision("principal", {"offer": offer, "none": leaf(0, 0)}))
    >>> g.node_name(0), g.node_name(2)
    ('root', 'offer → accept')
    """
    nd = self._node(node)
    if nd.label:
        return nd.label
    steps = [self.actions_at(p)[a] for p, a in self.path(nd)]
    return _ARROW.join(steps) if steps else "root"


def player_name(self, player: int) -> str:
    """A player's name, or ``"chance"`` for :data:`CHANCE`.

    Parameters
    ----------
    player : int
        A 0-based player index, or :data:`CHANCE`.

    Returns
    -------
    str
        The name.
    """
    return "chance" if player == CHANCE else self._players[player]


def chance_probability(self, node: int | Node):
    """Probability that nature's moves lead to a node.

    Parameters
    ----------
    node : int or Node
        A node (index in pre-order, or the node itself).

    Returns
    -------
    Fraction or float
        The product of nature's probabilities on the way (1 if nature never moves).

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, chance, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], chance({"audit": ("1/4", leaf(-1)),
    ...                                                     "none": ("3/4", leaf(2))}))
    >>> g.chance_probability(1)
    Fraction(1, 4)
    """
    nd = self._node(node)
    return self._reach_chance()[nd.index]


def _reach_chance(self) -> list:
    """Chance probability of every node (cached)."""
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

    Parameters
    ----------
    node : int or Node
        A node (index in pre-order, or the node itself).

    Returns
    -------
    tuple
        One payoff per player; at a terminal node, the play's payoff vector.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, chance, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {"work": leaf(2),
    ...                                                                 "shirk": leaf(1)}))
    >>> g.node_payoffs(0), g.node_payoffs(1)       # nothing yet at the root
    ((Fraction(0, 1),), (Fraction(2, 1),))
    """
    nd = self._node(node)
    return self._cum_payoffs()[nd.index]


def _cum_payoffs(self) -> list:
    """Payoffs collected down to every node (cached)."""
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

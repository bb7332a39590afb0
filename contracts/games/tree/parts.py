"""The parts of a game tree: nodes, information sets, outcomes, and how numbers are read.

Nodes are numbered in pre-order (the root is node 0); :data:`CHANCE` (-1) stands for nature
wherever a player index is expected. Numbers are kept exact (:class:`fractions.Fraction`) when
they are given as integers, Fractions or strings such as ``"2/3"``, and as floats otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Any

import numpy as np

from ...exceptions import InvalidGameError

__all__ = ["CHANCE", "Node", "InformationSet", "Outcome"]

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
    """``x`` as a Fraction (floats exactly as printed)."""
    if isinstance(x, Fraction):
        return x
    return Fraction(repr(float(x)))


def _fmt(x) -> str:
    """A short text for a number: Fractions as ``2/3``, floats with six significant digits."""
    if isinstance(x, Fraction):
        return str(x)
    xf = float(x)
    return str(int(xf)) if xf.is_integer() and abs(xf) < 1e15 else f"{xf:.6g}"


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

    Examples
    --------
    >>> from fractions import Fraction
    >>> from contracts.games.tree import Outcome
    >>> print(Outcome("tender won", (Fraction(3), Fraction(1, 2))))
    tender won (3, 1/2)
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

    Examples
    --------
    >>> from contracts.games.tree import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {"work": leaf(2),
    ...                                                                 "shirk": leaf(1)}))
    >>> s = g.infosets[0][0]
    >>> s.actions, s.nodes, s.is_chance
    (('work', 'shirk'), (0,), False)
    """

    player: int
    index: int
    label: str
    actions: tuple
    probabilities: tuple | None
    nodes: tuple

    @property
    def is_chance(self) -> bool:
        """True for nature's sets (and nodes)."""
        return self.player == CHANCE

    @property
    def num_actions(self) -> int:
        """Number of actions."""
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

    Examples
    --------
    >>> from contracts.games.tree import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {"work": leaf(2),
    ...                                                                 "shirk": leaf(1)}))
    >>> g.root.children, g.nodes[1].parent, g.nodes[1].is_terminal
    ((1, 2), 0, True)
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
        """True when the node has no children."""
        return not self.children

    @property
    def is_chance(self) -> bool:
        """True for nature's sets (and nodes)."""
        return self.player == CHANCE

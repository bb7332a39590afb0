"""Growing a game tree node by node (:class:`TreeBuilder`, like Gambit's ``append_move``)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from ...exceptions import InvalidGameError
from .parts import _ARROW, Outcome
from .raw import _add_outcome, _check_player_names, _player_index, _Raw

if TYPE_CHECKING:
    from .game import ExtensiveFormGame

__all__ = ["TreeBuilder"]


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

    Parameters
    ----------
    players : sequence of str
        Player names (distinct).
    title : str
        The game's title.
    comment : str
        A comment stored with the game (and written to ``.efg`` files).

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
        """Make ``node`` a decision node of ``player``.

        Parameters
        ----------
        node : handle
            A node of this builder that has no move yet.
        player : str or int
            Who moves (a name or a 0-based index).
        actions : sequence of str
            Action labels, distinct.
        infoset : hashable, optional
            Nodes given the same ``infoset`` name form one information set.
        label : str, optional
            Node label.

        Returns
        -------
        tuple of handles
            One child handle per action, in order.
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
        """Make ``node`` a chance node.

        Parameters
        ----------
        node : handle
            A node of this builder that has no move yet.
        probabilities : mapping
            ``{action: probability}``; Fractions or strings such as ``"1/3"`` stay exact.
        infoset : hashable, optional
            Chance nodes given the same name share their probabilities.
        label : str, optional
            Node label.

        Returns
        -------
        tuple of handles
            One child handle per action, in order.
        """
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
        """Attach a payoff vector (an outcome) to ``node``.

        Terminal nodes pay it; other nodes add it to every play through them.

        Parameters
        ----------
        node : handle
            A node of this builder without payoffs yet.
        payoffs : sequence
            One number per player.
        outcome : str
            Name of the outcome.
        label : str, optional
            Node label.
        """
        k, raw = self._get(node)
        if raw.outcome is not None:
            raise InvalidGameError(f"{self._where}: node {self._names[k]!r} already has payoffs")
        if label is not None:
            raw.label = str(label)
        raw.outcome = _add_outcome(self._outcomes, payoffs, outcome, self._players, self._where,
                                   repr(self._names[k]))

    def label(self, node: _Handle, label: str) -> None:
        """Name a node.

        Parameters
        ----------
        node : handle
            A node of this builder.
        label : str
            The node's label.
        """
        _, raw = self._get(node)
        raw.label = str(label)

    def build(self, *, perfect_recall: bool = True) -> "ExtensiveFormGame":
        """The finished game, validated (see :meth:`ExtensiveFormGame.from_tree`).

        Parameters
        ----------
        perfect_recall : bool
            Check that every player remembers their own past moves and information.

        Returns
        -------
        ExtensiveFormGame
            The immutable game.
        """
        from .game import ExtensiveFormGame

        return ExtensiveFormGame(self._players, self._raws[0], self._outcomes, title=self._title,
                                 comment=self._comment, perfect_recall=perfect_recall,
                                 where="TreeBuilder.build")

"""Perfect recall and subgames of a game tree.

The functions here are methods of :class:`~contracts.games.tree.ExtensiveFormGame` (attached
there); ``self`` is the game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

from ...exceptions import InvalidGameError, UnsupportedGameError
from .parts import CHANCE, Node, Outcome
from .raw import _Raw, _walk

if TYPE_CHECKING:
    from .game import ExtensiveFormGame

__all__: list[str] = []


# ----------------------------------------------------------------------------------------------
# perfect recall


# ----------------------------------------------------------------------------------------------
def _own_history(self, node: int, player: int) -> tuple:
    """Player's own ``(infoset, action)`` moves on the way to ``node`` (excluding it)."""
    return self._hist[node][player]


def _recall_violation(self) -> str | None:
    """The first place where a player forgets, in words (None with perfect recall)."""
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
    """How messages name an information set: its label, else its 1-based number."""
    s = self._infosets[player][index]
    return repr(s.label) if s.label else f"#{index + 1}"


def _node_desc(self, nid: int) -> str:
    """How messages name a node (quoted)."""
    return repr(self.node_name(nid))


def _history_text(self, player: int, hist: tuple) -> str:
    """A player's own moves, in words."""
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

    Raises
    ------
    InvalidGameError
        When a player forgets an earlier move or information of theirs, or is absent-minded.

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
    """Raise UnsupportedGameError unless the game has perfect recall."""
    if not self.is_perfect_recall:
        raise UnsupportedGameError(
            f"{where}: needs a game with perfect recall; {self._cache['recall']}")

# -------------------------------------------------------------------------- subgames


# ----------------------------------------------------------------------------------------------
# subgames


# ----------------------------------------------------------------------------------------------
def subgames(self) -> tuple[int, ...]:
    """Roots of all subgames (the root included), in pre-order.

    A non-terminal node roots a subgame when every information set that meets the subtree
    below it (the node's own set included) lies entirely inside that subtree — Gambit's
    definition; with perfect recall the root of a subgame is then alone in its set.

    Returns
    -------
    tuple of int
        Node indices of the subgame roots.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["leader", "follower"], decision("leader", {
    ...     "high": decision("follower", {"accept": leaf(2, 1), "reject": leaf(0, 0)}),
    ...     "low": decision("follower", {"accept": leaf(1, 2), "reject": leaf(0, 0)})}))
    >>> g.subgames()
    (0, 1, 4)
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
    """For each node, one past the last pre-order index of its subtree."""
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

    Returns
    -------
    ExtensiveFormGame
        The subgame; outcomes met above ``node`` are not included.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["leader", "follower"], decision("leader", {
    ...     "high": decision("follower", {"accept": leaf(2, 1), "reject": leaf(0, 0)}),
    ...     "low": decision("follower", {"accept": leaf(1, 2), "reject": leaf(0, 0)})}))
    >>> g.subgame(1).num_nodes
    3
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
    game = type(self)(self._players, raw, outcomes, title=self._title,
                             where="ExtensiveFormGame.subgame")
    return game, visit

"""The game tree itself: :class:`ExtensiveFormGame`.

The class keeps the tree's data (players, nodes, information sets, outcomes), its constructors
and its text forms; its other methods are written in the modules of this package, one topic
each, and attached here:

* :mod:`~contracts.games.tree.queries` — information sets, actions, paths and names of nodes,
  chance probabilities, payoffs collected on the way;
* :mod:`~contracts.games.tree.recall` — perfect recall and subgames;
* :mod:`~contracts.games.tree.strategies` — reduced strategies and the reduced normal form;
* :mod:`~contracts.games.tree.sequences` — the sequence form;
* :mod:`~contracts.games.tree.evaluation` — behaviour profiles, payoffs, best responses,
  regrets and Kuhn's conversions.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ...exceptions import InvalidGameError
from . import evaluation as _evaluation
from . import queries as _queries
from . import recall as _recall
from . import sequences as _sequences
from . import strategies as _strategies
from .builder import TreeBuilder
from .parts import CHANCE, InformationSet, Node, Outcome, _fmt, _number
from .raw import _assemble, _check_player_names, _Raw
from .specs import _named_to_raw, _spec_to_raw

__all__ = ["ExtensiveFormGame"]


class ExtensiveFormGame:
    """An immutable finite game tree.

    Build one with :meth:`from_tree`, :meth:`builder` or :meth:`from_nodes`, or read a Gambit
    ``.efg`` file with :func:`contracts.io.efg.read_efg`; the constructor itself takes the raw
    tree those produce.

    Parameters
    ----------
    players : sequence of str
        Player names.
    root : raw node
        The raw tree (built by the constructors above, not by hand).
    outcomes : sequence of Outcome
        The outcomes that nodes refer to by index.
    title : str
        The game's title.
    comment : str
        A comment stored with the game.
    perfect_recall : bool
        Check that every player remembers their own past moves and information.
    where : str
        Name of the calling function, used in error messages.

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

    _assemble = _assemble

    # -- public constructors ----------------------------------------------------------------
    @classmethod
    def builder(cls, players: Sequence[str], *, title: str = "",
                comment: str = "") -> "TreeBuilder":
        """A :class:`TreeBuilder` that grows a tree from its root, node by node.

        Parameters
        ----------
        players : sequence of str
            Player names (distinct).
        title : str
            The game's title.
        comment : str
            A comment stored with the game.

        Returns
        -------
        TreeBuilder
            An empty tree whose root is ``builder.root``.

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
        title : str
            The game's title (written to ``.efg`` files).
        comment : str
            A comment stored with the game (written to ``.efg`` files).
        perfect_recall : bool
            Check that every player remembers their own past moves and information (default);
            ``False`` allows games such as the absent-minded driver.

        Returns
        -------
        ExtensiveFormGame
            The validated game.

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

        Parameters
        ----------
        players : sequence of str
            Player names (distinct).
        nodes : mapping
            ``{name: node}`` as above.
        root : str
            Name of the root node.
        title : str
            The game's title.
        comment : str
            A comment stored with the game.
        perfect_recall : bool
            Check that every player remembers their own past moves and information.

        Returns
        -------
        ExtensiveFormGame
            The validated game.

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
        """Number of players (nature not counted)."""
        return len(self._players)

    @property
    def title(self) -> str:
        """The game's title."""
        return self._title

    @property
    def comment(self) -> str:
        """The comment stored with the game."""
        return self._comment

    @property
    def nodes(self) -> tuple[Node, ...]:
        """All nodes in pre-order (``nodes[0]`` is the root)."""
        return self._nodes

    @property
    def root(self) -> Node:
        """The root node."""
        return self._nodes[0]

    @property
    def num_nodes(self) -> int:
        """Number of nodes."""
        return len(self._nodes)

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """The outcomes (named payoff vectors) that nodes refer to."""
        return self._outcomes

    @property
    def infosets(self) -> tuple[tuple[InformationSet, ...], ...]:
        """``infosets[i]``: player i's information sets, in order of first appearance."""
        return self._infosets

    @property
    def chance_infosets(self) -> tuple[InformationSet, ...]:
        """Nature's information sets, with their probabilities."""
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

    @property
    def is_perfect_information(self) -> bool:
        """True when every information set of every player has a single node."""
        return all(len(s.nodes) == 1 for sets in self._infosets for s in sets)


    # -------------------------------------------------------------------------- the methods
    # written in the package's modules, one topic each
    infoset = _queries.infoset
    actions_at = _queries.actions_at
    path = _queries.path
    node_name = _queries.node_name
    player_name = _queries.player_name
    chance_probability = _queries.chance_probability
    node_payoffs = _queries.node_payoffs
    _node = _queries._node
    _reach_chance = _queries._reach_chance
    _cum_payoffs = _queries._cum_payoffs

    is_perfect_recall = _recall.is_perfect_recall
    check_perfect_recall = _recall.check_perfect_recall
    subgames = _recall.subgames
    subgame = _recall.subgame
    _own_history = _recall._own_history
    _recall_violation = _recall._recall_violation
    _infoset_name = _recall._infoset_name
    _node_desc = _recall._node_desc
    _history_text = _recall._history_text
    _require_recall = _recall._require_recall
    _subtree_end = _recall._subtree_end
    _subgame_with_map = _recall._subgame_with_map

    num_reduced_strategies = _strategies.num_reduced_strategies
    reduced_strategies = _strategies.reduced_strategies
    strategy_labels = _strategies.strategy_labels
    reduced_normal_form = _strategies.reduced_normal_form
    _reachability = _strategies._reachability
    _reduced_strategies_recall = _strategies._reduced_strategies_recall
    _reduced_strategies_search = _strategies._reduced_strategies_search
    _consistent = _strategies._consistent
    _check_player = _strategies._check_player

    sequence_form = _sequences.sequence_form
    _seq_structure = _sequences._seq_structure

    behavior_profile = _evaluation.behavior_profile
    uniform_behavior = _evaluation.uniform_behavior
    mixed_to_behavior = _evaluation.mixed_to_behavior
    behavior_to_mixed = _evaluation.behavior_to_mixed
    behavior_payoffs = _evaluation.behavior_payoffs
    best_response_values = _evaluation.best_response_values
    behavior_regrets = _evaluation.behavior_regrets
    is_nash = _evaluation.is_nash
    default_tol = _evaluation.default_tol
    _as_behavior = _evaluation._as_behavior
    _leaf_weights = _evaluation._leaf_weights

    # -------------------------------------------------------------------------- output
    def to_efg(self) -> str:
        """The game as the text of a Gambit ``.efg`` file (see :mod:`contracts.io.efg`).

        Returns
        -------
        str
            The file's text.
        """
        from ...io.efg import efg_string
        return efg_string(self)

    def to_nfg(self, title: str | None = None) -> str:
        """The reduced normal form as the text of a Gambit ``.nfg`` file.

        Parameters
        ----------
        title : str, optional
            The file's title (default: the game's).

        Returns
        -------
        str
            The file's text.
        """
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
        from ...io.efg import efg_string
        return (_unpickle, (efg_string(self), self._exact))


def _unpickle(text: str, exact: bool) -> ExtensiveFormGame:
    """Rebuild a pickled game from its ``.efg`` text."""
    from ...io.efg import read_efg
    return read_efg(text, exact=exact)

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

Modules
-------
:mod:`~.game` (the class, its constructors and text forms), :mod:`~.parts` (nodes, information
sets, outcomes), :mod:`~.specs` (nested and named specifications), :mod:`~.builder`,
:mod:`~.raw` (validation), :mod:`~.queries` (questions about nodes), :mod:`~.recall` (perfect
recall, subgames), :mod:`~.strategies` (reduced strategies and normal form), :mod:`~.sequences`
(sequence form), :mod:`~.behavior` and :mod:`~.evaluation` (behaviour profiles, payoffs,
regrets, Kuhn's conversions).

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

from .behavior import BehaviorProfile
from .builder import TreeBuilder
from .game import ExtensiveFormGame
from .parts import CHANCE, InformationSet, Node, Outcome
from .sequences import SequenceForm
from .specs import chance, decision, leaf

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

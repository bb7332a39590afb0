"""ExtensiveFormGame: constructors, validation, reduced normal form, sequence form, strategies."""

from __future__ import annotations

import pathlib
import pickle
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.exceptions import InvalidGameError, UnsupportedGameError
from contracts.games.extensive_form import (CHANCE, BehaviorProfile, ExtensiveFormGame, chance,
                                            decision, leaf)
from contracts.io.efg import read_efg

from conftest import load_corpus

GAMBIT = pathlib.Path(__file__).parents[1] / "data" / "corpus" / "gambit"
EXTENSIVE = [c for c in load_corpus() if c["category"] == "nash_extensive"]
F = Fraction


def corpus_file(case) -> pathlib.Path:
    return GAMBIT / case["gambit_file"].split("gambit_games/")[1]


def poker_spec():
    """Reiley et al. (2008) stripped-down poker, written as a nested specification."""
    def bob(win_big, lose_big):
        return decision("Bob", {"Call": leaf(*win_big), "Fold": leaf(1, -1)},
                        infoset="Bob's response")
    return chance({
        "King": (F(1, 2), decision("Alice", {"Bet": bob((2, -2), None), "Fold": leaf(-1, 1)},
                                   infoset="Alice has King")),
        "Queen": (F(1, 2), decision("Alice", {"Bet": bob((-2, 2), None), "Fold": leaf(-1, 1)},
                                    infoset="Alice has Queen"))}, label="Deal")


# ----------------------------------------------------------------------------------------------
# three ways to build the same tree
# ----------------------------------------------------------------------------------------------
def build_poker_with_builder() -> ExtensiveFormGame:
    b = ExtensiveFormGame.builder(["Alice", "Bob"])
    king, queen = b.chance(b.root, {"King": F(1, 2), "Queen": F(1, 2)}, label="Deal")
    for card, big in ((king, (2, -2)), (queen, (-2, 2))):
        bet, fold = b.move(card, "Alice", ["Bet", "Fold"], infoset=f"Alice has "
                           f"{'King' if card is king else 'Queen'}")
        b.payoffs(fold, (-1, 1))
        call, bob_folds = b.move(bet, "Bob", ["Call", "Fold"], infoset="Bob's response")
        b.payoffs(call, big)
        b.payoffs(bob_folds, (1, -1))
    return b.build()


def build_poker_from_nodes() -> ExtensiveFormGame:
    nodes = {"root": {"chance": {"King": ["1/2", "K"], "Queen": ["1/2", "Q"]}, "label": "Deal"}}
    for card, big in (("K", (2, -2)), ("Q", (-2, 2))):
        name = "King" if card == "K" else "Queen"
        nodes[card] = {"player": "Alice", "actions": {"Bet": card + "b", "Fold": card + "f"},
                       "infoset": f"Alice has {name}", "label": ""}
        nodes[card + "f"] = {"payoffs": [-1, 1], "label": ""}
        nodes[card + "b"] = {"player": "Bob", "actions": {"Call": card + "c", "Fold": card + "x"},
                             "infoset": "Bob's response", "label": ""}
        nodes[card + "c"] = {"payoffs": list(big), "label": ""}
        nodes[card + "x"] = {"payoffs": [1, -1], "label": ""}
    return ExtensiveFormGame.from_nodes(["Alice", "Bob"], nodes)


def tree_shape(g):
    """Everything about a tree except how its outcomes are numbered."""
    return (g.players, [(n.label, n.parent, n.action, n.children, n.player, n.infoset)
                        for n in g.nodes], g.infosets, g.chance_infosets,
            [g.node_payoffs(z) for z in g.terminal_nodes])


def test_three_constructors_build_the_same_tree():
    a = ExtensiveFormGame.from_tree(["Alice", "Bob"], poker_spec())
    b = build_poker_with_builder()
    c = build_poker_from_nodes()
    assert tree_shape(a) == tree_shape(b) == tree_shape(c)
    assert a == c          # same outcome numbering too
    assert a.num_nodes == 11 and len(a.terminal_nodes) == 6
    assert [s.label for s in a.infosets[0]] == ["Alice has King", "Alice has Queen"]
    assert a.infosets[1][0].nodes == (2, 7)
    assert a.is_perfect_recall and not a.is_perfect_information and a.is_exact


def test_code_and_file_give_the_same_reduced_normal_form():
    ours = ExtensiveFormGame.from_tree(["Alice", "Bob"], poker_spec())
    file = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg")
    a, b = ours.reduced_normal_form(), file.reduced_normal_form()
    assert a.actions == b.actions
    for x, y in zip(a.payoffs, b.payoffs):
        assert np.array_equal(x, y)


def test_node_queries():
    g = ExtensiveFormGame.from_tree(["Alice", "Bob"], poker_spec())
    bob_after_queen = g.infosets[1][0].nodes[1]
    assert g.node_name(bob_after_queen) == "Queen → Bet"
    assert g.actions_at(bob_after_queen) == ("Call", "Fold")
    assert g.chance_probability(bob_after_queen) == F(1, 2)
    assert g.path(bob_after_queen) == ((0, 1), (6, 0))
    assert g.root.player == CHANCE and g.root.label == "Deal"
    assert g.node_payoffs(g.terminal_nodes[0]) == (2, -2)
    with pytest.raises(InvalidGameError, match="no node"):
        g.node_name(99)


def test_immutable_printable_and_picklable():
    g = ExtensiveFormGame.from_tree(["Alice", "Bob"], poker_spec(), title="poker")
    with pytest.raises(AttributeError):
        g.title = "x"
    text = str(g)
    assert "Alice moves (information set 'Alice has King')" not in text   # singleton sets
    assert "Bob moves (information set \"Bob's response\")" in text
    assert "King (1/2): Alice moves" in text and "payoffs (2, -2)" in text
    assert repr(g).startswith("<ExtensiveFormGame 'poker': 2 players")
    assert pickle.loads(pickle.dumps(g)) == g
    assert g.to_efg().startswith('EFG 2 R "poker" { "Alice" "Bob" }')


def test_nonterminal_outcomes_add_up():
    g = ExtensiveFormGame.from_tree(["gov", "agency"], decision("gov", {
        "tender": decision("agency", {"bid": leaf(2, 1), "pass": leaf(0, 0)}, payoffs=(-1, 0),
                           outcome="tender cost"),
        "in-house": leaf(1, -1)}))
    nf = g.reduced_normal_form()
    assert nf.payoffs[0].tolist() == [[1, -1], [1, 1]]
    assert nf.payoffs[1].tolist() == [[1, 0], [-1, -1]]


def test_float_games_stay_floating_point():
    g = ExtensiveFormGame.from_tree(["a", "b"], decision("a", {
        "l": chance({"u": (0.25, leaf(1.5, 0)), "d": (0.75, leaf(0, 2))}),
        "r": leaf(0.1, 0.2)}))
    assert not g.is_exact
    nf = g.reduced_normal_form()
    assert not nf.is_exact and nf.payoffs[0][0, 0] == pytest.approx(0.375)
    assert g.reduced_normal_form(exact=True).payoffs[0][1, 0] == F(1, 10)


# ----------------------------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------------------------
def test_cycle_in_nested_spec_is_reported():
    actions: dict = {}
    spec = decision("a", actions)
    actions["x"] = spec
    with pytest.raises(InvalidGameError, match="cycle: node 'x' contains itself"):
        ExtensiveFormGame.from_tree(["a"], spec)


def test_shared_subtree_is_not_a_cycle():
    sub = decision("b", {"y": leaf(1, 1), "n": leaf(0, 0)})
    g = ExtensiveFormGame.from_tree(["a", "b"], decision("a", {"l": sub, "r": sub}))
    assert g.num_nodes == 7


@pytest.mark.parametrize("nodes, message", [
    ({"root": {"player": "a", "actions": {"x": "n1"}},
      "n1": {"player": "a", "actions": {"y": "root"}}},
     "cycle through node 'root': 'root' → 'n1' → 'root'"),
    ({"root": {"player": "a", "actions": {"x": "n1", "y": "n2"}},
      "n1": {"player": "a", "actions": {"z": "n2"}}, "n2": {"payoffs": [1]}},
     "node 'n2' has two parents, 'root' and 'n1'"),
    ({"root": {"player": "a", "actions": {"x": "n1", "y": "n1"}}, "n1": {"payoffs": [1]}},
     "appears twice among the children of 'root'"),
    ({"root": {"player": "a", "actions": {"x": "n1"}}, "n1": {"payoffs": [1]},
      "n2": {"payoffs": [0]}}, "nodes ['n2'] cannot be reached"),
    ({"root": {"player": "a", "actions": {"x": "ghost"}}}, "child 'ghost' that is not defined"),
    ({"root": {"player": "a", "actions": {}}}, "has no actions"),
    ({"root": {"label": "lonely"}}, "neither a decision node"),
    ({"root": {"payoffs": [1], "colour": "red"}}, "unknown keys ['colour']"),
    ({"start": {"payoffs": [1]}}, "the root 'root' is not among the nodes"),
])
def test_malformed_named_trees(nodes, message):
    with pytest.raises(InvalidGameError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]")):
        ExtensiveFormGame.from_nodes(["a"], nodes)


@pytest.mark.parametrize("spec, message", [
    (chance({"u": ("1/2", leaf(1)), "d": ("1/3", leaf(0))}),
     "probabilities at chance node 'root' sum to 5/6, expected exactly 1"),
    (chance({"u": (0.5, leaf(1)), "d": (0.6, leaf(0))}), "sum to 1.1, expected 1"),
    (chance({"u": ("-1/2", leaf(1)), "d": ("3/2", leaf(0))}), "negative probability -1/2"),
    (chance({"u": (float("nan"), leaf(1)), "d": (1, leaf(0))}), "must be finite"),
    (chance({}), "has no branches"),
    (decision("a", {"x": leaf(1, 2)}), "has 2 payoffs; expected 1"),
    (decision("boss", {"x": leaf(1)}), "'boss', who is not a player"),
    (decision("a", {"x": leaf("one")}), "cannot read 'one' as a number"),
    (decision("a", {"x": leaf(True)}), "boolean"),
    ("not a node", "expected decision"),
])
def test_malformed_nested_specs(spec, message):
    with pytest.raises(InvalidGameError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ExtensiveFormGame.from_tree(["a"], spec)


def test_information_set_mixing_players():
    spec = decision("a", {
        "l": decision("a", {"x": leaf(1, 1), "y": leaf(0, 0)}, infoset="I"),
        "r": decision("b", {"x": leaf(1, 1), "y": leaf(0, 0)}, infoset="I")})
    with pytest.raises(InvalidGameError, match="information set 'I' mixes players: node 'l' "
                                               "belongs to 'a' but node 'r' to 'b'"):
        ExtensiveFormGame.from_tree(["a", "b"], spec)


@pytest.mark.parametrize("other", [{"x": leaf(1, 1), "z": leaf(0, 0)},
                                   {"x": leaf(1, 1), "y": leaf(0, 0), "z": leaf(2, 2)}])
def test_information_set_with_different_actions(other):
    spec = decision("a", {
        "l": decision("b", {"x": leaf(1, 1), "y": leaf(0, 0)}, infoset="I"),
        "r": decision("b", other, infoset="I")})
    with pytest.raises(InvalidGameError, match="information set 'I' has different action sets: "
                                               r"node 'l' offers \['x', 'y'\]"):
        ExtensiveFormGame.from_tree(["a", "b"], spec)


def test_chance_sets_must_agree():
    spec = decision("a", {"l": chance({"u": ("1/2", leaf(1)), "d": ("1/2", leaf(0))}, infoset="N"),
                          "r": chance({"u": ("1/3", leaf(1)), "d": ("2/3", leaf(0))}, infoset="N")})
    with pytest.raises(InvalidGameError, match="share chance set 'N' but give different"):
        ExtensiveFormGame.from_tree(["a"], spec)


def test_imperfect_recall_is_reported_with_the_nodes():
    # the government forgets whether it tendered or not
    spec = decision("gov", {
        "tender": decision("gov", {"audit": leaf(0, 1), "trust": leaf(1, 0)}, infoset="later"),
        "in-house": decision("gov", {"audit": leaf(1, 1), "trust": leaf(2, 0)}, infoset="later")})
    with pytest.raises(InvalidGameError, match=r"player 'gov' does not have perfect recall at "
                       r"information set 'later': node 'tender' is reached after their moves "
                       r"\(tender at #1\) but node 'in-house' after their moves \(in-house"):
        ExtensiveFormGame.from_tree(["gov", "agency"], spec)
    g = ExtensiveFormGame.from_tree(["gov", "agency"], spec, perfect_recall=False)
    assert not g.is_perfect_recall
    with pytest.raises(UnsupportedGameError, match="perfect recall"):
        g.sequence_form()


def test_absent_minded_driver():
    spec = decision("driver", {"exit": leaf(0), "continue": decision(
        "driver", {"exit": leaf(4), "continue": leaf(1)}, infoset="I")}, infoset="I")
    with pytest.raises(InvalidGameError, match="absent-minded at information set 'I'"):
        ExtensiveFormGame.from_tree(["driver"], spec)
    g = ExtensiveFormGame.from_tree(["driver"], spec, perfect_recall=False)
    nf = g.reduced_normal_form()      # a pure strategy picks one action at both nodes
    assert nf.actions == (("1", "2"),) and nf.payoffs[0].tolist() == [0, 1]


def test_builder_errors():
    b = ExtensiveFormGame.builder(["a", "b"])
    x, y = b.move(b.root, "a", ["x", "y"])
    with pytest.raises(InvalidGameError, match="node 'root' already has a move"):
        b.move(b.root, "b", ["u"])
    with pytest.raises(InvalidGameError, match="repeated action labels"):
        b.move(x, "b", ["u", "u"])
    with pytest.raises(InvalidGameError, match="is not a player"):
        b.move(x, "c", ["u"])
    b.payoffs(y, [1, 2])
    with pytest.raises(InvalidGameError, match="already has payoffs"):
        b.payoffs(y, [1, 2])
    other = ExtensiveFormGame.builder(["a"])
    with pytest.raises(InvalidGameError, match="not a node of this builder"):
        other.move(x, "a", ["u"])
    with pytest.raises(InvalidGameError, match="names must be distinct"):
        ExtensiveFormGame.builder(["a", "a"])


# ----------------------------------------------------------------------------------------------
# reduced normal form against the corpus
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", EXTENSIVE, ids=lambda c: c["name"])
def test_reduced_normal_form_matches_corpus(case):
    g = read_efg(corpus_file(case))
    nf = g.reduced_normal_form()
    assert [list(a) for a in nf.actions] == case["strategy_labels"]      # Gambit's labels
    A, B = (np.array([[F(v) for v in row] for row in M], dtype=object) for M in case["payoffs"])
    assert np.array_equal(nf.payoffs[0], A) and np.array_equal(nf.payoffs[1], B)
    assert nf.is_exact


def test_reduced_normal_form_matches_pygambit_on_corpus_files():
    gbt = pytest.importorskip("pygambit")
    names = ["contrib/cent3.efg", "contrib/bayes1a.efg", "contrib/condjury.efg",
             "tests/reduction_generic_payoffs.efg", "tests/3_player_with_nonterm_outcomes.efg",
             "catalog/books__shohamleytonbrown2008__fig5_10.efg", "contrib/montyhal.efg"]
    for name in names:
        ours = read_efg(GAMBIT / name)
        theirs = gbt.read_efg(str(GAMBIT / name))
        nf = ours.reduced_normal_form()
        assert [list(a) for a in nf.actions] == [[s.label for s in p.strategies]
                                                 for p in theirs.players], name
        for a, b in zip(nf.payoffs, theirs.to_arrays(dtype=Fraction)):
            assert np.array_equal(a, np.asarray(b, dtype=object)), name


def test_subgames_match_pygambit():
    gbt = pytest.importorskip("pygambit")
    for name in ["tests/subgames.efg", "tests/subgame-8-roots.efg",
                 "tests/perfect_info_with_chance.efg", "tests/entry_accommodation.efg",
                 "tests/noPR-action-AM.efg", "contrib/cent2.efg"]:
        ours = read_efg(GAMBIT / name)
        theirs = gbt.read_efg(str(GAMBIT / name))
        nodes = list(theirs.nodes)
        assert set(ours.subgames()) == {nodes.index(s.root) for s in theirs.subgames}, name


def test_too_large_normal_form_is_refused():
    g = read_efg(GAMBIT / "contrib" / "ttt.efg")
    assert g.num_reduced_strategies(1) == 668360            # Gambit counts the same
    with pytest.raises(UnsupportedGameError, match="sequence form"):
        g.reduced_normal_form()
    with pytest.raises(UnsupportedGameError, match="limit"):
        g.reduced_strategies(1, limit=1000)


def test_players_without_moves_get_gambit_label():
    g = read_efg(GAMBIT / "tests" / "AM-driver-one-infoset.efg")
    assert g.strategy_labels(1) == ("*",)


# ----------------------------------------------------------------------------------------------
# sequence form and strategy conversions
# ----------------------------------------------------------------------------------------------
def test_sequence_form_of_poker():
    g = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg")
    sf = g.sequence_form()
    assert sf.labels == (("∅", "Bet", "Fold", "Bet", "Fold"), ("∅", "Call", "Fold"))
    assert sf.constraints[0].tolist() == [[1, 0, 0, 0, 0], [-1, 1, 1, 0, 0], [-1, 0, 0, 1, 1]]
    A, B = sf.payoff_matrices()
    assert A[1, 1] == 1 and A[1, 2] == F(1, 2) and A[2, 0] == F(-1, 2) and A[3, 1] == -1
    assert (A + B == 0).all()


def test_mixed_behavior_round_trip_on_corpus_equilibria():
    for case in EXTENSIVE:
        g = read_efg(corpus_file(case))
        nf = g.reduced_normal_form()
        for eq in case["equilibria"]:
            mixed = [np.array([F(v) for v in s], dtype=object) for s in eq]
            beh = g.mixed_to_behavior(mixed)
            assert beh.is_nash(), case["name"]
            # the behaviour profile gives the same payoffs as the mixed profile
            assert g.behavior_payoffs(beh) == nf._expected_payoffs(tuple(mixed))


def _random_profile(draw, g):
    rows = []
    for sets in g.infosets:
        vecs = []
        for s in sets:
            w = [draw(st.integers(0, 4)) for _ in s.actions]
            if sum(w) == 0:
                w[0] = 1
            vecs.append(tuple(F(x, sum(w)) for x in w))
        rows.append(tuple(vecs))
    return BehaviorProfile(g, tuple(rows))


PROPERTY_GAMES = [read_efg(GAMBIT / n)
                  for n in ("contrib/cent2.efg", "contrib/bayes1a.efg",
                            "tests/entry_accommodation.efg", "contrib/e07.efg")]


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_kuhn_behavior_to_mixed_and_back(data):
    g = data.draw(st.sampled_from(PROPERTY_GAMES))
    b = _random_profile(data.draw, g)
    mixed = g.behavior_to_mixed(b)
    assert all(sum(v) == 1 for v in mixed)
    nf = g.reduced_normal_form()
    # outcome equivalence: same expected payoffs
    assert nf._expected_payoffs(tuple(mixed)) == g.behavior_payoffs(b)
    back = g.mixed_to_behavior(mixed)
    # realisation plans agree (behaviour can differ only where the player never arrives)
    for r1, r2 in zip(b.realization_plans(), back.realization_plans()):
        assert list(r1) == list(r2)
    # regrets are non-negative and the best response value dominates
    assert all(r >= 0 for r in g.behavior_regrets(b))


def test_behavior_profile_input_forms_and_errors():
    g = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg")
    b = g.behavior_profile([{"Alice has King": "Bet", "Alice has Queen": [F(1, 3), F(2, 3)]},
                            {0: [F(2, 3), F(1, 3)]}])
    assert b.probabilities[0][0] == (1, 0)
    assert b.action_probability("Bob", "Bob's response", "Call") == F(2, 3)
    assert b.is_nash() and b.payoffs() == (F(1, 3), F(-1, 3))
    assert "Alice at 'Alice has Queen': Bet=1/3, Fold=2/3" in str(b)
    assert b.as_dict()[1] == {"Bob:Bob's response": [F(2, 3), F(1, 3)]}
    with pytest.raises(InvalidGameError, match="sum to 5/6"):
        g.behavior_profile([[(1, 0), (F(1, 2), F(1, 3))], [(1, 0)]])
    with pytest.raises(InvalidGameError, match="negative probability"):
        g.behavior_profile([[(1, 0), (2, -1)], [(1, 0)]])
    with pytest.raises(InvalidGameError, match="has 2 actions, got 3"):
        g.behavior_profile([[(1, 0), (1, 0, 0)], [(1, 0)]])
    with pytest.raises(InvalidGameError, match="no information set 'Jack'"):
        g.behavior_profile([{"Jack": 0}, {}])
    with pytest.raises(InvalidGameError, match="expected 2 players"):
        g.behavior_profile([[(1, 0), (1, 0)]])
    u = g.uniform_behavior()
    assert u.probabilities[1][0] == (F(1, 2), F(1, 2))
    assert not u.is_nash()

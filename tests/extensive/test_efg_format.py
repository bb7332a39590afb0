"""Reading and writing Gambit .efg files: every corpus file round-trips losslessly."""

from __future__ import annotations

import io
import pathlib
from fractions import Fraction

import pytest

from contracts.exceptions import FormatError, InvalidGameError
from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
from contracts.io.efg import format_efg_number, read_efg, efg_string

GAMBIT = pathlib.Path(__file__).parents[1] / "data" / "corpus" / "gambit"
EFG_FILES = sorted(GAMBIT.glob("*/*.efg"))


def test_the_corpus_has_efg_files():
    assert len(EFG_FILES) == 173


@pytest.mark.parametrize("path", EFG_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_round_trips(path):
    g = read_efg(path)
    text = efg_string(g)
    g2 = read_efg(text)
    assert g2 == g
    assert efg_string(g2) == text          # the written form is a fixed point
    # every label and number of the original survives
    assert g2.players == g.players and g2.title == g.title and g2.comment == g.comment
    assert [n.label for n in g2.nodes] == [n.label for n in g.nodes]
    assert g2.outcomes == g.outcomes
    assert all(isinstance(v, Fraction) for o in g2.outcomes for v in o.payoffs)


def test_round_trip_keeps_exact_decimals_and_labels():
    text = r'''EFG 2 R "A \"quoted\" title" { "Player 1" "Player 2" }
"a comment
over two lines"

c "ROOT" 1 "(0,1)" { "1G" 0.500000 "1B" 1/2 } 0
p "" 1 1 "(1,1)" { "H" "L" } 1 "fee" { -.5, 1e-2 }
t "" 2 "Outcome 2" { 10.000000 2 }
t "leaf" 3 "back\\slash" { 1/3, -7.25 }
p "" 1 1 0
t "" 2
t "" 0
'''
    g = read_efg(text)
    assert g.title == 'A "quoted" title'
    assert g.comment == "a comment\nover two lines"
    assert g.chance_infosets[0].probabilities == (Fraction(1, 2), Fraction(1, 2))
    assert (g.outcomes[0].label, g.outcomes[0].payoffs) == ("fee", (Fraction(-1, 2),
                                                                   Fraction(1, 100)))
    assert g.outcomes[2].label == "back\\slash"
    # the payoff of a play sums the outcomes met on the way (Gambit's convention)
    leaf_z = next(n for n in g.nodes if n.label == "leaf")
    assert g.node_payoffs(leaf_z.index) == (Fraction(1, 3) - Fraction(1, 2),
                                            Fraction(-29, 4) + Fraction(1, 100))
    # a repeated information set without its label and actions
    assert len(g.infosets[0][0].nodes) == 2
    g2 = read_efg(efg_string(g))
    assert g2 == g


def test_read_from_path_string_file_object_and_bytes(tmp_path):
    g = read_efg(EFG_FILES[0])
    p = tmp_path / "g.efg"
    p.write_text(efg_string(g))
    assert read_efg(str(p)) == g
    assert read_efg(p.read_bytes()) == g
    with open(p) as fh:
        assert read_efg(fh) == g
    assert read_efg(io.StringIO(efg_string(g))) == g
    with pytest.raises(FileNotFoundError):
        read_efg(str(tmp_path / "missing.efg"))


def test_gambit_module_forwards_to_efg():
    from contracts.io import gambit
    g = gambit.read_efg(EFG_FILES[0])
    assert gambit.efg_string(g) == efg_string(g)


def test_inexact_read_gives_floats():
    g = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg", exact=False)
    assert not g.is_exact
    assert g.outcomes[0].payoffs == (2.0, -2.0)
    assert g.chance_infosets[0].probabilities == (0.5, 0.5)


def test_write_numbers_exactly():
    assert [format_efg_number(v) for v in (Fraction(4, 5), Fraction(-1, 3), 3, 2.5, 1e-20)] == \
        ["0.8", "-1/3", "3", "2.5", "1e-20"]
    g = ExtensiveFormGame.from_tree(["a"], decision("a", {"x": leaf(Fraction(2, 7)),
                                                          "y": leaf(0.1)}))
    g2 = read_efg(efg_string(g))
    assert g2.outcomes[0].payoffs == (Fraction(2, 7),)
    assert g2.outcomes[1].payoffs == (Fraction(1, 10),)   # a float reads back as its decimal


@pytest.mark.parametrize("text, line, column, message", [
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" "y" } 0\nt "" 0', 3, 7, "ends too early"),
    ('EFG 2 R "" { "a" }\nc "" 1 "" { "x" 1/2 "y" 1/3 } 0\nt "" 0\nt "" 0', 2, 11,
     "sum to 5/6"),
    ('EFG 2 R "" { "a" }\nc "" 1 "" { "x" -1/2 "y" 3/2 } 0\nt "" 0\nt "" 0', 2, 17,
     "negative probability"),
    ('EFG 2 R "" { "a" }\np "" 2 1 "" { "x" } 0\nt "" 0', 2, 6, "out of range"),
    ('EFG 2 R "" { "a" "b" }\np "" 1 1 "" { "x" } 0\nt "" 1 "" { 1 2 3 }', 3, 11,
     "3 payoffs; expected 2"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" } 0\nt "" 3', 3, 6, "never given"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" "y" } 0\nt "" 0\np "" 1 1 "" { "x" } 0\nt "" 0',
     4, 8, "2 actions"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" "y" } 0\nt "" 0\np "" 1 1 "" { "x" "z" } 0\n'
     't "" 0\nt "" 0\nt "" 0', 4, 8, "actions ['x', 'y']"),
    ('EFG 2 R "" { "a" }\np "" 1 1 0\nt "" 0', 2, 8, "first time"),
    ('EFG 2 R "" { "a" }\nq "" 1 1 "" { "x" } 0', 2, 1, "expected a node"),
    ('EFG 2 R "unterminated { "a" }', 1, 26, "expected '{'"),
    ('EFG 2 R "" { "a" }\n"open', 2, 1, "unterminated quoted string"),
    ('NFG 1 R "" { "a" } { 1 } 1', 1, 1, "use read_nfg"),
    ('EFG 3 R "" { "a" }', 1, 5, "version 2"),
    ('EFG 2 R "" { "a" }\nt "" 0\nt "" 0', 3, 1, "end of the file"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "" { 1 }\nt "" 1 "" { 2 }',
     4, 6, "defined on line 3 with payoffs"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { } 0', 2, 13, "at least one action"),
    ('EFG 2 R "" { "a" }\np "" 1 x "" { "y" } 0', 2, 8, "information set number"),
    ('EFG 2 R "" { "a" }\np "" 1 1 "" { "x" } 0 "name" { 1 }\nt "" 0', 2, 21,
     "outcome 0"),
    ('EFG 2 R "" { "a" }', 1, 19, "expected the nodes"),
])
def test_malformed_efg_reports_line_and_column(text, line, column, message):
    with pytest.raises(FormatError) as info:
        read_efg(text)
    err = info.value
    assert (err.line, err.column) == (line, column), str(err)
    assert message in str(err)
    assert str(err).startswith(f"<string>:{line}:{column}: read_efg:")


def test_write_rejects_other_objects():
    with pytest.raises(InvalidGameError, match="expected an ExtensiveFormGame"):
        efg_string("EFG 2 R")


def test_pygambit_reads_what_we_write():
    gbt = pytest.importorskip("pygambit")
    for name in ("tests/stripped_down_poker.efg", "contrib/cent2.efg", "contrib/bayes1a.efg",
                 "tests/2_player_chance_nonterm_outcomes_and_missing_term_outcomes.efg"):
        ours = read_efg(GAMBIT / name)
        theirs = gbt.read_efg(io.BytesIO(efg_string(ours).encode()))
        assert [p.label for p in theirs.players] == list(ours.players)
        assert len(list(theirs.nodes)) == ours.num_nodes
        for p, P in enumerate(theirs.players):
            assert [s.label for s in P.strategies] == list(ours.strategy_labels(p))


def test_write_efg_writes_a_path_and_a_file_object(tmp_path):
    import contracts as ct
    from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    g = ExtensiveFormGame.from_tree(["agency", "government"], decision("agency", {
        "enter": decision("government", {"fight": leaf(-1, -1), "accommodate": leaf(1, 1)}),
        "stay out": leaf(0, 2)}))
    ct.write_efg(g, tmp_path / "tree.efg")
    assert ct.read_efg(tmp_path / "tree.efg") == g
    buffer = io.BytesIO()
    ct.write_efg(g, buffer)
    assert read_efg(buffer.getvalue().decode()) == g
    with pytest.warns(DeprecationWarning, match="efg_string"):
        assert ct.write_efg(g) == efg_string(g)

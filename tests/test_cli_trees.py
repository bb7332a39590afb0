"""The command line on game trees (.efg) and strategic-form games (.nfg): every method, --help."""

from __future__ import annotations

import json
import pathlib
from fractions import Fraction

import pytest

from contracts.cli import MAX_TABLE_WIDTH, main
from contracts.equilibrium.solve import METHODS, TREE_METHODS
from contracts.io.efg import read_efg
from contracts.io.gambit import read_nfg

GAMBIT = pathlib.Path(__file__).parent / "data" / "corpus" / "gambit"
POKER = GAMBIT / "tests" / "stripped_down_poker.efg"      # two players, zero-sum, one equilibrium
F = Fraction

# perfect information; both players indifferent at their move: four pure subgame-perfect
# equilibria (and four Nash equilibria of the reduced form)
TIES = '''EFG 2 R "ties" { "1" "2" }
p "" 1 1 "" { "L" "R" } 0
t "" 1 "" { 1, 1 }
p "" 2 1 "" { "l" "r" } 0
t "" 2 "" { 1, 0 }
t "" 3 "" { 1, 0 }
'''


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def poker_nfg(tmp_path_factory):
    """The reduced strategic form of the poker tree, as an .nfg file."""
    path = tmp_path_factory.mktemp("cli") / "poker.nfg"
    path.write_text(read_efg(POKER).reduced_normal_form().to_nfg())
    return path


@pytest.fixture(scope="module")
def ties_efg(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "ties.efg"
    path.write_text(TIES)
    return path


# ---------------------------------------------------------------------------------------------
# tree methods on trees
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("spelling", ["sequence_form", "sequence form", "Sequence-Form",
                                      "sequence_form_lcp"])
def test_sequence_form_on_a_tree_any_spelling(spelling, capsys):
    """corpus gambit_efg_stripped_down_poker: Alice bets a King, bluffs 1/3; Bob calls 2/3."""
    code, out, err = run(["solve", POKER, "--method", spelling], capsys)
    assert code == 0, err
    assert "reduced strategic form" not in err
    assert "Alice at 'Alice has Queen': Bet=1/3, Fold=2/3" in out
    assert "Call=2/3, Fold=1/3" in out and "payoffs: Alice 1/3, Bob -1/3" in out


def test_tree_default_is_a_tree_method_and_csv_lists_behaviour(capsys):
    code, out, err = run(["solve", POKER, "--format", "csv"], capsys)
    assert code == 0 and "solved as a tree" in err
    assert out.strip().splitlines() == ["NE,1,0,1/3,2/3,2/3,1/3"]


def test_tree_json_is_behaviour_and_verifies(capsys):
    code, out, _ = run(["solve", POKER, "-m", "sequence_form", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "behaviour" and data["exact"] is True
    g = read_efg(POKER)
    eq = data["equilibria"][0]
    profile = [[[F(x) for x in v] for v in d.values()] for d in eq["strategies"]]
    assert max(g.behavior_regrets(g.behavior_profile(profile))) == 0
    assert [F(v) for v in eq["payoffs"]] == [F(1, 3), F(-1, 3)]


@pytest.mark.parametrize("method", ["subgame_perfect", "subgame perfect", "sequence_form_lp"])
def test_other_tree_methods_on_poker(method, capsys):
    code, out, err = run(["solve", POKER, "--method", method], capsys)
    assert code == 0, err
    assert "Bet=1/3, Fold=2/3" in out


def test_backward_induction_shows_every_equilibrium(ties_efg, capsys):
    code, out, err = run(["solve", ties_efg, "--method", "backward induction"], capsys)
    assert code == 0, err
    assert out.splitlines()[0].startswith("backward_induction: 4 pure equilibria")
    assert [ln for ln in out.splitlines() if ln.startswith("#")] == ["#1", "#2", "#3", "#4"]
    # the four are distinct
    blocks = out.split("#")[1:]
    assert len({b.split("\n", 1)[1] for b in blocks}) == 4
    code, out, _ = run(["solve", ties_efg, "-m", "backward_induction", "--show", "2"], capsys)
    assert code == 0 and "showing the first 2" in out and "#3" not in out


def test_backward_induction_refuses_imperfect_information(capsys):
    code, _, err = run(["solve", POKER, "-m", "backward_induction"], capsys)
    assert code == 3 and "imperfect information" in err


def test_tree_method_on_a_strategic_form_game_is_a_usage_error(poker_nfg, capsys):
    code, out, err = run(["solve", poker_nfg, "-m", "sequence_form"], capsys)
    assert code == 2 and out == "" and "needs a game tree" in err


def test_unknown_method_lists_both_families(capsys):
    code, _, err = run(["solve", POKER, "-m", "simplex"], capsys)
    assert code == 2 and "vertex_enumeration" in err and "sequence_form" in err


# ---------------------------------------------------------------------------------------------
# strategic-form methods on .nfg and on a tree's reduced form
# ---------------------------------------------------------------------------------------------
NF_METHODS = sorted(METHODS)


@pytest.mark.parametrize("method", NF_METHODS)
@pytest.mark.parametrize("source", ["nfg", "efg"])
def test_every_strategic_form_method_on_nfg_and_efg(method, source, poker_nfg, capsys):
    path = poker_nfg if source == "nfg" else POKER
    code, out, err = run(["solve", path, "-m", method, "--format", "json"], capsys)
    assert code == 0, err
    if source == "efg":
        assert "reduced strategic form" in err
    data = json.loads(out)
    game = read_nfg(poker_nfg)
    if method == "pure":         # the poker game has no pure equilibrium, and says so
        assert data["equilibria"] == [] and data["complete"] is True
        return
    assert data["equilibria"], data
    for eq in data["equilibria"]:
        strat = [[F(x) if isinstance(x, str) else x for x in s] for s in eq["strategies"]]
        assert game.is_nash(strat, tol=1e-7)
    # the unique equilibrium of the poker game (corpus gambit_efg_stripped_down_poker)
    first = [float(F(x)) if isinstance(x, str) else x
             for s in data["equilibria"][0]["strategies"] for x in s]
    assert first == pytest.approx([1 / 3, 2 / 3, 0, 0, 2 / 3, 1 / 3], abs=1e-6)


def test_reduced_form_too_large_is_refused_quickly(capsys):
    code, out, err = run(["solve", GAMBIT / "contrib" / "ttt.efg", "-m", "vertex_enumeration"],
                         capsys)
    assert code == 3 and out == ""
    assert "would not finish" in err and "--method sequence_form" in err


def test_wide_tables_print_supports(capsys):
    code, out, _ = run(["solve", GAMBIT / "contrib" / "holdout7.efg", "-m",
                        "vertex_enumeration"], capsys)
    assert code == 0 and "each equilibrium by its supports" in out
    assert max(len(line) for line in out.splitlines()) <= MAX_TABLE_WIDTH


def test_narrow_tables_stay_tables(poker_nfg, capsys):
    code, out, _ = run(["solve", poker_nfg, "-m", "vertex_enumeration"], capsys)
    assert code == 0 and "payoff" in out.splitlines()[-2]


# ---------------------------------------------------------------------------------------------
# help
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [["--help"], ["solve", "--help"], ["convert", "--help"],
                                  ["bench", "--help"], ["explain", "--help"],
                                  ["methods", "--help"]])
def test_help_pages(argv, capsys):
    code, out, err = run(argv, capsys)
    assert code == 0
    text = out + err
    assert "usage" in text.lower() or "model" in text.lower()
    if argv[0] == "solve":
        assert ".efg" in text and "sequence_form" in text


def test_methods_lists_tree_methods(capsys):
    code, out, _ = run(["methods"], capsys)
    assert code == 0
    for name in list(METHODS) + list(TREE_METHODS):
        assert name in out

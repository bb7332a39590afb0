"""Sequence-form LCP and LP: corpus behaviour equilibria, Gambit agreement, zero-sum values."""

from __future__ import annotations

import pathlib
from fractions import Fraction

import pytest

from contracts.equilibrium.sequence_form import (BehaviorEquilibriumResult, sequence_form_lcp,
                                                 sequence_form_lp)
from contracts.exceptions import InvalidGameError, UnsupportedGameError
from contracts.games.extensive_form import ExtensiveFormGame, chance, decision, leaf
from contracts.io.efg import read_efg

from conftest import load_corpus

GAMBIT = pathlib.Path(__file__).parents[1] / "data" / "corpus" / "gambit"
EXTENSIVE = [c for c in load_corpus() if c["category"] == "nash_extensive"]
F = Fraction


def corpus_file(case) -> pathlib.Path:
    return GAMBIT / case["gambit_file"].split("gambit_games/")[1]


def as_fractions(d: dict) -> dict:
    return {k: [F(v) for v in vec] for k, vec in d.items()}


@pytest.mark.parametrize("case", EXTENSIVE, ids=lambda c: c["name"])
def test_lcp_matches_corpus_behaviour_equilibrium(case):
    g = read_efg(corpus_file(case))
    res = sequence_form_lcp(g)
    assert isinstance(res, BehaviorEquilibriumResult) and len(res) == 1 and res.exact
    eq = res[0]
    expected = [as_fractions(d) for d in case["behavior_equilibria_lcp"][0]]
    assert eq.as_dict() == expected
    assert eq.regret == 0 and max(g.behavior_regrets(eq.profile)) == 0


@pytest.mark.parametrize("case", EXTENSIVE, ids=lambda c: c["name"])
def test_lcp_equilibrium_maps_to_a_corpus_equilibrium_of_the_reduced_form(case):
    g = read_efg(corpus_file(case))
    eq = sequence_form_lcp(g)[0]
    mixed = eq.to_mixed()
    nf = g.reduced_normal_form()
    assert nf.is_nash(mixed)
    listed = [tuple(tuple(F(v) for v in s) for s in e) for e in case["equilibria"]]
    found = tuple(tuple(s) for s in mixed)
    if case["count"] is not None:          # finitely many equilibria: must be one of them
        assert found in listed
    else:                                   # a continuum: must be an equilibrium (checked above)
        assert case["extreme_count"] >= 1


def test_code_and_file_trees_give_the_same_equilibrium():
    file = read_efg(GAMBIT / "tests" / "entry_accommodation.efg")
    spec = decision("1", {
        "S": decision("2", {"E": decision("1", {"A": leaf(3, 2), "F": leaf(0, 1)}),
                            "O": leaf(1, 3)}, infoset="2"),
        "T": decision("2", {"E": decision("1", {"A": leaf(2, 3), "F": leaf(1, 0)}),
                            "O": leaf(3, 1)}, infoset="2")})
    code = ExtensiveFormGame.from_tree(["1", "2"], spec)
    a = sequence_form_lcp(file)[0]
    b = sequence_form_lcp(code)[0]
    assert a.strategies == b.strategies and a.payoffs == b.payoffs


def test_agrees_with_pygambit_on_corpus_trees():
    gbt = pytest.importorskip("pygambit")
    names = ["contrib/cent3.efg", "contrib/bayes1a.efg", "contrib/e13.efg", "contrib/palf.efg",
             "tests/2_player_chance_nonterm_outcomes_and_missing_term_outcomes.efg",
             "tests/reduction_both_players_payoff_ties_GTE_survey.efg",
             "catalog/journals__mor__vonstengelforges2008__fig9.efg", "contrib/holdout7.efg"]
    for name in names:
        ours = sequence_form_lcp(read_efg(GAMBIT / name))[0]
        game = gbt.read_efg(str(GAMBIT / name))
        theirs = gbt.nash.lcp_solve(game).equilibria[0]
        expected = [[[F(str(theirs[a])) for a in inf.actions] for inf in p.infosets]
                    for p in game.players]
        assert [[list(v) for v in rows] for rows in ours.strategies] == expected, name


def test_large_tree_beyond_the_normal_form():
    g = read_efg(GAMBIT / "contrib" / "ttt.efg")      # reduced form: 16529 x 668360
    res = sequence_form_lcp(g)
    assert len(res) == 1 and res[0].regret == 0
    assert res.iterations > 50


def test_float_game_returns_floats():
    g = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg", exact=False)
    res = sequence_form_lcp(g)
    assert not res.exact
    assert res[0].strategies[0][1] == pytest.approx((1 / 3, 2 / 3))


def test_result_reads_in_words():
    g = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg")
    text = str(sequence_form_lcp(g))
    assert "sequence_form_lcp: 1 equilibrium" in text
    assert "Bob at \"Bob's response\": Call=2/3, Fold=1/3" in text
    assert "expected payoffs: Alice 1/3, Bob -1/3" in text


def test_lcp_bad_input():
    with pytest.raises(InvalidGameError, match="expected an ExtensiveFormGame"):
        sequence_form_lcp([[1, 2], [3, 4]])
    three = read_efg(GAMBIT / "tests" / "3_player.efg")
    with pytest.raises(UnsupportedGameError, match="needs two players; the game has 3"):
        sequence_form_lcp(three)
    no_recall = read_efg(GAMBIT / "catalog" / "journals__geb__wichardt2008.efg")
    with pytest.raises(UnsupportedGameError, match="perfect recall"):
        sequence_form_lcp(no_recall)


# ----------------------------------------------------------------------------------------------
# zero-sum LP
# ----------------------------------------------------------------------------------------------
def test_lp_on_poker_value_one_third():
    g = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg")
    res = sequence_form_lp(g)
    assert res.exact and res.extra["value"] == F(1, 3)
    assert res[0].regret == 0
    assert res[0].strategies[0][1] == (F(1, 3), F(2, 3))


def test_lp_on_koller_megiddo_von_stengel_example():
    g = read_efg(GAMBIT / "tests" / "zerosum_efg_from_sequence_form_STOC94_paper.efg")
    lp = sequence_form_lp(g)
    lcp = sequence_form_lcp(g)
    # every equilibrium of a zero-sum game gives player 1 the value
    assert lp.extra["value"] == lcp[0].payoffs[0]
    assert lp.extra["lp_values"][0] == pytest.approx(float(lp.extra["value"]))
    assert lp.extra["lp_values"][1] == pytest.approx(float(lp.extra["value"]))


def test_lp_large_zero_sum_tree():
    g = read_efg(GAMBIT / "contrib" / "ttt.efg")
    res = sequence_form_lp(g)
    assert res[0].regret == 0 or res[0].regret < 1e-9
    assert res.extra["value"] == sequence_form_lcp(g)[0].payoffs[0]


def test_lp_rejects_general_sum_games():
    g = read_efg(GAMBIT / "tests" / "entry_accommodation.efg")
    with pytest.raises(UnsupportedGameError, match="not constant-sum"):
        sequence_form_lp(g)


def test_lp_float_game():
    g = ExtensiveFormGame.from_tree(["hider", "seeker"], chance({
        "day": (0.5, decision("hider", {"a": decision("seeker", {"a": leaf(-1.0, 1.0),
                                                                   "b": leaf(2.0, -2.0)},
                                                        infoset="S"),
                                        "b": decision("seeker", {"a": leaf(1.5, -1.5),
                                                                  "b": leaf(-1.0, 1.0)},
                                                       infoset="S")})),
        "night": (0.5, leaf(0.25, -0.25))}))
    res = sequence_form_lp(g)
    assert not res.exact
    lcp = sequence_form_lcp(g)
    assert res.extra["value"] == pytest.approx(float(lcp[0].payoffs[0]))


EFG_FILES = sorted(GAMBIT.glob("*/*.efg"))


@pytest.mark.parametrize("path", EFG_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_tree_is_solved(path):
    """Two-player trees with perfect recall: one verified equilibrium by the sequence form;
    the others (more players, imperfect recall): the pure equilibria of the reduced form."""
    g = read_efg(path)
    if g.num_players == 2 and g.is_perfect_recall:
        res = sequence_form_lcp(g)
        assert len(res) == 1 and res[0].regret == 0
        assert res[0].payoffs == g.behavior_payoffs(res[0].profile)
        return
    from contracts.equilibrium.pure import pure_nash
    try:
        nf = g.reduced_normal_form()
    except UnsupportedGameError as exc:          # e.g. contrib/cs.efg: 16384 x 2 x 8 x 512
        assert "max_size" in str(exc)
        return
    for eq in pure_nash(nf):
        assert nf.is_nash(eq.strategies)
        if g.is_perfect_recall:
            assert g.is_nash(g.mixed_to_behavior(eq.strategies))

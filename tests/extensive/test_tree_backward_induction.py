"""Backward induction (all pure SPE with ties) and subgame perfection by subgames."""

from __future__ import annotations

import itertools
import pathlib
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.equilibrium.backward_induction import (backward_induction, is_subgame_perfect,
                                                      subgame_perfect, subgame_regret)
from contracts.exceptions import InvalidGameError, UnsupportedGameError
from contracts.games.extensive_form import (BehaviorProfile, ExtensiveFormGame, chance,
                                            decision, leaf)
from contracts.io.efg import read_efg

GAMBIT = pathlib.Path(__file__).parents[1] / "data" / "corpus" / "gambit"
F = Fraction


def pure_profile(game, choice: dict) -> BehaviorProfile:
    return game.behavior_profile([[choice[(p, h)] for h in range(len(sets))]
                                  for p, sets in enumerate(game.infosets)])


def all_pure_spe_by_brute_force(game):
    """Every pure behaviour profile that is a Nash equilibrium of every subgame."""
    keys = [(p, h) for p, sets in enumerate(game.infosets) for h in range(len(sets))]
    ranges = [range(game.infosets[p][h].num_actions) for p, h in keys]
    found = set()
    for combo in itertools.product(*ranges):
        prof = pure_profile(game, dict(zip(keys, combo)))
        if subgame_regret(game, prof) == 0:
            found.add(prof.probabilities)
    return found


def test_renewal_tie_gives_two_spe():
    # the agency is indifferent between effort levels; each choice leads the government to a
    # different renewal decision
    g = ExtensiveFormGame.from_tree(["government", "agency"], decision("government", {
        "renew": decision("agency", {"high": leaf(3, 1), "low": leaf(0, 1)}),
        "replace": leaf(1, 0)}))
    res = backward_induction(g)
    assert res.complete and res.exact and len(res) == 2
    outcomes = {(tuple(eq.strategies[0][0]), tuple(eq.strategies[1][0])) for eq in res}
    assert outcomes == {((1, 0), (1, 0)), ((0, 1), (0, 1))}
    assert sorted(eq.payoffs for eq in res) == [(1, 0), (3, 1)]
    assert {eq.profile.probabilities for eq in res} == all_pure_spe_by_brute_force(g)


def test_ties_below_chance_multiply():
    # two independent indifferent agencies behind a chance move: 2 x 2 equilibria
    agency = decision("agency", {"a": leaf(1, 0), "b": leaf(2, 0)})
    g = ExtensiveFormGame.from_tree(["government", "agency"], chance({
        "north": ("1/3", agency), "south": ("2/3", agency)}))
    res = backward_induction(g)
    assert len(res) == 4
    assert sorted(eq.payoffs[0] for eq in res) == [1, F(4, 3), F(5, 3), 2]


def test_centipede_has_one_spe_and_it_stops_at_once():
    spec = leaf(5, 3)
    for mover, stop in (("B", (2, 4)), ("A", (3, 1)), ("B", (0, 2)), ("A", (1, 0))):
        spec = decision(mover, {"stop": leaf(*stop), "go": spec})
    g = ExtensiveFormGame.from_tree(["A", "B"], spec)
    res = backward_induction(g)
    assert len(res) == 1 and res[0].payoffs == (1, 0)
    assert all(v[0] == 1 for rows in res[0].strategies for v in rows)     # always stop


def test_limit_truncates_and_says_so():
    agency = decision("agency", {"a": leaf(0, 0), "b": leaf(0, 0)})
    g = ExtensiveFormGame.from_tree(["gov", "agency"], chance({
        str(k): (F(1, 5), agency) for k in range(5)}))          # 2^5 = 32 equilibria
    assert len(backward_induction(g)) == 32
    small = backward_induction(g, limit=5)
    assert not small.complete and len(small) == 5 and "limit=5" in small.message
    with pytest.raises(InvalidGameError, match="limit must be a positive integer"):
        backward_induction(g, limit=0)


def test_float_ties_within_tolerance():
    g = ExtensiveFormGame.from_tree(["a", "b"], decision("a", {
        "x": decision("b", {"u": leaf(0.1 + 0.2, 1.0), "v": leaf(0.0, 0.3)}),
        "y": leaf(0.3, 0.0)}))
    res = backward_induction(g)
    assert not res.exact and len(res) == 2       # 0.1 + 0.2 ties with 0.3


def test_corpus_perfect_information_games_agree_with_subgame_solver():
    for name in ["contrib/nim.efg", "tests/perfect_info_with_chance.efg",
                 "tests/two_player_perfect_info_win_lose.efg",
                 "tests/3_player_perfect_info_1_move_each.efg", "contrib/cent4.efg"]:
        g = read_efg(GAMBIT / name)
        assert g.is_perfect_information
        bi = backward_induction(g)
        assert bi.complete
        for eq in bi:
            assert is_subgame_perfect(g, eq.profile)
        if g.num_players == 2:
            sp = subgame_perfect(g)
            assert {e.profile for e in sp} == {e.profile for e in bi}, name


def test_win_lose_spe_are_all_listed():
    g = read_efg(GAMBIT / "tests" / "two_player_perfect_info_win_lose.efg")
    assert {e.profile.probabilities for e in backward_induction(g)} == \
        all_pure_spe_by_brute_force(g)


def test_imperfect_information_is_refused():
    g = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg")
    with pytest.raises(UnsupportedGameError, match="imperfect information.*subgame_perfect"):
        backward_induction(g)
    with pytest.raises(InvalidGameError, match="expected an ExtensiveFormGame"):
        backward_induction("tree")


# random perfect-information trees: backward induction finds exactly the pure SPE
@st.composite
def pi_trees(draw, depth=0):
    if depth >= 3 or (depth > 0 and draw(st.booleans())):
        return leaf(draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    kind = draw(st.sampled_from(["a", "b", "chance"] if depth else ["a", "b"]))
    k = draw(st.integers(2, 2 if depth >= 2 else 3))
    kids = [draw(pi_trees(depth=depth + 1)) for _ in range(k)]
    if kind == "chance":
        return chance({f"c{i}": (F(1, k), t) for i, t in enumerate(kids)})
    return decision(kind, {f"{kind}{i}": t for i, t in enumerate(kids)})


@settings(max_examples=25, deadline=None)
@given(pi_trees())
def test_random_trees_all_spe(spec):
    g = ExtensiveFormGame.from_tree(["a", "b"], spec)
    n_keys = sum(len(s) for s in g.infosets)
    res = backward_induction(g)
    assert res.complete
    if n_keys <= 7:
        assert {e.profile.probabilities for e in res} == all_pure_spe_by_brute_force(g)
    for eq in res:
        assert eq.regret == 0 and is_subgame_perfect(g, eq.profile)


# ----------------------------------------------------------------------------------------------
# subgame perfection with imperfect information
# ----------------------------------------------------------------------------------------------
def test_entry_accommodation_spe_rules_out_the_threat():
    g = read_efg(GAMBIT / "tests" / "entry_accommodation.efg")
    res = subgame_perfect(g)
    assert res.complete and len(res) >= 1
    for eq in res:
        assert subgame_regret(g, eq.profile) == 0
    # player 1 plays T and threatens F if 2 enters; 2 stays out: a Nash equilibrium that rests
    # on a threat player 1 would not carry out (after T and E, A pays 2 > 1)
    nash_only = g.behavior_profile([[(0, 1), (1, 0), (0, 1)], [(0, 1)]])
    assert max(g.behavior_regrets(nash_only)) == 0 and subgame_regret(g, nash_only) > 0
    assert nash_only not in {e.profile for e in res}


def test_simultaneous_subgame_after_entry():
    # entry, then a simultaneous price war or sharing (a proper subgame with imperfect info)
    war = decision("incumbent", {"fight": leaf(-2, -1), "share": leaf(-1, 0)}, infoset="I")
    peace = decision("incumbent", {"fight": leaf(-1, -2), "share": leaf(1, 1)}, infoset="I")
    g = ExtensiveFormGame.from_tree(["entrant", "incumbent"], decision("entrant", {
        "out": leaf(0, 3), "in": decision("entrant", {"fight": war, "share": peace})}))
    res = subgame_perfect(g)
    assert [eq.payoffs for eq in res] == [(1, 1)]
    assert res[0].profile.action_probability("entrant", 0, "in") == 1
    assert g.subgames() == (0, 2)


def test_subgame_with_a_mixed_equilibrium():
    # after "play", matching pennies; the leader compares its value 0 with the outside option
    mp = decision("row", {"h": decision("col", {"h": leaf(1, -1), "t": leaf(-1, 1)}, infoset="C"),
                          "t": decision("col", {"h": leaf(-1, 1), "t": leaf(1, -1)}, infoset="C")})
    g = ExtensiveFormGame.from_tree(["row", "col"], decision("col", {"play": mp,
                                                                     "quit": leaf(0, F(1, 2))}))
    res = subgame_perfect(g)
    assert len(res) == 1
    eq = res[0]
    assert eq.strategies[0][0] == (F(1, 2), F(1, 2))
    assert eq.profile.action_probability("col", 0, "quit") == 1      # 1/2 > 0
    assert eq.payoffs == (0, F(1, 2))


def test_subgame_perfect_three_players_and_methods():
    g = read_efg(GAMBIT / "catalog" / "journals__ijgt__selten1975__fig1.efg")    # Selten's horse
    res = subgame_perfect(g)
    assert not res.complete and "three or more players" in res.message
    for eq in res:
        assert eq.regret == 0
    poker = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg")
    one = subgame_perfect(poker, method="one")
    assert len(one) == 1 and not one.complete and "sequence-form LCP" in one.message
    full = subgame_perfect(poker, method="all")
    assert full.complete and {e.profile for e in full} == {e.profile for e in one}
    with pytest.raises(InvalidGameError, match="method must be"):
        subgame_perfect(poker, method="fast")
    with pytest.raises(UnsupportedGameError, match="perfect recall"):
        subgame_perfect(read_efg(GAMBIT / "catalog" / "journals__geb__wichardt2008.efg"))

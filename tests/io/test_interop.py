"""Converters to and from nashpy, QuantEcon and pygambit, and solve() on peers' games."""

from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts.exceptions import InvalidGameError, UnsupportedGameError
from contracts.io.interop import as_game, from_pygambit, to_nashpy, to_pygambit, to_quantecon

nashpy = pytest.importorskip("nashpy")
quantecon = pytest.importorskip("quantecon")
pygambit = pytest.importorskip("pygambit")


def _game():
    return ct.NormalFormGame.from_bimatrix(
        [[1, 2], [3, -1]], [[2, -2], [2, 3]], players=("government", "agency"),
        actions=(("strict", "loose"), ("comply", "perfunctory")))


def test_nashpy_round_trip_and_equilibria_agree():
    g = _game()
    ng = to_nashpy(g)
    assert np.array_equal(ng.payoff_matrices[0], np.array([[1, 2], [3, -1]], dtype=float))
    back = as_game(ng)
    assert back == g.as_float().with_labels(players=back.players, actions=back.actions)
    theirs = sorted(tuple(np.round(np.concatenate(e), 9)) for e in ng.vertex_enumeration())
    ours = sorted(tuple(np.round(np.concatenate([np.asarray(s, float) for s in e.strategies]), 9))
                  for e in ct.solve(ng, method="vertex_enumeration"))
    assert ours == theirs


def test_quantecon_round_trip_three_players():
    rng = np.random.default_rng(3)
    g = ct.NormalFormGame.from_payoff_profile(rng.integers(-5, 6, size=(2, 3, 2, 3)))
    qg = to_quantecon(g)
    assert qg.nums_actions == (2, 3, 2)
    back = ct.NormalFormGame.from_quantecon(qg)
    for mine, theirs in zip(g.as_float().payoffs, back.payoffs):
        assert np.array_equal(np.asarray(mine, float), np.asarray(theirs, float))
    res = ct.solve(qg, method="pure")            # a QuantEcon game solved directly
    assert len(res) == len(ct.solve(g, method="pure"))


def test_pygambit_round_trip_is_exact_with_labels():
    g = ct.NormalFormGame.from_bimatrix([[Fraction(1, 3), 0], [0, Fraction(2, 7)]],
                                        [[1, 0], [0, 2]], players=("government", "agency"),
                                        actions=(("strict", "loose"), ("comply", "shirk")))
    gg = to_pygambit(g)
    assert [p.label for p in gg.players] == ["government", "agency"]
    assert [s.label for s in list(gg.players)[0].strategies] == ["strict", "loose"]
    back = from_pygambit(gg)
    assert back == g and back.is_exact
    ours = ct.solve(gg, method="vertex_enumeration", exact=True)    # a pygambit game directly
    theirs = pygambit.nash.enummixed_solve(gg, rational=True).equilibria
    assert len(ours) == len(theirs) == 3


def test_pygambit_tree_round_trip():
    from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    tree = ExtensiveFormGame.from_tree(("agency", "government"), decision("agency", {
        "stay out": leaf(0, 2),
        "enter": decision("government", {"accommodate": leaf(1, 1), "fight": leaf(-1, -1)})}))
    gg = to_pygambit(tree)
    assert gg.is_tree
    back = from_pygambit(gg)
    # pygambit names unlabelled outcomes "_1", "_2", ...; everything else is kept
    import re
    from contracts.io.efg import efg_string
    assert re.sub(r'"_\d+"', '""', efg_string(back)) == efg_string(tree)
    assert back.reduced_normal_form() == tree.reduced_normal_form()


def test_converters_name_bad_input():
    with pytest.raises(InvalidGameError, match="to_nashpy: expected a contracts NormalFormGame"):
        to_nashpy([[1, 2], [3, 4]])
    with pytest.raises(UnsupportedGameError, match="two-player"):
        to_nashpy(ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 2, 3))))
    with pytest.raises(InvalidGameError, match="from_pygambit: expected a pygambit Game"):
        from_pygambit("not a game")
    with pytest.raises(UnsupportedGameError, match="builtins.list"):
        ct.solve([[1, 2], [3, 4]])

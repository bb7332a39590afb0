"""The solve() dispatcher: names, aliases, option checks, exactness, N-player routing."""

from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium.solve import METHODS, available_methods
from contracts.exceptions import InvalidParameterError, UnsupportedGameError

COORD = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])


def test_every_method_is_listed_and_loadable():
    assert set(available_methods()) == set(METHODS)
    for name in METHODS:
        if name in ("zero_sum",):
            continue
        res = ct.solve(COORD, method=name)
        assert len(res) >= 1
        for eq in res:
            assert COORD.is_nash(eq.strategies)


def test_unknown_method_lists_valid_names():
    with pytest.raises(InvalidParameterError, match="unknown method 'simplex'.*vertex_enumeration"):
        ct.solve(COORD, method="simplex")
    with pytest.raises(InvalidParameterError, match="string"):
        ct.solve(COORD, method=3)


def test_ignored_option_warns():
    with pytest.warns(UserWarning, match="ignores option.*banana"):
        ct.solve(COORD, method="pure", banana=1)


def test_aliases_and_default():
    a = ct.solve(COORD, method="enummixed")
    b = ct.solve(COORD)
    assert a.method == b.method and len(a) == len(b) == 3


def test_exact_game_is_solved_exactly_by_default():
    g = ct.NormalFormGame.from_bimatrix([["2", 0], [0, 1]], [[1, 0], [0, "2"]])
    res = ct.solve(g, method="vertex_enumeration")
    assert res.exact
    mixed = [eq for eq in res if not eq.is_pure][0]
    assert mixed.strategies[0][0] == Fraction(2, 3)
    assert not ct.solve(g, method="vertex_enumeration", exact=False).exact


def test_three_player_routes_to_n_player_methods():
    g = ct.NormalFormGame([np.array([[[1, 0], [0, 0]], [[0, 0], [0, 1]]], float)] * 3)
    res = ct.solve(g)
    assert len(res) == 1 and g.is_nash(res[0].strategies)
    with pytest.raises(UnsupportedGameError):
        ct.solve(g, method="vertex_enumeration")


def test_rejects_non_games():
    with pytest.raises(UnsupportedGameError, match="NormalFormGame"):
        ct.solve([[1, 2], [3, 4]])


def _tree():
    from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    # entry game: the agency enters or stays out; the government accommodates or fights
    root = decision("agency", {
        "out": leaf(0, 2),
        "in": decision("government", {"accommodate": leaf(1, 1), "fight": leaf(-1, -1)}),
    })
    return ExtensiveFormGame.from_tree(("agency", "government"), root)


def test_trees_route_to_tree_solvers():
    g = _tree()
    res = ct.solve(g)                                   # perfect information: backward induction
    assert len(res) == 1
    assert ct.solve(g, method="sequence_form").equilibria   # the LCP finds one too
    with pytest.raises(InvalidParameterError, match="for a ExtensiveFormGame"):
        ct.solve(g, method="vertex_enumeration")


def test_bayesian_games_route_to_bayesian_nash():
    from fractions import Fraction as F

    from contracts.games.bayesian import BayesianGame
    g = BayesianGame(["A", "B"], [["good", "bad"], ["good", "bad"]],
                     [["bid", "pass"], ["bid", "pass"]],
                     [[F(3, 8), F(1, 8)], [F(1, 8), F(3, 8)]],
                     lambda t, a: tuple((2 if t[i] == "good" else -1) if a[i] == "bid" and
                                        a[1 - i] == "pass" else 0 for i in range(2)))
    res = ct.solve(g)
    assert len(res) >= 1 and all(eq.regret == 0 for eq in res)
    with pytest.raises(InvalidParameterError, match="bayesian_nash"):
        ct.solve(g, method="lemke_howson")

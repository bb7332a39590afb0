"""NormalFormGame: construction, validation, queries, immutability."""

from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts.exceptions import InvalidGameError, UnsupportedGameError

PD_A = [[3, 0], [5, 1]]
PD_B = [[3, 5], [0, 1]]


def pd():
    return ct.NormalFormGame.from_bimatrix(PD_A, PD_B, players=("government", "agency"),
                                           actions=(("strict", "loose"), ("comply", "shirk")))


def test_bimatrix_layout_matches_nashpy():
    g = pd()
    assert g.num_players == 2 and g.num_actions == (2, 2)
    assert g.pure_payoffs((0, 1)) == (0.0, 5.0)
    assert g[1, 0] == (5.0, 0.0)
    np.testing.assert_array_equal(g.bimatrix[1], np.array(PD_B, float))


def test_payoff_profile_and_quantecon_layout():
    prof = np.zeros((2, 3, 2))
    prof[..., 0] = np.arange(6).reshape(2, 3)
    prof[..., 1] = -np.arange(6).reshape(2, 3)
    g = ct.NormalFormGame.from_payoff_profile(prof)
    assert g.num_actions == (2, 3)
    assert g.pure_payoffs((1, 2)) == (5.0, -5.0)
    assert g.is_zero_sum()


def test_from_nashpy_roundtrip():
    nash = pytest.importorskip("nashpy")
    g = ct.NormalFormGame.from_nashpy(nash.Game(np.array(PD_A), np.array(PD_B)))
    assert g == ct.NormalFormGame.from_bimatrix(PD_A, PD_B)


def test_three_player_action_payoffs_and_regret():
    rng = np.random.default_rng(0)
    arrays = [rng.random((2, 3, 4)) for _ in range(3)]
    g = ct.NormalFormGame(arrays)
    prof = (np.array([0.3, 0.7]), np.array([0.2, 0.5, 0.3]), np.array([0.1, 0.2, 0.3, 0.4]))
    for i in range(3):
        brute = np.zeros(g.num_actions[i])
        for idx in np.ndindex(*g.num_actions):
            w = np.prod([prof[j][idx[j]] for j in range(3) if j != i])
            brute[idx[i]] += w * arrays[i][idx]
        np.testing.assert_allclose(g.action_payoffs(i, prof), brute)
    r = g.regrets(prof)
    assert all(x >= 0 for x in r)


def test_exact_game_keeps_fractions():
    g = ct.NormalFormGame.from_bimatrix([["1/3", 0], [0, "2/3"]], [[1, 0], [0, 1]])
    assert g.is_exact
    assert g.payoffs[0][0, 0] == Fraction(1, 3)
    p = ([Fraction(1, 2), Fraction(1, 2)], [Fraction(2, 3), Fraction(1, 3)])
    assert g.regrets(p) == (Fraction(0), Fraction(0))
    assert g.is_nash(p, tol=0)
    assert g.as_exact() is g and not g.as_float().is_exact


def test_float_read_as_decimal_when_made_exact():
    g = ct.NormalFormGame.from_bimatrix([[0.1, 0.2], [0.3, 0.4]], [[0, 0], [0, 0]]).as_exact()
    assert g.payoffs[0][0, 0] == Fraction(1, 10)


def test_immutable():
    g = pd()
    with pytest.raises(ValueError):
        g.payoffs[0][0, 0] = 7
    with pytest.raises(AttributeError):
        g._payoffs = ()


def test_repr_str_html():
    g = pd()
    assert "2×2" in repr(g)
    s = str(g)
    assert "strict" in s and "3, 3" in s
    assert "<table>" in g._repr_html_()


def test_permute_and_transpose():
    g = pd()
    h = g.permute_actions([[1, 0], [0, 1]])
    assert h.pure_payoffs((0, 0)) == g.pure_payoffs((1, 0))
    assert h.actions[0] == ("loose", "strict")
    t = g.transpose()
    assert t.pure_payoffs((1, 0)) == (g.pure_payoffs((0, 1))[1], g.pure_payoffs((0, 1))[0])


@pytest.mark.parametrize("bad, match", [
    (([[1, 2], [3]], [[1, 2], [3, 4]]), "ragged"),
    (([[1, np.nan], [3, 4]], [[1, 2], [3, 4]]), "non-finite"),
    (([[1, np.inf], [3, 4]], [[1, 2], [3, 4]]), "non-finite"),
    (([[1, "x"], [3, 4]], [[1, 2], [3, 4]]), "cannot read"),
    (([[1, 2], [3, 4]], [[1, 2, 3], [3, 4, 5]]), "shape"),
    (([[1, None], [3, 4]], [[1, 2], [3, 4]]), "expected a number"),
    (([[True, False], [3, 4]], [[1, 2], [3, 4]]), "boolean"),
    (([1, 2], [3, 4]), "2-dimensional"),
])
def test_bad_bimatrix(bad, match):
    with pytest.raises(InvalidGameError, match=match):
        ct.NormalFormGame.from_bimatrix(*bad)


def test_bad_general_constructor():
    with pytest.raises(InvalidGameError, match="at least one player"):
        ct.NormalFormGame([])
    with pytest.raises(InvalidGameError, match="empty action set"):
        ct.NormalFormGame([np.zeros((0, 2)), np.zeros((0, 2))])
    with pytest.raises(InvalidGameError, match="dimension"):
        ct.NormalFormGame([np.zeros((2, 2)), np.zeros((2, 2)), np.zeros((2, 2))])
    with pytest.raises(InvalidGameError, match="player names"):
        ct.NormalFormGame.from_bimatrix(PD_A, PD_B, players=("a",))
    with pytest.raises(InvalidGameError, match="labels"):
        ct.NormalFormGame.from_bimatrix(PD_A, PD_B, actions=(("x",), ("y", "z")))
    with pytest.raises(InvalidGameError, match="shape"):
        ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 3)))


@pytest.mark.parametrize("profile, match", [
    (([0.5, 0.6], [1, 0]), "sum to"),
    (([0.5, 0.5], [1, 0, 0]), "length"),
    (([1.5, -0.5], [1, 0]), "negative"),
    (([np.nan, 1], [1, 0]), "NaN"),
    (([1, 0],), "expected 2 strategies"),
    ((5, 0), "out of range"),
])
def test_bad_profiles(profile, match):
    with pytest.raises(InvalidGameError, match=match):
        pd().regrets(profile)


def test_two_player_only_queries():
    g = ct.NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(UnsupportedGameError):
        g.is_degenerate()
    with pytest.raises(UnsupportedGameError):
        g.bimatrix


def test_pickle_roundtrip():
    import pickle
    g = pd().as_exact()
    assert pickle.loads(pickle.dumps(g)) == g

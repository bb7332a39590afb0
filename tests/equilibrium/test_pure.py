"""Pure-strategy equilibria (contracts.equilibrium.pure): corpus answers, brute force, speed."""

from __future__ import annotations

import itertools
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

import contracts as ct
from contracts.equilibrium.pure import pure_nash, pure_nash_actions, pure_nash_iter
from contracts.exceptions import InvalidGameError, InvalidParameterError
from _lp_corpus import (game_of, listed_is_complete, nash_cases, profile_of,
                        pure_action_profile)

CASES = nash_cases()


def brute_force_pure(game):
    """Pure equilibria by checking every unilateral deviation with plain loops."""
    out = set()
    for prof in itertools.product(*[range(n) for n in game.num_actions]):
        ok = True
        for i in range(game.num_players):
            mine = game.payoffs[i][prof]
            for b in range(game.num_actions[i]):
                dev = prof[:i] + (b,) + prof[i + 1:]
                if game.payoffs[i][dev] > mine:
                    ok = False
                    break
            if not ok:
                break
        if ok:
            out.add(prof)
    return out


def found_profiles(res):
    return {tuple(int(np.argmax(np.asarray(s, float))) for s in eq.strategies) for eq in res}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus_pure_equilibria(case):
    """Pure equilibria = the pure members of the corpus's known equilibria (float and exact)."""
    game = game_of(case)
    listed = {p for p in (pure_action_profile(profile_of(e)) for e in case["equilibria"]) if p}
    for g in (game.as_float(), game.as_exact()):
        res = pure_nash(g)
        assert res.complete and res.method == "pure" and res.exact == g.is_exact
        found = found_profiles(res)
        assert listed <= found, f"{case['name']}: missing pure equilibria {listed - found}"
        if listed_is_complete(case):
            assert found == listed, f"{case['name']}: extra pure profiles {found - listed}"
        assert found == brute_force_pure(g)
        for eq in res:
            assert eq.is_pure and max(g.regrets(eq.strategies)) == 0


def test_prisoners_dilemma_exact_labels():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], exact=True,
                                        players=("government", "agency"),
                                        actions=(("trust", "audit"), ("comply", "shirk")))
    res = pure_nash(g)
    assert len(res) == 1
    eq = res[0]
    assert eq.support == ((1,), (1,))
    assert all(isinstance(v, Fraction) for s in eq.strategies for v in s)
    assert eq.payoffs == (Fraction(1), Fraction(1))
    assert "audit" in str(res) and "government" in str(res)


def test_coordination_game_and_iter_agree():
    g = ct.NormalFormGame.from_bimatrix(np.eye(4), np.eye(4))
    res = pure_nash(g)
    assert found_profiles(res) == {(k, k) for k in range(4)}
    it = [tuple(int(np.argmax(s)) for s in p) for p in pure_nash_iter(g)]
    assert it == [(k, k) for k in range(4)]          # lexicographic order
    assert pure_nash_actions(g).tolist() == [[k, k] for k in range(4)]


def test_no_pure_equilibrium():
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    assert len(pure_nash(g)) == 0
    assert pure_nash(g).complete


def test_float_tolerance_ties():
    eps = 1e-13
    g = ct.NormalFormGame.from_bimatrix([[1.0, 0.0], [1.0 - eps, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    assert found_profiles(pure_nash(g)) == {(0, 0), (1, 0)}          # within default tol
    assert found_profiles(pure_nash(g, tol=0.0)) == {(0, 0)}          # strict comparison
    ge = ct.NormalFormGame.from_bimatrix([[1, 0], [Fraction(999999, 1000000), 0]],
                                         [[1, 0], [1, 0]])
    assert found_profiles(pure_nash(ge, tol=0.1)) == {(0, 0)}        # exact games ignore tol


def test_one_player_and_degenerate_games():
    g1 = ct.NormalFormGame([[3, 1, 3]])
    assert found_profiles(pure_nash(g1)) == {(0,), (2,)}
    zero = ct.NormalFormGame.from_bimatrix(np.zeros((3, 2)), np.zeros((3, 2)))
    assert len(pure_nash(zero)) == 6


def test_four_player_unanimity():
    """QuantEcon's unanimity game: 8 pure equilibria (corpus quantecon_unanimity_4p)."""
    case = next(c for c in CASES if c["name"] == "quantecon_unanimity_4p")
    assert len(pure_nash(game_of(case))) == 8


def test_speed_large_games():
    rng = np.random.default_rng(0)
    g2 = ct.NormalFormGame.from_bimatrix(rng.random((200, 200)), rng.random((200, 200)))
    g3 = ct.NormalFormGame(list(rng.random((3, 10, 10, 10))))
    for g in (g2, g3):
        pure_nash(g)
        best = min(_timed(pure_nash, g) for _ in range(3))
        assert best < 0.05, f"pure_nash on {g.num_actions} took {best * 1e3:.1f} ms"
        assert found_profiles(pure_nash(g)) == {tuple(r) for r in pure_nash_actions(g).tolist()}


def _timed(f, *args):
    t = time.perf_counter()
    f(*args)
    return time.perf_counter() - t


def test_bad_input():
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]])
    with pytest.raises(InvalidGameError, match="pure_nash"):
        pure_nash([[1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match="tol"):
        pure_nash(g, tol=-1.0)
    with pytest.raises(InvalidParameterError, match="tol"):
        pure_nash(g, tol="small")
    with pytest.raises(InvalidGameError):
        list(pure_nash_iter("not a game"))


@hst.composite
def small_games(draw):
    n_players = draw(hst.integers(1, 3))
    shape = tuple(draw(hst.lists(hst.integers(1, 4), min_size=n_players, max_size=n_players)))
    size = int(np.prod(shape))
    pay = [np.array(draw(hst.lists(hst.integers(-3, 3), min_size=size, max_size=size))
                    ).reshape(shape) for _ in range(n_players)]
    return ct.NormalFormGame(pay)


@settings(max_examples=60, deadline=None)
@given(small_games(), hst.integers(0, 10 ** 6))
def test_property_zero_regret_and_invariance(game, seed):
    res = pure_nash(game)
    found = found_profiles(res)
    assert found == brute_force_pure(game)
    for eq in res:
        assert max(game.regrets(eq.strategies)) == 0
    # exact games give the same set; positive affine transforms and relabelling do not change it
    assert found_profiles(pure_nash(game.as_exact())) == found
    rng = np.random.default_rng(seed)
    scaled = ct.NormalFormGame([2 * p + int(rng.integers(-5, 5)) for p in game.payoffs])
    assert found_profiles(pure_nash(scaled)) == found
    perms = [list(rng.permutation(n)) for n in game.num_actions]
    permuted = game.permute_actions(perms)
    mapped = {tuple(perms[i][a] for i, a in enumerate(p))
              for p in found_profiles(pure_nash(permuted))}
    assert mapped == found


def test_exact_option():
    g = ct.NormalFormGame.from_bimatrix([[0.1, 0], [0.3, 0.2]], [[0.5, 0.25], [0, 0.2]])
    res = pure_nash(g, exact=True)
    assert res.exact and res[0].payoffs == (Fraction(1, 5), Fraction(1, 5))
    assert not pure_nash(g.as_exact(), exact=False).exact
    assert found_profiles(ct.solve(g, method="pure", exact=True)) == {(1, 1)}

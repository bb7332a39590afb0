"""Tests of simplicial subdivision (``method="simpdiv"``)."""

from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium.simpdiv import simpdiv
from contracts.exceptions import ConvergenceError, InvalidGameError, InvalidParameterError

from _lp_corpus import game_of, listed_is_complete, nash_cases, profile_of


def _random_game(shape, seed, integer=False, high=9):
    """Payoffs uniform on the integers -high..high (integer=True) or standard normal."""
    rng = np.random.default_rng(seed)
    size = tuple(shape) + (len(shape),)
    P = (rng.integers(-high, high + 1, size).astype(float) if integer
         else rng.standard_normal(size))
    return P, ct.NormalFormGame.from_payoff_profile(P)


def _matches(prof, listed, atol=1e-6):
    return any(max(float(np.max(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))))
                   for a, b in zip(prof, eq)) <= atol for eq in listed)


def _check_verified(g, res):
    assert res.method == "simpdiv" and len(res) == 1 and not res.complete
    prof = res[0].strategies
    assert all(np.min(s) >= 0 and abs(float(np.sum(s)) - 1) < 1e-12 for s in prof)
    assert float(max(g.regrets(prof))) <= g.default_tol()
    return prof


@pytest.mark.parametrize("case", [c for c in nash_cases() if c["category"] == "nash_nplayer"],
                         ids=lambda c: c["name"])
def test_corpus_nplayer(case):
    g = game_of(case)
    prof = _check_verified(g, simpdiv(g))
    if listed_is_complete(case):       # the equilibrium found is one of the listed ones
        assert _matches(prof, [profile_of(e) for e in case["equilibria"]])


def test_corpus_unique_equilibrium_reproduced():
    cases = [c for c in nash_cases() if c["category"] == "nash_nplayer" and c.get("count") == 1]
    assert len(cases) >= 3
    for case in cases:
        g = game_of(case)
        (eq,) = [profile_of(e) for e in case["equilibria"]]
        for a, b in zip(simpdiv(g)[0].strategies, eq):
            np.testing.assert_allclose(a, np.asarray(b, dtype=float), atol=1e-8)


# built so that path-following takes very long: simpdiv's path (Gambit's as well) wanders
# through a huge part of the grid; see test_long_path_game_polishes_the_best_point_at_max_iter
_LONG = "gambit_test_6x6_long_LH_paths_unique"


@pytest.mark.parametrize("case", [c for c in nash_cases() if c["category"] == "nash_2p"
                                  and not c.get("degenerate") and c.get("count")
                                  and c["name"] != _LONG][:25],
                         ids=lambda c: c["name"])
def test_corpus_two_players(case):
    g = game_of(case)
    prof = _check_verified(g, simpdiv(g))
    assert _matches(prof, [profile_of(e) for e in case["equilibria"]])


def test_long_path_game_polishes_the_best_point_at_max_iter():
    # when max_iter runs out the best point so far is still polished; here it leads to the
    # game's unique equilibrium
    (case,) = [c for c in nash_cases() if c["name"] == _LONG]
    g = game_of(case)
    res = simpdiv(g, max_iter=3000)
    assert res.iterations == 3000
    (eq,) = [profile_of(e) for e in case["equilibria"]]
    for a, b in zip(_check_verified(g, res), eq):
        np.testing.assert_allclose(a, np.asarray(b, dtype=float), atol=1e-10)


def test_matching_pennies_and_rps():
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    np.testing.assert_allclose(np.concatenate(simpdiv(g)[0].strategies), 0.5, atol=1e-12)
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    g = ct.NormalFormGame.from_bimatrix(A, -A)
    res = simpdiv(g, start=([1, 0, 0], [0, 1, 0]))
    np.testing.assert_allclose(np.concatenate(res[0].strategies), 1 / 3, atol=1e-12)


def _gambit_simpdiv(P, start=None):
    gbt = pytest.importorskip("pygambit")
    gg = gbt.Game.from_arrays(*[P[..., i].astype(int) for i in range(P.shape[-1])])
    if start is None:
        s = gg.mixed_strategy_profile(rational=True)
    else:
        s = gg.mixed_strategy_profile(rational=True, data=[[Fraction(x) for x in row]
                                                           for row in start])
    eq = gbt.nash.simpdiv_solve(s).equilibria[0]
    return tuple(np.array([float(eq[st]) for st in pl.strategies]) for pl in gg.players)


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 2, 2, 2)])
def test_agrees_with_gambit_on_random_games(shape):
    # Same path (same labels, same pivoting rules, same restarts) as Gambit's simpdiv, so on a
    # generic game both end next to the same equilibrium, which each verifies. Payoffs are
    # integers in -99..99 (nearly always generic): Gambit computes in rationals, and the binary
    # expansions of float payoffs make it slow.
    for seed in range(6):
        P, g = _random_game(shape, seed, integer=True, high=99)
        ours = _check_verified(g, simpdiv(g))
        theirs = _gambit_simpdiv(P)
        assert float(max(g.regrets(theirs))) <= 1e-6 * (P.max() - P.min())
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a, b, atol=1e-4)   # Gambit stops at regret 1e-8


def test_agrees_with_gambit_from_a_pure_start():
    P, g = _random_game((3, 3, 3), 7, integer=True, high=99)
    start = [[1, 0, 0]] * 3
    ours = _check_verified(g, simpdiv(g, start=start))
    for a, b in zip(ours, _gambit_simpdiv(P, start)):
        np.testing.assert_allclose(a, b, atol=1e-4)   # Gambit stops at regret 1e-8


def test_unique_equilibrium_game_agrees_with_gambit():
    # player 1 has a strictly dominant action; players 2 and 3 then play matching pennies
    P = np.zeros((2, 2, 2, 3))
    P[0, :, :, 0], P[1, :, :, 0] = 1.0, 0.0
    for b in range(2):
        for c in range(2):
            P[:, b, c, 1] = 1.0 if b == c else -1.0
            P[:, b, c, 2] = -P[:, b, c, 1]
    g = ct.NormalFormGame.from_payoff_profile(P)
    ours = _check_verified(g, simpdiv(g))
    for a, b in zip(ours, [[1, 0], [0.5, 0.5], [0.5, 0.5]]):
        np.testing.assert_allclose(a, b, atol=1e-12)
    for a, b in zip(ours, _gambit_simpdiv(P)):
        np.testing.assert_allclose(a, b, atol=1e-4)   # Gambit stops at regret 1e-8


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 2, 2, 2), (4, 3), (2, 3, 2, 2)])
def test_degenerate_integer_games_verified(shape):
    for seed in range(5):
        _, g = _random_game(shape, 100 + seed, integer=True)
        _check_verified(g, simpdiv(g))


def test_degenerate_special_games():
    zero = ct.NormalFormGame.from_payoff_profile(np.zeros((2, 3, 2, 3)))
    _check_verified(zero, simpdiv(zero))                 # every profile is an equilibrium
    one_action = ct.NormalFormGame.from_payoff_profile(
        np.random.default_rng(3).standard_normal((3, 1, 3, 3)))
    _check_verified(one_action, simpdiv(one_action))
    ties = ct.NormalFormGame.from_payoff_profile(
        np.random.default_rng(4).integers(0, 2, (3, 3, 3, 3)).astype(float))
    _check_verified(ties, simpdiv(ties))


def test_invariant_under_positive_scaling_and_shift():
    P, g = _random_game((3, 3, 3), 5)
    base = simpdiv(g)
    h = ct.NormalFormGame.from_payoff_profile(P * 8.0 + 64.0)    # exact in binary floats
    for a, b in zip(base[0].strategies, simpdiv(h)[0].strategies):
        np.testing.assert_allclose(a, b, atol=1e-10)


def test_options_and_dispatch():
    P, g = _random_game((3, 3, 3), 2)
    for kw in ({"refine": 3}, {"grid": 4}, {"leash": 50}, {"tol": 1e-6},
               {"start": ([0.2, 0.3, 0.5], [1, 0, 0], [0, 0, 1])}):
        res = simpdiv(g, **kw)
        assert float(max(g.regrets(res[0].strategies))) <= kw.get("tol", g.default_tol())
    res = ct.solve(g, method="simpdiv")
    assert res.method == "simpdiv" and res.iterations >= 1 and res.extra["grid"] >= 6
    exact = _random_game((3, 3, 3), 2, integer=True)[1].as_exact()     # Fraction payoffs
    assert exact.is_exact
    _check_verified(exact, simpdiv(exact))


def test_max_iter_exhausted_raises():
    P, g = _random_game((4, 4, 4), 2)
    with pytest.raises(ConvergenceError, match="^simpdiv: .*max_iter=5"):
        simpdiv(g, max_iter=5)


@pytest.mark.parametrize("kw, what", [
    ({"refine": 1}, "refine"), ({"refine": 2.5}, "refine"), ({"max_iter": 0}, "max_iter"),
    ({"grid": 0}, "grid"), ({"leash": 0}, "leash"), ({"tol": -1.0}, "tol"),
    ({"tol": float("nan")}, "tol"), ({"start": ([1, 0, 0], [1, 0])}, "start"),
    ({"start": ([0.5, 0.6], [1, 0])}, "start"),
])
def test_bad_parameters(kw, what):
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    with pytest.raises(InvalidParameterError, match=f"^simpdiv: .*{what}"):
        simpdiv(g, **kw)


def test_one_player_game_best_action():
    g = ct.NormalFormGame([np.array([1.0, 3.0, 2.0])])
    np.testing.assert_array_equal(simpdiv(g)[0].strategies[0], [0, 1, 0])


def test_bad_game():
    with pytest.raises(InvalidGameError, match="^simpdiv: expected a NormalFormGame"):
        simpdiv([[1, 0], [0, 1]])

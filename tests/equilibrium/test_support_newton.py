"""Tests of Newton's method on support profiles and of the N-player route of solve("one")."""

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium.pure import pure_nash_actions
from contracts.equilibrium.support_newton import support_newton, support_profiles
from contracts.exceptions import InvalidGameError, InvalidParameterError


def _random_mixed_game(shape, seed):
    rng = np.random.default_rng(seed)
    while True:
        g = ct.NormalFormGame.from_payoff_profile(rng.random(tuple(shape) + (len(shape),)))
        if not len(pure_nash_actions(g)):
            return g


@pytest.mark.parametrize("shape", [(3, 3, 3), (4, 4, 4), (3, 3, 3, 3), (2, 3, 4)])
def test_one_nplayer_verified(shape):
    for seed in range(4):
        g = _random_mixed_game(shape, seed)
        res = ct.solve(g, method="one")
        assert len(res) == 1
        prof = res[0].strategies
        assert max(g.regrets(prof)) <= 1e-12
        assert all(abs(float(np.sum(s)) - 1) < 1e-12 and np.min(s) >= 0 for s in prof)


def test_support_profiles_counting_condition():
    profs = support_profiles((2, 2, 2))
    assert len(profs) == 7
    for combo in profs:
        d = [int(m.sum()) - 1 for m in combo]
        assert all(di <= sum(d) - di for di in d)


def test_support_newton_finds_gambit_known_equilibria():
    # three-player game with a unique, fully mixed equilibrium: matching pennies extended
    # (player 3's payoff is independent of the others' choices only through a tie-break)
    g = _random_mixed_game((2, 2, 2), 11)
    res = support_newton(g)
    assert len(res) >= 1
    for eq in res:
        assert max(g.regrets(eq.strategies)) <= 1e-12


def test_matching_pennies_two_players():
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    res = support_newton(g)
    assert len(res) == 1
    np.testing.assert_allclose(res[0].strategies[0], [0.5, 0.5])


def test_dispatch_by_name_and_bad_input():
    g = _random_mixed_game((3, 3, 3), 2)
    res = ct.solve(g, method="support_newton")
    assert len(res) >= 1 and res.max_regret <= 1e-12
    with pytest.raises(InvalidGameError, match="^support_newton"):
        support_newton("not a game")
    with pytest.raises(InvalidParameterError, match="^support_newton"):
        support_newton(g, max_iter=0)
    with pytest.raises(InvalidParameterError, match="^support_newton"):
        support_newton(g, max_size=0)


def test_exact_game_one_is_exact():
    g0 = _random_mixed_game((2, 2, 2), 5)
    P = np.stack([np.round(10 * np.asarray(a, dtype=float)) for a in g0.payoffs], axis=-1)
    g = ct.NormalFormGame.from_payoff_profile(P.astype(int)).as_exact()
    if len(pure_nash_actions(g)):
        pytest.skip("rounded game has a pure equilibrium")
    res = ct.solve(g, method="one")
    assert len(res) == 1
    assert max(g.regrets(res[0].strategies)) <= 1e-12


def test_closed_form_three_mixing_players():
    from contracts.equilibrium.support_newton import _Stack, _triple_candidates
    hits = 0
    for seed in range(12):
        g = _random_mixed_game((2, 2, 2), seed)
        st = _Stack(g)
        with np.errstate(divide="ignore", invalid="ignore"):   # degenerate supports: NaN
            cands = list(_triple_candidates(st))
        for cand in cands:
            for row in cand[st.regrets(cand) <= 1e-12]:
                prof = (row[:2], row[2:4], row[4:])
                assert max(g.regrets(prof)) <= 1e-12
                assert all(np.all(s > 0) for s in prof)       # fully mixed
                hits += 1
    assert hits >= 3

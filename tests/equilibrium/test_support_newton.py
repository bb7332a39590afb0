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


def _support_sizes(prof):
    return tuple(int(np.count_nonzero(s > 0)) for s in prof)


@pytest.mark.parametrize("name, shape, kinds", [
    ("square", (3, 3, 3), [(1, 3, 3)]), ("square", (4, 4, 3), [(1, 3, 3), (1, 4, 4)]),
    ("square", (3, 3, 2, 2), [(1, 1, 3, 3)]), ("wide", (3, 3, 3), [(2, 2, 3)]),
    ("wide", (3, 2, 2, 2), [(1, 2, 2, 3)]), ("square", (4, 4, 2), [(1, 3, 3), (1, 4, 4)])])
def test_closed_forms_verified_and_cover_newton(name, shape, kinds):
    """Every verified closed-form candidate (two players mixing over 3 or 4 actions each; one
    over 3 and two over 2) is an equilibrium by the game's own regret, of the support type it
    claims; and every equilibrium of that type that Newton's method on every support profile
    finds independently is among them (Newton from one start per support may miss the second
    root of a quadratic; the closed form does not)."""
    from contracts.equilibrium import _closed_forms as ss
    from contracts.equilibrium.support_newton import _Stack
    gen = {"square": ss._square_candidates, "wide": ss._wide_candidates}[name]
    hits = matched = 0
    for seed in range(30):
        g = _random_mixed_game(shape, 500 + seed)
        st = _Stack(g)
        with np.errstate(divide="ignore", invalid="ignore"):
            cands = [c for c in gen(st)]
        good = [r for c in cands for r in c[st.regrets(c) <= 1e-12]]
        for row in good:
            prof = tuple(row[st.offs[i]:st.offs[i + 1]] for i in range(st.N))
            assert max(g.regrets(prof)) <= 1e-12
            assert tuple(sorted(_support_sizes(prof))) in kinds
            assert all(abs(float(s.sum()) - 1) < 1e-12 for s in prof)
            hits += 1
        for e in support_newton(g, tol=1e-9):
            if tuple(sorted(_support_sizes(e.strategies))) in kinds:
                f = np.concatenate(e.strategies)
                assert good and min(float(np.max(np.abs(r - f))) for r in good) < 1e-8
                matched += 1
    assert hits >= 2 and matched >= 1


def test_covered_supports_are_exactly_the_closed_form_types():
    from contracts.equilibrium._closed_forms import covered
    from contracts.equilibrium.support_newton import _Stack, _tables
    st = _Stack(_random_mixed_game((3, 3, 3), 1))
    levels, _ = _tables(st.n, None)
    for d, masks, _ in levels:
        cov = covered(st, masks)
        sizes = np.add.reduceat(masks, st.offs[:-1], axis=1)
        # 3x3x3: every support with d <= 4 is (2,2,1), (2,2,2), (3,3,1) or (3,2,2): closed forms
        assert cov.all() == (d <= 4), d
        assert not cov[(sizes == 3).sum(axis=1) >= 2].any() or d == 4


def test_one_route_by_support_type_on_3x3x3():
    """The equilibrium `one` returns on random 3x3x3 games is verified, sums to one, and comes
    from a closed form whenever some support up to (3,3,1)/(3,2,2) carries an equilibrium."""
    for seed in range(10):
        g = _random_mixed_game((3, 3, 3), 900 + seed)
        res = ct.solve(g, method="one")
        prof = res[0].strategies
        assert res.extra["route"] == "support_newton"
        assert max(g.regrets(prof)) <= g.default_tol()
        assert res.max_regret == max(g.regrets(prof)) or abs(res.max_regret - max(
            g.regrets(prof))) <= 1e-15
        small = [e for e in support_newton(g, tol=1e-9)
                 if sum(n - 1 for n in _support_sizes(e.strategies)) <= 4]
        if small:
            assert res.message.startswith("closed form"), res.message
            assert sum(n - 1 for n in _support_sizes(prof)) <= 4

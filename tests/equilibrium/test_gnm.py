"""Tests of the global Newton method (``method="gnm"``)."""

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium.gnm import gnm
from contracts.exceptions import ConvergenceError, InvalidGameError, InvalidParameterError

from _lp_corpus import game_of, listed_is_complete, nash_cases, profile_of


def _int_game(shape, seed, high=99):
    P = np.random.default_rng(seed).integers(-high, high + 1, tuple(shape) + (len(shape),))
    return P, ct.NormalFormGame.from_payoff_profile(P.astype(float))


def _matches(prof, listed, atol=1e-6):
    return any(max(float(np.max(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))))
                   for a, b in zip(prof, eq)) <= atol for eq in listed)


def _check_verified(g, res):
    assert res.method == "gnm" and len(res) >= 1 and not res.complete
    for eq in res:
        prof = eq.strategies
        assert all(np.min(s) >= 0 and abs(float(np.sum(s)) - 1) < 1e-12 for s in prof)
        assert float(max(g.regrets(prof))) <= g.default_tol()
    return [eq.strategies for eq in res]


def test_battle_of_sexes_three_equilibria_on_one_path():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    found = _check_verified(g, gnm(g, perturbation=([0.3, 0], [0, 1])))
    expect = [([0, 1], [0, 1]), ([0.6, 0.4], [0.4, 0.6]), ([1, 0], [1, 0])]
    assert len(found) == 3
    for p, q in zip(found, expect):          # met in this order along the path
        assert _matches(p, [q], 1e-9)
    default = _check_verified(g, gnm(g))      # the default ray: the same three, reversed
    assert len(default) == 3
    for p, q in zip(default, expect[::-1]):
        assert _matches(p, [q], 1e-9)
    (only,) = _check_verified(g, gnm(g, perturbation=([1, 0], [0, 1])))
    assert _matches(only, [expect[0]], 1e-9)


_SMALL = [c for c in nash_cases() if c["category"] == "nash_nplayer"
          and int(np.prod(np.shape(c["payoffs"])[1:])) <= 32]


@pytest.mark.parametrize("case", _SMALL, ids=lambda c: c["name"])
def test_corpus_nplayer(case):
    g = game_of(case)
    try:
        res = gnm(g, max_iter=5000)        # a symmetric degenerate game's path cycles
    except ConvergenceError:
        if case.get("count") == 1:
            raise
        return               # a path may end without a verified crossing; never a wrong answer
    found = _check_verified(g, res)
    if listed_is_complete(case):
        listed = [profile_of(e) for e in case["equilibria"]]
        assert all(_matches(p, listed) for p in found)


def test_corpus_unique_equilibrium_reproduced():
    cases = [c for c in _SMALL if c.get("count") == 1]
    assert len(cases) >= 2
    for case in cases:
        g = game_of(case)
        (eq,) = [profile_of(e) for e in case["equilibria"]]
        found = gnm(g)[0].strategies
        for a, b in zip(found, eq):
            np.testing.assert_allclose(a, np.asarray(b, dtype=float), atol=1e-8)


@pytest.mark.parametrize("case", [c for c in nash_cases() if c["category"] == "nash_2p"
                                  and not c.get("degenerate") and c.get("count")][:30],
                         ids=lambda c: c["name"])
def test_corpus_two_players(case):
    g = game_of(case)
    listed = [profile_of(e) for e in case["equilibria"]]
    found = _check_verified(g, gnm(g))
    assert all(_matches(p, listed) for p in found)


def _gambit_gnm(P):
    gbt = pytest.importorskip("pygambit")
    G = gbt.Game.from_arrays(*[P[..., i] for i in range(P.shape[-1])])
    pert = G.mixed_strategy_profile()
    for pl in G.players:
        for k, st in enumerate(pl.strategies):
            pert[st] = 1.0 if k == 0 else 0.0
    res = gbt.nash.gnm_solve(pert)
    return [tuple(np.array([float(eq[st]) for st in pl.strategies]) for pl in G.players)
            for eq in res.equilibria]


@pytest.mark.parametrize("shape, seeds", [((3, 3), range(4)), ((2, 2, 2), (0, 4)),
                                          ((3, 3, 3), (2,)), ((2, 2, 2, 2), (4,))])
def test_same_equilibria_as_gambit(shape, seeds):
    # the same path along the same ray: the same equilibria in the same order
    for seed in seeds:
        P, g = _int_game(shape, seed)
        ours = _check_verified(g, gnm(g))
        theirs = _gambit_gnm(P)
        assert len(ours) == len(theirs)
        for p, q in zip(ours, theirs):
            assert float(max(g.regrets(q))) <= 1e-6 * float(P.max() - P.min())
            for a, b in zip(p, q):
                np.testing.assert_allclose(a, b, atol=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize("shape, seed", [((3, 3, 3), 0), ((2, 2, 2, 2), 1)])
def test_same_equilibria_as_gambit_longer_paths(shape, seed):
    test_same_equilibria_as_gambit(shape, (seed,))


def test_random_direction_reproducible_and_verified():
    _, g = _int_game((3, 3), 11)
    a, b = gnm(g, rng=5), gnm(g, rng=5)
    assert [np.concatenate(e.strategies).tolist() for e in a] == \
           [np.concatenate(e.strategies).tolist() for e in b]
    _check_verified(g, a)
    for seed in range(3):
        _check_verified(g, gnm(g, rng=np.random.default_rng(seed)))
    _check_verified(g, gnm(g, perturbation=([0, 1, 0], [0, 0, 2])))


def test_degenerate_games_verified_or_refused():
    games = [ct.NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]]),
             ct.NormalFormGame.from_payoff_profile(
                 np.random.default_rng(4).integers(0, 2, (2, 2, 2, 3)).astype(float)),
             _int_game((3, 3), 3, high=1)[1]]
    for g in games:
        try:
            _check_verified(g, gnm(g))
        except ConvergenceError as e:
            assert str(e).startswith("gnm: ")


def test_dispatch_and_exact_game():
    P, g = _int_game((2, 2, 2), 0)
    res = ct.solve(g, method="gnm")
    assert res.method == "gnm" and res.extra["crossed"] >= len(res)
    exact = g.as_exact()
    _check_verified(exact, gnm(exact))


@pytest.mark.parametrize("kw, what", [
    ({"perturbation": ([1, 1], [1, 0])}, "unique largest"),
    ({"perturbation": ([1, 0, 0], [1, 0])}, "lengths"),
    ({"perturbation": ([1, 0], [1, 0]), "rng": 1}, "not both"),
    ({"perturbation": ([np.nan, 0], [1, 0])}, "finite"),
    ({"end_lambda": 0.0}, "end_lambda"), ({"steps": 0}, "steps"),
    ({"lnm_interval": 0}, "lnm_interval"), ({"max_iter": 0}, "max_iter"),
    ({"tol": -1.0}, "tol"),
])
def test_bad_parameters(kw, what):
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    with pytest.raises(InvalidParameterError, match=f"^gnm: .*{what}"):
        gnm(g, **kw)


def test_bad_game():
    with pytest.raises(InvalidGameError, match="^gnm: expected a NormalFormGame"):
        gnm("not a game")
    with pytest.raises(InvalidGameError, match="^gnm: the game must have at least two players"):
        gnm(ct.NormalFormGame([np.array([1.0, 3.0, 2.0])]))

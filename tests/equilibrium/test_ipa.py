"""Iterated polymatrix approximation (``method="ipa"``): verified equilibria, agreement with
Gambit's ``ipa_solve``, the corpus of N-player games, and bad input."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from conftest import load_corpus
from contracts.equilibrium.ipa import _project, ipa
from contracts.equilibrium.pure import pure_nash_actions
from contracts.exceptions import ConvergenceError, InvalidGameError, InvalidParameterError

NPLAYER = [c for c in load_corpus() if c["category"] == "nash_nplayer"]


def _vec(v):
    return np.array([float(Fraction(x)) if isinstance(x, str) else float(x) for x in v])


def _random_mixed_game(shape, seed):
    rng = np.random.default_rng(seed)
    while True:
        P = rng.random(tuple(shape) + (len(shape),))
        g = ct.NormalFormGame.from_payoff_profile(P)
        if not len(pure_nash_actions(g)):
            return g, P


def _gambit_profile(G, eq):
    return [np.array([float(eq[s]) for s in p.strategies]) for p in G.players]


@pytest.mark.parametrize("case", NPLAYER, ids=[c["name"] for c in NPLAYER])
def test_corpus_equilibrium_is_verified_and_listed(case):
    g = ct.NormalFormGame(case["payoffs"])
    res = ipa(g, exact=False)
    assert len(res) == 1 and res.method == "ipa" and not res.complete
    prof = res[0].to_numpy()
    assert g.max_regret(prof) <= g.default_tol()
    kind = case["equilibria_kind"]
    if case.get("count") is not None and kind.startswith(("isolated", "pure")) \
            and "continuum" not in kind:
        listed = [[_vec(s) for s in e] for e in case["equilibria"]]
        dist = min(max(float(np.max(np.abs(a - b))) for a, b in zip(e, prof)) for e in listed)
        assert dist < 1e-8, f"not one of the listed equilibria (distance {dist})"


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 3, 4), (3, 3, 3, 3)])
def test_random_games_agree_with_gambit_ipa(shape):
    gbt = pytest.importorskip("pygambit")
    agree = 0
    for seed in range(3):
        g, P = _random_mixed_game(shape, 300 + seed)
        res = ct.solve(g, method="ipa")
        assert len(res) == 1 and res.max_regret <= g.default_tol()
        G = gbt.Game.from_arrays(*[P[..., i] for i in range(len(shape))])
        # Gambit's own regret of our profile (its payoff code, not ours)
        ours = G.mixed_strategy_profile([s.tolist() for s in res[0].to_numpy()])
        assert float(ours.max_regret()) <= 1e-9
        theirs = gbt.nash.ipa_solve(G).equilibria[0]
        dist = max(float(np.max(np.abs(a - b)))
                   for a, b in zip(_gambit_profile(G, theirs), res[0].to_numpy()))
        agree += dist < 1e-5        # Gambit's IPA stops at an approximation (regret ~1e-7)
    # both start at the same kind of point; most random games give the same equilibrium
    assert agree >= 2


def test_unique_equilibrium_matches_gambit_two_players():
    gbt = pytest.importorskip("pygambit")
    A = np.array([[1.0, 2.0], [3.0, -1.0]])
    B = np.array([[2.0, -2.0], [2.0, 3.0]])
    g = ct.NormalFormGame.from_bimatrix(A, B)
    res = ipa(g)
    theirs = gbt.nash.ipa_solve(gbt.Game.from_arrays(A, B)).equilibria[0]
    G = gbt.Game.from_arrays(A, B)
    theirs = gbt.nash.ipa_solve(G).equilibria[0]
    for a, b in zip(_gambit_profile(G, theirs), res[0].to_numpy()):
        np.testing.assert_allclose(a, b, atol=1e-9)
    np.testing.assert_allclose(res[0].to_numpy()[0], [0.2, 0.8], atol=1e-12)


def test_exact_game_gives_exact_equilibrium():
    g = ct.NormalFormGame.from_bimatrix([["1", "2"], ["3", "-1"]], [["2", "-2"], ["2", "3"]])
    res = ct.solve(g, method="ipa")          # an exact game is solved exactly
    assert res.exact and res.max_regret == 0
    assert list(res[0].strategies[1]) == [Fraction(3, 5), Fraction(2, 5)]
    assert not ipa(g, exact=False).exact


def test_rng_perturbs_the_start_and_results_stay_verified():
    g, _ = _random_mixed_game((3, 3, 3), 17)
    a = ipa(g, rng=1)
    b = ipa(g, rng=1)
    assert [s.tolist() for s in a[0].strategies] == [s.tolist() for s in b[0].strategies]
    for seed in range(3):
        assert ipa(g, rng=np.random.default_rng(seed)).max_regret <= g.default_tol()


def test_projection_onto_simplices():
    offs = np.array([0, 3, 5])
    z = np.array([0.5, 2.0, -1.0, 0.2, 0.2])
    s = _project(z, offs)
    np.testing.assert_allclose(s, [0.0, 1.0, 0.0, 0.5, 0.5])
    z = np.array([0.3, 0.5, 0.4, 0.9, 0.1])
    s = _project(z, offs)
    np.testing.assert_allclose(s, [0.3 - 0.2 / 3, 0.5 - 0.2 / 3, 0.4 - 0.2 / 3, 0.9, 0.1])


def test_no_convergence_raises_naming_the_method(monkeypatch):
    from contracts.equilibrium import nplayer
    g, _ = _random_mixed_game((3, 3, 3), 5)
    monkeypatch.setattr(nplayer, "polish_on_support", lambda *a, **k: None)
    with pytest.raises(ConvergenceError, match="^ipa: no verified equilibrium"):
        ipa(g, max_iter=3)


def test_bad_input():
    g, _ = _random_mixed_game((2, 2, 2), 1)
    with pytest.raises(InvalidGameError, match="^ipa: expected a NormalFormGame"):
        ipa([[1, 2], [3, 4]])
    one = ct.NormalFormGame.from_payoff_profile(np.array([[1.0], [2.0]]))
    with pytest.raises(InvalidGameError, match="^ipa: expected a game of two or more"):
        ipa(one)
    for bad in (0, -3, 2.5, True, "10"):
        with pytest.raises(InvalidParameterError, match="^ipa: max_iter"):
            ipa(g, max_iter=bad)
    with pytest.raises(InvalidParameterError, match="^ipa"):
        ipa(g, tol=-1.0)
    with pytest.raises(InvalidParameterError, match="^ipa: rng"):
        ipa(g, rng="seed")
    with pytest.raises(InvalidParameterError, match="^ipa: exact"):
        ipa(g, exact="yes")

"""The fast N-player route of ``solve(game, method="one")`` and the lean logit tracer.

Checks that what was made faster is still right: every equilibrium is verified (by us and, when
pygambit is installed, by Gambit's own regret), listed equilibria of corpus games are matched,
the conditional-dominance pruning never drops the support of an equilibrium that a complete
enumeration finds, exact games get exact equilibria where the support allows, and the logit
branch still agrees with Gambit at lam = 1000 with every traced point on the branch.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from conftest import load_corpus
from contracts.equilibrium.pure import pure_nash_actions
from contracts.equilibrium.support_newton import _Stack, _dominated, _pruned, _tables

NPLAYER = [c for c in load_corpus() if c["category"] == "nash_nplayer"]


def _random_mixed_game(shape, seed):
    rng = np.random.default_rng(seed)
    while True:
        P = rng.random(tuple(shape) + (len(shape),))
        g = ct.NormalFormGame.from_payoff_profile(P)
        if not len(pure_nash_actions(g)):
            return g, P


def _vec(v):
    return np.array([float(Fraction(x)) if isinstance(x, str) else float(x) for x in v])


@pytest.mark.parametrize("case", NPLAYER, ids=[c["name"] for c in NPLAYER])
def test_one_on_corpus_is_verified_and_listed(case):
    g = ct.NormalFormGame(case["payoffs"])
    res = ct.solve(g, method="one", exact=False)
    assert len(res) == 1 and res.converged, res.message
    eq = res[0]
    assert g.max_regret(eq.to_numpy()) <= g.default_tol()
    kind = case["equilibria_kind"]
    if case.get("count") is not None and kind.startswith(("isolated", "pure")) and \
            "continuum" not in kind:
        listed = [[_vec(s) for s in e] for e in case["equilibria"]]
        dist = min(max(float(np.max(np.abs(a - b))) for a, b in zip(e, eq.to_numpy()))
                   for e in listed)
        assert dist < 1e-8, f"not one of the listed equilibria (distance {dist})"


@pytest.mark.parametrize("shape", [(3, 3, 3), (4, 4, 4), (3, 3, 3, 3), (2, 3, 4),
                                   (2, 2, 2, 2, 2)])
def test_one_random_games_verified_also_by_gambit(shape):
    gbt = pytest.importorskip("pygambit")
    for seed in range(5):
        g, P = _random_mixed_game(shape, 100 + seed)
        res = ct.solve(g, method="one")
        assert len(res) == 1
        prof = res[0].to_numpy()
        assert g.max_regret(prof) <= 1e-12
        assert all(abs(float(s.sum()) - 1) < 1e-12 and s.min() >= 0 for s in prof)
        assert res.extra["route"] in ("support_newton", "logit")
        G = gbt.Game.from_arrays(*[P[..., i] for i in range(len(shape))])
        sp = G.mixed_strategy_profile(data=[list(map(float, s)) for s in prof])
        assert float(sp.max_regret()) <= 1e-9


def test_one_reaches_large_supports_by_newton():
    # these seeds (the benchmark's) have no equilibrium on supports of two actions each:
    # the stacked Newton stage must find one with a player mixing over three actions
    sizes = []
    for seed in (7303, 7305):
        g, _ = _random_mixed_game((3, 3, 3), seed)
        res = ct.solve(g, method="one")
        assert res.extra["route"] == "support_newton"
        prof = res[0].to_numpy()
        assert g.max_regret(prof) <= 1e-12
        sizes.append(max(int((s > 0).sum()) for s in prof))
    assert max(sizes) == 3


@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 3)])
def test_pruning_keeps_every_enumerated_equilibrium_support(shape):
    from contracts.equilibrium.enumpoly import enumpoly
    checked = 0
    for seed in range(4):
        g, _ = _random_mixed_game(shape, 300 + seed)
        st = _Stack(g)
        levels, cells = _tables(st.n, None)
        dom = _dominated(st, cells)
        kept = {tuple(m) for lv in levels for m in _pruned(st, lv, dom)}
        for eq in enumpoly(g):
            mask = tuple(np.concatenate([np.asarray(s, dtype=float) > 1e-9
                                         for s in eq.strategies]))
            if sum(mask) > len(shape):        # a mixed support profile
                assert mask in kept, f"seed {seed}: the support of {eq} was pruned"
                checked += 1
    assert checked >= 3


def test_exact_game_gets_an_exact_equilibrium_when_two_players_mix():
    exact_hits = 0
    for seed in range(32):        # 6 of these games have no pure equilibrium
        rng = np.random.default_rng(500 + seed)
        P = rng.integers(-5, 6, size=(3, 3, 3, 3))
        g = ct.NormalFormGame.from_payoff_profile(P).as_exact()
        if len(pure_nash_actions(g)):
            continue
        res = ct.solve(g, method="one")
        assert len(res) == 1
        if res.exact:
            s = res[0].strategies
            assert all(isinstance(x, Fraction) for v in s for x in v)
            assert max(g.regrets(s)) == 0
            exact_hits += 1
        else:
            assert max(g.regrets(res[0].to_numpy())) <= 1e-12
    assert exact_hits >= 2


@pytest.mark.parametrize("shape", [(3, 3, 3), (3, 3, 3, 3)])
def test_logit_branch_matches_gambit_at_lambda_1000(shape):
    gbt = pytest.importorskip("pygambit")
    from contracts.bounded import logit_branch
    from contracts.bounded.qre import _LogitSystem
    for seed in range(2):
        g, P = _random_mixed_game(shape, 700 + seed)
        br = logit_branch(g, max_lambda=1000.0)
        assert br.converged and br.lambdas[-1] == 1000.0
        G = gbt.Game.from_arrays(*[P[..., i] for i in range(len(shape))])
        theirs = gbt.qre.logit_solve_lambda(G, [1000.0])[0]
        for i, player in enumerate(G.players):
            ref = np.array([float(theirs.profile[s]) for s in player.strategies])
            np.testing.assert_allclose(br.profiles[i][-1], ref, atol=1e-6)
        # every traced point lies on the branch (corrector tolerance along the path)
        sys = _LogitSystem(g)
        Y = np.concatenate(br.log_profiles, axis=1)
        for y, lam in zip(Y, br.lambdas):
            assert np.max(np.abs(sys.H(np.append(y, lam)))) <= 1e-6 * (1 + lam)

"""The fast route of ``solve(game, method="one")`` for three or more players: closed-form
candidates verified on their supports only (``_closed_form_check``)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as hst

import contracts as ct
from contracts.equilibrium import _closed_form_check as cfc
from contracts.equilibrium import _closed_forms as cf
from contracts.equilibrium._newton_stack import _Stack
from contracts.equilibrium.pure import pure_nash_actions

SHAPES = [(2, 2, 2), (3, 3, 3), (2, 3, 2), (3, 2, 2, 2), (2, 2, 2, 2), (4, 3, 2)]


def _game(shape, seed, *, rounded=False):
    P = np.random.default_rng(seed).random(tuple(shape) + (len(shape),))
    if rounded:                       # ties: degenerate supports, NaN and inf weights
        P = np.round(4 * P)
    return ct.NormalFormGame.from_payoff_profile(P)


def _mixed_game(shape, seed):
    for k in range(200):
        g = _game(shape, 1000 * seed + k)
        if not len(pure_nash_actions(g)):
            return g
    raise AssertionError("no game without a pure equilibrium")


def _reference_first(st, tol):
    """The first verified closed-form candidate found the old way: every candidate as a full
    profile row, checked by the stack's Kronecker payoffs."""
    for X in cf.closed_forms(st):
        X = X / np.add.reduceat(X, st.offs[:-1], axis=1)[:, st.owner]
        gap, val = st.check(X)
        ok = np.flatnonzero(gap.max(axis=1) <= tol)
        if ok.size:
            return X[ok[0]], gap[ok[0]], val[ok[0]]
    return None


@settings(max_examples=40, deadline=None)
@given(shape=hst.sampled_from(SHAPES), seed=hst.integers(0, 10**6), rounded=hst.booleans())
def test_one_is_verified_on_random_games(shape, seed, rounded):
    g = _game(shape, seed, rounded=rounded)
    res = ct.solve(g, method="one")
    assert len(res) == 1
    prof = res[0].strategies
    regrets = g.regrets(prof)
    assert max(regrets) <= g.default_tol()
    assert res.max_regret == pytest.approx(max(regrets), abs=1e-12)
    for s, n in zip(prof, g.num_actions):
        assert s.shape == (n,) and np.all(s >= 0) and abs(float(s.sum()) - 1) < 1e-12
    assert res[0].payoffs == pytest.approx(g.expected_payoffs(prof), abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(shape=hst.sampled_from(SHAPES), seed=hst.integers(0, 10**6), rounded=hst.booleans())
def test_support_check_equals_full_row_check(shape, seed, rounded):
    """Regrets and payoffs computed on the supports only are those of the full profiles."""
    st = _Stack(_game(shape, seed, rounded=rounded))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for solve in cf._SOLVERS:
            for kind, ent, mix in solve(st):
                gap, val = cfc._check(st, kind, ent, mix)
                X = cf.candidate_rows(st, kind, ent, mix)
                fgap, fval = st.check(X)
                finite = np.isfinite(fgap).all(axis=1)
                assert np.array_equal(finite, np.isfinite(gap).all(axis=1))
                np.testing.assert_allclose(gap[finite], fgap[finite], atol=1e-12)
                np.testing.assert_allclose(val[finite], fval[finite], atol=1e-12)


@pytest.mark.parametrize("shape", SHAPES + [(4, 4, 4), (3, 3, 3, 3)])
def test_check_table_positions(shape):
    """Each position of the support check table is the payoff it claims to be."""
    n = tuple(shape)
    g = _game(n, 7)
    st = _Stack(g)
    offs, M, N = st.offs, st.M, st.N
    pay = [np.asarray(p, dtype=float) for p in g.payoffs]
    flat = np.concatenate([p.ravel() for p in pay])
    for kind in ("pair", "triple", "wide", ("square", 3)):
        try:
            cols, sizes = cf.support_table(n, kind)
        except (TypeError, IndexError):
            continue
        tab = cfc._check_table(n, kind)
        if tab is None:
            continue
        chk, _ = tab
        for e in range(0, cols.shape[1], max(1, cols.shape[1] // 7)):
            groups = np.split(cols[:sum(sizes), e], np.cumsum(sizes)[:-1])
            base = [None] * N
            for c in cols[sum(sizes):, e]:
                pl = int(np.searchsorted(offs, c, side="right") - 1)
                base[pl] = int(c - offs[pl])
            for c, cell in enumerate(itertools.product(*groups)):
                prof = list(base)
                for col in cell:
                    pl = int(np.searchsorted(offs, col, side="right") - 1)
                    prof[pl] = int(col - offs[pl])
                for m in range(M):
                    pl = int(np.searchsorted(offs, m, side="right") - 1)
                    dev = list(prof)
                    dev[pl] = m - int(offs[pl])
                    assert flat[chk[e, m, c]] == pay[pl][tuple(dev)]
                for pl in range(N):
                    assert flat[chk[e, M + pl, c]] == pay[pl][tuple(prof)]


@pytest.mark.parametrize("shape", SHAPES)
def test_same_first_candidate_as_full_rows(shape):
    """The support check returns the same candidate, in the same order, as checking every
    candidate as a full profile row."""
    for seed in range(6):
        st = _Stack(_game(shape, 50 + seed, rounded=seed % 3 == 0))
        tol = 1e-9
        ours = cfc.first_closed_form(st, tol)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ref = _reference_first(st, tol)
        assert (ours is None) == (ref is None)
        if ours is not None:
            for a, b in zip(ours, ref):
                np.testing.assert_allclose(a, b, atol=1e-12)


def test_large_tables_fall_back_to_full_rows(monkeypatch):
    """A shape whose check table is too large is checked as full rows, with the same result."""
    st = _Stack(_mixed_game((3, 3, 3), 3))
    want = cfc.first_closed_form(st, 1e-9)
    cfc._check_table.cache_clear()
    monkeypatch.setattr(cfc, "_MAX_CHECK", 0)
    try:
        got = cfc.first_closed_form(_Stack(_mixed_game((3, 3, 3), 3)), 1e-9)
    finally:
        cfc._check_table.cache_clear()
    assert want is not None and got is not None
    for a, b in zip(want, got):
        np.testing.assert_allclose(a, b, atol=1e-12)


def _gambit_game(g, gbt):
    P = np.stack([np.asarray(p, dtype=float) for p in g.payoffs], axis=-1)
    return gbt.Game.from_arrays(*[P[..., i] for i in range(g.num_players)])


def _gambit_equilibria(g, gbt, solver):
    G = _gambit_game(g, gbt)
    return [np.concatenate([[float(e[s]) for s in pl.strategies] for pl in G.players])
            for e in solver(G).equilibria]


@pytest.mark.parametrize("shape, seeds", [((2, 2, 2), range(12)), ((2, 2, 3), range(6))])
def test_agrees_with_gambit_enumpoly(shape, seeds):
    """With two or three actions, our equilibrium is one of those pygambit's enumpoly finds
    (all of a generic game's); when enumpoly finds a single one, ours is it."""
    gbt = pytest.importorskip("pygambit")
    checked = 0
    for seed in seeds:
        g = _mixed_game(shape, seed)
        ours = np.concatenate(ct.solve(g, method="one")[0].strategies)
        theirs = _gambit_equilibria(g, gbt, gbt.nash.enumpoly_solve)
        if not theirs:
            continue
        dist = min(float(np.max(np.abs(ours - t))) for t in theirs)
        assert dist < 1e-6, (seed, ours, theirs)
        checked += 1
    assert checked >= len(seeds) // 2


@pytest.mark.parametrize("shape", [(3, 3, 3), (4, 4, 4), (3, 3, 3, 3)])
def test_gambit_verifies_our_equilibrium(shape):
    """pygambit's own regret of the profile we return is within tolerance (an independent
    verification; on these shapes enumpoly need not list every equilibrium)."""
    gbt = pytest.importorskip("pygambit")
    for seed in range(4):
        g = _mixed_game(shape, 40 + seed)
        prof = ct.solve(g, method="one")[0].strategies
        G = _gambit_game(g, gbt)
        p = G.mixed_strategy_profile(rational=False)
        for pl, s in zip(G.players, prof):
            for strat, v in zip(pl.strategies, s):
                p[strat] = float(v)
        assert p.max_regret() <= 1e-9


def test_agrees_with_gambit_gnm_when_unique():
    """On 2x2x2 games whose equilibrium enumpoly finds unique, ours is it, and so is gnm's
    when gnm returns one."""
    gbt = pytest.importorskip("pygambit")
    unique = 0
    for seed in range(30):
        g = _mixed_game((2, 2, 2), 300 + seed)
        all_eq = _gambit_equilibria(g, gbt, gbt.nash.enumpoly_solve)
        if len(all_eq) != 1:
            continue
        ours = np.concatenate(ct.solve(g, method="one")[0].strategies)
        assert np.max(np.abs(ours - all_eq[0])) < 1e-6
        for other in _gambit_equilibria(g, gbt, gbt.nash.gnm_solve):
            assert np.max(np.abs(ours - other)) < 1e-5
        unique += 1
    assert unique >= 3

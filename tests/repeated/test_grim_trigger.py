"""Critical discount factors of grim trigger (oracles GRIM-PD-1, GRIM-PD-2, GRIM-TRUST-1)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.equilibrium.grim_trigger import (critical_discount, minmax_payoffs,
                                                pure_stage_equilibria)
from contracts.exceptions import InvalidParameterError, UnsupportedGameError
from conftest import assert_close


def _game(params, exact=False):
    if "U1" in params:
        return ct.NormalFormGame.from_bimatrix(params["U1"], params["U2"], exact=exact)
    return ct.NormalFormGame.from_bimatrix(
        params["U_agency"], params["U_government"], players=("agency", "government"),
        actions=(tuple(params["rows"]), tuple(params["cols"])), exact=exact)


@pytest.mark.parametrize("oid", ["GRIM-PD-1", "GRIM-PD-2", "GRIM-TRUST-1"])
@pytest.mark.parametrize("exact", [False, True])
def test_grim_oracles(oracles, oid, exact):
    o = oracles[oid]
    p, exp, tol = o["params"], o["expected"], o["tolerance"]
    g = _game(p, exact)
    res = critical_discount(g, p["target"], punishment=p["punishment_nash"])
    assert_close(float(res.delta_star), exp["delta_star"], tol, f"{oid} delta_star")
    assert_close([float(x) for x in res.per_player], exp["per_player"], tol,
                 f"{oid} per_player")
    # the default punishment (best pure stage equilibrium) finds the same one
    res2 = critical_discount(g, p["target"])
    assert_close(float(res2.delta_star), exp["delta_star"], tol, f"{oid} default punishment")
    if "stage_nash" in exp:
        assert list(res.stage_nash) == exp["stage_nash"]
        assert list(res2.stage_nash) == exp["stage_nash"]
    if exact:
        assert isinstance(res.delta_star, Fraction)


def test_exact_values():
    # GRIM-PD-2 exactly: (T - R) / (T - P) = 1/7
    g = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]], exact=True)
    assert critical_discount(g, (0, 0)).delta_star == Fraction(1, 7)


def test_result_reports_in_words():
    o = ct.NormalFormGame.from_bimatrix(
        [[3, 1], [5, 2]], [[4, 3], [0, 1]], players=("agency", "government"),
        actions=(("Coop", "Shirk"), ("Trust", "Control")))
    res = critical_discount(o, ("Coop", "Trust"))
    text = str(res)
    assert "Shirk" in text and "0.666667" in text and "minmax" in text
    assert res.deviation_payoffs == (5.0, 3.0)
    assert res.delta_max == 1.0
    assert res.best_deviations == (1, 1)
    assert res.sustainable and res.is_sustainable(0.7) and not res.is_sustainable(0.6)
    with pytest.raises(InvalidParameterError):
        res.is_sustainable(1.0)


def test_target_that_is_a_stage_equilibrium_needs_no_patience():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    res = critical_discount(g, (1, 1))
    assert res.delta_star == 0 and res.per_player == (0.0, 0.0) and res.delta_max == 1
    assert "every discount factor" in str(res)


def test_player_who_prefers_the_punishment_caps_the_discount():
    # player 1 loses 1 today by switching (3 -> 2) but gets 6 instead of 3 in the punishment:
    # grim trigger holds only while (1-δ)2 + 6δ <= 3, i.e. δ <= 1/4
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [2, 6]], [[3, 0], [0, 1]], exact=True)
    assert (1, 1) in pure_stage_equilibria(g)
    res = critical_discount(g, (0, 0), punishment=(1, 1))
    assert res.delta_star == 0 and res.delta_max == Fraction(1, 4)
    assert res.is_sustainable(Fraction(1, 5)) and not res.is_sustainable(Fraction(1, 2))
    assert "prefers the punishment" in str(res) and "between 0 and 1/4" in str(res)


def test_unsustainable_target():
    # a player who gains by deviating and is not hurt by the punishment: never sustainable
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [2, 3]], [[1, 0], [0, 3]])
    res = critical_discount(g, (0, 0), punishment=(1, 1))
    assert res.delta_star == 1 and not res.sustainable
    assert "Not sustainable" in str(res)
    assert not res.is_sustainable(0.99)


def test_minmax_punishment_not_above_nash_reversion():
    # minmax levels are never above any stage-equilibrium payoff
    rng = np.random.default_rng(3)
    for _ in range(20):
        g = ct.NormalFormGame.from_bimatrix(rng.integers(-3, 6, (3, 3)),
                                            rng.integers(-3, 6, (3, 3)))
        if not pure_stage_equilibria(g):
            continue
        for tgt in itertools.product(range(3), range(3)):
            nash = critical_discount(g, tgt)
            mm = critical_discount(g, tgt, punishment="minmax")
            assert mm.delta_star <= nash.delta_star + 1e-12


def test_mixed_nash_reversion_and_mixed_minmax():
    # matching-pennies-like punishment phase: the unique stage equilibrium is mixed
    A = [[4, 0, 1], [0, 4, 1], [5, 5, 0]]
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert pure_stage_equilibria(g) == []
    with pytest.raises(UnsupportedGameError, match="no pure-strategy equilibrium"):
        critical_discount(g, (0, 0))
    half = [[Fraction(1, 2)] * 2] * 2
    res = critical_discount(g.as_exact(), (0, 0), punishment=half)
    assert res.punishment_payoffs == (0, 0)
    assert res.per_player == (0, 1)   # player 2 gains and is not hurt: never
    assert minmax_payoffs(g) == (1.0, 1.0)
    assert minmax_payoffs(g, mixed=True) == (0.0, 0.0)
    assert minmax_payoffs(g.as_exact(), mixed=True) == (0, 0)
    g3 = ct.NormalFormGame.from_bimatrix(A, np.array(A).T)
    mm = minmax_payoffs(g3.as_exact(), mixed=True)
    assert all(isinstance(x, Fraction) for x in mm)
    assert mm[0] <= minmax_payoffs(g3)[0]


def test_three_player_public_goods():
    # each contribution (action 0) costs 1 and gives 0.7 to every player
    P = np.zeros((2, 2, 2, 3))
    for a in np.ndindex(2, 2, 2):
        k = sum(x == 0 for x in a)
        for i in range(3):
            P[a + (i,)] = 0.7 * k - (a[i] == 0)
    g = ct.NormalFormGame.from_payoff_profile(P)
    assert pure_stage_equilibria(g) == [(1, 1, 1)]
    res = critical_discount(g, (0, 0, 0))
    # v = 1.1, d = 1.4, e = 0  ->  0.3 / 1.4
    assert abs(res.delta_star - 0.3 / 1.4) < 1e-12
    assert len(res.per_player) == 3
    with pytest.raises(UnsupportedGameError):
        minmax_payoffs(g, mixed=True)


@pytest.mark.parametrize("target, match", [((0,), "expected 2"), ((0, 5), "out of range"),
                                           (("Coop", "Nope"), "not an action"),
                                           ((0.5, 0), "label or index"), (3, "one action")])
def test_bad_targets(target, match):
    g = ct.NormalFormGame.from_bimatrix([[3, 1], [5, 2]], [[4, 3], [0, 1]],
                                        actions=(("Coop", "Shirk"), ("Trust", "Control")))
    with pytest.raises(InvalidParameterError, match=match):
        critical_discount(g, target)


def test_bad_punishments():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(InvalidParameterError, match="not a stage Nash"):
        critical_discount(g, (0, 0), punishment=(0, 0))
    with pytest.raises(InvalidParameterError, match="not a stage Nash"):
        critical_discount(g, (0, 0), punishment=[[0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(InvalidParameterError, match="punishment must be"):
        critical_discount(g, (0, 0), punishment="harsh")
    with pytest.raises(InvalidParameterError, match="minmax must be"):
        critical_discount(g, (0, 0), minmax="correlated")
    with pytest.raises(ct.InvalidGameError):
        critical_discount([[1]], (0, 0))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([2, 3]))
def test_threshold_is_exactly_where_deviation_stops_paying(seed, n):
    """Inside [δ*, δ_max] no deviation pays; just outside some deviation does."""
    rng = np.random.default_rng(seed)
    A, B = rng.integers(-4, 8, (n, n)), rng.integers(-4, 8, (n, n))
    g = ct.NormalFormGame.from_bimatrix(A, B, exact=True)
    eqs = pure_stage_equilibria(g)
    if not eqs:
        return
    tgt = tuple(int(x) for x in rng.integers(0, n, 2))
    res = critical_discount(g, tgt)
    v, e = res.target_payoffs, res.punishment_payoffs
    U = (g.own_axis_payoffs(0)[:, tgt[1]], g.own_axis_payoffs(1)[:, tgt[0]])

    def some_deviation_pays(delta):
        return any((1 - delta) * U[i][a] + delta * e[i] > v[i]
                   for i in range(2) for a in range(n) if a != tgt[i])

    lo, hi, eps = res.delta_star, res.delta_max, Fraction(1, 10**6)
    if res.sustainable:
        for delta in {max(lo, eps), min(hi, 1 - eps), (lo + hi) / 2}:
            if 0 < delta < 1:
                assert not some_deviation_pays(delta)
                assert res.is_sustainable(delta)
        if lo > 0:
            assert some_deviation_pays(lo - eps)
        if hi < 1:
            assert some_deviation_pays(hi + eps)
    else:
        for k in range(1, 20):
            assert some_deviation_pays(Fraction(k, 20))
    # the chosen stage equilibrium is the best among all pure ones
    for e2 in eqs:
        other = critical_discount(g, tgt, punishment=e2)
        if other.sustainable:
            assert res.sustainable and res.delta_star <= other.delta_star

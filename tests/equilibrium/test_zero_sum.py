"""Zero-sum games by LP (contracts.equilibrium.zero_sum): corpus values, nashpy, exact mode."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

import contracts as ct
from contracts.equilibrium.zero_sum import (_exact_matrix_game, _exact_simplex, matrix_game,
                                            minmax_values, zero_sum)
from contracts.exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from _lp_corpus import game_of, nash_cases, profile_of

ZERO_SUM = [c for c in nash_cases() if c.get("zero_sum")]


def known_value(game, case):
    x, y = profile_of(case["equilibria"][0])
    A = game.as_exact().payoffs[0]
    return x.dot(A).dot(y)


def test_corpus_has_zero_sum_cases():
    assert len(ZERO_SUM) >= 20


@pytest.mark.parametrize("case", ZERO_SUM, ids=[c["name"] for c in ZERO_SUM])
def test_corpus_zero_sum(case):
    """Value equals the known equilibria's value; exact strategies are known extreme ones."""
    game = game_of(case)
    v = known_value(game, case)
    known = [profile_of(e) for e in case["equilibria"]]
    xs = {tuple(e[0]) for e in known}
    ys = {tuple(e[1]) for e in known}
    res = zero_sum(game.as_exact())
    assert res.exact and len(res) == 1
    assert res.extra["value"] == v
    x, y = res[0].strategies
    assert tuple(x) in xs and tuple(y) in ys         # an extreme pair of optimal strategies
    assert res[0].payoffs[0] == v and res.max_regret == 0
    game = game.as_float()
    fres = zero_sum(game)
    assert not fres.exact
    assert abs(fres.extra["value"] - float(v)) <= 1e-9 * (1 + abs(float(v)))
    A = game.payoffs[0]
    fx, fy = fres[0].strategies
    assert np.min(fx @ A) >= float(v) - 1e-9 and np.max(A @ fy) <= float(v) + 1e-9
    total = game.payoffs[0][0, 0] + game.payoffs[1][0, 0]
    assert abs(fres.extra["values"][1] - (float(total) - float(v))) <= 1e-9


@pytest.mark.parametrize("A", [
    [[1, -1], [-1, 1]],                                   # matching pennies
    [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],                 # rock-paper-scissors
    [[0, -2, 1], [2, 0, -1], [-1, 1, 0]],                 # biased RPS
], ids=["matching_pennies", "rock_paper_scissors", "biased_rps"])
def test_against_nashpy(A):
    import nashpy as nash
    A = np.array(A, dtype=float)
    x_n, y_n = nash.Game(A, -A).linear_program()
    res = zero_sum(ct.NormalFormGame.from_bimatrix(A))
    x, y = res[0].strategies
    assert np.allclose(x, x_n, atol=1e-8) and np.allclose(y, y_n, atol=1e-8)
    assert abs(res.extra["value"] - float(x_n @ A @ y_n)) <= 1e-9


def test_random_games_against_nashpy_value():
    import nashpy as nash
    rng = np.random.default_rng(3)
    for n in (3, 5, 8):
        A = rng.normal(size=(n, n + 1))
        x_n, y_n = nash.Game(A, -A).linear_program()
        res = zero_sum(ct.NormalFormGame.from_bimatrix(A))
        assert abs(res.extra["value"] - float(x_n @ A @ y_n)) <= 1e-7


def test_exact_mode_from_float_game_and_certificate():
    A = [[0.5, -0.25, 0.1], [-0.3, 0.2, 0.4]]
    res = zero_sum(ct.NormalFormGame.from_bimatrix(A), exact=True)
    assert res.exact
    x, y = res[0].strategies
    M = ct.NormalFormGame.from_bimatrix(A).as_exact().payoffs[0]
    v = res.extra["value"]
    assert isinstance(v, Fraction)
    assert min(x.dot(M)) == v == max(M.dot(y))


def test_exact_simplex_fallback_agrees():
    rng = np.random.default_rng(7)
    for _ in range(5):
        A = rng.integers(-5, 6, size=(4, 5))
        x, y, v = _exact_matrix_game(ct.NormalFormGame.from_bimatrix(A).as_exact().payoffs[0])
        shift = int(A.min()) - 1
        q, p, total = _exact_simplex([1] * 5, (A - shift).tolist(), [1] * 4)
        assert 1 / total + shift == v
        assert sum(p) == total                       # strong duality, exactly


def test_exact_simplex_degenerate_lp_terminates():
    # many ties at zero right-hand sides: Bland's rule must not cycle
    c = [1, 1, 1]
    A = [[1, -1, 0], [0, 1, -1], [-1, 0, 1], [1, 1, 1]]
    z, y, val = _exact_simplex(c, A, [0, 0, 0, 3])
    assert val == 3 and z == [1, 1, 1]


def test_constant_sum_game():
    A = np.array([[3, 1], [0, 2]])
    g = ct.NormalFormGame.from_bimatrix(A, 5 - A)
    res = zero_sum(g, exact=True)
    assert res.extra["value"] == Fraction(3, 2)
    assert res.extra["values"] == (Fraction(3, 2), Fraction(7, 2))


def test_not_zero_sum_and_force():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(UnsupportedGameError, match="force=True"):
        zero_sum(g)
    res = zero_sum(g, force=True, exact=True)
    assert "force=True" in res.message
    assert res.extra["value"] == 1                # the row player's maxmin value
    assert tuple(res[0].strategies[0]) == (0, 1)


def test_minmax_values():
    pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], exact=True)
    mm = minmax_values(pd)
    assert mm.pure == (1, 1) and mm.mixed == (1, 1)
    assert mm.pure_punishments == (1, 1)
    mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    mm = minmax_values(mp)
    assert mm.pure == (1.0, 1.0)
    assert all(abs(v) < 1e-12 for v in mm.mixed)
    assert np.allclose(mm.mixed_punishments[0], [0.5, 0.5])
    assert "minmax" in str(mm)
    # the punishment really holds each player down to the mixed value
    rng = np.random.default_rng(1)
    A, B = rng.integers(-4, 5, (2, 3, 4))
    g = ct.NormalFormGame.from_bimatrix(A, B, exact=True)
    mm = minmax_values(g)
    assert max(g.payoffs[0].dot(mm.mixed_punishments[0])) == mm.mixed[0]
    assert max(g.payoffs[1].T.dot(mm.mixed_punishments[1])) == mm.mixed[1]
    assert all(m <= p for m, p in zip(mm.mixed, mm.pure))


def test_bad_input():
    g3 = ct.NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(UnsupportedGameError, match="two-player"):
        zero_sum(g3)
    with pytest.raises(UnsupportedGameError):
        minmax_values(g3)
    with pytest.raises(InvalidGameError):
        zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(InvalidParameterError):
        zero_sum(ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]), tol=-1)
    with pytest.raises(InvalidGameError):
        matrix_game([[1, np.nan]])
    with pytest.raises(InvalidGameError):
        matrix_game([1, 2, 3])


@settings(max_examples=40, deadline=None)
@given(hst.integers(1, 5), hst.integers(1, 5), hst.integers(0, 10 ** 6))
def test_property_exact_and_float_agree(m, n, seed):
    rng = np.random.default_rng(seed)
    A = rng.integers(-6, 7, size=(m, n))
    g = ct.NormalFormGame.from_bimatrix(A)
    ex = zero_sum(g, exact=True)
    fl = zero_sum(g)
    v = ex.extra["value"]
    x, y = ex[0].strategies
    M = g.as_exact().payoffs[0]
    assert min(x.dot(M)) == v == max(M.dot(y))             # exact optimality certificate
    assert abs(fl.extra["value"] - float(v)) <= 1e-9 * (1 + abs(float(v)))
    assert fl.max_regret <= g.default_tol()
    # value is affine-equivariant: value(2A + 3) = 2 value(A) + 3
    g2 = ct.NormalFormGame.from_bimatrix(2 * A + 3)
    assert zero_sum(g2, exact=True).extra["value"] == 2 * v + 3


def test_fallbacks_when_float_lp_is_poor(monkeypatch):
    """A bad float LP answer is caught by verification; exact recovery then the rational
    simplex still give the right, certified answer."""
    from contracts.equilibrium import zero_sum as zsmod
    A = np.array([[3, -1, 0], [-2, 4, 1], [0, 1, -3]])

    def poor(M):
        m, n = M.shape
        return np.full(m, 1 / m), np.full(n, 1 / n), 0.0
    monkeypatch.setattr(zsmod, "_float_matrix_game", poor)
    g = ct.NormalFormGame.from_bimatrix(A)
    res = zero_sum(g)
    assert res.exact and "exact arithmetic" in res.message
    monkeypatch.undo()
    good = zero_sum(g, exact=True)
    assert res.extra["value"] == good.extra["value"]
    assert res.max_regret == 0

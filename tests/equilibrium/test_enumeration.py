"""Support enumeration and vertex enumeration: every extreme equilibrium, exact and float.

Known answers: every two-player case of the corpus (``nash_2p`` and the reduced strategic forms of
``nash_extensive``), whose complete sets of extreme equilibria were computed with Gambit's exact
``enummixed``. Properties (hypothesis): every profile is an equilibrium; both methods agree;
sets are invariant under relabelling actions and positive affine payoff transforms. Cross-check
against pygambit on seeded random games.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import contracts as ct
import importlib
from contracts.equilibrium.support_enumeration import support_enumeration, support_enumeration_iter
from contracts.equilibrium.vertex_enumeration import vertex_enumeration, vertex_enumeration_iter
from contracts.exceptions import (DegenerateGameWarning, InvalidParameterError,
                                  UnsupportedGameError)
from tests.conftest import load_corpus

se_mod = importlib.import_module("contracts.equilibrium.support_enumeration")
minors_mod = importlib.import_module("contracts.equilibrium._support_minors")   # its kernel

SOLVERS = {"support_enumeration": support_enumeration, "vertex_enumeration": vertex_enumeration}
ITERS = {"support_enumeration": support_enumeration_iter,
         "vertex_enumeration": vertex_enumeration_iter}

CASES = [c for c in load_corpus() if c["category"] in ("nash_2p", "nash_extensive")]


def _expected(case):
    return {tuple(tuple(Fraction(v) for v in s) for s in eq) for eq in case["equilibria"]}


def _exact_set(result):
    return {tuple(tuple(s) for s in eq.strategies) for eq in result}


def _solve(f, game, **kw):
    """Run a solver, returning the result and the DegenerateGameWarnings it emitted."""
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        res = f(game, **kw)
    return res, [w for w in rec if issubclass(w.category, DegenerateGameWarning)]


def _float_matches(result, expected, atol=1e-7):
    """Float equilibria equal the exact expected set (one-to-one, within atol)."""
    got = [tuple(np.asarray(s, dtype=float) for s in eq.strategies) for eq in result]
    exp = [tuple(np.array([float(v) for v in s]) for s in e) for e in expected]
    if len(got) != len(exp):
        return False
    used = set()
    for e in exp:
        hit = [k for k, g in enumerate(got) if k not in used
               and all(np.allclose(a, b, atol=atol, rtol=0) for a, b in zip(g, e))]
        if not hit:
            return False
        used.add(hit[0])
    return True


# ----------------------------------------------------------------------------------------------
# the corpus: every two-player case, both methods, exact and float
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", sorted(SOLVERS))
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus_exact(case, method):
    A, B = case["payoffs"]
    game = ct.NormalFormGame.from_bimatrix(A, B, exact=True)
    res, warns = _solve(SOLVERS[method], game, exact=True)
    assert _exact_set(res) == _expected(case), case["name"]
    assert res.exact and res.complete and res.method == method
    assert all(eq.regret == 0 and all(isinstance(p, Fraction) for s in eq.strategies for p in s)
               for eq in res)
    assert res.max_regret == 0
    deg = case.get("degenerate")
    if deg is not None:
        # exact mode decides degeneracy exactly, and warns once iff degenerate
        assert res.degenerate is deg
        assert len(warns) == (1 if deg else 0)
    else:
        assert res.degenerate is ct.NormalFormGame.from_bimatrix(A, B).is_degenerate()


@pytest.mark.parametrize("method", sorted(SOLVERS))
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus_float(case, method):
    A, B = case["payoffs"]
    game = ct.NormalFormGame.from_bimatrix(A, B, exact=False)
    res, warns = _solve(SOLVERS[method], game)
    assert _float_matches(res, _expected(case)), case["name"]
    assert not res.exact and res.complete
    assert res.max_regret <= game.default_tol()
    deg = case.get("degenerate")
    if deg is None:
        deg = game.is_degenerate()
    if method == "support_enumeration":
        assert res.degenerate is deg
    else:  # one polytope may suffice in floating point: None means "not fully checked"
        assert res.degenerate in (deg, None)
        if not deg:
            assert res.degenerate is not True
    assert len(warns) == (1 if res.degenerate else 0)


def test_corpus_is_degenerate():
    """NormalFormGame.is_degenerate (exact) agrees with the corpus on every two-player case."""
    for case in CASES:
        if case.get("degenerate") is None:
            continue
        A, B = case["payoffs"]
        assert ct.NormalFormGame.from_bimatrix(A, B).is_degenerate() is case["degenerate"], \
            case["name"]


def test_nashpy_drops_but_we_do_not():
    """anchor_crosscheck: where nashpy returns fewer valid equilibria, we return all of them."""
    hit = 0
    for case in CASES:
        cc = case.get("anchor_crosscheck", {})
        ns = cc.get("nashpy_support_enumeration", {})
        # Gambit lists some degenerate extreme equilibria twice: count distinct profiles
        distinct = len(_expected(case))
        if not ns or ns.get("valid_distinct", 0) >= distinct:
            continue
        hit += 1
        A, B = case["payoffs"]
        res, _ = _solve(support_enumeration, ct.NormalFormGame.from_bimatrix(A, B), exact=True)
        assert len(res) == distinct > ns["valid_distinct"]
    assert hit >= 5


# ----------------------------------------------------------------------------------------------
# small worked examples
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", sorted(SOLVERS))
def test_battle_of_the_sexes(method):
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]],
                                        players=("principal", "agent"))
    res = SOLVERS[method](g, exact=True)
    assert _exact_set(res) == {
        ((1, 0), (1, 0)), ((0, 1), (0, 1)),
        ((Fraction(3, 5), Fraction(2, 5)), (Fraction(2, 5), Fraction(3, 5)))}
    payoffs = {tuple(eq.payoffs) for eq in res}
    assert (Fraction(6, 5), Fraction(6, 5)) in payoffs
    assert "principal" in str(res)


@pytest.mark.parametrize("method", sorted(SOLVERS))
def test_all_zero_game_continuum(method):
    """Every profile is an equilibrium: the extreme ones are the pure profiles."""
    g = ct.NormalFormGame.from_bimatrix(np.zeros((3, 2)), np.zeros((3, 2)))
    for exact in (True, False):
        res, warns = _solve(SOLVERS[method], g, exact=exact)
        assert len(res) == 6 and all(eq.is_pure for eq in res)
        assert res.degenerate is True and len(warns) == 1


@pytest.mark.parametrize("method", sorted(SOLVERS))
@pytest.mark.parametrize("shape", [(1, 1), (1, 4), (4, 1), (2, 5), (5, 2)])
def test_degenerate_shapes(method, shape):
    rng = np.random.default_rng(sum(shape))
    A = rng.integers(-2, 3, size=shape)
    B = rng.integers(-2, 3, size=shape)
    g = ct.NormalFormGame.from_bimatrix(A, B)
    exact, _ = _solve(SOLVERS[method], g, exact=True)
    flt, _ = _solve(SOLVERS[method], g)
    assert len(exact) >= 1
    assert _float_matches(flt, _exact_set(exact))


def test_exact_on_float_game_reads_decimals():
    g = ct.NormalFormGame.from_bimatrix([[0.1, 0.0], [0.0, 0.2]], [[0.2, 0.0], [0.0, 0.1]])
    for f in SOLVERS.values():
        res = f(g, exact=True)
        mixed = [eq for eq in res if not eq.is_pure][0]
        assert tuple(mixed.strategies[0]) == (Fraction(1, 3), Fraction(2, 3))
        assert tuple(mixed.strategies[1]) == (Fraction(2, 3), Fraction(1, 3))


def test_ill_conditioned_float_game_keeps_all_equilibria():
    """von Stengel's 6x6 game with 75 equilibria and payoffs up to 1.7 million."""
    case = next(c for c in CASES if c["name"] == "gambit_dcg_vonstengel1999_6x6_game_with_75_eq")
    g = ct.NormalFormGame.from_bimatrix(*case["payoffs"], exact=False)
    assert len(support_enumeration(g)) == 75
    assert len(vertex_enumeration(g)) == 75


@pytest.mark.parametrize("method", sorted(SOLVERS))
def test_iterators_match_functions(method):
    rng = np.random.default_rng(7)
    g = ct.NormalFormGame.from_bimatrix(rng.integers(0, 4, (4, 3)), rng.integers(0, 4, (4, 3)))
    for exact in (True, False):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateGameWarning)
            res = SOLVERS[method](g, exact=exact)
        gen = ITERS[method](g, exact=exact)
        assert iter(gen) is gen
        profiles = list(gen)
        assert len(profiles) == len(res)
        for p in profiles:
            assert g.is_nash(p)
            assert any(all(np.array_equal(np.asarray(a, float), np.asarray(b, float))
                           for a, b in zip(p, eq.strategies)) for eq in res)


def test_float_tolerance_option():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    for f in SOLVERS.values():
        assert len(f(g, tol=1e-6)) == 3
        assert len(f(g, tol=0)) >= 2          # tol=0 keeps what verifies exactly in floats


# ----------------------------------------------------------------------------------------------
# the minors recursion behind support enumeration
# ----------------------------------------------------------------------------------------------
def test_minor_levels_match_determinants():
    rng = np.random.default_rng(3)
    M = rng.normal(size=(4, 5))
    levels = list(se_mod._minor_levels(M, 4))
    for k in range(1, 5):
        rows, _, _ = se_mod._subsets(4, k)
        cols, _, _ = se_mod._subsets(5, k)
        for a, R in enumerate(rows):
            for b, C in enumerate(cols):
                assert levels[k][a, b] == pytest.approx(np.linalg.det(M[np.ix_(R, C)]), abs=1e-10)


def test_minor_levels_exact_integers():
    M = np.array([[2, -1, 3], [0, 4, 1], [5, 2, -2]], dtype=object)
    D3 = list(se_mod._minor_levels(M, 3))[3]
    assert D3[0, 0] == round(np.linalg.det(M.astype(float))) and isinstance(D3[0, 0], int)


def test_subset_ranks_are_colex():
    for N, k in [(5, 2), (6, 3), (4, 4)]:
        S, drop, parent = se_mod._subsets(N, k)
        index = {tuple(s): i for i, s in enumerate(S.tolist())}
        lower = {tuple(s): i for i, s in enumerate(se_mod._subsets(N, k - 1)[0].tolist())}
        assert len(index) == len(S)
        for s, i in index.items():
            for t in range(k):
                assert drop[i, t] == lower[s[:t] + s[t + 1:]]
        rank, parity = se_mod._add_tables(N, k - 1)
        for s, i in lower.items():
            for r in range(N):
                if r in s:
                    assert rank[i, r] == -1
                else:
                    u = tuple(sorted(s + (r,)))
                    assert rank[i, r] == index[u]
                    assert parity[i, r] == (-1) ** u.index(r)


def test_batches_split_large_games(monkeypatch):
    """Support sizes are processed in several batches when there are many pairs."""
    rng = np.random.default_rng(11)
    g = ct.NormalFormGame.from_bimatrix(rng.random((5, 5)), rng.random((5, 5)))
    whole = support_enumeration(g, exact=True)
    monkeypatch.setattr(minors_mod, "_PAIR_LIMIT", 30)
    se_mod._batches.cache_clear()
    try:
        batches = se_mod._batches(5, 5)
        assert len(batches) > 5
        # every support pair exactly once
        pairs = [(k, l) for b in batches for k, l0, l1 in b for l in range(l0, l1)]
        assert sorted(pairs) == [(k, l) for k in range(1, 6) for l in range(math.comb(5, k))]
        split = support_enumeration(g, exact=True)
        split_float = support_enumeration(g)
    finally:
        se_mod._batches.cache_clear()
    assert _exact_set(split) == _exact_set(whole)
    assert _float_matches(split_float, _exact_set(whole))


# ----------------------------------------------------------------------------------------------
# properties (hypothesis)
# ----------------------------------------------------------------------------------------------
@st.composite
def small_games(draw, low=-2, high=2):
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 4))
    cell = st.integers(low, high)
    A = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    return ct.NormalFormGame.from_bimatrix(A, B, exact=True)


def _quiet(f, *a, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return f(*a, **kw)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games())
def test_property_methods_agree_and_every_profile_is_nash(g):
    se = _quiet(support_enumeration, g, exact=True)
    ve = _quiet(vertex_enumeration, g, exact=True)
    assert _exact_set(se) == _exact_set(ve)
    assert len(se) >= 1                                   # Nash's theorem
    for eq in se:
        assert g.max_regret(eq.strategies) == 0
    assert se.degenerate is ve.degenerate is g.is_degenerate()
    # floating point finds the same extreme equilibria
    for f in (support_enumeration, vertex_enumeration):
        flt = _quiet(f, g.as_float())
        assert _float_matches(flt, _exact_set(se))
        for eq in flt:
            assert g.as_float().is_nash(eq.strategies)


@settings(max_examples=40, deadline=None)
@given(small_games(), st.randoms(use_true_random=False))
def test_property_invariant_under_relabelling(g, rnd):
    m, n = g.num_actions
    p = list(range(m))
    q = list(range(n))
    rnd.shuffle(p)
    rnd.shuffle(q)
    h = g.permute_actions([p, q])
    base = _exact_set(_quiet(support_enumeration, g, exact=True))
    for f in (support_enumeration, vertex_enumeration):
        got = _exact_set(_quiet(f, h, exact=True))
        # new action k of h is old action p[k]: map back to the old labels
        back = set()
        for x, y in got:
            xo = [Fraction(0)] * m
            yo = [Fraction(0)] * n
            for k, v in enumerate(x):
                xo[p[k]] = v
            for k, v in enumerate(y):
                yo[q[k]] = v
            back.add((tuple(xo), tuple(yo)))
        assert back == base


@settings(max_examples=40, deadline=None)
@given(small_games(), st.fractions(min_value=Fraction(1, 7), max_value=9),
       st.fractions(min_value=-5, max_value=5), st.fractions(min_value=Fraction(1, 3), max_value=4),
       st.fractions(min_value=-5, max_value=5))
def test_property_invariant_under_affine_transforms(g, a, b, c, d):
    A, B = g.bimatrix
    h = ct.NormalFormGame.from_bimatrix(A * a + b, B * c + d, exact=True)
    base = _exact_set(_quiet(support_enumeration, g, exact=True))
    for f in (support_enumeration, vertex_enumeration):
        assert _exact_set(_quiet(f, h, exact=True)) == base
    flt = _quiet(support_enumeration, h.as_float())
    assert _float_matches(flt, base)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6), st.integers(2, 6))
def test_property_random_float_games(seed, m, n):
    """Generic (nondegenerate) games: float and exact agree, odd number of equilibria."""
    rng = np.random.default_rng(seed)
    g = ct.NormalFormGame.from_bimatrix(rng.random((m, n)), rng.random((m, n)))
    ex = support_enumeration(g, exact=True)
    assert not ex.degenerate and len(ex) % 2 == 1
    for f in (support_enumeration, vertex_enumeration):
        flt = f(g)
        assert _float_matches(flt, _exact_set(ex), atol=1e-8)


# ----------------------------------------------------------------------------------------------
# cross-check against Gambit's exact enumeration
# ----------------------------------------------------------------------------------------------
def _gambit_set(A, B):
    gbt = pytest.importorskip("pygambit")
    G = gbt.Game.from_arrays(np.array(A, dtype=object), np.array(B, dtype=object))
    res = gbt.nash.enummixed_solve(G, rational=True)
    players = list(G.players)
    return {tuple(tuple(Fraction(eq[s]) for s in p.strategies) for p in players)
            for eq in res.equilibria}


@pytest.mark.parametrize("seed", range(12))
def test_crosscheck_pygambit_integer_games(seed):
    """Seeded random games with small integer payoffs (often degenerate)."""
    rng = np.random.default_rng(500 + seed)
    m, n = rng.integers(2, 6, size=2)
    A = rng.integers(-3, 4, size=(m, n)).tolist()
    B = rng.integers(-3, 4, size=(m, n)).tolist()
    expected = _gambit_set(A, B)
    g = ct.NormalFormGame.from_bimatrix(A, B, exact=True)
    for f in SOLVERS.values():
        res = _quiet(f, g, exact=True)
        assert _exact_set(res) == expected
        assert _float_matches(_quiet(f, g.as_float()), expected)


@pytest.mark.parametrize("n", [3, 5, 6])
def test_crosscheck_pygambit_random_games(n):
    """Seeded random games as in the benchmarks (rng = default_rng(1000 + n), A then B)."""
    rng = np.random.default_rng(1000 + n)
    A = rng.random((n, n))
    B = rng.random((n, n))
    fA = [[Fraction(repr(float(v))) for v in row] for row in A]
    fB = [[Fraction(repr(float(v))) for v in row] for row in B]
    expected = _gambit_set(fA, fB)
    g = ct.NormalFormGame.from_bimatrix(A, B)
    for f in SOLVERS.values():
        assert _exact_set(f(g, exact=True)) == expected
        assert _float_matches(f(g), expected, atol=1e-9)


# ----------------------------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SOLVERS) + sorted(ITERS))
def test_rejects_three_players(name):
    f = SOLVERS.get(name) or ITERS[name]
    g = ct.NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(UnsupportedGameError, match="two-player"):
        res = f(g)
        list(res)


@pytest.mark.parametrize("f", list(SOLVERS.values()))
def test_rejects_non_games(f):
    with pytest.raises(UnsupportedGameError, match="NormalFormGame"):
        f([[1, 2], [3, 4]])


@pytest.mark.parametrize("f", list(SOLVERS.values()) + list(ITERS.values()))
@pytest.mark.parametrize("tol", [-1e-9, float("nan"), float("inf"), "small", True])
def test_rejects_bad_tol(f, tol):
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match="tol"):
        list(f(g, tol=tol))


@pytest.mark.parametrize("f", list(SOLVERS.values()))
def test_rejects_bad_exact_flag(f):
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match="exact"):
        f(g, exact="yes")


@pytest.mark.parametrize("f", list(SOLVERS.values()))
def test_keyword_only_options(f):
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(TypeError):
        f(g, True)

"""The pivoting kernel: one lexicographic ratio test, float and exact pivots, compiled and numpy
paths taking identical pivots, and the exact simplex."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

import contracts as ct
from contracts._linalg import _ratio as ratio
from contracts._linalg import pivot as kernel
from contracts._linalg.pivot import Dictionary, NoPivot, lex_leaving_row, pivot_exact, pivot_float
from contracts._linalg.simplex import exact_simplex
from contracts.equilibrium import lemke_howson as lhmod
from contracts.equilibrium.lemke_howson import lemke_howson, lemke_howson_all


def test_float_and_exact_pivots_agree():
    rng = np.random.default_rng(3)
    Ti = rng.integers(1, 9, (5, 7)).astype(object)
    Tf = Ti.astype(float)
    det = 1
    for r, c in [(0, 0), (2, 3), (4, 1), (1, 5)]:
        if Ti[r, c] == 0:
            continue
        pivot_float(Tf, r, c)
        det = pivot_exact(Ti, r, c, det)
        assert det > 0
        np.testing.assert_allclose(Tf, (Ti / det).astype(float), rtol=1e-9, atol=1e-9)


def test_sparse_column_pivot_matches_dense_update():
    rng = np.random.default_rng(0)
    T = rng.random((80, 81)) + 1.0
    T[::3, 7] = 0.0
    T[:, 7][rng.random(80) < 0.6] = 0.0
    T[5, 7] = 2.0                            # a sparse pivot column
    S = T.copy()
    pivot_float(T, 5, 7)
    colv, inv = S[:, 7].copy(), 1.0 / S[5, 7]
    rowv = S[5] * inv
    rowv[7] = inv
    S -= np.multiply.outer(colv, rowv)
    S[:, 7] = colv * -inv
    S[5] = rowv
    np.testing.assert_array_equal(T, S)


def test_lexicographic_rule_breaks_ties_by_inverse_basis():
    # rows 0 and 1 tie on the ratio 1; slack 0 is basic in row 0 (unit column): row 0 is
    # lexicographically larger, so row 1 leaves -- in floats and exactly
    T = np.array([[1, 1], [1, 1]], dtype=object)
    assert lex_leaving_row(T, 0, [-1, -2], exact=True) == (1, True)
    assert lex_leaving_row(T.astype(float), 0, [-1, -2], exact=False) == (1, True)
    assert lex_leaving_row(-T, 0, [-1, -2], exact=True) == (-1, False)
    d = Dictionary(np.array([[-1.0, 1.0]]), basic=[1], nonbasic=[0], slack=[1])
    with pytest.raises(NoPivot):
        d.enter(0)


small_int_games = hst.tuples(hst.integers(1, 6), hst.integers(1, 6), hst.integers(0, 10 ** 6),
                             hst.integers(1, 4))


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.skipif(not kernel.compiled_available(), reason="numba not installed")
@settings(max_examples=40, deadline=None)
@given(small_int_games)
def test_compiled_and_numpy_paths_take_identical_pivots(data):
    """Degenerate integer games included: the compiled kernel takes the numpy path's pivots."""
    m, n, seed, k = data
    rng = np.random.default_rng(seed)
    A, B = rng.integers(-k, k + 1, (m, n)), rng.integers(-k, k + 1, (m, n))
    g = ct.NormalFormGame.from_bimatrix(A, B)
    for label in range(m + n):
        runs = []
        for flag in (False, True):
            kernel.use_compiled(flag)
            try:
                st = lhmod._FloatState.initial(lhmod._float_positive(A), lhmod._float_positive(B))
                p = lhmod._Path(st, label)
                p.advance(10_000)
                runs.append((p.done, p.pivots, st.key(), st.tied))
            finally:
                kernel.use_compiled(None)
        assert runs[0] == runs[1]
        ex = lemke_howson(g, init=label, exact=True)
        assert ex.iterations == runs[0][1]


def test_compiled_kernel_on_larger_random_games_matches_numpy():
    if not kernel.compiled_available():
        pytest.skip("numba not installed")
    for seed in range(3):
        rng = np.random.default_rng(seed)
        A, B = rng.random((60, 60)), rng.random((60, 60))
        g = ct.NormalFormGame.from_bimatrix(A, B)
        out = []
        for flag in (False, True):
            kernel.use_compiled(flag)
            try:
                r = lemke_howson(g, init=seed)
            finally:
                kernel.use_compiled(None)
            out.append((r.iterations, tuple(np.round(r[0].strategies[0], 12))))
        assert out[0] == out[1]


def test_lemke_howson_all_builds_extra_before_the_result():
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    res = lemke_howson_all(g, exact=True)
    assert dataclasses.is_dataclass(res) and len(res) == 3
    assert res.extra["bases_found"] == 3 and len(res.extra["pivots_per_label"]) == 4


@settings(max_examples=30, deadline=None)
@given(hst.integers(0, 10 ** 6))
def test_exact_simplex_matches_highs_and_duality(seed):
    from contracts._linalg import solve_lp
    rng = np.random.default_rng(seed)
    m, n = rng.integers(1, 6, 2)
    A = rng.integers(-3, 6, (m, n))
    b = rng.integers(0, 5, m)
    c = rng.integers(-2, 5, n)
    A = np.vstack([A, np.ones((1, n), dtype=int)])    # bounded: sum z <= 10
    b = np.append(b, 10)
    z, y, v = exact_simplex(c.tolist(), A.tolist(), b.tolist())
    assert all(sum(Fraction(int(a)) * zi for a, zi in zip(row, z)) <= bi
               for row, bi in zip(A, b))
    assert min(z) >= 0 and min(y) >= 0
    assert v == sum(Fraction(int(ci)) * zi for ci, zi in zip(c, z))
    assert v == sum(Fraction(int(bi)) * yi for bi, yi in zip(b, y))      # strong duality
    sol = solve_lp(-c.astype(float), A_ub=A.astype(float), b_ub=b.astype(float))
    assert abs(-sol.fun - float(v)) < 1e-7


def test_moral_hazard_exact_lp_without_a_useful_hint():
    """The exact dual simplex gives the basis certified from HiGHS's hint."""
    from contracts.agency.moral_hazard import _exact_lp
    F = Fraction
    G = [[F(-3, 5), F(3, 5)], [F(1, 5), F(4, 5)]]
    h, c = [F(1), F(1)], [F(1, 5), F(4, 5)]
    good = _exact_lp(G, h, c, [0.0, 5 / 3])
    bad = _exact_lp(G, h, c, [100.0, 100.0])      # no active constraint: falls back
    assert good == bad == ([F(0), F(5, 3)], [F(4, 3), F(0)], [F(1), F(0)])


def _lex_reference(T, col, alive, slack_pos):
    """The float lexicographic tie-break, slack by slack (the rule the kernel implements)."""
    alive = [int(r) for r in alive]
    for p in slack_pos:
        p = int(p)
        if p < 0:
            if -p - 1 in alive:
                alive.remove(-p - 1)
        else:
            v = [T[i, p] / col[i] for i in alive]
            vmin = min(v)
            thr = vmin + kernel.TOL_RATIO * (1.0 + abs(vmin))
            alive = [i for i, x in zip(alive, v) if x <= thr]
        if len(alive) == 1:
            break
    return alive[0]


@settings(max_examples=60, deadline=None)
@given(hst.integers(0, 10 ** 6), hst.integers(2, 12), hst.sampled_from([5, 40, 90]))
def test_float_tie_break_matches_the_slack_by_slack_rule(seed, ties, nslack):
    """Both tie-break variants (few slacks in Python, many gathered at once) drop the rows of
    the slack-by-slack rule: equal columns, basic slacks of tied and untied rows, and near-ties
    inside and just outside the tolerance."""
    rng = np.random.default_rng(seed)
    nrow, ncol = max(ties, nslack) + 3, nslack + 2
    T = rng.integers(-2, 3, (nrow, ncol)).astype(float)
    col = rng.choice([0.5, 1.0, 2.0, 4.0], nrow)
    alive = np.sort(rng.choice(nrow, ties, replace=False))
    # the tied rows' quotients mostly equal (ties last), some exactly, some within or just
    # outside TOL_RATIO (relative)
    same = rng.random(ncol) < 0.8
    T[np.ix_(alive, same)] = np.outer(col[alive], T[alive[0], same])
    for _ in range(4):
        i, j = int(rng.choice(alive)), int(rng.integers(ncol))
        T[i, j] += col[i] * rng.choice([0.4, 3.0]) * kernel.TOL_RATIO * (
            1.0 + abs(T[i, j] / col[i]))
    # each slack nonbasic in its own column, or basic in its own row
    sp = np.where(rng.random(nslack) < 0.5, rng.permutation(ncol - 1)[:nslack],
                  -(rng.permutation(nrow)[:nslack] + 1))
    want = _lex_reference(T, col, alive, sp)
    assert ratio._lex_float_few(T, col, alive, sp) == want
    assert ratio._lex_float_many(T, col, alive, sp) == want
    assert ratio._lex_float(T, col, alive, sp) == want


def test_float_ratio_test_edge_cases():
    """No candidate, one candidate, ties (all rows reported, sorted), and ratios that
    overflow (all candidates tie, and the lexicographic rule decides)."""
    with np.errstate(over="ignore"):
        assert ratio._min_ratio_float(np.array([0.0, -1.0]), np.array([1.0, 1.0])) == (-1, None)
        assert ratio._min_ratio_float(np.array([0.0, 2.0]), np.array([1.0, 1.0])) == (1, None)
        k, tied = ratio._min_ratio_float(np.array([1.0, -1.0, 2.0, 4.0]),
                                         np.array([1.0, 0.0, 2.0, 8.0]))
        assert k == 0 and tied.tolist() == [0, 2]
        k, tied = ratio._min_ratio_float(np.array([1e-9, 0.0, 1e-9]),
                                         np.array([1e300, 1.0, 1e300]))
        assert k == 0 and tied.tolist() == [0, 2]

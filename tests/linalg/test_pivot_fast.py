"""The numpy pivot path in seven array calls (``_enter_blas``, ``run_pair``) takes the pivots of
every other route -- exact integer pivoting, the compiled kernel, the plain-ufunc update --
pivot by pivot, on random, tied and degenerate games and at tiny and huge payoff scales, and
leaves the compiled kernel's dictionaries entry for entry."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from contracts._linalg import _ratio as ratio
from contracts._linalg import _pivot_ops as ops
from contracts._linalg import pivot as kernel
from contracts._linalg.pivot import Dictionary, NoPivot, run_pair
from contracts.equilibrium import lemke_howson as lhmod
from test_pivot_sequences import _fresh_buffers, _sequence   # the routes, pivot by pivot

HAS_COMPILED = kernel.compiled_available()


def _state(A, B):
    return lhmod._FloatState.initial(lhmod._float_positive(A), lhmod._float_positive(B))


def _routes(A, B, label, exact: bool = True, limit: int = 3000) -> dict:
    out = {}
    for route in ("blas", "pair", "ufunc", "compiled", "exact"):
        if (route == "compiled" and not HAS_COMPILED) or (route == "exact" and not exact):
            continue
        with pytest.MonkeyPatch.context() as mp:
            _fresh_buffers(mp, blas=route != "ufunc")
            seq, _, st = _sequence(np.asarray(A), np.asarray(B), label, route, limit,
                                   with_state=True)
        if route in ("blas", "pair", "ufunc"):   # the intended numpy route was taken
            fast = {ops._work(d).fast for d in st.d if hasattr(d, "_work")}
            assert fast == {route != "ufunc"}, route
        out[route] = (seq, st)
    return out


def _assert_same(runs: dict, what) -> None:
    """The same pivots and tie flag on every route; the float routes' dictionaries equal."""
    ref, ref_st = runs["exact" if "exact" in runs else "blas"]
    assert ref, what
    for route, (seq, st) in runs.items():
        assert seq == ref, (route, what)
        assert st.tied == ref_st.tied, (route, what)
        if route != "exact":
            for d, e in zip(st.d, runs["blas"][1].d):    # entry for entry (zeros' signs aside)
                np.testing.assert_array_equal(d.T, e.T)


SCALES = [2.0 ** -40, 1.0, 2.0 ** 40]          # exact in floats: ties stay ties


@settings(max_examples=30, deadline=None)
@given(hst.integers(1, 6), hst.integers(1, 6), hst.integers(0, 10 ** 6), hst.integers(1, 3),
       hst.sampled_from(SCALES))
def test_tied_integer_games_every_route_same_pivots(m, n, seed, k, scale):
    """Small payoff ranges: many ties, the lexicographic rule decides; the float routes follow
    exact pivoting pivot by pivot."""
    rng = np.random.default_rng(seed)
    A = rng.integers(-k, k + 1, (m, n)) * scale
    B = rng.integers(-k, k + 1, (m, n)) * scale
    for label in range(m + n):
        runs = _routes(A, B, label)
        _assert_same(runs, (A.tolist(), B.tolist(), label))
        assert runs["exact"][0][-1][2] == label            # the path ended


def test_degenerate_games_are_tied_and_agree():
    games = [(np.eye(5), np.eye(5)),
             (np.ones((4, 4)), np.ones((4, 4))),                       # constant: all tie
             (np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1]]) * 2.0 ** 30,
              np.array([[1, 0, 1], [1, 1, 0], [0, 1, 1]]) * 2.0 ** 30),
             (np.kron(np.eye(2), np.ones((2, 3))), np.kron(np.eye(2), np.ones((2, 3))))]
    tied = False
    for A, B in games:
        for label in range(sum(A.shape)):
            runs = _routes(A, B, label)
            _assert_same(runs, (A.tolist(), label))
            tied = tied or runs["exact"][1].tied
    assert tied


@settings(max_examples=20, deadline=None)
@given(hst.integers(2, 30), hst.integers(2, 30), hst.integers(0, 10 ** 6),
       hst.sampled_from([1e-9, 1.0, 1e9, 3.7e-300, 2.3e300]))
def test_random_float_games_float_routes_agree_entry_for_entry(m, n, seed, scale):
    """Continuous payoffs at any scale: BLAS, run_pair, ufunc and compiled routes take the same
    pivots and leave the same dictionaries (bit for bit up to zero signs)."""
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((m, n)) * scale, rng.standard_normal((m, n)) * scale
    label = int(rng.integers(m + n))
    runs = _routes(A, B, label, exact=False)
    _assert_same(runs, (m, n, seed, scale, label))


def test_random_games_agree_with_exact_pivoting():
    for seed in range(4):
        rng = np.random.default_rng(seed)
        A, B = rng.integers(-50, 51, (7, 6)) * 0.25, rng.integers(-50, 51, (7, 6)) * 0.25
        for label in (0, 3, 7, 12):
            _assert_same(_routes(A, B, label), (seed, label))


@pytest.mark.skipif(not HAS_COMPILED, reason="numba not installed")
@pytest.mark.parametrize("n, steps", [(70, 400), (600, 8)])
def test_large_dictionaries_match_the_compiled_path(n, steps):
    """The one-call update (70x70) and the blocked update (600x600: above the BLAS block) take
    the compiled path's pivots, with the same dictionaries after every run."""
    rng = np.random.default_rng(n)
    A, B = rng.random((n, n)), rng.random((n, n))
    assert (n * (n + 1) > ops._BLAS_BLOCK) == (n == 600)
    kern = kernel._load_compiled()
    s1, s2 = _state(A, B), _state(A, B)
    got = run_pair(s1.d[0], s1.d[1], 0, 0, 0, steps)
    d0, d1 = s2.d
    want = kern.run_path(d0.T, d0.basic, d0.pos, d0.slack, d1.T, d1.basic, d1.pos, d1.slack,
                         0, 0, 0, steps, kernel.TOL_PIV, kernel.TOL_RATIO)
    assert got == tuple(want[:4])
    for a, b in zip(s1.d, s2.d):
        np.testing.assert_array_equal(a.T, b.T)
        np.testing.assert_array_equal(a.basic, b.basic)
        np.testing.assert_array_equal(a.pos, b.pos)


def test_run_pair_matches_the_path_driver():
    """run_pair makes the numpy path's pivots of ``_FloatState.run`` (compiled kernel off)."""
    rng = np.random.default_rng(11)
    A, B = rng.random((25, 20)), rng.random((25, 20))
    kernel.use_compiled(False)
    try:
        for label in (0, 24, 30):
            s1, s2 = _state(A, B), _state(A, B)
            t = s1.tableau_of(label)
            whole = run_pair(s1.d[0], s1.d[1], t, label, label, 10_000)
            assert whole == s2.run(t, label, label, 10_000) and whole[3]
            assert s1.key() == s2.key()
            # a path cut in pieces ends where the whole path ends
            s3 = _state(A, B)
            n, t3, enter, done = 0, t, label, False
            while not done:
                k, t3, enter, done = run_pair(s3.d[0], s3.d[1], t3, enter, label, 7)
                n += k
            assert n == whole[0] and s3.key() == s1.key()
    finally:
        kernel.use_compiled(None)


def test_run_pair_no_positive_entry_reports_where_it_stopped():
    # the second pivot's column (label 2 entering d1) has no positive entry
    d0 = Dictionary(np.array([[1.0, 1.0], [2.0, 1.0]]), basic=[1, 2], nonbasic=[0],
                    slack=[1, 2])
    d1 = Dictionary(np.array([[-1.0, 1.0], [0.0, 1.0]]), basic=[0, 1], nonbasic=[2],
                    slack=[0, 1])
    with pytest.raises(NoPivot) as err:
        run_pair(d0, d1, 0, 0, 0, 10)
    assert err.value.args[1:] == (1, 1, 2)


def test_fallbacks_non_contiguous_and_objective_rows():
    """A dictionary that is not C-contiguous (no in-place BLAS), and one with an extra row
    outside the ratio test, pivot as pivot_float does."""
    rng = np.random.default_rng(4)
    T = rng.random((6, 5)) + 0.5
    for arr, rows in ((np.asfortranarray(T), None), (T.copy(), 5)):
        d = Dictionary(arr, basic=range(4, 10), nonbasic=range(4), slack=range(4, 10),
                       rows=rows)
        r, _ = kernel.lex_leaving_row(T, 1, d.slack_pos, exact=False, rows=rows)
        ref = T.copy()
        kernel.pivot_float(ref, r, 1)
        assert d.enter_numpy(1) == 4 + r
        np.testing.assert_array_equal(d.T, ref)
        assert ops._work(d).fast is False


def test_enter_blas_update_is_pivot_float_entry_for_entry():
    rng = np.random.default_rng(9)
    for shape in [(2, 3), (30, 31), (400, 700)]:      # the last: blocked update
        T = rng.standard_normal(shape) * 10.0 ** rng.integers(-5, 6, shape)
        T[:, -1] = np.abs(T[:, -1])
        nrow, ncol = shape
        d = Dictionary(T.copy(), basic=range(ncol - 1, ncol - 1 + nrow),
                       nonbasic=range(ncol - 1), slack=range(ncol - 1, ncol - 1 + nrow))
        for c in (0, ncol // 2, ncol - 2):
            r, _ = kernel.lex_leaving_row(d.T, c, d.slack_pos, exact=False)
            if r < 0:
                continue
            ref = d.T.copy()
            kernel.pivot_float(ref, r, c)
            label = int(np.flatnonzero(d.pos == c)[0])          # the label of column c
            d.enter_numpy(label)
            np.testing.assert_array_equal(d.T, ref)
        assert ops._work(d).fast


ratio_cols = hst.lists(hst.sampled_from([-2.0, -1e-11, 0.0, 1e-11, 2e-10, 0.5, 1.0, 3.0,
                                         1e300, -0.0]), min_size=1, max_size=9)
ratio_rhs = hst.sampled_from([0.0, -0.0, -1e-17, 1e-13, 0.5, 1.0, 1.5, 3.0, 1e300])


@settings(max_examples=300, deadline=None)
@given(ratio_cols, hst.lists(ratio_rhs, min_size=9, max_size=9))
def test_ratio_keys_decide_as_the_full_rule(col, rhs):
    """Zeros of both signs, entries at the pivot tolerance, degenerate (zero or slightly
    negative) right-hand sides, exact and near ties, overflow."""
    col = np.array(col)
    rhs = np.array(rhs[:len(col)])
    with np.errstate(over="ignore"):
        want = ratio._min_ratio_float(col, rhs)
        got = ratio._min_ratio_keys(col, rhs, np.empty(len(col)), np.empty(len(col)))
    assert got[0] == want[0]
    if want[1] is None:
        assert got[1] is None
    else:
        assert got[1].tolist() == want[1].tolist()


def test_run_pair_without_blas_takes_the_same_path():
    rng = np.random.default_rng(12)
    A, B = rng.random((9, 12)), rng.random((9, 12))
    ends = []
    for blas in (True, False):
        with pytest.MonkeyPatch.context() as mp:
            _fresh_buffers(mp, blas)
            s = _state(A, B)
            ends.append((run_pair(s.d[0], s.d[1], 0, 0, 0, 10_000), s.key(),
                         ops._work(s.d[0]).fast))
    assert ends[0][:2] == ends[1][:2] and ends[0][0][3]
    assert (ends[0][2], ends[1][2]) == (True, False)


def test_run_pair_pivots_exact_dictionaries_as_the_exact_driver():
    A = np.array([[3, 3], [2, 5], [0, 6]])
    B = np.array([[3, 2], [2, 6], [3, 1]])
    for label in range(5):
        s1 = lhmod._ExactState.initial(lhmod._int_positive(A.astype(object)),
                                       lhmod._int_positive(B.astype(object)))
        s2 = s1.copy()
        t = s1.tableau_of(label)
        got = run_pair(s1.d[0], s1.d[1], t, label, label, 100)
        assert got[3] and got == s2.run(t, label, label, 100)
        assert s1.key() == s2.key() and s1.den == s2.den


def test_pickled_and_deep_copied_dictionaries_pivot_their_own_array():
    import copy
    import pickle
    rng = np.random.default_rng(2)
    d = Dictionary(rng.random((30, 31)) + 0.5, basic=range(30, 60), nonbasic=range(30),
                   slack=range(30, 60))
    d.enter_numpy(0)                               # work arrays made (views of d.T)
    for e in (pickle.loads(pickle.dumps(d)), copy.deepcopy(d), d.copy()):
        assert not hasattr(e, "_work")
        ref = e.T.copy()
        r, _ = kernel.lex_leaving_row(ref, int(e.pos[5]), e.slack_pos, exact=False)
        kernel.pivot_float(ref, r, int(e.pos[5]))
        e.enter_numpy(5)
        np.testing.assert_array_equal(e.T, ref)

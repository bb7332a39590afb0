"""The compiled start of a Lemke–Howson path (numba): the numpy route's numbers, in one call.

``contracts.equilibrium._lh_compiled`` fuses what ``one_equilibrium`` does first on a float game
when the compiled pivot kernel is in use: the pure-equilibrium scan, the two starting
dictionaries, the first pivots from label 0 and the regret of the path's end. Each piece is
compared here with the numpy code it stands in for.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.equilibrium import one as one_mod
from contracts.equilibrium._lh_paths import _FloatState, _Path
from contracts.equilibrium._lh_start import _compiled_path
from contracts.results import build_bimatrix_result

comp = pytest.importorskip("contracts.equilibrium._lh_compiled")


def _game(seed, m, n, kind="random"):
    rng = np.random.default_rng(seed)
    if kind == "ties":
        return (rng.integers(0, 3, (m, n)).astype(float), rng.integers(0, 3, (m, n)).astype(float))
    if kind == "constant":
        return np.full((m, n), 2.5), rng.random((m, n))
    if kind == "scaled":
        return rng.random((m, n)) * 1e12, rng.random((m, n)) * 1e-12
    return rng.random((m, n)), rng.random((m, n))


CASES = [(s, m, n, k) for s, (m, n) in enumerate([(2, 2), (3, 5), (7, 4), (12, 12), (30, 17),
                                                  (50, 50)])
         for k in ("random", "ties", "constant", "scaled")]


@pytest.mark.parametrize("seed,m,n,kind", CASES)
def test_start_is_from_payoffs_and_pivots_are_the_numpy_pivots(seed, m, n, kind):
    A, B = _game(seed, m, n, kind)
    # no pivots: bit-identical starting dictionaries
    (piv, done, failed, _, pure), make = _compiled_path(comp, A, B, 0, 0)
    assert pure == -1
    assert (piv, done, failed) == (0, False, False)
    ref = _FloatState.from_payoffs(A, B)
    for d1, d2 in zip(make().state.d, ref.d):
        np.testing.assert_array_equal(d1.T, d2.T)
        for attr in ("basic", "pos", "slack"):
            np.testing.assert_array_equal(getattr(d1, attr), getattr(d2, attr))
        assert (d1.rows, d1.det, d1.exact, d1.tied) == (d2.rows, d2.det, d2.exact, d2.tied)
    # a few pivots from every label: the same path as the (numpy or compiled) dictionary path
    for init in range(min(m + n, 6)):
        for k in (1, 3, 2 * (m + n)):
            (piv, done, failed, checked, _), make = _compiled_path(comp, A, B, init, k)
            path = _Path(_FloatState.from_payoffs(A, B), init)
            try:
                path.advance(k)
            except one_mod._lh._PathFailure:
                assert failed
                continue
            assert not failed and (piv, done) == (path.pivots, path.done)
            got = make()
            assert (got.t, got.enter, got.done, got.state.tied) == (
                path.t, path.enter, path.done, path.state.tied)
            for d1, d2 in zip(got.state.d, path.state.d):
                np.testing.assert_array_equal(d1.basic, d2.basic)
                np.testing.assert_array_equal(d1.pos, d2.pos)
                np.testing.assert_allclose(d1.T, d2.T, rtol=1e-12, atol=1e-12)
            if checked is not None:
                # the compiled regret is the one build_bimatrix_result computes
                X, Y = path.state.raw_profile()
                g = ct.NormalFormGame.from_bimatrix(A, B)
                ref = build_bimatrix_result(g, X, Y, method="one", tol=np.inf,
                                            complete=False)
                x, y, pay, reg = checked
                np.testing.assert_allclose(x, ref[0].strategies[0], rtol=0, atol=1e-15)
                np.testing.assert_allclose(y, ref[0].strategies[1], rtol=0, atol=1e-15)
                scale = max(np.abs(A).max(), np.abs(B).max())
                np.testing.assert_allclose(pay, ref[0].payoffs, rtol=1e-13, atol=1e-13 * scale)
                assert abs(reg - ref[0].regret) <= 1e-13 * scale


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 2 ** 32 - 1), st.integers(1, 4))
def test_first_pure_is_the_numpy_scan(m, n, seed, values):
    rng = np.random.default_rng(seed)
    A = rng.integers(0, values, (m, n)).astype(float)
    B = rng.integers(0, values, (m, n)).astype(float)
    k = comp.first_pure(A, B)
    ref = one_mod._first_pure(A, B)
    assert (None if k < 0 else divmod(int(k), n)) == ref
    # the path start looks for it first, and starts no path when it finds one
    (piv, done, _, checked, pure), _ = _compiled_path(comp, A, B, 0, 5, pure_first=True)
    assert pure == k
    if k >= 0:
        # no path; the pure profile comes back with its payoffs and regret 0, as
        # ``one._pure_result`` computes them
        assert (piv, done) == (0, False)
        i, j = divmod(int(k), n)
        x, y, pay, reg = checked
        np.testing.assert_array_equal(x, np.eye(m)[i])
        np.testing.assert_array_equal(y, np.eye(n)[j])
        assert pay == (A[i, j], B[i, j]) and reg == 0.0
        g = ct.NormalFormGame.from_bimatrix(A, B)
        ref_res = one_mod._pure_result(g, A, B, i, j, g.default_tol())
        assert ref_res[0].regret == reg and ref_res[0].payoffs == pay
    else:
        assert checked is None or done
    # non-contiguous inputs (a transposed view) give the same answer
    assert comp.first_pure(np.ascontiguousarray(A.T).T, B) == k


def test_nan_profile_fails_the_check():
    # a profile that is all zero cannot be normalised: NaN regret, rejected
    A, B = np.ones((2, 2)), np.ones((2, 2))
    F, I, x, y = comp.buffers(2, 2)
    T0, b0, p0, s0, T1, b1, p1, s1 = comp.views(F, I, 2, 2)
    T0[:] = 1.0
    T1[:] = 1.0
    b0[:] = [2, 3]                       # only slacks basic: x = 0
    b1[:] = [0, 1]
    u, v, r = comp.profile_regret(A, B, T0, b0, T1, b1, x, y)
    assert np.isnan(r) and not r <= 1.0


@pytest.mark.parametrize("n", [4, 20, 50])
def test_one_with_the_compiled_start_matches_the_numpy_route(n, monkeypatch):
    from contracts._linalg import pivot
    for seed in range(12):
        A, B = _game(1000 + seed, n, n)
        g = ct.NormalFormGame.from_bimatrix(A, B)
        pivot.use_compiled(True)
        try:
            fast = one_mod.one_equilibrium(g)
        finally:
            pivot.use_compiled(False)
        try:
            ref = one_mod.one_equilibrium(g)
        finally:
            pivot.use_compiled(None)
        a, b = dict(fast.extra), dict(ref.extra)
        if a.get("paths", 1) > 1 and n * n >= 400:
            # the race of a medium game starts its other paths in the revised form without the
            # compiled kernel (two pivots for all labels at once): other totals, same winner
            del a["total_pivots"], b["total_pivots"]
        assert a == b
        assert fast.max_regret <= g.default_tol() and len(fast) == 1
        for s, t in zip(fast[0].strategies, ref[0].strategies):
            np.testing.assert_allclose(s, t, rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed,m,n,kind", CASES[::2])
def test_lemke_howson_with_the_compiled_start_matches_the_numpy_path(seed, m, n, kind):
    import warnings

    from contracts._linalg import pivot
    from contracts.equilibrium.lemke_howson import lemke_howson
    A, B = _game(seed, m, n, kind)
    g = ct.NormalFormGame.from_bimatrix(A, B)
    for init in range(min(m + n, 5)):
        for max_iter in (1, 3, 1000):
            out = []
            for flag in (True, False):
                pivot.use_compiled(flag)
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        out.append(lemke_howson(g, init=init, max_iter=max_iter))
                finally:
                    pivot.use_compiled(None)
            fast, ref = out
            assert dict(fast.extra) == dict(ref.extra)
            assert (fast.converged, fast.iterations, len(fast), fast.message, fast.degenerate) \
                == (ref.converged, ref.iterations, len(ref), ref.message, ref.degenerate)
            assert fast.iterations <= max_iter
            if len(fast):
                assert fast.max_regret <= g.default_tol()
                for s, t in zip(fast[0].strategies, ref[0].strategies):
                    np.testing.assert_allclose(s, t, rtol=0, atol=1e-12)


def test_work_arrays_are_reused_but_results_and_paths_are_not():
    """The compiled path's work arrays are kept per thread and shape: a later solve of a game
    of the same shape leaves an earlier result's strategies alone, a path read off the work
    arrays is a copy, and reading one after the arrays were reused is refused."""
    A1, B1 = _game(11, 9, 9)
    A2, B2 = _game(12, 9, 9)
    g1 = ct.NormalFormGame.from_bimatrix(A1, B1)
    g2 = ct.NormalFormGame.from_bimatrix(A2, B2)
    r1 = one_mod.one_equilibrium(g1)
    kept = [s.copy() for s in r1[0].strategies]
    r2 = one_mod.one_equilibrium(g2)
    for s, k in zip(r1[0].strategies, kept):
        np.testing.assert_array_equal(s, k)
    assert g1.is_nash(r1[0].strategies) and g2.is_nash(r2[0].strategies)
    (_, done, _, _, _), make = _compiled_path(comp, A1, B1, 0, 3)
    path = make()
    T_before = path.state.d[0].T.copy()
    (_, _, _, _, _), make2 = _compiled_path(comp, A2, B2, 0, 3)      # reuses the arrays
    np.testing.assert_array_equal(path.state.d[0].T, T_before)       # the path holds a copy
    with pytest.raises(RuntimeError, match="reused"):
        make()
    assert make2().state.d[0].T.shape == (9, 10)


@pytest.mark.parametrize("seed,m,n,kind", CASES)
def test_sweep_probes_are_the_python_probes(seed, m, n, kind):
    """The compiled sweep's start tableaux are those of ``from_payoffs`` bit for bit, and each
    label's capped probe in its slot is the probe Python makes on a copy of the start."""
    from contracts.equilibrium import _one_race as racemod
    from contracts.equilibrium._lh_paths import _TOL_PIV, _TOL_RATIO, _PathFailure
    A, B = _game(seed, m, n, kind)
    T0, T1 = np.empty((n, m + 1)), np.empty((m, n + 1))
    comp.start_tableaux(A, B, T0, T1)
    ref = _FloatState.from_payoffs(A, B)
    np.testing.assert_array_equal(T0, ref.d[0].T)
    np.testing.assert_array_equal(T1, ref.d[1].T)
    start = _FloatState.from_tableaux(T0, T1)
    K = m + n
    stack = racemod._stack(start, K)
    for cap in (1, 3, 10):
        win = comp.sweep(*racemod._arrays(start), *stack[:6], start.d[0].slack,
                         start.d[1].slack, 0, K, cap, _TOL_PIV, _TOL_RATIO, stack[-1])
        for k in range(K if win < 0 else win + 1):
            path = _Path(start.copy(), k)
            try:
                done = path.advance(cap)
            except _PathFailure:
                assert stack[-1][k, 0] < 0
                continue
            piv, t, enter, tied = (int(v) for v in stack[-1][k])
            assert (piv, t, enter, bool(tied)) == (path.pivots, path.t, path.enter,
                                                   path.state.tied)
            assert done == (k == win)
            slot = racemod._on_slot(start, stack, k, bool(tied))
            for d1, d2 in zip(slot.d, path.state.d):
                np.testing.assert_array_equal(d1.T, d2.T)
                np.testing.assert_array_equal(d1.basic, d2.basic)
                np.testing.assert_array_equal(d1.pos, d2.pos)
    # the start is untouched
    np.testing.assert_array_equal(start.d[0].T, ref.d[0].T)
    np.testing.assert_array_equal(start.d[1].pos, ref.d[1].pos)


def test_a_probe_that_fails_in_the_compiled_sweep_is_retired(monkeypatch):
    """A compiled probe whose column had no positive entry is reported, retired, and its
    pivots are counted once (not as a path of a million pivots)."""
    from contracts.equilibrium import _one_race as racemod
    A, B = _game(1016, 50, 50)         # label 0's path is long; label 6 ends in 4 pivots
    g = ct.NormalFormGame.from_bimatrix(A, B)
    ref = one_mod.one_equilibrium(g)
    assert ref.extra["init"] == 6 and ref.extra["paths"] == 100

    class Failing:
        @staticmethod
        def sweep(*args):
            out, lo = args[-1], args[14]
            win = comp.sweep(*args)
            if win != lo:
                out[lo, 0] = -1 - out[lo, 0]        # the block's first probe failed
            return win

    monkeypatch.setattr(racemod, "_compiled_sweep_for", lambda start: Failing)
    res = one_mod.one_equilibrium(g)
    assert "the float path from label 1 failed on round-off" in res.message
    assert res.extra["init"] == 6 and res.extra["total_pivots"] == ref.extra["total_pivots"]
    for s, t in zip(res[0].strategies, ref[0].strategies):
        np.testing.assert_array_equal(s, t)


def test_a_python_probe_that_fails_counts_its_pivots_once(monkeypatch):
    from contracts.equilibrium import _one_race as racemod
    from contracts.equilibrium._lh_paths import _PathFailure
    A, B = _game(1016, 50, 50)
    g = ct.NormalFormGame.from_bimatrix(A, B)
    ref = one_mod.one_equilibrium(g)
    run = _FloatState.run

    def failing(self, t, enter, init, k):
        if init == 2:
            raise _PathFailure("simulated", 3, t, enter)
        return run(self, t, enter, init, k)

    monkeypatch.setattr(racemod, "_compiled_sweep_for", lambda start: None)
    monkeypatch.setattr(_FloatState, "run", failing)
    res = one_mod.one_equilibrium(g)
    assert "the float path from label 2 failed on round-off" in res.message
    assert res.extra["init"] == 6
    # label 2's probe made 3 pivots, not 10
    assert res.extra["total_pivots"] == ref.extra["total_pivots"] - 7

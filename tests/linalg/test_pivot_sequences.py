"""Every route through the pivoting kernel takes the same pivots, one by one, degenerate games
included: the numpy path with the BLAS rank-1 update, the numpy path with plain ufuncs, the
compiled (numba) step and exact integer pivoting."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from contracts._linalg import _pivot_ops as ops
from contracts._linalg import pivot as kernel
from contracts.equilibrium import lemke_howson as lhmod

MODES = ["blas", "ufunc", "compiled", "exact"]


def _fresh_buffers(monkeypatch, blas: bool) -> None:
    """New per-thread work arrays, with or without the BLAS update."""
    monkeypatch.setattr(ops, "_LOCAL", threading.local())
    monkeypatch.setattr(ops, "_DGEMM", None if blas else False)
    if blas:
        assert ops._dgemm_for(10 ** 9) is not None


def _sequence(A, B, label: int, mode: str, max_pivots: int = 2000, with_state: bool = False):
    """The pivots ``(tableau, entering, leaving)`` of the path from ``label``, and ``tied``
    (and the final state, ``with_state``). Mode "pair": ``kernel.run_pair``, one pivot a call."""
    if mode == "exact":
        st = lhmod._ExactState.initial(lhmod._int_positive(A.astype(object)),
                                       lhmod._int_positive(B.astype(object)))
    else:
        st = lhmod._FloatState.initial(lhmod._float_positive(A), lhmod._float_positive(B))
    kern = kernel._load_compiled() if mode == "compiled" else None
    t, enter, seq = st.tableau_of(label), label, []
    for _ in range(max_pivots):
        d = st.d[t]
        if mode == "compiled":
            leave, tied = kern.enter_float(d.T, d.basic, d.pos, d.slack, enter, d.rows,
                                           kernel.TOL_PIV, kernel.TOL_RATIO)
            d.tied = d.tied or bool(tied)
            leave = int(leave)
        elif mode == "exact":
            leave = d.enter(enter)
        elif mode == "pair":
            _, _, nxt, done = kernel.run_pair(st.d[0], st.d[1], t, enter, label, 1)
            leave = label if done else nxt
        else:
            leave = d.enter_numpy(enter)
        seq.append((t, enter, leave))
        if leave == label:
            break
        enter, t = leave, 1 - t
    return (seq, st.tied, st) if with_state else (seq, st.tied)


def _all_modes(monkeypatch, A, B, label):
    out = {}
    for mode in MODES:
        if mode == "compiled" and not kernel.compiled_available():
            continue
        _fresh_buffers(monkeypatch, blas=(mode != "ufunc"))
        out[mode] = _sequence(A, B, label, mode)
    return out


def test_degenerate_games_same_pivot_sequence_on_every_route(monkeypatch):
    # coordination-like games with many payoff ties: the lexicographic rule decides pivots
    games = [(np.eye(4, dtype=int), np.eye(4, dtype=int)),
             (np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1]]), np.array([[1, 1, 0], [0, 1, 1],
                                                                      [1, 0, 1]])),
             (np.ones((3, 4), dtype=int), np.arange(12).reshape(3, 4) % 2)]
    saw_tie = False
    for A, B in games:
        for label in range(sum(A.shape)):
            runs = _all_modes(monkeypatch, A, B, label)
            seqs = {mode: seq for mode, (seq, _) in runs.items()}
            ref = seqs["exact"]
            assert ref and ref[-1][2] == label          # the path ended
            for mode, seq in seqs.items():
                assert seq == ref, (mode, A.tolist(), B.tolist(), label)
            ties = {mode: tied for mode, (_, tied) in runs.items()}
            assert len(set(ties.values())) == 1, ties
            saw_tie = saw_tie or ties["exact"]
    assert saw_tie           # the games above do exercise the tie-break


@settings(max_examples=25, deadline=None)
@given(hst.integers(1, 5), hst.integers(1, 5), hst.integers(0, 10 ** 6), hst.integers(1, 3))
def test_random_integer_games_same_pivot_sequence(m, n, seed, k):
    rng = np.random.default_rng(seed)
    A, B = rng.integers(-k, k + 1, (m, n)), rng.integers(-k, k + 1, (m, n))
    with pytest.MonkeyPatch.context() as mp:
        for label in range(m + n):
            runs = _all_modes(mp, A, B, label)
            ref = runs["exact"][0]
            for mode, (seq, _) in runs.items():
                assert seq == ref, (mode, label)


@pytest.mark.parametrize("shape", [(3, 4), (40, 41), (700, 701)])
def test_blas_and_ufunc_rank1_updates_agree_entry_for_entry(monkeypatch, shape):
    """The BLAS update (in row blocks for large dictionaries) rounds exactly like the ufuncs."""
    rng = np.random.default_rng(sum(shape))
    T = rng.standard_normal(shape) * rng.random(shape) * 10.0
    bufs = ops._Buffers(shape)
    bufs.col[:] = rng.standard_normal(shape[0])
    bufs.row[:] = rng.standard_normal(shape[1]) / 3.7
    expected = T - np.multiply.outer(bufs.col, bufs.row)
    got = T.copy()
    monkeypatch.setattr(ops, "_DGEMM", None)
    bufs.gemm = ops._dgemm_for(10 ** 9)
    assert bufs.gemm is not None
    ops._rank1_update(got, bufs)
    np.testing.assert_array_equal(got, expected)
    bufs.gemm = None                               # the plain numpy update
    got2 = T.copy()
    ops._rank1_update(got2, bufs)
    np.testing.assert_array_equal(got2, expected)


def test_float_ratio_test_matches_a_direct_computation():
    """First minimum ratio over the positive entries; ties within TOL_RATIO reported."""
    rng = np.random.default_rng(5)
    for _ in range(200):
        nr = int(rng.integers(1, 9))
        T = rng.integers(-2, 4, (nr, 4)).astype(float)
        T[:, -1] = np.abs(T[:, -1])
        c = int(rng.integers(0, 3))
        col = T[:, c]
        cand = np.flatnonzero(col > kernel.TOL_PIV)
        r, tied = kernel.lex_leaving_row(T, c, [-(i + 1) for i in range(nr)], exact=False)
        if cand.size == 0:
            assert (r, tied) == (-1, False)
            continue
        ratios = T[cand, -1] / col[cand]
        best = cand[ratios == ratios.min()]
        assert tied == (best.size > 1)
        assert r in best.tolist()
        # the exact rule picks the same row
        assert kernel.lex_leaving_row(T.astype(int).astype(object), c,
                                      [-(i + 1) for i in range(nr)], exact=True)[0] == r

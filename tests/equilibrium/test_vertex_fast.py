"""The compiled steps of float vertex enumeration agree with the numpy ones, and with QuantEcon.

When numba is in use, the vertex labels and the partner systems (one small square system per
vertex of the enumerated polytope) are computed vertex by vertex in compiled code
(:mod:`contracts.equilibrium._vertex_compiled`); otherwise by batched numpy. Both must give the
same vertex labels, the same partner decisions (found, singular or ill-conditioned, degenerate)
and the same extreme equilibria up to round-off -- on random games, integer games with ties,
degenerate games and a known game with 75 equilibria. Every returned profile is verified.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts._linalg import pivot
from contracts._polytope import float_vertices, vertex_labels
from contracts.equilibrium import vertex_enumeration as ve
from contracts.exceptions import DegenerateGameWarning
from tests.conftest import load_corpus

numba = pytest.importorskip("numba")
from contracts.equilibrium import _vertex_compiled as vc  # noqa: E402  (needs numba)


def path(compiled: bool, f, *args, **kw):
    """``f(*args, **kw)`` with the compiled steps forced on (True) or off (False)."""
    old = pivot._FORCE
    pivot.use_compiled(compiled)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateGameWarning)
            return f(*args, **kw)
    finally:
        pivot.use_compiled(old)


def _profiles(res) -> np.ndarray:
    rows = [np.concatenate([np.asarray(s, dtype=float) for s in eq.strategies]) for eq in res]
    rows.sort(key=lambda r: tuple(r.round(7)))
    return np.array(rows)


def _assert_same(r0, r1, atol=1e-9):
    assert len(r0) == len(r1)
    assert r0.degenerate == r1.degenerate
    if len(r0):
        assert np.allclose(_profiles(r0), _profiles(r1), atol=atol, rtol=0)


def _verified(g, res):
    A, B = (np.asarray(M, dtype=float) for M in g.bimatrix)
    for eq in res:
        x, y = (np.asarray(s, dtype=float) for s in eq.strategies)
        assert x.min() >= 0 and y.min() >= 0
        assert abs(x.sum() - 1) < 1e-12 and abs(y.sum() - 1) < 1e-12
        regret = max((A @ y).max() - x @ A @ y, (x @ B).max() - x @ B @ y)
        assert regret <= g.default_tol()


def _game(rng, m, n, kind):
    if kind == "random":
        A, B = rng.random((m, n)), rng.random((m, n))
    elif kind == "ties":
        A, B = rng.integers(0, 3, (m, n)).astype(float), rng.integers(0, 3, (m, n)).astype(float)
    else:                                   # duplicated first row and column: degenerate
        A, B = rng.random((m, n)), rng.random((m, n))
        A[-1], B[-1] = A[0], B[0]
        A[:, -1], B[:, -1] = A[:, 0], B[:, 0]
    return ct.NormalFormGame.from_bimatrix(A, B)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 7), st.integers(2, 7), st.sampled_from(["random", "ties", "dup"]),
       st.integers(0, 2**32 - 1))
def test_compiled_and_numpy_paths_give_the_same_equilibria(m, n, kind, seed):
    g = _game(np.random.default_rng(seed), m, n, kind)
    r0 = path(False, ve.vertex_enumeration, g)
    r1 = path(True, ve.vertex_enumeration, g)
    _assert_same(r0, r1)
    _verified(g, r1)
    assert r1.complete and len(r1) >= 1


@pytest.mark.parametrize("seed", range(6))
def test_compiled_labels_match_numpy_labels(seed):
    rng = np.random.default_rng(seed)
    for M in (rng.random((6, 5)), rng.integers(0, 3, (5, 6)).astype(float), rng.random((4, 1))):
        v0 = float_vertices(M, tol=1e-9)
        v1 = float_vertices(M, tol=1e-9, labels=vc.labels)
        assert np.array_equal(v0.support, v1.support)
        assert np.array_equal(v0.tight, v1.tight)
        assert v0.degenerate == v1.degenerate
        assert np.allclose(v0.points(range(len(v0))), v1.points(range(len(v1))), atol=1e-14)


def test_kernels_take_the_zero_vertex_out_and_label_the_others():
    Mp = np.array([[2.0, 1.0], [1.0, 2.0]])                 # {z >= 0, Mp z <= 1}
    Z = np.array([[0.0, 0.0], [0.5, 0.0], [0.0, 0.5], [1 / 3, 1 / 3]])
    for f in (vertex_labels, vc.labels):
        X, sup, tig, ks, kt = f(Z, Mp, 1e-9)
        assert np.allclose(X, [[1, 0], [0, 1], [0.5, 0.5]])
        assert sup.tolist() == [[True, False], [False, True], [True, True]]
        assert tig.tolist() == [[True, False], [False, True], [True, True]]
        assert ks.tolist() == [1, 1, 2] and kt.tolist() == [1, 1, 2]


def _equal_columns_game(seed):
    """A 4x5 game whose row player's first two columns are equal, its normalised row payoffs
    and the vertices of the row player's polytope."""
    rng = np.random.default_rng(seed)
    A, B = rng.random((4, 5)), rng.random((4, 5))
    A[:, 1] = A[:, 0]
    g = ct.NormalFormGame.from_bimatrix(A, B)
    Ap, Bp = ve._normalised(g)
    return g, A, B, Ap, float_vertices(Bp.T, tol=1e-9, normalised=True)


SINGULAR_SEEDS = [102, 107, 108, 114, 116, 118]       # seeds where such systems occur


@pytest.mark.parametrize("seed", SINGULAR_SEEDS + [100, 101])
def test_partner_decisions_agree_including_singular_systems(seed):
    # identical columns in the row player's payoffs make some partner systems singular (an
    # exactly zero pivot, or after round-off a huge solution of the probe): both paths hand
    # those vertices to the general matching
    g, A, B, Ap, vs = _equal_columns_game(seed)
    ids0, W0, deg0, hard0 = path(False, ve._partners, vs, Ap, 1e-9)
    ids1, W1, deg1, hard1 = path(True, ve._partners, vs, Ap, 1e-9)
    assert ids0.tolist() == ids1.tolist() and hard0 == hard1 and deg0 == deg1
    assert np.allclose(W0, W1, atol=1e-12)
    _assert_same(path(False, ve.vertex_enumeration, g), path(True, ve.vertex_enumeration, g))
    exact = ve.vertex_enumeration(ct.NormalFormGame.from_bimatrix(
        A.astype(object), B.astype(object)), exact=True)
    assert len(path(True, ve.vertex_enumeration, g)) == len(exact)


@pytest.mark.parametrize("compiled", [False, True])
def test_singular_systems_are_met_and_handed_to_the_matching(compiled):
    # the singular case above is really exercised: a square vertex whose system has two equal
    # columns is never given a partner by the solve, only by the general matching
    for seed in SINGULAR_SEEDS:
        g, A, B, Ap, vs = _equal_columns_game(seed)
        ks, kt = vs.sizes()
        both = np.flatnonzero(vs.tight[:, 0] & vs.tight[:, 1] & (ks == kt) & (ks >= 2))
        assert len(both)
        ids, _, _, hard = path(compiled, ve._partners, vs, Ap, 1e-9)
        assert set(both.tolist()) <= set(hard) and not set(both.tolist()) & set(ids.tolist())


def test_known_game_with_75_equilibria_both_paths():
    # GAMBIT-vonstengel1999-6x6-75: a nondegenerate 6x6 game with 75 extreme equilibria
    case = next(c for c in load_corpus()
                if c["name"] == "gambit_dcg_vonstengel1999_6x6_game_with_75_eq")
    A, B = (np.array(M, dtype=float) for M in case["payoffs"])
    g = ct.NormalFormGame.from_bimatrix(A, B)
    known = np.array(sorted((np.concatenate([[float(Fraction(v)) for v in s] for s in eq])
                             for eq in case["equilibria"]), key=lambda r: tuple(r.round(7))))
    assert len(known) == 75
    for compiled in (False, True):
        res = path(compiled, ve.vertex_enumeration, g)
        assert len(res) == 75 and res.complete
        got = _profiles(res)
        assert np.abs(got - known).max() < 1e-8
        _verified(g, res)


@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_same_equilibria_as_quantecon(n):
    qe = pytest.importorskip("quantecon.game_theory")
    for seed in range(4):
        rng = np.random.default_rng(1000 + 10 * n + seed)
        A, B = rng.random((n, n + seed % 2)), rng.random((n, n + seed % 2))
        g = ct.NormalFormGame.from_bimatrix(A, B)
        theirs = qe.vertex_enumeration(qe.NormalFormGame((qe.Player(A), qe.Player(B.T))))
        ref = np.array(sorted((np.concatenate(p) for p in theirs), key=lambda r: tuple(r.round(7))))
        for compiled in (False, True):
            got = _profiles(path(compiled, ve.vertex_enumeration, g))
            assert got.shape == ref.shape
            assert np.allclose(got, ref, atol=1e-9, rtol=0)


def test_iterator_uses_the_same_path():
    rng = np.random.default_rng(7)
    g = ct.NormalFormGame.from_bimatrix(rng.random((5, 5)), rng.random((5, 5)))
    for compiled in (False, True):
        it = path(compiled, lambda: list(ve.vertex_enumeration_iter(g)))
        res = path(compiled, ve.vertex_enumeration, g)
        assert len(it) == len(res)
        got = np.array(sorted((np.concatenate(p) for p in it), key=lambda r: tuple(r.round(7))))
        assert np.allclose(got, _profiles(res), atol=1e-12)


def test_compiled_steps_follow_the_kernel_switch():
    # numba is imported here, so the automatic choice is the compiled steps (unless the
    # environment switches the compiled kernel off); never when forced off
    if pivot.compiled_available():
        assert path(None, ve._compiled) is vc
        assert path(True, ve._compiled) is vc
    assert path(False, ve._compiled) is None

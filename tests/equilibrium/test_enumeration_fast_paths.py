"""The fast paths of the two-player enumerations on small games agree with the general ones.

Vertex enumeration (float) enumerates one best-response polytope and solves one square system
per vertex for its only possible partner; the general path enumerates both polytopes and matches
labels. Both must give the same extreme equilibria -- on random games, on integer games with ties
and on degenerate games (where some vertices are handed to the general matching). The Qhull call
without scipy's hull object must give ConvexHull's facets, and the row-wise deduplication the
rule of ``distinct_profiles``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts._polytope import (distinct_profiles, distinct_rows, float_vertices,
                                 match_vertices, normalised_float)
from contracts.equilibrium.vertex_enumeration import vertex_enumeration, vertex_enumeration_iter
from contracts.exceptions import DegenerateGameWarning, InvalidGameError


def _general(game):
    """Extreme equilibria by enumerating both polytopes and matching labels (no partner solve)."""
    A, B = game.bimatrix
    P = float_vertices(normalised_float(B).T)
    Q = float_vertices(normalised_float(A))
    return [(P.strategy(k), Q.strategy(l))
            for k, l in match_vertices(P.support, P.tight, Q.support, Q.tight)]


def _same_sets(res, ref, atol=1e-9):
    got = sorted(np.concatenate(eq.strategies).round(7).tolist() for eq in res)
    exp = sorted(np.concatenate(p).round(7).tolist() for p in ref)
    return len(got) == len(exp) and np.allclose(got, exp, atol=atol, rtol=0)


def _quiet(f, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return f(*args, **kw)


@pytest.mark.parametrize("seed", range(12))
def test_partner_path_agrees_with_matching_on_random_games(seed):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 8, size=2)
    g = ct.NormalFormGame.from_bimatrix(rng.random((m, n)), rng.random((m, n)))
    res = vertex_enumeration(g)
    assert res.complete and len(res) % 2 == 1 and not res.degenerate
    assert _same_sets(res, _general(g))
    assert all(eq.regret <= g.default_tol() for eq in res)


@pytest.mark.parametrize("seed", range(12))
def test_partner_path_agrees_with_exact_on_integer_games(seed):
    # small integer payoffs: ties and degenerate vertices are common, so some vertices take
    # the general matching and the result must still be the exact set of extreme equilibria
    rng = np.random.default_rng(100 + seed)
    m, n = rng.integers(2, 6, size=2)
    A, B = rng.integers(-2, 3, (m, n)), rng.integers(-2, 3, (m, n))
    g = ct.NormalFormGame.from_bimatrix(A.astype(float), B.astype(float))
    res = _quiet(vertex_enumeration, g)
    exact = _quiet(vertex_enumeration, g, exact=True)
    assert _same_sets(res, [tuple(np.asarray(s, dtype=float) for s in eq.strategies)
                            for eq in exact])
    if exact.degenerate is False:
        assert res.degenerate in (False, None)
    if res.degenerate:
        assert exact.degenerate


def test_degenerate_game_warns_and_lists_both_extreme_points():
    # the row player's second action ties against the first column: a continuum of equilibria
    g = ct.NormalFormGame.from_bimatrix([[1.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [1.0, 1.0]])
    with pytest.warns(DegenerateGameWarning):
        res = vertex_enumeration(g)
    assert res.degenerate is True
    assert _same_sets(res, _general(g))
    iterated = list(_quiet(vertex_enumeration_iter, g))
    assert _same_sets(res, iterated)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 6), st.integers(2, 6), st.booleans())
def test_property_partner_path_agrees_with_matching(seed, m, n, integer):
    rng = np.random.default_rng(seed)
    if integer:
        A, B = rng.integers(0, 4, (m, n)).astype(float), rng.integers(0, 4, (m, n)).astype(float)
    else:
        A, B = rng.random((m, n)), rng.random((m, n))
    g = ct.NormalFormGame.from_bimatrix(A, B)
    res = _quiet(vertex_enumeration, g)
    assert _same_sets(res, _general(g))
    assert all(eq.regret <= g.default_tol() for eq in res)


def test_iterator_yields_the_same_profiles_in_the_same_order():
    rng = np.random.default_rng(7)
    g = ct.NormalFormGame.from_bimatrix(rng.random((5, 6)), rng.random((5, 6)))
    res = vertex_enumeration(g)
    it = list(vertex_enumeration_iter(g))
    assert len(it) == len(res)
    for eq, prof in zip(res, it):
        assert all(np.allclose(s, t, rtol=0, atol=1e-15) for s, t in zip(eq.strategies, prof))


def test_unresolvable_payoffs_are_refused_with_the_shared_message():
    g = ct.NormalFormGame.from_bimatrix([[1e-305, 0.0], [0.0, 1e-305]],
                                        [[0.0, 1e-305], [1e-305, 0.0]])
    with pytest.raises(InvalidGameError, match=r"^vertex_enumeration: the payoffs are too small"):
        vertex_enumeration(g)
    assert len(vertex_enumeration(g, exact=True)) == 1


def test_qhull_equations_are_convex_hull_facets():
    from scipy.spatial import ConvexHull

    from contracts._polytope import _hull_equations

    rng = np.random.default_rng(3)
    pts = np.vstack([rng.random((7, 5)) + 1.0, -np.eye(5)])
    ours = _hull_equations(pts)
    ref = ConvexHull(pts, qhull_options="Qt Q12").equations
    assert ours.shape == ref.shape
    assert np.array_equal(np.sort(ours, axis=0), np.sort(ref, axis=0))


def test_distinct_rows_follows_distinct_profiles():
    X = np.array([[0.5, 0.5], [0.5 + 1e-12, 0.5], [1.0, 0.0], [0.5, 0.5]])
    Y = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    keep = distinct_rows(X, Y)
    ref = distinct_profiles(list(zip(X, Y)), exact=False)
    assert keep.tolist() == [0, 2, 3]
    assert len(ref) == len(keep)
    assert all(np.array_equal(a[0], X[k]) and np.array_equal(a[1], Y[k])
               for a, k in zip(ref, keep))
    assert distinct_rows(X[:1], Y[:1]).tolist() == [0]
    assert distinct_rows(X[:0], Y[:0]).tolist() == []


def test_vertex_set_rows_and_sizes():
    vs = float_vertices([[3.0, 0.0, 1.0], [0.0, 3.0, 1.0]])
    ks, kt = vs.sizes()
    assert ks.tolist() == vs.support.sum(axis=1).tolist()
    assert kt.tolist() == vs.tight.sum(axis=1).tolist()
    rows = vs.points([1, 0])
    assert np.array_equal(rows[0], vs.strategy(1)) and np.array_equal(rows[1], vs.strategy(0))
    from contracts._polytope import exact_vertices
    from contracts.exceptions import InvalidParameterError
    with pytest.raises(InvalidParameterError, match="^VertexSet.points"):
        exact_vertices([[3, 0], [0, 3]]).points([0])


# ----------------------------------------------------------------------------------------------
# support enumeration: the single-game kernel gives the stack kernel's answer, bit for bit
# ----------------------------------------------------------------------------------------------
def _kernel_pair(A, B):
    from contracts.equilibrium._batch_support import stack_support_enumeration, stack_tols
    from contracts.equilibrium._support_single import single_game

    t, _ = stack_tols(A[None], B[None])
    _, X, Y, suspect = stack_support_enumeration(A[None], B[None], t, verify=False)
    return (None if suspect[0] else (X, Y)), single_game(A, B, float(t[0]))


def _assert_same_answer(A, B):
    stack, single = _kernel_pair(A, B)
    if stack is None:
        assert single is None                      # suspect there, suspect here
    else:
        assert single is not None
        assert np.array_equal(stack[0], single[0]) and np.array_equal(stack[1], single[1])
    return stack


@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (4, 1), (2, 2), (3, 5), (6, 6), (7, 6),
                                   (2, 12), (5, 7)])
def test_single_game_kernel_is_the_stack_kernel(shape):
    m, n = shape
    decided = 0
    for seed in range(8):
        rng = np.random.default_rng(1000 * m + 10 * n + seed)
        decided += _assert_same_answer(rng.random((m, n)), rng.random((m, n))) is not None
        # ties: integer payoffs are often degenerate, and then both must refuse
        _assert_same_answer(rng.integers(-2, 3, (m, n)).astype(float),
                            rng.integers(-2, 3, (m, n)).astype(float))
    if min(m, n) > 1:                              # one action: a tie by construction
        assert decided >= 4                        # random games: mostly certified


def test_single_game_kernel_refuses_degenerate_and_constant_games():
    from contracts.equilibrium._support_single import single_game

    assert single_game(np.ones((3, 3)), np.eye(3), 1e-9) is None          # constant payoffs
    A = np.array([[1.0, 1.0], [1.0, 0.0]])                                # a tie
    assert single_game(A, A.T.copy(), 1e-9) is None
    g = ct.NormalFormGame.from_bimatrix(A, A.T.copy())
    with pytest.warns(DegenerateGameWarning):                             # the general path
        res = ct.solve(g, method="support_enumeration")
    assert res.degenerate and res.complete


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 7), st.integers(1, 7), st.booleans())
def test_property_single_game_kernel_is_the_stack_kernel(seed, m, n, integer):
    from contracts.equilibrium._support_single import fits

    if not fits(m, n):
        return
    rng = np.random.default_rng(seed)
    if integer:
        A, B = rng.integers(0, 3, (m, n)).astype(float), rng.integers(0, 3, (m, n)).astype(float)
    else:
        A, B = rng.normal(size=(m, n)) * 10.0 ** rng.integers(-3, 4), rng.random((m, n))
    _assert_same_answer(A, B)


def test_support_enumeration_small_games_agree_with_exact():
    from contracts.equilibrium.support_enumeration import support_enumeration

    for seed in range(6):
        rng = np.random.default_rng(77 + seed)
        A, B = rng.integers(-9, 10, (5, 6)), rng.integers(-9, 10, (5, 6))
        g = ct.NormalFormGame.from_bimatrix(A.astype(float), B.astype(float))
        res = _quiet(support_enumeration, g)
        exact = _quiet(support_enumeration, g, exact=True)
        assert _same_sets(res, [tuple(np.asarray(s, dtype=float) for s in eq.strategies)
                                for eq in exact])
        assert res.degenerate == exact.degenerate or res.degenerate is None
        assert all(eq.regret <= g.default_tol() for eq in res)

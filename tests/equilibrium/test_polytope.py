"""Best-response polytopes: exact and float vertex enumeration, labels, degeneracy."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts import _polytope as poly
from contracts.exceptions import InvalidGameError


def _as_set(vs, digits=9):
    return {tuple(round(float(p), digits) for p in s) for s in vs.strategies}


@pytest.mark.parametrize("seed", range(6))
def test_exact_and_float_vertices_agree(seed):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 7, size=2)
    M = rng.random((m, n))
    ex = poly.exact_vertices(M)
    fl = poly.float_vertices(M)
    assert len(ex) == len(fl) >= n            # at least the n pure strategies
    assert _as_set(ex) == _as_set(fl)
    assert not ex.degenerate and not fl.degenerate
    # nondegenerate: |tight| == |support| at every vertex
    assert np.array_equal(ex.tight.sum(axis=1), ex.support.sum(axis=1))


def test_vertices_of_a_coordination_game():
    P, Q = poly.polytope_vertices([[1, 0], [0, 1]], [[1, 0], [0, 1]], exact=True)
    assert {tuple(map(str, s)) for s in P.strategies} == {("1", "0"), ("0", "1"),
                                                          ("1/2", "1/2")}
    assert sorted(sorted(L) for L in P.labels(own_first=True)) == [[0, 3], [1, 2], [2, 3]]
    assert sorted(sorted(L) for L in Q.labels(own_first=False)) == [[0, 1], [0, 3], [1, 2]]
    pairs = poly.match_vertices(P.support, P.tight, Q.support, Q.tight)
    assert len(pairs) == 3
    assert "3 vertices" in repr(P)


def test_vertex_values_are_exact_fractions():
    vs = poly.exact_vertices([[Fraction(1, 3), 2], [1, Fraction(1, 7)]])
    for s in vs.strategies:
        assert s.dtype == object and all(isinstance(p, Fraction) for p in s)
        assert sum(s) == 1


def test_degenerate_polytope_vertices_found():
    # two identical opponent rows: every vertex where one is tight has both tight
    M = [[1, 2], [1, 2], [3, 0]]
    ex = poly.exact_vertices(M)
    fl = poly.float_vertices(M)
    assert ex.degenerate and fl.degenerate
    assert _as_set(ex) == _as_set(fl)


@pytest.mark.parametrize("A,B,expected", [
    ([[1, 0], [0, 1]], [[1, 0], [0, 1]], False),
    ([[1, 1], [0, 1]], [[1, 0], [0, 1]], True),
    ([[0, 0], [0, 0]], [[0, 0], [0, 0]], True),
    ([[3]], [[2]], False),
    ([[1, 2, 3]], [[1, 2, 3]], False),
    ([[1, 2, 3]], [[3, 3, 1]], True),
])
def test_bimatrix_is_degenerate_small(A, B, expected):
    assert poly.bimatrix_is_degenerate(A, B) is expected
    assert poly.bimatrix_is_degenerate(np.array(A, float), np.array(B, float)) is expected
    fa = np.array([[Fraction(v) for v in row] for row in A], dtype=object)
    fb = np.array([[Fraction(v) for v in row] for row in B], dtype=object)
    assert poly.bimatrix_is_degenerate(fa, fb) is expected
    assert ct.NormalFormGame.from_bimatrix(A, B).is_degenerate() is expected


def test_is_degenerate_decides_exactly():
    # a tie that floats cannot see: 0.1 + 0.2 == 0.3 exactly as decimals
    A = [[0.1, 0.2], [0.3, 0.0]]
    B = [[0.3, 0.0], [0.1, 0.2]]
    exact = poly.bimatrix_is_degenerate(A, B)
    fa = [[Fraction(1, 10), Fraction(2, 10)], [Fraction(3, 10), 0]]
    fb = [[Fraction(3, 10), 0], [Fraction(1, 10), Fraction(2, 10)]]
    assert exact is poly.bimatrix_is_degenerate(fa, fb)


def test_random_games_are_nondegenerate():
    rng = np.random.default_rng(1008)
    A, B = rng.random((8, 8)), rng.random((8, 8))
    assert poly.bimatrix_is_degenerate(A, B) is False


def test_integer_matrix():
    rows, D = poly.integer_matrix([[Fraction(1, 2), -1], [0.25, 3]])
    assert D == 4
    assert rows == [[10, 4], [9, 20]]          # 4 * (M - (-1) + 1)
    rows, D = poly.integer_matrix([[Fraction(1, 2), -1]], positive=False)
    assert (rows, D) == ([[1, -2]], 2)


@pytest.mark.parametrize("bad", [
    ([[1, 2]], [[1, 2], [3, 4]]),
    ([], []),
    ([1, 2], [1, 2]),
])
def test_bad_matrices(bad):
    with pytest.raises(InvalidGameError):
        poly.bimatrix_is_degenerate(*bad)
    with pytest.raises(InvalidGameError):
        poly.polytope_vertices(*bad)


def test_bad_entries():
    with pytest.raises(InvalidGameError):
        poly.bimatrix_is_degenerate([[1, float("nan")]], [[1, 2]])
    with pytest.raises(InvalidGameError):
        poly.bimatrix_is_degenerate([[1, "x"]], [[1, 2]])


def test_check_helpers():
    from contracts.exceptions import InvalidParameterError, UnsupportedGameError
    with pytest.raises(UnsupportedGameError):
        poly.check_bimatrix_game("game", "f")
    assert poly.check_tol(None, "f") is None
    assert poly.check_tol(1e-6, "f") == 1e-6
    with pytest.raises(InvalidParameterError):
        poly.check_tol(-1, "f")
    with pytest.raises(InvalidParameterError):
        poly.check_exact(1, "f")

"""Pure-strategy SPE payoff sets: oracles APS-*, the corpus, approximations, PayoffSet."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.equilibrium.grim_trigger import critical_discount, pure_stage_equilibria
from contracts.equilibrium.payoff_sets import (PayoffSet, abreu_sannikov, directions,
                                               feasible_payoffs, folk_theorem_discount,
                                               inner_approximation, outer_approximation,
                                               payoff_set, pure_minmax_payoffs)
from contracts.exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from contracts.games.repeated import RepeatedGame
from conftest import assert_close, load_corpus

PD = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
TRUST = ct.NormalFormGame.from_bimatrix([[3, 1], [5, 2]], [[4, 3], [0, 1]],
                                        players=("agency", "government"))


def _stage(params):
    return ct.NormalFormGame.from_bimatrix(params["U1"], params["U2"])


# ----------------------------------------------------------------------------------------------
# oracles
# ----------------------------------------------------------------------------------------------
APS_SETS = ["APS-PD-075", "APS-PD-02", "APS-PD-01", "APS-TRUST-08"]


@pytest.mark.parametrize("oid", APS_SETS)
def test_aps_oracles_exact(oracles, oid):
    o = oracles[oid]
    p, exp, tol = o["params"], o["expected"], o["tolerance"]
    V = RepeatedGame(_stage(p), p["delta"]).payoff_set(method="exact")
    assert V.converged
    expected = np.array(exp["vertices"], dtype=float)
    # compare as sets (vertex order is not part of the answer)
    assert V.hausdorff(expected) <= tol * (1 + np.abs(expected).max()), f"{oid}: {V.vertices}"
    assert len(V.vertices) == len(expected)
    assert V.dimension == {1: 0, 2: 1}.get(len(expected), 2)
    assert_close(V.area, exp["area"], tol, f"{oid} area")
    if "min_payoffs" in exp:
        assert_close(V.min_payoffs, exp["min_payoffs"], tol, f"{oid} min_payoffs")
        assert_close(V.max_payoffs, exp["max_payoffs"], tol, f"{oid} max_payoffs")
    for v in expected:
        assert V.contains(v)


@pytest.mark.parametrize("oid", APS_SETS)
def test_aps_oracles_bracketed_by_approximations(oracles, oid):
    o = oracles[oid]
    p, exp = o["params"], o["expected"]
    stage, d = _stage(p), p["delta"]
    expected = PayoffSet.from_points(exp["vertices"])
    W = outer_approximation(stage, d, directions=72)
    Z = inner_approximation(stage, d, directions=72)
    assert W.kind == "outer" and Z.kind == "inner"
    assert all(W.contains(v, 1e-7) for v in expected.vertices)         # outer contains V
    assert all(expected.contains(z, 1e-6) for z in Z.vertices)           # V contains inner
    assert Z.extra["self_generating"]
    assert W.area >= expected.area - 1e-6 >= Z.area - 2e-6
    assert W.hausdorff(expected) < 0.25                                  # 72 directions
    assert Z.hausdorff(expected) < 1e-6


def test_aps_pd_thresholds(oracles):
    # APS-PD-THRESH
    o = oracles["APS-PD-THRESH"]
    p, exp, tol = o["params"], o["expected"], o["tolerance"]
    stage = _stage(p)
    coop = critical_discount(stage, (0, 0))
    assert_close(coop.delta_star, exp["delta_cooperation"], tol, "delta_cooperation")
    full = folk_theorem_discount(stage)
    assert_close(full, exp["delta_full_IR_set"], tol, "delta_full_IR_set")
    F = feasible_payoffs(stage)
    target = np.array(exp["full_set_vertices"], dtype=float)
    assert F.hausdorff(target) < 1e-12 and len(F.vertices) == 4
    # the exact set reaches it at the threshold, not before
    assert abreu_sannikov(stage, exp["delta_full_IR_set"]).hausdorff(target) < 1e-6
    assert abreu_sannikov(stage, exp["delta_full_IR_set"] - 1e-4).hausdorff(target) > 1e-3
    # cooperation (9, 9) appears exactly at delta_cooperation
    c = exp["delta_cooperation"]
    assert abreu_sannikov(stage, c + 1e-6).contains([9, 9])
    assert not abreu_sannikov(stage, c - 1e-6).contains([9, 9], tol=1e-3)


def _pd_corner(delta):
    """Derived here: for δ_c <= δ < 1/4 the PD set is co{(3,3), (x,3), (9,9), (3,x)}.

    The vertex (x, 3) comes from (D, C) with player 2's constraint binding and continuation on
    the edge from (9, 9) to (3, x); with y = x - 9 this gives y² - (1-δ)y - (48δ - 12) = 0,
    real iff δ² + 190δ - 47 >= 0, i.e. δ >= δ_c = (√36288 - 190)/2 ≈ 0.2470472.
    """
    y = ((1 - delta) + math.sqrt((1 - delta) ** 2 + 4 * (48 * delta - 12))) / 2
    return 9 + y


def test_pd_intermediate_regime_below_one_quarter():
    # MODELS.md 9.2 says "segment for 1/7 <= δ < 1/4"; the segment actually ends at δ_c < 1/4
    delta_c = (math.sqrt(36288) - 190) / 2
    for d in (0.248, 0.2485, 0.249):
        x = _pd_corner(d)
        V = abreu_sannikov(PD, d)
        assert V.hausdorff(np.array([[3, 3], [x, 3], [9, 9], [3, x]])) < 1e-8
    assert abreu_sannikov(PD, delta_c - 1e-3).dimension == 1
    assert abreu_sannikov(PD, delta_c + 1e-3).dimension == 2


# ----------------------------------------------------------------------------------------------
# corpus
# ----------------------------------------------------------------------------------------------
REPEATED = [c for c in load_corpus() if c["category"] == "repeated_game"]


@pytest.mark.parametrize("case", REPEATED, ids=[c["name"] for c in REPEATED])
def test_corpus_repeated_games(case):
    A, B = case["payoffs"]
    stage = ct.NormalFormGame.from_bimatrix(A, B)
    V = payoff_set(stage, case["delta"], method="exact")   # must not raise, even when empty
    expected = np.array(case["payoff_set_vertices"], dtype=float).reshape(-1, 2)
    if len(expected) == 0:
        assert V.is_empty and V.dimension == -1 and V.area == 0 and len(V) == 0
        assert "no pure-strategy" in str(V).lower()
        assert outer_approximation(stage, case["delta"]).is_empty
        return
    assert V.hausdorff(expected) < 1e-6
    assert len(V.vertices) == len(expected)


# ----------------------------------------------------------------------------------------------
# degenerate sets (MODELS.md 9.2) and approximations
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("delta, dim", [(0.1, 0), (0.13, 0), (0.15, 1), (0.2, 1), (0.245, 1),
                                        (0.25, 2), (0.26, 2), (0.3, 2), (0.9, 2)])
def test_pd_regimes(delta, dim):
    V = abreu_sannikov(PD, delta)
    assert V.dimension == dim
    assert V.contains([3, 3])
    if dim == 1:
        assert V.hausdorff(np.array([[3, 3], [9, 9]])) < 1e-8
    if dim == 2:
        assert abs(V.area - 40.5) < 1e-8


def test_outer_is_exact_when_true_normals_are_among_directions():
    V = abreu_sannikov(TRUST, 0.8)
    P = np.asarray(V.vertices)
    edges = np.roll(P, -1, axis=0) - P
    normals = np.column_stack([edges[:, 1], -edges[:, 0]])
    W = outer_approximation(TRUST, 0.8, directions=normals)
    assert W.hausdorff(V) < 1e-8


def test_outer_solvers_agree():
    H = directions(2, 12)
    Wp = outer_approximation(TRUST, 0.8, directions=H, solver="polygon")
    We = outer_approximation(TRUST, 0.8, directions=H, solver="enumeration")
    Wh = outer_approximation(TRUST, 0.8, directions=H, solver="highs", tol=1e-8)
    assert Wp.hausdorff(We) < 1e-8
    assert Wp.hausdorff(Wh) < 1e-6
    assert np.allclose(Wp.extra["levels"], We.extra["levels"], atol=1e-8)
    assert Wh.extra["solver"] == "highs"


def test_more_directions_tighten_the_outer_set():
    V = abreu_sannikov(PD, 0.75)
    gaps = [outer_approximation(PD, 0.75, directions=D).hausdorff(V) for D in (12, 36, 144)]
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 0.05


def test_acceleration_matches_plain_iteration():
    rng = np.random.default_rng(2024)
    A, B = rng.random((3, 3)), rng.random((3, 3))
    fast = abreu_sannikov(ct.NormalFormGame.from_bimatrix(A, B), 0.7)
    slow = abreu_sannikov(ct.NormalFormGame.from_bimatrix(A, B), 0.7, accelerate=False)
    assert fast.hausdorff(slow) < 1e-9
    assert fast.iterations <= slow.iterations


def test_iteration_cap_is_reported():
    V = abreu_sannikov(PD, 0.9, max_iter=2, accelerate=False)
    assert not V.converged and V.iterations == 2
    assert "not converged" in str(V)
    # the truncated iterate still contains the answer (the iteration shrinks from outside)
    assert all(V.contains(v) for v in abreu_sannikov(PD, 0.9).vertices)


def test_three_player_outer_and_inner():
    # public goods: contributing (action 0) costs 1 and gives 0.7 to everyone
    P = np.zeros((2, 2, 2, 3))
    for a in np.ndindex(2, 2, 2):
        k = sum(x == 0 for x in a)
        for i in range(3):
            P[a + (i,)] = 0.7 * k - (a[i] == 0)
    g = ct.NormalFormGame.from_payoff_profile(P)
    H = np.vstack([np.eye(3), -np.eye(3), np.ones((1, 3)), -np.ones((1, 3))])
    d = 0.5          # above the grim-trigger threshold 0.3/1.4 for full cooperation
    W = outer_approximation(g, d, directions=H)
    Wh = outer_approximation(g, d, directions=H, solver="highs", tol=1e-8)
    assert W.extra["solver"] == "enumeration"
    assert W.hausdorff(Wh) < 1e-5
    assert W.dimension == 3 and W.volume > 0
    assert W.contains([1.1, 1.1, 1.1]) and W.contains([0, 0, 0])
    assert np.all(W.min_payoffs >= -1e-8)                  # nobody below the minmax 0
    Z = inner_approximation(g, d)                           # default 26 directions
    assert Z.extra["self_generating"]
    assert Z.contains([1.1, 1.1, 1.1], tol=1e-6) and Z.contains([0, 0, 0], tol=1e-6)
    W26 = outer_approximation(g, d)
    assert all(W26.contains(z, 1e-6) for z in Z.vertices)
    with pytest.raises(UnsupportedGameError):
        W.area
    with pytest.raises(UnsupportedGameError, match="two-player"):
        abreu_sannikov(g, d)
    with pytest.raises(UnsupportedGameError):
        outer_approximation(g, d, solver="polygon")
    assert "3-dimensional" in str(W)


def test_no_pure_spe_gives_empty_sets_everywhere():
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-2, 1]], [[-1, 2], [2, 0]])
    for method in ("exact", "outer", "inner"):
        V = payoff_set(g, 0.05, method=method)
        assert V.is_empty and V.converged
        assert V.hausdorff(PayoffSet.from_points([], num_players=2)) == 0
        assert V.hausdorff(PD_SET) == math.inf
        assert not V.contains([0, 0])
        with pytest.raises(InvalidParameterError, match="empty"):
            V.min_payoffs


PD_SET = PayoffSet.from_points([[3, 3], [9, 9]])


# ----------------------------------------------------------------------------------------------
# PayoffSet
# ----------------------------------------------------------------------------------------------
def test_payoffset_geometry():
    sq = PayoffSet.from_points([[0, 0], [2, 0], [2, 2], [0, 2], [1, 1], [1, 0]])
    assert len(sq.vertices) == 4 and sq.dimension == 2 and sq.area == 4
    assert sq.contains([1, 1]) and sq.contains([2, 1]) and not sq.contains([2.1, 1])
    assert sq.contains([2.1, 1], tol=0.2)
    assert math.isclose(sq.distance([3, 1]), 1.0)
    assert math.isclose(sq.support([1, 1]), 4.0)
    seg = PayoffSet.from_points([[0, 0], [1, 1], [3, 3]])
    assert seg.dimension == 1 and seg.is_segment and seg.area == 0 and len(seg) == 2
    assert seg.contains([2, 2]) and not seg.contains([2, 2.01])
    pt = PayoffSet.from_points([[1, 1], [1, 1]])
    assert pt.is_point and pt.dimension == 0
    # Hausdorff distance between a square and its corner / diagonal
    assert math.isclose(sq.hausdorff(pt), math.sqrt(2))
    assert math.isclose(pt.hausdorff(sq), math.sqrt(2))
    assert math.isclose(sq.hausdorff(seg), math.hypot(1, 1))
    assert sq.hausdorff(sq) == 0
    assert np.all(sq.min_payoffs == 0) and np.all(sq.max_payoffs == 2)
    assert "polygon with 4 vertices" in repr(sq)
    arr = sq.to_numpy()
    arr[0, 0] = 99
    assert sq.vertices[0, 0] != 99
    with pytest.raises(ValueError):
        sq.vertices[0, 0] = 5


def test_payoffset_three_dimensional():
    cube = PayoffSet.from_points(list(np.ndindex(2, 2, 2)))
    assert cube.dimension == 3 and math.isclose(cube.volume, 1.0) and len(cube) == 8
    assert cube.contains([0.5, 0.5, 0.5]) and not cube.contains([0.5, 0.5, 1.5])
    assert math.isclose(cube.distance([0.5, 0.5, 1.5]), 0.5, rel_tol=1e-6)
    square = PayoffSet.from_points([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0], [.5, .5, 0]])
    assert square.dimension == 2 and square.volume == 0 and len(square) == 4
    assert math.isclose(cube.hausdorff(square), 1.0, rel_tol=1e-6)


@pytest.mark.parametrize("bad, err", [([[0, 0], [1, np.nan]], InvalidParameterError),
                                      ([1, 2, 3], InvalidParameterError),
                                      ([], InvalidParameterError)])
def test_payoffset_bad_points(bad, err):
    with pytest.raises(err):
        PayoffSet.from_points(bad)


def test_payoffset_bad_queries():
    sq = PayoffSet.from_points([[0, 0], [1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError):
        sq.contains([1, 2, 3])
    with pytest.raises(InvalidParameterError):
        sq.contains([0, 0], tol=-1)
    with pytest.raises(InvalidParameterError):
        sq.hausdorff(PayoffSet.from_points([[0, 0, 0]]))


# ----------------------------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["exact", "outer", "inner"])
@pytest.mark.parametrize("delta", [0, 1, -0.5, 1.5, float("nan")])
def test_discount_outside_unit_interval(method, delta):
    with pytest.raises(InvalidParameterError):
        payoff_set(PD, delta, method=method)


def test_bad_arguments():
    with pytest.raises(InvalidParameterError, match="unknown method"):
        payoff_set(PD, 0.5, method="simplex")
    with pytest.raises(InvalidParameterError, match="discount"):
        abreu_sannikov(PD)                                     # stage game needs a discount
    with pytest.raises(InvalidParameterError, match="already has discount"):
        abreu_sannikov(RepeatedGame(PD, 0.5), 0.7)
    with pytest.raises(InvalidGameError):
        abreu_sannikov([[1, 2], [3, 4]], 0.5)
    with pytest.raises(InvalidParameterError, match="max_iter"):
        abreu_sannikov(PD, 0.5, max_iter=0)
    with pytest.raises(InvalidParameterError, match="tol"):
        abreu_sannikov(PD, 0.5, tol=-1.0)
    with pytest.raises(InvalidParameterError, match="directions"):
        outer_approximation(PD, 0.5, directions=np.ones((4, 3)))
    with pytest.raises(InvalidParameterError, match="zero vector"):
        outer_approximation(PD, 0.5, directions=[[1, 0], [0, 0]])
    with pytest.raises(InvalidParameterError, match="at least 3"):
        outer_approximation(PD, 0.5, directions=2)
    with pytest.raises(InvalidParameterError, match="solver"):
        outer_approximation(PD, 0.5, solver="cplex")
    with pytest.raises(InvalidGameError):
        feasible_payoffs("PD")
    with pytest.raises(InvalidParameterError):
        folk_theorem_discount(PD, max_discount=1.0)


# ----------------------------------------------------------------------------------------------
# properties
# ----------------------------------------------------------------------------------------------
games_2x2 = st.lists(st.integers(-4, 6), min_size=8, max_size=8).map(
    lambda v: (np.array(v[:4], float).reshape(2, 2), np.array(v[4:], float).reshape(2, 2)))


@settings(max_examples=25, deadline=None)
@given(games_2x2, st.sampled_from([0.2, 0.5, 0.8]))
def test_set_lies_between_equilibria_and_folk_set(AB, delta):
    A, B = AB
    g = ct.NormalFormGame.from_bimatrix(A, B)
    V = abreu_sannikov(g, delta)
    F = feasible_payoffs(g)
    for e in pure_stage_equilibria(g):
        assert V.contains(g.pure_payoffs(e), tol=1e-8)
    if not V.is_empty:
        assert all(F.contains(v, tol=1e-8) for v in V.vertices)
        assert np.all(V.min_payoffs >= pure_minmax_payoffs(g) - 1e-8)
    # relabelling actions and swapping the players change nothing of substance
    V2 = abreu_sannikov(g.permute_actions([[1, 0], [1, 0]]), delta)
    assert V.hausdorff(V2) < 1e-7
    V3 = abreu_sannikov(g.transpose(), delta)
    swapped = PayoffSet.from_points(np.asarray(V3.vertices)[:, ::-1], num_players=2) \
        if not V3.is_empty else V3
    assert V.hausdorff(swapped) < 1e-7 or (V.is_empty and V3.is_empty)


@settings(max_examples=15, deadline=None)
@given(games_2x2, st.floats(0.5, 3.0), st.floats(-2, 2), st.floats(0.5, 3.0))
def test_positive_affine_transformations(AB, a, b, c):
    A, B = AB
    V = abreu_sannikov(ct.NormalFormGame.from_bimatrix(A, B), 0.6)
    W = abreu_sannikov(ct.NormalFormGame.from_bimatrix(a * A + b, c * B), 0.6)
    if V.is_empty:
        assert W.is_empty
        return
    mapped = PayoffSet.from_points(np.asarray(V.vertices) * [a, c] + [b, 0])
    assert W.hausdorff(mapped) < 1e-7 * (1 + abs(b) + 6 * max(a, c))


@settings(max_examples=10, deadline=None)
@given(games_2x2)
def test_set_grows_with_patience(AB):
    A, B = AB
    g = ct.NormalFormGame.from_bimatrix(A, B)
    low, high = abreu_sannikov(g, 0.4), abreu_sannikov(g, 0.8)
    if not low.is_empty:
        assert all(high.contains(v, tol=1e-7) for v in low.vertices)


def test_vertices_are_not_repeated_in_approximations():
    """APS-TRUST-08 stage game: outer/inner approximations list each vertex once."""
    import numpy as np

    import contracts as ct
    trust = ct.NormalFormGame.from_bimatrix([[3, 1], [5, 2]], [[4, 3], [0, 1]])
    for method in ("exact", "outer", "inner"):
        ps = ct.RepeatedGame(trust, 0.8).payoff_set(method=method)
        V = ps.vertices
        gaps = [np.max(np.abs(V[i] - V[j])) for i in range(len(V)) for j in range(i)]
        assert min(gaps) > 1e-9, method


# ----------------------------------------------------------------------------------------------
# swapping the players (regression: the exact method lost a knife-edge segment)
# ----------------------------------------------------------------------------------------------
def _swap(V):
    if V.is_empty:
        return V
    return PayoffSet.from_points(np.asarray(V.vertices)[:, ::-1], num_players=2)


def test_swapped_players_knife_edge_segment_is_kept():
    """Player 1's a2 is dominant, so his worst equilibrium payoff is his minmax 2; (a1, b1) is
    enforced exactly at the margin (continuation w1 = 4 = max of the set) and gives (2, 0).
    With public randomisation the set is the segment (2, 0)-(4, 0). The accelerated iteration
    used to replace the extreme point (4, 0) by a candidate 4e-9 away, which broke that binding
    constraint and shrank the answer to the point (4, 0) -- for this labelling of the players
    only; the transposed game gave the (correct) mirrored segment."""
    g = ct.NormalFormGame.from_bimatrix([[0, 0], [2, 4]], [[0, -2], [-1, 0]])
    V = ct.RepeatedGame(g, discount=0.5).payoff_set(method="exact")
    VT = ct.RepeatedGame(g.transpose(), discount=0.5).payoff_set(method="exact")
    segment = PayoffSet.from_points([[2.0, 0.0], [4.0, 0.0]], num_players=2)
    assert V.dimension == 1 and V.hausdorff(segment) < 1e-9
    assert VT.hausdorff(_swap(segment)) < 1e-9
    # (2, 0): play (a1, b1) once, then (a2, b2) forever; player 1's deviation to a2 earns
    # (1-δ)·2 + δ·2 = 2 when the punishment restarts this path -- no gain, so it is an SPE
    # payoff; the plain iteration and the inner (self-generating) set agree
    plain = abreu_sannikov(g, 0.5, accelerate=False)
    assert V.hausdorff(plain) < 1e-9
    inner = inner_approximation(g, 0.5, directions=144)
    assert inner.extra["self_generating"] and inner.hausdorff(segment) < 1e-9
    assert all(V.contains(v, tol=1e-9) for v in inner.vertices)


def test_swapped_players_three_by_three_regression():
    """A 3×3 game where the same vertex merge lost the segment (1, 4.8)-(5, 4) at δ = 0.2."""
    A = [[1, -3, 5], [2, 1, -1], [-1, 0, 5]]
    B = [[2, -2, 4], [2, -1, 5], [-1, 5, -1]]
    g = ct.NormalFormGame.from_bimatrix(A, B)
    V, VT = abreu_sannikov(g, 0.2), abreu_sannikov(g.transpose(), 0.2)
    expected = PayoffSet.from_points([[1.0, 4.8], [5.0, 4.0]], num_players=2)
    assert V.hausdorff(expected) < 1e-9
    assert VT.hausdorff(_swap(expected)) < 1e-9


games_small = st.integers(2, 3).flatmap(lambda m: st.tuples(
    st.lists(st.integers(-4, 6), min_size=m * m, max_size=m * m),
    st.lists(st.integers(-4, 6), min_size=m * m, max_size=m * m)).map(
        lambda ab: (np.array(ab[0], float).reshape(m, m), np.array(ab[1], float).reshape(m, m))))


@settings(max_examples=30, deadline=None)
@given(games_small, st.sampled_from([0.2, 0.5, 0.8]))
@example((np.array([[0.0, 5.0], [5.0, 6.0]]), np.array([[0.0, 3.0], [-2.0, 0.0]])), 0.8)
def test_exact_set_is_swap_invariant_and_sandwiched(AB, delta):
    """inner (self-generating) ⊂ exact ⊂ outer, and the transposed game gives the mirror image."""
    A, B = AB
    g = ct.NormalFormGame.from_bimatrix(A, B)
    V = abreu_sannikov(g, delta)
    VT = abreu_sannikov(g.transpose(), delta)
    assert V.is_empty == VT.is_empty
    if not V.is_empty:
        assert V.hausdorff(_swap(VT)) < 1e-7
    O = outer_approximation(g, delta, directions=144)
    if O.is_empty:
        assert V.is_empty
        return
    assert all(O.contains(v, tol=1e-7) for v in V.vertices)
    if not V.is_empty:
        # 144 directions: the outer set is close (error ≲ 2% of the payoff range) unless the
        # exact set has a sharp corner; then a finer outer set must come closer
        err = O.hausdorff(V)
        if err >= 0.2:
            finer = outer_approximation(g, delta, directions=576)
            assert all(finer.contains(v, tol=1e-7) for v in V.vertices)
            assert finer.hausdorff(V) < 0.5 * err
    inner = inner_approximation(g, delta, directions=144)
    if inner.extra["self_generating"] and not inner.is_empty:
        assert all(V.contains(v, tol=1e-7) for v in inner.vertices)

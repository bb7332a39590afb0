"""Game generators: shapes, seeding, known equilibrium counts, agreement with QuantEcon."""

from __future__ import annotations

import itertools
import pathlib
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.exceptions import InvalidGameError, InvalidParameterError
from contracts.games.generators import (FAMILIES, coordination_game, covariant_game,
                                        imitation_equilibrium_to_original, make_family,
                                        mclennan_tourky_imitation, random_game,
                                        savani_von_stengel, sgc_game, tournament_game,
                                        unit_vector_game, von_stengel_6x6)

from conftest import load_corpus

GAMBIT = pathlib.Path(__file__).resolve().parents[1] / "data" / "corpus" / "gambit"


def _same_payoffs(g, h) -> bool:
    return g.num_actions == h.num_actions and all(
        np.array_equal(np.asarray(a, float), np.asarray(b, float))
        for a, b in zip(g.payoffs, h.payoffs))


def _gambit_equilibria(game, rational=True):
    """All extreme equilibria by pygambit's enummixed, as tuples of Fraction tuples."""
    gbt = pytest.importorskip("pygambit")
    A, B = game.as_exact().bimatrix if rational else game.as_float().bimatrix
    gg = gbt.Game.from_arrays(A, B)
    res = gbt.nash.enummixed_solve(gg, rational=rational).equilibria
    return {tuple(tuple(Fraction(x.numerator, x.denominator) if rational else float(x)
                        for _, x in eq[p]) for p in gg.players) for eq in res}


# ----------------------------------------------------------------------------------------------
# random games
# ----------------------------------------------------------------------------------------------
def test_random_game_draws_A_then_B():
    n = 5
    g = random_game(n, rng=1000 + n)
    r = np.random.default_rng(1000 + n)
    A, B = r.random((n, n)), r.random((n, n))
    assert np.array_equal(g.payoffs[0], A) and np.array_equal(g.payoffs[1], B)


def test_random_game_shapes_and_seeding():
    g = random_game((2, 3, 4), rng=7)
    assert g.num_actions == (2, 3, 4) and g.num_players == 3
    assert _same_payoffs(g, random_game((2, 3, 4), rng=7))
    assert not _same_payoffs(g, random_game((2, 3, 4), rng=8))
    assert random_game((3, 2), rng=np.random.default_rng(1)).num_actions == (3, 2)
    assert all(((0 <= p) & (p < 1)).all() for p in g.payoffs)
    gen = np.random.default_rng(3)                   # a Generator is used, not copied
    assert not _same_payoffs(random_game(3, rng=gen), random_game(3, rng=gen))


@pytest.mark.parametrize("bad", [0, -1, (2, 0), 2.5, (2, "3"), True, None])
def test_random_game_rejects_bad_shapes(bad):
    with pytest.raises(InvalidParameterError):
        random_game(bad)


def test_covariant_game_matches_quantecon_and_extremes():
    g = covariant_game((3, 2, 2), 0.3, rng=11)
    assert g.num_actions == (3, 2, 2)
    assert _same_payoffs(g, covariant_game((3, 2, 2), 0.3, rng=11))
    common = covariant_game((4, 4), 1.0, rng=2)
    assert np.allclose(common.payoffs[0], common.payoffs[1])
    assert covariant_game((4, 3), -1.0, rng=2).is_zero_sum()
    qe = pytest.importorskip("quantecon.game_theory.random")
    for shape, rho in [((3, 2), 0.3), ((2, 3, 2), -0.4), ((4, 4), 0.9)]:
        ours = covariant_game(shape, rho, rng=np.random.default_rng(3))
        theirs = ct.NormalFormGame.from_quantecon(
            qe.covariance_game(shape, rho, random_state=np.random.default_rng(3)))
        assert _same_payoffs(ours, theirs)


@pytest.mark.parametrize("rho, shape", [(1.5, (2, 2)), (-1.01, (2, 2)), (-0.6, (2, 2, 2)),
                                        (float("nan"), (2, 2))])
def test_covariant_game_rejects_bad_rho(rho, shape):
    with pytest.raises(InvalidParameterError):
        covariant_game(shape, rho)


def test_covariant_game_needs_two_players():
    with pytest.raises(InvalidParameterError):
        covariant_game((3,), 0.0)


# ----------------------------------------------------------------------------------------------
# coordination: 2^n - 1 equilibria
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_coordination_game_has_2n_minus_1_equilibria(n):
    # corpus benchmark_family "family_coordination_identity": count formula 2^n - 1
    g = coordination_game(n, exact=True)
    for size in range(1, n + 1):
        for support in itertools.combinations(range(n), size):
            s = [Fraction(1, size) if k in support else Fraction(0) for k in range(n)]
            assert g.is_nash((s, s))
    eqs = _gambit_equilibria(g)
    assert len(eqs) == 2 ** n - 1


def test_coordination_game_corpus_family():
    fam = next(c for c in load_corpus() if c["name"] == "family_coordination_identity")
    for v in fam["verified"]:
        if v["n"] <= 4:
            assert len(_gambit_equilibria(coordination_game(v["n"]))) == v["count"]


# ----------------------------------------------------------------------------------------------
# von Stengel's 75
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("variant, fname", [
    ("original", "journals__dcg__vonstengel1999__6x6_game_with_75_eq.nfg"),
    ("small", "journals__dcg__vonstengel1999__6x6_game_with_75_eq_small_payoffs.nfg")])
def test_von_stengel_6x6_has_75_equilibria(variant, fname):
    g = von_stengel_6x6(variant)
    assert g.num_actions == (6, 6)
    assert _same_payoffs(g, ct.read_nfg(GAMBIT / "catalog" / fname))
    assert len(_gambit_equilibria(g)) == 75
    assert von_stengel_6x6(variant, exact=True).is_exact


def test_von_stengel_6x6_bad_variant():
    with pytest.raises(InvalidParameterError):
        von_stengel_6x6("large")


# ----------------------------------------------------------------------------------------------
# Sandholm-Gilpin-Conitzer
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_sgc_game_matches_quantecon(k):
    gg = pytest.importorskip("quantecon.game_theory.game_generators")
    ours = sgc_game(k)
    assert ours.num_actions == (4 * k - 1, 4 * k - 1)
    assert _same_payoffs(ours, ct.NormalFormGame.from_quantecon(gg.sgc_game(k)))


@pytest.mark.parametrize("k", [1, 2])
def test_sgc_game_unique_equilibrium(k):
    # corpus benchmark_family "family_sgc": one equilibrium, uniform on the first 2k-1 actions
    fam = next(c for c in load_corpus() if c["name"] == "family_sgc")
    expected = next(v for v in fam["verified"] if v["k"] == k)["eq"]
    eqs = _gambit_equilibria(sgc_game(k, exact=True))
    assert eqs == {tuple(tuple(Fraction(x) for x in s) for s in expected)}


# ----------------------------------------------------------------------------------------------
# unit vector and tournament games (same draws as QuantEcon)
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n, avoid", [(1, False), (3, False), (6, False), (3, True), (6, True)])
def test_unit_vector_game(n, avoid):
    g = unit_vector_game(n, avoid_pure_nash=avoid, rng=n + 10)
    A, B = g.bimatrix
    assert g.num_actions == (n, n)
    assert np.array_equal(A.sum(axis=0), np.ones(n)) and set(np.unique(A)) <= {0.0, 1.0}
    assert ((0 <= B) & (B < 1)).all()
    if avoid:
        pure = [(i, j) for i in range(n) for j in range(n) if g.is_nash((i, j))]
        assert pure == []
    gg = pytest.importorskip("quantecon.game_theory.game_generators")
    theirs = gg.unit_vector_game(n, avoid_pure_nash=avoid,
                                 random_state=np.random.default_rng(n + 10))
    assert _same_payoffs(g, ct.NormalFormGame.from_quantecon(theirs))


def test_unit_vector_game_bad_input():
    with pytest.raises(InvalidParameterError):
        unit_vector_game(1, avoid_pure_nash=True)
    with pytest.raises(InvalidParameterError):
        unit_vector_game(0)


@pytest.mark.parametrize("n, k", [(5, 2), (6, 3), (4, 1), (4, 4)])
def test_tournament_game(n, k):
    g = tournament_game(n, k, rng=n)
    from math import comb
    assert g.num_actions == (n, comb(n, k))
    A, B = g.bimatrix
    assert np.array_equal(B.sum(axis=0), np.full(comb(n, k), k))
    gg = pytest.importorskip("quantecon.game_theory.game_generators")
    theirs = gg.tournament_game(n, k, random_state=np.random.default_rng(n))
    assert _same_payoffs(g, ct.NormalFormGame.from_quantecon(theirs))


def test_tournament_game_bad_k():
    with pytest.raises(InvalidParameterError):
        tournament_game(3, 4)


# ----------------------------------------------------------------------------------------------
# Savani-von Stengel: long Lemke-Howson paths
# ----------------------------------------------------------------------------------------------
def _gale_path_lengths(d):
    """LH path lengths by walking Gale evenness strings (von Stengel's combinatorial program).

    Independent of any payoff matrix: both polytopes are dual cyclic polytopes whose vertices
    are Gale strings; label of facet k is k in the first and perm[k] in the second polytope.
    """
    n = 2 * d
    perm = list(range(n))
    for i in range(2, d, 2):
        perm[i - 1], perm[i] = i, i - 1
    for i in range(d, n - 1, 2):
        perm[i], perm[i + 1] = i + 1, i
    inv = [0] * n
    for i, p in enumerate(perm):
        inv[p] = i

    def step(vertex, parity, w):
        direction = 1 if parity[w] == 0 else -1
        vertex[w] = parity[w] = 0
        prev = None
        while True:
            w = (w + direction) % n
            if vertex[w] == 0:
                break
            prev = parity[w] = 1 - parity[w]
        parity[w] = 1 - prev
        vertex[w] = 1
        return w

    out = []
    for drop in range(n):
        v1, v2 = [1] * d + [0] * d, [0] * d + [1] * d
        p1 = [i % 2 for i in range(d)] + [0] * d
        p2 = [0] * d + [i % 2 for i in range(d)]
        length = 0
        if drop < d:
            label = inv[step(v1, p1, drop)]
            length += 1
        else:
            label = inv[drop]
        while True:
            label = perm[step(v2, p2, label)]
            length += 1
            if label == drop:
                break
            label = inv[step(v1, p1, label)]
            length += 1
            if label == inv[drop]:
                break
        out.append(length)
    return out


def test_gale_walk_reproduces_corpus_pivot_counts():
    # corpus lh_benchmark "lh_path_lengths_6x6_long_paths" (Gambit's games.py, QuantEcon counts)
    case = next(c for c in load_corpus() if c["name"] == "lh_path_lengths_6x6_long_paths")
    assert _gale_path_lengths(6) == case["lh_pivots_per_label"]


@pytest.mark.parametrize("d", [2, 4, 6, 8])
def test_savani_von_stengel_lemke_howson_paths(d):
    g = savani_von_stengel(d)
    A, B = g.bimatrix
    assert g.num_actions == (d, d)
    assert A.min() >= 1 and B.min() >= 1
    assert np.array_equal(A, np.round(A)) and np.array_equal(B, np.round(B))
    qe = pytest.importorskip("quantecon.game_theory")
    qg = qe.NormalFormGame((qe.Player(np.array(A, dtype=float)),
                            qe.Player(np.array(B, dtype=float).T.copy())))
    pivots = []
    for label in range(2 * d):
        ne, res = qe.lemke_howson(qg, init_pivot=label, full_output=True)
        assert res.converged
        assert g.is_nash(ne)
        pivots.append(res.num_iter)
    assert pivots == _gale_path_lengths(d)


def test_savani_von_stengel_paths_grow_exponentially():
    shortest = [min(_gale_path_lengths(d)) for d in (4, 8, 12, 16)]
    assert shortest == sorted(shortest) and shortest[-1] > 8 * shortest[0]


def test_savani_von_stengel_exactness_and_bad_input():
    assert savani_von_stengel(16).is_exact          # payoffs beyond 2**53
    assert not savani_von_stengel(6).is_exact
    assert savani_von_stengel(4, exact=True).is_exact
    for bad in (3, 0, 1.0):
        with pytest.raises(InvalidParameterError):
            savani_von_stengel(bad)


def test_savani_von_stengel_equilibria_are_nash():
    g = savani_von_stengel(4, exact=True)
    eqs = _gambit_equilibria(g)
    assert eqs and all(g.is_nash(e) for e in eqs)


# ----------------------------------------------------------------------------------------------
# McLennan-Tourky imitation games
# ----------------------------------------------------------------------------------------------
@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10 ** 6), st.sampled_from([(2, 2), (2, 3), (3, 3)]))
def test_imitation_game_equilibria_map_onto_original(seed, shape):
    rng = np.random.default_rng(seed)
    A = rng.integers(-1000, 1001, size=shape)
    B = rng.integers(-1000, 1001, size=shape)
    game = ct.NormalFormGame.from_bimatrix(A, B, exact=True)
    original = _gambit_equilibria(game)
    imit = mclennan_tourky_imitation(game)
    assert imit.num_actions == (sum(shape), sum(shape))
    mapped = set()
    for p, q in _gambit_equilibria(imit):
        x, y = imitation_equilibrium_to_original(game, (p, q))
        assert game.is_nash((list(x), list(y)))
        mapped.add((tuple(x), tuple(y)))
    if _nondegenerate(game):
        assert mapped == original


def _nondegenerate(game) -> bool:
    # a 2-player game is nondegenerate if no mixed strategy with support k has > k best responses;
    # for the small integer games here test with pygambit: every equilibrium has equal supports
    for x, y in _gambit_equilibria(game):
        if sum(v > 0 for v in x) != sum(v > 0 for v in y):
            return False
    return True


def test_imitation_game_of_matching_pennies():
    pennies = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], exact=True)
    imit = mclennan_tourky_imitation(pennies)
    A, I = imit.bimatrix
    assert [list(r) for r in I] == [[int(i == j) for j in range(4)] for i in range(4)]
    assert imit.players == ("leader", "imitator") and imit.is_exact
    eqs = _gambit_equilibria(imit)
    assert len(eqs) == 1
    (p, q), = eqs
    assert imitation_equilibrium_to_original(pennies, (p, q)) is not None
    x, y = imitation_equilibrium_to_original(pennies, (p, q))
    assert list(x) == [Fraction(1, 2)] * 2 and list(y) == [Fraction(1, 2)] * 2


def test_imitation_of_symmetric_game_without_symmetrizing():
    # symmetric coordination game: symmetric equilibria are the 2^n - 1 uniform mixtures
    g = coordination_game(3, exact=True)
    imit = mclennan_tourky_imitation(g, symmetrize=False)
    assert imit.num_actions == (3, 3)
    eqs = _gambit_equilibria(imit)
    qs = {imitation_equilibrium_to_original(g, e, symmetrize=False)[0].tolist().__repr__()
          for e in eqs}
    assert len(qs) == 7
    with pytest.raises(InvalidGameError):
        mclennan_tourky_imitation(ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]],
                                                                  [[0, 1], [1, 0]]),
                                  symmetrize=False)


def test_imitation_bad_input():
    with pytest.raises(InvalidGameError):
        mclennan_tourky_imitation(random_game((2, 2, 2), rng=0))
    with pytest.raises(InvalidGameError):
        mclennan_tourky_imitation("not a game")
    g = random_game(2, rng=0)
    with pytest.raises(InvalidGameError):
        imitation_equilibrium_to_original(g, ([1, 0, 0, 0], [1, 0, 0]))
    with pytest.raises(InvalidGameError):
        imitation_equilibrium_to_original(g, ([1, 0, 0, 0], [1, 0, 0, 0]))


# ----------------------------------------------------------------------------------------------
# families by name
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_make_family(family):
    size = 4
    g = make_family(family, size)
    assert g.num_players == 2
    assert _same_payoffs(g, make_family(family, size))


def test_make_family_unknown():
    with pytest.raises(InvalidParameterError):
        make_family("chess", 3)

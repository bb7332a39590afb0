"""The fast path for small two-player games: vectorised packaging of float profiles
(``build_bimatrix_result``), the one-pass tolerance (``stack_tols``), the stack kernel's all-sizes-at-
once test (``all_vertices``) and the shared argument checks of the two-player enumerations."""

import warnings

import numpy as np
import pytest

import contracts as ct
import contracts.equilibrium._batch_support as bs
from contracts.equilibrium.support_enumeration import (support_enumeration,
                                                       support_enumeration_iter)
from contracts.equilibrium.vertex_enumeration import vertex_enumeration_iter
from contracts.exceptions import (DegenerateGameWarning, InvalidParameterError,
                                  UnsupportedGameError)
from contracts.results import build_bimatrix_result, build_result


def _game(m, n, seed):
    rng = np.random.default_rng(seed)
    return ct.NormalFormGame.from_bimatrix(rng.random((m, n)), rng.random((m, n)))


# ----------------------------------------------------------------------------------------------
# build_bimatrix_result: the same verification as build_result, across profiles at once
# ----------------------------------------------------------------------------------------------
def testbuild_bimatrix_result_agrees_with_build_result():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.4]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.4, 0.6]])
    fast = build_bimatrix_result(g, X, Y, method="m", tol=g.default_tol())
    slow = build_result(g, list(zip(X, Y)), method="m", dedupe=False)
    assert len(fast) == len(slow) == 3 and fast.complete and not fast.message
    for a, b in zip(fast, slow):
        assert all(np.array_equal(s, t) for s, t in zip(a.strategies, b.strategies))
        assert np.allclose(a.payoffs, b.payoffs, rtol=0, atol=1e-15)
        assert a.regret <= g.default_tol() and b.regret <= g.default_tol()
    # pure profiles: payoffs are exactly the indexed payoffs, regret exactly 0
    assert fast[0].payoffs == (3.0, 2.0) and fast[0].regret == 0.0
    assert isinstance(fast[0].payoffs[0], float) and isinstance(fast.max_regret, float)


def testbuild_bimatrix_result_drops_what_fails_verification():
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    X = np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 0.0], [np.nan, 1.0], [0.5 + 1e-12, 0.5],
                  [np.inf, 1.0], [-1e-17, 1.0]])
    Y = np.array([[0.5, 0.5], [1.0, 0.0], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5 - 1e-13],
                  [0.5, 0.5], [0.5, 0.5]])
    res = build_bimatrix_result(g, X, Y, method="mine", tol=g.default_tol())
    # kept: the equilibrium, and its copy with round-off (clipped and renormalised)
    assert len(res) == 1 + 1
    assert all(eq.regret <= g.default_tol() for eq in res)
    assert 0 < res[1].regret <= g.default_tol()            # near an equilibrium, within tol
    assert "5 candidate profile(s) failed verification" in res.message
    assert not res.complete
    assert all(np.isfinite(s).all() and abs(s.sum() - 1) < 1e-12
               for eq in res for s in eq.strategies)


def testbuild_bimatrix_result_empty_and_degenerate_warning():
    g = _game(2, 3, 0)
    res = build_bimatrix_result(g, np.zeros((0, 2)), np.zeros((0, 3)), method="m", tol=1e-9)
    assert len(res) == 0 and res.max_regret == 0.0 and res.complete
    with pytest.warns(DegenerateGameWarning, match="^m: the game is degenerate"):
        build_bimatrix_result(g, np.zeros((0, 2)), np.zeros((0, 3)), method="m", tol=1e-9,
                         degenerate=True)


# ----------------------------------------------------------------------------------------------
# stack_tols: exactly game.default_tol(), one game or many
# ----------------------------------------------------------------------------------------------
def test_stack_tols_equals_default_tol_across_scales():
    rng = np.random.default_rng(5)
    As, Bs, games = [], [], []
    for seed in range(300):
        scale = 10.0 ** rng.integers(-300, 300)
        A = rng.standard_normal((3, 4)) * scale
        B = np.zeros((3, 4)) if seed % 7 == 0 else rng.standard_normal((3, 4)) * scale
        if seed % 11 == 0:
            A = np.full((3, 4), scale)
        As.append(A)
        Bs.append(B)
        games.append(ct.NormalFormGame.from_bimatrix(A, B))
    tol, ok = bs.stack_tols(np.stack(As), np.stack(Bs))
    for i, g in enumerate(games):
        one, one_ok = bs.stack_tols(As[i][None], Bs[i][None])
        assert one_ok[0] == ok[i]
        if ok[i]:
            assert tol[i] == one[0] == g.default_tol()
    assert ok.sum() > 200 and (~ok).sum() > 0          # both kinds occur


# ----------------------------------------------------------------------------------------------
# the kernel: all support sizes together (small stacks) == size by size
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (4, 4), (2, 5), (5, 3), (1, 4), (4, 1)])
@pytest.mark.parametrize("kind", ["random", "ties"])
def test_all_sizes_together_matches_size_by_size(monkeypatch, shape, kind):
    rng = np.random.default_rng(sum(shape) + len(kind))
    G = 30
    if kind == "random":
        A, B = rng.random((G,) + shape), rng.random((G,) + shape)
    else:                                          # small integers: ties, degenerate games
        A = rng.integers(0, 3, (G,) + shape).astype(float)
        B = rng.integers(0, 3, (G,) + shape).astype(float)
    tol, _ = bs.stack_tols(A, B)
    g1, X1, Y1, s1 = bs.stack_support_enumeration(A, B, tol)          # together (small)
    monkeypatch.setattr(bs, "_SMALL_ELEMS", 0)
    monkeypatch.setattr(bs, "_LOCAL", type(bs._LOCAL)())                 # fresh workspaces
    g2, X2, Y2, s2 = bs.stack_support_enumeration(A, B, tol)          # size by size
    if min(shape) > 1:
        assert np.array_equal(s1, s2)
    else:   # one action: an exact tie at the top is suspect together, a vertex size by size
        assert (s1 | ~s2).all()
    keep1, keep2 = ~s1[g1], ~s1[g2]
    assert np.array_equal(g1[keep1], g2[keep2])
    assert np.array_equal(X1[keep1], X2[keep2]) and np.array_equal(Y1[keep1], Y2[keep2])
    if kind == "random":
        assert (~s1).sum() == G                   # random games are nondegenerate


def test_one_action_game_with_a_tie_is_flagged_degenerate():
    # the column player is indifferent between three actions: the equilibria form a continuum
    # whose extreme points are the three pure profiles
    g = ct.NormalFormGame.from_bimatrix([[0, 0, 1, 2]], [[2, 2, 2, 0]])
    with pytest.warns(DegenerateGameWarning):
        res = support_enumeration(g)
    assert res.degenerate and res.complete
    assert sorted(int(np.argmax(eq.strategies[1])) for eq in res) == [0, 1, 2]
    assert all(eq.regret == 0 for eq in res)


@pytest.mark.parametrize("n", [3, 6, 9])
def test_single_game_fast_path_answers_are_verified_and_complete(n):
    from contracts.equilibrium.support_enumeration import _candidates
    g = _game(n, n, 1000 + n)
    res = support_enumeration(g)
    assert res.complete and res.degenerate is False and len(res) % 2 == 1
    assert res.max_regret <= g.default_tol()
    for eq in res:
        assert g.max_regret(eq.strategies) <= g.default_tol()
        assert np.isclose(eq.regret, g.max_regret(eq.strategies), rtol=0, atol=1e-12)
        assert np.allclose(eq.payoffs, g.expected_payoffs(eq.strategies), rtol=0, atol=1e-12)
    # the same set as the full algorithm
    gen = _candidates(g, False, None)
    full = []
    while True:
        try:
            full.append(next(gen))
        except StopIteration:
            break
    key = lambda ps: sorted(tuple(np.round(np.concatenate(p), 8)) for p in ps)  # noqa: E731
    assert key(full) == key(eq.strategies for eq in res)


# ----------------------------------------------------------------------------------------------
# the shared argument checks of the two-player enumerations
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("func, name", [(support_enumeration_iter, "support_enumeration_iter"),
                                        (vertex_enumeration_iter, "vertex_enumeration_iter"),
                                        (support_enumeration, "support_enumeration")])
def test_enumerations_refuse_bad_arguments_by_name(func, name):
    three = ct.NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(UnsupportedGameError, match=f"^{name}"):
        r = func(three)
        next(iter(r))
    with pytest.raises(InvalidParameterError, match=f"^{name}"):
        r = func(_game(2, 2, 0), tol=-1.0)
        next(iter(r))


def test_iterators_stream_verified_equilibria_exact_and_float():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    for it in (support_enumeration_iter, vertex_enumeration_iter):
        exact = list(it(g, exact=True))
        assert len(exact) == 3 and all(g.max_regret(p) == 0 for p in exact)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            floats = list(it(g))
        assert len(floats) == 3 and all(g.max_regret(p) <= g.default_tol() for p in floats)

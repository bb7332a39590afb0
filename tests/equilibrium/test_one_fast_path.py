"""``one_equilibrium`` on float games: the fast packaging returns what the full route returns.

The float route verifies and packages a path's end with ``build_bimatrix_result``; the full
route (``_finish_float`` then ``build_result``) is what runs when that check fails. Both are
compared here on random and degenerate games of sizes 2..60, against the documented schedule:
a pure equilibrium is the first in row-major order, the path from label 0 is
``lemke_howson(g, init=0)``'s path, a raced path from label ``k`` is ``lemke_howson(g, init=k)``'s.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import contracts as ct
from contracts._linalg import pivot
from contracts.equilibrium import one as one_mod
from contracts.equilibrium._lh_paths import _FloatState
from contracts.equilibrium.lemke_howson import _float_positive, lemke_howson
from contracts.equilibrium.one import one_equilibrium
from contracts.results import EquilibriumResult


def _games():
    out = []
    for seed, n in enumerate([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60] * 2):
        rng = np.random.default_rng(500 + seed)
        m = max(2, n - seed % 3)
        out.append((f"random-{seed}-{m}x{n}", rng.random((m, n)), rng.random((m, n))))
    for seed, n in enumerate([2, 3, 4, 5, 6, 8, 10, 14, 20, 30, 45, 60]):
        rng = np.random.default_rng(900 + seed)      # few payoff values: ties, degeneracy
        out.append((f"ties-{seed}-{n}", rng.integers(0, 3, (n, n)).astype(float),
                    rng.integers(0, 3, (n, n)).astype(float)))
    for n in (2, 5, 9, 16, 30):
        rng = np.random.default_rng(n)
        A = rng.random((n, n))
        out.append((f"zero-sum-{n}", A, -A))          # no pure equilibrium usually
        out.append((f"constant-column-player-{n}", A, np.ones((n, n))))
    for seed in (0, 8, 20, 44):              # the path from label 0 is long: the race decides
        rng = np.random.default_rng(seed)
        n = int(rng.integers(10, 61))
        out.append((f"race-{seed}-{n}", rng.random((n, n)), rng.random((n, n))))
    for seed in (0, 1, 4):                   # degenerate zero-sum games: ties on the path
        rng = np.random.default_rng(seed)
        n = int(rng.integers(3, 40))
        A = rng.integers(-2, 3, (n, n)).astype(float)
        out.append((f"tied-zero-sum-{seed}-{n}", A, -A))
    return out


GAMES = _games()


def _pure_reference(A, B):
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            if A[i, j] >= A[:, j].max() and B[i, j] >= B[i, :].max():
                return i, j
    return None


def _regret(A, B, x, y):
    Ay, xB = A @ y, x @ B
    return max(Ay.max() - x @ Ay, xB.max() - xB @ y)


def _no_fast(*args, **kwargs):
    """A stand-in for build_bimatrix_result that rejects everything: the full route runs."""
    return EquilibriumResult(equilibria=(), method="one", exact=False, complete=False,
                             converged=True, iterations=None, max_regret=0.0,
                             degenerate=None, message="", extra={})


@pytest.fixture(params=["auto", "compiled"])
def kernel(request):
    """The pivoting kernel: chosen automatically, or the compiled one (numba) forced on."""
    if request.param == "compiled":
        if not pivot.compiled_available():
            pytest.skip("numba is not installed")
        pivot.use_compiled(True)
    yield request.param
    pivot.use_compiled(None)


@pytest.mark.parametrize("name,A,B", GAMES, ids=[g[0] for g in GAMES])
def test_fast_route_matches_schedule_and_full_route(name, A, B, kernel, monkeypatch):
    g = ct.NormalFormGame.from_bimatrix(A, B)
    tol = g.default_tol()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = one_equilibrium(g)
        ref_pure = _pure_reference(A, B)
        assert len(res) == 1 and res.converged and not res.complete
        x, y = res[0].strategies
        for s in (x, y):                               # on the simplex
            assert s.min() >= 0 and abs(s.sum() - 1) <= 1e-12
        assert _regret(A, B, x, y) <= tol and res.max_regret <= tol
        assert res[0].regret == res.max_regret
        np.testing.assert_allclose(res[0].payoffs, (x @ A @ y, x @ B @ y), rtol=1e-12,
                                   atol=1e-12)
        if name.startswith("tied"):
            assert res.degenerate is True
        if ref_pure is not None:
            assert res.extra == {"route": "pure", "actions": ref_pure}
            assert x[ref_pure[0]] == 1 and y[ref_pure[1]] == 1
        else:
            assert res.extra["route"] == "lemke_howson"
            lh = lemke_howson(g, init=res.extra["init"])
            assert res.extra["path_pivots"] == lh.extra["pivots"]
            if lh.extra["arithmetic"] == res.extra["arithmetic"] == "float":
                # the same vertex (the revised and dictionary forms round differently)
                for s, t in zip((x, y), lh[0].strategies):
                    assert np.array_equal(s > 0, t > 0)
                    np.testing.assert_allclose(s, t, rtol=0, atol=1e-12)
        monkeypatch.setattr(one_mod, "build_bimatrix_result", _no_fast)
        monkeypatch.setattr(one_mod, "package_checked_profile", _no_fast)
        full = one_equilibrium(g)
    d, e = res.to_dict(), full.to_dict()
    for k in d:
        if k != "equilibria":
            assert d[k] == e[k] or (k == "max_regret" and abs(d[k] - e[k]) <= 1e-15), k
    (p,), (q,) = d["equilibria"], e["equilibria"]
    for s, t in zip(p["strategies"], q["strategies"]):
        np.testing.assert_allclose(s, t, rtol=0, atol=1e-15)
    np.testing.assert_allclose(p["payoffs"], q["payoffs"], rtol=1e-14)
    assert p["players"] == q["players"] and p["actions"] == q["actions"]


@pytest.mark.parametrize("shape", [(2, 3), (7, 7), (20, 11)])
def test_from_payoffs_is_initial_of_scaled_payoffs(shape):
    rng = np.random.default_rng(sum(shape))
    A, B = rng.normal(size=shape) * 1e3, rng.normal(size=shape)
    for A_, B_ in ((A, B), (np.full(shape, 2.0), B)):
        s1 = _FloatState.from_payoffs(A_, B_)
        s2 = _FloatState.initial(_float_positive(A_), _float_positive(B_))
        for d1, d2 in zip(s1.d, s2.d):
            np.testing.assert_array_equal(d1.T, d2.T)
            for attr in ("basic", "pos", "slack"):
                np.testing.assert_array_equal(getattr(d1, attr), getattr(d2, attr))
            assert (d1.rows, d1.det, d1.exact, d1.tied) == (d2.rows, d2.det, d2.exact, d2.tied)


def test_exact_payoffs_solved_in_floats_keep_the_full_route():
    g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]]).as_exact()
    res = one_equilibrium(g, exact=False)
    assert len(res) == 1 and not res.exact and res.max_regret == 0

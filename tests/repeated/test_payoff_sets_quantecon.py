"""Cross-check of the exact two-player payoff set against QuantEcon's Abreu–Sannikov.

QuantEcon (test-only dependency) compiles with numba on first use (a few seconds), so this module
keeps to two tests sharing one compiled instance.
"""

from __future__ import annotations

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium.payoff_sets import abreu_sannikov, outer_approximation

gt = pytest.importorskip("quantecon.game_theory")


def _quantecon_set(A, B, delta):
    """QuantEcon's vertices; "raised" when it raises (degenerate or empty sets); "moving" when
    it stopped at its iteration cap (500) without converging — its result then still changes
    from one iteration to the next, so it is not an answer to compare with."""
    rg = gt.RepeatedGame(gt.NormalFormGame(np.stack([A, B], axis=-1)), delta)
    try:
        hull = rg.equilibrium_payoffs()
        hull2 = rg.equilibrium_payoffs(options={"max_iter": 501})
    except Exception:          # Qhull errors on points/segments, ValueError when empty
        return "raised"
    P, P2 = hull.points[hull.vertices], hull2.points[hull2.vertices]
    if P.shape != P2.shape or not np.allclose(np.sort(P, axis=0), np.sort(P2, axis=0),
                                              atol=1e-9):
        return "moving"
    return P


def _games(n, count, seed):
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        if k % 2:
            A, B = rng.random((n, n)), rng.random((n, n))
        else:
            A, B = (rng.integers(-5, 10, (n, n)).astype(float) for _ in range(2))
        out.append((A, B, float(rng.choice([0.3, 0.5, 0.7, 0.9]))))
    return out


@pytest.mark.parametrize("n, seed", [(2, 101), (3, 303)])
def test_matches_quantecon_abreu_sannikov(n, seed):
    compared = 0
    for A, B, delta in _games(n, 14, seed):
        ours = abreu_sannikov(ct.NormalFormGame.from_bimatrix(A, B), delta)
        theirs = _quantecon_set(A, B, delta)
        if isinstance(theirs, str) and theirs == "moving":
            continue
        if isinstance(theirs, str):
            # QuantEcon raises exactly on the sets it cannot represent
            assert ours.dimension < 2
            if ours.is_empty:   # then no pure SPE: the (certified) outer set is empty as well
                assert outer_approximation(ct.NormalFormGame.from_bimatrix(A, B), delta,
                                           directions=360).dimension < 2
            continue
        compared += 1
        assert ours.converged
        assert ours.hausdorff(theirs) < 1e-6, (A, B, delta, ours.vertices, theirs)
        assert abs(ours.area - _area(theirs)) < 1e-6
    assert compared >= 5


def _area(P):
    x, y = P[:, 0], P[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def test_quantecon_unconverged_case_is_a_segment():
    """QuantEcon's operator is not monotone; here it stops at its cap with a sliver triangle
    whose third vertex moves with the cap (6.99993 at 100, 6.99323 at 500 iterations). The
    monotone APS iteration and its Newton-verified fixed point give the segment."""
    A, B = np.array([[-1.0, 9.0], [5.0, 0.0]]), np.array([[-3.0, 6.0], [0.0, 3.0]])
    g = ct.NormalFormGame.from_bimatrix(A, B)
    seg = np.array([[7.0, 3.0], [9.0, 6.0]])
    fast, slow = abreu_sannikov(g, 0.7), abreu_sannikov(g, 0.7, accelerate=False)
    assert fast.dimension == 1 and fast.hausdorff(seg) < 1e-9
    assert slow.hausdorff(seg) < 1e-9
    assert _quantecon_set(A, B, 0.7) == "moving"

"""The schedule of ``one_equilibrium`` on two-player games: label 0 first, then a capped sweep of
the other labels, then the race, which continues label 0's path; every result verified."""

from __future__ import annotations

import numpy as np

import contracts as ct
from contracts.equilibrium import one as onemod
from contracts.equilibrium.lemke_howson import lemke_howson
from contracts.equilibrium.one import one_equilibrium


def _random(n: int, seed: int):
    rng = np.random.default_rng(seed)
    return ct.NormalFormGame.from_bimatrix(rng.random((n, n)), rng.random((n, n)))


def test_sweep_finds_a_short_path_after_label_zero_is_capped():
    # 15 x 15, seed 189: no pure equilibrium; label 0's path has 231 pivots, label 1's 7
    g = _random(15, 189)
    assert lemke_howson(g, init=0).iterations > 2 * 30
    res = one_equilibrium(g)
    assert len(res) == 1 and g.is_nash(res[0].strategies)
    assert res.max_regret <= g.default_tol()
    assert res.extra["route"] == "lemke_howson" and res.extra["init"] == 1
    ref = lemke_howson(g, init=1)
    assert res.extra["path_pivots"] == ref.iterations <= onemod._SWEEP_PIVOTS
    # label 0 for 2 (m + n) pivots, then label 1's whole path: nothing else
    assert res.extra["total_pivots"] == 2 * 30 + ref.iterations
    np.testing.assert_allclose(res[0].strategies[0], ref[0].strategies[0], atol=1e-12)


def test_schedule_is_deterministic_and_race_results_verified():
    # seed 126: no label ends within the sweep's cap; the race decides
    g = _random(15, 126)
    a, b = one_equilibrium(g), one_equilibrium(g)
    for res in (a, b):
        assert len(res) == 1 and g.is_nash(res[0].strategies)
        assert res.extra["path_pivots"] > onemod._SWEEP_PIVOTS
    assert a.extra == b.extra
    same = lemke_howson(g, init=a.extra["init"])
    assert same.iterations == a.extra["path_pivots"]


def test_race_continues_the_label_zero_path(monkeypatch):
    """With a tiny first budget, label 0's unfinished path enters the race as it is."""
    n = 12
    A = np.zeros((n, n))
    for i in range(n):                       # cyclic game: every path is long
        A[i, i], A[i, (i + 1) % n] = 1.0, -1.0
    g = ct.NormalFormGame.from_bimatrix(A, -A)
    monkeypatch.setattr(onemod, "_FIRST_PATH_PIVOTS", 0.1)      # label 0: 8 pivots first
    seen = {}
    race = onemod._race

    def spy(start, K, notes, first=None):
        seen["first"] = first
        seen["first_pivots"] = None if first is None else first.pivots
        for path, total in race(start, K, notes, first=first):
            seen.setdefault("ended", []).append(path)
            yield path, total

    monkeypatch.setattr(onemod, "_race", spy)
    res = one_equilibrium(g)
    assert len(res) == 1
    np.testing.assert_allclose(res[0].strategies[0], np.full(n, 1 / n), atol=1e-9)
    assert seen["first"] is not None and seen["first_pivots"] == 8
    winner = seen["ended"][-1]
    assert res.extra["init"] == winner.init
    # label 0 has the largest share of the race and wins here, on the path it had begun
    assert winner.init == 0 and winner is seen["first"]     # continued, not restarted
    assert res.extra["path_pivots"] == lemke_howson(g, init=res.extra["init"]).iterations

"""The schedule of ``one_equilibrium`` on two-player games: label 0 first, then a capped sweep of
the other labels, then the race, which continues label 0's path; every result verified."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.equilibrium import _one_race as racemod
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
    assert res.extra["path_pivots"] == ref.iterations <= racemod._SWEEP_PIVOTS
    # label 0 for 2 (m + n) pivots, then label 1's whole path: nothing else
    assert res.extra["total_pivots"] == 2 * 30 + ref.iterations
    np.testing.assert_allclose(res[0].strategies[0], ref[0].strategies[0], atol=1e-12)


def test_schedule_is_deterministic_and_race_results_verified():
    # seed 126: no label ends within the sweep's cap; the race decides
    g = _random(15, 126)
    a, b = one_equilibrium(g), one_equilibrium(g)
    for res in (a, b):
        assert len(res) == 1 and g.is_nash(res[0].strategies)
        assert res.extra["path_pivots"] > racemod._SWEEP_PIVOTS
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


def _near_zero_sum(n: int, seed: int):
    """Near-zero-sum games: no pure equilibrium and long paths from most labels, so the sweep's
    probes rarely end and the race decides."""
    rng = np.random.default_rng(seed)
    A = rng.random((n, n))
    return ct.NormalFormGame.from_bimatrix(A, -A + 0.2 * rng.random((n, n)))


def _keep_and_scratch(g, first_budget: float):
    """``one_equilibrium(g)`` keeping every probe, probing on scratch (both from Python), and
    with the compiled sweep (None without numba); label 0's first budget ``first_budget``
    pivots per label."""
    out = {}
    saved = (racemod._SCRATCH_CELLS, onemod._FIRST_PATH_PIVOTS,
             racemod._compiled_sweep_for)
    cached = racemod._CACHED_STACK_BYTES
    try:
        onemod._FIRST_PATH_PIVOTS = first_budget
        racemod._compiled_sweep_for = lambda start: None
        for cells in (10 ** 9, 0):                # keep every probe / always probe on scratch
            racemod._SCRATCH_CELLS = cells
            out[cells] = one_equilibrium(g)
        racemod._compiled_sweep_for = saved[2]
        out["compiled"] = one_equilibrium(g) if _compiled() else None
        # the compiled sweep on one scratch slot (as for games whose stack would be large)
        racemod._CACHED_STACK_BYTES = 0
        racemod._STACKS.__dict__.clear()
        out["compiled scratch"] = one_equilibrium(g) if _compiled() else None
    finally:
        (racemod._SCRATCH_CELLS, onemod._FIRST_PATH_PIVOTS,
         racemod._compiled_sweep_for) = saved
        racemod._CACHED_STACK_BYTES = cached
        racemod._STACKS.__dict__.clear()
    return out[10 ** 9], out[0], out["compiled"], out["compiled scratch"]


def _compiled() -> bool:
    from contracts._linalg import pivot as kernel
    return kernel._compiled_for(100) is not None


@settings(max_examples=30, deadline=None)
@given(n=st.integers(6, 30), seed=st.integers(0, 10 ** 6), zero_sum=st.booleans(),
       first_budget=st.sampled_from([0.1, 2.0]))
def test_scratch_probes_leave_the_schedule_unchanged(n, seed, zero_sum, first_budget):
    """Probing on one scratch state and remaking the probes the race needs gives the same
    winner, path and equilibrium as keeping every probe; only the pivot count grows, by the
    probes made again (at most ``_SWEEP_PIVOTS`` per label). A small first budget for label 0
    sends most of these games to the sweep and the race."""
    g = _near_zero_sum(n, seed) if zero_sum else _random(n, seed)
    _check_same_schedule(g, n, first_budget)


@pytest.mark.parametrize("n, seed", [(10, 127), (19, 63), (19, 237)])
def test_scratch_probes_in_games_the_race_decides(n, seed):
    # near-zero-sum games where no probe ends and the race decides (with the default budget)
    _check_same_schedule(_near_zero_sum(n, seed), n, onemod._FIRST_PATH_PIVOTS, grows=True)


def _check_same_schedule(g, n: int, first_budget: float, grows: bool = False):
    keep, scratch, compiled, compiled_scratch = _keep_and_scratch(g, first_budget)
    assert len(keep) == len(scratch) == 1 and g.is_nash(scratch[0].strategies)
    for key in ("route", "init", "path_pivots"):
        assert keep.extra.get(key) == scratch.extra.get(key)
    for a, b in zip(keep[0].strategies, scratch[0].strategies):
        np.testing.assert_array_equal(a, b)
    if keep.extra["route"] == "lemke_howson":
        extra = scratch.extra["total_pivots"] - keep.extra["total_pivots"]
        assert 0 <= extra <= racemod._SWEEP_PIVOTS * (2 * n - 1)
        assert extra > 0 or not grows
    if compiled is not None:
        # the compiled sweep keeps its probes when none ends: the schedule of keeping them
        assert compiled.extra == keep.extra
        # on one scratch slot it lets its probes go: the schedule of probing on scratch
        assert compiled_scratch.extra == scratch.extra
        for other in (compiled, compiled_scratch):
            for a, b in zip(keep[0].strategies, other[0].strategies):
                np.testing.assert_array_equal(a, b)


def test_race_regime_game_remakes_probes():
    # near-zero-sum 10 x 10, seed 127: label 0's path is long, no probe ends, the race is won
    # by label 1 (16 pivots) after remaking its probe
    g = _near_zero_sum(10, 127)
    res = one_equilibrium(g)
    assert len(res) == 1 and g.is_nash(res[0].strategies)
    assert res.extra["init"] == 1 and res.extra["path_pivots"] == 16
    assert res.extra["path_pivots"] == lemke_howson(g, init=1).iterations


def test_copy_into_reuses_memory_and_is_independent():
    from contracts.equilibrium._lh_paths import _FloatState, _Path
    rng = np.random.default_rng(3)
    A, B = rng.random((7, 5)), rng.random((7, 5))
    start = _FloatState.from_payoffs(A, B)
    ref = start.copy()
    scratch = start.copy_into(None)               # a new copy
    _Path(scratch, 2).advance(6)                  # pivot the scratch state
    again = start.copy_into(scratch)
    assert again is scratch
    for d, r, s in zip(start.d, ref.d, again.d):
        np.testing.assert_array_equal(d.T, r.T)  # the start is untouched
        np.testing.assert_array_equal(s.T, r.T)  # the scratch is the start again
        np.testing.assert_array_equal(s.basic, r.basic)
        np.testing.assert_array_equal(s.pos, r.pos)
        assert s.T is not d.T and s.basic is not d.basic and s.pos is not d.pos

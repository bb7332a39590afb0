"""The compiled (numba) kernel of solve_many: the numpy kernel's answers, bit for bit.

Compiled-only tests skip without numba; the numpy path is tested by forcing the compiled kernel
off (and in a process where numba is switched off)."""

import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.equilibrium import _batch_compiled as bc
from contracts.equilibrium._batch_support import stack_support_enumeration, stack_tols
from contracts.equilibrium.batch import GameError, solve_many


@pytest.fixture
def compiled(monkeypatch):
    pytest.importorskip("numba")
    if not bc.compiled_available():
        pytest.skip("the compiled kernel is switched off (CONTRACTS_NO_NUMBA)")
    monkeypatch.setattr(bc._KERNEL, "force", True)
    return bc


def _numpy_path(monkeypatch):
    monkeypatch.setattr(bc._KERNEL, "force", False)


def _stacks(kind, shape, G, rng):
    size = (G,) + shape
    if kind == "random":
        return rng.random(size), rng.random(size)
    if kind == "scaled":
        return (rng.normal(size=size) * 10 ** rng.uniform(-4, 4, (G, 1, 1)),
                rng.normal(size=size) * 10 ** rng.uniform(-4, 4, (G, 1, 1)))
    if kind == "ties":                       # small integers: most games degenerate
        return (rng.integers(0, 3, size).astype(float), rng.integers(0, 3, size).astype(float))
    if kind == "integers":                   # wider integers: some degenerate, some not
        return (rng.integers(-20, 21, size).astype(float),
                rng.integers(-20, 21, size).astype(float))
    if kind == "structured":                 # duplicated rows/columns, constant games, copies
        A, B = rng.random(size), rng.random(size)
        if shape[0] > 1:
            A[::4, 1] = A[::4, 0]                              # a duplicated row of A
        if shape[1] > 1:
            B[1::4, :, 1] = B[1::4, :, 0]                      # a duplicated column of B
        A[2::4] = 1.0                                          # constant payoffs
        B[3::4] = A[3::4]                                      # common interest
        return A, B
    raise AssertionError(kind)


def _same_arrays(r1, r2):
    assert len(r1) == len(r2) == 4
    for a, b in zip(r1, r2):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert np.array_equal(a, b)


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (4, 4), (2, 5), (5, 3), (3, 6), (6, 6), (7, 7),
                                   (1, 4), (4, 1), (8, 8)])
@pytest.mark.parametrize("kind", ["random", "scaled", "ties", "integers", "structured"])
def test_compiled_kernel_equals_numpy_kernel(compiled, shape, kind):
    rng = np.random.default_rng(sum(shape) * 31 + len(kind))
    G = 40 if max(shape) < 6 else 6
    A, B = _stacks(kind, shape, G, rng)
    tol, ok = stack_tols(A, B)
    A, B, tol = A[ok], B[ok], tol[ok]
    numpy_answer = stack_support_enumeration(A, B, tol)
    compiled_answer = compiled.stack_equilibria(A, B, tol)
    _same_arrays(compiled_answer, numpy_answer)
    g, X, Y, suspect = compiled_answer
    if kind == "random" and min(shape) > 1:
        assert not suspect.any()            # random games are nondegenerate
    if kind == "ties" and min(shape) > 1:
        assert suspect.sum() > len(suspect) // 2
    # every profile returned is an equilibrium of its game within its tolerance
    for e in range(len(g)):
        a, b, x, y = A[g[e]], B[g[e]], X[e], Y[e]
        assert (a @ y).max() - x @ a @ y <= tol[g[e]]
        assert (x @ b).max() - x @ b @ y <= tol[g[e]]


def test_solve_many_runs_the_compiled_kernel_when_forced(compiled, monkeypatch):
    def numpy_kernel_called(*args, **kwargs):
        raise AssertionError("the numpy kernel ran")

    monkeypatch.setattr(compiled, "stack_support_enumeration", numpy_kernel_called)
    rng = np.random.default_rng(3)
    games = [ct.NormalFormGame.from_bimatrix(rng.random((4, 4)), rng.random((4, 4)))
             for _ in range(50)]
    res = solve_many(games, method="vertex_enumeration")
    assert res.vectorised == 50 and not res.errors
    for r, g in zip(res, games):
        assert len(r) % 2 == 1 and r.max_regret <= g.default_tol()
    with pytest.raises(AssertionError, match="numpy kernel"):      # 8 x 8: numpy's job
        compiled.stack_equilibria(np.ones((1, 8, 8)), np.ones((1, 8, 8)), np.ones(1))


def test_compiled_kernel_many_slices_and_growing_output(compiled, monkeypatch):
    # a stack large enough for the numpy kernel to take it in several slices; the compiled
    # kernel's output buffers grow (games with many equilibria: coordination games)
    rng = np.random.default_rng(11)
    G = 3000
    A, B = rng.random((G, 4, 4)), rng.random((G, 4, 4))
    eye = np.eye(4) * 3 + rng.random((4, 4)) * 0.1
    A[::3], B[::3] = eye, eye.T + 0.05                   # 15 equilibria each
    tol, ok = stack_tols(A, B)
    assert ok.all()
    numpy_answer = stack_support_enumeration(A, B, tol)
    _same_arrays(compiled.stack_equilibria(A, B, tol), numpy_answer)
    assert np.bincount(numpy_answer[0], minlength=G)[0] == 15


def _bytes(profiles):
    return [tuple(np.asarray(s, dtype=float).tobytes() for s in p) for p in profiles]


def _dump(res):
    out = []
    for i in range(len(res)):
        r = res[i]
        if isinstance(r, GameError):
            out.append(("error", r.index, r.type, r.message))
            continue
        out.append((type(r).__name__, r.method, r.exact, r.complete, r.converged,
                    bool(r.degenerate), r.max_regret, r.message, len(r),
                    _bytes(e.strategies for e in r),
                    [np.asarray(e.payoffs, dtype=float).tobytes() for e in r]))
    return out


def _solve_both(games, monkeypatch, **kw):
    with warnings.catch_warnings(record=True) as w1:
        warnings.simplefilter("always")
        monkeypatch.setattr(bc._KERNEL, "force", True)
        fast = solve_many(games, method="support_enumeration", **kw)
        fast_dump = _dump(fast)
    with warnings.catch_warnings(record=True) as w2:
        warnings.simplefilter("always")
        monkeypatch.setattr(bc._KERNEL, "force", False)
        slow = solve_many(games, method="support_enumeration", **kw)
        slow_dump = _dump(slow)
    assert [str(w.message) for w in w1] == [str(w.message) for w in w2]
    return fast, slow, fast_dump, slow_dump


def test_solve_many_results_identical_with_and_without_compiled(compiled, monkeypatch):
    rng = np.random.default_rng(5)
    games = [ct.NormalFormGame.from_bimatrix(rng.random((4, 4)), rng.random((4, 4)))
             for _ in range(150)]
    games += [ct.NormalFormGame.from_bimatrix(rng.integers(0, 4, (3, 3)).astype(float),
                                              rng.integers(0, 4, (3, 3)).astype(float))
              for _ in range(30)]                         # degenerate: single-game solver
    games.insert(7, ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 2, 3))))  # error
    games.insert(9, ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]).as_exact())
    fast, slow, fast_dump, slow_dump = _solve_both(games, monkeypatch)
    assert fast_dump == slow_dump
    assert fast.vectorised == slow.vectorised >= 150
    assert np.array_equal(fast.counts, slow.counts)
    assert [str(e) for e in fast.errors] == [str(e) for e in slow.errors]
    assert len(fast.errors) == 1 and fast.errors[0].index == 7
    assert fast.to_dict() == slow.to_dict()
    for i in range(len(games)):
        assert _bytes(fast.profiles(i)) == _bytes(slow.profiles(i))
    for i, r in enumerate(fast):
        if not isinstance(r, GameError):
            assert r.max_regret <= games[i].default_tol()


def test_chunks_executor_and_progress_identical(compiled, monkeypatch):
    pytest.importorskip("tqdm")
    rng = np.random.default_rng(8)
    games = [ct.NormalFormGame.from_bimatrix(rng.random((3, 4)), rng.random((3, 4)))
             for _ in range(40)]
    games.insert(3, ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 2, 3))))
    for kw in ({"executor": map, "chunksize": 7}, {"progress": True}):
        fast, slow, fast_dump, slow_dump = _solve_both(games, monkeypatch, **kw)
        assert fast_dump == slow_dump
        assert fast.errors[0].index == 3


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(m=st.integers(2, 4), n=st.integers(2, 4), G=st.integers(1, 6),
       levels=st.sampled_from([2, 3, 5, 1000]), seed=st.integers(0, 2 ** 32 - 1))
def test_hypothesis_compiled_equals_numpy(compiled, m, n, G, levels, seed):
    rng = np.random.default_rng(seed)
    A = rng.integers(0, levels, (G, m, n)).astype(float)
    B = rng.integers(0, levels, (G, m, n)).astype(float)
    tol, ok = stack_tols(A, B)
    A, B, tol = A[ok], B[ok], tol[ok]
    if not len(A):
        return
    _same_arrays(compiled.stack_equilibria(A, B, tol), stack_support_enumeration(A, B, tol))


def test_numpy_path_when_forced_off(monkeypatch):
    _numpy_path(monkeypatch)
    assert bc._KERNEL.select(10 ** 12) is None
    rng = np.random.default_rng(2)
    A, B = rng.random((30, 4, 4)), rng.random((30, 4, 4))
    tol, _ = stack_tols(A, B)
    _same_arrays(bc.stack_equilibria(A, B, tol), stack_support_enumeration(A, B, tol))
    games = [ct.NormalFormGame.from_bimatrix(a, b) for a, b in zip(A, B)]
    res = solve_many(games, method="support_enumeration")
    assert res.vectorised == 30 and not res.errors
    assert all(r.max_regret <= g.default_tol() for r, g in zip(res, games))


def test_automatic_selection(monkeypatch):
    monkeypatch.setattr(bc._KERNEL, "force", None)
    monkeypatch.setattr(bc._KERNEL, "loaded", None)
    if "numba" not in sys.modules:
        # a small stack does not import numba for its own sake
        assert bc._KERNEL.select(100) is None and bc._KERNEL.loaded is None
    big = bc._KERNEL.select(bc._KERNEL.min_work)            # a large stack loads it if installed
    try:
        import numba  # noqa: F401
    except ImportError:
        assert big is None
    else:
        if os.environ.get("CONTRACTS_NO_NUMBA"):
            assert big is None
        else:
            assert big is not None and bc._KERNEL.select(1) is big


_FRESH = """
import sys, numpy as np, contracts as ct
from contracts.equilibrium import _batch_compiled as bc
rng = np.random.default_rng(0)
games = [ct.NormalFormGame.from_bimatrix(rng.random((3, 3)), rng.random((3, 3)))
         for _ in range(20)]
res = ct.solve_many(games, method="support_enumeration")
assert res.vectorised == 20 and not res.errors
print(sys.modules.get('numba') is not None, bc.compiled_available())
"""


def test_fresh_process_small_batch_and_no_numba_switch():
    run = subprocess.run([sys.executable, "-c", _FRESH], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[0] == "False"       # a small batch does not import numba
    env = dict(os.environ, CONTRACTS_NO_NUMBA="1")
    run = subprocess.run([sys.executable, "-c", _FRESH], capture_output=True, text=True,
                         timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "False"]
    # numba not installed: importing it fails, the numpy path answers
    run = subprocess.run([sys.executable, "-c", "import sys; sys.modules['numba'] = None\n"
                          + _FRESH.replace("bc.compiled_available()",
                                           "bc._KERNEL.select(10 ** 12) is None")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True"]

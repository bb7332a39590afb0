"""Benchmark: ``solve_many`` on thousands of random 4x4 bimatrix games.

Same run, same games, interleaved repeats: contracts' ``solve_many(games,
method="support_enumeration")`` (vectorised across games) with the compiled kernel (numba, when
installed) and with the numpy kernel (compiled kernel switched off), against a Python loop over
QuantEcon's ``support_enumeration`` (numba, warmed up first). Prints median times and the ratios
contracts / QuantEcon (below 1: contracts is faster; the target is 0.1 or less), checks on every
game that both find the same equilibria and that both contracts kernels return the same bits,
and times packaging every game's result object once (``solve_many`` packages a game's result on
first access; the solve times above leave it out, as the QuantEcon loop returns bare arrays).

``--cold`` also times, in fresh processes, importing contracts and numba and a first
``solve_many`` on 100 games (the compiled kernel loaded from numba's cache, or compiled when
the cache is empty).

Run:  python benchmarks/bench_batch.py [--games 10000] [--repeats 5] [--size 4] [--cold]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))   # this checkout first

_COLD = """
import time
t0 = time.perf_counter(); c0 = time.process_time()
import numpy as np, numba, contracts as ct
from contracts.equilibrium import _batch_compiled as bc
rng = np.random.default_rng(1)
games = [ct.NormalFormGame.from_bimatrix(rng.random((4, 4)), rng.random((4, 4)))
         for _ in range(100)]
t1 = time.perf_counter(); c1 = time.process_time()
res = ct.solve_many(games, method="support_enumeration")
t2 = time.perf_counter(); c2 = time.process_time()
assert res.vectorised == 100 and bc._KERNEL.loaded
print(f"{t1 - t0:.2f} {c1 - c0:.2f} {t2 - t1:.2f} {c2 - c1:.2f}")
"""


def _cold(cache_dir=None):
    env = dict(os.environ)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    out = subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=600, check=True).stdout.split()
    return [float(v) for v in out]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--size", type=int, default=4)
    ap.add_argument("--cold", action="store_true")
    args = ap.parse_args(argv)

    import contracts as ct
    from contracts.equilibrium import _batch_compiled as bc
    from contracts.equilibrium.batch import solve_many
    import quantecon.game_theory as gt

    n = args.size
    rng = np.random.default_rng(4242)
    mats = [(rng.random((n, n)), rng.random((n, n))) for _ in range(args.games)]
    games = [ct.NormalFormGame.from_bimatrix(A, B) for A, B in mats]
    qgames = [gt.NormalFormGame((gt.Player(A), gt.Player(B.T))) for A, B in mats]
    gt.support_enumeration(qgames[0])                      # numba compilation (warm)
    compiled = bc.compiled_available()
    kernels = {"compiled": True, "numpy": False} if compiled else {"numpy": False}
    for flag in kernels.values():                          # warm (the kernel loaded)
        bc.use_compiled(flag)
        solve_many(games[:100], method="support_enumeration")

    wall = {k: [] for k in (*kernels, "qe")}
    cpu = {k: [] for k in (*kernels, "qe")}
    res = {}
    qe = None
    try:
        for _ in range(args.repeats):
            for name, flag in kernels.items():
                bc.use_compiled(flag)
                t, c = time.perf_counter(), time.process_time()
                res[name] = solve_many(games, method="support_enumeration")
                wall[name].append(time.perf_counter() - t)
                cpu[name].append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            qe = [gt.support_enumeration(q) for q in qgames]
            wall["qe"].append(time.perf_counter() - t)
            cpu["qe"].append(time.process_time() - c)
    finally:
        bc.use_compiled(None)

    def key(profiles):
        return sorted(tuple(np.round(np.concatenate([np.asarray(s, float) for s in p]), 7))
                      for p in profiles)

    first = res[next(iter(kernels))]
    same = sum(key(first.profiles(i)) == key(qe[i]) for i in range(len(games)))
    print(f"solve_many vs a loop over QuantEcon support_enumeration: {args.games} random "
          f"{n}x{n} games, median of {args.repeats} interleaved runs")
    print(f"{'kernel':9s} {'clock':5s} {'contracts solve_many [s]':>25s} "
          f"{'QuantEcon loop [s]':>19s} {'ratio':>7s}")
    for name in kernels:
        for clock, d in (("wall", wall), ("cpu", cpu)):
            a, b = statistics.median(d[name]), statistics.median(d["qe"])
            print(f"{name:9s} {clock:5s} {a:25.4f} {b:19.4f} {a / b:7.3f}")
    print("(below 1: contracts is faster; cpu = process CPU time, fairer on a loaded machine)")
    if not compiled:
        print("compiled kernel unavailable (numba not installed or CONTRACTS_NO_NUMBA set)")
    else:
        bits = np.array_equal(res["compiled"].counts, res["numpy"].counts) and all(
            np.array_equal(a, b) for i in range(len(games))
                   for pa, pb in zip(res["compiled"].profiles(i), res["numpy"].profiles(i))
                   for a, b in zip(pa, pb))
        print(f"compiled and numpy kernels return the same bits on every game: {bits}")
    print(f"games vectorised across: {first.vectorised}/{len(games)}; games with the same "
          f"equilibria as QuantEcon: {same}/{len(games)}; errors: {len(first.errors)}")
    t, c = time.perf_counter(), time.process_time()
    packaged = list(first)
    print(f"packaging all {len(packaged)} results once (first access): "
          f"{time.perf_counter() - t:.3f} s wall, {time.process_time() - c:.3f} s cpu")
    if args.cold and compiled:
        print("fresh process: import contracts+numba [s wall, cpu], first solve_many of 100 "
              "4x4 games [s wall, cpu]")
        print("  numba cache warm:  ", _cold())
        with tempfile.TemporaryDirectory() as tmp:
            print("  numba cache empty: ", _cold(tmp))


if __name__ == "__main__":
    main()

"""Benchmark: support and vertex enumeration of small float games against QuantEcon.

Games: ``rng = numpy.random.default_rng(1000 + n + seed)``, ``A, B = rng.random((n, n)),
rng.random((n, n))`` for ``seed`` in ``0 .. --seeds - 1``. For each game
``contracts.solve(g, method=...)`` and QuantEcon's ``support_enumeration`` /
``vertex_enumeration`` (numba code compiled by a warm-up call; contracts warmed up too) are
timed interleaved, call after call, ``--repeats`` times, in wall time (``perf_counter``) and CPU
time (``process_time``, far less inflated on a shared machine). Per method and size the script
prints the medians over all calls and the ratio ``contracts / quantecon`` (< 1: contracts is
faster) of the medians, in wall and in CPU time, and the worst per-game CPU ratio.

On games this small the time is fixed cost per call (checks, set-up, the vectorised kernel,
verification and packaging), so this is the benchmark for that overhead. To compare two
versions of the library, run the script once from the root of each tree (the working
directory's ``contracts`` is imported first).

Run:  python benchmarks/bench_small_enum.py [--se-sizes 4 6] [--ve-sizes 6 8] [--seeds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def _interleaved(funcs: dict, repeats: int) -> dict:
    wall = {k: [] for k in funcs}
    cpu = {k: [] for k in funcs}
    for f in funcs.values():
        f()                                       # warm: numba compiled, caches filled
    for _ in range(repeats):
        for k, f in funcs.items():
            w, c = time.perf_counter(), time.process_time()
            f()
            cpu[k].append(time.process_time() - c)
            wall[k].append(time.perf_counter() - w)
    return wall, cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--se-sizes", type=int, nargs="*", default=[4, 6])
    ap.add_argument("--ve-sizes", type=int, nargs="*", default=[6, 8])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=60)
    args = ap.parse_args(argv)

    sys.path.insert(0, os.getcwd())               # the working directory's contracts
    import numpy as np
    import quantecon.game_theory as qe

    import contracts as ct

    cases = [("support_enumeration", n, qe.support_enumeration) for n in args.se_sizes]
    cases += [("vertex_enumeration", n, qe.vertex_enumeration) for n in args.ve_sizes]
    print(f"{'method':22s} {'n':>3s} {'contracts ms':>13s} {'QuantEcon ms':>13s} "
          f"{'wall ratio':>10s} {'CPU ratio':>10s} {'worst CPU':>10s}")
    for method, n, peer in cases:
        w_c, w_q, c_c, c_q, worst = [], [], [], [], 0.0
        for seed in range(args.seeds):
            rng = np.random.default_rng(1000 + n + seed)
            A, B = rng.random((n, n)), rng.random((n, n))
            g = ct.NormalFormGame.from_bimatrix(A, B)
            q = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
            wall, cpu = _interleaved({"c": lambda: ct.solve(g, method=method),
                                      "q": lambda: peer(q)}, args.repeats)
            w_c += wall["c"]
            w_q += wall["q"]
            c_c += cpu["c"]
            c_q += cpu["q"]
            worst = max(worst, statistics.median(cpu["c"]) / statistics.median(cpu["q"]))
        _report(method, n, [statistics.median(v) for v in (w_c, w_q, c_c, c_q)], worst)
    return 0


def _report(method: str, n: int, medians: list, worst: float) -> None:
    wall_c, wall_q, cpu_c, cpu_q = medians
    cells = [f"{method:22s}", f"{n:3d}", f"{wall_c * 1e3:13.3f}", f"{wall_q * 1e3:13.3f}",
             f"{wall_c / wall_q:10.2f}", f"{cpu_c / cpu_q:10.2f}", f"{worst:10.2f}"]
    print(" ".join(cells), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())

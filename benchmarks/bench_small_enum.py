"""Benchmark: support and vertex enumeration of small float games against QuantEcon.

Games: ``rng = numpy.random.default_rng(1000 + n + seed)``, ``A, B = rng.random((n, n)),
rng.random((n, n))`` for ``seed`` in ``0 .. --seeds - 1``. For each game
``contracts.solve(g, method=...)`` and QuantEcon's ``support_enumeration`` /
``vertex_enumeration`` (numba code compiled by a warm-up call; contracts warmed up too) are
timed interleaved, call after call, ``--repeats`` times (a tenth of that, at least 3, for games
of 10 or more actions), in wall time (``perf_counter``) and CPU time (``process_time``, far less
inflated on a shared machine). Per method and size the script prints the medians over all calls
and the ratio ``contracts / quantecon`` (< 1: contracts is faster) of the medians, in wall and
in CPU time, and the worst per-game CPU ratio.

QuantEcon imports numba, so contracts runs its compiled steps here (vertex labels and partner
systems of vertex enumeration; see ``contracts._linalg.pivot.use_compiled``). With
``--numpy-too`` a second contracts row per vertex-enumeration size times the numpy path (the
compiled steps switched off), interleaved in the same loop.

On games this small the time is fixed cost per call (checks, set-up, Qhull, the kernels,
verification and packaging), so this is the benchmark for that overhead. To compare two
versions of the library, run the script once from the root of each tree (the working
directory's ``contracts`` is imported first).

Run:  python benchmarks/bench_small_enum.py [--se-sizes 4 6] [--ve-sizes 6 8 12] [--seeds 8]
      [--numpy-too] [--quick]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def _interleaved(funcs: dict, repeats: int) -> tuple[dict, dict]:
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


def _numpy_path(f):
    """``f`` run with contracts' compiled steps switched off."""
    from contracts._linalg import pivot

    def run():
        old = pivot._FORCE
        pivot.use_compiled(False)
        try:
            return f()
        finally:
            pivot.use_compiled(old)
    return run


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--se-sizes", type=int, nargs="*", default=[4, 6])
    ap.add_argument("--ve-sizes", type=int, nargs="*", default=[6, 8, 12])
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=40)
    ap.add_argument("--numpy-too", action="store_true",
                    help="also time contracts' numpy path of vertex enumeration")
    ap.add_argument("--quick", action="store_true", help="3 seeds, 10 repeats")
    args = ap.parse_args(argv)
    if args.quick:
        args.seeds, args.repeats = 3, 10

    sys.path.insert(0, os.getcwd())               # the working directory's contracts
    import numpy as np
    import quantecon.game_theory as qe

    import contracts as ct

    cases = [("support_enumeration", n, qe.support_enumeration) for n in args.se_sizes]
    cases += [("vertex_enumeration", n, qe.vertex_enumeration) for n in args.ve_sizes]
    print(f"{'method':30s} {'n':>3s} {'contracts ms':>13s} {'QuantEcon ms':>13s} "
          f"{'wall ratio':>10s} {'CPU ratio':>10s} {'worst CPU':>10s}")
    for method, n, peer in cases:
        repeats = args.repeats if n < 10 else max(3, args.repeats // 10)
        variants = {"c": ""}
        if args.numpy_too and method == "vertex_enumeration":
            variants["c_np"] = " (numpy path)"
        times = {k: ([], []) for k in [*variants, "q"]}
        worst = {k: 0.0 for k in variants}
        for seed in range(args.seeds):
            rng = np.random.default_rng(1000 + n + seed)
            A, B = rng.random((n, n)), rng.random((n, n))
            g = ct.NormalFormGame.from_bimatrix(A, B)
            q = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
            funcs = {"c": lambda: ct.solve(g, method=method)}
            if "c_np" in variants:
                funcs["c_np"] = _numpy_path(lambda: ct.solve(g, method=method))
            funcs["q"] = lambda: peer(q)
            wall, cpu = _interleaved(funcs, repeats)
            for k in funcs:
                times[k][0].extend(wall[k])
                times[k][1].extend(cpu[k])
            for k in variants:
                worst[k] = max(worst[k], statistics.median(cpu[k]) / statistics.median(cpu["q"]))
        wq, cq = (statistics.median(v) for v in times["q"])
        for k, label in variants.items():
            wc, cc = (statistics.median(v) for v in times[k])
            _report(method + label, n, [wc, wq, cc, cq], worst[k])
    return 0


def _report(method: str, n: int, medians: list, worst: float) -> None:
    wall_c, wall_q, cpu_c, cpu_q = medians
    cells = [f"{method:30s}", f"{n:3d}", f"{wall_c * 1e3:13.3f}", f"{wall_q * 1e3:13.3f}",
             f"{wall_c / wall_q:10.2f}", f"{cpu_c / cpu_q:10.2f}", f"{worst:10.2f}"]
    print(" ".join(cells), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: the pivoting kernel against QuantEcon (per pivot, `one`, enumeration) and HiGHS.

Every figure is a median of interleaved runs in one process (QuantEcon warmed up first, so its
numba compilation is excluded). Ratios are contracts / peer: below 1 means contracts is faster;
the columns are wall-clock time, and the LH rows also give the ratio of CPU times (less
inflated on a busy machine).

* ``LH per pivot n×n``  ``lemke_howson(g, init=0)`` time / pivots, against QuantEcon's
  ``lemke_howson(g, init_pivot=0, full_output=True)`` time / ``num_iter`` on the same game
  (``rng = default_rng(1000 + n)``). Reported for the kernel contracts picks (compiled when
  numba is installed) and for the numpy path (``CONTRACTS_NO_NUMBA``-style switch
  ``contracts._linalg.pivot.use_compiled(False)``).
* ``one vs QE LH n×n``  ``one_equilibrium(g)`` against QuantEcon's ``lemke_howson(g)`` on the
  games of 20 seeds; the worst and the median ratio over the seeds.
* ``support enum n×n``, ``vertex enum n×n``  against QuantEcon's ``support_enumeration`` and
  ``vertex_enumeration``.

Run:  PYTHONPATH=. python benchmarks/bench_pivot.py [--quick]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:       # measure this tree's contracts, not an installed one
    sys.path.insert(0, str(ROOT))


#: CPU-time medians of the last :func:`interleaved` call (the returned figures are wall time)
LAST_CPU: dict = {}


def interleaved(funcs: dict, repeats: int) -> dict:
    """Wall-clock medians of interleaved calls; their CPU-time medians go to ``LAST_CPU``."""
    times = {k: [] for k in funcs}
    cpu = {k: [] for k in funcs}
    for _ in range(repeats):
        for k, f in funcs.items():
            t, c = time.perf_counter(), time.process_time()
            f()
            times[k].append(time.perf_counter() - t)
            cpu[k].append(time.process_time() - c)
    LAST_CPU.clear()
    LAST_CPU.update({k: statistics.median(v) for k, v in cpu.items()})
    return {k: statistics.median(v) for k, v in times.items()}


def game(n, seed):
    rng = np.random.default_rng(seed)
    return rng.random((n, n)), rng.random((n, n))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sizes", type=int, nargs="+", default=[8, 50, 100, 200, 400])
    ap.add_argument("--one-sizes", type=int, nargs="+", default=[50, 100, 200])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--skip", nargs="*", default=[], help="sections to skip: lh one se ve")
    args = ap.parse_args(argv)
    import quantecon.game_theory as qe

    import contracts as ct
    try:
        from contracts._linalg import pivot as kernel
    except ImportError:          # a tree before the kernel existed
        kernel = None
    from contracts.equilibrium.lemke_howson import lemke_howson
    from contracts.equilibrium.one import one_equilibrium

    has_switch = kernel is not None
    reps = 3 if args.quick else 7

    class Rows(list):
        def append(self, row):
            super().append(row)
            name, c, q, r, note = row
            print(f"{name:38s} {c:11.3f} {q:11.3f} {r:7.2f}  {note}", flush=True)

    print(f"{'benchmark':38s} {'contracts':>11s} {'QuantEcon':>11s} {'ratio':>7s}  note")
    rows = Rows()
    if "lh" not in args.skip:
        for n in args.sizes:
            A, B = game(n, 1000 + n)
            g = ct.NormalFormGame.from_bimatrix(A, B)
            q = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
            qe.lemke_howson(q, init_pivot=0)
            qpiv = qe.lemke_howson(q, init_pivot=0, full_output=True)[1].num_iter
            cpiv = lemke_howson(g, init=0).iterations
            modes = [("auto", None)]
            if has_switch and kernel.compiled_available():
                modes.append(("numpy", False))
            funcs = {"qe": lambda: qe.lemke_howson(q, init_pivot=0)}
            for name, flag in modes:
                if flag is None:                 # the library's own choice: call it as is
                    funcs[name] = lambda: lemke_howson(g, init=0)
                    continue

                def run(flag=flag):
                    if has_switch:
                        kernel.use_compiled(flag)
                    try:
                        lemke_howson(g, init=0)
                    finally:
                        if has_switch:
                            kernel.use_compiled(None)
                funcs[name] = run
            for f in funcs.values():
                f()
            t = interleaved(funcs, reps if n < 400 else 3)
            for name, _ in modes:
                cpu_ratio = (LAST_CPU[name] / cpiv) / (LAST_CPU["qe"] / qpiv)
                rows.append((f"LH per pivot {n}x{n} ({name})",
                             t[name] / cpiv * 1e6, t["qe"] / qpiv * 1e6,
                             (t[name] / cpiv) / (t["qe"] / qpiv),
                             f"{cpiv}/{qpiv} pivots; CPU ratio {cpu_ratio:.2f}"))
    if "one" not in args.skip:
        for n in args.one_sizes:
            ratios = []
            tc_all, tq_all = [], []
            for s in range(args.seeds):
                A, B = game(n, 1000 * n // 50 + s)
                g = ct.NormalFormGame.from_bimatrix(A, B)
                q = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
                qe.lemke_howson(q)
                t = interleaved({"c": lambda: one_equilibrium(g),
                                 "q": lambda: qe.lemke_howson(q)}, 3 if args.quick else 5)
                ratios.append(t["c"] / t["q"])
                tc_all.append(t["c"])
                tq_all.append(t["q"])
            rows.append((f"one vs QE LH {n}x{n} ({args.seeds} seeds)",
                         statistics.median(tc_all) * 1e3, statistics.median(tq_all) * 1e3,
                         max(ratios), f"median ratio {statistics.median(ratios):.3f}"))
    from contracts.equilibrium.support_enumeration import support_enumeration
    from contracts.equilibrium.vertex_enumeration import vertex_enumeration
    enum = []
    if "se" not in args.skip:
        enum += [("support enum", n, support_enumeration, qe.support_enumeration)
                 for n in ((6,) if args.quick else (6, 12))]
    if "ve" not in args.skip:
        enum += [("vertex enum", 8, vertex_enumeration, qe.vertex_enumeration)]
    for label, n, cf, qf in enum:
        A, B = game(n, 1000 + n)
        g = ct.NormalFormGame.from_bimatrix(A, B)
        q = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
        qf(q)
        r = 1 if n >= 12 else reps
        t = interleaved({"c": lambda: cf(g), "q": lambda: qf(q)}, r)
        rows.append((f"{label} {n}x{n}", t["c"] * 1e3, t["q"] * 1e3, t["c"] / t["q"],
                     "ms"))
    print("(LH rows: microseconds per pivot; other rows: milliseconds per call)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

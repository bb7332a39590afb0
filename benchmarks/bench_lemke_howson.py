"""Benchmark: one equilibrium of a random n×n game, contracts against nashpy, QuantEcon, Gambit.

Same run, same games: ``A, B = rng.random((n, n)), rng.random((n, n))`` with
``rng = numpy.random.default_rng(1000 + n)`` (the issue's games), plus, for each size, the first
seed ``>= 1000 + n`` whose game has NO pure equilibrium (so the pure check cannot help).

Solvers timed (median of ``--repeats`` runs; QuantEcon is warmed up first, so its numba
compilation is excluded):

* ``contracts one``         ``one_equilibrium(g)``: pure check, then the Lemke–Howson race
* ``contracts LH race``     the interleaved Lemke–Howson race alone (no pure check first)
* ``contracts one exact``   the same in rational arithmetic (small sizes)
* ``contracts LH(0)``       ``lemke_howson(g, init=0)``: the single path from label 0
* ``quantecon LH(0)``       ``quantecon.game_theory.lemke_howson(g)`` (default label 0)
* ``nashpy LH(0)``          ``nashpy.Game(A, B).lemke_howson(0)`` (sizes <= ``--nashpy-max``;
                            on the 50×50 game it had not finished after 200 s on our machine)
* ``gambit lcp float``      ``pygambit.nash.lcp_solve(g, rational=False, stop_after=1)``
                            (sizes <= ``--gambit-max``: 2.6 s at 100×100, over 300 s at 200×200)

Each ratio is the solver's median over ``contracts one``'s median on the same game
(> 1: contracts is faster), for wall-clock and for CPU time. The script ends with the
fresh-process time of ``import contracts`` plus the first ``one_equilibrium`` of a 10×10 game.

Run:  python benchmarks/bench_lemke_howson.py [--sizes 10 20 50 100 200] [--repeats 5]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np


def timed(fn, repeats):
    """Median wall-clock and median CPU (process) time of ``repeats`` calls, and the output.

    CPU time is reported too because the machine may be shared: it is much less inflated by
    other processes than the wall clock (every solver here runs on one thread)."""
    out = None
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return (statistics.median(wall), statistics.median(cpu)), out


def random_game(n, seed):
    rng = np.random.default_rng(seed)
    return rng.random((n, n)), rng.random((n, n))


def has_pure(A, B):
    return bool(np.any((A == A.max(axis=0)) & (B == B.max(axis=1, keepdims=True))))


def mixed_only_seed(n):
    seed = 1000 + n
    while has_pure(*random_game(n, seed)):
        seed += 1
    return seed


def fresh_process_first_solve() -> float:
    code = ("import time;t=time.time();import contracts, numpy as np;"
            "from contracts.equilibrium.one import one_equilibrium;"
            "rng=np.random.default_rng(1010);A=rng.random((10,10));B=rng.random((10,10));"
            "r=one_equilibrium(contracts.NormalFormGame.from_bimatrix(A,B));"
            "assert len(r)==1;print(time.time()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 50, 100, 200])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--nashpy-max", type=int, default=20)
    ap.add_argument("--exact-max", type=int, default=50)
    ap.add_argument("--gambit-max", type=int, default=100)
    args = ap.parse_args(argv)

    import contracts as ct
    from contracts.equilibrium.lemke_howson import lemke_howson
    from contracts.equilibrium.one import one_equilibrium

    one_mod = importlib.import_module("contracts.equilibrium.one")

    try:
        import quantecon.game_theory as qe
    except ImportError:
        qe = None
    try:
        import nashpy
    except ImportError:
        nashpy = None
    try:
        import pygambit as gbt
    except ImportError:
        gbt = None
    if qe is not None:   # warm up numba
        A, B = random_game(3, 0)
        qe.lemke_howson(qe.NormalFormGame((qe.Player(A), qe.Player(B.T))))

    rows = []
    for n in args.sizes:
        for label, seed in ((f"{n}x{n} seed {1000 + n}", 1000 + n),
                            (f"{n}x{n} seed {mixed_only_seed(n)} (no pure eq.)",
                             mixed_only_seed(n))):
            if label.endswith("(no pure eq.)") and seed == 1000 + n:
                continue
            A, B = random_game(n, seed)
            g = ct.NormalFormGame.from_bimatrix(A, B)
            reps = args.repeats
            t_one, r = timed(lambda: one_equilibrium(g), reps)
            assert len(r) == 1
            route = r.extra["route"]
            piv = r.iterations
            res = [("contracts one", t_one, f"{piv} ({route})")]
            t, r = timed(lambda: one_mod._interleaved(g, A, B, exact=False,
                                                      tol=g.default_tol()), reps)
            res.append(("contracts LH race", t, f"{r.iterations} (label {r.extra['init']}: "
                                                f"{r.extra['path_pivots']})"))
            if n <= args.exact_max:
                t, r = timed(lambda: one_equilibrium(g, exact=True), max(1, reps // 2))
                res.append(("contracts one exact", t, f"{r.iterations} ({r.extra['route']})"))
            lh_reps = reps if n <= 100 else 1
            t, r = timed(lambda: lemke_howson(g, init=0), lh_reps)
            res.append(("contracts LH(0)", t, str(r.iterations)))
            if qe is not None:
                qg = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
                t, r = timed(lambda: qe.lemke_howson(qg, full_output=True), reps)
                res.append(("quantecon LH(0)", t, str(r[1].num_iter)))
            if nashpy is not None and n <= args.nashpy_max:
                ng = nashpy.Game(A, B)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t, _ = timed(lambda: ng.lemke_howson(initial_dropped_label=0),
                                 max(1, reps // 2))
                res.append(("nashpy LH(0)", t, ""))
            if gbt is not None and n <= args.gambit_max:
                gg = gbt.Game.from_arrays(A, B)
                t, _ = timed(lambda: gbt.nash.lcp_solve(gg, rational=False, stop_after=1),
                             max(1, reps // 2))
                res.append(("gambit lcp float", t, ""))
            for name, t, info in res:
                rows.append((label, name, t, (t[0] / max(t_one[0], 1e-9),
                                              t[1] / max(t_one[1], 1e-9)), info))
            print(f"... {label} done", file=sys.stderr)

    w = max(len(r[0]) for r in rows)
    print(f"{'game':<{w}}  {'solver':<20} {'wall ms':>10} {'ratio':>8} {'cpu ms':>10} "
          f"{'ratio':>8}  pivots")
    last = None
    for label, name, t, ratio, info in rows:
        print(f"{label if label != last else '':<{w}}  {name:<20} {t[0] * 1e3:>10.2f} "
              f"{ratio[0]:>7.1f}x {t[1] * 1e3:>10.2f} {ratio[1]:>7.1f}x  {info}")
        last = label
    print(f"\nfresh process: import contracts + first one_equilibrium of a 10x10 game: "
          f"{statistics.median(fresh_process_first_solve() for _ in range(3)):.3f} s")


if __name__ == "__main__":
    main()

"""Benchmark: the fixed cost of ``solve(g, method="one")`` on float two-player games.

Games: ``rng = numpy.random.default_rng(1000 + seed)``, ``A, B = rng.random((n, n)),
rng.random((n, n))`` for ``seed`` in ``0 .. --seeds - 1`` and ``n`` in ``--sizes``. For each game
``contracts.solve(g, method="one")`` and QuantEcon's ``lemke_howson`` (label 0, its numba code
compiled by a warm-up call) are timed interleaved (call after call, both warm), median of
``--repeats`` runs each. Per size the script prints the median times and the worst and median
ratio ``contracts / quantecon`` over the seeds (< 1: contracts is faster), plus the seed of the
worst ratio. In random games the Lemke-Howson paths are often a handful of pivots long, so this
measures mostly fixed cost (checks, set-up, verification, packaging).

To compare two versions of the library, run the script once from the root of each tree (the
working directory's ``contracts`` is imported first).

Run:  python benchmarks/bench_one_overhead.py [--sizes 8 50 100] [--seeds 20] [--repeats 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[8, 50, 100])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=15)
    args = ap.parse_args()

    sys.path.insert(0, os.getcwd())          # the working directory's contracts
    import contracts as ct
    from quantecon.game_theory import NormalFormGame as QNFG
    from quantecon.game_theory import Player, lemke_howson as q_lh

    warnings.simplefilter("ignore")
    print(f"contracts from {os.path.dirname(ct.__file__)}")
    print(f"{'n':>4} {'ours med us':>12} {'qe med us':>10} {'ratio med':>10} "
          f"{'ratio worst':>12} {'worst seed':>10}")
    for n in args.sizes:
        ours_t, qe_t, ratios = [], [], []
        for seed in range(args.seeds):
            rng = np.random.default_rng(1000 + seed)
            A, B = rng.random((n, n)), rng.random((n, n))
            g = ct.NormalFormGame.from_bimatrix(A, B)
            qg = QNFG((Player(A), Player(B.T)))
            ct.solve(g, method="one")
            q_lh(qg)                          # warm (numba compiled)
            to, tq = [], []
            for _ in range(args.repeats):     # interleaved
                t0 = time.perf_counter()
                res = ct.solve(g, method="one")
                t1 = time.perf_counter()
                q_lh(qg)
                t2 = time.perf_counter()
                to.append(t1 - t0)
                tq.append(t2 - t1)
            assert len(res) == 1 and res.max_regret <= g.default_tol()
            mo, mq = statistics.median(to), statistics.median(tq)
            ours_t.append(mo)
            qe_t.append(mq)
            ratios.append(mo / mq)
        worst = int(np.argmax(ratios))
        print(f"{n:>4} {1e6 * statistics.median(ours_t):>12.1f} "
              f"{1e6 * statistics.median(qe_t):>10.1f} {statistics.median(ratios):>10.2f} "
              f"{ratios[worst]:>12.2f} {worst:>10}")


if __name__ == "__main__":
    main()

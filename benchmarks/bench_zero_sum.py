"""Benchmark: the zero-sum LP against raw HiGHS methods on the same LP, by size.

For random n×n matrix games (``rng = default_rng(n)``) the script times, interleaved, medians:

* ``highs-ds`` / ``highs-ipm`` / ``highs``  -- ``scipy.optimize.linprog`` on exactly the LP
  ``zero_sum`` builds (max v s.t. v <= (A'x)_j, sum x = 1, x >= 0), with its tolerances;
* ``zero_sum``  -- ``contracts.equilibrium.zero_sum.zero_sum(game)`` (LP, verification and all).

The ratio is ``zero_sum`` over the fastest raw method. The crossover between the dual simplex
and the interior-point method is what ``contracts._linalg.lp.IPM_THRESHOLD`` is set from.

Run:  PYTHONPATH=. python benchmarks/bench_zero_sum.py [--sizes 100 300 500 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def lp(M):
    m, n = M.shape
    s = max(1.0, float(np.max(np.abs(M))))
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-(M / s).T, np.ones((n, 1))])
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    return dict(c=c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0],
                bounds=[(0, None)] * m + [(None, None)])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 500, 1000])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    from scipy.optimize import linprog

    import contracts as ct
    from contracts._linalg.lp import IPM_THRESHOLD
    from contracts.equilibrium.zero_sum import zero_sum

    opts = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
    print(f"IPM_THRESHOLD = {IPM_THRESHOLD} matrix entries")
    print(f"{'n':>6s} {'entries':>9s} {'highs-ds':>9s} {'highs-ipm':>9s} {'highs':>9s} "
          f"{'zero_sum':>9s} {'ratio':>6s}")
    for n in args.sizes:
        M = np.random.default_rng(n).standard_normal((n, n))
        g = ct.NormalFormGame.from_bimatrix(M, -M)
        prob = lp(M)
        funcs = {meth: (lambda meth=meth: linprog(**prob, method=meth, options=opts))
                 for meth in ("highs-ds", "highs-ipm", "highs")}
        funcs["zero_sum"] = lambda: zero_sum(g)
        times = {k: [] for k in funcs}
        for _ in range(args.repeats):
            for k, f in funcs.items():
                t = time.perf_counter()
                f()
                times[k].append(time.perf_counter() - t)
        med = {k: statistics.median(v) for k, v in times.items()}
        best = min(med["highs-ds"], med["highs-ipm"], med["highs"])
        size = prob["A_ub"].size + prob["A_eq"].size
        print(f"{n:6d} {size:9d} {med['highs-ds']:9.3f} {med['highs-ipm']:9.3f} "
              f"{med['highs']:9.3f} {med['zero_sum']:9.3f} {med['zero_sum'] / best:6.2f}",
              flush=True)
    print("(seconds, medians of interleaved runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

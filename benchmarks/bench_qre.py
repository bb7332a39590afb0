"""Benchmark: tracing the principal logit QRE branch of a random 20x20 game.

Same run, same game: ``contracts.bounded.logit_branch`` against pygambit's C++ tracer
(``logit_solve_lambda`` to lam = 1e3, and ``logit_solve_branch`` to its default regret stop,
1e-8 times the payoff range, matched on our side by ``max_regret=1e-8``). Prints the median of
``--repeats`` timings and the ratios (target: contracts no slower than 2x pygambit), and checks
that both end at the same profile.

Run:  python benchmarks/bench_qre.py [--repeats 7] [--size 20]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # this checkout first


def timed(fn, repeats):
    out = None
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--size", type=int, default=20)
    ap.add_argument("--lam", type=float, default=1e3)
    args = ap.parse_args(argv)

    import contracts as ct
    from contracts.bounded import logit_branch

    n = args.size
    rng = np.random.default_rng(1000 + n)
    A = rng.random((n, n))
    B = rng.random((n, n))
    game = ct.NormalFormGame.from_bimatrix(A, B)

    rows = []
    t_ours, br = timed(lambda: logit_branch(game, max_lambda=args.lam), args.repeats)
    ours_end = br.at(args.lam).strategies
    t_ours_reg, br2 = timed(lambda: logit_branch(game, max_lambda=1e12, max_regret=1e-8),
                            args.repeats)
    try:
        import pygambit as gbt
    except ImportError:
        gbt = None
    if gbt is None:
        print(f"contracts logit_branch to lam={args.lam:g}: {t_ours * 1e3:.1f} ms "
              f"({len(br)} points); pygambit not installed, no comparison")
        return
    g = gbt.Game.from_arrays(A, B)
    t_gam, res = timed(lambda: gbt.qre.logit_solve_lambda(g, [args.lam]), args.repeats)
    gam_end = [np.array([res[0].profile[s] for s in p.strategies]) for p in g.players]
    t_gam_reg, res2 = timed(lambda: gbt.qre.logit_solve_branch(g), args.repeats)
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(ours_end, gam_end))
    rows.append((f"trace to lam={args.lam:g}", t_ours, t_gam, len(br), None))
    rows.append(("trace to regret 1e-8 x range", t_ours_reg, t_gam_reg, len(br2), len(res2)))

    print(f"logit QRE branch, random {n}x{n} game (rng seed {1000 + n}), median of "
          f"{args.repeats} runs")
    print(f"{'task':32s} {'contracts [ms]':>15s} {'pygambit [ms]':>14s} {'ratio':>7s} "
          f"{'points (ours/gambit)':>22s}")
    for name, a, b, k1, k2 in rows:
        pts = f"{k1}/{k2 if k2 is not None else '-'}"
        print(f"{name:32s} {a * 1e3:15.1f} {b * 1e3:14.1f} {a / b:7.2f} {pts:>22s}")
    print(f"max |difference| of the profiles at lam={args.lam:g}: {diff:.2e}")
    print(f"lam reached at the regret stop: contracts {br2.max_lambda:.4g}, "
          f"pygambit {res2[-1].lam:.4g}")


if __name__ == "__main__":
    main()

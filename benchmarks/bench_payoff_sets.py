"""Benchmark: the exact two-player SPE payoff set against QuantEcon's Abreu–Sannikov.

Same run, same games. The headline row is the one the issue asks for: a random 4×4 stage game
(``rng = np.random.default_rng(1000 + 4)``, ``A`` then ``B = rng.random((4, 4))``) at
δ = 0.9. QuantEcon (numba) is compiled before timing. Prints the median of ``--repeats``
timings, the ratios QuantEcon / contracts (> 1 means contracts is faster), and the Hausdorff
distance between the two answers. Also reported: ``contracts`` without its Newton acceleration
(plain monotone APS iteration), and a few more games.

Run:  python benchmarks/bench_payoff_sets.py [--repeats 15] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


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
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--quick", action="store_true", help="5 repeats, headline game only")
    args = ap.parse_args(argv)
    repeats = 5 if args.quick else args.repeats

    import contracts as ct
    from contracts.equilibrium.payoff_sets import abreu_sannikov

    cases = []
    rng = np.random.default_rng(1000 + 4)
    A = rng.random((4, 4))
    B = rng.random((4, 4))
    cases.append(("random 4x4 (seed 1004)", A, B, 0.9))
    if not args.quick:
        cases.append(("prisoners' dilemma 2x2", np.array([[9., 1.], [10., 3.]]),
                      np.array([[9., 10.], [1., 3.]]), 0.75))
        r3 = np.random.default_rng(1000 + 3)
        A3, B3 = r3.random((3, 3)), r3.random((3, 3))
        cases.append(("random 3x3 (seed 1003)", A3, B3, 0.9))
        cases.append(("random 4x4 (seed 1004)", A, B, 0.95))

    try:
        import quantecon.game_theory as gt
    except ImportError:
        gt = None

    rows = []
    for name, A, B, delta in cases:
        game = ct.NormalFormGame.from_bimatrix(A, B)
        abreu_sannikov(game, delta)                                   # warm-up
        t_ours, V = timed(lambda: abreu_sannikov(game, delta), repeats)
        t_plain, Vp = timed(lambda: abreu_sannikov(game, delta, accelerate=False), repeats)
        t_qe, hd, qe_err = None, None, ""
        if gt is not None:
            rg = gt.RepeatedGame(gt.NormalFormGame(np.stack([A, B], axis=-1)), delta)
            try:
                rg.equilibrium_payoffs()                              # numba compilation
                t_qe, hull = timed(rg.equilibrium_payoffs, repeats)
                hd = V.hausdorff(hull.points[hull.vertices])
            except Exception as exc:                                  # degenerate sets
                qe_err = type(exc).__name__
        rows.append((name, delta, t_ours, t_plain, t_qe, hd, qe_err, V, Vp))

    print(f"exact pure-strategy SPE payoff set (two players), median of {repeats} runs")
    print(f"{'game':26s} {'delta':>5s} {'contracts':>10s} {'plain APS':>10s} "
          f"{'QuantEcon':>10s} {'QE/ours':>8s} {'QE/plain':>8s} {'iter':>5s} {'Hausdorff':>10s}")
    for name, delta, t_ours, t_plain, t_qe, hd, qe_err, V, Vp in rows:
        qe = f"{t_qe * 1e3:9.2f}m" if t_qe is not None else f"{qe_err or 'n/a':>10s}"
        r1 = f"{t_qe / t_ours:8.2f}" if t_qe else f"{'-':>8s}"
        r2 = f"{t_qe / t_plain:8.2f}" if t_qe else f"{'-':>8s}"
        h = f"{hd:10.1e}" if hd is not None else f"{'-':>10s}"
        print(f"{name:26s} {delta:5.2f} {t_ours * 1e3:9.2f}m {t_plain * 1e3:9.2f}m {qe} "
              f"{r1} {r2} {V.iterations:5d} {h}")
    print("times in milliseconds (m); ratios > 1: contracts faster; 'plain APS' = "
          "accelerate=False; iter = APS iterations before the verified Newton step")
    head = rows[0]
    print(f"headline: {head[0]}, delta={head[1]}: contracts {head[2] * 1e3:.2f} ms, QuantEcon "
          + (f"{head[4] * 1e3:.2f} ms, ratio {head[4] / head[2]:.2f}" if head[4] else "n/a"))


if __name__ == "__main__":
    main()

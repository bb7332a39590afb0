"""Benchmark: ``solve_many`` on thousands of random 4x4 bimatrix games.

Same run, same games, interleaved repeats: contracts' ``solve_many(games,
method="support_enumeration")`` (vectorised across games) against a Python loop over QuantEcon's
``support_enumeration`` (numba, warmed up first). Prints median times and the ratio contracts /
QuantEcon (below 1: contracts is faster; the target is 0.1 or less), and checks on every game
that both find the same equilibria.

Run:  python benchmarks/bench_batch.py [--games 10000] [--repeats 3] [--size 4]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # this checkout first


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--size", type=int, default=4)
    args = ap.parse_args(argv)

    import contracts as ct
    from contracts.equilibrium.batch import solve_many
    import quantecon.game_theory as gt

    n = args.size
    rng = np.random.default_rng(4242)
    mats = [(rng.random((n, n)), rng.random((n, n))) for _ in range(args.games)]
    games = [ct.NormalFormGame.from_bimatrix(A, B) for A, B in mats]
    qgames = [gt.NormalFormGame((gt.Player(A), gt.Player(B.T))) for A, B in mats]
    gt.support_enumeration(qgames[0])                      # numba compilation (warm)

    t_ours, t_qe, c_ours, c_qe = [], [], [], []
    res = qe = None
    for _ in range(args.repeats):
        t, c = time.perf_counter(), time.process_time()
        res = solve_many(games, method="support_enumeration")
        t_ours.append(time.perf_counter() - t)
        c_ours.append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        qe = [gt.support_enumeration(q) for q in qgames]
        t_qe.append(time.perf_counter() - t)
        c_qe.append(time.process_time() - c)

    def key(profiles):
        return sorted(tuple(np.round(np.concatenate([np.asarray(s, float) for s in p]), 7))
                      for p in profiles)

    same = sum(key(res.profiles(i)) == key(qe[i]) for i in range(len(games)))
    a, b = statistics.median(t_ours), statistics.median(t_qe)
    print(f"solve_many vs a loop over QuantEcon support_enumeration: {args.games} random "
          f"{n}x{n} games, median of {args.repeats} interleaved runs")
    ca, cb = statistics.median(c_ours), statistics.median(c_qe)
    print(f"{'clock':6s} {'contracts solve_many [s]':>26s} {'QuantEcon loop [s]':>19s} "
          f"{'ratio':>7s}")
    print(f"{'wall':6s} {a:26.3f} {b:19.3f} {a / b:7.3f}   (below 1: contracts is faster)")
    print(f"{'cpu':6s} {ca:26.3f} {cb:19.3f} {ca / cb:7.3f}   (process CPU time: fairer on a "
          "loaded machine)")
    print(f"games vectorised across: {res.vectorised}/{len(games)}; games with the same "
          f"equilibria as QuantEcon: {same}/{len(games)}; errors: {len(res.errors)}")


if __name__ == "__main__":
    main()

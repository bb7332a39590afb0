"""Benchmark: zero-sum stochastic games and MDPs, states x actions against time.

Two tables, one run, medians of ``--repeats`` timings, solvers interleaved within each repeat:

1. Zero-sum stochastic games (random, sparse: 3 successor states per profile, δ = 0.95):
   Shapley's value iteration and Hoffman–Karp strategy iteration of ``contracts`` for
   ``n_states`` x ``m x m`` action profiles. No Python peer solves zero-sum stochastic games;
   the cost growth with the number of states is the point (target: 10,000 states x 4 profiles
   in under 10 s).
2. One-player games (MDPs, same random structure, 4 actions): ``contracts``' value iteration
   (``shapley``) and policy iteration (``hoffman_karp``) against QuantEcon's ``DiscreteDP``
   (``value_iteration`` and ``policy_iteration``, state-action-pair sparse format), with the
   ratios QuantEcon / contracts (> 1: contracts faster) and the largest value difference.
   QuantEcon's values are unnormalised (``v = r + βQv``); ``contracts`` normalises by
   ``1 - β``; the comparison rescales. QuantEcon (numba) is compiled before timing.

Run:  python benchmarks/bench_stochastic.py [--repeats 3] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import scipy.sparse as sp


def random_transitions(n_rows, n_states, rng, k=3):
    rows = np.repeat(np.arange(n_rows), k)
    cols = rng.integers(0, n_states, size=rows.size)
    w = rng.random(rows.size) + 0.05
    T = sp.csr_matrix((w, (rows, cols)), shape=(n_rows, n_states))
    return sp.diags(1 / np.asarray(T.sum(axis=1)).ravel()) @ T


def zero_sum_game(n, m, seed, delta=0.95):
    import contracts as ct
    rng = np.random.default_rng(seed)
    u1 = rng.normal(size=(n, m, m))
    T = random_transitions(n * m * m, n, rng)
    return ct.StochasticGame.from_arrays(np.stack([u1, -u1], axis=-1), T, discount=delta)


def mdp(n, a, seed, delta=0.95):
    import contracts as ct
    rng = np.random.default_rng(seed)
    R = rng.normal(size=(n, a))
    T = random_transitions(n * a, n, rng)
    return ct.StochasticGame.from_arrays(R[..., None], T, discount=delta), R, T


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="1 repeat, up to 1,000 states")
    args = ap.parse_args(argv)
    repeats = 1 if args.quick else args.repeats
    sizes = [100, 1000] if args.quick else [100, 1000, 10_000]

    import contracts as ct

    print(f"zero-sum stochastic games, δ = 0.95, median of {repeats} runs (seconds)")
    print(f"{'states':>7s} {'actions':>8s} {'profiles':>9s} {'build':>7s} {'shapley':>8s} "
          f"{'iter':>5s} {'hoff-karp':>9s} {'iter':>5s} {'|ΔV|':>9s} {'max gain':>9s}")
    for n in sizes:
        for m in (2, 3):
            t0 = time.perf_counter()
            g = zero_sum_game(n, m, seed=n + m)
            t_build = time.perf_counter() - t0
            ts, th = [], []
            for _ in range(repeats):                       # interleaved
                t = time.perf_counter()
                rs = ct.solve(g, method="shapley")
                ts.append(time.perf_counter() - t)
                t = time.perf_counter()
                rh = ct.solve(g, method="hoffman_karp")
                th.append(time.perf_counter() - t)
            dv = float(np.max(np.abs(rs.values - rh.values)))
            gain = max(rs.max_gain, rh.max_gain)
            print(f"{n:7d} {f'{m}x{m}':>8s} {n * m * m:9d} {t_build:7.2f} "
                  f"{statistics.median(ts):8.2f} {rs.iterations:5d} "
                  f"{statistics.median(th):9.2f} {rh.iterations:5d} {dv:9.1e} {gain:9.1e}",
                  flush=True)

    try:
        from quantecon.markov import DiscreteDP
    except ImportError:
        DiscreteDP = None
        print("\nQuantEcon not installed: MDP comparison skipped")
        return 0
    delta = 0.95
    print(f"\none-player games (MDPs), 4 actions, β = {delta}, median of {repeats} runs "
          "(seconds); ratio = QuantEcon / contracts")
    print(f"{'states':>7s} {'VI ours':>8s} {'VI QE':>8s} {'ratio':>6s} {'PI ours':>8s} "
          f"{'PI QE':>8s} {'ratio':>6s} {'|ΔV| VI':>9s} {'|ΔV| PI':>9s}")
    warm = mdp(50, 4, 0)
    DiscreteDP(warm[1], warm[2].toarray().reshape(50, 4, 50), delta).solve("policy_iteration")
    for n in sizes:
        g, R, T = mdp(n, 4, seed=n)
        s_idx = np.repeat(np.arange(n), 4)
        a_idx = np.tile(np.arange(4), n)
        ddp = DiscreteDP(R.ravel(), T.tocsr(), delta, s_idx, a_idx)
        tol = 1e-8 * max(1.0, float(np.abs(R).max()))
        eps = tol / (1 - delta)        # the same accuracy on QuantEcon's unnormalised values
        t_vi, t_qvi, t_pi, t_qpi = [], [], [], []
        for _ in range(repeats):
            t = time.perf_counter()
            a = ct.solve(g, method="shapley")
            t_vi.append(time.perf_counter() - t)
            t = time.perf_counter()
            qa = ddp.solve(method="value_iteration", epsilon=eps, max_iter=100_000)
            t_qvi.append(time.perf_counter() - t)
            t = time.perf_counter()
            b = ct.solve(g, method="hoffman_karp")
            t_pi.append(time.perf_counter() - t)
            t = time.perf_counter()
            qb = ddp.solve(method="policy_iteration")
            t_qpi.append(time.perf_counter() - t)
        dvi = float(np.max(np.abs(a.values[:, 0] / (1 - delta) - qa.v)))
        dpi = float(np.max(np.abs(b.values[:, 0] / (1 - delta) - qb.v)))
        mv, mq = statistics.median(t_vi), statistics.median(t_qvi)
        mp, mqp = statistics.median(t_pi), statistics.median(t_qpi)
        print(f"{n:7d} {mv:8.3f} {mq:8.3f} {mq / mv:6.2f} {mp:8.3f} {mqp:8.3f} {mqp / mp:6.2f} "
              f"{dvi:9.1e} {dpi:9.1e}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

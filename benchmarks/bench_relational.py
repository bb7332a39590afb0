"""Benchmark: relational contracts with transfers (Goldlücke–Kranz) on large stochastic games.

Game family ("renewal"): 2 players x 2 actions in every state (4 profiles), a prisoner's
dilemma whose temptation varies across states, transitions to 3 states (cooperation stays
near the current state, defection jumps at random). With discount 0.6 cooperation is
enforceable in some states only, so policy elimination needs several rounds.

Compared, in the same run and interleaved (median of ``--repeat`` runs):

* ``contracts``: :func:`contracts.stochastic.transfers.relational_contract` (vectorised over
  the stacked rows, sparse transitions, policy iteration), including its verification;
* ``baseline``: the same policy-elimination algorithm written directly — value iteration for
  every value function and a Python loop over states for the per-state maxima (the structure
  of Kranz's R reference code without its C++ kernels). Run up to ``--baseline-max`` states.

Kranz's R packages (``dyngame``, ``RelationalContracts``) need R and packages from GitHub,
which are not installed here, so they are not run. A second table solves the instances of
Goldlücke and Kranz's (2018) speed test — Cournot duopoly with stochastic reserves, reserves and
demand intercept ``size``, increments uniform on ``0..ceil(size/3)``, discount 0.9 — and prints,
for orientation only, the seconds ``dyngame`` took in the authors' published run on their
machine (examples/article/4_4_ABS_vs_GK in the dyngame repository); those are not same-machine
figures.

Usage::

    python benchmarks/bench_relational.py [--sizes 100 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import scipy.sparse as sp

import contracts as ct
from contracts.stochastic.transfers import relational_contract


def renewal_game(n_states: int, *, discount: float = 0.6, seed: int = 0):
    rng = np.random.default_rng(seed)
    temptation = 1 + 4 * rng.random(n_states)
    pay = np.zeros((n_states, 2, 2, 2))
    pay[:, 0, 0] = 2.0                                   # both cooperate
    pay[:, 1, 0, 0], pay[:, 1, 0, 1] = 2 + temptation, -1.0
    pay[:, 0, 1, 0], pay[:, 0, 1, 1] = -1.0, 2 + temptation
    R, k = 4 * n_states, 3
    cols = rng.integers(0, n_states, size=(R, k))
    cols[:, 0] = (np.repeat(np.arange(n_states), 4) + rng.integers(-2, 3, size=R)) % n_states
    w = rng.random((R, k))
    w[0::4, 0] += 3                                      # cooperation mostly stays near
    w /= w.sum(axis=1, keepdims=True)
    T = sp.csr_matrix((w.ravel(), cols.ravel(), np.arange(0, R * k + 1, k)),
                      shape=(R, n_states))
    T.sum_duplicates()
    return ct.StochasticGame.from_arrays(pay, T, discount=discount)


def baseline(game, tol=1e-10):
    """Policy elimination with value iteration and per-state Python loops (2 players)."""
    d = float(game.discount[0])
    pay = np.asarray(game.payoff_rows)
    T = game.transition_rows.tocsr()
    start = game.row_start
    acts = np.asarray(game.row_actions)
    S = game.n_states
    adm = np.ones(game.n_rows, dtype=bool)
    Pi = pay.sum(axis=1)

    def best(vals, mask, sign):
        out = np.empty(S)
        for s in range(S):
            r = [vals[j] for j in range(start[s], start[s + 1]) if mask[j]]
            out[s] = max(r) if sign > 0 else min(r)
        return out

    def dev(i, V):
        q = (1 - d) * pay[:, i] + d * (T @ V)
        out = np.empty(game.n_rows)
        for s in range(S):
            a, b = start[s], start[s + 1]
            for j in range(a, b):
                other = acts[j, 1 - i]
                out[j] = max(q[m] for m in range(a, b) if acts[m, 1 - i] == other)
        return out

    while True:
        U = np.zeros(S)
        while True:
            new = best((1 - d) * Pi + d * (T @ U), adm, 1)
            if np.max(np.abs(new - U)) < tol:
                break
            U = new
        v = []
        for i in range(2):
            vi = np.zeros(S)
            while True:
                new = best(dev(i, vi), adm, -1)
                if np.max(np.abs(new - vi)) < tol:
                    break
                vi = new
            v.append(vi)
        slack = (1 - d) * Pi + d * (T @ U) - dev(0, v[0]) - dev(1, v[1])
        feas = slack >= -1e-9
        if np.all(feas[adm]):
            return U, np.column_stack(v)
        adm &= feas


# dyngame's published timings (R + C++, authors' machine), seconds by size
_DYNGAME_PUBLISHED = {2: 0.025, 5: 0.135, 8: 0.46, 10: 0.84, 12: 2.415, 15: 6.99, 18: 23.82,
                      20: 48.105}


def cournot_reserves(size: int, *, discount: float = 0.9):
    inc = range(-(-size // 3) + 1)
    states = [(a, b) for a in range(size + 1) for b in range(size + 1)]
    draws = [(u, w) for u in inc for w in inc]
    p = 1 / len(draws)

    def pay(s, a):
        q1, q2 = int(a[0]), int(a[1])
        price = max(size - q1 - q2, 0)
        return (price * q1, price * q2)

    def tr(s, a):
        out = {}
        for u, w in draws:
            t = (min(s[0] - int(a[0]) + u, size), min(s[1] - int(a[1]) + w, size))
            out[t] = out.get(t, 0.0) + p
        return out
    return ct.StochasticGame.from_functions(
        states, lambda s: [range(s[0] + 1), range(s[1] + 1)], pay, tr, discount=discount)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 3000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-max", type=int, default=1000)
    ap.add_argument("--cournot-sizes", type=int, nargs="*", default=[5, 10, 15, 20])
    args = ap.parse_args(argv)
    relational_contract(renewal_game(20))                       # warm-up (imports)
    print(f"{'states':>7} {'profiles':>8} {'rounds':>6} {'contracts s':>12} "
          f"{'baseline s':>11} {'ratio':>7} {'max gain':>9} {'|dU|':>9}")
    for n in args.sizes:
        g = renewal_game(n)
        t_ct, t_bl = [], []
        rc = U_bl = None
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            rc = relational_contract(g)
            t_ct.append(time.perf_counter() - t0)
            if n <= args.baseline_max:
                t0 = time.perf_counter()
                U_bl, _ = baseline(g)
                t_bl.append(time.perf_counter() - t0)
        m_ct = statistics.median(t_ct)
        m_bl = statistics.median(t_bl) if t_bl else float("nan")
        dU = float(np.max(np.abs(U_bl - rc.joint_payoff))) if U_bl is not None else float("nan")
        print(f"{n:>7} {g.n_rows:>8} {rc.iterations:>6} {m_ct:>12.3f} {m_bl:>11.3f} "
              f"{m_bl / m_ct:>7.1f} {rc.max_gain:>9.1e} {dU:>9.1e}")
    if args.cournot_sizes:
        print()
        print(f"{'size':>5} {'states':>7} {'profiles':>9} {'rounds':>6} {'build s':>8} "
              f"{'solve s':>8} {'max gain':>9} {'dyngame published s':>20}")
    for size in args.cournot_sizes:
        t0 = time.perf_counter()
        g = cournot_reserves(size)
        t_build = time.perf_counter() - t0
        ts = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            rc = relational_contract(g)
            ts.append(time.perf_counter() - t0)
        pub = _DYNGAME_PUBLISHED.get(size)
        print(f"{size:>5} {g.n_states:>7} {g.n_rows:>9} {rc.iterations:>6} {t_build:>8.2f} "
              f"{statistics.median(ts):>8.3f} {rc.max_gain:>9.1e} "
              f"{'-' if pub is None else pub:>20}")


if __name__ == "__main__":
    main()

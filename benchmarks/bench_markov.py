"""Time the Markov QRE tracer against sgamesolver, and the pure-MPE search against brute force.

Games are seeded 2-player chain games: ``S`` states, 2 actions each, stage payoffs
``rng.normal`` with ``rng = numpy.random.default_rng(S)``, and the state moves one step up or
down, up with probability ``0.2 + 0.3 a1 + 0.3 a2``; discount 0.9.

* QRE: the logit Markov QRE at ``lam = 5`` (ours, :func:`contracts.stochastic.markov_qre`)
  against Eibelshäuser & Poensgen's ``sgamesolver`` (Cython) tracing its QRE homotopy to the
  same point (its ``lambda`` is ``(1 - delta) lam`` because its payoffs are not normalised).
  The largest difference of choice probabilities is printed, so a fast wrong answer shows.
* Pure MPE: :func:`contracts.stochastic.markov_perfect.markov_perfect_pure` against checking
  every pure policy by the one-shot deviation principle (feasible only for a few states), on
  the same chain with 2 added to both players' payoffs on the diagonal (coordination games,
  so there are many pure equilibria) and discount 0.5.

Contenders run interleaved, after a warm-up; the table shows medians and ratios (ours /
theirs: below 1 means we are faster). ``--cpu`` times process CPU instead of wall time.

Usage::

    python benchmarks/bench_markov.py [--quick] [--cpu]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import numpy as np

import contracts as ct
from contracts.stochastic import one_shot_deviation_gain, pure_policy
from contracts.stochastic.markov_perfect import markov_perfect_pure
from contracts.stochastic.markov_qre import markov_qre


def chain_game(S: int, discount: float = 0.9, coordination: float = 0.0):
    rng = np.random.default_rng(S)
    U = rng.normal(size=(S, 2, 2, 2))
    U[:, 0, 0, :] += coordination            # coordination games: many pure equilibria
    U[:, 1, 1, :] += coordination
    P = np.zeros((S, 2, 2, S))
    for s in range(S):
        for a in range(2):
            for b in range(2):
                up = 0.2 + 0.3 * a + 0.3 * b
                P[s, a, b, min(s + 1, S - 1)] += up
                P[s, a, b, max(s - 1, 0)] += 1 - up
    return ct.StochasticGame.from_arrays(U, P, discount=discount)


def sgamesolver_qre(g, lam):
    """A callable running sgamesolver's QRE homotopy to ``lam``, or None if not installed."""
    try:
        if not hasattr(np, "NaN"):
            np.NaN = np.nan                       # sgamesolver 1.0.2 predates numpy 2
        import sgamesolver as sgs
    except ImportError:
        return None
    pay, tr = [], []
    for s in range(g.n_states):
        a, b = g.row_start[s], g.row_start[s + 1]
        shp = g.num_actions(s)
        pay.append(np.moveaxis(np.asarray(g.payoff_rows[a:b]).reshape(*shp, 2), -1, 0))
        tr.append(g.transition_rows[a:b].toarray().reshape(*shp, g.n_states))
    game = sgs.SGame(pay, tr, float(g.discount[0]))

    def run():
        hom = sgs.homotopy.QRE(game)
        hom.solver_setup(target_lambda=lam * (1 - float(g.discount[0])))
        hom.solver.verbose = 0
        hom.solve()
        return np.array([hom.equilibrium.strategies[s][i][:2] for s in range(g.n_states)
                         for i in range(2)])
    return run


def brute_force(g):
    count = 0
    for combo in itertools.product(*[list(itertools.product(range(2), range(2)))
                                     for _ in range(g.n_states)]):
        gain, _ = one_shot_deviation_gain(g, pure_policy(g, [list(c) for c in combo]))
        count += gain <= 1e-9
    return count


def timed(fn, clock):
    t = clock()
    out = fn()
    return clock() - t, out


def bench(pairs, repeats, clock):
    """Interleaved medians for a dict name -> callable."""
    times = {k: [] for k in pairs}
    outs = {}
    for k, f in pairs.items():
        outs[k] = f()                            # warm-up
    for _ in range(repeats):
        for k, f in pairs.items():
            dt, outs[k] = timed(f, clock)
            times[k].append(dt)
    return {k: statistics.median(v) for k, v in times.items()}, outs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--cpu", action="store_true")
    args = ap.parse_args(argv)
    clock = time.process_time if args.cpu else time.perf_counter
    repeats = 2 if args.quick else 5
    lam = 5.0
    print(f"logit Markov QRE at lam = {lam} ({'CPU' if args.cpu else 'wall'} time, medians)")
    print(f"{'states':>7} {'ours s':>9} {'sgamesolver s':>14} {'ratio':>7} {'max |dp|':>10}")
    for S in ((10, 50) if args.quick else (10, 50, 100, 200)):
        g = chain_game(S)

        def ours(g=g):
            q = markov_qre(g, lam)
            return np.array([v for st in q.policy for v in st])
        pairs = {"ours": ours}
        theirs = sgamesolver_qre(g, lam)
        if theirs is not None:
            pairs["sgamesolver"] = theirs
        med, outs = bench(pairs, repeats if S <= 50 else 1, clock)
        if theirs is None:
            print(f"{S:>7} {med['ours']:>9.3f} {'(not installed)':>14}")
            continue
        diff = float(np.max(np.abs(outs["ours"] - outs["sgamesolver"])))
        print(f"{S:>7} {med['ours']:>9.3f} {med['sgamesolver']:>14.3f} "
              f"{med['ours'] / med['sgamesolver']:>7.2f} {diff:>10.2e}")
    print()
    print("all pure stationary MPE: branch-and-bound search vs checking every pure policy")
    print(f"{'states':>7} {'policies':>9} {'ours s':>9} {'brute s':>9} {'ratio':>7} {'found':>6}")
    for S in ((3, 5) if args.quick else (3, 5, 7)):
        g = chain_game(S, discount=0.5, coordination=2.0)
        med, outs = bench({"ours": lambda g=g: len(markov_perfect_pure(g)),
                           "brute": lambda g=g: brute_force(g)}, 1 if S >= 7 else repeats,
                          clock)
        assert outs["ours"] == outs["brute"]
        print(f"{S:>7} {4 ** S:>9} {med['ours']:>9.4f} {med['brute']:>9.3f} "
              f"{med['ours'] / med['brute']:>7.3f} {outs['ours']:>6}")


if __name__ == "__main__":
    main()

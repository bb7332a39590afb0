"""Benchmark: contracts' simpdiv and gnm against Gambit's own, on random N-player games.

Same run, same games, interleaved (each repeat times every solver once, in turn):
``contracts.equilibrium.simpdiv.simpdiv`` against pygambit's ``simpdiv_solve`` (both from the
uniform profile, grid refined by 2), and ``contracts.equilibrium.gnm.gnm`` against pygambit's
``gnm_solve`` (both along the same perturbation ray: 1 on each player's first action). Payoffs
are integers in -99..99: Gambit's simpdiv computes in rationals, so integer payoffs are the fair
case for it (float payoffs become rationals with long binary denominators and slow it down).

Prints per shape the medians over seeds of the per-game median times, of the ratio
contracts / Gambit (below 1: contracts is faster; also in CPU time, the fairer figure on a
shared machine), how often both found the same equilibrium (simpdiv) or the same number of
equilibria (gnm), and the largest regret of what each returned, relative to the payoff range
(contracts' answers are verified).

pygambit's ``gnm_solve`` aborts the process on some 3x3x3x3 games (a memory error inside
Gambit), so on four-player games it is run only with ``--gnm-all``. Each game runs in a child
process with a time limit (``--timeout``), so a run-away or aborted Gambit call costs one game.

Run:  python benchmarks/bench_gambit_methods.py [--seeds 5] [--repeats 3] [--gnm-all]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # this checkout first

import numpy as np


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def _gambit_profiles(G, res):
    return [[np.array([float(eq[s]) for s in pl.strategies]) for pl in G.players]
            for eq in res.equilibria]


def _regret(g, prof, span):
    return float(max(g.regrets(prof))) / span


def _bench_game(shape, seed, repeats, with_gnm):
    """Interleaved timings on one game: ``{method: (ours_wall, gambit_wall, ours_cpu,
    gambit_cpu, agree, our_regret, gambit_regret)}``."""
    import contracts as ct
    from contracts.equilibrium.gnm import gnm
    from contracts.equilibrium.simpdiv import simpdiv
    import pygambit as gbt

    rng = np.random.default_rng(9000 + 10 * len(shape) + seed)
    P = rng.integers(-99, 100, shape + (len(shape),))
    g = ct.NormalFormGame.from_payoff_profile(P.astype(float))
    G = gbt.Game.from_arrays(*[P[..., i] for i in range(len(shape))])
    span = float(P.max() - P.min())
    pert = G.mixed_strategy_profile(data=[[1.0 if k == 0 else 0.0 for k in range(n)]
                                          for n in shape])
    fns = {("simpdiv", "ours"): lambda: _or_none(lambda: simpdiv(g)),
           ("simpdiv", "gambit"): lambda: gbt.nash.simpdiv_solve(
               G.mixed_strategy_profile(rational=True))}
    if with_gnm:
        fns[("gnm", "ours")] = lambda: _or_none(lambda: gnm(g))
        fns[("gnm", "gambit")] = lambda: gbt.nash.gnm_solve(pert)
    times = {k: [] for k in fns}
    out = {}
    for _ in range(repeats):
        for k, fn in fns.items():
            out[k], w, c = _timed(fn)
            times[k].append((w, c))
    rows = {}
    for meth in ("simpdiv", "gnm"):
        if (meth, "ours") not in fns:
            continue
        ours, theirs = out[meth, "ours"], _gambit_profiles(G, out[meth, "gambit"])
        if ours is None:                  # no verified equilibrium: a failure, no timing
            rows[meth] = None
            continue
        med = [statistics.median(t[j] for t in times[meth, who])
               for who in ("ours", "gambit") for j in (0, 1)]
        if meth == "simpdiv":
            agree = bool(theirs) and max(float(np.max(np.abs(a - b))) for a, b in
                                         zip(ours[0].strategies, theirs[0])) < 1e-4
        else:
            agree = len(ours) == len(theirs)
        reg = max((_regret(g, e.strategies, span) for e in ours), default=float("nan"))
        greg = max((_regret(g, p, span) for p in theirs), default=float("nan"))
        rows[meth] = (med[0], med[2], med[1], med[3], agree, reg, greg)
    return rows


def _or_none(fn):
    """``fn()``, or None when it raises ConvergenceError (counted as a failure)."""
    from contracts.exceptions import ConvergenceError
    try:
        return fn()
    except ConvergenceError:
        return None


def _child(q, *a):
    q.put(_bench_game(*a))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--gnm-all", action="store_true")
    ap.add_argument("--timeout", type=float, default=120.0,
                    help="seconds per game (all repeats of all solvers); slower games are "
                         "reported as timed out")
    ap.add_argument("--shapes", default="3x3x3,4x4x4,3x3x3x3")
    args = ap.parse_args(argv)
    import multiprocessing as mp
    import pygambit as gbt

    shapes = [tuple(int(k) for k in s.split("x")) for s in args.shapes.split(",")]
    print("contracts vs Gambit (pygambit", gbt.__version__ + "), same run, interleaved;",
          f"medians over {args.seeds} seeds of per-game medians of {args.repeats} repeats")
    print(f"{'game':9s} {'method':8s} {'ours [ms]':>10s} {'gambit [ms]':>12s} {'ratio':>7s} "
          f"{'cpu ratio':>10s} {'agree':>6s} {'our regret':>11s} {'gambit regret':>14s}")
    ctx = mp.get_context("fork")
    for shape in shapes:
        rows = {"simpdiv": [], "gnm": []}
        failed = {"simpdiv": 0, "gnm": 0}
        lost = 0
        for s in range(args.seeds):
            # each game in a child process: a Gambit call that runs away (or, for gnm on
            # four players, aborts) costs that game only
            q = ctx.Queue()
            proc = ctx.Process(target=_child, args=(q, shape, s, args.repeats,
                                                    len(shape) < 4 or args.gnm_all))
            proc.start()
            proc.join(args.timeout)
            if proc.is_alive():
                proc.terminate()
                proc.join()
            if q.empty():
                lost += 1
                continue
            for meth, r in q.get().items():
                if r is None:
                    failed[meth] += 1
                else:
                    rows[meth].append(r)
        name = "x".join(map(str, shape))
        for meth, r in rows.items():
            if not r:
                continue
            ow, gw = (statistics.median(x[j] for x in r) for j in (0, 1))
            ratio = statistics.median(x[0] / x[1] for x in r)
            cratio = statistics.median(x[2] / max(x[3], 1e-9) for x in r)
            print(f"{name:9s} {meth:8s} {1e3 * ow:10.1f} {1e3 * gw:12.1f} {ratio:7.3f} "
                  f"{cratio:10.3f} {sum(x[4] for x in r):3d}/{len(r):<2d} "
                  f"{max(x[5] for x in r):11.1e} {max(x[6] for x in r):14.1e}")
        for meth, k in failed.items():
            if k:
                print(f"{name:9s} {meth:8s} contracts raised ConvergenceError on {k} game(s)")
        if lost:
            print(f"{name:9s} {lost} game(s) timed out or aborted (over {args.timeout:.0f} s)")


if __name__ == "__main__":
    main()

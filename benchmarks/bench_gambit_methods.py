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
Gambit), so on four-player games it is run only with ``--gnm-all``.

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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--gnm-all", action="store_true")
    ap.add_argument("--shapes", default="3x3x3,4x4x4,3x3x3x3")
    args = ap.parse_args(argv)

    import contracts as ct
    from contracts.equilibrium.simpdiv import simpdiv
    try:
        from contracts.equilibrium.gnm import gnm
    except ImportError:          # pragma: no cover - gnm not in this checkout
        gnm = None
    import pygambit as gbt

    shapes = [tuple(int(k) for k in s.split("x")) for s in args.shapes.split(",")]
    print("contracts vs Gambit (pygambit", gbt.__version__ + "), same run, interleaved;",
          f"medians over {args.seeds} seeds of per-game medians of {args.repeats} repeats")
    print(f"{'game':9s} {'method':8s} {'ours [ms]':>10s} {'gambit [ms]':>12s} {'ratio':>7s} "
          f"{'cpu ratio':>10s} {'agree':>6s} {'our regret':>11s} {'gambit regret':>14s}")
    for shape in shapes:
        rows = {"simpdiv": [], "gnm": []}
        for s in range(args.seeds):
            rng = np.random.default_rng(9000 + 10 * len(shape) + s)
            P = rng.integers(-99, 100, shape + (len(shape),))
            g = ct.NormalFormGame.from_payoff_profile(P.astype(float))
            G = gbt.Game.from_arrays(*[P[..., i] for i in range(len(shape))])
            span = float(P.max() - P.min())
            pert = G.mixed_strategy_profile()
            for pl in G.players:
                for k, st in enumerate(pl.strategies):
                    pert[st] = 1.0 if k == 0 else 0.0
            fns = {("simpdiv", "ours"): lambda: simpdiv(g),
                   ("simpdiv", "gambit"): lambda: gbt.nash.simpdiv_solve(
                       G.mixed_strategy_profile(rational=True))}
            if gnm is not None and (len(shape) < 4 or args.gnm_all):
                fns[("gnm", "ours")] = lambda: gnm(g)
                fns[("gnm", "gambit")] = lambda: gbt.nash.gnm_solve(pert)
            times = {k: [] for k in fns}
            out = {}
            for _ in range(args.repeats):
                for k, fn in fns.items():
                    out[k], w, c = _timed(fn)
                    times[k].append((w, c))
            for meth in ("simpdiv", "gnm"):
                if (meth, "ours") not in fns:
                    continue
                ours, theirs = out[meth, "ours"], _gambit_profiles(G, out[meth, "gambit"])
                ow = statistics.median(t[0] for t in times[meth, "ours"])
                oc = statistics.median(t[1] for t in times[meth, "ours"])
                gw = statistics.median(t[0] for t in times[meth, "gambit"])
                gc = statistics.median(t[1] for t in times[meth, "gambit"])
                if meth == "simpdiv":
                    agree = bool(theirs) and max(float(np.max(np.abs(a - b))) for a, b in
                                                 zip(ours[0].strategies, theirs[0])) < 1e-4
                else:
                    agree = len(ours) == len(theirs)
                reg = max((_regret(g, e.strategies, span) for e in ours), default=float("nan"))
                greg = max((_regret(g, p, span) for p in theirs), default=float("nan"))
                rows[meth].append((ow, gw, ow / gw, oc / max(gc, 1e-9), agree, reg, greg))
        for meth, r in rows.items():
            if not r:
                continue
            med = [statistics.median(x[j] for x in r) for j in range(4)]
            name = "x".join(map(str, shape))
            print(f"{name:9s} {meth:8s} {1e3 * med[0]:10.1f} {1e3 * med[1]:12.1f} "
                  f"{med[2]:7.3f} {med[3]:10.3f} {sum(x[4] for x in r):3d}/{len(r):<2d} "
                  f"{max(x[5] for x in r):11.1e} {max(x[6] for x in r):14.1e}")


if __name__ == "__main__":
    main()

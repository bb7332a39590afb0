"""Benchmark: the logit QRE branch of random N-player games, contracts against pygambit.

Same run, same games, interleaved call by call: ``contracts.bounded.logit_branch(g,
max_lambda=1000)`` against pygambit's ``logit_solve_lambda(G, [1000])`` (both trace the
principal branch from ``lam = 0`` to ``lam = 1000``). Games are random (uniform payoffs on
[0, 1]) without a pure equilibrium (seeds with one are skipped), the same games as
``bench_nplayer.py``; a two-player random game (``--square``, default 20x20, as
``bench_qre.py``) is timed too. For each shape it prints the medians over seeds of the per-game
median wall-clock and CPU times, the medians of the ratios contracts / pygambit (below 1:
contracts is faster), the number of traced points (ours; pygambit's branch points up to
``lam = 1000`` from ``logit_solve_branch``) and the largest difference of the profiles at
``lam = 1000``.

On a machine shared with other jobs the CPU ratio is the fairer one.

Run:  python benchmarks/bench_nplayer_qre.py [--seeds 7] [--repeats 5]
      [--shapes 3x3x3,4x4x4,3x3x3x3] [--square 20] [--quick]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # this checkout first

import numpy as np

LAM = 1000.0


def random_game(shape, seed):
    """A random game of ``shape`` (payoffs uniform on [0, 1]) without a pure equilibrium."""
    import contracts as ct
    from contracts.equilibrium.pure import pure_nash_actions
    rng = np.random.default_rng(seed)
    while True:
        P = rng.random(tuple(shape) + (len(shape),))
        g = ct.NormalFormGame.from_payoff_profile(P)
        if len(shape) == 2 or not len(pure_nash_actions(g)):
            return g, P


def _gambit_profile(G, res):
    return np.concatenate([[float(res.profile[s]) for s in p.strategies] for p in G.players])


def _gambit_points(gbt, G):
    """Points of pygambit's traced branch up to lam = LAM (its tracer stops by regret)."""
    try:
        br = gbt.qre.logit_solve_branch(G, maxregret=1e-6)
    except Exception:                      # pragma: no cover - version differences
        return None
    return sum(1 for r in br if r.lam <= LAM)


def bench_shape(shape, seeds, repeats, gbt):
    from contracts.bounded import logit_branch
    rows = []
    for s in range(seeds):
        if len(shape) == 2:
            rng = np.random.default_rng(1000 + shape[0] + s)
            A, B = rng.random(shape), rng.random(shape)
            import contracts as ct
            g = ct.NormalFormGame.from_bimatrix(A, B)
            arrays = [A, B]
        else:
            g, P = random_game(shape, 7000 + 100 * len(shape) + s)
            arrays = [P[..., i] for i in range(len(shape))]
        G = gbt.Game.from_arrays(*arrays)
        fns = {"ours": lambda: logit_branch(g, max_lambda=LAM),
               "gambit": lambda: gbt.qre.logit_solve_lambda(G, [LAM])}
        wall = {k: [] for k in fns}
        cpu = {k: [] for k in fns}
        outs = {}
        for _ in range(repeats):
            for k, f in fns.items():
                t, c = time.perf_counter(), time.process_time()
                outs[k] = f()
                wall[k].append(time.perf_counter() - t)
                cpu[k].append(time.process_time() - c)
        br = outs["ours"]
        ours_end = np.concatenate([p[-1] for p in br.profiles])
        diff = float(np.max(np.abs(ours_end - _gambit_profile(G, outs["gambit"][0]))))
        w = {k: statistics.median(v) for k, v in wall.items()}
        c = {k: statistics.median(v) for k, v in cpu.items()}
        rows.append(dict(w_ours=w["ours"], w_gam=w["gambit"], c_ours=c["ours"],
                         c_gam=c["gambit"], wr=w["ours"] / w["gambit"],
                         cr=c["ours"] / c["gambit"], pts=len(br) - 1,
                         gpts=_gambit_points(gbt, G), diff=diff))
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--shapes", default="3x3x3,4x4x4,3x3x3x3",
                    help="comma-separated game shapes (default: %(default)s)")
    ap.add_argument("--square", type=int, default=20,
                    help="size of the two-player game (0 to skip; default: %(default)s)")
    ap.add_argument("--quick", action="store_true", help="3 seeds, 3 repeats")
    args = ap.parse_args(argv)
    if args.quick:
        args.seeds, args.repeats = 3, 3
    import pygambit as gbt

    shapes = [tuple(int(k) for k in part.split("x")) for part in args.shapes.split(",")]
    if args.square:
        shapes.append((args.square, args.square))
    print(f"logit QRE branch to lam={LAM:g}: contracts logit_branch vs pygambit "
          "logit_solve_lambda, same run, interleaved")
    print(f"medians over {args.seeds} seeds of per-game medians of {args.repeats} repeats; "
          "ratio = contracts / pygambit")
    print(f"{'game':9s} {'ours [ms]':>10s} {'gambit [ms]':>12s} {'wall ratio':>11s} "
          f"{'ours cpu':>9s} {'gambit cpu':>11s} {'cpu ratio':>10s} {'steps ours':>11s} "
          f"{'gambit pts':>11s} {'max |diff|':>11s}")
    for shape in shapes:
        rows = bench_shape(shape, args.seeds, args.repeats, gbt)

        def med(key):
            vals = [r[key] for r in rows if r[key] is not None]
            return statistics.median(vals) if vals else float("nan")

        print(f"{'x'.join(map(str, shape)):9s} {med('w_ours') * 1e3:10.2f} "
              f"{med('w_gam') * 1e3:12.2f} {med('wr'):11.2f} {med('c_ours') * 1e3:9.2f} "
              f"{med('c_gam') * 1e3:11.2f} {med('cr'):10.2f} {med('pts'):11.1f} "
              f"{med('gpts'):11.1f} {max(r['diff'] for r in rows):11.1e}", flush=True)


if __name__ == "__main__":
    main()

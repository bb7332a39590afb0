"""Compare all-equilibria enumeration of small 3-player games with pygambit's enumpoly.

Same games for both (integer payoffs): contracts' ``enumpoly`` (exact polynomial systems on every
support profile, each equilibrium verified) against pygambit's ``enumpoly_solve``. Prints, per
game, the number of equilibria each finds, which of ours Gambit misses (each verified by exact
regret 0, or regret <= tol for irrational ones), which of Gambit's we miss, and the times (ratio
contracts / pygambit; below 1 means contracts is faster).

Run:  python benchmarks/bench_enumpoly.py [--games 12] [--shape 2 2 2]
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # this checkout first


def _keys(profiles, digits=6):
    return {tuple(np.round(np.concatenate([np.asarray(s, dtype=float) for s in p]), digits))
            for p in profiles}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=12)
    ap.add_argument("--shape", type=int, nargs="+", default=[2, 2, 2])
    ap.add_argument("--payoffs", type=int, default=9, help="payoffs drawn from -K..K")
    args = ap.parse_args(argv)

    import contracts as ct
    from contracts.equilibrium.enumpoly import enumpoly
    import pygambit as gbt

    shape = tuple(args.shape)
    N = len(shape)
    print(f"all equilibria of random {'x'.join(map(str, shape))} games (integer payoffs in "
          f"-{args.payoffs}..{args.payoffs}): contracts enumpoly vs pygambit enumpoly_solve")
    print(f"{'seed':>4s} {'ours':>5s} {'gambit':>7s} {'gambit misses':>14s} {'we miss':>8s} "
          f"{'complete':>9s} {'ours [s]':>9s} {'gambit [s]':>11s} {'ratio':>7s}")
    tot_missed = 0
    for seed in range(args.games):
        rng = np.random.default_rng(seed)
        P = rng.integers(-args.payoffs, args.payoffs + 1, shape + (N,))
        g = ct.NormalFormGame.from_payoff_profile(P)
        t = time.perf_counter()
        res = enumpoly(g)
        t1 = time.perf_counter() - t
        G = gbt.Game.from_arrays(*[P[..., i] for i in range(N)])
        t = time.perf_counter()
        gres = gbt.nash.enumpoly_solve(G)
        t2 = time.perf_counter() - t
        ours = _keys(e.strategies for e in res)
        theirs = _keys([[np.array([float(eq[s]) for s in pl.strategies]) for pl in G.players]
                        for eq in gres.equilibria])
        # every one of ours is verified; check Gambit's too before calling it a miss of ours
        gprofiles = [[np.array([float(eq[s]) for s in pl.strategies]) for pl in G.players]
                     for eq in gres.equilibria]
        theirs_ok = _keys(p for p in gprofiles if max(g.regrets(p)) <= 1e-6)
        gm = len(ours - theirs)
        wm = len(theirs_ok - ours)
        tot_missed += gm
        print(f"{seed:4d} {len(ours):5d} {len(theirs):7d} {gm:14d} {wm:8d} "
              f"{str(res.complete):>9s} {t1:9.3f} {t2:11.4f} {t1 / t2:7.1f}")
    print(f"equilibria found and verified by contracts that Gambit's enumpoly missed: "
          f"{tot_missed}")


if __name__ == "__main__":
    main()

"""Benchmark: one Nash equilibrium and the logit QRE branch of random N-player games.

Same run, same games, interleaved (each repeat times every solver once, in turn): contracts'
``solve(g, method="one")`` against pygambit's ``ipa_solve``, ``gnm_solve`` and
``simpdiv_solve`` (the best of the three per game is the peer), contracts' own
``solve(g, method="ipa")`` against ``ipa_solve`` (columns "our ipa", "ipa ratio"), and
``logit_branch`` to
lam = 1000 against pygambit's ``logit_solve_lambda``. Games are random (uniform payoffs) with no
pure equilibrium (seeds with one are skipped). Prints per-shape medians over seeds of the
per-game median times and of the ratio contracts / peer: below 1 means contracts is faster.
Also prints the largest regret of the returned equilibria (contracts' are verified).

pygambit's ``gnm_solve`` aborts the process (``free(): invalid next size``) on some 3x3x3x3
games, so it is left out on four-player games unless ``--gnm-all`` is given.

Both wall-clock and process CPU time are measured; on a machine shared with other jobs the CPU
ratio is the fairer one.

Run:  python benchmarks/bench_nplayer.py [--seeds 7] [--repeats 5] [--shapes 3x3x3,4x4x4]

Quick run (under a minute): only the fast peers, without contracts' own IPA and the QRE branch:
      python benchmarks/bench_nplayer.py --peers ipa,gnm --skip-ours-ipa --skip-qre
(``--peers`` names the pygambit solvers whose best time per game is the peer; the default is all
three. On four-player games gnm is still left out unless ``--gnm-all`` is given.)
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # this checkout first

import numpy as np


def random_game(shape, seed):
    import contracts as ct
    from contracts.equilibrium.pure import pure_nash_actions
    rng = np.random.default_rng(seed)
    while True:
        P = rng.random(tuple(shape) + (len(shape),))
        g = ct.NormalFormGame.from_payoff_profile(P)
        if not len(pure_nash_actions(g)):
            return g, P


def _ours_ipa(ct, g):
    """contracts' IPA; None when it raises ConvergenceError (counted as a failure)."""
    from contracts.exceptions import ConvergenceError
    try:
        return ct.solve(g, method="ipa")
    except ConvergenceError:
        return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-qre", "--skip-qre", dest="no_qre", action="store_true",
                    help="skip the logit QRE branch comparison")
    ap.add_argument("--skip-ours-ipa", action="store_true",
                    help="skip contracts' own ipa (slow on 4x4x4)")
    ap.add_argument("--peers", default="ipa,gnm,simpdiv",
                    help="comma-separated pygambit solvers the peer is the best of "
                         "(default: %(default)s)")
    ap.add_argument("--gnm-all", action="store_true")
    ap.add_argument("--no-simpdiv", action="store_true",
                    help="skip simplicial subdivision (seconds per game on 4x4x4)")
    ap.add_argument("--shapes", default="3x3x3,4x4x4,3x3x3x3",
                    help="comma-separated game shapes (default: %(default)s)")
    args = ap.parse_args(argv)

    import contracts as ct
    from contracts.bounded import logit_branch
    import pygambit as gbt

    shapes = [tuple(int(k) for k in part.split("x")) for part in args.shapes.split(",")]
    wanted = {p.strip() for p in args.peers.split(",") if p.strip()}
    if not wanted or wanted - {"ipa", "gnm", "simpdiv"}:
        ap.error(f"--peers: expected names among ipa, gnm, simpdiv, got {args.peers!r}")
    if args.no_simpdiv:
        wanted.discard("simpdiv")
    print("N-player games without pure equilibria: contracts vs pygambit, same run, interleaved")
    print("ratio = contracts / peer (below 1: contracts is faster); medians over seeds of "
          f"per-game medians of {args.repeats} repeats")
    head = (f"{'game':10s} {'one [ms]':>9s} {'ipa':>7s} {'gnm':>7s} {'simpdiv':>8s} "
            f"{'ratio vs best':>14s} {'cpu ratio':>10s} {'our regret':>11s} "
            f"{'gambit best regret':>19s} {'our ipa':>8s} {'ipa ratio':>10s}")
    qre_rows = []
    print(head)
    for shape in shapes:
        ratios, cratios, ours, peers, regs, pregs = [], [], [], [], [], []
        per = {"ipa": [], "gnm": [], "simpdiv": [], "ipa_ours": []}
        qr = []
        ipa_fail = 0
        for s in range(args.seeds):
            g, P = random_game(shape, 7000 + 100 * len(shape) + s)
            G = gbt.Game.from_arrays(*[P[..., i] for i in range(len(shape))])
            start = G.mixed_strategy_profile(rational=True)
            fns = {"one": lambda: ct.solve(g, method="one")}
            if "ipa" in wanted:
                fns["ipa"] = lambda: gbt.nash.ipa_solve(G)
            if not args.skip_ours_ipa:
                fns["ipa_ours"] = lambda: _ours_ipa(ct, g)
            if "gnm" in wanted and (len(shape) < 4 or args.gnm_all):
                fns["gnm"] = lambda: gbt.nash.gnm_solve(G)
            if "simpdiv" in wanted:
                fns["simpdiv"] = lambda: gbt.nash.simpdiv_solve(start)
            if not args.no_qre:
                fns["qre_ours"] = lambda: logit_branch(g, max_lambda=1000.0)
                fns["qre_gambit"] = lambda: gbt.qre.logit_solve_lambda(G, [1000.0])
            times = {k: [] for k in fns}
            cpus = {k: [] for k in fns}
            outs = {}
            for _ in range(args.repeats):
                for k, f in fns.items():
                    t, c = time.perf_counter(), time.process_time()
                    outs[k] = f()
                    times[k].append(time.perf_counter() - t)
                    cpus[k].append(time.process_time() - c)
            med = {k: statistics.median(v) for k, v in times.items()}
            cmed = {k: statistics.median(v) for k, v in cpus.items()}
            peer_names = [k for k in ("ipa", "gnm", "simpdiv") if k in med]
            if not peer_names:
                sys.exit(f"no peer left for {shape} (gnm is skipped on four players unless "
                         "--gnm-all): add ipa or simpdiv to --peers")
            best = min(med[k] for k in peer_names)
            ratios.append(med["one"] / best)
            cratios.append(cmed["one"] / min(cmed[k] for k in peer_names))
            ours.append(med["one"])
            peers.append(best)
            for k in per:
                per[k].append(med.get(k, float("nan")))
            ipa_fail += "ipa_ours" in outs and outs["ipa_ours"] is None
            res = outs["one"]
            regs.append(float(res.max_regret))
            bestk = min(peer_names, key=lambda k: med[k])
            eqs = outs[bestk].equilibria
            pregs.append(max(float(e.max_regret()) for e in eqs) if eqs else float("nan"))
            if not args.no_qre:
                qr.append((med["qre_ours"], med["qre_gambit"],
                           cmed["qre_ours"] / cmed["qre_gambit"]))
        name = "x".join(map(str, shape))
        print(f"{name:10s} {statistics.median(ours) * 1e3:9.2f} "
              f"{statistics.median(per['ipa']) * 1e3:7.2f} "
              f"{statistics.median(per['gnm']) * 1e3:7.2f} "
              f"{statistics.median(per['simpdiv']) * 1e3:8.2f} "
              f"{statistics.median(ratios):14.2f} {statistics.median(cratios):10.2f} "
              f"{max(regs):11.1e} {max(pregs):19.1e} "
              f"{statistics.median(per['ipa_ours']) * 1e3:8.2f} "
              f"{statistics.median([a / b for a, b in zip(per['ipa_ours'], per['ipa'])]):10.2f}"
              + (f"  (our ipa raised ConvergenceError on {ipa_fail} of {args.seeds} games)"
                 if ipa_fail else ""), flush=True)
        if qr:
            qre_rows.append((name, statistics.median([a for a, _, _ in qr]),
                             statistics.median([b for _, b, _ in qr]),
                             statistics.median([a / b for a, b, _ in qr]),
                             statistics.median([c for _, _, c in qr])))
    if qre_rows:
        print()
        print("logit QRE branch to lam=1000 (contracts logit_branch vs pygambit "
              "logit_solve_lambda)")
        print(f"{'game':10s} {'contracts [ms]':>15s} {'pygambit [ms]':>14s} {'ratio':>7s} "
              f"{'cpu ratio':>10s}")
        for name, a, b, r, c in qre_rows:
            print(f"{name:10s} {a * 1e3:15.2f} {b * 1e3:14.2f} {r:7.2f} {c:10.2f}")


if __name__ == "__main__":
    main()

"""Time support and vertex enumeration against nashpy, QuantEcon and pygambit, in one run.

Games are seeded random ``n x n`` bimatrix games: ``rng = numpy.random.default_rng(1000 + n)``,
``A = rng.random((n, n))``, ``B = rng.random((n, n))`` (the issue's benchmark family). Each
contender is warmed up once and then timed over several interleaved rounds; the table shows
median times and ratios (ours / theirs: below 1 means we are faster). On a shared machine use
``--cpu`` (process CPU time), which other processes' load disturbs less than wall time. QuantEcon is timed warm (its numba compilation is paid by one call beforehand).
Every contender's equilibria are counted, so a fast wrong answer shows up in the table.

Usage::

    python benchmarks/bench_enumeration.py            # default sizes
    python benchmarks/bench_enumeration.py --quick    # fewer repeats, no Gambit exact on 8x8
    python benchmarks/bench_enumeration.py --cpu      # process CPU time instead of wall time
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time
import warnings
from fractions import Fraction

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # this checkout first

import contracts as ct  # noqa: E402
from contracts.equilibrium.support_enumeration import support_enumeration  # noqa: E402
from contracts.equilibrium.vertex_enumeration import vertex_enumeration  # noqa: E402


def random_game(n: int):
    rng = np.random.default_rng(1000 + n)
    A = rng.random((n, n))
    B = rng.random((n, n))
    return A, B


def contenders(method: str, n: int, A, B, *, quick: bool) -> dict:
    """name -> zero-argument callable returning the number of equilibria found."""
    g = ct.NormalFormGame.from_bimatrix(A, B)
    ours = support_enumeration if method == "support" else vertex_enumeration
    out = {
        "ours float": lambda: len(ours(g)),
        "ours exact": lambda: len(ours(g, exact=True)),
    }
    try:
        import quantecon.game_theory as qe

        qg = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
        qf = qe.support_enumeration if method == "support" else qe.vertex_enumeration
        qf(qg)                                   # pay numba's compilation up front
        out["quantecon"] = lambda: len(qf(qg))
    except ImportError:
        pass
    try:
        import nashpy

        if n <= 6:
            ng = nashpy.Game(A, B)
            nf = ng.support_enumeration if method == "support" else ng.vertex_enumeration

            def run_nashpy():
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return len(list(nf()))

            out["nashpy"] = run_nashpy
    except ImportError:
        pass
    try:
        import pygambit as gbt

        G = gbt.Game.from_arrays(A, B)
        out["gambit float"] = lambda: len(gbt.nash.enummixed_solve(G, rational=False).equilibria)
        if n <= (6 if quick else 8):
            fA = np.array([[Fraction(repr(float(v))) for v in row] for row in A], dtype=object)
            fB = np.array([[Fraction(repr(float(v))) for v in row] for row in B], dtype=object)
            GE = gbt.Game.from_arrays(fA, fB)
            out["gambit exact"] = lambda: len(
                gbt.nash.enummixed_solve(GE, rational=True).equilibria)
    except ImportError:
        pass
    return out


def measure(funcs: dict, repeats: dict, clock) -> tuple[dict, dict]:
    """Median seconds and equilibrium counts per contender.

    Each contender gets one untimed warm-up call; then the timed calls are interleaved: in each
    round every contender with repeats left runs once, so that load from other processes on a
    shared machine falls on all contenders alike.
    """
    counts = {k: f() for k, f in funcs.items()}
    ts: dict = {k: [] for k in funcs}
    for r in range(max(repeats.values(), default=0)):
        for k, f in funcs.items():
            if r < repeats[k]:
                t0 = clock()
                counts[k] = f()
                ts[k].append(clock() - t0)
    return {k: statistics.median(v) for k, v in ts.items()}, counts


def fmt(t: float | None) -> str:
    if t is None:
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f} us"
    if t < 1:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats; no Gambit exact on 8x8")
    ap.add_argument("--cpu", action="store_true", help="time process CPU instead of wall clock")
    ap.add_argument("--support", type=int, nargs="*", default=[4, 6, 8],
                    help="sizes for support enumeration (default 4 6 8)")
    ap.add_argument("--vertex", type=int, nargs="*", default=[4, 6, 8, 10],
                    help="sizes for vertex enumeration (default 4 6 8 10)")
    ap.add_argument("--only", nargs="*", default=None,
                    help="time only these contenders (e.g. --only 'ours float' quantecon)")
    ap.add_argument("--rounds", type=int, default=None,
                    help="timed rounds of the fast contenders (default 21; 5 with --quick)")
    args = ap.parse_args(argv)
    clock = time.process_time if args.cpu else time.perf_counter
    fast = args.rounds or (5 if args.quick else 21)
    order = ["ours float", "ours exact", "quantecon", "nashpy", "gambit float", "gambit exact"]
    rows = []
    for method, sizes in (("support", args.support), ("vertex", args.vertex)):
        for n in sizes:
            A, B = random_game(n)
            funcs = contenders(method, n, A, B, quick=args.quick)
            if args.only:
                funcs = {k: f for k, f in funcs.items() if k in args.only}
            reps = {k: (fast if k in ("ours float", "quantecon", "gambit float")
                        else 3 if k != "gambit exact" else (1 if args.quick else 3))
                    for k in funcs}
            med, counts = measure(funcs, reps, clock)
            rows.append((method, n, med, counts))
            print(f"  measured {method} {n}x{n}", file=sys.stderr)
    clock_name = "CPU" if args.cpu else "wall"
    print(f"\nMedian {clock_name} times on seeded random games (default_rng(1000 + n)); "
          "number of equilibria in brackets")
    head = ["method", "n"] + order + ["ours/QE", "ours/nashpy", "gambit exact/ours exact"]
    table = []
    for method, n, med, counts in rows:
        cells = [f"{method} enumeration", f"{n}x{n}"]
        for k in order:
            cells.append(f"{fmt(med[k])} [{counts[k]}]" if k in med else "-")
        ratio = lambda a, b: (f"{med[a] / med[b]:.2f}" if a in med and b in med  # noqa: E731
                              else "-")
        cells.append(ratio("ours float", "quantecon"))
        cells.append(ratio("ours float", "nashpy"))
        cells.append(f"{med['gambit exact'] / med['ours exact']:.0f}x"
                     if "gambit exact" in med else "-")
        table.append(cells)
    widths = [max(len(str(r[c])) for r in [head] + table) for c in range(len(head))]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in table:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run every benchmark of `contracts` against the anchors (nashpy, QuantEcon, pygambit), one run.

Each script prints its own table of median times and ratios measured in the same process on the
same machine; this driver runs them one after another so a single command reproduces every figure
of the closing notes::

    python benchmarks/run_all.py            # full
    python benchmarks/run_all.py --quick    # fewer repeats where the script supports it
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).parent
SCRIPTS = ["bench_enumeration.py", "bench_lemke_howson.py", "bench_pivot.py", "bench_qre.py",
           "bench_nplayer.py", "bench_nplayer_qre.py", "bench_enumpoly.py", "bench_batch.py", "bench_zero_sum.py",
           "bench_sequence_form.py", "bench_payoff_sets.py", "bench_stochastic.py",
           "bench_markov.py", "bench_relational.py", "bench_gambit_methods.py",
           "bench_one_overhead.py", "bench_small_enum.py", "bench_import.py"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", nargs="*", help="run only these scripts")
    args = ap.parse_args(argv)
    failures = 0
    for name in args.only or SCRIPTS:
        path = HERE / name
        if not path.exists():
            print(f"## {name}: not present, skipped\n", flush=True)
            continue
        cmd = [sys.executable, str(path)]
        if args.quick and "--quick" in path.read_text():
            cmd.append("--quick")
        print(f"## {name}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call(cmd)
        print(f"## {name}: exit {rc}, {time.perf_counter() - t0:.1f} s\n", flush=True)
        failures += rc != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

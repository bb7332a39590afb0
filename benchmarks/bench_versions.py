"""The same two-player solves timed on several checkouts of the library, interleaved.

Usage::

    git worktree add /tmp/v-old <commit>
    python benchmarks/bench_versions.py old=/tmp/v-old new=.

Each round runs every checkout once, in a fresh subprocess whose ``sys.path`` starts with that
checkout, in alternating order; the table reports the median time per case over the rounds and
the ratio of each checkout to the first. Cases: Lemke-Howson on random 50x50 and 200x200 games,
support enumeration 6x6 and 10x10, vertex enumeration 8x8 and 12x12, the zero-sum LP 200x200.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

CHILD = r'''
import json, sys, time
import numpy as np
sys.path.insert(0, sys.argv[1])
import contracts as ct
from contracts.games.normal_form import NormalFormGame

def game(n, seed):
    rng = np.random.default_rng(seed)
    return NormalFormGame.from_bimatrix(rng.random((n, n)), rng.random((n, n)))

cases = [("lemke_howson", 50, 5), ("lemke_howson", 200, 3), ("support_enumeration", 6, 5),
         ("support_enumeration", 10, 1), ("vertex_enumeration", 8, 5),
         ("vertex_enumeration", 12, 1), ("zero_sum", 200, 3)]
out = {}
for method, n, reps in cases:
    g = game(n, 1000 + n)
    if method == "zero_sum":
        rng = np.random.default_rng(7)
        a = rng.random((n, n))
        g = NormalFormGame.from_bimatrix(a, -a)
    ct.solve(g, method=method)                     # warm
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        ct.solve(g, method=method)
        t.append(time.perf_counter() - t0)
    out[f"{method} {n}x{n}"] = min(t)
print(json.dumps(out))
'''


def main(argv=None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    trees = [a.split("=", 1) for a in args] or [["now", "."]]
    rounds = 5
    times: dict[str, dict[str, list[float]]] = {label: {} for label, _ in trees}
    for r in range(rounds):
        order = trees if r % 2 == 0 else trees[::-1]
        for label, path in order:
            run = subprocess.run([sys.executable, "-c", CHILD, path], capture_output=True,
                                 text=True, check=True)
            for case, t in json.loads(run.stdout.strip().splitlines()[-1]).items():
                times[label].setdefault(case, []).append(t)
    first = trees[0][0]
    labels = [label for label, _ in trees]
    w = max(14, 2 + max(len(label) for label in labels) + len(first) + 1)
    print(f"{'case':28s}" + "".join(f"{label + ' ms':>{w}s}" for label in labels)
          + "".join(f"{label + '/' + first:>{w}s}" for label in labels[1:]))
    for case in times[first]:
        med = {label: statistics.median(times[label][case]) for label in labels}
        print(f"{case:28s}" + "".join(f"{1e3 * med[label]:{w}.2f}" for label in labels)
              + "".join(f"{med[label] / med[first]:{w}.2f}" for label in labels[1:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

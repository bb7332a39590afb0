"""Snapshot comparison of float vertex enumeration between two versions of contracts.

``dump`` solves a fixed set of games with ``contracts.solve(g, method="vertex_enumeration",
exact=False)`` using the ``contracts`` of the tree given and pickles the equilibria, the
``degenerate`` flag, the message and ``complete`` per game; ``compare`` reads two dumps and
prints how many games have the same equilibrium set (same count, profiles within 1e-9 after
sorting), how many are bitwise identical, and every difference.

Games: 500 random ones with 2 to 12 actions a side (most capped at 8) of five kinds in turn --
uniform payoffs, small integers (ties, degenerate), a duplicated first row and column, integer
zero-sum, and normal payoffs scaled by 1e3 and 1 -- then every two-player corpus game under
``tests/data/corpus`` (``corpus.json`` and the Gambit ``.nfg`` files) of at most 400 cells.

Run:  python benchmarks/snapshot_vertex.py dump TREE OUT.pkl [--numba]
      python benchmarks/snapshot_vertex.py compare OLD.pkl NEW.pkl
(``--numba`` imports numba first, so contracts runs its compiled steps.)
"""

from __future__ import annotations

import argparse
import glob
import json
import pickle
import sys
import warnings
from fractions import Fraction


def _games(tree: str, ct, np):
    rng = np.random.default_rng(777)
    for k in range(500):
        m, n = (int(v) for v in rng.integers(2, 13, size=2))
        if m * n > 100 and k % 10:
            m, n = min(m, 8), min(n, 8)
        kind = k % 5
        if kind == 0:
            A, B = rng.random((m, n)), rng.random((m, n))
        elif kind == 1:
            A, B = (rng.integers(0, 3, (m, n)).astype(float) for _ in range(2))
        elif kind == 2:
            A, B = rng.random((m, n)), rng.random((m, n))
            A[-1], B[-1] = A[0], B[0]
            A[:, -1], B[:, -1] = A[:, 0], B[:, 0]
        elif kind == 3:
            A = rng.integers(-2, 3, (m, n)).astype(float)
            B = -A
        else:
            A, B = rng.normal(size=(m, n)) * 1e3, rng.normal(size=(m, n))
        yield f"rand{k}", A, B
    for e in json.load(open(f"{tree}/tests/data/corpus/corpus.json")):
        if e.get("players") == 2 and e.get("payoffs"):
            A, B = (np.array([[float(Fraction(str(v))) for v in row] for row in M])
                    for M in e["payoffs"])
            if A.size <= 400:
                yield e["name"], A, B
    for p in sorted(glob.glob(f"{tree}/tests/data/corpus/gambit/**/*.nfg", recursive=True)):
        try:
            g = ct.read_nfg(p)
        except Exception:                           # noqa: BLE001 - a reader error: skipped
            continue
        if g.num_players == 2 and g.num_actions[0] * g.num_actions[1] <= 400:
            A, B = (np.asarray(M, dtype=float) for M in g.bimatrix)
            yield p.split("gambit/")[1], A, B


def dump(tree: str, out: str, use_numba: bool) -> None:
    sys.path.insert(0, tree)
    if use_numba:
        import numba  # noqa: F401
    import numpy as np

    import contracts as ct

    warnings.simplefilter("ignore")
    res = {}
    for name, A, B in _games(tree, ct, np):
        g = ct.NormalFormGame.from_bimatrix(A, B)
        try:
            r = ct.solve(g, method="vertex_enumeration", exact=False)
        except Exception as exc:                    # noqa: BLE001 - recorded and compared
            res[name] = ("err", type(exc).__name__, str(exc))
            continue
        eqs = [tuple(np.asarray(s, dtype=float) for s in e.strategies) for e in r]
        res[name] = ("ok", eqs, r.degenerate, r.message, r.complete)
    with open(out, "wb") as fh:
        pickle.dump(res, fh)
    print(f"{len(res)} games")


def compare(old: str, new: str) -> int:
    import numpy as np

    with open(old, "rb") as fh:
        a = pickle.load(fh)
    with open(new, "rb") as fh:
        b = pickle.load(fh)
    if a.keys() != b.keys():
        print("the two dumps hold different games")
        return 1
    same = bitwise = errors = 0
    worst = 0.0
    diffs = []

    def key(e):
        return tuple(np.round(np.concatenate(e), 7))

    for k in a:
        x, y = a[k], b[k]
        if x[0] != "ok" or y[0] != "ok":
            errors += 1
            if x[:2] != y[:2]:
                diffs.append((k, x[:2], y[:2]))
            continue
        if x[2:] != y[2:]:
            diffs.append((k, "degenerate/message/complete", x[2:], y[2:]))
        ex, ey = sorted(x[1], key=key), sorted(y[1], key=key)
        if len(ex) != len(ey):
            diffs.append((k, "count", len(ex), len(ey)))
            continue
        d = max((max(np.abs(p - q).max() for p, q in zip(e, f)) for e, f in zip(ex, ey)),
                default=0.0)
        if d > 1e-9:
            diffs.append((k, "values", d))
            continue
        same += 1
        worst = max(worst, d)
        bitwise += all(np.array_equal(p, q) for e, f in zip(ex, ey) for p, q in zip(e, f))
    print(f"{len(a)} games: same equilibrium set {same} (bitwise identical {bitwise}), raised in "
          f"both {errors}, largest difference {worst:.2e}, differences {len(diffs)}")
    for t in diffs:
        print("  ", t)
    return 1 if diffs else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("tree")
    d.add_argument("out")
    d.add_argument("--numba", action="store_true")
    c = sub.add_parser("compare")
    c.add_argument("old")
    c.add_argument("new")
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.tree, args.out, args.numba)
        return 0
    return compare(args.old, args.new)


if __name__ == "__main__":
    raise SystemExit(main())

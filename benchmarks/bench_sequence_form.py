"""Benchmark: the sequence-form LCP against Gambit's float ``lcp_solve`` on the same trees.

Trees: Kuhn poker; the largest two-player perfect-recall ``.efg`` files of the Gambit corpus
(``tests/data/corpus/gambit``) that both programs read; centipedes with ``--stages`` stages
(the pot doubling, as in the literature, and growing by 2); Kuhn poker at ``--tables`` tables
with different stakes (100 tables: 2,402 sequences). Each tree is read by both programs from
the same file. Every solver's first call runs in a child process with a time budget
(``--budget`` seconds; ``>budget`` when it does not finish); within the budget, times are
medians of interleaved runs in this process (wall-clock seconds; ``ratio`` is
contracts / Gambit in wall-clock time, ``cpu`` the same ratio in process CPU time, less
inflated on a busy machine): ``pygambit.nash.lcp_solve(g, rational=False)``
against ``contracts.equilibrium.sequence_form.sequence_form_lcp(g)``, which verifies its
answer exactly and returns Fractions for exact trees, and, with ``--before REV``, the
``sequence_form.py`` of git revision REV on the same tree. ``ok`` says whether Gambit returned
an equilibrium (its float path can fail: "Bad exit index"). Peak memory of one contracts solve:
Python allocations (tracemalloc) and the process's peak resident set.

Run:  PYTHONPATH=. python benchmarks/bench_sequence_form.py [--stages 100 500] [--tables 100]
      [--repeats 3] [--budget 60] [--before 0a29541] [--trees "Kuhn poker" montyhal]
      [--compiled | --numpy]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:       # measure this tree's contracts, not an installed one
    sys.path.insert(0, str(ROOT))


def centipede_efg(stages: int, pot: str = "doubling") -> str:
    """A centipede: players alternate Take/Pass; the pot doubles (or grows by 2), the last
    Pass splits it. Taking is always better than being taken from one stage later."""
    lines = [f'EFG 2 R "centipede {stages} {pot}" {{ "1" "2" }}']
    outcome = 1
    small, big = 1, 4
    for k in range(stages):
        p = 1 + k % 2
        lines.append(f'p "" {p} {k + 1} "" {{ "Take" "Pass" }} 0')
        pay = (big, small) if p == 1 else (small, big)
        lines.append(f't "" {outcome} "" {{ {pay[0]}, {pay[1]} }}')
        outcome += 1
        if pot == "doubling":
            small, big = small * 2, big * 2
        else:
            small, big = small + 2, big + 2
    lines.append(f't "" {outcome} "" {{ {small}, {small} }}')
    return "\n".join(lines) + "\n"


def kuhn_poker_efg(cards: int = 3, tables: int = 1) -> str:
    """Kuhn poker with ``cards`` cards (3: the classic game), ante 1, bet 1.

    With ``tables > 1`` chance first seats the players at one of ``tables`` tables (equally
    likely) whose bets are 1, 2, ..., ``tables``: one game of ``tables`` independent pokers
    with different stakes, ``2 + 8 * cards * tables`` sequences in all.
    """
    deals = [(a, b) for a in range(cards) for b in range(cards) if a != b]
    n = len(deals)
    lines = [f'EFG 2 R "Kuhn poker, {cards} cards, {tables} tables" {{ "1" "2" }}']
    if tables > 1:
        branches = " ".join(f'"table {t + 1}" 1/{tables}' for t in range(tables))
        lines.append(f'c "" 1 "" {{ {branches} }} 0')
    out = [0]

    def leaf(x):
        out[0] += 1
        lines.append(f't "" {out[0]} "" {{ {x}, {-x} }}')

    for t in range(tables):
        bet = t + 1
        branches = " ".join(f'"{a}{b}" 1/{n}' for a, b in deals)
        lines.append(f'c "" {t + 2} "" {{ {branches} }} 0')
        base = 2 * cards * t
        for a, b in deals:
            win = 1 if a > b else -1
            lines.append(f'p "" 1 {base + a + 1} "" {{ "Check" "Bet" }} 0')
            lines.append(f'p "" 2 {base + b + 1} "" {{ "Check" "Bet" }} 0')   # after a check
            leaf(win)
            lines.append(f'p "" 1 {base + cards + a + 1} "" {{ "Fold" "Call" }} 0')
            leaf(-1)
            leaf((1 + bet) * win)
            lines.append(f'p "" 2 {base + cards + b + 1} "" {{ "Fold" "Call" }} 0')  # after a bet
            leaf(1)
            leaf((1 + bet) * win)
    return "\n".join(lines) + "\n"


def trees(stages, tables):
    tmp = pathlib.Path(tempfile.mkdtemp())
    out = []

    def add(name, text):
        f = tmp / (name.replace(" ", "_").replace(",", "") + ".efg")
        f.write_text(text)
        out.append((name, str(f)))

    add("Kuhn poker", kuhn_poker_efg(3))
    import pygambit as gbt
    from contracts.io.efg import read_efg
    files = sorted((ROOT / "tests/data/corpus/gambit").rglob("*.efg"), key=os.path.getsize)
    big = []
    for f in reversed(files):
        try:
            g = read_efg(str(f))
            gbt.read_efg(str(f))
        except Exception:           # noqa: BLE001 - a file one reader does not take
            continue
        if g.num_players == 2 and g.is_perfect_recall:
            big.append((f.name, str(f)))
        if len(big) == 6:
            break
    out += big
    for s in stages:
        add(f"centipede {s} doubling", centipede_efg(s, "doubling"))
        add(f"centipede {s} linear", centipede_efg(s, "linear"))
    for t in tables:
        add(f"Kuhn poker, {t} tables", kuhn_poker_efg(3, t))
    return out


_CHILD = """
import sys, time, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {root!r})
which, path = sys.argv[1], sys.argv[2]
if which == "g":
    import pygambit as gbt
    g = gbt.read_efg(path)
    t = time.perf_counter(); r = gbt.nash.lcp_solve(g, rational=False)
    print(time.perf_counter() - t, len(r.equilibria))
else:
    from contracts.io.efg import read_efg
    from contracts.equilibrium.sequence_form import sequence_form_lcp
    g = read_efg(path)
    g.sequence_form()
    t = time.perf_counter(); r = sequence_form_lcp(g)
    print(time.perf_counter() - t, len(r))
"""


def _first_call(which: str, path: str, budget: float):
    """``(seconds, found)`` of one call in a child process, or None past the budget."""
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT)), which, path],
                              capture_output=True, text=True, timeout=budget)
    except subprocess.TimeoutExpired:
        return None
    try:
        t, n = done.stdout.split()
        return float(t), int(n) > 0
    except ValueError:
        return float("nan"), False


def _load_before(rev: str):
    """``sequence_form_lcp`` as it was at git revision ``rev`` (loaded beside the new one)."""
    src = subprocess.run(["git", "-C", str(ROOT), "show",
                          f"{rev}:contracts/equilibrium/sequence_form.py"],
                         capture_output=True, text=True, check=True).stdout
    path = pathlib.Path(tempfile.mkdtemp()) / "sequence_form_before.py"
    path.write_text(src)
    spec = importlib.util.spec_from_file_location("contracts.equilibrium._sf_before", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod.sequence_form_lcp


def _fmt_t(t):
    return f"{t:.4f}" if t is not None else "  >budget"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stages", type=int, nargs="*", default=[100, 500])
    ap.add_argument("--tables", type=int, nargs="*", default=[100])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--budget", type=float, default=60.0)
    ap.add_argument("--before", default=None, help="git revision to compare with")
    ap.add_argument("--trees", nargs="*", default=None,
                    help="only the trees whose names start with one of these")
    ap.add_argument("--compiled", action="store_true",
                    help="load the compiled pivot kernel (numba) first, so that small dense "
                         "paths use it too (by default they use it once something has loaded "
                         "numba)")
    ap.add_argument("--numpy", action="store_true",
                    help="never use the compiled pivot kernel (the numpy path)")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    if args.numpy:
        from contracts._linalg.pivot import use_compiled
        use_compiled(False)
    elif args.compiled:
        from contracts._linalg.pivot import compiled_available, use_compiled
        if not compiled_available():
            print("numba is not installed: --compiled ignored")
        use_compiled(True)
    import pygambit as gbt

    from contracts.equilibrium.sequence_form import sequence_form_lcp
    from contracts.io.efg import read_efg

    before = _load_before(args.before) if args.before else None
    print(f"{'tree':30s} {'seqs':>5s} {'contracts s':>11s} {'gambit s':>9s} {'ok':>3s} "
          f"{'ratio':>6s} {'cpu':>6s} {'before s':>9s} {'ratio':>6s} {'MB py':>6s} "
          f"{'MB rss':>6s}  arithmetic", flush=True)
    for name, path in trees(args.stages, args.tables):
        if args.trees and not any(name.startswith(t) for t in args.trees):
            continue
        g = read_efg(path)
        seqs = sum(len(s) for s in g.sequence_form().sequences)
        first = {k: _first_call(k, path, args.budget) for k in "cg"}
        gg = gbt.read_efg(path)
        funcs = {}
        if first["c"] is not None:
            funcs["c"] = lambda: sequence_form_lcp(g)
        if first["g"] is not None:
            funcs["g"] = lambda: gbt.nash.lcp_solve(gg, rational=False)
        if before is not None and first["c"] is not None and (
                first["c"][0] < args.budget / (20 * max(args.repeats, 1))):
            funcs["b"] = lambda: before(g)       # the old exact path: only where it is quick
        times = {k: [] for k in funcs}
        cpu = {k: [] for k in funcs}
        res = None
        slowest = max((first[k][0] for k in "cg" if first[k]), default=0)
        # quick trees: more repeats (at least ~0.5 s of each solver), slow ones: one
        reps = (1 if slowest >= args.budget / 4 else
                max(args.repeats, min(200, int(0.5 / max(slowest, 1e-4)))))
        for _ in range(reps):
            for k, f in funcs.items():
                t, c = time.perf_counter(), time.process_time()
                out = f()
                times[k].append(time.perf_counter() - t)
                cpu[k].append(time.process_time() - c)
                if k == "c":
                    res = out
        med = {k: statistics.median(v) for k, v in times.items() if v}
        mcpu = {k: statistics.median(v) for k, v in cpu.items() if v}
        peak = rss = float("nan")
        if "c" in funcs:
            tracemalloc.start()
            sequence_form_lcp(g)
            peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
            tracemalloc.stop()
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 10
        tc, tg, tb = med.get("c"), med.get("g"), med.get("b")
        ok = "" if first["g"] is None else ("yes" if first["g"][1] else "no")
        ratio = f"{tc / tg:6.2f}" if tc and tg else "     -"
        cc, cg = mcpu.get("c"), mcpu.get("g")
        ratio_cpu = f"{cc / cg:6.2f}" if cc and cg else "     -"
        ratio_b = f"{tc / tb:6.2f}" if tc and tb else "     -"
        print(f"{name[:30]:30s} {seqs:5d} {_fmt_t(tc):>11s} {_fmt_t(tg):>9s} {ok:>3s} {ratio} "
              f"{ratio_cpu} {(_fmt_t(tb) if 'b' in funcs else '-'):>9s} {ratio_b} {peak:6.1f} "
              f"{rss:6.0f}  {res.extra.get('arithmetic') if res is not None else ''}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

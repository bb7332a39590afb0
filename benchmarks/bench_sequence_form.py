"""Benchmark: the sequence-form LCP against Gambit's float ``lcp_solve`` on the same trees.

Trees: the largest two-player perfect-recall ``.efg`` files of the Gambit corpus copied under
``tests/data/corpus/gambit`` and centipedes written as ``.efg`` text with ``--stages`` stages.
Each tree is read by both programs from the same file; times are medians of interleaved runs
(``pygambit.nash.lcp_solve(g, rational=False)`` on the tree against
``contracts.equilibrium.sequence_form.sequence_form_lcp(g)``, which verifies its answer and
returns exact Fractions for exact trees). Peak memory of one contracts solve (tracemalloc) is
reported too.

Run:  PYTHONPATH=. python benchmarks/bench_sequence_form.py [--stages 100 500] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import tempfile
import time
import tracemalloc
import warnings

ROOT = pathlib.Path(__file__).resolve().parents[1]


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


def trees(stages):
    out = []
    files = sorted((ROOT / "tests/data/corpus/gambit").rglob("*.efg"), key=os.path.getsize)
    for f in files[-8:]:
        out.append((f.name, str(f)))
    tmp = pathlib.Path(tempfile.mkdtemp())
    for s in stages:
        f = tmp / f"centipede{s}.efg"
        f.write_text(centipede_efg(s))
        out.append((f"centipede {s}", str(f)))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stages", type=int, nargs="*", default=[100, 500])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    import pygambit as gbt

    from contracts.equilibrium.sequence_form import sequence_form_lcp
    from contracts.io.efg import read_efg

    print(f"{'tree':34s} {'seqs':>6s} {'contracts s':>11s} {'gambit s':>9s} {'ratio':>6s} "
          f"{'peak MB':>8s}  arithmetic")
    for name, path in trees(args.stages):
        try:
            g = read_efg(path)
            if g.num_players != 2 or not g.is_perfect_recall:
                continue
        except Exception:           # noqa: BLE001 - a file this reader does not take
            continue
        gg = gbt.read_efg(path)
        funcs = {"c": lambda: sequence_form_lcp(g),
                 "g": lambda: gbt.nash.lcp_solve(gg, rational=False)}
        times = {k: [] for k in funcs}
        res = None
        for _ in range(args.repeats):
            for k, f in funcs.items():
                t = time.perf_counter()
                out = f()
                times[k].append(time.perf_counter() - t)
                if k == "c":
                    res = out
        tracemalloc.start()
        sequence_form_lcp(g)
        peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
        tracemalloc.stop()
        tc, tg = statistics.median(times["c"]), statistics.median(times["g"])
        seqs = sum(len(s) for s in g.sequence_form().sequences)
        print(f"{name[:34]:34s} {seqs:6d} {tc:11.4f} {tg:9.4f} {tc / tg:6.2f} {peak:8.1f}  "
              f"{res.extra.get('arithmetic')}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

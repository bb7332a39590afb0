"""Write qre_trace_baseline.json: answers of the logit-branch tracer at the current commit.

Run from the repository root:  python tests/data/make_qre_trace_baseline.py
The games are rebuilt by ``baseline_game`` of tests/bounded/test_qre_fast_trace.py.
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "bounded")]

from contracts.bounded import logit_branch  # noqa: E402
from test_qre_fast_trace import baseline_game  # noqa: E402


def main():
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip()
    cases = [{"kind": "fold", "lams": [1.0, 3.5, 10.0, 100.0, 1000.0]}]
    for shape, seeds in (((3, 3, 3), range(7300, 7307)), ((4, 4, 4), range(7300, 7303)),
                         ((3, 3, 3, 3), range(7400, 7403)), ((20, 20), [1020]),
                         ((5, 7), [3, 4])):
        for s in seeds:
            cases.append({"kind": "random", "shape": list(shape), "seed": s,
                          "lams": [0.5, 2.0, 10.0, 100.0, 1000.0]})
    for c in cases:
        br = logit_branch(baseline_game(c), max_lambda=1000.0)
        c["points"] = len(br)
        c["turning_points"] = len(br.turning_points)
        c["end"] = [p[-1].tolist() for p in br.profiles]
        c["at"] = [[s.tolist() for s in br.at(lam).strategies] for lam in c["lams"]]
    out = {"about": f"logit_branch(game, max_lambda=1000) of the tracer at commit {commit}: "
                    "points, turning points, end profiles and QREBranch.at(lam) profiles",
           "cases": cases}
    (ROOT / "tests" / "data" / "qre_trace_baseline.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

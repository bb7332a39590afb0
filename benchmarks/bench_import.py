"""Time `import contracts` plus the first solve of a 10×10 game in a fresh process.

Target (issue 2): under 0.5 s. Prints the median over fresh interpreter runs, and the same for
nashpy and QuantEcon (whose first call includes numba compilation) for comparison.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

SNIPPETS = {
    "contracts (one)": (
        "import numpy as np, contracts as ct\n"
        "rng = np.random.default_rng(1010); A = rng.random((10, 10)); B = rng.random((10, 10))\n"
        "r = ct.solve(ct.NormalFormGame.from_bimatrix(A, B), method='one'); assert len(r) == 1\n"),
    "contracts (vertex_enumeration)": (
        "import numpy as np, contracts as ct\n"
        "rng = np.random.default_rng(1010); A = rng.random((10, 10)); B = rng.random((10, 10))\n"
        "r = ct.solve(ct.NormalFormGame.from_bimatrix(A, B), method='vertex_enumeration')\n"),
    "nashpy (lemke_howson)": (
        "import numpy as np, nashpy\n"
        "rng = np.random.default_rng(1010); A = rng.random((10, 10)); B = rng.random((10, 10))\n"
        "nashpy.Game(A, B).lemke_howson(initial_dropped_label=0)\n"),
    "quantecon (lemke_howson, cold)": (
        "import numpy as np, quantecon.game_theory as gt\n"
        "rng = np.random.default_rng(1010); A = rng.random((10, 10)); B = rng.random((10, 10))\n"
        "gt.lemke_howson(gt.NormalFormGame((gt.Player(A), gt.Player(B.T))))\n"),
}

WRAP = "import time; t0 = time.perf_counter()\n{body}print(time.perf_counter() - t0)\n"


def main(repeats: int = 5) -> None:
    print(f"{'fresh process: import + first solve of a 10x10 game':52s} {'median s':>10s}")
    for name, body in SNIPPETS.items():
        times = []
        for _ in range(repeats):
            out = subprocess.run([sys.executable, "-c", WRAP.format(body=body)],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                times = None
                break
            times.append(float(out.stdout.strip().splitlines()[-1]))
        shown = "unavailable" if times is None else f"{statistics.median(times):10.3f}"
        print(f"{name:52s} {shown:>10s}")


if __name__ == "__main__":
    main()

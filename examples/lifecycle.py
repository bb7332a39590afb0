"""Life cycle and Najam's 4C: the cycle within a regime and the thesis order under drift.

Run:  python examples/lifecycle.py [--save DIR]

Prints the model's report; the stage of each regime of the supervision model (nominal, control,
resistance, symbiosis, cycle); the within-regime inspection cycle (exploratory → resistance →
control → symbiosis → nominal → …); the thesis order under parameter drift (ESS 110 → 100 → 011,
control → resistance → symbiosis); and the 4C regime of the government–agency trust game at two
discount factors and of a Baker distorted-measure contract. With ``--save DIR`` (and matplotlib) it saves
``lifecycle.png`` (the cycle's phase portrait, coloured by stage).
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np

import contracts as ct
from contracts.models.lifecycle import (EVO_CONTROL, EVO_CYCLE, EVO_NOMINAL, EVO_RESISTANCE,
                                        EVO_SYMBIOSIS, LifeCycle, classify_continuous,
                                        classify_repeated)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", metavar="DIR", help="save a figure into DIR (needs matplotlib)")
    args = ap.parse_args(argv)

    model = LifeCycle()
    print(model.explain())
    print()
    print("Regimes of the tripartite replicator model:")
    for name, p in (("nominal", EVO_NOMINAL), ("control", EVO_CONTROL),
                    ("resistance", EVO_RESISTANCE), ("symbiosis", EVO_SYMBIOSIS),
                    ("cycle", EVO_CYCLE)):
        print(f"  {name:<15s} {model.classify(p)}")
    print()
    s = model.solve()
    print("Within one regime (the cycle face, from (0.3, 0.3)):")
    for lab, t0, t1 in s.cycle.runs:
        print(f"  {lab:<12s} t = {t0:6.2f} .. {t1:6.2f}")
    print("Under parameter drift: ESS " + " → ".join(",".join(r.ess) for r in s.regimes)
          + "  ⇒  " + " → ".join(s.drift_stages))
    print()
    trust = ct.NormalFormGame.from_bimatrix([[3, 1], [5, 2]], [[4, 3], [0, 1]],
                                            players=("agency", "government"),
                                            actions=(("Coop", "Shirk"), ("Trust", "Control")))
    print("Government–agency trust game:")
    for delta in (0.5, 0.8):
        c = classify_repeated(trust, ("Coop", "Trust"), delta, maturity=10, exploration=1)
        print(f"  δ = {delta}: {c}")
    print("Baker contract, f_G = (1, .2), f_A = (1, 0), measure (.2, 1):")
    print(f"  {classify_continuous([1, 0.2], [1, 0], [0.2, 1])}")

    if args.save:
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            print("matplotlib is not installed: no figure saved")
            return 0
        d = pathlib.Path(args.save)
        d.mkdir(parents=True, exist_ok=True)
        fig, ax = plt.subplots(figsize=(5.5, 5))
        colours = {"control": "tab:blue", "resistance": "tab:red", "symbiosis": "tab:green",
                   "nominal": "tab:orange", "exploratory": "black"}   # exploratory drawn last
        labels = np.array(s.cycle.labels)
        for lab, col in colours.items():
            mask = labels == lab
            if mask.any():
                ax.scatter(s.cycle.control[mask], s.cycle.means[mask], s=3, c=col, label=lab)
        ax.axvline(model.control_threshold, c="k", lw=0.5)
        ax.axhline(model.means_threshold, c="k", lw=0.5)
        ax.set_xlabel("x = P(strict supervision)")
        ax.set_ylabel("y = P(high quality) = means congruence")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_title("Inspection cycle, labelled by life-cycle stage")
        ax.legend(loc="upper left", fontsize=8, markerscale=3)
        fig.tight_layout()
        path = d / "lifecycle.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Resource dependence: who depends on whom sets the bargaining weights and the split.

Run:  python examples/resource_dependence.py [--save DIR]

Prints the model's report at its defaults (D_A = 0.8, D_G = 0.15, the
government's weight 0.842105; DEPEND-NASH-1: a surplus of 10 split 8.421053 / 1.578947), the
split at each life-cycle stage, and how the agency's share grows as the government's
substitutability for it falls. With ``--save DIR`` (and matplotlib) it saves
``resource_dependence.png``.
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np

from contracts.models.resource_dependence import ResourceDependenceModel


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", metavar="DIR", help="save a figure into DIR (needs matplotlib)")
    args = ap.parse_args(argv)

    model = ResourceDependenceModel()
    print(model.explain())
    print()
    s = model.solve()
    print(f"{'stage':<12s} {'D_A':>6s} {'D_G':>6s} {'alpha_G':>8s} {'government':>11s} "
          f"{'agency':>8s}  regime")
    for st in s.stages:
        print(f"{st.name:<12s} {st.agency_dependence:6.3f} {st.government_dependence:6.3f} "
              f"{st.government_weight:8.6f} {st.government_payoff:11.6f} {st.agency_payoff:8.6f}"
              f"  {st.regime}")
    print()
    print("Agency's share of the surplus as the government finds it harder to replace it:")
    for sub in (0.9, 0.5, 0.1):
        m = ResourceDependenceModel(substitutability=sub)
        print(f"  substitutability {sub:.1f}: government weight "
              f"{m.solve().government_weight:.4f}, agency gets {m.solve().agency_payoff:.4f}")

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
        fig, ax = plt.subplots(figsize=(6, 4))
        names = [st.name for st in s.stages]
        xs = np.arange(len(names))
        ax.bar(xs - 0.2, [st.government_payoff for st in s.stages], 0.4, label="government")
        ax.bar(xs + 0.2, [st.agency_payoff for st in s.stages], 0.4, label="agency")
        ax.set_xticks(xs, names)
        ax.set_ylabel("share of the surplus")
        ax.set_title("Split of the surplus over the life cycle")
        ax.legend()
        fig.tight_layout()
        path = d / "resource_dependence.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

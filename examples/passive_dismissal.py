"""Passive dismissal: a budget cut and rising demands passed down to social workers.

Run:  python examples/passive_dismissal.py [--save DIR]

Prints the model's report at its defaults (baseline budget 22, a cut of 7),
then sweeps the cut from 0 to 16 to show where each regime begins: wage cuts while the
shortfall is within the workers' wage rents, passive dismissal (weak relationship) beyond it,
a loss-making project kept for the relationship, and programme downsizing when the agency
exits. It then shows the competence channel (the firing threshold when demands rise) and what
changes when the agency is stronger than the government. With ``--save DIR`` (and matplotlib)
it saves ``passive_dismissal.png``.
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np

from contracts.models.passive_dismissal import PassiveDismissal
from contracts.sweep import sweep


def record(params):
    out = PassiveDismissal(**params).solve()
    return {"regime": out.regime, "dismissed": len(out.shock.dismissed),
            "agency_profit": float(out.shock.agency_profit),
            "shortfall": float(out.shock.shortfall)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", metavar="DIR", help="save a figure into DIR (needs matplotlib)")
    args = ap.parse_args(argv)

    model = PassiveDismissal()
    print(model.explain())
    print()

    cuts = np.round(np.arange(0, 16.01, 0.25), 2)
    res = sweep(record, {"budget_cut": cuts})
    print(f"Sweep of the budget cut (baseline budget {model.budget:g}; wage rents total "
          f"{model.total_rent:g}, so dismissals start once the cut exceeds "
          f"{model.critical_cut():g}):")
    start = None
    for rec in res:
        if rec["regime"] != start:
            start = rec["regime"]
            print(f"  from cut {rec['budget_cut']:5.2f}: {rec['regime']:<32s} "
                  f"(dismissed {rec['dismissed']}, agency profit {rec['agency_profit']:.2f})")
    first = next(r["budget_cut"] for r in res if r["dismissed"])
    print(f"  first dismissal at cut {first:g} (> wage rents {model.total_rent:g})")
    print()

    out = model.solve()
    print("Competence channel: firing threshold on net successes "
          f"{out.competence_before.firing_threshold} -> {out.competence_after.firing_threshold} "
          f"when the value of a success rises {model.demand:g} -> {model.raised_demand:g}; "
          f"replaced: {', '.join(out.competence_dismissed) or 'nobody'}")
    strong = PassiveDismissal(agency_power=0.9).solve()
    print(f"With an agency stronger than the government: regime '{strong.regime}', the "
          f"government takes back {strong.government_absorbed:g}, dismissed: "
          f"{', '.join(strong.shock.dismissed) or 'nobody'}")

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
        from contracts.plot import budget_cut_figure
        top, _ = budget_cut_figure(res, critical_cut=model.critical_cut())
        fig = top.figure
        path = d / "passive_dismissal.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

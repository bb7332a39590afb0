"""Passive dismissal: a budget cut passed down the chain to social workers.

Run:  python examples/passive_dismissal.py [--save DIR]

Solves the passive-turnover case (eight workers, a budget of 42 cut by 20) as one game and prints
its report. Then it follows the equilibrium as the cut deepens: how much of the cut the district
bureau absorbs (bargaining with weights from patience and disagreement points from resource
dependence), whom the agency keeps, dismisses (and why) or loses, and its payoff. Finally it shows
how a more patient bureau, or more rival agencies, shift the cut onto the agency. Every number
printed is a field of a solved equilibrium. With ``--save DIR`` (and matplotlib) it saves
``passive_dismissal.png``: head count and money on separate panels.
"""

from __future__ import annotations

import numpy as np

import _common

from contracts.models.views import PassiveDismissal


def describe(eq) -> str:
    plan = eq.workforce
    if plan.exit:
        return "the programme ends (the agency exits or the bureau tenders)"
    dismissed = ", ".join(f"{w} ({plan.cause[w]})" for w in plan.dismissed) or "nobody"
    left = ", ".join(plan.left) or "nobody"
    return f"keeps {len(plan.kept)}; dismisses {dismissed}; leaves: {left}"


def main(argv=None) -> int:
    args = _common.parser(__doc__).parse_args(argv)

    model = PassiveDismissal()
    print(model.explain())
    print()

    cuts = np.round(np.arange(0.0, model.budget + 1e-9, 1.0), 2)
    rows = []
    print(f"As the cut deepens (budget {model.budget:g}):")
    last = None
    for cut in cuts:
        eq = model.replace(budget_cut=float(cut)).solve()
        plan = eq.workforce
        rows.append((cut, len(plan.kept), len(plan.dismissed), len(plan.left),
                     eq.sharing.government_absorbs, eq.sharing.agency_bears, plan.payoff))
        text = describe(eq)
        if text != last:
            print(f"  from cut {cut:5.2f}: {text}; the bureau absorbs "
                  f"{eq.sharing.government_absorbs:.3g}, agency payoff {plan.payoff:.3g}")
            last = text

    print("\nThe agency is weak towards the bureau: replacing it costs the bureau "
          f"{model.replacement_cost:g}, shared among {model.rival_agencies:g} rival agencies.")
    print("If no rival agency could take over and replacing it cost the bureau more, the bureau "
          "would absorb part of the cut — the more so, the less patient it is:")
    for cost in (10.0, 20.0, 40.0):
        for d in (0.5, 0.9):
            eq = model.replace(replacement_cost=cost, rival_agencies=0,
                               government_discount=d).solve()
            print(f"  replacement cost {cost:4.0f}, bureau's discount {d:3.1f} (weight "
                  f"{eq.sharing.weight_government:.3f}): bureau absorbs "
                  f"{eq.sharing.government_absorbs:.3g}; {describe(eq)}")

    if args.save:
        plt = _common.pyplot()
        if plt is None:
            return 0
        data = np.array(rows, dtype=float)
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6), sharex=True)
        top.step(data[:, 0], data[:, 1], where="post", label="kept")
        top.step(data[:, 0], data[:, 2], where="post", label="dismissed")
        top.step(data[:, 0], data[:, 3], where="post", label="left")
        top.set_ylabel("workers")
        top.set_title("Passive dismissal: who absorbs a budget cut")
        _common.legend_outside(top)
        bottom.plot(data[:, 0], data[:, 4], label="bureau absorbs")
        bottom.plot(data[:, 0], data[:, 6], label="agency payoff")
        bottom.set_ylabel("money per period")
        bottom.set_xlabel("budget cut")
        _common.legend_outside(bottom)
        fig.tight_layout()
        _common.save(fig, args.save, "passive_dismissal.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

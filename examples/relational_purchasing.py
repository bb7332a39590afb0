"""Relational purchasing: partners, buddies or a tender, and loss-making projects kept.

Run:  python examples/relational_purchasing.py [--save DIR]

Solves the relational-purchasing case as one game and prints its report. Then, all from
equilibria:

* the highest self-enforcing quality rises with the agency's patience and with evaluation
  accuracy (renewal is the enforcement: better monitoring and a longer shadow of the future
  widen what the relationship can sustain);
* the district bureau's renewal rule — partner (renewal on evaluated quality), buddy (renewal on
  "no trouble") or tender — as its weight on "no trouble" and the agency's patience vary;
* loss-making projects accepted: deeper cuts the agency absorbs at a loss to keep the relationship.

With ``--save DIR`` (and matplotlib) it saves ``relational_purchasing.png`` (the rule's map).
"""

from __future__ import annotations

import numpy as np

import _common

from contracts.models import regimes
from contracts.models.views import RelationalPurchasing
from contracts.sweep import sweep


def record(params):
    eq = RelationalPurchasing().replace(**params).solve()
    return {"rule": eq.purchasing.rule, "quality": eq.purchasing.quality}


def main(argv=None) -> int:
    args = _common.parser(__doc__).parse_args(argv)

    model = RelationalPurchasing()
    print(model.explain())

    print("\nHighest self-enforcing quality (first best "
          f"{model.purchasing().first_best_quality:.3g}):")
    accuracies = (0.2, 0.4, 0.6, 1.0)
    print("  discount  " + "  ".join(f"accuracy {a:3.1f}" for a in accuracies))
    for d in (0.3, 0.5, 0.7, 0.9):
        cells = []
        for a in accuracies:
            q = model.replace(discount=d, evaluation_accuracy=a).purchasing().max_quality
            cells.append(f"{'none' if q is None else format(q, '.3f'):>12s}")
        print(f"  {d:8.1f}  " + "  ".join(cells))

    print("\nThe bureau's rule as its weight on 'no trouble' rises:")
    last = None
    for w in np.round(np.arange(0.0, 1.51, 0.05), 2):
        pur = model.replace(no_trouble_weight=float(w)).purchasing()
        if pur.rule != last:
            values = ", ".join(f"{k} {v:.3g}" for k, v in pur.values.items())
            print(f"  from weight {w:4.2f}: {pur.rule} (bureau's payoffs: {values})")
            last = pur.rule

    print("\nCuts the agency accepts at a loss to keep the relationship:")
    for cut in np.arange(0.0, model.budget + 1e-9, 2.0):
        eq = model.replace(budget_cut=float(cut)).solve()
        plan = eq.workforce
        state = ("programme ended" if plan.exit else
                 f"cash {plan.cash:.3g}" + (" — a loss-making project kept"
                                            if regimes.loss_making_project(eq) else ""))
        print(f"  cut {cut:4.1f}: {state}")

    if args.save:
        if _common.pyplot() is None:
            return 0
        res = sweep(record, {"discount": np.round(np.linspace(0.3, 0.95, 14), 3),
                             "no_trouble_weight": np.round(np.linspace(0.0, 1.5, 16), 3)})
        ax = res.regime_map("discount", "no_trouble_weight", "rule")
        ax.set_title("Relational purchasing: the bureau's renewal rule")
        _common.save(ax.figure, args.save, "relational_purchasing.png", bbox_inches="tight")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

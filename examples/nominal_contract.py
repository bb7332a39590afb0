"""Nominal contracts: a written contract that evaluation never enforces.

Run:  python examples/nominal_contract.py [--save DIR]

Solves the nominal-contract case (a ceremonial evaluation, a near subdistrict office) as one game
and prints its report. Then it shows where each regime switches, all read off equilibria:

* the contract is *nominal* when the district bureau's best renewal rule ignores the evaluation
  (buddy purchasing on "no trouble"); it becomes enforced (partner) once evaluation is accurate
  enough or "no trouble" weighs less for the bureau — a regime map over both;
* *control-and-rebellion* with the district: the bureau controls and the agency complies
  perfunctorily, each with positive probability, in the control game;
* *absorption-and-alliance* with the subdistrict office: the side deal between office and agency
  happens on the equilibrium path, which needs the office to be near enough.

With ``--save DIR`` (and matplotlib) it saves ``nominal_contract.png`` (the regime map).
"""

from __future__ import annotations

import numpy as np

import _common

from contracts.models import regimes
from contracts.models.views import NominalContract
from contracts.sweep import sweep


def record(params):
    eq = NominalContract(discount=0.6).replace(**params).solve()
    return {"rule": eq.purchasing.rule, "nominal": regimes.nominal_contract(eq),
            "quality": eq.purchasing.quality}


def main(argv=None) -> int:
    args = _common.parser(__doc__).parse_args(argv)

    model = NominalContract()
    print(model.explain())

    print("\nThe control game with the district as evaluation becomes more accurate:")
    for a in (0.1, 0.25, 0.5, 1.0):
        eq = model.replace(evaluation_accuracy=a).solve()
        print(f"  accuracy {a:4.2f}: control {eq.inspection.control:.3g}, perfunctory "
              f"compliance {eq.inspection.perfunctory:.3g}; control-and-rebellion: "
              f"{regimes.control_and_rebellion(eq)}")

    print("\nThe side deal with the subdistrict office as it gets nearer:")
    for x in (0.0, 0.5, 0.8, 1.0):
        eq = model.replace(nearness=x).solve()
        sc = eq.side_contract
        print(f"  nearness {x:3.1f}: office's stake {sc.transfer_efficiency * sc.stake:.3g} vs "
              f"side-contracting cost {sc.cost:.3g}; bureau pays for reports: {sc.deterred}; "
              f"something to conceal: {sc.something_to_conceal}; deal on the path: {sc.occurs}"
              f" (absorption-and-alliance: {regimes.absorption_and_alliance(eq)})")

    print("\nRenewal rule over evaluation accuracy × the bureau's weight on 'no trouble' "
          "(agency's discount 0.6):")
    accuracy = np.round(np.linspace(0.05, 1.0, 20), 3)
    weight = np.round(np.linspace(0.0, 1.2, 13), 3)
    res = sweep(record, {"evaluation_accuracy": accuracy, "no_trouble_weight": weight})
    for w in weight[::3]:
        row = [r for r in res if r["no_trouble_weight"] == w]
        first = next((r["evaluation_accuracy"] for r in row if not r["nominal"]), None)
        where = (f"enforced (partner) from accuracy {first:g}" if first is not None
                 else "nominal at every accuracy")
        print(f"  weight on 'no trouble' {w:4.2f}: {where}")

    if args.save:
        if _common.pyplot() is None:
            return 0
        ax = res.regime_map("evaluation_accuracy", "no_trouble_weight", "rule")
        ax.set_title("Nominal contracts: the bureau's renewal rule")
        _common.save(ax.figure, args.save, "nominal_contract.png", bbox_inches="tight")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

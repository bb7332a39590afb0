"""The government → agency → worker chain as one game: regimes, field cases and the life cycle.

Run:  python examples/chain.py

Solves the chain game at its defaults and prints the report, then follows the equilibrium as the
budget cut deepens (who bears it, who is dismissed and why, the agency's payoff), checks each
field-study scenario against what its study reports, and simulates the relationship's life cycle.
"""

from __future__ import annotations

import numpy as np

from contracts.models import regimes
from contracts.models.chain import Chain
from contracts.models.scenarios import SCENARIOS


def main(argv=None) -> int:
    eq = Chain().solve()
    print(eq.explain())

    print("\nAs the cut deepens (defaults otherwise):")
    last = None
    for cut in np.arange(0, 22.01, 0.5):
        e = Chain(budget_cut=float(cut)).solve()
        plan = e.workforce
        label = ("programme ended" if plan.exit else
                 f"kept {','.join(plan.kept)}; dismissed "
                 + (", ".join(f"{w} ({plan.cause[w]})" for w in plan.dismissed) or "nobody"))
        if label != last:
            print(f"  from cut {cut:5.2f}: {label}; agency payoff {plan.payoff:.3f}, "
                  f"cash {plan.cash:.3f}")
            last = label

    print("\nField studies:")
    for name, sc in SCENARIOS.items():
        if name == "life_cycle":
            res = sc.paths().simulate(rng=1)
            print(f"  {name:20s} modal order {' → '.join(res.modal_order)} "
                  f"({res.orders[res.modal_order]} of {len(res.paths)} paths)")
            continue
        e = sc.chain().solve()
        causes = sorted(set(e.workforce.cause.values()))
        print(f"  {name:20s} {regimes.regime_label(e)}; 4C {regimes.four_c(e)}"
              + (f"; dismissal causes: {', '.join(causes)}" if causes else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

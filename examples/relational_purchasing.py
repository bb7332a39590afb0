"""Relational purchasing: renewal as enforcement, buddies versus partners, loss leaders.

Run:  python examples/relational_purchasing.py [--save DIR]

Prints the model's report at its defaults (RELPROC-2 numbers: c_H = 1, Δc = 0.2, δ = 0.8, ψ = 0.25,
v_H = 2, v_L = 1.2; tender trouble 0.5, quality weight 0.75), then shows where the regimes switch:

* buddy purchasing (renewal regardless of quality) iff the lower government's tender trouble is at
  least the premium condition Π = Δc(1 + (1 - δ)/(δψ));
* with no trouble and full weight on quality, relational purchasing (partner) beats open
  tendering iff the quality gap v_H - v_L exceeds Π;
* how the relational premium and the number of invited agencies fall with ceremonial evaluation;
* loss-leader projects are accepted iff the relationship is worth more than the loss.

With ``--save DIR`` (and matplotlib) it saves ``relational_purchasing.png`` (regime map over
tender trouble and discount factor).
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np

from contracts.models.relational_purchasing import RelationalPurchasing
from contracts.sweep import sweep


def record(params):
    return RelationalPurchasing(**params).to_record()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", metavar="DIR", help="save a figure into DIR (needs matplotlib)")
    args = ap.parse_args(argv)

    model = RelationalPurchasing()
    print(model.explain())
    print()

    s = model.solve()
    print(f"Tender trouble (premium condition Π = {s.premium_condition:.4g}):")
    res = sweep(record, {"tender_trouble": np.round(np.linspace(0, 0.8, 17), 3)})
    last = None
    for r in res:
        if r["regime"] != last:
            last = r["regime"]
            print(f"  from trouble {r['tender_trouble']:4.2f}: {r['regime']:<15s} "
                  f"(government {r['government_payoff']:.3f}, agency rent {r['agency_rent']:.3f},"
                  f" quality lost {r['public_quality_loss']:.3f})")
    print()

    print("No trouble, full weight on quality: partner iff v_H - v_L ≥ Π "
          f"= {s.premium_condition:.4g}")
    for vh in (1.5, 1.55, 1.6, 1.65, 2.0):
        r = RelationalPurchasing(value_high=vh, quality_weight=1.0, tender_trouble=0.0)
        print(f"  v_H - v_L = {vh - 1.2:4.2f}: {r.regime()}")
    print()

    print("Evaluation accuracy ψ (δ = 0.9, Δc = 0.1): premium and invited agencies")
    for psi in (1.0, 0.6, 0.3, 0.15, 0.05):
        r = RelationalPurchasing(evaluation_accuracy=psi, discount=0.9, cost_saving=0.1).solve()
        print(f"  ψ = {psi:4.2f}: premium {r.premium:.4f}, invite {r.invitation.best_number} "
              f"agencies (expected cost above c_H {float(r.invitation.expected_cost):.4f})")
    print()

    print("Loss leader (price 8, cost 10, δ = 0.8, other profit 1.5):")
    for rho in (0.5, 1 / 3, 0.25):
        ll = RelationalPurchasing(renewal_probability=rho).loss_leader()
        print(f"  renewal probability {rho:.3f}: relationship value "
              f"{float(ll.relationship_value):.3f} -> {'accept' if ll.accept else 'reject'} "
              f"(lowest acceptable price {float(ll.min_acceptable_price):.3f})")
    print()
    lev = model.renewal_enforcement()
    print(f"Renewal as enforcement (Levin, δ = {model.discount:g}): effort "
          f"{float(lev['effort']):.4g}, bonus {float(lev['bonus']):.4g}; first best from δ = "
          f"{float(lev['delta_first_best']):.4g}")

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
        grid = sweep(record, {"tender_trouble": np.linspace(0, 1, 41),
                              "discount": np.linspace(0.3, 0.95, 41)})
        fig, ax = plt.subplots(figsize=(7, 4.5))
        grid.regime_map("tender_trouble", "discount", ax=ax)
        ax.set_title("Relational purchasing: buddy, partner or open tendering")
        fig.tight_layout()
        path = d / "relational_purchasing.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

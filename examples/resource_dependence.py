"""Resource dependence: who bears a budget cut, from patience and dependence.

Run:  python examples/resource_dependence.py [--save DIR]

Solves the autonomy-grant case as one game and prints its report, headed by how the cut is
shared. The district bureau and the agency bargain over the cut: the bureau's weight comes from
patience (who can wait longer), the disagreement points from resource dependence (what each loses
if talks break down: the bureau the cost of replacing the agency, shared among rival agencies;
the agency the project, net of its alternative funding). The script then shows the bureau's share
of the cut moving continuously with each of them. With ``--save DIR`` (and matplotlib) it saves
``resource_dependence.png``.
"""

from __future__ import annotations

import numpy as np

import _common

from contracts.models.views import ResourceDependenceModel


def bureau_share(model, **changes) -> float:
    """The share of the cut the bureau absorbs (NaN when talks break down: no sharing)."""
    s = model.replace(**changes).solve().sharing
    if not s.agreement:
        return float("nan")
    return s.government_absorbs / s.cut if s.cut > 0 else 0.0


def show(share: float) -> str:
    return "talks break down: the bureau tenders" if np.isnan(share) else f"{share:.3f}"


def main(argv=None) -> int:
    args = _common.parser(__doc__).parse_args(argv)

    model = ResourceDependenceModel()
    print(model.explain())
    s = model.solve().sharing
    print(f"\nThe bureau's weight {s.weight_government:.4f}; it would lose "
          f"{s.government_breakdown_loss:.4g} and the agency {s.agency_breakdown_loss:.4g} if "
          f"talks broke down; of a cut of {s.cut:g} the bureau absorbs "
          f"{s.government_absorbs:.4g}.")

    print("\nThe bureau's share of the cut as its patience grows (weight from patience):")
    for d in (0.6, 0.7, 0.8, 0.9, 0.95):
        print(f"  bureau's discount {d:4.2f}: {show(bureau_share(model, government_discount=d))}")
    print("\n... as rival agencies become available (the agency is easier to replace):")
    for n in (0, 1, 2, 4, 8):
        print(f"  {n} rival agencies: {show(bureau_share(model, rival_agencies=n))}")
    print("\n... as the agency finds alternative funding (it depends less on the project):")
    for f in (0.0, 0.25, 0.5, 0.75):
        print(f"  alternative funding {f:4.2f}: "
              f"{show(bureau_share(model, alternative_funding=f))}")

    if args.save:
        plt = _common.pyplot()
        if plt is None:
            return 0
        discounts = np.linspace(0.5, 0.97, 40)
        fig, ax = plt.subplots(figsize=(7, 4))
        for n in (0, 2, 8):
            ax.plot(discounts, [bureau_share(model, government_discount=float(d),
                                             rival_agencies=n) for d in discounts],
                    label=f"{n} rival agencies")
        ax.set_xlabel("the bureau's discount factor (patience)")
        ax.set_ylabel("share of the cut the bureau absorbs")
        ax.set_title("Resource dependence: who bears a budget cut")
        _common.legend_outside(ax)
        fig.tight_layout()
        _common.save(fig, args.save, "resource_dependence.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The life cycle of the government–agency relationship, simulated on the chain game.

Run:  python examples/lifecycle.py [--save DIR]

Each period the chain game is solved on the state the relationship has reached (trust raises the
chance of renewal; embeddedness makes control costlier, compliance cheaper and the agency less
dependent), and the period's stage — exploratory, control, resistance, symbiosis or nominal — is a
predicate on that period's equilibrium. The order of the stages is therefore an output: the
script prints the most frequent order over many simulated relationships, how long each stage
lasts, and checks that the order does not depend on the seed. With ``--save DIR`` (and
matplotlib) it saves ``lifecycle.png``: the share of relationships in each stage over time.
"""

from __future__ import annotations

import _common

from contracts.models.views import LifeCycle


def main(argv=None) -> int:
    args = _common.parser(__doc__).parse_args(argv)

    model = LifeCycle()
    print(model.explain())
    res = model.solve()

    print("\nThe modal order under other seeds:")
    for seed in (2, 3, 4):
        other = LifeCycle(seed=seed).solve()
        share = other.orders[other.modal_order] / len(other.paths)
        print(f"  seed {seed}: {' → '.join(other.modal_order)} ({share:.0%} of paths)")

    if args.save:
        plt = _common.pyplot()
        if plt is None:
            return 0
        stages = [s for s in res.frequencies if res.frequencies[s] > 0]
        periods = range(res.periods)
        fig, ax = plt.subplots(figsize=(7, 4))
        bottom = [0.0] * res.periods
        for s in stages:
            share = [sum(p[t] == s for p in res.paths) / len(res.paths) for t in periods]
            ax.bar(list(periods), share, bottom=bottom, width=1.0, label=s)
            bottom = [b + x for b, x in zip(bottom, share)]
        ax.set_xlabel("period")
        ax.set_ylabel("share of relationships")
        ax.set_title("The relationship's life cycle: stages over time")
        _common.legend_outside(ax)
        fig.tight_layout()
        _common.save(fig, args.save, "lifecycle.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

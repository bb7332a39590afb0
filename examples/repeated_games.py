"""Repeated games: trust between a government and a social-work agency.

Run:  python examples/repeated_games.py [--save DIR]

Each period the agency cooperates (delivers the agreed service) or shirks, and the government
trusts (pays and lets the agency organise the work) or controls (inspects, withholds part of the
payment). Shirking is the agency's dominant action and control the government's best reply, so
the one-shot game ends in (shirk, control); repetition can sustain trust.

1. Grim trigger (``contracts.equilibrium.grim_trigger.critical_discount``): the critical
   discount factor for (cooperate, trust), with Nash-reversion and minmax punishments.
2. The whole set of subgame-perfect equilibrium payoffs (Abreu-Pearce-Stacchetti, computed
   exactly by Abreu-Sannikov) at several discount factors: a single point, a polygon that grows
   until it fills the feasible, individually rational set (folk theorem), checked against the
   outer (Judd-Yeltekin-Conklin) and inner approximations.
3. A second relationship, two neighbouring agencies that share referrals or poach clients, where
   the equilibrium set passes through all degenerate shapes: a point, a segment, a polygon.

With ``--save DIR`` (and matplotlib) it saves ``repeated_payoff_sets.png``
(``contracts.plot_sets.plot_payoff_set``).
"""

from __future__ import annotations

import _common

import contracts as ct
from contracts.equilibrium.grim_trigger import critical_discount
from contracts.equilibrium.payoff_sets import folk_theorem_discount
from contracts.results import format_number as fmt


def trust_game(exact: bool = False) -> ct.NormalFormGame:
    return ct.NormalFormGame.from_bimatrix(
        [[3, 1], [5, 2]], [[4, 3], [0, 1]], players=("agency", "government"),
        actions=(("cooperate", "shirk"), ("trust", "control")), exact=exact)


def referral_game() -> ct.NormalFormGame:
    return ct.NormalFormGame.from_bimatrix(
        [[9, 1], [10, 3]], [[9, 10], [1, 3]], players=("agency A", "agency B"),
        actions=(("share referrals", "poach"),) * 2)


def section(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def vertices(V) -> str:
    return ", ".join("(" + ", ".join(fmt(x, 4) for x in v) + ")" for v in V.vertices)


def grim_section():
    section("1. Grim trigger in the government-agency trust game")
    g = trust_game(exact=True)
    print(g)
    stage = ct.solve(g, method="pure")
    eq = stage[0]
    print(f"One-shot game: the only equilibrium is ({g.actions[0][eq.support[0][0]]}, "
          f"{g.actions[1][eq.support[1][0]]}) with payoffs {eq.payoffs[0]}, {eq.payoffs[1]}; "
          "both would prefer (cooperate, trust), which pays 3, 4.")
    res = critical_discount(g, ("cooperate", "trust"))
    print(res)
    d, v, e = (x[0] for x in (res.deviation_payoffs, res.target_payoffs,
                              res.punishment_payoffs))
    print(f"So trust is self-enforcing when the agency values next period's relationship at "
          f"least {res.delta_star} as much as today's: delta* = (d - v)/(d - e) = ({d} - {v})/"
          f"({d} - {e}), a one-off gain of {d - v} from shirking against a loss of {v - e} per "
          "period afterwards.")
    mm = critical_discount(g, ("cooperate", "trust"), punishment="minmax")
    print(f"With minmax punishments the threshold is {mm.delta_star}: reverting to "
          "(shirk, control) already holds the agency to its minmax payoff 2, so no harsher "
          "credible punishment exists.")
    for d in (0.6, 0.7):
        print(f"  at discount {d}: sustainable = {res.is_sustainable(d)}")
    return res


def payoff_set_section():
    section("2. All subgame-perfect equilibrium payoffs of the trust game")
    g = trust_game()
    sets = {}
    for d in (0.3, 0.5, 0.6, 0.8):
        V = ct.RepeatedGame(g, d).payoff_set(method="exact")
        sets[d] = V
        shape = {0: "a single point", 1: "a segment"}.get(V.dimension,
                                                           f"a polygon of area {V.area:.4g}")
        print(f"  discount {d}: {shape}; vertices {vertices(V)}")
    lo, hi = 0.3, 0.5                       # point at 0.3, polygon at 0.5: bisect the jump
    while hi - lo > 1e-4:
        mid = (lo + hi) / 2
        if ct.RepeatedGame(g, mid).payoff_set().dimension == 0:
            lo = mid
        else:
            hi = mid
    jump = ct.RepeatedGame(g, hi).payoff_set()
    print(f"  At 0.3 only the stage equilibrium is sustainable. Near discount {hi:.4f} the set "
          f"jumps from the point to a polygon of area {jump.area:.3g} (the equilibrium set need "
          "not grow continuously: a whole polygon becomes self-generating at once) and then "
          "grows with patience.")
    for d in (0.66, 0.67):
        inside = ct.RepeatedGame(g, d).payoff_set().contains([3, 4])
        print(f"    is (3, 4) an equilibrium payoff at discount {d}? {inside}")
    F = ct.RepeatedGame(g, 0.8).feasible_payoffs()
    print(f"  Feasible and individually rational payoffs: {vertices(F)} (area {F.area:.4g}).")
    fd = folk_theorem_discount(g)
    same = " (the grim-trigger threshold again)" if abs(fd - 2 / 3) < 1e-6 else ""
    print(f"  (cooperate, trust) enters the set at 2/3, and the folk theorem holds from discount "
          f"{fd:.6f} on{same}: every feasible, individually rational payoff is then an "
          "equilibrium payoff.")
    rg = ct.RepeatedGame(g, 0.8)
    outer = rg.payoff_set(method="outer")
    inner = rg.payoff_set(method="inner")
    exact = sets[0.8]
    print(f"  Check at 0.8: inner approximation area {inner.area:.4f} (self-generating: "
          f"{inner.extra.get('self_generating')}) <= exact {exact.area:.4f} <= outer "
          f"approximation {outer.area:.4f} (72 directions; Hausdorff distance to the exact set "
          f"{outer.hausdorff(exact):.3f}).")
    print(f"  The agency's worst equilibrium payoff is {fmt(exact.min_payoffs[0])} and the "
          f"government's {fmt(exact.min_payoffs[1])}: the harshest credible punishments, "
          "equal to their minmax payoffs.")
    return sets


def referral_section():
    section("3. Two agencies sharing referrals: point, segment, polygon")
    g = referral_game()
    print(g)
    cc = critical_discount(g, ("share referrals", "share referrals"))
    print(f"Sharing referrals for ever is sustainable by grim trigger from discount "
          f"{fmt(cc.delta_star)} (= (10 - 9)/(10 - 3) = 1/7).")
    sets = {}
    for d in (0.1, 0.2, 0.75):
        V = ct.RepeatedGame(g, d).payoff_set()
        sets[d] = V
        words = {0: "a single point: poach for ever",
                 1: "a segment: from poaching for ever (3, 3) to sharing for ever (9, 9), and "
                    "public lotteries between them"}.get(
            V.dimension, f"a polygon of area {V.area:.4g}")
        print(f"  discount {d}: {words}; vertices {vertices(V)}")
    print(f"  From discount {folk_theorem_discount(g):.6f} on the set is the whole feasible, "
          "individually rational set (folk theorem), including paths on which one agency "
          "shares while the other poaches, as at 0.75.")
    return sets


def save_figure(save_dir, trust_sets: dict, referral_sets: dict) -> None:
    plt = _common.pyplot()
    if plt is None:
        return
    from contracts.plot_sets import plot_payoff_set

    fig, axes = plt.subplots(1, 2, figsize=(11, 5))
    for k, (d, V) in enumerate(sorted(trust_sets.items(), reverse=True)):
        plot_payoff_set(V, ax=axes[0], feasible=(k == 0), color=f"C{k}",
                        label=f"discount {d}")
    axes[0].set_title("government-agency trust game")
    axes[0].legend(fontsize=8)
    for k, (d, V) in enumerate(sorted(referral_sets.items(), reverse=True)):
        plot_payoff_set(V, ax=axes[1], feasible=(k == 0), color=f"C{k}",
                        label=f"discount {d}")
    axes[1].set_title("two agencies sharing referrals")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    _common.save(fig, save_dir, "repeated_payoff_sets.png", dpi=110)


def main(argv=None) -> int:
    args = _common.parser(__doc__).parse_args(argv)
    print("Repeated games: when can a government trust a social-work agency?")
    grim_section()
    trust_sets = payoff_set_section()
    referral_sets = referral_section()
    if args.save:
        save_figure(args.save, trust_sets, referral_sets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

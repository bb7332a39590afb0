"""Bounded rationality between a government and a social-work agency.

Run:  python examples/bounded_rationality.py [--save DIR]

1. The logit quantal response equilibrium (QRE) of the inspection game: the principal branch
   from uniform play (precision 0) to the Nash equilibrium (its limit), and the own-payoff
   effect that Nash equilibrium lacks.
2. Estimating the precision from observed counts of inspections and compliance
   (``logit_estimate``).
3. Cognitive hierarchy and level-k reasoning in a p-beauty-contest tender (the contract goes to
   the bid closest to 2/3 of the average bid) and in the inspection game.

With ``--save DIR`` (and matplotlib) it saves ``qre_inspection.png`` (``contracts.plot.qre_curves``)
and ``beauty_contest_levels.png``.
"""

from __future__ import annotations

import numpy as np

import _common

import contracts as ct
from contracts.bounded import (cognitive_hierarchy, cognitive_hierarchy_beauty, level_k,
                               level_k_beauty, logit_branch, logit_estimate)
from contracts.results import format_number as fmt

PLAYERS = ("government", "agency")
ACTIONS = (("strict", "loose"), ("comply", "perfunctory"))


def inspection_game(penalty: float = -2) -> ct.NormalFormGame:
    """Government: strict / loose inspection; agency: comply / perfunctory.

    ``penalty`` is the agency's payoff when perfunctory work meets strict inspection.
    """
    return ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, penalty], [2, 3]],
                                           players=PLAYERS, actions=ACTIONS)


def section(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def qre_section():
    section("1. Logit QRE of the inspection game")
    g = inspection_game()
    print(g)
    print("Each tier picks an action with probability proportional to exp(lam x expected "
          "payoff): lam = 0 is pure noise, large lam is close to best-responding.")
    branch = logit_branch(g, max_lambda=1e4)   # far enough for .limit()
    print(f"Traced the principal branch: {len(branch)} points up to lam = "
          f"{fmt(branch.max_lambda)}, {len(branch.turning_points)} turning points.")
    print("     lam   P(strict)  P(comply)  largest regret")
    for lam in (0.0, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0):
        q = branch.at(lam)
        print(f"  {lam:6g}   {q.strategies[0][0]:.4f}     {q.strategies[1][0]:.4f}     "
              f"{q.regret:.4f}")
    eq = branch.limit()
    print(f"Limit of the branch (a verified Nash equilibrium): government strict with probability "
          f"{fmt(eq.strategies[0][0])}, agency complies with probability "
          f"{fmt(eq.strategies[1][0])} (regret {fmt(eq.regret, 3)}).")
    nash = ct.solve(g, method="vertex_enumeration", exact=True)[0]
    print(f"  exact Nash equilibrium for comparison: strict {nash.strategies[0][0]}, comply "
          f"{nash.strategies[1][0]}")
    comply = branch.profiles[1][:, 0]
    k = int(np.argmax(comply))
    print(f"Noisy governments inspect strictly more often than Nash predicts at every precision; "
          f"compliance rises from 1/2 to a peak of {comply[k]:.4f} near lam = "
          f"{branch.lambdas[k]:.2f} on the traced branch and then falls back to 3/5.")

    harsh = inspection_game(penalty=-5)
    q0, q1 = branch.at(2.0), logit_branch(harsh, max_lambda=10).at(2.0)
    n1 = ct.solve(harsh, method="vertex_enumeration", exact=True)[0]
    print(f"Own-payoff effect: a harsher penalty for caught perfunctory work (-5 instead of -2) "
          f"leaves Nash compliance at {n1.strategies[1][0]} (only the inspection rate falls, to "
          f"{n1.strategies[0][0]}), but at lam = 2 the QRE compliance rate moves from "
          f"{q0.strategies[1][0]:.4f} to {q1.strategies[1][0]:.4f} and the strict-inspection "
          f"rate from {q0.strategies[0][0]:.4f} to {q1.strategies[0][0]:.4f}.")
    return g, branch


def estimation_section(g) -> None:
    section("2. Estimating precision from observed play")
    counts = [[28, 72], [69, 31]]
    print(f"An audit of 100 inspection decisions and 100 agency responses found {counts[0][0]} "
          f"strict inspections and {counts[1][0]} compliant agencies.")
    fit = logit_estimate(g, counts, max_lambda=100)   # precisions up to 100 are plenty here
    print(f"  {fit}".replace("\n", "\n  "))
    c = [np.asarray(x, dtype=float) for x in counts]
    nash_ll = float(sum(ci @ np.log([0.2, 0.8] if i == 0 else [0.6, 0.4])
                        for i, ci in enumerate(c)))
    print(f"  The fitted precision lam = {fit.lam:.3f} gives log-likelihood "
          f"{fit.log_likelihood:.2f}, against {nash_ll:.2f} if both tiers played the Nash "
          "equilibrium exactly: the data look like noisy best responses, not equilibrium.")


def cognitive_section(g):
    section("3. Cognitive hierarchy and level-k")
    print("Beauty-contest tender: agencies bid between 0 and 100 (percent of the ceiling "
          "price) and the contract goes to the bid closest to 2/3 of the average bid. The only "
          "Nash equilibrium is everybody bidding 0.")
    lk = level_k_beauty(4)
    print("  level-k: " + ", ".join(f"level {k} bids {fmt(x)}" for k, x in
                                    enumerate(lk.choices)))
    ch = cognitive_hierarchy_beauty(1.5)
    print(f"  Poisson cognitive hierarchy (mean 1.5 thinking steps): level 1 bids "
          f"{fmt(ch.choices[1])}, level 2 {fmt(ch.choices[2])}, level 3 "
          f"{fmt(ch.choices[3])} (each best-responds to the mix of lower levels, so bids "
          f"fall more slowly than under level-k); the average bid is "
          f"{ch.population_mean:.4f}, far from the equilibrium {fmt(ch.equilibrium)}.")
    for tau in (0.5, 1.0, 3.0):
        print(f"    mean steps {tau:g}: average bid "
              f"{fmt(cognitive_hierarchy_beauty(tau).population_mean)}")

    print()
    print("The inspection game again:")
    lkg = level_k(g, 4)
    print(f"  {lkg}".replace("\n", "\n  "))
    print("  Level-k play cycles with the best responses (strict -> loose -> loose -> strict for "
          "the government) and never settles on the mixed equilibrium.")
    chg = cognitive_hierarchy(g, 1.5)
    print(f"  {chg}".replace("\n", "\n  "))
    x, y = chg.aggregate
    print(f"  With mean 1.5 thinking steps the population inspects strictly "
          f"{100 * x[0]:.1f}% of the time (Nash: 20%) and complies {100 * y[0]:.1f}% of the "
          f"time (Nash: 60%): higher levels expect compliance, so they stop inspecting strictly, "
          "while the agency's higher levels keep fearing the strict level-1 governments.")
    return ch, lk


def save_figures(save_dir, branch, ch, lk) -> None:
    plt = _common.pyplot("figures")
    if plt is None:
        return
    from contracts.plot import qre_curves

    fig, ax = plt.subplots(figsize=(7, 4.5))
    qre_curves(branch, ax=ax, mark_limit=True)
    ax.set_title("Inspection game: logit QRE branch and its Nash limit")
    fig.tight_layout()
    _common.save(fig, save_dir, "qre_inspection.png", dpi=110)

    fig, ax = plt.subplots(figsize=(7, 4))
    k = np.arange(len(lk.choices))
    ax.plot(k, lk.choices, "o-", label="level-k")
    n = min(len(ch.choices), 8)
    ax.plot(np.arange(n), ch.choices[:n], "s-", label="Poisson cognitive hierarchy (tau 1.5)")
    ax.axhline(ch.population_mean, ls="--", color="grey", label="CH average bid")
    ax.set(xlabel="thinking level", ylabel="bid", title="Beauty-contest tender (p = 2/3)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    _common.save(fig, save_dir, "beauty_contest_levels.png", dpi=110)


def main(argv=None) -> int:
    args = _common.parser(__doc__, "save figures into DIR (needs matplotlib)").parse_args(argv)
    print("Bounded rationality: how a government and a social-work agency play when they are "
          "not perfectly rational")
    g, branch = qre_section()
    estimation_section(g)
    ch, lk = cognitive_section(g)
    if args.save:
        save_figures(args.save, branch, ch, lk)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The government–agency renewal relationship as a stochastic game.

A social-work agency holds (or bids for) a service contract with a government tier. The state
of the relationship is whether the agency is the incumbent or the contract is out to tender,
and whether the budget is high or low (budgets move on their own: a high budget stays high with
probability 0.8, a low one turns high with probability 0.4).

* Incumbent states: the agency works "diligent" (cost 2) or "perfunctory" (cost 0.5) and is
  paid the price (4 with a high budget, 3 with a low one); the government either "reviews"
  (cost 0.5; a perfunctory agency is caught with probability 0.8 and the contract goes to
  tender) or "renews" without looking. Service is worth 6 to the government when diligent,
  2 when perfunctory.
* Tender states: the agency bids "sharp" (cost 0.5, wins with probability 0.7) or "standard"
  (wins with probability 0.3); the government has one action, running the tender, and gets 1
  a period from an interim provider.

The script finds the stationary Markov perfect equilibria in pure strategies (if the solver is
available), the value the agency can guarantee itself whatever the government does (a
zero-sum stochastic game solved by Shapley's value iteration and Hoffman–Karp), and simulates
the relationship under the guarantee strategies. ``--save DIR`` also writes the state-transition
diagram.

Run:  python examples/stochastic_renewal.py [--discount 0.9] [--save DIR]
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np

import contracts as ct
from contracts.stochastic import available_methods
from contracts.stochastic.simulate import simulate, stationary_distribution

STATES = ("incumbent, high budget", "incumbent, low budget", "tender, high budget",
          "tender, low budget")
PRICE = {"high": 4.0, "low": 3.0}
P_HIGH_NEXT = {"high": 0.8, "low": 0.4}


def _budget(state):
    return "high" if "high" in state else "low"


def actions(state):
    if state.startswith("incumbent"):
        return [("diligent", "perfunctory"), ("review", "renew")]
    return [("sharp bid", "standard bid"), ("run tender",)]


def payoff(state, profile):
    """(agency, government) stage payoffs."""
    a, g = profile
    if state.startswith("incumbent"):
        price = PRICE[_budget(state)]
        agency = price - (2.0 if a == "diligent" else 0.5)
        government = (6.0 if a == "diligent" else 2.0) - price - (0.5 if g == "review" else 0.0)
        return agency, government
    return (-0.5 if a == "sharp bid" else 0.0), 1.0


def transition(state, profile):
    a, g = profile
    if state.startswith("incumbent"):
        p_incumbent = 0.2 if (a == "perfunctory" and g == "review") else 1.0
    else:
        p_incumbent = 0.7 if a == "sharp bid" else 0.3
    ph = P_HIGH_NEXT[_budget(state)]
    out = {STATES[0]: p_incumbent * ph, STATES[1]: p_incumbent * (1 - ph),
           STATES[2]: (1 - p_incumbent) * ph, STATES[3]: (1 - p_incumbent) * (1 - ph)}
    return {s: p for s, p in out.items() if p > 0}


def renewal_game(discount: float = 0.9) -> ct.StochasticGame:
    """The relationship as a two-player stochastic game (agency, government)."""
    return ct.StochasticGame.from_functions(STATES, actions, payoff, transition,
                                            discount=discount, players=("agency", "government"))


def guarantee_game(game: ct.StochasticGame) -> ct.StochasticGame:
    """The zero-sum game in which the government minimises the agency's payoff."""
    def zs_payoff(state, profile):
        a = payoff(state, profile)[0]
        return a, -a
    return ct.StochasticGame.from_functions(STATES, actions, zs_payoff, transition,
                                            discount=float(game.discount[0]),
                                            players=game.players)


def _play(eq, s, i):
    probs = eq.policy[s][i]
    acts = eq.actions[s][i]
    parts = [f"{a}" if p > 1 - 1e-9 else f"{a} with probability {p:.2f}"
             for a, p in zip(acts, probs) if p > 1e-9]
    return " or ".join(parts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--discount", type=float, default=0.9)
    ap.add_argument("--save", type=pathlib.Path, default=None,
                    help="directory for the state-transition diagram (needs matplotlib)")
    args = ap.parse_args(argv)
    game = renewal_game(args.discount)
    print(f"The renewal relationship: {game.n_states} states, discount factor "
          f"{args.discount:g}.")

    if "markov_perfect" in available_methods():
        res = ct.solve(game, method="markov_perfect")
        if len(res) == 0:
            print("No stationary Markov perfect equilibrium in pure strategies: as in an "
                  "inspection game, a government that always reviews makes the agency diligent, "
                  "and then reviewing is a waste; one that never reviews invites perfunctory "
                  "work. Reviews must be random.")
        else:
            print(f"{len(res)} stationary Markov perfect equilibri"
                  f"{'um' if len(res) == 1 else 'a'} in pure strategies:")
            for eq in res:
                for s, lab in enumerate(STATES):
                    print(f"  {lab}: the agency plays {_play(eq, s, 0)}, the government "
                          f"{_play(eq, s, 1)}; values agency {eq.values[s, 0]:.3f}, "
                          f"government {eq.values[s, 1]:.3f}")

    zs = guarantee_game(game)
    sh = ct.solve(zs, method="shapley")
    hk = ct.solve(zs, method="hoffman_karp")
    eq = hk[0]
    print(f"\nWhat the agency can guarantee itself whatever the government does (zero-sum "
          f"game; Shapley's value iteration took {sh.iterations} rounds, Hoffman–Karp "
          f"{hk.iterations}; they agree to {np.max(np.abs(sh.values - hk.values)):.1e}):")
    for s, lab in enumerate(STATES):
        print(f"  {lab}: {eq.values[s, 0]:.3f} a period; the agency plays {_play(eq, s, 0)}; "
              f"a hostile government would {_play(eq, s, 1)}")
    print(f"  (largest one-shot deviation gain of these strategies: {eq.max_gain:.1e})")

    pi = stationary_distribution(zs, eq)
    paths = simulate(zs, eq, n_periods=200, n_paths=2000, rng=2024)
    occ = paths.occupation()
    print("\nIn the long run under those strategies the relationship spends its time as "
          "follows (exact, and simulated over 2,000 paths of 200 periods):")
    for s, lab in enumerate(STATES):
        print(f"  {lab}: {pi[s]:.3f} (simulated {occ[s]:.3f})")
    tender = pi[2] + pi[3]
    print(f"The contract is out to tender {100 * tender:.0f}% of the time.")

    relational_section(game)

    if args.save is not None:
        import matplotlib
        matplotlib.use("Agg")
        from contracts.stochastic.simulate import plot_transition_graph
        args.save.mkdir(parents=True, exist_ok=True)
        fig = plot_transition_graph(zs, eq, title="Renewal relationship: state transitions "
                                    "under the agency's guarantee strategies")
        path = args.save / "stochastic_renewal.png"
        fig.savefig(path, dpi=120, bbox_inches="tight")
        print(f"Saved the state-transition diagram to {path}")
    return 0


# ----------------------------------------------------------------------------------------------
# relational contract with voluntary payments (and with a cap on payments)
# ----------------------------------------------------------------------------------------------
def relational_section(game: ct.StochasticGame, cap: float = 0.2) -> None:
    """The best self-enforcing agreement when the government may pay discretionary bonuses
    (Goldlücke–Kranz), and what a cap on any single payment (a budget rule) changes."""
    from contracts.stochastic.transfers import relational_contract
    rc = relational_contract(game)
    print("\nWith voluntary payments (a discretionary bonus the government may or may not pay, "
          "and fines the agency may or may not pay) the best self-enforcing agreement is:")
    for s, lab in enumerate(STATES):
        a, g = rc.equilibrium_actions[s]
        print(f"  {lab}: the agency plays {a}, the government {g}; joint value "
              f"{rc.joint_payoff[s]:.3f} a period; the worst credible payoffs are "
              f"{rc.punishment_payoffs[s, 0]:.3f} (agency) and {rc.punishment_payoffs[s, 1]:.3f} "
              f"(government)" + (" — the promise is just credible" if lab in rc.binding else ""))
    bonus = rc.transfers(STATES[0], STATES[0])[0]
    print(f"  After diligent work, an incumbent agency whose budget stays high receives "
          f"{bonus:.3f} at the start of the next period (a bonus the government pays because "
          f"reneging would forfeit its share of the future surplus).")
    capped = relational_contract(game, max_transfer=cap)
    print(f"If no single payment may exceed {cap:g} a period:")
    if not capped.exists:
        print("  " + capped.message)
        return
    for s, lab in enumerate(STATES):
        a, g = capped.equilibrium_actions[s]
        print(f"  {lab}: the agency plays {a}, the government {g}; joint value "
              f"{capped.joint_payoff[s]:.3f} (without the cap {rc.joint_payoff[s]:.3f})")
    binds = capped.extra["cap_binds"]
    print("  The cap costs joint value in: " + "; ".join(binds) + "." if binds else
          "  The cap does not bind: no payment needs to exceed it.")
    print(f"  (both agreements verified: largest one-shot deviation gain "
          f"{max(rc.max_gain, capped.max_gain):.1e})")


if __name__ == "__main__":
    raise SystemExit(main())

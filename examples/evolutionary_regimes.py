"""Evolutionary regimes of the government x agency x public supervision game.

Run:  python examples/evolutionary_regimes.py [--save DIR]

Three populations adapt by replicator dynamics (the government x agency x public supervision model,
``contracts.games.population.tripartite_supervision``): governments supervise strictly or
loosely (share x strict), social-work agencies deliver high- or low-quality service (share y
high), and the public participates in supervision or abstains (share z participating).

For each parameter regime (nominal contract, control, resistance, symbiosis) the script prints
the vertex table the literature publishes (eigenvalues at the eight pure states), names the
ESS and says why it is one (a strict Nash equilibrium: every population loses by switching),
checks it against the pure equilibria of the stage game and the basins of 27 starting points.
It then shows the cycle regime, where no vertex is stable and government and agency circle a
rest point that is neutrally stable, never an ESS, and explains why interior rest points never
are ESS in multi-population dynamics. Finally a trajectory from the centre of the cube.

With ``--save DIR`` (and matplotlib) it saves ``evolutionary_regimes.png`` (phase portraits in
the unit cube, ``contracts.plot.cube_portrait``) and ``evolutionary_cycle.png`` (the cycle in the
government x agency face, ``contracts.plot.square_portrait``).
"""

from __future__ import annotations

import numpy as np

import _common

import contracts as ct
from contracts.dynamics import basin_counts, first_integral, rest_points
from contracts.games.population import TRIPARTITE_REGIMES, tripartite_supervision
from contracts.results import format_number as fmt

REGIMES = {
    "nominal": "nominal contract: loose supervision, low quality, a passive public",
    "control": "control: strict supervision enforces high quality",
    "resistance": "resistance: strict supervision, yet the agency keeps quality low",
    "symbiosis": "symbiosis: loose supervision, high quality, an engaged public",
}
STATE_WORDS = ({"1": "strict", "0": "loose"}, {"1": "high quality", "0": "low quality"},
               {"1": "public participates", "0": "public abstains"})
SWITCH = ({"1": "a government switching to loose supervision",
           "0": "a government switching to strict supervision"},
          {"1": "an agency switching to low quality", "0": "an agency switching to high quality"},
          {"1": "a member of the public who stopped participating",
           "0": "a member of the public who started participating"})


_CACHE: dict = {}


def model(regime: str):
    """The regime's PopulationGame and its NormalFormGame, built once (sympy parsing is slow)."""
    if regime not in _CACHE:
        game = tripartite_supervision(regime)
        _CACHE[regime] = (game, game.normal_form())
    return _CACHE[regime]


def describe(label: str) -> str:
    return ", ".join(STATE_WORDS[i][b] for i, b in enumerate(label))


def section(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def regime_section(regime: str) -> str:
    section(f"Regime '{regime}' - {REGIMES[regime]}")
    game, nf = model(regime)
    params = ", ".join(f"{k}={v:g}" for k, v in TRIPARTITE_REGIMES[regime].items())
    print(f"parameters: {params}")
    rep = game.vertex_report()
    print(rep)
    for label in rep.ess:
        p = rep[label]
        print(f"ESS {label} = ({describe(label)}). It is a strict Nash equilibrium: "
              + "; ".join(f"{SWITCH[i][b]} would change its payoff by {fmt(e, 4)}"
                          for i, (b, e) in enumerate(zip(label, p.eigenvalues)))
              + ". These payoff changes are exactly the eigenvalues at the vertex, all negative, "
                "so small invasions die out.")
    pure = ct.solve(nf, method="pure")
    strict = [eq for eq in pure
              if rep["".join("1" if s[0] == 1 else "0" for s in eq.strategies)].strict_nash]
    print(f"Stage game check: {len(pure)} pure Nash equilibrium(s), {len(strict)} strict, "
          f"at " + ", ".join("".join("1" if s[0] == 1 else "0" for s in eq.strategies)
                             for eq in pure) + ".")
    basins = basin_counts(nf, horizon=25)
    print("Starting from the 27 states with shares in {0.2, 0.5, 0.8}: "
          + ", ".join(f"{n} end at {k}" for k, n in basins.items()) + " (t = 25).")
    return rep.ess[0] if rep.ess else ""


def cycle_section():
    section("The cycle: no ESS at all")
    game, nf = model("cycle")
    params = ", ".join(f"{k}={v:g}" for k, v in TRIPARTITE_REGIMES["cycle"].items())
    print(f"parameters: {params}")
    rep = rest_points(game)
    print(rep)
    print("Participation never pays the public here (W - C_p = -1 and no rewards), so z falls "
          "to 0 and the play lives on the government x agency face: strict supervision pays "
          "only while quality is low, high quality pays only while supervision is strict.")
    face = ct.NormalFormGame([nf.payoffs[0][:, :, 1], nf.payoffs[1][:, :, 1]],
                             players=nf.players[:2], actions=nf.actions[:2])
    H = first_integral(face)
    xs, ys = H.interior
    print(f"On that face the rest point x = {fmt(xs)}, y = {fmt(ys)} is a centre: {H}.")
    tr = game.simulate((0.5, 0.5, 0.0), 40, t_eval=np.linspace(0, 40, 401))
    x, y = tr.shares(0)[:, 0], tr.shares(1)[:, 0]
    h = H(x, y)
    print(f"A trajectory from (0.5, 0.5, 0) keeps H within [{h.min():.6f}, {h.max():.6f}] for "
          f"40 time units while the strict-supervision share swings between {x.min():.3f} and "
          f"{x.max():.3f} and the high-quality share between {y.min():.3f} and {y.max():.3f}: "
          "closed orbits, neither converging nor exploding.")
    print("Why interior (or edge) rest points are never an ESS here: in a game between "
          "different populations a mixed state leaves every mixing population indifferent, so "
          "no mixed state is a strict equilibrium (Selten 1980: ESS = strict Nash equilibrium). "
          "Dynamically, the replicator flow of a two-population face preserves volume after a "
          "change of time scale, so the eigenvalues of an interior rest point sum to zero "
          f"(here +-{abs(complex(rep['(0.8, 0.6, 0)'].eigenvalues[0]).imag):.4f}i) and it "
          "cannot attract (Hofbauer-Sigmund 1998; Ritzberger-Weibull 1995). contracts reports "
          "such points as centres or non-hyperbolic, never as ESS.")
    return face


def trajectory_section() -> None:
    section("A trajectory: the nominal regime from the centre of the cube")
    game, _ = model("nominal")
    tr = game.simulate((0.5, 0.5, 0.5), 50)
    print("   time   strict supervision   high quality   public participates")

    def share(v):     # the ODE is solved with absolute tolerance 1e-12: smaller is zero
        return f"{v:.3g}" if v >= 1e-9 else "< 1e-9"

    for t in (0, 1, 2, 5, 10, 50):
        x, y, z = (s[0] for s in tr.at(t))
        print(f"  {t:5g}   {share(x):>18s}   {share(y):>12s}   {share(z):>19s}")
    print("High quality disappears first (it costs the agency 4 and earns it at most 3.8 in "
          "rewards, avoided fines and avoided public exposure), then strict supervision (it "
          "costs 3 and recovers at most 2.7 once quality is low), then participation (it costs "
          "the public 1 and returns at most 0.8): the nominal contract.")


def save_figures(save_dir, face) -> None:
    plt = _common.pyplot("figures")
    if plt is None:
        return
    from contracts.plot import cube_portrait, square_portrait

    fig = plt.figure(figsize=(10, 9))
    starts = [(0.2, 0.2, 0.8), (0.8, 0.2, 0.2), (0.2, 0.8, 0.2), (0.8, 0.8, 0.8),
              (0.5, 0.5, 0.5), (0.2, 0.8, 0.8), (0.8, 0.2, 0.8)]
    for k, regime in enumerate(REGIMES, 1):
        ax = fig.add_subplot(2, 2, k, projection="3d")
        cube_portrait(model(regime)[1], ax=ax, horizon=15,
                      starts=starts)
        ax.set_title(f"{regime}")
    fig.suptitle("government x agency x public: replicator dynamics by regime")
    fig.tight_layout()
    _common.save(fig, save_dir, "evolutionary_regimes.png", dpi=75)

    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    square_portrait(face, ax=ax, starts=[(0.5, 0.5)], horizon=20)
    ax.set_title("cycle regime: government x agency face (public abstains)")
    fig.tight_layout()
    _common.save(fig, save_dir, "evolutionary_cycle.png", dpi=110)


def main(argv=None) -> int:
    args = _common.parser(__doc__, "save figures into DIR (needs matplotlib)").parse_args(argv)
    print("\n".join(line for line in str(tripartite_supervision()).splitlines()
                    if not line.startswith(("  values", "  no value"))))
    print("(x, y, z: shares playing strict, high, participate; F_x, F_y, F_z: the payoff "
          "advantage of that strategy over the alternative, so x' = x(1-x)F_x and so on.)")
    summary = {regime: regime_section(regime) for regime in REGIMES}
    face = cycle_section()
    trajectory_section()
    section("Summary")
    for regime, ess in summary.items():
        print(f"  {regime:10s}: ESS {ess} ({describe(ess)})")
    print("  cycle     : no ESS; government and agency circle a centre")
    if args.save:
        save_figures(args.save, face)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

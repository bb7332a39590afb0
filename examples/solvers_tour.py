"""A tour of the equilibrium solvers on games between a government and a social-work agency.

Run:  python examples/solvers_tour.py [--save DIR]

1. The inspection game: the government inspects the agency strictly or loosely, the agency
   complies with the service standard or works perfunctorily. Every solver behind
   ``contracts.solve`` (pure, support_enumeration, vertex_enumeration with exact Fractions,
   lemke_howson, one) finds the same mixed equilibrium, and we read it in words.
2. Where the solvers differ: a reporting-standard coordination game with three equilibria.
3. A zero-sum audit game solved by linear programming (``method="zero_sum"``).
4. A degenerate game: the DegenerateGameWarning and the extreme points of a continuum.
5. A Chicken-like budget standoff in which a correlated equilibrium (a mediator's
   recommendation) beats every Nash equilibrium in total welfare.
6. Iterated elimination of dominated actions, including domination by a mixed strategy.
7. Writing and reading Gambit's ``.nfg`` format, exactly.

With ``--save DIR`` (and matplotlib) it saves ``solvers_best_responses.png`` and
``solvers_budget_standoff.png`` into DIR.
"""

from __future__ import annotations

import pathlib
import tempfile
import warnings
from fractions import Fraction

import _common

import contracts as ct
from contracts.equilibrium.correlated import correlated_equilibrium
from contracts.equilibrium.dominance import iterated_elimination
from contracts.equilibrium.lemke_howson import lemke_howson_all
from contracts.equilibrium.zero_sum import minmax_values
from contracts.exceptions import DegenerateGameWarning, UnsupportedGameError
from contracts.io.gambit import nfg_string, read_nfg, save_nfg
from contracts.results import format_number

PLAYERS = ("government", "agency")


def fmt(x) -> str:
    return format_number(x)


def pct(x) -> str:
    return f"{100 * float(x):.0f}%"


def inspection_game(exact: bool = False) -> ct.NormalFormGame:
    """Government: strict / loose inspection; agency: comply / perfunctory service.

    Strict inspection costs the government effort, but catches perfunctory work (which the
    agency must then redo at a loss); loose inspection is cheap, and lets perfunctory work pass.
    """
    return ct.NormalFormGame.from_bimatrix(
        [[1, 2], [3, -1]], [[2, -2], [2, 3]], players=PLAYERS,
        actions=(("strict", "loose"), ("comply", "perfunctory")), exact=exact)


def section(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


# ----------------------------------------------------------------------------------------------
def tour_inspection() -> tuple:
    section("1. The inspection game: every solver, one answer")
    g = inspection_game()
    print(g)
    print()
    pure = ct.solve(g, method="pure")
    print(f"pure: {len(pure)} pure-strategy equilibria. Best responses cycle: against compliance "
          "the government prefers loose inspection, against loose inspection the agency turns "
          "perfunctory, against perfunctory work the government inspects strictly, and against "
          "strict inspection the agency complies.")
    se = ct.solve(g, method="support_enumeration", exact=True)
    ve = ct.solve(g, method="vertex_enumeration", exact=True)
    lh = ct.solve(g, method="lemke_howson", init=0)
    one = ct.solve(g, method="one", exact=True)
    print(f"support_enumeration (exact): {len(se)} equilibrium, complete={se.complete}")
    print(f"vertex_enumeration  (exact): {len(ve)} equilibrium, complete={ve.complete}")
    print(f"lemke_howson (floats, {lh.iterations} pivots): "
          + ", ".join(f"({', '.join(fmt(p) for p in s)})" for s in lh[0].strategies))
    print(f"one (exact, route {one.extra.get('route')!r}): "
          + ", ".join(f"({', '.join(fmt(p) for p in s)})" for s in one[0].strategies))
    eq = ve[0]
    x, y = eq.strategies
    assert all(isinstance(p, Fraction) for p in x)      # exact=True gives Fractions
    same = all(tuple(s) == tuple(t) for r in (se, one) for s, t in zip(r[0].strategies, eq))
    print()
    print("Reading the equilibrium (exact fractions):")
    print(f"  the government inspects strictly with probability {x[0]} and loosely with "
          f"probability {x[1]};")
    print(f"  the agency complies with probability {y[0]} and is perfunctory with probability "
          f"{y[1]};")
    print(f"  expected payoffs: government {eq.payoffs[0]}, agency {eq.payoffs[1]}.")
    print(f"  The inspection rate {x[0]} is what makes the AGENCY indifferent (2 = -2p + 3(1-p) "
          f"gives p = 1/5), and the compliance rate {y[0]} is what makes the GOVERNMENT "
          "indifferent: raising the agency's penalty for caught shirking lowers the inspection "
          "rate, not the shirking rate (the inspection-game paradox).")
    print(f"  support_enumeration, vertex_enumeration and one agree exactly: {same}")
    harsh = ct.NormalFormGame.from_bimatrix(
        [[1, 2], [3, -1]], [[2, -5], [2, 3]], players=PLAYERS, actions=g.actions)
    hx, hy = ct.solve(harsh, method="vertex_enumeration", exact=True)[0].strategies
    print(f"  Check: with a harsher penalty for caught perfunctory work (-5 instead of -2) the "
          f"government inspects strictly w.p. {hx[0]} (was {x[0]}) and the agency still complies "
          f"w.p. {hy[0]}.")
    return g, eq


def tour_coordination() -> None:
    section("2. Where the solvers differ: choosing a reporting standard")
    g = ct.NormalFormGame.from_bimatrix(
        [[3, 0], [0, 2]], [[2, 0], [0, 3]], players=PLAYERS,
        actions=(("indicator dashboard", "case narratives"),) * 2)
    print("Both tiers gain only if they use the same reporting standard; the government prefers "
          "dashboards, the agency case narratives.")
    pure = ct.solve(g, method="pure")
    ve = ct.solve(g, method="vertex_enumeration", exact=True)
    print(f"  pure finds {len(pure)} equilibria; vertex_enumeration finds all {len(ve)} "
          "(the third one mixed):")
    for k, eq in enumerate(ve, 1):
        x, y = eq.strategies
        print(f"    #{k}: government plays dashboard with probability {x[0]}, agency with "
              f"probability {y[0]}; payoffs {eq.payoffs[0]}, {eq.payoffs[1]}")
    for init in range(4):
        r = ct.solve(g, method="lemke_howson", init=init, exact=True)
        x, y = r[0].strategies
        print(f"  lemke_howson dropping label {init} ends at dashboard probabilities "
              f"({x[0]}, {y[0]}) after {r.iterations} pivot(s)")
    allr = lemke_howson_all(g, exact=True)
    print(f"  lemke_howson_all (every label, then traversing from each equilibrium) reaches "
          f"{len(allr)} of the {len(ve)} equilibria")
    one = ct.solve(g, method="one")
    print(f"  one returns a single equilibrium fastest (route {one.extra.get('route')!r}): "
          f"payoffs {fmt(one[0].payoffs[0])}, {fmt(one[0].payoffs[1])}")


def tour_zero_sum() -> None:
    section("3. A zero-sum audit game (linear programming)")
    amounts = {"housing": 4, "elderly care": 2, "youth": 1}
    names = list(amounts)
    # the government audits one programme; the agency diverts funds from one. An audit of the
    # programme used recovers the amount plus an equal fine; otherwise the amount is lost.
    A = [[amounts[d] if a == d else -amounts[d] for d in names] for a in names]
    B = [[-v for v in row] for row in A]
    g = ct.NormalFormGame.from_bimatrix(
        A, B, players=PLAYERS,
        actions=(tuple(f"audit {n}" for n in names), tuple(f"divert from {n}" for n in names)))
    print(g)
    res = ct.solve(g, method="zero_sum", exact=True)
    eq = res[0]
    x, y = eq.strategies
    print(f"value of the game to the government: {res.extra['value']} per period")
    print("  the government audits " + ", ".join(f"{n} with probability {p}"
                                                 for n, p in zip(names, x)))
    print("  the agency diverts from " + ", ".join(f"{n} with probability {p}"
                                                   for n, p in zip(names, y) if p)
          + "".join(f"; never from {n}" for n, p in zip(names, y) if not p))
    gain = -res.extra["value"]
    print(f"  The agency expects to gain {gain} per period wherever it diverts: audits are spread "
          "so that no programme is a safer target, and the largest programme is audited most. "
          "The agency, in turn, diverts from the small programmes more often, which keeps the "
          "government indifferent between its audits.")
    try:
        ct.solve(inspection_game(), method="zero_sum")
    except UnsupportedGameError as err:
        print(f"  (the inspection game is not zero-sum, and zero_sum says so: "
              f"{str(err).split(';')[0]})")
    mm = minmax_values(inspection_game(), exact=True)
    insp = ct.solve(inspection_game(), method="vertex_enumeration", exact=True)[0]
    same = tuple(mm.mixed) == tuple(insp.payoffs)
    print(f"  In the inspection game the other tier can hold the government to {mm.mixed[0]} and "
          f"the agency to {mm.mixed[1]} (mixed minmax values)"
          + ("; these are exactly the equilibrium payoffs, so the mixed equilibrium gives "
             "neither tier more than the other could hold it to." if same else "."))


def degenerate_game(exact: bool = True) -> ct.NormalFormGame:
    """Strict inspection catches everything: then the agency earns the same either way."""
    return ct.NormalFormGame.from_bimatrix(
        [[1, 1], [2, 0]], [[1, 1], [0, 2]], players=PLAYERS,
        actions=(("strict", "loose"), ("comply", "perfunctory")), exact=exact)


def tour_degenerate() -> None:
    section("4. A degenerate game: a continuum of equilibria")
    g = degenerate_game()
    print(g)
    print(f"Under strict inspection the agency is paid the same whether it complies or not, so "
          f"its two actions tie (is_degenerate() = {g.is_degenerate()}).")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = ct.solve(g, method="vertex_enumeration", exact=True)
    for w in caught:
        if issubclass(w.category, DegenerateGameWarning):
            print(f"  DegenerateGameWarning: {str(w.message).split(':', 1)[1].strip()}")
    ys = sorted(eq.strategies[1][0] for eq in res)
    print(f"  vertex_enumeration lists {len(res)} extreme equilibria (result.degenerate = "
          f"{res.degenerate}):")
    for eq in res:
        print(f"    government strict, agency complies with probability {eq.strategies[1][0]}")
    print(f"  Every mixture of them is an equilibrium too: the government keeps inspecting "
          f"strictly as long as the compliance rate stays between {ys[0]} and {ys[-1]} "
          f"(strict pays 1, loose pays 2 x compliance). The component is the segment between "
          "the extreme points.")
    mid = (Fraction(1), Fraction(0)), (Fraction(1, 4), Fraction(3, 4))
    print(f"  check: compliance 1/4 (inside the segment) is an equilibrium: {g.is_nash(mid)}")


def budget_standoff() -> ct.NormalFormGame:
    return ct.NormalFormGame.from_bimatrix(
        [[0, 7], [2, 6]], [[0, 2], [7, 6]], players=PLAYERS,
        actions=(("hold firm", "concede"),) * 2, exact=True)


def tour_correlated() -> tuple:
    section("5. A budget standoff: correlated equilibrium beats Nash")
    g = budget_standoff()
    print(g)
    print("Each tier can hold firm on next year's budget or concede. If both hold firm the "
          "programme stalls (0, 0); the tier that holds firm against a conceding one gets 7.")
    nash = ct.solve(g, method="vertex_enumeration", exact=True)
    welfare = [sum(eq.payoffs) for eq in nash]
    for eq, w in zip(nash, welfare):
        x, y = eq.strategies
        print(f"  Nash: government holds firm w.p. {x[0]}, agency w.p. {y[0]}: payoffs "
              f"{eq.payoffs[0]}, {eq.payoffs[1]} (total {w})")
    ce = correlated_equilibrium(g, exact=True)
    print("  Best correlated equilibrium (a mediator, e.g. the finance bureau, draws a "
          "recommendation and tells each tier only its own part):")
    for idx in ce.support:
        print(f"    recommend ({g.actions[0][idx[0]]}, {g.actions[1][idx[1]]}) with probability "
              f"{ce.distribution[idx]}")
    print(f"  payoffs {ce.payoffs[0]}, {ce.payoffs[1]}: total welfare {ce.welfare} versus at "
          f"most {max(welfare)} in any Nash equilibrium; the stalemate (hold firm, hold firm) is "
          "never recommended, and a tier told to concede does not know whether the other was "
          "told to hold firm, so obeying is optimal.")
    return g, nash, ce


def tour_dominance() -> None:
    section("6. Iterated elimination of dominated actions")
    g = ct.NormalFormGame.from_bimatrix(
        [[1, 2, 2], [3, -1, -2], [1.5, 0, -3]],
        [[2, -2, -4], [2, 3, 2], [2, 4, 3]], players=PLAYERS,
        actions=(("strict", "loose", "no inspection"), ("comply", "perfunctory", "falsify")))
    print(g)
    res = iterated_elimination(g)
    for e in res.eliminations:
        print(f"  {e}")
    pure_only = iterated_elimination(g, mixed=False)
    kept = pure_only.game.actions[0]
    print(f"  With pure dominators only the government keeps {len(kept)} actions "
          f"({', '.join(kept)}): no single inspection mode beats 'no inspection', but a 50/50 "
          "randomisation of strict and loose inspection does.")
    print(f"  What survives is the 2x2 inspection game "
          f"(dominance solvable: {res.is_dominance_solvable}); solving it:")
    red = ct.solve(res.game, method="vertex_enumeration", exact=True)
    x, y = red[0].strategies
    print(f"    government strict w.p. {x[0]}, agency complies w.p. {y[0]}: the same equilibrium "
          "as in section 1")


def tour_gambit(save_dir: pathlib.Path | None) -> None:
    section("7. Gambit .nfg files, exactly")
    g = ct.NormalFormGame.from_bimatrix(
        [[1, Fraction(5, 2)], [3, -1]], [[2, -2], [Fraction(7, 3), 3]], players=PLAYERS,
        actions=(("strict", "loose"), ("comply", "perfunctory")))
    text = nfg_string(g, "Inspection game with fractional payoffs")
    print(text.rstrip())
    folder = save_dir if save_dir is not None else pathlib.Path(tempfile.mkdtemp())
    path = save_nfg(g, folder / "inspection.nfg", "Inspection game with fractional payoffs")
    back = read_nfg(path)
    print(f"  written to {path.name}; read back: exact={back.is_exact}, title "
          f"{back.title!r}, equal to the original: {back == g}")
    eq = ct.solve(back, method="vertex_enumeration", exact=True)[0]
    x, y = eq.strategies
    print(f"  its equilibrium: government strict w.p. {x[0]}, agency complies w.p. {y[0]}")
    if save_dir is None:
        path.unlink()
        path.parent.rmdir()


# ----------------------------------------------------------------------------------------------
def save_figures(save_dir: pathlib.Path, eq, standoff) -> None:
    plt = _common.pyplot("figures")
    if plt is None:
        return
    # best-response correspondences of the inspection and the degenerate game
    fig, axes = plt.subplots(1, 2, figsize=(9, 4))
    x0, y0 = float(eq.strategies[0][0]), float(eq.strategies[1][0])
    ax = axes[0]
    ax.plot([0, y0, y0, 1], [1, 1, 0, 0], lw=2, label="government's best response")
    ax.plot([0, 1, 1], [x0, x0, 1], lw=2, ls="--", label="agency's best response")
    ax.plot([0, 0], [0, x0], lw=2, ls="--", color="tab:orange")
    ax.plot([y0], [x0], "ko", label=f"equilibrium ({y0:.2f}, {x0:.2f})")
    ax.set(xlabel="P(agency complies)", ylabel="P(government inspects strictly)",
           title="Inspection game", xlim=(-0.05, 1.05), ylim=(-0.05, 1.05))
    ax.legend(fontsize=7, loc="center right")
    ax = axes[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        res = ct.solve(degenerate_game(), method="vertex_enumeration", exact=True)
    ys = sorted(float(e.strategies[1][0]) for e in res)
    ax.plot([0, 0.5, 0.5, 1], [1, 1, 0, 0], lw=2, label="government's best response")
    ax.plot([0, 0, 1], [0, 1, 1], lw=2, ls="--", label="agency's best response")
    ax.plot([ys[0], ys[-1]], [1, 1], color="k", lw=5, alpha=0.6, label="equilibrium segment")
    ax.plot(ys, [1, 1], "ko")
    ax.set(xlabel="P(agency complies)", title="Degenerate game",
           xlim=(-0.05, 1.05), ylim=(-0.05, 1.05))
    ax.legend(fontsize=7, loc="center right")
    fig.tight_layout()
    _common.save(fig, save_dir, "solvers_best_responses.png")

    g, nash, ce = standoff
    fig, ax = plt.subplots(figsize=(5, 4.5))
    pts = [(float(g.payoffs[0][k]), float(g.payoffs[1][k])) for k in [(0, 0), (0, 1), (1, 1),
                                                                      (1, 0), (0, 0)]]
    ax.fill(*zip(*pts), alpha=0.15, label="feasible payoffs")
    for e in nash:
        ax.plot(float(e.payoffs[0]), float(e.payoffs[1]), "bo")
    ax.plot([], [], "bo", label="Nash equilibria")
    ax.plot(float(ce.payoffs[0]), float(ce.payoffs[1]), "r*", ms=14,
            label="best correlated equilibrium")
    ax.set(xlabel="government payoff", ylabel="agency payoff", title="Budget standoff")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    _common.save(fig, save_dir, "solvers_budget_standoff.png")


def main(argv=None) -> int:
    args = _common.parser(__doc__, "save figures (and the .nfg file) into DIR").parse_args(argv)
    save_dir = _common.folder(args.save)

    print("Solvers tour: a government and the social-work agency it contracts with")
    _, eq = tour_inspection()
    tour_coordination()
    tour_zero_sum()
    tour_degenerate()
    standoff = tour_correlated()
    tour_dominance()
    tour_gambit(save_dir)
    if save_dir is not None:
        save_figures(save_dir, eq, standoff)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

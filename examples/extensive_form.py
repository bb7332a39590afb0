"""A contracting game tree: tender -> contract -> service -> evaluation.

Run:  python examples/extensive_form.py [--save DIR]

The government decides whether to tender a social service or keep it in-house; an agency bids
or stays out; the government offers a fixed-price contract or performance pay (a verifiable
quality score); the agency exerts high or low effort; under the fixed price the government then
evaluates the service: a costly audit (which detects low effort with probability 3/4 and fines
it) or acceptance.

1. Quality observable at evaluation: a game of perfect information, solved by
   ``backward_induction`` (every pure subgame-perfect equilibrium, ties included).
2. Quality unobservable: the government's two evaluation nodes form one information set. The
   fixed-price subgame becomes an inspection game; ``subgame_perfect`` solves every subgame
   bottom-up, ``sequence_form_lcp`` finds a Nash equilibrium of the whole tree (Lemke on the
   sequence form), which here is not subgame perfect; the sequence form is compared with the
   reduced normal form.
3. Writing and reading Gambit's ``.efg`` format.

With ``--save DIR`` it writes both trees as ``.efg`` files and (with matplotlib)
``contract_tree.png``, a drawing of the tree with its information sets.
"""

from __future__ import annotations

import pathlib
from fractions import Fraction

import _common

from contracts.equilibrium.backward_induction import (backward_induction, is_subgame_perfect,
                                                      subgame_perfect)
from contracts.equilibrium.sequence_form import sequence_form_lcp
from contracts.games.extensive_form import ExtensiveFormGame, chance, decision, leaf
from contracts.io.efg import efg_string, read_efg
from contracts.results import format_number as fmt

DETECTION = Fraction(3, 4)


def contract_tree(quality_observable: bool) -> ExtensiveFormGame:
    """The tender -> contract -> service -> evaluation tree (payoffs: government, agency).

    Service worth 6 (high effort) or 2 (low effort) to the government; high effort costs the
    agency 2. Fixed price 3; an audit costs the government 1 and, when it detects low effort,
    fines the agency 3. Performance pay: 4 for a high quality score, 1 for a low one.
    Keeping the service in-house, or an agency staying out, gives (1, 0).
    """
    infoset = None if quality_observable else "evaluation"

    def evaluation(after: str, branches: dict):
        return decision("government", branches, infoset=infoset,
                        label=f"evaluation after {after} effort")

    fixed_price = decision("agency", {
        "high effort": evaluation("high", {"audit": leaf(2, 1), "accept": leaf(3, 1)}),
        "low effort": evaluation("low", {
            "audit": chance({"detected": (DETECTION, leaf(1, 0)),
                             "missed": (1 - DETECTION, leaf(-2, 3))}, label="audit"),
            "accept": leaf(-1, 3)}),
    }, label="service under fixed price")
    performance_pay = decision("agency", {"high effort": leaf(2, 2), "low effort": leaf(1, 1)},
                               label="service under performance pay")
    root = decision("government", {
        "tender": decision("agency", {
            "bid": decision("government", {"fixed price": fixed_price,
                                           "performance pay": performance_pay},
                            label="contract"),
            "stay out": leaf(1, 0)}, label="bid"),
        "in-house": leaf(1, 0)}, label="tender")
    title = "quality observable" if quality_observable else "quality unobservable"
    return ExtensiveFormGame.from_tree(("government", "agency"), root,
                                       title=f"tender-contract-service-evaluation ({title})")


def section(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def _infoset(game, player: int, node_label: str):
    """Index of the player's information set containing the node with this label."""
    for h, s in enumerate(game.infosets[player]):
        if any(game.nodes[n].label == node_label for n in s.nodes):
            return h, s
    raise KeyError(node_label)


def prob(eq, player: int, node_label: str, action: str):
    """Probability of ``action`` at the information set containing the labelled node."""
    h, s = _infoset(eq.game, player, node_label)
    return eq.strategies[player][h][s.actions.index(action)]


def choice(eq, player: int, node_label: str) -> str:
    """The action(s) a player takes at the information set containing the labelled node."""
    h, s = _infoset(eq.game, player, node_label)
    parts = [(a, p) for a, p in zip(s.actions, eq.strategies[player][h]) if p]
    if len(parts) == 1:
        return parts[0][0]
    return " / ".join(f"{a} w.p. {fmt(p)}" for a, p in parts)


def solved_tree(title: str, quality_observable: bool, solver):
    """Print a section title, the contract tree and what ``solver`` finds; return the tree and
    the first equilibrium."""
    section(title)
    tree = contract_tree(quality_observable=quality_observable)
    print(tree)
    res = solver(tree)
    print(res)
    return tree, res[0]


def observable_section():
    g, eq = solved_tree("1. Quality observable at evaluation: backward induction", True,
                        backward_induction)
    print(f"In words: the government chooses to {choice(eq, 0, 'tender')}, the agency bids, the "
          f"government offers a {choice(eq, 0, 'contract')} contract, the agency exerts "
          f"{choice(eq, 1, 'service under fixed price')}, and the government would "
          f"{choice(eq, 0, 'evaluation after low effort')} low effort but "
          f"{choice(eq, 0, 'evaluation after high effort')} high effort. The credible audit "
          f"threat (detected w.p. {DETECTION}: expected payoff 1/4 > -1 for accepting) makes "
          f"low effort pay the agency only 3/4 < 1, so a cheap fixed price suffices. Payoffs: "
          f"government {fmt(eq.payoffs[0])}, agency {fmt(eq.payoffs[1])}.")
    return g, eq


def unobservable_section():
    h, eq = solved_tree("2. Quality unobservable: subgame perfection and the sequence form",
                        False, subgame_perfect)
    fixed_node = next(n.index for n in h.nodes if n.label == "service under fixed price")
    sub = subgame_perfect(h.subgame(fixed_node))[0]
    print(f"The fixed-price subgame is now an inspection game: the government audits with "
          f"probability {fmt(prob(eq, 0, 'evaluation after high effort', 'audit'))} and the "
          f"agency exerts high effort with probability "
          f"{fmt(prob(eq, 1, 'service under fixed price', 'high effort'))}; the "
          f"government's value there is {fmt(sub.payoffs[0])}, less than the "
          f"{fmt(eq.payoffs[0])} performance pay gives it. So it switches to "
          f"{choice(eq, 0, 'contract')}: unobservable quality costs the government "
          f"and hands the agency a rent (agency payoff {fmt(eq.payoffs[1])} instead of 1).")
    print(f"subgame roots (node indices): {h.subgames()}; every SPE above is verified: "
          f"is_subgame_perfect = {is_subgame_perfect(h, eq.profile)}")

    print()
    lcp = sequence_form_lcp(h)
    print(lcp)
    ne = lcp[0]
    print(f"Lemke's algorithm on the sequence form returns a Nash equilibrium with the same "
          f"outcome (payoffs {fmt(ne.payoffs[0])}, {fmt(ne.payoffs[1])}), but off the path it "
          f"has the agency shirk for sure under a fixed price while the government audits only "
          f"half the time, which is not an equilibrium of that subgame: is_subgame_perfect = "
          f"{is_subgame_perfect(h, ne.profile)}. Nash equilibrium alone lets non-credible "
          "threats and promises stand off the path.")
    sf = h.sequence_form()
    nf = h.reduced_normal_form()
    print(f"Size: the sequence form has {len(sf.labels[0])} + {len(sf.labels[1])} sequences "
          f"(the empty one included); the reduced normal form has {nf.num_actions[0]} x "
          f"{nf.num_actions[1]} strategies (Gambit labels "
          f"{', '.join(nf.actions[0])} for the government). In general the number of sequences "
          "grows linearly with the tree, the number of reduced strategies exponentially.")
    return h, eq


def efg_section(games, save_dir: pathlib.Path | None) -> None:
    section("3. Gambit .efg files")
    for g in games:
        text = efg_string(g)
        back = read_efg(text)
        print(f"{g.title}: {len(text.splitlines())} lines of .efg; read back equal: {back == g}")
        if save_dir is not None:
            name = "contract_tree_observable.efg" if "(quality observable)" in g.title \
                else "contract_tree_unobservable.efg"
            (save_dir / name).write_text(text, encoding="utf-8")
            print(f"  saved {save_dir / name}")
    print(efg_string(games[1]).rstrip())


def draw_tree(game, save_dir: pathlib.Path) -> None:
    plt = _common.pyplot()
    if plt is None:
        return
    nodes = game.nodes
    leaves = [n.index for n in nodes if n.is_terminal]
    x = {k: float(i) for i, k in enumerate(leaves)}
    for n in reversed(nodes):
        if not n.is_terminal:
            x[n.index] = sum(x[c] for c in n.children) / len(n.children)
    y = {n.index: -float(n.depth) for n in nodes}
    fig, ax = plt.subplots(figsize=(12, 6.5))
    for n in nodes:
        for a, c in zip(game.actions_at(n) if not n.is_terminal else (), n.children):
            ax.plot([x[n.index], x[c]], [y[n.index], y[c]], color="grey", lw=1)
            ax.text((x[n.index] + x[c]) / 2, (y[n.index] + y[c]) / 2, a, fontsize=7,
                    ha="center", va="center", backgroundcolor="white")
    colours = {0: "tab:blue", 1: "tab:orange", -1: "tab:green"}
    for n in nodes:
        if n.is_terminal:
            pay = game.node_payoffs(n.index)
            ax.text(x[n.index], y[n.index] - 0.15, "(" + ", ".join(fmt(v) for v in pay) + ")",
                    fontsize=7, ha="center", va="top")
            ax.plot(x[n.index], y[n.index], "k.", ms=4)
        else:
            ax.plot(x[n.index], y[n.index], "o", color=colours[n.player], ms=9)
    for sets in game.infosets:
        for s in sets:
            if len(s.nodes) > 1:
                xs = [x[k] for k in s.nodes]
                ax.plot(xs, [y[s.nodes[0]]] * len(xs), ls="--", color="tab:blue", lw=1.5)
    for p, c in ((0, "tab:blue"), (1, "tab:orange"), (-1, "tab:green")):
        ax.plot([], [], "o", color=c, label={0: "government", 1: "agency", -1: "chance"}[p])
    ax.plot([], [], ls="--", color="tab:blue", label="information set")
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(game.title)
    ax.axis("off")
    fig.tight_layout()
    _common.save(fig, save_dir, "contract_tree.png", dpi=110)


def main(argv=None) -> int:
    args = _common.parser(__doc__, "save .efg files and a figure into DIR").parse_args(argv)
    save_dir = _common.folder(args.save)
    print("A contracting game tree between a government and a social-work agency")
    g, _ = observable_section()
    h, _ = unobservable_section()
    efg_section((g, h), save_dir)
    if save_dir is not None:
        draw_tree(h, save_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

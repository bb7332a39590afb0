"""Draw a game tree with matplotlib (optional extra ``plot``).

:func:`plot_tree` lays the tree out top-down: terminal nodes evenly spaced on the bottom of their
depth, every other node centred above its children. Decision nodes are coloured by player,
chance nodes are grey squares, moves are labelled with their actions (and nature's
probabilities), information sets with more than one node are joined by a dashed line, and
terminal nodes show the payoff vector. An optional behaviour profile highlights the actions
played with positive probability.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plot_tree"]


def _fmt(x) -> str:
    from ..results import format_number
    return format_number(x, 4)


def _layout(game) -> dict[int, tuple[float, float]]:
    pos: dict[int, tuple[float, float]] = {}
    leaf_x = 0.0
    # leaves get consecutive x in pre-order; internal nodes the mean of their children
    for z in game.terminal_nodes:
        pos[z] = (leaf_x, -float(game.nodes[z].depth))
        leaf_x += 1.0
    for nd in reversed(game.nodes):
        if nd.is_terminal:
            continue
        xs = [pos[c][0] for c in nd.children]
        pos[nd.index] = (sum(xs) / len(xs), -float(nd.depth))
    return pos


def plot_tree(game: Any, ax: Any = None, *, profile: Any = None, show_payoffs: bool = True,
              node_labels: bool = False, fontsize: float = 8.0):
    """Draw an extensive-form game; returns the matplotlib ``Axes``.

    Parameters
    ----------
    game : ExtensiveFormGame
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new figure by default).
    profile : BehaviorProfile, optional
        Actions played with positive probability are drawn thick, with their probability.
    show_payoffs : bool
        Write the payoff vector under each terminal node.
    node_labels : bool
        Write the node labels next to the nodes.
    fontsize : float

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["government", "agency"], decision("government", {
    ...     "renew": decision("agency", {"high": leaf(3, 1), "low": leaf(0, 1)}),
    ...     "replace": leaf(1, 0)}))
    >>> ax = plot_tree(g)
    >>> ax.get_title()
    'government, agency'
    """
    from ..exceptions import InvalidGameError
    from ..games.extensive_form import CHANCE, ExtensiveFormGame

    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"plot_tree: expected an ExtensiveFormGame, got "
                               f"{type(game).__name__}")
    import matplotlib.pyplot as plt

    if ax is None:
        width = max(5.0, 1.1 * len(game.terminal_nodes))
        height = max(3.0, 1.2 * (1 + max(nd.depth for nd in game.nodes)))
        _, ax = plt.subplots(figsize=(min(width, 30.0), min(height, 20.0)))
    if profile is not None:
        profile = game._as_behavior(profile, "plot_tree")
    pos = _layout(game)
    cmap = plt.get_cmap("tab10")
    for nd in game.nodes:
        x, y = pos[nd.index]
        if nd.is_terminal:
            ax.plot([x], [y], marker="o", markersize=3, color="black", zorder=3)
            if show_payoffs:
                pay = game.node_payoffs(nd.index)
                ax.annotate("(" + ", ".join(_fmt(v) for v in pay) + ")", (x, y),
                            xytext=(0, -10), textcoords="offset points", ha="center", va="top",
                            fontsize=fontsize)
        else:
            s = game.infoset(nd)
            if nd.player == CHANCE:
                ax.plot([x], [y], marker="s", markersize=7, color="0.5", zorder=3)
            else:
                ax.plot([x], [y], marker="o", markersize=8, color=cmap(nd.player % 10),
                        zorder=3)
                ax.annotate(game.players[nd.player], (x, y), xytext=(0, 7),
                            textcoords="offset points", ha="center", va="bottom",
                            fontsize=fontsize, color=cmap(nd.player % 10))
            for a, ch in enumerate(nd.children):
                cx, cy = pos[ch]
                lw, label = 1.0, s.actions[a]
                if nd.player == CHANCE:
                    label += f" ({_fmt(s.probabilities[a])})"
                elif profile is not None:
                    p = profile.probabilities[nd.player][nd.infoset][a]
                    if p > 0:
                        lw = 2.5
                        if p != 1:
                            label += f" [{_fmt(p)}]"
                ax.plot([x, cx], [y, cy], color="black", linewidth=lw, zorder=1)
                side = "right" if cx < x else "left" if cx > x else "center"
                shift = -4 if side == "right" else 4 if side == "left" else 0
                ax.annotate(label, ((x + cx) / 2, (y + cy) / 2), xytext=(shift, 0),
                            textcoords="offset points", ha=side, va="center",
                            fontsize=fontsize)
        if node_labels and nd.label:
            ax.annotate(nd.label, (x, y), xytext=(6, 0), textcoords="offset points",
                        fontsize=fontsize, color="0.3")
    for p, sets in enumerate(game.infosets):
        for s in sets:
            if len(s.nodes) < 2:
                continue
            pts = sorted(pos[k] for k in s.nodes)
            ax.plot([q[0] for q in pts], [q[1] for q in pts], linestyle="--",
                    color=cmap(p % 10), linewidth=1.2, zorder=2)
    ax.set_axis_off()
    ax.set_title(game.title or ", ".join(game.players))
    xs = [q[0] for q in pos.values()]
    ys = [q[1] for q in pos.values()]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.6)
    return ax

"""Draw a game tree with matplotlib (optional extra ``plot``).

:func:`plot_tree` lays the tree out top-down: terminal nodes evenly spaced on the bottom of their
depth, every other node centred above its children. Decision nodes are coloured by player,
chance nodes are grey squares, moves are labelled with their actions (and nature's
probabilities), and terminal nodes show the payoff vector. An information set with more than one
node rings its nodes and joins them by a dashed bracket drawn *above* the row of nodes (so it
never runs through another node), labelled once with the player and the set's name; brackets of
different sets at one depth are stacked at different heights. The figure is as wide as the
longest payoff or action label needs, so labels do not overlap; the players' colours are
explained in a legend beside the tree. An optional behaviour profile highlights the actions
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
        The game to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new figure by default).
    profile : BehaviorProfile, optional
        Actions played with positive probability are drawn thick, with their probability.
    show_payoffs : bool
        Write the payoff vector under each terminal node.
    node_labels : bool
        Write the node labels next to the nodes.
    fontsize : float
        Size of the labels, in points.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

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
    from ._style import legend_outside, new_axes, palette

    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"plot_tree: expected an ExtensiveFormGame, got "
                               f"{type(game).__name__}")
    from matplotlib.lines import Line2D

    if profile is not None:
        profile = game._as_behavior(profile, "plot_tree")
    pos = _layout(game)
    pay_text = {z: "(" + ", ".join(_fmt(v) for v in game.node_payoffs(z)) + ")"
                for z in game.terminal_nodes}
    if ax is None:
        # wide enough that neighbouring payoff and action labels do not overlap
        longest = max([len(s) for s in pay_text.values()] if show_payoffs else [1])
        longest = max([longest] + [len(a) + 6 for sets in game.infosets for s in sets
                                   for a in s.actions] + [len(a) + 8 for s in game.chance_infosets
                                                          for a in s.actions])
        per_leaf = max(0.9, 0.6 * fontsize / 72 * longest + 0.25)
        width = 2.0 + per_leaf * max(1, len(game.terminal_nodes))
        height = max(3.0, 1.3 * (1 + max(nd.depth for nd in game.nodes)))
        ax = new_axes(figsize=(min(width, 40.0), min(height, 20.0)), layout="constrained")
    colours = palette(max(1, game.num_players))
    for nd in game.nodes:
        x, y = pos[nd.index]
        if nd.is_terminal:
            ax.plot([x], [y], marker="o", markersize=3, color="black", zorder=3)
            if show_payoffs:
                ax.annotate(pay_text[nd.index], (x, y), xytext=(0, -8),
                            textcoords="offset points", ha="center", va="top",
                            fontsize=fontsize)
            continue
        s = game.infoset(nd)
        if nd.player == CHANCE:
            ax.plot([x], [y], marker="s", markersize=7, color="0.5", zorder=3)
        else:
            colour = colours[nd.player]
            ax.plot([x], [y], marker="o", markersize=8, color=colour, zorder=3)
            if len(s.nodes) == 1:
                ax.annotate(game.players[nd.player], (x, y), xytext=(0, 7),
                            textcoords="offset points", ha="center", va="bottom",
                            fontsize=fontsize, color=colour)
            else:      # a ring: this node shares its information set
                ax.plot([x], [y], marker="o", markersize=15, markerfacecolor="none",
                        markeredgecolor=colour, markeredgewidth=1.2, zorder=3)
        for a, ch in enumerate(nd.children):
            cx, cy = pos[ch]
            lw, label = 1.0, s.actions[a]
            if nd.player == CHANCE:
                label += f" ({_fmt(s.probabilities[a])})"
            elif profile is not None:
                pr = profile.probabilities[nd.player][nd.infoset][a]
                if pr > 0:
                    lw = 2.5
                    if pr != 1:
                        label += f" [{_fmt(pr)}]"
            ax.plot([x, cx], [y, cy], color="black", linewidth=lw, zorder=1)
            side = "right" if cx < x else "left" if cx > x else "center"
            shift = -4 if side == "right" else 4 if side == "left" else 0
            # 45% of the way down the edge: clear of the brackets above the children
            ax.annotate(label, (x + 0.45 * (cx - x), y + 0.45 * (cy - y)), xytext=(shift, 0),
                        textcoords="offset points", ha=side, va="center", fontsize=fontsize)
        if node_labels and nd.label:
            ax.annotate(nd.label, (x, y), xytext=(9, -2), textcoords="offset points",
                        ha="left", va="top", fontsize=fontsize, color="0.3")
    # information sets: a bracket above the row of their nodes, one height per set at a depth
    styles = ["--", ":", "-."]
    stack: dict[float, int] = {}
    for p, sets in enumerate(game.infosets):
        for s in sets:
            if len(s.nodes) < 2:
                continue
            pts = sorted(pos[k] for k in s.nodes)
            top = max(q[1] for q in pts)
            level = stack.get(top, 0)
            stack[top] = level + 1
            h = top + 0.2 + 0.1 * level
            xs = [q[0] for q in pts]
            colour = colours[p]
            style = styles[level % len(styles)]
            ax.plot([xs[0], xs[-1]], [h, h], linestyle=style, color=colour, linewidth=1.2,
                    zorder=2)
            for qx, qy in pts:
                ax.plot([qx, qx], [qy + 0.07, h], linestyle=style, color=colour,
                        linewidth=1.0, zorder=2)
            ax.annotate(game.players[p], (xs[0], h), xytext=(-4, 0), textcoords="offset points",
                        ha="right", va="center", fontsize=fontsize, color=colour)
            if s.label:
                ax.annotate(s.label, (xs[-1], h), xytext=(4, 0), textcoords="offset points",
                            ha="left", va="center", fontsize=fontsize, color=colour,
                            style="italic")
    ax.set_axis_off()
    ax.set_title(game.title or ", ".join(game.players))
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=8, color=colours[i],
                      label=name) for i, name in enumerate(game.players)]
    if game.chance_infosets:
        handles.append(Line2D([], [], linestyle="none", marker="s", markersize=7, color="0.5",
                              label="chance"))
    legend_outside(ax, handles, title="moves")
    xs = [q[0] for q in pos.values()]
    ys = [q[1] for q in pos.values()]
    ax.set_xlim(min(xs) - 0.9, max(xs) + 0.9)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    return ax

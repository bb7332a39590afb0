"""Figures fit for a paper: every plotting function renders (Agg) with a title, axis labels in
words, a colour bar where colour encodes a value, legends outside the data, and categorical
colours that never repeat within a figure."""

from __future__ import annotations

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import contracts as ct  # noqa: E402
from contracts.bounded import logit_branch  # noqa: E402
from contracts.dynamics import replicator  # noqa: E402
from contracts.games.extensive_form import (ExtensiveFormGame, chance, decision,  # noqa: E402
                                            leaf)
from contracts.games.population import tripartite_supervision  # noqa: E402
from contracts.plot import (budget_cut_figure, cube_portrait, plot_payoff_set,  # noqa: E402
                            plot_tree, qre_curves, regime_map, simplex_portrait,
                            square_portrait, trajectory_plot)
from contracts.plot._style import palette, words  # noqa: E402

CYCLE = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _render(ax):
    ax.figure.canvas.draw()
    return ax.figure.canvas.get_renderer()


def _no_snake_case(*labels):
    for text in labels:
        assert text and "_" not in text, f"label {text!r} is not in words"


def _legend_outside(ax):
    """The legend's box does not overlap the axes' data area."""
    renderer = _render(ax)
    leg = ax.get_legend()
    assert leg is not None
    box = leg.get_window_extent(renderer)
    for other in ax.figure.axes:        # the data area, and the colour bar if there is one
        area = other.get_window_extent(renderer)
        assert box.x0 >= area.x1 or box.x1 <= area.x0 or box.y0 >= area.y1 or box.y1 <= area.y0
    return leg


def _has_colorbar(ax):
    return any(getattr(other, "_colorbar", None) is not None for other in ax.figure.axes
               if other is not ax)


def _line_colours(ax):
    return [to_hex(line.get_color()) for line in ax.get_lines() if line.get_label()[:1] != "_"]


# -- the palette itself ------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 3, 10, 11, 17, 20, 21, 35, 60])
def test_palette_never_repeats(n):
    colours = palette(n)
    assert len(colours) == n and len({to_hex(c) for c in colours}) == n


def test_words():
    assert words("evaluation_accuracy") == "evaluation accuracy" and words("lam") == "λ"


# -- one test per plotting function ----------------------------------------------------------
def test_simplex_portrait_figure():
    ax = simplex_portrait([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], starts=[[0.5, 0.3, 0.2]],
                          horizon=5, resolution=6)
    assert ax.get_title() == "replicator dynamics on the simplex"
    assert _has_colorbar(ax)          # arrow colour = speed: explained by a colour bar
    cbar = next(a for a in ax.figure.axes if a is not ax)
    _no_snake_case(cbar.get_ylabel())
    _legend_outside(ax)


def test_square_portrait_figure():
    ax = square_portrait(CYCLE, starts=[(0.3, 0.3)], horizon=5)
    ax.figure.set_size_inches(6, 6)
    assert ax.get_title() and _has_colorbar(ax)
    _no_snake_case(ax.get_xlabel(), ax.get_ylabel())
    leg = _legend_outside(ax)
    colours = [to_hex(h.get_color()) for h in leg.legend_handles]
    assert len(set(colours)) == len(colours) == 2       # saddle and centre


def test_cube_portrait_figure():
    ax = cube_portrait(tripartite_supervision("control"), starts=[(0.2, 0.2, 0.2),
                                                                  (0.8, 0.8, 0.8),
                                                                  (0.5, 0.5, 0.5)], horizon=5)
    assert ax.get_title() == "three-population replicator dynamics"
    _no_snake_case(ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel())
    trajectories = [to_hex(line.get_color()) for line in ax.get_lines()]
    assert len(trajectories) == 3 and len(set(trajectories)) == 3


def test_qre_curves_figure():
    g = ct.NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    ax = qre_curves(logit_branch(g, max_lambda=50))
    assert ax.get_title() and "λ" in ax.get_xlabel() and "lam" not in ax.get_xlabel()
    _no_snake_case(ax.get_xlabel(), ax.get_ylabel())
    _legend_outside(ax)
    colours = _line_colours(ax)
    assert len(colours) == 4 and len(set(colours)) == 4


def test_trajectory_plot_figure():
    tr = replicator(tripartite_supervision("control"), [0.4, 0.6, 0.5], 5)
    ax = trajectory_plot(tr, first_only=False)
    assert ax.get_title() == "replicator dynamics"
    _no_snake_case(ax.get_xlabel(), ax.get_ylabel())
    _legend_outside(ax)
    colours = _line_colours(ax)
    assert len(colours) == 6 and len(set(colours)) == 6


def test_plot_payoff_set_figure():
    pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    ax = plot_payoff_set(ct.RepeatedGame(pd, 0.75).payoff_set())
    assert "discount factor 0.75" in ax.get_title()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("player 1", "player 2")
    _no_snake_case(ax.get_xlabel(), ax.get_ylabel())
    _legend_outside(ax)


def test_regime_map_figure_with_many_categories():
    # 14 regimes, numeric ones with long decimals: 14 distinct colours, rounded labels
    res = ct.sweep(lambda p: {"regime": p["cost_share"] / 3 if p["discount"] < 0.5 else
                              f"regime {int(p['cost_share'] * 10)}"},
                   grid={"cost_share": [k / 10 for k in range(1, 8)],
                         "discount": [0.25, 0.75]})
    ax = regime_map(res, "cost_share", "discount")
    assert ax.get_title() == "regime by cost share and discount"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("cost share", "discount")
    leg = _legend_outside(ax)
    labels = [t.get_text() for t in leg.get_texts()]
    assert len(labels) == 14 and all(len(t) <= 10 for t in labels)     # 0.0333 not 0.0333...
    colours = [to_hex(h.get_facecolor()) for h in leg.get_patches()]
    assert len(set(colours)) == len(colours) == 14
    # the cells use exactly the legend's colours
    mesh = ax.collections[0]
    assert {to_hex(c) for c in mesh.cmap(mesh.norm(mesh.get_array().compressed()))} \
        == set(colours)


def test_plot_tree_figure_keeps_information_sets_readable():
    cards = ["J", "Q", "K", "A"]
    deal = {c: ("1/4", decision("agency", {
        "bet": decision("government", {"call": leaf(i, -i), "fold": leaf(1, -1)},
                        infoset="after bet"),
        "check": decision("government", {"raise": leaf(i, -i), "pass": leaf(0, 0)},
                          infoset="after check")}, infoset=f"holds {c}"))
        for i, c in enumerate(cards)}
    g = ExtensiveFormGame.from_tree(["agency", "government"], chance(deal), title="poker")
    ax = plot_tree(g)
    assert ax.get_title() == "poker"
    renderer = _render(ax)
    # no two labels overlap
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b) or a.intersection(a, b).width * \
                a.intersection(a, b).height < 1.0
    # information-set brackets never run through a node: every node lies off every bracket
    nodes = {(round(x, 6), round(y, 6)) for line in ax.get_lines() if line.get_marker() in "os"
             for x, y in zip(line.get_xdata(), line.get_ydata())}
    brackets = [line for line in ax.get_lines() if line.get_linestyle() in ("--", ":", "-.")]
    assert brackets
    for line in brackets:
        (x0, x1), (y0, y1) = line.get_xdata(), line.get_ydata()
        for nx, ny in nodes:
            if y0 == y1:                           # the horizontal part, above the row
                assert not (min(x0, x1) <= nx <= max(x0, x1) and abs(ny - y0) < 0.1)
            else:                                  # the ticks start above their own node
                assert min(y0, y1) > ny or not (abs(nx - x0) < 1e-9)
    leg = _legend_outside(ax)
    colours = [to_hex(h.get_color()) for h in leg.legend_handles]
    assert len(set(colours)) == len(colours) == 3          # two players and chance


def test_budget_cut_figure_one_quantity_per_axis():
    res = ct.sweep(lambda p: {"dismissed": int(p["budget_cut"] // 3),
                              "agency_profit": 5 - 0.5 * p["budget_cut"]},
                   grid={"budget_cut": [0, 1.5, 3, 4.5, 6, 7.5, 9]})
    top, bottom = budget_cut_figure(res, critical_cut=3)
    assert top.get_title() and top.figure is bottom.figure and top is not bottom
    assert top.get_ylabel() == "workers dismissed"
    assert bottom.get_ylabel() == "agency profit (money)" and "budget cut" in bottom.get_xlabel()
    _legend_outside(top)
    _legend_outside(bottom)
    assert to_hex(top.get_lines()[0].get_color()) != to_hex(bottom.get_lines()[0].get_color())

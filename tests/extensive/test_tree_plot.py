"""plot_tree draws game trees (matplotlib, optional)."""

from __future__ import annotations

import pathlib

import pytest

from contracts.exceptions import InvalidGameError
from contracts.io.efg import read_efg

GAMBIT = pathlib.Path(__file__).parents[1] / "data" / "corpus" / "gambit"


def test_plot_tree_returns_axes_with_labels():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from contracts.equilibrium.sequence_form import sequence_form_lcp
    from contracts.plot_tree import plot_tree

    g = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg")
    ax = plot_tree(g, profile=sequence_form_lcp(g)[0].profile, node_labels=True)
    texts = {t.get_text() for t in ax.texts}
    assert {"King (1/2)", "Queen (1/2)", "Alice", "Bob", "(2, -2)"} <= texts
    assert "Bet [1/3]" in texts and "Fold [2/3]" in texts      # mixed actions annotated
    assert ax.get_title() == "A simple Poker game"
    # Bob's information set is drawn as one dashed line joining his two nodes
    assert any(line.get_linestyle() == "--" for line in ax.lines)
    fig, ax2 = plt.subplots()
    assert plot_tree(g, ax=ax2, show_payoffs=False) is ax2
    assert "(2, -2)" not in {t.get_text() for t in ax2.texts}
    plt.close("all")


def test_plot_tree_rejects_other_objects():
    pytest.importorskip("matplotlib")
    from contracts.plot_tree import plot_tree
    with pytest.raises(InvalidGameError, match="expected an ExtensiveFormGame"):
        plot_tree([[1, 2]])

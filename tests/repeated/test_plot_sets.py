"""plot_payoff_set: draws polygons, segments, points and empty sets; returns the Axes."""

from __future__ import annotations

import pytest

import contracts as ct
from contracts.equilibrium.payoff_sets import PayoffSet, abreu_sannikov
from contracts.exceptions import InvalidParameterError, UnsupportedGameError

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from contracts.plot_sets import plot_payoff_set  # noqa: E402

PD = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]],
                                     players=("government", "agency"))


@pytest.mark.parametrize("delta, kind", [(0.75, "patch"), (0.2, "line"), (0.1, "line")])
def test_plot_shapes(delta, kind):
    import matplotlib.pyplot as plt
    V = abreu_sannikov(PD, delta)
    ax = plot_payoff_set(V)
    assert ax.get_xlabel() == "government" and ax.get_ylabel() == "agency"
    assert "0.75" in ax.get_title() or delta != 0.75
    if kind == "patch":
        assert len(ax.patches) == 2             # feasible set and the equilibrium set
    else:
        assert len(ax.patches) == 1 and len(ax.lines) >= 2
    ax2 = plot_payoff_set(V, ax=ax, feasible=False, color="C3", label="again")
    assert ax2 is ax
    plt.close("all")


def test_plot_empty_and_without_stage():
    import matplotlib.pyplot as plt
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-2, 1]], [[-1, 2], [2, 0]])
    ax = plot_payoff_set(abreu_sannikov(g, 0.05))
    assert any("no pure-strategy" in t.get_text() for t in ax.texts)
    ax = plot_payoff_set(PayoffSet.from_points([[0, 0], [1, 0], [0, 1]]))
    assert len(ax.patches) == 1
    plt.close("all")


def test_plot_bad_input():
    with pytest.raises(InvalidParameterError):
        plot_payoff_set([[0, 0], [1, 1]])
    with pytest.raises(UnsupportedGameError):
        plot_payoff_set(PayoffSet.from_points([[0, 0, 0], [1, 1, 1]]))

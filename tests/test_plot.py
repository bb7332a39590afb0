"""contracts.plot: phase portraits and QRE curves (matplotlib, Agg backend)."""

from __future__ import annotations

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import contracts as ct  # noqa: E402
from contracts.bounded import logit_branch  # noqa: E402
from contracts.dynamics import fictitious_play, replicator  # noqa: E402
from contracts.exceptions import InvalidGameError, UnsupportedGameError  # noqa: E402
from contracts.games.population import tripartite_supervision  # noqa: E402
from contracts.plot import (cube_portrait, qre_curves, simplex_portrait,  # noqa: E402
                            square_portrait, trajectory_plot)

CYCLE = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_simplex_portrait():
    fig, ax = plt.subplots()
    out = simplex_portrait([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], ax=ax,
                           starts=[[0.5, 0.3, 0.2]], horizon=5, resolution=6)
    assert out is ax
    assert len(ax.lines) >= 2          # triangle + trajectory + rest points
    assert {t.get_text() for t in ax.texts} >= {"s1", "s2", "s3"}
    with pytest.raises(UnsupportedGameError):
        simplex_portrait([[1, 0], [0, 1]])


def test_square_portrait():
    ax = square_portrait(CYCLE, starts=[(0.3, 0.3)], horizon=5)
    assert ax.get_xlim() == (0, 1) and "player 1" in ax.get_xlabel()
    labels = {t.get_text() for t in ax.get_legend().get_texts()}
    assert labels == {"saddle", "centre"}
    with pytest.raises(UnsupportedGameError):
        square_portrait(tripartite_supervision("nominal"))


def test_cube_portrait():
    ax = cube_portrait(tripartite_supervision("control"), starts=[(0.5, 0.5, 0.5)], horizon=5)
    assert hasattr(ax, "zaxis") and len(ax.texts) == 8
    with pytest.raises(UnsupportedGameError):
        cube_portrait(CYCLE)


def test_qre_curves_and_trajectory_plot():
    g = ct.NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    ax = qre_curves(logit_branch(g, max_lambda=100), mark_limit=True)
    assert ax.get_xscale() == "log" and len(ax.get_legend().get_texts()) == 4
    fig, ax2 = plt.subplots()
    assert qre_curves(logit_branch(g, max_lambda=10), ax=ax2, players=[0],
                      log_lambda=False) is ax2
    assert trajectory_plot(replicator(CYCLE, [0.3, 0.3], 5)).get_xlabel() == "time"
    assert trajectory_plot(fictitious_play(CYCLE, 50)).get_xlabel() == "rounds"
    with pytest.raises(InvalidGameError):
        qre_curves(g)
    with pytest.raises(InvalidGameError):
        trajectory_plot(g)

"""Figures (optional extra ``plot``: matplotlib, imported only when a function is called).

Every function takes ``ax=None`` (a new figure is made when it is None) and returns the
matplotlib Axes it drew on.

- :func:`simplex_portrait`: replicator phase portrait of one population with three strategies
  on the triangle (simplex), with rest points marked by stability;
- :func:`square_portrait`: two populations with two strategies each on the unit square;
- :func:`cube_portrait`: three two-strategy populations (e.g. government x agency x public) in
  the unit cube;
- :func:`qre_curves`: choice probabilities along a logit QRE branch against ``lam``;
- :func:`trajectory_plot`: strategy shares of a :class:`~contracts.dynamics.Trajectory` over
  time.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError, UnsupportedGameError
from ._style import colorbar, legend_below, legend_outside, new_axes, palette

__all__ = ["simplex_portrait", "square_portrait", "cube_portrait", "qre_curves",
           "trajectory_plot"]

_STYLE = {"ESS": dict(marker="o", color="black", fillstyle="full"),
          "stable": dict(marker="o", color="tab:blue", fillstyle="full"),
          "saddle": dict(marker="o", color="tab:orange", fillstyle="none"),
          "unstable_source": dict(marker="o", color="tab:red", fillstyle="none"),
          "centre": dict(marker="s", color="tab:green", fillstyle="none"),
          "non-hyperbolic": dict(marker="D", color="tab:purple", fillstyle="none")}


def _mark(ax, xy, typ, label=None, **kw):
    st = dict(_STYLE.get(typ, _STYLE["non-hyperbolic"]))
    ax.plot(*xy, linestyle="none", markersize=8, label=label, **st, **kw)


def _legend_types(ax, types, *, below=False):
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], linestyle="none", markersize=8, label=t, **_STYLE[t])
               for t in _STYLE if t in types]
    if handles and below:         # a colour bar takes the right side
        legend_below(ax, handles, title="rest points")
    elif handles:
        legend_outside(ax, handles, title="rest points")


# ----------------------------------------------------------------------------------------------
# simplex (one population, three strategies)
# ----------------------------------------------------------------------------------------------
_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])


def _to_xy(p):
    p = np.atleast_2d(np.asarray(p, dtype=float))
    return p @ _CORNERS


def simplex_portrait(game: Any, *, ax=None, symmetric: bool | None = True,
                     starts: Sequence | None = None, horizon: float = 30.0,
                     resolution: int = 15, mark_rest_points: bool = True):
    """Replicator phase portrait of a one-population game with three strategies.

    Parameters
    ----------
    game : array_like (3x3) or symmetric NormalFormGame
        The population game (payoffs of the row strategy against each column strategy).
    ax : matplotlib Axes, optional
        Where to draw (a new figure by default).
    symmetric : bool or None
        Treat a two-player game as one population (its row player's payoffs).
    starts : sequence of share vectors, optional
        Draw the trajectories from these starts.
    horizon : float
        Length of each drawn trajectory.
    resolution : int
        Arrows per side of the triangle.
    mark_rest_points : bool
        Mark rest points by stability (see :func:`contracts.dynamics.rest_points`).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (a colour bar beside them shows the speed of change).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from contracts.plot import simplex_portrait
    >>> ax = simplex_portrait([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], starts=[[0.5, 0.3, 0.2]])
    """
    from ..dynamics.replicator import _Populations, replicator
    pop = _Populations(game, symmetric, "simplex_portrait")
    if not pop.single or pop.sizes != (3,):
        raise UnsupportedGameError("simplex_portrait: needs one population with three "
                                   f"strategies; got strategy counts {pop.sizes}")
    ax = new_axes(ax)
    ax.plot(*np.vstack([_CORNERS, _CORNERS[:1]]).T, color="black", linewidth=1)
    for k, lab in enumerate(pop.labels[0]):
        off = np.array([[-0.04, -0.05], [0.04, -0.05], [0.0, 0.04]])[k]
        ax.annotate(lab, _CORNERS[k] + off, ha="center")
    n = int(resolution)
    pts, vel = [], []
    for i in range(n + 1):
        for j in range(n + 1 - i):
            p = np.array([i, j, n - i - j], dtype=float) / n
            p = 0.98 * p + 0.02 / 3        # stay off the boundary
            pts.append(_to_xy(p)[0])
            vel.append(_to_xy(pop.replicator(p))[0] - _to_xy(np.zeros(3))[0])
    pts, vel = np.array(pts), np.array(vel)
    speed = np.linalg.norm(vel, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = np.where(speed[:, None] > 0, vel / speed[:, None], 0.0)
    arrows = ax.quiver(pts[:, 0], pts[:, 1], unit[:, 0], unit[:, 1], speed, cmap="viridis",
                       angles="xy", scale_units="xy", scale=2.2 * n, width=0.004)
    colorbar(ax, arrows, "speed of change of the shares")
    for s in starts or ():
        tr = replicator(game, s, horizon, symmetric=symmetric)
        xy = _to_xy(tr.states)
        ax.plot(xy[:, 0], xy[:, 1], color="tab:blue", linewidth=1.2)
        ax.plot(*xy[0], marker=".", color="tab:blue")
    if mark_rest_points:
        from ..dynamics.stability import rest_points
        rep = rest_points(game, symmetric=symmetric)
        for p in rep:
            _mark(ax, _to_xy(p.profile[0])[0], p.type)
        _legend_types(ax, {p.type for p in rep}, below=True)
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.1, 0.95)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title("replicator dynamics on the simplex")
    return ax


# ----------------------------------------------------------------------------------------------
# unit square (two populations, two strategies each)
# ----------------------------------------------------------------------------------------------
def square_portrait(game: Any, *, ax=None, starts: Sequence | None = None,
                    horizon: float = 20.0, density: float = 1.0,
                    mark_rest_points: bool = True):
    """Replicator phase portrait of two populations with two strategies each.

    ``x`` (horizontal) and ``y`` (vertical) are the shares playing each population's first
    strategy. Rest points are marked by Friedman's det/trace classification.

    Parameters
    ----------
    game : NormalFormGame or PopulationGame
        Two players (populations) with two strategies each.
    ax : matplotlib Axes, optional
        Where to draw (a new figure by default).
    starts : sequence of (x, y), optional
        Draw the trajectories from these starts.
    horizon : float
        Length of each drawn trajectory.
    density : float
        Density of the stream lines.
    mark_rest_points : bool
        Mark the rest points by stability.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (a colour bar beside them shows the speed of change).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import contracts as ct
    >>> from contracts.plot import square_portrait
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> ax = square_portrait(g, starts=[(0.3, 0.3)])
    """
    from ..dynamics.replicator import _Populations, replicator
    pop = _Populations(game, False, "square_portrait")
    if pop.single or pop.sizes != (2, 2):
        raise UnsupportedGameError("square_portrait: needs two populations with two strategies "
                                   f"each; got strategy counts {pop.sizes}")
    ax = new_axes(ax)
    g = np.linspace(0.0, 1.0, 25)
    X, Y = np.meshgrid(g, g)
    U = np.empty_like(X)
    V = np.empty_like(Y)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            v = pop.replicator(np.array([X[i, j], 1 - X[i, j], Y[i, j], 1 - Y[i, j]]))
            U[i, j], V[i, j] = v[0], v[2]
    stream = ax.streamplot(X, Y, U, V, density=density, color=np.hypot(U, V), cmap="viridis",
                           linewidth=0.8)
    colorbar(ax, stream.lines, "speed of change of the shares")
    for s in starts or ():
        tr = replicator(game, s, horizon)
        f = tr.first_shares
        ax.plot(f[:, 0], f[:, 1], color="tab:red", linewidth=1.5)
        ax.plot(f[0, 0], f[0, 1], marker=".", color="tab:red")
    if mark_rest_points:
        from ..dynamics.stability import friedman_table
        table = friedman_table(game)
        types = set()
        for row in table.rows.values():
            typ = "unstable_source" if row["type"] == "unstable" else row["type"]
            types.add(typ)
            _mark(ax, row["point"], typ, clip_on=False)
    ax.set_xlabel(f"x = share of {pop.names[0]} playing {pop.labels[0][0]!r}")
    if mark_rest_points:
        _legend_types(ax, types, below=True)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel(f"x = share of {pop.names[0]} playing {pop.labels[0][0]!r}")
    ax.set_ylabel(f"y = share of {pop.names[1]} playing {pop.labels[1][0]!r}")
    ax.set_title("two-population replicator dynamics")
    return ax


# ----------------------------------------------------------------------------------------------
# unit cube (three two-strategy populations)
# ----------------------------------------------------------------------------------------------
def cube_portrait(game: Any, *, ax=None, starts: Sequence | None = None,
                  horizon: float = 50.0, mark_vertices: bool = True):
    """Replicator trajectories of three two-strategy populations in the unit cube.

    Parameters
    ----------
    game : NormalFormGame or PopulationGame
        Three players with two strategies each (e.g. :func:`~contracts.games.population.
        tripartite_supervision`).
    ax : 3-D matplotlib Axes, optional
        Where to draw (a new 3-D figure by default).
    starts : sequence of (x, y, z), optional
        Default: the eight starts in ``{0.2, 0.8}^3`` and the centre.
    horizon : float
        Length of each drawn trajectory.
    mark_vertices : bool
        Mark the eight pure-strategy vertices by stability.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from contracts.games.population import tripartite_supervision
    >>> from contracts.plot import cube_portrait
    >>> ax = cube_portrait(tripartite_supervision("control"), horizon=20)
    """
    import itertools
    from ..dynamics.replicator import _Populations, replicator
    pop = _Populations(game, False, "cube_portrait")
    if pop.single or pop.sizes != (2, 2, 2):
        raise UnsupportedGameError("cube_portrait: needs three populations with two strategies "
                                   f"each; got strategy counts {pop.sizes}")
    ax = new_axes(ax, projection="3d")
    if not hasattr(ax, "zaxis"):
        raise InvalidGameError("cube_portrait: ax must be a 3-D Axes "
                               "(fig.add_subplot(projection='3d'))")
    if starts is None:
        starts = list(itertools.product((0.2, 0.8), repeat=3)) + [(0.5, 0.5, 0.5)]
    colours = palette(len(starts))
    for s, colour in zip(starts, colours):
        f = replicator(game, s, horizon).first_shares
        ax.plot(f[:, 0], f[:, 1], f[:, 2], linewidth=1.0, color=colour)
        ax.scatter(*f[0], marker=".", color="grey")
    if mark_vertices:
        from ..dynamics.stability import vertex_report
        rep = vertex_report(game)
        _legend_types(ax, {p.type for p in rep})
        for p in rep:
            st = _STYLE.get(p.type, _STYLE["non-hyperbolic"])
            ax.scatter(*p.point, s=60, marker=st["marker"],
                       facecolors=st["color"] if st["fillstyle"] == "full" else "none",
                       edgecolors=st["color"])
            ax.text(*p.point, f" {p.label}", fontsize="small")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_zlim(0, 1)
    ax.set_xlabel(f"share of {pop.names[0]} playing {pop.labels[0][0]!r}")
    ax.set_ylabel(f"share of {pop.names[1]} playing {pop.labels[1][0]!r}")
    ax.set_zlabel(f"share of {pop.names[2]} playing {pop.labels[2][0]!r}")
    ax.set_title("three-population replicator dynamics")
    return ax


# ----------------------------------------------------------------------------------------------
# QRE curves and trajectories over time
# ----------------------------------------------------------------------------------------------
def qre_curves(branch: Any, *, ax=None, players: Sequence[int] | None = None,
               log_lambda: bool = True, mark_limit: bool = False):
    """Choice probabilities along a logit QRE branch against the precision ``lam``.

    Parameters
    ----------
    branch : QREBranch
        From :func:`contracts.bounded.logit_branch`.
    ax : matplotlib Axes, optional
        Where to draw (a new figure by default).
    players : sequence of int, optional
        Which players to draw (default all).
    log_lambda : bool, default True
        Logarithmic ``lam`` axis (the branch starts at ``lam = 0``, drawn from the first
        positive ``lam``).
    mark_limit : bool
        Also mark the Nash equilibrium at the end of the branch.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import contracts as ct
    >>> from contracts.bounded import logit_branch
    >>> from contracts.plot import qre_curves
    >>> g = ct.NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> ax = qre_curves(logit_branch(g, max_lambda=100))
    """
    if not hasattr(branch, "lambdas") or not hasattr(branch, "profiles"):
        raise InvalidGameError("qre_curves: expected a QREBranch (contracts.bounded."
                               "logit_branch)")
    ax = new_axes(ax)
    game = branch.game
    lams = np.asarray(branch.lambdas)
    keep = lams > 0 if log_lambda else np.ones_like(lams, dtype=bool)
    players = range(game.num_players) if players is None else players
    styles = ["-", "--", ":", "-."]
    players = list(players)
    colours = iter(palette(sum(game.num_actions[i] for i in players)))
    for i in players:
        for j, act in enumerate(game.actions[i]):
            ax.plot(lams[keep], branch.profiles[i][keep, j], linestyle=styles[i % 4],
                    color=next(colours), label=f"{game.players[i]}: {act}")
    if mark_limit:
        eq = branch.limit()
        right = float(lams.max())
        for i in players:
            for j in range(game.num_actions[i]):
                ax.plot(right, float(eq.strategies[i][j]), marker="o", color="black",
                        markersize=4)
    if log_lambda:
        ax.set_xscale("log")
    ax.set_xlabel("precision λ (log scale)" if log_lambda else "precision λ")
    ax.set_ylabel("choice probability")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title("logit QRE, principal branch")
    legend_outside(ax)
    return ax


def trajectory_plot(trajectory: Any, *, ax=None, populations: Sequence[int] | None = None,
                    first_only: bool | None = None):
    """Strategy shares of a :class:`~contracts.dynamics.Trajectory` against time.

    With two strategies per population only the first strategy's share is drawn (unless
    ``first_only=False``).

    Parameters
    ----------
    trajectory : Trajectory
        From :mod:`contracts.dynamics` (replicator, best response, logit, fictitious play).
    ax : matplotlib Axes, optional
        Where to draw (a new figure by default).
    populations : sequence of int, optional
        Which populations to draw (default all).
    first_only : bool, optional
        Draw only each population's first strategy (default: when all have two).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from contracts.dynamics import replicator
    >>> from contracts.plot import trajectory_plot
    >>> ax = trajectory_plot(replicator([[-1, 4], [0, 2]], [0.1, 0.9], 20))
    """
    if not hasattr(trajectory, "states") or not hasattr(trajectory, "times"):
        raise InvalidGameError("trajectory_plot: expected a Trajectory")
    ax = new_axes(ax)
    if first_only is None:
        first_only = all(len(s) == 2 for s in trajectory.strategies)
    pops = list(range(len(trajectory.populations)) if populations is None else populations)
    colours = iter(palette(sum(1 if first_only else len(trajectory.strategies[i])
                               for i in pops)))
    for i in pops:
        sh = trajectory.shares(i)
        acts = trajectory.strategies[i]
        for j in range(1 if first_only else sh.shape[1]):
            ax.plot(trajectory.times, sh[:, j], color=next(colours),
                    label=f"{trajectory.populations[i]}: {acts[j]}")
    ax.set_xlabel("rounds" if trajectory.dynamics == "fictitious play" else "time")
    ax.set_ylabel("share of the population")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(f"{trajectory.dynamics} dynamics")
    legend_outside(ax)
    return ax

"""Rest points of the replicator dynamics and their stability (Lyapunov's indirect method).

The facts this module respects (Hofbauer & Sigmund 1998; Weibull 1995):

* At a vertex (pure profile) of a multi-population replicator dynamic the eigenvalues are the
  payoff differences ``u_i(j, a_-i) - u_i(a)`` of every unused strategy ``j``; with two
  strategies per population the Jacobian is diagonal with entries ``(1 - 2x) F_x, ...``.
* A vertex is asymptotically stable iff all those are negative iff it is a **strict Nash
  equilibrium**; in multi-population dynamics ESS = strict Nash equilibrium (Selten 1980), and
  only pure strict equilibria can be asymptotically stable (Ritzberger & Weibull 1995). An
  interior or edge rest point is therefore **never** labelled an ESS here.
* Eigenvalues whose real part lies within a tolerance band of 0 make a point
  *non-hyperbolic*: it is reported as such, not classified by guesswork. The one exception is
  the interior rest point of a 2x2 bimatrix game with purely imaginary eigenvalues, which is a
  centre (the dynamic has a first integral, :func:`first_integral`).
* With one population (a symmetric game) an interior ESS is possible (Hawk–Dove); it is
  labelled ESS only when it passes the Maynard Smith test (:func:`is_ess`).

Main entry points: :func:`vertex_report` (the table of all vertices economists publish),
:func:`rest_points` (vertices plus rest points on faces and in the interior),
:func:`friedman_table` (Friedman 1991's det/trace table for two populations),
:func:`basin_counts`, :func:`is_ess`, :func:`first_integral`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidParameterError, UnsupportedGameError
from ..results import format_number
from ._stability_report import TYPES  # noqa: F401  (the report words, importable from here)
from ._stability_report import RestPoint, StabilityReport, _is_ess_single, classify
from ._stability_rest import _label, _vertex, rest_points, vertex_report
from .replicator import _Populations

__all__ = ["RestPoint", "StabilityReport", "FriedmanTable", "FirstIntegral", "classify",
           "vertex_report", "rest_points", "friedman_table", "basin_counts", "is_ess",
           "first_integral"]


# ----------------------------------------------------------------------------------------------
# Friedman's table (two populations, two strategies each)
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class FriedmanTable:
    """Friedman (1991)'s det/trace table for a two-population, 2x2 replicator dynamic.

    ``rows`` maps ``"(x,y)"`` labels (and ``"interior"``) to dicts with ``point``, ``det``,
    ``tr`` and ``type`` (``"ESS"`` if det > 0 and tr < 0 at a vertex, ``"saddle"`` if det < 0,
    ``"unstable"`` if det > 0 and tr > 0, ``"centre"`` for the interior point with tr = 0,
    ``"non-hyperbolic"`` when det = 0).

    Attributes
    ----------
    rows : dict
        The table, keyed by ``"(x,y)"`` labels and ``"interior"``.
    populations : tuple of str
        Population names.
    strategies : tuple of tuple of str
        Strategy labels.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> list(friedman_table(g).rows)
    ['(0,0)', '(0,1)', '(1,0)', '(1,1)', 'interior']
    """

    rows: dict
    populations: tuple = ()
    strategies: tuple = ()

    @property
    def ess(self) -> tuple[str, ...]:
        """Labels of the rows classified as ESS."""
        return tuple(k for k, r in self.rows.items() if r["type"] == "ESS")

    def __getitem__(self, key):
        return self.rows[key]

    def __iter__(self):
        return iter(self.rows)

    def __str__(self) -> str:
        lines = ["Friedman (1991) stability table, two populations "
                 f"({' x '.join(self.populations)}); x, y = shares playing "
                 f"{self.strategies[0][0]!r}, {self.strategies[1][0]!r}" if self.populations
                 else "Friedman (1991) stability table"]
        lines.append(f"  {'point':<10} {'(x, y)':<18} {'det J':>10} {'tr J':>10}  type")
        for k, r in self.rows.items():
            pt = "(" + ", ".join(format_number(v, 4) for v in r["point"]) + ")"
            lines.append(f"  {k:<10} {pt:<18} {format_number(r['det'], 4):>10} "
                         f"{format_number(r['tr'], 4):>10}  {r['type']}")
        lines.append("  ESS: " + (", ".join(self.ess) if self.ess else "none"))
        return "\n".join(lines)


def friedman_table(game: Any, *, tol: float = 1e-9) -> FriedmanTable:
    """Det/trace stability table of Friedman (1991) for a 2x2 two-population game.

    Parameters
    ----------
    game : NormalFormGame or PopulationGame
        Two players (populations) with two strategies each; ``x`` and ``y`` are the shares of
        each population's first strategy.
    tol : float
        Band (times the payoff scale) within which det or tr count as zero.

    Returns
    -------
    FriedmanTable
        Determinant, trace and type at each vertex and at the interior rest point.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import friedman_table
    >>> # x' = x(1-x)(3 - 5y), y' = y(1-y)(5x - 4)
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> t = friedman_table(g)
    >>> t["interior"]["type"], round(t["interior"]["det"], 6), t.ess
    ('centre', 0.96, ())
    """
    where = "friedman_table"
    tol = float(check_real(where, "tol", tol, low=0))
    pop = _Populations(game, False, where)
    if pop.single or pop.N != 2 or pop.sizes != (2, 2):
        raise UnsupportedGameError(
            f"{where}: needs two populations with two strategies each; got strategy counts "
            f"{pop.sizes}")
    band = tol * pop.scale
    rows = {}
    pts = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    rp = rest_points(game, tol=tol)
    interior = [p for p in rp.points if not p.vertex and all(0 < v < 1 for v in p.point)]
    for x, y in pts + [tuple(p.point) for p in interior]:
        prof = (np.array([x, 1 - x]), np.array([y, 1 - y]))
        J = pop.reduce(pop.replicator_jac_full(np.concatenate(prof)))
        det = float(np.linalg.det(J)) + 0.0
        tr = float(np.trace(J)) + 0.0
        vertex = x in (0.0, 1.0) and y in (0.0, 1.0)
        if abs(det) <= band * pop.scale:
            typ = "non-hyperbolic"
        elif det < 0:
            typ = "saddle"
        elif abs(tr) <= band:
            typ = "centre" if not vertex else "non-hyperbolic"
        elif tr < 0:
            typ = "ESS" if vertex else "stable"
        else:
            typ = "unstable"
        key = f"({int(x)},{int(y)})" if vertex else "interior"
        rows[key] = {"point": [x, y], "det": det, "tr": tr, "type": typ}
    return FriedmanTable(rows=rows, populations=pop.names, strategies=pop.labels)


# ----------------------------------------------------------------------------------------------
# ESS tests, basins, first integral
# ----------------------------------------------------------------------------------------------


def is_ess(game: Any, profile: Sequence, *, symmetric: bool | None = None,
           tol: float = 1e-9) -> bool:
    """Whether ``profile`` is an evolutionarily stable strategy.

    * One population (a square matrix, or ``symmetric=True``): Maynard Smith's conditions
      ``x.Ax >= y.Ax`` for all ``y``, with ``x.Ay > y.Ay`` for alternative best replies ``y``.
    * Several populations: ESS = strict Nash equilibrium (Selten 1980), so only pure
      profiles qualify.

    Parameters
    ----------
    game : NormalFormGame, PopulationGame or array_like
        As in :func:`~contracts.dynamics.replicator`.
    profile : sequence
        One mixed strategy per population (one vector for a single population).
    symmetric : bool, optional
        With a symmetric two-player game, ``True`` gives one-population dynamics.
    tol : float
        Tolerance of the payoff comparisons (times the payoff scale).

    Returns
    -------
    bool
        True if the profile is an ESS.

    Examples
    --------
    >>> from contracts.dynamics import is_ess
    >>> hawk_dove = [[-1, 4], [0, 2]]
    >>> is_ess(hawk_dove, [2/3, 1/3]), is_ess(hawk_dove, [1, 0])
    (True, False)
    """
    where = "is_ess"
    pop = _Populations(game, symmetric, where)
    x = pop.parse_state(profile, where, "profile")
    band = float(check_real(where, "tol", tol, low=0)) * pop.scale
    xs = pop.split(x)
    if pop.single:
        return _is_ess_single(pop.A, xs[0], band)
    if not all(np.count_nonzero(v > 1e-12) == 1 for v in xs):
        return False
    pure = [int(np.argmax(v)) for v in xs]
    return _vertex(pop, pure, band).strict_nash


def basin_counts(game: Any, starts: Sequence | None = None, *, horizon: float = 400.0,
                 symmetric: bool | None = None, tol: float = 1e-3, rtol: float = 1e-8,
                 atol: float = 1e-12) -> dict:
    """Where replicator trajectories from a grid of starts end up.

    Parameters
    ----------
    game : NormalFormGame, PopulationGame or array_like
        As in :func:`~contracts.dynamics.replicator`.
    starts : sequence, optional
        Initial states. Default: every combination of first-strategy shares in
        ``{0.2, 0.5, 0.8}`` (needs two strategies per population).
    horizon : float, default 400
        Length of time simulated from each start.
    symmetric : bool, optional
        With a symmetric two-player game, ``True`` gives one-population dynamics.
    tol : float
        A trajectory counts as converging to a vertex when it ends within ``tol`` of it.
    rtol, atol : float
        Tolerances of the ODE solver.

    Returns
    -------
    dict
        ``{vertex label: count}``, with ``"other"`` for trajectories not ending near a vertex.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import basin_counts
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> basin_counts(g, horizon=100)         # prisoner's dilemma: everybody defects
    {'00': 9}
    """
    from scipy.integrate import solve_ivp
    where = "basin_counts"
    pop = _Populations(game, symmetric, where)
    horizon = float(check_real(where, "horizon", horizon, low=0, low_open=True))
    if starts is None:
        if pop.single or not all(k == 2 for k in pop.sizes):
            raise InvalidParameterError(
                f"{where}: default starts need two strategies per population; pass starts=")
        starts = list(itertools.product((0.2, 0.5, 0.8), repeat=pop.N))
    X0 = np.vstack([pop.parse_state(s, where) for s in starts])
    B = X0.shape[0]
    # all starts integrated together as one system (same accuracy as one by one)
    sol = solve_ivp(lambda t, v: pop.replicator_batch(v.reshape(B, -1)).ravel(),
                    (0.0, horizon), X0.ravel(), method="DOP853", rtol=rtol, atol=atol,
                    t_eval=[horizon])
    if not sol.success:
        from ..exceptions import ConvergenceError
        raise ConvergenceError(f"{where}: the ODE solver failed: {sol.message}")
    final = sol.y[:, -1].reshape(B, -1)
    out: dict = {}
    for row in final:
        fin = pop.split(row)
        if all(np.max(v) >= 1 - tol for v in fin):
            key = _label(pop, [int(np.argmax(v)) for v in fin])
        else:
            key = "other"
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


@dataclass(frozen=True, eq=False)
class FirstIntegral:
    """Conserved quantity ``H(x, y)`` of a 2x2 two-population replicator dynamic.

    ``H = d [x* ln x + (1-x*) ln(1-x)] - b [y* ln y + (1-y*) ln(1-y)]`` for
    ``x' = x(1-x)(a + b y)``, ``y' = y(1-y)(c + d x)`` with interior rest point ``(x*, y*)``:
    orbits are closed curves ``H = const`` around the centre (Hofbauer & Sigmund 1998, ch. 10).

    Attributes
    ----------
    interior : tuple of float
        The interior rest point ``(x*, y*)``.
    coefficients : tuple of float
        ``(a, b, c, d)`` of the dynamic.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> first_integral(g).coefficients
    (3.0, -5.0, -4.0, 5.0)
    """

    interior: tuple
    coefficients: tuple           # (a, b, c, d)

    def __call__(self, x, y):
        a, b, c, d = self.coefficients
        xs, ys = self.interior
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        return (d * (xs * np.log(x) + (1 - xs) * np.log(1 - x))
                - b * (ys * np.log(y) + (1 - ys) * np.log(1 - y)))

    def expression(self):
        """The first integral as a sympy expression in ``x`` and ``y``.

        Returns
        -------
        sympy.Expr
            ``H(x, y)``.
        """
        import sympy as sp
        x, y = sp.symbols("x y", positive=True)
        a, b, c, d = (sp.nsimplify(v) for v in self.coefficients)
        xs, ys = (sp.nsimplify(v) for v in self.interior)
        return (d * (xs * sp.log(x) + (1 - xs) * sp.log(1 - x))
                - b * (ys * sp.log(y) + (1 - ys) * sp.log(1 - y)))

    def __str__(self) -> str:
        a, b, c, d = self.coefficients
        def lin(k, m, v):
            return f"{format_number(k)} {'-' if m < 0 else '+'} {format_number(abs(m))} {v}"
        return (f"first integral of x' = x(1-x)({lin(a, b, 'y')}), "
                f"y' = y(1-y)({lin(c, d, 'x')}): H = {self.expression()}")


def first_integral(game: Any) -> FirstIntegral:
    """The conserved quantity of a 2x2 two-population replicator dynamic with a centre.

    Parameters
    ----------
    game : NormalFormGame or PopulationGame
        Two populations with two strategies each.

    Returns
    -------
    FirstIntegral
        ``H``, callable at ``(x, y)``.

    Raises
    ------
    UnsupportedGameError
        Unless the game has two populations with two strategies each and an interior rest
        point.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import first_integral
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> H = first_integral(g)
    >>> H.interior, round(float(H(0.5, 0.5)), 6)
    ((0.8, 0.6), -6.931472)
    """
    where = "first_integral"
    pop = _Populations(game, False, where)
    if pop.single or pop.N != 2 or pop.sizes != (2, 2):
        raise UnsupportedGameError(f"{where}: needs two populations with two strategies each")
    A = pop.own[0]
    BT = pop.own[1]
    # F_x(y) = (A[0] - A[1]) . (y, 1-y) = a + b y
    dA = A[0] - A[1]
    a, b = float(dA[1]), float(dA[0] - dA[1])
    dB = BT[0] - BT[1]
    c, d = float(dB[1]), float(dB[0] - dB[1])
    if b == 0 or d == 0:
        raise UnsupportedGameError(f"{where}: a payoff difference does not depend on the other "
                                   "population, so there is no interior centre")
    xs, ys = -c / d, -a / b
    if not (0 < xs < 1 and 0 < ys < 1):
        raise UnsupportedGameError(
            f"{where}: no interior rest point (x*, y*) = ({xs:.6g}, {ys:.6g})")
    if b * d >= 0:
        raise UnsupportedGameError(f"{where}: the interior rest point is a saddle, not a centre")
    return FirstIntegral(interior=(xs, ys), coefficients=(a, b, c, d))

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
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidParameterError, UnsupportedGameError
from ..results import format_number
from .replicator import _Populations

__all__ = ["RestPoint", "StabilityReport", "FriedmanTable", "FirstIntegral", "classify",
           "vertex_report", "rest_points", "friedman_table", "basin_counts", "is_ess",
           "first_integral"]

#: the words used in reports
TYPES = ("ESS", "stable", "saddle", "unstable_source", "centre", "non-hyperbolic")


def classify(eigenvalues: Sequence[complex], *, tol: float = 1e-9, vertex: bool = False,
             single_population: bool = False, ess: bool | None = None,
             planar_centre: bool = False) -> str:
    """Stability type of a rest point from its Jacobian eigenvalues.

    Parameters
    ----------
    eigenvalues : sequence of complex
        Eigenvalues of the Jacobian at the rest point.
    tol : float
        Real parts within ``[-tol, tol]`` count as zero (non-hyperbolic).
    vertex : bool
        The point is a pure profile; all eigenvalues negative then means a strict Nash
        equilibrium, labelled ``"ESS"``.
    single_population : bool
        One population playing a symmetric game (an interior ESS is possible there).
    ess : bool, optional
        Result of the Maynard Smith test for a non-vertex point of a one-population dynamic.
    planar_centre : bool
        The point is the interior rest point of a 2x2 bimatrix replicator (then purely
        imaginary eigenvalues mean a centre).

    Returns
    -------
    str
        One of ``"ESS"``, ``"stable"`` (asymptotically stable, not an ESS), ``"saddle"``,
        ``"unstable_source"``, ``"centre"``, ``"non-hyperbolic"``.

    Examples
    --------
    >>> from contracts.dynamics import classify
    >>> classify([-1, -4, -0.5], vertex=True), classify([1, -1], vertex=True)
    ('ESS', 'saddle')
    >>> classify([-1, -1])                     # stable, but not a vertex: never an ESS
    'stable'
    >>> classify([1e-13, -2.0])
    'non-hyperbolic'
    """
    ev = np.asarray(eigenvalues, dtype=complex).reshape(-1)
    re = ev.real
    if ev.size == 0:
        return "ESS" if vertex else "stable"
    if np.any(np.abs(re) <= tol):
        if planar_centre and np.all(np.abs(re) <= tol) and np.all(np.abs(ev.imag) > tol):
            return "centre"
        return "non-hyperbolic"
    if np.all(re < 0):
        if vertex:
            return "ESS"
        if single_population and ess:
            return "ESS"
        return "stable"
    if np.all(re > 0):
        return "unstable_source"
    return "saddle"


@dataclass(frozen=True, eq=False)
class RestPoint:
    """A rest point of the replicator dynamics with its linear stability.

    Attributes
    ----------
    label : str
        ``"101"``-style bits for two-strategy populations (1 = first strategy), otherwise the
        support described in words.
    profile : tuple of numpy.ndarray
        Shares of every strategy of every population.
    eigenvalues : numpy.ndarray
        Eigenvalues of the Jacobian in reduced coordinates (for vertices: one per unused
        strategy, population by population).
    type : str
        See :func:`classify`.
    vertex : bool
        True for pure profiles.
    strict_nash : bool
        The profile is a strict Nash equilibrium of the stage game.
    symbolic : tuple or None
        Symbolic eigenvalues (sympy) when the game has named parameters.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> p = vertex_report(g)["00"]
    >>> p.type, p.is_ess, p.hyperbolic
    ('saddle', False, True)
    """

    label: str
    profile: tuple
    eigenvalues: np.ndarray
    type: str
    vertex: bool = False
    strict_nash: bool = False
    symbolic: tuple | None = field(default=None, repr=False)

    @property
    def point(self) -> np.ndarray:
        """Share of each population's first strategy (``x, y, z``)."""
        return np.array([float(s[0]) for s in self.profile])

    @property
    def is_ess(self) -> bool:
        """Whether the rest point is an evolutionarily stable state."""
        return self.type == "ESS"

    @property
    def hyperbolic(self) -> bool:
        """Whether no eigenvalue has a zero real part (linear stability decides)."""
        return self.type not in ("non-hyperbolic", "centre")

    def eigenvalues_text(self) -> str:
        """The eigenvalues as short text, for tables.

        Returns
        -------
        str
            ``(e1, e2, ...)`` with four significant digits.
        """
        return "(" + ", ".join(format_number(complex(e), 4) for e in self.eigenvalues) + ")"


_NOTES = {"ESS": "ESS (evolutionarily stable, asymptotically stable)",
          "stable": "asymptotically stable (not an ESS)",
          "saddle": "saddle (unstable)",
          "unstable_source": "unstable source",
          "centre": "centre (neutrally stable, orbits cycle around it)",
          "non-hyperbolic": "non-hyperbolic (an eigenvalue with zero real part: the "
                            "linearisation cannot decide)"}


@dataclass(frozen=True, eq=False)
class StabilityReport:
    """Rest points of the replicator dynamics of a game, tabulated as in the literature.

    Iterable over its :class:`RestPoint` rows; ``report["101"]`` looks a row up by label.

    Attributes
    ----------
    points : tuple of RestPoint
        The rest points.
    populations : tuple of str
        Population names.
    strategies : tuple of tuple of str
        Strategy labels of each population.
    tol : float
        Width of the band around 0 in which an eigenvalue counts as zero.
    title : str
        A title for printing.
    notes : tuple of str
        Faces holding continua of rest points, and other remarks.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> rep = vertex_report(g)
    >>> rep.labels, rep.ess
    (('00', '01', '10', '11'), ())
    """

    points: tuple
    populations: tuple = ()
    strategies: tuple = ()
    tol: float = 1e-9
    title: str = "replicator dynamics"
    notes: tuple = ()

    def __iter__(self):
        return iter(self.points)

    def __len__(self):
        return len(self.points)

    def __getitem__(self, key):
        if isinstance(key, str):
            for p in self.points:
                if p.label == key:
                    return p
            raise KeyError(key)
        return self.points[key]

    @property
    def ess(self) -> tuple[str, ...]:
        """Labels of the ESS (strict Nash equilibria, all asymptotically stable)."""
        return tuple(p.label for p in self.points if p.type == "ESS")

    @property
    def labels(self) -> tuple[str, ...]:
        """Labels of the rest points, in order."""
        return tuple(p.label for p in self.points)

    def as_dict(self) -> dict:
        """The rows as plain data, keyed by label.

        Returns
        -------
        dict
            ``{label: {"point": [...], "eigenvalues": [...], "type": ...}}``.
        """
        return {p.label: {"point": p.point.tolist(),
                          "eigenvalues": [complex(e) if abs(complex(e).imag) > 0 else
                                          float(complex(e).real) for e in p.eigenvalues],
                          "type": p.type} for p in self.points}

    def __str__(self) -> str:
        lines = [self.title]
        binary = all(len(s) == 2 for s in self.strategies)
        if binary and self.populations:
            lines.append("  coordinates: " + ", ".join(
                f"share of {p} playing {s[0]!r}" for p, s in zip(self.populations,
                                                                  self.strategies)))
        def state(p):
            if binary:
                return "(" + ", ".join(format_number(v, 4) for v in p.point) + ")"
            return " x ".join("(" + ", ".join(format_number(v, 4) for v in s) + ")"
                              for s in p.profile)
        rows = [(p.label, state(p), p.eigenvalues_text(), _NOTES.get(p.type, p.type))
                for p in self.points]
        w = [max(len(r[c]) for r in rows + [("point", "state", "eigenvalues", "")])
             for c in range(3)]
        lines.append(f"  {'point':<{w[0]}}  {'state':<{w[1]}}  {'eigenvalues':<{w[2]}}  type")
        for r in rows:
            lines.append(f"  {r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}")
        ess = self.ess
        if ess:
            lines.append(f"  ESS: {', '.join(ess)}")
        else:
            lines.append("  no ESS: no vertex is a strict Nash equilibrium")
        for n in self.notes:
            lines.append("  " + n)
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# vertices
# ----------------------------------------------------------------------------------------------
def _label(pop: _Populations, pure: Sequence[int]) -> str:
    if all(k == 2 for k in pop.sizes):
        return "".join("1" if a == 0 else "0" for a in pure)
    return "(" + ", ".join(pop.labels[i][a] for i, a in enumerate(pure)) + ")"


def _vertex(pop: _Populations, pure: Sequence[int], band: float, symbolic=None) -> RestPoint:
    prof = tuple(np.eye(n)[a] for n, a in zip(pop.sizes, pure))
    u = pop.payoffs(list(prof))
    eig = []
    if pop.single:
        a = pure[0]
        eig = [u[0][j] - u[0][a] for j in range(pop.sizes[0]) if j != a]
    else:
        for i, a in enumerate(pure):
            eig += [u[i][j] - u[i][a] for j in range(pop.sizes[i]) if j != a]
    eig = np.asarray(eig, dtype=float) + 0.0
    strict = bool(np.all(eig < -band))
    t = classify(eig, tol=band, vertex=True, single_population=pop.single)
    return RestPoint(label=_label(pop, pure), profile=prof, eigenvalues=eig, type=t,
                     vertex=True, strict_nash=strict, symbolic=symbolic)


def _symbolic_vertex_eigenvalues(game):
    fn = getattr(game, "vertex_eigenvalue_expressions", None)
    if fn is None:
        return {}
    try:
        return fn()
    except Exception:          # pragma: no cover - symbolic extras are best effort
        return {}


def vertex_report(game: Any, *, symmetric: bool | None = None,
                  tol: float = 1e-9) -> StabilityReport:
    """Eigenvalues and stability of the replicator dynamics at every vertex (pure profile).

    For N two-strategy populations these are the 2^N vertices the evolutionary-game
    literature tabulates; the vertices that are strict Nash equilibria are the ESS.

    Parameters
    ----------
    game : NormalFormGame, PopulationGame or array_like
        As in :func:`~contracts.dynamics.replicator`. A
        :class:`~contracts.games.population.PopulationGame` must have numeric values for its
        parameters; its symbolic eigenvalues are attached to the rows.
    symmetric : bool, optional
        With a symmetric two-player game, ``True`` gives one-population dynamics.
    tol : float, default 1e-9
        Eigenvalues within ``tol`` times the payoff scale of 0 make a vertex non-hyperbolic.

    Returns
    -------
    StabilityReport
        One row per vertex, with its eigenvalues and stability type.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import vertex_report
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> rep = vertex_report(g)
    >>> rep["00"].eigenvalues.tolist(), rep["00"].type, rep.ess
    ([3.0, -4.0], 'saddle', ())
    """
    where = "vertex_report"
    tol = float(check_real(where, "tol", tol, low=0))
    sym = _symbolic_vertex_eigenvalues(game)
    pop = _Populations(game, symmetric, where)
    band = tol * pop.scale
    if pop.single:
        pures = [(a,) for a in range(pop.sizes[0])]
    else:
        pures = list(itertools.product(*[range(n) for n in pop.sizes]))
        if all(k == 2 for k in pop.sizes):
            # order as the literature does: 000, 001, ..., 111 (1 = first strategy)
            pures = [tuple(1 - b for b in bits)
                     for bits in itertools.product((0, 1), repeat=pop.N)]
    pts = []
    for pure in pures:
        lab = _label(pop, pure)
        pts.append(_vertex(pop, pure, band, sym.get(lab)))
    return StabilityReport(points=tuple(pts), populations=pop.names, strategies=pop.labels,
                           tol=band, title=_title(pop, "vertices"))


def _title(pop, what):
    kind = ("one-population replicator dynamics" if pop.single else
            f"{pop.N}-population replicator dynamics ({' x '.join(pop.names)})")
    return f"{kind}: stability of the {what}"


# ----------------------------------------------------------------------------------------------
# all rest points
# ----------------------------------------------------------------------------------------------
def _jacobian_eigs(pop: _Populations, prof) -> np.ndarray:
    x = np.concatenate(prof)
    J = pop.reduce(pop.replicator_jac_full(x))
    return np.linalg.eigvals(J) if J.size else np.zeros(0)


def _face_solutions_two(pop: _Populations, supports, band):
    """Rest points in the relative interior of a face of a two-population game (linear)."""
    S1, S2 = supports
    A = pop.own[0]          # (n1, n2): payoff to 1
    BT = pop.own[1]         # (n2, n1): payoff to 2
    sols = []
    cont = False

    def solve(M, S_own, S_other):
        # unknowns: sigma_other on S_other and value v; rows: indifference on S_own, sum = 1
        k_own, k_oth = len(S_own), len(S_other)
        if k_own == 1:
            return None, "free"
        sub = M[np.ix_(S_own, S_other)]
        lhs = np.zeros((k_own + 1, k_oth + 1))
        lhs[:k_own, :k_oth] = sub
        lhs[:k_own, -1] = -1.0
        lhs[k_own, :k_oth] = 1.0
        rhs = np.zeros(k_own + 1)
        rhs[k_own] = 1.0
        sol, *_ = np.linalg.lstsq(lhs, rhs, rcond=None)
        if np.max(np.abs(lhs @ sol - rhs)) > 1e-9 * pop.scale:
            return None, "none"
        rank = np.linalg.matrix_rank(lhs, tol=1e-10 * pop.scale)
        if rank < k_oth + 1:
            return sol[:k_oth], "continuum"
        return sol[:k_oth], "unique"

    s2, st2 = solve(A, S1, S2)          # player 1 indifferent -> pins player 2's mix
    s1, st1 = solve(BT, S2, S1)         # player 2 indifferent -> pins player 1's mix
    if "none" in (st1, st2):
        return [], False
    if "free" in (st1, st2) or "continuum" in (st1, st2):
        # a continuum is possible only if the pinned parts are interior
        ok = all(s is None or np.all(s > 1e-12) for s in (s1, s2))
        return [], ok
    if np.all(s1 > 1e-12) and np.all(s2 > 1e-12):
        p1 = np.zeros(pop.sizes[0])
        p1[list(S1)] = s1
        p2 = np.zeros(pop.sizes[1])
        p2[list(S2)] = s2
        sols.append((p1, p2))
    return sols, cont


def _face_solutions_sympy(pop: _Populations, supports):
    """Rest points in the relative interior of a face of an N-population game (sympy)."""
    import sympy as sp
    N = pop.N
    syms = []
    shares = []
    for i, S in enumerate(supports):
        if len(S) == 1:
            v = [sp.Integer(0)] * pop.sizes[i]
            v[S[0]] = sp.Integer(1)
            shares.append(v)
            continue
        xs = sp.symbols(f"q{i}_0:{len(S) - 1}", real=True)
        syms += list(xs)
        v = [sp.Integer(0)] * pop.sizes[i]
        for j, s in enumerate(S[:-1]):
            v[s] = xs[j]
        v[S[-1]] = 1 - sum(xs)
        shares.append(v)
    eqs = []
    for i, S in enumerate(supports):
        if len(S) == 1:
            continue
        arr = pop.own[i]
        others = [k for k in range(N) if k != i]
        # expected payoff of each own strategy, symbolically
        for j in S[1:]:
            diff = 0
            for idx in itertools.product(*[range(pop.sizes[k]) for k in others]):
                w = 1
                for k, a in zip(others, idx):
                    w = w * shares[k][a]
                    if w == 0:
                        break
                if w == 0:
                    continue
                d = arr[(j,) + idx] - arr[(S[0],) + idx]
                if d != 0:
                    diff += sp.Rational(repr(float(d))) * w
            eqs.append(sp.expand(diff))
    eqs = [e for e in eqs if e != 0]
    if not syms:
        return [], False
    if not eqs:
        return [], True           # the whole face is at rest
    try:
        sols = sp.solve(eqs, syms, dict=True)
    except (NotImplementedError, ValueError):
        return [], False
    out = []
    cont = False
    for sol in sols:
        if len(sol) < len(syms) or any(getattr(v, "free_symbols", set()) for v in sol.values()):
            cont = True
            continue
        try:
            vals = {s: complex(sp.N(sol[s], 30)) for s in syms}
        except (TypeError, ValueError):
            continue
        if any(abs(v.imag) > 1e-12 for v in vals.values()):
            continue
        prof = []
        ok = True
        for i, v in enumerate(shares):
            vec = np.array([float(sp.N(sp.sympify(e).subs({s: vals[s].real for s in syms})))
                            for e in v])
            if np.any(vec[list(supports[i])] <= 1e-12):
                ok = False
                break
            prof.append(vec)
        if ok:
            out.append(tuple(prof))
    return out, cont


def rest_points(game: Any, *, symmetric: bool | None = None, tol: float = 1e-9,
                max_unknowns: int = 6) -> StabilityReport:
    """All isolated rest points of the replicator dynamics, with their stability.

    Rest points are the profiles at which, in every population, all strategies in use earn the
    same payoff: the vertices, plus points on faces and in the interior. Two-population games
    are solved by linear algebra; N-population faces by solving the polynomial indifference
    equations with sympy (faces with more than ``max_unknowns`` unknowns are skipped and said
    so). Faces filled with a continuum of rest points are listed in ``notes``.

    Parameters
    ----------
    game : NormalFormGame, PopulationGame or array_like
        As in :func:`~contracts.dynamics.replicator`.
    symmetric : bool, optional
        With a symmetric two-player game, ``True`` gives one-population dynamics.
    tol : float
        Eigenvalues within ``tol`` times the payoff scale of 0 count as zero.
    max_unknowns : int
        Largest number of unknowns of a face solved symbolically.

    Returns
    -------
    StabilityReport
        Every isolated rest point with its eigenvalues and stability type.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import rest_points
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> rep = rest_points(g)
    >>> interior = rep.points[-1]
    >>> interior.point.round(6).tolist(), interior.type
    ([0.8, 0.6], 'centre')
    """
    where = "rest_points"
    tol = float(check_real(where, "tol", tol, low=0))
    base = vertex_report(game, symmetric=symmetric, tol=tol)
    pop = _Populations(game, symmetric, where)
    band = tol * pop.scale
    pts = list(base.points)
    notes = []
    if pop.single:
        n = pop.sizes[0]
        A = pop.A
        for k in range(2, n + 1):
            for S in itertools.combinations(range(n), k):
                lhs = np.zeros((k + 1, k + 1))
                lhs[:k, :k] = A[np.ix_(S, S)]
                lhs[:k, -1] = -1
                lhs[k, :k] = 1
                rhs = np.zeros(k + 1)
                rhs[k] = 1
                sol, *_ = np.linalg.lstsq(lhs, rhs, rcond=None)
                if np.max(np.abs(lhs @ sol - rhs)) > 1e-9 * pop.scale:
                    continue                       # no rest point inside this face
                if np.linalg.matrix_rank(lhs, tol=1e-10 * pop.scale) < k + 1:
                    notes.append(f"face {{{', '.join(pop.labels[0][s] for s in S)}}} holds "
                                 "a continuum of rest points (not classified)")
                    continue
                sol = sol[:k]
                if np.all(sol > 1e-12):
                    x = np.zeros(n)
                    x[list(S)] = sol
                    pts.append(_interior_point(pop, (x,), band))
    else:
        faces = [S for S in itertools.product(
            *[[c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]
              for n in pop.sizes]) if any(len(s) > 1 for s in S)]
        for S in faces:
            unknowns = sum(len(s) - 1 for s in S)
            desc = " x ".join("{" + ", ".join(pop.labels[i][a] for a in s) + "}"
                              for i, s in enumerate(S))
            if pop.N == 2:
                sols, cont = _face_solutions_two(pop, S, band)
            elif unknowns <= max_unknowns:
                sols, cont = _face_solutions_sympy(pop, S)
            else:
                notes.append(f"face {desc} not searched ({unknowns} unknowns > max_unknowns)")
                continue
            if cont:
                notes.append(f"face {desc} holds a continuum of rest points (not classified)")
            for prof in sols:
                pts.append(_interior_point(pop, prof, band))
    return StabilityReport(points=tuple(pts), populations=pop.names, strategies=pop.labels,
                           tol=band, title=_title(pop, "rest points"), notes=tuple(notes))


def _interior_point(pop: _Populations, prof, band) -> RestPoint:
    prof = tuple(np.asarray(p, dtype=float) for p in prof)
    eig = _jacobian_eigs(pop, prof)
    planar = (not pop.single and pop.N == 2 and pop.sizes == (2, 2)
              and all(0 < p[0] < 1 for p in prof))
    ess = None
    if pop.single:
        ess = _is_ess_single(pop.A, prof[0], band)
    t = classify(eig, tol=band, vertex=False, single_population=pop.single, ess=ess,
                 planar_centre=planar)
    if all(len(s) == 2 for s in pop.labels):
        label = "(" + ", ".join(format_number(p[0], 4) for p in prof) + ")"
    else:
        label = " x ".join("(" + ", ".join(format_number(v, 4) for v in p) + ")" for p in prof)
    return RestPoint(label=label, profile=prof, eigenvalues=eig, type=t, vertex=False,
                     strict_nash=False)


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
def _is_ess_single(A, x, band) -> bool:
    """Maynard Smith's ESS test for a symmetric game (Haigh's criterion on the BR face)."""
    A = np.asarray(A, dtype=float)
    x = np.asarray(x, dtype=float)
    u = A @ x
    val = x @ u
    if np.any(u > val + band):
        return False
    supp = np.flatnonzero(x > 1e-12)
    br = np.flatnonzero(u >= val - band)
    # directions z with sum z = 0, supported on the best responses, z_j >= 0 off supp(x)
    # need z.A z < 0 for all such z != 0.
    k = len(br)
    if k == 1:
        return True
    # check negative definiteness of A on {z: sum z = 0} restricted to br, on the cone where
    # z_j >= 0 for j in br \ supp; test the subspace (sufficient) and every face of the cone
    extra = [j for j in br if j not in supp]
    for m in range(len(extra) + 1):
        for sub in itertools.combinations(extra, m):
            idx = list(supp) + list(sub)
            if len(idx) < 2:
                continue
            B = A[np.ix_(idx, idx)]
            B = 0.5 * (B + B.T)
            n = len(idx)
            P = np.eye(n) - 1.0 / n
            basis = np.linalg.svd(P)[0][:, :n - 1]
            Q = basis.T @ B @ basis
            ev = np.linalg.eigvalsh(Q)
            if m == 0:
                if np.any(ev >= -band):
                    return False
            elif np.all(ev >= -band):
                return False
    return True


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

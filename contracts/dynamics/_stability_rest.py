"""Rest points of the replicator dynamics: the vertex table and all rest points on faces.

Re-exported by :mod:`contracts.dynamics.stability`.
"""

from __future__ import annotations

import itertools
from typing import Any, Sequence

import numpy as np

from .._validation import check_real
from ..results import format_number
from ._stability_report import RestPoint, StabilityReport, _is_ess_single, classify
from .replicator import _Populations


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

"""Rest points, their classification and the stability report table (replicator dynamics).

Re-exported by :mod:`contracts.dynamics.stability`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..results import format_number

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
    >>> from contracts.dynamics import vertex_report
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
    >>> from contracts.dynamics import vertex_report
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

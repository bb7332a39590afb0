"""The tripartite (government × agency × public) replicator model behind the life cycle.

:class:`TripartiteParameters` holds the twelve payoff parameters, builds the 2x2x2 stage game
and classifies the stability of its vertices; :data:`EVO_CONTROL` and its siblings are the
canonical parameter sets. Re-exported by :mod:`contracts.models.lifecycle`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from .._validation import check_nonnegative, check_real
from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ._lifecycle_rules import _STAGE_WORDS, classify_4c, classify_stage

__all__ = ["VertexStability", "TripartiteParameters", "RegimeClassification", "EVO_NOMINAL",
           "EVO_CONTROL", "EVO_RESISTANCE", "EVO_SYMBIOSIS", "EVO_CYCLE"]

_TRI_FIELDS = ("Q", "C_g", "A", "F", "L", "K", "M", "dC", "R_s", "W", "C_p", "E")
_NONNEG = ("C_g", "A", "F", "L", "K", "dC", "R_s", "C_p", "E")


@dataclass(frozen=True)
class VertexStability:
    """Stability of one vertex ``xyz`` of the tripartite replicator dynamics.

    ``kind`` is ``"ESS"`` (all eigenvalues < 0: asymptotically stable = strict Nash
    equilibrium), ``"unstable_source"``, ``"saddle"`` or ``"non-hyperbolic"``.

    Attributes
    ----------
    label : str
        The vertex ``xyz`` as digits, e.g. ``"110"``.
    state : tuple of float
        Its coordinates.
    eigenvalues : tuple of float
        The eigenvalues of the replicator Jacobian there.
    kind : str
        The classification above.

    Examples
    --------
    >>> v = EVO_CONTROL.vertices()[6]
    >>> v.label, v.kind
    ('110', 'ESS')
    """

    label: str
    state: tuple
    eigenvalues: tuple
    kind: str


@dataclass(frozen=True)
class TripartiteParameters:
    """Government × agency × public evolutionary game (canonical tripartite model).

    ``x`` = P(government supervises strictly), ``y`` = P(agency delivers high quality),
    ``z`` = P(public takes part in supervision). Payoff differences::

        F_x = Q − C_g − yA + (1−y)(F + z(L−K))
        F_y = M − dC + x(A+F) + z R_s
        F_z = W − C_p + (1−y)(xK + (1−x)E)

    Parameters (names as in the genre): ``Q`` political credit from visible control, ``C_g``
    cost of strict supervision, ``A`` reward to a high-quality agency under strict supervision,
    ``F`` fine on a low-quality agency under strict supervision, ``L`` government's reputational
    loss (loose supervision, low quality, public involved), ``K`` reward to participating public
    under strict supervision, ``M`` agency's intrinsic/relational benefit of high quality,
    ``dC`` extra cost of high quality, ``R_s`` agency's reputational loss when the public
    exposes low quality, ``W`` public's benefit of participating, ``C_p`` its cost, ``E``
    public's benefit of exposing low quality under loose supervision.

    Parameters
    ----------
    Q : float
        Political credit from visible control.
    C_g : float
        Cost of strict supervision.
    A : float
        Reward to a high-quality agency under strict supervision.
    F : float
        Fine on a low-quality agency under strict supervision.
    L : float
        Government's reputational loss (loose supervision, low quality, public involved).
    K : float
        Reward to participating public under strict supervision.
    M : float
        Agency's intrinsic or relational benefit of high quality.
    dC : float
        Extra cost of high quality.
    R_s : float
        Agency's reputational loss when the public exposes low quality.
    W : float
        Public's benefit of participating.
    C_p : float
        Public's cost of participating.
    E : float
        Public's benefit of exposing low quality under loose supervision.

    Examples
    --------
    >>> [v.label for v in EVO_CONTROL.vertices() if v.kind == "ESS"]
    ['110']
    >>> EVO_CYCLE.face_rest_point()[0]
    (0.8, 0.6, 0.0)
    """

    Q: float = 0.0
    C_g: float = 3.0
    A: float = 1.0
    F: float = 2.0
    L: float = 1.5
    K: float = 0.8
    M: float = 0.0
    dC: float = 4.0
    R_s: float = 0.8
    W: float = 0.0
    C_p: float = 1.0
    E: float = 0.5

    def __post_init__(self):
        w = "TripartiteParameters"
        for f in _TRI_FIELDS:
            if f in _NONNEG:
                check_nonnegative(w, f, getattr(self, f))
            else:
                check_real(w, f, getattr(self, f))
            object.__setattr__(self, f, float(getattr(self, f)))

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any]) -> "TripartiteParameters":
        """Build from a mapping using the short spellings (``Cg``, ``Rs``, ``Cp``) or ours.

        Parameters
        ----------
        params : mapping str -> float
            Parameter values by name; missing ones keep their defaults.

        Returns
        -------
        TripartiteParameters
            The parameters.

        Examples
        --------
        >>> TripartiteParameters.from_mapping({"Cg": 2}).C_g
        2.0
        """
        alias = {"Cg": "C_g", "Rs": "R_s", "Cp": "C_p"}
        kw = {}
        for k, v in params.items():
            k2 = alias.get(k, k)
            if k2 in _TRI_FIELDS:
                kw[k2] = v
            elif k not in ("order", "note"):
                raise InvalidParameterError(
                    f"TripartiteParameters.from_mapping: unknown parameter {k!r}; expected "
                    f"{', '.join(_TRI_FIELDS)}")
        return cls(**kw)

    def as_dict(self) -> dict[str, float]:
        """The twelve parameters by name.

        Returns
        -------
        dict
            Name -> value.
        """
        return {f: getattr(self, f) for f in _TRI_FIELDS}

    def interpolate(self, other: "TripartiteParameters", t: float) -> "TripartiteParameters":
        """``(1 − t)·self + t·other`` (a point on a path of parameter drift).

        Parameters
        ----------
        other : TripartiteParameters
            The end of the path.
        t : float
            Position on the path, in [0, 1].

        Returns
        -------
        TripartiteParameters
            The interpolated parameters.
        """
        check_real("TripartiteParameters.interpolate", "t", t, low=0, high=1)
        return TripartiteParameters(**{f: (1 - t) * getattr(self, f) + t * getattr(other, f)
                                       for f in _TRI_FIELDS})

    # payoff differences ----------------------------------------------------------------------
    def F_x(self, y, z):
        """Government's payoff gain from strict over loose supervision.

        Parameters
        ----------
        y : float
            Share of high-quality agencies.
        z : float
            Share of participating public.

        Returns
        -------
        float
            ``F_x``.
        """
        return self.Q - self.C_g - y * self.A + (1 - y) * (self.F + z * (self.L - self.K))

    def F_y(self, x, z):
        """Agency's payoff gain from high over low quality.

        Parameters
        ----------
        x : float
            Share of strict supervision.
        z : float
            Share of participating public.

        Returns
        -------
        float
            ``F_y``.
        """
        return self.M - self.dC + x * (self.A + self.F) + z * self.R_s

    def F_z(self, x, y):
        """Public's payoff gain from participating over abstaining.

        Parameters
        ----------
        x : float
            Share of strict supervision.
        y : float
            Share of high-quality agencies.

        Returns
        -------
        float
            ``F_z``.
        """
        return self.W - self.C_p + (1 - y) * (x * self.K + (1 - x) * self.E)

    def field(self, state) -> np.ndarray:
        """``(ẋ, ẏ, ż)`` at ``state = (x, y, z)``.

        Parameters
        ----------
        state : sequence of float
            The shares ``(x, y, z)``.

        Returns
        -------
        numpy.ndarray, shape (3,)
            The time derivatives of the shares.
        """
        x, y, z = (float(s) for s in state)
        return np.array([x * (1 - x) * self.F_x(y, z), y * (1 - y) * self.F_y(x, z),
                         z * (1 - z) * self.F_z(x, y)])

    def game(self) -> NormalFormGame:
        """The three-player stage game (government, agency, public) behind the dynamics.

        Payoff levels that cancel in the replicator dynamics (service benefits, contract price,
        the public's baseline utility) are set so that each player's smallest payoff is 1;
        first actions are strict / high quality /
        participate, so the replicator shares of first strategies are ``(x, y, z)``.

        Returns
        -------
        NormalFormGame
            A 2x2x2 game.
        """
        pay = np.zeros((2, 2, 2, 3))
        for gx, ay, pz in itertools.product((0, 1), repeat=3):
            strict, high, part = gx == 0, ay == 0, pz == 0
            zz = 1.0 if part else 0.0
            if strict:
                uG = self.Q - self.C_g + (-self.A if high else self.F - self.K * zz)
            else:
                uG = 0.0 if high else -self.L * zz
            uA = (self.M - self.dC + (self.A if strict else 0.0)) if high else (
                (-self.F if strict else 0.0) - self.R_s * zz)
            uP = (self.W - self.C_p + (0.0 if high else (self.K if strict else self.E))
                  ) if part else 0.0
            pay[gx, ay, pz] = (uG, uA, uP)
        # levels: every payoff at least 1 (constants per player do not move the dynamics, and
        # positive mean payoffs keep share-coordinate integrators on the simplex)
        pay = pay + (1.0 - pay.min(axis=(0, 1, 2)))
        return NormalFormGame.from_payoff_profile(
            pay, players=("government", "agency", "public"),
            actions=(("strict", "loose"), ("high quality", "low quality"),
                     ("participate", "stay out")))

    def vertices(self, *, tol: float = 1e-9) -> tuple[VertexStability, ...]:
        """Eigenvalues of the replicator Jacobian at the 8 vertices (Lyapunov's method).

        Computed with :func:`contracts.dynamics.replicator.replicator_jacobian` on
        :meth:`game` (the Jacobian is diagonal at a vertex).

        Parameters
        ----------
        tol : float
            Eigenvalues within ``tol`` of zero count as zero.

        Returns
        -------
        tuple of VertexStability
            One entry per vertex.
        """
        from ..dynamics.replicator import replicator_jacobian

        game = self.game()
        out = []
        for bits in itertools.product((0, 1), repeat=3):
            J = replicator_jacobian(game, [float(b) for b in bits])
            ev = tuple(float(v) for v in np.diag(J))
            if any(abs(v) <= tol for v in ev):
                kind = "non-hyperbolic"
            elif all(v < 0 for v in ev):
                kind = "ESS"
            elif all(v > 0 for v in ev):
                kind = "unstable_source"
            else:
                kind = "saddle"
            out.append(VertexStability("".join(map(str, bits)), tuple(map(float, bits)), ev,
                                       kind))
        return tuple(out)

    def ess(self, *, tol: float = 1e-9) -> tuple[str, ...]:
        """Labels ``xyz`` of the asymptotically stable vertices (= strict Nash equilibria).

        Parameters
        ----------
        tol : float
            Eigenvalues within ``tol`` of zero count as zero.

        Returns
        -------
        tuple of str
            The stable vertices.
        """
        return tuple(v.label for v in self.vertices(tol=tol) if v.kind == "ESS")

    def face_rest_point(self):
        """Rest point inside the face ``z = 0`` (F_x = F_y = 0) and its Jacobian eigenvalues.

        Returns
        -------
        tuple or None
            ``(state, eigenvalues)``, or None when there is no such point strictly inside the
            face.
        """
        from ..dynamics.replicator import replicator_jacobian

        a = self.A + self.F
        if a == 0:
            return None
        y = (self.Q - self.C_g + self.F) / a
        x = (self.dC - self.M) / a
        if not (0 < x < 1 and 0 < y < 1):
            return None
        state = (round(x, 15), round(y, 15), 0.0)
        J = replicator_jacobian(self.game(), state)
        return state, tuple(complex(v) for v in np.linalg.eigvals(J))


def _evo(**kw) -> TripartiteParameters:
    return TripartiteParameters(**kw)


#: parameter sets of the canonical tripartite model.
EVO_NOMINAL = _evo(Q=0, C_g=3, A=1, F=2, L=1.5, K=.8, M=0, dC=4, R_s=.8, W=0, C_p=1, E=.5)
EVO_CONTROL = _evo(Q=5, C_g=3, A=1, F=4, L=1.5, K=.8, M=0, dC=4, R_s=.8, W=0, C_p=1, E=.5)
EVO_RESISTANCE = _evo(Q=0, C_g=1, A=1, F=2, L=1.5, K=.5, M=0, dC=4, R_s=.5, W=0, C_p=1, E=.2)
EVO_SYMBIOSIS = _evo(Q=0, C_g=3, A=1, F=2, L=1.5, K=1, M=5, dC=4, R_s=1, W=1.5, C_p=1, E=.5)
EVO_CYCLE = _evo(Q=0, C_g=1, A=1, F=4, L=0, K=0, M=0, dC=4, R_s=0, W=0, C_p=1, E=0)


@dataclass(frozen=True)
class RegimeClassification:
    """Life-cycle stage and 4C hint of the tripartite model at one parameter point.

    Attributes
    ----------
    ess : tuple of str
        Stable vertices ``xyz``.
    stage : str
        Stage of the unique ESS (``x``, ``m = y``); ``"cycling"`` when no vertex is stable,
        ``"multiple"`` when several are.
    four_c : str or None
        4C of the unique ESS: ends are congruent when the agency would deliver high quality
        without control (``F_y(0, z*) ≥ 0``), means congruence is ``m = y``.
    goal_congruence : float or None
        Goal congruence of the unique ESS, if any.
    vertices : tuple of VertexStability
        Stability of each vertex.
    face_rest_point : tuple or None
        The centre on the face ``z = 0`` (state, eigenvalues), if any.

    Examples
    --------
    >>> from contracts.models.lifecycle import LifeCycle
    >>> r = LifeCycle().classify(EVO_CONTROL)
    >>> r.ess, r.stage
    (('110',), 'control')
    """

    ess: tuple
    stage: str
    four_c: Any
    goal_congruence: Any
    vertices: tuple
    face_rest_point: Any = None

    def __str__(self) -> str:
        if len(self.ess) == 1:
            return (f"ESS {self.ess[0]} → stage {self.stage} ({_STAGE_WORDS[self.stage]}), "
                    f"4C {self.four_c}")
        if not self.ess:
            fr = ""
            if self.face_rest_point is not None:
                st, ev = self.face_rest_point
                fr = (f"; centre at {tuple(round(s, 4) for s in st)} with eigenvalues "
                      + ", ".join(f"{v.real:.4g}{v.imag:+.4g}i" for v in ev))
            return "no stable vertex: the dynamics cycle (control and rebellion)" + fr
        return f"several stable vertices {', '.join(self.ess)}: outcome depends on history"


def _classify_regime(params: TripartiteParameters, *, control_threshold=0.5, means_threshold=0.5,
                     goal_threshold=0.0, tol=1e-9) -> RegimeClassification:
    verts = params.vertices(tol=tol)
    ess = tuple(v.label for v in verts if v.kind == "ESS")
    face = params.face_rest_point()
    if len(ess) == 1:
        x, y, z = next(v.state for v in verts if v.label == ess[0])
        stage = classify_stage(x, y, control_threshold=control_threshold,
                               means_threshold=means_threshold)
        unsupervised = params.F_y(0.0, z)
        g = float(np.sign(unsupervised))
        four = classify_4c(g, y, goal_threshold=goal_threshold, means_threshold=means_threshold)
        return RegimeClassification(ess, stage, four, g, verts, face)
    return RegimeClassification(ess, "cycling" if not ess else "multiple", None, None, verts,
                                face)

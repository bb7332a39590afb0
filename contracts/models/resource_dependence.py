"""Resource dependence → bargaining weights → the split of the surplus, stage by stage.

The agency's power over the government and the government's power over the agency come from
how much each depends on the other (Emerson 1962; Pfeffer–Salancik 1978):
``D_A = agency_revenue_share × essentiality`` (the agency's dependence on government
money), ``D_G = government_service_share × (1 − substitutability)`` (the government's
dependence on the agency's service delivery). The government's asymmetric-Nash weight is
``α_G = D_A / (D_A + D_G)`` and the surplus of the purchase is split as
``u_i = d_i + α_i (S − d_G − d_A)``.

Dependence changes over the life of the relationship: early on the agency lives on government
money and is easily replaced; later the government comes to rely on the agency's know-how and
staff. :class:`ResourceDependenceModel` computes the weights and the split at the current
dependence and at every life-cycle stage (a tuple of :class:`DependenceStage`), using
:class:`contracts.agency.bargaining.ResourceDependence` and
:class:`contracts.agency.bargaining.NashBargaining`.

Examples
--------
>>> from contracts.models.resource_dependence import ResourceDependenceModel
>>> s = ResourceDependenceModel().solve()        
>>> round(s.dependence.government_weight, 6), [round(u, 6) for u in s.bargaining.payoffs]
(0.842105, [8.421053, 1.578947])
>>> [st.name for st in s.stages], [round(st.government_weight, 3) for st in s.stages]
(['exploratory', 'control', 'resistance', 'symbiosis'], [0.938, 0.842, 0.706, 0.429])
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp

from .._validation import check_probability, check_real
from ..agency.bargaining import (DependenceSolution, NashBargaining, NashBargainingSolution,
                                 ResourceDependence)
from ..exceptions import InvalidParameterError
from ..results import format_number
from ._explain import ComparativeStatic, Explanation, signed_static
from ._superseded import warn_component_model

__all__ = ["DependenceStage", "StageSplit", "ResourceDependenceSolution",
           "ResourceDependenceModel", "DEFAULT_STAGES", "dependence_regime"]

_fmt = format_number


def dependence_regime(asymmetry: float, *, tol: float = 1e-12) -> str:
    """Name of the power regime from the dependence asymmetry ``D_A − D_G``.

    ``"government-dominant"`` (the agency depends more), ``"agency-dominant"`` or
    ``"balanced"`` (within ``tol``).

    Parameters
    ----------
    asymmetry : float
        ``D_A − D_G``, the agency's dependence minus the government's.
    tol : float
        Asymmetries within ``tol`` of zero count as balanced.

    Returns
    -------
    str
        The regime's name.

    Examples
    --------
    >>> dependence_regime(0.65), dependence_regime(-0.1), dependence_regime(0.0)
    ('government-dominant', 'agency-dominant', 'balanced')
    """
    if asymmetry > tol:
        return "government-dominant"
    if asymmetry < -tol:
        return "agency-dominant"
    return "balanced"


_SHARES = ("agency_revenue_share", "essentiality", "government_service_share",
           "substitutability")


def _dependence_of(obj) -> ResourceDependence:
    """The :class:`ResourceDependence` of an object carrying the four shares."""
    return ResourceDependence(**{f: getattr(obj, f) for f in _SHARES})


@dataclass(frozen=True)
class DependenceStage:
    """Mutual dependence at one stage of the relationship's life cycle.

    Parameters
    ----------
    name : str
        Stage name (e.g. ``"exploratory"``).
    agency_revenue_share, essentiality, government_service_share, substitutability : float
        As in :class:`contracts.agency.bargaining.ResourceDependence`, each in [0, 1].
    surplus : float, optional
        The surplus bargained over at this stage (default: the model's ``surplus``).

    Examples
    --------
    >>> DependenceStage("control", 0.8, 1.0, 0.3, 0.5).dependence().solve().government_dependence
    0.15
    """

    name: str
    agency_revenue_share: float
    essentiality: float
    government_service_share: float
    substitutability: float
    surplus: Any = None

    def __post_init__(self):
        w = f"DependenceStage({self.name!r})"
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidParameterError(
                f"DependenceStage: name must be a non-empty string, got {self.name!r}")
        for f in _SHARES:
            check_probability(w, f, getattr(self, f))
        if self.surplus is not None:
            check_real(w, "surplus", self.surplus)
        self.dependence()  # raises when neither side depends on the other

    def dependence(self) -> ResourceDependence:
        """The :class:`ResourceDependence` of this stage.

        Returns
        -------
        ResourceDependence
            The dependence building block with this stage's shares.
        """
        return _dependence_of(self)


#: Default life-cycle drift: the agency's dependence on government money stays high while the
#: government comes to rely on the agency (its service share rises, it becomes harder to replace).
DEFAULT_STAGES: tuple[DependenceStage, ...] = (
    DependenceStage("exploratory", 0.5, 0.6, 0.1, 0.8),
    DependenceStage("control", 0.8, 1.0, 0.3, 0.5),
    DependenceStage("resistance", 0.8, 0.9, 0.5, 0.4),
    DependenceStage("symbiosis", 0.6, 0.8, 0.8, 0.2),
)


@dataclass(frozen=True)
class StageSplit:
    """Dependence, bargaining weight and split of the surplus at one stage.

    Attributes
    ----------
    name : str
        The stage.
    agency_dependence, government_dependence : float
        ``D_A`` and ``D_G``.
    government_weight : float
        The government's Nash bargaining weight.
    asymmetry : float
        ``D_A − D_G``.
    surplus : float
        The surplus divided at this stage.
    government_payoff, agency_payoff : float
        The split.
    regime : str
        Which side dominates.

    Examples
    --------
    >>> st = ResourceDependenceModel().solve().stages[0]
    >>> st.name, st.government_weight, st.regime
    ('exploratory', 0.9375, 'government-dominant')
    """

    name: str
    agency_dependence: float
    government_dependence: float
    government_weight: float
    asymmetry: float
    surplus: float
    government_payoff: float
    agency_payoff: float
    regime: str

    def __str__(self) -> str:
        return (f"{self.name}: D_A = {_fmt(self.agency_dependence, 4)}, D_G = "
                f"{_fmt(self.government_dependence, 4)}, government weight "
                f"{_fmt(self.government_weight, 4)} ({self.regime}); of a surplus of "
                f"{_fmt(self.surplus, 4)} the government gets {_fmt(self.government_payoff, 4)} "
                f"and the agency {_fmt(self.agency_payoff, 4)}")


@dataclass(frozen=True)
class ResourceDependenceSolution:
    """The split at the current dependence and stage by stage.

    Attributes
    ----------
    dependence : DependenceSolution
        ``D_A``, ``D_G``, the government's weight and the asymmetry now.
    bargaining : NashBargainingSolution
        The Nash bargaining split of ``surplus`` now (government first).
    stages : tuple of StageSplit
        The same at each life-cycle stage.
    regime : str
        ``"government-dominant"``, ``"agency-dominant"`` or ``"balanced"`` now.

    Examples
    --------
    >>> s = ResourceDependenceModel().solve()
    >>> round(s.government_weight, 6), round(s.government_payoff, 4), round(s.agency_payoff, 4)
    (0.842105, 8.4211, 1.5789)
    """

    dependence: DependenceSolution
    bargaining: NashBargainingSolution
    stages: tuple
    regime: str

    @property
    def government_weight(self) -> float:
        """The government's Nash bargaining weight now."""
        return self.dependence.government_weight

    @property
    def agency_payoff(self) -> float:
        """The agency's share of the surplus now."""
        return self.bargaining.payoffs[1]

    @property
    def government_payoff(self) -> float:
        """The government's share of the surplus now."""
        return self.bargaining.payoffs[0]

    def __str__(self) -> str:
        lines = [f"Resource dependence ({self.regime}): {self.dependence}",
                 f"  {self.bargaining}"]
        if self.stages:
            lines.append("  stage by stage:")
            lines += [f"    {s}" for s in self.stages]
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _closed_form():
    sa, e, sg, sub, S, dg, da = sp.symbols(
        "agency_revenue_share essentiality government_service_share substitutability surplus "
        "government_disagreement agency_disagreement", real=True)
    DA = sa * e
    DG = sg * (1 - sub)
    alpha = DA / (DA + DG)
    uA = da + (1 - alpha) * (S - dg - da)
    uG = dg + alpha * (S - dg - da)
    return {"D_A": DA, "D_G": DG, "alpha_G": alpha, "agency_payoff": uA,
            "government_payoff": uG}


@dataclass(frozen=True)
class ResourceDependenceModel:
    """Dependence → bargaining weights → split of the purchase surplus, stage by stage.

    Parameters
    ----------
    agency_revenue_share : float, default 0.8
        Share of the agency's revenue that comes from the government, in [0, 1].
    essentiality : float, default 1.0
        How essential that revenue is to the agency, in [0, 1].
    government_service_share : float, default 0.3
        Share of the government's service delivery done by the agency, in [0, 1].
    substitutability : float, default 0.5
        How easily the government can replace the agency, in [0, 1].
    surplus : float, default 10.0
        The surplus ``S`` of the purchase (transferable utility), at least the sum of the
        disagreement payoffs.
    government_disagreement, agency_disagreement : float, default 0.0
        What each side gets if they fail to agree.
    stages : tuple of DependenceStage, default :data:`DEFAULT_STAGES`
        The dependence at each stage of the life cycle (may be empty).

    Notes
    -----
    With the defaults ``D_A = 0.8``, ``D_G = 0.15``, ``α_G = 0.842105`` and the split
    ``(8.421053, 1.578947)`` of ``S = 10``.

    Examples
    --------
    >>> m = ResourceDependenceModel()
    >>> e = m.explain()
    >>> e.regime, round(e.figures["alpha_G"], 6)
    ('government-dominant', 0.842105)
    >>> ResourceDependenceModel(government_service_share=0.9, substitutability=0.0).explain().regime
    'agency-dominant'
    """

    agency_revenue_share: float = 0.8
    essentiality: float = 1.0
    government_service_share: float = 0.3
    substitutability: float = 0.5
    surplus: float = 10.0
    government_disagreement: float = 0.0
    agency_disagreement: float = 0.0
    stages: tuple = DEFAULT_STAGES

    def __post_init__(self):
        warn_component_model("resource_dependence", "ResourceDependenceModel")
        w = "ResourceDependenceModel"
        for f in _SHARES:
            check_probability(w, f, getattr(self, f))
        check_real(w, "government_disagreement", self.government_disagreement)
        check_real(w, "agency_disagreement", self.agency_disagreement)
        check_real(w, "surplus", self.surplus,
                   low=self.government_disagreement + self.agency_disagreement)
        if isinstance(self.stages, (str, bytes)):
            raise InvalidParameterError(
                f"{w}: parameter 'stages' must be a sequence of DependenceStage, got "
                f"{self.stages!r}")
        try:
            stages = tuple(self.stages)
        except TypeError:
            raise InvalidParameterError(
                f"{w}: parameter 'stages' must be a sequence of DependenceStage, got "
                f"{self.stages!r}") from None
        for s in stages:
            if not isinstance(s, DependenceStage):
                raise InvalidParameterError(
                    f"{w}: every stage must be a DependenceStage, found {type(s).__name__}")
            if s.surplus is not None and s.surplus < (self.government_disagreement
                                                      + self.agency_disagreement):
                raise InvalidParameterError(
                    f"{w}: stage {s.name!r} has surplus {s.surplus!r} below the disagreement "
                    "payoffs' sum")
        names = [s.name for s in stages]
        if len(set(names)) != len(names):
            raise InvalidParameterError(f"{w}: stage names must be distinct, found {names}")
        object.__setattr__(self, "stages", stages)
        self.dependence()  # D_A = D_G = 0 is rejected there

    # ----------------------------------------------------------------------------- building
    def dependence(self) -> ResourceDependence:
        """The current :class:`ResourceDependence`.

        Returns
        -------
        ResourceDependence
            The dependence building block with the model's shares.
        """
        return _dependence_of(self)

    def game(self, stage: str | None = None) -> NashBargaining:
        """The Nash bargaining problem (government first) now, or at stage ``stage``.

        Parameters
        ----------
        stage : str, optional
            The name of a stage; None for the current dependence.

        Returns
        -------
        NashBargaining
            The bargaining problem over the surplus.

        Examples
        --------
        >>> ResourceDependenceModel().game("exploratory").solve().payoffs
        (9.375, 0.625)
        """
        if stage is None:
            dep, S = self.dependence(), self.surplus
        else:
            st = self._stage(stage)
            dep = st.dependence()
            S = self.surplus if st.surplus is None else st.surplus
        return dep.nash_bargaining(
            S, disagreement=(self.government_disagreement, self.agency_disagreement))

    def _stage(self, name: str) -> DependenceStage:
        for s in self.stages:
            if s.name == name:
                return s
        raise InvalidParameterError(
            f"ResourceDependenceModel: no stage named {name!r}; stages are "
            f"{[s.name for s in self.stages]}")

    # ------------------------------------------------------------------------------ solving
    def solve(self) -> ResourceDependenceSolution:
        """Weights and the split now and at every stage (Nash bargaining solutions).

        Returns
        -------
        ResourceDependenceSolution
            The dependence, the split now and at each stage, and the regime.
        """
        dep = self.dependence().solve()
        nb = self.game().solve()
        rows = []
        for st in self.stages:
            d = st.dependence().solve()
            sol = self.game(st.name).solve()
            rows.append(StageSplit(st.name, d.agency_dependence, d.government_dependence,
                                   d.government_weight, d.asymmetry,
                                   self.surplus if st.surplus is None else st.surplus,
                                   sol.payoffs[0], sol.payoffs[1], dependence_regime(d.asymmetry)))
        return ResourceDependenceSolution(dep, nb, tuple(rows), dependence_regime(dep.asymmetry))

    def closed_form(self) -> dict:
        """Sympy expressions for ``D_A``, ``D_G``, ``alpha_G`` and both payoffs.

        Returns
        -------
        dict
            Name -> sympy expression in the model's parameter names.

        Examples
        --------
        >>> a = ResourceDependenceModel().closed_form()["alpha_G"]
        >>> sorted(s.name for s in a.free_symbols)
        ['agency_revenue_share', 'essentiality', 'government_service_share', 'substitutability']
        >>> round(float(a.subs({s: getattr(ResourceDependenceModel(), s.name)
        ...                     for s in a.free_symbols})), 6)
        0.842105
        """
        return dict(_closed_form())

    def comparative_statics(self) -> tuple[ComparativeStatic, ...]:
        """Signs of d(agency's payoff)/d(parameter), by sympy derivatives at these parameters.

        Returns
        -------
        tuple of ComparativeStatic
            One entry per parameter, with the derivative's value and its sign in words.
        """
        cf = _closed_form()
        uA = cf["agency_payoff"]
        subs = {s: getattr(self, s.name) for s in uA.free_symbols}
        out = []
        for name in _SHARES + ("surplus",):
            sym = next((s for s in uA.free_symbols if s.name == name), None)
            d = float(sp.diff(uA, sym).subs(subs)) if sym is not None else 0.0
            out.append(signed_static(name, "the agency's payoff (level)", d, "sympy"))
        return tuple(out)

    def explain(self) -> Explanation:
        """Which side dominates, the split, the stage path and the comparative statics.

        Returns
        -------
        Explanation
            A structured report whose ``str`` reads in words.
        """
        s = self.solve()
        dep, nb = s.dependence, s.bargaining
        uG, uA = nb.payoffs
        who = {"government-dominant": "the agency depends more on the government than the "
                                      "government on the agency",
               "agency-dominant": "the government depends more on the agency than the agency "
                                  "on the government",
               "balanced": "the two sides depend equally on each other"}[s.regime]
        headline = (f"{who[0].upper() + who[1:]} (D_A = {_fmt(dep.agency_dependence, 4)} vs "
                    f"D_G = {_fmt(dep.government_dependence, 4)}), so the government's "
                    f"bargaining weight is {_fmt(dep.government_weight, 4)} and it takes "
                    f"{_fmt(uG, 4)} of the surplus {_fmt(self.surplus, 4)}; the agency gets "
                    f"{_fmt(uA, 4)}.")
        figures: dict[str, Any] = {"D_A": dep.agency_dependence, "D_G": dep.government_dependence,
                                   "alpha_G": dep.government_weight, "asymmetry": dep.asymmetry,
                                   "government_payoff": uG, "agency_payoff": uA}
        details = []
        for st in s.stages:
            figures[f"alpha_G_{st.name}"] = st.government_weight
            details.append(f"stage {st}")
        if len(s.stages) >= 2:
            first, last = s.stages[0], s.stages[-1]
            trend = ("falls" if last.government_weight < first.government_weight else
                     "rises" if last.government_weight > first.government_weight else
                     "stays put")
            details.append(
                f"over the life cycle ({first.name} → {last.name}) the government's weight "
                f"{trend} from {_fmt(first.government_weight, 4)} to "
                f"{_fmt(last.government_weight, 4)} and the agency's payoff (a level) moves "
                f"from {_fmt(first.agency_payoff, 4)} to {_fmt(last.agency_payoff, 4)}: the "
                "agency's renewal rent (M in the replicator model) grows as the government comes "
                "to depend on it")
        binding = ("efficient frontier u_G + u_A = S (transferable surplus): the weights only "
                   "decide its division",)
        if dep.government_weight in (0, 1):
            binding += ("one side has all the bargaining power: the other is held to its "
                        "disagreement payoff",)
        params = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                  if f.name != "stages"}
        params["stages"] = tuple(st.name for st in self.stages)
        return Explanation(
            model="resource_dependence",
            phenomenon="bargaining power from resource dependence between government and agency",
            headline=headline, regime=s.regime,
            equilibrium=(f"asymmetric Nash bargaining solution: government "
                         f"{_fmt(uG, 4)}, agency {_fmt(uA, 4)}"),
            binding=binding, figures=figures,
            comparative_statics=self.comparative_statics(), details=tuple(details),
            parameters=params)

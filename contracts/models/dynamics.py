"""The relationship over time: the chain game played period after period on an evolving state.

The state of the relationship is its **trust** ``T ∈ [0, 1]`` (relationship capital built by
observed compliance), the agency's **embeddedness** ``E ∈ [0, 1]`` (local, professional
resources the bureau cannot easily replace, accumulated while the agency is retained), and the
period's budget cut. Each period the state sets three parameters of the period game

* renewal probability ``ρ = ρ0 + (ρ1 − ρ0)·T`` (a trusted agency's programme is renewed),
* the agency's compliance cost ``g = g0 − g_T·T − g_E·E`` (procedures become its own as trust
  and embeddedness grow),
* the bureau's cost of control ``h = h0 + h_E·E`` (controlling an embedded agency costs more),
* the agency's alternative funding ``a = a_base + f_E·E`` (an embedded agency finds other
  resources, so losing the bureau's renewal rent bites less),

the period game is solved (:class:`contracts.models.chain.Chain`), and the realised actions move
the state: a period of observed compliance (or a trial period under a tender) adds ``η`` to
trust, perfunctory compliance caught by control removes ``η``; embeddedness grows by ``ε`` per
period of relational purchasing. Budget cuts arrive at random (probability ``shock_probability``,
size ``shock_size``). Control and perfunctory compliance are drawn from the equilibrium
probabilities with a seeded ``rng``.

The life-cycle stage of each period is the predicate
:func:`contracts.models.regimes.lifecycle_stage` of that period's equilibrium, so the order of
stages along a path is an output of the model.

Examples
--------
>>> from contracts.models.dynamics import LifeCyclePaths
>>> res = LifeCyclePaths(periods=30, paths=20).simulate(rng=1)
>>> res.modal_order[0]
'exploratory'
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np

from .._validation import check_nonnegative, check_probability, check_real
from ..exceptions import InvalidParameterError
from ..results import format_number
from .chain import Chain

__all__ = ["LifeCyclePaths", "LifeCycleResult", "run_lengths", "STAGES"]

STAGES = ("exploratory", "control", "resistance", "symbiosis", "nominal")


def run_lengths(labels) -> tuple:
    """Run-length compress a label sequence: ``((label, length), ...)``.

    Parameters
    ----------
    labels : iterable
        Hashable labels, e.g. the per-period stages of one path.

    Returns
    -------
    tuple of tuple
        ``(label, length)`` for each maximal run of equal consecutive labels, in order; empty
        for an empty input.

    Examples
    --------
    >>> from contracts.models.dynamics import run_lengths
    >>> run_lengths(["control", "control", "resistance", "control"])
    (('control', 2), ('resistance', 1), ('control', 1))
    """
    out = []
    for x in labels:
        if out and out[-1][0] == x:
            out[-1][1] += 1
        else:
            out.append([x, 1])
    return tuple((a, b) for a, b in out)


@dataclass(frozen=True)
class LifeCycleResult:
    """Stage paths of many simulated relationships (made by :meth:`LifeCyclePaths.simulate`).

    Attributes
    ----------
    paths : tuple of tuple of str
        Each path's per-period stages (names from ``STAGES``).
    frequencies : Mapping
        Stage -> share of all simulated periods spent in it.
    mean_duration : Mapping
        Stage -> mean length (in periods) of a spell in it.
    orders : Mapping
        Order of first entry into the stages (a tuple of stages) -> number of paths with it.
    modal_order : tuple of str
        The most frequent order of first entry.
    periods : int
        Length of each path.

    Examples
    --------
    >>> from contracts.models.dynamics import LifeCyclePaths
    >>> res = LifeCyclePaths(periods=15, paths=3).simulate(rng=1)
    >>> res.modal_order
    ('exploratory', 'control', 'resistance')
    >>> {stage: round(share, 3) for stage, share in res.frequencies.items()}
    {'exploratory': 0.467, 'control': 0.267, 'resistance': 0.267}
    """

    paths: tuple
    frequencies: Mapping
    mean_duration: Mapping
    orders: Mapping
    modal_order: tuple
    periods: int

    def __repr__(self) -> str:
        return (f"LifeCycleResult(paths={len(self.paths)}, periods={self.periods}, "
                f"modal_order={' → '.join(self.modal_order)!r})")

    def __str__(self) -> str:
        lines = [f"{len(self.paths)} simulated relationships of {self.periods} periods",
                 "  most frequent order of stages: " + " → ".join(self.modal_order)
                 + f" ({self.orders[self.modal_order]} of {len(self.paths)} paths)"]
        for s in STAGES:
            if self.frequencies.get(s, 0) > 0:
                lines.append(f"  {s:<12} {format_number(100 * self.frequencies[s], 3):>6}% of "
                             f"periods, spells of {format_number(self.mean_duration[s], 3)} "
                             "periods on average")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"frequencies": dict(self.frequencies), "mean_duration": dict(self.mean_duration),
                "modal_order": list(self.modal_order), "periods": self.periods,
                "paths": [list(p) for p in self.paths]}


@dataclass(frozen=True)
class LifeCyclePaths:
    """Simulate the relationship's life cycle (see the module docstring).

    Parameters
    ----------
    base : Chain
        The period game at zero trust and embeddedness (its ``renewal_probability``,
        ``compliance_cost`` and ``control_cost`` are replaced each period from the state).
    periods : int, default 40
        Number of periods in each simulated relationship.
    paths : int, default 40
        Number of relationships simulated by :meth:`simulate`.
    rho0, rho1 : float
        Renewal probability at trust 0 and 1.
    g0, g_trust, g_embed : float
        Compliance cost at trust 0 and its fall per unit of trust and of embeddedness.
    h0, h_embed : float
        Control cost at embeddedness 0 and its rise per unit of embeddedness.
    funding_embed : float
        Rise of the agency's alternative funding per unit of embeddedness (capped at 1).
    trust_step, embed_step : float
        ``η`` and ``ε``.
    shock_probability, shock_size : float
        Chance and size of a budget cut in a period.

    Raises
    ------
    InvalidParameterError
        If ``base`` is not a Chain, ``periods`` or ``paths`` is not a positive integer, or a
        rate is out of range.

    Examples
    --------
    >>> from contracts.models.dynamics import LifeCyclePaths, run_lengths
    >>> lc = LifeCyclePaths(periods=15, paths=3)
    >>> run_lengths(lc.path(1))
    (('exploratory', 7), ('control', 4), ('resistance', 4))
    """

    base: Chain = field(default_factory=lambda: Chain(
        worker_names=("w1", "w2"), wages=5.0, reservation_wages=4.0, competence=1.0,
        relationship=(0.8, 0.4), outside_offers=False, required_staff=1, budget=12.0,
        budget_cut=0.0, evaluation_accuracy=0.25, relationship_rent=0.5, evaluation_cost=1.5,
        tender_cost=0.6, no_trouble_cost=0.8, nearness=0.4, side_contract_cost=4.0,
        alternative_funding=0.0))
    periods: int = 40
    paths: int = 40
    rho0: float = 0.2
    rho1: float = 0.5
    g0: float = 0.4
    g_trust: float = 0.0
    g_embed: float = 0.45
    h0: float = 0.05
    h_embed: float = 0.3
    funding_embed: float = 1.5
    trust_step: float = 0.1
    embed_step: float = 0.1
    shock_probability: float = 0.2
    shock_size: float = 3.0

    def __post_init__(self):
        w = "LifeCyclePaths"
        if not isinstance(self.base, Chain):
            raise InvalidParameterError(f"{w}: base must be a Chain, got "
                                        f"{type(self.base).__name__}")
        for f in ("periods", "paths"):
            v = getattr(self, f)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise InvalidParameterError(
                    f"{w}: parameter {f!r} must be a positive integer, got {v!r}")
        check_real(w, "rho0", self.rho0, low=0, high=1, low_open=True)
        check_real(w, "rho1", self.rho1, low=self.rho0, high=1)
        for f in ("g_trust", "g_embed", "funding_embed", "h0", "h_embed", "trust_step", "embed_step", "shock_size"):
            check_nonnegative(w, f, getattr(self, f))
        check_real(w, "g0", self.g0)
        check_probability(w, "shock_probability", self.shock_probability)

    def period_game(self, trust: float, embeddedness: float, cut: float) -> Chain:
        """Return the period game at a state of the relationship.

        Parameters
        ----------
        trust : float
            Trust ``T`` in ``[0, 1]``; sets the renewal probability and lowers the compliance
            cost.
        embeddedness : float
            Embeddedness ``E`` in ``[0, 1]``; lowers the compliance cost and raises the control
            cost and the agency's alternative funding.
        cut : float
            The period's budget cut (capped at the base budget).

        Returns
        -------
        Chain
            ``base`` with ``renewal_probability``, ``compliance_cost``, ``control_cost``,
            ``alternative_funding`` and ``budget_cut`` set from the state.

        Examples
        --------
        >>> from contracts.models.dynamics import LifeCyclePaths
        >>> g = LifeCyclePaths().period_game(1.0, 0.0, 0.0)
        >>> g.renewal_probability, g.compliance_cost, g.control_cost
        (0.5, 0.4, 0.05)
        """
        return dataclasses.replace(
            self.base, renewal_probability=self.rho0 + (self.rho1 - self.rho0) * trust,
            compliance_cost=self.g0 - self.g_trust * trust - self.g_embed * embeddedness,
            control_cost=self.h0 + self.h_embed * embeddedness,
            alternative_funding=min(1.0, self.base.alternative_funding
                                    + self.funding_embed * embeddedness),
            budget_cut=min(cut, self.base.budget))

    def path(self, rng, cache=None) -> tuple:
        """Simulate one relationship and return its stage in each period.

        Parameters
        ----------
        rng : int, numpy.random.SeedSequence or numpy.random.Generator or None
            Seed passed to :func:`numpy.random.default_rng` (a fresh generator is made from it).
        cache : dict, optional
            Solved period games keyed by state, shared between paths to avoid re-solving;
            filled in place.

        Returns
        -------
        tuple of str
            ``periods`` stage names (from ``STAGES``), one per period.

        Examples
        --------
        >>> from contracts.models.dynamics import LifeCyclePaths
        >>> LifeCyclePaths(periods=3, paths=1).path(0)
        ('exploratory', 'exploratory', 'exploratory')
        """
        from .regimes import lifecycle_stage, tender
        gen = np.random.default_rng(rng)
        trust = emb = 0.0
        stages = []
        cache = {} if cache is None else cache
        for _ in range(self.periods):
            cut = self.shock_size if gen.random() < self.shock_probability else 0.0
            key = (round(trust, 9), round(emb, 9), cut)
            if key not in cache:
                cache[key] = self.period_game(trust, emb, cut).solve()
            eq = cache[key]
            stages.append(lifecycle_stage(eq))
            if tender(eq):
                trust = min(1.0, trust + self.trust_step)      # a trial period well done
                continue
            ctrl = gen.random() < eq.inspection.control
            perf = gen.random() < eq.inspection.perfunctory
            caught = ctrl and perf and gen.random() < eq.inspection.detection
            if not perf:
                trust = min(1.0, trust + self.trust_step)
            elif caught:
                trust = max(0.0, trust - self.trust_step)
            emb = min(1.0, emb + self.embed_step)
        return tuple(stages)

    def simulate(self, *, rng=None) -> LifeCycleResult:
        """Simulate ``paths`` relationships and summarise their stages.

        Parameters
        ----------
        rng : int or numpy.random.Generator, optional
            Seed; one child seed per path is spawned from it (``SeedSequence``), so the result
            is reproducible for a given seed.

        Returns
        -------
        LifeCycleResult
            The stage paths, the share of periods and mean spell length in each stage, and the
            orders of stages.

        Examples
        --------
        >>> from contracts.models.dynamics import LifeCyclePaths
        >>> LifeCyclePaths(periods=15, paths=3).simulate(rng=1).modal_order
        ('exploratory', 'control', 'resistance')
        """
        seeds = np.random.SeedSequence(rng if not isinstance(rng, np.random.Generator)
                                       else rng.integers(2 ** 32)).spawn(self.paths)
        cache: dict = {}
        paths = tuple(self.path(s, cache) for s in seeds)
        counts = Counter(s for p in paths for s in p)
        total = sum(counts.values())
        spells: dict = {}
        orders = Counter()
        for p in paths:
            for lab, n in run_lengths(p):
                spells.setdefault(lab, []).append(n)
            first = tuple(dict.fromkeys(p))
            orders[first] += 1
        modal = max(orders, key=lambda o: (orders[o], o))
        return LifeCycleResult(
            paths, MappingProxyType({s: counts[s] / total for s in counts}),
            MappingProxyType({s: float(np.mean(v)) for s, v in spells.items()}),
            MappingProxyType(dict(orders)), modal, self.periods)

"""The shared vocabulary of the models layer: tiers of the government → agency → worker chain.

A :class:`Tier` is one level of the chain (district bureau, subdistrict office, community
committee, social-work agency, social worker) described by the handful of parameters every
application model needs:

* ``bargaining_power`` — a power index in [0, 1] read as *resource dependence* (Emerson 1962;
  Pfeffer–Salancik 1978): the power of tier *i* over tier *j* is *j*'s dependence on *i*.
  Between two tiers the Nash bargaining weight of *i* is ``p_i / (p_i + p_j)``
  (``alpha_G = D_A / (D_A + D_G)``).
* ``evaluation_accuracy`` — probability that the tier's evaluation of the tier below detects
  low quality (ψ ; ``0`` = purely ceremonial evaluation).
* ``quality_verifiable`` — whether the quality the tier receives can be written into an
  enforceable contract (if not, incentives have to be relational).
* ``logit_precision`` — rationality λ ≥ 0 of the tier's logit choice (``0`` = uniform noise,
  large = best response).
* ``discount`` — the tier's discount factor δ ∈ (0, 1).

:class:`TierChain` is an ordered chain of tiers, strongest (top) first; :func:`default_chain`
is the three-tier chain district bureau → agency → worker whose numbers are
(D_A = 0.8, D_G = 0.15 ⇒ the government's Nash weight 0.842105; a ceremonial evaluation
ψ = 0.25; the worker's δ = 0.9).

Examples
--------
>>> from contracts.models.tiers import default_chain
>>> chain = default_chain()
>>> [t.name for t in chain]
['district bureau', 'agency', 'worker']
>>> round(chain.nash_weight("district bureau", "agency"), 6)
0.842105
>>> [t.name for t in chain.weakest_first()]
['worker', 'agency', 'district bureau']
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Iterator

from .._validation import check_discount, check_nonnegative, check_probability, check_real
from ..exceptions import InvalidParameterError
from ..results import format_number

__all__ = ["LEVELS", "GOVERNMENT_LEVELS", "Tier", "TierChain", "default_chain",
           "government_tiers", "power_from_dependence", "nash_weight"]

#: The levels a tier may have, from the top of the chain to the bottom.
LEVELS: tuple[str, ...] = ("district bureau", "subdistrict office", "community committee",
                           "agency", "worker")

#: The government levels among :data:`LEVELS`.
GOVERNMENT_LEVELS: tuple[str, ...] = LEVELS[:3]


def power_from_dependence(partner_revenue_share: float, essentiality: float = 1.0) -> float:
    """Power index of a tier: its partner's dependence on it (Emerson 1962).

    ``D = partner_revenue_share * essentiality`` — the share of the partner's resources that the
    tier supplies times how essential they are (for the government over the agency this is
    ``D_A`` ; for the agency over the government, ``D_G`` with
    ``essentiality = 1 - substitutability``).

    Parameters
    ----------
    partner_revenue_share : float
        Share of the partner's resources the tier supplies, in [0, 1].
    essentiality : float
        How essential those resources are, in [0, 1].

    Returns
    -------
    float
        The power index ``D``.

    Examples
    --------
    >>> power_from_dependence(0.8, 1.0), power_from_dependence(0.3, 1 - 0.5)
    (0.8, 0.15)
    """
    w = "power_from_dependence"
    check_probability(w, "partner_revenue_share", partner_revenue_share)
    check_probability(w, "essentiality", essentiality)
    return partner_revenue_share * essentiality


def nash_weight(power: float, partner_power: float) -> float:
    """Nash bargaining weight ``power / (power + partner_power)`` of a tier against a partner.

    Parameters
    ----------
    power : float
        The tier's power.
    partner_power : float
        The partner's power.

    Returns
    -------
    float
        The weight, in [0, 1].

    Examples
    --------
    >>> round(nash_weight(0.8, 0.15), 6)
    0.842105
    """
    w = "nash_weight"
    check_nonnegative(w, "power", power)
    check_nonnegative(w, "partner_power", partner_power)
    if power + partner_power == 0:
        raise InvalidParameterError(
            f"{w}: both powers are 0, so no bargaining weight is defined; expected at least one "
            "positive power (dependence)")
    return power / (power + partner_power)


@dataclass(frozen=True)
class Tier:
    """One tier of the government → agency → worker chain.

    Parameters
    ----------
    name : str
        A label (e.g. ``"district bureau"``, ``"agency A"``, ``"worker 3"``).
    level : str
        One of :data:`LEVELS`: ``"district bureau"``, ``"subdistrict office"``,
        ``"community committee"``, ``"agency"``, ``"worker"``.
    bargaining_power : float, default 0.5
        Power index in [0, 1] = the partners' resource dependence on this tier; the Nash weight
        against a partner is ``p / (p + p_partner)`` (see :meth:`nash_weight_against`).
    evaluation_accuracy : float, default 0.5
        Probability in [0, 1] that this tier's evaluation of the tier below detects low quality.
    quality_verifiable : bool, default False
        Whether the quality this tier buys can be verified by a court / written into an
        enforceable contract.
    logit_precision : float, default 5.0
        Rationality λ ≥ 0 of logit choice (0 = random, large = best response).
    discount : float, default 0.9
        Discount factor δ in (0, 1).

    Examples
    --------
    >>> g = Tier("district bureau", "district bureau", bargaining_power=0.8)
    >>> a = Tier("agency", "agency", bargaining_power=0.15)
    >>> round(g.nash_weight_against(a), 6), g.is_government, a.is_government
    (0.842105, True, False)
    """

    name: str
    level: str
    bargaining_power: float = 0.5
    evaluation_accuracy: float = 0.5
    quality_verifiable: bool = False
    logit_precision: float = 5.0
    discount: float = 0.9

    def __post_init__(self):
        w = "Tier"
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidParameterError(f"{w}: name must be a non-empty string, got {self.name!r}")
        if self.level not in LEVELS:
            raise InvalidParameterError(
                f"{w}: level {self.level!r} is not one of {', '.join(map(repr, LEVELS))}")
        check_probability(w, "bargaining_power", self.bargaining_power)
        check_probability(w, "evaluation_accuracy", self.evaluation_accuracy)
        if not isinstance(self.quality_verifiable, bool):
            raise InvalidParameterError(
                f"{w}: quality_verifiable must be True or False, got {self.quality_verifiable!r}")
        check_real(w, "logit_precision", self.logit_precision, low=0, allow_inf=True)
        check_discount(w, self.discount)

    # ---------------------------------------------------------------- derived quantities
    @property
    def is_government(self) -> bool:
        """True for the three government levels."""
        return self.level in GOVERNMENT_LEVELS

    @property
    def rank(self) -> int:
        """Position of the level in :data:`LEVELS` (0 = district bureau, 4 = worker)."""
        return LEVELS.index(self.level)

    @property
    def patience(self) -> float:
        """``δ / (1 - δ)``: present value of one unit per period from next period on."""
        return self.discount / (1 - self.discount)

    @property
    def is_fully_rational(self) -> bool:
        """True when ``logit_precision`` is infinite (exact best responses)."""
        return math.isinf(self.logit_precision)

    def nash_weight_against(self, other: "Tier") -> float:
        """This tier's Nash bargaining weight against ``other``: ``p / (p + p_other)``.

        Parameters
        ----------
        other : Tier
            The bargaining partner.

        Returns
        -------
        float
            The weight, in [0, 1].
        """
        if not isinstance(other, Tier):
            raise InvalidParameterError(
                f"Tier.nash_weight_against: expected a Tier, got {type(other).__name__}")
        return nash_weight(self.bargaining_power, other.bargaining_power)

    def replace(self, **changes) -> "Tier":
        """A copy with some parameters changed (validated again).

        Parameters
        ----------
        **changes
            New values of fields, by name.

        Returns
        -------
        Tier
            The changed tier.
        """
        return dataclasses.replace(self, **changes)

    def __str__(self) -> str:
        lam = "∞" if self.is_fully_rational else format_number(self.logit_precision, 4)
        return (f"{self.name} ({self.level}): power {format_number(self.bargaining_power, 4)}, "
                f"evaluation accuracy {format_number(self.evaluation_accuracy, 4)}, quality "
                f"{'verifiable' if self.quality_verifiable else 'not verifiable'}, "
                f"rationality λ = {lam}, discount {format_number(self.discount, 4)}")


@dataclass(frozen=True)
class TierChain:
    """An ordered chain of tiers, top (principal) first, each contracting with the next.

    Parameters
    ----------
    tiers : tuple of Tier
        At least two tiers with distinct names, ordered from the top of the chain down.

    Examples
    --------
    >>> chain = default_chain()
    >>> chain["agency"].bargaining_power, len(chain)
    (0.15, 3)
    >>> [(a.name, b.name) for a, b in chain.pairs()]
    [('district bureau', 'agency'), ('agency', 'worker')]
    """

    tiers: tuple

    def __post_init__(self):
        w = "TierChain"
        try:
            tiers = tuple(self.tiers)
        except TypeError:
            raise InvalidParameterError(
                f"{w}: tiers must be a sequence of Tier, got {self.tiers!r}") from None
        if len(tiers) < 2:
            raise InvalidParameterError(f"{w}: expected at least 2 tiers, found {len(tiers)}")
        for t in tiers:
            if not isinstance(t, Tier):
                raise InvalidParameterError(
                    f"{w}: every element must be a Tier, found {type(t).__name__}")
        names = [t.name for t in tiers]
        if len(set(names)) != len(names):
            raise InvalidParameterError(f"{w}: tier names must be distinct, found {names}")
        object.__setattr__(self, "tiers", tiers)

    def __iter__(self) -> Iterator[Tier]:
        return iter(self.tiers)

    def __len__(self) -> int:
        return len(self.tiers)

    def __getitem__(self, key) -> Tier:
        if isinstance(key, str):
            for t in self.tiers:
                if t.name == key:
                    return t
            raise KeyError(f"TierChain: no tier named {key!r}; tiers are {self.names}")
        return self.tiers[key]

    @property
    def names(self) -> tuple[str, ...]:
        """The tiers' names, top first."""
        return tuple(t.name for t in self.tiers)

    @property
    def top(self) -> Tier:
        """The principal at the top of the chain."""
        return self.tiers[0]

    @property
    def bottom(self) -> Tier:
        """The tier at the bottom of the chain."""
        return self.tiers[-1]

    def by_level(self, level: str) -> tuple[Tier, ...]:
        """All tiers of a level (e.g. every ``"worker"``).

        Parameters
        ----------
        level : str
            One of :data:`LEVELS`.

        Returns
        -------
        tuple of Tier
            The tiers at that level, top first.
        """
        if level not in LEVELS:
            raise InvalidParameterError(
                f"TierChain.by_level: level {level!r} is not one of {', '.join(LEVELS)}")
        return tuple(t for t in self.tiers if t.level == level)

    def pairs(self) -> tuple[tuple[Tier, Tier], ...]:
        """Adjacent (principal, agent) pairs down the chain.

        Returns
        -------
        tuple of (Tier, Tier)
            One pair per link.
        """
        return tuple(zip(self.tiers[:-1], self.tiers[1:]))

    def nash_weight(self, upper, lower) -> float:
        """Nash weight of tier ``upper`` against tier ``lower`` (names or Tier objects).

        Parameters
        ----------
        upper, lower : str or Tier
            The two tiers.

        Returns
        -------
        float
            ``upper``'s weight, in [0, 1].

        Examples
        --------
        >>> round(default_chain().nash_weight("district bureau", "agency"), 6)
        0.842105
        """
        u = self[upper] if isinstance(upper, str) else upper
        lo = self[lower] if isinstance(lower, str) else lower
        return u.nash_weight_against(lo)

    def weakest_first(self) -> tuple[Tier, ...]:
        """Tiers in increasing bargaining power (ties: lower in the chain first).

        This is the order in which a shortfall is absorbed when each tier passes pressure on to
        whoever is weaker.

        Returns
        -------
        tuple of Tier
            The tiers, weakest first.
        """
        order = sorted(range(len(self.tiers)),
                       key=lambda i: (self.tiers[i].bargaining_power, -i))
        return tuple(self.tiers[i] for i in order)

    def is_power_decreasing(self) -> bool:
        """True when bargaining power weakly falls down the chain.

        Returns
        -------
        bool
            Whether each tier is at least as strong as the one below.
        """
        p = [t.bargaining_power for t in self.tiers]
        return all(a >= b for a, b in zip(p, p[1:]))

    def replace_tier(self, name: str, **changes) -> "TierChain":
        """A copy with tier ``name`` changed.

        Parameters
        ----------
        name : str
            The tier to change.
        **changes
            New values of its fields, by name.

        Returns
        -------
        TierChain
            The changed chain.
        """
        old = self[name]
        return TierChain(tuple(t.replace(**changes) if t is old else t for t in self.tiers))

    def __str__(self) -> str:
        lines = ["Tier chain (top first):"]
        lines += [f"  {i + 1}. {t}" for i, t in enumerate(self.tiers)]
        for a, b in self.pairs():
            lines.append(f"  Nash weight of {a.name} against {b.name}: "
                         f"{format_number(a.nash_weight_against(b), 4)}")
        return "\n".join(lines)


def default_chain() -> TierChain:
    """The default three-tier chain: district bureau → agency → worker.

    Numbers: the government's power is the agency's dependence
    ``D_A = 0.8 * 1`` and the agency's power over the government is ``D_G = 0.3 * (1 - 0.5)
    = 0.15`` (so the bureau's Nash weight is 0.842105); the agency's power over a
    worker is small (0.05: workers are easily replaced). The district bureau evaluates
    ceremonially (accuracy 0.25) and quality is not verifiable; discount factors
    0.8 (government), 0.9 (agency and worker).

    Returns
    -------
    TierChain
        District bureau, agency and worker.

    Examples
    --------
    >>> default_chain().top.level
    'district bureau'
    """
    return TierChain((
        Tier("district bureau", "district bureau", bargaining_power=0.8,
             evaluation_accuracy=0.25, quality_verifiable=False, logit_precision=5.0,
             discount=0.8),
        Tier("agency", "agency", bargaining_power=0.15, evaluation_accuracy=0.7,
             quality_verifiable=False, logit_precision=5.0, discount=0.9),
        Tier("worker", "worker", bargaining_power=0.05, evaluation_accuracy=0.0,
             quality_verifiable=False, logit_precision=2.0, discount=0.9),
    ))


def government_tiers() -> TierChain:
    """The three government tiers: district bureau (far), subdistrict office, community committee.

    The far district bureau has the most power but evaluates ceremonially (accuracy 0.25); the
    near subdistrict office observes the agency well (0.75, a good monitor and a potential
    collusion partner); the community committee sees daily work (0.9) but has
    little power.

    Returns
    -------
    TierChain
        The three government tiers, far to near.

    Examples
    --------
    >>> [round(t.evaluation_accuracy, 2) for t in government_tiers()]
    [0.25, 0.75, 0.9]
    """
    return TierChain((
        Tier("district bureau", "district bureau", bargaining_power=0.8,
             evaluation_accuracy=0.25, discount=0.8),
        Tier("subdistrict office", "subdistrict office", bargaining_power=0.5,
             evaluation_accuracy=0.75, discount=0.85),
        Tier("community committee", "community committee", bargaining_power=0.2,
             evaluation_accuracy=0.9, discount=0.9),
    ))

"""Stage 2a of the chain game: the community committee's co-evaluation.

The community committee (the residents' committee of the street where the service is
delivered) lives with the service and sees its quality day to day. Before the bureau fixes its
renewal rule, the committee chooses whether to **co-evaluate** the agency's service with the
bureau. Co-evaluation adds a second, independent signal: shading is then detected with
probability ``α' = 1 − (1 − α)(1 − β)`` instead of ``α`` (``β`` is the committee's own accuracy).

The committee's objective is the quality its community receives, valued at ``V_C`` per unit,
net of its cost ``c_C`` of co-evaluating:

    u_C(co-evaluate) = V_C · E[q | α'] − c_C,     u_C(abstain) = V_C · E[q | α],

where ``E[q | ·]`` is the quality the bureau's (logit) renewal rule delivers at that accuracy:
the highest self-enforcing quality times the probability of the partner rule. The committee
chooses the better (ties: it abstains), or, with finite logit precision, each with its logit
probability. Co-evaluation enters the equilibrium through the enforcement multiplier of the
relational contract (Levin 2003: a more informative signal enlarges the self-enforcing set)
and so through the bureau's rule. With the committee switched off (``community_committee=False``)
the stage is skipped and the chain is exactly the two-tier government chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from . import _stages as st
from ._logit import logit

__all__ = ["CommitteeChoice", "committee_stage", "CO_EVALUATE", "ABSTAIN"]

CO_EVALUATE, ABSTAIN = "co-evaluate", "abstain"


@dataclass(frozen=True)
class CommitteeChoice:
    """The committee's choice and what it leads to.

    Attributes
    ----------
    enabled : bool
        Whether the committee plays.
    accuracy : float
        ``β``, its co-evaluation's probability of detecting shading.
    own_accuracy : float
        ``α``, the bureau's evaluation alone.
    combined_accuracy : float
        ``α' = 1 − (1 − α)(1 − β)``.
    values : mapping
        Its payoff of each action (``abstain``, ``co-evaluate``).
    probabilities : mapping
        Its choice probabilities (degenerate at ``λ = ∞``).
    co_evaluates : bool
        Its (most likely) choice.
    purchasing : Purchasing
        Stage 2 at the accuracy its choice leaves.
    """

    enabled: bool
    accuracy: float
    own_accuracy: float
    combined_accuracy: float
    values: Mapping
    probabilities: Mapping
    co_evaluates: bool
    purchasing: st.Purchasing

    @property
    def accuracy_used(self) -> float:
        """The evaluation accuracy stage 2 runs at on the path."""
        return self.combined_accuracy if self.co_evaluates else self.own_accuracy


def _expected_quality(pur: st.Purchasing) -> float:
    q = pur.max_quality if pur.max_quality is not None else 0.0
    return pur.probabilities.get(st.PARTNER, 0.0) * q


def committee_stage(model) -> CommitteeChoice:
    """Solve stage 2a for a :class:`contracts.models.chain.Chain` (see the module docstring)."""
    alpha = model.evaluation_accuracy
    own = model.purchasing()
    if not model.community_committee:
        return CommitteeChoice(False, 0.0, alpha, alpha, MappingProxyType({}),
                               MappingProxyType({ABSTAIN: 1.0}), False, own)
    beta = model.committee_accuracy
    # 1 - (1 - alpha)(1 - beta), written so that rounding never makes it coarser than either
    # signal alone (1 - (1 - 1e-15) loses a third of 1e-15)
    combined = max(alpha, beta, alpha + beta * (1 - alpha))
    joint = model.purchasing(accuracy=combined)
    vals = {ABSTAIN: model.committee_quality_value * _expected_quality(own),
            CO_EVALUATE: model.committee_quality_value * _expected_quality(joint)
            - model.committee_cost}
    probs = logit(vals, model.logit_precision)
    co = probs[CO_EVALUATE] > probs[ABSTAIN] + 1e-12
    return CommitteeChoice(True, beta, alpha, combined, MappingProxyType(vals),
                           MappingProxyType(probs), co, joint if co else own)

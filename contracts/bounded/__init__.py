"""Bounded rationality: logit quantal response equilibrium, cognitive hierarchy and level-k.

- :func:`logit_branch`, :func:`logit_qre`, :func:`logit_estimate` (module :mod:`.qre`): the
  principal branch of the logit QRE correspondence, the QRE at a given precision, and the
  maximum-likelihood precision for observed choices.
- :func:`cognitive_hierarchy`, :func:`level_k` and their p-beauty-contest versions
  :func:`cognitive_hierarchy_beauty`, :func:`level_k_beauty` (module :mod:`.cognitive`).
"""

from .cognitive import (BeautyContest, CognitiveHierarchy, cognitive_hierarchy,
                        cognitive_hierarchy_beauty, level_k, level_k_beauty, poisson_levels)
from .qre import LogitEstimate, QREBranch, QREPoint, logit_branch, logit_estimate, logit_qre

__all__ = ["QREBranch", "QREPoint", "LogitEstimate", "logit_branch", "logit_qre",
           "logit_estimate", "CognitiveHierarchy", "BeautyContest", "cognitive_hierarchy",
           "level_k", "cognitive_hierarchy_beauty", "level_k_beauty", "poisson_levels"]

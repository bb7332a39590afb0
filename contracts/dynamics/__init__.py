"""Evolutionary and learning dynamics on normal-form and population games.

- :func:`replicator` (one or several populations), :func:`best_response_dynamics`,
  :func:`logit_dynamics`, :func:`fictitious_play`: simulated paths as :class:`Trajectory`.
- :func:`vertex_report`, :func:`rest_points`, :func:`friedman_table`, :func:`classify`,
  :func:`is_ess`, :func:`basin_counts`, :func:`first_integral`: rest points and their
  stability (only strict pure equilibria are ever labelled ESS in multi-population dynamics).
"""

from ._trajectory import Trajectory
from .best_response import best_response_dynamics, logit_dynamics
from .fictitious_play import fictitious_play
from .replicator import replicator, replicator_field, replicator_jacobian
from .stability import (FirstIntegral, FriedmanTable, RestPoint, StabilityReport, basin_counts,
                        classify, first_integral, friedman_table, is_ess, rest_points,
                        vertex_report)

__all__ = ["Trajectory", "replicator", "replicator_field", "replicator_jacobian",
           "best_response_dynamics", "logit_dynamics", "fictitious_play", "RestPoint",
           "StabilityReport", "FriedmanTable", "FirstIntegral", "classify", "vertex_report",
           "rest_points", "friedman_table", "basin_counts", "is_ess", "first_integral"]

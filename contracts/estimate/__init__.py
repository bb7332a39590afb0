"""Estimation of the three-tier models' parameters from case data.

- :mod:`.data` — the case-data format (one row per case-period), :func:`load_cases`,
  :func:`simulate_panel`;
- :mod:`.outcomes` — what can be observed and the probability the model gives it;
- :mod:`.mle` — maximum likelihood (:func:`estimate`) with observed-information standard errors
  and profile-likelihood intervals;
- :mod:`.smm` — simulated method of moments (:func:`smm`);
- :mod:`.identified` — identified sets from noiseless regime observations
  (:func:`identified_set`);
- :mod:`.result` — :class:`EstimationResult`, :class:`IdentifiedSet`.

This package sits above :mod:`contracts.models` (it imports the models; nothing below imports
it). pandas is imported only when data are read or built.
"""

from .data import load_cases, simulate_panel
from .identified import identified_set
from .mle import estimate, log_likelihood
from .outcomes import GameChoices, available_outcomes, outcome_probabilities
from .result import EstimationResult, IdentifiedSet
from .smm import smm

__all__ = ["estimate", "smm", "identified_set", "log_likelihood", "EstimationResult",
           "IdentifiedSet", "load_cases", "simulate_panel", "GameChoices",
           "available_outcomes", "outcome_probabilities"]

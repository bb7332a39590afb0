"""From field evidence to parameters, and from parameters to policy.

Estimation of the three-tier models' parameters from case data:

- :mod:`.data` — the case-data format (one row per case-period), :func:`load_cases`,
  :func:`simulate_panel`;
- :mod:`.outcomes` — what can be observed and the probability the model gives it;
- :mod:`.mle` — maximum likelihood (:func:`estimate`) with observed-information standard errors
  and profile-likelihood intervals;
- :mod:`.smm` — simulated method of moments (:func:`smm`);
- :mod:`.identified` — identified sets from noiseless regime observations
  (:func:`identified_set`);
- :mod:`.result` — :class:`EstimationResult`, :class:`IdentifiedSet`.

Uncertainty, sensitivity and policy:

- :mod:`.sensitivity` — regime probabilities over parameter boxes, regime boundaries, Sobol'
  indices (SALib) and partial dependence;
- :mod:`.counterfactual` — named reforms and each party's welfare before and after.

This package sits above :mod:`contracts.models` (it imports the models; nothing below imports
it). Names are imported lazily on first access; pandas and SALib only when used.
"""

from __future__ import annotations

import importlib

_NAMES = {
    **{n: "data" for n in ("load_cases", "simulate_panel")},
    "identified_set": "identified",
    **{n: "mle" for n in ("estimate", "log_likelihood")},
    **{n: "outcomes" for n in ("GameChoices", "available_outcomes", "outcome_probabilities")},
    **{n: "result" for n in ("EstimationResult", "IdentifiedSet")},
    "smm": "smm",
    **{n: "counterfactual" for n in ("Reform", "Counterfactual", "counterfactual",
                                     "third_party_evaluation", "longer_contract_terms",
                                     "competitive_tendering", "plural_performance_measures",
                                     "budget_floor", "REFORMS")},
    **{n: "sensitivity" for n in ("regime_probabilities", "RegimeProbabilities",
                                  "regime_boundary", "RegimeBoundary", "sobol_indices",
                                  "SobolIndices", "partial_dependence", "PartialDependence",
                                  "plot_partial_dependence")},
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name in _NAMES:
        value = getattr(importlib.import_module(f"contracts.estimate.{_NAMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'contracts.estimate' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))

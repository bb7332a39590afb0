"""From parameters to policy: sensitivity of the models' regimes and counterfactual reforms.

Names are imported lazily on first access.
"""

from __future__ import annotations

import importlib

_NAMES = {
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

"""Contract theory building blocks: moral hazard, linear contracts, screening, relational
contracts, hierarchies, employment and dismissal, procurement, common agency, bargaining.

Names are imported lazily on first access.
"""

from __future__ import annotations

import importlib

_NAMES = {
    "ContractSolution": "_result",
    **{n: "moral_hazard" for n in ("MoralHazard", "GrossmanHart", "Utility", "ImplementationCost")},
    **{n: "linear" for n in ("LEN", "LinearContract", "Multitask", "ZeroPoweredIncentives",
                             "Distortion", "ClosedForm")},
    **{n: "screening" for n in ("TwoTypeScreening", "ScreeningNType", "ContinuousScreening",
                                "Menu", "check_incentive_compatibility",
                                "pool_adjacent_violators")},
    **{n: "relational" for n in ("LevinRelational", "LevinMoralHazard", "SubjectiveObjective")},
    **{n: "hierarchy" for n in ("SupervisionHierarchy", "BudgetPassThrough", "Worker")},
    **{n: "employment" for n in ("ShapiroStiglitz", "DismissalThreat", "CompetenceLearning",
                                 "posterior_good")},
    **{n: "procurement" for n in ("RelationalProcurement", "SupplierInvitation", "LossLeader",
                                  "relationship_value")},
    "MenuAuction": "common_agency",
    **{n: "bargaining" for n in ("NashBargaining", "Rubinstein", "RubinsteinLimit",
                                 "StackelbergCournot", "SubsidyStackelberg",
                                 "ResourceDependence")},
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name in _NAMES:
        value = getattr(importlib.import_module(f"contracts.agency.{_NAMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'contracts.agency' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))

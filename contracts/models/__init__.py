"""The application: government tiers → social-work agency → workers.

Ready models whose equilibria reproduce what field studies of government purchase of social-work
services report. Each is a frozen dataclass of named parameters (defaults from MODELS.md) with
``game()``/``solve()`` and ``explain()`` (an :class:`Explanation` whose ``str`` is a short report).

>>> import contracts as ct
>>> print(ct.models.explain_model("passive_dismissal").regime)  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any, Mapping

from ..exceptions import InvalidParameterError
from ._explain import ComparativeStatic, Explanation

#: CLI / registry name -> (module, class)
REGISTRY: dict[str, tuple[str, str]] = {
    "nominal_contract": ("contracts.models.nominal_contract", "NominalContract"),
    "relational_purchasing": ("contracts.models.relational_purchasing", "RelationalPurchasing"),
    "passive_dismissal": ("contracts.models.passive_dismissal", "PassiveDismissal"),
    "lifecycle": ("contracts.models.lifecycle", "LifeCycle"),
    "resource_dependence": ("contracts.models.resource_dependence", "ResourceDependenceModel"),
}

_CLASSES = {cls: mod for mod, cls in REGISTRY.values()}

__all__ = ["Explanation", "ComparativeStatic", "REGISTRY", "model_class", "explain_model",
           "explain_all", *sorted(_CLASSES)]


def model_class(name: str):
    """The model class registered under ``name`` (e.g. ``"passive_dismissal"``)."""
    key = name.strip().lower().replace("-", "_")
    if key not in REGISTRY:
        raise InvalidParameterError(
            f"explain_model: unknown model {name!r}; expected one of {', '.join(REGISTRY)} or 'all'")
    mod, cls = REGISTRY[key]
    return getattr(importlib.import_module(mod), cls)


def explain_model(name: str, overrides: Mapping[str, Any] | None = None) -> Explanation:
    """Build model ``name`` with default parameters updated by ``overrides`` and explain it.

    Unknown parameter names raise :class:`InvalidParameterError` listing the valid ones.
    """
    import dataclasses

    cls = model_class(name)
    overrides = dict(overrides or {})
    valid = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
    unknown = [k for k in overrides if valid and k not in valid]
    if unknown:
        raise InvalidParameterError(
            f"explain_model: model {name!r} has no parameter(s) {', '.join(unknown)}; valid: "
            f"{', '.join(sorted(valid))}")
    return cls(**overrides).explain()


def explain_all() -> list[Explanation]:
    """Every registered model at its default parameters, explained."""
    return [explain_model(name) for name in REGISTRY]


def __getattr__(name: str):
    if name in _CLASSES:
        value = getattr(importlib.import_module(_CLASSES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'contracts.models' has no attribute {name!r}")

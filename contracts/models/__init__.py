"""The application: government tiers → social-work agency → workers, as one game.

:class:`Chain` is the chain game (district bureau, subdistrict office, agency, N workers; one
multi-stage game per period solved by backward induction). Every regime the field studies name
is a documented predicate on its equilibrium (:mod:`contracts.models.regimes`); the five field
studies are named scenarios (:mod:`contracts.models.scenarios`); the life cycle is simulated on
an evolving state (:mod:`contracts.models.dynamics`). ``PassiveDismissal``, ``NominalContract``,
``RelationalPurchasing``, ``ResourceDependenceModel`` and ``LifeCycle`` are presets (views) of
the chain (:mod:`contracts.models.views`); ``explain()`` returns an :class:`Explanation` whose
``str`` is a short report.

>>> import contracts as ct
>>> ct.models.explain_model("passive_dismissal").figures["dismissed"]
3
"""

from __future__ import annotations

import importlib
from typing import Any, Mapping

from ..exceptions import InvalidParameterError
from ._explain import ComparativeStatic, Explanation

#: CLI / registry name -> (module, class); ``contracts explain all`` runs each
REGISTRY: dict[str, tuple[str, str]] = {
    "chain": ("contracts.models.chain", "Chain"),
    "passive_dismissal": ("contracts.models.views", "PassiveDismissal"),
    "nominal_contract": ("contracts.models.views", "NominalContract"),
    "relational_purchasing": ("contracts.models.views", "RelationalPurchasing"),
    "resource_dependence": ("contracts.models.views", "ResourceDependenceModel"),
    "lifecycle": ("contracts.models.views", "LifeCycle"),
}

_CLASSES = {cls: mod for mod, cls in REGISTRY.values()}
_MODULES = {"regimes", "scenarios", "dynamics", "chain", "views"}

__all__ = ["Explanation", "ComparativeStatic", "REGISTRY", "model_class", "explain_model",
           "explain_all", "scenario_names", *sorted(_CLASSES)]


def scenario_names() -> tuple[str, ...]:
    """Names of the field-study scenarios (also accepted by :func:`explain_model`).

    Returns
    -------
    tuple of str
        The scenario names.

    Examples
    --------
    >>> "passive_turnover" in scenario_names()
    True
    """
    from .scenarios import SCENARIOS
    return tuple(SCENARIOS)


def model_class(name: str):
    """The model class registered under ``name`` (e.g. ``"passive_dismissal"``).

    Parameters
    ----------
    name : str
        A key of :data:`REGISTRY` (dashes and case are ignored).

    Returns
    -------
    type
        The model class.

    Raises
    ------
    InvalidParameterError
        If no model has that name.

    Examples
    --------
    >>> model_class("lifecycle").__name__
    'LifeCycle'
    """
    key = name.strip().lower().replace("-", "_")
    if key not in REGISTRY:
        raise InvalidParameterError(
            f"explain_model: unknown model {name!r}; expected one of {', '.join(REGISTRY)}, "
            f"a scenario ({', '.join(scenario_names())}) or 'all'")
    mod, cls = REGISTRY[key]
    return getattr(importlib.import_module(mod), cls)


def explain_model(name: str, overrides: Mapping[str, Any] | None = None) -> Explanation:
    """Build model (or scenario) ``name`` with its defaults updated by ``overrides``; explain it.

    Parameters
    ----------
    name : str
        A registered model or a scenario name.
    overrides : mapping, optional
        Parameter values that replace the defaults.

    Returns
    -------
    Explanation
        The model's report.

    Raises
    ------
    InvalidParameterError
        For an unknown model or parameter name (the message lists the valid ones).

    Examples
    --------
    >>> e = explain_model("resource_dependence")
    >>> e.model, round(e.figures["government_weight"], 6)
    ('resource_dependence', 0.679272)
    """
    import dataclasses

    key = name.strip().lower().replace("-", "_")
    overrides = dict(overrides or {})
    if key not in REGISTRY and key in scenario_names():
        from .chain import Chain
        from .scenarios import get
        sc = get(key)
        valid = {f.name for f in dataclasses.fields(Chain)}
        unknown = [k for k in overrides if k not in valid]
        if unknown:
            raise InvalidParameterError(
                f"explain_model: scenario {name!r} has no parameter(s) {', '.join(unknown)}; "
                f"valid: {', '.join(sorted(valid))}")
        e = sc.chain(**overrides).explain()
        return dataclasses.replace(e, model=key, phenomenon=sc.study)
    cls = model_class(name)
    valid = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
    unknown = [k for k in overrides if valid and k not in valid]
    if unknown:
        raise InvalidParameterError(
            f"explain_model: model {name!r} has no parameter(s) {', '.join(unknown)}; valid: "
            f"{', '.join(sorted(valid))}")
    return cls(**overrides).explain()


def explain_all() -> list[Explanation]:
    """Every registered model at its default parameters, explained.

    Returns
    -------
    list of Explanation
        One report per entry of :data:`REGISTRY`.

    Examples
    --------
    >>> len(explain_all()) == len(REGISTRY)
    True
    """
    return [explain_model(name) for name in REGISTRY]


def __getattr__(name: str):
    if name in _CLASSES:
        value = getattr(importlib.import_module(_CLASSES[name]), name)
        globals()[name] = value
        return value
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'contracts.models' has no attribute {name!r}")

"""The component models the registry no longer uses warn, name their chain-game preset, and
still work (their known answers are tested in their own files)."""

import importlib
import warnings

import pytest

import contracts.models as models
from contracts.models import views

OLD = [("nominal_contract", "NominalContract"), ("relational_purchasing", "RelationalPurchasing"),
       ("passive_dismissal", "PassiveDismissal"), ("lifecycle", "LifeCycle"),
       ("resource_dependence", "ResourceDependenceModel")]


@pytest.mark.parametrize("module, name", OLD)
def test_old_component_model_warns_and_points_to_the_preset(module, name):
    cls = getattr(importlib.import_module(f"contracts.models.{module}"), name)
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{name} is deprecated: it is "
                                                 rf"superseded by contracts\.models\.{name} ") as rec:
        cls()
    assert rec[0].filename == __file__            # points at the caller, not the library
    # the name it points to is the registry's preset, and building that does not warn
    assert getattr(models, name) is getattr(views, name)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        getattr(models, name)()

"""The deprecation warning of the component models that the chain game's presets supersede."""

from __future__ import annotations

from .._deprecate import warn_superseded

#: Why a component model is superseded, unless it says otherwise.
PRESET = "a preset of contracts.models.chain.Chain, which solves the whole chain as one game"


def warn_component_model(module: str, name: str, why: str = PRESET) -> None:
    """Warn that ``contracts.models.<module>.<name>`` is superseded by the registry's ``name``.

    Call it from the model's ``__post_init__``: the warning points at the code that built the
    model.
    """
    warn_superseded(f"contracts.models.{module}.{name}", f"contracts.models.{name} ({why})",
                    stacklevel=5)

"""What a game IS: data and validation, no solving."""

from .normal_form import NormalFormGame

__all__ = ["NormalFormGame", "StochasticGame"]

# Modules reached as attributes (``ct.games.generators``) without an explicit import.
_SUBMODULES = ("generators", "normal_form", "extensive_form", "tree", "bayesian", "repeated",
               "population", "stochastic")


def __getattr__(name: str):
    if name == "StochasticGame":   # lazily: it needs scipy.sparse
        from .stochastic import StochasticGame
        return StochasticGame
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES) | set(__all__))

"""What a game IS: data and validation, no solving."""

from .normal_form import NormalFormGame

__all__ = ["NormalFormGame", "StochasticGame"]


def __getattr__(name: str):
    if name == "StochasticGame":   # lazily: it needs scipy.sparse
        from .stochastic import StochasticGame
        return StochasticGame
    raise AttributeError(f"module 'contracts.games' has no attribute {name!r}")

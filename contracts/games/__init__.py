"""What a game IS: data and validation, no solving."""

from .normal_form import NormalFormGame

__all__ = ["NormalFormGame"]

"""Fixtures shared by the stochastic-game tests (defined in ``_stochastic_games``)."""

from _stochastic_games import pd_game, zs_game  # noqa: F401

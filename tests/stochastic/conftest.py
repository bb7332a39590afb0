"""Shared fixtures for the stochastic-game tests (S1, S2 and S3 may add to this file)."""

from __future__ import annotations

import pytest

from _stochastic_games import two_state_pd, two_state_zero_sum


@pytest.fixture
def zs_game():
    return two_state_zero_sum()


@pytest.fixture
def pd_game():
    return two_state_pd()

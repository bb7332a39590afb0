"""Poisson cognitive hierarchy and level-k: oracles CH-BEAUTY-15, CH-BEAUTY-1, CH-INSPECTION-15,
LEVELK-INSPECTION."""

from __future__ import annotations

import math

import numpy as np
import pytest

import contracts as ct
from conftest import assert_close
from contracts.bounded import (BeautyContest, CognitiveHierarchy, cognitive_hierarchy,
                               cognitive_hierarchy_beauty, level_k, level_k_beauty,
                               poisson_levels)
from contracts.exceptions import InvalidGameError, InvalidParameterError


def _game(o):
    return ct.NormalFormGame.from_bimatrix(o["params"]["A_row"], o["params"]["B_col"],
                                           players=("government", "agency"),
                                           actions=(("strict", "loose"),
                                                    ("comply", "perfunctory")))


@pytest.mark.parametrize("oid", ["CH-BEAUTY-15", "CH-BEAUTY-1"])
def test_beauty_contest_oracles(oracles, oid):
    o = oracles[oid]
    p = o["params"]
    bc = cognitive_hierarchy_beauty(p["tau"], p=p["p"], low=p["range"][0], high=p["range"][1])
    assert isinstance(bc, BeautyContest)
    assert_close(bc.choices[:5], o["expected"]["level_choices_0_to_4"], o["tolerance"], oid)
    assert_close(bc.population_mean, o["expected"]["population_mean"], o["tolerance"], oid)
    assert bc.equilibrium == 0
    assert "population average guess" in str(bc)


def test_ch_inspection_oracle(oracles):
    o = oracles["CH-INSPECTION-15"]   # CH-INSPECTION-15
    ch = cognitive_hierarchy(_game(o), o["params"]["tau"])
    assert isinstance(ch, CognitiveHierarchy)
    tol = o["tolerance"]
    assert_close(ch.player_levels(0)[:4], o["expected"]["row_levels_0_to_3"], tol, "row levels")
    assert_close(ch.player_levels(1)[:4], o["expected"]["col_levels_0_to_3"], tol, "col levels")
    assert_close(ch.aggregate[0], o["expected"]["row_aggregate"], tol, "row aggregate")
    assert_close(ch.aggregate[1], o["expected"]["col_aggregate"], tol, "col aggregate")
    assert abs(ch.frequencies.sum() - 1) < 1e-12
    text = str(ch)
    assert "tau = 1.5" in text and "strict" in text and "population play" in text


def test_level_k_inspection_oracle(oracles):
    o = oracles["LEVELK-INSPECTION"]   # LEVELK-INSPECTION (tolerance 0: exact)
    lk = level_k(_game(o), o["params"]["K"])
    assert_close(lk.player_levels(0), o["expected"]["row_levels"], o["tolerance"], "rows")
    assert_close(lk.player_levels(1), o["expected"]["col_levels"], o["tolerance"], "cols")
    assert lk.aggregate is None and lk.frequencies is None
    assert "level-k" in str(lk)


def test_ties_split_equally_and_chosen_level0():
    # both actions of the row player always pay the same: ties split 1/2-1/2 at every level
    g = ct.NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[2, 0], [0, 1]])
    lk = level_k(g, 3)
    assert_close(lk.player_levels(0), [[0.5, 0.5]] * 4, 0, "ties")
    # a routine level 0: the agency always complies
    g2 = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    lk2 = level_k(g2, 1, level0=([0.5, 0.5], [1, 0]))
    assert_close(lk2.level(1)[0], [0, 1], 0, "best reply to a complying agency is loose")
    ch = cognitive_hierarchy(g2, 1.0, level0="uniform", levels=2)
    assert len(ch.levels) == 3 and ch.frequencies.sum() == pytest.approx(1.0)


def test_three_player_cognitive_hierarchy():
    g = ct.NormalFormGame([np.arange(8).reshape(2, 2, 2) % 3, np.ones((2, 2, 2)),
                           np.eye(2)[:, :, None] * np.ones((2, 2, 2))])
    ch = cognitive_hierarchy(g, 2.0)
    for s in ch.aggregate:
        assert s.sum() == pytest.approx(1.0) and np.all(s >= 0)


def test_level_k_beauty_and_poisson_levels():
    assert_close(level_k_beauty(3).choices, [50, 100 / 3, 200 / 9, 400 / 27], 1e-12, "Lk")
    assert_close(level_k_beauty(2, p=1.5, level0_mean=80).choices, [80, 100, 100], 0, "clipped")
    f = poisson_levels(1.5)
    assert 1 - np.exp(-1.5) * sum(1.5 ** k / math.factorial(k) for k in range(len(f))) < 1e-12
    assert_close(poisson_levels(1.0, 2), np.array([1, 1, 0.5]) / 2.5, 1e-12, "truncated")


def test_bad_input():
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    for tau in (0, -1.0, float("nan")):
        with pytest.raises(InvalidParameterError, match="tau"):
            cognitive_hierarchy(g, tau)
        with pytest.raises(InvalidParameterError, match="tau"):
            cognitive_hierarchy_beauty(tau)
    with pytest.raises(InvalidParameterError, match="levels"):
        level_k(g, -1)
    with pytest.raises(InvalidParameterError, match="levels"):
        level_k(g, 2.5)
    with pytest.raises(InvalidGameError):
        level_k(g, 2, level0=([0.7, 0.7], [1, 0]))
    with pytest.raises(InvalidParameterError, match="level0"):
        level_k(g, 2, level0="random")
    with pytest.raises(InvalidParameterError, match="low < high"):
        cognitive_hierarchy_beauty(1.0, low=100, high=0)
    with pytest.raises(InvalidGameError, match="NormalFormGame"):
        cognitive_hierarchy([[1, 0], [0, 1]], 1.0)

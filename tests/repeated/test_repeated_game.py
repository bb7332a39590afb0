"""RepeatedGame: construction, validation, immutability and delegation to the solvers."""

from __future__ import annotations

import math
import pickle
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts.exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from contracts.games.repeated import RepeatedGame

PD = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
TRUST = ct.NormalFormGame.from_bimatrix(
    [[3, 1], [5, 2]], [[4, 3], [0, 1]], players=("agency", "government"),
    actions=(("Coop", "Shirk"), ("Trust", "Control")))


def test_basic_properties():
    rg = RepeatedGame(TRUST, 0.8)
    assert rg.stage is TRUST
    assert rg.discount == 0.8
    assert rg.num_players == 2 and rg.num_actions == (2, 2)
    assert rg.players == ("agency", "government")
    assert rg.actions[0] == ("Coop", "Shirk")
    assert math.isclose(rg.continuation_weight, 4.0)
    assert "discount=0.8" in repr(rg)
    assert "Coop" in str(rg) and "0.8" in str(rg)


def test_exact_discount_is_kept():
    rg = RepeatedGame(PD, Fraction(3, 4))
    assert rg.discount == Fraction(3, 4)
    assert rg.continuation_weight == 3
    assert "3/4" in repr(rg)
    assert abs(rg.payoff_set().area - 40.5) < 1e-9


@pytest.mark.parametrize("bad", [0, 1, 0.0, 1.0, -0.1, 1.5, float("nan"), float("inf"), "0.5",
                                 None, True, Fraction(5, 4)])
def test_discount_outside_unit_interval_rejected(bad):
    with pytest.raises(InvalidParameterError, match="RepeatedGame"):
        RepeatedGame(PD, bad)


@pytest.mark.parametrize("bad", [[[1, 2], [3, 4]], None, "game", np.zeros((2, 2))])
def test_stage_must_be_a_normal_form_game(bad):
    with pytest.raises(InvalidGameError, match="RepeatedGame"):
        RepeatedGame(bad, 0.5)


def test_immutable_hashable_picklable():
    rg = RepeatedGame(PD, 0.75)
    with pytest.raises(AttributeError):
        rg.discount = 0.5
    with pytest.raises(AttributeError):
        rg._discount = 0.5
    with pytest.raises(AttributeError):
        del rg._stage
    assert rg == RepeatedGame(PD, 0.75)
    assert rg != RepeatedGame(PD, 0.5)
    assert hash(rg) == hash(RepeatedGame(PD, 0.75))
    assert pickle.loads(pickle.dumps(rg)) == rg
    other = rg.with_discount(0.2)
    assert other.discount == 0.2 and rg.discount == 0.75
    with pytest.raises(InvalidParameterError):
        rg.with_discount(1.2)


def test_delegation_to_solvers():
    rg = RepeatedGame(TRUST, 0.8)
    # APS-TRUST-08 (area) and GRIM-TRUST-1 (threshold) through the methods
    assert abs(rg.payoff_set().area - 5.0) < 1e-6
    assert abs(rg.payoff_set(method="outer").area - 5.0) < 0.5
    assert rg.payoff_set(method="inner").kind == "inner"
    assert abs(rg.critical_discount(("Coop", "Trust")).delta_star - 2 / 3) < 1e-12
    assert rg.is_sustainable(("Coop", "Trust"))
    assert not rg.with_discount(0.6).is_sustainable(("Coop", "Trust"))
    assert rg.minmax_payoffs() == (2.0, 1.0)
    assert abs(rg.feasible_payoffs().area - 5.0) < 1e-9
    assert abs(rg.folk_theorem_discount() - 2 / 3) < 1e-9


def test_two_player_method_on_three_players_is_unsupported():
    g = ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 2, 3)))
    rg = RepeatedGame(g, 0.5)
    with pytest.raises(UnsupportedGameError):
        rg.payoff_set(method="exact")
    with pytest.raises(UnsupportedGameError):
        rg.folk_theorem_discount()


def test_game_module_does_not_import_solvers():
    code = ("import sys, contracts.games.repeated as r; "
            "bad = [m for m in sys.modules if m.startswith('contracts.equilibrium')]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"

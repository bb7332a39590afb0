"""Small stochastic games shared by the stochastic-game tests (import as `_stochastic_games`)."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

import contracts as ct


def two_state_zero_sum(exact: bool = True, discount=F(1, 2)):
    """State "A": matching pennies scaled by 2 that moves to "B" w.p. 1/2 whatever is played;
    state "B": one profile paying 1 to player 1, absorbing."""
    half = F(1, 2) if exact else 0.5
    one = F(1) if exact else 1.0
    A = [[[2, -2], [-2, 2]], [[-2, 2], [2, -2]]]
    A = [[[x for x in cell] for cell in row] for row in A]
    tA = [[[half, half], [half, half]], [[half, half], [half, half]]]
    return ct.StochasticGame({"A": A, "B": [[[1, -1]]]},
                             {"A": tA, "B": [[[0 * one, one]]]},
                             discount=discount if exact else float(discount),
                             players=("row", "column"), exact=exact)


def two_state_pd(discount=0.9):
    """Prisoner's dilemma whose state "good" turns "bad" unless both cooperate."""
    good = [[[3, 3], [0, 4]], [[4, 0], [1, 1]]]
    bad = [[[2, 2], [-1, 3]], [[3, -1], [0, 0]]]
    t_good = {(0, 0): {"good": 1}, (0, 1): {"bad": 1}, (1, 0): {"bad": 1}, (1, 1): {"bad": 1}}
    t_bad = {(0, 0): {"good": 0.5, "bad": 0.5}, (0, 1): {"bad": 1}, (1, 0): {"bad": 1},
             (1, 1): {"bad": 1}}
    return ct.StochasticGame({"good": good, "bad": bad}, {"good": t_good, "bad": t_bad},
                             discount=discount, players=("agency", "government"),
                             actions={"good": (("C", "D"), ("C", "D")),
                                      "bad": (("C", "D"), ("C", "D"))})


def random_game(seed: int, n_states: int = 3, n_players: int = 2, max_actions: int = 3,
                exact: bool = False, zero_sum: bool = False):
    """A random game with action sets that differ by state (Fractions when exact)."""
    rng = np.random.default_rng(seed)
    pays, trans = [], []
    for _ in range(n_states):
        shape = tuple(int(k) for k in rng.integers(1, max_actions + 1, size=n_players))
        u = rng.integers(-5, 6, size=shape + (n_players,))
        if zero_sum:
            u[..., 1] = -u[..., 0]
        w = rng.integers(0, 4, size=shape + (n_states,))
        w[..., 0] += 1
        if exact:
            u = np.vectorize(F, otypes=[object])(u)
            t = np.empty(w.shape, dtype=object)
            tot = w.sum(axis=-1, keepdims=True)
            for idx in np.ndindex(w.shape):
                t[idx] = F(int(w[idx]), int(tot[idx[:-1] + (0,)]))
        else:
            t = w / w.sum(axis=-1, keepdims=True)
            u = u.astype(float)
        pays.append(u)
        trans.append(t)
    return ct.StochasticGame.from_arrays(pays, trans, discount=F(3, 4) if exact else 0.75,
                                         exact=exact)



def quit_game(discount=F(1, 2), exact: bool = True):
    """Zero-sum: in "play" the row player continues (payoffs 0, 2 against the two columns, stay)
    or quits (payoffs 2, 0, then the absorbing "out" paying 0). Closed form derived by hand:
    V = 2(1-δ)/(2-δ), x = (1/2, 1/2), y = (1/(2-δ), (1-δ)/(2-δ))."""
    pay = [[[0, 0], [2, -2]], [[2, -2], [0, 0]]]
    trans = {(0, 0): {"play": 1}, (0, 1): {"play": 1}, (1, 0): {"out": 1}, (1, 1): {"out": 1}}
    return ct.StochasticGame({"play": pay, "out": [[[0, 0]]]}, {"play": trans,
                                                                "out": {(0, 0): {"out": 1}}},
                             discount=discount, players=("row", "column"),
                             actions={"play": (("continue", "quit"), ("left", "right"))},
                             exact=exact)


def random_mdp(seed: int, n_states: int = 6, n_actions: int = 3, discount: float = 0.9):
    """A random one-player game (an MDP) and its (R, Q) arrays in QuantEcon's layout."""
    rng = np.random.default_rng(seed)
    R = rng.normal(size=(n_states, n_actions))
    Q = rng.random(size=(n_states, n_actions, n_states)) ** 3
    Q /= Q.sum(axis=-1, keepdims=True)
    g = ct.StochasticGame.from_arrays(R[..., None], Q, discount=discount)
    return g, R, Q


# fixtures (import them into a test module by name; a conftest.py here would shadow the root
# tests/conftest.py for modules that do `from conftest import ...`)
@pytest.fixture
def zs_game():
    return two_state_zero_sum()


@pytest.fixture
def pd_game():
    return two_state_pd()

"""Small stochastic games shared by the stochastic-game tests (import as `_stochastic_games`)."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np

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


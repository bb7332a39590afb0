"""Shared machinery of the stochastic-game solvers: policies, values, one-shot deviations.

A *policy* (stationary Markov strategy profile) is a tuple over states of tuples over players of
probability vectors: ``policy[s][i][a]`` is the probability that player ``i`` plays action ``a``
in state ``s``. Float policies hold float64 arrays; exact policies hold object arrays of
Fractions.

Values are normalised discounted sums, ``V_i(s) = (1 - δ_i) u_i(s, σ) + δ_i Σ_s' P(s'|s, σ)
V_i(s')``, comparable with stage payoffs (the convention of repeated games in this library).

Internally a policy is also a *flat* vector: the action probabilities of every (state, player)
block laid end to end, block ``(s, i)`` starting at ``action_offsets(game)[s, i]``; the row
``r`` of the game uses the flat entries ``action_slots(game)[r, i]``. Everything below is
vectorised over rows with sparse matrices, so games with tens of thousands of states are cheap.

Examples
--------
>>> import contracts as ct
>>> from contracts.stochastic import pure_policy, policy_values, one_shot_deviation_gain
>>> g = ct.StochasticGame.from_arrays([[[1], [0]]], [[[1], [1]]], discount=0.5)
>>> pol = pure_policy(g, [[1]])                  # one state, one player, plays action 2
>>> policy_values(g, pol).tolist()
[[0.0]]
>>> one_shot_deviation_gain(g, pol)[0]           # (1 - δ) * (1 - 0) from deviating to action 1
0.5
"""

from __future__ import annotations

from ._policies import (action_offsets, action_slots, as_policy, flat_to_policy, is_exact_policy,
                        player_slot_mask, policy_flat, pure_policy, uniform_policy)
from ._results import MarkovEquilibrium, StochasticResult, make_equilibrium
from ._values import (DIRECT_MAX_STATES, action_values, exact_solve, flat_action_values,
                      one_shot_deviation_gain, policy_values, row_probabilities, row_values,
                      solve_discounted)

__all__ = ["solve_discounted", "player_slot_mask", "pure_policy", "uniform_policy", "as_policy",
           "policy_flat", "flat_to_policy", "action_offsets", "action_slots",
           "row_probabilities", "policy_values", "row_values", "flat_action_values",
           "action_values", "one_shot_deviation_gain", "is_exact_policy", "exact_solve",
           "MarkovEquilibrium", "StochasticResult", "make_equilibrium", "DIRECT_MAX_STATES"]

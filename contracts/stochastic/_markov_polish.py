"""Polishing the end of a logit Markov QRE branch into a verified Markov perfect equilibrium.

Private part of :mod:`contracts.stochastic.markov_qre`.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ._core import (flat_action_values, flat_to_policy, make_equilibrium, one_shot_deviation_gain,
                    policy_values, pure_policy)
from ._markov_logit import candidate_supports, support_newton

_REPAIRS = 12     # support repairs (drop negative, add profitable actions) per candidate


def _default_tol(game) -> float:
    U = np.asarray(game.payoff_rows, dtype=float)
    return 1e-9 * max(1.0, float(U.max() - U.min()) if U.size else 0.0)


def _exact_version(game, pol):
    """An exact policy equal to ``pol`` (pure, or rationalised) with exact gain 0, or None."""
    flat = [np.asarray(v, dtype=float) for st in pol for v in st]
    if all(np.count_nonzero(v) == 1 for v in flat):
        choice = [[int(np.argmax(v)) for v in st] for st in pol]
        xp = pure_policy(game, choice, exact=True)
    else:
        xp = []
        for st in pol:
            row = []
            for v in st:
                fr = [Fraction(float(x)).limit_denominator(10**6) for x in v]
                tot = sum(fr, Fraction(0))
                row.append(np.array([x / tot for x in fr], dtype=object))
            xp.append(tuple(row))
        xp = tuple(xp)
    V = policy_values(game, xp, exact=True)
    gain, _ = one_shot_deviation_gain(game, xp, V)
    return (xp, V) if gain == 0 else None


def _polish(game, sys, z, tol, exact, max_dist=np.inf):
    """Try the candidate supports at ``z``; return ``(MarkovEquilibrium or None, message)``.

    Only equilibria within ``max_dist`` (largest probability difference) of the branch point
    are accepted, so that the result is the one the branch approaches.
    """
    V0 = z[sys.M + sys.SN:sys.M + 2 * sys.SN]
    flat = sys.flat(z)
    best = None
    tried = []
    for supp in candidate_supports(sys, z):
        for _ in range(_REPAIRS):
            if any(np.array_equal(supp, o) for o in tried):
                break
            tried.append(supp.copy())
            if np.any(np.bincount(sys.block, weights=supp.astype(float),
                                  minlength=sys.SN) == 0):
                break
            x = support_newton(sys, flat, V0, supp)
            if x is None:
                break
            neg = supp & (x < -1e-12)
            if np.any(neg):                 # an action left the support: drop it
                supp = supp & ~neg
                continue
            x = np.maximum(x, 0.0)
            x = x / np.bincount(sys.block, weights=x, minlength=sys.SN)[sys.block]
            pol = flat_to_policy(game, x)
            V = policy_values(game, pol, exact=False)
            Q = flat_action_values(game, pol, V)
            over = ~supp & (Q > V.ravel()[sys.block] + tol)
            if np.any(over):                # an action outside the support does better: add
                supp = supp | over
                continue
            gain, _ = one_shot_deviation_gain(game, pol, V)
            dist = float(np.max(np.abs(x - flat)))
            if gain <= tol and dist <= max_dist and (best is None or dist < best[0]):
                best = (dist, pol, V, gain)
            break
    if best is None:
        gain = sys.gain(z)
        if gain <= tol:
            pol = flat_to_policy(game, flat)
            V = policy_values(game, pol, exact=False)
            g2, _ = one_shot_deviation_gain(game, pol, V)
            if g2 <= tol:
                return make_equilibrium(game, pol, V, g2), "end of the branch (not polished)"
        return None, (f"no verified equilibrium near the end of the branch at lam="
                      f"{z[-1]:.6g} (largest one-shot deviation gain there {gain:.3g})")
    _, pol, V, gain = best
    if exact:
        ex = _exact_version(game, pol)
        if ex is not None:
            return make_equilibrium(game, ex[0], ex[1], Fraction(0)), "polished, exact"
    return make_equilibrium(game, pol, V, gain), "polished on its support"

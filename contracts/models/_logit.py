"""Logit choice shared by every discrete decision of the chain game.

A player choosing among options with values ``u_k`` picks ``k`` with probability
``exp(λ u_k) / Σ_j exp(λ u_j)`` (McFadden 1974; McKelvey and Palfrey 1995). ``λ = ∞`` is the best
reply (ties go to the option listed first, the convention each stage documents), ``λ = 0``
uniform play over the available options. Unavailable options have value ``-inf`` and
probability 0.
"""

from __future__ import annotations

from .._tolerance import MODEL_TOL

import math

import numpy as np

__all__ = ["logit", "logit_array"]

_TOL = MODEL_TOL


def logit(values: dict, lam: float) -> dict:
    """Choice probabilities over ``values`` (an ordered mapping option -> value)."""
    keys = list(values)
    p = logit_array(np.array([values[k] for k in keys], dtype=float), lam)
    return dict(zip(keys, map(float, p)))


def logit_array(v: np.ndarray, lam: float) -> np.ndarray:
    """Logit probabilities of a value vector; at ``λ = ∞`` the first best option gets 1."""
    v = np.asarray(v, dtype=float)
    avail = np.isfinite(v)
    out = np.zeros(v.shape)
    if not avail.any():
        return out
    best = np.max(v[avail])
    if math.isinf(lam):
        out[int(np.argmax(np.where(avail, v, -np.inf) >= best - _TOL))] = 1.0
        return out
    z = np.full(v.shape, -np.inf)
    z[avail] = lam * (v[avail] - best)
    e = np.exp(z)
    return e / e.sum()

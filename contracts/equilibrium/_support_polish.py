"""Polish an approximate equilibrium by Newton's method on supports read off the profile.

Shared by the path-following solvers (:mod:`.simpdiv`, :mod:`.gnm`): their end points are
within a known distance ``h`` (a grid mesh, a path's perturbation) of an equilibrium. A handful
of plausible support profiles is read off the point (probabilities above multiples of ``h``;
actions whose payoff is within a few regrets of the best), and the indifference systems of all
of them are solved at once by the stacked Newton iteration of :mod:`.support_newton`, each
started from the point itself. The verified root closest to the point is returned.
"""

from __future__ import annotations

import numpy as np

from .support_newton import _newton, _Stack, _verified

__all__: list[str] = []


def _blocks(a, offs):
    return [a[offs[i]:offs[i + 1]] for i in range(len(offs) - 1)]


def candidate_masks(st: _Stack, x: np.ndarray, h: float) -> np.ndarray:
    """Boolean support masks (rows of length M) plausible for an equilibrium near ``x``."""
    offs = st.offs
    X = x[None, :]
    u = st.payoffs(st.cross(X), X)[0]
    best = np.maximum.reduceat(u, offs[:-1])[st.owner]
    gap = best - u
    regret = float(np.max(best - np.add.reduceat(u * x, offs[:-1])[st.owner]))
    top = np.zeros(st.M, dtype=bool)
    for i in range(st.N):
        top[offs[i] + int(np.argmax(x[offs[i]:offs[i + 1]]))] = True
    out = {}
    probs = [x > c * h for c in (0.5, 1.5, 3.0, 8.0)] + [x > 1e-9]
    gaps = [gap <= c * max(regret, 1e-12) for c in (1.0, 4.0, 16.0, 64.0)]
    for m in probs + gaps + [p & g for p in probs[:3] for g in gaps[1:3]]:
        m = m | top if not all(b.any() for b in _blocks(m, offs)) else m
        out.setdefault(m.tobytes(), m)
    return np.array(list(out.values()))


def polish(st: _Stack, x: np.ndarray, h: float, tol: float, max_dist: float = np.inf):
    """The verified equilibrium closest to the flat profile ``x`` (payoff units of the game)
    found by Newton's method on the candidate supports, as a tuple of arrays, or None (also
    when it is further than ``max_dist`` from ``x`` in any probability)."""
    masks = candidate_masks(st, x, h)
    X = np.where(masks, x[None, :], 0.0)
    tot = np.add.reduceat(X, st.offs[:-1], axis=1)[:, st.owner]
    X = np.where(tot > 0, X / np.where(tot > 0, tot, 1.0), masks / np.add.reduceat(
        masks, st.offs[:-1], axis=1)[:, st.owner])
    Xn, mn = _newton(st, masks, X)
    if not len(Xn):
        return None
    good = _verified(st, Xn, mn, tol / st.unit)
    if not len(good):
        return None
    dist = np.max(np.abs(good - x[None, :]), axis=1)
    k = int(np.argmin(dist))
    if dist[k] > max_dist:
        return None
    best = good[k]
    return tuple(best[st.offs[i]:st.offs[i + 1]].copy() for i in range(st.N))

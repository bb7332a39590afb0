"""Checking and reading the parts of a :class:`~contracts.games.bayesian.BayesianGame`: labels,
the prior and the payoffs (a function of the type and action profiles, or arrays)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from numbers import Integral
from typing import Any, Callable, Sequence

import numpy as np

from ..exceptions import InvalidGameError
from .extensive_form import _number

__all__ = ["read_bayesian_game"]


def _labels(items, where, what) -> tuple:
    if isinstance(items, str):
        raise InvalidGameError(f"{where}: {what} must be a sequence of labels, got the string "
                               f"{items!r}")
    try:
        out = tuple(str(x) for x in items)
    except TypeError:
        raise InvalidGameError(f"{where}: {what} must be a sequence of labels, got {items!r}"
                               ) from None
    if not out:
        raise InvalidGameError(f"{where}: {what} is empty; expected at least one label")
    if len(set(out)) != len(out):
        raise InvalidGameError(f"{where}: {what} must be distinct, got {list(out)}")
    return out


def _array(data, shape, where, what) -> tuple[np.ndarray, bool]:
    """A numeric array of the given shape: Fractions (exact) or floats."""
    try:
        arr = np.array(data, dtype=object)
    except ValueError:
        raise InvalidGameError(f"{where}: {what} is ragged; expected shape {shape}") from None
    if arr.shape != tuple(shape):
        raise InvalidGameError(f"{where}: {what} has shape {arr.shape}; expected {tuple(shape)}")
    vals = [_number(v, where, what) for v in arr.flat]
    exact = all(isinstance(v, Fraction) for v in vals)
    if exact:
        out = np.empty(arr.shape, dtype=object)
        out.flat[:] = vals
    else:
        out = np.array([float(v) for v in vals], dtype=float).reshape(arr.shape)
    return out, exact


def _index(key: Any, labels: Sequence[str], message: str) -> int:
    """The position of ``key`` (a label or an index) in ``labels``; ``message`` if there is none."""
    if isinstance(key, str):
        if key in labels:
            return labels.index(key)
    elif isinstance(key, (Integral, np.integer)) and not isinstance(key, bool) and \
            0 <= key < len(labels):
        return int(key)
    raise InvalidGameError(message)


def read_bayesian_game(players: Sequence[str], types: Sequence[Sequence[str]],
                       actions: Sequence[Sequence[str]], prior: Any,
                       payoffs: Callable | Sequence[Any]) -> tuple:
    """Check the parts of a Bayesian game (see :class:`~contracts.games.bayesian.BayesianGame`).

    Returns ``(players, types, actions, prior, payoffs, exact)``: labels as tuples, the prior and
    one payoff array per player (read-only; Fractions when everything is exact, else floats).
    """
    where = "BayesianGame"
    players = _labels(players, where, "players")
    n = len(players)
    if isinstance(types, str) or len(types) != n:
        raise InvalidGameError(f"{where}: expected one list of types per player ({n}), got "
                               f"{types!r}")
    if isinstance(actions, str) or len(actions) != n:
        raise InvalidGameError(f"{where}: expected one list of actions per player ({n}), "
                               f"got {actions!r}")
    types = tuple(_labels(t, where, f"types of {players[i]!r}") for i, t in enumerate(types))
    actions = tuple(_labels(a, where, f"actions of {players[i]!r}")
                    for i, a in enumerate(actions))
    tshape = tuple(len(t) for t in types)
    ashape = tuple(len(a) for a in actions)
    prior, pexact = _array(prior, tshape, where, "the prior")
    if any(v < 0 for v in prior.flat):
        bad = next(idx for idx, v in np.ndenumerate(prior) if v < 0)
        raise InvalidGameError(
            f"{where}: the prior gives the type profile "
            f"{tuple(types[i][k] for i, k in enumerate(bad))} the negative probability "
            f"{prior[bad]}; probabilities must be non-negative")
    total = sum(prior.flat, Fraction(0)) if pexact else math.fsum(prior.flat)
    if (pexact and total != 1) or (not pexact and abs(total - 1) > 1e-9):
        raise InvalidGameError(f"{where}: the prior sums to {total}; expected 1")
    if callable(payoffs):
        arrays = [np.empty(tshape + ashape, dtype=object) for _ in range(n)]
        for tidx in itertools.product(*[range(k) for k in tshape]):
            tl = tuple(types[i][k] for i, k in enumerate(tidx))
            for aidx in itertools.product(*[range(k) for k in ashape]):
                al = tuple(actions[i][k] for i, k in enumerate(aidx))
                try:
                    vec = tuple(payoffs(tl, al))
                except InvalidGameError:
                    raise
                except Exception as exc:
                    raise InvalidGameError(
                        f"{where}: the payoff function failed at types {tl} and actions "
                        f"{al}: {exc}") from exc
                if len(vec) != n:
                    raise InvalidGameError(
                        f"{where}: the payoff function returned {len(vec)} payoffs at types "
                        f"{tl} and actions {al}; expected {n}")
                for i in range(n):
                    arrays[i][tidx + aidx] = vec[i]
        data = arrays
    else:
        data = list(payoffs)
        if len(data) != n:
            raise InvalidGameError(f"{where}: expected {n} payoff arrays (one per player), "
                                   f"got {len(data)}")
    arrs, exacts = [], []
    for i in range(n):
        a, ex = _array(data[i], tshape + ashape, where, f"payoffs of {players[i]!r}")
        arrs.append(a)
        exacts.append(ex)
    exact = pexact and all(exacts)
    if not exact:
        prior = prior.astype(float)
        arrs = [a.astype(float) for a in arrs]
    for a in arrs + [prior]:
        a.flags.writeable = False
    return players, types, actions, prior, tuple(arrs), exact

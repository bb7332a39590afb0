"""Private part of :mod:`contracts.games.stochastic`: the constructors' work and the summary.

The classmethods of :class:`~contracts.games.stochastic.StochasticGame` keep their signatures
and documentation and call these functions with the class.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp

from ..exceptions import InvalidGameError
from ._stochastic_build import (_coo_rows, _default_labels, _fmt, _is_fraction, _stage_array,
                                _transition_block, add_distribution)
from .normal_form import _to_array


def init_from_mappings(obj, stages, transitions, *, discount, initial, players, actions, exact):
    """Validate the mapping input of ``StochasticGame(...)`` and store it on ``obj``."""
    where = "StochasticGame"
    if not isinstance(stages, Mapping) or not isinstance(transitions, Mapping):
        raise InvalidGameError(f"{where}: stages and transitions must be mappings from state "
                               f"labels, got {type(stages).__name__} and "
                               f"{type(transitions).__name__}")
    states = tuple(stages)
    if not states:
        raise InvalidGameError(f"{where}: a stochastic game needs at least one state")
    unknown = [k for k in transitions if k not in stages]
    missing = [k for k in states if k not in transitions]
    if unknown or missing:
        raise InvalidGameError(f"{where}: transitions must name the same states as stages; "
                               f"unknown {unknown}, missing {missing}")
    actions = dict(actions or {})
    bad = [k for k in actions if k not in stages]
    if bad:
        raise InvalidGameError(f"{where}: actions given for unknown state(s) {bad}")
    payoffs, acts, trans = [], [], []
    index = {s: k for k, s in enumerate(states)}
    for s in states:
        arr, labels, pl = _stage_array(stages[s], where, s, actions.get(s))
        if players is None and pl is not None:
            players = pl
        payoffs.append(arr)
        acts.append(labels)
    for s, arr, labels in zip(states, payoffs, acts):
        trans.append(_transition_block(transitions[s], arr.shape[:-1], labels, index, where, s))
    obj._init(states, players, acts, payoffs, trans, discount, initial, exact, where)


def from_arrays(cls, payoffs, transitions, *, discount, initial, states, players, actions,
                exact):
    """The work of ``StochasticGame.from_arrays`` (see there)."""
    where = "StochasticGame.from_arrays"
    if isinstance(payoffs, np.ndarray) and payoffs.dtype != object and payoffs.ndim >= 3:
        n = payoffs.shape[0]
        st = tuple(states) if states is not None else tuple(f"s{k + 1}" for k in range(n))
        if len(st) != n:
            raise InvalidGameError(f"{where}: {len(st)} state labels for {n} states")
        prof_shape = payoffs.shape[1:-1]
        nprof = int(np.prod(prof_shape))
        pay = _to_array(payoffs, where, "payoffs").reshape(n * nprof, payoffs.shape[-1])
        if pay.shape[1] != len(prof_shape):
            raise InvalidGameError(f"{where}: payoffs of shape {payoffs.shape} have "
                                   f"{pay.shape[1]} payoffs per profile but "
                                   f"{len(prof_shape)} players")
        if sp.issparse(transitions):
            T = sp.csr_matrix(transitions, dtype=float)
        else:
            T = np.asarray(transitions)
            if T.dtype == object:
                T = None
        if T is not None:
            if T.shape != (n * nprof, n) and T.shape != (n, *prof_shape, n):
                raise InvalidGameError(
                    f"{where}: transitions have shape {T.shape}; expected "
                    f"{(n, *prof_shape, n)} or {(n * nprof, n)}")
            if not sp.issparse(T):
                T = _to_array(T, where, "transitions").reshape(n * nprof, n)
            acts = [None] * n if actions is None else list(actions)
            labels = [_default_labels(prof_shape, a, where, s) for a, s in zip(acts, st)]
            obj = cls.__new__(cls)
            obj._init(st, players, labels, pay, T, discount, initial, exact, where,
                      stacked=True)
            return obj
    try:
        payoffs, transitions = list(payoffs), list(transitions)
    except TypeError:
        raise InvalidGameError(f"{where}: payoffs and transitions must be sequences, one "
                               "entry per state") from None
    if len(payoffs) != len(transitions):
        raise InvalidGameError(f"{where}: {len(payoffs)} payoff arrays but "
                               f"{len(transitions)} transition arrays")
    st = tuple(states) if states is not None else tuple(
        f"s{k + 1}" for k in range(len(payoffs)))
    if len(st) != len(payoffs):
        raise InvalidGameError(f"{where}: {len(st)} state labels for {len(payoffs)} states")
    if len(set(st)) != len(st):
        raise InvalidGameError(f"{where}: state labels must be distinct, got {st}")
    acts = None if actions is None else dict(zip(st, actions))
    return cls(dict(zip(st, payoffs)), dict(zip(st, transitions)), discount=discount,
               initial=initial, players=players, actions=acts, exact=exact)


def from_functions(cls, states, actions, payoff, transition, *, discount, initial, players,
                   exact):
    """The work of ``StochasticGame.from_functions`` (see there)."""
    where = "StochasticGame.from_functions"
    st = tuple(states)
    if not st:
        raise InvalidGameError(f"{where}: a stochastic game needs at least one state")
    index = {s: k for k, s in enumerate(st)}
    if len(index) != len(st):
        raise InvalidGameError(f"{where}: state labels must be distinct")
    pay_vals, labels, rows_i, cols_j, probs, shapes = [], [], [], [], [], []
    r = 0
    n_pl = None
    for s in st:
        acts = [tuple(a) for a in actions(s)]
        if n_pl is None:
            n_pl = len(acts)
        if len(acts) != n_pl or n_pl == 0:
            raise InvalidGameError(f"{where}: actions({s!r}) gives {len(acts)} action sets; "
                                   f"expected {n_pl} (one per player)")
        for i, a in enumerate(acts):
            if not a:
                raise InvalidGameError(f"{where}: player {i} has an empty action set in "
                                       f"state {s!r}")
        labels.append(tuple(tuple(str(x) for x in a) for a in acts))
        shapes.append(tuple(len(a) for a in acts))
        for prof in itertools.product(*acts):
            u = payoff(s, prof)
            u = tuple(u) if isinstance(u, (tuple, list, np.ndarray)) else (u,)
            if len(u) != n_pl:
                raise InvalidGameError(f"{where}: payoff({s!r}, {prof!r}) has {len(u)} "
                                       f"entries; expected {n_pl}")
            pay_vals.append(u)
            dist = transition(s, prof)
            add_distribution(dist, index, r, (rows_i, cols_j, probs), where,
                             f"transition({s!r}, {prof!r})")
            r += 1
    pay = _to_array(pay_vals, where, "payoffs")
    ex = exact if exact is not None else (pay.dtype == object or any(
        _is_fraction(p) for p in probs))
    T = _coo_rows(rows_i, cols_j, probs, r, len(st), bool(ex), where)
    obj = cls.__new__(cls)
    obj._init(st, players, labels, pay, T, discount, initial, exact, where, stacked=True,
              shapes=shapes)
    return obj


def summary_lines(game, limit: int = 20) -> list[str]:
    """The lines of ``str(game)``: header, initial, absorbing and unreachable states, rows."""
    lines = [repr(game)]
    init = [f"{game._states[k]}: {_fmt(p)}" for k, p in enumerate(game._initial) if p > 0]
    lines.append("initial: " + ", ".join(init[:limit]) + (" ..." if len(init) > limit else ""))
    lines.append(f"absorbing states: {[game._states[k] for k in game.absorbing_states][:limit]}")
    lines.append(f"unreachable states: "
                 f"{[game._states[k] for k in game.unreachable_states][:limit]}")
    for k in range(min(game.n_states, limit)):
        lines.append(f"state {game._states[k]!r}: actions "
                     + "; ".join(f"{p}: {', '.join(a)}" for p, a in
                                 zip(game._players, game._actions[k])))
        a = int(game._row_start[k])
        for r, idx in enumerate(itertools.product(*game._actions[k])):
            row = a + r
            T = game._trans
            nxt = ", ".join(
                f"{game._states[T.indices[p]]}: "
                f"{_fmt(game._trans_exact[p] if game._exact else T.data[p])}"
                for p in range(T.indptr[row], T.indptr[row + 1]))
            pay = game._payoff_exact[row] if game._exact else game._payoff[row]
            lines.append(f"  ({', '.join(idx)}) -> payoffs ({', '.join(map(_fmt, pay))}); "
                         f"next: {nxt}")
            if r >= limit:
                lines.append("  ...")
                break
    if game.n_states > limit:
        lines.append(f"... {game.n_states - limit} more states")
    return lines


def from_repeated(cls, rg, state):
    """The work of ``StochasticGame.from_repeated`` (see there)."""
    from .repeated import RepeatedGame
    if not isinstance(rg, RepeatedGame):
        raise InvalidGameError(f"StochasticGame.from_repeated: expected a RepeatedGame, got "
                               f"{type(rg).__name__}")
    one = np.ones(rg.stage.num_actions + (1,), dtype=object if rg.stage.is_exact else float)
    if rg.stage.is_exact:
        one[...] = Fraction(1)
    return cls({state: rg.stage}, {state: one}, discount=rg.discount,
               exact=rg.stage.is_exact)


def to_repeated(game):
    """The work of ``StochasticGame.to_repeated`` (see there)."""
    from .repeated import RepeatedGame
    if game.n_states != 1:
        raise InvalidGameError(f"StochasticGame.to_repeated: needs a one-state game; this "
                               f"game has {game.n_states} states")
    d = game._discount_in
    if any(x != d[0] for x in d):
        raise InvalidGameError("StochasticGame.to_repeated: needs a common discount factor; "
                               f"got {d}")
    return RepeatedGame(game.stage(0), d[0])

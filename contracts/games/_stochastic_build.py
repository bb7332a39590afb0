"""Private helpers of :mod:`contracts.games.stochastic`: turning user input into canonical rows.

Stage payoffs into stacked ``(n_rows, n_players)`` arrays, transition input (dense, sparse or
dicts) into CSR rows with aligned exact Fractions, and the validation of every probability row.
"""

from __future__ import annotations

from .._tolerance import PROBABILITY_TOL

from fractions import Fraction
from collections.abc import Mapping
from typing import Any
from numbers import Integral

import numpy as np
import scipy.sparse as sp

from .._validation import check_discount
from ..exceptions import InvalidGameError, InvalidParameterError
from .normal_form import NormalFormGame, _to_array, to_fraction

_PTOL = PROBABILITY_TOL   # tolerance on float probabilities (entries and row sums)


def _is_fraction(x) -> bool:
    return isinstance(x, (Fraction, str))


def _fmt(x) -> str:
    return str(x) if isinstance(x, Fraction) else f"{float(x):g}"


def _hashable(x) -> bool:
    try:
        hash(x)
    except TypeError:
        return False
    return True


def _frac(a: np.ndarray) -> np.ndarray:
    out = np.empty(a.shape, dtype=object)
    for idx, v in np.ndenumerate(a):
        out[idx] = to_fraction(v)
    return out


def _same_csr(A, B) -> bool:
    return (A.shape == B.shape and np.array_equal(A.indptr, B.indptr)
            and np.array_equal(A.indices, B.indices) and np.array_equal(A.data, B.data))


def _default_labels(shape, given, where, s):
    if given is not None:
        return tuple(tuple(str(x) for x in a) for a in given)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return tuple(tuple(f"{letters[i % 26]}{k + 1}" for k in range(n)) for i, n in enumerate(shape))


def _stage_array(stage, where, s, labels):
    """(payoff profile array, action labels, player names or None) of one state."""
    if isinstance(stage, NormalFormGame):
        data = [stage.payoffs[i] for i in range(stage.num_players)]
        arr = np.stack(data, axis=-1)
        return arr, tuple(stage.actions) if labels is None else _default_labels(
            arr.shape[:-1], labels, where, s), stage.players
    arr = _to_array(stage, where, f"payoffs of state {s!r}")
    if arr.ndim < 2 or arr.shape[-1] != arr.ndim - 1:
        raise InvalidGameError(f"{where}: payoffs of state {s!r} have shape {arr.shape}; expected "
                               "(n_1, ..., n_N, N) with N = number of players")
    if any(k == 0 for k in arr.shape[:-1]):
        raise InvalidGameError(f"{where}: a player has an empty action set in state {s!r}")
    lab = _default_labels(arr.shape[:-1], labels, where, s)
    return arr, lab, None


def _transition_block(tr, shape, labels, index, where, s):
    """Transitions of one state as (csr float) or (csr float, exact data) over its profiles."""
    nprof = int(np.prod(shape))
    n_s = len(index)
    if isinstance(tr, Mapping):
        rows, cols, vals = [], [], []
        seen = set()
        for prof, dist in tr.items():
            p = prof if isinstance(prof, tuple) else (prof,)
            if len(p) != len(shape):
                raise InvalidGameError(f"{where}: transition profile {prof!r} of state {s!r} has "
                                       f"{len(p)} actions; expected {len(shape)}")
            idx = []
            for i, a in enumerate(p):
                if isinstance(a, (Integral, np.integer)) and str(a) not in labels[i]:
                    k = int(a)
                elif str(a) in labels[i]:
                    k = labels[i].index(str(a))
                else:
                    raise InvalidGameError(f"{where}: unknown action {a!r} of player {i} in "
                                           f"state {s!r}")
                if not 0 <= k < shape[i]:
                    raise InvalidGameError(f"{where}: action {a!r} of player {i} out of range "
                                           f"in state {s!r}")
                idx.append(k)
            r = int(np.ravel_multi_index(idx, shape))
            seen.add(r)
            add_distribution(dist, index, r, (rows, cols, vals), where,
                             f"the transition of state {s!r} at {prof!r}")
        if len(seen) != nprof:
            miss = [np.unravel_index(r, shape) for r in range(nprof) if r not in seen][:3]
            raise InvalidGameError(f"{where}: transitions of state {s!r} miss profile(s) "
                                   f"{[tuple(int(x) for x in m) for m in miss]}")
        ex = any(_is_fraction(v) for v in vals)
        return _coo_rows(rows, cols, vals, nprof, n_s, ex, where)
    if sp.issparse(tr):
        T = sp.csr_matrix(tr, dtype=float)
    else:
        arr = _to_array(tr, where, f"transitions of state {s!r}")
        if arr.shape not in ((*shape, n_s), (nprof, n_s)):
            raise InvalidGameError(f"{where}: transitions of state {s!r} have shape {arr.shape}; "
                                   f"expected {(*shape, n_s)} (profiles x {n_s} states)")
        arr = arr.reshape(nprof, n_s)
        if arr.dtype == object:
            nz = np.nonzero(arr != 0)
            return _coo_rows(list(nz[0]), list(nz[1]), list(arr[nz]), nprof, n_s, True, where)
        T = sp.csr_matrix(arr)
    if T.shape != (nprof, n_s):
        raise InvalidGameError(f"{where}: transitions of state {s!r} have shape {T.shape}; "
                               f"expected {(nprof, n_s)}")
    return T


def _coo_rows(rows, cols, vals, n_rows, n_s, exact, where):
    """CSR from (row, col, value) triples; with ``exact`` also the aligned Fraction data."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if exact:
        fr = [to_fraction(v, where) for v in vals]
        order = np.lexsort((cols, rows))
        rows, cols = rows[order], cols[order]
        fr = [fr[k] for k in order]
        keep = np.ones(len(fr), dtype=bool)
        for k in range(1, len(fr)):   # merge duplicates
            if rows[k] == rows[k - 1] and cols[k] == cols[k - 1]:
                j = k - 1
                while not keep[j]:
                    j -= 1
                fr[j] += fr[k]
                keep[k] = False
        data_x = np.array([f for f, k in zip(fr, keep) if k], dtype=object)
        rows, cols = rows[keep], cols[keep]
        nz = np.array([f != 0 for f in data_x], dtype=bool)
        data_x, rows, cols = data_x[nz], rows[nz], cols[nz]
        T = sp.csr_matrix((np.array([float(f) for f in data_x]), (rows, cols)),
                          shape=(n_rows, n_s))
        if T.nnz != len(data_x):
            raise InvalidGameError(f"{where}: internal error building transitions")
        return T, data_x
    try:
        data = np.asarray(vals, dtype=float)
    except (TypeError, ValueError):
        raise InvalidGameError(f"{where}: transition probabilities must be numbers") from None
    T = sp.csr_matrix((data, (rows, cols)), shape=(n_rows, n_s))
    T.sum_duplicates()
    return T


def _stack_blocks(blocks, exact, n_s):
    if not exact:
        return sp.vstack([b[0] if isinstance(b, tuple) else b for b in blocks], format="csr")
    Ts, xs = [], []
    for b in blocks:
        if isinstance(b, tuple):
            T, x = b
        else:
            T = sp.csr_matrix(b)
            T.sort_indices()
            x = np.array([to_fraction(v) for v in T.data], dtype=object)
        Ts.append(T)
        xs.append(x)
    T = sp.vstack(Ts, format="csr")
    return T, np.concatenate(xs) if xs else np.zeros(0, dtype=object)


def _check_rows(T, data_x, states, shapes, row_start, where):
    """Validate probabilities; return canonical CSR (and its aligned exact data)."""
    T = sp.csr_matrix(T, dtype=float, copy=True)
    if data_x is None:
        T.sum_duplicates()
        T.sort_indices()
    n_rows = T.shape[0]

    def locate(r):
        s = int(np.searchsorted(row_start, r, side="right") - 1)
        prof = np.unravel_index(r - int(row_start[s]), shapes[s])
        return f"state {states[s]!r} at profile {tuple(int(x) for x in prof)}"

    if not np.all(np.isfinite(T.data)):
        r = int(np.searchsorted(T.indptr, np.flatnonzero(~np.isfinite(T.data))[0], "right") - 1)
        raise InvalidGameError(f"{where}: transition probability is not finite at {locate(r)}")
    if data_x is not None:
        bad = [k for k, v in enumerate(data_x) if v < 0 or v > 1]
        sums = np.zeros(n_rows, dtype=object)
        sums[:] = Fraction(0)
        rows = np.repeat(np.arange(n_rows), np.diff(T.indptr))
        for r, v in zip(rows, data_x):
            sums[r] += v
        off = [r for r in range(n_rows) if sums[r] != 1]
        if bad:
            r = int(rows[bad[0]])
            raise InvalidGameError(f"{where}: transition probability {data_x[bad[0]]} outside "
                                   f"[0, 1] at {locate(r)}")
        if off:
            raise InvalidGameError(f"{where}: transition probabilities sum to {sums[off[0]]}, "
                                   f"not 1, at {locate(off[0])}")
        return T, data_x
    if np.any(T.data < -_PTOL) or np.any(T.data > 1 + _PTOL):
        k = int(np.flatnonzero((T.data < -_PTOL) | (T.data > 1 + _PTOL))[0])
        r = int(np.searchsorted(T.indptr, k, "right") - 1)
        raise InvalidGameError(f"{where}: transition probability {T.data[k]!r} outside [0, 1] "
                               f"at {locate(r)}")
    sums = np.asarray(T.sum(axis=1)).ravel()
    off = np.flatnonzero(np.abs(sums - 1) > _PTOL * max(1, T.shape[1]) ** 0.5)
    if off.size:
        r = int(off[0])
        raise InvalidGameError(f"{where}: transition probabilities sum to {sums[r]!r}, not 1, at "
                               f"{locate(r)}")
    np.clip(T.data, 0.0, 1.0, out=T.data)
    T.eliminate_zeros()
    return T, None


def canonical(states, players, labels, payoffs, trans, discount, initial, exact, where,
              stacked=False, shapes=None) -> dict:
    """Validate constructor input and return the canonical fields of a StochasticGame."""
    n_s = len(states)
    if len(set(states)) != n_s:
        raise InvalidGameError(f"{where}: state labels must be distinct, got {states}")
    if stacked:
        shapes = shapes or [tuple(len(a) for a in lab) for lab in labels]
        pay = payoffs
    else:
        shapes = [p.shape[:-1] for p in payoffs]
    n_pl = len(shapes[0])
    for s, shp in zip(states, shapes):
        if len(shp) != n_pl:
            raise InvalidGameError(f"{where}: state {s!r} has {len(shp)} players; expected "
                                   f"{n_pl} like state {states[0]!r}")
    sizes = np.array([int(np.prod(shp)) for shp in shapes], dtype=np.int64)
    row_start = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    if not stacked:
        for s, p in zip(states, payoffs):
            if p.shape[-1] != n_pl:
                raise InvalidGameError(f"{where}: payoffs of state {s!r} have {p.shape[-1]} "
                                       f"entries per profile; expected {n_pl}")
        ex_any = any(p.dtype == object for p in payoffs)
        if ex_any:
            payoffs = [_frac(p) for p in payoffs]
        pay = np.concatenate([p.reshape(-1, n_pl) for p in payoffs], axis=0)
        ex_t = any(isinstance(t, tuple) for t in trans)
        want = bool(exact) if exact is not None else (ex_any or ex_t)
        trans = _stack_blocks(trans, want, n_s)
    if pay.shape != (int(row_start[-1]), n_pl):
        raise InvalidGameError(f"{where}: payoffs have shape {pay.shape}; expected "
                               f"{(int(row_start[-1]), n_pl)}")
    t_exact = isinstance(trans, tuple)
    want = bool(exact) if exact is not None else (pay.dtype == object or t_exact)
    # payoffs
    if want:
        pay_x = _frac(pay)
        pay_f = pay_x.astype(float)
    else:
        pay_x = None
        pay_f = pay.astype(float) if pay.dtype == object else pay
    # transitions: (csr float, exact data or None)
    if t_exact:
        T, data_x = trans
    else:
        T, data_x = trans, None
    if T.shape != (int(row_start[-1]), n_s):
        raise InvalidGameError(f"{where}: transitions have shape {T.shape}; expected "
                               f"{(int(row_start[-1]), n_s)} (profiles x states)")
    if not want:
        data_x = None
    elif data_x is None:
        T = sp.csr_matrix(T, dtype=float, copy=True)
        T.sum_duplicates()
        T.sort_indices()
        T.eliminate_zeros()
        data_x = np.array([to_fraction(v, where) for v in T.data], dtype=object)
    T, data_x = _check_rows(T, data_x, states, shapes, row_start, where)
    # labels
    if players is None:
        players = tuple(f"player {i + 1}" for i in range(n_pl))
    players = tuple(str(p) for p in players)
    if len(players) != n_pl or len(set(players)) != n_pl:
        raise InvalidGameError(f"{where}: expected {n_pl} distinct player names, got "
                               f"{players}")
    # discount
    d_in = tuple(discount) if isinstance(discount, (list, tuple, np.ndarray)) else (
        (discount,) * n_pl)
    if len(d_in) != n_pl:
        raise InvalidParameterError(f"{where}: expected one discount factor or {n_pl} (one "
                                    f"per player), got {len(d_in)}")
    for d in d_in:
        check_discount(where, d)
    # initial distribution
    index = {s: k for k, s in enumerate(states)}
    init_x = None
    if initial is None:
        init = np.zeros(n_s)
        init[0] = 1.0
        init_x = tuple(Fraction(int(k == 0)) for k in range(n_s)) if want else None
    elif _hashable(initial) and initial in index:
        init = np.zeros(n_s)
        init[index[initial]] = 1.0
        init_x = tuple(Fraction(int(k == index[initial])) for k in range(n_s)) if want else None
    else:
        if isinstance(initial, Mapping):
            vec = [0] * n_s
            for t, p in initial.items():
                if t not in index:
                    raise InvalidParameterError(f"{where}: initial distribution names the "
                                                f"unknown state {t!r}")
                vec[index[t]] = p
            initial = vec
        try:
            vals = list(initial)
        except TypeError:
            raise InvalidParameterError(f"{where}: initial must be a state label or a "
                                        f"distribution over states, got {initial!r}") from None
        if len(vals) != n_s:
            raise InvalidParameterError(f"{where}: initial distribution has {len(vals)} "
                                        f"entries; expected {n_s} (one per state)")
        init = np.asarray([float(to_fraction(v, where)) if _is_fraction(v) else float(v)
                           for v in vals])
        if (not np.all(np.isfinite(init)) or np.any(init < -_PTOL)
                or abs(init.sum() - 1) > _PTOL):
            raise InvalidParameterError(f"{where}: initial distribution must be "
                                        f"probabilities summing to 1, got {vals}")
        if want:
            init_x = tuple(to_fraction(v, where) for v in vals)
            if sum(init_x) != 1:
                raise InvalidParameterError(f"{where}: initial distribution sums to "
                                            f"{sum(init_x)}, not 1")
    acts = tuple(tuple(tuple(str(x) for x in a) for a in lab) for lab in labels)
    for s, lab, shp in zip(states, acts, shapes):
        if tuple(len(a) for a in lab) != tuple(shp):
            raise InvalidGameError(f"{where}: action labels of state {s!r} have sizes "
                                   f"{tuple(len(a) for a in lab)}; expected {tuple(shp)}")
        for i, a in enumerate(lab):
            if len(set(a)) != len(a):
                raise InvalidGameError(f"{where}: action labels of player {i} in state "
                                       f"{s!r} must be distinct, got {a}")
    # store, read-only
    pay_f = np.ascontiguousarray(pay_f, dtype=float)
    if not np.all(np.isfinite(pay_f)):
        raise InvalidGameError(f"{where}: payoffs must be finite")
    for a in (pay_f, row_start, init, T.data, T.indices, T.indptr):
        a.flags.writeable = False
    if pay_x is not None:
        pay_x.flags.writeable = False
        data_x.flags.writeable = False
    out: dict = {}
    out["_states"] = (tuple(states))
    out["_players"] = (players)
    out["_actions"] = (acts)
    out["_row_start"] = (row_start)
    out["_payoff"] = (pay_f)
    out["_payoff_exact"] = (pay_x)
    out["_trans"] = (T)
    out["_trans_exact"] = (data_x)
    out["_discount_in"] = (tuple(to_fraction(d) if want and not isinstance(d, float)
                                     else d for d in d_in))
    out["_discount"] = (np.array([float(d) for d in d_in]))
    out["_discount"].flags.writeable = False
    out["_initial"] = (init)
    out["_initial_exact"] = (init_x)
    out["_exact"] = (bool(want))
    out["_index"] = (index)
    out["_cache"] = {}
    return out


def add_distribution(dist: Any, index: Mapping, row: int, out: tuple, where: str,
                     what: str) -> None:
    """Append one transition row ``{next state: probability}`` to COO lists ``out``.

    ``out`` is ``(rows, cols, vals)``; ``what`` names the row in error messages (e.g. "the
    transition of state 'A' at ('C', 'D')"). Raises InvalidGameError if ``dist`` is not a dict or
    names a state not in ``index``.
    """
    if not isinstance(dist, Mapping):
        raise InvalidGameError(f"{where}: {what} must be a dict {{state: probability}}, got "
                               f"{dist!r}")
    rows, cols, vals = out
    for t, q in dist.items():
        if t not in index:
            raise InvalidGameError(f"{where}: {what} names the unknown state {t!r}")
        rows.append(row)
        cols.append(index[t])
        vals.append(q)

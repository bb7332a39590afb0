"""The race of :func:`~contracts.equilibrium.one.one_equilibrium`: Lemke–Howson paths from
every initial label, advanced side by side until the first ends.

First a capped sweep gives each label a few pivots (the capping heuristic of Codenotti, De Rossi
and Pagan); then the paths still going share the pivots by stride scheduling. Paths start in
full dictionaries or in the revised representation (:mod:`contracts.equilibrium._lh_paths`),
with a memory budget for dictionaries. Everything is decided by pivot counts: deterministic.
"""

from __future__ import annotations

import heapq
import importlib
import threading
from collections import deque

import numpy as np

_lh = importlib.import_module("contracts.equilibrium.lemke_howson")
_lh_start = importlib.import_module("contracts.equilibrium._lh_start")

__all__: list = []

#: memory allowed for full dictionaries of interleaved paths (bytes)
_MEMORY_BUDGET = 256 * 2 ** 20
#: safety bound on the pivots of any single path
_MAX_PATH_PIVOTS = 1_000_000
#: then every label in turn gets this many pivots (the capping heuristic) before the race
_SWEEP_PIVOTS = 10
#: in games whose two dictionaries have at least this many entries, the sweep probes each label
#: on one reused scratch state and lets go of the probes that do not end (the race makes them
#: again when it first advances them): copying the start into fresh memory for every label
#: costs more than a probe there (page faults: 100 x 100, 21 probes, 3.6 of 6 ms), while on
#: smaller games remaking the probes costs more than keeping them (measured on random and
#: near-zero-sum games of 10 x 10 to 100 x 100)
_SCRATCH_CELLS = 8192


def _race(start, K: int, notes: list, first=None):
    """Advance the paths from labels ``0..K-1``; yield ``(path, total_pivots)`` for each path
    that ends, in the order they end (see :func:`_race_paths`). Stacks of probes the race kept
    are given back for the next race of this thread when it is over."""
    owned: list = []
    try:
        yield from _race_paths(start, K, notes, first, owned)
    finally:
        for stack in owned:
            _give_back(stack, start)


def _race_paths(start, K: int, notes: list, first, owned: list):
    """The paths of :func:`_race`; stacks of probes it keeps are appended to ``owned``.

    First a capped sweep: label by label (``0, 1, ..., K-1``), each path gets up to
    ``_SWEEP_PIVOTS`` pivots (the capping heuristic of Codenotti, De Rossi and Pagan, 2008:
    in random games some label usually has a path that short, and the first labels are tried
    first). ``first``, a path from label 0 already advanced (by :func:`_label_zero_first`),
    takes label 0's place.

    Then the race, scheduled by stride: path ``k`` receives a share
    ``w_k = 1/(2K) + 1/(2 (k+1) H_K)`` of the pivots (``H_K`` the K-th harmonic number),
    counting the pivots it already made. Half the effort is spread evenly, so the race ends
    within about ``2 K`` times the shortest path; half favours the first labels harmonically, so
    it also ends within about ``2 (k+1) H_K`` times the length of the path from label ``k``
    (games where every path is long). Paths in the revised representation cost little memory;
    full dictionaries are limited to ``_MEMORY_BUDGET`` (a path that needs one beyond it waits
    until others are gone). Everything is decided by pivot counts: deterministic.
    """
    small = isinstance(start, _lh._SmallState)
    dense_bytes = (64 if start.exact else 8) * (start.n * (start.m + 1) + start.m * (start.n + 1))
    capacity = max(1, _MEMORY_BUDGET // dense_bytes)   # paths allowed a full dictionary
    waiting = deque(range(K))
    heap: list = []          # (pass, label, path)
    suspended: deque = deque()
    dense_count = 0
    total = 0

    def step(p, k: int, budget: int) -> tuple[bool, int]:
        """Advance path ``p`` (label ``k``) by up to ``budget`` pivots: ``(done, made)``."""
        nonlocal dense_count, total
        was_small = p.is_small
        if was_small:
            p.may_densify = dense_count < capacity
        before = p.pivots
        failed = False
        try:
            done = p.advance(min(budget, _MAX_PATH_PIVOTS - p.pivots))
        except _lh._PathFailure:
            notes.append(f"the float path from label {k} failed on round-off")
            done, failed = False, True
        made = max(0, p.pivots - before)
        total += made           # the pivots made, also by a path that failed
        if failed:
            p.pivots = _MAX_PATH_PIVOTS     # retire it
        if was_small and not p.is_small:
            dense_count += 1
        return done, made

    def retire(p) -> None:
        nonlocal dense_count
        if not p.is_small:
            dense_count -= 1

    def start_paths():
        nonlocal dense_count
        while waiting and (small or dense_count < capacity):
            k = waiting.popleft()
            p = _lh._Path(start.copy(), k)
            if not p.is_small:
                dense_count += 1
            heapq.heappush(heap, (0.0, k, p))

    def remade(k: int):
        """The path from label ``k`` again, with its probe's pivots made again (counted)."""
        p = _lh._Path(start.copy(), k)
        step(p, k, probed[k])
        return p

    # the capped sweep
    pre: list = [None] * K
    if small and start.is_artificial():
        # the first two pivots of every path are best replies: take them for all paths at once
        waiting.clear()
        pre = _first_two_pivots(start)
        total = sum(p.pivots for p in pre)
    if first is not None and not first.done:
        if pre[0] is not None:
            total -= pre[0].pivots
        elif waiting and waiting[0] == 0:
            waiting.popleft()
        pre[0] = first
        total += first.pivots
        if not first.is_small:
            dense_count += 1
    # probes on one scratch state when the dictionaries are large (see _SCRATCH_CELLS)
    use_scratch = not small and (start.m + 1) * start.n + (start.n + 1) * start.m >= _SCRATCH_CELLS
    scratch = None           # dictionaries reused by the probes of the sweep
    probed: dict = {}        # label -> pivots of its probe, let go (see below)
    # with the compiled kernel, runs of labels are probed in one call, each probe kept
    comp = _compiled_sweep_for(start) if dense_count + K <= capacity else None
    k = -1
    while k + 1 < K:
        k += 1
        p = pre[k]
        if p is None and comp is not None:
            if not (waiting and waiting[0] == k):
                break
            hi = k + 1
            while hi < K and pre[hi] is None:
                hi += 1
            # one compiled call probes the labels k..hi-1 in the slots of a stack kept for
            # this thread and shape (one slot per label, or one scratch slot for all when that
            # would exceed _CACHED_STACK_BYTES). If one ends, it is copied out and the probes
            # before it are let go (made again should the race need them: rarely), and the
            # stack is given back; if none ends, the race keeps the probes in place and the
            # stack until it is over (a scratch slot: the probes are let go)
            stack = _take_stack(start, K)
            out, keep = stack[-1], len(stack[0]) > 1
            win = comp.sweep(*_arrays(start), *stack[:6], start.d[0].slack, start.d[1].slack,
                             k, hi, _SWEEP_PIVOTS, _lh._TOL_PIV, _lh._TOL_RATIO, out)
            ended = None
            for q in range(k, hi if win < 0 else win + 1):
                waiting.popleft()
                piv, t, enter, tied = (int(v) for v in out[q])
                if piv < 0:                         # failed: retired
                    total += -1 - piv
                    notes.append(f"the float path from label {q} failed on round-off")
                    continue
                total += piv
                if (win >= 0 or not keep) and q != win:
                    probed[q] = piv
                    continue
                state = _on_slot(start, stack, q if keep else 0, tied)
                p = _lh._Path(state.copy() if q == win else state, q)
                p.pivots, p.t, p.enter, p.done = piv, t, enter, q == win
                if q == win:
                    ended = p
                else:
                    pre[q] = p
                    dense_count += 1
            if win >= 0 or not keep:
                _give_back(stack, start)
            else:
                owned.append(stack)
            if ended is not None:
                yield ended, total
            k = hi - 1 if win < 0 else win
            continue
        if p is None and use_scratch:
            # probe on the scratch dictionaries (copying the start into fresh memory for each
            # label costs more than the probe on medium games); a probe that does not end is
            # let go and made again if the race needs its path
            if not (waiting and waiting[0] == k):
                break
            waiting.popleft()
            scratch = start.copy_into(scratch)
            p = _lh._Path(scratch, k)
            done, _ = step(p, k, _SWEEP_PIVOTS)
            if done:
                scratch = None                  # the result holds it
                yield p, total
            elif p.pivots < _MAX_PATH_PIVOTS:
                probed[k] = p.pivots
            continue
        if p is None:
            if not (waiting and waiting[0] == k and (small or dense_count < capacity)):
                break
            waiting.popleft()
            p = pre[k] = _lh._Path(start.copy(), k)
            if not p.is_small:
                dense_count += 1
        done = p.done
        if not done and p.pivots < _SWEEP_PIVOTS and not (p is first):
            done, _ = step(p, k, _SWEEP_PIVOTS - p.pivots)
        if done or p.pivots >= _MAX_PATH_PIVOTS:
            pre[k] = None
            retire(p)
            if done:
                yield p, total
    # the race's strides (computed only if the sweep did not end it)
    harmonic = sum(1.0 / (k + 1) for k in range(K))
    stride = [1.0 / (0.5 / K + 0.5 / ((k + 1) * harmonic)) for k in range(K)]
    # a let-go probe enters the race with its pivots counted, as if kept (the same schedule),
    # holding a place for its dictionary, and is made again when the race first advances it
    # (paths the race never reaches cost nothing more)
    for k, made in probed.items():
        if dense_count < capacity:
            dense_count += 1
            heapq.heappush(heap, (made * stride[k], k, None))
        else:
            waiting.append(k)
    for k, p in enumerate(pre):
        if p is not None:
            entry = (p.pivots * stride[k], k, p)
            if p.suspended:
                suspended.append(entry)
            else:
                heapq.heappush(heap, entry)
    start_paths()
    while heap or suspended:
        if not heap:            # everything left needs a dictionary: admit within the budget
            for _ in range(max(1, min(len(suspended), capacity - dense_count))):
                pas, k, p = suspended.popleft()
                heapq.heappush(heap, (pas, k, p))
        pas, k, p = heapq.heappop(heap)
        if p is None:
            p = remade(k)
        done, made = step(p, k, 1 + p.pivots // 16)
        if done or p.pivots >= _MAX_PATH_PIVOTS:
            if done:
                yield p, total
            retire(p)
            start_paths()
            continue
        entry = (pas + max(made, 1) * stride[k], k, p)
        if p.suspended:
            suspended.append(entry)
        else:
            heapq.heappush(heap, entry)


def _compiled_sweep_for(start):
    """:mod:`contracts.equilibrium._lh_compiled` if its ``sweep`` can probe the float
    dictionaries of ``start`` (the compiled kernel in use), else None."""
    if type(start) is not _lh._FloatState:
        return None
    return _lh_start._compiled_start(start.m, start.n)


def _stack(start, K: int) -> list:
    """Room for the probes of ``K`` labels from the float state ``start``, and their outcomes:
    ``[T0s, b0s, p0s, T1s, b1s, p1s, out]`` as ``sweep`` takes them. One slot per label if they
    fit in ``_CACHED_STACK_BYTES`` (and can be kept for the next sweep), else one scratch slot:
    writing probes into fresh memory costs more than the probes (page faults: 21 probes of a
    100 x 100 game, 4 ms in fresh slots against 0.8 ms in one reused slot)."""
    arrays = _arrays(start)
    slots = K if K * sum(a.nbytes for a in arrays) <= _CACHED_STACK_BYTES else 1
    stack = [np.empty((slots,) + a.shape, dtype=a.dtype) for a in arrays]
    return stack + [np.empty((K, 4), dtype=np.int64)]


_STACKS = threading.local()
#: stacks of probes up to this size are kept for the next call (per thread and game shape):
#: writing the probes into fresh memory costs more than the probes (about 17 us per 50 x 50
#: probe of 10 pivots); a game whose stack would be larger probes on one scratch slot
_CACHED_STACK_BYTES = 8 * 2 ** 20


def _take_stack(start, K: int) -> list:
    """This thread's :func:`_stack` for the shape of ``start`` (taken out of the cache while in
    use), or a new one."""
    cache = getattr(_STACKS, "free", None)
    stack = cache.pop((start.m, start.n), None) if cache else None
    return stack if stack is not None else _stack(start, K)


def _give_back(stack: list, start) -> None:
    """Keep ``stack`` for the next sweep of this thread on games of the same shape (if small)."""
    if sum(a.nbytes for a in stack) > _CACHED_STACK_BYTES:
        return
    cache = getattr(_STACKS, "free", None)
    if cache is None:
        cache = _STACKS.free = {}
    if len(cache) >= 2:
        cache.clear()
    cache[(start.m, start.n)] = stack


def _on_slot(start, stack: list, k: int, tied: bool):
    """The float state in slot ``k`` of a :func:`_stack` (views)."""
    T0s, b0s, p0s, T1s, b1s, p1s, _ = stack
    d0, d1 = start.d
    return _lh._FloatState.on_arrays(start.m, start.n, (T0s[k], b0s[k], p0s[k], d0.slack),
                                     (T1s[k], b1s[k], p1s[k], d1.slack),
                                     start.tied or bool(tied))


def _arrays(state) -> tuple:
    """The arrays of a float state's two dictionaries as ``sweep`` takes them."""
    d0, d1 = state.d
    return d0.T, d0.basic, d0.pos, d1.T, d1.basic, d1.pos


def _lex_best_rows(W: np.ndarray):
    """For each row ``w`` of ``W`` (a column entering at the artificial point, where every basic
    variable is a slack at value 1): the leaving row, i.e. the largest entry, ties broken
    lexicographically (the last tied row, see ``_SmallState.pivot``); and whether it was tied."""
    wmax = W.max(axis=1)
    rmin = 1.0 / wmax
    tied = W >= (1.0 / (rmin + _lh._TOL_RATIO * (1.0 + rmin)))[:, None]
    last = W.shape[1] - 1 - np.argmax(tied[:, ::-1], axis=1)
    return last, tied.sum(axis=1) > 1


def _first_two_pivots(start) -> list:
    """Paths from every label of a revised start state, advanced two pivots in one vectorised
    step: dropping row action ``k`` brings in the column player's best reply ``j`` to ``k``
    and then the row player's best reply ``i`` to ``j`` (a pure equilibrium if ``i == k``);
    symmetrically for a column label. Identical to two calls of ``_SmallState.pivot``."""
    m, n = start.m, start.n
    B, AT = start.MT              # B[i, :] is x_i's column in P; AT[j, :] is y_j's column in Q
    if not (B.min() > _lh._TOL_PIV and AT.min() > _lh._TOL_PIV):
        raise ArithmeticError("payoffs must be normalised to be positive")
    j1, tie_j1 = _lex_best_rows(B)            # row label k: x_k enters P, slack j1 leaves
    i2, tie_i2 = _lex_best_rows(AT[j1])       # then y_j1 enters Q, slack i2 leaves
    i1, tie_i1 = _lex_best_rows(AT)           # column label m+j: y_j enters Q, slack i1 leaves
    j2, tie_j2 = _lex_best_rows(B[i1])        # then x_i1 enters P, slack j2 leaves
    paths = []
    for k in range(m + n):
        st = start.copy()
        if k < m:             # x_k enters P (tableau 0), then the reply a's variable enters Q
            t, own, a, b, tie = 0, k, int(j1[k]), int(i2[k]), tie_j1[k] or tie_i2[k]
            enter = b
        else:                 # y_j enters Q (tableau 1), then the reply a's variable enters P
            j = k - m
            t, own, a, b, tie = 1, j, int(i1[j]), int(j2[j]), tie_i1[j] or tie_j2[j]
            enter = m + b
        st.X[t].append(own)
        st.R[t].append(a)
        st.X[1 - t].append(a)
        st.R[1 - t].append(b)
        st.tied = bool(tie)
        done = enter == k
        p = _lh._Path(st, k)
        p.pivots, p.t, p.enter, p.done = 2, t, enter, done
        paths.append(p)
    return paths

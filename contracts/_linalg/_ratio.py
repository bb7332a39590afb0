"""The lexicographic minimum-ratio test of the pivoting kernel (:mod:`.pivot`), float and exact.

The leaving row for an entering column ``c`` of a dictionary ``T = [D | b]`` is the first row
of smallest ratio ``b_i / D_ic`` over ``D_ic > 0`` (floats: ``D_ic > TOL_PIV``); ties (floats:
within ``TOL_RATIO``, relative) are broken by comparing, row by row divided by ``D_ic``, the
columns of the inverse basis in the order of the dictionary's slack labels. A basic slack's
column is a unit vector, which only eliminates its own row.
"""

from __future__ import annotations

import numpy as np

__all__ = ["lex_leaving_row", "TOL_PIV", "TOL_RATIO"]

#: a float pivot element must exceed this (callers scale their data to order 1 first)
TOL_PIV = 1e-10
#: two float ratios closer than this (relative) count as a tie
TOL_RATIO = 1e-12


#: up to this many slacks the float tie-break walks them in Python (cheaper than gathering)
_LEX_PY_MAX = 64


def _lex_float(T: np.ndarray, col: np.ndarray, alive: np.ndarray, slack_pos) -> int:
    """The lexicographic tie-break among the rows ``alive`` (sorted), in floats.

    Slack by slack, a nonbasic slack's column keeps the rows whose ``T[i, p] / col[i]`` lies
    within ``TOL_RATIO`` of the smallest; a basic slack (unit column) drops its own row. Few
    slacks are walked one by one over the tied rows' quotients (Python floats,
    :func:`_lex_float_few`); many are handled by :func:`_lex_float_many`. Both drop the rows,
    in the order and with the tolerances, of this rule.
    """
    sp = np.asarray(slack_pos)
    rows = np.asarray(alive, dtype=np.int64)
    if len(sp) <= _LEX_PY_MAX:
        return _lex_float_few(T, col, rows, sp)
    return _lex_float_many(T, col, rows, sp)


def _lex_float_few(T: np.ndarray, col: np.ndarray, rows: np.ndarray, sp: np.ndarray) -> int:
    """:func:`_lex_float` slack by slack over the tied rows, in Python floats (the quotients
    ``T[i, p] / col[i]`` are the IEEE divisions numpy makes)."""
    R = T.take(rows, 0).tolist()
    c = col.take(rows).tolist()
    rows = rows.tolist()
    live = list(range(len(rows)))
    local = {r: i for i, r in enumerate(rows)}.get
    for p in sp.tolist():
        if p < 0:                        # basic slack: unit column, drops its own row
            i = local(-1 - p)
            if i is None or i not in live:
                continue
            live.remove(i)
        elif len(live) == 2:             # the common case, unrolled
            i, j = live
            a = R[i][p] / c[i]
            b = R[j][p] / c[j]
            if a == b:
                continue
            if a < b:
                if b <= a + TOL_RATIO * (1.0 + abs(a)):
                    continue
                live = [i]
            else:
                if a <= b + TOL_RATIO * (1.0 + abs(b)):
                    continue
                live = [j]
        else:
            vals = [R[i][p] / c[i] for i in live]
            vmin = min(vals)
            thr = vmin + TOL_RATIO * (1.0 + abs(vmin))
            keep = [i for i, v in zip(live, vals) if v <= thr]
            if len(keep) == len(live):
                continue
            live = keep
        if len(live) == 1:
            break
    return rows[live[0]]


def _lex_float_many(T: np.ndarray, col: np.ndarray, rows: np.ndarray, sp: np.ndarray) -> int:
    """:func:`_lex_float` for many slacks: the quotients of all nonbasic slacks are gathered
    at once, and only the slacks that can drop a row are visited: the basic slacks of tied
    rows and the columns where the tied rows' quotients differ (a column of equal quotients
    keeps every row)."""
    basic = sp < 0
    nbk = (~basic).nonzero()[0]
    Q = T[rows[:, None], sp[nbk]]
    Q /= col[rows][:, None]
    if len(rows) == 2:
        diff = (Q[0] != Q[1]).nonzero()[0]
    else:
        diff = (Q != Q[0]).any(axis=0).nonzero()[0]
    # the slack position of each tied row's basic variable (-1: not a slack)
    kb = basic.nonzero()[0]
    at = np.full(T.shape[0], -1, dtype=np.int64)
    at[-1 - sp[kb]] = kb
    # events in slack order: (position, local row) drops that row; (position, -1 - k) applies
    # the k-th column of differing quotients
    events = [(k, i) for i, k in enumerate(at[rows].tolist()) if k >= 0]
    events += zip(nbk[diff].tolist(), range(-1, -1 - len(diff), -1))
    events.sort()
    vals = Q.T[diff].tolist()
    alive_l = list(range(len(rows)))
    for _, e in events:
        if e >= 0:
            if e in alive_l:
                alive_l.remove(e)
        else:
            v = vals[-1 - e]
            vmin = min([v[i] for i in alive_l])
            thr = vmin + TOL_RATIO * (1.0 + abs(vmin))
            alive_l = [i for i in alive_l if v[i] <= thr]
        if len(alive_l) == 1:
            break
    return int(rows[alive_l[0]])


def _lex_exact(T: np.ndarray, col: list, tied: list, slack_pos) -> int:
    for p in slack_pos:
        p = int(p)
        if p < 0:
            q = -p - 1
            if q in tied:
                tied.remove(q)
        else:
            keep = [tied[0]]
            for i in tied[1:]:
                j = keep[0]
                cmp = T[i, p] * col[j] - T[j, p] * col[i]
                if cmp < 0:
                    keep = [i]
                elif cmp == 0:
                    keep.append(i)
            tied = keep
        if len(tied) == 1:
            break
    return tied[0]



#: TOL_PIV as a 0-d array: a ufunc takes it faster than a Python float
_TOL_PIV0 = np.array(TOL_PIV)


def _min_ratio_float(col: np.ndarray, rhs: np.ndarray,
                     mask: np.ndarray | None = None) -> tuple[int, np.ndarray | None]:
    """``(row, tied)``: the first row of minimum ratio ``rhs / col`` over ``col > TOL_PIV``
    (-1: no candidate) and, when other rows lie within ``TOL_RATIO`` of it, all those rows
    (sorted; else None).

    The ratios are computed for the candidate rows only (gathered first: no masked division);
    ``mask`` (bool, ``col``'s length) is an optional work array for the candidates.
    """
    cand = np.greater(col, _TOL_PIV0, out=mask).nonzero()[0]
    if cand.size == 0:
        return -1, None
    rat = rhs[cand]                       # (indexing, not take: rhs is a strided column)
    rat /= col[cand]
    k = int(rat.argmin())
    rmin = rat.item(k)
    if rmin == np.inf:                    # only overflowing ratios (rare): all of them tie
        return int(cand[0]), (cand if cand.size > 1 else None)
    thr = rmin + TOL_RATIO * (1.0 + abs(rmin))
    rat[k] = np.inf                       # a tie needs a second ratio within thr
    if rat.item(rat.argmin()) > thr:
        return cand.item(k), None
    rat[k] = rmin
    return cand.item(k), cand[rat <= thr]


def _min_ratio_keys(col: np.ndarray, rhs: np.ndarray, den: np.ndarray,
                    key: np.ndarray) -> tuple[int, np.ndarray | None]:
    """:func:`_min_ratio_float` in fewer array calls, with work arrays ``den`` and ``key``
    (float, ``col``'s length).

    Every row gets the key ``rhs / max(col, TOL_PIV)``: a candidate's key is its ratio (the
    same division), the other rows' keys are arbitrary. When the smallest key is a
    candidate's and finite and no other key lies within ``TOL_RATIO`` of it, that row is the
    answer (the first minimum over all rows is the first over the candidates, and no other
    candidate can tie); otherwise :func:`_min_ratio_float` decides (a tie, a degenerate
    non-candidate row with a small key, no candidate, or overflow).
    """
    np.maximum(col, _TOL_PIV0, out=den)
    np.divide(rhs, den, out=key)
    k = key.argmin()
    rmin = key.item(k)
    if col.item(k) > TOL_PIV and rmin < np.inf:
        key[k] = np.inf
        if key.item(key.argmin()) > rmin + TOL_RATIO * (1.0 + abs(rmin)):
            return int(k), None
    return _min_ratio_float(col, rhs)


def _lex_leaving_float(T: np.ndarray, col: np.ndarray, nr: int, slack_pos) -> tuple[int, bool]:
    """:func:`lex_leaving_row` for floats, the entering column given (``col``)."""
    if nr == T.shape[0]:
        k, tied = _min_ratio_float(col, T[:, -1])
    else:
        k, tied = _min_ratio_float(col[:nr], T[:nr, -1])
    if tied is None:
        return k, False
    sp = slack_pos() if callable(slack_pos) else slack_pos
    return _lex_float(T, col, tied, sp), True


def lex_leaving_row(T: np.ndarray, c: int, slack_pos, *, exact: bool,
                    rows: int | None = None) -> tuple[int, bool]:
    """Leaving row for entering column ``c`` of ``T = [D | b]``; ``(-1, False)`` if none.

    ``slack_pos[k]`` locates the k-th slack label (the columns of the inverse basis, in order):
    its column if nonbasic, ``-(row + 1)`` if basic (a sequence, or a callable returning one,
    evaluated only when a tie must be broken). Only the first ``rows`` rows compete (default:
    all; an objective row kept below them does not). Returns ``(row, tied)``.

    Examples
    --------
    >>> import numpy as np
    >>> T = np.array([[1.0, 2.0, 2.0], [1.0, 1.0, 1.0]])
    >>> lex_leaving_row(T, 0, [-1, -2], exact=False)     # ratios 2 and 1
    (1, False)
    """
    nr = T.shape[0] if rows is None else rows
    if exact:
        col = T[:nr, c].tolist()
        rhs = T[:nr, -1].tolist()
        best = -1
        tied: list = []
        for i, ci in enumerate(col):
            if ci > 0:
                if best < 0:
                    best, tied = i, [i]
                    continue
                cmp = rhs[i] * col[best] - rhs[best] * ci
                if cmp < 0:
                    best, tied = i, [i]
                elif cmp == 0:
                    tied.append(i)
        if best < 0:
            return -1, False
        if len(tied) == 1:
            return best, False
        sp = slack_pos() if callable(slack_pos) else slack_pos
        return _lex_exact(T, col, tied, sp), True
    return _lex_leaving_float(T, T[:, c], nr, slack_pos)

"""Nash equilibria of N-player games by Newton's method on many supports at once.

A mixed profile ``p`` with supports ``S_1, ..., S_N`` is a Nash equilibrium exactly when it solves
the *indifference system* of that support profile,

    u_ij(p) = v_i   (j in S_i),      p_ij = 0   (j not in S_i),      sum_j p_ij = 1,

(a square polynomial system, multilinear in the other players' strategies) and no action outside
a support pays more than ``v_i``. This module solves the systems of many support profiles at
once: the unknowns of every support profile are stacked into one array, the payoff contractions
are single ``numpy.einsum`` calls over the whole stack, and each Newton step is one stacked
``numpy.linalg.solve``. Support profiles are visited from the smallest up and are kept only when
they pass the counting condition of McKelvey & McLennan (1997) (no player has more indifference
equations than the others have free probabilities, so the system can have isolated solutions in
a generic game). Roots with negative probabilities are discarded, and every profile returned is
verified by its max regret.

This is the fast route of :func:`contracts.solve` (``method="one"``) for three or more players,
after closed forms on the smallest supports (:mod:`._closed_forms`: two players mixing over
equally many actions, three players over two each, one over three and two over two): on a
random 3x3x3 game these cover every support of total size up to four, so one equilibrium takes
a fraction of a millisecond. Newton's method from one start per support need not find every
root, so :func:`support_newton` is not a complete enumeration (see
:mod:`contracts.equilibrium.enumpoly` for that).
"""

from __future__ import annotations

import functools
import itertools
from fractions import Fraction

import numpy as np

from .. import _tolerance
from .._validation import check_real
from ..exceptions import InvalidGameError, InvalidParameterError
from ..results import Equilibrium, EquilibriumResult, build_result
from ._small_supports import _pair_candidates, _triple_candidates   # noqa: F401 (closed forms)
from ._closed_forms import closed_forms, covered   # noqa: F401 (closed_forms re-exported)
from ._closed_form_check import first_closed_form
from ._newton_stack import _Stack, _clean, _newton, _verified  # noqa: F401 (re-exported)

__all__ = ["support_newton", "support_profiles"]


def _subsets(n: int):
    """Non-empty subsets of range(n) as boolean masks, smallest first."""
    out = []
    for k in range(1, n + 1):
        for c in itertools.combinations(range(n), k):
            m = np.zeros(n, dtype=bool)
            m[list(c)] = True
            out.append(m)
    return out


def support_profiles(num_actions, *, max_size: int | None = None, generic: bool = True):
    """Support profiles of a game that can carry an isolated equilibrium, smallest first.

    Pure profiles (every support of size 1) are left out. A profile is kept when every player
    ``i`` satisfies ``|S_i| - 1 <= sum_{k != i} (|S_k| - 1)`` (McKelvey & McLennan 1997).

    Parameters
    ----------
    num_actions : sequence of int
        Number of actions of each player.
    max_size : int, optional
        Largest support size of any player.
    generic : bool, default True
        Apply the counting condition (False: every non-pure profile, as a degenerate game
        may need).

    Returns
    -------
    list of tuple of numpy.ndarray
        One boolean mask per player for each support profile, sorted by total size.

    Examples
    --------
    >>> from contracts.equilibrium.support_newton import support_profiles
    >>> len(support_profiles((2, 2, 2)))      # (2,2,2), and the three (1,2,2)-type profiles x 2
    7
    """
    subs = [_subsets(int(n)) for n in num_actions]
    out = []
    for combo in itertools.product(*subs):
        d = [int(m.sum()) - 1 for m in combo]
        if max_size is not None and max(d) + 1 > max_size:
            continue
        tot = sum(d)
        if tot == 0 or (generic and any(di > tot - di for di in d)):
            continue
        out.append((tot, combo))
    out.sort(key=lambda t: t[0])
    return [c for _, c in out]


@functools.lru_cache(maxsize=64)
def _tables(num_actions: tuple, max_size: int | None):
    """Support profiles of a shape grouped by total size (smallest first), cached per shape.

    Returns ``(levels, cells)``: ``levels`` a tuple of ``(d, masks (B, M), combo (B, N))``
    (``d`` the total size, sum of ``|S_i| - 1``) where ``combo[b, i]`` numbers the support profile of the players other than ``i``;
    ``cells[i]`` the boolean ``(C_i, R_i)`` masks of the others' pure profiles (player order)
    inside each such combination.
    """
    n = num_actions
    N = len(n)
    subs = [_subsets(int(k)) for k in n]
    groups: dict[int, list] = {}
    for idx in itertools.product(*[range(len(s)) for s in subs]):
        d = [int(subs[i][j].sum()) - 1 for i, j in enumerate(idx)]
        if max_size is not None and max(d) + 1 > max_size:
            continue
        tot = sum(d)
        if tot == 0 or any(di > tot - di for di in d):
            continue
        groups.setdefault(tot, []).append(idx)
    dims = [len(s) for s in subs]
    levels = []
    for tot in sorted(groups):
        idx = np.array(groups[tot])
        masks = np.array([np.concatenate([subs[i][j] for i, j in enumerate(row)])
                          for row in idx])
        combo = np.empty_like(idx)
        for i in range(N):
            others = [l for l in range(N) if l != i]
            combo[:, i] = (np.ravel_multi_index(tuple(idx[:, others].T), [dims[l] for l in others])
                           if others else 0)
        for a in (masks, combo):
            a.flags.writeable = False
        levels.append((tot, masks, combo))
    cells = []
    for i in range(N):
        others = [l for l in range(N) if l != i]
        rows = []
        for c in itertools.product(*[subs[l] for l in others]):
            w = np.ones(1, dtype=bool)
            for m in c:
                w = np.logical_and.outer(w, m).ravel()
            rows.append(w)
        cells.append(np.array(rows))
    return tuple(levels), tuple(cells)


def _dominated(st: _Stack, cells, *, budget: int = 4_000_000):
    """``dom[i][c, a]``: action ``a`` of player ``i`` is strictly beaten by another action of
    ``i`` against every pure profile in the others' support combination ``c`` (conditional
    dominance, Porter, Nudelman & Shoham 2008): no equilibrium has that support profile."""
    dom = []
    for i in range(st.N):
        ni = st.n[i]
        cm = cells[i]
        if cm.shape[0] * ni * ni * cm.shape[1] > budget:
            dom.append(None)
            continue
        U = st.U[i].reshape(ni, -1)
        D = U[None, :, :] - U[:, None, :]                # D[a, a', c] = u(a', c) - u(a, c)
        low = np.where(cm[:, None, None, :], D[None], np.inf).min(axis=-1)
        dom.append((low > 1e-12 * st.scale).any(axis=-1))
    return dom


def _pruned(st: _Stack, level, dom):
    """The support masks of a level that survive conditional dominance."""
    _, masks, combo = level
    drop = np.zeros(len(masks), dtype=bool)
    for i, d in enumerate(dom):
        if d is not None:
            drop |= (d[combo[:, i]] & masks[:, st.offs[i]:st.offs[i + 1]]).any(axis=1)
    return masks[~drop]


def _candidates(st: _Stack, levels, cells, *, tol: float, first: bool, chunk: int = 256,
                max_iter: int = 30, closed: bool = True):
    """Verified equilibria (rows of length M) found by stacked Newton over support masks.

    With ``first``, the closed forms are tried before Newton's method (unless ``closed`` is
    false: the caller tried them already) and the supports they cover go last."""
    offs = st.offs
    found = []
    if not first:
        dom = _dominated(st, cells)
        pending = [_pruned(st, level, dom) for level in levels]
    else:
        hit = _first_closed_form(st, tol) if closed else None
        if hit is not None:
            return [hit[0]]
        # the supports solved in closed form above go last (their systems were singular or
        # their roots did not verify; Newton's method is the fallback)
        dom = _dominated(st, cells)
        pending, late = [], []
        for level in levels:
            masks = _pruned(st, level, dom)
            cov = covered(st, masks)
            pending.append(masks[~cov])
            late.append(masks[cov])
        pending.append(np.concatenate(late) if late else np.zeros((0, st.M), dtype=bool))
    for masks_all in pending:
        for c0 in range(0, len(masks_all), chunk):
            masks = masks_all[c0:c0 + chunk]
            X = masks / np.add.reduceat(masks, offs[:-1], axis=1)[:, st.owner]
            Xn, mn = _newton(st, masks, X, max_iter=max_iter, first_tol=tol if first else None)
            if first and mn is None:
                return [Xn[0]]
            if len(Xn):
                found.extend(_verified(st, Xn, mn, tol))
    return found


def _check_game(game, where):
    from ..games.normal_form import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")


def support_newton(game, *, tol: float | None = None, first: bool = False,
                   max_size: int | None = None, max_iter: int = 30) -> EquilibriumResult:
    """Equilibria of an N-player game found by Newton's method on every support profile.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game.
    tol : float, optional
        Regret tolerance for verification (default ``game.default_tol()``).
    first : bool, default False
        Stop at the first verified mixed equilibrium (pure equilibria are not searched for:
        use :func:`contracts.equilibrium.pure.pure_nash`).
    max_size : int, optional
        Largest support size tried for any player.
    max_iter : int, default 30
        Newton iterations per support profile.

    Returns
    -------
    EquilibriumResult
        Verified mixed equilibria (``complete=False``: Newton's method from one start per
        support may miss roots).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.support_newton import support_newton
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> [s.round(6).tolist() for s in support_newton(g)[0].strategies]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    where = "support_newton"
    _check_game(game, where)
    if tol is not None:
        tol = float(check_real(where, "tol", tol, low=0))
    if max_size is not None and (not isinstance(max_size, (int, np.integer)) or max_size < 1):
        raise InvalidParameterError(f"{where}: max_size must be a positive integer, got "
                                    f"{max_size!r}")
    if not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InvalidParameterError(f"{where}: max_iter must be a positive integer, got "
                                    f"{max_iter!r}")
    tol = game.default_tol() if tol is None else tol
    st = _Stack(game)                 # payoffs in units of their range: any scale works
    levels, cells = _tables(st.n, max_size)
    rows = _candidates(st, levels, cells, tol=tol / st.unit, first=first, max_iter=int(max_iter))
    count = sum(len(x[1]) for x in levels)
    prof = [tuple(r[st.offs[i]:st.offs[i + 1]] for i in range(st.N)) for r in rows]
    return build_result(game, prof, method="support_newton", tol=tol, complete=False,
                        converged=True, iterations=count,
                        message=f"Newton's method on {count} support profiles")


def _exact_on_support(game, prof):
    """The exact (Fraction) equilibrium on the support of the float ``prof`` of an exact game
    when at most two players mix (their indifference systems are then linear), or None."""
    from .._linalg.rational import solve_exact
    supp = [np.flatnonzero(np.asarray(s, dtype=float) > 0) for s in prof]
    mixers = [i for i, s in enumerate(supp) if len(s) > 1]
    if len(mixers) > 2 or (len(mixers) == 2 and len(supp[mixers[0]]) != len(supp[mixers[1]])):
        return None
    out = []
    for i, s in enumerate(supp):
        v = np.array([Fraction(0)] * game.num_actions[i], dtype=object)
        if len(s) == 1:
            v[s[0]] = Fraction(1)
        out.append(v)
    for i, k in ((mixers[0], mixers[1]), (mixers[1], mixers[0])) if len(mixers) == 2 else ():
        # player i indifferent over S_i: A[a, b] q_b = v (a in S_i), sum q = 1; unknowns q, v
        idx = [supp[l] if l in (i, k) else supp[l][:1] for l in range(game.num_players)]
        A = np.asarray(game.payoffs[i], dtype=object)[np.ix_(*idx)]
        A = np.moveaxis(A, (i, k), (0, 1)).reshape(len(supp[i]), len(supp[k]))
        m = len(supp[k])
        rows = [list(A[a]) + [-1] for a in range(len(supp[i]))] + [[1] * m + [0]]
        x = solve_exact(rows, [0] * len(supp[i]) + [1])
        if x is None or any(q <= 0 for q in x[:m]):
            return None
        out[k][supp[k]] = x[:m]
    out = tuple(out)
    return out if max(game._regrets(out)) == 0 else None


def _first_closed_form(st: _Stack, tol: float):
    """The first candidate of the closed forms (:func:`closed_forms`) whose max regret is at
    most ``tol`` (stack units): ``(x, gap, val)``, the profile row with each player's regret
    and payoff there in stack units, or None (candidates are checked on their supports only:
    :mod:`._closed_form_check`)."""
    return first_closed_form(st, tol)


def _float_result(game, st: _Stack, x, tol, *, message: str, extra: dict, gap=None,
                  val=None):
    """One-equilibrium result for the row ``x`` of a float game, verified here (max regret
    <= ``tol``, from the stack's payoffs in the game's units), or None when it does not verify.
    ``gap`` and ``val`` (each player's regret and payoff at exactly ``x``, stack units, from
    :meth:`_Stack.check`) are used when given; otherwise ``x`` is cleaned (round-off negatives
    clipped, blocks renormalised) and evaluated here.

    This is :func:`contracts.results.build_result` for one profile that is a probability
    profile by construction, without its per-candidate validation overhead.
    """
    offs = st.offs
    if gap is None:
        x = np.where(x > 0, x, 0.0)
        x /= np.add.reduceat(x, offs[:-1])[st.owner]
        gap, val = st.check(x[None])
        gap, val = gap[0], val[0]
    unit = st.unit
    regs = tuple(max(0.0, unit * g) for g in gap.tolist())
    pays = tuple(lo + unit * v for lo, v in zip(st.lo, val.tolist()))
    r = max(regs)
    if not r <= tol:
        return None
    prof = tuple(x[offs[i]:offs[i + 1]] for i in range(st.N))
    eq = Equilibrium(strategies=prof, payoffs=pays, regret=r, players=game.players,
                     actions=game.actions)
    return EquilibriumResult(equilibria=(eq,), method="one", exact=False, complete=False,
                             converged=True, iterations=None, max_regret=r, degenerate=None,
                             message=message, extra=extra)


def _one_nplayer(game, *, exact: bool = False, tol: float | None = None) -> EquilibriumResult:
    """One verified equilibrium of an N-player game (the route of ``solve(game, "one")``).

    A pure equilibrium if there is one; else the closed forms on the smallest mixed supports
    (:func:`closed_forms`), then stacked Newton on the other support profiles that survive
    conditional dominance, smallest first; the limit of the logit branch if Newton finds
    nothing. For an exact game with ``exact`` true the equilibrium is made exact when at most
    two players mix.
    """
    st = _Stack(game)
    if tol is not None and not game.is_exact:
        ftol = float(tol)
    elif st.range > 0:   # game.default_tol(), from the range and magnitude already at hand
        ftol = _tolerance.relative_tol(st.range, st.magnitude)
    else:
        ftol = game.default_tol()
    if game.is_exact:
        from .pure import pure_nash_actions
        has_pure = len(pure_nash_actions(game, tol=tol)) > 0
    else:   # a candidate test (pure_nash verifies in the game's own units)
        has_pure = st.has_pure(2 * ftol / st.unit)
    if has_pure:
        from dataclasses import replace
        from .pure import pure_nash
        res = pure_nash(game, tol=tol)
        if len(res):
            return replace(res, equilibria=res.equilibria[:1], method="one", complete=False,
                           extra={**res.extra, "route": "pure"})
    x = gap = val = None
    if st.N > 1:
        hit = _first_closed_form(st, ftol / st.unit)
        if hit is not None:
            x, gap, val = hit
            message = "closed form on a small support (smallest first)"
        else:
            levels, cells = _tables(st.n, None)
            rows = _candidates(st, levels, cells, tol=ftol / st.unit, first=True, closed=False)
            if rows:
                x = np.array(rows[0], dtype=float)
            message = "Newton's method on supports (smallest first)"
    if x is not None:
        prof = tuple(x[st.offs[i]:st.offs[i + 1]] for i in range(st.N))
        if exact and game.is_exact:
            e = _exact_on_support(game, prof)
            if e is None:
                from .nplayer import _rationalise
                e = _rationalise(game, prof)
            if e is not None:
                return build_result(game, [e], method="one", tol=0, exact=True,
                                    message=message + ", solved exactly on the support found",
                                    extra={"route": "support_newton"})
        extra = {"route": "support_newton"}
        res = (build_result(game, [prof], method="one", tol=ftol, message=message, extra=extra)
               if game.is_exact else _float_result(game, st, x, ftol, message=message,
                                                   extra=extra, gap=gap, val=val))
        if res is not None and len(res):
            return res
    from dataclasses import replace
    from .nplayer import logit_limit
    res = logit_limit(game, tol=tol, exact=exact)
    return replace(res, method="one", extra={**res.extra, "route": "logit"})

"""A Nash equilibrium of an N-player game by simplicial subdivision with restarts.

The algorithm of van der Laan, Talman & van der Heyden (1987), as in Gambit's ``simpdiv``:
the product of the players' simplices is triangulated on a grid of mesh ``d``, every grid point
``y`` gets the label ``(i, j)`` of the player ``i`` with the largest regret at ``y`` and that
player's best response ``j``, and a path of adjacent simplices is followed from the start point
until a simplex carries a complete set of labels. Its best vertex (lowest max regret) is an
approximate equilibrium; the grid is then refined (``d`` divided by ``refine``) and the path
restarted from that vertex. The refinements stop once the best vertex polishes, by Newton's
method on its support, to a profile whose max regret is at most ``tol``.

Grid points are kept as integer counts (probability = count × ``d``), so the path itself is
exact whatever the grid: only the labels are computed in floating point.
"""

from __future__ import annotations

from fractions import Fraction
import math

import numpy as np

from .._validation import check_count, check_real
from ..exceptions import ConvergenceError, InvalidGameError, InvalidParameterError
from ..results import EquilibriumResult, build_result

__all__ = ["simpdiv"]

_WHERE = "simpdiv"
_FINEST = 2 ** 52          # finest grid denominator: beyond it a float profile cannot tell
_POLISH_AT = 1e-4         # polish once the path's max regret is this small (payoff range units)


def _rot_up(a: list, lo: int, hi: int) -> None:
    """Rows ``lo..hi``: row ``lo`` moves to ``hi``, the others move up one."""
    if hi > lo:
        a[lo:hi + 1] = a[lo + 1:hi + 1] + [a[lo]]


def _rot_down(a: list, lo: int, hi: int) -> None:
    """Rows ``lo..hi``: row ``hi`` moves to ``lo``, the others move down one."""
    if hi > lo:
        a[lo:hi + 1] = [a[hi]] + a[lo:hi]


class _Path:
    """One path of the restart algorithm on the grid of mesh ``1/m`` around the base ``v``.

    Positions ``1..t+1`` of ``pi`` (the moves that generate the current simplex) and ``labels``
    (the labels of its vertices) are 1-based, as in the original description; players and
    actions are 0-based. Grid points are integer vectors over all actions (players' blocks side
    by side), one grid step being one unit.
    """

    def __init__(self, payoff, n, v, m, leash):
        self.payoff = payoff          # flat profile -> flat action payoffs
        self.n = n
        self.offs = [0]
        for k in n:
            self.offs.append(self.offs[-1] + k)
        self.starts = np.array(self.offs[:-1])
        self.v = list(v)
        self.m = m
        self.leash = leash
        M = self.offs[-1]
        self.T = [0] * M              # actions that are moves of the current simplex
        self.U = [int(x == 0) for x in self.v]   # actions fixed at the base's boundary
        self.ab = [0] * M             # shifts of the base point along the cyclic moves
        self.pi = [None] * (M + 3)
        self.labels = [None] * (M + 3)
        self.t = 0
        self.ibar = 1
        self.best = list(self.v)
        self.bestz = math.inf
        self.steps = 0

    # -- grid geometry -------------------------------------------------------------------------
    def prev(self, j, h):
        """The cyclic predecessor of action ``h`` of player ``j`` not fixed at the boundary."""
        n, o = self.n[j], self.offs[j]
        hh = (h - 1) % n
        for _ in range(n):
            if not self.U[o + hh]:
                break
            hh = (hh - 1) % n
        return hh

    def after_prev(self, j, h):
        return (self.prev(j, h) + 1) % self.n[j]

    def move(self, y, i):
        """Apply the ``i``-th move of the simplex to the grid point ``y`` (in place)."""
        j, h = self.pi[i]
        y[self.offs[j] + h] += 1
        y[self.offs[j] + self.prev(j, h)] -= 1

    def vertex(self, k):
        """The ``k``-th vertex of the current simplex (a new list)."""
        y = list(self.v)
        for j, nj in enumerate(self.n):
            o = self.offs[j]
            for h in range(nj):
                a = self.ab[o + h]
                if a and (self.T[o + h] or self.U[o + h]):
                    y[o + h] += a
                    y[o + (h - 1) % nj] -= a
        for i in range(2, k + 1):
            self.move(y, i - 1)
        return y

    def too_far(self, y, f):
        """Whether coordinate ``f`` of ``y`` left the simplex or the leash."""
        return y[f] <= 0 or (self.leash is not None and self.v[f] - y[f] >= self.leash)

    def fixed_or_moved(self, j):
        o = self.offs[j]
        return sum(1 for h in range(self.n[j]) if self.T[o + h] or self.U[o + h])

    # -- labels ----------------------------------------------------------------------------------
    def label(self, y):
        """Label of grid point ``y``: (player with the largest regret, its best response)."""
        x = np.asarray(y, dtype=np.float64) / self.m
        u = self.payoff(x)
        best = np.maximum.reduceat(u, self.starts)
        regret = best - np.add.reduceat(u * x, self.starts)
        j = int(np.argmax(regret))
        z = float(regret[j])
        seg = u[self.offs[j]:self.offs[j + 1]]
        h = int(np.argmax(seg))
        if z < self.bestz:
            self.bestz, self.best = z, list(y)
        return j, h

    # -- bookkeeping of the simplex --------------------------------------------------------------
    def shift_ab(self, j, h, delta):
        """Add ``delta`` to ``ab`` over the cyclic run of player j's actions ending at ``h``."""
        o, n = self.offs[j], self.n[j]
        k = self.after_prev(j, h)
        for _ in range(n):
            self.ab[o + k] += delta
            if k == h:
                break
            k = (k + 1) % n

    def update(self, j, i):
        t = self.t
        if 2 <= i <= t:
            self.pi[i], self.pi[i - 1] = self.pi[i - 1], self.pi[i]
            self.ibar = i
        elif i == 1:
            _rot_up(self.labels, 1, t + 1)
            self.ibar = t + 1
            jj, hh = self.pi[1]
            if jj == j:
                self.shift_ab(j, hh, 1)
                _rot_up(self.pi, 1, t)
        elif i == t + 1:
            _rot_down(self.labels, 1, t + 1)
            self.ibar = 1
            jj, hh = self.pi[t]
            if jj == j:
                self.shift_ab(j, hh, -1)
                _rot_down(self.pi, 1, t)

    # -- the path ----------------------------------------------------------------------------
    def run(self, budget):
        """Follow the path until a completely labelled simplex (True) or ``budget`` label
        evaluations (False)."""
        offs = self.offs
        y = list(self.v)
        step = 1
        i = j = h = k = kk = 0
        while True:
            if step == 1:
                if self.steps >= budget:
                    return False
                self.steps += 1
                j, h = self.label(y)
                self.labels[self.ibar] = (j, h)
                f = offs[j] + h
                if not self.T[f] and not self.U[f]:
                    if self.fixed_or_moved(j) == self.n[j] - 1:
                        return True
                    i, step = self.t + 1, 2
                elif self.T[f]:
                    i = 1
                    while self.labels[i] != (j, h) or i == self.ibar:
                        i += 1
                    step = 3
                else:
                    k = h
                    for _ in range(self.n[j]):
                        if not self.U[offs[j] + k]:
                            break
                        k = (k + 1) % self.n[j]
                    if not self.T[offs[j] + k]:
                        i = self.t + 1
                    else:
                        i = 1
                        while i <= self.t and self.pi[i] != (j, k):
                            i += 1
                    step = 2
            elif step == 2:
                y = self.vertex(i)
                t = self.t
                _rot_down(self.pi, i, t + 1)
                self.pi[i] = (j, h)
                _rot_down(self.labels, i + 1, t + 2)
                self.ibar = i + 1
                self.t = t + 1
                self.move(y, i)
                self.T[offs[j] + h] = 1
                self.U[offs[j] + h] = 0
                step = 1
            elif step == 3:
                t = self.t
                j, h = self.pi[t if i == t + 1 else i]
                k = self.prev(j, h) if i < t + 1 else h
                kk = self.after_prev(j, h)
                y = self.vertex(t + 1 if i == 1 else (1 if i == t + 1 else i - 1))
                if i == 1 and self.too_far(y, offs[j] + k):
                    if self.fixed_or_moved(j) == self.n[j] - 1:
                        self.U[offs[j] + k] = 1
                        return True
                    self.update(j, i)
                    self.U[offs[j] + k] = 1
                    self.move(y, self.t)
                    step = 1
                elif 2 <= i <= t and self.too_far(y, offs[j] + k):
                    step = 4
                elif i == t + 1 and self.ab[offs[j] + kk] == 0:
                    if self.too_far(y, offs[j] + h):
                        step = 4
                    else:
                        n, o = self.n[j], offs[j]
                        seen_h = False
                        while self.ab[o + kk] == 0 and not seen_h:
                            seen_h = kk == h
                            kk = (kk + 1) % n
                        kk = (kk - 1) % n
                        step = 4 if kk == h else 5
                else:
                    if i == 1 or i <= t:
                        self.move(y, i)
                    else:                       # i == t + 1
                        jj, hh = self.pi[t]
                        y[offs[jj] + hh] -= 1
                        y[offs[jj] + self.prev(jj, hh)] += 1
                    self.update(j, i)
                    step = 1
            elif step == 4:
                y = self.vertex(1)
                j, h = self.pi[i - 1]
                f = offs[j] + h
                self.T[f] = 0
                if self.too_far(y, f):
                    self.U[f] = 1
                t = self.t
                _rot_up(self.labels, i, t + 1)
                _rot_up(self.pi, i - 1, t)
                self.t = t - 1
                i = 1
                while self.labels[i] != (j, h):
                    i += 1
                step = 3
            else:                                    # step 5
                k = kk
                t = self.t
                _rot_down(self.labels, 1, t + 1)
                self.ibar = 1
                _rot_down(self.pi, 1, t)
                self.U[offs[j] + k] = 0
                jj, hh = self.pi[1]
                y[offs[jj] + hh] -= 1
                y[offs[jj] + self.prev(jj, hh)] += 1
                self.shift_ab(j, h, -1)
                step = 1


def _snap(prof, m):
    """Integer counts (summing to ``m`` per player) nearest to the profile ``prof``."""
    out = []
    for p in prof:
        c = np.floor(p * m).astype(np.int64)
        short = int(m - c.sum())
        if short > 0:
            order = np.argsort(-(p * m - c), kind="stable")
            c[order[:short]] += 1
        out.extend(int(x) for x in c)
    return out


def _start(game, start, grid):
    """The start profile as integer counts on its grid and the grid's denominator."""
    from ..games.normal_form import as_profile
    n = game.num_actions
    if start is None:
        prof = tuple(np.full(k, 1.0 / k) for k in n)
        fracs = [Fraction(1, k) for k in n]
    else:
        try:
            prof = as_profile(game, start, where=_WHERE, tol=1e-9)
        except InvalidGameError as e:
            raise InvalidParameterError(f"{_WHERE}: start must be a mixed profile of the game "
                                        f"({e})") from None
        fracs = [Fraction(x).limit_denominator(10**6) for s in prof for x in s]
        prof = tuple(np.asarray(s, dtype=np.float64) for s in prof)
    if grid is None:
        grid = 1
        for q in fracs:
            grid = grid * q.denominator // math.gcd(grid, q.denominator)
        grid = min(grid, 10**6)
    return _snap(prof, grid), grid


def simpdiv(game, *, start=None, refine: int = 2, grid: int | None = None,
            max_iter: int = 100_000, leash: int | None = None,
            tol: float | None = None) -> EquilibriumResult:
    """One Nash equilibrium of an N-player game by simplicial subdivision with restarts.

    The restart algorithm of van der Laan, Talman & van der Heyden (1987), as in Gambit's
    ``simpdiv``: a path of simplices on a grid over the players' strategy simplices is followed
    from ``start`` to a completely labelled simplex; the grid is refined by the factor
    ``refine`` and the path restarted from the best point found, until that point polishes
    (Newton's method on its support) to a profile with max regret at most ``tol``.

    Parameters
    ----------
    game : NormalFormGame
        A finite game with any number of players (Fraction payoffs are solved in floats).
    start : sequence of array_like, optional
        Starting profile (default: every player uniform). It is rounded to the initial grid.
    refine : int, default 2
        Factor by which the grid's mesh shrinks at every restart (at least 2).
    grid : int, optional
        Denominator of the initial grid (the first path runs on mesh ``1 / (grid * refine)``);
        default the least common denominator of ``start``.
    max_iter : int, default 100000
        Largest number of grid points labelled over all restarts (about 10 000 a second);
        when it runs out, the best point so far is still polished and verified.
    leash : int, optional
        Largest distance, in grid steps, a path may move any probability away from its
        restart point (default: unlimited, as in Gambit).
    tol : float, optional
        Regret tolerance of the returned equilibrium (default ``game.default_tol()``).

    Returns
    -------
    EquilibriumResult
        One verified equilibrium (``complete=False``); ``extra`` holds the final grid
        denominator (``"grid"``), the number of restarts (``"restarts"``) and the path's
        max regret before polishing (``"path_regret"``).

    Raises
    ------
    ConvergenceError
        When ``max_iter`` labels or the finest float grid are used up before the best point
        polishes to a verified equilibrium.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.simpdiv import simpdiv
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])    # matching pennies
    >>> res = simpdiv(g)
    >>> [s.round(6).tolist() for s in res[0].strategies]
    [[0.5, 0.5], [0.5, 0.5]]
    >>> res.max_regret < 1e-9
    True
    """
    from .._contractions import PayoffContractions
    from ._support_polish import polish
    from .support_newton import _check_game, _Stack

    _check_game(game, _WHERE)
    refine = check_count(_WHERE, "refine", refine, low=2)
    max_iter = check_count(_WHERE, "max_iter", max_iter, low=1)
    if grid is not None:
        grid = check_count(_WHERE, "grid", grid, low=1, high=10**9)
    if leash is not None:
        leash = check_count(_WHERE, "leash", leash, low=1)
    tol = game.default_tol() if tol is None else float(check_real(_WHERE, "tol", tol, low=0))
    sys = PayoffContractions(game)
    st = _Stack(game)
    y, m = _start(game, start, grid)
    n = tuple(int(k) for k in game.num_actions)
    offs = np.concatenate([[0], np.cumsum(n)]).astype(int)

    def split(z, m):
        x = np.asarray(z, dtype=np.float64) / m
        return tuple(x[offs[i]:offs[i + 1]] for i in range(len(n)))

    steps = restarts = 0
    path_regret = math.inf
    found = None
    while m * refine <= _FINEST:
        m *= refine
        restarts += 1
        path = _Path(sys.all_payoffs, n, [c * refine for c in y], m, leash)
        done = path.run(max_iter - steps)
        steps += path.steps
        y, path_regret = path.best, path.bestz
        if path_regret <= tol:
            found = split(y, m)
        elif path_regret <= _POLISH_AT * st.unit or not done:
            # an equilibrium next to the best point, not a far one the path did not lead to
            found = polish(st, np.asarray(y, dtype=np.float64) / m, 1.0 / m, tol,
                           max_dist=max(2.0 / m, 0.05) if done else np.inf)
        if found is not None or not done:
            break
    if found is None:
        why = (f"max_iter={max_iter} grid points labelled" if steps >= max_iter
               else f"the grid reached mesh 1/{m}")
        raise ConvergenceError(f"{_WHERE}: no verified equilibrium after {restarts} restart(s): "
                               f"{why} with best max regret {path_regret:.3g} (tol {tol:.3g})")
    res = build_result(game, [found], method=_WHERE, tol=tol, converged=True, iterations=steps,
                       message=f"simplicial subdivision, {restarts} restart(s) down to mesh "
                               f"1/{m}, polished on the support",
                       extra={"grid": m, "restarts": restarts, "path_regret": path_regret})
    if not len(res):
        raise ConvergenceError(f"{_WHERE}: the profile found failed verification "
                               f"(max regret above tol {tol:.3g})")
    return res

"""Replicator dynamics for one population and for several (asymmetric games).

**One population** (a symmetric game with payoff matrix ``A``, Taylor & Jonker 1978):
``x_i' = x_i ((A x)_i - x.A x)``.

**Several populations** (an N-player game, each player role a population; Taylor 1979):
``x_ij' = x_ij (u_ij(x) - sum_m x_im u_im(x))`` where ``u_ij`` is the expected payoff of strategy
``j`` of population ``i`` against the other populations' current shares. With two strategies per
population this is the form used in the evolutionary-game literature,
``x' = x (1 - x) F_x``, ``F_x`` the payoff difference between the two strategies.

Trajectories are computed with :func:`scipy.integrate.solve_ivp` (analytic Jacobian supplied)
and returned as :class:`~contracts.dynamics.Trajectory`.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidGameError, InvalidParameterError
from ._trajectory import Trajectory

__all__ = ["replicator", "replicator_field", "replicator_jacobian"]


# ----------------------------------------------------------------------------------------------
# the game seen as populations
# ----------------------------------------------------------------------------------------------
class _Populations:
    """Payoff machinery of a game seen as one or several populations.

    ``single`` is True for one population playing the symmetric game with matrix ``A``
    (then there is one population with ``n`` strategies).
    """

    def __init__(self, game: Any, symmetric: bool | None, where: str):
        from ..games.normal_form import NormalFormGame
        if hasattr(game, "normal_form") and not isinstance(game, NormalFormGame):
            game = game.normal_form()          # a PopulationGame with numeric values
        if not isinstance(game, NormalFormGame):
            try:
                A = np.asarray(game, dtype=np.float64)
            except (TypeError, ValueError):
                raise InvalidGameError(
                    f"{where}: expected a NormalFormGame, a PopulationGame or a square payoff "
                    f"matrix, got {type(game).__name__}") from None
            if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
                raise InvalidGameError(
                    f"{where}: a single-population game needs a square payoff matrix, got "
                    f"shape {A.shape}")
            if not np.all(np.isfinite(A)):
                raise InvalidGameError(f"{where}: payoff matrix has non-finite entries")
            if symmetric is False:
                raise InvalidGameError(f"{where}: a payoff matrix defines a single-population "
                                       "game; symmetric=False needs a NormalFormGame")
            n = A.shape[0]
            self.game = NormalFormGame.from_bimatrix(A, A.T)
            self.single = True
            self.A = A
            self.names = ("population",)
            self.labels = (tuple(f"s{k + 1}" for k in range(n)),)
            self.sizes = (n,)
        else:
            self.game = game
            if symmetric:
                if game.num_players != 2:
                    raise InvalidGameError(
                        f"{where}: symmetric=True needs a two-player symmetric game; this game "
                        f"has {game.num_players} players")
                A = np.asarray(game.payoffs[0], dtype=np.float64)
                B = np.asarray(game.payoffs[1], dtype=np.float64)
                if A.shape[0] != A.shape[1] or not np.allclose(A, B.T, rtol=0, atol=1e-12):
                    raise InvalidGameError(
                        f"{where}: symmetric=True needs a symmetric game (B = A transposed); "
                        "use symmetric=False for two populations")
                self.single = True
                self.A = A
                self.names = (game.players[0],)
                self.labels = (game.actions[0],)
                self.sizes = (A.shape[0],)
            else:
                self.single = False
                g = game.as_float() if game.is_exact else game
                self.own = [np.ascontiguousarray(g.own_axis_payoffs(i), dtype=np.float64)
                            for i in range(g.num_players)]
                self.names = game.players
                self.labels = game.actions
                self.sizes = tuple(int(k) for k in game.num_actions)
        self.N = len(self.sizes)
        self.offsets = tuple(int(x) for x in np.concatenate([[0], np.cumsum(self.sizes)[:-1]]))
        self.dim = int(sum(self.sizes))
        self.slices = [slice(o, o + k) for o, k in zip(self.offsets, self.sizes)]
        self.scale = max(1.0, float(np.max(np.abs(self.A))) if self.single else
                         max(float(np.max(np.abs(a))) for a in self.own))
        arrays = [self.A] if self.single else list(self.own)
        self.range = max(float(np.max(a) - np.min(a)) for a in arrays)

    # -- helpers --------------------------------------------------------------------------------
    def split(self, x):
        return [x[s] for s in self.slices]

    def payoffs(self, xs):
        """Expected payoff of every strategy of every population."""
        if self.single:
            return [self.A @ xs[0]]
        out = []
        for i in range(self.N):
            arr = self.own[i]
            for k in reversed([k for k in range(self.N) if k != i]):
                arr = arr @ xs[k]
            out.append(arr)
        return out

    def replicator_batch(self, X):
        """Replicator velocities for a batch of states ``X`` of shape (B, dim)."""
        xs = [X[:, s] for s in self.slices]
        out = np.empty_like(X)
        if self.single:
            u = xs[0] @ self.A.T
            out[:, :] = xs[0] * (u - np.sum(xs[0] * u, axis=1, keepdims=True))
            return out
        for i in range(self.N):
            arr = self.own[i]
            others = [k for k in range(self.N) if k != i]
            if not others:
                u = np.broadcast_to(arr, xs[i].shape)
            else:
                k = others[-1]
                t = np.tensordot(xs[k], arr, axes=([1], [arr.ndim - 1]))   # (B, n_i, ...)
                for k in reversed(others[:-1]):
                    t = np.einsum("b...k,bk->b...", t, xs[k])
                u = t
            out[:, self.slices[i]] = xs[i] * (u - np.sum(xs[i] * u, axis=1, keepdims=True))
        return out

    def cross(self, xs):
        """``D[i][k][j, l]``: payoff of strategy j of i when k plays l (others at xs)."""
        out = []
        for i in range(self.N):
            others = [k for k in range(self.N) if k != i]
            d = {}
            for k in others:
                arr = self.own[i]
                for pos in range(len(others) - 1, -1, -1):
                    if others[pos] == k:
                        continue
                    arr = np.tensordot(arr, xs[others[pos]], axes=([pos + 1], [0]))
                d[k] = arr
            out.append(d)
        return out

    # -- replicator field -----------------------------------------------------------------------
    def replicator(self, x):
        xs = self.split(x)
        u = self.payoffs(xs)
        # divide the average payoff by the population's total share: identical on the simplex,
        # and it makes the total share an exact invariant, so round-off never drifts a state off
        # the simplex (with negative average payoffs the plain form pushes it away)
        return np.concatenate([xi * (ui - (xi @ ui) / xi.sum()) for xi, ui in zip(xs, u)])

    def replicator_jac_full(self, x):
        xs = self.split(x)
        J = np.zeros((self.dim, self.dim))
        if self.single:
            A = self.A
            xA = xs[0] @ A
            Ax = A @ xs[0]
            avg = xs[0] @ Ax
            J[:, :] = xs[0][:, None] * (A - xA[None, :] - Ax[None, :])
            J[np.diag_indices(self.dim)] += Ax - avg
            return J
        u = self.payoffs(xs)
        D = self.cross(xs) if self.N > 1 else [{}]
        for i in range(self.N):
            si = self.slices[i]
            xi, ui = xs[i], u[i]
            avg = xi @ ui
            J[si, si] = np.diag(ui - avg) - np.outer(xi, ui)
            for k, Dk in D[i].items():
                J[si, self.slices[k]] = xi[:, None] * (Dk - (xi @ Dk)[None, :])
        return J

    def reduce(self, Jfull):
        """Jacobian in the coordinates that drop each population's last strategy."""
        keep = [o + j for o, n in zip(self.offsets, self.sizes) for j in range(n - 1)]
        last_of = []
        for o, n in zip(self.offsets, self.sizes):
            last_of += [o + n - 1] * (n - 1)
        R = Jfull[np.ix_(keep, keep)] - Jfull[np.ix_(keep, last_of)]
        return R + 0.0          # no negative zeros in reports

    # -- states ---------------------------------------------------------------------------------
    def parse_state(self, start, where, name="start"):
        """A state: one share vector per population, or (all populations binary) one share of
        the first strategy per population; a single vector for one population."""
        try:
            items = list(start)
        except TypeError:
            raise InvalidParameterError(
                f"{where}: {name} must be one share vector per population, got {start!r}") from None
        flat = None
        if self.single:
            try:
                flat = np.asarray(items, dtype=np.float64).reshape(-1)
            except (TypeError, ValueError):
                raise InvalidParameterError(f"{where}: {name} must be a vector of shares, got "
                                            f"{start!r}") from None
            vecs = [flat]
        else:
            scalars = all(np.ndim(v) == 0 for v in items)
            if scalars and len(items) == self.N and all(k == 2 for k in self.sizes):
                try:
                    firsts = [float(v) for v in items]
                except (TypeError, ValueError):
                    raise InvalidParameterError(
                        f"{where}: {name} must be numbers, got {start!r}") from None
                vecs = [np.array([f, 1.0 - f]) for f in firsts]
                for i, f in enumerate(firsts):
                    if not (0.0 <= f <= 1.0) or not math.isfinite(f):
                        raise InvalidParameterError(
                            f"{where}: {name} share {f!r} of population {self.names[i]!r} is "
                            "off the simplex; expected a number in [0, 1]")
            else:
                if len(items) != self.N:
                    raise InvalidParameterError(
                        f"{where}: {name} must give one share vector per population "
                        f"({self.N}), got {len(items)} entries")
                try:
                    vecs = [np.asarray(v, dtype=np.float64).reshape(-1) for v in items]
                except (TypeError, ValueError):
                    raise InvalidParameterError(
                        f"{where}: {name} must be numeric share vectors, got {start!r}") from None
        for i, (v, n) in enumerate(zip(vecs, self.sizes)):
            if v.shape != (n,):
                raise InvalidParameterError(
                    f"{where}: {name} of population {self.names[i]!r} has {v.size} shares; "
                    f"expected {n}")
            if not np.all(np.isfinite(v)) or np.any(v < -1e-12) or abs(v.sum() - 1.0) > 1e-9:
                raise InvalidParameterError(
                    f"{where}: {name} of population {self.names[i]!r} is off the simplex "
                    f"({v.tolist()}); expected non-negative shares summing to 1")
        return np.concatenate([np.clip(v, 0.0, None) / np.clip(v, 0.0, None).sum()
                               for v in vecs])


def _check_horizon(where, horizon):
    return float(check_real(where, "horizon", horizon, low=0, low_open=True))


#: default budget of right-hand-side evaluations of one simulation (a few seconds)
MAX_EVALUATIONS = 100_000
_SEGMENTS = 50


def _budget_args(where, max_evaluations, max_time):
    from .._budget import Deadline
    if max_evaluations is None:
        max_evaluations = MAX_EVALUATIONS
    elif isinstance(max_evaluations, bool) or not isinstance(max_evaluations, (int, float)) \
            or not max_evaluations >= 1:
        raise InvalidParameterError(
            f"{where}: max_evaluations must be a number >= 1 (or inf), got {max_evaluations!r}")
    return max_evaluations, Deadline(max_time, where)


def _finish(pop, times, states, project, *, dynamics, converged, message, params):
    states = np.array(states, dtype=np.float64)
    times = np.array(times, dtype=np.float64)
    if project and len(states):
        # remove round-off drift off the simplex
        for s in pop.slices:
            block = np.clip(states[:, s], 0.0, None)
            states[:, s] = block / block.sum(axis=1, keepdims=True)
    times.flags.writeable = False
    states.flags.writeable = False
    return Trajectory(dynamics=dynamics, times=times, states=states, populations=pop.names,
                      strategies=pop.labels, converged=bool(converged), message=str(message),
                      params=params)


def _check_t_eval(where, t_eval, horizon):
    if t_eval is None:
        return None
    t_eval = np.asarray(t_eval, dtype=np.float64).reshape(-1)
    if t_eval.size == 0 or np.any(t_eval < 0) or np.any(t_eval > horizon) or np.any(
            np.diff(t_eval) <= 0):
        raise InvalidParameterError(
            f"{where}: t_eval must be increasing times within [0, horizon={horizon:g}]")
    return t_eval


def _integrate(pop: _Populations, rhs, jac, x0, horizon, *, t_eval, method, rtol, atol,
               max_step, dynamics, params, where, project=False, max_evaluations=None,
               max_time=None):
    """solve_ivp over the horizon in segments, within a budget of evaluations and seconds.

    When the budget runs out, the path computed so far is returned with ``converged=False`` and a
    message saying where it stopped and which option extends it.
    """
    from scipy.integrate import solve_ivp
    check_real(where, "rtol", rtol, low=0, low_open=True)
    check_real(where, "atol", atol, low=0, low_open=True)
    t_eval = _check_t_eval(where, t_eval, horizon)
    budget, deadline = _budget_args(where, max_evaluations, max_time)
    kw = {}
    if jac is not None and method in ("Radau", "BDF", "LSODA"):
        kw["jac"] = lambda t, x: jac(x)
    if max_step is not None:
        kw["max_step"] = float(check_real(where, "max_step", max_step, low=0, low_open=True))
    edges = np.linspace(0.0, horizon, _SEGMENTS + 1)
    times, states = [], []
    if t_eval is None or t_eval[0] == 0.0:
        times.append(0.0)
        states.append(np.array(x0, dtype=np.float64))
    x = np.array(x0, dtype=np.float64)
    used = 0
    success, message = True, "The solver successfully reached the end of the integration interval."
    for a, b in zip(edges[:-1], edges[1:]):
        if used >= budget or deadline.expired:
            why = (f"max_evaluations={budget:g} right-hand-side evaluations" if used >= budget
                   else f"max_time={deadline.seconds:g} s")
            success = False
            message = (f"{where}: stopped at t = {a:g} of {horizon:g} after {why}; the dynamics "
                       f"move on the payoffs' time scale (payoff range about {pop.range:.3g}), so "
                       "a long horizon or large payoffs need many steps: raise max_evaluations "
                       "(or max_time), or shorten the horizon")
            break
        if t_eval is None:
            seg_eval = wanted = None
        else:
            wanted = t_eval[(t_eval > a) & (t_eval <= b)]
            seg_eval = np.union1d(wanted, [b])     # always end at b to continue from there
        sol = solve_ivp(lambda t, y: rhs(y), (a, b), x, method=method, t_eval=seg_eval,
                        rtol=rtol, atol=atol, **kw)
        used += int(sol.nfev) + int(getattr(sol, "njev", 0) or 0) * pop.dim
        if t_eval is None:
            times.extend(sol.t[1:].tolist())
            states.extend(list(sol.y.T[1:]))
        else:
            keep = np.isin(sol.t, wanted)
            times.extend(sol.t[keep].tolist())
            states.extend(list(sol.y.T[keep]))
        if not sol.success:
            success, message = False, str(sol.message)
            break
        x = sol.y[:, -1].copy()
    return _finish(pop, times, states, project, dynamics=dynamics, converged=success,
                   message=message, params=params)


def replicator(game: Any, start: Sequence, horizon: float, *, symmetric: bool | None = None,
               t_eval: Sequence[float] | None = None, method: str = "LSODA",
               rtol: float = 1e-8, atol: float = 1e-12,
               max_step: float | None = None, max_evaluations: int | None = None,
               max_time: float | None = None) -> Trajectory:
    """Simulate replicator dynamics from ``start`` for ``horizon`` time units.

    Parameters
    ----------
    game : NormalFormGame, PopulationGame or array_like
        An N-player game (one population per player role: asymmetric, multi-population
        dynamics), a :class:`~contracts.games.population.PopulationGame` with numeric
        parameter values, or a square matrix ``A`` (one population playing a symmetric game).
    start : sequence
        Initial shares: one probability vector per population; when every population has two
        strategies, simply the share of each population's first strategy (``(x, y, z)``).
    horizon : float
        Length of time simulated, ``> 0``.
    symmetric : bool, optional
        With a symmetric two-player NormalFormGame, ``True`` gives one-population dynamics.
    t_eval : sequence of float, optional
        Times at which to store the state (default: the solver's steps).
    method : str
        The :func:`scipy.integrate.solve_ivp` method.
    rtol, atol : float
        Tolerances of :func:`scipy.integrate.solve_ivp`.
    max_step : float, optional
        Largest step of :func:`scipy.integrate.solve_ivp`.
    max_evaluations : int, optional
        Budget of right-hand-side evaluations (default 100,000, a few seconds). Time runs at the
        payoffs' scale: multiplying the payoffs by ``c`` is running ``c`` times longer, so large
        payoffs with a long horizon need many steps. When the budget runs out the path so far is
        returned with ``converged=False`` and a message saying where it stopped.
    max_time : float, optional
        Budget in seconds, likewise.

    Returns
    -------
    Trajectory
        The stored times and states (``success=False`` with a message if a budget ran out).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import replicator
    >>> hawk_dove = [[-1, 4], [0, 2]]                 # one population: Hawk-Dove
    >>> tr = replicator(hawk_dove, [0.1, 0.9], 50)
    >>> [round(float(v), 4) for v in tr.final[0]]   # converges to the mixed ESS (2/3, 1/3)
    [0.6667, 0.3333]
    """
    where = "replicator"
    pop = _Populations(game, symmetric, where)
    horizon = _check_horizon(where, horizon)
    x0 = pop.parse_state(start, where)
    return _integrate(pop, pop.replicator, pop.replicator_jac_full, x0, horizon, t_eval=t_eval,
                      method=method, rtol=rtol, atol=atol, max_step=max_step,
                      dynamics="replicator", params={}, where=where, project=True,
                      max_evaluations=max_evaluations, max_time=max_time)


def replicator_field(game: Any, state: Sequence, *, symmetric: bool | None = None
                     ) -> tuple[np.ndarray, ...]:
    """Velocity of the replicator dynamics at ``state`` (one vector per population).

    Parameters
    ----------
    game : NormalFormGame, PopulationGame or array_like
        As in :func:`~contracts.dynamics.replicator`.
    state : sequence
        Shares, as ``start`` in :func:`replicator`.
    symmetric : bool, optional
        With a symmetric two-player game, ``True`` gives one-population dynamics.

    Returns
    -------
    tuple of numpy.ndarray
        The time derivative of each population's shares.

    Examples
    --------
    >>> from contracts.dynamics import replicator_field
    >>> [round(float(v), 6) for v in replicator_field([[-1, 4], [0, 2]], [0.5, 0.5])[0]]
    [0.125, -0.125]
    """
    where = "replicator_field"
    pop = _Populations(game, symmetric, where)
    x = pop.parse_state(state, where, "state")
    return tuple(np.array(v) for v in pop.split(pop.replicator(x)))


def replicator_jacobian(game: Any, state: Sequence, *, symmetric: bool | None = None,
                        reduced: bool = True) -> np.ndarray:
    """Jacobian of the replicator dynamics at ``state``.

    With ``reduced=True`` (default) in the coordinates that drop each population's last
    strategy (so its eigenvalues are the stability exponents on the product of simplices;
    with two strategies per population the coordinates are the shares ``x, y, z`` of the first
    strategies). ``reduced=False`` gives the Jacobian in all shares.

    Parameters
    ----------
    game : NormalFormGame, PopulationGame or array_like
        As in :func:`~contracts.dynamics.replicator`.
    state : sequence
        Shares, as ``start`` in :func:`replicator`.
    symmetric : bool, optional
        With a symmetric two-player game, ``True`` gives one-population dynamics.
    reduced : bool
        Use the reduced coordinates.

    Returns
    -------
    numpy.ndarray
        The Jacobian matrix.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import replicator_jacobian
    >>> g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    >>> replicator_jacobian(g, [0, 0]).tolist()          # at the vertex (x, y) = (0, 0)
    [[3.0, 0.0], [0.0, -4.0]]
    """
    where = "replicator_jacobian"
    pop = _Populations(game, symmetric, where)
    x = pop.parse_state(state, where, "state")
    J = pop.replicator_jac_full(x)
    return pop.reduce(J) if reduced else J

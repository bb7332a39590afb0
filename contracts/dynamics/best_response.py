"""Best-response dynamics (Gilboa & Matsui 1991) and logit dynamics (Fudenberg & Levine 1998).

Each population drifts towards the strategies that currently do best:

* **best response**: ``x' = BR(x) - x``, where ``BR`` plays all current best responses with
  equal probability (a differential inclusion whose right-hand side jumps where best responses
  change; simulated exactly between switches);
* **logit** (smoothed best response): ``x' = L_lam(u(x)) - x`` with
  ``L_lam(u)_j = exp(lam u_j) / sum_m exp(lam u_m)``. Its rest points are exactly the logit
  quantal response equilibria at ``lam`` (see :mod:`contracts.bounded.qre`).

Both work for one population (symmetric game) and for several (N-player game).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidParameterError
from ._trajectory import Trajectory
from .replicator import _check_horizon, _integrate, _Populations

__all__ = ["best_response_dynamics", "logit_dynamics"]


def _br_field(pop: _Populations, tie_tol: float):
    def rhs(x):
        return _br_mix(pop, x, tie_tol)[0] - x
    return rhs


def _br_mix(pop: _Populations, x, tie_tol: float):
    """Uniform mix over current best responses, and a key identifying the best-response sets."""
    u = pop.payoffs(pop.split(x))
    masks = [ui >= ui.max() - tie_tol for ui in u]
    allm = np.concatenate(masks)
    counts = np.repeat([m.sum() for m in masks], pop.sizes)
    return allm / counts, allm.tobytes()


def _logit_response(pop: _Populations, lam: float, x):
    """The logit response ``L_lam(u(x))`` of every population (stable softmax)."""
    out = []
    for ui in pop.payoffs(pop.split(x)):
        e = np.exp(lam * (ui - ui.max()))
        out.append(e / e.sum())
    return np.concatenate(out)


#: above this precision × payoff range the logit field is stiff: the default method switches to
#: the exponential integrator
STIFF_LOGIT = 50.0


def _logit_exponential(pop: _Populations, lam: float, x0, horizon, step, t_eval, deadline,
                       where):
    """Exponential midpoint steps for ``x' = b(x) - x``: exact for a constant response, stable
    for any precision, and its rest points are exactly the logit equilibria."""
    n = max(1, int(np.ceil(horizon / step - 1e-9)))
    grid = np.minimum(np.arange(n + 1) * (horizon / n), horizon)
    x = np.array(x0, dtype=np.float64)
    times, states = [0.0], [x.copy()]
    for k in range(n):
        if deadline.expired:
            return times, states, False, (
                f"{where}: stopped at t = {grid[k]:g} of {horizon:g} after max_time="
                f"{deadline.seconds:g} s")
        h = grid[k + 1] - grid[k]
        b = _logit_response(pop, lam, x)
        half = b + (x - b) * np.exp(-h / 2)
        bm = _logit_response(pop, lam, half)
        x = bm + (x - bm) * np.exp(-h)
        times.append(grid[k + 1])
        states.append(x.copy())
    times, states = np.array(times), np.array(states)
    if t_eval is not None:
        states = np.stack([np.interp(t_eval, times, states[:, j]) for j in range(pop.dim)],
                          axis=1)
        times = np.asarray(t_eval, dtype=np.float64)
    return times, states, True, (f"exponential midpoint integrator, {n} steps of length "
                                 f"{horizon / n:g} (stiff: precision x payoff range = "
                                 f"{lam * pop.range:.3g})")


def _logit_field(pop: _Populations, lam: float):
    def rhs(x):
        xs = pop.split(x)
        u = pop.payoffs(xs)
        out = []
        for xi, ui in zip(xs, u):
            v = lam * (ui - ui.max())
            e = np.exp(v)
            out.append(e / e.sum() - xi)
        return np.concatenate(out)
    return rhs


def best_response_dynamics(game: Any, start: Sequence, horizon: float, *,
                           symmetric: bool | None = None, step: float | None = None,
                           tie_tol: float | None = None) -> Trajectory:
    """Simulate best-response dynamics ``x' = BR(x) - x``.

    The right-hand side is constant while best responses do not change, and then the path is
    exactly ``x(t + h) = b + (x(t) - b) exp(-h)``. The simulation applies this formula step by
    step and locates a switch of best responses within a step by bisection (an adaptive ODE
    solver stalls on the switching surfaces, where the right-hand side jumps). Near an
    equilibrium where switches accumulate, the path is accurate to about the step length.

    Parameters
    ----------
    game : NormalFormGame, PopulationGame or array_like
        As in :func:`~contracts.dynamics.replicator`.
    start : sequence
        Initial shares.
    horizon : float
        Length of time simulated.
    symmetric : bool, optional
        With a symmetric two-player game, ``True`` gives one-population dynamics.
    step : float, optional
        Spacing of the stored time points (default ``horizon / 2000``).
    tie_tol : float, optional
        Payoff differences up to this count as ties (default ``1e-9`` times the payoff scale);
        tied best responses are played with equal probability.

    Returns
    -------
    Trajectory
        The stored times and states.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import best_response_dynamics
    >>> pennies = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> tr = best_response_dynamics(pennies, [0.9, 0.2], 30)
    >>> [round(float(s[0]), 1) for s in tr.final]     # spirals in to (1/2, 1/2)
    [0.5, 0.5]
    """
    where = "best_response_dynamics"
    pop = _Populations(game, symmetric, where)
    horizon = _check_horizon(where, horizon)
    x = pop.parse_state(start, where)
    tie = 1e-9 * pop.scale if tie_tol is None else float(
        check_real(where, "tie_tol", tie_tol, low=0))
    h = horizon / 2000.0 if step is None else float(
        check_real(where, "step", step, low=0, low_open=True, high=horizon))
    n = int(np.ceil(horizon / h - 1e-9))
    times = np.minimum(np.arange(n + 1) * h, horizon)
    states = np.empty((n + 1, pop.dim))
    states[0] = x
    switches = 0
    for k in range(n):
        dt = times[k + 1] - times[k]
        b, key = _br_mix(pop, x, tie)
        x1 = b + (x - b) * np.exp(-dt)
        b1, key1 = _br_mix(pop, x1, tie)
        if key1 != key:
            # best responses change within the step: locate the switch (to dt / 256) by
            # bisection, then follow the new best responses for the rest of the step
            switches += 1
            lo, hi = 0.0, dt
            for _ in range(8):
                mid = 0.5 * (lo + hi)
                if _br_mix(pop, b + (x - b) * np.exp(-mid), tie)[1] == key:
                    lo = mid
                else:
                    hi = mid
            xs = b + (x - b) * np.exp(-hi)
            b2 = _br_mix(pop, xs, tie)[0]
            x1 = b2 + (xs - b2) * np.exp(-(dt - hi))
        x = x1
        states[k + 1] = x
    times.flags.writeable = False
    states.flags.writeable = False
    return Trajectory(dynamics="best response", times=times, states=states,
                      populations=pop.names, strategies=pop.labels, converged=True,
                      message=f"{n} steps of length {h:g}, {switches} best-response switches located",
                      params={})


def logit_dynamics(game: Any, start: Sequence, horizon: float, *, lam: float,
                   symmetric: bool | None = None, t_eval: Sequence[float] | None = None,
                   method: str = "auto", rtol: float = 1e-8, atol: float = 1e-10,
                   max_step: float | None = None, step: float | None = None,
                   max_evaluations: int | None = None,
                   max_time: float | None = None) -> Trajectory:
    """Simulate logit (smoothed best-response) dynamics ``x' = L_lam(u(x)) - x``.

    Parameters
    ----------
    lam : float
        Precision of the logit response, ``lam >= 0`` (0: drift to uniform play).
    method : str, optional
        ``"auto"`` (default): :func:`scipy.integrate.solve_ivp` with ``"RK45"`` when
        ``lam`` × payoff range is at most 50, else (a stiff field: the response jumps across
        indifference) an exponential midpoint integrator, stable at any precision, whose rest
        points are exactly the logit equilibria; ``"exponential"`` forces it; any
        :func:`~scipy.integrate.solve_ivp` method name (``"LSODA"``, ``"Radau"``...) uses it.
    step : float, optional
        Step of the exponential integrator (default ``horizon / 4000``).
    game : NormalFormGame, PopulationGame or array_like
        As in :func:`~contracts.dynamics.replicator`.
    start : sequence
        Initial shares.
    horizon : float
        Length of time simulated.
    symmetric : bool, optional
        With a symmetric two-player game, ``True`` gives one-population dynamics.
    t_eval : sequence of float, optional
        Times at which to store the state.
    rtol, atol : float
        Tolerances of :func:`scipy.integrate.solve_ivp`.
    max_step : float, optional
        Largest step of :func:`scipy.integrate.solve_ivp`.
    max_evaluations : int, optional
        Budget of right-hand-side evaluations.
    max_time : float, optional
        Budget in seconds.

    Returns
    -------
    Trajectory
        The stored times and states.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.dynamics import logit_dynamics
    >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> tr = logit_dynamics(pd, [0.5, 0.5], 40, lam=1.0)
    >>> round(float(tr.final[0][1]), 6)            # rests at the logit QRE, 1/(1+e^-1)
    0.731059
    """
    where = "logit_dynamics"
    pop = _Populations(game, symmetric, where)
    horizon = _check_horizon(where, horizon)
    lam = float(check_real(where, "lam", lam, low=0))
    x0 = pop.parse_state(start, where)
    if not isinstance(method, str):
        raise InvalidParameterError(f"{where}: method must be a string, got {method!r}")
    if method == "auto":
        method = "exponential" if lam * pop.range > STIFF_LOGIT else "RK45"
    if method == "exponential":
        from .._budget import Deadline
        from .replicator import _check_t_eval, _finish
        t_eval = _check_t_eval(where, t_eval, horizon)
        h = horizon / 4000.0 if step is None else float(
            check_real(where, "step", step, low=0, low_open=True, high=horizon))
        times, states, ok, msg = _logit_exponential(pop, lam, x0, horizon, h, t_eval,
                                                    Deadline(max_time, where), where)
        return _finish(pop, times, states, True, dynamics="logit", converged=ok, message=msg,
                       params={"lam": lam})
    return _integrate(pop, _logit_field(pop, lam), None, x0, horizon, t_eval=t_eval,
                      method=method, rtol=rtol, atol=atol, max_step=max_step, dynamics="logit",
                      params={"lam": lam}, where=where, project=True,
                      max_evaluations=max_evaluations, max_time=max_time)

"""Repeated negotiation equilibria (Goldlücke and Kranz; Kranz's ``RelationalContracts``).

Pareto-optimal subgame-perfect equilibria of games with transfers assume the parties never
renegotiate their relational contract: whatever the state, they stick to the plan agreed at
the start. That rules out hold-up and produces the *vulnerability paradox* — a player makes
herself vulnerable whenever it raises joint payoffs, although it weakens her position in any
future negotiation. A *repeated negotiation equilibrium* (RNE) assumes instead that at the start
of every period, with probability ``ρ`` (``negotiation_probability``), the relationship is
renegotiated: the continuation payoffs are then chosen by Nash bargaining over the equilibrium
payoff set of the current state, with bargaining power ``β_1`` for player 1 and the punishment
point as disagreement point. With transfers the payoff set of state ``x`` is the simplex given by
the highest joint payoff ``U(x)`` and the punishment payoffs ``v_i(x)``; the negotiation payoffs
are ``r_i(x) = v_i(x) + β_i (U(x) - v_1(x) - v_2(x))``. Continuation values that provide
incentives are the mixture ``(1 - ρ) v_i(x') + ρ r_i(x')``::

    Û(a, x)   = (1 - δ) Σ_i π_i(a) + δ E U(x'),
    v̂_i(a, x) = max_{a_i'} (1 - δ) π_i(a_i', a_-i) + δ E[(1 - ρ) v_i(x') + ρ r_i(x')],
    a enforceable iff Û(a, x) >= v̂_1(a, x) + v̂_2(a, x),
    U(x) = max Û over enforceable a,   v_i(x) = min v̂_i over enforceable a.

``ρ = 0`` gives the SPE payoff sets of :mod:`contracts.stochastic.transfers`; ``ρ = 1`` is the
pure hold-up model. As in Kranz's ``rel_rne`` the game must be (weakly) directional: apart from
staying in the same state, play never returns to a state it left, so states are solved backwards
(an RNE is then unique in payoffs). Absorbing states are repeated games; with negotiation they
are solved as repeated games with transfers at the adjusted discount ``δ (1 - ρ)``. A state that
may stay put is solved by searching over the equilibrium profile and the profiles that
determine the punishment payoffs (the fixed point has a closed form for each guess), in order
of decreasing joint payoff, as ``rel_rne`` does; where several guesses are consistent we keep
the one with the lowest punishment payoffs (the largest payoff set; ``rel_rne`` keeps the first
one found), so that ``ρ = 0`` reproduces the SPE payoff sets. Two players.

The result is verified: at every state, given the computed values, ``U`` and ``v`` are the
maximum and minima over the enforceable profiles and the stated profiles are enforceable and
attain them (``max_violation``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from .._validation import check_real
from ..exceptions import InvalidGameError, UnsupportedGameError
from ..results import format_number
from ._rows import NoConvergence as _NoConvergence
from ._rows import Rows as _Rows
from .transfers import _common_discount, solve_values

__all__ = ["NegotiationEquilibrium", "repeated_negotiation"]

_WHERE = "repeated_negotiation"


@dataclass(frozen=True, eq=False)
class NegotiationEquilibrium:
    """A repeated negotiation equilibrium (see :mod:`contracts.stochastic.negotiation`).

    Attributes
    ----------
    states, players : tuple
        Labels.
    discount, negotiation_probability : float
        The common discount factor and the probability of renegotiation each period.
    bargaining_power : tuple
        ``(β_1, β_2)``.
    joint_payoff : numpy.ndarray
        ``U(x)``.
    punishment_payoffs : numpy.ndarray
        ``v_i(x)``, shape ``(n_states, 2)``.
    negotiation_payoffs : numpy.ndarray
        ``r_i(x) = v_i + β_i (U - v_1 - v_2)``: what each player gets when the relationship is
        (re)negotiated in ``x``.
    equilibrium_actions, punishment_actions : tuple
        Labels of ``a^e(x)`` and of ``a^i(x)`` (``punishment_actions[i][x]``).
    order : tuple
        The order in which states were solved (successors first).
    max_violation : float
        Largest violation of the defining conditions found by verification.
    verified : bool
        Whether ``max_violation`` is within tolerance.
    converged : bool
        Always True: states are solved directly, in order.
    extra : dict
        Solver-specific details.
    game : StochasticGame
        The game that was solved.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[2, -1], [3, 0]], [[2, 3], [-1, 0]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> r = repeated_negotiation(g, negotiation_probability=0.5)
    >>> r.verified, r.negotiation_payoffs.tolist()
    (True, [[0.0, 0.0]])
    """

    states: tuple
    players: tuple
    discount: float
    negotiation_probability: float
    bargaining_power: tuple
    joint_payoff: np.ndarray
    punishment_payoffs: np.ndarray
    negotiation_payoffs: np.ndarray
    equilibrium_actions: tuple
    punishment_actions: tuple
    order: tuple
    max_violation: float
    verified: bool
    converged: bool = True
    extra: dict = field(default_factory=dict, repr=False)
    game: Any = field(default=None, repr=False)

    def __repr__(self) -> str:
        return (f"NegotiationEquilibrium(states={len(self.states)}, discount="
                f"{format_number(self.discount)}, negotiation_probability="
                f"{format_number(self.negotiation_probability)}, verified={self.verified})")

    def __str__(self) -> str:
        head = (f"Repeated negotiation equilibrium: discount {format_number(self.discount)}, "
                f"negotiation probability {format_number(self.negotiation_probability)}, "
                f"bargaining power {tuple(format_number(b) for b in self.bargaining_power)}")
        lines = [head]
        for x in range(min(len(self.states), 20)):
            r = self.negotiation_payoffs[x]
            lines.append(f"  {self.states[x]}: play {self.equilibrium_actions[x]}; U = "
                         f"{format_number(self.joint_payoff[x])}, negotiated payoffs ("
                         + ", ".join(format_number(t) for t in r) + ")")
        if len(self.states) > 20:
            lines.append(f"  ... ({len(self.states) - 20} more states)")
        lines.append(f"Verified: largest violation {format_number(self.max_violation)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html
        return "<pre>" + html.escape(str(self)) + "</pre>"

    def to_dict(self) -> dict:
        return {"states": [str(s) for s in self.states], "players": list(self.players),
                "discount": self.discount,
                "negotiation_probability": self.negotiation_probability,
                "bargaining_power": list(self.bargaining_power),
                "joint_payoff": self.joint_payoff.tolist(),
                "punishment_payoffs": self.punishment_payoffs.tolist(),
                "negotiation_payoffs": self.negotiation_payoffs.tolist(),
                "equilibrium_actions": [list(a) for a in self.equilibrium_actions],
                "punishment_actions": [[list(a) for a in p] for p in self.punishment_actions],
                "order": [str(s) for s in self.order], "max_violation": self.max_violation,
                "verified": self.verified}


def _order(rows: _Rows):
    """Successors-first order of the states; raises if play can return to a state it left."""
    T = rows.T.tocoo()
    S = rows.S
    src = rows.row_state[T.row]
    keep = (src != T.col) & (T.data > 0)
    G = sp.csr_matrix((np.ones(int(keep.sum())), (src[keep], T.col[keep])), shape=(S, S))
    G.sum_duplicates()
    out_deg = np.diff(G.indptr).astype(np.int64)
    preds = G.T.tocsr()
    ready = list(np.flatnonzero(out_deg == 0))
    order = []
    while ready:
        x = ready.pop()
        order.append(int(x))
        for y in preds.indices[preds.indptr[x]:preds.indptr[x + 1]]:
            out_deg[y] -= 1
            if out_deg[y] == 0:
                ready.append(int(y))
    if len(order) < S:
        left = sorted(set(range(S)) - set(order))
        raise UnsupportedGameError(
            f"{_WHERE}: a repeated negotiation equilibrium is computed for (weakly) directional "
            f"games only, where play never returns to a state it left; states "
            f"{[rows.game.states[k] for k in left[:8]]} lie on a cycle")
    return order


def _block_devmax(q: np.ndarray, shape: tuple, i: int) -> np.ndarray:
    """Within one state's block: max of ``q`` over player i's own actions, per profile."""
    Q = q.reshape(shape)
    return np.broadcast_to(Q.max(axis=i, keepdims=True), shape).ravel()


def repeated_negotiation(game, *, negotiation_probability: float,
                         bargaining_power: float = 0.5, tol: float = 1e-9,
                         max_iter: int = 1000) -> NegotiationEquilibrium:
    """Repeated negotiation equilibrium of a two-player (weakly) directional stochastic game
    with transfers.

    Parameters
    ----------
    game : StochasticGame
        Two players, common discount factor ``δ``.
    negotiation_probability : float
        ``ρ`` in [0, 1]: the probability that the relationship is renegotiated at the start of
        a period. With ``ρ = 0`` the result is the Pareto-optimal SPE (no renegotiation).
    bargaining_power : float
        Player 1's weight ``β_1`` in Nash bargaining (player 2 has ``1 - β_1``).
    tol : float
        Tolerance of the enforcement conditions (relative to the largest stage payoff).
    max_iter : int
        Passed to the repeated-game solver of absorbing states.

    Returns
    -------
    NegotiationEquilibrium
        Joint, punishment and negotiation payoffs per state and the equilibrium actions.

    Raises
    ------
    UnsupportedGameError
        More than two players, different discount factors, a game in which play can return to
        a state it left, or a state without any pure enforceable profile.

    Examples
    --------
    Hold-up: player 1 invests (cost 0.7 per unit) before two players trade; trade splits the
    surplus equally. Without renegotiation the investment is compensated by transfers; when
    every period is renegotiated (``ρ = 1``) it is not, and player 1 does not invest.

    >>> import contracts as ct
    >>> stages = {"invest": [[[0.0, 0.0]], [[-0.7, 0.0]]],
    ...           "trade0": [[[0, 0], [0, 0]], [[0, 0], [0, 0]]],
    ...           "trade1": [[[0, 0], [0, 0]], [[0, 0], [0.5, 0.5]]], "end": [[[0, 0]]]}
    >>> trans = {"invest": [[[0, 1, 0, 0]], [[0, 0, 1, 0]]],
    ...          "trade0": [[[0, 1, 0, 0], [0, 1, 0, 0]], [[0, 1, 0, 0], [0, 0, 0, 1]]],
    ...          "trade1": [[[0, 0, 1, 0], [0, 0, 1, 0]], [[0, 0, 1, 0], [0, 0, 0, 1]]],
    ...          "end": [[[0, 0, 0, 1]]]}
    >>> g = ct.StochasticGame(stages, trans, discount=0.9)
    >>> [repeated_negotiation(g, negotiation_probability=rho).equilibrium_actions[0][0]
    ...  for rho in (0.0, 1.0)]
    ['a2', 'a1']
    """
    from ..games.stochastic import StochasticGame
    if not isinstance(game, StochasticGame):
        raise InvalidGameError(f"{_WHERE}: expected a StochasticGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise UnsupportedGameError(f"{_WHERE}: repeated negotiation equilibria are defined for "
                                   f"two players; this game has {game.n_players}")
    delta = _common_discount(game, _WHERE)
    rho = float(check_real(_WHERE, "negotiation_probability", negotiation_probability,
                           low=0, high=1))
    b1 = float(check_real(_WHERE, "bargaining_power", bargaining_power, low=0, high=1))
    check_real(_WHERE, "tol", tol, low=0, low_open=True)
    beta = np.array([b1, 1 - b1])
    rows = _Rows(game)
    scale = max(1.0, float(np.max(np.abs(rows.pay))))
    ftol = tol * scale
    S = rows.S
    U = np.zeros(S)
    v = np.zeros((S, 2))
    r = np.zeros((S, 2))
    ae = np.zeros(S, dtype=np.int64)
    ap = np.zeros((2, S), dtype=np.int64)
    order = _order(rows)
    T = rows.T
    for x in order:
        a, b = int(rows.row_start[x]), int(rows.row_start[x + 1])
        shape = tuple(int(k) for k in rows.shapes[x])
        Tx = T[a:b].toarray()
        omega = Tx[:, x].copy()
        if np.all(omega >= 1 - 1e-12):
            sol = _absorbing(rows, x, delta, rho, beta, ftol, max_iter)
        else:
            Tx[:, x] = 0.0
            sol = _weakly_directional(rows, x, a, b, shape, Tx, omega, U, v, r, delta, rho,
                                      beta, ftol)
        U[x], v[x], ae[x], ap[:, x] = sol
        r[x] = v[x] + beta * (U[x] - v[x].sum())
    viol = _violation(rows, delta, rho, U, v, r, ae, ap, ftol)
    return NegotiationEquilibrium(
        game.states, game.players, delta, rho, (b1, 1 - b1), U, v, r,
        rows.labels_of(ae), tuple(rows.labels_of(p) for p in ap),
        tuple(game.states[k] for k in order), viol, bool(viol <= 10 * ftol), True,
        {"rows": {"equilibrium": ae, "punishment": ap}}, game)


def _absorbing(rows, x, delta, rho, beta, ftol, max_iter):
    """An absorbing state is a repeated game: with negotiation, the SPE with transfers at the
    adjusted discount ``δ̂ = δ(1-ρ)``; then ``v = w v̂ + (1-w) r`` with ``w = (1-δ)/(1-δ̂)``."""
    from ..games.stochastic import StochasticGame
    stage = np.asarray(rows.pay[rows.row_start[x]:rows.row_start[x + 1]])
    shape = tuple(int(k) for k in rows.shapes[x])
    sub = StochasticGame({"x": stage.reshape(shape + (2,))},
                         {"x": np.ones(shape + (1,))}, discount=0.5)
    d_hat = delta * (1 - rho)
    try:
        sol = solve_values(_Rows(sub), d_hat, ftol, max_iter)
    except _NoConvergence as exc:
        from ..exceptions import ConvergenceError
        raise ConvergenceError(f"{_WHERE}: state {rows.game.states[x]!r}: {exc}") from None
    if not sol["exists"]:
        raise UnsupportedGameError(f"{_WHERE}: no pure profile is enforceable in the absorbing "
                                   f"state {rows.game.states[x]!r}; no pure RNE exists")
    U = float(sol["U"][0])
    v_rep = sol["v"][0]
    r = v_rep + beta * (U - v_rep.sum())
    w = (1 - delta) / (1 - d_hat)
    v = w * v_rep + (1 - w) * r
    a0 = int(rows.row_start[x])
    return U, v, a0 + int(sol["pe"][0]), [a0 + int(sol["acts"][i][0]) for i in range(2)]


def _weakly_directional(rows, x, a, b, shape, Tx, omega, U, v, r, delta, rho, beta, ftol):
    """State ``x`` whose successors other than itself are solved (Kranz's search for states
    that may stay put; a direct formula when no profile stays)."""
    pay = rows.pay[a:b]
    Pi = pay.sum(axis=1)
    EU = Tx @ U
    Evr = Tx @ ((1 - rho) * v + rho * r)
    name = rows.game.states[x]

    def evaluate(Ux, vx):
        rx = vx + beta * (Ux - vx.sum())
        Uhat = (1 - delta) * Pi + delta * (EU + omega * Ux)
        cont = (1 - rho) * vx + rho * rx
        vhat = np.column_stack([
            _block_devmax((1 - delta) * pay[:, i] + delta * (Evr[:, i] + omega * cont[i]),
                          shape, i) for i in range(2)])
        return Uhat, vhat

    if not np.any(omega > 0):
        Uhat, vhat = evaluate(0.0, np.zeros(2))
        ic = Uhat >= vhat.sum(axis=1) - ftol
        if not ic.any():
            raise UnsupportedGameError(f"{_WHERE}: no pure profile is enforceable in state "
                                       f"{name!r}; no pure RNE exists")
        return _pick(Uhat, vhat, ic, a, ftol)
    # self-loops: guess the path profile (best first) and the profiles whose deviation values
    # give v_1 and v_2; each guess fixes (U, v) by a 2x2 linear system; keep the first
    # consistent guess
    K = np.column_stack([(1 - delta) * pay[:, i] + delta * Evr[:, i] for i in range(2)])
    with np.errstate(divide="ignore", invalid="ignore"):
        Ut = ((1 - delta) * Pi + delta * EU) / (1 - delta * omega)
    n = b - a
    m = [delta * omega * rho * beta[i] for i in range(2)]
    d = [1 - delta * omega * ((1 - rho) + rho * (1 - beta[i])) for i in range(2)]
    for e in np.argsort(-Ut, kind="stable"):
        Ux = Ut[e]
        best = None
        for t1 in range(n):
            for t2 in range(n):
                m1, m2, d1, d2 = m[0][t1], m[1][t2], d[0][t1], d[1][t2]
                K1, K2 = K[t1, 0], K[t2, 1]
                den = d1 * d2 - m1 * m2
                v1 = (m1 * d2 * Ux - m1 * m2 * Ux - m1 * K2 + d2 * K1) / den
                v2 = (m2 * d1 * Ux - m2 * m1 * Ux - m2 * K1 + d1 * K2) / den
                Uhat, vhat = evaluate(Ux, np.array([v1, v2]))
                ic = Uhat >= vhat.sum(axis=1) - ftol
                if not ic[e] or np.any(ic & (Uhat > Ux + ftol)):
                    continue
                if np.any(ic & (vhat[:, 0] < v1 - ftol)) or np.any(ic & (vhat[:, 1] < v2 - ftol)):
                    continue
                hit1 = ic & (np.abs(vhat[:, 0] - v1) <= ftol)
                hit2 = ic & (np.abs(vhat[:, 1] - v2) <= ftol)
                if hit1.any() and hit2.any() and (best is None or v1 + v2 < best[0] - ftol):
                    slack = Uhat - vhat.sum(axis=1)
                    p1 = int(np.argmax(np.where(hit1, slack, -np.inf)))
                    p2 = int(np.argmax(np.where(hit2, slack, -np.inf)))
                    best = (v1 + v2, (Ux, np.array([v1, v2]), a + int(e), [a + p1, a + p2]))
        if best is not None:
            return best[1]
    raise UnsupportedGameError(f"{_WHERE}: no RNE values found in state {name!r} (no pure "
                               "profile is enforceable with consistent values)")


def _pick(Uhat, vhat, ic, a, ftol):
    """U, v and the chosen profiles; ties broken by the largest enforcement slack."""
    slack = Uhat - vhat.sum(axis=1)
    U = Uhat[ic].max()
    v = np.array([vhat[ic, 0].min(), vhat[ic, 1].min()])
    e = np.argmax(np.where(ic & (Uhat >= U - ftol), slack, -np.inf))
    p = [int(np.argmax(np.where(ic & (vhat[:, i] <= v[i] + ftol), slack, -np.inf)))
         for i in range(2)]
    return U, v, a + int(e), [a + p[0], a + p[1]]


def _violation(rows, delta, rho, U, v, r, ae, ap, ftol):
    """Largest violation of the RNE conditions at any state, all at once over the rows."""
    cont = (1 - rho) * v + rho * r
    Uhat = (1 - delta) * rows.Pi + delta * rows.expect(U)
    vhat = np.column_stack([rows.dev_max(i, (1 - delta) * rows.pay[:, i]
                                         + delta * rows.expect(cont[:, i])) for i in range(2)])
    gap = vhat.sum(axis=1) - Uhat
    ic = gap <= ftol
    worst = max(float(np.max(gap[ae])), float(np.max(gap[ap[0]])), float(np.max(gap[ap[1]])))
    worst = max(worst, float(np.max(np.abs(Uhat[ae] - U))),
                float(np.max(np.abs(vhat[ap[0], 0] - v[:, 0]))),
                float(np.max(np.abs(vhat[ap[1], 1] - v[:, 1]))))
    Umax, _ = rows.state_max(Uhat, ic)
    vmin = [-rows.state_max(-vhat[:, i], ic)[0] for i in range(2)]
    worst = max(worst, float(np.max(Umax - U)), float(np.max(v[:, 0] - vmin[0])),
                float(np.max(v[:, 1] - vmin[1])))
    return max(worst, 0.0)

"""Relational contracts with voluntary monetary transfers in stochastic games (Goldlücke–Kranz).

Model (Goldlücke and Kranz 2018, "Discounted stochastic games with voluntary transfers",
*Economic Theory*). Players share a common discount factor ``δ`` and are risk neutral in money.
Each period in state ``x`` begins with a transfer stage (any player may pay any other; payments
are voluntary and observed; money burning is allowed), then the players choose a pure action
profile ``a`` of the stage game of ``x``, receive stage payoffs ``π(a, x)`` and the state moves to
``x'`` with probability ``P(x' | x, a)``. Payoffs are normalised (average discounted):
``(1 - δ) Σ δ^t (π_t + net transfer received_t)``. Monitoring is perfect.

With transfers the set of pure subgame-perfect equilibrium payoffs in state ``x`` is the simplex
``{u : Σ_i u_i ≤ U(x), u_i ≥ v_i(x)}``: it is described by the highest joint payoff ``U(x)`` and
each player's lowest (punishment) payoff ``v_i(x)``. With::

    Û(a, x)   = (1 - δ) Σ_i π_i(a, x) + δ E[U(x') | x, a]
    c_i(a, x) = max_{a_i'} (1 - δ) π_i(a_i', a_-i, x) + δ E[v_i(x') | x, a_i', a_-i]

(``c_i`` is player i's best deviation payoff, followed by her punishment), a profile ``a`` can be
played in ``x`` iff the *dynamic enforcement constraint* ``Σ_i c_i(a, x) ≤ Û(a, x)`` holds, and

    U(x)   = max { Û(a, x)   : a enforceable in x },
    v_i(x) = min { c_i(a, x) : a enforceable in x }.

The fixed point is found by *policy elimination* (the paper's algorithm, also used by Kranz's R
packages ``dyngame`` and ``RelationalContracts``): start with every profile admissible; compute
``U`` by policy iteration on the joint-payoff MDP over admissible profiles and each ``v_i`` by
strategy iteration (Hoffman–Karp) on the game in which the other players pick an admissible
profile to minimise i's best-reply value; drop every profile that violates the enforcement
constraint at these values; repeat until the optimal profiles are enforceable. Dropped profiles
are never enforceable (``U`` only falls and ``v`` only rises as profiles are dropped), so the
result is the largest fixed point, i.e. the SPE payoff set. Everything works on the stacked
rows of the game (one row per state and action profile) with sparse transitions, so thousands
of states solve in seconds.

The *optimal simple equilibrium* returned has phases ``e`` (equilibrium path) and ``i``
(punishment of player i). In phase ``k`` in state ``x`` the profile ``a^k(x)`` is played; if no one
deviates, the next period starts with transfers that give every player ``j`` the continuation
payoff ``w^k_j(x, x') = v_j(x') + λ^k_j(x) (U(x') - V(x'))`` (``V = Σ_j v_j``, ``λ^k(x)`` a
probability vector, the *shares of future surplus*), and play continues on the equilibrium path;
a player who deviates in actions, or refuses to pay, is punished: phase ``i`` starts in the
next (or the current) state. The transfer actually paid is ``(w^k(x, x') - z(x')) / (1 - δ)``
money units, where ``z(x')`` is the equilibrium-path payoff of ``x'`` without a transfer.
In phase ``i`` player i gets exactly ``v_i``. The result is verified by the one-shot deviation
principle at every state and phase (action deviations and refusals to pay), and the values are
checked against the strategy they claim to describe.

Capped transfers (limited liability): with ``max_transfer=L`` (one number, or one per player) no
player ever pays more than ``L`` money units in one transfer stage (a budget or liquidity
limit); receipts are not capped. The characterisation by ``(U, v)`` is then no longer exact, and
the solver stays within the same class of simple stationary equilibria: after profile ``a`` a
player can be made to pay at most down to ``b = max(v, z - (1-δ) L)`` (``z``: path payoffs), so
``a`` is enforceable iff ``Σ_j max(c_j - (1-δ)π_j, δ E b_j) <= δ E U``, and a punished player
keeps ``max(c_i, (1-δ)π_i + δ E b_i)`` (her fine is capped). Starting from the uncapped solution,
profiles that fail are dropped and ``U``, ``v``, ``z`` recomputed until the plan is
self-consistent (only profiles in use are dropped: with a cap the problem is not monotone). The
result is a verified subgame-perfect equilibrium in which no payment exceeds the cap (checked by
the verification); its joint payoff is a lower bound on the best capped equilibrium and equals
the uncapped one where the cap does not bind (``extra["cap_binds"]`` lists the states where it
does). Punishments in this class last one period and end with a capped fine, so a small cap
weakens them too; for very small caps the search can come back empty (``exists=False``) although
other equilibria (e.g. reversion to a stage equilibrium) exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from ._relational_result import RelationalContract, _weights
from ._rows import NoConvergence as _NoConvergence
from ._rows import Rows as _Rows
from ._rows import mdp as _mdp
from ._rows import punishment as _punishment

__all__ = ["RelationalContract", "relational_contract"]

_WHERE = "relational_contract"


def _common_discount(game, where: str) -> float:
    d = np.asarray(game.discount, dtype=float)
    if np.any(d != d[0]):
        raise UnsupportedGameError(f"{where}: transfers need a common discount factor (money is "
                                   f"valued alike by every player); got {tuple(d)}")
    return float(d[0])


# ==============================================================================================
# the solver
# ==============================================================================================
def relational_contract(game, *, bargaining_power: Sequence | float | None = None,
                        max_transfer: Any = None, tol: float = 1e-9, max_iter: int = 1000,
                        exact: bool | None = None) -> RelationalContract:
    """Highest joint payoffs, punishment payoffs and an optimal simple equilibrium of a
    stochastic game with voluntary monetary transfers (Goldlücke–Kranz policy elimination).

    Parameters
    ----------
    game : StochasticGame
        Any number of players, a common discount factor.
    bargaining_power : sequence of float, optional
        How the enforcement slack is split on the equilibrium path (default: equally); the
        payoff sets do not depend on it.
    max_transfer : float or sequence of float, optional
        Cap on what a player pays in one transfer stage, in money units per period (one
        number, or one per player; ``inf`` for no cap). None (default): unlimited transfers.
    tol : float
        Tolerance of the enforcement constraints (relative to the largest stage payoff) and of
        the verification.
    max_iter : int
        Bound on rounds of elimination and of policy iteration.
    exact : bool, optional
        Recompute the values of the final plan and verify it in rational arithmetic (default:
        follow the game; needs Fraction data or floats that are converted exactly).

    Returns
    -------
    RelationalContract
        Joint and punishment payoffs per state, and the verified simple equilibrium.

    Raises
    ------
    UnsupportedGameError
        Discount factors that differ across players.
    ConvergenceError
        ``max_iter`` rounds without settling.

    Examples
    --------
    >>> import contracts as ct
    >>> pd = ct.NormalFormGame.from_bimatrix([[2, -1], [3, 0]], [[2, 3], [-1, 0]])
    >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5))
    >>> rc = relational_contract(g)
    >>> float(rc.joint_payoff[0]), rc.equilibrium_actions[0], rc.verified
    (4.0, ('a1', 'b1'), True)
    """
    from ..games.stochastic import StochasticGame
    if not isinstance(game, StochasticGame):
        raise InvalidGameError(f"{_WHERE}: expected a StochasticGame, got {type(game).__name__}")
    delta = _common_discount(game, _WHERE)
    check_real(_WHERE, "tol", tol, low=0, low_open=True)
    if not isinstance(max_iter, (int, np.integer)) or isinstance(max_iter, bool) or max_iter < 1:
        raise InvalidParameterError(f"{_WHERE}: max_iter must be a positive integer, got "
                                    f"{max_iter!r}")
    n = game.n_players
    beta = np.array(_weights(bargaining_power, n, _WHERE), dtype=float)
    want_exact = game.exact if exact is None else bool(exact)
    cap = None
    if max_transfer is not None:
        caps = [max_transfer] * n if np.ndim(max_transfer) == 0 else list(max_transfer)
        if len(caps) != n:
            raise InvalidParameterError(f"{_WHERE}: max_transfer needs one value or {n} (one "
                                        f"per player), got {len(caps)}")
        cap = np.array([float(check_real(_WHERE, "max_transfer", c, low=0, allow_inf=True))
                        for c in caps])
        if exact:
            raise UnsupportedGameError(f"{_WHERE}: exact mode is not available with "
                                       "max_transfer; pass exact=False")
        want_exact = False
    rows = _Rows(game)
    scale = max(1.0, float(np.max(np.abs(rows.pay))))
    ftol = tol * scale
    try:
        sol = solve_values(rows, delta, ftol, max_iter)
        free = sol
        if cap is not None and sol["exists"]:
            sol = _capped(rows, delta, beta, cap, ftol, max_iter, sol)
    except _NoConvergence as exc:
        from ..exceptions import ConvergenceError
        raise ConvergenceError(f"{_WHERE}: {exc} (max_iter={max_iter})") from None
    if not sol["exists"]:
        return RelationalContract(
            game.states, game.players, delta, False, None, None, (), (), None, None, None, (),
            0.0, 0.0, False, False, True, sol["iterations"],
            message=(("no action profile is enforceable in state(s) " if cap is None else
                      "no simple equilibrium with capped payments (one-period punishments that "
                      "end with a capped fine) was found; the search ran out of profiles in "
                      "state(s) ")
                     + ", ".join(str(game.states[k]) for k in sol["empty"][:10])),
            extra={"max_transfer": None if cap is None else tuple(cap)}, game=game)
    if want_exact:
        if not game.exact:
            from ..exceptions import InvalidParameterError as _IPE
            raise _IPE(f"{_WHERE}: exact=True needs an exact game (Fraction data)")
        vals = _exact_plan(game, rows, sol, _weights(bargaining_power, n, _WHERE, exact=True))
        gain, resid, slack = vals["gain"], vals["residual"], vals["slack"]
        ok = gain == 0 and resid == 0
        binding_idx = [k for k in range(rows.S) if slack[k] == 0]
        disc = vals["discount"]
    else:
        base = sol.get("base")
        vals = plan(rows, delta, sol["U"], sol["v"], sol["pe"], sol["acts"], beta, base)
        gain, resid = verify(rows, delta, sol["U"], sol["v"], sol["pe"], sol["acts"],
                             vals["shares"], vals["z"], base, cap)
        if base is not None:        # the cap bases were built from these path payoffs
            resid = max(resid, float(np.max(np.abs(vals["z"] - sol["z"]))))
        ok = gain <= 10 * ftol and resid <= 1e-7 * scale
        slack = enforcement_slack(rows, delta, sol["U"], sol["v"])[sol["pe"]]
        binding_idx = np.flatnonzero(np.abs(slack) <= 1e3 * ftol).tolist()
        disc = delta
        vals = dict(vals, U=sol["U"], v=sol["v"])
    pe, acts = sol["pe"], sol["acts"]
    extra = {"rows": {"equilibrium": pe.copy(), "punishment": [a.copy() for a in acts]},
             "eliminated": sol["eliminated"], "bargaining_power": tuple(beta),
             "max_transfer": None if cap is None else tuple(cap)}
    if cap is not None:
        lost = free["U"] - sol["U"]
        extra["uncapped_joint_payoff"] = free["U"]
        extra["cap_binds"] = tuple(game.states[k] for k in np.flatnonzero(lost > 1e3 * ftol))
        extra["continuation_base"] = sol["base"]
    return RelationalContract(
        game.states, game.players, disc, True, vals["U"], vals["v"],
        rows.labels_of(pe), tuple(rows.labels_of(a) for a in acts),
        vals["shares"], vals["z"], slack, tuple(game.states[k] for k in binding_idx),
        gain, resid, bool(ok), want_exact, True, sol["iterations"],
        "verified simple equilibrium" if ok else "verification failed: see max_gain, residual",
        extra, game)


def solve_values(rows: _Rows, delta: float, ftol: float, max_iter: int) -> dict:
    """Policy elimination: ``U``, ``v`` (S, N), the path and punishment rows (also used by
    :mod:`contracts.stochastic.negotiation` for absorbing states)."""
    N, S = rows.N, rows.S
    adm = np.ones(rows.R, dtype=bool)
    pe, acts, brs = None, [None] * N, [None] * N
    v = np.zeros((S, N))
    eliminated = 0
    for it in range(1, max_iter + 1):
        U, pe, _ = _mdp(rows, rows.Pi, adm, delta, pe, ftol, max_iter)
        for i in range(N):
            v[:, i], acts[i], brs[i], _ = _punishment(
                rows, i, adm, v[:, i] if it > 1 else None, delta, acts[i], brs[i], ftol,
                max_iter)
        feas = enforcement_slack(rows, delta, U, v) >= -ftol
        if np.all(feas[np.concatenate([pe] + acts)]):
            return {"exists": True, "U": U, "v": v.copy(), "pe": pe, "acts": list(acts),
                    "brs": list(brs), "adm": adm, "iterations": it, "eliminated": eliminated}
        new = adm & feas
        eliminated += int(adm.sum() - new.sum())
        adm = new
        count = np.add.reduceat(adm.astype(np.int64), rows.starts)
        if np.any(count == 0):
            return {"exists": False, "empty": np.flatnonzero(count == 0).tolist(),
                    "iterations": it}
    raise _NoConvergence(f"policy elimination did not finish in {max_iter} rounds")


def enforcement_slack(rows: _Rows, delta, U, v) -> np.ndarray:
    """Per row: ``Û(a) - Σ_i c_i(a)``, non-negative iff the profile can be enforced."""
    total = 0
    for i in range(rows.N):
        total = total + rows.dev_max(i, (1 - delta) * rows.pay[:, i] + delta * rows.expect(v[:, i]))
    return (1 - delta) * rows.Pi + delta * rows.expect(U) - total


def _others(beta, i):
    """Weights for splitting slack among the players other than ``i``."""
    w = np.array(beta, dtype=object if np.asarray(beta).dtype == object else float)
    w[i] = 0
    if not w.sum() > 0:
        w = np.ones_like(w)
        w[i] = 0
    return w / w.sum() if w.sum() > 0 else np.eye(len(w))[i]


def plan(rows: _Rows, delta, U, v, pe, acts, beta, base=None) -> dict:
    """Shares ``λ^k(x)`` of future surplus for every phase and the path payoffs ``z``.

    After profile ``a = a^k(x)`` the continuation payoffs are ``w = b + λ (U - Σ b)`` with base
    ``b = v`` (capped transfers: ``b = max(v, z - (1-δ) L)``). Player j needs
    ``need_j = c_j(a) - (1-δ)π_j(a) - δ E b_j`` from next period's surplus
    ``D = δ E[U - Σ b]``; she gets it plus a part of the slack ``D - Σ need`` (on the path by
    ``β``; in phase i the punished player i gets none, so her payoff is exactly ``v_i``).
    Works on floats and on Fractions alike."""
    N, S = rows.N, rows.S
    base = v if base is None else base
    ex = np.asarray(U).dtype == object
    Ev = np.column_stack([rows.expect(v[:, j]) for j in range(N)])
    Eb = np.column_stack([rows.expect(base[:, j]) for j in range(N)])
    EG = rows.expect(U - base.sum(axis=1))
    dev = [rows.dev_max(j, (1 - delta) * rows.pay[:, j] + delta * Ev[:, j]) for j in range(N)]
    shares = np.zeros((N + 1, S, N), dtype=object if ex else float)
    for k, p in enumerate([pe] + list(acts)):
        D = delta * EG[p]
        need = np.column_stack([dev[j][p] - (1 - delta) * rows.pay[p, j] - delta * Eb[p, j]
                                for j in range(N)])
        need = np.maximum(need, 0)
        w = np.asarray(beta) if k == 0 else _others(beta, k - 1)
        tot = need.sum(axis=1)
        sh = need + np.maximum(D - tot, 0)[:, None] * w[None, :]
        short = (tot > D) & (tot > 0)   # not enforceable: share what there is (IC will fail)
        if np.any(short):
            sh[short] = need[short] * (D[short] / tot[short])[:, None]
        pos = D > 0
        safe = np.where(pos, D, 1)
        shares[k] = np.where(pos[:, None], sh / safe[:, None], w[None, :])
    z = np.column_stack([(1 - delta) * rows.pay[pe, j] + delta * Eb[pe, j]
                         + delta * shares[0, :, j] * EG[pe] for j in range(N)])
    return {"shares": shares, "z": z}


def verify(rows: _Rows, delta, U, v, pe, acts, shares, z, base=None, cap=None):
    """One-shot deviation check of the simple equilibrium with transfers.

    Returns ``(max_gain, residual)``: the largest gain from a one-shot deviation in actions (in
    any phase and state, followed by the deviator's punishment), from refusing a payment, or
    (capped transfers) the largest payment above the cap, in payoff units; and the largest gap
    between the stated values (``U``, ``v``, ``z``) and the values the stated strategy actually
    yields. Fractions in, Fractions out."""
    N = rows.N
    base = v if base is None else base
    gap = U - base.sum(axis=1)
    Ev = np.column_stack([rows.expect(v[:, j]) for j in range(N)])
    Eb = np.column_stack([rows.expect(base[:, j]) for j in range(N)])
    EG = rows.expect(gap)
    gain, resid = 0, 0
    for k, p in enumerate([pe] + list(acts)):
        for j in range(N):
            stay = (1 - delta) * rows.pay[p, j] + delta * (Eb[p, j] + shares[k, :, j] * EG[p])
            dev = rows.dev_max(j, (1 - delta) * rows.pay[:, j] + delta * Ev[:, j])[p]
            gain = max(gain, np.max(dev - stay))
            if k == 1 + j:                      # the punished player gets exactly v_j
                resid = max(resid, np.max(np.abs(stay - v[:, j])))
            if k == 0:
                resid = max(resid, np.max(np.abs(stay - z[:, j])))
        Tp = rows.T[p].tocoo()
        if Tp.nnz:
            w = base[Tp.col] + shares[k][Tp.row] * gap[Tp.col][:, None]
            # paying is voluntary: after paying, w_j(x, x') must be >= v_j(x')
            gain = max(gain, np.max(v[Tp.col] - w))
            if cap is not None:                 # nobody pays more than her cap
                gain = max(gain, np.max(z[Tp.col] - w - (1 - delta) * cap[None, :]))
        # the continuation payoffs add up to next period's joint payoff: Σ_j λ_j = 1
        resid = max(resid, np.max(np.abs(shares[k].sum(axis=1) - 1) * delta * np.abs(EG[p])))
    gain = max(gain, np.max(v - z))      # no first-period payment is refused either
    Upe = (1 - delta) * rows.Pi[pe] + delta * rows.expect(U)[pe]
    resid = max(resid, np.max(np.abs(Upe - U)))
    if np.asarray(U).dtype != object:
        gain, resid = float(gain), float(resid)
    return gain, resid


# ==============================================================================================
# capped transfers
# ==============================================================================================
def _capped(rows: _Rows, delta, beta, cap, ftol, max_iter, start) -> dict:
    """Simple stationary equilibria in which nobody pays more than ``cap`` per transfer stage.

    Starting from the uncapped solution: with path payoffs ``z``, a player can be made to pay at
    most down to ``b = max(v, z - (1-δ) L)``, so a profile is enforceable iff
    ``Σ_j max(c_j - (1-δ)π_j, δ E b_j) <= δ E U``, and a punished player keeps
    ``max(c_i, (1-δ)π_i + δ E b_i)``. Profiles failing this are dropped; ``U``, ``v`` and ``z``
    are recomputed; repeat until the plan is self-consistent."""
    N = rows.N
    adm = start["adm"].copy()
    U, v, pe, acts = start["U"], start["v"].copy(), start["pe"], list(start["acts"])
    z = plan(rows, delta, U, v, pe, acts, beta)["z"]
    for it in range(1, max_iter + 1):
        U, pe, _ = _mdp(rows, rows.Pi, adm, delta, pe if np.all(adm[pe]) else None, ftol,
                        max_iter)
        for _ in range(max_iter):            # path payoffs and punishments, jointly consistent
            for i in range(N):
                v[:, i], acts[i] = _capped_punishment(rows, i, adm, delta, v[:, i], z[:, i],
                                                      cap[i], ftol)
            base = np.maximum(v, z - (1 - delta) * cap[None, :])
            z_new = plan(rows, delta, U, v, pe, acts, beta, base)["z"]
            done = float(np.max(np.abs(z_new - z))) <= ftol
            z = z_new
            if done:
                break
        else:
            raise _NoConvergence("capped transfers: path payoffs did not settle")
        base = np.maximum(v, z - (1 - delta) * cap[None, :])
        feas = _capped_slack(rows, delta, U, v, base) >= -ftol
        used = np.concatenate([pe] + acts)
        if np.all(feas[used]):
            return {"exists": True, "U": U, "v": v, "pe": pe, "acts": acts, "adm": adm,
                    "iterations": it, "eliminated": int((~adm).sum()), "base": base, "z": z}
        # the capped problem is not monotone: drop only the profiles in use that fail
        adm = adm.copy()
        adm[used[~feas[used]]] = False
        count = np.add.reduceat(adm.astype(np.int64), rows.starts)
        if np.any(count == 0):
            return {"exists": False, "empty": np.flatnonzero(count == 0).tolist(),
                    "iterations": it}
    raise _NoConvergence(f"capped transfers: no self-consistent plan in {max_iter} rounds")


def _capped_slack(rows, delta, U, v, base):
    total = 0
    for j in range(rows.N):
        c = rows.dev_max(j, (1 - delta) * rows.pay[:, j] + delta * rows.expect(v[:, j]))
        total = total + np.maximum(c - (1 - delta) * rows.pay[:, j],
                                   delta * rows.expect(base[:, j]))
    return delta * rows.expect(U) - total


def _capped_punishment(rows, i, adm, delta, v0, z_i, cap_i, ftol):
    """``v_i(x) = min_{a admissible} max(c_i(a), (1-δ)π_i(a) + δ E max(v_i, z_i - (1-δ)L_i))``
    by value iteration (a contraction of modulus δ)."""
    pay = (1 - delta) * rows.pay[:, i]
    v = v0.copy()
    floor_z = z_i - (1 - delta) * cap_i
    stop = ftol * (1 - delta)
    for _ in range(1_000_000):
        c = rows.dev_max(i, pay + delta * rows.expect(v))
        keep = pay + delta * rows.expect(np.maximum(v, floor_z))
        m, arg = rows.state_max(-np.maximum(c, keep), adm)
        new = -m
        if np.max(np.abs(new - v)) <= stop:
            return new, arg
        v = new
    raise _NoConvergence("capped punishment values did not converge")  # pragma: no cover


def _exact_plan(game, rows: _Rows, sol: dict, beta) -> dict:
    """Re-evaluate the final plan in rational arithmetic and verify it exactly."""
    from ._core import exact_solve
    rx = rows.exact_view()
    delta = game.discount_exact[0]
    S, N = rows.S, rows.N

    def value(p, r):
        A = [{} for _ in range(S)]
        T = rows.T
        for s_, row in enumerate(p):
            A[s_][s_] = Fraction(1)
            for q in range(T.indptr[row], T.indptr[row + 1]):
                c = int(T.indices[q])
                A[s_][c] = A[s_].get(c, Fraction(0)) - delta * rx.Tx[q]
        return np.array(exact_solve(A, [(1 - delta) * r[row] for row in p]), dtype=object)

    U = value(sol["pe"], rx.Pi)
    v = np.empty((S, N), dtype=object)
    for i in range(N):
        v[:, i] = value(sol["brs"][i], rx.pay[:, i])
    beta = np.array(beta, dtype=object)
    out = plan(rx, delta, U, v, sol["pe"], sol["acts"], beta)
    gain, resid = verify(rx, delta, U, v, sol["pe"], sol["acts"], out["shares"], out["z"])
    slack = enforcement_slack(rx, delta, U, v)[sol["pe"]]
    return dict(out, U=U, v=v, gain=gain, residual=resid, slack=slack, discount=delta)

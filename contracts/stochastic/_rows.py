"""The stacked-row engine of the relational-contract solvers (transfers, negotiation).

Index structures over a :class:`~contracts.games.stochastic.StochasticGame`'s rows (one row per
state and pure action profile): maxima over one player's own actions with the others' fixed,
maxima per state over a subset of rows, expectations (floats or Fractions), policy evaluation
(sparse LU for small games; a warm-started fixed-point iteration for large ones, which suffers no
fill-in), policy iteration for MDPs over the rows, and Hoffman–Karp strategy iteration for the
lowest payoff a player can be held to.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

__all__ = ["NoConvergence", "Rows", "mdp", "punishment", "solve_policy"]


class Rows:
    """Precomputed index structures of a stochastic game's stacked rows."""

    def __init__(self, game):
        self.game = game
        self.S = game.n_states
        self.N = game.n_players
        self.R = game.n_rows
        self.pay = np.asarray(game.payoff_rows, dtype=float)
        self.Pi = self.pay.sum(axis=1)
        self.T = sp.csr_matrix(game.transition_rows)
        self.row_start = np.asarray(game.row_start, dtype=np.int64)
        self.starts = self.row_start[:-1]
        self.row_state = np.asarray(game.row_state)
        acts = np.asarray(game.row_actions)
        self.acts = acts
        self.labels = game.actions
        shapes = np.array([[len(a) for a in lab] for lab in self.labels], dtype=np.int64)
        self.shapes = shapes
        # stride of player i's action inside a state's block (C order)
        strides = np.ones_like(shapes)
        for i in range(self.N - 2, -1, -1):
            strides[:, i] = strides[:, i + 1] * shapes[:, i + 1]
        self.strides = strides
        self.arange = np.arange(self.R)
        self.key, self.perm, self.gstart, self.gid = [], [], [], []
        for i in range(self.N):
            key = self.arange - acts[:, i] * strides[self.row_state, i]
            perm = np.argsort(key, kind="stable")
            ks = key[perm]
            gstart = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
            gid = np.empty(self.R, dtype=np.int64)
            gid[perm] = np.cumsum(np.r_[True, ks[1:] != ks[:-1]]) - 1
            self.key.append(key)
            self.perm.append(perm)
            self.gstart.append(gstart)
            self.gid.append(gid)

    # -- reductions ------------------------------------------------------------------------------
    def dev_max(self, i: int, q: np.ndarray) -> np.ndarray:
        """For every row, the max of ``q`` over player i's own actions (others' fixed)."""
        g = np.maximum.reduceat(q[self.perm[i]], self.gstart[i])
        return g[self.gid[i]]

    def state_max(self, vals: np.ndarray, mask: np.ndarray | None = None):
        """Per state: max of ``vals`` over rows in ``mask`` and the first row attaining it."""
        x = vals if mask is None else np.where(mask, vals, -np.inf)
        m = np.maximum.reduceat(x, self.starts)
        cand = np.where(x >= m[self.row_state], self.arange, self.R)
        return m, np.minimum.reduceat(cand, self.starts)

    def expect(self, V: np.ndarray) -> np.ndarray:
        """``E[V(x') | row]`` for every row (Fractions when ``V`` holds Fractions)."""
        V = np.asarray(V)
        if V.dtype != object:
            return self.T @ V
        prod = self.Tx * V[self.T.indices]
        return np.add.reduceat(prod, self.T.indptr[:-1])

    def exact_view(self) -> Rows:
        """The same rows with Fraction payoffs and probabilities (exact games)."""
        ex = object.__new__(Rows)
        ex.__dict__.update(self.__dict__)
        ex.pay = np.asarray(self.game.payoff_rows_exact, dtype=object)
        ex.Pi = ex.pay.sum(axis=1)
        ex.Tx = np.asarray(self.game.transition_rows_exact, dtype=object)
        return ex

    def labels_of(self, rows) -> tuple:
        """Action labels of the given rows, one tuple per row."""
        rows = np.asarray(rows)
        st, ac = self.row_state[rows].tolist(), self.acts[rows].tolist()
        lab = self.labels
        return tuple(tuple(lab[s][i][a[i]] for i in range(self.N)) for s, a in zip(st, ac))


def solve_policy(rows: Rows, p: np.ndarray, r: np.ndarray, delta: float,
                  x0=None) -> np.ndarray:
    """Values of the stationary policy ``p`` (a row per state): ``V = (1-δ) r_p + δ T_p V``."""
    S = rows.S
    Tp = rows.T[p]
    b = (1 - delta) * r[p]
    if S <= 400:             # sparse LU (dense BLAS solves stall when threads are contended)
        return spla.spsolve((sp.identity(S, format="csr") - delta * Tp).tocsc(), b)
    # large games: GMRES on (I - δ T_p), warm-started from the previous policy's values (the
    # spectrum lies in the disc of radius δ around 1, so it converges in few products and,
    # unlike a sparse LU, suffers no fill-in when transitions connect distant states); the
    # fixed-point iteration V <- b + δ T_p V, then LU, as fallbacks
    A = sp.identity(S, format="csr") - delta * Tp
    scale = max(1.0, float(np.max(np.abs(b))))
    x0 = None if x0 is None else np.asarray(x0, dtype=float)
    x, info = spla.gmres(A, b, x0=x0, rtol=1e-14, atol=1e-13 * scale, restart=30,
                         maxiter=50)
    if info == 0 and float(np.max(np.abs(A @ x - b))) <= 1e-11 * scale:
        return x
    x = b.copy() if x0 is None else x0.copy()
    stop = 1e-13 * scale * (1 - delta) / delta
    for _ in range(20_000):
        nx = b + delta * (Tp @ x)
        if np.max(np.abs(nx - x)) <= stop:
            return nx
        x = nx
    return spla.spsolve(A.tocsc(), b)


def mdp(rows: Rows, r: np.ndarray, mask: np.ndarray, delta: float, p0, tol: float,
         max_iter: int):
    """Maximise ``(1-δ) Σ δ^t r`` over stationary policies choosing rows in ``mask``
    (policy iteration; a state switches only on a strict improvement). Returns (V, p, iters)."""
    if p0 is None or not np.all(mask[p0]):
        _, best = rows.state_max(r, mask)
        p = best if p0 is None else np.where(mask[p0], p0, best)
    else:
        p = p0
    V = None
    for it in range(1, max_iter + 1):
        V = solve_policy(rows, p, r, delta, V)
        Q = (1 - delta) * r + delta * rows.expect(V)
        m, arg = rows.state_max(Q, mask)
        better = m > Q[p] + tol * (1 + np.abs(m))
        if not better.any():
            return V, p, it
        p = np.where(better, arg, p)
    raise NoConvergence(f"policy iteration did not settle in {max_iter} rounds")


class NoConvergence(Exception):
    pass


def punishment(rows: Rows, i: int, adm: np.ndarray, cont_i: np.ndarray | None, delta: float,
                act0, br0, tol: float, max_iter: int):
    """Lowest payoff of player i: the others choose an admissible profile per state to minimise
    i's best-reply value, i best-responds (Hoffman–Karp strategy iteration: the minimiser
    switches on strict improvement, the maximiser's MDP is solved by policy iteration).
    Returns (v_i, punishment rows, best-reply rows, iterations)."""
    pay_i = rows.pay[:, i]
    if cont_i is None:
        cont_i = np.zeros(rows.S)
    cheat = rows.dev_max(i, (1 - delta) * pay_i + delta * rows.expect(cont_i))
    _, best = rows.state_max(-cheat, adm)
    act = best if act0 is None else np.where(adm[act0], act0, best)
    br = br0
    total = 0
    for _ in range(max_iter):
        mask = rows.key[i] == rows.key[i][act[rows.row_state]]
        v, br, k = mdp(rows, pay_i, mask, delta,
                        br if br is not None and np.all(mask[br]) else None, tol, max_iter)
        total += k
        cheat = rows.dev_max(i, (1 - delta) * pay_i + delta * rows.expect(v))
        m, arg = rows.state_max(-cheat, adm)
        better = -m < cheat[act] - tol * (1 + np.abs(m))
        if not better.any():
            return v, act, br, total
        act = np.where(better, arg, act)
    raise NoConvergence(f"punishment iteration for player {i} did not settle")



"""Payoff-tensor contractions of an N-player game at one mixed profile (shared numerics).

Both the logit QRE tracer (:mod:`contracts.bounded.qre`) and the support polisher of
:mod:`contracts.equilibrium.nplayer` need, at a profile ``p``, every player's payoff of each
action (``action_payoffs``) and the matrices ``D[i][k]`` of i's payoff of each of its actions
against each action of ``k`` with the others at ``p`` (``cross``: the blocks of the Jacobian).
Each is one matrix product against a precomputed reshaping of the payoff tensor, so the cost per
call is a few BLAS calls whatever the number of players.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PayoffContractions"]


class PayoffContractions:
    """Precomputed reshapings of a float game's payoffs for fast contractions.

    Attributes
    ----------
    n : tuple of int
        Number of actions of each player.
    N : int
        Number of players.
    own : list of numpy.ndarray
        Each player's payoffs with the player's own action on axis 0.
    payoff_range : float
        Largest minus smallest payoff (positive).
    """

    def __init__(self, game):
        g = game.as_float() if game.is_exact else game
        self.n = tuple(int(k) for k in g.num_actions)
        self.N = len(self.n)
        self.own = [np.ascontiguousarray(g.own_axis_payoffs(i), dtype=np.float64)
                    for i in range(self.N)]
        lo = min(float(np.min(a)) for a in self.own)
        hi = max(float(np.max(a)) for a in self.own)
        self.payoff_range = max(hi - lo, 1e-300)
        N, n = self.N, self.n
        full = [np.moveaxis(self.own[i], 0, i) for i in range(N)]   # axes in player order
        # _flat[i]: (n_i, prod of others) with others in player order
        self._flat = [self.own[i].reshape(n[i], -1) for i in range(N)]
        # _pair[i, k]: (n_i * n_k, prod of the rest), the rest in player order
        self._pair = {}
        self._rest = {}
        for i in range(N):
            for k in range(N):
                if k != i:
                    rest = tuple(l for l in range(N) if l not in (i, k))
                    t = np.transpose(full[i], [i, k] + list(rest))
                    self._pair[i, k] = np.ascontiguousarray(t.reshape(n[i] * n[k], -1))
                    self._rest[i, k] = rest

    @staticmethod
    def _outer(p, players):
        w = p[players[0]]
        for l in players[1:]:
            w = np.multiply.outer(w, p[l]).ravel()
        return w

    def action_payoffs(self, p):
        """``u[i][j]``: expected payoff of action j of player i, the others playing ``p``."""
        N = self.N
        if N == 1:
            return [self.own[0]]
        return [self._flat[i] @ self._outer(p, [l for l in range(N) if l != i])
                for i in range(N)]

    def cross(self, p):
        """``D[i][k]`` (shape (n_i, n_k)): i's payoff of each own action against each action
        of ``k``, the other players at ``p``; one dict per player, keyed by ``k != i``."""
        N, n = self.N, self.n
        out = [dict() for _ in range(N)]
        cache = {}
        for (i, k), T in self._pair.items():
            rest = self._rest[i, k]
            if not rest:
                out[i][k] = T.reshape(n[i], n[k])
                continue
            w = cache.get(rest)
            if w is None:
                w = cache[rest] = self._outer(p, rest)
            out[i][k] = (T @ w).reshape(n[i], n[k])
        return out

    def _build_big(self):
        """One matrix mapping the stacked outer products of every "rest" of players to all
        blocks ``D[i][k]`` at once, and the flat positions of those blocks in an (M, M) array
        (None when the game is too large for the dense form)."""
        n, N = self.n, self.N
        offs = np.concatenate([[0], np.cumsum(n)]).astype(int)
        M = int(offs[-1])
        rests = sorted(set(self._rest.values()))
        rsize = {r: int(np.prod([n[l] for l in r])) for r in rests}
        roff, c = {}, 0
        for r in rests:
            roff[r], c = c, c + rsize[r]
        rows = sum(n[i] * n[k] for (i, k) in self._pair)
        if rows * c > 2_000_000 or N < 3:
            self._big = None
            return
        big = np.zeros((rows, c))
        dest = np.empty(rows, dtype=np.intp)
        r0 = 0
        for (i, k), T in self._pair.items():
            rest = self._rest[i, k]
            h = n[i] * n[k]
            big[r0:r0 + h, roff[rest]:roff[rest] + rsize[rest]] = T
            a, b = np.divmod(np.arange(h), n[k])
            dest[r0:r0 + h] = (offs[i] + a) * M + offs[k] + b
            r0 += h
        self._big = (big, dest, rests)

    def cross_operator(self):
        """``(big, dest, rests)`` with every block ``D[i][k]`` at once: ``big @ w`` written at
        the flat positions ``dest`` of an (M, M) array, ``w`` the outer products of the strategies
        of each tuple of players in ``rests``, side by side; None for fewer than three players or
        a game too large for the dense form."""
        if not hasattr(self, "_big"):
            self._build_big()
        return self._big

    def _build_kron(self):
        """``G`` of shape (M, M**(N-1)) with ``G @ (x ⊗ ... ⊗ x)`` every action's payoff at
        the flat profile ``x`` (player i's block holds i's payoffs at the others' positions in
        player order); None when the game is too large for the dense form."""
        n, N = self.n, self.N
        offs = np.concatenate([[0], np.cumsum(n)]).astype(int)
        M = int(offs[-1])
        if N < 2 or M ** N > 400_000:
            self._kron = None
            return
        G = np.zeros((M,) * N)
        for i in range(N):
            blocks = [range(offs[i], offs[i + 1])] + [range(offs[l], offs[l + 1])
                                                       for l in range(N) if l != i]
            G[np.ix_(*blocks)] = self.own[i]
        self._kron = G.reshape(M, -1)

    def all_payoffs(self, x):
        """Every action's payoff at the flat profile ``x`` (players' blocks side by side), as
        one flat array: a single product for small games."""
        if not hasattr(self, "_kron"):
            self._build_kron()
        if self._kron is None:
            offs = np.concatenate([[0], np.cumsum(self.n)]).astype(int)
            return np.concatenate(self.action_payoffs(
                [x[offs[i]:offs[i + 1]] for i in range(self.N)]))
        w = x
        for _ in range(self.N - 2):
            w = np.multiply.outer(w, x).ravel()
        return self._kron @ w

    def cross_matrix(self, p, out):
        """Write every ``D[i][k]`` into the (M, M) array ``out`` (block (i, k); the diagonal
        blocks are left untouched) and return it."""
        if not hasattr(self, "_big"):
            self._build_big()
        if self._big is not None:
            big, dest, rests = self._big
            w = np.concatenate([self._outer(p, r) for r in rests])
            out.flat[dest] = big @ w
            return out
        n = self.n
        offs = np.concatenate([[0], np.cumsum(n)])
        cache = {}
        for (i, k), T in self._pair.items():
            rest = self._rest[i, k]
            blk = out[offs[i]:offs[i + 1], offs[k]:offs[k + 1]]
            if not rest:
                blk[...] = T.reshape(n[i], n[k])
                continue
            w = cache.get(rest)
            if w is None:
                w = cache[rest] = self._outer(p, rest)
            blk[...] = (T @ w).reshape(n[i], n[k])
        return out

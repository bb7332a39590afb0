"""The logit QRE equations of an N-player game and their Jacobian, in log-probabilities.

The unknown is ``z = (y_1, ..., y_N, lam)`` with ``y_i = log p_i``; the equations are
``sum exp(y_i) - 1 = 0`` and ``y_ij - y_i0 - lam * (u_ij - u_i0) = 0`` (McKelvey & Palfrey 1995).
Used by the branch tracer (:mod:`contracts.bounded._logit_trace`) and the public functions of
:mod:`contracts.bounded.qre`.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.linalg.lapack import dgesv as _gesv

from .._contractions import PayoffContractions
from ..exceptions import ConvergenceError, InvalidGameError

__all__: list[str] = []


class _LogitSystem:
    """The logit QRE equations of a game in log-probability coordinates.

    The unknown is ``z = (y_1, ..., y_N, lam)`` with ``y_i = log p_i``. For player ``i`` (offset
    ``o``) row ``o`` is ``sum exp(y_i) - 1`` and rows ``o + j`` (``j >= 1``) are
    ``y_ij - y_i0 - lam * (u_ij - u_i0)``.
    """

    def __init__(self, game):
        if game.num_players < 1:
            raise InvalidGameError("logit_branch: the game has no players")
        g = game.as_float() if game.is_exact else game
        self.game = game
        self.n = tuple(int(k) for k in g.num_actions)
        self.N = len(self.n)
        self.offsets = (0,) + tuple(itertools.accumulate(self.n))[:-1]
        self.M = int(sum(self.n))
        self._g = g
        self.own = [np.ascontiguousarray(g.own_axis_payoffs(i), dtype=np.float64)
                    for i in range(self.N)]
        self.two = self.N == 2
        if self.two:
            A = self.own[0]                      # (n1, n2)
            BT = self.own[1]                     # (n2, n1)
            self.A = A
            self.BT = BT
            self.Ad = A[1:] - A[0]               # (n1-1, n2)
            self.Bd = BT[1:] - BT[0]             # (n2-1, n1)
        self.slices = [slice(o, o + k) for o, k in zip(self.offsets, self.n)]
        # constant part of the Jacobian: +1 on y_ij, -1 on y_i0 for the difference rows
        J0 = np.zeros((self.M, self.M + 1))
        for o, k in zip(self.offsets, self.n):
            for j in range(1, k):
                J0[o + j, o + j] = 1.0
                J0[o + j, o] = -1.0
        self.J0 = J0
        # row r belongs to a player whose first row is base[r]
        self.base = np.repeat(np.asarray(self.offsets), self.n)
        self.firsts = np.asarray(self.offsets)
        self._cols = np.arange(self.M)
        self._C = np.zeros((self.M, self.M))
        self._J0y = np.ascontiguousarray(J0[:, :-1])
        self._inv = 1.0 / max(self.N - 1, 1)
        self._dop = self._difference_operator() if self.N >= 3 else None
        self._fused = self._build_fused()
        lo = min(float(a.min()) for a in self.own)
        hi = max(float(a.max()) for a in self.own)
        self.payoff_range = max(hi - lo, 1e-300)

    @property
    def pc(self):
        """The game's :class:`PayoffContractions` (made on first use: the tracer of small
        games needs only the difference operator)."""
        pc = self.__dict__.get("_pc")
        if pc is None:
            pc = self._pc = PayoffContractions(self._g)
        return pc

    def _difference_operator(self):
        """``Q`` with ``(Q @ w).reshape(M, M) = C - C[base]``: the cross-payoff matrix ``C``
        (block (i, k) = D[i][k]) minus, in each row, the row of the player's first action, from
        the products ``w`` of :meth:`_products` (None when too large). Row ``r`` of
        ``(C - C[base]) @ p / (N - 1)`` is ``u_r - u_first``, and its entries times ``p`` are
        the Jacobian of those differences in log-probabilities."""
        M, N = self.M, self.N
        self._kron = M ** N <= 4_000_000
        if self._kron:
            # w = p (x) ... (x) p (N - 2 factors): C[r, c] = F[r, c] . w with F[r, c, m...] i's
            # payoff of r's action against c's action (player k), the other players' actions
            # at the flat positions m (in player order); zero where m is not such a profile
            blocks = self.slices
            F = np.zeros((M,) * N)
            for i in range(N):
                others = [l for l in range(N) if l != i]
                for pos, k in enumerate(others):
                    # own[i] axes: i's action, then the others in player order; k's to axis 1
                    perm = [0, pos + 1] + [a for a in range(1, N) if a != pos + 1]
                    F[(blocks[i], blocks[k]) + tuple(blocks[l] for l in others if l != k)] = \
                        self.own[i].transpose(perm)
            return np.ascontiguousarray((F - F[self.base]).reshape(M * M, -1))
        op = self.pc.cross_operator()
        if op is None:
            return None
        big, dest, rests = op
        full = np.zeros((M * M, big.shape[1]))
        full[dest] = big
        F = full.reshape(M, M, -1)
        Q = (F - F[self.base]).reshape(M * M, -1)
        self._rests = [tuple(r) for r in rests]
        return np.ascontiguousarray(Q)

    def _build_fused(self):
        """Buffers for :meth:`H` and :meth:`HJ_into` as a few whole-array products (games of
        two players, or small enough for the Kronecker operator; None otherwise).

        The residual is ``A @ v`` with ``v = (y, lam, 1, p, lam * p (x) w)``, ``w`` the
        products of :meth:`_products` (absent for two players): the difference rows of ``A``
        hold ``y_ij - y_i0`` and ``-(u_ij - u_i0) / (N - 1)`` as a bilinear form, the first
        row of each player sums its probabilities and subtracts 1. ``D`` (the matrix with
        ``D @ p / (N - 1)`` the payoff differences of every row, a constant for two players)
        gives the Jacobian."""
        M = self.M
        if self.two:
            D = np.zeros((M, M))
            n1 = self.n[0]
            D[1:n1, n1:] = self.Ad
            D[n1 + 1:, :n1] = self.Bd
            Q2, K = D, 1
            self._Dn = -D
        elif self._dop is not None and self._kron and M ** self.N <= 1_000_000:
            K = M ** (self.N - 2)
            Q2 = self._dop.reshape(M, M * K)       # row r, column c * K + k
            # -D / (N - 1) at once: (M, M, K) against the products w
            self._dopn = (-self._inv) * self._dop.reshape(M, M, K)
        else:
            return None
        S = np.zeros((M, M))
        for o, k in zip(self.offsets, self.n):
            S[o, o:o + k] = 1.0
        ones = np.zeros((M, 1))
        ones[self.firsts, 0] = -1.0
        A = np.concatenate([self._J0y, np.zeros((M, 1)), ones, S, -self._inv * Q2], axis=1)
        v = np.zeros(A.shape[1])
        v[M + 1] = 1.0
        # views into v, made once: (y, lam), y, p, p as a column, lam * p (x) w as (M, K), and
        # the part (y, lam, 1, p) on which the residual depends linearly
        self._vz, self._vy = v[:M + 1], v[:M]
        self._vp = v[M + 2:2 * M + 2]
        self._vpcol = self._vp.reshape(M, 1)
        self._vk = v[2 * M + 2:].reshape(M, K)
        self._A, self._v = A, v
        self._Alin, self._vlin = np.ascontiguousarray(A[:, :2 * M + 2]), v[:2 * M + 2]
        self._Jbuf = None
        return True

    def _fill(self, z):
        """Write ``z`` and the products it implies into the buffer ``v``; return ``lam * p``."""
        self._vz[...] = z
        pv = self._vp
        np.exp(self._vy, out=pv)
        lpv = pv * z[-1]
        if self.two:
            self._vk[:, 0] = lpv
            return lpv
        if self.N == 3:
            np.multiply(self._vpcol, lpv, out=self._vk)
            return lpv
        w = pv
        for _ in range(self.N - 3):
            w = np.multiply.outer(w, pv).ravel()
        np.multiply(self._vpcol, w * z[-1], out=self._vk)
        return lpv

    def _products(self, pv):
        """The strategy products ``w`` the difference operator acts on: the Kronecker power
        ``pv (x) ... (x) pv`` (``pv`` itself for three players), or each rest's products."""
        if self._kron:
            w = pv
            for _ in range(self.N - 3):
                w = np.multiply.outer(w, pv).ravel()
            return w
        parts = []
        for r in self._rests:
            w = pv[self.slices[r[0]]]
            for l in r[1:]:
                w = np.multiply.outer(w, pv[self.slices[l]]).ravel()
            parts.append(w)
        return np.concatenate(parts)

    # -- payoffs -----------------------------------------------------------------------------
    def split(self, y):
        return [y[s] for s in self.slices]

    def cross(self, p):
        """``D[i][k]`` = expected payoff of each action of i against each action of k
        (others at ``p``): matrices of shape (n_i, n_k), for k != i."""
        if self.two:
            return [{1: self.A}, {0: self.BT}]
        return self.pc.cross(p)

    def action_payoffs(self, p):
        if self.two:
            return [self.A @ p[1], self.BT @ p[0]]
        return self.pc.action_payoffs(p)

    # -- the system --------------------------------------------------------------------------
    def H(self, z):
        if self._fused is not None:
            self._fill(z)
            return self._A.dot(self._v)
        lam = z[-1]
        y = z[:-1]
        if self._dop is not None:
            pv = np.exp(y)
            D = self._dop.dot(self._products(pv)).reshape(self.M, self.M)
            out = (y - y[self.base]) - (lam * self._inv) * D.dot(pv)
            out[self.firsts] = np.add.reduceat(pv, self.firsts) - 1.0
            return out
        if self.N >= 3:
            pv = np.exp(y)
            uu = self.pc.all_payoffs(pv)
            b = self.base
            out = (y - y[b]) - lam * (uu - uu[b])
            out[self.firsts] = np.add.reduceat(pv, self.firsts) - 1.0
            return out
        ys = self.split(y)
        p = [np.exp(v) for v in ys]
        out = np.empty(self.M)
        if self.two:
            o1 = self.n[0]
            y1, y2 = ys
            out[0] = p[0].sum() - 1.0
            out[1:o1] = (y1[1:] - y1[0]) - lam * (self.Ad @ p[1])
            out[o1] = p[1].sum() - 1.0
            out[o1 + 1:] = (y2[1:] - y2[0]) - lam * (self.Bd @ p[0])
            return out
        u = self.action_payoffs(p)
        for i, (o, k) in enumerate(zip(self.offsets, self.n)):
            out[o] = p[i].sum() - 1.0
            out[o + 1:o + k] = (ys[i][1:] - ys[i][0]) - lam * (u[i][1:] - u[i][0])
        return out

    def HJ(self, z):
        """Residual and Jacobian (M x (M+1)) at ``z``."""
        lam = z[-1]
        y = z[:-1]
        if self.N >= 3:
            # C[rows of i, cols of k] = D[i][k]; C @ p = (N - 1) * payoffs of every action
            J = self.J0.copy()
            pv = np.exp(y)
            C = self.pc.cross_matrix([pv[sl] for sl in self.slices], self._C)
            b = self.base
            uu = (C @ pv) / (self.N - 1)
            g = uu - uu[b]
            out = (y - y[b]) - lam * g
            out[self.firsts] = np.add.reduceat(pv, self.firsts) - 1.0
            J[:, :-1] += (-lam) * ((C - C[b]) * pv)
            J[b, self._cols] = pv       # first row of each player: derivative of sum p - 1
            J[:, -1] = -g
            return out, J
        ys = self.split(y)
        p = [np.exp(v) for v in ys]
        out = np.empty(self.M)
        J = self.J0.copy()
        if self.two:
            n1 = self.n[0]
            y1, y2 = ys
            g1 = self.Ad @ p[1]
            g2 = self.Bd @ p[0]
            out[0] = p[0].sum() - 1.0
            out[1:n1] = (y1[1:] - y1[0]) - lam * g1
            out[n1] = p[1].sum() - 1.0
            out[n1 + 1:] = (y2[1:] - y2[0]) - lam * g2
            J[0, :n1] = p[0]
            J[n1, n1:self.M] = p[1]
            J[1:n1, n1:self.M] = (-lam) * (self.Ad * p[1])
            J[n1 + 1:self.M, :n1] = (-lam) * (self.Bd * p[0])
            J[1:n1, -1] = -g1
            J[n1 + 1:self.M, -1] = -g2
            return out, J
        D = self.cross(p)
        for i, (o, k) in enumerate(zip(self.offsets, self.n)):
            out[o] = p[i].sum() - 1.0
            J[o, o:o + k] = p[i]
            if self.N == 1:
                u = self.own[0]
            else:
                kk = next(iter(D[i]))
                u = D[i][kk] @ p[kk]
            g = u[1:] - u[0]
            out[o + 1:o + k] = (ys[i][1:] - ys[i][0]) - lam * g
            J[o + 1:o + k, -1] = -g
            for m, Dm in D[i].items():
                om, km = self.offsets[m], self.n[m]
                J[o + 1:o + k, om:om + km] = (-lam) * ((Dm[1:] - Dm[0]) * p[m])
        return out, J

    def HJ_into(self, z, J):
        """Residual at ``z``, writing the Jacobian into ``J`` (an (M, M+1) array, e.g. the top
        rows of the tracer's augmented matrix): :meth:`HJ` without temporaries."""
        if self._fused is not None:
            if J is not self._Jbuf:                  # the tracer passes the same buffer
                self._Jbuf, self._Jy, self._Jl = J, J[:, :-1], J[:, -1]
            self._vz[...] = z
            pv = self._vp
            np.exp(self._vy, out=pv)
            lam = float(z[-1])
            Dn = self._Dn if self.two else self._dopn.dot(self._products(pv))   # -D / (N - 1)
            Jl, Jy = self._Jl, self._Jy
            np.dot(Dn, pv, out=Jl)                           # -(u_r - u_first) per row
            out = self._Alin.dot(self._vlin)
            out += lam * Jl
            np.multiply(Dn, pv * (lam * (self.N - 1)), out=Jy)
            Jy += self._J0y
            Jy[self.base, self._cols] = pv   # first row of each player: derivative of sum p - 1
            return out
        if self._dop is None:
            out, Jt = self.HJ(z)
            J[...] = Jt
            return out
        lam = z[-1]
        y = z[:-1]
        pv = np.exp(y)
        D = self._dop.dot(self._products(pv)).reshape(self.M, self.M)
        g = D.dot(pv) * self._inv                  # u_r - u_first of every row
        out = (y - y[self.base]) - lam * g
        out[self.firsts] = np.add.reduceat(pv, self.firsts) - 1.0
        Jy = J[:, :-1]
        np.multiply(D, (-lam) * pv, out=Jy)
        Jy += self._J0y
        Jy[self.base, self._cols] = pv   # first row of each player: derivative of sum p - 1
        np.negative(g, out=J[:, -1])
        return out

    def start(self):
        y = np.concatenate([np.full(k, -math.log(k)) for k in self.n])
        return np.concatenate([y, [0.0]])

    def profile(self, y):
        return tuple(np.exp(v) for v in self.split(y))

    def regret(self, y):
        p = self.profile(y)
        u = self.action_payoffs(p)
        return max(float(np.max(ui) - ui @ pi) for ui, pi in zip(u, p))

    # -- corrector at fixed lam --------------------------------------------------------------
    def solve_at(self, lam, y0, *, tol=1e-13, max_iter=60):
        """Newton's method for H(y, lam) = 0 at fixed ``lam`` from ``y0``."""
        z = np.concatenate([np.asarray(y0, dtype=float), [lam]])
        last = np.inf
        # the fused residual and Jacobian into one buffer, solved in place by LAPACK
        J = np.empty((self.M, self.M + 1), order="F") if self._fused is not None else None
        for _ in range(max_iter):
            if J is not None:
                h = self.HJ_into(z, J)
                step, info = _gesv(J[:, :-1], h, overwrite_a=1, overwrite_b=1)[2:]
                if info != 0:
                    J = None                      # singular: least squares from here on
            if J is None:
                h, Jt = self.HJ(z)
                try:
                    step = np.linalg.solve(Jt[:, :-1], h)
                except np.linalg.LinAlgError:
                    step = np.linalg.lstsq(Jt[:, :-1], h, rcond=None)[0]
            z[:-1] -= step
            size = float(np.max(np.abs(step)))
            if size <= tol * (1.0 + lam) or (size >= last and size <= 1e-9 * (1.0 + lam)):
                break
            last = size
        h = self.H(z)
        if not np.all(np.isfinite(z)) or float(np.max(np.abs(h))) > 1e-7 * (1.0 + lam):
            raise ConvergenceError(
                f"logit_qre: Newton's method did not converge at lam={lam!r} "
                f"(residual {float(np.max(np.abs(h))):.3g})")
        return z[:-1]

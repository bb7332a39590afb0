"""The logit Markov QRE equations of a stochastic game, their sparse Jacobian, the path tracer
and the polish on supports (private machinery of :mod:`contracts.stochastic.markov_qre`).

Unknowns ``z = (y, c, V, lam)``: ``y`` the log-probabilities laid out like the flat policy of
:mod:`._core` (block ``(s, i)`` at ``action_offsets[s, i]``), ``c[s, i]`` the log-normaliser of
block ``(s, i)``, ``V[s, i]`` the normalised values, ``lam`` the precision. Equations:

* logit:  ``y_g - lam * Q_g(p, V) - c_{s,i} = 0`` for every action slot ``g = (s, i, a)``,
  where ``Q_g = sum_rows pi_{-i}(row) [(1 - δ_i) u_i(row) + δ_i P(row) · V_i]`` over the rows
  of state ``s`` in which ``i`` plays ``a`` and ``pi_{-i}`` is the others' probability;
* simplex: ``sum_a exp(y_{s,i,a}) - 1 = 0``;
* values: ``V_i(s) - sum_rows pi(row) [(1 - δ_i) u_i(row) + δ_i P(row) · V_i] = 0``.

Each row of the Jacobian touches one state's rows only, so it is assembled from triplets
vectorised over the game's rows and transition nonzeros, in a sparsity pattern fixed once. The
tracer is the predictor–corrector continuation in arc length used by
:mod:`contracts.bounded.qre` (Allgower & Georg 1990), with sparse LU factorisations.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.linalg
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from .._continuation import newton_corrector
from ..exceptions import ConvergenceError
from ._core import action_offsets, action_slots



def _norm_max(delta: np.ndarray) -> float:
    return float(np.max(np.abs(delta)))
_CHORD = True     # corrector reuses the factors of the tangent system (one LU per step)


def _others_product(P):
    """``out[:, i]`` = product of the columns of ``P`` other than ``i`` (no division)."""
    N = P.shape[1]
    if N == 1:
        return np.ones_like(P)
    if N == 2:
        return P[:, ::-1].copy()
    pre = np.ones_like(P)
    suf = np.ones_like(P)
    for i in range(1, N):
        pre[:, i] = pre[:, i - 1] * P[:, i - 1]
        suf[:, N - 1 - i] = suf[:, N - i] * P[:, N - i]
    return pre * suf


class MarkovLogitSystem:
    """The equations ``H(z) = 0`` of the logit Markov QRE of ``game`` (floats)."""

    def __init__(self, game):
        S, N = game.n_states, game.n_players
        self.game, self.S, self.N = game, S, N
        off = action_offsets(game)
        self.starts = np.asarray(off[:, :-1].ravel(), dtype=np.int64)       # block starts
        self.M = M = int(off[-1, -1])
        self.SN = SN = S * N
        self.nz = M + 2 * SN + 1
        sizes = np.diff(np.append(self.starts, M))
        self.block = np.repeat(np.arange(SN), sizes)                       # slot -> (s, i)
        self.slots = np.asarray(action_slots(game), dtype=np.int64)       # (n_rows, N)
        self.rs = np.asarray(game.row_state, dtype=np.int64)
        d = np.asarray(game.discount, dtype=float)
        self.d = d
        U = np.asarray(game.payoff_rows, dtype=float)
        self.W0 = (1.0 - d) * U
        lo, hi = U.min(), U.max()
        self.scale = max(float(hi - lo), 1e-300)
        T = game.transition_rows.tocoo()
        self.T = game.transition_rows.tocsr()
        self.tr, self.tc, self.tv = (np.asarray(T.row, dtype=np.int64),
                                     np.asarray(T.col, dtype=np.int64), np.asarray(T.data))
        self._pattern()

    # -- fixed sparsity pattern ------------------------------------------------------------------
    def _pattern(self):
        M, SN, N = self.M, self.SN, self.N
        g = np.arange(M)
        lamc = self.nz - 1
        R, C = [], []
        R += [g, g, g, M + self.block]                 # d logit/dy, d logit/dc, d logit/dlam, d sum/dy
        C += [g, M + self.block, np.full(M, lamc), g]
        for i in range(N):
            for j in range(N):
                if j != i:                             # d logit_(i) / d y_(j)
                    R.append(self.slots[:, i])
                    C.append(self.slots[:, j])
            R.append(self.slots[self.tr, i])           # d logit_(i) / d V_i
            C.append(M + SN + self.tc * N + i)
        vrow = M + SN + self.rs * N
        for i in range(N):
            for j in range(N):                         # d value_(i) / d y_(j)
                R.append(vrow + i)
                C.append(self.slots[:, j])
            R.append(M + SN + self.rs[self.tr] * N + i)   # d value_(i) / d V_i
            C.append(M + SN + self.tc * N + i)
        q = np.arange(SN)
        R.append(M + SN + q)
        C.append(M + SN + q)
        R = np.concatenate(R)
        C = np.concatenate(C)
        key = R * self.nz + C
        uniq, inv = np.unique(key, return_inverse=True)
        self._inv = inv
        self._nnz = len(uniq)
        rows = uniq // self.nz
        self._indices = (uniq % self.nz).astype(np.int32)
        self._indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=self.nz - 1))]
                                      ).astype(np.int32)

    # -- pieces ----------------------------------------------------------------------------------
    def split(self, z):
        M, SN = self.M, self.SN
        return z[:M], z[M:M + SN], z[M + SN:M + 2 * SN].reshape(self.S, self.N), z[-1]

    def _common(self, z):
        y, c, V, lam = self.split(z)
        p = np.exp(y)
        P = p[self.slots]                                          # (n_rows, N)
        N = self.N
        pim = _others_product(P)
        pi = pim[:, 0] * P[:, 0]
        w = self.W0 + self.d * (self.T @ V)                       # (n_rows, N)
        Q = np.zeros(self.M)
        for i in range(N):
            Q += np.bincount(self.slots[:, i], weights=pim[:, i] * w[:, i], minlength=self.M)
        return y, c, V, lam, p, pim, pi, w, Q

    def action_values(self, z):
        """``Q`` (flat) and ``V`` at ``z``."""
        _, _, V, _, _, _, _, _, Q = self._common(z)
        return Q, V

    def H(self, z):
        y, c, V, lam, p, _, pi, w, Q = self._common(z)
        M, SN = self.M, self.SN
        out = np.empty(M + 2 * SN)
        out[:M] = y - lam * Q - c[self.block]
        out[M:M + SN] = np.bincount(self.block, weights=p, minlength=SN) - 1.0
        Vexp = np.zeros(SN)
        for i in range(self.N):
            Vexp += np.bincount(self.rs * self.N + i, weights=pi * w[:, i], minlength=SN)
        out[M + SN:] = V.ravel() - Vexp
        return out

    def HJ(self, z):
        """Residual and sparse Jacobian ``(nz - 1) x nz`` (CSR)."""
        y, c, V, lam, p, pim, pi, w, Q = self._common(z)
        M, SN, N, d = self.M, self.SN, self.N, self.d
        out = np.empty(M + 2 * SN)
        out[:M] = y - lam * Q - c[self.block]
        out[M:M + SN] = np.bincount(self.block, weights=p, minlength=SN) - 1.0
        Vexp = np.zeros(SN)
        for i in range(N):
            Vexp += np.bincount(self.rs * N + i, weights=pi * w[:, i], minlength=SN)
        out[M + SN:] = V.ravel() - Vexp
        vals = [np.ones(M), -np.ones(M), -Q, p]
        for i in range(N):
            for j in range(N):
                if j != i:
                    vals.append(-lam * pim[:, i] * w[:, i])
            vals.append(-lam * d[i] * pim[self.tr, i] * self.tv)
        for i in range(N):
            for j in range(N):
                vals.append(-pi * w[:, i])
            vals.append(-d[i] * pi[self.tr] * self.tv)
        vals.append(np.ones(SN))
        data = np.bincount(self._inv, weights=np.concatenate(vals), minlength=self._nnz)
        J = sp.csr_matrix((data, self._indices, self._indptr), shape=(self.nz - 1, self.nz))
        return out, J

    def start(self):
        """The point at ``lam = 0``: uniform play and its values."""
        from ._core import policy_values, uniform_policy
        sizes = np.diff(np.append(self.starts, self.M))
        y = -np.log(np.repeat(sizes, sizes).astype(float))
        c = -np.log(sizes.astype(float))
        V = np.asarray(policy_values(self.game, uniform_policy(self.game, exact=False),
                                     exact=False), dtype=float)
        return np.concatenate([y, c, V.ravel(), [0.0]])

    def gain(self, z):
        """Largest one-shot deviation gain of the profile at ``z`` (values from ``z``)."""
        Q, V = self.action_values(z)
        best = np.maximum.reduceat(Q, self.starts)
        return float(np.max(best - V.ravel()))

    def flat(self, z):
        return np.exp(z[:self.M])

    # -- Newton at fixed lam -----------------------------------------------------------------------
    def solve_at(self, lam, z0, *, tol=1e-12, max_iter=60, where="markov_qre"):
        z = np.array(z0, dtype=float)
        z[-1] = lam
        last = np.inf
        for _ in range(max_iter):
            h, J = self.HJ(z)
            try:
                step = _LU(J[:, :-1].tocsr()).solve(h)
            except RuntimeError:
                raise ConvergenceError(f"{where}: singular Jacobian at lam={lam!r} (the QRE "
                                       "branch has a turning point or bifurcation here)") from None
            z[:-1] -= step
            size = float(np.max(np.abs(step)))
            if size <= tol * (1.0 + lam) or (size >= last and size <= 1e-9 * (1.0 + lam)):
                break
            last = size
        res = float(np.max(np.abs(self.H(z))))
        if not np.all(np.isfinite(z)) or res > 1e-7 * (1.0 + lam):
            raise ConvergenceError(f"{where}: Newton's method did not converge at lam={lam!r} "
                                   f"(residual {res:.3g})")
        return z


_DENSE = 128      # systems up to this size are factorised densely (less overhead; larger dense
                  # factorisations go multi-threaded, which is slow on a busy machine)


class _LU:
    """LU factors of a square CSR matrix: dense for small systems, SuperLU otherwise."""

    def __init__(self, A):
        n = A.shape[0]
        if n <= _DENSE:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)
                self.dense = scipy.linalg.lu_factor(A.toarray(), check_finite=False)
            if not np.all(np.isfinite(self.dense[0])) or \
                    np.min(np.abs(np.diag(self.dense[0]))) == 0:
                raise RuntimeError("singular matrix")
            self.lu = None
        else:
            self.dense = None
            self.lu = splu(A.T.tocsc())        # factors of A^T; solve with trans="T"

    def solve(self, b):
        if self.lu is None:
            return scipy.linalg.lu_solve(self.dense, b, check_finite=False)
        return self.lu.solve(b, trans="T")


def _aug_lu(J, t):
    """Factors of ``[J; t]`` (J CSR with one column more than rows)."""
    J = J.tocsr()
    n = J.shape[1]
    data = np.concatenate([J.data, t])
    indices = np.concatenate([J.indices, np.arange(n, dtype=J.indices.dtype)])
    indptr = np.append(J.indptr, J.indptr[-1] + n)
    return _LU(sp.csr_matrix((data, indices, indptr), shape=(n, n)))


def _tangent(J, t_prev):
    """Unit tangent at a point with Jacobian ``J``, oriented like ``t_prev``, and the factors
    of ``[J; t_prev]`` (None if singular), which the next corrector reuses."""
    e = np.zeros(J.shape[1])
    e[-1] = 1.0
    try:
        lu = _aug_lu(J, t_prev)
        t = lu.solve(e)
    except RuntimeError:
        lu, t = None, t_prev.copy()
    return t / np.linalg.norm(t), lu


def trace(sys: MarkovLogitSystem, *, max_lambda: float, targets=(), stop_gain=None,
          first_step: float = 0.03, max_accel: float = 1.1, max_steps: int = 100_000,
          corrector_tol: float = 1e-9, stop_at_targets: bool = False, resume=None):
    """Follow the principal branch from ``lam = 0`` (or on from ``resume = (z, t, h)``).

    Returns ``(Z, hits, converged, message, state)``: ``Z`` the traced points (rows), ``hits``
    maps each target lam to the corrected point at its first crossing, ``state`` is what
    ``resume`` takes to go on.
    """
    n = sys.nz
    if resume is None:
        z = sys.start()
        _, J = sys.HJ(z)
        e = np.zeros(n)
        e[-1] = 1.0
        t, lu_z = _tangent(J, e)
        if t[-1] < 0:
            t = -t
        h = float(first_step)
    else:
        z, t, h = (np.array(resume[0], dtype=float), np.array(resume[1], dtype=float),
                   float(resume[2]))
        lu_z = None
    pts = [z.copy()]
    pending = sorted(float(x) for x in targets if x > z[-1])
    hits = {float(x): z.copy() for x in targets if x == z[-1]}
    steps = 0
    converged, message = True, ""
    while True:
        if z[-1] >= max_lambda:
            break
        if stop_gain is not None and z[-1] > 0 and sys.gain(z) <= stop_gain:
            break
        if stop_at_targets and not pending:
            break
        if steps >= max_steps:
            converged, message = False, f"stopped after {steps} steps at lam={z[-1]:.6g}"
            break
        if h <= 1e-12 * (1.0 + abs(z[-1])):
            converged = False
            message = f"step size underflow at lam={z[-1]:.6g} (the branch may bifurcate here)"
            break
        u = z + h * t
        decel = 1.0 / max_accel
        accept = True
        hu = sys.H(u)
        if lu_z is not None and _CHORD:
            lu = lu_z          # chord corrector: the factors from the tangent at z
        else:
            try:
                lu = _aug_lu(sys.HJ(u)[1], t)
            except RuntimeError:
                h /= 2.0
                continue
        tol = corrector_tol * (1.0 + 1e-3 * abs(u[-1]))
        rhs = np.zeros(n)

        def solve(residual, lu=lu):
            rhs[:-1] = residual
            return lu.solve(rhs)

        u, accept, decel = newton_corrector(u, hu, sys.H, solve, _norm_max, tol, decel,
                                            max_accel)
        if not accept or u[-1] < -1e-12:
            h /= 2.0
            if h <= 1e-6 * (1.0 + abs(z[-1])):
                lu_z = None        # the chord corrector struggles here: refactorise
            continue
        decel = min(decel, max_accel)
        h = abs(h / decel)
        z_old, z = z, u
        _, Jz = sys.HJ(z)
        t, lu_z = _tangent(Jz, t)
        steps += 1
        while pending and z_old[-1] < pending[0] <= z[-1]:
            lt = pending.pop(0)
            wgt = (lt - z_old[-1]) / (z[-1] - z_old[-1])
            hits[lt] = sys.solve_at(lt, (1 - wgt) * z_old + wgt * z)
        if z[-1] > max_lambda:
            wgt = (max_lambda - z_old[-1]) / (z[-1] - z_old[-1])
            try:
                z = sys.solve_at(max_lambda, (1 - wgt) * z_old + wgt * z)
            except ConvergenceError:
                pass
        pts.append(z.copy())
    return np.array(pts), hits, converged, message, (z, t, h)


# ----------------------------------------------------------------------------------------------
# polish: Newton on the equilibrium conditions restricted to supports
# ----------------------------------------------------------------------------------------------
def _support_system(sys, x, supp, V):
    """Residual and Jacobian of ``Q_g - V_(s,i) = 0`` (g in support), ``sum sigma = 1``."""
    M, SN, N, d = sys.M, sys.SN, sys.N, sys.d
    P = x[sys.slots]
    w = sys.W0 + d * (sys.T @ V.reshape(sys.S, N))
    R, C, vals = [], [], []
    Q = np.zeros(M)
    for i in range(N):
        others = [j for j in range(N) if j != i]
        pim = np.prod(P[:, others], axis=1) if others else np.ones(len(P))
        Q += np.bincount(sys.slots[:, i], weights=pim * w[:, i], minlength=M)
        for j in others:
            rest = [k for k in others if k != j]
            pij = np.prod(P[:, rest], axis=1) if rest else np.ones(len(P))
            R.append(sys.slots[:, i])
            C.append(sys.slots[:, j])
            vals.append(pij * w[:, i])
        R.append(sys.slots[sys.tr, i])
        C.append(M + sys.tc * N + i)
        vals.append(d[i] * pim[sys.tr] * sys.tv)
    g = np.arange(M)
    R += [g, M + sys.block]
    C += [M + sys.block, g]
    vals += [-np.ones(M), np.ones(M)]
    J = sp.csr_matrix((np.concatenate(vals), (np.concatenate(R), np.concatenate(C))),
                      shape=(M + SN, M + SN))
    F = np.concatenate([Q - V[sys.block], np.bincount(sys.block, weights=x, minlength=SN) - 1])
    keep = np.concatenate([np.flatnonzero(supp), M + np.arange(SN)])
    return F[keep], J[keep][:, keep], keep


def support_newton(sys, flat, V, supp, *, max_iter=40):
    """Solve the support equations from ``(flat, V)``: the flat profile (zero off the support,
    possibly with negative entries), or None if Newton's method fails."""
    M = sys.M
    x = np.where(supp, flat, 0.0)
    sums = np.bincount(sys.block, weights=x, minlength=sys.SN)
    if np.any(sums <= 0):
        return None
    x = x / sums[sys.block]
    Vf = np.array(V, dtype=float).ravel()
    last = np.inf
    best_res, stall = np.inf, 0
    for _ in range(max_iter):
        F, J, keep = _support_system(sys, x, supp, Vf)
        res = float(np.max(np.abs(F)))
        if res < 0.5 * best_res:
            best_res, stall = res, 0
        else:
            stall += 1
            if stall >= 6 or res > 1e6 * (1 + best_res):
                return None                        # not converging: give up on this support
        try:
            step = _LU(J.tocsr()).solve(F)
        except RuntimeError:
            # singular on this support (a degenerate game: a continuum of equilibria):
            # Gauss-Newton with the minimum-norm step
            if J.shape[0] <= 3000:
                step = np.linalg.lstsq(J.toarray(), F, rcond=None)[0]
            else:
                from scipy.sparse.linalg import lsqr
                step = lsqr(J, F, atol=1e-14, btol=1e-14)[0]
        if not np.all(np.isfinite(step)):
            return None
        full = np.zeros(M + sys.SN)
        full[keep] = step
        x = x - full[:M]
        Vf = Vf - full[M:]
        size = float(np.max(np.abs(step)))
        if size <= 1e-14 * (1 + sys.scale) or (size >= last and size <= 1e-10 * sys.scale):
            break
        last = size
    return x


def candidate_supports(sys, z):
    """Plausible equilibrium supports read off a point near the end of the branch."""
    flat = sys.flat(z)
    Q, _ = sys.action_values(z)
    out = []
    bmax = np.maximum.reduceat(flat, sys.starts)[sys.block]
    for thr in (1e-4, 1e-7, 1e-2, 1e-10):
        s = flat >= thr * bmax
        if not any(np.array_equal(s, o) for o in out):
            out.append(s)
    qmax = np.maximum.reduceat(Q, sys.starts)[sys.block]
    for gap in (1e-6, 1e-4, 1e-9):
        s = Q >= qmax - gap * sys.scale
        if not any(np.array_equal(s, o) for o in out):
            out.append(s)
    return out

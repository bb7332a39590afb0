"""The path of the global Newton method (Govindan & Wilson 2003), as in Gametracer and Gambit.

Work happens in the space of "z" vectors (one entry per action, players' blocks side by side):
the Kohlberg–Mertens homeomorphism maps a perturbed game and its equilibrium ``sigma`` to
``z = sigma + v``, ``v`` the actions' payoffs at ``sigma``; conversely ``sigma`` is the
projection (retraction) of ``z`` onto the product of simplices. Along the ray of games
``G + lam * g`` the equilibria form a one-dimensional manifold, the zero set of
``psi(z) = z - sigma(z) - v(sigma(z)) - lam * g``. From the unique (pure) equilibrium of the
game far out on the ray, the path is followed with tangent ``(dz, dlam) = (-adj(Dpsi) g,
-det Dpsi)``; inside a support cell ``Dpsi = I - (I + DG) R`` (``DG`` the payoff Jacobian,
``R`` the constant Jacobian of the retraction), across a cell boundary the support changes by
one action. Every crossing of ``lam = 0`` is an equilibrium of the game (the path turns back
after it: the index changes sign). With two players the path is piecewise linear; with more it
is followed in ``steps`` linear steps per cell, corrected by a chord-Newton method ("local
Newton") every ``lnm_interval`` steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__: list[str] = []

BIG = 3.0e28
FUZZ = 1e-12
THRESHOLD = 1e-2


@dataclass
class PathEnd:
    """What the path produced: the equilibria crossed (flat profiles), with their residuals."""

    points: list = field(default_factory=list)
    residuals: list = field(default_factory=list)
    reason: str = ""
    steps: int = 0
    crossings: int = 0
    lam: float = 1.0


def adjugate(A):
    """``(det A, adj A)`` by the singular value decomposition (exact for singular ``A``)."""
    U, S, Vt = np.linalg.svd(A)
    sign = np.sign(np.linalg.det(U) * np.linalg.det(Vt))
    m = len(S)
    left = np.concatenate([[1.0], np.cumprod(S[:-1])])
    right = np.concatenate([np.cumprod(S[::-1][:-1])[::-1], [1.0]]) if m > 1 else np.ones(1)
    others = left * right
    return sign * left[-1] * S[-1], sign * (Vt.T * others) @ U.T


class _Game:
    """Payoffs scaled to [0, 1] by the game's overall range (as Gambit does) and the maps the
    path needs: the retraction onto the simplices and the payoff Jacobian ``DG``."""

    def __init__(self, sys, n):
        self.sys = sys
        self.n = n
        self.N = len(n)
        self.offs = np.concatenate([[0], np.cumsum(n)]).astype(int)
        self.M = int(self.offs[-1])
        self.owner = np.repeat(np.arange(self.N), n)
        base = np.zeros((self.M, self.M))
        for i in range(self.N):           # tiny distinct entries on the own-action blocks
            a, b = self.offs[i], self.offs[i + 1]
            base[a:b, a:b] = FUZZ * np.arange(1, n[i] * n[i] + 1).reshape(n[i], n[i])
        self.base = base
        self.bounds = [(int(self.offs[i]), int(self.offs[i + 1])) for i in range(self.N)]

    def split(self, x):
        return [x[self.offs[i]:self.offs[i + 1]] for i in range(self.N)]

    def DG(self, sigma):
        out = self.base.copy()
        if self.N > 1:
            self.sys.cross_matrix(self.split(sigma), out)
        return out

    def retract(self, z):
        """Euclidean projection of every player's block of ``z`` onto the simplex (plain
        Python on the few entries of a block: faster here than array calls)."""
        zl = z.tolist()
        out = []
        for a, b in self.bounds:
            blk = zl[a:b]
            y = sorted(blk, reverse=True)
            tot = y[0]
            c = 1
            for yk in y[1:]:
                if tot - c * yk > 1:        # the top c minus c times the next: stop
                    break
                tot += yk
                c += 1
            v = (tot - 1.0) / c
            out.extend(x - v if x > v else 0.0 for x in blk)
        return np.array(out)

    def retract_jac(self, B):
        R = np.zeros((self.M, self.M))
        for i in range(self.N):
            idx = np.flatnonzero(B[self.offs[i]:self.offs[i + 1]]) + self.offs[i]
            k = len(idx)
            R[np.ix_(idx, idx)] = -1.0 / k
            R[idx, idx] = 1.0 - 1.0 / k
        return R

    def normalize(self, s):
        tot = np.add.reduceat(s, self.offs[:-1])
        return s / tot[self.owner]


def _lnm(A: _Game, z, g, det, J, DG, s, maxits):
    """Chord-Newton correction of ``z`` towards ``psi(z) = g`` with the fixed inverse
    ``J / det``; returns ``(z, sigma, DG, residual)``."""
    N = A.N
    if maxits < 1 or det == 0.0:
        return z, s, DG, FUZZ
    b = 1.0 / det
    e = BIG
    ee = BIG
    faulted = False
    backup = z
    for _ in range(maxits):
        d = z - s - DG @ s / (N - 1) - g
        ee = float(np.max(np.abs(d)))
        if ee < FUZZ:
            break
        if e < ee:                    # worse: back up, then try shorter steps once
            z = backup
            s = A.retract(z)
            DG = A.DG(s)
            if faulted:
                return z, s, DG, e
            b /= maxits
            e = BIG
            faulted = True
            continue
        e = ee
        backup = z
        z = z - b * (J @ d)
        s = A.retract(z)
        DG = A.DG(s)
    return z, s, DG, ee


def trace(A: _Game, g, *, steps, lnm_interval, lnm_maxits, end_lambda, max_iter,
          wobble: bool = False) -> PathEnd:
    """Follow the path from the ray's far end; ``g`` the unit perturbation (a copy is made).
    With ``wobble`` the ray is bent to pass through the current point whenever the path has
    drifted off it (instead of ending the path), and after every support change."""
    N, M, offs = A.N, A.M, A.offs
    g = np.array(g, dtype=np.float64)
    out = PathEnd()
    # the unique equilibrium far out on the ray: every player's action with the largest g
    s = np.array([offs[i] + int(np.argmax(g[offs[i]:offs[i + 1]])) for i in range(N)])
    B = np.zeros(M, dtype=bool)
    B[s] = True
    G = g[s]
    sigma = B.astype(np.float64)
    DG = A.DG(sigma)
    v = DG @ sigma / (N - 1)
    V = 0.0
    for i in range(N):
        for a in range(offs[i], offs[i + 1]):
            if not B[a]:
                if G[i] - g[a] < THRESHOLD:
                    g[a] -= THRESHOLD          # no division by (nearly) zero
                V = max(V, (v[a] - v[s[i]]) / (G[i] - g[a]))
    lam = 1.0
    g *= V + 1.0                              # scale g so that lam = 1 is far enough out
    if N <= 2:                                # piecewise linear: one step per cell
        lnm_interval, steps = 0, 1
    z = g + v + sigma
    R = A.retract_jac(B)
    I = np.eye(M)
    index = 1
    s_hat_old = -1
    s_hat = n_hat = -1
    det, J = 1.0, I
    cols = np.arange(M)
    while True:
        k = 0
        left = steps
        while left > 0:
            out.steps += 1
            if out.steps > max_iter:
                out.reason = "max_iter"
                return out
            det, J = adjugate(I - (I + DG) @ R)
            dz = -(J @ g)
            dlam = -det
            dv = DG @ (R @ dz) + g * dlam
            v = DG @ sigma / (N - 1) + g * lam
            vs = v[s][A.owner]
            dvs = dv[s][A.owner]
            den = dvs - dz
            ok = (den != 0) & (cols != s_hat_old)
            with np.errstate(divide="ignore", invalid="ignore"):
                bound = np.where(ok, (z - vs) / np.where(ok, den, 1.0), -1.0)
            bound = np.where(bound > 0, bound, BIG)       # ahead in time only
            j = int(np.argmin(bound))
            min_bound = float(bound[j]) if bound[j] < BIG else BIG
            if min_bound < BIG:
                s_hat, n_hat = j, int(A.owner[j])
            delta = dist = min_bound
            if min_bound == BIG and index * (lam + dlam * delta) > 0:
                out.reason = "no more boundaries"
                return out
            delta = dist / left
            if index * (lam + dlam * delta) <= 0:
                if min_bound == BIG and N > 2 and left > 1:
                    dist = -lam / dlam
                    delta = dist / left
                else:                         # an equilibrium at lam = 0 on this step
                    z = z + dz * (-lam / dlam)
                    lam = 0.0
                    sigma = A.retract(z)
                    DG = A.DG(sigma)
                    ee = 0.0
                    if N > 2:
                        det, J = adjugate(I - (DG + I) @ R)
                        z, sigma, DG, ee = _lnm(A, z, np.zeros(M), det, J, DG, sigma,
                                                lnm_maxits)
                    if not np.all(np.isfinite(sigma)):
                        out.reason = "non-finite strategy"
                        return out
                    out.points.append(sigma.copy())
                    out.residuals.append(ee)
                    index = -index
                    s_hat_old = -1
                    continue
            if dist == BIG:
                out.reason = "no next boundary"
                return out
            z = z + dz * delta
            lam += dlam * delta
            out.lam = lam
            if lam < end_lambda and index == -1:
                out.reason = "end_lambda"
                return out
            sigma = A.retract(z)
            DG = A.DG(sigma)
            if N <= 2:
                break
            g0 = g * lam
            ee = float(np.max(np.abs(z - sigma - DG @ sigma / (N - 1) - g0)))
            if ee < FUZZ and left > 2:       # nearly linear: go to the boundary, then LNM
                left = 2
                k = lnm_interval - 1
            if ee > THRESHOLD:
                if not wobble:
                    out.reason = f"path error {ee:.3g}"
                    return out
                g = (z - sigma - DG @ sigma / (N - 1)) / lam
            if left > 1:
                k += 1
                if k == lnm_interval:
                    z, sigma, DG, _ = _lnm(A, z, g0, det, J, DG, sigma, lnm_maxits)
                    k = 0
            left -= 1
        # a support boundary: action s_hat enters or leaves the support
        out.crossings += 1
        if s[n_hat] == s_hat:                 # the best response leaves: pick another
            for a in range(offs[n_hat], offs[n_hat + 1]):
                if B[a] and a != s_hat:
                    s[n_hat] = a
                    break
        B[s_hat] = not B[s_hat]
        R = A.retract_jac(B)
        s_hat_old = s_hat
        y = A.retract(z)
        sigma = np.where(B, y, 0.0)
        sigma[sigma < FUZZ] = 0.0
        empty = np.add.reduceat(sigma, offs[:-1]) <= 0
        if empty.any():                       # round-off emptied a block: uniform on B
            sigma = np.where(empty[A.owner], B.astype(np.float64), sigma)
        sigma = A.normalize(sigma)
        z = z - y + sigma
        if N > 2 and wobble:
            DG = A.DG(sigma)
            g = (z - sigma - DG @ sigma / (N - 1)) / lam

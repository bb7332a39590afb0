"""The sequence-form LCP of a two-player tree, built sparse (private to :mod:`.sequence_form`).

With ``x, y`` the realisation plans, ``u, v`` the multipliers of the plan constraints
``E x = e``, ``F y = f`` and ``C1, C2`` the payoffs turned into positive costs, the LCP is

    w = q + M z,   z = (x, y, u, v),   M = [[0, C1, -E', 0], [C2', 0, 0, -F'],
                                             [E, 0, 0, 0], [0, F, 0, 0]],   q = (0, 0, -e, -f).

The matrix has one entry per reachable (sequence, sequence) pair and two per sequence in the
constraint blocks, so it is stored as a :class:`scipy.sparse.csc_matrix` (memory linear in the
number of sequences and plays). The costs are computed exactly (Fractions) for exact trees and
only then rounded, so a large shift ``K`` does not cancel digits of small payoffs.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import scipy.sparse as sp

__all__: list = []


def frac(x) -> Fraction:
    """``x`` as a Fraction (floats through their shortest repr, as the file readers do)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (int, np.integer)):
        return Fraction(int(x))
    return Fraction(repr(float(x)))


@dataclass(frozen=True)
class LCPLayout:
    """Where each block of ``z`` starts, and the sizes."""

    ns: tuple            # sequences of each player
    ni: tuple            # plan constraints of each player (information sets + 1)
    off_x: int
    off_y: int
    off_u: int
    off_v: int
    n: int


@dataclass(frozen=True)
class SparseLCP:
    """``w = q + M z`` with ``M`` sparse: the float data and, lazily, the exact data."""

    layout: LCPLayout
    rows: np.ndarray     # coordinates of the nonzero entries of M
    cols: np.ndarray
    vals: list           # exact values (Fractions) of those entries
    q: list              # exact right-hand side

    def matrix(self) -> sp.csc_matrix:
        """``M`` in float64, compressed by columns."""
        n = self.layout.n
        data = np.array([float(v) for v in self.vals], dtype=float)
        return sp.csc_matrix((data, (self.rows, self.cols)), shape=(n, n))

    def dense(self) -> np.ndarray:
        """``M`` in float64 as a dense array (small LCPs: no sparse matrix built on the way)."""
        n = self.layout.n
        M = np.zeros((n, n))
        # numerator / denominator: float(Fraction), bit for bit, without the generic protocol
        np.add.at(M, (self.rows, self.cols), [v.numerator / v.denominator for v in self.vals])
        return M

    def q_float(self) -> np.ndarray:
        return np.array([float(v) for v in self.q], dtype=float)

    def dense_exact(self) -> list:
        """``M`` as a dense list of lists of Fractions (the exact fallback only)."""
        n = self.layout.n
        M = [[Fraction(0)] * n for _ in range(n)]
        for i, j, v in zip(self.rows.tolist(), self.cols.tolist(), self.vals):
            M[i][j] += v
        return M


def layout_of(game) -> LCPLayout:
    """Block offsets of the sequence-form LCP of a two-player tree."""
    sf = game.sequence_form()
    ns = tuple(len(s) for s in sf.sequences)
    ni = tuple(len(game.infosets[p]) + 1 for p in range(2))
    off_x, off_y = 0, ns[0]
    off_u = ns[0] + ns[1]
    off_v = off_u + ni[0]
    return LCPLayout(ns, ni, off_x, off_y, off_u, off_v, off_v + ni[1])


def build_lcp(game) -> SparseLCP:
    """The sequence-form LCP of ``game`` (two players, perfect recall), in sparse form."""
    sf = game.sequence_form()
    lay = layout_of(game)
    rows: list = []
    cols: list = []
    vals: list = []
    # costs K*mass - payoff on every play (chance-weighted), K above every payoff
    cum = game._cum_payoffs()
    K = max((frac(v) for z in game.terminal_nodes for v in cum[z]), default=Fraction(0)) + 1
    ox, oy = lay.off_x, lay.off_y
    for (s1, s2), pay in sf.payoffs.items():
        km = K * frac(sf.chance_mass[(s1, s2)])
        rows.append(ox + s1)
        cols.append(oy + s2)
        vals.append(km - frac(pay[0]))
        rows.append(oy + s2)
        cols.append(ox + s1)
        vals.append(km - frac(pay[1]))
    one, m_one = Fraction(1), Fraction(-1)
    for p, (ox, ou) in enumerate(((lay.off_x, lay.off_u), (lay.off_y, lay.off_v))):
        seqs = sf.sequences[p]
        for h, lead in enumerate(sf.infoset_sequence[p]):   # -r(lead) + sum r(children) = 0
            row = ou + 1 + h
            rows += [ox + lead, row]
            cols += [row, ox + lead]
            vals += [one, m_one]
        for s in range(1, lay.ns[p]):
            row = ou + 1 + seqs[s][-1][0]       # the constraint of the set s was played at
            rows += [ox + s, row]
            cols += [row, ox + s]
            vals += [m_one, one]
        rows += [ox, ou]
        cols += [ou, ox]
        vals += [m_one, one]
    q = [Fraction(0)] * lay.n
    q[lay.off_u] = m_one
    q[lay.off_v] = m_one
    return SparseLCP(lay, np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
                     vals, q)

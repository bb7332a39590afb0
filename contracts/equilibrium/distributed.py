"""Support enumeration of large two-player games in independent chunks (one machine or many).

The pairs of supports ``(I, J)`` with ``|I| = |J| = k`` of a nondegenerate bimatrix game are
independent problems, so they can be split into chunks -- here by row support ``I``: one chunk is
a list of row supports of one size, and the chunk tries every column support ``J`` of that size
against each of them, with the indifference systems of all ``J`` solved by one stacked
``numpy.linalg.solve``. Chunks run serially, on any :class:`concurrent.futures.Executor`, or on a
dask cluster (pass a ``distributed.Client`` or ``client.get_executor()``); only the payoff
matrices and the chunk's supports travel to the worker. The equilibria of all chunks are merged,
verified and ordered as :func:`contracts.equilibrium.support_enumeration.support_enumeration`
orders them (by support size, then supports), so the answer is the serial one.

A degenerate game (a tie, a singular indifference system or a vanishing probability shows up in
some chunk) needs the extreme points of equilibrium components, which this splitting does not
produce; such a game is solved by the serial enumerator instead (the result says so).
"""

from __future__ import annotations

import itertools
import math
from concurrent.futures import Executor
from typing import Any

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from ..results import EquilibriumResult, build_result

__all__ = ["support_enumeration_chunked", "support_chunks"]


def support_chunks(m: int, n: int, n_chunks: int) -> list[tuple[int, tuple]]:
    """Split the row supports of an ``m x n`` game into about ``n_chunks`` chunks.

    Parameters
    ----------
    m, n : int
        Numbers of actions of the row and the column player.
    n_chunks : int
        Desired number of chunks.

    Returns
    -------
    list of (int, tuple)
        ``(k, row_supports)`` pairs: every row support of size ``k <= min(m, n)`` appears in
        exactly one chunk, and a chunk holds supports of one size.

    Examples
    --------
    >>> from contracts.equilibrium.distributed import support_chunks
    >>> chunks = support_chunks(3, 3, 4)
    >>> sum(len(rows) for _, rows in chunks)          # 3 + 3 + 1 row supports
    7
    """
    total = sum(math.comb(m, k) * math.comb(n, k) for k in range(1, min(m, n) + 1))
    per = max(1, math.ceil(total / max(1, n_chunks)))     # support pairs per chunk
    out = []
    for k in range(1, min(m, n) + 1):
        rows = list(itertools.combinations(range(m), k))
        step = max(1, per // math.comb(n, k))
        for s in range(0, len(rows), step):
            out.append((k, tuple(rows[s:s + step])))
    return out


class _ChunkTask:
    """Picklable: equilibria of the support pairs of one chunk, and a degeneracy flag."""

    def __init__(self, A: np.ndarray, B: np.ndarray, tol: float):
        self.A = A
        self.B = B
        self.tol = tol

    @staticmethod
    def _side(M, rows, cols_list):
        """Strategies on each column support making ``rows`` of M indifferent (stacked)."""
        k = len(rows)
        P = len(cols_list)
        S = np.zeros((P, k + 1, k + 1))
        S[:, :k, :k] = M[np.asarray(rows)][:, cols_list].transpose(1, 0, 2)   # A[I, J]
        S[:, :k, k] = -1.0
        S[:, k, :k] = 1.0
        rhs = np.zeros((P, k + 1))
        rhs[:, k] = 1.0
        try:
            sol = np.linalg.solve(S, rhs[:, :, None])[:, :, 0]
            ok = np.ones(P, dtype=bool)
        except np.linalg.LinAlgError:
            sol = np.zeros((P, k + 1))
            ok = np.zeros(P, dtype=bool)
            for p in range(P):
                try:
                    sol[p] = np.linalg.solve(S[p], rhs[p])
                    ok[p] = True
                except np.linalg.LinAlgError:
                    pass
        return sol[:, :k], ok

    def __call__(self, chunk):
        k, row_supports = chunk
        A, B, tol = self.A, self.B, self.tol
        m, n = A.shape
        cols = np.array(list(itertools.combinations(range(n), k)), dtype=np.intp)
        found = []
        degenerate = False
        for I in row_supports:
            I = list(I)
            y, oky = self._side(A, I, cols)                 # column strategies on J
            x, okx = self._side_x(B, I, cols)               # row strategies on I
            degenerate |= bool((~oky).any() or (~okx).any())
            near = (np.abs(y) <= tol).any(axis=1) | (np.abs(x) <= tol).any(axis=1)
            pos = oky & okx & (y > tol).all(axis=1) & (x > tol).all(axis=1)
            degenerate |= bool((near & oky & okx & (y > -tol).all(axis=1)
                                & (x > -tol).all(axis=1)).any())
            for p in np.flatnonzero(pos):
                xs = np.zeros(m)
                ys = np.zeros(n)
                xs[I] = x[p]
                ys[cols[p]] = y[p]
                u_r, u_c = A @ ys, B.T @ xs
                v_r, v_c = float(u_r[I[0]]), float(u_c[cols[p][0]])
                if u_r.max() > v_r + tol or u_c.max() > v_c + tol:
                    continue
                off_r = np.delete(u_r, I)
                off_c = np.delete(u_c, cols[p])
                if (off_r >= v_r - tol).any() or (off_c >= v_c - tol).any():
                    degenerate = True
                found.append((k, tuple(I), tuple(int(j) for j in cols[p]), xs, ys))
        return found, degenerate

    def _side_x(self, B, I, cols):
        """Row strategies on I making each column support of ``cols`` indifferent."""
        k = len(I)
        P = len(cols)
        S = np.zeros((P, k + 1, k + 1))
        S[:, :k, :k] = B[np.asarray(I)][:, cols].transpose(1, 2, 0)   # (P, J, I): B[I, J]^T
        S[:, :k, k] = -1.0
        S[:, k, :k] = 1.0
        rhs = np.zeros((P, k + 1))
        rhs[:, k] = 1.0
        try:
            return np.linalg.solve(S, rhs[:, :, None])[:, :k, 0], np.ones(P, dtype=bool)
        except np.linalg.LinAlgError:
            out = np.zeros((P, k))
            ok = np.zeros(P, dtype=bool)
            for p in range(P):
                try:
                    out[p] = np.linalg.solve(S[p], rhs[p])[:k]
                    ok[p] = True
                except np.linalg.LinAlgError:
                    pass
            return out, ok


def _mapper(executor):
    if executor is None:
        return map
    if hasattr(executor, "get_executor") and not isinstance(executor, Executor):
        executor = executor.get_executor()          # a dask.distributed Client
    if isinstance(executor, Executor):
        return executor.map
    if callable(executor):
        return executor
    raise InvalidParameterError(
        "support_enumeration_chunked: executor must be None, a concurrent.futures.Executor, a "
        f"dask Client or a map-like callable, got {type(executor).__name__}")


def support_enumeration_chunked(game, *, executor: Any = None, n_chunks: int | None = None,
                                tol: float | None = None) -> EquilibriumResult:
    """All equilibria of a nondegenerate two-player game by support enumeration in chunks.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (float payoffs are used).
    executor : None, concurrent.futures.Executor, dask Client or callable, optional
        Where the chunks run (None: serially, in this process).
    n_chunks : int, optional
        About how many chunks to make (default 32).
    tol : float, optional
        Regret tolerance (default ``game.default_tol()``).

    Returns
    -------
    EquilibriumResult
        The same equilibria, in the same order, as
        :func:`~contracts.equilibrium.support_enumeration.support_enumeration` (``complete=True``).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.distributed import support_enumeration_chunked
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> [eq.strategies[0].round(4).tolist() for eq in support_enumeration_chunked(g)]
    [[1.0, 0.0], [0.0, 1.0], [0.6, 0.4]]
    """
    from ..games.normal_form import NormalFormGame
    where = "support_enumeration_chunked"
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise UnsupportedGameError(f"{where}: needs a two-player game; this game has "
                                   f"{game.num_players} players")
    if n_chunks is not None and (not isinstance(n_chunks, (int, np.integer)) or n_chunks < 1):
        raise InvalidParameterError(f"{where}: n_chunks must be a positive integer, got "
                                    f"{n_chunks!r}")
    if tol is not None:
        tol = float(check_real(where, "tol", tol, low=0))
    mapper = _mapper(executor)
    tol = game.default_tol() if tol is None else tol
    g = game.as_float() if game.is_exact else game
    A, B = (np.asarray(a, dtype=float) for a in g.bimatrix)
    m, n = A.shape
    chunks = support_chunks(m, n, 32 if n_chunks is None else int(n_chunks))
    task = _ChunkTask(A, B, tol)
    found, degenerate = [], False
    for f, d in mapper(task, chunks):
        found.extend(f)
        degenerate |= d
    if degenerate:
        from .support_enumeration import support_enumeration
        res = support_enumeration(game, tol=tol)
        from dataclasses import replace
        return replace(res, message=(res.message + "; " if res.message else "")
                       + "degenerate game: solved by the serial enumerator")
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    return build_result(game, [(x, y) for *_, x, y in found], method="support_enumeration",
                        tol=tol, complete=True, degenerate=False,
                        message=f"support enumeration in {len(chunks)} chunks")

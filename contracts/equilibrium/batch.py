"""``solve_many``: thousands of small games at once, vectorised across games or in parallel.

Monte Carlo studies and benchmarks solve many small games of the same shape. Where the method
allows, :func:`solve_many` solves a whole stack of games with array operations across games:

* ``support_enumeration`` / ``vertex_enumeration`` of two-player games: for every pair of
  supports ``(I, J)`` of equal size ``k`` the indifference system ``A[I, J] y = v 1`` is solved
  for every game at once by Cramer's rule, ``y ∝ adj(A[I, J]) 1`` (each ``adj`` entry a
  determinant evaluated on the whole stack), then positivity and the best-response conditions
  are checked on the stack. A game in which a tie or a vanishing probability shows up (a
  degenerate game, where the extreme equilibria need the full algorithm) is handed to the
  single-game solver, so the answer is always what solving the game alone gives.
* ``pure``: the best-response test of every pure profile of every game in one pass.

Every other method runs game by game. Games are split into chunks that run serially, on any
:class:`concurrent.futures.Executor` (processes, or a dask cluster's ``client.get_executor()``)
or through any ``map``-like callable, as :func:`contracts.sweep` does. A game whose solver raises
keeps its error in the result; the other games are unaffected.
"""

from __future__ import annotations

import itertools
import math
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np

from ..exceptions import ContractsError, InvalidGameError, InvalidParameterError

__all__ = ["solve_many", "BatchResult", "GameError"]

_VECTOR_2P = {"support_enumeration", "vertex_enumeration"}


@dataclass(frozen=True)
class GameError:
    """The error raised while solving one game of a batch."""

    index: int
    type: str
    message: str

    def __str__(self) -> str:
        return f"game {self.index}: {self.type}: {self.message}"


@dataclass(frozen=True)
class _Pending:
    """Verified profiles of one game from the vectorised path; packaged on first access."""

    game: Any
    profiles: tuple
    method: str
    tol: float

    def build(self):
        from ..results import build_result
        return build_result(self.game, self.profiles, method=self.method, tol=self.tol,
                            complete=True, degenerate=False, dedupe=False,
                            message="vectorised across games")


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Results of :func:`solve_many`, one per game, in input order.

    ``result[i]`` is the :class:`~contracts.results.EquilibriumResult` of game ``i`` or a
    :class:`GameError` if its solver raised. Iterating yields them in order.

    Games solved by the vectorised path are verified there (max regret of every profile on
    the stack) and packaged into an EquilibriumResult on first access; :meth:`profiles` gives
    the raw strategy arrays without packaging.

    Attributes
    ----------
    method : str
        The method used.
    vectorised : int
        How many games were solved by the vectorised path.
    """

    method: str
    raw: tuple = field(repr=False)
    vectorised: int = 0
    _cache: dict = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, i):
        r = self.raw[i]
        if isinstance(r, _Pending):
            i = range(len(self.raw))[i]
            if i not in self._cache:
                self._cache[i] = r.build()
            return self._cache[i]
        return r

    def __iter__(self):
        return (self[i] for i in range(len(self.raw)))

    @property
    def results(self) -> tuple:
        """One EquilibriumResult (or GameError) per game."""
        return tuple(self)

    def profiles(self, i: int) -> list:
        """The equilibrium profiles of game ``i`` as tuples of numpy arrays (no packaging)."""
        r = self.raw[i]
        if isinstance(r, _Pending):
            return list(r.profiles)
        if isinstance(r, GameError):
            return []
        return [tuple(e.strategies) for e in r]

    @property
    def errors(self) -> tuple:
        """The :class:`GameError` of every game whose solver raised."""
        return tuple(r for r in self.raw if isinstance(r, GameError))

    @property
    def counts(self) -> np.ndarray:
        """Number of equilibria found per game (-1 for a game whose solver raised)."""
        return np.array([-1 if isinstance(r, GameError) else
                         len(r.profiles) if isinstance(r, _Pending) else len(r)
                         for r in self.raw])

    def __repr__(self) -> str:
        return (f"BatchResult(method={self.method!r}, games={len(self.results)}, "
                f"errors={len(self.errors)}, vectorised={self.vectorised})")

    def __str__(self) -> str:
        c = self.counts
        ok = c[c >= 0]
        lines = [f"{self.method}: {len(self.raw)} games solved"
                 + (f" ({self.vectorised} vectorised across games)" if self.vectorised else "")]
        if ok.size:
            lines.append(f"  equilibria per game: min {ok.min()}, median "
                         f"{float(np.median(ok)):g}, max {ok.max()}")
        if self.errors:
            lines.append(f"  {len(self.errors)} game(s) failed; first: {self.errors[0]}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"method": self.method, "vectorised": self.vectorised,
                "results": [{"error": r.type, "message": r.message, "index": r.index}
                            if isinstance(r, GameError) else
                            r.to_dict() if hasattr(r, "to_dict") else
                            {"equilibria": [[np.asarray(s, dtype=float).tolist() for s in e]
                                            for e in self.profiles(i)]}
                            for i, r in enumerate(self)]}


# ----------------------------------------------------------------------------------------------
# vectorised two-player support enumeration
# ----------------------------------------------------------------------------------------------
def _det(rows):
    """Determinant of a k x k matrix whose entries are arrays (or scalars) over a stack:
    ``rows[r][c]`` is entry (r, c) for every stacked system (Laplace along the first row)."""
    k = len(rows)
    if k == 1:
        return rows[0][0]
    if k == 2:
        return rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
    out = 0.0
    for j in range(k):
        minor = [[r[c] for c in range(k) if c != j] for r in rows[1:]]
        term = rows[0][j] * _det(minor)
        out = out + term if j % 2 == 0 else out - term
    return out


def _indifferent(Af, ncols, I, J):
    """Strategies on the columns J that make the rows I of A indifferent, for every support
    pair and game: ``y ∝ adj(A[I, J]) 1`` (Cramer's rule; entry j is the determinant of
    A[I, J] with column j replaced by ones). ``Af``: (m * ncols, G), A flattened and
    transposed so that each gather is a contiguous row copy; I, J: (P, k).
    Returns (y as a list of k arrays of shape (P, G), their unnormalised sum)."""
    k = I.shape[1]
    ent = [[Af[I[:, r] * ncols + J[:, c]] for c in range(k)] for r in range(k)]
    c = []
    for j in range(k):
        rows = [[1.0 if cc == j else ent[r][cc] for cc in range(k)] for r in range(k)]
        c.append(_det(rows))
    shape = ent[0][0].shape
    c = [np.broadcast_to(np.asarray(v, dtype=float), shape) for v in c]
    s = c[0]
    for v in c[1:]:
        s = s + v
    return c, s


def _positive(c, s, tol, eps=1e-12):
    """Normalised vectors, mask of strictly positive ones and of nearly-zero entries."""
    ok = np.abs(s) > eps
    with np.errstate(divide="ignore", invalid="ignore"):
        v = [x / s for x in c]
    near = np.zeros(ok.shape, dtype=bool)
    for x in v:
        near |= np.abs(x) <= tol
        ok &= x > tol
    return v, ok, near


def _batch_support_enumeration(A, B, tol):
    """Equilibria of a stack of bimatrix games. Returns (per-game list of (x, y), suspect mask)
    where ``suspect`` marks games that need the single-game solver (ties / degeneracy)."""
    G, m, n = A.shape
    Af = np.ascontiguousarray(A.reshape(G, m * n).T)                       # (m n, G)
    Bf = np.ascontiguousarray(np.swapaxes(B, 1, 2).reshape(G, n * m).T)    # B^T flattened
    found = [[] for _ in range(G)]
    suspect = np.zeros(G, dtype=bool)
    # k = 1: pure equilibria, by comparing with the best responses (ties: degenerate)
    best_r = A.max(axis=1, keepdims=True)                  # (G, 1, n)
    best_c = B.max(axis=2, keepdims=True)                  # (G, m, 1)
    pure = (A >= best_r - tol) & (B >= best_c - tol)
    suspect |= ((A >= best_r - tol).sum(axis=1) > 1).any(axis=1)
    suspect |= ((B >= best_c - tol).sum(axis=2) > 1).any(axis=1)
    eye_m, eye_n = np.eye(m), np.eye(n)
    for gi, i, j in zip(*np.nonzero(pure)):
        found[gi].append((eye_m[i], eye_n[j]))
    for k in range(2, min(m, n) + 1):
        I = np.array(list(itertools.combinations(range(m), k)), dtype=np.intp)
        J = np.array(list(itertools.combinations(range(n), k)), dtype=np.intp)
        II = np.repeat(I, len(J), axis=0)              # (P, k): all pairs (I, J)
        JJ = np.tile(J, (len(I), 1))
        ys, oky, neary = _positive(*_indifferent(Af, n, II, JJ), tol)
        xs, okx, nearx = _positive(*_indifferent(Bf, m, JJ, II), tol)
        ok = oky & okx
        suspect |= ((neary & (okx | nearx)) | (nearx & oky)).any(axis=0)
        p_idx, g_idx = np.nonzero(ok)
        E = g_idx.size
        if not E:
            continue
        Ik, Jk = II[p_idx], JJ[p_idx]
        ys_full = np.zeros((E, n))
        xs_full = np.zeros((E, m))
        rr = np.arange(E)[:, None]
        yk = [v[p_idx, g_idx] for v in ys]
        xk = [v[p_idx, g_idx] for v in xs]
        ys_full[rr, Jk] = np.stack(yk, axis=1)
        xs_full[rr, Ik] = np.stack(xk, axis=1)
        # payoff of every pure action against the other's strategy (k columns / rows each)
        u_row = A[g_idx, :, Jk[:, 0]] * yk[0][:, None]                     # (E, m)
        u_col = B[g_idx, Ik[:, 0], :] * xk[0][:, None]                     # (E, n)
        for c in range(1, k):
            u_row += A[g_idx, :, Jk[:, c]] * yk[c][:, None]
            u_col += B[g_idx, Ik[:, c], :] * xk[c][:, None]
        v_row = np.take_along_axis(u_row, Ik[:, :1], axis=1)[:, 0]
        v_col = np.take_along_axis(u_col, Jk[:, :1], axis=1)[:, 0]
        best_r, best_c = u_row.max(axis=1), u_col.max(axis=1)
        good = (best_r <= v_row + tol) & (best_c <= v_col + tol)
        # ties outside the supports mean a degenerate game
        off_r = np.ones((E, m), dtype=bool)
        off_r[rr, Ik] = False
        off_c = np.ones((E, n), dtype=bool)
        off_c[rr, Jk] = False
        tie = good & ((np.where(off_r, u_row, -np.inf) >= v_row[:, None] - tol).any(axis=1)
                      | (np.where(off_c, u_col, -np.inf) >= v_col[:, None] - tol).any(axis=1))
        suspect[g_idx[tie]] = True
        reg = np.maximum(best_r - (u_row * xs_full).sum(axis=1),
                         best_c - (u_col * ys_full).sum(axis=1))
        keep = np.flatnonzero(good & (reg <= tol))
        for e, gi in zip(keep.tolist(), g_idx[keep].tolist()):
            found[gi].append((xs_full[e], ys_full[e]))
    counts = np.array([len(f) for f in found])
    suspect |= counts % 2 == 0          # a nondegenerate game has an odd number of equilibria
    return found, suspect


def _batch_pure(games):
    """Pure equilibria of a stack of same-shape games (action index rows per game)."""
    N = games[0].num_players
    shape = games[0].num_actions
    mask = np.ones((len(games),) + tuple(shape), dtype=bool)
    tols = np.array([g.default_tol() for g in games])
    for i in range(N):
        own = np.stack([np.asarray(g.own_axis_payoffs(i), dtype=float) for g in games])
        best = own.max(axis=1, keepdims=True)
        t = tols.reshape((-1,) + (1,) * N)
        mask &= np.moveaxis(own >= best - t, 1, i + 1)
    return [np.argwhere(mk) for mk in mask]


# ----------------------------------------------------------------------------------------------
# chunks (one executor job each)
# ----------------------------------------------------------------------------------------------
def _error(index, exc):
    return GameError(index=index, type=type(exc).__name__, message=str(exc))


class _SolveChunk:
    """Picklable: solve a chunk of (index, game) pairs; returns (results, vectorised count)."""

    def __init__(self, method: str, options: dict, vectorise: bool):
        self.method = method
        self.options = options
        self.vectorise = vectorise

    def __call__(self, chunk):
        from .solve import solve
        out: dict[int, Any] = {}
        nvec = 0
        if self.vectorise and not self.options:
            groups: dict[tuple, list] = {}
            for idx, g in chunk:
                if not g.is_exact:
                    groups.setdefault((g.num_players, tuple(g.num_actions)), []).append((idx, g))
            for (N, shape), items in groups.items():
                games = [g for _, g in items]
                if self.method in _VECTOR_2P and N == 2:
                    A = np.stack([g.payoffs[0] for g in games]).astype(float, copy=False)
                    B = np.stack([g.payoffs[1] for g in games]).astype(float, copy=False)
                    # game.default_tol(), for the whole stack at once
                    scale = np.maximum(1.0, np.maximum(np.abs(A).max(axis=(1, 2)),
                                                       np.abs(B).max(axis=(1, 2))))
                    tols = 1e-9 * scale
                    for t in np.unique(tols):
                        sub = np.flatnonzero(tols == t)
                        found, suspect = _batch_support_enumeration(A[sub], B[sub], float(t))
                        for j, f, bad in zip(sub.tolist(), found, suspect.tolist()):
                            if not bad:
                                out[items[j][0]] = _Pending(items[j][1], tuple(f),
                                                            self.method, float(t))
                                nvec += 1
                elif self.method == "pure":
                    from .pure import _one_hot
                    for (idx, g), acts in zip(items, _batch_pure(games)):
                        profs = tuple(_one_hot(g, a) for a in acts)
                        out[idx] = _Pending(g, profs, "pure", g.default_tol())
                        nvec += 1
        for idx, g in chunk:
            if idx in out:
                continue
            try:
                out[idx] = solve(g, method=self.method, **self.options)
            except (ContractsError, ValueError, ArithmeticError, RuntimeError,
                    NotImplementedError, TypeError) as exc:
                out[idx] = _error(idx, exc)
        return [out[idx] for idx, _ in chunk], nvec


def solve_many(games: Iterable[Any], method: str | None = None, *,
               executor: Executor | Callable | None = None, chunksize: int | None = None,
               progress: bool = False, vectorise: bool = True, **options: Any) -> BatchResult:
    """Solve many games with one method: vectorised across games where possible.

    Parameters
    ----------
    games : iterable of NormalFormGame (or any game :func:`contracts.solve` accepts)
    method : str, optional
        A :func:`contracts.solve` method name (default as in :func:`contracts.solve`).
        ``"support_enumeration"`` and ``"vertex_enumeration"`` (two players) and ``"pure"``
        are vectorised across float games of the same shape when no options are given.
    executor : None, concurrent.futures.Executor or callable, optional
        Where chunks run: serially (None), ``executor.map`` (e.g. a ProcessPoolExecutor or
        dask's ``client.get_executor()``), or a ``map``-like callable ``f(func, chunks)``.
    chunksize : int, optional
        Games per chunk (default: all games in one chunk when serial, else about 32 chunks).
    progress : bool, default False
        Show a progress bar over chunks (needs tqdm).
    vectorise : bool, default True
        Use the across-games path where available (False: always game by game).
    **options
        Passed to the solver of each game.

    Returns
    -------
    BatchResult
        One result (or :class:`GameError`) per game, in input order; each equilibrium is
        verified (max regret ≤ tol) as :func:`contracts.solve` does.

    Examples
    --------
    >>> import numpy as np
    >>> import contracts as ct
    >>> from contracts.equilibrium.batch import solve_many
    >>> rng = np.random.default_rng(0)
    >>> games = [ct.NormalFormGame.from_bimatrix(rng.random((3, 3)), rng.random((3, 3)))
    ...          for _ in range(100)]
    >>> res = solve_many(games, method="support_enumeration")
    >>> len(res), len(res.errors)
    (100, 0)
    >>> all(r.max_regret <= 1e-9 for r in res)
    True
    """
    from .solve import _ALIASES, METHODS
    where = "solve_many"
    try:
        items = list(games)
    except TypeError:
        raise InvalidGameError(f"{where}: games must be an iterable of games, got "
                               f"{type(games).__name__}") from None
    if executor is not None and not (isinstance(executor, Executor) or callable(executor)):
        raise InvalidParameterError(
            f"{where}: executor must be None, a concurrent.futures.Executor or a map-like "
            f"callable, got {type(executor).__name__}")
    if chunksize is not None and (not isinstance(chunksize, (int, np.integer)) or chunksize < 1):
        raise InvalidParameterError(f"{where}: chunksize must be a positive integer, got "
                                    f"{chunksize!r}")
    key = None
    if method is not None:
        if not isinstance(method, str):
            raise InvalidParameterError(f"{where}: method must be a string, got {method!r}")
        key = method.strip().lower().replace("-", "_").replace(" ", "_")
        key = _ALIASES.get(key, key)
        if key not in METHODS:
            raise InvalidParameterError(f"{where}: unknown method {method!r}; expected one of "
                                        f"{', '.join(METHODS)}")
    indexed = list(enumerate(items))
    if chunksize is None:
        chunksize = len(indexed) if executor is None and not progress else \
            max(1, math.ceil(len(indexed) / 32))
    chunks = [indexed[k:k + chunksize] for k in range(0, len(indexed), max(1, chunksize))]
    runner = _SolveChunk(key, dict(options), bool(vectorise) and key is not None)
    if executor is None:
        mapped: Iterable = map(runner, chunks)
    elif isinstance(executor, Executor):
        mapped = executor.map(runner, chunks)
    else:
        mapped = executor(runner, chunks)
    if progress:
        try:
            from tqdm.auto import tqdm
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("solve_many(progress=True) needs tqdm: pip install tqdm") from exc
        mapped = tqdm(mapped, total=len(chunks), desc=where, unit="chunk")
    results: list = []
    nvec = 0
    for res, nv in mapped:
        results.extend(res)
        nvec += nv
    return BatchResult(method=key or "default", raw=tuple(results), vectorised=nvec)

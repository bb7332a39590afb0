"""``solve_many``: thousands of small games at once, vectorised across games or in parallel.

Monte Carlo studies and benchmarks solve many small games of the same shape. Where the method
allows, :func:`solve_many` solves a whole stack of games with array operations across games:

* ``support_enumeration`` / ``vertex_enumeration`` of two-player games: for every pair of
  supports ``(I, J)`` of equal size ``k`` the indifference system ``A[I, J] y = v 1`` is solved
  for every game at once by Cramer's rule (all minors of all games from the ones a size smaller,
  see :mod:`._batch_support`), then positivity and the best-response conditions are checked on
  the stack and every equilibrium is verified (max regret). A game in which a tie, a vanishing
  probability or a singular system shows up anywhere (a degenerate game, where the extreme
  equilibria need the full algorithm) is handed to the single-game solver, so the answer is
  always what solving the game alone gives. With numba installed (``pip install
  contracts[fast]``) a compiled kernel runs the same arithmetic on blocks of games in cache,
  about three times as fast, with the same answers bit for bit (see :mod:`._batch_compiled`
  for when it is chosen and how to switch it off).
* ``pure``: the best-response test of every pure profile of every game in one pass.

Every other method runs game by game. Games are split into chunks that run serially, on any
:class:`concurrent.futures.Executor` (processes, or a dask cluster's ``client.get_executor()``)
or through any ``map``-like callable, as :func:`contracts.sweep` does. A game whose solver raises
keeps its error in the result; the other games are unaffected.
"""

from __future__ import annotations

import math
from operator import attrgetter, itemgetter
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np

from ..exceptions import ContractsError, InvalidGameError, InvalidParameterError

__all__ = ["solve_many", "BatchResult", "GameError"]

_VECTOR_2P = {"support_enumeration", "vertex_enumeration"}


@dataclass(frozen=True)
class GameError:
    """The error raised while solving one game of a batch.

    Attributes
    ----------
    index : int
        Position of the game in the batch.
    type : str
        Name of the exception class.
    message : str
        The exception's message.

    Examples
    --------
    >>> from contracts.equilibrium.batch import GameError
    >>> print(GameError(index=3, type="UnsupportedGameError", message="needs two players"))
    game 3: UnsupportedGameError: needs two players
    """

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


class _Block:
    """Equilibria of many games from the stacked support enumeration, kept as two arrays.

    Game ``l`` of the block owns rows ``starts[l]:starts[l + 1]`` of ``X`` and ``Y``. The batch
    result holds the block itself in the slot of each of its games (no object per game);
    ``local(i)`` maps the game's index in the batch to ``l`` (``positions``: the block's games
    as positions in their chunk, ``base``: the chunk's first index, set when chunks are joined).
    """

    __slots__ = ("games", "A", "B", "X", "Y", "starts", "tols", "method", "positions", "base",
                 "_inv")

    def __init__(self, games, A, B, X, Y, starts, tols, method, positions):
        self.games, self.A, self.B, self.X, self.Y = games, A, B, X, Y
        self.starts, self.tols = starts, tols
        self.method, self.positions, self.base, self._inv = method, positions, 0, None

    def local(self, i: int) -> int:
        p = i - self.base
        if isinstance(self.positions, range):
            return p - self.positions.start
        if self._inv is None:
            self._inv = {q: l for l, q in enumerate(self.positions)}
        return self._inv[p]

    def count(self, i: int) -> int:
        local = self.local(i)
        return int(self.starts[local + 1] - self.starts[local])

    def profiles(self, local: int) -> list:
        a, b = self.starts[local], self.starts[local + 1]
        return [(x, y) for x, y in zip(self.X[a:b], self.Y[a:b])]

    def build(self, local: int):
        from ..results import build_bimatrix_result
        a, b = self.starts[local], self.starts[local + 1]
        # the stack only takes games whose payoffs resolve (see stack_tols)
        return build_bimatrix_result(self.games[local], self.X[a:b], self.Y[a:b],
                                method=self.method, tol=float(self.tols[local]),
                                message="vectorised across games", resolvable=True)

    def build_all(self) -> list:
        """The results of every game of the block (by local index), verified in one pass."""
        from ..results import build_bimatrix_results
        return build_bimatrix_results(self.games, self.A, self.B, self.X, self.Y, self.starts,
                                      self.tols, method=self.method,
                                      message="vectorised across games", resolvable=True)


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
    raw : tuple
        Per game: its result, a :class:`GameError`, or (for a game solved by the vectorised
        path, packaged on first access) a private reference to its equilibria.
    vectorised : int
        How many games were solved by the vectorised path.

    Examples
    --------
    >>> import numpy as np
    >>> import contracts as ct
    >>> from contracts.equilibrium.batch import solve_many
    >>> rng = np.random.default_rng(1)
    >>> games = [ct.NormalFormGame.from_bimatrix(rng.random((2, 2)), rng.random((2, 2)))
    ...          for _ in range(5)]
    >>> res = solve_many(games, method="support_enumeration")
    >>> len(res), int(res.counts.min()) >= 1
    (5, True)
    """

    method: str
    raw: tuple = field(repr=False)
    vectorised: int = 0
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, i):
        r = self.raw[i]
        if isinstance(r, (_Block, _Pending)):
            i = range(len(self.raw))[i]
            if i not in self._cache:
                self._cache[i] = r.build(r.local(i)) if isinstance(r, _Block) else r.build()
            return self._cache[i]
        return r

    def __iter__(self):
        for i in range(len(self.raw)):
            r = self.raw[i]
            if isinstance(r, _Block) and i not in self._cache:
                self._build_block(r)        # every game of the block at once: one check
            yield self[i]

    def _build_block(self, block: _Block) -> None:
        import gc

        # tens of thousands of small acyclic objects: the cyclic collector would rescan the
        # growing heap many times over (more than half the time), so it pauses meanwhile
        enabled = gc.isenabled()
        gc.disable()
        try:
            built = block.build_all()
        finally:
            if enabled:
                gc.enable()
        for i, r in enumerate(self.raw):
            if r is block and i not in self._cache:
                self._cache[i] = built[block.local(i)]

    @property
    def results(self) -> tuple:
        """One EquilibriumResult (or GameError) per game."""
        return tuple(self)

    def profiles(self, i: int) -> list:
        """The equilibrium profiles of game ``i`` as tuples of numpy arrays (no packaging).

        Parameters
        ----------
        i : int
            Index of the game in the input order.

        Returns
        -------
        list of tuple of ndarray
            One ``(x, y, ...)`` strategy profile per equilibrium.

        Examples
        --------
        >>> import contracts as ct
        >>> from contracts.equilibrium.batch import solve_many
        >>> g = ct.NormalFormGame.from_bimatrix([[1.0, -1.0], [-1.0, 1.0]])
        >>> [s.tolist() for s in solve_many([g], method="support_enumeration").profiles(0)[0]]
        [[0.5, 0.5], [0.5, 0.5]]
        """
        r = self.raw[i]
        if isinstance(r, _Block):
            return r.profiles(r.local(range(len(self.raw))[i]))
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
                         r.count(i) if isinstance(r, _Block)
                         else len(r.profiles) if isinstance(r, _Pending) else len(r)
                         for i, r in enumerate(self.raw)], dtype=np.int64)

    def __repr__(self) -> str:
        return (f"BatchResult(method={self.method!r}, games={len(self.raw)}, "
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
        """A JSON-ready dict: the method and one entry per game (its result or its error).

        Returns
        -------
        dict
            ``{"method", "vectorised", "results"}``.

        Examples
        --------
        >>> import contracts as ct
        >>> from contracts.equilibrium.batch import solve_many
        >>> g = ct.NormalFormGame.from_bimatrix([[1.0, 0.0], [0.0, 1.0]])
        >>> sorted(solve_many([g], method="pure").to_dict())
        ['method', 'results', 'vectorised']
        """
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
def _stack_2p(games: list, A: np.ndarray, B: np.ndarray, method: str, positions) -> list:
    """Entries for games of one shape (at ``positions`` in their chunk): the shared
    :class:`_Block` for the games solved on the stack, None for those the single-game solver
    must take (degenerate or unresolvable)."""
    from ._batch_compiled import stack_equilibria
    from ._batch_support import stack_tols

    G = len(games)
    tol, ok = stack_tols(A, B)
    sub = None if ok.all() else np.flatnonzero(ok)
    if sub is None:
        g, X, Y, suspect = stack_equilibria(A, B, tol)
    else:
        g, X, Y, sus_sub = stack_equilibria(A[sub], B[sub], tol[sub])
        g = sub[g]
        suspect = np.ones(G, dtype=bool)
        suspect[sub] = sus_sub
    starts = np.zeros(G + 1, dtype=np.int64)
    np.cumsum(np.bincount(g, minlength=G), out=starts[1:])
    block = _Block(games, A, B, X, Y, starts, tol, method, positions)
    entries: list = [block] * G
    for i in np.flatnonzero(suspect).tolist():
        entries[i] = None
    return entries


def _stack_bimatrices(games: list):
    """``(A, B)``, stacks (G, m, n) of the payoffs of float two-player games of one shape, or
    None when the games are not all such games."""
    pays = list(map(attrgetter("payoffs"), games))
    if set(map(len, pays)) != {2}:
        return None
    As = list(map(itemgetter(0), pays))
    Bs = list(map(itemgetter(1), pays))
    # a two-player game's arrays are 2-D and share one shape: rows and sizes fix it (cheaper
    # than comparing shape tuples)
    rows = set(map(len, As))
    sizes = set(map(attrgetter("size"), As))
    dtypes = set(map(attrgetter("dtype"), As)) | set(map(attrgetter("dtype"), Bs))
    if len(rows) != 1 or len(sizes) != 1 or dtypes != {np.dtype(np.float64)}:
        return None
    m = rows.pop()
    if m == 0:
        return None
    shape = (len(games), m, sizes.pop() // m)
    try:
        # one copy through the buffer protocol: np.concatenate costs ~1 us per small array
        # (10 ms for 10,000 games); a non-C-contiguous array raises TypeError here
        A = np.frombuffer(b"".join(As), dtype=np.float64)
        B = np.frombuffer(b"".join(Bs), dtype=np.float64)
    except TypeError:
        A, B = np.stack(As), np.stack(Bs)
    return A.reshape(shape), B.reshape(shape)


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
def _blocks_in(entries: list) -> list:
    """The distinct blocks among one group's entries (a group has at most one)."""
    for e in entries:
        if isinstance(e, _Block):
            return [e]
    return []


def _error(index, exc):
    return GameError(index=index, type=type(exc).__name__, message=str(exc))


class _SolveChunk:
    """Picklable: solve a chunk ``(index of its first game, games)``; returns (results,
    vectorised count, blocks of games solved across games)."""

    def __init__(self, method: str, options: dict, vectorise: bool):
        self.method = method
        self.options = options
        self.vectorise = vectorise

    def __call__(self, chunk):
        from .solve import solve
        start, games = chunk
        out: list = [None] * len(games)
        nvec = 0
        blocks = []
        if self.vectorise and not self.options:
            for pos, entries in self._vectorised(games):
                blocks.extend(_blocks_in(entries))
                if isinstance(pos, range) and len(pos) == len(games):
                    out = entries
                else:
                    for p, e in zip(pos, entries):
                        out[p] = e
                nvec += len(entries) - entries.count(None)
        if nvec < len(games):
            for p, g in enumerate(games):
                if out[p] is not None:
                    continue
                try:
                    out[p] = solve(g, method=self.method, **self.options)
                except (ContractsError, ValueError, ArithmeticError, RuntimeError,
                        NotImplementedError, TypeError) as exc:
                    out[p] = _error(start + p, exc)
        return out, nvec, blocks

    def _vectorised(self, games):
        """Yield ``(positions in the chunk, entries)`` for each group of games solved across
        games; entries are None for games left to the single-game solver."""
        from ..games.normal_form import NormalFormGame

        if self.method in _VECTOR_2P:
            # fast path: every game a float two-player game of one shape (checked at C speed)
            if set(map(type, games)) == {NormalFormGame}:
                stacked = _stack_bimatrices(games)
                if stacked is not None:
                    G = len(games)
                    yield range(G), _stack_2p(games, *stacked, self.method, range(G))
                    return
        groups: dict[tuple, list] = {}
        for p, g in enumerate(games):
            if isinstance(g, NormalFormGame) and not g.is_exact:
                groups.setdefault((g.num_players, tuple(g.num_actions)), []).append(p)
        for (N, shape), pos in groups.items():
            sub = [games[p] for p in pos]
            if self.method in _VECTOR_2P and N == 2:
                A = np.stack([g.payoffs[0] for g in sub]).astype(float, copy=False)
                B = np.stack([g.payoffs[1] for g in sub]).astype(float, copy=False)
                yield pos, _stack_2p(sub, A, B, self.method, pos)
            elif self.method == "pure":
                from .pure import _one_hot
                yield pos, [_Pending(g, tuple(_one_hot(g, a) for a in acts), "pure",
                                     g.default_tol())
                            for g, acts in zip(sub, _batch_pure(sub))]


def solve_many(games: Iterable[Any], method: str | None = None, *,
               executor: Executor | Callable | None = None, chunksize: int | None = None,
               progress: bool = False, vectorise: bool = True, **options: Any) -> BatchResult:
    """Solve many games with one method: vectorised across games where possible.

    Parameters
    ----------
    games : iterable of NormalFormGame (or any game :func:`contracts.solve` accepts)
        The games to solve, in order; results come back in the same order.
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
    if chunksize is None:
        chunksize = len(items) if executor is None and not progress else \
            max(1, math.ceil(len(items) / 32))
    chunks = [(k, items[k:k + chunksize]) for k in range(0, len(items), max(1, chunksize))]
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
    for res, nv, blocks in mapped:
        for block in blocks:
            block.base = len(results)
        results.extend(res)
        nvec += nv
    return BatchResult(method=key or "default", raw=tuple(results), vectorised=nvec)

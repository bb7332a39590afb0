"""Frozen result types shared by the solvers.

:class:`Equilibrium` is one verified strategy profile; :class:`EquilibriumResult` is what every
equilibrium solver returns: the equilibria plus how they were found. Both are immutable, iterable
and print in words. Solvers build results with :func:`build_result`, which verifies every
candidate (max regret ≤ tol) before it is returned, or with :func:`build_bimatrix_result`, the
same verification across float two-player profiles stored as the rows of two arrays.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from ._result import Result, format_number, jsonable
from .exceptions import DegenerateGameWarning

__all__ = ["Equilibrium", "EquilibriumResult", "build_result", "build_bimatrix_result",
           "build_bimatrix_results", "package_checked_profile", "format_number",
           "dedupe_profiles", "Result", "KINDS"]

#: What kind of strategies an :class:`EquilibriumResult` holds.
KINDS = ("mixed", "behaviour", "correlated", "bayesian", "stackelberg")


def _fmt_vec(v) -> str:
    return "(" + ", ".join(format_number(x) for x in v) + ")"


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One equilibrium: a strategy profile with its payoffs and its (verified) regret.

    Iterating over an equilibrium yields the strategies, so ``x, y = eq`` works as in nashpy.

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        One probability vector per player (``object`` arrays of Fraction when exact).
    payoffs : tuple
        Expected payoff of each player.
    regret : float or Fraction
        Largest gain any player could get by deviating (0 for exact equilibria).
    players, actions : tuple
        Labels, used for printing.

    Examples
    --------
    >>> import contracts as ct
    >>> res = ct.solve(ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]), exact=True)
    >>> x, y = res[0]
    >>> [str(p) for p in x], res[0].exact
    (['1/2', '1/2'], True)
    """

    strategies: tuple
    payoffs: tuple
    regret: Any = 0.0
    players: tuple = ()
    actions: tuple = ()

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.strategies)

    def __len__(self) -> int:
        return len(self.strategies)

    def __getitem__(self, i):
        return self.strategies[i]

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the actions played with positive probability, per player."""
        return tuple(tuple(int(k) for k in range(len(s)) if s[k] > 0) for s in self.strategies)

    @property
    def is_pure(self) -> bool:
        """True when every player plays a single action."""
        return all(len(s) == 1 for s in self.support)

    @property
    def exact(self) -> bool:
        """Whether the strategies are exact Fractions."""
        return all(s.dtype == object for s in self.strategies)

    def to_numpy(self) -> tuple[np.ndarray, ...]:
        """Strategies as float64 arrays."""
        return tuple(np.asarray(s, dtype=np.float64) for s in self.strategies)

    def __eq__(self, other):
        if not isinstance(other, Equilibrium):
            return NotImplemented
        return len(self.strategies) == len(other.strategies) and all(
            np.array_equal(a, b) for a, b in zip(self.strategies, other.strategies))

    def __hash__(self):
        return hash(tuple(tuple(s) for s in self.strategies))

    def to_dict(self) -> dict:
        """The equilibrium as JSON-serialisable data (Fractions as ``"p/q"`` strings)."""
        return {"strategies": jsonable(self.strategies), "payoffs": jsonable(self.payoffs),
                "regret": jsonable(self.regret), "players": list(self.players),
                "actions": jsonable(self.actions)}

    def __repr__(self) -> str:
        strat = ", ".join(_fmt_vec(s) for s in self.strategies)
        pay = _fmt_vec(self.payoffs)
        return f"Equilibrium(strategies=({strat}), payoffs={pay})"

    def __str__(self) -> str:
        lines = []
        players = self.players or tuple(f"player {i + 1}" for i in range(len(self.strategies)))
        for i, s in enumerate(self.strategies):
            acts = self.actions[i] if self.actions else tuple(str(k) for k in range(len(s)))
            parts = [f"{acts[k]}={format_number(s[k])}" for k in range(len(s)) if s[k] != 0]
            lines.append(f"  {players[i]}: " + ", ".join(parts)
                         + f"  (payoff {format_number(self.payoffs[i])})")
        return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class EquilibriumResult(Result):
    """Equilibria found by a solver, with how they were found.

    The one equilibrium result of the library: every equilibrium solver returns it or a subclass
    of it, and :attr:`kind` says what the strategies are (``"mixed"`` strategy profiles of a
    strategic-form game, ``"behaviour"`` strategies of a game tree, a ``"correlated"``
    distribution, ``"bayesian"`` per-type strategies, a ``"stackelberg"`` commitment).
    Iterable over its equilibria; ``len(result)`` is their number.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        The verified equilibria.
    method : str
        Name of the algorithm.
    exact : bool
        True when strategies are exact Fractions.
    complete : bool
        True when the method guarantees it found all (extreme) equilibria.
    converged : bool
        False when an iterative method stopped before converging.
    iterations : int or None
        Pivots / iterations used, when meaningful.
    max_regret : float or Fraction
        Largest regret over the returned equilibria (verified ≤ tol).
    degenerate : bool or None
        Whether the game was found degenerate (None when not checked).
    message : str
        Anything the user should know (dropped candidates, degeneracy, ...).
    extra : Mapping
        Method-specific details.
    kind : str
        One of :data:`KINDS`.

    Examples
    --------
    >>> import contracts as ct
    >>> res = ct.solve(ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]), exact=True)
    >>> len(res), res.exact, res.max_regret
    (1, True, Fraction(0, 1))
    """

    equilibria: tuple = ()
    method: str = ""
    exact: bool = False
    complete: bool = False
    converged: bool = True
    iterations: int | None = None
    max_regret: Any = 0.0
    degenerate: bool | None = None
    message: str = ""
    extra: dict = field(default_factory=dict, repr=False)
    kind: str = "mixed"

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, i) -> Equilibrium:
        return self.equilibria[i]

    def __bool__(self) -> bool:
        return len(self.equilibria) > 0

    def to_numpy(self) -> list[tuple[np.ndarray, ...]]:
        """The equilibria as a list of tuples of float64 arrays."""
        return [eq.to_numpy() for eq in self.equilibria]

    def __repr__(self) -> str:
        flags = [f"method={self.method!r}", f"n={len(self.equilibria)}",
                 f"exact={self.exact}", f"complete={self.complete}"]
        if not self.converged:
            flags.append("converged=False")
        if self.degenerate:
            flags.append("degenerate=True")
        if self.kind != "mixed":
            flags.insert(0, f"kind={self.kind!r}")
        return type(self).__name__ + "(" + ", ".join(flags) + ")"

    def _rows(self) -> list[dict]:
        rows = []
        for k, eq in enumerate(self.equilibria):
            strategies = getattr(eq, "strategies", ())
            for i, s in enumerate(strategies):
                row = {"equilibrium": k, "player": i}
                flat = np.asarray(s, dtype=object).ravel()
                row.update({f"p{j}": jsonable(v) if isinstance(v, Fraction) else float(v)
                            for j, v in enumerate(flat)})
                pay = getattr(eq, "payoffs", None)
                if pay is not None and i < len(pay):
                    row["payoff"] = float(pay[i])
                rows.append(row)
        return rows

    def __str__(self) -> str:
        n = len(self.equilibria)
        if self.complete:
            what = "all pure equilibria" if self.method == "pure" else "all extreme equilibria"
        else:
            what = "equilibria found"
        lines = [f"{self.method}: {n} {'equilibrium' if n == 1 else 'equilibria'} ({what}; "
                 f"{'exact' if self.exact else 'floating point'}; max regret "
                 f"{format_number(self.max_regret, 3)})"]
        if self.degenerate:
            lines.append("  the game is degenerate: equilibria may form continua; "
                         "extreme points are listed")
        if not self.converged:
            lines.append("  did not converge")
        if self.message:
            lines.append("  " + self.message)
        for k, eq in enumerate(self.equilibria, 1):
            lines.append(f" #{k}")
            lines.append(str(eq))
        return "\n".join(lines)


def _key(profile, digits: int = 9):
    return tuple(tuple(x if isinstance(x, Fraction) else round(float(x), digits) + 0.0
                       for x in s) for s in profile)


def dedupe_profiles(profiles: Iterable[Sequence[np.ndarray]], tol: float = 1e-8) -> list:
    """Remove duplicate profiles (exact equality for Fractions, ``tol`` in max-norm for floats).

    Parameters
    ----------
    profiles : iterable of sequences of numpy.ndarray
        Strategy profiles.
    tol : float
        Float profiles closer than this (in max-norm) are duplicates.

    Returns
    -------
    list
        The distinct profiles, first occurrences kept, in order.

    Examples
    --------
    >>> p = (np.array([1.0, 0.0]), np.array([0.5, 0.5]))
    >>> len(dedupe_profiles([p, p]))
    1
    """
    out: list = []
    seen_exact = set()
    kept = None          # the float profiles kept so far, flattened, one per row
    rows = 0
    for p in profiles:
        if all(s.dtype == object for s in p):
            k = _key(p)
            if k in seen_exact:
                continue
            seen_exact.add(k)
            out.append(p)
            v = None
        else:
            v = np.concatenate([np.asarray(s, float).ravel() for s in p])
            if rows and np.any(np.max(np.abs(kept[:rows] - v), axis=1) <= tol):
                continue
            out.append(p)
        if v is None:        # an exact profile: float profiles are compared with it too
            v = np.concatenate([np.asarray(s, float).ravel() for s in p])
        if kept is None:
            kept = np.empty((8, v.size))
        if rows == kept.shape[0]:
            kept = np.concatenate([kept, np.empty_like(kept)])
        kept[rows] = v
        rows += 1
    return out


def _pure_index(prof) -> tuple | None:
    """The action indices of a profile of one-hot vectors, or None if it is mixed."""
    idx = []
    for s in prof:
        if s.dtype == object:
            nz = [k for k, x in enumerate(s) if x != 0]
            if len(nz) != 1 or s[nz[0]] != 1:
                return None
        else:
            nz = np.flatnonzero(s)
            if len(nz) != 1 or s[nz[0]] != 1.0:
                return None
        idx.append(int(nz[0]))
    return tuple(idx)


def _pure_regrets_and_payoffs(game, a: tuple) -> tuple[tuple, tuple]:
    """Regrets and payoffs at a pure profile by indexing: exact for exact games, O(sum n_i)."""
    regrets, pays = [], []
    for i in range(game.num_players):
        column = game.own_axis_payoffs(i)[(slice(None),) + a[:i] + a[i + 1:]]
        u = column[a[i]]
        best = max(column)
        pays.append(u)
        regrets.append(best - u if isinstance(u, Fraction) else max(0.0, float(best - u)))
    return tuple(regrets), tuple(pays)


def _unresolvable(game) -> bool:
    from . import _tolerance
    from .exceptions import InvalidGameError
    try:
        _tolerance.check_resolvable(game, "build_result")
    except InvalidGameError:
        return True
    return False


def build_result(game, profiles: Iterable[Sequence[Any]], *, method: str, tol: float | None = None,
                 exact: bool = False, complete: bool = False, converged: bool = True,
                 iterations: int | None = None, degenerate: bool | None = None,
                 message: str = "", warn_degenerate: bool = True, dedupe: bool = True,
                 extra: dict | None = None) -> EquilibriumResult:
    """Verify candidate profiles and package them into an :class:`EquilibriumResult`.

    Every candidate whose max regret exceeds ``tol`` (0 for exact profiles) is dropped, and the
    message says how many were. Float profiles are clipped to the simplex (tiny negative
    round-off set to 0, renormalised) before verification. A single
    :class:`~contracts.exceptions.DegenerateGameWarning` is emitted when ``degenerate`` is true.

    Parameters
    ----------
    game : NormalFormGame
        The game the profiles belong to.
    profiles : iterable of sequences
        Candidate profiles, one probability vector per player.
    method : str
        Name of the algorithm.
    tol : float, optional
        Largest regret accepted (default ``game.default_tol()``; 0 for exact profiles).
    exact : bool
        Whether the profiles are exact.
    complete : bool
        Whether the method found all (extreme) equilibria.
    converged : bool
        Whether an iterative method converged.
    iterations : int, optional
        Pivots or iterations used.
    degenerate : bool, optional
        Whether the game was found degenerate.
    message : str
        Anything the user should know.
    warn_degenerate : bool
        Emit the warning for a degenerate game.
    dedupe : bool
        Drop duplicate profiles.
    extra : dict, optional
        Method-specific details.

    Returns
    -------
    EquilibriumResult
        The verified equilibria.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> res = build_result(g, [([0.5, 0.5], [0.5, 0.5]), ([1, 0], [1, 0])], method="mine")
    >>> len(res), res.message
    (1, '1 candidate profile(s) failed verification (regret > 2e-09) and were dropped')
    """
    from .games.normal_form import as_profile

    if tol is None:
        tol = game.default_tol()
    verified = []
    pure_payoffs: dict[int, tuple] = {}
    dropped = 0
    for prof in profiles:
        clean = []
        for s in prof:
            s = np.asarray(s) if not isinstance(s, np.ndarray) else s
            if s.dtype != object:
                s = np.where(s < 0, 0.0, s.astype(np.float64))
                tot = s.sum()
                if tot > 0:
                    s = s / tot
            clean.append(s)
        try:
            p = as_profile(game, clean, where=method, tol=1e-9)
        except Exception:
            dropped += 1
            continue
        a = _pure_index(p)
        if a is not None:   # pure profile: exact (or float) regrets by indexing, no contraction
            r, pay = _pure_regrets_and_payoffs(game, a)
            pure_payoffs[id(p)] = pay
        else:
            r = game._regrets(p)
        rmax = max(r)
        limit = 0 if isinstance(rmax, Fraction) else tol
        if rmax <= limit:
            verified.append((p, rmax))
        else:
            dropped += 1
    if dedupe:
        keep = dedupe_profiles([p for p, _ in verified])
        keep_ids = {id(p) for p in keep}
        verified = [(p, r) for p, r in verified if id(p) in keep_ids]
    eqs = []
    for p, r in verified:
        pay = pure_payoffs.get(id(p))
        if pay is None:
            pay = game._expected_payoffs(p)
        eqs.append(Equilibrium(strategies=p, payoffs=pay, regret=r, players=game.players,
                               actions=game.actions))
    max_r = max((r for _, r in verified), default=0.0)
    return _package(game, tuple(eqs), max_r, dropped, method=method, tol=tol, exact=exact,
                    complete=complete, converged=converged, iterations=iterations,
                    degenerate=degenerate, message=message, warn_degenerate=warn_degenerate,
                    extra=extra, resolvable=None)


def _package(game, eqs: tuple, max_r, dropped: int, *, method: str, tol, exact: bool,
             complete: bool, converged: bool, iterations, degenerate, message: str,
             warn_degenerate: bool, extra, resolvable: bool | None) -> EquilibriumResult:
    """The result holding verified equilibria: messages, completeness, the degeneracy warning.
    ``resolvable=True``: the caller has established that a float game's payoffs resolve."""
    msgs = [message] if message else []
    if dropped:
        msgs.append(f"{dropped} candidate profile(s) failed verification (regret > {tol:g}) "
                    "and were dropped")
        complete = False
    if not exact and complete and not resolvable and _unresolvable(game):
        msgs.append("the payoffs are too small to resolve in floating point (subnormal); the "
                    "list may miss equilibria: rescale the payoffs or solve with exact=True")
        complete = False
    if degenerate and warn_degenerate:
        warnings.warn(
            f"{method}: the game is degenerate (a mixed strategy has more pure best responses "
            "than its support size), so equilibria can form continua; the result lists the "
            "extreme equilibria of every component", DegenerateGameWarning, stacklevel=4)
    return EquilibriumResult(equilibria=eqs, method=method, exact=exact,
                             complete=complete, converged=converged, iterations=iterations,
                             max_regret=max_r, degenerate=degenerate, message="; ".join(msgs),
                             extra=extra or {})


def build_bimatrix_result(game, X: np.ndarray, Y: np.ndarray, *, method: str, tol: float,
                          complete: bool = True, converged: bool = True,
                          iterations: int | None = None, degenerate: bool | None = False,
                          message: str = "", warn_degenerate: bool = True,
                          extra: dict | None = None,
                          resolvable: bool | None = None) -> EquilibriumResult:
    """:func:`build_result` for float profiles of a two-player game stored as rows of arrays.

    The same checks as :func:`build_result`, across all profiles at once: each strategy is
    clipped to the simplex (negative round-off set to 0, renormalised; a zero, infinite or NaN
    strategy fails), then every profile whose max regret exceeds ``tol`` (or is NaN) is dropped
    and counted in the message. Regrets and payoffs are matrix products over all profiles
    (exactly the indexed payoffs for pure profiles: products with 0 and 1 are exact). No
    deduplication.

    Parameters
    ----------
    game : NormalFormGame
        A two-player float game.
    X, Y : numpy.ndarray
        Shapes (E, m) and (E, n): row ``e`` of each is one candidate profile.
    method : str
        Name of the algorithm.
    tol : float
        Largest regret accepted.
    complete, converged : bool
        As in :func:`build_result`.
    iterations : int, optional
        Pivots or iterations used.
    degenerate : bool, optional
        Whether the game was found degenerate (warns once when true and ``warn_degenerate``).
    message : str
        Anything the user should know.
    warn_degenerate : bool
        Emit the warning for a degenerate game.
    extra : dict, optional
        Method-specific details.
    resolvable : bool, optional
        True when the caller has already checked that the payoffs resolve in floating point
        (otherwise a complete result is checked here).

    Returns
    -------
    EquilibriumResult
        The verified equilibria, in the order of the rows.

    Examples
    --------
    >>> import numpy as np
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> X = np.array([[0.5, 0.5], [1.0, 0.0]])
    >>> res = build_bimatrix_result(g, X, X.copy(), method="mine", tol=g.default_tol())
    >>> len(res), res.message
    (1, '1 candidate profile(s) failed verification (regret > 2e-09) and were dropped')
    """
    A, B = game.bimatrix
    if len(X) == 1:                      # one profile (a path's end): the same checks on vectors
        return _build_single(game, A, B, X[0], Y[0], method=method, tol=tol, complete=complete,
                             converged=converged, iterations=iterations,
                             degenerate=degenerate, message=message,
                             warn_degenerate=warn_degenerate, extra=extra,
                             resolvable=resolvable)
    X, Y, p1, p2, reg = _checked_rows(A, B, X, Y)
    keep = np.flatnonzero(reg <= tol)                      # a NaN regret fails
    players, actions = game.players, game.actions
    eqs = tuple(Equilibrium(strategies=(X[e], Y[e]), payoffs=(a, b), regret=r,
                            players=players, actions=actions)
                for e, a, b, r in zip(keep.tolist(), p1[keep].tolist(), p2[keep].tolist(),
                                      reg[keep].tolist()))
    max_r = float(reg[keep].max()) if len(keep) else 0.0
    return _package(game, eqs, max_r, len(X) - len(keep), method=method, tol=tol, exact=False,
                    complete=complete, converged=converged, iterations=iterations,
                    degenerate=degenerate, message=message, warn_degenerate=warn_degenerate,
                    extra=extra, resolvable=resolvable)


def _checked_rows(A: np.ndarray, B: np.ndarray, X: np.ndarray, Y: np.ndarray) -> tuple:
    """``(X, Y, p1, p2, regret)`` of profiles stored as rows: each strategy clipped to the
    simplex, the players' payoffs and each profile's max regret. ``A`` and ``B`` are one game's
    payoffs, or stacks ``(E, m, n)`` holding each row's own game. A zero, infinite or NaN
    strategy becomes NaN here (0/0, inf/inf, NaN propagates through maximum, products and
    sums), so its regret is NaN, and a NaN regret fails every ``<= tol`` test."""
    X = np.maximum(X, 0.0)
    Y = np.maximum(Y, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        X /= X.sum(axis=1, keepdims=True)
        Y /= Y.sum(axis=1, keepdims=True)
        if A.ndim == 2:
            U1 = Y @ A.T                                 # (E, m): row player's action payoffs
            U2 = X @ B                                   # (E, n): column player's
        else:
            U1 = np.einsum("eij,ej->ei", A, Y)
            U2 = np.einsum("eij,ei->ej", B, X)
        p1 = (X * U1).sum(axis=1)
        p2 = (Y * U2).sum(axis=1)
        reg = np.maximum(np.maximum(U1.max(axis=1) - p1, 0.0), np.maximum(U2.max(axis=1) - p2, 0.0))
    return X, Y, p1, p2, reg


def build_bimatrix_results(games: Sequence, A: np.ndarray, B: np.ndarray, X: np.ndarray,
                           Y: np.ndarray, starts: np.ndarray, tols: np.ndarray, *,
                           method: str, message: str = "",
                           resolvable: bool | None = None) -> list:
    """:func:`build_bimatrix_result` for many games of one shape at once (a batch).

    Game ``l`` owns rows ``starts[l]:starts[l + 1]`` of ``X`` and ``Y``; every row is checked
    in one vectorised pass against its own game's payoffs (``A[l]``, ``B[l]``), with the same
    clipping, normalisation and regret test, and the results are packaged as complete
    (``converged=True``, not degenerate).

    Parameters
    ----------
    games : sequence of NormalFormGame
        ``G`` two-player float games of one shape ``(m, n)``.
    A, B : numpy.ndarray
        Their payoffs, stacked: shape ``(G, m, n)``.
    X, Y : numpy.ndarray
        Shapes ``(E, m)`` and ``(E, n)``: the candidate profiles of all games, game by game.
    starts : numpy.ndarray
        ``G + 1`` row offsets.
    tols : numpy.ndarray
        Each game's regret tolerance.
    method : str
        Name of the algorithm.
    message : str
        Anything the user should know.
    resolvable : bool, optional
        As in :func:`build_bimatrix_result`.

    Returns
    -------
    list of EquilibriumResult
        One per game, in order.

    Examples
    --------
    >>> import numpy as np
    >>> import contracts as ct
    >>> A = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[2.0, 0.0], [0.0, 1.0]]])
    >>> games = [ct.NormalFormGame.from_bimatrix(a, -a) for a in A]
    >>> X = np.array([[0.5, 0.5], [0.25, 0.75]])
    >>> res = build_bimatrix_results(games, A, -A, X, X.copy(), np.array([0, 1, 2]),
    ...                              np.array([1e-9, 1e-9]), method="mine")
    >>> [len(r) for r in res]
    [1, 0]
    """
    starts = np.asarray(starts, dtype=np.int64)
    owner = np.repeat(np.arange(len(games)), np.diff(starts))
    X, Y, p1, p2, reg = _checked_rows(A[owner], B[owner], X, Y)
    ok = (reg <= np.asarray(tols, dtype=np.float64)[owner]).tolist()   # a NaN regret fails
    p1, p2, reg = p1.tolist(), p2.tolist(), reg.tolist()
    out = []
    for g, a, b, tol in zip(games, starts[:-1].tolist(), starts[1:].tolist(),
                            np.asarray(tols, dtype=np.float64).tolist()):
        players, actions = g.players, g.actions
        eqs = tuple(Equilibrium(strategies=(X[e], Y[e]), payoffs=(p1[e], p2[e]),
                                regret=reg[e], players=players, actions=actions)
                    for e in range(a, b) if ok[e])
        max_r = max((e.regret for e in eqs), default=0.0)
        out.append(_package(g, eqs, max_r, b - a - len(eqs), method=method, tol=tol,
                            exact=False, complete=True, converged=True, iterations=None,
                            degenerate=False, message=message, warn_degenerate=True,
                            extra=None, resolvable=resolvable))
    return out


def _build_single(game, A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray, *,
                  method: str, tol: float, **package) -> EquilibriumResult:
    """:func:`build_bimatrix_result` for one profile: the same clipping, normalisation and
    regret test, on vectors and Python floats (a third of the fixed cost of the stacked form).
    A zero, infinite or NaN strategy gives a NaN regret, which fails the test."""
    x = np.maximum(x, 0.0)
    y = np.maximum(y, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        x /= x.sum()
        y /= y.sum()
        u1 = A.dot(y)                                    # the row player's action payoffs
        u2 = x.dot(B)                                    # the column player's
    p1 = float(x.dot(u1))
    p2 = float(y.dot(u2))
    r1 = float(u1.max()) - p1
    r2 = float(u2.max()) - p2
    reg = max(r1, r2, 0.0) if r1 == r1 and r2 == r2 else float("nan")
    return package_checked_profile(game, x, y, (p1, p2), reg, method=method, tol=tol, **package)


def package_checked_profile(game, x: np.ndarray, y: np.ndarray, payoffs: tuple, regret: float,
                            *, method: str, tol: float, complete: bool = False,
                            converged: bool = True, iterations: int | None = None,
                            degenerate: bool | None = None, message: str = "",
                            warn_degenerate: bool = True, extra: dict | None = None,
                            resolvable: bool | None = None) -> EquilibriumResult:
    """The result of one float two-player profile whose max regret has been computed.

    For a solver's compiled path, which clips, normalises and computes the payoffs and max
    regret of the profile with the formulas of :func:`build_bimatrix_result` (a zero or
    non-finite strategy giving a NaN regret). The profile is kept if ``regret <= tol`` (a NaN
    fails), else dropped and counted in the message, as there.

    Parameters
    ----------
    game : NormalFormGame
        A two-player float game.
    x, y : numpy.ndarray
        The strategies, clipped and normalised.
    payoffs : tuple of float
        The players' expected payoffs at ``(x, y)``.
    regret : float
        The profile's max regret (NaN if a strategy was zero or not finite).
    method : str
        Name of the algorithm.
    tol : float
        Largest regret accepted.
    complete, converged : bool
        As in :func:`build_result`.
    iterations : int, optional
        Pivots or iterations used.
    degenerate : bool, optional
        Whether the game was found degenerate (warns once when true and ``warn_degenerate``).
    message : str
        Anything the user should know.
    warn_degenerate : bool
        Emit the warning for a degenerate game.
    extra : dict, optional
        Method-specific details.
    resolvable : bool, optional
        As in :func:`build_bimatrix_result`.

    Returns
    -------
    EquilibriumResult
        The profile if it passed, else an empty result saying it was dropped.

    Examples
    --------
    >>> import numpy as np
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> x = y = np.array([0.5, 0.5])
    >>> res = package_checked_profile(g, x, y, (0.0, 0.0), 0.0, method="mine", tol=1e-9)
    >>> len(res), res[0].regret
    (1, 0.0)
    """
    ok = regret <= tol                                   # a NaN regret fails
    eqs: tuple = (Equilibrium(strategies=(x, y), payoffs=payoffs, regret=regret,
                              players=game.players, actions=game.actions),) if ok else ()
    return _package(game, eqs, regret if ok else 0.0, 0 if ok else 1, method=method, tol=tol,
                    exact=False, complete=complete, converged=converged,
                    iterations=iterations, degenerate=degenerate, message=message,
                    warn_degenerate=warn_degenerate, extra=extra, resolvable=resolvable)

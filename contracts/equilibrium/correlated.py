"""Correlated equilibria of N-player games by linear programming.

A *correlated equilibrium* (Aumann 1974) is a distribution ``p`` over pure profiles such that,
when a mediator draws a profile from ``p`` and privately recommends each player their own action,
nobody gains by disobeying: for every player ``i`` and actions ``a ≠ a'``,

    Σ_{s₋ᵢ} p(a, s₋ᵢ) · [uᵢ(a', s₋ᵢ) − uᵢ(a, s₋ᵢ)] ≤ 0.

These ``Σᵢ nᵢ(nᵢ − 1)`` linear inequalities, with ``p ≥ 0`` and ``Σ p = 1``, describe a polytope
that contains every Nash equilibrium (as a product distribution). :func:`correlated_equilibrium`
maximises a linear objective over it (by default total welfare) with scipy's HiGHS. Exact games
get an exact distribution: the LP vertex is rebuilt in Fractions from its tight constraints and
checked exactly (a rational simplex is the fallback).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._linalg import solve_lp
from .._validation import check_nonnegative
from ..exceptions import ConvergenceError, InvalidGameError, InvalidParameterError
from ..results import EquilibriumResult, format_number
from .zero_sum import _exact_simplex, _exact_vertex

__all__ = ["correlated_equilibrium", "is_correlated_equilibrium", "CorrelatedResult"]


@dataclass(frozen=True, eq=False, kw_only=True)
class CorrelatedResult(EquilibriumResult):
    """A correlated equilibrium found by linear programming.

    An :class:`~contracts.results.EquilibriumResult` of kind ``"correlated"`` holding one
    equilibrium, the distribution itself (``len(result) == 1``; ``max_regret`` is
    :attr:`max_gain`).

    Attributes
    ----------
    distribution : numpy.ndarray
        Probability of each pure profile, shape ``game.num_actions`` (Fractions when exact).
    payoffs : tuple
        Each player's expected payoff.
    objective_value : float, Fraction or None
        Value of the objective at the distribution (None when no objective was given).
    objective : str
        What was maximised (``"welfare"``, ``"none"``, ``"custom"``).
    exact : bool
        True when the distribution is exact (Fractions) and verified exactly.
    max_gain : float or Fraction
        Largest expected gain any player gets by disobeying a recommendation (≤ tol; 0 exact).
    players, actions : tuple
        Labels.
    message : str
        Anything the user should know.
    equilibria, method, complete, converged, iterations, max_regret, degenerate, extra, kind
        As in :class:`~contracts.results.EquilibriumResult`.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[0, 7], [2, 6]], [[0, 2], [7, 6]])
    >>> ce = correlated_equilibrium(g, exact=True)
    >>> ce.objective, ce.max_gain, len(ce)
    ('welfare', Fraction(0, 1), 1)
    """

    distribution: np.ndarray
    payoffs: tuple
    objective_value: Any
    objective: str
    exact: bool
    max_gain: Any
    players: tuple = ()
    actions: tuple = ()
    message: str = ""
    method: str = "correlated_equilibrium"
    complete: bool = False
    kind: str = "correlated"

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "max_regret", self.max_gain)

    def __iter__(self):
        return iter((self,))

    def __len__(self) -> int:
        return 1

    def __getitem__(self, i):
        return (self,)[i]

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return (f"CorrelatedResult(objective={self.objective!r}, "
                f"objective_value={format_number(self.objective_value)}, "
                f"support={len(self.support)} profiles, exact={self.exact}, "
                f"max_gain={format_number(self.max_gain, 3)})")

    def to_dict(self) -> dict:
        d = super().to_dict()
        d.pop("equilibria", None)
        return d

    def _rows(self) -> list[dict]:
        from .._result import jsonable
        rows = []
        for idx in self.support:
            row = {f"player {i}" if not self.players else self.players[i]:
                   (self.actions[i][k] if self.actions else k) for i, k in enumerate(idx)}
            v = self.distribution[idx]
            row["probability"] = jsonable(v) if isinstance(v, Fraction) else float(v)
            rows.append(row)
        return rows

    @property
    def welfare(self):
        """Sum of the players' expected payoffs."""
        return sum(self.payoffs)

    @property
    def support(self) -> tuple:
        """Pure profiles (tuples of action indices) recommended with positive probability."""
        return tuple(tuple(int(k) for k in idx) for idx in np.argwhere(self.distribution != 0))

    @property
    def marginals(self) -> tuple:
        """Each player's marginal distribution over their own actions."""
        d = self.distribution
        n = d.ndim
        return tuple(d.sum(axis=tuple(j for j in range(n) if j != i)) for i in range(n))

    def __str__(self) -> str:
        lines = [f"correlated equilibrium ({'exact' if self.exact else 'floating point'}; "
                 f"objective: {self.objective}"
                 + (f" = {format_number(self.objective_value)}"
                    if self.objective_value is not None else "")
                 + f"; largest gain from disobeying {format_number(self.max_gain, 3)})"]
        lines.append("  the mediator recommends:")
        for idx in self.support:
            labels = ", ".join(self.actions[i][k] if self.actions else str(k)
                               for i, k in enumerate(idx))
            lines.append(f"    ({labels}) with probability {format_number(self.distribution[idx])}")
        names = self.players or tuple(f"player {i + 1}" for i in range(len(self.payoffs)))
        lines.append("  expected payoffs: " + ", ".join(
            f"{n} {format_number(p)}" for n, p in zip(names, self.payoffs)))
        if self.message:
            lines.append("  " + self.message)
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
def _check_game(game, where):
    from ..games.normal_form import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")


def _gains(game, p: np.ndarray, exact: bool) -> list:
    """For each player the matrix ``G[a, a']`` of expected gains from playing a' when told a."""
    out = []
    for i in range(game.num_players):
        U = game.own_axis_payoffs(i)
        if not exact and U.dtype == object:
            U = U.astype(float)
        n_i = U.shape[0]
        U = U.reshape(n_i, -1)
        P = np.moveaxis(p, i, 0).reshape(n_i, -1)
        G = P.dot(U.T)
        out.append(G - np.diag(G)[:, None])
    return out


def _as_distribution(game, distribution, where: str):
    shape = game.num_actions
    if isinstance(distribution, np.ndarray) and distribution.dtype != object:
        p = distribution.astype(float)
    else:
        try:
            p = np.array(distribution, dtype=object)
        except (TypeError, ValueError):
            raise InvalidGameError(f"{where}: distribution is not an array of numbers") from None
        if any(isinstance(v, bool) or not isinstance(v, (int, Fraction, float, np.number))
               for v in p.flat):
            raise InvalidGameError(f"{where}: distribution has non-numeric entries")
        if not all(isinstance(v, (int, Fraction, np.integer)) for v in p.flat):
            p = p.astype(float)
        else:
            p = np.vectorize(Fraction, otypes=[object])(p) if p.size else p
    if p.shape != tuple(shape):
        raise InvalidGameError(f"{where}: distribution has shape {p.shape}; expected {tuple(shape)}"
                               " (one probability per pure profile)")
    if p.dtype == object:
        if any(v < 0 for v in p.flat):
            raise InvalidGameError(f"{where}: distribution has a negative probability")
        total = sum(p.flat, Fraction(0))
        if total != 1:
            raise InvalidGameError(f"{where}: probabilities sum to {total}, not 1")
        return p
    if not np.all(np.isfinite(p)):
        raise InvalidGameError(f"{where}: distribution contains NaN or inf")
    if np.any(p < -1e-9):
        raise InvalidGameError(f"{where}: distribution has a negative probability")
    if abs(p.sum() - 1) > 1e-9 * max(1, p.size):
        raise InvalidGameError(f"{where}: probabilities sum to {p.sum()!r}, not 1")
    return p


def is_correlated_equilibrium(game, distribution, tol: float | None = None) -> bool:
    """True iff no player gains more than ``tol`` by disobeying a recommendation drawn from
    ``distribution``.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    distribution : array_like
        Probabilities of the pure profiles, shape ``game.num_actions``.
    tol : float, optional
        Default ``game.default_tol()``; 0 (exact check) when both the game and the distribution
        are exact.

    Returns
    -------
    bool
        Whether every recommendation is obeyed.

    Examples
    --------
    In Chicken, the mediator's "each of (dare, chicken), (chicken, dare), (chicken, chicken) with
    probability 1/3" is a correlated equilibrium:

    >>> import contracts as ct
    >>> from fractions import Fraction as F
    >>> from contracts.equilibrium.correlated import is_correlated_equilibrium
    >>> g = ct.NormalFormGame.from_bimatrix([[0, 7], [2, 6]], [[0, 2], [7, 6]])
    >>> is_correlated_equilibrium(g, [[0, F(1, 3)], [F(1, 3), F(1, 3)]])
    True
    >>> is_correlated_equilibrium(g, [[1, 0], [0, 0]])
    False
    """
    where = "is_correlated_equilibrium"
    _check_game(game, where)
    if tol is not None:
        check_nonnegative(where, "tol", tol)
    p = _as_distribution(game, distribution, where)
    exact = game.is_exact and p.dtype == object
    if not exact and p.dtype == object:
        p = p.astype(float)
    gain = max(max(G.flat) for G in _gains(game, p, exact))
    if tol is None:
        tol = 0 if exact else game.default_tol()
    return bool(gain <= tol)


def _objective_vector(game, objective, where) -> tuple[np.ndarray | None, str]:
    shape = game.num_actions
    if objective is None:
        return None, "none"
    if isinstance(objective, str):
        if objective == "welfare":
            return sum(game.payoffs), "welfare"
        raise InvalidParameterError(f"{where}: unknown objective {objective!r}; expected "
                                    "'welfare', None, an array of shape num_actions or a callable")
    label = "custom"
    if callable(objective):
        objective = objective(game.payoffs)
    try:
        c = np.array(objective, dtype=object)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{where}: objective is not an array of numbers") from None
    if c.shape != tuple(shape):
        raise InvalidParameterError(
            f"{where}: objective array has shape {c.shape}; expected {tuple(shape)} "
            "(one value per pure profile)")
    try:
        cf = c.astype(float)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{where}: objective has non-numeric entries") from None
    if not np.all(np.isfinite(cf)):
        raise InvalidParameterError(f"{where}: objective contains NaN or inf")
    if game.is_exact:
        from ..games.normal_form import to_fraction
        return np.vectorize(to_fraction, otypes=[object])(c), label
    return cf, label


def _constraints(game):
    """Sparse incentive constraints ``G p ≤ 0`` (rows: player i, recommended a, deviation a')."""
    from scipy.sparse import coo_matrix
    shape = game.num_actions
    total = int(np.prod(shape))
    index = np.arange(total).reshape(shape)
    rows, cols, vals, exact_rows = [], [], [], []
    r = 0
    for i in range(game.num_players):
        U = game.own_axis_payoffs(i)
        n_i = U.shape[0]
        U = U.reshape(n_i, -1)
        idx = np.moveaxis(index, i, 0).reshape(n_i, -1)
        for a in range(n_i):
            for b in range(n_i):
                if a == b:
                    continue
                d = U[b] - U[a]
                rows.append(np.full(idx.shape[1], r))
                cols.append(idx[a])
                vals.append(d)
                exact_rows.append((idx[a], d))
                r += 1
    if r == 0:
        return None, [], total
    vals_f = np.concatenate(vals).astype(float)
    G = coo_matrix((vals_f, (np.concatenate(rows), np.concatenate(cols))), shape=(r, total))
    return G.tocsr(), exact_rows, total


def _dense_exact(exact_rows, total):
    G = np.empty((len(exact_rows), total), dtype=object)
    G[...] = Fraction(0)
    for r, (cols, d) in enumerate(exact_rows):
        G[r, cols] = d
    return G


def correlated_equilibrium(game, *, objective: Any = "welfare", tol: float | None = None,
                           exact: bool | None = None) -> CorrelatedResult:
    """A correlated equilibrium maximising a linear objective, by linear programming.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    objective : "welfare", None, array_like or callable
        ``"welfare"`` (default) maximises the sum of expected payoffs; ``None`` returns any
        correlated equilibrium (a vertex of the polytope); an array of shape ``num_actions``
        gives the value of each pure profile to maximise (negate it to minimise); a callable is
        called with the tuple of payoff arrays ``game.payoffs`` and must return such an array
        (e.g. ``lambda u: u[0]`` maximises player 1's payoff).
    tol : float, optional
        Largest acceptable gain from disobeying (default ``game.default_tol()``; exact results
        are checked with 0).
    exact : bool, optional
        Return an exact (Fraction) distribution; default: iff the game is exact.

    Returns
    -------
    CorrelatedResult
        The verified distribution, its payoffs and objective value.

    Raises
    ------
    InvalidParameterError
        For an unknown objective or one of the wrong shape.
    ConvergenceError
        If the LP solution cannot be verified.

    Examples
    --------
    In Chicken the best correlated equilibrium puts 1/2 on (chicken, chicken) and 1/4 on each
    asymmetric profile, for total welfare 21/2 — more than any Nash equilibrium (at most 28/3):

    >>> import contracts as ct
    >>> from contracts.equilibrium.correlated import correlated_equilibrium
    >>> g = ct.NormalFormGame.from_bimatrix([[0, 7], [2, 6]], [[0, 2], [7, 6]],
    ...                                     actions=(("dare", "chicken"), ("dare", "chicken")))
    >>> ce = correlated_equilibrium(g, exact=True)
    >>> ce.objective_value
    Fraction(21, 2)
    >>> [[str(v) for v in row] for row in ce.distribution]
    [['0', '1/4'], ['1/4', '1/2']]
    """
    where = "correlated_equilibrium"
    _check_game(game, where)
    if tol is not None:
        check_nonnegative(where, "tol", tol)
    exact = game.is_exact if exact is None else bool(exact)
    g = game.as_exact() if exact else game
    c, label = _objective_vector(g, objective, where)
    shape = g.num_actions
    G, exact_rows, total = _constraints(g)
    scale = g.payoff_scale()
    cf = np.zeros(total) if c is None else -np.asarray(c, dtype=float).ravel() / max(
        1.0, float(np.max(np.abs(np.asarray(c, dtype=float)))))
    res = solve_lp(cf, A_ub=None if G is None else G / scale,
                   b_ub=None if G is None else np.zeros(G.shape[0]),
                   A_eq=np.ones((1, total)), b_eq=[1.0], bounds=(0, None),
                   method="highs-ds" if exact else "highs",
                   options={"primal_feasibility_tolerance": 1e-10,
                            "dual_feasibility_tolerance": 1e-10}, caller=where)
    message = ""
    if exact:
        p = _exact_distribution(g, G, exact_rows, total, c, res.x)
    else:
        p = np.where(res.x < 0, 0.0, res.x)
        p = (p / p.sum()).reshape(shape)
        tol_ = g.default_tol() if tol is None else float(tol)
        gain = max(float(np.max(M)) for M in _gains(g, p, False))
        if gain > tol_:
            # polish: rebuild the LP vertex exactly (payoffs read as decimals), back to floats
            ge = g.as_exact()
            pe = _exact_distribution(ge, G, _constraints(ge)[1], total,
                                     None if c is None else np.vectorize(
                                         Fraction, otypes=[object])(c), res.x)
            exact_gain = max(max(M.flat) for M in _gains(ge, pe, True))
            if exact_gain > 0:
                raise ConvergenceError(
                    f"{where}: the LP solution lets a player gain {gain:.3g} > tol={tol_:.3g} "
                    "by disobeying and could not be repaired; try exact=True")
            p = pe.astype(float)
            message = ("the float LP vertex was polished: its exact rational version is a "
                       "correlated equilibrium; the float distribution is its rounding")
    gains = _gains(g, p, exact)
    max_gain = max(max(M.flat) for M in gains)
    if exact and max_gain > 0:
        raise ConvergenceError(f"{where}: internal error, exact distribution is not a correlated "
                               f"equilibrium (gain {max_gain})")
    if not exact:
        max_gain = max(0.0, float(max_gain))
    payoffs = tuple((p * u).sum() if exact else float((p * u).sum()) for u in g.payoffs)
    value = None
    if c is not None:
        value = (p * c).sum() if exact else float((p * np.asarray(c, dtype=float)).sum())
    return CorrelatedResult(distribution=p, payoffs=payoffs, objective_value=value,
                            objective=label, exact=exact, max_gain=max_gain,
                            players=g.players, actions=g.actions, message=message)


def _exact_distribution(g, G, exact_rows, total, c, x) -> np.ndarray:
    """Exact CE distribution from the HiGHS vertex ``x`` (rational simplex as fallback)."""
    shape = g.num_actions
    Ge = _dense_exact(exact_rows, total) if exact_rows else np.zeros((0, total), dtype=object)
    one = Fraction(1)
    z = _exact_vertex(Ge, np.array([Fraction(0)] * Ge.shape[0], dtype=object),
                      np.array([[one] * total], dtype=object), np.array([one], dtype=object),
                      [True] * total, x)
    if z is None:
        # max (c - min c + 1)·p  s.t.  G p ≤ 0, Σp ≤ 1, p ≥ 0: the optimum has Σp = 1
        if c is None:
            obj = [one] * total
        else:
            flat = list(np.asarray(c, dtype=object).ravel())
            low = min(flat)
            obj = [v - low + 1 for v in flat]
        A = [list(r) for r in Ge] + [[one] * total]
        b = [Fraction(0)] * Ge.shape[0] + [one]
        z, _, _ = _exact_simplex(obj, A, b)
    return np.array(z, dtype=object).reshape(shape)

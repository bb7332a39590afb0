"""Leader–follower (Stackelberg) equilibria of two-player games.

The leader (a government that announces its monitoring policy, a principal who posts a
contract) commits to a strategy first; the follower observes it and best-responds, breaking ties
in the leader's favour (a *strong* Stackelberg equilibrium — the convention under which the
leader's problem has a maximum).

* ``commitment="pure"``: the leader commits to one action.
* ``commitment="mixed"``: the leader commits to a probability mixture. Conitzer and Sandholm
  (2006): for every follower action ``j``, one linear programme ::

      max_x  x·A[:, j]   s.t.  x·B[:, j] ≥ x·B[:, k]  for all k,   x in the simplex,

  and the leader takes the best ``j``. Committing to a mixture is worth at least as much as any
  Nash equilibrium (and as pure commitment) to the leader.

Examples
--------
>>> import contracts as ct
>>> from contracts.equilibrium.stackelberg import stackelberg
>>> g = ct.NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]])
>>> r = stackelberg(g, exact=True)
>>> r.leader_strategy.tolist(), r.follower_response, r.leader_value
([Fraction(1, 2), Fraction(1, 2)], 1, Fraction(7, 2))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._linalg import solve_lp
from .._validation import check_exact
from ..exceptions import InvalidGameError, InvalidParameterError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, EquilibriumResult, format_number

__all__ = ["StackelbergResult", "stackelberg", "pure_stackelberg", "mixed_commitment"]


@dataclass(frozen=True, eq=False, kw_only=True)
class StackelbergResult(EquilibriumResult):
    """A (strong) Stackelberg equilibrium of a two-player game.

    An :class:`~contracts.results.EquilibriumResult` of kind ``"stackelberg"`` holding one
    equilibrium: the profile (leader's commitment, follower's response); its ``max_regret`` is
    the follower's.

    Attributes
    ----------
    leader_strategy : numpy.ndarray
        The leader's committed probabilities over their actions (a unit vector for pure
        commitment; Fractions when exact).
    follower_response : int
        The follower's (pure) best response, ties broken for the leader.
    leader_value, follower_value : float or Fraction
        Expected payoffs.
    leader, follower : int
        Player indices in the game (the leader is player 0 by default).
    commitment : str
        ``"pure"`` or ``"mixed"``.
    exact : bool
        Whether values are exact Fractions.
    value_by_response : tuple
        For mixed commitment, the leader's best value when inducing each follower action
        (``None`` when that action cannot be induced); for pure commitment, the leader's value
        of each of their actions.
    follower_regret : float or Fraction
        Follower's gain from deviating (verified ≤ tolerance; 0 when exact).
    players, actions : tuple
        Labels of the game.
    equilibria, method, complete, converged, iterations
        As in :class:`~contracts.results.EquilibriumResult`.
    max_regret, degenerate, message, extra, kind
        As in :class:`~contracts.results.EquilibriumResult`.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]])
    >>> r = stackelberg(g)
    >>> r.commitment, r.follower_response, r.leader_value
    ('mixed', 1, 3.5)
    """

    leader_strategy: np.ndarray
    follower_response: int
    leader_value: Any
    follower_value: Any
    leader: int = 0
    follower: int = 1
    commitment: str = "mixed"
    exact: bool = False
    value_by_response: tuple = ()
    follower_regret: Any = 0.0
    players: tuple = ()
    actions: tuple = ()
    complete: bool = True
    kind: str = "stackelberg"

    def __post_init__(self):
        super().__post_init__()
        if not self.method:
            object.__setattr__(self, "method", f"{self.commitment}_commitment")
        object.__setattr__(self, "max_regret", self.follower_regret)
        if not self.equilibria:
            pay = [None, None]
            pay[self.leader], pay[self.follower] = self.leader_value, self.follower_value
            eq = Equilibrium(strategies=self.strategies, payoffs=tuple(pay),
                             regret=self.follower_regret, players=self.players,
                             actions=self.actions)
            object.__setattr__(self, "equilibria", (eq,))

    @property
    def strategies(self) -> tuple[np.ndarray, np.ndarray]:
        """The profile (row player's strategy, column player's strategy)."""
        n_f = len(self.actions[self.follower]) if self.actions else self.follower_response + 1
        if self.exact:
            y = np.array([Fraction(0)] * n_f, dtype=object)
            y[self.follower_response] = Fraction(1)
        else:
            y = np.zeros(n_f)
            y[self.follower_response] = 1.0
        return (self.leader_strategy, y) if self.leader == 0 else (y, self.leader_strategy)

    def __repr__(self) -> str:
        x = "(" + ", ".join(format_number(p) for p in self.leader_strategy) + ")"
        return (f"StackelbergResult(commitment={self.commitment!r}, leader_strategy={x}, "
                f"follower_response={self.follower_response}, "
                f"leader_value={format_number(self.leader_value)}, "
                f"follower_value={format_number(self.follower_value)})")

    def __str__(self) -> str:
        L = self.players[self.leader] if self.players else f"player {self.leader + 1}"
        F = self.players[self.follower] if self.players else f"player {self.follower + 1}"
        la = self.actions[self.leader] if self.actions else tuple(
            str(k) for k in range(len(self.leader_strategy)))
        fa = self.actions[self.follower] if self.actions else None
        mix = ", ".join(f"{la[k]} with probability {format_number(p)}"
                        for k, p in enumerate(self.leader_strategy) if p != 0)
        resp = fa[self.follower_response] if fa else str(self.follower_response)
        kind = "a mixture" if self.commitment == "mixed" else "an action"
        lines = [f"Stackelberg equilibrium ({L} leads by committing to {kind}):",
                 f"  {L} commits to: {mix}",
                 f"  {F} responds with {resp} (ties broken in the leader's favour)",
                 f"  payoffs: {L} {format_number(self.leader_value)}, "
                 f"{F} {format_number(self.follower_value)}"]
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
def _prepare(game, leader, where):
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise UnsupportedGameError(f"{where}: needs a two-player game; this game has "
                                   f"{game.num_players} players")
    if isinstance(leader, str):
        if leader not in game.players:
            raise InvalidParameterError(f"{where}: unknown leader {leader!r}; players are "
                                        f"{game.players}")
        leader = game.players.index(leader)
    if isinstance(leader, bool) or leader not in (0, 1):
        raise InvalidParameterError(f"{where}: leader must be 0 or 1 (or a player name), got "
                                    f"{leader!r}")
    A, B = game.payoffs
    if leader == 1:
        A, B = B.T, A.T
    return int(leader), A, B      # A: leader's payoffs, B: follower's, rows = leader's actions


def pure_stackelberg(game: NormalFormGame, *, leader: int | str = 0,
                     tol: float | None = None) -> StackelbergResult:
    """Stackelberg equilibrium with commitment to a pure action.

    For each leader action the follower plays a best response, choosing among ties the one best
    for the leader; the leader picks the action with the highest resulting payoff (lowest index
    among ties).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    leader : int or str
        The committing player.
    tol : float, optional
        Tolerance for best-response ties in floating point.

    Returns
    -------
    StackelbergResult
        The leader's action, the follower's response and both values.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.stackelberg import pure_stackelberg
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 9], [9, 1]], [[0, 0], [1, 8]])
    >>> r = pure_stackelberg(g)
    >>> r.leader_strategy.tolist(), r.follower_response, r.leader_value
    ([1.0, 0.0], 1, 9.0)
    """
    where = "pure_stackelberg"
    leader, A, B = _prepare(game, leader, where)
    exact = game.is_exact
    if tol is None:
        tol = 0 if exact else game.default_tol()
    m, n = A.shape
    values, responses = [], []
    for i in range(m):
        best = max(B[i])
        br = [j for j in range(n) if B[i, j] >= best - tol]
        j = max(br, key=lambda jj: (A[i, jj], -jj))
        responses.append(j)
        values.append(A[i, j])
    i = max(range(m), key=lambda ii: (values[ii], -ii))
    j = responses[i]
    if exact:
        x = np.array([Fraction(int(k == i)) for k in range(m)], dtype=object)
        lv, fv = A[i, j], B[i, j]
        regret = max(B[i]) - B[i, j]
    else:
        x = np.zeros(m)
        x[i] = 1.0
        lv, fv = float(A[i, j]), float(B[i, j])
        regret = float(max(B[i]) - B[i, j])
        values = [float(v) for v in values]
    return StackelbergResult(
        leader_strategy=x, follower_response=j, leader_value=lv, follower_value=fv,
        leader=leader, follower=1 - leader, commitment="pure", exact=exact,
        value_by_response=tuple(values), follower_regret=regret, players=game.players,
        actions=game.actions)


def mixed_commitment(game: NormalFormGame, *, leader: int | str = 0, exact: bool | None = None,
                     tol: float | None = None) -> StackelbergResult:
    """Optimal mixed commitment of the leader (Conitzer–Sandholm multiple LPs).

    Parameters
    ----------
    game : NormalFormGame
        Two players.
    leader : int or str
        Which player commits (0 = row player, the default).
    exact : bool, optional
        Solve the programmes in exact rational arithmetic (simplex with Bland's rule). Default:
        exact iff the game is exact.
    tol : float, optional
        Tolerance for the follower's best-response check in floating point (default: the game's
        :meth:`~contracts.games.normal_form.NormalFormGame.default_tol` × 10).

    Returns
    -------
    StackelbergResult
        Among follower responses giving the leader the same value, the lowest-indexed one.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.stackelberg import mixed_commitment
    >>> g = ct.NormalFormGame.from_bimatrix([[2, 0, 0], [1, 0, 0]], [[0, 2, 5], [0, -1, -4]])
    >>> r = mixed_commitment(g, exact=True)
    >>> r.leader_strategy.tolist(), r.follower_response, r.leader_value
    ([Fraction(1, 3), Fraction(2, 3)], 0, Fraction(4, 3))
    """
    where = "mixed_commitment"
    exact = check_exact(where, exact)
    leader, A, B = _prepare(game, leader, where)
    exact = game.is_exact if exact is None else bool(exact)
    m, n = A.shape
    if exact:
        g = game.as_exact()
        _, A, B = _prepare(g, leader, where)
        sols = [_induce_exact(A, B, j) for j in range(n)]
    else:
        Af, Bf = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
        sols = [_induce_float(Af, Bf, j) for j in range(n)]
        A, B = Af, Bf
    vals = tuple(None if s is None else s[1] for s in sols)
    feasible = [j for j in range(n) if sols[j] is not None]
    if not feasible:  # cannot happen: some action is a best response to any mixture
        raise RuntimeError(f"{where}: no follower response could be induced")
    best = max(vals[j] for j in feasible)
    if exact:
        j = next(jj for jj in feasible if vals[jj] == best)
    else:
        scale = max(1.0, float(np.abs(A).max()))
        j = next(jj for jj in feasible if vals[jj] >= best - 1e-9 * scale)
    x = sols[j][0]
    if exact:
        lv = sum((x[k] * A[k, j] for k in range(m)), Fraction(0))
        fvals = [sum((x[k] * B[k, jj] for k in range(m)), Fraction(0)) for jj in range(n)]
        regret = max(fvals) - fvals[j]
        if regret != 0 or any(p < 0 for p in x) or sum(x, Fraction(0)) != 1:
            raise RuntimeError(f"{where}: exact verification failed (follower regret {regret})")
    else:
        x = np.clip(x, 0.0, None)
        x = x / x.sum()
        lv = float(x @ A[:, j])
        fvals = x @ B
        regret = float(fvals.max() - fvals[j])
        tol = 10 * game.default_tol() if tol is None else float(tol)
        if regret > tol:
            raise RuntimeError(f"{where}: the follower's response is not a best response "
                               f"(regret {regret:.3g} > tol {tol:.3g})")
        regret = max(regret, 0.0)
    fv = fvals[j] if exact else float(fvals[j])
    return StackelbergResult(
        leader_strategy=x, follower_response=j, leader_value=lv, follower_value=fv,
        leader=leader, follower=1 - leader, commitment="mixed", exact=exact,
        value_by_response=vals, follower_regret=regret, players=game.players,
        actions=game.actions)


def _induce_float(A, B, j):
    """max x·A[:, j] s.t. j is a best response to x (HiGHS); None if j cannot be induced."""
    m, n = A.shape
    others = [k for k in range(n) if k != j]
    A_ub = (B[:, others] - B[:, [j]]).T if others else None      # x·(B_k - B_j) <= 0
    b_ub = np.zeros(len(others)) if others else None
    res = solve_lp(-A[:, j], A_ub=A_ub, b_ub=b_ub, A_eq=np.ones((1, m)), b_eq=[1.0],
                   bounds=[(0, None)] * m, method="highs",
                   caller=f"mixed_commitment (LP for follower response {j})",
                   infeasible_ok=True)
    if res is None:           # j cannot be induced
        return None
    return res.x, float(-res.fun) + 0.0


def _induce_exact(A, B, j):
    """Exact version of :func:`_induce_float`: rational simplex with Bland's rule.

    The programme is rewritten in the form ``max c·x, M x <= b, x >= 0, b >= 0`` that the
    simplex of :mod:`contracts.equilibrium.zero_sum` takes: the incentive constraints are
    homogeneous, so with the objective shifted to be positive (``A[:, j] + K``) the equality
    ``Σx = 1`` can be relaxed to ``Σx <= 1`` — the optimum lies on it unless ``x = 0`` is the
    only point where ``j`` is a best response, i.e. unless ``j`` cannot be induced.
    """
    from .zero_sum import _exact_simplex
    m, n = A.shape
    K = 1 - min(A[:, j])
    c = [A[k, j] + K for k in range(m)]
    rows = [[B[k, kk] - B[k, j] for k in range(m)] for kk in range(n) if kk != j]
    rows.append([Fraction(1)] * m)
    b = [Fraction(0)] * (len(rows) - 1) + [Fraction(1)]
    z, _, value = _exact_simplex(c, rows, b)
    if value == 0:
        return None
    x = np.array([Fraction(v) for v in z], dtype=object)
    if sum(x, Fraction(0)) != 1:     # cannot happen (see above); never return a non-strategy
        raise RuntimeError("mixed_commitment: exact programme did not end on the simplex")
    return x, value - K


def stackelberg(game: NormalFormGame, *, leader: int | str = 0, commitment: str = "mixed",
                exact: bool | None = None, tol: float | None = None) -> StackelbergResult:
    """Strong Stackelberg equilibrium of a two-player game.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    leader : int or str
        The committing player (default 0, the row player).
    commitment : {"mixed", "pure"}
        Whether the leader can commit to a mixture (Conitzer–Sandholm) or only to an action.
    exact : bool, optional
        Exact rational arithmetic (default: iff the game is exact).
    tol : float, optional
        Tolerance for best-response checks in floating point.

    Returns
    -------
    StackelbergResult
        The verified commitment, the follower's response and both values.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.equilibrium.stackelberg import stackelberg
    >>> g = ct.NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]])
    >>> stackelberg(g, commitment="pure").leader_value, stackelberg(g).leader_value
    (3.0, 3.5)
    """
    exact = check_exact("stackelberg", exact)
    if commitment == "mixed":
        return mixed_commitment(game, leader=leader, exact=exact, tol=tol)
    if commitment == "pure":
        g = game
        if exact and isinstance(game, NormalFormGame):
            g = game.as_exact()
        elif exact is False and isinstance(game, NormalFormGame):
            g = game.as_float()
        return pure_stackelberg(g, leader=leader, tol=tol)
    raise InvalidParameterError(f"stackelberg: commitment must be 'mixed' or 'pure', got "
                                f"{commitment!r}")

"""Equilibria of game trees in behaviour strategies: the result types and their verification.

:class:`BehaviorEquilibrium` (one verified equilibrium), :class:`BehaviorEquilibriumResult`
(the library's equilibrium result of kind ``"behaviour"``) and :func:`build_behavior_result`,
which verifies candidate profiles over the tree and packages them. Shared by the tree solvers
(:mod:`.sequence_form`, :mod:`.backward_induction`); the public names are exported from
:mod:`contracts.equilibrium.sequence_form`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator, Sequence

import numpy as np

from .._result import jsonable
from ..exceptions import InvalidGameError, UnsupportedGameError
from ..results import EquilibriumResult

__all__: list = []


def _fmt(x) -> str:
    from ..results import format_number
    return format_number(x)


# ----------------------------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class BehaviorEquilibrium:
    """One verified equilibrium of a game tree, in behaviour strategies.

    Attributes
    ----------
    profile : BehaviorProfile
        ``profile.probabilities[i][h]``: player i's probabilities at her h-th information set.
    payoffs : tuple
        Expected payoff of each player.
    regret : float or Fraction
        Largest gain any player could get by deviating (0 for exact equilibria).

    Examples
    --------
    >>> from contracts.equilibrium.sequence_form import sequence_form_lcp
    >>> from contracts.games.tree.sequences import _EXAMPLE_EFG
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg(_EXAMPLE_EFG)
    >>> eq = sequence_form_lcp(g)[0]
    >>> eq.payoffs, eq.regret
    ((Fraction(1, 1), Fraction(1, 1)), Fraction(0, 1))
    """

    profile: Any
    payoffs: tuple
    regret: Any = 0

    @property
    def strategies(self) -> tuple:
        """Behaviour strategies: ``strategies[i][h][a]``."""
        return self.profile.probabilities

    @property
    def game(self):
        """The game tree the equilibrium belongs to."""
        return self.profile.game

    def __iter__(self) -> Iterator:
        return iter(self.profile.probabilities)

    def __getitem__(self, i):
        return self.profile.probabilities[i]

    def __len__(self) -> int:
        return len(self.profile.probabilities)

    def to_mixed(self) -> tuple:
        """The equivalent mixed profile over reduced strategies (Kuhn's theorem).

        Returns
        -------
        tuple of numpy.ndarray
            One probability vector per player, in the order of the game's reduced normal form.
        """
        return self.profile.to_mixed()

    def as_dict(self) -> list[dict]:
        """The strategies by information set (see :meth:`BehaviorProfile.as_dict`).

        Returns
        -------
        list of dict
            ``[{"player:infoset": [probabilities]}, ...]``, one dictionary per player.
        """
        return self.profile.as_dict()

    def to_numpy(self) -> tuple:
        """Each player's behaviour probabilities, information set after information set.

        Returns
        -------
        tuple of numpy.ndarray
            One float64 vector per player (the concatenated probability vectors).
        """
        return tuple(np.array([float(x) for v in rows for x in v], dtype=float)
                     for rows in self.profile.probabilities)

    def to_dict(self) -> dict:
        """The equilibrium as JSON-serialisable data.

        Returns
        -------
        dict
            ``strategies`` (as :meth:`as_dict`, Fractions as ``"p/q"``), ``payoffs``,
            ``regret``.
        """
        return {"strategies": jsonable(self.as_dict()), "payoffs": jsonable(self.payoffs),
                "regret": jsonable(self.regret)}

    def __eq__(self, other):
        if not isinstance(other, BehaviorEquilibrium):
            return NotImplemented
        return self.profile == other.profile

    def __hash__(self):
        return hash(self.profile)

    def __repr__(self) -> str:
        pay = "(" + ", ".join(_fmt(v) for v in self.payoffs) + ")"
        return f"BehaviorEquilibrium({self.profile!r}, payoffs={pay})"

    def __str__(self) -> str:
        g = self.profile.game
        pays = ", ".join(f"{p} {_fmt(v)}" for p, v in zip(g.players, self.payoffs))
        return str(self.profile) + f"\n  expected payoffs: {pays}"


@dataclass(frozen=True, eq=False)
class BehaviorEquilibriumResult(EquilibriumResult):
    """Equilibria of a game tree in behaviour strategies, with how they were found.

    The library's :class:`~contracts.results.EquilibriumResult` of kind ``"behaviour"``: the
    same fields and the same iteration (``len(result)``, ``result[0]``, ``for eq in result``),
    over :class:`BehaviorEquilibrium` objects.

    Attributes
    ----------
    equilibria : tuple of BehaviorEquilibrium
        The verified equilibria.
    method : str
        Name of the algorithm.
    exact : bool
        True when the strategies are exact Fractions.
    complete : bool
        True when the method guarantees it found all the equilibria it looks for.
    converged : bool
        False when the method stopped early.
    iterations : int or None
        Pivots (LCP) or subgames solved.
    max_regret : float or Fraction
        Largest gain of a deviation over the returned equilibria (0 when exact).
    degenerate : bool or None
        Not checked for trees (None).
    message : str
        Anything the user should know.
    extra : Mapping
        Method-specific details (e.g. the realisation plans, the value of a zero-sum game).
    kind : str
        ``"behaviour"``.

    Examples
    --------
    >>> from contracts.equilibrium.sequence_form import sequence_form_lcp
    >>> from contracts.games.tree.sequences import _EXAMPLE_EFG
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg(_EXAMPLE_EFG)
    >>> res = sequence_form_lcp(g)
    >>> res.kind, len(res), res.exact
    ('behaviour', 1, True)
    """

    max_regret: Any = 0
    kind: str = "behaviour"

    def to_dict(self) -> dict:
        """The result as JSON-serialisable data; each equilibrium as in
        :meth:`BehaviorEquilibrium.to_dict`."""
        out = super().to_dict()
        out["equilibria"] = [eq.to_dict() for eq in self.equilibria]
        return out

    def _rows(self) -> list[dict]:
        rows = []
        for k, eq in enumerate(self.equilibria):
            g = eq.game
            for i, sets in enumerate(eq.profile.probabilities):
                for h, probs in enumerate(sets):
                    info = g.infosets[i][h]
                    for a, pr in enumerate(probs):
                        rows.append({"equilibrium": k, "player": g.players[i],
                                     "infoset": info.label or str(h),
                                     "action": info.actions[a],
                                     "probability": jsonable(pr) if isinstance(pr, Fraction)
                                     else float(pr)})
        return rows

    _says_degenerate = False

    def _headline(self) -> str:
        n = len(self.equilibria)
        return (f"{self.method}: {n} {'equilibrium' if n == 1 else 'equilibria'} "
                f"({'complete' if self.complete else 'not necessarily all'}; "
                f"{'exact' if self.exact else 'floating point'}; max regret "
                f"{_fmt(self.max_regret)})")


def build_behavior_result(game, profiles: Sequence, *, method: str, tol: float | None = None,
                          exact: bool = False, complete: bool = False, converged: bool = True,
                          iterations: int | None = None, message: str = "",
                          extra: dict | None = None) -> BehaviorEquilibriumResult:
    """Verify behaviour profiles over the tree and package the equilibria.

    A profile is kept when no player gains more than ``tol`` (0 for exact profiles of exact
    games) by deviating; duplicates are dropped; the message counts rejected candidates.

    Parameters
    ----------
    game : ExtensiveFormGame
        The tree.
    profiles : sequence
        Candidate :class:`BehaviorProfile` objects (or data they can be built from).
    method : str
        Name of the algorithm, recorded on the result.
    tol : float, optional
        Verification tolerance for float profiles (default: the game's).
    exact, complete, converged : bool
        Recorded on the result (``complete`` is cleared when a candidate is dropped).
    iterations : int, optional
        Pivots or steps used.
    message : str
        Anything the user should know.
    extra : dict, optional
        Method-specific details.

    Returns
    -------
    BehaviorEquilibriumResult
        The verified, distinct equilibria.

    Examples
    --------
    >>> from contracts.equilibrium.sequence_form import build_behavior_result
    >>> from contracts.games.tree.sequences import _EXAMPLE_EFG
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg(_EXAMPLE_EFG)
    >>> res = build_behavior_result(g, [[[(1, 0)], [(1, 0)]], [[(0, 1)], [(1, 0)]]],
    ...                             method="by hand", exact=True)
    >>> len(res), res.message
    (1, '1 candidate profile(s) failed verification and were dropped')
    """
    from ..games.extensive_form import BehaviorProfile

    if tol is None and not game.is_exact:
        tol = game.default_tol()        # exact games verify exact profiles exactly
    kept: list = []
    seen: set = set()
    dropped = 0
    for prof in profiles:
        if not isinstance(prof, BehaviorProfile):
            prof = BehaviorProfile.from_data(game, prof)
        regrets = game.behavior_regrets(prof)
        r = max(regrets, default=0)
        limit = 0 if (prof.is_exact and game.is_exact) else (
            game.default_tol() if tol is None else tol)
        if r > limit:
            dropped += 1
            continue
        key = _key(prof)
        if key in seen:
            continue
        seen.add(key)
        kept.append(BehaviorEquilibrium(prof, game.behavior_payoffs(prof), r))
    msgs = [message] if message else []
    if dropped:
        msgs.append(f"{dropped} candidate profile(s) failed verification and were dropped")
        complete = False
    return BehaviorEquilibriumResult(
        equilibria=tuple(kept), method=method, exact=exact, complete=complete,
        converged=converged, iterations=iterations,
        max_regret=max((e.regret for e in kept), default=0), message="; ".join(msgs),
        extra=extra or {})


def _key(p) -> tuple:
    """Hashable identity of a profile: exact values, or floats rounded to 9 decimals."""
    if p.is_exact:
        return p.probabilities
    return tuple(tuple(tuple(round(float(x), 9) + 0.0 for x in v) for v in rows)
                 for rows in p.probabilities)


# ----------------------------------------------------------------------------------------------
# checks
# ----------------------------------------------------------------------------------------------
def check_tree(game, where: str, *, two_players: bool = True):
    from ..games.extensive_form import ExtensiveFormGame
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"{where}: expected an ExtensiveFormGame, got "
                               f"{type(game).__name__}")
    if two_players and game.num_players != 2:
        raise UnsupportedGameError(f"{where}: the sequence-form method needs two players; the "
                                   f"game has {game.num_players}")
    if not game.is_perfect_recall:
        raise UnsupportedGameError(f"{where}: the sequence form needs perfect recall; "
                                   f"{game._cache['recall']}")

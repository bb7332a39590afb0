"""Cognitive hierarchy (Camerer, Ho & Chong 2004) and level-k thinking (Nagel 1995).

Players differ in how many steps of reasoning they do. Level 0 does not reason (uniform play,
or a chosen "routine" behaviour). In **level-k**, a level-k player best-responds to level k-1.
In the **Poisson cognitive hierarchy** (CH) a share ``f(k) = exp(-tau) tau^k / k!`` of the
population reasons ``k`` steps, and a level-k player best-responds to the *normalised mixture*
of levels ``0..k-1`` (``g_k(h) = f(h) / sum_{l<k} f(l)``), i.e. believes everybody else reasons
less than they do. Tied best responses are played with equal probability.

Both models are provided on :class:`~contracts.games.normal_form.NormalFormGame` (any number of
players) and on the p-beauty contest (guess ``p`` times the average; the best response ignores
one's own influence on the average).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import gammaln

from .._validation import check_real
from ..exceptions import InvalidGameError, InvalidParameterError
from ..results import format_number

__all__ = ["CognitiveHierarchy", "BeautyContest", "cognitive_hierarchy", "level_k",
           "cognitive_hierarchy_beauty", "level_k_beauty", "poisson_levels"]

_TAIL = 1e-12   # default truncation: levels beyond K hold less than this share
_MAX_LEVELS = 10_000


def _freeze(a):
    a = np.array(a, dtype=np.float64)
    a.flags.writeable = False
    return a


def _check_tau(where, tau):
    return float(check_real(where, "tau", tau, low=0, low_open=True))


def _check_levels(where, levels, name="levels", low=0):
    if isinstance(levels, bool) or not isinstance(levels, (int, np.integer)):
        raise InvalidParameterError(f"{where}: parameter {name!r} must be an integer, got "
                                    f"{levels!r}")
    if levels < low or levels > _MAX_LEVELS:
        raise InvalidParameterError(f"{where}: parameter {name!r} = {levels!r} is outside its "
                                    f"valid range [{low}, 10000]")
    return int(levels)


def poisson_levels(tau: float, levels: int | None = None) -> np.ndarray:
    """Shares ``f(0..K)`` of a Poisson(``tau``) distribution of thinking steps.

    With ``levels=None``, ``K`` is the smallest level such that higher levels hold less than
    ``1e-12`` of the population; the shares are normalised to sum to 1 over ``0..K``.

    Parameters
    ----------
    tau : float
        Mean number of thinking steps, ``tau > 0``.
    levels : int, optional
        Highest level ``K``.

    Returns
    -------
    numpy.ndarray, shape (K + 1,)
        The share of each level.

    Examples
    --------
    >>> from contracts.bounded import poisson_levels
    >>> poisson_levels(1.5, 3).round(4).tolist()
    [0.2388, 0.3582, 0.2687, 0.1343]
    """
    where = "poisson_levels"
    tau = _check_tau(where, tau)
    if levels is None:
        from scipy.stats import poisson
        top = poisson.isf(_TAIL, tau)
        levels = int(min(_MAX_LEVELS, max(0.0, top if np.isfinite(top) else _MAX_LEVELS)))
        if top > _MAX_LEVELS:
            warnings.warn(f"{where}: with tau = {tau:g} levels above {_MAX_LEVELS} hold "
                          f"{float(poisson.sf(_MAX_LEVELS, tau)):.3g} of the population; the "
                          f"shares are truncated at level {_MAX_LEVELS} and renormalised",
                          UserWarning, stacklevel=2)
    else:
        levels = _check_levels(where, levels)
    # log space: exp(-tau) underflows for tau > 745, and tau^k / k! overflows
    k = np.arange(levels + 1, dtype=np.float64)
    logf = k * math.log(tau) - tau - gammaln(k + 1)
    logf -= logf.max()
    f = np.exp(logf)
    return f / f.sum()


# ----------------------------------------------------------------------------------------------
# normal-form games
# ----------------------------------------------------------------------------------------------
def _best_response_mix(game, player, others_profile, tie_tol):
    v = np.asarray(game._action_payoffs(player, others_profile), dtype=float)
    best = v.max()
    br = v >= best - tie_tol
    out = br.astype(float)
    return out / out.sum()


def _level0(game, level0, where):
    from ..games.normal_form import as_profile
    if level0 is None or (isinstance(level0, str) and level0 == "uniform"):
        return tuple(np.full(n, 1.0 / n) for n in game.num_actions)
    if isinstance(level0, str):
        raise InvalidParameterError(f"{where}: level0 must be 'uniform' or one probability "
                                    f"vector per player, got {level0!r}")
    prof = as_profile(game, level0, where=f"{where} (level0)")
    return tuple(np.asarray(s, dtype=float) for s in prof)


@dataclass(frozen=True, eq=False)
class CognitiveHierarchy:
    """Play of each reasoning level (and of the population) in a normal-form game.

    Attributes
    ----------
    model : str
        ``"poisson_ch"`` or ``"level_k"``.
    tau : float or None
        Mean number of thinking steps (Poisson CH only).
    levels : tuple
        ``levels[k]`` is the profile (one probability vector per player) played by level ``k``.
    frequencies : numpy.ndarray or None
        Share of each level in the population (Poisson CH; normalised over the levels kept).
    aggregate : tuple or None
        Population-average choice probabilities of each player role (Poisson CH).
    players, actions : tuple
        Labels.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    >>> ch = level_k(g, 2)
    >>> len(ch.levels), ch.level(1)[0].tolist(), ch.player_levels(0).shape
    (3, [1.0, 0.0], (3, 2))
    """

    model: str
    levels: tuple
    tau: float | None = None
    frequencies: np.ndarray | None = field(default=None, repr=False)
    aggregate: tuple | None = None
    players: tuple = ()
    actions: tuple = ()

    def level(self, k: int) -> tuple:
        """Profile played by level ``k``.

        Parameters
        ----------
        k : int
            The level.

        Returns
        -------
        tuple of numpy.ndarray
            One probability vector per player.
        """
        return self.levels[k]

    def player_levels(self, player: int) -> np.ndarray:
        """Array ``(levels, n_actions)``: the strategy of ``player`` at each level.

        Parameters
        ----------
        player : int
            The player's index.

        Returns
        -------
        numpy.ndarray, shape (n_levels, n_actions)
            One row per level.
        """
        return np.vstack([lv[player] for lv in self.levels])

    def _describe(self, s, i):
        if len(s) > 1 and np.allclose(s, 1.0 / len(s)):
            return "uniform"
        return ", ".join(f"{a}={format_number(x, 4)}" if 0 < x < 1 else a
                         for a, x in zip(self.actions[i], s) if x > 0)

    def __str__(self) -> str:
        if self.model == "poisson_ch":
            head = (f"Poisson cognitive hierarchy, tau = {format_number(self.tau)} "
                    f"(levels 0-{len(self.levels) - 1})")
        else:
            head = f"level-k reasoning, levels 0-{len(self.levels) - 1}"
        lines = [head]
        width = max(12, *(len(p) for p in self.players))
        hdr = "  level" + ("   share" if self.frequencies is not None else "") + "  " + "  ".join(
            f"{p:<{width}}" for p in self.players)
        lines.append(hdr)
        shown = self.levels if len(self.levels) <= 8 else self.levels[:8]
        for k, prof in enumerate(shown):
            share = (f"  {self.frequencies[k]:6.3f}" if self.frequencies is not None else "")
            lines.append(f"  {k:>5d}{share}  " + "  ".join(
                f"{self._describe(s, i):<{width}}" for i, s in enumerate(prof)))
        if len(self.levels) > 8:
            lines.append(f"  ... {len(self.levels) - 8} more levels")
        if self.aggregate is not None:
            lines.append("  population play: " + "; ".join(
                f"{self.players[i]} " + ", ".join(f"{a}={format_number(x, 4)}" for a, x in
                                                  zip(self.actions[i], s))
                for i, s in enumerate(self.aggregate)))
        return "\n".join(lines)


def cognitive_hierarchy(game, tau: float, *, levels: int | None = None, level0: Any = None,
                        tie_tol: float | None = None) -> CognitiveHierarchy:
    """Poisson cognitive hierarchy (Camerer, Ho & Chong 2004) in a normal-form game.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; each player role is a population with Poisson(``tau``) levels.
    tau : float
        Mean number of thinking steps, ``tau > 0``.
    levels : int, optional
        Highest level kept (shares renormalised). Default: enough levels that the rest hold
        less than 1e-12 of the population.
    level0 : "uniform" or sequence of array_like, optional
        Behaviour of level 0 (default uniform over actions), e.g. a routine.
    tie_tol : float, optional
        Payoff differences up to this count as ties (default ``1e-9`` times the payoff scale).

    Returns
    -------
    CognitiveHierarchy
        Each level's play, the level shares and the population-average play.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.bounded import cognitive_hierarchy
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    >>> ch = cognitive_hierarchy(g, 1.5)
    >>> round(float(ch.aggregate[0][0]), 6), round(float(ch.aggregate[1][0]), 6)
    (0.44626, 0.888435)
    """
    where = "cognitive_hierarchy"
    _check_game(game, where)
    tau = _check_tau(where, tau)
    f = poisson_levels(tau, None if levels is None else _check_levels(where, levels))
    tie_tol = _tie_tol(game, tie_tol, where)
    lv = [_level0(game, level0, where)]
    N = game.num_players
    # running sums of f[h] * level h's play: each level costs O(1) mixtures, not O(k)
    mass = f[0]
    acc = [f[0] * np.asarray(s, dtype=np.float64) for s in lv[0]]
    for k in range(1, len(f)):
        if mass > 0:
            belief = tuple(a / mass for a in acc)
        else:   # every lower level has share 0 in floating point: level k-1 is all it sees
            belief = tuple(np.asarray(s, dtype=np.float64) for s in lv[-1])
        lv.append(tuple(_best_response_mix(game, i, belief, tie_tol) for i in range(N)))
        mass += f[k]
        for j in range(N):
            acc[j] = acc[j] + f[k] * lv[k][j]
    aggregate = tuple(_freeze(acc[i] / mass) for i in range(N))
    return CognitiveHierarchy(model="poisson_ch", tau=tau,
                              levels=tuple(tuple(_freeze(s) for s in p) for p in lv),
                              frequencies=_freeze(f), aggregate=aggregate,
                              players=game.players, actions=game.actions)


def level_k(game, levels: int = 4, *, level0: Any = None,
            tie_tol: float | None = None) -> CognitiveHierarchy:
    """Level-k reasoning (Nagel 1995; Stahl & Wilson 1995): level k best-responds to k-1.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    levels : int, default 4
        Highest level computed (levels ``0..levels`` are returned).
    level0 : "uniform" or sequence of array_like, optional
        Behaviour of level 0 (default uniform).
    tie_tol : float, optional
        Tolerance for tied best responses (split equally).

    Returns
    -------
    CognitiveHierarchy
        With ``model="level_k"`` (no population shares).

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.bounded import level_k
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]],
    ...     actions=(("strict", "loose"), ("comply", "perfunctory")))
    >>> [g.actions[0][int(s[0].argmax())] for s in level_k(g, 4).levels[1:]]
    ['strict', 'loose', 'loose', 'strict']
    """
    where = "level_k"
    _check_game(game, where)
    levels = _check_levels(where, levels)
    tie_tol = _tie_tol(game, tie_tol, where)
    lv = [_level0(game, level0, where)]
    N = game.num_players
    for _ in range(levels):
        prev = lv[-1]
        lv.append(tuple(_best_response_mix(game, i, prev, tie_tol) for i in range(N)))
    return CognitiveHierarchy(model="level_k", levels=tuple(tuple(_freeze(s) for s in p)
                                                            for p in lv),
                              players=game.players, actions=game.actions)


def _check_game(game, where):
    from ..games.normal_form import NormalFormGame
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")


def _tie_tol(game, tie_tol, where):
    if tie_tol is None:
        return game.default_tol()
    return float(check_real(where, "tie_tol", tie_tol, low=0))


# ----------------------------------------------------------------------------------------------
# the p-beauty contest
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class BeautyContest:
    """Guesses of each level in the p-beauty contest (guess ``p`` times the average).

    Attributes
    ----------
    model : str
        ``"poisson_ch"`` or ``"level_k"``.
    p : float
        Target fraction of the average.
    low, high : float
        Range of admissible guesses.
    choices : numpy.ndarray
        Guess of each level ``0..K``.
    tau : float or None
        Poisson mean (CH only).
    frequencies : numpy.ndarray or None
        Level shares (CH only).
    population_mean : float or None
        Average guess in the population (CH only).

    Examples
    --------
    >>> bc = level_k_beauty(2, p=0.5)
    >>> bc.model, bc.choices.tolist()
    ('level_k', [50.0, 25.0, 12.5])
    """

    model: str
    p: float
    low: float
    high: float
    choices: np.ndarray
    tau: float | None = None
    frequencies: np.ndarray | None = field(default=None, repr=False)
    population_mean: float | None = None

    @property
    def equilibrium(self) -> float:
        """The Nash equilibrium guess (``low`` for ``p < 1``)."""
        return self.low if self.p < 1 else self.high if self.p > 1 else float("nan")

    def __str__(self) -> str:
        head = ("Poisson cognitive hierarchy, tau = " + format_number(self.tau)
                if self.model == "poisson_ch" else "level-k reasoning")
        lines = [f"{head}, p-beauty contest with p = {format_number(self.p)} on "
                 f"[{format_number(self.low)}, {format_number(self.high)}]"]
        shown = self.choices[:8]
        lines.append("  guesses by level: " + ", ".join(
            f"L{k} {format_number(x, 5)}" for k, x in enumerate(shown))
            + (" ..." if len(self.choices) > 8 else ""))
        if self.population_mean is not None:
            lines.append(f"  population average guess {format_number(self.population_mean)} "
                         f"(Nash equilibrium: {format_number(self.equilibrium)})")
        return "\n".join(lines)


def _beauty_args(where, p, low, high, level0_mean):
    p = float(check_real(where, "p", p, low=0, low_open=True))
    low = float(check_real(where, "low", low))
    high = float(check_real(where, "high", high))
    if not high > low:
        raise InvalidParameterError(f"{where}: the range [low, high] = [{low}, {high}] is empty; "
                                    "expected low < high")
    m0 = (low + high) / 2 if level0_mean is None else float(
        check_real(where, "level0_mean", level0_mean, low=low, high=high))
    return p, low, high, m0


def cognitive_hierarchy_beauty(tau: float, *, p: float = 2 / 3, low: float = 0.0,
                               high: float = 100.0, level0_mean: float | None = None,
                               levels: int | None = None) -> BeautyContest:
    """Poisson cognitive hierarchy in the p-beauty contest.

    Level 0 guesses ``level0_mean`` on average (default: uniform on ``[low, high]``); level k
    guesses ``p`` times the average of the normalised mixture of levels ``0..k-1`` (clipped to
    the range).

    Parameters
    ----------
    tau : float
        Mean number of thinking steps, ``tau > 0``.
    p : float
        Target fraction of the average guess.
    low, high : float
        Range of admissible guesses.
    level0_mean : float, optional
        Average guess of level 0 (default the middle of the range).
    levels : int, optional
        Highest level kept.

    Returns
    -------
    BeautyContest
        Each level's guess, the level shares and the population's average guess.

    Examples
    --------
    >>> from contracts.bounded import cognitive_hierarchy_beauty
    >>> bc = cognitive_hierarchy_beauty(1.5)
    >>> [round(float(x), 4) for x in bc.choices[:4]], round(bc.population_mean, 4)
    ([50.0, 33.3333, 26.6667, 23.908], 33.4995)
    """
    where = "cognitive_hierarchy_beauty"
    tau = _check_tau(where, tau)
    p, low, high, m0 = _beauty_args(where, p, low, high, level0_mean)
    f = poisson_levels(tau, None if levels is None else _check_levels(where, levels))
    x = [m0]
    for k in range(1, len(f)):
        g = f[:k] / f[:k].sum()
        x.append(min(max(p * float(g @ np.asarray(x)), low), high))
    x = np.asarray(x)
    return BeautyContest(model="poisson_ch", p=p, low=low, high=high, choices=_freeze(x),
                         tau=tau, frequencies=_freeze(f), population_mean=float(f @ x))


def level_k_beauty(levels: int = 4, *, p: float = 2 / 3, low: float = 0.0, high: float = 100.0,
                   level0_mean: float | None = None) -> BeautyContest:
    """Level-k guesses in the p-beauty contest: level k guesses ``p`` times level k-1's guess.

    Parameters
    ----------
    levels : int
        Highest level.
    p : float
        Target fraction of the average guess.
    low, high : float
        Range of admissible guesses.
    level0_mean : float, optional
        Average guess of level 0 (default the middle of the range).

    Returns
    -------
    BeautyContest
        The guess of each level ``0..levels``.

    Examples
    --------
    >>> from contracts.bounded import level_k_beauty
    >>> [round(float(x), 3) for x in level_k_beauty(3).choices]
    [50.0, 33.333, 22.222, 14.815]
    """
    where = "level_k_beauty"
    levels = _check_levels(where, levels)
    p, low, high, m0 = _beauty_args(where, p, low, high, level0_mean)
    x = [m0]
    for _ in range(levels):
        x.append(min(max(p * x[-1], low), high))
    return BeautyContest(model="level_k", p=p, low=low, high=high, choices=_freeze(x))

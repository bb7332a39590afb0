"""The game a ``.nfg`` file holds: a :class:`~contracts.games.normal_form.NormalFormGame` with the
file's title, comment and (outcome version) named outcomes."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, NamedTuple, Sequence

import numpy as np

from ..exceptions import InvalidGameError
from ..games._metadata import TitledGame
from ..games.normal_form import NormalFormGame

__all__ = ["NfgOutcomes", "NfgGame"]


class NfgOutcomes(NamedTuple):
    """The outcome list of an outcome-version ``.nfg`` file.

    Attributes
    ----------
    labels : tuple of str
        Outcome names, outcome ``k`` (1-based in the file) is ``labels[k - 1]``.
    payoffs : tuple of tuple
        Payoff vector (one entry per player) of each outcome.
    index : tuple of int
        Outcome number of every strategy profile in Gambit's order (first player's strategy
        changing fastest); ``0`` is the null outcome (everybody gets 0).

    Examples
    --------
    >>> o = NfgOutcomes(("win", "lose"), ((1, -1), (-1, 1)), (1, 2, 2, 1))
    >>> o.labels[o.index[0] - 1]
    'win'
    """

    labels: tuple
    payoffs: tuple
    index: tuple


class NfgGame(TitledGame, NormalFormGame):
    """A :class:`NormalFormGame` that remembers what a ``.nfg`` file said about it.

    Parameters
    ----------
    payoffs : sequence of array_like
        One payoff array per player, as for
        :class:`~contracts.games.normal_form.NormalFormGame`.
    players : sequence of str, optional
        Player names.
    actions : sequence of sequences of str, optional
        Action labels per player.
    exact : bool, optional
        Keep Fraction payoffs.
    title : str
        The game's title.
    comment : str
        The free-text comment that follows the strategy lists.
    outcomes : NfgOutcomes, optional
        The named outcomes of an outcome-version file; checked against ``payoffs``.

    Notes
    -----
    Equality and hashing ignore the metadata (two games are equal when payoffs and labels are);
    transformations such as :meth:`permute_actions` return plain games.

    Examples
    --------
    >>> from contracts.io.gambit import read_nfg
    >>> g = read_nfg('NFG 1 R "Matching pennies" { "row" "column" } { 2 2 } '
    ...              '1 -1 -1 1 -1 1 1 -1')
    >>> g.title, g.players, g.num_actions
    ('Matching pennies', ('row', 'column'), (2, 2))
    """

    __slots__ = ("_title", "_comment", "_outcomes")

    def __init__(self, payoffs: Sequence[Any], *, players: Sequence[str] | None = None,
                 actions: Sequence[Sequence[str]] | None = None, exact: bool | None = None,
                 title: str = "", comment: str = "", outcomes: NfgOutcomes | None = None):
        # metadata first: NormalFormGame freezes the instance at the end of its __init__
        self._title = str(title)
        self._comment = str(comment)
        self._outcomes = None
        super().__init__(payoffs, players=players, actions=actions, exact=exact)
        if outcomes is not None:
            outcomes = _check_outcomes(self, outcomes)
            object.__setattr__(self, "_outcomes", outcomes)

    @property
    def outcomes(self) -> NfgOutcomes | None:
        """Named outcomes (outcome-version files), or ``None``."""
        return self._outcomes

    def __reduce__(self):
        return (_rebuild_nfg, (self._payoffs, self._players, self._actions, self._exact,
                               self._title, self._comment, self._outcomes))

    def __repr__(self) -> str:
        base = super().__repr__()
        return base[:-1] + f", title {self._title!r}>" if self._title else base


def _rebuild_nfg(payoffs, players, actions, exact, title, comment, outcomes):
    return NfgGame(payoffs, players=players, actions=actions, exact=exact, title=title,
                   comment=comment, outcomes=outcomes)


def _profiles(shape):
    """Strategy profiles in Gambit's order: the first player's strategy changes fastest."""
    return [tuple(reversed(p)) for p in np.ndindex(*reversed(shape))]


def _check_outcomes(game: NormalFormGame, outcomes: Any) -> NfgOutcomes:
    where = "NfgGame"
    try:
        labels, pays, index = outcomes
    except (TypeError, ValueError):
        raise InvalidGameError(f"{where}: outcomes must be (labels, payoffs, index)") from None
    labels = tuple(str(s) for s in labels)
    n = game.num_players
    pays_t = []
    for k, p in enumerate(pays):
        p = tuple(p)
        if len(p) != n:
            raise InvalidGameError(
                f"{where}: outcome {k + 1} has {len(p)} payoffs; expected {n} (one per player)")
        pays_t.append(tuple(Fraction(x) if game.is_exact else x for x in p))
    if len(labels) != len(pays_t):
        raise InvalidGameError(f"{where}: {len(labels)} outcome labels for {len(pays_t)} outcomes")
    index = tuple(int(i) for i in index)
    profiles = _profiles(game.num_actions)
    if len(index) != len(profiles):
        raise InvalidGameError(f"{where}: {len(index)} outcome numbers for {len(profiles)} "
                               "strategy profiles")
    for prof, k in zip(profiles, index):
        if not 0 <= k <= len(pays_t):
            raise InvalidGameError(f"{where}: outcome number {k} out of range 0..{len(pays_t)}")
        want = (0,) * n if k == 0 else pays_t[k - 1]
        have = tuple(game.payoffs[i][prof] for i in range(n))
        if any(float(a) != float(b) if not game.is_exact else a != b
               for a, b in zip(have, want)):
            raise InvalidGameError(
                f"{where}: payoffs at profile {prof} are {have}, but outcome {k} pays {want}")
    return NfgOutcomes(labels, tuple(pays_t), index)

"""Discounted stochastic games: a stage game per state and transitions that depend on play.

A :class:`StochasticGame` has finitely many states; in state ``s`` the ``N`` players play a
stage game (action sets may differ by state, and a state may give a player one action), collect
stage payoffs, and the next state is drawn from ``P(· | s, a)``. Player ``i`` discounts by
``δ_i`` in (0, 1) (common or one per player). The game only holds data; solvers live in
:mod:`contracts.stochastic` and are reached through ``contracts.solve(game, method=...)``.

Canonical representation (every solver uses exactly these names)
-----------------------------------------------------------------
* ``n_players``, ``n_states``; ``players`` and ``states`` (label tuples); ``actions[s][i]`` (label
  tuples of player ``i`` in state ``s``); ``num_actions(s)`` (tuple of ints).
* ``discount``: float array ``(n_players,)``; ``discount_exact``: tuple of Fractions (exact games).
* ``initial``: float array ``(n_states,)``, the distribution of the first state.
* Stacked profile *rows*: the pure action profiles of state ``s`` are rows
  ``row_start[s]:row_start[s + 1]`` in C order of the profile multi-index (the last player's
  action varies fastest). ``row_state`` (int, ``(n_rows,)``) is the state of each row and
  ``row_actions`` (int, ``(n_rows, n_players)``) its action indices.
  ``payoff_rows``: float ``(n_rows, n_players)``; ``transition_rows``: scipy CSR
  ``(n_rows, n_states)`` (sorted indices, no stored zeros).
* Exact games (``exact`` is True) also have ``payoff_rows_exact`` (object array of Fractions,
  ``(n_rows, n_players)``) and ``transition_rows_exact`` (object array of Fractions aligned
  with ``transition_rows.data``: same ``indptr`` and ``indices``).
* ``stage(s)`` -> NormalFormGame of state ``s`` (index or label); ``transition_tensor(s)`` ->
  dense ``(*num_actions(s), n_states)``; ``state_index(label)``.
* ``absorbing_states`` and ``unreachable_states`` (indices; reported, never rejected).

Values are normalised: ``V_i = (1 - δ_i) E Σ_t δ_i^t u_i(s_t, a_t)``, comparable with stage
payoffs, the convention of :class:`~contracts.games.repeated.RepeatedGame`.

Examples
--------
>>> import contracts as ct
>>> g = ct.StochasticGame(
...     {"boom": [[[2, 1], [0, 0]], [[0, 0], [1, 2]]], "bust": [[[1, 1]]]},
...     {"boom": [[[0.9, 0.1], [0.5, 0.5]], [[0.5, 0.5], [0.9, 0.1]]], "bust": [[[1.0, 0.0]]]},
...     discount=0.9)
>>> g.n_states, g.num_actions("boom"), g.num_actions("bust")
(2, (2, 2), (1, 1))
>>> g.transition_rows.shape
(5, 2)
"""

from __future__ import annotations

import html
from numbers import Integral
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..exceptions import InvalidGameError, InvalidParameterError
from ._stochastic_build import (_fmt, _hashable,
                                canonical)
from ._stochastic_derived import (absorbing_states, exact_transition_tensor, row_actions,
                                  same_data, unreachable_states)
from ._stochastic_from import (from_arrays, from_functions, from_repeated, init_from_mappings,
                               summary_lines, to_repeated)
from .normal_form import NormalFormGame, to_fraction

__all__ = ["StochasticGame"]


class StochasticGame:
    """A finite discounted stochastic game with N players.

    Parameters
    ----------
    stages : mapping
        State label -> the stage game of that state: a :class:`NormalFormGame` or a payoff
        profile array of shape ``(*num_actions, n_players)``. The order of the mapping is the
        order of the states.
    transitions : mapping
        State label -> transition probabilities of that state: an array of shape
        ``(*num_actions, n_states)`` (or ``(n_profiles, n_states)``, or a scipy sparse matrix of
        that shape; columns in state order), or a dict ``profile -> {next state: probability}``
        where a profile is a tuple of action indices or labels (every profile must appear).
    discount : float, Fraction or sequence
        Common discount factor in (0, 1), or one per player.
    initial : state label or array_like, optional
        Initial state, or a probability distribution over states (default: the first state).
    players : sequence of str, optional
        Player names (default: those of the first stage game).
    actions : mapping, optional
        State label -> action labels per player (for payoff arrays).
    exact : bool, optional
        Keep Fractions (default: exact iff some payoff or probability is a Fraction or string).

    Raises
    ------
    InvalidGameError
        Shapes that do not match, unknown states, probabilities outside [0, 1], rows not
        summing to 1 (exactly for Fractions, within 1e-9 for floats), empty action sets.
    InvalidParameterError
        A discount factor outside (0, 1) or a bad initial distribution.

    Examples
    --------
    Two states; in ``"boom"`` the players coordinate, and playing (a1, b1) keeps the boom.

    >>> import contracts as ct
    >>> boom = ct.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])
    >>> bust = ct.NormalFormGame.from_bimatrix([[0]], [[0]])
    >>> g = ct.StochasticGame({"boom": boom, "bust": bust},
    ...                       {"boom": [[[1, 0], [0, 1]], [[0, 1], [0, 1]]], "bust": [[[0, 1]]]},
    ...                       discount=0.9)
    >>> g.n_states, g.num_actions("boom"), g.absorbing_states
    (2, (2, 2), (1,))
    """

    __slots__ = ("_states", "_players", "_actions", "_row_start", "_payoff",
                 "_payoff_exact", "_trans", "_trans_exact", "_discount_in", "_discount",
                 "_initial", "_initial_exact", "_exact", "_index", "_cache", "__weakref__")

    # ------------------------------------------------------------------------------------------
    # construction
    # ------------------------------------------------------------------------------------------
    def __init__(self, stages: Mapping, transitions: Mapping, *, discount: Any,
                 initial: Any = None, players: Sequence[str] | None = None,
                 actions: Mapping | None = None, exact: bool | None = None):
        init_from_mappings(self, stages, transitions, discount=discount, initial=initial,
                           players=players, actions=actions, exact=exact)

    @classmethod
    def from_arrays(cls, payoffs: Any, transitions: Any, *, discount: Any, initial: Any = None,
                    states: Sequence | None = None, players: Sequence[str] | None = None,
                    actions: Sequence | None = None, exact: bool | None = None
                    ) -> "StochasticGame":
        """Game from lists (one entry per state) of payoff-profile arrays and transition arrays.

        ``payoffs[s]`` has shape ``(*num_actions(s), n_players)`` (or is a NormalFormGame) and
        ``transitions[s]`` shape ``(*num_actions(s), n_states)``. When every state has the same
        action sets, ``payoffs`` may be one array ``(n_states, *num_actions, n_players)`` and
        ``transitions`` one array ``(n_states, *num_actions, n_states)`` (or a sparse matrix
        ``(n_states * n_profiles, n_states)``): that path is fully vectorised and fast.

        Parameters
        ----------
        payoffs : sequence or numpy.ndarray
            Per state, a payoff-profile array ``(*num_actions(s), n_players)`` or a
            NormalFormGame; or one array ``(n_states, *num_actions, n_players)``.
        transitions : sequence, numpy.ndarray or scipy.sparse matrix
            Per state, an array ``(*num_actions(s), n_states)`` of next-state probabilities; or
            one array or sparse matrix for all states.
        discount : float, Fraction or sequence
            Common discount factor in (0, 1), or one per player.
        initial : state label or array_like, optional
            Initial state or distribution (default: the first state).
        states : sequence, optional
            State labels (default ``0, 1, ...``).
        players : sequence of str, optional
            Player names.
        actions : sequence, optional
            Per state, action labels per player.
        exact : bool, optional
            Keep Fractions.

        Returns
        -------
        StochasticGame
            The game.

        Examples
        --------
        >>> import numpy as np, contracts as ct
        >>> P = np.full((1000, 2, 1000), 1 / 1000)
        >>> g = ct.StochasticGame.from_arrays(np.zeros((1000, 2, 1)), P, discount=0.95)
        >>> g.n_states, g.transition_rows.nnz
        (1000, 2000000)
        """
        return from_arrays(cls, payoffs, transitions, discount=discount, initial=initial,
                           states=states, players=players, actions=actions, exact=exact)

    @classmethod
    def from_functions(cls, states: Sequence, actions: Callable, payoff: Callable,
                       transition: Callable, *, discount: Any, initial: Any = None,
                       players: Sequence[str] | None = None, exact: bool | None = None
                       ) -> "StochasticGame":
        """Game from Python callables, for games with many states (sparse transitions).

        Parameters
        ----------
        states : sequence
            State labels (hashable), in order.
        actions : callable
            ``actions(state)`` -> one sequence of action labels per player.
        payoff : callable
            ``payoff(state, profile)`` -> tuple of payoffs, ``profile`` a tuple of action labels.
        transition : callable
            ``transition(state, profile)`` -> ``{next state: probability}`` (zeros may be left
            out).
        discount : float, Fraction or sequence
            Common discount factor in (0, 1), or one per player.
        initial : state label or array_like, optional
            Initial state or distribution (default: the first state).
        players : sequence of str, optional
            Player names.
        exact : bool, optional
            Keep Fractions (default: exact iff some payoff or probability is a Fraction).

        Returns
        -------
        StochasticGame
            The game.

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.StochasticGame.from_functions(
        ...     range(5), lambda s: [("stay", "move")],
        ...     lambda s, a: (float(s),),
        ...     lambda s, a: {s: 1.0} if a[0] == "stay" else {min(s + 1, 4): 1.0},
        ...     discount=0.9)
        >>> g.n_states, g.num_actions(0), g.absorbing_states
        (5, (2,), (4,))
        """
        return from_functions(cls, states, actions, payoff, transition, discount=discount,
                              initial=initial, players=players, exact=exact)

    @classmethod
    def from_repeated(cls, rg: Any, *, state: Any = "stage") -> "StochasticGame":
        """The one-state stochastic game of a :class:`~contracts.games.repeated.RepeatedGame`.

        Parameters
        ----------
        rg : RepeatedGame
            The repeated game.
        state : hashable
            Label of the single state.

        Returns
        -------
        StochasticGame
            One state that always returns to itself.

        Examples
        --------
        >>> import contracts as ct
        >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> rg = ct.RepeatedGame(pd, 0.8)
        >>> ct.StochasticGame.from_repeated(rg).to_repeated() == rg
        True
        """
        return from_repeated(cls, rg, state)

    def to_repeated(self):
        """The :class:`~contracts.games.repeated.RepeatedGame` of a one-state game.

        Returns
        -------
        RepeatedGame
            The stage game with the common discount factor.

        Raises
        ------
        InvalidGameError
            If the game has more than one state or discount factors that differ.
        """
        return to_repeated(self)

    # -- the one place where data are validated and stored --------------------------------------
    def _init(self, *args, **kwargs):
        """Validate input (see :func:`._stochastic_build.canonical`) and store it."""
        for name, value in canonical(*args, **kwargs).items():
            object.__setattr__(self, name, value)

    # ------------------------------------------------------------------------------------------
    # canonical data
    # ------------------------------------------------------------------------------------------
    n_players = property(lambda self: len(self._players), doc="Number of players.")
    n_states = property(lambda self: len(self._states), doc="Number of states.")
    num_players = n_players
    players = property(lambda self: self._players, doc="Player names.")
    states = property(lambda self: self._states, doc="State labels, in order.")
    actions = property(lambda self: self._actions,
                       doc="``actions[s][i]``: action labels of player i in state s.")
    exact = property(lambda self: self._exact, doc="Whether Fraction data are kept.")
    is_exact = exact
    discount = property(lambda self: self._discount,
                        doc="Discount factors, float array (n_players,).")
    initial = property(lambda self: self._initial, doc="Initial distribution (n_states,).")
    row_start = property(lambda self: self._row_start,
                         doc="Rows of state s are row_start[s]:row_start[s+1].")
    payoff_rows = property(lambda self: self._payoff, doc="Stage payoffs (n_rows, n_players).")
    transition_rows = property(lambda self: self._trans, doc="CSR (n_rows, n_states).")
    payoff_rows_exact = property(lambda self: self._payoff_exact,
                                 doc="Fraction payoffs (n_rows, n_players), or None.")
    transition_rows_exact = property(
        lambda self: self._trans_exact,
        doc="Fractions aligned with transition_rows.data, or None.")
    initial_exact = property(lambda self: self._initial_exact,
                             doc="Initial distribution as Fractions, or None.")

    @property
    def discount_exact(self) -> tuple | None:
        """Discount factors as Fractions (exact games), else None."""
        return tuple(to_fraction(d) for d in self._discount_in) if self._exact else None

    @property
    def n_rows(self) -> int:
        """Total number of (state, pure action profile) rows."""
        return int(self._row_start[-1])

    def num_actions(self, s: Any) -> tuple[int, ...]:
        """Number of actions of each player in state ``s`` (index or label).

        Parameters
        ----------
        s : label or int
            The state (label or index).

        Returns
        -------
        tuple of int
            One count per player.
        """
        key = "num_actions"
        if key not in self._cache:
            self._cache[key] = tuple(tuple(len(a) for a in acts) for acts in self._actions)
        return self._cache[key][self.state_index(s)]

    def state_index(self, s: Any) -> int:
        """Index of state ``s``: a label (labels take precedence) or an integer index.

        Parameters
        ----------
        s : label or int
            The state (label or index).

        Returns
        -------
        int
            The index.

        Raises
        ------
        InvalidGameError
            If ``s`` is not a state.
        """
        if _hashable(s) and s in self._index:
            return self._index[s]
        if isinstance(s, (Integral, np.integer)) and not isinstance(s, bool) and \
                0 <= int(s) < len(self._states):
            return int(s)
        raise InvalidGameError(f"StochasticGame.state_index: unknown state {s!r}; states are "
                               f"{self._states[:10]}{' ...' if len(self._states) > 10 else ''}")

    @property
    def row_state(self) -> np.ndarray:
        """State index of each row, int array (n_rows,)."""
        if "row_state" not in self._cache:
            rs = np.repeat(np.arange(self.n_states), np.diff(self._row_start))
            rs.flags.writeable = False
            self._cache["row_state"] = rs
        return self._cache["row_state"]

    @property
    def row_actions(self) -> np.ndarray:
        """Action index of each player in each row, int array (n_rows, n_players)."""
        if "row_actions" not in self._cache:
            self._cache["row_actions"] = row_actions(self)
        return self._cache["row_actions"]

    def stage(self, s: Any) -> NormalFormGame:
        """The stage game of state ``s`` (index or label).

        Parameters
        ----------
        s : label or int
            The state (label or index).

        Returns
        -------
        NormalFormGame
            The payoffs of that state.

        Examples
        --------
        >>> import contracts as ct
        >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.8))
        >>> g.stage("stage").num_actions
        (2, 2)
        """
        k = self.state_index(s)
        key = ("stage", k)
        if key not in self._cache:
            a, b = self._row_start[k], self._row_start[k + 1]
            data = self._payoff_exact if self._exact else self._payoff
            prof = np.asarray(data[a:b]).reshape(self.num_actions(k) + (self.n_players,))
            self._cache[key] = NormalFormGame.from_payoff_profile(
                prof, players=self._players, actions=self._actions[k], exact=self._exact)
        return self._cache[key]

    def transition_tensor(self, s: Any, *, exact: bool | None = None) -> np.ndarray:
        """Dense transition probabilities of state ``s``, shape ``(*num_actions(s), n_states)``.

        Parameters
        ----------
        s : label or int
            The state (label or index).
        exact : bool, optional
            Fractions instead of floats; default: as the game is.

        Returns
        -------
        numpy.ndarray
            ``P[a_1, ..., a_N, s']``.

        Examples
        --------
        >>> import contracts as ct
        >>> pd = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> g = ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.8))
        >>> g.transition_tensor(0).shape
        (2, 2, 1)
        """
        k = self.state_index(s)
        a, b = int(self._row_start[k]), int(self._row_start[k + 1])
        shape = self.num_actions(k) + (self.n_states,)
        if exact or (exact is None and self._exact):
            if not self._exact:
                raise InvalidParameterError("StochasticGame.transition_tensor: exact=True needs "
                                            "an exact game")
            return exact_transition_tensor(self, a, b).reshape(shape)
        return self._trans[a:b].toarray().reshape(shape)

    @property
    def absorbing_states(self) -> tuple:
        """Indices of states that every action profile keeps for ever."""
        if "absorbing" not in self._cache:
            self._cache["absorbing"] = absorbing_states(self)
        return self._cache["absorbing"]

    @property
    def unreachable_states(self) -> tuple:
        """Indices of states no play reaches from the initial distribution."""
        if "unreachable" not in self._cache:
            self._cache["unreachable"] = unreachable_states(self)
        return self._cache["unreachable"]

    def is_zero_sum(self, tol: float = 1e-12) -> bool:
        """Two players whose payoffs sum to zero in every state and profile.

        Parameters
        ----------
        tol : float
            Largest absolute sum accepted (float games).

        Returns
        -------
        bool
            Whether the game is zero-sum.
        """
        if self.n_players != 2:
            return False
        if self._exact:
            return all(a + b == 0 for a, b in self._payoff_exact)
        return bool(np.all(np.abs(self._payoff.sum(axis=1)) <= tol * (1 + np.abs(self._payoff[:, 0]))))

    def as_float(self) -> "StochasticGame":
        """The same game with float data.

        Returns
        -------
        StochasticGame
            The float game.
        """
        if not self._exact:
            return self
        return _rebuild(self._states, self._players, self._actions, self._payoff,
                        self._trans, None, tuple(float(d) for d in self._discount_in),
                        self._initial, False)

    # ------------------------------------------------------------------------------------------
    # dunder
    # ------------------------------------------------------------------------------------------
    def __setattr__(self, name, value):
        raise AttributeError("StochasticGame is immutable")

    def __delattr__(self, name):
        raise AttributeError("StochasticGame is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StochasticGame):
            return NotImplemented
        return same_data(self, other)

    def __hash__(self) -> int:
        return hash((self._states, self._players, self._actions, self.n_rows,
                     self._payoff.tobytes()))

    def __reduce__(self):
        return (_rebuild, (self._states, self._players, self._actions,
                           self._payoff_exact if self._exact else self._payoff,
                           self._trans, self._trans_exact, self._discount_in,
                           self._initial_exact if self._exact else self._initial, self._exact))

    def __repr__(self) -> str:
        d = self._discount_in
        ds = _fmt(d[0]) if all(x == d[0] for x in d) else "(" + ", ".join(map(_fmt, d)) + ")"
        kind = "exact" if self._exact else "float"
        return (f"<StochasticGame {self.n_states} states, {self.n_players} players "
                f"{self._players}, {self.n_rows} profiles, discount={ds}, {kind}>")

    def _summary_lines(self, limit: int = 20) -> list[str]:
        return summary_lines(self, limit)

    def __str__(self) -> str:
        return "\n".join(self._summary_lines())

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


def _rebuild(states, players, actions, payoffs, T, data_x, discount, initial, exact):
    obj = StochasticGame.__new__(StochasticGame)
    trans = (T, data_x) if data_x is not None else T
    obj._init(states, players, actions, np.asarray(payoffs), trans, discount, list(initial),
              exact, "StochasticGame", stacked=True)
    return obj

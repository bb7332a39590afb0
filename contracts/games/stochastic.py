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
import itertools
from fractions import Fraction
from numbers import Integral
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from ..exceptions import InvalidGameError, InvalidParameterError
from ._stochastic_build import (_PTOL, _coo_rows, _default_labels, _fmt, _hashable,
                                _is_fraction, _same_csr, _stage_array, _transition_block,
                                canonical)
from .normal_form import NormalFormGame, _to_array, to_fraction

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
        where = "StochasticGame"
        if not isinstance(stages, Mapping) or not isinstance(transitions, Mapping):
            raise InvalidGameError(f"{where}: stages and transitions must be mappings from state "
                                   f"labels, got {type(stages).__name__} and "
                                   f"{type(transitions).__name__}")
        states = tuple(stages)
        if not states:
            raise InvalidGameError(f"{where}: a stochastic game needs at least one state")
        unknown = [k for k in transitions if k not in stages]
        missing = [k for k in states if k not in transitions]
        if unknown or missing:
            raise InvalidGameError(f"{where}: transitions must name the same states as stages; "
                                   f"unknown {unknown}, missing {missing}")
        actions = dict(actions or {})
        bad = [k for k in actions if k not in stages]
        if bad:
            raise InvalidGameError(f"{where}: actions given for unknown state(s) {bad}")
        payoffs, acts, trans = [], [], []
        index = {s: k for k, s in enumerate(states)}
        for s in states:
            arr, labels, pl = _stage_array(stages[s], where, s, actions.get(s))
            if players is None and pl is not None:
                players = pl
            payoffs.append(arr)
            acts.append(labels)
        for s, arr, labels in zip(states, payoffs, acts):
            trans.append(_transition_block(transitions[s], arr.shape[:-1], labels, index, where, s))
        self._init(states, players, acts, payoffs, trans, discount, initial, exact, where)

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
        where = "StochasticGame.from_arrays"
        if isinstance(payoffs, np.ndarray) and payoffs.dtype != object and payoffs.ndim >= 3:
            n = payoffs.shape[0]
            st = tuple(states) if states is not None else tuple(f"s{k + 1}" for k in range(n))
            if len(st) != n:
                raise InvalidGameError(f"{where}: {len(st)} state labels for {n} states")
            prof_shape = payoffs.shape[1:-1]
            nprof = int(np.prod(prof_shape))
            pay = _to_array(payoffs, where, "payoffs").reshape(n * nprof, payoffs.shape[-1])
            if pay.shape[1] != len(prof_shape):
                raise InvalidGameError(f"{where}: payoffs of shape {payoffs.shape} have "
                                       f"{pay.shape[1]} payoffs per profile but "
                                       f"{len(prof_shape)} players")
            if sp.issparse(transitions):
                T = sp.csr_matrix(transitions, dtype=float)
            else:
                T = np.asarray(transitions)
                if T.dtype == object:
                    T = None
            if T is not None:
                if T.shape != (n * nprof, n) and T.shape != (n, *prof_shape, n):
                    raise InvalidGameError(
                        f"{where}: transitions have shape {T.shape}; expected "
                        f"{(n, *prof_shape, n)} or {(n * nprof, n)}")
                if not sp.issparse(T):
                    T = _to_array(T, where, "transitions").reshape(n * nprof, n)
                acts = [None] * n if actions is None else list(actions)
                labels = [_default_labels(prof_shape, a, where, s) for a, s in zip(acts, st)]
                obj = cls.__new__(cls)
                obj._init(st, players, labels, pay, T, discount, initial, exact, where,
                          stacked=True)
                return obj
        try:
            payoffs, transitions = list(payoffs), list(transitions)
        except TypeError:
            raise InvalidGameError(f"{where}: payoffs and transitions must be sequences, one "
                                   "entry per state") from None
        if len(payoffs) != len(transitions):
            raise InvalidGameError(f"{where}: {len(payoffs)} payoff arrays but "
                                   f"{len(transitions)} transition arrays")
        st = tuple(states) if states is not None else tuple(
            f"s{k + 1}" for k in range(len(payoffs)))
        if len(st) != len(payoffs):
            raise InvalidGameError(f"{where}: {len(st)} state labels for {len(payoffs)} states")
        if len(set(st)) != len(st):
            raise InvalidGameError(f"{where}: state labels must be distinct, got {st}")
        acts = None if actions is None else dict(zip(st, actions))
        return cls(dict(zip(st, payoffs)), dict(zip(st, transitions)), discount=discount,
                   initial=initial, players=players, actions=acts, exact=exact)

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
        where = "StochasticGame.from_functions"
        st = tuple(states)
        if not st:
            raise InvalidGameError(f"{where}: a stochastic game needs at least one state")
        index = {s: k for k, s in enumerate(st)}
        if len(index) != len(st):
            raise InvalidGameError(f"{where}: state labels must be distinct")
        pay_vals, labels, rows_i, cols_j, probs, shapes = [], [], [], [], [], []
        r = 0
        n_pl = None
        for s in st:
            acts = [tuple(a) for a in actions(s)]
            if n_pl is None:
                n_pl = len(acts)
            if len(acts) != n_pl or n_pl == 0:
                raise InvalidGameError(f"{where}: actions({s!r}) gives {len(acts)} action sets; "
                                       f"expected {n_pl} (one per player)")
            for i, a in enumerate(acts):
                if not a:
                    raise InvalidGameError(f"{where}: player {i} has an empty action set in "
                                           f"state {s!r}")
            labels.append(tuple(tuple(str(x) for x in a) for a in acts))
            shapes.append(tuple(len(a) for a in acts))
            for prof in itertools.product(*acts):
                u = payoff(s, prof)
                u = tuple(u) if isinstance(u, (tuple, list, np.ndarray)) else (u,)
                if len(u) != n_pl:
                    raise InvalidGameError(f"{where}: payoff({s!r}, {prof!r}) has {len(u)} "
                                           f"entries; expected {n_pl}")
                pay_vals.append(u)
                dist = transition(s, prof)
                if not isinstance(dist, Mapping):
                    raise InvalidGameError(f"{where}: transition({s!r}, {prof!r}) must return "
                                           f"a dict {{state: probability}}, got {dist!r}")
                for t, p in dist.items():
                    if t not in index:
                        raise InvalidGameError(f"{where}: transition({s!r}, {prof!r}) names "
                                               f"the unknown state {t!r}")
                    rows_i.append(r)
                    cols_j.append(index[t])
                    probs.append(p)
                r += 1
        pay = _to_array(pay_vals, where, "payoffs")
        ex = exact if exact is not None else (pay.dtype == object or any(
            _is_fraction(p) for p in probs))
        T = _coo_rows(rows_i, cols_j, probs, r, len(st), bool(ex), where)
        obj = cls.__new__(cls)
        obj._init(st, players, labels, pay, T, discount, initial, exact, where, stacked=True,
                  shapes=shapes)
        return obj

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
        from .repeated import RepeatedGame
        if not isinstance(rg, RepeatedGame):
            raise InvalidGameError(f"StochasticGame.from_repeated: expected a RepeatedGame, got "
                                   f"{type(rg).__name__}")
        one = np.ones(rg.stage.num_actions + (1,), dtype=object if rg.stage.is_exact else float)
        if rg.stage.is_exact:
            one[...] = Fraction(1)
        return cls({state: rg.stage}, {state: one}, discount=rg.discount,
                   exact=rg.stage.is_exact)

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
        from .repeated import RepeatedGame
        if self.n_states != 1:
            raise InvalidGameError(f"StochasticGame.to_repeated: needs a one-state game; this "
                                   f"game has {self.n_states} states")
        d = self._discount_in
        if any(x != d[0] for x in d):
            raise InvalidGameError("StochasticGame.to_repeated: needs a common discount factor; "
                                   f"got {d}")
        return RepeatedGame(self.stage(0), d[0])

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
            out = np.empty((self.n_rows, self.n_players), dtype=np.int64)
            groups: dict = {}
            for s in range(self.n_states):
                groups.setdefault(self.num_actions(s), []).append(s)
            for shp, ss in groups.items():
                idx = np.array(np.unravel_index(np.arange(int(np.prod(shp))), shp)).T
                starts = self._row_start[ss]
                rows = (starts[:, None] + np.arange(idx.shape[0])[None, :]).ravel()
                out[rows] = np.tile(idx, (len(ss), 1))
            out.flags.writeable = False
            self._cache["row_actions"] = out
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
            out = np.full((b - a, self.n_states), Fraction(0), dtype=object)
            T = self._trans
            for r in range(a, b):
                for p in range(T.indptr[r], T.indptr[r + 1]):
                    out[r - a, T.indices[p]] = self._trans_exact[p]
            return out.reshape(shape)
        return self._trans[a:b].toarray().reshape(shape)

    @property
    def absorbing_states(self) -> tuple:
        """Indices of states that every action profile keeps for ever."""
        if "absorbing" not in self._cache:
            T = self._trans
            diag = np.asarray(T[np.arange(self.n_rows), self.row_state]).ravel()
            ok = np.ones(self.n_states, dtype=bool)
            np.logical_and.at(ok, self.row_state, diag >= 1 - _PTOL)
            self._cache["absorbing"] = tuple(int(k) for k in np.flatnonzero(ok))
        return self._cache["absorbing"]

    @property
    def unreachable_states(self) -> tuple:
        """Indices of states no play reaches from the initial distribution."""
        if "unreachable" not in self._cache:
            from scipy.sparse.csgraph import breadth_first_order
            S = sp.csr_matrix((np.ones(self.n_rows), (self.row_state, np.arange(self.n_rows))),
                              shape=(self.n_states, self.n_rows))
            A = (S @ self._trans).tocsr()
            seen = np.zeros(self.n_states, dtype=bool)
            for k in np.flatnonzero(self._initial > 0):
                if not seen[k]:
                    seen[breadth_first_order(A, int(k), directed=True,
                                             return_predecessors=False)] = True
            self._cache["unreachable"] = tuple(int(k) for k in np.flatnonzero(~seen))
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
        if (self._states, self._players, self._actions, self._exact) != (
                other._states, other._players, other._actions, other._exact):
            return False
        if self._exact:
            same = (np.array_equal(self._payoff_exact, other._payoff_exact)
                    and self.discount_exact == other.discount_exact
                    and self._initial_exact == other._initial_exact
                    and _same_csr(self._trans, other._trans)
                    and np.array_equal(self._trans_exact, other._trans_exact))
            return bool(same)
        return bool(np.array_equal(self._payoff, other._payoff)
                    and np.array_equal(self._discount, other._discount)
                    and np.array_equal(self._initial, other._initial)
                    and _same_csr(self._trans, other._trans))

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
        lines = [repr(self)]
        init = [f"{self._states[k]}: {_fmt(p)}" for k, p in enumerate(self._initial) if p > 0]
        lines.append("initial: " + ", ".join(init[:limit]) + (" ..." if len(init) > limit else ""))
        lines.append(f"absorbing states: {[self._states[k] for k in self.absorbing_states][:limit]}")
        lines.append(f"unreachable states: "
                     f"{[self._states[k] for k in self.unreachable_states][:limit]}")
        for k in range(min(self.n_states, limit)):
            lines.append(f"state {self._states[k]!r}: actions "
                         + "; ".join(f"{p}: {', '.join(a)}" for p, a in
                                     zip(self._players, self._actions[k])))
            a = int(self._row_start[k])
            for r, idx in enumerate(itertools.product(*self._actions[k])):
                row = a + r
                T = self._trans
                nxt = ", ".join(
                    f"{self._states[T.indices[p]]}: "
                    f"{_fmt(self._trans_exact[p] if self._exact else T.data[p])}"
                    for p in range(T.indptr[row], T.indptr[row + 1]))
                pay = self._payoff_exact[row] if self._exact else self._payoff[row]
                lines.append(f"  ({', '.join(idx)}) -> payoffs ({', '.join(map(_fmt, pay))}); "
                             f"next: {nxt}")
                if r >= limit:
                    lines.append("  ...")
                    break
        if self.n_states > limit:
            lines.append(f"... {self.n_states - limit} more states")
        return lines

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

"""Bayesian games: players with private types, a common prior, type-dependent payoffs.

A :class:`BayesianGame` is a simultaneous-move game in which nature first draws a profile of
*types* ``t = (t_1, ..., t_N)`` from a common prior ``p(t)``; each player learns her own type
only and chooses an action; player i's payoff ``u_i(t, a)`` may depend on everybody's type and
action. The government does not know whether the agency it contracts with is competent; the
agency knows its competence; both know the prior.

Solving goes through the **Harsanyi transformation** (:meth:`BayesianGame.harsanyi`): a strategy
of player i is a plan ``s_i: T_i → A_i`` (one action per type), and the ex-ante payoff of a plan
profile is ``U_i(s) = Σ_t p(t) u_i(t, s_1(t_1), ..., s_N(t_N))``. With every type having positive
probability, the Nash equilibria of this normal-form game are exactly the Bayesian Nash
equilibria; a mixed plan induces for each type the probability of each action (what
:func:`contracts.equilibrium.bayesian_nash.bayesian_nash` reports, type by type).
:meth:`BayesianGame.to_extensive_form` gives the same game as a tree (chance draws the types;
each player's information set is her own type), so the tree solvers apply too.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np

from ..exceptions import InvalidGameError, UnsupportedGameError
from ._bayesian_build import _index, read_bayesian_game
from .extensive_form import _number

__all__ = ["BayesianGame", "product_prior"]


def product_prior(*marginals: Sequence) -> np.ndarray:
    """Joint prior of independent types: the outer product of the players' marginals.

    Parameters
    ----------
    *marginals : sequence of float or Fraction
        One probability vector over types per player.

    Returns
    -------
    numpy.ndarray
        The joint prior, one axis per player (Fractions kept exact).

    Examples
    --------
    >>> from fractions import Fraction
    >>> product_prior([Fraction(1, 3), Fraction(2, 3)], [1]).tolist()
    [[Fraction(1, 3)], [Fraction(2, 3)]]
    """
    out = np.array(1, dtype=object)
    for m in marginals:
        vals = [_number(v, "product_prior", "a marginal probability") for v in m]
        out = np.multiply.outer(out, np.array(vals, dtype=object))
    if all(isinstance(v, Fraction) for v in out.flat):
        return out
    return out.astype(float)


class BayesianGame:
    """A finite Bayesian game with a common prior (immutable).

    Parameters
    ----------
    players : sequence of str
        Player names.
    types : sequence of sequences of str
        ``types[i]``: player i's possible types (one type = complete information for i).
    actions : sequence of sequences of str
        ``actions[i]``: player i's actions (the same for all her types).
    prior : array_like
        Joint probability of the type profiles, shape ``(len(types[0]), ..., len(types[N-1]))``;
        non-negative and summing to 1 (exactly, for Fractions). Use :func:`product_prior` for
        independent types.
    payoffs : callable or sequence of arrays
        Either ``payoffs(types, actions) -> payoff vector`` called with the labels of a type
        profile and an action profile, or one array per player of shape
        ``(T_1, ..., T_N, A_1, ..., A_N)``.

    Examples
    --------
    An agency is competent (probability 2/3) or weak; it knows which. It works hard or cuts
    corners; the government, not knowing the type, monitors or trusts:

    >>> from fractions import Fraction
    >>> def u(types, acts):
    ...     (agency_type,), (effort, oversight) = types[:1], acts
    ...     cost = {"competent": 1, "weak": 3}[agency_type] if effort == "hard" else 0
    ...     quality = 4 if effort == "hard" else 1
    ...     fee = 4 if (effort == "hard" or oversight == "trust") else 1
    ...     return fee - cost, quality - fee - (1 if oversight == "monitor" else 0)
    >>> g = BayesianGame(["agency", "government"], [["competent", "weak"], ["-"]],
    ...                  [["hard", "cut"], ["monitor", "trust"]],
    ...                  [[Fraction(2, 3)], [Fraction(1, 3)]], u)
    >>> for plan in g.harsanyi().actions[0]:
    ...     print(plan)
    competent→hard, weak→hard
    competent→hard, weak→cut
    competent→cut, weak→hard
    competent→cut, weak→cut
    """

    def __init__(self, players: Sequence[str], types: Sequence[Sequence[str]],
                 actions: Sequence[Sequence[str]], prior: Any,
                 payoffs: Callable | Sequence[Any]):
        players, types, actions, prior, arrs, exact = read_bayesian_game(
            players, types, actions, prior, payoffs)
        set_ = object.__setattr__
        set_(self, "_players", players)
        set_(self, "_types", types)
        set_(self, "_actions", actions)
        set_(self, "_prior", prior)
        set_(self, "_payoffs", tuple(arrs))
        set_(self, "_exact", exact)
        set_(self, "_cache", {})

    def __setattr__(self, name, value):
        raise AttributeError("BayesianGame is immutable")

    # ------------------------------------------------------------------------------ facts
    @property
    def players(self) -> tuple[str, ...]:
        """The players' names."""
        return self._players

    @property
    def num_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def types(self) -> tuple[tuple[str, ...], ...]:
        """Each player's type labels."""
        return self._types

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Each player's action labels."""
        return self._actions

    @property
    def prior(self) -> np.ndarray:
        """Joint prior over type profiles (read-only)."""
        return self._prior

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """``payoffs[i][t_1, ..., t_N, a_1, ..., a_N]`` (read-only arrays)."""
        return self._payoffs

    @property
    def is_exact(self) -> bool:
        """Whether the prior and payoffs are Fractions."""
        return self._exact

    def marginal(self, player: int) -> np.ndarray:
        """Probability of each type of ``player``.

        Parameters
        ----------
        player : int or str
            The player (index or name).

        Returns
        -------
        numpy.ndarray
            The marginal prior over the player's types.

        Examples
        --------
        >>> g = BayesianGame(["government", "agency"], [["-"], ["able", "weak"]],
        ...                  [["audit"], ["work"]], [["1/4", "3/4"]], lambda t, a: (0, 0))
        >>> [str(p) for p in g.marginal("agency")]
        ['1/4', '3/4']
        """
        i = self._check_player(player)
        axes = tuple(k for k in range(self.num_players) if k != i)
        m = self._prior.sum(axis=axes) if axes else self._prior
        return np.asarray(m)

    def beliefs(self, player: int, type_: int | str) -> np.ndarray:
        """Player's posterior over the others' type profiles given her type (Bayes' rule).

        Parameters
        ----------
        player : int or str
            The player (index or name).
        type_ : int or str
            Her type (index or label).

        Returns
        -------
        numpy.ndarray
            The probability of each profile of the other players' types.

        Raises
        ------
        InvalidGameError
            For a type of probability zero (beliefs undefined).

        Examples
        --------
        Correlated types: player a's type ``y`` tells her that b's type is ``t``.

        >>> g = BayesianGame(["a", "b"], [["x", "y"], ["s", "t"]], [["l"], ["u"]],
        ...                  [["1/2", "1/4"], ["0", "1/4"]], lambda t, a: (0, 0))
        >>> [str(p) for p in g.beliefs(0, "y")], [str(p) for p in g.beliefs(1, "t")]
        (['0', '1'], ['1/2', '1/2'])
        """
        i = self._check_player(player)
        k = self._check_type(i, type_)
        slab = np.take(self._prior, k, axis=i)
        tot = slab.sum() if slab.size else 0
        if tot == 0:
            raise InvalidGameError(f"BayesianGame.beliefs: type {self._types[i][k]!r} of "
                                   f"{self._players[i]!r} has prior probability 0; beliefs "
                                   "are undefined")
        return slab / tot

    def _check_player(self, player) -> int:
        return _index(player, self._players, f"BayesianGame: no player {player!r} (players: "
                      f"{list(self._players)})")

    def _check_type(self, i, type_) -> int:
        ts = self._types[i]
        return _index(type_, ts, f"BayesianGame: {self._players[i]!r} has no type {type_!r} "
                      f"(types: {list(ts)})")

    # ------------------------------------------------------------------------------ Harsanyi
    def plans(self, player: int) -> tuple[tuple[int, ...], ...]:
        """Player's pure strategies of the Harsanyi game: one action index per type.

        Plans are in lexicographic order (first type slowest).

        Parameters
        ----------
        player : int or str
            The player (index or name).

        Returns
        -------
        tuple of tuple of int
            The plans.

        Examples
        --------
        >>> g = BayesianGame(["agency"], [["able", "weak"]], [["work", "shirk"]],
        ...                  ["1/2", "1/2"], lambda t, a: (0,))
        >>> g.plans("agency")        # (able's action, weak's action)
        ((0, 0), (0, 1), (1, 0), (1, 1))
        """
        i = self._check_player(player)
        return tuple(itertools.product(range(len(self._actions[i])),
                                       repeat=len(self._types[i])))

    def plan_label(self, player: int, plan: Sequence[int]) -> str:
        """A plan in words: ``type→action`` for each type.

        Parameters
        ----------
        player : int or str
            The player.
        plan : sequence of int
            One action index per type.

        Returns
        -------
        str
            The label (just the action for a single type).
        """
        i = self._check_player(player)
        ts, acts = self._types[i], self._actions[i]
        if len(ts) == 1:
            return acts[plan[0]]
        return ", ".join(f"{t}→{acts[a]}" for t, a in zip(ts, plan))

    def harsanyi(self, *, max_size: int = 4_000_000):
        """The Harsanyi transformation: a :class:`~contracts.games.normal_form.NormalFormGame`
        whose strategies are type-to-action plans and whose payoffs are ex-ante expectations.

        Parameters
        ----------
        max_size : int
            Largest number of pure profiles of the Harsanyi game.

        Returns
        -------
        NormalFormGame
            The ex-ante normal form.

        Raises
        ------
        UnsupportedGameError
            If the normal form would have more than ``max_size`` profiles.

        Examples
        --------
        >>> g = BayesianGame(["seller", "buyer"], [["good", "bad"], ["-"]],
        ...                  [["sell"], ["buy", "pass"]], [["1/2"], ["1/2"]],
        ...                  lambda t, a: (1, 2 if t[0] == "good" else -1) if a[1] == "buy"
        ...                  else (0, 0))
        >>> h = g.harsanyi()
        >>> h.payoffs[1].tolist()
        [[Fraction(1, 2), Fraction(0, 1)]]
        """
        if "harsanyi" in self._cache:
            return self._cache["harsanyi"]
        from .normal_form import NormalFormGame

        n = self.num_players
        plans = [np.array(self.plans(i), dtype=np.intp).reshape(-1, len(self._types[i]))
                 for i in range(n)]
        shape = tuple(len(p) for p in plans)
        size = math.prod(shape)
        if size > max_size:
            raise UnsupportedGameError(
                f"BayesianGame.harsanyi: the Harsanyi game would have {size} cells (more than "
                f"max_size={max_size}); solve the tree from to_extensive_form() with the "
                "sequence form instead")
        dtype = object if self._exact else float
        arrays = []
        for i in range(n):
            out = np.zeros(shape, dtype=dtype)
            if self._exact:
                out.fill(Fraction(0))
            for tidx in itertools.product(*[range(len(t)) for t in self._types]):
                p = self._prior[tidx]
                if p == 0:
                    continue
                table = self._payoffs[i][tidx]          # shape (A_1, ..., A_N)
                block = table[np.ix_(*[plans[j][:, tidx[j]] for j in range(n)])]
                out = out + p * block
            arrays.append(out)
        labels = [tuple(self.plan_label(i, tuple(p)) for p in plans[i]) for i in range(n)]
        g = NormalFormGame(arrays, players=self._players, actions=labels, exact=self._exact)
        self._cache["harsanyi"] = g
        return g

    # ------------------------------------------------------------------------------ per type
    def type_strategies(self, player: int, mixed_plan: Sequence) -> np.ndarray:
        """Per-type action probabilities induced by a mixed strategy over plans.

        ``out[t, a] = Σ_{plans s with s(t) = a} σ(s)``.

        Parameters
        ----------
        player : int or str
            The player (index or name).
        mixed_plan : sequence of float or Fraction
            Probability of each plan (in the order of :meth:`plans`).

        Returns
        -------
        numpy.ndarray, shape (n_types, n_actions)
            Each type's mixed action.

        Raises
        ------
        InvalidGameError
            If the number of probabilities differs from the number of plans.

        Examples
        --------
        Half the time the agency works whatever its type, half the time it shirks:

        >>> g = BayesianGame(["agency"], [["able", "weak"]], [["work", "shirk"]],
        ...                  ["1/2", "1/2"], lambda t, a: (0,))
        >>> g.type_strategies(0, [0.5, 0, 0, 0.5]).tolist()
        [[0.5, 0.5], [0.5, 0.5]]
        """
        i = self._check_player(player)
        plans = self.plans(i)
        sigma = list(mixed_plan)
        if len(sigma) != len(plans):
            raise InvalidGameError(f"BayesianGame.type_strategies: {self._players[i]!r} has "
                                   f"{len(plans)} plans, got {len(sigma)} probabilities")
        T, A = len(self._types[i]), len(self._actions[i])
        exact = all(isinstance(x, (Fraction, int)) for x in sigma)
        out = np.empty((T, A), dtype=object if exact else float)
        out.fill(Fraction(0) if exact else 0.0)
        for s, w in zip(plans, sigma):
            if w == 0:
                continue
            for t, a in enumerate(s):
                out[t, a] = out[t, a] + w
        return out

    def interim_values(self, player: int, strategies: Sequence) -> np.ndarray:
        """Expected payoff of each (type, action) of ``player`` given her type.

        The others play per-type mixed strategies ``strategies[j][t_j, a_j]``. Rows of types
        with prior probability 0 are NaN (floats) or None (exact).

        Parameters
        ----------
        player : int or str
            The player (index or name).
        strategies : sequence of array_like
            One ``(n_types, n_actions)`` array of per-type mixed actions per player.

        Returns
        -------
        numpy.ndarray, shape (n_types, n_actions)
            The interim expected payoffs.
        """
        i = self._check_player(player)
        n = self.num_players
        exact = self._exact and all(np.asarray(s).dtype == object for s in strategies)
        T, A = len(self._types[i]), len(self._actions[i])
        vals = np.empty((T, A), dtype=object if exact else float)
        marg = self.marginal(i)
        for ti in range(T):
            if marg[ti] == 0:
                vals[ti] = None if exact else np.nan
                continue
            acc = np.zeros(A, dtype=object if exact else float)
            if exact:
                acc.fill(Fraction(0))
            for tidx in itertools.product(*[range(len(t)) for t in self._types]):
                if tidx[i] != ti:
                    continue
                p = self._prior[tidx]
                if p == 0:
                    continue
                table = np.moveaxis(self._payoffs[i][tidx], i, 0)   # own action first
                others = [np.asarray(strategies[j])[tidx[j]] for j in range(n) if j != i]
                for s in reversed(others):
                    table = table.dot(s if exact else np.asarray(s, dtype=float))
                acc = acc + p * table
            vals[ti] = acc / marg[ti]
        return vals

    # ------------------------------------------------------------------------------ tree
    def to_extensive_form(self):
        """The same game as a tree: chance draws the type profile (with the prior), then the
        players move in order, each knowing only her own type.

        Returns
        -------
        ExtensiveFormGame
            The game tree.

        Examples
        --------
        >>> g = BayesianGame(["a", "b"], [["x", "y"], ["-"]], [["l", "r"], ["u", "d"]],
        ...                  [["1/2"], ["1/2"]], lambda t, a: (1, 0))
        >>> tree = g.to_extensive_form()
        >>> [len(s) for s in tree.infosets]
        [2, 1]
        """
        from .extensive_form import ExtensiveFormGame

        n = self.num_players
        b = ExtensiveFormGame.builder(self._players, title="Bayesian game")
        tprofiles = list(itertools.product(*[range(len(t)) for t in self._types]))
        labels = [",".join(self._types[i][k] for i, k in enumerate(tp)) for tp in tprofiles]
        probs = {lab: self._prior[tp] for lab, tp in zip(labels, tprofiles)}
        kids = b.chance(b.root, probs, label="types")
        for tp, node in zip(tprofiles, kids):
            frontier = [(node, ())]
            for i in range(n):
                nxt = []
                for nd, acts in frontier:
                    key = f"{self._players[i]}: {self._types[i][tp[i]]}"
                    children = b.move(nd, i, self._actions[i], infoset=key)
                    nxt.extend((c, acts + (a,)) for a, c in enumerate(children))
                frontier = nxt
            for nd, acts in frontier:
                b.payoffs(nd, [self._payoffs[i][tp + acts] for i in range(n)])
        return b.build()

    def __repr__(self) -> str:
        return (f"<BayesianGame: players {list(self._players)}, types "
                f"{[len(t) for t in self._types]}, actions {[len(a) for a in self._actions]}>")

    def __str__(self) -> str:
        lines = [repr(self)]
        for i, p in enumerate(self._players):
            m = self.marginal(i)
            ts = ", ".join(f"{t} ({_f(m[k])})" for k, t in enumerate(self._types[i]))
            lines.append(f"  {p}: types {ts}; actions {', '.join(self._actions[i])}")
        return "\n".join(lines)


def _f(x) -> str:
    from .._result import format_number
    return format_number(x)

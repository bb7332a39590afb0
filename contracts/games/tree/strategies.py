"""Reduced pure strategies and the reduced strategic form of a game tree.

The functions here are methods of :class:`~contracts.games.tree.ExtensiveFormGame` (attached
there); ``self`` is the game.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from .._labels import normalize_labels as _normalize_labels
from ...exceptions import InvalidGameError, UnsupportedGameError
from .parts import _as_fraction

__all__: list[str] = []

# -------------------------------------------------------------------------- strategies
def _reachability(self, player: int) -> list:
    """For each infoset of ``player``: the distinct own histories of its nodes (self moves
    removed), i.e. the conditions under which a pure strategy reaches it."""
    key = ("reach", player)
    c = self._cache
    if key not in c:
        out = []
        for s in self._infosets[player]:
            reqs = []
            for nid in s.nodes:
                r = tuple((k, a) for k, a in self._hist[nid][player] if k != s.index)
                if r not in reqs:
                    reqs.append(r)
            out.append(reqs)
        c[key] = out
    return c[key]


def num_reduced_strategies(self, player: int) -> int:
    """How many reduced strategies ``player`` has (without listing them).

    Parameters
    ----------
    player : str or int
        A player's name or 0-based index.

    Returns
    -------
    int
        The number of reduced pure strategies.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["leader", "follower"], decision("leader", {
    ...     "high": decision("follower", {"accept": leaf(2, 1), "reject": leaf(0, 0)}),
    ...     "low": decision("follower", {"accept": leaf(1, 2), "reject": leaf(0, 0)})}))
    >>> g.num_reduced_strategies("follower")
    4
    """
    player = self._check_player(player, "num_reduced_strategies")
    if self.is_perfect_recall:
        sf = self._seq_structure()
        kids = sf["children"][player]   # sequence -> list of infosets following it
        seqs = sf["sequences"][player]
        count = [1] * len(seqs)
        for s in range(len(seqs) - 1, -1, -1):
            total = 1
            for h in kids[s]:
                total *= sum(count[t] for t in sf["infoset_children"][player][h])
            count[s] = total
        return count[0]
    return len(self.reduced_strategies(player))


def reduced_strategies(self, player: int, *, limit: int | None = 10 ** 6
                       ) -> tuple[tuple[int | None, ...], ...]:
    """Player's reduced pure strategies, in Gambit's order.

    Parameters
    ----------
    player : str or int
        A player's name or 0-based index.
    limit : int or None
        Refuse when the player has more reduced strategies than this (None: no limit).

    Returns
    -------
    tuple of tuples
        Each strategy is a tuple with one entry per information set of the player: the index
        of the chosen action, or None where the strategy's own moves make the set unreachable.

    Raises
    ------
    UnsupportedGameError
        When there are more than ``limit``.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {
    ...     "exit": leaf(0), "stay": decision("agency", {"a": leaf(1), "b": leaf(2)})}))
    >>> g.reduced_strategies(0)
    ((0, None), (1, 0), (1, 1))
    """
    player = self._check_player(player, "reduced_strategies")
    key = ("rs", player)
    c = self._cache
    if key in c:
        return c[key]
    if limit is not None and self.is_perfect_recall:
        count = self.num_reduced_strategies(player)
        if count > limit:
            raise UnsupportedGameError(
                f"ExtensiveFormGame.reduced_strategies: player {self._players[player]!r} "
                f"has {count} reduced strategies, more than limit={limit}; use the sequence "
                "form instead")
    if self.is_perfect_recall:
        found = self._reduced_strategies_recall(player, limit)
    else:
        found = self._reduced_strategies_search(player, limit)
    c[key] = tuple(found)
    return c[key]


def _reduced_strategies_recall(self, player: int, limit) -> list:
    """Perfect recall: combine the sequence tree from the leaves up, then sort (the order
    equals a depth-first search over the information sets in index order)."""
    st = self._seq_structure()
    m = len(self._infosets[player])
    follow = st["children"][player]
    kids = st["infoset_children"][player]
    partial: list = [None] * len(st["sequences"][player])
    for sq in range(len(partial) - 1, -1, -1):
        combos: list = [()]
        for h in follow[sq]:
            opts = []
            for a, t in enumerate(kids[h]):
                opts.extend(((h, a),) + q for q in partial[t])
                partial[t] = None
            combos = [x + y for x in combos for y in opts]
            if limit is not None and len(combos) > limit:
                raise UnsupportedGameError(
                    f"ExtensiveFormGame.reduced_strategies: player "
                    f"{self._players[player]!r} has more than limit={limit} reduced "
                    "strategies")
        partial[sq] = combos
    out = []
    for combo in partial[0]:
        row: list = [None] * m
        for h, a in combo:
            row[h] = a
        out.append(tuple(row))
    out.sort(key=lambda t: tuple(-1 if a is None else a for a in t))
    return out


def _reduced_strategies_search(self, player: int, limit) -> list:
    """Any game: depth-first search over the information sets in index order, marking
    sets the strategy's own moves make unreachable, then removing duplicates."""
    sets = self._infosets[player]
    reqs = self._reachability(player)
    m = len(sets)
    UNSET = object()
    assign: list = [UNSET] * m
    found: list = []
    seen: set = set()

    def status(h):
        possible = False
        for req in reqs[h]:
            ok = True
            decided = True
            for g, a in req:
                v = assign[g]
                if v is UNSET:
                    decided = False
                elif v != a:
                    ok = False
                    break
            if ok:
                if decided:
                    return 2
                possible = True
        return 1 if possible else 0

    def finish():
        final = list(assign)
        for h in range(m):
            if final[h] is None:
                continue
            if not any(all(assign[g] == a for g, a in req) for req in reqs[h]):
                final[h] = None
        t = tuple(final)
        if t not in seen:
            seen.add(t)
            found.append(t)
            if limit is not None and len(found) > limit:
                raise UnsupportedGameError(
                    f"ExtensiveFormGame.reduced_strategies: player "
                    f"{self._players[player]!r} has more than limit={limit} reduced "
                    "strategies")

    if m == 0:
        return [()]
    options: list = [None] * m
    pos = [0] * m
    h = 0
    options[0] = [None] if status(0) == 0 else list(range(sets[0].num_actions))
    while h >= 0:
        if pos[h] < len(options[h]):
            assign[h] = options[h][pos[h]]
            pos[h] += 1
            if h + 1 == m:
                finish()
            else:
                h += 1
                options[h] = [None] if status(h) == 0 else list(range(sets[h].num_actions))
                pos[h] = 0
        else:
            assign[h] = UNSET
            h -= 1
    return found


def strategy_labels(self, player: int) -> tuple[str, ...]:
    """Gambit's labels of the reduced strategies (``"11"``, ``"2*"``...).

    Parameters
    ----------
    player : str or int
        A player's name or 0-based index.

    Returns
    -------
    tuple of str
        One label per reduced strategy: the 1-based action at each information set of the
        player, ``*`` where the set is unreachable.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["agency"], decision("agency", {
    ...     "exit": leaf(0), "stay": decision("agency", {"a": leaf(1), "b": leaf(2)})}))
    >>> g.strategy_labels("agency")
    ('1*', '21', '22')
    """
    strategies = self.reduced_strategies(player)
    labels = ["".join("*" if a is None else str(a + 1) for a in s) for s in strategies]
    labels = [lab if lab else "*" for lab in labels]
    if len(set(labels)) != len(labels):
        labels = _normalize_labels(labels)
    return tuple(labels)


def _consistent(self, player: int, history: tuple) -> np.ndarray:
    """Indices of player's reduced strategies that make the moves in ``history``."""
    key = ("cons", player)
    c = self._cache
    table = c.setdefault(key, {})
    if history not in table:
        strategies = self.reduced_strategies(player)
        if not history:
            table[history] = np.arange(len(strategies), dtype=np.intp)
        elif self.is_perfect_recall:
            # with perfect recall, taking the last move implies reaching it
            mat = c.get(("smat", player))
            if mat is None:
                mat = np.array([[-1 if a is None else a for a in s] for s in strategies],
                               dtype=np.int64).reshape(len(strategies), -1)
                c[("smat", player)] = mat
            g, a = history[-1]
            table[history] = np.nonzero(mat[:, g] == a)[0].astype(np.intp)
        else:
            table[history] = np.array(
                [k for k, s in enumerate(strategies) if all(s[g] == a for g, a in history)],
                dtype=np.intp)
    return table[history]


def reduced_normal_form(self, *, exact: bool | None = None,
                        max_size: int = 4_000_000):
    """The reduced strategic form as a :class:`~contracts.games.normal_form.NormalFormGame`.

    Strategies are the reduced pure strategies (:meth:`reduced_strategies`) labelled as in
    Gambit; expected payoffs average over chance.

    Parameters
    ----------
    exact : bool, optional
        Fraction payoffs (default when the tree is exact) or floats.
    max_size : int
        Refuse (:class:`UnsupportedGameError`) when the payoff table would have more cells.

    Returns
    -------
    NormalFormGame
        The reduced normal form (cached: the same object on every call).

    Examples
    --------
    >>> from contracts.games.tree.sequences import _EXAMPLE_EFG
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg(_EXAMPLE_EFG)
    >>> nf = g.reduced_normal_form()
    >>> nf.actions
    (('1', '2'), ('1', '2'))
    >>> nf.payoffs[0].tolist()
    [[Fraction(1, 1), Fraction(1, 1)], [Fraction(0, 1), Fraction(2, 1)]]
    """
    from ..normal_form import NormalFormGame

    exact = self._exact if exact is None else bool(exact)
    key = ("nf", exact)
    c = self._cache
    if key in c:
        return c[key]
    n = self.num_players
    if n == 0:
        raise UnsupportedGameError("ExtensiveFormGame.reduced_normal_form: the game has no "
                                   "players")
    counts = [self.num_reduced_strategies(p) for p in range(n)]
    size = math.prod(counts)
    if size > max_size:
        raise UnsupportedGameError(
            f"ExtensiveFormGame.reduced_normal_form: the reduced normal form would have "
            f"{' x '.join(map(str, counts))} = {size} cells, more than max_size={max_size}; "
            "solve the tree with the sequence form (contracts.equilibrium.sequence_form) "
            "instead")
    strategies = [self.reduced_strategies(p, limit=None) for p in range(n)]
    shape = tuple(len(s) for s in strategies)
    reach = self._reach_chance()
    cum = self._cum_payoffs()
    leaves = [z for z in self.terminal_nodes if reach[z] != 0]
    if exact:
        # exact weights on a common denominator: integer arithmetic, then Fractions
        w = [[_as_fraction(reach[z]) * _as_fraction(cum[z][k]) for z in leaves]
             for k in range(n)]
        den = 1
        for row in w:
            for v in row:
                den = den * v.denominator // math.gcd(den, v.denominator)
        W = [[v.numerator * (den // v.denominator) for v in row] for row in w]
        big = max((abs(v) for row in W for v in row), default=0) * max(1, len(leaves))
        dtype = np.int64 if big < 2 ** 62 else object
        W = [np.array(row, dtype=dtype) for row in W]
    else:
        dtype = float
        W = [np.array([float(reach[z]) * float(cum[z][k]) for z in leaves])
             for k in range(n)]
    cons = [[self._consistent(p, self._hist[z][p]) for z in leaves] for p in range(n)]
    if n == 2:
        # A = C1 diag(w) C2^T: one matrix product per player
        C = []
        for p in range(2):
            M = np.zeros((shape[p], len(leaves)), dtype=dtype)
            for j in range(len(leaves)):
                M[cons[p][j], j] = 1
            C.append(M)
        arrays = [(C[0] * W[k][None, :]).dot(C[1].T) for k in range(2)]
    else:
        arrays = []
        for k in range(n):
            a = np.zeros(shape, dtype=dtype)
            for j in range(len(leaves)):
                if W[k][j] != 0:
                    a[np.ix_(*[cons[p][j] for p in range(n)])] += W[k][j]
            arrays.append(a)
    if exact:
        to_frac = np.frompyfunc(lambda v: Fraction(int(v), den), 1, 1)
        arrays = [to_frac(a).astype(object) if a.size else a.astype(object)
                  for a in arrays]
    players = _normalize_labels(list(self._players)) if len(set(self._players)) != n or \
        "" in self._players else list(self._players)
    g = NormalFormGame(arrays, players=players,
                       actions=[self.strategy_labels(p) for p in range(n)], exact=exact)
    c[key] = g
    return g


def _check_player(self, player, where: str) -> int:
    """A player's 0-based index from a name or an index (InvalidGameError otherwise)."""
    if isinstance(player, str):
        if player in self._players:
            return self._players.index(player)
        raise InvalidGameError(f"ExtensiveFormGame.{where}: no player named {player!r}; "
                               f"players are {list(self._players)}")
    if isinstance(player, (int, np.integer)) and not isinstance(player, bool) and \
            0 <= player < self.num_players:
        return int(player)
    raise InvalidGameError(f"ExtensiveFormGame.{where}: player must be a name or an index "
                           f"in 0..{self.num_players - 1}, got {player!r}")

"""Subgame-perfect equilibria of game trees, solved from the leaves up.

* :func:`backward_induction` — every subgame-perfect equilibrium in pure strategies of a game
  of perfect information (chance moves allowed). When a mover is indifferent, *each* of her best
  actions starts a separate branch, and the branches below combine with the choices above: the
  result lists all pure subgame-perfect equilibria, not one arbitrary selection. (Ties matter:
  an agency indifferent between complying and shirking changes what the government should do
  before it.)
* :func:`subgame_perfect` — subgame-perfect equilibria of games with imperfect information:
  every subgame (Gambit's definition, see
  :meth:`~contracts.games.extensive_form.ExtensiveFormGame.subgames`) is solved bottom-up; the
  proper subgames below are replaced by the payoffs of an equilibrium chosen there, and the
  truncated subgame's reduced normal form is solved — all extreme equilibria by vertex
  enumeration for two players, all pure equilibria for three or more. Every combination of the
  equilibria chosen below is followed, so the result lists every subgame-perfect equilibrium
  whose restriction to each subgame is an extreme (two players) or pure (more players)
  equilibrium of the truncated subgame.

Every returned profile is verified: a Nash equilibrium of the whole tree, and of every subgame.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from ..exceptions import InvalidGameError, UnsupportedGameError
from ..games.extensive_form import CHANCE
from .sequence_form import BehaviorEquilibriumResult, build_behavior_result

__all__ = ["backward_induction", "subgame_perfect", "subgame_regret", "is_subgame_perfect"]


def _check_game(game, where):
    from ..games.extensive_form import ExtensiveFormGame
    if not isinstance(game, ExtensiveFormGame):
        raise InvalidGameError(f"{where}: expected an ExtensiveFormGame, got "
                               f"{type(game).__name__}")


def _check_limit(limit, where):
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise InvalidGameError(f"{where}: limit must be a positive integer or None, got "
                               f"{limit!r}")


# ----------------------------------------------------------------------------------------------
# perfect information
# ----------------------------------------------------------------------------------------------
def backward_induction(game, *, tol: float | None = None,
                       limit: int | None = 10_000) -> BehaviorEquilibriumResult:
    """All pure subgame-perfect equilibria of a perfect-information tree, ties included.

    Parameters
    ----------
    game : ExtensiveFormGame
        Every information set a single node (chance nodes allowed), any number of players.
    tol : float, optional
        For float games: actions within ``tol`` of the best are ties (default: the game's
        ``default_tol()``). Exact games compare exactly.
    limit : int or None
        Stop combining branches beyond this many equilibria (the result then says
        ``complete=False``).

    Returns
    -------
    BehaviorEquilibriumResult
        One pure behaviour profile per subgame-perfect equilibrium, ``complete=True`` unless the
        limit was hit.

    Raises
    ------
    UnsupportedGameError
        The game has a non-trivial information set (use :func:`subgame_perfect`).

    Examples
    --------
    A government decides whether to renew an agency's contract; the agency then chooses effort.
    It is indifferent, so there are two subgame-perfect equilibria, with different renewal
    decisions:

    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["government", "agency"], decision("government", {
    ...     "renew": decision("agency", {"high": leaf(3, 1), "low": leaf(0, 1)}),
    ...     "replace": leaf(1, 0)}))
    >>> res = backward_induction(g)
    >>> [eq.payoffs for eq in res]
    [(Fraction(3, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1))]
    """
    where = "backward_induction"
    _check_game(game, where)
    _check_limit(limit, where)
    if not game.is_perfect_information:
        bad = next(s for sets in game.infosets for s in sets if len(s.nodes) > 1)
        raise UnsupportedGameError(
            f"{where}: the game has imperfect information (information set "
            f"{game._infoset_name(bad.player, bad.index)} of {game.players[bad.player]!r} has "
            f"{len(bad.nodes)} nodes); use subgame_perfect")
    exact = game.is_exact
    if tol is None:
        tol = game.default_tol()
    n = game.num_players
    zero = Fraction(0) if exact else 0.0
    conv = (lambda v: v) if exact else float
    truncated = False
    # alternatives per node: list of (value vector, choices); choices is a small tree
    # ((node, action) or None, child choices...) flattened only at the end, so combining
    # branches costs O(number of children) rather than O(size of the subtree)
    alts: dict[int, list] = {}
    for nd in reversed(game.nodes):
        own = game.outcomes[nd.outcome].payoffs if nd.outcome is not None else (zero,) * n
        own = tuple(conv(v) for v in own)
        if nd.is_terminal:
            alts[nd.index] = [(own, None)]
            continue
        kids = [alts.pop(ch) for ch in nd.children]
        out = []
        if nd.player == CHANCE:
            probs = [conv(p) for p in game.chance_infosets[nd.infoset].probabilities]
            for combo in itertools.product(*kids):
                val = list(own)
                for p, (v, _) in zip(probs, combo):
                    if p:
                        val = [a + p * b for a, b in zip(val, v)]
                out.append((tuple(val), (None,) + tuple(c for _, c in combo)))
                if limit is not None and len(out) >= limit:
                    truncated = True
                    break
        else:
            i = nd.player
            for combo in itertools.product(*kids):
                vals = [v[i] for v, _ in combo]
                best = max(vals)
                below = tuple(c for _, c in combo)
                for a, v in enumerate(vals):
                    if (v == best) if exact else (v >= best - tol):
                        val = tuple(x + y for x, y in zip(own, combo[a][0]))
                        out.append((val, ((nd.index, a),) + below))
                if limit is not None and len(out) >= limit:
                    truncated = True
                    out = out[:limit]
                    break
        alts[nd.index] = out
    from ..games.extensive_form import BehaviorProfile
    from .sequence_form import BehaviorEquilibrium, BehaviorEquilibriumResult

    units = {}
    one, nil = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    equilibria, dropped = [], 0
    for _, tree in alts[0]:
        probs = [[None] * len(sets) for sets in game.infosets]
        stack = [tree]
        while stack:
            t = stack.pop()
            if t is None:
                continue
            if t[0] is not None:
                nid, a = t[0]
                x = game.nodes[nid]
                k = game.infosets[x.player][x.infoset].num_actions
                if (k, a) not in units:
                    units[(k, a)] = tuple(one if b == a else nil for b in range(k))
                probs[x.player][x.infoset] = units[(k, a)]
            stack.extend(t[1:])
        probs = tuple(tuple(r) for r in probs)     # distinct by construction
        prof = BehaviorProfile._unchecked(game, probs, exact)
        # verification: no mover gains by deviating at any node (one-shot deviation
        # principle: subgame perfection, hence also a Nash equilibrium)
        gain, value = _one_shot(game, prof)
        if gain > (0 if exact else tol):
            dropped += 1
            continue
        equilibria.append(BehaviorEquilibrium(prof, value, gain))
    msgs = [f"stopped after limit={limit} equilibria"] if truncated else []
    if dropped:
        msgs.append(f"{dropped} candidate(s) failed verification and were dropped")
    return BehaviorEquilibriumResult(
        equilibria=tuple(equilibria), method=where, exact=exact,
        complete=not truncated and not dropped, iterations=len(game.nodes),
        max_regret=max((e.regret for e in equilibria), default=0), message="; ".join(msgs))


def _one_shot(game, profile) -> tuple:
    """Largest gain of a mover from changing her action at one node, and the root value.

    For a pure profile of a perfect-information game this is exactly the subgame-perfection
    check (one-shot deviation principle); mixed profiles are handled too.
    """
    exact = profile.is_exact and game.is_exact
    conv = (lambda v: v) if exact else float
    n = game.num_players
    zero = conv(Fraction(0))
    worst = zero
    value: dict[int, tuple] = {}
    outs = [tuple(conv(v) for v in o.payoffs) for o in game.outcomes]
    for nd in reversed(game.nodes):
        if nd.is_terminal:
            value[nd.index] = outs[nd.outcome] if nd.outcome is not None else (zero,) * n
            continue
        else:
            kids = [value.pop(ch) for ch in nd.children]
            if nd.player == CHANCE:
                probs = game.chance_infosets[nd.infoset].probabilities
            else:
                probs = profile.probabilities[nd.player][nd.infoset]
            support = [a for a, p in enumerate(probs) if p]
            if nd.player != CHANCE and len(support) == 1:
                val = kids[support[0]]
            else:
                val = tuple(sum((conv(probs[a]) * kids[a][k] for a in support), zero)
                            for k in range(n))
            if nd.player != CHANCE:
                i = nd.player
                best = max(v[i] for v in kids)
                if best > val[i] and best - val[i] > worst:
                    worst = best - val[i]
        if nd.outcome is not None:
            val = tuple(a + b for a, b in zip(val, outs[nd.outcome]))
        value[nd.index] = val
    return worst, value[0]


# ----------------------------------------------------------------------------------------------
# subgame perfection: checks
# ----------------------------------------------------------------------------------------------
def _restrict(game, sub, node_map, profile):
    """The part of ``profile`` that lives in subgame ``sub`` (built by _subgame_with_map)."""
    from ..games.extensive_form import BehaviorProfile
    out = []
    for p, sets in enumerate(sub.infosets):
        rows = []
        for s in sets:
            orig = game.nodes[node_map[s.nodes[0]]]
            rows.append(profile.probabilities[p][orig.infoset])
        out.append(tuple(rows))
    return BehaviorProfile(sub, tuple(out))


def subgame_regret(game, profile) -> Any:
    """Largest gain from a deviation in any subgame (0 means subgame perfect).

    Parameters
    ----------
    game : ExtensiveFormGame
        A game tree.
    profile : behaviour profile
        One behaviour strategy per player (see ``game.behavior_profile``).

    Returns
    -------
    float or Fraction
        The largest gain (exact for exact games and profiles).

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["entrant", "incumbent"], decision("entrant", {
    ...     "out": leaf(0, 2),
    ...     "in": decision("incumbent", {"fight": leaf(-1, -1), "share": leaf(1, 1)})}))
    >>> subgame_regret(g, g.behavior_profile([["out"], ["fight"]]))  # a non-credible threat
    Fraction(2, 1)
    """
    _check_game(game, "subgame_regret")
    profile = game._as_behavior(profile, "subgame_regret")
    worst = max(game.behavior_regrets(profile), default=0)
    cache = game._cache.setdefault("subgame_maps", {})
    for r in game.subgames():
        if r == 0:
            continue
        if r not in cache:
            cache[r] = game._subgame_with_map(r)
        sub, node_map = cache[r]
        part = _restrict(game, sub, node_map, profile)
        worst = max(worst, max(sub.behavior_regrets(part), default=0))
    return worst


def is_subgame_perfect(game, profile, *, tol: float | None = None) -> bool:
    """True when ``profile`` is a Nash equilibrium of every subgame (within ``tol``).

    Parameters
    ----------
    game : ExtensiveFormGame
        A game tree.
    profile : behaviour profile
        One behaviour strategy per player.
    tol : float, optional
        Largest deviation gain accepted (default: the game's tolerance; 0 when exact).

    Returns
    -------
    bool
        Whether the profile is subgame perfect.

    Examples
    --------
    >>> from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    >>> g = ExtensiveFormGame.from_tree(["entrant", "incumbent"], decision("entrant", {
    ...     "out": leaf(0, 2),
    ...     "in": decision("incumbent", {"fight": leaf(-1, -1), "share": leaf(1, 1)})}))
    >>> is_subgame_perfect(g, g.behavior_profile([["in"], ["share"]]))
    True
    """
    profile = game._as_behavior(profile, "is_subgame_perfect")
    r = subgame_regret(game, profile)
    limit = 0 if (profile.is_exact and game.is_exact) else (
        game.default_tol() if tol is None else tol)
    return r <= limit


def _drop_non_spe(game, res: BehaviorEquilibriumResult, tol) -> BehaviorEquilibriumResult:
    keep = []
    for eq in res.equilibria:
        limit = 0 if (eq.profile.is_exact and game.is_exact) else tol
        if subgame_regret(game, eq.profile) <= limit:
            keep.append(eq)
    if len(keep) == len(res.equilibria):
        return res
    dropped = len(res.equilibria) - len(keep)
    msg = "; ".join(m for m in (res.message, f"{dropped} profile(s) failed the subgame-perfection"
                                              " check and were dropped") if m)
    return BehaviorEquilibriumResult(equilibria=tuple(keep), method=res.method, exact=res.exact,
                                     complete=False, converged=res.converged,
                                     iterations=res.iterations, message=msg,
                                     max_regret=max((e.regret for e in keep), default=0),
                                     extra=res.extra)


# ----------------------------------------------------------------------------------------------
# imperfect information: subgames bottom-up
# ----------------------------------------------------------------------------------------------
def _solve_truncated(sub, exact: bool, tol, method: str, max_cells: int,
                     limit: int | None = None):
    """Equilibria (as behaviour profiles of ``sub``) of a truncated subgame, and whether the
    list is complete (all extreme equilibria)."""
    if sub.num_players == 2:
        counts = [sub.num_reduced_strategies(p) for p in range(2)]
        if method == "one" or (method == "auto" and counts[0] * counts[1] > max_cells):
            from .sequence_form import sequence_form_lcp
            res = sequence_form_lcp(sub, exact=exact, tol=tol)
            return [eq.profile for eq in res], False, "lcp"
    from .. import _budget
    _budget.check_profiles("subgame_perfect", [sub.num_reduced_strategies(p)
                                               for p in range(sub.num_players)],
                           what="pure profiles in a truncated subgame's reduced normal form")
    nf = sub.reduced_normal_form(exact=exact)
    eqs, full = _solve_normal_form(nf, exact, tol, limit)
    if eqs or nf.num_players == 2:
        return [sub.mixed_to_behavior(e) for e in eqs], full, "nf"
    # three or more players and no pure equilibrium: one mixed equilibrium, the limit of the
    # principal logit branch (every finite game has one)
    from .nplayer import logit_limit
    res = logit_limit(nf, exact=exact, tol=None if exact else tol)
    kind = "logit" if all(isinstance(x, Fraction) for e in res for s in e.strategies
                          for x in s) or not exact else "logit-float"
    return [sub.mixed_to_behavior(e.strategies) for e in res], False, kind


def _solve_normal_form(nf, exact: bool, tol, limit: int | None = None):
    """Extreme (2 players) or pure (other) equilibria of a reduced normal form."""
    if nf.num_players == 2:
        from .vertex_enumeration import vertex_enumeration
        import warnings
        from ..exceptions import DegenerateGameWarning
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateGameWarning)
            res = vertex_enumeration(nf, exact=exact, tol=tol)
        return [eq.strategies for eq in res], res.complete
    from .pure import pure_nash
    res = pure_nash(nf, tol=tol, limit=limit)
    return [eq.strategies for eq in res], False


def subgame_perfect(game, *, method: str = "auto", max_cells: int = 144,
                    exact: bool | None = None, tol: float | None = None,
                    limit: int | None = 1000) -> BehaviorEquilibriumResult:
    """Subgame-perfect equilibria by solving every subgame's reduced normal form bottom-up.

    Parameters
    ----------
    game : ExtensiveFormGame
        A tree with perfect recall; subgames are found with
        :meth:`~contracts.games.extensive_form.ExtensiveFormGame.subgames`.
    method : {"auto", "all", "one"}
        How two-player truncated subgames are solved: ``"all"`` lists every extreme
        equilibrium of the reduced normal form (vertex enumeration; its cost grows quickly with
        the size and degeneracy of the subgame), ``"one"`` takes the sequence-form LCP's
        equilibrium, ``"auto"`` (default) enumerates when the reduced normal form has at most
        ``max_cells`` cells and uses the LCP otherwise.
    max_cells : int
        Size limit for enumeration under ``method="auto"``.
    exact : bool, optional
        Exact arithmetic (default for exact games).
    tol : float, optional
        Tolerance for float games.
    limit : int or None
        Maximum number of partial solutions kept per subgame (``complete=False`` beyond it).

    Returns
    -------
    BehaviorEquilibriumResult
        Behaviour profiles, each verified to be a Nash equilibrium of every subgame.
        ``complete=True`` when every truncated two-player subgame was solved completely (all
        extreme equilibria) and nothing was cut by ``limit``; with three or more players only
        pure equilibria of each truncated subgame are used, and ``complete`` is False.

    Raises
    ------
    UnsupportedGameError
        The game lacks perfect recall (behaviour and mixed strategies then differ).

    Examples
    --------
    Entry deterrence with a simultaneous-move price war after entry: the threat to fight is
    not credible, so the only subgame-perfect outcome is entry and accommodation.

    >>> from contracts.io.efg import read_efg
    >>> g = read_efg('''EFG 2 R "" { "entrant" "incumbent" }
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "" { 0, 3 }
    ... p "" 1 2 "" { "fight" "share" } 0
    ... p "" 2 1 "" { "fight" "share" } 0
    ... t "" 2 "" { -2, -1 }
    ... t "" 3 "" { -1, 0 }
    ... p "" 2 1 "" { "fight" "share" } 0
    ... t "" 4 "" { -1, -2 }
    ... t "" 5 "" { 1, 1 }''')
    >>> [eq.payoffs for eq in subgame_perfect(g)]
    [(Fraction(1, 1), Fraction(1, 1))]
    """
    from ..games.extensive_form import BehaviorProfile

    where = "subgame_perfect"
    _check_game(game, where)
    _check_limit(limit, where)
    if method not in ("auto", "all", "one"):
        raise InvalidGameError(f"{where}: method must be 'auto', 'all' or 'one', got "
                               f"{method!r}")
    if not game.is_perfect_recall:
        raise UnsupportedGameError(f"{where}: needs perfect recall; {game._cache['recall']}")
    exact = game.is_exact if exact is None else bool(exact)
    if tol is None:
        tol = game.default_tol()
    used_lcp = 0
    roots = game.subgames()
    end = game._subtree_end()
    # the maximal proper subgames inside each subgame
    inner: dict[int, list[int]] = {r: [] for r in roots}
    stack: list[int] = []
    for r in roots:                           # pre-order
        while stack and not (stack[-1] < r < end[stack[-1]]):
            stack.pop()
        if stack:
            inner[stack[-1]].append(r)
        stack.append(r)
    complete = True
    solved = 0
    used_logit = 0
    float_logit = False
    # solutions[r]: list of (value vector, {(player, infoset): probabilities})
    solutions: dict[int, list] = {}
    for r in reversed(roots):
        kids = inner[r]
        out = []
        for combo in itertools.product(*[solutions[k] for k in kids]):
            replace = {k: sol[0] for k, sol in zip(kids, combo)}
            sub, node_map = game._subgame_with_map(r, replace)
            solved += 1
            if sub.num_players and any(sub.infosets):
                behs, full, how = _solve_truncated(sub, exact, tol, method, max_cells, limit)
                complete &= full
                used_lcp += how == "lcp"
                used_logit += how.startswith("logit")
                float_logit |= how == "logit-float"
            else:
                behs = [sub.uniform_behavior()]      # nobody moves
            for beh in behs:
                value = sub.behavior_payoffs(beh)
                assign = {}
                for c in combo:
                    assign.update(c[1])
                for p, sets in enumerate(sub.infosets):
                    for s in sets:
                        orig = game.nodes[node_map[s.nodes[0]]]
                        assign[(p, orig.infoset)] = beh.probabilities[p][s.index]
                out.append((value, assign))
                if limit is not None and len(out) >= limit:
                    complete = False
                    break
            if limit is not None and len(out) >= limit:
                break
        solutions[r] = out
    profiles = []
    for _, assign in solutions[0]:
        probs = []
        for p, sets in enumerate(game.infosets):
            probs.append(tuple(assign[(p, h)] for h in range(len(sets))))
        prof = BehaviorProfile(game, tuple(probs))
        profiles.append(prof if exact and not float_logit else prof.as_float())
    notes = []
    if game.num_players > 2:
        notes.append("three or more players: the pure equilibria of each truncated subgame "
                     "are used, or one mixed equilibrium where it has none")
    if used_lcp:
        notes.append(f"{used_lcp} truncated subgame(s) solved for one equilibrium by the "
                     "sequence-form LCP")
    if used_logit:
        notes.append(f"{used_logit} truncated subgame(s) with three or more players and no pure "
                     "equilibrium solved for one mixed equilibrium by the limit of the logit "
                     "branch (logit_limit)" + (", in floating point" if float_logit else ""))
    if float_logit and exact:
        exact = False       # an irrational mixed equilibrium: verified in floating point
        tol = float(game.default_tol())
    msg = "; ".join(notes)
    res = build_behavior_result(game, profiles, method=where, tol=tol, exact=exact,
                                complete=complete, iterations=solved, message=msg)
    return _drop_non_spe(game, res, tol)

"""Play a stationary policy forward: simulated paths, long-run state distribution, pictures.

* :func:`simulate` draws many paths at once (vectorised over paths; seeded through ``rng``);
* :func:`occupation_frequencies` and :func:`stationary_distribution` describe where play
  spends its time (simulated, and exactly from the chain);
* :func:`transition_graph` (networkx) and :func:`plot_transition_graph` (matplotlib) draw the
  state chain the policy induces. networkx and matplotlib are imported only when called.

A policy may be given as a ``policy[s][i]`` tuple, a
:class:`~contracts.stochastic._results.MarkovEquilibrium` or a
:class:`~contracts.stochastic._results.StochasticResult` (its first equilibrium).

Examples
--------
>>> import contracts as ct
>>> from contracts.stochastic import pure_policy
>>> from contracts.stochastic.simulate import simulate, stationary_distribution
>>> g = ct.StochasticGame.from_functions(
...     ["up", "down"], lambda s: [("stay", "switch")], lambda s, a: (1.0 * (s == "up"),),
...     lambda s, a: {s: 0.5, ("down" if s == "up" else "up"): 0.5} if a[0] == "switch"
...     else {s: 1}, discount=0.9)
>>> pol = pure_policy(g, [["switch"], ["switch"]])
>>> stationary_distribution(g, pol).round(12).tolist()
[0.5, 0.5]
>>> paths = simulate(g, pol, n_periods=200, n_paths=50, rng=0)
>>> paths.states.shape, round(float(paths.occupation()[0]), 1)
((50, 201), 0.5)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError
from ._core import action_offsets, as_policy, policy_flat, row_probabilities

__all__ = ["simulate", "SimulatedPaths", "occupation_frequencies", "stationary_distribution",
           "policy_transition_matrix", "transition_graph", "plot_transition_graph"]


def _policy_of(game, policy, where):
    from ._results import MarkovEquilibrium, StochasticResult
    if isinstance(policy, StochasticResult):
        if not policy.equilibria:
            raise InvalidParameterError(f"{where}: the result has no equilibrium to play")
        policy = policy.equilibria[0].policy
    elif isinstance(policy, MarkovEquilibrium):
        policy = policy.policy
    pol = as_policy(game, policy, where=where)
    return np.asarray(policy_flat(game, pol), dtype=float)


def policy_transition_matrix(game, policy):
    """The state chain under ``policy``: sparse CSR ``(n_states, n_states)``.

    Parameters
    ----------
    game : StochasticGame
        The game.
    policy : policy, MarkovEquilibrium or StochasticResult
        The stationary policy played.

    Returns
    -------
    scipy.sparse.csr_matrix, shape (n_states, n_states)
        ``P[s, s']``, the probability of moving from ``s`` to ``s'`` in one period.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic import pure_policy
    >>> g = ct.StochasticGame.from_functions(
    ...     range(3), lambda s: [("wait", "go")], lambda s, a: (float(s == 2),),
    ...     lambda s, a: {min(s + 1, 2): 1} if a[0] == "go" else {s: 1}, discount=0.5)
    >>> pol = pure_policy(g, [["go"], ["go"], ["go"]])
    >>> policy_transition_matrix(g, pol).toarray().tolist()
    [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]
    """
    import scipy.sparse as sp
    flat = _policy_of(game, policy, "policy_transition_matrix")
    r = row_probabilities(game, flat)
    M = sp.csr_matrix((r, (game.row_state, np.arange(game.n_rows))),
                      shape=(game.n_states, game.n_rows))
    return (M @ game.transition_rows).tocsr()


@dataclass(frozen=True, eq=False)
class SimulatedPaths:
    """Simulated play of a stationary policy.

    Attributes
    ----------
    states : ndarray (n_paths, n_periods + 1)
        State index at each date (the last column is the state after the last period).
    actions : ndarray (n_paths, n_periods, n_players)
        Action indices played.
    payoffs : ndarray (n_paths, n_periods, n_players)
        Stage payoffs.
    discounted : ndarray (n_paths, n_players)
        Normalised discounted payoff of each path, ``(1 - δ_i) Σ_t δ_i^t u_i`` (truncated).
    state_labels : tuple
        The states' labels.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic import pure_policy
    >>> g = ct.StochasticGame.from_functions(
    ...     range(3), lambda s: [("wait", "go")], lambda s, a: (float(s == 2),),
    ...     lambda s, a: {min(s + 1, 2): 1} if a[0] == "go" else {s: 1}, discount=0.5)
    >>> pol = pure_policy(g, [["go"], ["go"], ["go"]])
    >>> paths = simulate(g, pol, n_periods=3, rng=0)
    >>> paths.states.tolist(), paths.discounted.tolist()
    ([[0, 1, 2, 2]], [[0.125]])
    """

    states: np.ndarray
    actions: np.ndarray
    payoffs: np.ndarray
    discounted: np.ndarray
    state_labels: tuple = ()

    def occupation(self) -> np.ndarray:
        """Share of (path, date) pairs spent in each state, periods 0..n_periods-1.

        Returns
        -------
        numpy.ndarray, shape (n_states,)
            The shares, summing to 1.
        """
        return occupation_frequencies(self.states[:, :-1], len(self.state_labels))

    def __repr__(self) -> str:
        n, t = self.actions.shape[:2]
        return f"<SimulatedPaths {n} paths x {t} periods, {len(self.state_labels)} states>"

    def __str__(self) -> str:
        occ = self.occupation()
        top = np.argsort(-occ)[:10]
        lines = [repr(self), "time spent per state (simulated):"]
        lines += [f"  {self.state_labels[k]}: {occ[k]:.3f}" for k in top if occ[k] > 0]
        lines.append("mean discounted payoff per player: "
                     + ", ".join(f"{v:.4g}" for v in self.discounted.mean(axis=0)))
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"states": self.states.tolist(), "actions": self.actions.tolist(),
                "payoffs": self.payoffs.tolist(), "discounted": self.discounted.tolist(),
                "state_labels": [str(s) for s in self.state_labels]}


def _sampler_keys(indptr: np.ndarray, data: np.ndarray) -> np.ndarray:
    """Keys ``segment index + cumulative probability within the segment`` (increasing)."""
    seg = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    c = np.cumsum(data)
    start = np.concatenate([[0.0], c])[indptr[:-1]]
    within = c - np.repeat(start, np.diff(indptr))
    sums = np.add.reduceat(data, indptr[:-1]) if len(data) else np.zeros(0)
    sums = np.where(np.diff(indptr) > 0, sums, 1.0)
    return seg + within / np.repeat(sums, np.diff(indptr))


def _draw(keys, indptr, seg, u):
    pos = np.searchsorted(keys, seg + u, side="right")
    return np.clip(pos, indptr[seg], indptr[seg + 1] - 1)


def simulate(game, policy: Any, *, n_periods: int = 100, n_paths: int = 1,
             initial: Any = None, rng: Any = None) -> SimulatedPaths:
    """Simulate ``n_paths`` independent paths of play of a stationary policy.

    Parameters
    ----------
    game : StochasticGame
        The game.
    policy : policy, MarkovEquilibrium or StochasticResult
        The stationary policy played.
    n_periods : int
        Number of periods of each path.
    n_paths : int
        Number of independent paths.
    initial : state label, index or distribution, optional
        Default: the game's initial distribution.
    rng : seed or numpy Generator
        Passed to :func:`numpy.random.default_rng`.

    Returns
    -------
    SimulatedPaths
        States, actions and payoffs of every path, and their discounted payoffs.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic import pure_policy
    >>> g = ct.StochasticGame.from_functions(
    ...     range(3), lambda s: [("wait", "go")], lambda s, a: (float(s == 2),),
    ...     lambda s, a: {min(s + 1, 2): 1} if a[0] == "go" else {s: 1}, discount=0.5)
    >>> pol = pure_policy(g, [["go"], ["go"], ["go"]])
    >>> simulate(g, pol, n_periods=3, n_paths=2, rng=0).states.tolist()
    [[0, 1, 2, 2], [0, 1, 2, 2]]
    """
    where = "simulate"
    n_periods, n_paths = int(n_periods), int(n_paths)
    if n_periods < 1 or n_paths < 1:
        raise InvalidParameterError(f"{where}: n_periods and n_paths must be at least 1, got "
                                    f"{n_periods} and {n_paths}")
    flat = _policy_of(game, policy, where)
    gen = np.random.default_rng(rng)
    n_s, n_p = game.n_states, game.n_players
    if initial is None:
        init = game.initial
    elif isinstance(initial, (list, tuple, np.ndarray)) and len(initial) == n_s and not (
            isinstance(initial, tuple) and initial in game.states):
        init = np.asarray(initial, dtype=float)
        if np.any(init < 0) or abs(init.sum() - 1) > 1e-9:
            raise InvalidParameterError(f"{where}: initial distribution must sum to 1")
    else:
        init = np.zeros(n_s)
        init[game.state_index(initial)] = 1.0
    off = action_offsets(game)
    # action sampling: one segment per (state, player) block
    a_ptr = np.concatenate([off[:, :-1].ravel(), [off[-1, -1]]])
    a_keys = _sampler_keys(a_ptr, flat)
    # transition sampling: one segment per row
    T = game.transition_rows
    t_keys = _sampler_keys(T.indptr, T.data)
    # row of a profile = row_start[s] + Σ_i a_i * stride[s, i]  (C order)
    sizes = np.diff(off, axis=1)
    stride = np.ones((n_s, n_p), dtype=np.int64)
    for i in range(n_p - 2, -1, -1):
        stride[:, i] = stride[:, i + 1] * sizes[:, i + 1]
    states = np.empty((n_paths, n_periods + 1), dtype=np.int64)
    actions = np.empty((n_paths, n_periods, n_p), dtype=np.int64)
    states[:, 0] = gen.choice(n_s, size=n_paths, p=init / init.sum())
    for t in range(n_periods):
        s = states[:, t]
        u = gen.random((n_paths, n_p + 1))
        row = game.row_start[s].copy()
        for i in range(n_p):
            seg = s * n_p + i
            pos = _draw(a_keys, a_ptr, seg, u[:, i])
            a = pos - a_ptr[seg]
            actions[:, t, i] = a
            row += a * stride[s, i]
        pos = _draw(t_keys, T.indptr, row, u[:, n_p])
        states[:, t + 1] = T.indices[pos]
    rows = game.row_start[states[:, :-1]] + np.einsum("ptk,ptk->pt", actions,
                                                      stride[states[:, :-1]])
    pay = game.payoff_rows[rows]
    d = game.discount
    w = (1 - d)[None, :] * d[None, :] ** np.arange(n_periods)[:, None]   # (T, n_p)
    disc = np.einsum("ptk,tk->pk", pay, w)
    return SimulatedPaths(states=states, actions=actions, payoffs=pay, discounted=disc,
                          state_labels=game.states)


def occupation_frequencies(states: np.ndarray, n_states: int) -> np.ndarray:
    """Share of entries of ``states`` (any shape of state indices) equal to each state.

    Parameters
    ----------
    states : numpy.ndarray of int
        State indices, any shape.
    n_states : int
        Number of states.

    Returns
    -------
    numpy.ndarray, shape (n_states,)
        The share of each state.

    Examples
    --------
    >>> occupation_frequencies(np.array([0, 1, 1, 2]), 3).tolist()
    [0.25, 0.5, 0.25]
    """
    s = np.asarray(states).ravel()
    if s.size == 0:
        return np.zeros(n_states)
    return np.bincount(s, minlength=n_states) / s.size


def stationary_distribution(game, policy: Any, *, initial: Any = None) -> np.ndarray:
    """Long-run (Cesàro-average) distribution of the state chain under ``policy``.

    Starting from ``initial`` (default the game's initial distribution): the chain ends in one
    of its closed communicating classes with the absorption probabilities, and spends its time
    there according to that class's stationary distribution. Exact up to floating point (sparse
    linear solves), whatever the periodicity or reducibility of the chain.

    Parameters
    ----------
    game : StochasticGame
        The game.
    policy : policy, MarkovEquilibrium or StochasticResult
        The stationary policy played.
    initial : array_like, shape (n_states,), optional
        The distribution of the first state.

    Returns
    -------
    numpy.ndarray, shape (n_states,)
        The long-run share of time in each state.

    Raises
    ------
    InvalidParameterError
        If ``initial`` is not a distribution over the states.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic import pure_policy
    >>> g = ct.StochasticGame.from_functions(
    ...     range(3), lambda s: [("wait", "go")], lambda s, a: (float(s == 2),),
    ...     lambda s, a: {min(s + 1, 2): 1} if a[0] == "go" else {s: 1}, discount=0.5)
    >>> pol = pure_policy(g, [["go"], ["go"], ["go"]])
    >>> stationary_distribution(g, pol).tolist()
    [0.0, 0.0, 1.0]
    """
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components
    from scipy.sparse.linalg import splu
    P = policy_transition_matrix(game, policy)
    n = game.n_states
    init = game.initial if initial is None else np.asarray(initial, dtype=float)
    if init.shape != (n,) or abs(init.sum() - 1) > 1e-9:
        raise InvalidParameterError(f"stationary_distribution: initial must be a distribution "
                                    f"over the {n} states")
    A = P.copy()
    A.data = (A.data > 0).astype(float)
    A.eliminate_zeros()
    k, lab = connected_components(A, directed=True, connection="strong")
    # a class is closed if no edge leaves it
    coo = A.tocoo()
    leaves = np.zeros(k, dtype=bool)
    leaves[lab[coo.row][lab[coo.row] != lab[coo.col]]] = True
    closed = np.flatnonzero(~leaves)
    transient = np.flatnonzero(leaves[lab])
    out = np.zeros(n)
    if transient.size:
        Ptt = P[transient][:, transient]
        I = sp.identity(transient.size, format="csc")
        solver = splu((I - Ptt).tocsc())
    for c in closed:
        members = np.flatnonzero(lab == c)
        m = members.size
        if m == 1:
            pi = np.ones(1)
        else:
            pi = _class_stationary(P[members][:, members])
        weight = init[members].sum()
        if transient.size:
            into = np.asarray(P[transient][:, members].sum(axis=1)).ravel()
            weight += float(init[transient] @ solver.solve(into))
        out[members] += weight * pi
    out = np.clip(out, 0, None)
    return out / out.sum()


def _class_stationary(Pc) -> np.ndarray:
    """Stationary distribution of an irreducible stochastic matrix: ``(I - Pᵀ + 11ᵀ) π = 1``."""
    import scipy.sparse as sp
    from scipy.sparse.linalg import LinearOperator, bicgstab, lgmres, splu
    m = Pc.shape[0]
    PT = Pc.T.tocsr()
    ones = np.ones(m)
    if m <= 300:
        A = (sp.identity(m, format="csc") - PT).toarray() + 1.0
        return np.linalg.solve(A, ones)
    op = LinearOperator((m, m), matvec=lambda x: x - PT @ x + x.sum(), dtype=float)
    x0 = np.full(m, 1.0 / m)
    pi, info = bicgstab(op, ones, x0=x0, rtol=1e-12, atol=0.0, maxiter=5000)
    if info != 0 or np.linalg.norm(op.matvec(pi) - ones) > 1e-9:
        pi, info = lgmres(op, ones, x0=x0, rtol=1e-12, atol=0.0, maxiter=5000)
    if info != 0 or np.linalg.norm(op.matvec(pi) - ones) > 1e-9:
        Q = (sp.identity(m, format="lil") - PT.tolil())
        Q[0, :] = 1.0
        rhs = np.zeros(m)
        rhs[0] = 1.0
        pi = splu(Q.tocsc()).solve(rhs)
    return pi


def transition_graph(game, policy: Any, *, min_prob: float = 1e-9):
    """The state chain under ``policy`` as a :class:`networkx.DiGraph`.

    Nodes are state labels with attributes ``stationary`` (long-run share) and ``play`` (the
    policy in words); edges carry ``probability``. Requires networkx.

    Parameters
    ----------
    game : StochasticGame
        The game.
    policy : policy, MarkovEquilibrium or StochasticResult
        The stationary policy played.
    min_prob : float
        Transitions with at most this probability are left out.

    Returns
    -------
    networkx.DiGraph
        The state chain.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic import pure_policy
    >>> g = ct.StochasticGame.from_functions(
    ...     range(3), lambda s: [("wait", "go")], lambda s, a: (float(s == 2),),
    ...     lambda s, a: {min(s + 1, 2): 1} if a[0] == "go" else {s: 1}, discount=0.5)
    >>> pol = pure_policy(g, [["go"], ["go"], ["go"]])
    >>> sorted(transition_graph(g, pol).edges())
    [(0, 1), (1, 2), (2, 2)]
    """
    import networkx as nx
    flat = _policy_of(game, policy, "transition_graph")
    P = policy_transition_matrix(game, policy).tocoo()
    pi = stationary_distribution(game, policy)
    off = action_offsets(game)
    G = nx.DiGraph()
    for s, lab in enumerate(game.states):
        parts = []
        for i, name in enumerate(game.players):
            probs = flat[off[s, i]:off[s, i + 1]]
            acts = [f"{a}" if p > 1 - 1e-12 else f"{a} {p:.2f}"
                    for a, p in zip(game.actions[s][i], probs) if p > 1e-12]
            parts.append(f"{name}: {', '.join(acts)}")
        G.add_node(lab, stationary=float(pi[s]), play="; ".join(parts))
    for r, c, p in zip(P.row, P.col, P.data):
        if p > min_prob:
            G.add_edge(game.states[r], game.states[c], probability=float(p))
    return G


def plot_transition_graph(game, policy: Any, *, ax=None, title: str | None = None,
                          layout: str = "circular", min_prob: float = 1e-9):
    """Draw the state chain under ``policy`` (matplotlib); returns the figure.

    Node sizes show the long-run share of time in each state; edges are labelled with their
    probabilities. Requires matplotlib and networkx.

    Parameters
    ----------
    game : StochasticGame
        The game.
    policy : policy, MarkovEquilibrium or StochasticResult
        The stationary policy played.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    title : str, optional
        The figure's title.
    layout : {"circular", "spring", "kamada_kawai"}
        The networkx layout of the states.
    min_prob : float
        Transitions with at most this probability are left out.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    Raises
    ------
    InvalidParameterError
        If ``layout`` is unknown.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import contracts as ct
    >>> from contracts.stochastic import pure_policy
    >>> g = ct.StochasticGame.from_functions(
    ...     range(3), lambda s: [("wait", "go")], lambda s, a: (float(s == 2),),
    ...     lambda s, a: {min(s + 1, 2): 1} if a[0] == "go" else {s: 1}, discount=0.5)
    >>> pol = pure_policy(g, [["go"], ["go"], ["go"]])
    >>> fig = plot_transition_graph(g, pol)
    >>> fig.axes[0].get_title()
    'State transitions under the equilibrium policy (node size: long-run share)'
    """
    import matplotlib.pyplot as plt
    import networkx as nx
    G = transition_graph(game, policy, min_prob=min_prob)
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 5))
    else:
        fig = ax.figure
    pos = {"circular": nx.circular_layout, "spring": nx.spring_layout,
           "kamada_kawai": nx.kamada_kawai_layout}.get(layout)
    if pos is None:
        raise InvalidParameterError(f"plot_transition_graph: unknown layout {layout!r}; "
                                    "expected 'circular', 'spring' or 'kamada_kawai'")
    xy = pos(G)
    share = np.array([G.nodes[n]["stationary"] for n in G.nodes])
    nx.draw_networkx_nodes(G, xy, ax=ax, node_size=600 + 2400 * share, node_color="#cfe3f7",
                           edgecolors="#2b5d8a")
    nx.draw_networkx_labels(G, xy, ax=ax, labels={n: str(n) for n in G.nodes}, font_size=9)
    nx.draw_networkx_edges(G, xy, ax=ax, arrows=True, connectionstyle="arc3,rad=0.15",
                           node_size=600 + 2400 * share)
    nx.draw_networkx_edge_labels(G, xy, ax=ax, font_size=8, connectionstyle="arc3,rad=0.15",
                                 edge_labels={e: f"{G.edges[e]['probability']:.2f}"
                                              for e in G.edges})
    ax.set_title(title or "State transitions under the equilibrium policy "
                 "(node size: long-run share)")
    ax.set_axis_off()
    return fig

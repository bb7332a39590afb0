"""The result of :func:`contracts.stochastic.transfers.relational_contract`."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidParameterError, UnsupportedGameError
from ..results import format_number

__all__ = ["RelationalContract"]

_WHERE = "relational_contract"


@dataclass(frozen=True, eq=False)
class RelationalContract:
    """The pure SPE payoff sets of a stochastic game with transfers and an optimal simple
    equilibrium that attains them (see :mod:`contracts.stochastic.transfers`).

    Attributes
    ----------
    states, players : tuple
        Labels.
    discount : float
        The common discount factor.
    exists : bool
        Whether a pure-strategy SPE exists (False: no profile is enforceable in some state).
        With ``max_transfer``: whether an equilibrium of the searched class was found (see
        ``message``).
    joint_payoff : numpy.ndarray
        ``U(x)`` per state (average discounted payoffs).
    punishment_payoffs : numpy.ndarray
        ``v_i(x)``, shape ``(n_states, n_players)``.
    equilibrium_actions : tuple
        Per state, the action labels of the equilibrium-path profile ``a^e(x)``.
    punishment_actions : tuple
        ``punishment_actions[i][x]``: action labels of the profile punishing player i.
    shares : numpy.ndarray
        ``shares[k, x]`` (k = 0 equilibrium path, k = 1 + i punishment of i): the split
        ``λ^k(x)`` of next period's surplus ``U - V`` above the punishment payoffs.
    path_payoffs : numpy.ndarray
        ``z(x)``: each player's payoff on the equilibrium path from ``x`` with no transfer in
        the first period (any other split of ``U(x)`` with ``u_i ≥ v_i`` needs a first-period
        transfer ``(u - z) / (1 - δ)``, unless transfers are capped).
    enforcement_slack : numpy.ndarray
        ``Û - Σ c_i`` of the equilibrium-path profile per state (0: the constraint binds).
    binding : tuple
        States where the dynamic enforcement constraint of the path profile binds.
    max_gain : float
        Largest one-shot deviation gain found by verification (actions and refusals to pay).
    residual : float
        Largest inconsistency between the stated values and the values of the stated strategy.
    verified : bool
        ``max_gain <= tol`` and ``residual <= tol`` (exactly 0 in exact mode).
    exact : bool
        Whether values are Fractions recomputed and verified in rational arithmetic.
    converged : bool
        Whether the policy elimination reached its fixed point.
    iterations : int
        Rounds of policy elimination.
    message : str
        A sentence on what happened.
    extra : dict
        ``max_transfer``, ``cap_binds``, ``rows`` (policy rows), ``eliminated`` (rows dropped).
    game : StochasticGame
        The game that was solved.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.stochastic.transfers import relational_contract
    >>> pd = ct.NormalFormGame.from_bimatrix([[2, -1], [3, 0]], [[2, 3], [-1, 0]])
    >>> rc = relational_contract(ct.StochasticGame.from_repeated(ct.RepeatedGame(pd, 0.5)))
    >>> rc.exists, rc.verified, rc.punishment_payoffs.tolist()
    (True, True, [[0.0, 0.0]])
    >>> rc.payoff_set(0).tolist()
    [[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]]
    >>> rc.bargaining_payoffs(0).tolist()
    [2.0, 2.0]
    >>> rc.transfers(0, 0).tolist()
    [0.0, 0.0]
    """

    states: tuple
    players: tuple
    discount: Any
    exists: bool
    joint_payoff: np.ndarray | None
    punishment_payoffs: np.ndarray | None
    equilibrium_actions: tuple
    punishment_actions: tuple
    shares: np.ndarray | None
    path_payoffs: np.ndarray | None
    enforcement_slack: np.ndarray | None
    binding: tuple
    max_gain: Any
    residual: Any
    verified: bool
    exact: bool
    converged: bool
    iterations: int
    message: str = ""
    extra: dict = field(default_factory=dict, repr=False)
    game: Any = field(default=None, repr=False)

    # -- accessors ----------------------------------------------------------------------------
    def _k(self, state) -> int:
        return self.game.state_index(state)

    def payoff_set(self, state) -> np.ndarray:
        """Vertices of the SPE payoff simplex in ``state``, one row per vertex.

        The vertices are the punishment point ``v`` and, for each player i, ``v`` with the
        whole surplus to i.

        Parameters
        ----------
        state : label or int
            The state.

        Returns
        -------
        numpy.ndarray, shape (n_players + 1, n_players)
            The vertices (Fractions in exact mode).
        """
        self._need()
        self._uncapped("payoff_set")
        k = self._k(state)
        v = self.punishment_payoffs[k]
        gap = self.joint_payoff[k] - sum(v)
        out = [list(v)]
        for i in range(len(self.players)):
            w = list(v)
            w[i] = w[i] + gap
            out.append(w)
        return np.array(out, dtype=object if self.exact else float)

    def bargaining_payoffs(self, state, bargaining_power=None) -> np.ndarray:
        """``v + β (U - V)``: the point of the payoff set chosen by generalised Nash bargaining.

        The punishment point is the disagreement point.

        Parameters
        ----------
        state : label or int
            The state.
        bargaining_power : sequence of float, optional
            Each player's weight ``β_i`` (summing to 1); equal weights by default.

        Returns
        -------
        numpy.ndarray, shape (n_players,)
            The bargained payoffs.
        """
        self._need()
        self._uncapped("bargaining_payoffs")
        k = self._k(state)
        beta = _weights(bargaining_power, len(self.players), "bargaining_payoffs",
                        exact=self.exact)
        v = self.punishment_payoffs[k]
        gap = self.joint_payoff[k] - sum(v)
        return np.array([v[i] + beta[i] * gap for i in range(len(v))],
                        dtype=object if self.exact else float)

    def transfers(self, state, next_state, *, phase: Any = "equilibrium") -> np.ndarray:
        """Money each player *receives* (negative: pays) at the start of a period.

        The transfer is paid on arriving in ``next_state`` after phase ``phase`` was played
        without deviation in ``state``: ``(w(x, x') - z(x')) / (1 - δ)``.

        Parameters
        ----------
        state : label or int
            The state of the previous period.
        next_state : label or int
            The state just reached.
        phase : "equilibrium" or player
            The equilibrium path, or the phase punishing a player (name or index).

        Returns
        -------
        numpy.ndarray, shape (n_players,)
            The transfer each player receives.
        """
        self._need()
        x, y = self._k(state), self._k(next_state)
        k = 0 if phase in ("equilibrium", "e", None) else 1 + _player_index(self, phase)
        base = self.extra.get("continuation_base")
        v = self.punishment_payoffs[y] if base is None else base[y]
        gap = self.joint_payoff[y] - sum(v)
        w = [v[j] + self.shares[k, x, j] * gap for j in range(len(v))]
        z = self.path_payoffs[y]
        one = 1 - self.discount
        return np.array([(w[j] - z[j]) / one for j in range(len(v))],
                        dtype=object if self.exact else float)

    def _uncapped(self, what):
        if self.extra.get("max_transfer") is not None:
            raise UnsupportedGameError(f"RelationalContract.{what}: with capped transfers the "
                                       "payoff set is not the simplex given by U and v")

    def _need(self):
        if not self.exists:
            raise InvalidParameterError(f"{_WHERE}: no pure subgame-perfect equilibrium exists "
                                        "in this game; there is no payoff set to query")

    # -- printing -------------------------------------------------------------------------------
    def __repr__(self) -> str:
        if not self.exists:
            return f"RelationalContract(states={len(self.states)}, exists=False)"
        return (f"RelationalContract(states={len(self.states)}, discount="
                f"{format_number(self.discount)}, binding={len(self.binding)}, "
                f"max_gain={format_number(self.max_gain)}, verified={self.verified})")

    def __str__(self) -> str:
        lines = [f"Relational contract with transfers, discount {format_number(self.discount)}"
                 + (f", payments capped at {self.extra.get('max_transfer')}"
                    if self.extra.get("max_transfer") is not None else "")]
        if not self.exists:
            lines.append("No pure-strategy subgame-perfect equilibrium exists: "
                         + self.message)
            return "\n".join(lines)
        n = len(self.states)
        show = range(min(n, 20))
        for x in show:
            v = self.punishment_payoffs[x]
            lines.append(
                f"  {self.states[x]}: U = {format_number(self.joint_payoff[x])}, v = ("
                + ", ".join(format_number(t) for t in v) + f"); play {self.equilibrium_actions[x]}"
                + ("; enforcement binds" if x in self._binding_idx else ""))
        if n > 20:
            lines.append(f"  ... ({n - 20} more states)")
        lines.append(f"Verified: max one-shot gain {format_number(self.max_gain)}, "
                     f"value residual {format_number(self.residual)}"
                     + (" (exact)" if self.exact else ""))
        return "\n".join(lines)

    @property
    def _binding_idx(self) -> set:
        return {self.states.index(s) for s in self.binding} if self.binding else set()

    def _repr_html_(self) -> str:
        import html
        return "<pre>" + html.escape(str(self)) + "</pre>"

    def to_dict(self) -> dict:
        def conv(a):
            if a is None:
                return None
            if isinstance(a, np.ndarray):
                return [conv(x) for x in a]
            if isinstance(a, (list, tuple)):
                return [conv(x) for x in a]
            if isinstance(a, Fraction):
                return str(a)
            if isinstance(a, (np.floating, np.integer)):
                return a.item()
            return a
        return {"states": [str(s) for s in self.states], "players": list(self.players),
                "discount": conv(self.discount), "exists": self.exists,
                "joint_payoff": conv(self.joint_payoff),
                "punishment_payoffs": conv(self.punishment_payoffs),
                "equilibrium_actions": conv(self.equilibrium_actions),
                "punishment_actions": conv(self.punishment_actions),
                "shares": conv(self.shares), "path_payoffs": conv(self.path_payoffs),
                "enforcement_slack": conv(self.enforcement_slack),
                "binding": [str(s) for s in self.binding], "max_gain": conv(self.max_gain),
                "residual": conv(self.residual), "verified": self.verified,
                "exact": self.exact, "converged": self.converged,
                "iterations": self.iterations, "message": self.message}


def _player_index(res, p) -> int:
    if isinstance(p, (int, np.integer)) and not isinstance(p, bool) and 0 <= p < len(res.players):
        return int(p)
    if p in res.players:
        return res.players.index(p)
    raise InvalidParameterError(f"RelationalContract.transfers: unknown phase {p!r}; expected "
                                f"'equilibrium' or one of the players {res.players}")


def _weights(beta, n: int, where: str, exact: bool = False):
    if beta is None:
        return [Fraction(1, n)] * n if exact else [1.0 / n] * n
    if np.isscalar(beta):
        if n != 2:
            raise InvalidParameterError(f"{where}: a scalar bargaining_power needs two players; "
                                        f"got {n}")
        beta = [beta, 1 - beta]
    beta = list(beta)
    if len(beta) != n:
        raise InvalidParameterError(f"{where}: bargaining_power needs {n} weights, got "
                                    f"{len(beta)}")
    for b in beta:
        check_real(where, "bargaining_power", b, low=0, high=1)
    s = sum(beta)
    if abs(float(s) - 1) > 1e-12:
        raise InvalidParameterError(f"{where}: bargaining_power must sum to 1, got {s}")
    if exact:
        from .._linalg.rational import to_fraction_array
        return list(to_fraction_array(beta))
    return [float(b) for b in beta]

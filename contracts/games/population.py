"""Asymmetric multi-population evolutionary games with named parameters.

The evolutionary-game studies of public administration (government x service agency x public,
PPP supervision, ...) write a payoff table whose entries are expressions in named parameters
(costs, rewards, fines, reputational losses), derive each population's payoff difference
``F`` symbolically, write the replicator equations ``x' = x (1 - x) F_x`` and tabulate the
eigenvalues at the 2^n vertices. :class:`PopulationGame` holds such a table (sympy
expressions), derives all of that symbolically, and with numeric parameter values becomes an
ordinary :class:`~contracts.games.normal_form.NormalFormGame` for the solvers and the dynamics of
:mod:`contracts.dynamics`.

:func:`tripartite_supervision` is the government x agency x public supervision model used in the
evolutionary-game literature on government purchase of services.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Sequence

import numpy as np

from ..exceptions import InvalidParameterError
from . import _population_symbolic as _symbolic
from ._population_table import read_table

__all__ = ["PopulationGame", "tripartite_supervision", "TRIPARTITE_REGIMES"]

@dataclass(frozen=True, eq=False)
class PopulationGame:
    """A multi-population evolutionary game defined by a payoff table with named parameters.

    Build it with :meth:`from_table`. Each population is a player role (government, agency,
    public...) whose members play one of the population's strategies; ``payoffs[i][a]`` is a
    sympy expression for population ``i``'s payoff at the pure profile ``a``.

    Attributes
    ----------
    populations : tuple of str
        The population (player role) names.
    strategies : tuple of tuple of str
        Strategy labels; for two-strategy populations the share variable (``x``, ``y``, ...)
        is the share playing the **first** strategy.
    payoffs : tuple of numpy.ndarray
        Object arrays of sympy expressions, one per population, indexed by pure profiles.
    parameters : tuple of sympy.Symbol
        The named parameters, sorted by name.
    values : Mapping[str, float]
        Numeric values given so far (read-only).
    share_names : tuple of str
        Names of the share variables (default ``x, y, z, w, ...``).
    name : str
        A title for reports.
    descriptions : Mapping[str, str]
        What each parameter means (optional).
    aliases : Mapping[str, str]
        Alternative spellings accepted by :meth:`with_values` (e.g. ``Cg`` for ``C_g``).

    Examples
    --------
    >>> from contracts.games.population import PopulationGame
    >>> g = PopulationGame.from_table(
    ...     ["government", "agency"], [["strict", "loose"], ["comply", "shirk"]],
    ...     {("strict", "comply"): ("b - c", "w - e"), ("strict", "shirk"): ("f - c", "w - f"),
    ...      ("loose", "comply"): ("b", "w - e"), ("loose", "shirk"): ("0", "w")})
    >>> g.payoff_differences()
    (-c - f*y + f, -e + f*x)
    """

    populations: tuple
    strategies: tuple
    payoffs: tuple = field(repr=False)
    parameters: tuple = ()
    values: Mapping = field(default_factory=lambda: MappingProxyType({}))
    share_names: tuple = ()
    name: str = ""
    descriptions: Mapping = field(default_factory=lambda: MappingProxyType({}), repr=False)
    aliases: Mapping = field(default_factory=lambda: MappingProxyType({}), repr=False)

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def from_table(cls, populations: Sequence[str], strategies: Sequence[Sequence[str]],
                   table: Mapping, *, values: Mapping[str, float] | None = None,
                   share_names: Sequence[str] | None = None, name: str = "",
                   descriptions: Mapping[str, str] | None = None,
                   aliases: Mapping[str, str] | None = None) -> "PopulationGame":
        """Build the game from ``{profile: (payoff of population 1, ..., population N)}``.

        Profiles are tuples of strategy labels (or indices); entries are numbers, strings
        such as ``"Q - C_g - A"`` or sympy expressions. Every pure profile must appear once.

        Parameters
        ----------
        populations : sequence of str
            The population names.
        strategies : sequence of sequences of str
            Each population's strategy labels.
        table : mapping
            Pure profile -> tuple of payoffs, one per population.
        values : mapping str -> float, optional
            Numeric values of (some of) the parameters.
        share_names : sequence of str, optional
            Names of the share variables (default ``x, y, z, w, ...``).
        name : str
            A title for reports.
        descriptions : mapping str -> str, optional
            What each parameter means.
        aliases : mapping str -> str, optional
            Alternative spellings of parameter names.

        Returns
        -------
        PopulationGame
            The game, with the parameters found in the table.

        Raises
        ------
        InvalidGameError
            If the table misses or repeats a profile, or an entry cannot be read.

        Examples
        --------
        >>> g = PopulationGame.from_table(["agency"], [["comply", "shirk"]],
        ...                               {"comply": ("w - e",), "shirk": ("w",)})
        >>> g.parameter_names, g.shape
        (('e', 'w'), (2,))
        """
        pops, strats, arrays, params, share_names = read_table(
            populations, strategies, table, share_names, "PopulationGame.from_table")
        game = cls(populations=pops, strategies=strats, payoffs=tuple(arrays),
                   parameters=params, share_names=share_names, name=str(name),
                   descriptions=MappingProxyType(dict(descriptions or {})),
                   aliases=MappingProxyType(dict(aliases or {})))
        if values:
            game = game.with_values(**dict(values))
        return game

    # -- parameters -----------------------------------------------------------------------------
    @property
    def parameter_names(self) -> tuple[str, ...]:
        """Names of the parameters, sorted."""
        return tuple(s.name for s in self.parameters)

    @property
    def missing_values(self) -> tuple[str, ...]:
        """Parameters without a numeric value yet."""
        return tuple(n for n in self.parameter_names if n not in self.values)

    def with_values(self, **values: float) -> "PopulationGame":
        """A copy with (more) numeric parameter values.

        Parameters
        ----------
        **values : float
            Parameter values by name (aliases accepted).

        Returns
        -------
        PopulationGame
            The game with the values recorded.

        Raises
        ------
        InvalidParameterError
            For unknown names or non-finite values.

        Examples
        --------
        >>> from contracts.games.population import tripartite_supervision
        >>> tripartite_supervision().with_values(Cg=2).values["C_g"]
        2
        """
        where = "PopulationGame.with_values"
        known = set(self.parameter_names)
        new = dict(self.values)
        for k, v in values.items():
            name = self.aliases.get(k, k)
            if name not in known:
                raise InvalidParameterError(
                    f"{where}: unknown parameter {k!r}; the parameters are "
                    f"{', '.join(self.parameter_names)}")
            if isinstance(v, bool):
                raise InvalidParameterError(f"{where}: parameter {k!r} must be a number")
            try:
                fv = float(v)
            except (TypeError, ValueError):
                raise InvalidParameterError(f"{where}: parameter {k!r} must be a number, got "
                                            f"{v!r}") from None
            if not math.isfinite(fv):
                raise InvalidParameterError(f"{where}: parameter {k!r} must be finite, got {v!r}")
            new[name] = v
        return PopulationGame(populations=self.populations, strategies=self.strategies,
                              payoffs=self.payoffs, parameters=self.parameters,
                              values=MappingProxyType(new), share_names=self.share_names,
                              name=self.name, descriptions=self.descriptions,
                              aliases=self.aliases)

    def _subs(self):
        return {s: self.values[s.name] for s in self.parameters if s.name in self.values}

    def normal_form(self, **values: float):
        """The game as a :class:`~contracts.games.normal_form.NormalFormGame` (float payoffs).

        Needs a numeric value for every parameter (given here or by :meth:`with_values`).

        Parameters
        ----------
        **values : float
            Further parameter values by name.

        Returns
        -------
        NormalFormGame
            One player per population.

        Raises
        ------
        InvalidParameterError
            If a parameter has no numeric value.

        Examples
        --------
        >>> from contracts.games.population import tripartite_supervision
        >>> tripartite_supervision("control").normal_form().num_actions
        (2, 2, 2)
        """
        from .normal_form import NormalFormGame
        game = self.with_values(**values) if values else self
        if game.missing_values:
            raise InvalidParameterError(
                f"PopulationGame.normal_form: no value for parameter(s) "
                f"{', '.join(game.missing_values)}")
        subs = game._subs()
        arrays = []
        for a in game.payoffs:
            out = np.empty(a.shape)
            for idx, e in np.ndenumerate(a):
                v = e.subs(subs) if getattr(e, "free_symbols", None) else e
                try:
                    out[idx] = float(v)
                except TypeError:
                    raise InvalidParameterError(
                        f"PopulationGame.normal_form: payoff {e} does not evaluate to a "
                        f"number with the given values") from None
            arrays.append(out)
        return NormalFormGame(arrays, players=game.populations, actions=game.strategies)

    # -- symbolic analysis (contracts.games._population_symbolic) ------------------------------
    share_symbols = property(_symbolic.share_symbols)
    _share_vectors = _symbolic._share_vectors
    shape = property(_symbolic.shape)
    fitness = _symbolic.fitness
    payoff_differences = _symbolic.payoff_differences
    replicator_equations = _symbolic.replicator_equations
    jacobian = _symbolic.jacobian
    vertex_eigenvalue_expressions = _symbolic.vertex_eigenvalue_expressions
    latex = _symbolic.latex

    # -- numbers and dynamics -------------------------------------------------------------------
    def vertex_report(self, *, tol: float = 1e-9, **values: float):
        """Eigenvalues and stability at every vertex; needs numeric values for all parameters.

        See :func:`contracts.dynamics.vertex_report`.

        Parameters
        ----------
        tol : float
            Eigenvalues within ``tol`` of zero count as zero.
        **values : float
            Further parameter values by name.

        Returns
        -------
        StabilityReport
            The eigenvalues and classification of every vertex, and the stable ones.
        """
        from ..dynamics.stability import vertex_report
        game = self.with_values(**values) if values else self
        return vertex_report(game, tol=tol)

    def simulate(self, start: Sequence, horizon: float, **options):
        """Replicator trajectory from ``start`` (see :func:`contracts.dynamics.replicator`).

        Parameters
        ----------
        start : sequence of float
            Initial shares, one per share variable.
        horizon : float
            Length of time to integrate.
        **options
            Passed to :func:`contracts.dynamics.replicator`.

        Returns
        -------
        Trajectory
            The simulated path of the shares.
        """
        from ..dynamics.replicator import replicator
        return replicator(self, start, horizon, **options)

    # -- printing -------------------------------------------------------------------------------
    def __str__(self) -> str:
        lines = [self.name or "population game",
                 "  populations: " + "; ".join(
                     f"{p} ({', '.join(s)}; {n} = share playing {s[0]!r})" if len(s) == 2 else
                     f"{p} ({', '.join(s)})"
                     for p, s, n in zip(self.populations, self.strategies, self.share_names))]
        lines.append("  payoffs (" + ", ".join(self.populations) + "):")
        for idx in itertools.product(*[range(n) for n in self.shape]):
            prof = ", ".join(self.strategies[i][a] for i, a in enumerate(idx))
            lines.append(f"    {prof}: " + "; ".join(str(a[idx]) for a in self.payoffs))
        if all(n == 2 for n in self.shape):
            for s, f in zip(self.share_names, self.payoff_differences()):
                lines.append(f"  F_{s} = {f}")
        if self.values:
            lines.append("  values: " + ", ".join(f"{k}={v}" for k, v in self.values.items()))
        if self.missing_values:
            lines.append("  no value yet for: " + ", ".join(self.missing_values))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"PopulationGame(populations={self.populations}, "
                f"parameters={self.parameter_names}, values={dict(self.values)})")


# ----------------------------------------------------------------------------------------------
# the ready model: government x agency x public
# ----------------------------------------------------------------------------------------------
_TRIPARTITE_DESCRIPTIONS = {
    "Q": "government's political credit for visible (strict) control",
    "C_g": "government's cost of strict supervision",
    "A": "reward paid to a high-quality agency under strict supervision",
    "F": "fine collected from a low-quality agency under strict supervision",
    "L": "government's reputational loss when loose supervision meets low quality and public "
         "participation",
    "K": "reward paid to participating public when strict supervision catches low quality",
    "M": "agency's intrinsic/relational benefit of high quality (mission, renewal rent)",
    "dC": "agency's extra cost of high quality",
    "R_s": "agency's loss when low quality meets public participation",
    "W": "public's benefit of participating",
    "C_p": "public's cost of participating",
    "E": "public's gain from exposing low quality under loose supervision",
    "B_h": "government's benefit from high-quality service (level only)",
    "B_l": "government's benefit from low-quality service (level only)",
    "P": "contract price paid to the agency (level only)",
    "C": "agency's cost of low-quality service (level only)",
    "U_h": "public's utility from high-quality service (level only)",
    "U_l": "public's utility from low-quality service (level only)",
}

#: named parameter sets of the supervision model (Q, C_g, A, F, L, K, M, dC, R_s, W, C_p, E)
TRIPARTITE_REGIMES = MappingProxyType({
    "nominal": dict(Q=0, C_g=3, A=1, F=2, L=1.5, K=0.8, M=0, dC=4, R_s=0.8, W=0, C_p=1, E=0.5),
    "control": dict(Q=5, C_g=3, A=1, F=4, L=1.5, K=0.8, M=0, dC=4, R_s=0.8, W=0, C_p=1, E=0.5),
    "resistance": dict(Q=0, C_g=1, A=1, F=2, L=1.5, K=0.5, M=0, dC=4, R_s=0.5, W=0, C_p=1,
                       E=0.2),
    "symbiosis": dict(Q=0, C_g=3, A=1, F=2, L=1.5, K=1, M=5, dC=4, R_s=1, W=1.5, C_p=1, E=0.5),
    "cycle": dict(Q=0, C_g=1, A=1, F=4, L=0, K=0, M=0, dC=4, R_s=0, W=0, C_p=1, E=0),
})

_LEVEL_DEFAULTS = dict(B_h=10, B_l=4, P=6, C=2, U_h=3, U_l=1)


def tripartite_supervision(regime: str | None = None, **values: float) -> PopulationGame:
    """Government x service agency x public supervision game.

    Populations and strategies (the share variable is the share playing the first strategy):

    * government ``x``: strict or loose supervision;
    * agency (social-work organisation) ``y``: high- or low-quality service;
    * public ``z``: participate in supervision or abstain.

    Payoff differences (derived symbolically):
    ``F_x = Q - C_g - yA + (1-y)(F + z(L-K))``, ``F_y = M - dC + x(A+F) + z R_s``,
    ``F_z = W - C_p + (1-y)(xK + (1-x)E)``.

    Parameters
    ----------
    regime : {"nominal", "control", "resistance", "symbiosis", "cycle"}, optional
        Start from one of the named parameter sets.
    **values : float
        Parameter values (``Q, C_g, A, F, L, K, M, dC, R_s, W, C_p, E``; the spellings ``Cg``,
        ``Rs``, ``Cp`` are accepted). The level parameters ``B_h, B_l, P, C, U_h, U_l`` do not
        affect the dynamics and default to illustrative values.

    Returns
    -------
    PopulationGame
        The three-population game with the given parameter values.

    Examples
    --------
    >>> from contracts.games.population import tripartite_supervision
    >>> g = tripartite_supervision("nominal")
    >>> g.vertex_report().ess
    ('000',)
    >>> tripartite_supervision().payoff_differences()[1]
    M + R_s*z - dC + x*(A + F)
    """
    where = "tripartite_supervision"
    table = {
        ("strict", "high", "participate"): ("B_h + Q - C_g - A", "P - C - dC + M + A",
                                            "U_h + W - C_p"),
        ("strict", "high", "abstain"): ("B_h + Q - C_g - A", "P - C - dC + M + A", "U_h"),
        ("strict", "low", "participate"): ("B_l + Q - C_g + F - K", "P - C - F - R_s",
                                           "U_l + W - C_p + K"),
        ("strict", "low", "abstain"): ("B_l + Q - C_g + F", "P - C - F", "U_l"),
        ("loose", "high", "participate"): ("B_h", "P - C - dC + M", "U_h + W - C_p"),
        ("loose", "high", "abstain"): ("B_h", "P - C - dC + M", "U_h"),
        ("loose", "low", "participate"): ("B_l - L", "P - C - R_s", "U_l + W - C_p + E"),
        ("loose", "low", "abstain"): ("B_l", "P - C", "U_l"),
    }
    game = PopulationGame.from_table(
        ("government", "agency", "public"),
        (("strict", "loose"), ("high", "low"), ("participate", "abstain")), table,
        name="government x agency x public supervision game",
        descriptions=_TRIPARTITE_DESCRIPTIONS,
        aliases={"Cg": "C_g", "Rs": "R_s", "Cp": "C_p"})
    start = dict(_LEVEL_DEFAULTS)
    if regime is not None:
        if regime not in TRIPARTITE_REGIMES:
            raise InvalidParameterError(f"{where}: unknown regime {regime!r}; expected one of "
                                        f"{', '.join(TRIPARTITE_REGIMES)}")
        start.update(TRIPARTITE_REGIMES[regime])
    game = game.with_values(**start)
    return game.with_values(**values) if values else game

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
from typing import Any, Mapping, Sequence

import numpy as np

from ..exceptions import InvalidGameError, InvalidParameterError

__all__ = ["PopulationGame", "tripartite_supervision", "TRIPARTITE_REGIMES"]

_FUNCTIONS = {"exp", "log", "sqrt", "Min", "Max", "Abs", "min", "max"}


def _parse(expr: Any, symbols: dict, where: str):
    """Turn a table entry (number, string or sympy expression) into a sympy expression.

    Every identifier in a string becomes a real Symbol (so ``E``, ``Q``, ``S`` or ``N`` are
    parameters, not sympy's constants).
    """
    import sympy as sp
    if isinstance(expr, sp.Basic):
        for s in expr.free_symbols:
            symbols.setdefault(s.name, s)
        return expr
    if isinstance(expr, bool):
        raise InvalidGameError(f"{where}: payoff entry {expr!r} is not a number or expression")
    if isinstance(expr, (int, np.integer)):
        return sp.Integer(int(expr))
    if isinstance(expr, (float, np.floating)):
        if not math.isfinite(float(expr)):
            raise InvalidGameError(f"{where}: payoff entry {expr!r} is not finite")
        return sp.Float(float(expr))
    if isinstance(expr, str):
        from .._safe_expr import parse_arithmetic
        try:
            return parse_arithmetic(expr, symbols, where)
        except ValueError as exc:
            raise InvalidGameError(f"{where}: cannot read payoff expression {expr[:80]!r}: {exc}"
                                   ) from None
    try:
        return sp.sympify(expr)
    except Exception:
        raise InvalidGameError(f"{where}: payoff entry {expr!r} is not a number or expression"
                               ) from None


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
        >>> g = PopulationGame.from_table(
        ...     ["government", "agency"], [["strict", "loose"], ["comply", "shirk"]],
        ...     {("strict", "comply"): ("b - c", "w - e"), ("strict", "shirk"): ("f - c", "w - f"),
        ...      ("loose", "comply"): ("b", "w - e"), ("loose", "shirk"): ("0", "w")})
        >>> g.parameter_names
        ('b', 'c', 'e', 'f', 'w')
        """
        where = "PopulationGame.from_table"
        pops = tuple(str(p) for p in populations)
        if not pops:
            raise InvalidGameError(f"{where}: at least one population is needed")
        if len(set(pops)) != len(pops):
            raise InvalidGameError(f"{where}: population names must be distinct, got {pops}")
        try:
            strats = tuple(tuple(str(s) for s in ss) for ss in strategies)
        except TypeError:
            raise InvalidGameError(f"{where}: strategies must be one list of labels per "
                                   "population") from None
        if len(strats) != len(pops):
            raise InvalidGameError(f"{where}: {len(strats)} strategy lists for {len(pops)} "
                                   "populations")
        for p, ss in zip(pops, strats):
            if len(ss) < 1 or len(set(ss)) != len(ss):
                raise InvalidGameError(f"{where}: population {p!r} needs distinct strategy "
                                       f"labels, got {ss}")
        shape = tuple(len(s) for s in strats)
        N = len(pops)
        symbols: dict = {}
        arrays = [np.empty(shape, dtype=object) for _ in range(N)]
        seen = set()
        if not isinstance(table, Mapping):
            raise InvalidGameError(f"{where}: table must map profiles to payoff tuples")
        for key, entry in table.items():
            key = (key,) if N == 1 and not isinstance(key, tuple) else key
            if not isinstance(key, tuple) or len(key) != N:
                raise InvalidGameError(f"{where}: profile {key!r} must name one strategy per "
                                       f"population ({N})")
            idx = []
            for i, k in enumerate(key):
                if isinstance(k, (int, np.integer)) and not isinstance(k, bool):
                    if not 0 <= int(k) < shape[i]:
                        raise InvalidGameError(f"{where}: strategy index {k} of population "
                                               f"{pops[i]!r} out of range")
                    idx.append(int(k))
                elif str(k) in strats[i]:
                    idx.append(strats[i].index(str(k)))
                else:
                    raise InvalidGameError(f"{where}: unknown strategy {k!r} of population "
                                           f"{pops[i]!r}; expected one of {strats[i]}")
            idx = tuple(idx)
            if idx in seen:
                raise InvalidGameError(f"{where}: profile {key!r} appears twice")
            seen.add(idx)
            try:
                entries = list(entry) if not isinstance(entry, str) else None
            except TypeError:
                entries = None
            if entries is None or len(entries) != N:
                raise InvalidGameError(f"{where}: profile {key!r} must have {N} payoffs, one "
                                       f"per population; got {entry!r}")
            for i, e in enumerate(entries):
                arrays[i][idx] = _parse(e, symbols, where)
        missing = [p for p in itertools.product(*[range(n) for n in shape]) if p not in seen]
        if missing:
            names = [tuple(strats[i][a] for i, a in enumerate(m)) for m in missing[:3]]
            raise InvalidGameError(f"{where}: the table has no payoffs for {len(missing)} "
                                   f"profile(s), e.g. {names}")
        if share_names is None:
            base = "xyzwuv"
            share_names = tuple(base[i] if i < len(base) else f"x{i + 1}" for i in range(N))
        share_names = tuple(str(s) for s in share_names)
        if len(share_names) != N or len(set(share_names)) != N:
            raise InvalidGameError(f"{where}: need {N} distinct share names, got {share_names}")
        clash = set(share_names) & set(symbols)
        if clash:
            raise InvalidGameError(f"{where}: parameter name(s) {sorted(clash)} clash with the "
                                   "share variables; pass other share_names")
        for a in arrays:
            a.flags.writeable = False
        params = tuple(sorted(symbols.values(), key=lambda s: s.name))
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
        >>> g = PopulationGame.from_table(
        ...     ["government", "agency"], [["strict", "loose"], ["comply", "shirk"]],
        ...     {("strict", "comply"): ("b - c", "w - e"), ("strict", "shirk"): ("f - c", "w - f"),
        ...      ("loose", "comply"): ("b", "w - e"), ("loose", "shirk"): ("0", "w")})
        >>> dict(g.with_values(b=2.5).values)
        {'b': 2.5}
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
        >>> g = PopulationGame.from_table(
        ...     ["government", "agency"], [["strict", "loose"], ["comply", "shirk"]],
        ...     {("strict", "comply"): ("b - c", "w - e"), ("strict", "shirk"): ("f - c", "w - f"),
        ...      ("loose", "comply"): ("b", "w - e"), ("loose", "shirk"): ("0", "w")})
        >>> h = g.with_values(b=2, c=1, e=1, f=3, w=1)
        >>> [float(u) for u in h.normal_form().pure_payoffs((0, 0))]
        [1.0, 0.0]
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

    # -- symbolic analysis ----------------------------------------------------------------------
    @property
    def share_symbols(self) -> tuple:
        """Sympy symbols of the share variables."""
        import sympy as sp
        return tuple(sp.Symbol(n, real=True) for n in self.share_names)

    def _share_vectors(self):
        """Share of every strategy, symbolically: (x, 1-x) for two strategies, otherwise
        ``x_1..x_{n-1}, 1 - sum``."""
        import sympy as sp
        out = []
        for i, n in enumerate(self.shape):
            base = self.share_symbols[i]
            if n == 1:
                out.append([sp.Integer(1)])
            elif n == 2:
                out.append([base, 1 - base])
            else:
                xs = [sp.Symbol(f"{base.name}_{j + 1}", real=True) for j in range(n - 1)]
                out.append(xs + [1 - sum(xs)])
        return out

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each population."""
        return tuple(len(s) for s in self.strategies)

    def fitness(self, *, numeric: bool = False) -> tuple:
        """Expected payoff of every strategy of every population, in the population shares.

        Parameters
        ----------
        numeric : bool
            Substitute the numeric parameter values given so far.

        Returns
        -------
        tuple of tuple of sympy.Expr
            ``fitness[i][k]``: payoff of strategy ``k`` of population ``i``.

        Examples
        --------
        >>> g = PopulationGame.from_table(
        ...     ["government", "agency"], [["strict", "loose"], ["comply", "shirk"]],
        ...     {("strict", "comply"): ("b - c", "w - e"), ("strict", "shirk"): ("f - c", "w - f"),
        ...      ("loose", "comply"): ("b", "w - e"), ("loose", "shirk"): ("0", "w")})
        >>> h = g.with_values(b=2, c=1, e=1, f=3, w=1)
        >>> h.fitness(numeric=True)
        ((2 - y, 2*y), (0, 1 - 3*x))
        """
        import sympy as sp
        shares = self._share_vectors()
        subs = self._subs() if numeric else {}
        out = []
        N = len(self.populations)
        for i in range(N):
            others = [k for k in range(N) if k != i]
            per = []
            for j in range(self.shape[i]):
                tot = sp.Integer(0)
                for idx in itertools.product(*[range(self.shape[k]) for k in others]):
                    w = sp.Integer(1)
                    for k, a in zip(others, idx):
                        w = w * shares[k][a]
                    full = [0] * N
                    full[i] = j
                    for k, a in zip(others, idx):
                        full[k] = a
                    tot += w * self.payoffs[i][tuple(full)]
                e = sp.expand(tot)
                per.append(sp.expand(e.subs(subs)) if subs else e)
            out.append(tuple(per))
        return tuple(out)

    def payoff_differences(self, *, numeric: bool = False) -> tuple:
        """``F_i``: payoff of population i's first strategy minus its second.

        Defined when every population has two strategies; collected in the share variables.

        Parameters
        ----------
        numeric : bool
            Substitute the numeric parameter values given so far.

        Returns
        -------
        tuple of sympy.Expr
            One payoff difference per population.

        Raises
        ------
        InvalidGameError
            If a population does not have exactly two strategies.
        """
        import sympy as sp
        if any(n != 2 for n in self.shape):
            raise InvalidGameError("PopulationGame.payoff_differences: every population needs "
                                   f"exactly two strategies; got {self.shape}")
        fit = self.fitness(numeric=numeric)
        shares = self.share_symbols
        return tuple(sp.collect(sp.expand(f[0] - f[1]), shares) for f in fit)

    def replicator_equations(self, *, numeric: bool = False) -> tuple:
        """Right-hand sides of the replicator dynamics.

        ``x (1 - x) F_x`` for two strategies, otherwise one equation per share variable
        ``x_j (u_j - average)``.

        Parameters
        ----------
        numeric : bool
            Substitute the numeric parameter values given so far.

        Returns
        -------
        tuple of sympy.Expr
            One time derivative per share variable.

        Examples
        --------
        >>> g = PopulationGame.from_table(
        ...     ["government", "agency"], [["strict", "loose"], ["comply", "shirk"]],
        ...     {("strict", "comply"): ("b - c", "w - e"), ("strict", "shirk"): ("f - c", "w - f"),
        ...      ("loose", "comply"): ("b", "w - e"), ("loose", "shirk"): ("0", "w")})
        >>> h = g.with_values(b=2, c=1, e=1, f=3, w=1)
        >>> h.replicator_equations(numeric=True)
        (x*(1 - x)*(2 - 3*y), y*(1 - y)*(3*x - 1))
        """
        import sympy as sp
        if all(n == 2 for n in self.shape):
            F = self.payoff_differences(numeric=numeric)
            return tuple(s * (1 - s) * f for s, f in zip(self.share_symbols, F))
        fit = self.fitness(numeric=numeric)
        shares = self._share_vectors()
        out = []
        for i, n in enumerate(self.shape):
            avg = sum(shares[i][j] * fit[i][j] for j in range(n))
            for j in range(n - 1):
                out.append(sp.expand(shares[i][j] * (fit[i][j] - avg)))
        return tuple(out)

    def jacobian(self, *, numeric: bool = False):
        """Symbolic Jacobian (sympy Matrix) of :meth:`replicator_equations`.

        Parameters
        ----------
        numeric : bool
            Substitute the numeric parameter values given so far.

        Returns
        -------
        sympy.Matrix
            Derivatives of the equations with respect to the share variables.
        """
        import sympy as sp
        eqs = self.replicator_equations(numeric=numeric)
        if all(n == 2 for n in self.shape):
            var = self.share_symbols
        else:
            var = [v for vec in self._share_vectors() for v in vec[:-1]]
        return sp.Matrix(eqs).jacobian(list(var))

    def vertex_eigenvalue_expressions(self) -> dict:
        """Eigenvalues of the replicator Jacobian at every vertex, symbolically.

        For two-strategy populations: at a vertex the Jacobian is diagonal with entries
        ``(1 - 2x) F_x, ...``.

        Returns
        -------
        dict
            Vertex label (one digit per share, ``"0"`` or ``"1"``) -> tuple of eigenvalues.

        Examples
        --------
        >>> g = PopulationGame.from_table(
        ...     ["government", "agency"], [["strict", "loose"], ["comply", "shirk"]],
        ...     {("strict", "comply"): ("b - c", "w - e"), ("strict", "shirk"): ("f - c", "w - f"),
        ...      ("loose", "comply"): ("b", "w - e"), ("loose", "shirk"): ("0", "w")})
        >>> g.vertex_eigenvalue_expressions()["11"]
        (c, e - f)
        """
        import sympy as sp
        if any(n != 2 for n in self.shape):
            return {}
        F = self.payoff_differences()
        shares = self.share_symbols
        out = {}
        for bits in itertools.product((0, 1), repeat=len(shares)):
            point = dict(zip(shares, bits))
            out["".join(str(b) for b in bits)] = tuple(
                sp.expand((1 - 2 * b) * f.subs(point)) for b, f in zip(bits, F))
        return out

    def latex(self) -> dict:
        """LaTeX of the payoff differences and replicator equations, keyed by share name.

        Returns
        -------
        dict
            ``"F_x"`` and ``"dx/dt"`` entries for each share variable (two-strategy populations).
        """
        import sympy as sp
        out = {}
        if all(n == 2 for n in self.shape):
            for s, f, r in zip(self.share_names, self.payoff_differences(),
                               self.replicator_equations()):
                out[f"F_{s}"] = sp.latex(f)
                out[f"d{s}/dt"] = sp.latex(r)
        return out

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

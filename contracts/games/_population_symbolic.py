"""The symbolic side of a :class:`~contracts.games.population.PopulationGame`: fitness, payoff
differences, replicator equations, their Jacobian and its eigenvalues at the vertices (sympy).

The functions here are methods of :class:`~contracts.games.population.PopulationGame`
(attached there); ``self`` is the game.
"""

from __future__ import annotations

import itertools

from ..exceptions import InvalidGameError

__all__: list[str] = []


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


def shape(self) -> tuple[int, ...]:
    """Number of strategies of each population."""
    return tuple(len(s) for s in self.strategies)


def fitness(self, *, numeric: bool = False) -> tuple:
    """Expected payoff of every strategy of every population, in the population shares.

    Parameters
    ----------
    numeric : bool, default False
        Substitute the parameter values given so far (:meth:`with_values`), leaving the
        payoffs as polynomials in the shares.

    Returns
    -------
    tuple of tuple of sympy.Expr
        ``fitness[i][k]``: payoff of strategy ``k`` of population ``i``.

    Examples
    --------
    >>> from contracts.games.population import tripartite_supervision
    >>> tripartite_supervision("cycle").fitness(numeric=True)[1]      # agency: high, low
    (x, 4 - 4*x)
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
    numeric : bool, default False
        Use the parameter values given so far: each ``F_i`` is then a polynomial in the
        other populations' shares only.

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
    numeric : bool, default False
        Use the parameter values given so far (needed to integrate the equations numerically).

    Returns
    -------
    tuple of sympy.Expr
        One time derivative per share variable.

    Examples
    --------
    >>> from contracts.games.population import tripartite_supervision
    >>> tripartite_supervision("cycle").replicator_equations(numeric=True)
    (x*(1 - x)*(3 - 5*y), y*(1 - y)*(5*x - 4), -z*(1 - z))
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
    numeric : bool, default False
        Differentiate the equations with the parameter values given so far substituted.

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
    >>> from contracts.games.population import tripartite_supervision
    >>> tripartite_supervision().vertex_eigenvalue_expressions()["000"]
    (-C_g + F + Q, M - dC, -C_p + E + W)
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

"""The set of subgame-perfect equilibrium payoffs of a repeated game.

Perfect monitoring, a public randomisation device, pure stage actions and a common discount
factor ``δ``. The set ``V`` of (normalised, average) payoffs of pure-strategy subgame-perfect
equilibria is the largest fixed point of the operator of Abreu, Pearce and Stacchetti (1990)::

    B(W) = co{ (1-δ) u(a) + δ w :  a ∈ A,  w ∈ W,
               (1-δ) u_i(a) + δ w_i ≥ (1-δ) d_i(a) + δ min_{w' ∈ W} w'_i  for every i }

where ``d_i(a)`` is player ``i``'s best one-shot deviation payoff against ``a``. Starting from the
feasible set, ``B`` shrinks monotonically to ``V``. Three ways to compute it:

* :func:`abreu_sannikov` (``method="exact"``, two players): polygons exactly, as in Abreu and
  Sannikov (2014) — every action profile contributes the images of the points of ``W`` where the
  incentive constraints bind (at most four extreme points), plus the images of the vertices of
  ``W`` that satisfy them. Once the combinatorial pattern of the iteration settles, the fixed
  point of that pattern is found by Newton's method and then verified to be a fixed point of the
  full operator; otherwise the iteration runs to the tolerance.
* :func:`outer_approximation` (``method="outer"``, any number of players): Judd, Yeltekin and
  Conklin (2003). ``W`` is kept as ``{w : h_k·w ≤ c_k}`` on fixed directions ``h_k``; each round
  solves, for every action profile and direction, the linear program
  ``max h_k·w  s.t.  H w ≤ c,  w_i ≥ min_i + (1-δ)/δ (d_i(a) - u_i(a))`` (HiGHS, through
  :func:`contracts._linalg.solve_lp`; for two players the same LPs are solved exactly by
  clipping polygons). The result contains ``V``.
* :func:`inner_approximation` (``method="inner"``): the convex hull of the maximisers of those
  programmes, iterated; when the final set generates itself (checked, and reported as
  ``extra["self_generating"]``) it is contained in ``V``.

The result is a :class:`PayoffSet`, which can be empty, a point, a segment or a polygon
(QuantEcon's ``equilibrium_payoffs`` raises on all but the last).

The package keeps one idea per module: :mod:`.geometry` (hulls with Qhull, distances,
half-spaces), :mod:`.result` (the :class:`PayoffSet` result), :mod:`.stage` (the stage
game), :mod:`.abreu_sannikov`, :mod:`.outer`, :mod:`.inner` (the three algorithms) and
:mod:`.feasible` (feasible set, dispatcher, folk-theorem discount).

Examples
--------
>>> import contracts as ct
>>> from contracts.equilibrium.payoff_sets import abreu_sannikov
>>> pd = ct.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
>>> V = abreu_sannikov(pd, discount=0.75)
>>> round(V.area, 6)
40.5
>>> abreu_sannikov(pd, discount=0.2).dimension     # a segment from (3, 3) to (9, 9)
1
"""

from .abreu_sannikov import abreu_sannikov
from .feasible import feasible_payoffs, folk_theorem_discount, payoff_set
from .geometry import directions
from .inner import inner_approximation
from .outer import outer_approximation
from .result import PayoffSet
from .stage import pure_minmax_payoffs

__all__ = ["PayoffSet", "payoff_set", "abreu_sannikov", "outer_approximation",
           "inner_approximation", "feasible_payoffs", "folk_theorem_discount",
           "pure_minmax_payoffs", "directions"]

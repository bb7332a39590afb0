"""The linear-algebra core shared by every solver.

One place for each idea:

* :mod:`contracts._linalg.lp` -- every linear programme goes through :func:`solve_lp`
  (HiGHS through :func:`scipy.optimize.linprog`) with one failure policy;
* :mod:`contracts._linalg.rational` -- exact rational helpers (common denominators,
  conversion to :class:`fractions.Fraction`).

The pivoting kernel (float and exact, lexicographic ratio test) lives beside them.
"""

from contracts._linalg.lp import LPSolution, solve_lp
from contracts._linalg.rational import common_denominator, to_fraction_array

__all__ = ["LPSolution", "solve_lp", "common_denominator", "to_fraction_array"]

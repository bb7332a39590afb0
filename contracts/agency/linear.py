"""Linear contracts: LEN, multitask, zero-powered incentives, distortion.

Every model here is solved twice — numerically (scipy / numpy) by :meth:`solve` and as sympy
closed forms by :meth:`closed_form`, which returns a :class:`ClosedForm` with ``.latex()``,
``.lambdify()``, ``.evaluate()`` and comparative statics by differentiation
(``.comparative_statics()``).

* :class:`LEN` (alias :data:`LinearContract`) — Holmström–Milgrom (1987): linear wage
  ``alpha + beta x``, exponential (CARA) utility, normal noise.
  ``beta* = p / (1 + r k sigma2)``.
* :class:`Multitask` — Holmström–Milgrom (1991): efforts ``t``, cost ``t'Ct/2``, signals
  ``x = Mt + eps``; ``beta* = (M C^-1 M' + r Sigma)^-1 M C^-1 b``; tasks may be unmeasured
  (fewer signals than tasks), and the agent's problem can be solved with non-negative efforts
  (a QP; the principal's problem is then solved region by region).
* :class:`ZeroPoweredIncentives` — the HM (1991) case where any positive power on the measured
  task kills an essential unmeasured one: a fixed wage is optimal.
* :class:`Distortion` — Baker (1992, 2002): the measure ``g`` is misaligned with value ``f``;
  ``beta* = f.g / (|g|^2 + r sigma2)``, and without noise only ``cos^2 theta`` of the surplus is
  achievable.
"""

from __future__ import annotations

from ._linear_closed_form import ClosedForm, ComparativeStatics, Effect
from ._linear_distortion import Distortion
from ._linear_len import LEN, LinearContract
from ._linear_multitask import Multitask
from ._linear_zero_powered import ZeroPoweredIncentives

__all__ = ["ClosedForm", "ComparativeStatics", "Effect", "LEN", "LinearContract", "Multitask",
           "ZeroPoweredIncentives", "Distortion"]

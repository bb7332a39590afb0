"""The Baker–Gibbons–Murphy-type model of an explicit and an implicit (subjective) bonus.

Private part of :mod:`contracts.agency.relational` (which re-exports :class:`SubjectiveObjective`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


from .._deprecate import keyword_only, renamed
from .._validation import check_nonnegative, check_positive, check_real
from ..results import format_number as _fnum
from ._result import ContractSolution

__all__ = ["SubjectiveObjective"]


@keyword_only(2)
@renamed(sigma2="noise_variance")
@dataclass(frozen=True)
class SubjectiveObjective:
    """Subjective and objective performance measures — a BGM (1994)-type model.

    The agent chooses ``a`` in [0, 1] at cost ``gamma a^2``; his true contribution (success with
    probability ``a``) is observed but not verifiable; a verifiable measure succeeds with
    probability ``mu a`` where the distortion ``mu`` (mean 1, variance ``sigma2`` = ``noise_variance``, two points
    ``1 ± sigma``) is privately known to the agent. The principal combines an explicit bonus ``b``
    on the measure with an implicit (relational) bonus ``B`` on the evaluation; the implicit bonus
    must survive reneging: ``r B <= S(b, B) - K - V0`` with ``V0 = max(0, S_spot - K)``.

    Closed form for ``K = 0``: ``B* = min(1, max(0, 2 - 4 gamma r (1 + sigma2)/sigma2))``,
    ``b* = (1 - B*)/(1 + sigma2)``. Regimes: *first best* (``B* = 1``), *mixed*, *crowd-out*
    (an accurate objective measure makes the spot fallback so attractive that no implicit contract
    survives) and *complementarity* (with a fixed cost ``K``, neither measure alone is profitable
    but the combination is). The nominality index ``b*/(b* + B*)`` is 0 when the formal contract
    is purely nominal.

    Parameters
    ----------
    gamma : float
        Effort-cost coefficient (> 0).
    noise_variance : float
        Variance of the distortion of the objective measure, in [0, 1].
    interest_rate : float
        ``r`` (> 0); the future is worth ``1/r`` times a per-period flow.
    fixed_cost : float, default 0
        Per-period fixed cost ``K`` of the relationship.

    Examples
    --------
    >>> sol = SubjectiveObjective(gamma=1, noise_variance=1, interest_rate=0.2).solve()
    >>> round(sol.extra["B"], 12), round(sol.extra["b"], 12), sol.extra["regime"]
    (0.4, 0.3, 'mixed')
    """

    gamma: float
    noise_variance: float
    interest_rate: float
    fixed_cost: float = 0.0

    def __post_init__(self):
        w = "SubjectiveObjective"
        object.__setattr__(self, "gamma", float(check_positive(w, "gamma", self.gamma)))
        object.__setattr__(self, "noise_variance", float(check_real(
            w, "noise_variance", self.noise_variance, low=0, high=1)))
        object.__setattr__(self, "interest_rate",
                           float(check_positive(w, "interest_rate", self.interest_rate)))
        object.__setattr__(self, "fixed_cost",
                           float(check_nonnegative(w, "fixed_cost", self.fixed_cost)))

    # -- building blocks ------------------------------------------------------------------------
    @property
    def spot_surplus(self) -> float:
        """``1/(4 gamma (1 + sigma2))``: the best explicit-only (spot) contract."""
        return 1 / (4 * self.gamma * (1 + self.noise_variance))

    @property
    def first_best_surplus(self) -> float:
        """The per-period surplus with observable effort, ``1 / (4 gamma)``."""
        return 1 / (4 * self.gamma)

    def surplus(self, b: float, B: float) -> float:
        """``S(b, B) = T/(2 gamma) - (T^2 + b^2 sigma2)/(4 gamma)``, ``T = B + b``.

        Parameters
        ----------
        b : float
            The explicit bonus (on the objective measure).
        B : float
            The implicit bonus (on the subjective assessment).

        Returns
        -------
        float
            The per-period surplus.
        """
        T = B + b
        return T / (2 * self.gamma) - (T ** 2 + b ** 2 * self.noise_variance) / (4 * self.gamma)

    def best_explicit(self, B: float) -> float:
        """Optimal explicit bonus given the implicit one: ``(1 - B)/(1 + sigma2)``.

        Parameters
        ----------
        B : float
            The implicit bonus.

        Returns
        -------
        float
            The explicit bonus that maximises surplus.
        """
        return (1 - B) / (1 + self.noise_variance)

    def surplus_given_implicit(self, B: float) -> float:
        """``S*(B) = [1 - sigma2 (1 - B)^2/(1 + sigma2)]/(4 gamma)``.

        Parameters
        ----------
        B : float
            The implicit bonus.

        Returns
        -------
        float
            The surplus with the best explicit bonus for ``B``.
        """
        return (1 - self.noise_variance * (1 - B) ** 2 / (1 + self.noise_variance)) / (4 * self.gamma)

    @property
    def fallback_value(self) -> float:
        """``V0 = max(0, S_spot - K)``: what the parties get after the principal reneges."""
        return max(0.0, self.spot_surplus - self.fixed_cost)

    def reneging_slack(self, B: float, b: float | None = None) -> float:
        """``S(b, B) - K - V0 - r B`` (non-negative iff the implicit bonus is credible).

        Parameters
        ----------
        B : float
            The implicit bonus.
        b : float, optional
            The explicit bonus; default the best one for ``B``.

        Returns
        -------
        float
            The slack of the reneging constraint.
        """
        b = self.best_explicit(B) if b is None else b
        return self.surplus(b, B) - self.fixed_cost - self.fallback_value - self.interest_rate * B

    @property
    def r_threshold_first_best(self) -> float | None:
        """Largest interest rate with ``B* = 1`` (closed form; None when ``S_spot < K``)."""
        if self.spot_surplus < self.fixed_cost:
            return None
        return self.noise_variance / (4 * self.gamma * (1 + self.noise_variance))

    @property
    def r_threshold_any_relational(self) -> float | None:
        """Interest rate below which some implicit bonus is credible (None when ``S_spot < K``)."""
        if self.spot_surplus < self.fixed_cost:
            return None
        return self.noise_variance / (2 * self.gamma * (1 + self.noise_variance))

    def _coefficients(self, implicit_only: bool = False) -> tuple[float, float, float]:
        """``(A2, A1, A0)`` of the reneging slack ``A2 B^2 + A1 B + A0`` (a concave quadratic)."""
        g4 = 4 * self.gamma
        base = self.fixed_cost + self.fallback_value
        if implicit_only:          # b = 0: S = B/(2 gamma) - B^2/(4 gamma)
            return -1 / g4, 2 / g4 - self.interest_rate, -base
        a = self.noise_variance / (1 + self.noise_variance)
        A0 = (1 - a) / g4 - base
        if abs(A0) <= 1e-15 * (1 + abs(base)):
            A0 = 0.0               # K = 0 (or S_spot >= K): the slack vanishes at B = 0
        return -a / g4, 2 * a / g4 - self.interest_rate, A0

    def _feasible_interval(self, implicit_only: bool = False):
        """Interval of ``B`` in (0, 1] satisfying the reneging constraint (None if empty) and
        the largest slack over [0, 1]."""
        A2, A1, A0 = self._coefficients(implicit_only)
        h = lambda B: (A2 * B + A1) * B + A0  # noqa: E731
        vertex = min(1.0, max(0.0, -A1 / (2 * A2))) if A2 < 0 else (1.0 if A1 > 0 else 0.0)
        best = max(h(0.0), h(1.0), h(vertex))
        if A2 == 0:
            if A1 == 0:
                roots = (-math.inf, math.inf) if A0 >= 0 else None
            elif A1 > 0:
                roots = (-A0 / A1, math.inf)
            else:
                roots = (-math.inf, -A0 / A1)
        else:
            disc = A1 * A1 - 4 * A2 * A0
            if disc < 0:
                roots = None
            else:
                sq = math.sqrt(disc)
                q = -0.5 * (A1 + math.copysign(sq, A1)) if A1 != 0 else -0.5 * sq
                r1 = q / A2
                r2 = A0 / q if q != 0 else r1
                roots = (min(r1, r2), max(r1, r2))
        if roots is None:
            return None, best
        lo, hi = max(0.0, roots[0]), min(1.0, roots[1])
        if hi <= 1e-12 or lo > hi:
            return None, best
        return (lo, hi), best

    def solve(self) -> ContractSolution:
        """The optimal combination of explicit and implicit incentives and its regime.

        Returns
        -------
        ContractSolution
            ``contract``: ``{"explicit_bonus": b*, "implicit_bonus": B*}``;
            ``implemented_action``: mean effort ``(b* + B*)/(2 gamma)``; ``principal_value``:
            profit ``S - K`` (the fixed wage extracts the agent's surplus); ``extra``: ``B``,
            ``b``, ``surplus``, ``profit``, ``spot_surplus``, ``first_best_surplus``,
            ``relational``, ``trade``, ``explicit_share`` (= ``nominality_index``), ``regime``,
            ``r_threshold_first_best``, ``r_threshold_any_relational``, ``implicit_only_slack``,
            ``efforts`` (per distortion state), ``efforts_are_probabilities``.
        """
        K = self.fixed_cost
        interval, _ = self._feasible_interval()
        io_interval, io_slack = self._feasible_interval(implicit_only=True)
        if interval is not None:
            B = min(1.0, interval[1])
            b = self.best_explicit(B)
            relational, trade = True, True
        elif self.spot_surplus >= K:
            B, b = 0.0, self.best_explicit(0.0)
            relational, trade = False, True
        else:
            B, b = 0.0, 0.0
            relational, trade = False, False
        S = self.surplus(b, B) if trade else 0.0
        profit = S - K if trade else 0.0
        share = b / (b + B) if b + B > 0 else None
        if not trade:
            regime = "no trade"
        elif B >= 1 - 1e-12:
            regime = "first best"
        elif not relational:
            regime = "crowd-out"
        elif self.spot_surplus < K and io_interval is None:
            regime = "complementarity"
        else:
            regime = "mixed"
        sig = math.sqrt(self.noise_variance)
        efforts = tuple((B + mu * b) / (2 * self.gamma) for mu in (1 - sig, 1 + sig))
        slack = self.reneging_slack(B, b) if relational else None
        binding = ("reneging constraint (credibility of the implicit bonus)",) if (
            relational and abs(slack) <= 1e-9) else ()
        extra = {"B": B, "b": b, "surplus": S, "profit": profit, "spot_surplus": self.spot_surplus,
                 "first_best_surplus": self.first_best_surplus, "relational": relational,
                 "trade": trade, "explicit_share": share, "nominality_index": share,
                 "regime": regime, "r_threshold_first_best": self.r_threshold_first_best,
                 "r_threshold_any_relational": self.r_threshold_any_relational,
                 "implicit_only_slack": io_slack, "reneging_slack": slack, "efforts": efforts,
                 "efforts_are_probabilities": all(0 <= a <= 1 for a in efforts),
                 "fallback_value": self.fallback_value}
        words = {
            "first best": ("the implicit bonus alone carries the incentives (B = 1): the formal "
                           "contract is purely nominal (nominality index 0) and the first best is "
                           "reached"),
            "mixed": (f"explicit and implicit incentives are mixed (b = {_fnum(b)}, B = "
                      f"{_fnum(B)}); the reneging constraint caps the implicit bonus; the explicit "
                      f"share is {_fnum(share)}"),
            "crowd-out": ("no implicit bonus is credible: the explicit-only fallback is too "
                          f"attractive, so the relationship runs on the formal contract alone "
                          f"(b = {_fnum(b)}) — objective measures crowd out the relational "
                          "contract"),
            "complementarity": (f"neither measure alone covers the fixed cost {_fnum(K)}, but "
                                f"together they do (b = {_fnum(b)}, B = {_fnum(B)}): objective and "
                                "subjective measures are complements"),
            "no trade": ("no contract covers the fixed cost: the parties do not trade"),
        }[regime]
        report = (f"Regime: {regime} — {words}. Surplus {_fnum(S)} per period (spot "
                  f"{_fnum(self.spot_surplus)}, first best {_fnum(self.first_best_surplus)}); "
                  f"principal's profit {_fnum(profit)}; the agent earns no rent.")
        if not extra["efforts_are_probabilities"]:
            report += " WARNING: implied efforts leave [0, 1]; the model's closed forms do not apply."
        return ContractSolution({"explicit_bonus": b, "implicit_bonus": B},
                                (b + B) / (2 * self.gamma), profit, 0.0, binding, None, extra,
                                report)

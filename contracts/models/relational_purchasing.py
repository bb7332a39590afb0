"""Relational purchasing: renewal as enforcement, buddies versus partners, loss leaders.

Field studies of government purchase of social-work services report projects awarded and renewed
on relationships: a closed circle of trusted agencies is invited, incumbents are renewed, agencies
accept loss-making projects to keep the relationship, and lower governments prefer "no trouble" to
quality. :class:`RelationalPurchasing` puts the building blocks  and §7 into one
repeated game between a purchasing government and its incumbent agency:

* **Renewal as enforcement.** Quality is not contractible: high quality costs ``c_H``, "no
  trouble" service (the task completed without problems, quality shaded) costs ``c_L = c_H -
  Δc``. The government renews at price ``p``; its evaluation catches shading with probability
  ψ (``evaluation_accuracy``). The incumbent keeps quality iff the relational premium
  ``p - c_H ≥ Δc (1 - δ)/(δ ψ)`` (:class:`contracts.agency.procurement.RelationalProcurement`);
  the government sets ``p`` so this binds. With a continuous quality effort the same logic is
  Levin's dynamic-enforcement constraint (:class:`contracts.agency.relational.LevinRelational`).
* **The stage game** (agency rows *quality* / *no trouble*, government columns *renew* / *tender*):
  renewing pays ``p``; an open tender drives the price to ``c_L`` (spot purchase of no-trouble
  service) and costs the lower government ``tender_trouble`` τ (running the tender, replacing
  the agency, explaining problems upward). The government values quality by ``quality_weight`` ω
  (its superiors evaluate "no trouble" at least as much as quality, HM-ZERO / Baker):
  ``V_Q = v_L + ω (v_H - v_L)``, ``V_NT = v_L``.

  Stage payoffs (agency, government)::

                   renew                 tender
      quality      p - c_H,  V_Q - p     -Δc,  V_NT - c_L - τ
      no trouble   p - c_L,  V_NT - p    0,    V_NT - c_L - τ

  *No trouble* is the agency's dominant stage action. The stage equilibria (``contracts.solve``)
  are **buddy** — (no trouble, renew): renewal regardless of quality, when ``τ ≥ p - c_L`` —
  and/or **open tendering** — (no trouble, tender), when ``τ ≤ p - c_L``. **Partner** —
  (quality, renew), renewal conditioned on quality — is a grim-trigger equilibrium
  (:func:`contracts.equilibrium.grim_trigger.critical_discount`) with reversion to the stage
  equilibrium; the agency, caught only with probability ψ, discounts at ``δψ/(1 - δ + δψ)``. It
  is sustainable iff the reversion punishes the agency (tendering is a stage equilibrium,
  ``τ ≤ p - c_L``) and the government prefers it to tendering (``ω (v_H - v_L) ≥ p - c_L - τ``).
  When several equilibria are sustainable the government, who designs the renewal rule, picks
  the partner (its best).

  With ``Π = p - c_L = Δc (1 + (1 - δ)/(δψ))`` (the premium condition) the regimes are:
  buddy iff ``τ > Π``; partner iff ``τ ≤ Π ≤ ω (v_H - v_L) + τ``; open tendering otherwise. With
  ``ω = 1, τ = 0`` relational purchasing beats open tendering iff ``v_H - v_L ≥ Π``.
* **How many agencies are invited** — :class:`contracts.agency.procurement.SupplierInvitation`.
* **Loss leaders** — :class:`contracts.agency.procurement.LossLeader`: a loss-making project is
  accepted iff ``p - c + δ/(1 - δ) ρ π_other ≥ 0``.

Examples
--------
>>> from contracts.models.relational_purchasing import RelationalPurchasing
>>> m = RelationalPurchasing()
>>> s = m.solve()
>>> s.regime, round(s.premium, 6), round(s.premium_condition, 6)
('buddy', 0.2, 0.4)
>>> RelationalPurchasing(tender_trouble=0.1).regime()
'partner'
>>> RelationalPurchasing(tender_trouble=0.0, quality_weight=0.25).regime()
'open tendering'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np

from .._validation import check_discount, check_nonnegative, check_probability, check_real
from ..exceptions import InvalidParameterError
from ..results import format_number
from . import _purchasing_explain
from ._explain import Explanation
from ._purchasing_solution import RelationalPurchasingSolution
from ._superseded import warn_component_model

__all__ = ["RelationalPurchasing", "RelationalPurchasingSolution", "REGIMES"]

_fmt = format_number
WHERE = "RelationalPurchasing"

#: The three regimes, best for the public first.
REGIMES = ("partner", "buddy", "open tendering")

_AGENCY_ACTIONS = ("quality", "no trouble")
_GOVERNMENT_ACTIONS = ("renew", "tender")


def _exact(x) -> Fraction:
    """Decimal-exact Fraction of a parameter (``0.8`` -> ``4/5``)."""
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    return Fraction(repr(float(x)))


@lru_cache(maxsize=128)
def _levin(discount: float, outside_surplus: float):
    from ..agency.relational import LevinRelational
    return LevinRelational(discount=discount, outside_surplus=outside_surplus).solve()


@dataclass(frozen=True)
class RelationalPurchasing:
    """Renewal as enforcement: buddy, partner or open tendering between a government and an agency.

    Parameters
    ----------
    high_quality_cost : float, default 1
        ``c_H ≥ 0``.
    cost_saving : float, default 0.2
        ``Δc`` in (0, c_H]: what the agency saves by delivering "no trouble" instead of quality.
    discount : float, default 0.8
        δ in (0, 1).
    evaluation_accuracy : float, default 0.25
        ψ in (0, 1]: probability that the government's evaluation catches shaded quality
        (formalised, ceremonial evaluation = low ψ).
    value_high, value_low : float, default 2 and 1.2
        The public's value of quality and of no-trouble service (``value_low ≤ value_high``).
    quality_weight : float, default 0.75
        ω in [0, 1]: weight of quality (against "no trouble") in the purchasing government's own
        objective.
    tender_trouble : float, default 0.5
        τ ≥ 0: the lower government's cost of an open tender (replacing the agency, trouble).
    max_suppliers : int or None, default None
        Pool of agencies in good standing for the invitation decision.
    project_price, project_cost : float, default 8 and 10
        Price and cost of a (loss-making) project offered to the agency.
    renewal_probability : float, default 0.5
        ρ in [0, 1]: probability that the relationship brings further projects.
    other_profit : float, default 1.5
        π_other: per-period profit on those further projects.
    outside_surplus : float, default 0
        s̄: the parties' joint outside option in the Levin renewal contract.

    Examples
    --------
    >>> s = RelationalPurchasing(quality_weight=1, tender_trouble=0).solve()
    >>> s.regime, round(s.price, 6), s.invitation.best_number, s.loss_leader.accept
    ('partner', 1.2, 2, True)
    """

    high_quality_cost: float = 1.0
    cost_saving: float = 0.2
    discount: float = 0.8
    evaluation_accuracy: float = 0.25
    value_high: float = 2.0
    value_low: float = 1.2
    quality_weight: float = 0.75
    tender_trouble: float = 0.5
    max_suppliers: Any = None
    project_price: float = 8.0
    project_cost: float = 10.0
    renewal_probability: float = 0.5
    other_profit: float = 1.5
    outside_surplus: float = 0.0

    def __post_init__(self):
        warn_component_model("relational_purchasing", "RelationalPurchasing")
        w = WHERE
        check_nonnegative(w, "high_quality_cost", self.high_quality_cost)
        check_real(w, "cost_saving", self.cost_saving, low=0, high=self.high_quality_cost,
                   low_open=True)
        check_discount(w, self.discount)
        check_real(w, "evaluation_accuracy", self.evaluation_accuracy, low=0, high=1,
                   low_open=True)
        check_real(w, "value_high", self.value_high)
        check_real(w, "value_low", self.value_low, high=self.value_high)
        check_probability(w, "quality_weight", self.quality_weight)
        check_nonnegative(w, "tender_trouble", self.tender_trouble)
        m = self.max_suppliers
        if m is not None and (isinstance(m, bool) or not isinstance(m, (int, np.integer))
                              or m < 1):
            raise InvalidParameterError(
                f"{w}: parameter 'max_suppliers' must be a positive integer or None, got {m!r}")
        check_real(w, "project_price", self.project_price)
        check_nonnegative(w, "project_cost", self.project_cost)
        check_probability(w, "renewal_probability", self.renewal_probability)
        check_real(w, "other_profit", self.other_profit)
        check_real(w, "outside_surplus", self.outside_surplus)

    # -- the building blocks --------------------------------------------------------------------
    def _values(self):
        vH, vL, om = _exact(self.value_high), _exact(self.value_low), _exact(self.quality_weight)
        return vL + om * (vH - vL), vL

    def procurement(self):
        """The relational renewal price and premium (exact arithmetic).

        Uses the government's perceived values ``V_Q`` and ``V_NT``.

        Returns
        -------
        ContractSolution
            The solution of :class:`contracts.agency.procurement.RelationalProcurement`.
        """
        from ..agency.procurement import RelationalProcurement
        VQ, VNT = self._values()
        return RelationalProcurement(high_quality_cost=_exact(self.high_quality_cost),
                                     cost_saving=_exact(self.cost_saving),
                                     discount=_exact(self.discount),
                                     evaluation_accuracy=_exact(self.evaluation_accuracy),
                                     value_high=VQ, value_low=VNT).solve()

    def game(self, price=None):
        """The stage game at the renewal price (default: the relational price ``p*``), exact.

        Parameters
        ----------
        price : float or Fraction, optional
            The renewal price.

        Returns
        -------
        NormalFormGame
            The agency × government stage game with Fraction payoffs.
        """
        from ..games.normal_form import NormalFormGame
        cH, dc, tau = (_exact(self.high_quality_cost), _exact(self.cost_saving),
                       _exact(self.tender_trouble))
        p = self.procurement()["price"] if price is None else _exact(
            check_real(f"{WHERE}.game", "price", price))
        cL = cH - dc
        VQ, VNT = self._values()
        A = [[p - cH, -dc], [p - cL, Fraction(0)]]
        G = [[VQ - p, VNT - cL - tau], [VNT - p, VNT - cL - tau]]
        return NormalFormGame.from_bimatrix(A, G, players=("agency", "government"),
                                            actions=(_AGENCY_ACTIONS, _GOVERNMENT_ACTIONS),
                                            exact=True)

    def invitation(self):
        """How many agencies to invite (SupplierInvitation).

        Returns
        -------
        InvitationResult
            The cost-minimising number of invited agencies.
        """
        from ..agency.procurement import SupplierInvitation
        return SupplierInvitation(cost_saving=self.cost_saving, discount=self.discount,
                                  evaluation_accuracy=self.evaluation_accuracy,
                                  max_suppliers=self.max_suppliers).solve()

    def loss_leader(self):
        """Whether the agency accepts the loss-making project (LossLeader).

        Returns
        -------
        LossLeaderDecision
            The decision and the lowest acceptable price.
        """
        from ..agency.procurement import LossLeader
        return LossLeader(price=self.project_price, cost=self.project_cost, discount=self.discount,
                          renewal_probability=self.renewal_probability,
                          other_profit=self.other_profit).solve()

    def renewal_enforcement(self):
        """Levin's relational contract (value ``e``, cost ``e²/2``) at this discount factor.

        Returns
        -------
        ContractSolution
            The quality effort renewal sustains.
        """
        return _levin(float(self.discount), float(self.outside_surplus))

    @property
    def effective_discount(self) -> Fraction:
        """``δψ/(1 - δ + δψ)``: the agency's discount factor when shading is caught w.p. ψ."""
        d, psi = _exact(self.discount), _exact(self.evaluation_accuracy)
        return d * psi / (1 - d + d * psi)

    # -- solving --------------------------------------------------------------------------------
    def solve(self, *, with_levin: bool = True) -> RelationalPurchasingSolution:
        """Stage equilibria, the partner path's sustainability, and the regime played.

        Parameters
        ----------
        with_levin : bool
            Also solve the (slower) Levin renewal contract.

        Returns
        -------
        RelationalPurchasingSolution
            The regime played and every block's solution.
        """
        from ..equilibrium.grim_trigger import critical_discount
        from ..equilibrium.solve import solve as solve_game

        proc = self.procurement()
        p = proc["price"]
        game = self.game(price=p)
        stage = solve_game(game, method="pure", exact=True)
        pure = [tuple(int(np.argmax([float(x) for x in s])) for s in eq.strategies)
                for eq in stage]
        buddy = (1, 0) in pure
        tendering = (1, 1) in pure
        grim = critical_discount(game, ("quality", "renew"))
        d_eff = self.effective_discount
        d = _exact(self.discount)
        t_agency, t_gov = grim.per_player
        partner = bool(t_agency < 1 and t_agency <= d_eff and t_gov < 1 and t_gov <= d)
        if partner:
            regime, play = "partner", ("quality", "renew")
        elif buddy:
            regime, play = "buddy", ("no trouble", "renew")
        else:
            regime, play = "open tendering", ("no trouble", "tender")
        a_idx = _AGENCY_ACTIONS.index(play[0])
        g_idx = _GOVERNMENT_ACTIONS.index(play[1])
        gov_pay = float(game.payoffs[1][a_idx, g_idx])
        rent = float(game.payoffs[0][a_idx, g_idx])
        cL = _exact(self.high_quality_cost) - _exact(self.cost_saving)
        Pi = p - cL
        tau = _exact(self.tender_trouble)
        loss = 0.0 if regime == "partner" else float(self.value_high) - float(self.value_low)
        ll = self.loss_leader()
        d_f = float(self.discount)
        lam_eq = d_f / (1 - d_f) * float(self.renewal_probability) * rent

        binding = []
        if regime == "partner":
            binding.append("incumbent's no-shading constraint (relational premium)")
            if float(self._values()[0] - p) == float(self._values()[1] - cL - tau):
                binding.append("government's preference for the partner over tendering")
        elif regime == "buddy":
            binding.append(f"the tender threat is not credible: trouble {_fmt(float(tau), 4)} > "
                           f"saving {_fmt(float(Pi), 4)}")
        else:
            binding.append(f"the government's perceived quality gap "
                           f"{_fmt(float(self._values()[0] - self._values()[1]), 4)} is below "
                           f"{_fmt(float(Pi - tau), 4)}")
        return RelationalPurchasingSolution(
            regime=regime, play=play, price=float(p), premium=float(proc["premium"]),
            premium_condition=float(Pi), quality_gap_needed=float(Pi - tau),
            partner_sustainable=partner, buddy_equilibrium=buddy,
            tendering_equilibrium=tendering, effective_discount=d_eff,
            partner_thresholds=(t_agency, t_gov), government_payoff=gov_pay, agency_rent=rent,
            public_quality_loss=loss, relational_preferred=bool(proc["relational_preferred"]),
            relationship_value_in_equilibrium=lam_eq, procurement=proc, stage_game=game,
            stage_equilibria=stage, grim=grim, invitation=self.invitation(), loss_leader=ll,
            renewal_enforcement=self.renewal_enforcement() if with_levin else None,
            binding=tuple(binding))

    def regime(self) -> str:
        """``"partner"``, ``"buddy"`` or ``"open tendering"`` (without the Levin block).

        Returns
        -------
        str
            The regime.
        """
        return self.solve(with_levin=False).regime

    def to_record(self) -> dict:
        """A flat record for sweeps (without the Levin block and the text report).

        Returns
        -------
        dict
            Column name -> number or label.
        """
        return {"model": "relational_purchasing", **self.solve(with_levin=False).to_record()}

    # -- explanation ----------------------------------------------------------------------------
    def comparative_statics(self) -> tuple:
        """Signs from the sympy closed forms of the premium, Π and the relationship value.

        Returns
        -------
        tuple of ComparativeStatic
            One entry per (outcome, parameter).
        """
        return _purchasing_explain.comparative_statics(self)

    def explain(self, *, comparative_statics: bool = True) -> Explanation:
        """Which equilibrium the purchasing relationship is in, and why.

        Parameters
        ----------
        comparative_statics : bool
            Include the comparative statics (slower).

        Returns
        -------
        Explanation
            A structured report whose ``str`` reads in words.
        """
        return _purchasing_explain.explain(self, comparative_statics)

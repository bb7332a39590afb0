"""Comparative statics and the report in words of
:class:`contracts.models.relational_purchasing.RelationalPurchasing`."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np

from ..results import format_number
from ._explain import Explanation, signed_static

_fmt = format_number


@lru_cache(maxsize=1)
def _derivatives():
    """Sympy closed forms of the premium, Π and the relationship value, differentiated."""
    import sympy as sp
    from ..agency.procurement import RelationalProcurement
    cf = RelationalProcurement.closed_form()
    dc, d, psi = sp.symbols("dc delta psi")
    rho, pi = sp.symbols("rho pi_other")
    prem = cf["premium"]
    Pi = cf["quality_gap_threshold"]
    lam = d / (1 - d) * rho * pi
    args = (dc, d, psi, rho, pi)
    f = lambda e, x: sp.lambdify(args, sp.diff(e, x), "math")  # noqa: E731
    return {("premium", "evaluation_accuracy"): f(prem, psi),
            ("premium", "discount"): f(prem, d),
            ("premium_condition", "discount"): f(Pi, d),
            ("premium_condition", "cost_saving"): f(Pi, dc),
            ("relationship_value", "discount"): f(lam, d)}


def comparative_statics(m) -> tuple:
    """Signs of model ``m``'s outcomes from the sympy closed forms (see ``RelationalPurchasing``)."""
    der = _derivatives()
    args = (float(m.cost_saving), float(m.discount), float(m.evaluation_accuracy),
            float(m.renewal_probability), float(m.other_profit))
    words = {"premium": "the incumbent's relational premium",
             "premium_condition": "the tender trouble that tips renewal into buddy purchasing "
                                  "(premium condition Π)",
             "relationship_value": "the value of keeping the relationship (loss leaders "
                                   "accepted up to it)"}
    out = []
    for (outcome, param), fn in der.items():
        d = float(fn(*args))
        out.append(signed_static(param, words[outcome], d, "sympy"))
    return tuple(out)


def explain(m, comparative_statics: bool) -> Explanation:
    """The report of model ``m`` (see ``RelationalPurchasing.explain``)."""
    s = m.solve()
    VQ, VNT = (float(v) for v in m._values())
    gap = VQ - VNT
    tau = float(m.tender_trouble)
    Pi = s.premium_condition
    if s.regime == "partner":
        head = (f"Partner purchasing: renewal is conditioned on quality. The incumbent is "
                f"renewed at {_fmt(s.price, 4)}, a relational premium of "
                f"{_fmt(s.premium, 4)} over cost, which makes shading unprofitable when the "
                f"evaluation catches it with probability {_fmt(m.evaluation_accuracy, 4)}"
                f"; the government (perceived quality gap {_fmt(gap, 4)} ≥ "
                f"{_fmt(Pi - tau, 4)}) prefers this to open tendering, and the threat to "
                f"tender is credible (trouble {_fmt(tau, 4)} ≤ saving {_fmt(Pi, 4)}).")
    elif s.regime == "buddy":
        head = (f"Buddy purchasing: the government renews the incumbent regardless of "
                f"quality — an open tender would cost it {_fmt(tau, 4)} in trouble, more "
                f"than the {_fmt(Pi, 4)} it would save — so the threat of non-renewal is "
                f"empty, the incumbent delivers 'no trouble' service and keeps a rent of "
                f"{_fmt(s.agency_rent, 4)} per period; quality worth "
                f"{_fmt(s.public_quality_loss, 4)} per period to the public is lost.")
    else:
        head = (f"Open tendering: the government's perceived quality gap {_fmt(gap, 4)} is "
                f"below {_fmt(Pi - tau, 4)}, so paying the relational premium "
                f"{_fmt(s.premium, 4)} is not worth it; it buys 'no trouble' service at the "
                f"spot price {_fmt(float(m.high_quality_cost) - float(m.cost_saving), 4)}"
                f"; quality worth {_fmt(s.public_quality_loss, 4)} per period is lost.")
    inv = s.invitation
    ll = s.loss_leader
    lev = s.renewal_enforcement
    equilibrium = (f"({', '.join(s.play)}) each period; stage equilibri"
                   + ("um " if len(s.stage_equilibria) == 1 else "a ")
                   + "; ".join("(" + ", ".join(
                       lab[int(np.argmax([float(x) for x in st]))]
                       for st, lab in zip(eq.strategies, s.stage_game.actions)) + ")"
                       for eq in s.stage_equilibria)
                   + f"; partner path (quality, renew) by grim trigger needs the agency's "
                   f"effective discount {_fmt(float(s.effective_discount), 4)} ≥ "
                   f"{_fmt(float(s.partner_thresholds[0]), 4)} and the government's "
                   f"threshold {_fmt(float(s.partner_thresholds[1]), 4)} ≤ δ")
    details = [
        f"premium condition Π = Δc(1 + (1 - δ)/(δψ)) = {_fmt(Pi, 4)}: buddy iff tender "
        f"trouble > Π; partner iff trouble ≤ Π ≤ perceived quality gap + trouble",
        f"invitation: {inv}",
        f"loss leader: {ll}; in this equilibrium the relationship's rent "
        f"{_fmt(s.agency_rent, 4)} per period is worth "
        f"{_fmt(s.relationship_value_in_equilibrium, 4)} at the same renewal probability",
        f"benchmark (committed renewal, no tender trouble): relational purchasing "
        f"{'beats' if s.relational_preferred else 'loses to'} spot tendering (government "
        f"{_fmt(float(s.procurement['gov_payoff_relational']), 4)} vs "
        f"{_fmt(float(s.procurement['gov_payoff_spot']), 4)})",
    ]
    if lev is not None:
        details.append(f"renewal as enforcement (Levin): {lev}")
    figures = {k: v for k, v in s.to_record().items() if k != "regime"}
    if lev is not None:
        figures["renewal_effort"] = float(lev["effort"])
    params = {f.name: getattr(m, f.name) for f in dataclasses.fields(m)}
    return Explanation(
        model="relational_purchasing",
        phenomenon="relational purchasing — renewal on relationships: buddies and partners",
        headline=head, regime=s.regime, equilibrium=equilibrium, binding=s.binding,
        figures=figures,
        comparative_statics=m.comparative_statics() if comparative_statics else (),
        details=tuple(details), parameters=params)

"""Comparative statics and the report in words of
:class:`contracts.models.nominal_contract.NominalContract`."""

from __future__ import annotations

import dataclasses
import math

from ..exceptions import InvalidParameterError
from ..results import format_number
from ._explain import ComparativeStatic, Explanation, difference_quotient
from ._explain import signed_static as _static
from ._nominal_blocks import _closed_forms

_fmt = format_number


def comparative_statics(m) -> tuple:
    """Signs of the key outcomes' responses of model ``m`` (see ``NominalContract``)."""
    cf = _closed_forms()
    a = float(m.evaluation_accuracy)
    d_ratio = cf["surplus_ratio"][1](a, float(m.measure_scale), float(m.risk_aversion),
                                     float(m.measurement_noise))
    out = [_static("evaluation_accuracy", "the share of the first best the indicators "
                   "capture (Baker cos²θ)", d_ratio, "sympy")]
    out.append(_fd_sign(_nominality, m, "evaluation_accuracy", "the nominality index b*/(b*+B*)"))
    if m.relational_discount_threshold() is not None:
        what = "the discount factor needed for any relational contract"
        if 0 < a < 1 and m.incentives()["spot_surplus"] >= m.fixed_cost:
            d_rel = cf["relational_discount_threshold"][1](a, float(m.effort_cost))
            out.append(_static("evaluation_accuracy", what + " (crowd-out)", d_rel,
                               "sympy"))
        else:
            out.append(_fd_sign(_rel_threshold, m, "evaluation_accuracy", what))
    out.append(_fd_sign(_nominality, m, "discount", "the nominality index b*/(b*+B*)"))
    out.append(_fd_sign(_stake, m, "near_detection", "the near tier's collusion stake"))
    out.append(_fd_sign(_collusion_cost, m, "near_detection", "the district's cost of collusion"))
    return tuple(out)


def explain(m, comparative_statics: bool) -> Explanation:
    """The report of model ``m`` (see ``NominalContract.explain``)."""
    s = m.solve()
    share = s.nominality_index
    share_txt = _fmt(share, 4) if share is not None else "-"
    pct = _fmt(100 * s.surplus_ratio, 4)
    if s.formal_contract == "nominal":
        why = " and ".join(s.nominal_reasons)
        head = (f"The formal contract is nominal ({why}: the indicators capture {pct}% of the "
                f"first-best surplus; nominality index b*/(b*+B*) = {share_txt}); ")
    elif s.formal_contract == "enforced":
        head = (f"The formal contract governs (the indicators capture {pct}% of the first "
                f"best; nominality index b*/(b*+B*) = {share_txt}); ")
    else:
        head = "No contract covers the fixed cost, so the parties do not trade; "
    dst = float(s.delta_star)
    rel_word = ("the relationship that governs" if s.formal_contract != "enforced"
                else "the informal relationship beside it")
    if s.district_relation == "partnership":
        head += (f"with the district bureau {rel_word} is a partnership (δ = "
                 f"{_fmt(m.discount, 4)} ≥ δ* = {_fmt(dst, 4)})")
    else:
        head += (f"with the district bureau {rel_word} is {s.district_relation} (δ = "
                 f"{_fmt(m.discount, 4)} < δ* = {_fmt(dst, 4)})")
    if s.subdistrict_relation == "absorption-and-alliance":
        head += (f", with the subdistrict office absorption-and-alliance (collusion stake "
                 f"{_fmt(s.collusion_stake, 4)}).")
    else:
        head += ", and the subdistrict office stays at arm's length (no collusion stake)."
    equilibrium = (f"district: ({', '.join(s.district_play)}) each period; formal "
                   f"indicators: piece rate β* = {_fmt(s.piece_rate, 4)}, explicit bonus b* = "
                   f"{_fmt(s.explicit_bonus, 4)}, implicit bonus B* = "
                   f"{_fmt(s.implicit_bonus, 4)} ({s.incentive_regime}); subdistrict: "
                   f"collusion-proof contract paying {_fmt(s.collusion_stake, 4)} for "
                   "reporting")
    rel = s.relational_discount_threshold
    details = (
        f"ceremonial evaluation (Baker): cos θ = {_fmt(s.cos_theta, 4)}, S*/S_FB = "
        f"{_fmt(s.surplus_ratio, 4)}",
        f"crowd-out (BGM-type): σ² = {_fmt(m.distortion_variance, 4)}, r = "
        f"{_fmt(m.interest_rate, 4)}, regime {s.incentive_regime}; "
        + (f"any relational contract needs δ > {_fmt(rel, 4)}" if rel is not None else
           "no discount factor makes an implicit bonus credible"),
        "district (trust game): stage equilibri"
        + ("um " if len(s.stage_equilibria) == 1 else "a ")
        + "; ".join(_profile_text(eq.strategies, s.grim.actions)
                    for eq in s.stage_equilibria)
        + f" (contracts.solve, vertex enumeration); grim trigger sustains (Coop, Trust) iff "
        f"δ ≥ {_fmt(dst, 4)}",
        f"subdistrict (Tirole): output without evidence "
        f"{_fmt(float(s.collusion['qH_no_report']), 4)} (vs "
        f"{_fmt(float(s.collusion['qH_no_report_without_collusion']), 4)} without collusion"
        f"), cost of collusion {_fmt(s.cost_of_collusion, 4)}",
        f"4C: ends congruence {_fmt(s.goal_congruence, 4)}, means congruence "
        f"{_fmt(s.means_congruence, 4)} ⇒ {s.four_c}; life-cycle stage {s.life_cycle_stage}",
    )
    figures = {k: v for k, v in s.to_record().items() if k != "regime"}
    params = {f.name: getattr(m, f.name) for f in dataclasses.fields(m)}
    return Explanation(
        model="nominal_contract",
        phenomenon="nominal contracts — the written contract versus the relationship that "
                   "governs",
        headline=head, regime=s.regime, equilibrium=equilibrium, binding=s.binding,
        figures=figures,
        comparative_statics=m.comparative_statics() if comparative_statics else (),
        details=details, parameters=params)


def _profile_text(strategies, actions) -> str:
    """``(Shirk, Control)`` for a pure profile, probabilities otherwise."""
    parts = []
    for st, acts in zip(strategies, actions):
        probs = [float(p) for p in st]
        if max(probs) == 1:
            parts.append(acts[probs.index(1.0)])
        else:
            parts.append("/".join(f"{_fmt(p, 3)} {a}" for p, a in zip(probs, acts) if p > 0))
    return "(" + ", ".join(parts) + ")"


def _fd_sign(func, model, parameter: str, outcome: str, rel_step: float = 1e-4
             ) -> ComparativeStatic:
    """Sign of d outcome / d parameter by finite differences, one-sided at a range boundary."""
    d, one_sided = difference_quotient(func, model, parameter, rel_step=rel_step,
                                       errors=InvalidParameterError)
    # a one-sided difference at a range boundary carries an O(h) error: treat it as zero
    zero = 1e-5 * (1 + abs(d)) if one_sided else 1e-9
    if math.isfinite(d) and abs(d) <= zero:
        d = 0.0
    return _static(parameter, outcome, d, "finite difference")


def _nominality(m) -> float:
    v = m.incentives()["nominality_index"]
    return float("nan") if v is None else float(v)


def _rel_threshold(m) -> float:
    t = m.relational_discount_threshold()
    return float("nan") if t is None else t


def _stake(m) -> float:
    return float(m.collusion()["supervisor_reward"]) if m.near_detection > 0 else 0.0


def _collusion_cost(m) -> float:
    return float(m.collusion()["cost_of_collusion"])

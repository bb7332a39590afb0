"""Stages 1–3 of the chain game: sharing the cut, relational purchasing, control and collusion.

Each function solves one stage given what the later stages are worth (backward induction) and
returns a frozen record whose fields the regime predicates and ``explain()`` read.

* :func:`share_cut` — asymmetric Nash bargaining between the district bureau and the agency over
  who bears a budget cut. Weights from patience (Rubinstein 1982; Binmore–Rubinstein–Wolinsky
  1986: ``α_D = r_A / (r_A + r_D)``, ``r = −ln δ``); disagreement points from resource
  dependence (Emerson 1962; Pfeffer–Salancik 1978): the bureau's loss is the cost of replacing
  the agency, which falls with the number of credible rival agencies; the agency's loss is the
  project's value to it (from stage 4) net of the share its alternative funding would replace.
* :func:`relational_purchasing` — the bureau's renewal rule (Klein–Leffler 1981; Levin 2003;
  MacLeod–Malcomson 1989): quality ``q`` is hidden; the evaluation detects shading with
  probability ``α``; detected shading ends the relationship. Quality ``q`` is self-enforcing iff
  ``c(q) ≤ α·δ/(1−δ)·ρ·(u + s(q) − s̄)``; the bureau then picks partner (renewal on evaluated
  quality), buddy (renewal on "no trouble", which the subdistrict office sees perfectly) or
  tender.
* :func:`inspection` — the district's control of procedures against the agency's compliance
  (an inspection game, solved by the library's verified support enumeration, or as a logit QRE
  at finite precision; McKelvey–Palfrey 1995).
* :func:`side_contract` — the subdistrict office and the agency (Tirole 1986): the office sees
  the agency's shortfalls with probability ``ξ`` (its nearness); the agency can buy its silence
  with help worth ``k`` per unit to the office at a side-contracting cost that falls with
  nearness; the bureau can pay the collusion-proof reward or tolerate the side deal.
"""

from __future__ import annotations

from .._tolerance import MODEL_TOL

import math
from dataclasses import dataclass

import numpy as np

from ..exceptions import ConvergenceError

__all__ = ["CutSharing", "share_cut", "Purchasing", "relational_purchasing",
           "highest_self_enforcing_quality", "Inspection", "inspection", "SideContract",
           "side_contract", "PARTNER", "BUDDY", "TENDER"]

PARTNER, BUDDY, TENDER = "partner", "buddy", "tender"
_TOL = MODEL_TOL


# --------------------------------------------------------------------------- stage 1
@dataclass(frozen=True)
class CutSharing:
    """Nash bargaining over a cut ``cut`` between the bureau (D) and the agency (A)."""

    cut: float
    weight_government: float      # α_D from patience
    government_breakdown_loss: float   # K_D: replacing the agency
    agency_breakdown_loss: float       # M_A: losing the project, net of alternative funding
    agreement: bool               # cut ≤ K_D + M_A
    government_absorbs: float     # x*
    agency_bears: float           # cut − x*

    @property
    def agency_share(self) -> float:
        """Share of the cut the agency bears (0 when there is no cut)."""
        return self.agency_bears / self.cut if self.cut > 0 else 0.0


def share_cut(cut, government_discount, agency_discount, replacement_cost, rival_agencies,
              alternative_funding, project_value) -> CutSharing:
    """Solve stage 1 (closed form on the linear frontier ``u_D + u_A = −cut``)."""
    r_d, r_a = -math.log(government_discount), -math.log(agency_discount)
    alpha = r_a / (r_a + r_d)
    k_d = replacement_cost / (1.0 + rival_agencies)
    m_a = (1.0 - alternative_funding) * max(project_value, 0.0)
    agree = cut <= k_d + m_a + _TOL
    # inside the bargaining set (agreement) the bureau absorbs x*; on breakdown nothing is
    # agreed and the incumbent's project ends (the bureau tenders)
    x = min(max(k_d - alpha * (k_d + m_a - cut), 0.0), cut) if agree else 0.0
    return CutSharing(cut, alpha, k_d, m_a, agree, x, cut - x)


# --------------------------------------------------------------------------- stage 2
def highest_self_enforcing_quality(accuracy, discount, renewal_probability, rent,
                                   quality_value, quality_cost, outside_surplus):
    """Largest ``q ∈ [0, V/κ]`` with ``κq²/2 ≤ m·(u + Vq − κq²/2 − s̄)``, ``m = α·δ/(1−δ)·ρ``.

    Returns ``None`` when no quality (not even 0) is self-enforcing. The feasible set grows
    with ``m``, so the result is weakly increasing in accuracy, discount and renewal
    probability.
    """
    m = accuracy * discount / (1 - discount) * renewal_probability
    v, kap, base = quality_value, quality_cost, rent - outside_surplus
    if -_TOL <= base < 0:
        base = 0.0            # within tolerance of 0 for every m (as for m = 0 below): monotone
    q_fb = v / kap
    a = kap * (1 + m) / 2
    disc = (m * v) ** 2 + 4 * a * m * base
    if disc < 0:
        return None
    q_hi = (m * v + math.sqrt(disc)) / (2 * a)
    q_lo = (m * v - math.sqrt(disc)) / (2 * a)
    if q_hi < -_TOL or q_lo > q_fb + _TOL:
        return None
    if base < -_TOL and m == 0:
        return None
    return min(max(q_hi, 0.0), q_fb)


@dataclass(frozen=True)
class Purchasing:
    """Stage 2: the bureau's renewal rule and the quality it obtains."""

    enforcement: float            # m = α·δ/(1−δ)·ρ
    first_best_quality: float
    max_quality: float | None     # highest self-enforcing quality (None: none)
    no_trouble_enforceable: bool  # t ≤ δ/(1−δ)·ρ·(u − s̄)
    values: dict                  # rule -> bureau's per-period payoff (−inf if unavailable)
    probabilities: dict           # rule -> probability (logit; degenerate at λ = ∞)
    rule: str                     # the (most likely) rule
    quality: float                # quality delivered under the rule
    relationship_value: float     # Λ = δ/(1−δ)·ρ·u

    @property
    def evaluation_weight(self) -> float:
        """How much renewal responds to the evaluation: α under partner with q > 0, else 0."""
        return 1.0 if self.rule == PARTNER and self.quality > _TOL else 0.0


def _softmax(values: dict, lam: float) -> dict:
    keys = list(values)
    v = np.array([values[k] for k in keys], dtype=float)
    avail = np.isfinite(v)
    if math.isinf(lam):
        best = np.max(v[avail])
        win = [k for k, x, ok in zip(keys, v, avail) if ok and x >= best - _TOL]
        return {k: (1.0 / len(win) if k in win else 0.0) for k in keys}
    z = np.where(avail, lam * (v - np.max(v[avail])), -np.inf)
    p = np.exp(z)
    p /= p.sum()
    return dict(zip(keys, map(float, p)))


def relational_purchasing(*, accuracy, discount, renewal_probability, rent, quality_value,
                          quality_cost, outside_surplus, evaluation_cost, no_trouble_value,
                          no_trouble_weight, no_trouble_cost, tender_cost,
                          logit_precision) -> Purchasing:
    """Solve stage 2: highest self-enforcing quality, then the bureau's best renewal rule."""
    k = discount / (1 - discount)
    m = accuracy * k * renewal_probability
    q_fb = quality_value / quality_cost
    q = highest_self_enforcing_quality(accuracy, discount, renewal_probability, rent,
                                       quality_value, quality_cost, outside_surplus)
    nt_ok = no_trouble_cost <= k * renewal_probability * (rent - outside_surplus) + _TOL
    vals = {PARTNER: -math.inf, BUDDY: -math.inf, TENDER: -tender_cost}
    if q is not None and q > _TOL:
        vals[PARTNER] = quality_value * q - quality_cost * q * q / 2 - evaluation_cost - rent
    if nt_ok:
        vals[BUDDY] = no_trouble_weight * no_trouble_value - no_trouble_cost - rent
    probs = _softmax(vals, logit_precision)
    order = (PARTNER, BUDDY, TENDER)          # ties: the rule listed first
    rule = max(order, key=lambda r: (round(probs[r], 12), -order.index(r)))
    quality = q if rule == PARTNER else 0.0
    lam_value = k * renewal_probability * rent
    return Purchasing(m, q_fb, q, nt_ok, vals, probs, rule, quality, lam_value)


# --------------------------------------------------------------------------- stage 3
@dataclass(frozen=True)
class Inspection:
    """Stage 3b: the district's control game. ``control`` and ``perfunctory`` are the equilibrium
    probabilities; payoffs are per period."""

    detection: float
    penalty: float
    compliance_cost: float
    control_cost: float
    perfunctory_loss: float
    control: float
    perfunctory: float
    payoffs: tuple
    regret: float
    method: str
    game: object


def inspection_game(detection, penalty, compliance_cost, control_cost, perfunctory_loss):
    """The 2×2 game: district {control, trust} × agency {comply, perfunctory}."""
    from ..games.normal_form import NormalFormGame
    h, L, g, a, P = control_cost, perfunctory_loss, compliance_cost, detection, penalty
    A = [[-h, -h - (1 - a) * L], [0.0, -L]]
    B = [[-g, -a * P], [-g, 0.0]]
    return NormalFormGame.from_bimatrix(A, B, players=("district bureau", "agency"),
                                        actions=(("control", "trust"),
                                                 ("comply", "perfunctory")))


def inspection(detection, penalty, compliance_cost, control_cost, perfunctory_loss,
               logit_precision) -> Inspection:
    """Solve the control game: verified Nash equilibrium (λ = ∞) or logit QRE (finite λ)."""
    game = inspection_game(detection, penalty, compliance_cost, control_cost, perfunctory_loss)
    if math.isinf(logit_precision):
        eqs = _equilibria_2x2(*game.bimatrix)
        if not eqs:                         # degenerate: the library's enumerator
            import warnings
            from ..equilibrium.solve import solve
            with warnings.catch_warnings():     # ties are resolved below (least control)
                warnings.simplefilter("ignore")
                eqs = [(float(e.strategies[0][0]), float(e.strategies[1][1]))
                       for e in solve(game, method="support_enumeration")]
        if not eqs:
            raise ConvergenceError("inspection: no equilibrium found in the control game")
        # generic games have one equilibrium; otherwise the one with least control
        x, y = min(eqs, key=lambda e: (round(e[0], 12), round(e[1], 12)))
        prof = (np.array([x, 1 - x]), np.array([1 - y, y]))
        reg = _regret(game, prof)
        if reg > 1e-9:
            raise ConvergenceError(f"inspection: equilibrium check failed (regret {reg:g})")
        pay = _payoffs(game, prof)
        meth = "Nash equilibrium"
    else:
        from ..bounded.qre import logit_branch
        pt = logit_branch(game, max_lambda=max(logit_precision, 1e-9)).at(logit_precision)
        x, y = float(pt.strategies[0][0]), float(pt.strategies[1][1])
        pay, reg = tuple(map(float, pt.payoffs)), float(pt.regret)
        meth = f"logit QRE at λ = {logit_precision:g}"
    return Inspection(detection, penalty, compliance_cost, control_cost, perfunctory_loss,
                      x, y, pay, reg, meth, game)


def _payoffs(game, prof):
    A, B = (np.asarray(m, dtype=float) for m in game.bimatrix)
    return (float(prof[0] @ A @ prof[1]), float(prof[0] @ B @ prof[1]))


def _regret(game, prof) -> float:
    A, B = (np.asarray(m, dtype=float) for m in game.bimatrix)
    u1, u2 = _payoffs(game, prof)
    return float(max(np.max(A @ prof[1]) - u1, np.max(prof[0] @ B) - u2))


def _equilibria_2x2(A, B):
    """All equilibria of a nondegenerate 2×2 game as (P(row 0), P(column 1)); [] if degenerate."""
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    out = []
    for i in range(2):
        for j in range(2):
            if A[i, j] >= A[1 - i, j] - _TOL and B[i, j] >= B[i, 1 - j] - _TOL:
                out.append((1.0 - i, float(j)))
    da = A[0, 0] - A[1, 0] - A[0, 1] + A[1, 1]
    db = B[0, 0] - B[0, 1] - B[1, 0] + B[1, 1]
    if abs(da) > _TOL and abs(db) > _TOL:
        q0 = (A[1, 1] - A[0, 1]) / da            # P(column 0) making the row indifferent
        p0 = (B[1, 1] - B[1, 0]) / db            # P(row 0) making the column indifferent
        if _TOL < q0 < 1 - _TOL and _TOL < p0 < 1 - _TOL:
            out.append((float(p0), float(1 - q0)))
    degenerate = any(abs(A[0, j] - A[1, j]) <= _TOL for j in range(2)) or any(
        abs(B[i, 0] - B[i, 1]) <= _TOL for i in range(2))
    if degenerate:              # keep the pure equilibria (a 2×2 game with ties has one)
        return [e for e in out if e[0] in (0.0, 1.0) and e[1] in (0.0, 1.0)]
    return out


@dataclass(frozen=True)
class SideContract:
    """Stage 3a: the subdistrict office's side contract with the agency."""

    nearness: float
    stake: float                # what the agency loses if the office reports (Λ)
    transfer_efficiency: float  # k
    cost: float                 # side-contracting cost τ = τ0·(1 − nearness)
    report_value: float         # what a report is worth to the bureau
    collusion_proof_reward: float   # max(0, k·stake − τ)
    deterred: bool              # the bureau pays the reward
    something_to_conceal: bool  # perfunctory compliance has positive probability
    occurs: bool                # the side deal happens on the path


def side_contract(nearness, stake, transfer_efficiency, base_cost, report_value,
                  something_to_conceal, *, deter_ties=False) -> SideContract:
    """Solve stage 3a (see the module docstring); ``deter_ties``: the bureau pays the reward
    when it costs exactly what a report is worth (Tirole's collusion-proofness convention)."""
    tau = base_cost * (1 - nearness)
    gain = transfer_efficiency * stake - tau
    reward = max(0.0, gain)
    deterred = gain > 0 and (reward < report_value - _TOL
                             or (deter_ties and reward <= report_value + _TOL))
    occurs = (nearness > 0 and gain > _TOL and not deterred and something_to_conceal)
    return SideContract(nearness, stake, transfer_efficiency, tau, report_value, reward,
                        deterred, something_to_conceal, occurs)

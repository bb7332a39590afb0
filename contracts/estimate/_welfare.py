"""Welfare accounting of a solved chain game, party by party (private to
:mod:`contracts.estimate.counterfactual`, whose module docstring documents every component).
"""

from __future__ import annotations

import numpy as np

#: the bureau's renewal rules (the values of ``eq.purchasing.rule``)
PARTNER, BUDDY, TENDER = "partner", "buddy", "tender"

PARTIES = ("district bureau", "subdistrict office", "agency", "workers", "public served")


def components(eq) -> dict:
    """party -> {component: money per period} for the solved chain ``eq``."""
    m, s, pur, ins, sc, p = (eq.model, eq.sharing, eq.purchasing, eq.inspection,
                             eq.side_contract, eq.workforce)
    breakdown = not s.agreement
    relational = pur.rule in (PARTNER, BUDDY) and not breakdown
    rule_value = pur.values[TENDER] if breakdown else pur.values[pur.rule]
    bureau = {"renewal rule": float(rule_value),
              "control of procedures": 0.0 if breakdown else float(ins.payoffs[0]),
              "cut absorbed": -float(s.government_absorbs),
              "reward for reports": -float(sc.collusion_proof_reward)
              if (sc.deterred and not breakdown) else 0.0}
    office = {"side deal": float(sc.transfer_efficiency * sc.stake - sc.cost)
              if (sc.occurs and not breakdown) else 0.0,
              "reward for reports": float(sc.collusion_proof_reward)
              if (sc.deterred and not breakdown) else 0.0}
    agency = {"project (cash and staff)": 0.0 if p.exit else float(p.payoff),
              "relationship rent": float(m.relationship_rent) if relational and not p.exit
              else 0.0,
              "control of procedures": 0.0 if breakdown else float(ins.payoffs[1]),
              "side deal": -float(sc.stake) if (sc.occurs and not breakdown) else 0.0}
    kept_rent = severance = offers = 0.0
    for w in eq.model.workers():
        if w.name in p.wages:                          # kept, at her wage floor
            kept_rent += p.wages[w.name] - w.reservation_wage
        elif w.name in p.dismissed:
            severance += m.severance
        elif w.outside_offer:
            # she left: she opposes the cut and transfers iff her offer, net of the effort,
            # beats her reservation wage (otherwise she separates, at her reservation wage)
            offer = w.reservation_wage + m.worker_power * (w.wage - w.reservation_wage)
            offers += max(0.0, offer - m.transfer_effort - w.reservation_wage)
    workers = {"wage rents of those kept": float(kept_rent), "severance": float(severance),
               "outside offers taken": float(offers)}
    kept = set(p.kept)
    staff = sum(m.productivity * c for nm, c in zip(m.worker_names, m.competence) if nm in kept)
    public = {"service quality": float(m.quality_value * pur.quality) if not breakdown else 0.0,
              "staff output": float(staff)}
    return {"district bureau": bureau, "subdistrict office": office, "agency": agency,
            "workers": workers, "public served": public}


def totals(comp: dict) -> dict:
    """party -> sum of its components."""
    return {party: float(sum(c.values())) for party, c in comp.items()}


def measured_surplus(value, measures, noise_variance=0.0, risk_aversion=0.0) -> tuple:
    """(S*, first-best surplus) of the best linear incentive on ``measures`` (rows g_k).

    Efforts ``e`` cost ``|e|^2/2`` and are worth ``f.e``; the measures are ``P = G e + eps``
    with noise covariance ``Sigma`` (a scalar is ``sigma^2 I``); the agent responds to weights
    ``beta`` with ``e = G' beta``. The best weights solve ``(G G' + r Sigma) beta = G f``, so
    ``S* = f' G' beta / 2``; with one measure ``g`` this is ``(f.g)^2 / (2(|g|^2 + r sigma^2))``
    and, noise-free, ``cos^2`` of the angle between ``f`` and ``g`` times ``|f|^2 / 2``.
    Redundant noise-free measures are handled by least squares.
    """
    f = np.asarray(value, dtype=float)
    G = np.atleast_2d(np.asarray(measures, dtype=float))
    k = G.shape[0]
    sigma = np.asarray(noise_variance, dtype=float)
    sigma = sigma * np.eye(k) if sigma.ndim == 0 else sigma
    A = G @ G.T + risk_aversion * sigma
    beta = np.linalg.lstsq(A, G @ f, rcond=None)[0]
    return float(f @ G.T @ beta / 2), float(f @ f / 2)

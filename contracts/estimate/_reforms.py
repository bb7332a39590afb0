"""Named reforms of the chain game (see :mod:`contracts.estimate.counterfactual`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .._result import Result, format_number
from ..exceptions import InvalidParameterError
from . import _welfare
from ._welfare import BUDDY, PARTNER

def _f(x: float) -> str:
    return format_number(x, 4)


def _check_chain(where: str, model: Any) -> None:
    from ..models.chain import Chain
    if not isinstance(model, Chain):
        raise InvalidParameterError(
            f"{where}: expected a Chain (or one of its presets), got {type(model).__name__}")


@dataclass(frozen=True, repr=False)
class Reform(Result):
    """A reform applied to one chain: the reformed chain and what moved outside the game.

    Attributes
    ----------
    name : str
        The reform's name (a key of :data:`REFORMS`).
    description : str
        What it does, in words, with the numbers of this chain.
    baseline, model : Chain
        The chain before and after.
    changes : mapping
        Parameter -> (before, after), for the parameters the reform changes.
    transfers : tuple
        ``(party, component, money per period)`` the reform moves outside the game.
    extra : mapping
        Reform-specific figures (e.g. the share of value the measures capture).

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> r = third_party_evaluation(Chain(), accuracy=0.8)
    >>> dict(r.changes)
    {'evaluation_accuracy': (0.25, 0.8)}
    """

    name: str
    description: str
    baseline: Any = field(repr=False)
    model: Any = field(repr=False)
    changes: Mapping = field(default_factory=dict)
    transfers: tuple = ()
    extra: Mapping = field(default_factory=dict)

    _frozen_mappings = ("changes", "extra")

    def __str__(self) -> str:
        lines = [f"Reform {self.name}: {self.description}"]
        lines += [f"  {k}: {_f(a)} -> {_f(b)}" for k, (a, b) in self.changes.items()]
        lines += [f"  {p} ({c}): {_f(v)} per period" for p, c, v in self.transfers]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Name, description, changes, transfers and extras (not the two chains)."""
        from .._result import jsonable
        return {"name": self.name, "description": self.description,
                "changes": {k: list(v) for k, v in self.changes.items()},
                "transfers": [list(t) for t in self.transfers], "extra": jsonable(self.extra),
                "type": type(self).__name__}


def _reform(name, description, model, changes, transfers=(), extra=None) -> Reform:
    new = model.replace(**changes) if changes else model
    diff = {k: (getattr(model, k), v) for k, v in changes.items() if getattr(model, k) != v}
    return Reform(name, description, model, new, diff, tuple(transfers), extra or {})


# ------------------------------------------------------------------------------ reforms
def third_party_evaluation(model, *, accuracy: float = 0.9,
                           evaluation_cost: float | None = None) -> Reform:
    """An independent (third-party) evaluator replaces the bureau's own ceremonial evaluation.

    Mapping: the probability that the evaluation detects shading of quality rises to
    ``accuracy`` (it never falls: ``α' = max(α, accuracy)``); if ``evaluation_cost`` is given,
    the bureau's per-period cost of an evaluation that carries weight becomes that (a
    third-party evaluator is usually dearer). Everything else — who sees the agency's day-to-day
    work, the control game's costs — is unchanged; the detection probability in the control
    game moves with ``α``.

    Parameters
    ----------
    model : Chain
        The baseline.
    accuracy : float, default 0.9
        The independent evaluator's detection probability, in [0, 1].
    evaluation_cost : float, optional
        Its cost per period (default: unchanged).

    Returns
    -------
    Reform
        The reformed chain.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> third_party_evaluation(Chain(), accuracy=0.9, evaluation_cost=0.5).model.evaluation_cost
    0.5
    """
    where = "third_party_evaluation"
    _check_chain(where, model)
    if not (isinstance(accuracy, (int, float)) and 0 <= accuracy <= 1):
        raise InvalidParameterError(f"{where}: accuracy must lie in [0, 1], got {accuracy!r}")
    changes = {"evaluation_accuracy": max(model.evaluation_accuracy, float(accuracy))}
    if evaluation_cost is not None:
        changes["evaluation_cost"] = evaluation_cost
    return _reform(where, f"an independent evaluator detects shading with probability "
                   f"{_f(changes['evaluation_accuracy'])}", model, changes)


def longer_contract_terms(model, *, term: float = 3.0) -> Reform:
    """Contracts run ``term`` periods instead of one, so the programme is reviewed less often.

    Mapping: with one-period contracts the programme is funded again with probability ``ρ``; if
    it comes up for renewal only once every ``term`` periods, the chance of losing it in a given
    period is spread over the term, ``ρ' = 1 − (1 − ρ)/term``. The bureau keeps the right to end
    the contract for cause when its evaluation detects shading, so the enforcement threat is not
    delayed; the relationship value ``Λ = δ/(1−δ)·ρ'·u`` and the highest self-enforcing quality
    rise.

    Parameters
    ----------
    model : Chain
        The baseline.
    term : float, default 3
        Contract length in periods (at least 1).

    Returns
    -------
    Reform
        The reformed chain.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> round(longer_contract_terms(Chain(), term=5).model.renewal_probability, 12)
    0.95
    """
    where = "longer_contract_terms"
    _check_chain(where, model)
    if not (isinstance(term, (int, float)) and math.isfinite(term) and term >= 1):
        raise InvalidParameterError(f"{where}: term must be a number >= 1, got {term!r}")
    rho = 1 - (1 - model.renewal_probability) / term
    return _reform(where, f"contracts run {_f(term)} periods; the programme continues each "
                   f"period with probability {_f(rho)}", model, {"renewal_probability": rho})


def _least_rent(model) -> float | None:
    """Least rent ``u`` that keeps what the bureau buys now self-enforcing (None: nothing)."""
    pur = model.purchasing()
    k = model.discount / (1 - model.discount)
    rho, sbar = model.renewal_probability, model.outside_surplus
    if pur.rule == PARTNER and pur.quality > 0:
        q = pur.quality
        cost = model.quality_cost * q * q / 2
        s = model.quality_value * q - cost
        return max(0.0, cost / (model.evaluation_accuracy * k * rho) - (s - sbar))
    if pur.rule == BUDDY:
        return max(0.0, model.no_trouble_cost / (k * rho) + sbar)
    return None


def competitive_tendering(model, *, rivals: float | None = None) -> Reform:
    """Open competition for the contract: more credible rivals bid the incumbent's rent down.

    Mapping: the number of credible rival agencies becomes ``rivals`` (default: three more),
    which lowers what replacing the incumbent costs the bureau in the bargaining over a cut; and
    the incumbent's per-period rent ``u`` falls to the least rent that keeps what the bureau now
    buys self-enforcing (never above the current rent). Under partner purchasing at quality
    ``q`` that is ``u = c(q)/(α·δ/(1−δ)·ρ) − (s(q) − s̄)`` — the relational premium of Klein and
    Leffler (1981), net of the joint surplus the relationship already puts at stake; under buddy
    purchasing ``u = t/(δ/(1−δ)·ρ) + s̄``. Under a tender there is no rent to compete away.

    Parameters
    ----------
    model : Chain
        The baseline.
    rivals : float, optional
        Credible rival agencies after the reform (default: the current number + 3).

    Returns
    -------
    Reform
        The reformed chain; ``extra["least_rent"]`` is the premium.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> r = competitive_tendering(Chain())
    >>> round(r.extra["least_rent"], 4), r.model.rival_agencies
    (0.0667, 6.0)
    """
    where = "competitive_tendering"
    _check_chain(where, model)
    new_rivals = model.rival_agencies + 3 if rivals is None else rivals
    if not (isinstance(new_rivals, (int, float)) and new_rivals >= 0):
        raise InvalidParameterError(f"{where}: rivals must be a number >= 0, got {rivals!r}")
    changes = {"rival_agencies": float(new_rivals)}
    u = _least_rent(model)
    if u is not None:
        changes["relationship_rent"] = min(model.relationship_rent, u)
    text = (f"{_f(new_rivals)} credible rivals"
            + (f"; the incumbent's rent is bid down to {_f(changes['relationship_rent'])}, the "
               "least that keeps the service self-enforcing" if u is not None else
               "; the project is already tendered, so there is no rent to compete away"))
    return _reform(where, text, model, changes, extra={"least_rent": u})


def plural_performance_measures(model, *, value=(1.0, 0.2), current=((0.5, 1.0),),
                                measures=((0.5, 1.0), (1.0, 0.0)), noise_variance=0.0,
                                risk_aversion=0.0) -> Reform:
    """The evaluation adds performance measures that capture more of the service's value.

    The agency's work has several dimensions, worth ``value`` (``f``) to the public; each
    performance measure is a row ``g`` of loadings on them (the default: the current indicator
    loads mostly on paperwork and "no trouble", the second dimension; the reform adds a measure
    of outcomes for clients). The share of the service's value an evaluation on measures ``G``
    can reward is Baker's ``S*(G)/S_FB``: ``S*(G) = f'G'(GG' + rΣ)⁻¹Gf / 2`` and ``S_FB = |f|²/2``
    (with one noise-free measure, ``cos²θ`` of the angle between value and measure).

    Mapping: the evaluation detects shading of quality in proportion to the share of value it
    captures, ``α' = min(1, α · share(G)/share(current))``.

    Parameters
    ----------
    model : Chain
        The baseline.
    value : sequence of float, default (1, 0.2)
        Worth of each dimension of the work.
    current, measures : sequence of sequences
        The measures before and after (rows of loadings). Default: one paperwork-heavy
        measure ``(0.5, 1)``; after the reform, a measure of client outcomes ``(1, 0)`` too.
    noise_variance : float or matrix, default 0
        Noise of the measures (a scalar for independent noise of that variance each, or a
        covariance matrix); the same form before and after.
    risk_aversion : float, default 0
        The agency's risk aversion (noise costs a risk premium).

    Returns
    -------
    Reform
        The reformed chain; ``extra`` holds each measure set's ``S*``, the first-best surplus
        and the captured shares.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> r = plural_performance_measures(Chain())
    >>> round(r.extra["share_before"], 4), round(r.extra["share_after"], 4)
    (0.3769, 1.0)
    """
    import numpy as np
    where = "plural_performance_measures"
    _check_chain(where, model)
    try:
        f = np.asarray(value, dtype=float)
        g0 = np.atleast_2d(np.asarray(current, dtype=float))
        g1 = np.atleast_2d(np.asarray(measures, dtype=float))
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{where}: value, current and measures must be numeric "
                                    "arrays") from None
    if f.ndim != 1 or g0.shape[1] != f.size or g1.shape[1] != f.size or not (
            np.all(np.isfinite(f)) and np.all(np.isfinite(g0)) and np.all(np.isfinite(g1))):
        raise InvalidParameterError(
            f"{where}: every measure must load on the {f.size} dimensions of value; got "
            f"current {g0.shape}, measures {g1.shape}")
    if not (isinstance(risk_aversion, (int, float)) and risk_aversion >= 0):
        raise InvalidParameterError(f"{where}: risk_aversion must be >= 0, got {risk_aversion!r}")
    nv = np.asarray(noise_variance, dtype=float)
    if nv.ndim == 0 and nv < 0:
        raise InvalidParameterError(f"{where}: noise_variance must be >= 0, got {noise_variance}")
    if f @ f <= 0:
        raise InvalidParameterError(f"{where}: value must not be zero (nothing of value)")

    def _sigma(k):
        return nv if nv.ndim == 0 else nv[:k, :k]
    s0, sfb = _welfare.measured_surplus(f, g0, _sigma(g0.shape[0]), risk_aversion)
    s1, _ = _welfare.measured_surplus(f, g1, nv, risk_aversion)
    if s0 <= 0:
        raise InvalidParameterError(
            f"{where}: the current measures capture none of the service's value (S* = 0), so "
            "the evaluation could not detect shading; expected measures correlated with value")
    acc = min(1.0, model.evaluation_accuracy * s1 / s0)
    extra = {"surplus_before": s0, "surplus_after": s1, "first_best_surplus": sfb,
             "share_before": s0 / sfb, "share_after": s1 / sfb}
    return _reform(where, f"{g1.shape[0]} performance measures capturing "
                   f"{_f(100 * s1 / sfb)}% of the service's value (before: {_f(100 * s0 / sfb)}%)",
                   model, {"evaluation_accuracy": acc}, extra=extra)


def budget_floor(model, *, floor: float | None = None) -> Reform:
    """A budget floor that protects workers: the agency's budget may not fall below ``floor``.

    Structural switch: the part of the cut that would take the agency's budget below the floor
    cannot be passed down; the cut bargained over becomes ``min(c, max(0, p − floor))`` and the
    bureau absorbs the rest, ``c − cut'``, outside the bargaining (a transfer it bears each
    period, shown as its own line of the bureau's welfare). The default floor is the overhead
    plus the contract wages of every worker, so the agency can keep all its staff.

    Parameters
    ----------
    model : Chain
        The baseline.
    floor : float, optional
        The floor (default ``overhead + Σ wages``).

    Returns
    -------
    Reform
        The reformed chain and the protected part of the cut.

    Examples
    --------
    >>> from contracts.models.views import PassiveDismissal
    >>> r = budget_floor(PassiveDismissal())
    >>> r.model.budget_cut, r.transfers
    (0.0, (('district bureau', 'cut absorbed under the floor', -20.0),))
    """
    where = "budget_floor"
    _check_chain(where, model)
    fl = model.overhead + sum(model.wages) if floor is None else floor
    if isinstance(fl, bool) or not isinstance(fl, (int, float)) or not math.isfinite(fl) \
            or fl < 0:
        raise InvalidParameterError(f"{where}: floor must be a finite number >= 0, got {floor!r}")
    cut = min(model.budget_cut, max(0.0, model.budget - fl))
    protected = model.budget_cut - cut
    transfers = (("district bureau", "cut absorbed under the floor", -float(protected)),) \
        if protected > 0 else ()
    return _reform(where, f"the agency's budget may not fall below {_f(fl)}; the bureau absorbs "
                   f"{_f(protected)} of the cut", model, {"budget_cut": float(cut)}, transfers,
                   extra={"floor": float(fl), "protected": float(protected)})


#: name -> reform function
REFORMS: dict[str, Callable] = {
    "third_party_evaluation": third_party_evaluation,
    "longer_contract_terms": longer_contract_terms,
    "competitive_tendering": competitive_tendering,
    "plural_performance_measures": plural_performance_measures,
    "budget_floor": budget_floor,
}

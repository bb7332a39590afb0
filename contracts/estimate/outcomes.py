"""What can be observed, and the probability the model gives each observation.

An *outcome* is one column of the case data (see :mod:`contracts.estimate.data`) with a finite
set of categories. For a model with given parameters, :func:`outcome_probabilities` returns, for
each outcome, the probability of each category. Every probability is read off the solved
model — nothing is tabulated — so the likelihood built on them is exact for the model.

Outcomes of the chain game (:class:`contracts.models.chain.Chain` and its presets):

``rule``
    The district bureau's renewal rule, ``"partner"``, ``"buddy"`` or ``"tender"``: the
    bureau's logit choice at precision ``logit_precision`` over the rules' per-period values
    (``Chain.purchasing().probabilities``; an unavailable rule has probability 0).
``control``
    Whether the bureau controlled procedures (True/False): the bureau's probability of control
    in the equilibrium of the control game (a logit QRE at finite precision;
    ``Chain.solve().inspection.control``).
``perfunctory``
    Whether the agency's compliance was perfunctory (True/False): the agency's probability of
    perfunctory compliance in the same equilibrium (``inspection.perfunctory``).
``renewed``
    Whether the programme was funded again for the next period (True/False): probability
    ``renewal_probability``.
``dismissals``
    The number of workers dismissed this period (0, 1, …, N). The agency chooses its kept set
    ``K`` by logit at precision ``logit_precision`` among the kept sets it can afford (at the
    budget it holds on the equilibrium path, after sharing the cut) and exit, with payoffs
    ``U(K) = budget − overhead − Σ_K floor_i + Σ_K v_i − Σ_{∉K} sep_i`` and 0 for exit (the
    agency's stage-4 program, see :mod:`contracts.models.chain`); a set's dismissals are the
    workers outside it whose cheapest separation is a dismissal (everyone on exit). At
    ``logit_precision = inf`` this is the model's own plan. If talks break down, the
    programme ends and all N are dismissed with probability 1.

Decisions. When the solved chain game lists its players' discrete choices
(``ChainEquilibrium.choice_probabilities()``: decision -> {option: probability}), every
decision is also an outcome, its column named as the decision (for example
``"agency keeps w1"`` or ``"w1 reply"``) and its categories the options; its probabilities are
the model's own. Some decisions are the named outcomes under another name (``"renewal rule"``
is ``rule``, ``"bureau control"`` is ``control``): record each observation in one column only,
or it counts twice. The decisions known to a model are those of its solved game at its own
parameters; where a decision is not reached at other parameters, an observed choice in it has
probability 0. When the model has its own logit choice of the agency's plan and reports only
per-worker keep probabilities, the number of dismissals has no probability at finite precision
that can be read off the solved game: ``dismissals`` then raises
:class:`~contracts.exceptions.UnsupportedGameError` (use the per-worker decisions) except at
``logit_precision = inf``, where it is the equilibrium plan's count.

Outcomes of a normal-form game wrapped in :class:`GameChoices`: one column per player (named by
the player's label), whose categories are her action labels, with the logit QRE probabilities
at precision ``logit_precision`` (:func:`contracts.bounded.logit_qre`).

Observations of one case-period are independent draws given the parameters (the players'
logit draws are independent in a quantal response equilibrium).

Examples
--------
>>> from contracts.models.chain import Chain
>>> p = outcome_probabilities(Chain(logit_precision=2.0), ["rule", "renewed"])
>>> sorted(p["rule"]), round(p["renewed"][True], 2)
(['buddy', 'partner', 'tender'], 0.75)
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from ..exceptions import InvalidParameterError, UnsupportedGameError

__all__ = ["GameChoices", "CHAIN_OUTCOMES", "available_outcomes", "outcome_categories",
           "outcome_probabilities"]

#: outcome name -> one-line meaning (for the chain game)
CHAIN_OUTCOMES: dict[str, str] = {
    "rule": "the bureau's renewal rule: partner, buddy or tender",
    "control": "the bureau controlled procedures this period (True/False)",
    "perfunctory": "the agency's compliance was perfunctory (True/False)",
    "renewed": "the programme was funded again for the next period (True/False)",
    "dismissals": "number of workers dismissed this period (0..N)",
}

_MAX_WORKERS = 12        # the agency's logit over kept sets enumerates them


@dataclass(frozen=True)
class GameChoices:
    """A normal-form game whose players choose by logit (the model for choice data).

    Parameters
    ----------
    game : NormalFormGame
        The game. Each player is an outcome column named by her label; its categories are
        her action labels.
    logit_precision : float, default 1.0
        Precision ``λ ≥ 0`` of the players' logit choices (their logit QRE on the principal
        branch).

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> m = GameChoices(g, logit_precision=0.0)
    >>> outcome_probabilities(m, [g.players[0]])[g.players[0]]
    {'a1': 0.5, 'a2': 0.5}
    """

    game: Any
    logit_precision: float = 1.0

    def __post_init__(self):
        from ..games.normal_form import NormalFormGame
        if not isinstance(self.game, NormalFormGame):
            raise InvalidParameterError(
                f"GameChoices: expected a NormalFormGame, got {type(self.game).__name__}")
        lam = self.logit_precision
        if isinstance(lam, bool) or not isinstance(lam, (int, float, np.floating, np.integer)) \
                or not math.isfinite(float(lam)) or lam < 0:
            raise InvalidParameterError(
                f"GameChoices: logit_precision must be a finite number >= 0, got {lam!r}")
        object.__setattr__(self, "logit_precision", float(lam))

    def replace(self, **changes) -> "GameChoices":
        """A copy with ``logit_precision`` (or the game) changed.

        Parameters
        ----------
        **changes
            New field values.

        Returns
        -------
        GameChoices
            The changed copy (validated again).

        Examples
        --------
        >>> import contracts as ct
        >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
        >>> GameChoices(g).replace(logit_precision=3.0).logit_precision
        3.0
        """
        return dataclasses.replace(self, **changes)


def _is_chain(model) -> bool:
    from ..models.chain import Chain
    return isinstance(model, Chain)


def _decisions(model) -> dict:
    """The model's own discrete decisions at its parameters (``{}`` if it lists none)."""
    key = None
    try:
        key = hash(model)
    except TypeError:
        pass
    if key is not None and _DECISIONS.get("model") == model:
        return _DECISIONS["value"]
    eq = model.solve()
    table = _choices(eq)
    if key is not None:
        _DECISIONS.update(model=model, value=table)
    return table


_DECISIONS: dict = {}       # the last model's decisions (load_cases, then estimate, ask twice)


def _choices(eq) -> dict:
    get = getattr(eq, "choice_probabilities", None)
    if get is None:
        return {}
    return {str(k): dict(v) for k, v in get().items()}


def _own_plan_logit(eq) -> bool:
    return hasattr(eq.workforce, "keep_probabilities")


def simulable_outcomes(model) -> tuple:
    """The outcomes whose probabilities the model gives at its parameters (for simulation)."""
    out = available_outcomes(model)
    if _is_chain(model) and not math.isinf(model.logit_precision) \
            and _own_plan_logit(model.solve()):
        out = tuple(o for o in out if o != "dismissals")
    return out


def available_outcomes(model) -> tuple:
    """The outcome columns a model can explain.

    Parameters
    ----------
    model : Chain or GameChoices
        The model.

    Returns
    -------
    tuple of str
        Outcome names (columns of the case data): the named outcomes, then the decisions the
        solved game lists, if any (see the module docstring).

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> available_outcomes(Chain())[:5]
    ('rule', 'control', 'perfunctory', 'renewed', 'dismissals')
    """
    if _is_chain(model):
        named = tuple(CHAIN_OUTCOMES)
        return named + tuple(d for d in _decisions(model) if d not in named)
    if isinstance(model, GameChoices):
        return tuple(model.game.players)
    raise UnsupportedGameError(
        f"available_outcomes: expected a Chain model (or a preset) or GameChoices, got "
        f"{type(model).__name__}")


def outcome_categories(model, name: str) -> tuple:
    """The categories of outcome ``name`` under ``model``.

    Parameters
    ----------
    model : Chain or GameChoices
        The model.
    name : str
        An outcome from :func:`available_outcomes`.

    Returns
    -------
    tuple
        Categories, in a fixed order.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> outcome_categories(Chain(), "dismissals")
    (0, 1, 2, 3, 4)
    """
    if name not in available_outcomes(model):
        raise InvalidParameterError(
            f"outcome_categories: unknown outcome {name!r}; expected one of "
            f"{available_outcomes(model)}")
    if isinstance(model, GameChoices):
        i = model.game.players.index(name)
        return tuple(model.game.actions[i])
    if name not in CHAIN_OUTCOMES:
        return tuple(_decisions(model)[name])
    if name == "rule":
        return ("partner", "buddy", "tender")
    if name == "dismissals":
        return tuple(range(len(model.worker_names) + 1))
    return (False, True)


def _bernoulli(p: float) -> dict:
    p = min(max(float(p), 0.0), 1.0)
    return {False: 1.0 - p, True: p}


def _kept_set_choice(model, eq) -> dict:
    """P(number of dismissals) under the agency's logit choice of its kept set."""
    plan = eq.workforce
    n = len(model.worker_names)
    if _own_plan_logit(eq) and not math.isinf(model.logit_precision):
        raise UnsupportedGameError(
            "outcome_probabilities: this model chooses the agency's plan by its own logit and "
            "reports per-worker keep probabilities only, so the number of dismissals has no "
            "probability at finite logit_precision; observe the 'agency keeps <worker>' "
            "decisions instead")
    if plan.exit and not eq.sharing.agreement:
        return {k: float(k == n) for k in range(n + 1)}
    if n > _MAX_WORKERS:
        raise UnsupportedGameError(
            f"outcome_probabilities: the 'dismissals' outcome enumerates kept sets and supports "
            f"at most {_MAX_WORKERS} workers; the model has {n}")
    workers = model.workers()
    budget, tol = plan.budget, plan.loss_tolerance
    base = budget - model.overhead
    pays, counts = [0.0], [n]                       # exit: payoff 0, everyone dismissed
    for r in range(model.required_staff, n + 1):
        for idx in itertools.combinations(range(n), r):
            kept = set(idx)
            cash = base - sum(w.floor if i in kept else w.separation_cost
                              for i, w in enumerate(workers))
            if cash < -tol - 1e-9:
                continue
            pays.append(cash + sum(workers[i].value for i in kept))
            counts.append(sum(1 for i, w in enumerate(workers)
                              if i not in kept and w.separation_mode == "dismissed"))
    pays = np.array(pays)
    lam = float(model.logit_precision)
    out = dict.fromkeys(range(n + 1), 0.0)
    if math.isinf(lam):            # the model's own plan
        out[len(plan.dismissed)] = 1.0
        return out
    w = np.exp(lam * (pays - pays.max()))
    w /= w.sum()
    for c, p in zip(counts, w):
        out[c] += float(p)
    return out


class _Lazy:
    """The pieces of a solved model, computed only when an outcome asks for them."""

    def __init__(self, model):
        self.model = model
        self._pur = self._eq = None
        self.choices = None

    @property
    def purchasing(self):
        if self._eq is not None:
            return self._eq.purchasing
        if self._pur is None:
            self._pur = self.model.purchasing()
        return self._pur

    @property
    def equilibrium(self):
        if self._eq is None:
            self._eq = self.model.solve()
        return self._eq


def outcome_probabilities(model, outcomes: Sequence[str]) -> dict:
    """The probability of each category of each outcome under ``model`` (see the module text).

    Parameters
    ----------
    model : Chain or GameChoices
        The model, at the parameters of one case-period.
    outcomes : sequence of str
        Outcome names from :func:`available_outcomes`.

    Returns
    -------
    dict
        ``{outcome: {category: probability}}``; each inner mapping sums to 1 (a decision
        not reached at these parameters maps to ``{}``: every option has probability 0).

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> p = outcome_probabilities(Chain(logit_precision=1.0), ["rule"])["rule"]
    >>> round(sum(p.values()), 12)
    1.0
    """
    if isinstance(model, GameChoices) or not _is_chain(model):
        known = available_outcomes(model)
        for o in outcomes:
            if o not in known:
                raise InvalidParameterError(
                    f"outcome_probabilities: unknown outcome {o!r}; expected one of {known}")
    if isinstance(model, GameChoices):
        from ..bounded.qre import logit_qre
        pt = logit_qre(model.game, model.logit_precision)
        out = {}
        for o in outcomes:
            i = model.game.players.index(o)
            out[o] = {a: float(p) for a, p in zip(model.game.actions[i], pt.strategies[i])}
        return out
    lazy = _Lazy(model)
    out: dict[str, Mapping] = {}
    for o in outcomes:
        if o == "rule":
            probs = lazy.purchasing.probabilities
            out[o] = {r: float(probs.get(r, 0.0)) for r in ("partner", "buddy", "tender")}
        elif o == "control":
            out[o] = _bernoulli(lazy.equilibrium.inspection.control)
        elif o == "perfunctory":
            out[o] = _bernoulli(lazy.equilibrium.inspection.perfunctory)
        elif o == "renewed":
            out[o] = _bernoulli(model.renewal_probability)
        elif o == "dismissals":
            out[o] = _kept_set_choice(model, lazy.equilibrium)
        else:                            # one of the solved game's own decisions
            if lazy.choices is None:
                lazy.choices = _choices(lazy.equilibrium)
            if o in lazy.choices:
                out[o] = {c: float(p) for c, p in lazy.choices[o].items()}
            elif o in available_outcomes(model):
                out[o] = {}                  # not reached at these parameters: probability 0
            else:
                raise InvalidParameterError(
                    f"outcome_probabilities: unknown outcome {o!r}; expected one of "
                    f"{available_outcomes(model)}")
    return out

"""Counterfactuals: named reforms of the chain game and each party's welfare before and after.

A *reform* is a documented function of a :class:`~contracts.models.chain.Chain` that returns a
:class:`Reform`: the reformed chain (parameter changes, each explained) and, where the reform
moves money outside the game, the transfer and who bears it. :func:`counterfactual` solves the
baseline and the reformed chain — one game each — and sets each party's welfare side by side.

Reforms
-------
* :func:`third_party_evaluation` — an independent evaluator: evaluation accuracy rises.
* :func:`longer_contract_terms` — the programme comes up for renewal less often.
* :func:`competitive_tendering` — more credible rivals, and the incumbent's rent bid down to the
  least rent that keeps what the bureau buys self-enforcing (the relational premium).
* :func:`plural_performance_measures` — the evaluation adds measures, so it captures more of the
  service's value; accuracy rises in proportion.
* :func:`budget_floor` — the agency's budget may not fall below a floor that pays the staff;
  the bureau absorbs the part of the cut the floor protects.

Welfare accounting (money per period, read off the solved game)
----------------------------------------------------------------
* **district bureau** — its payoff from the renewal rule it chooses (partner:
  ``V q − κq²/2 − E − u``, buddy: ``ω N − t − u``, tender: ``−T``), its expected payoff in the
  control game, minus the share of the cut it absorbs and any reward it pays the subdistrict
  office for reports;
* **subdistrict office** — its gain from a side deal on the path (``k·stake − τ``: it takes the
  agency's whole stake as help) or the reward for reports;
* **agency** — its stage-4 payoff (cash plus the value of the staff it keeps; 0 if it exits),
  the relationship rent ``u`` under a relational rule, its expected payoff in the control game,
  minus the stake it hands over in a side deal;
* **workers** — their rents over their reservation wages: wage floors above ``ū`` for those
  kept, severance for those dismissed, the outside offer (net of the effort of opposing) for
  those who transfer;
* **public served** — the service it receives: quality ``V q`` and the staff's output
  ``productivity · Σ_kept θ_i``. The bureau and the agency value the same service on the
  public's behalf, so the five figures are set side by side and not added up.

The figures are flows per period. What the relationship is worth over time (``Λ``, which a
reform such as longer terms raises) is a stock; the result shows it beside the regimes.

In the special cases where the chain reduces to a building block these numbers are its closed
forms: with renewal certain (``ρ = 1``), a perfect evaluation and no evaluation cost, the
bureau's and the agency's purchasing terms add up to Levin's joint surplus ``s(q*)`` (for the
outside option ``s̄ − u``: the rent is at stake too); with renewal certain and no joint surplus
beyond the outside option, the rent competitive tendering leaves is the Klein–Leffler premium
``Δc (1 − δ)/(δ ψ)`` (``Δc = c(q)``, ``ψ = α``); the surplus a measure set can reach is Baker's
``S*``.

Examples
--------
>>> from contracts.models.views import PassiveDismissal
>>> cf = counterfactual(PassiveDismissal(), "budget_floor")
>>> cf.baseline.workforce.dismissed, cf.reformed.workforce.dismissed
(('d', 'f', 'h'), ('f',))
>>> cf.change("workers") > 0
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .._result import Result, format_number
from ..exceptions import InvalidParameterError
from . import _welfare
from ._reforms import (REFORMS, Reform, _check_chain, budget_floor, competitive_tendering,
                       longer_contract_terms, plural_performance_measures,
                       third_party_evaluation)

__all__ = ["Reform", "Counterfactual", "counterfactual", "third_party_evaluation",
           "longer_contract_terms", "competitive_tendering", "plural_performance_measures",
           "budget_floor", "REFORMS"]


# the public home of the reforms defined in the private module (documentation, pickling)
for _obj in (Reform, third_party_evaluation, longer_contract_terms, competitive_tendering,
             plural_performance_measures, budget_floor):
    _obj.__module__ = __name__


def _f(x: float) -> str:
    return format_number(x, 4)


# ------------------------------------------------------------------------------ the result
@dataclass(frozen=True, repr=False)
class Counterfactual(Result):
    """A reform's effect: the baseline and reformed equilibria and each party's welfare.

    Attributes
    ----------
    reform : str
        The reform's name.
    description : str
        What it does, in words.
    changes : mapping
        Parameter -> (before, after).
    baseline, reformed : ChainEquilibrium
        The two solved games.
    welfare : mapping
        Party -> (baseline, reformed), money per period (see the module docstring).
    components : tuple of tuple
        ``(party, component, baseline, reformed)`` for every line of the accounting.
    extra : mapping
        The reform's own figures (e.g. the premium, the captured share of value).

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> cf = counterfactual(Chain(), "longer_contract_terms", term=4)
    >>> cf
    Counterfactual(reform='longer_contract_terms')
    >>> cf.reformed.relationship_value > cf.baseline.relationship_value
    True
    """

    reform: str
    description: str
    changes: Mapping
    baseline: Any = field(repr=False)
    reformed: Any = field(repr=False)
    welfare: Mapping = field(repr=False, default_factory=dict)
    components: tuple = field(repr=False, default=())
    extra: Mapping = field(repr=False, default_factory=dict)

    _frozen_mappings = ("changes", "welfare", "extra")

    def change(self, party: str) -> float:
        """Reformed minus baseline welfare of ``party``.

        Parameters
        ----------
        party : str
            One of ``"district bureau"``, ``"subdistrict office"``, ``"agency"``,
            ``"workers"``, ``"public served"``.

        Returns
        -------
        float
            Money per period.

        Examples
        --------
        >>> from contracts.models.chain import Chain
        >>> cf = counterfactual(Chain(), "budget_floor")
        >>> cf.change("district bureau")
        -7.0
        """
        if party not in self.welfare:
            raise InvalidParameterError(
                f"Counterfactual.change: party must be one of {', '.join(self.welfare)}, got "
                f"{party!r}")
        before, after = self.welfare[party]
        return float(after - before)

    def _rows(self) -> list[dict]:
        return [{"party": p, "baseline": b, "reformed": a, "change": a - b}
                for p, (b, a) in self.welfare.items()]

    def to_dataframe(self, *, by: str = "party"):
        """Welfare side by side as a :class:`pandas.DataFrame` (needs pandas).

        Parameters
        ----------
        by : {"party", "component"}, default "party"
            One row per party, or one row per line of the accounting.

        Returns
        -------
        pandas.DataFrame
            Columns ``party`` (and ``component``), ``baseline``, ``reformed``, ``change``.

        Examples
        --------
        >>> from contracts.models.chain import Chain
        >>> counterfactual(Chain(), "budget_floor").to_dataframe().shape
        (5, 4)
        """
        if by not in ("party", "component"):
            raise InvalidParameterError(
                f"Counterfactual.to_dataframe: by must be 'party' or 'component', got {by!r}")
        import pandas as pd
        if by == "party":
            return pd.DataFrame(self._rows())
        return pd.DataFrame([{"party": p, "component": c, "baseline": b, "reformed": a,
                              "change": a - b} for p, c, b, a in self.components])

    def _outcome_lines(self) -> list[tuple]:
        from ..models import regimes
        b, r = self.baseline, self.reformed
        out = [("regime", regimes.regime_label(b), regimes.regime_label(r)),
               ("quality delivered", _f(b.purchasing.quality), _f(r.purchasing.quality)),
               ("relationship value Λ (a stock, not in the per-period welfare)",
                _f(b.relationship_value), _f(r.relationship_value)),
               ("share of the cut on the agency", _f(b.sharing.agency_share),
                _f(r.sharing.agency_share))]
        for lab, attr in (("kept", "kept"), ("dismissed", "dismissed"), ("left", "left")):
            out.append((lab, ", ".join(getattr(b.workforce, attr)) or "none",
                        ", ".join(getattr(r.workforce, attr)) or "none"))
        return out

    def __str__(self) -> str:
        lines = [f"Counterfactual: {self.reform.replace('_', ' ')} — {self.description}"]
        for k, (a, b) in self.changes.items():
            lines.append(f"  {k}: {_f(a)} -> {_f(b)}")
        lines.append("equilibrium (baseline -> reformed):")
        lines += [f"  {lab}: {a} -> {b}" for lab, a, b in self._outcome_lines()]
        lines.append(f"welfare per period     {'baseline':>10} {'reformed':>10} {'change':>10}")
        for p, (b, a) in self.welfare.items():
            lines.append(f"  {p:<20} {_f(b):>10} {_f(a):>10} {_f(a - b):>10}")
        lines.append("(the public's figure is the service it receives; the bureau and the agency "
                     "value it too, so the figures are not added up)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        head = (f"<pre class='contracts-result'>Counterfactual: "
                f"{esc(self.reform.replace('_', ' '))} — {esc(self.description)}</pre>")
        rows = "".join(f"<tr><td>{esc(lab)}</td><td>{esc(a)}</td><td>{esc(b)}</td></tr>"
                       for lab, a, b in self._outcome_lines())
        wrows = "".join(f"<tr><td>{esc(p)}</td><td>{_f(b)}</td><td>{_f(a)}</td>"
                        f"<td>{_f(a - b)}</td></tr>" for p, (b, a) in self.welfare.items())
        return (head + "<table><tr><th></th><th>baseline</th><th>reformed</th></tr>" + rows
                + "</table><table><tr><th>welfare per period</th><th>baseline</th>"
                "<th>reformed</th><th>change</th></tr>" + wrows + "</table>")

    def to_dict(self) -> dict:
        """Reform, changes, both regimes and figures, welfare and its components."""
        from .._result import jsonable
        return {"reform": self.reform, "description": self.description,
                "changes": {k: list(v) for k, v in self.changes.items()},
                "baseline": jsonable(self.baseline.to_record()),
                "reformed": jsonable(self.reformed.to_record()),
                "welfare": {p: list(v) for p, v in self.welfare.items()},
                "components": [list(c) for c in self.components],
                "extra": jsonable(self.extra), "type": type(self).__name__}


def counterfactual(model, reform: str | Reform | Callable, **options) -> Counterfactual:
    """Solve ``model`` before and after ``reform`` and set each party's welfare side by side.

    Parameters
    ----------
    model : Chain
        The (calibrated) baseline chain or one of its presets.
    reform : str, Reform or callable
        A name in :data:`REFORMS`, a reform function (called as ``reform(model, **options)``),
        or a :class:`Reform` already built from ``model``.
    **options
        Passed to the reform function (e.g. ``accuracy=0.9``, ``floor=30``).

    Returns
    -------
    Counterfactual
        Both equilibria, the parameter changes and the welfare of the district bureau, the
        subdistrict office, the agency, the workers and the public served.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> cf = counterfactual(Chain(), "third_party_evaluation", accuracy=0.9)
    >>> cf.baseline.purchasing.rule, cf.reformed.purchasing.rule
    ('buddy', 'buddy')
    >>> print(counterfactual(Chain(), "budget_floor").to_dataframe().round(3).to_string())
                    party  baseline  reformed  change
    0     district bureau     -1.00     -8.00    -7.0
    1  subdistrict office      1.52      1.52     0.0
    2              agency     15.60     23.30     7.7
    3             workers      0.00      0.00     0.0
    4       public served     15.00     20.00     5.0
    """
    where = "counterfactual"
    _check_chain(where, model)
    if isinstance(reform, str):
        if reform not in REFORMS:
            raise InvalidParameterError(
                f"{where}: unknown reform {reform!r}; expected one of {', '.join(REFORMS)}")
        reform = REFORMS[reform]
    if isinstance(reform, Reform):
        if options:
            raise InvalidParameterError(
                f"{where}: options {sorted(options)} are ignored for a Reform already built; "
                "pass the reform's name or function instead")
        if reform.baseline != model:
            raise InvalidParameterError(
                f"{where}: the Reform was built from another chain; expected one built from "
                "this model (call the reform function on it)")
        ref = reform
    elif callable(reform):
        import inspect
        try:
            inspect.signature(reform).bind(model, **options)
        except TypeError as exc:
            raise InvalidParameterError(f"{where}: the reform does not take these options: "
                                        f"{exc}") from None
        except ValueError:          # no signature to check (a builtin): call it as it is
            pass
        ref = reform(model, **options)
        if not isinstance(ref, Reform):
            raise InvalidParameterError(
                f"{where}: a reform function must return a Reform, got {type(ref).__name__}")
    else:
        raise InvalidParameterError(
            f"{where}: reform must be a name, a reform function or a Reform, got {reform!r}")
    base_eq, new_eq = ref.baseline.solve(), ref.model.solve()
    cb, cr = _welfare.components(base_eq), _welfare.components(new_eq)
    for party, comp, amount in ref.transfers:
        cb[party][comp] = 0.0
        cr[party][comp] = float(amount)
    rows = tuple((p, c, cb[p][c], cr[p][c]) for p in _welfare.PARTIES for c in cr[p])
    tb, tr = _welfare.totals(cb), _welfare.totals(cr)
    welfare = {p: (tb[p], tr[p]) for p in _welfare.PARTIES}
    return Counterfactual(ref.name, ref.description, dict(ref.changes), base_eq, new_eq, welfare,
                          rows, dict(ref.extra))

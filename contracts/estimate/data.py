"""Case data: the documented format, a loader that checks it, and a simulator that produces it.

The format is a :class:`pandas.DataFrame` (or a CSV file) with **one row per case-period**:

``case`` (required)
    The case's identifier (an agency, a project): any label.
``period`` (required)
    The period, a non-negative integer; each ``(case, period)`` appears once.
outcome columns (any of them; a missing value means "not observed")
    For the chain game: ``rule`` (``partner`` / ``buddy`` / ``tender``), ``control``,
    ``perfunctory``, ``renewed`` (True/False; also 1/0, yes/no), ``dismissals`` (a count);
    see :mod:`contracts.estimate.outcomes` for each one's meaning and probability. For a
    :class:`~contracts.estimate.outcomes.GameChoices` model: one column per player holding her
    action label.
``regime`` (optional; used by :func:`~contracts.estimate.identified.identified_set`)
    The regimes the case is coded as showing, separated by ``;``: a regime name
    (``buddy``, ``control-and-rebellion`` …) means it holds, ``not NAME`` that it does not,
    ``NAME=VALUE`` a labelled regime (``4C=co-optation``).
covariate columns (any of them)
    Parameters of the model that differ between cases or periods, named as the model's
    parameters (``budget_cut``, ``evaluation_accuracy`` …). Every other parameter takes the
    model's value (or the value being estimated).

Examples
--------
>>> from contracts.models.chain import Chain
>>> df = simulate_panel(Chain(logit_precision=2.0), 3, 2, rng=0, outcomes=["rule", "renewed"])
>>> list(df.columns), len(df)
(['case', 'period', 'rule', 'renewed'], 6)
>>> load_cases(df).shape
(6, 4)
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from ..exceptions import FormatError, InvalidParameterError
from .outcomes import (available_outcomes, outcome_categories, outcome_probabilities,
                       simulable_outcomes)

__all__ = ["load_cases", "simulate_panel", "covariate_columns", "outcome_columns"]

_ID = ("case", "period")
_REGIME = "regime"
_TRUE = {"true", "yes", "1", "1.0", "y", "t"}
_FALSE = {"false", "no", "0", "0.0", "n", "f"}


def _pandas(where):
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is in the test extra
        raise ImportError(f"{where} needs pandas (pip install pandas)") from exc
    return pd


def _default_model(model):
    if model is None:
        from ..models.chain import Chain
        return Chain()
    return model


def _model_fields(model) -> tuple:
    return tuple(f.name for f in dataclasses.fields(model))


def _missing(v) -> bool:
    if v is None:
        return True
    try:
        return bool(v != v)          # NaN, pd.NA -> TypeError or True
    except TypeError:
        return True


def covariate_columns(frame, model=None) -> tuple:
    """The covariate columns of case data: columns named as the model's parameters.

    Parameters
    ----------
    frame : pandas.DataFrame
        Case data.
    model : Chain or GameChoices, optional
        The model (default: :class:`contracts.models.chain.Chain`).

    Returns
    -------
    tuple of str
        The column names, in the frame's order.

    Examples
    --------
    >>> import pandas as pd
    >>> covariate_columns(pd.DataFrame({"case": [1], "period": [0], "budget_cut": [3.0]}))
    ('budget_cut',)
    """
    fields = _model_fields(_default_model(model))
    return tuple(c for c in frame.columns if c in fields)


def outcome_columns(frame, model=None) -> tuple:
    """The outcome columns of case data (see :mod:`contracts.estimate.outcomes`).

    Parameters
    ----------
    frame : pandas.DataFrame
        Case data.
    model : Chain or GameChoices, optional
        The model (default: :class:`contracts.models.chain.Chain`).

    Returns
    -------
    tuple of str
        The column names, in the frame's order.

    Examples
    --------
    >>> import pandas as pd
    >>> outcome_columns(pd.DataFrame({"case": [1], "period": [0], "rule": ["buddy"]}))
    ('rule',)
    """
    known = available_outcomes(_default_model(model))
    return tuple(c for c in frame.columns if c in known)


def _normalise(where, name, cats, value, row):
    if _missing(value):
        return None
    if isinstance(cats[0], bool):
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    elif isinstance(cats[0], int):
        try:
            x = float(value)
        except (TypeError, ValueError):
            x = math.nan
        if x.is_integer() and int(x) in cats:
            return int(x)
    else:
        text = str(value).strip()
        for c in cats:
            if text == str(c) or text.lower() == str(c).lower():
                return c
    raise FormatError(
        f"{where}: row {row}, column {name!r}: expected one of {list(cats)} (or empty for "
        f"'not observed'), found {value!r}")


def load_cases(path_or_frame, *, model=None):
    """Read and check case data (one row per case-period; format in the module docstring).

    Parameters
    ----------
    path_or_frame : str, os.PathLike or pandas.DataFrame
        A CSV file or a data frame.
    model : Chain or GameChoices, optional
        The model the data are for (default: :class:`contracts.models.chain.Chain`): it decides
        which outcome and covariate columns are known.

    Returns
    -------
    pandas.DataFrame
        A checked copy sorted by case and period, with outcomes as Python values (None where
        not observed) and integer periods.

    Raises
    ------
    FormatError
        A required column is missing, a column is unknown, an outcome value is not one of its
        categories, a period is not a non-negative integer, or a case-period repeats.
    InvalidParameterError
        A covariate value is not a valid value of the model's parameter.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"case": ["a", "a"], "period": [1, 0], "renewed": ["yes", 0]})
    >>> load_cases(df)["renewed"].tolist()
    [False, True]
    """
    where = "load_cases"
    pd = _pandas(where)
    model = _default_model(model)
    if isinstance(path_or_frame, pd.DataFrame):
        frame = path_or_frame.copy()
    else:
        try:
            frame = pd.read_csv(path_or_frame)
        except (OSError, ValueError) as exc:
            raise FormatError(f"{where}: could not read {path_or_frame!r} as CSV: {exc}") \
                from None
    cols = [str(c) for c in frame.columns]
    frame.columns = cols
    for c in _ID:
        if c not in cols:
            raise FormatError(f"{where}: expected a column {c!r} (one row per case-period); "
                              f"found columns {cols}")
    outs, covs = outcome_columns(frame, model), covariate_columns(frame, model)
    unknown = [c for c in cols if c not in _ID and c not in outs and c not in covs
               and c != _REGIME]
    if unknown:
        raise FormatError(
            f"{where}: unknown columns {unknown}; expected 'case', 'period', outcomes "
            f"{list(available_outcomes(model))}, 'regime', or covariates named as the model's "
            "parameters")
    periods = []
    for i, p in enumerate(frame["period"].tolist()):
        try:
            x = float(p)
        except (TypeError, ValueError):
            x = math.nan
        if not (x.is_integer() and x >= 0):
            raise FormatError(f"{where}: row {i}, column 'period': expected a non-negative "
                              f"integer, found {p!r}")
        periods.append(int(x))
    frame["period"] = periods
    if frame["case"].isna().any():
        raise FormatError(f"{where}: column 'case' has missing values (row "
                          f"{int(np.flatnonzero(frame['case'].isna())[0])})")
    dup = frame.duplicated(subset=list(_ID))
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise FormatError(f"{where}: case-period ({frame['case'].iloc[i]!r}, "
                          f"{frame['period'].iloc[i]}) appears more than once (row {i})")
    for o in outs:
        cats = outcome_categories(model, o)
        frame[o] = pd.Series([_normalise(where, o, cats, v, i)
                              for i, v in enumerate(frame[o].tolist())],
                             index=frame.index, dtype=object)
    if _REGIME in cols:
        frame[_REGIME] = pd.Series([None if _missing(v) else str(v)
                                    for v in frame[_REGIME].tolist()], index=frame.index,
                                   dtype=object)
    if covs:
        for i, row in enumerate(frame[list(covs)].itertuples(index=False, name=None)):
            bad = [c for c, v in zip(covs, row) if _missing(v)]
            if bad:
                raise FormatError(f"{where}: row {i}: covariates {bad} are missing; a "
                                  "covariate must be given in every row")
        for key in set(frame[list(covs)].itertuples(index=False, name=None)):
            try:
                model.replace(**dict(zip(covs, key)))
            except InvalidParameterError as exc:
                raise InvalidParameterError(f"{where}: covariates {dict(zip(covs, key))} are "
                                            f"not valid model parameters: {exc}") from None
            except TypeError as exc:
                raise InvalidParameterError(f"{where}: covariates {dict(zip(covs, key))}: "
                                            f"{exc}") from None
    return frame.sort_values(list(_ID), kind="stable").reset_index(drop=True)


def simulate_panel(model, n_cases: int, n_periods: int, *, covariates: Mapping | None = None,
                   outcomes: Sequence[str] | None = None, rng=None):
    """Simulate case data from the model's choice probabilities (for parameter recovery).

    Each case-period's outcomes are independent draws from
    :func:`~contracts.estimate.outcomes.outcome_probabilities` at the case's parameters.

    Parameters
    ----------
    model : Chain or GameChoices
        The true model (use a finite ``logit_precision`` for noisy choices).
    n_cases, n_periods : int
        Panel size (at least 1 each).
    covariates : mapping, optional
        ``{parameter: values}`` with one value per case (or one value for every case); the
        case's model is ``model.replace(**its covariates)``.
    outcomes : sequence of str, optional
        Outcome columns to draw (default: every outcome whose probabilities the model gives).
    rng : None, int or numpy.random.Generator
        Passed to :func:`numpy.random.default_rng`.

    Returns
    -------
    pandas.DataFrame
        Columns ``case``, ``period``, the covariates, then the outcomes.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> df = simulate_panel(Chain(logit_precision=1.0), 2, 1, rng=1,
    ...                     covariates={"budget_cut": [0.0, 5.0]}, outcomes=["rule"])
    >>> df["budget_cut"].tolist()
    [0.0, 5.0]
    """
    where = "simulate_panel"
    pd = _pandas(where)
    for nm, v in (("n_cases", n_cases), ("n_periods", n_periods)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise InvalidParameterError(f"{where}: {nm} must be a positive integer, got {v!r}")
    known = available_outcomes(model)
    outcomes = simulable_outcomes(model) if outcomes is None else tuple(outcomes)
    bad = [o for o in outcomes if o not in known]
    if bad or not outcomes:
        raise InvalidParameterError(f"{where}: outcomes must be a non-empty subset of {known}; "
                                    f"got {list(outcomes)}")
    fields = _model_fields(model)
    cov = {}
    for nm, vals in dict(covariates or {}).items():
        if nm not in fields:
            raise InvalidParameterError(f"{where}: covariate {nm!r} is not a parameter of "
                                        f"{type(model).__name__}")
        if isinstance(vals, (str, bytes)) or np.ndim(vals) == 0:
            vals = [vals] * n_cases
        vals = list(vals)
        if len(vals) != n_cases:
            raise InvalidParameterError(f"{where}: covariate {nm!r} has {len(vals)} values; "
                                        f"expected one per case ({n_cases})")
        cov[nm] = vals
    gen = np.random.default_rng(rng)
    cache: dict = {}
    rows = []
    for c in range(int(n_cases)):
        key = tuple((nm, _hashable(v[c])) for nm, v in cov.items())
        if key not in cache:
            m = model.replace(**{nm: v[c] for nm, v in cov.items()}) if cov else model
            probs = outcome_probabilities(m, outcomes)
            cache[key] = {}
            for o, p in probs.items():
                if not p or sum(p.values()) <= 0:
                    raise InvalidParameterError(
                        f"{where}: decision {o!r} is not reached in case {c}; drop it from "
                        "outcomes")
                cache[key][o] = (list(p), np.cumsum(list(p.values())))
        dist = cache[key]
        for t in range(int(n_periods)):
            row = {"case": c, "period": t, **{nm: v[c] for nm, v in cov.items()}}
            for o in outcomes:
                cats, cdf = dist[o]
                k = int(np.searchsorted(cdf, gen.random() * cdf[-1], side="right"))
                row[o] = cats[min(k, len(cats) - 1)]
            rows.append(row)
    frame = pd.DataFrame(rows)
    for o in outcomes:
        frame[o] = pd.Series(frame[o].tolist(), dtype=object)
    return frame


def _hashable(v: Any):
    if isinstance(v, (list, np.ndarray)):
        return tuple(np.asarray(v).tolist())
    return v


@dataclass(frozen=True)
class Panel:
    """Case data tabulated for a model: one group per distinct covariate vector.

    ``counts[o]`` has shape ``(n_groups, n_categories)``: how often each category of outcome
    ``o`` was observed in each group.
    """

    covariates: tuple            # covariate names
    groups: tuple                # one dict of covariate values per group
    outcomes: tuple              # outcome names
    categories: Mapping          # outcome -> categories
    counts: Mapping              # outcome -> array (n_groups, n_categories)
    n_obs: int                   # number of observed outcome values
    n_rows: int


def tabulate(frame, model, *, exclude: Sequence[str] = ()) -> Panel:
    """Group checked case data by covariates and count each outcome's categories."""
    cov = tuple(c for c in covariate_columns(frame, model) if c not in exclude)
    outs = outcome_columns(frame, model)
    keys = ([tuple(_hashable(v) for v in r) for r in frame[list(cov)].itertuples(
        index=False, name=None)] if cov else [()] * len(frame))
    order: dict = {}
    gidx = np.array([order.setdefault(k, len(order)) for k in keys], dtype=int)
    groups = tuple(dict(zip(cov, k)) for k in order)
    cats, counts, n_obs = {}, {}, 0
    for o in outs:
        cs = outcome_categories(model, o)
        pos = {c: j for j, c in enumerate(cs)}
        arr = np.zeros((len(groups), len(cs)))
        for g, v in zip(gidx, frame[o].tolist()):
            if v is None or _missing(v):
                continue
            arr[g, pos[v]] += 1
        if arr.sum() > 0:
            cats[o], counts[o] = cs, arr
            n_obs += int(arr.sum())
    return Panel(cov, groups, tuple(cats), cats, counts, n_obs, len(frame))

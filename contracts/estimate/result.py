"""Results of estimation: point estimates with intervals, and identified sets.

Examples
--------
>>> r = EstimationResult(method="maximum likelihood", params=("logit_precision",),
...                      estimates=(2.0,), std_errors=(0.5,), intervals=((1.02, 2.98),),
...                      objective=-10.0, n_obs=40)
>>> r
EstimationResult(method='maximum likelihood', params=('logit_precision',), estimates=(2,), std_errors=(0.5,), objective=-10, n_obs=40, converged=True)
>>> r.estimate("logit_precision")
2.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from .._result import Result, format_number

__all__ = ["EstimationResult", "IdentifiedSet"]

_f = format_number


def _interval_text(iv) -> str:
    if iv is None:
        return "—"
    lo, hi = iv
    return f"[{_f(lo, 4)}, {_f(hi, 4)}]"


@dataclass(frozen=True, repr=False)
class EstimationResult(Result):
    """Estimates of a model's parameters with standard errors and intervals.

    Attributes
    ----------
    method : str
        ``"maximum likelihood"`` or ``"simulated method of moments"``.
    params : tuple of str
        The estimated parameters, in order.
    estimates : tuple of float
        Point estimates.
    std_errors : tuple of float
        Standard errors (NaN when the curvature matrix is not invertible there).
    intervals : tuple
        Wald intervals ``estimate ± z·se`` at level ``level`` (clipped to the bounds).
    profile_intervals : tuple or None
        Profile-likelihood intervals (maximum likelihood only): the values where twice the
        drop of the profile log-likelihood reaches the chi-square(1) quantile; an end at a
        search bound means the interval reaches that bound.
    objective : float
        Maximised log-likelihood, or the minimised moment criterion.
    n_obs : int
        Number of observed outcome values used.
    converged : bool
        The optimiser reported success from the best start.
    covariance : numpy.ndarray
        Estimated covariance matrix of the estimates.
    bounds : tuple
        The search box, one ``(low, high)`` per parameter.
    level : float
        Confidence level of the intervals.
    message : str
        The optimiser's message at the best start.
    extra : mapping
        Method details (starts, evaluations, weighting, moments …).

    Examples
    --------
    >>> r = EstimationResult(method="maximum likelihood", params=("a", "b"),
    ...                      estimates=(1.0, 2.0), std_errors=(0.1, 0.2),
    ...                      intervals=((0.8, 1.2), (1.6, 2.4)), objective=-3.0, n_obs=10)
    >>> r.to_dataframe()["estimate"].tolist()
    [1.0, 2.0]
    """

    method: str
    params: tuple
    estimates: tuple
    std_errors: tuple
    intervals: tuple
    objective: float
    n_obs: int
    converged: bool = True
    profile_intervals: tuple | None = field(default=None, repr=False)
    covariance: Any = field(default=None, repr=False)
    bounds: tuple = field(default=(), repr=False)
    level: float = field(default=0.95, repr=False)
    message: str = field(default="", repr=False)
    extra: Mapping = field(default_factory=dict, repr=False)

    def estimate(self, name: str) -> float:
        """The point estimate of parameter ``name``.

        Parameters
        ----------
        name : str
            An estimated parameter.

        Returns
        -------
        float
            The estimate.

        Examples
        --------
        >>> EstimationResult(method="m", params=("x",), estimates=(1.5,), std_errors=(0.1,),
        ...                  intervals=((1.3, 1.7),), objective=0.0, n_obs=5).estimate("x")
        1.5
        """
        return self.estimates[self._index(name)]

    def interval(self, name: str, *, kind: str = "profile") -> tuple:
        """The interval of parameter ``name``: profile likelihood if available, else Wald.

        Parameters
        ----------
        name : str
            An estimated parameter.
        kind : {"profile", "wald"}, default "profile"
            Which interval; ``"profile"`` falls back to Wald when it was not computed.

        Returns
        -------
        tuple of float
            ``(low, high)``.

        Examples
        --------
        >>> EstimationResult(method="m", params=("x",), estimates=(1.5,), std_errors=(0.1,),
        ...                  intervals=((1.3, 1.7),), objective=0.0, n_obs=5).interval("x")
        (1.3, 1.7)
        """
        if kind not in ("profile", "wald"):
            from ..exceptions import InvalidParameterError
            raise InvalidParameterError(
                f"EstimationResult.interval: kind must be 'profile' or 'wald', got {kind!r}")
        i = self._index(name)
        if kind == "profile" and self.profile_intervals is not None:
            return tuple(self.profile_intervals[i])
        return tuple(self.intervals[i])

    def _index(self, name):
        if name not in self.params:
            from ..exceptions import InvalidParameterError
            raise InvalidParameterError(f"EstimationResult: {name!r} was not estimated; "
                                        f"estimated parameters are {list(self.params)}")
        return self.params.index(name)

    def _rows(self) -> list[dict]:
        rows = []
        for i, p in enumerate(self.params):
            row = {"parameter": p, "estimate": float(self.estimates[i]),
                   "std_error": float(self.std_errors[i]),
                   "wald_low": float(self.intervals[i][0]),
                   "wald_high": float(self.intervals[i][1])}
            if self.profile_intervals is not None:
                row["profile_low"] = float(self.profile_intervals[i][0])
                row["profile_high"] = float(self.profile_intervals[i][1])
            rows.append(row)
        return rows

    def __str__(self) -> str:
        what = "log-likelihood" if self.method == "maximum likelihood" else "criterion"
        pct = f"{100 * self.level:g}%"
        lines = [f"{self.method}: {len(self.params)} parameter(s) from {self.n_obs} "
                 f"observations; {what} {_f(self.objective, 6)}"
                 + ("" if self.converged else " (optimiser did NOT converge: "
                    f"{self.message})")]
        w = max([9] + [len(p) for p in self.params])
        head = f"  {'parameter':<{w}}  {'estimate':>10}  {'std.err':>9}  {pct + ' Wald':>22}"
        if self.profile_intervals is not None:
            head += f"  {pct + ' profile':>22}"
        lines.append(head)
        for i, p in enumerate(self.params):
            se = self.std_errors[i]
            line = (f"  {p:<{w}}  {_f(self.estimates[i], 5):>10}  "
                    f"{(_f(se, 3) if math.isfinite(se) else 'n/a'):>9}  "
                    f"{_interval_text(self.intervals[i]):>22}")
            if self.profile_intervals is not None:
                line += f"  {_interval_text(self.profile_intervals[i]):>22}"
            lines.append(line)
        return "\n".join(lines)


@dataclass(frozen=True, repr=False)
class IdentifiedSet(Result):
    """The parameter values consistent with noiseless regime observations.

    Attributes
    ----------
    params : tuple of str
        The parameters searched over.
    bounds : tuple
        Per parameter, ``(low, high)`` over the consistent points, or ``None`` when no point
        is consistent (the data reject the model on this box).
    n_points : int
        Points examined.
    n_consistent : int
        Points consistent with every observation.
    points : numpy.ndarray
        The examined points, shape ``(n_points, len(params))``.
    consistent : numpy.ndarray
        Boolean mask over ``points``.
    resolution : tuple of float
        Per parameter, the largest gap between neighbouring examined values: the set's true
        bounds lie within this distance outside ``bounds`` (when the set is connected along
        the grid lines).
    extra : mapping
        Details (the box, the method, the observations used).

    Examples
    --------
    >>> s = IdentifiedSet(params=("a",), bounds=((0.2, 0.6),), n_points=11, n_consistent=5,
    ...                   points=np.linspace(0, 1, 11)[:, None],
    ...                   consistent=np.array([False, False, True, True, True, True, True,
    ...                                        False, False, False, False]),
    ...                   resolution=(0.1,))
    >>> s.bound("a")
    (0.2, 0.6)
    """

    params: tuple
    bounds: tuple
    n_points: int
    n_consistent: int
    points: Any = field(default=None, repr=False)
    consistent: Any = field(default=None, repr=False)
    resolution: tuple = field(default=(), repr=False)
    extra: Mapping = field(default_factory=dict, repr=False)

    @property
    def empty(self) -> bool:
        """True when no examined point is consistent with the observations."""
        return self.n_consistent == 0

    def bound(self, name: str):
        """The ``(low, high)`` bounds of parameter ``name`` over the identified set.

        Parameters
        ----------
        name : str
            A searched parameter.

        Returns
        -------
        tuple of float or None
            None when the set is empty.

        Examples
        --------
        >>> IdentifiedSet(params=("a",), bounds=(None,), n_points=3, n_consistent=0).bound("a")
        """
        if name not in self.params:
            from ..exceptions import InvalidParameterError
            raise InvalidParameterError(f"IdentifiedSet.bound: {name!r} was not searched; "
                                        f"searched parameters are {list(self.params)}")
        return self.bounds[self.params.index(name)]

    def consistent_points(self) -> np.ndarray:
        """The consistent points, shape ``(n_consistent, len(params))``.

        Returns
        -------
        numpy.ndarray
            The rows of ``points`` marked in ``consistent``.

        Examples
        --------
        >>> IdentifiedSet(params=("a",), bounds=((1.0, 1.0),), n_points=2, n_consistent=1,
        ...               points=np.array([[0.0], [1.0]]),
        ...               consistent=np.array([False, True])).consistent_points()
        array([[1.]])
        """
        return np.asarray(self.points)[np.asarray(self.consistent, dtype=bool)]

    def _rows(self) -> list[dict]:
        rows = []
        for i, p in enumerate(self.params):
            b = self.bounds[i]
            rows.append({"parameter": p, "low": None if b is None else float(b[0]),
                         "high": None if b is None else float(b[1]),
                         "resolution": float(self.resolution[i]) if self.resolution
                         else math.nan})
        return rows

    def __str__(self) -> str:
        lines = [f"identified set: {self.n_consistent} of {self.n_points} points consistent "
                 "with the observed regimes"]
        if self.empty:
            lines.append("  no point of the box is consistent: the observations reject the "
                         "model there")
            return "\n".join(lines)
        w = max([9] + [len(p) for p in self.params])
        for i, p in enumerate(self.params):
            lo, hi = self.bounds[i]
            res = f" (grid step ≤ {_f(self.resolution[i], 3)})" if self.resolution else ""
            lines.append(f"  {p:<{w}}  {_f(lo, 5)} ≤ {p} ≤ {_f(hi, 5)}{res}")
        return "\n".join(lines)

"""The results of :func:`contracts.sweep.sweep`: the records of completed points and failures.

Private part of :mod:`contracts.sweep` (which re-exports :class:`SweepResult` and
:class:`SweepFailure`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = ["SweepResult", "SweepFailure", "summarise", "completed_indices"]


@dataclass(frozen=True)
class SweepFailure:
    """One grid point that raised: where, what and why.

    Attributes
    ----------
    index : int
        Position of the point in grid order.
    point : dict
        Its parameters.
    error_type : str
        The exception's class name (e.g. ``"ZeroDivisionError"``).
    message : str
        The exception's message.
    traceback : str
        The formatted traceback, for debugging (not shown in ``repr``).

    Examples
    --------
    >>> from contracts.sweep import sweep
    >>> res = sweep(lambda p: {"y": 2 * p["a"]} if p["a"] else 1 / 0, {"a": [0, 1, 2]})
    >>> f = res.failures[0]
    >>> f.index, f.point, f.error_type
    (0, {'a': 0}, 'ZeroDivisionError')
    """

    index: int
    point: dict
    error_type: str
    message: str
    traceback: str = field(default="", repr=False, compare=False)

    def __str__(self) -> str:
        return f"point {self.index} {self.point}: {self.error_type}: {self.message}"

    def to_dict(self) -> dict:
        return {"index": self.index, "point": dict(self.point), "error_type": self.error_type,
                "message": self.message}


def summarise(value: Any) -> dict[str, Any]:
    """Turn a model's output into flat record fields."""
    if isinstance(value, Mapping):
        return dict(value)
    to_record = getattr(value, "to_record", None)
    if callable(to_record):
        return dict(to_record())
    out: dict[str, Any] = {"result": value}
    regime = getattr(value, "regime", None)
    if regime is not None:
        out["regime"] = regime
    return out


@dataclass(frozen=True, repr=False)
class SweepResult:
    """Outcome of :func:`sweep`: the completed points' records and every failure.

    Attributes
    ----------
    records : tuple of dict
        For each completed point, in grid order: its parameters merged with the output fields
        (``to_record()`` of the output when it has one, the mapping itself for dict outputs, else
        ``{"result": output, "regime": output.regime}``).
    names : tuple of str
        The grid's parameter names.
    outputs : tuple
        The raw outputs of the completed points, in grid order (when resumed from a checkpoint, the
        outputs that could not be pickled are ``None``).
    failures : tuple of SweepFailure
        The points that raised, in grid order.
    n_points : int
        Size of the grid.
    resumed : int
        How many completed points were read back from the checkpoint instead of being run.

    Examples
    --------
    >>> from contracts.sweep import sweep
    >>> res = sweep(lambda p: {"y": 2 * p["a"]} if p["a"] else 1 / 0, {"a": [0, 1, 2]})
    >>> res.n_points, res.column("y"), len(res.failures)
    (3, [2, 4], 1)
    """

    records: tuple
    names: tuple
    outputs: tuple = field(default=())
    failures: tuple = field(default=())
    n_points: int = -1
    resumed: int = 0

    @property
    def complete(self) -> bool:
        """True when every grid point completed."""
        return not self.failures and len(self.records) == self.n_points

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def column(self, name: str) -> list:
        """Values of one field over the completed points.

        Parameters
        ----------
        name : str
            A parameter or output field.

        Returns
        -------
        list
            Its value at each completed point, in grid order.
        """
        return [r.get(name) for r in self.records]

    def failure_summary(self) -> str:
        """One line per exception type: how many points raised it, and the first such point.

        Returns
        -------
        str
            The summary.
        """
        if not self.failures:
            return "no failures"
        groups: dict[tuple, list] = {}
        for f in self.failures:
            groups.setdefault((f.error_type, f.message), []).append(f)
        lines = [f"{len(self.failures)} of {self.n_points} points failed:"]
        for (etype, msg), fs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"  {len(fs)} x {etype}: {msg[:200]} (first at {fs[0].point})")
        return "\n".join(lines)

    def to_dataframe(self, *, include_failures: bool = False):
        """A :class:`pandas.DataFrame` of the records (requires pandas).

        With ``include_failures=True`` the failed points are added as rows with ``error_type`` and
        ``error`` columns, in grid order.
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("SweepResult.to_dataframe needs pandas: pip install pandas") from exc
        rows = list(self.records)
        if include_failures and self.failures:
            ok = [dict(r) for r in self.records]
            bad = [{**f.point, "error_type": f.error_type, "error": f.message, "_i": f.index}
                   for f in self.failures]
            # grid order: keep completed rows in order, interleave failures by index
            idx = completed_indices(self)
            for r, i in zip(ok, idx):
                r["_i"] = i
            rows = sorted(ok + bad, key=lambda r: r["_i"])
            for r in rows:
                del r["_i"]
        return pd.DataFrame.from_records(rows)

    def to_dict(self) -> dict:
        return {"names": list(self.names), "n_points": self.n_points,
                "records": [dict(r) for r in self.records],
                "failures": [f.to_dict() for f in self.failures]}

    def regime_map(self, x: str, y: str, field_name: str = "regime", ax=None):
        """Plot a categorical map of ``field_name`` over parameters ``x`` and ``y``; returns Axes.

        Failed points are left blank (see :func:`contracts.plot.regime_map`).

        Parameters
        ----------
        x, y : str
            The grid parameters on the horizontal and vertical axis.
        field_name : str
            The categorical output to colour by.
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when omitted.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        from .plot.regimes import regime_map
        return regime_map(self, x, y, field_name, ax)

    def __repr__(self) -> str:
        n = self.n_points if self.n_points >= 0 else len(self.records)
        return (f"SweepResult({n} points over {', '.join(self.names)}: "
                f"{len(self.records)} completed, {len(self.failures)} failed)")

    def __str__(self) -> str:
        n = self.n_points if self.n_points >= 0 else len(self.records)
        head = f"SweepResult: {n} grid points over {', '.join(self.names)}"
        if self.failures or len(self.records) != n:
            head += f"; {len(self.records)} completed, {len(self.failures)} failed"
        if self.resumed:
            head += f" ({self.resumed} read back from the checkpoint)"
        regimes = [r.get("regime") for r in self.records if "regime" in r]
        if regimes:
            counts: dict[str, int] = {}
            for g in regimes:
                counts[str(g)] = counts.get(str(g), 0) + 1
            head += "\n  regimes: " + ", ".join(f"{k} ({v})" for k, v in sorted(counts.items()))
        if self.failures:
            head += "\n" + self.failure_summary()
        return head

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        import html
        return "<pre>" + html.escape(str(self)) + "</pre>"


def completed_indices(res: SweepResult) -> list[int]:
    return list(getattr(res, "_indices", range(len(res.records))))

"""Work estimates made before work starts, and the limits that refuse hopeless calls.

Every solver or reader that can blow up (enumerators, exact verification, reduced normal forms of
trees, file readers) asks this module first: the estimate (support pairs, a vertex bound,
pure profiles, tree nodes, bytes) is compared with a limit, and a call above it raises
:class:`~contracts.exceptions.WorkLimitError` giving the estimate and the ``max_...`` keyword that
raises the limit. Limits are plain keyword arguments of the public functions; ``None`` means the
default below, and ``float("inf")`` switches the check off.
"""

from __future__ import annotations

import math
import time
from typing import Any, Iterable, Iterator

from .exceptions import InvalidParameterError, WorkLimitError

__all__ = ["MAX_SUPPORTS", "MAX_VERTICES", "MAX_LH_VERTICES", "MAX_PROFILES", "MAX_BYTES",
           "MAX_NODES", "support_pairs", "vertex_bound", "check_limit", "check_support_work",
           "check_vertex_work", "check_profiles", "Deadline", "WorkMeter"]

#: support enumeration: pairs of equal-size supports (about 7 µs each, so 1e7 ≈ a minute)
MAX_SUPPORTS = 10 ** 7
#: vertex enumeration: McMullen's upper bound on the vertices of a best-response polytope
MAX_VERTICES = 10 ** 7
#: Lemke–Howson from every label: its paths visit a tiny share of that bound, so a looser limit
MAX_LH_VERTICES = 10 ** 12
#: pure strategy profiles of an N-player game (a reduced normal form, a payoff table)
MAX_PROFILES = 10 ** 7
#: bytes a reader may allocate for declared sizes
MAX_BYTES = 2 * 10 ** 9
#: nodes of a game tree
MAX_NODES = 10 ** 7


def _limit(where: str, option: str, value: Any, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) \
            or value < 0:
        raise InvalidParameterError(f"{where}: {option} must be a number >= 0 (or inf), got "
                                    f"{value!r}")
    return value


def check_limit(where: str, what: str, estimate: float, option: str, value: Any,
                default: float) -> None:
    """Raise :class:`WorkLimitError` if ``estimate`` exceeds the limit (``value`` or ``default``).

    Examples
    --------
    >>> check_limit("f", "support pairs", 10, "max_supports", None, 100)
    >>> try:
    ...     check_limit("f", "support pairs", 1e9, "max_supports", None, 100)
    ... except WorkLimitError as exc:
    ...     print(exc)
    f: about 1e+09 support pairs to examine, above the limit 100; pass max_supports=1e+09 (or more) to run it anyway
    """
    limit = _limit(where, option, value, default)
    if estimate > limit:
        raise WorkLimitError(
            f"{where}: about {estimate:.3g} {what} to examine, above the limit {limit:.3g}; "
            f"pass {option}={_round_up(estimate):.3g} (or more) to run it anyway",
            estimate=estimate, limit=limit, option=option)


def _round_up(x: float) -> float:
    if x <= 0 or not math.isfinite(x):
        return x
    e = math.floor(math.log10(x))
    m = math.ceil(x / 10 ** e * 10) / 10
    return m * 10 ** e


def support_pairs(m: int, n: int) -> int:
    """Pairs of equal-size supports of an m×n game: ``sum_k C(m,k) C(n,k) = C(m+n, m) - 1``."""
    return math.comb(m + n, m) - 1


def vertex_bound(d: int, f: int) -> int:
    """McMullen's upper bound on the vertices of a d-polytope with f facets (d ≥ 1)."""
    if f <= d:
        return 1
    return math.comb(f - (d + 1) // 2, f - d) + math.comb(f - (d + 2) // 2, f - d)


def check_support_work(game, where: str, max_supports: Any = None) -> int:
    """Refuse a support enumeration whose number of support pairs exceeds the limit."""
    m, n = game.num_actions
    est = support_pairs(m, n)
    check_limit(where, f"support pairs ({m}×{n} game)", est, "max_supports", max_supports,
                MAX_SUPPORTS)
    return est


def check_vertex_work(game, where: str, max_vertices: Any = None, *,
                      default: float = MAX_VERTICES) -> int:
    """Refuse when the vertex bound of the larger best-response polytope exceeds the limit.

    The row player's polytope lives in dimension m with m + n facets (and the column player's in
    dimension n): the upper bound theorem bounds its vertices, hence the work.
    """
    m, n = game.num_actions
    est = max(vertex_bound(m, m + n), vertex_bound(n, m + n))
    check_limit(where, f"polytope vertices (upper bound, {m}×{n} game)", est, "max_vertices",
                max_vertices, default)
    return est


def check_profiles(where: str, sizes: Iterable[int], max_profiles: Any = None, *,
                   what: str = "pure strategy profiles") -> int:
    """Refuse when the product of ``sizes`` (pure profiles) exceeds the limit."""
    est = math.prod(int(s) for s in sizes)
    check_limit(where, what, est, "max_profiles", max_profiles, MAX_PROFILES)
    return est


class Deadline:
    """A wall-clock budget: ``Deadline(seconds)``; ``expired`` once it has passed.

    ``Deadline(None)`` never expires. Used by long loops to stop and return what they found,
    marked incomplete.
    """

    def __init__(self, seconds: float | None, where: str = "max_time"):
        if seconds is not None:
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) \
                    or math.isnan(seconds) or seconds <= 0:
                raise InvalidParameterError(
                    f"{where}: max_time must be a number of seconds > 0, got {seconds!r}")
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    @property
    def expired(self) -> bool:
        return self.end is not None and time.monotonic() > self.end

    def take(self, iterator: Iterator, max_items: int | None = None) -> tuple[list, bool]:
        """Drain ``iterator`` until it ends, the deadline passes or ``max_items`` are taken.

        Returns ``(items, finished)``: ``finished`` is False when the budget stopped it.
        """
        out = []
        for item in iterator:
            out.append(item)
            if (max_items is not None and len(out) >= max_items) or self.expired:
                close = getattr(iterator, "close", None)
                if close is not None:
                    close()
                return out, False
        return out, True


def _tqdm(where: str):
    """tqdm's progress bar class, imported only when a caller asks for progress."""
    try:
        from tqdm.auto import tqdm
    except ImportError as exc:
        raise ImportError(f"{where}(progress=True) needs tqdm: install the 'progress' extra "
                          f"(pip install 'contract-games[progress]') or pip install tqdm") from exc
    return tqdm


class WorkMeter:
    """Counts the work of a long loop, shows optional progress and enforces a time budget.

    ``meter.check(n)`` records ``n`` units of work done and returns True once ``max_time``
    seconds have passed (the clock is read every ``every`` calls, so a tight loop pays almost
    nothing); the loop then stops and returns what it found, marked incomplete, with
    :attr:`message` as the explanation. ``progress=True`` shows a tqdm bar (extra
    ``progress``). Nothing here catches exceptions: Ctrl-C propagates at once.

    Examples
    --------
    >>> meter = WorkMeter("f", max_time=None, total=10, unit="supports")
    >>> any(meter.check() for _ in range(10)), meter.done, meter.stopped
    (False, 10, False)
    """

    def __init__(self, where: str, *, max_time: float | None = None, progress: Any = False,
                 total: float | None = None, unit: str = "items", every: int = 1):
        if not isinstance(progress, bool):
            raise InvalidParameterError(f"{where}: progress must be True or False, got "
                                        f"{progress!r}")
        self.where = where
        self.deadline = Deadline(max_time, where)
        self.total = total
        self.unit = unit
        self.every = max(1, int(every))
        self.done = 0
        self.stopped = False
        self._calls = 0
        self._bar = None
        if progress:
            self._bar = _tqdm(where)(total=total, desc=where, unit=f" {unit}", leave=False)

    def check(self, n: int = 1) -> bool:
        """Record ``n`` units done; True when the time budget has run out (stop the loop)."""
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        if self.deadline.end is not None:
            self._calls += 1
            if self._calls % self.every == 0 and self.deadline.expired:
                self.stopped = True
        return self.stopped

    def count(self, n: int = 1) -> None:
        """Record ``n`` units done without reading the clock (for work that is never cut)."""
        self.done += n
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        """Close the progress bar (if any)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> "WorkMeter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def message(self) -> str:
        """What the budget cut short, for a result's ``message`` (empty if it did not)."""
        if not self.stopped:
            return ""
        of = "" if self.total is None else f" of about {self.total:.3g}"
        return (f"{self.where}: time budget max_time={self.deadline.seconds:g} s ran out after "
                f"{self.done}{of} {self.unit}; the equilibria found so far are returned "
                f"(incomplete)")

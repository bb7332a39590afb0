"""Time the equilibrium solvers of :mod:`contracts` against nashpy, QuantEcon and pygambit.

:func:`run_bench` builds one game per size from a family of :mod:`contracts.games.generators`
(random families are seeded ``1000 + size``, A then B uniform, the convention of the project's
benchmarks), solves it with each method through :func:`contracts.solve`, and — when the packages
are installed — with the matching routines of nashpy, QuantEcon and pygambit, in the same run.
QuantEcon's numba compilation is paid beforehand on a 2x2 game; then each library's first call
on the benchmark game is a warm-up and is not counted, unless it already took longer than
``budget`` seconds, in which case it is the only measurement (noted in the row).
:func:`format_table` prints the rows as an aligned table, CSV or JSON; the column ``ratio`` is
the library's median time divided by contracts' (above 1: contracts is faster).

``contracts bench --family random --sizes 4,6,8 --methods support_enumeration,vertex_enumeration
--repeats 5`` is the command-line front end.
"""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
import time
import warnings
from typing import Any, Callable, Sequence

import numpy as np

from .._deprecate import renamed
from ..exceptions import InvalidParameterError

__all__ = ["run_bench", "format_table", "anchor_solvers", "ANCHOR_LIBRARIES"]

#: libraries :func:`run_bench` can compare with (each used only when installed)
ANCHOR_LIBRARIES = ("nashpy", "quantecon", "pygambit")

_COLUMNS = ["family", "size", "shape", "method", "library", "variant", "median_s", "min_s",
            "runs", "equilibria", "ratio", "error"]


def _time(fn: Callable[[], Any], repeats: int, budget: float):
    """Run ``fn`` once to warm up, then ``repeats`` times; return (times, last output, warm)."""
    t0 = time.perf_counter()
    out = fn()
    first = time.perf_counter() - t0
    if first > budget or repeats <= 0:
        return [first], out, False
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        if sum(times) > budget * 3 and len(times) >= 1:
            break
    return times, out, True


def _count(out: Any) -> int | None:
    if out is None:
        return None
    if hasattr(out, "equilibria"):
        return len(out.equilibria)
    if isinstance(out, tuple) and len(out) == 2 and all(isinstance(s, np.ndarray) for s in out):
        return 1
    try:
        return len(out)
    except TypeError:
        return None


def _quantecon_compile(qe, key: str) -> None:
    """Pay QuantEcon's numba compilation on a 2x2 game, outside every timing."""
    tiny = qe.NormalFormGame((qe.Player(np.array([[1.0, 0.0], [0.0, 2.0]])),
                              qe.Player(np.array([[2.0, 0.0], [0.0, 1.0]]))))
    routine = {"support_enumeration": "support_enumeration",
               "vertex_enumeration": "vertex_enumeration", "lemke_howson": "lemke_howson",
               "pure": "pure_nash_brute"}.get(key)
    if routine is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            getattr(qe, routine)(tiny)


# -- anchors ----------------------------------------------------------------------------------
def anchor_solvers(game, method: str, *, exact: bool | None = None,
                   libraries: Sequence[str] = ANCHOR_LIBRARIES) -> list[tuple[str, str, Callable]]:
    """Other libraries' routines for ``method`` on ``game``.

    Only installed libraries among ``libraries`` appear; each ``fn`` takes no argument
    (conversion of the game is done here, outside the timing).

    Parameters
    ----------
    game : NormalFormGame
        The game to solve (only two-player games have anchors).
    method : str
        A method name of :func:`contracts.solve` (``"one"`` counts as ``"lemke_howson"``).
    exact : bool, optional
        Rational arithmetic (only pygambit has it); default: follow the game.
    libraries : sequence of str
        Names from :data:`ANCHOR_LIBRARIES` to consider.

    Returns
    -------
    list of tuple
        ``[(library, variant, fn), ...]``.

    Examples
    --------
    >>> from contracts.games.generators import random_game
    >>> from contracts._bench import anchor_solvers
    >>> libs = [lib for lib, _, _ in anchor_solvers(random_game(3, rng=1), "vertex_enumeration")]
    >>> set(libs) <= {"nashpy", "quantecon", "pygambit"}
    True
    """
    if game.num_players != 2:
        return []
    exact = game.is_exact if exact is None else bool(exact)
    # writeable copies (numba-compiled QuantEcon routines reject read-only arrays)
    A, B = (np.array(M, dtype=float) for M in game.as_float().bimatrix)
    out: list[tuple[str, str, Callable]] = []
    key = {"one": "lemke_howson"}.get(method, method)

    nashpy = qe = gbt = None
    if not exact and "nashpy" in libraries:
        try:
            import nashpy
        except ImportError:
            nashpy = None
        if nashpy is not None:
            ng = nashpy.Game(A, B)
            if key == "support_enumeration":
                out.append(("nashpy", "float", lambda: list(ng.support_enumeration())))
            elif key == "vertex_enumeration":
                out.append(("nashpy", "float", lambda: list(ng.vertex_enumeration())))
            elif key == "lemke_howson":
                out.append(("nashpy", "float label 0",
                            lambda: ng.lemke_howson(initial_dropped_label=0)))
    if not exact and "quantecon" in libraries:
        try:
            import quantecon.game_theory as qe
        except ImportError:
            qe = None
        if qe is not None:
            qg = qe.NormalFormGame((qe.Player(A), qe.Player(B.T.copy())))
            _quantecon_compile(qe, key)
            if key == "support_enumeration":
                out.append(("quantecon", "warm", lambda: qe.support_enumeration(qg)))
            elif key == "vertex_enumeration":
                out.append(("quantecon", "warm", lambda: qe.vertex_enumeration(qg)))
            elif key == "lemke_howson":
                out.append(("quantecon", "warm label 0", lambda: [qe.lemke_howson(qg)]))
            elif key == "pure":
                out.append(("quantecon", "warm", lambda: qe.pure_nash_brute(qg)))
    if "pygambit" in libraries:
        try:
            import pygambit as gbt
        except ImportError:
            gbt = None
    if gbt is not None:
        if exact:
            gg = gbt.Game.from_arrays(*game.as_exact().bimatrix)
        else:
            gg = gbt.Game.from_arrays(A, B)
        rational = bool(exact)
        variant = "exact" if exact else "float"
        if key == "vertex_enumeration":
            out.append(("pygambit", variant,
                        lambda: gbt.nash.enummixed_solve(gg, rational=rational)))
        elif key == "lemke_howson":
            out.append(("pygambit", variant,
                        lambda: gbt.nash.lcp_solve(gg, rational=rational, stop_after=1)))
        elif key == "pure":
            out.append(("pygambit", "enumpure", lambda: gbt.nash.enumpure_solve(gg)))
        elif key == "zero_sum":
            out.append(("pygambit", variant, lambda: gbt.nash.lp_solve(gg, rational=rational)))
    return out


# -- the benchmark ----------------------------------------------------------------------------
@renamed(seed="rng")
def run_bench(family: str, sizes: Sequence[int], methods: Sequence[str], *, repeats: int = 5,
              anchors: bool | Sequence[str] = True, exact: bool | None = None,
              budget: float = 10.0, rng: Any = None,
              progress: Callable[[str], None] | None = None) -> list[dict]:
    """Time each method on each size of a game family, against other libraries.

    Parameters
    ----------
    family : str
        A key of :data:`contracts.games.generators.FAMILIES` (``"random"``, ``"coordination"``,
        ``"sgc"``, ``"unit_vector"``, ``"savani_von_stengel"``, ...).
    sizes : sequence of int
        Game sizes (number of actions, or the family's own size parameter).
    methods : sequence of str
        Method names of :func:`contracts.solve`.
    repeats : int
        Timed runs per (library, method, size) after one warm-up call.
    anchors : bool or sequence of str
        ``True``: also time nashpy, QuantEcon and pygambit where installed; a list: only those
        libraries (names from :data:`ANCHOR_LIBRARIES`); ``False``: contracts only.
    exact : bool, optional
        Solve in exact arithmetic (and compare with pygambit's rational mode); default: follow
        each game (the benchmark families have float payoffs).
    budget : float
        Seconds: a first call slower than this is the only run; timing stops after about three
        budgets.
    rng : int, numpy.random.Generator or SeedSequence, optional
        Randomness of random families, passed to :func:`numpy.random.default_rng` (default
        ``1000 + size``). ``seed`` is a deprecated alias.
    progress : callable, optional
        Called with a short message before each measurement (the CLI prints it on stderr).

    Returns
    -------
    list of dict
        One row per (size, method, library) with keys ``family, size, shape, method, library,
        variant, median_s, min_s, runs, equilibria, ratio, error``.

    Examples
    --------
    >>> from contracts._bench import run_bench, format_table
    >>> rows = run_bench("coordination", [2], ["pure"], repeats=1, anchors=False)
    >>> rows[0]["library"], rows[0]["equilibria"]
    ('contracts', 2)
    """
    from ..games.generators import FAMILIES, make_family

    if family not in FAMILIES:
        raise InvalidParameterError(f"run_bench: unknown family {family!r}; expected one of "
                                    f"{', '.join(FAMILIES)}")
    if not isinstance(repeats, int) or repeats < 1:
        raise InvalidParameterError(f"run_bench: parameter 'repeats' = {repeats!r} must be a "
                                    "positive integer")
    if not methods:
        raise InvalidParameterError("run_bench: give at least one method")
    if anchors is True:
        libraries: tuple = ANCHOR_LIBRARIES
    elif anchors is False or anchors is None:
        libraries = ()
    else:
        libraries = tuple(anchors)
        unknown = [x for x in libraries if x not in ANCHOR_LIBRARIES]
        if unknown:
            raise InvalidParameterError(f"run_bench: unknown anchor librar(ies) {unknown}; "
                                        f"expected names from {ANCHOR_LIBRARIES}")
    rows: list[dict] = []
    for size in sizes:
        game = make_family(family, size, seed=rng)
        shape = "x".join(str(k) for k in game.num_actions)
        exact_here = game.is_exact if exact is None else bool(exact)
        for method in methods:
            base = {"family": family, "size": size, "shape": shape, "method": method}
            if progress:
                progress(f"{family} {shape}: {method} (contracts)")
            ours = dict(base, library="contracts", variant="exact" if exact_here else "float")
            ours.update(_measure(lambda: _solve(game, method, exact_here), repeats, budget))
            rows.append(ours)
            for lib, variant, fn in anchor_solvers(game, method, exact=exact_here,
                                                   libraries=libraries):
                if progress:
                    progress(f"{family} {shape}: {method} ({lib})")
                row = dict(base, library=lib, variant=variant)
                row.update(_measure(fn, repeats, budget))
                if ours["median_s"] and row["median_s"]:
                    row["ratio"] = row["median_s"] / ours["median_s"]
                rows.append(row)
            if ours["median_s"]:
                ours["ratio"] = 1.0
    return rows


def _solve(game, method: str, exact: bool):
    import contracts
    if exact:
        return contracts.solve(game, method=method, exact=True)
    return contracts.solve(game, method=method)


def _measure(fn: Callable[[], Any], repeats: int, budget: float) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            times, out, warm = _time(fn, repeats, budget)
        except Exception as exc:  # a library failing is a result, not a crash of the benchmark
            return {"median_s": None, "min_s": None, "runs": 0, "equilibria": None,
                    "ratio": None, "error": _one_line(f"{type(exc).__name__}: {exc}")}
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": len(times),
            "equilibria": _count(out), "ratio": None,
            "error": "" if warm else "first call over budget; single run"}


def _one_line(text: str, limit: int = 120) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text).strip().splitlines()[0] if text.strip() else text
    return text if len(text) <= limit else text[:limit - 3] + "..."


# -- output -----------------------------------------------------------------------------------
def _fmt_time(t: float | None) -> str:
    if t is None:
        return "-"
    if t >= 1:
        return f"{t:.3g} s"
    if t >= 1e-3:
        return f"{t * 1e3:.3g} ms"
    return f"{t * 1e6:.3g} µs"


def format_table(rows: Sequence[dict], fmt: str = "table") -> str:
    """Rows of :func:`run_bench` as an aligned ``"table"``, ``"csv"`` or ``"json"`` text.

    Parameters
    ----------
    rows : sequence of dict
        Rows of :func:`run_bench`.
    fmt : {"table", "csv", "json"}
        The output format.

    Returns
    -------
    str
        The text (no trailing newline).

    Examples
    --------
    >>> from contracts._bench import format_table
    >>> row = {"family": "random", "size": 4, "shape": "4x4", "method": "pure",
    ...        "library": "contracts", "variant": "float", "median_s": 0.0012, "min_s": 0.001,
    ...        "runs": 5, "equilibria": 1, "ratio": 1.0, "error": ""}
    >>> print(format_table([row], "csv").splitlines()[1])
    random,4,4x4,pure,contracts,float,0.0012,0.001,5,1,1.0,
    """
    if fmt == "json":
        return json.dumps(list(rows), indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=_COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in _COLUMNS})
        return buf.getvalue().rstrip("\n")
    if fmt != "table":
        raise InvalidParameterError(f"format_table: fmt must be 'table', 'csv' or 'json', got "
                                    f"{fmt!r}")
    header = ["family", "game", "method", "library", "variant", "median", "min", "runs",
              "equilibria", "ratio", "note"]
    body = []
    for r in rows:
        ratio = r.get("ratio")
        body.append([str(r.get("family", "")), str(r.get("shape", "")), str(r.get("method", "")),
                     str(r.get("library", "")), str(r.get("variant", "")),
                     _fmt_time(r.get("median_s")), _fmt_time(r.get("min_s")),
                     str(r.get("runs", "")),
                     "-" if r.get("equilibria") is None else str(r["equilibria"]),
                     "-" if ratio is None else f"{ratio:.3g}", str(r.get("error") or "")])
    widths = [max(len(row[c]) for row in [header] + body) for c in range(len(header))]
    lines = ["  ".join(x.ljust(w) for x, w in zip(row, widths)).rstrip()
             for row in [header] + body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("ratio = library's median time / contracts' median time (above 1: contracts "
                 "is faster)")
    return "\n".join(lines)

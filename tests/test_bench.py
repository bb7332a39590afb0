"""contracts.bench: timing rows, anchors (nashpy, QuantEcon, pygambit), table/csv/json output."""

from __future__ import annotations

import csv
import importlib.util
import io
import json

import pytest

from contracts._bench import ANCHOR_LIBRARIES, _time, anchor_solvers, format_table, run_bench
from contracts.exceptions import InvalidParameterError
from contracts.games.generators import coordination_game, random_game

KEYS = {"family", "size", "shape", "method", "library", "variant", "median_s", "min_s", "runs",
        "equilibria", "ratio", "error"}


def have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def ours_available(method: str) -> bool:
    mod = {"vertex_enumeration": "contracts.equilibrium.vertex_enumeration",
           "support_enumeration": "contracts.equilibrium.support_enumeration",
           "pure": "contracts.equilibrium.pure"}[method]
    return have("contracts.equilibrium.solve") and have(mod)


def test_rows_for_coordination_games_against_pygambit():
    if not have("pygambit"):
        pytest.skip("pygambit not installed")
    rows = run_bench("coordination", [2, 3], ["vertex_enumeration"], repeats=2,
                     anchors=["pygambit"])
    assert all(set(r) == KEYS for r in rows)
    assert [(r["size"], r["library"]) for r in rows] == [
        (2, "contracts"), (2, "pygambit"), (3, "contracts"), (3, "pygambit")]
    gambit = [r for r in rows if r["library"] == "pygambit"]
    # coordination games have 2^n - 1 equilibria: the anchors must find them all
    assert [r["equilibria"] for r in gambit] == [3, 7]
    assert all(r["runs"] == 2 and 0 < r["min_s"] <= r["median_s"] for r in gambit)
    ours = [r for r in rows if r["library"] == "contracts"]
    if ours_available("vertex_enumeration"):
        assert [r["equilibria"] for r in ours] == [3, 7]
        assert all(r["ratio"] == 1.0 for r in ours)
        assert all(r["ratio"] == pytest.approx(r["median_s"] / o["median_s"])
                   for r, o in zip(gambit, ours))
    else:  # the failure is reported in the row, the benchmark goes on
        assert all(r["median_s"] is None and "vertex_enumeration" in r["error"] for r in ours)


def test_support_enumeration_against_nashpy_on_random_game():
    if not have("nashpy"):
        pytest.skip("nashpy not installed")
    rows = run_bench("random", [3], ["support_enumeration"], repeats=1, anchors=["nashpy"])
    nash = next(r for r in rows if r["library"] == "nashpy")
    assert nash["shape"] == "3x3" and nash["equilibria"] >= 1 and nash["error"] == ""
    if ours_available("support_enumeration"):
        ours = next(r for r in rows if r["library"] == "contracts")
        assert ours["equilibria"] >= nash["equilibria"] and ours["error"] == ""
        assert nash["ratio"] > 0


def test_no_anchors_and_exact_variant():
    rows = run_bench("sgc", [1], ["pure"], repeats=1, anchors=False)
    assert [r["library"] for r in rows] == ["contracts"]
    rows = run_bench("sgc", [1], ["pure"], repeats=1, anchors=False, exact=True)
    assert rows[0]["variant"] == "exact"


def test_anchor_solvers_selection():
    g = random_game(3, rng=1)
    chosen = ("nashpy", "pygambit")        # QuantEcon compiles with numba: kept out of this test
    libs = {lib for lib, _, _ in anchor_solvers(g, "vertex_enumeration", libraries=chosen)}
    assert libs == {lib for lib in chosen if have(lib)}
    assert set(ANCHOR_LIBRARIES) == {"nashpy", "quantecon", "pygambit"}
    assert anchor_solvers(g, "vertex_enumeration", libraries=()) == []
    assert anchor_solvers(random_game((2, 2, 2), rng=1), "vertex_enumeration") == []
    exact = anchor_solvers(coordination_game(3), "vertex_enumeration", exact=True)
    assert all(lib == "pygambit" and variant == "exact" for lib, variant, _ in exact)
    if exact:
        assert len(exact[0][2]().equilibria) == 7


def test_anchor_quantecon_lemke_howson_runs():
    if not have("quantecon"):
        pytest.skip("quantecon not installed")
    g = random_game(4, rng=1004)
    (lib, variant, fn), = anchor_solvers(g, "lemke_howson", libraries=("quantecon",))
    (ne,) = fn()
    assert lib == "quantecon" and g.is_nash(ne)


def test_budget_limits_runs():
    calls = []
    times, out, warm = _time(lambda: calls.append(1) or len(calls), repeats=5, budget=0.0)
    assert len(times) == 1 and not warm and out == 1
    times, out, warm = _time(lambda: calls.append(1) or len(calls), repeats=3, budget=10.0)
    assert len(times) == 3 and warm and out == 5      # warm-up call + 3 timed calls


def test_failures_become_rows():
    rows = run_bench("coordination", [2], ["zero_sum"], repeats=1, anchors=False)
    # the coordination game is not zero-sum (or the solver is missing): either way a row, no crash
    assert len(rows) == 1 and set(rows[0]) == KEYS


@pytest.mark.parametrize("kwargs", [dict(family="chess"), dict(repeats=0), dict(methods=[]),
                                    dict(anchors=["matlab"])])
def test_bad_arguments(kwargs):
    args = dict(family="random", sizes=[2], methods=["pure"], repeats=1, anchors=False)
    args.update(kwargs)
    family, sizes, methods = args.pop("family"), args.pop("sizes"), args.pop("methods")
    with pytest.raises(InvalidParameterError):
        run_bench(family, sizes, methods, **args)


ROWS = [
    {"family": "random", "size": 4, "shape": "4x4", "method": "support_enumeration",
     "library": "contracts", "variant": "float", "median_s": 0.00125, "min_s": 0.001, "runs": 5,
     "equilibria": 3, "ratio": 1.0, "error": ""},
    {"family": "random", "size": 4, "shape": "4x4", "method": "support_enumeration",
     "library": "nashpy", "variant": "float", "median_s": 21.5, "min_s": 20.0, "runs": 1,
     "equilibria": 2, "ratio": 17200.0, "error": "first call over budget; single run"},
    {"family": "random", "size": 4, "shape": "4x4", "method": "support_enumeration",
     "library": "quantecon", "variant": "warm", "median_s": None, "min_s": None, "runs": 0,
     "equilibria": None, "ratio": None, "error": "ImportError: no numba"},
]


def test_format_table_text():
    text = format_table(ROWS)
    lines = text.splitlines()
    assert lines[0].split()[:5] == ["family", "game", "method", "library", "variant"]
    assert set(lines[1]) <= {"-", " "}
    assert "1.25 ms" in lines[2] and "21.5 s" in lines[3] and "1.72e+04" in lines[3]
    assert "ImportError: no numba" in lines[4] and " - " in lines[4]
    assert "ratio = library's median time / contracts'" in lines[-1]


def test_format_table_csv_and_json():
    rows = list(csv.DictReader(io.StringIO(format_table(ROWS, "csv"))))
    assert [r["library"] for r in rows] == ["contracts", "nashpy", "quantecon"]
    assert float(rows[1]["median_s"]) == 21.5 and rows[2]["median_s"] == ""
    assert json.loads(format_table(ROWS, "json")) == ROWS
    with pytest.raises(InvalidParameterError):
        format_table(ROWS, "xml")


def test_rng_and_exact_follow_the_vocabulary():
    # rng (passed on to numpy.random.default_rng) replaces seed, kept one release with a warning
    new = run_bench("random", [2], ["pure"], repeats=1, anchors=False, rng=7)
    with pytest.warns(DeprecationWarning, match="'seed' is deprecated; use 'rng'"):
        old = run_bench("random", [2], ["pure"], repeats=1, anchors=False, seed=7)
    assert new[0]["equilibria"] == old[0]["equilibria"] and new[0]["shape"] == "2x2"
    # exact=None follows the game: the families are float, an exact game is solved exactly
    assert new[0]["variant"] == "float"
    exact_game = coordination_game(3).as_exact()
    libs = ("nashpy", "pygambit")          # QuantEcon compiles with numba: kept out
    follow = anchor_solvers(exact_game, "vertex_enumeration", libraries=libs)
    assert all(lib == "pygambit" and v == "exact" for lib, v, _ in follow)
    floats = anchor_solvers(exact_game, "vertex_enumeration", exact=False, libraries=libs)
    assert {lib for lib, _, _ in floats} == {lib for lib in libs if have(lib)}
    assert all(v == "float" for _, v, _ in floats)

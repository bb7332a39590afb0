"""The ``contracts`` command line: exit codes, csv/json/table output, convert, bench, explain."""

from __future__ import annotations

import importlib
import importlib.util
import json
import pathlib
import re
import shutil
import subprocess
import sys
from fractions import Fraction

import pytest

import contracts as ct
from contracts.cli import (UsageError, format_result, game_from_json, game_to_json, main,
                           parse_assignment, parse_value)
from contracts.results import EquilibriumResult, build_result

from conftest import load_corpus

GAMBIT = pathlib.Path(__file__).resolve().parent / "data" / "corpus" / "gambit"
COORD3 = GAMBIT / "contrib" / "coord3.nfg"
MODULES = {"vertex_enumeration": "contracts.equilibrium.vertex_enumeration",
           "support_enumeration": "contracts.equilibrium.support_enumeration",
           "lemke_howson": "contracts.equilibrium.lemke_howson",
           "lemke_howson_all": "contracts.equilibrium.lemke_howson",
           "pure": "contracts.equilibrium.pure", "one": "contracts.equilibrium.one"}



def need_method(method: str):
    """Every method the CLI offers has its solver module: a missing one fails, never skips."""
    assert importlib.util.find_spec(MODULES[method]) is not None, f"no solver module for {method}"


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def corpus_case(name):
    return next(c for c in load_corpus() if c["name"] == name)


def parse_csv(out: str):
    lines = [ln for ln in out.splitlines() if ln]
    for ln in lines:
        assert re.fullmatch(r"NE(,-?[0-9./e+-]+)+", ln), ln
    return lines


# ----------------------------------------------------------------------------------------------
# usage errors: exit 2
# ----------------------------------------------------------------------------------------------
def test_help_and_version(capsys):
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "solve" in out and "bench" in out
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and ct.__version__ in out


@pytest.mark.parametrize("argv", [[], ["solve"], ["frobnicate"], ["solve", "x.nfg", "--format",
                                                                  "xml"],
                                  ["bench", "--repeats", "many"]])
def test_usage_errors_exit_2(argv, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err


def test_unknown_method_exit_2(capsys):
    code, out, err = run(["solve", str(COORD3), "--method", "simplex"], capsys)
    assert code == 2 and "unknown method" in err and "vertex_enumeration" in err and out == ""


def test_methods_lists_solvers(capsys):
    code, out, _ = run(["methods"], capsys)
    assert code == 0 and "vertex_enumeration" in out and "lemke_howson" in out


# ----------------------------------------------------------------------------------------------
# invalid input: exit 3
# ----------------------------------------------------------------------------------------------
def test_missing_file_exit_3(tmp_path, capsys):
    code, out, err = run(["solve", str(tmp_path / "nope.nfg")], capsys)
    assert code == 3 and out == "" and "nope.nfg" in err


def test_malformed_nfg_exit_3_with_position(tmp_path, capsys):
    bad = tmp_path / "bad.nfg"
    bad.write_text('NFG 1 R "t" { "a" "b" } { 2 2 }\n3 3 5 0\n0 x 1 1\n')
    code, out, err = run(["solve", str(bad)], capsys)
    assert code == 3 and out == ""
    assert f"{bad}:3:3: read_nfg: expected" in err


def test_malformed_efg_input_exit_3(tmp_path, capsys):
    f = tmp_path / "g.efg"
    f.write_text('EFG 2 R "x" { "a" "b" }\n')
    code, _, err = run(["solve", str(f)], capsys)
    assert code == 3 and "efg" in err.lower()


def test_efg_solved_through_reduced_strategic_form(capsys):
    """corpus gambit_efg_stripped_down_poker: ((1/3, 2/3, 0, 0), (2/3, 1/3))."""
    import pathlib
    path = pathlib.Path(__file__).parent / "data" / "corpus" / "gambit" / "tests" / \
        "stripped_down_poker.efg"
    code, out, err = run(["solve", str(path), "--format", "csv", "-m", "vertex_enumeration"],
                         capsys)
    assert code == 0 and "reduced strategic form" in err
    assert out.strip().splitlines() == ["NE,1/3,2/3,0,0,2/3,1/3"]


def test_invalid_json_game_exit_3(tmp_path, capsys):
    f = tmp_path / "g.json"
    f.write_text('{"payoffs": [[[1, 2]], [[1]]]}')
    code, _, err = run(["solve", str(f)], capsys)
    assert code == 3 and "NormalFormGame" in err
    f.write_text('{"payoffs": [[[1, "x"]], [[1, 2]]]}')
    assert run(["convert", str(f)], capsys)[0] == 3
    f.write_text('{"payoffs": ')
    code, _, err = run(["convert", str(f)], capsys)
    assert code == 3 and "invalid JSON" in err


# ----------------------------------------------------------------------------------------------
# solve against the real dispatcher
# ----------------------------------------------------------------------------------------------
def _expected(case):
    return {tuple(tuple(Fraction(x) for x in s) for s in eq) for eq in case["equilibria"]}


def _from_csv(lines, shape):
    m, n = shape
    out = set()
    for ln in lines:
        vals = [Fraction(v) for v in ln.split(",")[1:]]
        assert len(vals) == m + n
        out.add((tuple(vals[:m]), tuple(vals[m:])))
    return out


@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration"])
def test_solve_csv_exact_matches_corpus(method, capsys):
    # corpus case gambit_coord3: 7 extreme equilibria, exact
    need_method(method)
    case = corpus_case("gambit_coord3")
    code, out, err = run(["solve", str(COORD3), "--method", method, "--exact", "--format",
                          "csv"], capsys)
    assert code == 0, err
    lines = parse_csv(out)
    assert "NE,1/2,1/2,0,2/5,3/5,0" in lines          # Gambit-style exact fractions
    assert _from_csv(lines, (3, 3)) == _expected(case)


def test_solve_csv_float_and_decimals(capsys):
    need_method("lemke_howson_all")
    code, out, _ = run(["solve", str(COORD3), "-m", "lemke_howson_all", "-f", "csv"], capsys)
    assert code == 0
    lines = parse_csv(out)
    got = {tuple(round(float(v), 9) for v in ln.split(",")[1:]) for ln in lines}
    want = {tuple(round(float(x), 9) for s in eq for x in s)
            for eq in _expected(corpus_case("gambit_coord3"))}
    assert got <= want and len(got) >= 1
    code, out, _ = run(["solve", str(COORD3), "-m", "lemke_howson_all", "-f", "csv", "-d", "3"],
                       capsys)
    assert code == 0 and all(re.fullmatch(r"NE(,\d\.\d{3})+", ln) for ln in out.split())


def test_solve_json_and_table(capsys):
    need_method("lemke_howson")
    code, out, _ = run(["solve", str(COORD3), "-m", "lemke_howson", "--exact", "-f", "json"],
                       capsys)
    assert code == 0
    data = json.loads(out)
    assert data["exact"] is True and data["players"] == ["Player 1", "Player 2"]
    eq = data["equilibria"][0]
    strat = [[Fraction(x) for x in s] for s in eq["strategies"]]
    game = ct.read_nfg(COORD3)
    assert game.is_nash(strat)
    code, out, _ = run(["solve", str(COORD3), "-m", "lemke_howson"], capsys)
    assert code == 0
    assert "Player 1:1" in out and "payoff Player 2" in out


def test_solve_reads_stdin_via_subprocess():
    need_method("lemke_howson")
    text = COORD3.read_text()
    proc = subprocess.run([sys.executable, "-m", "contracts", "solve", "-", "-m",
                           "lemke_howson", "--exact", "-f", "csv"], input=text,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "NE,1,0,0,1,0,0"
    bad = subprocess.run([sys.executable, "-m", "contracts", "solve", "-"], input="NFG 1 R",
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 3 and "<stdin>:1:8" in bad.stderr and bad.stdout == ""


def test_console_script_if_installed():
    exe = shutil.which("contracts")
    if exe is None:
        pytest.skip("console script not on PATH")
    proc = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "solve" in proc.stdout


def test_non_convergence_exit_4(monkeypatch, capsys):
    """The CLI maps converged=False (and ConvergenceError) to exit code 4."""
    import contracts.equilibrium.solve as solve_mod
    game = ct.read_nfg(COORD3)
    partial = build_result(game, [((1, 0, 0), (1, 0, 0))], method="logit", converged=False,
                           message="stopped after 10 steps")

    monkeypatch.setattr(solve_mod, "solve", lambda g, method=None, **kw: partial)
    code, out, err = run(["solve", str(COORD3), "-m", "logit", "-f", "csv"], capsys)
    assert code == 4 and out.strip() == "NE,1,0,0,1,0,0" and "did not converge" in err

    def boom(g, method=None, **kw):
        raise ct.ConvergenceError("logit: no convergence in 10 steps")
    monkeypatch.setattr(solve_mod, "solve", boom)
    code, out, err = run(["solve", str(COORD3), "-m", "logit"], capsys)
    assert code == 4 and "no convergence" in err


# ----------------------------------------------------------------------------------------------
# output formatting (independent of the solvers)
# ----------------------------------------------------------------------------------------------
def _coordination_result(exact=True):
    game = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], exact=exact,
                                           players=("government", "agency"))
    h = Fraction(1, 2) if exact else 0.5
    profiles = [((1, 0), (1, 0)), ((h, h), (h, h)), ((0, 1), (0, 1))]
    return game, build_result(game, profiles, method="test", exact=exact, complete=True)


def test_format_result_csv_exact_and_float():
    game, res = _coordination_result(True)
    assert format_result(res, game, "csv").splitlines() == [
        "NE,1,0,1,0", "NE,1/2,1/2,1/2,1/2", "NE,0,1,0,1"]
    game, res = _coordination_result(False)
    assert format_result(res, game, "csv").splitlines()[1] == "NE,0.5,0.5,0.5,0.5"
    assert format_result(res, game, "csv", decimals=2).splitlines()[0] == "NE,1.00,0.00,1.00,0.00"


def test_format_result_json_and_table():
    game, res = _coordination_result(True)
    data = json.loads(format_result(res, game, "json"))
    assert data["complete"] is True and len(data["equilibria"]) == 3
    assert data["equilibria"][1]["strategies"] == [["1/2", "1/2"], ["1/2", "1/2"]]
    assert data["equilibria"][1]["payoffs"] == ["1/2", "1/2"]
    table = format_result(res, game, "table")
    assert "3 equilibria" in table and "government:a1" in table and "agency:b2" in table
    empty = EquilibriumResult(method="test")
    assert "0 equilibria" in format_result(empty, game, "table")
    assert format_result(empty, game, "csv") == ""


# ----------------------------------------------------------------------------------------------
# convert
# ----------------------------------------------------------------------------------------------
def test_convert_round_trip(tmp_path, capsys):
    src = GAMBIT / "catalog" / "journals__ijgt__nau2004__sec3.nfg"
    js = tmp_path / "g.json"
    back = tmp_path / "g.nfg"
    assert run(["convert", str(src), "-o", str(js)], capsys)[0] == 0
    data = json.loads(js.read_text())
    assert data["format"] == "contracts.NormalFormGame" and data["title"] == "Battle of the Sexes"
    assert run(["convert", str(js), "-o", str(back)], capsys)[0] == 0
    g, h = ct.read_nfg(src), ct.read_nfg(back)
    assert g == h and g.title == h.title and g.comment == h.comment
    code, out, _ = run(["convert", str(src)], capsys)      # nfg -> json on stdout
    assert code == 0 and json.loads(out)["players"] == ["Player 1", "Player 2"]
    code, out, _ = run(["convert", str(js), "--to", "nfg"], capsys)
    assert code == 0 and out.startswith('NFG 1 R "Battle of the Sexes"')


def test_json_game_exact_values():
    g = ct.read_nfg('NFG 1 R "x" { "a" "b" } { 2 1 } 1/3 2 0.5 -1')
    data = game_to_json(g)
    assert data["exact"] is True and data["payoffs"][0] == [["1/3"], ["1/2"]]
    h = game_from_json(json.dumps(data))
    assert h == g and h.is_exact and h.title == "x"
    f = game_from_json({"payoffs": [[[1, 2], [3, 4]], [[0, 0], [1, 1]]]})
    assert not f.is_exact and f.num_actions == (2, 2)


# ----------------------------------------------------------------------------------------------
# explain and --set parsing
# ----------------------------------------------------------------------------------------------
def test_parse_value_types():
    assert parse_value("3") == 3 and isinstance(parse_value("3"), int)
    assert parse_value("0.25") == 0.25 and parse_value("1e-3") == 0.001
    assert parse_value("true") is True and parse_value("FALSE") is False
    assert parse_value("ministry") == "ministry"


def test_parse_assignment_errors():
    assert parse_assignment(["a=1", "b = x y"]) == {"a": 1, "b": " x y"}
    for bad in (["novalue"], ["=3"], ["1x=3"], ["a=1", "a=2"]):
        with pytest.raises(UsageError):
            parse_assignment(bad)


def test_explain_bad_set_is_usage_error(capsys):
    code, out, err = run(["explain", "passive_dismissal", "--set", "discount"], capsys)
    assert code == 2 and "name=value" in err and out == ""


def test_explain_without_models_layer(monkeypatch, capsys):
    import contracts.models as models
    monkeypatch.delattr(models, "explain_model")
    code, out, err = run(["explain", "passive_dismissal", "--set", "discount=0.9"], capsys)
    assert code == 2 and out == "" and "explain_model is missing" in err


def test_explain_with_models_layer(monkeypatch, capsys):
    """--set values reach explain_model typed; the report goes to stdout."""
    import contracts.models as models
    seen = {}

    def explain_model(name, overrides):
        seen.update(name=name, overrides=overrides)
        if name == "unknown":
            raise ct.InvalidParameterError("explain_model: unknown model 'unknown'")
        return f"report for {name}"
    monkeypatch.setattr(models, "explain_model", explain_model, raising=False)
    code, out, _ = run(["explain", "nominal_contract", "--set", "discount=0.9", "--set",
                        "tiers=3", "--set", "collusion=false"], capsys)
    assert code == 0 and out.strip() == "report for nominal_contract"
    assert seen["overrides"] == {"discount": 0.9, "tiers": 3, "collusion": False}
    code, out, err = run(["explain", "unknown"], capsys)
    assert code == 3 and "unknown model" in err
    code, out, _ = run(["explain", "nominal_contract", "-f", "json"], capsys)
    assert json.loads(out)["report"] == "report for nominal_contract"


# ----------------------------------------------------------------------------------------------
# bench
# ----------------------------------------------------------------------------------------------
def test_bench_command_csv(capsys):
    code, out, err = run(["bench", "--family", "coordination", "--sizes", "2,3", "--methods",
                          "vertex_enumeration", "--repeats", "1", "--format", "csv",
                          "--anchors", "pygambit"], capsys)
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("family,size,shape,method,library")
    rows = [ln.split(",") for ln in lines[1:]]
    assert {r[4] for r in rows} >= {"contracts"}
    assert "coordination 2x2" in err                          # progress on stderr


def test_bench_command_usage_errors(capsys):
    assert run(["bench", "--sizes", "4,x"], capsys)[0] == 2
    assert run(["bench", "--methods", "magic"], capsys)[0] == 2
    assert run(["bench", "--family", "chess"], capsys)[0] == 2
    assert run(["bench", "--anchors", "matlab"], capsys)[0] == 2

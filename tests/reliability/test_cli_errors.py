"""The CLI never prints a traceback: library errors exit 3 with a message, usage errors 2."""

import json

import pytest

from contracts.cli import main


def run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:       # pragma: no cover - main returns, it should not exit
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _json(tmp_path, text, name="g.json"):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


MP = 'NFG 1 R "" { "a" "b" } { 2 2 } 1 -1 -1 1 -1 1 1 -1'


@pytest.fixture
def mp(tmp_path):
    p = tmp_path / "mp.nfg"
    p.write_text(MP)
    return str(p)


def test_cli_solve_json_payoffs_5(tmp_path, capsys):
    code, _, err = run(["solve", _json(tmp_path, '{"payoffs": 5}')], capsys)
    assert code == 3 and "payoffs" in err and "list" in err


def test_cli_solve_json_null_action_lists(tmp_path, capsys):
    path = _json(tmp_path, '{"payoffs": [[[1,0],[0,1]],[[1,0],[0,1]]], "actions": [null, null]}')
    code, _, err = run(["solve", path], capsys)
    assert code == 3 and "action labels" in err


def test_cli_solve_json_null_action_label(tmp_path, capsys):
    path = _json(tmp_path, '{"payoffs": [[[1,0],[0,1]],[[1,0],[0,1]]], '
                           '"actions": [["a", null], ["c", "d"]]}')
    code, _, err = run(["solve", path], capsys)
    assert code == 3 and "None" in err


def test_cli_solve_json_deep_nesting(tmp_path, capsys):
    path = _json(tmp_path, '{"payoffs": ' + "[" * 100000 + "]" * 100000 + "}")
    code, _, err = run(["solve", path], capsys)
    assert code == 3 and "nested too deeply" in err


def test_cli_solve_json_deep_payoff_arrays(tmp_path, capsys):
    path = _json(tmp_path, '{"payoffs": ' + "[" * 200 + "1" + "]" * 200 + "}")
    code, _, err = run(["solve", path], capsys)
    assert code == 3 and "nested" in err


def test_cli_solve_json_400_digit_integer(tmp_path, capsys):
    path = _json(tmp_path, '{"payoffs": [[[%s,0],[0,1]],[[1,0],[0,1]]]}' % ("9" * 400))
    code, _, err = run(["solve", path], capsys)
    assert code == 3 and "400 digits" in err


def test_cli_solve_json_5000_digit_integer(tmp_path, capsys):
    path = _json(tmp_path, '{"payoffs": [[[%s,0],[0,1]],[[1,0],[0,1]]]}' % ("9" * 5000))
    code, _, err = run(["solve", path], capsys)
    assert code == 3 and "digits" in err


def test_cli_solve_decimals_minus_1(mp, capsys):
    code, _, err = run(["solve", mp, "-d", "-1"], capsys)
    assert code == 2 and "--decimals" in err


def test_cli_convert_output_to_missing_directory(mp, tmp_path, capsys):
    code, _, err = run(["convert", mp, "-o", str(tmp_path / "no" / "such" / "g.json")], capsys)
    assert code == 3 and "does not exist" in err


def test_cli_convert_output_to_a_directory(mp, tmp_path, capsys):
    code, _, err = run(["convert", mp, "-o", str(tmp_path)], capsys)
    assert code == 3 and "is a directory" in err


def test_cli_bench_seed_minus_1(capsys):
    code, _, err = run(["bench", "--seed", "-1", "--no-anchors", "--sizes", "2"], capsys)
    assert code == 2 and "--seed" in err


def test_cli_bench_repeats_zero(capsys):
    code, _, err = run(["bench", "--repeats", "0", "--no-anchors", "--sizes", "2"], capsys)
    assert code == 2 and "--repeats" in err


@pytest.mark.parametrize("kind", ["nfg", "json"])
def test_cli_1e400_payoff_method_one(tmp_path, capsys, kind):
    if kind == "nfg":
        path = tmp_path / "inf.nfg"
        path.write_text('NFG 1 R "" { "a" "b" } { 2 2 } 1e400 0 0 1 0 1 1 0')
    else:
        path = tmp_path / "inf.json"
        path.write_text('{"payoffs": [[[1e400,0],[0,1]],[[1,0],[0,1]]]}')
    code, out, err = run(["solve", str(path), "--method", "one"], capsys)
    if kind == "nfg":     # an exact game beyond the float range: solved exactly, no overflow
        assert code == 0 and "1 equilibrium" in out and "exact" in out
    else:                 # a JSON float 1e400 is inf: a named error
        assert code == 3 and "error:" in err


def test_cli_explain_nominal_contract_value_scale_1e308(capsys):
    code, _, err = run(["explain", "nominal_contract", "--set", "value_scale=1e308"], capsys)
    assert code in (0, 3)
    if code == 3:
        assert "error:" in err


def test_cli_solve_a_directory(tmp_path, capsys):
    code, _, err = run(["solve", str(tmp_path)], capsys)
    assert code == 3 and "directory" in err.lower()


def test_cli_solve_missing_file(tmp_path, capsys):
    code, _, err = run(["solve", str(tmp_path / "missing.nfg")], capsys)
    assert code == 3 and "missing.nfg" in err


def test_cli_solve_latin1_file_needs_encoding(tmp_path, capsys):
    p = tmp_path / "g.nfg"
    p.write_bytes(MP.replace('""', '"r\xe9gion"', 1).encode("latin-1"))
    code, _, err = run(["solve", str(p)], capsys)
    assert code == 3 and "encoding" in err
    code, out, _ = run(["solve", str(p), "--encoding", "latin-1", "-f", "json"], capsys)
    assert code == 0 and len(json.loads(out)["equilibria"]) == 1


def test_cli_debug_shows_the_traceback(tmp_path):
    with pytest.raises(Exception):
        main(["solve", _json(tmp_path, '{"payoffs": 5}'), "--debug"])


def test_cli_work_limit_is_exit_3(tmp_path, capsys):
    import numpy as np
    rng = np.random.default_rng(0)
    data = {"payoffs": [rng.integers(0, 9, (30, 30)).tolist(),
                        rng.integers(0, 9, (30, 30)).tolist()]}
    code, _, err = run(["solve", _json(tmp_path, json.dumps(data)), "-m", "support_enumeration"],
                       capsys)
    assert code == 3 and "max_supports" in err

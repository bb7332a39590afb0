"""Fuzzing the doors: constructors, readers (mutations of the corpus files), CLI arguments and
model parameters. Every case must end in a result or a named ``contracts`` error, within a
deadline. Bounded: a few dozen examples per property, the whole file in well under a minute."""

from __future__ import annotations

import contextlib
import io
import pathlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.cli import main
from contracts.exceptions import ContractsError
from contracts.io.efg import read_efg
from contracts.io.gambit import read_nfg

GAMBIT = pathlib.Path(__file__).parents[1] / "data" / "corpus" / "gambit"
NFG_FILES = sorted(p for p in GAMBIT.rglob("*.nfg") if p.stat().st_size < 3000)
EFG_FILES = sorted(p for p in GAMBIT.rglob("*.efg") if p.stat().st_size < 3000)

FUZZ = settings(max_examples=40, deadline=3000, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

# -- constructors -------------------------------------------------------------------------------
junk = st.one_of(
    st.integers(-10, 10), st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.just(10 ** 400), st.just(-(10 ** 400)), st.sampled_from(["1/2", "abc", "", "1e999", "3"]),
    st.none(), st.booleans(), st.complex_numbers(max_magnitude=5), st.just(float("1e-320")),
)
matrix = st.one_of(
    st.lists(st.lists(junk, min_size=0, max_size=3), min_size=0, max_size=3),
    junk,
    st.lists(junk, max_size=3),
)
labels = st.one_of(st.none(), st.just("ab"), st.integers(), st.lists(
    st.one_of(st.text(max_size=3), st.none(), st.integers(), st.lists(st.text(max_size=2),
                                                                       max_size=3)), max_size=3))
exact_arg = st.one_of(st.none(), st.booleans(), st.sampled_from(["no", "yes", 0, 1, 2.5]))


@FUZZ
@given(A=matrix, B=st.one_of(st.none(), matrix), players=labels, actions=labels, exact=exact_arg)
def test_fuzz_from_bimatrix_result_or_named_error(A, B, players, actions, exact):
    try:
        g = ct.NormalFormGame.from_bimatrix(A, B, players=players, actions=actions, exact=exact)
    except ContractsError:
        return
    # a game that was accepted is usable: its tolerance is finite and pure equilibria verify
    assert np.isfinite(g.default_tol()) if not g.is_exact else True
    try:
        res = ct.solve(g, method="pure")
    except ContractsError:
        return
    assert all(e.regret <= (0 if g.is_exact else g.default_tol()) for e in res)


@FUZZ
@given(payoffs=st.lists(st.lists(st.lists(junk, min_size=1, max_size=2), min_size=1,
                                 max_size=2), min_size=1, max_size=3),
       exact=exact_arg)
def test_fuzz_normal_form_game_result_or_named_error(payoffs, exact):
    try:
        ct.NormalFormGame(payoffs, exact=exact)
    except ContractsError:
        pass


# -- readers: mutations of corpus files ---------------------------------------------------------
def _mutate(data: bytes, ops) -> bytes:
    b = bytearray(data)
    for kind, pos, payload in ops:
        pos = pos % (len(b) + 1)
        if kind == "delete":
            del b[pos:pos + len(payload) + 1]
        elif kind == "insert":
            b[pos:pos] = payload
        else:
            b[pos:pos + len(payload)] = payload
    return bytes(b)


payload = st.one_of(
    st.binary(max_size=6),
    st.sampled_from([b"{", b"}", b'"', b"1e99999999", b"{ 100000000 2 }", b"\xff", b"-",
                     b"/0", b"9" * 5000, b"c", b"p", b"t", b" 0 ", b"\n", b"999999999999"]),
)
ops = st.lists(st.tuples(st.sampled_from(["delete", "insert", "replace"]),
                         st.integers(0, 10 ** 6), payload), min_size=1, max_size=4)


@FUZZ
@given(index=st.integers(0, 10 ** 6), edits=ops)
def test_fuzz_read_nfg_mutated_corpus(index, edits):
    data = _mutate(NFG_FILES[index % len(NFG_FILES)].read_bytes(), edits)
    try:
        g = read_nfg(data)
    except ContractsError:
        return
    assert read_nfg(g.to_nfg()) == g                 # accepted files round-trip


@FUZZ
@given(index=st.integers(0, 10 ** 6), edits=ops)
def test_fuzz_read_efg_mutated_corpus(index, edits):
    data = _mutate(EFG_FILES[index % len(EFG_FILES)].read_bytes(), edits)
    try:
        read_efg(data)
    except ContractsError:
        pass


# -- CLI arguments and model parameters ---------------------------------------------------------
@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzzcli")
    (d / "mp.nfg").write_text('NFG 1 R "" { "a" "b" } { 2 2 } 1 -1 -1 1 -1 1 1 -1')
    (d / "bad.json").write_text('{"payoffs": [[1, 2], [3]]}')
    (d / "p5.json").write_text('{"payoffs": 5}')
    (d / "latin.nfg").write_bytes('NFG 1 R "r\xe9gion" { "a" } { 2 } 1 2'.encode("latin-1"))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["explain", "nominal_contract"])        # warm the imports outside the deadline
    return d


values = st.sampled_from(["-1", "0", "1", "2", "1e400", "nan", "-inf", "abc", "", "999999",
                          "0.5", "1e308", "-0", "2,3", "3,x"])
options = st.sampled_from(["--method", "-m", "--exact", "--tol", "-f", "--format", "-d",
                           "--decimals", "-o", "--to", "--seed", "--sizes", "--repeats",
                           "--budget", "--family", "--set", "--encoding", "--no-anchors",
                           "--quiet", "--methods"])
method_names = st.sampled_from(["pure", "one", "support_enumeration", "vertex_enumeration",
                                "lemke_howson", "zero_sum", "nonsense", "logit"])


@settings(FUZZ, deadline=10_000)
@given(data=st.data())
def test_fuzz_cli_arguments_end_in_an_exit_code_without_traceback(files, data):
    cmd = data.draw(st.sampled_from(["solve", "convert", "bench", "methods", "explain", "nope"]))
    argv = [cmd]
    if cmd in ("solve", "convert"):
        argv.append(str(files / data.draw(st.sampled_from(
            ["mp.nfg", "bad.json", "p5.json", "latin.nfg", "missing.nfg", "."]))))
    if cmd == "explain":
        argv.append(data.draw(st.sampled_from(["nominal_contract", "passive_dismissal", "zz"])))
        for _ in range(data.draw(st.integers(0, 2))):
            argv += ["--set", data.draw(st.sampled_from(["discount", "value_scale", "budget",
                                                         "evaluation_accuracy", "x"]))
                     + "=" + data.draw(values)]
    for _ in range(data.draw(st.integers(0, 3))):
        opt = data.draw(options)
        argv.append(opt)
        if opt in ("--method", "-m"):
            argv.append(data.draw(method_names))
        elif opt == "-o":
            argv.append(str(files / data.draw(st.sampled_from(["out.json", "no/dir/x.nfg",
                                                                ".", "out.nfg"]))))
        elif opt not in ("--exact", "--no-anchors", "--quiet"):
            argv.append(data.draw(values))
    if cmd == "bench":
        argv += ["--no-anchors", "--repeats", "1", "--sizes", "2", "--quiet"]
    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except SystemExit as exc:        # argparse --help and the like
            code = exc.code
    assert code in (0, 2, 3, 4), (argv, code, err.getvalue())
    assert "Traceback" not in err.getvalue(), argv

"""Cost known before work starts: refusals with the estimate and the max_... option; readers
check declared sizes, parse numbers with limits and decode strictly."""

import time

import numpy as np
import pytest

import contracts as ct
from contracts.exceptions import FormatError, WorkLimitError
from contracts.io.efg import read_efg
from contracts.io.gambit import read_nfg


def _random(n, seed=0):
    rng = np.random.default_rng(seed)
    return ct.NormalFormGame.from_bimatrix(rng.random((n, n)), rng.random((n, n)))


@pytest.mark.parametrize("n", [16, 25])
def test_support_enumeration_16x16_and_25x25_refused_with_estimate(n):
    t0 = time.perf_counter()
    with pytest.raises(WorkLimitError, match=r"support pairs.*max_supports=") as info:
        ct.solve(_random(n), method="support_enumeration")
    assert info.value.option == "max_supports" and info.value.estimate > info.value.limit
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize("n", [25, 40])
def test_vertex_enumeration_25x25_and_40x40_refused_with_estimate(n):
    with pytest.raises(WorkLimitError, match=r"vertices.*max_vertices=") as info:
        ct.solve(_random(n), method="vertex_enumeration")
    assert info.value.option == "max_vertices"


def test_lemke_howson_all_60x60_refused_with_estimate():
    with pytest.raises(WorkLimitError, match="max_vertices"):
        ct.solve(_random(60), method="lemke_howson_all")


def test_limits_can_be_raised():
    g = _random(4)
    with pytest.raises(WorkLimitError):
        ct.solve(g, method="support_enumeration", max_supports=10)
    assert len(ct.solve(g, method="support_enumeration", max_supports=float("inf"))) >= 1
    assert len(ct.solve(g, method="vertex_enumeration", max_vertices=10 ** 9)) >= 1


def test_nfg_header_declaring_100000000_by_2_refused_before_allocating():
    t0 = time.perf_counter()
    with pytest.raises(FormatError, match="declare") as info:
        read_nfg('NFG 1 R "" { "a" "b" } { 100000000 2 } 1 2 3 4')
    assert info.value.line == 1
    with pytest.raises(FormatError, match="declare"):
        read_nfg('NFG 1 R "" { "a" "b" } { 100000 100000 } 1 2 3 4')
    assert time.perf_counter() - t0 < 2


def test_nfg_declared_profiles_above_max_profiles_is_a_work_limit():
    text = 'NFG 1 R "" { "a" "b" } { 3 3 } ' + " ".join(["1"] * 18)
    with pytest.raises(WorkLimitError, match="max_profiles"):
        read_nfg(text, max_profiles=4)
    assert read_nfg(text).num_actions == (3, 3)


@pytest.mark.parametrize("reader,text", [
    (read_nfg, 'NFG 1 R "" { "a" "b" } { 1 1 } 1e99999999 0'),
    (read_efg, 'EFG 2 R "" { "a" } p "" 1 1 "" { "x" } 0 t "" 1 "" { 1e99999999 }'),
])
def test_payoff_1e99999999_does_not_hang_the_readers(reader, text):
    t0 = time.perf_counter()
    with pytest.raises(FormatError, match="exponent"):
        reader(text)
    assert time.perf_counter() - t0 < 2


def test_nfg_number_with_10000_digits_is_a_format_error():
    with pytest.raises(FormatError, match="digits"):
        read_nfg('NFG 1 R "" { "a" } { 1 } ' + "9" * 10000)


def test_stray_non_utf8_byte_is_a_format_error_with_position(tmp_path):
    data = 'NFG 1 R "région" { "a" "b" } { 1 1 } 1 2'.encode("utf-8") + b'\n"\xff"'
    with pytest.raises(FormatError, match="0xff.*encoding") as info:
        read_nfg(data)
    assert info.value.line == 2
    latin = 'NFG 1 R "région" { "a" "b" } { 1 1 } 1 2'.encode("latin-1")
    assert read_nfg(latin, encoding="latin-1").title == "région"
    good = 'NFG 1 R "région" { "a" "b" } { 1 1 } 1 2'.encode("utf-8")
    p = tmp_path / "g.nfg"
    p.write_bytes(good)
    assert read_nfg(p).title == "région"              # never 'rÃ©gion'
    assert read_nfg(good).title == "région"


def test_read_nfg_of_a_directory_is_a_named_error(tmp_path):
    with pytest.raises(FormatError, match="directory"):
        read_nfg(tmp_path)
    with pytest.raises(FormatError, match="directory"):
        read_efg(str(tmp_path))


def test_path_string_containing_brace_is_read_as_a_path(tmp_path):
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]])
    p = tmp_path / "game{1}.nfg"
    p.write_text(g.to_nfg())
    assert read_nfg(str(p)) == g
    # text that is a game file is still text
    assert read_nfg(g.to_nfg()) == g
    with pytest.raises(FileNotFoundError):
        read_nfg(str(tmp_path / "missing.nfg"))


def _chain(depth):
    lines = ['EFG 2 R "chain" { "A" "B" }']
    for k in range(depth):
        lines.append(f'p "" {k % 2 + 1} {k + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k}, {-k} }}')
    lines.append(f't "" {depth + 1} "" {{ 0, 0 }}')
    return "\n".join(lines)


def test_chain_shaped_efg_refused_before_quadratic_work():
    t0 = time.perf_counter()
    with pytest.raises(WorkLimitError, match="max_history"):
        read_efg(_chain(20000), max_history=10 ** 6)
    assert time.perf_counter() - t0 < 5
    assert read_efg(_chain(50)).num_nodes == 101

"""Gambit .nfg reader and writer: corpus files, round trips, exact numbers, malformed input."""

from __future__ import annotations

import io
import pathlib
import pickle
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts as ct
from contracts.exceptions import FormatError, InvalidGameError
from contracts.io.gambit import (NfgGame, NfgOutcomes, format_nfg_number, read_nfg, save_nfg,
                                 nfg_string)

from conftest import load_corpus

GAMBIT = pathlib.Path(__file__).resolve().parents[1] / "data" / "corpus" / "gambit"
NFG_FILES = sorted(GAMBIT.rglob("*.nfg"))


def _same(g: NfgGame, h: NfgGame) -> None:
    """Lossless: payoffs (values and exactness), labels, title, comment, outcomes."""
    assert g == h
    assert g.is_exact == h.is_exact
    assert g.title == h.title and g.comment == h.comment
    assert g.outcomes == h.outcomes
    for a, b in zip(g.payoffs, h.payoffs):
        assert a.dtype == b.dtype
        assert [type(x) for x in a.flat] == [type(x) for x in b.flat]


# ----------------------------------------------------------------------------------------------
# the corpus
# ----------------------------------------------------------------------------------------------
def test_corpus_has_nfg_files():
    assert len(NFG_FILES) >= 50


@pytest.mark.parametrize("path", NFG_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_round_trip(path):
    g = read_nfg(path)
    text = nfg_string(g)
    h = read_nfg(text)
    _same(g, h)
    # and a second generation is byte-identical
    assert nfg_string(h) == text


@pytest.mark.parametrize("path", NFG_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_matches_pygambit(path):
    gbt = pytest.importorskip("pygambit")
    g = read_nfg(path)
    ref = gbt.read_nfg(str(path))
    assert ref.title == g.title
    assert tuple(p.label for p in ref.players) == g.players
    assert tuple(tuple(s.label for s in p.strategies) for p in ref.players) == g.actions
    for mine, theirs in zip(g.payoffs, ref.to_arrays()):
        theirs = np.asarray(theirs, dtype=object)
        assert theirs.shape == mine.shape
        assert [Fraction(str(x)) for x in theirs.flat] == [
            x if isinstance(x, Fraction) else Fraction(repr(float(x))) for x in mine.flat]


GAMBIT_CASES = [c for c in load_corpus() if str(c.get("gambit_file", "")).endswith(".nfg")]


@pytest.mark.parametrize("case", GAMBIT_CASES, ids=lambda c: c["name"])
def test_corpus_case_payoffs(case):
    """Every corpus case with a gambit_file gives exactly its `payoffs` field."""
    rel = case["gambit_file"].split("/", 1)[1]      # "gambit_games/contrib/x.nfg"
    g = read_nfg(GAMBIT / rel)
    assert g.num_players == case["players"]
    for i, expected in enumerate(case["payoffs"]):
        exp = np.array(expected, dtype=object)
        assert exp.shape == g.payoffs[i].shape, case["name"]
        for a, b in zip(g.payoffs[i].flat, exp.flat):
            assert Fraction(a) == Fraction(str(b)), (case["name"], i, a, b)


def test_gambit_cases_present():
    assert len(GAMBIT_CASES) >= 50


# ----------------------------------------------------------------------------------------------
# both body versions, labels, numbers
# ----------------------------------------------------------------------------------------------
PAYOFF_VERSION = '''NFG 1 R "Two tiers" { "government" "agency" }

{ { "strict" "loose" }
{ "comply" "perfunctory" }
}
"An audit game.
Second line of the comment."

3/2 1 0 -2.5 0 0 1 1e1
'''

OUTCOME_VERSION = '''NFG 1 R "Coordination (outcome version)"
{ "Player 1" "Player 2" }
{ { "A" "B" } { "A" "B" } }
""
{
{ "match" 1, 1 }
{ "miss" 0 -1 }
}
1 0 2 1
'''


def test_payoff_version_exact_values_and_labels():
    g = read_nfg(PAYOFF_VERSION)
    assert g.title == "Two tiers"
    assert g.comment == "An audit game.\nSecond line of the comment."
    assert g.players == ("government", "agency")
    assert g.actions == (("strict", "loose"), ("comply", "perfunctory"))
    assert g.is_exact
    A, B = g.bimatrix
    # first player's strategy changes fastest: (1,1) (2,1) (1,2) (2,2)
    assert A[0, 0] == Fraction(3, 2) and B[0, 0] == 1
    assert A[1, 0] == 0 and B[1, 0] == Fraction(-5, 2)
    assert A[0, 1] == 0 and B[0, 1] == 0
    assert A[1, 1] == 1 and B[1, 1] == 10
    assert all(isinstance(x, Fraction) for x in A.flat)


def test_outcome_version_null_outcome_and_commas_optional():
    g = read_nfg(OUTCOME_VERSION)
    A, B = g.bimatrix
    # profiles in Gambit order (1,1) (2,1) (1,2) (2,2) get outcomes 1, 0 (null), 2, 1
    assert A.tolist() == [[1, 0], [0, 1]]
    assert B.tolist() == [[1, -1], [0, 1]]
    assert g.outcomes == NfgOutcomes(("match", "miss"), ((1, 1), (0, -1)), (1, 0, 2, 1))
    text = nfg_string(g)
    assert '{ "match" 1, 1 }' in text and "1 0 2 1" in text
    _same(g, read_nfg(text))
    # the payoff version of the same game is the same game without outcomes
    p = read_nfg(nfg_string(g, version="payoff"))
    assert p == g and p.outcomes is None


def test_integer_games_are_float_by_default_and_exact_on_request():
    g = read_nfg('NFG 1 R "pd" { "a" "b" } { 2 2 } 3 3 5 0 0 5 1 1')
    assert not g.is_exact and g.payoffs[0].dtype == np.float64
    assert read_nfg('NFG 1 R "pd" { "a" "b" } { 2 2 } 3 3 5 0 0 5 1 1', exact=True).is_exact
    h = read_nfg('NFG 1 D "" { "a" "b" } { 2 2 } 4.000000 3 0 0 4 3 6 2')
    assert not h.is_exact and h.payoffs[0][0, 0] == 4.0
    big = read_nfg(f'NFG 1 R "" {{ "a" "b" }} {{ 1 1 }} {2 ** 60 + 1} 0')
    assert big.is_exact and big.payoffs[0][0, 0] == 2 ** 60 + 1


def test_decimals_are_exact():
    g = read_nfg('NFG 1 D "" { "a" "b" } { 1 2 } 0.1 .2 -7.600000 1.5E-2')
    A, B = g.bimatrix
    assert g.is_exact
    assert A[0, 0] == Fraction(1, 10) and B[0, 0] == Fraction(1, 5)
    assert A[0, 1] == Fraction(-38, 5) and B[0, 1] == Fraction(3, 200)
    f = read_nfg('NFG 1 D "" { "a" "b" } { 1 2 } 0.1 .2 -7.600000 1.5E-2', exact=False)
    assert f.payoffs[0][0, 0] == 0.1


def test_strategy_counts_get_numbered_labels():
    g = read_nfg('NFG 1 R "" { "p" "q" "r" } { 2 1 3 }\n' + " ".join(["0"] * 18))
    assert g.actions == (("1", "2"), ("1",), ("1", "2", "3"))
    assert g.num_actions == (2, 1, 3)


def test_three_players_order():
    # payoff of player i at profile (a, b, c) is 100a + 10b + c + i/10 ... built with Gambit order
    shape = (2, 3, 2)
    values = []
    for c in range(2):
        for b in range(3):
            for a in range(2):
                values += [100 * a + 10 * b + c, -(100 * a + 10 * b + c), 7]
    text = 'NFG 1 R "" { "x" "y" "z" } { 2 3 2 } ' + " ".join(map(str, values))
    g = read_nfg(text)
    for a in range(2):
        for b in range(3):
            for c in range(2):
                assert g.payoffs[0][a, b, c] == 100 * a + 10 * b + c
                assert g.payoffs[1][a, b, c] == -(100 * a + 10 * b + c)
    assert g.num_actions == shape
    _same(g, read_nfg(nfg_string(g)))


def test_quoted_strings_with_escapes_and_unicode():
    text = ('NFG 1 R "The \\"agency\\" game \\\\ v2" { "Ministère" "a\\"b" }\n'
            '{ { "x" "y" } { "z" } }\n"c"\n1 2 3 4')
    g = read_nfg(text)
    assert g.title == 'The "agency" game \\ v2'
    assert g.players == ("Ministère", 'a"b')
    out = nfg_string(g)
    _same(g, read_nfg(out))
    # a backslash before another character is kept, as in Gambit
    assert read_nfg('NFG 1 R "a\\nb" { "p" } { 1 } 0').title == "a\\nb"


def test_empty_and_repeated_labels_are_repaired_like_gambit():
    g = read_nfg('NFG 1 R "" { "" "" } { { "s" "s" "s_1" } { "" } } 1 2 3 4 5 6')
    assert g.players == ("_1", "_2")
    assert g.actions == (("s_2", "s_3", "s_1"), ("_1",))
    h = read_nfg(nfg_string(g))
    assert h.players == g.players and h.actions == g.actions


def test_title_argument_and_game_title():
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert read_nfg(nfg_string(g, "chosen")).title == "chosen"
    assert read_nfg(g.to_nfg("via method")).title == "via method"
    titled = read_nfg(nfg_string(g, "kept"))
    assert read_nfg(nfg_string(titled)).title == "kept"
    assert read_nfg(nfg_string(titled, "override")).title == "override"
    assert read_nfg(nfg_string(titled, comment="note")).comment == "note"


def test_float_game_round_trips_bit_for_bit():
    rng = np.random.default_rng(5)
    g = ct.NormalFormGame.from_bimatrix(rng.random((3, 4)), rng.normal(size=(3, 4)) * 1e6)
    h = read_nfg(nfg_string(g), exact=False)
    assert all(np.array_equal(a, b) for a, b in zip(g.payoffs, h.payoffs))
    e = read_nfg(nfg_string(g))     # exact by default: decimals read exactly
    assert e.is_exact and all(np.array_equal(a, b.astype(float))
                              for a, b in zip(g.payoffs, e.payoffs))


def test_outcome_version_for_any_game():
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    text = nfg_string(g, version="outcome")
    h = read_nfg(text)
    assert h == g and len(h.outcomes.labels) == 2
    with pytest.raises(InvalidGameError):
        nfg_string(g, version="table")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fractions(min_value=-10 ** 6, max_value=10 ** 6, max_denominator=10 ** 6),
                min_size=12, max_size=12),
       st.lists(st.text(min_size=0, max_size=6), min_size=1, max_size=1))
def test_round_trip_property_exact(values, title):
    A = np.array(values[:6], dtype=object).reshape(2, 3)
    B = np.array(values[6:], dtype=object).reshape(2, 3)
    g = ct.NormalFormGame.from_bimatrix(A, B, exact=True,
                                        players=('row "1"', "col\\2"))
    h = read_nfg(nfg_string(g, title[0]))
    assert h == g and h.title == title[0] and h.players == g.players
    # integer-valued games are read as floats (documented); anything else stays exact
    assert h.is_exact == any(v.denominator != 1 for v in values)
    assert read_nfg(nfg_string(h)) == h


@settings(max_examples=40, deadline=None)
@given(st.fractions(min_value=-10 ** 9, max_value=10 ** 9, max_denominator=10 ** 9))
def test_number_format_is_exact(x):
    text = format_nfg_number(x)
    tok = read_nfg(f'NFG 1 R "" {{ "p" }} {{ 1 }} {text}', exact=True)
    assert tok.payoffs[0][0] == x


def test_number_format_choices():
    assert format_nfg_number(Fraction(38, 5)) == "7.6"
    assert format_nfg_number(Fraction(-1, 8)) == "-0.125"
    assert format_nfg_number(Fraction(1, 3)) == "1/3"
    assert format_nfg_number(Fraction(7)) == "7"
    assert format_nfg_number(2.0) == "2"
    assert format_nfg_number(np.float64(0.1)) == "0.1"
    with pytest.raises(InvalidGameError):
        format_nfg_number(float("nan"))


# ----------------------------------------------------------------------------------------------
# sources: paths, text, streams, save
# ----------------------------------------------------------------------------------------------
def test_sources(tmp_path):
    g = read_nfg(PAYOFF_VERSION)
    p = save_nfg(g, tmp_path / "g.nfg")
    assert read_nfg(p) == g                 # Path
    assert read_nfg(str(p)) == g            # str path
    assert read_nfg(io.StringIO(PAYOFF_VERSION)) == g
    assert read_nfg(PAYOFF_VERSION.encode()) == g
    with pytest.raises(FileNotFoundError):
        read_nfg(str(tmp_path / "missing.nfg"))
    with pytest.raises(FormatError, match="expected a path"):
        read_nfg(42)


def test_error_names_the_file(tmp_path):
    p = tmp_path / "bad.nfg"
    p.write_text('NFG 1 R "t" { "a" "b" } { 2 2 }\n1 2 3\n')
    with pytest.raises(FormatError) as err:
        read_nfg(p)
    assert err.value.source == str(p) and str(p) in str(err.value)


def test_nfg_game_is_a_normal_form_game_and_pickles():
    g = read_nfg(OUTCOME_VERSION)
    assert isinstance(g, ct.NormalFormGame)
    h = pickle.loads(pickle.dumps(g))
    _same(g, h)
    assert "Coordination" in repr(g)
    with pytest.raises(AttributeError):
        g._title = "changed"


def test_nfg_game_rejects_inconsistent_outcomes():
    with pytest.raises(InvalidGameError):
        NfgGame([[[1]], [[1]]], outcomes=NfgOutcomes(("o",), ((1, 2),), (1,)))
    with pytest.raises(InvalidGameError):
        NfgGame([[[1]], [[1]]], outcomes=NfgOutcomes(("o",), ((1, 1),), (2,)))


# ----------------------------------------------------------------------------------------------
# malformed input: FormatError with line and column
# ----------------------------------------------------------------------------------------------
def _error(text: str) -> FormatError:
    with pytest.raises(FormatError) as err:
        read_nfg(text)
    return err.value


def test_missing_closing_brace_of_player_list():
    e = _error('NFG 1 R "t" { "a" "b"\n\n{ { "x" "y" } { "x" "y" } }\n1 1 1 1 1 1 1 1')
    assert (e.line, e.column) == (3, 1)
    assert "'}' closing the list of players" in e.reason and "found '{'" in e.reason


def test_missing_brace_in_strategy_lists():
    e = _error('NFG 1 R "t" { "a" "b" }\n{ { "x" "y" }\n  "x" "y" }\n}\n1 1 1 1 1 1 1 1')
    assert e.line == 3 and e.column == 3
    assert "player 2" in e.reason


def test_too_few_payoffs():
    e = _error('NFG 1 R "t" { "a" "b" } { 2 2 }\n\n3 3 5 0\n0 5 1\n')
    assert e.line == 5 and e.column == 1
    assert "expected 8 payoffs" in e.reason and "found only 7" in e.reason


def test_too_many_payoffs():
    e = _error('NFG 1 R "t" { "a" "b" } { 2 2 }\n3 3 5 0\n0 5 1 1\n9\n')
    assert (e.line, e.column) == (4, 1)
    assert "end of the input" in e.reason


def test_bad_number():
    e = _error('NFG 1 R "t" { "a" "b" } { 2 2 }\n3 3 5 0\n0 1.2.3 1 1\n')
    assert (e.line, e.column) == (3, 3)
    assert "'1.2.3'" in e.reason
    e = _error('NFG 1 R "t" { "a" "b" } { 2 2 }\n3 3 5 0\n0 5 1 1/0\n')
    assert (e.line, e.column) == (3, 7) and "zero" in e.reason


def test_unterminated_string():
    e = _error('NFG 1 R "t" { "a" "b" }\n{ { "x" "y" } { "u" "v } }\n1 1 1 1 1 1 1 1')
    assert (e.line, e.column) == (2, 21)     # the quote opening "v never closes
    assert "unterminated" in e.reason
    # a title missing its closing quote runs on to the next quote: the parser then stumbles
    e = _error('NFG 1 R "a title that\nnever ends { "a" }')
    assert (e.line, e.column) == (2, 15) and "list of player names" in e.reason


def test_first_problem_is_reported():
    e = _error('NFG 1 R "t" { "a" "b"\n{ 2 2 }\n1 2 3 4 5 6 7 8 "never closed')
    assert (e.line, e.column) == (2, 1)


def test_unterminated_string_points_at_its_opening_quote():
    e = _error('NFG 1 R "t" { "a" }\n{ 1 }\n"comment\n\n1')
    assert (e.line, e.column) == (3, 1)


def test_header_errors():
    assert _error("").reason.startswith("read_nfg: expected the file type 'NFG'")
    e = _error('EFG 2 R "x" { "a" }')
    assert "read_efg" in e.reason and (e.line, e.column) == (1, 1)
    assert "version 1" in _error('NFG 2 R "" { "a" } { 1 } 0').reason
    assert "'R' or 'D'" in _error('NFG 1 X "" { "a" } { 1 } 0').reason
    e = _error('NFG 1 R { "a" } { 1 } 0')
    assert "title" in e.reason and (e.line, e.column) == (1, 9)


def test_structure_errors():
    assert "at least one player" in _error('NFG 1 R "" { } { } 0').reason
    assert "positive integer" in _error('NFG 1 R "" { "a" } { 0 } ').reason
    assert "positive integer" in _error('NFG 1 R "" { "a" } { 1.5 } 0').reason
    assert "at least one strategy" in _error('NFG 1 R "" { "a" } { { } } 0').reason
    assert "payoffs (numbers) or the outcome list" in _error(
        'NFG 1 R "" { "a" } { 1 } abc').reason
    e = _error('NFG 1 R "" { "a" "b" } { 1 1 } { { "o" 1 } } 1')
    assert "player 2's payoff in outcome 1" in e.reason
    e = _error('NFG 1 R "" { "a" "b" } { 1 1 } { { "o" 1 2 } } 3')
    assert "between 0 and 1" in e.reason
    e = _error('NFG 1 R "" { "a" "b" } { 1 2 } { { "o" 1 2 } } 1')
    assert "2 outcome numbers" in e.reason


def test_format_error_message_shape():
    e = _error('NFG 1 R "t" { "a" "b" } { 2 2 }\n1 2 x')
    assert str(e).startswith("<string>:2:5: read_nfg: expected")
    assert isinstance(e, ValueError) and isinstance(e, ct.ContractsError)


def test_write_nfg_writes_a_path_and_a_file_object(tmp_path):
    import io as _io
    import contracts as ct
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[2, 0], [0, 1]])
    target = tmp_path / "x.nfg"
    assert ct.write_nfg(g, target) is None           # the trap: a path is a path, not a title
    assert ct.read_nfg(target) == g
    text_buffer, byte_buffer = _io.StringIO(), _io.BytesIO()
    ct.write_nfg(g, text_buffer, "titled")
    ct.write_nfg(g, byte_buffer)
    assert ct.read_nfg(text_buffer.getvalue()).title == "titled"
    assert ct.read_nfg(byte_buffer.getvalue().decode()) == g
    assert ct.nfg_string(g) == byte_buffer.getvalue().decode()


def test_write_nfg_refuses_a_directory_and_a_missing_directory(tmp_path):
    import contracts as ct
    from contracts.exceptions import FormatError
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[2, 0], [0, 1]])
    with pytest.raises(FormatError, match="is a directory"):
        ct.write_nfg(g, tmp_path)
    with pytest.raises(FormatError, match="does not exist"):
        ct.write_nfg(g, tmp_path / "missing" / "x.nfg")


def test_write_nfg_without_a_file_is_deprecated_but_returns_text():
    import contracts as ct
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[2, 0], [0, 1]])
    with pytest.warns(DeprecationWarning, match="nfg_string"):
        assert ct.write_nfg(g) == ct.nfg_string(g)

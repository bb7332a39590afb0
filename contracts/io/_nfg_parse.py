"""The parser of Gambit's ``.nfg`` format (see :mod:`contracts.io.gambit`)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from .. import _budget
from ..games._labels import normalize_labels
from ._lexer import Token, TokenParser
from ._nfg_game import NfgGame, NfgOutcomes, _profiles

__all__ = ["NfgParser"]

#: integers up to this magnitude are exact in floating point: a game of them is read as floats
_MAX_EXACT_FLOAT_INT = 2 ** 53


class NfgParser(TokenParser):
    """The parser of a ``.nfg`` file's text; :meth:`parse` returns the game."""

    def __init__(self, text: str, source: str, where: str, max_profiles: Any = None):
        super().__init__(text, source, where)
        self.text_len = len(text)
        self.max_profiles = max_profiles

    # -- grammar
    def parse(self, exact: bool | None) -> NfgGame:
        self.file_type("NFG", "1")
        t = self.tok
        if t.kind != "symbol" or t.value not in ("D", "R"):
            self.fail("expected the number type 'R' or 'D' after 'NFG 1', found "
                      f"{self.describe(t)}")
        self.advance()
        title = self.expect("text", "the game's title in double quotes").value

        # players
        players = self.player_names()
        if not players:
            self.fail("expected at least one player, found an empty list of players",
                      self.prev)
        n = len(players)

        # strategies
        self.expect("{", "'{' opening the strategy lists (one '{ ... }' per player, "
                         "or one count per player)")
        actions: list[list[str]] = []
        if self.tok.kind == "{":
            for i in range(n):
                open_tok = self.expect(
                    "{", f"'{{' opening the strategy labels of player {i + 1} "
                         f"({players[i]!r}); the file names {n} players")
                labels = []
                while self.tok.kind == "text":
                    labels.append(self.advance().value)
                self.expect("}", f"a strategy label in double quotes or '}}' closing the "
                                 f"strategies of player {i + 1}")
                if not labels:
                    self.fail(f"expected at least one strategy for player {i + 1} "
                              f"({players[i]!r}), found none", open_tok)
                actions.append(labels)
        else:
            declared = 1
            for i in range(n):
                t = self.tok
                if t.kind != "number" or t.value[0].denominator != 1 or t.value[0] < 1:
                    self.fail(f"expected the number of strategies of player {i + 1} "
                              f"({players[i]!r}) as a positive integer, found {self.describe(t)}")
                declared *= int(t.value[0])
                self._check_declared(declared, t)      # before allocating the labels
                self.advance()
                actions.append([str(k) for k in range(1, int(t.value[0]) + 1)])
        self.expect("}", f"'}}' closing the strategy lists after {n} players")

        comment = ""
        if self.tok.kind == "text":
            comment = self.advance().value

        players = normalize_labels(players)
        actions = [normalize_labels(a) for a in actions]
        shape = tuple(len(a) for a in actions)
        self._check_declared(math.prod(shape), self.prev)
        _budget.check_profiles(self.where, shape, self.max_profiles)
        profiles = _profiles(shape)

        outcomes = None
        if self.tok.kind == "{":
            values, outcomes = self._outcome_body(n, profiles)
        elif self.tok.kind == "number":
            values = self._payoff_body(n, profiles)
        else:
            self.fail("expected the payoffs (numbers) or the outcome list ('{') after the "
                      f"strategies, found {self.describe()}")
        if self.tok.kind != "eof":
            self.fail(f"expected the end of the input after the payoffs of all {len(profiles)} "
                      f"strategy profiles, found {self.describe()} (too many entries?)")

        if exact is None:
            exact = any(v.denominator != 1 or abs(v) > _MAX_EXACT_FLOAT_INT for v in values)
        arrays = []
        for i in range(n):
            arr = np.empty(shape, dtype=object)
            for k, prof in enumerate(profiles):
                arr[prof] = values[k * n + i]
            arrays.append(arr if exact else arr.astype(np.float64))
        if outcomes is not None and not exact:
            outcomes = outcomes._replace(
                payoffs=tuple(tuple(float(x) for x in p) for p in outcomes.payoffs))
        return NfgGame(arrays, players=players, actions=actions, exact=bool(exact), title=title,
                       comment=comment, outcomes=outcomes)

    def _check_declared(self, profiles: int, tok: Token) -> None:
        """The body lists at least one number per profile: a short input cannot hold them."""
        if 2 * profiles - 1 > self.text_len:
            self.fail(f"the strategy counts declare at least {profiles} strategy profiles, which "
                      f"need at least {profiles} numbers, but the whole input has only "
                      f"{self.text_len} characters", tok)

    def _payoff_body(self, n: int, profiles: list) -> list[Fraction]:
        total = n * len(profiles)
        values = []
        for k in range(total):
            t = self.tok
            if t.kind != "number":
                prof = profiles[k // n]
                self.fail(f"expected {total} payoffs ({n} players x {len(profiles)} strategy "
                          f"profiles) but found only {k} before {self.describe(t)}; the next one "
                          f"is player {k % n + 1}'s payoff at profile "
                          f"{tuple(p + 1 for p in prof)}")
            values.append(self.advance().value[0])
        return values

    def _outcome_body(self, n: int, profiles: list):
        self.expect("{", "'{' opening the outcome list")
        labels, pays = [], []
        while self.tok.kind == "{":
            self.advance()
            labels.append(self.expect("text", "the outcome's name in double quotes").value)
            p = []
            for i in range(n):
                p.append(self.number(f"player {i + 1}'s payoff in outcome {len(labels)} "
                                      f"(each outcome lists {n} payoffs)"))
                if self.tok.kind == ",":
                    self.advance()
            self.expect("}", f"'}}' closing outcome {len(labels)} after its {n} payoffs")
            pays.append(tuple(p))
        self.expect("}", "'{' opening another outcome or '}' closing the outcome list")
        index = []
        for k in range(len(profiles)):
            t = self.tok
            if t.kind != "number":
                self.fail(f"expected {len(profiles)} outcome numbers (one per strategy profile) "
                          f"but found only {k} before {self.describe(t)}")
            v = t.value[0]
            if v.denominator != 1 or not 0 <= v <= len(pays) or not t.value[1].lstrip(
                    "+-").isdigit():
                self.fail(f"expected an outcome number between 0 and {len(pays)}, found "
                          f"{self.describe(t)}")
            self.advance()
            index.append(int(v))
        values = []
        for k in index:
            values.extend((Fraction(0),) * n if k == 0 else pays[k - 1])
        return values, NfgOutcomes(tuple(labels), tuple(pays), tuple(index))

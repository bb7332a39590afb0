"""The parser of Gambit's ``.efg`` format (see :mod:`contracts.io.efg` for the format)."""

from __future__ import annotations

import re
from fractions import Fraction

from .. import _budget
from ..exceptions import FormatError, InvalidGameError
from ..games.extensive_form import CHANCE, ExtensiveFormGame, Outcome, _Raw
from ._lexer import Token, TokenParser

__all__ = ["EfgParser"]

INTEGER = re.compile(r"[+-]?\d+")


class EfgParser(TokenParser):
    """The parser of an ``.efg`` file's text; :meth:`parse` returns the game tree."""

    END = "the end of the file"

    def __init__(self, text: str, source: str):
        super().__init__(text, source, "read_efg")
        self.max_history = None

    def integer(self, what: str, low: int = 0) -> tuple[int, Token]:
        t = self.tok
        if t.kind != "number" or not INTEGER.fullmatch(t.value[1]):
            self.fail(f"expected {what} (a whole number), found {self.describe(t)}")
        v = int(t.value[0])
        if v < low:
            self.fail(f"expected {what} >= {low}, found {v}")
        self.advance()
        return v, t

    # ------------------------------------------------------------------------------ prologue
    def parse(self, exact: bool) -> ExtensiveFormGame:
        self.file_type("EFG", "2")
        t = self.tok
        if t.kind != "symbol" or t.value not in ("R", "D"):
            self.fail(f"expected 'R' or 'D' (the number type) after the version, found "
                      f"{self.describe(t)}")
        self.advance()
        title = self.expect("text", "the game's title in double quotes").value
        players = self.player_names()
        comment = ""
        if self.tok.kind == "text":
            comment = self.advance().value
        self.n = len(players)
        self.players = players
        # information sets: (player or CHANCE, number) -> [actions, probs, label, tok]
        self.sets: dict = {}
        # outcomes: number -> [label, payoffs, tok]
        self.outcome_defs: dict = {}
        self.outcome_uses: list = []   # (raw, number, tok)
        self.pending_labels: dict = {}
        if self.tok.kind == "eof":
            self.fail("expected the nodes of the tree after the prologue, found the end of the "
                      "file")
        root = self.tree()
        if self.tok.kind != "eof":
            self.fail(f"expected the end of the file after the last node of the tree, found "
                      f"{self.describe()}")
        # number outcomes in the order of their numbers
        for raw, k, tok in self.outcome_uses:
            if k not in self.outcome_defs:
                self.fail(f"outcome {k} is used but its payoffs are never given", tok)
        numbers = sorted(self.outcome_defs)
        index = {k: i for i, k in enumerate(numbers)}
        outcomes = []
        for k in numbers:
            label, pays, _ = self.outcome_defs[k]
            if not exact:
                pays = tuple(float(v) for v in pays)
            outcomes.append(Outcome(label, pays))
        for raw, k, _ in self.outcome_uses:
            raw.outcome = index[k]
        if not exact:
            self._floats(root)
        try:
            return ExtensiveFormGame(players, root, outcomes, title=title, comment=comment,
                                     where="read_efg")
        except InvalidGameError as exc:   # pragma: no cover - the parser checks these first
            raise FormatError(str(exc), None, None, self.source) from None

    def _floats(self, root):
        stack = [root]
        while stack:
            r = stack.pop()
            if r.probs is not None:
                r.probs = tuple(float(p) for p in r.probs)
            stack.extend(r.children)

    # ------------------------------------------------------------------------------ nodes
    def tree(self) -> _Raw:
        root, need = self.node()
        stack = [(root, need)]
        history = 0     # sum of node depths: the tree stores every node's history
        limit = _budget.MAX_NODES if self.max_history is None else self.max_history
        while stack:
            raw, need = stack[-1]
            if len(raw.children) == need:
                stack.pop()
                continue
            if self.tok.kind == "eof":
                self.fail(f"the file ends too early: node {self._describe(raw)} expects {need} "
                          f"children (one per action) but only {len(raw.children)} follow")
            child, cneed = self.node()
            raw.children.append(child)
            stack.append((child, cneed))
            history += len(stack)
            if history > limit:    # refuse before the tree (quadratic in depth) is built
                _budget.check_limit("read_efg", "node-history entries (the sum of the nodes' "
                                    "depths; a deep chain costs depth squared)", history,
                                    "max_history", self.max_history, _budget.MAX_NODES)
        return root

    @staticmethod
    def _describe(raw: _Raw) -> str:
        return repr(raw.label) if raw.label else raw.where

    def node(self) -> tuple[_Raw, int]:
        t = self.tok
        if t.kind != "symbol" or t.value not in ("c", "p", "t"):
            self.fail(f"expected a node: 'c' (chance), 'p' (player) or 't' (terminal), found "
                      f"{self.describe(t)}")
        kind = t.value
        self.advance()
        label = self.expect("text", "the node's label in double quotes").value
        where = f"on line {t.line}"
        raw = _Raw(kind, label, where=where)
        need = 0
        if kind == "t":
            self.outcome(raw)
            return raw, 0
        if kind == "p":
            player, ptok = self.integer("the player number", 1)
            if player > self.n:
                self.fail(f"player number {player} is out of range: the game has {self.n} "
                          f"players", ptok)
            key_player = player - 1
        else:
            key_player = CHANCE
        number, itok = self.integer("the information set number", 1)
        key = (key_player, number)
        set_label = None
        if self.tok.kind == "text":
            set_label = self.advance().value
        actions = probs = None
        if self.tok.kind == "{":
            brace = self.advance()
            actions, probs = [], []
            while self.tok.kind == "text":
                actions.append(self.advance().value)
                if kind == "c":
                    ptok = self.tok
                    p = self.number(f"the probability of chance action {actions[-1]!r}")
                    if p < 0:
                        self.fail(f"chance action {actions[-1]!r} has the negative probability "
                                  f"{ptok.value[1]}", ptok)
                    probs.append(p)
            self.expect("}", "an action label in double quotes or '}' closing the actions" +
                        (" (each chance action is followed by its probability)"
                         if kind == "c" else ""))
            if not actions:
                self.fail("a node needs at least one action", brace)
            if kind == "c":
                total = sum(probs, Fraction(0))
                if total != 1:
                    self.fail(f"the probabilities of chance set {number} sum to {total}, "
                              "expected exactly 1", brace)
            else:
                probs = None
        rec = self.sets.get(key)
        if rec is None:
            if actions is None:
                self.fail(f"information set {number} of "
                          f"{'chance' if key_player == CHANCE else 'player %d' % (key_player + 1)}"
                          " appears here for the first time, so its actions must be listed",
                          itok)
            rec = [tuple(actions), probs, set_label, itok]
            self.sets[key] = rec
        else:
            if actions is not None:
                if len(actions) != len(rec[0]):
                    self.fail(f"information set {number} was defined on line {rec[3].line} with "
                              f"{len(rec[0])} actions {list(rec[0])}; here it has "
                              f"{len(actions)} {actions}", itok)
                if tuple(actions) != rec[0]:
                    self.fail(f"information set {number} was defined on line {rec[3].line} with "
                              f"actions {list(rec[0])}; here they are {actions}", itok)
                if kind == "c" and tuple(probs) != tuple(rec[1]):
                    self.fail(f"chance set {number} was defined on line {rec[3].line} with "
                              f"other probabilities", itok)
            if set_label is not None and rec[2] in (None, ""):
                rec[2] = set_label
        raw.player = key_player if kind == "p" else None
        raw.infoset_key = key
        raw.infoset_label = set_label if set_label is not None else (rec[2] or "")
        raw.actions = rec[0]
        raw.probs = tuple(rec[1]) if kind == "c" else None
        need = len(rec[0])
        self.outcome(raw)
        return raw, need

    def outcome(self, raw: _Raw) -> None:
        k, tok = self.integer("the outcome number (0 for none)", 0)
        label = None
        if self.tok.kind == "text":
            label = self.advance().value
        pays = None
        if self.tok.kind == "{":
            brace = self.advance()
            pays = []
            while self.tok.kind in ("number", ","):
                if self.tok.kind == ",":
                    self.advance()
                    continue
                pays.append(self.advance().value[0])
            self.expect("}", "a payoff or '}' closing the payoffs")
            if len(pays) != self.n:
                self.fail(f"outcome {k} has {len(pays)} payoffs; expected {self.n} (one per "
                          "player)", brace)
        if k == 0:
            if label is not None or pays is not None:
                self.fail("outcome 0 means 'no outcome' and cannot have a label or payoffs", tok)
            return
        old = self.outcome_defs.get(k)
        if old is None:
            if pays is None:
                # defined later in the file (or never: reported at the end)
                if label is not None:
                    self.pending_labels.setdefault(k, label)
            else:
                if label is None:
                    label = self.pending_labels.pop(k, "")
                self.outcome_defs[k] = [label, tuple(pays), tok]
        else:
            if pays is not None and tuple(pays) != old[1]:
                self.fail(f"outcome {k} was defined on line {old[2].line} with payoffs "
                          f"{_fmt_vec(old[1])}; here it has {_fmt_vec(pays)}", tok)
            if label is not None and label != old[0]:
                if old[0] == "":
                    old[0] = label
                else:
                    self.fail(f"outcome {k} was defined on line {old[2].line} with the label "
                              f"{old[0]!r}; here it is {label!r}", tok)
        self.outcome_uses.append((raw, k, tok))


def _fmt_vec(v) -> str:
    return "{ " + ", ".join(str(x) for x in v) + " }"

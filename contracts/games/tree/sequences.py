"""The sequence form of a game tree with perfect recall (Koller, Megiddo and von Stengel 1996).

:func:`sequence_form` and the private helpers are methods of
:class:`~contracts.games.tree.ExtensiveFormGame` (attached there); ``self`` is the game.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ...exceptions import UnsupportedGameError

__all__ = ["SequenceForm", "plans_from_behavior"]

_EXAMPLE_EFG = """EFG 2 R "" { "1" "2" }
p "" 1 1 "" { "S" "T" } 0
t "" 1 "" { 1, 1 }
p "" 2 1 "" { "E" "O" } 0
t "" 2 "" { 0, 2 }
t "" 3 "" { 2, 0 }"""


@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a game with perfect recall (Koller–Megiddo–von Stengel 1996).

    Attributes
    ----------
    players : tuple of str
        Player names.
    sequences : tuple
        ``sequences[i]`` lists player i's sequences; each is a tuple of ``(infoset, action)``
        index pairs, the empty sequence first.
    labels : tuple
        Readable names of the sequences (``"∅"``, ``"Bet"``, ``"Bet.Call"`` ...).
    parent : tuple
        ``parent[i][s]``: index of the sequence that ``s`` extends (-1 for the empty one).
    infoset_sequence : tuple
        ``infoset_sequence[i][h]``: index of the sequence leading to player i's information set h.
    constraints : tuple of numpy.ndarray
        ``E_i`` (one row per information set plus the first row for the empty sequence):
        realisation plans are the vectors ``r >= 0`` with ``E_i r = e`` (``e = (1, 0, ..., 0)``).
    payoffs : dict
        ``{(s_1, ..., s_N): payoff vector}``: the chance-weighted sum of the payoffs of the plays
        whose sequences are ``s_1, ..., s_N`` (only non-zero-probability plays appear).
    chance_mass : dict
        ``{(s_1, ..., s_N): probability}``: the chance probability of those plays.

    Examples
    --------
    >>> from contracts.io.efg import read_efg
    >>> from contracts.games.tree.sequences import _EXAMPLE_EFG
    >>> sf = read_efg(_EXAMPLE_EFG).sequence_form()
    >>> sf.labels[1], sf.parent[1]
    (('∅', 'E', 'O'), (-1, 0, 0))
    """

    players: tuple
    sequences: tuple
    labels: tuple
    parent: tuple
    infoset_sequence: tuple
    constraints: tuple
    payoffs: dict
    chance_mass: dict = field(default_factory=dict, repr=False)

    def payoff_matrices(self, *, shift: Any = 0) -> tuple[np.ndarray, np.ndarray]:
        """Dense two-player matrices ``(A, B)`` indexed by (sequence of 1, sequence of 2).

        Parameters
        ----------
        shift : number
            Subtracted from every play's payoff first (weighted by the play's chance
            probability), which keeps the game strategically equivalent.

        Returns
        -------
        tuple of numpy.ndarray
            ``(A, B)`` with Fraction (object) entries, zero where no play ends.

        Examples
        --------
        >>> from contracts.io.efg import read_efg
        >>> from contracts.games.tree.sequences import _EXAMPLE_EFG
        >>> A, B = read_efg(_EXAMPLE_EFG).sequence_form().payoff_matrices()
        >>> [[str(x) for x in row] for row in A]
        [['0', '0', '0'], ['1', '0', '0'], ['0', '0', '2']]
        """
        if len(self.players) != 2:
            raise UnsupportedGameError(
                f"SequenceForm.payoff_matrices: needs two players, the game has "
                f"{len(self.players)}")
        n1, n2 = len(self.sequences[0]), len(self.sequences[1])
        A = np.empty((n1, n2), dtype=object)
        A.fill(Fraction(0))
        B = A.copy()
        for (s1, s2), pay in self.payoffs.items():
            mass = self.chance_mass[(s1, s2)]
            A[s1, s2] = pay[0] - shift * mass
            B[s1, s2] = pay[1] - shift * mass
        return A, B


# -------------------------------------------------------------------------- sequence form


# ----------------------------------------------------------------------------------------------
# methods of ExtensiveFormGame


# ----------------------------------------------------------------------------------------------
def _seq_structure(self) -> dict:
    """Sequences of every player (perfect recall), in order of first appearance."""
    c = self._cache
    if "seq" in c:
        return c["seq"]
    self._require_recall("ExtensiveFormGame.sequence_form")
    n = self.num_players
    sequences: list = []
    index: list = []
    infoset_seq: list = []
    infoset_children: list = []
    children: list = []
    for p in range(n):
        sets = self._infosets[p]
        # the sequence leading to each information set, and the sets following a sequence
        follow: dict = {(): []}
        lead = [None] * len(sets)
        for h, s in enumerate(sets):
            hist = self._hist[s.nodes[0]][p]
            lead[h] = hist
            follow.setdefault(hist, []).append(h)
        # number the sequences in the order their last move is first met in pre-order
        # (Gambit's order)
        idx = {(): 0}
        seqs: list = [()]
        for nd in self._nodes:
            if nd.parent is not None and self._nodes[nd.parent].player == p:
                sq = self._hist[nd.index][p]
                if sq not in idx:
                    idx[sq] = len(seqs)
                    seqs.append(sq)
        for h, s in enumerate(sets):       # actions leading nowhere new (defensive)
            for a in range(s.num_actions):
                sq = lead[h] + ((h, a),)
                if sq not in idx:
                    idx[sq] = len(seqs)
                    seqs.append(sq)
        sequences.append(seqs)
        index.append(idx)
        infoset_seq.append([idx[lead[h]] for h in range(len(sets))])
        infoset_children.append([[idx[lead[h] + ((h, a),)]
                                  for a in range(sets[h].num_actions)]
                                 for h in range(len(sets))])
        children.append([follow.get(sq, []) for sq in seqs])
    c["seq"] = {"sequences": sequences, "index": index, "infoset_seq": infoset_seq,
                "infoset_children": infoset_children, "children": children}
    return c["seq"]


def sequence_form(self) -> SequenceForm:
    """The sequence form (needs perfect recall).

    Returns
    -------
    SequenceForm
        Sequences, realisation-plan constraints and payoffs (cached).

    Examples
    --------
    >>> from contracts.games.tree.sequences import _EXAMPLE_EFG
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg(_EXAMPLE_EFG)
    >>> sf = g.sequence_form()
    >>> sf.labels
    (('∅', 'S', 'T'), ('∅', 'E', 'O'))
    >>> sf.constraints[0].tolist()
    [[1, 0, 0], [-1, 1, 1]]
    """
    c = self._cache
    if "sf" in c:
        return c["sf"]
    st = self._seq_structure()
    n = self.num_players
    labels, parents, constraints = [], [], []
    for p in range(n):
        seqs = st["sequences"][p]
        sets = self._infosets[p]
        labels.append(tuple("∅" if not s else ".".join(sets[h].actions[a] for h, a in s)
                            for s in seqs))
        parents.append(tuple(-1 if not s else st["index"][p][s[:-1]] for s in seqs))
        E = np.zeros((len(sets) + 1, len(seqs)), dtype=np.int64)
        E[0, 0] = 1
        for h in range(len(sets)):
            E[h + 1, st["infoset_seq"][p][h]] = -1
            for k in st["infoset_children"][p][h]:
                E[h + 1, k] = 1
        constraints.append(E)
    reach = self._reach_chance()
    cum = self._cum_payoffs()
    payoffs: dict = {}
    mass: dict = {}
    for z in self.terminal_nodes:
        pz = reach[z]
        if pz == 0:
            continue
        key = tuple(st["index"][p][self._hist[z][p]] for p in range(n))
        pay = tuple(pz * v for v in cum[z])
        if key in payoffs:
            payoffs[key] = tuple(a + b for a, b in zip(payoffs[key], pay))
            mass[key] = mass[key] + pz
        else:
            payoffs[key] = pay
            mass[key] = pz
    sf = SequenceForm(self._players, tuple(tuple(s) for s in st["sequences"]), tuple(labels),
                      tuple(parents), tuple(tuple(x) for x in st["infoset_seq"]),
                      tuple(constraints), payoffs, mass)
    c["sf"] = sf
    return sf


def plans_from_behavior(game, probabilities, *, exact: bool) -> tuple:
    """Each player's realisation plan of a behaviour profile, in one pass over the sequences.

    ``r(σa) = r(σ) b(h, a)``: every sequence's probability is its parent's times the
    probability of its last move (linear in the number of sequences).

    Parameters
    ----------
    game : ExtensiveFormGame
        A game with perfect recall.
    probabilities : sequence
        ``probabilities[i][h][a]``: player i's probability of action a at her h-th
        information set.
    exact : bool
        Fractions (object arrays) or float64.

    Returns
    -------
    tuple of numpy.ndarray
        One realisation plan per player, over the sequences of ``game.sequence_form()``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from contracts.io.efg import read_efg
    >>> g = read_efg(_EXAMPLE_EFG)
    >>> [r.tolist() for r in plans_from_behavior(g, [[(F(1, 2), F(1, 2))], [(F(1), F(0))]],
    ...                                           exact=True)]
    [[Fraction(1, 1), Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 1), Fraction(1, 1), Fraction(0, 1)]]
    """
    sf = game.sequence_form()
    out = []
    for p, seqs in enumerate(sf.sequences):
        parent = sf.parent[p]
        r = [Fraction(1) if exact else 1.0] * len(seqs)
        done = [True] + [False] * (len(seqs) - 1)
        for s in range(1, len(seqs)):
            stack = [s]
            while stack:            # parents come first in Gambit's order; be safe anyway
                k = stack[-1]
                if done[parent[k]]:
                    h, a = seqs[k][-1]
                    r[k] = r[parent[k]] * probabilities[p][h][a]
                    done[k] = True
                    stack.pop()
                else:
                    stack.append(parent[k])
        out.append(np.array(r, dtype=object if exact else float))
    return tuple(out)

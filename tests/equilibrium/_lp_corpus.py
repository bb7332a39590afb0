"""Reading the known-answer corpus for the equilibrium tests (shared by the test modules here)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from conftest import load_corpus

NASH_CATEGORIES = ("nash_2p", "nash_nplayer", "nash_extensive")


def nash_cases() -> list:
    """Corpus cases with a normal form and a list of Nash equilibria."""
    return [c for c in load_corpus() if c["category"] in NASH_CATEGORIES and c.get("equilibria")]


def game_of(case):
    import contracts as ct
    if case["players"] == 2:
        A, B = case["payoffs"]
        return ct.NormalFormGame.from_bimatrix(A, B)
    return ct.NormalFormGame(case["payoffs"])


def profile_of(eq) -> tuple:
    """A listed equilibrium as a profile: Fractions when given as strings, else floats."""
    out = []
    for s in eq:
        if all(isinstance(p, str) for p in s):
            out.append(np.array([Fraction(p) for p in s], dtype=object))
        else:
            out.append(np.array([float(Fraction(p)) if isinstance(p, str) else p for p in s]))
    return tuple(out)


def pure_action_profile(profile):
    """The action tuple if every strategy is pure (one entry 1, others 0), else None."""
    acts = []
    for s in profile:
        nz = [k for k, p in enumerate(s) if p != 0]
        if len(nz) != 1:
            return None
        acts.append(nz[0])
    return tuple(acts)


def listed_is_complete(case) -> bool:
    """True when the corpus claims its list holds every isolated/extreme equilibrium."""
    if case["category"] != "nash_nplayer":
        return True
    kind = case.get("equilibria_kind") or ""
    return "SAMPLE" not in kind and "continuum" not in case["tags"]

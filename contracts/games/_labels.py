"""Gambit's rule for labels that must be distinct (shared by the game classes and readers)."""

from __future__ import annotations

from typing import Sequence

__all__ = ["normalize_labels"]


def normalize_labels(labels: Sequence[str]) -> list[str]:
    """Empty or repeated labels ``x`` become ``x_1``, ``x_2``, ... (skipping labels in use).

    >>> normalize_labels(["a", "", "a", "b"])
    ['a_1', '_1', 'a_2', 'b']
    """
    counts: dict[str, int] = {}
    for s in labels:
        counts[s] = counts.get(s, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for s in labels:
        if counts[s] == 1 and s != "":
            out.append(s)
            continue
        while True:
            visited[s] = visited.get(s, 0) + 1
            cand = f"{s}_{visited[s]}"
            if cand not in used:
                break
        used.add(cand)
        out.append(cand)
    return out

"""Shared by the chain's explain() tests: every printed condition states its true verdict."""

import re

_COND = re.compile(r"= (-?[0-9.e+-]+|inf) ([≥≤<>]) [^=]*= (-?[0-9.e+-]+|inf): (holds|fails)")


def check_stated_conditions(text: str) -> int:
    """Assert that each condition ``… = lhs op … = rhs: holds|fails`` in ``text`` is true exactly
    when it says "holds" (printed to 4 significant digits: decided only when the gap is visible);
    return how many conditions were found."""
    found = 0
    for line in text.splitlines():
        mt = _COND.search(line)
        if not mt:
            continue
        found += 1
        lhs, op, rhs, verdict = float(mt[1]), mt[2], float(mt[3]), mt[4]
        if abs(lhs - rhs) <= 1e-3 * (1 + abs(rhs)):
            continue                      # printed to 4 digits: too close to judge
        ok = {"≥": lhs >= rhs, ">": lhs > rhs, "≤": lhs <= rhs, "<": lhs < rhs}[op]
        assert (verdict == "holds") == ok, line
    return found

"""Every public name has a numpydoc docstring: summary, parameters, returns and an example.

The checker is ``tests/docstring_check.py``; ``tests/data/docstring_baseline.txt`` lists the
problems not fixed yet. The list may only shrink: a new public name must pass.
"""

from __future__ import annotations

from pathlib import Path

from docstring_check import problems

BASELINE = Path(__file__).parent / "data" / "docstring_baseline.txt"


def _baseline() -> set[str]:
    return {
        line.strip()
        for line in BASELINE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }


def _key(line: str) -> str:
    name, rest = line.split(": ", 1)
    return f"{name} {rest.split()[0]}"


def test_no_new_docstring_problems():
    found = problems()
    baseline = _baseline()
    keys = {_key(line) for line in found}
    new = sorted(line for line in found if _key(line) not in baseline)
    assert not new, "numpydoc problems in public names:\n" + "\n".join(new)
    stale = sorted(baseline - keys)
    assert not stale, (
        "fixed problems still listed in tests/data/docstring_baseline.txt (remove them):\n"
        + "\n".join(stale)
    )

"""The three-tier model examples run on the chain game (no deprecated component models), and
what they print is what the equilibrium says.

All five scripts start together in subprocesses with ``-W error::DeprecationWarning`` (so a
script that still used a superseded model would fail) and ``--save DIR``; each test then compares
a line of the script's report with the same quantity computed here from the solved game.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import subprocess
import sys
import tempfile

import pytest

from contracts.models import regimes
from contracts.models.views import (LifeCycle, NominalContract, PassiveDismissal,
                                    RelationalPurchasing, ResourceDependenceModel)

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAMES = ("passive_dismissal", "nominal_contract", "relational_purchasing",
         "resource_dependence", "lifecycle")
HAVE_MPL = importlib.util.find_spec("matplotlib") is not None


@pytest.fixture(scope="module")
def runs():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="examples-models-"))
    procs = {}
    for name in NAMES:
        out_dir = tmp / name
        procs[name] = (subprocess.Popen(
            [sys.executable, "-W", "error::DeprecationWarning", str(ROOT / "examples" /
                                                                   f"{name}.py"),
             "--save", str(out_dir)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), out_dir)
    results = {}
    for name, (proc, out_dir) in procs.items():
        out, err = proc.communicate(timeout=300)
        results[name] = (proc.returncode, out, err, out_dir)
    return results


def _get(runs, name):
    rc, out, err, out_dir = runs[name]
    assert rc == 0, f"{name} exited with {rc}\n{err[-3000:]}"
    assert "Deprecat" not in err
    if HAVE_MPL:
        assert (out_dir / f"{name}.png").exists()
    return out


def test_passive_dismissal_example(runs):
    out = _get(runs, "passive_dismissal")
    eq = PassiveDismissal().replace(budget_cut=0.0).solve()
    assert f"from cut  0.00: keeps {len(eq.workforce.kept)};" in out
    # the deepest cut on the path ends the programme, as the equilibrium says
    model = PassiveDismissal()
    end = model.replace(budget_cut=model.budget).solve()
    assert end.workforce.exit and "the programme ends" in out


def test_nominal_contract_example(runs):
    out = _get(runs, "nominal_contract")
    for x in (0.0, 0.5, 0.8, 1.0):
        eq = NominalContract().replace(nearness=x).solve()
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(f"nearness {x:3.1f}"))
        assert line.endswith(f"(absorption-and-alliance: {regimes.absorption_and_alliance(eq)})")
        assert f"deal on the path: {eq.side_contract.occurs}" in line


def test_relational_purchasing_example(runs):
    out = _get(runs, "relational_purchasing")
    rule = RelationalPurchasing().replace(no_trouble_weight=0.0).purchasing().rule
    assert f"from weight 0.00: {rule}" in out
    # the quality table is weakly increasing along rows and columns
    rows = [ln.split() for ln in out.splitlines() if re.match(r"^\s+0\.\d\s+(none|\d)", ln)]
    table = [[0.0 if c == "none" else float(c) for c in r[1:]] for r in rows]
    assert len(table) == 4
    for r in table:
        assert all(a <= b + 1e-12 for a, b in zip(r, r[1:]))
    for a, b in zip(table, table[1:]):
        assert all(x <= y + 1e-12 for x, y in zip(a, b))


def test_resource_dependence_example(runs):
    out = _get(runs, "resource_dependence")
    s = ResourceDependenceModel().solve().sharing
    assert f"the bureau absorbs {s.government_absorbs:.4g}." in out


def test_lifecycle_example(runs):
    out = _get(runs, "lifecycle")
    res = LifeCycle().solve()
    assert " → ".join(res.modal_order) in out

"""Modules import on their own, in any order (no circular import hidden by package order)."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["contracts.agency.grossman_hart",
                                    "contracts.agency.moral_hazard",
                                    "contracts.models.chain"])
def test_module_imports_first(module):
    run = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def test_first_small_solve_loads_no_heavy_optional_modules():
    # a 10x10 `one` solve in a fresh process: no scipy.sparse (stochastic games), no numba
    # (compiled pivots are for large dictionaries), no matplotlib, no pandas
    code = ("import sys, numpy as np, contracts as ct\n"
            "rng = np.random.default_rng(0)\n"
            "g = ct.NormalFormGame.from_bimatrix(rng.random((10, 10)), rng.random((10, 10)))\n"
            "assert len(ct.solve(g, method='one')) == 1\n"
            "heavy = [m for m in ('scipy.sparse', 'numba', 'matplotlib', 'pandas', 'sympy')\n"
            "         if m in sys.modules]\n"
            "print(heavy)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]", run.stdout

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

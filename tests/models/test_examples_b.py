"""The explain-all and sweep examples run and print
their key figures."""

import importlib.util
import pathlib
import os
import subprocess
import sys

import pytest

from contracts.models import REGISTRY

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def run(script, *args, timeout=240):
    proc = subprocess.run([sys.executable, str(EXAMPLES / script), *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})   # this tree's package
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_sweep_nominal_example(tmp_path):
    out = run("sweep_nominal.py", "--size", "12", "--save", str(tmp_path))
    assert "144 grid points" in out
    for regime in ("nominal: partnership", "nominal: control-and-rebellion",
                   "formal contract enforced"):
        assert regime in out
    assert "exactly where discount < δ* = 2/3: True" in out
    assert (tmp_path / "sweep_nominal.png").exists() or "matplotlib is not installed" in out


def test_explain_all_example():
    missing = [mod for mod, _ in REGISTRY.values() if importlib.util.find_spec(mod) is None]
    if missing:
        pytest.skip(f"models not written yet: {missing}")
    out = run("explain_all.py")
    for name in REGISTRY:
        assert f"== {name}:" in out
    assert "nominal_contract (buddy, nominal contract, control-and-rebellion, " \
           "absorption-and-alliance)" in out
    assert "relational_purchasing (partner, control-and-rebellion, loss-making project" in out
    assert "lifecycle (exploratory → control → resistance → symbiosis)" in out
    assert f"{len(REGISTRY)} models explained in" in out

"""The nominal-contract, relational-purchasing, explain-all and sweep examples run and print
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


def test_nominal_contract_example():
    out = run("nominal_contract.py")
    assert "regime: nominal: control-and-rebellion" in out
    assert "the formal contract first governs at accuracy 0.8" in out
    assert "δ = 0.66: control-and-rebellion" in out and "δ = 0.67: partnership" in out
    assert "collusion stake 3.2500, cost of collusion to the district 0.8438" in out  # TIROLE-1
    assert "ξ = 0.5, k = 0.0: arm's length" in out
    assert "0.00   0.0000                 0.0000  first best        nominal" in out


def test_relational_purchasing_example():
    out = run("relational_purchasing.py")
    assert "regime: buddy" in out
    assert "from trouble 0.00: partner" in out and "from trouble 0.45: buddy" in out
    assert "v_H - v_L = 0.35: open tendering" in out and "v_H - v_L = 0.40: partner" in out
    assert "ψ = 1.00: premium 0.0111, invite 9 agencies" in out            # INVITED-1
    assert "ψ = 0.30: premium 0.0370, invite 5 agencies (expected cost above c_H 0.3519)" in out
    assert "relationship value 3.000 -> accept (lowest acceptable price 7.000)" in out
    assert "relationship value 1.500 -> reject (lowest acceptable price 8.500)" in out
    assert "Renewal as enforcement (Levin, δ = 0.8): effort 1" in out


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

"""examples/chain.py runs on this tree's package and prints the regimes it finds."""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_chain_example():
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / "chain.py")],
                          capture_output=True, text=True, timeout=180, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "from cut  4.50: kept w1,w2,w3; dismissed w4 (relationship weakness)" in out
    assert "from cut 13.50: programme ended" in out
    assert "modal order exploratory → control → resistance → symbiosis" in out
    assert "cooperation_4c       partner; 4C cooperation" in out
    assert "MODELS.md" not in out and "PASS-" not in out

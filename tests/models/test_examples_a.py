"""Run examples/passive_dismissal.py, examples/lifecycle.py, examples/resource_dependence.py and
check the key figures they print (and, for one of them, the saved figure when matplotlib is
installed; the figure code of the other two is exercised by test_example_figures_in_process)."""

import importlib.util
import pathlib
import os
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
HAS_MPL = importlib.util.find_spec("matplotlib") is not None


def _run(name, *args):
    proc = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})   # this tree's package
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def figdir(tmp_path_factory):
    return tmp_path_factory.mktemp("figures")


def test_passive_dismissal_example():
    out = _run("passive_dismissal.py")
    # PASS-1 at the defaults, the regime boundaries of the sweep, the competence threshold
    assert "regime: passive dismissal" in out
    assert "dismissed: w4" in out and "agency_profit = 0.5" in out
    assert "from cut  3.25: passive dismissal" in out
    assert "from cut 12.25: passive dismissal + agency loss" in out      # PASS-2-LOSS region
    assert "from cut 13.25: programme downsizing" in out                 # PASS-3-EXIT region
    assert "first dismissal at cut 3.25 (> wage rents 3)" in out
    assert "-4 -> -2" in out and "replaced: w3" in out
    assert "regime 'absorbed by government'" in out


def test_resource_dependence_example():
    out = _run("resource_dependence.py")
    # DEPEND-1 / DEPEND-NASH-1
    flat = "\n".join(" ".join(line.split()) for line in out.splitlines())
    assert "control 0.800 0.150 0.842105 8.421053 1.578947 government-dominant" in flat
    assert "regime: government-dominant" in out
    assert "symbiosis 0.480 0.640 0.428571 4.285714 5.714286 agency-dominant" in flat


def test_lifecycle_example(figdir):
    out = _run("lifecycle.py", *(["--save", str(figdir)] if HAS_MPL else []))
    # LIFECYCLE-REGIMES, LIFECYCLE-CYCLE, EVO-* stages, 4C-TRUST, 4C-BAKER
    assert "ESS 110 → 100 → 011  ⇒  exploratory → control → resistance → symbiosis" in out
    assert "control      t =   3.64" in out and "symbiosis    t =   8.46" in out
    assert "nominal      t =   9.65" in out
    assert "nominal         ESS 000 → stage nominal" in out
    assert "cycle           no stable vertex" in out
    assert "goal congruence -0.5345, means congruence 0, control 1 ⇒ confrontation" in out
    assert "means congruence 1, control 0 ⇒ co-optation" in out
    assert "goal congruence 0.9806, means congruence 0.3846" in out and "complementarity" in out
    if HAS_MPL:
        assert (figdir / "lifecycle.png").stat().st_size > 0


@pytest.mark.skipif(not HAS_MPL, reason="matplotlib not installed")
def test_example_figures_in_process(tmp_path, capsys):
    import runpy
    for name in ("passive_dismissal.py", "resource_dependence.py"):
        mod = runpy.run_path(str(EXAMPLES / name))
        assert mod["main"](["--save", str(tmp_path)]) == 0
    assert (tmp_path / "passive_dismissal.png").stat().st_size > 0
    assert (tmp_path / "resource_dependence.png").stat().st_size > 0
    assert "saved" in capsys.readouterr().out

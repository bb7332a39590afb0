"""The README's Python tour runs as written (the dask block is exercised in test_sweep)."""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_readme_python_blocks_run():
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 4
    code = "\n".join(b for b in blocks if "Client()" not in b)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Sustainable iff the discount factor is at least 0.666667" in run.stdout


def test_readme_top_shows_install_and_test_commands():
    head = (ROOT / "README.md").read_text().splitlines()[:20]
    assert any("pip install -e . && contracts explain all" in line for line in head)
    ci = (ROOT / ".ci" / "run").read_text()
    test_cmd = 'python -m pip install -e ".[test]" && python -m pytest'
    assert any(test_cmd in line for line in head) and test_cmd in ci

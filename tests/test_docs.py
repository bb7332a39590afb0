"""The documentation builds without warnings and its code runs as written."""

import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)


def _python_blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(), re.S)


@pytest.mark.parametrize("page", [p for p in PAGES if _python_blocks(p)],
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_docs_page_code_runs(page):
    code = "\n".join(_python_blocks(page))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert run.returncode == 0, f"{page}:\n{run.stderr[-3000:]}"


def test_docs_never_cite_developer_files():
    for page in PAGES:
        text = page.read_text()
        assert "MODELS.md" not in text and "oracles.json" not in text, page


@pytest.mark.slow
def test_docs_build_without_warnings(tmp_path):
    pytest.importorskip("sphinx", reason="the docs extra is not installed")
    run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
                          str(DOCS), str(tmp_path / "html")],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-5000:]

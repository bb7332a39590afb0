"""The package's shape, checked: layers and no cycles (import-linter), lint (ruff), and no
private names imported across subpackages."""

import ast
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "contracts"

# Private names still imported across subpackages, each to be removed by its owner; a new
# entry here needs a reason. (importer file, imported module, name)
KNOWN_PRIVATE_IMPORTS = {
    ("contracts/io/_efg_parse.py", "contracts.games.extensive_form", "_Raw"),
    ("contracts/plot/dynamics.py", "contracts.dynamics.replicator", "_Populations"),
}


def _tool(name):
    exe = shutil.which(name)
    if exe is None:
        pytest.fail(f"{name} is not installed; it is in the 'test' extra (pip install -e .[test])")
    return exe


def test_import_contracts_hold():
    proc = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_ruff_finds_nothing():
    proc = subprocess.run([_tool("ruff"), "check", "contracts", "tests", "benchmarks"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def _private_imports():
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        parts = path.relative_to(ROOT).with_suffix("").parts
        package = parts[:-1] if path.name != "__init__.py" else parts[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.level):
                continue
            base = list(package[:len(package) - (node.level - 1)])
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                name = alias.name
                if not name.startswith("_") or name.startswith("__"):
                    continue
                if target == "contracts" and (PACKAGE / f"{name}.py").exists() or (
                        target == "contracts" and (PACKAGE / name).is_dir()):
                    continue    # a private module of the package root: the shared core
                if target.split(".")[:2] != list(parts[:2]):
                    found.add((rel, target, name))
    return found


def test_no_new_private_names_across_subpackages():
    found = _private_imports()
    new = found - KNOWN_PRIVATE_IMPORTS
    assert not new, f"private names imported across subpackages: {sorted(new)}"
    stale = KNOWN_PRIVATE_IMPORTS - found
    assert not stale, f"known private imports that no longer exist (remove them): {sorted(stale)}"



def test_one_conftest_only():
    # a conftest.py in a test subfolder shadows tests/conftest.py for `from conftest import ...`
    extra = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("conftest.py")
                   if p.parent != ROOT / "tests")
    assert not extra, f"conftest.py outside tests/: {extra}"

"""Shared fixtures: the known-answer data copied into tests/data (see tests/data/SOURCE.md)."""

from __future__ import annotations

import json
import os
import pathlib
import tempfile
from fractions import Fraction

import numpy as np
import pytest

DATA = pathlib.Path(__file__).parent / "data"

# Each pytest-xdist worker keeps its own numba cache. In a fresh environment two workers that
# compile the same cached function at once (QuantEcon's, or ours) can read each other's
# half-written cache files and crash. Set before anything imports numba.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _WORKER and "NUMBA_CACHE_DIR" not in os.environ:
    os.environ["NUMBA_CACHE_DIR"] = os.path.join(tempfile.gettempdir(),
                                                 f"contracts-tests-numba-{_WORKER}")

# Subprocesses the tests start (examples, the CLI, fresh-import checks) import this checkout's
# `contracts`, whatever copy of the package is installed.
_ROOT = str(pathlib.Path(__file__).resolve().parents[1])
os.environ["PYTHONPATH"] = os.pathsep.join(
    [_ROOT] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != _ROOT])


def load_oracles() -> dict:
    """All oracles of MODELS.md keyed by id."""
    return {o["id"]: o for o in json.loads((DATA / "oracles.json").read_text())}


def load_corpus() -> list:
    """All cases of the known-answer corpus."""
    return json.loads((DATA / "corpus" / "corpus.json").read_text())


def close(actual, expected, tol) -> bool:
    """The oracles' relative tolerance: |a - b| <= tol * (1 + |b|)."""
    return abs(float(actual) - float(expected)) <= tol * (1 + abs(float(expected)))


def assert_close(actual, expected, tol, what=""):
    a = np.asarray(actual, dtype=float)
    b = np.asarray(expected, dtype=float)
    assert a.shape == b.shape, f"{what}: shape {a.shape} != {b.shape}"
    ok = np.abs(a - b) <= tol * (1 + np.abs(b))
    assert np.all(ok), f"{what}: {a} != {b} (tol {tol})"


def frac(x):
    return Fraction(x) if isinstance(x, str) else Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


@pytest.fixture(scope="session")
def oracles():
    return load_oracles()


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()

"""Sweeps keep every completed point and report every failure with its point (issue: data loss)."""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
import json
import warnings

import numpy as np
import pytest

from contracts.exceptions import InvalidParameterError, SweepError
from contracts.sweep import SweepFailure, sweep


def reciprocal(p):
    """Module-level (picklable): raises ZeroDivisionError at a == 3."""
    return {"value": 1 / (p["a"] - 3)}


def fails_on_multiples_of_seven(p):
    if p["k"] % 7 == 0:
        raise ValueError(f"bad k={p['k']}")
    return {"k2": p["k"] ** 2}


CALLS = []


def counting(p):
    CALLS.append(p["k"])
    if p["k"] == 4 and len(CALLS) <= 8:    # fails in the first run only
        raise RuntimeError("cluster died")
    return {"k2": p["k"] ** 2}


def test_sweep_zero_division_keeps_completed_points():
    res = sweep(reciprocal, {"a": [1, 2, 3, 4, 5]})
    assert len(res) == 4 and res.n_points == 5 and not res.complete
    assert res.column("a") == [1, 2, 4, 5]
    assert res.column("value") == [-0.5, -1.0, 1.0, 0.5]
    (f,) = res.failures
    assert isinstance(f, SweepFailure)
    assert f.point == {"a": 3} and f.index == 2 and f.error_type == "ZeroDivisionError"
    assert "division by zero" in f.message and "ZeroDivisionError" in f.traceback
    assert "1 of 5 points failed" in str(res) and "{'a': 3}" in str(res)


def test_sweep_errors_raise_names_the_point():
    with pytest.raises(SweepError, match=r"\{'a': 3\}.*ZeroDivisionError") as info:
        sweep(reciprocal, {"a": [1, 2, 3, 4, 5]}, errors="raise")
    assert info.value.point == {"a": 3}
    assert info.value.partial.column("a") == [1, 2]
    with pytest.raises(InvalidParameterError, match="errors"):
        sweep(reciprocal, {"a": [1]}, errors="ignore")


def test_sweep_thread_pool_keeps_completed_points():
    with ThreadPoolExecutor(3) as ex:
        res = sweep(fails_on_multiples_of_seven, {"k": range(1, 31)}, executor=ex, chunksize=2)
    assert res.column("k") == [k for k in range(1, 31) if k % 7]
    assert [f.point["k"] for f in res.failures] == [7, 14, 21, 28]
    assert all(f.error_type == "ValueError" for f in res.failures)


def test_sweep_process_pool_keeps_completed_points():
    with ProcessPoolExecutor(2) as ex:
        res = sweep(reciprocal, {"a": [1, 2, 3, 4, 5]}, executor=ex, chunksize=1)
    assert res.column("a") == [1, 2, 4, 5] and res.failures[0].point == {"a": 3}
    with ProcessPoolExecutor(1) as ex, pytest.raises(InvalidParameterError, match="picklable"):
        sweep(lambda p: p, {"a": [1]}, executor=ex)


def test_sweep_map_callable_keeps_completed_points():
    res = sweep(reciprocal, {"a": [1, 2, 3, 4, 5]}, executor=lambda f, xs: list(map(f, xs)))
    assert res.column("a") == [1, 2, 4, 5] and len(res.failures) == 1


def test_sweep_dask_local_cluster_some_points_raise():
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                           dashboard_address=None)
    grid = {"k": range(1, 21)}
    with cluster, distributed.Client(cluster) as client:
        res = sweep(fails_on_multiples_of_seven, grid, executor=client.get_executor(),
                    chunksize=3)
    serial = sweep(fails_on_multiples_of_seven, grid)
    # every completed point is in the result; each failure is reported with its point
    assert res.records == serial.records and len(res) == 18
    assert [(f.point, f.error_type, f.message) for f in res.failures] == \
        [({"k": 7}, "ValueError", "bad k=7"), ({"k": 14}, "ValueError", "bad k=14")]


def test_sweep_checkpoint_resume_loses_nothing(tmp_path):
    path = tmp_path / "run.jsonl"
    CALLS.clear()
    first = sweep(counting, {"k": range(8)}, checkpoint=path)
    assert len(first) == 7 and first.failures[0].point == {"k": 4}
    lines = path.read_text().splitlines()
    assert json.loads(lines[0])["n_points"] == 8 and len(lines) == 1 + 8
    n_calls = len(CALLS)
    again = sweep(counting, {"k": range(8)}, checkpoint=path)
    assert len(CALLS) == n_calls + 1          # only the failed point re-ran
    assert again.complete and again.resumed == 7
    assert again.column("k2") == [k * k for k in range(8)]
    assert again.outputs[0] == {"k2": 0}
    with pytest.raises(InvalidParameterError, match="different grid"):
        sweep(counting, {"k": range(9)}, checkpoint=path)


def test_sweep_checkpoint_survives_a_cut_line(tmp_path):
    path = tmp_path / "run.jsonl"
    sweep(fails_on_multiples_of_seven, {"k": range(1, 6)}, checkpoint=path)
    text = path.read_text()
    path.write_text(text[:-15])                # the run died while writing the last line
    res = sweep(fails_on_multiples_of_seven, {"k": range(1, 6)}, checkpoint=path)
    assert res.complete and res.resumed == 4 and res.column("k2") == [1, 4, 9, 16, 25]


def test_sweep_repr_is_one_short_line():
    grid = {"accuracy": np.linspace(0, 1, 50), "discount": np.linspace(0.5, 0.99, 50)}
    res = sweep(lambda p: {"regime": "x", "big": list(range(50))}, grid)
    assert repr(res) == "SweepResult(2500 points over accuracy, discount: 2500 completed, 0 failed)"
    assert len(str(res)) < 300


def test_sweep_to_dataframe_with_failures():
    pytest.importorskip("pandas")
    res = sweep(reciprocal, {"a": [1, 2, 3, 4, 5]})
    assert list(res.to_dataframe()["a"]) == [1, 2, 4, 5]
    df = res.to_dataframe(include_failures=True)
    assert list(df["a"]) == [1, 2, 3, 4, 5]
    assert df["error_type"].iloc[2] == "ZeroDivisionError"


def test_sweep_nominal_contract_grid_with_invalid_discount_keeps_valid_points():
    from contracts.models.nominal_contract import NominalContract
    res = sweep(lambda p: NominalContract(**p).to_record(),
                {"evaluation_accuracy": [0.2, 0.9], "discount": [0.5, 0.9, 1.0]})
    assert len(res) == 4 and len(res.failures) == 2
    assert {f.point["discount"] for f in res.failures} == {1.0}
    assert all(f.error_type == "InvalidParameterError" for f in res.failures)

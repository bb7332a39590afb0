"""contracts.sweep: serial, Executor and map-callable runs agree; seeds independent of workers."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from contracts.exceptions import InvalidParameterError
from contracts.sweep import grid_points, sweep


def regime_of(params):
    s = params["accuracy"] * params["discount"]
    return {"value": s, "regime": "relational" if s > 0.4 else "formal"}


def noisy(params, rng):
    return {"draw": float(rng.random()), "regime": "x"}


GRID = {"accuracy": np.linspace(0, 1, 50), "discount": np.linspace(0.5, 0.99, 50)}


def test_grid_points_order_and_errors():
    pts = grid_points({"a": [1, 2], "b": [3]})
    assert pts == [{"a": 1, "b": 3}, {"a": 2, "b": 3}]
    with pytest.raises(InvalidParameterError, match="empty"):
        grid_points({"a": []})
    with pytest.raises(InvalidParameterError, match="non-empty mapping"):
        grid_points({})
    with pytest.raises(InvalidParameterError, match="iterable"):
        grid_points({"a": 3})


def test_serial_thread_and_map_callable_agree():
    serial = sweep(regime_of, GRID)
    assert len(serial) == 2500
    with ThreadPoolExecutor(2) as ex:
        threaded = sweep(regime_of, GRID, executor=ex)
    mapped = sweep(regime_of, GRID, executor=lambda f, xs: list(map(f, xs)))
    assert serial.records == threaded.records == mapped.records
    regimes = set(serial.column("regime"))
    assert regimes == {"relational", "formal"}
    assert "regimes" in str(serial)


def test_seeds_do_not_depend_on_executor():
    a = sweep(noisy, {"k": range(20)}, seed=7)
    with ThreadPoolExecutor(3) as ex:
        b = sweep(noisy, {"k": range(20)}, seed=7, executor=ex)
    assert a.column("draw") == b.column("draw")
    assert len(set(a.column("draw"))) == 20  # independent streams


def test_dataframe_and_regime_map():
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    res = sweep(regime_of, {"accuracy": [0.1, 0.9], "discount": [0.5, 0.9]})
    df = res.to_dataframe()
    assert list(df.columns[:2]) == ["accuracy", "discount"] and len(df) == 4
    ax = res.regime_map("accuracy", "discount")
    assert ax.get_xlabel() == "accuracy"


def test_dask_local_cluster_matches_serial():
    distributed = pytest.importorskip("distributed")
    serial = sweep(regime_of, GRID)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = sweep(regime_of, GRID, executor=client.get_executor())
        remote_small_chunks = sweep(regime_of, {"accuracy": [0.1, 0.5, 0.9], "discount": [0.5, 0.9]},
                                    executor=client.get_executor(), chunksize=1)
    assert remote_small_chunks.records == sweep(regime_of, {"accuracy": [0.1, 0.5, 0.9],
                                                            "discount": [0.5, 0.9]}).records
    assert remote.records == serial.records


def test_bad_executor():
    with pytest.raises(InvalidParameterError, match="executor"):
        sweep(regime_of, {"accuracy": [1], "discount": [1]}, executor=3)
    with pytest.raises(InvalidParameterError, match="callable"):
        sweep(5, {"a": [1]})


def test_package_level_sweep_is_callable_whatever_the_import_order():
    import contracts
    import contracts.sweep as module
    assert contracts.sweep is module
    assert contracts.sweep(regime_of, {"accuracy": [1.0], "discount": [0.9]}).column("regime") \
        == ["relational"]

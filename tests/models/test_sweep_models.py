"""A 50×50 sweep of NominalContract gives identical records serially and on a dask LocalCluster."""

import warnings

import numpy as np
import pytest

from contracts.models.nominal_contract import NominalContract
from contracts.sweep import sweep

# the component model is deprecated in favour of the chain-game preset; its known answers stay
pytestmark = pytest.mark.filterwarnings("ignore:.*is superseded by:DeprecationWarning")

GRID = {"evaluation_accuracy": np.linspace(0, 1, 50), "discount": np.linspace(0.5, 0.99, 50)}


def record(params):
    """Module-level (picklable) factory: the model's light record."""
    return NominalContract(**params).to_record()


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)   # "port 8787 in use" from other clusters
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                           dashboard_address=None)
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def serial():
    return sweep(record, GRID)


def test_serial_sweep_regimes(serial):
    assert len(serial) == 2500
    counts = {}
    for r in serial:
        counts[r["regime"]] = counts.get(r["regime"], 0) + 1
    assert set(counts) == {"nominal: partnership", "nominal: control-and-rebellion",
                           "formal contract enforced"}
    # control-and-rebellion with the district exactly below δ* = 2/3
    assert all((r["district_relation"] == "control-and-rebellion") == (r["discount"] < 2 / 3)
               for r in serial)
    # at low accuracy the contract is always nominal; at accuracy 1 always enforced
    assert all(r["formal_contract"] == "nominal" for r in serial
               if r["evaluation_accuracy"] < 0.7)
    assert all(r["formal_contract"] == "enforced" for r in serial
               if r["evaluation_accuracy"] == 1.0)
    assert "regimes:" in str(serial)


def test_dask_local_cluster_matches_serial(serial, client):
    # sweep() batches the grid into ~32 executor jobs, so dask's per-task overhead is paid
    # 32 times, not 2500 times
    par = sweep(record, GRID, executor=client.get_executor())
    assert par.records == serial.records


def test_dask_batch_size_does_not_change_results(client):
    small = {k: v[::5] for k, v in GRID.items()}               # 10×10, one point per job
    a = sweep(record, small)
    b = sweep(record, small, executor=client.get_executor(), chunksize=1)
    assert len(b) == 100 and a.records == b.records

"""Chunked support enumeration: identical to the serial run, serially, on threads and on dask."""

import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import contracts as ct
from contracts.equilibrium.distributed import support_chunks, support_enumeration_chunked
from contracts.equilibrium.support_enumeration import support_enumeration
from contracts.exceptions import InvalidParameterError, UnsupportedGameError


def _same(a, b):
    assert len(a) == len(b)
    for ea, eb in zip(a, b):
        for sa, sb in zip(ea.strategies, eb.strategies):
            np.testing.assert_allclose(np.asarray(sa, float), np.asarray(sb, float), atol=1e-9)


def _game(n, seed):
    rng = np.random.default_rng(seed)
    return ct.NormalFormGame.from_bimatrix(rng.random((n, n)), rng.random((n, n)))


def test_chunks_cover_every_support_once():
    chunks = support_chunks(5, 4, 7)
    seen = [(k, I) for k, rows in chunks for I in rows]
    assert len(seen) == len(set(seen)) == sum(
        len(list(__import__("itertools").combinations(range(5), k))) for k in range(1, 5))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_as_serial(seed):
    g = _game(6, seed)
    serial = support_enumeration(g)
    _same(sorted_eq(support_enumeration_chunked(g, n_chunks=9)), sorted_eq(serial))
    with ThreadPoolExecutor(2) as ex:
        _same(sorted_eq(support_enumeration_chunked(g, executor=ex)), sorted_eq(serial))


def sorted_eq(res):
    return sorted(res, key=lambda e: tuple(np.round(np.concatenate(
        [np.asarray(s, float) for s in e.strategies]), 8)))


def test_degenerate_game_uses_serial():
    g = ct.NormalFormGame.from_bimatrix([[1, 1], [1, 1], [0, 2]], [[1, 1], [1, 1], [2, 0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = support_enumeration_chunked(g)
        serial = support_enumeration(g)
    _same(sorted_eq(res), sorted_eq(serial))
    assert "serial" in res.message


def test_dask_local_cluster():
    distributed = pytest.importorskip("distributed")
    g = _game(5, 7)
    serial = support_enumeration(g)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        res = support_enumeration_chunked(g, executor=client, n_chunks=6)
        res2 = support_enumeration_chunked(g, executor=client.get_executor())
    _same(sorted_eq(res), sorted_eq(serial))
    _same(sorted_eq(res2), sorted_eq(serial))


def test_bad_input():
    with pytest.raises(UnsupportedGameError, match="^support_enumeration_chunked"):
        support_enumeration_chunked(ct.NormalFormGame.from_payoff_profile(np.zeros((2, 2, 2, 3))))
    with pytest.raises(InvalidParameterError, match="^support_enumeration_chunked"):
        support_enumeration_chunked(_game(3, 0), n_chunks=0)
    with pytest.raises(InvalidParameterError, match="^support_enumeration_chunked"):
        support_enumeration_chunked(_game(3, 0), executor=5)

"""Rest points and stability: EVO-* vertex tables and ESS, EVO-CYCLE face point, Friedman tables,
ESS rules (never an interior or edge point in multi-population dynamics)."""

from __future__ import annotations

import numpy as np
import pytest

import contracts as ct
from conftest import assert_close
from contracts.dynamics import (basin_counts, classify, first_integral, friedman_table, is_ess,
                                rest_points, vertex_report)
from contracts.exceptions import InvalidParameterError, UnsupportedGameError
from contracts.games.population import tripartite_supervision

EVO_ALL = ["EVO-NOMINAL", "EVO-CONTROL", "EVO-RESISTANCE", "EVO-SYMBIOSIS", "EVO-CYCLE"]


def _model(o):
    return tripartite_supervision(**{k: v for k, v in o["params"].items() if k != "order"})


def _bimatrix(p):
    # x' = x(1-x)(alpha - beta y), y' = y(1-y)(eps x - gamma)
    a, b, c, e = p["alpha"], p["beta"], p["gamma"], p["eps"]
    return ct.NormalFormGame.from_bimatrix([[a - b, a], [0, 0]], [[e - c, 0], [-c, 0]])


@pytest.mark.parametrize("oid", EVO_ALL)
def test_vertex_tables(oracles, oid):
    o = oracles[oid]
    rep = vertex_report(_model(o))
    assert len(rep) == 8
    for label, row in o["expected"]["vertex_eigenvalues"].items():
        assert_close(rep[label].eigenvalues, row["eigenvalues"], o["tolerance"], f"{oid} {label}")
        assert rep[label].type == row["type"], f"{oid} {label}"
        assert rep[label].vertex
    assert list(rep.ess) == o["expected"]["ess"]
    for p in rep:
        assert p.is_ess == p.strict_nash      # ESS = strict NE at vertices
    # the symbolic eigenvalues evaluate to the numbers
    model = _model(o)
    subs = {s: model.values[s.name] for s in model.parameters}
    for p in rep:
        assert_close([float(e.subs(subs)) for e in p.symbolic], p.eigenvalues, 1e-12, p.label)
    assert "ESS" in str(rep)


@pytest.mark.parametrize("oid", EVO_ALL[:4])
def test_basins_of_the_27_starts(oracles, oid):
    o = oracles[oid]
    assert basin_counts(_model(o), horizon=400) == o["expected"]["basin_counts_27_starts"]


def test_cycle_face_rest_point_and_first_integral(oracles):
    o = oracles["EVO-CYCLE"]   # EVO-CYCLE
    rep = rest_points(_model(o))
    face = [p for p in rep if not p.vertex and p.point[2] == 0]
    assert len(face) == 1
    pt = face[0]
    assert_close(pt.point, o["expected"]["face_rest_point"], o["tolerance"], "face point")
    want = sorted((complex(s) for s in o["expected"]["face_rest_point_eigenvalues"]),
                  key=lambda z: (z.real, z.imag))
    got = sorted(pt.eigenvalues, key=lambda z: (round(z.real, 9), z.imag))
    assert_close(np.real(got), np.real(want), o["tolerance"], "real parts")
    assert_close(np.imag(got), np.imag(want), o["tolerance"], "imaginary parts")
    assert pt.type == "non-hyperbolic" and not pt.is_ess   # never an ESS
    assert rep.ess == ()
    # on the face z = 0 the dynamics is the 2x2 game x' = x(1-x)(3-5y), y' = y(1-y)(5x-4)
    face_game = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    H = first_integral(face_game)
    assert_close(H(0.5, 0.5), o["expected"]["H_at_(0.5,0.5)"], o["tolerance"], "H")
    assert_close(H.interior, [0.8, 0.6], 1e-12, "centre")
    from contracts.dynamics import replicator
    tr = replicator(face_game, [0.3, 0.3], 20, rtol=1e-10, atol=1e-12)
    f = tr.first_shares
    assert np.ptp(H(f[:, 0], f[:, 1])) < 1e-6          # H is conserved along orbits


@pytest.mark.parametrize("oid", ["FRIEDMAN-2POP-CYCLE", "FRIEDMAN-2POP-DOMINANT"])
def test_friedman_tables(oracles, oid):
    o = oracles[oid]
    table = friedman_table(_bimatrix(o["params"]))
    exp = o["expected"]["friedman_table"]
    assert set(table.rows) == set(exp)
    for k, row in exp.items():
        got = table[k]
        assert_close(got["point"], row["point"], o["tolerance"], f"{oid} {k} point")
        assert_close(got["det"], row["det"], o["tolerance"], f"{oid} {k} det")
        assert_close(got["tr"], row["tr"], o["tolerance"], f"{oid} {k} tr")
        assert got["type"] == row["type"], f"{oid} {k}"
    assert list(table.ess) == o["expected"].get("ess", [])
    assert "Friedman" in str(table)


def test_interior_and_edge_points_are_never_ess():
    # two populations: interior centre of the cycle game
    g = ct.NormalFormGame.from_bimatrix([[-2, 3], [0, 0]], [[1, 0], [-4, 0]])
    interior = [p for p in rest_points(g) if not p.vertex]
    assert len(interior) == 1 and interior[0].type == "centre" and not interior[0].is_ess
    assert not is_ess(g, [0.8, 0.6])
    # an edge of rest points (degenerate game) is reported, not classified
    deg = ct.NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 0], [0, 1]])
    rep = rest_points(deg)
    assert any("continuum" in n for n in rep.notes)
    assert all(p.type == "non-hyperbolic" for p in rep if p.vertex)
    # classify() never calls a non-vertex ESS, whatever its eigenvalues
    assert classify([-1.0, -2.0], vertex=False) == "stable"
    assert classify([-1.0, -2.0], vertex=True) == "ESS"
    assert classify([0.0, -2.0], vertex=True) == "non-hyperbolic"
    assert classify([1j, -1j], planar_centre=True) == "centre"
    assert classify([1j, -1j]) == "non-hyperbolic"
    assert classify([1.0, 2.0]) == "unstable_source"


def test_one_population_ess():
    hawk_dove = [[-1, 4], [0, 2]]
    assert is_ess(hawk_dove, [2 / 3, 1 / 3]) and not is_ess(hawk_dove, [1, 0])
    rep = rest_points(hawk_dove)
    mixed = [p for p in rep if not p.vertex][0]
    assert mixed.type == "ESS" and mixed.eigenvalues[0] == pytest.approx(-2 / 3)
    # rock-paper-scissors: interior point neutrally stable, not an ESS
    rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    assert not is_ess(rps, [1 / 3, 1 / 3, 1 / 3])
    inner = [p for p in rest_points(rps) if not p.vertex][0]
    assert inner.type == "non-hyperbolic"
    # a strict symmetric equilibrium is an ESS
    assert is_ess([[2, 0], [0, 1]], [1, 0])
    # multi-population: only strict pure equilibria
    pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    assert is_ess(pd, [0, 0]) and not is_ess(pd, [0.5, 0.5])


def test_bad_input():
    with pytest.raises(UnsupportedGameError):
        friedman_table(tripartite_supervision("nominal"))
    with pytest.raises(UnsupportedGameError):
        first_integral(ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]]))
    with pytest.raises(InvalidParameterError, match="tol"):
        vertex_report(tripartite_supervision("nominal"), tol=-1)
    with pytest.raises(InvalidParameterError, match="starts"):
        basin_counts([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    with pytest.raises(InvalidParameterError, match="off the simplex"):
        is_ess([[-1, 4], [0, 2]], [0.5, 0.6])

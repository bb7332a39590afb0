"""PopulationGame: payoff tables with named parameters, symbolic payoff differences (MODELS.md
11.2), numeric games, vertex reports (EVO-NOMINAL), bad input."""

from __future__ import annotations

import pytest
import sympy as sp

import contracts as ct
from conftest import assert_close
from contracts.exceptions import InvalidGameError, InvalidParameterError
from contracts.games.population import (TRIPARTITE_REGIMES, PopulationGame,
                                        tripartite_supervision)


def test_tripartite_payoff_differences_match_models_md():
    g = tripartite_supervision()
    x, y, z = g.share_symbols
    S = {s.name: s for s in g.parameters}
    Q, Cg, A, F, L, K = (S[n] for n in ("Q", "C_g", "A", "F", "L", "K"))
    M, dC, Rs, W, Cp, E = (S[n] for n in ("M", "dC", "R_s", "W", "C_p", "E"))
    Fx, Fy, Fz = g.payoff_differences()
    assert sp.simplify(Fx - (Q - Cg - y * A + (1 - y) * (F + z * (L - K)))) == 0
    assert sp.simplify(Fy - (M - dC + x * (A + F) + z * Rs)) == 0
    assert sp.simplify(Fz - (W - Cp + (1 - y) * (x * K + (1 - x) * E))) == 0
    eqs = g.replicator_equations()
    assert sp.simplify(eqs[0] - x * (1 - x) * Fx) == 0
    # the Jacobian at a vertex is diagonal with entries (1-2x)F_x, ...
    J = g.jacobian().subs({x: 1, y: 0, z: 1})
    assert all(sp.simplify(J[i, j]) == 0 for i in range(3) for j in range(3) if i != j)
    assert sp.simplify(J[0, 0] + Fx.subs({y: 0, z: 1})) == 0
    assert set(g.latex()) == {"F_x", "dx/dt", "F_y", "dy/dt", "F_z", "dz/dt"}
    # level parameters do not enter the dynamics
    assert not {S["B_h"], S["P"], S["U_h"]} & (Fx.free_symbols | Fy.free_symbols | Fz.free_symbols)


def test_evo_nominal_through_the_model(oracles):
    o = oracles["EVO-NOMINAL"]   # EVO-NOMINAL
    params = {k: v for k, v in o["params"].items() if k != "order"}
    g = tripartite_supervision(**params)          # oracle spellings Cg, Rs, Cp accepted
    assert g.missing_values == ()
    rep = g.vertex_report()
    for label, row in o["expected"]["vertex_eigenvalues"].items():
        assert_close(rep[label].eigenvalues, row["eigenvalues"], o["tolerance"], label)
        assert rep[label].type == row["type"]
    assert list(rep.ess) == o["expected"]["ess"]
    # symbolic vertex eigenvalues as economists tabulate them
    sym = tripartite_supervision().vertex_eigenvalue_expressions()
    assert len(sym) == 8
    S = {s.name: s for s in g.parameters}
    assert sp.simplify(sym["000"][0] - (S["Q"] - S["C_g"] + S["F"])) == 0
    # the numeric game is an ordinary NormalFormGame
    nf = g.normal_form()
    assert isinstance(nf, ct.NormalFormGame) and nf.num_actions == (2, 2, 2)
    assert nf.players == ("government", "agency", "public")
    # ESS 000 is a strict Nash equilibrium of the stage game
    assert nf.is_nash(([0, 1], [0, 1], [0, 1]))


def test_regimes_and_simulation():
    assert set(TRIPARTITE_REGIMES) == {"nominal", "control", "resistance", "symbiosis", "cycle"}
    assert tripartite_supervision("control").vertex_report().ess == ("110",)
    tr = tripartite_supervision("symbiosis").simulate([0.5, 0.5, 0.5], 30)
    assert_close(tr.first_shares[-1], [0, 1, 1], 1e-3, "symbiosis")
    assert "F_y" in str(tripartite_supervision()) and "no value yet" in str(tripartite_supervision())


def test_from_table_general():
    g = PopulationGame.from_table(
        ["government", "agency"], [["strict", "loose"], ["comply", "shirk"]],
        {("strict", "comply"): ("b - c", "w - e"), ("strict", "shirk"): ("f - c", "w - f"),
         ("loose", "comply"): ("b", "w - e"), (1, 1): (0, "w")},
        values={"b": 3, "c": 1, "e": 1, "f": 2, "w": 2})
    x, y = g.share_symbols
    S = {s.name: s for s in g.parameters}
    assert sp.simplify(g.payoff_differences()[1] - (S["f"] * x - S["e"])) == 0
    nf = g.normal_form()
    assert nf.payoffs[0][0, 1] == 1.0 and nf.payoffs[1][1, 1] == 2.0
    # names that are sympy constants elsewhere (E, Q, S, N, I) are plain parameters here
    h = PopulationGame.from_table(["a", "b"], [["s", "t"], ["s", "t"]],
                                  {(i, j): ("E + I*N", "S - Q") for i in (0, 1) for j in (0, 1)})
    assert set(h.parameter_names) == {"E", "I", "N", "Q", "S"}
    # three strategies: general replicator equations
    k = PopulationGame.from_table(["p", "q"], [["a", "b", "c"], ["d", "e"]],
                                  {(i, j): (f"u{i}{j}", f"v{i}{j}") for i in range(3)
                                   for j in range(2)})
    assert len(k.replicator_equations()) == 3
    with pytest.raises(InvalidGameError, match="two strategies"):
        k.payoff_differences()


def test_bad_input():
    tbl = {(i, j): ("a", "b") for i in (0, 1) for j in (0, 1)}
    with pytest.raises(InvalidGameError, match="no payoffs"):
        PopulationGame.from_table(["p", "q"], [["s", "t"], ["s", "t"]],
                                  {(0, 0): ("a", "b")})
    with pytest.raises(InvalidGameError, match="unknown strategy"):
        PopulationGame.from_table(["p", "q"], [["s", "t"], ["s", "t"]],
                                  {**tbl, ("u", "s"): ("a", "b")})
    with pytest.raises(InvalidGameError, match="2 payoffs"):
        PopulationGame.from_table(["p", "q"], [["s", "t"], ["s", "t"]],
                                  {**tbl, (0, 0): ("a",)})
    with pytest.raises(InvalidGameError, match="clash"):
        PopulationGame.from_table(["p", "q"], [["s", "t"], ["s", "t"]],
                                  {(i, j): ("x", "b") for i in (0, 1) for j in (0, 1)})
    with pytest.raises(InvalidParameterError, match="unknown parameter"):
        tripartite_supervision(Z=3)
    with pytest.raises(InvalidParameterError, match="finite"):
        tripartite_supervision(Q=float("inf"))
    with pytest.raises(InvalidParameterError, match="regime"):
        tripartite_supervision("chaos")
    with pytest.raises(InvalidParameterError, match="no value"):
        tripartite_supervision().normal_form()

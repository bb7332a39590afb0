"""The float-first sequence-form LCP: sparse build, float paths, exact repair and fallback."""

from __future__ import annotations

import importlib.util
import json
import pathlib
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from contracts.equilibrium import _sequence_lemke as lemke
from contracts.equilibrium._sequence_build import build_lcp
from contracts.equilibrium.sequence_form import (BehaviorEquilibriumResult, sequence_form_lcp,
                                                 sequence_form_lp)
from contracts.io.efg import read_efg
from contracts.results import EquilibriumResult

ROOT = pathlib.Path(__file__).resolve().parents[1]
GAMBIT = ROOT / "tests" / "data" / "corpus" / "gambit"
F = Fraction

_spec = importlib.util.spec_from_file_location("bench_sf", ROOT / "benchmarks" /
                                               "bench_sequence_form.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def kuhn(tables=1):
    return read_efg(bench.kuhn_poker_efg(3, tables))


def centipede(stages, pot="doubling"):
    return read_efg(bench.centipede_efg(stages, pot))


def test_kuhn_poker_value_from_the_float_path():
    """Kuhn (1950): the first player's value of three-card poker is -1/18."""
    g = kuhn()
    res = sequence_form_lcp(g)
    assert res.exact and res.extra["arithmetic"].startswith("float")
    eq = res[0]
    assert eq.payoffs == (F(-1, 18), F(1, 18))
    assert eq.regret == 0 and max(g.behavior_regrets(eq.profile)) == 0
    # with the King, player 2 always calls a bet; with the Jack, always folds to one
    d = eq.as_dict()[1]
    calls = [v for k, v in d.items() if len(v) == 2]
    assert sorted(map(tuple, calls)).count((F(0), F(1))) >= 1


def test_revised_path_on_a_large_tree(monkeypatch):
    """Tables of Kuhn poker with different stakes: the revised (sparse LU) path."""
    g = kuhn(tables=4)
    dense = sequence_form_lcp(g)
    monkeypatch.setattr(lemke, "DENSE_MAX", 50)
    res = sequence_form_lcp(g)
    assert "revised" in res.extra["arithmetic"] and res.exact
    assert max(g.behavior_regrets(res[0].profile)) == 0
    # the game's value is unique (zero-sum): both paths agree on it
    assert res[0].payoffs == dense[0].payoffs
    assert res[0].payoffs[0] == sequence_form_lp(g).extra["value"]


def test_revised_lexicographic_walk_takes_the_dense_pivots():
    g = read_efg(GAMBIT / "contrib" / "artist2.efg")
    lcp = build_lcp(g)
    Mc, q = lcp.matrix(), lcp.q_float()
    z1, b1, p1 = lemke._dense_float(Mc, q, lcp.layout.off_u, 10_000)
    z2, b2, p2 = lemke._revised_float(Mc, q, lcp.layout.off_u, 10_000)
    assert p1 == p2 and sorted(b1) == sorted(b2)
    assert np.allclose(z1, z2, atol=1e-9)


def test_exact_fallback_when_the_float_path_is_inconclusive(monkeypatch):
    """A doubling centipede defeats float pivoting; the exact path still gives the answer:
    in every Nash equilibrium of a centipede the first player takes at once."""
    g = centipede(12)
    monkeypatch.setattr("contracts.equilibrium.sequence_form.float_paths", lambda n: [])
    res = sequence_form_lcp(g, backward_induction=False)
    assert res.extra["arithmetic"] == "exact" and res.exact
    eq = res[0]
    assert eq.strategies[0][0] == (F(1), F(0))          # Take at the first node
    assert max(g.behavior_regrets(eq.profile)) == 0


@pytest.mark.parametrize("name", ["contrib/artist2.efg", "contrib/bayes2a.efg",
                                  "contrib/holdout7.efg", "tests/stripped_down_poker.efg"])
def test_exact_and_float_paths_agree(name, monkeypatch):
    g = read_efg(GAMBIT / name)
    fast = sequence_form_lcp(g)
    monkeypatch.setattr("contracts.equilibrium.sequence_form.float_paths", lambda n: [])
    slow = sequence_form_lcp(g)
    assert slow.extra["arithmetic"] == "exact"
    assert fast[0].as_dict() == slow[0].as_dict()
    assert fast.iterations == slow.iterations


def test_float_tree_gives_a_float_verified_equilibrium():
    from contracts.games.extensive_form import ExtensiveFormGame, decision, leaf
    # matching pennies with float stakes: the hider mixes 4/9, 5/9 (the seeker indifferent)
    root = decision("hider", {
        "H": decision("seeker", {"h": leaf(-1.5, 1.5), "t": leaf(1.0, -1.0)}, infoset="s"),
        "T": decision("seeker", {"h": leaf(1.0, -1.0), "t": leaf(-1.0, 1.0)}, infoset="s")})
    g = ExtensiveFormGame.from_tree(["hider", "seeker"], root)
    assert not g.is_exact
    res = sequence_form_lcp(g)
    assert not res.exact and res.extra["arithmetic"].startswith("float")
    assert res[0].regret <= g.default_tol()
    assert max(g.behavior_regrets(res[0].profile)) <= g.default_tol()
    assert np.allclose(res[0].strategies[0][0], (4 / 9, 5 / 9))


def test_sparse_lcp_matches_the_dense_definition():
    g = read_efg(GAMBIT / "contrib" / "bayes2a.efg")
    sf = g.sequence_form()
    lcp = build_lcp(g)
    lay = lcp.layout
    M = np.array(lcp.dense_exact(), dtype=object)
    A, B = sf.payoff_matrices()
    E, Fc = sf.constraints
    x = slice(lay.off_x, lay.off_y)
    y = slice(lay.off_y, lay.off_u)
    u = slice(lay.off_u, lay.off_v)
    v = slice(lay.off_v, lay.n)
    # C1 = K * mass - A on the plays: C1 + A is K times the chance mass, the same K for B
    K = next((M[lay.off_x + s1, lay.off_y + s2] + A[s1, s2]) / m
             for (s1, s2), m in sf.chance_mass.items())
    for (s1, s2), m in sf.chance_mass.items():
        assert M[lay.off_x + s1, lay.off_y + s2] == K * m - A[s1, s2]
        assert M[lay.off_y + s2, lay.off_x + s1] == K * m - B[s1, s2]
    assert (M[x, u] == -E.T).all() and (M[u, x] == E).all()
    assert (M[y, v] == -Fc.T).all() and (M[v, y] == Fc).all()
    assert lcp.q[lay.off_u] == -1 and lcp.q[lay.off_v] == -1 and sum(lcp.q) == -2
    # the float forms: sparse and dense, the exact entries rounded
    assert np.array_equal(lcp.dense(), M.astype(float))
    assert np.array_equal(lcp.matrix().toarray(), lcp.dense())


def test_memory_is_linear_in_the_sequences():
    small, large = build_lcp(kuhn(tables=5)), build_lcp(kuhn(tables=10))
    assert large.layout.n > 1.9 * small.layout.n
    assert len(large.vals) <= 2.1 * len(small.vals)       # nonzeros, not n squared
    assert large.matrix().nnz < 0.01 * large.layout.n ** 2


# ---------------------------------------------------------------------------------------------
# one result type
# ---------------------------------------------------------------------------------------------
def test_behaviour_result_is_an_equilibrium_result():
    g = read_efg(GAMBIT / "tests" / "stripped_down_poker.efg")
    res = sequence_form_lcp(g)
    assert isinstance(res, EquilibriumResult) and isinstance(res, BehaviorEquilibriumResult)
    assert res.kind == "behaviour" and res.converged and res.degenerate is None
    assert "\n" not in repr(res) and "kind='behaviour'" in repr(res)
    assert "Bet=1/3, Fold=2/3" in str(res)
    data = json.loads(json.dumps(res.to_dict()))
    assert data["kind"] == "behaviour" and data["type"] == "BehaviorEquilibriumResult"
    assert data["equilibria"][0]["payoffs"] == ["1/3", "-1/3"]
    rows = res._rows()
    assert {r["action"] for r in rows} >= {"Bet", "Fold", "Call"}
    assert sum(r["probability"] == "1/3" for r in rows) == 2
    x, y = res.to_numpy()[0]
    assert np.allclose(x, [1, 0, 1 / 3, 2 / 3]) and np.allclose(y, [2 / 3, 1 / 3])
    with pytest.raises(TypeError):
        res.extra["arithmetic"] = "changed"


def test_no_hang_when_the_exact_fallback_is_too_large():
    g = centipede(30)            # the float path fails on this doubling centipede
    res = sequence_form_lcp(g, max_exact=50, backward_induction=False)
    assert not res.converged and len(res) == 0 and "max_exact=50" in res.message
    assert res.extra["lcp_size"] == 94


@settings(max_examples=200, deadline=None)
@given(hst.integers(0, 10 ** 4), hst.integers(1, 10 ** 4),
       hst.sampled_from([0.0, 1e-16, -3e-16, 1e-13, 4e-13, 6e-13, 1e-7, 0.3]),
       hst.sampled_from([10 ** 3, 10 ** 6, 10 ** 9]))
def test_plan_rounding_is_limit_denominator(p, q, noise, den):
    """The fast rounding of float plans returns what ``Fraction.limit_denominator`` does, for
    round-off near simple fractions and far from them."""
    from contracts.equilibrium.sequence_form import _nearest_fraction
    t = p / q + noise
    if t > 0:
        assert _nearest_fraction(t, den) == Fraction(t).limit_denominator(den)


@pytest.mark.parametrize("name", ["kuhn", "contrib/montyhal.efg", "contrib/artist2.efg",
                                  "contrib/palf2.efg"])
def test_dense_float_walk_takes_the_exact_and_compiled_pivots(name):
    """Degenerate sequence-form paths (most ratio tests tied): the numpy dense walk takes as
    many pivots as exact pivoting and ends on its solution, and the compiled kernel (when
    installed) takes the same pivots to the same basis."""
    from contracts._linalg import pivot as kernel
    g = kuhn() if name == "kuhn" else read_efg(GAMBIT / name)
    lcp = build_lcp(g)
    M, q, start = lcp.dense(), lcp.q_float(), lcp.layout.off_u
    kernel.use_compiled(False)
    try:
        z, basic, pivots = lemke._dense_float(M, q, start, 10_000)
    finally:
        kernel.use_compiled(None)
    ze, pe, ok = lemke.exact_lemke(lcp.dense_exact(), lcp.q, start, 10_000, "test")
    assert ok and pe == pivots
    assert np.allclose(z, [float(v) for v in ze], atol=1e-9)
    if kernel.compiled_available():
        kernel.use_compiled(True)
        try:
            assert lemke._dense_float(M, q, start, 10_000)[1:] == (basic, pivots)
        finally:
            kernel.use_compiled(None)

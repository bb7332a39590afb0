"""Routes of the sequence-form LCP past the float path: perfect-information trees, the split
module layout, and the shared dense kernel."""

from __future__ import annotations

import importlib.util
import pathlib
from fractions import Fraction

import pytest

from contracts.equilibrium import sequence_form
from contracts.equilibrium.sequence_form import (BehaviorEquilibrium, BehaviorEquilibriumResult,
                                                 build_behavior_result, sequence_form_lcp,
                                                 sequence_form_lp)
from contracts.io.efg import read_efg

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_sf_routes", ROOT / "benchmarks" /
                                               "bench_sequence_form.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
F = Fraction


@pytest.mark.parametrize("stages,pot", [(60, "doubling"), (60, "linear"), (200, "doubling")])
def test_long_centipedes_are_solved_exactly(stages, pot):
    """In every Nash equilibrium of a centipede the first mover takes at once (the payoffs
    here make taking strictly better than being taken from one stage later)."""
    g = read_efg(bench.centipede_efg(stages, pot))
    res = sequence_form_lcp(g)
    assert res.converged and len(res) == 1 and res.exact
    eq = res[0]
    assert eq.strategies[0][0] == (F(1), F(0))
    assert eq.regret == 0 and max(g.behavior_regrets(eq.profile)) == 0
    assert eq.payoffs == (F(4), F(1))           # the first Take
    assert res.extra["arithmetic"]              # which route answered is recorded


def test_backward_induction_route_is_taken_only_when_the_float_path_fails(monkeypatch):
    g = read_efg(bench.centipede_efg(12, "doubling"))
    monkeypatch.setattr("contracts.equilibrium.sequence_form.float_paths", lambda n: [])
    res = sequence_form_lcp(g)
    assert res.extra["arithmetic"].startswith("backward induction")
    assert res[0].regret == 0 and max(g.behavior_regrets(res[0].profile)) == 0
    off = sequence_form_lcp(g, backward_induction=False)
    assert off.extra["arithmetic"] == "exact"
    assert off[0].payoffs == res[0].payoffs


def test_float_requested_on_the_backward_induction_route(monkeypatch):
    g = read_efg(bench.centipede_efg(8, "linear"))
    monkeypatch.setattr("contracts.equilibrium.sequence_form.float_paths", lambda n: [])
    res = sequence_form_lcp(g, exact=False)
    assert not res.exact and len(res) == 1
    assert isinstance(res[0].strategies[0][0][0], float)
    assert res[0].regret <= g.default_tol()


def test_public_names_keep_their_import_path():
    for obj in (BehaviorEquilibrium, BehaviorEquilibriumResult, build_behavior_result,
                sequence_form_lcp, sequence_form_lp):
        assert getattr(sequence_form, obj.__name__) is obj
        assert obj.__name__ in sequence_form.__all__


def test_module_sizes_stay_small():
    for name in ("sequence_form", "_behavior_result", "_sequence_lp", "_sequence_lemke",
                 "_sequence_build"):
        path = ROOT / "contracts" / "equilibrium" / f"{name}.py"
        assert len(path.read_text().splitlines()) <= 500, name


def test_long_perfect_information_tree_goes_straight_to_backward_induction():
    g = read_efg(bench.centipede_efg(250, "doubling"))       # payoffs up to 2**252
    res = sequence_form_lcp(g)
    assert res.iterations == 0 and res.extra["arithmetic"].startswith("backward induction")
    assert res.extra["lcp_size"] > sequence_form.PERFECT_INFO_LEMKE_MAX
    assert res[0].regret == 0 and res[0].payoffs == (F(4), F(1))
    x, y = res.extra["realization_plans"]
    assert x[:3].tolist() == [1, 1, 0] and y[0] == 1 and len(x) == len(y) == 251


def test_plans_from_behavior_match_the_profile_method():
    from contracts.games.tree.sequences import plans_from_behavior
    g = read_efg(bench.kuhn_poker_efg(3))
    prof = sequence_form_lcp(g)[0].profile
    fast = plans_from_behavior(g, prof.probabilities, exact=True)
    for a, b in zip(fast, prof.realization_plans()):
        assert a.tolist() == b.tolist()
    back = type(prof).from_realization_plans(g, fast)
    assert back == prof


@pytest.mark.parametrize("name", ["kuhn", "contrib/montyhal.efg", "contrib/bayes2a.efg",
                                  "contrib/cent2.efg"])
def test_exact_profile_from_plans_matches_the_profile_method(name):
    """The solver's quick profile from exact plans is BehaviorProfile.from_realization_plans,
    reached and unreached information sets alike (random pure and mixed behaviour)."""
    import random

    from contracts.games.tree.sequences import plans_from_behavior
    g = (read_efg(bench.kuhn_poker_efg(3)) if name == "kuhn" else
         read_efg(str(ROOT / "tests" / "data" / "corpus" / "gambit" / name)))
    children = sequence_form._lcp_of(g)[3]
    rnd = random.Random(7)
    for _ in range(10):
        probs = []
        for sets in g.infosets:
            rows = []
            for s in sets:
                w = [F(rnd.choice([0, 0, 1, 2, 3])) for _ in range(s.num_actions)]
                if sum(w) == 0:
                    w[rnd.randrange(s.num_actions)] = F(1)
                rows.append(tuple(x / sum(w) for x in w))
            probs.append(tuple(rows))
        plans = [list(p) for p in plans_from_behavior(g, tuple(probs), exact=True)]
        want = type(sequence_form_lcp(g)[0].profile).from_realization_plans(g, plans)
        got = sequence_form._exact_profile(g, plans, children)
        assert got == want and got.is_exact
        assert all(type(x) is F for rows in got.probabilities for v in rows for x in v)

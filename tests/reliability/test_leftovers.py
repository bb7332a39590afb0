"""Leftovers of the reliability work: scale invariance of the N-player routes, ``exact``
validated at every solver's door, named errors for unknown options and huge exact payoffs."""

import json
import pathlib
import warnings
from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from contracts.exceptions import InvalidParameterError

CORPUS = {c["name"]: c for c in json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "corpus" / "corpus.json").read_text())}
NPLAYER = ("gambit_g2", "gambit_5x4x3", "gambit_2x2x2x2x2")
SCALES = (1e-10, 1e-6, 1.0, 1e6)


def _float_game(name, scale):
    P = [np.vectorize(lambda v: float(Fraction(v)))(np.array(p, dtype=object))
         for p in CORPUS[name]["payoffs"]]
    return ct.NormalFormGame([p * scale for p in P])


# -- 1. scale invariance of the N-player routes ---------------------------------------------------

@pytest.mark.parametrize("method", ["one", "logit", "support_newton"])
@pytest.mark.parametrize("name", NPLAYER)
def test_nplayer_routes_find_verified_equilibria_at_every_scale(name, method):
    unit = _float_game(name, 1.0)
    counts = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for s in SCALES:
            g = _float_game(name, s)
            res = ct.solve(g, method=method)
            counts[s] = len(res)
            assert len(res) >= 1, f"{name} x{s:g}: no equilibrium from {method}"
            for e in res:
                # verified on the user's game, with the user's (scale-relative) tolerance
                assert g.max_regret(e.strategies) <= g.default_tol()
                assert e.regret <= g.default_tol()
                # the same strategies are an equilibrium of the unscaled game
                assert unit.is_nash(e.strategies)
                # payoffs reported in the user's units, not the solver's internal ones
                np.testing.assert_allclose(np.array(e.payoffs, dtype=float),
                                           np.array(g.expected_payoffs(e.strategies), float),
                                           rtol=1e-9, atol=0)
    if method != "one":      # one stops at the first; the others find the same number
        assert len(set(counts.values())) == 1, counts


def test_unit_range_rescales_by_a_power_of_two_only_outside_ordinary_ranges():
    from contracts.equilibrium._scale import unit_range
    g = _float_game("gambit_g2", 1e-10)
    h, c = unit_range(g)
    assert c != 1.0 and np.log2(c) == int(np.log2(c))
    for p, q in zip(g.payoffs, h.payoffs):
        assert np.array_equal(p * c, q)          # exact: a power of two
    assert unit_range(_float_game("gambit_g2", 1.0))[1] == 1.0
    assert unit_range(g.as_exact())[1] == 1.0


def test_support_newton_tol_given_in_user_units_at_tiny_scale():
    from contracts.equilibrium.support_newton import support_newton
    g = _float_game("gambit_5x4x3", 1e-10)
    res = support_newton(g, tol=g.default_tol())
    assert len(res) >= 1 and all(e.regret <= g.default_tol() for e in res)
    assert res.max_regret <= g.default_tol()


# -- 2. exact validated at every door --------------------------------------------------------------

_TREE = '''EFG 2 R "pennies" { "hider" "seeker" }
p "" 1 1 "" { "H" "T" } 0
p "" 2 1 "" { "h" "t" } 0
t "" 1 "" { -1, 1 }
t "" 2 "" { 1, -1 }
p "" 2 1 "" { "h" "t" } 0
t "" 2 "" { 1, -1 }
t "" 1 "" { -1, 1 }'''


def _bayesian():
    from contracts.games.bayesian import BayesianGame

    def u(types, acts):
        return (1 if acts[0] == acts[1] else 0), (1 if acts[0] != acts[1] else 0)
    return BayesianGame(["a", "b"], [["x"], ["-"]], [["l", "r"], ["l", "r"]],
                        [[Fraction(1)]], u)


def _calls():
    from contracts.equilibrium.bayesian_nash import bayesian_nash
    from contracts.equilibrium.one import one_equilibrium
    from contracts.equilibrium.sequence_form import sequence_form_lcp, sequence_form_lp
    from contracts.equilibrium.stackelberg import mixed_commitment, stackelberg
    from contracts.equilibrium.zero_sum import zero_sum
    from contracts.io.efg import read_efg
    mp = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    tree = read_efg(_TREE)
    return {
        "sequence_form_lcp": lambda ex: sequence_form_lcp(tree, exact=ex),
        "sequence_form_lp": lambda ex: sequence_form_lp(tree, exact=ex),
        "zero_sum": lambda ex: zero_sum(mp, exact=ex),
        "one_equilibrium": lambda ex: one_equilibrium(mp, exact=ex),
        "bayesian_nash": lambda ex: bayesian_nash(_bayesian(), exact=ex),
        "stackelberg": lambda ex: stackelberg(mp, exact=ex),
        "mixed_commitment": lambda ex: mixed_commitment(mp, exact=ex),
    }


@pytest.mark.parametrize("func", ["sequence_form_lcp", "sequence_form_lp", "zero_sum",
                                  "one_equilibrium", "bayesian_nash", "stackelberg",
                                  "mixed_commitment"])
def test_exact_no_is_rejected_by_every_solver(func):
    call = _calls()[func]
    with pytest.raises(InvalidParameterError, match=rf"^{func}: .*'no'"):
        call("no")
    with pytest.raises(InvalidParameterError):
        call(1)
    for ok in (None, True, False):       # the three accepted values still solve
        assert call(ok) is not None


@pytest.mark.parametrize("method", ["support_enumeration", "vertex_enumeration"])
def test_enumerators_accept_exact_none_and_follow_the_game(method):
    exact_game = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], exact=True)
    float_game = exact_game.as_float()
    mod = __import__(f"contracts.equilibrium.{method}", fromlist=[method])
    fn = getattr(mod, method)
    assert fn(exact_game, exact=None).exact is True
    assert fn(float_game, exact=None).exact is False
    with pytest.raises(InvalidParameterError, match="'no'"):
        fn(float_game, exact="no")


def test_polytope_check_exact_accepts_none():
    from contracts._polytope import check_exact
    g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], exact=True)
    assert check_exact(None, "f", g) is True
    assert check_exact(None, "f", g.as_float()) is False
    assert check_exact(False, "f", g) is False
    with pytest.raises(InvalidParameterError, match="^f: "):
        check_exact("no", "f", g)


# -- 3. unknown payoff_set options -------------------------------------------------------------------

def test_repeated_payoff_set_unknown_option_is_named():
    pd = ct.RepeatedGame(ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
                         discount=0.9)
    with pytest.raises(InvalidParameterError, match=r"payoff_set: .*'foo'.*'tol'.*'max_iter'"):
        pd.payoff_set(foo=1)
    with pytest.raises(InvalidParameterError, match=r"'solver'.*'directions'"):
        pd.payoff_set(method="inner", solver="highs")
    with pytest.raises(InvalidParameterError, match="unknown method"):
        pd.payoff_set(method="nope")
    assert len(pd.payoff_set(tol=1e-9).vertices) == 4      # accepted options still work


# -- 4. method one on exact payoffs beyond the float range -------------------------------------------

def test_one_stays_exact_on_payoffs_beyond_float_range():
    K = Fraction(10) ** 400
    pennies = ct.NormalFormGame.from_bimatrix([[K, -K], [-K, K]], [[-K, K], [K, -K]], exact=True)
    coord = ct.NormalFormGame.from_bimatrix([[K, 0], [0, 1]], [[1, 0], [0, K]], exact=True)
    from contracts.equilibrium.one import one_equilibrium
    for g in (pennies, coord):
        for res in (ct.solve(g, method="one"), one_equilibrium(g),
                    one_equilibrium(g, exact=False)):
            assert len(res) == 1 and res.exact
            e = res[0]
            assert e.regret == 0 and g.max_regret(e.strategies) == 0
    assert [str(p) for p in ct.solve(pennies, method="one")[0].strategies[0]] == ["1/2", "1/2"]
    assert ct.solve(coord, method="one")[0].payoffs[0] == K


def test_one_exact_none_follows_the_game():
    from contracts.equilibrium.one import one_equilibrium
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], exact=True)
    assert one_equilibrium(g, exact=None).exact is True
    assert one_equilibrium(g.as_float(), exact=None).exact is False

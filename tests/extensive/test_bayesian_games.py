"""Bayesian games: prior validation, Harsanyi transformation checked by hand, BNE per type."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from contracts.equilibrium.bayesian_nash import bayesian_nash
from contracts.equilibrium.sequence_form import sequence_form_lcp
from contracts.exceptions import InvalidGameError, UnsupportedGameError
from contracts.games.bayesian import BayesianGame, product_prior

F = Fraction


def agency_payoffs(types, actions):
    """An agency of private competence facing a government that cannot see it.

    Hard work costs a competent agency 1 and a weak one 3 and delivers quality 4 (else 1). The
    fee is 4 unless the government monitors and catches cut corners (fee 1); monitoring costs
    the government 1.
    """
    effort, oversight = actions
    cost = {"competent": 1, "weak": 3}[types[0]] if effort == "hard" else 0
    fee = 4 if (effort == "hard" or oversight == "trust") else 1
    quality = 4 if effort == "hard" else 1
    return fee - cost, quality - fee - (1 if oversight == "monitor" else 0)


def agency_game(p_competent=None):
    p_competent = F(2, 3) if p_competent is None else p_competent
    return BayesianGame(["agency", "government"], [["competent", "weak"], ["-"]],
                        [["hard", "cut"], ["monitor", "trust"]],
                        [[p_competent], [1 - p_competent]], agency_payoffs)


def test_harsanyi_transform_by_hand():
    h = agency_game().harsanyi()
    assert h.actions == (("competent→hard, weak→hard", "competent→hard, weak→cut",
                          "competent→cut, weak→hard", "competent→cut, weak→cut"),
                         ("monitor", "trust"))
    # agency: 2/3 u(competent) + 1/3 u(weak); e.g. (hard, cut) vs trust: 2/3*3 + 1/3*4 = 10/3
    assert h.payoffs[0].tolist() == [[F(7, 3), F(7, 3)], [F(7, 3), F(10, 3)],
                                     [1, 3], [1, 4]]
    # government: (hard, cut) vs monitor: 2/3*(4-4-1) + 1/3*(1-1-1) = -1; vs trust: 1/3*(1-4)
    assert h.payoffs[1].tolist() == [[-1, 0], [-1, -1], [-1, -2], [-1, -3]]
    assert h.is_exact


def test_bayesian_nash_equilibria_per_type():
    g = agency_game()
    res = bayesian_nash(g)
    assert res.method == "vertex_enumeration" and res.complete and res.exact
    # by hand: the competent agency works, the weak one cuts corners, and the government is
    # indifferent; it must monitor with probability q in [1/3, 1] (extreme points 1/3 and 1)
    qs = sorted(eq.action_probability("government", "-", "monitor") for eq in res)
    assert qs == [F(1, 3), 1]
    for eq in res:
        assert eq.action_probability("agency", "competent", "hard") == 1
        assert eq.action_probability("agency", "weak", "cut") == 1
        assert eq.regret == 0
        assert eq.interim_payoffs[1] == (-1,)
        assert eq.interim_payoffs[0][0] == 3                       # competent: 4 - 1
    weak_pay = sorted(eq.interim_payoffs[0][1] for eq in res)
    assert weak_pay == [1, 3]                                      # 4 - 3q at q = 1, 1/3
    text = str(res)
    assert "agency of type competent (probability 2/3): hard=1" in text
    assert "government: monitor=1/3, trust=2/3  (expected payoff -1)" in text


def test_methods_agree():
    g = agency_game()
    pure = bayesian_nash(g, method="pure")
    assert len(pure) == 1 and pure[0].action_probability("government", 0, "monitor") == 1
    seq = bayesian_nash(g, method="sequence_form")
    assert len(seq) == 1 and not seq.complete
    assert seq[0].regret == 0
    assert seq[0].action_probability("agency", "weak", "cut") == 1
    # the tree is the same game: its reduced normal form is the Harsanyi game
    tree = g.to_extensive_form()
    nf = tree.reduced_normal_form()
    assert np.array_equal(nf.payoffs[0], g.harsanyi().payoffs[0])
    assert np.array_equal(nf.payoffs[1], g.harsanyi().payoffs[1])
    assert sequence_form_lcp(tree)[0].regret == 0


def test_two_sided_private_information_and_beliefs():
    # correlated types: both agencies are good or bad together more often than not
    prior = [[F(3, 8), F(1, 8)], [F(1, 8), F(3, 8)]]
    g = BayesianGame(["A", "B"], [["good", "bad"], ["good", "bad"]],
                     [["bid", "pass"], ["bid", "pass"]], prior,
                     lambda t, a: tuple((2 if t[i] == "good" else -1) if a[i] == "bid" and
                                        a[1 - i] == "pass" else 0 for i in range(2)))
    assert g.beliefs("A", "good").tolist() == [F(3, 4), F(1, 4)]
    assert g.marginal(1).tolist() == [F(1, 2), F(1, 2)]
    res = bayesian_nash(g)
    for eq in res:
        assert eq.regret == 0
    # by hand: a good agency expecting the rival to pass w.p. 1/4 bids (2 * 1/4 > 0), a bad one
    # expecting a pass w.p. 3/4 stays out (-1 * 3/4 < 0); so "good bids, bad passes" is a BNE
    cutoff = [[1, 0], [0, 1]]
    assert any(all(eq.strategies[i].tolist() == cutoff for i in range(2)) for eq in res)
    eq = next(e for e in res if all(e.strategies[i].tolist() == cutoff for i in range(2)))
    assert eq.interim_payoffs[0] == (F(1, 2), 0)


def test_three_players_use_pure_equilibria():
    g = BayesianGame(["x", "y", "z"], [["h", "l"], ["-"], ["-"]],
                     [["a", "b"], ["a", "b"], ["a", "b"]], [[["1/2"]], [["1/2"]]],
                     lambda t, a: tuple(1 if a[i] == a[(i + 1) % 3] else 0 for i in range(3)))
    res = bayesian_nash(g)
    assert res.method == "pure" and len(res) == 2
    with pytest.raises(UnsupportedGameError, match="needs two players"):
        bayesian_nash(g, method="vertex_enumeration")


def test_payoff_arrays_and_product_prior():
    prior = product_prior([F(1, 4), F(3, 4)], [1])
    assert prior.tolist() == [[F(1, 4)], [F(3, 4)]]
    u0 = np.zeros((2, 1, 2, 2), dtype=int)
    u0[0, 0] = [[1, 0], [0, 1]]
    u0[1, 0] = [[0, 1], [1, 0]]
    u1 = -u0
    g = BayesianGame(["r", "c"], [["t1", "t2"], ["-"]], [["u", "d"], ["l", "r"]], prior,
                     [u0, u1])
    h = g.harsanyi()
    assert h.payoffs[0][0, 0] == F(1, 4)      # (u, u) vs l: 1/4 * 1 + 3/4 * 0
    assert g.is_exact
    fl = BayesianGame(["r", "c"], [["t1", "t2"], ["-"]], [["u", "d"], ["l", "r"]],
                      [[0.25], [0.75]], [u0, u1])
    assert not fl.is_exact
    res = bayesian_nash(fl)
    assert all(eq.regret <= 1e-9 for eq in res) and len(res) >= 1


def test_zero_probability_type_is_flagged():
    g = agency_game(F(1))
    res = bayesian_nash(g)
    assert "prior probability 0" in res.message
    for eq in res:
        assert eq.interim_payoffs[0][1] is None
    with pytest.raises(InvalidGameError, match="has prior probability 0"):
        g.beliefs("agency", "weak")


@pytest.mark.parametrize("prior, message", [
    ([["1/2"], ["1/3"]], "sums to 5/6; expected 1"),
    ([[0.5], [0.6]], "sums to 1.1"),
    ([["3/2"], ["-1/2"]], "negative probability -1/2"),
    ([[1, 0]], "has shape"),
    ([["1/2"], ["x"]], "cannot read 'x'"),
])
def test_bad_priors(prior, message):
    with pytest.raises(InvalidGameError, match=message):
        BayesianGame(["agency", "government"], [["competent", "weak"], ["-"]],
                     [["hard", "cut"], ["monitor", "trust"]], prior, agency_payoffs)


def test_bad_games():
    with pytest.raises(InvalidGameError, match="distinct"):
        BayesianGame(["a", "b"], [["t", "t"], ["-"]], [["x"], ["y"]], [[F(1, 2)], [F(1, 2)]],
                     lambda t, a: (0, 0))
    with pytest.raises(InvalidGameError, match="empty"):
        BayesianGame(["a", "b"], [[], ["-"]], [["x"], ["y"]], [], lambda t, a: (0, 0))
    with pytest.raises(InvalidGameError, match="returned 1 payoffs"):
        BayesianGame(["a", "b"], [["t"], ["-"]], [["x"], ["y"]], [[1]], lambda t, a: (0,))
    with pytest.raises(InvalidGameError, match="payoff function failed"):
        BayesianGame(["a", "b"], [["t"], ["-"]], [["x"], ["y"]], [[1]], lambda t, a: 1 / 0)
    with pytest.raises(InvalidGameError, match="expected a BayesianGame"):
        bayesian_nash("game")
    with pytest.raises(InvalidGameError, match="unknown method"):
        bayesian_nash(agency_game(), method="magic")

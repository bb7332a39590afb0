"""N-player Nash equilibria by the limit of the logit branch: the `nash_nplayer` corpus."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import contracts as ct
from conftest import load_corpus
from contracts.equilibrium.nplayer import logit_limit, polish_on_support
from contracts.exceptions import InvalidGameError, InvalidParameterError
from contracts.results import EquilibriumResult

NPLAYER = [c for c in load_corpus() if c["category"] == "nash_nplayer"]


def _vec(v):
    return np.array([float(Fraction(x)) if isinstance(x, str) else float(x) for x in v])


@pytest.mark.parametrize("case", NPLAYER, ids=[c["name"] for c in NPLAYER])
def test_corpus_nplayer(case):
    g = ct.NormalFormGame(case["payoffs"])
    res = logit_limit(g)
    assert isinstance(res, EquilibriumResult) and res.converged
    assert len(res) == 1, res.message
    eq = res[0]
    assert eq.regret <= g.default_tol()
    assert g.is_nash(eq.to_numpy(), tol=g.default_tol())
    listed = [[_vec(s) for s in e] for e in case["equilibria"]]
    dist = min(max(float(np.max(np.abs(a - b))) for a, b in zip(e, eq.to_numpy()))
               for e in listed)
    if case.get("count") == 1:
        assert dist < 1e-8, f"unique equilibrium not matched (distance {dist})"
    elif case.get("count") is not None and case["equilibria_kind"].startswith("isolated"):
        # complete lists of isolated equilibria: the logit solution is one of them
        assert dist < 1e-8, f"not one of the listed equilibria (distance {dist})"


def test_logit_limit_exact_option_and_message():
    g = ct.NormalFormGame.from_bimatrix([["1", "2"], ["3", "-1"]], [["2", "-2"], ["2", "3"]])
    res = logit_limit(g, exact=True)
    assert res.exact and res[0].regret == 0
    assert list(res[0].strategies[0]) == [Fraction(1, 5), Fraction(4, 5)]
    assert "logit" in res.method and "lam" in res.message
    assert res.extra["lambda"] == 1e6


def test_polish_on_support():
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    q = polish_on_support(g, ([0.49, 0.51], [0.52, 0.48]))
    assert np.allclose(q[0], 0.5, atol=1e-12) and np.allclose(q[1], 0.5, atol=1e-12)
    # from uniform play in the prisoner's dilemma the best responses give (defect, defect)
    pd = ct.NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    q = polish_on_support(pd, ([0.5, 0.5], [0.5, 0.5]))
    assert q[0].tolist() == [0, 1] and q[1].tolist() == [0, 1]
    # a pure profile of matching pennies cannot be polished into an equilibrium
    assert polish_on_support(g, ([1, 0], [1, 0])) is None


def test_bad_input():
    with pytest.raises(InvalidGameError):
        logit_limit([[1, 2], [3, 4]])
    g = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    with pytest.raises(InvalidParameterError):
        logit_limit(g, tol=-1)
    with pytest.raises(InvalidParameterError):
        logit_limit(g, max_lambda=-5)

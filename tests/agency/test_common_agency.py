"""contracts.agency.common_agency: MENU-1, MENU-2, LP bounds, equilibrium checks, bad input."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import close, load_oracles
from contracts.agency.common_agency import MenuAuction
from contracts.exceptions import InvalidParameterError

ORACLES = load_oracles()


def _model(oid):
    p = ORACLES[oid]["params"]
    return MenuAuction(p["actions"], p["u0"], principal_values=p["v"])


def _key(name):
    return tuple(name.split("+"))


def test_menu_auction_oracle_1():  # MENU-1
    o = ORACLES["MENU-1"]
    e, tol = o["expected"], o["tolerance"]
    m = _model("MENU-1")
    assert m.efficient_action == e["efficient_action"]
    for name, w in e["W"].items():
        assert close(m.welfare(_key(name)), w, tol), name
    assert close(m.welfare(()), e["W_empty"], tol)
    bounds = m.coalition_bounds()
    assert set(bounds) == {_key(k) for k in e["coalition_bounds"]}
    for name, b in e["coalition_bounds"].items():
        assert close(bounds[_key(name)], b, tol), name
    pb = m.payoff_bounds()
    assert close(pb.max_total, e["max_total_principal_payoff"], tol)
    # the LP vertex is feasible and attains the bound (the maximiser is not unique)
    for S, b in bounds.items():
        assert sum(pb.argmax_total[j] for j in S) <= b + 1e-9
    assert close(sum(pb.argmax_total.values()), e["max_total_principal_payoff"], tol)
    assert all(close(pb.max_individual[j], bounds[(j,)], tol) for j in m.principals)

    ex = e["tne_example"]
    sched = m.truthful_schedules(ex["pi"])
    for j, row in ex["schedules"].items():
        for a, b in row.items():
            assert close(sched[j][a], b, tol), (j, a)
    chk = m.check(payoffs=ex["pi"])
    assert chk.is_equilibrium and bool(chk)
    assert chk.chosen_action == e["efficient_action"]
    assert close(chk.agent_payoff, ex["agent_payoff"], tol)
    for j, v in ex["best_response_payoffs"].items():
        assert close(chk.best_response_payoffs[j], v, tol)
        assert close(chk.principal_payoffs[j], ex["pi"][j], tol)
    # the same check given the schedules directly
    assert m.check(ex["schedules"]).is_equilibrium

    bad = e["non_equilibrium_example"]
    chk = m.check(payoffs=bad["pi"])
    assert not chk.is_equilibrium
    for j, v in bad["best_response_payoffs"].items():
        assert close(chk.best_response_payoffs[j], v, tol)
    assert "not an equilibrium" in str(chk) and "Subdistrict could get 2" in str(chk)

    sol = m.solve()
    assert sol.check.is_equilibrium and sol.efficient_action == e["efficient_action"]
    assert close(sum(sol.principal_payoffs.values()), e["max_total_principal_payoff"], tol)
    assert not sol.marginal_contributions_feasible  # (2, 2, 2) violates S + C <= 3
    assert close(sol.agent_payoff, m.welfare() - e["max_total_principal_payoff"], tol)


def test_menu_auction_oracle_2():  # MENU-2
    o = ORACLES["MENU-2"]
    e, tol = o["expected"], o["tolerance"]
    m = _model("MENU-2")
    s = m.solve()
    assert s.efficient_action == e["efficient_action"]
    assert close(s.total_surplus, e["W_N"], tol)
    for j, v in e["marginal_contributions"].items():
        assert close(s.marginal_contributions[j], v, tol)
    for j, v in e["principal_preferred_tne_payoffs"].items():
        assert close(s.principal_payoffs[j], v, tol)
    assert close(s.agent_payoff, e["agent_payoff"], tol)
    assert s.marginal_contributions_feasible and s.check.is_equilibrium
    assert "marginal contribution" in str(s)
    assert close(m.payoff_bounds().max_total, 4, tol)


values = st.lists(st.integers(-3, 8), min_size=3, max_size=3)


@settings(max_examples=30, deadline=None)
@given(u0=values, v=st.lists(values, min_size=2, max_size=3))
def test_principal_preferred_tne_is_verified_equilibrium(u0, v):
    m = MenuAuction(["a", "b", "c"], u0, principal_values={f"P{i}": row for i, row in enumerate(v)})
    s = m.solve()
    assert s.check.is_equilibrium
    # truthful equilibria implement an efficient action
    total = np.array(u0) + np.array(v).sum(axis=0)
    assert total[["a", "b", "c"].index(s.check.chosen_action)] == total.max()
    # payoffs respect every coalition bound, and the total is the LP optimum
    for S, b in m.coalition_bounds().items():
        assert sum(s.principal_payoffs[j] for j in S) <= b + 1e-7
    assert abs(sum(s.principal_payoffs.values()) - m.payoff_bounds().max_total) < 1e-7
    # a principal who concedes one unit more (truthful w.r.t. pi_j - 1) loses exactly that:
    # its best response still yields pi_j, its payoff is at most pi_j - 1
    j = m.principals[0]
    pi = dict(s.principal_payoffs)
    pi[j] -= 1
    chk = m.check(payoffs=pi)
    assert not chk.is_equilibrium and chk.gains[j] >= 1 - 1e-9
    assert abs(chk.best_response_payoffs[j] - s.principal_payoffs[j]) < 1e-7


def test_brute_force_best_response_matches_formula():
    # j's best response payoff: search over schedules that pay on one action only
    m = _model("MENU-1")
    pi = {"District": 2, "Subdistrict": 1, "Community": 1}
    sched = m.truthful_schedules(pi)
    chk = m.check(payoffs=pi)
    u0 = np.array([m.agent_payoffs[a] for a in m.actions])
    for j in m.principals:
        others = u0 + sum(np.array([sched[k][a] for a in m.actions])
                          for k in m.principals if k != j)
        vj = np.array([m.principal_values[j][a] for a in m.actions])
        best = -np.inf
        for i, pay in itertools.product(range(3), np.linspace(0, 10, 1001)):
            b = np.zeros(3)
            b[i] = pay
            tot = others + b
            ties = np.nonzero(tot >= tot.max() - 1e-12)[0]
            a = ties[np.argmax(vj[ties] - b[ties])]  # ties in j's favour
            best = max(best, vj[a] - b[a])
        assert abs(best - chk.best_response_payoffs[j]) < 1e-9


def test_menu_auction_bad_input():
    with pytest.raises(InvalidParameterError, match="actions"):
        MenuAuction([], [], principal_values={"D": []})
    with pytest.raises(InvalidParameterError, match="distinct"):
        MenuAuction(["a", "a"], [0, 0], principal_values={"D": [1, 2]})
    with pytest.raises(InvalidParameterError, match="expected 2"):
        MenuAuction(["a", "b"], [0, 0], principal_values={"D": [1, 2, 3]})
    with pytest.raises(InvalidParameterError, match="missing"):
        MenuAuction(["a", "b"], {"a": 0}, principal_values={"D": [1, 2]})
    with pytest.raises(InvalidParameterError, match="finite"):
        MenuAuction(["a", "b"], [0, float("nan")], principal_values={"D": [1, 2]})
    with pytest.raises(InvalidParameterError, match="non-empty mapping"):
        MenuAuction(["a", "b"], [0, 0], principal_values={})
    m = MenuAuction(["a", "b"], [0, 0], principal_values={"D": [1, 2], "S": [2, 1]})
    with pytest.raises(InvalidParameterError, match="unknown principal"):
        m.welfare(["X"])
    with pytest.raises(InvalidParameterError, match="exactly one"):
        m.check()
    with pytest.raises(InvalidParameterError, match="non-negative"):
        m.check({"D": [-1, 0], "S": [0, 0]})
    with pytest.raises(InvalidParameterError, match="one schedule per principal"):
        m.check({"D": [0, 0]})
    with pytest.raises(InvalidParameterError, match="one entry per principal"):
        m.truthful_schedules({"D": 1})
    with pytest.raises(InvalidParameterError, match="finite"):
        m.truthful_schedules({"D": 1, "S": "x"})

"""contracts.models.chain, stage 4 with hidden effort, workers' replies as choices, the agency's
own responses (recruit, make an example, attract talent) and logit choice over plans.

The agency's plan is checked against an independent brute force over every plan (each worker
let go / kept on an incentive contract / kept on a flat wage, times hires and example)."""

import math
import itertools
import json
import pathlib

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from contracts.models import _workforce as wf, regimes
from contracts.models.chain import Chain

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"

workforces = st.lists(st.tuples(st.floats(3, 8), st.floats(0.5, 1.0), st.floats(0, 1.5),
                                st.floats(0, 1), st.booleans(), st.floats(0, 1.5)),
                      min_size=1, max_size=5)


def _chain(ws, **kw):
    n = len(ws)
    return Chain(worker_names=tuple(f"w{i}" for i in range(n)),
                 wages=tuple(w[0] for w in ws),
                 reservation_wages=tuple(w[0] * w[1] for w in ws),
                 competence=tuple(w[2] for w in ws), relationship=tuple(w[3] for w in ws),
                 outside_offers=tuple(w[4] for w in ws), effort_cost=tuple(w[5] for w in ws),
                 **kw)


def _brute_best(m, budget, lam_value):
    """Independent brute force: the best payoff over every plan (or None: no feasible plan)."""
    tol = min(m.cash_reserve, lam_value)
    a = m.worker_evaluation_accuracy
    a_ex = a + m.example_effect * (1 - a)
    best = None
    ws = m.workers()
    for modes in itertools.product(("out", "work", "shirk"), repeat=len(ws)):
        for r in range(m.max_recruits + 1):
            for t in range(m.max_recruits - r + 1):
                for ex in (False, True):
                    if ex and not any(md == "out" and w.separation_mode == wf.DISMISSED
                                      for md, w in zip(modes, ws)):
                        continue
                    acc = a_ex if ex else a
                    cash, val, ok = budget - m.overhead, 0.0, True
                    for md, w in zip(modes, ws):
                        if md == "out":
                            cash -= w.separation_cost
                        elif md == "work":
                            if w.effort_cost > 0 and (acc <= 0 or m.shirking_loss <= 0):
                                ok = False
                            b = w.effort_cost / acc if w.effort_cost > 0 else 0.0
                            cash -= w.floor + b
                            val += w.value
                        else:
                            cash -= w.floor
                            val += w.value * (1 - m.shirking_loss) if w.effort_cost > 0 \
                                else w.value
                    hire = r * (m.recruit_wage + m.recruitment_cost) + t * (
                        m.talent_wage + m.recruitment_cost) + (m.example_cost if ex else 0)
                    cash -= hire
                    val += m.productivity * (r * m.recruit_competence + t * m.talent_competence)
                    head = sum(md != "out" for md in modes) + r + t
                    if not ok or head < m.required_staff or cash < -tol - 1e-9:
                        continue
                    best = cash + val if best is None else max(best, cash + val)
    return best


@settings(max_examples=25, deadline=None)
@given(workforces, st.floats(0, 45), st.integers(0, 4), st.floats(0.1, 1), st.floats(0, 1),
       st.integers(0, 1), st.floats(0, 0.8))
def test_plan_is_optimal_by_brute_force_and_every_worker_has_one_fate(
        ws, p_a, n_req, acc, loss, recruits, example):
    m = _chain(ws, budget=50.0, budget_cut=0.0, required_staff=min(n_req, len(ws)),
               worker_power=0.3, severance=0.3, worker_evaluation_accuracy=acc,
               shirking_loss=loss, max_recruits=recruits, recruit_wage=4.0,
               example_effect=example, example_cost=0.2)
    plan = m.workforce(p_a, 3.0)
    best = _brute_best(m, p_a, 3.0)
    if best is None or best < -1e-9:
        assert plan.exit and not plan.agency_responses and plan.recruits == 0
        assert not plan.example and not plan.kept
    else:
        assert not plan.exit and abs(plan.payoff - best) <= 1e-7
        assert plan.regret <= 1e-12
    # each worker exactly one fate; one cause per dismissal; replies are her best choices
    groups = [set(plan.kept), set(plan.dismissed), set(plan.left)]
    assert sum(map(len, groups)) == len(ws) and set().union(*groups) == set(m.worker_names)
    assert set(plan.cause) == set(plan.dismissed)
    for nm in m.worker_names:
        vals = plan.reply_values[nm]
        assert vals[plan.reply[nm]] >= max(vals.values()) - 1e-9
        assert (plan.reply[nm] == wf.ACCEPT_REPLY) == (nm in plan.kept)
        assert abs(sum(plan.reply_probabilities[nm].values()) - 1) < 1e-12
    for nm in plan.kept:
        i = m.worker_names.index(nm)
        c = m.effort_cost[i]
        a = acc + (example * (1 - acc) if plan.example else 0.0)
        if plan.effort[nm] == "work" and c > 0:     # incentive compatible: a·bonus ≥ c
            assert a * plan.bonus[nm] >= c - 1e-9
        if plan.effort[nm] == "shirk":
            assert plan.bonus[nm] == 0.0 and a * plan.bonus[nm] < c


def test_hidden_effort_off_reproduces_the_earlier_chain_exactly():
    """Regression: every record computed by the chain before hidden effort, the committee and
    the agency's responses existed (tests/data/chain_baseline.json) is reproduced exactly with
    those parts switched off (their defaults)."""
    from contracts.models.scenarios import SCENARIOS
    base = json.loads((DATA / "chain_baseline.json").read_text())
    cases = {"default": {}, "cut0": {"budget_cut": 0.0}, "cut14": {"budget_cut": 14.0},
             "cut3": {"budget_cut": 3.0}, "power": {"worker_power": 0.6, "severance": 0.3},
             "logit2": {"logit_precision": 2.0}, "near0": {"nearness": 0.0},
             "acc1": {"evaluation_accuracy": 1.0, "discount": 0.9}}
    models = {f"chain:{k}": Chain(**kw) for k, kw in cases.items()}
    models.update({f"scenario:{n}": Chain(**{**s.parameters, **_OFF})
                   for n, s in SCENARIOS.items()})
    assert set(models) == set(base)
    for key, m in models.items():
        eq = m.solve()
        rec = eq.to_record()
        for k, v in base[key].items():
            if k == "fate":
                assert dict(eq.workforce.fate) == v, key
            elif k == "response":
                assert dict(eq.workforce.response) == v, key
            elif isinstance(v, str) and v in ("inf", "-inf", "nan"):
                assert str(rec[k]) == v, (key, k)
            elif isinstance(v, float) and not isinstance(v, bool):
                # figures traced numerically (the logit control game) agree to rounding
                assert math.isclose(rec[k], v, rel_tol=1e-9, abs_tol=1e-12), (key, k, rec[k], v)
            else:
                assert rec[k] == v, (key, k, rec[k], v)


# the parts added after the baseline, switched off
_OFF = dict(effort_cost=0.0, max_recruits=0, example_effect=0.0, community_committee=False)


def test_shirking_tolerated_when_incentives_cost_more_than_they_save():
    # bonus c/a = 0.5/0.25 = 2 > ℓ·v = 0.3·5.x: flat wages; cheaper evaluation-based
    # incentives (a = 1) make the agency pay the bonus c = 0.5 < 1.5
    lax = Chain(effort_cost=0.5, worker_evaluation_accuracy=0.25, shirking_loss=0.3,
                budget_cut=0.0).solve()
    sharp = Chain(effort_cost=0.5, worker_evaluation_accuracy=1.0, shirking_loss=0.3,
                  budget_cut=0.0).solve()
    assert regimes.shirking_tolerated(lax) and not regimes.shirking_tolerated(sharp)
    assert set(sharp.workforce.effort.values()) == {"work"}
    assert all(abs(b - 0.5) < 1e-12 for b in sharp.workforce.bonus.values())


def test_agency_payoff_weakly_increasing_in_its_evaluation_accuracy():
    pays = [Chain(effort_cost=0.4, worker_evaluation_accuracy=float(a),
                  shirking_loss=0.4).solve().workforce.payoff for a in np.linspace(0.05, 1, 20)]
    assert all(b >= a - 1e-9 for a, b in zip(pays, pays[1:]))


def test_agency_responses_read_off_the_equilibrium():
    # a dismissal made an example: remaining incentive contracts need smaller bonuses
    m = Chain(effort_cost=0.6, worker_evaluation_accuracy=0.3, shirking_loss=0.6,
              example_effect=0.7, example_cost=0.1, severance=0.0)
    eq = m.solve()
    assert regimes.makes_an_example(eq) and eq.workforce.dismissed
    assert "make an example" in eq.workforce.agency_responses
    a = 0.3 + 0.7 * 0.7
    for nm, b in eq.workforce.bonus.items():
        if eq.workforce.effort[nm] == "work":
            assert abs(b - 0.6 / a) < 1e-12
    # costly examples are not made
    assert not regimes.makes_an_example(m.replace(example_cost=5.0).solve())
    # recruiting replacements at a lower market wage; attracting talent at a premium
    rec = Chain(max_recruits=1, recruit_wage=3.0).solve()
    assert regimes.recruits_replacements(rec) and rec.workforce.recruits == 1
    tal = Chain(max_recruits=1, recruit_wage=9.0, talent_wage=5.0, talent_competence=1.6,
                budget_cut=0.0).solve()
    assert regimes.attracts_talent(tal) and not regimes.recruits_replacements(tal)
    # never after the agency has exited
    gone = Chain(max_recruits=2, recruit_wage=3.0, example_effect=0.7, effort_cost=0.6,
                 budget_cut=21.0).solve()
    assert regimes.programme_ended(gone)
    assert not (gone.workforce.agency_responses or regimes.recruits_replacements(gone)
                or regimes.makes_an_example(gone) or regimes.attracts_talent(gone))
    assert "own responses" not in str(gone.explain())


def test_logit_over_plans_limits():
    m = Chain(worker_names=("a", "b", "c"), wages=5.0, reservation_wages=(4, 4.5, 4),
              competence=1.0, relationship=(0.9, 0.4, 0.7), outside_offers=False,
              required_staff=1, budget_cut=0.0, budget=14.0)
    nash = m.solve().workforce
    uniform = m.replace(logit_precision=0.0).solve().workforce
    sharp = m.replace(logit_precision=500.0).solve().workforce
    # λ = 0: every feasible plan and exit equally likely
    ws = m.workers()
    plans = [idx for r in range(1, 4) for idx in itertools.combinations(range(3), r)
             if wf.plan_payoff(ws, idx, 14.0, m.overhead)[1] >= -1.0 - 1e-9]
    assert nash.feasible_sets == len(plans)
    total = len(plans) + 1
    assert abs(uniform.exit_probability - 1 / total) < 1e-12
    for i, nm in enumerate(m.worker_names):
        share = sum(1 for idx in plans if i in idx) / total
        assert abs(uniform.keep_probabilities[nm] - share) < 1e-12
    # λ → ∞: the Nash plan
    for nm in m.worker_names:
        assert abs(sharp.keep_probabilities[nm] - (nm in nash.kept)) < 1e-3
        assert nash.keep_probabilities[nm] == float(nm in nash.kept)
    assert sharp.kept == nash.kept          # fates are the modal (Nash) plan at any λ


@settings(max_examples=15, deadline=None)
@given(st.floats(0, 50), st.floats(0.01, 1), st.floats(0, 1))
def test_choice_probabilities_are_distributions(lam, acc, loss):
    eq = Chain(logit_precision=lam, effort_cost=(0.2, 0.5, 0.0, 1.0),
               worker_evaluation_accuracy=acc, shirking_loss=loss,
               community_committee=True).solve()
    probs = eq.choice_probabilities()
    assert {"renewal rule", "bureau control", "agency compliance", "committee",
            "agency exit"} <= set(probs)
    for name, dist in probs.items():
        assert all(-1e-12 <= p <= 1 + 1e-12 for p in dist.values()), name
        assert abs(sum(dist.values()) - 1) < 1e-9, name


def test_integer_program_with_effort_matches_enumeration():
    n = 9
    m = Chain(worker_names=tuple(f"w{i}" for i in range(n)), wages=5.0,
              reservation_wages=tuple(4 + 0.05 * i for i in range(n)),
              competence=tuple(0.7 + 0.03 * i for i in range(n)),
              relationship=tuple((i * 7 % 10) / 10 for i in range(n)), outside_offers=False,
              budget=60.0, budget_cut=15.0, required_staff=4, effort_cost=0.3,
              shirking_loss=0.4, worker_evaluation_accuracy=0.6, max_recruits=1,
              recruit_wage=4.0, example_effect=0.5, example_cost=0.05, severance=0.1)
    lam = m.solve().relationship_value
    milp = m.workforce(45.0, lam, method="milp")
    brute = m.workforce(45.0, lam, method="brute")
    assert milp.method == "milp" and brute.method == "brute" and not milp.exit
    assert abs(milp.payoff - brute.payoff) <= 1e-6
    assert abs(brute.payoff - _brute_best(m, 45.0, lam)) <= 1e-9


@pytest.mark.parametrize("kw", [{"effort_cost": -1}, {"shirking_loss": 1.5},
                                {"worker_evaluation_accuracy": 2}, {"max_recruits": -1},
                                {"max_recruits": 1.5}, {"community_committee": "maybe"},
                                {"committee_accuracy": -0.1}, {"example_effect": 2}])
def test_bad_input(kw):
    from contracts.exceptions import InvalidParameterError
    with pytest.raises(InvalidParameterError, match="^Chain"):
        Chain(**kw)


@settings(max_examples=20, deadline=None)
@given(workforces, st.floats(5, 40), st.floats(0, 1), st.floats(0, 1), st.integers(0, 3),
       st.floats(0.1, 1), st.floats(0, 0.8))
def test_agency_payoff_weakly_decreasing_in_the_cut_with_effort_and_responses(
        ws, budget, c1, c2, n_req, acc, example):
    lo, hi = sorted((c1, c2))
    kw = dict(budget=budget, required_staff=min(n_req, len(ws)), worker_evaluation_accuracy=acc,
              example_effect=example, example_cost=0.1, max_recruits=1, recruit_wage=4.0)
    a = _chain(ws, budget_cut=budget * lo, **kw).solve().workforce
    b = _chain(ws, budget_cut=budget * hi, **kw).solve().workforce
    assert b.payoff <= a.payoff + 1e-9
    for p in (a, b):                      # responses only while the agency stays
        assert not (p.exit and (p.agency_responses or p.recruits or p.talent or p.example))


def test_cli_style_scalar_string_applies_to_every_worker():
    m = Chain(effort_cost="0.5", wages="6")
    assert m.effort_cost == (0.5,) * 4 and m.wages == (6.0,) * 4
    assert Chain(worker_names="a", wages=5, reservation_wages=4, competence=1, relationship=0,
                 outside_offers=False, required_staff=1).worker_names == ("a",)

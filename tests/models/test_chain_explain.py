"""explain() of the chain with the added parts on: conditions printed with their true
inequality and verdict, sentences only from equilibrium fields, nothing internal leaked."""

from _conditions import check_stated_conditions
from hypothesis import given, settings, strategies as st

from contracts.models.chain import Chain



@settings(max_examples=20, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1.5), st.floats(0.05, 1), st.floats(0, 1), st.booleans(),
       st.floats(0, 1), st.floats(0, 1), st.floats(0, 21), st.booleans())
def test_conditions_are_stated_with_their_verdict(acc, effort, w_acc, loss, committee, beta,
                                                  example, cut, screening):
    m = Chain(evaluation_accuracy=acc, effort_cost=effort, worker_evaluation_accuracy=w_acc,
              shirking_loss=loss, community_committee=committee, committee_accuracy=beta,
              example_effect=example, budget_cut=cut, max_recruits=1, recruit_wage=3.5,
              cost_types=(1.0, 2.0) if screening else (), nearness=0.5)
    eq = m.solve()
    text = str(m.explain())
    assert check_stated_conditions(text) >= 6
    for banned in ("MODELS.md", "PASS-", "TIROLE", "LEVIN-", "MENU-", "oracle", "needs"):
        assert banned not in text
    # what the report says about the new parts is what the equilibrium holds
    p = eq.workforce
    assert ("the community committee co-evaluates" in text) == committee
    assert ("own responses" in text) == bool(p.agency_responses)
    assert ("cost screening" in text) == screening
    for nm in p.kept:
        line = next(x for x in text.splitlines() if x.strip().startswith(f"{nm}: kept"))
        assert ("plus a bonus" in line) == (p.bonus[nm] > 1e-9)
        assert ("flat wage" in line) == (p.effort[nm] == "shirk")
    if p.exit:
        assert not p.agency_responses and not p.kept

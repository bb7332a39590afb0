"""The default solve of a tree with three or more players and no pure equilibrium returns one
equilibrium and says which method found it."""

import pytest

import contracts as ct
from contracts.io.efg import read_efg


def jordan_efg():
    """Jordan's three-player matching game as a tree: nobody sees the others' moves; no pure
    equilibrium, the unique equilibrium is everybody mixing 1/2-1/2."""
    lines = ['EFG 2 R "Jordan" { "P1" "P2" "P3" }', 'p "" 1 1 "" { "H" "T" } 0']
    out = 1
    for a in "HT":
        lines.append('p "" 2 1 "" { "H" "T" } 0')
        for b in "HT":
            lines.append('p "" 3 1 "" { "H" "T" } 0')
            for c in "HT":
                u = (int(a == b), int(b == c), int(c != a))
                lines.append(f't "" {out} "" {{ {u[0]}, {u[1]}, {u[2]} }}')
                out += 1
    return "\n".join(lines)


@pytest.mark.parametrize("exact", [True, False])
def test_three_player_tree_without_pure_equilibrium_default_solve_finds_one(exact):
    tree = read_efg(jordan_efg(), exact=exact)
    assert len(ct.solve(tree.reduced_normal_form(), method="pure")) == 0
    res = ct.solve(tree)
    assert len(res) == 1 and "logit" in res.message and not res.complete
    eq = res[0]
    for probs in eq.profile.probabilities:
        assert [float(x) for x in probs[0]] == pytest.approx([0.5, 0.5], abs=1e-6)
    assert tree.is_nash(eq.profile)


def test_tree_is_nash_none_is_a_named_error():
    from contracts.exceptions import InvalidGameError
    tree = read_efg(jordan_efg())
    with pytest.raises(InvalidGameError, match="is_nash"):
        tree.is_nash(None)

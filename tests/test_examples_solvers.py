"""The solver-family example scripts run, print the known answers, and save their figures.

Every script in ``examples/`` listed below is started once, in a subprocess (``sys.executable``,
working directory = the repository root) with ``--save DIR``; all of them are launched together
so that the module takes about as long as the slowest script. The tests then check key figures
in each script's printed report -- exact equilibrium fractions, and numbers that must agree with
the oracles of ``tests/data/oracles.json`` (named in the comments) -- and that PNG figures were
written when matplotlib is installed. One extra run hides matplotlib to check that the scripts
skip their figures gracefully.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import re
import subprocess
import sys
from fractions import Fraction

import pytest

from conftest import load_oracles

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NAMES = ("solvers_tour", "contract_theory", "bounded_rationality", "evolutionary_regimes",
         "repeated_games", "extensive_form")
HAVE_MPL = importlib.util.find_spec("matplotlib") is not None
TIMEOUT = 240
ORACLES = load_oracles()
NUMBER = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?:/\d+)?)"


class _Runs:
    """Processes started together; results collected (and cached) on first use."""

    def __init__(self, procs):
        self.procs = procs
        self.results = {}

    def get(self, key):
        if key not in self.procs:
            pytest.skip(f"examples/{key.split('[')[0]}.py does not exist")
        if key not in self.results:
            proc, save_dir = self.procs[key]
            try:
                out, err = proc.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
                pytest.fail(f"{key} did not finish within {TIMEOUT} s\n{err[-2000:]}")
            self.results[key] = (proc.returncode, out, err, save_dir)
        rc, out, err, save_dir = self.results[key]
        assert rc == 0, (f"{key} exited with {rc}\nstdout tail:\n{out[-1500:]}\n"
                         f"stderr:\n{err[-3000:]}")
        return out, err, save_dir


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
    procs = {}

    def start(key, script, extra_env=None):
        save_dir = tmp_path_factory.mktemp(re.sub(r"\W", "_", key))
        e = dict(env, **(extra_env or {}))
        procs[key] = (subprocess.Popen([sys.executable, str(script), "--save", str(save_dir)],
                                       cwd=ROOT, env=e, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True), save_dir)

    for name in NAMES:
        script = EXAMPLES / f"{name}.py"
        if script.exists():
            start(name, script)
    # a matplotlib that cannot be imported: the figures must be skipped, not crash the script
    fake = tmp_path_factory.mktemp("no_matplotlib")
    (fake / "matplotlib").mkdir()
    (fake / "matplotlib" / "__init__.py").write_text("raise ImportError('hidden for a test')\n")
    path = os.pathsep.join([str(fake)] + [p for p in [env.get("PYTHONPATH")] if p])
    for name in ("repeated_games", "extensive_form"):
        script = EXAMPLES / f"{name}.py"
        if script.exists():
            start(f"{name}[no-matplotlib]", script, {"PYTHONPATH": path})
    r = _Runs(procs)
    yield r
    for proc, _ in procs.values():
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def number_after(out: str, prefix: str):
    """The number printed right after ``prefix`` (a Fraction for exact output, else float)."""
    m = re.search(re.escape(prefix) + r"\s*" + NUMBER, out)
    assert m, f"no number after {prefix!r} in the output"
    tok = m.group(1)
    return Fraction(tok) if "/" in tok else float(tok)


def check_oracle(out: str, prefix: str, oracle_id: str, *keys, index=None):
    """The printed number after ``prefix`` agrees with the oracle value (to the tolerance of
    the oracle, or to the 6 significant digits the scripts print, whichever is looser)."""
    o = ORACLES[oracle_id]
    want = o["expected"]
    for k in keys:
        want = want[k]
    if index is not None:
        want = want[index]
    got = number_after(out, prefix)
    tol = max(float(o["tolerance"]), 1e-5)
    assert abs(float(got) - float(want)) <= tol * (1 + abs(float(want))), \
        f"{oracle_id} {keys}: printed {got} after {prefix!r}, oracle {want}"


def pngs(save_dir: pathlib.Path) -> list:
    return sorted(p.name for p in save_dir.glob("*.png") if p.stat().st_size > 1000)


def check_figures(save_dir, expected):
    if HAVE_MPL:
        assert set(expected) <= set(pngs(save_dir)), f"missing figures in {pngs(save_dir)}"
    else:
        assert pngs(save_dir) == []


# ----------------------------------------------------------------------------------------------
def test_solvers_tour(runs):
    out, err, save_dir = runs.get("solvers_tour")
    # the inspection game's unique equilibrium, exactly (limit of oracle QRE-inspection)
    assert ("the government inspects strictly with probability 1/5 and loosely with "
            "probability 4/5") in out
    assert "the agency complies with probability 3/5 and is perfunctory with probability 2/5" in out
    assert "expected payoffs: government 7/5, agency 2." in out
    assert "support_enumeration, vertex_enumeration and one agree exactly: True" in out
    assert "lemke_howson (floats, " in out and "(0.2, 0.8), (0.6, 0.4)" in out
    assert ("government inspects strictly w.p. 1/8 (was 1/5) and the agency still complies "
            "w.p. 3/5") in out
    # coordination: three equilibria, the mixed one exact
    assert "vertex_enumeration finds all 3" in out
    assert "#3: government plays dashboard with probability 3/5, agency with probability 2/5" in out
    assert "reaches 3 of the 3 equilibria" in out
    # zero-sum audit game
    assert "value of the game to the government: -4/7" in out
    assert ("audits housing with probability 3/7, elderly care with probability 5/14, youth "
            "with probability 3/14") in out
    assert "UnsupportedGameError" not in err
    # degenerate game: the warning, and both extreme points of the segment
    assert "DegenerateGameWarning: the game is degenerate" in out
    assert "agency complies with probability 0\n" in out
    assert "agency complies with probability 1/2\n" in out
    assert "inside the segment) is an equilibrium: True" in out
    assert "DegenerateGameWarning" not in err        # caught and reported by the script
    # correlated equilibrium beats Nash (Chicken numbers of the correlated_equilibrium docstring)
    assert "recommend (concede, concede) with probability 1/2" in out
    assert "total welfare 21/2 versus at most 28/3 in any Nash equilibrium" in out
    # iterated elimination with a mixed dominator
    assert "'no inspection' is strictly dominated by 0.5·'strict' + 0.5·'loose'" in out
    assert "agency's 'falsify' is strictly dominated by 'perfunctory'" in out
    assert "government strict w.p. 1/5, agency complies w.p. 3/5: the same equilibrium" in out
    # Gambit round trip, exact
    assert "read back: exact=True" in out and "equal to the original: True" in out
    assert "3 7/3" in out and "2.5 -2" in out
    assert "government strict w.p. 1/7, agency complies w.p. 7/11" in out
    assert (save_dir / "inspection.nfg").exists()
    check_figures(save_dir, ["solvers_best_responses.png", "solvers_budget_standoff.png"])


def test_contract_theory(runs):
    out, _, save_dir = runs.get("contract_theory")
    # MH-LP-2: pay 5 on the best outcome only; principal keeps 5.7; best linear share 5/11
    assert "with payments (0, 0, 5) per outcome" in out
    check_oracle(out, "principal keeps", "MH-LP-2", "principal_utility")
    check_oracle(out, "share alpha =", "MH-LP-2", "best_linear_alpha")
    check_oracle(out, "the principal keeps", "MH-LP-2", "best_linear_principal_utility")
    assert "the government keeps 31/5 instead of 57/10" in out
    # GH-1
    check_oracle(out, "expected wage bill of", "GH-1", "cost_H")
    check_oracle(out, "agency cost of risk-bearing is", "GH-1", "agency_cost_H")
    check_oracle(out, "(2.25 after failure,", "GH-1", "wages_H", index=1)
    # LEN-1 and its sympy closed form
    check_oracle(out, "piece rate beta =", "LEN-1", "beta")
    assert "beta* = p/(k*r*sigma2 + 1)" in out
    assert "beta falls with sigma2 (always)" in out and "beta falls with r (always)" in out
    assert "sigma2=0: 1, sigma2=0.5: 0.5, sigma2=1: 0.333333, sigma2=2: 0.2" in out
    # Baker: the closed form and the cos^2 logic
    assert "beta* = (f1*g1 + f2*g2)/(g1**2 + g2**2 + r*sigma2)" in out
    assert "weight 1: 80.0% of the first best" in out
    # SCR2-1, SCR2-SHUTDOWN, MR-IRON-1
    check_oracle(out, "The government buys q =", "SCR2-1", "qL")
    check_oracle(out, "supplies", "SCR2-1", "qH")
    check_oracle(out, "information rent of", "SCR2-1", "rent_L")
    check_oracle(out, "Expected welfare", "SCR2-1", "principal_welfare")
    assert "the inefficient agency (cost 3) is shut down" in out
    check_oracle(out, "and value 6q - q^2/2: The government buys q =", "SCR2-SHUTDOWN", "qL")
    assert "quantities (1, 1, 5), transfers (3, 3, 23); rents (0, 1, 2)" in out  # MR-IRON-1
    check_oracle(out, "Profit", "MR-IRON-1", "profit")
    assert "virtual values (1.5, -1, 5)" in out
    # LEVIN-1 and LEVIN-MH-*
    check_oracle(out, "discount 0.3: effort", "LEVIN-1", "effort")
    check_oracle(out, "discount 0.3: effort 0.6, bonus", "LEVIN-1", "bonus")
    check_oracle(out, "First best from discount", "LEVIN-1", "delta_first_best")
    assert "With discount factor 0.45 no positive effort is self-enforcing" in out  # infeasible
    check_oracle(out, "With discount factor 0.6 the principal promises a bonus", "LEVIN-MH-1",
                 "bonus")
    # BGM regimes
    for oid, name in (("BGM-FB", "first best"), ("BGM-MIX", "mixed"),
                      ("BGM-CROWDOUT", "crowd-out"), ("BGM-COMPLEMENT", "complementarity")):
        line = next(ln for ln in out.splitlines() if f"regime '{name}'" in ln)
        check_oracle(line, "b =", oid, "b")
        check_oracle(line, "B =", oid, "B")
    # TIROLE-1 (exact with Fraction inputs) and the cost of collusion
    assert ("output without evidence 13/2, reward for reporting 13/4, cost of collusion to the "
            "bureau 27/32") in out
    check_oracle(out, "collusion costs", "TIROLE-1", "cost_of_collusion")
    # bargaining
    assert "government gets 26/5" in out and "agency gets 24/5" in out          # NASH-LIN-1
    check_oracle(out, "discount factors 0.9 and 0.8): immediate agreement, government gets",
                 "RUB-2", "proposer_share")
    line = next(ln for ln in out.splitlines() if "outside option 0.3 is irrelevant" in ln)
    check_oracle(line, "government gets", "OUTSIDE-1", "proposer_share")
    # OUTSIDE-2
    assert "government gets 0.4, agency gets 0.6; agency's outside option 0.6 binds" in out
    check_oracle(out, "split tends to", "RUB-LIMIT", "limit_share")
    check_figures(save_dir, ["contract_theory.png"])


def test_bounded_rationality(runs):
    out, _, save_dir = runs.get("bounded_rationality")
    rows = {float(m.group(1)): (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+[\d.]+$", out, re.M)}
    qre = ORACLES["QRE-inspection"]["expected"]["profiles"]          # QRE-inspection
    for lam in ("0.5", "1.0", "2.0", "5.0"):
        strict, comply = rows[float(lam)]
        assert abs(strict - qre[lam]["row"][0]) <= 6e-5, lam
        assert abs(comply - qre[lam]["col"][0]) <= 6e-5, lam
    assert "government strict with probability 0.2, agency complies with probability 0.6" in out
    assert "exact Nash equilibrium for comparison: strict 1/5, comply 3/5" in out
    assert "leaves Nash compliance at 3/5 (only the inspection rate falls, to 1/8)" in out
    # logit_estimate recovers the observed frequencies closely
    lam = number_after(out, "The fitted precision lam =")
    assert 1.5 < lam < 2.6
    assert number_after(out, "gives log-likelihood") > number_after(out, "against")
    # CH-BEAUTY-15, CH-BEAUTY-1 and level-k guesses
    check_oracle(out, "the average bid is", "CH-BEAUTY-15", "population_mean")
    check_oracle(out, "level 2", "CH-BEAUTY-15", "level_choices_0_to_4", index=2)
    check_oracle(out, "mean steps 1: average bid", "CH-BEAUTY-1", "population_mean")
    assert "level 2 bids 22.2222, level 3 bids 14.8148" in out
    # CH-INSPECTION-15 and LEVELK-INSPECTION
    ch = ORACLES["CH-INSPECTION-15"]["expected"]
    assert abs(number_after(out, "population inspects strictly") / 100
               - ch["row_aggregate"][0]) < 1e-3
    assert abs(number_after(out, "time (Nash: 20%) and complies") / 100
               - ch["col_aggregate"][0]) < 1e-3
    levels = re.findall(r"^\s+(\d)\s+(uniform|strict|loose)\s+(uniform|comply|perfunctory)\s*$",
                        out, re.M)
    lk = ORACLES["LEVELK-INSPECTION"]["expected"]
    names = {0: ("strict", "comply"), 1: ("loose", "perfunctory")}
    for k, gov, agency in levels[:5]:
        k = int(k)
        if k == 0:
            assert gov == agency == "uniform"
            continue
        assert gov == names[lk["row_levels"][k].index(1.0)][0]
        assert agency == names[lk["col_levels"][k].index(1.0)][1]
    check_figures(save_dir, ["qre_inspection.png", "beauty_contest_levels.png"])


def test_evolutionary_regimes(runs):
    out, _, save_dir = runs.get("evolutionary_regimes")
    for regime, oid in (("nominal", "EVO-NOMINAL"), ("control", "EVO-CONTROL"),
                        ("resistance", "EVO-RESISTANCE"), ("symbiosis", "EVO-SYMBIOSIS")):
        block = out.split(f"Regime '{regime}'")[1].split("Regime '")[0].split("The cycle")[0]
        exp = ORACLES[oid]["expected"]
        (ess,) = exp["ess"]
        assert f"ESS: {ess}\n" in block
        assert f"ESS {ess} = (" in block and "It is a strict Nash equilibrium" in block
        assert f"1 strict, at {ess}." in block
        assert f"27 end at {ess}" in block
        for label, row in exp["vertex_eigenvalues"].items():
            line = next(ln for ln in block.splitlines() if ln.strip().startswith(label + " "))
            eig = [float(v) for v in re.search(r"\)\s+\(([^)]*)\)", line).group(1).split(",")]
            assert all(abs(a - b) < 1e-3 for a, b in zip(eig, row["eigenvalues"])), (oid, label)
            kind = {"ESS": "ESS", "saddle": "saddle", "unstable_source": "unstable source"}
            assert kind[row["type"]] in line, (oid, label)
    cycle = out.split("The cycle: no ESS at all")[1]
    exp = ORACLES["EVO-CYCLE"]["expected"]                       # EVO-CYCLE
    assert exp["ess"] == [] and "no ESS: no vertex is a strict Nash equilibrium" in cycle
    assert "(0.8, 0.6, 0)  (0.9798i, -0.9798i, -1)" in cycle
    assert "never as ESS" in cycle
    h = ORACLES["EVO-CYCLE"]["expected"]["H_at_(0.5,0.5)"]
    lo = number_after(cycle, "keeps H within [")
    hi = number_after(cycle, f"keeps H within [{lo:.6f},")
    assert abs(lo - h) < 1e-5 and abs(hi - h) < 1e-5
    traj = out.split("A trajectory: the nominal regime")[1]
    t10 = re.search(r"^\s+10\s+(\S+)\s+(\S+\s?\S*)\s+(\S+)$", traj, re.M)
    want = ORACLES["EVO-NOMINAL"]["expected"]["state_t10_from_center"]
    assert abs(float(t10.group(1)) - want[0]) < 1e-6 and abs(float(t10.group(3)) - want[2]) < 1e-5
    assert "ESS 011 (loose, high quality, public participates)" in out
    check_figures(save_dir, ["evolutionary_regimes.png", "evolutionary_cycle.png"])


def test_repeated_games(runs):
    out, _, save_dir = runs.get("repeated_games")
    # GRIM-TRUST-1
    assert "Sustainable iff the discount factor is at least 2/3." in out
    assert "delta* = (d - v)/(d - e) = (5 - 3)/(5 - 2)" in out
    assert "at discount 0.6: sustainable = False" in out
    assert "at discount 0.7: sustainable = True" in out
    # APS-TRUST-08: the polygon at 0.8
    assert "discount 0.8: a polygon of area 5; vertices (2, 1), (4.5, 1), (3, 4), (2, 3.5)" in out
    assert "discount 0.3: a single point; vertices (2, 1)" in out
    assert "at discount 0.66? False" in out and "at discount 0.67? True" in out
    assert "folk theorem holds from discount 0.666667" in out
    assert "(self-generating: True)" in out
    # APS-PD-01, APS-PD-02, APS-PD-075, GRIM-PD-2, APS-PD-THRESH
    assert "discount 0.1: a single point: poach for ever; vertices (3, 3)" in out
    assert "discount 0.2: a segment" in out and "vertices (3, 3), (9, 9)" in out
    assert ("discount 0.75: a polygon of area 40.5; vertices (3, 3), (9.75, 3), (9, 9), "
            "(3, 9.75)") in out
    check_oracle(out, "sustainable by grim trigger from discount", "GRIM-PD-2", "delta_star")
    check_oracle(out, "From discount", "APS-PD-THRESH", "delta_full_IR_set")
    check_figures(save_dir, ["repeated_payoff_sets.png"])


def test_extensive_form(runs):
    out, _, save_dir = runs.get("extensive_form")
    first = out.split("2. Quality unobservable")[0]
    assert "backward_induction: 1 equilibrium (complete; exact" in first
    assert "government at 'contract': fixed price=1" in first
    assert "expected payoffs: government 3, agency 1" in first
    second = out.split("2. Quality unobservable")[1].split("3. Gambit")[0]
    assert "subgame_perfect: 1 equilibrium (complete; exact" in second
    assert "government at 'evaluation': audit=8/9, accept=1/9" in second
    assert "agency at 'service under fixed price': high effort=5/9, low effort=4/9" in second
    assert "the government's value there is 11/9" in second
    assert "is_subgame_perfect = True" in second
    assert "sequence_form_lcp: 1 equilibrium" in second
    assert "is_subgame_perfect = False" in second
    assert "reduced normal form has 4 x 5 strategies" in second
    assert out.count("read back equal: True") == 2
    assert (save_dir / "contract_tree_unobservable.efg").exists()
    check_figures(save_dir, ["contract_tree.png"])


@pytest.mark.parametrize("name", ["repeated_games", "extensive_form"])
def test_examples_without_matplotlib(runs, name):
    out, _, save_dir = runs.get(f"{name}[no-matplotlib]")
    assert "matplotlib is not installed" in out
    assert pngs(save_dir) == []

"""contracts.models.lifecycle: 4C-TRUST, 4C-BAKER, LIFECYCLE-CYCLE, LIFECYCLE-REGIMES, EVO-* stage
labels, classification rules, the tripartite game, bad input."""

import time

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import contracts as ct
from conftest import close, load_oracles
from contracts.exceptions import InvalidGameError, InvalidParameterError
from contracts.models.lifecycle import (EVO_CONTROL, EVO_CYCLE, EVO_NOMINAL, EVO_RESISTANCE,
                                        EVO_SYMBIOSIS, LifeCycle, TripartiteParameters,
                                        classify_4c, classify_continuous, classify_path,
                                        classify_profile, classify_repeated, classify_stage,
                                        cosine_congruence, goal_congruence, means_congruence)

# the component model is deprecated in favour of the chain-game preset; its known answers stay
pytestmark = pytest.mark.filterwarnings("ignore:.*is superseded by:DeprecationWarning")

ORACLES = load_oracles()
EVO = {"EVO-NOMINAL": EVO_NOMINAL, "EVO-CONTROL": EVO_CONTROL,
       "EVO-RESISTANCE": EVO_RESISTANCE, "EVO-SYMBIOSIS": EVO_SYMBIOSIS, "EVO-CYCLE": EVO_CYCLE}
EVO_STAGE = {"EVO-NOMINAL": "nominal", "EVO-CONTROL": "control", "EVO-RESISTANCE": "resistance",
             "EVO-SYMBIOSIS": "symbiosis", "EVO-CYCLE": "cycling"}


def _trust():
    p = ORACLES["4C-TRUST"]["params"]
    g = ORACLES["GRIM-TRUST-1"]["params"]
    return ct.NormalFormGame.from_bimatrix(p["U_agency"], p["U_government"],
                                           players=("agency", "government"),
                                           actions=(tuple(g["rows"]), tuple(g["cols"])))


# ------------------------------------------------------------------------------ 4C oracles
def test_4c_trust():
    # 4C-TRUST (goal congruence, and the regime at delta = .5 and .8)
    o = ORACLES["4C-TRUST"]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    game = _trust()
    assert close(goal_congruence(game), e["goal_congruence"], tol)
    for key, delta in (("delta_0.5", 0.5), ("delta_0.8", 0.8)):
        c = classify_repeated(game, ("Coop", "Trust"), delta, control_action="Control",
                              maturity=p["maturity"], exploration=p["N0"],
                              goal_threshold=p["tau_g"], means_threshold=p["tau_m"],
                              control_threshold=p["tau_x"])
        assert close(c.means_congruence, e[key]["means_congruence"], tol), key
        assert c.four_c == e[key]["4C"] and c.stage == e[key]["stage"], key
        assert close(c.goal_congruence, e["goal_congruence"], tol)
        assert close(c.extra["delta_star"], ORACLES["GRIM-TRUST-1"]["expected"]["delta_star"],
                     1e-12)
    # young relationship: exploratory whatever is played
    c = classify_repeated(game, ("Coop", "Trust"), 0.8, maturity=0.5, exploration=1)
    assert c.stage == "exploratory"


def test_4c_baker():
    # 4C-BAKER
    o = ORACLES["4C-BAKER"]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    c = classify_continuous(p["f_government"], p["f_agency"], p["measure_g"],
                            goal_threshold=p["tau_g"], means_threshold=p["tau_m"])
    assert close(c.goal_congruence, e["goal_congruence"], tol)
    assert close(c.means_congruence, e["means_congruence"], tol)
    assert c.four_c == e["4C"]
    # a measure aligned with value: cooperation
    assert classify_continuous([1, 0.2], [1, 0], [1, 0.2]).four_c == "cooperation"


# ------------------------------------------------------------------------- life cycle oracles
def test_lifecycle_cycle():
    # LIFECYCLE-CYCLE
    o = ORACLES["LIFECYCLE-CYCLE"]
    p, e, tol = o["params"], o["expected"], o["tolerance"]
    lc = LifeCycle(start_control=p["x0"][0], start_quality=p["x0"][1], horizon=20.0,
                   time_step=0.01, exploration_time=p["N0"], control_threshold=p["tau_x"],
                   means_threshold=p["tau_m"])
    path = lc.cycle_path()
    assert list(path.label_runs) == e["label_runs"]
    for stage, t in e["first_entry_time"].items():
        assert close(path.first_entry_time[stage], t, tol), stage
    assert len(path.times) == 2001 and close(path.times[-1], 20.0, 1e-12)
    assert path.labels[0] == "exploratory" and path.labels[50] == "resistance"


def test_cycle_face_ode_agrees_with_library_replicator():
    # the reduced face ODE integrated here = contracts.dynamics.replicator on the 3-player game
    from contracts.dynamics.replicator import replicator
    lc = LifeCycle()
    path = lc.cycle_path()
    t = path.times[::10]
    tr = replicator(EVO_CYCLE.game(), (0.3, 0.3, 0.0), 20.0, t_eval=t, method="DOP853",
                    rtol=1e-10, atol=1e-12)
    assert np.max(np.abs(tr.shares(0)[:, 0] - path.control[::10])) < 1e-6
    assert np.max(np.abs(tr.shares(1)[:, 0] - path.means[::10])) < 1e-6


def test_lifecycle_regimes():
    # LIFECYCLE-REGIMES: ESS sequence 110 -> 100 -> 011 by solving the tripartite model
    o = ORACLES["LIFECYCLE-REGIMES"]
    e = o["expected"]
    s = LifeCycle().solve()
    assert [r.ess for r in s.regimes] == [(x,) for x in o["params"]["ess_sequence"]]
    assert [r.stage for r in s.regimes] == e["stages"]
    assert [r.four_c for r in s.regimes] == e["4C_hint"]
    assert s.drift_stages == ("exploratory", *e["stages"])


@pytest.mark.parametrize("oid", list(EVO))
def test_evo_vertices_and_stage_labels(oid):
    # EVO-NOMINAL / EVO-CONTROL / EVO-RESISTANCE / EVO-SYMBIOSIS / EVO-CYCLE
    o = ORACLES[oid]
    e, tol = o["expected"], o["tolerance"]
    params = TripartiteParameters.from_mapping(o["params"])
    assert params == EVO[oid]
    verts = {v.label: v for v in params.vertices()}
    for label, ref in e["vertex_eigenvalues"].items():
        for a, b in zip(verts[label].eigenvalues, ref["eigenvalues"]):
            assert close(a, b, tol), (oid, label)
        assert verts[label].kind == ref["type"], (oid, label)
    assert list(params.ess()) == e["ess"]
    r = LifeCycle().classify(params)
    assert r.stage == EVO_STAGE[oid]
    # the vertex eigenvalues are the diagonal entries (1-2x)F_x, (1-2y)F_y, (1-2z)F_z
    for v in verts.values():
        x, y, z = v.state
        direct = ((1 - 2 * x) * params.F_x(y, z), (1 - 2 * y) * params.F_y(x, z),
                  (1 - 2 * z) * params.F_z(x, y))
        assert np.allclose(v.eigenvalues, direct, atol=1e-12)
    if oid == "EVO-CYCLE":
        st_, ev = r.face_rest_point
        assert np.allclose(st_, e["face_rest_point"], atol=1e-12)
        ref = sorted((complex(c) for c in e["face_rest_point_eigenvalues"]),
                     key=lambda c: (round(c.real, 6), c.imag))
        got = sorted(ev, key=lambda c: (round(c.real, 6), c.imag))
        assert np.allclose(got, ref, atol=tol)


@pytest.mark.parametrize("params", list(EVO.values()))
def test_ess_are_exactly_the_strict_nash_equilibria(params):
    g = params.game()
    for v in params.vertices():
        prof = tuple(np.eye(2)[1 - int(b)] for b in v.label)   # first action = share 1
        strict = True
        for i in range(3):
            u = g.action_payoffs(i, prof)
            own = int(np.argmax(prof[i]))
            strict &= all(u[own] > u[k] + 1e-12 for k in range(2) if k != own)
        assert strict == (v.kind == "ESS"), v.label


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_tripartite_game_generates_the_payoff_differences(x, y, z):
    from contracts.dynamics.replicator import replicator_field
    for params in (EVO_CONTROL, EVO_SYMBIOSIS):
        lib = replicator_field(params.game(), (x, y, z))
        assert np.allclose([v[0] for v in lib], params.field((x, y, z)), atol=1e-9)


def test_drift_passes_through_cycling_between_stable_regimes():
    seen = []
    lc = LifeCycle()
    for d in np.linspace(0, 2, 17):
        st_ = lc.classify(lc.parameters_at(float(d))).stage
        if not seen or seen[-1] != st_:
            seen.append(st_)
    stable = [s for s in seen if s != "cycling"]
    assert stable == ["control", "resistance", "symbiosis"]
    assert "cycling" in seen
    mid = LifeCycle().parameters_at(0.5)
    assert close(mid.Q, 2.5, 1e-12) and close(mid.C_g, 2.0, 1e-12)


# ------------------------------------------------------------------------ classification rules
def test_classify_4c_and_stage_quadrants_and_thresholds():
    assert classify_4c(0.0, 0.5) == "cooperation"             # thresholds are inclusive
    assert classify_4c(-1e-9, 0.5) == "co-optation"
    assert classify_4c(0.6, 0.2, goal_threshold=0.5) == "complementarity"
    assert classify_stage(0.5, 0.5) == "control"
    assert classify_stage(0.49, 0.49) == "nominal"
    assert classify_stage(0.9, 0.9, maturity=0.49, exploration=0.5) == "exploratory"
    assert classify_stage(0.9, 0.9, maturity=0.5, exploration=0.5) == "control"


def test_classify_path_runs():
    p = classify_path([0, 1, 2, 3, 4], [0.9, 0.9, 0.9, 0.1, 0.9], [0.1, 0.1, 0.9, 0.9, 0.9])
    assert p.label_runs == ("resistance", "control", "symbiosis", "control")
    assert p.runs[0] == ("resistance", 0.0, 1.0)
    assert dict(p.first_entry_time) == {"resistance": 0.0, "control": 2.0, "symbiosis": 3.0}
    assert "resistance (t=0)" in str(p)


def test_congruence_measures():
    game = _trust()
    # agency mixes 30% Coop against Control: m = 0.3 (government prefers Coop)
    assert close(means_congruence(game, ([0.3, 0.7], [0, 1])), 0.3, 1e-12)
    same = ct.NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[1, 2], [3, 4]])
    assert close(goal_congruence(same), 1.0, 1e-12)
    zs = ct.NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[-1, -2], [-3, -4]])
    assert close(goal_congruence(zs), -1.0, 1e-12)
    w = np.array([[1, 0], [0, 1]])
    assert close(goal_congruence(game, weights=w), 1.0, 1e-12)   # (4,3) and (1,2)
    assert close(cosine_congruence([1, 0], [0, 2]), 0.0, 1e-12)
    c = classify_profile(game, ([1, 0], [1, 0]))
    assert (c.four_c, c.stage, c.control) == ("co-optation", "symbiosis", 0.0)
    assert "agency plays Coop" in str(c)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=4, max_size=4),
       st.lists(st.integers(-9, 9), min_size=4, max_size=4),
       st.floats(0.1, 5), st.floats(-5, 5))
def test_goal_congruence_invariant_to_positive_affine_transforms(a, b, scale, shift):
    if len(set(a)) == 1 or len(set(b)) == 1:
        return
    A = np.array(a, dtype=float).reshape(2, 2)
    B = np.array(b, dtype=float).reshape(2, 2)
    g1 = goal_congruence(ct.NormalFormGame.from_bimatrix(A, B))
    g2 = goal_congruence(ct.NormalFormGame.from_bimatrix(scale * A + shift, B - shift))
    assert close(g1, g2, 1e-9) and -1 <= g1 <= 1


def test_lifecycle_explain():
    t0 = time.perf_counter()
    e = LifeCycle().explain()
    assert time.perf_counter() - t0 < 2.0
    assert e.regime == "control" and e.figures["ess"] == "110"
    assert e.figures["four_c"] == "co-optation"
    assert e.figures["drift_order"] == "exploratory → control → resistance → symbiosis"
    assert close(e.figures["cycle_entry_control"], 3.64, 0.011)
    cs = {c.parameter.split()[0]: c for c in e.comparative_statics}
    assert cs["Q"].sign == 1 and cs["C_g"].sign == -1
    # the sympy derivative agrees with a difference of the vertex eigenvalues
    def margin(q):      # the government's stability exponent at 110, with sign flipped
        p = TripartiteParameters(**{**EVO_CONTROL.as_dict(), "Q": q})
        v = next(v for v in p.vertices() if v.label == "110")
        return -v.eigenvalues[0]
    assert close((margin(5.01) - margin(4.99)) / 0.02, cs["Q"].derivative, 1e-6)
    assert LifeCycle(drift=1.0).explain().regime == "resistance"      # the component model
    e2 = LifeCycle(drift=2).explain()
    assert e2.regime == "symbiosis" and e2.figures["four_c"] == "cooperation"
    cyc = LifeCycle(drift=0.5).explain()
    assert cyc.regime == "cycling" and cyc.figures["ess"] == "none"
    assert "thesis order" in str(e)


# ---------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kw", [
    {"drift": -0.1}, {"drift": 2.5}, {"horizon": 0}, {"time_step": 0}, {"time_step": 30},
    {"horizon": 1e5, "time_step": 1e-5}, {"start_control": 1.2}, {"exploration_time": -1},
    {"control_threshold": 1.5}, {"means_threshold": -0.1}, {"goal_threshold": 2},
    {"path": ()}, {"path": (1, 2)}, {"path": "EVO"}, {"cycle": 3},
])
def test_lifecycle_bad_input(kw):
    with pytest.raises(InvalidParameterError):
        LifeCycle(**kw)


def test_classifier_bad_input():
    game = _trust()
    with pytest.raises(InvalidParameterError):
        classify_stage(1.5, 0.5)
    with pytest.raises(InvalidParameterError):
        classify_stage(0.5, float("nan"))
    with pytest.raises(InvalidParameterError):
        classify_4c("high", 0.5)
    with pytest.raises(InvalidParameterError):
        classify_path([0, 1], [0.5], [0.5, 0.5])
    with pytest.raises(InvalidParameterError):
        classify_path([0, 0], [0.5, 0.5], [0.5, 0.5])
    with pytest.raises(InvalidParameterError):
        classify_path([0, 1], [0.5, 1.5], [0.5, 0.5])
    with pytest.raises(InvalidParameterError):
        classify_path([], [], [])
    with pytest.raises(InvalidGameError):
        goal_congruence(ct.NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 2], [3, 4]]))
    with pytest.raises(InvalidParameterError):
        goal_congruence(game, weights=[1, 2])
    with pytest.raises(InvalidParameterError):
        goal_congruence(game, government="ministry")
    with pytest.raises(InvalidParameterError):
        goal_congruence(game, government=0, agency=0)
    with pytest.raises(InvalidGameError):
        goal_congruence([[1, 2], [3, 4]])
    with pytest.raises(InvalidGameError):
        means_congruence(game, ([0.5, 0.6], [1, 0]))
    with pytest.raises(InvalidParameterError):
        classify_profile(game, ([1, 0], [1, 0]), control_action="Inspect")
    plain = ct.NormalFormGame.from_bimatrix([[3, 1], [5, 2]], [[4, 3], [0, 1]],
                                            players=("agency", "government"))
    with pytest.raises(InvalidParameterError, match="control_action"):
        classify_profile(plain, ([1, 0], [1, 0]))
    with pytest.raises(InvalidParameterError):
        classify_repeated(game, ("Coop", "Trust"), 1.0)
    with pytest.raises(InvalidParameterError):
        cosine_congruence([0, 0], [1, 1])
    with pytest.raises(InvalidParameterError):
        classify_continuous([1, 0], [1, 0], [0, 1])
    with pytest.raises(InvalidParameterError):
        TripartiteParameters(C_g=-1)
    with pytest.raises(InvalidParameterError):
        TripartiteParameters.from_mapping({"Qx": 1})
    with pytest.raises(InvalidParameterError):
        LifeCycle().classify({"Q": 1})

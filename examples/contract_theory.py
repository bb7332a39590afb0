"""A tour of contract theory with ``contracts.agency``: government -> agency -> social worker.

Run:  python examples/contract_theory.py [--save DIR]

1. Moral hazard with limited liability (exact min-pay LPs): which casework intensity the
   government buys from the agency, with which outcome payments, and the agency's rent.
2. Grossman-Hart: a risk-averse social worker, and the agency cost of risk-bearing.
3. Linear contracts: LEN and Baker's distorted measures, with sympy closed forms and
   comparative statics proved by sympy.
4. Screening: buying services from an agency with unknown costs, and a co-funding menu whose
   virtual values must be ironed.
5. Relational contracts (Levin): what patience sustains, with observable and hidden effort.
6. Subjective and objective measures: the four regimes, and the nominality of formal contracts.
7. A supervision hierarchy (district bureau -> subdistrict office -> agency) with collusion.
8. Bargaining over the programme budget: Nash, Rubinstein, outside options.

With ``--save DIR`` (and matplotlib) it saves ``contract_theory.png``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import _common

from contracts.agency import (LEN, Distortion, GrossmanHart, LevinMoralHazard, LevinRelational,
                              MoralHazard, NashBargaining, Rubinstein, RubinsteinLimit,
                              ScreeningNType, SubjectiveObjective, SupervisionHierarchy,
                              TwoTypeScreening, check_incentive_compatibility,
                              pool_adjacent_violators)
from contracts.results import format_number as fmt


def section(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def moral_hazard() -> None:
    section("1. Moral hazard: paying the agency for case outcomes")
    F = Fraction
    probs = {"minimal casework": [F(7, 10), F(2, 10), F(1, 10)],
             "standard casework": [F(2, 10), F(6, 10), F(2, 10)],
             "intensive casework": [F(1, 10), F(3, 10), F(6, 10)]}
    print("The government observes whether a family's situation deteriorated, stayed stable or "
          "improved (worth 0, 5, 12 to it), not the agency's casework intensity (cost 0, 1, "
          "5/2). Payments cannot be negative (limited liability).")
    mh = MoralHazard(probs, rewards=[0, 5, 12], costs=[0, 1, F(5, 2)])
    sol = mh.solve(exact=True)
    print(f"  {sol}")
    t = sol.contract
    print(f"  In words: pay {t[2]} only when the family improves, nothing otherwise. The "
          f"agency's rent {sol.agent_rent} is the price of limited liability:")
    free = MoralHazard(probs, rewards=[0, 5, 12], costs=[0, 1, F(5, 2)],
                       limited_liability=False).solve(exact=True)
    print(f"  without limited liability (the agency can be fined) the same action costs "
          f"{free.extra['expected_payment']} and the government keeps {free.principal_value} "
          f"instead of {sol.principal_value}.")
    duals = {k: v for k, v in (sol.duals or {}).items() if v}
    print("  Shadow prices of the binding constraints: "
          + ", ".join(f"{k} {v}" for k, v in duals.items()))
    lin = mh.best_linear_contract(exact=True)
    print(f"  {lin}")


def grossman_hart() -> None:
    section("2. Grossman-Hart: a risk-averse social worker")
    print("The agency pays its social worker by the outcome of a case (worth 0 or 20 to the "
          "agency). High effort (cost 1 in utility) makes success 3/4 likely, low effort 1/4. "
          "The worker has square-root utility of money and needs utility 2 to stay.")
    gh = GrossmanHart({"high effort": [.25, .75], "low effort": [.75, .25]},
                      costs={"high effort": 1.0, "low effort": 0.0}, rewards=[0, 20], utility="sqrt",
                      reservation_utility=2.0)
    sol = gh.solve()
    print(f"  {sol}")
    c = gh.implementation_cost("high effort")
    print(f"  The wage spread ({fmt(c.wages[0])} after failure, {fmt(c.wages[1])} after success) "
          f"exposes the worker to risk; the agency pays {fmt(c.agency_cost)} above the "
          f"first-best wage bill {fmt(c.first_best_cost)} to compensate it (Holmstrom-Mirrlees "
          f"multipliers: IR {fmt(c.lam)}, IC {fmt(c.mu['low effort'])}).")


def linear_contracts() -> dict:
    section("3. Linear contracts: LEN and distorted measures (sympy closed forms)")
    model = LEN(p=1, k=1, risk_aversion=2, noise_variance=0.5)
    print("A worker's measured output is effort plus noise (variance sigma2); the agency pays "
          "a fixed wage plus a piece rate beta; the worker has CARA risk aversion r and effort "
          "cost k e^2/2.")
    print(f"  {model.solve()}")
    cf = model.closed_form()
    print(f"  beta* = {cf['beta']}   (LaTeX: {cf.latex('beta')})")
    print(f"  d beta*/d sigma2 = {cf.derivative('beta', 'sigma2')}")
    stats = cf.comparative_statics(["beta", "principal_profit"], ["r", "sigma2", "p"])
    print("  Comparative statics proved by sympy:")
    for e in stats:
        print(f"    {e}")
    beta_of = cf.lambdify("beta")
    noise = np.array([0.0, 0.5, 1.0, 2.0])
    betas = beta_of(p=1, k=1, r=2, sigma2=noise, reservation=0)
    print("  Piece rate as measurement noise grows: "
          + ", ".join(f"sigma2={fmt(s)}: {fmt(b)}" for s, b in zip(noise, betas)))

    print()
    print("Baker distortion: the government values two kinds of casework equally (f = (1, 1)), "
          "but the measure (cases closed) responds mostly to the first (g = (1, 1/4)).")
    d = Distortion(f=[1.0, 1.0], g=[1.0, 0.25], risk_aversion=1, noise_variance=0.5)
    dsol = d.solve()
    print(f"  {dsol}")
    dcf = d.closed_form()
    print(f"  beta* = {dcf['beta']}")
    print(f"  surplus ratio = {dcf['surplus_ratio']}")
    ratio = dcf.lambdify("surplus_ratio")
    for g2 in (0.0, 0.25, 0.5, 1.0):
        print(f"    if the measure also captured the second task with weight {g2:g}: "
              f"{100 * float(ratio(f1=1, f2=1, g1=1, g2=g2, r=1, sigma2=0.5)):.1f}% of the first "
              "best")
    for q, par in (("beta", "sigma2"), ("surplus_ratio", "g2")):
        for e in dcf.comparative_statics([q], [par]):
            print(f"    {e}")
    return {"len": cf, "baker": dcf}


def screening() -> None:
    section("4. Screening: hidden costs and an ironed menu")
    print("The government buys q units of home care (value 10q - q^2/2) from an agency whose "
          "unit cost is 1 or 2, equally likely; only the agency knows which.")
    two = TwoTypeScreening(theta_low=1, theta_high=2, prob_low=0.5, value=10)
    print(f"  {two.solve()}")
    shut = TwoTypeScreening(theta_low=1, theta_high=3, prob_low=0.7, value=6).solve()
    print(f"  With costs 1 or 3, low-cost agencies 70% likely and value 6q - q^2/2: {shut}")
    print()
    print("Co-funding menu: agencies differ in how much they value running a programme of "
          "scale q (theta = 3, 4, 5 with probabilities 0.4, 0.1, 0.5); each picks a scale and a "
          "matching contribution t; funding scale q costs the government q^2/2.")
    model = ScreeningNType(theta=[3, 4, 5], probs=[0.4, 0.1, 0.5])
    sol = model.solve()
    print(f"  {sol}")
    vv = model.virtual_values
    ironed = pool_adjacent_violators(vv, model.probs)
    print(f"  virtual values ({', '.join(fmt(v) for v in vv)}): the rare middle type makes them "
          f"non-monotone; pool-adjacent-violators averages the first two with weights 0.4, 0.1 "
          f"into {fmt(ironed[0])}, so types 3 and 4 get the same contract.")
    print(f"  {check_incentive_compatibility(sol.contract)}")


def relational() -> dict:
    section("5. Relational contracts: what patience sustains (Levin)")
    print("The government cannot write the quality of casework into a contract, but can promise "
          "a discretionary bonus; it is credible only if the future of the relationship is worth "
          "more than the bonus.")
    deltas = [0.2, 0.3, 0.4, 0.5, 0.6]
    rows = []
    for d in deltas:
        s = LevinRelational(discount=d).solve()
        rows.append((d, s.extra["effort"], s.extra["bonus"], s.extra["surplus"]))
        print(f"  discount {d:.1f}: effort {fmt(s.extra['effort'])}, bonus "
              f"{fmt(s.extra['bonus'])}, joint surplus {fmt(s.extra['surplus'])}")
    print(f"  First best from discount {fmt(LevinRelational(discount=0.3).delta_first_best)} on.")
    print(f"  {LevinRelational(discount=0.3).solve()}")
    print("Hidden effort, bonus on success only:")
    for d in (0.45, 0.6, 0.7):
        print(f"  {LevinMoralHazard(discount=d, Y=1, kappa=1).solve()}")
    return {"levin": rows}


def subjective_objective() -> dict:
    section("6. Subjective and objective measures: four regimes")
    print("The government combines an explicit bonus b on a distorted verifiable indicator with "
          "an implicit bonus B on its own evaluation of the agency's work.")
    cases = [("patient government", dict(gamma=1, noise_variance=1, interest_rate=0.05)),
             ("impatient government", dict(gamma=1, noise_variance=1, interest_rate=0.2)),
             ("accurate indicator", dict(gamma=1, noise_variance=0.25, interest_rate=0.2)),
             ("fixed cost 0.165", dict(gamma=1, noise_variance=1, interest_rate=0.1, fixed_cost=0.165))]
    for name, kw in cases:
        s = SubjectiveObjective(**kw).solve()
        print(f"  {name:21s}: regime {s.extra['regime']!r:18s} b = {fmt(s.extra['b'])}, "
              f"B = {fmt(s.extra['B'])}, nominality index {fmt(s.extra['nominality_index'])}")
    print(f"  {SubjectiveObjective(gamma=1, noise_variance=0.25, interest_rate=0.2).solve()}")
    rates = np.linspace(0.02, 0.4, 39)
    sweep = [(r, SubjectiveObjective(gamma=1, noise_variance=1, interest_rate=float(r)).solve())
             for r in rates]
    return {"bgm": [(r, s.extra["b"], s.extra["B"]) for r, s in sweep]}


def hierarchy() -> None:
    section("7. A supervision hierarchy with collusion")
    print("A district bureau (principal) contracts with an agency whose cost is 1 or 2; a "
          "subdistrict office (supervisor) finds hard evidence of the cost half the time and "
          "could hide it in exchange for a side payment.")
    F = Fraction
    for k in (F(0), F(1, 2), F(1)):
        # Fractions throughout keep every quantity exact
        s = SupervisionHierarchy(
            value_intercept=F(10),
            low_cost=F(1),
            high_cost=F(2),
            prob_low_cost=F(1, 2),
            detection_probability=F(1, 2),
            side_transfer_efficiency=k,
        ).solve()
        print(f"  side transfers worth {k} per unit to the office: output without evidence "
              f"{s['qH_no_report']}, reward for reporting {s['supervisor_reward']}, cost of "
              f"collusion to the bureau {s['cost_of_collusion']} (welfare {s.principal_value})")
    floats = SupervisionHierarchy(value_intercept=10, low_cost=1, high_cost=2, prob_low_cost=0.5,
                                  detection_probability=0.5, side_transfer_efficiency=0.5)
    print(f"  {floats.solve()}")


def bargaining() -> None:
    section("8. Bargaining over the programme budget")
    print("Government and agency split a programme surplus of 10; if talks fail the government "
          "keeps 1 and the agency 3 (its other contracts).")
    nb = NashBargaining(Fraction(7, 10), disagreement=(1, 3), surplus=10).solve()
    print(f"  {nb}")
    cf = NashBargaining(Fraction(7, 10), disagreement=(1, 3), surplus=10).closed_form()
    print("  closed form: " + "; ".join(f"{k} = {v}" for k, v in cf.items())
          + " (alpha: the government's bargaining power, S: the budget surplus)")
    print(f"  {Rubinstein(0.9, 0.8).solve()}")
    print(f"  {Rubinstein(0.9, responder_outside_option=0.3).solve()}")
    print(f"  {Rubinstein(0.9, responder_outside_option=0.6).solve()}")
    print(f"  {RubinsteinLimit(0.1, 0.2, period_length=1e-6).solve()}")


def save_figure(save_dir, data: dict) -> None:
    plt = _common.pyplot()
    if plt is None:
        return
    fig, axes = plt.subplots(2, 2, figsize=(10, 7.5))
    ax = axes[0, 0]
    ds = np.linspace(0.05, 0.8, 16)
    eff = [LevinRelational(discount=float(d)).solve().extra["effort"] for d in ds]
    ax.plot(ds, eff)
    ax.set(xlabel="discount factor", ylabel="sustained effort",
           title="Levin relational contract")
    ax = axes[0, 1]
    s2 = np.linspace(0, 3, 61)
    beta = data["len"].lambdify("beta")
    for r in (0.5, 1, 2, 4):
        ax.plot(s2, beta(p=1, k=1, r=r, sigma2=s2, reservation=0), label=f"r = {r:g}")
    ax.set(xlabel="noise variance sigma2", ylabel="piece rate beta*", title="LEN piece rate")
    ax.legend(fontsize=8)
    ax = axes[1, 0]
    g2 = np.linspace(0, 1.5, 61)
    ratio = data["baker"].lambdify("surplus_ratio")
    for s in (0.0, 0.5, 1.0):
        ax.plot(g2, ratio(f1=1, f2=1, g1=1, g2=g2, r=1, sigma2=s), label=f"sigma2 = {s:g}")
    ax.set(xlabel="weight of task 2 in the measure (g2)", ylabel="share of first-best surplus",
           title="Baker distortion")
    ax.legend(fontsize=8)
    ax = axes[1, 1]
    r, b, B = zip(*data["bgm"])
    ax.plot(r, b, label="explicit bonus b")
    ax.plot(r, B, label="implicit bonus B")
    ax.set(xlabel="interest rate r", ylabel="bonus", title="Subjective vs objective measures")
    ax.legend(fontsize=8)
    fig.tight_layout()
    _common.save(fig, save_dir, "contract_theory.png", dpi=110)


def main(argv=None) -> int:
    args = _common.parser(__doc__).parse_args(argv)
    print("Contract theory between a government, a social-work agency and its workers")
    moral_hazard()
    grossman_hart()
    data = linear_contracts()
    screening()
    data.update(relational())
    data.update(subjective_objective())
    hierarchy()
    bargaining()
    if args.save:
        save_figure(args.save, data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

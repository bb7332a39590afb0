"""The familiar model names as presets (views) of the one chain game.

``PassiveDismissal``, ``NominalContract``, ``RelationalPurchasing`` and
``ResourceDependenceModel`` are :class:`contracts.models.chain.Chain` with the defaults of a
field case; they solve the same game and report the same equilibrium, headed by the part of the
chain the name is about. ``LifeCycle`` wraps the simulated relationship
(:class:`contracts.models.dynamics.LifeCyclePaths`).

The component models these names used to denote (one building block narrated on its own) stay
importable from their modules (``contracts.models.passive_dismissal`` …) for the known answers
they reproduce.

Examples
--------
>>> from contracts.models.views import PassiveDismissal, NominalContract
>>> PassiveDismissal().solve().workforce.left
('g',)
>>> from contracts.models import regimes
>>> regimes.control_and_rebellion(NominalContract().solve())
True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ._explain import Explanation
from ._params import with_parameter_section
from .chain import Chain
from .dynamics import LifeCyclePaths
from .scenarios import SCENARIOS

__all__ = ["PassiveDismissal", "NominalContract", "RelationalPurchasing",
           "ResourceDependenceModel", "LifeCycle", "VIEWS"]


def _view(cls_name: str, model: str, phenomenon: str, defaults: dict, doc: str,
          lead: tuple = ()):
    fields = []
    for f in dataclasses.fields(Chain):
        default = defaults.get(f.name, f.default)
        fields.append((f.name, f.type, dataclasses.field(default=default)))

    def explain(self) -> Explanation:
        e = Chain.explain(self)
        # the lines about this view's part of the chain first (same equilibrium, same text)
        first = tuple(d for d in e.details if any(d.startswith(x) for x in lead))
        rest = tuple(d for d in e.details if d not in first)
        return dataclasses.replace(e, model=model, phenomenon=phenomenon, details=first + rest)

    cls = dataclasses.make_dataclass(cls_name, fields, bases=(Chain,), frozen=True,
                                     namespace={"explain": explain, "__doc__": doc,
                                                "__module__": __name__})
    cls.__doc__ = with_parameter_section(doc, dataclasses.fields(cls))
    return cls


PassiveDismissal = _view(
    "PassiveDismissal", "passive_dismissal",
    "passive dismissal: a budget cut passed down to workers",
    dict(SCENARIOS["passive_turnover"].parameters),
    """The chain game of the passive-turnover case: eight workers, a budget of 42 cut by 20.

    The agency bears the cut (stage 1), keeps the workers worth most to it at their wage floors
    and lets the others go (stage 4); each dismissal has one cause and each worker one reply.
    (The chain's own defaults are the four-worker example with a cut of 7.)

    Examples
    --------
    >>> sorted(PassiveDismissal().solve().workforce.cause.items())
    [('d', 'relationship weakness'), ('f', 'competence'), ('h', 'programme downsizing')]
    """)

NominalContract = _view(
    "NominalContract", "nominal_contract",
    "nominal contract: control-and-rebellion with the district, absorption-and-alliance with "
    "the subdistrict", dict(SCENARIOS["nominal_contracts"].parameters),
    """The chain game with a ceremonial evaluation and a near subdistrict office.

    Examples
    --------
    >>> NominalContract().solve().purchasing.rule
    'buddy'
    """, lead=("condition — control", "condition — side deal", "condition — collusion"))

RelationalPurchasing = _view(
    "RelationalPurchasing", "relational_purchasing",
    "relational purchasing: partner, buddy or tender, and loss-making projects kept",
    {**SCENARIOS["resource_dependence"].parameters,
     **SCENARIOS["resource_dependence"].variants["closing_stage"]},
    """The autonomy-grant case at project closing: renewal decided by an informative evaluation.

    No cut is bargained over (that is :class:`ResourceDependenceModel`): the budget of 18 does
    not cover the agency's costs, and it keeps the loss-making project for the renewal rent.

    Examples
    --------
    >>> RelationalPurchasing().solve().purchasing.rule
    'partner'
    >>> RelationalPurchasing(no_trouble_weight=1.2).solve().purchasing.rule
    'buddy'
    """, lead=("condition — first-best", "condition — no trouble", "condition — partner",
               "condition — buddy", "condition — tender", "the highest",
               "condition — agency's loss"))

ResourceDependenceModel = _view(
    "ResourceDependenceModel", "resource_dependence",
    "resource dependence: who bears a budget cut, from patience and dependence",
    dict(SCENARIOS["resource_dependence"].parameters),
    """The chain game of the autonomy-grant case, read for stage 1 (sharing the cut).

    Examples
    --------
    >>> round(ResourceDependenceModel().solve().sharing.government_absorbs, 4)
    2.5357
    """, lead=("cut sharing", "condition — agreement"))


@dataclass(frozen=True)
class LifeCycle:
    """The relationship's life cycle: many simulated paths of the chain game.

    Parameters
    ----------
    periods : int, default 40
        Number of periods in each simulated relationship.
    paths : int, default 40
        Number of relationships simulated.
    seed : int, default 1
        Seed of the ``SeedSequence`` that gives each path its generator.

    Examples
    --------
    >>> LifeCycle(periods=30, paths=10).explain().regime
    'exploratory → control → resistance → symbiosis'
    """

    periods: int = 40
    paths: int = 40
    seed: int = 1

    def simulation(self) -> LifeCyclePaths:
        s = SCENARIOS["life_cycle"]
        return s.paths(periods=self.periods, paths=self.paths)

    def solve(self):
        return self.simulation().simulate(rng=self.seed)

    def explain(self) -> Explanation:
        res = self.solve()
        sim = self.simulation()
        figs = {f"share_{k}": v for k, v in res.frequencies.items()}
        figs.update({f"spell_{k}": v for k, v in res.mean_duration.items()})
        details = tuple(str(res).splitlines()[2:]) + (
            "stages are predicates on each period's equilibrium: exploratory = the project is "
            "tendered (trial, no renewal rent); otherwise control x ≥ ½ / compliance m ≥ ½ "
            "quadrants (control, resistance, symbiosis, nominal)",
            f"state: trust raises renewal probability from {sim.rho0:g} to {sim.rho1:g}; "
            f"embeddedness raises the control cost by {sim.h_embed:g}, alternative funding by "
            f"{sim.funding_embed:g} and lowers the compliance cost by {sim.g_embed:g} per unit")
        return Explanation(
            model="lifecycle", phenomenon="the life cycle of the government–agency relationship",
            headline=(f"In {res.orders[res.modal_order]} of {len(res.paths)} simulated "
                      f"relationships the stages come in the order "
                      f"{' → '.join(res.modal_order)}."),
            regime=" → ".join(res.modal_order),
            equilibrium="the chain game solved each period on the state reached",
            figures=figs, details=details,
            parameters={"periods": self.periods, "paths": self.paths, "seed": self.seed})

    def to_record(self) -> dict:
        return self.explain().to_record()


#: registry name -> class
VIEWS = {"chain": Chain, "passive_dismissal": PassiveDismissal,
         "nominal_contract": NominalContract, "relational_purchasing": RelationalPurchasing,
         "resource_dependence": ResourceDependenceModel, "lifecycle": LifeCycle}

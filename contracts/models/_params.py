"""Parameters of the chain game: their meanings, CLI parsing and the optional stages' checks."""

from __future__ import annotations

from typing import Any

from .._validation import check_nonnegative, check_real
from ..exceptions import InvalidParameterError

__all__ = ["PARAMETER_HELP", "TUPLES", "as_tuple", "check_optional_stages",
           "with_parameter_section"]

TUPLES = ("wages", "reservation_wages", "competence", "relationship", "outside_offers",
           "effort_cost")

#: parameter -> one-line meaning (shown by ``contracts explain MODEL --help``)
PARAMETER_HELP: dict[str, str] = {
    "budget": "project budget before the cut (per period)",
    "budget_cut": "cut announced by the district bureau (0 ≤ cut ≤ budget)",
    "overhead": "the agency's fixed cost of running the project",
    "government_discount": "the bureau's discount factor δ_D (patience → bargaining weight)",
    "discount": "the agency's discount factor δ_A (patience; values renewal)",
    "replacement_cost": "the bureau's cost of replacing the agency if talks break down",
    "rival_agencies": "number of credible rival agencies (divides the replacement cost)",
    "alternative_funding": "share of the project's value the agency's other funding replaces",
    "evaluation_accuracy": "probability α that the bureau's evaluation detects shading",
    "quality_value": "value V of a unit of service quality to the bureau",
    "quality_cost": "curvature κ of the agency's quality cost κq²/2",
    "relationship_rent": "the agency's per-period rent u from keeping the relationship",
    "renewal_probability": "probability ρ that the programme is funded again next period",
    "outside_surplus": "the parties' per-period surplus s̄ without the relationship",
    "evaluation_cost": "the bureau's cost per period of an evaluation that carries weight",
    "no_trouble_value": "value N of a period without trouble (the near tier's concern)",
    "no_trouble_weight": "weight ω the bureau puts on 'no trouble' (top-down mandates)",
    "no_trouble_cost": "the agency's cost t of keeping a period free of trouble",
    "tender_cost": "the bureau's cost per period of tendering the project afresh",
    "compliance_cost": "the agency's cost g of full procedural compliance (≤ 0: it values it)",
    "control_cost": "the bureau's cost h of controlling procedures in a period",
    "perfunctory_loss": "the bureau's loss L_D when compliance is perfunctory",
    "nearness": "probability ξ that the subdistrict office sees the agency's shortfalls",
    "side_transfer_efficiency": "worth k to the office of a unit of the agency's help",
    "side_contract_cost": "cost τ0 of a side deal at nearness 0 (τ = τ0·(1 − ξ))",
    "report_value": "what a report of a shortfall by the office is worth to the bureau",
    "worker_names": "workers' labels (comma-separated)",
    "wages": "contract wages w_i",
    "reservation_wages": "reservation wages ū_i (complaint and separation pays ū_i)",
    "competence": "workers' competence θ_i",
    "relationship": "workers' relationship strength r_i with the agency",
    "outside_offers": "whether each worker holds an outside offer (true/false)",
    "worker_power": "workers' bargaining power β: an offer lets her keep β of her wage rent",
    "productivity": "value of a unit of competence to the agency",
    "relationship_weight": "value of a unit of relationship strength to the agency",
    "severance": "what a dismissal costs the agency",
    "resist_cost": "what a worker's opposition costs the agency (trouble)",
    "complaint_cost": "what a worker's complaint costs the agency",
    "transfer_effort": "a worker's personal cost of opposing and transferring",
    "required_staff": "head count the evaluation requires",
    "cash_reserve": "the agency's cash reserve L",
    "logit_precision": "precision λ of logit choice (inf = Nash; 0 = uniform)",
    "effort_cost": "workers' cost c_i of the hidden effort (0: effort is not a choice)",
    "shirking_loss": "share of a worker's value lost when she does not exert the effort",
    "worker_evaluation_accuracy": "probability a that the agency's evaluation catches shirking",
    "example_effect": "rise (share of 1 − a) of the accuracy workers perceive after an example",
    "example_cost": "trouble an exemplary dismissal costs the agency",
    "max_recruits": "most workers the agency can hire in a period (replacements + talent)",
    "recruit_wage": "market wage of a replacement",
    "recruit_competence": "competence of a replacement",
    "recruitment_cost": "cost of hiring one worker",
    "talent_wage": "wage that attracts a talented worker",
    "talent_competence": "competence of a talented worker",
    "community_committee": "whether the community committee plays (false: it is absent)",
    "committee_accuracy": "probability β that the committee's co-evaluation detects shading",
    "committee_cost": "the committee's cost of co-evaluating the service",
    "committee_quality_value": "value to the community of a unit of service quality",
    "task_names": "the agency's tasks the tiers bid for (empty: no bidding stage)",
    "agency_task_values": "the agency's own value of each task",
    "district_task_values": "the district bureau's value of each task",
    "subdistrict_task_values": "the subdistrict office's value of each task",
    "community_task_values": "the community committee's value of each task",
    "cost_types": "the agency's low and high unit cost θ_L, θ_H (empty: no cost screening)",
    "prob_low_cost": "probability ν that the agency's cost is low",
    "service_value": "A in the bureau's value A·q − q²/2 of output q (cost screening)",
}


def _parse_word(word: str, integers: bool):
    low = word.lower()
    if low in ("true", "false"):
        return low == "true"
    for cast in ((int, float) if integers else (float,)):
        try:
            return cast(word)
        except ValueError:
            pass
    return word


def as_tuple(where: str, name: str, value: Any, n: int | None, *, integers: bool = False,
             broadcast: bool = True) -> tuple:
    """A sequence, a comma-separated string (from the CLI), or a scalar broadcast to n.

    From a string, ``true``/``false`` become booleans, numbers floats (integers first when
    ``integers``), anything else stays a string; one value is broadcast to ``n`` entries when
    ``broadcast``.
    """
    if isinstance(value, str):
        out = [_parse_word(p, integers) for p in (x.strip() for x in value.split(",")) if p]
        if not out:
            raise InvalidParameterError(f"{where}: parameter {name!r} is empty")
        if broadcast and len(out) == 1 and n is not None:   # one value from the CLI: all
            return tuple(out) * n
        return tuple(out)
    if isinstance(value, (int, float, bool)) and n is not None:
        return (value,) * n
    try:
        return tuple(value)
    except TypeError:
        raise InvalidParameterError(
            f"{where}: parameter {name!r} must be a sequence (one entry per worker), got "
            f"{value!r}") from None


def set_worker_tuples(model, where: str, fields, n: int, **parse) -> None:
    """Parse each per-worker field of a frozen model into a tuple of ``n`` entries (in place);
    ``parse`` goes to :func:`as_tuple`."""
    for f in fields:
        val = as_tuple(where, f, getattr(model, f), n, **parse)
        if len(val) != n:
            raise InvalidParameterError(
                f"{where}: parameter {f!r} must have one entry per worker ({n}), found "
                f"{len(val)}")
        object.__setattr__(model, f, val)


def check_flags(where: str, name: str, values) -> None:
    """Every entry of a per-worker field is True or False."""
    for i, x in enumerate(values):
        if not isinstance(x, bool):
            raise InvalidParameterError(
                f"{where}: parameter '{name}[{i}]' must be True or False, got {x!r}")


def check_optional_stages(self, w):
    """Validate and normalise the optional stages' parameters of a Chain (in place)."""
    tasks = tuple(str(x) for x in (as_tuple(w, "task_names", self.task_names, None)
                                   if self.task_names not in ((), "", None) else ()))
    if len(set(tasks)) != len(tasks):
        raise InvalidParameterError(f"{w}: task names must be distinct, got {tasks}")
    object.__setattr__(self, "task_names", tasks)
    for f in ("agency_task_values", "district_task_values", "subdistrict_task_values",
              "community_task_values"):
        raw = getattr(self, f)
        val = () if raw in ((), "", None) else as_tuple(w, f, raw, len(tasks) or None)
        if tasks and f == "community_task_values" and not val:
            val = (0.0,) * len(tasks)
        if len(val) != len(tasks):
            raise InvalidParameterError(
                f"{w}: parameter {f!r} must have one entry per task ({len(tasks)}), found "
                f"{len(val)}")
        for i, x in enumerate(val):
            check_real(w, f"{f}[{i}]", x)
        object.__setattr__(self, f, tuple(float(x) for x in val))
    ct = () if self.cost_types in ((), "", None) else as_tuple(w, "cost_types",
                                                                 self.cost_types, None)
    if ct:
        if len(ct) != 2:
            raise InvalidParameterError(
                f"{w}: parameter 'cost_types' must be (low, high), found {ct!r}")
        check_nonnegative(w, "cost_types[0]", ct[0])
        check_real(w, "cost_types[1]", ct[1], low=ct[0], low_open=True)
        check_real(w, "nearness", self.nearness, low=0, high=1, high_open=True)
        ct = (float(ct[0]), float(ct[1]))
    object.__setattr__(self, "cost_types", ct)
    check_real(w, "prob_low_cost", self.prob_low_cost, low=0, high=1, low_open=True,
               high_open=True)
    check_real(w, "service_value", self.service_value, low=0, low_open=True)



def with_parameter_section(doc: str, fields) -> str:
    """``doc`` with a numpydoc ``Parameters`` section (from :data:`PARAMETER_HELP`) inserted
    before its ``Examples`` section; ``fields`` are the dataclass fields, in order."""
    lines = ["Parameters", "----------"]
    for f in fields:
        typ = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        lines.append(f"{f.name} : {typ}, default {f.default!r}")
        lines.append(f"    {PARAMETER_HELP.get(f.name, f.name)}.")
    block = "\n".join("    " + x if x else x for x in lines)
    key = "\n    Examples\n    --------"
    if key in doc:
        head, tail = doc.split(key, 1)
        return head.rstrip() + "\n\n" + block + "\n" + key + tail
    return doc.rstrip() + "\n\n" + block + "\n"

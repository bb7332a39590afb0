"""The result type shared by the contract-theory solvers of :mod:`contracts.agency`.

A :class:`ContractSolution` says which contract the principal offers, which action (effort, type
menu, ...) it implements, what the principal gets, what rent the agent earns, which constraints
bind and their shadow prices. Its ``str`` is a short report in an economist's words::

    implements action 2 with payment (0, 0, 5); IC against action 1 binds; agent's rent 0

Models build it directly; ``report`` (if given) replaces the generated text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from .._result import Result, freeze_mapping
from ..results import format_number

__all__ = ["ContractSolution", "format_contract"]


def format_contract(contract: Any) -> str:
    """Text for a contract: a vector as ``(a, b, c)``, a mapping as ``k=v, ...``, else ``str``."""
    if contract is None:
        return "none"
    if isinstance(contract, Mapping):
        return ", ".join(f"{k}={format_contract(v)}" for k, v in contract.items())
    if isinstance(contract, (list, tuple, np.ndarray)):
        return "(" + ", ".join(format_contract(x) for x in contract) + ")"
    if isinstance(contract, (int, float, Fraction, np.integer, np.floating)):
        return format_number(contract)
    return str(contract)


_freeze = freeze_mapping


@dataclass(frozen=True, eq=False)
class ContractSolution(Result):
    """The solution of a principal–agent problem.

    The one solution type of the contract-theory models: every ``solve()`` in
    :mod:`contracts.agency` returns it (or a subclass with model-specific fields). It has the
    common result interface: ``to_dict()``, ``_repr_html_``, ``converged``.

    Parameters
    ----------
    contract : Any
        What the principal offers: a payment vector per outcome, a mapping of named terms
        (``{"wage": .., "bonus": ..}``), a menu, ...
    implemented_action : Any
        The action implemented: its 0-based index in models with discrete actions
        (:class:`MoralHazard`, :class:`GrossmanHart`), else the effort level or menu.
    principal_value : float or Fraction
        The principal's expected payoff.
    agent_rent : float or Fraction
        The agent's expected payoff above the reservation level.
    binding : tuple of str, optional
        The constraints that bind at the optimum, in words (``"IC against action 1"``).
    duals : Mapping[str, float], optional
        Shadow prices (Lagrange multipliers) of the constraints, keyed by constraint name.
    extra : Mapping, optional
        Further model-specific quantities (``"cost_per_action"``, ``"agency_cost"``, ...).
    report : str, optional
        A ready-made report; when empty, ``str`` generates one from the fields.
    implemented_label : Any, optional
        The implemented action's label (the model's action name; the index when the model
        names no actions). Defaults to ``implemented_action``.

    Examples
    --------
    >>> s = ContractSolution((0, 0, 5), 2, 1.5, 0.0, binding=("IC against action 1",))
    >>> print(s)
    implements action 2 with payment (0, 0, 5); IC against action 1 binds; agent's rent 0
    >>> s.binding_constraints
    ('IC against action 1',)
    """

    contract: Any
    implemented_action: Any
    principal_value: Any
    agent_rent: Any
    binding: tuple = ()
    duals: Mapping | None = None
    extra: Mapping = field(default_factory=dict)
    report: str = ""
    implemented_label: Any = None

    _frozen_mappings = ("extra", "duals")

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "binding", tuple(self.binding or ()))
        object.__setattr__(self, "duals", None if self.duals is None else _freeze(self.duals))
        object.__setattr__(self, "extra", _freeze(self.extra))
        if self.implemented_label is None:
            object.__setattr__(self, "implemented_label", self.implemented_action)

    @property
    def binding_constraints(self) -> tuple:
        """Alias of :attr:`binding`."""
        return self.binding

    def __getitem__(self, key: str):
        """Look a quantity up in :attr:`extra` (``sol["agency_cost"]``)."""
        return self.extra[key]

    def summary(self) -> str:
        """The generated one-line report (ignores :attr:`report`).

        Returns
        -------
        str
            The implemented action and payment, the binding constraints and the agent's rent.
        """
        parts = [f"implements {self._action_text()} with payment {format_contract(self.contract)}"]
        if self.binding:
            verb = "binds" if len(self.binding) == 1 else "bind"
            parts.append(" and ".join(str(b) for b in self.binding) + f" {verb}")
        else:
            parts.append("no constraint binds")
        parts.append(f"agent's rent {format_number(self.agent_rent)}")
        return "; ".join(parts)

    def _action_text(self) -> str:
        a = self.implemented_action
        if isinstance(a, (int, np.integer)) and not isinstance(a, bool):
            return f"action {int(a)}"
        if isinstance(a, (float, Fraction, np.floating)):
            return f"effort {format_number(a)}"
        return str(a)

    def __str__(self) -> str:
        return self.report or self.summary()

    def __repr__(self) -> str:
        contract = format_contract(self.contract)
        if "\n" in contract or len(contract) > 80:
            contract = f"<{type(self.contract).__name__}>"
        return (f"{type(self).__name__}(implemented_action={self.implemented_action!r}, "
                f"contract={contract}, "
                f"principal_value={format_number(self.principal_value)}, "
                f"agent_rent={format_number(self.agent_rent)}, binding={self.binding!r})")

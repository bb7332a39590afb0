"""Regimes of the chain game as predicates on its solved equilibrium, and the report built on them.

Every regime the field studies name is a small pure function of a
:class:`contracts.models.chain.ChainEquilibrium` (its strategies, path and values), each
defined next to its documentation (in ``contracts/models/_predicates.py``) and re-exported
here; :func:`explain` renders only fields of the equilibrium and these predicates, and prints
every condition with its inequality and whether it holds.

Examples
--------
>>> from contracts.models.chain import Chain
>>> from contracts.models import regimes
>>> eq = Chain().solve()
>>> regimes.buddy(eq), regimes.nominal_contract(eq), regimes.absorption_and_alliance(eq)
(True, True, True)
"""

from __future__ import annotations

from ._predicates import (
    partner, buddy, tender, nominal_contract, control_and_rebellion,
    absorption_and_alliance, loss_making_project, passive_dismissal, programme_ended,
    goal_congruence, means_congruence, four_c, lifecycle_stage, community_co_evaluation,
    shirking_tolerated, recruits_replacements, makes_an_example, attracts_talent,
    task_capture, PREDICATES, evaluate, active, condition)
from ._predicates import regime_label  # noqa: F401  (the one-line label, used by examples)

__all__ = [
    "partner", "buddy", "tender", "nominal_contract", "control_and_rebellion",
    "absorption_and_alliance", "loss_making_project", "passive_dismissal",
    "programme_ended", "goal_congruence", "means_congruence", "four_c", "lifecycle_stage",
    "community_co_evaluation", "shirking_tolerated", "recruits_replacements",
    "makes_an_example", "attracts_talent", "task_capture", "PREDICATES", "evaluate",
    "active", "condition", "explain", "record"]


def record(eq) -> dict:
    """Flat record for sweeps and JSON: every predicate, the regime label and the figures.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    dict
        Predicate, label and figure names to values.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> record(Chain().solve())["regime"]
    'buddy, nominal contract, control-and-rebellion, absorption-and-alliance, passive dismissal'
    """
    from ._report import record as _record
    return _record(eq)


def explain(eq):
    """The report: every sentence and figure is read off ``eq`` and the predicates above.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    Explanation
        The report; ``str()`` of it is the text.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> explain(Chain().solve()).model
    'chain'
    """
    from ._report import explain as _explain
    return _explain(eq)

"""The chain game's workforce regimes (stage 4): predicates on the agency's plan.

Re-exported by :mod:`contracts.models.regimes` with the other regime predicates.
"""

from __future__ import annotations

from .._tolerance import MODEL_TOL

__all__ = ["loss_making_project", "passive_dismissal", "programme_ended", "shirking_tolerated", "recruits_replacements", "makes_an_example", "attracts_talent"]

_TOL = MODEL_TOL


def loss_making_project(eq) -> bool:
    """A loss-making project accepted: the agency's cash this period is negative, yet it stays
    (its payoff, counting the staff it keeps, beats leaving, and the loss is within
    ``min(L, Λ)``).

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> loss_making_project(Chain().solve())
    False
    """
    return eq.workforce.loss_making


def passive_dismissal(eq) -> bool:
    """Passive dismissal: the agency keeps the project and dismisses, or pushes out, at least
    one worker.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> passive_dismissal(Chain().solve())
    True
    """
    return (not eq.workforce.exit) and bool(eq.workforce.dismissed or eq.workforce.left)


def programme_ended(eq) -> bool:
    """The programme ends: the agency exits (no kept set meets the head count within its loss
    tolerance, or talks with the bureau break down) and every worker is dismissed.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> programme_ended(Chain().solve())
    False
    """
    return eq.workforce.exit


def shirking_tolerated(eq) -> bool:
    """Shirking tolerated (a nominal contract at the agency–worker link): the agency keeps at
    least one worker on a flat wage, so her hidden effort is not induced — the bonus ``c_i/a``
    that would induce it costs more than the output ``ℓ·v_i`` it saves.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> shirking_tolerated(Chain(effort_cost=3.0, shirking_loss=0.2).solve())
    True
    """
    return (not eq.workforce.exit) and any(e == "shirk" for e in eq.workforce.effort.values())


def recruits_replacements(eq) -> bool:
    """The agency recruits replacements at the market wage on the equilibrium path (only while
    it stays: never after it has exited).

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> recruits_replacements(Chain(max_recruits=1, recruit_wage=3.0).solve())
    True
    """
    return (not eq.workforce.exit) and eq.workforce.recruits > 0


def makes_an_example(eq) -> bool:
    """The agency makes an example of a dismissal: it pays the example's cost because the
    accuracy its remaining workers then perceive lowers the bonuses of its incentive
    contracts by more.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> makes_an_example(Chain().solve())
    False
    """
    return (not eq.workforce.exit) and eq.workforce.example


def attracts_talent(eq) -> bool:
    """The agency attracts talent: it hires at least one talented worker at the premium wage.

    Parameters
    ----------
    eq : ChainEquilibrium
        A solved chain game.

    Returns
    -------
    bool
        Whether the regime holds on the equilibrium path.

    Examples
    --------
    >>> from contracts.models.chain import Chain
    >>> attracts_talent(Chain().solve())
    False
    """
    return (not eq.workforce.exit) and eq.workforce.talent > 0

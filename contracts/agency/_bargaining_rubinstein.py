"""Alternating-offers bargaining (Rubinstein 1982) and its continuous-time limit.

Re-exported by :mod:`contracts.agency.bargaining`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from .._deprecate import keyword_only
from .._result import Result
from .._validation import check_discount, check_positive, check_probability
from ..exceptions import InvalidParameterError
from ._bargaining_common import _check_players, _fmt, _plain


# --------------------------------------------------------------------------------------------
# Rubinstein alternating offers
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class RubinsteinSolution(Result):
    """Subgame-perfect shares of a pie of size 1 in alternating-offers bargaining.

    Attributes
    ----------
    proposer_share, responder_share : float or Fraction
        Shares agreed immediately in the first round.
    outside_option_binds : bool
        Whether the responder's outside option determines the split.
    players : tuple of str
        (proposer, responder).
    discounts : tuple
        (proposer's discount factor, responder's discount factor).
    outside_option : float or Fraction
        The responder's outside option (0 when there is none).

    Examples
    --------
    >>> s = Rubinstein(proposer_discount=0.9, responder_discount=0.8).solve()
    >>> s.outside_option_binds, round(s.proposer_share, 4)
    (False, 0.7143)
    """

    proposer_share: Any
    responder_share: Any
    outside_option_binds: bool
    players: tuple
    discounts: tuple
    outside_option: Any = 0

    def __str__(self) -> str:
        p, r = self.players
        text = (f"Rubinstein bargaining ({p} proposes first; discount factors "
                f"{_fmt(self.discounts[0])} and {_fmt(self.discounts[1])}): immediate agreement, "
                f"{p} gets {_fmt(self.proposer_share)}, {r} gets {_fmt(self.responder_share)}")
        if self.outside_option_binds:
            text += f"; {r}'s outside option {_fmt(self.outside_option)} binds"
        elif self.outside_option:
            text += (f"; {r}'s outside option {_fmt(self.outside_option)} is irrelevant "
                     "(outside option principle)")
        return text


@keyword_only(2)
@dataclass(frozen=True)
class Rubinstein:
    """Rubinstein (1982) alternating offers over a pie of size 1, player 1 proposes first.

    ``x1 = (1 - delta2) / (1 - delta1 delta2)``. With an outside option ``w2`` that the
    responder can take when rejecting, the responder gets ``max(delta2 (1 - delta1) /
    (1 - delta1 delta2), w2)`` (outside option principle, Binmore–Shaked–Sutton 1989).

    Parameters
    ----------
    proposer_discount : float
        delta1 in (0, 1).
    responder_discount : float, optional
        delta2 in (0, 1); defaults to ``proposer_discount``.
    responder_outside_option : float
        w2 in [0, 1] (0: no outside option).
    players : (str, str)
        (proposer, responder).

    Examples
    --------
    >>> s = Rubinstein(0.9, 0.8).solve()
    >>> round(s.proposer_share, 6), round(s.responder_share, 6)
    (0.714286, 0.285714)
    >>> Rubinstein(0.9, responder_outside_option=0.6).solve().responder_share
    0.6
    """

    proposer_discount: Any
    responder_discount: Any = None
    responder_outside_option: Any = 0
    players: tuple = ("government", "agency")

    def __post_init__(self):
        w = "Rubinstein"
        check_discount(w, self.proposer_discount, "proposer_discount")
        if self.responder_discount is None:
            object.__setattr__(self, "responder_discount", self.proposer_discount)
        check_discount(w, self.responder_discount, "responder_discount")
        check_probability(w, "responder_outside_option", self.responder_outside_option)
        object.__setattr__(self, "players", _check_players(w, self.players))

    def solve(self) -> RubinsteinSolution:
        """The unique subgame-perfect split (exact for Fraction inputs).

        Returns
        -------
        RubinsteinSolution
            The shares agreed in the first round and whether the outside option binds.
        """
        d1, d2, w2 = self.proposer_discount, self.responder_discount, self.responder_outside_option
        resp = d2 * (1 - d1) / (1 - d1 * d2)
        binds = w2 > resp
        if binds:
            resp = w2
        return RubinsteinSolution(proposer_share=1 - resp, responder_share=resp,
                                  outside_option_binds=bool(binds), players=self.players,
                                  discounts=(d1, d2), outside_option=w2)

    def closed_form(self) -> dict:
        """Sympy shares in symbols ``delta1, delta2`` (and ``w2`` when there is an option).

        Returns
        -------
        dict
            ``{"proposer_share": expr, "responder_share": expr}`` as sympy expressions.

        Examples
        --------
        >>> x1 = Rubinstein(0.9, 0.8).closed_form()["proposer_share"]
        >>> float(x1.subs({"delta1": 0.9, "delta2": 0.8}))
        0.7142857142857143
        """
        d1, d2 = sp.symbols("delta1 delta2", positive=True)
        resp = d2 * (1 - d1) / (1 - d1 * d2)
        if self.responder_outside_option:
            w2 = sp.Symbol("w2", nonnegative=True)
            resp = sp.Max(resp, w2)
        return _plain({"proposer_share": 1 - resp if self.responder_outside_option
                       else sp.simplify(1 - resp), "responder_share": resp})

    def finite_horizon(self, rounds: int):
        """Proposer's share in the ``rounds``-round game solved by backward induction.

        In the last round the proposer keeps everything the responder cannot secure by
        leaving. Converges to :meth:`solve` as ``rounds`` grows.

        Parameters
        ----------
        rounds : int
            Number of bargaining rounds, at least 1; player 1 proposes in odd rounds.

        Returns
        -------
        float or Fraction
            The first proposer's share of the pie.

        Raises
        ------
        InvalidParameterError
            If ``rounds`` is not a positive integer.

        Examples
        --------
        >>> Rubinstein(proposer_discount=0.5).finite_horizon(2)
        0.5
        """
        if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 1:
            raise InvalidParameterError(
                f"Rubinstein.finite_horizon: 'rounds' must be a positive integer, got {rounds!r}")
        d1, d2, w2 = self.proposer_discount, self.responder_discount, self.responder_outside_option
        share = None  # share of the proposer of round t+1
        for t in range(int(rounds), 0, -1):
            player1_proposes = t % 2 == 1
            if share is None:
                share = 1 - (w2 if player1_proposes else 0)
                continue
            if player1_proposes:
                share = 1 - max(w2, d2 * share)
            else:
                share = 1 - d1 * share
        return share


@dataclass(frozen=True, repr=False)
class RubinsteinLimitSolution(Result):
    """Shares with frequent offers and the continuous-time limit.

    Attributes
    ----------
    proposer_share : float
        The first proposer's share when offers are ``period_length`` apart.
    limit_share : float
        The proposer's share as the period tends to zero, ``r2 / (r1 + r2)``.
    nash_weight : float
        The proposer's weight in the equivalent asymmetric Nash bargaining solution.
    period_length : float
        Time between offers.
    rates : tuple of float
        ``(r1, r2)``, the proposer's and responder's discount rates.
    players : tuple of str
        (proposer, responder).

    Examples
    --------
    >>> s = RubinsteinLimit(proposer_rate=0.1, responder_rate=0.2, period_length=0.5).solve()
    >>> round(s.limit_share, 4), s.rates
    (0.6667, (0.1, 0.2))
    """

    proposer_share: float
    limit_share: float
    nash_weight: float
    period_length: float
    rates: tuple
    players: tuple

    def __str__(self) -> str:
        p, r = self.players
        return (f"alternating offers every {_fmt(self.period_length)} time units with discount "
                f"rates {_fmt(self.rates[0])} ({p}) and {_fmt(self.rates[1])} ({r}): {p} gets "
                f"{_fmt(self.proposer_share)}; as offers become frequent the split tends to "
                f"{_fmt(self.limit_share)}, the asymmetric Nash solution with weight "
                f"{_fmt(self.nash_weight)} = r2/(r1+r2) for {p}: patience, not the right to "
                "propose, is the source of bargaining power")


@keyword_only(2)
@dataclass(frozen=True)
class RubinsteinLimit:
    """Rubinstein bargaining with ``delta_i = exp(-r_i * period_length)``.

    The proposer's share ``(1 - delta2)/(1 - delta1 delta2)`` tends to ``r2/(r1+r2)`` as the
    period shrinks: the asymmetric Nash solution with ``alpha1 = r2/(r1+r2)``
    (Binmore–Rubinstein–Wolinsky 1986). Computed with ``expm1`` so tiny periods stay accurate.

    Parameters
    ----------
    proposer_rate : float
        r1 > 0, the proposer's discount rate per unit of time.
    responder_rate : float
        r2 > 0, the responder's discount rate per unit of time.
    period_length : float
        Time between offers, > 0.
    players : (str, str)
        (proposer, responder).

    Examples
    --------
    >>> s = RubinsteinLimit(0.1, 0.2, period_length=1e-6).solve()
    >>> round(s.proposer_share, 6), round(s.limit_share, 6)
    (0.666667, 0.666667)
    """

    proposer_rate: Any
    responder_rate: Any
    period_length: Any = 1e-6
    players: tuple = ("government", "agency")

    def __post_init__(self):
        w = "RubinsteinLimit"
        check_positive(w, "proposer_rate", self.proposer_rate)
        check_positive(w, "responder_rate", self.responder_rate)
        check_positive(w, "period_length", self.period_length)
        object.__setattr__(self, "players", _check_players(w, self.players))

    def solve(self) -> RubinsteinLimitSolution:
        """The share at this period length and its continuous-time limit.

        Returns
        -------
        RubinsteinLimitSolution
            The proposer's share now and in the limit, and the equivalent Nash weight.
        """
        r1, r2, dt = float(self.proposer_rate), float(self.responder_rate), float(
            self.period_length)
        share = math.expm1(-r2 * dt) / math.expm1(-(r1 + r2) * dt)
        limit = r2 / (r1 + r2)
        return RubinsteinLimitSolution(proposer_share=share, limit_share=limit,
                                       nash_weight=limit, period_length=dt, rates=(r1, r2),
                                       players=self.players)

    def closed_form(self) -> dict:
        """The share at period ``Delta`` and its limit as ``Delta -> 0`` (sympy ``limit``).

        Returns
        -------
        dict
            ``{"proposer_share": expr, "limit_share": expr}`` in symbols ``r1, r2, Delta``.

        Examples
        --------
        >>> RubinsteinLimit(proposer_rate=0.1, responder_rate=0.2).closed_form()["limit_share"]
        r2/(r1 + r2)
        """
        r1, r2, dt = sp.symbols("r1 r2 Delta", positive=True)
        share = (1 - sp.exp(-r2 * dt)) / (1 - sp.exp(-(r1 + r2) * dt))
        return _plain({"proposer_share": share,
                       "limit_share": sp.simplify(sp.limit(share, dt, 0))})

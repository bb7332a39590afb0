"""The shared entry of the two-player enumerations: argument checks, then a verified stream.

Support enumeration and vertex enumeration take the same arguments (``game``, ``exact``, ``tol``
and a work limit) and check them in the same order; their ``*_iter`` generators also stream
their candidates through the same verification. Both live here once.
"""

from __future__ import annotations

from typing import Callable, Iterator

from .._polytope import check_bimatrix_game, check_exact, check_tol, verified_stream
from .._tolerance import check_resolvable

__all__: list[str] = []


def prepare(game, where: str, *, exact, tol, check_work: Callable, limit,
            resolvable: bool = True):
    """Check the arguments of a two-player enumeration; return ``(game, exact, tol)``.

    ``game`` is two-player (``UnsupportedGameError`` otherwise), ``tol`` and ``exact`` valid,
    ``check_work(game, where, limit)`` refuses too large a game before any work, and (unless
    ``resolvable`` is False: the caller checks it) a float game's payoffs must resolve. The game
    returned is the exact copy when ``exact``.
    """
    check_bimatrix_game(game, where)
    tol = check_tol(tol, where)
    exact = check_exact(exact, where, game)
    check_work(game, where, limit)                 # refuse before any work
    if resolvable and not exact:
        check_resolvable(game, where)
    return (game.as_exact() if exact else game), exact, tol


def verified_iter(game, where: str, candidates: Callable, *, exact, tol, check_work: Callable,
                  limit) -> Iterator:
    """The body of an enumeration's ``*_iter``: checks as :func:`prepare`, then every candidate
    of ``candidates(game, exact, tol)`` that verifies, once each."""
    g, exact, tol = prepare(game, where, exact=exact, tol=tol, check_work=check_work,
                            limit=limit)
    yield from verified_stream(g, candidates(g, exact, tol), exact=exact, tol=tol, where=where)

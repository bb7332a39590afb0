"""Game generators for benchmarking equilibrium computation.

Every generator returns a :class:`~contracts.games.normal_form.NormalFormGame`. Random generators
take a keyword-only ``rng`` passed to :func:`numpy.random.default_rng` (an int seed, a
``SeedSequence``, a ``Generator`` or ``None``), so the same seed always gives the same game.

==================================  =================================================================
generator                           what it is good for
==================================  =================================================================
:func:`random_game`                 uniform payoffs on [0, 1): the everyday benchmark
:func:`covariant_game`              payoff vectors with correlation ``rho`` (Rinott–Scarsini): from
                                    common interest (rho = 1) to zero-sum-like (rho = -1)
:func:`coordination_game`           ``A = B = I``: exactly 2**n - 1 equilibria (worst case for
                                    enumeration below n = 6)
:func:`von_stengel_6x6`             the 6x6 game with 75 equilibria (von Stengel 1999)
:func:`sgc_game`                    Sandholm–Gilpin–Conitzer: unique equilibrium with half of the
                                    actions in its support (worst case for support enumeration)
:func:`unit_vector_game`            random unit-vector games (Savani–von Stengel 2016)
:func:`savani_von_stengel`          square games on which Lemke–Howson takes exponentially many
                                    pivots from *every* initial label (Savani–von Stengel 2006)
:func:`tournament_game`             win-lose games from random tournaments (Anbalagan et al. 2013)
:func:`mclennan_tourky_imitation`   the imitation game of a bimatrix game (McLennan–Tourky 2010)
==================================  =================================================================

The random generators draw in the same order as QuantEcon's ``game_generators`` where those exist
(``covariance_game``, ``unit_vector_game``, ``tournament_game``), so with the same
``numpy.random.Generator`` state both libraries build the same game.
"""

from __future__ import annotations

import itertools
from typing import Any, Sequence

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidParameterError
from ._generator_checks import _count, _finish, _shape
from ._generators_imitation import imitation_equilibrium_to_original, mclennan_tourky_imitation
from ._generators_svs import savani_von_stengel
from .normal_form import NormalFormGame

__all__ = ["random_game", "covariant_game", "coordination_game", "von_stengel_6x6", "sgc_game",
           "unit_vector_game", "savani_von_stengel", "tournament_game",
           "mclennan_tourky_imitation", "imitation_equilibrium_to_original", "FAMILIES",
           "make_family"]


# ----------------------------------------------------------------------------------------------
# random families
# ----------------------------------------------------------------------------------------------
def random_game(shape: int | Sequence[int], *, rng: Any = None) -> NormalFormGame:
    """Game with independent payoffs uniform on [0, 1).

    Player ``i``'s payoff array is drawn as ``rng.random(shape)`` in player order, so for two
    players ``A = rng.random((m, n))`` and then ``B = rng.random((m, n))`` (``B[i, j]`` is the
    column player's payoff) — the convention of the project's benchmarks
    (``default_rng(1000 + n)``).

    Parameters
    ----------
    shape : int or tuple of int
        ``n`` for an ``n x n`` two-player game, or the number of actions of each player.
    rng : seed or numpy.random.Generator, optional
        Passed to :func:`numpy.random.default_rng`.

    Returns
    -------
    NormalFormGame
        The random game.

    Examples
    --------
    >>> import numpy as np
    >>> from contracts.games.generators import random_game
    >>> g = random_game(3, rng=1003)
    >>> g.num_actions
    (3, 3)
    >>> bool(np.array_equal(g.payoffs[0], np.random.default_rng(1003).random((3, 3))))
    True
    """
    dims = _shape("random_game", shape)
    gen = np.random.default_rng(rng)
    return NormalFormGame([gen.random(dims) for _ in dims])


def covariant_game(shape: int | Sequence[int], rho: float, *, rng: Any = None) -> NormalFormGame:
    """Random game whose payoff vectors are standard normal with pairwise correlation ``rho``.

    At every pure profile the players' payoffs are drawn jointly from the N-variate standard
    normal with all covariances equal to ``rho`` (Rinott and Scarsini 2000). ``rho = 1`` gives
    common interests, ``rho = -1`` (two players) a zero-sum game; ``rho`` must lie in
    ``[-1/(N-1), 1]``. Draws as QuantEcon's ``covariance_game`` does; for two players and
    ``rho = -1`` the column player's payoffs are then set to exactly minus the row player's (the
    sampler leaves round-off), so the game is exactly zero-sum.

    Parameters
    ----------
    shape : int or tuple of int
        ``n`` for an ``n x n`` two-player game, or the number of actions of each player.
    rho : float
        Correlation of the players' payoffs, in ``[-1/(N-1), 1]``.
    rng : int, numpy.random.Generator or None
        Seed or generator, passed to :func:`numpy.random.default_rng`.

    Returns
    -------
    NormalFormGame
        The random game.

    Examples
    --------
    >>> from contracts.games.generators import covariant_game
    >>> g = covariant_game((3, 2), rho=-1.0, rng=0)
    >>> g.is_zero_sum()
    True
    """
    where = "covariant_game"
    dims = _shape(where, shape, min_players=2)
    n = len(dims)
    check_real(where, "rho", rho, low=-1 / (n - 1), high=1)
    cov = np.full((n, n), float(rho))
    np.fill_diagonal(cov, 1.0)
    gen = np.random.default_rng(rng)
    profile = gen.multivariate_normal(np.zeros(n), cov, dims)
    if rho == -1 and n == 2:  # the sampler's round-off would break exact zero-sum
        profile[..., 1] = -profile[..., 0]
    return NormalFormGame.from_payoff_profile(profile)


def unit_vector_game(n: int, *, avoid_pure_nash: bool = False, rng: Any = None
                     ) -> NormalFormGame:
    """Random unit-vector game (Savani and von Stengel 2016).

    The column player's payoffs ``B`` are uniform on [0, 1); each column of the row player's
    matrix ``A`` is a unit vector (one 1, the rest 0) at a random row. Lemke–Howson on such games
    is Lemke–Howson on a labelled polytope, and they contain the hard instances of
    :func:`savani_von_stengel`. With ``avoid_pure_nash=True`` the 1s are placed where they cannot
    create a pure equilibrium. Draws exactly as QuantEcon's ``unit_vector_game``.

    Parameters
    ----------
    n : int
        Number of actions of each player.
    avoid_pure_nash : bool
        Place the 1s so that no pure equilibrium arises.
    rng : int, numpy.random.Generator or None
        Seed or generator, passed to :func:`numpy.random.default_rng`.

    Returns
    -------
    NormalFormGame
        The ``n x n`` unit-vector game.

    Examples
    --------
    >>> from contracts.games.generators import unit_vector_game
    >>> g = unit_vector_game(4, rng=1234)
    >>> [int(c) for c in g.payoffs[0].sum(axis=0)]
    [1, 1, 1, 1]
    """
    where = "unit_vector_game"
    n = _count(where, "n", n)
    gen = np.random.default_rng(rng)
    A = np.zeros((n, n))
    Bt = gen.random((n, n))          # column player's payoffs, own action first
    if not avoid_pure_nash:
        rows = gen.integers(n, size=n, dtype=np.int64)
        A[rows, np.arange(n)] = 1
    else:
        if n == 1:
            raise InvalidParameterError(f"{where}: cannot avoid pure equilibria with n = 1")
        suboptimal = Bt < Bt.max(axis=0)
        while (suboptimal.sum(axis=1) == 0).any():
            Bt[:] = gen.random((n, n))
            suboptimal = Bt < Bt.max(axis=0)
        for j in range(n):
            r = int(gen.integers(n, dtype=np.int64))
            while not suboptimal[j, r]:
                r = int(gen.integers(n, dtype=np.int64))
            A[r, j] = 1
    return NormalFormGame.from_bimatrix(A, Bt.T)


def tournament_game(n: int, k: int, *, rng: Any = None) -> NormalFormGame:
    """Win-lose game of Anbalagan, Norin, Savani and Vetta (2013) on a random tournament.

    A random tournament on nodes ``0..n-1`` orients each pair ``i < j`` as ``i -> j`` with
    probability 1/2. The row player picks a node, the column player a ``k``-subset of nodes
    (ordered by the combinatorial number system, as in QuantEcon). The row player wins (payoff 1)
    if her node beats every node of the subset; the column player wins if his subset contains
    her node. Equilibria need supports of size about ``log n``.

    Parameters
    ----------
    n : int
        Number of nodes (the row player's actions).
    k : int
        Size of the column player's subsets.
    rng : int, numpy.random.Generator or None
        Seed or generator, passed to :func:`numpy.random.default_rng`.

    Returns
    -------
    NormalFormGame
        The ``n x C(n, k)`` win-lose game.

    Examples
    --------
    >>> from contracts.games.generators import tournament_game
    >>> g = tournament_game(5, 2, rng=1)
    >>> g.num_actions
    (5, 10)
    >>> [int(x) for x in g.payoffs[1].sum(axis=1)]   # each node lies in 4 of the 2-subsets
    [4, 4, 4, 4, 4]
    """
    where = "tournament_game"
    n = _count(where, "n", n)
    k = _count(where, "k", k)
    if k > n:
        raise InvalidParameterError(f"{where}: parameter 'k' = {k} exceeds n = {n}")
    gen = np.random.default_rng(rng)
    r = gen.random(n * (n - 1) // 2)
    beats = np.zeros((n, n), dtype=bool)
    pos = 0
    for i in range(n):
        for j in range(i + 1, n):
            if r[pos] < 0.5:
                beats[i, j] = True
            else:
                beats[j, i] = True
            pos += 1
    subsets = sorted(itertools.combinations(range(n), k), key=lambda s: s[::-1])  # colex order
    m = len(subsets)
    A = np.zeros((n, m))
    B = np.zeros((n, m))
    for c, s in enumerate(subsets):
        idx = list(s)
        A[:, c] = beats[:, idx].all(axis=1)
        B[idx, c] = 1
    return NormalFormGame.from_bimatrix(A, B)


# ----------------------------------------------------------------------------------------------
# deterministic families
# ----------------------------------------------------------------------------------------------
def coordination_game(n: int, *, exact: bool = False) -> NormalFormGame:
    """The ``n x n`` coordination game ``A = B = I``: exactly ``2**n - 1`` equilibria.

    Every non-empty set ``S`` of actions gives one equilibrium, both players mixing uniformly over
    ``S`` (Quint and Shubik 1997). It is nondegenerate, so enumeration must visit them all.

    Parameters
    ----------
    n : int
        Number of actions of each player.
    exact : bool
        Fraction payoffs instead of floats.

    Returns
    -------
    NormalFormGame
        The coordination game.

    Examples
    --------
    >>> from contracts.games.generators import coordination_game
    >>> g = coordination_game(3)
    >>> g.is_nash(([1/3, 1/3, 1/3], [1/3, 1/3, 1/3])), g.is_nash(([1, 0, 0], [0, 1, 0]))
    (True, False)
    """
    n = _count("coordination_game", "n", n)
    eye = np.eye(n)
    return _finish(NormalFormGame.from_bimatrix(eye, eye.copy()), exact)


#: von Stengel (1999), Table 1, as in Gambit's catalogue (journals/dcg/vonstengel1999).
_VS75_A = [[9504, -660, 19976, -20526, 1776, -8976],
           [-111771, 31680, -130944, 168124, -8514, 52764],
           [397584, -113850, 451176, -586476, 29216, -178761],
           [171204, -45936, 208626, -263076, 14124, -84436],
           [1303104, -453420, 1227336, -1718376, 72336, -461736],
           [737154, -227040, 774576, -1039236, 48081, -300036]]
_VS75_B = [[72336, 48081, 29216, 14124, 1776, -8514],
           [-461736, -300036, -178761, -84436, -8976, 52764],
           [1227336, 774576, 451176, 208626, 19976, -130944],
           [-1718376, -1039236, -586476, -263076, -20526, 168124],
           [1303104, 737154, 397584, 171204, 9504, -111771],
           [-453420, -227040, -113850, -45936, -660, 31680]]
#: The same game with small payoffs (Savani and von Stengel 2006), Gambit's catalogue.
_VS75_SMALL_A = [[-81, 36, -126, 126, -36, 90],
                 [-180, 72, -333, 297, -153, 270],
                 [20, -3, 42, -33, 17, -30],
                 [-30, 17, -33, 42, -3, 20],
                 [270, -153, 297, -333, 72, -180],
                 [90, -36, 126, -126, 36, -81]]
_VS75_SMALL_B = [[72, 36, 17, -3, -36, -153],
                 [-180, -81, -30, 20, 90, 270],
                 [297, 126, 42, -33, -126, -333],
                 [-333, -126, -33, 42, 126, 297],
                 [270, 90, 20, -30, -81, -180],
                 [-153, -36, -3, 17, 36, 72]]


def von_stengel_6x6(variant: str = "original", *, exact: bool = False) -> NormalFormGame:
    """Von Stengel's 6x6 bimatrix game with 75 equilibria.

    It disproved the conjecture (Quint and Shubik) that an ``n x n`` nondegenerate game has at
    most ``2**n - 1 = 63`` equilibria (B. von Stengel, "New maximal numbers of equilibria in
    bimatrix games", Discrete Comput. Geom. 21, 1999). ``variant="small"`` gives the equivalent
    game with small integer payoffs from Savani and von Stengel (2006).

    Parameters
    ----------
    variant : {"original", "small"}
        Which of the two equivalent payoff tables.
    exact : bool
        Fraction payoffs instead of floats.

    Returns
    -------
    NormalFormGame
        The 6x6 game.

    Examples
    --------
    >>> from contracts.games.generators import von_stengel_6x6
    >>> g = von_stengel_6x6("small")
    >>> g.num_actions, int(g.payoffs[0][0, 0])
    ((6, 6), -81)
    """
    if variant == "original":
        A, B = _VS75_A, _VS75_B
    elif variant == "small":
        A, B = _VS75_SMALL_A, _VS75_SMALL_B
    else:
        raise InvalidParameterError(f"von_stengel_6x6: variant must be 'original' or 'small', "
                                    f"got {variant!r}")
    return _finish(NormalFormGame.from_bimatrix(np.array(A, dtype=float),
                                                np.array(B, dtype=float)), exact)


def sgc_game(k: int, *, exact: bool = False) -> NormalFormGame:
    """Sandholm–Gilpin–Conitzer (2005) game: ``4k-1`` actions each, a unique equilibrium.

    In the unique equilibrium both players mix uniformly over the first ``2k-1`` actions (about
    half of them), so support enumeration must try exponentially many supports before it finds
    it. Payoffs are 0, 1/2, 3/4 and 1, laid out exactly as in QuantEcon's ``sgc_game``.

    Parameters
    ----------
    k : int
        Size parameter, at least 1.
    exact : bool
        Fraction payoffs instead of floats.

    Returns
    -------
    NormalFormGame
        The ``(4k-1) x (4k-1)`` game.

    Examples
    --------
    >>> from contracts.games.generators import sgc_game
    >>> g = sgc_game(2)
    >>> g.num_actions
    (7, 7)
    >>> g.is_nash(([1/3] * 3 + [0] * 4, [1/3] * 3 + [0] * 4))
    True
    """
    k = _count("sgc_game", "k", k)
    n = 4 * k - 1
    m = 2 * k - 1
    base = np.zeros((n, n))
    base[:m, :m] = 0.75
    base[:m, m:] = 0.5
    # the cyclic block (same assignment order as QuantEcon, which matters only for k = 1)
    base[0, m - 1] = 1
    base[0, 1] = 0.5
    for i in range(1, m - 1):
        base[i, i - 1] = 1
        base[i, i + 1] = 0.5
    base[m - 1, m - 2] = 1
    base[m - 1, 0] = 0.5
    A = base.copy()
    Bt = base.copy()                  # column player's payoffs, own action first
    for h in range(k):
        i = m + 2 * h
        A[i, i] = 0.75
        A[i + 1, i + 1] = 0.75
        Bt[i, i + 1] = 0.75
        Bt[i + 1, i] = 0.75
    return _finish(NormalFormGame.from_bimatrix(A, Bt.T), exact)


# ----------------------------------------------------------------------------------------------
# families by name (used by ``contracts bench``)
# ----------------------------------------------------------------------------------------------
FAMILIES = {
    "random": "random_game(n, rng=1000 + n): n x n, uniform payoffs",
    "covariant": "covariant_game((n, n), rho=-0.5, rng=1000 + n)",
    "coordination": "coordination_game(n): 2**n - 1 equilibria",
    "sgc": "sgc_game(k) with n = 4k - 1 actions (size = k)",
    "unit_vector": "unit_vector_game(n, rng=1000 + n)",
    "savani_von_stengel": "savani_von_stengel(d): long Lemke-Howson paths (size = even d)",
    "tournament": "tournament_game(n, 2, rng=1000 + n): n x n(n-1)/2",
    "von_stengel": "von_stengel_6x6() (size ignored)",
}


def make_family(family: str, size: int, *, seed: int | None = None) -> NormalFormGame:
    """The benchmark game of ``family`` at ``size`` (see :data:`FAMILIES`).

    Random families use ``rng = 1000 + size`` unless ``seed`` is given.

    Parameters
    ----------
    family : str
        A key of :data:`FAMILIES`.
    size : int
        The family's size parameter.
    seed : int, optional
        Seed of the random families.

    Returns
    -------
    NormalFormGame
        The benchmark game.

    Examples
    --------
    >>> from contracts.games.generators import make_family
    >>> make_family("sgc", 2).num_actions
    (7, 7)
    """
    size = _count("make_family", "size", size)
    rng = 1000 + size if seed is None else seed
    if family == "random":
        return random_game(size, rng=rng)
    if family == "covariant":
        return covariant_game((size, size), -0.5, rng=rng)
    if family == "coordination":
        return coordination_game(size)
    if family == "sgc":
        return sgc_game(size)
    if family == "unit_vector":
        return unit_vector_game(size, rng=rng)
    if family == "savani_von_stengel":
        return savani_von_stengel(size)
    if family == "tournament":
        return tournament_game(size, 2, rng=rng)
    if family == "von_stengel":
        return von_stengel_6x6()
    raise InvalidParameterError(f"make_family: unknown family {family!r}; expected one of "
                                f"{', '.join(FAMILIES)}")

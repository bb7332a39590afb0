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
import math
from fractions import Fraction
from numbers import Integral
from typing import Any, Sequence

import numpy as np

from .._validation import check_real
from ..exceptions import InvalidGameError, InvalidParameterError
from .normal_form import NormalFormGame

__all__ = ["random_game", "covariant_game", "coordination_game", "von_stengel_6x6", "sgc_game",
           "unit_vector_game", "savani_von_stengel", "tournament_game",
           "mclennan_tourky_imitation", "imitation_equilibrium_to_original", "FAMILIES",
           "make_family"]


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
def _count(where: str, name: str, value: Any, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (Integral, np.integer)):
        raise InvalidParameterError(f"{where}: parameter {name!r} must be an integer, got "
                                    f"{value!r}")
    if int(value) < low:
        raise InvalidParameterError(f"{where}: parameter {name!r} = {value!r} is outside its "
                                    f"valid range [{low}, inf)")
    return int(value)


def _shape(where: str, shape: Any, min_players: int = 1) -> tuple[int, ...]:
    if isinstance(shape, (Integral, np.integer)) and not isinstance(shape, bool):
        shape = (shape, shape)
    try:
        dims = tuple(shape)
    except TypeError:
        raise InvalidParameterError(f"{where}: shape must be an int n (an n x n two-player game) "
                                    f"or a tuple of action counts, got {shape!r}") from None
    if len(dims) < min_players:
        raise InvalidParameterError(f"{where}: shape {dims} has {len(dims)} players; expected "
                                    f"at least {min_players}")
    return tuple(_count(where, f"shape[{i}]", d) for i, d in enumerate(dims))


def _finish(game: NormalFormGame, exact: bool) -> NormalFormGame:
    return game.as_exact() if exact else game


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


# ---- Savani and von Stengel (2006): exponentially long Lemke-Howson paths ---------------------
def _svs_permutation(d: int) -> list[int]:
    """Labels of the second polytope's facets (von Stengel's ``genperm``), 0-based."""
    n = 2 * d
    perm = list(range(n))
    for i in range(2, d, 2):          # first half: 0 2 1 4 3 ... d-1
        perm[i - 1], perm[i] = i, i - 1
    for i in range(d, n - 1, 2):      # second half: swap neighbouring pairs
        perm[i], perm[i + 1] = i + 1, i
    return perm


def _solve_exact(M: list[list[Fraction]], rhs: list[list[Fraction]]) -> list[list[Fraction]]:
    """Solve ``M X = rhs`` exactly by Gauss–Jordan elimination (M square, nonsingular)."""
    d = len(M)
    aug = [list(M[i]) + list(rhs[i]) for i in range(d)]
    for col in range(d):
        piv = next(r for r in range(col, d) if aug[r][col] != 0)
        aug[col], aug[piv] = aug[piv], aug[col]
        p = aug[col][col]
        aug[col] = [x / p for x in aug[col]]
        for r in range(d):
            if r != col and aug[r][col] != 0:
                f = aug[r][col]
                aug[r] = [a - f * b for a, b in zip(aug[r], aug[col])]
    return [row[d:] for row in aug]


def _slack_rows(C: list[list[Fraction]], coords: list[int], others: list[int]):
    """Write {z : C z <= 1} in the slacks of facets ``coords``: rows m_k with m_k . s <= 1."""
    d = len(coords)
    M = [C[k] for k in coords]
    # W = M^{-T} [c_k ...]: solve M^T W = [c_k ...]
    Mt = [[M[r][c] for r in range(d)] for c in range(d)]
    rhs = [[C[k][c] for k in others] for c in range(d)]
    W = _solve_exact(Mt, rhs)
    rows = {}
    for col, k in enumerate(others):
        w = [W[r][col] for r in range(d)]
        beta = 1 - sum(w)
        if beta <= 0:  # cannot happen for a simple polytope; guard against a wrong realisation
            raise InvalidGameError("savani_von_stengel: internal error, facet tight at the "
                                   "artificial vertex")
        rows[k] = [-x / beta for x in w]
    return rows


def savani_von_stengel(d: int, *, exact: bool | None = None) -> NormalFormGame:
    """Square ``d x d`` game where Lemke–Howson needs exponentially many pivots from every label.

    The construction of Savani and von Stengel ("Hard-to-solve bimatrix games", Econometrica 74,
    2006): both best-response polytopes are the dual cyclic polytope with ``2d`` facets in
    dimension ``d`` (facets = points ``1, ..., 2d`` of the moment curve ``t -> (t, ..., t**d)``),
    the first with the identity labelling and the second with the permutation
    ``1 3 2 5 4 ... d | d+2 d+1 d+4 d+3 ...`` (Morris's labelling). The payoffs are the
    coordinates of that polytope in the slack variables of the facets that meet at the artificial
    equilibrium, scaled to integers and shifted to be at least 1 (neither changes equilibria or
    Lemke–Howson paths). The shortest Lemke–Howson path grows like ``phi**(3d/4)``
    (``d = 6``: paths of 16 to 88 pivots; ``d = 8``: 40 to 376).

    Parameters
    ----------
    d : int
        Even number of actions per player, at least 2.
    exact : bool, optional
        Fraction payoffs (``True``) or floats (``False``). Default: floats while every payoff is
        an integer below 2**53 (``d <= 14``), exact beyond.

    Returns
    -------
    NormalFormGame
        The ``d x d`` game.

    Examples
    --------
    >>> from contracts.games.generators import savani_von_stengel
    >>> g = savani_von_stengel(4)
    >>> g.num_actions, int(g.payoffs[0].min())
    ((4, 4), 1)
    """
    where = "savani_von_stengel"
    d = _count(where, "d", d, low=2)
    if d % 2:
        raise InvalidParameterError(f"{where}: parameter 'd' = {d} must be even (the "
                                    "construction uses cyclic polytopes of even dimension)")
    n = 2 * d
    pts = [[Fraction(t) ** j for j in range(1, d + 1)] for t in range(1, n + 1)]
    centre = [sum(p[j] for p in pts) / n for j in range(d)]
    C = [[p[j] - centre[j] for j in range(d)] for p in pts]
    perm = _svs_permutation(d)
    inv = [0] * n
    for g, lab in enumerate(perm):
        inv[lab] = g
    # row player's polytope P = {x >= 0 : B^T x <= 1}: facets 0..d-1 are x_i >= 0 (label i),
    # facet d + j (label d + j) is column j of B.
    rows1 = _slack_rows(C, list(range(d)), list(range(d, n)))
    B = [[rows1[d + j][i] for j in range(d)] for i in range(d)]
    # column player's polytope Q = {y >= 0 : A y <= 1}: facet g has label perm[g]; y_j is the
    # slack of the facet labelled d + j, row i of A the facet labelled i.
    rows2 = _slack_rows(C, [inv[d + j] for j in range(d)], list(range(d)))
    A = [rows2[inv[i]] for i in range(d)]

    def integral(M):
        den = 1
        for row in M:
            for x in row:
                den = math.lcm(den, x.denominator)
        M = [[int(x * den) for x in row] for row in M]
        low = min(min(row) for row in M)
        return [[x - low + 1 for x in row] for row in M]

    A, B = integral(A), integral(B)
    big = max(max(abs(x) for row in M for x in row) for M in (A, B))
    if exact is None:
        exact = big > 2 ** 53
    if exact:
        return NormalFormGame.from_bimatrix([[Fraction(x) for x in r] for r in A],
                                            [[Fraction(x) for x in r] for r in B])
    return NormalFormGame.from_bimatrix(np.array(A, dtype=float), np.array(B, dtype=float))


# ---- McLennan and Tourky (2010): imitation games --------------------------------------------
def mclennan_tourky_imitation(game: NormalFormGame, *, symmetrize: bool = True
                              ) -> NormalFormGame:
    """The imitation game of a two-player game (McLennan and Tourky 2010).

    An imitation game ``(C, I)`` gives the column player (the *imitator*) the identity matrix: he
    wins 1 by choosing the same action as the row player. Its equilibria ``(p, q)`` are exactly
    the pairs in which ``q`` is a symmetric equilibrium strategy of the symmetric game
    ``(C, C^T)`` and ``p`` is uniform on the support of ``q`` (nondegenerate case).

    Direction: **original game -> imitation game**. With ``symmetrize=True`` (default) the
    ``m x n`` game ``(A, B)`` is first made symmetric, ``C = [[0, A'], [B'^T, 0]]`` with
    ``A' = A - min A + 1`` and ``B' = B - min B + 1`` (positive, same equilibria), and the
    ``(m+n) x (m+n)`` imitation game ``(C, I)`` is returned. Every equilibrium ``(p, q)`` of it
    gives an equilibrium of ``(A, B)`` by :func:`imitation_equilibrium_to_original`
    (``x = q[:m] / sum``, ``y = q[m:] / sum``), and every equilibrium of ``(A, B)`` arises so.
    With ``symmetrize=False`` the game must already be symmetric (``B = A^T``) and ``(A', I)``
    is returned; then ``q`` itself is a symmetric equilibrium of ``(A, A^T)``.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    symmetrize : bool
        Symmetrise the game first (needed unless ``B = A^T``).

    Returns
    -------
    NormalFormGame
        The imitation game ``(C, I)``.

    Examples
    --------
    >>> import contracts as ct
    >>> from contracts.games.generators import (mclennan_tourky_imitation,
    ...                                         imitation_equilibrium_to_original)
    >>> pennies = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> imit = mclennan_tourky_imitation(pennies)
    >>> imit.num_actions
    (4, 4)
    >>> q = [0.25, 0.25, 0.25, 0.25]
    >>> imit.is_nash((q, q))
    True
    >>> imitation_equilibrium_to_original(pennies, (q, q))
    (array([0.5, 0.5]), array([0.5, 0.5]))
    """
    where = "mclennan_tourky_imitation"
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise InvalidGameError(f"{where}: needs a two-player game; this game has "
                               f"{game.num_players} players")
    A, B = game.bimatrix
    exact = game.is_exact
    one = Fraction(1) if exact else 1.0
    zero = Fraction(0) if exact else 0.0
    A1 = A - min(A.flat) + one
    B1 = B - min(B.flat) + one
    m, n = A.shape
    if symmetrize:
        N = m + n
        C = np.empty((N, N), dtype=object if exact else float)
        C[...] = zero
        C[:m, m:] = A1
        C[m:, :m] = B1.T
        labels = tuple(f"{game.players[0]}:{a}" for a in game.actions[0]) + tuple(
            f"{game.players[1]}:{b}" for b in game.actions[1])
    else:
        same = (m == n) and (all(x == y for x, y in zip(B.flat, A.T.flat)) if exact
                             else bool(np.array_equal(B, A.T)))
        if not same:
            raise InvalidGameError(f"{where}: symmetrize=False needs a symmetric game "
                                   "(B equal to A transposed)")
        C = A1
        N = m
        labels = game.actions[0]
    eye = np.empty((N, N), dtype=object if exact else float)
    eye[...] = zero
    for i in range(N):
        eye[i, i] = one
    return NormalFormGame.from_bimatrix(C, eye, players=("leader", "imitator"),
                                        actions=(labels, labels), exact=exact)


def imitation_equilibrium_to_original(game: NormalFormGame, profile: Sequence[Any], *,
                                      symmetrize: bool = True):
    """Map an equilibrium of ``mclennan_tourky_imitation(game)`` back to one of ``game``.

    Takes the imitator's strategy ``q`` (the second entry of ``profile``). With
    ``symmetrize=True`` returns ``(q[:m] / sum, q[m:] / sum)``; otherwise the symmetric profile
    ``(q, q)``. Fractions stay exact.

    Parameters
    ----------
    game : NormalFormGame
        The original two-player game.
    profile : sequence
        An equilibrium ``(p, q)`` of the imitation game.
    symmetrize : bool
        As given to :func:`mclennan_tourky_imitation`.

    Returns
    -------
    tuple of numpy.ndarray
        The corresponding equilibrium of ``game``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> import contracts as ct
    >>> from contracts.games.generators import imitation_equilibrium_to_original
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> q = [F(1, 2), 0, F(1, 2), 0]          # imitator's strategy in the 4x4 imitation game
    >>> x, y = imitation_equilibrium_to_original(g, (q, q))
    >>> [str(v) for v in x], [str(v) for v in y]
    (['1', '0'], ['1', '0'])
    """
    where = "imitation_equilibrium_to_original"
    if len(profile) != 2:
        raise InvalidGameError(f"{where}: expected a two-player profile (p, q)")
    q = profile[1]
    q = np.asarray(q, dtype=object if any(isinstance(v, Fraction) for v in q) else float)
    m, n = game.num_actions
    if not symmetrize:
        return q.copy(), q.copy()
    if q.shape != (m + n,):
        raise InvalidGameError(f"{where}: the imitator's strategy has length {q.shape[0]}; "
                               f"expected {m + n} = {m} + {n}")
    x, y = q[:m], q[m:]
    sx, sy = x.sum(), y.sum()
    if sx == 0 or sy == 0:
        raise InvalidGameError(f"{where}: the imitator's strategy puts no weight on one player's "
                               "block, so it is not an equilibrium of the imitation game")
    return x / sx, y / sy


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

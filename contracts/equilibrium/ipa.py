"""One Nash equilibrium of an N-player game by iterated polymatrix approximation.

Govindan & Wilson (2004) approximate a game near a profile ``s_hat`` by the *polymatrix* game
whose payoffs are the first-order expansion of the true payoffs at ``s_hat``: player i's payoff of
action j against ``s`` is ``(A s)_ij`` with ``A = C(s_hat) / (N - 1)``, where block ``(i, k)`` of
``C(s_hat)`` holds i's payoff of each own action against each action of ``k``, the others at
``s_hat`` (exact at ``s = s_hat``). A polymatrix game is solved by one linear complementarity
problem. Its equilibrium ``s`` gives the point ``z = s + A s`` of the structure-theorem
coordinates (Kohlberg & Mertens 1986), whose projection onto the strategy simplices is ``s``;
the next approximation is taken at the projection of ``(1 - alpha) z_hat + alpha z``. A fixed
point ``z = z_hat`` is a Nash equilibrium of the game.

Each polymatrix game is first solved on the support of the previous solution by one linear
solve; when that support no longer fits, the complementarity problem

    w = [[B, -E^T], [E, 0]] (s, v) + (0, -1) >= 0,   (s, v) >= 0,   w . (s, v) = 0,

(``B = c - A`` strictly positive costs, ``E`` the players' incidence rows) is solved by Lemke's
algorithm. Its matrix is copositive-plus, so Lemke's path ends at a solution (Cottle, Pang &
Stone 1992, Thm. 4.4.13). IPA stops at an approximate equilibrium; it is polished by Newton's
method on its support (:func:`contracts.equilibrium.nplayer.polish_on_support`) and verified by
regret before it is returned.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .._validation import check_real
from ..exceptions import ConvergenceError, InvalidGameError, InvalidParameterError
from ..results import EquilibriumResult, build_result

__all__ = ["ipa"]

#: weight of the new polymatrix solution in the next approximation point (Govindan-Wilson)
ALPHA = 0.2
#: IPA stops when the approximation point moves less than this (max-norm, unit payoff range)
STEP_TOL = 1e-7


def _project(z: np.ndarray, offs) -> np.ndarray:
    """Each player's block of ``z`` projected onto the probability simplex (Euclidean)."""
    s = np.empty_like(z)
    for i in range(len(offs) - 1):
        v = z[offs[i]:offs[i + 1]]
        u = np.sort(v)[::-1]
        css = np.cumsum(u) - 1.0
        k = np.arange(1, len(u) + 1)
        rho = int(np.flatnonzero(u - css / k > 0)[-1])
        s[offs[i]:offs[i + 1]] = np.maximum(v - css[rho] / (rho + 1), 0.0)
    return s


def _on_support(A: np.ndarray, support: np.ndarray, owner: np.ndarray, N: int):
    """The polymatrix equilibrium with the given support (one linear solve), or None when the
    system is singular, a probability is negative or an action off the support pays more."""
    M = len(owner)
    K = np.zeros((M + N, M + N))
    K[:M, :M] = np.where(support[:, None], A, 0.0)
    K[np.arange(M), np.arange(M)] += ~support
    K[np.flatnonzero(support), M + owner[support]] = -1.0
    K[M + owner, np.arange(M)] = 1.0
    rhs = np.zeros(M + N)
    rhs[M:] = 1.0
    try:
        x = np.linalg.solve(K, rhs)
    except np.linalg.LinAlgError:
        return None
    s, v = x[:M], x[M:]
    if not np.all(np.isfinite(x)) or s.min() < -1e-12:
        return None
    if np.any((A @ s)[~support] > v[owner[~support]] + 1e-12):
        return None
    return np.maximum(s, 0.0)


def _lemke(A: np.ndarray, E: np.ndarray, owner: np.ndarray, N: int) -> np.ndarray | None:
    """An equilibrium of the polymatrix game ``A`` by Lemke's algorithm, or None if the float
    path breaks down."""
    from ._sequence_lemke import Inconclusive, float_lemke
    M = len(owner)
    c = float(A.max()) + 1.0
    L = np.zeros((M + N, M + N))
    L[:M, :M] = c - A                 # strictly positive costs (own blocks too: a constant)
    L[:M, M:] = -E.T
    L[M:, :M] = E
    q = np.zeros(M + N)
    q[M:] = -1.0
    try:
        z, _, _ = float_lemke(sp.csc_matrix(L), q, M, 50 * (M + N))
    except Inconclusive:
        return None
    s = np.maximum(z[:M], 0.0)
    tot = E @ s
    if np.any(tot <= 0):
        return None
    return s / tot[owner]


def _iterate(st, z_hat: np.ndarray, max_iter: int):
    """IPA from the point ``z_hat``: ``(profile row, iterations, converged)``."""
    N, offs, owner = st.N, st.offs, st.owner
    E = (owner[None, :] == np.arange(N)[:, None]).astype(float)
    s_hat = _project(z_hat, offs)
    support = None
    for it in range(1, max_iter + 1):
        A = st.cross(s_hat[None])[0] / (N - 1)
        s = _on_support(A, support, owner, N) if support is not None else None
        if s is None:
            s = _lemke(A, E, owner, N)
            if s is None:
                return s_hat, it, False
        support = s > 0
        z = s + A @ s
        step = float(np.max(np.abs(z - z_hat)))
        if N == 2 or step <= STEP_TOL or float(np.max(np.abs(s - s_hat))) <= STEP_TOL:
            return s, it, True
        z_hat = (1.0 - ALPHA) * z_hat + ALPHA * z
        s_hat = _project(z_hat, offs)
    return s_hat, max_iter, False


def ipa(game, *, max_iter: int = 200, tol: float | None = None, rng=None,
        exact: bool | None = None) -> EquilibriumResult:
    """One Nash equilibrium of an N-player game by iterated polymatrix approximation.

    The game is approximated near the current profile by a polymatrix game (first-order
    expansion of the payoffs), whose equilibrium moves the approximation point, until it stops
    moving (Govindan & Wilson 2004). The approximate equilibrium found is polished by Newton's
    method on its support and verified by regret.

    Parameters
    ----------
    game : NormalFormGame
        Any finite game with at least two players.
    max_iter : int, default 200
        Approximation steps per start.
    tol : float, optional
        Regret tolerance for verification (default ``game.default_tol()``).
    rng : None, int or numpy.random.Generator, optional
        Perturbation of the start: None starts at uniform play; otherwise (passed to
        :func:`numpy.random.default_rng`) at a random interior profile. A start that does not
        converge is followed by up to four restarts from random profiles drawn from ``rng``
        (from the seed 0 when ``rng`` is None, so the result is reproducible).
    exact : bool, optional
        For an exact game (default: follow the game), also try to express the equilibrium in
        Fractions (kept only if its exact regret is 0).

    Returns
    -------
    EquilibriumResult
        One verified equilibrium (``complete=False``); ``extra`` holds the IPA steps taken.

    Raises
    ------
    ConvergenceError
        If no start leads to a verified equilibrium.

    Examples
    --------
    >>> import numpy as np
    >>> import contracts as ct
    >>> from contracts.equilibrium.ipa import ipa
    >>> g = ct.NormalFormGame.from_bimatrix([[1, 2], [3, -1]], [[2, -2], [2, 3]])
    >>> [np.round(s, 9).tolist() for s in ipa(g)[0].strategies]
    [[0.2, 0.8], [0.6, 0.4]]
    >>> P = np.random.default_rng(3).random((3, 3, 3, 3))
    >>> res = ipa(ct.NormalFormGame.from_payoff_profile(P))
    >>> res.method, bool(res.max_regret <= 1e-9)
    ('ipa', True)
    """
    from ..games.normal_form import NormalFormGame
    from .nplayer import _rationalise, polish_on_support
    from .support_newton import _Stack
    where = "ipa"
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{where}: expected a NormalFormGame, got {type(game).__name__}")
    if game.num_players < 2:
        raise InvalidGameError(f"{where}: expected a game of two or more players, got "
                               f"{game.num_players}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InvalidParameterError(f"{where}: max_iter must be a positive integer, got "
                                    f"{max_iter!r}")
    if tol is not None:
        tol = float(check_real(where, "tol", tol, low=0))
    if exact is not None and not isinstance(exact, (bool, np.bool_)):
        raise InvalidParameterError(f"{where}: exact must be True, False or None, got "
                                    f"{exact!r}")
    exact = game.is_exact if exact is None else bool(exact)
    try:
        gen = np.random.default_rng(0 if rng is None else rng)
    except (TypeError, ValueError) as err:
        raise InvalidParameterError(f"{where}: rng must be None, an integer seed or a numpy "
                                    f"Generator, got {rng!r}") from err
    tol = game.default_tol() if tol is None else tol
    st = _Stack(game)
    starts = [np.ones(st.M) if rng is None else gen.dirichlet(np.ones(st.M))]
    steps = 0
    for attempt in range(5):
        if attempt:
            starts.append(gen.dirichlet(np.ones(st.M)))
        z_hat = starts[-1].copy()
        s, it, ok = _iterate(st, z_hat, int(max_iter))
        steps += it
        prof = tuple(s[st.offs[i]:st.offs[i + 1]] for i in range(st.N))
        q = polish_on_support(game, prof, tol=tol)
        if q is None:
            continue
        extra = {"steps": steps, "starts": attempt + 1}
        if exact and game.is_exact:
            e = _rationalise(game, q)
            if e is not None:
                return build_result(game, [e], method=where, tol=0, exact=True,
                                    iterations=steps, extra=extra,
                                    message="iterated polymatrix approximation, polished on "
                                            "its support and solved exactly")
        res = build_result(game, [q], method=where, tol=tol, iterations=steps, extra=extra,
                           message="iterated polymatrix approximation, polished on its "
                                   "support")
        if len(res):
            return res
    raise ConvergenceError(
        f"{where}: no verified equilibrium after {len(starts)} start(s) and {steps} "
        f"approximation steps (max_iter={max_iter}); try another rng or method='one'")

"""The compiled start of a float Lemke–Howson path, driven from Python.

When the compiled pivot kernel is in use (numba installed), :func:`_compiled_path` sets up both
dictionaries of a float game, makes up to ``k`` pivots from a label and checks the end of the
path, all in one call of :mod:`contracts.equilibrium._lh_compiled`, writing into work arrays
kept per thread and game shape; :func:`_compiled_start` says whether that route is open.
A caller that continues or repairs the path reads it off the work arrays as a
:class:`~contracts.equilibrium._lh_paths._Path` (on copies).
"""

from __future__ import annotations

import threading

import numpy as np

from .._linalg import pivot as _kernel
from ._lh_paths import _TOL_PIV, _TOL_RATIO, _FloatState, _Path

__all__: list = []

_LHC: object = None


def _compiled_start(m: int, n: int):
    """:mod:`contracts.equilibrium._lh_compiled` when the compiled pivot kernel would pivot the
    dictionaries of an ``m x n`` game (numba in use), else None."""
    global _LHC
    if _LHC and _kernel._COMPILED and _kernel._FORCE is not False:
        return _LHC                                 # (loaded and in use: the common case)
    if _kernel._compiled_for(2 * m * n + m + n) is None:
        return None
    if _LHC is None:
        try:
            from . import _lh_compiled
            _LHC = _lh_compiled
        except ImportError:                                 # pragma: no cover
            _LHC = False
    return _LHC or None


def _compiled_path(comp, A: np.ndarray, B: np.ndarray, init: int, k: int,
                   pure_first: bool = False) -> tuple:
    """``(outcome, make_path)``: a float path from label ``init`` set up and advanced up to
    ``k`` pivots in one compiled call (``comp`` is :mod:`contracts.equilibrium._lh_compiled`; the
    same tableaux as :meth:`_FloatState.from_payoffs` and the same pivots).

    ``outcome`` is ``(pivots, done, failed, checked, pure)``: ``failed`` when a column met no
    positive pivot element (the path is abandoned, as :class:`_PathFailure` says); ``checked``
    is ``(x, y, payoffs, max_regret)`` at the end of a path that ended without a tie, or of the
    pure equilibrium found, else None; ``pure`` (with ``pure_first``) the row-major index of the
    first pure equilibrium, found by the same call before any path is started (then there is
    no path), else -1. ``make_path()`` builds the :class:`_Path` (on a :class:`_FloatState` over
    copies of the compiled arrays) for callers that continue or repair it; a verified end does
    not need it. It must be called before the next compiled path of the same thread (which
    reuses the work arrays), and says so if it is not."""
    run = _compiled_run(comp, A, B, init, k, pure_first)
    piv, _, _, done, tied, failed, x, y, u, v, r, pure, _ = run
    checked = (x, y, (u, v), r) if (done and not tied and not failed) or pure >= 0 else None
    return (piv, done, failed, checked, pure), lambda: _path_of(comp, run, init)


def _compiled_run(comp, A: np.ndarray, B: np.ndarray, init: int, k: int,
                  pure_first: bool) -> tuple:
    """The compiled call of :func:`_compiled_path`, flat: ``(pivots, t, enter, done, tied,
    failed, x, y, payoff_row, payoff_column, max_regret, pure, ticket)``; with the ticket
    :func:`_path_of` reads the path off the work arrays (before they are reused)."""
    m, n = A.shape
    bufs = _compiled_buffers(comp, m, n)
    bufs[2] += 1
    x, y = np.empty(m), np.empty(n)
    piv, t, enter, done, tied, failed, u, v, r, pure = comp.start_path(
        A, B, init, k, _TOL_PIV, _TOL_RATIO, bufs[0], bufs[1], x, y, pure_first)
    return piv, t, enter, done, tied, failed, x, y, u, v, r, pure, (bufs, bufs[2], m, n)


def _path_of(comp, run: tuple, init: int) -> _Path:
    """The :class:`_Path` of a :func:`_compiled_run` outcome, on copies of the work arrays."""
    piv, t, enter, done, tied, _, _, _, _, _, _, _, (bufs, made, m, n) = run
    if bufs[2] != made:
        raise RuntimeError("a compiled path's work arrays were reused before its state was read")
    T0, b0, p0, s0, T1, b1, p1, s1 = comp.views(bufs[0].copy(), bufs[1].copy(), m, n)
    path = _Path(_FloatState.on_arrays(m, n, (T0, b0, p0, s0), (T1, b1, p1, s1), bool(tied)),
                 init)
    path.pivots, path.t, path.enter, path.done = int(piv), int(t), int(enter), bool(done)
    return path


_BUFFERS = threading.local()


def _compiled_buffers(comp, m: int, n: int) -> list:
    """``[F, I, uses]``: this thread's work arrays of :func:`_compiled_path` for ``m x n``
    games (made once per shape; a few recent shapes are kept)."""
    cache = getattr(_BUFFERS, "shapes", None)
    if cache is None:
        cache = _BUFFERS.shapes = {}
    bufs = cache.get((m, n))
    if bufs is None:
        F, I, _, _ = comp.buffers(m, n)
        bufs = [F, I, 0]
        if F.size <= _CACHED_BUFFER_CELLS:      # (large games: allocation is not the cost)
            if len(cache) >= 8:
                cache.clear()
            cache[(m, n)] = bufs
    return bufs


#: work arrays of compiled paths are kept per thread for games up to this many tableau entries
_CACHED_BUFFER_CELLS = 1 << 16

"""The stacked support enumeration of :func:`~contracts.equilibrium.batch.solve_many`: the
compiled kernel (numba, optional) when it is available and worth loading, else numpy.

:func:`stack_equilibria` has the contract of
:func:`._batch_support.stack_support_enumeration`. The compiled kernel
(:mod:`._batch_numba`, ``pip install contracts[fast]``) runs the numpy kernel's arithmetic game
by game, with the numpy kernel's own index tables (flattened here, once per shape): the same
strategies bit for bit, the same suspect games, the same order. It is used automatically when
numba is installed and either already imported or the stack is large enough to pay for
loading it: importing numba and loading the cached kernel take about 1 s in a new process,
what the compiled kernel saves on about 300,000 games of 4 x 4 (it runs about three times as
fast as the numpy kernel). :func:`use_compiled` forces it on or off, and the environment
variable ``CONTRACTS_NO_NUMBA`` (any non-empty value) keeps numba out of the process.
"""

from __future__ import annotations

import importlib
import math
import os
import sys
from functools import lru_cache

import numpy as np

from ._batch_small import _PROB_TOL, _SING_TOL
from ._batch_support import _level_index, stack_support_enumeration
from ._colex import _pair_index, _subsets, _transpose_pairs

__all__ = ["stack_equilibria", "use_compiled", "compiled_available"]

#: games x support pairs per game from which numba is imported (if installed) for a stack;
#: below this the compiled kernel runs only when numba is already imported
_AUTO_MIN_WORK = 20_000_000
#: largest scratch (floats per side and game: strategies of every support pair) compiled: up
#: to 7 x 7 (8 x 8 games run as fast with numpy)
_MAX_SCRATCH = 20_000
#: games per block of the compiled kernel (its loops over a block's games vectorise)
_BLOCK = 32

class _OptionalKernel:
    """A compiled module that needs numba: loaded on first need, unless switched off.

    ``force``: True (always), False (never) or None (when numba is already imported or the
    work reaches ``min_work``); ``loaded``: the module once loaded, False if unavailable."""

    def __init__(self, module: str, min_work: int):
        self.module, self.min_work = module, min_work
        self.force: bool | None = None
        self.loaded = None

    def load(self):
        if self.loaded is None:
            self.loaded = False
            if not os.environ.get("CONTRACTS_NO_NUMBA"):
                try:
                    self.loaded = importlib.import_module(self.module, __package__)
                except ImportError:
                    pass
        return self.loaded

    def select(self, work: int):
        """The module if it should run ``work`` units, else None."""
        if self.force is False:
            return None
        if self.loaded is None and not (self.force or work >= self.min_work
                                        or "numba" in sys.modules):
            return None
        return self.load() or None


_KERNEL = _OptionalKernel("._batch_numba", _AUTO_MIN_WORK)


def use_compiled(flag: bool | None) -> None:
    """Force the compiled batch kernel on (``True``), off (``False``: numpy), or choose
    automatically (None).

    Parameters
    ----------
    flag : bool or None
        The choice.

    Examples
    --------
    >>> from contracts.equilibrium import _batch_compiled
    >>> _batch_compiled.use_compiled(False); _batch_compiled.use_compiled(None)
    """
    _KERNEL.force = flag


def compiled_available() -> bool:
    """Whether the compiled (numba) batch kernel can be used in this process.

    Returns
    -------
    bool
        True when numba imports (and ``CONTRACTS_NO_NUMBA`` is not set).

    Examples
    --------
    >>> from contracts.equilibrium._batch_compiled import compiled_available
    >>> isinstance(compiled_available(), bool)
    True
    """
    return bool(_KERNEL.load())


# ----------------------------------------------------------------------------------------------
# the numpy kernel's index tables, flattened for the compiled kernel
# ----------------------------------------------------------------------------------------------
def _flat(parts) -> np.ndarray:
    parts = [np.asarray(p, dtype=np.intp).ravel() for p in parts]
    out = np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)
    out = np.ascontiguousarray(out, dtype=np.intp)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=32)
def _side_tables(r: int, d: int, kmax: int) -> tuple:
    """One side's tables (``r`` opponent's actions, ``d`` own): see :func:`._batch_numba._side`."""
    from ._batch_numba import COFF, IAOFF, LOFF, NH, NPAIR, QOFF, SOFF, STOFF
    top = min(kmax + 1, r)
    S2 = _subsets(r, 2)[0] if r >= 2 else np.zeros((0, 2), dtype=np.intp)
    meta = np.zeros((kmax + 2, 8), dtype=np.intp)
    lo = 0
    for k in range(2, top + 1):
        nh = math.comb(r, k) * math.comb(d, k - 1)
        meta[k, LOFF], meta[k, NH] = lo, nh
        lo += 2 * nh
    iaib, o = [], 0
    for k in range(3, top + 1):
        ia, ib = _level_index(r, d, k)
        meta[k, IAOFF] = o
        iaib += [ia.T, ib.T]                       # pair-major
        o += ia.size + ib.size
    cs, ss, Js = [], [], []
    co = so = qo = 0
    st = r * d                                     # k = 1: (best response, own action) pairs
    meta[1, NPAIR] = r * d
    for k in range(2, kmax + 1):
        cidx, sidx, J = _pair_index(r, d, k)
        P = cidx.shape[1]
        meta[k, NPAIR], meta[k, COFF], meta[k, SOFF] = P, co, so
        meta[k, QOFF], meta[k, STOFF] = qo, st
        cs.append(cidx.T)                          # pair-major
        co += cidx.size
        if sidx is not None:
            ss.append(sidx.T)
            so += sidx.size
        Js.append(J)
        qo += k * P
        st += P
    meta.flags.writeable = False
    return (top, _flat([S2[:, 0]]), _flat([S2[:, 1]]), meta, _flat(iaib), _flat(cs), _flat(ss),
            _flat(Js), lo, qo, st)


@lru_cache(maxsize=32)
def _tables(m: int, n: int) -> tuple:
    kmax = min(m, n)
    perm, kof, poff, o = [], [], np.zeros(kmax + 1, dtype=np.intp), 0
    for k in range(1, kmax + 1):
        t = _transpose_pairs(m, n, k)
        poff[k] = o
        perm.append(t)
        kof.append(np.full(len(t), k))
        o += len(t)
    poff.flags.writeable = False
    return (kmax, _flat(perm), poff, _flat(kof), _side_tables(m, n, kmax),
            _side_tables(n, m, kmax))


def _scratch(m: int, n: int) -> int:
    """Floats of strategies per side and game (the compiled kernel's largest buffer)."""
    return sum(k * math.comb(m, k) * math.comb(n, k) for k in range(2, min(m, n) + 1))


def stack_equilibria(A: np.ndarray, B: np.ndarray, tol: np.ndarray):
    """:func:`._batch_support.stack_support_enumeration` (``verify=True``) of a stack of
    bimatrix games ``A``, ``B`` (G, m, n) with tolerances ``tol`` (G,): the compiled kernel's
    answer when it is selected (the same), else that function's."""
    G, m, n = A.shape
    if min(m, n) >= 2 and _scratch(m, n) <= _MAX_SCRATCH:
        kern = _KERNEL.select(G * (math.comb(m + n, m) - 1))
        if kern is not None:
            kmax, perm, poff, kof, ty, tx = _tables(m, n)
            A = np.require(A, np.float64, ("C", "W"))
            B = np.require(B, np.float64, ("C", "W"))
            tol = np.require(tol, np.float64, ("C", "W"))
            cap = 2 * G + 16
            gi = np.empty(cap, dtype=np.intp)
            X, Y = np.empty((cap, m)), np.empty((cap, n))
            suspect = np.zeros(G, dtype=bool)
            g, cnt = 0, 0
            while True:
                g, cnt = kern.enumerate_stack(A, B, tol, _PROB_TOL, _SING_TOL, kmax, perm, poff,
                                              kof, ty, tx, gi, X, Y, suspect, g, cnt, _BLOCK)
                if g >= G:
                    return gi[:cnt].copy(), X[:cnt].copy(), Y[:cnt].copy(), suspect
                cap *= 2                                 # buffers full: grow, resume at g
                gi = np.concatenate([gi[:cnt], np.empty(cap - cnt, dtype=np.intp)])
                X = np.concatenate([X[:cnt], np.empty((cap - cnt, m))])
                Y = np.concatenate([Y[:cnt], np.empty((cap - cnt, n))])
    return stack_support_enumeration(A, B, tol)

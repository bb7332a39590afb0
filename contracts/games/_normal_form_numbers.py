"""Number and array helpers of :mod:`contracts.games.normal_form`: exact fractions, payoff arrays, profiles.

Private module: the public names are re-exported by :mod:`contracts.games.normal_form`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Any, Sequence

import numpy as np

from ..exceptions import InvalidGameError


Profile = tuple  # tuple of 1-d arrays, one probability vector per player


# ----------------------------------------------------------------------------------------------
# number helpers
# ----------------------------------------------------------------------------------------------
def to_fraction(x: Any, where: str = "to_fraction") -> Fraction:
    """Convert a number (int, float, Fraction, numpy scalar, or string like ``"2/3"``) to Fraction.

    Floats are read as the decimal they print as (``0.1`` becomes ``1/10``), which is what a
    user typing ``0.1`` means.

    Parameters
    ----------
    x : int, float, Fraction, numpy scalar or str
        The number.
    where : str
        Name used in error messages.

    Returns
    -------
    Fraction
        The exact value.

    Raises
    ------
    InvalidGameError
        If ``x`` is not a finite number.

    Examples
    --------
    >>> to_fraction(0.1), to_fraction("2/3")
    (Fraction(1, 10), Fraction(2, 3))
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (bool, np.bool_)):
        raise InvalidGameError(f"{where}: expected a number, got the boolean {x!r}")
    if isinstance(x, (Integral, np.integer)):
        return Fraction(int(x))
    if isinstance(x, Rational):
        return Fraction(x.numerator, x.denominator)
    if isinstance(x, (float, np.floating)):
        xf = float(x)
        if not math.isfinite(xf):
            raise InvalidGameError(f"{where}: payoffs must be finite, found {xf!r}")
        return Fraction(repr(xf))
    if isinstance(x, str):
        try:
            return Fraction(x.strip())
        except (ValueError, ZeroDivisionError):
            raise InvalidGameError(f"{where}: cannot read {x!r} as a number") from None
    if isinstance(x, Real):
        return to_fraction(float(x), where)
    raise InvalidGameError(f"{where}: expected a number, got {type(x).__name__} {x!r}")


def _is_exact_entry(x: Any) -> bool:
    return isinstance(x, (Fraction, str))


_FLOAT_MAX = float(np.finfo(np.float64).max)


def _to_array(data: Any, where: str, what: str, exact: bool | None = None) -> np.ndarray:
    """Turn nested sequences into a float64 or Fraction-object array; reject ragged/NaN/non-numeric.

    Complex entries are rejected (not silently real-parted); integers beyond the float range are
    rejected unless ``exact=True`` (then every entry becomes a Fraction).
    """
    if isinstance(data, (str, bytes)):
        raise InvalidGameError(f"{where}: {what} must be an array of numbers, got the string "
                               f"{data[:40]!r}")
    if isinstance(data, np.ndarray) and data.dtype != object:
        if data.dtype.kind == "c":
            raise InvalidGameError(f"{where}: {what} has complex entries; expected real numbers")
        if data.dtype.kind == "b":
            raise InvalidGameError(f"{where}: {what} has boolean entries; expected numbers")
        if data.dtype.kind not in "iuf":
            raise InvalidGameError(f"{where}: {what} has non-numeric dtype {data.dtype}")
        arr = data.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
            raise InvalidGameError(
                f"{where}: {what} has a non-finite entry {float(arr[bad])!r} at index {bad}")
        return arr
    try:
        arr = np.array(data, dtype=object)
    except ValueError as exc:  # numpy refuses some ragged inputs outright
        raise InvalidGameError(f"{where}: {what} is ragged (rows of different lengths)") from exc
    if arr.dtype == object and arr.size and any(isinstance(v, (list, tuple, np.ndarray))
                                                for v in arr.flat):
        raise InvalidGameError(f"{where}: {what} is ragged (rows of different lengths)")
    if arr.ndim == 0:
        raise InvalidGameError(f"{where}: {what} must be an array of numbers, got {data!r}"[:300])
    flat = list(arr.flat)
    for idx, v in np.ndenumerate(arr):
        if isinstance(v, (complex, np.complexfloating)):
            raise InvalidGameError(
                f"{where}: {what} entry at index {idx} is the complex number {v!r}; expected a "
                "real number")
    if exact or any(_is_exact_entry(v) for v in flat):
        out = np.empty(arr.shape, dtype=object)
        for idx, v in np.ndenumerate(arr):
            out[idx] = to_fraction(v, f"{where}: {what}")
        return out
    for idx, v in np.ndenumerate(arr):
        if isinstance(v, (bool, np.bool_)):
            raise InvalidGameError(
                f"{where}: {what} entry at index {idx} is the boolean {v!r}; expected a number")
        if not isinstance(v, (Real, np.number)):
            raise InvalidGameError(
                f"{where}: {what} entry at index {idx} is {v!r}"[:200] + "; expected a number")
        if isinstance(v, (Integral, np.integer)) and abs(int(v)) > _FLOAT_MAX:
            raise InvalidGameError(
                f"{where}: {what} entry at index {idx} is an integer of {len(str(abs(int(v))))} "
                "digits, beyond the float range (about 1.8e308); pass exact=True to keep it exact")
    try:
        out = arr.astype(np.float64)
    except (OverflowError, TypeError, ValueError) as exc:
        raise InvalidGameError(f"{where}: {what} cannot be read as float numbers: {exc}") from None
    if not np.all(np.isfinite(out)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(out))[0])
        raise InvalidGameError(f"{where}: {what} has a non-finite entry {float(out[bad])!r} at index {bad}")
    return out


def _is_sequence(x: Any) -> bool:
    if isinstance(x, (dict, set, frozenset)):
        return False
    try:
        len(x)
        iter(x)
    except TypeError:
        return False
    return True


def _float_array(arr: np.ndarray, where: str) -> np.ndarray:
    """Fraction array -> float64, refusing values beyond the float range."""
    try:
        out = arr.astype(np.float64)
    except OverflowError:
        out = None
    if out is None or not np.all(np.isfinite(out)):
        raise InvalidGameError(
            f"{where}: an exact payoff exceeds the float range (about 1.8e308); this game can only "
            "be solved exactly (exact=True)")
    return out


def _fraction_array(arr: np.ndarray) -> np.ndarray:
    if arr.dtype == object:
        return arr
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = to_fraction(v)
    return out


def _contract_others(arr: np.ndarray, others: Sequence[np.ndarray]) -> np.ndarray:
    """Contract axes 1..N-1 of ``arr`` with the strategies in ``others`` (last axis first)."""
    out = arr
    for s in reversed(others):
        out = out.dot(s)
    return out


def as_profile(game: "NormalFormGame", profile: Any, *, where: str = "profile",  # noqa: F821
               tol: float = 1e-9) -> Profile:
    """Validate a mixed-strategy profile and return it as a tuple of 1-d arrays.

    Accepts one probability vector per player (or an integer for a pure action). Fractions are
    kept exact; anything else becomes float64.

    Parameters
    ----------
    game : NormalFormGame
        The game the profile belongs to.
    profile : sequence
        One probability vector or pure action index per player.
    where : str
        Name used in error messages.
    tol : float
        Tolerance for the probabilities summing to 1.

    Returns
    -------
    tuple of numpy.ndarray
        One probability vector per player.

    Raises
    ------
    InvalidGameError
        For a wrong number of players, wrong lengths, negative entries, NaN, or sums different
        from 1.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [s.tolist() for s in as_profile(g, ([0.5, 0.5], 1))]
    [[0.5, 0.5], [0.0, 1.0]]
    """
    try:
        items = list(profile)
    except TypeError:
        raise InvalidGameError(f"{where}: expected one strategy per player, got {profile!r}") from None
    if len(items) != game.num_players:
        raise InvalidGameError(
            f"{where}: expected {game.num_players} strategies (one per player), got {len(items)}")
    out = []
    for i, (s, n) in enumerate(zip(items, game.num_actions)):
        if isinstance(s, (Integral, np.integer)) and not isinstance(s, bool):
            if not 0 <= int(s) < n:
                raise InvalidGameError(
                    f"{where}: pure action {s} of player {i} out of range 0..{n - 1}")
            if game.is_exact:
                v = np.array([Fraction(0)] * n, dtype=object)
                v[int(s)] = Fraction(1)
            else:
                v = np.zeros(n)
                v[int(s)] = 1.0
            out.append(v)
            continue
        if isinstance(s, np.ndarray) and s.dtype != object:
            v = s.astype(np.float64, copy=False)
        else:
            seq = list(s) if not isinstance(s, str) else None
            if seq is None:
                raise InvalidGameError(f"{where}: strategy of player {i} is not a vector: {s!r}")
            exact_entries = any(isinstance(x, Fraction) for x in seq) or (
                game.is_exact and all(isinstance(x, (Integral, Fraction, np.integer))
                                      and not isinstance(x, bool) for x in seq))
            if exact_entries:
                try:
                    v = np.array([to_fraction(x, where) for x in seq], dtype=object)
                except InvalidGameError:
                    raise
            else:
                try:
                    v = np.asarray(seq, dtype=np.float64)
                except (TypeError, ValueError):
                    raise InvalidGameError(
                        f"{where}: strategy of player {i} has non-numeric entries: {s!r}") from None
        if v.ndim != 1 or v.shape[0] != n:
            raise InvalidGameError(
                f"{where}: strategy of player {i} has length {v.shape[0] if v.ndim == 1 else v.shape};"
                f" expected {n}")
        if v.dtype == object:
            if any(x < 0 for x in v):
                raise InvalidGameError(f"{where}: strategy of player {i} has a negative probability")
            total = sum(v, Fraction(0))
            if total != 1:
                raise InvalidGameError(
                    f"{where}: probabilities of player {i} sum to {total}, not 1")
        else:
            if not np.all(np.isfinite(v)):
                raise InvalidGameError(f"{where}: strategy of player {i} contains NaN or inf")
            if np.any(v < -tol):
                raise InvalidGameError(f"{where}: strategy of player {i} has a negative probability")
            total = float(v.sum())
            if abs(total - 1.0) > max(tol, 1e-9) * max(1, n):
                raise InvalidGameError(
                    f"{where}: probabilities of player {i} sum to {total!r}, not 1")
        out.append(v)
    return tuple(out)

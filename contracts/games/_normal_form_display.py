"""Text, HTML and Gambit ``.nfg`` display of a :class:`NormalFormGame`.

Private module: the functions here are methods of :class:`NormalFormGame` (:mod:`contracts.games.normal_form`).
"""

from __future__ import annotations

import html
from fractions import Fraction

import numpy as np


from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass



def __repr__(self) -> str:
    dims = "×".join(str(n) for n in self.num_actions)
    kind = "exact" if self._exact else "float"
    return f"<NormalFormGame {dims}, {self.num_players} players {self._players}, {kind}>"


def _fmt(x) -> str:
    if isinstance(x, Fraction):
        return str(x)
    return f"{x:g}"


def _table_rows(self):
    """Rows of (label, cells) for a readable payoff table (2 players: a bimatrix)."""
    if self.num_players == 2:
        A, B = self._payoffs
        header = [""] + list(self._actions[1])
        rows = [[self._actions[0][i]] + [f"{self._fmt(A[i, j])}, {self._fmt(B[i, j])}"
                                         for j in range(A.shape[1])]
                for i in range(A.shape[0])]
        return header, rows
    header = list(self._players) + ["payoffs"]
    rows = []
    for idx in np.ndindex(*self.num_actions):
        rows.append([self._actions[i][k] for i, k in enumerate(idx)]
                    + [", ".join(self._fmt(p[idx]) for p in self._payoffs)])
    return header, rows


def __str__(self) -> str:
    header, rows = self._table_rows()
    widths = [max(len(str(r[c])) for r in [header] + rows) for c in range(len(header))]
    line = lambda r: "  ".join(str(x).rjust(w) for x, w in zip(r, widths))  # noqa: E731
    title = repr(self)
    if self.num_players == 2:
        title += f"\nrows: {self._players[0]}, columns: {self._players[1]}"
    return "\n".join([title, line(header)] + [line(r) for r in rows])


def _repr_html_(self) -> str:
    header, rows = self._table_rows()
    th = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>"
                   for r in rows)
    return (f"<p>{html.escape(repr(self))}</p><table><thead><tr>{th}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def to_nfg(self, title: str = "") -> str:
    """The game in Gambit's ``.nfg`` text format (see :mod:`contracts.io.gambit`).

    Parameters
    ----------
    title : str
        The game's title in the file.

    Returns
    -------
    str
        The ``.nfg`` text.

    Examples
    --------
    >>> import contracts as ct
    >>> g = ct.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> g.to_nfg().splitlines()[0]
    'NFG 1 R "" { "player 1" "player 2" }'
    """
    from ..io.gambit import nfg_string
    return nfg_string(self, title=title)

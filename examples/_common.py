"""What the example scripts share: the ``--save DIR`` option and saving matplotlib figures.

A script imports it with ``import _common``: Python puts a script's own folder first on
``sys.path``, so this works whatever the current directory is.
"""

from __future__ import annotations

import argparse
import pathlib


def parser(doc: str, save_help: str = "save a figure into DIR (needs matplotlib)"
           ) -> argparse.ArgumentParser:
    """An argument parser described by the first line of ``doc``, with ``--save DIR``."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--save", metavar="DIR", help=save_help)
    return ap


def folder(save: str | None) -> pathlib.Path | None:
    """The ``--save`` folder, created, or None when not saving."""
    if not save:
        return None
    path = pathlib.Path(save)
    path.mkdir(parents=True, exist_ok=True)
    return path


def pyplot(what: str = "figure"):
    """``matplotlib.pyplot`` on the file-only Agg backend, or None (saying so) without it."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"matplotlib is not installed: no {what} saved")
        return None
    return plt


def save(fig, directory, name: str, *, dpi: int = 120, announce: bool = True,
         **savefig_options) -> pathlib.Path:
    """Save ``fig`` as ``directory/name`` (creating the folder), close it, say where."""
    import matplotlib.pyplot as plt

    folder = pathlib.Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    fig.savefig(path, dpi=dpi, **savefig_options)
    plt.close(fig)
    if announce:
        print(f"saved {path}")
    return path


def legend_outside(ax) -> None:
    """The legend to the right of the axes."""
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))

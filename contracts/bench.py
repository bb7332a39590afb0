"""Old import path of the benchmarking helpers, which live in :mod:`contracts._bench` (used by
the ``contracts bench`` command); kept for compatibility."""

from ._bench import ANCHOR_LIBRARIES, anchor_solvers, format_table, run_bench

__all__ = ["run_bench", "format_table", "anchor_solvers", "ANCHOR_LIBRARIES"]

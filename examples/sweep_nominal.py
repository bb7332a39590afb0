"""A 50×50 regime map of nominal contracts over evaluation accuracy and the discount factor.

Run:  python examples/sweep_nominal.py [--save DIR] [--dask [WORKERS]] [--size N]

Sweeps :class:`contracts.models.NominalContract` with :func:`contracts.sweep` over
``evaluation_accuracy`` in [0, 1] × ``discount`` in [0.5, 0.99] (N × N points, N = 50) and prints
how many grid points fall in each regime:

* ``formal contract enforced`` — accurate indicators that carry the incentives;
* ``nominal: partnership`` — the formal contract is nominal but the relationship with the district
  bureau is a partnership (δ ≥ δ* = 2/3);
* ``nominal: control-and-rebellion`` — nominal contract and an impatient relationship (δ < 2/3).

``--dask`` runs the same sweep on a local dask cluster (extra ``parallel``) and checks that the
records are identical to the serial run. ``--save DIR`` saves the regime map
``sweep_nominal.png`` (needs matplotlib).
"""

from __future__ import annotations

import time

import numpy as np

import _common

from contracts.models.nominal_contract import NominalContract
from contracts.sweep import sweep


def record(params):
    """One grid point: the model's light record (no text report)."""
    return NominalContract(**params).to_record()


def _run_chunk(func, chunk):
    return [func(item) for item in chunk]


def dask_map(client, chunks: int):
    """A map-callable for :func:`contracts.sweep` that sends ``chunks`` batches to dask
    (one task per grid point costs dask several milliseconds of scheduling)."""
    def mapper(func, items):
        items = list(items)
        size = max(1, -(-len(items) // chunks))
        batches = [items[k:k + size] for k in range(0, len(items), size)]
        futures = client.map(_run_chunk, [func] * len(batches), batches, pure=False)
        return [x for batch in client.gather(futures) for x in batch]
    return mapper


def grid(n: int) -> dict:
    return {"evaluation_accuracy": np.linspace(0, 1, n), "discount": np.linspace(0.5, 0.99, n)}


def main(argv=None) -> int:
    ap = _common.parser(__doc__, "save the regime map into DIR")
    ap.add_argument("--dask", nargs="?", type=int, const=2, metavar="WORKERS",
                    help="also run on a dask LocalCluster with this many workers (default 2)")
    ap.add_argument("--size", type=int, default=50, help="grid points per axis (default 50)")
    args = ap.parse_args(argv)

    g = grid(args.size)
    t0 = time.perf_counter()
    res = sweep(record, g)
    t1 = time.perf_counter()
    print(f"NominalContract over evaluation_accuracy × discount: {len(res)} grid points in "
          f"{t1 - t0:.2f} s (serial)")
    counts: dict[str, int] = {}
    for r in res:
        counts[r["regime"]] = counts.get(r["regime"], 0) + 1
    for name, k in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<32s} {k:5d}")
    alliance = sum(r["subdistrict_relation"] == "absorption-and-alliance" for r in res)
    print(f"  absorption-and-alliance with the subdistrict office at {alliance} of {len(res)} "
          "points (collusion stake does not depend on these two parameters)")
    exact = all((r["district_relation"] == "control-and-rebellion") == (r["discount"] < 2 / 3)
                for r in res)
    print(f"  control-and-rebellion with the district exactly where discount < δ* = 2/3: {exact}")

    if args.dask:
        try:
            import distributed
        except ImportError:
            print("dask.distributed is not installed (extra 'parallel'): skipping --dask")
        else:
            with distributed.LocalCluster(n_workers=args.dask, threads_per_worker=1,
                                          processes=False, dashboard_address=None) as cluster, \
                    distributed.Client(cluster) as client:
                t0 = time.perf_counter()
                par = sweep(record, g, executor=dask_map(client, 4 * args.dask))
                t1 = time.perf_counter()
            same = par.records == res.records
            print(f"dask LocalCluster ({args.dask} workers): {len(par)} points in "
                  f"{t1 - t0:.2f} s; identical to the serial run: {same}")

    if args.save:
        plt = _common.pyplot()
        if plt is None:
            return 0
        fig, ax = plt.subplots(figsize=(7.5, 5))
        res.regime_map("evaluation_accuracy", "discount", ax=ax)
        ax.set_title("Nominal contracts: which relationship governs")
        fig.tight_layout()
        _common.save(fig, args.save, "sweep_nominal.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

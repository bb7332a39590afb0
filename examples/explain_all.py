"""Every model of the government → agency → worker chain, explained at its default parameters.

Run:  python examples/explain_all.py [--json] [--model NAME ...]

This is the library's main job (``contracts explain all`` prints the same): for each registered
model — nominal contracts, relational purchasing, passive dismissal, the life cycle and 4C
regimes, resource dependence — it prints which equilibrium the model is in, which regime that
is, which constraints bind, the key figures and the comparative statics with their signs.
"""

from __future__ import annotations

import argparse
import json
import time

import contracts.models as models


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the reports as JSON")
    ap.add_argument("--model", action="append", metavar="NAME",
                    help=f"only these models (any of {', '.join(models.REGISTRY)})")
    args = ap.parse_args(argv)

    start = time.perf_counter()
    if args.model:
        reports = [models.explain_model(name) for name in args.model]
    else:
        reports = models.explain_all()
    elapsed = time.perf_counter() - start
    if args.json:
        print(json.dumps([r.to_dict() for r in reports], indent=2, default=str))
        return 0
    print("\n\n".join(str(r) for r in reports))
    print()
    print(f"{len(reports)} model{'s' if len(reports) != 1 else ''} explained in "
          f"{elapsed:.2f} s: " + ", ".join(f"{r.model} ({r.regime})" for r in reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

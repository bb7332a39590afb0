"""``python -m contracts``: the command line (see :mod:`contracts.cli`)."""

from .cli import main

raise SystemExit(main())

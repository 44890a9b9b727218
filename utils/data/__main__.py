"""``python -m utils.data fetch|verify|list``: see :mod:`utils.data.cli`."""

from .cli import main

raise SystemExit(main())

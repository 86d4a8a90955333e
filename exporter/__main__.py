"""`python -m exporter`: the command line."""

from .cli import main

raise SystemExit(main())

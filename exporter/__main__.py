"""`python -m exporter`: the command line."""

from .entry import run

run()

"""The `exporter` command's entry point: the command line, and Ctrl+C while it loads ended without a traceback."""

from __future__ import annotations

import os
import sys

INTERRUPTED_WHILE_LOADING = "已中断：还没有开始生成，输出文件没有改动。\n"


def run() -> None:
    """Load the command line and run it; exit with its code."""
    try:
        from .cli import main
    except KeyboardInterrupt:
        # Nothing was opened yet. Leaving at once also keeps the documented exit code: CPython would otherwise
        # count a Ctrl+C that reached a module's exec() as unhandled and end the process by SIGINT.
        sys.stderr.write(INTERRUPTED_WHILE_LOADING)
        sys.stderr.flush()
        os._exit(1)
    raise SystemExit(main())

"""The cyclic garbage collector paused while a build allocates its hundreds of thousands of small objects."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause cyclic collection for the block, then restore it.

    A build creates mostly acyclic objects (glyph clusters, lines, XML elements) that reference counting
    frees; each automatic full collection re-scans every one still alive, which cost a third of layout's
    time on an 874-page report. Cycles made meanwhile are collected once collection resumes, so a
    long-running process (the local page, --watch) does not grow.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

"""Every page's text operators, a long document's written on both cores: a forked child writes the later pages'.

A page's operators depend only on its planned lines and the faces' codes and subsets, which are
fixed before any page is painted, so the child writes the later pages' operators while this
process writes the earlier ones and puts them on the canvas; the canvas then takes the child's in
page order, as it would have taken its own.
"""

from __future__ import annotations

from bisect import bisect_left
from contextlib import contextmanager
from itertools import accumulate
from typing import Iterator, Sequence

from ...forked import Child, ChildFailed, can_fork
from .paint import PageText, Painter
from .plan import PlannedLine

# Below this many characters (about 120 pages of body text) the fork and the child's first touches
# of the parent's memory cost more than the other core saves: at 30,000 characters (the example ×10,
# 88 pages) writing in two processes took 10 ms longer, at 63,000 (×20) no shorter, at 316,000 (×50)
# a fifth of the operators' 0.3 s shorter, at 632,000 (×100, 874 pages) 0.27 of 0.55 s.
PARALLEL_FROM_CHARACTERS = 100_000


@contextmanager
def page_texts(painter: Painter, pages: Sequence[Sequence[PlannedLine]],
               may_fork: bool) -> Iterator[Iterator[PageText]]:
    """Each page's text operators and the fonts they show, in page order; if it `may_fork`, a long document's later pages written in a child.

    The child, if any, is stopped when the block ends, however it ends.
    """
    sizes = list(accumulate(sum(len(line.text) for line, _, _ in lines) for lines in pages))
    if not may_fork or not sizes or sizes[-1] < PARALLEL_FROM_CHARACTERS or not can_fork():
        yield map(painter.text, pages)
        return
    # Half the characters each: this process also puts its pages on the canvas meanwhile, but the
    # child is as much slower per page (its first write to each page of memory copies it); shares
    # from 0.4 to 0.55 for the child measured alike at ×100.
    split = bisect_left(sizes, sizes[-1] / 2)
    theirs = pages[split:]
    # A few hundred strings of some ten thousand characters each: pickled and sent in milliseconds.
    child = Child(lambda step: [painter.text(lines) for lines in theirs])
    try:
        yield _in_order(painter, pages[:split], theirs, child)
    finally:
        child.stop()


def _in_order(painter: Painter, mine: Sequence[Sequence[PlannedLine]], theirs: Sequence[Sequence[PlannedLine]],
              child: Child) -> Iterator[PageText]:
    yield from map(painter.text, mine)
    try:
        found = child.wait()
    except ChildFailed:
        yield from map(painter.text, theirs)  # written here, as without a child
        return
    assert isinstance(found, list)  # what the child's work returns
    yield from found

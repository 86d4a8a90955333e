"""The body's paragraphs broken into lines on both cores before layout walks the report in order.

Breaking a paragraph needs only its runs and the body's measure, not where it lands, so a long
report's paragraphs are shared out: a forked child breaks the second half while this process
breaks the first, and the walk then takes each paragraph's lines ready-made. The lines are the
ones the walk would have made; a paragraph with a character no face prints is left to the walk,
which reports it in reading order.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from typing import Sequence

from ..cjk.linebreak import Cells, Line
from ..forked import Child, ChildFailed, can_fork
from ..pages import TextStyle
from ..resolved import Paragraph, Resolved
from .setter import Broken, Setter

# Below this many characters (about 150 pages) the fork and the lines' trip through the pipe cost
# more than the other core saves.
PARALLEL_FROM_CHARACTERS = 100_000


def prebreak(setter: Setter, resolved: Resolved) -> None:
    """Break the paragraphs of the body and the attachments ahead, half of them in a child process."""
    paragraphs = [block for block in resolved.blocks() if isinstance(block, Paragraph)]
    lengths = list(accumulate(sum(len(run.text) for run in paragraph.runs) for paragraph in paragraphs))
    if not lengths or lengths[-1] < PARALLEL_FROM_CHARACTERS or not can_fork():
        return
    half = bisect_left(lengths, lengths[-1] / 2)  # as many characters on each side
    theirs = paragraphs[half:]
    child = Child(lambda step: _packed(_broken(setter, theirs)))
    try:
        mine = _broken(setter, paragraphs[:half])
        found = child.wait()
    except ChildFailed:
        return  # the walk breaks every paragraph itself
    finally:
        child.stop()
    assert isinstance(found, _Packed)
    for paragraph, lines in zip(paragraphs, mine + _unpacked(found)):
        if lines is not None:
            setter.prebroken[id(paragraph.runs)] = lines


def _broken(setter: Setter, paragraphs: Sequence[Paragraph]) -> list[Broken | None]:
    role = setter.style.role("body")
    return [setter.trial_set(paragraph.runs, role) for paragraph in paragraphs]


@dataclass(frozen=True)
class _Packed:
    """Broken paragraphs as a few long arrays: pickled as blocks of bytes, where ten thousand lines as
    objects took longer to pickle and unpickle than breaking them."""

    text: str
    cells: tuple[array[int], array[float], array[float], array[float], array[int]]  # starts, x, width, glyph_x, run
    advances: array[float]
    lines: array[float]  # per line: cells, glyphs, left, measure, natural, last, hanging
    paragraphs: list[tuple[int, tuple[TextStyle, ...], list[str | None]] | None]  # lines, styles, each run's figure


_LINE_FIELDS = 7


def _packed(broken: list[Broken | None]) -> _Packed:
    texts: list[str] = []
    starts, runs = array("I"), array("I")
    xs, widths, glyph_xs, advances, lines = array("d"), array("d"), array("d"), array("d"), array("d")
    paragraphs: list[tuple[int, tuple[TextStyle, ...], list[str | None]] | None] = []
    for found in broken:
        if found is None:
            paragraphs.append(None)
            continue
        made, styles, indicators = found
        paragraphs.append((len(made), styles, indicators))
        for line in made:
            cells = line.cells
            texts.append(cells.text)
            starts.extend(cells.starts[:-1])
            xs.extend(cells.x)
            widths.extend(cells.width)
            glyph_xs.extend(cells.glyph_x)
            runs.extend(cells.run)
            advances.extend(cells.advances)
            lines.extend((len(cells), len(cells.text), line.left, line.measure, line.natural, line.last, line.hanging))
    return _Packed("".join(texts), (starts, xs, widths, glyph_xs, runs), advances, lines, paragraphs)


def _unpacked(packed: _Packed) -> list[Broken | None]:
    starts, xs, widths, glyph_xs, runs = packed.cells
    text, advances, fields = packed.text, packed.advances, packed.lines
    broken: list[Broken | None] = []
    cell = glyph = line = 0
    for found in packed.paragraphs:
        if found is None:
            broken.append(None)
            continue
        count, styles, indicators = found
        made: list[Line] = []
        for _ in range(count):
            cells, glyphs, left, measure, natural, last, hanging = fields[line:line + _LINE_FIELDS]
            line += _LINE_FIELDS
            end, glyph_end = cell + int(cells), glyph + int(glyphs)
            line_starts = starts[cell:end]
            line_starts.append(int(glyphs))
            made.append(Line(Cells(text[glyph:glyph_end], line_starts, xs[cell:end], widths[cell:end],
                                   glyph_xs[cell:end], runs[cell:end], advances[glyph:glyph_end]),
                             left, measure, natural, bool(last), bool(hanging)))
            cell, glyph = end, glyph_end
        broken.append((made, styles, indicators))
    return broken

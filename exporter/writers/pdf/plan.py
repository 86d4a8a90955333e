"""The laid-out pages read once before painting: each line's runs of one style with their glyphs' places, and what each face shows."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate, compress, count, groupby, repeat
from operator import gt, sub

from ...pages import Cells, Pages, TextLine, Turned

# Plain tuples rather than named ones: a long report has tens of thousands of each.
StyleRun = tuple[int, str, list[float]]  # neighbouring glyphs of one style: style index, one character per glyph, each glyph's origin
PlannedLine = tuple[TextLine, list[StyleRun], Turned | None]  # a line with text, its style runs, the frame it is set in


@dataclass
class Plan:
    """The lines to paint, page by page, and how often each face shows each character."""

    pages: list[list[PlannedLine]] = field(default_factory=list)
    shown: dict[str, Counter[str]] = field(default_factory=dict)


def plan_pages(pages: Pages) -> Plan:
    """Read every line once: its style runs and glyph places now, the characters each face needs for its font."""
    texts: defaultdict[str, list[str]] = defaultdict(list)
    planned_pages: list[list[PlannedLine]] = []
    for page in pages.pages:
        planned: list[PlannedLine] = []
        # A landscape table's lines first: the page's text state is then the initial one for them and for the rest.
        turned = page.turned
        framed = [(line, turned) for line in turned.lines] if turned else []
        for line, frame in framed + [(line, None) for line in page.lines]:
            cells = line.cells
            text = cells.text
            if not text:  # an empty line (a table's blank cells) only carries borders
                continue
            styles = line.styles
            lefts = _glyph_lefts(cells)
            cell_runs = cells.run
            first = cell_runs[0]
            if cell_runs.count(first) == len(cell_runs):  # most lines: one style
                texts[styles[first].face].append(text)
                planned.append((line, [(first, text, lefts)], frame))
                continue
            runs: list[StyleRun] = []
            starts = cells.starts  # each cell's first glyph
            cell = 0
            for style, group in groupby(cell_runs):
                begin = starts[cell]
                cell += len(list(group))
                end = starts[cell]
                piece = text[begin:end]
                texts[styles[style].face].append(piece)
                runs.append((style, piece, lefts[begin:end]))
            planned.append((line, runs, frame))
        planned_pages.append(planned)
    return Plan(planned_pages, {face: Counter("".join(parts)) for face, parts in sorted(texts.items())})


def _glyph_lefts(cells: Cells) -> list[float]:
    """Each glyph's origin: a Latin word's glyphs follow each other as layout stepped them.

    As Cells.glyph_lefts gives them, adding the same advances in the same order, but with a Python
    step only for the glyphs of words, not for every cell of their line.
    """
    origins = cells.glyph_x
    if len(cells.text) == len(origins):
        return origins.tolist()
    starts, advances = cells.starts, cells.advances
    lefts: list[float] = []
    done = 0  # the cells before this one are in `lefts`
    for cell in compress(count(), map(gt, map(sub, starts[1:], starts), repeat(1))):  # the cells of several glyphs
        lefts += origins[done:cell]
        lefts += accumulate(advances[starts[cell]:starts[cell + 1] - 1], initial=origins[cell])
        done = cell + 1
    lefts += origins[done:]
    return lefts

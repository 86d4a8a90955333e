"""The laid-out pages read once before painting: each line's runs of one style with their glyphs' places, and what each face shows."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from ...pages import Pages, TextLine

# Plain tuples rather than named ones: a long report has tens of thousands of each.
StyleRun = tuple[int, str, list[float]]  # neighbouring glyphs of one style: style index, one character per glyph, each glyph's origin
PlannedLine = tuple[TextLine, list[StyleRun]]  # a line with text, and its style runs


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
        for line in page.lines:
            cells = line.cells
            text = cells.text
            if not text:  # an empty line (a table's blank cells) only carries borders
                continue
            styles = line.styles
            lefts = cells.glyph_lefts()
            glyph_runs = cells.glyph_runs()
            first = glyph_runs[0]
            if glyph_runs.count(first) == len(glyph_runs):  # most lines: one style
                texts[styles[first].face].append(text)
                planned.append((line, [(first, text, lefts)]))
                continue
            runs: list[StyleRun] = []
            start = 0
            for style, glyphs in groupby(glyph_runs):
                end = start + len(list(glyphs))
                piece = text[start:end]
                texts[styles[style].face].append(piece)
                runs.append((style, piece, lefts[start:end]))
                start = end
            planned.append((line, runs))
        planned_pages.append(planned)
    return Plan(planned_pages, {face: Counter("".join(parts)) for face, parts in sorted(texts.items())})

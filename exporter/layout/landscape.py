"""Landscape (横排) tables, §8: set across the text block's height in a frame turned a quarter, on pages of their own."""

from __future__ import annotations

import math

from ..pages import Rule, TextLine, Turned, TurnedTable
from ..resolved import Table
from .flow import EPSILON, Slot
from .paginate import paginate
from .setter import Setter
from .table import set_table


def set_landscape(setter: Setter, table: Table, where: str) -> list[Slot]:
    """One slot per page the table takes, each a whole page; the text after the table starts a new page.

    The frame is the text block turned: as wide as the block is high, as deep as the block is wide,
    holding as many whole grid lines of the style's pitch as fit. Its top (the caption and the head)
    lies along the text block's left edge; the page number stays where it is on every page (§8).
    """
    style = setter.style
    width, depth = style.page.text_height.pt, style.page.text_width.pt
    pitch = setter.pitch
    lines_per_page = math.floor(depth / pitch + EPSILON)
    made = set_table(setter, table, where, left=0.0, width=width, page_lines=lines_per_page)
    heights = setter.table_rows[table]
    rows = made[len(made) - sum(heights):]  # the caption's lines come first
    row_of = {id(slot): row for slot, row in zip(rows, (row for row, height in enumerate(heights)
                                                        for _ in range(height)))}
    # The origin is the text block's bottom right corner: the frame's top is then the block's left edge.
    x, y = setter.right, setter.bottom
    turned: list[Slot] = []
    ends: list[int] = []  # per page, the row after the last one set there
    for page in paginate(made, 0, lines_per_page):
        lines: list[TextLine] = []
        rules: list[Rule] = []
        indicators: list[str] = []
        for index, slot in page:
            top = depth - index * pitch
            assert slot.line is not None
            lines.append(TextLine(top - slot.drop, top, slot.line.cells, slot.styles, slot.kind, slot.where,
                                  slot.line.last))
            rules += (rule.at(top) for rule in slot.rules)
            indicators += slot.indicators
        frame = Turned(x, y, width, depth, tuple(lines), tuple(rules))
        turned.append(Slot(None, kind="table", where=table.section, indicators=tuple(dict.fromkeys(indicators)),
                           new_page=True, turned=frame))
        ends.append(max((row_of[id(slot)] + 1 for _, slot in page if id(slot) in row_of), default=0))
    ranges = tuple(zip([0, *ends[:-1]], ends))
    setter.landscape_tables[table] = TurnedTable(len(made) - len(rows), ranges)
    return turned

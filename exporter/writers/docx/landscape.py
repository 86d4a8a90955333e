"""Landscape (横排) tables, §8, on portrait pages: each page the layout made is one table turned by hand (rows as columns, text bottom to top).

The section stays portrait: a landscape section would move the footer, and §8 keeps the page number where
it is on every page. So each page of the table is a portrait table whose columns are the landscape rows
(the caption's column, then the head, at the left), whose rows are the landscape columns (the first at the
bottom, `<w:trHeight w:hRule="exact">` its width), and whose cells set their text bottom to top
(`<w:textDirection w:val="btLr"/>`). Word repeats header rows, not header columns, so the pages are the
layout's: the rows it set on each page, the header rows again at the head of each later page.

Each table floats (`<w:tblpPr w:vertAnchor="page" w:horzAnchor="page">`) at the text block's top and, like
the PDF's rows, `text_block_lift` left of its left edge: Word's and LibreOffice's text block starts that much
above the 版心 (see page.margins_twips), so a table in the flow would stand 3.2 mm higher than the PDF's and
reach below the last line. A floating table belongs to the paragraph after it: that paragraph, empty and
one point high, opens its page (`<w:pageBreakBefore/>`), and the paragraph after the table's last page opens
the next.

Measured through LibreOffice 7.4 (the project's fonts.conf; tests/test_landscape.py) against the PDF: the same
pages; the rules across the page (the landscape columns' edges) within 0.2 mm, the rules up the page within
0.2 mm; characters along their lines within 0.35 mm; across, a line of Chinese text on the PDF's baseline, a
line mixing in digits 0.6–1.3 mm nearer the head (LibreOffice sets the mixed line's baseline by the Latin
face). A cell's text stands as many grid lines in from its top as the layout set it (`vAlign` top and space
before it), not centred by Word's or LibreOffice's rule, which would put it half a line off the grid.
LibreOffice takes the frame's width from a turned line's room: the cells' padding along the text is less by it.
Word itself could not be run here: by ECMA-376 it should set btLr cells, exact row heights and a floating
table at the given page position alike, but that is not measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ...pages import TurnedTable
from ...resolved import Table, TableCell
from ...styles import StyleSheet
from .oxml import Element, add, border, new, no_border, place
from .paragraphs import Flow, page_opener
from .table import fill_cell_paragraph, start_table
from .lines import text_block_lift
from .units import eighths, twips


@dataclass(frozen=True)
class _Cell:
    """A cell of the turned table: the source cell, its portrait row and column, and what it spans there."""

    cell: TableCell | None  # None: the caption
    row: int
    column: int
    rows: int
    columns: int
    source_row: int = 0  # the landscape table's row the cell starts in


def add_landscape_table(flow: Flow, table: Table, style: StyleSheet, heights: tuple[int, ...],
                        turned: TurnedTable, offsets: Mapping[tuple[int, int], int]) -> None:
    """One portrait table per page the layout gave the landscape table, each on a page of its own.

    The landscape table's rows become columns, its head at the left; its columns become rows, its first
    column at the bottom; every cell's text runs bottom to top (`<w:textDirection w:val="btLr"/>`).
    """
    for page, (first, end) in enumerate(turned.pages):
        shown = list(range(first, end)) if page == 0 else [*range(table.header_rows), *range(first, end)]
        _add_page(flow, table, style, heights, shown, turned.caption_lines if page == 0 else 0, offsets)


def _add_page(flow: Flow, table: Table, style: StyleSheet, heights: tuple[int, ...], shown: list[int],
              caption_lines: int, offsets: Mapping[tuple[int, int], int]) -> None:
    flow.page_break_pending = False
    pitch = style.grid.line_pitch.pt
    page_style = style.page
    rules = style.table
    frame, thin = eighths(rules.frame_width.pt), eighths(rules.rule_width.pt)
    # Along the text, the padding less the frame's width, which LibreOffice also takes from a turned cell's line.
    padding = twips(rules.cell_padding.pt - rules.frame_width.pt)
    # Word and LibreOffice set an exactly spaced line's baseline 80 % across its box: the table stands `lift`
    # nearer the head than its grid lines, as the PDF's rows stand above theirs.
    lift = text_block_lift(pitch, style.role("body").size.pt)
    column_widths = ([twips(caption_lines * pitch)] if caption_lines else []) + [twips(heights[row] * pitch)
                                                                                 for row in shown]
    row_heights = [twips(width) for width in reversed(table.widths)]
    word_table = start_table(flow, (
        new("tblpPr", {"leftFromText": 0, "rightFromText": 0, "topFromText": 0, "bottomFromText": 0,
                       "vertAnchor": "page", "horzAnchor": "page", "tblpX": twips(page_style.margin_left.pt - lift),
                       "tblpY": twips(page_style.margin_top.pt)}),
        new("tblOverlap", {"val": "never"}),
        new("tblW", {"w": sum(column_widths), "type": "dxa"}),
        new("tblBorders", None, border("top", frame), border("left", frame), border("bottom", frame),
            border("right", frame), border("insideH", thin), border("insideV", thin)),
        new("tblCellMar", None, new("top", {"w": padding, "type": "dxa"}), new("left", {"w": 0, "type": "dxa"}),
            new("bottom", {"w": padding, "type": "dxa"}), new("right", {"w": 0, "type": "dxa"})),
    ), column_widths)
    cells = _turned_cells(table, shown, caption_lines > 0)
    columns = len(column_widths)
    for row, height in enumerate(row_heights):
        word_row = add(word_table, "tr")
        row_properties = add(word_row, "trPr")
        add(row_properties, "cantSplit")
        add(row_properties, "trHeight", {"val": height, "hRule": "exact"})
        column = 0
        while column < columns:
            found = cells.get((row, column))
            if found is None:  # a grid position nothing covers
                _cell(word_row, column_widths[column], 1, None)
                column += 1
                continue
            width = sum(column_widths[column:column + found.columns])
            start = found.row == row
            target = _cell(word_row, width, found.columns, "restart" if start and found.rows > 1 else
                           ("continue" if not start else None))
            if found.cell is None:
                _no_outer_borders(target)
            if start:
                _fill(flow, target, table, found.cell, style,
                      0 if found.cell is None else offsets.get((found.source_row, found.cell.column), 0))
            column += found.columns
    flow.append(page_opener(flow.faces))  # the paragraph after a floating table anchors it: it opens the page


def _turned_cells(table: Table, shown: list[int], caption: bool) -> dict[tuple[int, int], _Cell]:
    """Each portrait grid position → the turned cell covering it."""
    columns = len(table.widths)
    offset = 1 if caption else 0
    found: dict[tuple[int, int], _Cell] = {}
    placed: list[_Cell] = []
    if caption:
        placed.append(_Cell(None, 0, 0, columns, 1))
    for position, row in enumerate(shown):
        for cell in table.rows[row].cells:
            across = sum(1 for spanned in range(row, row + cell.rowspan) if spanned in shown)
            top = columns - cell.column - cell.colspan  # its last landscape column is its top portrait row
            placed.append(_Cell(cell, top, position + offset, cell.colspan, max(1, across), row))
    for item in placed:
        for row in range(item.row, item.row + item.rows):
            found[(row, item.column)] = item
    return found


def _cell(row: Element, width: int, columns: int, merge: str | None) -> Element:
    """`<w:tc><w:tcPr><w:tcW/><w:gridSpan/><w:vMerge/><w:textDirection w:val="btLr"/><w:vAlign w:val="top"/></w:tcPr><w:p/></w:tc>`."""
    cell = add(row, "tc")
    properties = add(cell, "tcPr")
    add(properties, "tcW", {"type": "dxa", "w": width})
    if columns > 1:
        add(properties, "gridSpan", {"val": columns})
    if merge == "restart":
        add(properties, "vMerge", {"val": "restart"})
    elif merge == "continue":
        add(properties, "vMerge")
    add(properties, "textDirection", {"val": "btLr"})
    add(properties, "vAlign", {"val": "top"})  # the text as many lines in as the layout set it (_fill), not centred
    add(cell, "p")
    return cell


def _no_outer_borders(cell: Element) -> None:
    """The caption's column has rules on no side but the one it shares with the head."""
    place(cell[0], new("tcBorders", None, no_border("top"), no_border("left"), no_border("bottom")))


def _fill(flow: Flow, target: Element, table: Table, cell: TableCell | None, style: StyleSheet,
          lines_down: int) -> None:
    if cell is None:
        fill_cell_paragraph(flow, target[1], table.caption, "center", style, lines_down)
    else:
        fill_cell_paragraph(flow, target[1], cell.runs, cell.align, style, lines_down)

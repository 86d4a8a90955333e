"""Tables (§8) on the grid: each row whole grid lines, cells set in their columns, borders drawn with the lines,
header rows repeated at the top of each page the table continues on."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..cjk.linebreak import NO_CELLS, Cells, Line, joined_cells
from ..pages import TextStyle
from ..errors import Location, error
from ..resolved import Table, TableCell
from .flow import RelativeRule, Slot, slots
from .setter import Setter

INK = "#000000"
BASELINE_IN_ROW = 0.8  # where Word and LibreOffice put the baseline of an exactly spaced line (the DOCX's rows)


@dataclass
class _Placed:
    """A cell's lines, where its column starts, and the table rows it covers."""

    cell: TableCell
    row: int
    lines: list[Line]
    styles: tuple[TextStyle, ...]
    indicators: list[str | None]


@dataclass
class _GridLine:
    """One grid line of the table: the pieces of cell lines on it and the strokes drawn with it."""

    pieces: list[tuple[Line, tuple[TextStyle, ...], list[str | None]]] = field(default_factory=list)
    rules: list[RelativeRule] = field(default_factory=list)


def set_table(setter: Setter, table: Table, where: str, left: float | None = None,
              width: float | None = None, page_lines: int | None = None) -> list[Slot]:
    """The caption and the table's grid lines as slots; no row is split across pages.

    The table stands from `left` across `width` (the text block's, unless given: a landscape table's frame),
    on pages of `page_lines` grid lines (the text block's, unless given); rows that cannot fit on one page
    under the header rows are reported.
    """
    style = setter.style
    left = setter.left if left is None else left
    width = setter.width if width is None else width
    found: list[Slot] = []
    if table.caption:
        role = style.role("table_caption")
        lines, styles, indicators = setter.set(table.caption, role, f"{where}的表题", table.location, left=left,
                                               width=width)
        found += slots(lines, styles, "table_caption", table.section, setter.drop(role), keep=True,
                       indicators=indicators)
    lefts = [left]
    for width in table.widths:
        lefts.append(lefts[-1] + width)
    padding = style.table.cell_padding.pt
    placed = [_Placed(cell, index, *_set_cell(setter, cell, lefts, padding, f"{where}的表格", table.location))
              for index, row in enumerate(table.rows) for cell in row.cells]
    heights = _row_heights(placed, len(table.rows))
    setter.table_rows[table] = tuple(heights)  # the DOCX gives its rows these heights, so both break alike
    _check_rows_fit(setter, table, heights, style.grid.lines_per_page if page_lines is None else page_lines, where)
    starts = [0]
    for height in heights:
        starts.append(starts[-1] + height)
    grid = [_GridLine() for _ in range(starts[-1])]
    pitch = setter.pitch
    # A row is a line box as Word and LibreOffice set one: its text's baseline 80 % down, so the box stands
    # `lift` above the grid line, whose characters touch its top; the borders then clear the text around them.
    lift = BASELINE_IN_ROW * pitch - setter.drop(style.role("body"))
    thin, frame = style.table.rule_width.pt, style.table.frame_width.pt
    offsets = setter.cell_offsets[table] = {}  # the DOCX puts the text as far down its cell, so both agree
    for item in placed:
        first, last = starts[item.row], starts[item.row + item.cell.rowspan]
        offset = first + (last - first - len(item.lines)) // 2  # the text centred among the cell's lines
        if offset > first:
            offsets[(item.row, item.cell.column)] = offset - first
        for k, line in enumerate(item.lines):
            grid[offset + k].pieces.append((line, item.styles, item.indicators))
        x0, x1 = lefts[item.cell.column], lefts[item.cell.column + item.cell.colspan]
        top_width = frame if item.row == 0 else thin
        bottom_width = frame if item.row + item.cell.rowspan == len(table.rows) else thin
        grid[first].rules.append(RelativeRule(x0, lift, x1, lift, top_width, INK))
        grid[last - 1].rules.append(RelativeRule(x0, lift - pitch, x1, lift - pitch, bottom_width, INK))
        for row_line in range(first, last):  # the cell's sides, line by line, so a page break leaves none dangling
            left_width = frame if item.cell.column == 0 else thin
            right_width = frame if item.cell.column + item.cell.colspan == len(table.widths) else thin
            grid[row_line].rules += (RelativeRule(x0, lift, x0, lift - pitch, left_width, INK),
                                     RelativeRule(x1, lift, x1, lift - pitch, right_width, INK))
    row_of_line = [row for row, height in enumerate(heights) for _ in range(height)]
    group_end = _group_ends(table, starts)
    role = style.role("table")
    drop = BASELINE_IN_ROW * pitch - lift  # the baseline below the grid line's top
    made: list[Slot] = []
    for index, grid_line in enumerate(grid):
        slot = _slot(grid_line, drop, table.section)
        # A row (and rows joined by a row span) stays on one page; header rows keep with the first row below them.
        slot.keep = index + 1 < group_end[index] or row_of_line[index] < table.header_rows
        made.append(slot)
    header = tuple(made[:starts[table.header_rows]])
    for slot in made[starts[table.header_rows]:]:
        slot.repeat = header
    return found + made


def _set_cell(setter: Setter, cell: TableCell, lefts: list[float], padding: float, where: str,
              location: Location) -> tuple[list[Line], tuple[TextStyle, ...], list[str | None]]:
    """A cell's text broken on its column's measure, less the padding on both sides."""
    if not cell.runs:
        return [], (), []
    role = setter.style.role(cell.runs[0].role)
    x0, x1 = lefts[cell.column], lefts[cell.column + cell.colspan]
    # No mark hangs into the padding: LibreOffice keeps a cell's text inside it, and the DOCX tells Word so.
    return setter.set(cell.runs, role, where, location, left=x0 + padding, width=x1 - x0 - 2 * padding,
                      first_indent=0.0, rest_indent=0.0, align=cell.align, hang=False)


def _row_heights(placed: list[_Placed], rows: int) -> list[int]:
    """Grid lines per row: enough for each cell; a spanning cell's lines are added to the last row it spans."""
    heights = [1] * rows
    for item in placed:
        if item.cell.rowspan == 1:
            heights[item.row] = max(heights[item.row], len(item.lines))
    for item in placed:
        if item.cell.rowspan > 1:
            spanned = range(item.row, item.row + item.cell.rowspan)
            short = len(item.lines) - sum(heights[row] for row in spanned)
            if short > 0:
                heights[spanned[-1]] += short
    return heights


def _check_rows_fit(setter: Setter, table: Table, heights: list[int], page_lines: int, where: str) -> None:
    """Report a row, with the rows its spans join, too tall for a page under the header rows.

    The PDF could split it, but Word and LibreOffice keep an exactly sized row whole and cut it off at the
    page's foot: the text would be lost from the DOCX.
    """
    header = sum(heights[:table.header_rows])
    for first, end in table.row_groups():
        if end <= table.header_rows:
            continue  # the header rows (load refuses a table of nothing else), counted with each group below
        start = max(first, table.header_rows)
        lines = header + sum(heights[start:end])
        if lines > page_lines:
            setter.content_problems.append(error(
                "C055", f"{where}的表格第 {start + 1} 行排下来有 {lines} 行（含表头），超过一页的 {page_lines} 行",
                table.location, "把这一格的长文字分成几行表格，或移到表格下面的正文中。"))
            return


def _group_ends(table: Table, starts: list[int]) -> list[int]:
    """For each grid line, the line after the group of rows it must stay with (a row and the rows its spans join)."""
    per_line = []
    for first, end in table.row_groups():
        per_line += [starts[end]] * (starts[end] - starts[first])
    return per_line


def _slot(grid_line: _GridLine, drop: float, section: str) -> Slot:
    """One slot holding every cell's piece of this grid line, runs renumbered into one style list."""
    parts: list[tuple[Cells, int]] = []
    styles: list[TextStyle] = []
    indicators: list[str | None] = []
    for line, line_styles, line_indicators in sorted(grid_line.pieces, key=lambda piece: piece[0].left):
        parts.append((line.cells, len(styles)))
        styles += line_styles
        indicators += line_indicators
    cells = joined_cells(parts) if parts else NO_CELLS
    merged = Line(cells, cells.x[0] if len(cells) else 0.0, 0.0, 0.0, True)
    slot = slots([merged], tuple(styles), "table", section, drop, indicators=indicators)[0]
    slot.rules = tuple(grid_line.rules)
    return slot


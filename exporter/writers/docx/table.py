"""Tables (§8) as real Word tables: fixed column widths from resolve, merged cells, header rows repeated on each page."""

from __future__ import annotations

from typing import Mapping, Sequence

from docx.shared import Emu

from ...resolved import Run, Table, TableCell
from ...styles import StyleSheet
from .oxml import Element, add, border, new, place, w
from .paragraphs import Flow, add_text, keep_with_next, set_alignment, set_exact_spacing
from .styles import paragraph_style_id
from .units import eighths, twips

_TABLE_LOOK: dict[str, str | int] = {"firstColumn": 1, "firstRow": 1, "lastColumn": 0, "lastRow": 0, "noHBand": 0, "noVBand": 1, "val": "04A0"}


def template_cell_width(flow: Flow, columns: int) -> int:
    """The width python-docx's table template gives every cell: the text block split evenly, in twips.

    The cells that continue a vertical span keep it (Word sizes them by the grid and the first cell).
    """
    return int(Emu(flow.block_width_emu // columns if columns > 0 else 0).twips)


def start_table(flow: Flow, properties: Sequence[Element], grid_widths: Sequence[int]) -> Element:
    """`<w:tbl>` with its properties (fixed layout, python-docx's w:tblLook) and its grid of columns, no rows yet.

    ```xml
    <w:tblPr> …properties… <w:tblLayout w:type="fixed"/> <w:tblLook w:firstColumn="1" … w:val="04A0"/></w:tblPr>
    <w:tblGrid><w:gridCol w:w="2948"/>…</w:tblGrid>
    ```
    """
    table = flow.new_block(w("tbl"))
    table_properties = add(table, "tblPr")
    for child in (*properties, new("tblLayout", {"type": "fixed"}), new("tblLook", _TABLE_LOOK)):
        place(table_properties, child)
    grid = add(table, "tblGrid")
    for width in grid_widths:
        add(grid, "gridCol", {"w": width})
    return table


def add_cell(row: Element, width: int) -> Element:
    """`<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="…"/></w:tcPr><w:p/></w:tc>` at the end of `row`, as python-docx's template has it."""
    cell = add(row, "tc")
    properties = add(cell, "tcPr")
    add(properties, "tcW", {"type": "dxa", "w": width})
    add(cell, "p")
    return cell


def add_table(flow: Flow, table: Table, style: StyleSheet, rows: tuple[int, ...],
              offsets: Mapping[tuple[int, int], int]) -> None:
    """The caption, kept with the table, then the table the text block's width.

    ```xml
    <w:tblPr>
      <w:tblW w:w="8844" w:type="dxa"/>
      <w:tblBorders> top/left/bottom/right: the frame; insideH/insideV: the inner rules </w:tblBorders>
      <w:tblLayout w:type="fixed"/>
      <w:tblCellMar> left and right: the cell padding; top and bottom 0 </w:tblCellMar>
    </w:tblPr>
    <w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr> …header cells, vAlign top… </w:tr>
    ```
    Rows never split across pages and header rows repeat, as the PDF's layout does. Each row is exactly as
    many grid lines tall as the layout made it (`<w:trHeight w:val="579" w:hRule="exact"/>` for one line),
    so the borders add nothing and the text after the table stays on the grid.
    A merged cell is the first cell of its span, `<w:gridSpan w:val="2"/>` across and
    `<w:vMerge w:val="restart"/>` down; each row below holds an empty cell `<w:vMerge/>` continuing it.
    """
    if table.caption:
        caption = flow.paragraph(paragraph_style_id(style, "table_caption"))
        for run in table.caption:
            add_text(caption, run.text, flow.faces)
        keep_with_next(caption)
    rules = style.table
    frame, thin = eighths(rules.frame_width.pt), eighths(rules.rule_width.pt)
    padding = twips(rules.cell_padding.pt)
    widths = [twips(width) for width in table.widths]
    template = template_cell_width(flow, table.columns)
    word_table = start_table(flow, (
        new("tblW", {"w": sum(widths), "type": "dxa"}),
        new("tblBorders", None, border("top", frame), border("left", frame), border("bottom", frame),
            border("right", frame), border("insideH", thin), border("insideV", thin)),
        new("tblCellMar", None, new("top", {"w": 0, "type": "dxa"}), new("left", {"w": padding, "type": "dxa"}),
            new("bottom", {"w": 0, "type": "dxa"}), new("right", {"w": padding, "type": "dxa"})),
    ), widths)
    spans: dict[tuple[int, int], TableCell] = {}  # (row, column) of a cell continuing a vertical span → its cell
    pitch = style.grid.line_pitch.pt
    joined = rows_joined_below(table)
    for index, row in enumerate(table.rows):
        word_row = add(word_table, "tr")
        row_properties = add(word_row, "trPr")
        add(row_properties, "cantSplit")
        lines = rows[index] if index < len(rows) else 1
        add(row_properties, "trHeight", {"val": twips(lines * pitch), "hRule": "exact"})
        if index < table.header_rows:
            add(row_properties, "tblHeader")
        starting = {cell.column: cell for cell in row.cells}
        column = 0
        while column < table.columns:
            cell = starting.get(column)
            if cell is not None:
                _add_first_cell(flow, word_row, cell, sum(widths[column:column + cell.colspan]), style,
                                offsets.get((index, column), 0))
                spans.update(((below, column), cell) for below in range(index + 1, index + cell.rowspan))
                column += cell.colspan
            elif (index, column) in spans:
                spanned = spans[(index, column)]
                _add_continuing_cell(word_row, spanned.colspan, template)
                column += spanned.colspan
            else:  # a grid position no cell covers (load refuses such rows): the template's empty cell
                add_cell(word_row, template)
                column += 1
        if joined[index]:
            for paragraph in word_row.iter(w("p")):
                keep_with_next(paragraph)


def rows_joined_below(table: Table) -> list[bool]:
    """For each row, whether it shares a page with the row below, as the layout keeps them: a header row with the
    first row under the header, and each row a span covers with the rest of the span.

    Word keeps rows together by `<w:keepNext/>` on their paragraphs; LibreOffice too."""
    joined = [index < table.header_rows for index in range(len(table.rows))]
    for first, end in table.row_groups():
        joined[first:end - 1] = [True] * (end - 1 - first)
    return joined


def _add_first_cell(flow: Flow, row: Element, cell: TableCell, width: int, style: StyleSheet, lines_down: int) -> None:
    """The cell's one paragraph in its role's style and alignment, spanning as the cell does, `lines_down` grid
    lines below the cell's top as the layout set it.

    Not `vAlign` center: Word and LibreOffice would centre a line in a cell two lines tall half a line down,
    off the grid line the PDF sets it on (the layout centres by whole lines)."""
    target = add_cell(row, width)
    properties = target[0]
    if cell.colspan > 1:
        add(properties, "gridSpan", {"val": cell.colspan})
    if cell.rowspan > 1:
        add(properties, "vMerge", {"val": "restart"})
    add(properties, "vAlign", {"val": "top"})
    fill_cell_paragraph(flow, target[1], cell.runs, cell.align, style, lines_down)


def fill_cell_paragraph(flow: Flow, paragraph: Element, runs: Sequence[Run], align: str, style: StyleSheet,
                        lines_down: int) -> None:
    """A cell's paragraph: its role's style, `lines_down` grid lines below the cell's top, aligned, its runs.

    `<w:overflowPunct w:val="0"/>`: no mark hangs past a cell's text into its padding, as the layout sets cells
    (LibreOffice keeps a cell's marks inside it whatever this says; Word would otherwise hang them).
    """
    role = runs[0].role if runs else "table"
    properties = add(paragraph, "pPr")
    add(properties, "pStyle", {"val": paragraph_style_id(style, role)})
    place(properties, new("overflowPunct", {"val": 0}))
    if lines_down:
        pitch = style.grid.line_pitch.pt
        set_exact_spacing(properties, twips(pitch), twips(lines_down * pitch))
    set_alignment(properties, align)
    for run in runs:
        add_text(paragraph, run.text, flow.faces)


def _add_continuing_cell(row: Element, colspan: int, template: int) -> None:
    """An empty cell continuing a vertical span, as wide as the template's cells it took the place of."""
    properties = add_cell(row, template * colspan)[0]
    if colspan > 1:
        add(properties, "gridSpan", {"val": colspan})
    add(properties, "vMerge")

"""Tables (§8) as real Word tables: fixed column widths from resolve, merged cells, header rows repeated on each page."""

from __future__ import annotations

from docx.document import Document
from docx.shared import Twips
from docx.table import _Cell

from ...resolved import Table, TableCell
from ...styles import StyleSheet
from .oxml import border, new, place, set_table_properties
from .paragraphs import add_paragraph, add_text
from .styles import alignment, paragraph_style_id
from .units import eighths, twips


def add_table(document: Document, table: Table, style: StyleSheet, rows: tuple[int, ...]) -> None:
    """The caption, kept with the table, then the table the text block's width.

    ```xml
    <w:tblPr>
      <w:tblW w:w="8844" w:type="dxa"/>
      <w:tblBorders> top/left/bottom/right: the frame; insideH/insideV: the inner rules </w:tblBorders>
      <w:tblLayout w:type="fixed"/>
      <w:tblCellMar> left and right: the cell padding; top and bottom 0 </w:tblCellMar>
    </w:tblPr>
    <w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr> …header cells, vAlign center… </w:tr>
    ```
    Rows never split across pages and header rows repeat, as the PDF's layout does. Each row is exactly as
    many grid lines tall as the layout made it (`<w:trHeight w:val="579" w:hRule="exact"/>` for one line),
    so the borders add nothing and the text after the table stays on the grid.
    """
    if table.caption:
        caption = add_paragraph(document, paragraph_style_id("table_caption"))
        for run in table.caption:
            add_text(caption, run.text)
        caption.paragraph_format.keep_with_next = True
    rules = style.table
    frame, thin = eighths(rules.frame_width.pt), eighths(rules.rule_width.pt)
    padding = twips(rules.cell_padding.pt)
    word_table = document.add_table(rows=len(table.rows), cols=table.columns)
    word_table.autofit = False  # <w:tblLayout w:type="fixed"/>
    widths = [twips(width) for width in table.widths]
    for column, width in zip(word_table.columns, widths):
        column.width = Twips(width)
    set_table_properties(
        word_table._tbl.tblPr,
        new("tblW", {"w": sum(widths), "type": "dxa"}),
        new("tblBorders", None, border("top", frame), border("left", frame), border("bottom", frame),
            border("right", frame), border("insideH", thin), border("insideV", thin)),
        new("tblCellMar", None, new("top", {"w": 0, "type": "dxa"}), new("left", {"w": padding, "type": "dxa"}),
            new("bottom", {"w": 0, "type": "dxa"}), new("right", {"w": padding, "type": "dxa"})),
    )
    for index, (row, word_row) in enumerate(zip(table.rows, word_table.rows)):
        row_properties = word_row._tr.get_or_add_trPr()
        place(row_properties, new("cantSplit"))
        lines = rows[index] if index < len(rows) else 1
        place(row_properties, new("trHeight", {"val": twips(lines * style.grid.line_pitch.pt), "hRule": "exact"}))
        if index < table.header_rows:
            place(row_properties, new("tblHeader"))
        for cell in row.cells:
            target = word_table.cell(index, cell.column)
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(word_table.cell(index + cell.rowspan - 1, cell.column + cell.colspan - 1))
            _fill(target, cell, sum(widths[cell.column:cell.column + cell.colspan]))


def _fill(target: _Cell, cell: TableCell, width: int) -> None:
    """The cell's one paragraph in its role's style and alignment, centred vertically."""
    target.width = Twips(width)
    place(target._tc.get_or_add_tcPr(), new("vAlign", {"val": "center"}))
    paragraph = target.paragraphs[0]
    role = cell.runs[0].role if cell.runs else "table"
    paragraph._p.get_or_add_pPr().style = paragraph_style_id(role)
    paragraph.paragraph_format.alignment = alignment(cell.align)
    for run in cell.runs:
        add_text(paragraph, run.text)

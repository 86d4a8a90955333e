"""Word (.docx) through python-docx: paragraphs with their heading styles, and tables with merged cells."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document as open_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .problems import fail
from .tree import RawBlock, RawCell, RawParagraph, RawTable

# Word's built-in heading styles (英文 and 中文 names) and the exporter's own (一级标题 … 四级标题).
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*([1-9])", re.IGNORECASE)
_OWN_HEADING_STYLES = {"一级标题": 1, "二级标题": 2, "三级标题": 3, "四级标题": 4}
_TITLE_STYLES = ("title", "标题")
_ALIGNMENTS = {WD_ALIGN_PARAGRAPH.LEFT: "left", WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right"}


def read_word(path: Path, file: str) -> list[RawBlock]:
    """The body paragraphs and tables of a .docx, in order; headers, footers and text boxes are not read."""
    try:
        document = open_document(str(path))
    except Exception:  # noqa: BLE001 — a damaged package fails in zipfile, lxml or python-docx alike
        raise fail("I012", "Word 文件已损坏，或不是真正的 .docx 文件", file,
                   "在 Word 或 WPS 中打开它，“另存为” .docx 后再导入。") from None
    blocks: list[RawBlock] = []
    for number, item in enumerate(document.iter_inner_content(), start=1):
        if isinstance(item, Paragraph):
            blocks.append(_paragraph(item, number))
        else:
            blocks.extend(_table(item, number))
    return blocks


def _paragraph(paragraph: Paragraph, number: int) -> RawParagraph:
    name = (paragraph.style.name or "") if paragraph.style is not None else ""
    level = _OWN_HEADING_STYLES.get(name)
    if level is None and (heading := _HEADING_STYLE.fullmatch(name)):
        level = int(heading[1])
    return RawParagraph(paragraph.text, number, level, name.lower() in _TITLE_STYLES)


def _table(table: Table, number: int) -> list[RawBlock]:
    """A table with its merged cells; a one-column table is layout (a 版记 frame), so its lines are paragraphs."""
    rows: list[list[RawCell]] = []
    header_rows = 0
    open_cells: dict[int, tuple[int, int]] = {}  # grid column → (row, cell) of the cell a vertical merge continues
    for tr in table._tbl.tr_lst:
        cells: list[RawCell] = []
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue" and column in open_cells:
                row_index, cell_index = open_cells[column]
                above = rows[row_index][cell_index]
                rows[row_index][cell_index] = RawCell(above.text, above.colspan, above.rowspan + 1, above.align)
            else:
                cell = _Cell(tc, table)
                align = _ALIGNMENTS.get(cell.paragraphs[0].alignment, "") if cell.paragraphs else ""
                if tc.vMerge == "restart":
                    open_cells[column] = (len(rows), len(cells))
                else:
                    open_cells.pop(column, None)
                cells.append(RawCell(cell.text, span, 1, align))
            column += span
        if len(rows) == header_rows and tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None:
            header_rows += 1  # leading rows Word repeats on each page are the header
        rows.append(cells)
    if all(len(row) == 1 for row in rows):
        return [RawParagraph(row[0].text, number) for row in rows]
    return [RawTable(tuple(tuple(row) for row in rows), number, header_rows or 1, _columns(rows, header_rows or 1))]


def _columns(rows: list[list[RawCell]], header_rows: int) -> tuple[str, ...]:
    """Each column's alignment when every body cell of it agrees; () when the file leaves alignment open."""
    body = [row for row in rows[header_rows:] if all(cell.colspan == 1 for cell in row)]
    if not body:
        return ()
    width = max(len(row) for row in body)
    found = []
    for column in range(width):
        aligns = {row[column].align for row in body if column < len(row)}
        found.append(aligns.pop() if len(aligns) == 1 else "")
    return tuple(a or "left" for a in found) if any(found) else ()

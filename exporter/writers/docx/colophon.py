"""版记 (§7.4): 抄送 and 印发 between full-width rules, in a table standing on the bottom edge of the text block."""

from __future__ import annotations

from typing import Callable

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from ...resolved import CarbonCopy, Colophon
from ...styles import StyleSheet
from .measure import text_width
from .oxml import border, new, no_border, set_table_properties, zero_cell_margins
from .paragraphs import add_text, set_indents
from .styles import paragraph_style_name
from .units import eighths, twips



def add_colophon(document: Document, meta: Colophon, style: StyleSheet) -> None:
    """The 版记 as a floating one-column table anchored to the bottom margin, then the empty paragraph it anchors to.

    ```xml
    <w:tbl>
      <w:tblPr>
        <w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0"
                  w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="1587" w:tblpYSpec="bottom"/>
        <w:tblOverlap w:val="never"/>
        <w:tblW w:w="8844" w:type="dxa"/>
        <w:tblBorders>
          <w:top w:val="single" w:sz="8" …/> <w:left w:val="nil"/> <w:bottom w:val="single" w:sz="8" …/>
          <w:right w:val="nil"/> <w:insideH w:val="single" w:sz="6" …/> <w:insideV w:val="nil"/>
        </w:tblBorders>
        <w:tblLayout w:type="fixed"/>
        <w:tblCellMar>…all 0…</w:tblCellMar>
      </w:tblPr>
      <w:tblGrid><w:gridCol w:w="8844"/></w:tblGrid>
      <w:tr><w:tc><w:tcPr><w:tcW w:w="8844" w:type="dxa"/></w:tcPr><w:p>抄送：……。</w:p></w:tc></w:tr>
      <w:tr>…印发机关 → 印发日期…</w:tr>
    </w:tbl>
    ```
    The table is exactly the text block's width, so its rules are too (§7.4.1: first and last thick,
    those between thin); its bottom rule lies on the bottom edge of the text block on the page
    where the document ends.

    `colophon.even_page` (the 版记 on an even, back page, a blank page inserted before it if needed) is
    not honoured in the DOCX: Word paginates the file itself, so the writer cannot know on which page
    the body ends, and WordprocessingML has no conditional page break. A section break of type
    "evenPage" would always start a new page, pushing the 版记 two pages on when the body already ends
    on an even page; nor can §7.5's unnumbered blank and 版记 pages be expressed. The clerk inserts the
    blank page when printing double-sided; the PDF, paginated by the layout stage, does it.
    """
    lines: list[Callable[[Paragraph], None]] = []
    cc = meta.cc
    if cc:
        lines.append(lambda paragraph: _fill_cc(paragraph, cc, style))
    if meta.printer or meta.print_date:
        lines.append(lambda paragraph: _fill_imprint(paragraph, meta, style))
    width = twips(style.page.text_width.pt)
    thick, thin = eighths(style.colophon.thick_rule.pt), eighths(style.colophon.thin_rule.pt)
    table = document.add_table(rows=len(lines), cols=1)
    table.autofit = False  # <w:tblLayout w:type="fixed"/>
    table.columns[0].width = Twips(width)
    set_table_properties(
        table._tbl.tblPr,
        new("tblpPr", {"leftFromText": 0, "rightFromText": 0, "topFromText": 0, "bottomFromText": 0,
                       "vertAnchor": "margin", "horzAnchor": "page",
                       "tblpX": twips(style.page.margin_left.pt), "tblpYSpec": "bottom"}),
        new("tblOverlap", {"val": "never"}),
        new("tblW", {"w": width, "type": "dxa"}),
        new("tblBorders", None, border("top", thick), no_border("left"), border("bottom", thick),
            no_border("right"), border("insideH", thin), no_border("insideV")),
        zero_cell_margins(),
    )
    for row, fill in zip(table.rows, lines):
        cell = row.cells[0]
        cell.width = Twips(width)
        fill(cell.paragraphs[0])
    # Word needs a paragraph after a table; the floating table is anchored to it.
    document.add_paragraph()


def _fill_cc(paragraph: Paragraph, cc: CarbonCopy, style: StyleSheet) -> None:
    """抄送 (§7.4.2): 1 字 in from both edges; wrapped lines align under the first name after "抄送："."""
    role = style.role("cc")
    hanging = twips(text_width(cc.label, style, role))
    left = twips(role.left_indent.pt)
    paragraph.style = paragraph_style_name("cc")
    add_text(paragraph, cc.label + cc.names)
    set_indents(paragraph.paragraph_format, -hanging, left + hanging, twips(role.right_indent.pt))


def _fill_imprint(paragraph: Paragraph, meta: Colophon, style: StyleSheet) -> None:
    """印发机关 flush left and 印发日期 flush right, each 1 字 from the edge (§7.4.3), by a right tab stop."""
    role = style.role("imprint")
    paragraph.style = paragraph_style_name("imprint")
    if meta.printer:
        add_text(paragraph, meta.printer)
    if meta.print_date:
        paragraph.add_run().add_tab()
        add_text(paragraph, meta.print_date)
    stop = twips(style.page.text_width.pt) - twips(role.right_indent.pt)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Twips(stop), WD_TAB_ALIGNMENT.RIGHT)

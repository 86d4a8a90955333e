"""版记 (§7.4): 抄送 and 印发 between full-width rules, in a table standing on the bottom edge of the text block."""

from __future__ import annotations

from ...resolved import ResolvedMeta
from ...styles import StyleSheet
from .oxml import Element, border, element, indentation, no_border, paragraph, tab_run, tab_stops, text_run
from .measure import text_width
from .styles import paragraph_style_id
from .units import eighths, twips

LABEL_END = "："  # 抄送 lines wrap under the first name after the label's colon (§7.4.2)


def has_colophon(meta: ResolvedMeta, style: StyleSheet) -> bool:
    return style.colophon.enabled and bool(meta.cc or meta.printer or meta.print_date)


def colophon_table(meta: ResolvedMeta, style: StyleSheet) -> list[Element]:
    """The 版记 as a floating one-column table anchored to the bottom margin, then the paragraph it anchors to.

    ```xml
    <w:tbl>
      <w:tblPr>
        <w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0"
                  w:vertAnchor="margin" w:horzAnchor="margin" w:tblpX="0" w:tblpYSpec="bottom"/>
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
    """
    rows = []
    if meta.cc:
        rows.append(_cc_paragraph(meta.cc, style))
    if meta.printer or meta.print_date:
        rows.append(_imprint_paragraph(meta, style))
    width = twips(style.page.text_width.pt)
    thick, thin = eighths(style.colophon.thick_rule.pt), eighths(style.colophon.thin_rule.pt)
    zero = {"w": 0, "type": "dxa"}
    table_properties = element(
        "tblPr", None,
        element("tblpPr", {"leftFromText": 0, "rightFromText": 0, "topFromText": 0, "bottomFromText": 0,
                           "vertAnchor": "margin", "horzAnchor": "page",
                           "tblpX": twips(style.page.margin_left.pt), "tblpYSpec": "bottom"}),
        element("tblOverlap", {"val": "never"}),
        element("tblW", {"w": width, "type": "dxa"}),
        element("tblBorders", None, border("top", thick), no_border("left"), border("bottom", thick),
                no_border("right"), border("insideH", thin), no_border("insideV")),
        element("tblLayout", {"type": "fixed"}),
        element("tblCellMar", None, element("top", zero), element("left", zero), element("bottom", zero),
                element("right", zero)),
    )
    table = element("tbl", None, table_properties, element("tblGrid", None, element("gridCol", {"w": width})))
    for row in rows:
        cell = element("tc", None, element("tcPr", None, element("tcW", {"w": width, "type": "dxa"})), row)
        table.append(element("tr", None, cell))
    # Word needs a paragraph after a table; the floating table is anchored to it.
    return [table, paragraph(None, [])]


def _cc_paragraph(cc: str, style: StyleSheet) -> Element:
    """抄送 (§7.4.2): 1 字 in from both edges; wrapped lines align under the first name after "抄送："."""
    role = style.role("cc")
    label_length = cc.find(LABEL_END) + 1
    hanging = twips(text_width(cc[:label_length], style, role)) if label_length else 0
    left = twips(role.left_indent.pt)
    return paragraph(paragraph_style_id("cc"), [text_run(cc)],
                     indentation(-hanging, left + hanging, twips(role.right_indent.pt)))


def _imprint_paragraph(meta: ResolvedMeta, style: StyleSheet) -> Element:
    """印发机关 flush left and 印发日期 flush right, each 1 字 from the edge (§7.4.3), by a right tab stop."""
    role = style.role("imprint")
    runs = [text_run(meta.printer)] if meta.printer else []
    if meta.print_date:
        runs += [tab_run(), text_run(meta.print_date)]
    stop = twips(style.page.text_width.pt) - twips(role.right_indent.pt)
    return paragraph(paragraph_style_id("imprint"), runs, tab_stops(("right", stop)))

"""版记 (§7.4): 抄送 and 印发 between full-width rules, in a table standing on the bottom edge of the text block."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Callable

from ...pages import Pages
from ...resolved import CarbonCopy, Colophon
from ...styles import StyleSheet
from .measure import text_width
from .oxml import VAL, Element, add, border, get_or_place, new, no_border, paragraph_properties, place, zero_cell_margins
from .page import margins_twips
from .paragraphs import Flow, add_right_tab_stop, add_tab, add_text, page_break_before, set_indents
from .styles import colophon_line_spacing, paragraph_style_id
from .table import add_cell, start_table
from .units import eighths, twips

COLOPHON_KINDS = ("cc", "imprint")  # the layout's kinds of 版记 lines


@dataclass(frozen=True)
class ColophonPlacement:
    """Where the layout put the 版记: how many pages after the last page of text, and whether numbered (§7.5)."""

    pages_after: int  # 0: on the last page of text
    numbered: bool


def colophon_placement(pages: Pages) -> ColophonPlacement:
    """The layout's placement of the 版记 (its lines are the 抄送 and 印发 ones)."""
    colophon = [page for page in pages.pages if any(line.kind in COLOPHON_KINDS for line in page.lines)]
    if not colophon:
        return ColophonPlacement(0, True)
    text = [page.number for page in pages.pages
            if any(line.kind not in COLOPHON_KINDS and line.kind != "page_number" for line in page.lines)]
    return ColophonPlacement(colophon[0].number - max(text, default=colophon[0].number), colophon[0].folio is not None)


def add_colophon(flow: Flow, meta: Colophon, style: StyleSheet, placement: ColophonPlacement) -> None:
    """The 版记 as a floating one-column table anchored to the bottom margin, then the empty paragraph it anchors to.

    ```xml
    <w:tbl>
      <w:tblPr>
        <w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0"
                  w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="1587" w:tblpY="12426"/>
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
    where the document ends. It is placed below the top margin by its height (`colophon_height`), not
    by w:tblpYSpec="bottom": the margins stand above the 版心 (see page.margins_twips), and readers that
    know no w:tblpYSpec (WPS) place it by w:tblpY alone. (LibreOffice 7.4 does not float a table
    anchored to the page by w:tblpY; anchored to the margin it does.)

    Where it goes is the layout's decision (`ColophonPlacement`), which follows §7.4 and §7.5: on the
    last page when there is room and the page is even (`colophon.even_page`); else on the next page,
    after a page break; or, when that page would be odd, on the even page after a blank one, both
    without page numbers — a section break into a section with empty footers. Word and LibreOffice
    break the lines where the layout does, so its pages are theirs.
    """
    _move_to_colophon_page(flow, placement)
    lines: list[Callable[[Element], None]] = []
    cc = meta.cc
    if cc:
        lines.append(lambda paragraph: _fill_cc(flow, paragraph, cc, style))
    if meta.printer or meta.print_date:
        lines.append(lambda paragraph: _fill_imprint(flow, paragraph, meta, style))
    width = twips(style.page.text_width.pt)
    thick, thin = eighths(style.colophon.thick_rule.pt), eighths(style.colophon.thin_rule.pt)
    table = start_table(flow, (
        new("tblpPr", {"leftFromText": 0, "rightFromText": 0, "topFromText": 0, "bottomFromText": 0,
                       "vertAnchor": "margin", "horzAnchor": "page",
                       "tblpX": twips(style.page.margin_left.pt), "tblpY": colophon_top_twips(meta, style)}),
        new("tblOverlap", {"val": "never"}),
        new("tblW", {"w": width, "type": "dxa"}),
        new("tblBorders", None, border("top", thick), no_border("left"), border("bottom", thick),
            no_border("right"), border("insideH", thin), no_border("insideV")),
        zero_cell_margins(),
    ), [width])
    for fill in lines:
        fill(add_cell(add(table, "tr"), width)[1])
    # Word needs a paragraph after a table; the floating table is anchored to it.
    flow.paragraph(None)


def _move_to_colophon_page(flow: Flow, placement: ColophonPlacement) -> None:
    """Nothing; a page break; or a section break into a section whose footers are empty, its first page blank.

    The section break is carried by the last paragraph of text (`<w:pPr>…<w:sectPr>` with the first
    section's footers), so no empty paragraph ends the text's last page; the document's own w:sectPr then
    describes the blank page and the 版记's page (§7.5: neither numbered), with two empty footers of its own.
    The blank page holds one empty paragraph, and the next starts the 版记's page (`<w:pageBreakBefore/>`):
    a type of w:evenPage would need the application to insert the blank page, which LibreOffice's PDF
    export does not print.
    """
    if placement.pages_after == 0:
        return
    if not placement.numbered:
        document = flow.document
        final = document.element.body.sectPr
        last = flow.last_paragraph()
        assert last is not None, "the 版记 follows the text"
        place(paragraph_properties(last), copy.deepcopy(final))
        for reference in final.xpath("./w:footerReference | ./w:headerReference"):
            final.remove(reference)
        section = document.sections[-1]
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False  # a footer part of its own, holding one empty paragraph
        for _ in range(placement.pages_after - 2):  # the blank pages after the first
            page_break_before(flow.paragraph(None))
        flow.paragraph(None)  # the blank page's paragraph (a table never opens a section in LibreOffice)
    page_break_before(flow.paragraph(None))


def colophon_top_twips(meta: Colophon, style: StyleSheet) -> int:
    """The 版记 table's top below the top margin: the 版心's bottom edge less the table's height."""
    bottom = style.page.margin_top.pt + style.page.text_height.pt
    return twips(bottom - colophon_height(meta, style)) - margins_twips(style)["top"]


def colophon_height(meta: Colophon, style: StyleSheet) -> float:
    """The 版记 table's height in points: each row's lines, exactly spaced, the padding above and below them,
    and the rules, which take room of their own between the rows."""
    height = 0.0
    rows = 0
    for role_name, lines in (("cc", _cc_lines(meta.cc, style)), ("imprint", int(bool(meta.printer or meta.print_date)))):
        if lines:
            line, padding = colophon_line_spacing(style, style.role(role_name))
            height += lines * line + 2 * padding
            rows += 1
    thick, thin = eighths(style.colophon.thick_rule.pt) / 8, eighths(style.colophon.thin_rule.pt) / 8
    return height + 2 * thick + (rows - 1) * thin


def _cc_lines(cc: CarbonCopy | None, style: StyleSheet) -> int:
    """How many lines the 抄送 takes: the first from 1 字 in, the rest under the first name (estimated widths)."""
    if not cc:
        return 0
    role = style.role("cc")
    label = text_width(cc.label, style, role)
    measure = style.page.text_width.pt - role.left_indent.pt - role.right_indent.pt
    rest = text_width(cc.label + cc.names, style, role) - measure
    return 1 + max(0, math.ceil(rest / (measure - label) - 1e-6))


def _fill_cc(flow: Flow, paragraph: Element, cc: CarbonCopy, style: StyleSheet) -> None:
    """抄送 (§7.4.2): 1 字 in from both edges; wrapped lines align under the first name after "抄送："."""
    role = style.role("cc")
    hanging = twips(text_width(cc.label, style, role))
    left = twips(role.left_indent.pt)
    properties = _styled(paragraph, paragraph_style_id(style, "cc"))
    add_text(paragraph, cc.label + cc.names, flow.faces)
    set_indents(properties, -hanging, left + hanging, twips(role.right_indent.pt), char_twips=twips(role.size.pt))


def _fill_imprint(flow: Flow, paragraph: Element, meta: Colophon, style: StyleSheet) -> None:
    """印发机关 flush left and 印发日期 flush right, each 1 字 from the edge (§7.4.3), by a right tab stop."""
    role = style.role("imprint")
    properties = _styled(paragraph, paragraph_style_id(style, "imprint"))
    if meta.printer:
        add_text(paragraph, meta.printer, flow.faces)
    if meta.print_date:
        add_tab(paragraph)
        add_text(paragraph, meta.print_date, flow.faces)
    add_right_tab_stop(properties, twips(style.page.text_width.pt) - twips(role.right_indent.pt))


def _styled(paragraph: Element, style_id: str) -> Element:
    """The paragraph's properties, naming the paragraph style `style_id`."""
    properties = paragraph_properties(paragraph)
    get_or_place(properties, "pStyle").set(VAL, style_id)
    return properties

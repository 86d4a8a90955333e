"""Page layout: the resolved report set on the GB/T 9704 grid and paginated, with 版头, 印章, 版记 and page numbers, in points."""

from __future__ import annotations

from typing import Mapping, Sequence, assert_never

from ..errors import ContentError, FontError
from ..pages import Image, OutlineEntry, Page, Pages, Rule, TextLine, Turned
from ..resolved import (
    Attachment,
    AttachmentNote,
    Body,
    Colophon,
    Note,
    Recipients,
    Resolved,
    SealedSignature,
    Signature,
    Title,
    VersionHead,
)
from ..styles import StyleSheet
from .attachment import set_attachment
from .body import set_attachment_note, set_blocks, set_note, set_recipients, set_title
from .colophon import set_colophon
from .flow import Slot, blank_slots, size_of
from .folio import set_folio
from .head import set_version_head
from .paginate import paginate
from .prebreak import prebreak
from .setter import COVERAGE_CODE, FontMetricsLike, Setter
from .signature import set_sealed_signature, set_signature

__all__ = ["COVERAGE_CODE", "FontMetricsLike", "layout"]


def layout(resolved: Resolved, style: StyleSheet, metrics: Mapping[str, FontMetricsLike], *,
           fallbacks: Sequence[str] = ()) -> Pages:
    """Set the report on the grid and paginate it; raise FontError for a character no face can print.

    `fallbacks` are face keys of `metrics`, tried in order for a character its role's face lacks.
    """
    setter = Setter(style, metrics, fallbacks, resolved.sections)
    prebreak(setter, resolved)
    head_lines: list[TextLine] = []
    head_rules: list[Rule] = []
    first_line = 0
    flow: list[Slot] = []
    colophon: Colophon | None = None
    for element in resolved.elements:
        match element:
            case VersionHead():
                head_lines, head_rules, first_line = set_version_head(setter, element)
            case Title():  # one blank line below the title, above the 主送机关 or the body (§7.3.2)
                flow += set_title(setter, element) + blank_slots(setter, style.body.recipient_gap.pt, keep=True)
            case Recipients():
                flow += set_recipients(setter, element)
            case Body():
                flow += set_blocks(setter, element.blocks)
            case AttachmentNote():
                flow += set_attachment_note(setter, element)
            case Signature() | SealedSignature():
                flow += _closing(setter, element, flow)
            case Note():
                flow += set_note(setter, element)
            case Attachment():
                flow += set_attachment(setter, element)
            case Colophon():
                colophon = element
            case _:
                assert_never(element)
    colophon_lines, colophon_rules, colophon_rows = set_colophon(setter, colophon) if colophon else ([], [], 0)
    if setter.content_problems:
        raise ContentError(setter.content_problems + setter.problems)
    if setter.problems:
        raise FontError(setter.problems)
    return _pages(setter, resolved, flow, first_line, (head_lines, head_rules),
                  (colophon_lines, colophon_rules, colophon_rows))


def _closing(setter: Setter, signature: Signature | SealedSignature, flow: list[Slot]) -> list[Slot]:
    """The 署名 and 日期; the last paragraph above goes with them, so no page holds only the signature (§7.3.5.5)."""
    printed = [slot for slot in flow if slot.line is not None]
    _keep_last_paragraph(flow)
    match signature:
        case Signature():
            return set_signature(setter, signature)
        case SealedSignature():
            above = size_of(printed[-1]) if printed else setter.style.role("body").size.pt
            return set_sealed_signature(setter, signature, above)
        case _:
            assert_never(signature)


def _keep_last_paragraph(flow: list[Slot]) -> None:
    """Keep every line of the flow's last paragraph with what follows, as Word's keepNext and keepLines do
    (and LibreOffice's keep-with-next, which moves the whole paragraph)."""
    index = len(flow) - 1
    while index >= 0 and flow[index].line is not None:
        flow[index].keep = True
        previous = flow[index - 1].line if index else None
        if previous is None or previous.last:
            break
        index -= 1


def _pages(setter: Setter, resolved: Resolved, flow: list[Slot], first_line: int,
           head: tuple[list[TextLine], list[Rule]],
           colophon: tuple[list[TextLine], list[Rule], int]) -> Pages:
    """Paginate the flow, place the 版头 on page 1 and the 版记 on the last (even) page, number the pages (§7.5)."""
    style = setter.style
    if flow:
        flow[-1].keep = False
    lines_per_page = style.grid.lines_per_page
    placed = paginate(flow, first_line, lines_per_page)
    content_pages = len(placed)
    colophon_lines, colophon_rules, colophon_rows = colophon
    unnumbered: set[int] = set()
    colophon_page = 0
    if colophon_rows:
        # a seal keeps the 版记 off the lines it hangs into; a landscape table's page has no room left
        used = max((lines_per_page if slot.turned else index + slot.rows for index, slot in placed[-1]), default=0)
        colophon_page = content_pages if used <= lines_per_page - colophon_rows else content_pages + 1
        if style.colophon.even_page and colophon_page % 2:
            colophon_page += 1
        if colophon_page - content_pages >= 2:  # §7.5: a blank page before the 版记 page: neither is numbered
            unnumbered = set(range(content_pages + 1, colophon_page + 1))
    total = max(content_pages, colophon_page)

    pages: list[Page] = []
    indicator_pages: dict[str, int] = {}
    headings: list[OutlineEntry] = []
    for number in range(1, total + 1):
        lines: list[TextLine] = []
        rules: list[Rule] = []
        images: list[Image] = []
        turned: Turned | None = None
        if number == 1:
            lines += head[0]
            rules += head[1]
        for index, slot in placed[number - 1] if number <= content_pages else ():
            for ident in slot.indicators:
                indicator_pages.setdefault(ident, number)
            if slot.turned is not None:
                turned = slot.turned
                continue
            top = setter.grid_top(index)
            assert slot.line is not None
            lines.append(TextLine(top - slot.drop, top, slot.line.cells, slot.styles, slot.kind, slot.where,
                                  slot.line.last))
            if slot.outline:
                headings.append(OutlineEntry(slot.outline[0], slot.outline[1], number, top))
            if slot.seal:
                images.append(slot.seal.at(top))
            rules += (rule.at(top) for rule in slot.rules)
        if number == colophon_page:
            lines += colophon_lines
            rules += colophon_rules
        folio = None if number in unnumbered else style.page_number.text(number)
        if folio is not None:
            lines.append(set_folio(setter, folio, number))
        pages.append(Page(number, folio, tuple(lines), tuple(rules), tuple(images), turned))
    return Pages(tuple(pages), indicator_pages, tuple(headings), style.page.width.pt, style.page.height.pt,
                 dict(setter.table_rows), dict(setter.landscape_tables),
                 {table: dict(offsets) for table, offsets in setter.cell_offsets.items()})


"""Decide every printed string once for all writers, as one ordered tuple of page elements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import assert_never

from .cjk.dates import chinese_date, doc_number
from .cjk.numerals import heading_label, label_stem
from .cjk.titles import break_title, width_in_chars
from .errors import Diagnostic, Location, warning
from .indicatorlist import indicator_list
from .indicators import decimals_of, display_text, numeric_upper, numeric_value
from .model import Block as SourceBlock
from .model import Document, Indicator, IndicatorKind, IndicatorRef, Inline, Literal, Meta, Paragraph, Section, Text
from .model import Table as SourceTable
from .resolved import (
    Attachment,
    AttachmentItem,
    AttachmentNote,
    Block,
    Body,
    CarbonCopy,
    CheckResult,
    Colophon,
    Element,
    Heading,
    Note,
    Properties,
    Recipients,
    Resolved,
    ResolvedIndicator,
    Run,
    SealedSignature,
    SectionInfo,
    Signature,
    Table,
    TableCell,
    TableRow,
    Title,
    VersionHead,
    block_runs,
)
from .resolved import Paragraph as ResolvedParagraph
from .styles import StyleSheet

SENTENCE_END = "。！？；"
MAX_QUOTE = 300  # characters of a sentence quoted beside its figure (the workbook's 原文)
ELLIPSIS = "……"
ATTACHMENT_LABEL = "附件"
ATTACHMENT_NOTE_LABEL = "附件："  # §7.3.4
SIGNER_LABEL = "签发人："  # §7.2.6
CC_LABEL = "抄送："  # §7.4.2
CC_SEPARATOR, CC_END = "，", "。"
RECIPIENT_SEPARATOR, RECIPIENT_END = "、", "："  # §7.3.2
PRINTED = "印发"  # §7.4.3: 2023年2月22日印发
TABLE_CELL_SEPARATOR = "｜"  # a table row quoted as the sentence its figures stand in
TABLE_ROLE, TABLE_HEADER_ROLE, TABLE_CAPTION_ROLE = "table", "table_header", "table_caption"
# What a line never breaks inside: a number with its sign or unit letters (98.72%, 2022—2025).
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.%～—\-]+")


@dataclass(frozen=True)
class Outcome:
    """The resolved report and what resolving found worth a warning."""

    resolved: Resolved
    warnings: tuple[Diagnostic, ...]


@dataclass
class _Walk:
    """State while walking a section tree in reading order."""

    displays: dict[str, str]
    continuous: frozenset[int]
    style: StyleSheet
    prefix: str = ""  # section ids and labels inside an attachment start with it
    blocks: list[Block] = field(default_factory=list)
    sections: list[SectionInfo] = field(default_factory=list)
    counters: dict[int, int] = field(default_factory=dict)  # level → last number given, for continuous levels


@dataclass
class _Uses:
    """Where each indicator is first printed."""

    first_use: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (section id, sentence)
    order: list[str] = field(default_factory=list)


def resolve(document: Document, style: StyleSheet, checks: tuple[CheckResult, ...] = ()) -> Outcome:
    """Number the headings, print the figures and metadata, and find where each figure stands."""
    meta = document.meta
    displays = {ind.id: display_text(ind) for ind in document.indicators}
    main = _Walk(displays, meta.continuous_levels, style)
    _walk_blocks(document.body, 1, "", "", main)
    sections = list(main.sections)
    uses = _Uses()
    parts = _note_part(main.blocks, "", sections, uses, {})
    attachments: list[Attachment] = []
    for number, source in enumerate(meta.attachments, start=1):
        if not source.body and not source.indicator_list:
            continue
        label = ATTACHMENT_LABEL + (str(number) if len(meta.attachments) > 1 else "")
        walk = _Walk(displays, meta.continuous_levels, style, prefix=f"{label}/")
        body = (_indicator_list(document, uses, parts, source.location),) if source.indicator_list else source.body
        _walk_blocks(body, 1, "", "", walk)
        sections += walk.sections
        parts = _note_part(walk.blocks, label, sections, uses, parts)
        broken = break_title(source.title, _title_chars(style))
        attachments.append(Attachment(label, broken.lines, tuple(walk.blocks),
                                      _doc_number(meta) if source.detached else None, source.location))
    title = meta.title_breaks and (meta.title_breaks, False) or _balanced(meta.title, style)
    elements = _elements(meta, style, title[0], tuple(main.blocks), tuple(attachments))
    warnings: list[Diagnostic] = []
    if title[1]:
        warnings.append(warning(
            "W090", f"标题自动分行时在词语中间断开了：{'／'.join(title[0])}", meta.location,
            "检查分行是否词意完整；需要时在 meta 中用 title_breaks 写出每一行。"))
    resolved = Resolved(
        elements=elements,
        properties=Properties(meta.title, meta.issuer, meta.subject, meta.keywords,
                              meta.date.isoformat() if meta.date else None,
                              chinese_date(meta.date) if meta.date else None, _doc_number(meta)),
        sections=tuple(sections),
        indicators=_indicators(document, displays, uses),
        checks=checks,
        source=document.source,
    )
    return Outcome(resolved, tuple(warnings))


def _note_part(blocks: list[Block], attachment: str, sections: list[SectionInfo], uses: _Uses,
               parts: dict[str, str]) -> dict[str, str]:
    """Note where the blocks' figures are first printed; `parts` with each new one's part as the 一览表 names it:
    "一（二）1.", "附件1一、" inside an attachment, "附件1" before its first heading, "" before the body's."""
    before = len(uses.order)
    for block in blocks:
        _note_indicators(block, uses)
    labels = {info.id: info.full_label for info in sections}
    for ident in uses.order[before:]:
        parts[ident] = labels.get(uses.first_use[ident][0]) or attachment  # an attachment's labels start with its own
    return parts


def _indicator_list(document: Document, uses: _Uses, parts: dict[str, str], location: Location) -> SourceTable:
    """The 主要指标一览表 of every indicator, in the order the report prints them, with the part each stands in."""
    return indicator_list(_in_print_order(document, uses), parts, location)


def _in_print_order(document: Document, uses: _Uses) -> list[Indicator]:
    """The indicators in the order the report first prints them, then those it does not print, as declared."""
    by_id = {indicator.id: indicator for indicator in document.indicators}
    return [by_id[ident] for ident in uses.order] + [i for i in document.indicators if i.id not in uses.first_use]


def _indicators(document: Document, displays: dict[str, str], uses: _Uses) -> tuple[ResolvedIndicator, ...]:
    indicators = []
    for ind in _in_print_order(document, uses):
        section, sentence = uses.first_use.get(ind.id, ("", ""))
        indicators.append(ResolvedIndicator(
            id=ind.id, name=ind.name, kind=ind.kind, raw=ind.value, value=numeric_value(ind),
            upper=numeric_upper(ind), decimals=decimals_of(ind.value), unit=ind.unit, qualifier=ind.qualifier,
            display=displays[ind.id], section=section, sentence=sentence,
            yuan=numeric_value(ind) if ind.kind is IndicatorKind.AMOUNT else None, location=ind.location,
        ))
    return tuple(indicators)


# ---------------------------------------------------------------- the page elements
def _elements(meta: Meta, style: StyleSheet, title_lines: tuple[str, ...], blocks: tuple[Block, ...],
              attachments: tuple[Attachment, ...]) -> tuple[Element, ...]:
    """The elements that print, in the order they print (§7.2–§7.4)."""
    elements: list[Element] = []
    mark = meta.issuer_mark or meta.issuer
    if mark and style.header.enabled:
        if style.header.mark_suffix and not mark.endswith(style.header.mark_suffix):
            mark += style.header.mark_suffix
        elements.append(VersionHead(
            mark=mark, copy_number=meta.copy_number, secrecy=meta.secrecy, urgency=meta.urgency,
            doc_number=_doc_number(meta), signer_label=SIGNER_LABEL if meta.signers else None, signers=meta.signers,
            location=meta.where("issuer_mark", "issuer"),
        ))
    elements.append(Title(title_lines, meta.where("title")))
    if meta.recipients:
        elements.append(Recipients(RECIPIENT_SEPARATOR.join(meta.recipients) + RECIPIENT_END, meta.where("recipients")))
    elements.append(Body(blocks))
    if meta.attachments:
        numbered = len(meta.attachments) > 1
        elements.append(AttachmentNote(ATTACHMENT_NOTE_LABEL, tuple(
            AttachmentItem(f"{number}. " if numbered else "", attachment.title)
            for number, attachment in enumerate(meta.attachments, start=1)), meta.where("attachments")))
    date = chinese_date(meta.date) if meta.date else None
    if meta.seal and date:
        elements.append(SealedSignature(meta.issuer, date, meta.seal, meta.where("issuer", "seal")))
    elif meta.issuer or date:
        elements.append(Signature(meta.issuer, date, meta.where("issuer", "date")))
    if meta.note:
        elements.append(Note(f"（{meta.note}）", meta.where("note")))
    elements += attachments
    if style.colophon.enabled and (meta.cc or meta.printer or meta.print_date):
        cc = CarbonCopy(CC_LABEL, CC_SEPARATOR.join(meta.cc) + CC_END) if meta.cc else None
        print_date = chinese_date(meta.print_date) + PRINTED if meta.print_date else None
        elements.append(Colophon(cc, meta.printer, print_date, meta.where("cc", "printer", "print_date")))
    return tuple(elements)


def _doc_number(meta: Meta) -> str | None:
    number = meta.doc_number
    return doc_number(number.agency, number.year, number.serial) if number else None


def _title_chars(style: StyleSheet) -> float:
    return style.page.text_width.pt / style.role("title").size.pt


def _balanced(title: str, style: StyleSheet) -> tuple[tuple[str, ...], bool]:
    lines = break_title(title, _title_chars(style))
    return lines.lines, lines.inside_word


# ---------------------------------------------------------------- the body
def _walk_blocks(blocks: tuple[SourceBlock, ...], level: int, parent_id: str, parent_path: str, walk: _Walk) -> None:
    number = walk.counters.get(level, 0) if level in walk.continuous else 0
    for block in blocks:
        match block:
            case Paragraph():
                _add_paragraph(_runs(block.inlines, "body", walk.displays), parent_id, 0, block.location, walk)
            case SourceTable():
                walk.blocks.append(_table(block, parent_id, walk.displays, walk.style))
            case Section():
                number = block.number if block.number is not None else number + 1
                walk.counters[level] = number  # a continuous level goes on from here, through the whole text
                _section(block, level, number, parent_id, parent_path, walk)
            case _:
                assert_never(block)


def _section(block: Section, level: int, number: int, parent_id: str, parent_path: str, walk: _Walk) -> None:
    label = heading_label(level, number)
    section_id = f"{parent_id}.{number}" if parent_id else f"{walk.prefix}{number}"
    path = (parent_path or walk.prefix.rstrip("/")) + label_stem(level, label)
    heading_runs = (Run(label, f"heading{level}"), *_runs(block.heading, f"heading{level}", walk.displays))
    title = "".join(r.text for r in heading_runs[1:]).rstrip(SENTENCE_END)  # a name, not a sentence
    walk.sections.append(SectionInfo(section_id, path, level, label, title))
    children = block.children
    if block.run_in and children and isinstance(children[0], Paragraph):
        first = children[0]
        runs = heading_runs + _runs(first.inlines, "body", walk.displays)
        _add_paragraph(runs, section_id, level, block.location, walk)
        children = children[1:]
    else:
        walk.blocks.append(Heading(level, label, _merge(heading_runs), section_id, block.location))
    _walk_blocks(children, level + 1, section_id, path, walk)


def _add_paragraph(runs: tuple[Run, ...], section: str, run_in_level: int, location: Location, walk: _Walk) -> None:
    walk.blocks.append(ResolvedParagraph(_merge(runs), section, run_in_level, location))


def _table(table: SourceTable, section: str, displays: dict[str, str], style: StyleSheet) -> Table:
    """Cells in their roles, header rows centred, other cells aligned as their column says."""
    rows = []
    for index, source_row in enumerate(table.rows):
        header = index < table.header_rows
        role = TABLE_HEADER_ROLE if header else TABLE_ROLE
        cells = []
        for cell in source_row:
            column = cell.column
            default = "center" if header else (table.aligns[column] if column < len(table.aligns) else "left")
            cells.append(TableCell(_merge(_runs(cell.inlines, role, displays)), column, cell.colspan,
                                   cell.rowspan, cell.align or default))
        rows.append(TableRow(tuple(cells)))
    caption = _merge(_runs(table.caption, TABLE_CAPTION_ROLE, displays))
    # A landscape table's rows run across the text block's height (§8): that is its measure.
    measure = style.page.text_height.pt if table.landscape else style.page.text_width.pt
    widths = column_widths(rows, table.columns, style, measure)
    return Table(caption, widths, table.header_rows, tuple(rows), section, table.location, table.landscape)


def column_widths(rows: list[TableRow], columns: int, style: StyleSheet, total: float) -> tuple[float, ...]:
    """Column widths in points from the cells' text, filling the measure `total`: every column at least as wide as
    its longest unbreakable figure, the room left shared in proportion to what each column's text would like."""
    size = style.role(TABLE_ROLE).size.pt * style.grid.cell_pt / style.role("body").size.pt
    padding = 2 * style.table.cell_padding.pt
    wanted = [2 * size + padding] * columns
    least = [2 * size + padding] * columns
    for row in rows:
        for cell in row.cells:
            if cell.colspan != 1:
                continue
            text = cell.text
            wanted[cell.column] = max(wanted[cell.column], width_in_chars(text) * size + padding)
            longest = max((width_in_chars(word) for word in _UNBREAKABLE.findall(text)), default=0.0)
            least[cell.column] = max(least[cell.column], (longest + 1) * size + padding)
    if sum(least) >= total:  # even the figures do not fit: share the width by what they need
        return tuple(total * width / sum(least) for width in least)
    if sum(wanted) <= total:
        return tuple(total * width / sum(wanted) for width in wanted)
    room = total - sum(least)
    extra = [w - m for w, m in zip(wanted, least)]
    return tuple(m + room * e / sum(extra) if sum(extra) else m for m, e in zip(least, extra))


def _runs(inlines: tuple[Inline, ...], role: str, displays: dict[str, str]) -> tuple[Run, ...]:
    runs = []
    for inline in inlines:
        match inline:
            case Text() | Literal():
                runs.append(Run(inline.text, role))
            case IndicatorRef():
                runs.append(Run(displays[inline.id], role, inline.id))
            case _:
                assert_never(inline)
    return tuple(runs)


def _merge(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Join neighbouring plain runs of one role, so writers see as few runs as possible."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and run.indicator is None and merged[-1].indicator is None and merged[-1].role == run.role:
            merged[-1] = Run(merged[-1].text + run.text, run.role)
        else:
            merged.append(run)
    return tuple(merged)


def _note_indicators(block: Block, uses: _Uses) -> None:
    """Remember the section and sentence where each figure is first printed; in a table, the row is the sentence."""
    if isinstance(block, Table):
        for row in block.rows:
            line = TABLE_CELL_SEPARATOR.join(cell.text for cell in row.cells)
            for cell in row.cells:
                for run in cell.runs:
                    _first_use(run, block.section, line, uses)
        return
    runs = tuple(block_runs(block))
    text = "".join(r.text for r in runs)
    offset = 0
    for run in runs:
        _first_use(run, block.section, sentence_around(text, offset) if run.indicator else "", uses)
        offset += len(run.text)


def _first_use(run: Run, section: str, sentence: str, uses: _Uses) -> None:
    if run.indicator and run.indicator not in uses.first_use:
        uses.first_use[run.indicator] = (section, sentence)
        uses.order.append(run.indicator)


def sentence_around(text: str, offset: int) -> str:
    """The sentence of `text` that contains the character at `offset`; a very long one is quoted around the offset."""
    start = max(text.rfind(mark, 0, offset) for mark in SENTENCE_END) + 1
    ends = [i for i in (text.find(mark, offset) for mark in SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    if end - start > MAX_QUOTE:
        start = max(start, offset - MAX_QUOTE // 2)
        end = min(end, start + MAX_QUOTE)
        return ELLIPSIS + text[start:end] + ELLIPSIS
    return text[start:end]

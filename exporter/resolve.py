"""Decide every printed string once for all writers: labels, figures, dates, 发文字号, title lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import assert_never

from .cjk.dates import chinese_date, doc_number
from .cjk.numerals import heading_label, label_stem
from .cjk.scripts import is_cjk
from .indicators import decimals_of, display_text, numeric_upper, numeric_value
from .model import Block as SourceBlock
from .model import Document, IndicatorRef, Inline, Literal, Meta, Paragraph, Section, Text
from .resolved import (
    Block,
    CheckResult,
    Heading,
    Resolved,
    ResolvedIndicator,
    ResolvedMeta,
    Run,
    SectionInfo,
)
from .resolved import Paragraph as ResolvedParagraph
from .styles import StyleSheet

SENTENCE_END = "。！？；"
# Where a long title may break (§7.3.1 "回行时要做到词意完整"): after these words, or before 关于.
_TITLE_BREAK_AFTER = ("关于", "的", "和", "与", "及", "暨", "对")
_TITLE_BREAK_BEFORE = ("关于",)


@dataclass
class _Walk:
    """State while walking the section tree in reading order."""

    blocks: list[Block] = field(default_factory=list)
    sections: list[SectionInfo] = field(default_factory=list)
    first_use: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (section id, sentence)
    order: list[str] = field(default_factory=list)


def resolve(document: Document, style: StyleSheet, checks: tuple[CheckResult, ...] = ()) -> Resolved:
    """Number the headings, print the figures and metadata, and find where each figure stands."""
    displays = {ind.id: display_text(ind) for ind in document.indicators}
    walk = _Walk()
    _walk_blocks(document.body, 1, "", "", displays, walk)
    by_id = {ind.id: ind for ind in document.indicators}
    ordered = walk.order + [i.id for i in document.indicators if i.id not in walk.first_use]
    indicators = []
    for ident in ordered:
        ind = by_id[ident]
        section, sentence = walk.first_use.get(ident, ("", ""))
        indicators.append(ResolvedIndicator(
            id=ind.id, name=ind.name, kind=ind.kind, raw=ind.value, value=numeric_value(ind),
            upper=numeric_upper(ind), decimals=decimals_of(ind.value), unit=ind.unit, qualifier=ind.qualifier,
            display=displays[ind.id], section=section, sentence=sentence, location=ind.location,
        ))
    return Resolved(
        meta=_meta(document.meta, style),
        blocks=tuple(walk.blocks),
        sections=tuple(walk.sections),
        indicators=tuple(indicators),
        checks=checks,
        source=document.source,
    )


def _walk_blocks(blocks: tuple[SourceBlock, ...], level: int, parent_id: str, parent_path: str, displays: dict[str, str], walk: _Walk) -> None:
    number = 0
    for block in blocks:
        match block:
            case Paragraph():
                runs = _runs(block.inlines, "body", displays)
                _add_paragraph(runs, parent_id, 0, block, walk)
            case Section():
                number += 1
                label = heading_label(level, number)
                section_id = f"{parent_id}.{number}" if parent_id else str(number)
                path = parent_path + label_stem(level, label)
                heading_runs = (Run(label, f"heading{level}"), *_runs(block.heading, f"heading{level}", displays))
                title = "".join(r.text for r in heading_runs[1:]).rstrip(SENTENCE_END)  # a name, not a sentence
                walk.sections.append(SectionInfo(section_id, path, level, label, title))
                children = block.children
                if block.run_in and children and isinstance(children[0], Paragraph):
                    first = children[0]
                    runs = heading_runs + _runs(first.inlines, "body", displays)
                    _add_paragraph(runs, section_id, level, first, walk, heading_location=block.location)
                    children = children[1:]
                else:
                    heading = Heading(level, label, _merge(heading_runs), section_id, block.location)
                    walk.blocks.append(heading)
                    _note_indicators(heading.runs, section_id, walk)
                _walk_blocks(children, level + 1, section_id, path, displays, walk)
            case _:
                assert_never(block)


def _add_paragraph(runs: tuple[Run, ...], section: str, run_in_level: int, source: Paragraph, walk: _Walk,
                   heading_location=None) -> None:
    paragraph = ResolvedParagraph(_merge(runs), section, run_in_level, heading_location or source.location)
    walk.blocks.append(paragraph)
    _note_indicators(paragraph.runs, section, walk)


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


def _note_indicators(runs: tuple[Run, ...], section: str, walk: _Walk) -> None:
    """Remember the section and sentence where each figure is first printed."""
    text = "".join(r.text for r in runs)
    offset = 0
    for run in runs:
        if run.indicator and run.indicator not in walk.first_use:
            walk.first_use[run.indicator] = (section, sentence_around(text, offset))
            walk.order.append(run.indicator)
        offset += len(run.text)


def sentence_around(text: str, offset: int) -> str:
    """The sentence of `text` that contains the character at `offset`."""
    start = max(text.rfind(mark, 0, offset) for mark in SENTENCE_END) + 1
    ends = [i for i in (text.find(mark, offset) for mark in SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end]


# ---------------------------------------------------------------- metadata
def _meta(meta: Meta, style: StyleSheet) -> ResolvedMeta:
    mark = meta.issuer_mark or meta.issuer
    if mark and style.header.mark_suffix and not mark.endswith(style.header.mark_suffix):
        mark += style.header.mark_suffix
    title_chars = style.page.text_width.pt / style.role("title").size.pt
    return ResolvedMeta(
        title=meta.title,
        title_lines=meta.title_breaks or balanced_lines(meta.title, title_chars),
        issuer=meta.issuer,
        issuer_mark=mark,
        doc_number=doc_number(meta.doc_number.agency, meta.doc_number.year, meta.doc_number.serial) if meta.doc_number else None,
        signer_label="签发人：" if meta.signers else None,
        signers=meta.signers,
        copy_number=meta.copy_number,
        secrecy=meta.secrecy,
        urgency=meta.urgency,
        recipients="、".join(meta.recipients) + "：" if meta.recipients else None,
        attachments=_attachment_lines(meta.attachments),
        signature=meta.issuer,
        date=chinese_date(meta.date) if meta.date else None,
        seal=meta.seal,
        note=f"（{meta.note}）" if meta.note else None,
        cc="抄送：" + "，".join(meta.cc) + "。" if meta.cc else None,
        printer=meta.printer,
        print_date=chinese_date(meta.print_date) + "印发" if meta.print_date else None,
        iso_date=meta.date.isoformat() if meta.date else None,
        keywords=meta.keywords,
        subject=meta.subject,
        has_header=bool(mark),
    )


def _attachment_lines(names: tuple[str, ...]) -> tuple[str, ...]:
    """附件说明 §7.3.4: "附件：名称", or numbered "附件：1. 名称" then "2. 名称" lines aligned under "1."."""
    if not names:
        return ()
    if len(names) == 1:
        return (f"附件：{names[0]}",)
    return (f"附件：1. {names[0]}", *(f"{i}. {name}" for i, name in enumerate(names[1:], start=2)))


def text_width_in_chars(text: str) -> float:
    """Width in body characters: CJK one each, Latin letters and digits about half."""
    return sum(1.0 if is_cjk(c) else 0.5 for c in text)


def balanced_lines(title: str, chars_per_line: float) -> tuple[str, ...]:
    """Break a long title between words into lines of similar length, the upper no longer (a trapezoid)."""
    if text_width_in_chars(title) <= chars_per_line:
        return (title,)
    candidates = set()
    for word in _TITLE_BREAK_AFTER:
        candidates.update(m.end() for m in re.finditer(word, title))
    for word in _TITLE_BREAK_BEFORE:
        candidates.update(m.start() for m in re.finditer(word, title))
    best: tuple[float, tuple[str, ...]] | None = None
    for cut in sorted(c for c in candidates if 0 < c < len(title)):
        upper, lower = title[:cut], title[cut:]
        wu, wl = text_width_in_chars(upper), text_width_in_chars(lower)
        if max(wu, wl) > chars_per_line:
            continue
        cost = abs(wu - wl) + (2 if wu > wl else 0)  # prefer the upper line shorter
        if best is None or cost < best[0]:
            best = (cost, (upper, lower))
    if best:
        return best[1]
    # No word boundary fits: split into near-equal lines by width.
    lines, current = [], ""
    target = text_width_in_chars(title) / -(-text_width_in_chars(title) // chars_per_line)
    for char in title:
        if current and text_width_in_chars(current + char) > target + 0.5:
            lines.append(current)
            current = ""
        current += char
    return (*lines, current)

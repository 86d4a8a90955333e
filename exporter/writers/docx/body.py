"""主体 (§7.3): title, 主送机关, headings and paragraphs, 附件说明 and 附注, each in its role's style."""

from __future__ import annotations

import re
from typing import assert_never

from ...resolved import Block, Heading, Paragraph, ResolvedMeta, Run
from ...styles import StyleSheet
from .lines import line_height
from .measure import text_width
from .oxml import Element, exact_line_spacing, indentation, line_break_run, paragraph, text_run
from .styles import BODY_ROLE, character_style_id, paragraph_style_id
from .units import twips

ATTACHMENT_LABEL_END = "："  # "附件：" before the first attachment's name
NUMBERED_ITEM = re.compile(r"\d+\. ")  # "1. " before a name when there are several attachments


def title_paragraph(meta: ResolvedMeta, style: StyleSheet, after_header: bool) -> Element:
    """标题 (§7.3.1): one paragraph, its balanced lines joined by line breaks, `title_gap` below the red rule."""
    runs: list[Element] = []
    for number, line in enumerate(meta.title_lines or (meta.title,)):
        if number:
            runs.append(line_break_run())
        runs.append(text_run(line))
    gap = _space_before(style, "title", style.header.title_gap.pt) if after_header else None
    return paragraph(paragraph_style_id("title"), runs, gap)


def recipient_paragraph(meta: ResolvedMeta) -> list[Element]:
    """主送机关 (§7.3.2): flush left, one line below the title (the gap is in its style)."""
    return [paragraph(paragraph_style_id("recipient"), [text_run(meta.recipients)])] if meta.recipients else []


def block_role(block: Block) -> str:
    """The text role of a block's paragraph: its heading level's, or the body's."""
    match block:
        case Heading():
            return f"heading{block.level}"
        case Paragraph():
            return BODY_ROLE
        case _:
            assert_never(block)


def block_paragraph(block: Block) -> Element:
    """A heading or paragraph in its role's style; runs of another role (a run-in heading) take a character style."""
    role = block_role(block)
    return paragraph(paragraph_style_id(role), _runs(block.runs, role))


def inline_roles(blocks: tuple[Block, ...]) -> set[str]:
    """Roles that appear as runs inside a paragraph of another role, so they need a character style."""
    return {run.role for block in blocks for run in block.runs if run.role != block_role(block)}


def attachment_paragraphs(meta: ResolvedMeta, style: StyleSheet) -> list[Element]:
    """附件说明 (§7.3.4): `attachment_gap` below the body; "2." under "1.", and wrapped names under their first character.

    Each line hangs: `<w:ind w:left="…" w:hanging="…"/>` with the left edge at the name and the first
    line reaching back to "附件：" (first line) or to the number (later lines).
    """
    role = style.role("attachment")
    base = role.first_indent.pt
    label = meta.attachments[0][:meta.attachments[0].find(ATTACHMENT_LABEL_END) + 1] if meta.attachments else ""
    label_width = text_width(label, style, role)
    paragraphs = []
    for number, line in enumerate(meta.attachments):
        item = line[len(label):] if number == 0 else line
        numbering = item[:item.find(" ") + 1] if NUMBERED_ITEM.match(item) else ""
        name_start = base + label_width + text_width(numbering, style, role)
        reach_back = name_start - (base if number == 0 else base + label_width)
        gap = _space_before(style, "attachment", style.body.attachment_gap.pt) if number == 0 else None
        paragraphs.append(paragraph(paragraph_style_id("attachment"), [text_run(line)], gap,
                                    indentation(-twips(reach_back), twips(name_start), twips(role.right_indent.pt))))
    return paragraphs


def note_paragraph(meta: ResolvedMeta) -> list[Element]:
    """附注 (§7.3.6): on the line below the date, indented 2 字."""
    return [paragraph(paragraph_style_id("note"), [text_run(meta.note)])] if meta.note else []


def _runs(runs: tuple[Run, ...], paragraph_role: str) -> list[Element]:
    return [text_run(run.text, None if run.role == paragraph_role else character_style_id(run.role)) for run in runs]


def _space_before(style: StyleSheet, role: str, gap_pt: float) -> Element:
    """`<w:spacing w:before="1158" w:after="0" w:line="579" w:lineRule="exact"/>`: blank lines as space, not empty paragraphs."""
    line = line_height(style.role(role).size.pt, style.grid.line_pitch.pt)
    return exact_line_spacing(twips(line), before_twips=twips(gap_pt))

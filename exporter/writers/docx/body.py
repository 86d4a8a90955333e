"""主体 (§7.3): title, 主送机关, headings and paragraphs, 附件说明 and 附注, each in its role's style."""

from __future__ import annotations

import re
from typing import assert_never

from docx.document import Document
from docx.text.parfmt import ParagraphFormat

from ...resolved import Block, Heading, Paragraph, ResolvedMeta, Run
from ...styles import StyleSheet
from .header import title_space_before
from .lines import drop_to_grid, line_height
from .measure import text_width
from .paragraphs import add_paragraph, add_text, keep_run_in_heading, set_exact_spacing, set_indents
from .styles import BODY_ROLE, character_style_id, paragraph_style_id
from .units import twips

ATTACHMENT_LABEL_END = "："  # "附件：" before the first attachment's name
NUMBERED_ITEM = re.compile(r"\d+\. ")  # "1. " before a name when there are several attachments


def add_title(document: Document, meta: ResolvedMeta, style: StyleSheet, after_header: bool) -> None:
    """标题 (§7.3.1): one paragraph, its balanced lines joined by line breaks, `title_gap` below the red rule
    and `recipient_gap` above the 主送机关.

    `<w:spacing w:before="…" w:after="…" w:line="579" w:lineRule="exact"/>`: the title's characters are larger
    than the body's, so they stand `drop_to_grid` lower in their line boxes to start where the PDF's do;
    the space after gives that back.
    """
    title = add_paragraph(document, paragraph_style_id("title"))
    for number, line in enumerate(meta.title_lines or (meta.title,)):
        if number:
            title.add_run().add_break()
        add_text(title, line)
    pitch, size = style.grid.line_pitch.pt, style.role("title").size.pt
    drop = drop_to_grid(size, pitch, style.role(BODY_ROLE).size.pt)
    before = (title_space_before(meta, style) if after_header else 0.0) + drop
    set_exact_spacing(title.paragraph_format, twips(line_height(size, pitch)), twips(before),
                      twips(style.body.recipient_gap.pt - drop))


def add_recipients(document: Document, meta: ResolvedMeta) -> None:
    """主送机关 (§7.3.2): flush left, one line below the title (the gap is the title's space after)."""
    if meta.recipients:
        add_text(add_paragraph(document, paragraph_style_id("recipient")), meta.recipients)


def block_role(block: Block) -> str:
    """The text role of a block's paragraph: its heading level's (a run-in heading's too), or the body's."""
    match block:
        case Heading():
            return f"heading{block.level}"
        case Paragraph():
            return f"heading{block.run_in_level}" if block.run_in_level else BODY_ROLE
        case _:
            assert_never(block)


def add_block(document: Document, block: Block, style: StyleSheet) -> None:
    """A heading or paragraph in its role's style; runs of another role take a character style.

    A paragraph opened by a run-in heading ("（一）标题句。正文……") is one paragraph in the heading's style
    (heading 2, 标题 2): Word's navigation pane, outlines and pandoc list it as a heading of its level,
    and every application sets it as one paragraph, as the PDF does. Its body text takes the body's
    character style (正文字符). Word's own construction, a heading paragraph joined to the body by a
    style separator (a paragraph mark with w:vanish and w:specVanish), is not used: LibreOffice 7.4
    sets the two paragraphs on separate lines (measured).
    The heading style's keeping is switched off for the whole paragraph (`<w:keepNext w:val="0"/>`,
    `<w:keepLines w:val="0"/>`); when the heading sentence fills the first line, widow control
    (`<w:widowControl/>`) keeps that line off the bottom of a page, as the layout does.
    """
    role = block_role(block)
    paragraph = add_paragraph(document, paragraph_style_id(role))
    for run in block.runs:
        add_text(paragraph, run.text, _character_style(run, role))
    if isinstance(block, Paragraph) and block.run_in_level:
        keep_run_in_heading(paragraph, block, style)


def inline_roles(blocks: tuple[Block, ...]) -> set[str]:
    """Roles that appear as runs inside a paragraph of another role, so they need a character style."""
    return {run.role for block in blocks for run in block.runs if run.role != block_role(block)}


def add_attachments(document: Document, meta: ResolvedMeta, style: StyleSheet) -> None:
    """附件说明 (§7.3.4): `attachment_gap` below the body; "2." under "1.", and wrapped names under their first character.

    Each line hangs: `<w:ind w:left="…" w:hanging="…"/>` with the left edge at the name and the first
    line reaching back to "附件：" (first line) or to the number (later lines).
    """
    role = style.role("attachment")
    base = role.first_indent.pt
    label = meta.attachments[0][:meta.attachments[0].find(ATTACHMENT_LABEL_END) + 1] if meta.attachments else ""
    label_width = text_width(label, style, role)
    for number, line in enumerate(meta.attachments):
        item = line[len(label):] if number == 0 else line
        numbering = item[:item.find(" ") + 1] if NUMBERED_ITEM.match(item) else ""
        name_start = base + label_width + text_width(numbering, style, role)
        reach_back = name_start - (base if number == 0 else base + label_width)
        paragraph = add_paragraph(document, paragraph_style_id("attachment"))
        add_text(paragraph, line)
        if number == 0:
            _space_before(paragraph.paragraph_format, style, "attachment", style.body.attachment_gap.pt)
        set_indents(paragraph.paragraph_format, -twips(reach_back), twips(name_start), twips(role.right_indent.pt),
                    char_twips=twips(role.size.pt))


def add_note(document: Document, meta: ResolvedMeta) -> None:
    """附注 (§7.3.6): on the line below the date, indented 2 字."""
    if meta.note:
        add_text(add_paragraph(document, paragraph_style_id("note")), meta.note)


def _character_style(run: Run, paragraph_role: str) -> str | None:
    return None if run.role == paragraph_role else character_style_id(run.role)


def _space_before(paragraph_format: ParagraphFormat, style: StyleSheet, role: str, gap_pt: float) -> None:
    """`<w:spacing w:before="1158" w:after="0" w:line="579" w:lineRule="exact"/>`: blank lines as space, not empty paragraphs."""
    line = line_height(style.role(role).size.pt, style.grid.line_pitch.pt)
    set_exact_spacing(paragraph_format, twips(line), before_twips=twips(gap_pt))

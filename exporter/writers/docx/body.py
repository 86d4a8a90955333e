"""主体 (§7.3): title, 主送机关, headings and paragraphs, 附件说明 and 附注, each in its role's style."""

from __future__ import annotations

from typing import Iterable, assert_never

from docx.document import Document
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.parfmt import ParagraphFormat

from ...resolved import AttachmentNote, Block, Heading, Note, Paragraph, Recipients, Run, Table, Title
from ...styles import StyleSheet
from .lines import line_height
from .measure import text_width
from .paragraphs import add_paragraph, add_text, set_exact_spacing, set_indents
from .styles import BODY_ROLE, character_style_id, paragraph_style_id, role_gap_after
from .table import add_table
from .units import twips



def add_title(document: Document, title: Title, style: StyleSheet, after_header: bool) -> None:
    """标题 (§7.3.1): one paragraph, its balanced lines joined by line breaks, `title_gap` below the red rule."""
    paragraph = add_title_lines(document, title)
    if after_header:
        _space_before(paragraph.paragraph_format, style, "title", style.header.title_gap.pt)


def add_title_lines(document: Document, title: Title) -> DocxParagraph:
    """The title's lines in one paragraph of the title style, joined by line breaks."""
    paragraph = add_paragraph(document, paragraph_style_id("title"))
    for number, line in enumerate(title.lines):
        if number:
            paragraph.add_run().add_break()
        add_text(paragraph, line)
    return paragraph


def add_recipients(document: Document, recipients: Recipients) -> None:
    """主送机关 (§7.3.2): flush left, one line below the title (the gap is in its style)."""
    add_text(add_paragraph(document, paragraph_style_id("recipient")), recipients.text)


def add_blocks(document: Document, blocks: tuple[Block, ...], style: StyleSheet) -> None:
    """Headings, paragraphs and tables in reading order."""
    for block in blocks:
        match block:
            case Heading() | Paragraph():
                add_block(document, block)
            case Table():
                add_table(document, block, style)
            case _:
                assert_never(block)


def block_role(block: Heading | Paragraph) -> str:
    """The text role of a block's paragraph: its heading level's, or the body's."""
    match block:
        case Heading():
            return f"heading{block.level}"
        case Paragraph():
            return BODY_ROLE
        case _:
            assert_never(block)


def add_block(document: Document, block: Heading | Paragraph) -> None:
    """A heading or paragraph in its role's style; runs of another role (a run-in heading) take a character style."""
    role = block_role(block)
    paragraph = add_paragraph(document, paragraph_style_id(role))
    for run in block.runs:
        add_text(paragraph, run.text, _character_style(run, role))


def inline_roles(blocks: Iterable[Block]) -> set[str]:
    """Roles that appear as runs inside a paragraph of another role, so they need a character style."""
    return {run.role for block in blocks if not isinstance(block, Table)
            for run in block.runs if run.role != block_role(block)}


def add_attachment_note(document: Document, note: AttachmentNote, style: StyleSheet) -> None:
    """附件说明 (§7.3.4): `attachment_gap` below the body; "2." under "1.", and wrapped names under their first character.

    Each line hangs: `<w:ind w:left="…" w:hanging="…"/>` with the left edge at the name and the first
    line reaching back to "附件：" (first line) or to the number (later lines).
    """
    role = style.role("attachment")
    base = role.first_indent.pt
    label_width = text_width(note.label, style, role)
    for index, item in enumerate(note.items):
        name_start = base + label_width + text_width(item.number, style, role)
        reach_back = name_start - (base if index == 0 else base + label_width)
        paragraph = add_paragraph(document, paragraph_style_id("attachment"))
        add_text(paragraph, (note.label if index == 0 else "") + item.number + item.name)
        if index == 0:
            _space_before(paragraph.paragraph_format, style, "attachment", style.body.attachment_gap.pt)
        paragraph.paragraph_format.keep_with_next = index + 1 < len(note.items)  # the 附件说明 stands on one page
        set_indents(paragraph.paragraph_format, -twips(reach_back), twips(name_start), twips(role.right_indent.pt))


def add_note(document: Document, note: Note) -> None:
    """附注 (§7.3.6): on the line below the date, indented 2 字."""
    add_text(add_paragraph(document, paragraph_style_id("note")), note.text)


def _character_style(run: Run, paragraph_role: str) -> str | None:
    return None if run.role == paragraph_role else character_style_id(run.role)


def _space_before(paragraph_format: ParagraphFormat, style: StyleSheet, role: str, gap_pt: float) -> None:
    """`<w:spacing w:before="1158" w:after="0" w:line="579" w:lineRule="exact"/>`: blank lines as space, not empty paragraphs."""
    line = line_height(style.role(role).size.pt, style.grid.line_pitch.pt)
    set_exact_spacing(paragraph_format, twips(line), before_twips=twips(gap_pt),
                      after_twips=twips(role_gap_after(style, role)))

"""Paragraphs and runs through python-docx: named styles, exact spacing, indents with Word's 字符 units, the East Asian hint."""

from __future__ import annotations

from typing import Protocol

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from docx.text.parfmt import ParagraphFormat
from docx.text.run import Run

from .oxml import hint_east_asian, set_indent_in_characters


class BlockContainer(Protocol):
    """Where paragraphs go: the document body, a table cell or a footer."""

    def add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph: ...


def add_paragraph(container: BlockContainer, style_id: str | None) -> Paragraph:
    """`<w:p><w:pPr><w:pStyle w:val="…"/></w:pPr></w:p>` in the paragraph style `style_id`.

    The id is written directly: given a name, python-docx searches the style list for it and for the
    default style on every paragraph (most of the writer's time on long reports), and it leaves Normal
    implicit, where here every paragraph states its role as the other styles do.
    """
    paragraph = container.add_paragraph()
    if style_id is not None:
        paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


def add_text(paragraph: Paragraph, text: str, style_id: str | None = None) -> Run:
    """A run holding `text`, in a character style or none; no direct formatting beyond the East Asian hint.

    `<w:r><w:rPr><w:rStyle w:val="…"/></w:rPr><w:t>text</w:t></w:r>`; resolved text holds no tabs or breaks,
    so the text goes into one `w:t` without python-docx's character-by-character translation.
    """
    run = paragraph.add_run()
    if style_id is not None:
        run._r.get_or_add_rPr().style = style_id
    if text:
        run._r.add_t(text)
    hint_east_asian(run)
    return run


def set_exact_spacing(paragraph_format: ParagraphFormat, line_twips: int, before_twips: int = 0,
                      after_twips: int = 0) -> None:
    """`<w:spacing w:before="1158" w:after="0" w:line="579" w:lineRule="exact"/>`: blank lines as space, lines on the pitch."""
    paragraph_format.space_before = Twips(before_twips)
    paragraph_format.space_after = Twips(after_twips)
    paragraph_format.line_spacing = Twips(line_twips)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def set_indents(paragraph_format: ParagraphFormat, first_line: int = 0, left: int = 0, right: int = 0, *,
                first_line_chars: int = 0) -> None:
    """`<w:ind w:left="0" w:right="0" w:firstLine="632" w:firstLineChars="200"/>`, lengths in twips.

    A negative `first_line` is a hanging indent:
    `<w:ind w:left="1156" w:right="316" w:hanging="840" w:hangingChars="0" w:firstLineChars="0"/>`.
    """
    paragraph_format.left_indent = Twips(left)
    paragraph_format.right_indent = Twips(right)
    paragraph_format.first_line_indent = Twips(first_line)
    set_indent_in_characters(paragraph_format.element.get_or_add_pPr(), first_line_chars)

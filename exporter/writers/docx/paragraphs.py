"""Paragraphs and runs through python-docx: named styles, exact spacing, indents with Word's 字符 units, the East Asian hint."""

from __future__ import annotations

from typing import Protocol

from docx.document import Document
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from docx.text.parfmt import ParagraphFormat
from docx.text.run import Run

from ...cjk.scripts import SHARED_WITH_LATIN, is_cjk
from ...resolved import Paragraph as ResolvedParagraph
from ...styles import StyleSheet, TextRole
from .measure import text_width
from .oxml import east_asian_face_of, hint_east_asian, set_east_asian_only, set_indent_in_characters


BODY_ROLE_NAME = "body"


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
    """Runs holding `text`, in a character style or none; no direct formatting beyond the East Asian face of marks.

    `<w:r><w:rPr><w:rStyle w:val="…"/></w:rPr><w:t>text</w:t></w:r>`; resolved text holds no tabs or breaks,
    so the text goes into one `w:t` without python-docx's character-by-character translation. Marks Unicode
    shares with Latin text (“”—…) standing right after a digit or Latin letter get a run of their own in the
    East Asian face (see `set_east_asian_only`); every other run holding such a mark gets the East Asian hint.
    Returns the last run.
    """
    before = _last_character(paragraph) if text.lstrip(" ")[:1] in SHARED_WITH_LATIN else ""
    for piece, after_latin in _pieces(text, before):
        run = paragraph.add_run()
        if style_id is not None:
            run._r.get_or_add_rPr().style = style_id
        if piece:
            run._r.add_t(piece)
        if after_latin:
            set_east_asian_only(run, east_asian_face_of(paragraph, style_id))
        else:
            hint_east_asian(run)
    return run


def _last_character(paragraph: Paragraph) -> str:
    """The last character other than a space already written into the paragraph ("" when none)."""
    text = "".join(str(t) for t in paragraph._p.xpath("./w:r/w:t/text()")).rstrip(" ")
    return text[-1:]


def _pieces(text: str, before: str = "") -> list[tuple[str, bool]]:
    """`text` cut around the shared marks that follow a digit or Latin letter, spaces between them aside
    (LibreOffice would set those marks in the Latin face); True marks such a piece. `before` is the text's
    last character before `text`."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    index = 0
    while index < len(text):
        previous = (text[:index].rstrip(" ") or before.rstrip(" "))[-1:]
        if text[index] in SHARED_WITH_LATIN and previous and not is_cjk(previous):
            end = index
            while end < len(text) and text[end] in SHARED_WITH_LATIN:
                end += 1
            if index > start:
                pieces.append((text[start:index], False))
            pieces.append((text[index:end], True))
            start = index = end
            continue
        index += 1
    if start < len(text) or not pieces:
        pieces.append((text[start:], False))
    return pieces


def set_exact_spacing(paragraph_format: ParagraphFormat, line_twips: int, before_twips: int = 0,
                      after_twips: int = 0) -> None:
    """`<w:spacing w:before="1158" w:after="0" w:line="579" w:lineRule="exact"/>`: blank lines as space, lines on the pitch."""
    paragraph_format.space_before = Twips(before_twips)
    paragraph_format.space_after = Twips(after_twips)
    paragraph_format.line_spacing = Twips(line_twips)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def set_indents(paragraph_format: ParagraphFormat, first_line: int = 0, left: int = 0, right: int = 0, *,
                char_twips: int) -> None:
    """`<w:ind w:left="0" w:right="0" w:firstLine="640" …Chars/>`, lengths in twips, repeated in characters
    of `char_twips` (the paragraph's type size).

    A negative `first_line` is a hanging indent:
    `<w:ind w:left="1160" w:leftChars="363" w:right="320" w:rightChars="100" w:hanging="840" w:hangingChars="263"/>`.
    """
    paragraph_format.left_indent = Twips(left)
    paragraph_format.right_indent = Twips(right)
    paragraph_format.first_line_indent = Twips(first_line)
    set_indent_in_characters(paragraph_format.element.get_or_add_pPr(), char_twips)


def keep_last_paragraph_with_next(document: Document) -> None:
    """`<w:keepNext/><w:keepLines/>` on the body's last paragraph so far: all its lines share a page with the
    next paragraph (LibreOffice moves the whole paragraph for keepNext alone; Word needs keepLines for that)."""
    paragraphs = document.element.body.xpath("./w:p")
    if paragraphs:
        paragraph_format = Paragraph(paragraphs[-1], document).paragraph_format
        paragraph_format.keep_with_next = paragraph_format.keep_together = True


def keep_run_in_heading(paragraph: Paragraph, block: ResolvedParagraph, style: StyleSheet) -> None:
    """A paragraph opened by a run-in heading keeps as a body paragraph does, save that a first line holding
    nothing but the heading sentence never ends a page (widow control: `<w:widowControl/>`), as in the layout."""
    paragraph_format = paragraph.paragraph_format
    paragraph_format.keep_with_next = paragraph_format.keep_together = False
    heading = "".join(run.text for run in block.runs if run.role != BODY_ROLE_NAME)
    if heading_fills_first_line(heading, style, style.role(f"heading{block.run_in_level}")):
        paragraph_format.widow_control = True


def heading_fills_first_line(heading: str, style: StyleSheet, role: TextRole) -> bool:
    """Whether a run-in heading sentence leaves no room on the paragraph's first line for the body text after it
    (widths as Word sets them: one more character would not fit)."""
    measure = style.page.text_width.pt - role.left_indent.pt - role.first_indent.pt - role.right_indent.pt
    return text_width(heading, style, role) + role.size.pt + style.tracking(role.name) > measure

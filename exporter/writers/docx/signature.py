"""发文机关署名 and 成文日期 without a seal (§7.3.5.2): right indents that put the date 2 字 right of the name."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.text.paragraph import Paragraph

from ...resolved import Signature
from ...styles import StyleSheet
from .measure import text_width
from .paragraphs import add_paragraph, add_text, keep_last_paragraph_with_next, set_indents
from .styles import alignment, paragraph_style_id
from .units import twips


@dataclass(frozen=True)
class LinePlacement:
    """Alignment and indents of a 署名 or 成文日期 line, in points."""

    align: str
    left: float
    right: float


def place_lines(signature: str, date: str, style: StyleSheet) -> tuple[LinePlacement, LinePlacement]:
    """§7.3.5.2: the name right-indented 2 字 and the date starting `date_offset` right of the name's first
    character; when the date is longer than the name, the date takes the 2 字 right indent and the name
    moves left to match.

    Both lines are set flush right: where the viewer's digits are wider than estimated the date
    starts a little further left, but it never wraps.
    """
    name_role, date_role = style.role("signature"), style.role("date")
    name_width, date_width = text_width(signature, style, name_role), text_width(date, style, date_role)
    offset = style.body.date_offset.pt
    if date_width > name_width:
        date_right = date_role.right_indent.pt
        name_right = date_right + date_width + offset - name_width
    else:
        name_right = name_role.right_indent.pt
        date_right = name_right + name_width - offset - date_width
    return LinePlacement("right", 0.0, name_right), LinePlacement("right", 0.0, date_right)


def add_signature(document: Document, signature: Signature, style: StyleSheet, note_follows: bool) -> None:
    """署名 then 成文日期 on the next line; the one-line gap above the name is in the 署名 style.

    The closing block shares a page with the body's last line (§7.3.5.5: the 署名 never stands on a page
    of its own; lack of room is solved on the page, not by moving the signature on): the paragraph before
    it, the name and the date each keep with what follows, as the layout keeps those lines together.
    """
    keep_last_paragraph_with_next(document)
    if signature.name and signature.date:
        name, date = place_lines(signature.name, signature.date, style)
        keep_with_next(add_placed_line(document, "signature", signature.name, name, style))
        keep_with_next(add_placed_line(document, "date", signature.date, date, style), note_follows)
        return
    texts = [(role, text) for role, text in (("signature", signature.name), ("date", signature.date)) if text]
    for number, (role, text) in enumerate(texts):
        paragraph = add_paragraph(document, paragraph_style_id(role))
        add_text(paragraph, text)
        keep_with_next(paragraph, number + 1 < len(texts) or note_follows)


def keep_with_next(paragraph: Paragraph, keep: bool = True) -> None:
    """`<w:keepNext/>`: the paragraph's last line and the next paragraph share a page."""
    if keep:
        paragraph.paragraph_format.keep_with_next = True


def add_placed_line(document: Document, role_name: str, text: str, placement: LinePlacement,
                    style: StyleSheet) -> Paragraph:
    """A 署名 or 成文日期 paragraph in its role's style, aligned and indented as `placement` says."""
    role = style.role(role_name)
    paragraph = add_paragraph(document, paragraph_style_id(role_name))
    if text:
        add_text(paragraph, text)
    set_indents(paragraph.paragraph_format, twips(role.first_indent.pt), twips(placement.left), twips(placement.right),
                char_twips=twips(role.size.pt))
    paragraph.paragraph_format.alignment = alignment(placement.align)
    return paragraph

"""发文机关署名 and 成文日期 without a seal (§7.3.5.2): right indents that put the date 2 字 right of the name."""

from __future__ import annotations

from dataclasses import dataclass

from ...resolved import Signature
from ...styles import StyleSheet
from .measure import text_width
from .oxml import Element, paragraph_properties
from .paragraphs import Flow, add_text, keep_last_paragraph_with_next, keep_with_next, set_alignment, set_indents
from .styles import paragraph_style_id
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


def add_signature(flow: Flow, signature: Signature, style: StyleSheet, note_follows: bool) -> None:
    """署名 then 成文日期 on the next line; the one-line gap above the name is in the 署名 style.

    The closing block shares a page with the body's last line (§7.3.5.5: the 署名 never stands on a page
    of its own; lack of room is solved on the page, not by moving the signature on): the paragraph before
    it, the name and the date each keep with what follows, as the layout keeps those lines together.
    """
    keep_last_paragraph_with_next(flow)
    if signature.name and signature.date:
        name, date = place_lines(signature.name, signature.date, style)
        keep_with_next_when(add_placed_line(flow, "signature", signature.name, name, style))
        keep_with_next_when(add_placed_line(flow, "date", signature.date, date, style), note_follows)
        return
    texts = [(role, text) for role, text in (("signature", signature.name), ("date", signature.date)) if text]
    for number, (role, text) in enumerate(texts):
        paragraph = flow.paragraph(paragraph_style_id(style, role))
        add_text(paragraph, text, flow.faces)
        keep_with_next_when(paragraph, number + 1 < len(texts) or note_follows)


def keep_with_next_when(paragraph: Element, keep: bool = True) -> None:
    """`<w:keepNext/>` when `keep`: the paragraph's last line and the next paragraph share a page; else nothing."""
    if keep:
        keep_with_next(paragraph)


def add_placed_line(flow: Flow, role_name: str, text: str, placement: LinePlacement, style: StyleSheet) -> Element:
    """A 署名 or 成文日期 paragraph in its role's style, aligned and indented as `placement` says."""
    role = style.role(role_name)
    paragraph = flow.paragraph(paragraph_style_id(style, role_name))
    if text:
        add_text(paragraph, text, flow.faces)
    properties = paragraph_properties(paragraph)
    set_indents(properties, twips(role.first_indent.pt), twips(placement.left), twips(placement.right),
                char_twips=twips(role.size.pt))
    set_alignment(properties, placement.align)
    return paragraph

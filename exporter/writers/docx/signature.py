"""发文机关署名 and 成文日期 without a seal (§7.3.5.2): right indents that put the date 2 字 right of the name."""

from __future__ import annotations

from dataclasses import dataclass

from ...resolved import ResolvedMeta
from ...styles import StyleSheet
from .oxml import Element, indentation, justification, paragraph, text_run
from .measure import text_width
from .styles import first_line_chars, paragraph_style_id
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


def signature_paragraphs(meta: ResolvedMeta, style: StyleSheet) -> list[Element]:
    """署名 then 成文日期 on the next line; the one-line gap above the name is in the 署名 style."""
    if meta.signature and meta.date:
        name, date = place_lines(meta.signature, meta.date, style)
        return [_placed("signature", meta.signature, name, style), _placed("date", meta.date, date, style)]
    return [paragraph(paragraph_style_id(role), [text_run(text)])
            for role, text in (("signature", meta.signature), ("date", meta.date)) if text]


def _placed(role_name: str, text: str, placement: LinePlacement, style: StyleSheet) -> Element:
    role = style.role(role_name)
    indent = indentation(twips(role.first_indent.pt), twips(placement.left), twips(placement.right),
                         first_line_chars=first_line_chars(style, role, role.first_indent))
    return paragraph(paragraph_style_id(role_name), [text_run(text)], indent, justification(placement.align))

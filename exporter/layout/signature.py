"""署名 and 成文日期 §7.3.5: without a seal (§7.3.5.2) or under one (§7.3.5.1)."""

from __future__ import annotations

import math

from ..errors import Location
from ..resolved import Run, SealedSignature, Signature
from ..styles import TextRole
from .flow import EPSILON, SealPlacement, Slot, blank_slots, slots
from .setter import Setter


def set_signature(setter: Setter, signature: Signature) -> list[Slot]:
    """§7.3.5.2: one blank line below the body, the name right-indented 2 字, the date below it starting 2 字 right of the name."""
    style = setter.style
    name_role, date_role = style.role("signature"), style.role("date")
    name_right = setter.right - name_role.right_indent.pt
    date_right = setter.right - date_role.right_indent.pt
    name_x = date_x = 0.0
    if signature.name:
        name_x = name_right - setter.width_of(signature.name, name_role, "发文机关署名")
    if signature.date:
        date_width = setter.width_of(signature.date, date_role, "成文日期")
        date_x = name_x + style.body.date_offset.pt if signature.name else date_right - date_width
        if date_x + date_width > date_right + EPSILON:  # a longer date takes the indent; the name moves to match
            date_x = date_right - date_width
            name_x = date_x - style.body.date_offset.pt
    found = blank_slots(setter, style.body.signature_gap.pt, keep=True)
    if signature.name:
        found += _placed_line(setter, signature.name, name_role, "signature", name_x, signature.location)
    if signature.date:
        found += _placed_line(setter, signature.date, date_role, "date", date_x, signature.location)
    return found


def set_sealed_signature(setter: Setter, signature: SealedSignature, above_size: float) -> list[Slot]:
    """§7.3.5.1: date right-indented 4 字, name centred over it, the 印章 centred on the date and pressing on both.

    The name stands `name_line` grid lines below the last line above it (正文 or 附件说明), the date on
    the next line. The seal's top is `top_gap` below that last line's em box, the printed text's
    bottom, so the seal's centre falls just above the name's middle: name and date sit below the
    centre (居印章中心偏下). Without a 署名 its line stays blank, so the date and seal keep their places.
    `above_size` is the type size of the line above.
    """
    style = setter.style
    seal, pitch = style.seal, setter.pitch
    name_role, date_role = style.role("signature"), style.role("date")
    date_width = setter.width_of(signature.date, date_role, "成文日期")
    date_x = setter.right - seal.date_right_indent.pt - date_width
    centre = date_x + date_width / 2
    name_line = seal.name_line(pitch)
    found = [Slot(None, keep=True) for _ in range(name_line - 1)]
    if signature.name:
        name_width = setter.width_of(signature.name, name_role, "发文机关署名")
        # A name too wide to centre inside the text block stays flush with its right edge.
        name_x = max(setter.left, min(centre - name_width / 2, setter.right - name_width))
        found += _placed_line(setter, signature.name, name_role, "signature", name_x, signature.location)
    else:
        found.append(Slot(None, keep=True))
    date_slots = _placed_line(setter, signature.date, date_role, "date", date_x, signature.location)
    diameter = seal.diameter.pt
    # From the date's line top up to the em box bottom of the line `name_line` + 1 grid lines above, less the gap.
    rise = (name_line + 1) * pitch - above_size - seal.top_gap.pt
    hang = diameter - rise - pitch  # how far the seal reaches below the date's grid line
    rows_below = max(0, math.ceil(hang / pitch - EPSILON))
    date_slots[0].seal = SealPlacement(centre - diameter / 2, rise, diameter, signature.seal, rows_below)
    return found + date_slots


def _placed_line(setter: Setter, text: str, role: TextRole, kind: str, x: float, location: Location) -> list[Slot]:
    """A 署名 or 日期 line set from x, kept with what follows it."""
    lines, styles, _ = setter.set([Run(text, role.name)], role, "发文机关署名" if kind == "signature" else "成文日期",
                                  location, left=x, width=setter.right - x + role.right_indent.pt, first_indent=0.0, align="left")
    return slots(lines, styles, kind, kind, setter.drop(role), keep=True)

"""发文机关署名 and 成文日期 under a 印章 (§7.3.5.1): the date 4 字 from the right, the name centred over it, the seal over both."""

from __future__ import annotations

from ...cjk.scripts import is_cjk
from ...resolved import SealedSignature
from ...styles import StyleSheet
from .floating import FloatingPlacement, add_floating_picture
from .lines import line_height
from .measure import text_width
from .oxml import Element, paragraph_properties
from .paragraphs import Flow, add_text, keep_last_paragraph_with_next, keep_with_next, set_exact_spacing
from .signature import LinePlacement, add_placed_line, keep_with_next_when
from .units import emu, twips

SEAL_PICTURE_NAME = "印章"


def place_sealed_lines(signature: str | None, date: str, style: StyleSheet) -> tuple[LinePlacement, LinePlacement]:
    """§7.3.5.1: the date right-indented `seal.date_right_indent` (成文日期右空四字) and the name centred over it.

    Both lines are set flush right, like the unsealed ones, so neither wraps; the name's right indent
    puts its centre on the date's. A name wider than the date by more than twice that indent cannot be
    centred inside the text block: it stays flush with the right edge.
    """
    date_right = style.seal.date_right_indent.pt
    date_width = text_width(date, style, style.role("date"))
    name_width = text_width(signature, style, style.role("signature")) if signature else 0.0
    name_right = max(0.0, date_right + (date_width - name_width) / 2)
    return LinePlacement("right", 0.0, name_right), LinePlacement("right", 0.0, date_right)


def anchor_position(date: str, style: StyleSheet) -> int:
    """Where in the date the seal's anchor stands: between the characters that split the date into halves.

    The seal is placed from the anchor's place in the line, so it follows the date as the application
    sets it. Chinese characters keep the grid's width everywhere; the half-width digits are what
    applications set differently (another Latin face, space added between Chinese and Latin text),
    so the split balances them first, then the estimated widths. Then only the difference between
    the halves' deviations, not the whole date's, can move the seal off the date's centre.
    """
    role = style.role("date")
    half = text_width(date, style, role) / 2

    def imbalance(position: int) -> tuple[int, float]:
        before = sum(not is_cjk(char) for char in date[:position])
        after = sum(not is_cjk(char) for char in date[position:])
        return abs(before - after), abs(text_width(date[:position], style, role) - half)

    return min(range(1, max(2, len(date))), key=imbalance)


def seal_placement(date: str, position: int, style: StyleSheet) -> FloatingPlacement:
    """The seal's square centred across the date, its top `seal.top_gap` below the body's last line.

    Across, the offset runs from the anchor (before `date[position]`) to the seal's left edge.
    Down, it runs from the top of the date paragraph, which lies `name_line` grid lines below the
    bottom of the body's last line (the name on line `name_line`, the date on the next). The date
    has no space above it, so its paragraph's top is its line's top in every application; the
    name's paragraph would not do: LibreOffice counts the blank lines above the name into it.
    """
    seal, role = style.seal, style.role("date")
    pitch = style.grid.line_pitch.pt
    to_date_centre = text_width(date, style, role) / 2 - text_width(date[:position], style, role)
    date_top = (seal.name_line(pitch) - 1) * pitch + line_height(style.role("signature").size.pt, pitch)
    return FloatingPlacement(
        width=emu(seal.diameter.pt),
        height=emu(seal.diameter.pt),
        across=emu(to_date_centre - seal.diameter.pt / 2),
        across_from="character",
        down=emu(seal.top_gap.pt - date_top),
        down_from="paragraph",
        name=SEAL_PICTURE_NAME,
    )


def add_sealed_signature(flow: Flow, signature: SealedSignature, style: StyleSheet, note_follows: bool) -> None:
    """署名 on grid line `name_line` below the body (or 附件说明), 成文日期 on the next, the seal anchored in the date.

    The body's last paragraph keeps with the name and the name with the date, so the last line of text,
    the seal, the name and the date stand on one page (§7.3.5.5); the date keeps with the 附注 after it.
    """
    name_placement, date_placement = place_sealed_lines(signature.name, signature.date, style)
    keep_last_paragraph_with_next(flow)
    # Without a 署名 its paragraph stays, empty, so the date (the seal's anchor) keeps no space above it.
    name = add_placed_line(flow, "signature", signature.name or "", name_placement, style)
    _space_before(name, style, "signature", style.seal.name_line(style.grid.line_pitch.pt) - 1)
    keep_with_next(name)
    position = anchor_position(signature.date, style)
    date = add_placed_line(flow, "date", signature.date[:position], date_placement, style)
    add_floating_picture(flow.document, date, signature.seal.data, seal_placement(signature.date, position, style))
    add_text(date, signature.date[position:], flow.faces)
    keep_with_next_when(date, note_follows)


def _space_before(paragraph: Element, style: StyleSheet, role_name: str, lines: int) -> None:
    """`<w:spacing w:before="1158" w:after="0" w:line="579" w:lineRule="exact"/>`: whole grid lines left blank above."""
    pitch = style.grid.line_pitch.pt
    set_exact_spacing(paragraph_properties(paragraph), twips(line_height(style.role(role_name).size.pt, pitch)),
                      twips(lines * pitch))

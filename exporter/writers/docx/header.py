"""版头 (§7.2): 份号, 密级, 紧急程度, the red 发文机关标志, 发文字号 with 签发人, and the red rule."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...errors import StyleError, error
from ...resolved import VersionHead
from ...styles import StyleSheet
from .lines import blank_lines, em_bottom_above_line_bottom, em_top_below_line_top, grid_line_below, line_height, text_block_lift
from .measure import text_width
from .oxml import paragraph_properties, set_bottom_rule
from .paragraphs import Flow, add_right_tab_stop, add_tab, add_text, set_alignment, set_exact_spacing, set_indents
from .styles import character_style_id, paragraph_style_id
from .units import eighths, twips

STACKED_ELEMENTS = ("copy_number", "secrecy", "urgency")  # §7.2.1–7.2.3: flush left, one a line, from line 1
SIGNER_SEPARATOR = "\u3000"  # one full-width space between the names of several 签发人


@dataclass(frozen=True)
class HeaderGrid:
    """Where the 版头 puts things, in points down from the top of the page's first line box (the margin).

    The layout stage places the 发文字号 and the title on grid lines it derives from the mark's and the
    rule's positions; the same rule is applied here, so the DOCX's lines stand where the PDF's do.
    """

    stacked: int  # 份号, 密级, 紧急程度 lines above the mark
    mark_top: float  # top of the mark's first line box
    mark_lines: int
    number_row: int  # grid line of the 发文字号
    title_row: int  # grid line of the title's first line

    def mark_bottom(self, pitch: float, mark_size: float) -> float:
        return self.mark_top + self.mark_lines * line_height(mark_size, pitch)


def header_grid(meta: VersionHead, style: StyleSheet) -> HeaderGrid:
    """The 版头's rows: the mark `mark_offset` below the text block, the number and title on the layout's grid lines."""
    header, pitch = style.header, style.grid.line_pitch.pt
    stacked = sum(1 for text in (meta.copy_number, meta.secrecy, meta.urgency) if text)
    mark_size = style.role("issuer_mark").size.pt
    mark_line = line_height(mark_size, pitch)
    lift = text_block_lift(pitch, style.role("body").size.pt)
    mark_lines = max(1, math.ceil(text_width(meta.mark, style, style.role("issuer_mark"))
                                  / style.page.text_width.pt - 1e-6))
    mark_top = lift + header.mark_offset.pt - em_top_below_line_top(mark_line, mark_size)
    # The layout's rows, measured from the text block's top (the first line's characters).
    mark_bottom = header.mark_offset.pt + (mark_lines - 1) * max(pitch, mark_size) + mark_size
    number_row = grid_line_below(mark_bottom, pitch) + blank_lines(header.number_gap.pt, pitch)
    rule = number_row * pitch + style.role("doc_number").size.pt + header.rule_gap.pt
    title_row = grid_line_below(rule, pitch) + blank_lines(header.title_gap.pt, pitch)
    return HeaderGrid(stacked, mark_top, mark_lines, number_row, title_row)


def title_space_before(meta: VersionHead, style: StyleSheet) -> float:
    """Space between the 发文字号 paragraph (its red rule included) and the title, so the title's first line
    stands on the layout's grid line `title_gap` below the rule (§7.3.1)."""
    pitch = style.grid.line_pitch.pt
    grid = header_grid(meta, style)
    number_bottom = grid.number_row * pitch + line_height(style.role("doc_number").size.pt, pitch)
    return max(0.0, grid.title_row * pitch - number_bottom - _rule_extent(meta, style))


def add_header(flow: Flow, meta: VersionHead, style: StyleSheet) -> None:
    """The 版头 paragraphs, ending with the 发文字号 line that carries the red rule below it."""
    for role, text in zip(STACKED_ELEMENTS, (meta.copy_number, meta.secrecy, meta.urgency)):
        if text:
            add_text(flow.paragraph(paragraph_style_id(style, role)), text, flow.faces)
    grid = header_grid(meta, style)
    _add_issuer_mark(flow, meta.mark, style, grid)
    _add_doc_number_line(flow, meta, style, grid)


def _add_issuer_mark(flow: Flow, mark: str, style: StyleSheet, grid: HeaderGrid) -> None:
    """发文机关标志, its characters' top `mark_offset` below the top of the text block (§7.2.4).

    `<w:spacing w:before="…" w:line="579" w:lineRule="exact"/>`: the space before is the offset less
    the lines above and the gap between the line's top and the characters' top.
    """
    size = style.role("issuer_mark").size.pt
    pitch = style.grid.line_pitch.pt
    line = line_height(size, pitch)
    before = grid.mark_top - grid.stacked * pitch
    if before < 0:
        raise StyleError(error("S041", "份号、密级和紧急程度占去的行数超过了发文机关标志距版心上边缘的距离",
                               hint="增大 header.mark_offset。"))
    paragraph = flow.paragraph(paragraph_style_id(style, "issuer_mark"))
    add_text(paragraph, mark, flow.faces)
    set_exact_spacing(paragraph_properties(paragraph), twips(line), before_twips=twips(before))


def _add_doc_number_line(flow: Flow, meta: VersionHead, style: StyleSheet, grid: HeaderGrid) -> None:
    """发文字号 on the grid line `number_gap` below the mark, with the red rule `rule_gap` below its characters.

    A 上行文 (with 签发人) sets the number flush left `number_indent` in and "签发人：姓名" flush right
    `number_indent` from the edge, on one line (§7.2.5, §7.2.6); otherwise the number is centred.
    The rule (§7.2.7) is the paragraph's bottom border, which spans the text block's full width:
    `<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="7" w:color="E60000"/></w:pBdr>`.
    """
    header = style.header
    pitch = style.grid.line_pitch.pt
    size = style.role("doc_number").size.pt
    line = line_height(size, pitch)
    paragraph = flow.paragraph(paragraph_style_id(style, "doc_number"))
    if meta.doc_number:
        add_text(paragraph, meta.doc_number, flow.faces)
    properties = paragraph_properties(paragraph)
    set_bottom_rule(properties, eighths(header.rule_width.pt), header.rule_color, _rule_space(style))
    before = grid.number_row * pitch - grid.mark_bottom(pitch, style.role("issuer_mark").size.pt)
    set_exact_spacing(properties, twips(line), before_twips=twips(max(0.0, before)))
    if not meta.signers:
        return
    inset = twips(header.number_indent.pt)
    add_tab(paragraph)
    add_text(paragraph, meta.signer_label or "", flow.faces, character_style_id(style, "signer_label"))
    add_text(paragraph, SIGNER_SEPARATOR.join(meta.signers), flow.faces, character_style_id(style, "signer_name"))
    add_right_tab_stop(properties, twips(style.page.text_width.pt) - inset)
    set_alignment(properties, "left")
    set_indents(properties, inset, 0, 0, char_twips=twips(size))


def _rule_space(style: StyleSheet) -> int:
    """w:space of the red rule: whole points between the number's line and the rule, so the rule lies `rule_gap`
    below the number's characters (§7.2.7)."""
    size = style.role("doc_number").size.pt
    line = line_height(size, style.grid.line_pitch.pt)
    return max(0, round(style.header.rule_gap.pt - em_bottom_above_line_bottom(line, size)))


def _rule_extent(meta: VersionHead, style: StyleSheet) -> float:
    """What the red rule adds below the 发文字号 paragraph: its space and its width (Word and LibreOffice alike)."""
    return _rule_space(style) + eighths(style.header.rule_width.pt) / 8

"""版头 (§7.2): 份号, 密级, 紧急程度, the red 发文机关标志, 发文字号 with 签发人, and the red rule."""

from __future__ import annotations

from ...errors import StyleError, error
from ...resolved import ResolvedMeta
from ...styles import StyleSheet
from .lines import em_bottom_above_line_bottom, em_top_below_line_top, line_height
from .oxml import (
    Element,
    border,
    element,
    exact_line_spacing,
    indentation,
    justification,
    paragraph,
    tab_run,
    tab_stops,
    text_run,
)
from .styles import character_style_id, first_line_chars, paragraph_style_id
from .units import eighths, twips

STACKED_ELEMENTS = ("copy_number", "secrecy", "urgency")  # §7.2.1–7.2.3: flush left, one a line, from line 1
SIGNER_SEPARATOR = "\u3000"  # one full-width space between the names of several 签发人


def has_header(meta: ResolvedMeta, style: StyleSheet) -> bool:
    """Whether the document opens with a 版头."""
    return meta.has_header and style.header.enabled and bool(meta.issuer_mark)


def header_paragraphs(meta: ResolvedMeta, style: StyleSheet) -> list[Element]:
    """The 版头 paragraphs, ending with the 发文字号 line that carries the red rule below it."""
    pitch = style.grid.line_pitch.pt
    paragraphs = []
    for role in STACKED_ELEMENTS:
        text = getattr(meta, role)
        if text:
            paragraphs.append(paragraph(paragraph_style_id(role), [text_run(text)]))
    paragraphs.append(_issuer_mark(meta.issuer_mark or "", style, lines_above=len(paragraphs) * pitch))
    paragraphs.append(_doc_number_line(meta, style))
    return paragraphs


def _issuer_mark(mark: str, style: StyleSheet, lines_above: float) -> Element:
    """发文机关标志, its characters' top `mark_offset` below the top of the text block (§7.2.4).

    `<w:spacing w:before="…" w:line="579" w:lineRule="exact"/>`: the space before is the offset less
    the lines above and the gap between the line's top and the characters' top.
    """
    size = style.role("issuer_mark").size.pt
    line = line_height(size, style.grid.line_pitch.pt)
    before = style.header.mark_offset.pt - lines_above - em_top_below_line_top(line, size)
    if before < 0:
        raise StyleError(error("S041", "份号、密级和紧急程度占去的行数超过了发文机关标志距版心上边缘的距离",
                               hint="增大 header.mark_offset。"))
    return paragraph(paragraph_style_id("issuer_mark"), [text_run(mark)],
                     exact_line_spacing(twips(line), before_twips=twips(before)))


def _doc_number_line(meta: ResolvedMeta, style: StyleSheet) -> Element:
    """发文字号 `number_gap` below the mark, with the red rule `rule_gap` below its characters.

    A 上行文 (with 签发人) sets the number flush left `number_indent` in and "签发人：姓名" flush right
    `number_indent` from the edge, on one line (§7.2.5, §7.2.6); otherwise the number is centred.
    The rule (§7.2.7) is the paragraph's bottom border, which spans the text block's full width:
    `<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="7" w:color="E60000"/></w:pBdr>`.
    """
    header = style.header
    size = style.role("doc_number").size.pt
    line = line_height(size, style.grid.line_pitch.pt)
    space = round(header.rule_gap.pt - em_bottom_above_line_bottom(line, size))
    rule = element("pBdr", None, border("bottom", eighths(header.rule_width.pt), header.rule_color, max(0, space)))
    spacing = exact_line_spacing(twips(line), before_twips=twips(header.number_gap.pt))
    runs = [text_run(meta.doc_number)] if meta.doc_number else []
    if not meta.signers:
        return paragraph(paragraph_style_id("doc_number"), runs, rule, spacing)
    inset = twips(header.number_indent.pt)
    indent_chars = first_line_chars(style, style.role("doc_number"), header.number_indent)
    runs.append(tab_run())
    runs.append(text_run(meta.signer_label or "", character_style_id("signer_label")))
    runs.append(text_run(SIGNER_SEPARATOR.join(meta.signers), character_style_id("signer_name")))
    return paragraph(
        paragraph_style_id("doc_number"), runs, rule, spacing,
        tab_stops(("right", twips(style.page.text_width.pt) - inset)),
        justification("left"), indentation(inset, 0, 0, first_line_chars=indent_chars),
    )

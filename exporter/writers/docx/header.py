"""版头 (§7.2): 份号, 密级, 紧急程度, the red 发文机关标志, 发文字号 with 签发人, and the red rule."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Twips

from ...errors import StyleError, error
from ...resolved import VersionHead
from ...styles import StyleSheet
from .lines import em_bottom_above_line_bottom, em_top_below_line_top, line_height
from .oxml import set_bottom_rule
from .paragraphs import add_paragraph, add_text, set_exact_spacing, set_indents
from .styles import alignment, character_style_id, first_line_chars, paragraph_style_id
from .units import eighths, twips

STACKED_ELEMENTS = ("copy_number", "secrecy", "urgency")  # §7.2.1–7.2.3: flush left, one a line, from line 1
SIGNER_SEPARATOR = "\u3000"  # one full-width space between the names of several 签发人


def add_header(document: Document, head: VersionHead, style: StyleSheet) -> None:
    """The 版头 paragraphs, ending with the 发文字号 line that carries the red rule below it."""
    stacked = 0
    for role, text in zip(STACKED_ELEMENTS, (head.copy_number, head.secrecy, head.urgency)):
        if text:
            add_text(add_paragraph(document, paragraph_style_id(role)), text)
            stacked += 1
    _add_issuer_mark(document, head.mark, style, lines_above=stacked * style.grid.line_pitch.pt)
    _add_doc_number_line(document, head, style)


def _add_issuer_mark(document: Document, mark: str, style: StyleSheet, lines_above: float) -> None:
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
    paragraph = add_paragraph(document, paragraph_style_id("issuer_mark"))
    add_text(paragraph, mark)
    set_exact_spacing(paragraph.paragraph_format, twips(line), before_twips=twips(before))


def _add_doc_number_line(document: Document, meta: VersionHead, style: StyleSheet) -> None:
    """发文字号 `number_gap` below the mark, with the red rule `rule_gap` below its characters.

    A 上行文 (with 签发人) sets the number flush left `number_indent` in and "签发人：姓名" flush right
    `number_indent` from the edge, on one line (§7.2.5, §7.2.6); otherwise the number is centred.
    The rule (§7.2.7) is the paragraph's bottom border, which spans the text block's full width:
    `<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="7" w:color="E60000"/></w:pBdr>`.
    """
    header = style.header
    size = style.role("doc_number").size.pt
    line = line_height(size, style.grid.line_pitch.pt)
    paragraph = add_paragraph(document, paragraph_style_id("doc_number"))
    if meta.doc_number:
        add_text(paragraph, meta.doc_number)
    space = round(header.rule_gap.pt - em_bottom_above_line_bottom(line, size))
    set_bottom_rule(paragraph._p.get_or_add_pPr(), eighths(header.rule_width.pt), header.rule_color, max(0, space))
    paragraph_format = paragraph.paragraph_format
    set_exact_spacing(paragraph_format, twips(line), before_twips=twips(header.number_gap.pt))
    if not meta.signers:
        return
    inset = twips(header.number_indent.pt)
    paragraph.add_run().add_tab()
    add_text(paragraph, meta.signer_label or "", character_style_id("signer_label"))
    add_text(paragraph, SIGNER_SEPARATOR.join(meta.signers), character_style_id("signer_name"))
    paragraph_format.tab_stops.add_tab_stop(Twips(twips(style.page.text_width.pt) - inset), WD_TAB_ALIGNMENT.RIGHT)
    paragraph_format.alignment = alignment("left")
    set_indents(paragraph_format, inset, 0, 0,
                first_line_chars=first_line_chars(style, style.role("doc_number"), header.number_indent))

"""附件 (§7.3.7): each on a new page, "附件N" flush left on line 1, its title centred on line 3, then its body."""

from __future__ import annotations

from docx.document import Document

from ...resolved import Attachment, Title
from ...styles import StyleSheet
from .body import add_blocks, add_title_lines
from .lines import line_height
from .paragraphs import add_paragraph, add_text, set_exact_spacing
from .styles import paragraph_style_id
from .units import twips


def add_attachment(document: Document, attachment: Attachment, style: StyleSheet) -> None:
    """`<w:pageBreakBefore/>` on the label paragraph; the title `title_gap` below it, the body `body_gap` below that."""
    label = add_paragraph(document, paragraph_style_id("attachment_label"))
    if attachment.doc_number:  # a detached attachment carries the 发文字号 before its label
        add_text(label, attachment.doc_number)
    add_text(label, attachment.label)
    label.paragraph_format.page_break_before = True
    label.paragraph_format.keep_with_next = True
    title = add_title_lines(document, Title(attachment.title_lines))
    pitch = style.grid.line_pitch.pt
    set_exact_spacing(title.paragraph_format, twips(line_height(style.role("title").size.pt, pitch)),
                      before_twips=twips(style.attachment.title_gap.pt),
                      after_twips=twips(style.attachment.body_gap.pt))
    title.paragraph_format.keep_with_next = True
    add_blocks(document, attachment.blocks, style)

"""附件 (§7.3.7): each on a new page, "附件N" flush left on line 1, its title centred on line 3, then its body."""

from __future__ import annotations

from docx.document import Document

from typing import Mapping

from ...resolved import Attachment, Table, Title
from ...styles import StyleSheet
from .body import add_blocks, add_title_lines, space_title
from .paragraphs import add_paragraph, add_text
from .styles import paragraph_style_id


def add_attachment(document: Document, attachment: Attachment, style: StyleSheet,
                   table_rows: Mapping[Table, tuple[int, ...]]) -> None:
    """`<w:pageBreakBefore/>` on the label paragraph; the title `title_gap` below it, the body `body_gap` below that."""
    label = add_paragraph(document, paragraph_style_id("attachment_label"))
    if attachment.doc_number:  # a detached attachment carries the 发文字号 before its label
        add_text(label, attachment.doc_number)
    add_text(label, attachment.label)
    label.paragraph_format.page_break_before = True
    label.paragraph_format.keep_with_next = True
    title = add_title_lines(document, Title(attachment.title_lines))
    space_title(title, style, style.attachment.title_gap.pt, style.attachment.body_gap.pt)
    title.paragraph_format.keep_with_next = True
    add_blocks(document, attachment.blocks, style, table_rows)
